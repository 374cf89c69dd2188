-- Regions as the web API and pages show them. Parameters are named (%(name)s).

-- name: web_region_by_name
-- A region by a normalised name (names_norm, GIN-indexed) or its primary names; higher levels first.
SELECT pcode, slug, level, parent_pcode, name_en, name_ar, aliases_en, aliases_ar, lat, lon, path, population, source
FROM regions
WHERE names_norm && %(names)s::text[] OR lower(name_en) = %(slug)s OR name_ar = %(name)s
ORDER BY array_position(ARRAY['country','macro','governorate','district','subdistrict','place'], level),
         population DESC NULLS LAST, pcode
LIMIT 1

-- name: web_region_by_pcode
SELECT pcode, slug, level, parent_pcode, name_en, name_ar, aliases_en, aliases_ar, lat, lon, path, population, source
FROM regions WHERE pcode = %(pcode)s

-- name: web_region_suggest
-- Close spellings for a region that was not found (trigram similarity on slugs and names).
SELECT slug, pcode, level, name_en, name_ar
FROM (
    SELECT slug, pcode, level, name_en, name_ar,
           greatest(similarity(slug, %(name)s), similarity(coalesce(lower(name_en), ''), %(name)s),
                    similarity(coalesce(name_ar, ''), %(name)s)) AS score
    FROM regions
) s
WHERE score > 0.25
ORDER BY score DESC, array_position(ARRAY['country','macro','governorate','district','subdistrict','place'], level), slug
LIMIT 5

-- name: web_region_children
SELECT r.pcode, r.slug, r.level, r.name_en, r.name_ar, coalesce(c.event_count, 0) AS event_count
FROM regions r
LEFT JOIN region_counts c ON c.pcode = r.pcode
WHERE r.parent_pcode = %(pcode)s
ORDER BY r.name_en NULLS LAST, r.pcode
LIMIT 500

-- name: web_region_stats
-- How many events lie in a region (a macro-region counts each event once), and their first and last days:
-- kept by triggers on event_regions (0002_read_side.sql).
SELECT coalesce(max(event_count), 0) AS event_count, max(first_day) AS first_day, max(last_day) AS last_day
FROM region_counts WHERE pcode = %(pcode)s

-- name: web_region_counts
-- Event counts and latest days of the regions %(pcodes)s (the tree itself comes from the web process's copy).
SELECT pcode, event_count, last_day FROM region_counts WHERE pcode = ANY(%(pcodes)s::text[])

-- name: web_macro_members_all
SELECT macro_pcode, member_pcode FROM region_members ORDER BY macro_pcode, member_pcode

-- name: web_regions_version
-- Changes whenever regions or region_members change (a trigger; see 0001_core.sql).
SELECT version::text AS version FROM regions_version

-- name: web_regions_all
-- Every region, for the copy of the tree each web process keeps (chrono/web/region_cache.py);
-- child_rank orders the children of a region as web_region_children does.
SELECT pcode, slug, level, parent_pcode, name_en, name_ar, aliases_en, aliases_ar, lat, lon, path, population, source,
       row_number() OVER (PARTITION BY parent_pcode ORDER BY name_en NULLS LAST, pcode) AS child_rank
FROM regions
ORDER BY pcode

-- name: web_data_version
-- Changes in every transaction that writes what the read views show (a trigger; see 0002_read_side.sql).
SELECT version::text AS version FROM data_version
