"""Limits of one ingest run, in one place (docs/reliability.md). Each can be set from the environment.

What goes over a limit is never dropped silently: an oversized article is stored (its head) as
`failed` with an error that names the limit; a source cut short by the item limit or its time budget,
and sources left for the next run, are written in the run's errors and the log.
"""

from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    try:
        value = int(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


# Raw article as received (characters); the HTTP reader already stops at CHRONO_FETCH_MAX_BYTES.
MAX_RAW_CHARS = _int("CHRONO_MAX_RAW_CHARS", 10_000_000)
# Of an oversized article, this much is kept for a person to look at.
KEPT_HEAD_CHARS = 65_536
# Article text given to the resolver and the place matcher (both linear, ~1.5 s per 100,000 characters).
MAX_BODY_CHARS = _int("CHRONO_MAX_ARTICLE_CHARS", 200_000)
# URL and GUID are unique keys (a btree entry holds at most ~2,700 bytes).
MAX_KEY_CHARS = 2_000
# Articles that need work (new, changed or retried) taken from one source in one run; the rest wait.
MAX_ITEMS_PER_SOURCE = _int("CHRONO_MAX_ITEMS_PER_SOURCE", 5_000)
# Seconds one source may take in a run before the run moves on (checked between articles).
SOURCE_BUDGET_SECONDS = _int("CHRONO_SOURCE_BUDGET", 600)
# Sources read in one run; the ones left over (least recently run first) go in the next.
MAX_SOURCES_PER_RUN = _int("CHRONO_MAX_SOURCES_PER_RUN", 200)


def storable(value: str | None) -> str | None:
    """Text PostgreSQL can store: NUL characters and unpaired surrogates become U+FFFD."""
    if value is None:
        return None
    if "\x00" in value:
        value = value.replace("\x00", "\ufffd")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return value
