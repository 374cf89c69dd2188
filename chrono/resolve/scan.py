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

A common word is no trigger where a rarer one does: of a multi-word name only its other words
count (`key_words`: 'تشرين', not the 'الأول' of 'تشرين الأول'), and a common word that a pattern
needs next to a rarer one takes that one as its second condition. What stays common is a weak
trigger ('كل', or "a date in figures", which decimal numbers also look like): it starts its
reader only where a search finds what every match of the pattern holds at the start of a word
(a weekday, a month, a unit of time…). `may_run` answers "would any reader run?" with one such
search for all.

The words of a text are found by splitting it at white space (`split_words`), and its flags are
read off the few tokens that hold a figure or a punctuation mark.

Before that, a short text's plan is usually told by its tokens as written (`TokenPlan`): what a
token brings to the plan is remembered, so most texts cost a look-up per token, and those that
trigger nothing (most news sentences) are not folded, normalised or lower-cased at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import filterfalse
from typing import Callable, Collection, Iterable, Sequence

from chrono.resolve.engine_types import Cand
from chrono.resolve.prefix import compile_guarded, scanner, search


@dataclass(frozen=True, slots=True)
class Reader:
    pattern: re.Pattern
    read: Callable[..., None]  # read(text, matches, out[, original]) appends its Cands to out
    words: frozenset[str] = frozenset()
    flag: str | None = None
    also: tuple[frozenset[str], str | None] | None = None  # second condition: a word, or a flag
    original: bool = False  # the reader also gets the original text (English reads a lower-cased copy)
    # common trigger words (من, بعد…) or flags that alone start the reader only where a word starts
    # with one of the things every match of the pattern holds (a weekday, a month…): the
    # alternation of those things, as regex source
    weak: tuple[frozenset[str], str] | None = None


WORD_START = r"(?<![\w])"


class Scanner:
    """The readers of one language, indexed by their trigger words and flags.

    `word_forms` and `confirm_lead` let one build a looser scanner for a text in another form
    (Arabic before its clitics are split off): every word is also indexed in the forms it may
    take there, and the confirming patterns may start after what precedes a word there. Such a
    scanner's plan holds every reader the exact one would run (and maybe more).

    With `confirm_weak` false, weak triggers count as any other: where a reader's own pattern
    costs no more than its confirmation, it is as well to run it."""

    def __init__(self, readers: Sequence[Reader], word_re: re.Pattern,
                 word_forms: Callable[[str], Iterable[str]] = lambda w: (w,), confirm_lead: str = WORD_START,
                 confirm_weak: bool = True):
        self.readers = tuple(readers)
        # per reader: its matches (`prefix.finditer`, the search chosen once), its reader, and
        # whether it wants the original text
        self._runs = tuple((scanner(r.pattern), r.read, r.original) for r in self.readers)
        self._word_re = word_re
        n = self._n = len(self.readers)
        # trigger word → bit mask of its readers: bit i for reader i, bit n + i where the word is
        # a weak trigger of reader i
        self._words: dict[str, int] = {}
        self._flags: dict[str, int] = {}  # trigger flag → bit mask of its readers
        self._confirm_source: dict[int, str] = {}
        self._confirm: dict[int, re.Pattern] = {}  # compiled the first time a weak trigger asks
        self._strong: set[str] = set()
        for i, r in enumerate(self.readers):
            weak = r.weak[0] if r.weak and confirm_weak else frozenset()
            for w in r.words:
                bit = 1 << (n + i if w in weak else i)
                forms = word_forms(w)
                for form in forms:
                    self._words[form] = self._words.get(form, 0) | bit
                if w not in weak and r.also is None:
                    self._strong.update(forms)  # alone enough to run its reader
            if r.flag:
                self._flags[r.flag] = self._flags.get(r.flag, 0) | 1 << (n + i if r.flag in weak else i)
            if weak:
                self._confirm_source[1 << i] = f"{confirm_lead}(?:{r.weak[1]})"
        self._all_words = frozenset(self._words)
        # `split_words` may add whole tokens that hold other characters: harmless, since a word
        # compared with these is made of word characters only
        assert all(word_re.fullmatch(w) for w in self._all_words), "trigger words are words"
        self._strong_words = frozenset(self._strong)
        # all that any weak trigger needs confirmed, as one pattern (for `may_run`)
        sources = sorted({r.weak[1] for r in self.readers if r.weak and confirm_weak})
        self._any_confirm_source = f"{confirm_lead}(?:{'|'.join(sources)})" if sources else "(?!)"
        self._any_confirm: re.Pattern | None = None
        self._also = tuple((1 << i, frozenset(f for w in r.also[0] for f in word_forms(w)), r.also[1])
                           for i, r in enumerate(self.readers) if r.also is not None)
        self._also_mask = sum(bit for bit, _, _ in self._also)
        self._also_of = {bit: (need_words, need_flag) for bit, need_words, need_flag in self._also}
        assert all(word_re.fullmatch(w) for _, need, _ in self._also for w in need), "second words are words"

    def plan(self, text: str, flags: Iterable[str], words: Collection[str] | None = None) -> int:
        """Bit mask of the readers worth running on `text` (bit i: reader i), whose words
        (`self.words(text)`) may be given."""
        if words is None:
            words = self.words(text)
        todo, weak = self._triggered(words, flags)
        weak &= ~todo
        while weak:
            bit = weak & -weak
            if search(self._confirm.get(bit) or self._compile_confirm(bit), text):
                todo |= bit
            weak ^= bit
        return self._drop_unmet(todo, words, flags)

    def _triggered(self, words: Collection[str], flags: Iterable[str]) -> tuple[int, int]:
        """Readers triggered by the words and flags (strongly, weakly)."""
        index = self._words
        todo = 0
        for w in self._all_words.intersection(words):
            todo |= index[w]
        for f in flags:
            todo |= self._flags.get(f, 0)
        return todo & (1 << self._n) - 1, todo >> self._n

    def _drop_unmet(self, todo: int, words: Collection[str], flags: Iterable[str]) -> int:
        """Without the readers whose second condition fails."""
        also = todo & self._also_mask
        while also:
            bit = also & -also
            need_words, need_flag = self._also_of[bit]
            if need_words.isdisjoint(words) and not (need_flag and need_flag in flags):
                todo ^= bit
            also ^= bit
        return todo

    def _compile_confirm(self, bit: int) -> re.Pattern:
        source = self._confirm_source[bit]
        for other, pattern in self._confirm.items():  # readers that need the same confirmed share it
            if self._confirm_source[other] == source:
                break
        else:
            pattern = compile_guarded(source, depth=6)  # long word lists: a deeper guard pays
        self._confirm[bit] = pattern
        return pattern

    def has_strong_word(self, text: str) -> bool:
        """Does a strong trigger (enough alone to run its reader) stand between spaces in `text`?
        The quick answer for most dated texts."""
        return not self._strong_words.isdisjoint(text.split())

    def words(self, text: str) -> list[str]:
        """The words of `text` as far as trigger words go (see `split_words`)."""
        return split_words(text, self._word_re)[0]

    def has_strong(self, words: Collection[str]) -> bool:
        """Is one of `words` a strong trigger (enough alone to run its reader)?"""
        return not self._strong_words.isdisjoint(words)

    def may_run(self, text: str, flags: Iterable[str], words: Collection[str] | None = None) -> bool:
        """Would `plan` run any reader on `text` (whose words may be given)? Sometimes yes where
        it would not: one search stands for the confirmations of all weak triggers."""
        if words is None:
            words = self.words(text)
        todo, weak = self._triggered(words, flags)
        if self._drop_unmet(todo, words, flags):
            return True
        return bool(weak) and self.confirms_any(text)

    def confirms_any(self, text: str) -> bool:
        """Is anything that some weak trigger needs confirmed in `text`?"""
        if self._any_confirm is None:
            self._any_confirm = compile_guarded(self._any_confirm_source, depth=6)
        return search(self._any_confirm, text) is not None

    def trigger_words(self) -> frozenset[str]:
        return self._all_words

    def trigger_flags(self) -> frozenset[str]:
        return frozenset(self._flags)

    def candidates(self, text: str, flags: Iterable[str], original: str | None = None,
                   words: Collection[str] | None = None) -> list[Cand]:
        """Run the triggered readers over `text` (whose words may be given), in their order."""
        return self.run(text, self.plan(text, flags, words), original)

    def run(self, text: str, todo: int, original: str | None = None) -> list[Cand]:
        """Run the readers of the plan `todo` over `text`, in their order."""
        out: list[Cand] = []
        runs = self._runs
        while todo:
            bit = todo & -todo
            scan, read, with_original = runs[bit.bit_length() - 1]
            if with_original:
                read(text, scan(text), out, original)
            else:
                read(text, scan(text), out)
            todo ^= bit
        return out


def split_words(text: str, word_re: re.Pattern) -> tuple[list[str], str]:
    """(words, odd) for `text`: `words` holds every match of `word_re` (a run of word characters:
    `\\w+`, or `[^\\W_]+`), in no particular order, and may also hold whole white-space-separated
    tokens that contain other characters (never equal to a trigger word); `odd` is the tokens that
    are not all letters, joined by spaces: every digit and punctuation mark of the text is in it,
    so `number_flags(odd)` is `number_flags(text)` (or, for 'dash', may say yes where a word
    stands between the figures: a reader more, never one less).

    Splitting at white space costs a third of running the regex over the whole text: most tokens
    are plain words, and most others a word with punctuation around it ('إدلب.', '(Monday),')."""
    tokens = text.split()
    odd = list(filterfalse(_isalpha, tokens))
    if not odd:
        return tokens, ""
    more = []
    for t in odd:
        core = t.strip(_EDGE_PUNCT)
        if core.isalpha():
            more.append(core)  # letters between punctuation marks: one word
        else:
            more += word_re.findall(t)
    return tokens + more, " ".join(odd)


_isalpha = str.isalpha
# punctuation stripped off the ends of a token (no word character: a letter, digit or '_')
_EDGE_PUNCT = ".,;:!?()[]{}\"'«»“”‘’…-–—/،؛؟"
assert not any(c.isalnum() or c == "_" for c in _EDGE_PUNCT)


_DIGIT = re.compile(r"\d")
_DIGITS4 = re.compile(r"\d\d\d\d")  # (not \d{4}: a pattern that starts with a class is searched faster)
_HIJRI_YEAR = re.compile(r"1[34]\d\d")
_NUMDATE = re.compile(r"\d[/.-]\d")
_DASHED = re.compile(r"\d\s*[-–/]\s*\d")


def number_flags(text: str) -> set[str]:
    """The flags the figures of a text raise: 'digit'; 'year', four digits in a row; 'hijri_year',
    13xx or 14xx; 'numdate', a digit, / . or -, and a digit in a row (as every numeric date
    holds; the full stop after a figure that ends a sentence does not count); 'dash', a digit,
    - – or /, and a digit, with white space around the mark or not (as a pair of years holds)."""
    flags = set()
    if _DIGIT.search(text):
        flags.add("digit")
        if _DIGITS4.search(text):
            flags.add("year")
            if _HIJRI_YEAR.search(text):
                flags.add("hijri_year")
        if ("/" in text or "." in text or "-" in text) and _NUMDATE.search(text):
            flags.add("numdate")
        if ("-" in text or "–" in text or "/" in text) and _DASHED.search(text):
            flags.add("dash")
    return flags


def key_words(*tables, common: frozenset[str] = frozenset()) -> frozenset[str]:
    """The words of the keys of the given word lists, without the `common` ones; every key keeps
    one at least, so a mention that holds a whole key holds one of these words."""
    out: set[str] = set()
    for t in tables:
        for key in (t.keys() if isinstance(t, dict) else t):
            kept = [w for w in key.split() if w not in common]
            if not kept:
                raise ValueError(f"{key!r} is made of common words only")
            out.update(kept)
    return frozenset(out)


def word_set(*tables) -> frozenset[str]:
    """Every word of the keys (or items) of the given word lists."""
    out: set[str] = set()
    for t in tables:
        for w in (t.keys() if isinstance(t, dict) else t):
            out.update(w.split())
    return frozenset(out)


class TokenPlan:
    """A scanner's plan for a text, found from its white-space-separated tokens as written,
    before the text is folded, normalised or lower-cased as a whole.

    What a token brings to the plan (the readers its words trigger, the second conditions they
    meet, the number flags its figures raise) depends on the token alone, and news repeats its
    tokens: it is worked out the first time a token is seen and remembered as one number, and
    the tokens that bring nothing are also kept in a set, which drops a text's quiet tokens in
    one pass at C speed. Most texts then need no more: no reader to run (no date), or the plan.

    The plan is exactly the scanner's, or None ("don't know": the caller takes the usual path)
    where the tokens alone do not settle it: figures in a text with a token that starts or ends
    with a mark that may join two of them across tokens (`joiners`: '12 - 15' and '12- 15' raise
    'dash', 'al-Assad' cannot), a weak trigger (its confirmation reads the text), or a token
    `words_of` gives up on. The number flags of the other texts are those of their tokens
    (`number_flags` reads no further than a token, but for 'dash'), with what the language adds:
    `token_flags(form)` for a token with a figure, and `text_flags`, pairs (mark, flag): the flag
    of a text with a figure and that mark ('clock' for ':' in English).

    `words_of(token)` gives the token as the scanner's text holds it (folded, lower-cased: the
    form whose figures raise the number flags) and the words the scanner's word list would hold
    for it (see `split_words`), or None when the text's form may not be made of its tokens' forms.
    Its answer must depend on the token alone."""

    _LIMIT = 100_000  # tokens remembered; past that the memo starts again

    def __init__(self, scanner: Scanner, words_of: Callable[[str], tuple[str, Collection[str]] | None],
                 joiners: str = "-–/", token_flags: Callable[[str], Iterable[str]] = lambda form: (),
                 text_flags: Sequence[tuple[str, str]] = ()):
        self._scanner = scanner
        self._words_of = words_of
        self._joiners = tuple(joiners)
        self._token_flags = token_flags
        # token → what it brings, as one number: readers (bits 0…n-1), second conditions met
        # (n…2n-1), 1 << 2n for a figure, 2 << 2n for a joining mark; or _UNSURE
        self._memo: dict[str, int | object] = {}
        self._quiet: set[str] = set()
        n = self._n = scanner._n
        self._mask = (1 << n) - 1
        also_of_word: dict[str, int] = {}
        also_of_flag: dict[str, int] = {}
        for bit, need_words, need_flag in scanner._also:
            for w in need_words:
                also_of_word[w] = also_of_word.get(w, 0) | bit
            if need_flag:
                also_of_flag[need_flag] = also_of_flag.get(need_flag, 0) | bit
        self._also_of_word = also_of_word
        self._also_of_flag = also_of_flag
        # (mark, readers its flag triggers, second conditions it meets)
        self._text_flags = tuple((mark, scanner._flags.get(f, 0), also_of_flag.get(f, 0)) for mark, f in text_flags)

    def plan(self, text: str) -> int | None:
        """The scanner's plan for `text` in its form (bit i: reader i), or None when not known."""
        memo = self._memo
        got = 0
        for t in filterfalse(self._quiet.__contains__, text.split()):  # (cheaper than a set difference)
            v = memo.get(t)
            if v is None:
                v = self._learn(t)
            if v is _UNSURE:
                return None
            got |= v
        n, mask = self._n, self._mask
        todo, also, numbers = got & mask, got >> n & mask, got >> 2 * n
        if numbers & 1:
            if numbers & 2:
                return None  # figures, and a mark that may join two of them
            for mark, bits, met in self._text_flags:
                if mark in text:
                    if bits >> n:
                        return None  # a weak trigger
                    todo |= bits
                    also |= met
        # without the readers whose second condition (a word, or a flag) is not met
        return todo & ~(self._scanner._also_mask & ~also)

    def _learn(self, token: str) -> int | object:
        """What `token` brings (see `_memo`), remembered."""
        if len(self._memo) + len(self._quiet) > self._LIMIT:
            self._memo.clear()
            self._quiet.clear()
        sc = self._scanner
        got = self._words_of(token)
        if got is None:
            info = _UNSURE
        else:
            form, words = got
            todo = also = number = 0
            if not form.isalpha():  # (letters only: no figure, no mark)
                if _DIGIT.search(form):  # the flags its figures raise
                    number = 1
                    for f in (*number_flags(form), *self._token_flags(form)):
                        todo |= sc._flags.get(f, 0)
                        also |= self._also_of_flag.get(f, 0)
                if form.startswith(self._joiners) or form.endswith(self._joiners):
                    number |= 2  # a mark at its edge, which may join two figures across tokens
            index, also_of_word = sc._words, self._also_of_word
            for w in words:  # (a token has a word or two)
                todo |= index.get(w, 0)
                also |= also_of_word.get(w, 0)
            if todo >> self._n:
                info = _UNSURE  # a weak trigger
            else:
                info = todo | also << self._n | number << 2 * self._n
                if not info:
                    self._quiet.add(token)
                    return 0
        self._memo[token] = info
        return info


_UNSURE = object()  # a token that leaves the plan of its text unknown
