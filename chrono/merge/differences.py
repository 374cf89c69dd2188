"""What tells two reports apart, not what they share: the people they name, places finer than the
gazetteer knows (a neighbourhood, a village, a camp's sector), whether they give a tally over a period
rather than one incident, and the commodity, facility or specific means a happening concerns.

Template twins — "the young man X was shot dead in front of his house in Y", refilled with another
name; "the price of a kilo of wheat / rice was raised to N" — share nearly every word and concept.
Only what differs tells them apart. Word lists: `data/differences.json`. Names are compared by the
consonant skeletons of `chrono.merge.text` (القرشي and al-Qurashi both give `krc`), so that the
comparison works across Arabic and English.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache

from chrono.merge.regions import PLACE_MARK
from chrono.merge.text import DATA, ar_bare, concepts_of, fold, skeleton_ar, skeleton_latin, stopwords, words

SKELETON_MIN = 2  # a name word whose skeleton is shorter says nothing (العلي -> l)


@dataclass(frozen=True, slots=True)
class Differences:
    persons: frozenset[frozenset[str]]    # each named person as the skeletons of its name words
    subplaces: frozenset[frozenset[str]]  # each neighbourhood, village, sector named in the text (skeletons)
    aggregate: bool                       # a tally over a period ("during July", "خلال الشهر"), not one incident
    objects: frozenset[str]               # "group:item": commodity, facility, specific means
    groups: dict = field(default=None, compare=False)  # group -> its items named (from objects)

    def __post_init__(self):
        if self.groups is None:
            groups: dict[str, set[str]] = {}
            for o in self.objects:
                groups.setdefault(o.split(":", 1)[0], set()).add(o)
            object.__setattr__(self, "groups", {g: frozenset(v) for g, v in groups.items()})


@cache
def _data() -> dict:
    raw = json.loads((DATA / "differences.json").read_text(encoding="utf-8"))
    ar = lambda words: frozenset(fold(w, "ar") for w in words)  # noqa: E731
    return {
        "cues_ar": ar(raw["person_cues"]["ar"]),
        "cues_en": tuple(sorted(raw["person_cues"]["en"], key=len, reverse=True)),
        "name_stop_ar": ar(w.rstrip("$") for w in raw["name_stop_ar"]),
        "not_person_en": frozenset(raw["not_person_en"]) | frozenset(raw["person_cues"]["en"]),
        "connectors_en": frozenset(raw["name_connectors_en"]),
        "sub_cues_ar": frozenset(ar_bare(fold(w, "ar")) for w in raw["subplace_cues"]["ar"]),
        "sub_before_en": tuple(raw["subplace_cues"]["en_before"]),
        "sub_after_en": tuple(raw["subplace_cues"]["en_after"]),
        "sub_generic_ar": ar(raw["subplace_generic_ar"]),
        "sub_stop_ar": ar(raw["subplace_stop_ar"]),
        "ordinals": {"ar": {fold(k, "ar"): v for k, v in raw["ordinals"]["ar"].items()}, "en": raw["ordinals"]["en"]},
        "aggregate": {lang: re.compile("|".join(f"(?:{p})" for p in raw["aggregate"][lang]))
                      for lang in ("ar", "en")},
        "exclusive": {f"{group}:{item}": forms for group, items in raw["exclusive"].items()
                      for item, forms in items.items()},
    }


@cache
def _objects_table() -> dict:
    """The exclusive items in the shape concepts.json has, for `concepts_of`'s matcher."""
    return {"concepts": _data()["exclusive"]}


_TOKEN_AR = re.compile(r"[\u0621-\u064A\u0671-\u06D3]+|[0-9]+")
_WORD_EN = re.compile(r"[A-Za-z][A-Za-z'’\-]*")


def _with_joined(parts: list[str]) -> frozenset[str]:
    """The skeletons of a name's words, and of the name written as one word: صلاح الدين and Salaheddine
    (`slh` `dn` / `slhdn`) are one name."""
    out = {s for s in parts if len(s) >= SKELETON_MIN}
    if len(parts) > 1:
        out.add("".join(parts))
    return frozenset(out)


def _skeletons_ar(words: list[str]) -> frozenset[str]:
    return _with_joined([skeleton_ar(w).removesuffix("h") for w in words])


def _skeletons_en(words: list[str]) -> frozenset[str]:
    return _with_joined([skeleton_latin(w) for w in words])


_AFFILIATION = frozenset({"في", "من", "لدي", "ضمن"})


def _persons_ar(tokens: list[str]) -> set[frozenset[str]]:
    d = _data()
    stop = stopwords("ar")
    found = set()
    for i, tok in enumerate(tokens):
        cue = tok if tok in d["cues_ar"] else (tok[1:] if len(tok) > 3 and tok[0] in "وف" and tok[1:] in d["cues_ar"] else None)
        if cue is None:
            continue
        name = []
        start = i + 1
        if start < len(tokens) and tokens[start] in _AFFILIATION:
            # "القيادي في قسد آزاد حسن": the group the person belongs to comes before the name
            start += 1
            while start < min(len(tokens), i + 5) and concepts_of([tokens[start]], "ar"):
                start += 1
        for w in tokens[start:start + 4]:
            bare = ar_bare(w)
            if (w[0].isdigit() or w in stop or bare in stop or w in d["cues_ar"] or bare in d["name_stop_ar"]
                    or w in d["name_stop_ar"] or len(bare) < 2 or concepts_of([w], "ar")):
                break
            name.append(w)
        if name:
            skeletons = _skeletons_ar(name)
            if skeletons:
                found.add(skeletons)
    return found


def _persons_en(text: str) -> set[frozenset[str]]:
    """Runs of capitalised words (with al-, bin, abu…) of two words or more, or one after a cue word
    ("commander X"), that are not organisations, places the text's own words say are places, months…"""
    d = _data()
    found = set()
    words = [(m.group(0), m.start()) for m in _WORD_EN.finditer(text)]
    i = 0
    while i < len(words):
        run = []
        j = i
        while j < len(words):
            w = words[j][0]
            low = w.lower().replace("’", "'")
            head = low.split("-", 1)[0]
            if w[0].isupper() and low.removesuffix("'s") not in d["not_person_en"]:
                run.append(w.removesuffix("'s").removesuffix("’s"))
                j += 1
                if w.endswith(("'s", "’s")):
                    break
            elif run and (low in d["connectors_en"] or (head in d["connectors_en"] and "-" in low and len(low) > len(head) + 1)):
                run.append(w)
                j += 1
            else:
                break
        while run and run[-1].lower() in d["connectors_en"]:
            run.pop()
        if run:
            before = text[:words[i][1]].lower().rstrip(" ,")
            after_cue = any(before.endswith(c) for c in d["cues_en"])
            capitals = [w for w in run if w[0].isupper() or "-" in w]
            if len(capitals) >= 2 or (after_cue and capitals):
                skeletons = _skeletons_en([w for w in run if w.lower() not in d["connectors_en"]])
                if skeletons:
                    found.add(skeletons)
            i = j
        else:
            i += 1
    return found


def _subplaces_ar(tokens: list[str]) -> set[frozenset[str]]:
    d = _data()
    stop = stopwords("ar")
    found = set()
    for i, tok in enumerate(tokens):
        bare = ar_bare(tok)
        if bare not in d["sub_cues_ar"] and not (len(bare) > 3 and bare[0] in "بل" and bare[1:] in d["sub_cues_ar"]):
            continue
        rest = tokens[i + 1:i + 4]
        while rest and ar_bare(rest[0]) in d["sub_cues_ar"]:  # ساحة بلدة القريا
            rest = rest[1:]
        if not rest:
            continue
        first = rest[0]
        if first in d["ordinals"]["ar"]:
            found.add(frozenset({f"#{d['ordinals']['ar'][first]}"}))
            continue
        if tok.lstrip("وف").startswith("ال"):
            continue  # "المنطقة", "الحي": the one already named, not a name
        generic = ar_bare(first) in d["sub_generic_ar"]
        if (first in d["sub_stop_ar"] or ar_bare(first) in d["sub_stop_ar"] or first[0].isdigit() or first in stop
                or ar_bare(first) in stop or (not generic and concepts_of([first], "ar"))):
            continue
        name = [first]
        if generic and len(rest) > 1 and rest[1] not in d["sub_stop_ar"] and rest[1] not in stop:
            name.append(rest[1])
        skeletons = _skeletons_ar([w for w in name if ar_bare(w) not in d["sub_generic_ar"]] or name)
        if skeletons:
            found.add(skeletons)
    return found


_CAP_NAME = r"((?:(?:al|el)-)?[A-Z][\w'’\-]*(?:\s+(?:(?:al|el)-)?[A-Z][\w'’\-]*){0,2})"


@cache
def _subplace_patterns():
    d = _data()
    before = "|".join(d["sub_before_en"])
    after = "|".join(re.escape(p) for p in d["sub_after_en"])
    ordinal = "|".join(d["ordinals"]["en"])
    return (re.compile(rf"{_CAP_NAME}(?:'s)?\s+(?:{before})\b"),
            re.compile(rf"\b(?:{after})\s+(?:the\s+)?{_CAP_NAME}"),
            re.compile(rf"\b({ordinal})\s+sector\b", re.IGNORECASE))


def _subplaces_en(text: str) -> set[frozenset[str]]:
    d = _data()
    before, after, ordinal = _subplace_patterns()
    found = set()
    for m in ordinal.finditer(text):
        found.add(frozenset({f"#{d['ordinals']['en'][m.group(1).lower()]}"}))
    for pattern in (before, after):
        for m in pattern.finditer(text):
            words = [w for w in m.group(1).split() if w.lower().removesuffix("'s") not in d["not_person_en"]]
            skeletons = _skeletons_en([w.removesuffix("'s") for w in words])
            if skeletons:
                found.add(skeletons)
    return found


def differences(text: str, tokens: list[str], lang: str) -> Differences:
    """What in `text` (place names of its own places already blanked out) could tell it apart from
    another report; `tokens` are `chrono.merge.text.words(text, lang)`."""
    d = _data()
    if lang == "ar":
        # a cue and its name lie in one stretch of text between place names
        persons, subplaces = set(), set()
        for part in text.split(PLACE_MARK) if PLACE_MARK in text else (text,):
            part_tokens = words(part, "ar") if PLACE_MARK in text else tokens
            persons |= _persons_ar(part_tokens)
            subplaces |= _subplaces_ar(part_tokens)
    else:
        persons, subplaces = _persons_en(text), _subplaces_en(text)
    persons = {p for p in persons if p not in subplaces}
    folded = fold(text, lang)
    aggregate = bool(d["aggregate"][lang].search(folded))
    objects = concepts_of(tokens, lang, _objects_table())
    return Differences(frozenset(persons), frozenset(subplaces), aggregate, objects)


def _named_apart(a: frozenset[frozenset[str]], b: frozenset[frozenset[str]]) -> bool:
    """Both name some, and no name of one shares a word with a name of the other."""
    return bool(a and b) and not any(x & y for x in a for y in b)


@dataclass(frozen=True, slots=True)
class Conflicts:
    persons: bool
    subplaces: bool
    aggregate: bool
    objects: tuple[str, ...]  # the groups in which the two name different items

    def reasons(self) -> list[str]:
        out = []
        if self.persons:
            out.append("different people named")
        if self.subplaces:
            out.append("different neighbourhoods or villages named")
        if self.aggregate:
            out.append("a tally over a period against a single report")
        for g in self.objects:
            out.append(f"different {g}")
        return out


def conflicts(a: Differences, b: Differences) -> Conflicts:
    groups = [g for g in sorted(a.groups.keys() & b.groups.keys()) if a.groups[g].isdisjoint(b.groups[g])]
    return Conflicts(_named_apart(a.persons, b.persons), _named_apart(a.subplaces, b.subplaces),
                     a.aggregate != b.aggregate, tuple(groups))
