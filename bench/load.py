"""A bounded load test: the API under steady load while a scheduled ingest runs, then a burst.

    .venv/bin/python bench/load.py                       # 1,000,000 events (built once, ~10 min), then measure
    .venv/bin/python bench/load.py --events 100000       # a smaller database
    .venv/bin/python bench/load.py --build-only          # build the database now, measure later with --reuse
    .venv/bin/python bench/load.py --reuse               # measure again on the kept database (chrono_bench_load)

It builds the synthetic events of bench/api.py (same generator, its own database `chrono_bench_load`,
kept for --reuse), serves chrono with gunicorn as `chrono serve` does (2 workers × 4 threads) on
127.0.0.1, and starts `chrono ingest --every 5s` on a file of generated articles, so the scheduled
ingest writes while the API is read. Then, with the ingest still running:

    steady      CLIENTS clients, each sending RATE requests/s on average, for STEADY seconds
    burst       BURST clients at BURST_RATE requests/s each (4x the steady rate by default), for
                BURST_SECONDS: a sudden rise in arrivals; the p99 target applies to it and to steady
    saturation  SAT clients sending back to back, SAT_REQUESTS in all: the most the machine serves. Its
                latency is queueing (about SAT clients / throughput, Little's law) and is reported, not
                held to the target; its throughput is the figure that matters.

Paced clients send at random moments (`--arrivals poisson`, the default: exponential gaps with mean
1/RATE, each client with its own seeded stream), as many independent readers do. `--arrivals lockstep`
is what this script did before: every client every 1/RATE s from the same start, so all of them arrive
in the same instant, a wave of CLIENTS requests every 1/RATE s. A paced phase lasts its seconds (the
number of requests varies a little with the draws), and a paced request's latency is counted from the
moment it was due: a client still waiting for its previous answer sends late, and that wait counts too
(otherwise a slow server would be measured only on the requests it let through; "coordinated omission").

The requests are a mix: a governorate's timeline (plain, a month window, a word search), an event,
a region page (HTML), the region tree. Reported per phase and per kind: requests, errors (any
answer other than 200, any failed request), throughput, p50/p90/p99/max latency; and how many
articles the ingest stored meanwhile. Everything stops by itself: bounded requests, bounded
seconds (--max-seconds kills what is left). The client shares the 2 cores with the server, the
ingest and PostgreSQL: the figures are lower bounds for a real deployment.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import psycopg  # noqa: E402

import api as api_bench  # noqa: E402  (bench/api.py: the 1M-event generator)
from chrono.store import db, migrate  # noqa: E402

DB_NAME = "chrono_bench_load"
GOVERNORATES = ["hasakah", "aleppo", "damascus", "idlib", "raqqa", "deir-ez-zor", "homs", "hama", "daraa", "latakia"]
TEMPLATES = [
    "قصفت القوات مدينة {place} يوم {day} تشرين الأول 2022، وقال المرصد أمس إن الهجوم أوقع إصابات.",
    "Shelling hit {place_en} on Friday, Oct. {day}, 2022, a monitor said a day later.",
    "اندلعت اشتباكات في ريف {place} مساء الخميس، وتجددت صباح اليوم التالي.",
]
PLACES = [("الحسكة", "Hasakah"), ("حلب", "Aleppo"), ("إدلب", "Idlib"), ("الرقة", "Raqqa"), ("درعا", "Daraa")]


def articles_file(folder: Path, n: int) -> Path:
    path = folder / "articles.jsonl"
    rng = random.Random(7)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            place, place_en = rng.choice(PLACES)
            text = rng.choice(TEMPLATES).format(place=place, place_en=place_en, day=rng.randint(1, 28))
            out.write(json.dumps({"url": f"https://load.example/{i}", "text": f"{text} (تقرير {i})",
                                  "published": "2022-10-30T10:00:00+03:00"}, ensure_ascii=False) + "\n")
    return path


class Client:
    """One keep-alive connection. A request on a reused connection that the server closed while idle
    is sent again once on a new connection, as HTTP clients do for GET (counted as a reconnect)."""

    def __init__(self, port: int):
        self.port = port
        self.conn = None
        self.reconnects = 0

    def get(self, url: str, accept: str) -> int:
        for attempt in (0, 1):
            fresh = self.conn is None
            if fresh:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                self.conn.request("GET", url, headers={"Accept": accept})
                response = self.conn.getresponse()
                response.read()
                if response.will_close:
                    self.conn.close()
                    self.conn = None
                return response.status
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = None
                if fresh or attempt:
                    raise
                self.reconnects += 1
            except BaseException:  # a timeout or anything else: this connection is done with
                self.conn.close()
                self.conn = None
                raise
        raise AssertionError("unreachable")


def request_mix(rng: random.Random, n_events: int) -> tuple[str, str, str]:
    """(kind, url, accept) of one request."""
    region = rng.choice(GOVERNORATES)
    roll = rng.random()
    if roll < 0.30:
        return "timeline", f"/timeline?region={region}", "application/json"
    if roll < 0.45:
        y, m = rng.randint(2010, 2024), rng.randint(1, 12)
        return "window", f"/timeline?region={region}&from={y}-{m:02d}&to={y}-{m:02d}", "application/json"
    if roll < 0.55:
        word = urllib.parse.quote(rng.choice(api_bench.WORDS))
        return "search", f"/timeline?region={region}&q={word}", "application/json"
    if roll < 0.80:
        return "event", f"/events/{rng.randint(1, n_events)}.json", "application/json"
    if roll < 0.95:
        return "page", f"/regions/{region}", "text/html"
    return "regions", "/regions?max_level=governorate", "application/json"


class Phase:
    def __init__(self, name: str):
        self.name = name
        self.samples: list[tuple[str, float]] = []
        self.errors: list[str] = []
        self.reconnects = 0
        self.lock = threading.Lock()
        self.started = self.ended = 0.0

    def add(self, kind: str, seconds: float, error: str | None):
        with self.lock:
            self.samples.append((kind, seconds))
            if error:
                self.errors.append(error)


def run_phase(phase: Phase, port: int, clients: int, *, per_client: int, rate: float | None, deadline: float,
              n_events: int, seed: int, arrivals: str = "poisson", seconds: float | None = None):
    """Paced (`rate`): each client's requests are due at its arrival times for `seconds`, and a request's
    latency runs from when it was due, so time spent waiting behind the client's previous answer counts
    (no coordinated omission). Back to back (no `rate`): `per_client` requests each, timed from sending."""
    def worker(k: int):
        rng = random.Random(seed * 1000 + k)
        timing = random.Random(seed * 1000 + k + 500)
        client = Client(port)
        start = time.perf_counter()
        due = start
        for _ in range(per_client if not rate else 1 << 30):
            if time.perf_counter() > deadline:
                break
            if rate:
                # poisson: each client's requests arrive at random (exponential gaps, mean 1/rate), as the
                # requests of many independent readers do; lockstep: every client every 1/rate s, all at once
                due += timing.expovariate(rate) if arrivals == "poisson" else 1.0 / rate
                if due - start > seconds:
                    break
                pause = due - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)
            kind, url, accept = request_mix(rng, n_events)
            t0 = time.perf_counter()
            error = None
            try:
                status = client.get(url, accept)
                if status != 200:
                    error = f"{url}: HTTP {status}"
            except (OSError, http.client.HTTPException) as exc:
                error = f"{url}: {type(exc).__name__}: {exc}"
            phase.add(kind, time.perf_counter() - (min(due, t0) if rate else t0), error)
        with phase.lock:
            phase.reconnects += client.reconnects

    threads = [threading.Thread(target=worker, args=(k,), daemon=True) for k in range(clients)]
    phase.started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.0, deadline - time.perf_counter()) + 35)
    phase.ended = time.perf_counter()


def pct(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, max(0, int(round(p * len(values))) - 1))] * 1000 if values else float("nan")


def report(phase: Phase) -> dict:
    took = phase.ended - phase.started
    rows = {"all": sorted(s for _, s in phase.samples)}
    for kind, s in phase.samples:
        rows.setdefault(kind, []).append(s)
    print(f"\n{phase.name}: {len(phase.samples)} requests in {took:.1f} s = {len(phase.samples) / took:.0f} req/s, "
          f"{len(phase.errors)} errors, {phase.reconnects} reconnects")
    print(f"  {'kind':10} {'n':>6} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for kind, values in rows.items():
        values.sort()
        print(f"  {kind:10} {len(values):>6} {pct(values, .5):>8.1f} {pct(values, .9):>8.1f} {pct(values, .99):>8.1f} "
              f"{values[-1] * 1000 if values else float('nan'):>8.1f}")
    for error in phase.errors[:5]:
        print(f"  ! {error}")
    all_ = rows["all"]
    return {"requests": len(all_), "errors": len(phase.errors), "rps": len(all_) / took,
            "p50": pct(all_, .5), "p99": pct(all_, .99)}


def stop(proc: subprocess.Popen | None, sig=signal.SIGTERM) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--reuse", action="store_true", help="measure on the kept database without rebuilding it")
    ap.add_argument("--build-only", action="store_true", help="build the database and stop (measure later with --reuse)")
    ap.add_argument("--drop", action="store_true", help="drop the database at the end")
    ap.add_argument("--port", type=int, default=8797)
    ap.add_argument("--database", default=DB_NAME,
                    help="the database to build or reuse (e.g. chrono_bench_api, kept by bench/api.py --keep)")
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--rate", type=float, default=5.0, help="requests per second per steady client")
    ap.add_argument("--steady", type=float, default=60.0, help="seconds of steady load")
    ap.add_argument("--burst", type=int, default=16, help="clients in the burst")
    ap.add_argument("--burst-rate", type=float, default=5.0, help="requests per second per burst client")
    ap.add_argument("--burst-seconds", type=float, default=15.0)
    ap.add_argument("--sat", type=int, default=16, help="clients sending back to back in the saturation phase")
    ap.add_argument("--sat-requests", type=int, default=1600)
    ap.add_argument("--articles", type=int, default=8000,
                    help="articles for the scheduled ingest (enough to keep it writing through every phase)")
    ap.add_argument("--arrivals", choices=("poisson", "lockstep"), default="poisson",
                    help="when paced clients send: at random (exponential gaps) or all together every 1/rate s")
    ap.add_argument("--max-seconds", type=float, default=600.0, help="hard stop for the measuring part")
    args = ap.parse_args()

    server = db.server_url()
    dsn = db.with_dbname(server, args.database)
    if not args.reuse:
        db.drop_database(server, args.database)
        db.create_database(server, args.database)
        migrate.upgrade(dsn)
        print(f"building {args.events:,} synthetic events in {args.database} …", flush=True)
        api_bench.build(dsn, args.events)
        if args.build_only:
            return
    else:
        migrate.upgrade(dsn)  # a database kept by an older checkout
    api_bench.prewarm(dsn)
    with psycopg.connect(dsn, autocommit=True) as conn:
        n_events = conn.execute("SELECT max(id) FROM events WHERE id <= %s", (args.events,)).fetchone()[0]
        # a rerun starts from the same state: the previous run's ingested articles go
        conn.execute("DELETE FROM events WHERE id IN (SELECT r.event_id FROM event_reports r JOIN articles a "
                     "ON a.id = r.article_id WHERE a.url LIKE 'https://load.example/%')")
        conn.execute("DELETE FROM articles WHERE url LIKE 'https://load.example/%'")
        conn.execute("DELETE FROM sources WHERE name = 'load-ingest'")
    print(f"{n_events:,} events; serving on 127.0.0.1:{args.port}", flush=True)

    work = Path(tempfile.mkdtemp(prefix="chrono-load-"))
    data = articles_file(work, args.articles)
    sources = work / "sources.toml"
    sources.write_text(f'[[source]]\nname = "load-ingest"\nkind = "jsonl"\nlocation = "{data}"\n', encoding="utf-8")
    web = ingest = None
    hard_stop = time.perf_counter() + args.max_seconds
    try:
        web = api_bench.serve(dsn, args.port, new_session=True)
        env = dict(os.environ, DATABASE_URL=dsn, CHRONO_SOURCES=str(sources), CHRONO_MAX_ITEMS_PER_SOURCE="500")
        ingest = subprocess.Popen([sys.executable, "-m", "chrono", "ingest", "--every", "5s"], cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        for warm in range(40):  # both workers, their pools, the caches
            Client(args.port).get(request_mix(random.Random(warm), n_events)[1], "application/json")

        def stored() -> int:
            with psycopg.connect(dsn, autocommit=True) as conn:
                return conn.execute("SELECT count(*) FROM articles WHERE url LIKE 'https://load.example/%' "
                                    "AND status = 'processed'").fetchone()[0]

        phases = [
            (Phase(f"steady ({args.clients} clients × {args.rate:g} req/s, {args.steady:g} s)"),
             dict(clients=args.clients, per_client=int(args.steady * args.rate), rate=args.rate, seconds=args.steady)),
            (Phase(f"burst ({args.burst} clients × {args.burst_rate:g} req/s, {args.burst_seconds:g} s)"),
             dict(clients=args.burst, per_client=int(args.burst_seconds * args.burst_rate), rate=args.burst_rate,
                  seconds=args.burst_seconds)),
            (Phase(f"saturation ({args.sat} clients back to back, {args.sat_requests} requests)"),
             dict(clients=args.sat, per_client=args.sat_requests // args.sat, rate=None, seconds=None)),
        ]
        results, writes = {}, {}
        for seed, (phase, how) in enumerate(phases, 1):
            before = stored()
            deadline = hard_stop if how["seconds"] is None else min(hard_stop, time.perf_counter() + how["seconds"] + 30)
            run_phase(phase, args.port, how["clients"], per_client=how["per_client"], rate=how["rate"],
                      deadline=deadline, n_events=n_events, seed=seed, arrivals=args.arrivals, seconds=how["seconds"])
            name = phase.name.split()[0]
            writes[name] = (stored() - before) / (phase.ended - phase.started)
            results[name] = report(phase)
            print(f"  the scheduled ingest stored {writes[name]:.1f} articles/s meanwhile")
        print(f"\ningest: {stored()} articles stored in all")
        ok = all(r["errors"] == 0 for r in results.values())
        print(f"target: zero errors ({'met' if ok else 'NOT met'}), p99 ≤ 100 ms "
              f"(steady {results['steady']['p99']:.0f} ms, burst {results['burst']['p99']:.0f} ms); "
              f"saturation: {results['saturation']['rps']:.0f} req/s")
    finally:
        stop(ingest)
        stop(web)
        if args.drop:
            db.drop_database(server, args.database)


if __name__ == "__main__":
    main()
