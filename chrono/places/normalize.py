"""Spelling normalisation for place names, Arabic and Latin script.

Both sides of a match go through the same functions: the gazetteer's names when the automaton is
built, and the words of the text when it is searched. Arabic folding maps each character to at most
one character; spans are always taken from the original text, because the matcher works on words
whose offsets it knows. Attached prefixes are handled by the automaton (see `automaton.py`), not by
splitting words here.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from chrono.resolve.normalize import fold_ar

# The core folding is the resolver's (`chrono.resolve.normalize.fold_ar`), so dates and places read
# Arabic the same way. Place names also come in Kurdish and Persian spellings (GeoNames variants,
# قامشلۆ, کوبانی), whose letters are mapped to their Arabic look-alikes first.
_EXTRA = str.maketrans({
    "ٲ": "ا", "ٳ": "ا", "ۀ": "ه", "ە": "ه", "ھ": "ه", "ې": "ي", "ێ": "ي",
    "ۆ": "و", "ۇ": "و", "ۈ": "و", "ۋ": "و", "ڪ": "ك", "گ": "ك",
    "ڤ": "ف", "ڨ": "ق", "پ": "ب", "چ": "ج", "ژ": "ز", "ڕ": "ر", "ڵ": "ل",
    "\u06D6": None, "\u06D7": None, "\u06D8": None, "\u06D9": None, "\u06DA": None, "\u06DB": None,
    "\u06DC": None, "\u200C": None, "\u200D": None, "\u200E": None, "\u200F": None,
})

ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06D5\u06EE\u06EF\u06FA-\u06FF]")


def normalize_ar(text: str) -> str:
    """Arabic spelling folded: no diacritics or tatweel, one alef, ة→ه, ى→ي, hamza carriers dropped,
    Persian and Kurdish letters mapped to their Arabic look-alikes."""
    return fold_ar(text.translate(_EXTRA))


def is_arabic(text: str) -> bool:
    return ARABIC_LETTER.search(text) is not None


# --- Latin script -------------------------------------------------------------------------------

_LATIN_EXTRA = str.maketrans({"ı": "i", "ə": "a", "ø": "o", "ł": "l", "ß": "ss", "đ": "d", "ð": "d",
                              "þ": "th", "æ": "ae", "œ": "oe", "ʿ": "", "ʾ": "", "'": "", "’": "",
                              "‘": "", "`": "", "´": ""})


def fold_latin(text: str) -> str:
    """Lower case, accents and apostrophes removed (Qamişlo → qamislo, Dar'a → dara)."""
    text = text.translate(_LATIN_EXTRA)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower().translate(_LATIN_EXTRA)


_TAL = {"tal", "tall", "tell", "tel", "til", "tel"}
_AIN = {"ain", "ayn", "ein", "ayin", "ein"}


@lru_cache(maxsize=1 << 16)  # news repeats its words; this runs once per word of every text
def skeleton_en(word: str) -> str:
    """One folded Latin word reduced to a spelling skeleton shared by the usual transliterations:
    doubled letters single, ou/o → u, ei/ey/ay → ai, e → a, final -eh/-ah → -a, Tal/Tall/Tell → tal."""
    w = fold_latin(word)
    if w in _TAL:
        return "tal"
    if w in _AIN:
        return "ain"
    w = re.sub(r"(.)\1+", r"\1", w)
    w = re.sub(r"ieh$|iye$", "iya", w)
    w = re.sub(r"(eh|ah|e)$", "a", w) if len(w) > 3 else w
    w = w.replace("ou", "u").replace("o", "u")
    w = re.sub(r"ei|ey|ay", "ai", w)
    w = w.replace("e", "a")
    w = re.sub(r"(.)\1+", r"\1", w)
    return w
