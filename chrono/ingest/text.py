"""From page text to the article's body and its sentences.

- `detect_lang`: Arabic or English by script.
- `clean`: drops page furniture line by line (share buttons, font-size widgets, counters, disclaimers,
  source and credit lines, related-links labels, short label lines) and the dateline, and takes a
  headline off the top. The word lists are data in `boilerplate.json` beside this module.
- `sentences`: splits on . ! ? ؟ ؛ … and line breaks (not inside numbers like 2022.10.08 or after
  abbreviations like U.S. or Mr.); the Arabic comma is a clause mark in news prose, so a sentence
  is cut at "، و…" only when it runs very long.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_ARABIC = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")
_LATIN = re.compile(r"[A-Za-z]")
_WORDS = re.compile(r"[\w\u0621-\u064A\u0671-\u06D3]+")
LONG_SENTENCE = 400


def detect_lang(text: str) -> str | None:
    """"ar" or "en" by which script has more letters; None for text with neither."""
    sample = text[:5000]
    ar = len(_ARABIC.findall(sample))
    en = len(_LATIN.findall(sample))
    if not ar and not en:
        return None
    return "ar" if ar >= en else "en"


@lru_cache(maxsize=1)
def _rules():
    data = json.loads((Path(__file__).with_name("boilerplate.json")).read_text(encoding="utf-8"))
    whole = {w.casefold() for w in data["whole_lines"]}
    starts = re.compile(r"^\s*(?:" + "|".join(data["line_starts"]) + r")", re.IGNORECASE)
    anywhere = re.compile("|".join(data["line_contains"]), re.IGNORECASE)
    return whole, starts, anywhere


@dataclass(frozen=True)
class Cleaned:
    title: str | None
    body: str


_TERMINAL = re.compile(r"[.!?؟؛…:\"”»)]\s*$")


def is_furniture(line: str) -> bool:
    """Whether a line of page text is furniture rather than part of the story."""
    stripped = line.strip().strip("|•·-–—*#").strip()
    if not stripped:
        return True
    whole, starts, anywhere = _rules()
    if stripped.casefold() in whole:
        return True
    if starts.search(stripped) or anywhere.search(stripped):
        return True
    words = _WORDS.findall(stripped)
    if not any(w for w in words if not w.isdigit()):
        return True  # counters, bare numbers, symbols
    # Short label-like lines (menus, bylines, "Istanbul - agencies"): no verb-length sentence, no full stop.
    return len(words) < 4 and not _TERMINAL.search(stripped)


def clean(text: str, *, title: str | None = None, drop: tuple[int, int] | None = None,
          take_headline: bool = False) -> Cleaned:
    """The story's body: furniture lines dropped, the `drop` span (a dateline) cut out, paragraphs joined
    by blank lines. With `take_headline`, a first line that reads as a headline becomes the title."""
    if drop:
        text = text[: drop[0]] + "\n" + text[drop[1]:]
    kept: list[str] = []
    for raw_line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = re.sub(r"[ \t\u00a0\u200b\u200e\u200f]+", " ", raw_line).strip()
        if is_furniture(line):
            continue
        if title and line.strip() == title.strip():
            continue
        kept.append(line)
    if take_headline and not title and kept and _looks_like_headline(kept[0], kept[1:]):
        title = kept.pop(0)
    return Cleaned(title, "\n\n".join(kept))


def _looks_like_headline(line: str, rest: list[str]) -> bool:
    if not rest or len(line) > 200 or re.search(r"[.!؟?]$", line):
        return False
    return len(_WORDS.findall(line)) < len(_WORDS.findall(rest[0])) or len(rest[0]) > 200


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


_ABBREV = {"mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj", "st", "sen", "rep", "gov",
           "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "vs", "etc",
           "inc", "ltd", "co", "corp", "jr", "sr", "approx", "est", "fig", "al"}
_BREAK = re.compile(r"\n\s*\n|\n|[!?؟؛…]+[\"”’»)\]]*|\.+[\"”’»)\]]*")


def sentences(body: str) -> list[Sentence]:
    """The sentences of `body` with their `[start, end)` offsets in it."""
    out: list[Sentence] = []
    start = 0
    for m in _BREAK.finditer(body):
        if m.group().startswith(".") and not _full_stop(body, m):
            continue
        _emit(body, start, m.end(), out)
        start = m.end()
    _emit(body, start, len(body), out)
    return out


def _full_stop(body: str, m: re.Match) -> bool:
    before = body[max(0, m.start() - 64): m.start()]  # a window, not the whole prefix: stays linear
    after = body[m.end(): m.end() + 2]
    if after[:1].isdigit() and before[-1:].isdigit():
        return False  # 2022.10.08, 3.5
    if after[:1] and not after[:1].isspace() and after[:1] not in "\"”«(":
        return False  # U.S.-backed, e.g.x
    word = re.search(r"([A-Za-z]+)$", before)
    if word and m.group() == ".":
        w = word.group(1)
        if w.lower() in _ABBREV or len(w) == 1:
            return False
        nxt = re.match(r"\s+(\S)", body[m.end(): m.end() + 3])
        if nxt and nxt.group(1).islower():
            return False
    return True


def _emit(body: str, start: int, end: int, out: list[Sentence]) -> None:
    seg = body[start:end]
    lead = len(seg) - len(seg.lstrip())
    seg = seg.strip()
    if not seg or not _WORDS.search(seg):
        return
    s = start + lead
    if len(seg) <= LONG_SENTENCE:
        out.append(Sentence(s, s + len(seg), seg))
        return
    # A run-on sentence: cut at an Arabic comma that opens a new clause with و.
    pieces = [p.end() - 1 for p in re.finditer(r"،\s*(?=و[\u0621-\u064A])", seg)]
    cuts, last = [], 0
    for p in pieces:
        if p - last >= 120 and len(seg) - p >= 60:
            cuts.append(p + 1)
            last = p + 1
    bounds = [0, *cuts, len(seg)]
    for a, b in zip(bounds, bounds[1:]):
        piece = seg[a:b]
        lead2 = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if piece:
            out.append(Sentence(s + a + lead2, s + a + lead2 + len(piece), piece))
