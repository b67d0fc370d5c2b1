"""One event, many reports: merging the events coded from different articles (issue 9).

- :mod:`~eventwire.dedup.reports`: a stored event as the merger compares it;
- :mod:`~eventwire.dedup.match`: the rules and the score of two reports;
- :mod:`~eventwire.dedup.cluster`: grouping reports into events, one at a time;
- :mod:`~eventwire.dedup.fields`: the merged event's fields, chosen from its reports;
- :mod:`~eventwire.dedup.run`: ``merge_store``, over an SQLite or PostgreSQL store, with its history.

docs/DEDUP.md describes the rules and how they were measured.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eventwire.dedup.fields import MergedEvent, merge_fields
from eventwire.dedup.match import MergeRules

if TYPE_CHECKING:
    from eventwire.dedup.run import MergeReport, merge_store


def __getattr__(name: str) -> Any:
    # The runner imports the store, which imports this package's records: load it on use.
    if name in ("merge_store", "MergeReport"):
        from eventwire.dedup import run

        return getattr(run, name)
    raise AttributeError(name)


__all__ = ["MergeReport", "MergeRules", "MergedEvent", "merge_fields", "merge_store"]
