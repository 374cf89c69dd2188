"""A one-line progress bar on a terminal; plain log lines every so often otherwise."""

from __future__ import annotations

import logging
import sys
import time

log = logging.getLogger("chrono.ingest")


class Progress:
    def __init__(self, label: str = "articles", *, stream=None, every: int = 100, clock=time.monotonic):
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.label = label
        self.every = every
        self.clock = clock
        self.started = clock()
        self.done = 0
        self.total: int | None = None
        self.note = ""

    def set_total(self, total: int | None) -> None:
        self.total = total

    def tick(self, n: int = 1, note: str | None = None) -> None:
        self.done += n
        if note is not None:
            self.note = note
        if self.tty:
            self._draw()
        elif self.done % self.every == 0:
            log.info("%d %s (%.1f/s)%s", self.done, self.label, self.rate(), f" {self.note}" if self.note else "")

    def rate(self) -> float:
        elapsed = self.clock() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def _draw(self) -> None:
        width = 30
        if self.total:
            filled = min(width, int(width * self.done / self.total))
            bar = f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}"
        else:
            spin = "|/-\\"[self.done % 4]
            bar = f"[{spin}] {self.done}"
        line = f"\r{bar} {self.label} {self.rate():6.1f}/s {self.note[:40]}"
        self.stream.write(line.ljust(100))
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self.done:
            self.stream.write("\n")
            self.stream.flush()
