"""Compile a word list into a trie-shaped regex: Python's ``re`` tries each branch of a flat
alternation in turn, so a 300-word ``a|b|c`` checked at every word is the finder's hot spot.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_Node = dict[str, "_Node"]
_END = ""


def words_pattern(words: Iterable[str]) -> str:
    """A non-capturing pattern matching exactly the given words (no boundaries added).

    A space in a phrase ("at least") matches any run of whitespace.
    """
    root: _Node = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = {}
    return f"(?:{_branch(root)})"


def _branch(node: _Node) -> str:
    alternatives = [
        (r"\s+" if char == " " else re.escape(char)) + _branch(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    # Greedy "?" keeps the longer word first: "killing" before "kill".
    return f"(?:{body})?" if _END in node else body
