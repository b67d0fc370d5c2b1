"""Turning one input record (a JSON object, a CSV row) into an ``Article``, or saying why not.

Shared by the JSON Lines and CSV readers so that both formats follow the same field rules.
Every problem is raised as ``ArticleError``; the readers turn it into a ``Rejection``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import date, datetime

from eventwire.errors import ArticleError
from eventwire.model import Article, Origin

# One article (a plain file, or one JSON line) larger than this is refused rather than read,
# so a mislabelled binary or a file with no line breaks cannot exhaust memory.
MAX_ARTICLE_BYTES = 50 * 1024 * 1024

ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def shorten(value: str, limit: int = 40) -> str:
    """``value`` cut to ``limit`` characters, for quoting user input inside a message."""
    return value if len(value) <= limit else value[: limit - 3] + "..."


def content_id(text: str) -> str:
    """The id of an article that has none: a hash of its body, stable across runs."""
    return "a-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def parse_iso_date(value: str, *, where: str, fix: str) -> date:
    """Read ``YYYY-MM-DD`` or an ISO timestamp that starts with one (its date is taken as written,
    not converted to UTC: the local day is the article's day).

    ``where`` names the place of the value and ``fix`` what to do, for the error message.
    Raises ``ArticleError`` for anything else.
    """
    text = value.strip()
    unreadable = f"unreadable date {shorten(text)!r} {where} (expected YYYY-MM-DD): {fix}"
    if not ISO_DAY.match(text):
        raise ArticleError(unreadable)
    try:
        day = date.fromisoformat(text[:10])
    except ValueError as error:
        raise ArticleError(
            f"impossible date {shorten(text)!r} {where} (expected YYYY-MM-DD): {fix}"
        ) from error
    if len(text) > 10:
        try:
            datetime.fromisoformat(text)  # only to refuse a malformed time part
        except ValueError as error:
            raise ArticleError(unreadable) from error
    return day


def article_from_record(record: Mapping[str, object], origin: Origin) -> Article:
    """Build an ``Article`` from a record with ``text`` and optional ``id``, ``date``, ``title``,
    ``source``, ``url``. Other keys are ignored. ``text`` is kept exactly as given."""
    text = _required_text(record)
    return Article(
        id=_record_id(record, text),
        text=text,
        date=_record_date(record),
        title=_optional_string(record, "title"),
        source=_optional_string(record, "source"),
        url=_optional_string(record, "url"),
        origin=origin,
    )


def _required_text(record: Mapping[str, object]) -> str:
    text = record.get("text")
    if text is None:
        raise ArticleError("missing 'text': every record needs the article body in a 'text' field")
    if not isinstance(text, str):
        raise ArticleError(
            f"'text' is {_type_name(text)}, not a string: put the article body in 'text' as text"
        )
    if not text.strip():
        raise ArticleError("empty 'text': the record has no article body; fill it in or drop it")
    return text


def _record_id(record: Mapping[str, object], text: str) -> str:
    given = record.get("id")
    if given is None:
        return content_id(text)
    # bool is an int subclass, but an id of `true` is surely a mistake
    if isinstance(given, bool) or not isinstance(given, (str, int)):
        raise ArticleError(
            f"'id' is {_type_name(given)}: give a string or an integer, or leave it out "
            "to use a hash of the text"
        )
    stripped = str(given).strip()
    return stripped or content_id(text)


def _record_date(record: Mapping[str, object]) -> date | None:
    value = record.get("date")
    if value is None:
        return None
    if not isinstance(value, str):
        raise ArticleError(
            f"'date' is {_type_name(value)}: write it as a string 'YYYY-MM-DD', or leave it out"
        )
    if not value.strip():
        return None
    return parse_iso_date(
        value,
        where="in 'date'",
        fix="fix it, or leave 'date' empty to code the article without a date",
    )


def _optional_string(record: Mapping[str, object], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ArticleError(f"{key!r} is {_type_name(value)}: write it as a string, or leave it out")
    return value.strip() or None


def _type_name(value: object) -> str:
    names: dict[type, str] = {
        dict: "an object", list: "a list", bool: "a boolean", int: "a number", float: "a number"
    }
    return names.get(type(value), f"a {type(value).__name__}")
