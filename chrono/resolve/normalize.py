"""Arabic text normalisation that remembers where every character came from.

`normalize_ar(text)` returns a `Normalized`: the normalised string plus, for each of
its characters, the `[start, end)` slice of the original text it stands for. A span
`[s, e)` in the normalised string maps back with `norm.span(s, e)`; the result always
slices the original text (diacritics and tatweel that were dropped inside or right after
a kept character stay inside its slice).

What it does, in order:
- drops harakat, tanween, shadda, sukun, superscript alef (U+064B–U+065F, U+0670) and tatweel;
- folds letter variants: أ إ آ ٱ → ا, ة → ه, ى → ي, ؤ → و, ئ → ي, Persian ک ی → ك ي;
- turns Eastern Arabic (٠–٩) and Persian (۰–۹) digits into ASCII, ٫ into '.', ٬ into ',';
- turns Arabic punctuation into ASCII (، → ',', ؛ → ';', ؟ → '?');
- splits one or two attached clitics (و ف ب ل ك) off a word by inserting a space, when the
  rest of the word starts with the article ال, is a number, or is a word in `vocabulary`
  (the date lexicon by default; other callers, e.g. the place matcher, pass their own).
  A word that is itself in the vocabulary is never split (بعد stays بعد).

It runs in two halves, `fold_keeping_offsets` (the first four steps) and `split_clitics`, so
that the resolver can look at the folded text, and stop there when it holds no date word,
before paying for the clitics. The split point of a word is remembered per vocabulary.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Iterable, NamedTuple

_DROP = {chr(c) for c in range(0x064B, 0x0660)} | {"\u0670", "\u0640"}
_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي",
    "ک": "ك", "ی": "ي", "،": ",", "؛": ";", "؟": "?", "٫": ".", "٬": ",",
}
for _i in range(10):
    _FOLD[chr(0x0660 + _i)] = str(_i)
    _FOLD[chr(0x06F0 + _i)] = str(_i)

CLITICS = _CLITICS = "وفبلك"  # the letters that may be glued to the front of a word


@dataclass(frozen=True, slots=True)
class Normalized:
    """The normalised text and what it takes to map its offsets back to the original.

    `dropped` holds, for every dropped character, the number of kept characters before it;
    `inserted` holds the normalised offsets of the inserted spaces. Both are sorted.
    """

    text: str
    original_length: int
    dropped: tuple[int, ...]
    inserted: tuple[int, ...]

    def _kept_index(self, n: int) -> int:
        """Index among kept characters of normalised offset n (an inserted space maps to the next one)."""
        return n - bisect_left(self.inserted, n)

    def _orig_start(self, f: int) -> int:
        return f + bisect_right(self.dropped, f)

    def span(self, s: int, e: int) -> tuple[int, int]:
        """Original `[start, end)` for the normalised slice `[s, e)` (s < e)."""
        # (`_kept_index` and `_orig_start` written out: the resolver maps every mention)
        inserted, dropped = self.inserted, self.dropped
        first = s - bisect_left(inserted, s)
        start = first + bisect_right(dropped, first)
        i = bisect_left(inserted, e - 1)
        last = e - 1 - i
        before_last = bisect_right(dropped, last)
        if i < len(inserted) and inserted[i] == e - 1:
            return start, max(start, last + before_last)
        # the last kept character, plus the marks dropped right after it
        return start, last + before_last + 1 + (bisect_right(dropped, last + 1) - before_last)

    @property
    def starts(self) -> tuple[int, ...]:
        return tuple(self.span(i, i + 1)[0] for i in range(len(self.text)))


_FOLD_ITEMS = tuple(_FOLD.items())
# without the Eastern Arabic and Persian digits, which most texts do not hold
_FOLD_LETTERS = tuple((ch, rep) for ch, rep in _FOLD_ITEMS if not ch.isdigit())


def _fold(text: str, items: tuple[tuple[str, str], ...] = _FOLD_ITEMS) -> str:
    # a few str.replace calls over the characters present beat translate() with a dict table
    # (no replacement is itself replaced, so the order does not matter)
    for ch, rep in items:
        if ch in text:
            text = text.replace(ch, rep)
    return text


_DROP_RE = re.compile("[" + "".join(sorted(_DROP)) + "]")
# a mark to drop or a digit to fold: one search says whether a text needs the slow path
_EASTERN_DIGITS = "".join(sorted(ch for ch, _ in _FOLD_ITEMS if ch.isdigit()))
_MARK_OR_DIGIT = re.compile("[" + "".join(sorted(_DROP)) + _EASTERN_DIGITS + "]")
_EASTERN_DIGIT = re.compile("[" + _EASTERN_DIGITS + "]")


def fold_ar(text: str) -> str:
    """Letter/digit folding only (no offsets, no clitic splitting); for word lists."""
    return _fold(_DROP_RE.sub("", text))


# every mark dropped and every character folded, for str.translate: one pass over a short text
# (no character is both, and none maps to another that maps further, so this is `fold_ar`)
_TRANSLATE = {**{ord(ch): None for ch in _DROP}, **{ord(ch): rep for ch, rep in _FOLD.items()}}
assert not (set(_FOLD) & _DROP) and not (set(_FOLD.values()) & (set(_FOLD) | _DROP))


def fold_word(text: str) -> str:
    """`fold_ar(text)`, quicker for a word or a token (for a long text, `fold_ar` is quicker)."""
    return text.translate(_TRANSLATE)


_PREFIXED: dict[int, tuple[frozenset[str], dict[str, int], dict[str, int]]] = {}
_MEMO_LIMIT = 200_000


def _tables(vocabulary: frozenset[str]) -> tuple[dict[str, int], dict[str, int]]:
    """For a vocabulary: the table clitic + vocabulary word → clitic length (every one or two
    clitics), and a memo word → split point of the words seen so far, which starts as a copy
    of it. Both are computed once per vocabulary object (keyed by identity, since comparing big
    sets costs more than the work); news text repeats its words, so most look-ups hit the memo."""
    entry = _PREFIXED.get(id(vocabulary))
    if entry is not None and entry[0] is vocabulary:
        return entry[1], entry[2]
    table: dict[str, int] = {}
    for w in vocabulary:
        if len(w) < 2:
            continue
        for c in _CLITICS:
            table.setdefault(c + w, 1)
            for c2 in _CLITICS:
                if c2 + c != "لل":
                    table.setdefault(c2 + c + w, 2)
    for w in vocabulary:
        table.pop(w, None)
    if len(_PREFIXED) > 8:
        _PREFIXED.clear()
    memo = dict(table)
    _PREFIXED[id(vocabulary)] = (vocabulary, table, memo)
    return table, memo


def _prefixed(vocabulary: frozenset[str]) -> dict[str, int]:
    return _tables(vocabulary)[0]


def _split_point(word: str, vocabulary: frozenset[str], table: dict[str, int] | None = None) -> int:
    """How many leading clitic letters to split off `word` (0, 1 or 2)."""
    k = (table if table is not None else _prefixed(vocabulary)).get(word)
    if k:
        return k
    if word in vocabulary or len(word) < 2:
        return 0
    for k in (1, 2):
        if len(word) <= k or any(c not in _CLITICS for c in word[:k]):
            return 0
        rest = word[k:]
        if rest[0].isdigit():
            return k
        if rest.startswith("ال") and len(rest) >= 4 and word[:k] != "ل" * k:
            return k
        if rest in vocabulary:
            return k
    return 0


# a word starting with a clitic letter; the look-behind after that letter (no word character
# before it) lets the regex engine skip to clitic letters instead of trying every position
_CLITIC_WORD = re.compile(r"[وفبلك](?<!\w[وفبلك])[\u0621-\u064A\u0671-\u06D3\w]+")


def normalize_ar(text: str, vocabulary: Iterable[str] | None = None) -> Normalized:
    """Normalise Arabic `text`; see the module docstring. Never raises on a str."""
    return split_clitics(fold_keeping_offsets(text), vocabulary)


class Folded(NamedTuple):
    """The first half of `normalize_ar`: marks dropped and letters folded, clitics still attached."""

    text: str
    original_length: int
    dropped: tuple[int, ...]  # for every dropped character, the number of kept characters before it


def fold_keeping_offsets(text: str) -> Folded:
    """Drop the marks and fold the letters, digits and punctuation of `text`."""
    if not _MARK_OR_DIGIT.search(text):
        return Folded(_fold(text, _FOLD_LETTERS), len(text), ())
    items = _FOLD_ITEMS if _EASTERN_DIGIT.search(text) else _FOLD_LETTERS
    if not _DROP_RE.search(text):
        return Folded(_fold(text, items), len(text), ())
    dropped: list[int] = []
    kept = 0
    pos = 0
    for m in _DROP_RE.finditer(text):
        kept += m.start() - pos
        dropped.append(kept)
        pos = m.end()
    return Folded(_fold(_DROP_RE.sub("", text), items), len(text), tuple(dropped))


def split_clitics(folded: Folded, vocabulary: Iterable[str] | None = None,
                  splits: list[tuple[str, int]] | None = None) -> Normalized:
    """The second half of `normalize_ar`: attached clitics split off with a space. Each word split
    is added to `splits`, if given, with the number of clitic letters split off it."""
    vocab = _vocab(vocabulary)
    text = folded.text
    pieces: list[str] = []
    inserted: list[int] = []
    pos = 0
    table, memo = _tables(vocab)
    for m in _CLITIC_WORD.finditer(text):
        word = m.group()
        k = memo.get(word)
        if k is None:
            k = _remember_split(word, vocab, table, memo)
        if not k:
            continue
        if splits is not None:
            splits.append((word, k))
        cut = m.start() + k
        pieces.append(text[pos:cut])
        inserted.append(cut + len(inserted))
        pieces.append(" ")
        pos = cut
    if not inserted:
        return Normalized(text, folded.original_length, folded.dropped, ())
    pieces.append(text[pos:])
    return Normalized("".join(pieces), folded.original_length, folded.dropped, tuple(inserted))


def clitic_splits(text: str, vocabulary: Iterable[str] | None = None) -> list[tuple[str, int]]:
    """The words `split_clitics` splits in the folded `text`, in order, each with the number of
    clitic letters split off it (what its `splits` gets), without building the normalised text."""
    vocab = _vocab(vocabulary)
    table, memo = _tables(vocab)
    out = []
    for m in _CLITIC_WORD.finditer(text):
        word = m.group()
        k = memo.get(word)
        if k is None:
            k = _remember_split(word, vocab, table, memo)
        if k:
            out.append((word, k))
    return out


def _vocab(vocabulary: Iterable[str] | None) -> frozenset[str]:
    if vocabulary is None:
        return default_vocabulary()
    return vocabulary if isinstance(vocabulary, frozenset) else frozenset(vocabulary)


def _remember_split(word: str, vocab: frozenset[str], table: dict[str, int], memo: dict[str, int]) -> int:
    k = _split_point(word, vocab, table)
    if len(memo) > _MEMO_LIMIT:
        memo.clear()
        memo.update(table)
    memo[word] = k
    return k


_DEFAULT: frozenset[str] | None = None


def default_vocabulary() -> frozenset[str]:
    """Words of the Arabic date lexicon (folded), used to decide clitic splits."""
    global _DEFAULT
    if _DEFAULT is None:
        from chrono.resolve.lexicon import ar_vocabulary

        _DEFAULT = frozenset(ar_vocabulary())
    return _DEFAULT
