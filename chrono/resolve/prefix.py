"""Compile a pattern behind a guard made of its own first characters.

Python's regex engine tries a pattern at every position of the text. Our rule patterns are
big alternations full of optional groups, and trying one at the start of a word costs far more
than the few character tests that show most words cannot begin a match. `compile_guarded`
reads the parsed pattern, collects every sequence of its first `depth` characters (as
literals or character classes, through groups, branches and repeats; look-arounds and
anchors are skipped, which only widens the set) and compiles

    (?<![\\w])(?=<trie of those first characters>)(?:<the pattern>)

The leading look-behind (a word must start here) is added only when every branch of the
pattern starts with that same look-behind already.
The guard accepts every position where the pattern can match, so the matches (and their groups)
are exactly those of the plain pattern; it only turns the other positions away sooner. When the
pattern is too irregular to summarise (too many prefixes), it is compiled as it is.

When the first characters are few, `finditer` and `search` go further: a second pattern,
`[first characters](?<=guard…)`, lets the regex engine skip from one of those characters to the
next in its fast loop over a character set, and the rule pattern is tried only there.

The parsed form comes from `re._parser`, the parser `re.compile` itself uses (Python 3.11+); if
it ever changes shape, the guard is not built and patterns are compiled plainly (same matches).
"""

from __future__ import annotations

import re
from functools import partial
from re import _constants as C  # noqa: N812 - the parser's opcodes
from re import _parser

_MAX_PREFIXES = 4000
_CATEGORIES = {
    C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
    C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W",
}


class _TooIrregular(Exception):
    pass


def _char(ch: int) -> str:
    c = chr(ch)
    return "\\" + c if c in "\\^-]" else c


def _class(items, icase: bool) -> str:
    parts = []
    negate = False
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            parts.append(_char(av))
        elif op is C.RANGE:
            parts.append(_char(av[0]) + "-" + _char(av[1]))
        elif op is C.CATEGORY and av in _CATEGORIES:
            parts.append(_CATEGORIES[av])
        else:
            raise _TooIrregular(op)
    body = "[" + ("^" if negate else "") + "".join(parts) + "]"
    return f"(?i:{body})" if icase else body


def _one(op, av, icase: bool) -> str | None:
    """The character class of a single-character item, or None if the item is not one."""
    if op is C.LITERAL:
        frag = re.escape(chr(av))
    elif op is C.NOT_LITERAL:
        frag = "[^" + _char(av) + "]"
    elif op is C.IN:
        return _class(av, icase)
    elif op is C.ANY:
        frag = "."
    else:
        return None
    return f"(?i:{frag})" if icase and op is not C.ANY else frag


# A prefix is (tuple of character fragments, closed); a closed prefix cannot be extended
# (what follows it is unknown, e.g. a back-reference), an open one is extended by what follows.
def _seq(items, room: int, flags: int) -> set:
    out = {((), False)}
    for op, av in items:
        nxt = set()
        for frags, closed in out:
            if closed or len(frags) >= room:
                nxt.add((frags, closed))
                continue
            for more, c2 in _item(op, av, room - len(frags), flags):
                nxt.add((frags + more, c2))
        out = nxt
        if len(out) > _MAX_PREFIXES:
            raise _TooIrregular("too many prefixes")
    return out


def _item(op, av, room: int, flags: int) -> set:
    icase = bool(flags & re.IGNORECASE)
    frag = _one(op, av, icase)
    if frag is not None:
        return {((frag,), False)}
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return {((), False)}  # zero width: ignoring it only widens the set
    if op is C.SUBPATTERN:
        _group, add, dele, sub = av
        return _seq(sub.data, room, (flags | add) & ~dele)
    if op is C.ATOMIC_GROUP:
        return _seq(av.data, room, flags)
    if op is C.BRANCH:
        out = set()
        for alt in av[1]:
            out |= _seq(alt.data, room, flags)
        return out
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        lo, hi, sub = av
        once = _seq(sub.data, room, flags)
        found = {((), False)} if lo == 0 else set()
        cur = {((), False)}
        n = 0
        while cur:
            n += 1
            grown = set()
            for frags, closed in cur:
                if closed or len(frags) >= room:
                    grown.add((frags, closed))
                    continue
                for more, c2 in once:
                    grown.add((frags + more, c2))
            done = all(closed or len(frags) >= room for frags, closed in grown)
            if n >= lo or done or grown == cur:
                # (with the room used up, or nothing more to add, these are whole prefixes even
                # before `lo` repeats: more repeats would not change them)
                found |= grown
            if len(found) > _MAX_PREFIXES:
                raise _TooIrregular("too many prefixes")
            if done or (hi != C.MAXREPEAT and n >= hi) or grown == cur:
                break
            cur = grown
        return found
    # back-references, conditionals…: unknown from here on
    return {((), True)}


def _trie(prefixes: set) -> str:
    """A regex accepting exactly the texts that start with one of the prefixes."""
    if any(not frags for frags in prefixes):
        return ""
    heads: dict[str, set] = {}
    for frags in prefixes:
        heads.setdefault(frags[0], set()).add(frags[1:])
    alts = [head + _trie(tails) for head, tails in sorted(heads.items())]
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def _leading_lookbehind(parsed, flags: int) -> str | None:
    """The one-character look-behind `(?<![…])` that every branch of the pattern starts with, if any."""
    data = parsed.data
    if len(data) == 1 and data[0][0] is C.BRANCH:
        leads = {_leading_lookbehind(alt, flags) for alt in data[0][1][1]}
        return leads.pop() if len(leads) == 1 else None
    if not data or data[0][0] is not C.ASSERT_NOT:
        return None
    direction, sub = data[0][1]
    if direction != -1 or len(sub.data) != 1:
        return None
    frag = _one(*sub.data[0], bool(flags & re.IGNORECASE))
    return None if frag is None else f"(?<!{frag})"


def _parse(source: str, flags: int):
    try:
        return _parser.parse(source, flags)
    except RecursionError:
        return None


def _guard(parsed, depth: int) -> tuple[str, str, set[str]] | None:
    """(leading look-behind or "", look-ahead body, first fragments) for a parsed pattern, or
    None when there is no guard. The guard holds the first `depth` characters, or fewer where
    that many make too many prefixes."""
    for d in range(depth, 1, -1):
        try:
            prefixes = {frags for frags, _closed in _seq(parsed.data, d, parsed.state.flags)}
        except (_TooIrregular, RecursionError):
            continue  # a shorter guard may do
        body = _trie(prefixes)
        if not body:
            return None  # the pattern can match the empty string: no guard
        return _leading_lookbehind(parsed, parsed.state.flags) or "", body, {frags[0] for frags in prefixes}
    return None


# The depth of the guards. Six characters reject more positions than four (2% fewer instructions
# over the news corpus of bench/resolve.py), but computing them makes the first call of a process
# 0.1 s longer: four.
DEPTH = 4


def guard_source(source: str, flags: int = 0, depth: int = DEPTH) -> str | None:
    """The guard `(?<!…)(?=…)` for `source`, or None when it cannot be built."""
    parsed = _parse(source, flags)
    parts = None if parsed is None else _guard(parsed, depth)
    return None if parts is None else f"{parts[0]}(?={parts[1]})"


def _class_body(frag: str) -> str | None:
    """`frag` (one character: a literal or a class) as the inside of a character class, or None."""
    if frag.startswith("[") and not frag.startswith("[^"):
        return frag[1:-1]
    if len(frag) == 1:
        return _char(ord(frag))
    if len(frag) == 2 and frag[0] == "\\" and not frag[1].isalnum():
        return _char(ord(frag[1]))  # an escaped punctuation mark
    return None  # '.', a negated class, a case-insensitive group: too wide to skip with


# guarded pattern (by id: these patterns live as long as the process) → its skipping pattern,
# and → the source and flags it was built from
_SKIP: dict[int, re.Pattern] = {}
_PLAIN: dict[int, tuple[str, int]] = {}


def plain(pattern: re.Pattern) -> re.Pattern:
    """The pattern `compile_guarded` was given, compiled as it is (for tests and comparisons)."""
    source, flags = _PLAIN.get(id(pattern), (pattern.pattern, pattern.flags))
    return re.compile(source, flags)


def compile_guarded(source: str, flags: int = 0, depth: int = DEPTH) -> re.Pattern:
    """`re.compile(source, flags)`, behind a guard of its first characters (same matches).

    When the first characters form a small set, `finditer` below can also skip through the text
    with `[first characters](?<=guard…)`, which the regex engine scans for with its fast loop over
    a set of characters, instead of trying the pattern at every position."""
    try:
        parsed = _parse(source, flags)
        parts = None if parsed is None else _guard(parsed, depth)
    except Exception:  # noqa: BLE001 - the parser's internals moved: no guard, same matches
        parts = None
    if parts is None:
        return re.compile(source, flags)
    lead, body, firsts = parts
    pattern = re.compile(f"{lead}(?={body})(?:{source})", flags)
    _PLAIN[id(pattern)] = (source, flags)
    bodies = {_class_body(f) for f in firsts}
    if None not in bodies and _narrow("".join(bodies)):
        _SKIP[id(pattern)] = re.compile(f"[{''.join(sorted(bodies))}](?<={lead}(?={body})(?s:.))", flags)
    return pattern


def _narrow(class_body: str) -> bool:
    """Is a set of first characters narrow enough to skip with? A set with a space, or with many
    letters, stops at so many places that trying the pattern at every one costs more than it
    saves (measured on the example corpus: digits and up to six letters pay, counting a class
    such as \\d as three; a space, or ا and و among a dozen other letters, do not)."""
    weight = 0
    i = 0
    while i < len(class_body):
        ch = class_body[i]
        if ch == "\\" and i + 1 < len(class_body):
            nxt = class_body[i + 1]
            if nxt == "s":
                return False
            weight += 3 if nxt.isalpha() else 0
            i += 2
            continue
        weight += 1 if ch.isalpha() else 0
        i += 1
    return weight <= 6


def finditer(pattern: re.Pattern, text: str):
    """The matches of `pattern.finditer(text)`, found faster when the pattern has a skipping one."""
    skip = _SKIP.get(id(pattern))
    if skip is None:
        return pattern.finditer(text)
    return _skipping(pattern.match, skip.search, text)


def scanner(pattern: re.Pattern):
    """`lambda text: finditer(pattern, text)`, with the choice of search made once."""
    skip = _SKIP.get(id(pattern))
    if skip is None:
        return pattern.finditer
    return partial(_skipping, pattern.match, skip.search)


def search(pattern: re.Pattern, text: str) -> re.Match | None:
    """`pattern.search(text)`, found faster when the pattern has a skipping one."""
    skip = _SKIP.get(id(pattern))
    if skip is None:
        return pattern.search(text)
    return next(_skipping(pattern.match, skip.search, text), None)


def _skipping(match, search, text: str):
    # the skipping pattern finds every place the guard holds, from `pos` on; a match found
    # there is the one finditer would find (matches are never empty: the guard needs a character)
    pos = 0
    while True:
        s = search(text, pos)
        if s is None:
            return
        q = s.start()
        m = match(text, q)
        if m is None:
            pos = q + 1
            continue
        yield m
        pos = m.end()
