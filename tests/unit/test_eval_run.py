"""The evaluation runner and the shared metrics, with a fake format and a fake coder."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from fakes import EvenCaseCoder

from eventwire.errors import ConfigError, InputError
from eventwire.evaluate.base import EvalCase, EvalReport
from eventwire.evaluate.metrics import (
    BinaryScores,
    ClassificationScores,
    haversine_km,
    share_within,
)
from eventwire.evaluate.run import FORMATS, evaluate, format_report, load_format, select
from eventwire.model import Article, Event


class FakeFormat:
    name = "fake"

    def __init__(self, n: int) -> None:
        self.n = n

    def cases(self, path: Path) -> Iterator[EvalCase]:
        for i in range(self.n):
            text = f"Case {i}: gunmen attacked a convoy."
            yield EvalCase(case_id=f"c{i:02d}", article=Article(id=f"c{i:02d}", text=text),
                           gold={"event_type": "ASSAULT"}, group="odd" if i % 2 else "even")

    def score(self, results: Sequence[tuple[EvalCase, list[Event]]], *, dataset: str) -> EvalReport:
        scores = ClassificationScores()
        for case, events in results:
            scores.add(case.gold["event_type"], str(events[0].event_type) if events else None)
        return EvalReport(dataset=dataset, format=self.name, cases=len(results),
                          metrics={"event_type_accuracy": scores.accuracy()})


def test_evaluate_codes_every_selected_case_and_scores_it(tmp_path: Path) -> None:
    coder = EvenCaseCoder()
    ticks: list[int] = []
    report = evaluate(tmp_path, fmt=FakeFormat(10), coder=coder, progress=ticks.append)
    assert report.cases == 10 and len(coder.seen) == 10 and sum(ticks) == 10
    assert report.metrics["event_type_accuracy"] == pytest.approx(0.5)
    assert "event_type_accuracy" in format_report(report)


def test_limit_and_reproducible_sample() -> None:
    cases = list(FakeFormat(20).cases(Path(".")))
    assert [c.case_id for c in select(cases, limit=3)] == ["c00", "c01", "c02"]
    first = [c.case_id for c in select(cases, sample=5, seed=7)]
    again = [c.case_id for c in select(cases, sample=5, seed=7)]
    other = [c.case_id for c in select(cases, sample=5, seed=8)]
    assert first == again and len(first) == 5 and first != other


def test_missing_dataset_and_unknown_format_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        evaluate(tmp_path / "nowhere", fmt=FakeFormat(1), coder=EvenCaseCoder())
    with pytest.raises(InputError, match="no fake cases"):
        evaluate(tmp_path, fmt=FakeFormat(0), coder=EvenCaseCoder())
    with pytest.raises(ConfigError, match="acled"):
        load_format("gdelt")
    assert set(FORMATS) == {"acled", "plover", "petrarch", "indiapolice", "generic", "dedup"}


def test_classification_scores() -> None:
    scores = ClassificationScores()
    for gold, predicted in [("A", "A"), ("A", "B"), ("B", "B"), ("B", None), ("C", "C")]:
        scores.add(gold, predicted)
    assert scores.accuracy() == pytest.approx(3 / 5)
    per_class = scores.per_class()
    assert per_class["A"][:2] == (1.0, 0.5) and per_class["B"][:2] == (0.5, 0.5)
    assert scores.macro_f1() == pytest.approx((2 / 3 + 0.5 + 1.0) / 3)
    assert scores.weighted_f1() == pytest.approx((2 / 3 * 2 + 0.5 * 2 + 1.0) / 5)
    assert scores.confusion()["B"]["(none)"] == 1


def test_binary_scores() -> None:
    scores = BinaryScores()
    for gold, predicted in [(True, True), (True, False), (False, True), (False, False), (True, True)]:
        scores.add(gold, predicted)
    assert scores.precision() == pytest.approx(2 / 3) and scores.recall() == pytest.approx(2 / 3)
    assert scores.f1() == pytest.approx(2 / 3)
    assert BinaryScores().f1() is None
    missed = BinaryScores()
    missed.add(True, False)
    assert missed.f1() == 0.0


def test_distances() -> None:
    gaza, rafah = (31.50, 34.47), (31.30, 34.24)
    distance = haversine_km(*gaza, *rafah)
    assert 25 < distance < 35
    assert share_within([distance, None, 100.0], 50) == pytest.approx(1 / 3)
