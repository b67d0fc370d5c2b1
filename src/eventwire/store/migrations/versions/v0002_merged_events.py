"""Merged events, the reports they are made of, and their history (issue 9).

Revision ID: 0002_merged_events
Revises: 0001_baseline
Create Date: 2026-12-07

The layout of SQLite store schema 6 and PostgreSQL schema 2. ``merged_events`` repeats the
columns of ``events`` so every event filter works on it: a migration that adds a column to one
must add it to both.
"""

from __future__ import annotations

import importlib

import sqlalchemy as sa
from alembic import op

from eventwire.store.schema import integer, real

revision = "0002_merged_events"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None

# The events' columns as migration 0001 made them (a module name starting with a letter).
_baseline = importlib.import_module("eventwire.store.migrations.versions.v0001_baseline")


def upgrade() -> None:
    op.create_table(
        "merged_events",
        *_baseline.event_columns(with_article_key=False),
        sa.Column("n_reports", integer(), nullable=False),
        sa.Column("sources", sa.Text(), nullable=False),
        sa.Column("reports", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.Text(), nullable=False),
        *_baseline.flag_checks(),
    )
    op.create_index("merged_events_date", "merged_events", ["date"])
    op.create_index("merged_events_country", "merged_events", ["country"])
    op.create_table(
        "event_reports",
        sa.Column("event_id", sa.Text(),
                  sa.ForeignKey("events.event_id", ondelete="CASCADE"), primary_key=True),
        sa.Column("merged_id", sa.Text(), nullable=False),
        sa.Column("matched", sa.Text()),
        sa.Column("score", real()),
        sa.Column("seq", integer(), nullable=False),
    )
    op.create_index("event_reports_merged_id", "event_reports", ["merged_id", "seq"])
    op.create_table(
        "merge_revisions",
        sa.Column("revision", sa.Integer().with_variant(sa.BigInteger(), "postgresql"),
                  sa.Identity(), primary_key=True),
        sa.Column("merged_id", sa.Text(), nullable=False),
        sa.Column("at", sa.Text(), nullable=False),
        sa.Column("change", sa.Text(), nullable=False),
        sa.Column("event_id", sa.Text()),
        sa.Column("reason", sa.Text(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("merge_revisions_merged_id", "merge_revisions", ["merged_id"])


def downgrade() -> None:
    for table in ("merge_revisions", "event_reports", "merged_events"):
        op.drop_table(table)
