"""Who a statement's parties are, where its acts happened and what is background (issue 6).

Loads the spaCy model. Each text is a short wire-style report written for this test; the rules
are in docs/EXTRACTION.md (sections 4, 6, 7 and 11) and docs/ACTORS.md.
"""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.config import Settings
from eventwire.model import Article, Event, Modality, PloverType
from eventwire.pipeline import Coder

pytestmark = pytest.mark.model

ARTICLE_DATE = date(2024, 3, 15)  # a Friday


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder.default(Settings().with_overrides(n_process=1))


def code(coder: Coder, text: str) -> list[Event]:
    return coder.code(Article(id="t", text=text, date=ARTICLE_DATE))


def one(events: list[Event], event_type: PloverType, *, factual: bool = True) -> Event:
    [event] = [e for e in events if e.event_type is event_type and e.factual is factual]
    return event


# --- places -------------------------------------------------------------------------------

def test_harm_told_as_a_participle_happened_where_the_main_clause_says(coder: Coder) -> None:
    # the ministry named in the toll clause must not pull the event to its province
    events = code(coder, "Artillery shells landed on the Jabalia camp west of Beit Lahia early on "
                         "Sunday, killing six people, according to civil defence crews, while the "
                         "Gaza health ministry put the toll at four.")
    attack = one(events, PloverType.ASSAULT)
    assert attack.location is not None and attack.location.name == "Jabalia refugee camp"
    assert attack.date == date(2024, 3, 10)


def test_a_reference_town_beats_the_area_written_to_locate_it(coder: Coder) -> None:
    attack = one(code(coder, "Israeli tanks shelled a school near Deir al-Balah in central Gaza on "
                             "Tuesday, medics said."), PloverType.ASSAULT)
    assert attack.location is not None and attack.location.name == "Deir al-Balah"
    assert attack.location.precision == 2  # near the town, not in it


def test_an_unknown_town_written_in_its_province_is_placed_there_by_its_name(coder: Coder) -> None:
    attack = one(code(coder, "Police said gunmen killed four herders near the village of Gidan "
                             "Bature in Sokoto State on Monday."), PloverType.ASSAULT)
    assert attack.location is not None
    assert attack.location.text == "Gidan Bature"  # the words of the village, not the province's
    assert attack.location.country == "NGA" and attack.location.precision == 3


# --- parties of statements ------------------------------------------------------------------

def test_an_army_hit_without_a_country_word_is_the_army_of_where_it_was_hit(coder: Coder) -> None:
    # two of the story's three places are Ukrainian; the post hit is in Russia
    attack = one(code(coder, "Ukrainian drones hit an army post in Sudzha on Tuesday, a day after "
                             "Russian missiles struck Kharkiv and Odesa."), PloverType.ASSAULT)
    assert attack.recipient is not None and attack.recipient.actor_id == "russian-armed-forces"


def test_a_condemned_act_makes_its_author_the_recipient(coder: Coder) -> None:
    events = code(coder, "Russian missiles struck a hospital in Kharkiv on Monday, killing three "
                         "patients. The UN rights chief condemned the attack on Tuesday.")
    condemnation = one(events, PloverType.ACCUSE)
    assert condemnation.recipient is not None
    assert condemnation.recipient.actor_id == "russian-armed-forces"
    assert condemnation.extras["recipient_source"] == "condemned_act"


def test_its_soldiers_in_a_denial_are_the_denying_organisation(coder: Coder) -> None:
    events = code(coder, "The Ethiopian National Defense Force denied claims that its soldiers had "
                         "shot dead three traders near Gondar.")
    denial = one(events, PloverType.REJECT)
    shooting = one(events, PloverType.ASSAULT, factual=False)
    assert shooting.modality is Modality.DENIED
    assert denial.actor is not None and shooting.actor is not None
    assert shooting.actor.actor_id == denial.actor.actor_id == "endf"


def test_its_forces_are_those_of_the_country_whose_general_staff_speaks(coder: Coder) -> None:
    # the only place is in Russia, whose forces "its forces" would otherwise be
    attack = one(code(coder, "Ukraine's General Staff said its forces had destroyed an ammunition "
                             "depot near Sudzha on Thursday."), PloverType.ASSAULT)
    assert attack.actor is not None and attack.actor.actor_id == "armed-forces-of-ukraine"
    assert attack.claimed_by is not None and attack.claimed_by.actor_id == "armed-forces-of-ukraine"


def test_a_minister_speaking_of_the_army_means_his_own_state(coder: Coder) -> None:
    # the story's only place is in Armenia, whose army "the army" would otherwise be
    events = code(coder, "Azerbaijan's defence minister warned on Friday that the army would strike "
                         "Yerevan if Armenian shelling went on.")
    threatened = one(events, PloverType.ASSAULT, factual=False)
    assert threatened.modality is Modality.THREATENED
    assert threatened.actor is not None and threatened.actor.country == "AZE"


def test_the_one_who_will_pay_the_price_is_threatened(coder: Coder) -> None:
    events = code(coder, "Hamas fighters attacked an army post near Kissufim on Monday. Prime "
                         "Minister Benjamin Netanyahu vowed on Tuesday that the group would pay a "
                         "heavy price.")
    threat = one(events, PloverType.THREATEN)
    assert threat.recipient is not None and threat.recipient.actor_id == "hamas"


def test_a_vow_is_aimed_at_the_party_its_act_is_done_to(coder: Coder) -> None:
    events = code(coder, "Bandits abducted 20 villagers in Zamfara State on Sunday. The governor "
                         "vowed to protect farmers and said police would track down the bandits.")
    threat = one(events, PloverType.THREATEN)
    assert threat.recipient is not None and threat.recipient.text == "bandits"
    assert threat.recipient.actor_id == "nigeria-bandits"


def test_a_launched_drone_is_the_weapon_not_the_target(coder: Coder) -> None:
    attack = one(code(coder, "Houthi fighters launched two drones at a merchant ship in the Red Sea "
                             "on Wednesday, the group said."), PloverType.ASSAULT)
    assert attack.mode == "drone"
    assert attack.actor is not None and attack.actor.actor_id == "houthis"
    assert attack.recipient is not None and attack.recipient.text == "merchant ship"


# --- threats and guesses ------------------------------------------------------------------

def test_could_inside_a_warning_is_a_guess_with_no_weapon_named(coder: Coder) -> None:
    events = code(coder, "A spokesman for the militia warned that its fighters could hit the "
                         "capital's airport if the blockade stayed in place.")
    one(events, PloverType.THREATEN)
    attack = one(events, PloverType.ASSAULT, factual=False)
    assert attack.modality is Modality.HYPOTHETICAL
    assert attack.trigger.text == "hit"


def test_could_act_if_the_other_side_acts_is_a_threat(coder: Coder) -> None:
    events = code(coder, "The Kremlin spokesman said Russia could target arms depots in Poland if "
                         "the deliveries continued.")
    threat = one(events, PloverType.THREATEN)
    assert threat.actor is not None and threat.actor.actor_id == "russia-government"
    assert one(events, PloverType.ASSAULT, factual=False).modality is Modality.HYPOTHETICAL


def test_a_bare_could_is_no_threat(coder: Coder) -> None:
    events = code(coder, "Analysts said the army could target the town in the coming weeks.")
    assert not [e for e in events if e.event_type is PloverType.THREATEN]


# --- background ---------------------------------------------------------------------------

def test_fighting_that_has_gone_on_for_years_is_background(coder: Coder) -> None:
    fighting = one(code(coder, "The rebels have fought the army in the eastern hills for more than "
                               "a decade."), PloverType.ASSAULT)
    assert fighting.historical is True


def test_an_act_weeks_old_followed_by_has_since_is_background(coder: Coder) -> None:
    since = one(code(coder, "M23 rebels seized the town of Kitshanga on March 3 and have since "
                            "blocked the main road to Goma."), PloverType.ASSAULT)
    plain = one(code(coder, "M23 rebels seized the town of Kitshanga on March 3, residents said."),
                PloverType.ASSAULT)
    assert since.date == plain.date == date(2024, 3, 3)
    assert since.historical is True
    assert plain.historical is False  # 12 days old: news, without "has since"


def test_a_pledge_joined_to_the_reported_clause_is_the_reporter_s(coder: Coder) -> None:
    # the parser joins "vowed" to "were": the dead vow nothing, the brigade does
    events = code(coder, "The al-Quds Brigades said three of the dead were its fighters and vowed "
                         "that the occupation would pay a heavy price.")
    threat = one(events, PloverType.THREATEN)
    assert threat.actor is not None and threat.actor.name == "Al-Quds Brigades"
