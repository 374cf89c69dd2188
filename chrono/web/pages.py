"""The timeline pages: server-rendered HTML of the same data the JSON API returns.

`/` (regions and newest events), `/regions/<slug>` (a region's timeline, same parameters as
`/timeline`), `/events/<id>` (one event and how its date was derived). The interface language is
`?lang=ar|en`, else the browser's Accept-Language, else English."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from flask import Blueprint, current_app, redirect, render_template, request
from markupsafe import Markup

from chrono.web import http, labels, params, region_cache, region_lookup, timeline_data, ui_text
from chrono.web.kept import Kept
from chrono.web.problems import Problem

bp = Blueprint("pages", __name__, template_folder="templates", static_folder="static", static_url_path="/static")

PAGE_NAMES = ("from", "to", "q", "place", "min_sources", "precision", "order", "limit", "cursor", "lang", "format")
FINE = ("time", "part_of_day", "day")


def ui_lang() -> str:
    chosen = request.args.get("lang")
    if chosen in params.LANGS:
        return chosen
    return request.accept_languages.best_match(params.LANGS) or "en"


def _render(template: str, status: int = 200, **context):
    lang = context.setdefault("lang", ui_lang())
    context.setdefault("title", ui_text.text("site", lang))
    html = render_template(template, t=lambda key: ui_text.text(key, lang), dir="rtl" if lang == "ar" else "ltr",
                           lang_url=_lang_url, grain_name=lambda g: ui_text.pick(ui_text.GRAIN_NAMES, g, lang),
                           level_name=lambda lv: ui_text.pick(ui_text.LEVEL_NAMES, lv, lang), **context)
    return html, status, {"Content-Type": "text/html; charset=utf-8", "Content-Language": lang}


def _lang_url(lang: str) -> str:
    args = request.args.to_dict()
    args["lang"] = lang
    return request.path + "?" + urlencode(args)


def _page(fn):
    """Problems on a page are shown as a page (browsers asked for HTML), with the same status."""
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Problem as problem:
            lang = ui_lang() if request.args.get("lang") in params.LANGS or "lang" not in request.args else "en"
            html, _, headers = _render("error.html", lang=lang, problem=problem)
            headers.update(problem.headers)
            return html, problem.status, headers
    wrapper.__name__ = fn.__name__
    return wrapper


@bp.get("/")
@_page
def home():
    params.check_names(request.args, ("lang",))
    params.choice(request.args, "lang", params.LANGS)
    with http.connection() as conn:
        view = timeline_data.home(conn)
    html, status, headers = _render("home.html", data=view.data)
    return http.conditional(_response(html, status, headers), view.last_modified)


@bp.get("/search")
@_page
def search():
    """The home page's search form: to the region's page with the words as `q` (works without JS)."""
    params.check_names(request.args, ("q", "region", "lang"))
    lang = params.choice(request.args, "lang", params.LANGS) or ui_lang()
    q = params.text(request.args, "q")
    region = params.text(request.args, "region") or "syria"
    with http.connection() as conn:
        slug = region_lookup.resolve(conn, region, regions=region_cache.current(conn))["slug"]
    return redirect(timeline_data.url(timeline_data.region_url(slug), {"q": q, "lang": lang}), 303)


@_page
def region_page(slug: str):
    params.choice(request.args, "lang", params.LANGS)
    p = params.timeline_params(request.args, allowed=PAGE_NAMES, formats=("html", "json"), region=slug,
                               lang_filters=False)
    with http.connection() as conn:
        view = timeline_data.timeline(conn, p, path=f"/regions/{slug}")
        # the timeline query has just checked this process's copy of the regions
        region = timeline_data.region(conn, view.data["region"]["slug"], counts=False,
                                      regions=region_cache.cached(conn)).data
    data = view.data
    lang = ui_lang()
    json_url = timeline_data.url("/timeline", dict(p.query_args(format="json",
                                                                 cursor_token=p.cursor.encode() if p.cursor else None),
                                                    region=region["slug"]))
    exports = {fmt: timeline_data.url("/timeline", dict(p.query_args(format=fmt), region=region["slug"]))
               for fmt in ("csv", "timelinejs", "ics")}
    exports["atom"] = data["links"]["atom"]
    next_url = None
    if data["next_cursor"]:
        next_url = timeline_data.url(request.path, {**p.query_args(cursor_token=data["next_cursor"]), "lang": lang})
    html, status, headers = _render(
        "region.html", lang=lang, title=f"{_name(region, lang)} · chrono", region=region, data=data,
        groups=group_events(data["events"], lang), p=p, json_url=json_url, exports=exports, next_url=next_url,
        first_url=timeline_data.url(request.path, {**p.query_args(), "lang": lang}) if p.cursor else None,
        grains=params.GRAINS)
    return http.conditional(_response(html, status, headers), view.last_modified)


@_page
def event_page(event_id: str):
    params.check_names(request.args, ("lang", "format"))
    params.choice(request.args, "lang", params.LANGS)
    with http.connection() as conn:
        view = timeline_data.event(conn, event_id)
    lang = ui_lang()
    e = view.data
    for s in e["sources"]:
        s["parts"] = highlight(s["sentence"], s["expression"])
    html, status, headers = _render("event.html", lang=lang, title=f"{e['label'][lang]} · chrono", e=e,
                                    json_url=f"/events/{e['id']}.json")
    return http.conditional(_response(html, status, headers), view.last_modified)


def _response(html, status, headers):
    from flask import make_response

    return make_response(html, status, headers)


def _name(region: dict, lang: str) -> str:
    return (region.get("name_ar") if lang == "ar" else region.get("name_en")) or region.get("name_en") \
        or region.get("name_ar") or region["slug"]


@bp.app_template_global()
def rname(region: dict, lang: str) -> str:
    """A region's name in the interface language, for the templates (Jinja escapes it)."""
    if lang == "ar":
        return region.get("name_ar") or region.get("name_en") or region.get("slug") or ""
    return region.get("name_en") or region.get("name_ar") or region.get("slug") or ""


_cards = Kept(8192)  # cards of events built earlier (timeline_data.BuiltEvent), by (key, lang, heading)


@bp.app_template_global()
def event_card_html(e: dict, lang: str, heading: str, grain_name, t) -> Markup:
    """An event's card (the `event_card` macro of _macros.html). A card of an event built earlier from
    the same data (timeline_data.BuiltEvent) is kept and served again: a page built afresh after a write
    renders only the events that changed."""
    key = getattr(e, "key", None)
    if key is not None:
        card = _cards.get((key, lang, heading))
        if card is not None:
            return card
    card = current_app.jinja_env.get_template("_macros.html").module.event_card(e, lang, grain_name, t, heading)
    return _cards.put((key, lang, heading), card) if key is not None else card


def highlight(sentence: str | None, expression: str | None) -> list[tuple[str, bool]]:
    """The sentence cut into (text, is_the_expression) parts; Jinja escapes every part."""
    if not sentence:
        return []
    if expression and expression in sentence:
        i = sentence.index(expression)
        return [(sentence[:i], False), (expression, True), (sentence[i + len(expression):], False)]
    return [(sentence, False)]


def _month_heading(d: date, lang: str) -> str:
    if lang == "ar":
        return f"{labels.AR_MONTHS_LEVANT[d.month - 1]} {d.year}"
    return f"{ui_text.EN_MONTHS_LONG[d.month - 1]} {d.year}"


def _day_heading(d: date, lang: str) -> str:
    wd = (ui_text.AR_WEEKDAYS if lang == "ar" else ui_text.EN_WEEKDAYS)[d.weekday()]
    return f"{wd} {labels.label(d, d, 'day', lang=lang)}"


def group_events(events: list[dict], lang: str) -> list[dict]:
    """Events grouped by month, then by day, keeping their order. An event within one month goes
    under that month; one that spans more (a year, "since 2014") gets a group of its own, headed by its
    label. Within a month, day-precise events go under their day (a night over two days under its
    range); coarser ones (a week, the whole month) under their own label, never under a day."""
    groups: list[dict] = []
    for e in events:
        start, end = date.fromisoformat(e["date_from"]), date.fromisoformat(e["date_to"])
        if (start.year, start.month) == (end.year, end.month):
            key, heading, kind = f"m{start:%Y-%m}", _month_heading(start, lang), "month"
        else:
            key, heading, kind = "s" + e["label"]["en"], e["label"][lang], "span"
        if not groups or groups[-1]["key"] != key:
            groups.append({"key": key, "heading": heading, "kind": kind, "days": []})
        month = groups[-1]
        if kind == "month" and e["grain"] in FINE and (end - start).days == 0:
            dkey, dheading, exact = f"d{start}", _day_heading(start, lang), True
        elif kind == "month" and e["grain"] in FINE:
            dkey, dheading, exact = f"r{start}{end}", labels.label(start, end, "day", lang=lang), False
        else:
            dkey, dheading, exact = "p" + e["label"]["en"], e["label"][lang], False
        if not month["days"] or month["days"][-1]["key"] != dkey:
            month["days"].append({"key": dkey, "heading": dheading, "exact_day": exact,
                                  "iso": e["date_from"] if exact else None, "events": []})
        month["days"][-1]["events"].append(e)
    return groups
