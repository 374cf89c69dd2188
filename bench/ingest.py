"""Ingest throughput and memory, end to end into PostgreSQL.

    .venv/bin/python bench/ingest.py                 # 2,000 and 10,000 articles
    .venv/bin/python bench/ingest.py --sizes 1000 20000
    .venv/bin/python bench/ingest.py --merge         # with event clustering (chrono.merge) on

For each size, a fresh process writes a JSON Lines corpus generated from the templates below
(Arabic and English news sentences written for this benchmark: places, actors, happenings and date
expressions combined by a seeded random generator), ingests it as a `jsonl` source into a fresh,
migrated database with the gazetteer loaded, and reports articles per second (reading, storing raw,
anchors, dates, places, events, all into PostgreSQL) and the process's peak resident memory. Flat
memory across sizes shows the run streams. It also reports the CPU seconds the run took in this
process and in its PostgreSQL backend (read from /proc when the server is local): on a machine shared
with other work, articles per CPU second says what the run costs when wall-clock rates do not. Event clustering is off unless `--merge` is given (it
has a benchmark of its own; this one measures ingest).

The database server is `DATABASE_URL`'s (a fresh database is created and dropped there), else the
embedded PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DAMASCUS = ZoneInfo("Asia/Damascus")

PLACES_AR = ["حلب", "إدلب", "مدينة الرقة", "دير الزور", "القامشلي", "الحسكة", "حمص", "حماة", "اللاذقية", "طرطوس",
             "درعا", "السويداء", "دمشق", "ريف دمشق", "منبج", "جرابلس", "عفرين", "البوكمال", "الميادين", "تدمر",
             "سلمية", "بانياس", "جبلة", "نوى", "الصنمين", "دوما", "النبك", "معرة النعمان", "سراقب", "أريحا"]
PLACES_EN = ["Aleppo", "Idlib", "Raqqa", "Deir ez-Zor", "Qamishli", "Al-Hasakah", "Homs", "Hama", "Latakia",
             "Tartus", "Daraa", "As-Suwayda", "Damascus", "Manbij", "Jarablus", "Afrin", "Al-Bukamal", "Al-Mayadin",
             "Palmyra", "Salamiyah", "Baniyas", "Jableh", "Nawa", "Douma", "Maarat al-Numan", "Saraqib", "Ariha"]
WHEN_AR = ["أمس", "يوم الجمعة", "أمس الخميس", "صباح اليوم", "مساء السبت", "الأسبوع الماضي", "الشهر الماضي",
           "في 12 آذار", "منذ عام 2019", "في تشرين الأول 2021", "قبل ثلاثة أيام", "أول أمس", "ليل الأربعاء - الخميس",
           "مطلع الشهر الجاري", "منذ مطلع العام", "في أيلول الماضي", "خلال الأيام الثلاثة الماضية"]
WHEN_EN = ["yesterday", "on Friday", "on Thursday morning", "last week", "last month", "on 12 March",
           "since 2019", "in October 2021", "three days ago", "the day before yesterday", "on Wednesday night",
           "earlier this month", "since the start of the year", "last September", "over the past three days"]
WHAT_AR = ["افتتحت السلطات المحلية سوقاً جديدة في {p} {w}", "قال سكان في {p} إن التيار الكهربائي انقطع {w}",
           "بدأ المزارعون في ريف {p} حصاد القمح {w}", "أعلنت مديرية التربية في {p} إعادة فتح المدارس {w}",
           "اندلع حريق في أحراج قرب {p} {w} وأخمدته فرق الإطفاء", "وصلت قافلة مساعدات إلى {p} {w}",
           "شهدت {p} احتجاجات على ارتفاع الأسعار {w}", "أعيد فتح الطريق بين {p} و{q} {w}"]
WHAT_EN = ["Local authorities opened a new market in {p} {w}", "Residents of {p} said the power was cut {w}",
           "Farmers around {p} began the wheat harvest {w}", "The education office in {p} reopened schools {w}",
           "A fire broke out in woodland near {p} {w} and was put out by firefighters",
           "An aid convoy reached {p} {w}", "People in {p} protested against rising prices {w}",
           "The road between {p} and {q} reopened {w}"]
FILLER_AR = ["وقال مسؤول محلي إن العمل سيستمر في الأيام المقبلة.", "وأضاف السكان أن الأوضاع بقيت هادئة.",
             "ولم تصدر السلطات بياناً رسمياً حول الحادثة.", "وأشار متطوعون إلى حاجة الأهالي إلى المزيد من الدعم."]
FILLER_EN = ["A local official said the work would continue in the coming days.",
             "Residents said the situation remained calm.", "The authorities issued no official statement.",
             "Volunteers said families needed more support."]


def generate(n: int, seed: int = 7):
    """`n` JSON records, streamed; half Arabic, half English, 3–6 dated sentences and some filler each."""
    rnd = random.Random(seed)
    start = datetime(2022, 1, 1, 8, 0, tzinfo=DAMASCUS)
    for i in range(n):
        ar = i % 2 == 0
        places, whens, whats, filler = ((PLACES_AR, WHEN_AR, WHAT_AR, FILLER_AR) if ar
                                        else (PLACES_EN, WHEN_EN, WHAT_EN, FILLER_EN))
        sentences = []
        for _ in range(rnd.randint(3, 6)):
            p, q = rnd.sample(places, 2)
            sentences.append(rnd.choice(whats).format(p=p, q=q, w=rnd.choice(whens)) + ".")
            if rnd.random() < 0.5:
                sentences.append(rnd.choice(filler))
        published = start + timedelta(minutes=37 * i)
        yield {"url": f"https://bench.example.org/{i}", "title": ("[عينة] " if ar else "[Sample] ") + f"bench {i}",
               "text": "\n\n".join(sentences), "published": published.isoformat(), "lang": "ar" if ar else "en"}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def backend_cpu_seconds(pid: int) -> float:
    """CPU time of the PostgreSQL backend serving the run, when the server runs on this machine
    (-1 otherwise): with the client's, it says what a run costs whatever else the machine is doing."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return -1.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one(n: int) -> dict:
    """Run one size in this process; prints and returns a JSON result."""
    # The corpus is one source: lift the per-run limits of a source (chrono/ingest/limits.py) above it.
    os.environ["CHRONO_MAX_ITEMS_PER_SOURCE"] = str(n + 1)
    os.environ["CHRONO_SOURCE_BUDGET"] = str(24 * 3600)
    from chrono.ingest.pipeline import Runner
    from chrono.ingest.progress import Progress
    from chrono.ingest.sources import Source
    from chrono.places.load import load as load_places
    from chrono.store import db, migrate

    server = db.server_url()
    name = f"chrono_bench_{uuid.uuid4().hex[:8]}"
    db.create_database(server, name)
    dsn = db.with_dbname(server, name)
    try:
        migrate.upgrade(dsn)
        with db.connect(dsn, autocommit=True) as conn:
            load_places(conn)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "corpus.jsonl"
            with path.open("w", encoding="utf-8") as f:
                for record in generate(n):
                    f.write(json.dumps(record, ensure_ascii=False) + "\n")
            rss_before = peak_rss_mb()
            # warm-up outside the timing: the date rules and the place automaton are built once per process
            from chrono.places import find
            from chrono.resolve import resolve

            resolve("أمس", anchor=datetime(2022, 10, 8, tzinfo=DAMASCUS), lang="ar")
            find("حلب")
            with db.connect(dsn, autocommit=True) as conn:
                backend = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
                runner = Runner(conn, progress=Progress(every=max(1, n // 10)))
                cpu0, db_cpu0 = cpu_seconds(), backend_cpu_seconds(backend)
                t0 = time.perf_counter()
                counts = runner.run_sources([Source(name="bench", kind="jsonl", location=(str(path),))],
                                            trigger="bench")
                elapsed = time.perf_counter() - t0
                cpu, db_cpu = cpu_seconds() - cpu0, backend_cpu_seconds(backend) - db_cpu0
                stored = conn.execute("SELECT count(*) FROM articles WHERE status = 'processed'").fetchone()[0]
                # with clustering on, the run is done when every event is in an entry: work left in the
                # queue would be work the timing did not count
                queued, unclustered = conn.execute(
                    "SELECT (SELECT count(*) FROM merge_queue), (SELECT count(*) FROM events e WHERE NOT EXISTS "
                    "(SELECT 1 FROM entry_members m WHERE m.event_id = e.id))").fetchone()
        if stored != n:
            raise SystemExit(f"only {stored} of {n} articles were processed: {counts.errors[:3]}")
        from chrono.merge import enabled as clustering_enabled

        if clustering_enabled() and (queued or unclustered):
            raise SystemExit(f"clustering was left unfinished: {queued} articles queued, {unclustered} events in no entry")
        result = {"articles": n, "processed": stored, "events": counts.events, "failed": counts.failed,
                  "clustered": clustering_enabled(),
                  "seconds": round(elapsed, 2), "articles_per_s": round(n / elapsed, 1),
                  "client_cpu_s": round(cpu, 2), "server_cpu_s": round(db_cpu, 2) if db_cpu0 >= 0 else None,
                  "articles_per_cpu_s": round(n / (cpu + db_cpu), 1) if db_cpu0 >= 0 else None,
                  "peak_rss_mb_before_run": round(rss_before, 1), "peak_rss_mb": round(peak_rss_mb(), 1)}
    finally:
        db.drop_database(server, name)
    print(json.dumps(result))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--merge", action="store_true", help="cluster events into timeline entries too")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(args.one)
        return
    results = []
    for n in args.sizes:
        env = {**os.environ, "CHRONO_MERGE": "on" if args.merge else "off"}
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], stdout=subprocess.PIPE, text=True,
                             check=True, cwd=ROOT, env=env)  # its log and errors go to our stderr
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"clustering {'on' if args.merge else 'off'}")
    print(f"{'articles':>9} {'events':>7} {'seconds':>8} {'articles/s':>11} {'CPU s (client+db)':>18} "
          f"{'articles/CPU s':>15} {'peak RSS MB':>12}")
    for r in results:
        cpu = f"{r['client_cpu_s']}+{r['server_cpu_s']}"
        print(f"{r['articles']:>9} {r['events']:>7} {r['seconds']:>8} {r['articles_per_s']:>11} {cpu:>18} "
              f"{str(r['articles_per_cpu_s']):>15} {r['peak_rss_mb']:>12}")
    growth = results[-1]["peak_rss_mb"] - results[0]["peak_rss_mb"]
    print(f"peak memory grew {growth:+.1f} MB from {results[0]['articles']} to {results[-1]['articles']} articles")


if __name__ == "__main__":
    main()
