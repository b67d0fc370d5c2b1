"""The dateparser fallback, for compact absolute dates the rules do not read ("14-Oct-22").

Only short candidates that carry a day, a month and a year are handed to dateparser, one at a
time: never whole texts, which is slow and finds dates in ordinary numbers. dateparser is
imported on first use so that importing eventwire stays fast.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING

from eventwire.model import DatePrecision
from eventwire.temporal import lexicon as lx
from eventwire.temporal.rules import Resolution, Rule

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

logger = logging.getLogger(__name__)

_MONTH = rf"{lx.MONTH_NAME}\.?"
_SHORT_YEAR = r"(?:(?:19|20)\d\d|\d\d)"
CANDIDATE = re.compile(
    r"(?=[\dJFMASOND])(?<![\w/.-])(?P<span>"
    rf"\d{{1,2}}(?P<s1>[-/]){_MONTH}(?P=s1){_SHORT_YEAR}"  # 14-Oct-22, 14/Oct/2022
    rf"|\d{{1,2}}\s+{_MONTH}\s+'\d\d"  # 14 Oct '22
    rf"|{_MONTH}(?P<s2>[-/])\d{{1,2}}(?P=s2){_SHORT_YEAR}"  # Oct-14-2022
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+'\d\d"  # Oct 14 '22
    r"|(?:19|20)\d\d(?P<s3>[/.])\d{1,2}(?P=s3)\d{1,2}"  # 2022/10/14
    r")(?![\w/-]|\.\d)"
)

_PRECISIONS = {
    "day": DatePrecision.DAY,
    "week": DatePrecision.WEEK,
    "month": DatePrecision.MONTH,
    "year": DatePrecision.YEAR,
}


@cache
def _parser() -> DateDataParser:
    from dateparser.date import DateDataParser

    settings = {"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"]}
    return DateDataParser(languages=["en"], settings=settings)


def resolve_with_dateparser(match: re.Match[str], anchor: date | None) -> Resolution | None:
    """Every candidate names its year, so the anchor is not needed."""
    candidate = match["span"]
    try:
        parsed = _parser().get_date_data(candidate)
    except (ValueError, OverflowError, TypeError) as error:
        logger.debug("dateparser could not read %r: %s", candidate, error)
        return None
    parsed_at: datetime | None = parsed.date_obj
    if parsed_at is None:
        return None
    period: str = parsed.period or "day"
    return parsed_at.date(), _PRECISIONS.get(period, DatePrecision.DAY)


FALLBACK_RULE = Rule("dateparser", CANDIDATE, resolve_with_dateparser)
