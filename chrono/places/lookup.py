"""Region names as the API receives them: slug, P-code, or any Arabic or English name or alias."""

from __future__ import annotations

import difflib
from functools import cache

from chrono.places.gazetteer import Region, gazetteer
from chrono.places.normalize import fold_latin, is_arabic, normalize_ar
from chrono.places.words import name_keys

_RANK = {"country": 0, "macro": 1, "governorate": 2, "district": 3, "subdistrict": 4, "place": 5}


def norm_name(name: str) -> str:
    """The normalised form of a name used for lookup (also stored in regions.names_norm)."""
    return " ".join(name_keys(name))


def _order(r: Region):
    # The best-known region first when several share a name: higher level, known town, population.
    return (_RANK[r.level], not r.notable, -(r.population or 0), r.pcode)


@cache
def _index() -> dict[str, list[str]]:
    g = gazetteer()
    idx: dict[str, list[str]] = {}
    for reg in sorted(g.regions.values(), key=_order):
        for name, _lang, _primary in reg.names():
            for key in {norm_name(name), _no_article(norm_name(name))}:
                if key and reg.pcode not in idx.setdefault(key, []):
                    idx[key].append(reg.pcode)
    return idx


def _no_article(key: str) -> str:
    return key[2:] if key.startswith("ال") else key


def names_norm(reg: Region) -> list[str]:
    """The normalised forms stored in regions.names_norm: each name's lookup key (spelling
    skeleton) and its plainly folded form (Arabic letters folded; Latin lower case, no accents)."""
    out = set()
    for name, _lang, _primary in reg.names():
        out.add(norm_name(name))
        out.add(" ".join((normalize_ar(name) if is_arabic(name) else fold_latin(name)).split()))
    return sorted(out - {""})


def lookup(name: str) -> Region | None:
    """The region a user means by `name`: a slug, a P-code, or a name or alias in either language
    (spelling normalised). When several regions share the name, the highest level wins, then a
    known town over a village, then population."""
    if not name or not name.strip():
        return None
    g = gazetteer()
    raw = name.strip()
    if raw.lower() in g.by_slug:
        return g[g.by_slug[raw.lower()]]
    if raw.upper() in g.regions:
        return g[raw.upper()]
    if raw in g.regions:
        return g[raw]
    idx = _index()
    key = norm_name(normalize_ar(raw))
    for k in (key, _no_article(key)):
        if k in idx:
            return g[idx[k][0]]
    return None


def suggest(name: str, n: int = 5) -> list[Region]:
    """Up to `n` regions whose slug or name is close to `name` (for "did you mean" answers)."""
    g = gazetteer()
    idx = _index()
    key = norm_name(name or "")
    pool = list(idx) + list(g.by_slug)
    seen: list[str] = []
    for match in difflib.get_close_matches(key or (name or "").lower(), pool, n=n * 3, cutoff=0.6):
        pcode = g.by_slug.get(match) or idx[match][0]
        if pcode not in seen:
            seen.append(pcode)
    return [g[p] for p in seen[:n]]
