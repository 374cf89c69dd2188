DROP TABLE IF EXISTS ingest_runs, event_reports, event_regions, events, mentions, articles, sources,
    region_members, regions CASCADE;
DROP EXTENSION IF EXISTS btree_gist;
DROP EXTENSION IF EXISTS pg_trgm;
