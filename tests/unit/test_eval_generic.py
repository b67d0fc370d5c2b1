"""The generic evaluation format: reading hand-coded JSON Lines, pairing events, every metric.

The articles are invented wire reports; the coder is a fake that returns hand-built events.
"""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import InputError
from eventwire.evaluate.base import EvalCase
from eventwire.evaluate.generic import (
    GenericFormat,
    GoldEvent,
    fold,
    locate_evidence,
    match_events,
)
from eventwire.evaluate.run import evaluate, format_report, load_format
from eventwire.model import ActorRef, Article, Event, Location, PloverType, TextSpan

SUDAN = (
    "KADUGLI, Sudan, March 3 - Paramilitary fighters shelled a crowded market in Kadugli on "
    "Sunday, killing seven civilians and wounding 12 others, residents said. "
    "The army accused the paramilitaries of targeting civilians. "
    "In 2019, protesters staged a sit-in outside army headquarters in Khartoum."
)
QUIET = "LILONGWE, May 2 - Parliament resumed its session on Thursday after a two-week recess."
QUOTED = ("The minister said: \u201cWe will NOT  retreat from Kalma,\u201d adding that talks "
          "would resume.")

SUDAN_GOLD: list[dict[str, Any]] = [
    {"event_type": "ASSAULT", "evidence": "shelled a crowded market", "date": "2024-03-03",
     "fatalities": 7, "injured": 12, "country": "SDN", "lat": 11.01, "lon": 29.72,
     "location": "Kadugli", "actor": "paramilitary fighters", "recipient": "civilians"},
    {"event_type": "ACCUSE", "evidence": "the army accused the paramilitaries",
     "actor": "army", "recipient": "paramilitaries"},
    {"event_type": "protest", "evidence": "protesters staged a sit-in", "historical": True},
]


def line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def write_dataset(path: Path, records: Iterable[dict[str, Any] | str]) -> Path:
    text = "".join(r if isinstance(r, str) else line(r) for r in records)
    path.write_text(text, encoding="utf-8")
    return path


def sudan_record(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"id": "sd-1", "date": "2024-03-03", "title": "Market shelled",
                              "source": "wire", "group": "sudan", "text": SUDAN,
                              "events": SUDAN_GOLD}
    return record | changes


def at(text: str, words: str) -> TextSpan:
    start = text.index(words)
    return TextSpan(words, start, start + len(words))


def make_event(text: str, evidence: str, trigger: str, event_type: PloverType,
               **fields: Any) -> Event:
    """An event on ``evidence`` (its first occurrence) with its trigger inside it."""
    span = at(text, evidence)
    start = span.start + evidence.index(trigger)
    return Event(event_id=f"ev-{start}-{event_type}", article_id="a", event_type=event_type,
                 evidence=span, trigger=TextSpan(trigger, start, start + len(trigger)), **fields)


def actor(text: str, words: str) -> ActorRef:
    span = at(text, words)
    return ActorRef(text=words, start=span.start, end=span.end)


def sudan_predictions(text: str = SUDAN) -> list[Event]:
    """Right ASSAULT (some fields wrong), ACCUSE coded REJECT, the 2019 protest flagged
    historical, and a spurious current COERCE on the first sentence."""
    kadugli = at(text, "Kadugli on")
    place = Location(name="Kadugli", text="Kadugli", start=kadugli.start, end=kadugli.start + 7,
                     lat=11.0, lon=29.9, country="SDN")  # about 20 km from the gold point
    return [
        make_event(text, "Paramilitary fighters shelled a crowded market in Kadugli", "shelled",
                   PloverType.ASSAULT, actor=actor(text, "Paramilitary fighters"),
                   date=date(2024, 3, 3), fatalities=7, location=place),
        make_event(text, "The army accused the paramilitaries of targeting civilians", "accused",
                   PloverType.REJECT, actor=actor(text, "The army"),
                   recipient=actor(text, "the paramilitaries")),
        make_event(text, "protesters staged a sit-in outside army headquarters", "staged",
                   PloverType.PROTEST, historical=True),
        make_event(text, "killing seven civilians", "killing", PloverType.COERCE),
    ]


@pytest.fixture
def sudan_case(tmp_path: Path) -> EvalCase:
    cases = list(GenericFormat().cases(write_dataset(tmp_path / "gold.jsonl", [sudan_record()])))
    assert len(cases) == 1
    return cases[0]


# ---- reading ------------------------------------------------------------------------------


def test_a_good_line_becomes_an_article_with_gold_events(sudan_case: EvalCase) -> None:
    article = sudan_case.article
    assert (sudan_case.case_id, article.id, article.date) == ("sd-1", "sd-1", date(2024, 3, 3))
    assert (article.title, article.source, sudan_case.group) == ("Market shelled", "wire", "sudan")
    assert article.text == SUDAN and article.origin is not None and article.origin.line == 1
    gold = sudan_case.gold["events"]
    assert [g.event_type for g in gold] == [PloverType.ASSAULT, PloverType.ACCUSE,
                                            PloverType.PROTEST]
    first = gold[0]
    assert (first.date, first.fatalities, first.injured) == (date(2024, 3, 3), 7, 12)
    assert first.country == "SDN"
    assert (first.lat, first.lon, first.location) == (11.01, 29.72, "Kadugli")
    assert first.evidence is not None
    assert SUDAN[first.evidence.start:first.evidence.end] == "shelled a crowded market"
    # the evidence was typed in lower case: its offsets still point at the article's words
    assert gold[1].evidence is not None
    assert gold[1].evidence.text == "The army accused the paramilitaries"
    assert gold[2].historical is True and gold[1].historical is None


def test_evidence_is_found_whatever_its_case_quotes_accents_and_spacing() -> None:
    span = locate_evidence('"we will not retreat from kalma,"', QUOTED, where="events[0].evidence")
    assert span.text == "\u201cWe will NOT  retreat from Kalma,\u201d"
    assert QUOTED[span.start:span.end] == span.text
    assert fold("  Dar\u00e2a  \u2019s ") == "daraa 's"
    with pytest.raises(Exception, match="does not occur"):
        locate_evidence("retreat from Tawila", QUOTED, where="events[0].evidence")


@pytest.mark.parametrize(("bad", "reason"), [
    ("{not json\n", "malformed JSON"),
    ('["a list"]\n', "not a JSON object"),
    (line({"id": "x", "text": QUIET}), "missing 'events'"),
    (line({"id": "x", "events": []}), "missing 'text'"),
    (line({"id": "x", "text": QUIET, "events": [{"event_type": "FIGHT"}]}), "not a PLOVER type"),
    (line({"id": "x", "text": QUIET, "events": [{"event_type": "AGREE", "evidence": "signed"}]}),
     "does not occur"),
    (line({"id": "x", "text": QUIET, "events": [{"event_type": "AGREE", "lat": 1.0}]}),
     "only one of lat and lon"),
    (line({"id": "x", "text": QUIET, "events": [{"event_type": "AGREE", "fatalites": 2}]}),
     "unknown keys fatalites"),
    (line({"id": "x", "text": QUIET, "events": [{"event_type": "AGREE", "fatalities": -1}]}),
     "whole number"),
    (line({"id": "x", "text": QUIET, "events": [{"event_type": "AGREE", "country": "XYZ"}]}),
     "ISO 3166"),
    (line({"id": "x", "text": QUIET, "events": [{"event_type": "AGREE", "date": "3 May"}]}),
     "unreadable date"),
    (line({"id": "x", "text": QUIET, "events": [{"event_type": "AGREE", "historical": "yes"}]}),
     "true or false"),
    (line({"id": "x", "text": QUIET, "date": "2024-02-30", "events": []}), "impossible date"),
    (line({"id": "x", "text": QUIET, "group": 3, "events": []}), "'group' must be a string"),
])
def test_a_bad_line_is_skipped_logged_and_reported(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                                   bad: str, reason: str) -> None:
    file = write_dataset(tmp_path / "gold.jsonl", [sudan_record(), bad, "\n",
                                                   sudan_record(id="sd-2")])
    fmt = GenericFormat()
    with caplog.at_level(logging.WARNING, logger="eventwire.evaluate.generic"):
        cases = list(fmt.cases(file))
    assert [case.case_id for case in cases] == ["sd-1", "sd-2"]
    assert len(fmt.rejections) == 1 and fmt.rejections[0].line == 2
    assert reason in fmt.rejections[0].reason
    assert reason in caplog.text
    report = fmt.score([(case, []) for case in cases], dataset=str(file))
    assert report.tables["rejected_lines"] == [str(fmt.rejections[0])]
    assert any("1 bad lines skipped" in note for note in report.notes)
    assert any("gold.jsonl:2: " in note and reason in note for note in report.notes)


def test_a_repeated_id_is_skipped(tmp_path: Path) -> None:
    file = write_dataset(tmp_path / "gold.jsonl",
                         [sudan_record(), sudan_record(text=QUIET, events=[])])
    fmt = GenericFormat()
    assert [case.article.text for case in fmt.cases(file)] == [SUDAN]
    assert "repeated id 'sd-1'" in fmt.rejections[0].reason


def test_a_folder_is_read_in_name_order_including_gzip(tmp_path: Path) -> None:
    write_dataset(tmp_path / "b.jsonl", [sudan_record(id="b")])
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(line(sudan_record(id="a")).encode()))
    write_dataset(tmp_path / "c.txt", [sudan_record(id="c")])
    assert [case.case_id for case in GenericFormat().cases(tmp_path)] == ["a", "b"]


def test_an_unreadable_file_is_an_input_error(tmp_path: Path) -> None:
    binary = tmp_path / "gold.jsonl"
    binary.write_bytes(b"\x00\x01\x02 not text")
    with pytest.raises(InputError, match="binary"):
        list(GenericFormat().cases(binary))
    with pytest.raises(InputError, match="does not exist"):
        list(GenericFormat().cases(tmp_path / "missing"))


# ---- matching -----------------------------------------------------------------------------


def test_types_pair_first_then_evidence_alone_makes_a_type_error(sudan_case: EvalCase) -> None:
    pairs = match_events(sudan_case.gold["events"], sudan_predictions())
    assert [(str(p.gold.event_type), str(p.event.event_type), p.on_type) for p in pairs] == [
        ("ASSAULT", "ASSAULT", True), ("ACCUSE", "REJECT", False), ("PROTEST", "PROTEST", True)]


def test_gold_evidence_rules_out_an_event_elsewhere_in_the_article() -> None:
    text = SUDAN
    gold = [GoldEvent(PloverType.ACCUSE, evidence=at(text, "The army accused"))]
    elsewhere = make_event(text, "Paramilitary fighters shelled", "shelled", PloverType.ACCUSE)
    assert match_events(gold, [elsewhere]) == []
    # a predicted evidence that merely contains the gold words (folded) also matches
    inside = make_event(text, "The army accused the paramilitaries", "accused", PloverType.ACCUSE)
    assert [p.event for p in match_events(gold, [inside])] == [inside]


def test_without_gold_evidence_a_type_mismatch_never_pairs() -> None:
    gold = [GoldEvent(PloverType.ACCUSE)]
    rejected = make_event(SUDAN, "The army accused", "accused", PloverType.REJECT)
    assert match_events(gold, [rejected]) == []


def test_without_gold_evidence_events_pair_in_text_order() -> None:
    gold = [GoldEvent(PloverType.ASSAULT, fatalities=7),
            GoldEvent(PloverType.ASSAULT, fatalities=0)]
    late = make_event(SUDAN, "protesters staged", "staged", PloverType.ASSAULT)
    early = make_event(SUDAN, "Paramilitary fighters shelled", "shelled", PloverType.ASSAULT)
    pairs = match_events(gold, [late, early])
    assert [(p.gold.fatalities, p.event) for p in pairs] == [(7, early), (0, late)]


def test_matching_finds_the_most_pairs() -> None:
    # the first gold event (no evidence) would take the only event the second one fits
    text = SUDAN
    gold = [GoldEvent(PloverType.ASSAULT),
            GoldEvent(PloverType.ASSAULT, evidence=at(text, "shelled"))]
    on_market = make_event(text, "Paramilitary fighters shelled", "shelled", PloverType.ASSAULT)
    other = make_event(text, "protesters staged", "staged", PloverType.ASSAULT)
    pairs = match_events(gold, [on_market, other])
    assert {(p.gold.evidence is None, p.event.trigger.text) for p in pairs} == {
        (True, "staged"), (False, "shelled")}


# ---- metrics ------------------------------------------------------------------------------


def test_every_metric_on_a_hand_worked_article(sudan_case: EvalCase) -> None:
    report = GenericFormat().score([(sudan_case, sudan_predictions())], dataset="d")
    m = report.metrics
    # current gold: ASSAULT, ACCUSE; current predicted: ASSAULT, REJECT, COERCE; one hit
    assert m["event_precision"] == pytest.approx(1 / 3)
    assert m["event_recall"] == pytest.approx(1 / 2)
    assert m["event_f1"] == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))
    assert m["event_type_macro_f1"] == pytest.approx((1.0 + 0.0) / 2)  # ASSAULT 1, ACCUSE 0
    assert m["event_type_accuracy"] == pytest.approx(2 / 3)  # ACCUSE coded REJECT
    assert m["historical_recall"] == 1.0 and m["historical_exact"] == 1.0
    assert (m["date_exact"], m["fatalities_exact"], m["injured_exact"]) == (1.0, 1.0, 0.0)
    assert (m["country_exact"], m["within_10km"], m["within_50km"]) == (1.0, 0.0, 1.0)
    assert m["location_match"] == 1.0
    assert m["actor_match"] == 1.0  # "Paramilitary fighters"; "The army" folds to "army"
    assert m["recipient_match"] == pytest.approx(1 / 2)  # the ASSAULT has no recipient
    assert "mode_exact" not in m  # no gold event gives a mode
    assert report.tables["event_type_confusion"]["ACCUSE"] == {"REJECT": 1}
    assert report.tables["detection"] == {"hits": 1, "false_positives": 2, "misses": 1}
    assert report.tables["scored_cases"]["recipient_match"] == 2
    assert any("recipient_match 2" in note for note in report.notes)


def test_extra_predictions_lower_precision_only(sudan_case: EvalCase) -> None:
    fmt = GenericFormat()
    exact = [e for e in sudan_predictions() if e.event_type is not PloverType.COERCE]
    fewer = fmt.score([(sudan_case, exact)], dataset="d").metrics
    more = fmt.score([(sudan_case, sudan_predictions())], dataset="d").metrics
    assert fewer["event_precision"] == pytest.approx(1 / 2)
    assert more["event_precision"] == pytest.approx(1 / 3)
    assert fewer["event_recall"] == more["event_recall"] == pytest.approx(1 / 2)


def test_a_background_event_coded_as_current_is_a_false_positive(sudan_case: EvalCase) -> None:
    as_current = [make_event(SUDAN, "protesters staged a sit-in", "staged", PloverType.PROTEST)]
    metrics = GenericFormat().score([(sudan_case, as_current)], dataset="d").metrics
    assert metrics["event_precision"] == 0.0 and metrics["event_recall"] == 0.0
    assert metrics["historical_recall"] == 0.0 and metrics["historical_exact"] == 0.0


def test_mode_is_compared_without_case(tmp_path: Path) -> None:
    record = {"id": "q", "text": QUOTED,
              "events": [{"event_type": "REJECT", "mode": "Refuse",
                          "evidence": "will not retreat"}]}
    case = next(GenericFormat().cases(write_dataset(tmp_path / "g.jsonl", [record])))
    right = make_event(QUOTED, "We will NOT  retreat", "retreat", PloverType.REJECT, mode="refuse")
    wrong = make_event(QUOTED, "We will NOT  retreat", "retreat", PloverType.REJECT, mode="veto")
    assert GenericFormat().score([(case, [right])], dataset="d").metrics["mode_exact"] == 1.0
    assert GenericFormat().score([(case, [wrong])], dataset="d").metrics["mode_exact"] == 0.0


# ---- end to end -----------------------------------------------------------------------------


class FakeCoder:
    """Codes the Sudan article as ``sudan_predictions``; finds a spurious AGREE in the quiet one."""

    def __init__(self) -> None:
        self.seen: list[Article] = []

    def code_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        for article in articles:
            self.seen.append(article)
            if article.text == SUDAN:
                yield article, sudan_predictions(article.text)
            else:
                yield article, [make_event(article.text, "Parliament resumed", "resumed",
                                           PloverType.AGREE)]


def test_evaluate_end_to_end_with_groups(tmp_path: Path) -> None:
    file = write_dataset(tmp_path / "gold.jsonl", [
        sudan_record(),
        {"id": "mw-1", "date": "2024-05-02", "group": "negatives", "text": QUIET, "events": []},
    ])
    coder = FakeCoder()
    report = evaluate(file, fmt=load_format("generic"), coder=coder)
    assert [a.date for a in coder.seen] == [date(2024, 3, 3), date(2024, 5, 2)]
    assert report.format == "generic" and report.cases == 2
    assert report.metrics["event_precision"] == pytest.approx(1 / 4)  # the AGREE is one more miss
    assert report.metrics["event_recall"] == pytest.approx(1 / 2)
    assert report.groups["sudan"]["event_precision"] == pytest.approx(1 / 3)
    assert report.groups["negatives"]["event_precision"] == 0.0
    assert report.groups["negatives"]["event_recall"] is None  # nothing to find there
    assert report.tables["per_type"]["AGREE"]["predicted"] == 1
    assert "AGREE" not in {k for k, v in report.tables["per_type"].items() if v["gold"]}
    assert "event_f1" in format_report(report)


def test_evidence_quoted_again_later_still_matches_by_its_words() -> None:
    text = "Gunmen attacked a bus near Tawila. Witnesses said gunmen attacked a bus twice."
    gold = [GoldEvent(PloverType.ASSAULT, evidence=locate_evidence("gunmen attacked a bus", text,
                                                                   where="e"))]
    assert gold[0].evidence is not None and gold[0].evidence.start == 0
    later = make_event(text, "Witnesses said gunmen attacked a bus twice", "attacked",
                       PloverType.ASSAULT)
    assert [p.event for p in match_events(gold, [later])] == [later]


def test_a_missing_predicted_toll_reads_as_zero(tmp_path: Path) -> None:
    record = {"id": "q", "text": QUOTED, "events": [
        {"event_type": "REJECT", "evidence": "will not retreat", "fatalities": 0, "injured": 2}]}
    case = next(GenericFormat().cases(write_dataset(tmp_path / "g.jsonl", [record])))
    event = make_event(QUOTED, "We will NOT  retreat", "retreat", PloverType.REJECT)
    metrics = GenericFormat().score([(case, [event])], dataset="d").metrics
    assert (metrics["fatalities_exact"], metrics["injured_exact"]) == (1.0, 0.0)
