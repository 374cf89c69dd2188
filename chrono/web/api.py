"""The JSON API (and its CSV, TimelineJS, iCalendar and Atom renderings).

Views parse parameters (`params`), call one data function (`timeline_data`) and render it. Paths that
are both data and a page (`/regions/<slug>`, `/events/<id>`) answer JSON unless the client prefers
HTML (`chrono.web.http.wants_html`); `.json` forms always answer JSON."""

from __future__ import annotations

import hmac
import json
import os

from flask import Blueprint, Response, current_app, jsonify, request

from chrono.web import exports, http, pages, params, timeline_data
from chrono.web.problems import Problem

bp = Blueprint("api", __name__)

REGION_LEVELS = timeline_data.REGION_LEVELS


def _json(view: timeline_data.View, *, html_link: str | None = None) -> Response:
    response = jsonify(view.data)
    if html_link:
        response.headers["Link"] = f'<{html_link}>; rel="alternate"; type="text/html"'
    return http.conditional(response, view.last_modified)


def _base() -> str:
    return request.host_url.rstrip("/")


@bp.get("/timeline")
def timeline():
    p = params.timeline_params(request.args)
    with http.connection() as conn:
        view = timeline_data.timeline(conn, p)
    data = view.data
    if p.format == "csv":
        body = exports.to_csv(data, _base())
        response = Response(body, mimetype="text/csv")
        response.headers["Content-Disposition"] = 'attachment; filename="chrono-timeline.csv"'
        response.charset = "utf-8"
    elif p.format == "timelinejs":
        response = jsonify(exports.to_timelinejs(data, _base()))
    elif p.format == "ics":
        response = Response(exports.to_ics(data, _base(), view.last_modified), mimetype="text/calendar")
        response.headers["Content-Disposition"] = 'attachment; filename="chrono-timeline.ics"'
    else:
        return _json(view, html_link=data["links"].get("html"))
    return http.conditional(response, view.last_modified)


@bp.get("/events/<event_id>.json")
def event_json(event_id, allowed=("format",)):
    params.check_names(request.args, allowed)
    with http.connection() as conn:
        return _json(timeline_data.event(conn, event_id), html_link=f"/events/{event_id}")


@bp.get("/events/<event_id>")
def event(event_id):
    if http.wants_html():
        return pages.event_page(event_id)
    params.choice(request.args, "lang", params.LANGS)  # the page's language: checked, no effect on JSON
    return event_json(event_id, allowed=("format", "lang"))


@bp.get("/articles/<article_id>")
def article(article_id):
    params.check_names(request.args, ())
    with http.connection() as conn:
        return _json(timeline_data.article(conn, article_id))


@bp.get("/regions")
def regions():
    params.check_names(request.args, ("max_level",))
    max_level = params.choice(request.args, "max_level", REGION_LEVELS, "subdistrict")
    with http.connection() as conn:
        return _json(timeline_data.regions(conn, max_level))


@bp.get("/regions/<slug>.json")
def region_json(slug):
    params.check_names(request.args, ("format",))
    with http.connection() as conn:
        view = timeline_data.region(conn, slug)
    return _json(view, html_link=view.data["links"]["html"])


@bp.get("/regions/<slug>")
def region(slug):
    if http.wants_html():
        return pages.region_page(slug)
    return region_json(slug)


@bp.get("/regions/<slug>/feed.atom")
def region_feed(slug):
    params.check_names(request.args, ())
    p = params.TimelineParams(region=slug, order="desc", limit=50)
    with http.connection() as conn:
        view = timeline_data.timeline(conn, p)
    region = view.data["region"]
    body = exports.to_atom(region, view.data["events"], _base(), request.base_url)
    return http.conditional(Response(body, mimetype="application/atom+xml"), view.last_modified)


# --- the resolver as a service --------------------------------------------------------------------

MAX_RESOLVE_TEXT = 100_000


@bp.route("/resolve", methods=["GET", "POST"])
def resolve():
    if request.method == "POST":
        params.check_names(request.args, ())
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise Problem(400, "Bad request body", "send a JSON object: {\"text\": …, \"anchor\": …, \"lang\": …}")
        unknown = sorted(set(body) - {"text", "anchor", "lang"})
        if unknown:
            raise params.bad(unknown[0], "unknown field; the fields are text, anchor, lang")
        text, anchor, lang = body.get("text"), body.get("anchor"), body.get("lang")
        if not isinstance(text, str) or not isinstance(anchor, (str, type(None))) or not isinstance(lang, (str, type(None))):
            raise Problem(400, "Bad request body", "text, anchor and lang must be strings")
    else:
        params.check_names(request.args, ("text", "anchor", "lang"))
        text, anchor, lang = request.args.get("text"), request.args.get("anchor"), request.args.get("lang")
    if text is None or not text.strip():
        raise params.bad("text", "required: the text to find dates in")
    if len(text) > MAX_RESOLVE_TEXT or "\x00" in text:
        raise params.bad("text", f"longer than {MAX_RESOLVE_TEXT} characters or holds a NUL character")
    stamp = params.anchor_param(anchor)
    if lang is not None and lang not in params.LANGS:
        raise params.bad("lang", f"{lang[:20]!r} is not one of ar, en")
    resolver = _resolver()
    try:
        mentions = resolver(text, anchor=stamp, lang=lang)
    except (ValueError, OverflowError) as exc:
        raise Problem(422, "Cannot resolve this text", str(exc)[:300]) from None
    out = []
    for m in mentions:
        item = m.to_json() if hasattr(m, "to_json") else dict(m)
        flags = list(m.flags or []) + (["open"] if getattr(m, "kind", None) == "open" else [])
        item["label"] = timeline_data.labels.labels(
            m.date_from, m.date_to, m.grain, m.value, m.time_from, m.time_to, flags,
            months=timeline_data.labels.month_series_of([m.text]))
        out.append(item)
    response = jsonify({"text": text, "anchor": stamp.isoformat(), "lang": lang, "mentions": out})
    return http.conditional(response) if request.method == "GET" else response


def _resolver():
    try:
        from chrono import resolve as resolver_module
    except ImportError:  # pragma: no cover
        resolver_module = None
    fn = getattr(resolver_module, "resolve", None)
    if not callable(fn):
        raise Problem(503, "Resolver unavailable", "this build of chrono has no date resolver")
    return fn


# --- writes ---------------------------------------------------------------------------------------

def _require_token() -> None:
    token = current_app.config.get("CHRONO_API_TOKEN") or os.environ.get("CHRONO_API_TOKEN")
    if not token:
        raise Problem(403, "Writes are off", "this server has no CHRONO_API_TOKEN configured, so it accepts no writes")
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise Problem(401, "Authorization required", "send Authorization: Bearer <CHRONO_API_TOKEN>",
                      headers={"WWW-Authenticate": 'Bearer realm="chrono"'})
    if not hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8")):
        raise Problem(401, "Authorization failed", "the bearer token is not this server's token",
                      headers={"WWW-Authenticate": 'Bearer realm="chrono", error="invalid_token"'})


@bp.post("/articles")
def post_article():
    _require_token()
    params.check_names(request.args, ())
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Problem(400, "Bad request body", "send one article as a JSON object (like one JSON Lines record)")
    ingest_one = _ingest_function()
    try:
        result = ingest_one(body)
    except (ValueError, KeyError, TypeError) as exc:
        raise Problem(400, "Bad article", str(exc)[:500]) from None
    if hasattr(result, "to_json"):
        result = result.to_json()
    elif not isinstance(result, dict):
        result = json.loads(json.dumps(result, default=str))
    state = result.get("status")
    if state == "failed":
        raise Problem(422, "Article not processed", str(result.get("error") or "the article could not be processed"),
                      article_id=result.get("article_id"))
    response = jsonify(result)
    response.status_code = {"new": 201, "updated": 201, "pending": 202}.get(state, 200)
    if result.get("article_id"):
        response.headers["Location"] = f"/articles/{result['article_id']}"
    return response


def _ingest_function():
    """The ingest pipeline's single-article function when it has one, else chrono.web.article_post's."""
    try:
        from chrono import ingest
        from chrono.web import article_post
    except ImportError:  # pragma: no cover
        raise Problem(503, "Ingest unavailable", "this build of chrono cannot ingest articles") from None
    for name in ("ingest_record", "ingest_one", "ingest_article"):
        fn = getattr(ingest, name, None)
        if callable(fn):
            return fn
    return article_post.ingest_record
