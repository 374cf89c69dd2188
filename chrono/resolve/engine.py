"""`resolve()`: run a language's rules, settle overlaps, join neighbours, ground against the anchor."""

from __future__ import annotations

import importlib
import re
from bisect import bisect_right
from dataclasses import replace
from datetime import datetime

from chrono.resolve import ground as G
from chrono.resolve.engine_types import Cand
from chrono.resolve.mention import Mention, new_mention
from chrono.resolve.normalize import fold_keeping_offsets, split_clitics
from chrono.resolve.values import UNDATED, Sym

_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LATIN = re.compile(r"[A-Za-z]")
MAX_CHARS_PER_CHUNK = 20_000
PLAN_MAX_CHARS = 2_000
# a text with a plan is read whole: normalising at most doubles an Arabic text (a space after a letter)
assert 2 * PLAN_MAX_CHARS <= MAX_CHARS_PER_CHUNK


_RULES: dict = {}


def rules_for(lang: str):
    """The rules module of a language ("ar" or "en"), imported the first time it is needed: its
    patterns are compiled then, once per process, and a process that reads one language does not
    pay for the other."""
    rules = _RULES.get(lang)
    if rules is None:
        rules = _RULES[lang] = importlib.import_module(f"chrono.resolve.rules_{lang}")
    return rules


def detect_lang(text: str) -> str:
    sample = text[:5000]
    return "ar" if len(_ARABIC.findall(sample)) >= len(_LATIN.findall(sample)) and _ARABIC.search(sample) else "en"


def _select(cands: list[Cand]) -> list[Cand]:
    """Keep the longest candidates that do not overlap (higher priority breaks ties)."""
    if len(cands) < 2:
        return [c for c in cands if c.end > c.start]
    cands = sorted(cands, key=lambda c: (-(c.end - c.start), -c.prio, c.start))
    taken: list[Cand] = []
    starts: list[int] = []  # the kept spans, sorted and disjoint
    ends: list[int] = []
    for c in cands:
        if c.end <= c.start:
            continue
        i = bisect_right(starts, c.start)
        if (i > 0 and ends[i - 1] > c.start) or (i < len(starts) and starts[i] < c.end):
            continue
        starts.insert(i, c.start)
        ends.insert(i, c.end)
        taken.append(c)
    return sorted(taken, key=lambda c: c.start)


_JOINABLE = {"relday", "weekday", "relday_wd", "date", "date_wd", "month", "year", "unit", "hdate", "hmonth",
             "hyear", "holiday", "decade", "century", "part", "pod", "clock", "night", "anaphor", "with_pod",
             "weekend", "half_of", "half_month", "quarter_of", "date_relmonth", "month_days", "earlier_later",
             "week_of_month", "month_prev_year"}


_BARE_TO = re.compile(r"^\s*(?:to|through|until|till|الي|حتي)\s+$|^\s*[–—]\s*$", re.I)  # Arabic as normalised
_DAY_LEVEL = {"relday", "weekday", "relday_wd", "date", "date_wd", "hdate", "pod"}
_CLOCK_GAP = re.compile(r"^[\s,،]*(?:(?:عند|في|تمام|في\s+تمام|نحو|حوالي|at|around|about|shortly\s+after|shortly\s+before)\s*)?$", re.I)


def _clock_days(text: str, cands: list[Cand]) -> list[Cand]:
    """A clock time right after a day ('الخميس عند الساعة 11 ليلاً', 'on Monday, at 10 a.m.') takes that day."""
    out: list[Cand] = []
    for c in cands:
        if (c.sym.op == "clock" and c.sym.get("base") is None and out and out[-1].sym.op in _DAY_LEVEL
                and _CLOCK_GAP.match(text[out[-1].end:c.start])):
            prev = out.pop()
            base, pod = prev.sym, c.sym.get("pod")
            if base.op == "pod":
                base, pod = base.get("base"), pod or base["pod"]
            sym = c.sym.with_(base=base, pod=pod)  # grounding moves 'الثامنة' past noon for an evening
            out.append(Cand(prev.start, c.end, sym, c.rule))
            continue
        out.append(c)
    return out


def _join(text: str, cands: list[Cand], rules) -> list[Cand]:
    """Clock times onto their day, between/from–to pairs, then since/until prefixes."""
    if not cands:
        return cands
    cands = _clock_days(text, cands)
    out: list[Cand] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        before = rules.connector_before(text, c.start) if c.sym.op in _JOINABLE else None
        if before is None or before[0] not in ("since", "until", "between", "from"):
            if (i + 1 < len(cands) and c.sym.op in ("year", "month") and cands[i + 1].sym.op == c.sym.op
                    and _BARE_TO.match(text[c.end:cands[i + 1].start])):
                nxt = cands[i + 1]  # '2015 to 2019', 'March through May'
                out.append(Cand(c.start, nxt.end, Sym("between", a=c.sym, b=nxt.sym, parts=(c, nxt)), rules.PREFIX + ".between"))
                i += 2
                continue
            out.append(c)
            i += 1
            continue
        if i + 1 < len(cands) and cands[i + 1].sym.op in _JOINABLE:
            nxt = cands[i + 1]
            if before[0] in ("between", "from") and rules.connector_between(text, c.end, nxt.start):
                out.append(Cand(before[1], nxt.end, Sym("between", a=c.sym, b=nxt.sym, parts=(c, nxt)), rules.PREFIX + ".between"))
                i += 2
                continue
        if before[0] in ("since", "until") and not (out and out[-1].end > before[1]):
            sym = Sym(before[0], base=c.sym)
            if before[0] == "until":
                sym = sym.with_(past_clause=rules.past_clause(text, before[1], c.end))
            out.append(Cand(before[1], c.end, sym, rules.PREFIX + "." + before[0]))
            i += 1
            continue
        out.append(c)
        i += 1
    return out


def _as_datetime_check(anchor: datetime) -> None:
    if not isinstance(anchor, datetime):
        raise ValueError("anchor must be a datetime")
    if anchor.tzinfo is None or anchor.tzinfo.utcoffset(anchor) is None:
        raise ValueError("anchor must be timezone-aware (e.g. 2022-10-08T17:41:00+03:00)")


def resolve(text: str, *, anchor: datetime, lang: str | None = None) -> list[Mention]:
    """Every temporal expression in `text`, resolved against `anchor` (see docs/dates.md)."""
    _as_datetime_check(anchor)
    if lang not in (None, "ar", "en"):
        raise ValueError(f"lang must be 'ar', 'en' or None, not {lang!r}")
    if not isinstance(text, str) or not text:
        return []
    lang = lang or detect_lang(text)
    rules = _RULES.get(lang) or rules_for(lang)
    # the readers to run, told by the text's tokens (None: they do not tell; see scan.TokenPlan).
    # Only for short texts: most of them hold no date, and then nothing more is done; a long one
    # nearly always holds one, and its tokens, often new, would cost more to learn than they save
    todo = rules.plan(text) if len(text) <= PLAN_MAX_CHARS else None
    if todo == 0:
        return []  # no pattern would run: nothing to fold or normalise
    screened = splits = None  # what the Arabic screen and normaliser learnt of the text, for the scanner
    if lang == "ar":
        folded = fold_keeping_offsets(text)
        if todo is None:
            screened = rules.screen(folded.text)
            if screened is None:
                return []
            splits = []
        norm = split_clitics(folded, splits=splits)
        work, mapper = norm.text, norm.span
    else:
        work, mapper = text, None  # English is read as written: offsets are the text's own
    mentions: list[Mention] = []
    prev: G.Iv | None = None
    # long texts are read paragraph by paragraph so that every pattern stays local (a plan is
    # only told for texts short enough to be read whole)
    whole = len(work) <= MAX_CHARS_PER_CHUNK
    for off, chunk in (((0, work),) if whole else _chunks(work)):
        try:
            if not whole:
                cands = rules.candidates(chunk)
            elif todo is not None:
                cands = rules.run(chunk, todo)
            else:
                cands = rules.candidates(chunk, screened, splits)
        except RecursionError:
            cands = []
        if not cands:
            continue
        cands = _join(chunk, _select(cands), rules)
        for c in cands:
            m, iv = _build(text, chunk, off, c, anchor, prev, rules, mapper)
            if isinstance(m, _Pair):
                mentions.extend(x for x in m if x is not None)
            elif m is not None:
                mentions.append(m)
            if iv is not None:
                prev = iv
    if len(mentions) < 2:
        return mentions
    mentions.sort(key=_span_of)
    return _double_dating(text, mentions)


def _span_of(m: Mention) -> tuple[int, int]:
    return m.span


_EQUIV = re.compile(r"^\s*[,،(]?\s*(?:الموافق|الموافقة|الذي\s+يوافق|التي\s+توافق|يوافق|الموافق\s+ل|الموافق\s+لـ|corresponding\s+to|i\.e\.|or)?\s*\(?\s*$", re.I)

_AGREES_RE = re.compile(r"وافق|correspond|\(")

def _double_dating(text: str, mentions: list[Mention]) -> list[Mention]:
    """'12 ربيع الأول 1444 هـ الموافق 8 تشرين الأول 2022 م': two mentions of one day; flag both if they differ."""
    out = list(mentions)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        hijri = ("hijri" in a.rule) != ("hijri" in b.rule)
        if not hijri or a.kind != "point" or b.kind != "point" or a.grain not in ("day",) or b.grain not in ("day",):
            continue
        gap = text[a.span[1]:b.span[0]]
        if len(gap) > 30 or not _EQUIV.match(gap) or not _AGREES_RE.search(gap + text[b.span[0] - 1:b.span[0]]):
            continue
        if a.date_from != b.date_from:
            note = f"; double dating disagrees ({a.date_from} vs {b.date_from})"
            out[i] = replace(a, flags=a.flags + ("conflict",) if "conflict" not in a.flags else a.flags, explanation=a.explanation + note)
            out[i + 1] = replace(b, flags=b.flags + ("conflict",) if "conflict" not in b.flags else b.flags, explanation=b.explanation + note)
    return out


_QUOTED = re.compile(r"'([^']+)'")


def _original_words(q: re.Match, text: str, chunk: str, off: int, c: Cand, mapper) -> str:
    """Show the words of an explanation as the article wrote them, not in normalised form."""
    k = chunk.find(q.group(1), c.start, c.end)
    if k < 0:
        return q.group()
    s, e = mapper(off + k, off + k + len(q.group(1))) if mapper is not None else (off + k, off + k + len(q.group(1)))
    return f"'{text[s:e]}'"


class _Pair(tuple):
    def __new__(cls, a, b):
        return super().__new__(cls, (a, b))


def _chunks(work: str):
    if len(work) <= MAX_CHARS_PER_CHUNK:
        yield 0, work
        return
    pos = 0
    n = len(work)
    while pos < n:
        end = min(n, pos + MAX_CHARS_PER_CHUNK)
        if end < n:
            cut = max(work.rfind("\n", pos, end), work.rfind(". ", pos, end), work.rfind(" ", pos, end))
            if cut > pos + MAX_CHARS_PER_CHUNK // 2:
                end = cut + 1
        yield pos, work[pos:end]
        pos = end


def _build(text, chunk, off, c: Cand, anchor, prev, rules, mapper):
    s, e = mapper(off + c.start, off + c.end) if mapper is not None else (off + c.start, off + c.end)
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e <= s:
        return None, None
    surface = text[s:e]
    if c.sym.op in UNDATED:
        kind = c.sym.op
        why = "a length of time, not a date" if kind == "duration" else "a repeated time, not a date"
        return new_mention(surface, (s, e), kind, None, None, None, None, None, None, None, (), c.rule, why), None
    ctx = G.Ctx(anchor, anchor.date(), None, prev, None, lambda: rules.looks_ahead(chunk, c.start, c.end))
    iv = G.ground(c.sym, ctx)
    if iv is None and c.sym.op == "between":
        # the two ends do not make a stretch: keep them as two mentions
        first, second = c.sym["parts"]
        m1, iv1 = _build(text, chunk, off, first, anchor, prev, rules, mapper)
        m2, iv2 = _build(text, chunk, off, second, anchor, iv1 or prev, rules, mapper)
        return _Pair(m1, m2), iv2 or iv1
    if iv is None and c.sym.op == "after":
        # no date to anchor it on: a length of time
        return new_mention(surface, (s, e), "duration", None, None, None, None, None, None, None, (), c.rule,
                       "a length of time, not a date"), None
    if iv is None:
        return None, None
    flags = tuple(dict.fromkeys(iv.flags)) if iv.flags else ()
    why = iv.why
    if mapper is not None and "'" in why:  # Arabic: the words were quoted as normalised
        why = _QUOTED.sub(lambda q: _original_words(q, text, chunk, off, c, mapper), why)
    kind = iv.kind
    if kind == "point" and iv.d0 != iv.d1 and iv.grain not in ("part_of_day",):
        kind = "range"
    if kind == "range" and iv.d0 == iv.d1 and iv.grain in ("day", "time", "part_of_day"):
        kind = "point"
    # text, span, kind, date_from, date_to, time_from, time_to, grain, value, edtf, flags, rule, explanation
    m = new_mention(surface, (s, e), kind, iv.d0, iv.d1, iv.t0, iv.t1, iv.grain, iv.value, G.edtf_of(iv), flags, c.rule, why)
    return m, iv


__all__ = ["resolve", "detect_lang"]
