"""The actor dictionary's vocabulary and the checks its YAML must pass.

Actor types are eventwire's own, one per entry; the table below maps each to an ACLED
interaction code and a PLOVER/POLECAT sector so the YAML never repeats them. A few entries
override the sector (an intelligence service is ``SPY``, an unidentified armed group ``UAF``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from eventwire.errors import EventwireError


class ActorDictionaryError(EventwireError):
    """The actor dictionary YAML is malformed; the message names the entry and the fix."""


@dataclass(frozen=True, slots=True)
class TypeCodes:
    """What an actor type means in ACLED's and PLOVER's vocabularies."""

    acled_inter: int | None  # 1 State, 2 Rebel, 3 Political militia, 4 Identity militia,
    # 5 Rioters, 6 Protesters, 7 Civilians, 8 External/Other forces
    sector: str | None  # PLOVER sector code


# acled_inter is the code for an actor acting in its own country: ACLED codes a state's forces
# acting abroad as 8 (see ``acled_inter_for``). PLOVER has no sector for IGOs and NGOs (it puts
# them in the country field), so "IGO"/"NGO" stand in; "JRN" is PLOVER's code for the media
# ("MED" there means health). Non-state armed groups default to "REB"; pro-government
# paramilitaries override to "PRM" per entry. Political parties have no ACLED inter code.
TYPE_CODES: dict[str, TypeCodes] = {
    "state_military": TypeCodes(1, "MIL"),
    "police": TypeCodes(1, "COP"),
    "government": TypeCodes(1, "GOV"),
    "rebel_group": TypeCodes(2, "REB"),
    "political_militia": TypeCodes(3, "REB"),
    "identity_militia": TypeCodes(4, "REB"),
    "rioters": TypeCodes(5, "CVL"),
    "protesters": TypeCodes(6, "CVL"),
    "civilians": TypeCodes(7, "CVL"),
    "external_forces": TypeCodes(8, "MIL"),
    "international_organisation": TypeCodes(8, "IGO"),
    "political_party": TypeCodes(None, "PTY"),
    "media": TypeCodes(7, "JRN"),
    "ngo": TypeCodes(7, "NGO"),
    "other": TypeCodes(None, None),
}

STATE_TYPES = frozenset({"state_military", "police", "government"})

# PLOVER 2.0 sector codes, plus the IGO/NGO stand-ins above.
SECTORS = frozenset(
    {"COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS",
     "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC", "IGO",
     "NGO"}
)

# Generic actor classes every country has. An entry claims one with ``default_for``; for the
# rest of the countries the dictionary generates a plain entry (``military-sdn`` and so on).
CLASS_SPECS: dict[str, tuple[str, str]] = {
    "military": ("state_military", "Military Forces of {country}"),
    "police": ("police", "Police Forces of {country}"),
    "government": ("government", "Government of {country}"),
    "civilians": ("civilians", "Civilians ({country})"),
    "protesters": ("protesters", "Protesters ({country})"),
    "rioters": ("rioters", "Rioters ({country})"),
    "armed_group": ("political_militia", "Unidentified Armed Group ({country})"),
    # A clan, tribal or ethnic militia; neutral name, since the words often name the clan.
    "communal_militia": ("identity_militia", "Communal Militia ({country})"),
}
# Classes that still make sense without a country ("gunmen" in a story with no place).
COUNTRYLESS_CLASSES = frozenset({"civilians", "protesters", "rioters", "armed_group", "communal_militia"})

ENTRY_KEYS = frozenset(
    {"id", "name", "type", "country", "parent", "wikidata", "aliases", "aliases_in",
     "armed_wing_of", "default_for", "valid_from", "valid_to", "role", "sector", "note"}
)
COUNTRY_KEYS = frozenset({"iso3", "name", "names", "demonyms", "people", "wikidata"})
OFFICE_KEYS = frozenset({"id", "name", "country", "titles", "holders"})
HOLDER_KEYS = frozenset({"actor", "from", "to"})

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_QID = re.compile(r"^Q[1-9][0-9]*$")


@dataclass(frozen=True, slots=True)
class CountrySpec:
    iso3: str
    name: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    people: tuple[str, ...]
    wikidata: str | None


@dataclass(frozen=True, slots=True)
class EntrySpec:
    """One entry as written in the YAML, checked but not yet indexed."""

    id: str
    name: str
    type: str
    country: str | None = None
    parent: str | None = None
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    aliases_in: tuple[tuple[str, tuple[str, ...]], ...] = ()
    armed_wing_of: str | None = None
    default_for: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    role: str | None = None
    sector: str | None = None


@dataclass(frozen=True, slots=True)
class HolderSpec:
    actor: str
    start: date | None
    end: date | None


@dataclass(frozen=True, slots=True)
class OfficeSpec:
    id: str
    name: str
    country: str
    titles: tuple[str, ...]
    holders: tuple[HolderSpec, ...]


@dataclass(frozen=True, slots=True)
class DictionarySpec:
    countries: tuple[CountrySpec, ...]
    entries: tuple[EntrySpec, ...]
    offices: tuple[OfficeSpec, ...]


def parse_document(document: Any, *, source: str) -> DictionarySpec:
    """Check the loaded YAML's shape and types; cross-references are checked by the index."""
    if not isinstance(document, dict):
        raise ActorDictionaryError(f"{source}: the top level must be a mapping with 'countries', "
                                   "'entities' and 'offices' lists")
    unknown = set(document) - {"version", "countries", "entities", "offices"}
    if unknown:
        raise ActorDictionaryError(f"{source}: unknown top-level keys {sorted(unknown)}; "
                                   "use only version, countries, entities, offices")
    countries = tuple(_country(raw, source) for raw in _list(document, "countries", source))
    known = {country.iso3 for country in countries}
    entries = tuple(_entry(raw, source, known) for raw in _list(document, "entities", source))
    offices = tuple(_office(raw, source, known) for raw in _list(document, "offices", source))
    return DictionarySpec(countries, entries, offices)


def _list(document: dict[str, Any], key: str, source: str) -> list[Any]:
    value = document.get(key) or []
    if not isinstance(value, list):
        raise ActorDictionaryError(f"{source}: '{key}' must be a list")
    return value


def _fail(source: str, where: str, problem: str) -> ActorDictionaryError:
    return ActorDictionaryError(f"{source}: {where}: {problem}")


def _check_keys(raw: Any, allowed: frozenset[str], source: str, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _fail(source, where, "must be a mapping")
    unknown = set(raw) - allowed
    if unknown:
        raise _fail(source, where, f"unknown keys {sorted(unknown)}; allowed: {sorted(allowed)}")
    return raw


def _text(raw: dict[str, Any], key: str, source: str, where: str, *, required: bool = False
          ) -> str | None:
    value = raw.get(key)
    if value is None:
        if required:
            raise _fail(source, where, f"'{key}' is required")
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(source, where, f"'{key}' must be a non-empty string, not {value!r}")
    return value.strip()


def _texts(raw: dict[str, Any], key: str, source: str, where: str) -> tuple[str, ...]:
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(source, where, f"'{key}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _date(raw: dict[str, Any], key: str, source: str, where: str) -> date | None:
    value = raw.get(key)
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise _fail(source, where, f"'{key}' must be an ISO date (YYYY-MM-DD), not {value!r}"
                    ) from error


def _iso3(value: str | None, known: set[str], source: str, where: str) -> str | None:
    if value is None:
        return None
    if not _ISO3.match(value) or value not in known:
        raise _fail(source, where, f"country {value!r} is not an ISO 3166 alpha-3 code listed "
                    "under 'countries'; fix the code or add the country")
    return value


def _country(raw: Any, source: str) -> CountrySpec:
    where = f"country {raw.get('iso3', '?') if isinstance(raw, dict) else raw!r}"
    raw = _check_keys(raw, COUNTRY_KEYS, source, where)
    iso3 = _text(raw, "iso3", source, where, required=True) or ""
    if not _ISO3.match(iso3):
        raise _fail(source, where, "'iso3' must be three capital letters (ISO 3166 alpha-3)")
    wikidata = _text(raw, "wikidata", source, where)
    if wikidata is not None and not _QID.match(wikidata):
        raise _fail(source, where, f"wikidata {wikidata!r} is not a QID like Q801")
    return CountrySpec(
        iso3=iso3,
        name=_text(raw, "name", source, where, required=True) or "",
        names=_texts(raw, "names", source, where),
        demonyms=_texts(raw, "demonyms", source, where),
        people=_texts(raw, "people", source, where),
        wikidata=wikidata,
    )


def _entry(raw: Any, source: str, known: set[str]) -> EntrySpec:
    where = f"entity {raw.get('id', '?') if isinstance(raw, dict) else raw!r}"
    raw = _check_keys(raw, ENTRY_KEYS, source, where)
    entry_id = _text(raw, "id", source, where, required=True) or ""
    if not _SLUG.match(entry_id):
        raise _fail(source, where, "'id' must be a lowercase slug like 'al-qassam-brigades'")
    actor_type = _text(raw, "type", source, where, required=True) or ""
    if actor_type not in TYPE_CODES:
        raise _fail(source, where, f"unknown type {actor_type!r}; use one of {sorted(TYPE_CODES)}")
    wikidata = _text(raw, "wikidata", source, where)
    if wikidata is not None and not _QID.match(wikidata):
        raise _fail(source, where, f"wikidata {wikidata!r} is not a QID like Q38799; "
                    "omit it when unsure")
    sector = _text(raw, "sector", source, where)
    if sector is not None and sector not in SECTORS:
        raise _fail(source, where, f"unknown sector {sector!r}; use one of {sorted(SECTORS)}")
    default_for = _text(raw, "default_for", source, where)
    country = _iso3(_text(raw, "country", source, where), known, source, where)
    if default_for is not None:
        if default_for not in CLASS_SPECS:
            raise _fail(source, where, f"default_for {default_for!r} is not one of "
                        f"{sorted(CLASS_SPECS)}")
        if country is None:
            raise _fail(source, where, "an entry with 'default_for' needs a 'country'")
    valid_from = _date(raw, "valid_from", source, where)
    valid_to = _date(raw, "valid_to", source, where)
    if valid_from and valid_to and valid_to <= valid_from:
        raise _fail(source, where, "'valid_to' must come after 'valid_from'")
    return EntrySpec(
        id=entry_id,
        name=_text(raw, "name", source, where, required=True) or "",
        type=actor_type,
        country=country,
        parent=_text(raw, "parent", source, where),
        wikidata=wikidata,
        aliases=_texts(raw, "aliases", source, where),
        aliases_in=_aliases_in(raw, source, where, known),
        armed_wing_of=_text(raw, "armed_wing_of", source, where),
        default_for=default_for,
        valid_from=valid_from,
        valid_to=valid_to,
        role=_text(raw, "role", source, where),
        sector=sector,
    )


def _aliases_in(raw: dict[str, Any], source: str, where: str, known: set[str]
                ) -> tuple[tuple[str, tuple[str, ...]], ...]:
    value = raw.get("aliases_in") or {}
    if not isinstance(value, dict):
        raise _fail(source, where, "'aliases_in' must map a country code to a list of aliases")
    pairs = []
    for iso3, aliases in value.items():
        _iso3(str(iso3), known, source, f"{where} aliases_in")
        pairs.append((str(iso3), _texts({"aliases": aliases}, "aliases", source,
                                        f"{where} aliases_in {iso3}")))
    return tuple(pairs)


def _office(raw: Any, source: str, known: set[str]) -> OfficeSpec:
    where = f"office {raw.get('id', '?') if isinstance(raw, dict) else raw!r}"
    raw = _check_keys(raw, OFFICE_KEYS, source, where)
    office_id = _text(raw, "id", source, where, required=True) or ""
    if not _SLUG.match(office_id):
        raise _fail(source, where, "'id' must be a lowercase slug like 'isr-prime-minister'")
    country = _iso3(_text(raw, "country", source, where, required=True), known, source, where)
    holders = raw.get("holders") or []
    if not isinstance(holders, list) or not holders:
        raise _fail(source, where, "'holders' must be a non-empty list")
    return OfficeSpec(
        id=office_id,
        name=_text(raw, "name", source, where, required=True) or "",
        country=country or "",
        titles=_texts(raw, "titles", source, where),
        holders=tuple(_holder(h, source, where) for h in holders),
    )


def _holder(raw: Any, source: str, where: str) -> HolderSpec:
    raw = _check_keys(raw, HOLDER_KEYS, source, f"{where} holder")
    start = _date(raw, "from", source, f"{where} holder")
    end = _date(raw, "to", source, f"{where} holder")
    if start and end and end <= start:
        raise _fail(source, f"{where} holder {raw.get('actor')}", "'to' must come after 'from'")
    actor = _text(raw, "actor", source, f"{where} holder", required=True) or ""
    return HolderSpec(actor=actor, start=start, end=end)


def acled_inter_for(actor_type: str, actor_country: str | None, event_country: str | None
                    ) -> int | None:
    """ACLED's inter code for an actor in an event: state forces abroad count as 8."""
    codes = TYPE_CODES.get(actor_type)
    if codes is None:
        return None
    if (actor_type in STATE_TYPES and actor_country and event_country
            and actor_country != event_country):
        return 8
    return codes.acled_inter
