"""Readers whose logic is the same in both languages; only the patterns and rule ids differ.

A reader takes the text, the matches of its pattern and the list of candidates to extend
(see scan.py). These build one for a language: `years("ar.year", _year_ok)`.
"""

from __future__ import annotations

import re
from typing import Callable

from chrono.resolve.engine_types import Cand
from chrono.resolve.values import Sym


def years(rule: str, year_ok: Callable[[str, re.Match], bool]):
    """A year (group `y`), when the language's `year_ok` does not take it for another number."""
    def read(text: str, matches, out: list[Cand]) -> None:
        for m in matches:
            if year_ok(text, m):
                out.append(Cand(m.start(), m.end(), Sym("year", y=int(m.group("y"))), rule))
    return read


def year_pairs(rule: str):
    """'2015-2019', '2015–16': two years (groups `a`, `b`; `b` may give the last two digits)
    that make a stretch of at most thirty years."""
    def read(text: str, matches, out: list[Cand]) -> None:
        for m in matches:
            a, b = int(m.group("a")), m.group("b")
            b = int(b) if len(b) == 4 else a // 100 * 100 + int(b)
            if a < b <= a + 30:
                out.append(Cand(m.start(), m.end(), Sym("between", a=Sym("year", y=a), b=Sym("year", y=b)), rule, prio=1))
    return read


def undated(op: str, rule: str, prio: int):
    """A length of time (`duration`) or a repeated time (`set`): the kind only, no dates."""
    def read(text: str, matches, out: list[Cand]) -> None:
        for m in matches:
            out.append(Cand(m.start(), m.end(), Sym(op), rule, prio=prio))
    return read
