-- Queries of chrono.merge (timeline entries). docs/merge.md.

-- name: merge_lock
-- One clustering at a time: two writers must not both open an entry for one happening. With the lock:
-- the database's merge_version (a process's entries in memory are the truth while it is the token that
-- process last wrote), %(more)s more entry ids taken ahead, the sources of articles %(articles)s (by id, as
-- text), and which of the events %(events)s still exist and are in no entry yet (ingest hands over events
-- it stored earlier: meanwhile their article may have been reprocessed, or another process clustered
-- them). JIT off for the rest of the transaction: the planner cannot see into the JSON inputs, guesses a
-- hundred rows where there are a few, and would spend tens of milliseconds compiling a query that runs in one.
-- OFFSET 0 keeps the membership check a probe of entry_members' key per event: made an anti-join, it was
-- planned as a hash of all of entry_members, read whole for every batch (9 ms at 22,000 members).
SELECT pg_advisory_xact_lock(hashtext('chrono.merge')), (SELECT version::text FROM merge_version),
       ARRAY(SELECT nextval(pg_get_serial_sequence('entries', 'id')) FROM generate_series(1, %(more)s)),
       (SELECT jsonb_object_agg(a.id::text, s.name) FROM articles a JOIN sources s ON s.id = a.source_id
         WHERE a.id = ANY(%(articles)s::bigint[])),
       ARRAY(SELECT e.id FROM events e WHERE e.id = ANY(%(events)s::bigint[])
               AND NOT EXISTS (SELECT 1 FROM entry_members m WHERE m.event_id = e.id OFFSET 0)),
       set_config('jit', 'off', true)

-- name: merge_ids
SELECT ARRAY(SELECT nextval(pg_get_serial_sequence('entries', 'id')) FROM generate_series(1, %(more)s))

-- name: merge_new
-- The events %(ids)s read back (rebuild, split; ingest hands its events over), with what their articles
-- say of their origin (the raw text: source lines such as "المصدر: …" are furniture that ingest leaves
-- out of the body) unless already read.
SELECT e.id, m.entry_id, e.text, e.lang, lower(e.days), upper(e.days) - 1, e.grain, e.value, e.edtf,
       e.flags, e.admin1,
       ARRAY(SELECT g.pcode FROM event_regions g WHERE g.event_id = e.id AND g.direct ORDER BY g.pcode),
       rep.article_id, s.name, m.origin, pin.event_id IS NOT NULL, en.stale, a.title,
       CASE WHEN 'publication_date' = ANY(e.flags) THEN left(coalesce(a.body, a.raw), %(lead_chars)s) END,
       CASE WHEN ao.article_id IS NULL THEN a.raw END, ao.origin, ao.chain, ao.evidence
FROM events e
LEFT JOIN LATERAL (SELECT r.article_id FROM event_reports r WHERE r.event_id = e.id ORDER BY r.article_id LIMIT 1) rep ON true
LEFT JOIN articles a ON a.id = rep.article_id
LEFT JOIN sources s ON s.id = a.source_id
LEFT JOIN entry_members m ON m.event_id = e.id
LEFT JOIN article_origins ao ON ao.article_id = rep.article_id
LEFT JOIN merge_pins pin ON pin.event_id = e.id
LEFT JOIN entries en ON en.id = m.entry_id
WHERE e.id = ANY(%(ids)s::bigint[])
ORDER BY e.id

-- name: merge_load
-- Every member of the entries of some months of some governorates (%(months)s: a, f, t; entries at most
-- %(narrow)s days wide whose span meets the month, so starting at most that many days before it), of the
-- entries starting on some days (%(starts)s: a, d; for dates wider than a month), both through the index
-- entries_admin1_start, and, when %(stale)s, of the stale entries (to be recomputed).
WITH month AS MATERIALIZED (
    SELECT x.a, x.f, x.t FROM jsonb_to_recordset(%(months)s::jsonb) AS x(a text, f date, t date)
), start AS MATERIALIZED (
    SELECT x.a, x.d FROM jsonb_to_recordset(%(starts)s::jsonb) AS x(a text, d date)
), picked AS MATERIALIZED (
    SELECT en.id FROM month x CROSS JOIN LATERAL (
        SELECT en.id FROM entries en
        WHERE en.admin1 = x.a AND lower(en.span) BETWEEN x.f - %(narrow)s AND x.t
          AND upper(en.span) > x.f AND upper(en.span) - lower(en.span) <= %(narrow)s
        UNION ALL
        SELECT en.id FROM entries en
        WHERE x.a IS NULL AND en.admin1 IS NULL AND lower(en.span) BETWEEN x.f - %(narrow)s AND x.t
          AND upper(en.span) > x.f AND upper(en.span) - lower(en.span) <= %(narrow)s
    ) en
    UNION
    SELECT en.id FROM start x CROSS JOIN LATERAL (
        SELECT en.id FROM entries en WHERE en.admin1 = x.a AND lower(en.span) = x.d
        UNION ALL
        SELECT en.id FROM entries en WHERE x.a IS NULL AND en.admin1 IS NULL AND lower(en.span) = x.d
    ) en
    UNION
    SELECT id FROM entries WHERE %(stale)s AND stale
)
SELECT e.id, m.entry_id, e.text, e.lang, lower(e.days), upper(e.days) - 1, e.grain, e.value, e.edtf,
       e.flags, e.admin1,
       ARRAY(SELECT g.pcode FROM event_regions g WHERE g.event_id = e.id AND g.direct ORDER BY g.pcode),
       rep.article_id, s.name, m.origin, pin.event_id IS NOT NULL, en.stale, a.title,
       CASE WHEN 'publication_date' = ANY(e.flags) THEN left(coalesce(a.body, a.raw), %(lead_chars)s) END
FROM picked p
JOIN entries en ON en.id = p.id
JOIN entry_members m ON m.entry_id = p.id
JOIN events e ON e.id = m.event_id
LEFT JOIN LATERAL (SELECT r.article_id FROM event_reports r WHERE r.event_id = e.id ORDER BY r.article_id LIMIT 1) rep ON true
LEFT JOIN articles a ON a.id = rep.article_id
LEFT JOIN sources s ON s.id = a.source_id
LEFT JOIN merge_pins pin ON pin.event_id = e.id
ORDER BY m.entry_id, e.id

-- name: merge_write
-- New entries (%(new_entries)s, ids taken ahead), recomputed entries, new members and article origins,
-- from JSON arrays in one statement; the articles %(queued)s leave the queue; merge_version becomes
-- %(version)s, the writer's token.
WITH x_new AS (
    SELECT * FROM jsonb_to_recordset(%(new_entries)s::jsonb) AS x(id bigint, date_from date,
              date_to date, span_from date, span_to date, grain text, value text, edtf text, flags text[],
              member_dates jsonb, admin1 text, lead_event_id bigint, reports int, sources int,
              independent_sources int)
), ins AS (
    INSERT INTO entries (id, days, span, grain, value, edtf, flags, member_dates, admin1, lead_event_id, reports,
                         sources, independent_sources)
    OVERRIDING SYSTEM VALUE
    SELECT id, daterange(date_from, date_to, '[]'), daterange(span_from, span_to, '[]'), grain, value, edtf, flags,
           member_dates, admin1, lead_event_id, reports, sources, independent_sources
    FROM x_new ORDER BY id
    RETURNING id
), upd AS (
    UPDATE entries t SET days = daterange(x.date_from, x.date_to, '[]'), span = daterange(x.span_from, x.span_to, '[]'),
        grain = x.grain, value = x.value, edtf = x.edtf, flags = x.flags, member_dates = x.member_dates,
        admin1 = x.admin1, lead_event_id = x.lead_event_id, reports = x.reports, sources = x.sources,
        independent_sources = x.independent_sources, stale = false, updated_at = now()
    FROM jsonb_to_recordset(%(entries)s::jsonb) AS x(id bigint, date_from date, date_to date, span_from date,
         span_to date, grain text, value text, edtf text, flags text[], member_dates jsonb, admin1 text,
         lead_event_id bigint, reports int, sources int, independent_sources int)
    WHERE t.id = x.id
    RETURNING 1
), mem AS (
    INSERT INTO entry_members (event_id, entry_id, matched_event_id, score, reasons, origin, origin_evidence)
    SELECT x.event_id, x.entry_id, x.matched_event_id, x.score, x.reasons, x.origin, x.origin_evidence
    FROM jsonb_to_recordset(%(members)s::jsonb) AS x(event_id bigint, entry_id bigint, matched_event_id bigint,
         score real, reasons jsonb, origin text, origin_evidence text)
    ON CONFLICT (event_id) DO NOTHING
    RETURNING 1
), org AS (
    INSERT INTO article_origins (article_id, origin, chain, evidence)
    SELECT x.article_id, x.origin, x.chain, x.evidence
    FROM jsonb_to_recordset(%(origins)s::jsonb) AS x(article_id bigint, origin text, chain text[], evidence text)
    ON CONFLICT (article_id) DO UPDATE SET origin = excluded.origin, chain = excluded.chain, evidence = excluded.evidence
    RETURNING 1
), done AS (
    DELETE FROM merge_queue WHERE article_id = ANY(%(queued)s::bigint[])
    RETURNING 1
)
UPDATE merge_version SET version = %(version)s::uuid

-- name: merge_clear
TRUNCATE entry_members, entries, merge_queue RESTART IDENTITY

-- name: merge_queued
-- Articles stored with clustering on whose clustering never committed, oldest first.
SELECT article_id FROM merge_queue ORDER BY article_id LIMIT %(limit)s

-- name: merge_queued_events
-- The events of articles %(articles)s, in the order they were stored.
SELECT r.event_id FROM event_reports r WHERE r.article_id = ANY(%(articles)s::bigint[]) ORDER BY r.event_id

-- name: merge_event_ids_after
-- Events in the order they were stored, a batch at a time, grouped by article.
SELECT e.id, rep.article_id
FROM events e
LEFT JOIN LATERAL (SELECT r.article_id FROM event_reports r WHERE r.event_id = e.id ORDER BY r.article_id LIMIT 1) rep ON true
WHERE e.id > %(after)s
ORDER BY e.id
LIMIT %(limit)s

-- name: merge_pin
INSERT INTO merge_pins (event_id) VALUES (%(event_id)s) ON CONFLICT DO NOTHING

-- name: merge_detach
-- Take an event out of its entry (the trigger marks the entry stale, or drops it when empty).
DELETE FROM entry_members WHERE event_id = %(event_id)s RETURNING entry_id

-- name: merge_entry
SELECT en.id, lower(en.days), upper(en.days) - 1, en.grain, en.value, en.edtf, en.flags, en.member_dates,
       en.admin1, en.reports, en.sources, en.independent_sources, en.stale
FROM entries en WHERE en.id = %(id)s

-- name: merge_entry_members
SELECT m.event_id, m.matched_event_id, m.score, m.reasons, m.origin, e.text, lower(e.days), upper(e.days) - 1,
       e.grain, s.name
FROM entry_members m
JOIN events e ON e.id = m.event_id
LEFT JOIN LATERAL (SELECT r.article_id FROM event_reports r WHERE r.event_id = e.id ORDER BY r.article_id LIMIT 1) rep ON true
LEFT JOIN articles a ON a.id = rep.article_id
LEFT JOIN sources s ON s.id = a.source_id
WHERE m.entry_id = %(id)s
ORDER BY m.event_id

-- name: merge_counts
SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM entries), (SELECT count(*) FROM entry_members),
       (SELECT count(*) FROM entries WHERE sources > 1), (SELECT count(*) FROM entries WHERE stale),
       (SELECT count(*) FROM merge_queue)

-- name: entries_of_events
-- The timeline entry of each event of %(ids)s, with its members (the web shows an entry by its lead).
SELECT m.event_id, en.id AS entry_id, lower(en.days) AS date_from, upper(en.days) - 1 AS date_to, en.grain,
       en.reports, en.sources, en.independent_sources, en.flags, en.member_dates, en.lead_event_id,
       ARRAY(SELECT o.event_id FROM entry_members o WHERE o.entry_id = en.id ORDER BY o.event_id) AS members
FROM entry_members m JOIN entries en ON en.id = m.entry_id
WHERE m.event_id = ANY(%(ids)s::bigint[])
