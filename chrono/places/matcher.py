"""Find places in Arabic and English news text.

Steps: words and keys (`words.py`) → every name the automaton finds → which of them may stand
without a cue word → longest non-overlapping matches → one region per match, decided by cue words,
then by context (`disambiguate.py`). Each mention records the rule that placed it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from chrono.places.automaton import Pattern, automaton
from chrono.places.gazetteer import Gazetteer, Region, gazetteer
from chrono.places.normalize import normalize_ar
from chrono.places.words import Word, lexicon, strip_clitic, words

# Between a cue word and the name only spaces, quotes and a hyphen may stand.
_CUE_GAP = re.compile(r"^[\s\"'«»“”‘’\-–:]*$")
_LIST_GAP = re.compile(r"^[\s\"'«»“”‘’]*(?:[,،]|and|&)?[\s\"'«»“”‘’]*$")
_SENTENCE_END = re.compile(r"[.!?؟\n]")


@dataclass
class PlaceMention:
    """A place found in a text. `pcode` is None when the context could not decide between
    `candidates`; `chain` runs from the region up to its country."""

    start: int
    end: int
    text: str
    pcode: str | None
    level: str | None
    name_en: str | None
    name_ar: str | None
    admin1_pcode: str | None
    chain: list[tuple[str, str, str | None, str | None]] = field(default_factory=list)
    candidates: tuple[str, ...] = ()
    rule: str = "name"
    cue: str | None = None
    qualifier: str | None = None

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def surface(self) -> str:
        return self.text

    @property
    def region(self) -> Region | None:
        return gazetteer().get(self.pcode)

    def as_dict(self) -> dict:
        return {"text": self.text, "span": [self.start, self.end], "pcode": self.pcode, "level": self.level,
                "admin1_pcode": self.admin1_pcode, "name_en": self.name_en, "name_ar": self.name_ar}


@dataclass(eq=False)  # compared by identity: matches are kept in lists and sets
class Hit:
    first: int  # index of the first word
    last: int  # index of the last word (inclusive)
    pattern: Pattern
    pcodes: list[str]
    cue: str | None = None  # cue kind
    cue_word: str | None = None
    qualifier: str | None = None
    sentence: int = 0
    repeat: bool = False  # a village named again after a mention with a cue

    @property
    def size(self) -> int:
        return self.last - self.first + 1


def _hits(text: str, ws: list[Word]) -> list[Hit]:
    auto, patterns = automaton()
    kept = [i for i, w in enumerate(ws) if w.key]
    parts = []
    starts: dict[int, int] = {}
    pos = 0
    for n, i in enumerate(kept):
        starts[pos] = n
        parts.append(ws[i].key)
        pos += len(ws[i].key) + 1
    joined = " " + " ".join(parts) + " "
    out = []
    for end, idx in auto.iter(joined):
        pat = patterns[idx]
        begin = end - pat.length + 1
        n0 = starts.get(begin)
        if n0 is None:
            continue
        n1 = n0 + pat.size - 1
        out.append(Hit(kept[n0], kept[n1], pat, [e.pcode for e in pat.entries]))
    return out


def _gap(text: str, a: Word, b: Word) -> str:
    return text[a.end:b.start]


def _cue_before(text: str, ws: list[Word], h: Hit, lex) -> tuple[str | None, str | None, str | None]:
    """(cue kind, cue word, qualifier) from the words before the match."""
    i = h.first
    if ws[i].article and i > 0 and not ws[i - 1].key:
        i -= 1  # the dropped Latin article belongs to the name
    if i == 0:
        return None, None, None
    prev = ws[i - 1]
    if not _CUE_GAP.match(_gap(text, prev, ws[i])):
        return None, None, None
    key = prev.key
    if prev.arabic and h.pattern.prefix == "":
        cue = strip_clitic(key, lex.cues.keys())
        if cue:
            return lex.cues[cue], prev.text, "countryside" if lex.cues[cue] == "countryside" else None
        d = strip_clitic(key, lex.directions)
        if d:
            return "direction", prev.text, "near"
        return None, None, None
    if not prev.arabic:
        if key in lex.cues and lex.cues[key] in ("countryside",) and prev.text.lower() == "rural":
            return "countryside", prev.text, "countryside"
        if key in lex.directions:
            return "direction", prev.text, "near"
        if key in ("uf", "of") and i >= 2:  # "village of X", "north of X", "the countryside of X"
            p2 = ws[i - 2]
            if p2.key in lex.cues:
                kind = lex.cues[p2.key]
                return kind, p2.text, "countryside" if kind == "countryside" else None
            if p2.key in lex.directions:
                return "direction", p2.text, "near"
    return None, None, None


def _cue_after(text: str, ws: list[Word], h: Hit, lex) -> tuple[str | None, str | None, str | None]:
    """English: "Qamishli countryside", "Hasakah province", "Mulouk Saray village"."""
    j = h.last + 1
    if j >= len(ws) or ws[h.last].arabic or ws[j].arabic:
        return None, None, None
    if not re.match(r"^[\s\-]*$", _gap(text, ws[h.last], ws[j])):
        return None, None, None
    key = ws[j].key
    if key in lex.cues:
        kind = lex.cues[key]
        return kind, ws[j].text, "countryside" if kind == "countryside" else None
    return None, None, None


def _eligible(g: Gazetteer, h: Hit, ws: list[Word], lex) -> list[str]:
    """The regions this match may stand for: common-word names need a cue (or, in English, an
    article); villages not known as towns need a cue word."""
    common = h.pattern.key in lex.needs_cue
    first = ws[h.first]
    if not first.arabic and not first.capital:
        # Latin names are written with a capital; only macro-regions ("northeast Syria") are not.
        return [p for p in h.pcodes if g[p].level == "macro"]
    article = not first.arabic and first.article
    # A settlement cue (قرية, مدينة, ريف, …) opens every village; a facility cue (حقل, معبر) not the
    # villages whose name is also a common word (حقل العمر is an oil field, not the village العمر).
    opens_villages = h.cue not in (None, "direction") and not (h.cue == "facility" and common)
    out = []
    for e in h.pattern.entries:
        reg = g[e.pcode]
        if reg.level != "place" or reg.notable:
            if not common or h.cue is not None or article:
                out.append(e.pcode)
        elif opens_villages:
            out.append(e.pcode)
    return out


def scan(text: str) -> list[Hit]:
    """Matches with their cue words, before any choice between regions."""
    g = gazetteer()
    lex = lexicon()
    ws = words(text)
    raw = _hits(text, ws)
    sentence_of = _sentences(text, ws)
    for h in raw:
        h.cue, h.cue_word, h.qualifier = _cue_before(text, ws, h, lex)
        if h.cue is None:
            h.cue, h.cue_word, h.qualifier = _cue_after(text, ws, h, lex)
        h.sentence = sentence_of[h.first]
    eligible = []
    blockers = []
    for h in raw:
        if h.pattern.entries[0].pcode == "":
            blockers.append(h)
            continue
        ok = _eligible(g, h, ws, lex)
        if ok:
            h.pcodes = ok
            eligible.append(h)
    chosen = _longest(eligible + blockers)
    # A list after a cue shares the cue: قرى X وY وZ, the villages of X, Y and Z. A name already
    # found without a cue gains the cue too, and with it the villages of that name.
    taken = {i for h in chosen for i in range(h.first, h.last + 1)}
    chosen.sort(key=lambda h: h.first)
    for h in sorted(raw, key=lambda h: (h.first, -h.size)):
        if h in blockers or h.cue is not None:
            continue
        if h not in chosen and any(i in taken for i in range(h.first, h.last + 1)):
            continue
        prev = _previous(chosen, h.first)
        if prev is None or prev.cue in (None, "direction") or prev.last >= h.first:
            continue
        gap = text[ws[prev.last].end:ws[h.first].start]
        joined = (h.pattern.prefix.startswith("و") and _CUE_GAP.match(gap)) or _LIST_GAP.match(gap)
        if not joined:
            continue
        h.cue, h.cue_word, h.qualifier = prev.cue, prev.cue_word, prev.qualifier
        ok = _eligible(g, h, ws, lex)
        if ok and h not in chosen:
            chosen.append(h)
            chosen.sort(key=lambda x: x.first)
            taken.update(range(h.first, h.last + 1))
        if ok:
            h.pcodes = ok
    # A village once named with a cue may be named again without one (قرية ملوك سراي … في ملوك سراي),
    # unless its name is also a common word.
    cued = {h.pattern.key: h for h in chosen if h.cue not in (None, "direction") and h not in blockers}
    for h in sorted(raw, key=lambda h: (h.first, -h.size)):
        if h in blockers or h in chosen or h.pattern.key not in cued or h.pattern.key in lex.needs_cue:
            continue
        if any(i in taken for i in range(h.first, h.last + 1)):
            continue
        first = cued[h.pattern.key]
        h.cue, h.cue_word, h.qualifier, h.repeat = first.cue, None, first.qualifier, True
        ok = _eligible(g, h, ws, lex)
        if ok:
            h.pcodes = ok
            chosen.append(h)
            taken.update(range(h.first, h.last + 1))
    chosen.sort(key=lambda x: x.first)
    chosen = [h for h in chosen if h not in blockers]
    for h in chosen:
        h.words = ws  # type: ignore[attr-defined]
    return chosen


def _previous(hits: list[Hit], first: int) -> Hit | None:
    before = [h for h in hits if h.last < first]
    return before[-1] if before else None


def _longest(hits: list[Hit]) -> list[Hit]:
    taken: set[int] = set()
    out = []
    for h in sorted(hits, key=lambda h: (-h.size, h.first, h.pattern.prefix != "")):
        span = range(h.first, h.last + 1)
        if any(i in taken for i in span):
            continue
        taken.update(span)
        out.append(h)
    return sorted(out, key=lambda h: h.first)


def _sentences(text: str, ws: list[Word]) -> list[int]:
    out = []
    n = 0
    pos = 0
    for w in ws:
        if _SENTENCE_END.search(text, pos, w.start):
            n += 1
        out.append(n)
        pos = w.start
    return out


def span_of(h: Hit, text: str) -> tuple[int, int]:
    ws: list[Word] = h.words  # type: ignore[attr-defined]
    first = h.first
    if ws[first].article and first > 0 and not ws[first - 1].key:
        first -= 1
    start = ws[first].start
    prefix = h.pattern.prefix
    if prefix and not (prefix.endswith("ل") and h.pattern.key.startswith("ال")):
        # The attached prefix (و, ب, ل, …) is not part of the place name.
        start = _skip_letters(text, start, len(prefix))
    return start, ws[h.last].end


def _skip_letters(text: str, pos: int, n: int) -> int:
    while n > 0 and pos < len(text):
        if normalize_ar(text[pos]):
            n -= 1
        pos += 1
    while pos < len(text) and not normalize_ar(text[pos]):
        pos += 1  # diacritics of the prefix
    return pos
