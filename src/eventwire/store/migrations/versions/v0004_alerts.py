"""The alert tables (eventwire.alerts.state): what was alerted, and each delivery of it.

Revision ID: 0004_alerts
Revises: 0003_views
Create Date: 2026-12-07

Before this revision the alerts code created them on first use, so a store may already have
them (on SQLite perhaps without ``seq``, ordered by rowid, which the alerts code still reads):
tables that exist are left as they are.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from eventwire.store.schema import integer

revision = "0004_alerts"
down_revision = "0003_views"
branch_labels = None
depends_on = None


def _seq() -> sa.Column[int]:
    # SQLite: INTEGER PRIMARY KEY, the rowid; PostgreSQL: an identity. Counts rows as added, so
    # alerts fired in one second keep the order they were recorded in.
    return sa.Column("seq", sa.Integer().with_variant(sa.BigInteger(), "postgresql"),
                     sa.Identity(), primary_key=True)


def upgrade() -> None:
    # Offline (printing SQL for a new store) there is nothing to look at, and nothing exists.
    offline = op.get_context().as_sql
    existing = set() if offline else set(sa.inspect(op.get_bind()).get_table_names())
    if "alerts" not in existing:
        op.create_table(
            "alerts",
            _seq(),
            sa.Column("alert_id", sa.Text(), nullable=False, unique=True),
            sa.Column("rule", sa.Text(), nullable=False),
            sa.Column("detector", sa.Text(), nullable=False),
            sa.Column("signal_id", sa.Text(), nullable=False),
            sa.Column("alert", sa.Text(), nullable=False),
            sa.Column("fired_at", sa.Text(), nullable=False),
            sa.Column("delivered_at", sa.Text()),
        )
        op.create_index("alerts_fired_at", "alerts", ["fired_at"])
    if "alert_deliveries" not in existing:
        op.create_table(
            "alert_deliveries",
            _seq(),
            sa.Column("alert_id", sa.Text(),
                      sa.ForeignKey("alerts.alert_id", ondelete="CASCADE"), nullable=False),
            sa.Column("target", sa.Text(), nullable=False),
            sa.Column("attempts", integer(), nullable=False, server_default=sa.text("0")),
            sa.Column("last_error", sa.Text()),
            sa.Column("last_attempt_at", sa.Text()),
            sa.Column("delivered_at", sa.Text()),
            sa.Column("claimed_by", sa.Text()),
            sa.Column("claimed_until", sa.Text()),
            sa.UniqueConstraint("alert_id", "target"),
        )


def downgrade() -> None:
    op.drop_table("alert_deliveries")
    op.drop_table("alerts")
