"""Named SQL queries, loaded once from `sql/queries/*.sql`.

Each file holds queries under `-- name: some_name` headers; the text up to the next header is the query.
Use as `queries.get("some_name")` or `queries.Q.some_name`.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from chrono.store.paths import project_root

_HEADER = re.compile(r"^--\s*name:\s*(\w+)\s*$", re.MULTILINE)


def parse(text: str, origin: str = "<string>") -> dict[str, str]:
    found: dict[str, str] = {}
    parts = _HEADER.split(text)
    for name, body in zip(parts[1::2], parts[2::2]):
        if name in found:
            raise ValueError(f"query {name!r} is defined twice in {origin}")
        found[name] = body.strip().rstrip(";")
    return found


@cache
def all_queries() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted((project_root() / "sql" / "queries").glob("*.sql")):
        for name, body in parse(path.read_text(encoding="utf-8"), str(path)).items():
            if name in found:
                raise ValueError(f"query {name!r} is defined twice (again in {path})")
            found[name] = body
    return found


def get(name: str) -> str:
    try:
        return all_queries()[name]
    except KeyError:
        raise KeyError(f"no query named {name!r} in sql/queries/") from None


class _Namespace:
    def __getattr__(self, name: str) -> str:
        return get(name)


Q = _Namespace()
