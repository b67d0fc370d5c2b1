"""Match coded events against the hand-written expectations of the golden corpus.

Used by ``test_golden.py`` (one pytest case per article) and by ``score.py`` (per-field accuracy
over the whole corpus). Nothing here loads a model: the matching works on ``Event`` records,
so it is unit-tested with hand-built events in ``test_matching.py``.

A case is ``cases/NN_slug.txt`` (plain article format) plus ``cases/NN_slug.expected.json``;
the README in this folder documents the JSON keys.

Issue 6 adds the statement fields (``modality``, ``claimed_by``, ``claimant``, ``speaker``, the
three flags, ``figures``) and ``forbidden``: acts inside threats, denials and plans must never
be coded as facts.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.model import FACTUAL_MODALITIES, Article, Event, Figure, Modality, PloverType

CASES_DIR = Path(__file__).parent / "cases"

# The checkable fields of an expected event, in report order.
FIELDS: tuple[str, ...] = (
    "mode",
    "date",
    "date_precision",
    "historical",
    "fatalities",
    "injured",
    "actor",
    "recipient",
    "location",
    "country",
    "location_precision",
)
# Who says so and whether it happened (issue 6): checked like the fields above.
STATEMENT_FIELDS: tuple[str, ...] = (
    "modality",
    "claimed_by",
    "claimant",
    "speaker",
    "call_to_action",
    "call_to_violence",
    "denial",
    "figures",
)
# The fields with an accuracy floor in floors.json: found, type, then each field, then the
# statement fields (issue 6).
SCORED: tuple[str, ...] = ("found", "event_type", *FIELDS, *STATEMENT_FIELDS)
REPORTED: tuple[str, ...] = SCORED

_CASE_KEYS = frozenset({"note", "events", "background_contains", "max_events", "forbidden"})
_EVENT_KEYS = frozenset({"evidence_contains", "event_type", *FIELDS, *STATEMENT_FIELDS})
_FORBIDDEN_KEYS = frozenset({"evidence_contains", "event_type"})
_FIGURE_KEYS = frozenset({"kind", "count", "source"})
_FLAGS = ("call_to_action", "call_to_violence", "denial")
_TYPOGRAPHY = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


def normalise(text: str) -> str:
    """Case-fold, drop accents, straighten quotes and dashes, collapse whitespace.

    This is how evidence, names and places are compared: "Pétion-Ville" matches "Petion-Ville".
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_TYPOGRAPHY))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.split()).casefold()


def contains(haystack: str | None, needle: str) -> bool:
    """Whether ``needle`` occurs in ``haystack`` after both are normalised."""
    return haystack is not None and normalise(needle) in normalise(haystack)


# --------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class ExpectedEvent:
    """One event a careful human coder would record; ``fields`` holds only the listed checks."""

    index: int
    evidence_contains: str
    event_type: str
    fields: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        return f"expected #{self.index} {self.event_type} {self.evidence_contains!r}"

    @property
    def factual(self) -> bool:
        """Whether a factual event must match it: no ``modality`` given, or asserted/claimed."""
        modality = self.fields.get("modality")
        return modality is None or Modality(modality) in FACTUAL_MODALITIES


@dataclass(frozen=True)
class Forbidden:
    """An act the article does not tell as having happened (threatened, denied, planned...):
    no factual event of ``event_type`` may have evidence containing ``evidence_contains``."""

    evidence_contains: str
    event_type: str

    def describe(self) -> str:
        return f"forbidden {self.event_type} {self.evidence_contains!r}"


@dataclass(frozen=True)
class GoldenCase:
    name: str
    article_path: Path
    expected_path: Path
    note: str
    events: tuple[ExpectedEvent, ...]
    background_contains: tuple[str, ...] = ()
    max_events: int | None = None
    forbidden: tuple[Forbidden, ...] = ()


def _plover_type(raw: Any, where: str) -> str:
    event_type = str(raw)
    if event_type not in PloverType.__members__:
        raise ValueError(f"{where} has unknown PLOVER type {event_type!r}")
    return event_type


def _check_statement_fields(raw: dict[str, Any], where: str) -> None:
    """Reject values the statement checks could never match (a typo would silently fail)."""
    modality = raw.get("modality")
    if modality is not None and modality not in {str(m) for m in Modality}:
        raise ValueError(f"{where} has unknown modality {modality!r}")
    for flag in _FLAGS:
        if flag in raw and not isinstance(raw[flag], bool):
            raise ValueError(f"{where}: {flag!r} must be true or false")
    for figure in raw.get("figures") or []:
        if not isinstance(figure, dict) or set(figure) - _FIGURE_KEYS or "count" not in figure:
            raise ValueError(f"{where}: each figure is {{count, kind?, source?}}, got {figure!r}")


def _parse_forbidden(index: int, raw: dict[str, Any], where: Path) -> Forbidden:
    label = f"{where}: forbidden #{index}"
    if set(raw) != _FORBIDDEN_KEYS:
        raise ValueError(f"{label} needs exactly 'evidence_contains' and 'event_type'")
    return Forbidden(str(raw["evidence_contains"]), _plover_type(raw["event_type"], label))


def _parse_event(index: int, raw: dict[str, Any], where: Path) -> ExpectedEvent:
    unknown = set(raw) - _EVENT_KEYS
    if unknown:
        raise ValueError(f"{where}: event #{index} has unknown keys {sorted(unknown)}")
    if "evidence_contains" not in raw or "event_type" not in raw:
        raise ValueError(f"{where}: event #{index} needs 'evidence_contains' and 'event_type'")
    event_type = _plover_type(raw["event_type"], f"{where}: event #{index}")
    _check_statement_fields(raw, f"{where}: event #{index}")
    checks = {key: raw[key] for key in (*FIELDS, *STATEMENT_FIELDS) if key in raw}
    return ExpectedEvent(index, str(raw["evidence_contains"]), event_type, checks)


def parse_case(
    name: str, article_path: Path, expected_path: Path, raw: dict[str, Any]
) -> GoldenCase:
    """Build a case from the decoded JSON; raises ValueError naming the file on a bad key."""
    unknown = set(raw) - _CASE_KEYS
    if unknown:
        raise ValueError(f"{expected_path}: unknown keys {sorted(unknown)}")
    events = tuple(
        _parse_event(index, item, expected_path) for index, item in enumerate(raw.get("events", []))
    )
    max_events = raw.get("max_events")
    forbidden = tuple(
        _parse_forbidden(index, item, expected_path)
        for index, item in enumerate(raw.get("forbidden", []))
    )
    return GoldenCase(
        name=name,
        article_path=article_path,
        expected_path=expected_path,
        note=str(raw.get("note", "")),
        events=events,
        background_contains=tuple(str(text) for text in raw.get("background_contains", [])),
        max_events=int(max_events) if max_events is not None else None,
        forbidden=forbidden,
    )


def load_case(article_path: Path) -> GoldenCase:
    """Load ``NN_slug.txt`` and the ``NN_slug.expected.json`` next to it."""
    name = article_path.name.removesuffix(".txt")
    expected_path = article_path.with_name(f"{name}.expected.json")
    if not expected_path.exists():
        raise ValueError(f"{article_path}: no expectations; create {expected_path.name}")
    raw = json.loads(expected_path.read_text(encoding="utf-8"))
    return parse_case(name, article_path, expected_path, raw)


def discover_cases(directory: Path = CASES_DIR) -> list[GoldenCase]:
    """Every case in ``directory``, sorted by file name."""
    return [load_case(path) for path in sorted(directory.glob("*.txt"))]


def read_case_article(case: GoldenCase) -> Article:
    """Read the case's article with the library's own reader; raise if it is rejected."""
    from eventwire.ingest import read_articles  # imported late: matching must not need it

    records = list(read_articles([case.article_path]))
    articles = [record for record in records if isinstance(record, Article)]
    if len(articles) != 1:
        raise ValueError(f"{case.article_path}: expected one article, reader gave {records!r}")
    return articles[0]


# --------------------------------------------------------------------------- fields


# Fields compared as a substring of a resolved name or of the article's words.
_REF_FIELDS = frozenset({"actor", "recipient", "location", "claimed_by", "claimant", "speaker"})


def _ref_texts(ref: Any) -> tuple[str | None, ...]:
    """The words, the resolved name and, for a person or a unit, the organisation it belongs
    to: "Defense Minister Yoav Gallant" passes for "Israel" through his affiliation."""
    if ref is None:
        return ()
    return (getattr(ref, "name", None), ref.text, getattr(ref, "affiliation", None))


def _ref(event: Event, name: str) -> Any:
    """The ActorRef, Location or TextSpan a reference field is read from (None when absent)."""
    if name == "claimant":
        return event.responsibility.claimant if event.responsibility else None
    if name == "speaker":
        return event.statement.speaker if event.statement else None
    return getattr(event, name)


def _describe_figure(figure: Figure) -> str:
    source = _name_and_text(figure.source.name, figure.source.text) if figure.source else "-"
    return f"{figure.kind} {figure.count} ({source})"


def field_value(event: Event, name: str) -> Any:
    """The predicted value of one field, in the form the expectations use (for reports)."""
    if name in ("claimed_by", "claimant", "speaker"):
        ref = _ref(event, name)
        return None if ref is None else _name_and_text(getattr(ref, "name", None), ref.text)
    if name == "modality":
        return str(event.modality)
    if name == "figures":
        return [_describe_figure(figure) for figure in event.figures]
    if name == "date":
        return event.date.isoformat() if event.date else None
    if name == "date_precision":
        return str(event.date_precision) if event.date_precision else None
    if name in ("actor", "recipient"):
        ref = getattr(event, name)
        if ref is None:
            return None
        described = _name_and_text(ref.name, ref.text)
        return f"{described} ({ref.affiliation})" if ref.affiliation else described
    if name == "location":
        loc = event.location
        return None if loc is None else _name_and_text(loc.name, loc.text)
    if name == "country":
        return event.location.country if event.location else None
    if name == "location_precision":  # ACLED geo_precision: 1 town, 2 near/part of, 3 region
        return event.location.precision if event.location else None
    return getattr(event, name)


def _name_and_text(name: str | None, text: str) -> str:
    return text if not name or name == text else f"{text} -> {name}"


def _figure_ok(figure: Figure, expected: dict[str, Any]) -> bool:
    if figure.count != expected["count"]:
        return False
    if "kind" in expected and figure.kind != expected["kind"]:
        return False
    if "source" not in expected:
        return True
    if expected["source"] is None:
        return figure.source is None
    return any(contains(text, str(expected["source"])) for text in _ref_texts(figure.source))


def figures_ok(event: Event, expected: list[dict[str, Any]] | None) -> bool:
    """Each expected figure is among the event's figures (others may be there too); a
    figure is ``{count, kind?, source?}`` with ``source`` a substring of the source's name or
    words, ``null`` for the writer's own figure. ``null`` or ``[]`` means no figures at all."""
    if not expected:
        return not event.figures
    return all(any(_figure_ok(fig, want) for fig in event.figures) for want in expected)


def field_ok(event: Event, name: str, expected: Any) -> bool:
    """Whether the event's ``name`` field satisfies the expectation (see README for the rules)."""
    if name in _REF_FIELDS:
        ref = _ref(event, name)
        if expected is None:
            return ref is None
        return any(contains(text, str(expected)) for text in _ref_texts(ref))
    if name == "figures":
        return figures_ok(event, expected)
    got = field_value(event, name)
    if expected is None or got is None:
        return expected is None and got is None
    if isinstance(expected, bool) or isinstance(got, bool):
        return isinstance(expected, bool) and isinstance(got, bool) and expected == got
    if isinstance(expected, str):
        return str(got).casefold() == expected.casefold()
    return bool(got == expected)


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class FieldCheck:
    field: str
    expected: Any
    got: Any
    ok: bool


@dataclass(frozen=True)
class EventMatch:
    """An expected event and the predicted event paired with it (None when nothing matched).

    ``type_ok`` is False for a near miss: the evidence matched but the event type did not.
    """

    expected: ExpectedEvent
    predicted: Event | None
    type_ok: bool
    checks: tuple[FieldCheck, ...]

    @property
    def ok(self) -> bool:
        return self.predicted is not None and self.type_ok and all(c.ok for c in self.checks)


def check_fields(expected: ExpectedEvent, event: Event) -> tuple[FieldCheck, ...]:
    return tuple(
        FieldCheck(name, value, field_value(event, name), field_ok(event, name, value))
        for name, value in expected.fields.items()
    )


def _best_assignment(options: Sequence[Sequence[tuple[int, int]]]) -> list[int | None]:
    """Pair each row with at most one distinct column: most pairs first, then most points.

    ``options[i]`` lists ``(column, points)`` for row i. The corpus is small (a handful of
    candidates per expected event), so a bounded exhaustive search is exact and fast enough.
    """
    best: tuple[int, int, list[int | None]] = (-1, -1, [None] * len(options))
    row_caps = [(1 if row else 0, max((p for _, p in row), default=0)) for row in options]

    def search(
        i: int, used: frozenset[int], pairs: int, points: int, chosen: list[int | None]
    ) -> None:
        nonlocal best
        if i == len(options):
            if (pairs, points) > best[:2]:
                best = (pairs, points, list(chosen))
            return
        cap_pairs = pairs + sum(c[0] for c in row_caps[i:])
        cap_points = points + sum(c[1] for c in row_caps[i:])
        if (cap_pairs, cap_points) <= best[:2]:
            return
        for column, gained in options[i]:
            if column not in used:
                search(i + 1, used | {column}, pairs + 1, points + gained, [*chosen, column])
        search(i + 1, used, pairs, points, [*chosen, None])

    search(0, frozenset(), 0, 0, [])
    return best[2]


def eligible(item: ExpectedEvent, event: Event) -> bool:
    """A threatened, denied, planned or hypothetical act never stands in for one that happened.

    A factual event may still pair with a non-factual expectation: the report then names the
    wrong modality instead of "not found".
    """
    return event.factual or not item.factual


def _options(
    expected: Sequence[ExpectedEvent], events: Sequence[Event], free: set[int], *, same_type: bool
) -> list[list[tuple[int, int]]]:
    rows: list[list[tuple[int, int]]] = []
    for item in expected:
        row = []
        for index in sorted(free):
            event = events[index]
            if not eligible(item, event):
                continue
            if not contains(event.evidence.text, item.evidence_contains):
                continue
            if same_type != (str(event.event_type) == item.event_type):
                continue
            points = sum(check.ok for check in check_fields(item, event))
            row.append((index, points))
        rows.append(row)
    return rows


def match_events(expected: Sequence[ExpectedEvent], events: Sequence[Event]) -> list[EventMatch]:
    """Pair expected with predicted events, each predicted event used at most once.

    First pass: evidence contains ``evidence_contains`` and the type is equal. Second pass,
    for what is left: evidence alone, reported as a near miss with the wrong type. In both, a
    non-factual event pairs only with an expectation whose ``modality`` is non-factual.
    """
    free = set(range(len(events)))
    pairing: dict[int, tuple[int, bool]] = {}
    for same_type in (True, False):
        pending = [item for item in expected if item.index not in pairing]
        chosen = _best_assignment(_options(pending, events, free, same_type=same_type))
        for item, column in zip(pending, chosen, strict=True):
            if column is not None:
                pairing[item.index] = (column, same_type)
                free.discard(column)
    matches = []
    for item in expected:
        if item.index not in pairing:
            matches.append(EventMatch(item, None, False, ()))
            continue
        column, type_ok = pairing[item.index]
        event = events[column]
        matches.append(EventMatch(item, event, type_ok, check_fields(item, event)))
    return matches


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class CaseResult:
    case: GoldenCase
    events: tuple[Event, ...]
    matches: tuple[EventMatch, ...]
    background_violations: tuple[tuple[Event, str], ...]
    forbidden_violations: tuple[tuple[Event, Forbidden], ...] = ()

    @property
    def counted(self) -> int:
        """Events counted against ``max_events``: factual events outside background sentences.

        Background sentences may be coded (as historical, which ``background_violations``
        checks), so coding them is not over-generation; nor is keeping a threatened, denied,
        planned or hypothetical act as a non-factual record.
        """
        background = self.case.background_contains
        return sum(
            event.factual and not any(contains(event.evidence.text, text) for text in background)
            for event in self.events
        )

    @property
    def too_many(self) -> bool:
        return self.case.max_events is not None and self.counted > self.case.max_events

    @property
    def passed(self) -> bool:
        return (
            all(m.ok for m in self.matches)
            and not self.background_violations
            and not self.forbidden_violations
            and not self.too_many
        )

    def problems(self) -> list[str]:
        """Every mismatch, one line each: what was expected and what was got."""
        lines: list[str] = []
        for match in self.matches:
            lines.extend(_match_problems(match))
        for event, text in self.background_violations:
            lines.append(
                f"background {text!r}: {event.event_type} event coded historical=False "
                f"(evidence {_clip(event.evidence.text, 70)!r})"
            )
        for event, rule in self.forbidden_violations:
            lines.append(
                f"{rule.describe()}: coded as a fact ({event.modality}, "
                f"evidence {_clip(event.evidence.text, 70)!r})"
            )
        if self.too_many:
            limit = self.case.max_events
            lines.append(
                f"too many events: {self.counted} factual outside background > max_events {limit}"
            )
        return lines

    def report(self) -> str:
        problems = self.problems()
        head = f"{self.case.name}: {'passed' if not problems else f'{len(problems)} problem(s)'}"
        body = [f"  - {line}" for line in problems]
        body.append(f"  predicted events ({len(self.events)}):")
        body.extend(f"    [{i}] {format_event(event)}" for i, event in enumerate(self.events))
        return "\n".join([head, *body])


def _match_problems(match: EventMatch) -> list[str]:
    where = match.expected.describe()
    if match.predicted is None:
        return [f"{where}: not found (no predicted evidence contains it)"]
    lines = []
    if not match.type_ok:
        got = match.predicted.event_type
        lines.append(f"{where}: event_type expected {match.expected.event_type} got {got}")
    lines.extend(
        f"{where}: {c.field} expected {c.expected!r} got {c.got!r}"
        for c in match.checks
        if not c.ok
    )
    return lines


def background_violations(
    background: Iterable[str], events: Sequence[Event]
) -> tuple[tuple[Event, str], ...]:
    """Events whose evidence is a background sentence but which are not marked historical."""
    found = []
    for event in events:
        hit = next((text for text in background if contains(event.evidence.text, text)), None)
        if hit is not None and event.historical is not True:
            found.append((event, hit))
    return tuple(found)


def forbidden_violations(
    forbidden: Iterable[Forbidden], events: Sequence[Event]
) -> tuple[tuple[Event, Forbidden], ...]:
    """Factual events that tell a forbidden act (one inside a threat, denial or plan) as fact."""
    rules = tuple(forbidden)
    return tuple(
        (event, rule)
        for event in events
        if event.factual
        for rule in rules
        if str(event.event_type) == rule.event_type
        and contains(event.evidence.text, rule.evidence_contains)
    )


def score_case(case: GoldenCase, events: Sequence[Event]) -> CaseResult:
    """Compare one article's predicted events with the case's expectations."""
    return CaseResult(
        case=case,
        events=tuple(events),
        matches=tuple(match_events(case.events, events)),
        background_violations=background_violations(case.background_contains, events),
        forbidden_violations=forbidden_violations(case.forbidden, events),
    )


def _clip(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 3] + "..."


def format_event(event: Event) -> str:
    """One compact line per event, for failure messages."""
    when = f"{field_value(event, 'date')}({event.date_precision or '-'})"
    place = field_value(event, "location")
    country = event.location.country if event.location else None
    claimed_by = field_value(event, "claimed_by")
    claimant = field_value(event, "claimant")
    flags = [flag for flag in _FLAGS if getattr(event, flag)]
    parts = [
        f"{event.event_type}/{event.mode or '-'}",
        when,
        "HIST" if event.historical else "",
        str(event.modality).upper() if event.modality != Modality.ASSERTED else "",
        f"claimed_by={claimed_by!r}" if claimed_by else "",
        f"claimant={claimant!r}" if claimant else "",
        "+".join(flags),
        f"killed={event.fatalities}" if event.fatalities is not None else "",
        f"injured={event.injured}" if event.injured is not None else "",
        f"actor={field_value(event, 'actor')!r}" if event.actor else "",
        f"recipient={field_value(event, 'recipient')!r}" if event.recipient else "",
        f"at={place!r}({country or '-'})" if place else "",
        f"| {_clip(event.evidence.text, 90)!r}",
    ]
    return " ".join(part for part in parts if part)


# --------------------------------------------------------------------------- tally


@dataclass
class Tally:
    """Per-field counts over many cases: ``right[f]`` of ``asked[f]`` expected events.

    ``found`` and ``event_type`` are asked of every expected event; the other fields only of
    the expected events that list them. A field is right when the paired predicted event (even
    a near miss of the wrong type) satisfies it, so field extraction is scored apart from typing.
    ``forbidden``/``forbidden_hit`` count the forbidden acts and those coded as facts.
    """

    asked: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REPORTED, 0))
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REPORTED, 0))
    paired: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REPORTED, 0))
    forbidden: int = 0
    forbidden_hit: int = 0

    def add(self, result: CaseResult) -> None:
        self.forbidden += len(result.case.forbidden)
        self.forbidden_hit += len({rule for _, rule in result.forbidden_violations})
        for match in result.matches:
            found = match.predicted is not None
            self._count("found", found, found)
            self._count("event_type", found, found and match.type_ok)
            for name in match.expected.fields:
                ok = any(c.field == name and c.ok for c in match.checks)
                self._count(name, found, ok)

    def _count(self, name: str, paired: bool, right: bool) -> None:
        self.asked[name] += 1
        self.paired[name] += int(paired)
        self.right[name] += int(right)

    def accuracy(self, name: str) -> float | None:
        return self.right[name] / self.asked[name] if self.asked[name] else None
