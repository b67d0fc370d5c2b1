"""The actor dictionary: YAML checks, phrase resolution and spaCy patterns (no model needed)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import spacy

from eventwire.actors import (
    TYPE_CODES,
    ActorDictionary,
    ActorDictionaryError,
    ActorEntry,
    acled_inter_for,
    default_actor_dictionary,
)
from eventwire.errors import EventwireError


@pytest.fixture(scope="module", autouse=True)
def _cache_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the index cache out of the user's home while testing."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("EVENTWIRE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


def resolved(actors: ActorDictionary, text: str, focus: dict[str, float] | None = None,
             on: date | None = None) -> str | None:
    entry = actors.resolve(text, focus=focus, on=on)
    return entry.id if entry else None


# --- the YAML ----------------------------------------------------------------------------

def test_packaged_yaml_loads_with_hundreds_of_checked_entries(actors: ActorDictionary) -> None:
    explicit = [e for e in actors.entries() if not _generated(e)]
    assert len(explicit) >= 200
    assert all(e.type in TYPE_CODES for e in actors.entries())
    assert all(e.parent is None or actors.get(e.parent) is not None for e in actors.entries())
    assert all(e.country is None or len(e.country) == 3 and e.country.isupper()
               for e in actors.entries())


def _generated(entry: ActorEntry) -> bool:
    prefixes = ("military-", "police-", "government-", "civilians", "protesters", "rioters",
                "unidentified-armed-group")
    return entry.id.startswith(prefixes)


def test_codes_come_from_the_type_table(actors: ActorDictionary) -> None:
    idf = actors.get("idf")
    settlers = actors.get("israeli-settlers")
    shin_bet = actors.get("shin-bet")
    assert idf is not None and settlers is not None and shin_bet is not None
    assert (idf.acled_inter, idf.sector) == (1, "MIL")
    assert settlers.acled_inter == 3  # ACLED: Settlers (Israel) are a political militia
    assert shin_bet.sector == "SPY"  # per-entry override of the type's sector
    gunmen = actors.get("unidentified-armed-group-nga")
    assert gunmen is not None and (gunmen.acled_inter, gunmen.sector) == (3, "UAF")


def test_speakers_labels_are_never_types_or_canonical_names(actors: ActorDictionary) -> None:
    labels = ("terrorist", "terror ", "hero", "zionist", "occupation", "enemy", "infidel",
              "crusader", "orcs", "khawarij")
    for entry in actors.entries():
        assert not any(label in entry.name.lower() for label in labels), entry.id
        assert not any(label.strip() in entry.type for label in labels), entry.id


def test_state_forces_abroad_are_external_forces_for_acled() -> None:
    assert acled_inter_for("state_military", "ISR", "PSE") == 8
    assert acled_inter_for("state_military", "ISR", "ISR") == 1
    assert acled_inter_for("rebel_group", "SDN", "TCD") == 2


BASE = """
version: 1
countries:
  - {iso3: AAA, name: Aland, demonyms: [Alandian]}
  - {iso3: BBB, name: Boland, demonyms: [Bolandic]}
entities:
  - {id: aland-army, name: Aland Army, type: state_military, country: AAA, default_for: military}
  - {id: front, name: Liberation Front, type: rebel_group, country: AAA, aliases: [LF]}
"""


def _load_text(tmp_path: Path, text: str) -> ActorDictionary:
    path = tmp_path / "actors.yaml"
    path.write_text(text, encoding="utf-8")
    return ActorDictionary.load(path, cache=False)


def test_a_small_valid_dictionary_loads(tmp_path: Path) -> None:
    small = _load_text(tmp_path, BASE)
    assert resolved(small, "Alandian troops") == "aland-army"
    assert resolved(small, "LF fighters") == "front"
    assert resolved(small, "Bolandic soldiers") == "military-bbb"  # generated class entry


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("  - {id: x1, name: X, type: terrorists, country: AAA}", "unknown type 'terrorists'"),
        ("  - {id: x2, name: X, type: rebel_group, country: ZZZ}", "country 'ZZZ'"),
        ("  - {id: x3, name: X, type: rebel_group, country: AAA, parent: nobody}",
         "parent 'nobody'"),
        ("  - {id: x4, name: X, type: rebel_group, aliases: [LF]}", "'lf' belongs to both"),
        ("  - {id: x5, name: X, type: rebel_group, aliases_in: {AAA: [LF]}}",
         "already a global alias"),
        ("  - {id: x6, name: X, type: police, country: AAA, default_for: military}",
         "both claim default_for military"),
        ("  - {id: x7, name: X, type: rebel_group, wikidata: '38799'}", "is not a QID"),
        ("  - {id: x8, name: X, type: rebel_group, alias: [Y]}", "unknown keys ['alias']"),
        ("  - {id: Bad_Id, name: X, type: rebel_group}", "lowercase slug"),
        ("  - {id: x9, name: X, type: rebel_group, armed_wing_of: front}", "has no parent"),
        ("  - {id: front, name: X, type: rebel_group}", "used twice"),
        ("  - {id: x10, name: Aland, type: rebel_group}", "name of AAA"),
        ("  - {id: x11, name: X, type: rebel_group, valid_from: 2020-01-01, valid_to: 2019-01-01}",
         "must come after"),
    ],
)
def test_bad_entries_raise_a_clear_error(tmp_path: Path, extra: str, message: str) -> None:
    with pytest.raises(ActorDictionaryError) as caught:
        _load_text(tmp_path, BASE + extra + "\n")
    assert message in str(caught.value)
    assert isinstance(caught.value, EventwireError)


def test_an_office_holder_must_be_an_entity(tmp_path: Path) -> None:
    office = """offices:
  - id: aaa-president
    name: President of Aland
    country: AAA
    titles: [president]
    holders: [{actor: nobody, from: 2020-01-01}]
"""
    with pytest.raises(ActorDictionaryError, match="holder 'nobody'"):
        _load_text(tmp_path, BASE + office)


def test_unreadable_files_raise_dictionary_errors(tmp_path: Path) -> None:
    with pytest.raises(ActorDictionaryError, match="cannot read"):
        ActorDictionary.load(tmp_path / "missing.yaml", cache=False)
    with pytest.raises(ActorDictionaryError, match="not valid YAML"):
        _load_text(tmp_path, "entities: [unclosed\n")


def test_cached_index_equals_the_compiled_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              actors: ActorDictionary) -> None:
    monkeypatch.setenv("EVENTWIRE_CACHE_DIR", str(tmp_path))
    ActorDictionary.load()  # writes the cache
    assert list(tmp_path.glob("actors-*.marshal"))

    def no_compile(*args: object) -> None:
        raise AssertionError("the second load compiled the YAML instead of reading the cache")

    monkeypatch.setattr("eventwire.actors.dictionary._compile", no_compile)
    cached = ActorDictionary.load()
    assert sorted(cached.entries(), key=lambda e: e.id) == sorted(actors.entries(),
                                                                   key=lambda e: e.id)
    assert resolved(cached, "the Israeli prime minister", on=date(2022, 9, 1)) == "yair-lapid"


def test_default_dictionary_is_cached_per_process() -> None:
    assert default_actor_dictionary() is default_actor_dictionary()


# --- every alias in the file resolves to its own entry ------------------------------------

def test_every_global_alias_resolves_to_its_entry(actors: ActorDictionary) -> None:
    index = actors._index
    failures = []
    for alias, owners in index.surface.items():
        ids = {entry_id for entry_id, _ in owners}
        if len(ids) != 1 or any(country for _, country in owners):
            continue  # shared by dated entries or context-dependent: tested below
        got = actors.resolve(alias)
        if got is None or got.id not in ids:
            failures.append((alias, ids, got.id if got else None))
    assert len(index.surface) > 1500
    assert not failures


# --- resolution ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "focus", "expected"),
    [
        ("Israeli forces", None, "idf"),
        ("two Israeli soldiers", None, "idf"),
        ("IDF soldiers", None, "idf"),
        ("an Israeli drone", None, "idf"),
        ("Israeli Border Police officers", None, "israel-border-police"),
        ("Israeli police officers", None, "israel-police"),
        ("RSF fighters", None, "rsf"),
        ("Sudan's Rapid Support Forces", None, "rsf"),
        ("fighters of the Rapid Support Forces", None, "rsf"),
        ("the al-Qassam Brigades, Hamas's armed wing", None, "al-qassam-brigades"),
        ("Izz el-Deen al-Qassam Brigades", None, "al-qassam-brigades"),
        ("Ukrainian troops", None, "armed-forces-of-ukraine"),
        ("Iran-backed Houthi rebels", None, "houthis"),
        ("members of al-Shabaab", None, "al-shabaab"),
        ("al Shabab militants", None, "al-shabaab"),
        ("suspected Boko Haram militants", None, "boko-haram"),
        ("G9 gang members", None, "g9"),
        ("400 Mawozo gang", None, "400-mawozo"),
        ("Saudi-led coalition", None, "saudi-led-coalition"),
        ("Ministry of Health (Gaza)", None, "gaza-health-ministry"),
        ("Arakan Army (AA)", None, "arakan-army"),
        ("Gen. Abdel Fattah al-Burhan", None, "abdel-fattah-al-burhan"),
        ("Hamas leader Yahya Sinwar", None, "yahya-sinwar"),
        ("Russian President Vladimir Putin", None, "vladimir-putin"),
        ("the Lions\u2019 Den group", None, "lions-den"),
        ("Nigerien soldiers", None, "niger-armed-forces"),
        ("Nigerian soldiers", None, "nigerian-army"),
        ("South Sudanese troops", None, "south-sudan-people-defence-forces"),
        ("Sudanese troops", None, "saf"),
        ("Congolese soldiers", None, "fardc"),
        ("Burmese soldiers", None, "tatmadaw"),
        ("Malian soldiers", None, "fama"),
        ("Burkinabe soldiers", None, "burkina-faso-armed-forces"),
        ("Somali troops", None, "somali-national-army"),
        ("Kenyan police", None, "police-ken"),
        ("Chilean protesters", None, "protesters-chl"),
        ("Palestinian protesters", None, "protesters-pse"),
        ("Palestinian security forces", None, "pa-security-forces"),
        ("a Palestinian man", None, "civilians-pse"),
        ("a 17-year-old Palestinian boy", None, "civilians-pse"),
        ("three Palestinians", None, "civilians-pse"),
        ("a Yemeni fisherman", None, "civilians-yem"),
        ("Gazans", None, "civilians-pse"),
        ("Israel", None, "israel-government"),
        ("the US", None, "usa-government"),
        ("US forces", None, "us-armed-forces"),
        ("the WHO", None, "who"),
        ("gunmen", {"NGA": 1.0}, "unidentified-armed-group-nga"),
        ("unidentified gunmen", None, "unidentified-armed-group"),
        ("heavily armed men", {"HTI": 0.9}, "unidentified-armed-group-hti"),
        ("a 17-year-old boy", {"PSE": 1.0}, "civilians-pse"),
        ("residents", {"HTI": 1.0}, "civilians-hti"),
        ("dozens of demonstrators", {"KEN": 1.0}, "protesters-ken"),
        ("security forces", {"PAK": 1.0}, "pakistan-armed-forces"),
        ("settlers", None, "israeli-settlers"),
        ("a settler", None, "israeli-settlers"),
        ("bandits", {"NGA": 1.0}, "nigeria-bandits"),
    ],
)
def test_noun_phrases_resolve(actors: ActorDictionary, text: str,
                              focus: dict[str, float] | None, expected: str) -> None:
    assert resolved(actors, text, focus) == expected


@pytest.mark.parametrize(
    ("neutral", "framings", "focus"),
    [
        ("Israel Defense Forces",
         ["IOF", "Israeli occupation forces", "Zionist forces", "the Zionist enemy army",
          "the occupation army", "occupation forces", "occupation soldiers"], {"PSE": 1.0}),
        ("Government of Israel", ["the Zionist enemy", "the Zionist entity", "the occupation"],
         {"LBN": 1.0}),
        ("Armed Forces of the Russian Federation",
         ["Russian occupiers", "rashists", "the occupiers", "orcs"], {"UKR": 1.0}),
        ("Armed Forces of Ukraine", ["Ukrainian formations", "Kyiv regime forces"], None),
        ("Government of Ukraine", ["the Kyiv regime", "Zelensky regime"], None),
        ("Houthis (Ansar Allah)", ["Ansar Allah", "Ansarullah", "Houthi rebels"], None),
        ("Al-Shabaab", ["Khawarij", "the Khawarij"], {"SOM": 1.0}),
        ("Tehrik-e-Taliban Pakistan", ["Fitna al-Khawarij", "the Khawarij"], {"PAK": 1.0}),
        ("Saudi-led coalition", ["the aggression", "US-Saudi aggression"], {"YEM": 1.0}),
        ("Israeli settlers", ["colonists", "Israeli colonists", "settler militias"], None),
        ("Islamic State", ["Daesh", "ISIS", "ISIL"], None),
    ],
)
def test_framing_variants_resolve_to_the_neutral_entry(
        actors: ActorDictionary, neutral: str, framings: list[str],
        focus: dict[str, float] | None) -> None:
    target = actors.resolve(neutral)
    assert target is not None and target.name == neutral
    for framing in framings:
        assert resolved(actors, framing, focus) == target.id, framing


def test_every_armed_wing_is_reached_by_both_phrasings(actors: ActorDictionary) -> None:
    wings = [e for e in actors.entries() if e.armed_wing_of]
    assert len(wings) >= 10
    for wing in wings:
        owner = actors.get(wing.armed_wing_of or "")
        assert owner is not None
        assert resolved(actors, f"{owner.name}'s armed wing") == wing.id
        assert resolved(actors, f"the military wing of {owner.name}") == wing.id


@pytest.mark.parametrize(
    ("text", "focus", "expected"),
    [
        ("the junta", {"MMR": 1.0}, "tatmadaw"),
        ("the junta", {"MLI": 1.0}, "mali-government"),
        ("the junta", {"MMR": 0.3, "BFA": 0.7}, "burkina-faso-government"),
        ("the junta", None, None),
        ("the army", {"SDN": 1.0}, "saf"),
        ("the army", {"LBN": 1.0}, "lebanese-armed-forces"),
        ("the army", None, None),
        ("the military", {"MMR": 1.0}, "tatmadaw"),
        ("the SNA", {"SOM": 1.0}, "somali-national-army"),
        ("the SNA", {"SYR": 1.0}, "syrian-national-army"),
        ("UN peacekeepers", {"LBN": 1.0}, "unifil"),
        ("UN peacekeepers", {"COD": 1.0}, "monusco"),
        # every country has border police: Israel's only in a story about Israel or Palestine
        ("the border police", {"BFA": 1.0}, "police-bfa"),
        ("Border Police officers", {"PSE": 1.0}, "israel-border-police"),
        ("Border Police officers", {"ISR": 1.0}, "israel-border-police"),
        # boats and vehicles are a force's when the phrase says whose service they are in
        ("Israeli naval boats", {"PSE": 1.0}, "idf"),
        ("Israeli army vehicles", {"PSE": 1.0}, "idf"),
        ("Israeli boats", {"PSE": 1.0}, None),
        ("the occupation army", None, None),
        ("the enemy", {"UKR": 1.0}, "russian-armed-forces"),
        ("the police", {"HTI": 1.0}, "haitian-national-police"),
        ("the president", {"UKR": 1.0}, "volodymyr-zelensky"),
    ],
)
def test_country_focus_decides_context_dependent_phrases(
        actors: ActorDictionary, text: str, focus: dict[str, float] | None,
        expected: str | None) -> None:
    assert resolved(actors, text, focus) == expected


@pytest.mark.parametrize(
    ("text", "on", "expected"),
    [
        ("the Israeli prime minister", date(2015, 9, 1), "benjamin-netanyahu"),
        ("the Israeli prime minister", date(2021, 7, 1), "naftali-bennett"),
        ("Israel's prime minister", date(2022, 9, 1), "yair-lapid"),
        ("the prime minister of Israel", date(2024, 1, 1), "benjamin-netanyahu"),
        ("the Israeli prime minister", date(1990, 1, 1), None),
        ("the Israeli defence minister", date(2023, 10, 9), "yoav-gallant"),
        ("the Israeli defence minister", date(2025, 1, 1), "israel-katz"),
        ("the US president", date(2023, 1, 1), "joe-biden"),
        ("the US president", date(2025, 6, 1), "donald-trump"),
        ("Burkina Faso's junta leader", date(2022, 5, 1), "paul-henri-damiba"),
        ("Burkina Faso's junta leader", date(2023, 5, 1), "ibrahim-traore"),
        ("Syrian government forces", date(2020, 1, 1), "syrian-arab-army"),
        ("Syrian government forces", date(2025, 3, 1), "syria-transitional-forces"),
        ("the Taliban", date(2019, 1, 1), "taliban"),
        ("the Taliban", date(2023, 1, 1), "taliban-government"),
        ("Afghan forces", date(2019, 1, 1), "andsf"),
        ("Afghan forces", date(2023, 1, 1), "taliban-forces"),
        ("Syrian Arab Army", date(2025, 3, 1), "syrian-arab-army"),  # a name outlives its period
    ],
)
def test_dates_pick_office_holders_and_periods(actors: ActorDictionary, text: str, on: date,
                                               expected: str | None) -> None:
    assert resolved(actors, text, on=on) == expected


def test_dated_context_aliases_follow_the_mission(actors: ActorDictionary) -> None:
    somalia = {"SOM": 1.0}
    assert resolved(actors, "AU peacekeepers", somalia, date(2020, 1, 1)) == "amisom"
    assert resolved(actors, "AU peacekeepers", somalia, date(2023, 1, 1)) == "atmis"
    assert resolved(actors, "AU peacekeepers", somalia, date(2025, 6, 1)) == "aussom"


def test_without_a_date_the_current_holder_is_chosen(actors: ActorDictionary) -> None:
    assert resolved(actors, "the Israeli prime minister") == "benjamin-netanyahu"
    assert resolved(actors, "Syrian government forces") == "syria-transitional-forces"


@pytest.mark.parametrize(
    "text",
    ["the weather", "a car bomb", "Acme Corporation", "the ministry", "martyrs", "heroes",
     "the criminals", "us", "who", "is", "", "   ", "the committee of elders"],
)
def test_unknown_phrases_resolve_to_none(actors: ActorDictionary, text: str) -> None:
    assert actors.resolve(text) is None


def test_terrorists_is_a_speakers_label_not_an_actor(actors: ActorDictionary) -> None:
    # A bare label says nothing about who acted, so it stays unresolved even with a focus.
    assert actors.resolve("terrorists") is None
    assert actors.resolve("the terrorists", focus={"ISR": 1.0}) is None
    assert actors.resolve("Palestinian terrorists") is None
    assert actors.resolve("a terror group", focus={"MMR": 1.0}) is None
    # A named group with the label is that group.
    assert resolved(actors, "Hamas terrorists") == "hamas"
    assert resolved(actors, "al-Shabaab terrorists") == "al-shabaab"


def test_spelling_variants_meet(actors: ActorDictionary) -> None:
    variants = ["Al-Qassam Brigades", "al Qassam brigades", "AL-QASSAM BRIGADES",
                "Al\u2010Qassam Brigades", "the al-Qassam Brigades'"]
    assert {resolved(actors, v) for v in variants} == {"al-qassam-brigades"}
    assert resolved(actors, "Lion's Den") == resolved(actors, "Lions Den") == "lions-den"
    assert resolved(actors, "Jimmy Cherizier") == resolved(actors, "Jimmy Chérizier")
    assert resolved(actors, "Houthi") == resolved(actors, "Houthis") == "houthis"


# --- spaCy patterns -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def patterns(actors: ActorDictionary) -> list[dict[str, object]]:
    return actors.patterns()


def test_patterns_are_labelled_and_well_formed(patterns: list[dict[str, object]],
                                               actors: ActorDictionary) -> None:
    assert len(patterns) > 1000
    assert {p["label"] for p in patterns} == {"ACTOR"}
    ids = {p["id"] for p in patterns if "id" in p}
    assert all(actors.get(str(i)) is not None for i in ids)


@pytest.fixture(scope="module")
def ruler_nlp(patterns: list[dict[str, object]]) -> spacy.language.Language:
    """A blank pipeline with the production actor rulers (eventwire.nlp.loader)."""
    from eventwire.nlp.loader import add_actor_rulers

    nlp = spacy.blank("en")
    add_actor_rulers(nlp, patterns)
    return nlp


def _spans(nlp: spacy.language.Language, text: str) -> dict[str, str]:
    doc = nlp(text)  # keep the Doc alive while its span group is read
    return {span.text: span.id_ for span in doc.spans["actors"]}


def test_span_ruler_finds_actors_in_a_blank_pipeline(ruler_nlp: spacy.language.Language,
                                                     actors: ActorDictionary) -> None:
    found = _spans(ruler_nlp, "Hamas's armed wing, the al-Qassam Brigades, said its fighters fired "
                              "at Israeli forces near Khan Younis; Sudanese army units later denied it.")
    assert found["Hamas"] == "hamas"
    assert found["al-Qassam Brigades"] == "al-qassam-brigades"
    # demonym + head classes carry no id: the resolver reads the country from the words
    assert "Israeli forces" in found and "Sudanese army units" in found
    assert resolved(actors, "Israeli forces") == "idf"
    assert resolved(actors, "Sudanese army units") == "saf"


def test_acronyms_match_only_in_capitals(ruler_nlp: spacy.language.Language,
                                         actors: ActorDictionary) -> None:
    found = _spans(ruler_nlp, "Unidentified gunmen killed two Nigerien soldiers; IS militants and "
                              "the AA were blamed, and it is unclear who fired. US forces and RSF "
                              "fighters withdrew.")
    assert found["IS"] == "islamic-state" and found["AA"] == "arakan-army"
    assert found["RSF"] == "rsf"
    assert "Nigerien soldiers" in found and "US forces" in found
    assert "is" not in found and "who" not in found
    assert resolved(actors, "Nigerien soldiers") == "niger-armed-forces"
    assert resolved(actors, "IS militants") == "islamic-state"
    assert resolved(actors, "US forces") == "us-armed-forces"
    # spans without an id are resolved with the story's focus
    assert found["Unidentified gunmen"] == ""
    assert resolved(actors, "Unidentified gunmen", {"NER": 1.0}) == "unidentified-armed-group-ner"


def test_context_dependent_aliases_match_without_an_id(ruler_nlp: spacy.language.Language) -> None:
    ents = _spans(ruler_nlp, "The junta said the occupation forces withdrew.")
    assert [text for text in ents if "junta" in text] and [
        text for text in ents if "occupation forces" in text]
    assert set(ents.values()) == {""}


# --- what the dictionary caches ------------------------------------------------------------------

def test_a_resolved_phrase_depends_on_the_focus_ranking_not_its_weights(actors: ActorDictionary) -> None:
    # the resolver reads only the order of the focus countries, which is what the cache keys on
    assert resolved(actors, "the army", {"SOM": 3.0, "KEN": 1.0}) == resolved(actors, "the army", {"SOM": 9, "KEN": 2})
    assert resolved(actors, "the army", {"SOM": 3.0, "KEN": 1.0}) != resolved(actors, "the army", {"KEN": 3.0, "SOM": 1.0})


def test_countries_in_gives_each_caller_its_own_counter(actors: ActorDictionary) -> None:
    text = "Somali police and Kenyan troops patrolled near the border with Somalia."
    first = actors.countries_in(text)
    first["SOM"] += 100
    assert actors.countries_in(text)["SOM"] == first["SOM"] - 100 > 0


@pytest.mark.parametrize("text", ["Hamas\u2019 armed wing", "AL-SHABAAB fighters", "Tatmadaw\u2013backed militia",
                                  "Forces Armées Maliennes", "Ta\u2019ang National Liberation Army"])
def test_folding_ascii_text_takes_the_short_way_to_the_same_result(text: str) -> None:
    import unicodedata

    from eventwire.actors.lexicon import fold

    by_decomposition = "".join(c for c in unicodedata.normalize("NFKD", fold(text)) if not unicodedata.combining(c))
    assert fold(text) == by_decomposition.casefold()
