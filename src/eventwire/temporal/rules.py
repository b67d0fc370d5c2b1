"""The date rules: one compiled pattern and one resolver each, tried in the order of ``RULES``.

A resolver turns a match and the anchor (the article date) into ``(date, precision)``, or
returns None to drop a match that only looked like a date (31 April, a year range that runs
backwards). Patterns put the mention in a group named ``span``; words outside it (the "in" of
"in May") are context that licenses the match but is not part of the mention.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from eventwire.model import DatePrecision
from eventwire.temporal import lexicon as lx
from eventwire.temporal import periods

Resolution = tuple[date | None, DatePrecision]
Resolver = Callable[[re.Match[str], date | None], Resolution | None]

DAY = DatePrecision.DAY
WEEK = DatePrecision.WEEK
MONTH = DatePrecision.MONTH
YEAR = DatePrecision.YEAR


@dataclass(frozen=True, slots=True)
class Rule:
    """A named pattern and the resolver that dates its matches."""

    name: str
    pattern: re.Pattern[str]
    resolve: Resolver

    def span(self, match: re.Match[str]) -> tuple[int, int]:
        return match.span("span") if "span" in self.pattern.groupindex else match.span()


# --- shared helpers ---------------------------------------------------------------------------

_MONTH_INDEX = {name[:3].lower(): number for number, name in enumerate(lx.MONTHS, start=1)}
_WEEKDAY_INDEX = {name.lower(): number for number, name in enumerate(lx.WEEKDAYS)}
_SHIFT = {
    "last": -1, "previous": -1, "the previous": -1, "this past": -1, "past": -1, "the past": -1,
    "this": 0, "": 0, "next": 1, "the following": 1,
}  # fmt: skip


def _normalise(words: str | None) -> str:
    return " ".join((words or "").lower().replace("-", " ").split())


def _group(match: re.Match[str], name: str) -> str | None:
    return match.groupdict().get(name)


def _month_of(match: re.Match[str]) -> int:
    return _MONTH_INDEX[match["month"].rstrip(".").lower()[:3]]


def _day_of(match: re.Match[str]) -> int:
    number = _group(match, "day")
    if number is not None:
        return int(number)
    return lx.ORDINAL_WORDS[_normalise(match["day_word"])]


def _stated_year(match: re.Match[str], anchor: date | None) -> int | None:
    """The year named outright ("2021") or against the anchor ("last year"), if any."""
    year = _group(match, "year")
    if year is not None:
        return int(year)
    relative = _group(match, "relative_year")
    if relative is not None and anchor is not None:
        return anchor.year + _SHIFT[_normalise(relative)]
    return None


def _count_of(words: str) -> int:
    words = _normalise(words)
    return int(words) if words.isdigit() else lx.NUMBER_WORDS[words]


# --- resolvers --------------------------------------------------------------------------------


def resolve_day_month(match: re.Match[str], anchor: date | None) -> Resolution | None:
    """Reads "4 March 2021", "March 4"; a year-less day is the latest on or before the anchor."""
    month, day = _month_of(match), _day_of(match)
    year = _stated_year(match, anchor)
    if year is not None:
        stated = periods.safe_date(year, month, day)
        return None if stated is None else (stated, DAY)
    if not periods.day_exists(month, day):
        return None
    if anchor is None:
        return None, DAY
    return periods.month_day_on_or_before(anchor, month, day), DAY


def resolve_numeric(match: re.Match[str], anchor: date | None) -> Resolution | None:
    """Reads "14/10/2022" day first; month first only when day first is impossible."""
    first, second, year = int(match["first"]), int(match["second"]), int(match["year"])
    stated = periods.safe_date(year, second, first) or periods.safe_date(year, first, second)
    return None if stated is None else (stated, DAY)


def resolve_iso(match: re.Match[str], anchor: date | None) -> Resolution | None:
    stated = periods.safe_date(int(match["year"]), int(match["month_number"]), int(match["day"]))
    return None if stated is None else (stated, DAY)


def resolve_month(match: re.Match[str], anchor: date | None) -> Resolution | None:
    """Reads "May 2021", "in May", "last May"; a year-less month is the latest begun."""
    month = _month_of(match)
    year = _stated_year(match, anchor)
    if year is not None:
        return date(year, month, 1), MONTH
    if anchor is None:
        return None, MONTH
    shift = _SHIFT[_normalise(_group(match, "relative"))]
    if shift < 0:
        return periods.month_before(anchor, month), MONTH
    if shift > 0:
        return date(anchor.year + (month <= anchor.month), month, 1), MONTH
    if _group(match, "relative") is not None:  # "this May": the anchor's own year
        return date(anchor.year, month, 1), MONTH
    return periods.month_on_or_before(anchor, month), MONTH


def resolve_weekday(match: re.Match[str], anchor: date | None) -> Resolution | None:
    """Reads "Friday" as the latest such day on or before the anchor, the anchor included."""
    if anchor is None:
        return None, DAY
    weekday = _WEEKDAY_INDEX[match["weekday"].lower()]
    week_relative = _group(match, "week_relative")
    if week_relative is not None:  # "Friday last week"
        monday = periods.week_start(anchor) + timedelta(weeks=_SHIFT[_normalise(week_relative)])
        return monday + timedelta(days=weekday), DAY
    shift = _SHIFT[_normalise(_group(match, "relative"))]
    if shift < 0:
        return periods.weekday_before(anchor, weekday), DAY
    if shift > 0:
        return periods.weekday_after(anchor, weekday), DAY
    return periods.weekday_on_or_before(anchor, weekday), DAY


DAY_OFFSETS: dict[str, int] = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "earlier today": 0, "later today": 0, "earlier on today": 0,
    "yesterday": -1, "yesterday morning": -1, "yesterday afternoon": -1,
    "yesterday evening": -1, "last night": -1, "late last night": -1, "overnight": -1,
    "the previous day": -1, "the previous night": -1, "the night before": -1,
    "the day before": -1, "the day before yesterday": -2,
    "tomorrow": 1, "the day after tomorrow": 2,
}  # fmt: skip


def resolve_day_offset(match: re.Match[str], anchor: date | None) -> Resolution | None:
    """Reads "yesterday", "last night": a fixed number of days from the anchor."""
    if anchor is None:
        return None, DAY
    return anchor + timedelta(days=DAY_OFFSETS[_normalise(match["span"])]), DAY


def _period_start(anchor: date, unit: str, shift: int) -> Resolution:
    if unit == "week":
        return periods.week_start(anchor) + timedelta(weeks=shift), WEEK
    if unit == "month":
        return periods.month_start(anchor, months=shift), MONTH
    return periods.year_start(anchor.year + shift), YEAR


_UNIT_PRECISION = {"week": WEEK, "month": MONTH, "year": YEAR}


def resolve_relative_period(match: re.Match[str], anchor: date | None) -> Resolution | None:
    """Reads "last week", "earlier this month", "late last year": the first day of that period."""
    unit = match["unit"].lower()
    if anchor is None:
        return None, _UNIT_PRECISION[unit]
    return _period_start(anchor, unit, _SHIFT[_normalise(_group(match, "relative"))])


def resolve_weekend(match: re.Match[str], anchor: date | None) -> Resolution | None:
    """A weekend is dated by its Saturday, with week precision (a stretch of days)."""
    if anchor is None:
        return None, WEEK
    monday = periods.week_start(anchor)
    relative = _normalise(match["relative"])
    if relative == "the":  # "over the weekend": the latest weekend begun by the anchor
        return periods.weekday_on_or_before(anchor, periods.SATURDAY), WEEK
    return monday + timedelta(days=periods.SATURDAY, weeks=_SHIFT[relative]), WEEK


_BACKWARD = frozenset({"ago", "earlier"})
_COUNT_PRECISION = {"day": DAY, "week": WEEK, "month": MONTH, "year": YEAR}


def resolve_count(match: re.Match[str], anchor: date | None) -> Resolution | None:
    """Reads "two days ago", "a week earlier" as counted back from the anchor."""
    unit = match["unit"].lower()
    precision = _COUNT_PRECISION[unit]
    # "later"/"after" count from another event in the story, which this module cannot see.
    if anchor is None or match["direction"].lower() not in _BACKWARD:
        return None, precision
    count = _count_of(match["count"])
    try:
        if unit == "day":
            return anchor - timedelta(days=count), DAY
        if unit == "week":
            return periods.week_start(anchor - timedelta(weeks=count)), WEEK
        return _period_start(anchor, unit, -count)
    except (OverflowError, ValueError):  # counted back past year 1
        return None, precision


_VAGUE_PRECISION = {"day": WEEK, "week": MONTH, "month": YEAR, "year": YEAR}


def resolve_vague_count(match: re.Match[str], anchor: date | None) -> Resolution | None:
    """Reads "days earlier", "weeks ago": no day can be named; the precision gives the scale."""
    return None, _VAGUE_PRECISION[match["unit"].lower()]


def resolve_year(match: re.Match[str], anchor: date | None) -> Resolution | None:
    return periods.year_start(int(match["year"])), YEAR


def resolve_year_range(match: re.Match[str], anchor: date | None) -> Resolution | None:
    """Reads "2014-15", "2011 to 2014" as the first year; a backward range is dropped."""
    start, end = match["year"], match["end_year"]
    end_year = int(end) if len(end) == 4 else int(start[:2] + end)
    if end_year <= int(start):
        return None
    return periods.year_start(int(start)), YEAR


# --- patterns ---------------------------------------------------------------------------------

_WEEKDAY_PREFIX = rf"(?:{lx.WEEKDAY}\s*,?\s+)?"
_DAY_TO_DAY = (
    r"\s*(?:[-–—]|\s(?i:to|and|or)\s)\s*(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
)
_YEAR_TAIL = rf"(?:\s*,?\s*{lx.YEAR}|\s+{lx.RELATIVE_YEAR})?"
_NOT_POSSESSIVE = r"(?!['’]s\b)"
_MONTH_CONTEXT = (
    r"(?i:in|since|during|until|till|through|throughout"
    r"|(?:the\s+)?(?:end|start|beginning|middle|half|part|rest|first|second|third|last)"
    r"(?:\s+(?:half|week|weeks|days))?\s+of)"
)
_YEAR_CONTEXT = (
    r"(?i:(?:back\s+)?in|since|during|until|till|through|throughout|from|before|after|by"
    r"|(?:end|start|beginning|middle|half|part|rest|summer|spring|autumn|fall|winter|months?"
    r"|year|elections?|war|events)\s+of)"
)
_NO_NUMBER_BEFORE = r"(?<![\d$£€#./-])"
_HOLIDAY_GUARD = "".join(rf"(?<!{word} )" for word in lx.HOLIDAY_PREFIXES)
_NEWSPAPER_GUARD = rf"(?!\s+(?:{lx.alternation(lx.NEWSPAPER_WORDS)})\b)"
_DAY_OFFSET_WORDS = lx.alternation([w for w in DAY_OFFSETS if w != "the day before"])
_COUNT_WORDS = rf"(?:\d{{1,3}}|{lx.alternation(list(lx.NUMBER_WORDS))})"


def _compile(pattern: str, *, starts: str) -> re.Pattern[str]:
    """Compile ``pattern`` behind a look-ahead for the characters a match can start with.

    The gate lets the engine skip most positions at once (about 5x faster on news text);
    ``starts`` lists letters in either case, plus ``0`` for "a digit".
    """
    letters = "".join(sorted({c for c in starts.lower() + starts.upper() if c.isalpha()}))
    digits = r"\d" if "0" in starts else ""
    return re.compile(rf"(?=[{digits}{letters}]){pattern}")


DAY_MONTH_YEAR = _compile(
    rf"\b(?P<span>{_WEEKDAY_PREFIX}(?:(?i:the)\s+)?"
    rf"(?:{lx.DAY_NUMBER}(?:\s+(?i:of))?|{lx.DAY_WORD}\s+(?i:of))\s+{lx.MONTH_ANY}{_YEAR_TAIL})",
    starts="0mtwfsen",
)
MONTH_DAY_YEAR = _compile(
    rf"\b(?P<span>{_WEEKDAY_PREFIX}{lx.MONTH_ANY}\s+(?:(?i:the)\s+)?{lx.DAY_NUMBER}{_YEAR_TAIL})",
    starts="jfmasondtw",
)
DAY_RANGE_MONTH = _compile(
    rf"\b(?P<span>{lx.DAY_NUMBER}{_DAY_TO_DAY}\s+{lx.MONTH_ANY}(?:\s*,?\s*{lx.YEAR})?)",
    starts="0",
)
MONTH_DAY_RANGE = _compile(
    rf"\b(?P<span>{lx.MONTH_ANY}\s+{lx.DAY_NUMBER}{_DAY_TO_DAY}(?:\s*,?\s*{lx.YEAR})?)",
    starts="jfmasond",
)
ISO_DATE = _compile(
    rf"{_NO_NUMBER_BEFORE}\b(?P<span>(?P<year>(?:19|20)\d\d)-(?P<month_number>0?[1-9]|1[0-2])"
    r"-(?P<day>3[01]|[12]\d|0?[1-9]))(?![\d-])",
    starts="0",
)
NUMERIC_DATE = _compile(
    rf"{_NO_NUMBER_BEFORE}\b(?P<span>(?P<first>\d{{1,2}})(?P<sep>[/.-])(?P<second>\d{{1,2}})"
    r"(?P=sep)(?P<year>(?:19|20)\d\d))(?!\w|[/.-]\d)",
    starts="0",
)
MONTH_YEAR = _compile(
    rf"\b(?P<span>(?:{lx.QUALIFIER})?{lx.MONTH_ANY}\s*,?\s+(?:(?i:of)\s+)?{lx.YEAR})",
    starts="jfmasondel",
)
MONTH_RELATIVE_YEAR = _compile(
    rf"\b(?P<span>(?:{lx.QUALIFIER})?{lx.MONTH_FULL}\s+{lx.RELATIVE_YEAR})\b",
    starts="jfmasondel",
)
MONTH_IN_CONTEXT = _compile(
    rf"\b{_MONTH_CONTEXT}\s+(?P<span>(?:{lx.QUALIFIER})?{lx.MONTH_FULL}){_NOT_POSSESSIVE}",
    starts="isdutebmhprfl",
)
MONTH_QUALIFIED = _compile(
    rf"\b(?P<span>{lx.QUALIFIER}{lx.MONTH_FULL}){_NOT_POSSESSIVE}", starts="elm"
)
MONTH_RELATIVE = _compile(
    rf"\b(?P<span>(?P<relative>(?i:last|this\s+past|this|next))\s+{lx.MONTH_FULL})"
    rf"{_NOT_POSSESSIVE}",
    starts="ltn",
)
WEEKDAY = _compile(
    rf"\b(?P<span>(?:(?i:late|early|overnight)\s+(?:(?i:on)\s+)?)?"
    r"(?:(?P<relative>(?i:last|this\s+past|this|next|past))\s+)?"
    rf"{_HOLIDAY_GUARD}{lx.WEEKDAY}{_NEWSPAPER_GUARD}"
    r"(?:\s+(?i:morning|afternoon|evening|night|midnight))?"
    r"(?:\s+(?P<week_relative>(?i:last|this|next))\s+(?i:week)\b)?)",
    starts="leotnpmwfs",
)
# "an overnight raid" is no date; the article must be a word of its own, so a place such as
# Hpa-An in "in Hpa-An yesterday" does not count as one.
DAY_OFFSET = _compile(
    r"(?<!(?<![\w-])an )(?<!(?<![\w-])An )(?<!(?<![\w-])the )(?<!(?<![\w-])The )"
    rf"\b(?P<span>(?i:{_DAY_OFFSET_WORDS}))\b",
    starts="telyo",
)
# "the day before" alone only at the end of a clause: "the day before the vote" is not a date.
DAY_BEFORE = _compile(
    r"\b(?P<span>(?i:the\s+day\s+before))(?=\s*(?:[.,;:!?)—–]|$))", starts="t"
)
RELATIVE_PERIOD = _compile(
    r"\b(?P<span>(?i:(?:(?:earlier|later|early|late|mid)(?:-|\s+))?"
    r"(?P<relative>last|this\s+past|this|next|the\s+previous|the\s+following)\s+"
    r"(?P<unit>week|month|year)))\b",
    starts="elmtn",
)
EARLIER_IN_PERIOD = _compile(
    r"\b(?P<span>(?i:(?:earlier|later)\s+in\s+the\s+(?P<unit>week|month|year)))\b",
    starts="el",
)
WEEKEND = _compile(
    r"\b(?P<span>(?i:(?P<relative>last|this\s+past|the\s+past|this|next|the)\s+weekend))\b",
    starts="ltn",
)
COUNT_AGO = _compile(
    rf"\b(?P<span>(?i:(?P<count>{_COUNT_WORDS})\s+(?P<unit>day|week|month|year)s?\s+"
    r"(?P<direction>ago|earlier|later|after)))\b",
    starts="0aotfsen",
)
VAGUE_COUNT = _compile(
    r"\b(?P<span>(?i:(?:(?:a\s+few|several|some|many|a\s+number\s+of)\s+)?"
    r"(?P<unit>day|week|month|year)s\s+(?P<direction>ago|earlier|later)))\b",
    starts="asmdwy",
)
YEAR_RANGE = _compile(
    rf"{_NO_NUMBER_BEFORE}\b(?:(?i:between|from)\s+)?(?P<span>(?P<year>(?:19|20)\d\d)"
    r"(?:\s*[-–—/]\s*|\s+(?i:to|and|until)\s+)"
    rf"(?P<end_year>(?:19|20)\d\d|\d\d)(?![\d]|s\b)){lx.COUNT_GUARD}",
    starts="0bf",
)
YEAR_IN_CONTEXT = _compile(
    rf"\b{_YEAR_CONTEXT}\s+(?P<span>(?:{lx.QUALIFIER})?{lx.YEAR})", starts="ibsdutfaemhprwy"
)
YEAR_QUALIFIED = _compile(rf"\b(?P<span>{lx.QUALIFIER}{lx.YEAR})", starts="elm")
YEAR_BEFORE_EVENT = _compile(
    rf"{_NO_NUMBER_BEFORE}\b(?P<span>{lx.YEAR})(?:[-–/]\d\d(?!\d))?"
    rf"(?:\s+[A-Za-z][\w-]*){{0,2}}?\s+(?i:{lx.alternation(lx.EVENT_NOUNS)})\b",
    starts="0",
)

# Order breaks ties between equally long matches: the more specific rule comes first.
RULES: tuple[Rule, ...] = (
    Rule("day_month_year", DAY_MONTH_YEAR, resolve_day_month),
    Rule("month_day_year", MONTH_DAY_YEAR, resolve_day_month),
    Rule("day_range_month", DAY_RANGE_MONTH, resolve_day_month),
    Rule("month_day_range", MONTH_DAY_RANGE, resolve_day_month),
    Rule("iso_date", ISO_DATE, resolve_iso),
    Rule("numeric_date", NUMERIC_DATE, resolve_numeric),
    Rule("month_year", MONTH_YEAR, resolve_month),
    Rule("month_relative_year", MONTH_RELATIVE_YEAR, resolve_month),
    Rule("month_relative", MONTH_RELATIVE, resolve_month),
    Rule("month_qualified", MONTH_QUALIFIED, resolve_month),
    Rule("month_in_context", MONTH_IN_CONTEXT, resolve_month),
    Rule("weekday", WEEKDAY, resolve_weekday),
    Rule("day_offset", DAY_OFFSET, resolve_day_offset),
    Rule("day_before", DAY_BEFORE, resolve_day_offset),
    Rule("relative_period", RELATIVE_PERIOD, resolve_relative_period),
    Rule("earlier_in_period", EARLIER_IN_PERIOD, resolve_relative_period),
    Rule("weekend", WEEKEND, resolve_weekend),
    Rule("count_ago", COUNT_AGO, resolve_count),
    Rule("vague_count", VAGUE_COUNT, resolve_vague_count),
    Rule("year_range", YEAR_RANGE, resolve_year_range),
    Rule("year_qualified", YEAR_QUALIFIED, resolve_year),
    Rule("year_in_context", YEAR_IN_CONTEXT, resolve_year),
    Rule("year_before_event", YEAR_BEFORE_EVENT, resolve_year),
)
