"""ACLED evaluation format: reading every export layout and scoring hand-built events.

All rows below are invented for the tests, in the style of ACLED notes.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import InputError
from eventwire.evaluate.acled import (
    METRIC_NAMES,
    AcledFormat,
    actor_matches,
    country_iso3,
    geo_precision,
    gold_names,
    inter_code,
    main_event,
    names_match,
    normalise_actor_name,
    parse_acled_date,
    predicted_inter,
    states_date,
)
from eventwire.evaluate.base import EvalCase
from eventwire.model import ActorRef, Article, Event, Location, PloverType, TextSpan

LEGACY_COLUMNS = [
    "", "actor1", "actor2", "admin1", "country", "data_id", "event_date", "event_id_cnty",
    "event_type", "fatalities", "latitude", "location", "longitude", "notes", "year",
]
MODERN_COLUMNS = [
    "event_id_cnty", "event_date", "year", "disorder_type", "event_type", "sub_event_type",
    "actor1", "inter1", "actor2", "inter2", "iso", "country", "admin1", "location", "latitude",
    "longitude", "geo_precision", "notes", "fatalities", "tags", "timestamp",
]
MID_COLUMNS = [
    "data_id", "iso", "event_id_cnty", "event_date", "year", "event_type", "sub_event_type",
    "actor1", "actor2", "country", "latitude", "longitude", "notes", "fatalities", "iso3",
]


def write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in columns})
    return path


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    write_csv(tmp_path / "acled-legacy-test" / "legacy.csv", LEGACY_COLUMNS, [
        {"": "0", "event_id_cnty": "KEN100", "event_date": "2016-06-20", "country": "Kenya",
         "event_type": "Riots/Protests", "actor1": "Protesters (Kenya)", "fatalities": "0",
         "latitude": "-1.2833", "longitude": "36.8167",
         "notes": "On 20 June 2016, traders marched in Nairobi over new market levies."},
        {"": "1", "event_id_cnty": "COD200", "event_date": "2016-06-21",
         "country": "Democratic Republic of Congo", "event_type": "Battle-No change of territory",
         "actor1": "Military Forces of Democratic Republic of Congo (2001-)", "actor2": "Mai-Mai Militia",
         "fatalities": "4", "latitude": "-1.68", "longitude": "29.22",
         "notes": "On 21 June 2016, soldiers fought a militia near Goma. 4 killed."},
        {"": "2", "event_id_cnty": "CIV300", "event_date": "2016-06-22", "country": "Ivory Coast",
         "event_type": "Remote violence", "fatalities": "NA",
         "notes": "On 22 June 2016, a grenade was thrown at a checkpoint near Abidjan."},
        {"": "3", "event_id_cnty": "CIV301", "event_date": "2016-06-22", "country": "Ivory Coast",
         "event_type": "Violence against civilians", "notes": ""},
    ])
    write_csv(tmp_path / "acled-modern-test" / "modern.csv", MODERN_COLUMNS, [
        {"event_id_cnty": "PSE400", "event_date": "6-Jun-25", "country": "Palestine",
         "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
         "actor1": "Military Forces of Israel (2022-)", "actor2": "Civilians (Palestine)",
         "fatalities": "3", "latitude": "31.5017", "longitude": "34.4668", "geo_precision": "1",
         "notes": "On 6 June 2025, an air strike hit a house in Gaza City, killing 3 people."},
        {"event_id_cnty": "SOM500", "event_date": "2025-04-02", "country": "Somalia",
         "event_type": "Violence against civilians", "sub_event_type": "Attack",
         "actor1": "Al Shabaab", "actor2": "Civilians (Somalia)", "fatalities": "1",
         "latitude": "2.0469", "longitude": "45.3182", "geo_precision": "2",
         "notes": "On 2 April 2025, gunmen shot a shopkeeper in Mogadishu."},
    ])
    write_csv(tmp_path / "acled-mid-test" / "mid.csv", MID_COLUMNS, [
        {"event_id_cnty": "SOM500", "event_date": "02 April 2025", "country": "Somalia",
         "event_type": "Violence against civilians", "sub_event_type": "Attack", "iso3": "SOM",
         "notes": "A repeat of an event already read from another extract."},
        {"event_id_cnty": "MMR600", "event_date": "2021-01-02T00:00:00Z", "country": "Burma",
         "event_type": "Explosions/Remote violence", "sub_event_type": "Grenade", "iso3": "MMR",
         "notes": "On 2 January 2021, a grenade exploded near a ward office in Yangon."},
        {"event_id_cnty": "ROU700", "event_date": "03 December 2020", "country": "Romania",
         "event_type": "Protests", "sub_event_type": "Peaceful protest", "iso3": "ROM",
         "notes": "On 3 December 2020, nurses rallied in Bucharest for better pay."},
    ])
    return tmp_path


def cases_by_id(path: Path) -> dict[str, EvalCase]:
    return {case.case_id: case for case in AcledFormat().cases(path)}


# ---- reading ------------------------------------------------------------------------------


def test_folder_reads_every_extract_in_sorted_order_and_skips_repeats(dataset: Path) -> None:
    ids = [case.case_id for case in AcledFormat().cases(dataset)]
    # legacy, mid, modern (sorted folder names); SOM500 first seen in "mid", CIV301 has no notes
    assert ids == ["KEN100", "COD200", "CIV300", "SOM500", "MMR600", "ROU700", "PSE400"]


def test_case_keeps_notes_id_and_group_but_not_the_event_date(dataset: Path) -> None:
    case = cases_by_id(dataset)["PSE400"]
    assert case.article.id == "PSE400"
    assert case.article.text.startswith("On 6 June 2025, an air strike")
    assert case.article.date is None
    assert case.group == "acled-modern-test"


def test_single_file_is_read_alone(dataset: Path) -> None:
    ids = [c.case_id for c in AcledFormat().cases(dataset / "acled-modern-test" / "modern.csv")]
    assert ids == ["PSE400", "SOM500"]


@pytest.mark.parametrize(("case_id", "expected"), [
    ("KEN100", date(2016, 6, 20)),     # ISO
    ("PSE400", date(2025, 6, 6)),      # 6-Jun-25
    ("MMR600", date(2021, 1, 2)),      # ISO with T00:00:00Z
    ("ROU700", date(2020, 12, 3)),     # 03 December 2020
])
def test_dates_parse_in_every_layout(dataset: Path, case_id: str, expected: date) -> None:
    assert cases_by_id(dataset)[case_id].gold["date"] == expected


@pytest.mark.parametrize("text", ["", "NA", "sometime in June"])
def test_unreadable_dates_are_none(text: str) -> None:
    assert parse_acled_date(text or None) is None


@pytest.mark.parametrize(("case_id", "iso3"), [
    ("KEN100", "KEN"), ("COD200", "COD"), ("CIV300", "CIV"), ("PSE400", "PSE"),
    ("MMR600", "MMR"), ("ROU700", "ROU"),  # iso3 column says the obsolete "ROM": the name wins
])
def test_country_iso3(dataset: Path, case_id: str, iso3: str) -> None:
    assert cases_by_id(dataset)[case_id].gold["country_iso3"] == iso3


def test_geo_precision_is_read_where_the_export_has_it(dataset: Path) -> None:
    cases = cases_by_id(dataset)
    assert cases["PSE400"].gold["geo_precision"] == 1
    assert cases["KEN100"].gold["geo_precision"] is None  # the legacy layout has no such column


@pytest.mark.parametrize(("cell", "expected"), [
    ("1", 1), ("3", 3), ("2.0", 2), (None, None), ("0", None), ("4", None), ("two", None),
])
def test_geo_precision_codes(cell: str | None, expected: int | None) -> None:
    assert geo_precision(cell) == expected


def test_iso3_column_wins_over_the_name() -> None:
    assert country_iso3("Somewhere Else", iso3="som") == "SOM"
    assert country_iso3("Cote d\u2019Ivoire") == "CIV"
    assert country_iso3("Atlantis") is None


def test_legacy_types_map_to_the_modern_taxonomy(dataset: Path) -> None:
    cases = cases_by_id(dataset)
    battle, remote, riot = cases["COD200"].gold, cases["CIV300"].gold, cases["KEN100"].gold
    assert (battle["event_type"], battle["sub_event_type"]) == ("Battles", "Armed clash")
    assert (remote["event_type"], remote["sub_event_type"]) == ("Explosions/Remote violence", None)
    assert (riot["event_type"], riot["sub_event_type"]) == (None, None)
    assert riot["legacy_event_type"] == "Riots/Protests"


def test_modern_rows_keep_their_labels_even_when_the_name_is_also_legacy(dataset: Path) -> None:
    gold = cases_by_id(dataset)["SOM500"].gold
    assert (gold["event_type"], gold["sub_event_type"]) == ("Violence against civilians", "Attack")
    assert gold["legacy_event_type"] is None


def test_numbers_and_actors(dataset: Path) -> None:
    cases = cases_by_id(dataset)
    gold = cases["COD200"].gold
    assert (gold["fatalities"], gold["lat"], gold["lon"]) == (4, -1.68, 29.22)
    assert gold["actor2"] == "Mai-Mai Militia"
    assert cases["CIV300"].gold["fatalities"] is None
    assert cases["CIV300"].gold["actor2"] == ""


def test_a_csv_without_acled_columns_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "other.csv", ["id", "text"], [{"id": "1", "text": "x"}])
    with pytest.raises(InputError, match="not an ACLED export"):
        list(AcledFormat().cases(path))


# ---- scoring ------------------------------------------------------------------------------


def event(*, acled: str | None = None, sub: str | None = None, historical: bool = False,
          actor: ActorRef | None = None, recipient: ActorRef | None = None,
          when: date | None = None, place: Location | None = None,
          fatalities: int | None = None, n: int = 0) -> Event:
    span = TextSpan("hit", n, n + 3)
    return Event(event_id=f"ev-{n}", article_id="a", event_type=PloverType.ASSAULT, evidence=span,
                 trigger=span, acled_event_type=acled, acled_sub_event_type=sub, actor=actor,
                 recipient=recipient, date=when, historical=historical, location=place,
                 fatalities=fatalities)


def actor(name: str | None, text: str = "", actor_type: str | None = None,
          country: str | None = None) -> ActorRef:
    return ActorRef(text=text or name or "", start=0, end=1, name=name, actor_type=actor_type,
                    country=country)


def place(lat: float | None, lon: float | None, country: str | None = None,
          precision: int | None = None) -> Location:
    return Location(name="here", text="here", start=0, end=4, lat=lat, lon=lon, country=country,
                    precision=precision)


def case(case_id: str, group: str = "g", **gold: Any) -> EvalCase:
    values: dict[str, Any] = {
        "event_type": None, "sub_event_type": None, "legacy_event_type": None, "fatalities": None,
        "date": None, "lat": None, "lon": None, "country_iso3": None, "actor1": "", "actor2": "",
    }
    values.update(gold)
    return EvalCase(case_id=case_id, article=Article(id=case_id, text="x"), gold=values, group=group)


def score(*pairs: tuple[EvalCase, list[Event]]) -> dict[str, float | None]:
    return AcledFormat().score(list(pairs), dataset="test").metrics


def test_main_event_prefers_typed_current_events() -> None:
    old = event(acled="Battles", historical=True, n=1)
    untyped = event(n=2)
    typed = event(acled="Riots", n=3)
    assert main_event([old, untyped, typed]) is typed
    assert main_event([old, untyped]) is untyped
    assert main_event([old]) is None
    assert main_event([]) is None


def test_metric_keys_are_exactly_the_documented_ones() -> None:
    assert list(score((case("a", event_type="Battles"), [event(acled="Battles")]))) == list(METRIC_NAMES)


def test_event_type_metrics_use_the_main_event() -> None:
    metrics = score(
        (case("a", event_type="Battles", sub_event_type="Armed clash"),
         [event(acled="Protests", historical=True), event(acled="Battles", sub="Armed clash", n=1)]),
        (case("b", event_type="Protests", sub_event_type="Peaceful protest"),
         [event(acled="Riots", sub="Mob violence")]),
    )
    assert metrics["event_type_accuracy"] == 0.5
    assert metrics["sub_event_type_accuracy"] == 0.5
    assert metrics["event_type_macro_f1"] == pytest.approx(0.5)  # gold classes: Battles 1, Protests 0
    assert metrics["event_type_weighted_f1"] == pytest.approx(0.5)


def test_legacy_riots_protests_are_scored_apart_on_a_coarse_label() -> None:
    report = AcledFormat().score([
        (case("a", legacy_event_type="Riots/Protests"), [event(acled="Riots")]),
        (case("b", legacy_event_type="Riots/Protests"), [event(acled="Battles")]),
        (case("c", event_type="Battles"), [event(acled="Battles")]),
    ], dataset="test")
    assert report.metrics["event_type_accuracy"] == 1.0
    assert report.tables["scored_cases"]["event_type"] == 1
    assert report.tables["legacy_riots_protests"] == {"cases": 2, "coarse_accuracy": 0.5}
    assert any("Riots/Protests" in note for note in report.notes)


def test_fatalities_date_country_and_distance() -> None:
    gaza = place(31.50, 34.47, "PSE")
    metrics = score(
        (case("a", fatalities=0, date=date(2025, 6, 6), country_iso3="PSE", lat=31.5017, lon=34.4668),
         [event(when=date(2025, 6, 6), place=gaza)]),                  # None fatalities == 0
        (case("b", fatalities=3, date=date(2025, 6, 6), country_iso3="ISR", lat=31.80, lon=34.65),
         [event(fatalities=3, when=date(2025, 6, 5), place=gaza)]),    # ~37 km away
        (case("c", fatalities=2, date=date(2025, 6, 6), country_iso3="PSE", lat=31.5, lon=34.47),
         [event(fatalities=1, place=place(None, None, "PSE"))]),        # place without coordinates
        (case("d", fatalities=1, date=date(2025, 6, 6), country_iso3="PSE", lat=31.5, lon=34.47),
         []),
    )
    assert metrics["fatalities_exact"] == 0.5
    assert metrics["date_exact"] == 0.25
    assert metrics["country_match"] == 0.5
    assert metrics["within_10km"] == 0.25
    assert metrics["within_50km"] == 0.5
    assert metrics["no_event_rate"] == 0.25


def test_geo_precision_agreement_counts_a_missing_place_or_precision_as_a_miss() -> None:
    town, region = place(31.5, 34.47, "PSE", precision=1), place(31.9, 35.2, "PSE", precision=3)
    report = AcledFormat().score([
        (case("a", geo_precision=1), [event(place=town)]),                           # agrees
        (case("b", geo_precision=2), [event(place=town)]),                           # 1 for 2
        (case("c", geo_precision=3), [event(place=region)]),                         # agrees
        (case("d", geo_precision=1), [event(place=place(31.5, 34.47, "PSE"))]),      # no precision
        (case("e", geo_precision=2), [event()]),                                     # no place
        (case("f", geo_precision=1), []),                                            # no event
        (case("g"), [event(place=town)]),                                # no gold code: left out
    ], dataset="test")
    assert report.metrics["geo_precision_agreement"] == pytest.approx(2 / 6)
    assert report.tables["scored_cases"]["geo_precision"] == 6
    assert report.tables["precision_confusion"] == {
        "1": {"1": 1, "(none)": 2}, "2": {"1": 1, "(none)": 1}, "3": {"3": 1},
    }
    assert any(note.startswith("geo_precision_agreement") and "miss" in note for note in report.notes)


@pytest.mark.parametrize(("text", "expected"), [
    ("On 16 April 2025, overnight, militants attacked a base.", True),
    ("On April 16, 2025 militants attacked a base.", True),
    ("Militants attacked a base on 16th April 2025.", True),
    ("On 16-Apr-2025 militants attacked a base.", True),
    ("Reported on 16/04/2025: militants attacked a base.", True),
    ("On April 16, militants attacked a base.", False),   # no year
    ("On 17 April 2025, militants attacked a base.", False),  # another day
    ("Militants attacked a base.", False),
])
def test_states_date_only_when_day_month_and_year_are_written(text: str, expected: bool) -> None:
    assert states_date(text, date(2025, 4, 16)) is expected


def test_date_exact_stated_counts_only_cases_whose_text_gives_the_date() -> None:
    day = date(2025, 4, 16)
    metrics = score(
        (case("a", date=day, date_stated=True), [event(when=day)]),
        (case("b", date=day, date_stated=True), [event(when=date(2025, 4, 15))]),
        (case("c", date=day, date_stated=False), [event(when=None)]),
    )
    assert metrics["date_exact"] == pytest.approx(1 / 3)
    assert metrics["date_exact_stated"] == 0.5


def test_cases_without_gold_values_are_left_out() -> None:
    metrics = score((case("a"), [event(acled="Battles", fatalities=2)]))
    for name in ("event_type_accuracy", "fatalities_exact", "date_exact", "country_match",
                 "within_10km", "geo_precision_agreement", "actor1_match", "actor2_match"):
        assert metrics[name] is None, name
    assert metrics["no_event_rate"] == 0.0


def test_actor_name_normalisation() -> None:
    assert normalise_actor_name("Military Forces of Israel (2022-)") == "israel"
    assert normalise_actor_name("The Al-Shabaab (Somalia)") == "al shabaab"


@pytest.mark.parametrize(("gold", "predicted", "expected"), [
    ("Al Shabaab", "al-Shabaab", True),
    ("Military Forces of Israel (2022-)", "Israel Defense Forces", True),          # containment
    ("JNIM: Group for Support of Islam and Muslims", "Group for the Support of Islam and Muslims", True),
    ("Islamic State (Greater Sahara)", "Ansaroul Islam", False),
    ("Koglweogo Militia", "Koglweogo self-defence group", False),               # Jaccard 1/5
    ("Ansaroul Islam Militia", "Ansaroul Islam fighters", True),                # Jaccard 2/4
    ("Hamas Movement", "Hezbollah", False),
])
def test_lenient_name_match(gold: str, predicted: str, expected: bool) -> None:
    assert names_match(gold, predicted) is expected


@pytest.mark.parametrize(("gold", "predicted", "expected"), [
    ("Civilians (Palestine)", actor(None, "residents", "civilians", "PSE"), True),
    ("Civilians (Palestine)", actor(None, "residents", "civilians", "ISR"), False),
    ("Protesters (Nigeria)", actor(None, "demonstrators", "protesters", "NGA"), True),
    ("Protesters (Nigeria)", actor(None, "demonstrators", "rioters", "NGA"), False),
    ("Military Forces of Israel (2022-)", actor(None, "troops", "state_military", "ISR"), True),
    ("Military Forces of Israel (2022-)", actor(None, "officers", "police", "ISR"), False),
    ("Police Forces of Israel (2022-) Prison Guards", actor(None, "officers", "police", "ISR"), True),
    ("Unidentified Armed Group (Somalia)", actor(None, "gunmen", "political_militia", "SOM"), True),
    ("Unidentified Gang (Mexico)", actor(None, "armed men", "political_militia", "MEX"), True),
    ("Unidentified Gang (Mexico)", actor(None, "armed men", "political_militia", "BRA"), False),
    ("Unidentified Gang (Mexico)", actor(None, "residents", "civilians", "MEX"), False),
    ("Unidentified Gang and/or Police Militia", actor(None, "armed men", "political_militia", "BRA"), True),
    ("Unidentified Gang and/or Police Militia", actor(None, "officers", "police", "BRA"), False),
    ("Civilians (International)", actor(None, "aid workers", "civilians", "USA"), True),
    ("Al Shabaab", actor(None, "gunmen", "political_militia", "SOM"), False),
    ("Al Shabaab", None, False),
])
def test_actor_class_match(gold: str, predicted: ActorRef | None, expected: bool) -> None:
    assert actor_matches(gold, predicted) is expected


def test_acled_acronym_form_matches_either_half_and_spellings_fold() -> None:
    gold = "JNIM: Group for Support of Islam and Muslims"
    assert actor_matches(gold, actor(None, "JNIM militants"))
    assert not actor_matches(gold, actor(None, "ISGS militants"))
    assert actor_matches("People's Defence Force", actor("People's Defense Force"))
    assert normalise_actor_name("Defence Forces") == "defense forces"


def test_an_entity_matches_under_an_alias_the_dictionary_writes_for_it_exactly() -> None:
    # our JNIM entry is named by its Arabic transliteration; "JNIM" is one of its aliases
    macina = replace(actor("Katiba Macina", "Katiba Macina militants"), actor_id="katiba-macina",
                     affiliation="Jama'at Nusrat al-Islam wal-Muslimin", affiliation_id="jnim")
    assert actor_matches("JNIM: Group for Support of Islam and Muslims", macina)
    # an alias only matches as the whole gold name: "Israeli army" is not "Israeli Army Radio"
    idf = replace(actor("Israel Defense Forces"), actor_id="idf")
    assert not actor_matches("Islamic State (Greater Sahara)", macina)
    assert not actor_matches("Israeli Army Radio Staff", idf)


def test_a_state_unit_is_named_by_its_own_name_too() -> None:
    # ACLED writes the Houthi authorities' forces as a unit of Yemen's military
    houthis = replace(actor("Houthis (Ansar Allah)", "Houthi fighters"), actor_id="houthis")
    assert gold_names("Military Forces of Yemen (2016-) Supreme Political Council") == [
        "Military Forces of Yemen (2016-) Supreme Political Council", "Supreme Political Council"]
    assert actor_matches("Military Forces of Yemen (2016-) Supreme Political Council", houthis)
    # the unit names only its own entity: Yemen's government army is not the Houthis
    assert not actor_matches("Military Forces of Yemen (2012-)", houthis)
    assert gold_names("Military Forces of Yemen (2012-)") == ["Military Forces of Yemen (2012-)"]


def test_actor_match_uses_the_text_when_unresolved() -> None:
    assert actor_matches("Al Shabaab", actor(None, "Al-Shabaab fighters"))


def test_actor_metrics_compare_actor1_with_actor_and_actor2_with_recipient() -> None:
    idf = actor("Israel Defense Forces", actor_type="state_military", country="ISR")
    people = actor(None, "residents", "civilians", "PSE")
    metrics = score(
        (case("a", actor1="Military Forces of Israel (2022-)", actor2="Civilians (Palestine)"),
         [event(actor=idf, recipient=people)]),
        (case("b", actor1="Military Forces of Israel (2022-)", actor2="Civilians (Palestine)"),
         [event(actor=people, recipient=idf)]),                       # roles swapped: both miss
        (case("c", actor1="Protesters (Nigeria)"), [event(actor=people)]),  # no gold actor2
    )
    assert metrics["actor1_match"] == pytest.approx(1 / 3)
    assert metrics["actor2_match"] == 0.5


def test_groups_and_tables() -> None:
    report = AcledFormat().score([
        (case("a", group="north", event_type="Battles", sub_event_type="Armed clash"),
         [event(acled="Battles", sub="Armed clash")]),
        (case("b", group="south", event_type="Battles", sub_event_type="Armed clash"),
         [event(acled="Riots", sub="Mob violence")]),
        (case("c", group="south", event_type="Protests", sub_event_type="Peaceful protest"), []),
    ], dataset="test")
    assert report.cases == 3
    assert report.format == "acled"
    assert sorted(report.groups) == ["north", "south"]
    assert report.groups["north"]["event_type_accuracy"] == 1.0
    assert report.groups["south"]["event_type_accuracy"] == 0.0
    assert report.groups["south"]["no_event_rate"] == 0.5
    assert report.tables["event_type_confusion"] == {
        "Battles": {"Battles": 1, "Riots": 1}, "Protests": {"(none)": 1},
    }
    assert report.tables["sub_event_type_confusion"]["Armed clash"] == {"Armed clash": 1, "Mob violence": 1}
    battles = report.tables["event_type_per_class"]["Battles"]
    assert battles["precision"] == 1.0
    assert battles["recall"] == 0.5
    assert battles["support"] == 2


def test_every_extract_reports_the_geocoding_metrics() -> None:
    gaza_city = place(31.5017, 34.4668, "PSE", precision=1)
    report = AcledFormat().score([
        (case("a", group="gaza", country_iso3="PSE", lat=31.5017, lon=34.4668, geo_precision=1),
         [event(place=gaza_city)]),
        (case("b", group="somalia", country_iso3="SOM", lat=2.0469, lon=45.3182, geo_precision=2),
         [event(place=gaza_city)]),
    ], dataset="test")
    geocoding = ("country_match", "within_10km", "within_50km", "geo_precision_agreement")
    assert {name: report.groups["gaza"][name] for name in geocoding} == dict.fromkeys(geocoding, 1.0)
    assert {name: report.groups["somalia"][name] for name in geocoding} == dict.fromkeys(geocoding, 0.0)


# ---- actor types (inter codes) -------------------------------------------------------------


@pytest.mark.parametrize(("cell", "expected"), [
    ("State forces", 1), ("External/Other forces", 8), (" civilians ", 7), ("3", 3), ("2.0", 2),
    ("0", None), ("9", None), ("", None), (None, None), ("nonsense", None),
])
def test_inter_codes_read_as_numbers_or_type_names(cell: str | None, expected: int | None) -> None:
    assert inter_code(cell) == expected


@pytest.mark.parametrize("cell", ["NaN", "nan", "inf"])
def test_a_nan_or_infinite_cell_is_no_code(cell: str) -> None:
    # pandas writes missing numbers as NaN; the reader must not crash on them
    assert inter_code(cell) is None


def test_inter_codes_are_read_from_the_export(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "inter.csv", MODERN_COLUMNS, [
        {"event_id_cnty": "LBN800", "event_date": "2024-10-01", "country": "Lebanon",
         "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
         "actor1": "Military Forces of Israel (2022-)", "inter1": "External/Other forces",
         "actor2": "Civilians (Lebanon)", "inter2": "7",
         "notes": "On 1 October 2024, a drone struck a car near Tyre."},
        {"event_id_cnty": "LBN801", "event_date": "2024-10-01", "country": "Lebanon",
         "event_type": "Protests", "sub_event_type": "Peaceful protest",
         "actor1": "Protesters (Lebanon)", "inter1": "Protesters", "inter2": "0",
         "notes": "On 1 October 2024, teachers rallied in Beirut over unpaid wages."},
    ])
    cases = {c.case_id: c.gold for c in AcledFormat().cases(path)}
    assert (cases["LBN800"]["inter1"], cases["LBN800"]["inter2"]) == (8, 7)
    assert (cases["LBN801"]["inter1"], cases["LBN801"]["inter2"]) == (6, None)


IDF = actor("Israel Defense Forces", actor_type="state_military", country="ISR")
RESIDENTS = actor(None, "residents", "civilians", "PSE")


def test_state_forces_outside_their_country_are_external_forces() -> None:
    assert predicted_inter(event(actor=IDF, place=place(31.5, 34.47, "PSE")), "actor") == 8
    assert predicted_inter(event(actor=IDF, place=place(32.08, 34.78, "ISR")), "actor") == 1


def test_without_a_place_the_actor_type_gives_the_code() -> None:
    assert predicted_inter(event(actor=IDF), "actor") == 1
    assert predicted_inter(event(actor=IDF, recipient=RESIDENTS), "recipient") == 7
    # only state forces count as external: civilians abroad are still civilians
    assert predicted_inter(event(recipient=RESIDENTS, place=place(32.08, 34.78, "ISR")), "recipient") == 7


def test_no_actor_no_type_or_no_event_has_no_code() -> None:
    assert predicted_inter(event(), "actor") is None
    assert predicted_inter(event(actor=actor("Someone")), "actor") is None  # unresolved type
    assert predicted_inter(None, "recipient") is None


def test_actor_type_agreement_pools_both_slots_and_counts_a_missing_actor_as_a_miss() -> None:
    gaza, tel_aviv = place(31.5, 34.47, "PSE"), place(32.08, 34.78, "ISR")
    report = AcledFormat().score([
        (case("a", inter1=8, inter2=7), [event(actor=IDF, recipient=RESIDENTS, place=gaza)]),  # both agree
        (case("b", inter1=1, inter2=2), [event(actor=IDF, place=tel_aviv)]),   # 1 agrees; no recipient
        (case("c", inter1=3, inter2=7), [event(actor=RESIDENTS, recipient=RESIDENTS)]),  # 7 for 3; 7 agrees
        (case("d", inter1=2), []),                                              # no event: a miss
        (case("e"), [event(actor=IDF, place=gaza)]),                            # no gold codes: left out
    ], dataset="test")
    assert report.metrics["actor1_type_agreement"] == 0.5             # a, b of a b c d
    assert report.metrics["actor2_type_agreement"] == pytest.approx(2 / 3)  # a, c of a b c
    assert report.metrics["actor_type_agreement"] == pytest.approx(4 / 7)
    assert (report.tables["scored_cases"]["inter1"], report.tables["scored_cases"]["inter2"]) == (4, 3)


def test_actor_type_agreement_is_none_without_gold_codes() -> None:
    metrics = score((case("a", actor1="Al Shabaab"), [event(actor=IDF)]))
    for name in ("actor_type_agreement", "actor1_type_agreement", "actor2_type_agreement"):
        assert metrics[name] is None, name
