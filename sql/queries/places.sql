-- Loading the gazetteer (chrono/places/load.py): rows are COPYed into a temporary table, then upserted.

-- name: places_stage_drop
-- A caller's open transaction may still hold the table of an earlier load.
DROP TABLE IF EXISTS pg_temp.regions_stage

-- name: places_stage_create
CREATE TEMPORARY TABLE regions_stage (LIKE regions INCLUDING DEFAULTS) ON COMMIT DROP

-- name: places_stage_copy
COPY regions_stage (pcode, slug, level, parent_pcode, name_en, name_ar, aliases_en, aliases_ar, names_norm,
                    lat, lon, path, population, source) FROM STDIN

-- name: places_upsert_regions
INSERT INTO regions AS r (pcode, slug, level, parent_pcode, name_en, name_ar, aliases_en, aliases_ar,
                          names_norm, lat, lon, path, population, source)
SELECT pcode, slug, level, parent_pcode, name_en, name_ar, aliases_en, aliases_ar, names_norm, lat, lon,
       path, population, source
FROM regions_stage
ON CONFLICT (pcode) DO UPDATE SET
    slug = EXCLUDED.slug, level = EXCLUDED.level, parent_pcode = EXCLUDED.parent_pcode,
    name_en = EXCLUDED.name_en, name_ar = EXCLUDED.name_ar, aliases_en = EXCLUDED.aliases_en,
    aliases_ar = EXCLUDED.aliases_ar, names_norm = EXCLUDED.names_norm, lat = EXCLUDED.lat,
    lon = EXCLUDED.lon, path = EXCLUDED.path, population = EXCLUDED.population, source = EXCLUDED.source
WHERE (r.slug, r.level, r.parent_pcode, r.name_en, r.name_ar, r.aliases_en, r.aliases_ar, r.names_norm,
       r.lat, r.lon, r.path, r.population, r.source)
      IS DISTINCT FROM
      (EXCLUDED.slug, EXCLUDED.level, EXCLUDED.parent_pcode, EXCLUDED.name_en, EXCLUDED.name_ar,
       EXCLUDED.aliases_en, EXCLUDED.aliases_ar, EXCLUDED.names_norm, EXCLUDED.lat, EXCLUDED.lon,
       EXCLUDED.path, EXCLUDED.population, EXCLUDED.source)

-- name: places_free_slugs
-- A slug that moved to another region must be freed before the upsert (slugs are UNIQUE).
UPDATE regions r SET slug = r.pcode || '~' || r.slug
FROM regions_stage s
WHERE s.slug = r.slug AND s.pcode <> r.pcode

-- name: places_delete_members
DELETE FROM region_members
WHERE macro_pcode = ANY(%(macros)s) AND NOT (macro_pcode || '>' || member_pcode) = ANY(%(pairs)s)

-- name: places_insert_member
INSERT INTO region_members (macro_pcode, member_pcode) VALUES (%s, %s) ON CONFLICT DO NOTHING

-- name: places_count
SELECT level, count(*) FROM regions GROUP BY level ORDER BY level
