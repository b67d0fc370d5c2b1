"""Classification and matching metrics shared by every evaluation format.

Plain Python on purpose: the evaluation must run from the base install, without scikit-learn.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass
class ClassificationScores:
    """Accuracy, macro- and weighted-F1 and a confusion table over (gold, predicted) label pairs.

    A missing prediction is the label ``None``: it counts against recall of the gold class and
    is never a class of its own in the F1 averages.
    """

    pairs: list[tuple[str, str | None]] = field(default_factory=list)

    def add(self, gold: str, predicted: str | None) -> None:
        self.pairs.append((gold, predicted))

    @property
    def n(self) -> int:
        return len(self.pairs)

    def accuracy(self) -> float | None:
        return sum(g == p for g, p in self.pairs) / self.n if self.n else None

    def per_class(self) -> dict[str, tuple[float, float, float, int]]:
        """label -> (precision, recall, F1, support)."""
        gold_counts = Counter(g for g, _ in self.pairs)
        predicted_counts = Counter(p for _, p in self.pairs if p is not None)
        right = Counter(g for g, p in self.pairs if g == p)
        scores = {}
        for label in sorted(set(gold_counts) | set(predicted_counts)):
            precision = right[label] / predicted_counts[label] if predicted_counts[label] else 0.0
            recall = right[label] / gold_counts[label] if gold_counts[label] else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            scores[label] = (precision, recall, f1, gold_counts[label])
        return scores

    def macro_f1(self) -> float | None:
        """Mean F1 over the gold classes (classes only ever predicted count as 0 recall-free noise)."""
        scores = {k: v for k, v in self.per_class().items() if v[3] > 0}
        return sum(v[2] for v in scores.values()) / len(scores) if scores else None

    def weighted_f1(self) -> float | None:
        scores = self.per_class()
        total = sum(v[3] for v in scores.values())
        return sum(v[2] * v[3] for v in scores.values()) / total if total else None

    def confusion(self) -> dict[str, Counter[str]]:
        table: dict[str, Counter[str]] = {}
        for gold, predicted in self.pairs:
            table.setdefault(gold, Counter())[predicted or "(none)"] += 1
        return table


@dataclass
class BinaryScores:
    """Precision, recall and F1 of a yes/no question (IndiaPoliceEvents style)."""

    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    true_negative: int = 0

    def add(self, gold: bool, predicted: bool) -> None:
        if gold and predicted:
            self.true_positive += 1
        elif predicted:
            self.false_positive += 1
        elif gold:
            self.false_negative += 1
        else:
            self.true_negative += 1

    def precision(self) -> float | None:
        denominator = self.true_positive + self.false_positive
        return self.true_positive / denominator if denominator else None

    def recall(self) -> float | None:
        denominator = self.true_positive + self.false_negative
        return self.true_positive / denominator if denominator else None

    def f1(self) -> float | None:
        """None only when there is nothing to find and nothing was predicted."""
        if self.true_positive == 0:
            return 0.0 if self.false_positive or self.false_negative else None
        p, r = self.precision(), self.recall()
        assert p is not None and r is not None  # both have a true positive in the denominator
        return 2 * p * r / (p + r)


def rate(hits: Iterable[bool]) -> float | None:
    """The share of true values, or None for no values."""
    values = list(hits)
    return sum(values) / len(values) if values else None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def share_within(distances: Sequence[float | None], km: float) -> float | None:
    """Share of cases within ``km``; a missing prediction (None) counts as a miss."""
    return rate(d is not None and d <= km for d in distances) if distances else None
