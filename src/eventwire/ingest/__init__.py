"""Reading articles from files and directories, and rejecting bad input with a clear reason.

Formats, chosen by extension (``.gz`` on top of any of them is read through gzip):

- ``.txt``, or no extension for a file named directly: one plain article per file, opened by
  an optional ``date YYYY-MM-DD`` line (see ``eventwire.ingest.plain``); its id is the file
  name without the extension.
- ``.jsonl`` / ``.ndjson``: JSON Lines, one object per line with ``text`` (required) and
  ``id``, ``date``, ``title``, ``source``, ``url`` (optional); ``-`` reads these from stdin.
- ``.csv``: a header row and the same columns; quoted fields may span lines.
- ``.json`` is rejected, with a pointer to JSON Lines.

In JSON Lines and CSV, ``text`` is kept exactly as given; ``id`` is stringified and stripped,
and an absent or empty id becomes a hash of the text (``a-`` + 16 hex digits of its sha256);
``date`` is ``YYYY-MM-DD`` or an ISO timestamp (its date as written); an empty date is fine,
an unreadable one rejects the record. Ids are unique across one call: a record with an id
already read is skipped silently if its text and date are the same, and rejected otherwise.

Every problem becomes a ``Rejection`` (path, line or ``None``, reason) and reading goes on,
including for a path that does not exist.
"""

from __future__ import annotations

from eventwire.ingest.reader import read_articles
from eventwire.ingest.summary import ReadSummary

__all__ = ["ReadSummary", "read_articles"]
