"""CSV with a header row naming the columns (``text`` required; ``id``, ``date``, ``title``,
``source``, ``url`` optional; column names are matched case-insensitively, others ignored).

Quoted fields may span lines. A record's line number is the line it starts on.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Protocol

from eventwire.errors import ArticleError
from eventwire.ingest.lines import (
    ByteStream,
    decode_line,
    decode_line_leniently,
    iter_raw_lines,
    refuse_binary,
)
from eventwire.ingest.records import MAX_ARTICLE_BYTES, article_from_record, shorten
from eventwire.model import Article, Origin, Rejection


class _RowReader(Protocol):
    """What this module needs of ``csv.reader``'s result."""

    @property
    def line_num(self) -> int: ...

    def __next__(self) -> list[str]: ...


class _DecodedLines:
    """Feeds decoded lines to ``csv.reader`` and remembers which lines could not be decoded,
    so the record spanning a bad line is rejected while the rest of the file is still read."""

    def __init__(self, stream: ByteStream, *, max_bytes: int) -> None:
        self._lines = iter_raw_lines(stream, max_bytes=max_bytes)
        self.problems: list[ArticleError] = []

    def __iter__(self) -> Iterator[str]:
        for line in self._lines:
            try:
                yield decode_line(line)
            except ArticleError as error:
                self.problems.append(error)
                yield decode_line_leniently(line)

    def take_problem(self) -> str | None:
        """The first problem since the last call, if any, and forget them all."""
        reason = self.problems[0].reason if self.problems else None
        self.problems.clear()
        return reason


def read_csv(
    stream: ByteStream, path: str, *, max_bytes: int = MAX_ARTICLE_BYTES
) -> Iterator[Article | Rejection]:
    """The articles of a CSV stream, one per row, and a ``Rejection`` for each bad row.

    Raises ``ArticleError`` when the whole file is unusable: binary, empty, or no ``text`` column.
    """
    refuse_binary(stream)
    lines = _DecodedLines(stream, max_bytes=max_bytes)
    reader = csv.reader(lines)
    header = _read_header(reader, lines)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader, None)
        except csv.Error as error:
            lines.take_problem()
            yield Rejection(path, start, f"malformed CSV ({error}): check the quoting of this row")
            continue
        if row is None:
            return
        problem = lines.take_problem()
        if problem is not None:
            yield Rejection(path, start, problem)
        elif row:  # csv yields [] for a blank line
            yield _row_article(row, header, Origin(path, start))


def _read_header(reader: _RowReader, lines: _DecodedLines) -> list[str]:
    """The lower-cased column names of the first non-blank row; it must include ``text``."""
    row: list[str] = []
    while not row:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            raise ArticleError(
                "empty file: a CSV needs a header row naming its columns, with at least 'text'"
            ) from None
        except csv.Error as error:
            raise ArticleError(
                f"malformed CSV header ({error}): check its quoting", line=start
            ) from error
        problem = lines.take_problem()
        if problem is not None:
            raise ArticleError(f"unreadable header row: {problem}", line=start)
    header = [name.strip().lower() for name in row]
    if "text" not in header:
        found = ", ".join(repr(shorten(name, 20)) for name in header)
        raise ArticleError(
            f"no 'text' column in the CSV header (found: {found}): name the column holding "
            "the article body 'text'",
            line=start,
        )
    return header


def _row_article(row: list[str], header: list[str], origin: Origin) -> Article | Rejection:
    if len(row) > len(header):
        return Rejection(
            origin.path,
            origin.line,
            f"row has {len(row)} fields but the header has {len(header)}: quote fields that "
            'contain commas ("...")',
        )
    record = dict(zip(header, row))  # a short row leaves its last columns out, i.e. empty
    try:
        return article_from_record(record, origin)
    except ArticleError as error:
        return Rejection(origin.path, origin.line, error.reason)
