"""Paragraph boundaries of an article body, for rules that do not cross paragraphs."""

from __future__ import annotations

import bisect
import re

# A paragraph ends at a blank line; articles with no blank lines at all use single newlines.
BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
NEWLINE = re.compile(r"\n\s*")


class Paragraphs:
    def __init__(self, text: str) -> None:
        separator = BLANK_LINE if BLANK_LINE.search(text) else NEWLINE
        self.starts = [0] + [match.end() for match in separator.finditer(text)]

    def index(self, offset: int) -> int:
        """The number (0-based) of the paragraph that holds character ``offset``."""
        return bisect.bisect_right(self.starts, offset) - 1

    def same(self, a: int, b: int) -> bool:
        return self.index(a) == self.index(b)
