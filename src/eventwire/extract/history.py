"""Is an event news, or background the article recalls? (the ``historical`` flag)

An event is historical when
1. its date, from the text, names a period that ended more than ``historical_days`` (30) days
   before the article date ("the war of May 2021", "in 2014", "last year" after January), or
2. it is a running total since a past point ("since the war began, 40 people have been
   killed"): a present-perfect clause governed by "since", which summarises many events, or
3. its sentence recalls an anniversary, an earlier round or a past season ("the previous war",
   "last winter", "years ago").
Events dated only by the article date are never historical by rule 1.
"""

from __future__ import annotations

import calendar
import itertools
from datetime import date, timedelta

from spacy.tokens import Span

from eventwire.model import DatePrecision

BACKGROUND_CUES = frozenset({"anniversary"})
PREVIOUS_ROUND = (
    ("previous", "war"), ("last", "war"), ("previous", "round"), ("past", "war"),
    ("last", "winter"), ("last", "summer"), ("last", "spring"), ("last", "autumn"), ("last", "fall"),
    ("years", "ago"), ("decades", "ago"), ("decade", "ago"),
)


def period_end(start: date, precision: DatePrecision) -> date:
    if precision is DatePrecision.WEEK:
        return start + timedelta(days=6)
    if precision is DatePrecision.MONTH:
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if precision is DatePrecision.YEAR:
        return start.replace(month=12, day=31)
    return start


def is_old(event_date: date, precision: DatePrecision, article_date: date, *, days: int) -> bool:
    return (article_date - period_end(event_date, precision)).days > days


def is_running_total(sentence: Span) -> bool:
    """Present perfect under "since": a toll summed over a period, not one event."""
    # "since" heading a point in time; the adverb in "has since closed" is news, not a total
    has_since = any(t.lower_ == "since" and t.dep_ in {"prep", "mark"} for t in sentence)
    present_perfect = any(
        t.lemma_ == "have" and t.dep_ in {"aux", "auxpass"} and t.tag_ in {"VBP", "VBZ"} for t in sentence
    )
    return has_since and present_perfect


def recalls_the_past(sentence: Span) -> bool:
    lowered = [t.lower_ for t in sentence]
    if BACKGROUND_CUES.intersection(lowered):
        return True
    pairs = set(itertools.pairwise(lowered))
    return any(pair in pairs for pair in PREVIOUS_ROUND)
