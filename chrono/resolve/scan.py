"""Running only the patterns a text can trigger.

Every rule pattern has trigger words (a mention of that family always contains one) or a
trigger flag (a cheap property of the whole text, such as "has a four-digit number"). For a
text, `plan()` collects the patterns whose trigger words or flags occur in it, with a set
intersection; `scan()` runs a pattern only if it was planned. Most sentences trigger three or
four of the twenty-odd patterns of a language.
"""

from __future__ import annotations

import re


def build_index(triggers: dict[int, tuple[frozenset[str], str | bool]]) -> dict[str, frozenset[int]]:
    """word (or ' ' + flag) → ids of the patterns it triggers."""
    index: dict[str, set[int]] = {}
    for key, (words, flag) in triggers.items():
        for w in words:
            index.setdefault(w, set()).add(key)
        if flag:
            index.setdefault(" " + flag, set()).add(key)
    return {k: frozenset(v) for k, v in index.items()}


def plan(text: str, index: dict[str, frozenset[int]], word_re: re.Pattern, flags) -> set[int]:
    """Ids of the patterns worth running on `text`."""
    todo: set[int] = set()
    for w in index.keys() & set(word_re.findall(text)):
        todo |= index[w]
    for f in flags:
        todo |= index.get(" " + f, frozenset())
    return todo


def scan(pattern: re.Pattern, text: str, todo: set[int]):
    return pattern.finditer(text) if id(pattern) in todo else ()
