"""SQL written once for both stores: SQLite's placeholders, and the few fragments that differ.

Modules that query the store with their own SQL (``eventwire.store.query``, merges, signals,
alerts) write it in SQLite's form, with ``?`` and ``:name`` placeholders, and call
``store.read(sql, params)`` or use ``store.writing()``. The PostgreSQL store turns those
placeholders into psycopg's (:func:`to_pyformat`), so one statement serves both backends.
Where the two SQL dialects really differ (dates, aggregates), the helpers below return the
right fragment for ``store.dialect``.

Portable forms to prefer: ``INSERT ... ON CONFLICT (key) DO NOTHING`` or ``DO UPDATE SET``
(SQLite 3.24+ and PostgreSQL), ``COALESCE``, ``CASE``, ``substr``, ``lower``, ``||``.
"""

from __future__ import annotations

import functools
import re
from typing import Literal

Dialect = Literal["sqlite", "postgresql"]
SQLITE: Dialect = "sqlite"
POSTGRESQL: Dialect = "postgresql"

# A quoted string or identifier (copied as is), a '?', a ':name' (not a '::' cast), or a '%'.
_TOKEN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|(?<!:):([A-Za-z_]\w*)|\?|%""")


@functools.lru_cache(maxsize=512)
def to_pyformat(sql: str) -> str:
    """``sql`` with SQLite's ``?`` and ``:name`` placeholders as psycopg's ``%s`` and
    ``%(name)s``, and every literal ``%`` doubled, outside quoted strings and identifiers.

    >>> to_pyformat("SELECT a FROM t WHERE b = ? AND c LIKE '50%' AND d = :d")
    "SELECT a FROM t WHERE b = %s AND c LIKE '50%%' AND d = %(d)s"
    """
    return _TOKEN.sub(_replace_token, sql)


def _replace_token(match: re.Match[str]) -> str:
    token = match.group(0)
    if token == "?":
        return "%s"
    if token == "%":
        return "%%"
    if match.group(1) is not None:
        return f"%({match.group(1)})s"
    # psycopg reads '%' inside quoted text as well, so it is doubled there too.
    return token.replace("%", "%%")


def week_start(column: str, dialect: Dialect) -> str:
    """The Monday of the ISO week of the date in ``column``, as ISO text."""
    if dialect == POSTGRESQL:
        return f"to_char(date_trunc('week', {column}::date), 'YYYY-MM-DD')"
    # SQLite's %w counts from Sunday = 0.
    return f"date({column}, '-' || ((CAST(strftime('%w', {column}) AS INTEGER) + 6) % 7) || ' days')"


def json_array_agg(expression: str, dialect: Dialect) -> str:
    """An aggregate that collects ``expression`` of the group into a JSON array (as text)."""
    if dialect == POSTGRESQL:
        return f"COALESCE(json_agg({expression})::text, '[]')"
    return f"json_group_array({expression})"


def text_order(expression: str, dialect: Dialect) -> str:
    """``expression`` as an ORDER BY term that sorts text by code point, as SQLite's default
    BINARY collation does, whatever the PostgreSQL database's locale. For text only: PostgreSQL
    refuses a collation on a DATE or a number."""
    if dialect == POSTGRESQL:
        return f'{expression} COLLATE "C"'
    return expression


def json_array_length(expression: str, dialect: Dialect) -> str:
    """The number of elements of a JSON array held as text."""
    if dialect == POSTGRESQL:
        return f"json_array_length(({expression})::json)"
    return f"json_array_length({expression})"
