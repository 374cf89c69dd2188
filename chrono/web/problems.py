"""Errors as RFC 9457 problem documents (application/problem+json)."""

from __future__ import annotations

import logging

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class Problem(Exception):
    """Raise in a view to answer with a problem document."""

    def __init__(self, status: int, title: str, detail: str = "", **extra):
        super().__init__(detail or title)
        self.status, self.title, self.detail, self.extra = status, title, detail, extra


def problem_response(status: int, title: str, detail: str = "", **extra):
    body = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def register(app: Flask) -> None:
    @app.errorhandler(Problem)
    def _problem(exc: Problem):
        return problem_response(exc.status, exc.title, exc.detail, **exc.extra)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        return problem_response(exc.code or 500, exc.name, exc.description or "")

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unhandled error")
        return problem_response(500, "Internal Server Error", "the server failed to answer; the error is logged")
