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
