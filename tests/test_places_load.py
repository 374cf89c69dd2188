"""`chrono places load` on a real PostgreSQL, and the `chrono places` command line."""

from __future__ import annotations

import json

import psycopg
import pytest
from click.testing import CliRunner

from chrono.cli import main
from chrono.places import gazetteer
from chrono.places.load import load


def _snapshot(conn):
    regions = conn.execute("SELECT md5(string_agg(r::text, '|' ORDER BY pcode)) FROM regions r").fetchone()[0]
    members = conn.execute("SELECT count(*) FROM region_members").fetchone()[0]
    return regions, members


@pytest.fixture(scope="module")
def loaded(database_url):
    with psycopg.connect(database_url) as conn:
        counts = load(conn)
    return counts


def test_load_puts_every_region_in_the_table(loaded, database_url):
    g = gazetteer()
    assert sum(loaded.values()) >= len(g.regions)
    assert loaded["governorate"] == 14 and loaded["district"] == 62 and loaded["subdistrict"] == 272
    with psycopg.connect(database_url) as conn:
        row = conn.execute("SELECT slug, level, parent_pcode, path, name_ar FROM regions WHERE pcode = 'C4751'").fetchone()
        assert row == ("qahtaniyyeh-c4751", "place", "SY080203", ["SY", "SY08", "SY0802", "SY080203", "C4751"],
                       "القحطانية")
        assert conn.execute("SELECT pcode FROM regions WHERE slug = 'hasakah'").fetchone() == ("SY08",)
        assert conn.execute("SELECT parent_pcode, level FROM regions WHERE pcode = 'SY'").fetchone() == (None, "country")
        members = {r[0] for r in conn.execute("SELECT member_pcode FROM region_members WHERE macro_pcode = 'SYM-NE'")}
        assert members == {"SY08", "SY11", "SY09"}
        # names_norm holds the normalised names lookup uses
        norm = conn.execute("SELECT names_norm FROM regions WHERE pcode = 'SY08'").fetchone()[0]
        assert "الحسكه" in norm
        inside = conn.execute("SELECT count(*) FROM regions WHERE path @> ARRAY['SY08'] AND level = 'place'").fetchone()[0]
        assert inside > 500


def test_loading_again_changes_nothing(loaded, database_url):
    with psycopg.connect(database_url) as conn:
        before = _snapshot(conn)
        again = load(conn)
        assert _snapshot(conn) == before
    assert again == loaded


def test_load_twice_in_one_transaction(loaded, database_url):
    with psycopg.connect(database_url) as conn:
        conn.execute("SELECT 1")  # a transaction is open
        assert load(conn) == load(conn) == loaded


def test_load_repairs_an_edited_row(loaded, database_url):
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("UPDATE regions SET name_en = 'wrong' WHERE pcode = 'SY08'")
        conn.execute("DELETE FROM region_members WHERE macro_pcode = 'SYM-NE' AND member_pcode = 'SY09'")
        load(conn)
        assert conn.execute("SELECT name_en FROM regions WHERE pcode = 'SY08'").fetchone() == ("Al-Hasakah",)
        assert conn.execute("SELECT count(*) FROM region_members WHERE macro_pcode = 'SYM-NE'").fetchone() == (3,)


def test_load_command(loaded, database_url):
    result = CliRunner().invoke(main, ["places", "load"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "governorate 14" in result.output


def test_places_command_prints_matches():
    result = CliRunner().invoke(main, ["places", "قرية ملوك سراي بريف القامشلي"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "C4576" in result.output and "SY08" in result.output
    same = CliRunner().invoke(main, ["places", "find", "قرية ملوك سراي بريف القامشلي"], catch_exceptions=False)
    assert same.output == result.output
    none = CliRunner().invoke(main, ["places", "nothing here"], catch_exceptions=False)
    assert none.exit_code == 0 and "no places found" in none.output


def test_places_jsonl():
    lines = [{"id": "a", "text": "قصفت طائرة مسيرة بلدة عامودا", "lang": "ar"},
             {"id": 7, "text": "Clashes in Manbij", "lang": "en"},
             {"id": "c", "text": "", "lang": None}]
    stdin = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n"
    result = CliRunner().invoke(main, ["places", "--jsonl"], input=stdin, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["id"] for o in out] == ["a", 7, "c"]
    first = out[0]["places"][0]
    assert set(first) == {"text", "span", "pcode", "level", "admin1_pcode", "name_en", "name_ar"}
    assert first["text"] == "عامودا" and first["admin1_pcode"] == "SY08"
    assert lines[0]["text"][first["span"][0]:first["span"][1]] == "عامودا"
    assert out[1]["places"][0]["admin1_pcode"] == "SY02"
    assert out[2]["places"] == []


def test_places_jsonl_bad_lines_are_reported_and_the_rest_kept():
    stdin = 'not json\n{"id": 1, "text": "حلب"}\n{"id": 2, "text": 5}\n{"id": 3, "text": "x", "lang": "fr"}\n'
    result = CliRunner().invoke(main, ["places", "--jsonl"], input=stdin)
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 4
    assert "error" in out[0] and out[1]["places"][0]["admin1_pcode"] == "SY02"
    assert out[2]["id"] == 2 and "error" in out[2] and out[3]["id"] == 3 and "error" in out[3]
