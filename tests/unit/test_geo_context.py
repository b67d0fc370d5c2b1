"""Issue 4's spellings and ambiguities, resolved against the real gazetteer (no spaCy model).

Conflict news writes one place many ways ("Khan Younis"/"Khan Yunis", "al-Quds" for
Jerusalem), one name stands for places in several countries (Rafah, Hebron, Gao), and a
region ("the West Bank", "Donbas") must stay a region rather than become a town in it. These
tests run on the full GeoNames index plus the shipped alias table: the index is built once per
machine into the cache directory (about 20 s the first time), then opened read-only.

Tests marked ``xfail(strict=True)`` state what resolution should do but does not yet; each
reason names the scoring rule at fault, so a fix in ``gazetteer.py`` flips it to XPASS.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pytest

from eventwire.geo import PlaceRecord, SqliteGazetteer, ensure_index, load_aliases
from eventwire.geo.admin import distance_km

REGION_FEATURES = frozenset({"region", "admin1"})
TOWN_FEATURES = frozenset({"city", "town", "village", "populated_place"})


@pytest.fixture(scope="module")
def gazetteer() -> Iterator[SqliteGazetteer]:
    gaz = SqliteGazetteer(ensure_index(), aliases=load_aliases())
    yield gaz
    gaz.close()


def _resolve(gazetteer: SqliteGazetteer, name: str,
             focus: Mapping[str, float] | None = None,
             within: tuple[str, ...] = ()) -> PlaceRecord:
    place = gazetteer.resolve(name, focus=focus, within=within)
    assert place is not None, f"{name!r} (focus {focus}, within {within}) resolved to nothing"
    return place


def _near(place: PlaceRecord, lat: float, lon: float, km: float) -> bool:
    return distance_km(place.lat, place.lon, lat, lon) <= km


# --- one place, many spellings ------------------------------------------------------------

# (spellings, country, lat, lon): every spelling must give the same record, within 5 km of
# the place's centre as written in any atlas.
SPELLINGS = [
    (("Khan Younis", "Khan Yunis", "Khan Younes", "Khān Yūnis"), "PSE", 31.34, 34.31),
    (("Shuafat", "Shu'fat", "Shu‘fat", "Shufat"), "PSE", 31.82, 35.23),
    (("Shuafat refugee camp", "Shu'fat camp", "Shu'fat refugee camp"), "PSE", 31.81, 35.24),
    (("Deir el-Balah", "Deir al-Balah", "Dayr al-Balah", "Deir al Balah"), "PSE", 31.42, 34.35),
    (("Jerusalem", "al-Quds", "Al Quds", "Al-Quds"), "ISR", 31.77, 35.22),
    (("Negev", "Naqab", "al-Naqab", "Negev desert"), "ISR", 30.85, 34.78),
    (("Hebron", "al-Khalil", "Al-Khalil", "El Khalil"), "PSE", 31.53, 35.09),
    (("Jabalia camp", "Jabaliya camp", "Jabalya camp"), "PSE", 31.53, 34.49),
    (("Beit Lahia", "Beit Lahiya", "Bayt Lahiya"), "PSE", 31.55, 34.50),
    (("Shuja'iyya", "Shejaiya", "Shujaiyeh"), "PSE", 31.50, 34.48),
    (("Tulkarm", "Tulkarem"), "PSE", 32.31, 35.03),
    (("East Jerusalem", "occupied East Jerusalem"), "PSE", 31.78, 35.23),
    (("Odesa", "Odessa"), "UKR", 46.48, 30.72),
    (("Sloviansk", "Slovyansk", "Slavyansk"), "UKR", 48.85, 37.60),
    (("Timbuktu", "Tombouctou"), "MLI", 16.77, -3.01),
    (("Menaka", "Ménaka"), "MLI", 15.92, 2.40),
    (("Kismayo", "Kismaayo"), "SOM", -0.36, 42.55),
    (("Beledweyne", "Belet Weyne", "Beletweyne"), "SOM", 4.74, 45.20),
    (("El Fasher", "Al Fashir", "El-Fasher"), "SDN", 13.63, 25.35),
    (("Mekelle", "Mekele"), "ETH", 13.50, 39.48),
    (("Sulaymaniyah", "Sulaimaniyah", "Slemani"), "IRQ", 35.56, 45.43),
    (("Sheikh Zuweid", "Sheikh Zuwayed"), "EGY", 31.21, 34.11),
]


@pytest.mark.parametrize(("spellings", "country", "lat", "lon"), SPELLINGS,
                         ids=[case[0][0] for case in SPELLINGS])
def test_spellings_of_one_place_resolve_to_the_same_record(
    gazetteer: SqliteGazetteer, spellings: tuple[str, ...], country: str, lat: float, lon: float,
) -> None:
    places = {name: _resolve(gazetteer, name) for name in spellings}
    assert len({place.place_id for place in places.values()}) == 1, places
    place = places[spellings[0]]
    assert place.country == country
    assert _near(place, lat, lon, km=5.0), (place.lat, place.lon)


def test_al_quds_and_naqab_keep_their_kind(gazetteer: SqliteGazetteer) -> None:
    # Jerusalem is a city; the Negev a region: a spelling must not change what kind of place.
    assert _resolve(gazetteer, "al-Quds").feature == "city"
    assert _resolve(gazetteer, "Naqab").feature == "region"


def test_al_quds_in_a_palestinian_report_is_the_city(gazetteer: SqliteGazetteer) -> None:
    # WAFA writes "occupied al-Quds" for the city; GeoNames also has a PSE admin-2 "Al Quds"
    # (the governorate), which the focus would favour over the ISR-filed city.
    place = _resolve(gazetteer, "al-Quds", focus={"PSE": 3})
    assert _near(place, 31.78, 35.23, km=5.0)
    assert place.feature not in {"admin1", "admin2"}


# --- one name, several countries -----------------------------------------------------------

@pytest.mark.parametrize(
    ("focus", "country"),
    [({"PSE": 1}, "PSE"), ({"PSE": 3, "ISR": 2}, "PSE"), ({"EGY": 1}, "EGY"),
     ({"EGY": 3, "ISR": 1}, "EGY")],
)
def test_rafah_follows_the_article_country(
    gazetteer: SqliteGazetteer, focus: dict[str, float], country: str
) -> None:
    place = _resolve(gazetteer, "Rafah", focus=focus)
    assert place.country == country
    # The two Rafahs face each other across the border: both within 5 km of it.
    assert _near(place, 31.29, 34.24, km=5.0)
    assert place.feature in TOWN_FEATURES


def test_the_two_rafahs_are_different_records(gazetteer: SqliteGazetteer) -> None:
    gaza = _resolve(gazetteer, "Rafah", focus={"PSE": 1})
    egypt = _resolve(gazetteer, "Rafah", focus={"EGY": 1})
    assert gaza.geonames_id != egypt.geonames_id
    assert (gaza.admin1, egypt.admin1) == ("Gaza Strip", "North Sinai")


def test_rafah_named_in_north_sinai_is_egyptian(gazetteer: SqliteGazetteer) -> None:
    place = _resolve(gazetteer, "Rafah", focus={"PSE": 1}, within=("North Sinai",))
    assert place.country == "EGY"


def test_rafah_in_sinai_is_egyptian_even_in_a_gaza_story(gazetteer: SqliteGazetteer) -> None:
    # "Sinai" is no admin name of Egypt's Rafah (that is "North Sinai"), yet it says Egypt.
    place = _resolve(gazetteer, "Rafah", focus={"PSE": 1}, within=("Sinai",))
    assert place.country == "EGY"


@pytest.mark.parametrize(
    ("focus", "within", "country", "lat", "lon"),
    [
        ({"PSE": 1}, (), "PSE", 31.53, 35.09),
        ({"USA": 1}, (), "USA", 41.66, -72.37),  # the largest US Hebron (Connecticut)
        ({"ISR": 2, "PSE": 1}, (), "PSE", 31.53, 35.09),
        # "Hebron, Kentucky": the state names the town, whatever the article is about.
        ({"PSE": 1}, ("Kentucky",), "USA", 39.07, -84.70),
        # No focus: the West Bank city. The alias table (conflict news) lists it, which
        # outranks every GeoNames namesake, and it is also by far the largest (160k against
        # 9k in Connecticut); an article that means a US Hebron names the state or the US.
        (None, (), "PSE", 31.53, 35.09),
    ],
)
def test_hebron_follows_the_article_country(
    gazetteer: SqliteGazetteer, focus: dict[str, float] | None, within: tuple[str, ...],
    country: str, lat: float, lon: float,
) -> None:
    place = _resolve(gazetteer, "Hebron", focus=focus, within=within)
    assert place.country == country
    assert _near(place, lat, lon, km=5.0)


def test_geonames_has_a_gao_in_burkina_faso(gazetteer: SqliteGazetteer) -> None:
    # cities500 lists Gao in Ziro province (Centre-Ouest), so no alias entry is needed.
    towns = {p.country: p for p in gazetteer.candidates("Gao") if p.feature in TOWN_FEATURES}
    assert set(towns) >= {"MLI", "BFA"}
    assert _near(towns["BFA"], 11.65, -2.18, km=10.0)


@pytest.mark.parametrize(
    ("focus", "within", "country", "lat", "lon"),
    [
        ({"MLI": 1}, (), "MLI", 16.27, -0.04),
        ({"BFA": 1}, (), "BFA", 11.65, -2.18),
        ({"BFA": 2, "MLI": 1}, (), "BFA", 11.65, -2.18),
        ({"MLI": 2, "BFA": 1}, (), "MLI", 16.27, -0.04),
        ({"BFA": 1}, ("Mali",), "MLI", 16.27, -0.04),  # "Gao, Mali" in a Burkinabe report
        (None, (), "MLI", 16.27, -0.04),  # the regional capital, 130k against 26k
    ],
)
def test_gao_follows_the_article_country(
    gazetteer: SqliteGazetteer, focus: dict[str, float] | None, within: tuple[str, ...],
    country: str, lat: float, lon: float,
) -> None:
    place = _resolve(gazetteer, "Gao", focus=focus, within=within)
    assert place.country == country
    assert place.feature in TOWN_FEATURES  # the town, not Mali's Gao region
    assert _near(place, lat, lon, km=10.0)


def test_gao_region_is_the_malian_area(gazetteer: SqliteGazetteer) -> None:
    place = _resolve(gazetteer, "Gao region", focus={"BFA": 1, "MLI": 1})
    assert (place.country, place.feature) == ("MLI", "admin1")


def test_burkinabe_gao_knows_its_region(gazetteer: SqliteGazetteer) -> None:
    place = _resolve(gazetteer, "Gao", within=("Centre-Ouest",))
    assert (place.country, place.admin1) == ("BFA", "Centre-Ouest")


def test_an_alternate_name_abroad_does_not_stand_in_for_a_missing_town(
    gazetteer: SqliteGazetteer,
) -> None:
    assert gazetteer.resolve("Boni", focus={"MLI": 1}) is None


def test_an_article_stripped_area_abroad_is_not_taken(gazetteer: SqliteGazetteer) -> None:
    # Ceel Barde (Bakool) is missing; stripping "El" finds Nigeria's admin-2 Barde.
    assert gazetteer.resolve("El Barde", focus={"SOM": 1}) is None


# --- regions stay regions -------------------------------------------------------------------

REGIONS = [
    ("the West Bank", "PSE", "West Bank"),
    ("occupied West Bank", "PSE", "West Bank"),
    ("Gaza Strip", "PSE", "Gaza Strip"),
    ("the Gaza Strip", "PSE", "Gaza Strip"),
    ("Gaza", "PSE", "Gaza Strip"),
    ("northern Gaza", "PSE", "northern Gaza"),
    ("north Gaza", "PSE", "northern Gaza"),
    ("southern Gaza", "PSE", "southern Gaza"),
    ("Donbas", "UKR", "Donbas"),
    ("the Donbas region", "UKR", "Donbas"),
    ("Donetsk region", "UKR", "Donetsk region"),
    ("Darfur", "SDN", "Darfur"),
    ("North Darfur", "SDN", "North Darfur"),
    ("Central Darfur", "SDN", "Central Darfur"),
    ("Kurdistan region", "IRQ", "Kurdistan Region"),
    ("Iraqi Kurdistan", "IRQ", "Kurdistan Region"),
    ("Tigray", "ETH", "Tigray"),
    ("Tigray region", "ETH", "Tigray"),
    ("Negev", "ISR", "Negev"),
    ("North Sinai", "EGY", "North Sinai"),
    ("Gao region", "MLI", "Gao"),
]


@pytest.mark.parametrize(("name", "country", "canonical"), REGIONS,
                         ids=[case[0] for case in REGIONS])
def test_region_names_give_region_records(
    gazetteer: SqliteGazetteer, name: str, country: str, canonical: str
) -> None:
    place = _resolve(gazetteer, name)
    assert (place.name, place.country) == (canonical, country)
    assert place.feature in REGION_FEATURES, place.feature
    assert place.geonames_id is None  # a region, never linked to a town in it


@pytest.mark.parametrize("focus", [None, {"PSE": 1}, {"ISR": 1}, {"ISR": 3, "PSE": 1}])
def test_a_region_stays_a_region_whatever_the_focus(
    gazetteer: SqliteGazetteer, focus: dict[str, float] | None
) -> None:
    for name in ("the West Bank", "Gaza Strip", "northern Gaza"):
        place = _resolve(gazetteer, name, focus=focus)
        assert (place.country, place.feature) == ("PSE", "region"), name


def test_the_city_of_gaza_is_not_the_strip(gazetteer: SqliteGazetteer) -> None:
    city = _resolve(gazetteer, "Gaza City", focus={"PSE": 1})
    strip = _resolve(gazetteer, "the Gaza Strip", focus={"PSE": 1})
    assert city.feature == "city" and strip.feature == "region"
    assert _near(city, 31.50, 34.47, km=3.0)


@pytest.mark.parametrize("name", ["the West Bank", "Gaza Strip", "northern Gaza", "southern Gaza",
                                  "Donbas", "Darfur", "North Darfur", "Kurdistan Region",
                                  "Tigray", "Negev"])
def test_alias_regions_are_marked_as_regions(name: str) -> None:
    table = load_aliases()
    entries = [e for e in table.places
               if name.removeprefix("the ").casefold() in {f.casefold() for f in e.surface_forms}]
    assert len(entries) == 1, name
    assert entries[0].feature == "region"


# A region that spans several countries has no single country: no place rather than a guess
# (Burkina Faso's admin-1 "Sahel", a "Middle East" neighbourhood of Baltimore).
@pytest.mark.parametrize("name", ["the Sahel", "Sahel", "the Middle East", "the Levant"])
@pytest.mark.parametrize("focus", [None, {"MLI": 1}, {"NER": 1}, {"BFA": 1}, {"USA": 1}])
def test_multi_country_regions_resolve_to_nothing(
    gazetteer: SqliteGazetteer, name: str, focus: dict[str, float] | None
) -> None:
    assert gazetteer.resolve(name, focus=focus) is None


def test_burkinas_sahel_region_is_found_with_its_designator(gazetteer: SqliteGazetteer) -> None:
    place = _resolve(gazetteer, "Sahel region", focus={"BFA": 1})
    assert (place.country, place.feature) == ("BFA", "admin1")


# --- demonyms are not places -------------------------------------------------------------------

@pytest.mark.parametrize(
    ("word", "iso3"),
    [
        ("Palestinian", "PSE"), ("Palestinians", "PSE"), ("Gazan", "PSE"), ("Gazans", "PSE"),
        ("Israeli", "ISR"), ("Egyptian", "EGY"), ("Egyptians", "EGY"), ("Malian", "MLI"),
        ("Malians", "MLI"), ("Burkinabe", "BFA"), ("Nigerien", "NER"), ("Chadian", "TCD"),
        ("Sudanese", "SDN"), ("Darfuri", "SDN"), ("Somali", "SOM"), ("Somalis", "SOM"),
        ("Ukrainian", "UKR"), ("Russian", "RUS"), ("Iraqi", "IRQ"), ("Kurdish", "IRQ"),
        ("Tigrayan", "ETH"), ("Ethiopian", "ETH"), ("Eritrean", "ERI"), ("Bedouin", "ISR"),
        ("Tuareg", "MLI"), ("Fulani", "BFA"),
    ],
)
def test_demonyms_are_not_places(gazetteer: SqliteGazetteer, word: str, iso3: str) -> None:
    assert gazetteer.resolve(word) is None
    assert gazetteer.resolve(word, focus={iso3: 1}) is None
