-- Dropping a trigger function drops the triggers that call it (CASCADE).
DROP FUNCTION IF EXISTS region_counts_added(), region_counts_removed(), region_counts_truncated(), macro_scope_changed(),
    event_regions_no_update(), data_changed() CASCADE;
DROP FUNCTION IF EXISTS region_counts_rebuild();
DROP TABLE IF EXISTS region_counts, macro_scope, data_version;
DROP INDEX IF EXISTS event_regions_pcode_end, event_reports_mention, event_regions_pcode_long, events_days_long;
CREATE INDEX IF NOT EXISTS event_regions_pcode_days ON event_regions USING gist (pcode, days);
CREATE INDEX IF NOT EXISTS events_days ON events USING gist (days);
