"""Export stored events as JSON Lines, CSV or Parquet.

JSONL writes one :meth:`Event.to_dict` per line, the JSON contract. CSV and Parquet write one
flat row per event, made by :func:`flatten_event`; the columns, in order, are:

=============================  ========  =========================================================
column                         type      meaning
=============================  ========  =========================================================
event_id                       string    stable id of the event
article_id                     string    id of the article it was read from
event_type                     string    PLOVER event type
evidence_text                  string    the sentence that states the event
evidence_start                 int       its start offset in the article body
evidence_end                   int       its end offset
trigger_text                   string    the word(s) that name the event
trigger_start                  int       their start offset
trigger_end                    int       their end offset
mode                           string    PLOVER mode
acled_event_type               string    ACLED event type
acled_sub_event_type           string    ACLED sub-event type
cameo                          string    CAMEO code
actor_text                     string    the actor as the article names it
actor_start                    int       start offset of that mention
actor_end                      int       end offset
actor_name                     string    canonical name when resolved
actor_id                       string    id of the resolved actor
actor_type                     string    actor type
actor_country                  string    ISO alpha-3 country of the actor
actor_affiliation              string    canonical name of the actor's parent or affiliation
                                         (the al-Aqsa Martyrs Brigades -> Fatah)
actor_affiliation_id           string    id of that parent or affiliation
recipient_text                 string    the recipient as the article names it (same as actor_*)
recipient_start                int
recipient_end                  int
recipient_name                 string
recipient_id                   string
recipient_type                 string
recipient_country              string
recipient_affiliation          string
recipient_affiliation_id       string
co_actor_names                 string    further parties on the actor side, in text order, each
                                         by its canonical name (else its mention), "; "-joined
co_actors                      string    the same parties as a JSON list of actor objects (keys
                                         as in JSONL: text, start, end, name, actor_id, ...)
co_recipient_names             string    further parties on the recipient side, as co_actor_names
co_recipients                  string    the same parties as JSON, as co_actors
date                           date      resolved date (first day of its period); ISO in CSV
date_precision                 string    day, week, month or year
date_text                      string    the date expression in the article
historical                     bool      the event is background, not news of the day
location_name                  string    gazetteer name of the place
location_text                  string    the place as the article names it
location_start                 int       start offset of that mention
location_end                   int       end offset
location_lat                   float     latitude
location_lon                   float     longitude
location_country               string    ISO alpha-3 country of the place
location_geonames_id           int       GeoNames id
location_feature               string    city, camp, region, country, ...
location_admin1                string    first-level area (province, state) of the place
location_admin2                string    second-level area (district) of the place, when known
location_precision             int       ACLED geo_precision: 1 the named town, 2 near a town or a
                                         district/part of a region, 3 only a region or the country
fatalities                     int       reported deaths, by ACLED's conservative rules
injured                        int       reported injured
confidence                     float     0-1, rounded to three places
modality                       string    how the article tells the event: asserted (the writer
                                         says it happened), claimed (a speaker says so), planned,
                                         threatened, denied or hypothetical (did not happen as far
                                         as the article says); asserted and claimed are factual
claimed_by_name                string    canonical name of the speaker or claimant vouching for a
                                         claimed act, when resolved
claimed_by_text                string    that speaker or claimant as the article names them
statement_speaker              string    who says so, in the article's words ("spokesperson Abu
                                         Obeida"): the speaker of a verbal event, or the source a
                                         reported act is attributed to
statement_verb                 string    the reporting verb ("said", "warned", "according to")
statement_quotes               string    the quoted words, a JSON list of texts; empty if none
responsibility_claimant_name   string    canonical name of the party claiming responsibility for
                                         the act, when resolved
responsibility_evidence        string    the sentence that states the claim of responsibility
stated_in                      string    for a non-factual act: event_id of the verbal event that
                                         states it (the threat, the plan, the denial)
call_to_action                 bool      a verbal event calling on people to act or gather
call_to_violence               bool      a verbal event explicitly calling for attacks on people
                                         (not a call to protest or to "defend")
denial                         bool      a verbal event denying an act or an accusation
figures                        string    every casualty figure as stated, a JSON list of objects
                                         (kind, count, text, start, end, source: the actor who
                                         gave it, null for the writer's own); empty if none
extras                         string    any further fields as a JSON object; empty if none
=============================  ========  =========================================================

Empty cells in CSV are missing values (``None``).

An export of merged events (``merged=True``, ``eventwire export --merged``) writes one row per
merged event, its fields as above (``event_id`` is the merged id), then:

=============================  ========  =========================================================
n_reports                      int       how many reports (events coded from different articles)
                                         it was merged from
sources                        string    the outlets that reported it, "; "-joined, earliest first
                                         (an article without a source counts by its id)
reports                        string    the event ids of its reports, "; "-joined
=============================  ========  =========================================================
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import islice
from pathlib import Path
from typing import IO, Any, cast

from eventwire.dedup.fields import MergedEvent
from eventwire.errors import ConfigError, EventwireError, MissingDependencyError
from eventwire.model import Event
from eventwire.store.base import EventFilter, EventStore

logger = logging.getLogger(__name__)

EXPORT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet")

_PARQUET_BATCH = 10_000

#: The flat columns of CSV and Parquet exports, in order, with their type.
FLAT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "string"),
    ("article_id", "string"),
    ("event_type", "string"),
    ("evidence_text", "string"),
    ("evidence_start", "int"),
    ("evidence_end", "int"),
    ("trigger_text", "string"),
    ("trigger_start", "int"),
    ("trigger_end", "int"),
    ("mode", "string"),
    ("acled_event_type", "string"),
    ("acled_sub_event_type", "string"),
    ("cameo", "string"),
    *(
        (f"{role}_{name}", kind)
        for role in ("actor", "recipient")
        for name, kind in (
            ("text", "string"),
            ("start", "int"),
            ("end", "int"),
            ("name", "string"),
            ("id", "string"),
            ("type", "string"),
            ("country", "string"),
            ("affiliation", "string"),
            ("affiliation_id", "string"),
        )
    ),
    ("co_actor_names", "string"),
    ("co_actors", "string"),
    ("co_recipient_names", "string"),
    ("co_recipients", "string"),
    ("date", "date"),
    ("date_precision", "string"),
    ("date_text", "string"),
    ("historical", "bool"),
    ("location_name", "string"),
    ("location_text", "string"),
    ("location_start", "int"),
    ("location_end", "int"),
    ("location_lat", "float"),
    ("location_lon", "float"),
    ("location_country", "string"),
    ("location_geonames_id", "int"),
    ("location_feature", "string"),
    ("location_admin1", "string"),
    ("location_admin2", "string"),
    ("location_precision", "int"),
    ("fatalities", "int"),
    ("injured", "int"),
    ("confidence", "float"),
    ("modality", "string"),
    ("claimed_by_name", "string"),
    ("claimed_by_text", "string"),
    ("statement_speaker", "string"),
    ("statement_verb", "string"),
    ("statement_quotes", "string"),
    ("responsibility_claimant_name", "string"),
    ("responsibility_evidence", "string"),
    ("stated_in", "string"),
    ("call_to_action", "bool"),
    ("call_to_violence", "bool"),
    ("denial", "bool"),
    ("figures", "string"),
    ("extras", "string"),
)
FLAT_COLUMN_NAMES: tuple[str, ...] = tuple(name for name, _ in FLAT_COLUMNS)
#: The columns an export of merged events adds after those of the event.
MERGED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("n_reports", "int"), ("sources", "string"), ("reports", "string"),
)
#: What an export writes: coded events, or merged events.
Record = Event | MergedEvent

_ACTOR_SUBFIELDS = (
    "text", "start", "end", "name", "actor_id", "actor_type", "country", "affiliation",
    "affiliation_id",
)  # fmt: skip
# Nested records of Event.to_dict() and the sub-fields each flattens to.
_NESTED: dict[str, tuple[str, ...]] = {
    "evidence": ("text", "start", "end"),
    "trigger": ("text", "start", "end"),
    "actor": _ACTOR_SUBFIELDS,
    "recipient": _ACTOR_SUBFIELDS,
    "location": (
        "name", "text", "start", "end", "lat", "lon", "country", "geonames_id", "feature",
        "admin1", "admin2", "precision",
    ),
}  # fmt: skip


# The co-party lists of Event.to_dict() and the readable column written before each.
_CO_PARTY_NAME_COLUMNS = {"co_actors": "co_actor_names", "co_recipients": "co_recipient_names"}
CO_PARTY_SEPARATOR = "; "


def _claimed_by_columns(claimant: dict[str, Any] | None) -> dict[str, Any]:
    if claimant is None:
        return {"claimed_by_name": None, "claimed_by_text": None}
    return {"claimed_by_name": claimant["name"], "claimed_by_text": claimant["text"]}


def _statement_columns(statement: dict[str, Any] | None) -> dict[str, Any]:
    if statement is None:
        return dict.fromkeys(("statement_speaker", "statement_verb", "statement_quotes"))
    quotes = [quote["text"] for quote in statement["quotes"]]
    return {
        "statement_speaker": _span_text(statement["speaker"]),
        "statement_verb": _span_text(statement["verb"]),
        "statement_quotes": json.dumps(quotes, ensure_ascii=False) if quotes else None,
    }


def _responsibility_columns(claim: dict[str, Any] | None) -> dict[str, Any]:
    if claim is None:
        return dict.fromkeys(("responsibility_claimant_name", "responsibility_evidence"))
    return {
        "responsibility_claimant_name": claim["claimant"]["name"],
        "responsibility_evidence": claim["evidence"]["text"],
    }


def _figures_column(figures: list[dict[str, Any]]) -> dict[str, Any]:
    return {"figures": json.dumps(figures, ensure_ascii=False) if figures else None}


def _span_text(span: dict[str, Any] | None) -> str | None:
    return span["text"] if span is not None else None


# The issue-6 records of Event.to_dict() and how each becomes flat columns: the readable
# parts only (the JSONL export keeps every offset).
_FLATTENERS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "claimed_by": _claimed_by_columns,
    "statement": _statement_columns,
    "responsibility": _responsibility_columns,
    "figures": _figures_column,
}


class ExportError(EventwireError):
    """The export destination cannot be written."""


def flatten_event(event: Event) -> dict[str, Any]:
    """One flat row of :data:`FLAT_COLUMNS` from the event's JSON form.

    Nested records become prefixed columns (``actor`` -> ``actor_text``, ``actor_name``, ...;
    ``actor_id`` stays ``actor_id``); a missing actor or place leaves its columns ``None``;
    each side's co-parties become a readable ``co_*_names`` column and a JSON column (both
    ``None`` when there are none); ``claimed_by``, ``statement`` and ``responsibility`` keep
    their readable parts, quotes and ``figures`` become JSON strings (``None`` when empty);
    ``extras`` becomes a JSON string. Values keep the JSON
    types (the date is an ISO string).
    """
    flat: dict[str, Any] = {}
    for key, value in event.to_dict().items():
        if key in _CO_PARTY_NAME_COLUMNS:
            flat[_CO_PARTY_NAME_COLUMNS[key]] = _party_names(value)
            flat[key] = json.dumps(value, ensure_ascii=False) if value else None
        elif key in _FLATTENERS:
            flat.update(_FLATTENERS[key](value))
        elif key in _NESTED:
            for sub in _NESTED[key]:
                column = f"{key}_{sub.removeprefix('actor_')}"
                flat[column] = value[sub] if value is not None else None
        elif key == "extras":
            flat[key] = json.dumps(value, ensure_ascii=False)
        else:
            flat[key] = value
    flat.setdefault("extras", None)  # to_dict leaves empty extras out
    return flat


def flatten_record(record: Record) -> dict[str, Any]:
    """:func:`flatten_event`, and for a merged event its :data:`MERGED_COLUMNS` after."""
    if isinstance(record, Event):
        return flatten_event(record)
    return {**flatten_event(record.event), "n_reports": record.n_reports,
            "sources": CO_PARTY_SEPARATOR.join(record.sources),
            "reports": CO_PARTY_SEPARATOR.join(record.reports)}


def _party_names(parties: list[dict[str, Any]]) -> str | None:
    if not parties:
        return None
    return CO_PARTY_SEPARATOR.join(party["name"] or party["text"] for party in parties)


def export_events(
    store: EventStore,
    dest: str | os.PathLike[str] | IO[str] | IO[bytes],
    *,
    fmt: str,
    flt: EventFilter | None = None,
    merged: bool = False,
) -> int:
    """Write the stored events matching ``flt`` to ``dest``, or with ``merged`` the merged
    events (one per happening, with their reports and sources); see :func:`write_events`."""
    if fmt.strip().lower() == "parquet":
        _require_pyarrow()  # before reading the store, so a missing extra fails at once
    if merged:
        from eventwire.store.base import SQLStore
        from eventwire.store.merges import merged_events

        if not isinstance(store, SQLStore):
            raise ConfigError("Merged events are kept in SQLite and PostgreSQL stores, not in "
                              f"{type(store).__name__}.")
        return write_events(merged_events(store, flt), dest, fmt=fmt, merged=True)
    return write_events(store.events(flt), dest, fmt=fmt)


def write_events(
    events: Iterable[Record],
    dest: str | os.PathLike[str] | IO[str] | IO[bytes],
    *,
    fmt: str,
    merged: bool = False,
) -> int:
    """Write events to ``dest`` and return how many were written.

    With ``merged``, the records are merged events and the flat formats add
    :data:`MERGED_COLUMNS`.

    ``dest`` is a path (written to a temporary file, then moved into place, so a failed export
    leaves no half file) or an open stream: text or binary for JSONL and CSV, binary for Parquet.
    Events are streamed; Parquet is written in record batches.

    Raises:
        ConfigError: an unknown ``fmt``, or a text stream given for Parquet.
        MissingDependencyError: Parquet was asked for and pyarrow is not installed.
        ExportError: the destination cannot be written.
    """
    fmt = fmt.strip().lower()
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(f"Unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}.")
    if fmt == "parquet":
        _require_pyarrow()  # before touching dest, so a missing extra leaves no empty file
    stream_of_events = iter(events)
    columns = FLAT_COLUMNS + MERGED_COLUMNS if merged else FLAT_COLUMNS
    try:
        if isinstance(dest, (str, os.PathLike)):
            count = _export_to_path(Path(dest), fmt, stream_of_events, columns)
        else:
            count = _export_to_stream(dest, fmt, stream_of_events, columns)
    except OSError as error:
        where = _describe(dest)
        raise ExportError(f"Could not write the {fmt} export to {where}: {error}") from error
    logger.info("Exported %d events as %s to %s", count, fmt, _describe(dest))
    return count


Columns = tuple[tuple[str, str], ...]


def _export_to_path(path: Path, fmt: str, events: Iterator[Record], columns: Columns) -> int:
    partial = path.with_name(path.name + ".part")
    try:
        if fmt == "parquet":
            count = _write_parquet(str(partial), events, columns)
        else:
            with partial.open("w", encoding="utf-8", newline="") as stream:
                count = _TEXT_WRITERS[fmt](stream, events, columns)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return count


def _export_to_stream(stream: IO[str] | IO[bytes], fmt: str, events: Iterator[Record],
                      columns: Columns) -> int:
    if isinstance(stream, io.TextIOBase):
        if fmt == "parquet":
            raise ConfigError(
                "Parquet is a binary format: pass a path or a binary stream "
                "(e.g. sys.stdout.buffer), not a text stream."
            )
        return _TEXT_WRITERS[fmt](cast(IO[str], stream), events, columns)
    binary = cast(IO[bytes], stream)
    if fmt == "parquet":
        return _write_parquet(binary, events, columns)
    text = io.TextIOWrapper(binary, encoding="utf-8", newline="")
    try:
        return _TEXT_WRITERS[fmt](text, events, columns)
    finally:
        text.flush()
        text.detach()  # leave the caller's stream open


def _write_jsonl(stream: IO[str], events: Iterable[Record], _columns: Columns) -> int:
    count = 0
    for event in events:
        stream.write(json.dumps(event.to_dict(), ensure_ascii=False))
        stream.write("\n")
        count += 1
    return count


def _write_csv(stream: IO[str], events: Iterable[Record], columns: Columns) -> int:
    writer = csv.DictWriter(stream, fieldnames=[name for name, _ in columns])
    writer.writeheader()
    count = 0
    for event in events:
        writer.writerow(flatten_record(event))
        count += 1
    return count


_TEXT_WRITERS: dict[str, Callable[[IO[str], Iterable[Record], Columns], int]] = {
    "jsonl": _write_jsonl,
    "csv": _write_csv,
}


def _write_parquet(where: str | IO[bytes], events: Iterator[Record], columns: Columns) -> int:
    pa, pq = _require_pyarrow()
    types = {
        "string": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
    }
    schema = pa.schema([(name, types[kind]) for name, kind in columns])
    count = 0
    with pq.ParquetWriter(where, schema) as writer:
        while rows := [flatten_record(event) for event in islice(events, _PARQUET_BATCH)]:
            for row in rows:
                row["date"] = date.fromisoformat(row["date"]) if row["date"] else None
            writer.write_batch(pa.RecordBatch.from_pylist(rows, schema=schema))
            count += len(rows)
    return count


def _require_pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as error:
        raise MissingDependencyError("Parquet export", "pyarrow", "parquet") from error
    return pyarrow, pyarrow.parquet


def _describe(dest: object) -> str:
    if isinstance(dest, (str, os.PathLike)):
        return os.fspath(dest)
    return str(getattr(dest, "name", "a stream"))
