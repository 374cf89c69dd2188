"""Schedules: a fixed interval ("30s", "15m", "2h", "1d") or a five-field cron expression.

Times are passed in; nothing here reads the clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

_INTERVAL = re.compile(r"^\s*(\d+)\s*([smhd])\s*$", re.IGNORECASE)
_UNIT = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


@dataclass(frozen=True)
class Schedule:
    text: str
    interval: timedelta | None = None
    cron: str | None = None

    def next_after(self, moment: datetime) -> datetime:
        """The first tick strictly after `moment` (an aware datetime)."""
        if self.interval is not None:
            return moment + self.interval
        from croniter import croniter

        return croniter(self.cron, moment).get_next(datetime)

    def due(self, last: datetime | None, now: datetime) -> bool:
        """Whether a job last run at `last` should run again at `now`."""
        return last is None or self.next_after(last) <= now


def parse_schedule(text: str) -> Schedule:
    if not isinstance(text, str) or not text.strip():
        raise ValueError("a schedule is an interval such as '15m' or a cron expression such as '*/15 * * * *'")
    m = _INTERVAL.match(text)
    if m:
        amount = int(m.group(1))
        if amount <= 0:
            raise ValueError(f"schedule {text!r}: the interval must be positive")
        return Schedule(text, interval=timedelta(**{_UNIT[m.group(2).lower()]: amount}))
    from croniter import croniter

    if len(text.split()) != 5 or not croniter.is_valid(text):
        raise ValueError(f"schedule {text!r} is neither an interval (30s, 15m, 2h, 1d) nor a 5-field cron expression")
    return Schedule(text, cron=text.strip())
