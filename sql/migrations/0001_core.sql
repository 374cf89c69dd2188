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
    fetched_at     timestamptz NOT NULL DEFAULT now(),
    status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processed', 'failed')),
    error          text,
    attempts       integer NOT NULL DEFAULT 0,
    processed_at   timestamptz,
    UNIQUE (source_id, url),
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
