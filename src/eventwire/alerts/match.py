"""Turning signals into alerts: which rules a signal fires, and the evidence behind it."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from eventwire.alerts.rules import Rule
from eventwire.model import Article, Event
from eventwire.signals.model import Alert, EvidenceLink, Signal
from eventwire.store.base import SQLStore
from eventwire.store.codec import EVENT_COLUMNS, event_from_row

logger = logging.getLogger(__name__)

#: How many events an alert links at most (the signal's first, that is its most severe).
DEFAULT_MAX_EVIDENCE = 10


def rule_matches(rule: Rule, signal: Signal) -> bool:
    """Whether every condition of ``rule`` holds for ``signal``.

    A rule that restricts the place or actor does not match a signal that has none.
    """
    if rule.detectors and signal.detector not in rule.detectors:
        return False
    if rule.countries and (signal.country or "").upper() not in rule.countries:
        return False
    if rule.admin1 and (signal.admin1 or "").casefold() not in {
        area.casefold() for area in rule.admin1
    }:
        return False
    if rule.actor and rule.actor.casefold() not in (signal.actor or "").casefold():
        return False
    if rule.measure and signal.measure != rule.measure:
        return False
    if rule.min_value is not None and signal.value < rule.min_value:
        return False
    if rule.min_events is not None and len(signal.event_ids) < rule.min_events:
        return False
    return rule.min_ratio is None or _ratio_at_least(signal, rule.min_ratio)


def _ratio_at_least(signal: Signal, ratio: float) -> bool:
    if signal.baseline is None:
        return False
    # A zero baseline (nothing expected) makes any positive value an infinite rise.
    return signal.value >= ratio * signal.baseline and signal.value > 0


def alerts_for(
    signals: Iterable[Signal], rules: Sequence[Rule], store: SQLStore, *,
    max_evidence: int = DEFAULT_MAX_EVIDENCE,
) -> list[Alert]:
    """One alert per signal and rule it matches (signals in order, rules in file order),
    each linking the first ``max_evidence`` of the signal's events found in the store."""
    alerts: list[Alert] = []
    links: dict[str, tuple[EvidenceLink, ...]] = {}  # by signal id: read once for many rules
    for signal in signals:
        for rule in rules:
            if not rule_matches(rule, signal):
                continue
            if signal.signal_id not in links:
                links[signal.signal_id] = evidence_links(store, signal, limit=max_evidence)
            alerts.append(Alert(rule.name, signal, links[signal.signal_id]))
    return alerts


def evidence_links(store: SQLStore, signal: Signal, *,
                   limit: int = DEFAULT_MAX_EVIDENCE) -> tuple[EvidenceLink, ...]:
    """The first ``limit`` events of ``signal`` that are in the store, as evidence links.

    An id may name a coded report (``events``) or a merged event (``merged_events``, whose
    evidence is that of its first report). Ids found in neither are logged and skipped: the
    alert still fires, with the evidence that is left.
    """
    found: list[EvidenceLink] = []
    for event_id in signal.event_ids:
        if len(found) >= limit:
            break
        pair = _find_event(store, "events", event_id) or _find_event(store, "merged_events",
                                                                      event_id)
        if pair is None:
            logger.warning("Signal %s names event %s, which is not in the store %r",
                           signal.signal_id, event_id, store)
            continue
        found.append(_link(*pair))
    return tuple(found)


def _link(event: Event, article: Article) -> EvidenceLink:
    return EvidenceLink(
        event_id=event.event_id, article_id=article.id, event_type=str(event.event_type),
        date=event.date, evidence=event.evidence.text, start=event.evidence.start,
        end=event.evidence.end, url=article.url,
    )


def _find_event(store: SQLStore, table: str, event_id: str) -> tuple[Event, Article] | None:
    """The event (a report in ``events``, or a merged event) with its article, if stored."""
    if table != "events" and not store.has_table(table):
        return None
    rows = store.read(f"SELECT {', '.join(EVENT_COLUMNS)} FROM {table} WHERE event_id = ?",
                      (event_id,))
    if not rows:
        return None
    event = event_from_row(rows[0])
    article = store.article(event.article_id)
    return (event, article) if article is not None else None
