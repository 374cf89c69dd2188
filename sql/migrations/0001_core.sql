-- chrono core schema: sources, articles, mentions, regions, events, ingest runs.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Regions: country > governorate > district > subdistrict > place, plus named macro-regions.
CREATE TABLE regions (
    pcode        text PRIMARY KEY,
    slug         text NOT NULL UNIQUE,
    level        text NOT NULL CHECK (level IN ('country', 'governorate', 'district', 'subdistrict', 'place', 'macro')),
    parent_pcode text REFERENCES regions (pcode),
    name_en      text,
    name_ar      text,
    aliases_en   text[] NOT NULL DEFAULT '{}',
    aliases_ar   text[] NOT NULL DEFAULT '{}',
    names_norm   text[] NOT NULL DEFAULT '{}',
    lat          double precision,
    lon          double precision,
    path         text[] NOT NULL,
    population   integer,
    source       text
);
CREATE INDEX regions_parent ON regions (parent_pcode);
CREATE INDEX regions_path ON regions USING gin (path);
CREATE INDEX regions_names_norm ON regions USING gin (names_norm);

CREATE TABLE region_members (
    macro_pcode  text NOT NULL REFERENCES regions (pcode) ON DELETE CASCADE,
    member_pcode text NOT NULL REFERENCES regions (pcode) ON DELETE CASCADE,
    PRIMARY KEY (macro_pcode, member_pcode)
);

-- A new random version after every statement that changes regions or region_members: web processes
-- keep the region tree in memory and reload it when the version they read differs from theirs
-- (chrono/web/region_cache.py).
CREATE TABLE regions_version (
    one     boolean PRIMARY KEY DEFAULT true CHECK (one),
    version uuid NOT NULL DEFAULT gen_random_uuid()
);
INSERT INTO regions_version DEFAULT VALUES;
CREATE FUNCTION regions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE regions_version SET version = gen_random_uuid();
    RETURN NULL;
END $$;
CREATE TRIGGER regions_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON regions
    FOR EACH STATEMENT EXECUTE FUNCTION regions_changed();
CREATE TRIGGER region_members_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON region_members
    FOR EACH STATEMENT EXECUTE FUNCTION regions_changed();

CREATE TABLE sources (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    kind        text NOT NULL,
    location    text,
    lang        text,
    timezone    text NOT NULL DEFAULT 'Asia/Damascus',
    home_region text REFERENCES regions (pcode),
    config      jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- The raw text is always kept, also for articles that failed processing.
CREATE TABLE articles (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_id      bigint NOT NULL REFERENCES sources (id),
    url            text,
    guid           text,
    content_hash   text NOT NULL,
    title          text,
    raw            text NOT NULL,
    body           text,
    lang           text,
    published_at   timestamptz,
    published_from text CHECK (published_from IN ('feed', 'page', 'dateline', 'given', 'fetched', 'record')),
    -- how `raw` is read: plain text, an HTML page, or a JSON record ({"url","title","text"|"html","published",…})
    raw_format     text NOT NULL DEFAULT 'text' CHECK (raw_format IN ('text', 'html', 'record')),
    fetched_at     timestamptz NOT NULL DEFAULT now(),
    status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processed', 'failed')),
    error          text,
    attempts       integer NOT NULL DEFAULT 0,
    processed_at   timestamptz,
    UNIQUE (source_id, url),
    UNIQUE (source_id, guid),
    UNIQUE (source_id, content_hash)
);
CREATE INDEX articles_status ON articles (status) WHERE status <> 'processed';
CREATE INDEX articles_published ON articles (published_at);

CREATE TABLE mentions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id  bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    span_start  integer NOT NULL,
    span_end    integer NOT NULL,
    surface     text NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('point', 'range', 'open', 'duration', 'set')),
    date_from   date,
    date_to     date,
    time_from   timestamptz,
    time_to     timestamptz,
    grain       text,
    value       text,
    edtf        text,
    flags       text[] NOT NULL DEFAULT '{}',
    rule        text,
    explanation text,
    CHECK (span_start <= span_end),
    CHECK (date_from IS NULL OR date_to IS NULL OR date_from <= date_to)
);
CREATE INDEX mentions_article ON mentions (article_id);

CREATE TABLE events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    days        daterange NOT NULL,
    during      tstzrange,
    grain       text NOT NULL,
    value       text,
    edtf        text,
    flags       text[] NOT NULL DEFAULT '{}',
    text        text NOT NULL,
    text_norm   text NOT NULL,
    lang        text,
    admin1      text REFERENCES regions (pcode),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_days ON events USING gist (days);
CREATE INDEX events_text_trgm ON events USING gin (text_norm gin_trgm_ops);
-- Keyset pagination in date order (the timeline without a region, and the newest events).
CREATE INDEX events_start ON events ((lower(days)), id);

-- Every region an event lies in, its ancestors included, so that "events of a region in a window"
-- is one index scan on (region, days).
CREATE TABLE event_regions (
    event_id bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    pcode    text NOT NULL REFERENCES regions (pcode),
    days     daterange NOT NULL,
    direct   boolean NOT NULL,
    PRIMARY KEY (event_id, pcode)
);
CREATE INDEX event_regions_pcode_days ON event_regions USING gist (pcode, days);
-- A region's timeline page in date order is one ordered index range scan.
CREATE INDEX event_regions_pcode_start ON event_regions (pcode, (lower(days)), event_id);

-- Which article (and which date mention in it) reports an event.
CREATE TABLE event_reports (
    event_id   bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    mention_id bigint REFERENCES mentions (id) ON DELETE CASCADE,
    sentence   text NOT NULL,
    sentence_start integer,
    PRIMARY KEY (event_id, article_id)
);
CREATE INDEX event_reports_article ON event_reports (article_id);

-- Conditional GET: the validators of the last answer per URL.
CREATE TABLE http_cache (
    url           text PRIMARY KEY,
    etag          text,
    last_modified text,
    checked_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ingest_runs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    status      text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'ok', 'failed', 'interrupted')),
    trigger     text,
    fetched     integer NOT NULL DEFAULT 0,
    new         integer NOT NULL DEFAULT 0,
    updated     integer NOT NULL DEFAULT 0,
    unchanged   integer NOT NULL DEFAULT 0,
    failed      integer NOT NULL DEFAULT 0,
    events      integer NOT NULL DEFAULT 0,
    errors      jsonb NOT NULL DEFAULT '[]'
);

-- Timeline entries: one happening, many reports (docs/merge.md). Membership is stored beside the
-- events, never by changing them: an entry can be split and `chrono merge --rebuild` recomputes all.
CREATE TABLE entries (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    days          daterange NOT NULL,            -- the entry's date: the most precise consistent member date
    span          daterange NOT NULL,            -- every member's dates together: what candidates are looked up by
    grain         text NOT NULL,
    value         text,
    edtf          text,
    flags         text[] NOT NULL DEFAULT '{}',  -- date_disagreement when members give different dates
    member_dates  jsonb NOT NULL DEFAULT '[]',   -- the members' dates when they disagree
    admin1        text,                          -- the members' governorate (their events' admin1, checked there)
    lead_event_id bigint,                        -- the member whose date the entry takes
    reports       integer NOT NULL DEFAULT 0,
    sources       integer NOT NULL DEFAULT 0,    -- distinct sources among the reports
    independent_sources integer NOT NULL DEFAULT 0,  -- distinct origins: a republication counts once
    stale         boolean NOT NULL DEFAULT false,    -- a member went away; the summary is recomputed on next use
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
) WITH (fillfactor = 80);  -- room on each page: an entry is rewritten each time a report joins it
-- candidates: the entries of a governorate by the first day of their span (a month's entries at most
-- 33 days wide start at most 33 days before it; a wider date only matches the same wide date, found by
-- its start). A b-tree: cheaper to keep up than a GiST index on every entry written.
CREATE INDEX entries_admin1_start ON entries (admin1, lower(span));
CREATE INDEX entries_stale ON entries (id) WHERE stale;

CREATE TABLE entry_members (
    event_id         bigint PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    entry_id         bigint NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    matched_event_id bigint,                     -- the member it was judged the same as (none for the first)
    score            real,
    reasons          jsonb NOT NULL DEFAULT '[]',
    origin           text,                       -- where the report's information comes from, when the text says
    origin_evidence  text,
    assigned_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX entry_members_entry ON entry_members (entry_id);

-- Events kept apart by hand (`chrono merge --split`); a rebuild honours them.
CREATE TABLE merge_pins (
    event_id   bigint PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Republication chains read from an article's text ("المصدر: فرانس 24", "AFP reported"): chain[1] is
-- the source the article names, the last element the earliest origin named.
CREATE TABLE article_origins (
    article_id bigint PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    origin     text NOT NULL,
    chain      text[] NOT NULL,
    evidence   text NOT NULL
);

-- When an event goes (its article reprocessed or deleted) its entry loses a member: an empty entry is
-- removed, any other is marked stale and recomputed by the next `chrono.merge.assign`.
CREATE FUNCTION entry_member_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM entry_members WHERE entry_id = OLD.entry_id) THEN
        UPDATE entries SET stale = true WHERE id = OLD.entry_id AND NOT stale;
    ELSE
        DELETE FROM entries WHERE id = OLD.entry_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER entry_members_removed AFTER DELETE ON entry_members
    FOR EACH ROW EXECUTE FUNCTION entry_member_removed();

-- A token that changes whenever entries change: each clustering write sets its own, and anything else
-- that changes them (members going away, pins, emptying the tables) sets a random one. A process keeps
-- the entries it has read in memory while the token is the one it last wrote (chrono/merge/entries.py).
CREATE TABLE merge_version (
    one     boolean PRIMARY KEY DEFAULT true CHECK (one),
    version uuid NOT NULL DEFAULT gen_random_uuid()
);
INSERT INTO merge_version DEFAULT VALUES;
CREATE FUNCTION merge_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE merge_version SET version = gen_random_uuid();
    RETURN NULL;
END $$;
CREATE TRIGGER entry_members_changed AFTER DELETE OR TRUNCATE ON entry_members
    FOR EACH STATEMENT EXECUTE FUNCTION merge_changed();
CREATE TRIGGER entries_changed AFTER DELETE OR TRUNCATE ON entries
    FOR EACH STATEMENT EXECUTE FUNCTION merge_changed();
CREATE TRIGGER merge_pins_changed AFTER INSERT OR DELETE OR TRUNCATE ON merge_pins
    FOR EACH STATEMENT EXECUTE FUNCTION merge_changed();
