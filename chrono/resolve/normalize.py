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
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

_DROP = {chr(c) for c in range(0x064B, 0x0660)} | {"\u0670", "\u0640"}
_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي",
    "ک": "ك", "ی": "ي", "،": ",", "؛": ";", "؟": "?", "٫": ".", "٬": ",",
}
for _i in range(10):
    _FOLD[chr(0x0660 + _i)] = str(_i)
    _FOLD[chr(0x06F0 + _i)] = str(_i)

_CLITICS = "وفبلك"
_WORD = re.compile(r"[\u0621-\u064A\u0671-\u06D3\w]+")


@dataclass(frozen=True, slots=True)
class Normalized:
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, s: int, e: int) -> tuple[int, int]:
        """Original `[start, end)` for the normalised slice `[s, e)` (s < e)."""
        return self.starts[s], self.ends[e - 1]


def fold_ar(text: str) -> str:
    """Letter/digit folding only (no offsets, no clitic splitting); for word lists."""
    return "".join(_FOLD.get(ch, ch) for ch in text if ch not in _DROP)


def _split_point(word: str, vocabulary: frozenset[str]) -> int:
    """How many leading clitic letters to split off `word` (0, 1 or 2)."""
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


def normalize_ar(text: str, vocabulary: Iterable[str] | None = None) -> Normalized:
    """Normalise Arabic `text`; see the module docstring. Never raises on a str."""
    vocab = frozenset(vocabulary) if vocabulary is not None else default_vocabulary()
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        if ch in _DROP:
            if ends:
                ends[-1] = i + 1
            continue
        out.append(_FOLD.get(ch, ch))
        starts.append(i)
        ends.append(i + 1)
    folded = "".join(out)
    # second pass: clitic splitting, inserting a space that maps onto the next character
    pieces: list[str] = []
    n_starts: list[int] = []
    n_ends: list[int] = []
    pos = 0
    for m in _WORD.finditer(folded):
        k = _split_point(m.group(), vocab)
        if not k:
            continue
        cut = m.start() + k
        pieces.append(folded[pos:cut])
        n_starts.extend(starts[pos:cut])
        n_ends.extend(ends[pos:cut])
        pieces.append(" ")
        n_starts.append(starts[cut])
        n_ends.append(starts[cut])
        pos = cut
    pieces.append(folded[pos:])
    n_starts.extend(starts[pos:])
    n_ends.extend(ends[pos:])
    return Normalized("".join(pieces), tuple(n_starts), tuple(n_ends))


_DEFAULT: frozenset[str] | None = None


def default_vocabulary() -> frozenset[str]:
    """Words of the Arabic date lexicon (folded), used to decide clitic splits."""
    global _DEFAULT
    if _DEFAULT is None:
        from chrono.resolve.lexicon import ar_vocabulary

        _DEFAULT = frozenset(ar_vocabulary())
    return _DEFAULT
