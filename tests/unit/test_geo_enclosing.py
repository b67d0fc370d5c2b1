"""Enclosing areas written next to a place ("X (District, Region)", "X, Province"), resolved
against the real gazetteer (no spaCy model; the index is built once per machine).

Three rules: a village the gazetteer lacks is placed at the town its district is named after
rather than at the centre of the district's towns; a small namesake that GeoNames files under
another area, far from the one written, is not read inside it; a place written before its own
district's name ("X town (X, Province)") is the town, not the district.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from eventwire.geo import PlaceRecord, SqliteGazetteer, ensure_index, load_aliases
from eventwire.geo.admin import distance_km


@pytest.fixture(scope="module")
def gazetteer() -> Iterator[SqliteGazetteer]:
    gaz = SqliteGazetteer(ensure_index(), aliases=load_aliases())
    yield gaz
    gaz.close()


def _near(place: PlaceRecord | None, lat: float, lon: float, km: float) -> bool:
    return place is not None and distance_km(place.lat, place.lon, lat, lon) <= km


# --- a village at its district's seat -------------------------------------------------------


def test_unknown_village_stands_at_the_town_its_district_is_named_after(
    gazetteer: SqliteGazetteer,
) -> None:
    # "a civilian was shot in a village (Gaalkacyo, Mudug)": GeoNames files the town of
    # Gaalkacyo under no district, and its Gaalkacyo district's towns centre 70 km west of it
    place = gazetteer.resolve_enclosing(["Gaalkacyo", "Mudug"], focus={"SOM": 1.0})
    assert place is not None and not place.is_admin_area
    assert _near(place, 6.77, 47.43, 5)


def test_a_district_written_with_its_designator_stays_the_district(
    gazetteer: SqliteGazetteer,
) -> None:
    # "(Thaton District, Mon State)" names the district itself, not its town
    place = gazetteer.resolve_enclosing(["Thaton District", "Mon State"], focus={"MMR": 1.0})
    assert place is not None and place.feature == "admin2"


# --- a namesake filed far from the area written ---------------------------------------------


@pytest.mark.parametrize("name", ["Pisky", "Pisky village"])
def test_namesake_filed_under_another_far_province_is_not_inside_the_one_written(
    gazetteer: SqliteGazetteer, name: str
) -> None:
    # "shelling near Pisky, Donetsk": the Piskys GeoNames knows are in Poltava and Mykolaiv
    # oblasts, hundreds of kilometres from Donetsk oblast
    assert gazetteer.resolve(name, focus={"UKR": 1.0}, within=["Donetsk"]) is None


def test_place_filed_under_no_area_is_still_read_inside_the_one_written(
    gazetteer: SqliteGazetteer,
) -> None:
    # "in Uruara, Para": GeoNames gives this town no state, so nothing says it lies elsewhere
    assert _near(gazetteer.resolve("Uruara", focus={"BRA": 1.0}, within=["Para"]), -3.72, -53.74, 5)


def test_city_is_read_inside_an_area_written_by_its_old_name(gazetteer: SqliteGazetteer) -> None:
    # "in Sorong city, West Papua province": GeoNames files Sorong under the newer Southwest
    # Papua; a city of 200,000 is what the report means whichever province it names
    place = gazetteer.resolve("Sorong city", focus={"IDN": 1.0}, within=["West Papua province"])
    assert _near(place, -0.88, 131.26, 5)


def test_town_whose_district_repeats_its_name_is_read_despite_a_loose_province(
    gazetteer: SqliteGazetteer,
) -> None:
    # "(Qoryooley, Lower Juba)": reports name neighbouring regions loosely; GeoNames files
    # Qoryooley under Lower Shabelle, but its own district's name confirms the town
    place = gazetteer.resolve("Qoryooley", focus={"SOM": 1.0}, within=["Qoryooley", "Lower Juba"])
    assert _near(place, 1.79, 44.53, 5)


# --- a place written before its own district ------------------------------------------------


def test_place_followed_by_its_own_district_is_the_town(gazetteer: SqliteGazetteer) -> None:
    # "protested in Jamshoro city (Jamshoro, Sindh)": the town, not Jamshoro district's centre
    place = gazetteer.resolve("Jamshoro", focus={"PAK": 1.0}, within=["Jamshoro", "Sindh"])
    assert place is not None and not place.is_admin_area
    assert _near(place, 25.44, 68.28, 5)


# --- district seats the alias table adds ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "lat", "lon"),
    [
        ("Galdogob", 7.03, 47.02),
        ("Burtinle", 7.80, 48.00),
    ],
)
def test_somali_district_seats_missing_from_geonames(
    gazetteer: SqliteGazetteer, name: str, lat: float, lon: float
) -> None:
    assert _near(gazetteer.resolve(name, focus={"SOM": 1.0}), lat, lon, 5)
