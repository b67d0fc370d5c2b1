"""Wire leads and the paragraphs after them: what the lead says happened, and on which day the
details happened (docs/EXTRACTION.md, sections 2 and 5).

Loads the spaCy model. Each text is a short wire-style report written for this test: a lead
paragraph that dates the act, then paragraphs that tell it again in detail without the day.
"""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.config import Settings
from eventwire.model import Article, Event, PloverType
from eventwire.pipeline import Coder

pytestmark = pytest.mark.model

ARTICLE_DATE = date(2024, 3, 15)  # a Friday
WEDNESDAY = date(2024, 3, 13)


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder.default(Settings().with_overrides(n_process=1))


def code(coder: Coder, *paragraphs: str) -> list[Event]:
    return coder.code(Article(id="t", text="\n\n".join(paragraphs), date=ARTICLE_DATE))


def triggered_by(events: list[Event], word: str) -> Event:
    [event] = [e for e in events if e.trigger.text == word]
    return event


# --- leads the trigger words did not catch -----------------------------------------------

@pytest.mark.parametrize(("lead", "trigger", "event_type"), [
    (("KISMAYO (Coast Wire) - A roadside bomb went off near a market in Kismayo on Wednesday, "
     "police said."), "went", PloverType.ASSAULT),
    (("KHAN YOUNIS (Coast Wire) - Tank shells landed near a school in Khan Younis on Wednesday, "
     "residents said."), "landed", PloverType.ASSAULT),
    # after a dateline the tagger takes the capitalised plural for a name
    (("KANO, Nigeria (Coast Wire) - Demonstrators gathered outside the governor's office in "
     "Kano on Wednesday, witnesses said."), "gathered", PloverType.PROTEST),
    (("JUBA (Coast Wire) - The two factions reached a ceasefire agreement in Juba on Wednesday, "
     "mediators said."), "reached", PloverType.AGREE),
    (("MOSUL (Coast Wire) - Militants blew up a bridge south of Mosul on Wednesday, a police "
      "officer said."), "blew", PloverType.ASSAULT),
    (("KAYA, Burkina Faso (Coast Wire) - A herder stepped on a landmine near Kaya on Wednesday "
      "and lost a leg, relatives said."), "stepped", PloverType.ASSAULT),
    (("MEDELLIN (Coast Wire) - A shootout between police and a drug gang left two dead in "
      "Medellin on Wednesday."), "shootout", PloverType.ASSAULT),
    # the tokenizer splits a hyphenated word ("shoot" "-" "out"): the lexicon's "shoot-out" still
    # names it, at its last token
    (("CALI (Coast Wire) - A shoot-out broke out between two gangs in Cali on Wednesday, police "
      "said."), "out", PloverType.ASSAULT),
    (("TUNIS (Coast Wire) - Unpaid nurses began sit-ins at three hospitals in Sfax on Wednesday, "
      "their union said."), "ins", PloverType.PROTEST),
    (("JOHANNESBURG (Coast Wire) - Looters targeted shops owned by foreigners in Soweto on "
      "Wednesday, police said."), "targeted", PloverType.ASSAULT),
])
def test_a_lead_names_its_act(coder: Coder, lead: str, trigger: str, event_type: PloverType) -> None:
    event = triggered_by(code(coder, lead), trigger)
    assert event.event_type is event_type
    assert event.date == WEDNESDAY


@pytest.mark.parametrize("text", [
    "The fire alarm went off twice at the ministry on Wednesday.",
    "The minister's plane landed in Kabul on Wednesday.",
    "The minister stepped on the stage in Kabul on Wednesday.",
    "Aid trucks reached the town on Wednesday.",
])
def test_everyday_uses_of_the_same_words_are_no_attack_or_agreement(coder: Coder, text: str) -> None:
    kinds = {e.event_type for e in code(coder, text)}
    assert not kinds & {PloverType.ASSAULT, PloverType.AGREE}


# --- the day of the details ----------------------------------------------------------------

def test_details_in_later_paragraphs_happened_on_the_lead_s_day(coder: Coder) -> None:
    events = code(
        coder,
        "GAZA (Coast Wire) - Israeli shelling hit the Zeitoun neighbourhood of Gaza City on "
        "Wednesday, residents said.",
        "Tanks fired at least a dozen shells at homes near the Zeitoun roundabout, witnesses "
        "told Coast Wire.",
    )
    detail = triggered_by(events, "fired")
    assert detail.date == WEDNESDAY
    assert detail.extras["date_source"] == "story"


def test_an_undated_act_of_another_kind_or_far_away_keeps_the_article_s_day(coder: Coder) -> None:
    events = code(
        coder,
        "GAZA (Coast Wire) - Israeli shelling hit the Zeitoun neighbourhood of Gaza City on "
        "Wednesday, residents said.",
        # another kind of act: the day of the article, as ACLED codes an undated report
        "Israeli troops arrested four men at a checkpoint near Hebron, the army said.",
        # the same kind, but in the West Bank, 70 km from Gaza City: another happening
        "Settlers attacked a farmer and his son near Hebron, according to the Palestinian "
        "health ministry.",
    )
    assert triggered_by(events, "arrested").date == ARTICLE_DATE
    attacked = triggered_by(events, "attacked")
    assert attacked.date == ARTICLE_DATE and attacked.extras["date_source"] == "article"


def test_background_dates_no_detail(coder: Coder) -> None:
    events = code(
        coder,
        "The war began in October 2023 when gunmen attacked towns in southern Israel.",
        "Israeli aircraft bombed a house in Rafah, killing five people, the health ministry said.",
    )
    assert triggered_by(events, "bombed").date == ARTICLE_DATE


# --- a time of day after a date ------------------------------------------------------------

@pytest.mark.parametrize(("text", "day"), [
    ("On 12 March, overnight, gunmen attacked a police post in Djibo.", date(2024, 3, 12)),
    ("On Tuesday night, gunmen attacked a police post in Djibo.", date(2024, 3, 12)),
    # alone, "overnight" is the night before the article
    ("Overnight, gunmen attacked a police post in Djibo.", date(2024, 3, 14)),
])
def test_a_time_of_day_after_a_date_refines_that_date(coder: Coder, text: str, day: date) -> None:
    assert triggered_by(code(coder, text), "attacked").date == day
