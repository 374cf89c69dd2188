"""Republication chains: where a report's information comes from, when the text says so.

Article level (the whole article is another outlet's): a line `المصدر: فرانس 24`, `Source: Reuters`,
`نقلاً عن …` on its own line, or a wire dateline `BEIRUT (AFP) -`. Sentence level (one statement is
an agency's): `AFP reported`, `according to Reuters`, `citing SANA`, `وفقاً لـ…`, `نقلاً عن…`, `بحسب
…`, `أفادت … ` with a known agency (data/agencies.json). A report that merely tells of an agency's
photos or quotes a person who spoke to an agency is not a republication: it counts as its own source.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from chrono.resolve.normalize import fold_ar

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True, slots=True)
class Origin:
    origin: str               # the earliest outlet named
    chain: tuple[str, ...]    # outlets named, nearest first
    evidence: str             # the text that says so


@cache
def _agencies() -> list[tuple[str, str, re.Pattern]]:
    """(canonical name, alias, pattern) longest alias first, matched on folded text."""
    raw = json.loads((DATA / "agencies.json").read_text(encoding="utf-8"))["agencies"]
    out = []
    for name, aliases in raw.items():
        for alias in aliases:
            folded = _fold(alias)
            flags = 0 if alias.isupper() else re.IGNORECASE  # AP, RT only in capitals
            out.append((name, alias, re.compile(rf"(?<![\w]){re.escape(folded)}(?![\w])", flags)))
    out.sort(key=lambda t: -len(t[1]))
    return out


def _fold(text: str) -> str:
    return fold_ar(text)


def canonical(name: str) -> str:
    """The agency a written name stands for, or the name itself tidied."""
    folded = _fold(name).strip()
    for canon, _alias, pattern in _agencies():
        if pattern.fullmatch(folded) or pattern.fullmatch(re.sub(r"^(?:وكاله|صحيفه|موقع|قناه)\s+", "", folded)):
            return canon
    return re.sub(r"\s+", " ", name).strip(" .:-–—،,")


def _agency_at(text: str, start: int) -> str | None:
    """The known agency named right at `start` of folded `text` (after an optional وكالة/ل)."""
    rest = text[start:start + 60]
    rest = re.sub(r"^(?:ل(?!ل)|لـ)?\s*(?:وكاله\s+|صحيفه\s+|موقع\s+|قناه\s+)?", "", rest)
    for canon, _alias, pattern in _agencies():
        m = pattern.match(rest)
        if m:
            return canon
    return None


_SOURCE_LINE = re.compile(r"^[ \t]*(?:المصدر|مصدر الخبر|source)[ \t]*[:：][ \t]*(?P<name>[^\n]{2,60}?)[ \t]*$",
                          re.IGNORECASE | re.MULTILINE)
_VIA_LINE = re.compile(r"^[ \t]*(?:نقلا|نقلاً) عن[ \t]+(?P<name>[^\n]{2,60}?)[ \t.]*$", re.MULTILINE)
_DATELINE = re.compile(r"^[ \t]*[A-Z][A-Za-z .'-]{1,30}\((?P<name>AFP|Reuters|AP|Anadolu)\)[ \t]*[-–—]", re.MULTILINE)
_SENTENCE_CUES = re.compile(
    r"(?:according to|citing|quoted by|reported by|وفقا|وفقاً|نقلا عن|نقلاً عن|بحسب|حسب|افادت|أفادت|ذكرت|قالت)\s*(?:ل|لـ)?\s*",
    re.IGNORECASE)
_REPORTED = re.compile(r"(?P<name>[\w .'-]{2,40}?)\s+(?:reported|reports|news agency reported)\b", re.IGNORECASE)


_TAG = re.compile(r"<(?:script|style)\b.*?</(?:script|style)>|<[^>]+>", re.IGNORECASE | re.DOTALL)
_BLOCK = re.compile(r"</?(?:p|div|br|li|h[1-6]|tr|section|article)\b[^>]*>", re.IGNORECASE)


def plain(raw: str) -> str:
    """Text lines of a stored article (an HTML page's blocks become lines)."""
    if "<" in raw and ">" in raw and re.search(r"</?(?:p|div|html|body|br)\b", raw, re.IGNORECASE):
        import html

        raw = html.unescape(_TAG.sub("", _BLOCK.sub("\n", raw)))
    return raw


def article_origin(text: str) -> Origin | None:
    """The outlet a whole article is republished from, when a source line or wire dateline says so."""
    if not text:
        return None
    text = plain(text)
    for pattern in (_SOURCE_LINE, _VIA_LINE, _DATELINE):
        m = pattern.search(text)
        if m:
            name = canonical(m.group("name"))
            if name:
                return Origin(name, (name,), m.group(0).strip())
    return None


def sentence_origin(sentence: str) -> Origin | None:
    """The known agency a sentence attributes its information to ("AFP reported", "وفقاً لرويترز")."""
    folded = _fold(sentence)
    for m in _SENTENCE_CUES.finditer(folded):
        name = _agency_at(folded, m.end())
        if name:
            return Origin(name, (name,), sentence[m.start():m.end() + 30].strip())
    for m in _REPORTED.finditer(sentence) if "report" in sentence.lower() else ():
        words = m.group("name").strip()
        for k in range(len(words)):
            if k == 0 or words[k - 1] == " ":
                name = _agency_at(_fold(words[k:]), 0)
                if name and len(_fold(words[k:])) <= 40:
                    return Origin(name, (name,), m.group(0).strip())
    return None


def report_origin(sentence: str, article: Origin | None) -> Origin | None:
    """A report's origin: the sentence's own attribution, behind the article's republication if any."""
    own = sentence_origin(sentence)
    if article and own and own.origin != article.origin:
        return Origin(own.origin, article.chain + own.chain, f"{article.evidence} | {own.evidence}")
    return own or article
