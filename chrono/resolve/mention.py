"""The `Mention`: one temporal expression found in a text, resolved against the anchor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

KINDS = ("point", "range", "open", "duration", "set")
GRAINS = ("time", "part_of_day", "day", "week", "month", "quarter", "year", "decade", "century")


@dataclass(frozen=True, slots=True)
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
