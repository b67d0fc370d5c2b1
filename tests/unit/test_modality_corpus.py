"""No act inside a threat, warning, denial, vow, plan or hypothetical is coded as a fact (issue 6).

Each sentence was written for this test in wire style and is coded as a one-sentence article.
From the non-factual sentences only verbal events (THREATEN, REJECT, REQUEST, ACCUSE, AGREE,
SUPPORT) may be factual; the act they speak of may be kept only as a non-factual record. The
controls are plain attacks, also in reported speech, which must give a factual ASSAULT, so the
corpus cannot pass by coding nothing.
"""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.config import Settings
from eventwire.model import Article, Event, PloverType
from eventwire.pipeline import Coder

pytestmark = pytest.mark.model

VERBAL = frozenset({PloverType.THREATEN, PloverType.REJECT, PloverType.REQUEST, PloverType.ACCUSE,
                    PloverType.AGREE, PloverType.SUPPORT})
T, R = PloverType.THREATEN, PloverType.REJECT

# (sentence, the verbal type it must yield, or None when any verbal type or none is fine)
NON_FACTUAL: list[tuple[str, PloverType | None]] = [
    # threats and warnings of force
    ("The army threatened on Monday to storm the Nur Shams camp if the gunmen did not surrender.", T),
    ("Hezbollah warned that it would strike Haifa port if Israel attacked Beirut.", T),
    ("The Houthis threatened to target any US warship sailing through the Red Sea.", T),
    ("RSF commander Abdel Rahim Dagalo threatened to attack El Obeid within days.", T),
    ("Al-Shabaab warned it would bomb hotels hosting government officials during Ramadan.", T),
    ("Israel's defence minister warned that the air force would flatten the Dahiyeh if rockets kept falling.", T),
    ("M23 rebels threatened to capture Goma and to shell the airport if the army kept up its offensive.", T),
    ("The junta warned that troops would open fire on anyone who broke the curfew in Mandalay.", T),
    # vows of revenge
    ("The Somali prime minister vowed revenge on al-Shabaab and said troops would hunt the militants down.", T),
    ("The Qassam Brigades vowed that the occupation \"will pay a heavy price\" for the killing of its commander.", T),
    ("Islamic Jihad vowed on Tuesday to retaliate with rockets for the raid on Jenin.", T),
    # denials
    ("The Israeli army denied firing at the ambulance near the Jenin camp.", R),
    ("The RSF denied targeting civilians in El Fasher on Sunday.", R),
    ("The Nigerian army denied that its soldiers had shot dead protesters in Orlu.", R),
    ("Russia's defence ministry denied that its missiles had struck a hospital in Kyiv.", R),
    ("ATMIS denied reports that its troops had killed four farmers near Qoryoley.", R),
    ("The Kremlin denied that Russian forces had shelled the Zaporizhzhia nuclear plant.", R),
    # plans and preparations
    ("Settler groups are planning to storm the al-Aqsa Mosque compound on Sunday, the ministry warned.", None),
    ("Police said gunmen were preparing to attack police stations in Ihiala during the sit-at-home.", None),
    ("Intelligence officials said al-Shabaab was planning to attack the Halane base camp.", None),
    ("The army is preparing to launch a ground offensive on Rafah, Israeli officials said.", None),
    # hypotheticals
    ("Medvedev wrote that Russia could strike decision-making centres in Kyiv.", None),
    ("If the talks fail, the rebels would attack the town of Sake, a commander said.", None),
    ("The group said it might kidnap foreign workers if the ransom was not paid.", None),
    ("Analysts said the militia could seize the border crossing within weeks.", None),
    # a call, not an act
    ("Simon Ekpa urged his followers to attack soldiers and policemen during the sit-at-home.", None),
]

CONTROLS: list[str] = [
    "Israeli forces shot dead two Palestinians in Nablus on Monday.",
    "The army said it killed three militants in an air strike near Jenin on Tuesday.",
    "Al-Shabaab fighters attacked an army base near Jowhar on Saturday, killing five soldiers.",
    "The health ministry said an Israeli air strike killed 11 people in the Nuseirat camp.",
    "Russian missiles struck Kharkiv on Thursday, killing four people, the governor said.",
    "RSF fighters shelled the Abu Shouk camp in North Darfur on Saturday.",
    "Gunmen opened fire on a checkpoint west of Jenin on Tuesday, wounding a soldier.",
    "The Qassam Brigades said its fighters destroyed three Israeli tanks near Beit Hanoun.",
    "Houthi forces fired a missile at a tanker in the Red Sea on Sunday, the US military said.",
    "Jihadists killed 20 civilians in an attack on a village near Djibo on Friday.",
]


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder.default(Settings().with_overrides(n_process=1))


def code(coder: Coder, text: str) -> list[Event]:
    return list(coder.code(Article(id="m", text=text, date=date(2024, 5, 6))))


def facts_told_wrongly(events: list[Event]) -> list[Event]:
    """Factual events of a non-verbal type: from these sentences, each is a wrong fact."""
    return [event for event in events if event.factual and event.event_type not in VERBAL]


def describe(events: list[Event]) -> list[str]:
    return [f"{event.event_type}/{event.modality} {event.trigger.text!r}" for event in events]


@pytest.mark.parametrize(("text", "verbal"), NON_FACTUAL, ids=[t[:48] for t, _ in NON_FACTUAL])
def test_no_act_inside_a_threat_denial_plan_or_hypothetical_is_a_fact(
    coder: Coder, text: str, verbal: PloverType | None
) -> None:
    events = code(coder, text)
    wrong = facts_told_wrongly(events)
    assert not wrong, f"coded as fact: {describe(wrong)} (all: {describe(events)})"
    if verbal is not None:
        types = {event.event_type for event in events if event.factual}
        assert verbal in types, f"no factual {verbal} from {text!r}: {describe(events)}"
    if verbal is R:
        assert any(event.denial for event in events if event.event_type is R)


@pytest.mark.parametrize("text", CONTROLS, ids=[t[:48] for t in CONTROLS])
def test_a_plain_or_reported_attack_is_a_factual_assault(coder: Coder, text: str) -> None:
    events = code(coder, text)
    assert any(e.factual and e.event_type is PloverType.ASSAULT for e in events), describe(events)


def test_the_whole_corpus_codes_zero_wrong_facts_and_every_control(coder: Coder) -> None:
    wrong = {text: describe(facts_told_wrongly(code(coder, text))) for text, _ in NON_FACTUAL}
    wrong = {text: found for text, found in wrong.items() if found}
    missed = [text for text in CONTROLS
              if not any(e.factual and e.event_type is PloverType.ASSAULT for e in code(coder, text))]
    assert len(NON_FACTUAL) >= 24 and len(CONTROLS) >= 8
    assert not wrong and not missed, (
        f"{sum(len(v) for v in wrong.values())} wrong facts in {len(wrong)} of {len(NON_FACTUAL)} "
        f"sentences: {wrong}; controls with no factual ASSAULT: {missed}"
    )
