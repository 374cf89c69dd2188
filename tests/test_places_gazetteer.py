"""The gazetteer as built from the shipped data: levels, hierarchy, slugs, names, aliases, lookup."""

from __future__ import annotations

import csv
import json

import pytest

from chrono.places import gazetteer, lookup, suggest
from chrono.places.gazetteer import DATA, GOVERNORATE_SLUGS


@pytest.fixture(scope="module")
def g():
    return gazetteer()


def _levels(g):
    out = {}
    for r in g.regions.values():
        out[r.level] = out.get(r.level, 0) + 1
    return out


def test_syria_down_to_villages(g):
    levels = _levels(g)
    assert levels["governorate"] == 14
    assert levels["district"] == 62
    assert levels["subdistrict"] == 272
    syrian_places = [r for r in g.regions.values() if r.level == "place" and r.path[0] == "SY"]
    assert len(syrian_places) >= 7593


def test_countries_come_from_cldr_with_iso_codes(g):
    countries = {r.pcode: r for r in g.regions.values() if r.level == "country"}
    assert 240 <= len(countries) <= 260
    assert all(len(p) == 2 and p.isupper() for p in countries)
    assert countries["SY"].name_en == "Syria" and countries["SY"].parent_pcode is None
    assert countries["TR"].name_ar == "تركيا"
    assert countries["UA"].name_ar == "أوكرانيا"
    assert "EU" not in countries and "ZZ" not in countries


def test_every_path_runs_from_the_country_to_the_region(g):
    for r in g.regions.values():
        assert r.path[-1] == r.pcode
        assert g[r.path[0]].level == "country"
        if r.parent_pcode:
            assert r.path[:-1] == g[r.parent_pcode].path
        else:
            assert r.level == "country"


def test_the_seed_places_sit_in_hasakah(g):
    for pcode in ("C4751", "C4576", "C4564"):
        assert g[pcode].admin1_pcode == "SY08"
        assert g.contains("SY08", pcode)
    assert g["C4751"].path == ("SY", "SY08", "SY0802", "SY080203", "C4751")


def test_slugs(g):
    slugs = [r.slug for r in g.regions.values()]
    assert len(slugs) == len(set(slugs)), "slugs must be unique"
    for pcode, slug in GOVERNORATE_SLUGS.items():
        assert g[pcode].slug == slug
    assert g["SY"].slug == "syria"
    assert g["SYM-NE"].slug == "northeast-syria"
    assert all(s and s == s.lower() and " " not in s for s in slugs)


def test_macro_regions_are_sets_of_units(g):
    ne = g["SYM-NE"]
    assert ne.level == "macro" and set(ne.members) == {"SY08", "SY11", "SY09"}
    assert g.contains("SYM-NE", "C4751")
    assert not g.contains("SYM-NE", "C1007")  # Aleppo city
    assert g.contains("SYM-NW", "C3871")  # Idlib city
    assert g.contains("SYM-JAZIRA", "C4564")
    names = {g[p].name_ar for p in ("SYM-NE", "SYM-NW", "SYM-JAZIRA", "SYM-BADIA")}
    assert names == {"شمال شرق سوريا", "شمال غرب سوريا", "الجزيرة السورية", "البادية السورية"}


def test_every_alias_has_a_source_note_and_a_known_region(g):
    with (DATA / "aliases.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) >= 40
    for row in rows:
        assert row["note"].strip(), row
        assert row["pcode"] in g.regions, row
        assert row["lang"] in ("ar", "en"), row
    with (DATA / "macro_regions.json").open(encoding="utf-8") as f:
        for m in json.load(f)["regions"]:
            assert m["note"].strip()


@pytest.mark.parametrize("name, pcode", [
    ("Qamişlo", "C4564"), ("قامشلو", "C4564"), ("Tirbespiyê", "C4751"), ("Serêkaniyê", "C4988"),
    ("Kobanî", "C1946"), ("Dêrik", "C4881"), ("Amûdê", "C4688"), ("Girê Spî", "C5792"), ("Til Temir", "C4409"),
])
def test_kurdish_names(name, pcode, g):
    # lookup prefers the highest level: Kobanî is also the name of the district around the town
    found = lookup(name)
    assert found is not None and g.contains(found.pcode, pcode), (name, found)


@pytest.mark.parametrize("name, pcode", [
    ("hasakah", "SY08"), ("HASAKAH", "SY08"), ("SY08", "SY08"), ("sy08", "SY08"), ("الحسكة", "SY08"),
    ("الحسكه", "SY08"), ("Al-Hasakeh", "SY08"), ("Hassakeh", "SY08"), ("محافظة الحسكة", "SY08"),
    ("deir-ez-zor", "SY09"), ("Deir ez-Zor", "SY09"), ("دير الزور", "SY09"), ("rif-dimashq", "SY03"),
    ("ريف دمشق", "SY03"), ("as-suwayda", "SY13"), ("Sweida", "SY13"), ("C4751", "C4751"),
    ("القحطانية", "SY080203"), ("northeast-syria", "SYM-NE"), ("شمال شرق سوريا", "SYM-NE"),
    ("Northeast Syria", "SYM-NE"), ("تركيا", "TR"), ("Turkey", "TR"), ("syria", "SY"), ("أميركا", "US"),
])
def test_lookup(name, pcode):
    found = lookup(name)
    assert found is not None, name
    assert found.pcode == pcode


@pytest.mark.parametrize("name", ["", "   ", "nowhere-at-all", "zzzz", "\x00"])
def test_lookup_unknown(name):
    assert lookup(name) is None


def test_suggest_offers_close_names():
    assert "SY08" in [r.pcode for r in suggest("hasaka")]
    assert "SY11" in [r.pcode for r in suggest("raqa")]
    assert len(suggest("damascus", n=3)) <= 3
    assert suggest("") == [] or all(r.pcode for r in suggest(""))
