"""JSON Lines: one JSON object per line, read as a stream."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from eventwire.errors import ArticleError
from eventwire.ingest.lines import ByteStream, decode_line, iter_raw_lines, refuse_binary
from eventwire.ingest.records import MAX_ARTICLE_BYTES, article_from_record
from eventwire.model import Article, Origin, Rejection


def read_jsonl(
    stream: ByteStream, path: str, *, max_bytes: int = MAX_ARTICLE_BYTES
) -> Iterator[Article | Rejection]:
    """The articles of a JSON Lines stream, one per non-blank line, and a ``Rejection`` for
    each bad line. Raises ``ArticleError`` if the whole stream is unreadable (binary)."""
    refuse_binary(stream)
    for line in iter_raw_lines(stream, max_bytes=max_bytes):
        try:
            record = _parse_line(decode_line(line))
            if record is not None:
                yield article_from_record(record, Origin(path, line.number))
        except ArticleError as error:
            yield Rejection(path, line.number, error.reason)


def _parse_line(text: str) -> dict[str, Any] | None:
    """The JSON object on one line; ``None`` for a blank line."""
    if not text.strip():
        return None
    try:
        record = json.loads(text.rstrip("\r\n"))
    except json.JSONDecodeError as error:
        # some of json's messages end in " at", made to be followed by a position
        message = error.msg.removesuffix(" at")
        raise ArticleError(
            f"malformed JSON ({message} at column {error.colno}): each line must be one "
            "complete JSON object"
        ) from error
    if not isinstance(record, dict):
        kind = "a list" if isinstance(record, list) else "a string" if isinstance(record, str) else "a single value"
        raise ArticleError(
            f"the line is {kind}, not a JSON object: each line must be an object such as "
            '{"id": "...", "date": "YYYY-MM-DD", "text": "..."}'
        )
    return record
