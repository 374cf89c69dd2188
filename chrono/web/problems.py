"""Errors as RFC 9457 problem documents (application/problem+json)."""

from __future__ import annotations

import logging

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class Problem(Exception):
    """Raise in a view to answer with a problem document; `headers` go on the response, the other
    keyword arguments into the document."""

    def __init__(self, status: int, title: str, detail: str = "", *, headers: dict | None = None, **extra):
        super().__init__(detail or title)
        self.status, self.title, self.detail, self.extra = status, title, detail, extra
        self.headers = headers or {}


def problem_response(status: int, title: str, detail: str = "", headers: dict | None = None, **extra):
    body = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def register(app: Flask) -> None:
    @app.errorhandler(Problem)
    def _problem(exc: Problem):
        return problem_response(exc.status, exc.title, exc.detail, exc.headers, **exc.extra)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        keep = {k: v for k, v in exc.get_headers() if k.lower() in ("allow", "www-authenticate", "retry-after")}
        return problem_response(exc.code or 500, exc.name, exc.description or "", keep)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        from chrono.store.db import DatabaseError

        try:
            import psycopg
            unreachable = isinstance(exc, (DatabaseError, psycopg.OperationalError))
        except ImportError:  # pragma: no cover
            unreachable = isinstance(exc, DatabaseError)
        if unreachable:
            log.warning("database unavailable: %s", exc)
            return problem_response(503, "Service Unavailable", "the database is not reachable; try again shortly",
                                    {"Retry-After": "30"})
        log.exception("unhandled error")
        return problem_response(500, "Internal Server Error", "the server failed to answer; the error is logged")
