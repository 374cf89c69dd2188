"""merge_queue: articles whose events wait to be clustered."""

from chrono.store.migrate import run_sql_file

revision = "0003"
down_revision = "0002"


def upgrade():
    run_sql_file("0003_merge_queue.sql")


def downgrade():
    run_sql_file("0003_merge_queue.down.sql")
