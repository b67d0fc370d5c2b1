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
    Figure,
    Location,
    Modality,
    PloverType,
    Responsibility,
    Statement,
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
    forbidden: list[dict[str, Any]] | None = None,
) -> GoldenCase:
    raw: dict[str, Any] = {"note": "hand-built", "events": events}
    if forbidden is not None:
        raw["forbidden"] = forbidden
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
    assert "too many events: 4 factual outside background > max_events 3" in result.problems()


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


# --------------------------------------------------------------------------- modality (issue 6)

THREAT = "The army warned it would storm the Nur Shams camp if the gunmen did not surrender."
THREAT_EXPECTED: dict[str, Any] = {"evidence_contains": "warned it would storm", "event_type": "THREATEN"}
STORM_EXPECTED: dict[str, Any] = {
    "evidence_contains": "warned it would storm",
    "event_type": "COERCE",
    "modality": "threatened",
}
NO_STORM: list[dict[str, Any]] = [{"evidence_contains": "would storm the Nur Shams", "event_type": "COERCE"}]


def threat(**fields: Any) -> Event:
    return make_event(THREAT, PloverType.THREATEN, **fields)


def storm(modality: Modality) -> Event:
    return make_event(THREAT, PloverType.COERCE, modality=modality)


def test_an_expected_event_without_modality_is_not_matched_by_a_threatened_act() -> None:
    expected = {"evidence_contains": "warned it would storm", "event_type": "COERCE"}
    result = score_case(make_case([expected]), [storm(Modality.THREATENED)])
    assert result.matches[0].predicted is None and not result.passed
    assert "not found" in result.problems()[0]


def test_a_non_factual_act_is_not_a_near_miss_for_a_factual_expectation() -> None:
    # The second pass (evidence alone) must not pair the threatened act either.
    result = score_case(make_case([THREAT_EXPECTED]), [storm(Modality.THREATENED)])
    assert result.matches[0].predicted is None


def test_a_threatened_act_matches_an_expectation_with_that_modality() -> None:
    case = make_case([THREAT_EXPECTED, STORM_EXPECTED], max_events=1, forbidden=NO_STORM)
    result = score_case(case, [threat(), storm(Modality.THREATENED)])
    assert result.passed, result.report()


def test_a_factual_act_pairs_with_a_non_factual_expectation_and_fails_on_modality() -> None:
    result = score_case(make_case([STORM_EXPECTED]), [storm(Modality.ASSERTED)])
    assert result.matches[0].predicted is not None and not result.passed
    assert result.problems() == [
        "expected #0 COERCE 'warned it would storm': modality expected 'threatened' got 'asserted'"
    ]


def test_a_claimed_act_is_factual_for_matching() -> None:
    expected = {"evidence_contains": "warned it would storm", "event_type": "COERCE"}
    assert score_case(make_case([expected]), [storm(Modality.CLAIMED)]).passed
    claimed = {**expected, "modality": "claimed"}
    assert score_case(make_case([claimed]), [storm(Modality.CLAIMED)]).passed
    assert not score_case(make_case([claimed]), [storm(Modality.ASSERTED)]).passed


def test_non_factual_events_do_not_count_against_max_events() -> None:
    case = make_case([THREAT_EXPECTED], max_events=1)
    kept = [threat(), storm(Modality.THREATENED), storm(Modality.HYPOTHETICAL)]
    assert score_case(case, kept).passed
    result = score_case(case, [threat(), storm(Modality.ASSERTED)])
    assert result.too_many and result.counted == 2


@pytest.mark.parametrize("modality", [Modality.ASSERTED, Modality.CLAIMED])
def test_a_factual_event_matching_a_forbidden_act_fails(modality: Modality) -> None:
    case = make_case([THREAT_EXPECTED], max_events=3, forbidden=NO_STORM)
    result = score_case(case, [threat(), storm(modality)])
    assert not result.passed
    assert result.forbidden_violations and result.forbidden_violations[0][1].event_type == "COERCE"
    assert any(line.startswith("forbidden COERCE 'would storm the Nur Shams': coded as a fact")
               for line in result.problems())


@pytest.mark.parametrize("modality", [Modality.THREATENED, Modality.DENIED, Modality.PLANNED,
                                      Modality.HYPOTHETICAL])
def test_a_non_factual_record_of_a_forbidden_act_passes(modality: Modality) -> None:
    case = make_case([THREAT_EXPECTED], max_events=1, forbidden=NO_STORM)
    assert score_case(case, [threat(), storm(modality)]).passed


def test_forbidden_needs_type_and_evidence_to_match() -> None:
    case = make_case([THREAT_EXPECTED], max_events=3, forbidden=NO_STORM)
    other_type = make_event(THREAT, PloverType.ASSAULT)
    assert score_case(case, [threat(), other_type]).forbidden_violations == ()
    other_text = make_event("Troops stormed a house in Tulkarm.", PloverType.COERCE)
    assert score_case(case, [threat(), other_text]).forbidden_violations == ()


def test_tally_counts_forbidden_acts_coded_as_facts() -> None:
    case = make_case([THREAT_EXPECTED], forbidden=NO_STORM)
    tally = Tally()
    tally.add(score_case(case, [threat(), storm(Modality.ASSERTED), storm(Modality.CLAIMED)]))
    tally.add(score_case(case, [threat(), storm(Modality.THREATENED)]))
    assert (tally.forbidden_hit, tally.forbidden) == (1, 2)


QUDS = ActorRef(text="The al-Quds Brigades", start=0, end=20, name="Al-Quds Brigades")
MINISTRY = ActorRef(text="the health ministry", start=0, end=19, name="Ministry of Health (Palestine)")
ARMY = ActorRef(text="the army", start=0, end=8, name="Israel Defense Forces")


def test_claimed_by_and_claimant_are_substrings_of_name_or_words() -> None:
    claim = Responsibility(QUDS, TextSpan("claimed responsibility", 0, 22), TextSpan("claimed", 0, 7))
    event = good_event(claimed_by=MINISTRY, responsibility=claim)
    assert field_ok(event, "claimed_by", "health ministry") and field_ok(event, "claimed_by", "Palestine")
    assert not field_ok(event, "claimed_by", "army")
    assert field_ok(event, "claimant", "Quds") and not field_ok(event, "claimant", "Hamas")
    assert field_ok(good_event(), "claimant", None) and field_ok(good_event(), "claimed_by", None)
    assert not field_ok(good_event(), "claimant", "Quds")
    assert not field_ok(event, "claimant", None)


def test_speaker_is_the_statement_speaker_words() -> None:
    said = Statement(speaker=TextSpan("spokesperson Abu Obeida", 0, 23), verb=TextSpan("said", 24, 28))
    event = make_event(THREAT, PloverType.THREATEN, actor=QUDS, statement=said)
    assert field_ok(event, "speaker", "Abu Obeida") and not field_ok(event, "speaker", "Quds")
    assert field_ok(make_event(THREAT, PloverType.THREATEN), "speaker", None)
    assert not field_ok(make_event(THREAT, PloverType.THREATEN, statement=Statement()), "speaker", "Abu")


def test_flags_and_modality_are_compared_exactly() -> None:
    call = make_event("The factions called on young men to kill soldiers.", PloverType.REQUEST,
                      call_to_action=True, call_to_violence=True)
    assert field_ok(call, "call_to_action", True) and field_ok(call, "call_to_violence", True)
    assert not field_ok(call, "denial", True) and field_ok(call, "denial", False)
    assert field_ok(call, "modality", "asserted") and not field_ok(call, "modality", "claimed")
    assert field_ok(storm(Modality.DENIED), "modality", "DENIED")


def test_figures_each_need_a_figure_with_that_count_kind_and_source() -> None:
    five = Figure("killed", 5, "five were killed", 0, 16, source=MINISTRY)
    three = Figure("killed", 3, "the toll at three", 0, 17, source=ARMY)
    event = good_event(figures=(five, three))
    both = [{"kind": "killed", "count": 5, "source": "health ministry"}, {"count": 3, "source": "army"}]
    assert field_ok(event, "figures", both)
    assert field_ok(event, "figures", [{"count": 5}])
    assert not field_ok(event, "figures", [{"count": 5, "source": "army"}])
    assert not field_ok(event, "figures", [{"count": 5, "kind": "injured"}])
    assert not field_ok(good_event(figures=(five,)), "figures", both)
    assert not field_ok(event, "figures", [{"count": 5, "source": None}])
    writer = Figure("killed", 2, "two were killed", 0, 15)
    assert field_ok(good_event(figures=(writer,)), "figures", [{"count": 2, "source": None}])
    assert field_ok(good_event(), "figures", []) and not field_ok(event, "figures", None)


def test_format_event_shows_modality_claims_and_flags() -> None:
    line = format_event(make_event(THREAT, PloverType.REQUEST, modality=Modality.CLAIMED,
                                   claimed_by=MINISTRY, call_to_action=True))
    assert "CLAIMED" in line and "claimed_by=" in line and "call_to_action" in line
    assert "ASSERTED" not in format_event(good_event())


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"events": [{"evidence_contains": "x", "event_type": "ASSAULT", "modality": "feared"}]},
         "unknown modality"),
        ({"events": [{"evidence_contains": "x", "event_type": "REQUEST", "denial": "yes"}]},
         "must be true or false"),
        ({"events": [{"evidence_contains": "x", "event_type": "ASSAULT", "figures": [{"n": 3}]}]},
         "each figure"),
        ({"events": [], "forbidden": [{"evidence_contains": "x"}]}, "forbidden #0 needs"),
        ({"events": [], "forbidden": [{"evidence_contains": "x", "event_type": "KILL"}]},
         "unknown PLOVER type"),
    ],
)
def test_bad_statement_expectations_are_rejected(raw: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_case("bad", Path("bad.txt"), Path("bad.expected.json"), raw)


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


def test_corpus_covers_statements_claims_threats_and_denials() -> None:
    events = [event for case in CASES for event in case.events]
    modalities = {e.fields["modality"] for e in events if "modality" in e.fields}
    assert {"claimed", "threatened", "denied", "planned", "hypothetical"} <= modalities
    for flag in ("call_to_action", "call_to_violence", "denial"):
        assert {e.fields.get(flag) for e in events} >= {True, False}, f"{flag} needs both values"
    for name in ("claimant", "claimed_by", "speaker", "figures"):
        assert any(e.fields.get(name) for e in events), f"no expected event checks {name}"
    assert sum(len(case.forbidden) for case in CASES) >= 8
    assert any(len(e.fields.get("figures") or []) >= 2 for e in events), "no conflicting figures"


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case_is_consistent_with_its_article(case: GoldenCase) -> None:
    article_date, body = _read_plain(case.article_path)
    assert 75 <= len(body.split()) <= 600
    text = normalise(body)
    for needle in [e.evidence_contains for e in case.events] + list(case.background_contains):
        assert text.count(normalise(needle)) == 1, f"{needle!r} must occur once in the article"
    for rule in case.forbidden:
        assert text.count(normalise(rule.evidence_contains)) == 1, f"{rule.describe()} must occur once"
    assert case.note and case.events
    assert case.max_events is not None
    # Non-factual records never count against max_events, so they do not set its bounds.
    factual = sum(expected.factual for expected in case.events)
    assert factual <= case.max_events <= factual + 3
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
