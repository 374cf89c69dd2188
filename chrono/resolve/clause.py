"""The clause around a mention: where the rules look for cues such as a future verb.

Both languages cut a clause at . ! ? ; : and newline, and at a comma unless the comma
continues the clause; what continues it differs (a digit after the comma in Arabic, a digit
or a relative 'which/who/when/where' in English), so each rules module passes its test.
"""

from __future__ import annotations

import re
from typing import Callable

_BREAK = re.compile(r"[.!?;:\n]")
_LAST_BREAK = re.compile(r".*[.!?;:\n]", re.S)


def clause_around(text: str, start: int, end: int, width: int,
                  comma_continues: Callable[[str, int], bool]) -> tuple[str, str]:
    """The parts of the clause left and right of [start, end), at most `width` characters each.
    `comma_continues(s, i)` says whether a comma just before s[i] keeps the clause going."""
    left = text[max(0, start - width):start]
    right = text[end:end + width]
    # the last break in `left` (what `_LAST_BREAK.match` finds, without its backtracking)
    cut = max(left.rfind("."), left.rfind("!"), left.rfind("?"), left.rfind(";"), left.rfind(":"), left.rfind("\n"))
    k = len(left)
    while True:
        k = left.rfind(",", 0, k)
        if k <= cut:
            break
        if not comma_continues(left, k + 1):
            cut = k
            break
    left = left[cut + 1:]
    first = _BREAK.search(right)
    stop = first.start() if first else len(right)
    k = -1
    while True:
        k = right.find(",", k + 1, stop)
        if k < 0:
            break
        if not comma_continues(right, k + 1):
            stop = k
            break
    return left, right[:stop]


def any_phrase(phrases) -> Callable[[str], bool]:
    """`lambda s: any(p in s for p in phrases)`, with fewer tests: the phrases are grouped by a
    word they share (the one most of the rest share), and a group is tried only where its word
    occurs ('next' before 'next week', 'next month'…)."""
    rest = sorted(set(phrases))
    groups: list[tuple[str, tuple[str, ...]]] = []
    while rest:
        counts: dict[str, int] = {}
        for p in rest:
            for w in set(p.split()):
                counts[w] = counts.get(w, 0) + 1
        key = max(sorted(counts), key=lambda w: (counts[w], len(w)))
        groups.append((key, tuple(p for p in rest if key in p.split())))
        rest = [p for p in rest if key not in p.split()]
    groups = tuple(groups)

    def test(s: str) -> bool:
        for key, members in groups:
            if key in s:
                for p in members:
                    if p in s:
                        return True
        return False
    return test
