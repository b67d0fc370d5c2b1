"""Reading a byte stream line by line, without ever holding more than one line in memory.

Lines are decoded one at a time so that one undecodable line costs one record, not the file,
and every problem can name its line number and byte offset.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from eventwire.errors import ArticleError

_SKIP_CHUNK = 1024 * 1024
_SNIFF_BYTES = 8192


class ByteStream(Protocol):
    """What the readers need of an open file: a binary file, a gzip stream, stdin's buffer."""

    def read(self, size: int = -1, /) -> bytes: ...

    def readline(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True, slots=True)
class RawLine:
    """One physical line: its 1-based number, the byte offset where it starts, its bytes
    (``None`` when the line was longer than the limit and was skipped)."""

    number: int
    offset: int
    data: bytes | None


def iter_raw_lines(stream: ByteStream, *, max_bytes: int) -> Iterator[RawLine]:
    """The lines of ``stream`` (each keeps its line ending); a line over ``max_bytes`` is
    skipped to its end and reported with ``data=None``."""
    number = offset = 0
    while chunk := stream.readline(max_bytes + 1):
        number += 1
        start = offset
        offset += len(chunk)
        if len(chunk) > max_bytes and not chunk.endswith(b"\n"):
            while chunk and not chunk.endswith(b"\n"):
                chunk = stream.readline(_SKIP_CHUNK)
                offset += len(chunk)
            yield RawLine(number, start, None)
        else:
            yield RawLine(number, start, chunk)


def decode_line(line: RawLine) -> str:
    """The text of a line read by ``iter_raw_lines``; a UTF-8 BOM on line 1 is dropped.

    Raises ``ArticleError`` (with the line number) for bytes that are not UTF-8 or a line
    that is too long.
    """
    if line.data is None:
        raise ArticleError(
            "line too long to be one article: check that the file has line breaks "
            "between records",
            line=line.number,
        )
    data = line.data
    bom = len(codecs.BOM_UTF8) if line.number == 1 and data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as error:
        raise ArticleError(
            not_utf8_reason(line.offset + bom + error.start), line=line.number
        ) from error


def decode_line_leniently(line: RawLine) -> str:
    """The text of a line with bad bytes replaced (a skipped long line becomes empty), for
    readers that must keep the file's structure while rejecting the record."""
    if line.data is None:
        return "\n"
    bom = len(codecs.BOM_UTF8) if line.number == 1 and line.data.startswith(codecs.BOM_UTF8) else 0
    return line.data[bom:].decode("utf-8", errors="replace")


def not_utf8_reason(offset: int) -> str:
    return f"not UTF-8 at byte {offset}: re-save the file as UTF-8"


def binary_reason(offset: int | None = None) -> str:
    where = "" if offset is None else f" at byte {offset}"
    return (
        f"binary file (NUL byte{where}): only UTF-8 text can be read; "
        "if this is UTF-16 text, re-save it as UTF-8"
    )


def refuse_binary(stream: ByteStream) -> None:
    """Raise ``ArticleError`` if the start of ``stream`` holds a NUL byte, as binary files and
    UTF-16 text do. Peeks, so nothing is consumed and a pipe is not waited on."""
    peek = getattr(stream, "peek", None)
    if peek is None:
        return
    head: bytes = peek(_SNIFF_BYTES)[:_SNIFF_BYTES]
    position = head.find(b"\x00")
    if position >= 0:
        raise ArticleError(binary_reason(position))
