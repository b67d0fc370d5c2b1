"""Tests for reading a place in the country the story is about (eventwire.geo.gazetteer).

A mention read with no article context must not vote for a namesake abroad, enclosing names
written next to a mention outrank the article's focus, and the last name of an enclosure is
read as a first-level area. The index is built from hand-written GeoNames-style records (real
places, rounded coordinates; populations as GeoNames gives them) and the packaged alias table.
"""

from __future__ import annotations

from typing import Any

import pytest
from fakes import admin_record as _record
from fakes import geonames_city as _city
from fakes import geonames_country as _country
from fakes import small_gazetteer

from eventwire.geo import SqliteGazetteer

CITIES = [
    # alternate names of towns abroad that reports use for other places
    _city(2112000, "Inada", "JP", 36.3936, 140.5300, 53502, ("Inata",)),
    _city(286000, "Ibrā’", "OM", 22.6906, 58.5334, 25265, ("Abra",)),
    _city(1710000, "Bangued", "PH", 17.5960, 120.6180, 51865),
    _city(703448, "Kyiv", "UA", 50.4547, 30.5238, 2797553, ("Kiev", "Ko")),
    _city(1142000, "Fayrōz Kōh", "AF", 34.5225, 65.2517, 15000, ("Chaghcharan",)),
    # "El Callao": Callao (Peru) by an alternate name, the Venezuelan town by its own
    _city(3946083, "Callao", "PE", -12.0566, -77.1181, 1226200, ("El Callao",)),
    _city(3640000, "El Callao", "VE", 7.3463, -61.8258, 21000),
    _city(3940000, "Bolívar", "PE", -7.1550, -77.7000, 2500),
    _city(3640500, "Ciudad Bolívar", "VE", 8.1222, -63.5497, 338000),
    # the towns of Somali regions; a Philippine town and a US county share the name "Bay"
    _city(64435, "Baidoa", "SO", 3.1138, 43.6498, 129839),
    _city(64000, "Bosaso", "SO", 11.2842, 49.1816, 74287),
    _city(58000, "Dhuusamarreeb", "SO", 5.5350, 46.3861, 9000),
    _city(1726000, "Bay", "PH", 14.1825, 121.2852, 33547),
    _city(4146000, "Panama City", "US", 30.1588, -85.6602, 36877),
    _city(3182000, "Bari", "IT", 41.1177, 16.8512, 316491),
    _city(2636000, "Street", "GB", 51.1270, -2.7400, 12911),
    _city(163345, "Ţarţūs", "SY", 34.8890, 35.8866, 458327, ("Tartous",)),
    # two Tripolis; only the Libyan one is filed under an area called Tripoli, as GeoNames has it
    _city(2210247, "Tripoli", "LY", 32.8874, 13.1873, 1_150_989),
    _city(266826, "Tripoli", "LB", 34.4335, 35.8442, 229_398, ("Trablous",)),
]

ADMIN_RECORDS = [
    _record("JP", "Inada", 36.3936, 140.5300, 53502, "Ibaraki", "Naka-shi"),
    _record("OM", "Ibra", 22.6906, 58.5334, 25265, "Northeastern Governorate"),
    _record("PH", "Bangued", 17.5960, 120.6180, 51865, "Cordillera", "Province of Abra"),
    _record("AF", "Fayroz Koh", 34.5225, 65.2517, 15000, "Ghowr", "Chaghcharan"),
    _record("PE", "Callao", -12.0566, -77.1181, 1226200, "Callao"),
    _record("PE", "Bolivar", -7.1550, -77.7000, 2500, "La Libertad", "Provincia de Bolivar"),
    _record("VE", "El Callao", 7.3463, -61.8258, 21000, "Bolivar", "Municipio El Callao"),
    _record("VE", "Ciudad Bolivar", 8.1222, -63.5497, 338000, "Bolivar", "Municipio Heres"),
    _record("SO", "Baidoa", 3.1138, 43.6498, 129839, "Bay"),
    _record("SO", "Bosaso", 11.2842, 49.1816, 74287, "Bari"),
    _record("SO", "Dhuusamarreeb", 5.5350, 46.3861, 9000, "Galguduud"),
    _record("PH", "Bay", 14.1825, 121.2852, 33547, "Calabarzon", "Province of Laguna"),
    _record("US", "Panama City", 30.1588, -85.6602, 36877, "Florida", "Bay County"),
    _record("IT", "Bari", 41.1177, 16.8512, 316491, "Apulia", "Bari"),
    _record("GB", "Street", 51.1270, -2.7400, 12911, "England", "Somerset"),
    _record("SY", "Tartus", 34.8890, 35.8866, 458327, "Tartus"),
    _record("LY", "Tripoli", 32.8874, 13.1873, 1_150_989, "Tripoli"),
    _record("LB", "Tripoli", 34.4335, 35.8442, 229_398, "Liban-Nord"),
]

COUNTRIES = [
    _country("JP", "JPN", "Japan", "Tokyo", 1861060),
    _country("OM", "OMN", "Oman", "Muscat", 286963),
    _country("PH", "PHL", "Philippines", "Manila", 1694008),
    _country("UA", "UKR", "Ukraine", "Kyiv", 690791),
    _country("AF", "AFG", "Afghanistan", "Kabul", 1149361),
    _country("PE", "PER", "Peru", "Lima", 3932488),
    _country("VE", "VEN", "Venezuela", "Caracas", 3625428),
    _country("SO", "SOM", "Somalia", "Mogadishu", 51537),
    _country("US", "USA", "United States", "Washington", 6252001),
    _country("IT", "ITA", "Italy", "Rome", 3175395),
    _country("GB", "GBR", "United Kingdom", "London", 2635167),
    _country("BO", "BOL", "Bolivia", "Sucre", 3923057),
    _country("SY", "SYR", "Syria", "Damascus", 163843),
    _country("RU", "RUS", "Russia", "Moscow", 2017370),
    _country("LY", "LBY", "Libya", "Tripoli", 2215636),
    _country("LB", "LBN", "Lebanon", "Beirut", 272103),
]


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> SqliteGazetteer:
    return small_gazetteer(tmp_path_factory.mktemp("geo-focus") / "focus.sqlite", CITIES,
                           COUNTRIES, ADMIN_RECORDS)


def _country_of(gazetteer: SqliteGazetteer, name: str, **options: Any) -> str | None:
    place = gazetteer.resolve(name, **options)
    return place.country if place is not None else None


# --- a mention read with no article context ---------------------------------------------------


def test_an_alternate_name_of_a_town_abroad_does_not_stand_alone(
    gazetteer: SqliteGazetteer,
) -> None:
    # "Burkinabe forces executed nine men near Inata": read alone, the mention must not make
    # Japan the story's country; the demonym's focus reads it again.
    assert gazetteer.resolve("Inata") is None
    assert _country_of(gazetteer, "Inata", focus={"JPN": 1.0}) == "JPN"


def test_an_alternate_name_of_a_city_stands_alone(gazetteer: SqliteGazetteer) -> None:
    assert _country_of(gazetteer, "Kiev") == "UKR"


def test_two_letters_are_no_alternate_name(gazetteer: SqliteGazetteer) -> None:
    # "Ko" cut from a Burmese name ("Ko Taung") is one of Kyiv's GeoNames alternates
    assert gazetteer.resolve("Ko") is None
    assert gazetteer.resolve("Ko", focus={"UKR": 1.0}) is None


def test_a_town_known_by_its_districts_name_stands_alone(gazetteer: SqliteGazetteer) -> None:
    # Fayroz Koh is the seat of Chaghcharan district and goes by the district's name
    place = gazetteer.resolve("Chaghcharan")
    assert place is not None and place.name == "Fayrōz Kōh"


def test_a_refused_reading_does_not_come_back_as_a_spelling_guess(
    gazetteer: SqliteGazetteer,
) -> None:
    # "the village of Abra": Ibra in Oman is refused, and the Philippine province that lost
    # to it must not be read from the same letters instead
    assert gazetteer.resolve("Abra") is None


def test_a_city_named_as_a_city_is_that_city(gazetteer: SqliteGazetteer) -> None:
    # "regime forces, accompanied by Russian forces, made arrests in Tartous city"
    place = gazetteer.resolve("Tartous city", focus={"RUS": 1.0})
    assert place is not None and place.name == "Ţarţūs"
    # a town of 53,502 is no city: "Inata city" stays a doubtful namesake
    assert gazetteer.resolve("Inata city") is None


def test_words_for_parts_of_a_town_are_not_places(gazetteer: SqliteGazetteer) -> None:
    # "shelled targets at Street 8", "an explosion in Taung Kachin Ward"
    assert gazetteer.resolve("Street") is None
    assert gazetteer.resolve("Ward") is None


def test_a_large_town_cities500_lacks_is_not_its_namesake_abroad(
    gazetteer: SqliteGazetteer,
) -> None:
    place = gazetteer.resolve("El Alto")
    assert place is not None and place.country == "BOL" and place.population > 900_000


# --- enclosing names ----------------------------------------------------------------------------


def test_a_place_filed_under_the_named_state_beats_the_focus(gazetteer: SqliteGazetteer) -> None:
    # "in El Callao, Bolivar state": Peru (the focus the mention's own first reading gave, and a
    # country with a Bolivar province) must not take the town
    place = gazetteer.resolve("El Callao", focus={"PER": 1.0}, within=["Bolivar state"])
    assert place is not None
    assert (place.country, place.admin1) == ("VEN", "Bolivar")


def test_a_district_named_after_its_town_tells_no_namesake_apart(
    gazetteer: SqliteGazetteer,
) -> None:
    # "in Tripoli (Tripoli, North)" in a Lebanon story: the district named after the town is no
    # sign of Libya's Tripoli, the one GeoNames files under an area of that name
    lebanon = gazetteer.resolve("Tripoli", focus={"LBN": 1.0}, within=["Tripoli", "North"])
    assert lebanon is not None and lebanon.country == "LBN"
    libya = gazetteer.resolve("Tripoli", focus={"LBY": 1.0}, within=["Tripoli"])
    assert libya is not None and libya.country == "LBY"


def test_the_last_enclosing_name_is_the_first_level_area_of_that_name(
    gazetteer: SqliteGazetteer,
) -> None:
    # "in a village (Qansax Dheere, Bay)" in a note that names no country: Bay is the Somali
    # region (an admin-1 area), not the Philippine town or a US county
    area = gazetteer.resolve_enclosing(["Qansax Dheere", "Bay"])
    assert area is not None
    assert (area.name, area.country, area.feature) == ("Bay", "SOM", "admin1")
    # Bari: a Somali region, and an Italian province (an admin-2 area) and city
    area = gazetteer.resolve_enclosing(["Iskushuban", "Bari"])
    assert area is not None and (area.country, area.feature) == ("SOM", "admin1")


def test_the_first_level_area_yields_to_the_focus(gazetteer: SqliteGazetteer) -> None:
    # "Bari" in an Italian story is Bari
    area = gazetteer.resolve_enclosing(["Bari"], focus={"ITA": 1.0})
    assert area is not None and area.country == "ITA"


def test_an_enclosing_area_with_a_near_spelling_in_one_country_only(
    gazetteer: SqliteGazetteer,
) -> None:
    # "(Cadaado, Galgaduud)" with no focus: GeoNames spells the region "Galguduud"
    area = gazetteer.resolve_enclosing(["Galgaduud"])
    assert area is not None and (area.name, area.country) == ("Galguduud", "SOM")


def test_somali_district_seats_as_somali_reports_spell_them(gazetteer: SqliteGazetteer) -> None:
    # "clashed near Bulo Burto town (Bulo Burto, Hiraan)": GeoNames spells it Buulobarde
    place = gazetteer.resolve("Bulo Burto")
    assert place is not None and (place.name, place.country) == ("Buulobarde", "SOM")
    place = gazetteer.resolve("Brava")  # Baraawe, which cities500 lacks
    assert place is not None and (place.name, place.country) == ("Baraawe", "SOM")
