"""Schema migrations: Alembic revisions, each running one file from `sql/migrations/`."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from chrono.store import db
from chrono.store.paths import project_root


def config(dsn: str) -> Config:
    root = project_root()
    cfg = Config(str(root / "alembic.ini"))
    cfg.set_main_option("script_location", str(root / "alembic"))
    # Alembic's ini interpolation treats '%' specially.
    cfg.set_main_option("sqlalchemy.url", db.sqlalchemy_url(dsn).replace("%", "%%"))
    return cfg


def run_sql_file(name: str) -> None:
    """Run one migration file through the driver connection (op.execute would mangle ':word' and '%')."""
    from alembic import op

    sql = (project_root() / "sql" / "migrations" / name).read_text(encoding="utf-8")
    op.get_bind().connection.driver_connection.execute(sql)


def upgrade(dsn: str, revision: str = "head") -> None:
    command.upgrade(config(dsn), revision)


def downgrade(dsn: str, revision: str = "base") -> None:
    command.downgrade(config(dsn), revision)


def heads(dsn: str) -> tuple[set[str], set[str]]:
    """(revisions the database is at, head revisions of the scripts)."""
    cfg = config(dsn)
    script = ScriptDirectory.from_config(cfg)
    with db.connect(dsn) as conn:
        row = conn.execute(
            "SELECT to_regclass('alembic_version') IS NOT NULL"
        ).fetchone()
        current = {r[0] for r in conn.execute("SELECT version_num FROM alembic_version")} if row[0] else set()
    return current, set(script.get_heads())


def is_current(dsn: str) -> bool:
    current, head = heads(dsn)
    return current == head
