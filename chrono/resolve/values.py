"""Symbolic values: what a rule understood, before any date arithmetic.

A rule never computes a date. It returns a `Sym` such as `Sym("relday", n=-1)` or
`Sym("weekday", wd=3, mod="last")`, and `ground.py` turns it into days against the
anchor. The operations and their arguments are listed in `ground.OPS` and docs/dates.md.
"""

from __future__ import annotations


class Sym(dict):
    """An operation name (`op`) and its arguments, kept as the items of a dict, so that
    `sym["n"]` and `sym.get("mod")` are plain dict look-ups (grounding reads them a lot)."""

    __slots__ = ("op",)

    def __init__(self, op: str, **args):
        dict.__init__(self, args)
        self.op = op

    @property
    def args(self) -> dict:
        return self

    def with_(self, **changes) -> "Sym":
        return Sym(self.op, **{**self, **changes})

    def __bool__(self) -> bool:  # a value is a value, even without arguments
        return True

    def __eq__(self, other):
        return isinstance(other, Sym) and self.op == other.op and dict.__eq__(self, other)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash((self.op, tuple(sorted(self))))

    def __repr__(self):
        inner = ", ".join(f"{k}={v!r}" for k, v in self.items())
        return f"{self.op}({inner})"


UNDATED = {"duration", "set"}
