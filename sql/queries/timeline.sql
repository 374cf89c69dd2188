-- The timeline: one query layer for the JSON API, the exports and the pages.
--
-- timeline_in_region and timeline_in_any are templates: {dir} is ASC or DESC and {cmp} is > or <
-- (the keyset direction), and {sort_first} (timeline_in_region) is empty or an ORDER BY for the region's
-- rows, filled in with psycopg.sql before the named parameters are bound.
-- A NULL parameter switches its filter off. Precision ranks come from %(grains)s (finest first).
-- Reports of one happening are merged into timeline entries (chrono.merge, docs/merge.md): the timeline
-- lists an entry once, by its lead event, and counts the entry's distinct sources; an event not yet in an
-- entry counts the distinct sources of the articles that report it (event_reports).

-- name: timeline_in_region
-- Events in one region (its own rows in event_regions cover everything inside it), in date order.
-- A window is read in two parts (%(part)s), each an index-only scan:
--   'starts_in':  events starting inside the window (or anywhere, without one): a range of
--                 event_regions_pcode_start, already in date order, read only as far as LIMIT needs;
--   'running_at': events starting before the window and still running at its start: the partial GiST
--                 index event_regions_pcode_long (events of two days or more), sorted (few rows);
--                 only asked when `from` is given.
-- All 'running_at' events sort before all 'starts_in' ones, so the caller concatenates the two.
SELECT e.id, lower(e.days) AS date_from, upper(e.days) - 1 AS date_to,
       lower(e.during) AS time_from, upper(e.during) AS time_to,
       e.grain, e.value, e.edtf, e.flags, e.text, e.lang, e.admin1, e.created_at
-- The region's rows, then their events one by one until LIMIT has its rows. For 'running_at' the rows
-- are sorted first ({sort_first}; a subquery with ORDER BY is planned on its own), so that only the
-- events of the first rows are read; for 'starts_in' the subquery is flattened into the join and the
-- ordered index scan stops as soon as LIMIT has its rows.
FROM (
    SELECT er.event_id, lower(er.days) AS start
    FROM event_regions er
    WHERE er.pcode = %(pcode)s
      AND ((%(part)s = 'starts_in'
            AND (%(date_from)s::date IS NULL OR lower(er.days) >= %(date_from)s::date)
            AND (%(date_to)s::date IS NULL OR lower(er.days) <= %(date_to)s::date))
        OR (%(part)s = 'running_at'
            AND er.days && daterange(%(date_from)s::date, %(date_from)s::date, '[]')
            AND lower(er.days) < %(date_from)s::date
            AND upper(er.days) - lower(er.days) > 1))  -- implied, and names the partial index
      AND (%(after_date)s::date IS NULL OR (lower(er.days), er.event_id) {cmp} (%(after_date)s::date, %(after_id)s::bigint))
    {sort_first}
) er
JOIN events e ON e.id = er.event_id
WHERE true
  -- every word of q as a substring of the normalised (lower-cased) text: the longest alone, so that the
  -- trigram index (events_text_trgm) can serve a rare word, the others in q_likes
  AND (%(q_like)s::text IS NULL OR (e.text_norm LIKE %(q_like)s AND e.text_norm LIKE ALL(%(q_likes)s::text[])))
  AND (%(lang)s::text IS NULL OR e.lang = %(lang)s)
  AND (%(place)s::text IS NULL OR EXISTS (
        SELECT 1 FROM event_regions p WHERE p.event_id = e.id AND p.pcode = %(place)s))
  AND (%(max_rank)s::int IS NULL OR array_position(%(grains)s::text[], e.grain) <= %(max_rank)s)
  AND (%(min_sources)s::int IS NULL OR coalesce(
        (SELECT en.sources FROM entry_members em JOIN entries en ON en.id = em.entry_id WHERE em.event_id = e.id),
        (SELECT count(DISTINCT a.source_id) FROM event_reports r JOIN articles a ON a.id = r.article_id
         WHERE r.event_id = e.id)) >= %(min_sources)s)
  -- one row per timeline entry: its lead event (docs/merge.md); events not yet clustered show as they are
  AND NOT EXISTS (SELECT 1 FROM entry_members em JOIN entries en ON en.id = em.entry_id
                  WHERE em.event_id = e.id AND en.lead_event_id <> e.id)
ORDER BY er.start {dir}, er.event_id {dir}
LIMIT %(limit)s

-- name: timeline_in_any
-- Events anywhere (%(pcodes)s NULL) or in any of several regions (a macro-region and its members),
-- read in the same two parts on events_start and events_days_long.
SELECT e.id, lower(e.days) AS date_from, upper(e.days) - 1 AS date_to,
       lower(e.during) AS time_from, upper(e.during) AS time_to,
       e.grain, e.value, e.edtf, e.flags, e.text, e.lang, e.admin1, e.created_at
FROM events e
WHERE ((%(part)s = 'starts_in'
        AND (%(date_from)s::date IS NULL OR lower(e.days) >= %(date_from)s::date)
        AND (%(date_to)s::date IS NULL OR lower(e.days) <= %(date_to)s::date))
    OR (%(part)s = 'running_at'
        AND e.days && daterange(%(date_from)s::date, %(date_from)s::date, '[]')
        AND lower(e.days) < %(date_from)s::date
        AND upper(e.days) - lower(e.days) > 1))  -- implied, and names the partial index
  AND (%(after_date)s::date IS NULL OR (lower(e.days), e.id) {cmp} (%(after_date)s::date, %(after_id)s::bigint))
  AND (%(pcodes)s::text[] IS NULL OR EXISTS (
        SELECT 1 FROM event_regions m WHERE m.event_id = e.id AND m.pcode = ANY(%(pcodes)s::text[])))
  -- every word of q as a substring of the normalised (lower-cased) text: the longest alone, so that the
  -- trigram index (events_text_trgm) can serve a rare word, the others in q_likes
  AND (%(q_like)s::text IS NULL OR (e.text_norm LIKE %(q_like)s AND e.text_norm LIKE ALL(%(q_likes)s::text[])))
  AND (%(lang)s::text IS NULL OR e.lang = %(lang)s)
  AND (%(place)s::text IS NULL OR EXISTS (
        SELECT 1 FROM event_regions p WHERE p.event_id = e.id AND p.pcode = %(place)s))
  AND (%(max_rank)s::int IS NULL OR array_position(%(grains)s::text[], e.grain) <= %(max_rank)s)
  AND (%(min_sources)s::int IS NULL OR coalesce(
        (SELECT en.sources FROM entry_members em JOIN entries en ON en.id = em.entry_id WHERE em.event_id = e.id),
        (SELECT count(DISTINCT a.source_id) FROM event_reports r JOIN articles a ON a.id = r.article_id
         WHERE r.event_id = e.id)) >= %(min_sources)s)
  -- one row per timeline entry: its lead event (docs/merge.md); events not yet clustered show as they are
  AND NOT EXISTS (SELECT 1 FROM entry_members em JOIN entries en ON en.id = em.entry_id
                  WHERE em.event_id = e.id AND en.lead_event_id <> e.id)
ORDER BY lower(e.days) {dir}, e.id {dir}
LIMIT %(limit)s

-- name: event_by_id
SELECT e.id, lower(e.days) AS date_from, upper(e.days) - 1 AS date_to,
       lower(e.during) AS time_from, upper(e.during) AS time_to,
       e.grain, e.value, e.edtf, e.flags, e.text, e.lang, e.admin1, e.created_at
FROM events e WHERE e.id = %(id)s

-- name: events_related
-- Other events sharing a report's article with %(id)s, or in the same direct place starting from 30 days
-- before its start to 30 days after its end (a range of event_regions_pcode_start).
-- One IN over a UNION: with `IN (…) OR IN (…)` the planner scanned every event (2.4 s at 1M events).
SELECT e.id, lower(e.days) AS date_from, upper(e.days) - 1 AS date_to,
       lower(e.during) AS time_from, upper(e.during) AS time_to,
       e.grain, e.value, e.edtf, e.flags, e.text, e.lang, e.admin1, e.created_at
FROM events e
WHERE e.id <> %(id)s AND e.id IN (
    SELECT r2.event_id FROM event_reports r1 JOIN event_reports r2 ON r2.article_id = r1.article_id
     WHERE r1.event_id = %(id)s
    UNION
    SELECT o.event_id FROM event_regions mine
      JOIN event_regions o ON o.pcode = mine.pcode
       AND lower(o.days) BETWEEN lower(mine.days) - 30 AND upper(mine.days) + 30
     WHERE mine.event_id = %(id)s AND mine.direct AND o.direct)
ORDER BY lower(e.days), e.id
LIMIT 20

-- name: article_by_id
SELECT a.id, a.url, a.guid, a.title, a.body, a.raw, a.lang, a.published_at, a.published_from, a.fetched_at,
       a.status, a.error, a.processed_at, s.id AS source_id, s.name AS source_name, s.timezone AS source_timezone
FROM articles a JOIN sources s ON s.id = a.source_id
WHERE a.id = %(id)s

-- name: article_mentions
SELECT m.id, m.span_start, m.span_end, m.surface, m.kind, m.date_from, m.date_to, m.time_from, m.time_to,
       m.grain, m.value, m.edtf, m.flags, m.rule, m.explanation
FROM mentions m WHERE m.article_id = %(id)s ORDER BY m.span_start, m.id

-- name: article_event_ids
SELECT r.event_id FROM event_reports r JOIN events e ON e.id = r.event_id
WHERE r.article_id = %(id)s ORDER BY lower(e.days), e.id

-- name: events_by_ids
SELECT e.id, lower(e.days) AS date_from, upper(e.days) - 1 AS date_to,
       lower(e.during) AS time_from, upper(e.during) AS time_to,
       e.grain, e.value, e.edtf, e.flags, e.text, e.lang, e.admin1, e.created_at
FROM events e WHERE e.id = ANY(%(ids)s::bigint[])
ORDER BY lower(e.days), e.id

-- name: newest_events
-- The events most recently added (the home page and a region's Atom feed).
SELECT e.id, lower(e.days) AS date_from, upper(e.days) - 1 AS date_to,
       lower(e.during) AS time_from, upper(e.during) AS time_to,
       e.grain, e.value, e.edtf, e.flags, e.text, e.lang, e.admin1, e.created_at
FROM events e
WHERE %(pcodes)s::text[] IS NULL OR EXISTS (
    SELECT 1 FROM event_regions m WHERE m.event_id = e.id AND m.pcode = ANY(%(pcodes)s::text[]))
ORDER BY lower(e.days) DESC, e.id DESC
LIMIT %(limit)s

-- name: event_details
-- Everything the API shows of each event of %(ids)s beyond its own row, in one round trip (prepared: its
-- plan is made once per connection):
--   entry            the event's timeline entry as JSON (the columns of entries_of_events in merge.sql),
--                    or NULL when it is in none;
--   reports          a JSON array: the reports of every member of the entry (of the event alone when it
--                    is in none) — article, source, quoted sentence, date mention — by member, then
--                    publication time, then article;
--   reports_fetched  when the newest of those reports was fetched (for Last-Modified);
--   place_pcodes     the places it is directly placed in, in no order (their names, chains and order
--                    come from the copy of the region tree each web process holds, chrono/web/region_cache.py);
--   regions_version  the version of the regions that copy must have.
SELECT i.id, ent.entry::text AS entry, rep.reports::text AS reports, rep.fetched AS reports_fetched,
       ARRAY(SELECT er.pcode FROM event_regions er WHERE er.event_id = i.id AND er.direct) AS place_pcodes,
       (SELECT v.version::text FROM regions_version v) AS regions_version
FROM unnest(%(ids)s::bigint[]) AS i(id)
LEFT JOIN LATERAL (
    SELECT to_json(x) AS entry, x.members
    FROM (SELECT m.event_id, en.id AS entry_id, lower(en.days) AS date_from, upper(en.days) - 1 AS date_to,
                 en.grain, en.reports, en.sources, en.independent_sources, en.flags, en.member_dates,
                 en.lead_event_id,
                 ARRAY(SELECT o.event_id FROM entry_members o WHERE o.entry_id = en.id ORDER BY o.event_id) AS members
          FROM entry_members m JOIN entries en ON en.id = m.entry_id
          WHERE m.event_id = i.id) x
) ent ON true
LEFT JOIN LATERAL (
    SELECT json_agg(x ORDER BY x.event_id, x.published_at NULLS LAST, x.article_id) AS reports,
           max(x.fetched_at) AS fetched
    FROM (SELECT r.event_id, r.sentence, r.sentence_start,
                 a.id AS article_id, a.url, a.title, a.published_at, a.published_from, a.lang AS article_lang,
                 a.fetched_at, s.id AS source_id, s.name AS source_name,
                 m.id AS mention_id, m.surface AS expression, m.span_start, m.span_end, m.rule, m.explanation,
                 m.flags AS mention_flags, m.kind AS mention_kind
          FROM event_reports r
          JOIN articles a ON a.id = r.article_id
          JOIN sources s ON s.id = a.source_id
          LEFT JOIN mentions m ON m.id = r.mention_id
          WHERE r.event_id = ANY(coalesce(ent.members, ARRAY[i.id]))) x
) rep ON true
