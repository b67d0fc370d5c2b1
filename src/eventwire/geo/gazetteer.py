"""Place lookup and in-context resolution over the GeoNames index and the alias table.

``resolve`` scores each candidate place for a name:

* how the name belongs to it: alias-table names first, then GeoNames primary names, then
  GeoNames alternates (an alternate like "Hamas" for Hamm must not beat a real match);
* the article's countries (``focus``: ISO3 -> weight, e.g. mention counts), scaled so the
  strongest country adds more than any name or population difference;
* population, on a log scale;
* the kind of place: a populated place beats an admin area of the same name ("Kandahar" is
  the city) unless the mention carries a designator ("Kandahar province", "Sagaing region"),
  which selects the area;
* ``within``: names of enclosing areas written next to the place ("Kani township (Yinmarbin
  district, Sagaing region)"); a place whose admin-1 or admin-2 name matches one of them is
  read before any other, whatever the focus ("El Callao, Bolivar state" is in Venezuela in a
  story whose focus says Peru); failing that, places in the enclosing names' countries, but
  not a small namesake filed under another area far from the written one ("Pisky, Donetsk" is
  not the Pisky of Poltava). A place written before its own district ("Jamshoro city
  (Jamshoro, Sindh)") is the town, not the district. With no
  focus, the last enclosing name, when several countries give an area that name, is the one
  first-level area of the name ("(Baydhaba, Bay)": Somalia's Bay region).

A country name always means the country. Names that are not places are refused: a stop
list from the alias file ("Police", "Monday", "Hamas"), short lower-case words ("us"),
lower-case words that only GeoNames knows, and single words whose best match is a place of
under 1,000 people (or unknown size) in a country the article does not mention: without an
English word list offline, that cut-off is what keeps common words that happen to name a
hamlet somewhere out of the results. With no focus at all (a mention read alone, to learn the
article's countries) a GeoNames alternate name stands only for a city of 100,000 or more, or
for the town of the district of that name: "Inata" must not make Japan (Inada) the story's
country. Two letters are never an alternate name ("Ko" is one of Kyiv's). Admin areas abroad are held to the same doubt: a
single-word area ("Centre", "Nord", "Bay", "Mon", "Bari" are admin-1 names) outside the focus is
refused unless the mention had a designator; with no focus at all, only when nothing but that
one area carries the name ("Badghis" yes, "Bay" no).

A name that finds nothing is tried again with doubled letters collapsed ("Hiiraan" -> "Hiraan",
"Middle Shabeelle" -> "Middle Shabelle"); such matches rank below every exact one. When the
mention names its enclosing areas and still finds nothing, the towns of the most specific of
those areas are searched for a near spelling ("Mogoke (Pyinoolwin district)" is GeoNames'
"Mogok"; "Namhkan" is "Namhkam"): transliterations drift, but inside one district two towns
whose names differ by a letter or two are rare. Short all-capital words ("SNA", "NISA") that
only a GeoNames alternate name knows are abbreviations of organisations (or airport codes),
not places.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from eventwire.geo.admin import distance_km
from eventwire.geo.aliases import AliasEntry, AliasTable, load_aliases
from eventwire.geo.folding import (
    ADMIN_DESIGNATORS,
    SETTLEMENT_DESIGNATORS,
    area_keys,
    fold_name,
    query_keys,
    split_designator,
    squeeze_key,
)
from eventwire.geo.index import (
    TIER_ALTERNATE,
    TIER_COUNTRY,
    TIER_PRIMARY,
    TIER_SQUEEZED,
    ensure_index,
    open_index,
)

TIER_ALIAS = 0
LINK_DISTANCE_KM = 10.0
SMALL_PLACE_POPULATION = 1000
_TIER_PRIOR = {TIER_ALIAS: 6.0, TIER_COUNTRY: 6.0, TIER_PRIMARY: 1.0, TIER_ALTERNATE: 0.0,
               TIER_SQUEEZED: -1.0}
_COUNTRY_PRIOR = 25.0  # more than any focus + population score a town can reach
_FOCUS_WEIGHT = 10.0
_POPULATION_WEIGHT = 0.5  # per factor of ten
# An area's population is the sum of its towns', so it outweighs its namesake town; this
# penalty hands the bare name back to the town.
_AREA_PENALTY = 2.0
# "Kandahar province": the area must beat its town, even an alias-table town (prior 6).
_DESIGNATOR_BONUS = 8.0
# Enclosing areas named next to the place outweigh the article's focus (10).
_WITHIN_ADMIN2_BONUS = 16.0
_WITHIN_ADMIN1_BONUS = 15.0
# Which level a designator usually names; a tie-breaker between "Kandahar" (province) and
# "Kandahar District" when the mention says "Kandahar province".
_LEVEL_HINT = 0.5
_ADMIN1_WORDS = frozenset({"region", "regions", "province", "provincia", "state", "estado",
                           "governorate", "muhafazat", "wilaya", "oblast", "emirate"})
# A squeezed spelling in a focus country must be in one of the article's main countries.
_SQUEEZED_MIN_SHARE = 0.5
ADMIN_FEATURES = frozenset({"admin1", "admin2"})
# A near spelling inside an enclosing area: how alike the folded names must be (difflib ratio),
# and how many letters longer or shorter the GeoNames name may be.
NEAR_SPELLING_RATIO = 0.85
_NEAR_SPELLING_LENGTH = 3
_ABBREVIATION_MAX_LETTERS = 5
_ABBREVIATION_MIN_POPULATION = 100_000
# With no article context (no focus, no enclosing area), an alternate-name reading stands
# only for a city this large ("Kiev", "Hodeidah"), not for a town abroad ("Inata": Inada, Japan).
_LONE_ALTERNATE_MIN_POPULATION = 100_000
_CITY_POPULATION = 100_000  # "X city" names a place at least this large
# How far from an area's centre a town filed under no area may lie and still count as inside.
_UNFILED_REACH_KM = {"admin1": 300.0, "admin2": 100.0}
# How far from the centre of an enclosing area written next to a mention a namesake of its
# country may lie and still be read inside it (GeoNames may file it under another area).
_ENCLOSING_REACH_KM = {"admin1": 200.0, "admin2": 100.0}
_UNLINKED_FEATURES = frozenset({"region", "border", "country"})
_PLACE_COLUMNS = ("p.id, p.name, p.lat, p.lon, p.country, p.feature, p.population, p.admin1, "
                  "p.admin2")


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
    admin1: str | None  # the admin-1 NAME ("Sagaing Region"); None for countries and admin-1s
    admin2: str | None = None  # the admin-2 name, when GeoNames cities1000 knows it

    @property
    def is_admin_area(self) -> bool:
        return self.feature in ADMIN_FEATURES


@runtime_checkable
class Gazetteer(Protocol):
    """What the pipeline needs from a gazetteer; the shipped one is ``SqliteGazetteer``."""

    def candidates(self, name: str) -> list[PlaceRecord]:
        """Every place the name may mean, best-attested first (alias table, then GeoNames)."""
        ...

    def resolve(
        self, name: str, *, focus: Mapping[str, float] | None = None, within: Sequence[str] = ()
    ) -> PlaceRecord | None:
        """The place the name most likely means in an article about ``focus`` countries.

        ``within``: names of enclosing areas written next to the mention, if any.
        """
        ...

    def is_known(self, name: str) -> bool:
        """True when ``resolve(name)`` finds a place."""
        ...

    def resolve_enclosing(
        self, within: Sequence[str], *, focus: Mapping[str, float] | None = None
    ) -> PlaceRecord | None:
        """The most specific of the enclosing areas ``within`` that resolves (a fallback)."""
        ...

    def alias_names(self) -> list[str]:
        """Every surface form in the alias table, e.g. for a spaCy entity ruler."""
        ...


@dataclass(frozen=True, slots=True)
class _Match:
    place: PlaceRecord
    tier: int


@dataclass(frozen=True, slots=True)
class _Context:
    """What scoring knows besides the candidates: focus, enclosing areas, designator."""

    shares: Mapping[str, float]
    within: frozenset[str]  # area_keys() of the enclosing names
    wants_area: bool  # the mention carried an admin designator ("Soum province")
    designator: str | None = None  # that designator, folded
    enclosing: frozenset[str] = frozenset()  # ISO3 of the enclosing names that resolved
    bare_only: frozenset[str] = frozenset()  # place ids found only without the designator
    areas: tuple[PlaceRecord, ...] = ()  # the enclosing names that resolved to admin areas
    own_area: bool = False  # the mention's own name is its first enclosing name ("X (X, Bay)")


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
        self._towns_in = lru_cache(maxsize=1024)(self._towns_in_uncached)
        self._areas_of = lru_cache(maxsize=256)(self._areas_of_uncached)
        self._all_areas = lru_cache(maxsize=1)(self._all_areas_uncached)

    def close(self) -> None:
        self._connection.close()

    # --- the Gazetteer protocol -------------------------------------------------------
    def candidates(self, name: str) -> list[PlaceRecord]:
        return [match.place for match in self._lookup(query_keys(name))]

    def resolve(
        self, name: str, *, focus: Mapping[str, float] | None = None, within: Sequence[str] = ()
    ) -> PlaceRecord | None:
        shares = _focus_shares(focus)
        return self._resolve(name, tuple(sorted(shares.items())), tuple(within), False)

    def resolve_enclosing(
        self, within: Sequence[str], *, focus: Mapping[str, float] | None = None
    ) -> PlaceRecord | None:
        """The most specific enclosing area that resolves, for a place the gazetteer lacks.

        ``within`` lists the enclosing names most specific first, as reports write them
        ("Maxamed Saciid village (Adan Yabaal, Middle Shabelle)" -> ``["Adan Yabaal",
        "Middle Shabelle"]``): when ``resolve("Maxamed Saciid", within=...)`` is None, this
        returns the Adan Yabaal district, else Middle Shabelle. Each name is read as an area
        (as if it carried a designator) and checked against the names after it; a name that
        says it is a city ("Sabra (Gaza City, Gaza Strip)") is read as the city.
        """
        shares = tuple(sorted(_focus_shares(focus).items()))
        names = tuple(within)
        for position, name in enumerate(names):
            if split_designator(name)[1] in SETTLEMENT_DESIGNATORS:
                place = self._resolve(name, shares, names[position + 1 :], False)
            else:
                place = self._read_area(name, shares, names[position + 1 :])
                if place is not None and place.feature == "admin2" and split_designator(name)[1] is None:
                    place = self._seat_town(name, place) or place
            if place is not None:
                return place
        return None

    def _seat_town(self, name: str, district: PlaceRecord) -> PlaceRecord | None:
        """The town a district is named after, inside it or filed under its province near it.

        Districts are mostly named after their seat ("(Gaalkacyo, Mudug)", "(Djibo, Soum)"),
        and a village is nearer the seat, where roads and people are, than the centre of the
        district's towns: GeoNames files some seats under no district, far from that centre.
        """
        towns = [match.place for match in self._lookup(query_keys(name))
                 if match.tier <= TIER_PRIMARY and match.place.country == district.country
                 and not match.place.is_admin_area and match.place.feature not in _UNLINKED_FEATURES
                 and _in_district(match.place, district)]
        return max(towns, key=lambda town: town.population, default=None)

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
        self, name: str, focus: tuple[tuple[str, float], ...], within: tuple[str, ...],
        as_area: bool,
    ) -> PlaceRecord | None:
        keys = query_keys(name)
        if not keys or self._refused(name, keys):
            return None
        bare, designator = split_designator(name)
        areas = self._enclosing_areas(focus, within)
        enclosing = frozenset(area.country for area in areas)
        # a district named after its town ("Tripoli (Tripoli, North)") is every namesake's
        # own district: its name tells no namesake apart, the other names and the focus do
        own = area_keys(bare)
        context = _Context({**dict(focus), **dict.fromkeys(enclosing, 1.0)},
                           frozenset(key for area in within for key in area_keys(area)) - own,
                           as_area or designator in ADMIN_DESIGNATORS, designator, enclosing,
                           areas=tuple(area for area in areas if area.is_admin_area),
                           own_area=not as_area and bool(within) and bool(area_keys(within[0]) & own))
        bare_keys = query_keys(bare) if bare != name else ()
        all_keys = tuple(dict.fromkeys((*keys, *bare_keys)))
        matches = self._lookup(all_keys)
        if bare_keys:
            whole = {match.place.place_id for match in self._lookup(keys)}
            context = replace(context, bare_only=frozenset(
                match.place.place_id for match in matches) - whole)
        best = self._best(name, matches, context)
        if best is None:  # a last resort: "Hiiraan" for "Hiraan"
            squeezed = tuple(dict.fromkeys(squeeze_key(key) for key in all_keys))
            # only places the exact names did not find: a reading refused as implausible must
            # not come back as a spelling guess ("Abra" was refused as Ibra, Oman; the guess
            # was then the Philippine province that had lost to it)
            judged = {match.place.place_id for match in matches}
            best = self._best(name, tuple(match for match in self._squeezed_lookup(squeezed)
                                          if match.place.place_id not in judged), context)
        if best is None and as_area:  # an enclosing area: "Galgaduud" is GeoNames' "Galguduud"
            best = self._near_area(bare, context.shares) if context.shares else (
                self._near_area_anywhere(bare))
        if best is None and within and (as_area or not context.wants_area):
            # a district is often named after its town: "(Buur Hakaba, Bay)" is "Buurhakaba"
            best = self._near_spelling(bare, focus, within)
        return best

    def _near_area(self, name: str, shares: Mapping[str, float]) -> PlaceRecord | None:
        """An admin area whose name is a near spelling, in the article's main countries or
        the countries of the enclosing names written after it."""
        target = fold_name(name)
        if len(target) < 5:
            return None
        return _closest_spelling(target, (area for iso3, share in shares.items()
                                          if share >= _SQUEEZED_MIN_SHARE
                                          for area in self._areas_of(iso3)))

    def _near_area_anywhere(self, name: str) -> PlaceRecord | None:
        """With no focus, an admin area whose name is a near spelling, when all such areas
        are in one country: "(Cadaado, Galgaduud)" in a note that names no country is Somalia's
        Galguduud, as no other country has an area spelled so."""
        target = fold_name(name)
        if len(target) < 5:
            return None
        near = [(ratio, place) for folded, place in self._all_areas()
                if (ratio := _spelling_ratio(target, folded)) >= NEAR_SPELLING_RATIO]
        if len({place.country for _, place in near}) != 1:
            return None
        return max(near, key=lambda pair: (pair[0], pair[1].population))[1]

    def _all_areas_uncached(self) -> tuple[tuple[str, PlaceRecord], ...]:
        """Every admin area with its folded name (read once, for near spellings)."""
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS}, 0 FROM places p WHERE p.feature IN ('admin1', 'admin2')", ())
        return tuple((fold_name(str(row[1])), _record(row)) for row in rows)

    def _read_area(
        self, name: str, focus: tuple[tuple[str, float], ...], outer: tuple[str, ...]
    ) -> PlaceRecord | None:
        """An enclosing name read as an area inside the names written after it (``outer``).

        With no focus, the outermost name that several countries give an area ("Bay": a
        Somali region and counties in the United States; "Bari") is the only first-level area
        of that name, if there is one: reports write a place's district, then its region or
        province, so the last name is a first-level area.
        """
        place = self._resolve(name, focus, outer, True)
        if place is None and not focus and not outer:
            place = self._sole_admin1(name)
        return place

    def _sole_admin1(self, name: str) -> PlaceRecord | None:
        """The one admin-1 area the name (or its bare form) belongs to; None for none or two."""
        keys = tuple(dict.fromkeys((*query_keys(name), *query_keys(split_designator(name)[0]))))
        areas = {match.place.place_id: match.place for match in self._lookup(keys)
                 if match.place.feature == "admin1" and match.tier <= TIER_PRIMARY}
        return next(iter(areas.values())) if len(areas) == 1 else None

    def _areas_of_uncached(self, iso3: str) -> tuple[PlaceRecord, ...]:
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS}, 0 FROM places p WHERE p.country = ? "
            "AND p.feature IN ('admin1', 'admin2')",
            (iso3,),
        )
        return tuple(_record(row) for row in rows)

    def _near_spelling(
        self, name: str, focus: tuple[tuple[str, float], ...], within: tuple[str, ...]
    ) -> PlaceRecord | None:
        """A town of the most specific enclosing area whose name is a near spelling of ``name``."""
        target = fold_name(name)
        if len(target) < 4:
            return None
        for position, area_name in enumerate(within):
            area = self._admin_area(self._read_area(area_name, focus, within[position + 1 :]),
                                    area_name)
            if area is None:
                continue
            # the most specific area decides; its parent is too wide to guess in
            return _closest_spelling(target, self._towns_in(area))
        return None

    def _admin_area(self, place: PlaceRecord | None, name: str) -> PlaceRecord | None:
        """The admin area a resolved enclosing name stands for; an alias-table region
        ("Shan State") stands for the admin-1 area of its name and country, if there is one."""
        if place is None or place.is_admin_area:
            return place
        if place.feature != "region":
            return None
        return next((candidate for candidate in self.candidates(name)
                     if candidate.feature == "admin1" and candidate.country == place.country), None)

    def _towns_in_uncached(self, area: PlaceRecord) -> tuple[PlaceRecord, ...]:
        """The towns filed under the area, and nearby towns of its country filed under none
        (GeoNames villages that the admin join could not place)."""
        column = "p.admin1" if area.feature == "admin1" else "p.admin2"
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS}, 0 FROM places p WHERE p.country = ? "
            f"AND p.feature = 'populated_place' AND ({column} = ? OR p.admin1 IS NULL)",
            (area.country, area.name),
        )
        reach = _UNFILED_REACH_KM[area.feature]
        towns = (_record(row) for row in rows)
        return tuple(town for town in towns if town.admin1 is not None
                     or distance_km(area.lat, area.lon, town.lat, town.lon) <= reach)

    def _best(
        self, name: str, matches: tuple[_Match, ...], context: _Context
    ) -> PlaceRecord | None:
        matches = _inside_enclosing(matches, context)
        if not matches:
            return None
        best = max(matches, key=lambda match: _score(match, context))
        if best.place.is_admin_area and context.own_area:
            # "Jamshoro city (Jamshoro, Sindh)": the place, then its district of the same name
            towns = [m for m in matches if not m.place.is_admin_area and m.place.feature != "region"]
            best = max(towns, key=lambda match: _score(match, context), default=best)
        if best.place.is_admin_area and not context.wants_area:
            # "al-Quds" is the city the alias table knows, not GeoNames' governorate of that
            # name, whichever country the focus favours.
            towns = [m for m in matches if m.tier == TIER_ALIAS and not m.place.is_admin_area
                     and m.place.feature != "region"]
            best = max(towns, key=lambda match: _score(match, context), default=best)
        if _implausible(name, best, matches, context):
            return None
        return best.place

    def _enclosing_areas(
        self, focus: tuple[tuple[str, float], ...], within: tuple[str, ...]
    ) -> tuple[PlaceRecord, ...]:
        """The enclosing names that resolve, each read as an area within the names after it."""
        areas = (self._read_area(area, focus, within[position + 1 :])
                 for position, area in enumerate(within))
        return tuple(area for area in areas if area is not None)

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

    def _squeezed_lookup(self, keys: tuple[str, ...]) -> tuple[_Match, ...]:
        """Matches on squeezed keys, demoted to the squeezed tier; GeoNames alternates are too
        loose a spelling to guess from twice ("Daarasalaam" is not Dar es Salaam's "Darasalam")."""
        return tuple(replace(match, tier=max(match.tier, TIER_SQUEEZED))
                     for match in self._lookup(keys) if match.tier != TIER_ALTERNATE)

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
            found = _Match(place, int(row[-1]))
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
            geonames_id=entry.geonames_id, admin1=self._parent_area(entry), admin2=None,
        )
        if link is not None:
            geonames = _record(link)
            place = replace(place, place_id=geonames.place_id, geonames_id=geonames.geonames_id,
                            population=entry.population or geonames.population,
                            admin1=geonames.admin1, admin2=geonames.admin2)
            self._linked.setdefault(int(link[0]), place)
        self._add_keys(entry.surface_forms, place)

    def _parent_area(self, entry: AliasEntry) -> str | None:
        """The entry's parent as its admin-1 name; None for a region GeoNames files as an
        admin-1 area itself ("North Darfur" is a state of Sudan, "northern Gaza" a part of
        the Gaza Strip), so a region's level can be read off ``admin1``."""
        if entry.feature != "region" or entry.parent is None:
            return entry.parent
        keys = tuple(dict.fromkeys(key for name in entry.surface_forms for key in query_keys(name)))
        rows = self._query(
            f"SELECT 1 FROM names n JOIN places p ON p.id = n.place WHERE n.key IN "
            f"({', '.join('?' * len(keys))}) AND +p.country = ? AND +p.feature = 'admin1' LIMIT 1",
            (*keys, entry.country),
        )
        return None if rows else entry.parent

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
                if distance_km(entry.lat, entry.lon, row[2], row[3]) <= LINK_DISTANCE_KM]
        return max(near, key=lambda row: int(row[6]), default=None)


def _record(row: tuple[Any, ...]) -> PlaceRecord:
    place, name, lat, lon, country, feature, population, admin1, admin2 = row[:9]
    area = int(place) < 0  # admin areas have synthetic negative ids, not GeoNames ids
    return PlaceRecord(
        place_id=f"admin:{-int(place)}" if area else f"gn:{place}", name=str(name),
        lat=float(lat), lon=float(lon), country=str(country), feature=str(feature),
        population=int(population), geonames_id=None if area else int(place),
        admin1=str(admin1) if admin1 else None, admin2=str(admin2) if admin2 else None,
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


def _score(match: _Match, context: _Context) -> float:
    place = match.place
    prior = _COUNTRY_PRIOR if place.feature == "country" else _TIER_PRIOR[match.tier]
    return (
        prior
        # squared: a side country of the article (one "US" among five Gaza places) must not
        # carry a village namesake past a capital ("Cairo", Illinois)
        + _FOCUS_WEIGHT * context.shares.get(place.country, 0.0) ** 2
        + _POPULATION_WEIGHT * math.log10(place.population + 1)
        + _kind_score(place, context)
        + _within_bonus(place, context.within)
    )


def _kind_score(place: PlaceRecord, context: _Context) -> float:
    if place.feature == "region" and context.wants_area:
        return _DESIGNATOR_BONUS  # an alias-table region ("Kharkiv region") is an area too
    if not place.is_admin_area:
        return 0.0
    if not context.wants_area:
        return -_AREA_PENALTY
    if context.designator is None:
        return _DESIGNATOR_BONUS
    usual = "admin1" if context.designator in _ADMIN1_WORDS else "admin2"
    own = split_designator(place.name)[1]
    return (_DESIGNATOR_BONUS + _LEVEL_HINT * (place.feature == usual)
            + _LEVEL_HINT * (own == context.designator))


def _inside_enclosing(matches: tuple[_Match, ...], context: _Context) -> tuple[_Match, ...]:
    """The readings the enclosing names written next to the mention allow.

    A place filed under one of those names is read first, whatever country the focus favours:
    "El Callao, Bolivar state" is the Venezuelan town in Bolivar state, though the article's
    only other reading was Callao in Peru and Peru has a Bolivar province too. Failing that,
    the places in the enclosing names' countries ("Kani (Yinmarbin district, Sagaing region)"
    is not Kani in Japan).
    """
    contained = tuple(m for m in matches if _within_bonus(m.place, context.within) > 0)
    if contained:
        return contained
    if context.enclosing:
        return tuple(m for m in matches if m.place.country in context.enclosing
                     and not _filed_elsewhere(m.place, context))
    return matches


def _filed_elsewhere(place: PlaceRecord, context: _Context) -> bool:
    """A small namesake GeoNames files under another area, far from the enclosing area
    written next to the mention: "Pisky, Donetsk" is not the Pisky of Poltava oblast, 400 km
    away, though both are Ukrainian.

    Reports name areas loosely (an old province, a neighbouring region), so a city, a place
    filed under no area or near the written one, and a town whose district repeats its name
    ("Qardho town (Qardho, Bari)") stay readable.
    """
    if context.own_area or place.population >= _CITY_POPULATION:
        return False
    here = [area for area in context.areas if area.country == place.country]
    return bool(here) and all(_outside(place, area) for area in here)


def _outside(place: PlaceRecord, area: PlaceRecord) -> bool:
    filed = place.admin1 if area.feature == "admin1" else place.admin2
    if filed is None or area_keys(filed) & area_keys(area.name):
        return False
    return distance_km(area.lat, area.lon, place.lat, place.lon) > _ENCLOSING_REACH_KM[area.feature]


def _in_district(town: PlaceRecord, district: PlaceRecord) -> bool:
    """Filed under the district, or under no district of its province and near the district."""
    if town.admin2 is not None:
        return town.admin2 == district.name
    return (town.admin1 == district.admin1
            and distance_km(town.lat, town.lon, district.lat, district.lon) <= _UNFILED_REACH_KM["admin2"])


def _within_bonus(place: PlaceRecord, within: frozenset[str]) -> float:
    if not within:
        return 0.0
    if place.admin2 is not None and area_keys(place.admin2) & within:
        return _WITHIN_ADMIN2_BONUS
    if place.admin1 is not None and area_keys(place.admin1) & within:
        return _WITHIN_ADMIN1_BONUS
    return 0.0


def _implausible(
    name: str, best: _Match, matches: tuple[_Match, ...], context: _Context
) -> bool:
    """A GeoNames-only match more likely a word, a namesake abroad or a bad guess than a place."""
    if best.tier < TIER_PRIMARY or _within_bonus(best.place, context.within) > 0:
        return False
    if not any(ch.isupper() for ch in name):
        return True
    if best.tier >= TIER_ALTERNATE and len(fold_name(name).replace(" ", "")) <= 2:
        return True  # "Ko" (of a Burmese name cut short) is one of Kyiv's GeoNames alternates
    if _is_abbreviation(name) and (best.tier >= TIER_ALTERNATE or _abroad(best.place, context.shares)):
        # "SNA" (Somali National Army) is an alternate name of Sanaa's airport, "NISA" (an
        # intelligence agency) a town in Portugal; a dateline "GAO" or "KABUL" stays a place
        return True
    place, shares = best.place, context.shares
    if not shares and _obscure_alone(best, matches):
        return True
    if place.country not in shares and _doubtful_abroad(best, matches, context):
        return True
    if best.tier == TIER_SQUEEZED and 0 < shares.get(place.country, 0.0) < _SQUEEZED_MIN_SHARE:
        return True  # a spelling guess in a side country of the article ("Sabra" -> Libya)
    single_word = len(query_keys(split_designator(name)[0])[0].split()) == 1
    if not single_word:
        return False
    if place.is_admin_area:
        return not context.wants_area and not _lone_area(best, matches, shares)
    return place.population < SMALL_PLACE_POPULATION and place.country not in shares


def _obscure_alone(best: _Match, matches: tuple[_Match, ...]) -> bool:
    """An alternate-name reading too obscure to stand with no article context at all.

    A mention read alone is how the article's countries are learnt, so a weak reading votes
    for the wrong country: "Inata" (a Burkinabe gold mine) is an alternate name of Inada in
    Japan, "Sabra" (a Gaza City quarter) one of Sabratha in Libya. Without a focus such a
    reading must be a city, or the town of the district that bears the name as its own
    ("Chaghcharan": Feroz Koh, seat of Chaghcharan district); the article's other names, or
    the countries its actors name, then give the focus that reads the mention again.
    """
    place = best.place
    if best.tier < TIER_ALTERNATE or place.feature != "populated_place":
        return False
    if place.population >= _LONE_ALTERNATE_MIN_POPULATION:
        return False
    return not any(match.tier <= TIER_PRIMARY and match.place.is_admin_area
                   and match.place.country == place.country
                   and match.place.name in (place.admin1, place.admin2) for match in matches)


def _abroad(place: PlaceRecord, shares: Mapping[str, float]) -> bool:
    """Outside the article's countries, or (no focus) too small to be the obvious reading."""
    if shares:
        return place.country not in shares
    return place.population < _ABBREVIATION_MIN_POPULATION


def _is_abbreviation(name: str) -> bool:
    return name.isalpha() and name.isupper() and len(name) <= _ABBREVIATION_MAX_LETTERS


def _closest_spelling(target: str, places: Iterable[PlaceRecord]) -> PlaceRecord | None:
    """The place whose folded name is nearest to ``target`` above the ratio (largest on ties)."""
    near = [(ratio, place) for place in places
            if (ratio := _spelling_ratio(target, fold_name(place.name))) >= NEAR_SPELLING_RATIO]
    return max(near, key=lambda pair: (pair[0], pair[1].population))[1] if near else None


def _spelling_ratio(target: str, candidate: str) -> float:
    """How alike two folded names are; 0 when their first letters or lengths differ too much."""
    target, candidate = target.replace(" ", ""), candidate.replace(" ", "")  # "Ceel Dheer"
    if candidate[:1] != target[:1] or abs(len(candidate) - len(target)) > _NEAR_SPELLING_LENGTH:
        return 0.0
    matcher = SequenceMatcher(None, target, candidate)
    # the letter-count bound is an upper bound of the ratio and far cheaper: most towns of an
    # area fail it. Below the threshold the exact value is never used.
    if matcher.quick_ratio() < NEAR_SPELLING_RATIO:
        return 0.0
    return matcher.ratio()


def _doubtful_abroad(best: _Match, matches: tuple[_Match, ...], context: _Context) -> bool:
    """Readings that need the focus to back them, whatever their size.

    A town found only by the bare name of "Kale District" or "Araara village" (the designator
    says the place is an area or a village, the town is a namesake; but a city of 100,000 or
    more is what "Tartous city" says, by any of its names); a spelling guessed by
    squeezing letters (with no focus at all, only a lone admin area: "Hiiraan"); an area name
    several countries use ("Eastern Region").
    """
    place = best.place
    if place.place_id in context.bare_only and not place.is_admin_area:
        return context.designator != "city" or place.population < _CITY_POPULATION
    if place.is_admin_area and context.shares and not context.wants_area:
        return True  # "El Barde" in a Somali note is not Nigeria's Barde district
    if best.tier == TIER_ALTERNATE and context.shares:
        return True  # "Boni" in a Malian note is not Bonn, whose alternate names include it
    if best.tier == TIER_SQUEEZED:  # without a focus, only an area that is the lone reading
        return (bool(context.shares) or not place.is_admin_area
                or not _lone_area(best, matches, context.shares))
    return place.is_admin_area and any(
        match.place.is_admin_area and match.place.country != place.country for match in matches)


def _lone_area(best: _Match, matches: tuple[_Match, ...], shares: Mapping[str, float]) -> bool:
    """A single-word area without designator: in the focus, or (no focus) the name's only use.

    Hamlets abroad do not count as other uses: they would be refused themselves.
    """
    if shares:
        return best.place.country in shares
    return all(match.place.country == best.place.country
               or (not match.place.is_admin_area
                   and match.place.population < SMALL_PLACE_POPULATION)
               for match in matches)


@lru_cache(maxsize=2)
def default_gazetteer(geonames_dump: str | Path | None = None) -> Gazetteer:
    """The shipped gazetteer, once per process; builds the index on first use (~20 s).

    ``geonames_dump``: a GeoNames dump file (the ``geonames_dump`` setting) to build the index
    from instead of the embedded cities500; its index is built once per dump file.
    """
    dump = Path(geonames_dump).expanduser() if geonames_dump else None
    return SqliteGazetteer(ensure_index(dump=dump), aliases=load_aliases())
