"""Combine the casualty figures of one text into (fatalities, injured)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from eventwire.casualties.lexicon import GENERIC_VICTIMS, VICTIM_CLASSES
from eventwire.model import CasualtyCount

# A figure that says it comes on top of another: "another three", "a further two",
# "two more", "were also killed", "two others died". "more than" is a bound, not an addition.
_ADDITIONAL_RE = re.compile(
    r"\b(?:another|a\s+further|an\s+additional|additional|also|others|more(?!\s+than))\b",
    re.IGNORECASE,
)

# A toll's span starts at "toll"/"number of"; "a number of people" is a vague figure.
_TOLL_RE = re.compile(r"\btoll\b|^number\s+of\b", re.IGNORECASE)
_WORD_RE = re.compile(r"[A-Za-z][\w'’-]*")


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
    base = [c for c in others if not _ADDITIONAL_RE.search(c.text)]
    return max([_base_total(base) + sum(extra), *tolls])


def _base_total(base: Sequence[CasualtyCount]) -> int:
    """The largest figure, or the sum of the figures when each counts a different party.

    "25 militants were killed, 13 soldiers were killed" is 38 (ACLED adds every party's
    dead); "five were killed ... the five dead" and "12 people ... three soldiers" are not
    added, since an unnamed or generic figure may already hold the others.
    """
    if not base:
        return 0
    groups: dict[str, int] = {}
    for count in base:
        group = victim_group(count.text)
        if group is None:
            return max(c.count for c in base)
        groups[group] = max(groups.get(group, 0), count.count)
    return sum(groups.values())


def victim_group(text: str) -> str | None:
    """The party a figure counts ("soldiers" -> "state forces"), None when unnamed or generic."""
    words = [w.lower() for w in _WORD_RE.findall(text)]
    nouns = [w for w in words if w in VICTIM_CLASSES or w in GENERIC_VICTIMS]
    if not nouns or nouns[-1] in GENERIC_VICTIMS:
        return None
    return VICTIM_CLASSES[nouns[-1]]
