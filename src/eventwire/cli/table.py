"""A readable fixed-width table of events for the terminal."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from typing import TypeVar

from eventwire.dedup.fields import MergedEvent
from eventwire.model import Event, Modality

Column = tuple[str, int, Callable[[Event], str]]
T = TypeVar("T")


def _actor(event: Event, which: str) -> str:
    ref = event.actor if which == "actor" else event.recipient
    if ref is None:
        return ""
    return ref.name or ref.text


def _type(event: Event) -> str:
    return f"{event.event_type}/{event.mode}" if event.mode else str(event.event_type)


def _toll(event: Event) -> str:
    parts = []
    if event.fatalities is not None:
        parts.append(f"{event.fatalities}k")
    if event.injured is not None:
        parts.append(f"{event.injured}w")
    return " ".join(parts)


# How a non-factual or attributed event is shown; asserted (most events) shows nothing.
_MODALITY_WORDS = {
    Modality.ASSERTED: "",
    Modality.CLAIMED: "claimed",
    Modality.PLANNED: "planned",
    Modality.THREATENED: "threat",
    Modality.DENIED: "denied",
    Modality.HYPOTHETICAL: "hypoth.",
}
SAID_LEGEND = (
    "'said': claimed = on a source's word; planned, threat, denied, hypoth. = not told as "
    "having happened; 'denies' a denial, '+' a call to action, '!' a call to violence"
)


def _said(event: Event) -> str:
    """How the article tells the event, then the flags of a statement, in a few characters."""
    words = [_MODALITY_WORDS[event.modality]] if event.modality != Modality.ASSERTED else []
    if event.denial:
        words.append("denies")
    # A call to violence is a call to action too; the stronger mark says both.
    mark = "!" if event.call_to_violence else "+" if event.call_to_action else ""
    return " ".join(words) + mark


COLUMNS: tuple[Column, ...] = (
    ("date", 10, lambda e: e.date.isoformat() if e.date else "?"),
    ("hist", 4, lambda e: "yes" if e.historical else ""),
    ("said", 8, _said),
    ("type", 22, _type),
    ("actor", 24, lambda e: _actor(e, "actor")),
    ("recipient", 22, lambda e: _actor(e, "recipient")),
    ("place", 18, lambda e: f"{e.location.name} ({e.location.country})" if e.location else ""),
    ("toll", 8, _toll),
)


def _cell(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def event_table(events: Sequence[Event], *, width: int | None = None) -> str:
    """One line per event; the evidence fills what is left of the terminal width."""
    lines = _rows(events, COLUMNS, lambda event: event.evidence.text, width)
    lines.append(f"{len(events)} events ({_legend(events)})")
    return "\n".join(lines)


def merged_table(merged: Sequence[MergedEvent], *, width: int | None = None) -> str:
    """One line per merged event: the event's columns, how many reports and which outlets."""
    columns: tuple[tuple[str, int, Callable[[MergedEvent], str]], ...] = (
        *((name, size, _of_event(get)) for name, size, get in COLUMNS),
        ("n", 3, lambda item: str(item.n_reports)),
        ("sources", 20, lambda item: ", ".join(item.sources)),
    )
    lines = _rows(merged, columns, lambda item: item.event.evidence.text, width)
    reports = sum(item.n_reports for item in merged)
    legend = _legend([item.event for item in merged])
    lines.append(f"{len(merged)} events from {reports} reports ('n' reports merged; {legend})")
    return "\n".join(lines)


def _of_event(get: Callable[[Event], str]) -> Callable[[MergedEvent], str]:
    return lambda item: get(item.event)


def _rows(items: Sequence[T], columns: Sequence[tuple[str, int, Callable[[T], str]]],
          evidence: Callable[[T], str], width: int | None) -> list[str]:
    width = width or shutil.get_terminal_size((160, 24)).columns
    fixed = sum(w for _, w, _ in columns) + 2 * len(columns)
    evidence_width = max(width - fixed, 20)
    header = "  ".join(name.ljust(w) for name, w, _ in columns) + "  evidence"
    lines = [header, "-" * min(width, len(header) + evidence_width - 8)]
    for item in items:
        cells = [_cell(get(item), w).ljust(w) for _, w, get in columns]
        lines.append("  ".join(cells) + "  " + _cell(evidence(item), evidence_width))
    return lines


def _legend(events: Sequence[Event]) -> str:
    legend = "'k' killed, 'w' wounded; 'hist' = background, not news"
    if any(_said(event) for event in events):  # explained only when it is used
        legend += "; " + SAID_LEGEND
    return legend
