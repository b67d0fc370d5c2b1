"""Sentences that refer back to an event the article has already told.

News copy tells an event in its lead, then returns to it with a definite noun: "The blast
destroyed shops", "Hours before the bombing, residents marched", "Two of the wounded died
overnight". None of these tells a new event:
- a definite event noun ("the blast", "the attack") in a time adverbial ("before the bombing",
  "a day after the attack") is no event; it dates its clause from the event it names;
- a sentence whose act has a definite event noun as subject ("The blast destroyed shops") and
  no date of its own tells more of that event;
- a death or injury among "the wounded" is a toll of the event that wounded them.
The event referred to is the article's last asserted ASSAULT told before the sentence: only
violent events are named by these nouns. "An attack" (indefinite) is a new event, and a noun
with a date or number of its own ("the 2022 bombing") names another one.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from eventwire.model import PloverType

# Nouns that name a violent event (lemmas): a definite one names an event already told.
VIOLENT_EVENT_NOUNS = frozenset(
    {"attack", "assault", "ambush", "blast", "bombing", "explosion", "strike", "airstrike",
     "raid", "shelling", "shooting", "massacre"})
DEFINITE_DETERMINERS = frozenset({"the", "this", "that"})
# "the previous attack", "the deadliest bombing": another event, or one of a series.
OTHER_EVENT_MODIFIERS = frozenset(
    {"previous", "earlier", "last", "first", "past", "prior", "other", "similar", "next",
     "deadliest", "worst", "biggest", "largest", "recent"})
# Prepositions that place a clause in time relative to the event they name, and the sign of
# the offset ("two days after" is +2); "since the attack" names it but dates nothing.
ANCHORING_PREPOSITIONS = {"before": -1, "after": 1, "following": 1, "during": 0}
NAMING_PREPOSITIONS = frozenset({*ANCHORING_PREPOSITIONS, "since", "amid"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Those hurt in an event already told: "two of the wounded died".
HURT_NOUNS = frozenset({"wounded", "injured"})
SMALL_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7}


@dataclass(frozen=True, slots=True)
class TimeAnchor:
    """A time adverbial naming an earlier event: its noun, and the days from that event's day."""

    noun: Token
    days: int


def is_definite_reference(token: Token) -> bool:
    """"the blast", "this attack": a violent event noun with a definite determiner and no
    number, owner or ordering word of its own ("the 2022 bombing", "Israel's strike", "the
    previous attack" name another)."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in VIOLENT_EVENT_NOUNS:
        return False
    children = list(token.children)
    if not any(c.dep_ == "det" and c.lower_ in DEFINITE_DETERMINERS for c in children):
        return False
    if any(c.dep_ == "poss" or c.lower_ in OTHER_EVENT_MODIFIERS for c in token.lefts):
        return False
    return not any(t.like_num for c in token.lefts for t in c.subtree)


def time_anchor(token: Token) -> TimeAnchor | None:
    """The anchor a definite event noun gives when it is the object of a time preposition:
    "hours before the bombing" (same day), "two days after the attack" (+2)."""
    preposition = token.head
    if token.dep_ != "pobj" or preposition.lower_ not in NAMING_PREPOSITIONS:
        return None
    if not is_definite_reference(token):
        return None
    sign = ANCHORING_PREPOSITIONS.get(preposition.lower_)
    if sign is None:
        return None
    return TimeAnchor(noun=token, days=sign * _days_measured(preposition))


def names_earlier_event(token: Token) -> bool:
    """A definite event noun in any time adverbial, "since the attack" included."""
    return token.dep_ == "pobj" and token.head.lower_ in NAMING_PREPOSITIONS \
        and is_definite_reference(token)


def _days_measured(preposition: Token) -> int:
    """"a day after", "two days before": the days the measure before the preposition counts;
    hours or nothing count none."""
    for measure in preposition.lefts:
        if measure.lemma_.lower() != "day":
            continue
        counts = [c for c in measure.children if c.dep_ in {"nummod", "det"}]
        for count in counts:
            if count.lower_ in SMALL_NUMBERS:
                return SMALL_NUMBERS[count.lower_]
            if count.text.isdigit() and int(count.text) < 30:
                return int(count.text)
    return 0


def has_reference_subject(tokens: list[Token]) -> bool:
    """One of the words has a definite event noun as its subject ("The blast destroyed"), or
    is one ("The attack killed five" with "attack" the subject)."""
    for token in tokens:
        if token.dep_ in SUBJECT_DEPS and is_definite_reference(token):
            return True
        if any(c.dep_ in SUBJECT_DEPS and is_definite_reference(c) for c in token.children):
            return True
    return False


def names_earlier_hurt(span: Span | None) -> bool:
    """"two of the wounded", "the injured": people hurt in an event already told."""
    if span is None:
        return False
    return any(token.lower_ in HURT_NOUNS and any(c.lower_ == "the" for c in token.lefts)
               for token in span)


def is_violent_host(event_type: PloverType, unreal: bool) -> bool:
    return event_type is PloverType.ASSAULT and not unreal
