"""Counts of one read, filled in as ``read_articles`` goes."""

from __future__ import annotations

from dataclasses import dataclass, field

from eventwire.model import Rejection


@dataclass
class ReadSummary:
    """What a run of ``read_articles`` read, yielded, rejected and skipped.

    ``files`` counts files opened (stdin included); ``repeats`` counts records skipped because
    the same id, text and date were already read; ``skipped`` counts files in directories that
    were left out for their extension.
    """

    files: int = 0
    articles: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    repeats: int = 0
    skipped: int = 0

    def __str__(self) -> str:
        text = (
            f"read {_count(self.files, 'file')}: {_count(self.articles, 'article')}, "
            f"{len(self.rejections)} rejected"
        )
        if self.repeats:
            text += f", {_count(self.repeats, 'repeat')} skipped"
        if self.skipped:
            text += f"; {_count(self.skipped, 'file')} of other types skipped"
        return text


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
