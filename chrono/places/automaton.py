"""One Aho–Corasick automaton over every name of the gazetteer, built once on first use.

The automaton runs over a text's word keys joined by single spaces (see `words.py`), so a name is
found only on whole words. Arabic names are also entered with the attached prefixes و ف ب ل ك and
their combinations on the first word (والقامشلي, بمنطقة, للرقة), recording which prefix was used.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import ahocorasick

from chrono.places.gazetteer import gazetteer
from chrono.places.words import CLITICS, lexicon, name_keys


@dataclass(frozen=True)
class Entry:
    pcode: str
    primary: bool  # the region's own name, not an alias
    arabic: bool


@dataclass(frozen=True)
class Pattern:
    key: str  # the name's keys joined by spaces, without the prefix
    size: int  # number of words
    prefix: str  # attached Arabic prefix used in this variant ('' for none)
    length: int  # characters of the variant as entered, spaces around it included
    entries: tuple[Entry, ...]


_lock = threading.Lock()


def _variants(keys: tuple[str, ...]) -> list[tuple[str, str]]:
    """(prefix, first word with prefix) for an Arabic name's first word."""
    first = keys[0]
    out = [("", first)]
    for c in CLITICS:
        if first.startswith("ال"):
            if c.endswith("ل"):
                out.append((c, c + first[1:]))  # ل + ال → لل
            else:
                out.append((c, c + first))
        else:
            out.append((c, c + first))
    return out


_built: tuple[ahocorasick.Automaton, list[Pattern]] | None = None


def automaton() -> tuple[ahocorasick.Automaton, list[Pattern]]:
    """The automaton and its patterns, built on the first call (once, also under threads)."""
    global _built
    if _built is None:
        with _lock:
            if _built is None:
                _built = _build()
    return _built


def _build() -> tuple[ahocorasick.Automaton, list[Pattern]]:
    g = gazetteer()
    by_key: dict[tuple[str, ...], dict[str, Entry]] = {}
    for reg in g.regions.values():
        for name, lang, primary in reg.names():
            keys = name_keys(name)
            if not keys:
                continue
            slot = by_key.setdefault(keys, {})
            old = slot.get(reg.pcode)
            if old is None or (primary and not old.primary):
                slot[reg.pcode] = Entry(reg.pcode, primary, lang == "ar")
    # Phrases that name no place enter with an empty P-code: they win as longest matches and hide
    # the names inside them (قوات سوريا الديمقراطية), then yield nothing.
    for phrase in lexicon().not_places:
        keys = name_keys(phrase)
        if keys:
            slot = by_key.setdefault(keys, {})
            slot.clear()
            slot[""] = Entry("", False, "\u0600" <= keys[0][0] <= "\u06FF")
    auto = ahocorasick.Automaton()
    patterns: list[Pattern] = []
    for keys, slot in by_key.items():
        entries = tuple(slot.values())
        joined = " ".join(keys)
        arabic = any(e.arabic for e in entries) and "\u0600" <= keys[0][0] <= "\u06FF"
        variants = _variants(keys) if arabic else [("", keys[0])]
        for prefix, first in variants:
            text = " " + " ".join((first,) + keys[1:]) + " "
            patterns.append(Pattern(joined, len(keys), prefix, len(text), entries))
            if text in auto:
                # Two names whose prefixed form coincides (بحلب could be ب+حلب or a name بحلب):
                # the unprefixed reading wins.
                prev = patterns[auto.get(text)]
                if prev.prefix == "" or prefix != "":
                    continue
            auto.add_word(text, len(patterns) - 1)
    auto.make_automaton()
    return auto, patterns
