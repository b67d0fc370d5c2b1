"""The event store: coded articles and their events, kept so ingest can resume and researchers
can query and export.

``open_store(path_or_url)`` returns an :class:`EventStore`; today the backend is SQLite
(:class:`SQLiteStore`). ``export_events`` writes stored events as JSONL, CSV or Parquet.
"""

from __future__ import annotations

from eventwire.store.base import EventFilter, EventStore, SaveResult, SQLStore
from eventwire.store.codec import EventDecodeError, event_from_dict, event_from_row, event_to_row
from eventwire.store.export import (
    EXPORT_FORMATS,
    FLAT_COLUMNS,
    ExportError,
    export_events,
    flatten_event,
    write_events,
)
from eventwire.store.factory import is_database_url, open_store
from eventwire.store.sqlite import SCHEMA_VERSION, SQLiteStore

__all__ = [
    "EXPORT_FORMATS",
    "FLAT_COLUMNS",
    "SCHEMA_VERSION",
    "EventDecodeError",
    "EventFilter",
    "EventStore",
    "ExportError",
    "SQLStore",
    "SQLiteStore",
    "SaveResult",
    "event_from_dict",
    "event_from_row",
    "event_to_row",
    "export_events",
    "flatten_event",
    "is_database_url",
    "open_store",
    "write_events",
]
