"""Generic actor classes and the text focus of the actor dictionary (no model needed)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from eventwire.actors import ActorDictionary


def kind(actors: ActorDictionary, text: str, focus: dict[str, float] | None = None,
         on: date | None = None) -> tuple[str, str | None] | None:
    entry = actors.resolve(text, focus=focus, on=on)
    return (entry.type, entry.country) if entry is not None else None


@pytest.mark.parametrize("phrase", ["Israeli UAVs", "Israeli military airplanes", "Israeli warships",
                                    "an Israeli gunship", "Israeli aircrafts"])
def test_craft_stand_for_the_force_of_their_demonym(actors: ActorDictionary, phrase: str) -> None:
    # a Lebanese story: the demonym, not the focus, decides whose force it is
    assert kind(actors, phrase, {"LBN": 1.0}) == ("state_military", "ISR")


def test_bare_craft_take_the_focus_country(actors: ActorDictionary) -> None:
    assert kind(actors, "helicopter gunships", {"MOZ": 1.0}) == ("state_military", "MOZ")


@pytest.mark.parametrize("phrase", ["government forces", "Government forces", "regime forces",
                                    "government troops"])
def test_government_forces_are_the_military_not_the_government(actors: ActorDictionary, phrase: str
                                                               ) -> None:
    assert kind(actors, phrase, {"SOM": 1.0}) == ("state_military", "SOM")


@pytest.mark.parametrize("phrase", ["clan militia", "Hawiye clan militia", "Abgal sub-clan militia",
                                    "communal militia", "ethnic militias", "vigilantes"])
def test_clan_and_communal_militias_are_identity_militias(actors: ActorDictionary, phrase: str
                                                          ) -> None:
    assert kind(actors, phrase, {"SOM": 1.0}) == ("identity_militia", "SOM")
    assert kind(actors, phrase) == ("identity_militia", None)  # no focus: countryless class


def test_a_demonym_places_a_clan_militia(actors: ActorDictionary) -> None:
    assert kind(actors, "Somali clan militia", {"KEN": 1.0}) == ("identity_militia", "SOM")


def test_a_named_group_still_wins_over_the_militia_class(actors: ActorDictionary) -> None:
    entry = actors.resolve("al-Shabaab militia", focus={"SOM": 1.0})
    assert entry is not None and entry.type == "rebel_group"


@pytest.mark.parametrize("phrase", ["armed bandits", "a paramilitary group", "unidentified individuals"])
def test_unnamed_armed_groups(actors: ActorDictionary, phrase: str) -> None:
    assert kind(actors, phrase, {"NGA": 1.0}) == ("political_militia", "NGA")


def test_an_acronym_with_two_meanings_follows_the_story(actors: ActorDictionary) -> None:
    ukraine = actors.resolve("NAF rebel forces", focus={"UKR": 1.0})
    nigeria = actors.resolve("NAF troops", focus={"NGA": 1.0})
    assert ukraine is not None and ukraine.country == "UKR" and ukraine.type == "rebel_group"
    assert nigeria is not None and nigeria.country == "NGA" and nigeria.type == "state_military"
    assert actors.resolve("NAF") is None


def test_libyan_governments_are_two_dated_entries(actors: ActorDictionary) -> None:
    gna = actors.resolve("GNA forces", focus={"LBY": 1.0}, on=date(2019, 6, 1))
    assert gna is not None and "National Accord" in gna.name
    assert gna.valid_on(date(2019, 6, 1)) and not gna.valid_on(date(2023, 6, 1))
    assert actors.resolve("GNA", focus={"GHA": 1.0}) is None  # elsewhere: the news agency
    gnu = actors.resolve("GNU", focus={"LBY": 1.0}, on=date(2023, 6, 1))
    assert gnu is not None and "National Unity" in gnu.name


def test_countries_in_counts_names_demonyms_and_known_actors(actors: ActorDictionary) -> None:
    found = actors.countries_in("Security forces clashed with al-Shabaab fighters near the Kenyan "
                                "border; Somalia's government said two Kenyans were hurt.")
    assert found["SOM"] == 2  # al-Shabaab, Somalia
    assert found["KEN"] == 2  # Kenyan, Kenyans


def test_countries_in_respects_acronym_case(actors: ActorDictionary) -> None:
    assert "USA" not in actors.countries_in("They said it was up to us to decide.")
    assert actors.countries_in("The US embassy said so.")["USA"] == 1


def test_acronym_only_names_match_only_as_acronyms(actors: ActorDictionary) -> None:
    # "CAR" is the Central African Republic; "a car" is a car
    assert not actors.countries_in("Gunmen set fire to a car outside the market.")
    assert actors.countries_in("CAR troops patrolled the market.")["CAF"] == 1
    # a long acronym may be written as a word by house style ("Isis", "Unicef"), not a short one
    assert actors.resolve("Isis fighters") == actors.resolve("ISIS fighters") is not None
    at_sentence_start = actors.resolve("Car troops")
    assert at_sentence_start is None or at_sentence_start.country != "CAF"


def test_countries_in_of_a_text_with_no_country_is_empty(actors: ActorDictionary) -> None:
    assert not actors.countries_in("Soldiers or gendarmes shot dead a man in the village.")


@pytest.mark.parametrize("phrase", ["a tuk-tuk driver", "a civilian businessman", "two clan elders",
                                    "local vendors"])
def test_common_nouns_before_a_civilian_head_are_civilians(actors: ActorDictionary, phrase: str
                                                            ) -> None:
    assert kind(actors, phrase, {"SOM": 1.0}) == ("civilians", "SOM")


@pytest.mark.parametrize("phrase", ["Fulani herders", "the committee of elders"])
def test_a_capitalised_name_or_a_body_is_not_plain_civilians(actors: ActorDictionary, phrase: str
                                                             ) -> None:
    assert actors.resolve(phrase, focus={"NGA": 1.0}) is None


def test_a_place_before_a_group_acronym_is_its_local_unit(actors: ActorDictionary) -> None:
    pdf = actors.resolve("PDF", focus={"MMR": 1.0})
    assert pdf is not None
    assert actors.resolve("the Kalay PDF", focus={"MMR": 1.0}) == pdf
    assert actors.resolve("the Kalay pdf", focus={"MMR": 1.0}) is None  # not written as an acronym


def test_self_defence_militias_of_the_sahel(actors: ActorDictionary) -> None:
    # vigilantes against banditry, a political militia as ACLED codes them; the Dozo are hunters'
    # brotherhoods, an identity militia
    assert kind(actors, "Koglweogo militiamen", {"BFA": 1.0}) == ("political_militia", "BFA")
    assert kind(actors, "Dozos", {"MLI": 1.0}) == ("identity_militia", None)


@pytest.mark.parametrize("phrase", ["two unknown men", "an unknown person", "unknown individuals"])
def test_unknown_people_are_an_unidentified_armed_group(actors: ActorDictionary, phrase: str) -> None:
    assert kind(actors, phrase, {"NGA": 1.0}) == ("political_militia", "NGA")


def test_unknown_before_a_civilian_noun_is_only_a_hedge(actors: ActorDictionary) -> None:
    assert kind(actors, "an unknown number of villagers", {"NGA": 1.0}) == ("civilians", "NGA")


def test_each_name_of_the_renamed_sahel_branch_resolves_to_its_entry(actors: ActorDictionary) -> None:
    old, new = actors.resolve("ISGS militants"), actors.resolve("Islamic State Sahel Province")
    assert old is not None and old.name == "Islamic State in the Greater Sahara"
    assert new is not None and new.name == "Islamic State Sahel Province"


def test_countries_named_by_the_text_itself_leave_out_actors(actors: ActorDictionary) -> None:
    text = "JNIM militants ambushed Burkinabe soldiers near the border."
    assert actors.countries_in(text) == Counter({"MLI": 1, "BFA": 1})
    assert actors.countries_in(text, actors=False) == Counter({"BFA": 1})


def test_a_leaders_forces_are_his_organisations_or_his_states_military(actors: ActorDictionary) -> None:
    on = date(2020, 5, 1)
    hadi = actors.resolve("Hadi forces", focus={"YEM": 1.0}, on=on)
    assert hadi is not None and hadi.type == "state_military" and hadi.country == "YEM"
    haftar = actors.resolve("Haftar forces", focus={"LBY": 1.0}, on=on)
    assert haftar is not None and haftar.type == "state_military" and "Libyan National Army" in haftar.name
    # his spokesman speaks for him: no force
    spokesman = actors.resolve("Hadi's spokesman", focus={"YEM": 1.0}, on=on)
    assert spokesman is not None and spokesman.type == "government"


def test_forces_for_a_named_party_are_that_partys(actors: ActorDictionary) -> None:
    on = date(2020, 5, 1)
    houthis = actors.resolve("Houthis", focus={"YEM": 1.0}, on=on)
    assert houthis is not None
    assert actors.resolve("pro-Houthi fighters", focus={"YEM": 1.0}, on=on) == houthis
    hadi = actors.resolve("pro-Hadi forces", focus={"YEM": 1.0}, on=on)
    assert hadi is not None and hadi.type == "state_military"
    # a nation is not a party: supporters of Palestinians are not Palestinians
    protesters = actors.resolve("pro-Palestinian protesters", focus={"GBR": 1.0}, on=on)
    assert protesters is None or protesters.country != "PSE"


@pytest.mark.parametrize("phrase", ["armed criminals", "a group of armed criminals", "armed persons",
                                    "two hitmen", "a hitman"])
def test_armed_people_are_an_armed_group_whatever_the_speaker_calls_them(actors: ActorDictionary,
                                                                         phrase: str) -> None:
    found = actors.resolve(phrase, focus={"MEX": 1.0})
    assert found is not None and found.id.startswith("unidentified-armed-group"), phrase


@pytest.mark.parametrize("phrase", ["criminals", "a criminal group", "terrorists"])
def test_a_speakers_label_decides_no_class(actors: ActorDictionary, phrase: str) -> None:
    assert actors.resolve(phrase, focus={"MEX": 1.0}) is None
