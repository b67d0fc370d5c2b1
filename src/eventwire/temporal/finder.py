"""Run every rule over a text and keep the longest non-overlapping mentions."""

from __future__ import annotations

from datetime import date, datetime

from eventwire.model import DateMention
from eventwire.temporal.fallback import FALLBACK_RULE
from eventwire.temporal.rules import RULES, Rule

_ALL_RULES: tuple[Rule, ...] = (*RULES, FALLBACK_RULE)


def find_dates(text: str, *, anchor: date | None) -> list[DateMention]:
    """Date expressions in ``text``, sorted by offset, resolved against ``anchor``.

    ``anchor`` is the article's publication date; without it, expressions that need it
    ("yesterday", "in May") are returned with ``date=None``.
    """
    if isinstance(anchor, datetime):  # a datetime is a date, but its arithmetic keeps the time
        anchor = anchor.date()
    candidates: list[tuple[int, DateMention]] = []
    for priority, rule in enumerate(_ALL_RULES):
        candidates.extend((priority, mention) for mention in _matches(rule, text, anchor))
    return _longest_without_overlap(candidates)


def _matches(rule: Rule, text: str, anchor: date | None) -> list[DateMention]:
    mentions: list[DateMention] = []
    for match in rule.pattern.finditer(text):
        resolution = rule.resolve(match, anchor)
        if resolution is None:
            continue
        start, end = rule.span(match)
        mentions.append(DateMention(text[start:end], start, end, *resolution))
    return mentions


def _longest_without_overlap(candidates: list[tuple[int, DateMention]]) -> list[DateMention]:
    """Greedy: longest first, then earliest, then the rule listed first."""
    ranked = sorted(candidates, key=lambda c: (c[1].start - c[1].end, c[1].start, c[0]))
    kept: list[DateMention] = []
    for _, mention in ranked:
        if all(mention.end <= other.start or other.end <= mention.start for other in kept):
            kept.append(mention)
    return sorted(kept, key=lambda mention: mention.start)
