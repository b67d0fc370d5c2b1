"""The accuracy regression guard and scripts/eval_guard.py, with a fake format and a fake coder.

The fake format's accuracy is the share of even case numbers among the cases the coder sees
(the fake coder codes an event for even numbers only), so a run's metric is known exactly.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from fakes import EvenCaseCoder

from eventwire.errors import ConfigError
from eventwire.evaluate import guard
from eventwire.evaluate.base import EvalCase, EvalFormat, EvalReport
from eventwire.evaluate.guard import Baseline, GuardRun, Status
from eventwire.evaluate.run import FORMATS
from eventwire.model import Article, Event

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "eval_guard.py"
REPO_BASELINE = Path(__file__).resolve().parents[2] / "eval" / "baseline.json"


class FakeFormat:
    """Ten cases; ``accuracy`` is right when an event was coded, ``missing`` never measurable."""

    name = "fake"

    def cases(self, path: Path) -> Iterator[EvalCase]:
        for i in range(10):
            text = f"Case {i}: gunmen attacked a convoy near the border crossing."
            yield EvalCase(case_id=f"c{i:02d}", article=Article(id=f"c{i:02d}", text=text),
                           gold={"event_type": "ASSAULT"})

    def score(self, results: Sequence[tuple[EvalCase, list[Event]]], *, dataset: str) -> EvalReport:
        hits = [bool(events) for _, events in results]
        return EvalReport(dataset=dataset, format=self.name, cases=len(results),
                          metrics={"accuracy": sum(hits) / len(hits), "missing": None,
                                   "error_rate": 1 - sum(hits) / len(hits)})


def fake_formats(name: str) -> EvalFormat:
    assert name == "fake"
    return FakeFormat()


def a_run(name: str = "fake-all", **metrics: float) -> GuardRun:
    return GuardRun(name=name, format="fake", path=".", sample=None, seed=0,
                    metrics=metrics or {"accuracy": 0.5})


def write_baseline(path: Path, runs: list[dict[str, Any]], tolerance: float = 0.02) -> Path:
    path.write_text(json.dumps({"tolerance": tolerance, "note": "test", "runs": runs}), encoding="utf-8")
    return path


def fake_run_entry(name: str = "fake-all", **metrics: float) -> dict[str, Any]:
    return {"name": name, "format": "fake", "path": ".", "sample": None, "seed": 0,
            "metrics": metrics or {"accuracy": 0.5}}


# ---- comparing ---------------------------------------------------------------------------


@pytest.mark.parametrize(("recorded", "measured", "status"), [
    (0.50, 0.50, Status.OK),
    (0.51, 0.50, Status.OK),        # a one-point drop is inside the tolerance
    (0.52, 0.50, Status.OK),        # exactly at the tolerance still passes
    (0.5201, 0.50, Status.REGRESSED),
    (0.60, 0.50, Status.REGRESSED),
    (0.40, 0.50, Status.IMPROVED),
    (0.49, 0.50, Status.OK),        # a gain inside the band is normal wobble
])
def test_status_against_the_tolerance(recorded: float, measured: float, status: Status) -> None:
    [outcome] = guard.compare(a_run(accuracy=recorded), {"accuracy": measured}, tolerance=0.02)
    assert outcome.status is status
    assert outcome.delta == pytest.approx(measured - recorded)


def test_lower_is_better_metric_fails_when_it_rises() -> None:
    run = GuardRun(name="r", format="fake", path=".", sample=None, seed=0,
                   metrics={"error_rate": 0.30}, lower_is_better=frozenset({"error_rate"}))
    [worse] = guard.compare(run, {"error_rate": 0.40}, tolerance=0.02)
    [better] = guard.compare(run, {"error_rate": 0.20}, tolerance=0.02)
    assert worse.status is Status.REGRESSED and better.status is Status.IMPROVED


def test_missing_metric_fails() -> None:
    run = a_run(accuracy=0.5, renamed=0.4)
    outcomes = guard.compare(run, {"accuracy": 0.5, "renamed_away": 0.9}, tolerance=0.02)
    assert [o.status for o in outcomes] == [Status.OK, Status.MISSING]
    assert outcomes[1].measured is None and outcomes[1].delta is None
    assert Status.MISSING.failed and not Status.IMPROVED.failed


# ---- checking with a fake coder ----------------------------------------------------------


def test_check_within_tolerance_passes(tmp_path: Path) -> None:
    baseline = Baseline(runs=(a_run(accuracy=0.51),), tolerance=0.02)
    result = guard.check(baseline, data_dir=tmp_path, coder=EvenCaseCoder(), formats=fake_formats)
    assert result.passed and [o.measured for o in result.outcomes] == [pytest.approx(0.5)]


def test_check_regression_fails_and_names_run_metric_and_values(tmp_path: Path) -> None:
    baseline = Baseline(runs=(a_run("ok-run", accuracy=0.5), a_run("bad-run", accuracy=0.55)))
    result = guard.check(baseline, data_dir=tmp_path, coder=EvenCaseCoder(), formats=fake_formats)
    assert not result.passed
    assert [(o.run, o.metric) for o in result.failures] == [("bad-run", "accuracy")]
    message = guard.failure_message(result)
    assert "bad-run" in message and "accuracy" in message and "ok-run" not in message
    assert "0.550" in message and "0.500" in message and "-0.050" in message
    assert "make eval-record" in message
    table = guard.format_table(result.outcomes)
    assert "REGRESSED" in table and "ok" in table.split("\n")[1]


def test_check_improvement_passes_and_is_reported(tmp_path: Path) -> None:
    baseline = Baseline(runs=(a_run(accuracy=0.40),))
    result = guard.check(baseline, data_dir=tmp_path, coder=EvenCaseCoder(), formats=fake_formats)
    assert result.passed and len(result.improvements) == 1
    assert "improved" in guard.format_table(result.outcomes)


def test_check_unmeasurable_metric_fails_clearly(tmp_path: Path) -> None:
    baseline = Baseline(runs=(a_run(accuracy=0.5, missing=0.3),))
    result = guard.check(baseline, data_dir=tmp_path, coder=EvenCaseCoder(), formats=fake_formats)
    assert not result.passed
    message = guard.failure_message(result)
    assert "missing was not measured" in message and "0.300" in message
    assert "MISSING" in guard.format_table(result.outcomes)


def test_check_only_runs_the_named_run(tmp_path: Path) -> None:
    baseline = Baseline(runs=(a_run("one"), a_run("two")))
    coder = EvenCaseCoder()
    result = guard.check(baseline, data_dir=tmp_path, coder=coder, only="two", formats=fake_formats)
    assert [m.run.name for m in result.measurements] == ["two"] and len(coder.seen) == 10
    with pytest.raises(ConfigError, match="one, two"):
        baseline.select("three")


def test_recorded_takes_measured_values_and_keeps_the_rest(tmp_path: Path) -> None:
    baseline = Baseline(runs=(a_run("one", accuracy=0.9), a_run("two", accuracy=0.9)), note="keep")
    result = guard.check(baseline, data_dir=tmp_path, coder=EvenCaseCoder(), only="one",
                         formats=fake_formats)
    updated = guard.recorded(baseline, result.measurements)
    assert updated.runs[0].metrics == {"accuracy": pytest.approx(0.5)}
    assert updated.runs[1].metrics == {"accuracy": 0.9} and updated.note == "keep"
    unmeasurable = Baseline(runs=(a_run(accuracy=0.5, missing=0.1),))
    result = guard.check(unmeasurable, data_dir=tmp_path, coder=EvenCaseCoder(), formats=fake_formats)
    with pytest.raises(ConfigError, match="did not measure missing"):
        guard.recorded(unmeasurable, result.measurements)


# ---- the baseline file -------------------------------------------------------------------


def test_baseline_round_trip(tmp_path: Path) -> None:
    run = GuardRun(name="r", format="acled", path=".", sample=400, seed=1,
                   metrics={"a": 0.25, "b": 0.75}, lower_is_better=frozenset({"b"}))
    baseline = Baseline(runs=(run,), tolerance=0.03, note="re-record with make eval-record")
    path = tmp_path / "baseline.json"
    guard.save_baseline(baseline, path)
    assert guard.load_baseline(path) == baseline


@pytest.mark.parametrize(("document", "fault"), [
    ({"runs": "x"}, "'runs' list"),
    ({"runs": [{"name": "r", "format": "fake", "path": "."}]}, "lacks metrics"),
    ({"runs": [fake_run_entry(), fake_run_entry()]}, "unique"),
    ({"runs": [{**fake_run_entry(), "metrics": {"accuracy": None}}]}, "not numbers"),
    ({"runs": [{**fake_run_entry(), "lower_is_better": ["other"]}]}, "lower_is_better"),
    ({"tolerance": -1, "runs": [fake_run_entry()]}, "tolerance"),
    ({"runs": [{**fake_run_entry(), "sample": "all"}]}, "sample"),
])
def test_malformed_baseline_is_a_config_error(tmp_path: Path, document: dict[str, Any],
                                              fault: str) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ConfigError, match=fault):
        guard.load_baseline(path)


def test_repo_baseline_is_valid_and_uses_known_formats() -> None:
    baseline = guard.load_baseline(REPO_BASELINE)
    assert baseline.tolerance == pytest.approx(0.02)
    assert {run.format for run in baseline.runs} <= set(FORMATS)
    assert {run.format for run in baseline.runs} >= {"acled", "plover", "petrarch", "indiapolice"}


# ---- the script ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_guard_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def fake_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Register FakeFormat as the format "fake", the way the real formats are registered."""
    module = ModuleType("fake_guard_format")
    module.FakeFormat = FakeFormat  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fake_guard_format", module)
    monkeypatch.setitem(FORMATS, "fake", "fake_guard_format:FakeFormat")


def run_script(script: ModuleType, *args: str) -> tuple[int, list[int]]:
    loads: list[int] = []

    def make_coder(n_process: int) -> EvenCaseCoder:
        loads.append(n_process)
        return EvenCaseCoder()

    return script.main([*args, "--quiet"], make_coder=make_coder), loads


def test_script_skips_without_data_dir(script: ModuleType, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    status, loads = run_script(script, "--data", str(tmp_path / "absent"),
                               "--baseline", str(tmp_path / "no-baseline.json"))
    out = capsys.readouterr().out
    assert status == 0 and loads == []
    assert f"skipped: {tmp_path / 'absent'} not found" in out


@pytest.mark.usefixtures("fake_registry")
def test_script_fails_on_regression_and_loads_the_coder_once(
        script: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    baseline = write_baseline(tmp_path / "baseline.json",
                              [fake_run_entry("a", accuracy=0.5), fake_run_entry("b", accuracy=0.6)])
    status, loads = run_script(script, "--data", str(tmp_path), "--baseline", str(baseline))
    captured = capsys.readouterr()
    assert status == 1 and loads == [1]
    assert "b: accuracy regressed: recorded 0.600, measured 0.500" in captured.err
    assert "REGRESSED" in captured.out


@pytest.mark.usefixtures("fake_registry")
def test_script_passes_within_tolerance(script: ModuleType, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    baseline = write_baseline(tmp_path / "baseline.json", [fake_run_entry(accuracy=0.515)])
    status, _ = run_script(script, "--data", str(tmp_path), "--baseline", str(baseline))
    assert status == 0 and "guard passed" in capsys.readouterr().out


@pytest.mark.usefixtures("fake_registry")
def test_script_record_writes_measured_values(script: ModuleType, tmp_path: Path) -> None:
    baseline = write_baseline(tmp_path / "baseline.json",
                              [fake_run_entry("a", accuracy=0.9), fake_run_entry("b", accuracy=0.1)])
    status, _ = run_script(script, "--data", str(tmp_path), "--baseline", str(baseline),
                           "--record", "--only", "a")
    assert status == 0
    document = json.loads(baseline.read_text(encoding="utf-8"))
    assert document["runs"][0]["metrics"] == {"accuracy": 0.5}
    assert document["runs"][1]["metrics"] == {"accuracy": 0.1}
    assert document["tolerance"] == 0.02 and document["note"] == "test"
    status, _ = run_script(script, "--data", str(tmp_path), "--baseline", str(baseline), "--only", "a")
    assert status == 0


def test_script_reports_a_bad_baseline(script: ModuleType, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text("{not json", encoding="utf-8")
    status, loads = run_script(script, "--data", str(tmp_path), "--baseline", str(baseline))
    assert status == 2 and loads == [] and "not valid JSON" in capsys.readouterr().err
