"""Search text normalised the way `events.text_norm` is: Arabic letters folded (one alef, ة→ه, ى→ي,
no diacritics or tatweel, Eastern digits as ASCII), Latin lower-cased, whitespace collapsed."""

from __future__ import annotations

import re

try:
    from chrono.resolve.normalize import fold_ar
except ImportError:  # pragma: no cover - the resolver ships with chrono; this keeps the web usable alone
    from chrono.places.normalize import normalize_ar as fold_ar

_SPACE = re.compile(r"\s+")


def normalize_query(text: str) -> str:
    return _SPACE.sub(" ", fold_ar(text).lower()).strip()


def like_pattern(text: str) -> str:
    """`%text%` for ILIKE, with the pattern characters in the text taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
