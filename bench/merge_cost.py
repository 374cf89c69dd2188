"""What clustering costs at ingest: throughput with chrono.merge on and off.

    .venv/bin/python bench/merge_cost.py                 # 10,000 articles, off then on
    .venv/bin/python bench/merge_cost.py --articles 2000 --rounds 2

Each run is bench/ingest.py's: a fresh process ingests the same generated corpus (templates written for
the benchmark, seeded) into a fresh database with the gazetteer loaded; CHRONO_MERGE switches the ingest
hook (`chrono.merge.after_store`) off or on. Runs alternate off/on so a busy machine weighs on both.
The issue's target: throughput with clustering on within 20% of off.

Besides wall-clock throughput, each run reports the CPU seconds of the ingesting process and of its
PostgreSQL backend: on a machine shared with other work, wall-clock rates say more about the neighbours
than about the code, and articles per CPU second is the comparison that holds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(n: int, merge: bool) -> dict:
    env = {**os.environ, "CHRONO_MERGE": "on" if merge else "off"}
    load = os.getloadavg()[0]
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "ingest.py"), "--one", str(n)], capture_output=True,
                         text=True, cwd=ROOT, env=env)
    if out.returncode:
        sys.stderr.write(out.stderr[-4000:])
        raise SystemExit(f"bench/ingest.py --one {n} with clustering {'on' if merge else 'off'} failed")
    return {**json.loads(out.stdout.strip().splitlines()[-1]), "load": (load + os.getloadavg()[0]) / 2}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    results = {False: [], True: []}
    for _ in range(args.rounds):
        for merge in (False, True):
            r = run(args.articles, merge)
            results[merge].append(r)
            print(f"clustering {'on ' if merge else 'off'}: {r['articles']} articles, {r['events']} events, "
                  f"{r['seconds']} s, {r['articles_per_s']} articles/s; CPU {r['client_cpu_s']} s client + "
                  f"{r['server_cpu_s']} s server = {r['articles_per_cpu_s']} articles per CPU s; "
                  f"peak RSS {r['peak_rss_mb']} MB; load average {r['load']:.1f}", flush=True)
    best = {m: max(x["articles_per_s"] for x in rs) for m, rs in results.items()}
    ratio = best[True] / best[False]
    print(f"wall clock, best of {args.rounds}: off {best[False]} articles/s, on {best[True]} articles/s "
          f"-> on is {ratio:.1%} of off ({'within' if ratio >= 0.8 else 'NOT within'} 20%)")
    if all(x["articles_per_cpu_s"] for rs in results.values() for x in rs):
        cpu = {m: max(x["articles_per_cpu_s"] for x in rs) for m, rs in results.items()}
        ratio = cpu[True] / cpu[False]
        print(f"CPU time, best of {args.rounds}: off {cpu[False]} articles per CPU s, on {cpu[True]} "
              f"-> on is {ratio:.1%} of off ({'within' if ratio >= 0.8 else 'NOT within'} 20%)")
        # each round's own ratio (its off and on runs ran one after the other): the spread says how far
        # the neighbours moved the figures
        rounds = [on["articles_per_cpu_s"] / off["articles_per_cpu_s"] for off, on in zip(results[False], results[True])]
        print("CPU time, each round: " + ", ".join(f"{r:.1%}" for r in rounds)
              + f"; load average {min(x['load'] for rs in results.values() for x in rs):.1f}"
              f"–{max(x['load'] for rs in results.values() for x in rs):.1f} during the runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
