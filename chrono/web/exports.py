"""Other renderings of the timeline data: CSV, TimelineJS JSON, iCalendar and Atom.

Each takes the `data` dict `timeline_data.timeline()` built (events as the JSON API shows them)."""

from __future__ import annotations

import csv
import html
import io
from datetime import date, datetime, timedelta, timezone
from xml.etree import ElementTree as ET

CSV_COLUMNS = ("id", "date_from", "date_to", "time_from", "time_to", "grain", "value", "edtf", "label_en",
               "label_ar", "text", "lang", "places", "source_count", "sources", "urls", "flags", "event_url")


def _join(values) -> str:
    return "; ".join(str(v) for v in values if v)


def to_csv(data: dict, base: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in data["events"]:
        writer.writerow([
            e["id"], e["date_from"], e["date_to"], e["time_from"] or "", e["time_to"] or "", e["grain"],
            e["value"] or "", e["edtf"] or "", e["label"]["en"], e["label"]["ar"], _csv_safe(e["text"]),
            e["lang"] or "", _join(p["slug"] for p in e["places"]), e["source_count"],
            _join(dict.fromkeys(s["source"] for s in e["sources"])), _join(s["url"] for s in e["sources"]),
            _join(e["flags"]), base + e["url"],
        ])
    return out.getvalue()


def _csv_safe(text: str) -> str:
    """Text a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe."""
    return "'" + text if text and text[0] in "=+-@\t\r" else text


# --- TimelineJS -----------------------------------------------------------------------------------

def _tl_date(day: str, stamp: str | None = None) -> dict:
    d = date.fromisoformat(day)
    out = {"year": d.year, "month": d.month, "day": d.day}
    if stamp:
        t = datetime.fromisoformat(stamp)
        if t.date() == d:
            out.update(hour=t.hour, minute=t.minute)
    return out


def to_timelinejs(data: dict, base: str) -> dict:
    region = data.get("region")
    title = (region or {}).get("name_en") or "chrono"
    events = []
    for e in data["events"]:
        timed = e["grain"] == "time"
        item = {
            "unique_id": f"event-{e['id']}",
            "start_date": _tl_date(e["date_from"], e["time_from"] if timed else None),
            "display_date": e["label"]["en"],
            "text": {"headline": html.escape(e["label"]["en"]), "text": _tl_text(e, base)},
            "group": _group(e),
        }
        if e["date_to"] != e["date_from"] or (timed and e["time_to"]):
            item["end_date"] = _tl_date(e["date_to"], e["time_to"] if timed else None)
        events.append(item)
    return {"title": {"text": {"headline": html.escape(title), "text": "Timeline from chrono"}}, "events": events}


def _group(e: dict) -> str:
    for p in e["places"]:
        for link in (p, *p["chain"]):
            if link["level"] == "governorate":
                return link["name_en"] or link["slug"]
    return e["places"][0]["name_en"] if e["places"] else "Syria"


def _tl_text(e: dict, base: str) -> str:
    # TimelineJS shows this as HTML: everything from the articles is escaped.
    sources = ", ".join(html.escape(s["source"]) for s in e["sources"])
    return (f"<p>{html.escape(e['text'])}</p><p>{len(e['sources'])} report(s), {e['source_count']} source(s): "
            f"{sources}</p><p><a href=\"{html.escape(base + e['url'])}\">chrono</a></p>")


# --- iCalendar (RFC 5545) -------------------------------------------------------------------------

def _ics_text(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _fold(line: str) -> list[str]:
    """Lines of at most 75 octets, continuation lines starting with a space, never splitting a character."""
    out, current, size = [], "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > (75 if not out else 74):
            out.append(current)
            current, size = "", 0
        current += ch
        size += n
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def _utc(stamp: str) -> str:
    return datetime.fromisoformat(stamp).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def to_ics(data: dict, base: str, stamp: datetime | None) -> str:
    """All-day events for day ranges (DTEND is the day after the last day); timed events at the
    minute when the date is that exact. DTSTAMP is when chrono stored the data, never the clock."""
    name = (data.get("region") or {}).get("name_en") or "chrono"
    host = base.split("://", 1)[-1].split("/", 1)[0] or "chrono"
    dtstamp = (stamp or datetime(1970, 1, 1, tzinfo=timezone.utc)).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//chrono//timeline//EN", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_ics_text('chrono: ' + name)}"]
    for e in data["events"]:
        lines += ["BEGIN:VEVENT", f"UID:event-{e['id']}@{host}", f"DTSTAMP:{dtstamp}"]
        if e["grain"] == "time" and e["time_from"]:
            lines.append(f"DTSTART:{_utc(e['time_from'])}")
            if e["time_to"] and e["time_to"] != e["time_from"]:
                lines.append(f"DTEND:{_utc(e['time_to'])}")
        else:
            start = date.fromisoformat(e["date_from"])
            end = date.fromisoformat(e["date_to"]) + timedelta(days=1)
            lines += [f"DTSTART;VALUE=DATE:{start:%Y%m%d}", f"DTEND;VALUE=DATE:{end:%Y%m%d}"]
        summary = e["text"] if len(e["text"]) <= 120 else e["text"][:117] + "…"
        sources = ", ".join(dict.fromkeys(s["source"] for s in e["sources"]))
        description = f"{e['label']['en']} ({e['precision']['en']})\n{e['text']}\nSources: {sources}"
        lines += [f"SUMMARY:{_ics_text(summary)}", f"DESCRIPTION:{_ics_text(description)}",
                  f"URL:{base}{e['url']}"]
        if e["places"]:
            lines.append(f"LOCATION:{_ics_text(', '.join(p['name_en'] or p['slug'] for p in e['places']))}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))


# --- Atom (RFC 4287) ------------------------------------------------------------------------------

ATOM = "http://www.w3.org/2005/Atom"


def _atom_time(stamp) -> str:
    if isinstance(stamp, str):
        stamp = datetime.fromisoformat(stamp)
    return stamp.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_atom(region: dict, events: list[dict], base: str, self_url: str) -> bytes:
    ET.register_namespace("", ATOM)

    def sub(parent, tag, text=None, **attrs):
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k.rstrip("_"): v for k, v in attrs.items()})
        if text is not None:
            el.text = text
        return el

    feed = ET.Element(f"{{{ATOM}}}feed")
    name = region.get("name_en") or region["slug"]
    sub(feed, "id", f"{base}/regions/{region['slug']}")
    sub(feed, "title", f"chrono: {name}" + (f" / {region['name_ar']}" if region.get("name_ar") else ""))
    stamps = [datetime.fromisoformat(e["recorded_at"]) for e in events]
    sub(feed, "updated", _atom_time(max(stamps) if stamps else datetime(1970, 1, 1, tzinfo=timezone.utc)))
    sub(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    sub(feed, "link", rel="alternate", href=f"{base}/regions/{region['slug']}", type="text/html")
    author = sub(feed, "author")
    sub(author, "name", "chrono")
    for e in events:
        entry = sub(feed, "entry")
        sub(entry, "id", f"{base}{e['url']}")
        sub(entry, "title", f"{e['label']['en']}: {e['text'][:100]}")
        sub(entry, "updated", _atom_time(e["recorded_at"]))
        sub(entry, "link", rel="alternate", href=f"{base}{e['url']}", type="text/html")
        for s in dict.fromkeys(s["source"] for s in e["sources"]):
            sub(sub(entry, "author"), "name", s)
        sources = "\n".join(f"- {s['source']}: {s['url'] or ''}" for s in e["sources"])
        sub(entry, "summary", f"{e['label']['en']} / {e['label']['ar']}\n{e['text']}\n{sources}", type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
