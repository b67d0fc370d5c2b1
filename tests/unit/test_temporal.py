"""Date expressions found and resolved against the article date (eventwire.temporal)."""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.model import DateMention, DatePrecision
from eventwire.temporal import find_dates
from eventwire.temporal.fallback import FALLBACK_RULE
from eventwire.temporal.rules import RULES, Rule

DAY = DatePrecision.DAY
WEEK = DatePrecision.WEEK
MONTH = DatePrecision.MONTH
YEAR = DatePrecision.YEAR

FRIDAY = date(2022, 10, 14)  # a Friday
D = date.fromisoformat

# (sentence, the mention's text, resolved date, precision); anchor FRIDAY; one mention each.
FRIDAY_CASES: list[tuple[str, str, date | None, DatePrecision]] = [
    # weekdays
    ("Police said the raid took place on Friday.", "Friday", FRIDAY, DAY),
    ("Gunmen attacked the post on Thursday, officials said.", "Thursday", D("2022-10-13"), DAY),
    ("The rally was held Friday morning in the capital.", "Friday morning", FRIDAY, DAY),
    ("Shelling resumed on Tuesday night.", "Tuesday night", D("2022-10-11"), DAY),
    ("Two soldiers died late on Sunday.", "late on Sunday", D("2022-10-09"), DAY),
    ("Protesters gathered early Saturday.", "early Saturday", D("2022-10-08"), DAY),
    ("The talks collapsed last Friday.", "last Friday", D("2022-10-07"), DAY),
    ("The talks collapsed last Thursday.", "last Thursday", D("2022-10-13"), DAY),
    ("The minister resigned this Monday.", "this Monday", D("2022-10-10"), DAY),
    ("Voting is due next Friday.", "next Friday", D("2022-10-21"), DAY),
    ("Troops withdrew on Wednesday last week.", "Wednesday last week", D("2022-10-05"), DAY),
    ("Friday's strike hit a market.", "Friday", FRIDAY, DAY),
    ("Overnight Thursday, drones hit the depot.", "Overnight Thursday", D("2022-10-13"), DAY),
    ("Clashes erupted ON SUNDAY.", "SUNDAY", D("2022-10-09"), DAY),
    # relative days
    ("Officials said today that the road was closed.", "today", FRIDAY, DAY),
    ("A curfew starts tonight.", "tonight", FRIDAY, DAY),
    ("Rockets were fired this morning.", "this morning", FRIDAY, DAY),
    ("The army said earlier today it had struck.", "earlier today", FRIDAY, DAY),
    ("The army said yesterday it had struck.", "yesterday", D("2022-10-13"), DAY),
    ("Yesterday afternoon a bomb went off.", "Yesterday afternoon", D("2022-10-13"), DAY),
    ("Sirens sounded last night in the north.", "last night", D("2022-10-13"), DAY),
    ("Six were arrested overnight, police said.", "overnight", D("2022-10-13"), DAY),
    # a place whose name ends in "An" is no article ("an overnight curfew" is no date)
    ("A bomb went off in Hpa-An yesterday.", "yesterday", D("2022-10-13"), DAY),
    ("A car bomb exploded the day before yesterday.", "the day before yesterday",
     D("2022-10-12"), DAY),  # fmt: skip
    ("He had been detained the previous day.", "the previous day", D("2022-10-13"), DAY),
    ("He had been detained the day before.", "the day before", D("2022-10-13"), DAY),
    ("Talks resume tomorrow.", "tomorrow", D("2022-10-15"), DAY),
    # counted back
    ("The village was shelled two days ago.", "two days ago", D("2022-10-12"), DAY),
    ("The village was shelled 3 days ago.", "3 days ago", D("2022-10-11"), DAY),
    ("A similar attack came a day earlier.", "a day earlier", D("2022-10-13"), DAY),
    ("The blast came a couple of days ago.", "a couple of days ago", D("2022-10-12"), DAY),
    ("The offensive began a week ago.", "a week ago", D("2022-10-03"), WEEK),
    ("The offensive began three weeks ago.", "three weeks ago", D("2022-09-19"), WEEK),
    ("The ceasefire collapsed two months ago.", "two months ago", D("2022-08-01"), MONTH),
    ("The group split a year ago.", "a year ago", D("2021-01-01"), YEAR),
    ("A similar attack took place days earlier.", "days earlier", None, WEEK),
    ("Several weeks ago the town fell.", "Several weeks ago", None, MONTH),
    ("He was released five days later.", "five days later", None, DAY),
    # weeks, months, years
    ("Fighting intensified last week.", "last week", D("2022-10-03"), WEEK),
    ("Fighting intensified this week.", "this week", D("2022-10-10"), WEEK),
    ("Fighting intensified earlier this week.", "earlier this week", D("2022-10-10"), WEEK),
    ("Fighting intensified earlier in the week.", "earlier in the week", D("2022-10-10"), WEEK),
    ("Talks are planned for next week.", "next week", D("2022-10-17"), WEEK),
    ("The UN warned last month of famine.", "last month", D("2022-09-01"), MONTH),
    ("The UN warned earlier this month of famine.", "earlier this month", D("2022-10-01"), MONTH),
    ("Elections were held last year.", "last year", D("2021-01-01"), YEAR),
    ("Elections were held late last year.", "late last year", D("2021-01-01"), YEAR),
    ("More than 300 died this year.", "this year", D("2022-01-01"), YEAR),
    ("More than 300 died earlier this year.", "earlier this year", D("2022-01-01"), YEAR),
    ("Rebels regrouped last weekend.", "last weekend", D("2022-10-08"), WEEK),
    ("Rebels regrouped over the weekend.", "the weekend", D("2022-10-08"), WEEK),
    ("A march is planned this weekend.", "this weekend", D("2022-10-15"), WEEK),
    # absolute days
    ("The accord was signed on 14 October 2022.", "14 October 2022", FRIDAY, DAY),
    ("The accord was signed on March 4.", "March 4", D("2022-03-04"), DAY),
    ("The accord was signed on March 4th.", "March 4th", D("2022-03-04"), DAY),
    ("The accord was signed on 4 March.", "4 March", D("2022-03-04"), DAY),
    ("The accord was signed on 4 March 2021.", "4 March 2021", D("2021-03-04"), DAY),
    ("The accord was signed on March 4, 2021, in Doha.", "March 4, 2021", D("2021-03-04"), DAY),
    ("The accord was signed on 20 October.", "20 October", D("2021-10-20"), DAY),
    ("The accord was signed on the 4th of March 2021.", "the 4th of March 2021",
     D("2021-03-04"), DAY),  # fmt: skip
    ("It was agreed on the first of May.", "the first of May", D("2022-05-01"), DAY),
    ("It was agreed on Oct. 3.", "Oct. 3", D("2022-10-03"), DAY),
    ("It was agreed on Sept. 11, 2001.", "Sept. 11, 2001", D("2001-09-11"), DAY),
    ("It was agreed on Friday, October 7.", "Friday, October 7", D("2022-10-07"), DAY),
    ("It was agreed on 4 March last year.", "4 March last year", D("2021-03-04"), DAY),
    ("Report dated 2022-10-14.", "2022-10-14", FRIDAY, DAY),
    ("Report dated 14/10/2022.", "14/10/2022", FRIDAY, DAY),
    ("Report dated 3/4/2021.", "3/4/2021", D("2021-04-03"), DAY),  # day first
    ("Report dated 10/14/2022.", "10/14/2022", FRIDAY, DAY),  # day first impossible
    ("Report dated 14.10.2022.", "14.10.2022", FRIDAY, DAY),
    ("Fighting raged on the night of 12 to 13 May.", "12 to 13 May", D("2022-05-12"), DAY),
    ("Fighting raged on 12-13 May 2021.", "12-13 May 2021", D("2021-05-12"), DAY),
    ("Fighting raged on May 12-13.", "May 12-13", D("2022-05-12"), DAY),
    # dateparser fallback
    ("Report dated 14-Oct-21.", "14-Oct-21", D("2021-10-14"), DAY),
    ("Report dated Oct 14 '21.", "Oct 14 '21", D("2021-10-14"), DAY),
    ("Report dated 2021/10/14.", "2021/10/14", D("2021-10-14"), DAY),
    # months
    ("The deal was struck in May 2021.", "May 2021", D("2021-05-01"), MONTH),
    ("The deal was struck in mid-May 2021.", "mid-May 2021", D("2021-05-01"), MONTH),
    ("The deal was struck in May.", "May", D("2022-05-01"), MONTH),
    ("The deal was struck in November.", "November", D("2021-11-01"), MONTH),
    ("The deal was struck in October.", "October", D("2022-10-01"), MONTH),
    ("The deal was struck in May last year.", "May last year", D("2021-05-01"), MONTH),
    ("The deal was struck last May.", "last May", D("2022-05-01"), MONTH),
    ("The deal was struck last October.", "last October", D("2021-10-01"), MONTH),
    ("Fighting has continued since mid-May.", "mid-May", D("2022-05-01"), MONTH),
    ("Fighting eased at the end of June.", "June", D("2022-06-01"), MONTH),
    ("Fighting eased in early August.", "early August", D("2022-08-01"), MONTH),
    ("IN MARCH the army withdrew.", "MARCH", D("2022-03-01"), MONTH),
    # years
    ("The group was founded in 2021.", "2021", D("2021-01-01"), YEAR),
    ("The group was founded back in 2014.", "2014", D("2014-01-01"), YEAR),
    ("The group was founded in early 2021.", "early 2021", D("2021-01-01"), YEAR),
    ("Violence has risen since 2011.", "2011", D("2011-01-01"), YEAR),
    ("Many fled during the 2014 war.", "2014", D("2014-01-01"), YEAR),
    ("He won the 2020 presidential election.", "2020", D("2020-01-01"), YEAR),
    ("Prices have doubled since mid-2019.", "mid-2019", D("2019-01-01"), YEAR),
    ("Troops stayed from 2011 to 2014.", "2011 to 2014", D("2011-01-01"), YEAR),
    ("The 2014-15 drought hit the south.", "2014-15", D("2014-01-01"), YEAR),
    ("Rebels held the town in the summer of 2014.", "2014", D("2014-01-01"), YEAR),
]


@pytest.mark.parametrize(("text", "mention_text", "expected", "precision"), FRIDAY_CASES)
def test_resolves_against_a_friday_anchor(
    text: str, mention_text: str, expected: date | None, precision: DatePrecision
) -> None:
    mentions = find_dates(text, anchor=FRIDAY)
    start = text.index(mention_text)
    assert mentions == [
        DateMention(mention_text, start, start + len(mention_text), expected, precision)
    ]


OTHER_ANCHOR_CASES: list[tuple[date, str, date | None, DatePrecision]] = [
    # year boundaries
    (D("2023-01-10"), "last month", D("2022-12-01"), MONTH),
    (D("2023-01-10"), "in December", D("2022-12-01"), MONTH),
    (D("2023-01-10"), "last December", D("2022-12-01"), MONTH),
    (D("2023-01-10"), "next December", D("2023-12-01"), MONTH),
    (D("2023-01-10"), "on 30 December", D("2022-12-30"), DAY),
    (D("2023-01-02"), "last week", D("2022-12-26"), WEEK),
    (D("2023-01-01"), "yesterday", D("2022-12-31"), DAY),
    (D("2023-01-01"), "last year", D("2022-01-01"), YEAR),
    (D("2022-12-15"), "next month", D("2023-01-01"), MONTH),
    # month and day with no year: the latest one on or before the anchor
    (D("2022-03-01"), "on March 4", D("2021-03-04"), DAY),
    (D("2022-03-04"), "on March 4", D("2022-03-04"), DAY),
    (D("2022-03-01"), "in May", D("2021-05-01"), MONTH),
    (D("2022-05-20"), "in May", D("2022-05-01"), MONTH),
    (D("2022-05-20"), "last May", D("2021-05-01"), MONTH),
    # leap years
    (D("2024-03-01"), "on 29 February", D("2024-02-29"), DAY),
    (D("2023-03-01"), "on 29 February", D("2020-02-29"), DAY),
    (D("2024-03-01"), "two days ago", D("2024-02-28"), DAY),
    (D("2024-03-01"), "yesterday", D("2024-02-29"), DAY),
    # weekends by anchor weekday: Sunday, Monday, Saturday
    (D("2022-10-16"), "last weekend", D("2022-10-08"), WEEK),
    (D("2022-10-16"), "over the weekend", D("2022-10-15"), WEEK),
    (D("2022-10-17"), "over the weekend", D("2022-10-15"), WEEK),
    (D("2022-10-15"), "on Saturday", D("2022-10-15"), DAY),
    (D("2022-10-15"), "last Saturday", D("2022-10-08"), DAY),
    (D("2022-10-17"), "on Sunday", D("2022-10-16"), DAY),
]


@pytest.mark.parametrize(("anchor", "text", "expected", "precision"), OTHER_ANCHOR_CASES)
def test_resolves_against_other_anchors(
    anchor: date, text: str, expected: date, precision: DatePrecision
) -> None:
    [mention] = find_dates(f"Officials said fighting began {text}.", anchor=anchor)
    assert (mention.date, mention.precision) == (expected, precision)


@pytest.mark.parametrize(
    "text",
    [
        "They may strike again if talks fail.",
        "They MAY strike.",
        "Thousands joined a march through the city.",
        "Organisers will march to the square.",
        "Officials said 2014 people were displaced.",
        "A total of 2014 protesters were detained.",
        "Between 1990 and 2000 people fled.",
        "Turnout rose to 2014 voters, or 12 per cent.",
        "The 1990s were violent.",
        "Some 2,014 troops were deployed.",
        "The convoy left at 2014 hours.",
        "Theresa May said the vote would go ahead.",
        "The plan was in May's manifesto.",
        "The Sunday Times reported the killing.",
        "Marchers remembered Bloody Sunday.",
        "The Good Friday Agreement holds.",
        "Shops close on Fridays.",
        "The army imposed an overnight curfew.",
        "He was arrested the day before the vote.",
        "Version 1.2.2021a of the report.",
        "Room 2022 was sealed.",
    ],
)
def test_ignores_words_that_only_look_like_dates(text: str) -> None:
    assert find_dates(text, anchor=FRIDAY) == []


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("yesterday", None, DAY),
        ("on Friday", None, DAY),
        ("in May", None, MONTH),
        ("on March 4", None, DAY),
        ("last week", None, WEEK),
        ("two days ago", None, DAY),
        ("May last year", None, MONTH),
        ("14 October 2022", FRIDAY, DAY),
        ("March 4, 2021", D("2021-03-04"), DAY),
        ("2022-10-14", FRIDAY, DAY),
        ("in May 2021", D("2021-05-01"), MONTH),
        ("back in 2014", D("2014-01-01"), YEAR),
        ("14-Oct-22", FRIDAY, DAY),
    ],
)
def test_without_anchor_only_absolute_dates_resolve(
    text: str, expected: date | None, precision: DatePrecision
) -> None:
    [mention] = find_dates(f"Witnesses said {text} was the worst.", anchor=None)
    assert (mention.date, mention.precision) == (expected, precision)


def test_returns_mentions_in_order_and_prefers_the_longest() -> None:
    text = (
        "BAGHDAD, Oct 14 - Two bombs exploded on Friday, 14 October 2022, a day after "
        "militants vowed revenge for raids last week. The group, founded back in 2014, "
        "also struck in May last year."
    )
    mentions = find_dates(text, anchor=FRIDAY)
    assert [m.text for m in mentions] == [
        "Oct 14",
        "Friday, 14 October 2022",
        "a day after",
        "last week",
        "2014",
        "May last year",
    ]
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_invalid_day_falls_back_to_the_month() -> None:
    [mention] = find_dates("It happened on 29 February 2023.", anchor=FRIDAY)
    assert (mention.text, mention.date) == ("February 2023", D("2023-02-01"))
    assert mention.precision == MONTH


def test_accepts_a_datetime_anchor() -> None:
    [mention] = find_dates("It happened yesterday.", anchor=datetime(2022, 10, 14, 23, 59))
    assert mention.date == D("2022-10-13")
    assert type(mention.date) is date


_GATE = re.compile(r"^\(\?=\[[^\]]*\]\)")


@pytest.mark.parametrize("rule", [*RULES, FALLBACK_RULE], ids=lambda rule: rule.name)
def test_first_character_gate_never_changes_matches(rule: Rule) -> None:
    """The speed gate in front of each pattern must list every character a match starts with."""
    pattern = rule.pattern
    assert _GATE.match(pattern.pattern), "every rule is gated"
    ungated = re.compile(_GATE.sub("", pattern.pattern))
    corpus = "\n".join(text for text, *_ in FRIDAY_CASES) + "\n" + "\n".join(
        text for _, text, *_ in OTHER_ANCHOR_CASES
    )
    for text in (corpus, corpus.upper(), corpus.lower()):
        assert [m.span() for m in pattern.finditer(text)] == [
            m.span() for m in ungated.finditer(text)
        ]


# --- properties -------------------------------------------------------------------------------

anchors = st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31))
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FRAGMENTS = [
    "yesterday", "on Friday", "last Friday", "in May", "the 2014 war", "14 October 2022",
    "March 4", "two days ago", "last week", "earlier this month", "late last year", "12 to 13 May",
    "they may strike", "a march", "2014 people", "Friday, 14 October", "the day before.",
    "mid-May", "overnight", "May last year", "2022-10-14", "14/10/2022", "over the weekend",
    ", ", " and ", "Police said ", ". ", "\n",
]  # fmt: skip


@given(anchor=anchors)
def test_yesterday_is_always_the_day_before_the_anchor(anchor: date) -> None:
    [mention] = find_dates("The strike came yesterday.", anchor=anchor)
    assert mention.date == anchor - timedelta(days=1)


@given(anchor=anchors, weekday=st.sampled_from(WEEKDAY_NAMES))
def test_a_bare_weekday_is_within_the_week_up_to_the_anchor(anchor: date, weekday: str) -> None:
    [mention] = find_dates(f"Troops fired on {weekday}.", anchor=anchor)
    assert mention.date is not None
    assert anchor - timedelta(days=6) <= mention.date <= anchor
    assert mention.date.strftime("%A") == weekday


@given(anchor=anchors, month=st.integers(1, 12))
def test_a_bare_month_has_begun_by_the_anchor(anchor: date, month: int) -> None:
    name = date(2000, month, 1).strftime("%B")
    [mention] = find_dates(f"Talks began in {name}.", anchor=anchor)
    assert mention.date is not None
    assert mention.date.month == month and mention.date.day == 1
    assert anchor - timedelta(days=366) < mention.date <= anchor


@given(anchor=st.one_of(st.none(), anchors), parts=st.lists(st.sampled_from(FRAGMENTS)))
def test_mentions_are_slices_of_the_text_sorted_and_disjoint(
    anchor: date | None, parts: list[str]
) -> None:
    text = "".join(parts)
    mentions = find_dates(text, anchor=anchor)
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert all(a.end <= b.start for a, b in itertools.pairwise(mentions))



def test_undated_text_never_lends_its_year_to_a_yearless_day() -> None:
    """Without an article date a year-less day stays unresolved, even after a full date."""
    text = "On 3 May 2020, rebels took the town after fighting that began on 2 May."
    assert [m.date for m in find_dates(text, anchor=None)] == [D("2020-05-03"), None]
    mentions = find_dates(text, anchor=D("2023-06-01"))
    assert [m.date for m in mentions] == [D("2020-05-03"), D("2023-05-02")]
