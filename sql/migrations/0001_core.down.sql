DROP TABLE IF EXISTS article_origins, merge_pins, entry_members, entries, http_cache, ingest_runs, event_reports, event_regions, events, mentions, articles, sources,
    region_members, regions CASCADE;
DROP FUNCTION IF EXISTS entry_member_removed();
DROP EXTENSION IF EXISTS btree_gist;
DROP EXTENSION IF EXISTS pg_trgm;
