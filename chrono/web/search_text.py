"""Search text normalised the way `events.text_norm` is: Arabic letters folded (one alef, ة→ه, ى→ي,
no diacritics or tatweel, Eastern digits as ASCII), Latin lower-cased, whitespace collapsed."""

from __future__ import annotations

import re

try:
    from chrono.resolve.normalize import fold_ar
except ImportError:  # pragma: no cover - the resolver ships with chrono; this keeps the web usable alone
    from chrono.places.normalize import normalize_ar as fold_ar

_SPACE = re.compile(r"\s+")


def normalize_query(text: str) -> str:
    return _SPACE.sub(" ", fold_ar(text).lower()).strip()


# Arabic words are found with or without the article and a clitic before it (الأمريكية, أمريكية,
# والأمريكية): the query word loses them and is matched as a substring.
_ARTICLES = ("وال", "بال", "فال", "كال", "لل", "ال")


def query_words(text: str) -> list[str]:
    """The normalised words of a query, each without a leading Arabic article; longest first."""
    words = []
    for word in normalize_query(text).split(" "):
        for article in _ARTICLES:
            if word.startswith(article) and len(word) - len(article) >= 3:
                word = word[len(article):]
                break
        if word and word not in words:
            words.append(word)
    return sorted(words, key=len, reverse=True)


def like_pattern(text: str) -> str:
    """`%text%` for ILIKE, with the pattern characters in the text taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
