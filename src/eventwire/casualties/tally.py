"""Combine the casualty figures of one text into (fatalities, injured)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from eventwire.model import CasualtyCount

# A figure that says it comes on top of another: "another three", "a further two",
# "two more", "were also killed". "more than" is a bound, not an addition.
_ADDITIONAL_RE = re.compile(
    r"\b(?:another|a\s+further|an\s+additional|additional|also|more(?!\s+than))\b",
    re.IGNORECASE,
)

_TOLL_RE = re.compile(r"\btoll\b|\bnumber\s+of\b", re.IGNORECASE)


def tally(counts: Sequence[CasualtyCount]) -> tuple[int | None, int | None]:
    """(fatalities, injured): None for a kind never mentioned, 0 when reported as zero."""
    return _combine(counts, "killed"), _combine(counts, "injured")


def _combine(counts: Sequence[CasualtyCount], kind: str) -> int | None:
    figures = [c for c in counts if c.kind == kind]
    if not figures:
        return None
    positive = [c for c in figures if c.count > 0]
    if not positive:
        return 0
    # A toll is a running total that already holds any "more" reported beside it.
    tolls = [c.count for c in positive if _TOLL_RE.search(c.text)]
    others = [c for c in positive if not _TOLL_RE.search(c.text)]
    extra = [c.count for c in others if _ADDITIONAL_RE.search(c.text)]
    base = [c.count for c in others if not _ADDITIONAL_RE.search(c.text)]
    return max([max(base, default=0) + sum(extra), *tolls])
