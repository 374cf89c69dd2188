"""Symbolic values: what a rule understood, before any date arithmetic.

A rule never computes a date. It returns a `Sym` such as `Sym("relday", n=-1)` or
`Sym("weekday", wd=3, mod="last")`, and `ground.py` turns it into days against the
anchor. The operations and their arguments are listed in `ground.OPS` and docs/dates.md.
"""

from __future__ import annotations


class Sym:
    __slots__ = ("op", "args")

    def __init__(self, op: str, **args):
        self.op = op
        self.args = args

    def get(self, key, default=None):
        return self.args.get(key, default)

    def __getitem__(self, key):
        return self.args[key]

    def with_(self, **changes) -> "Sym":
        return Sym(self.op, **{**self.args, **changes})

    def __eq__(self, other):
        return isinstance(other, Sym) and self.op == other.op and self.args == other.args

    def __hash__(self):
        return hash((self.op, tuple(sorted(self.args))))

    def __repr__(self):
        inner = ", ".join(f"{k}={v!r}" for k, v in self.args.items())
        return f"{self.op}({inner})"


UNDATED = {"duration", "set"}
