"""The read side: per-region event counts and a data version, both kept by triggers."""

from chrono.store.migrate import run_sql_file

revision = "0002"
down_revision = "0001"


def upgrade():
    run_sql_file("0002_read_side.sql")


def downgrade():
    run_sql_file("0002_read_side.down.sql")
