"""The candidate a rule proposes before overlaps are settled."""

from __future__ import annotations

from dataclasses import dataclass

from chrono.resolve.values import Sym


@dataclass(slots=True)
class Cand:
    start: int  # offsets into the text the rules ran on (normalised for Arabic)
    end: int
    sym: Sym
    rule: str
    prio: int = 0
