"""One alerting pass: signals in, new alerts recorded, every pending delivery tried.

This is what ``eventwire signals`` and ``eventwire watch`` call after each detection; it never
prints by itself, except to the ``stdout`` targets a rule names.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from eventwire.alerts.deliver import DeliveryError, Outlets, send
from eventwire.alerts.match import DEFAULT_MAX_EVIDENCE, alerts_for
from eventwire.alerts.rules import Rule, Target
from eventwire.alerts.state import (
    PendingDelivery,
    alert_id,
    claim_pending,
    mark_delivered,
    mark_failed,
    record_new,
    release,
)
from eventwire.errors import MissingDependencyError
from eventwire.signals.model import Alert, Signal
from eventwire.store.base import SQLStore

logger = logging.getLogger(__name__)

SignalSource = Iterable[Signal] | Callable[[], Iterable[Signal]]


@dataclass(frozen=True, slots=True)
class Delivery:
    """One try to deliver one alert to one target; ``error`` is None when it arrived."""

    alert_id: str
    rule: str
    target: str
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class AlertReport:
    """What one pass did: the alerts that fired for the first time, how many matched alerts
    had fired before, every delivery tried (earlier runs' pending ones included) and the
    deliveries left pending because their rule or target is no longer in the rules."""

    fired: tuple[Alert, ...]
    already_fired: int
    deliveries: tuple[Delivery, ...]
    orphaned: tuple[str, ...] = ()

    @property
    def delivered(self) -> tuple[Delivery, ...]:
        return tuple(delivery for delivery in self.deliveries if delivery.ok)

    @property
    def failed(self) -> tuple[Delivery, ...]:
        return tuple(delivery for delivery in self.deliveries if not delivery.ok)

    def summary(self) -> str:
        return (f"{len(self.fired)} new alerts ({self.already_fired} already sent before); "
                f"{len(self.delivered)} deliveries made, {len(self.failed)} failed"
                + (f", {len(self.orphaned)} left for rules no longer configured"
                   if self.orphaned else "") + ".")


def run_alerts(
    store: SQLStore, rules: Sequence[Rule], signals: SignalSource, *,
    max_evidence: int = DEFAULT_MAX_EVIDENCE, stream: TextIO | None = None,
    backoff: float = 0.5, http_client: Any = None,
) -> AlertReport:
    """Alert on ``signals`` (a list, or a callable returning them) by ``rules``, once each.

    New alerts are recorded in the store (SQLite or PostgreSQL) with their evidence, then every delivery not
    yet made, nor claimed by another run going on at the same time, is tried: this run's, and
    those that failed before. ``stream`` is where ``stdout``
    targets write (default ``sys.stdout``); ``backoff`` the first pause between webhook tries;
    ``http_client`` an ``httpx.Client`` to post with (default: one per webhook delivery).

    Raises:
        StoreError: the store cannot be read or written (nothing is delivered then).
    """
    found = list(signals() if callable(signals) else signals)
    alerts = alerts_for(found, rules, store, max_evidence=max_evidence)
    targets = {rule.name: {target.key: target for target in rule.targets} for rule in rules}
    new = record_new(store, [(alert, tuple(targets[alert.rule])) for alert in alerts])
    for alert in new:
        logger.info("Alert %s fired", alert_id(alert))
    outlets = Outlets(stream=stream, backoff=backoff, http_client=http_client)
    deliveries, orphaned = _deliver_pending(store, targets, outlets)
    report = AlertReport(tuple(new), len(alerts) - len(new), tuple(deliveries), tuple(orphaned))
    logger.info("Alerts: %s", report.summary())
    return report


def _deliver_pending(
    store: SQLStore, targets: dict[str, dict[str, Target]], outlets: Outlets
) -> tuple[list[Delivery], list[str]]:
    deliveries: list[Delivery] = []
    orphaned: list[str] = []
    down: dict[str, str] = {}  # target key -> its error: not tried again in this run
    for pending in claim_pending(store):
        target = targets.get(pending.rule, {}).get(pending.target)
        if target is None:
            logger.warning("Alert %s is pending for %s, which rule %r no longer names; it is "
                           "kept until the rule names it again", pending.alert_id,
                           pending.target, pending.rule)
            orphaned.append(f"{pending.alert_id} -> {pending.target}")
            release(store, pending.alert_id, pending.target)
            continue
        if target.key in down:
            error = f"not tried: {target.key} failed earlier in this run ({down[target.key]})"
            deliveries.append(Delivery(pending.alert_id, pending.rule, target.key, error))
            release(store, pending.alert_id, pending.target)
            continue
        delivery = _deliver_one(store, pending, target, outlets)
        if delivery.error is not None and target.kind == "webhook":
            down[target.key] = delivery.error
        deliveries.append(delivery)
    return deliveries, orphaned


def _deliver_one(store: SQLStore, pending: PendingDelivery, target: Target,
                 outlets: Outlets) -> Delivery:
    try:
        send(target, pending.alert, outlets)
    except (DeliveryError, MissingDependencyError) as error:
        logger.error("Alert %s was not delivered to %s: %s", pending.alert_id, target.key, error)
        mark_failed(store, pending.alert_id, target.key, str(error))
        return Delivery(pending.alert_id, pending.rule, target.key, str(error))
    mark_delivered(store, pending.alert_id, target.key)
    return Delivery(pending.alert_id, pending.rule, target.key)
