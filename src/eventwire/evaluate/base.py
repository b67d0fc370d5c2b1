"""The records every evaluation format speaks in."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from eventwire.model import Article, Event


@dataclass(frozen=True, slots=True)
class EvalCase:
    """One unit of evaluation: the article the coder sees and the gold values to compare.

    ``group`` names the part of the dataset the case comes from (an ACLED extract, a PETRARCH
    category) so that a regional or stylistic weakness shows in the breakdown.
    """

    case_id: str
    article: Article
    gold: dict[str, Any]
    group: str = ""


@dataclass
class EvalReport:
    """What a run measured. ``metrics`` maps a metric name to a number (None: not measurable);
    ``groups`` the same per group; ``tables`` holds confusion tables and per-class scores."""

    dataset: str
    format: str
    cases: int
    metrics: dict[str, float | None] = field(default_factory=dict)
    groups: dict[str, dict[str, float | None]] = field(default_factory=dict)
    tables: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset, "format": self.format, "cases": self.cases,
            "metrics": self.metrics, "groups": self.groups, "tables": self.tables, "notes": self.notes,
        }


class EvalFormat(Protocol):
    """A dataset format: how to read its cases and how to score the coder's events on them."""

    name: str

    def cases(self, path: Path) -> Iterator[EvalCase]:
        """Every case of the dataset at ``path`` (a file or folder), in a stable order."""
        ...

    def score(self, results: Sequence[tuple[EvalCase, list[Event]]], *, dataset: str) -> EvalReport:
        """Compare the events coded for each case with its gold values."""
        ...


T = TypeVar("T")


def by_group(results: Sequence[tuple[EvalCase, T]]) -> dict[str, list[tuple[EvalCase, T]]]:
    """The results split by the cases' ``group``, groups in name order."""
    groups: dict[str, list[tuple[EvalCase, T]]] = {}
    for case, value in results:
        groups.setdefault(case.group, []).append((case, value))
    return dict(sorted(groups.items()))
