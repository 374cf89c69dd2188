"""Core schema: sources, articles, mentions, regions, events, ingest runs."""

from chrono.store.migrate import run_sql_file

revision = "0001"
down_revision = None


def upgrade():
    run_sql_file("0001_core.sql")


def downgrade():
    run_sql_file("0001_core.down.sql")
