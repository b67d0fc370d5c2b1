"""ACLED extracts as an evaluation set: the coder reads each event's ``notes``, and its main
event is compared with the human-coded type, sub-type, fatalities, date, place and actors.

The extracts differ in layout: the 2016 Africa file uses ACLED's pre-2019 taxonomy (no
``sub_event_type``), and every export writes ``event_date`` its own way. Both are normalised
here, so the scoring sees one modern taxonomy and ``datetime.date`` values.
"""

from __future__ import annotations

import csv
import logging
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventwire.actors.schema import acled_inter_for
from eventwire.errors import InputError
from eventwire.evaluate.base import EvalCase, EvalReport
from eventwire.evaluate.metrics import ClassificationScores, haversine_km, rate, share_within
from eventwire.geo.countries import country_name, known_iso3
from eventwire.model import ActorRef, Article, Event

logger = logging.getLogger(__name__)

# Pre-2019 ACLED event types -> (modern event type, modern sub-event type). None means the old
# label cannot be split: "Riots/Protests" covers both modern types, and the old single types
# for civilians, remote violence and strategic developments never said which sub-type applied.
# Those rows are left out of the metric that needs the missing label (see ``score``).
LEGACY_TYPES: dict[str, tuple[str | None, str | None]] = {
    "Riots/Protests": (None, None),
    "Violence against civilians": ("Violence against civilians", None),
    "Battle-No change of territory": ("Battles", "Armed clash"),
    "Battle-Government regains territory": ("Battles", "Government regains territory"),
    "Battle-Non-state actor overtakes territory": ("Battles", "Non-state actor overtakes territory"),
    "Battle-Non-state actor overtakes territories": ("Battles", "Non-state actor overtakes territory"),
    "Remote violence": ("Explosions/Remote violence", None),
    "Strategic development": ("Strategic developments", None),
    "Non-violent transfer of territory": ("Strategic developments", "Non-violent transfer of territory"),
    "Headquarters or base established": ("Strategic developments", "Headquarters or base established"),
}
LEGACY_COARSE = "Protests/Riots"
_COARSE_MEMBERS = frozenset({"Protests", "Riots"})

# ACLED country names GeoNames spells differently (GeoNames: "Democratic Republic of the Congo",
# "Palestinian Territory", "Czechia", ...). Keys are folded (see ``_fold``).
COUNTRY_ALIASES: dict[str, str] = {
    "democratic republic of congo": "COD",
    "drc": "COD",
    "republic of congo": "COG",
    "congo": "COG",
    "palestine": "PSE",
    "cote d'ivoire": "CIV",
    "ivory coast": "CIV",
    "burma": "MMR",
    "myanmar": "MMR",
    "eswatini": "SWZ",
    "swaziland": "SWZ",
    "czech republic": "CZE",
    "cape verde": "CPV",
    "east timor": "TLS",
    "timor-leste": "TLS",
    "macedonia": "MKD",
    "united states of america": "USA",
    "bahamas": "BHS",
    "vatican city": "VAT",
    "micronesia": "FSM",
    "curacao": "CUW",
    "russian federation": "RUS",
    "turkiye": "TUR",
}

_MISSING = frozenset({"", "na", "n/a", "nan", "none", "null"})
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%b-%y", "%d-%b-%Y", "%d %b %Y", "%d/%m/%Y", "%B %d, %Y")
_ISO_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")

# ACLED's generic actor classes -> the eventwire actor types that stand for them.
_FORCES = r"(?:the )?(?P<country>[^(]+?)(?:\s*\(.*)?$"  # "of Israel (2022-) Prison Guards"
_CLASS_PATTERNS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (re.compile(r"^military and police forces of " + _FORCES), frozenset({"state_military", "police"})),
    (re.compile(r"^military forces of " + _FORCES), frozenset({"state_military"})),
    (re.compile(r"^police forces of " + _FORCES), frozenset({"police"})),
    (re.compile(r"^government of " + _FORCES), frozenset({"government"})),
    (re.compile(r"^civilians \((?P<country>[^)]+)\)$"), frozenset({"civilians"})),
    (re.compile(r"^protesters \((?P<country>[^)]+)\)$"), frozenset({"protesters"})),
    (re.compile(r"^rioters \((?P<country>[^)]+)\)$"), frozenset({"rioters"})),
    (re.compile(r"^unidentified armed group \((?P<country>[^)]+)\)$"),
     frozenset({"political_militia", "identity_militia"})),
    # ACLED's names for the unidentified armed group of criminal violence: "Unidentified Gang
    # (Mexico)", and in Brazil "Unidentified Gang and/or Police Militia" (no country)
    (re.compile(r"^unidentified gang(?: and/or police militia)?(?: \((?P<country>[^)]+)\))?$"),
     frozenset({"political_militia", "identity_militia"})),
)
_PARENTHESES = re.compile(r"\([^)]*\)")
_NAME_PREFIXES = re.compile(r"\b(?:military and police forces of|military forces of|police forces of|"
                            r"forces of|the)\b")
_NON_WORD = re.compile(r"[^\w\s]")

METRIC_NAMES = (
    "event_type_accuracy", "event_type_macro_f1", "event_type_weighted_f1",
    "sub_event_type_accuracy", "sub_event_type_macro_f1", "sub_event_type_weighted_f1",
    "fatalities_exact", "date_exact", "date_exact_stated", "country_match", "within_10km", "within_50km",
    "geo_precision_agreement", "actor1_match", "actor2_match", "actor_type_agreement",
    "actor1_type_agreement", "actor2_type_agreement", "no_event_rate",
)

# ACLED's inter codes: newer exports write the type, older ones its number (0 = no actor).
INTER_CODES = {
    "state forces": 1, "rebel group": 2, "political militia": 3, "identity militia": 4,
    "rioters": 5, "protesters": 6, "civilians": 7, "external/other forces": 8,
}

# ACLED's geo_precision codes: 1 the named town, 2 near a town / a district / part of a region,
# 3 only a region or the country.
GEO_PRECISIONS = frozenset({1, 2, 3})

NOTES = (
    ("input text is ACLED's own 'notes' summary, not the source article; the coder gets no article "
    "date and must find the date in the text"),
    ("main predicted event: first non-historical event with an ACLED type, else first "
    "non-historical event, else none (counts as a miss everywhere and in no_event_rate)"),
    ("legacy (pre-2019) types are mapped to the modern taxonomy: Battle-No change of territory -> "
    "Battles/Armed clash, Battle-Government regains territory -> Battles/Government regains "
    "territory, Battle-Non-state actor overtakes territory -> Battles/Non-state actor overtakes "
    "territory, Remote violence -> Explosions/Remote violence, Strategic development -> Strategic "
    "developments, Non-violent transfer of territory and Headquarters or base established -> "
    "Strategic developments/same sub-type; other legacy rows have no sub-type and are left out of "
    "the sub-type metrics"),
    ("legacy 'Riots/Protests' cannot be split into Protests vs Riots: those rows are left out of "
    "the event_type metrics and scored on a coarse label (Protests or Riots both count) in "
    "tables['legacy_riots_protests']"),
    "fatalities_exact compares (predicted fatalities or 0) with the gold count",
    ("country: the file's iso3 column wins when it is a known ISO3 code (ACLED's old 'ROM' is not), "
    "else the ACLED country name via GeoNames names plus a small alias table "
    "(Democratic Republic of Congo, Palestine, Ivory Coast, ...)"),
    "within_10km/within_50km and country_match: a missing predicted place counts as a miss",
    ("geo_precision_agreement: share of the cases with an ACLED geo_precision (1 the named town, "
    "2 near a town or a district or part of a region, 3 only a region or the country) whose main "
    "event has a place with the same precision; no event, no place or a place without a "
    "precision counts as a miss, as in within_10km; tables['precision_confusion'] has ACLED's "
    "codes as rows and eventwire's (or '(none)') as columns"),
    ("actor match is lenient: names lowercased, accents, parentheses, 'forces of'/'the' and "
    "punctuation dropped, British spellings folded (defence -> defense), then containment or "
    "token Jaccard >= 0.5, against the whole gold name and, for ACLED's 'JNIM: Group for Support "
    "of Islam and Muslims' form, each half of it, and for a state's unit ('Military Forces of "
    "Yemen (2016-) Supreme Political Council') the unit's own name too; the predicted actor's affiliation (parent "
    "entity) counts as one of its names, since ACLED codes a sub-unit as its parent, and so do "
    "an alias the packaged dictionary writes for the predicted entity or its parent that is "
    "the gold name exactly, after the same folding (our JNIM entry is named 'Jama'at Nusrat "
    "al-Islam wal-Muslimin', with 'JNIM' among its aliases); ACLED class actors "
    "(Military/Police Forces of X, Government of X, Civilians/Protesters/Rioters/Unidentified "
    "Armed Group (X), and Unidentified Gang (X) and Unidentified Gang and/or Police Militia, "
    "ACLED's names for the unidentified armed group of criminal violence) also match a predicted actor of that type and country (type alone when X "
    "is not a country); actor1 is compared "
    "with the actor, actor2 with the recipient, cases without a gold actor2 skip actor2_match"),
    ("actor_type_agreement: ACLED's inter1/inter2 (actor type: 1 state forces, 2 rebel group, 3 "
    "political militia, 4 identity militia, 5 rioters, 6 protesters, 7 civilians, 8 external/"
    "other forces) against the code of the predicted actor's (recipient's) type, a state's forces "
    "outside their own country counting as 8 by the country of the predicted place; both slots "
    "pooled, and each slot alone as actor1_/actor2_type_agreement; a missing actor is a miss, "
    "cases with no gold code (0 or empty) are left out"),
    "cases without a gold value for a metric (no date, no coordinates, ...) are left out of it",
    ("date_exact_stated: date_exact over the notes that state the gold date in full (day, month and "
    "year, e.g. '16 April 2025', 'April 16, 2025', '16/04/2025'); many older notes give no date or "
    "no year, and without an article date no coder can recover it"),
)


class AcledFormat:
    """ACLED CSV exports (any of the layouts in ``/work/shared/data/acled-*``)."""

    name = "acled"

    def cases(self, path: Path) -> Iterator[EvalCase]:
        """One case per row with notes; a repeated ``event_id_cnty`` (overlapping extracts) is skipped."""
        seen: set[str] = set()
        for csv_path in acled_files(path):
            for case in read_cases(csv_path):
                if case.case_id in seen:
                    continue
                seen.add(case.case_id)
                yield case

    def score(self, results: Sequence[tuple[EvalCase, list[Event]]], *, dataset: str) -> EvalReport:
        """Compare each case's main predicted event with its gold values."""
        pairs = [(case, main_event(events)) for case, events in results]
        tally = _Tally.of(pairs)
        report = EvalReport(dataset=dataset, format=self.name, cases=len(pairs),
                            metrics=tally.metrics(), notes=list(NOTES))
        by_group: dict[str, list[tuple[EvalCase, Event | None]]] = {}
        for case, event in pairs:
            by_group.setdefault(case.group, []).append((case, event))
        report.groups = {group: _Tally.of(items).metrics() for group, items in sorted(by_group.items())}
        report.tables = tally.tables()
        return report


# ---- reading ------------------------------------------------------------------------------


def acled_files(path: Path) -> list[Path]:
    """The CSV files at ``path``: the file itself, or ``acled-*/*.csv`` (else ``*.csv``) below a folder."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InputError(f"{path} does not exist: give an ACLED CSV file or a folder of them")
    return sorted(path.glob("acled-*/*.csv")) or sorted(path.glob("*.csv"))


def read_cases(csv_path: Path) -> Iterator[EvalCase]:
    """The cases of one ACLED CSV file, in file order."""
    group = csv_path.parent.name
    try:
        with csv_path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = {"event_id_cnty", "notes", "event_type"} - set(reader.fieldnames or ())
            if missing:
                raise InputError(f"{csv_path} is not an ACLED export: it lacks the columns "
                                 f"{', '.join(sorted(missing))}")
            for row in reader:
                case = case_from_row(row, group=group)
                if case is not None:
                    yield case
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise InputError(f"cannot read {csv_path}: {error}") from error


def case_from_row(row: dict[str, str], *, group: str) -> EvalCase | None:
    """One row as a case; None when it has no notes or no id."""
    case_id = _value(row, "event_id_cnty")
    notes = (row.get("notes") or "").strip()
    if case_id is None or not notes:
        return None
    raw_type, raw_sub_type = _value(row, "event_type"), _value(row, "sub_event_type")
    legacy = raw_type if raw_sub_type is None and raw_type in LEGACY_TYPES else None
    event_type, sub_event_type = normalise_type(raw_type, raw_sub_type)
    gold: dict[str, Any] = {
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "legacy_event_type": legacy,
        "fatalities": _int(_value(row, "fatalities")),
        "date": (event_date := parse_acled_date(_value(row, "event_date"))),
        "date_stated": event_date is not None and states_date(notes, event_date),
        "lat": _float(_value(row, "latitude")),
        "lon": _float(_value(row, "longitude")),
        "geo_precision": geo_precision(_value(row, "geo_precision")),
        "country_iso3": country_iso3(_value(row, "country"), iso3=_value(row, "iso3")),
        "actor1": _value(row, "actor1") or "",
        "actor2": _value(row, "actor2") or "",
        "inter1": inter_code(_value(row, "inter1")),
        "inter2": inter_code(_value(row, "inter2")),
    }
    return EvalCase(case_id=case_id, article=Article(id=case_id, text=notes, date=None),
                    gold=gold, group=group)


def normalise_type(event_type: str | None, sub_event_type: str | None) -> tuple[str | None, str | None]:
    """Modern (event type, sub-event type); a legacy label maps through ``LEGACY_TYPES``.

    A row is legacy when it has no sub-event type: "Violence against civilians" is a name in
    both taxonomies.
    """
    if sub_event_type is None and event_type in LEGACY_TYPES:
        return LEGACY_TYPES[event_type]
    return event_type, sub_event_type


def inter_code(text: str | None) -> int | None:
    """ACLED's actor type code (1-8) from an ``inter1``/``inter2`` cell written as a number or
    as the type's name; None when empty, 0 (no actor) or unknown."""
    if text is None:
        return None
    number = _int(text)
    if number is None:
        number = INTER_CODES.get(text.strip().lower())
    return number if number in range(1, 9) else None


def geo_precision(text: str | None) -> int | None:
    """ACLED's ``geo_precision`` code (1-3) from its cell; None when empty or not a code."""
    number = _int(text)
    return number if number in GEO_PRECISIONS else None


def states_date(text: str, day: date) -> bool:
    """Whether ``text`` writes ``day`` out in full, in one of the ways news and ACLED notes do.

    Deliberately independent of eventwire's own date rules: it decides which cases can be
    scored on the date at all, so it must not share the coder's blind spots.
    """
    month, short = day.strftime("%B"), day.strftime("%b")
    numbers = {str(day.day), f"{day.day:02d}"}
    ordinals = {f"{n}{suffix}" for n in numbers for suffix in ("st", "nd", "rd", "th")}
    forms = {f"{d} {m} {day.year}" for d in numbers | ordinals for m in (month, short)}
    forms |= {f"{m} {d}, {day.year}" for d in numbers | ordinals for m in (month, short)}
    forms |= {f"{m} {d} {day.year}" for d in numbers | ordinals for m in (month, short)}
    forms |= {f"{d}/{day.month:02d}/{day.year}" for d in numbers} | {day.isoformat()}
    squeezed = " ".join(text.replace("-", " ").split()).casefold()
    return any(form.casefold() in squeezed for form in forms)


def parse_acled_date(text: str | None) -> date | None:
    """The date of any ACLED export's ``event_date`` ("2020-05-09", "9-May-20", "03 December 2020",
    "2021-01-02T00:00:00Z"); None when it cannot be read."""
    if text is None:
        return None
    iso = _ISO_PREFIX.match(text)
    if iso:
        try:
            return date.fromisoformat(iso.group(1))
        except ValueError:
            return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    logger.warning("unreadable ACLED event_date %r", text)
    return None


def country_iso3(name: str | None, *, iso3: str | None = None) -> str | None:
    """ISO3 of an ACLED country: the ``iso3`` column when it is a known code, else the name."""
    if iso3 is not None and iso3.upper() in known_iso3():
        return iso3.upper()
    if name is None:
        return None
    return _country_names().get(_fold(name))


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    names = {_fold(country_name(code)): code for code in known_iso3()}
    names.update(COUNTRY_ALIASES)
    return names


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.replace("\u2019", "'").casefold().split())


def _value(row: dict[str, str], column: str) -> str | None:
    text = (row.get(column) or "").strip()
    return None if text.casefold() in _MISSING else text


def _int(text: str | None) -> int | None:
    number = _float(text)
    return int(number) if number is not None else None


def _float(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None  # "nan"/"inf" cells carry no value


# ---- scoring ------------------------------------------------------------------------------


def main_event(events: Iterable[Event]) -> Event | None:
    """The event a case is scored on: the first non-historical one with an ACLED type, else the
    first non-historical one, else None."""
    current = [event for event in events if not event.historical]
    typed = [event for event in current if event.acled_event_type is not None]
    return typed[0] if typed else current[0] if current else None


def actor_matches(gold: str, predicted: ActorRef | None) -> bool:
    """Whether the predicted actor is ACLED's ``gold`` actor, by lenient name or by class."""
    if predicted is None or not gold.strip():
        return False
    # an affiliate counts as its parent, as ACLED codes "Katiba Macina (JNIM)" as JNIM
    names = [n for n in (predicted.name, predicted.text, predicted.affiliation) if n]
    if any(names_match(known, name) for known in gold_names(gold) for name in names):
        return True
    # another spelling of the same entity counts only when it is the gold name exactly
    aliases = _alias_keys(predicted.actor_id) | _alias_keys(predicted.affiliation_id)
    if any(normalise_actor_name(known) in aliases for known in gold_names(gold)):
        return True
    return class_matches(gold, predicted)


@lru_cache(maxsize=4096)
def _alias_keys(actor_id: str | None) -> frozenset[str]:
    """The other names the packaged dictionary writes for an entity ("JNIM" for our "Jama'at
    Nusrat al-Islam wal-Muslimin"), folded as gold names are: one entity under another spelling."""
    if actor_id is None:
        return frozenset()
    from eventwire.actors import default_actor_dictionary  # the packaged dictionary, read once

    return frozenset(normalise_actor_name(alias.text) for alias in default_actor_dictionary().aliases_of(actor_id))


def predicted_inter(event: Event | None, role: str) -> int | None:
    """ACLED's inter code of the event's actor or recipient: its type's code, with a state's
    forces acting outside their country as External/Other forces (8), judged by the country of
    the event's own place."""
    party: ActorRef | None = getattr(event, role) if event is not None else None
    if event is None or party is None or party.actor_type is None:
        return None
    place_country = event.location.country if event.location is not None else None
    return acled_inter_for(party.actor_type, party.country, place_country)


# ACLED names a state's unit after its force and the force's dates: "Military Forces of Yemen
# (2016-) Supreme Political Council", "Police Forces of Somalia (2012-) Puntland Police Force".
_STATE_UNIT = re.compile(r"^(?:military|police) forces of [^(]+\(\d{4}-\d{0,4}\)\s+(?P<unit>\S.*)$", re.IGNORECASE)


def gold_names(gold: str) -> list[str]:
    """ACLED writes some actors as ``"JNIM: Group for Support of Islam and Muslims"``: the whole,
    the acronym and the full name each name the actor. A state's unit is named by the whole and
    by the unit's own name ("Supreme Political Council", the Houthi authorities' forces)."""
    head, colon, tail = gold.partition(":")
    if colon and head.strip() and tail.strip():
        return [gold, head, tail]
    unit = _STATE_UNIT.match(gold.strip())
    if unit:
        return [gold, unit.group("unit")]
    return [gold]


def names_match(gold: str, predicted: str) -> bool:
    """Lenient name comparison: containment either way, or token Jaccard >= 0.5."""
    left, right = normalise_actor_name(gold), normalise_actor_name(predicted)
    if not left or not right:
        return False
    if f" {left} " in f" {right} " or f" {right} " in f" {left} ":
        return True
    a, b = set(left.split()), set(right.split())
    return len(a & b) / len(a | b) >= 0.5


# British and American spellings of words common in actor names ("People's Defence Force").
_US_SPELLING = {"defence": "defense", "offence": "offense", "centre": "center", "organisation": "organization"}


def normalise_actor_name(name: str) -> str:
    """``"Military Forces of Israel (2022-)"`` -> ``"israel"``: the words that identify an actor."""
    text = _fold(name)
    text = _PARENTHESES.sub(" ", text)
    text = _NAME_PREFIXES.sub(" ", text)
    text = _NON_WORD.sub(" ", text)
    return " ".join(_US_SPELLING.get(word, word) for word in text.split())


def acled_class(gold: str) -> tuple[frozenset[str], str | None] | None:
    """The eventwire actor types and ISO3 of an ACLED class actor ("Civilians (Palestine)"),
    or None when ``gold`` names a specific actor."""
    text = _fold(gold)
    for pattern, types in _CLASS_PATTERNS:
        found = pattern.match(text)
        if found:
            country = found.group("country")
            return types, _country_names().get(country.strip()) if country else None
    return None


def class_matches(gold: str, predicted: ActorRef) -> bool:
    """A class actor matches on type and country; a class with no known country on type alone."""
    spec = acled_class(gold)
    if spec is None or predicted.actor_type not in spec[0]:
        return False
    return spec[1] is None or predicted.country == spec[1]


@dataclass
class _Tally:
    """Every metric's raw material over one set of (case, main event) pairs."""

    event_type: ClassificationScores
    sub_event_type: ClassificationScores
    fatalities: list[bool]
    dates: list[bool]
    stated_dates: list[bool]
    countries: list[bool]
    distances: list[float | None]
    precisions: ClassificationScores
    actor1: list[bool]
    actor2: list[bool]
    inter1: list[bool]
    inter2: list[bool]
    no_event: list[bool]
    legacy_coarse: list[bool]

    @classmethod
    def of(cls, pairs: Iterable[tuple[EvalCase, Event | None]]) -> _Tally:
        tally = cls(ClassificationScores(), ClassificationScores(), [], [], [], [], [],
                    ClassificationScores(), [], [], [], [], [], [])
        for case, event in pairs:
            tally.add(case.gold, event)
        return tally

    def add(self, gold: dict[str, Any], event: Event | None) -> None:
        self.no_event.append(event is None)
        self._add_types(gold, event)
        if gold.get("fatalities") is not None:
            self.fatalities.append(event is not None and (event.fatalities or 0) == gold["fatalities"])
        if gold.get("date") is not None:
            self.dates.append(event is not None and event.date == gold["date"])
            if gold.get("date_stated"):
                self.stated_dates.append(self.dates[-1])
        self._add_place(gold, event)
        if gold.get("actor1"):
            self.actor1.append(actor_matches(gold["actor1"], event.actor if event else None))
        if gold.get("actor2"):
            self.actor2.append(actor_matches(gold["actor2"], event.recipient if event else None))
        if gold.get("inter1"):
            self.inter1.append(predicted_inter(event, "actor") == gold["inter1"])
        if gold.get("inter2"):
            self.inter2.append(predicted_inter(event, "recipient") == gold["inter2"])

    def _add_types(self, gold: dict[str, Any], event: Event | None) -> None:
        predicted = event.acled_event_type if event else None
        if gold.get("event_type"):
            self.event_type.add(gold["event_type"], predicted)
        elif gold.get("legacy_event_type") == "Riots/Protests":
            self.legacy_coarse.append(predicted in _COARSE_MEMBERS)
        if gold.get("sub_event_type"):
            self.sub_event_type.add(gold["sub_event_type"], event.acled_sub_event_type if event else None)

    def _add_place(self, gold: dict[str, Any], event: Event | None) -> None:
        place = event.location if event else None
        if gold.get("country_iso3"):
            self.countries.append(place is not None and place.country == gold["country_iso3"])
        if gold.get("lat") is not None and gold.get("lon") is not None:
            if place is None or place.lat is None or place.lon is None:
                self.distances.append(None)
            else:
                self.distances.append(haversine_km(gold["lat"], gold["lon"], place.lat, place.lon))
        if gold.get("geo_precision") is not None:
            # Codes as labels, so the confusion table reads "1", "2", "3" and "(none)".
            predicted = place.precision if place is not None else None
            self.precisions.add(str(gold["geo_precision"]),
                                str(predicted) if predicted is not None else None)

    def metrics(self) -> dict[str, float | None]:
        values = {
            "event_type_accuracy": self.event_type.accuracy(),
            "event_type_macro_f1": self.event_type.macro_f1(),
            "event_type_weighted_f1": self.event_type.weighted_f1(),
            "sub_event_type_accuracy": self.sub_event_type.accuracy(),
            "sub_event_type_macro_f1": self.sub_event_type.macro_f1(),
            "sub_event_type_weighted_f1": self.sub_event_type.weighted_f1(),
            "fatalities_exact": rate(self.fatalities),
            "date_exact": rate(self.dates),
            "date_exact_stated": rate(self.stated_dates),
            "country_match": rate(self.countries),
            "within_10km": share_within(self.distances, 10),
            "within_50km": share_within(self.distances, 50),
            "geo_precision_agreement": self.precisions.accuracy(),
            "actor1_match": rate(self.actor1),
            "actor2_match": rate(self.actor2),
            "actor_type_agreement": rate(self.inter1 + self.inter2),
            "actor1_type_agreement": rate(self.inter1),
            "actor2_type_agreement": rate(self.inter2),
            "no_event_rate": rate(self.no_event),
        }
        return {name: values[name] for name in METRIC_NAMES}

    def tables(self) -> dict[str, Any]:
        return {
            "event_type_confusion": _confusion(self.event_type),
            "sub_event_type_confusion": _confusion(self.sub_event_type),
            "precision_confusion": _confusion(self.precisions),
            "event_type_per_class": _per_class(self.event_type),
            "sub_event_type_per_class": _per_class(self.sub_event_type),
            "legacy_riots_protests": {"cases": len(self.legacy_coarse),
                                      "coarse_accuracy": rate(self.legacy_coarse)},
            "scored_cases": {
                "event_type": self.event_type.n, "sub_event_type": self.sub_event_type.n,
                "fatalities": len(self.fatalities), "date": len(self.dates),
                "date_stated": len(self.stated_dates),
                "country": len(self.countries), "distance": len(self.distances),
                "geo_precision": self.precisions.n,
                "actor1": len(self.actor1), "actor2": len(self.actor2),
                "inter1": len(self.inter1), "inter2": len(self.inter2),
            },
        }


def _confusion(scores: ClassificationScores) -> dict[str, dict[str, int]]:
    return {gold: dict(row) for gold, row in sorted(scores.confusion().items())}


def _per_class(scores: ClassificationScores) -> dict[str, dict[str, float]]:
    return {
        label: {"precision": p, "recall": r, "f1": f1, "support": support}
        for label, (p, r, f1, support) in scores.per_class().items()
    }
