"""GET /healthz: the database is reachable and its schema is current."""

from __future__ import annotations

from flask import Blueprint, jsonify

from chrono.store import db, migrate

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        dsn = db.url()
        current, head = migrate.heads(dsn)
    except Exception as exc:  # noqa: BLE001 - any failure here means "not healthy"
        body = {"status": "error", "database": "unreachable", "detail": str(exc).splitlines()[0] if str(exc) else ""}
        return jsonify(body), 503
    ok = current == head
    body = {"status": "ok" if ok else "error", "database": "ok",
            "migrations": {"current": sorted(current), "head": sorted(head)}}
    return jsonify(body), 200 if ok else 503
