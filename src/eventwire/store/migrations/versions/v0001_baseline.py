"""The articles and their events: the layout of SQLite store schema 5 and PostgreSQL schema 1.

Revision ID: 0001_baseline
Revises:
Create Date: 2026-12-07

Spelled out column by column (not read from ``eventwire.store.schema``), so this step builds
the same tables whatever later versions of the code define.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from eventwire.store.schema import flag, integer, iso_date, real

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None

_FLAGS = ("historical", "call_to_action", "call_to_violence", "denial")


def event_columns(*, with_article_key: bool) -> list[sa.Column[Any]]:
    """The events' columns as of this revision (migration 0002 reuses them for merged events)."""
    article_key = [sa.ForeignKey("articles.id", ondelete="CASCADE")] if with_article_key else []
    text, number = sa.Text, integer
    return [
        sa.Column("event_id", text(), primary_key=True),
        sa.Column("article_id", text(), *article_key, nullable=False),
        sa.Column("event_type", text(), nullable=False),
        sa.Column("mode", text()),
        sa.Column("acled_event_type", text()),
        sa.Column("acled_sub_event_type", text()),
        sa.Column("cameo", text()),
        *_party("actor"),
        *_party("recipient"),
        sa.Column("date", iso_date()),
        sa.Column("date_precision", text()),
        sa.Column("date_text", text()),
        sa.Column("historical", flag(), nullable=False),
        sa.Column("location_name", text()),
        sa.Column("location_text", text()),
        sa.Column("location_start", number()),
        sa.Column("location_end", number()),
        sa.Column("lat", real()),
        sa.Column("lon", real()),
        sa.Column("country", text()),
        sa.Column("geonames_id", number()),
        sa.Column("location_feature", text()),
        sa.Column("fatalities", number()),
        sa.Column("injured", number()),
        sa.Column("evidence_text", text(), nullable=False),
        sa.Column("evidence_start", number(), nullable=False),
        sa.Column("evidence_end", number(), nullable=False),
        sa.Column("trigger_text", text(), nullable=False),
        sa.Column("trigger_start", number(), nullable=False),
        sa.Column("trigger_end", number(), nullable=False),
        sa.Column("confidence", real(), nullable=False),
        sa.Column("extras", text()),
        sa.Column("location_admin1", text()),
        sa.Column("location_admin2", text()),
        sa.Column("location_precision", number()),
        sa.Column("actor_affiliation", text()),
        sa.Column("actor_affiliation_id", text()),
        sa.Column("recipient_affiliation", text()),
        sa.Column("recipient_affiliation_id", text()),
        sa.Column("co_actors", text()),
        sa.Column("co_recipients", text()),
        sa.Column("modality", text(), nullable=False, server_default=sa.text("'asserted'")),
        sa.Column("claimed_by", text()),
        sa.Column("statement", text()),
        sa.Column("responsibility", text()),
        sa.Column("stated_in", text()),
        sa.Column("call_to_action", flag(), nullable=False, server_default=sa.text("0")),
        sa.Column("call_to_violence", flag(), nullable=False, server_default=sa.text("0")),
        sa.Column("denial", flag(), nullable=False, server_default=sa.text("0")),
        sa.Column("figures", text()),
    ]


def flag_checks() -> list[sa.CheckConstraint]:
    return [sa.CheckConstraint(f"{name} IN (0, 1)") for name in _FLAGS]


def _party(role: str) -> list[sa.Column[Any]]:
    return [
        sa.Column(f"{role}_name", sa.Text()),
        sa.Column(f"{role}_text", sa.Text()),
        sa.Column(f"{role}_start", integer()),
        sa.Column(f"{role}_end", integer()),
        sa.Column(f"{role}_id", sa.Text()),
        sa.Column(f"{role}_type", sa.Text()),
        sa.Column(f"{role}_country", sa.Text()),
    ]


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Text(), primary_key=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("date", iso_date()),
        sa.Column("title", sa.Text()),
        sa.Column("source", sa.Text()),
        sa.Column("url", sa.Text()),
        sa.Column("content_hash", sa.Text(), nullable=False),
        sa.Column("origin_path", sa.Text()),
        sa.Column("origin_line", integer()),
        sa.Column("coded_at", sa.Text(), nullable=False),
    )
    op.create_table("events", *event_columns(with_article_key=True), *flag_checks())
    for column in ("date", "event_type", "country", "article_id", "actor_name"):
        op.create_index(f"events_{column}", "events", [column])


def downgrade() -> None:
    op.drop_table("events")
    op.drop_table("articles")
