"""Words of a text with their offsets, and the keys the automaton is built from.

A word's key is its normalised spelling: Arabic folded by `normalize_ar`, Latin reduced to a
spelling skeleton by `skeleton_en`. Latin articles (al-, el-, ar-, …) are not keys of their own:
they are dropped, and the next word remembers that it had one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from chrono.places.gazetteer import DATA
from chrono.places.normalize import fold_latin, normalize_ar, skeleton_en

_WORD = re.compile(r"(?:[^\W\d_]|[\u064B-\u065F\u0670\u0640\u06D6-\u06DC\u200C\u200D])+"
                   r"(?:['’‘ʿʾ`](?:[^\W\d_]|[\u064B-\u065F\u0670\u0640])+)*")
_ARABIC = re.compile(r"[\u0600-\u06FF]")

_ALWAYS_ARTICLE = {"al", "el", "il"}
_SUN_ARTICLE = {"ar", "as", "ad", "az", "at", "an", "ash", "ath", "adh", "es", "ed", "ez", "er", "et",
                "en", "esh", "ul", "un", "ud", "ur", "us", "ut", "uz"}

# Attached Arabic prefixes: conjunctions و ف, prepositions ب ل ك, and combinations.
CLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str
    arabic: bool
    key: str  # '' for a dropped Latin article
    article: bool = False  # Latin: an article (al-, el-, …) stood right before this word
    capital: bool = False  # Latin: starts with a capital letter


def words(text: str) -> list[Word]:
    out: list[Word] = []
    pending_article = False
    for m in _WORD.finditer(text):
        w = m.group()
        if _ARABIC.search(w):
            out.append(Word(m.start(), m.end(), w, True, _ar_key(w)))
            pending_article = False
            continue
        folded = _folded(w)
        nxt = text[m.end():m.end() + 2]
        is_article = folded in _ALWAYS_ARTICLE or (
            folded in _SUN_ARTICLE and (nxt[:1] in "-‐" or (w[0].isupper() and nxt[:1] == " " and nxt[1:2].isupper())))
        if is_article and nxt[:1] in "-‐ ":
            out.append(Word(m.start(), m.end(), w, False, ""))
            pending_article = True
            continue
        out.append(Word(m.start(), m.end(), w, False, skeleton_en(w), article=pending_article,
                        capital=w[0].isupper()))
        pending_article = False
    return out


@lru_cache(maxsize=1 << 16)
def _ar_key(word: str) -> str:
    return normalize_ar(word)


@lru_cache(maxsize=1 << 16)
def _folded(word: str) -> str:
    return fold_latin(word)


def name_keys(name: str) -> tuple[str, ...]:
    """The keys of a gazetteer name, in order, articles dropped."""
    return tuple(w.key for w in words(name) if w.key)


def strip_clitic(key: str, known: set[str] | frozenset[str]) -> str | None:
    """The word without its attached prefix when that gives a known word (بمنطقة → منطقة)."""
    if key in known:
        return key
    for c in CLITICS:
        if key.startswith(c) and key[len(c):] in known:
            return key[len(c):]
        if c.endswith("ل") and key.startswith(c + "ل") and "ال" + key[len(c) + 1:] in known:
            return "ال" + key[len(c) + 1:]
    return None


@dataclass(frozen=True)
class Lexicon:
    cues: dict[str, str]  # key -> cue kind (governorate, district, subdistrict, place, countryside)
    directions: frozenset[str]
    needs_cue: frozenset[str]  # name keys (space-joined) that are also common words
    not_places: tuple[str, ...]  # phrases that hide the names inside them


@cache
def lexicon() -> Lexicon:
    with (DATA / "lexicon.json").open(encoding="utf-8") as f:
        data = json.load(f)
    cues: dict[str, str] = {}
    for lang in ("ar", "en"):
        for kind, ws in data[f"cues_{lang}"].items():
            for w in ws:
                for k in name_keys(w):
                    cues.setdefault(k, kind)
    directions = frozenset(k for w in data["directions_ar"] + data["directions_en"] for k in name_keys(w))
    needs = frozenset(" ".join(name_keys(w)) for w in data["needs_cue_ar"] + data["needs_cue_en"])
    blocked = tuple(data["not_places"]["ar"] + data["not_places"]["en"])
    return Lexicon(cues=cues, directions=directions, needs_cue=needs, not_places=blocked)
