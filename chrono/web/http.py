"""HTTP plumbing shared by the API and the pages: database connections with dict rows, conditional
responses (ETag, Last-Modified), content negotiation, CORS for reads, security headers."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

from flask import Flask, Response, request
from psycopg.rows import dict_row

from chrono.store import db

READ_METHODS = ("GET", "HEAD", "OPTIONS")

# No inline scripts or styles, nothing from other origins.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


@contextmanager
def connection():
    """A pooled connection answering rows as dicts (its row factory is put back afterwards)."""
    with db.pooled() as conn:
        previous = conn.row_factory
        conn.row_factory = dict_row
        try:
            yield conn
        finally:
            conn.row_factory = previous


def wants_html() -> bool:
    """HTML when asked for (`?format=html`) or when the client prefers it to JSON (browsers do);
    scripts sending `Accept: */*` or nothing get JSON."""
    fmt = request.args.get("format")
    if fmt in ("html", "json"):
        return fmt == "html"
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    if best != "text/html":
        return False
    return request.accept_mimetypes["text/html"] > request.accept_mimetypes["application/json"]


def conditional(response: Response, last_modified: datetime | None = None) -> Response:
    """Tag a successful read with ETag / Last-Modified and answer 304 when the client has it."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if last_modified is not None:
        response.last_modified = last_modified.replace(microsecond=0)
    response.add_etag()
    response.headers.setdefault("Cache-Control", "no-cache")
    return response.make_conditional(request)


MAX_QUERY_BYTES = 4096  # a longer query string is refused (414); long texts go to POST /resolve


def register(app: Flask) -> None:
    @app.before_request
    def _query_length():
        size = len(request.query_string)
        if size > MAX_QUERY_BYTES:
            from chrono.web.problems import Problem

            raise Problem(414, "URI Too Long", f"the query string is {size} bytes, over the limit of "
                                                f"{MAX_QUERY_BYTES}; send long texts to POST /resolve")

    @app.after_request
    def _headers(response: Response) -> Response:
        h = response.headers
        h.setdefault("X-Content-Type-Options", "nosniff")
        h.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        h.setdefault("Content-Security-Policy", CSP)
        if request.method in READ_METHODS:
            h["Access-Control-Allow-Origin"] = "*"
            h["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Link, Content-Disposition"
            if request.method == "OPTIONS":
                h["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
                h["Access-Control-Allow-Headers"] = "Accept, Accept-Language, If-None-Match, If-Modified-Since"
                h["Access-Control-Max-Age"] = "86400"
        if "Vary" not in h and request.endpoint in NEGOTIATED:
            h["Vary"] = "Accept, Accept-Language"
        return response


NEGOTIATED: set[str] = set()
