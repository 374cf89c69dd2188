"""Throughput of chrono.resolve against dateparser on the same news sentences.

Usage (from the repo root, on an otherwise quiet machine):

    .venv/bin/python bench/resolve.py                 # 6,000 sentences, dateparser on 1,000 of them
    .venv/bin/python bench/resolve.py --size 10000 --dateparser-subset 2000 --seed 7

The corpus is built deterministically (fixed seed) from the project's own example sentences in
chrono/resolve/examples/ (ar, en and the negative corpus) and templated variations of them: news
lead-ins and closing clauses written for chrono, and anchors drawn from the examples' anchors.
It is a mix of Arabic and English.

What it measures, all in this one process and single-threaded:
  * chrono.resolve.resolve over the whole corpus (best of --repeat runs, after one warm-up call);
  * dateparser.search.search_dates(sentence, languages=[lang]) over a fixed subset only, because
    dateparser is slow (after one warm-up call per language); chrono is timed on the same subset
    just before it, one run each, and the ratio is given on that subset, sentence for sentence;
  * `chrono resolve --jsonl` over the whole corpus as one subprocess (start-up included);
  * the import cost of chrono.resolve in a fresh interpreter (minus a bare interpreter start)
    and the time of its first call.
There are no assertions: it prints figures for the README.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "chrono" / "resolve" / "examples"

LEAD_AR = ["", "", "وفي سياق متصل، ", "من جهة أخرى، ", "وبحسب مصادر محلية، ", "وفي تطور لاحق، ",
           "وقال مراسلون في المنطقة إن ", "إلى ذلك، "]
TAIL_AR = ["", "", " وأكدت المصادر أن الوضع لا يزال متوتراً.", " ولم تصدر السلطات أي تعليق على الحادثة.",
           " وسط مخاوف من موجة نزوح جديدة.", " بحسب ما أفاد به ناشطون محليون."]
LEAD_EN = ["", "", "Separately, ", "According to local sources, ", "Meanwhile, ", "In a further development, ",
           "Activists said that "]
TAIL_EN = ["", "", " No group claimed responsibility.", " The authorities did not comment.",
           " Aid agencies warned of a new wave of displacement.", " Residents described the situation as tense."]


def load_examples() -> list[dict]:
    rows = []
    for name in ("ar.jsonl", "en.jsonl", "negative.jsonl"):
        with open(EXAMPLES / name, encoding="utf-8") as f:
            rows += [json.loads(line) for line in f if line.strip()]
    return rows


def _vary(rnd: random.Random, row: dict, anchors: list[str]) -> dict:
    text = row["text"]
    if row["lang"] == "ar":
        lead, tail = rnd.choice(LEAD_AR), rnd.choice(TAIL_AR)
        if lead and text.startswith("و"):
            text = text[1:]
        if tail:
            text = text.rstrip(".") + "،" + tail
    else:
        lead, tail = rnd.choice(LEAD_EN), rnd.choice(TAIL_EN)
        first, _, rest = text.partition(" ")
        if lead and first in ("The", "A", "An"):
            text = first.lower() + " " + rest
        text = text + tail
    anchor = row["anchor"] if rnd.random() < 0.5 else rnd.choice(anchors)
    return {"lang": row["lang"], "text": lead + text, "anchor": anchor}


def build_corpus(size: int, seed: int) -> list[dict]:
    rnd = random.Random(seed)
    base = load_examples()
    anchors = sorted({r["anchor"] for r in base})
    corpus = [{"lang": r["lang"], "text": r["text"], "anchor": r["anchor"]} for r in base]
    while len(corpus) < size:
        corpus.append(_vary(rnd, rnd.choice(base), anchors))
    corpus = corpus[:size]
    rnd.shuffle(corpus)
    for item in corpus:
        item["anchor_dt"] = datetime.fromisoformat(item["anchor"])
    return corpus


def time_chrono(resolve, sentences: list[dict]) -> float:
    start = time.perf_counter()
    for s in sentences:
        resolve(s["text"], anchor=s["anchor_dt"], lang=s["lang"])
    return time.perf_counter() - start


def time_dateparser(search_dates, sentences: list[dict]) -> float:
    start = time.perf_counter()
    for s in sentences:
        search_dates(s["text"], languages=[s["lang"]],
                     settings={"RELATIVE_BASE": s["anchor_dt"].replace(tzinfo=None)})
    return time.perf_counter() - start


def _run(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, capture_output=True)
    return time.perf_counter() - start


def import_cost(repeat: int = 5) -> tuple[float, float]:
    bare = statistics.median(_run("pass") for _ in range(repeat))
    with_import = statistics.median(_run("import chrono.resolve") for _ in range(repeat))
    return bare, with_import


FIRST_CALL = """
import json, time
t0 = time.perf_counter()
import chrono.resolve
from datetime import datetime
t1 = time.perf_counter()
a = datetime.fromisoformat("2022-10-08T17:41:00+03:00")
chrono.resolve.resolve("ونفذت القوات أمس الخميس عملية في ريف الحسكة.", anchor=a, lang="ar")
t2 = time.perf_counter()
chrono.resolve.resolve("Warplanes struck Idlib yesterday, Thursday.", anchor=a, lang="en")
t3 = time.perf_counter()
chrono.resolve.resolve("وقصفت الطائرات أمس الجمعة مواقع في إدلب.", anchor=a, lang="ar")
t4 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "first_ar": t2 - t1, "first_en": t3 - t2, "second_ar": t4 - t3}))
"""


def first_call() -> dict:
    done = subprocess.run([sys.executable, "-c", FIRST_CALL], check=True, cwd=ROOT, capture_output=True, text=True)
    return json.loads(done.stdout)


def time_cli(sentences: list[dict]) -> float:
    payload = "".join(json.dumps({"id": str(i), "lang": s["lang"], "text": s["text"], "anchor": s["anchor"]},
                                 ensure_ascii=False) + "\n" for i, s in enumerate(sentences))
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", "from chrono.cli import main; main()", "resolve", "--jsonl"],
                          input=payload, cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"chrono resolve --jsonl failed:\n{done.stderr[-2000:]}")
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if len(lines) != len(sentences):
        raise SystemExit(f"chrono resolve --jsonl returned {len(lines)} lines for {len(sentences)} inputs")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=6000, help="corpus size (at least 5000 for the README figure)")
    parser.add_argument("--dateparser-subset", type=int, default=1000, help="sentences given to dateparser")
    parser.add_argument("--seed", type=int, default=20221008)
    parser.add_argument("--repeat", type=int, default=3, help="runs of chrono over the whole corpus (best is kept)")
    args = parser.parse_args()

    corpus = build_corpus(args.size, args.seed)
    subset = corpus[: args.dateparser_subset]
    langs = {lang: sum(1 for s in corpus if s["lang"] == lang) for lang in ("ar", "en")}
    chars = sum(len(s["text"]) for s in corpus)
    print(f"corpus: {len(corpus)} sentences (ar {langs['ar']}, en {langs['en']}), {chars:,} characters, seed {args.seed}")
    print(f"python {sys.version.split()[0]}, single thread")

    bare, with_import = import_cost()
    fc = first_call()
    print(f"import chrono.resolve (fresh interpreter): {with_import - bare:.3f} s "
          f"(interpreter alone {bare:.3f} s, with import {with_import:.3f} s)")
    print(f"in-process: import {fc['import']:.3f} s; first call ar {fc['first_ar'] * 1000:.1f} ms, "
          f"first call en {fc['first_en'] * 1000:.1f} ms, next call ar {fc['second_ar'] * 1000:.2f} ms")

    from chrono.resolve import resolve

    resolve(corpus[0]["text"], anchor=corpus[0]["anchor_dt"], lang=corpus[0]["lang"])
    runs = [time_chrono(resolve, corpus) for _ in range(args.repeat)]
    best = min(runs)
    print(f"chrono.resolve, whole corpus: {len(corpus) / best:,.0f} sentences/s "
          f"(best of {args.repeat}: {best:.3f} s; runs {', '.join(f'{r:.3f}' for r in runs)} s)")
    cli = time_cli(corpus)
    print(f"chrono resolve --jsonl, whole corpus as one process (start-up included): "
          f"{len(corpus) / cli:,.0f} sentences/s ({cli:.3f} s)")

    import dateparser
    from dateparser.search import search_dates

    for lang in ("ar", "en"):
        warm = next(s for s in subset if s["lang"] == lang)
        search_dates(warm["text"], languages=[lang])
    # Back to back, one run each, so both see the same machine load.
    chrono_subset = time_chrono(resolve, subset)
    dp = time_dateparser(search_dates, subset)
    print(f"chrono.resolve on the subset of {len(subset)} sentences (one run): "
          f"{len(subset) / chrono_subset:,.0f} sentences/s ({chrono_subset:.3f} s)")
    print(f"dateparser {dateparser.__version__} search_dates, languages=[lang], on the same subset only "
          f"(one run, right after): {len(subset) / dp:,.1f} sentences/s ({dp:.3f} s)")
    print(f"ratio chrono / dateparser on the same {len(subset)} sentences: {dp / chrono_subset:,.1f}x")
    print(f"ratio using chrono's whole-corpus rate: {(len(corpus) / best) / (len(subset) / dp):,.1f}x")


if __name__ == "__main__":
    main()
