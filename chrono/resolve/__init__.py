"""chrono.resolve: temporal expressions in Arabic and English news → absolute dates.

    from chrono.resolve import resolve, Mention
    resolve(text, anchor=datetime(..., tzinfo=...), lang="ar" | "en" | None) -> list[Mention]

Pure Python: no database and no wall clock; the anchor (publication time) is always given.
The conventions are in docs/dates.md.
"""

from chrono.resolve.engine import detect_lang, resolve
from chrono.resolve.mention import Mention

__all__ = ["resolve", "Mention", "detect_lang"]
