"""The accuracy regression guard: re-measure fixed samples and compare with recorded values.

CI runs ``scripts/eval_guard.py`` after the tests. Each run of ``eval/baseline.json`` is
evaluated with one shared coder; a headline metric fails the guard when it falls more than
``tolerance`` below (or, for a lower-is-better metric, rises more than ``tolerance`` above) its
recorded value, or when it cannot be measured at all.

Baseline file (JSON)::

    {
      "tolerance": 0.02,                  # allowed drop, in metric units (0.02 = 2 points)
      "note": "how to re-record ...",     # free text for people, kept on --record
      "runs": [
        {
          "name": "acled",                # unique; --only NAME selects it
          "format": "acled",              # a name in eventwire.evaluate.run.FORMATS
          "path": ".",                    # relative to the data dir (--data)
          "sample": 400,                  # cases of the reproducible sample; null = all
          "seed": 1,                      # seed of the sample
          "metrics": {"event_type_accuracy": 0.73, ...},   # headline metric -> recorded value
          "lower_is_better": []           # optional: metrics where smaller is better
        }
      ]
    }

Re-record (``make eval-record``) only when a change of the numbers is intended and explained
in the commit; recording keeps the runs, samples and metric names and rewrites the values.
"""

from __future__ import annotations

import enum
import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from eventwire.errors import ConfigError, InputError
from eventwire.evaluate.base import EvalFormat, EvalReport
from eventwire.evaluate.run import ArticleCoder, evaluate, load_format

log = logging.getLogger(__name__)

DEFAULT_TOLERANCE = 0.02
FormatLoader = Callable[[str], EvalFormat]


class Status(enum.Enum):
    """How a measured metric compares with its recorded value."""

    OK = "ok"
    IMPROVED = "improved"
    REGRESSED = "REGRESSED"
    MISSING = "MISSING"

    @property
    def failed(self) -> bool:
        return self in (Status.REGRESSED, Status.MISSING)


@dataclass(frozen=True, slots=True)
class GuardRun:
    """One fixed evaluation: a dataset, its sample and the recorded headline metrics."""

    name: str
    format: str
    path: str
    sample: int | None
    seed: int
    metrics: Mapping[str, float]
    lower_is_better: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Baseline:
    """The recorded runs and the allowed drop."""

    runs: tuple[GuardRun, ...]
    tolerance: float = DEFAULT_TOLERANCE
    note: str = ""

    def select(self, only: str | None) -> tuple[GuardRun, ...]:
        """All runs, or the one named ``only``."""
        if only is None:
            return self.runs
        chosen = tuple(run for run in self.runs if run.name == only)
        if not chosen:
            names = ", ".join(run.name for run in self.runs)
            raise ConfigError(f"no run named '{only}' in the baseline; use one of {names}")
        return chosen


@dataclass(frozen=True, slots=True)
class Outcome:
    """One headline metric of one run, recorded against measured."""

    run: str
    metric: str
    recorded: float
    measured: float | None
    status: Status

    @property
    def delta(self) -> float | None:
        return None if self.measured is None else self.measured - self.recorded


@dataclass(frozen=True, slots=True)
class Measurement:
    """What one run measured and how long it took."""

    run: GuardRun
    report: EvalReport
    seconds: float


@dataclass(frozen=True, slots=True)
class GuardResult:
    """Every outcome of a guard pass, with the measurements behind them."""

    tolerance: float
    outcomes: tuple[Outcome, ...]
    measurements: tuple[Measurement, ...] = field(default=())

    @property
    def failures(self) -> tuple[Outcome, ...]:
        return tuple(outcome for outcome in self.outcomes if outcome.status.failed)

    @property
    def improvements(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.status is Status.IMPROVED)

    @property
    def passed(self) -> bool:
        return not self.failures


# ---- the baseline file -------------------------------------------------------------------


def load_baseline(path: Path) -> Baseline:
    """Read and check a baseline file; a malformed one raises ``ConfigError`` naming the fault."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"cannot read the baseline {path}: {error}") from error
    except ValueError as error:
        raise ConfigError(f"{path} is not valid JSON: {error}") from error
    if not isinstance(document, dict) or not isinstance(document.get("runs"), list):
        raise ConfigError(f"{path} must be a JSON object with a 'runs' list (see eventwire.evaluate.guard)")
    runs = tuple(_run_of(entry, where=f"{path} run {i}") for i, entry in enumerate(document["runs"]))
    names = [run.name for run in runs]
    if len(set(names)) != len(names):
        raise ConfigError(f"{path}: run names must be unique, got {', '.join(names)}")
    tolerance = document.get("tolerance", DEFAULT_TOLERANCE)
    if not isinstance(tolerance, (int, float)) or tolerance < 0:
        raise ConfigError(f"{path}: 'tolerance' must be a number >= 0, got {tolerance!r}")
    return Baseline(runs=runs, tolerance=float(tolerance), note=str(document.get("note", "")))


def _run_of(entry: Any, *, where: str) -> GuardRun:
    if not isinstance(entry, dict):
        raise ConfigError(f"{where} must be an object")
    missing = {"name", "format", "path", "metrics"} - set(entry)
    if missing:
        raise ConfigError(f"{where} lacks {', '.join(sorted(missing))}")
    metrics = entry["metrics"]
    if not isinstance(metrics, dict) or not metrics:
        raise ConfigError(f"{where} ('{entry['name']}'): 'metrics' must map metric names to values")
    bad = [name for name, value in metrics.items() if not isinstance(value, (int, float))]
    if bad:
        raise ConfigError(f"{where} ('{entry['name']}'): recorded values of {', '.join(bad)} are not "
                          "numbers; re-record with `make eval-record`")
    sample = entry.get("sample")
    if sample is not None and (not isinstance(sample, int) or sample < 1):
        raise ConfigError(f"{where}: 'sample' must be a positive whole number or null (all cases)")
    lower = frozenset(entry.get("lower_is_better", ()))
    if not lower <= set(metrics):
        raise ConfigError(f"{where}: lower_is_better names metrics the run does not record: "
                          f"{', '.join(sorted(lower - set(metrics)))}")
    return GuardRun(name=str(entry["name"]), format=str(entry["format"]), path=str(entry["path"]),
                    sample=sample, seed=int(entry.get("seed", 0)),
                    metrics={name: float(value) for name, value in metrics.items()},
                    lower_is_better=lower)


def baseline_document(baseline: Baseline) -> dict[str, Any]:
    """The baseline as the JSON object ``load_baseline`` reads."""
    runs = []
    for run in baseline.runs:
        entry: dict[str, Any] = {"name": run.name, "format": run.format, "path": run.path,
                                 "sample": run.sample, "seed": run.seed,
                                 "metrics": {name: round(value, 4) for name, value in run.metrics.items()}}
        if run.lower_is_better:
            entry["lower_is_better"] = sorted(run.lower_is_better)
        runs.append(entry)
    return {"tolerance": baseline.tolerance, "note": baseline.note, "runs": runs}


def save_baseline(baseline: Baseline, path: Path) -> None:
    path.write_text(json.dumps(baseline_document(baseline), indent=2) + "\n", encoding="utf-8")


# ---- measuring and comparing -------------------------------------------------------------


def measure(run: GuardRun, *, data_dir: Path, coder: ArticleCoder,
            formats: FormatLoader = load_format) -> Measurement:
    """Evaluate one run's sample with ``coder``."""
    started = time.perf_counter()
    report = evaluate(data_dir / run.path, fmt=formats(run.format), coder=coder,
                      sample=run.sample, seed=run.seed)
    seconds = time.perf_counter() - started
    log.info("%s: %d cases in %.1f s", run.name, report.cases, seconds)
    return Measurement(run=run, report=report, seconds=seconds)


def compare(run: GuardRun, measured: Mapping[str, float | None], *, tolerance: float) -> list[Outcome]:
    """Each recorded metric of ``run`` against its ``measured`` value (absent counts as None)."""
    return [Outcome(run=run.name, metric=name, recorded=recorded, measured=measured.get(name),
                    status=_status(recorded, measured.get(name), tolerance=tolerance,
                                   lower_is_better=name in run.lower_is_better))
            for name, recorded in run.metrics.items()]


def _status(recorded: float, measured: float | None, *, tolerance: float,
            lower_is_better: bool) -> Status:
    if measured is None:
        return Status.MISSING
    gain = (recorded - measured) if lower_is_better else (measured - recorded)
    # A hair over the tolerance must not pass because of float rounding in the recorded value.
    if gain < -tolerance - 1e-9:
        return Status.REGRESSED
    # Gains inside the tolerance band are the normal wobble of unrelated changes, not news.
    if gain > tolerance + 1e-9:
        return Status.IMPROVED
    return Status.OK


def check(baseline: Baseline, *, data_dir: Path, coder: ArticleCoder, only: str | None = None,
          formats: FormatLoader = load_format) -> GuardResult:
    """Measure every selected run with the one ``coder`` and compare with the baseline."""
    measurements = tuple(measure(run, data_dir=data_dir, coder=coder, formats=formats)
                         for run in baseline.select(only))
    outcomes = tuple(outcome for m in measurements
                     for outcome in compare(m.run, m.report.metrics, tolerance=baseline.tolerance))
    return GuardResult(tolerance=baseline.tolerance, outcomes=outcomes, measurements=measurements)


def recorded(baseline: Baseline, measurements: Iterable[Measurement]) -> Baseline:
    """The baseline with the measured values of these runs; other runs keep theirs.

    A headline metric that measured None cannot be a bar to hold: ``ConfigError`` says so.
    """
    by_name = {m.run.name: m.report.metrics for m in measurements}
    runs = []
    for run in baseline.runs:
        if run.name not in by_name:
            runs.append(run)
            continue
        values = {name: by_name[run.name].get(name) for name in run.metrics}
        unmeasured = [name for name, value in values.items() if value is None]
        if unmeasured:
            raise ConfigError(f"run '{run.name}' did not measure {', '.join(unmeasured)}: pick "
                              "headline metrics the format reports, or a larger sample")
        runs.append(replace(run, metrics={name: float(v) for name, v in values.items() if v is not None}))
    return replace(baseline, runs=tuple(runs))


# ---- output ------------------------------------------------------------------------------


def format_table(outcomes: Sequence[Outcome]) -> str:
    """A compact table: run, metric, recorded, measured, delta, status."""
    header = ("run", "metric", "recorded", "measured", "delta", "status")
    rows = [(o.run, o.metric, f"{o.recorded:.3f}", _number(o.measured), _signed(o.delta),
             o.status.value) for o in outcomes]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
                     for row in [header, *rows])


def failure_message(result: GuardResult) -> str:
    """What failed, by run and metric with both values, and what the developer should do."""
    lines = [f"accuracy regression guard FAILED (tolerance {result.tolerance:.3f}):"]
    for o in result.failures:
        if o.measured is None:
            lines.append(f"  {o.run}: {o.metric} was not measured (recorded {o.recorded:.3f}); "
                         "the format no longer reports it or it became unmeasurable")
        else:
            lines.append(f"  {o.run}: {o.metric} regressed: recorded {o.recorded:.3f}, "
                         f"measured {o.measured:.3f} ({o.measured - o.recorded:+.3f})")
    lines.append("Fix the change that lowered it. If the drop is intended, explain it in the commit "
                 "and re-record with `make eval-record`.")
    return "\n".join(lines)


def _number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _signed(delta: float | None) -> str:
    # + 0.0 turns the -0.0 of a rounding-sized drop into 0.0, so the table never shows "-0.000".
    return "n/a" if delta is None else f"{round(delta, 3) + 0.0:+.3f}"
