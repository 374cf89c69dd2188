"""Latency and throughput of the timeline API and the region page with 1,000,000 events.

    .venv/bin/python bench/api.py                     # build the data once, then measure
    .venv/bin/python bench/api.py --events 200000     # a smaller run
    .venv/bin/python bench/api.py --keep              # keep the database (chrono_bench_api) for a rerun
    .venv/bin/python bench/api.py --reuse             # measure again on the kept database

It creates a database on DATABASE_URL's server (else the embedded PostgreSQL), loads the real
gazetteer, writes N synthetic events spread over every Syrian place (so every governorate) and 15
years (2010–2024) with a seeded generator — 80% single days, 10% nights over two days, 5% months,
5% years, each reported by one of 100,000 synthetic articles from one of 20 sources — places each in
event_regions with all its ancestors, as ingest does, and ANALYZEs. Then it serves chrono with
gunicorn (2 workers × 4 threads) on 127.0.0.1 and sends requests from 4 client threads with
keep-alive connections:

    plain     /timeline?region=hasakah                       (page of 50)
    window    /timeline?region=hasakah&from=M-01&to=M-end    (a random month)
    search    /timeline?region=hasakah&q=WORD                (a random word of the generator)
    page      /regions/hasakah  (Accept: text/html)          (the timeline page, 50 events)

and prints p50/p99 latency and requests per second for each, with EXPLAIN ANALYZE of the
timeline queries and of event_details (a page is these two round trips).

The client runs on the same cores as the server and the database, and so may other work: wall-clock
figures then say more about the machine's load than about chrono. So the bench also reads the CPU
time each scenario cost (from /proc, on Linux): the gunicorn workers, their PostgreSQL backends
(when the database runs on this machine) and the client, per request; `capacity` is the request rate
those costs allow on the machine's cores if nothing else ran: cores × 1000 / (server + client CPU ms).

    .venv/bin/python bench/api.py --reuse --only plain,page   # some scenarios only
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from chrono.store import db, migrate  # noqa: E402

DB_NAME = "chrono_bench_api"
WORDS = ["قصف", "اشتباكات", "دورية", "انفجار", "غارة", "اعتقال", "مظاهرة", "قوات", "الجيش", "مدنيين",
         "إنزال", "حريق", "لغم", "طائرة", "مسيرة", "حاجز", "نازحين", "مساعدات", "سيارة", "مفخخة",
         "اغتيال", "هجوم", "صاروخ", "قذيفة", "عبوة", "ناسفة", "اتفاق", "تسوية", "معبر", "سجن"]

BUILD = """
SELECT setseed(0.4242);
CREATE TEMP TABLE bench_places AS
    SELECT row_number() OVER (ORDER BY pcode) AS n, pcode, path, name_ar
    FROM regions WHERE level = 'place' AND path[1] = 'SY' AND array_length(path, 1) = 5;
INSERT INTO sources (name, kind) SELECT 'bench source ' || g, 'jsonl' FROM generate_series(1, 20) g;
INSERT INTO articles (source_id, url, content_hash, raw, body, lang, published_at, published_from, status)
    SELECT (SELECT min(id) FROM sources) + g % 20, 'bench://article/' || g, md5(g::text), 'synthetic', 'synthetic',
           'ar', timestamptz '2010-01-01 00:00+03' + g * interval '80 minutes', 'record', 'processed'
    FROM generate_series(1, 100000) g;
CREATE TEMP TABLE bench_src AS
    SELECT g, date '2010-01-01' + (random() * 5478)::int AS d, 1 + (random() * ((SELECT count(*) FROM bench_places) - 1))::int AS pn,
           random() AS kind, 1 + (random() * 29)::int AS w1, 1 + (random() * 29)::int AS w2
    FROM generate_series(1, %(n)s) g;
INSERT INTO events (id, days, grain, value, text, text_norm, lang, admin1) OVERRIDING SYSTEM VALUE
    SELECT s.g,
           CASE WHEN s.kind < 0.80 THEN daterange(s.d, s.d, '[]')
                WHEN s.kind < 0.90 THEN daterange(s.d, s.d + 1, '[]')
                WHEN s.kind < 0.95 THEN daterange(date_trunc('month', s.d)::date, (date_trunc('month', s.d) + interval '1 month - 1 day')::date, '[]')
                ELSE daterange(date_trunc('year', s.d)::date, (date_trunc('year', s.d) + interval '1 year - 1 day')::date, '[]') END,
           CASE WHEN s.kind < 0.80 THEN 'day' WHEN s.kind < 0.90 THEN 'part_of_day' WHEN s.kind < 0.95 THEN 'month' ELSE 'year' END,
           CASE WHEN s.kind < 0.80 THEN s.d::text WHEN s.kind < 0.90 THEN s.d::text || 'TNI'
                WHEN s.kind < 0.95 THEN to_char(s.d, 'YYYY-MM') ELSE to_char(s.d, 'YYYY') END,
           t.text, translate(t.text, 'أإآةى', 'اااهي'), 'ar', p.path[2]
    FROM bench_src s JOIN bench_places p ON p.n = s.pn
    CROSS JOIN LATERAL (SELECT (%(words)s::text[])[s.w1] || ' ' || (%(words)s::text[])[s.w2] || ' قرب ' || coalesce(p.name_ar, p.pcode) AS text) t;
INSERT INTO event_regions (event_id, pcode, days, direct)
    SELECT e.id, a.pcode, e.days, a.pcode = p.pcode
    FROM bench_src s JOIN bench_places p ON p.n = s.pn JOIN events e ON e.id = s.g
    CROSS JOIN LATERAL unnest(p.path) AS a(pcode);
INSERT INTO event_reports (event_id, article_id, sentence)
    SELECT s.g, (SELECT min(id) FROM articles) + s.g % 100000, 'synthetic sentence ' || s.g FROM bench_src s;
SELECT setval(pg_get_serial_sequence('events', 'id'), %(n)s);
"""

TABLES = ("events", "event_regions", "event_reports", "articles")


def build(dsn: str, n: int) -> None:
    from chrono.places.load import load

    with psycopg.connect(dsn, autocommit=True) as conn:
        load(conn)
        conn.execute("SET maintenance_work_mem = '256MB'")
        # Bulk load without the secondary indexes, then build them once (as a restore would).
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = indexname)",
            (list(TABLES),)).fetchall()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        started = time.perf_counter()
        with conn.transaction():
            # triggers off while loading (as a restore would); the counts they keep are taken once after
            conn.execute("SET LOCAL session_replication_role = replica")
            for statement in filter(None, (s.strip() for s in BUILD.split(";\n"))):
                names = {k: v for k, v in {"n": n, "words": WORDS}.items() if f"%({k})s" in statement}
                conn.execute(statement, names or None)
            conn.execute("SET LOCAL session_replication_role = origin")
            conn.execute("SELECT region_counts_rebuild()")
            conn.execute("UPDATE data_version SET version = gen_random_uuid()")
        print(f"  wrote {n:,} events in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        for _, definition in indexes:
            conn.execute(definition)
        conn.execute("ANALYZE")
        print(f"  built {len(indexes)} indexes and analyzed in {time.perf_counter() - started:.0f} s", flush=True)


def prewarm(dsn: str) -> None:
    """Read the tables and indexes into PostgreSQL's buffers (pg_prewarm), as a server that has been
    answering for a while holds them. This machine's kernel pages out file cache it finds cold within
    seconds, so without it every run measures the disk; shared_buffers must be larger than the database
    for this to hold (docs/database.md, Settings)."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        try:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        except psycopg.Error as exc:
            print(f"  (no pg_prewarm: {exc.diag.message_primary}; measuring with a cold cache)")
            return
        buffers = conn.execute("SELECT setting::bigint * 8192 FROM pg_settings WHERE name = 'shared_buffers'").fetchone()[0]
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        started = time.perf_counter()
        conn.execute("SELECT pg_prewarm(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                     "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i')")
        print(f"  prewarmed {size / 2**20:,.0f} MB into shared_buffers of {buffers / 2**20:,.0f} MB "
              f"in {time.perf_counter() - started:.0f} s", flush=True)


def explain(dsn: str) -> None:
    from psycopg import sql

    from chrono.store.queries import Q
    from chrono.web.params import GRAINS

    base = {"pcode": "SY08", "part": "starts_in", "date_from": None, "date_to": None, "after_date": None, "after_id": None,
            "q_like": None, "q_likes": [], "lang": None, "place": None, "grains": list(GRAINS), "max_rank": None,
            "min_sources": None, "limit": 51}
    cases = {
        "plain": base,
        "window (events starting in it)": dict(base, date_from="2019-03-01", date_to="2019-03-31"),
        "window (events already running)": dict(base, part="running_at", date_from="2019-03-01", date_to="2019-03-31"),
        "search": dict(base, q_like="%اغتيال%"),
    }
    from chrono.web.timeline_data import _query

    with psycopg.connect(dsn, autocommit=True) as conn:
        for name, args in cases.items():
            query = sql.SQL(_query(Q.timeline_in_region, "asc", args["part"]))
            plan = conn.execute(sql.SQL("EXPLAIN (ANALYZE, COSTS OFF, BUFFERS OFF) ") + query, args, prepare=False)
            print(f"\n-- EXPLAIN ANALYZE {name}")
            for (line,) in plan:
                print("   ", line)
        try:
            details = Q.event_details
        except KeyError:  # a checkout from before event_details (comparisons)
            return
        ids = [r[0] for r in conn.execute(sql.SQL(_query(Q.timeline_in_region, "asc")), base, prepare=False)][:50]
        plan = conn.execute(sql.SQL("EXPLAIN (ANALYZE, COSTS OFF, BUFFERS OFF) ") + sql.SQL(details), {"ids": ids})
        print("\n-- EXPLAIN ANALYZE event_details (the 50 events of the plain page)")
        for (line,) in plan:
            print("   ", line)


def serve(dsn: str, port: int, answer_cache_mb: float | None = None, new_session: bool = False):
    """gunicorn as `chrono serve` runs it (2 workers × 4 threads), once /healthz answers."""
    env = dict(os.environ, DATABASE_URL=dsn)
    if answer_cache_mb is not None:
        env["CHRONO_ANSWER_CACHE_MB"] = str(answer_cache_mb)
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2",
                             "--threads", "4", "--log-level", "warning", "chrono.web:create_app()"],
                            cwd=ROOT, env=env, start_new_session=new_session)
    for _ in range(150):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("gunicorn did not come up")


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (0 when it cannot be read: gone, or not on Linux)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICK
    except (OSError, IndexError, ValueError):
        return 0.0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def server_cpu(master: int, dsn: str) -> tuple[float, float]:
    """CPU seconds used so far by gunicorn (master and workers) and by the database's backends."""
    web = _cpu_seconds(master) + sum(_cpu_seconds(w) for w in _children(master))
    with psycopg.connect(dsn, autocommit=True) as conn:
        pids = [r[0] for r in conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")]
    return web, sum(_cpu_seconds(p) for p in pids)


def run(port: int, make_url, total: int, clients: int = 4, html: bool = False) -> dict:
    latencies: list[float] = []
    lock = threading.Lock()
    per_client = total // clients
    headers = {"Accept": "text/html"} if html else {"Accept": "application/json"}

    def worker(seed: int):
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for _ in range(per_client):
            url = make_url(rng)
            t0 = time.perf_counter()
            conn.request("GET", url, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - t0)
            if response.status != 200:
                raise SystemExit(f"{url}: HTTP {response.status}")
        with lock:
            latencies.extend(mine)

    for warm in range(20):  # connections, caches, both workers
        c = http.client.HTTPConnection("127.0.0.1", port)
        c.request("GET", make_url(random.Random(warm)), headers=headers)
        c.getresponse().read()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    started, client_cpu = time.perf_counter(), time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed, client_cpu = time.perf_counter() - started, time.process_time() - client_cpu
    latencies.sort()
    return {"n": len(latencies), "p50": statistics.median(latencies) * 1000,
            "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000, "rps": len(latencies) / elapsed,
            "client_cpu": client_cpu}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--requests", type=int, default=2000, help="requests per scenario")
    ap.add_argument("--port", type=int, default=8799)
    ap.add_argument("--keep", action="store_true", help="keep the database afterwards")
    ap.add_argument("--reuse", action="store_true", help="measure on the kept database without rebuilding it")
    ap.add_argument("--only", help="comma-separated scenarios to run (plain, window, search, page)")
    ap.add_argument("--answer-cache-mb", type=float,
                    help="CHRONO_ANSWER_CACHE_MB for the server (0: every answer built afresh; default: as deployed)")
    args = ap.parse_args()

    server = db.server_url()
    dsn = db.with_dbname(server, DB_NAME)
    if not args.reuse:
        db.drop_database(server, DB_NAME)
        db.create_database(server, DB_NAME)
        migrate.upgrade(dsn)
        print(f"building {args.events:,} synthetic events in {DB_NAME} …", flush=True)
        build(dsn, args.events)
    else:
        migrate.upgrade(dsn)  # a database kept by an older checkout
    prewarm(dsn)
    explain(dsn)
    proc = serve(dsn, args.port, args.answer_cache_mb)
    try:
        months = [(y, m) for y in range(2010, 2025) for m in range(1, 13)]

        def window(rng):
            y, m = rng.choice(months)
            return f"/timeline?region=hasakah&from={y}-{m:02d}&to={y}-{m:02d}"

        scenarios = {
            "plain  /timeline?region=hasakah": (lambda rng: "/timeline?region=hasakah", False),
            "window /timeline?region=hasakah&from=YYYY-MM&to=YYYY-MM": (window, False),
            "search /timeline?region=hasakah&q=WORD": (
                lambda rng: "/timeline?region=hasakah&q=" + urllib.parse.quote(rng.choice(WORDS)), False),
            "page   /regions/hasakah (HTML)": (lambda rng: "/regions/hasakah", True),
        }
        if args.only:
            wanted = set(args.only.split(","))
            scenarios = {k: v for k, v in scenarios.items() if k.split()[0] in wanted}
        cores = os.cpu_count() or 1
        print(f"\n{'scenario':58} {'n':>6} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>7}   "
              f"CPU ms/request: {'web':>5} {'db':>5} {'client':>6}   capacity on {cores} cores")
        for name, (make_url, html) in scenarios.items():
            web0, db0 = server_cpu(proc.pid, dsn)
            r = run(args.port, make_url, args.requests, html=html)
            web1, db1 = server_cpu(proc.pid, dsn)
            web, dbc, client = ((b - a) * 1000 / r["n"] for a, b in ((web0, web1), (db0, db1), (0, r["client_cpu"])))
            capacity = cores * 1000 / (web + dbc + client) if web + dbc + client else float("nan")
            print(f"{name:58} {r['n']:>6} {r['p50']:>8.1f} {r['p99']:>8.1f} {r['rps']:>7.0f}   "
                  f"{'':15} {web:>5.1f} {dbc:>5.1f} {client:>6.1f}   {capacity:>8.0f} req/s", flush=True)
        print(f"\nanswer cache: {'off' if args.answer_cache_mb == 0 else 'on'}; "
              f"load average during the run: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    finally:
        proc.terminate()
        proc.wait(10)
        if not args.keep and not args.reuse:
            db.drop_database(server, DB_NAME)


if __name__ == "__main__":
    main()
