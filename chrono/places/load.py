"""Load the gazetteer into the `regions` and `region_members` tables, idempotently."""

from __future__ import annotations

import psycopg

from chrono.places.gazetteer import LEVELS, gazetteer
from chrono.places.lookup import names_norm
from chrono.store.queries import Q


def load(conn: psycopg.Connection) -> dict[str, int]:
    """Upsert every region and macro-region membership in one transaction; returns rows per level
    in the table afterwards. Running it again changes nothing."""
    g = gazetteer()
    order = {lv: i for i, lv in enumerate(LEVELS)}
    regions = sorted(g.regions.values(), key=lambda r: (order[r.level], r.pcode))
    with conn.transaction():
        with conn.cursor() as cur:
            cur.execute(Q.places_stage_drop)
            cur.execute(Q.places_stage_create)
            with cur.copy(Q.places_stage_copy) as copy:
                for r in regions:
                    copy.write_row((r.pcode, r.slug, r.level, r.parent_pcode, r.name_en, r.name_ar,
                                    list(r.aliases_en), list(r.aliases_ar), names_norm(r), r.lat, r.lon,
                                    list(r.path), r.population, r.source))
            cur.execute(Q.places_free_slugs)
            cur.execute(Q.places_upsert_regions)
            macros = [r for r in regions if r.level == "macro"]
            pairs = [f"{m.pcode}>{p}" for m in macros for p in m.members]
            cur.execute(Q.places_delete_members, {"macros": [m.pcode for m in macros], "pairs": pairs})
            cur.executemany(Q.places_insert_member, [(m.pcode, p) for m in macros for p in m.members])
            cur.execute(Q.places_count)
            return dict(cur.fetchall())
