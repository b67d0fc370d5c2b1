"""Drive the coder over an evaluation dataset and collect the format's scores."""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

from eventwire.errors import ConfigError, InputError
from eventwire.evaluate.base import EvalCase, EvalFormat, EvalReport
from eventwire.model import Article, Event

# Imported on demand, so one broken or slow format never costs the others.
FORMATS = {
    "acled": "eventwire.evaluate.acled:AcledFormat",
    "plover": "eventwire.evaluate.plover:PloverFormat",
    "petrarch": "eventwire.evaluate.petrarch:PetrarchFormat",
    "indiapolice": "eventwire.evaluate.indiapolice:IndiaPoliceFormat",
    "generic": "eventwire.evaluate.generic:GenericFormat",
    "dedup": "eventwire.evaluate.dedup:DedupFormat",
}


class ArticleCoder(Protocol):
    def code_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]: ...


def load_format(name: str) -> EvalFormat:
    """The evaluation format registered under ``name``."""
    target = FORMATS.get(name)
    if target is None:
        raise ConfigError(f"unknown evaluation format '{name}'; use one of {', '.join(sorted(FORMATS))}")
    module_name, _, class_name = target.partition(":")
    fmt: EvalFormat = getattr(importlib.import_module(module_name), class_name)()
    return fmt


def select(cases: Iterable[EvalCase], *, limit: int | None = None, sample: int | None = None,
           seed: int = 0) -> list[EvalCase]:
    """The cases to run: a reproducible random ``sample`` of N, or the first ``limit``, or all."""
    if sample is not None:
        chosen = list(cases)
        random.Random(seed).shuffle(chosen)
        chosen = sorted(chosen[:sample], key=lambda case: case.case_id)
        return chosen[:limit] if limit is not None else chosen
    if limit is not None:
        return [case for _, case in zip(range(limit), cases, strict=False)]
    return list(cases)


def evaluate(path: str | Path, *, fmt: EvalFormat, coder: ArticleCoder, limit: int | None = None,
             sample: int | None = None, seed: int = 0,
             progress: Callable[[int], None] | None = None) -> EvalReport:
    """Code every selected case of the dataset at ``path`` and score its factual events."""
    location = Path(path)
    if not location.exists():
        raise InputError(f"{location} does not exist: give the dataset's file or folder (see its SOURCE.md)")
    chosen = select(fmt.cases(location), limit=limit, sample=sample, seed=seed)
    if not chosen:
        raise InputError(f"{location} holds no {fmt.name} cases: is it the right file for --format {fmt.name}?")
    by_id = {case.article.id: case for case in chosen}
    results: list[tuple[EvalCase, list[Event]]] = []
    for article, events in coder.code_many(case.article for case in chosen):
        # Every dataset codes what happened: planned, threatened, denied and hypothetical acts
        # are records a user can watch, never events to score.
        results.append((by_id[article.id], [event for event in events if event.factual]))
        if progress is not None:
            progress(1)
    return fmt.score(results, dataset=str(location))


def format_report(report: EvalReport) -> str:
    """A readable summary: headline metrics, then the same per group."""
    lines = [f"{report.format} evaluation of {report.dataset}: {report.cases} cases", ""]
    width = max((len(name) for name in report.metrics), default=10)
    for name, value in report.metrics.items():
        lines.append(f"  {name.ljust(width)}  {_number(value)}")
    if report.groups:
        names = list(report.metrics)
        lines += ["", "by group:", "  " + "group".ljust(34) + "".join(n[:14].rjust(15) for n in names)]
        for group, metrics in sorted(report.groups.items()):
            lines.append("  " + group[:34].ljust(34) + "".join(_number(metrics.get(n)).rjust(15) for n in names))
    if report.notes:
        lines += ["", "notes:"] + [f"  - {note}" for note in report.notes]
    return "\n".join(lines)


def _number(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)
