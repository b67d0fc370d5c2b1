"""The store's tables, defined once for SQLite and PostgreSQL (SQLAlchemy Core).

This is the schema the Alembic migrations in ``eventwire/store/migrations`` build, step by
step; ``tests/unit/test_schema_migrations.py`` checks on both backends that a store upgraded
from nothing matches it exactly. To change the schema: change it here, add a migration
(``alembic revision`` with ``script_location = eventwire.store:migrations``), and name the new
revision in :data:`eventwire.store.upgrade.HEAD` and ``REVISIONS``.

The column types keep each backend's natural form: dates are ISO ``TEXT`` in SQLite (its
date functions read text) and ``DATE`` in PostgreSQL (useful to other SQL tools); integers are
``INTEGER`` / ``BIGINT``; flags are 0/1 with a CHECK; JSON fields are ``TEXT`` holding JSON,
so every record reads back byte for byte on both.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from eventwire.store.codec import ARTICLE_COLUMNS, EVENT_COLUMNS


def iso_date() -> sa.types.TypeEngine[Any]:
    """A calendar day: ISO text in SQLite, DATE in PostgreSQL."""
    return sa.Text().with_variant(sa.Date(), "postgresql")


def integer() -> sa.types.TypeEngine[Any]:
    """A whole number: SQLite's INTEGER is 64-bit already; PostgreSQL's must be BIGINT."""
    return sa.Integer().with_variant(sa.BigInteger(), "postgresql")


def real() -> sa.types.TypeEngine[Any]:
    """A floating-point number: REAL (SQLite's is 8 bytes) or DOUBLE PRECISION."""
    return sa.REAL().with_variant(sa.Double(), "postgresql")


def flag() -> sa.types.TypeEngine[Any]:
    """A 0/1 flag (with a CHECK): INTEGER in SQLite, SMALLINT in PostgreSQL."""
    return sa.Integer().with_variant(sa.SmallInteger(), "postgresql")


# Each events column's type and whether it may be NULL; the order is the codec's.
_TEXT, _INT, _REAL, _DATE, _FLAG = "text", "int", "real", "date", "flag"
_EVENT_TYPES: dict[str, tuple[str, bool]] = {
    name: (_TEXT, True) for name in EVENT_COLUMNS
} | {
    "event_id": (_TEXT, False), "article_id": (_TEXT, False), "event_type": (_TEXT, False),
    "actor_start": (_INT, True), "actor_end": (_INT, True),
    "recipient_start": (_INT, True), "recipient_end": (_INT, True),
    "date": (_DATE, True), "historical": (_FLAG, False),
    "location_start": (_INT, True), "location_end": (_INT, True),
    "lat": (_REAL, True), "lon": (_REAL, True), "geonames_id": (_INT, True),
    "fatalities": (_INT, True), "injured": (_INT, True),
    "evidence_text": (_TEXT, False), "evidence_start": (_INT, False),
    "evidence_end": (_INT, False), "trigger_text": (_TEXT, False),
    "trigger_start": (_INT, False), "trigger_end": (_INT, False),
    "confidence": (_REAL, False), "location_precision": (_INT, True),
    "modality": (_TEXT, False), "call_to_action": (_FLAG, False),
    "call_to_violence": (_FLAG, False), "denial": (_FLAG, False),
}  # fmt: skip
_ARTICLE_TYPES: dict[str, tuple[str, bool]] = {name: (_TEXT, True) for name in ARTICLE_COLUMNS} | {
    "id": (_TEXT, False), "text": (_TEXT, False), "date": (_DATE, True),
    "content_hash": (_TEXT, False), "origin_line": (_INT, True), "coded_at": (_TEXT, False),
}  # fmt: skip
# Flags given by the coder have a default (rows written before they existed are 0); whether an
# event is history is always decided, so it has none.
_DEFAULTS = {"modality": "'asserted'", "call_to_action": "0", "call_to_violence": "0", "denial": "0"}
_MERGED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("n_reports", _INT), ("sources", _TEXT), ("reports", _TEXT),
    ("created_at", _TEXT), ("updated_at", _TEXT),
)  # fmt: skip


def column_type(kind: str) -> sa.types.TypeEngine[Any]:
    """The SQLAlchemy type of one of the kinds above."""
    types: dict[str, sa.types.TypeEngine[Any]] = {
        _TEXT: sa.Text(), _INT: integer(), _REAL: real(), _DATE: iso_date(), _FLAG: flag(),
    }  # fmt: skip
    return types[kind]


def event_columns(*, with_article_key: bool) -> list[sa.Column[Any]]:
    """The columns of ``events`` (and ``merged_events``, which has no article to belong to)."""
    columns: list[sa.Column[Any]] = []
    for name in EVENT_COLUMNS:
        kind, nullable = _EVENT_TYPES[name]
        extra: list[sa.ForeignKey] = []
        if name == "article_id" and with_article_key:
            extra.append(sa.ForeignKey("articles.id", ondelete="CASCADE"))
        columns.append(sa.Column(
            name, column_type(kind), *extra, primary_key=name == "event_id",
            nullable=nullable, server_default=sa.text(_DEFAULTS[name]) if name in _DEFAULTS else None,
        ))
    return columns


def flag_checks() -> list[sa.CheckConstraint]:
    """0/1 checks of the flag columns."""
    return [
        sa.CheckConstraint(f"{name} IN (0, 1)")
        for name in EVENT_COLUMNS if _EVENT_TYPES[name][0] == _FLAG
    ]


def article_columns() -> list[sa.Column[Any]]:
    """The columns of ``articles``."""
    return [
        sa.Column(name, column_type(kind), primary_key=name == "id", nullable=nullable)
        for name, (kind, nullable) in _ARTICLE_TYPES.items()
    ]


def merged_columns() -> list[sa.Column[Any]]:
    """What ``merged_events`` adds to the events' columns."""
    return [sa.Column(name, column_type(kind), nullable=False) for name, kind in _MERGED_COLUMNS]


metadata = sa.MetaData()

articles = sa.Table("articles", metadata, *article_columns())

events = sa.Table(
    "events", metadata, *event_columns(with_article_key=True), *flag_checks(),
    sa.Index("events_date", "date"),
    sa.Index("events_event_type", "event_type"),
    sa.Index("events_country", "country"),
    sa.Index("events_article_id", "article_id"),
    sa.Index("events_actor_name", "actor_name"),
)

merged_events = sa.Table(
    "merged_events", metadata, *event_columns(with_article_key=False), *merged_columns(),
    *flag_checks(),
    sa.Index("merged_events_date", "date"),
    sa.Index("merged_events_country", "country"),
)

event_reports = sa.Table(
    "event_reports", metadata,
    sa.Column("event_id", sa.Text(), sa.ForeignKey("events.event_id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("merged_id", sa.Text(), nullable=False),
    sa.Column("matched", sa.Text()),
    sa.Column("score", real()),
    sa.Column("seq", integer(), nullable=False),
    sa.Index("event_reports_merged_id", "merged_id", "seq"),
)

merge_revisions = sa.Table(
    "merge_revisions", metadata,
    # INTEGER PRIMARY KEY AUTOINCREMENT in SQLite (never reused), an identity in PostgreSQL.
    sa.Column("revision", sa.Integer().with_variant(sa.BigInteger(), "postgresql"),
              sa.Identity(), primary_key=True),
    sa.Column("merged_id", sa.Text(), nullable=False),
    sa.Column("at", sa.Text(), nullable=False),
    sa.Column("change", sa.Text(), nullable=False),
    sa.Column("event_id", sa.Text()),
    sa.Column("reason", sa.Text(), nullable=False),
    sa.Index("merge_revisions_merged_id", "merged_id"),
    sqlite_autoincrement=True,
)


def _alert_seq() -> sa.Column[Any]:
    return sa.Column("seq", sa.Integer().with_variant(sa.BigInteger(), "postgresql"),
                     sa.Identity(), primary_key=True)


# What has been alerted and delivered (eventwire.alerts.state).
alerts = sa.Table(
    "alerts", metadata,
    _alert_seq(),
    sa.Column("alert_id", sa.Text(), nullable=False, unique=True),
    sa.Column("rule", sa.Text(), nullable=False),
    sa.Column("detector", sa.Text(), nullable=False),
    sa.Column("signal_id", sa.Text(), nullable=False),
    sa.Column("alert", sa.Text(), nullable=False),
    sa.Column("fired_at", sa.Text(), nullable=False),
    sa.Column("delivered_at", sa.Text()),
    sa.Index("alerts_fired_at", "fired_at"),
)

alert_deliveries = sa.Table(
    "alert_deliveries", metadata,
    _alert_seq(),
    sa.Column("alert_id", sa.Text(), sa.ForeignKey("alerts.alert_id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("target", sa.Text(), nullable=False),
    sa.Column("attempts", integer(), nullable=False, server_default=sa.text("0")),
    sa.Column("last_error", sa.Text()),
    sa.Column("last_attempt_at", sa.Text()),
    sa.Column("delivered_at", sa.Text()),
    sa.Column("claimed_by", sa.Text()),
    sa.Column("claimed_until", sa.Text()),
    sa.UniqueConstraint("alert_id", "target"),
)
