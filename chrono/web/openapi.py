"""GET /openapi.json: the API contract (OpenAPI 3.1), generated from the same constants the code uses.

Schemas are JSON Schema 2020-12, so tests validate every response body against them directly."""

from __future__ import annotations

from functools import cache

from flask import Blueprint, jsonify

from chrono.web import exports, params
from chrono.web.timeline_data import REGION_LEVELS

bp = Blueprint("openapi", __name__)


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
STAMP = {"type": "string", "format": "date-time"}
TEXT = {"type": "string"}
STRINGS = {"type": "array", "items": TEXT}


def obj(props: dict, required=None, extra=False) -> dict:
    return {"type": "object", "properties": props, "required": list(required if required is not None else props),
            "additionalProperties": extra}


SCHEMAS = {
    "Problem": obj({
        "type": TEXT, "title": TEXT, "status": {"type": "integer", "minimum": 400, "maximum": 599}, "detail": TEXT,
        "parameter": TEXT, "parameter2": TEXT, "allowed": STRINGS, "suggestions": {"type": "array", "items": ref("RegionBrief")},
        "article_id": nullable({"type": "integer", "description": "POST /articles 422: the article kept raw"}),
    }, required=["type", "title", "status"]),
    "Labels": obj({"ar": TEXT, "en": TEXT}),
    "RegionBrief": obj({"pcode": TEXT, "slug": TEXT, "level": {"enum": ["macro", *REGION_LEVELS]},
                        "name_en": nullable(TEXT), "name_ar": nullable(TEXT)}),
    "Place": obj({"pcode": TEXT, "slug": TEXT, "level": TEXT, "name_en": nullable(TEXT), "name_ar": nullable(TEXT),
                  "lat": nullable({"type": "number"}), "lon": nullable({"type": "number"}),
                  "chain": {"type": "array", "items": ref("RegionBrief"),
                            "description": "The place's ancestors, nearest first, up to the country."}}),
    "Source": obj({
        "article_id": {"type": "integer"}, "article": TEXT, "source": TEXT, "source_id": {"type": "integer"},
        "url": nullable(TEXT), "title": nullable(TEXT), "published_at": nullable(STAMP),
        "sentence": {"type": "string", "description": "The quoted sentence that reports the event."},
        "expression": nullable(TEXT), "span": nullable({"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}),
        "rule": nullable(TEXT), "explanation": nullable(TEXT), "flags": STRINGS,
    }),
    "Event": obj({
        "id": {"type": "integer"}, "url": TEXT, "date_from": DATE, "date_to": DATE,
        "time_from": nullable(STAMP), "time_to": nullable(STAMP),
        "kind": {"enum": ["point", "range", "open"],
                 "description": "open: from a start to the publication day (\"since 2014\")"},
        "grain": TEXT, "value": nullable(TEXT), "edtf": nullable(TEXT), "flags": STRINGS,
        "label": ref("Labels"), "precision": ref("Labels"), "text": TEXT, "lang": nullable(TEXT),
        "places": {"type": "array", "items": ref("Place")},
        "sources": {"type": "array", "items": ref("Source")},
        "source_count": {"type": "integer", "minimum": 0, "description": "Distinct sources among the reports."},
        "independent_sources": {"type": "integer", "minimum": 0,
                                "description": "Distinct origins: a republication of another outlet counts once."},
        "entry": nullable(ref("Entry")),
        "recorded_at": STAMP,
    }),
    "Entry": obj({
        "id": {"type": "integer"}, "date_from": DATE, "date_to": DATE,
        "reports": {"type": "integer"}, "sources": {"type": "integer"}, "independent_sources": {"type": "integer"},
        "flags": STRINGS,
        "member_dates": {"type": "array", "items": {"type": "object"},
                         "description": "Each member's date and source, when members give different dates."},
        "members": {"type": "array", "items": {"type": "integer"}, "description": "Event ids of the entry."},
        "lead_event_id": {"type": "integer", "description": "The member whose date the entry takes."},
    }),
    "RelatedEvent": obj({"id": {"type": "integer"}, "url": TEXT, "date_from": DATE, "date_to": DATE, "text": TEXT,
                         "label": ref("Labels")}),
    "Timeline": obj({
        "region": nullable(ref("RegionBrief")), "place": nullable(ref("RegionBrief")),
        "query": obj({"from": nullable(DATE), "to": nullable(DATE), "q": nullable(TEXT), "q_normalized": nullable(TEXT),
                      "lang": nullable(TEXT), "min_sources": nullable({"type": "integer"}),
                      "precision": nullable(TEXT), "order": {"enum": list(params.ORDERS)}, "limit": {"type": "integer"}}),
        "count": {"type": "integer"}, "events": {"type": "array", "items": ref("Event")},
        "next_cursor": nullable(TEXT),
        "links": {"type": "object", "additionalProperties": nullable(TEXT),
                  "required": ["self", "next", "first", "json", "csv", "timelinejs", "ics"]},
    }),
    "Mention": obj({
        "id": {"type": "integer"}, "text": TEXT, "span": {"type": "array", "items": {"type": "integer"}},
        "kind": TEXT, "date_from": nullable(DATE), "date_to": nullable(DATE), "time_from": nullable(STAMP),
        "time_to": nullable(STAMP), "grain": nullable(TEXT), "value": nullable(TEXT), "edtf": nullable(TEXT),
        "flags": STRINGS, "rule": nullable(TEXT), "explanation": nullable(TEXT), "label": ref("Labels"),
    }),
    "Article": obj({
        "id": {"type": "integer"}, "url": nullable(TEXT), "guid": nullable(TEXT), "title": nullable(TEXT),
        "lang": nullable(TEXT), "source": TEXT, "source_id": {"type": "integer"}, "source_timezone": TEXT,
        "published_at": nullable(STAMP), "published_from": nullable(TEXT), "fetched_at": STAMP, "status": TEXT,
        "error": nullable(TEXT), "processed_at": nullable(STAMP), "text": TEXT,
        "mentions": {"type": "array", "items": ref("Mention")}, "events": {"type": "array", "items": ref("Event")},
    }),
    "RegionNode": {"type": "object", "required": ["pcode", "slug", "level", "url", "event_count", "last_day"],
                   "properties": {"pcode": TEXT, "slug": TEXT, "level": TEXT, "name_en": nullable(TEXT),
                                  "name_ar": nullable(TEXT), "url": TEXT, "event_count": {"type": "integer"},
                                  "last_day": nullable(DATE), "members": STRINGS,
                                  "children": {"type": "array", "items": ref("RegionNode")}},
                   "additionalProperties": False},
    "RegionTree": obj({"max_level": {"enum": list(REGION_LEVELS)}, "regions": {"type": "array", "items": ref("RegionNode")},
                       "macro_regions": {"type": "array", "items": ref("RegionNode")}}),
    "RegionLink": {"type": "object", "required": ["pcode", "slug", "level", "url"],
                   "properties": {"pcode": TEXT, "slug": TEXT, "level": TEXT, "name_en": nullable(TEXT),
                                  "name_ar": nullable(TEXT), "url": TEXT, "event_count": {"type": "integer"}},
                   "additionalProperties": False},
    "Region": obj({
        "pcode": TEXT, "slug": TEXT, "level": TEXT, "name_en": nullable(TEXT), "name_ar": nullable(TEXT),
        "aliases_en": STRINGS, "aliases_ar": STRINGS, "lat": nullable({"type": "number"}), "lon": nullable({"type": "number"}),
        "population": nullable({"type": "integer"}), "source": nullable(TEXT), "parent": nullable(ref("RegionBrief")),
        "chain": {"type": "array", "items": ref("RegionBrief")}, "children": {"type": "array", "items": ref("RegionLink")},
        "members": {"type": "array", "items": ref("RegionLink")}, "event_count": {"type": "integer"},
        "first_day": nullable(DATE), "last_day": nullable(DATE),
        "links": obj({"self": TEXT, "html": TEXT, "timeline": TEXT, "atom": TEXT}),
    }),
    "Resolved": obj({"text": TEXT, "anchor": STAMP, "lang": nullable(TEXT),
                     "mentions": {"type": "array", "items": {"type": "object", "required": ["label"],
                                                             "properties": {"label": ref("Labels")}}}}),
    "ResolveRequest": obj({"text": TEXT, "anchor": STAMP, "lang": {"enum": list(params.LANGS)}},
                          required=["text", "anchor"]),
    "ArticleRecord": {"type": "object", "description": "One article, like a JSON Lines record: `text` (or `html`) "
                      "is required; `source` names the outlet; without `published` or a dateline it waits (202).",
                      "properties": {"text": {"type": "string", "pattern": "\\S"}, "html": TEXT, "url": TEXT,
                                     "guid": TEXT, "title": TEXT, "published": TEXT, "source": TEXT,
                                     "lang": {"enum": list(params.LANGS)}},
                      "anyOf": [{"required": ["text"]}, {"required": ["html"]}]},
    "Health": {"type": "object", "required": ["status", "database"],
               "properties": {"status": {"enum": ["ok", "error"]}, "database": TEXT, "detail": TEXT,
                              "migrations": obj({"current": STRINGS, "head": STRINGS})}},
    "IngestResult": {"type": "object", "required": ["status", "article_id"],
                     "properties": {"status": {"enum": ["new", "updated", "unchanged", "pending"]},
                                    "article_id": nullable({"type": "integer"}), "article_status": nullable(TEXT),
                                    "error": nullable(TEXT), "events": {"type": "integer"},
                                    "errors": {"type": "array"}}},
    # TimelineJS JSON (https://timeline.knightlab.com/docs/json-format.html), the parts chrono writes.
    "TimelineJSDate": {"type": "object", "required": ["year"], "additionalProperties": False,
                       "properties": {k: {"type": "integer"} for k in ("year", "month", "day", "hour", "minute")}},
    "TimelineJS": obj({
        "title": obj({"text": obj({"headline": TEXT, "text": TEXT})}),
        "events": {"type": "array", "items": obj({
            "unique_id": TEXT, "start_date": ref("TimelineJSDate"), "end_date": ref("TimelineJSDate"),
            "display_date": TEXT, "text": obj({"headline": TEXT, "text": TEXT}), "group": TEXT,
        }, required=["unique_id", "start_date", "text", "group"])},
    }),
}
SCHEMAS["EventDetail"] = obj({**SCHEMAS["Event"]["properties"],
                              "related": {"type": "array", "items": ref("RelatedEvent")}})


def _param(name, schema, description, where="query", required=False):
    return {"name": name, "in": where, "required": required, "schema": schema, "description": description}


TIMELINE_PARAMS = [
    _param("region", TEXT, "Slug, P-code, or Arabic/English name; the region and everything inside it "
                           "(a macro-region: its members). Unknown → 404 with suggestions."),
    _param("from", TEXT, "Window start: YYYY-MM-DD, YYYY-MM or YYYY. Events whose days overlap the window are in."),
    _param("to", TEXT, "Window end (inclusive): YYYY-MM-DD, YYYY-MM (its last day) or YYYY (31 Dec)."),
    _param("q", {"type": "string", "maxLength": params.MAX_TEXT},
           "Text search, Arabic-aware: normalised like events.text_norm; substring or trigram word similarity."),
    _param("lang", {"enum": list(params.LANGS)}, "Only events whose text is in this language."),
    _param("place", TEXT, "Only events placed in this region (any spelling `region` takes) or inside it."),
    _param("min_sources", {"type": "integer", "minimum": 1, "maximum": 1000}, "At least this many distinct sources."),
    _param("precision", {"enum": list(params.GRAINS)}, "Drop events whose date is coarser than this grain."),
    _param("order", {"enum": list(params.ORDERS), "default": "asc"}, "Date order."),
    _param("limit", {"type": "integer", "minimum": 1, "maximum": params.MAX_LIMIT, "default": params.DEFAULT_LIMIT},
           "Events per page."),
    _param("cursor", TEXT, "Opaque keyset cursor: `next_cursor` of the previous page (same order)."),
]


def _problem(description):
    return {"description": description, "content": {"application/problem+json": {"schema": ref("Problem")}}}


def _problem_or_page(description):
    """An error of a path that is also a page: a problem document, or an HTML page when HTML was asked for."""
    out = _problem(description)
    out["content"]["text/html"] = {"schema": TEXT}
    return out


def _json(schema, description="OK"):
    return {"description": description, "content": {"application/json": {"schema": ref(schema)}},
            "headers": {"ETag": {"schema": TEXT}, "Last-Modified": {"schema": TEXT}}}


NOT_MODIFIED = {"description": "Not modified (If-None-Match / If-Modified-Since matched)"}
BAD = _problem("Bad parameter: unknown name, bad date, from after to, bad cursor, limit out of range, bad value")
UNAVAILABLE = _problem("The database (or a needed part of chrono) is unavailable")
TOO_LONG = _problem("Query string over 4096 bytes")
ID = _param("id", {"type": "integer", "minimum": 1}, "Numeric id", "path", True)
SLUG = _param("slug", TEXT, "Region slug (or P-code or name: answered for the canonical region)", "path", True)


def _get(summary, responses, parameters=(), description=""):
    op = {"summary": summary, "parameters": list(parameters), "responses": responses}
    if description:
        op["description"] = description
    op["responses"].setdefault("503", UNAVAILABLE)
    op["responses"].setdefault("414", TOO_LONG)
    return op


@cache
def spec() -> dict:
    timeline_formats = {
        "application/json": {"schema": {"oneOf": [ref("Timeline"), ref("TimelineJS")]}},
        "text/csv": {"schema": {"type": "string"}, "x-columns": list(exports.CSV_COLUMNS)},
        "text/calendar": {"schema": {"type": "string"}},
    }
    paths = {
        "/timeline": {"get": _get(
            "A region's events in date order (and exports of the same query)",
            {"200": {"description": "A page of events; `format=csv|timelinejs|ics` render the same page",
                     "content": timeline_formats, "headers": {"ETag": {"schema": TEXT}}},
             "304": NOT_MODIFIED, "400": BAD, "404": _problem("Unknown region or place (with suggestions)")},
            TIMELINE_PARAMS + [_param("format", {"enum": list(params.TIMELINE_FORMATS), "default": "json"},
                                      "json, csv, timelinejs (TimelineJS JSON) or ics (iCalendar)")])},
        "/events/{id}": {"get": _get(
            "One event with its sources, places and related events (HTML when the client prefers it)",
            {"200": {"description": "The event", "content": {"application/json": {"schema": ref("EventDetail")},
                                                              "text/html": {"schema": TEXT}}},
             "304": NOT_MODIFIED, "400": _problem_or_page(BAD["description"]), "404": _problem_or_page("No such event")},
            [ID, _param("format", {"enum": ["json", "html"]}, "Force a rendering"),
             _param("lang", {"enum": list(params.LANGS)}, "Page language (HTML only)")])},
        "/events/{id}.json": {"get": _get("One event, always JSON", {"200": _json("EventDetail"), "304": NOT_MODIFIED,
                                                                     "400": BAD, "404": _problem("No such event")}, [ID])},
        "/articles/{id}": {"get": _get("One article with its date mentions and events",
                                       {"200": _json("Article"), "304": NOT_MODIFIED, "400": BAD,
                                        "404": _problem("No such article")}, [ID])},
        "/articles": {"post": {
            "summary": "Ingest one article now (a JSON object like one JSON Lines record)",
            "security": [{"bearer": []}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": ref("ArticleRecord")}}},
            "responses": {
                "201": {"description": "Stored", "content": {"application/json": {"schema": ref("IngestResult")}}},
                "200": {"description": "Already known", "content": {"application/json": {"schema": ref("IngestResult")}}},
                "202": {"description": "Stored raw, waiting for its publication time (no `published`, no dateline)",
                        "content": {"application/json": {"schema": ref("IngestResult")}}},
                "422": _problem("Stored raw but could not be processed (the error is kept with the article)"),
                "400": _problem("Not a JSON object, or not a valid article record"),
                "401": _problem("Missing or wrong bearer token"),
                "403": _problem("Writes are off: no CHRONO_API_TOKEN configured"),
                "413": _problem("Body larger than 2 MiB"),
                "503": _problem("The ingest pipeline or the database is unavailable")}}},
        "/regions": {"get": _get("The region tree with event counts",
                                 {"200": _json("RegionTree"), "304": NOT_MODIFIED, "400": BAD},
                                 [_param("max_level", {"enum": list(REGION_LEVELS), "default": "subdistrict"},
                                         "Deepest level listed")])},
        "/regions/{slug}": {"get": _get(
            "A region: names, chain, children, counts (HTML timeline page when the client prefers HTML)",
            {"200": {"description": "The region", "content": {"application/json": {"schema": ref("Region")},
                                                               "text/html": {"schema": TEXT}}},
             "304": NOT_MODIFIED, "400": _problem_or_page(BAD["description"]),
             "404": _problem_or_page("Unknown region (with suggestions)")},
            [SLUG, _param("format", {"enum": ["json", "html"]}, "Force a rendering")],
            "As HTML it takes the /timeline parameters (except region and format values other than html/json) "
            "and `lang` for the interface language.")},
        "/regions/{slug}.json": {"get": _get("A region, always JSON", {"200": _json("Region"), "304": NOT_MODIFIED,
                                                                       "400": BAD, "404": _problem("Unknown region")},
                                             [SLUG])},
        "/regions/{slug}/feed.atom": {"get": _get(
            "Atom feed of the region's 50 latest-dated events",
            {"200": {"description": "Atom 1.0", "content": {"application/atom+xml": {"schema": TEXT}}},
             "304": NOT_MODIFIED, "400": BAD, "404": _problem("Unknown region")}, [SLUG])},
        "/resolve": {
            "get": _get("Resolve the date expressions in a text against an anchor",
                        {"200": _json("Resolved"), "304": NOT_MODIFIED, "400": BAD,
                         "422": _problem("The resolver could not handle the text"),
                         "503": _problem("No resolver in this build, or the database is unavailable")},
                        [_param("text", TEXT, "The text", required=True),
                         _param("anchor", STAMP, "Publication time with UTC offset", required=True),
                         _param("lang", {"enum": list(params.LANGS)}, "Language (guessed when absent)")]),
            "post": {"summary": "The same, with a JSON body",
                     "requestBody": {"required": True,
                                     "content": {"application/json": {"schema": ref("ResolveRequest")}}},
                     "responses": {"200": _json("Resolved"), "400": BAD,
                                   "413": _problem("Body larger than 2 MiB"),
                                   "422": _problem("The resolver could not handle the text"),
                                   "503": _problem("No resolver in this build")}}},
        "/healthz": {"get": {"summary": "Database reachable and migrations current", "responses": {
            "200": {"description": "Healthy", "content": {"application/json": {"schema": ref("Health")}}},
            "503": {"description": "Unhealthy", "content": {"application/json": {"schema": ref("Health")}}}}}},
        "/openapi.json": {"get": {"summary": "This document", "responses": {
            "200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
        "/search": {"get": {"summary": "The home page's search form: 303 to /regions/<region>?q=…",
                            "parameters": [_param("q", TEXT, "Words"), _param("region", TEXT, "Region (default: syria)"),
                                           _param("lang", {"enum": list(params.LANGS)}, "Interface language")],
                            "responses": {"303": {"description": "To the region page"},
                                          "400": {"description": "Bad parameter (HTML page)"},
                                          "404": {"description": "Unknown region (HTML page)"}}}},
        "/": {"get": {"summary": "Home page (HTML): governorates with counts, search box, newest events",
                      "parameters": [_param("lang", {"enum": list(params.LANGS)}, "Interface language")],
                      "responses": {"200": {"description": "HTML", "content": {"text/html": {"schema": TEXT}}},
                                    "304": NOT_MODIFIED, "400": {"description": "Bad parameter (HTML page)"}}}},
    }
    for item in paths.values():
        for op in item.values():
            op["responses"].setdefault("405", _problem("Method not allowed"))
            op["responses"].setdefault("500", _problem("A bug: the server failed (never expected)"))
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {"title": "chrono", "version": "1", "license": {"name": "MIT", "identifier": "MIT"},
                 "description": "Timelines from Arabic and English news: dates resolved against publication "
                                "time, placed on Syria's regions, with their sources. Errors are RFC 9457 "
                                "problem documents. Reads are open (CORS *); writes need a bearer token."},
        "paths": paths,
        "components": {"schemas": SCHEMAS,
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                                      "description": "CHRONO_API_TOKEN"}}},
    }


@bp.get("/openapi.json")
def openapi_json():
    from chrono.web import http

    return http.conditional(jsonify(spec()))
