"""The gazetteer: every region chrono knows, built once from the data files beside this module.

Levels, top down: country (ISO 3166-1 alpha-2 code as P-code, names from CLDR via babel), governorate,
district, sub-district (OCHA P-codes via OpenSyria), place (OCHA community P-codes `C####`, and
`GN<geonameid>` for the few GeoNames towns OCHA lacks), plus named macro-regions (`SYM-…`, sets of
governorates and districts). See docs/places.md.
"""

from __future__ import annotations

import csv
import difflib
import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from chrono.places.normalize import fold_latin, is_arabic, normalize_ar, skeleton_en

DATA = Path(__file__).resolve().parent / "data"

LEVELS = ("country", "macro", "governorate", "district", "subdistrict", "place")

GOVERNORATE_SLUGS = {
    "SY01": "damascus", "SY02": "aleppo", "SY03": "rif-dimashq", "SY04": "homs", "SY05": "hama",
    "SY06": "latakia", "SY07": "idlib", "SY08": "hasakah", "SY09": "deir-ez-zor", "SY10": "tartus",
    "SY11": "raqqa", "SY12": "daraa", "SY13": "as-suwayda", "SY14": "quneitra",
}

# CLDR territory codes that are not ISO 3166-1 countries (groupings, reserved and user-assigned codes).
_NOT_COUNTRIES = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "TA", "UN", "XA", "XB", "XK", "ZZ", "QO"}

# Words that open many Syrian village names; a name is never shortened to one of these alone.
_GENERIC_HEADS = {normalize_ar(w) for w in (
    "كفر", "دير", "تل", "عين", "خربة", "بئر", "جسر", "رأس", "مزرعة", "أم", "أبو", "بيت", "قصر", "جب",
    "عرب", "مركز", "حي", "تلول", "جبل", "وادي", "سد", "مشيرفة", "حوش", "قرية", "بير", "كوم", "ام", "ابو",
    "راس", "شيخ", "الشيخ", "كرم", "ظهر", "بني", "بنات", "عرق", "نهر", "قبر", "بستان", "تلة")}
_GENERIC_HEADS_EN = {"kafr", "kfar", "kfr", "deir", "dair", "dayr", "tal", "tall", "tell", "ain", "ayn", "ein",
                     "khirbet", "khirbat", "kherbet", "bir", "beer", "jisr", "ras", "um", "umm", "abu", "beit",
                     "bait", "qasr", "jeb", "jubb", "arab", "markaz", "mazraa", "mazraat", "jabal", "jebel",
                     "wadi", "sheikh", "shaykh", "tlul", "hosh", "hawsh", "karm", "bani", "nahr", "qabr"}


@dataclass(frozen=True)
class Region:
    pcode: str
    slug: str
    level: str
    parent_pcode: str | None
    name_en: str | None
    name_ar: str | None
    aliases_en: tuple[str, ...] = ()
    aliases_ar: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    population: int | None = None
    source: str | None = None
    path: tuple[str, ...] = ()
    notable: bool = False  # known without a cue word: admin units, countries, GeoNames towns
    members: tuple[str, ...] = ()  # macro-regions only
    macro_admin1: str | None = None  # macro-regions that lie inside one governorate

    @property
    def admin1_pcode(self) -> str | None:
        if self.level == "macro":
            return self.macro_admin1
        return self.path[1] if len(self.path) > 1 and self.path[0] == "SY" else None

    def names(self) -> list[tuple[str, str, bool]]:
        """(name, lang, primary) for every name and alias."""
        out = []
        if self.name_ar:
            out.append((self.name_ar, "ar", True))
        if self.name_en:
            out.append((self.name_en, "en", True))
        out += [(a, "ar", False) for a in self.aliases_ar]
        out += [(a, "en", False) for a in self.aliases_en]
        return out


@dataclass
class Gazetteer:
    regions: dict[str, Region]
    children: dict[str, list[str]] = field(default_factory=dict)
    by_slug: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, pcode: str) -> Region:
        return self.regions[pcode]

    def get(self, pcode: str | None) -> Region | None:
        return self.regions.get(pcode) if pcode else None

    def chain(self, pcode: str) -> list[Region]:
        """The region and its ancestors, up to the country."""
        return [self.regions[p] for p in reversed(self.regions[pcode].path)]

    def contains(self, outer: str, inner: str) -> bool:
        """Whether region `inner` lies inside `outer` (itself included; macro-regions by membership)."""
        o = self.regions[outer]
        i = self.regions[inner]
        if o.level == "macro":
            return any(m in i.path for m in o.members)
        return outer in i.path


def _split(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()] if cell else []


def _float(cell: str) -> float | None:
    return float(cell) if cell not in ("", None) else None


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold_latin(text)).strip("-")


def _dedupe(names, *exclude) -> tuple[str, ...]:
    seen = {e for e in exclude if e}
    out = []
    for n in names:
        n = " ".join(n.split())
        if n and n not in seen:
            seen.add(n)
            out.append(n)
    return tuple(out)


def _without_markaz(name: str) -> str | None:
    for prefix in ("مركز ", "Markaz ", "markaz "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return None


def _strip_admin_suffix(name: str, admin_names: set[str], lang: str) -> str | None:
    """OCHA tells same-named villages apart by appending the district or sub-district name
    ('تل الذهب قامشلي', 'Um Elamad Elbab'); news text never does, so the short form is an alias."""
    words = [w for w in re.split(r"[\s\-–]+", name) if w]
    for k in (2, 1):
        if len(words) <= k:
            continue
        tail = " ".join(words[-k:])
        key = _ar_core(tail) if lang == "ar" else _en_core(tail)
        if key in admin_names:
            head = words[:-k]
            generic = _GENERIC_HEADS if lang == "ar" else _GENERIC_HEADS_EN
            first = normalize_ar(head[0]) if lang == "ar" else fold_latin(head[0])
            if len(head) == 1 and first in generic:
                return None
            return " ".join(head)
    return None


def _split_inner_article(name: str) -> str | None:
    """OCHA writes the article glued to later words ('Um Elkeif', 'Bab Alsalameh'); news writes
    'Umm al-Kayf'. The first word is left alone: 'Aleppo' is no article."""
    words = name.split()
    out = [words[0]] + [re.sub(r"^(El|Al|el|al)(?=[a-z]{3,}$)", r"\1-", w) for w in words[1:]]
    joined = " ".join(out)
    return joined if joined != name else None


def _kafr_variants(name: str) -> list[str]:
    """كفر ('village of') is written both apart and joined: كفر تخاريم and كفرتخاريم."""
    if name.startswith("كفر ") and len(name.split()) == 2:
        return [name.replace(" ", "", 1)]
    if name.startswith("كفر") and " " not in name and len(name) > 5:
        return ["كفر " + name[3:]]
    return []


def _ar_core(name: str) -> str:
    n = normalize_ar(name).strip()
    return n[2:] if n.startswith("ال") else n


def _en_core(name: str) -> str:
    n = fold_latin(name).strip()
    n = re.sub(r"^(al|el|ar|as|ad|az|an|at|ash|ath)[\s\-]+", "", n)
    n = re.sub(r"^(al|el)(?=[a-z]{4,})", "", n)
    return skeleton_en(n)


def _close(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.7


def _countries() -> list[Region]:
    from babel import Locale

    en = Locale("en").territories
    ar = Locale("ar").territories
    out = []
    for code in sorted(en):
        if len(code) != 2 or not code.isalpha() or code in _NOT_COUNTRIES:
            continue
        out.append(Region(pcode=code, slug="", level="country", parent_pcode=None, name_en=en[code],
                          name_ar=ar.get(code), source="CLDR (babel)", path=(code,), notable=True))
    return out


def _rows(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def build() -> Gazetteer:
    regions: dict[str, Region] = {}
    for c in _countries():
        regions[c.pcode] = c

    a1 = _rows("admin1.csv")
    a2 = _rows("admin2.csv")
    a3 = _rows("admin3.csv")
    admin_keys_ar: dict[str, set[str]] = {}
    admin_keys_en: dict[str, set[str]] = {}
    src_admin = "OpenSyria Data Geography (CC BY 4.0); OCHA COD-AB names"

    def add_admin(r: dict, level: str, parent: str, path: tuple[str, ...]) -> None:
        ar_aliases = [r["name_ar_ocha"], *_split(r["aliases_ar"])]
        en_aliases = [r["name_en_ocha"], *_split(r["aliases_en"])]
        for n in (r["name_ar"], r["name_ar_ocha"]):
            short = _without_markaz(n)
            if short:
                ar_aliases.append(short)
            ar_aliases += _kafr_variants(n)
        for n in (r["name_en"], r["name_en_ocha"]):
            short = _without_markaz(n)
            if short:
                en_aliases.append(short)
        regions[r["pcode"]] = Region(
            pcode=r["pcode"], slug="", level=level, parent_pcode=parent, name_en=r["name_en"],
            name_ar=r["name_ar"], aliases_en=_dedupe(en_aliases, r["name_en"]),
            aliases_ar=_dedupe(ar_aliases, r["name_ar"]), lat=_float(r["lat"]), lon=_float(r["lon"]),
            source=src_admin, path=path + (r["pcode"],), notable=True)
        admin_keys_ar[r["pcode"]] = {_ar_core(n) for n in [r["name_ar"], *ar_aliases]
                                     if is_arabic(n) and len(n.split()) <= 2}
        admin_keys_en[r["pcode"]] = {_en_core(n) for n in [r["name_en"], *en_aliases] if len(n.split()) <= 2}

    for r in a1:
        add_admin(r, "governorate", "SY", ("SY",))
    for r in a2:
        add_admin(r, "district", r["admin1_pcode"], regions[r["admin1_pcode"]].path)
    for r in a3:
        add_admin(r, "subdistrict", r["admin2_pcode"], regions[r["admin2_pcode"]].path)

    geonames = _rows("places_geonames.csv")
    gn_by_ocha = {g["ocha_pcode_match"]: g for g in geonames if g["ocha_pcode_match"]}
    src_place = "UN OCHA populated places (CC BY 3.0 IGO)"
    for r in _rows("places.csv"):
        admins = {r["admin1_pcode"], r["admin2_pcode"], r["admin3_pcode"]}
        keys_ar = set().union(*(admin_keys_ar[p] for p in admins))
        keys_en = set().union(*(admin_keys_en[p] for p in admins))
        ar_aliases, en_aliases = [], []
        short = _strip_admin_suffix(r["name_ar"], keys_ar, "ar")
        if short:
            ar_aliases.append(short)
        ar_aliases += _kafr_variants(r["name_ar"]) + (_kafr_variants(short) if short else [])
        short = _strip_admin_suffix(r["name_en"], keys_en, "en")
        if short:
            en_aliases.append(short)
        for n in (r["name_en"], short):
            split = _split_inner_article(n) if n else None
            if split:
                en_aliases.append(split)
        population = None
        notable = False
        source = src_place
        g = gn_by_ocha.get(r["pcode"])
        if g:
            notable = True
            source += "; GeoNames (CC BY 4.0)"
            population = int(g["population"]) or None
            base_ar = _ar_core(r["name_ar"])
            ar_aliases += [a for a in [g["name_ar"], *_split(g["alt_names_ar"])]
                           if a and _close(_ar_core(a), base_ar)]
            base_en = _en_core(r["name_en"])
            en_aliases += [a for a in [g["name"], *_split(g["alt_names_latin"])]
                           if _plausible_latin(a) and _close(_en_core(a), base_en)]
        regions[r["pcode"]] = Region(
            pcode=r["pcode"], slug="", level="place", parent_pcode=r["admin3_pcode"], name_en=r["name_en"],
            name_ar=r["name_ar"], aliases_en=_dedupe(en_aliases, r["name_en"]),
            aliases_ar=_dedupe(ar_aliases, r["name_ar"]), lat=_float(r["lat"]), lon=_float(r["lon"]),
            population=population, source=source, path=regions[r["admin3_pcode"]].path + (r["pcode"],),
            notable=notable)

    # GeoNames towns with no OCHA community of the same Arabic name get their own place.
    for g in geonames:
        if g["ocha_pcode_match"] or not g["admin3_pcode"]:
            continue
        pcode = f"GN{g['geonameid']}"
        en_aliases = [a for a in _split(g["alt_names_latin"])
                      if _plausible_latin(a) and _close(_en_core(a), _en_core(g["name"]))]
        regions[pcode] = Region(
            pcode=pcode, slug="", level="place", parent_pcode=g["admin3_pcode"], name_en=g["name"],
            name_ar=g["name_ar"] or None, aliases_en=_dedupe(en_aliases, g["name"]),
            lat=_float(g["lat"]), lon=_float(g["lon"]), population=int(g["population"] or 0) or None,
            source="GeoNames (CC BY 4.0)", path=regions[g["admin3_pcode"]].path + (pcode,), notable=True)

    _add_world_cities(regions)
    _apply_aliases(regions)
    _add_macros(regions)
    _assign_slugs(regions)

    children: dict[str, list[str]] = {}
    for reg in regions.values():
        if reg.parent_pcode:
            children.setdefault(reg.parent_pcode, []).append(reg.pcode)
    return Gazetteer(regions=regions, children=children, by_slug={r.slug: r.pcode for r in regions.values()})


def _add_world_cities(regions: dict[str, Region]) -> None:
    """Cities abroad: CLDR exemplar cities of the time zones of the countries in world_cities.json."""
    import babel.dates
    from babel.core import get_global

    with (DATA / "world_cities.json").open(encoding="utf-8") as f:
        conf = json.load(f)
    wanted = set(conf["countries"])
    skip = set(conf["skip_zones"])
    for zone, cc in sorted(get_global("zone_territories").items()):
        if cc not in wanted or zone in skip or cc not in regions:
            continue
        en = babel.dates.get_timezone_location(zone, locale="en", return_city=True)
        ar = babel.dates.get_timezone_location(zone, locale="ar", return_city=True)
        if not en or re.search(r"[,/()،]", en):
            continue
        ar = ar if ar and is_arabic(ar) and not re.search(r"[,/()،]", ar) else None
        country = regions[cc]
        if en == country.name_en:
            continue
        if ar and normalize_ar(ar) == normalize_ar(country.name_ar or ""):
            ar = None
        pcode = f"{cc}-{slugify(en).upper()}"
        regions[pcode] = Region(pcode=pcode, slug="", level="place", parent_pcode=cc, name_en=en, name_ar=ar,
                                source="CLDR exemplar cities (babel)", path=(cc, pcode), notable=True)


def _plausible_latin(name: str) -> bool:
    """GeoNames alternate names mix real spellings with codes and consonant skeletons."""
    if not name or len(name) < 4 or name.isupper() or not name[0].isupper():
        return False
    return re.fullmatch(r"[^\W\d_][^\W\d_\s'’ʿʾ\-]*(?:[\s'’ʿʾ\-]+[^\W\d_]+)*", name) is not None


def _apply_aliases(regions: dict[str, Region]) -> None:
    """data/aliases.csv: Kurdish and common alternative names the open data lacks."""
    from dataclasses import replace

    for row in _rows("aliases.csv"):
        pcode = row["pcode"]
        if pcode not in regions:
            raise ValueError(f"aliases.csv names unknown P-code {pcode!r}")
        reg = regions[pcode]
        field_name = "aliases_ar" if row["lang"] == "ar" else "aliases_en"
        current = getattr(reg, field_name)
        own = reg.name_ar if row["lang"] == "ar" else reg.name_en
        regions[pcode] = replace(reg, **{field_name: _dedupe([*current, row["alias"]], own)},
                                 notable=reg.notable or row.get("notable", "") == "yes")


def _add_macros(regions: dict[str, Region]) -> None:
    with (DATA / "macro_regions.json").open(encoding="utf-8") as f:
        macros = json.load(f)["regions"]
    for m in macros:
        for member in m["members"]:
            if member not in regions:
                raise ValueError(f"macro-region {m['pcode']} names unknown member {member!r}")
        regions[m["pcode"]] = Region(
            pcode=m["pcode"], slug=m["slug"], level="macro", parent_pcode=m["country"], name_en=m["name_en"],
            name_ar=m["name_ar"], aliases_en=tuple(m.get("aliases_en", ())),
            aliases_ar=tuple(m.get("aliases_ar", ())), source="chrono (macro_regions.json)",
            path=(m["country"], m["pcode"]), notable=True, members=tuple(m["members"]),
            macro_admin1=inside.pop() if len(inside := {regions[p].path[1] for p in m["members"]}) == 1 else None)


def _assign_slugs(regions: dict[str, Region]) -> None:
    """Governorates get the fixed short slugs; countries and macro-regions their English name; any
    other region its English name, with its P-code appended when that name is not unique."""
    from dataclasses import replace

    taken: set[str] = set()
    fixed = {}
    for p, s in GOVERNORATE_SLUGS.items():
        fixed[p] = s
    for reg in regions.values():
        if reg.level == "macro":
            fixed[reg.pcode] = reg.slug
    for reg in regions.values():
        if reg.level == "country":
            fixed[reg.pcode] = slugify(reg.name_en or reg.pcode) or reg.pcode.lower()
    taken.update(fixed.values())
    if len(taken) != len(fixed):
        raise ValueError("fixed slugs collide")
    counts: dict[str, int] = {}
    base = {}
    for reg in regions.values():
        if reg.pcode not in fixed:
            b = slugify(reg.name_en or "") or reg.pcode.lower()
            base[reg.pcode] = b
            counts[b] = counts.get(b, 0) + 1
    for pcode, reg in list(regions.items()):
        if pcode in fixed:
            slug = fixed[pcode]
        else:
            b = base[pcode]
            slug = b if counts[b] == 1 and b not in taken else f"{b}-{pcode.lower()}"
        regions[pcode] = replace(reg, slug=slug)


_built: Gazetteer | None = None
_lock = threading.Lock()


def gazetteer() -> Gazetteer:
    """The gazetteer, built on first use (under a second) and kept; thread-safe."""
    global _built
    if _built is None:
        with _lock:
            if _built is None:
                _built = build()
    return _built
