"""The sources file (`sources.toml`): where articles come from and how to read them.

    [[source]]
    name = "syria-tv"                  # unique; articles are keyed by source + URL
    kind = "rss"                       # rss | html | folder | jsonl
    location = "https://example.org/feed.xml"   # URL or path (relative to this file); html: a list is allowed
    lang = "auto"                      # ar | en | auto
    timezone = "Asia/Damascus"         # for times printed without an offset
    home_region = "hasakah"            # P-code or slug; helps place names that occur in several regions
    schedule = "15m"                   # optional: "30s", "15m", "2h", "1d" or a cron expression
    on_missing_published = "fetched"   # fetched | pending

The file is found at `$CHRONO_SOURCES`, else `samples/sources.toml` of the project.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from chrono.store.paths import project_root

KINDS = ("rss", "html", "folder", "jsonl")
LANGS = ("ar", "en", "auto")
ON_MISSING = ("fetched", "pending")
DEFAULT_TIMEZONE = "Asia/Damascus"
_KEYS = {"name", "kind", "location", "lang", "timezone", "home_region", "schedule", "on_missing_published",
         "full_text"}


class SourcesError(ValueError):
    """The sources file is missing or wrong; the message names the file, the source and the field."""


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    location: tuple[str, ...] = ()
    lang: str = "auto"
    timezone: str = DEFAULT_TIMEZONE
    home_region: str | None = None
    schedule: str | None = None
    on_missing_published: str = "fetched"
    # rss only: take the article text from the feed ("feed"), always from the linked page ("page"),
    # or from the page when the feed carries only a short summary ("auto").
    full_text: str = "auto"
    base: Path = field(default_factory=Path.cwd, compare=False)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def resolved_locations(self) -> list[str]:
        """Locations with relative paths made absolute against the sources file's folder."""
        out = []
        for loc in self.location:
            if is_url(loc):
                out.append(loc)
            else:
                path = Path(loc).expanduser()
                out.append(str(path if path.is_absolute() else (self.base / path).resolve()))
        return out


def is_url(text: str) -> bool:
    return re.match(r"^https?://", text, re.IGNORECASE) is not None


def default_path() -> Path:
    env = os.environ.get("CHRONO_SOURCES")
    return Path(env) if env else project_root() / "samples" / "sources.toml"


def load(path: str | os.PathLike | None = None) -> list[Source]:
    path = Path(path) if path is not None else default_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourcesError(f"{path}: no such sources file (set CHRONO_SOURCES)") from None
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{path}: not valid TOML: {exc}") from None
    entries = data.get("source", [])
    if not isinstance(entries, list):
        raise SourcesError(f"{path}: sources are written as [[source]] tables")
    sources = [parse_entry(entry, path, i) for i, entry in enumerate(entries, 1)]
    names = [s.name for s in sources]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise SourcesError(f"{path}: source names must be unique; repeated: {', '.join(dupes)}")
    return sources


def parse_entry(entry: dict, path: Path, index: int) -> Source:
    where = f"{path}: source #{index}"
    if not isinstance(entry, dict):
        raise SourcesError(f"{where}: expected a table")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise SourcesError(f"{where}: `name` is required")
    where = f"{path}: source {name!r}"
    unknown = sorted(set(entry) - _KEYS)
    if unknown:
        raise SourcesError(f"{where}: unknown field(s) {', '.join(unknown)}")
    kind = entry.get("kind")
    if kind not in KINDS:
        raise SourcesError(f"{where}: `kind` must be one of {', '.join(KINDS)} (got {kind!r})")
    location = entry.get("location")
    if isinstance(location, str):
        location = (location,)
    elif isinstance(location, list) and location and all(isinstance(x, str) for x in location):
        location = tuple(location)
    else:
        raise SourcesError(f"{where}: `location` must be a URL or path (or, for html, a list of them)")
    if len(location) > 1 and kind != "html":
        raise SourcesError(f"{where}: only html sources take a list of locations")
    lang = entry.get("lang", "auto")
    if lang not in LANGS:
        raise SourcesError(f"{where}: `lang` must be one of {', '.join(LANGS)} (got {lang!r})")
    timezone = entry.get("timezone", DEFAULT_TIMEZONE)
    check_timezone(timezone, where)
    schedule = entry.get("schedule")
    if schedule is not None:
        from chrono.ingest.schedule import parse_schedule

        try:
            parse_schedule(schedule)
        except ValueError as exc:
            raise SourcesError(f"{where}: {exc}") from None
    on_missing = entry.get("on_missing_published", "fetched")
    if on_missing not in ON_MISSING:
        raise SourcesError(f"{where}: `on_missing_published` must be one of {', '.join(ON_MISSING)}")
    full_text = entry.get("full_text", "auto")
    if full_text not in ("auto", "feed", "page"):
        raise SourcesError(f"{where}: `full_text` must be auto, feed or page")
    home = entry.get("home_region")
    if home is not None and not isinstance(home, str):
        raise SourcesError(f"{where}: `home_region` must be a P-code or slug")
    return Source(name=name.strip(), kind=kind, location=location, lang=lang, timezone=timezone,
                  home_region=home, schedule=schedule, on_missing_published=on_missing, full_text=full_text,
                  base=path.resolve().parent)


def check_timezone(name: str, where: str = "timezone") -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise SourcesError(f"{where}: unknown time zone {name!r} (use an IANA name such as Asia/Damascus)") from None
