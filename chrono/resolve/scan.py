"""Running only the patterns a text can trigger.

A language lists its patterns as `Reader`s, in the order their candidates are produced
(overlaps are settled later by length, then priority, then this order). Every reader has
trigger words (a mention it reads always contains one) and/or a trigger flag (a cheap
property of the whole text, such as "has a four-digit number"), and may have a second
condition: one more word, or a flag ('قبل' alone does not make an 'ago' worth looking for,
'قبل' with a unit word does). For a text, `Scanner.candidates` collects the readers whose
triggers occur, with one intersection of the text's words with an index of bit masks, and runs
only those patterns: most sentences trigger two to four of the twenty-odd patterns of a
language, and a sentence without a date word triggers none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from chrono.resolve.engine_types import Cand
from chrono.resolve.prefix import finditer, search


@dataclass(frozen=True, slots=True)
class Reader:
    pattern: re.Pattern
    read: Callable[..., None]  # read(text, matches, out[, original]) appends its Cands to out
    words: frozenset[str] = frozenset()
    flag: str | None = None
    also: tuple[frozenset[str], str | None] | None = None  # second condition: a word, or a flag
    original: bool = False  # the reader also gets the original text (English reads a lower-cased copy)
    # common trigger words (من, بعد…) or flags that alone trigger the reader only where `confirm`
    # finds something that every match of the pattern holds (a weekday, a month…)
    weak: tuple[frozenset[str], re.Pattern] | None = None


class Scanner:
    """The readers of one language, indexed by their trigger words and flags."""

    def __init__(self, readers: Sequence[Reader], word_re: re.Pattern):
        self.readers = tuple(readers)
        self._word_re = word_re
        n = self._n = len(self.readers)
        # trigger word → bit mask of its readers: bit i for reader i, bit n + i where the word is
        # a weak trigger of reader i
        self._words: dict[str, int] = {}
        self._flags: dict[str, int] = {}  # trigger flag → bit mask of its readers
        self._confirm: dict[int, re.Pattern] = {}
        for i, r in enumerate(self.readers):
            weak = r.weak[0] if r.weak else frozenset()
            for w in r.words:
                self._words[w] = self._words.get(w, 0) | 1 << (n + i if w in weak else i)
            if r.flag:
                self._flags[r.flag] = self._flags.get(r.flag, 0) | 1 << (n + i if r.flag in weak else i)
            if r.weak:
                self._confirm[1 << i] = r.weak[1]
        self._all_words = frozenset(self._words)
        self._also = tuple((1 << i, *r.also) for i, r in enumerate(self.readers) if r.also is not None)
        self._also_mask = sum(bit for bit, _, _ in self._also)

    def plan(self, text: str, flags: Iterable[str]) -> int:
        """Bit mask of the readers worth running on `text` (bit i: reader i)."""
        words = self._word_re.findall(text)
        index = self._words
        todo = 0
        for w in self._all_words.intersection(words):
            todo |= index[w]
        for f in flags:
            todo |= self._flags.get(f, 0)
        weak = todo >> self._n
        if weak:
            todo &= (1 << self._n) - 1
            weak &= ~todo
            while weak:
                bit = weak & -weak
                if search(self._confirm[bit], text):
                    todo |= bit
                weak ^= bit
        if todo & self._also_mask:
            for bit, need_words, need_flag in self._also:
                if todo & bit and need_words.isdisjoint(words) and not (need_flag and need_flag in flags):
                    todo &= ~bit
        return todo

    def trigger_words(self) -> frozenset[str]:
        return self._all_words

    def trigger_flags(self) -> frozenset[str]:
        return frozenset(self._flags)

    def candidates(self, text: str, flags: Iterable[str], original: str | None = None) -> list[Cand]:
        """Run the triggered readers over `text`, in their order."""
        todo = self.plan(text, flags)
        out: list[Cand] = []
        readers = self.readers
        while todo:
            bit = todo & -todo
            r = readers[bit.bit_length() - 1]
            if r.original:
                r.read(text, finditer(r.pattern, text), out, original)
            else:
                r.read(text, finditer(r.pattern, text), out)
            todo ^= bit
        return out


def word_set(*tables) -> frozenset[str]:
    """Every word of the keys (or items) of the given word lists."""
    out: set[str] = set()
    for t in tables:
        for w in (t.keys() if isinstance(t, dict) else t):
            out.update(w.split())
    return frozenset(out)
