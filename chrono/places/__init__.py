"""Places: the gazetteer (Syria down to villages, the world's countries, macro-regions) and a
matcher that finds places in Arabic and English news text. Pure: no database, no network."""

from __future__ import annotations

from chrono.places.gazetteer import Gazetteer, Region, gazetteer
from chrono.places.lookup import lookup, suggest
from chrono.places.matcher import PlaceMention

__all__ = ["PlaceMention", "Region", "Gazetteer", "find", "gazetteer", "lookup", "suggest"]


def find(text: str, lang: str | None = None, *, context: str | None = None,
         home_region: str | None = None) -> list[PlaceMention]:
    """Places named in `text`, in order. `context` is other text of the same article (used only to
    decide between same-named places); `home_region` is the source's home region (slug, P-code or
    name). `lang` is accepted for symmetry with the resolver: each word's script decides how it is
    read, so mixed texts work without it."""
    from chrono.places.disambiguate import resolve

    if lang not in (None, "ar", "en"):
        raise ValueError(f"lang must be 'ar', 'en' or None, not {lang!r}")
    home = None
    if home_region:
        reg = lookup(home_region)
        if reg is None:
            raise ValueError(f"unknown home_region {home_region!r}")
        home = reg.pcode
    return resolve(text, context=context, home_region=home)
