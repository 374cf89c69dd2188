"""`chrono db …`: the database's schema."""

from __future__ import annotations

import click

from chrono.store import db, migrate


@click.group("db")
def db_group():
    """Database schema: upgrade, downgrade, status."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
def upgrade(revision):
    """Migrate the database to REVISION (default: the newest)."""
    dsn = _dsn()
    migrate.upgrade(dsn, revision)
    with db.connect(dsn) as conn:
        db.check_trigrams(conn)
    current, _ = migrate.heads(dsn)
    click.echo(f"database at revision {', '.join(sorted(current)) or 'base'}")


@db_group.command("downgrade")
@click.argument("revision")
def downgrade(revision):
    """Migrate the database back to REVISION (`base` removes everything)."""
    dsn = _dsn()
    migrate.downgrade(dsn, revision)
    current, _ = migrate.heads(dsn)
    click.echo(f"database at revision {', '.join(sorted(current)) or 'base'}")


@db_group.command("status")
def status():
    """Show where the database is and whether its schema is current."""
    dsn = _dsn()
    current, head = migrate.heads(dsn)
    click.echo(f"database: {_redacted(dsn)}")
    click.echo(f"revision: {', '.join(sorted(current)) or 'base'} (head {', '.join(sorted(head))})")
    if current != head:
        raise SystemExit("the schema is not current: run `chrono db upgrade`")


def _dsn() -> str:
    try:
        return db.url()
    except db.DatabaseError as exc:
        raise click.ClickException(str(exc)) from exc


def _redacted(dsn: str) -> str:
    from psycopg import conninfo

    params = conninfo.conninfo_to_dict(dsn)
    if params.get("password"):
        params["password"] = "***"
    return conninfo.make_conninfo(**params)
