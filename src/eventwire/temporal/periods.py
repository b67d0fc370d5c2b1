"""Calendar arithmetic on ``datetime.date``: first days of periods and the most recent named day."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

SATURDAY = 5
# How far back "most recent 29 February" may look: a leap day is at most 8 years away.
_MAX_YEARS_BACK = 8


def week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def month_start(day: date, *, months: int = 0) -> date:
    """The first day of the month ``months`` after (negative: before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def year_start(year: int) -> date:
    return date(year, 1, 1)


def weekday_on_or_before(anchor: date, weekday: int) -> date:
    """The latest day with ``weekday`` (Monday=0) that is not after ``anchor``."""
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def weekday_before(anchor: date, weekday: int) -> date:
    """The latest day with ``weekday`` strictly before ``anchor`` (a week back on a match)."""
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7 or 7)


def weekday_after(anchor: date, weekday: int) -> date:
    """The earliest day with ``weekday`` strictly after ``anchor``."""
    return anchor + timedelta(days=(weekday - anchor.weekday()) % 7 or 7)


def month_on_or_before(anchor: date, month: int) -> date:
    """The first day of the latest ``month`` that has begun by ``anchor``."""
    year = anchor.year if month <= anchor.month else anchor.year - 1
    return date(year, month, 1)


def month_before(anchor: date, month: int) -> date:
    """The first day of the latest ``month`` that ended before ``anchor``'s month began."""
    year = anchor.year if month < anchor.month else anchor.year - 1
    return date(year, month, 1)


def month_day_on_or_before(anchor: date, month: int, day: int) -> date | None:
    """The latest ``day`` of ``month`` not after ``anchor``; None if no year has that day."""
    for year in range(anchor.year, anchor.year - _MAX_YEARS_BACK - 1, -1):
        candidate = safe_date(year, month, day)
        if candidate is not None and candidate <= anchor:
            return candidate
    return None


def safe_date(year: int, month: int, day: int) -> date | None:
    """``date(year, month, day)``, or None for impossible days such as 31 April."""
    if not (1 <= month <= 12) or not (1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return date(year, month, day)


def day_exists(month: int, day: int) -> bool:
    """Whether ``day`` of ``month`` occurs in some year (29 February does, 30 February not)."""
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2000, month)[1]
