"""`resolve()`: run a language's rules, settle overlaps, join neighbours, ground against the anchor."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from datetime import date, datetime

from chrono.resolve import ground as G
from chrono.resolve import rules_ar, rules_en
from chrono.resolve.engine_types import Cand
from chrono.resolve.mention import Mention
from chrono.resolve.normalize import normalize_ar
from chrono.resolve.values import UNDATED, Sym

_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LATIN = re.compile(r"[A-Za-z]")
MAX_CHARS_PER_CHUNK = 20_000


def detect_lang(text: str) -> str:
    sample = text[:5000]
    return "ar" if len(_ARABIC.findall(sample)) >= len(_LATIN.findall(sample)) and _ARABIC.search(sample) else "en"


def _select(cands: list[Cand]) -> list[Cand]:
    """Keep the longest candidates that do not overlap (higher priority breaks ties)."""
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
             "weekend", "half_of", "half_month", "quarter_of", "date_relmonth", "month_days", "earlier_later"}


def _join(text: str, cands: list[Cand], rules) -> list[Cand]:
    """Between/from–to pairs, then since/until prefixes."""
    out: list[Cand] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        if i + 1 < len(cands) and c.sym.op in _JOINABLE and cands[i + 1].sym.op in _JOINABLE:
            nxt = cands[i + 1]
            before = rules.connector_before(text, c.start)
            if before and before[0] in ("between", "from") and rules.connector_between(text, c.end, nxt.start):
                out.append(Cand(before[1], nxt.end, Sym("between", a=c.sym, b=nxt.sym, parts=(c, nxt)), rules.PREFIX + ".between"))
                i += 2
                continue
        if c.sym.op in _JOINABLE:
            before = rules.connector_before(text, c.start)
            if before and before[0] in ("since", "until") and not (out and out[-1].end > before[1]):
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
    rules = rules_ar if lang == "ar" else rules_en
    if lang == "ar":
        norm = normalize_ar(text)
        work, mapper = norm.text, norm.span
    else:
        work, mapper = text, (lambda s, e: (s, e))
    mentions: list[Mention] = []
    prev: G.Iv | None = None
    # long texts are read paragraph by paragraph so that every pattern stays local
    for off, chunk in _chunks(work):
        try:
            cands = rules.candidates(chunk)
        except RecursionError:
            cands = []
        cands = _join(chunk, _select(cands), rules)
        for c in cands:
            m, iv = _build(text, chunk, off, c, anchor, prev, rules, mapper)
            if isinstance(m, _Pair):
                mentions.extend(x for x in m if x is not None)
            elif m is not None:
                mentions.append(m)
            if iv is not None:
                prev = iv
    mentions.sort(key=lambda m: m.span)
    return _double_dating(text, mentions)


_EQUIV = re.compile(r"^\s*[,،(]?\s*(?:الموافق|الموافقة|الذي\s+يوافق|التي\s+توافق|يوافق|الموافق\s+ل|الموافق\s+لـ|corresponding\s+to|i\.e\.|or)?\s*\(?\s*$", re.I)


def _double_dating(text: str, mentions: list[Mention]) -> list[Mention]:
    """'12 ربيع الأول 1444 هـ الموافق 8 تشرين الأول 2022 م': two mentions of one day; flag both if they differ."""
    out = list(mentions)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        hijri = ("hijri" in a.rule) != ("hijri" in b.rule)
        if not hijri or a.kind != "point" or b.kind != "point" or a.grain not in ("day",) or b.grain not in ("day",):
            continue
        gap = text[a.span[1]:b.span[0]]
        if len(gap) > 30 or not _EQUIV.match(gap) or not re.search(r"وافق|correspond|\(", gap + text[b.span[0] - 1:b.span[0]]):
            continue
        if a.date_from != b.date_from:
            note = f"; double dating disagrees ({a.date_from} vs {b.date_from})"
            out[i] = replace(a, flags=a.flags + ("conflict",) if "conflict" not in a.flags else a.flags, explanation=a.explanation + note)
            out[i + 1] = replace(b, flags=b.flags + ("conflict",) if "conflict" not in b.flags else b.flags, explanation=b.explanation + note)
    return out


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
    s, e = mapper(off + c.start, off + c.end)
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
        return Mention(surface, (s, e), kind, None, None, None, None, None, None, None, (), c.rule, why), None
    ctx = G.Ctx(anchor, anchor.date(), prev=prev, future_fn=lambda: rules.looks_ahead(chunk, c.start, c.end))
    iv = G.ground(c.sym, ctx)
    if iv is None and c.sym.op == "between":
        # the two ends do not make a stretch: keep them as two mentions
        first, second = c.sym["parts"]
        m1, iv1 = _build(text, chunk, off, first, anchor, prev, rules, mapper)
        m2, iv2 = _build(text, chunk, off, second, anchor, iv1 or prev, rules, mapper)
        return _Pair(m1, m2), iv2 or iv1
    if iv is None:
        return None, None
    flags = tuple(dict.fromkeys(iv.flags))
    kind = iv.kind
    if kind == "point" and iv.d0 != iv.d1 and iv.grain not in ("part_of_day",):
        kind = "range"
    if kind == "range" and iv.d0 == iv.d1 and iv.grain in ("day", "time", "part_of_day"):
        kind = "point"
    m = Mention(
        text=surface, span=(s, e), kind=kind, date_from=iv.d0, date_to=iv.d1,
        time_from=iv.t0, time_to=iv.t1, grain=iv.grain, value=iv.value, edtf=G.edtf_of(iv),
        flags=flags, rule=c.rule, explanation=iv.why,
    )
    return m, iv


__all__ = ["resolve", "detect_lang", "date"]
