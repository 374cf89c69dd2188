"""Test fixtures: real PostgreSQL databases, fresh for each test session.

The server is the one `DATABASE_URL` points at when it is set (CI: the machine's PostgreSQL 15),
else the embedded PostgreSQL 18 in CHRONO_DATA_DIR. Each session creates its own databases and
drops them at the end, so sessions can run side by side.
"""

from __future__ import annotations

import itertools
import os
import uuid
from pathlib import Path

import psycopg
import pytest

from chrono.store import db, migrate

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

_session_tag = uuid.uuid4().hex[:8]
_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_server() -> str:
    """Connection string of the server's maintenance database."""
    return db.server_url()


@pytest.fixture(scope="session")
def make_database(pg_server):
    """Factory: a new, empty database (UTF-8, C.UTF-8 ctype) dropped at the end of the session."""
    created = []

    def make() -> str:
        name = f"chrono_test_{_session_tag}_{next(_counter)}"
        db.create_database(pg_server, name)
        created.append(name)
        return db.with_dbname(pg_server, name)

    yield make
    for name in created:
        db.drop_database(pg_server, name)


@pytest.fixture(scope="session")
def database_url(make_database) -> str:
    """A migrated database shared by the session; DATABASE_URL points at it while tests run."""
    dsn = make_database()
    migrate.upgrade(dsn)
    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = dsn
    yield dsn
    if previous is None:
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = previous


DATA_TABLES = ("entries", "http_cache", "ingest_runs", "event_reports", "event_regions", "events", "mentions", "articles", "sources")


@pytest.fixture
def conn(database_url):
    """A connection to the session's database with the article and event tables emptied first
    (regions stay: loading the gazetteer is slow)."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(f"TRUNCATE {', '.join(DATA_TABLES)} RESTART IDENTITY CASCADE")
        yield connection


@pytest.fixture(scope="session")
def regions(database_url):
    """The session's database with the whole gazetteer loaded (once; the loader is idempotent)."""
    from chrono.places.load import load

    with psycopg.connect(database_url, autocommit=True) as connection:
        if connection.execute("SELECT count(*) FROM regions WHERE level = 'place'").fetchone()[0] == 0:
            load(connection)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"the shared material is missing: expected it at {SHARED}")
    return SHARED
