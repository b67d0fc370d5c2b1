"""Coverage of the packaged actor dictionary: the main parties of each conflict in the news.

Each row is a phrase as a wire report writes it, read with the story's country as focus; the
entry it resolves to must have the expected id, type and country. The table has at least one
row per conflict the dictionary is meant to cover, so a lost or mistyped entry fails here.
"""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.actors import ActorDictionary

# (phrase, story country, expected id, expected type, expected country of the entry)
COVERAGE: list[tuple[str, str, str, str, str | None]] = [
    # Israel / Palestine
    ("Saraya al-Quds fighters", "PSE", "al-quds-brigades", "political_militia", "PSE"),
    ("gunmen of the al-Aqsa Martyrs Brigades", "PSE", "al-aqsa-martyrs-brigades", "political_militia", "PSE"),
    ("Israeli Duvdevan unit soldiers", "PSE", "duvdevan-unit", "state_military", "ISR"),
    ("the Tubas Battalion", "PSE", "tubas-battalion", "political_militia", "PSE"),
    ("the Magen David Adom rescue service", "ISR", "magen-david-adom", "ngo", "ISR"),
    # Lebanon and the Golan
    ("Usbat al-Ansar militants", "LBN", "usbat-al-ansar", "political_militia", "LBN"),
    ("UNDOF peacekeepers", "SYR", "undof", "external_forces", None),
    # Russia / Ukraine
    ("Russian VDV troops", "UKR", "russian-airborne-forces", "state_military", "RUS"),
    ("GRU officers", "UKR", "gru", "state_military", "RUS"),
    ("Ukraine's Territorial Defence Forces", "UKR", "ukraine-territorial-defence", "state_military", "UKR"),
    ("Russian-installed authorities in Zaporizhzhia", "UKR", "zaporizhzhia-russian-authorities",
     "government", "UKR"),
    # Sudan
    ("RSF paramilitaries", "SDN", "rsf", "rebel_group", "SDN"),
    ("the Sudan Shield Forces", "SDN", "sudan-shield-forces", "political_militia", "SDN"),
    ("the RSF-led Tasis alliance", "SDN", "tasis", "rebel_group", "SDN"),
    ("Sudanese police", "SDN", "sudan-police", "police", "SDN"),
    # DR Congo and Burundi
    ("Mai-Mai militiamen", "COD", "mai-mai", "political_militia", "COD"),
    ("Twirwaneho fighters", "COD", "twirwaneho", "identity_militia", "COD"),
    ("Imbonerakure militiamen", "BDI", "imbonerakure", "political_militia", "BDI"),
    ("RED-Tabara rebels", "COD", "red-tabara", "rebel_group", "BDI"),
    # Myanmar
    ("the Kachin Independence Army", "MMR", "kia", "rebel_group", "MMR"),
    ("Shan State Army-South troops", "MMR", "ssa-s", "rebel_group", "MMR"),
    ("the Arakan Rohingya Salvation Army", "MMR", "arsa", "rebel_group", "MMR"),
    ("Chinland Defense Force fighters", "MMR", "chinland-defense-force", "political_militia", "MMR"),
    # Sahel
    ("the FAMa", "MLI", "fama", "state_military", "MLI"),
    ("Forces armées maliennes", "MLI", "fama", "state_military", "MLI"),
    ("GATIA fighters", "MLI", "gatia", "political_militia", "MLI"),
    ("AQIM militants", "MLI", "aqim", "rebel_group", "DZA"),
    ("French Barkhane troops", "MLI", "operation-barkhane", "state_military", "FRA"),
    ("Burkinabe soldiers", "BFA", "burkina-faso-armed-forces", "state_military", "BFA"),
    ("the Nigerien army", "NER", "niger-armed-forces", "state_military", "NER"),
    # Somalia
    ("Ahlu Sunna Wal Jamaa fighters", "SOM", "aswj-somalia", "political_militia", "SOM"),
    ("Gorgor commandos", "SOM", "gorgor", "state_military", "SOM"),
    ("Galmudug forces", "SOM", "galmudug-government", "government", "SOM"),
    # Yemen
    ("Hadrami Elite Forces", "YEM", "hadrami-elite-forces", "political_militia", "YEM"),
    ("Tareq Saleh's forces", "YEM", "national-resistance-yemen", "political_militia", "YEM"),
    # Syria
    ("Ahrar al-Sham fighters", "SYR", "ahrar-al-sham", "rebel_group", "SYR"),
    ("the Turkish-backed Sultan Murad Division", "SYR", "sultan-murad-division", "rebel_group", "SYR"),
    ("Kurdish Asayish", "SYR", "asayish-syria", "police", "SYR"),
    ("Rijal al-Karama gunmen", "SYR", "men-of-dignity", "political_militia", "SYR"),
    # Iraq
    ("the Badr Organization", "IRQ", "badr-organization", "political_militia", "IRQ"),
    ("Saraya al-Salam militiamen", "IRQ", "saraya-al-salam", "political_militia", "IRQ"),
    ("Kurdish Asayish", "IRQ", "asayish-krg", "police", "IRQ"),
    # Ethiopia and Eritrea
    ("the Oromo Liberation Army", "ETH", "ola", "rebel_group", "ETH"),
    ("Amhara Special Forces", "ETH", "amhara-special-forces", "police", "ETH"),
    ("Liyu police officers", "ETH", "liyu-police", "police", "ETH"),
    # Haiti
    ("Viv Ansanm gang members", "HTI", "viv-ansanm", "political_militia", "HTI"),
    ("members of the 5 Segonn gang", "HTI", "5-segonn", "political_militia", "HTI"),
    ("Bwa Kale vigilantes", "HTI", "bwa-kale", "identity_militia", "HTI"),
    # Colombia
    ("Ejército de Liberación Nacional", "COL", "eln", "rebel_group", "COL"),
    ("Los Pachenca", "COL", "acsn", "political_militia", "COL"),
    ("Colombian police", "COL", "colombia-national-police", "police", "COL"),
    # Nigeria
    ("ISWAP fighters", "NGA", "iswap", "rebel_group", "NGA"),
    ("Amotekun operatives", "NGA", "amotekun", "police", "NGA"),
    ("the DSS", "NGA", "nigeria-dss", "state_military", "NGA"),
    # India / Pakistan
    ("Arambai Tenggol members", "IND", "arambai-tenggol", "identity_militia", "IND"),
    ("Assam Rifles personnel", "IND", "assam-rifles", "state_military", "IND"),
    ("Lashkar-e-Jhangvi militants", "PAK", "lashkar-e-jhangvi", "rebel_group", "PAK"),
    ("Rangers", "PAK", "pakistan-rangers", "state_military", "PAK"),
    # Afghanistan
    ("the Haqqani network", "AFG", "haqqani-network", "rebel_group", "AFG"),
    ("Afghanistan Freedom Front fighters", "AFG", "afghanistan-freedom-front", "rebel_group", "AFG"),
    # Mexico and Brazil
    ("CJNG gunmen", "MEX", "cjng", "political_militia", "MEX"),
    ("Sinaloa Cartel gunmen", "MEX", "sinaloa-cartel", "political_militia", "MEX"),
    ("the Gulf Cartel", "MEX", "gulf-cartel", "political_militia", "MEX"),
    ("Los Zetas", "MEX", "los-zetas", "political_militia", "MEX"),
    ("La Familia Michoacana", "MEX", "familia-michoacana", "political_militia", "MEX"),
    ("Mexican National Guard troops", "MEX", "mexico-national-guard", "state_military", "MEX"),
    ("PCC members", "BRA", "pcc", "political_militia", "BRA"),
    ("Red Command gang members", "BRA", "comando-vermelho", "political_militia", "BRA"),
    ("Brazil's Military Police", "BRA", "brazil-military-police", "police", "BRA"),
    # Libya
    ("Haftar's forces", "LBY", "lna", "state_military", "LBY"),
    ("the GNU", "LBY", "libya-gnu", "government", "LBY"),
    ("Rada Special Deterrence Force", "LBY", "rada", "political_militia", "LBY"),
    # Mozambique
    ("Ahlu Sunna Wal Jamaa insurgents", "MOZ", "islamic-state-mozambique", "rebel_group", "MOZ"),
    ("Mozambican soldiers", "MOZ", "fadm", "state_military", "MOZ"),
    # Cameroon
    ("Ambazonian separatists", "CMR", "ambazonian-separatists", "rebel_group", "CMR"),
    ("Amba Boys", "CMR", "ambazonian-separatists", "rebel_group", "CMR"),
    ("Ambazonia Defence Forces", "CMR", "ambazonia-defence-forces", "rebel_group", "CMR"),
    # Philippines
    ("NPA guerrillas", "PHL", "npa", "rebel_group", "PHL"),
    ("Abu Sayyaf militants", "PHL", "abu-sayyaf", "rebel_group", "PHL"),
    ("BIFF fighters", "PHL", "biff", "rebel_group", "PHL"),
    # Turkey and Iran
    ("PKK militants", "TUR", "pkk", "rebel_group", "TUR"),
    ("the IRGC", "IRN", "irgc", "state_military", "IRN"),
    ("Basij militia", "IRN", "basij", "state_military", "IRN"),
    ("Jaish al-Adl militants", "IRN", "jaish-al-adl", "rebel_group", "IRN"),
    # Venezuela
    ("armed colectivos", "VEN", "colectivos", "political_militia", "VEN"),
    ("Tren de Aragua gang members", "VEN", "tren-de-aragua", "political_militia", "VEN"),
    # Central African Republic and Chad
    ("3R rebels", "CAF", "three-r", "rebel_group", "CAF"),
    ("UPC fighters", "CAF", "upc-car", "rebel_group", "CAF"),
    ("the CPC", "CAF", "cpc-car", "rebel_group", "CAF"),
    ("Wagner mercenaries", "CAF", "wagner-group", "external_forces", "RUS"),
    ("FACT rebels", "TCD", "fact", "rebel_group", "TCD"),
    # South Sudan, Kenya and Uganda
    ("SPLA-IO forces", "SSD", "splm-io", "rebel_group", "SSD"),
    ("NAS rebels", "SSD", "nas-south-sudan", "rebel_group", "SSD"),
    ("ADF rebels", "UGA", "adf", "rebel_group", "COD"),
    # UN and AU missions, humanitarian bodies
    ("MONUSCO peacekeepers", "COD", "monusco", "external_forces", None),
    ("MINUSMA", "MLI", "minusma", "external_forces", None),
    ("UNIFIL peacekeepers", "LBN", "unifil", "external_forces", None),
    ("AUSSOM troops", "SOM", "aussom", "external_forces", None),
    ("the International Committee of the Red Cross", "SDN", "icrc", "ngo", None),
    ("UNRWA", "PSE", "unrwa", "international_organisation", None),
    ("the WHO", "SDN", "who", "international_organisation", None),
    ("OCHA", "HTI", "ocha", "international_organisation", None),
]


@pytest.mark.parametrize(("phrase", "story", "expected", "actor_type", "country"), COVERAGE)
def test_wire_phrases_resolve_to_the_conflicts_actors(
        actors: ActorDictionary, phrase: str, story: str, expected: str, actor_type: str,
        country: str | None) -> None:
    entry = actors.resolve(phrase, focus={story: 1.0})
    assert entry is not None, phrase
    assert (entry.id, entry.type, entry.country) == (expected, actor_type, country), phrase


def test_every_conflict_in_scope_has_a_row() -> None:
    stories = {story for _, story, _, _, _ in COVERAGE}
    in_scope = {"PSE", "LBN", "UKR", "SDN", "COD", "MMR", "MLI", "BFA", "NER", "SOM", "YEM", "SYR",
                "IRQ", "ETH", "HTI", "COL", "NGA", "IND", "PAK", "AFG", "MEX", "BRA", "LBY", "MOZ",
                "CMR", "PHL", "TUR", "IRN", "VEN", "CAF", "TCD", "BDI", "SSD", "UGA"}
    assert in_scope <= stories


# --- acronyms that mean different actors in different countries -----------------------------

@pytest.mark.parametrize(
    ("phrase", "story", "expected"),
    [
        ("the SNA", "SOM", "somali-national-army"),
        ("the SNA", "SYR", "syrian-national-army"),
        ("BIR soldiers", "CMR", "cameroon-bir"),
        ("BIR soldiers", "BFA", "burkina-faso-bir"),
        ("the KNA", "MMR", "karen-national-army"),
        ("the KNA", "IND", "kuki-national-army"),
        ("PTI members", "PAK", "pti"),
        ("PTI", "IND", "press-trust-of-india"),
        ("Asayish forces", "SYR", "asayish-syria"),
        ("Asayish forces", "IRQ", "asayish-krg"),
        ("the Congress", "IND", "indian-national-congress"),
        ("the National Guard", "MEX", "mexico-national-guard"),
    ],
)
def test_ambiguous_short_names_follow_the_story_country(
        actors: ActorDictionary, phrase: str, story: str, expected: str) -> None:
    entry = actors.resolve(phrase, focus={story: 1.0})
    assert entry is not None and entry.id == expected, phrase


@pytest.mark.parametrize("phrase", ["BIR", "KNA", "PCC", "NAS", "Asayish", "CPC", "the Congress"])
def test_ambiguous_short_names_need_a_story_country(actors: ActorDictionary, phrase: str) -> None:
    assert actors.resolve(phrase) is None


@pytest.mark.parametrize("word", ["fact", "mend", "return", "the rangers"])
def test_english_words_are_not_actor_names(actors: ActorDictionary, word: str) -> None:
    assert actors.resolve(word) is None


# --- dated offices and missions --------------------------------------------------------------

@pytest.mark.parametrize(
    ("phrase", "on", "expected"),
    [
        ("the Ukrainian prime minister", date(2024, 5, 1), "denys-shmyhal"),
        ("the Ukrainian prime minister", date(2025, 8, 1), "yulia-svyrydenko"),
        ("the Malian prime minister", date(2023, 1, 1), "choguel-maiga"),
        ("the Malian prime minister", date(2025, 1, 1), "abdoulaye-maiga"),
        ("Haiti's president", date(2020, 1, 1), "jovenel-moise"),
        ("Haiti's president", date(2025, 5, 1), "fritz-alphonse-jean"),
        ("the Mexican president", date(2022, 1, 1), "andres-manuel-lopez-obrador"),
        ("the Mexican president", date(2025, 1, 1), "claudia-sheinbaum"),
        ("the Myanmar president", date(2022, 1, 1), "myint-swe"),
        ("the Chadian president", date(2019, 1, 1), "idriss-deby"),
        ("the Sudanese prime minister", date(2025, 7, 1), "kamil-idris"),
        ("the Yemeni president", date(2005, 1, 1), "ali-abdullah-saleh"),
    ],
)
def test_office_holders_are_dated(actors: ActorDictionary, phrase: str, on: date,
                                  expected: str) -> None:
    entry = actors.resolve(phrase, on=on)
    assert entry is not None and entry.id == expected, (phrase, on)


def test_renamed_missions_follow_the_date(actors: ActorDictionary) -> None:
    mali, congo = {"MLI": 1.0}, {"COD": 1.0}
    assert _id(actors.resolve("UN peacekeepers", focus=congo, on=date(2005, 1, 1))) == "monuc"
    assert _id(actors.resolve("UN peacekeepers", focus=congo, on=date(2015, 1, 1))) == "monusco"
    assert _id(actors.resolve("UN peacekeepers", focus=mali, on=date(2020, 1, 1))) == "minusma"
    assert _id(actors.resolve("Barkhane", on=date(2020, 1, 1))) == "operation-barkhane"
    minusma = actors.get("minusma")
    assert minusma is not None and not minusma.valid_on(date(2024, 6, 1))
    atmis, aussom = actors.get("atmis"), actors.get("aussom")
    assert atmis is not None and aussom is not None
    assert atmis.valid_to == aussom.valid_from


def _id(entry: object) -> str | None:
    return getattr(entry, "id", None)


# --- the whole file ---------------------------------------------------------------------------

def test_every_parent_and_armed_wing_owner_exists(actors: ActorDictionary) -> None:
    for entry in actors.entries():
        for target in (entry.parent, entry.armed_wing_of):
            assert target is None or actors.get(target) is not None, (entry.id, target)


def test_armed_wings_name_their_owner_as_parent(actors: ActorDictionary) -> None:
    for entry in actors.entries():
        if entry.armed_wing_of:
            assert entry.parent == entry.armed_wing_of, entry.id


LOADED_WORDS = ("terrorist", "occupation", "regime", "heroic", "zionist", "crusader", "infidel",
                "thug")


def test_no_canonical_name_carries_a_loaded_word(actors: ActorDictionary) -> None:
    for entry in actors.entries():
        assert not any(word in entry.name.lower() for word in LOADED_WORDS), entry.id


def test_framing_aliases_of_new_entries_point_to_the_neutral_entity(
        actors: ActorDictionary) -> None:
    assert _id(actors.resolve("Maduro regime")) == "venezuela-government"
    assert _id(actors.resolve("Lukashenko regime")) == "belarus-government"
    assert _id(actors.resolve("RSF-led government")) == "tasis"
