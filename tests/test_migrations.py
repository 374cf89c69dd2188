"""The schema migrates up, all the way down, and up again on a real PostgreSQL."""

import uuid

import psycopg

from chrono.store import db, migrate

TABLES = {"sources", "articles", "mentions", "regions", "region_members", "events", "event_regions",
          "event_reports", "ingest_runs"}


def tables(dsn):
    with psycopg.connect(dsn) as conn:
        rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
    return {r[0] for r in rows} - {"alembic_version"}


def extensions(dsn):
    with psycopg.connect(dsn) as conn:
        return {r[0] for r in conn.execute("SELECT extname FROM pg_extension")}


def test_upgrade_downgrade_upgrade(make_database):
    dsn = make_database()
    migrate.upgrade(dsn)
    assert TABLES <= tables(dsn)
    assert {"pg_trgm", "btree_gist"} <= extensions(dsn)
    assert migrate.is_current(dsn)

    migrate.downgrade(dsn, "base")
    assert tables(dsn) == set()
    assert not ({"pg_trgm", "btree_gist"} & extensions(dsn))
    assert not migrate.is_current(dsn)

    migrate.upgrade(dsn)
    assert TABLES <= tables(dsn)
    assert migrate.is_current(dsn)


def test_arabic_trigrams(database_url):
    with psycopg.connect(database_url) as conn:
        db.check_trigrams(conn)
        ctype = conn.execute("SELECT datctype FROM pg_database WHERE datname = current_database()").fetchone()[0]
    assert ctype == "C.UTF-8"


def test_trigram_check_fails_clearly_under_ctype_c(pg_server):
    name = f"chrono_test_ctype_c_{uuid.uuid4().hex[:8]}"
    db.drop_database(pg_server, name)
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0")
    try:
        with psycopg.connect(db.with_dbname(pg_server, name), autocommit=True) as conn:
            conn.execute("CREATE EXTENSION pg_trgm")
            try:
                db.check_trigrams(conn)
            except db.DatabaseError as exc:
                assert "LC_CTYPE" in str(exc)
            else:
                raise AssertionError("check_trigrams accepted a database that finds no Arabic trigrams")
    finally:
        db.drop_database(pg_server, name)


def test_named_queries_parse():
    from chrono.store import queries

    parsed = queries.parse("-- name: one\nSELECT 1;\n-- name: two\nSELECT 2\n")
    assert parsed == {"one": "SELECT 1", "two": "SELECT 2"}
    for name, body in queries.all_queries().items():
        assert body.strip(), name
