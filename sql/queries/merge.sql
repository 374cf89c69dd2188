-- Queries of chrono.merge (timeline entries). docs/merge.md.

-- name: merge_lock
-- One clustering at a time: two writers must not both open an entry for one happening.
SELECT pg_advisory_xact_lock(hashtext('chrono.merge'))

-- name: merge_load
-- The new events, and every member of the entries they may join (same governorate, or both without
-- one, dates within %(slack)s days: the (admin1, span) GiST index), and of stale entries.
WITH new AS (
    SELECT e.id, e.days, e.admin1 FROM events e WHERE e.id = ANY(%(ids)s::bigint[])
), cand AS (
    SELECT en.id FROM new n JOIN entries en
        ON en.admin1 = n.admin1
       AND en.span && daterange(lower(n.days) - %(slack)s, upper(n.days) + %(slack)s)
    UNION
    SELECT en.id FROM new n JOIN entries en
        ON n.admin1 IS NULL AND en.admin1 IS NULL
       AND en.span && daterange(lower(n.days) - %(slack)s, upper(n.days) + %(slack)s)
    UNION
    SELECT id FROM entries WHERE stale
), picked AS (
    SELECT 'new' AS role, n.id AS event_id FROM new n
    UNION ALL
    SELECT 'member', m.event_id FROM cand c JOIN entry_members m ON m.entry_id = c.id
)
SELECT p.role, e.id, m.entry_id, e.text, e.lang, lower(e.days), upper(e.days) - 1, e.grain, e.value, e.edtf,
       e.flags, e.admin1,
       ARRAY(SELECT g.pcode FROM event_regions g WHERE g.event_id = e.id AND g.direct ORDER BY g.pcode),
       rep.article_id, s.name, m.origin, m.origin_evidence, m.matched_event_id, m.score, m.reasons,
       pin.event_id IS NOT NULL,
       -- the raw text: source lines ("المصدر: …") are furniture that ingest leaves out of the body
       CASE WHEN p.role = 'new' AND ao.article_id IS NULL THEN a.raw END,
       ao.origin, ao.chain, ao.evidence, en.stale, a.title,
       CASE WHEN 'publication_date' = ANY(e.flags) THEN left(coalesce(a.body, a.raw), %(lead_chars)s) END
FROM picked p
JOIN events e ON e.id = p.event_id
LEFT JOIN LATERAL (SELECT r.article_id FROM event_reports r WHERE r.event_id = e.id ORDER BY r.article_id LIMIT 1) rep ON true
LEFT JOIN articles a ON a.id = rep.article_id
LEFT JOIN sources s ON s.id = a.source_id
LEFT JOIN entry_members m ON m.event_id = e.id
LEFT JOIN article_origins ao ON ao.article_id = rep.article_id
LEFT JOIN merge_pins pin ON pin.event_id = e.id
LEFT JOIN entries en ON en.id = m.entry_id
ORDER BY p.role DESC, e.id

-- name: merge_allocate_entry_ids
SELECT array_agg(nextval(pg_get_serial_sequence('entries', 'id'))) FROM generate_series(1, %(n)s)

-- name: merge_write
-- Entries (new or recomputed), new members, and article origins, from JSON arrays in one statement.
WITH ent AS (
    INSERT INTO entries AS t (id, days, span, grain, value, edtf, flags, member_dates, admin1, lead_event_id,
                              reports, sources, independent_sources)
    OVERRIDING SYSTEM VALUE
    SELECT x.id, daterange(x.date_from, x.date_to, '[]'), daterange(x.span_from, x.span_to, '[]'), x.grain,
           x.value, x.edtf, x.flags, x.member_dates, x.admin1, x.lead_event_id, x.reports, x.sources,
           x.independent_sources
    FROM jsonb_to_recordset(%(entries)s::jsonb) AS x(id bigint, date_from date, date_to date, span_from date,
         span_to date, grain text, value text, edtf text, flags text[], member_dates jsonb, admin1 text,
         lead_event_id bigint, reports int, sources int, independent_sources int)
    ON CONFLICT (id) DO UPDATE SET days = excluded.days, span = excluded.span, grain = excluded.grain,
        value = excluded.value, edtf = excluded.edtf, flags = excluded.flags, member_dates = excluded.member_dates,
        admin1 = excluded.admin1, lead_event_id = excluded.lead_event_id, reports = excluded.reports,
        sources = excluded.sources, independent_sources = excluded.independent_sources, stale = false,
        updated_at = now()
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
)
SELECT (SELECT count(*) FROM ent), (SELECT count(*) FROM mem), (SELECT count(*) FROM org)

-- name: merge_clear
TRUNCATE entry_members, entries RESTART IDENTITY

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
       (SELECT count(*) FROM entries WHERE sources > 1), (SELECT count(*) FROM entries WHERE stale)

-- name: entries_of_events
-- The timeline entry of each event of %(ids)s, with its members (the web shows an entry by its lead).
SELECT m.event_id, en.id AS entry_id, lower(en.days) AS date_from, upper(en.days) - 1 AS date_to, en.grain,
       en.reports, en.sources, en.independent_sources, en.flags, en.member_dates, en.lead_event_id,
       ARRAY(SELECT o.event_id FROM entry_members o WHERE o.entry_id = en.id ORDER BY o.event_id) AS members
FROM entry_members m JOIN entries en ON en.id = m.entry_id
WHERE m.event_id = ANY(%(ids)s::bigint[])
