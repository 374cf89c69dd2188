"""The `Mention`: one temporal expression found in a text, resolved against the anchor."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime

KINDS = ("point", "range", "open", "duration", "set")
GRAINS = ("time", "part_of_day", "day", "week", "month", "quarter", "year", "decade", "century")


@dataclass(frozen=True)
class Mention:
    text: str
    span: tuple[int, int]
    kind: str
    date_from: date | None
    date_to: date | None
    time_from: datetime | None
    time_to: datetime | None
    grain: str | None
    value: str | None
    edtf: str | None
    flags: tuple[str, ...]
    rule: str
    explanation: str

    def to_json(self) -> dict:
        """Plain-JSON form: ISO strings, span as [start, end], flags as a list."""
        iso = lambda v: v.isoformat() if v is not None else None  # noqa: E731
        return {
            "text": self.text,
            "span": [self.span[0], self.span[1]],
            "kind": self.kind,
            "date_from": iso(self.date_from),
            "date_to": iso(self.date_to),
            "time_from": iso(self.time_from),
            "time_to": iso(self.time_to),
            "grain": self.grain,
            "value": self.value,
            "edtf": self.edtf,
            "flags": list(self.flags),
            "rule": self.rule,
            "explanation": self.explanation,
        }


_FIELDS = tuple(f.name for f in fields(Mention))
_new = object.__new__


def new_mention(*values) -> Mention:
    """`Mention(*values)`, built the quick way: the resolver makes one per mention, and a frozen
    dataclass's own constructor sets its thirteen fields one `object.__setattr__` at a time."""
    m = _new(Mention)
    m.__dict__.update(zip(_FIELDS, values))
    return m
