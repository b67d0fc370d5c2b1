"""The IndiaPoliceEvents question rules on hand-built events."""

from __future__ import annotations

from dataclasses import replace

from eventwire.evaluate.indiapolice import is_arrest, predicted_answers
from eventwire.model import ActorRef, Event, PloverType, TextSpan

TEXT = "the district administration arrested 40 rioters and the army detained two traders."


def _event(trigger: str, event_type: PloverType, *, mode: str | None = None,
           actor: ActorRef | None = None, **fields: object) -> Event:
    start = TEXT.index(trigger)
    return Event(event_id=f"ev-{start}", article_id="a", event_type=event_type,
                 evidence=TextSpan(TEXT, 0, len(TEXT)),
                 trigger=TextSpan(trigger, start, start + len(trigger)), mode=mode, actor=actor,
                 **fields)


def _actor(words: str, actor_type: str | None) -> ActorRef:
    start = TEXT.index(words)
    return ActorRef(text=words, start=start, end=start + len(words), actor_type=actor_type)


def test_arrest_by_a_government_body_or_unresolved_actor_is_a_police_arrest() -> None:
    by_administration = _event("arrested", PloverType.COERCE, mode="arrest",
                               actor=_actor("district administration", "government"))
    unresolved = replace(by_administration, actor=_actor("district administration", None))
    assert is_arrest(by_administration)
    assert is_arrest(unresolved)


def test_arrest_by_an_army_is_not_a_police_arrest() -> None:
    by_army = _event("detained", PloverType.COERCE, mode="arrest",
                     actor=_actor("the army", "state_military"))
    assert not is_arrest(by_army)
    assert not predicted_answers([by_army])["ARREST"]


def test_historical_events_answer_the_questions() -> None:
    old_arrest = _event("arrested", PloverType.COERCE, mode="arrest", historical=True)
    old_firing = _event("arrested", PloverType.ASSAULT, historical=True, fatalities=2,
                        actor=ActorRef(text="police", start=0, end=3))
    answers = predicted_answers([old_arrest, old_firing])
    assert answers["ARREST"] and answers["KILL"] and answers["FORCE"]
