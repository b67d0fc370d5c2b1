"""Plain articles: one UTF-8 text file per article, opened by a ``date YYYY-MM-DD`` line.

The layout, with everything but the body optional::

    date 2022-03-04
    title Shelling reported near the port
    source Example Wire
    url https://example.org/story
    KYIV, March 4 - The body of the article...

- The date line is the first non-blank line; ``date`` is case-insensitive and may be followed
  by a colon. The body may start on the date line itself, after the date.
- A file with no date line is one undated article (the whole text is the body). A first line
  is taken as a date line when it is ``date:`` ..., or ``date`` followed by a value that starts
  with a digit, or ``date`` followed by a single word; so ``Date palms burned in...`` is body.
- ``title``, ``source`` and ``url`` lines (a colon after the keyword is allowed) are read only
  directly below a date line that holds nothing but the date; the first other line, or a
  blank line, starts the body.
- Line endings become ``\\n``; the body is stripped of leading and trailing whitespace.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from datetime import date

from eventwire.errors import ArticleError
from eventwire.ingest.lines import ByteStream, binary_reason, not_utf8_reason
from eventwire.ingest.records import ISO_DAY, MAX_ARTICLE_BYTES, parse_iso_date
from eventwire.model import Article, Origin

_DATE_LINE = re.compile(
    r"date(?:(?P<colon>[ \t]*:)|(?=\s|$))[ \t]*(?P<value>\S*)", re.IGNORECASE
)
_HEADER_LINE = re.compile(r"(?P<key>title|source|url)(?:\s*:\s*|\s+)(?P<value>\S.*)", re.IGNORECASE)
_DATE_FIX = "fix the date, or delete the line to code the article without a date"


@dataclass
class _Header:
    """What the lines above the body say."""

    date: date | None = None
    fields: dict[str, str] = field(default_factory=dict)


def read_plain(
    stream: ByteStream, path: str, article_id: str, *, max_bytes: int = MAX_ARTICLE_BYTES
) -> Article:
    """The one article in a plain file. Raises ``ArticleError`` if the file cannot be one."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ArticleError(
            f"file too large for one article (over {max_bytes // (1024 * 1024)} MB): "
            "split it, or convert it to JSON Lines"
        )
    text = _decode(data)
    if not text.strip():
        raise ArticleError("empty file: there is no article text to read")
    header, body = split_header(text)
    if not body:
        raise ArticleError("empty body: the file has a date line but no article text below it")
    return Article(
        id=article_id,
        text=body,
        date=header.date,
        title=header.fields.get("title"),
        source=header.fields.get("source"),
        url=header.fields.get("url"),
        origin=Origin(path),
    )


def _decode(data: bytes) -> str:
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ArticleError(binary_reason(nul))
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as error:
        raise ArticleError(not_utf8_reason(bom + error.start)) from error
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_header(text: str) -> tuple[_Header, str]:
    """The date and header fields at the top of ``text``, and the stripped body below them."""
    rest = text.lstrip()
    date_line_number = text[: len(text) - len(rest)].count("\n") + 1
    match = _DATE_LINE.match(rest)
    if match is None or not _is_date_line(match, rest):
        return _Header(), rest.strip()
    value = match["value"]
    if not value:
        raise ArticleError(
            "the date line has no date: write it as 'date YYYY-MM-DD', or delete the line",
            line=date_line_number,
        )
    header = _Header(date=_line_date(value, rest[match.end() :], date_line_number))
    rest = rest[match.end() :]
    first_line, _, below = rest.partition("\n")
    if first_line.strip():  # the body starts on the date line
        return header, rest.strip()
    return header, _read_fields(header, below).strip()


def _is_date_line(match: re.Match[str], text: str) -> bool:
    """Whether a first line starting with the word ``date`` is a date line and not prose."""
    if match["colon"] or not match["value"] or match["value"][0].isdigit():
        return True
    remainder = text[match.end() :].partition("\n")[0]
    return not remainder.strip()


def _line_date(value: str, after: str, line: int) -> date:
    if not ISO_DAY.match(value):  # 'date 4 March 2022': quote the whole line, not one word
        value = (value + after.partition("\n")[0]).strip()
    try:
        return parse_iso_date(value, where="in the date line", fix=_DATE_FIX)
    except ArticleError as error:
        raise ArticleError(error.reason, line=line) from error


def _read_fields(header: _Header, text: str) -> str:
    """Fill ``header`` from the field lines at the top of ``text``; return the text below."""
    while text:
        line, _, below = text.partition("\n")
        match = _HEADER_LINE.fullmatch(line.strip())
        if match is None or match["key"].lower() in header.fields:
            break
        header.fields[match["key"].lower()] = match["value"].strip()
        text = below
    return text

