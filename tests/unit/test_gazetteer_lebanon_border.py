"""The southern Lebanese border villages of the alias table, against GeoNames namesakes.

GeoNames' city files hold few Lebanese villages, so the alias table carries the ones that
reports of cross-border fire name every day. These tests build a small index from hand-written
GeoNames-style records (a Syrian "Houla" among them) and check that the villages resolve in a
Lebanon story, lie in the border strip, and do not take over a namesake in a Syria story.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fakes import geonames_city as _city
from fakes import geonames_country, small_gazetteer

from eventwire.geo import PlaceRecord, SqliteGazetteer
from eventwire.geo.admin import distance_km

CITIES = [
    _city(276781, "Beirut", "LB", 33.8933, 35.5016, 1_916_100),
    _city(268064, "Bent Jbaïl", "LB", 33.1201, 35.4334, 0, ("Bint Jbeil",)),
    # al-Houla in Homs province, Syria: GeoNames files it as Kafr Laha, Houla an alternate
    _city(170903, "Kafr Lāhā", "SY", 34.8950, 36.4960, 20_000, ("Houla", "Al Houla")),
    _city(281102, "Metula", "IL", 33.2790, 35.5790, 1_700),
]
COUNTRIES = [geonames_country("LB", "LBN", "Lebanon", "", 272103), geonames_country("SY", "SYR", "Syria", "", 163843),
             geonames_country("IL", "ISR", "Israel", "", 294640)]

# (spelling in a report, the entry it must resolve to)
SPELLINGS = [
    ("Aitaroun", "Aitaroun"),
    ("Aytaroun", "Aitaroun"),
    ("Aita al-Shaab", "Aita al-Shaab"),
    ("Ayta ash-Shab", "Aita al-Shaab"),
    ("Maroun al-Ras", "Maroun al-Ras"),
    ("Mays al-Jabal", "Meiss el-Jabal"),
    ("Odaiseh", "Odaisseh"),
    ("Rmeish", "Rmeish"),
    ("Chebaa", "Shebaa"),
    ("Houla", "Houla"),
]


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteGazetteer]:
    gaz = small_gazetteer(tmp_path_factory.mktemp("lebanon") / "index.sqlite", CITIES, COUNTRIES)
    yield gaz
    gaz.close()


def _km(place: PlaceRecord, lat: float, lon: float) -> float:
    return distance_km(place.lat, place.lon, lat, lon)


@pytest.mark.parametrize(("written", "entry"), SPELLINGS)
def test_a_border_village_resolves_in_a_lebanon_story(
    gazetteer: SqliteGazetteer, written: str, entry: str
) -> None:
    place = gazetteer.resolve(written, focus={"LBN": 1.0})
    assert place is not None and place.name == entry
    assert place.country == "LBN" and place.feature == "village"
    # Each lies in the border strip, within 40 km of Bint Jbeil (Shebaa, at the far eastern
    # end, is 37 km away), and none falls back to Beirut, 80 km north
    assert _km(place, 33.1201, 35.4334) < 40.0
    assert _km(place, 33.8933, 35.5016) > 55.0


def test_aitaroun_lies_just_east_of_bint_jbeil(gazetteer: SqliteGazetteer) -> None:
    place = gazetteer.resolve("Aitaroun", focus={"LBN": 0.6, "ISR": 0.4})
    assert place is not None
    assert 2.0 < _km(place, 33.1201, 35.4334) < 6.0
    assert place.lon > 35.4334


def test_houla_in_a_syria_story_stays_in_syria(gazetteer: SqliteGazetteer) -> None:
    place = gazetteer.resolve("Houla", focus={"SYR": 1.0})
    assert place is not None and place.country == "SYR"


def test_an_israeli_border_town_is_not_taken_for_a_village(gazetteer: SqliteGazetteer) -> None:
    place = gazetteer.resolve("Metula", focus={"LBN": 0.5, "ISR": 0.5})
    assert place is not None and place.country == "ISR"
