"""Signals over the store (issue 10): series, the escalation score, detectors and backtests.

The detectors return :class:`~eventwire.signals.model.Signal` records that
``eventwire.alerts`` turns into alerts; docs/SIGNALS.md defines each and reports the
spike detector's backtest over ACLED history.
"""

from eventwire.signals.backtest import (
    DETECTORS,
    BacktestReport,
    SpikeEvaluation,
    TopWeek,
    backtest,
    evaluate_spikes,
)
from eventwire.signals.detect import (
    ALL_DETECTORS,
    SpikeParams,
    detect_new_actor_in_area,
    detect_signals,
    detect_spike,
    detect_verbal_escalation,
)
from eventwire.signals.model import Alert, EvidenceLink, Signal
from eventwire.signals.score import WEIGHTS, ScorePoint, escalation_scores
from eventwire.signals.series import SeriesPoint, series

__all__ = [
    "ALL_DETECTORS",
    "DETECTORS",
    "WEIGHTS",
    "Alert",
    "BacktestReport",
    "EvidenceLink",
    "ScorePoint",
    "SeriesPoint",
    "Signal",
    "SpikeEvaluation",
    "SpikeParams",
    "TopWeek",
    "backtest",
    "detect_new_actor_in_area",
    "detect_signals",
    "detect_spike",
    "detect_verbal_escalation",
    "escalation_scores",
    "evaluate_spikes",
    "series",
]
