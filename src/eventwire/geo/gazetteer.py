"""Place lookup and in-context resolution over the GeoNames index and the alias table.

``resolve`` scores each candidate place for a name:

* how the name belongs to it: alias-table names first, then GeoNames primary names, then
  GeoNames alternates (an alternate like "Hamas" for Hamm must not beat a real match);
* the article's countries (``focus``: ISO3 -> weight, e.g. mention counts), scaled so the
  strongest country adds more than any name or population difference;
* population, on a log scale.

A country name always means the country. Names that are not places are refused: a stop
list from the alias file ("Police", "Monday", "Hamas"), short lower-case words ("us"),
lower-case words that only GeoNames knows, and single words whose best match is a place of
under 1,000 people (or unknown size) in a country the article does not mention: without an
English word list offline, that cut-off is what keeps common words that happen to name a
hamlet somewhere out of the results.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from eventwire.geo.aliases import AliasEntry, AliasTable, load_aliases
from eventwire.geo.folding import query_keys
from eventwire.geo.index import (
    TIER_ALTERNATE,
    TIER_COUNTRY,
    TIER_PRIMARY,
    ensure_index,
    open_index,
)

TIER_ALIAS = 0
LINK_DISTANCE_KM = 10.0
SMALL_PLACE_POPULATION = 1000
_TIER_PRIOR = {TIER_ALIAS: 6.0, TIER_COUNTRY: 6.0, TIER_PRIMARY: 1.0, TIER_ALTERNATE: 0.0}
_COUNTRY_PRIOR = 25.0  # more than any focus + population score a town can reach
_FOCUS_WEIGHT = 10.0
_POPULATION_WEIGHT = 0.5  # per factor of ten
_UNLINKED_FEATURES = frozenset({"region", "border", "country"})
_PLACE_COLUMNS = "p.id, p.name, p.lat, p.lon, p.country, p.feature, p.population, p.admin1"


@dataclass(frozen=True, slots=True)
class PlaceRecord:
    """One place the gazetteer knows. ``country`` is ISO 3166 alpha-3."""

    place_id: str
    name: str
    lat: float
    lon: float
    country: str
    feature: str
    population: int
    geonames_id: int | None
    admin1: str | None


@runtime_checkable
class Gazetteer(Protocol):
    """What the pipeline needs from a gazetteer; the shipped one is ``SqliteGazetteer``."""

    def candidates(self, name: str) -> list[PlaceRecord]:
        """Every place the name may mean, best-attested first (alias table, then GeoNames)."""
        ...

    def resolve(
        self, name: str, *, focus: Mapping[str, float] | None = None
    ) -> PlaceRecord | None:
        """The place the name most likely means in an article about ``focus`` countries."""
        ...

    def is_known(self, name: str) -> bool:
        """True when ``resolve(name)`` finds a place."""
        ...

    def alias_names(self) -> list[str]:
        """Every surface form in the alias table, e.g. for a spaCy entity ruler."""
        ...


@dataclass(frozen=True, slots=True)
class _Match:
    place: PlaceRecord
    tier: int


class SqliteGazetteer:
    """A ``Gazetteer`` over a built index file plus an alias table read at start-up."""

    def __init__(self, index: str | Path, *, aliases: AliasTable | None = None) -> None:
        self._connection = open_index(index)
        self._lock = threading.Lock()
        table = aliases if aliases is not None else load_aliases()
        self._not_places = table.not_places
        self._surface_forms = table.surface_forms()
        self._alias_keys: dict[str, list[PlaceRecord]] = {}
        self._linked: dict[int, PlaceRecord] = {}
        for entry in table.places:
            self._add_alias(entry)
        for iso3, names in table.country_names.items():
            self._add_country_names(iso3, names)
        self._lookup = lru_cache(maxsize=65_536)(self._lookup_uncached)
        self._resolve = lru_cache(maxsize=65_536)(self._resolve_uncached)

    def close(self) -> None:
        self._connection.close()

    # --- the Gazetteer protocol -------------------------------------------------------
    def candidates(self, name: str) -> list[PlaceRecord]:
        return [match.place for match in self._lookup(query_keys(name))]

    def resolve(
        self, name: str, *, focus: Mapping[str, float] | None = None
    ) -> PlaceRecord | None:
        shares = _focus_shares(focus)
        return self._resolve(name, tuple(sorted(shares.items())))

    def is_known(self, name: str) -> bool:
        return self.resolve(name) is not None

    def alias_names(self) -> list[str]:
        return list(self._surface_forms)

    # --- extras -----------------------------------------------------------------------
    def country(self, iso3: str) -> PlaceRecord | None:
        """The country with this ISO3 code, placed at its capital."""
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS}, 1 FROM places p WHERE p.country = ? "
            "AND p.feature = 'country'",
            (iso3.upper(),),
        )
        return _record(rows[0]) if rows else None

    # --- resolution -------------------------------------------------------------------
    def _resolve_uncached(
        self, name: str, focus: tuple[tuple[str, float], ...]
    ) -> PlaceRecord | None:
        keys = query_keys(name)
        if not keys or self._refused(name, keys):
            return None
        matches = self._lookup(keys)
        if not matches:
            return None
        shares = dict(focus)
        best = max(matches, key=lambda match: _score(match, shares))
        if _implausible(name, best, shares):
            return None
        return best.place

    def _refused(self, name: str, keys: tuple[str, ...]) -> bool:
        if any(key in self._not_places for key in keys):
            return True
        # "us", "car": short lower-case words are words; "US", "CAR", "Gao" are names.
        return len(keys[0]) <= 3 and not any(ch.isupper() for ch in name)

    # --- lookup -----------------------------------------------------------------------
    def _lookup_uncached(self, keys: tuple[str, ...]) -> tuple[_Match, ...]:
        matches = self._matches_for(keys)
        if not matches:
            matches = self._matches_for(_article_variants(keys))
        return matches

    def _matches_for(self, keys: Iterable[str]) -> tuple[_Match, ...]:
        keys = tuple(keys)
        if not keys:
            return ()
        best: dict[str, _Match] = {}
        for key in keys:
            for place in self._alias_keys.get(key, ()):
                best.setdefault(place.place_id, _Match(place, TIER_ALIAS))
        for row in self._query(
            f"SELECT {_PLACE_COLUMNS}, n.tier FROM names n JOIN places p ON p.id = n.place "
            f"WHERE n.key IN ({', '.join('?' * len(keys))})",
            keys,
        ):
            place = self._linked.get(int(row[0])) or _record(row)
            found = _Match(place, int(row[8]))
            if place.place_id not in best or found.tier < best[place.place_id].tier:
                best[place.place_id] = found
        return tuple(sorted(best.values(), key=lambda m: (m.tier, -m.place.population)))

    def _query(self, sql: str, parameters: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        with self._lock:  # one connection shared across threads
            return self._connection.execute(sql, parameters).fetchall()

    # --- building the alias layer -----------------------------------------------------
    def _add_alias(self, entry: AliasEntry) -> None:
        link = self._geonames_row(entry)
        place = PlaceRecord(
            place_id=f"alias:{entry.country.lower()}:{entry.slug}",
            name=entry.name, lat=entry.lat, lon=entry.lon, country=entry.country,
            feature=entry.feature, population=entry.population,
            geonames_id=entry.geonames_id, admin1=None,
        )
        if link is not None:
            geonames = _record(link)
            place = replace(place, place_id=geonames.place_id, geonames_id=geonames.geonames_id,
                            population=entry.population or geonames.population,
                            admin1=geonames.admin1)
            self._linked.setdefault(int(link[0]), place)
        self._add_keys(entry.surface_forms, place)

    def _add_keys(self, names: Iterable[str], place: PlaceRecord) -> None:
        for name in names:
            for key in query_keys(name):
                records = self._alias_keys.setdefault(key, [])
                if all(record.place_id != place.place_id for record in records):
                    records.append(place)

    def _add_country_names(self, iso3: str, names: Iterable[str]) -> None:
        country = self.country(iso3)
        if country is not None:
            self._add_keys(names, country)

    def _geonames_row(self, entry: AliasEntry) -> tuple[Any, ...] | None:
        """The GeoNames place an alias entry stands for, if the index has it."""
        if entry.geonames_id is not None:
            rows = self._query(f"SELECT {_PLACE_COLUMNS}, 0 FROM places p WHERE p.id = ?",
                               (entry.geonames_id,))
            return rows[0] if rows else None
        if entry.feature in _UNLINKED_FEATURES:
            return None
        keys = tuple(dict.fromkeys(key for name in entry.surface_forms for key in query_keys(name)))
        rows = self._query(
            f"SELECT DISTINCT {_PLACE_COLUMNS}, 0 FROM names n JOIN places p ON p.id = n.place "
            f"WHERE n.key IN ({', '.join('?' * len(keys))}) AND +p.country = ? "
            "AND +p.feature = 'populated_place'",  # unary +: search by name, not by country
            (*keys, entry.country),
        )
        near = [row for row in rows
                if _distance_km(entry.lat, entry.lon, row[2], row[3]) <= LINK_DISTANCE_KM]
        return max(near, key=lambda row: int(row[6]), default=None)


def _record(row: tuple[Any, ...]) -> PlaceRecord:
    place, name, lat, lon, country, feature, population, admin1 = row[:8]
    return PlaceRecord(
        place_id=f"gn:{place}", name=str(name), lat=float(lat), lon=float(lon),
        country=str(country), feature=str(feature), population=int(population),
        geonames_id=int(place),
        admin1=str(admin1) if admin1 else None,
    )


def _article_variants(keys: tuple[str, ...]) -> list[str]:
    """"Nasiriyah" may be filed as "An Nasiriyah" and "al-Mawasi" as "Mawasi"."""
    variants = []
    for key in keys:
        if key.startswith(("al ", "el ")):
            variants.append(key[3:])
        elif " " not in key:
            variants.append(f"al {key}")
    return [variant for variant in dict.fromkeys(variants) if variant]


def _focus_shares(focus: Mapping[str, float] | None) -> dict[str, float]:
    """Weights scaled so the article's main country counts 1.0; negatives count as none."""
    if not focus:
        return {}
    positive = {code.upper(): float(weight) for code, weight in focus.items() if weight > 0}
    top = max(positive.values(), default=0.0)
    return {code: weight / top for code, weight in positive.items()} if top else {}


def _score(match: _Match, shares: Mapping[str, float]) -> float:
    place = match.place
    prior = _COUNTRY_PRIOR if place.feature == "country" else _TIER_PRIOR[match.tier]
    return (
        prior
        + _FOCUS_WEIGHT * shares.get(place.country, 0.0)
        + _POPULATION_WEIGHT * math.log10(place.population + 1)
    )


def _implausible(name: str, best: _Match, shares: Mapping[str, float]) -> bool:
    """A GeoNames-only match that is more likely an English word than a place."""
    if best.tier < TIER_PRIMARY:
        return False
    if not any(ch.isupper() for ch in name):
        return True
    single_word = len(query_keys(name)[0].split()) == 1
    return (single_word and best.place.population < SMALL_PLACE_POPULATION
            and best.place.country not in shares)


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The shipped gazetteer, once per process; builds the index on first use (~20 s)."""
    return SqliteGazetteer(ensure_index(), aliases=load_aliases())
