"""Alerts (issue 10): rules a user writes, turning detector signals into alerts with the
events and evidence behind them, delivered once each to stdout, a JSON Lines file, a webhook
and the dashboard (``GET /api/alerts``).

``load_rules(path)`` reads the rules; ``run_alerts(store, rules, signals)`` fires, records and
delivers; ``alerts_for(signals, rules, store)`` only matches. See ``docs/ALERTS.md``.
"""

from __future__ import annotations

from eventwire.alerts.deliver import DeliveryError, alert_line
from eventwire.alerts.match import DEFAULT_MAX_EVIDENCE, alerts_for, evidence_links, rule_matches
from eventwire.alerts.rules import DETECTORS, Rule, Target, load_rules, parse_rules
from eventwire.alerts.run import AlertReport, Delivery, run_alerts
from eventwire.alerts.state import AlertRecord, alert_id, alert_page

__all__ = [
    "DEFAULT_MAX_EVIDENCE",
    "DETECTORS",
    "AlertRecord",
    "AlertReport",
    "Delivery",
    "DeliveryError",
    "Rule",
    "Target",
    "alert_id",
    "alert_line",
    "alert_page",
    "alerts_for",
    "evidence_links",
    "load_rules",
    "parse_rules",
    "rule_matches",
    "run_alerts",
]
