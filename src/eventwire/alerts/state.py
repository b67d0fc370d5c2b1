"""What has been alerted and delivered, kept in the store itself (SQLite or PostgreSQL).

Two tables of the store's schema (eventwire.store.schema, Alembic revision 0004_alerts):

- ``alerts``: one row per alert (rule + signal id), with its JSON, when it fired and when
  its last target was delivered (NULL while one is pending). ``GET /api/alerts`` reads it.
- ``alert_deliveries``: one row per alert and target, with the tries, the last error and when
  it was delivered. A row still undelivered is tried again on the next run.

Each table has a key ``seq`` that counts up as rows are added: alerts that fired in the same
second keep the order they were recorded in. On SQLite it is ``INTEGER PRIMARY KEY``, another
name for the rowid, so a store whose tables were made before ``seq`` existed (keyed by
``alert_id``, with only a rowid) is ordered the same way, through ``rowid``.

A run claims the deliveries it is about to make for a while (``claimed_by``, ``claimed_until``),
so the watcher and a command run at the same time do not both send the same alert; a claim
left by a run that died runs out after its lease and the next run takes it over.

An alert is recorded with its pending deliveries in one transaction before anything is sent,
and each delivery is marked after it is sent: a run killed in between sends that one again
(at least once), but no alert is ever lost or recorded twice.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from eventwire.errors import ConfigError
from eventwire.signals.model import Alert
from eventwire.store.base import SQLStore
from eventwire.store.dialect import POSTGRESQL, Dialect, json_array_agg
from eventwire.store.query import Page

#: How long a run may hold the deliveries it claimed before another run may take them over.
DEFAULT_LEASE_SECONDS = 900.0
def _seq(alias: str, dialect: Dialect) -> str:
    """The column that orders a table's rows as they were added (see the module docstring)."""
    return f"{alias}.seq" if dialect == POSTGRESQL else f"{alias}.rowid"


@dataclass(frozen=True, slots=True)
class PendingDelivery:
    """An alert not yet delivered to one target: the rule, the target's key and the JSON."""

    alert_id: str
    rule: str
    target: str
    alert: dict[str, Any]


@dataclass(frozen=True, slots=True)
class AlertRecord:
    """A recorded alert as the API shows it: ``pending`` lists the targets still to reach."""

    alert_id: str
    rule: str
    detector: str
    signal_id: str
    fired_at: str
    delivered_at: str | None
    pending: tuple[str, ...]
    alert: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.alert_id, "rule": self.rule, "detector": self.detector,
                "signal_id": self.signal_id, "fired_at": self.fired_at,
                "delivered_at": self.delivered_at, "pending": list(self.pending),
                "alert": self.alert}


def alert_id(alert: Alert) -> str:
    """The id an alert is recorded under: its rule and its signal's id."""
    return f"{alert.rule}|{alert.signal.signal_id}"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def record_new(store: SQLStore, alerts: Sequence[tuple[Alert, Sequence[str]]]) -> list[Alert]:
    """Record the alerts not recorded before, each with a pending delivery per target key;
    returns those that were new, in order."""
    fired_at = now()
    new: list[Alert] = []
    with store.writing() as connection:
        for alert, targets in alerts:
            key = alert_id(alert)
            inserted = connection.execute(
                "INSERT INTO alerts (alert_id, rule, detector, signal_id, alert, fired_at, "
                "delivered_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (alert_id) DO NOTHING",
                (key, alert.rule, alert.signal.detector, alert.signal.signal_id,
                 json.dumps(alert.to_dict(), ensure_ascii=False), fired_at,
                 None if targets else fired_at),
            ).rowcount
            if not inserted:
                continue
            connection.executemany(
                "INSERT INTO alert_deliveries (alert_id, target) VALUES (?, ?)",
                [(key, target) for target in targets],
            )
            new.append(alert)
    return new


def claim_pending(store: SQLStore, *,
                  lease_seconds: float = DEFAULT_LEASE_SECONDS) -> list[PendingDelivery]:
    """Claim every delivery not yet made and not claimed by another live run, oldest alert
    first; the claim lasts ``lease_seconds`` or until the delivery is marked or released."""
    token = uuid.uuid4().hex
    started = datetime.now(UTC)
    until = (started + timedelta(seconds=lease_seconds)).isoformat(timespec="seconds")
    with store.writing() as connection:
        connection.execute(
            "UPDATE alert_deliveries SET claimed_by = ?, claimed_until = ? "
            "WHERE delivered_at IS NULL AND (claimed_until IS NULL OR claimed_until < ?)",
            (token, until, started.isoformat(timespec="seconds")),
        )
        rows = connection.execute(
            "SELECT d.alert_id, a.rule, d.target, a.alert FROM alert_deliveries d "
            "JOIN alerts a ON a.alert_id = d.alert_id "
            "WHERE d.claimed_by = ? AND d.delivered_at IS NULL "
            f"ORDER BY a.fired_at, {_seq('a', store.dialect)}, {_seq('d', store.dialect)}",
            (token,),
        ).fetchall()
    return [PendingDelivery(row["alert_id"], row["rule"], row["target"], json.loads(row["alert"]))
            for row in rows]


def release(store: SQLStore, alert_key: str, target: str) -> None:
    """Give up the claim on a delivery not tried in this run; it stays pending."""
    with store.writing() as connection:
        connection.execute(
            "UPDATE alert_deliveries SET claimed_by = NULL, claimed_until = NULL "
            "WHERE alert_id = ? AND target = ?",
            (alert_key, target),
        )


def mark_delivered(store: SQLStore, alert_key: str, target: str) -> None:
    """Record one delivery as made; the alert is delivered when no target is left pending."""
    at = now()
    with store.writing() as connection:
        connection.execute(
            "UPDATE alert_deliveries SET attempts = attempts + 1, delivered_at = ?, "
            "last_attempt_at = ?, last_error = NULL, claimed_by = NULL, claimed_until = NULL "
            "WHERE alert_id = ? AND target = ?",
            (at, at, alert_key, target),
        )
        connection.execute(
            "UPDATE alerts SET delivered_at = ? WHERE alert_id = ? AND NOT EXISTS ("
            "SELECT 1 FROM alert_deliveries WHERE alert_id = ? AND delivered_at IS NULL)",
            (at, alert_key, alert_key),
        )


def mark_failed(store: SQLStore, alert_key: str, target: str, error: str) -> None:
    """Record a failed delivery; it stays pending for the next run."""
    with store.writing() as connection:
        connection.execute(
            "UPDATE alert_deliveries SET attempts = attempts + 1, last_error = ?, "
            "last_attempt_at = ?, claimed_by = NULL, claimed_until = NULL WHERE alert_id = ? AND target = ?",
            (error, now(), alert_key, target),
        )


def alert_page(
    store: SQLStore, *, limit: int, offset: int = 0, rule: str | None = None,
    detector: str | None = None,
) -> Page[AlertRecord]:
    """The recorded alerts, newest first, ``limit`` from ``offset``, of one rule or detector
    when given. A store in which no alert was ever recorded has none (it is not changed)."""
    if limit < 0 or offset < 0:
        raise ConfigError(f"limit and offset must be zero or more, got {limit} and {offset}.")
    if not store.has_table("alerts"):
        return Page((), 0, limit, offset)
    where, params = _where(rule, detector)
    dialect = store.dialect
    # The pending targets in the order they were recorded: aggregated from a sorted subquery.
    pending = (f"(SELECT {json_array_agg('p.target', dialect)} FROM (SELECT d.target "
               "FROM alert_deliveries d WHERE d.alert_id = a.alert_id AND d.delivered_at IS NULL "
               f"ORDER BY {_seq('d', dialect)}) p)")
    rows = store.read(
        f"SELECT a.alert_id, a.rule, a.detector, a.signal_id, a.alert, a.fired_at, "
        f"a.delivered_at, {pending} AS pending FROM alerts a{where} "
        f"ORDER BY a.fired_at DESC, {_seq('a', dialect)} DESC LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )
    total = store.read(f"SELECT COUNT(*) FROM alerts a{where}", params)[0][0]
    return Page(tuple(_record(row) for row in rows), int(total), limit, offset)


def _where(rule: str | None, detector: str | None) -> tuple[str, tuple[str, ...]]:
    clauses: list[str] = []
    params: list[str] = []
    if rule is not None:
        clauses.append("a.rule = ?")
        params.append(rule)
    if detector is not None:
        clauses.append("a.detector = ?")
        params.append(detector)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), tuple(params)


def _record(row: Any) -> AlertRecord:
    return AlertRecord(
        alert_id=row["alert_id"], rule=row["rule"], detector=row["detector"],
        signal_id=row["signal_id"], fired_at=row["fired_at"], delivered_at=row["delivered_at"],
        pending=tuple(json.loads(row["pending"])), alert=json.loads(row["alert"]),
    )
