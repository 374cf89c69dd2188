"""The `chrono` command line."""

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="chrono")
def main():
    """chrono: timelines from Arabic and English news."""


from chrono.store.command import db_group as _db  # noqa: E402
from chrono.web.command import serve as _serve  # noqa: E402

main.add_command(_db)
main.add_command(_serve)

# Subcommands register themselves below, one line each.
from chrono.resolve.command import resolve as _resolve; main.add_command(_resolve)  # noqa: E402
from chrono.places.command import places as _places; main.add_command(_places)  # noqa: E402
from chrono.ingest.command import ingest as _ingest, reprocess as _rep; main.add_command(_ingest); main.add_command(_rep)  # noqa: E402,E702
from chrono.merge.command import merge as _merge; main.add_command(_merge)  # noqa: E402,E702
