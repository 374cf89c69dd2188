DROP TABLE IF EXISTS merge_version, article_origins, merge_pins, entry_members, entries, http_cache, ingest_runs, event_reports, event_regions, events, mentions, articles, sources,
    region_members, regions, regions_version CASCADE;
DROP FUNCTION IF EXISTS entry_member_removed();
DROP FUNCTION IF EXISTS merge_changed();
DROP FUNCTION IF EXISTS regions_changed();
DROP EXTENSION IF EXISTS btree_gist;
DROP EXTENSION IF EXISTS pg_trgm;
