"""Is an event news, or background the article recalls? (the ``historical`` flag)

An event is historical when
1. its date, from the text, names a period that ended more than ``historical_days`` (30) days
   before the article date ("the war of May 2021", "in 2014", "last year" after January), or
2. it is a running total since a past point ("since the war began, 40 people have been
   killed"): a present-perfect clause governed by "since", which summarises many events, or
3. its sentence recalls an anniversary, an earlier round or a past season ("the previous war",
   "last winter", "years ago"), or
4. it has gone on for years ("the group has fought the government for 15 years"): a
   present-perfect act with "for" and a span of years or decades sums up a conflict, or
5. its sentence goes on with what has happened since ("launched an offensive on May 10, and the
   city has since come under attack") and its date, from the text, is more than a week old.
Events dated only by the article date are never historical by rule 1.
"""

from __future__ import annotations

import calendar
import itertools
from datetime import date, timedelta

from spacy.tokens import Span, Token

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


# "has fought the government for more than 15 years": a span of years says how long something
# has gone on, which sums up a conflict rather than tells one event.
LONG_SPANS = frozenset({"year", "decade"})


def is_long_running(trigger: Token) -> bool:
    """A present-perfect act that has gone on "for" years or decades ("the group has fought the
    government for 15 years"): the conflict's history, not news."""
    verb = trigger if trigger.pos_ in {"VERB", "AUX"} else trigger.head
    if not _present_perfect(verb):
        return False
    return any(child.dep_ == "prep" and child.lower_ == "for"
               and any(g.dep_ == "pobj" and g.lemma_.lower() in LONG_SPANS for g in child.children)
               for child in verb.children)


def _present_perfect(verb: Token) -> bool:
    return any(c.lemma_ == "have" and c.dep_ in {"aux", "auxpass"} and c.tag_ in {"VBP", "VBZ"}
               for c in verb.children)


# How old an act must be, when its sentence goes on with what has happened since, to be the
# starting point the article recalls rather than news ("launched an offensive on May 10, and
# the city has since come under near-daily attack").
FOLLOWED_DAYS = 7


def tells_what_followed(sentence: Span) -> bool:
    """The sentence goes on with "has/have since ...": what followed an earlier act."""
    return any(t.lower_ == "since" and t.dep_ == "advmod" and _present_perfect(t.head) for t in sentence)


def recalls_the_past(sentence: Span) -> bool:
    lowered = [t.lower_ for t in sentence]
    if BACKGROUND_CUES.intersection(lowered):
        return True
    pairs = set(itertools.pairwise(lowered))
    return any(pair in pairs for pair in PREVIOUS_ROUND)
