-- Queries of the ingest pipeline (chrono/ingest/store.py).

-- name: source_upsert
-- A configured source: the sources file is the truth for its settings.
INSERT INTO sources (name, kind, location, lang, timezone, home_region, config)
VALUES (%(name)s, %(kind)s, %(location)s, %(lang)s, %(timezone)s, %(home_region)s, %(settings)s::jsonb)
ON CONFLICT (name) DO UPDATE
   SET kind = EXCLUDED.kind, location = EXCLUDED.location, lang = EXCLUDED.lang,
       timezone = EXCLUDED.timezone, home_region = EXCLUDED.home_region,
       config = sources.config || EXCLUDED.config
RETURNING id, config

-- name: source_ensure
-- An outlet named inside a JSON record: created with its parent's settings, never overwritten.
WITH made AS (
    INSERT INTO sources (name, kind, location, lang, timezone, home_region, config)
    VALUES (%(name)s, %(kind)s, %(location)s, %(lang)s, %(timezone)s, %(home_region)s, %(settings)s::jsonb)
    ON CONFLICT (name) DO NOTHING
    RETURNING id)
SELECT id FROM made UNION ALL SELECT id FROM sources WHERE name = %(name)s LIMIT 1

-- name: source_by_id
SELECT id, name, kind, location, lang, timezone, home_region, config FROM sources WHERE id = %(id)s

-- name: sources_last_run
SELECT name, (config->>'last_run_at')::timestamptz FROM sources WHERE name = ANY(%(names)s)

-- name: source_mark_run
UPDATE sources SET config = config || jsonb_build_object('last_run_at', %(at)s::timestamptz) WHERE id = %(id)s

-- name: region_named
SELECT pcode FROM regions WHERE pcode = %(name)s OR slug = lower(%(name)s) ORDER BY pcode = %(name)s DESC LIMIT 1

-- name: regions_loaded
SELECT EXISTS (SELECT 1 FROM regions WHERE level = 'governorate')

-- name: article_store
-- Find the stored article with this URL, GUID or content; insert it when there is none (one round trip).
WITH found AS (
    SELECT id, url, guid, content_hash, status, attempts, published_at, published_from
      FROM articles
     WHERE source_id = %(source_id)s
       AND (url = %(url)s OR guid = %(guid)s OR content_hash = %(content_hash)s)),
made AS (
    INSERT INTO articles (source_id, url, guid, content_hash, title, raw, raw_format, published_at,
                          published_from, fetched_at, status, error, attempts)
    SELECT %(source_id)s::bigint, %(url)s::text, %(guid)s::text, %(content_hash)s::text, %(title)s::text,
           %(raw)s::text, %(raw_format)s::text, %(published_at)s::timestamptz, %(published_from)s::text,
           %(fetched_at)s::timestamptz, %(status)s::text, %(error)s::text, %(attempts)s::int
     WHERE NOT EXISTS (SELECT 1 FROM found)
    ON CONFLICT DO NOTHING
    RETURNING id)
SELECT id, url, guid, content_hash, status, attempts, published_at, published_from, false FROM found
UNION ALL
SELECT id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, true FROM made

-- name: article_known
SELECT 1 FROM articles a JOIN sources s ON s.id = a.source_id WHERE s.name = %(source)s AND a.url = %(url)s

-- name: article_replace
UPDATE articles
   SET url = %(url)s, guid = %(guid)s, content_hash = %(content_hash)s, title = %(title)s, raw = %(raw)s,
       raw_format = %(raw_format)s, published_at = %(published_at)s, published_from = %(published_from)s,
       status = %(status)s, error = %(error)s, attempts = %(attempts)s
 WHERE id = %(id)s

-- name: article_for_processing
SELECT a.id, a.raw, a.raw_format, a.published_at, a.published_from, a.fetched_at, a.source_id
  FROM articles a
 WHERE a.id = %(id)s

-- name: articles_to_retry
SELECT id FROM articles
 WHERE source_id = ANY(%(source_ids)s) AND status <> 'processed' AND attempts < %(max_attempts)s
 ORDER BY id

-- name: articles_to_reprocess
SELECT id FROM articles
 WHERE (%(since)s::timestamptz IS NULL OR published_at >= %(since)s::timestamptz OR published_at IS NULL)
   AND id > %(after)s
 ORDER BY id
 LIMIT %(limit)s

-- name: article_processed
-- When %(queue)s, the article also waits in merge_queue until its events are clustered (chrono.merge,
-- in a transaction of its own after this one: see docs/merge.md, When it runs).
WITH queued AS (
    INSERT INTO merge_queue (article_id) SELECT %(id)s WHERE %(queue)s ON CONFLICT DO NOTHING
)
UPDATE articles
   SET title = coalesce(%(title)s, title), body = %(body)s, lang = %(lang)s, published_at = %(published_at)s,
       published_from = %(published_from)s, status = 'processed', error = NULL, attempts = attempts + 1,
       processed_at = now()
 WHERE id = %(id)s

-- name: article_failed
UPDATE articles SET status = 'failed', error = %(error)s, attempts = attempts + 1 WHERE id = %(id)s

-- name: article_pending
UPDATE articles SET status = 'pending', error = %(error)s WHERE id = %(id)s

-- name: article_events_delete
-- An event reported by other articles too keeps living; only this article's report of it goes.
WITH gone AS (DELETE FROM event_reports WHERE article_id = %(id)s RETURNING event_id)
DELETE FROM events e
 WHERE e.id IN (SELECT event_id FROM gone)
   AND NOT EXISTS (SELECT 1 FROM event_reports r WHERE r.event_id = e.id AND r.article_id <> %(id)s)

-- name: article_mentions_delete
DELETE FROM mentions WHERE article_id = %(id)s

-- name: allocate_ids
SELECT ARRAY(SELECT nextval(pg_get_serial_sequence('mentions', 'id')) FROM generate_series(1, %(mentions)s)),
       ARRAY(SELECT nextval(pg_get_serial_sequence('events', 'id')) FROM generate_series(1, %(events)s))

-- name: mentions_insert
INSERT INTO mentions (id, article_id, span_start, span_end, surface, kind, date_from, date_to, time_from, time_to,
                      grain, value, edtf, flags, rule, explanation)
OVERRIDING SYSTEM VALUE
SELECT x.id, %(article_id)s, x.span_start, x.span_end, x.surface, x.kind, x.date_from, x.date_to, x.time_from,
       x.time_to, x.grain, x.value, x.edtf, coalesce(x.flags, '{}'), x.rule, x.explanation
  FROM jsonb_to_recordset(%(rows)s::jsonb) AS x(id bigint, span_start int, span_end int, surface text, kind text,
       date_from date, date_to date, time_from timestamptz, time_to timestamptz, grain text, value text, edtf text,
       flags text[], rule text, explanation text)

-- name: events_insert
INSERT INTO events (id, days, during, grain, value, edtf, flags, text, text_norm, lang, admin1)
OVERRIDING SYSTEM VALUE
SELECT x.id, daterange(x.date_from, x.date_to, '[]'),
       CASE WHEN x.time_from IS NULL AND x.time_to IS NULL THEN NULL
            WHEN x.time_to IS NULL OR x.time_to = x.time_from THEN tstzrange(x.time_from, coalesce(x.time_to, x.time_from), '[]')
            ELSE tstzrange(x.time_from, x.time_to, '[)') END,
       x.grain, x.value, x.edtf, coalesce(x.flags, '{}'), x.text, x.text_norm, x.lang,
       (SELECT pcode FROM regions WHERE pcode = x.admin1)
  FROM jsonb_to_recordset(%(rows)s::jsonb) AS x(id bigint, date_from date, date_to date, time_from timestamptz,
       time_to timestamptz, grain text, value text, edtf text, flags text[], text text, text_norm text, lang text,
       admin1 text)

-- name: event_regions_insert
-- Each named place and all its ancestors; direct = the place the sentence (or article) named.
-- The regions are picked by `= ANY(array)` first: joined to the JSON rows directly, the planner
-- would scan the whole table for a handful of rows.
WITH x AS (
    SELECT * FROM jsonb_to_recordset(%(rows)s::jsonb) AS x(event_id bigint, pcode text, date_from date, date_to date)),
r AS MATERIALIZED (
    SELECT pcode, path FROM regions WHERE pcode = ANY(%(pcodes)s::text[]))
INSERT INTO event_regions (event_id, pcode, days, direct)
SELECT x.event_id, a.pcode, daterange(x.date_from, x.date_to, '[]'), bool_or(a.pcode = x.pcode)
  FROM x JOIN r ON r.pcode = x.pcode
 CROSS JOIN LATERAL unnest(r.path || r.pcode) AS a(pcode)
 GROUP BY x.event_id, a.pcode, x.date_from, x.date_to

-- name: event_reports_insert
INSERT INTO event_reports (event_id, article_id, mention_id, sentence, sentence_start)
SELECT x.event_id, %(article_id)s, x.mention_id, x.sentence, x.sentence_start
  FROM jsonb_to_recordset(%(rows)s::jsonb) AS x(event_id bigint, mention_id bigint, sentence text, sentence_start int)

-- name: http_cache_get
SELECT etag, last_modified FROM http_cache WHERE url = %(url)s

-- name: http_cache_put
INSERT INTO http_cache (url, etag, last_modified, checked_at)
VALUES (%(url)s, %(etag)s, %(last_modified)s, now())
ON CONFLICT (url) DO UPDATE
   SET etag = EXCLUDED.etag, last_modified = EXCLUDED.last_modified, checked_at = EXCLUDED.checked_at

-- name: run_start
INSERT INTO ingest_runs (trigger) VALUES (%(trigger)s) RETURNING id, started_at

-- name: run_finish
UPDATE ingest_runs
   SET finished_at = now(), status = %(status)s, fetched = %(fetched)s, new = %(new)s, updated = %(updated)s,
       unchanged = %(unchanged)s, failed = %(failed)s, events = %(events)s, errors = %(errors)s::jsonb
 WHERE id = %(id)s

-- name: run_progress
UPDATE ingest_runs
   SET fetched = %(fetched)s, new = %(new)s, updated = %(updated)s, unchanged = %(unchanged)s, failed = %(failed)s,
       events = %(events)s, errors = %(errors)s::jsonb
 WHERE id = %(id)s AND status = 'running'

-- name: runs_abandoned
-- Called while holding the ingest lock: a locked run still `running` is one whose process died.
UPDATE ingest_runs
   SET status = 'failed', finished_at = now(),
       errors = errors || jsonb_build_array(jsonb_build_object('error', %(error)s::text))
 WHERE status = 'running' AND trigger IN ('manual', 'schedule', 'reprocess')
RETURNING id

-- name: runs_recent
SELECT id, started_at, finished_at, status, trigger, fetched, new, updated, unchanged, failed, events, errors
  FROM ingest_runs ORDER BY id DESC LIMIT %(limit)s

-- name: try_lock
SELECT pg_try_advisory_lock(%(key)s)

-- name: unlock
SELECT pg_advisory_unlock(%(key)s)
