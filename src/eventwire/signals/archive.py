"""An archive for backtests built from ACLED exports: each row becomes a stored event.

One :class:`~eventwire.model.Article` per row (id = ``event_id_cnty``, text = ``notes``, date
= ``event_date``) with one :class:`~eventwire.model.Event` whose evidence and trigger are the
whole notes. ACLED types map to PLOVER as :data:`ACLED_TO_PLOVER` says: the three political
violence types and Riots (mob violence: force against people or property) to ASSAULT,
Protests to PROTEST; Strategic developments (arrests, looting, troop movements, agreements,
a grab bag with no one PLOVER type) are skipped. The rows go into the store the caller gives,
normally a temporary one: nothing of the data is written into the project.
"""

from __future__ import annotations

import csv
import logging
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from eventwire.errors import InputError
from eventwire.evaluate.acled import acled_files, country_iso3, normalise_type, parse_acled_date
from eventwire.model import (
    ActorRef,
    Article,
    DatePrecision,
    Event,
    Location,
    PloverType,
    TextSpan,
)
from eventwire.store.sqlite import SQLiteStore

logger = logging.getLogger(__name__)

#: ACLED event type (modern taxonomy, after ``normalise_type``) -> PLOVER type; absent: skipped.
ACLED_TO_PLOVER: dict[str, PloverType] = {
    "Battles": PloverType.ASSAULT,
    "Explosions/Remote violence": PloverType.ASSAULT,
    "Violence against civilians": PloverType.ASSAULT,
    "Riots": PloverType.ASSAULT,
    "Protests": PloverType.PROTEST,
}
# The legacy 2016 "Riots/Protests" label cannot be split; it is counted as a protest.
_LEGACY_PROTEST = "Riots/Protests"
_BATCH = 500
_MISSING = frozenset({"", "na", "n/a", "nan", "none", "null"})


@dataclass(slots=True)
class ArchiveReport:
    """What loading found: rows read, events stored, rows skipped by reason."""

    rows: int = 0
    loaded: int = 0
    skipped: dict[str, int] | None = None

    def skip(self, reason: str) -> None:
        self.skipped = self.skipped or {}
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def __str__(self) -> str:
        skipped = ", ".join(f"{n} {why}" for why, n in sorted((self.skipped or {}).items()))
        return f"{self.rows} rows, {self.loaded} events loaded" + (
            f"; skipped: {skipped}" if skipped else ""
        )


def load_acled(path: Path, store: SQLiteStore) -> ArchiveReport:
    """Store the rows of the ACLED CSV file(s) at ``path`` (a file, or a folder as
    :func:`~eventwire.evaluate.acled.acled_files` reads it) as events; a repeated
    ``event_id_cnty`` (overlapping extracts) is loaded once.

    Raises:
        InputError: no such path, or a file that is not an ACLED export.
    """
    report = ArchiveReport()
    seen: set[str] = set()
    batch: list[tuple[Article, list[Event]]] = []
    for csv_path in acled_files(path):
        for row in _rows(csv_path):
            report.rows += 1
            pair = row_to_event(row)
            if isinstance(pair, str):
                report.skip(pair)
                continue
            if pair[0].id in seen:
                report.skip("repeated event_id_cnty")
                continue
            seen.add(pair[0].id)
            batch.append((pair[0], [pair[1]]))
            if len(batch) >= _BATCH:
                report.loaded += _save(store, batch)
    report.loaded += _save(store, batch)
    logger.info("ACLED archive from %s: %s", path, report)
    return report


def _save(store: SQLiteStore, batch: list[tuple[Article, list[Event]]]) -> int:
    if batch:
        store.save(batch)
    saved = len(batch)
    batch.clear()
    return saved


def _rows(csv_path: Path) -> Iterator[dict[str, str]]:
    try:
        with csv_path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = {"event_id_cnty", "event_date", "event_type", "notes"} - set(
                reader.fieldnames or ()
            )
            if missing:
                raise InputError(f"{csv_path} is not an ACLED export: it lacks the columns "
                                 f"{', '.join(sorted(missing))}")
            yield from reader
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise InputError(f"cannot read {csv_path}: {error}") from error


def row_to_event(row: dict[str, str]) -> tuple[Article, Event] | str:
    """One ACLED row as an article and its event, or the reason it is skipped."""
    event_id, notes = _value(row, "event_id_cnty"), (row.get("notes") or "").strip()
    if event_id is None:
        return "no event_id_cnty"
    plover = plover_type(_value(row, "event_type"), _value(row, "sub_event_type"))
    if plover is None:
        return f"type {_value(row, 'event_type')} not mapped"
    day = parse_acled_date(_value(row, "event_date"))
    if day is None:
        return "no readable event_date"
    text = notes or f"{_value(row, 'event_type')} in {_value(row, 'location') or 'an unnamed place'}."
    country = country_iso3(_value(row, "country"), iso3=_value(row, "iso3"))
    whole = TextSpan(text, 0, len(text))
    event = Event(
        event_id=f"acled-{event_id}", article_id=event_id, event_type=plover, evidence=whole,
        trigger=whole, acled_event_type=_value(row, "event_type"),
        acled_sub_event_type=_value(row, "sub_event_type"),
        actor=_actor(_value(row, "actor1")), recipient=_actor(_value(row, "actor2")),
        date=day, date_precision=DatePrecision.DAY, location=_location(row, country),
        fatalities=_int(_value(row, "fatalities")), confidence=1.0,
    )
    return Article(id=event_id, text=text, date=day, source="ACLED"), event


def plover_type(event_type: str | None, sub_event_type: str | None) -> PloverType | None:
    """The PLOVER type of an ACLED type (any taxonomy), or None when it is skipped."""
    if event_type == _LEGACY_PROTEST:
        return PloverType.PROTEST
    modern, _ = normalise_type(event_type, sub_event_type)
    return ACLED_TO_PLOVER.get(modern or "")


def _actor(name: str | None) -> ActorRef | None:
    # ACLED names come from its actor list, not from the notes: no offsets into the text.
    return ActorRef(name, 0, 0, name=name) if name else None


def _location(row: dict[str, str], country: str | None) -> Location | None:
    name = _value(row, "location") or _value(row, "admin1")
    if name is None:
        return None
    return Location(
        name=name, text=name, start=0, end=0, lat=_float(_value(row, "latitude")),
        lon=_float(_value(row, "longitude")), country=country, admin1=_value(row, "admin1"),
        admin2=_value(row, "admin2"), precision=_int(_value(row, "geo_precision")),
    )


def _value(row: dict[str, str], column: str) -> str | None:
    text = (row.get(column) or "").strip()
    return None if text.casefold() in _MISSING else text


def _float(text: str | None) -> float | None:
    try:
        number = float(text) if text is not None else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None


def _int(text: str | None) -> int | None:
    number = _float(text)
    return int(number) if number is not None else None
