"""Tests of the default stages: enclosing areas of a place, the admin fallback, the actor focus
fallback and unattributed explosive attacks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from typing import cast

import pytest
import spacy
from spacy.tokens import Span

from eventwire.config import Settings
from eventwire.extract.attach import plausible_in_article
from eventwire.extract.stages import _admin_names, _resolve_in_context, enclosing_names
from eventwire.geo.countries import neighbours
from eventwire.geo.gazetteer import Gazetteer, PlaceRecord
from eventwire.model import Article, PloverType
from eventwire.nlp.loader import dateline_area, dateline_city
from eventwire.pipeline import Coder

KANI_JAPAN = PlaceRecord("g:kani-jp", "Kani", 35.4, 137.1, "JPN", "populated_place", 100000, 1, "Gifu")
KANI_MYANMAR = PlaceRecord("g:kani-mm", "Kani", 22.4, 94.8, "MMR", "populated_place", 5000, 2,
                           "Sagaing Region", "Yinmarbin District")
YINMARBIN = PlaceRecord("admin:7", "Yinmarbin District", 22.1, 94.9, "MMR", "admin2", 300000, None,
                        "Sagaing Region")


class WithinGazetteer:
    """Kani is in Japan unless an enclosing Myanmar area is named; "Tamu" is unknown."""

    def __init__(self, *, myanmar_kani: bool) -> None:
        self.myanmar_kani = myanmar_kani

    def resolve(self, name: str, *, focus: Mapping[str, float] | None = None,
                within: Sequence[str] = ()) -> PlaceRecord | None:
        if name != "Kani":
            return None
        if not within:
            return KANI_JAPAN
        return KANI_MYANMAR if self.myanmar_kani else None

    def resolve_enclosing(self, within: Sequence[str], *,
                          focus: Mapping[str, float] | None = None) -> PlaceRecord | None:
        return YINMARBIN if "Yinmarbin District" in within else None


@pytest.fixture(scope="module")
def blank() -> spacy.language.Language:
    return spacy.blank("en")


def mention(nlp: spacy.language.Language, text: str, name: str) -> Span:
    doc = nlp(text)
    start = text.index(name)
    span = doc.char_span(start, start + len(name))
    assert span is not None
    return span


@pytest.mark.parametrize(("text", "name", "expected"), [
    ("Troops shelled Kani (Yinmarbin District, Sagaing Region) on Monday.", "Kani",
     ["Yinmarbin District", "Sagaing Region"]),
    ("Two men were shot in Tepalcatepec, Michoacan, on Friday.", "Tepalcatepec", ["Michoacan"]),
    ("A bomb hit a bus in Cucuta, Norte de Santander department overnight.", "Cucuta",
     ["Norte de Santander department"]),
    ("Police raided Gidan Bako village (Kaura, Kaduna) at dawn.", "Gidan Bako", ["Kaura", "Kaduna"]),
    # a person speaking, a list of places and a coder's note are not enclosing areas
    ("A blast was heard in Mogadishu, Abdi said.", "Mogadishu", []),
    ("Strikes hit Kabul, Kandahar and Herat.", "Kabul", []),
    ("Fighting resumed in Djibo (reported by local media).", "Djibo", []),
    # a dateline's brackets hold the agency; the name after its comma encloses the town
    ("KALE (Irrawaddy Wire) - A bomb exploded on Monday.", "KALE", []),
    ("BANFORA, Burkina Faso (AFP) - Gunmen killed a trader.", "BANFORA", ["Burkina Faso"]),
])
def test_enclosing_names_are_read_after_the_place(blank: spacy.language.Language, text: str, name: str,
                                                  expected: list[str]) -> None:
    assert enclosing_names(mention(blank, text, name)) == expected


def test_a_place_is_read_inside_its_enclosing_areas(blank: spacy.language.Language) -> None:
    span = mention(blank, "Soldiers burned houses in Kani (Yinmarbin District, Sagaing Region).", "Kani")
    gazetteer = cast(Gazetteer, WithinGazetteer(myanmar_kani=True))
    reading = _resolve_in_context(gazetteer, span, Counter({"MMR": 1}), Counter({"MMR": 1}))
    assert (reading.record, reading.confirmed, reading.by_area) == (KANI_MYANMAR, True, False)


def test_an_unknown_place_falls_back_to_its_enclosing_area(blank: spacy.language.Language) -> None:
    span = mention(blank, "Soldiers burned houses in Kani (Yinmarbin District, Sagaing Region).", "Kani")
    gazetteer = cast(Gazetteer, WithinGazetteer(myanmar_kani=False))
    # Japan counts only because of this very mention's first reading: not support enough
    reading = _resolve_in_context(gazetteer, span, Counter({"JPN": 1, "MMR": 1}), Counter({"MMR": 1}))
    assert (reading.record, reading.confirmed, reading.by_area) == (YINMARBIN, True, True)


def test_a_plain_reading_the_article_supports_is_kept(blank: spacy.language.Language) -> None:
    span = mention(blank, "Protests in Kani, Gifu, drew hundreds.", "Kani")
    gazetteer = cast(Gazetteer, WithinGazetteer(myanmar_kani=False))
    reading = _resolve_in_context(gazetteer, span, Counter({"JPN": 2}), Counter({"JPN": 1}))
    assert (reading.record, reading.confirmed, reading.by_area) == (KANI_JAPAN, False, False)


def test_admin_names_of_places_and_areas() -> None:
    assert _admin_names(KANI_MYANMAR) == ("Sagaing Region", "Yinmarbin District")
    assert _admin_names(YINMARBIN) == ("Sagaing Region", "Yinmarbin District")
    region = PlaceRecord("admin:1", "Sagaing Region", 23.0, 95.0, "MMR", "admin1", 5000000, None, None)
    assert _admin_names(region) == ("Sagaing Region", None)


# --- with the shipped model, gazetteer and actor dictionary ----------------------------------


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder.default(Settings())


def test_a_place_the_gazetteer_lacks_is_coded_to_its_district(coder: Coder) -> None:
    text = ("On 12 May 2024, soldiers burned houses in Zzyxqo village (Kismaayo, Lower Juba), "
            "residents said.")
    (event,) = [e for e in coder.code(Article("t-admin", text)) if e.event_type is PloverType.ASSAULT]
    assert event.location is not None and event.location.country == "SOM"
    assert event.location.text == "Zzyxqo"
    assert event.location.admin1 == "Lower Juba"  # placed at the enclosing area it names


def test_an_unclaimed_bombing_gets_the_unidentified_armed_group(coder: Coder) -> None:
    text = "A roadside bomb exploded near a police vehicle in Kismayo, killing two officers."
    (event,) = [e for e in coder.code(Article("t-ied", text, date(2024, 5, 12)))
                if e.event_type is PloverType.ASSAULT]
    assert event.actor is not None and event.actor.actor_type == "political_militia"
    assert event.actor.country == "SOM" and event.actor.text == ""
    assert event.extras["actor_source"] == "unattributed"


def test_a_named_bomber_is_not_replaced(coder: Coder) -> None:
    text = "Al-Shabaab fighters detonated a bomb near a police vehicle in Kismayo, killing two officers."
    (event,) = [e for e in coder.code(Article("t-claimed", text, date(2024, 5, 12)))
                if e.event_type is PloverType.ASSAULT]
    assert event.actor is not None and "Shabaab" in (event.actor.name or "")
    assert "actor_source" not in event.extras


def test_generic_police_take_the_country_the_text_names_without_places(coder: Coder) -> None:
    text = "Kenyan police fired tear gas at protesters, and police arrested twelve students."
    events = coder.code(Article("t-focus", text, date(2024, 5, 12)))
    countries = {e.actor.country for e in events if e.actor is not None and e.actor.actor_type == "police"}
    assert countries == {"KEN"}


def test_a_toll_sentence_after_a_statement_joins_the_paragraphs_attack(coder: Coder) -> None:
    text = ("Gunmen attacked a bus near Kismayo on Monday. The governor condemned the attack. "
            "Three passengers died.")
    assaults = [e for e in coder.code(Article("t-toll", text, date(2024, 5, 12)))
                if e.event_type is PloverType.ASSAULT]
    assert len(assaults) == 1
    assert assaults[0].fatalities == 3


SONA_PANAMA = PlaceRecord("g:sona", "Sona", 8.0, -81.3, "PAN", "populated_place", 7669, 3, "Veraguas")
BRIA = PlaceRecord("g:bria", "Bria", 6.5, 22.0, "CAF", "populated_place", 47226, 4, "Haute-Kotto")
VOVCHANSK = PlaceRecord("g:vov", "Vovchansk", 50.3, 36.9, "UKR", "populated_place", 17459, 5, "Kharkiv")


def test_a_lone_village_far_from_every_country_the_actors_name_is_implausible() -> None:
    # "Sona" in a story about JNIM (Mali) and no other place: not the Panamanian village
    assert not plausible_in_article(SONA_PANAMA, other_mentions=Counter(), named=Counter({"MLI": 1}))
    # a village of a neighbouring country is near enough: Russian forces shell Ukraine
    assert plausible_in_article(VOVCHANSK, other_mentions=Counter(), named=Counter({"RUS": 1}))
    # a regional town stands on its own (foreign forces act abroad; the actor words may err)
    assert plausible_in_article(BRIA, other_mentions=Counter(), named=Counter({"RUS": 1}))
    # with nothing named, a lone place has no rival reading
    assert plausible_in_article(SONA_PANAMA, other_mentions=Counter(), named=Counter())


def test_neighbours_are_land_borders() -> None:
    assert {"MLI", "NER", "GHA"} <= neighbours("BFA")
    assert "UKR" in neighbours("RUS") and "PAN" not in neighbours("MLI")
    assert neighbours("XXX") == frozenset()


@pytest.mark.parametrize(("text", "city"), [
    ("BANFORA (AFP) - Gunmen killed a trader.", "BANFORA"),
    ("EL FASHER / NEW YORK (Wire) - Shelling resumed.", "EL FASHER"),
    ("HEBRON, West Bank, June 21 - Settlers attacked.", "HEBRON"),
    ("Gunmen killed a trader in Banfora.", None),
])
def test_the_dateline_city_is_a_span(blank: spacy.language.Language, text: str, city: str | None) -> None:
    found = dateline_city(blank(text))
    assert (found.text if found is not None else None) == city


@pytest.mark.parametrize(("text", "area"), [
    ("FARYAB, Afghanistan (AFP) - Gunmen killed two policemen.", "Afghanistan"),
    ("HEBRON, West Bank, June 21 - Settlers attacked.", "West Bank"),
    ("KHARTOUM, March 3 -- Shelling resumed.", None),  # a date, not an area
    ("BANFORA (AFP) - Gunmen killed a trader.", None),
])
def test_the_dateline_area_is_the_words_after_its_city(blank: spacy.language.Language, text: str,
                                                      area: str | None) -> None:
    assert dateline_area(blank(text)) == area
