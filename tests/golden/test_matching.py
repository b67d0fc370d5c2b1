"""The golden-corpus matcher on hand-built events (no model), and the corpus's own sanity."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from matching import (
    CASES_DIR,
    ExpectedEvent,
    GoldenCase,
    Tally,
    contains,
    discover_cases,
    field_ok,
    format_event,
    normalise,
    parse_case,
    score_case,
)

from eventwire.model import (
    ActorRef,
    DatePrecision,
    Event,
    Location,
    PloverType,
    TextSpan,
)

SENTENCE = "Two Palestinians were killed on Friday morning in clashes in Nablus, the ministry said."
BACKGROUND = "The 2021 war killed 260 Palestinians, including 66 children."


def make_event(
    evidence: str = SENTENCE, event_type: PloverType = PloverType.ASSAULT, **fields: Any
) -> Event:
    return Event(
        event_id=f"ev-{abs(hash((evidence, event_type, tuple(fields)))):x}",
        article_id="a1",
        event_type=event_type,
        evidence=TextSpan(evidence, 0, len(evidence)),
        trigger=TextSpan("killed", 0, 6),
        **fields,
    )


def good_event(**overrides: Any) -> Event:
    fields: dict[str, Any] = {
        "mode": "firearms",
        "date": date(2022, 10, 14),
        "date_precision": DatePrecision.DAY,
        "fatalities": 2,
        "actor": ActorRef(text="Israeli forces", start=0, end=14, name="Israel Defense Forces"),
        "location": Location(name="Nablus", text="Nablus", start=0, end=6, country="PSE"),
    }
    fields.update(overrides)
    return make_event(**fields)


def make_case(
    events: list[dict[str, Any]],
    *,
    background: list[str] | None = None,
    max_events: int | None = None,
) -> GoldenCase:
    raw: dict[str, Any] = {"note": "hand-built", "events": events}
    if background is not None:
        raw["background_contains"] = background
    if max_events is not None:
        raw["max_events"] = max_events
    return parse_case("hand", Path("hand.txt"), Path("hand.expected.json"), raw)


EXPECTED_CLASH: dict[str, Any] = {
    "evidence_contains": "killed on Friday morning",
    "event_type": "ASSAULT",
    "mode": "firearms",
    "date": "2022-10-14",
    "date_precision": "day",
    "historical": False,
    "fatalities": 2,
    "actor": "Israel",
    "location": "Nablus",
    "country": "PSE",
}


# --------------------------------------------------------------------------- matching


def test_full_match_passes() -> None:
    result = score_case(make_case([EXPECTED_CLASH], max_events=2), [good_event()])
    assert result.passed, result.report()
    assert result.problems() == []


def test_wrong_date_fails_and_names_field_and_values() -> None:
    result = score_case(make_case([EXPECTED_CLASH]), [good_event(date=date(2022, 10, 11))])
    assert not result.passed
    report = result.report()
    assert "date expected '2022-10-14' got '2022-10-11'" in report
    assert "hand:" in report and "predicted events (1)" in report


def test_every_mismatch_is_listed() -> None:
    jenin = Location(name="Jenin", text="Jenin", start=0, end=5, country="PSE")
    event = good_event(fatalities=3, location=jenin)
    problems = score_case(make_case([EXPECTED_CLASH]), [event]).problems()
    assert len(problems) == 2
    assert any("fatalities expected 2 got 3" in line for line in problems)
    assert any("location expected 'Nablus' got 'Jenin'" in line for line in problems)


def test_background_sentence_coded_as_new_event_fails() -> None:
    case = make_case([EXPECTED_CLASH], background=["The 2021 war killed 260"])
    old_war = make_event(BACKGROUND, fatalities=260)
    result = score_case(case, [good_event(), old_war])
    assert not result.passed
    assert any("background" in line for line in result.problems())


def test_background_sentence_coded_historical_passes() -> None:
    case = make_case([EXPECTED_CLASH], background=["The 2021 war killed 260"])
    old_war = make_event(BACKGROUND, fatalities=260, historical=True)
    assert score_case(case, [good_event(), old_war]).passed


def test_more_events_than_max_events_fails() -> None:
    extra = [make_event(f"Another event number {i}.") for i in range(3)]
    result = score_case(make_case([EXPECTED_CLASH], max_events=3), [good_event(), *extra])
    assert not result.passed
    assert "too many events: 4 outside background > max_events 3" in result.problems()


def test_background_events_coded_historical_do_not_count_against_max_events() -> None:
    case = make_case([EXPECTED_CLASH], background=["The 2021 war killed 260"], max_events=1)
    old_war = make_event(BACKGROUND, fatalities=260, historical=True)
    assert score_case(case, [good_event(), old_war]).passed
    assert not score_case(case, [good_event(), make_event("A new event.")]).passed


def test_missing_event_is_reported_as_not_found() -> None:
    result = score_case(make_case([EXPECTED_CLASH]), [make_event("Something else entirely.")])
    assert not result.passed
    assert result.matches[0].predicted is None
    assert "not found" in result.problems()[0]


def test_wrong_type_is_a_near_miss_that_fails() -> None:
    result = score_case(make_case([EXPECTED_CLASH]), [good_event(event_type=PloverType.PROTEST)])
    match = result.matches[0]
    assert match.predicted is not None and not match.type_ok and not result.passed
    assert "event_type expected ASSAULT got PROTEST" in result.problems()[0]


def test_a_predicted_event_matches_only_one_expected_event() -> None:
    second = {"evidence_contains": "in clashes in Nablus", "event_type": "ASSAULT"}
    result = score_case(make_case([EXPECTED_CLASH, second]), [good_event()])
    assert sum(m.predicted is not None for m in result.matches) == 1
    assert not result.passed


def test_assignment_pairs_as_many_expected_events_as_possible() -> None:
    # The first expectation fits both events; the second fits only the first event.
    broad = {"evidence_contains": "killed", "event_type": "ASSAULT", "fatalities": 2}
    narrow = {"evidence_contains": "Friday morning", "event_type": "ASSAULT"}
    other = make_event("Three people were killed in Jenin.", fatalities=3)
    result = score_case(make_case([broad, narrow]), [good_event(), other])
    assert all(m.predicted is not None for m in result.matches)
    assert result.matches[1].predicted == good_event()


def test_among_candidates_the_one_matching_most_fields_is_chosen() -> None:
    wrong_date = good_event(date=date(2022, 10, 1))
    right = good_event()
    result = score_case(make_case([EXPECTED_CLASH]), [wrong_date, right])
    assert result.passed, result.report()
    assert result.matches[0].predicted is right


def test_evidence_comparison_ignores_case_whitespace_quotes_and_accents() -> None:
    assert contains("He said \u201cno\u201d  to   P\u00e9tion-Ville", 'said "NO" to petion-ville')
    assert normalise("A\u2014B\n c") == "a-b c"
    assert not contains(None, "x")


def test_actor_matches_canonical_name_or_article_text() -> None:
    actor = ActorRef(text="the occupation forces", start=0, end=21, name="Israel Defense Forces")
    event = good_event(actor=actor)
    assert field_ok(event, "actor", "Israel")
    assert field_ok(event, "actor", "occupation")
    assert not field_ok(event, "actor", "Hamas")
    assert not field_ok(good_event(), "recipient", "Palestinian")


def test_location_and_country_come_from_the_location() -> None:
    place = Location(name="Khan Yunis", text="Khan Younis", start=0, end=11, country="PSE")
    event = good_event(location=place)
    assert field_ok(event, "location", "Khan Younis") and field_ok(event, "location", "yunis")
    assert field_ok(event, "country", "PSE") and not field_ok(event, "country", "ISR")
    assert not field_ok(good_event(location=None), "country", "PSE")


def test_location_precision_comes_from_the_location() -> None:
    region = Location(name="northern Gaza", text="northern Gaza", start=0, end=13, country="PSE",
                      feature="region", precision=2)
    assert field_ok(good_event(location=region), "location_precision", 2)
    assert not field_ok(good_event(location=region), "location_precision", 1)
    assert not field_ok(good_event(location=None), "location_precision", 3)
    assert field_ok(good_event(location=None), "location_precision", None)


def test_scalar_fields_are_compared_exactly() -> None:
    event = good_event(historical=False)
    assert field_ok(event, "historical", False) and not field_ok(event, "historical", True)
    assert not field_ok(event, "fatalities", 0)
    assert field_ok(good_event(fatalities=None), "fatalities", None)
    assert field_ok(event, "date_precision", "day")
    assert not field_ok(event, "date_precision", "week")
    assert not field_ok(good_event(mode=None), "mode", "firearms")


def test_format_event_is_one_line_with_the_key_fields() -> None:
    line = format_event(good_event(evidence="two\nlines"))
    assert "\n" not in line
    for part in ("ASSAULT/firearms", "2022-10-14(day)", "killed=2", "Israel Defense Forces", "PSE"):
        assert part in line


def test_tally_counts_found_type_and_each_listed_field() -> None:
    missing = {"evidence_contains": "not there", "event_type": "PROTEST", "date": "2022-10-14"}
    case = make_case([EXPECTED_CLASH, missing])
    result = score_case(case, [good_event(date=date(2022, 10, 13))])
    tally = Tally()
    tally.add(result)
    assert (tally.right["found"], tally.asked["found"]) == (1, 2)
    assert (tally.right["event_type"], tally.asked["event_type"]) == (1, 2)
    assert (tally.right["date"], tally.asked["date"], tally.paired["date"]) == (0, 2, 1)
    assert (tally.right["fatalities"], tally.asked["fatalities"]) == (1, 1)
    assert tally.accuracy("injured") is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"events": [{"evidence_contains": "x", "event_type": "ATTACK"}]}, "unknown PLOVER type"),
        (
            {"events": [{"evidence_contains": "x", "event_type": "ASSAULT", "dead": 1}]},
            "unknown keys",
        ),
        ({"events": [{"event_type": "ASSAULT"}]}, "needs 'evidence_contains'"),
        ({"events": [], "max_event": 3}, "unknown keys"),
    ],
)
def test_bad_expectations_are_rejected_with_the_file_named(
    raw: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message) as error:
        parse_case("bad", Path("bad.txt"), Path("bad.expected.json"), raw)
    assert "bad.expected.json" in str(error.value)


# --------------------------------------------------------------------------- the corpus itself

CASES = discover_cases(CASES_DIR)
_DATE_LINE = re.compile(r"date (\d{4}-\d{2}-\d{2})\n")


def _read_plain(path: Path) -> tuple[date, str]:
    raw = path.read_text(encoding="utf-8")
    header = _DATE_LINE.match(raw)
    assert header, f"{path.name}: first line must be 'date YYYY-MM-DD'"
    return date.fromisoformat(header.group(1)), raw[header.end() :]


def test_corpus_is_large_and_varied() -> None:
    assert len(CASES) >= 28
    events = [event for case in CASES for event in case.events]
    countries = {e.fields["country"] for e in events if "country" in e.fields}
    assert len(countries) >= 10
    types = {e.event_type for e in events}
    wanted = ["REQUEST", "PROTEST", "COERCE", "ASSAULT", "THREATEN", "ACCUSE", "CONSULT", "AGREE", "AID", "RETREAT"]
    assert set(wanted) <= types


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case_is_consistent_with_its_article(case: GoldenCase) -> None:
    article_date, body = _read_plain(case.article_path)
    assert 75 <= len(body.split()) <= 600
    text = normalise(body)
    for needle in [e.evidence_contains for e in case.events] + list(case.background_contains):
        assert text.count(normalise(needle)) == 1, f"{needle!r} must occur once in the article"
    assert case.note and case.events
    assert case.max_events is not None
    assert len(case.events) <= case.max_events <= len(case.events) + 3
    for expected in case.events:
        _check_expected_values(expected, article_date)


def _check_expected_values(expected: ExpectedEvent, article_date: date) -> None:
    fields = expected.fields
    if "date" in fields:
        assert date.fromisoformat(fields["date"]) <= article_date, expected.describe()
    if "date_precision" in fields:
        assert fields["date_precision"] in {str(p) for p in DatePrecision}
    for name in ("fatalities", "injured"):
        if name in fields:
            assert isinstance(fields[name], int) and fields[name] >= 0
    if "country" in fields:
        assert re.fullmatch(r"[A-Z]{3}", fields["country"])
    if "historical" in fields:
        assert isinstance(fields["historical"], bool)
