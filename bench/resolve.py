"""Throughput of chrono.resolve against dateparser on the same news sentences.

Usage (from the repo root):

    .venv/bin/python bench/resolve.py                      # news corpus, 6,000 sentences
    .venv/bin/python bench/resolve.py --corpus examples    # the example-only corpus (every sentence dated)
    .venv/bin/python bench/resolve.py --size 10000 --dateparser-subset 2000 --seed 7

Two corpora, both built deterministically (fixed seed) from the project's own text, half Arabic
and half English, each sentence with an anchor taken from the example corpora:

  news (the default): sentences as a news feed brings them. 30% hold a date: the example
    sentences of chrono/resolve/examples/ar.jsonl and en.jsonl with news lead-ins and closing
    clauses written for chrono, and the dated sentences of samples/articles.jsonl. 70% hold
    none: the negative corpus (examples/negative.jsonl), the undated sentences of
    samples/articles.jsonl, and sentences built from the templates below (written for chrono:
    who said, what happened, where, a closing clause; one in four carries a count such as
    "12 families", since news is full of numbers that are not dates).
    Why 30%: most news sentences carry no date. In the two real Arabic articles of the shared
    corpus (../shared/corpus/seeds, page furniture included), 9 of their 35 sentences hold a
    dated expression (26%, counted with chrono and checked by eye); we round up, which only makes
    chrono's share of the work heavier (a dated sentence costs it several times an undated one,
    while dateparser pays about the same for both).
  examples: the corpus this script used first: only the example sentences (ar, en and the
    negative corpus) with the same lead-ins and closing clauses; about 85% hold a date.

What it measures, in this one process and single-threaded, as CPU time (time.process_time), so
that other work on the machine does not count:
  * chrono.resolve.resolve over the whole corpus (best of --repeat runs, after a warm-up call);
  * dateparser.search.search_dates(sentence, languages=[lang], settings={RELATIVE_BASE: anchor})
    over a fixed subset only (dateparser is slow), and chrono on the same subset right before and
    right after it (the median of five passes each); the ratio is dateparser's time over the mean
    of those two chrono figures, on the same sentences;
  * `chrono resolve --jsonl` over the whole corpus as one subprocess (start-up included), in
    wall time and in the child's CPU time;
  * the import cost of chrono.resolve: CPU time of `import chrono.resolve` in fresh interpreters
    (median of 5), and the time of the first calls (the patterns are compiled at import, once
    per process).
There are no assertions: it prints figures for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "chrono" / "resolve" / "examples"
SAMPLES = ROOT / "samples" / "articles.jsonl"
DATED_SHARE = 0.30

LEAD_AR = ["", "", "وفي سياق متصل، ", "من جهة أخرى، ", "وبحسب مصادر محلية، ", "وفي تطور لاحق، ",
           "وقال مراسلون في المنطقة إن ", "إلى ذلك، "]
TAIL_AR = ["", "", " وأكدت المصادر أن الوضع لا يزال متوتراً.", " ولم تصدر السلطات أي تعليق على الحادثة.",
           " وسط مخاوف من موجة نزوح جديدة.", " بحسب ما أفاد به ناشطون محليون."]
LEAD_EN = ["", "", "Separately, ", "According to local sources, ", "Meanwhile, ", "In a further development, ",
           "Activists said that "]
TAIL_EN = ["", "", " No group claimed responsibility.", " The authorities did not comment.",
           " Aid agencies warned of a new wave of displacement.", " Residents described the situation as tense."]

# Undated news sentences: who said, what happened, where, a closing clause (written for chrono).
WHO_AR = ["قال مسؤولون محليون إن", "أفاد ناشطون بأن", "ذكرت مصادر طبية أن", "أعلن المجلس المحلي أن", "قال شهود عيان إن",
          "أكدت فرق الدفاع المدني أن", "أشار مزارعون في المنطقة إلى أن", "قالت منظمة إغاثية إن",
          "أوضح مصدر في مديرية الصحة أن", "قال سكان من الحي إن"]
WHAT_AR = ["الطريق الرئيسي أعيد فتحه أمام حركة السيارات", "القصف ألحق أضراراً بعدد من المنازل",
           "المساعدات الغذائية وصلت إلى مئات العائلات", "أزمة المحروقات تتفاقم في المدينة",
           "فرق الصيانة أصلحت خطوط الكهرباء المتضررة", "الأمطار أغرقت عشرات الخيام",
           "المدارس استأنفت الدوام بعد أعمال الترميم", "أسعار الخبز ارتفعت بشكل ملحوظ",
           "الاشتباكات توقفت بعد وساطة عشائرية", "مياه الشرب انقطعت عن عدة قرى"]
COUNTED_AR = ["{n} عائلة نزحت من القرى المجاورة", "{n} شخصاً أصيبوا بجروح متفاوتة", "{n} منزلاً تضررت بشكل كامل",
              "قافلة من {n} شاحنة دخلت المنطقة"]
WHERE_AR = ["في ريف دير الزور الشرقي", "قرب مدينة إدلب", "في حي الأنصاري بحلب", "على ضفاف نهر الفرات", "في سهل حوران",
            "على أطراف مدينة حمص", "في ميناء طرطوس", "شمالي مدينة الرقة", "في منطقة القامشلي", "في ريف حماة الشمالي"]
THEN_AR = ["", "", "، دون أن يحددوا عدد المتضررين", "، وطالبوا الجهات المعنية بالتدخل", "، بحسب ما نقلته وسائل إعلام محلية",
           "، في ظل غياب أي تعليق رسمي", "، وسط حالة من التوتر في المنطقة"]
WHO_EN = ["Local officials said", "Activists reported that", "Medical sources said", "The local council announced that",
          "Witnesses said", "Civil defence teams said", "Farmers in the area said", "An aid organisation said",
          "A health directorate official said", "Residents of the neighbourhood said"]
WHAT_EN = ["the main road had been reopened to traffic", "shelling had damaged several houses",
           "food aid had reached hundreds of families", "the fuel crisis was getting worse in the city",
           "repair crews had fixed the damaged power lines", "heavy rain had flooded dozens of tents",
           "schools had resumed classes after repairs", "the price of bread had risen sharply",
           "the clashes had stopped after tribal mediation", "drinking water had been cut off to several villages"]
COUNTED_EN = ["{n} families had fled the nearby villages", "at least {n} people were wounded",
              "{n} houses had been completely destroyed", "a convoy of {n} trucks had entered the area"]
WHERE_EN = ["in the eastern countryside of Deir ez-Zor", "near the city of Idlib", "in the Ansari district of Aleppo",
            "on the banks of the Euphrates", "in the Hauran plain", "on the outskirts of Homs", "in the port of Tartus",
            "north of Raqqa", "in the Qamishli area", "in the northern countryside of Hama"]
THEN_EN = ["", "", ", without giving the number of people affected", ", and called on the authorities to act",
           ", according to local media", ", amid a lack of any official comment", ", as tension gripped the area"]


def _read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


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


def _templated(rnd: random.Random, lang: str, anchors: list[str]) -> dict:
    who, what, counted, where, then = ((WHO_AR, WHAT_AR, COUNTED_AR, WHERE_AR, THEN_AR) if lang == "ar"
                                       else (WHO_EN, WHAT_EN, COUNTED_EN, WHERE_EN, THEN_EN))
    event = rnd.choice(counted).format(n=rnd.choice((3, 7, 12, 15, 23, 40, 65, 120))) if rnd.random() < 0.25 else rnd.choice(what)
    return {"lang": lang, "text": f"{rnd.choice(who)} {event} {rnd.choice(where)}{rnd.choice(then)}.", "anchor": rnd.choice(anchors)}


def _sample_sentences() -> list[dict]:
    """The sentences of samples/articles.jsonl (title and body), with the article's anchor."""
    out = []
    for article in _read_jsonl(SAMPLES):
        anchor = article.get("published") or ""
        try:
            if datetime.fromisoformat(anchor.replace("Z", "+00:00")).tzinfo is None:
                anchor = ""
        except ValueError:
            anchor = ""
        for part in re.split(r"(?<=[.!?؟])\s+|\n+", article["title"] + "\n" + article["text"]):
            if len(part.strip()) > 10:
                out.append({"lang": article["lang"], "text": part.strip(), "anchor": anchor.replace("Z", "+00:00")})
    return out


def build_corpus(kind: str, size: int, seed: int) -> list[dict]:
    rnd = random.Random(seed)
    dated = _read_jsonl(EXAMPLES / "ar.jsonl") + _read_jsonl(EXAMPLES / "en.jsonl")
    negative = _read_jsonl(EXAMPLES / "negative.jsonl")
    anchors = sorted({r["anchor"] for r in dated + negative})
    if kind == "examples":
        base = dated + negative
        corpus = [{"lang": r["lang"], "text": r["text"], "anchor": r["anchor"]} for r in base]
        while len(corpus) < size:
            corpus.append(_vary(rnd, rnd.choice(base), anchors))
    else:
        samples = _sample_sentences()
        for s in samples:
            s["anchor"] = s["anchor"] or rnd.choice(anchors)
        # a sample sentence counts as dated when it holds one of the date words below (the
        # sample articles are few and fixed; the rule is a word list, not chrono's own answer)
        sample_dated = [s for s in samples if _SAMPLE_DATE_WORDS.search(s["text"])]
        sample_undated = [s for s in samples if not _SAMPLE_DATE_WORDS.search(s["text"])]
        n_dated = round(size * DATED_SHARE)
        corpus = [dict(s) for s in sample_dated]
        while len(corpus) < n_dated:
            corpus.append(_vary(rnd, rnd.choice(dated), anchors))
        corpus += [dict(s) for s in sample_undated]
        corpus += [{"lang": r["lang"], "text": r["text"], "anchor": r["anchor"]} for r in negative]
        while len(corpus) < size:
            corpus.append(_templated(rnd, "ar" if len(corpus) % 2 else "en", anchors))
    corpus = corpus[:size]
    rnd.shuffle(corpus)
    for item in corpus:
        item["anchor_dt"] = datetime.fromisoformat(item["anchor"])
    return corpus


# Date words of the sample articles (they are few and fixed): month names, weekdays, relative days,
# years and day-month figures in both languages.
_SAMPLE_DATE_WORDS = re.compile(
    r"أمس|اليوم|غداً|الماضي|المقبل|الأسبوع|الشهر|العام|الاثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد"
    r"|كانون|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين|\b\d{4}\b|\d{1,2}/\d{1,2}"
    r"|(?i:\b(?:yesterday|today|tomorrow|last|next|week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b)")


def time_chrono(resolve, sentences: list[dict]) -> float:
    start = time.process_time()
    for s in sentences:
        resolve(s["text"], anchor=s["anchor_dt"], lang=s["lang"])
    return time.process_time() - start


def time_dateparser(search_dates, sentences: list[dict]) -> float:
    start = time.process_time()
    for s in sentences:
        search_dates(s["text"], languages=[s["lang"]],
                     settings={"RELATIVE_BASE": s["anchor_dt"].replace(tzinfo=None)})
    return time.process_time() - start


IMPORT_CPU = "import time; t = time.process_time(); import chrono.resolve; print(time.process_time() - t)"
BARE_CPU = "import time; t = time.process_time(); print(time.process_time() - t)"


def import_cost(repeat: int = 5) -> tuple[float, float]:
    """Median CPU seconds of `import chrono.resolve` in a fresh interpreter, and of its start-up."""
    def run(code: str) -> float:
        done = subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, capture_output=True, text=True)
        return float(done.stdout)
    start = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-c", "pass"], check=True, cwd=ROOT)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        start.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(run(IMPORT_CPU) for _ in range(repeat)), statistics.median(start)


FIRST_CALL = """
import json, time
t0 = time.process_time()
import chrono.resolve
from datetime import datetime
t1 = time.process_time()
a = datetime.fromisoformat("2022-10-08T17:41:00+03:00")
chrono.resolve.resolve("ونفذت القوات أمس الخميس عملية في ريف الحسكة.", anchor=a, lang="ar")
t2 = time.process_time()
chrono.resolve.resolve("Warplanes struck Idlib yesterday, Thursday.", anchor=a, lang="en")
t3 = time.process_time()
chrono.resolve.resolve("وقصفت الطائرات أمس الجمعة مواقع في إدلب.", anchor=a, lang="ar")
t4 = time.process_time()
print(json.dumps({"import": t1 - t0, "first_ar": t2 - t1, "first_en": t3 - t2, "second_ar": t4 - t3}))
"""


def first_call() -> dict:
    done = subprocess.run([sys.executable, "-c", FIRST_CALL], check=True, cwd=ROOT, capture_output=True, text=True)
    return json.loads(done.stdout)


def time_cli(sentences: list[dict]) -> tuple[float, float]:
    """Wall and CPU seconds of `chrono resolve --jsonl` over the sentences, as one subprocess."""
    payload = "".join(json.dumps({"id": str(i), "lang": s["lang"], "text": s["text"], "anchor": s["anchor"]},
                                 ensure_ascii=False) + "\n" for i, s in enumerate(sentences))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", "from chrono.cli import main; main()", "resolve", "--jsonl"],
                          input=payload, cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"chrono resolve --jsonl failed:\n{done.stderr[-2000:]}")
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if len(lines) != len(sentences):
        raise SystemExit(f"chrono resolve --jsonl returned {len(lines)} lines for {len(sentences)} inputs")
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=("news", "examples"), default="news")
    parser.add_argument("--size", type=int, default=6000, help="corpus size (at least 5000 for the figures)")
    parser.add_argument("--dateparser-subset", type=int, default=1500, help="sentences given to dateparser")
    parser.add_argument("--seed", type=int, default=20221008)
    parser.add_argument("--repeat", type=int, default=3, help="runs of chrono over the whole corpus (best is kept)")
    args = parser.parse_args()

    corpus = build_corpus(args.corpus, args.size, args.seed)
    subset = corpus[: args.dateparser_subset]
    langs = {lang: sum(1 for s in corpus if s["lang"] == lang) for lang in ("ar", "en")}
    chars = sum(len(s["text"]) for s in corpus)
    print(f"corpus {args.corpus}: {len(corpus)} sentences (ar {langs['ar']}, en {langs['en']}), {chars:,} characters, "
          f"seed {args.seed}")

    from chrono.resolve import resolve

    dated = sum(1 for s in corpus if any(m.date_from for m in resolve(s["text"], anchor=s["anchor_dt"], lang=s["lang"])))
    print(f"sentences where chrono finds a dated mention: {dated} ({dated / len(corpus):.0%})")
    print(f"python {sys.version.split()[0]}, single thread, CPU time (time.process_time)")

    imp, bare = import_cost()
    fc = first_call()
    print(f"import chrono.resolve in a fresh interpreter: {imp:.3f} s CPU (interpreter start-up alone {bare:.3f} s)")
    print(f"first calls in a fresh process: ar {fc['first_ar'] * 1000:.1f} ms, en {fc['first_en'] * 1000:.1f} ms, "
          f"next ar {fc['second_ar'] * 1000:.2f} ms")

    runs = [time_chrono(resolve, corpus) for _ in range(args.repeat)]
    best = min(runs)
    print(f"chrono.resolve, whole corpus: {len(corpus) / best:,.0f} sentences/s "
          f"(best of {args.repeat}: {best:.3f} s; runs {', '.join(f'{r:.3f}' for r in runs)} s)")
    wall, cpu = time_cli(corpus)
    print(f"chrono resolve --jsonl, whole corpus as one process (start-up included): "
          f"{len(corpus) / wall:,.0f} sentences/s wall ({wall:.3f} s), {len(corpus) / cpu:,.0f} sentences/s CPU ({cpu:.3f} s)")

    import dateparser
    from dateparser.search import search_dates

    for lang in ("ar", "en"):
        warm = next(s for s in subset if s["lang"] == lang)
        search_dates(warm["text"], languages=[lang])
    # back to back on the same sentences: chrono, dateparser, chrono. Chrono's pass over the subset is short
    # (tens of milliseconds), so one moment of load on a shared machine moves it by a third: each side is the
    # median of five passes, against dateparser's one pass of over a second.
    before = statistics.median(time_chrono(resolve, subset) for _ in range(5))
    dp = time_dateparser(search_dates, subset)
    after = statistics.median(time_chrono(resolve, subset) for _ in range(5))
    chrono_subset = (before + after) / 2
    print(f"chrono.resolve on the subset of {len(subset)} sentences: {len(subset) / chrono_subset:,.0f} sentences/s "
          f"(median of 5 passes before and of 5 after dateparser: {before:.3f} s, {after:.3f} s)")
    print(f"dateparser {dateparser.__version__} search_dates, languages=[lang], same subset: "
          f"{len(subset) / dp:,.1f} sentences/s ({dp:.3f} s)")
    print(f"ratio chrono / dateparser on the same {len(subset)} sentences: {dp / chrono_subset:,.1f}x")
    print(f"ratio using chrono's whole-corpus rate: {(len(corpus) / best) / (len(subset) / dp):,.1f}x")


if __name__ == "__main__":
    main()
