"""Readers: each kind of source turned into a stream of `Item`s (one per article, raw as received).

An item holds what is stored first and untouched: the raw text (`text`, an HTML page, or a JSON
record) and the key fields (URL, GUID). Everything else — text extraction, the anchor, mentions,
events — happens later from the stored raw (see `prepare.py`), so a failure there loses nothing and
`chrono reprocess` can redo it.

Readers talk to the network only through a `Context`, which keeps conditional-GET validators and
knows which article URLs are already stored.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from chrono.ingest import http, limits
from chrono.ingest.sources import Source, is_url

log = logging.getLogger(__name__)

FOLDER_SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html", ".json": "record", ".jsonl": "record"}
FEED_TEXT_ENOUGH = 500  # characters of feed text below which `full_text = "auto"` fetches the page


@dataclass
class Item:
    raw: str
    raw_format: str                      # text | html | record
    url: str | None = None
    guid: str | None = None
    title: str | None = None
    outlet: str | None = None            # a JSON record's own "source": the outlet that published it
    published: datetime | None = None    # given by the caller (--published)
    error: str | None = None             # input that cannot be read: stored raw, marked failed
    where: str = ""                      # for messages: file and line, or URL


class Context(Protocol):
    def fetch(self, url: str, *, conditional: bool = True) -> http.Response: ...
    def remember(self, response: http.Response) -> None: ...
    def known(self, source: Source, url: str) -> bool: ...


class SourceError(RuntimeError):
    """A whole source could not be read (unreachable feed, missing folder); the run goes on."""


def read(source: Source, ctx: Context) -> Iterator[Item]:
    reader = {"rss": read_feed, "html": read_pages, "folder": read_folder, "jsonl": read_jsonl}[source.kind]
    for location in source.resolved_locations():
        yield from reader(location, source, ctx)


# --- JSON Lines ------------------------------------------------------------------------------------

def read_jsonl(location: str, source: Source, ctx: Context) -> Iterator[Item]:
    if is_url(location):
        resp = ctx.fetch(location)
        if resp.not_modified:
            return
        yield from _jsonl_lines(resp.text().splitlines(), location)
        ctx.remember(resp)
        return
    path = Path(location)
    if not path.is_file():
        raise SourceError(f"{location}: no such file")
    with path.open(encoding="utf-8", errors="replace") as lines:
        yield from _jsonl_lines(lines, str(path))


def _jsonl_lines(lines, where: str) -> Iterator[Item]:
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if line:
            yield record_item(line, f"{where}:{number}")


def record_item(raw: str, where: str) -> Item:
    """An item from one JSON record as text; a malformed record is kept raw with its error."""
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        return Item(raw=raw, raw_format="record", error=f"{where}: not valid JSON: {exc}", where=where)
    if not isinstance(record, dict):
        return Item(raw=raw, raw_format="record", error=f"{where}: a record must be a JSON object", where=where)
    text = record.get("text")
    if not (isinstance(text, str) and text.strip()) and not isinstance(record.get("html"), str):
        return Item(raw=raw, raw_format="record", url=_str(record.get("url")), where=where,
                    error=f"{where}: the record has no \"text\"")
    return Item(raw=raw, raw_format="record", url=_str(record.get("url")), guid=_str(record.get("guid")),
                title=_str(record.get("title")), outlet=_str(record.get("source")), where=where)


def _str(value) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


# --- folders ----------------------------------------------------------------------------------------

def read_folder(location: str, source: Source, ctx: Context) -> Iterator[Item]:
    folder = Path(location)
    if not folder.is_dir():
        raise SourceError(f"{location}: no such folder")
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in FOLDER_SUFFIXES):
        yield from read_file(path)


def read_file(path: Path) -> Iterator[Item]:
    """Items of one local file, by its suffix (.txt, .html, .json, .jsonl)."""
    kind = FOLDER_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise SourceError(f"{path}: unknown file type (expected .txt, .html, .json or .jsonl)")
    if path.suffix.lower() == ".jsonl":
        with path.open(encoding="utf-8", errors="replace") as lines:
            yield from _jsonl_lines(lines, str(path))
        return
    size = path.stat().st_size
    if size > limits.MAX_RAW_CHARS:  # not read into memory: stored as a failed stub naming the limit
        yield Item(raw="", raw_format=kind, url=path.resolve().as_uri(), where=str(path),
                   error=f"{path}: {size:,} bytes, over the limit of {limits.MAX_RAW_CHARS:,} (CHRONO_MAX_RAW_CHARS)")
        return
    text = http.decode(path.read_bytes())
    if kind == "record":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Item(raw=text, raw_format="record", error=f"{path}: not valid JSON: {exc}", where=str(path))
            return
        for i, record in enumerate(data if isinstance(data, list) else [data], 1):
            yield record_item(json.dumps(record, ensure_ascii=False), f"{path}#{i}")
        return
    yield Item(raw=text, raw_format=kind, url=path.resolve().as_uri(), where=str(path))


# --- HTML pages -------------------------------------------------------------------------------------

def read_pages(location: str, source: Source, ctx: Context) -> Iterator[Item]:
    if not is_url(location):
        yield from read_file(Path(location))
        return
    resp = ctx.fetch(location)
    if resp.not_modified:
        return
    yield Item(raw=resp.text(), raw_format="html", url=location, where=location)
    ctx.remember(resp)


# --- RSS / Atom -------------------------------------------------------------------------------------

def read_feed(location: str, source: Source, ctx: Context) -> Iterator[Item]:
    resp = None
    if is_url(location):
        resp = ctx.fetch(location)
        if resp.not_modified:
            return
        data = resp.body
    else:
        path = Path(location)
        if not path.is_file():
            raise SourceError(f"{location}: no such feed file")
        data = path.read_bytes()
    yield from read_feed_bytes(data, location, source, ctx)
    if resp is not None:
        ctx.remember(resp)


def read_feed_bytes(data: bytes, location: str, source: Source, ctx: Context) -> Iterator[Item]:
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries and feed.get("bozo"):
        raise SourceError(f"{location}: not a readable RSS/Atom feed: {feed.get('bozo_exception')}")
    for entry in feed.entries:
        item = _feed_item(entry, location, source, ctx)
        if item is not None:
            yield item


def _feed_item(entry, location: str, source: Source, ctx: Context) -> Item | None:
    """The entry as an item; None for an entry whose page was fetched and stored before (its stored
    raw holds the page; the feed's summary must not replace it)."""
    link = entry.get("link") or None
    guid = entry.get("id") or None
    title = entry.get("title") or None
    published = entry.get("published") or entry.get("updated") or None
    if published is None and entry.get("published_parsed"):
        published = datetime(*entry.published_parsed[:6]).isoformat() + "+00:00"
    html_text = ""
    if entry.get("content"):
        html_text = entry.content[0].get("value", "")
    html_text = html_text or entry.get("summary", "") or ""
    text = html_to_text(html_text)
    record = {"url": link, "guid": guid, "title": title, "published": published, "published_from": "feed"}
    wants_page = source.full_text == "page" or (source.full_text == "auto" and len(text) < FEED_TEXT_ENOUGH)
    if wants_page and link and is_url(link):
        if ctx.known(source, link):
            return None
        try:
            page = ctx.fetch(link, conditional=False)
            record["html"] = page.text()
        except http.FetchError as exc:
            log.warning("feed %s: could not fetch the page of %s (%s); using the feed's text", location, link, exc)
    if "html" not in record:
        record["text"] = text
    raw = json.dumps(record, ensure_ascii=False)
    error = None if (text.strip() or record.get("html")) else f"{location}: entry {guid or link} has no text"
    return Item(raw=raw, raw_format="record", url=link, guid=guid, title=title, error=error,
                where=link or guid or location)


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment (feed content), one line per block element."""
    if not fragment or "<" not in fragment:
        return fragment or ""
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # noqa: BLE001 - lxml raises several kinds on broken markup
        return fragment
    for el in root.iter("script", "style"):
        el.drop_tree()
    for el in root.iter("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"):
        el.tail = "\n" + (el.tail or "")
    return "\n".join(line.strip() for line in root.text_content().splitlines() if line.strip())

