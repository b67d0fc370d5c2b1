"""Statements, claims of responsibility and attributed figures end to end (loads the spaCy model).

Each text is a short wire-style report written for this test; docs/EXTRACTION.md section 11
states the rules. The fast rules are pinned by hand-built parses in test_speech.py.
"""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.config import Settings
from eventwire.model import Article, Event, Modality, PloverType
from eventwire.pipeline import Coder

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder.default(Settings().with_overrides(n_process=1))


def code(coder: Coder, text: str) -> list[Event]:
    return coder.code(Article(id="t", text=text, date=date(2024, 3, 15)))


def of_type(events: list[Event], event_type: PloverType) -> list[Event]:
    return [e for e in events if e.event_type is event_type]


def test_a_claim_after_the_attack_credits_that_attack_and_is_no_event_of_its_own(coder: Coder) -> None:
    events = code(coder, "Gunmen fired on a police post near Tulkarm on Wednesday night, wounding an "
                         "officer. The Al-Quds Brigades claimed responsibility for the attack in a "
                         "statement on Thursday.")
    [attack] = of_type(events, PloverType.ASSAULT)
    assert attack.trigger.text == "fired"
    assert attack.responsibility is not None
    assert attack.responsibility.claimant.actor_id == "al-quds-brigades"
    assert attack.actor is not None and attack.actor.actor_id == "al-quds-brigades"
    assert attack.extras["actor_source"] == "claim"
    assert attack.modality is Modality.ASSERTED  # the writer tells the shooting; the claim names who


def test_a_claim_that_names_its_own_attack_is_that_attack_claimed(coder: Coder) -> None:
    [attack] = of_type(code(coder, "Al-Shabaab claimed responsibility for a roadside bombing that "
                                   "killed two soldiers near Afgooye on Tuesday."), PloverType.ASSAULT)
    assert attack.modality is Modality.CLAIMED
    assert attack.responsibility is not None and attack.claimed_by is not None
    assert attack.claimed_by.actor_id == attack.responsibility.claimant.actor_id == attack.actor.actor_id  # type: ignore[union-attr]


def test_conflicting_figures_keep_their_sources(coder: Coder) -> None:
    [attack] = of_type(code(coder, "The health ministry said nine people were killed in the strike, "
                                   "while the army said four militants died."), PloverType.ASSAULT)
    figures = {(f.count, f.source.text if f.source else None) for f in attack.figures}
    assert figures == {(9, "The health ministry"), (4, "the army")}
    assert attack.fatalities is not None  # ACLED's one figure is still chosen


def test_a_quoted_boast_is_claimed_by_the_spokesman_organisation(coder: Coder) -> None:
    [attack] = of_type(code(coder, '"Our fighters destroyed two tanks east of Khan Younis," Abu Obeida, '
                                   "the spokesman of the Qassam Brigades, said."), PloverType.ASSAULT)
    assert attack.modality is Modality.CLAIMED
    assert attack.claimed_by is not None and attack.claimed_by.actor_id == "al-qassam-brigades"
    assert attack.statement is not None and attack.statement.quotes


def test_a_call_to_attack_differs_from_a_call_to_rally(coder: Coder) -> None:
    [violent] = of_type(code(coder, "The armed factions called on young men to attack soldiers at "
                                    "every checkpoint."), PloverType.REQUEST)
    [peaceful] = of_type(code(coder, "The union called on workers to join a general strike and a "
                                     "march to parliament."), PloverType.REQUEST)
    assert violent.call_to_action and violent.call_to_violence
    assert peaceful.call_to_action and not peaceful.call_to_violence


def test_a_denied_act_is_linked_to_the_denial_and_not_a_fact(coder: Coder) -> None:
    events = code(coder, "The army denied shelling the market in Omdurman.")
    [denial] = of_type(events, PloverType.REJECT)
    [shelling] = of_type(events, PloverType.ASSAULT)
    assert denial.denial and denial.cameo == "016"
    assert shelling.modality is Modality.DENIED and not shelling.factual
    assert shelling.stated_in == denial.event_id
    assert shelling.fatalities is None


@pytest.mark.parametrize(("text", "modality", "expected"), [
    # 2024-03-15 is a Friday: a weekday alone is the next one for an act not done yet...
    ("Settlers are planning to storm the compound on Tuesday, the ministry warned.", Modality.PLANNED, date(2024, 3, 19)),
    ("The militia threatened to attack the convoy on Sunday night.", Modality.THREATENED, date(2024, 3, 17)),
    # ... and the last one for what happened or is denied
    ("Settlers stormed the compound on Tuesday, the ministry said.", Modality.CLAIMED, date(2024, 3, 12)),
    ("The army denied shelling the village on Tuesday.", Modality.DENIED, date(2024, 3, 12)),
])
def test_a_bare_weekday_looks_ahead_only_for_acts_not_done_yet(coder: Coder, text: str, modality: Modality,
                                                               expected: date) -> None:
    [act] = [e for e in code(coder, text) if e.modality is modality]
    assert act.date == expected


def test_an_event_noun_under_a_noun_of_record_refers_back(coder: Coder) -> None:
    told = code(coder, "Fighters ambushed a patrol near Jenin on Thursday. The group released no "
                       "footage of the attack, and an investigation into the ambush has begun.")
    assert [e.trigger.text for e in of_type(told, PloverType.ASSAULT)] == ["ambushed"]
    new = code(coder, "Footage of an attack on a convoy near Jenin circulated on Thursday.")
    assert [e.trigger.text for e in of_type(new, PloverType.ASSAULT)] == ["attack"]


def test_it_before_a_verb_of_speech_is_the_organisation_named_before(coder: Coder) -> None:
    events = code(coder, "The RSF denied targeting civilians in El Fasher. It accused the army of "
                         "shelling the camp itself.")
    [accusation] = of_type(events, PloverType.ACCUSE)
    assert accusation.actor is not None and accusation.actor.actor_id == "rsf"
    [blast] = of_type(code(coder, "A bomb hid in a car near the market in Mogadishu. It exploded at noon, "
                                  "killing two."), PloverType.ASSAULT)
    assert blast.actor is None or blast.actor.text != "It"  # a thing that explodes is no party
