"""${message}"""

from chrono.store.migrate import run_sql_file

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}


def upgrade():
    run_sql_file("${up_revision}_CHANGE_ME.sql")


def downgrade():
    run_sql_file("${up_revision}_CHANGE_ME.down.sql")
