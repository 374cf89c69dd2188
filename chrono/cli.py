"""The `chrono` command line.

Subcommands are imported when they are used, so `chrono resolve` does not pay for Flask and Alembic.
"""

from __future__ import annotations

import importlib

import click

COMMANDS = {
    "db": "chrono.store.command:db_group",
    "serve": "chrono.web.command:serve",
    "resolve": "chrono.resolve.command:resolve",
    "places": "chrono.places.command:places",
    "ingest": "chrono.ingest.command:ingest",
    "reprocess": "chrono.ingest.command:reprocess",
    "merge": "chrono.merge.command:merge",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="chrono")
def main():
    """chrono: timelines from Arabic and English news."""
