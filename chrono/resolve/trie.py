"""Word lists → compact regular expressions shaped like a trie.

A plain alternation `(?:الخميس|الجمعة|...)` makes the regex engine try every word at every
position; the trie form `(?:ال(?:خميس|جمعه|...)|...)` rejects a position after one character
test per branch. The language matched is the same, and longer words are preferred.
"""

from __future__ import annotations

import re


def trie_regex(words, escape_char=None) -> str:
    """A non-capturing regex matching exactly `words` (a space matches any run of white space)."""
    esc = escape_char or _escape
    trie: dict = {}
    for w in {w for w in words if w}:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    body = _emit(trie, esc)
    return "(?:" + body + ")" if body else "(?!)"


def _escape(ch: str) -> str:
    return r"\s+" if ch == " " else re.escape(ch)


def _emit(node: dict, esc) -> str:
    end = "" in node
    alts = [esc(ch) + _emit(child, esc) for ch, child in sorted(node.items()) if ch != ""]
    if not alts:
        return ""
    if len(alts) == 1:
        inner = alts[0]
        return f"(?:{inner})?" if end else inner
    inner = "(?:" + "|".join(alts) + ")"
    return inner + "?" if end else inner
