"""ACLED rules added for issue 3: unquantified deaths, parties added up, lists and asides.

Every sentence here is written for the test in the style of wire copy and conflict notes.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.casualties import find_casualties, tally
from eventwire.casualties.tally import victim_group
from eventwire.model import CasualtyCount


@pytest.mark.parametrize(
    ("text", "fatalities", "injured"),
    [
        # deaths reported with no figure: ACLED's low estimate, 3
        ("An unknown number of rebels were killed in the fighting.", 3, None),
        ("Troops killed an unspecified number of insurgents near the river.", 3, None),
        ("The shelling of the market left fatalities among traders.", 3, None),
        ("A drone hit a car, resulting in deaths and injuries.", 3, None),
        ("Fatalities were reported on both sides.", 3, None),
        # a vague word is all the figure there is, so "killed and wounded" names some dead
        ("An unknown number of fighters were killed and wounded.", 3, None),
        ("Dozens of villagers were killed and injured in the raid.", 12, None),
        ("Jets struck the camp, killing and injuring dozens of people.", 12, None),
        # ... but a number "killed and wounded" does not say how many died
        ("Twenty people were killed and wounded in the blast.", None, None),
        ("Gunmen killed or wounded dozens of passengers.", None, None),
        ("Dozens of passengers were killed and/or wounded.", None, None),
        # a zero still wins where the text says none
        ("The raid left no fatalities.", 0, None),
        # parties counted in separate clauses are added (ACLED counts every party's dead)
        ("Twenty rebels were killed, nine soldiers were killed and 30 others were wounded.",
         29, 30),
        ("Three soldiers died in the ambush and four militants were killed.", 7, None),
        # ... a generic or unnamed figure may already hold the others: not added
        ("Five people were killed. Three soldiers died later in hospital.", 5, None),
        ("Gunmen killed three villagers. The bodies of three residents were found.", 3, None),
        ("Militants killed five soldiers; the five soldiers were buried on Sunday.", 5, None),
        # "others" comes on top of the first figure
        ("A soldier was killed at the checkpoint. Two others died later.", 3, None),
        # a bare comma list of counted groups is one subject
        ("At least 4 villagers, 9 insurgents were killed.", 13, None),
        # after a verb, ", and" joins objects
        ("Raiders killed two guards, and seven traders including a girl.", 9, None),
        # an aside without commas, and a first verb before the death
        ("Three herders including a boy were abducted and killed by gunmen.", 3, None),
        ("A farmer was attacked and beaten to death by a mob.", 1, None),
        # sub-counts are still not added
        ("Police killed 11 protesters including a woman.", 11, None),
    ],
)
def test_acled_rule(text: str, fatalities: int | None, injured: int | None) -> None:
    counts = find_casualties(text)
    for count in counts:
        assert text[count.start : count.end] == count.text
    assert tally(counts) == (fatalities, injured)


def test_killing_and_injuring_span_starts_at_killing() -> None:
    text = "Jets struck the camp, killing and injuring dozens of people."
    (count,) = find_casualties(text)
    assert count.kind == "killed"
    assert count.text == "killing and injuring dozens of people"


@pytest.mark.parametrize(
    ("span", "group"),
    [
        ("25 militants were killed", "armed group"),
        ("killing three soldiers", "state forces"),
        ("two civilians died", "civilians"),
        ("12 people were killed", None),
        ("12 dead", None),
        ("killed five Palestinians", None),  # no party word: never added to another
    ],
)
def test_victim_group(span: str, group: str | None) -> None:
    assert victim_group(span) == group


@given(
    st.integers(min_value=1, max_value=500),
    st.integers(min_value=1, max_value=500),
)
def test_two_parties_add_and_repeats_do_not(first: int, second: int) -> None:
    rebels = CasualtyCount("killed", first, f"{first} rebels were killed", 0, 10)
    soldiers = CasualtyCount("killed", second, f"{second} soldiers were killed", 20, 30)
    again = CasualtyCount("killed", second, f"the {second} soldiers killed", 40, 50)
    assert tally([rebels, soldiers]) == (first + second, None)
    assert tally([rebels, soldiers, again]) == (first + second, None)
    people = CasualtyCount("killed", first, f"{first} people were killed", 60, 70)
    assert tally([people, soldiers]) == (max(first, second), None)
