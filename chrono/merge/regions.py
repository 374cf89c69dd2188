"""Can two reports' places be the same happening's? Places are gazetteer P-codes; a place stands for
itself and every region it lies in (its chain in `chrono.places.gazetteer`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

LEVEL_DEPTH = {"country": 1, "macro": 1, "governorate": 2, "district": 3, "subdistrict": 4, "place": 5}


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    compatible: bool
    score: float       # 1 same place … 0 unknown or only the governorate shared … < 0 different districts
    relation: str
    shared: str | None  # the most precise region both lie in


@lru_cache(maxsize=65536)
def chain(pcode: str) -> tuple[str, ...]:
    """`pcode` and the regions it lies in, innermost first; just (pcode,) for a code the gazetteer lacks."""
    from chrono.places.gazetteer import gazetteer

    gaz = gazetteer()
    region = gaz.get(pcode)
    if region is None:
        return (pcode,)
    return tuple(r.pcode for r in gaz.chain(pcode))


def depth(pcode: str) -> int:
    from chrono.places.gazetteer import gazetteer

    region = gazetteer().get(pcode)
    return LEVEL_DEPTH.get(region.level, 0) if region else 0


def admin1_of(pcodes) -> frozenset[str]:
    return frozenset(r for p in pcodes for r in chain(p) if depth(r) == LEVEL_DEPTH["governorate"])


# How much a shared region says, by its level: a village or subdistrict pins the happening down, a
# governorate hardly does.
SHARED_SCORE = {5: 1.0, 4: 1.0, 3: 0.6, 2: 0.2, 1: 0.0, 0: 0.0}


@lru_cache(maxsize=65536)
def compare(a: tuple[str, ...], b: tuple[str, ...]) -> PlaceMatch:
    """How two reports' places relate (cached: the same pairs of places come back often)."""
    # macro-regions ("north-east Syria") say too little to tell places apart
    a = tuple(p for p in a if not _is_macro(p))
    b = tuple(p for p in b if not _is_macro(p))
    if not a or not b:
        return PlaceMatch(True, 0.0, "place unknown", None)
    if set(a) & set(b):
        shared = max(sorted(set(a) & set(b)), key=depth)  # sorted: the same reason in every process
        return PlaceMatch(True, SHARED_SCORE[depth(shared)], "same place", shared)
    closure_a = {p for x in a for p in chain(x)}
    closure_b = {p for x in b for p in chain(x)}
    if set(a) & closure_b or set(b) & closure_a:
        outer = max(sorted((set(a) & closure_b) | (set(b) & closure_a)), key=depth)
        return PlaceMatch(True, min(0.6, SHARED_SCORE[depth(outer)]), "one place lies in the other", outer)
    common = closure_a & closure_b
    if not common:
        return PlaceMatch(False, 0.0, "different countries", None)
    shared = max(sorted(common), key=depth)
    level = depth(shared)
    if level <= 1:
        return PlaceMatch(False, 0.0, "different governorates", shared)
    # two different named places: most often two different happenings, the nearer the less sure
    if level >= 4:
        return PlaceMatch(True, -0.5, "different places in one subdistrict", shared)
    if level == 3:
        return PlaceMatch(True, -0.75, "different places in one district", shared)
    return PlaceMatch(True, -1.0, "different districts of one governorate", shared)


def _is_macro(pcode: str) -> bool:
    from chrono.places.gazetteer import gazetteer

    region = gazetteer().get(pcode)
    return region is not None and region.level == "macro"


@lru_cache(maxsize=65536)
def _name_pattern(pcode: str):
    """A pattern for the names of a place and the regions it lies in (longest first)."""
    import re

    from chrono.places.gazetteer import gazetteer

    gaz = gazetteer()
    names = set()
    for p in chain(pcode):
        region = gaz.get(p)
        if region is None or region.level in ("country", "macro"):
            continue
        for name, _lang, _primary in region.names():
            if len(name) >= 3:
                names.add(name)
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    # Arabic names may carry a clitic (وب، في...) or the article; English ones an al-/el- prefix
    return re.compile(rf"(?<![\w])(?:[وفبلك]{{0,2}}(?:ال)?)?(?:{alternatives})(?![\w])", re.IGNORECASE)


PLACE_MARK = "¶"  # stands where a place name was: no word, but "حي ¶ الخميس" is not a neighbourhood "الخميس"


def without_place_names(text: str, places: tuple[str, ...]) -> str:
    """The text with the names of its places blanked out (left as PLACE_MARK): places are compared by code,
    and names such as جسر الشغور or Ain Issa would otherwise read as words (bridge, spring)."""
    for pcode in places:
        pattern = _name_pattern(pcode)
        if pattern is not None:
            text = pattern.sub(f" {PLACE_MARK} ", text)
    return text
