"""The records that signals and alerts share (issue 10).

A :class:`Signal` is what a detector finds in the store for one period: a spike of violence
in an area, a first attack by an actor in a new area, a rise of threats and calls to
violence. An :class:`Alert` is a signal that a user's rule asked to be told about, with the
events and evidence behind it. Detectors (``eventwire.signals.detect``) produce signals;
``eventwire.alerts`` turns them into alerts and delivers them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class Signal:
    """One finding of one detector for one period.

    Args:
        detector: which detector found it: ``spike``, ``new_actor_in_area`` or
            ``verbal_escalation``.
        key: what it is about, stable across runs ("SDN/North Darfur", "Rapid Support
            Forces@SDN/North Darfur"): with ``detector`` and ``period_start`` it identifies the
            signal, so an alert for it is delivered once.
        period_start, period_end: the days it covers (a week, or one day), inclusive.
        value: what was measured (events, fatalities or an escalation score, see ``measure``).
        measure: the name of ``value``: ``events``, ``fatalities``, ``escalation``, ...
        baseline: what was expected from the history, when the detector has one.
        threshold: the value from which the detector fires.
        country, admin1, actor: where and who, when the signal is about one.
        event_ids: the stored events behind it, most severe first.
        description: one sentence a person reads ("12 violent events in North Darfur in the
            week of 2024-05-13, against 3.1 a week in the 8 weeks before").
    """

    detector: str
    key: str
    period_start: date
    period_end: date
    value: float
    measure: str
    description: str
    baseline: float | None = None
    threshold: float | None = None
    country: str | None = None
    admin1: str | None = None
    actor: str | None = None
    event_ids: tuple[str, ...] = ()

    @property
    def signal_id(self) -> str:
        """Stable id: detector, key and first day."""
        return f"{self.detector}:{self.key}:{self.period_start.isoformat()}"

    def to_dict(self) -> dict[str, Any]:
        record = asdict(self)
        record["period_start"] = self.period_start.isoformat()
        record["period_end"] = self.period_end.isoformat()
        record["event_ids"] = list(self.event_ids)
        record["signal_id"] = self.signal_id
        return record


@dataclass(frozen=True, slots=True)
class EvidenceLink:
    """An event behind an alert, and where to read it: its article and evidence span."""

    event_id: str
    article_id: str
    event_type: str
    date: date | None
    evidence: str
    start: int
    end: int
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Alert:
    """A signal a rule asked to be told about, with the evidence behind it."""

    rule: str
    signal: Signal
    evidence: tuple[EvidenceLink, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "signal": self.signal.to_dict(),
            "evidence": [
                {**asdict(link), "date": link.date.isoformat() if link.date else None}
                for link in self.evidence
            ],
        }
