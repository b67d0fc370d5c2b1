"""Actors and recipients end to end through the default pipeline (loads the spaCy model).

Each text is a short wire-style report written for this test. The assertions are the parties a
careful ACLED or PLOVER coder would give the event: aliases and framing words resolve to the
same entity, armed wings and persons to their organisation, passives and agentless follow-ups
to the right side, unknown parties keep their words with an inferred type, and coordinated
parties are all kept.
"""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.config import Settings
from eventwire.model import ActorRef, Article, Event
from eventwire.pipeline import Coder

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder.default(Settings().with_overrides(n_process=1))


def first_event(coder: Coder, text: str) -> Event:
    events = [e for e in coder.code(Article(id="t", text=text, date=date(2024, 5, 6))) if not e.historical]
    assert events, f"no event coded from {text!r}"
    return events[0]


def ident(ref: ActorRef | None) -> str | None:
    return ref.actor_id if ref is not None else None


@pytest.mark.parametrize(("text", "actor_id"), [
    # one entity whatever the outlet calls it
    ("Israeli occupation forces stormed the town of Qabatiya at dawn on Monday, the agency said.", "idf"),
    ("The Zionist enemy army shelled the outskirts of Khiam on Sunday.", "idf"),
    ("IDF troops raided Nur Shams camp overnight.", "idf"),
    ("RSF paramilitaries attacked the village of Um Kadada on Saturday.", "rsf"),
    ("The Rapid Support Forces shelled a market in El Fasher on Sunday.", "rsf"),
])
def test_aliases_and_framing_words_resolve_to_one_entity(coder: Coder, text: str, actor_id: str) -> None:
    assert ident(first_event(coder, text).actor) == actor_id


def test_an_armed_wing_resolves_and_carries_its_affiliation(coder: Coder) -> None:
    event = first_event(coder, "Fighters of the al-Aqsa Martyrs Brigades opened fire on Israeli "
                               "troops near Jenin on Tuesday.")
    assert event.actor is not None
    assert event.actor.actor_type == "political_militia"
    assert event.actor.affiliation == "Fatah"
    assert ident(event.recipient) == "idf"


def test_a_person_resolves_to_the_organisation_they_lead(coder: Coder) -> None:
    event = first_event(coder, "Ziyad al-Nakhalah, the secretary general of the Islamic Jihad, "
                               "threatened on Sunday to resume rocket fire on Tel Aviv.")
    assert event.actor is not None
    assert event.actor.country == "PSE"
    assert event.actor.actor_type == "political_militia"


def test_the_passive_agent_is_the_actor_and_the_subject_the_recipient(coder: Coder) -> None:
    event = first_event(coder, "Two Somali soldiers were killed by al-Shabaab militants near "
                               "Jowhar on Saturday, a local official said.")
    assert ident(event.actor) == "al-shabaab"
    assert event.recipient is not None and event.recipient.actor_type == "state_military"
    assert event.recipient.country == "SOM"


def test_an_agentless_follow_up_takes_the_actor_of_the_act_before_it(coder: Coder) -> None:
    events = coder.code(Article(id="t", date=date(2024, 5, 6), text=(
        "On Monday, the Burkinabe army raided the cattle market in Dori. "
        "Two traders were shot dead and several others were detained.")))
    shot = next(e for e in events if e.trigger.text == "shot")
    assert shot.actor is not None and shot.actor.country == "BFA"
    assert shot.actor.actor_type == "state_military"
    assert shot.extras.get("actor_source") == "previous_event"
    assert shot.recipient is not None and shot.recipient.actor_type == "civilians"


def test_forces_seen_moving_are_the_actor_of_the_movement(coder: Coder) -> None:
    event = first_event(coder, "Movement of forces: On 2 May 2024, al-Shabaab fighters were seen "
                               "in Jowhar town.")
    assert ident(event.actor) == "al-shabaab"
    assert event.recipient is None


@pytest.mark.parametrize(("text", "recipient_country"), [
    # a house, a tent or a bus hit: its occupants are civilians of the place
    ("Israeli warplanes struck a house in Deir al-Balah on Tuesday, killing five.", "PSE"),
    ("Gunmen opened fire on a passenger bus near Kaya on Friday.", "BFA"),
    ("An airstrike targeting a tent west of Khan Younis killed a woman on Sunday.", "PSE"),
    # people named by what they do or where they come from
    ("Gunmen killed a Hausa farmer near Gusau on Sunday.", "NGA"),
    ("Israeli forces killed a Palestinian southwest of Gaza City on Monday.", "PSE"),
])
def test_people_and_civilian_things_hit_make_a_civilian_recipient(
        coder: Coder, text: str, recipient_country: str) -> None:
    recipient = first_event(coder, text).recipient
    assert recipient is not None and recipient.actor_type == "civilians"
    assert recipient.country == recipient_country


def test_an_unknown_group_keeps_its_words_with_an_inferred_type(coder: Coder) -> None:
    event = first_event(coder, "Unidentified gunmen on motorbikes killed three villagers in "
                               "Djibo, in northern Burkina Faso, on Wednesday.")
    assert event.actor is not None
    assert event.actor.text == "Unidentified gunmen"
    assert event.actor.actor_type == "political_militia"
    assert event.actor.country == "BFA"


def test_a_named_group_the_dictionary_lacks_keeps_its_words_and_a_type(coder: Coder) -> None:
    event = first_event(coder, "The Black Lion Brigade attacked an army post near Kidal, in "
                               "northern Mali, on Sunday.")
    assert event.actor is not None
    assert event.actor.text == "The Black Lion Brigade" or event.actor.text == "Black Lion Brigade"
    assert (event.actor.name, event.actor.actor_id) == (None, None)
    assert event.actor.actor_type == "political_militia"
    assert event.actor.country == "MLI"


def test_a_protest_that_names_nobody_was_made_by_protesters(coder: Coder) -> None:
    event = first_event(coder, "A protest was held in Tunis on Friday over water cuts.")
    assert event.actor is not None and event.actor.actor_type == "protesters"
    assert event.actor.country == "TUN"
    assert event.extras.get("actor_source") == "event_type"


def test_loaded_words_never_decide_the_type(coder: Coder) -> None:
    event = first_event(coder, "Terrorists attacked a checkpoint near Menaka on Thursday, the army said.")
    assert event.actor is not None
    assert event.actor.actor_type != "state_military"
    assert event.actor.name is None or "terror" not in event.actor.name.lower()


def test_coordinated_parties_are_all_kept_in_text_order(coder: Coder) -> None:
    event = first_event(coder, "Hamas, Islamic Jihad and the PFLP fired rockets at Sderot on Saturday.")
    assert ident(event.actor) == "hamas"
    assert [ident(ref) for ref in event.co_actors] == ["pij", "pflp"]
    assert all(ref.start > event.actor.start for ref in event.co_actors)


def test_the_first_named_of_two_parties_leads(coder: Coder) -> None:
    event = first_event(coder, "PIJ and Hamas fighters sniped an Israeli soldier in Gaza City on Monday.")
    assert ident(event.actor) == "pij"
    assert [ident(ref) for ref in event.co_actors] == ["hamas"]
    assert ident(event.recipient) == "idf"


def test_candidates_for_one_author_are_kept_and_flagged(coder: Coder) -> None:
    event = first_event(coder, "Suspected JNIM or ISGS militants killed two herders near Djibo on Friday.")
    assert ident(event.actor) == "jnim"
    assert [ident(ref) for ref in event.co_actors] == ["islamic-state-greater-sahara"]
    assert event.extras.get("actor_alternatives") is True


def test_a_bracketed_parent_joins_the_unit_name(coder: Coder) -> None:
    event = first_event(coder, "On Thursday, Katiba Macina (JNIM) militants attacked the gendarmerie "
                               "post in Barani.")
    assert event.actor is not None and event.actor.text == "Katiba Macina (JNIM) militants"
    assert event.actor.affiliation_id == "jnim"


def test_the_movement_and_bare_troops_refer_back_to_the_parties_named_before(coder: Coder) -> None:
    events = coder.code(Article(id="t", date=date(2024, 5, 6), text=(
        "Hamas fighters attacked an Israeli post near Beit Hanoun on Sunday. "
        "The movement said its fighters also shelled troops in Jabalia.")))
    shelled = next(e for e in events if e.trigger.text == "shelled")
    assert ident(shelled.actor) == "hamas"
    assert ident(shelled.recipient) == "idf"


def test_a_spokesman_speaks_for_his_organisation(coder: Coder) -> None:
    event = first_event(coder, "Abu Obeida, the spokesman of the Qassam Brigades, said its fighters "
                               "destroyed two tanks in Rafah on Monday.")
    assert event.actor is not None and event.actor.actor_type == "political_militia"
    assert event.actor.affiliation_id == "hamas"


@pytest.mark.parametrize("text", [
    "An Israeli drone struck a group of people near the Kuwaiti roundabout in Gaza City on Monday.",
    "Gunmen opened fire on aid workers distributing flour in Deir al-Balah on Monday.",
])
def test_groups_of_people_and_aid_workers_hit_are_civilians(coder: Coder, text: str) -> None:
    recipient = first_event(coder, text).recipient
    assert recipient is not None and recipient.actor_type == "civilians"


def test_a_named_resistance_group_the_dictionary_lacks_is_an_armed_group(coder: Coder) -> None:
    event = first_event(coder, "The Dragon Guerrilla Force ambushed junta troops near Kyaukse on Tuesday.")
    assert event.actor is not None and (event.actor.name, event.actor.actor_type) == (None, "political_militia")
    assert event.actor.country == "MMR"
    assert ident(event.recipient) is not None


def test_a_community_militia_keeps_its_community_name(coder: Coder) -> None:
    event = first_event(coder, "On Saturday, Garre sub-clan militia and Duubane sub-clan militia clashed "
                               "in Qoryooley town.")
    assert event.actor is not None and event.actor.text == "Garre sub-clan militia"
    assert event.actor.actor_type == "identity_militia"
    assert event.recipient is not None and event.recipient.text == "Duubane sub-clan militia"
