"""Values a web process keeps across requests (events built, their cards), bounded in number."""

from __future__ import annotations


class Kept:
    """At most `size` values by key, the oldest put out first. Shared by the process's threads without a
    lock: a race between two of them can only drop a value or keep one too many, never give a wrong one."""

    def __init__(self, size: int):
        self.size = size
        self._items: dict = {}

    def get(self, key):
        return self._items.get(key)

    def put(self, key, value):
        if len(self._items) >= self.size:
            try:
                del self._items[next(iter(self._items))]
            except (StopIteration, KeyError, RuntimeError):  # another thread got there first
                pass
        self._items[key] = value
        return value

    def __len__(self) -> int:
        return len(self._items)
