"""Gaza City's neighbourhoods in the alias table: a strike in one is placed there, not at the
city's centre, and a namesake abroad keeps its country in a story about that country.

The index is built from hand-written GeoNames-style records (Sabratah in Libya, whose
alternate names include "Sabra", among them).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fakes import geonames_city as _city
from fakes import geonames_country, small_gazetteer

from eventwire.geo import PlaceRecord, SqliteGazetteer
from eventwire.geo.admin import distance_km

GAZA_CITY_CENTRE = (31.502, 34.467)


CITIES = [
    _city(281133, "Gaza", "PS", 31.5016, 34.4667, 410_000, ("Gaza City",)),
    _city(2212771, "Şabrātah", "LY", 32.7933, 12.4885, 102_038, ("Sabratha", "Sabra")),
]
COUNTRIES = [geonames_country("PS", "PSE", "Palestinian Territory", "", 6254930),
             geonames_country("LY", "LBY", "Libya", "", 2215636)]


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteGazetteer]:
    gaz = small_gazetteer(tmp_path_factory.mktemp("gaza") / "index.sqlite", CITIES, COUNTRIES)
    yield gaz
    gaz.close()


def _km_from_centre(place: PlaceRecord) -> float:
    return distance_km(place.lat, place.lon, *GAZA_CITY_CENTRE)


@pytest.mark.parametrize(("written", "entry"), [
    ("Sabra", "Sabra"),
    ("al-Daraj", "al-Daraj"),
    ("Tuffah", "al-Tuffah"),
    ("Sheikh Ajlin", "Sheikh Ijlin"),
    ("al-Nasr neighbourhood", "al-Nasr"),
    ("Saftawi", "Saftawi"),
])
def test_a_neighbourhood_is_placed_in_gaza_city(
    gazetteer: SqliteGazetteer, written: str, entry: str
) -> None:
    place = gazetteer.resolve(written, focus={"PSE": 1.0})
    assert place is not None and place.name == entry
    assert place.feature == "neighbourhood" and place.country == "PSE"
    # inside the city (it spans about 6 km from its centre), and not the centre itself
    assert 0.3 < _km_from_centre(place) < 6.0


def test_sabratah_stays_in_a_libya_story(gazetteer: SqliteGazetteer) -> None:
    place = gazetteer.resolve("Sabra", focus={"LBY": 1.0})
    assert place is not None and place.country == "LBY"
