"""Conversions between the record model and flat storage rows or JSON dicts.

``event_to_row``/``event_from_row`` map an :class:`~eventwire.model.Event` to one flat row of
scalars (the columns of the ``events`` table, :data:`EVENT_COLUMNS`) and back, losslessly.
``event_from_dict`` is the inverse of :meth:`Event.to_dict`, the JSON contract, and checks
what it reads because its input comes from files. Co-parties (``Event.co_actors``,
``co_recipients``) are stored as one JSON text column per side, a list of the parties' JSON
forms (:func:`parties_to_json`), ``NULL`` when there are none. The nested records of issue 6
(``claimed_by``, ``statement``, ``responsibility``, ``figures``) are stored the same way: their
:meth:`Event.to_dict` form as JSON text, ``NULL`` when unset; rows and dicts are decoded by the
same checked readers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from datetime import date
from typing import Any, Protocol, TypeVar

from eventwire.errors import EventwireError, StoreError
from eventwire.model import (
    ActorRef,
    Article,
    DatePrecision,
    Event,
    Figure,
    Location,
    Modality,
    Origin,
    PloverType,
    Responsibility,
    Statement,
    TextSpan,
)

T = TypeVar("T")
Scalar = str | int | float | None

_ACTOR_FIELDS = ("name", "text", "start", "end", "id", "type", "country")
_LOCATION_COLUMNS = (
    "location_name",
    "location_text",
    "location_start",
    "location_end",
    "lat",
    "lon",
    "country",  # the location's country: the one researchers filter on
    "geonames_id",
    "location_feature",
)
# Added in store schema 2, at the end of the table (where ALTER TABLE puts them).
_ADMIN_COLUMNS = ("location_admin1", "location_admin2")
# Added in store schema 3, after them.
_PRECISION_COLUMN = "location_precision"
# Added in store schema 4, after it: the parties' affiliations, then the co-parties as JSON.
_AFFILIATION_FIELDS = ("affiliation", "affiliation_id")
_AFFILIATION_COLUMNS = tuple(
    f"{role}_{name}" for role in ("actor", "recipient") for name in _AFFILIATION_FIELDS
)
CO_PARTY_COLUMNS = ("co_actors", "co_recipients")
# Added in store schema 5, after them (issue 6): how the article tells the event, on whose
# word, and the flags of verbal events. The nested records are JSON text, NULL when unset.
FLAG_COLUMNS = ("call_to_action", "call_to_violence", "denial")
_STATEMENT_COLUMNS = (
    "modality",
    "claimed_by",
    "statement",
    "responsibility",
    "stated_in",
    *FLAG_COLUMNS,
    "figures",
)
#: The values of ``Location.precision``: ACLED's geo_precision codes.
LOCATION_PRECISIONS = frozenset({1, 2, 3})

#: The columns of the ``events`` table, in table order.
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "article_id",
    "event_type",
    "mode",
    "acled_event_type",
    "acled_sub_event_type",
    "cameo",
    *(f"actor_{name}" for name in _ACTOR_FIELDS),
    *(f"recipient_{name}" for name in _ACTOR_FIELDS),
    "date",
    "date_precision",
    "date_text",
    "historical",
    *_LOCATION_COLUMNS,
    "fatalities",
    "injured",
    "evidence_text",
    "evidence_start",
    "evidence_end",
    "trigger_text",
    "trigger_start",
    "trigger_end",
    "confidence",
    "extras",
    *_ADMIN_COLUMNS,
    _PRECISION_COLUMN,
    *_AFFILIATION_COLUMNS,
    *CO_PARTY_COLUMNS,
    *_STATEMENT_COLUMNS,
)

#: The columns of the ``articles`` table, in table order.
ARTICLE_COLUMNS: tuple[str, ...] = (
    "id",
    "text",
    "date",
    "title",
    "source",
    "url",
    "content_hash",
    "origin_path",
    "origin_line",
    "coded_at",
)


class EventDecodeError(EventwireError, ValueError):
    """A dict or row does not describe a valid event; the message names the field."""


class RowLike(Protocol):
    """A row readable by column name: a ``dict`` or a ``sqlite3.Row``."""

    def __getitem__(self, key: str, /) -> Any: ...


# --- events <-> rows ------------------------------------------------------------------------


def event_to_row(event: Event) -> dict[str, Scalar]:
    """One flat row for the ``events`` table, keyed by :data:`EVENT_COLUMNS` in order.

    Raises:
        EventDecodeError: ``extras`` cannot be written as JSON.
    """
    row: dict[str, Scalar] = {
        "event_id": event.event_id,
        "article_id": event.article_id,
        "event_type": str(event.event_type),
        "mode": event.mode,
        "acled_event_type": event.acled_event_type,
        "acled_sub_event_type": event.acled_sub_event_type,
        "cameo": event.cameo,
    }
    row.update(_actor_columns("actor", event.actor))
    row.update(_actor_columns("recipient", event.recipient))
    row["date"] = event.date.isoformat() if event.date else None
    row["date_precision"] = str(event.date_precision) if event.date_precision else None
    row["date_text"] = event.date_text
    row["historical"] = int(event.historical)
    row.update(_location_columns(event.location))
    row["fatalities"] = event.fatalities
    row["injured"] = event.injured
    row.update(_span_columns("evidence", event.evidence))
    row.update(_span_columns("trigger", event.trigger))
    row["confidence"] = event.confidence
    row["extras"] = _extras_to_json(event)
    row.update(_admin_columns(event.location))
    row[_PRECISION_COLUMN] = event.location.precision if event.location else None
    row.update(_affiliation_columns("actor", event.actor))
    row.update(_affiliation_columns("recipient", event.recipient))
    row["co_actors"] = parties_to_json(event.co_actors)
    row["co_recipients"] = parties_to_json(event.co_recipients)
    row.update(_statement_columns(event))
    return row


def event_from_row(row: RowLike) -> Event:
    """Rebuild the :class:`Event` that :func:`event_to_row` flattened into ``row``."""
    precision = row["date_precision"]
    return Event(
        event_id=row["event_id"],
        article_id=row["article_id"],
        event_type=PloverType(row["event_type"]),
        evidence=_span_from_row(row, "evidence"),
        trigger=_span_from_row(row, "trigger"),
        mode=row["mode"],
        acled_event_type=row["acled_event_type"],
        acled_sub_event_type=row["acled_sub_event_type"],
        cameo=row["cameo"],
        actor=_actor_from_row(row, "actor"),
        recipient=_actor_from_row(row, "recipient"),
        co_actors=parties_from_json(_optional_column(row, "co_actors"), row["event_id"]),
        co_recipients=parties_from_json(_optional_column(row, "co_recipients"), row["event_id"]),
        date=date.fromisoformat(row["date"]) if row["date"] is not None else None,
        date_precision=DatePrecision(precision) if precision is not None else None,
        date_text=row["date_text"],
        historical=bool(row["historical"]),
        location=_location_from_row(row),
        fatalities=row["fatalities"],
        injured=row["injured"],
        confidence=row["confidence"],
        extras=json.loads(row["extras"]) if row["extras"] is not None else {},
        **_statement_fields_from_row(row),
    )


def _actor_columns(prefix: str, actor: ActorRef | None) -> dict[str, Scalar]:
    values: tuple[Scalar, ...] = (None,) * len(_ACTOR_FIELDS)
    if actor is not None:
        values = (
            actor.name,
            actor.text,
            actor.start,
            actor.end,
            actor.actor_id,
            actor.actor_type,
            actor.country,
        )
    return {f"{prefix}_{name}": value for name, value in zip(_ACTOR_FIELDS, values, strict=True)}


def _actor_from_row(row: RowLike, prefix: str) -> ActorRef | None:
    # ``text`` is required on ActorRef, so a NULL mention means there was no actor.
    if row[f"{prefix}_text"] is None:
        return None
    return ActorRef(
        text=row[f"{prefix}_text"],
        start=row[f"{prefix}_start"],
        end=row[f"{prefix}_end"],
        name=row[f"{prefix}_name"],
        actor_id=row[f"{prefix}_id"],
        actor_type=row[f"{prefix}_type"],
        country=row[f"{prefix}_country"],
        affiliation=_optional_column(row, f"{prefix}_affiliation"),
        affiliation_id=_optional_column(row, f"{prefix}_affiliation_id"),
    )


def _affiliation_columns(prefix: str, actor: ActorRef | None) -> dict[str, Scalar]:
    values = (actor.affiliation, actor.affiliation_id) if actor else (None, None)
    names = (f"{prefix}_{name}" for name in _AFFILIATION_FIELDS)
    return dict(zip(names, values, strict=True))


def parties_to_json(parties: tuple[ActorRef, ...]) -> str | None:
    """The co-parties of one side as a JSON list of their :meth:`Event.to_dict` forms, or
    ``None`` when there are none (so most rows store ``NULL``)."""
    if not parties:
        return None
    return json.dumps([asdict(party) for party in parties], ensure_ascii=False)


def parties_from_json(text: str | None, event_id: str) -> tuple[ActorRef, ...]:
    """The inverse of :func:`parties_to_json`; ``NULL`` (or a row without the column) is ().

    Raises:
        EventDecodeError: the text is not a JSON list of actor objects.
    """
    if text is None:
        return ()
    where = f"Event {event_id}, co-parties"
    try:
        data = json.loads(text)
    except ValueError as error:
        raise EventDecodeError(f"{where}: stored value is not JSON ({error}).") from error
    return _parties_from_list(data, where)


def _statement_columns(event: Event) -> dict[str, Scalar]:
    # The nested records are stored in their to_dict() shapes, so rows and JSONL agree.
    row: dict[str, Scalar] = {
        "modality": str(event.modality),
        "claimed_by": _json_or_null(event.claimed_by),
        "statement": _json_or_null(event.statement),
        "responsibility": _json_or_null(event.responsibility),
        "stated_in": event.stated_in,
    }
    row.update((name, int(getattr(event, name))) for name in FLAG_COLUMNS)
    row["figures"] = (
        json.dumps([asdict(figure) for figure in event.figures], ensure_ascii=False)
        if event.figures
        else None
    )
    return row


def _json_or_null(record: ActorRef | Statement | Responsibility | None) -> str | None:
    return None if record is None else json.dumps(asdict(record), ensure_ascii=False)


def _statement_fields_from_row(row: RowLike) -> dict[str, Any]:
    """The issue-6 fields of a row; a row from before schema 5 reads as asserted, no flags."""
    where = f"Event {row['event_id']}"
    modality = _optional_column(row, "modality") or Modality.ASSERTED.value
    fields: dict[str, Any] = {
        "modality": _enum(Modality, modality, "modality", where),
        "stated_in": _optional_column(row, "stated_in"),
        "claimed_by": _actor_from_dict(_json_column(row, "claimed_by", dict, where),
                                       f"{where}, claimed_by"),
        "statement": _statement_from_dict(_json_column(row, "statement", dict, where),
                                          f"{where}, statement"),
        "responsibility": _responsibility_from_dict(
            _json_column(row, "responsibility", dict, where), f"{where}, responsibility"
        ),
        "figures": _figures_from_list(_json_column(row, "figures", list, where) or [],
                                      f"{where}, figures"),
    }
    fields.update((name, bool(_optional_column(row, name))) for name in FLAG_COLUMNS)
    return fields


def _json_column(row: RowLike, name: str, kind: type[T], where: str) -> T | None:
    text = _optional_column(row, name)
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError as error:
        raise EventDecodeError(f"{where}, {name}: stored value is not JSON ({error}).") from error
    if not isinstance(value, kind):
        raise EventDecodeError(
            f"{where}, {name}: stored value should be a JSON {kind.__name__}, got {_kind(value)}."
        )
    return value


def _location_columns(location: Location | None) -> dict[str, Scalar]:
    values: tuple[Scalar, ...] = (None,) * len(_LOCATION_COLUMNS)
    if location is not None:
        values = (
            location.name,
            location.text,
            location.start,
            location.end,
            location.lat,
            location.lon,
            location.country,
            location.geonames_id,
            location.feature,
        )
    return dict(zip(_LOCATION_COLUMNS, values, strict=True))


def _admin_columns(location: Location | None) -> dict[str, Scalar]:
    if location is None:
        return dict.fromkeys(_ADMIN_COLUMNS)
    return dict(zip(_ADMIN_COLUMNS, (location.admin1, location.admin2), strict=True))


def _optional_column(row: RowLike, name: str) -> Any:
    """A column a row from an older layout may lack; missing reads as None."""
    try:
        return row[name]
    except (KeyError, IndexError):
        return None


def _location_from_row(row: RowLike) -> Location | None:
    if row["location_text"] is None:
        return None
    return Location(
        name=row["location_name"],
        text=row["location_text"],
        start=row["location_start"],
        end=row["location_end"],
        lat=row["lat"],
        lon=row["lon"],
        country=row["country"],
        geonames_id=row["geonames_id"],
        feature=row["location_feature"],
        admin1=_optional_column(row, "location_admin1"),
        admin2=_optional_column(row, "location_admin2"),
        precision=_optional_column(row, _PRECISION_COLUMN),
    )


def _span_columns(prefix: str, span: TextSpan) -> dict[str, Scalar]:
    return {f"{prefix}_text": span.text, f"{prefix}_start": span.start, f"{prefix}_end": span.end}


def _span_from_row(row: RowLike, prefix: str) -> TextSpan:
    return TextSpan(row[f"{prefix}_text"], row[f"{prefix}_start"], row[f"{prefix}_end"])


def _extras_to_json(event: Event) -> str | None:
    if not event.extras:
        return None
    try:
        return json.dumps(event.extras, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise EventDecodeError(
            f"Event {event.event_id}: extras must hold JSON values only (str, int, float, bool, "
            f"None, lists and dicts with str keys): {error}"
        ) from error


# --- articles <-> rows ----------------------------------------------------------------------


def article_to_row(article: Article, *, coded_at: str) -> dict[str, Scalar]:
    """One row for the ``articles`` table; ``coded_at`` is an ISO timestamp of the save."""
    return {
        "id": article.id,
        "text": article.text,
        "date": article.date.isoformat() if article.date else None,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "content_hash": article.content_hash,
        "origin_path": article.origin.path if article.origin else None,
        "origin_line": article.origin.line if article.origin else None,
        "coded_at": coded_at,
    }


def article_from_row(row: RowLike) -> Article:
    """Rebuild the :class:`Article` stored in ``row``."""
    origin = None
    if row["origin_path"] is not None:
        origin = Origin(row["origin_path"], row["origin_line"])
    return Article(
        id=row["id"],
        text=row["text"],
        date=date.fromisoformat(row["date"]) if row["date"] is not None else None,
        title=row["title"],
        source=row["source"],
        url=row["url"],
        origin=origin,
    )


# --- JSON dicts -> events -------------------------------------------------------------------

_SPAN_KEYS = frozenset({"text", "start", "end"})
_ACTOR_KEYS = _SPAN_KEYS | {"name", "actor_id", "actor_type", "country", "affiliation",
                            "affiliation_id"}
_LOCATION_KEYS = _SPAN_KEYS | {"name", "lat", "lon", "country", "geonames_id", "feature",
                               "admin1", "admin2", "precision"}
_EVENT_KEYS = frozenset(
    {
        "event_id", "article_id", "event_type", "evidence", "trigger", "mode",
        "acled_event_type", "acled_sub_event_type", "cameo", "actor", "recipient",
        "co_actors", "co_recipients", "date",
        "date_precision", "date_text", "historical", "location", "fatalities", "injured",
        "confidence", "modality", "claimed_by", "statement", "responsibility", "stated_in",
        "call_to_action", "call_to_violence", "denial", "figures", "extras",
    }
)  # fmt: skip
_STATEMENT_KEYS = frozenset({"speaker", "verb", "quotes"})
_RESPONSIBILITY_KEYS = frozenset({"claimant", "evidence", "trigger"})
_FIGURE_KEYS = _SPAN_KEYS | {"kind", "count", "source"}


def event_from_dict(data: Mapping[str, Any]) -> Event:
    """The inverse of :meth:`Event.to_dict`: rebuild an event from its JSON form.

    Missing optional keys take the model's defaults, so records written before a field
    existed (``affiliation``, ``co_actors``, ``modality``, ...) still read. ``confidence``
    comes back rounded to three places, as ``to_dict`` wrote it.

    Raises:
        EventDecodeError: a required key is missing, a key is unknown, or a value has the
            wrong type; the message names the event and the field.
    """
    if not isinstance(data, Mapping):
        raise EventDecodeError(f"An event record must be a JSON object, not {_kind(data)}.")
    where = f"Event {data.get('event_id', '(no event_id)')!s}"
    _check_keys(data, _EVENT_KEYS, where)
    event_type = _get(data, "event_type", str, where, required=True)
    precision = _get(data, "date_precision", str, where)
    return Event(
        event_id=_get(data, "event_id", str, where, required=True),
        article_id=_get(data, "article_id", str, where, required=True),
        event_type=_enum(PloverType, event_type, "event_type", where),
        evidence=_span_from_dict(_get(data, "evidence", dict, where, required=True), where),
        trigger=_span_from_dict(_get(data, "trigger", dict, where, required=True), where),
        mode=_get(data, "mode", str, where),
        acled_event_type=_get(data, "acled_event_type", str, where),
        acled_sub_event_type=_get(data, "acled_sub_event_type", str, where),
        cameo=_get(data, "cameo", str, where),
        actor=_actor_from_dict(_get(data, "actor", dict, where), f"{where}, actor"),
        recipient=_actor_from_dict(_get(data, "recipient", dict, where), f"{where}, recipient"),
        co_actors=_parties_from_list(
            _get(data, "co_actors", list, where, default=[]), f"{where}, co_actors"
        ),
        co_recipients=_parties_from_list(
            _get(data, "co_recipients", list, where, default=[]), f"{where}, co_recipients"
        ),
        date=_date(_get(data, "date", str, where), where),
        date_precision=_enum(DatePrecision, precision, "date_precision", where),
        date_text=_get(data, "date_text", str, where),
        historical=bool(_get(data, "historical", bool, where)),
        location=_location_from_dict(_get(data, "location", dict, where), f"{where}, location"),
        fatalities=_get(data, "fatalities", int, where),
        injured=_get(data, "injured", int, where),
        confidence=_get(data, "confidence", float, where, default=0.5),
        extras=_get(data, "extras", dict, where, default={}),
        **_statement_fields_from_dict(data, where),
    )


def _statement_fields_from_dict(data: Mapping[str, Any], where: str) -> dict[str, Any]:
    """The issue-6 fields of an event record; absent ones (older files) take the defaults."""
    modality = _get(data, "modality", str, where, default=Modality.ASSERTED.value)
    fields: dict[str, Any] = {
        "modality": _enum(Modality, modality, "modality", where),
        "claimed_by": _actor_from_dict(_get(data, "claimed_by", dict, where),
                                       f"{where}, claimed_by"),
        "statement": _statement_from_dict(_get(data, "statement", dict, where),
                                          f"{where}, statement"),
        "responsibility": _responsibility_from_dict(
            _get(data, "responsibility", dict, where), f"{where}, responsibility"
        ),
        "stated_in": _get(data, "stated_in", str, where),
        "figures": _figures_from_list(_get(data, "figures", list, where, default=[]),
                                      f"{where}, figures"),
    }
    fields.update((name, _get(data, name, bool, where, default=False)) for name in FLAG_COLUMNS)
    return fields


def _optional_span_from_dict(data: object, where: str) -> TextSpan | None:
    if data is None:
        return None
    if not isinstance(data, Mapping):
        raise EventDecodeError(f"{where}: should be an object, got {_kind(data)}.")
    return _span_from_dict(data, where)


def _statement_from_dict(data: Mapping[str, Any] | None, where: str) -> Statement | None:
    if data is None:
        return None
    _check_keys(data, _STATEMENT_KEYS, where)
    quotes = _get(data, "quotes", list, where, default=[])
    return Statement(
        speaker=_optional_span_from_dict(data.get("speaker"), f"{where}, speaker"),
        verb=_optional_span_from_dict(data.get("verb"), f"{where}, verb"),
        quotes=tuple(
            _required_span(quote, f"{where}, quote {number}")
            for number, quote in enumerate(quotes, start=1)
        ),
    )


def _required_span(data: object, where: str) -> TextSpan:
    span = _optional_span_from_dict(data, where)
    if span is None:
        raise EventDecodeError(f"{where}: should be an object, got null.")
    return span


def _responsibility_from_dict(
    data: Mapping[str, Any] | None, where: str
) -> Responsibility | None:
    if data is None:
        return None
    _check_keys(data, _RESPONSIBILITY_KEYS, where)
    return Responsibility(
        claimant=_party_from_dict(
            _get(data, "claimant", dict, where, required=True), f"{where}, claimant"
        ),
        evidence=_span_from_dict(
            _get(data, "evidence", dict, where, required=True), f"{where}, evidence"
        ),
        trigger=_span_from_dict(
            _get(data, "trigger", dict, where, required=True), f"{where}, trigger"
        ),
    )


def _figures_from_list(data: object, where: str) -> tuple[Figure, ...]:
    return _objects_from_list(data, where, "figure", _figure_from_dict)


def _objects_from_list(data: object, where: str, noun: str,
                       decode: Callable[[Mapping[str, Any], str], T]) -> tuple[T, ...]:
    """A JSON list of objects, each decoded by ``decode`` and named "<noun> <n>" in errors."""
    if not isinstance(data, list):
        raise EventDecodeError(f"{where}: should be a list of {noun} objects, got {_kind(data)}.")
    items = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, Mapping):
            raise EventDecodeError(
                f"{where}: {noun} {number} should be an object, got {_kind(item)}."
            )
        items.append(decode(item, f"{where} {number}"))
    return tuple(items)


def _figure_from_dict(data: Mapping[str, Any], where: str) -> Figure:
    _check_keys(data, _FIGURE_KEYS, where)
    return Figure(
        _get(data, "kind", str, where, required=True),
        _get(data, "count", int, where, required=True),
        *_span_fields(data, where),
        source=_actor_from_dict(_get(data, "source", dict, where), f"{where}, source"),
    )


def _span_from_dict(data: Mapping[str, Any], where: str) -> TextSpan:
    _check_keys(data, _SPAN_KEYS, where)
    return TextSpan(*_span_fields(data, where))


def _actor_from_dict(data: Mapping[str, Any] | None, where: str) -> ActorRef | None:
    return None if data is None else _party_from_dict(data, where)


def _party_from_dict(data: Mapping[str, Any], where: str) -> ActorRef:
    _check_keys(data, _ACTOR_KEYS, where)
    return ActorRef(
        *_span_fields(data, where),
        name=_get(data, "name", str, where),
        actor_id=_get(data, "actor_id", str, where),
        actor_type=_get(data, "actor_type", str, where),
        country=_get(data, "country", str, where),
        affiliation=_get(data, "affiliation", str, where),
        affiliation_id=_get(data, "affiliation_id", str, where),
    )


def _parties_from_list(data: object, where: str) -> tuple[ActorRef, ...]:
    return _objects_from_list(data, where, "party", _party_from_dict)


def _location_from_dict(data: Mapping[str, Any] | None, where: str) -> Location | None:
    if data is None:
        return None
    _check_keys(data, _LOCATION_KEYS, where)
    return Location(
        _get(data, "name", str, where, required=True),
        *_span_fields(data, where),
        lat=_get(data, "lat", float, where),
        lon=_get(data, "lon", float, where),
        country=_get(data, "country", str, where),
        geonames_id=_get(data, "geonames_id", int, where),
        feature=_get(data, "feature", str, where),
        admin1=_get(data, "admin1", str, where),
        admin2=_get(data, "admin2", str, where),
        precision=_precision(_get(data, "precision", int, where), where),
    )


def _precision(value: int | None, where: str) -> int | None:
    if value is not None and value not in LOCATION_PRECISIONS:
        raise EventDecodeError(
            f"{where}: precision {value} is not an ACLED geo_precision code; use 1 (the named "
            "town), 2 (near a town, a district or part of a region) or 3 (a region or country)."
        )
    return value


def _span_fields(data: Mapping[str, Any], where: str) -> tuple[str, int, int]:
    text: str = _get(data, "text", str, where, required=True)
    start: int = _get(data, "start", int, where, required=True)
    end: int = _get(data, "end", int, where, required=True)
    return text, start, end


def _check_keys(data: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    # Unknown keys are refused rather than dropped: a silently lost field is lost data.
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise EventDecodeError(
            f"{where}: unknown field(s) {', '.join(unknown)}; "
            f"expected only {', '.join(sorted(allowed))}."
        )


def _get(
    data: Mapping[str, Any],
    key: str,
    kind: type[T],
    where: str,
    *,
    required: bool = False,
    default: Any = None,
) -> Any:
    value = data.get(key)
    if value is None:
        if required:
            raise EventDecodeError(f"{where}: the required field '{key}' is missing or null.")
        return default
    # JSON has one number type: an integral float field may arrive as 3 rather than 3.0.
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise EventDecodeError(
            f"{where}: field '{key}' should be {kind.__name__}, got {_kind(value)} {value!r:.60}."
        )
    return value


def _enum(
    cls: type[PloverType | DatePrecision | Modality], value: str | None, key: str, where: str
) -> Any:
    if value is None:
        return None
    try:
        return cls(value)
    except ValueError as error:
        valid = ", ".join(member.value for member in cls)
        raise EventDecodeError(f"{where}: {key} {value!r} is not one of {valid}.") from error


def _date(value: str | None, where: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise EventDecodeError(
            f"{where}: date {value!r} is not an ISO date (YYYY-MM-DD)."
        ) from error


def _kind(value: object) -> str:
    return type(value).__name__


def prepare_batch(
    batch: Sequence[tuple[Article, Sequence[Event]]],
) -> list[tuple[Article, str, list[dict[str, Scalar]]]]:
    """Check a batch and encode its events, for any backend; raises StoreError on a batch
    that cannot be right."""
    seen: dict[str, str] = {}
    prepared = []
    for article, events in batch:
        for event in events:
            if event.article_id != article.id:
                raise StoreError(
                    f"Event {event.event_id} belongs to article {event.article_id!r} but was "
                    f"saved with article {article.id!r}; pair each event with its own article."
                )
            if seen.setdefault(event.event_id, article.id) != article.id:
                raise StoreError(
                    f"Event id {event.event_id} is used by articles {seen[event.event_id]!r} and "
                    f"{article.id!r} in the same batch; event ids must be unique."
                )
        prepared.append((article, article.content_hash, [event_to_row(e) for e in events]))
    return prepared
