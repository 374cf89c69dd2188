-- What the read side needs without scanning events: per-region event counts and first/last days, and a
-- version of the data every read view shows; smaller GiST indexes; an index deletes of mentions need.

-- An event has one event_regions row per region it lies in (ancestors included), so a region's count is
-- its number of rows. Macro-regions (sets of governorates, districts or sub-districts) count an event
-- once however many of their members it lies in. Kept exact by the triggers below, in the writing
-- transaction; the web's region tree and region pages read it instead of counting.
CREATE TABLE region_counts (
    pcode       text PRIMARY KEY,
    event_count bigint NOT NULL,
    first_day   date,
    last_day    date
);

-- The P-codes a macro-region's events lie in: its members, and itself (an event is placed in the
-- macro-region directly when the text names only it).
-- macro-region directly when the text names only it). A copy of region_members and regions kept by
-- region_counts_rebuild(), so that the triggers on event_regions read a small indexed table.
CREATE TABLE macro_scope (
    macro_pcode  text NOT NULL,
    member_pcode text NOT NULL,
    PRIMARY KEY (macro_pcode, member_pcode)
);
CREATE INDEX macro_scope_member ON macro_scope (member_pcode);

-- "Events already running when a window opens" can only be events of two days or more (a one-day event
-- that starts before the window has ended before it), a fifth of the rows: the GiST indexes on days hold
-- only those, which makes them several times smaller and faster, and ingest cheaper.
DROP INDEX event_regions_pcode_days;
CREATE INDEX event_regions_pcode_long ON event_regions USING gist (pcode, days) INCLUDE (event_id)
    WHERE upper(days) - lower(days) > 1;
DROP INDEX events_days;
CREATE INDEX events_days_long ON events USING gist (days) WHERE upper(days) - lower(days) > 1;

-- Deleting a mention (an article updated or reprocessed) checks event_reports for it: without this index
-- that is a scan of every report per mention (minutes for a few thousand articles at 1M events).
CREATE INDEX event_reports_mention ON event_reports (mention_id);

-- When rows go, a region's first or last day is looked up again: with this index both ends are one
-- index probe (event_regions_pcode_start gives the first).
CREATE INDEX event_regions_pcode_end ON event_regions (pcode, (upper(days)));

CREATE FUNCTION region_counts_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO region_counts AS c (pcode, event_count, first_day, last_day)
    SELECT pcode, n, lo, hi FROM (
        SELECT pcode, count(*) AS n, min(lower(days)) AS lo, max(upper(days)) - 1 AS hi
        FROM added WHERE pcode NOT IN (SELECT macro_pcode FROM macro_scope) GROUP BY pcode
        UNION ALL
        -- a macro-region gains the events that were in none of its members before this statement
        SELECT m.macro_pcode, count(DISTINCT a.event_id), min(lower(a.days)), max(upper(a.days)) - 1
        FROM added a JOIN macro_scope m ON m.member_pcode = a.pcode
        WHERE NOT EXISTS (
            SELECT 1 FROM event_regions er JOIN macro_scope m2 ON m2.member_pcode = er.pcode
            WHERE er.event_id = a.event_id AND m2.macro_pcode = m.macro_pcode
              AND NOT EXISTS (SELECT 1 FROM added a2 WHERE a2.event_id = er.event_id AND a2.pcode = er.pcode))
        GROUP BY m.macro_pcode
    ) gained
    ORDER BY pcode  -- rows locked in one order, so two writers cannot deadlock on them
    ON CONFLICT (pcode) DO UPDATE
        SET event_count = c.event_count + excluded.event_count,
            first_day = least(c.first_day, excluded.first_day),
            last_day = greatest(c.last_day, excluded.last_day);
    RETURN NULL;
END $$;

CREATE FUNCTION region_counts_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH lost AS (
        SELECT pcode, count(*) AS n, min(lower(days)) AS lo, max(upper(days)) - 1 AS hi
        FROM removed WHERE pcode NOT IN (SELECT macro_pcode FROM macro_scope) GROUP BY pcode
        UNION ALL
        -- a macro-region loses the events now in none of its members
        SELECT m.macro_pcode, count(DISTINCT r.event_id), min(lower(r.days)), max(upper(r.days)) - 1
        FROM removed r JOIN macro_scope m ON m.member_pcode = r.pcode
        WHERE NOT EXISTS (
            SELECT 1 FROM event_regions er JOIN macro_scope m2 ON m2.member_pcode = er.pcode
            WHERE er.event_id = r.event_id AND m2.macro_pcode = m.macro_pcode)
        GROUP BY m.macro_pcode
    ), locked AS (
        SELECT c.pcode FROM region_counts c JOIN lost USING (pcode) ORDER BY c.pcode FOR UPDATE OF c
    )
    UPDATE region_counts c
    SET event_count = c.event_count - lost.n,
        -- a bound held by a row that went is looked up again (on the members, for a macro-region)
        first_day = CASE WHEN lost.lo > c.first_day THEN c.first_day ELSE (
            SELECT min(f.d) FROM (
                SELECT (SELECT min(lower(er.days)) FROM event_regions er WHERE er.pcode = p.pcode) AS d
                FROM (SELECT c.pcode UNION
                      SELECT member_pcode FROM macro_scope WHERE macro_pcode = c.pcode) p(pcode)) f) END,
        last_day = CASE WHEN lost.hi < c.last_day THEN c.last_day ELSE (
            SELECT max(f.d) FROM (
                SELECT (SELECT max(upper(er.days)) - 1 FROM event_regions er WHERE er.pcode = p.pcode) AS d
                FROM (SELECT c.pcode UNION
                      SELECT member_pcode FROM macro_scope WHERE macro_pcode = c.pcode) p(pcode)) f) END
    FROM lost
    WHERE c.pcode = lost.pcode AND c.pcode IN (SELECT pcode FROM locked);
    DELETE FROM region_counts WHERE event_count <= 0;
    RETURN NULL;
END $$;

-- Every count from scratch (the migration runs it once).
CREATE FUNCTION region_counts_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM macro_scope;
    INSERT INTO macro_scope SELECT macro_pcode, member_pcode FROM region_members
                            UNION SELECT pcode, pcode FROM regions WHERE level = 'macro';
    DELETE FROM region_counts;
    INSERT INTO region_counts (pcode, event_count, first_day, last_day)
    SELECT pcode, count(*), min(lower(days)), max(upper(days)) - 1 FROM event_regions
    WHERE pcode NOT IN (SELECT macro_pcode FROM macro_scope) GROUP BY pcode
    UNION ALL
    SELECT m.macro_pcode, count(DISTINCT er.event_id), min(lower(er.days)), max(upper(er.days)) - 1
    FROM event_regions er JOIN macro_scope m ON m.member_pcode = er.pcode
    GROUP BY m.macro_pcode;
END $$;

CREATE FUNCTION region_counts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM region_counts;
    RETURN NULL;
END $$;

-- The gazetteer was (re)loaded: when the macro-regions' scope changed, their counts are taken again.
CREATE FUNCTION macro_scope_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS macro_scope_now (macro_pcode text, member_pcode text) ON COMMIT DROP;
    DELETE FROM macro_scope_now;
    INSERT INTO macro_scope_now SELECT macro_pcode, member_pcode FROM region_members
                                UNION SELECT pcode, pcode FROM regions WHERE level = 'macro';
    IF EXISTS (SELECT * FROM macro_scope_now EXCEPT SELECT * FROM macro_scope)
       OR EXISTS (SELECT * FROM macro_scope EXCEPT SELECT * FROM macro_scope_now) THEN
        PERFORM region_counts_rebuild();
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER region_counts_added AFTER INSERT ON event_regions
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION region_counts_added();
CREATE TRIGGER region_counts_removed AFTER DELETE ON event_regions
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION region_counts_removed();
CREATE TRIGGER region_counts_truncated AFTER TRUNCATE ON event_regions
    FOR EACH STATEMENT EXECUTE FUNCTION region_counts_truncated();
CREATE TRIGGER macro_scope_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON region_members
    FOR EACH STATEMENT EXECUTE FUNCTION macro_scope_changed();
CREATE TRIGGER macro_scope_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON regions
    FOR EACH STATEMENT EXECUTE FUNCTION macro_scope_changed();

-- An UPDATE of event_regions rows would bypass the counts: the rows are only ever inserted and deleted.
CREATE FUNCTION event_regions_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'event_regions rows are replaced, not updated (region_counts depends on it)';
END $$;
CREATE TRIGGER event_regions_no_update BEFORE UPDATE ON event_regions
    FOR EACH STATEMENT EXECUTE FUNCTION event_regions_no_update();

SELECT region_counts_rebuild();

-- A new random version in every transaction that changes what the read views show: web processes keep
-- answers they have built and serve them again while the version is the one they were built at
-- (chrono/web/answer_cache.py).
CREATE TABLE data_version (
    one     boolean PRIMARY KEY DEFAULT true CHECK (one),
    version uuid NOT NULL DEFAULT gen_random_uuid()
);
INSERT INTO data_version DEFAULT VALUES;
CREATE FUNCTION data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- once per transaction: its changes become visible together, at its commit
    IF current_setting('chrono.data_changed_in', true) IS DISTINCT FROM txid_current()::text THEN
        PERFORM set_config('chrono.data_changed_in', txid_current()::text, true);
        UPDATE data_version SET version = gen_random_uuid();
    END IF;
    RETURN NULL;
END $$;
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['sources', 'articles', 'mentions', 'events', 'event_regions', 'event_reports',
                             'entries', 'entry_members', 'merge_pins', 'article_origins', 'regions',
                             'region_members']
    LOOP
        EXECUTE format('CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION data_changed()', t);
    END LOOP;
END $$;
