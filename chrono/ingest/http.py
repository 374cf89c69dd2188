"""HTTP GET for sources: timeouts, retries with backoff, conditional requests, a size limit.

The caller keeps the validators (ETag, Last-Modified) per URL and hands them back on the next
request; a `304 Not Modified` answer comes back as `Response.not_modified`.
"""

from __future__ import annotations

import email.utils
import logging
import os
import re
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone

from chrono import __version__

log = logging.getLogger(__name__)

MAX_BYTES = int(os.environ.get("CHRONO_FETCH_MAX_BYTES", 10 * 1024 * 1024))
TIMEOUT = float(os.environ.get("CHRONO_FETCH_TIMEOUT", 20))
RETRIES = 3
RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}


def user_agent() -> str:
    contact = os.environ.get("CHRONO_CONTACT")
    return f"chrono/{__version__} (news timeline ingest{'; ' + contact if contact else ''})"


class FetchError(RuntimeError):
    """The URL could not be fetched; the message says which and why."""


@dataclass(frozen=True)
class Validators:
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    body: bytes
    content_type: str
    charset: str | None
    validators: Validators

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        return decode(self.body, self.charset)


_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
                       re.IGNORECASE)


def decode(body: bytes, charset: str | None = None) -> str:
    """Text of a page or file: its declared charset (HTTP header, <meta charset>, <?xml encoding>), else
    UTF-8 when it is valid UTF-8, else windows-1256 (older Arabic sites send it undeclared). An unknown
    charset name counts as none; undecodable bytes become U+FFFD."""
    if charset is None:
        m = _DECLARED.search(body[:4096])
        if m:
            charset = (m.group(1) or m.group(2)).decode("ascii")
    if charset is not None:
        try:
            return body.decode(charset, errors="replace")
        except (LookupError, ValueError):
            pass
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("windows-1256", errors="replace")


def get(url: str, *, validators: Validators | None = None, timeout: float = TIMEOUT, retries: int = RETRIES,
        backoff: float = 1.0, max_bytes: int = MAX_BYTES, sleep=time.sleep) -> Response:
    """GET `url`, retrying transient failures (`retries` attempts in all, waits backoff·2^k seconds)."""
    headers = {"User-Agent": user_agent(), "Accept-Encoding": "gzip, deflate",
               "Accept": "application/rss+xml, application/atom+xml, application/xml, text/html, "
                         "application/json, text/plain;q=0.9, */*;q=0.5"}
    if validators and validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators and validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    last_error = "no attempt made"
    for attempt in range(max(1, retries)):
        if attempt:
            wait = backoff * 2 ** (attempt - 1)
            log.info("retrying %s in %.1fs (%s)", url, wait, last_error)
            sleep(wait)
        try:
            return _once(url, headers, timeout, max_bytes, validators)
        except urllib.error.HTTPError as exc:
            last_error = f"HTTP {exc.code} {exc.reason}"
            if exc.code not in RETRY_STATUS:
                raise FetchError(f"{url}: {last_error}") from None
            retry_after = _retry_after(exc.headers.get("Retry-After"))
            if retry_after is not None and attempt + 1 < retries:
                sleep(min(retry_after, 60.0))
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            last_error = f"{type(reason).__name__}: {reason}"
    raise FetchError(f"{url}: gave up after {max(1, retries)} attempt(s): {last_error}")


def _once(url: str, headers: dict, timeout: float, max_bytes: int, validators: Validators | None) -> Response:
    request = urllib.request.Request(url, headers=headers, method="GET")
    try:
        resp = urllib.request.urlopen(request, timeout=timeout)  # noqa: S310 - http(s) only, checked by callers
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Response(url, 304, b"", "", None, validators or Validators())
        raise
    with resp:
        length = resp.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes:
            raise FetchError(f"{url}: {length} bytes is over the limit of {max_bytes}")
        body = _read_limited(resp, max_bytes, url)
        encoding = (resp.headers.get("Content-Encoding") or "").lower()
        if encoding in ("gzip", "x-gzip"):
            body = _inflate(body, zlib.MAX_WBITS | 16, max_bytes, url)
        elif encoding == "deflate":
            body = _inflate(body, zlib.MAX_WBITS, max_bytes, url)
        content_type = resp.headers.get_content_type() or ""
        charset = resp.headers.get_content_charset()
        return Response(
            url=url,
            status=resp.status,
            body=body,
            content_type=content_type,
            charset=charset,
            validators=Validators(resp.headers.get("ETag"), resp.headers.get("Last-Modified")),
        )


def _read_limited(resp, max_bytes: int, url: str) -> bytes:
    chunks, total = [], 0
    while True:
        chunk = resp.read(65536)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > max_bytes:
            raise FetchError(f"{url}: the answer is over the limit of {max_bytes} bytes")
        chunks.append(chunk)


def _inflate(data: bytes, wbits: int, max_bytes: int, url: str) -> bytes:
    try:
        d = zlib.decompressobj(wbits)
        out = d.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise FetchError(f"{url}: bad compressed body: {exc}") from None
    if len(out) > max_bytes or d.unconsumed_tail:
        raise FetchError(f"{url}: the answer is over the limit of {max_bytes} bytes once decompressed")
    return out


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    when = _http_date(value)
    return None if when is None else max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None

