"""Your own hand-coded articles as an evaluation set: JSON Lines, one article and its gold events
per line (the file format is described in ``docs/EVALUATION.md``).

Each article is coded whole, with its date, and the coder's events are paired one-to-one with
the gold events (``match_events``): first events of the same type, then, for gold events that
quote their evidence, events on the same evidence whatever their type (a type error). Detection
is scored on the type-correct pairs, every other field on all pairs.

A bad line is skipped with a logged warning and listed in the report's notes, as ``ingest``
turns a bad record into a ``Rejection`` and carries on.
"""

from __future__ import annotations

import gzip
import json
import logging
import math
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from eventwire.errors import ArticleError, InputError
from eventwire.evaluate.acled import actor_matches, names_match
from eventwire.evaluate.base import EvalCase, EvalReport, by_group
from eventwire.evaluate.metrics import (
    BinaryScores,
    ClassificationScores,
    haversine_km,
    rate,
    share_within,
)
from eventwire.geo.countries import known_iso3
from eventwire.ingest.lines import ByteStream, decode_line, iter_raw_lines, refuse_binary
from eventwire.ingest.records import MAX_ARTICLE_BYTES, article_from_record, parse_iso_date
from eventwire.model import Event, Origin, PloverType, Rejection, TextSpan

logger = logging.getLogger(__name__)

GOLD_KEYS = frozenset({
    "event_type", "evidence", "date", "fatalities", "injured", "country", "lat", "lon",
    "location", "actor", "recipient", "historical", "mode",
})
# Reported whatever the gold holds; the field metrics only when some gold event gives the field.
DETECTION_METRICS = ("event_precision", "event_recall", "event_f1", "event_type_macro_f1",
                     "event_type_accuracy")
FIELD_METRICS = ("historical_recall", "date_exact", "fatalities_exact", "injured_exact",
                 "country_exact", "within_10km", "within_50km", "location_match", "actor_match",
                 "recipient_match", "historical_exact", "mode_exact")
_MAX_NOTED_REJECTIONS = 10

NOTES = (
    ("pairing, per article and one-to-one: pass 1 pairs events of the same type; a gold event "
     "with 'evidence' only pairs an event whose evidence contains that text (case, accents, "
     "quotes and spacing ignored) or overlaps it; without 'evidence', the nearest in text order "
     "(gold list order vs the coder's trigger order); pass 2 pairs the remaining gold events "
     "that have 'evidence' with any remaining event on that evidence (a type error); each pass "
     "finds the largest number of pairs (augmenting paths), earlier gold events choosing first"),
    ("event_precision/recall/f1 count current events: a type-correct pair of a current gold and a "
     "current predicted event is a hit; predicted events flagged historical are not in the "
     "precision denominator, gold events with historical=true are not in the recall denominator, "
     "and a current predicted event paired with a historical gold event is a false positive"),
    ("historical_recall: share of gold historical=true events the coder found with the right "
     "type and flagged historical"),
    ("event_type_macro_f1: mean over the gold types of each type's detection F1 (types only "
     "predicted lower event_precision but are not averaged); event_type_accuracy: share of gold "
     "events with 'evidence' paired in either pass that got the gold type"),
    ("field metrics are rates over paired events (both passes) whose gold gives the field: "
     "date, country, historical, mode (case-insensitive) exact; fatalities and injured exact with "
     "a missing prediction read as 0 (ACLED's rule); within_10km/50km over gold lat/lon, a "
     "missing place or coordinate counts as a miss; actor/recipient/location_match lenient: "
     "names folded, containment either way or token Jaccard >= 0.5, against the resolved name "
     "or the words in the text"),
)


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One hand-coded event. ``evidence`` is located in the article text; ``None`` fields were
    not coded and are left out of their metric."""

    event_type: PloverType
    evidence: TextSpan | None = None
    date: date | None = None
    fatalities: int | None = None
    injured: int | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    location: str | None = None
    actor: str | None = None
    recipient: str | None = None
    historical: bool | None = None
    mode: str | None = None


@dataclass(frozen=True, slots=True)
class Pair:
    """A gold event and the predicted event it was paired with; ``on_type`` is False for a pair
    made on evidence alone (pass 2), whose types differ."""

    gold: GoldEvent
    event: Event
    on_type: bool


class GenericFormat:
    """JSON Lines of articles with their gold events (a file, or a folder of ``*.jsonl[.gz]``).

    ``rejections`` holds the lines the last ``cases`` call skipped; ``score`` lists them.
    """

    name = "generic"

    def __init__(self) -> None:
        self.rejections: list[Rejection] = []

    def cases(self, path: Path) -> Iterator[EvalCase]:
        """One case per good line; a bad line or a repeated id is skipped with a warning."""
        self.rejections = []
        seen: set[str] = set()
        for file in generic_files(path):
            for item in read_file(file):
                if isinstance(item, EvalCase) and item.case_id in seen:
                    origin = item.article.origin
                    item = Rejection(str(file), origin.line if origin else None,
                                     f"repeated id {item.case_id!r}: give every article its own id")
                if isinstance(item, Rejection):
                    logger.warning("skipped %s", item)
                    self.rejections.append(item)
                    continue
                seen.add(item.case_id)
                yield item

    def score(self, results: Sequence[tuple[EvalCase, list[Event]]], *, dataset: str) -> EvalReport:
        """Pair each article's predicted events with its gold events and score them."""
        tally = _Tally.of(results)
        names = [*DETECTION_METRICS, *(n for n in FIELD_METRICS if tally.counts()[n] > 0)]
        report = EvalReport(dataset=dataset, format=self.name, cases=len(results),
                            metrics=tally.metrics(names), notes=list(NOTES))
        report.groups = {group: _Tally.of(items).metrics(names)
                         for group, items in by_group(results).items()}
        report.tables = tally.tables()
        report.tables["rejected_lines"] = [str(rejection) for rejection in self.rejections]
        report.notes.append(tally.counts_note(names))
        report.notes += _rejection_notes(self.rejections)
        return report


# ---- reading ------------------------------------------------------------------------------


def generic_files(path: Path) -> list[Path]:
    """The file itself, or the ``*.jsonl`` and ``*.jsonl.gz`` files of a folder in name order."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InputError(f"{path} does not exist: give a JSON Lines file or a folder of them")
    return sorted([*path.glob("*.jsonl"), *path.glob("*.jsonl.gz")], key=lambda p: p.name)


def read_file(file: Path) -> Iterator[EvalCase | Rejection]:
    """The cases of one JSON Lines file (gzipped when it ends in ``.gz``), a ``Rejection`` for
    each bad line. Raises ``InputError`` when the file cannot be read at all."""
    try:
        with ExitStack() as stack:
            raw = stack.enter_context(file.open("rb"))
            stream: ByteStream = raw
            if file.name.lower().endswith(".gz"):
                stream = stack.enter_context(gzip.GzipFile(fileobj=raw))
            yield from _read_stream(stream, file)
    except ArticleError as error:
        raise InputError(f"cannot read {file}: {error.reason}") from error
    except (OSError, EOFError, zlib.error) as error:
        raise InputError(f"cannot read {file} ({error}): check the file") from error


def _read_stream(stream: ByteStream, file: Path) -> Iterator[EvalCase | Rejection]:
    refuse_binary(stream)
    for line in iter_raw_lines(stream, max_bytes=MAX_ARTICLE_BYTES):
        try:
            text = decode_line(line)
            if text.strip():
                yield case_from_record(_json_object(text), Origin(str(file), line.number))
        except ArticleError as error:
            yield Rejection(str(file), line.number, error.reason)


def _json_object(text: str) -> Mapping[str, Any]:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise ArticleError(f"malformed JSON ({error.msg} at column {error.colno}): each line "
                           "must be one complete JSON object") from error
    if not isinstance(record, dict):
        raise ArticleError('the line is not a JSON object: write {"id": ..., "text": ..., '
                           '"events": [...]}')
    return record


def case_from_record(record: Mapping[str, Any], origin: Origin) -> EvalCase:
    """One line as a case: the article as ``ingest`` reads it, plus its gold events and group.

    Raises ``ArticleError`` for anything a coder of the file should fix.
    """
    article = article_from_record(record, origin)
    group = record.get("group")
    if group is not None and not isinstance(group, str):
        raise ArticleError("'group' must be a string (a region, a source, a batch), or left out")
    if "events" not in record:
        raise ArticleError("missing 'events': list the gold events, or [] for an article "
                           "that reports none")
    events = record["events"]
    if not isinstance(events, list):
        raise ArticleError("'events' must be a list of gold event objects")
    gold = tuple(gold_event(item, article.text, where=f"events[{i}]")
                 for i, item in enumerate(events))
    return EvalCase(case_id=article.id, article=article, gold={"events": gold},
                    group=(group or "").strip())


def gold_event(item: object, text: str, *, where: str) -> GoldEvent:
    """A gold event object; ``where`` (``events[2]``) names it in error messages."""
    if not isinstance(item, dict):
        raise ArticleError(f"{where} is not an object: write each gold event as "
                           '{"event_type": ...}')
    unknown = sorted(set(item) - GOLD_KEYS)
    if unknown:
        raise ArticleError(f"{where} has unknown keys {', '.join(unknown)}: use only "
                           f"{', '.join(sorted(GOLD_KEYS))}")
    fields: dict[str, Any] = {"event_type": _plover_type(item.get("event_type"), where)}
    for key, parse in _FIELD_PARSERS.items():
        if item.get(key) is not None:
            fields[key] = parse(item[key], f"{where}.{key}")
    if item.get("evidence") is not None:
        fields["evidence"] = locate_evidence(_string(item["evidence"], f"{where}.evidence"), text,
                                             where=f"{where}.evidence")
    if ("lat" in fields) != ("lon" in fields):
        raise ArticleError(f"{where} gives only one of lat and lon: give both or neither")
    return GoldEvent(**fields)


def _plover_type(value: object, where: str) -> PloverType:
    if not isinstance(value, str) or value.strip().upper() not in PloverType.__members__:
        raise ArticleError(f"{where}.event_type {value!r} is not a PLOVER type: use one of "
                           f"{', '.join(PloverType)}")
    return PloverType(value.strip().upper())


def _string(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ArticleError(f"{where} must be a non-empty string, or left out")
    return value.strip()


def _count(value: object, where: str) -> int:
    # bool is an int subclass; 3.0 from a spreadsheet export is still a count
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 \
            or not float(value).is_integer():
        raise ArticleError(f"{where} must be a whole number >= 0, or left out")
    return int(value)


def _coordinate(limit: float) -> Callable[[object, str], float]:
    def parse(value: object, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not math.isfinite(value) or abs(value) > limit:
            raise ArticleError(f"{where} must be a number between -{limit:g} and {limit:g}")
        return float(value)
    return parse


def _country(value: object, where: str) -> str:
    code = value.strip().upper() if isinstance(value, str) else ""
    if code not in known_iso3():
        raise ArticleError(f"{where} {value!r} is not an ISO 3166 alpha-3 code (such as 'SDN')")
    return code


def _boolean(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise ArticleError(f"{where} must be true or false")
    return value


def _date(value: object, where: str) -> date:
    if not isinstance(value, str):
        raise ArticleError(f"{where} must be a string 'YYYY-MM-DD'")
    return parse_iso_date(value, where=f"in {where}", fix="fix it or leave it out")


_FIELD_PARSERS: dict[str, Callable[[object, str], Any]] = {
    "date": _date, "fatalities": _count, "injured": _count, "country": _country,
    "lat": _coordinate(90), "lon": _coordinate(180), "location": _string, "actor": _string,
    "recipient": _string, "historical": _boolean, "mode": _string,
}


def fold_text(text: str) -> tuple[str, list[int]]:
    """``text`` folded for comparison (case, accents, curly quotes, runs of spaces) and, for each
    folded character, the offset of the character it came from."""
    folded: list[str] = []
    offsets: list[int] = []
    for offset, char in enumerate(text):
        if char.isspace():
            if folded and folded[-1] != " ":
                folded.append(" ")
                offsets.append(offset)
            continue
        plain = unicodedata.normalize("NFKD", char.translate(_QUOTES))
        for part in plain.casefold():
            if not unicodedata.combining(part):
                folded.append(part)
                offsets.append(offset)
    return "".join(folded), offsets


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u02bc": "'", "`": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})


def fold(text: str) -> str:
    """``text`` folded as ``fold_text`` does, without the offsets."""
    return fold_text(text)[0].strip()


def locate_evidence(evidence: str, text: str, *, where: str) -> TextSpan:
    """Where the (folded) ``evidence`` first occurs in ``text``; ``ArticleError`` when nowhere."""
    needle = fold(evidence)
    haystack, offsets = fold_text(text)
    start = haystack.find(needle) if needle else -1
    if start < 0:
        raise ArticleError(f"{where} does not occur in 'text': copy it from the article body")
    first, last = offsets[start], offsets[start + len(needle) - 1]
    return TextSpan(text[first:last + 1], first, last + 1)


# ---- matching -----------------------------------------------------------------------------


def evidence_matches(gold: GoldEvent, event: Event) -> bool:
    """Whether ``event`` stands on the gold evidence (always true when the gold quotes none)."""
    span = gold.evidence
    if span is None:
        return True
    if event.evidence.start < span.end and span.start < event.evidence.end:
        return True
    return fold(span.text) in fold(event.evidence.text)


def match_events(gold: Sequence[GoldEvent], events: Sequence[Event]) -> list[Pair]:
    """Pair gold and predicted events one-to-one (see ``NOTES``), in gold order."""
    ordered = sorted(range(len(events)), key=lambda i: events[i].trigger.start)
    rank = {index: position for position, index in enumerate(ordered)}

    def preference(g: int, allowed: Callable[[GoldEvent, Event], bool]) -> list[int]:
        fits = [p for p in ordered if allowed(gold[g], events[p])]
        return sorted(fits, key=lambda p: _distance(gold[g], g, events[p], rank[p]))

    same_type = _max_matching([
        preference(g, lambda a, b: a.event_type == b.event_type and evidence_matches(a, b))
        for g in range(len(gold))])
    taken = set(same_type.values())
    on_evidence = _max_matching([
        [] if g in same_type or gold[g].evidence is None
        else [p for p in preference(g, evidence_matches) if p not in taken]
        for g in range(len(gold))])
    found = {g: Pair(gold[g], events[p], True) for g, p in same_type.items()}
    found |= {g: Pair(gold[g], events[p], False) for g, p in on_evidence.items()}
    return [found[g] for g in sorted(found)]


def _distance(gold: GoldEvent, gold_rank: int, event: Event, event_rank: int) -> int:
    """How far apart two events sit: characters from the gold evidence to the trigger when the
    gold quotes evidence, else places in text order."""
    if gold.evidence is None:
        return abs(gold_rank - event_rank)
    trigger = event.trigger.start
    return max(0, gold.evidence.start - trigger, trigger - gold.evidence.end + 1)


def _max_matching(candidates: Sequence[Sequence[int]]) -> dict[int, int]:
    """A largest one-to-one matching of rows to their candidate columns (Kuhn's augmenting
    paths); each row tries its candidates in the given order. Returns row -> column."""
    owner: dict[int, int] = {}

    def augment(row: int, visited: set[int]) -> bool:
        for column in candidates[row]:
            if column in visited:
                continue
            visited.add(column)
            if column not in owner or augment(owner[column], visited):
                owner[column] = row
                return True
        return False

    for row in range(len(candidates)):
        augment(row, set())
    return {row: column for column, row in owner.items()}


# ---- scoring ------------------------------------------------------------------------------


def _field_checks() -> dict[str, tuple[str, Callable[[Any, Event], bool]]]:
    """Metric -> (gold attribute, whether the event agrees with the gold value)."""
    def place_name(gold: str, event: Event) -> bool:
        place = event.location
        return place is not None and any(names_match(gold, name)
                                         for name in (place.name, place.text) if name)
    return {
        "date_exact": ("date", lambda gold, event: event.date == gold),
        "fatalities_exact": ("fatalities", lambda gold, event: (event.fatalities or 0) == gold),
        "injured_exact": ("injured", lambda gold, event: (event.injured or 0) == gold),
        "country_exact": ("country", lambda gold, event: event.location is not None
                          and event.location.country == gold),
        "location_match": ("location", place_name),
        "actor_match": ("actor", lambda gold, event: actor_matches(gold, event.actor)),
        "recipient_match": ("recipient", lambda gold, event: actor_matches(gold, event.recipient)),
        "historical_exact": ("historical", lambda gold, event: event.historical == gold),
        "mode_exact": ("mode",
                       lambda gold, event: (event.mode or "").casefold() == gold.casefold()),
    }


FIELD_CHECKS = _field_checks()


@dataclass
class _Tally:
    """Every metric's raw material over a set of (case, predicted events)."""

    detection: BinaryScores = field(default_factory=BinaryScores)
    per_type: dict[str, BinaryScores] = field(default_factory=dict)
    types: ClassificationScores = field(default_factory=ClassificationScores)
    fields: dict[str, list[bool]] = field(default_factory=lambda: {n: [] for n in FIELD_CHECKS})
    distances: list[float | None] = field(default_factory=list)
    historical_found: list[bool] = field(default_factory=list)

    @classmethod
    def of(cls, results: Iterable[tuple[EvalCase, list[Event]]]) -> _Tally:
        tally = cls()
        for case, events in results:
            tally.add(case.gold["events"], events)
        return tally

    def add(self, gold: Sequence[GoldEvent], events: Sequence[Event]) -> None:
        pairs = match_events(gold, events)
        self._add_detection(gold, events, pairs)
        for pair in pairs:
            self._add_fields(pair)
        for event in gold:
            if event.historical:
                self.historical_found.append(any(
                    p.gold is event and p.on_type and p.event.historical for p in pairs))

    def _add_detection(self, gold: Sequence[GoldEvent], events: Sequence[Event],
                       pairs: Sequence[Pair]) -> None:
        hits = [str(p.gold.event_type) for p in pairs
                if p.on_type and not p.gold.historical and not p.event.historical]
        predicted = [str(e.event_type) for e in events if not e.historical]
        wanted = [str(g.event_type) for g in gold if not g.historical]
        _count_into(self.detection, len(hits), len(predicted), len(wanted))
        for label in set(predicted) | set(wanted):
            _count_into(self.per_type.setdefault(label, BinaryScores()), hits.count(label),
                        predicted.count(label), wanted.count(label))

    def _add_fields(self, pair: Pair) -> None:
        gold, event = pair.gold, pair.event
        if gold.evidence is not None:
            self.types.add(str(gold.event_type), str(event.event_type))
        for name, (attribute, agrees) in FIELD_CHECKS.items():
            value = getattr(gold, attribute)
            if value is not None:
                self.fields[name].append(agrees(value, event))
        if gold.lat is not None and gold.lon is not None:
            self.distances.append(_distance_km(gold.lat, gold.lon, event))

    def counts(self) -> dict[str, int]:
        """Metric -> the number of gold events (or pairs) it is measured on."""
        counts = {name: len(values) for name, values in self.fields.items()}
        detection = self.detection
        counts.update({
            "event_precision": detection.true_positive + detection.false_positive,
            "event_recall": detection.true_positive + detection.false_negative,
            "event_f1": (detection.true_positive + detection.false_positive
                         + detection.false_negative),
            "event_type_macro_f1": sum(1 for s in self.per_type.values() if _gold_count(s)),
            "event_type_accuracy": self.types.n,
            "historical_recall": len(self.historical_found),
            "within_10km": len(self.distances), "within_50km": len(self.distances),
        })
        return counts

    def metrics(self, names: Sequence[str]) -> dict[str, float | None]:
        values = {name: rate(hits) for name, hits in self.fields.items()}
        values.update({
            "event_precision": self.detection.precision(),
            "event_recall": self.detection.recall(),
            "event_f1": self.detection.f1(),
            "event_type_macro_f1": self._macro_f1(),
            "event_type_accuracy": self.types.accuracy(),
            "historical_recall": rate(self.historical_found),
            "within_10km": share_within(self.distances, 10),
            "within_50km": share_within(self.distances, 50),
        })
        return {name: values[name] for name in names}

    def _macro_f1(self) -> float | None:
        scores = [s.f1() or 0.0 for s in self.per_type.values() if _gold_count(s)]
        return sum(scores) / len(scores) if scores else None

    def tables(self) -> dict[str, Any]:
        return {
            "detection": {"hits": self.detection.true_positive,
                          "false_positives": self.detection.false_positive,
                          "misses": self.detection.false_negative},
            "per_type": {label: {"precision": s.precision(), "recall": s.recall(), "f1": s.f1(),
                                 "gold": _gold_count(s),
                                 "predicted": s.true_positive + s.false_positive}
                         for label, s in sorted(self.per_type.items())
                         if _gold_count(s) or s.false_positive},
            "event_type_confusion": {gold: dict(row)
                                     for gold, row in sorted(self.types.confusion().items())},
            "scored_cases": self.counts(),
        }

    def counts_note(self, names: Sequence[str]) -> str:
        counts = self.counts()
        return ("measured on (events or pairs): "
                + ", ".join(f"{name} {counts[name]}" for name in names))


def _count_into(scores: BinaryScores, hits: int, predicted: int, gold: int) -> None:
    scores.true_positive += hits
    scores.false_positive += predicted - hits
    scores.false_negative += gold - hits


def _distance_km(lat: float, lon: float, event: Event) -> float | None:
    """Kilometres from the gold point to the event's place; None when it has no coordinates."""
    place = event.location
    if place is None or place.lat is None or place.lon is None:
        return None
    return haversine_km(lat, lon, place.lat, place.lon)


def _gold_count(scores: BinaryScores) -> int:
    return scores.true_positive + scores.false_negative


def _rejection_notes(rejections: Sequence[Rejection]) -> list[str]:
    if not rejections:
        return []
    notes = [f"{len(rejections)} bad lines skipped (all in tables['rejected_lines'])"]
    notes += [f"skipped {rejection}" for rejection in rejections[:_MAX_NOTED_REJECTIONS]]
    return notes
