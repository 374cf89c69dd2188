"""Answers already built, served again while the data has not changed.

Every read view shows only what is in the database, and the database keeps a version that changes with
every statement writing what those views show (`data_version`, 0002_read_side.sql). So a process keeps
the answers it has built, keyed by the request (host, path and query, the headers that choose the
rendering), each with the version it was built at, and serves a kept answer when the version it reads
first is still that one. A stale answer is never served: an answer built while a write commits is kept
under the version read before it, which is no longer current. One extra round trip per request, a tiny
one; the first request after a change builds the answer again.

Per process, bounded in bytes (`CHRONO_ANSWER_CACHE_MB`, default 32; 0 turns it off), least recently
used first out."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict

from flask import Flask, Response, g, request

from chrono.store import db
from chrono.store.queries import Q

# The views that only read the database (their answers depend on the request and the data alone).
ENDPOINTS = frozenset({
    "api.timeline", "api.event", "api.event_json", "api.article", "api.regions", "api.region",
    "api.region_json", "api.region_feed", "pages.home",
})
VARY = ("Accept", "Accept-Language")
DEFAULT_MB = 32


class AnswerCache:
    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self._items: OrderedDict[tuple, tuple[str, int, list, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, version: str):
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] != version:
                return None
            self._items.move_to_end(key)
            return item

    def put(self, key: tuple, version: str, status: int, headers: list, body: bytes) -> None:
        cost = len(body) + 512
        if cost > self.max_bytes // 8:  # one answer may not push out most of the others
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.size -= len(old[3]) + 512
            self._items[key] = (version, status, headers, body)
            self.size += cost
            while self.size > self.max_bytes and self._items:
                _, dropped = self._items.popitem(last=False)
                self.size -= len(dropped[3]) + 512

    def __len__(self) -> int:
        return len(self._items)


def data_version() -> str:
    with db.pooled() as conn:
        return conn.execute(Q.web_data_version).fetchone()[0]


def register(app: Flask) -> None:
    mb = float(app.config.get("CHRONO_ANSWER_CACHE_MB", os.environ.get("CHRONO_ANSWER_CACHE_MB", DEFAULT_MB)))
    if mb <= 0:
        return
    cache = app.extensions["chrono_answers"] = AnswerCache(int(mb * 1024 * 1024))

    @app.before_request
    def _serve_kept():
        if request.method not in ("GET", "HEAD") or request.endpoint not in ENDPOINTS:
            return None
        key = (request.host, request.full_path, *(request.headers.get(h, "") for h in VARY))
        version = data_version()
        kept = cache.get(key, version)
        if kept is None:
            g.answer_key, g.answer_version = key, version
            return None
        _, status, headers, body = kept
        response = Response(body, status=status, headers=headers)
        return response.make_conditional(request)

    @app.after_request
    def _keep(response: Response) -> Response:
        key = g.pop("answer_key", None)
        if key is not None and response.status_code == 200 and not response.direct_passthrough:
            cache.put(key, g.pop("answer_version"), 200, list(response.headers.items()), response.get_data())
        return response
