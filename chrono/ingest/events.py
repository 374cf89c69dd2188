"""Events from an article's sentences, date mentions and places: `build(article, mentions, places)`.

Policy (docs/ingest.md):
- every sentence with a dated mention (kind point, range or open) yields one event per distinct date
  range in it; durations and sets date nothing;
- the lead sentence, when it has no date of its own, yields an event on the publication day, flagged
  `publication_date`;
- an event's places are the places named in its sentence; a sentence that names none takes the
  article's main place (flag `place_from_article`) when the article has a single clear one (see
  `main_place`); for the
  lead event a sentence naming only Syria or a macro-region (northeast Syria) is refined the same way;
- its governorate (`admin1`) is that of its first place that lies in a governorate.
Nothing is guessed beyond that: no date, no event.

Storage is elsewhere (`store.save_events`), so clustering can work on what `build` returns once stored.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from chrono.ingest.text import Sentence, sentences as split_sentences

DATED_KINDS = ("point", "range", "open")
FINE_LEVELS = ("governorate", "district", "subdistrict", "place")


@dataclass(frozen=True)
class Article:
    """What `build` needs of an article: its body (mention and place spans point into it), anchor, language."""
    body: str
    anchor: datetime
    lang: str | None = None
    flags: tuple[str, ...] = ()     # flags for every event of the article (e.g. anchor_fetched)
    sentences: tuple[Sentence, ...] = ()

    def split(self) -> tuple[Sentence, ...]:
        return self.sentences or tuple(split_sentences(self.body))


@dataclass(frozen=True)
class Place:
    """A place found in the body, reduced to what events need."""
    span: tuple[int, int]
    pcode: str
    level: str
    admin1: str | None


@dataclass
class EventRow:
    date_from: date | None
    date_to: date | None
    grain: str
    value: str | None
    edtf: str | None
    flags: tuple[str, ...]
    text: str
    text_norm: str
    lang: str | None
    sentence_start: int
    time_from: datetime | None = None
    time_to: datetime | None = None
    admin1: str | None = None
    places: tuple[str, ...] = ()           # P-codes named (or taken from the article); ancestors added on storage
    mention: int | None = None             # index into the article's mentions
    id: int | None = field(default=None, compare=False)  # set once stored


def normalize_text(text: str) -> str:
    """The form events are searched in (`events.text_norm`): Arabic letters folded as the resolver folds
    them, lower case, whitespace collapsed (as `chrono.web.search_text.normalize_query` does to queries)."""
    from chrono.resolve.normalize import fold_ar

    return " ".join(fold_ar(text).lower().split())


def as_place(found) -> Place | None:
    """A `chrono.places` match as a `Place` (None when the matcher left it unassigned)."""
    pcode = getattr(found, "pcode", None)
    if not pcode:
        return None
    span = tuple(getattr(found, "span"))
    return Place(span=(span[0], span[1]), pcode=pcode, level=getattr(found, "level", None) or "",
                 admin1=getattr(found, "admin1_pcode", None))


def main_place(places: list[Place]) -> str | None:
    """The article's governorate when it clearly dominates the Syrian places the article names: the only
    governorate named, or one named at least twice and at least twice as often as any other."""
    counts = Counter(p.admin1 for p in places if p.admin1 and p.level in FINE_LEVELS)
    if not counts:
        return None
    (top, n), *rest = counts.most_common()
    if rest and (n < 2 or rest[0][1] * 2 > n):
        return None
    return top


def build(article: Article, mentions: list, places: list) -> list[EventRow]:
    """The events of one article. `mentions` are the resolver's mentions of `article.body`; `places`
    are `Place`s or the place matcher's matches in the same body."""
    placed = [p if isinstance(p, Place) else as_place(p) for p in places]
    placed = [p for p in placed if p is not None]
    main = main_place(placed)
    sents = article.split()
    rows: list[EventRow] = []
    for index, sentence in enumerate(sents):
        inside = [(i, m) for i, m in enumerate(mentions)
                  if sentence.start <= m.span[0] < sentence.end and _dated(m)]
        here = [p for p in placed if sentence.start <= p.span[0] < sentence.end]
        if not inside and index == 0:
            rows.append(_publication_event(article, sentence, here, main))
            continue
        seen: set[tuple] = set()
        for i, m in inside:
            key = (m.date_from, m.date_to)
            if key in seen:
                continue
            seen.add(key)
            pcodes, admin1, extra = _where(here, main, lead=False)
            rows.append(EventRow(
                date_from=m.date_from, date_to=m.date_to, grain=m.grain or "day", value=m.value, edtf=m.edtf,
                flags=_merge(tuple(m.flags), article.flags, extra), text=sentence.text,
                text_norm=normalize_text(sentence.text), lang=article.lang, sentence_start=sentence.start,
                time_from=m.time_from, time_to=m.time_to, admin1=admin1, places=pcodes, mention=i))
    return rows


def _dated(m) -> bool:
    return m.kind in DATED_KINDS and (m.date_from is not None or m.date_to is not None)


def _publication_event(article: Article, sentence: Sentence, here: list[Place], main: str | None) -> EventRow:
    day = article.anchor.date()
    pcodes, admin1, extra = _where(here, main, lead=True)
    return EventRow(
        date_from=day, date_to=day, grain="day", value=day.isoformat(), edtf=day.isoformat(),
        flags=_merge(("publication_date",), article.flags, extra), text=sentence.text,
        text_norm=normalize_text(sentence.text), lang=article.lang, sentence_start=sentence.start,
        admin1=admin1, places=pcodes)


def _where(here: list[Place], main: str | None, *, lead: bool) -> tuple[tuple[str, ...], str | None, tuple]:
    pcodes = tuple(dict.fromkeys(p.pcode for p in here))
    fine = [p for p in here if p.level in FINE_LEVELS]
    if fine:
        return pcodes, next((p.admin1 for p in fine if p.admin1), None), ()
    syrian_only_coarse = bool(here) and all(p.pcode == "SY" or p.level == "macro" for p in here)
    if main and (not here or (lead and syrian_only_coarse)):
        return pcodes + (main,), main, ("place_from_article",)
    return pcodes, None, ()


def _merge(*groups: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f for g in groups for f in g))
