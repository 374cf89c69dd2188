"""What a report's sentence says, reduced to comparable parts: word stems, character trigrams,
concepts (language-neutral topics and actors), and the figures it gives.

Arabic goes through the resolver's letter folding (`chrono.resolve.normalize.fold_ar`), then clitics
and the article are removed and a few suffixes trimmed; English is lower-cased and trimmed alike.
The word lists live in `data/` beside this module.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from chrono.resolve.normalize import fold_ar

DATA = Path(__file__).resolve().parent / "data"

_AR_LETTERS = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")
_TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]{3})*(?:\.[0-9]+)?|[\u0621-\u064A\u0671-\u06D3]+|[a-z]+(?:[-'][a-z]+)*")
_AR_SUFFIXES = ("ات", "ون", "ين", "ان", "وا", "ها", "هم", "ه", "ي", "ا")
_EN_SUFFIXES = ("ing", "ed", "es", "s", "ly")


class TextFeatures:
    """A text's comparable parts. Concepts and figures are computed at once (every comparison needs
    them); differences, stems, trigrams and names when first asked for (a candidate pair settled by the
    cheap features never needs the differences, the fitted model may not use the rest, and a clustering
    process keeps thousands of these in memory)."""

    __slots__ = ("lang", "concepts", "acts", "numbers", "bounds", "_text", "_lazy")

    def __init__(self, lang: str, concepts: frozenset[str], numbers: frozenset[int], text: str,
                 bounds: "Bounds | None" = None):
        self.lang = lang
        self.concepts = concepts     # ids from data/concepts.json
        kinds = concept_kinds()
        self.acts = frozenset(c for c in concepts if kinds[c] == "act")  # what happened
        self.numbers = numbers       # figures: counts, amounts (years and days of dated expressions left out)
        self.bounds = bounds         # figures given as "at least" or as a toll that "rose to" (None: neither)
        self._text = text            # the words are read again from it for the features computed when asked for
        self._lazy: dict | None = None

    def _get(self, name: str):
        if self._lazy is None:
            self._lazy = {}
        value = self._lazy.get(name)
        if value is None:
            value = self._lazy[name] = _LAZY[name](self)
        return value

    def memo(self, key, value=None):
        """A value kept with these features under `key` (by callers: weights per idf table); sets it when
        given, returns it (None when not kept)."""
        if self._lazy is None:
            self._lazy = {}
        if value is not None:
            self._lazy[key] = value
        return self._lazy.get(key)

    @property
    def diff(self):
        """chrono.merge.differences.Differences: what could tell it apart from another report."""
        return self._get("diff")

    @property
    def stems(self) -> frozenset[str]:
        """Content-word stems, stop words removed."""
        return self._get("stems")

    @property
    def trigrams(self) -> frozenset[str]:
        """Character trigrams of the folded content words (as pg_trgm makes them)."""
        return self._get("trigrams")

    @property
    def parts(self) -> tuple[frozenset[str], ...]:
        """The concepts of each sentence when the text has several (a lead: title and paragraphs), else ()."""
        return self._get("parts")

    @property
    def names(self) -> frozenset[str]:
        """Consonant skeletons of names (English: capitalised words; Arabic: other words)."""
        return self._get("names")


def detect_lang(text: str) -> str:
    return "ar" if _AR_LETTERS.search(text) else "en"


def fold(text: str, lang: str) -> str:
    return fold_ar(text) if lang == "ar" else text.lower().replace("’", "'")


def _read_words(name: str) -> frozenset[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


@cache
def stopwords(lang: str) -> frozenset[str]:
    return _read_words(f"stopwords_{lang}.txt")


@cache
def _concepts() -> dict[str, dict[str, tuple[str, ...]]]:
    return _folded_forms(json.loads((DATA / "concepts.json").read_text(encoding="utf-8"))["concepts"])


def _folded_forms(raw: dict) -> dict[str, dict[str, tuple[str, ...]]]:
    out: dict[str, dict[str, tuple[str, ...]]] = {"ar": {}, "en": {}}
    for cid, forms in raw.items():
        for lang in ("ar", "en"):
            out[lang][cid] = tuple(fold(f, lang) for f in forms.get(lang, ()))
    return out


@cache
def _implied() -> dict[str, frozenset[str]]:
    """Concept -> the concepts it implies (data/concepts.json "implies")."""
    raw = json.loads((DATA / "concepts.json").read_text(encoding="utf-8")).get("implies", {})
    return {c: frozenset(v) for c, v in raw.items()}


@cache
def concept_kinds() -> dict[str, str]:
    """Concept id -> act (what happened), actor (who) or thing (what or whom it concerned)."""
    return json.loads((DATA / "concepts.json").read_text(encoding="utf-8"))["kinds"]


@cache
def _numbers() -> dict:
    raw = json.loads((DATA / "numbers.json").read_text(encoding="utf-8"))
    raw["months"] = frozenset(fold(m, detect_lang(m)) for m in raw["months"])
    for key in ("floor_cues", "rise_to", "rise_verbs"):
        raw[key] = {lang: tuple(fold(w, lang) for w in forms) for lang, forms in raw[key].items()}
    raw["rise_to"] = {lang: frozenset(forms) for lang, forms in raw["rise_to"].items()}
    return raw


def ar_bare(word: str) -> str:
    """An Arabic word without its leading conjunction (و ف) and article (ال بال كال لل)."""
    w = word
    if len(w) > 3 and w[0] in "وف":
        w = w[1:]
    if len(w) > 4 and w.startswith(("بال", "كال", "وال", "فال")):
        return w[3:]
    if len(w) > 3 and w.startswith("لل"):
        return w[2:]
    if len(w) > 3 and w.startswith("ال"):
        return w[2:]
    return w


def ar_readings(word: str) -> tuple[str, ...]:
    """The bare word, and when it starts with ب ل ك (a preposition, or a letter of the word: both
    are common) also the word without it."""
    w = ar_bare(word)
    if len(w) > 3 and w[0] in "بلك":
        return (w, w[1:])
    return (w,)


def ar_stem(w: str) -> str:
    """A bare Arabic word (see `ar_readings`) with up to two common suffixes trimmed (an accusative
    alef included: جنوداً and جنود meet)."""
    for _ in range(2):
        for suffix in _AR_SUFFIXES:
            if w.endswith(suffix) and len(w) - len(suffix) >= 3:
                w = w[: -len(suffix)]
                break
        else:
            break
    return w


def en_stem(word: str) -> str:
    w = word.removesuffix("'s")
    for suffix in _EN_SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("ss"):
            w = w[: -len(suffix)]
            break
    return w.removesuffix("e") if len(w) > 3 else w


def words(text: str, lang: str) -> list[str]:
    return _TOKEN.findall(fold(text, lang))


def _parse_number(token: str) -> float | None:
    if not token[0].isdigit():
        return None
    plain = re.sub(r"(?<=\d)[,.](?=\d{3}\b)", "", token)
    try:
        return float(plain)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Bounds:
    """Figures a report gives as bounds rather than exact counts."""

    floors: frozenset[int]   # "at least 34", "more than 50", "أكثر من": the other report may give more
    raised: frozenset[int]   # "the toll rose to 77", "ارتفع عدد الضحايا إلى 77": an earlier report may give fewer


def figures_and_bounds(tokens: list[str], lang: str) -> tuple[frozenset[int], Bounds | None]:
    """Counts and amounts in the sentence: digits and number words, times a following scale word
    (30 ألف, 2 million); years and the day of a written date are not figures. And which of them are
    bounds (`Bounds`, None when none is): a figure after a floor phrase of data/numbers.json ("at least", "more than", "أكثر من") is a floor; one after "to" / "إلى"
    with a verb of rising a few words before it ("rose to", "ارتفع عدد القتلى إلى") is a risen toll."""
    table = _numbers()
    words_ = table[lang]
    scales = table[f"{lang}_scale"]
    months = table["months"]
    # only the conjunction is taken off: with the article a number word is an ordinal or a weekday (الاثنين)
    bare = [t[1:] if lang == "ar" and len(t) > 3 and t[0] in "وف" else t for t in tokens]
    found: set[int] = set()
    floors: set[int] = set()
    raised: set[int] = set()
    taken = -1  # a word read as part of the figure before it
    for i, tok in enumerate(bare):
        if i == taken:
            continue
        value = _parse_number(tok)
        if value is None:
            pair = f"{tok} {bare[i + 1]}" if i + 1 < len(bare) else None
            value = words_.get(pair) if pair else None
            if value is None:
                value = words_.get(tok)
            if value is None and lang == "en" and "-" in tok:  # "twenty-seven", "four-storey", "two-year-old"
                head, _, rest = tok.partition("-")
                value = words_.get(head)
                unit = words_.get(rest.split("-", 1)[0])
                if value is not None and value % 10 == 0 and value >= 20 and unit is not None and unit < 10:
                    value += unit
            if value is None:
                continue
            # units and tens: "twenty seven", "سبعة وعشرون" (the conjunction already taken off)
            nxt = bare[i + 1] if i + 1 < len(bare) else ""
            nxt_value = words_.get(nxt)
            if nxt_value is not None and lang == "en" and value % 10 == 0 and 20 <= value < 100 and nxt_value < 10:
                value, taken = value + nxt_value, i + 1
            elif (nxt_value is not None and lang == "ar" and value < 10 and nxt_value % 10 == 0
                  and 20 <= nxt_value < 100 and tokens[i + 1][0] == "و"):
                value, taken = value + nxt_value, i + 1
        nxt = bare[i + 1] if i + 1 < len(bare) else ""
        if nxt in months or ar_bare(nxt) in months or (1900 <= value <= 2100 and value == int(value)):
            continue
        if nxt in scales or ar_bare(nxt) in scales:
            value *= scales[nxt]
        found.add(int(value))
        before = " ".join(bare[max(0, i - 4):i])
        if before and any(before.endswith(cue) for cue in table["floor_cues"][lang]):
            floors.add(int(value))
        elif i and bare[i - 1] in table["rise_to"][lang] and any(
                w.startswith(table["rise_verbs"][lang]) for w in bare[max(0, i - 8):i - 1]):
            raised.add(int(value))
    bounds = Bounds(frozenset(floors), frozenset(raised)) if floors or raised else None
    return frozenset(found), bounds


def figures_compatible(a: "TextFeatures", b: "TextFeatures") -> bool:
    """Figures that differ but may count the same: one report's floor at most the other's figure ("at
    least 34" / 77), or its risen toll at least the other's figure ("rose to 77" / 34)."""
    for x, y in ((a, b), (b, a)):
        if x.bounds is None:
            continue
        if any(n >= f for f in x.bounds.floors for n in y.numbers):
            return True
        if any(n < r for r in x.bounds.raised for n in y.numbers):
            return True
    return False


@dataclass(frozen=True)
class _Matcher:
    """One language's concept forms, indexed for speed; the same matching as the data file says."""

    exact: dict[str, frozenset[str]]          # whole word -> concepts
    prefix: dict[str, tuple[tuple[str, str], ...]]  # first two letters -> (form, concept)
    article_prefix: tuple[tuple[str, str], ...]     # Arabic forms written with the article
    phrases: tuple[tuple[str, str], ...]            # " form" -> concept
    hyphen: tuple[tuple[str, str], ...]             # short English forms also matched before a hyphen
    plain_phrases: tuple[tuple[str, str], ...] = ()  # Arabic phrases, each word read by `ar_plain`
    memo: dict = field(default_factory=dict, compare=False)  # word -> concepts (news repeats its words)


_MATCHERS: dict[tuple[str, int], tuple[dict, _Matcher]] = {}


def _matcher(lang: str, table: dict | None = None) -> _Matcher:
    """The matcher of data/concepts.json, or of another table in its shape ({"concepts": {id: {lang: forms}}})."""
    key = (lang, id(table))
    hit = _MATCHERS.get(key)
    if hit is None or hit[0] is not table:
        forms = _concepts() if table is None else _folded_forms(table["concepts"])
        hit = _MATCHERS[key] = (table, _build_matcher(forms[lang], lang))
    return hit[1]


def _build_matcher(concept_forms: dict[str, tuple[str, ...]], lang: str) -> _Matcher:
    exact: dict[str, set[str]] = {}
    prefix: dict[str, list[tuple[str, str]]] = {}
    article, phrases, hyphen = [], [], []
    for cid, forms in concept_forms.items():
        for form in forms:
            if " " in form.strip() or form.endswith(" "):
                phrases.append((" " + form, cid))
            elif lang == "en" and len(form) <= 3:
                for w in (form, form + "s"):
                    exact.setdefault(w, set()).add(cid)
                hyphen.append((form + "-", cid))
            elif form.endswith("$"):
                exact.setdefault(form[:-1], set()).add(cid)
            else:
                prefix.setdefault(form[:2], []).append((form, cid))
                if form.startswith("ال"):
                    article.append((form, cid))
    plain = []
    if lang == "ar":
        for form, cid in phrases:
            words_ = form.split()
            if words_:
                plain.append((" " + " ".join(ar_plain(w) for w in words_) + " ", cid))
    return _Matcher({k: frozenset(v) for k, v in exact.items()}, {k: tuple(v) for k, v in prefix.items()},
                    tuple(article), tuple(phrases), tuple(hyphen), tuple(plain))


def _verb_readings(readings: tuple[str, ...]) -> tuple[str, ...]:
    """The readings, and for a verb in the present tense (تقتل، يقصف) also the word without its
    prefix, so that it meets the past-tense forms of the word lists (قتل، قصف), and for a longer one the
    past tense of the derived forms (ينسحب → انسحب، يعتقل → اعتقل، تستهدف → استهدف)."""
    w = readings[-1]
    if len(w) >= 5 and w[0] in "يت":  # also a derived form's past tense: ينتشر → انتشر، يستهدف → استهدف
        return readings + (w[1:], "ا" + w[1:])
    if len(w) >= 4 and w[0] in "يتن":
        return readings + (w[1:],)
    return readings


# a casualty said not to have happened ("دون إصابات", "no one was hurt", "without casualties") is not one
_NEGATORS = {"ar": frozenset({"دون", "بدون", "عدم", "لم"}), "en": frozenset({"no", "without", "none", "nobody"})}
_NEGATED = frozenset({"wound", "kill"})
# nor is a release asked for ("demanding the release of detainees", "مطالبين بالإفراج عن المعتقلين")
_DEMANDS = {"ar": ("طالب", "مطالب", "للمطالب", "تطالب", "يطالب", "بالمطالب"), "en": ("demand", "calling", "call for", "urg")}
_DEMANDED = frozenset({"release"})
_REACH = 3  # words after the negator or the demand


_MEMO_MAX = 200_000  # words kept per matcher (and per reading below); past that the memo starts again


@lru_cache(maxsize=_MEMO_MAX)  # per word: news repeats its words
def _cue(t: str, lang: str) -> frozenset[str]:
    """What a word takes away from the concepts of the next few: casualties after a negator, a release
    after a demand."""
    if t in _NEGATORS[lang] or (lang == "ar" and ar_bare(t) in _NEGATORS[lang]):
        return _NEGATED
    w = ar_bare(t) if lang == "ar" else t
    if w.startswith(_DEMANDS[lang]):
        return _DEMANDED
    return frozenset()


def concepts_of(tokens: list[str], lang: str, table: dict | None = None) -> frozenset[str]:
    m = _matcher(lang, table)
    found: set[str] = set()
    masked: dict[str, int] = {}  # concept -> last word index where it does not count
    memo = m.memo
    for i, t in enumerate(tokens):
        hits = memo.get(t)
        if hits is None:
            if len(memo) >= _MEMO_MAX:
                memo.clear()
            hits = memo[t] = frozenset(_word_concepts(m, t, lang))
        if table is None:
            for cid in _cue(t, lang):
                masked[cid] = i + _REACH
        if hits and masked:
            hits = {c for c in hits if masked.get(c, -1) < i}
        found |= hits
    if m.phrases:
        if lang == "ar":
            read = [_ar_phrase_readings(t) for t in tokens]
            joined = " " + " ".join(r for r, _ in read) + " "
            raw_joined = " " + " ".join(tokens) + " "
            # each word without its clitics and article, against the phrases read the same way:
            # لتنظيم الدولة meets تنظيم الدولة
            plain = " " + " ".join(p for _, p in read) + " "
            found.update(cid for form, cid in m.phrases if form in joined or form in raw_joined)
            found.update(cid for form, cid in m.plain_phrases if form in plain)
        else:
            joined = " " + " ".join(tokens) + " "
            if "-" in joined:  # "anti-narcotics", "pro-government": the parts too
                joined += " ".join(t.replace("-", " ") for t in tokens if "-" in t) + " "
            found.update(cid for form, cid in m.phrases if form in joined)
    if table is None:
        implied = _implied()
        if not implied.keys().isdisjoint(found):
            for cid in [c for c in found if c in implied]:
                found |= implied[cid]
    return frozenset(found)


@lru_cache(maxsize=_MEMO_MAX)
def _ar_phrase_readings(token: str) -> tuple[str, str]:
    """An Arabic word as phrases are matched: its readings (a verb's past tense too) joined by spaces,
    and its plain reading; kept per process (news repeats its words; every table reads them)."""
    readings = ar_readings(token)
    return " ".join(_verb_readings(readings)), readings[-1]


def ar_plain(word: str) -> str:
    """An Arabic word without conjunction, article and leading preposition: the last of its readings."""
    return ar_readings(word)[-1]


# a three-letter form is the start of a word at most this much longer (its suffixes): باص is not باصواتهم
_SHORT_FORM_REACH = 4


def _word_concepts(m: _Matcher, token: str, lang: str) -> set[str]:
    """The concepts one word names. Arabic: its readings in turn (the bare word, then without a leading
    preposition, then without a present-tense prefix, then with a leading و or ف kept as a letter of the
    word: وزير، وفاة، وقود، فصائل), the first that names any; كهرباء is not ك + هرب."""
    found: set[str] = set()
    verbal = range(0)  # the readings that take a present-tense prefix off: they name acts only
    if lang == "ar":
        plain = ar_readings(token)
        readings = _verb_readings(plain)
        verbal = range(len(plain), len(readings))
        if len(token) > 3 and token[0] in "وف":
            readings += (token,)
    else:
        # a hyphenated word's parts are read too: "anti-narcotics", "pro-government"
        readings = (token,) + tuple(p for p in token.split("-")[1:] if len(p) > 2) if "-" in token else (token,)
    kinds = concept_kinds()
    for i, w in enumerate(readings):
        hit = m.exact.get(w)
        if hit:
            found |= hit
        for form, cid in m.prefix.get(w[:2], ()):
            if w.startswith(form) and (lang != "ar" or len(form) > 3 or len(w) - len(form) <= _SHORT_FORM_REACH):
                found.add(cid)
        if i in verbal and found:
            # a verb's present tense names what happened: تقارب is not a boat (قارب) (other tables: as read)
            found = {c for c in found if kinds.get(c, "act") == "act"}
        if lang == "en" and "-" in w:
            found.update(cid for form, cid in m.hyphen if w.startswith(form))
        if found:
            break
    if lang == "ar" and m.article_prefix:
        # forms written with the article, also behind a conjunction or preposition (والنظام، بالجيش)
        with_article = _with_article(token)
        if with_article:
            found.update(cid for form, cid in m.article_prefix if with_article.startswith(form))
    return found


def _with_article(token: str) -> str | None:
    """The word from its article on, when it has one behind at most two clitics (والنظام، بالجيش، وللنظام
    → النظام); None without one: فيها is not ف + اليها, nor وتقتل و + التقتل."""
    i = token.find("ال", 0, 4)
    if i == 0 or (0 < i <= 2 and token[0] in _CLITIC and (i == 1 or token[1] in _CLITIC)):
        return token[i:] if len(token) - i > 3 else None
    if token.startswith("لل"):
        return "ال" + token[2:] if len(token) > 3 else None
    if token[1:3] == "لل" and token[0] in "وف":
        return "ال" + token[3:] if len(token) > 4 else None
    return None


_CLITIC = frozenset("وفبكل")


_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+|\s*\|\s*|\n+")


def sentences(text: str) -> list[str]:
    """The sentences of a text (a lead: its title and opening paragraphs), empty ones left out."""
    return [s for s in (x.strip(" .") for x in _SENTENCE_END.split(text)) if s]


# Consonant skeletons shared by an Arabic name and its usual Latin spellings: vowels, و ي ا ع ء dropped,
# letters that transliterate alike merged (ق ك → k, ث ت ط → t, ذ د ض → d, س ص → s, ظ ز → z, ح ه → h).
_AR_SKELETON = str.maketrans({
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "x", "د": "d", "ذ": "d", "ر": "r", "ز": "z",
    "س": "s", "ش": "c", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "g", "ف": "f", "ق": "k", "ك": "k",
    "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "", "ع": "", "ء": "", "ا": "", "و": "", "ي": "", "ى": "",
})
_LATIN_DIGRAPHS = (("sh", "c"), ("ch", "c"), ("kh", "x"), ("gh", "g"), ("th", "t"), ("dh", "d"), ("ph", "f"))
_CAPITALISED = re.compile(r"\b(?:[Aa][lnrsdtz]-)?([A-Z][a-z]+(?:-[a-z]+)?)")
NAME_MIN = 3


def _collapse(s: str) -> str:
    return re.sub(r"(.)\1+", r"\1", s)


def skeleton_ar(word: str) -> str:
    return _collapse(ar_bare(word).translate(_AR_SKELETON))


def skeleton_latin(word: str) -> str:
    w = word.lower()
    w = re.sub(r"^(?:a[lnrsdtz]|el)-", "", w)
    for digraph, letter in _LATIN_DIGRAPHS:
        w = w.replace(digraph, letter)
    w = w.replace("q", "k").replace("c", "c")
    w = re.sub(r"[aeiouyw'\-]", "", w)
    w = re.sub(r"h$", "", w)
    return _collapse(w)


def names_of(text: str, tokens: list[str], lang: str, stop: frozenset[str]) -> frozenset[str]:
    if lang == "ar":
        sk = (skeleton_ar(t) for t in tokens if not t[0].isdigit() and t not in stop and ar_bare(t) not in stop)
        return frozenset(s for s in (k.removesuffix("h") for k in sk) if len(s) >= NAME_MIN)
    out = set()
    for m in _CAPITALISED.finditer(text):
        word = m.group(1)
        if word.lower() in stop:
            continue
        sk = skeleton_latin(word)
        if len(sk) >= NAME_MIN:
            out.add(sk)
    return frozenset(out)


def trigrams(tokens: list[str]) -> frozenset[str]:
    grams = set()
    for t in tokens:
        padded = f"  {t} "
        grams.update(padded[i:i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def _content(f: TextFeatures) -> list[str]:
    stop = stopwords(f.lang)
    tokens = words(f._text, f.lang)
    if f.lang == "ar":
        return [t for t in tokens if not t[0].isdigit() and ar_bare(t) not in stop and t not in stop]
    return [t for t in tokens if not t[0].isdigit() and t not in stop]


def _stems(f: TextFeatures) -> frozenset[str]:
    if f.lang == "ar":
        return frozenset(ar_stem(r) for t in _content(f) for r in ar_readings(t) if len(r) > 1)
    return frozenset(en_stem(t) for t in _content(f) if len(t) > 1)


def _parts(f: TextFeatures) -> tuple[frozenset[str], ...]:
    """The concepts of each sentence of a text of several (a lead), or () for one sentence."""
    parts = sentences(f._text)
    if len(parts) < 2:
        return ()
    return tuple(c for c in (concepts_of(words(p, f.lang), f.lang) for p in parts) if c)


_LAZY = {
    "stems": _stems,
    "parts": _parts,
    "trigrams": lambda f: trigrams([ar_bare(t) if f.lang == "ar" else t for t in _content(f)]),
    "names": lambda f: names_of(f._text, words(f._text, f.lang), f.lang, stopwords(f.lang)),
    "diff": lambda f: _differences(f._text, words(f._text, f.lang), f.lang),
}


def _differences(text: str, tokens: list[str], lang: str):
    from chrono.merge.differences import differences

    return differences(text, tokens, lang)


def features(text: str, lang: str | None = None) -> TextFeatures:
    lang = lang if lang in ("ar", "en") else detect_lang(text)
    tokens = words(text, lang)
    numbers, bounds = figures_and_bounds(tokens, lang)
    return TextFeatures(lang, concepts_of(tokens, lang), numbers, text, bounds)
