"""Tests for eventwire.casualties: ACLED's fatality rules on sentences in wire-report style."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.casualties import find_casualties, tally
from eventwire.casualties.quantities import number_value, parse_quantity
from eventwire.model import CasualtyCount


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    fatalities: int | None
    injured: int | None
    spans: tuple[str, ...] | None = None  # the expected span texts, in order, when pinned


CASES = [
    # -- passive and active, digits and words --
    Case("passive", "GAZA, May 3 - At least 12 people were killed in the strike, medics said.",
         12, None, ("At least 12 people were killed",)),
    Case("active-killing", "Israeli warplanes struck Khan Younis overnight, killing at least "
         "seven, health officials said.", 7, None, ("killing at least seven",)),
    Case("active-killed", "Israeli forces killed three Palestinians in Jenin on Tuesday.",
         3, None, ("killed three Palestinians",)),
    Case("headline-kills", "Israeli raid kills three in Nablus", 3, None),
    Case("reduced-passive", "Three soldiers killed in ambush near Kirkuk", 3, None),
    Case("toll-rose", "The death toll rose to 31 on Monday, the ministry said.", 31, None,
         ("death toll rose to 31",)),
    Case("toll-from", "The toll from Saturday's earthquake has risen to 2,300.", 2300, None),
    Case("toll-bringing", "Seven more people died overnight, bringing the death toll to 31.",
         31, None),
    Case("number-of-dead", "The number of dead rose to 40 by nightfall.", 40, None),
    # a follow-up report: the toll's subject carries a long phrase before the verb
    Case("toll-of-a-town", "The toll from the shelling of the town of 5,000 people was not "
         "known on Sunday.", None, None),
    Case("toll-long-phrase", "The number of people killed in the army's air raid on the "
         "cattle market near Kutum on Friday has climbed to 27, a local doctor said.", 27, None),
    Case("left-dead-wounded", "The shelling left 4 dead and 12 wounded.", 4, 12,
         ("4 dead", "12 wounded")),
    Case("killed-and-injured", "Two Palestinians were killed and 12 others were injured.",
         2, 12, ("Two Palestinians were killed", "12 others were injured")),
    Case("killing-and-wounding", "A suicide bomber blew himself up in a market, killing 12 "
         "and wounding 30.", 12, 30, ("killing 12", "wounding 30")),
    Case("wounded-active", "The explosion wounded 35 people, police said.", None, 35),
    Case("words-hyphen", "Twenty-one people were killed when the bus was hit.", 21, None),
    Case("words-hundred-and", "A hundred and twelve people were killed in the raid.",
         112, None),
    Case("words-thousands", "Two thousand two hundred and fifty-one people were killed.",
         2251, None),
    Case("comma-digits-year", "The 2014 war that killed 2,251 Palestinians ended in August.",
         2251, None, ("killed 2,251 Palestinians",)),
    Case("two-dozen", "Two dozen people were killed in the clashes.", 24, None),
    # -- most conservative figure --
    Case("range-between", "Between 10 and 15 people were killed, witnesses said.", 10, None),
    Case("range-hyphen", "The clashes killed 10-15 people.", 10, None),
    Case("range-or", "Two or three people were wounded by shrapnel.", None, 2),
    Case("more-than", "More than 20 soldiers died in the assault.", 20, None),
    Case("nearly", "Nearly 40 people were killed, according to local officials.", 40, None),
    Case("some", "Officials said some 40 people had been killed.", 40, None),
    Case("up-to-capped", "Up to 30 people were killed, a monitor said.", 10, None),
    Case("up-to-small", "As many as 4 people were wounded.", None, 4),
    # -- vague quantities --
    Case("dozens", "Dozens of people were wounded when police fired on the crowd.", None, 12),
    Case("hundreds", "Hundreds were killed in the siege.", 100, None),
    Case("several", "Several civilians were killed in the crossfire.", 10, None),
    Case("scores", "The fighting killed scores of people.", 10, None),
    Case("tens", "Tens of protesters were injured.", None, 10),
    Case("thousands", "Thousands of people died during the siege.", 1000, None),
    Case("a-dozen", "More than a dozen people were wounded.", None, 12),
    Case("a-few", "A few soldiers were lightly injured.", None, 3),
    Case("a-couple", "A couple of fishermen were wounded by naval fire.", None, 2),
    # -- sub-counts are not added --
    Case("subcount-aside", "At least 260 people, including 66 children, were killed.",
         260, None, ("At least 260 people, including 66 children, were killed",)),
    Case("subcount-after", "The strikes killed at least 24 people, among them 9 children.",
         24, None, ("killed at least 24 people",)),
    Case("subcount-of-them", "Gunmen opened fire, killing five people, three of them "
         "children.", 5, None),
    Case("subcount-two-of-them", "Four people, two of them children, were killed.", 4, None),
    Case("subcount-of-the-dead", "Five of the dead were children.", None, None),
    # -- coordinated groups are added --
    Case("coordinated", "Two soldiers and three civilians were killed in the blast.", 5, None,
         ("Two soldiers and three civilians were killed",)),
    Case("man-and-son", "Gunmen opened fire on a car, killing a man and his son.", 2, None,
         ("killing a man and his son",)),
    Case("list-with-and", "The attack killed two soldiers, a policeman and a child.", 4, None),
    Case("list-without-and", "The blast killed five people, two officials said.", 5, None),
    Case("comma-and-clauses", "Police arrested 40 people, and 3 officers were injured.",
         None, 3, ("3 officers were injured",)),
    Case("definite-object", "Gunmen killed the village chief and two of his guards.", 3, None),
    Case("family-of", "The strike killed a family of six, neighbours said.", 6, None),
    Case("separate-clauses", "Israeli troops killed two Palestinians and three others were "
         "wounded.", 2, 3),
    Case("also-killed", "Two soldiers were killed and three civilians were also killed.",
         5, None),
    Case("another", "Three Palestinians were killed and another was wounded.", 3, 1),
    # -- singular nouns --
    Case("a-palestinian", "A Palestinian was killed by army fire near Hebron.", 1, None),
    Case("shot-dead", "A man was shot dead at a checkpoint.", 1, None, ("A man was shot dead",)),
    Case("killing-a-teenager", "The drone hit a car, killing a teenager.", 1, None),
    Case("the-victim", "The man, 22, was shot dead by soldiers.", 1, None),
    Case("fatally-wounded", "A soldier was fatally wounded in the exchange.", 1, None),
    Case("the-driver", "The driver was killed instantly.", 1, None),
    Case("the-plural-unknown", "The soldiers were killed in an ambush.", None, None),
    Case("the-economy", "The economy was hurt by the blockade.", None, None),
    Case("quoted-noun", "The army said it had killed a 'terrorist' near the fence.", 1, None),
    Case("mother-children", "A mother and her two children were killed.", 3, None),
    # -- noun phrases --
    Case("of-its", "Hamas said 30 of its fighters were killed.", 30, None),
    Case("of-one-family", "Five members of one family died in the strike.", 5, None,
         ("Five members of one family died",)),
    Case("prepositional-object", "A soldier was killed in an exchange of fire and 3 others "
         "were wounded.", 1, 3, ("A soldier was killed", "3 others were wounded")),
    Case("were-dead", "Medics said 12 people were dead.", 12, None),
    # -- other casualty words --
    Case("martyrs", "Three martyrs fell in the occupation's raid, the group said.", 3, None),
    Case("martyred", "Two young men were martyred at dawn, the agency said.", 2, None),
    Case("bodies", "Twelve bodies were recovered from the rubble.", 12, None),
    Case("lost-lives", "Five people lost their lives in the fire.", 5, None),
    Case("claimed-lives", "The bombing claimed the lives of 40 people.", 40, None),
    Case("lives-claimed", "The war has claimed 500,000 lives since 2011.", 500000, None),
    Case("executed", "The militants executed 11 prisoners, a monitor said.", 11, None),
    Case("assassinated", "Militants assassinated a municipal councillor in the village.",
         1, None),
    Case("found-dead", "Three people were found dead near the road.", 3, None),
    Case("beheaded", "Gunmen beheaded four villagers, residents said.", 4, None),
    Case("died-of-wounds", "Three people died of their wounds in hospital.", 3, None),
    # -- ambiguous words are not counted --
    Case("casualties-number", "The army said there were 20 casualties.", None, None),
    Case("killed-or-wounded", "Troops killed or wounded 20 fighters.", None, None),
    Case("shot-alone", "A protester was shot in the leg.", None, None),
    # -- explicit zero --
    Case("no-casualties", "No casualties were reported.", 0, 0),
    Case("no-one-hurt", "No one was hurt in the attack.", 0, 0),
    Case("without-casualties", "The rocket landed in an open field without causing "
         "casualties.", 0, 0),
    Case("no-deaths", "There were no deaths, the ministry said.", 0, None),
    Case("nobody-killed", "Nobody was killed in the blast, police said.", 0, None),
    Case("killed-nobody", "The blast killed nobody, the army said.", 0, None),
    Case("no-word", "There was no immediate word on casualties.", None, None),
    Case("zero-and-positive", "Two soldiers were wounded; no one was killed.", 0, 2),
    # -- numbers that are not victims --
    Case("age", "A 17-year-old boy was killed by army fire.", 1, None,
         ("A 17-year-old boy was killed",)),
    Case("age-no-noun", "A 2-year-old was killed when the house collapsed.", 1, None),
    Case("date", "Two people were killed on 14 October.", 2, None),
    Case("date-first", "On 14 October, three people were killed.", 3, None),
    Case("date-after-verb", "He was killed on 14 October 2023.", None, None),
    Case("time", "At least 5 people were killed as of 6 p.m.", 5, None),
    Case("two-day-raid", "A two-day raid killed 4 people.", 4, None),
    Case("rockets", "Militants fired 20 rockets at the town.", None, None),
    Case("rockets-then-killing", "Militants fired 20 rockets, killing three people.", 3, None),
    Case("area-51", "Three people were killed in Area 51.", 3, None),
    Case("resolution-route", "Israel violated Resolution 1701 when its drone killed two men "
         "on Route 60.", 2, None),
    Case("days-ago", "Five people were killed two days ago.", 5, None),
    Case("km", "Two soldiers were wounded 3 km from the border.", None, 2),
    Case("agents", "Three gunmen killed two soldiers.", 2, None),
    Case("displaced", "1.2 million people were displaced.", None, None),
    Case("arrested", "Over 100 people were arrested.", None, None),
    Case("no-casualty-words", "Police fired tear gas at several hundred protesters.",
         None, None),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_sentence(case: Case) -> None:
    counts = find_casualties(case.text)
    for count in counts:
        assert case.text[count.start : count.end] == count.text
        assert count.kind in ("killed", "injured")
    assert tally(counts) == (case.fatalities, case.injured)
    if case.spans is not None:
        assert tuple(c.text for c in counts) == case.spans


def test_counts_are_sorted_and_typed() -> None:
    counts = find_casualties("Two people were killed and 12 others were injured.")
    assert counts == [
        CasualtyCount("killed", 2, "Two people were killed", 0, 22),
        CasualtyCount("injured", 12, "12 others were injured", 27, 49),
    ]


def test_zero_report_gives_zero_counts() -> None:
    counts = find_casualties("No casualties were reported.")
    assert {(c.kind, c.count) for c in counts} == {("killed", 0), ("injured", 0)}


def test_tally_none_when_empty() -> None:
    assert tally([]) == (None, None)


def test_tally_takes_max_of_repeated_toll() -> None:
    text = "The raid killed five people. The five dead were buried on Friday."
    counts = find_casualties(text)
    assert [c.count for c in counts] == [5, 5]
    assert tally(counts) == (5, None)


def test_tally_adds_further_figures() -> None:
    counts = [
        CasualtyCount("killed", 4, "four people were killed", 0, 23),
        CasualtyCount("killed", 2, "a further two were killed", 30, 55),
        CasualtyCount("killed", 3, "three were killed", 60, 77),
    ]
    assert tally(counts) == (6, None)


def test_positive_beats_zero() -> None:
    counts = [
        CasualtyCount("killed", 0, "no one was killed", 0, 17),
        CasualtyCount("killed", 3, "three were killed", 20, 37),
    ]
    assert tally(counts) == (3, None)


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("at least 260", 260),
        ("between 10 and 15", 10),
        ("up to 30", 10),
        ("fewer than 5", 4),
        ("another three", 3),
        ("a dozen", 12),
        ("1.2 million", 1_200_000),
        ("2,251", 2251),
        ("twenty-one", 21),
    ],
)
def test_parse_quantity(phrase: str, value: int) -> None:
    quantity = parse_quantity(phrase)
    assert quantity is not None and quantity.value == value


def test_parse_quantity_rejects_bare_decimal() -> None:
    assert parse_quantity("2.5") is None
    assert number_value("two three") is None  # text2num refuses, never adds


# -- properties --------------------------------------------------------------------------

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _words(n: int) -> str:
    """English words for 1 <= n < 1,000,000, written here so the test does not trust text2num."""
    if n >= 1000:
        rest = n % 1000
        head = f"{_words(n // 1000)} thousand"
        return head if rest == 0 else f"{head} {_words(rest)}"
    if n >= 100:
        rest = n % 100
        head = f"{_ONES[n // 100]} hundred"
        return head if rest == 0 else f"{head} and {_words(rest)}"
    if n >= 20:
        return _TENS[n // 10] if n % 10 == 0 else f"{_TENS[n // 10]}-{_ONES[n % 10]}"
    return _ONES[n]


def _single(text: str) -> CasualtyCount:
    counts = find_casualties(text)
    assert len(counts) == 1, counts
    count = counts[0]
    assert text[count.start : count.end] == count.text
    return count


@given(st.integers(min_value=1, max_value=5000))
def test_digits_round_trip(n: int) -> None:
    text = f"Officials said {n:,} people were killed in the province."
    count = _single(text)
    assert (count.kind, count.count) == ("killed", n)
    assert count.text == f"{n:,} people were killed"


@given(st.integers(min_value=2, max_value=5000))
def test_words_round_trip(n: int) -> None:
    words = _words(n)
    text = f"The army said the shelling killed {words} civilians overnight."
    count = _single(text)
    assert (count.kind, count.count) == ("killed", n)
    assert count.text == f"killed {words} civilians"


@given(st.integers(min_value=1, max_value=99), st.integers(min_value=1, max_value=99))
def test_coordinated_groups_add(a: int, b: int) -> None:
    count = _single(f"{_words(a).capitalize()} soldiers and {b} civilians were wounded.")
    assert (count.kind, count.count) == ("injured", a + b)


@given(st.integers(min_value=2, max_value=3000), st.integers(min_value=1, max_value=3000))
def test_subcounts_not_added(total: int, part: int) -> None:
    text = f"At least {total} people, including {part} children, were killed."
    assert tally(find_casualties(text)) == (total, None)


@given(st.integers(min_value=1, max_value=99))
def test_age_is_never_the_count(age: int) -> None:
    assert tally(find_casualties(f"A {age}-year-old girl was shot dead.")) == (1, None)


_MODIFIED = {
    "": lambda n: n,
    "at least ": lambda n: n,
    "more than ": lambda n: n,
    "nearly ": lambda n: n,
    "up to ": lambda n: min(n, 10),
}
_PREFIXES = ["", "On 14 October, ", "In 2014, ", "Near Route 60, ", "Officials said "]
_SUFFIXES = [".", " on Friday.", " in a two-day raid.", " near Area 51.", ", medics said."]


@given(
    st.integers(min_value=1, max_value=5000),
    st.sampled_from(sorted(_MODIFIED)),
    st.sampled_from(_PREFIXES),
    st.sampled_from(_SUFFIXES),
    st.sampled_from([("killed", "killed"), ("wounded", "injured"), ("shot dead", "killed")]),
)
def test_distractor_numbers_do_not_count(
    n: int, modifier: str, prefix: str, suffix: str, verb: tuple[str, str]
) -> None:
    word, kind = verb
    count = _single(f"{prefix}{modifier}{n:,} people were {word}{suffix}")
    assert (count.kind, count.count) == (kind, _MODIFIED[modifier](n))


_PIECES = [*"0123456789,.-", "a", " ", " killed", " wounded", " dead", " no one", " people",
           " at least", " and", " were", " twenty", " dozens of", " a man", " toll rose to"]


@settings(max_examples=200)
@given(st.lists(st.sampled_from(_PIECES), max_size=25).map("".join))
def test_offsets_hold_on_any_text(text: str) -> None:
    for count in find_casualties(text):
        assert text[count.start : count.end] == count.text
        assert count.count >= 0
