"""Actor and recipient in the short, dense notes conflict monitors write (issue 5).

Loads the spaCy model. Each text is a report written for this test in the style of such notes;
the rules are in docs/EXTRACTION.md (section 4) and docs/ACTORS.md.
"""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.actors import ActorDictionary
from eventwire.config import Settings
from eventwire.model import Article, Event, PloverType
from eventwire.pipeline import Coder

pytestmark = pytest.mark.model

ARTICLE_DATE = date(2024, 3, 15)


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder.default(Settings().with_overrides(n_process=1))


def first(coder: Coder, text: str, event_type: PloverType) -> Event:
    events = coder.code(Article(id="t", text=text, date=ARTICLE_DATE))
    return next(e for e in events if e.event_type is event_type and e.factual)


# --- who did it -------------------------------------------------------------------------

def test_author_named_two_sentences_after_a_mine_blast(coder: Coder) -> None:
    # "No casualties reported." stands between the blast and the words that name the planter
    blast = first(coder, "On 5 March 2024, an army truck struck a landmine near Djibo. No casualties "
                         "were reported. The mine was reportedly planted by JNIM militants.",
                  PloverType.ASSAULT)
    assert blast.actor is not None and blast.actor.actor_id == "jnim"


def test_charge_blowing_up_while_being_laid_names_its_layer(coder: Coder) -> None:
    blast = first(coder, "On 5 March 2024, an IED exploded while Al Shabaab fighters were planting "
                         "explosives on a road near Afgoye.", PloverType.ASSAULT)
    assert blast.actor is not None and blast.actor.actor_id == "al-shabaab"


def test_group_that_claims_it_did_the_bombing_is_its_actor(coder: Coder) -> None:
    blast = first(coder, "On 4 March 2024, a bomb exploded at the house of a ward administrator in "
                         "Monywa. The Monywa PDF claimed they did it.", PloverType.ASSAULT)
    assert blast.actor is not None and blast.actor.actor_id == "pdf"


def test_hedged_participle_with_an_object_is_the_active_verb(coder: Coder) -> None:
    # "presumed ISGS fighters killed ...": the parser makes "killed" modify the fighters
    attack = first(coder, "On 25 January 2024, presumed ISGS fighters killed nine herders at a "
                          "watering point near Tin-Akoff.", PloverType.ASSAULT)
    assert attack.actor is not None and attack.actor.actor_id == "islamic-state-greater-sahara"
    assert attack.recipient is not None and attack.recipient.actor_type == "civilians"


def test_unnamed_foreign_forces_are_external_forces(coder: Coder) -> None:
    strike = first(coder, "On 6 March 2024, international forces conducted an airstrike targeting "
                          "Al Shabaab in Jilib.", PloverType.ASSAULT)
    assert strike.actor is not None and strike.actor.actor_type == "external_forces"
    assert strike.recipient is not None and strike.recipient.actor_id == "al-shabaab"


def test_group_that_detonates_a_bomb_set_it_off(coder: Coder) -> None:
    # a vehicle that "struck" or "detonated" a mine was hit; a group that detonates bombs attacks
    blast = first(coder, "On 5 March 2024, Al Shabaab militants detonated two bombs targeting an "
                         "army convoy near Afgoye.", PloverType.ASSAULT)
    assert blast.actor is not None and blast.actor.actor_id == "al-shabaab"


# --- to whom ----------------------------------------------------------------------------

def test_conjoined_attack_verbs_share_the_village_they_hit(coder: Coder) -> None:
    attack = first(coder, "On 1 March 2024, gunmen attacked and looted the village of Koro in "
                          "Burkina Faso.", PloverType.ASSAULT)
    assert attack.recipient is not None and attack.recipient.name == "Civilians (Burkina Faso)"


def test_shops_and_livestock_taken_are_their_owners_the_civilians(coder: Coder) -> None:
    raid = first(coder, "On 8 March 2024, Al Shabaab militants looted a pharmacy in Baidoa.",
                 PloverType.ASSAULT)
    assert raid.recipient is not None and raid.recipient.name == "Civilians (Somalia)"


def test_force_whose_vehicle_was_hit_is_the_one_hit(coder: Coder) -> None:
    attack = first(coder, "On 9 March 2024, Hamas gunmen fired at an Israeli troop carrier near "
                          "Khan Younis.", PloverType.ASSAULT)
    assert attack.recipient is not None and attack.recipient.actor_id == "idf"


def test_station_belongs_to_the_police_not_to_the_town_named_on_it(coder: Coder) -> None:
    attack = first(coder, "On 7 March 2024, gunmen hurled a grenade at the Kalay police station in "
                          "Myanmar.", PloverType.ASSAULT)
    assert attack.recipient is not None and attack.recipient.actor_type == "police"


def test_two_sides_stranded_after_the_place_that_clashed(coder: Coder) -> None:
    # the parser hangs the subject on the places before it and takes "east" for the subject
    clash = first(coder, "On 7 March 2024, at a checkpoint, south of Namti Bridge, Myitkyina Town, "
                         "the Myanmar military and KIA clashed.", PloverType.ASSAULT)
    assert clash.actor is not None and clash.actor.actor_id == "tatmadaw"
    assert clash.recipient is not None and clash.recipient.actor_id == "kia"


def test_those_who_surrender_give_up_to_the_recipient(coder: Coder) -> None:
    surrender = first(coder, "On 10 March 2024, five Al Shabaab fighters surrendered to the Somali "
                             "army in Baidoa.", PloverType.RETREAT)
    assert surrender.recipient is not None and surrender.recipient.actor_type == "state_military"


def test_protest_broken_up_by_police_has_the_police_as_recipient(coder: Coder) -> None:
    protest = first(coder, "On 11 March 2024, traders demonstrated in Hargeisa against new taxes. "
                           "Police opened fire and wounded two traders.", PloverType.PROTEST)
    assert protest.recipient is not None and protest.recipient.actor_type == "police"
    assert protest.extras.get("recipient_source") == "intervention"


def test_peaceful_protest_keeps_no_force_as_recipient(coder: Coder) -> None:
    protest = first(coder, "On 11 March 2024, traders demonstrated in Hargeisa against new taxes. "
                           "The rally ended peacefully.", PloverType.PROTEST)
    assert protest.extras.get("recipient_source") != "intervention"


# --- the dictionary ---------------------------------------------------------------------

@pytest.mark.parametrize(("phrase", "actor_type"), [
    ("foreign troops", "external_forces"),
    ("Israeli hostages", "civilians"),
    ("a local militia", "political_militia"),
    ("gang members", "political_militia"),
])
def test_generic_phrases_resolve_to_the_class_they_name(phrase: str, actor_type: str) -> None:
    entry = ActorDictionary.load().resolve(phrase, focus={"NGA": 1.0})
    assert entry is not None and entry.type == actor_type


def test_bracketed_guess_names_the_group_behind_a_generic_phrase() -> None:
    actors = ActorDictionary.load()
    guessed = actors.resolve("Palestinian gunmen (likely Hamas or Islamic Jihad)", focus={"PSE": 1.0})
    assert guessed is not None and guessed.id == "hamas"
    named = actors.resolve("Israeli troops (likely Hamas)", focus={"PSE": 1.0})
    assert named is not None and named.id == "idf"  # a named entity is no class to give way


@pytest.mark.parametrize(("phrase", "focus", "expected"), [
    ("Palestinian militants (Hamas and PIJ)", "PSE", "hamas"),  # an armed group's gloss names it
    ("armed men (JNIM)", "BFA", "jnim"),
    ("gunmen (Khartoum)", "SDN", "unidentified-armed-group-sdn"),  # a city glosses no group
    ("protesters (PTI)", "PAK", "protesters-pak"),  # a party's members protest as protesters
    ("police (Islamabad)", "PAK", "police-pak"),
])
def test_an_unhedged_bracket_names_only_an_armed_group_behind_unidentified_gunmen(
        phrase: str, focus: str, expected: str) -> None:
    entry = ActorDictionary.load().resolve(phrase, focus={focus: 1.0})
    assert entry is not None and entry.id == expected


# --- the other side, and what kind of party each side is (ACLED actor2, inter codes) --------------------------------------------------------------------------

def test_second_of_two_sides_that_reach_an_agreement_is_the_recipient(coder: Coder) -> None:
    deal = first(coder, "On 4 March 2024, Abgal clan militia and Murusade clan militia reached an "
                        "agreement in Balcad to end a dispute over grazing land.", PloverType.AGREE)
    assert deal.actor is not None and deal.actor.text.startswith("Abgal")
    assert deal.recipient is not None and deal.recipient.text.startswith("Murusade")
    assert deal.recipient.actor_type == "identity_militia"


def test_party_an_agreement_is_reached_with_is_the_recipient(coder: Coder) -> None:
    deal = first(coder, "On 4 March 2024, Al Shabaab reached an agreement with the Marehan clan "
                        "near Garbahaarey.", PloverType.AGREE)
    assert deal.recipient is not None and "Marehan" in deal.recipient.text
    # a clan, unknown to the dictionary, is a clan militia
    assert deal.recipient.actor_type == "identity_militia"


def test_party_a_place_is_taken_from_is_the_recipient(coder: Coder) -> None:
    capture = first(coder, "On 6 March 2024, the army recaptured the town of Bulo Burte from Al "
                           "Shabaab after a day of fighting.", PloverType.ASSAULT)
    assert capture.recipient is not None and capture.recipient.actor_id == "al-shabaab"


def test_control_taken_of_a_named_base_hits_the_base_owner(coder: Coder) -> None:
    capture = first(coder, "On 6 March 2024, Puntland forces took control of an Al Shabaab base "
                           "near Qandala.", PloverType.ASSAULT)
    assert capture.recipient is not None and capture.recipient.actor_id == "al-shabaab"


def test_force_named_by_its_country_after_of(coder: Coder) -> None:
    shelling = first(coder, "On 7 March 2024, troops of Armenia fired mortars at a post of the "
                            "Azerbaijani army near Tovuz.", PloverType.ASSAULT)
    assert shelling.actor is not None and shelling.actor.country == "ARM"
    assert "Armenia" in shelling.actor.text


def test_police_who_respond_by_firing_tear_gas_fire_it(coder: Coder) -> None:
    events = coder.code(Article(id="t", text=(
        "On 8 March 2024, traders staged a demonstration outside the town hall in Bobo-Dioulasso over "
        "new market fees. The police responded by firing tear gas to disperse them."), date=ARTICLE_DATE))
    firing = next(e for e in events if e.event_type is PloverType.ASSAULT)
    assert firing.actor is not None and firing.actor.actor_type == "police"
    protest = next(e for e in events if e.event_type is PloverType.PROTEST)
    assert protest.recipient is not None and protest.recipient.actor_type == "police"


def test_police_moving_protesters_by_force_break_up_the_protest(coder: Coder) -> None:
    protest = first(coder, "On 8 March 2024, dismissed teachers held a sit-in in front of the "
                           "education ministry in Ankara. Police intervened and moved the protesters "
                           "out of the square by force.", PloverType.PROTEST)
    assert protest.recipient is not None and protest.recipient.actor_type == "police"
    assert protest.extras.get("recipient_source") == "intervention"


def test_a_house_among_coordinated_targets_makes_civilians_the_recipient(coder: Coder) -> None:
    strike = first(coder, "On 9 March 2024, Israeli aircraft struck positions and houses in Beit "
                          "Hanoun.", PloverType.ASSAULT)
    assert strike.recipient is not None and strike.recipient.actor_type == "civilians"


# --- what kind of party --------------------------------------------------------------------

def test_police_officers_who_protest_are_protesters(coder: Coder) -> None:
    protest = first(coder, "On 10 March 2024, dozens of police officers staged a sit-in outside the "
                           "interior ministry in Tunis over unpaid bonuses.", PloverType.PROTEST)
    assert protest.actor is not None and protest.actor.actor_type == "protesters"
    assert protest.actor.country == "TUN"


def test_local_officials_who_protest_are_protesters(coder: Coder) -> None:
    protest = first(coder, "On 10 March 2024, local officials protested in front of the regional "
                           "administration building in Baidoa over the budget.", PloverType.PROTEST)
    assert protest.actor is not None and protest.actor.actor_type == "protesters"


def test_unknown_named_group_using_force_is_an_armed_group(coder: Coder) -> None:
    blast = first(coder, "On 11 March 2024, the Silver Tigers detonated a mine on a road near Gangaw, "
                         "killing two soldiers.", PloverType.ASSAULT)
    assert blast.actor is not None and blast.actor.actor_id is None
    assert blast.actor.actor_type == "political_militia"


def test_unknown_acronym_group_using_force_is_an_armed_group(coder: Coder) -> None:
    shooting = first(coder, "On 11 March 2024, in San Pedro Sula, MS-13 members shot dead a bus "
                            "driver.", PloverType.ASSAULT)
    assert shooting.actor is not None and shooting.actor.actor_type == "political_militia"


def test_unit_designation_after_a_known_force_is_that_force(coder: Coder) -> None:
    shelling = first(coder, "On 12 March 2024, Myanmar military LIB-345 shelled Hpakant, killing a "
                            "villager.", PloverType.ASSAULT)
    assert shelling.actor is not None and shelling.actor.actor_id == "tatmadaw"


def test_commander_of_a_known_group_hit_is_that_group(coder: Coder) -> None:
    strike = first(coder, "On 12 March 2024, an Israeli drone struck the commander of Hamas' naval "
                          "unit in Gaza City.", PloverType.ASSAULT)
    assert strike.recipient is not None and strike.recipient.actor_id == "hamas"


def test_relative_of_a_policewoman_is_a_civilian(coder: Coder) -> None:
    blast = first(coder, "On 12 March 2024, a bomb exploded at a house in Mandalay, wounding the "
                         "baby of a policewoman.", PloverType.ASSAULT)
    assert blast.recipient is not None and blast.recipient.actor_type == "civilians"


def test_class_word_inside_a_group_name_is_not_the_army(coder: Coder) -> None:
    blast = first(coder, "On 13 March 2024, the joint forces of the Delta Thunder Group bombed a "
                         "telecom tower near Pathein.", PloverType.ASSAULT)
    assert blast.actor is not None and blast.actor.actor_id != "tatmadaw"


def test_a_crowd_that_turns_violent_is_rioters(coder: Coder) -> None:
    # mob violence: the people of an unorganised crowd are rioters, not civilians
    attack = first(coder, "On 14 March 2024, angry youths in Koupela ransacked the gendarmerie post "
                          "after a trader was found dead.", PloverType.ASSAULT)
    assert attack.actor is not None and attack.actor.actor_type == "rioters"
    assert attack.actor.country == "BFA"


def test_a_crowds_victim_stays_a_civilian(coder: Coder) -> None:
    beating = first(coder, "On 14 March 2024, villagers in Koudougou beat a suspected thief to death.",
                    PloverType.ASSAULT)
    assert beating.actor is not None and beating.actor.actor_type == "rioters"
    assert beating.recipient is not None and beating.recipient.actor_type == "civilians"


@pytest.mark.parametrize("text", [
    "On 9 July 2024, the Al-Aqsa Martyrs Brigades fired mortars at Israeli troops stationed near Khan Younis.",
    "On 9 July 2024, Islamic Jihad fighters fired dozens of rockets toward Israeli forces operating east of Khan Younis.",
    # a clock time after "at" is when, even when the NER does not tag it
    "On 9 July 2024, at approximately 16:07, Islamic Jihad fired mortars at Israeli troops near Khan Younis.",
])
def test_the_target_of_what_was_fired_is_the_recipient(coder: Coder, text: str) -> None:
    # the object is the weapon ("mortars", "dozens of rockets"), not a party: the target is
    # the one after "at" or "toward"
    fire = first(coder, text, PloverType.ASSAULT)
    assert fire.recipient is not None and fire.recipient.actor_id == "idf"


def test_a_tank_named_by_its_model_is_the_army_it_belongs_to(coder: Coder) -> None:
    attack = first(coder, "On 2 March 2024, Hamas fighters hit an Israeli Merkava with an anti-tank "
                          "shell east of Khan Younis.", PloverType.ASSAULT)
    assert attack.recipient is not None and attack.recipient.actor_id == "idf"


def test_a_clash_the_parser_hangs_on_its_subject_is_the_subjects(coder: Coder) -> None:
    # the small parser reads "police officers, armed with rifles, clashed with ..." as a reduced
    # relative clause; nobody "is clashed", so the officers did it
    clash = first(coder, "On 26 May 2024, police officers, armed with rifles, clashed with soldiers "
                         "of the Somali National Army in Mogadishu.", PloverType.ASSAULT)
    assert clash.actor is not None and clash.actor.actor_type == "police"
    assert clash.recipient is not None and clash.recipient.actor_id == "somali-national-army"


def test_a_place_the_parser_makes_a_second_subject_is_not_the_actor(coder: Coder) -> None:
    # no comma after the enclosing areas: the small parser makes the township a subject too
    strike = first(coder, "On 12 March 2024, in Sein Pan village, Pale township (Yinmabin district, "
                          "Sagaing region) the Myanmar military forces carried out airstrikes against "
                          "civilians for allegedly sheltering PDF members.", PloverType.ASSAULT)
    assert strike.actor is not None and strike.actor.actor_id == "tatmadaw"


def test_whoever_is_armed_with_the_weapon_fired_it(coder: Coder) -> None:
    # the parser hangs "shot" on the rifle
    shooting = first(coder, "On 13 March 2024, a suspected government soldier (SNA) armed with an "
                            "AK-47 rifle shot and injured a civilian near Bakara market in Mogadishu.",
                     PloverType.ASSAULT)
    assert shooting.actor is not None and shooting.actor.actor_id == "somali-national-army"


def test_two_groups_of_one_party_that_clash_are_both_sides(coder: Coder) -> None:
    # fighting within one group: ACLED codes the group as both actors
    clash = first(coder, "On 14 March 2024, two groups of Al Shabaab fighters clashed over zakat "
                         "money near Jilib.", PloverType.ASSAULT)
    assert clash.actor is not None and clash.actor.actor_id == "al-shabaab"
    assert clash.recipient is not None and clash.recipient.actor_id == "al-shabaab"


def test_who_fell_in_a_fight_with_a_named_side_was_brought_down_by_it(coder: Coder) -> None:
    # only the falling and the other side are told: the side "with" names did it
    after = first(coder, "On 9 March 2024, in Caruaru, Pernambuco, a man was killed after exchanging fire "
                         "with military police officers during a patrol.", PloverType.ASSAULT)
    assert after.actor is not None and after.actor.actor_type == "police" and after.actor.country == "BRA"
    assert after.recipient is not None and after.recipient.text.endswith("man")
    exchange = first(coder, "Two suspected militants were killed in an exchange of fire with police in "
                            "Sopore on Monday.", PloverType.ASSAULT)
    assert exchange.actor is not None and exchange.actor.actor_type == "police"
    assert exchange.recipient is not None and "militants" in exchange.recipient.text


def test_a_fight_whose_killers_are_named_keeps_them(coder: Coder) -> None:
    named = first(coder, "On 6 March 2024, soldiers killed two men in clashes with bandits near Zurmi.",
                  PloverType.ASSAULT)
    assert named.actor is not None and named.actor.text == "soldiers"


def is_unidentified_armed_group(event: Event) -> bool:
    return event.actor is not None and (event.actor.actor_id or "").startswith("unidentified-armed-group")


def test_people_who_open_fire_unidentified_are_an_armed_group(coder: Coder) -> None:
    # armed and unnamed: ACLED's unidentified armed group, not civilians; the words stay
    shooting = first(coder, "On 9 March 2024, in Culiacan, Sinaloa, two men opened fire on customers "
                            "inside a pharmacy. The owner was wounded.", PloverType.ASSAULT)
    assert is_unidentified_armed_group(shooting) and shooting.actor is not None
    assert shooting.actor.text == "two men" and shooting.actor.country == "MEX"
    assert shooting.extras["actor_source"] == "armed_people"


def test_a_shooting_with_no_shooter_in_a_story_without_police_is_an_armed_group(coder: Coder) -> None:
    found = first(coder, "On 9 March 2024, in Celaya, Guanajuato, five people were shot dead inside a "
                         "house. The attackers fled in two vans.", PloverType.ASSAULT)
    assert is_unidentified_armed_group(found) and found.extras["actor_source"] == "unattributed"


def test_a_shooting_with_no_shooter_in_a_story_with_police_stays_unattributed(coder: Coder) -> None:
    # the police may have fired: a report that leaves it implied gets no invented armed group
    found = first(coder, "On 9 March 2024, two men were shot dead in Moga during a raid by police "
                         "on a drug den, officials said.", PloverType.ASSAULT)
    assert not is_unidentified_armed_group(found)


def test_people_of_a_country_who_rally_are_protesters_not_its_government(coder: Coder) -> None:
    # the phrase names the country (or the country a clinic is in), but its head is people
    for text in (("On 9 March 2024, thousands of Burkina gathered at the stadium in Ouagadougou to "
                 "show their support for the army."),
                 ("On 9 March 2024, hundreds of patients of a clinic in Dori (Seno, Burkina Faso) "
                 "demonstrated over their treatment.")):
        rally = first(coder, text, PloverType.PROTEST)
        assert rally.actor is not None and rally.actor.actor_type == "protesters", text
        assert rally.actor.country == "BFA"
    organised = first(coder, "On 9 March 2024, the Government of Burkina Faso organised a rally in "
                             "Ouagadougou.", PloverType.PROTEST)
    assert organised.actor is not None and organised.actor.actor_type == "government"


@pytest.mark.parametrize(("text", "words"), [
    # listed objects: the houses among the targets
    ("On 9 March 2024, artillery struck targets, including houses in Beit Lahia.", "houses"),
    # people by their office or work
    ("On 9 March 2024, gunmen assassinated a school director in the village of Tanwalbougou.",
     "school director"),
    # the dead found
    ("On 9 March 2024, in Culiacan, Sinaloa, the body of a man was found beside a road.",
     "body of a man"),
    # a person the dictionary does not know, told as a villager
    ("On 9 March 2024, gunmen kidnapped Musa Abdullahi, a trader, near Birnin Gwari.",
     "Musa Abdullahi"),
    # where people live, without a name, hit by an act of force told as a verb or a noun
    ("On 9 March 2024, artillery shelled residential areas east of Deir al-Balah.", "residential areas"),
    ("On 9 March 2024, warplanes carried out airstrikes on several locations west of Khan Younis.",
     "several locations"),
    # part of a building, a number of buildings, a place fired at by name
    ("On 9 March 2024, warplanes struck the third floor of al-Awda Hospital in Jabalia.", "floor"),
    ("On 9 March 2024, troops blew up a number of residential buildings in Rafah.", "buildings"),
    ("On 9 March 2024, militants fired rockets towards Ashkelon, wounding two people.", "Ashkelon"),
    ("On 9 March 2024, a petrol bomb was hurled into the house of a ward councillor in Zomba.",
     "house"),
    # a blast hits what it goes off beside
    (("On 9 March 2024, in Tamwe township, a bomb exploded in front of the ward administration "
     "office."), "office"),
    ("On 9 March 2024, in Myingyan town, an explosion took place near a primary school.", "school"),
])
def test_people_and_their_things_hit_are_civilians(coder: Coder, text: str, words: str) -> None:
    hit = first(coder, text, PloverType.ASSAULT)
    assert hit.recipient is not None and hit.recipient.actor_type == "civilians", text
    assert words in hit.recipient.text


def test_a_named_person_told_as_a_fighter_is_no_civilian(coder: Coder) -> None:
    strike = first(coder, "On 9 March 2024, troops killed Abu Khalid, an ISWAP commander, near "
                          "Monguno.", PloverType.ASSAULT)
    assert strike.recipient is None or strike.recipient.actor_type != "civilians"


@pytest.mark.parametrize("text", [
    ("On 9 March 2024, two groups of villagers clashed over a land dispute in Ballia district. One "
    "person was killed."),
    ("On 9 March 2024, students clashed with each other and threw stones at the university campus "
    "in Koudougou."),
])
def test_crowds_that_fight_each_other_are_rioters_on_both_sides(coder: Coder, text: str) -> None:
    fight = first(coder, text, PloverType.ASSAULT)
    assert fight.actor is not None and fight.actor.actor_type == "rioters", text
    assert fight.recipient is not None and fight.recipient.actor_id == fight.actor.actor_id


def test_clashes_with_no_side_named_invent_no_armed_group(coder: Coder) -> None:
    fight = first(coder, "On 9 March 2024, clashes erupted in the market of Kidal, killing three "
                         "people.", PloverType.ASSAULT)
    assert not is_unidentified_armed_group(fight)


def test_a_shootout_after_an_operation_is_the_forces_fight(coder: Coder) -> None:
    fight = first(coder, "On 9 March 2024, in Duque de Caxias, Rio de Janeiro, military police "
                         "officers went to the Vila Operaria community to arrest a drug dealer. A "
                         "shoot-out broke out and two suspects were wounded.", PloverType.ASSAULT)
    assert fight.actor is not None and fight.actor.actor_type in {"police", "state_military"}
    assert fight.extras["actor_source"] == "operation"


def test_a_fight_after_a_crowd_gathered_gets_no_actor_from_it(coder: Coder) -> None:
    fight = first(coder, "On 9 March 2024, residents gathered in the market of Bouake. Clashes broke "
                         "out in the afternoon.", PloverType.ASSAULT)
    assert fight.extras.get("actor_source") != "operation"


def test_people_named_with_where_they_are_resolve_without_the_place(coder: Coder) -> None:
    # two subjects from the parser: the people, not the province
    found = first(coder, "On 9 March 2024, hundreds of protesters in Kut city, Wassit province "
                         "demanded new elections.", PloverType.REQUEST)
    assert found.actor is not None and found.actor.actor_type == "protesters"
    assert found.actor.country == "IRQ"


@pytest.mark.parametrize("text", [
    "On 8 Mar 2024, striking nurses marched to the ministry of health in Nairobi.",
    "Striking miners burned tyres outside the company offices in Rustenburg on Monday.",
])
def test_striking_workers_are_on_strike_not_attacking(coder: Coder, text: str) -> None:
    events = [e for e in coder.code(Article(id="t", text=text, date=ARTICLE_DATE)) if e.factual]
    assert [e.event_type for e in events] == [PloverType.PROTEST], text
    assert events[0].recipient is None or "Mar" not in events[0].recipient.text  # a date is no party


def test_an_area_a_party_holds_is_the_partys(coder: Coder) -> None:
    shelling = first(coder, "On 9 March 2024, the army shelled areas held by the RSF in Omdurman.",
                     PloverType.ASSAULT)
    assert shelling.recipient is not None and shelling.recipient.actor_id == "rsf"


def test_guns_fired_are_not_the_ones_hit(coder: Coder) -> None:
    # "artillery" as the subject stands for the force; as the object it is only what was fired
    shelling = first(coder, "On 9 March 2024, in Hakha town, army troops fired heavy artillery into "
                            "the town, wounding three civilians.", PloverType.ASSAULT)
    assert shelling.recipient is not None and shelling.recipient.actor_type == "civilians"


def test_shelling_around_a_groups_positions_hits_the_group(coder: Coder) -> None:
    shelling = first(coder, "On 9 March 2024, near Laiza town, the Myanmar military shelled around "
                            "KIA positions. Casualties unknown.", PloverType.ASSAULT)
    assert shelling.recipient is not None and shelling.recipient.actor_id is not None
    assert shelling.recipient.actor_id == "kia"


def test_a_blast_beside_a_police_station_hits_no_civilians(coder: Coder) -> None:
    blast = first(coder, "On 9 March 2024, a bomb exploded near a police station in Maiduguri.",
                  PloverType.ASSAULT)
    assert blast.recipient is None or blast.recipient.actor_type != "civilians"


def test_a_blast_aimed_at_an_official_hits_a_civilian(coder: Coder) -> None:
    # ACLED's rule: an official attacked unarmed is a civilian
    blast = first(coder, "On 9 March 2024, an IED exploded, targeting the district commissioner in "
                         "Marka town.", PloverType.ASSAULT)
    assert blast.recipient is not None and blast.recipient.actor_type == "civilians"
    assert "commissioner" in blast.recipient.text


def test_a_contingent_named_with_its_mission_is_affiliated_to_it(coder: Coder) -> None:
    fight = first(coder, "On 9 March 2024, Al Shabaab clashed with AUSSOM UPDF troops near a base in "
                         "Bariire village.", PloverType.ASSAULT)
    assert fight.recipient is not None and fight.recipient.actor_id == "updf"
    assert fight.recipient.affiliation_id == "aussom"
    alone = first(coder, "On 9 March 2024, Al Shabaab attacked UPDF troops near Bariire village.",
                  PloverType.ASSAULT)
    assert alone.recipient is not None and alone.recipient.affiliation_id != "aussom"


def test_two_states_forces_that_exchange_fire_are_the_two_sides(coder: Coder) -> None:
    fight = first(coder, "On 9 March 2024, military forces of India and Pakistan exchanged fire across "
                         "the LoC in the Uri sector.", PloverType.ASSAULT)
    assert fight.actor is not None and fight.actor.country == "IND"
    assert fight.recipient is not None and fight.recipient.country == "PAK"
    assert fight.recipient.actor_type == "state_military"


# --- crowds, hidden authors and hedged authors ------------------------------------------

def test_a_hedged_author_the_parser_reads_as_an_object_did_the_act(coder: Coder) -> None:
    # the parser makes "presumed" the sentence's verb and the militants its object
    attack = first(coder, "On 14 February 2024, presumed ISGS militants killed a youth in a village "
                          "in the area of Markoye (Markoye, Oudalan).", PloverType.ASSAULT)
    assert attack.actor is not None and attack.actor.actor_id == "islamic-state-greater-sahara"


def test_workers_who_stone_the_police_are_rioters(coder: Coder) -> None:
    riot = first(coder, "On 9 March 2024, stranded factory workers threw stones at police outside the "
                        "bus depot in Ludhiana (Punjab), demanding transport to their home villages.",
                 PloverType.ASSAULT)
    assert riot.acled_event_type == "Riots" and riot.acled_sub_event_type == "Mob violence"
    assert riot.actor is not None and riot.actor.actor_type == "rioters"


def test_men_who_beat_a_man_are_a_mob_but_men_who_stab_one_are_not(coder: Coder) -> None:
    beating = first(coder, "On 3 March 2024, four men beat a shopkeeper with sticks in Kanpur over a "
                           "quarrel about unpaid rent.", PloverType.ASSAULT)
    assert beating.actor is not None and beating.actor.actor_type == "rioters"
    stabbing = first(coder, "On 3 March 2024, four men stabbed a shopkeeper in Kanpur over a quarrel "
                            "about unpaid rent.", PloverType.ASSAULT)
    assert stabbing.actor is None or stabbing.actor.actor_type != "rioters"


def test_communities_people_who_clash_are_no_mob(coder: Coder) -> None:
    # a clash between two communities' people is their militias' fight, not a riot
    clash = first(coder, "On 6 March 2024, herders from one clan clashed with farmers from another "
                         "clan over grazing land near Jowhar.", PloverType.ASSAULT)
    assert clash.acled_event_type != "Riots"


def test_a_road_blocked_with_burning_tyres_is_a_violent_demonstration(coder: Coder) -> None:
    protest = first(coder, "On 11 March 2024, residents blocked the main road into Tegucigalpa with "
                           "burning tyres to demand the return of running water.", PloverType.PROTEST)
    assert protest.acled_sub_event_type == "Violent demonstration"
    assert protest.actor is not None and protest.actor.actor_type == "rioters"
    peaceful = first(coder, "On 11 March 2024, residents blocked the main road into Tegucigalpa with "
                            "parked lorries to demand the return of running water. Police fired "
                            "tear gas.", PloverType.PROTEST)
    assert peaceful.acled_event_type == "Protests"


def test_a_body_found_with_signs_of_violence_has_an_unnamed_author(coder: Coder) -> None:
    found = first(coder, "Around 2 March 2024, in Culiacan, Sinaloa, a man was found dead on a dirt "
                         "road. The body was bound and showed signs of torture.", PloverType.ASSAULT)
    assert found.actor is not None and found.actor.name.startswith("Unidentified Armed Group")
    assert found.extras.get("actor_source") == "unattributed"


def test_an_unnamed_author_is_not_handed_to_an_arrest_told_after_it(coder: Coder) -> None:
    events = coder.code(Article(id="t", date=ARTICLE_DATE, text=(
        "A trader was found dead near the market in Kano on Tuesday. Later the governor spoke "
        "about the arrest of a local teacher.")))
    arrests = [e for e in events if e.event_type is PloverType.COERCE]
    assert all(e.actor is None or e.actor.text for e in arrests)


def test_a_guess_in_brackets_names_the_group_and_is_not_two_parties(coder: Coder) -> None:
    clash = first(coder, "On 2 March 2024, Palestinian militants (likely Hamas and PIJ) clashed with "
                         "Israeli troops east of Khan Younis.", PloverType.ASSAULT)
    assert clash.actor is not None and clash.actor.actor_id == "hamas"
    assert clash.recipient is not None and clash.recipient.actor_id == "idf"


def test_a_list_of_groups_in_brackets_names_the_first_and_is_one_party(coder: Coder) -> None:
    shelling = first(coder, "On 6 May 2024, Palestinian militants (Hamas, PIJ and the Mujahideen "
                            "Brigades) fired mortar rounds at Israeli troops stationed near the Netzarim "
                            "corridor.", PloverType.ASSAULT)
    assert shelling.actor is not None and shelling.actor.actor_id == "hamas"
    assert not shelling.co_actors
    assert shelling.recipient is not None and shelling.recipient.actor_id == "idf"


def test_a_guess_ends_where_its_reason_begins(coder: Coder) -> None:
    blast = first(coder, "On 4 March 2024, an IED planted by an unknown armed group (likely Al Shabaab "
                         "given earlier attacks on the road) exploded near a police post in Baidoa.",
                  PloverType.ASSAULT)
    assert blast.actor is not None and blast.actor.actor_id == "al-shabaab"


def test_what_a_group_planted_stands_for_it_whatever_noun_the_parser_keeps(coder: Coder) -> None:
    # the parser makes "roadside" the subject and hangs "IED planted by ..." on it
    blast = first(coder, "On 3 March 2024, a roadside IED planted by Al Shabaab exploded, targeting an "
                         "army truck travelling from Afgooye.", PloverType.ASSAULT)
    assert blast.actor is not None and blast.actor.actor_id == "al-shabaab"


def test_a_shooter_the_parser_fuses_with_shot_dead_is_the_actor(coder: Coder) -> None:
    # the small model reads "sniper shot" as a noun compound, the subject of "dead"
    shooting = first(coder, "On 4 March 2024, an Israeli sniper shot dead a Palestinian in Khan Younis.",
                     PloverType.ASSAULT)
    assert shooting.actor is not None and shooting.actor.actor_id == "idf"
    assert shooting.recipient is not None and shooting.recipient.actor_type == "civilians"


def test_fighters_armed_with_weapons_move_though_the_parser_hangs_the_verb_on_the_weapons(
        coder: Coder) -> None:
    move = first(coder, "Movement of forces: On 2 March 2024, Al Shabaab fighters armed with heavy "
                        "weapons arrived in Ceel Baraf village (Adan Yabaal, Middle Shabelle).",
                 PloverType.MOBILIZE)
    assert move.actor is not None and move.actor.actor_id == "al-shabaab"
    assert move.recipient is None  # the weapons are carried, not hit


def test_a_group_that_was_patrolling_is_the_actor_of_the_patrol(coder: Coder) -> None:
    # the parser reads "were" as the verb and "patrolling" as an adjective of "roads"
    patrol = first(coder, "Movement of forces: On 5 March 2024, Al Shabaab were patrolling roads near "
                          "Jilib (Jilib, Middle Juba).", PloverType.MOBILIZE)
    assert patrol.actor is not None and patrol.actor.actor_id == "al-shabaab"


def test_a_march_someone_stages_or_organises_is_a_protest(coder: Coder) -> None:
    # "staged" is lemmatised "stag" by the small model: the stem with its e counts too
    staged = first(coder, "Student unions staged a march in Koudougou on Tuesday to demand unpaid grants.",
                   PloverType.PROTEST)
    assert staged.actor is not None and staged.actor.actor_type == "protesters"
    organised = coder.code(Article(id="t", date=ARTICLE_DATE, text=(
        "A march for peace was organised by women's associations in Kaya on Saturday.")))
    assert any(e.event_type is PloverType.PROTEST for e in organised)
    army = coder.code(Article(id="t", date=ARTICLE_DATE, text="The column's long march north took three weeks."))
    assert not any(e.event_type is PloverType.PROTEST for e in army)


def test_a_strike_workers_staged_is_a_protest(coder: Coder) -> None:
    # "strike" needs a word of labour or of staging nearby; "staged" is lemmatised "stag"
    strike = first(coder, "Dockworkers staged a strike at the port of Mombasa on Tuesday over "
                          "unpaid overtime.", PloverType.PROTEST)
    assert strike.mode == "strike"


def test_motorcyclists_who_throw_a_grenade_at_a_police_car_are_armed_and_hit_no_civilians(
        coder: Coder) -> None:
    attack = first(coder, "On 6 March 2024, two motorcyclists threw a hand grenade into a police car "
                          "in Pakokku town (Pakokku district, Magway region).", PloverType.ASSAULT)
    assert attack.actor is not None and attack.actor.name.startswith("Unidentified Armed Group")
    assert attack.recipient is None or attack.recipient.actor_type != "civilians"


def test_who_rides_in_a_vehicle_is_hit_with_it(coder: Coder) -> None:
    blast = first(coder, "On 7 March 2024, two cars carrying soldiers were hit by a landmine at the entry "
                         "to a village in Taze township (Shwebo district, Sagaing region).", PloverType.ASSAULT)
    assert blast.recipient is not None and blast.recipient.actor_type == "state_military"


def test_a_guess_in_square_brackets_names_the_group(coder: Coder) -> None:
    clash = first(coder, "On 8 March 2024, Israeli troops killed Palestinian gunmen [likely Hamas] in clashes "
                         "east of Khan Younis.", PloverType.ASSAULT)
    assert clash.recipient is not None and clash.recipient.actor_id == "hamas"


def test_a_travellers_and_traders_things_are_civilians(coder: Coder) -> None:
    tanker = first(coder, "On 8 March 2024, presumed JNIM militants attacked and burned a fuel tanker "
                          "between Dori and Seytenga. No casualties were reported.", PloverType.ASSAULT)
    assert tanker.recipient is not None and tanker.recipient.actor_type == "civilians"
    users = first(coder, "On 11 March 2024, suspected JNIM militants assaulted two road users while "
                         "holding a checkpoint near Djibo.", PloverType.ASSAULT)
    assert users.recipient is not None and users.recipient.actor_type == "civilians"


def test_similar_attacks_are_others_of_a_kind_not_an_event(coder: Coder) -> None:
    events = coder.code(Article(id="t", date=ARTICLE_DATE, text=(
        "Defusal: On 4 March 2024, police forces defused an IED planted by an unknown armed group "
        "(likely Al Shabaab given similar attacks by the group) near a checkpoint in Baidoa.")))
    assert not any(e.trigger.text == "attacks" for e in events)
    defusal = next(e for e in events if e.trigger.text == "defused")
    assert defusal.actor is not None and defusal.actor.actor_type == "police"


def test_demonstrators_who_burn_a_building_are_rioters(coder: Coder) -> None:
    arson = first(coder, "On 9 March 2024, the town hall of Sapouy was burned down by demonstrators "
                         "demanding the dismissal of the new mayor.", PloverType.ASSAULT)
    assert arson.actor is not None and arson.actor.actor_type == "rioters"


def test_a_raid_from_the_air_is_an_air_strike_and_a_raid_on_the_ground_is_not(coder: Coder) -> None:
    air = first(coder, "On 11 March 2024, Israeli warplanes carried out several raids on houses in "
                       "Deir al-Balah.", PloverType.ASSAULT)
    assert air.mode == "aerial" and air.actor is not None and air.actor.actor_id == "idf"
    ground = coder.code(Article(id="t", date=ARTICLE_DATE, text=(
        "On 11 March 2024, Israeli forces raided a house in Qabatiya and searched it.")))
    assert not any(e.event_type is PloverType.ASSAULT for e in ground)


def test_the_counted_hurt_are_recipients_not_actors(coder: Coder) -> None:
    # "dozens injured": the parser makes "dozens" the subject of "injured"
    fight = first(coder, "On 12 March 2024, fighting erupted in the market of Beit Lahia, with four "
                         "people killed and dozens injured.", PloverType.ASSAULT)
    assert fight.actor is None or fight.actor.actor_type != "civilians"
    assert fight.recipient is not None and fight.recipient.actor_type == "civilians"
    # ... but a participle with its own "by" keeps its author
    sniper = first(coder, "On 12 March 2024, a farmer was killed and his son wounded by an RSF sniper "
                          "near El Fasher.", PloverType.ASSAULT)
    assert sniper.actor is not None and sniper.actor.actor_id == "rsf"


def test_a_bracketed_gloss_after_the_subject_is_not_the_subject(coder: Coder) -> None:
    fire = first(coder, "On 13 March 2024, an Israeli helicopter [Apache] opened fire towards the "
                        "eastern areas of Khan Younis.", PloverType.ASSAULT)
    assert fire.actor is not None and fire.actor.actor_id == "idf"


def test_a_nationality_before_a_noun_is_no_place(coder: Coder) -> None:
    strike = first(coder, "On 14 March 2024, an Israeli drone targeted a group of people near the Thai "
                          "restaurant in Gaza City, killing seven people.", PloverType.ASSAULT)
    assert strike.location is not None and strike.location.country == "PSE"
    assert strike.recipient is not None and strike.recipient.country == "PSE"


@pytest.mark.parametrize(("phrase", "expected"), [
    ("Israeli F-16 warplanes", "idf"), ("Israeli Apache helicopters", "idf"),
    ("an Israeli quadcopter", "idf"), ("Turkish Bayraktar TB2 drones", "turkey-armed-forces"),
])
def test_a_craft_model_name_keeps_the_craft_its_forces(phrase: str, expected: str) -> None:
    entry = ActorDictionary.load().resolve(phrase, focus={"PSE": 1.0})
    assert entry is not None and entry.id == expected


@pytest.mark.parametrize("phrase", ["Israeli fuel tanks", "a passenger plane"])
def test_a_craft_of_another_kind_is_no_force(phrase: str) -> None:
    assert ActorDictionary.load().resolve(phrase, focus={"PSE": 1.0}) is None


def test_a_toll_after_resulting_in_belongs_to_the_act_before_it(coder: Coder) -> None:
    events = coder.code(Article(id="t", date=ARTICLE_DATE, text=(
        "On 24 March 2024, Israeli naval boats struck the beach of Deir al-Balah, resulting in one "
        "fisherman killed and two others injured.")))
    hits = [e for e in events if e.event_type is PloverType.ASSAULT]
    assert hits and all(e.actor is not None and e.actor.actor_id == "idf" for e in hits)
    assert all(e.recipient is not None and e.recipient.actor_type == "civilians" for e in hits)


def test_a_place_and_its_bracketed_areas_are_no_party(coder: Coder) -> None:
    strike = first(coder, "On 25 March 2024, Israeli warplanes struck targets in Gaza - Zeitoun (Gaza City, "
                          "Gaza Strip), leaving five people dead.", PloverType.ASSAULT)
    assert strike.recipient is None or strike.recipient.actor_type == "civilians"


def test_a_thing_hit_gives_way_to_the_soldiers_it_hurt(coder: Coder) -> None:
    bunker = first(coder, "On 4 April 2024, in Monywa township, the Monywa PDF bombed a bunker near the "
                          "railway station and killed a soldier.", PloverType.ASSAULT)
    assert bunker.recipient is not None and bunker.recipient.actor_type == "state_military"
    mixed = first(coder, "On 5 April 2024, a bomb exploded at a ward office in Monywa, injuring two "
                         "soldiers and a civilian.", PloverType.ASSAULT)
    assert mixed.recipient is None or mixed.recipient.actor_type == "civilians"


def test_a_misspelt_soldier_is_still_a_soldier() -> None:
    entry = ActorDictionary.load().resolve("one solider", focus={"MMR": 1.0})
    assert entry is not None and entry.type == "state_military"


def test_a_place_the_parser_made_a_subject_is_no_actor(coder: Coder) -> None:
    blast = first(coder, "On 6 April 2024, in Mayangone township, Yangon-North district, Yangon Region, "
                         "Myanmar, 3 bombs went off near the city bank, injuring one soldier.", PloverType.ASSAULT)
    assert blast.actor is None or blast.actor.actor_id is not None


def test_a_bare_craft_is_the_force_its_sentence_names_not_the_places(coder: Coder) -> None:
    # the parser makes the bracketed "warplanes" the subject; no Palestinian army flies them
    strike = first(coder, "On 15 March 2024, Israeli forces [likely warplanes] struck a gathering west of "
                          "Gaza City, killing two Palestinians.", PloverType.ASSAULT)
    assert strike.actor is not None and strike.actor.actor_id == "idf"
    shelling = first(coder, "On 15 March 2024, the army shelled a village near Kalay, killing a farmer.",
                     PloverType.ASSAULT)
    assert shelling.actor is not None and shelling.actor.country == "MMR"


def test_the_shell_a_force_fires_is_not_what_it_hit(coder: Coder) -> None:
    # "artillery" in "an artillery shell" names the army's guns, not a second army
    shelling = first(coder, "On 16 March 2024, the Myanmar military fired an artillery shell into Nan Hu "
                            "village in Hpakant township.", PloverType.ASSAULT)
    assert shelling.actor is not None and shelling.actor.actor_type == "state_military"
    assert shelling.recipient is None or shelling.recipient.actor_type == "civilians"
    # a tank targeted is its force, hit
    tank = first(coder, "On 16 March 2024, Hamas militants targeted an Israeli tank with anti-tank shells "
                        "east of Khan Younis.", PloverType.ASSAULT)
    assert tank.recipient is not None and tank.recipient.actor_id == "idf"


@pytest.mark.parametrize("person", ["a military-appointed ward administrator", "a suspected military informant"])
def test_people_the_junta_appointed_or_informs_through_are_civilians_when_hit(coder: Coder, person: str) -> None:
    blast = first(coder, f"On 17 March 2024, in Mandalay, a homemade bomb exploded at the house of {person}.",
                  PloverType.ASSAULT)
    assert blast.recipient is not None and blast.recipient.actor_type == "civilians"


def test_where_a_force_is_posted_is_no_part_of_its_name(coder: Coder) -> None:
    fire = first(coder, "On 9 May 2020, military forces of Artsakh located at Mataghis fired on the "
                        "positions of the military forces of Azerbaijan near Talish.", PloverType.ASSAULT)
    assert fire.actor is not None and fire.actor.actor_id == "artsakh-defence-army"
    assert fire.actor.text == "military forces of Artsakh"
    assert fire.recipient is not None and fire.recipient.country == "AZE"


@pytest.mark.parametrize(("actor_id", "actor_type"), [
    ("koglweogo", "political_militia"),  # vigilantes against banditry, as ACLED codes them
    ("vdp", "identity_militia"),  # auxiliaries raised from the communities, as ACLED codes them
    ("dozo", "identity_militia"),  # hunters' brotherhoods
])
def test_burkina_self_defence_groups_are_typed_as_acled_codes_them(actor_id: str, actor_type: str) -> None:
    entry = ActorDictionary.load().get(actor_id)
    assert entry is not None and entry.type == actor_type


@pytest.mark.parametrize("phrase", ["international security forces", "foreign security forces"])
def test_international_security_forces_are_no_local_army(phrase: str) -> None:
    entry = ActorDictionary.load().resolve(phrase, focus={"SOM": 1.0})
    assert entry is not None and entry.id == "unidentified-military-forces"


@pytest.mark.parametrize("phrase", ["Mandalay People Defense Force", "the Monywa People's Defence Force"])
def test_a_town_before_a_groups_full_name_is_its_local_unit(phrase: str) -> None:
    entry = ActorDictionary.load().resolve(phrase, focus={"MMR": 1.0})
    assert entry is not None and entry.id == "pdf"


def test_the_kind_of_shell_that_landed_is_no_one_who_fired_it(coder: Coder) -> None:
    shelling = first(coder, "On 18 March 2024, at Man Pying village in Namtu township, four artillery shells "
                            "landed in the village, destroying a house.", PloverType.ASSAULT)
    assert shelling.actor is None or shelling.actor.actor_type != "state_military"


def test_a_sub_clan_the_parser_splits_is_still_a_clan(coder: Coder) -> None:
    clash = first(coder, "On 19 March 2025, Habar Gidir clan militia clashed with Dir-Surre Weyne sub-clan "
                         "near Dhusamareb.", PloverType.ASSAULT)
    assert clash.recipient is not None and clash.recipient.actor_type == "identity_militia"


@pytest.mark.parametrize("fired", ["120mm and 82mm mortars", "small arms"])
def test_what_is_fired_at_a_position_is_not_the_side_hit(coder: Coder, fired: str) -> None:
    fire = first(coder, f"On 20 March 2020, the Ukrainian Forces fired {fired} at the positions of the "
                        f"Donetsk People's Militia near Horlivka, Donetsk.", PloverType.ASSAULT)
    assert fire.recipient is not None and fire.recipient.actor_id == "novorossiya-armed-forces"



@pytest.mark.parametrize("text", [
    "Fighting between Armenia troops and Azerbaijan troops was reported near Talysh on Tuesday.",
    "Fighting erupted between Armenia troops and Azerbaijan troops near Talysh on Tuesday.",
])
def test_a_gerund_subject_names_its_sides_as_a_noun_does(coder: Coder, text: str) -> None:
    # "Fighting" is the clause's subject, tagged a verb: its sides are the objects of "between"
    fight = first(coder, text, PloverType.ASSAULT)
    assert fight.actor is not None and fight.recipient is not None
    assert {fight.actor.country, fight.recipient.country} == {"ARM", "AZE"}


@pytest.mark.parametrize(("text", "country"), [
    (("On 12 March 2024, separatist fighters fired heavy machine guns at governmental positions "
      "near Avdiivka, Donetsk."), "UKR"),
    ("Houthi fighters attacked government positions south of Marib city on Tuesday.", "YEM"),
])
def test_government_positions_are_held_by_the_states_forces(coder: Coder, text: str,
                                                            country: str) -> None:
    attack = first(coder, text, PloverType.ASSAULT)
    assert attack.recipient is not None
    assert (attack.recipient.actor_type, attack.recipient.country) == ("state_military", country)


def test_the_bare_mention_takes_the_named_party_of_the_sentences_other_act(coder: Coder) -> None:
    # one ASSAULT for the sentence; "the militants" of the primary act are the JNIM militants
    raid = first(coder, "On 9 March 2024, presumed JNIM militants stormed the gendarmerie post in "
                        "Gorgadji, the militants then fired rockets at the building and took four "
                        "motorbikes.", PloverType.ASSAULT)
    assert raid.actor is not None and raid.actor.actor_id == "jnim"


def test_the_bare_mention_takes_its_named_antecedent_in_the_paragraph(coder: Coder) -> None:
    # the incursion is no event of its own: the named militants are only words before
    abduction = first(coder, "On 9 March 2024, suspected ISGS militants made an incursion into "
                             "Tin-Akoff where the militants reportedly abducted six herders.",
                      PloverType.ASSAULT)
    assert abduction.actor is not None
    assert abduction.actor.actor_id == "islamic-state-greater-sahara"


def test_a_bare_mention_of_another_kind_keeps_its_own_reading(coder: Coder) -> None:
    # "protesters" named in the sentence are no antecedent of "soldiers"
    shooting = first(coder, "Soldiers fired on the crowd in Kaya after protesters stoned them.",
                     PloverType.ASSAULT)
    assert shooting.actor is not None and shooting.actor.actor_type == "state_military"


@pytest.mark.parametrize("text", [
    ("On 4 March 2024, the Pale Defense Force ambushed a junta convoy near Pale town (Yinmarbin "
     "district, Sagaing region)."),
    ("On 4 March 2024, a local defense force ambushed a junta convoy near Pale town (Yinmarbin "
     "district, Sagaing region)."),
])
def test_a_towns_defence_force_is_a_militia_not_the_army(coder: Coder, text: str) -> None:
    ambush = first(coder, text, PloverType.ASSAULT)
    assert ambush.actor is not None
    assert ambush.actor.actor_type == "political_militia" and ambush.actor.actor_id != "tatmadaw"
    assert ambush.recipient is not None and ambush.recipient.actor_id == "tatmadaw"


def test_the_object_of_a_hedged_groups_second_verb_is_hit(coder: Coder) -> None:
    # the parser hangs "the imam" on "executed", the second of two verbs after "presumed"
    killing = first(coder, "On 2 March 2024, presumed ISGS militants abducted and executed the "
                           "imam of Tin-Akoff.", PloverType.ASSAULT)
    assert killing.recipient is not None and killing.recipient.actor_type == "civilians"


@pytest.mark.parametrize(("text", "kind"), [
    (("On 2 March 2024, gunmen attacked a customs post near Kantchari and killed three customs "
      "officers."), "police"),
    ("On 2 March 2024, JNIM militants abducted a labour inspector near Djibo.", "civilians"),
    ("Gunmen shot dead a police inspector in Kaya on Monday.", "police"),
])
def test_officers_and_inspectors_by_their_service(coder: Coder, text: str, kind: str) -> None:
    attack = first(coder, text, PloverType.ASSAULT)
    assert attack.recipient is not None and attack.recipient.actor_type == kind


def test_where_an_explosion_took_place_is_what_it_hit(coder: Coder) -> None:
    blast = first(coder, "On 2 March 2024, in Tamwe township, an explosion took place at a police "
                         "outpost near the market.", PloverType.ASSAULT)
    assert blast.recipient is not None and blast.recipient.actor_type == "police"


def test_the_force_that_dispersed_a_protest_in_the_next_sentence_is_its_recipient(
        coder: Coder) -> None:
    march = first(coder, "About 200 teachers marched in Koudougou on Monday over unpaid bonuses. "
                         "They were dispersed by police using tear gas.", PloverType.PROTEST)
    assert march.recipient is not None and march.recipient.actor_type == "police"
    assert march.extras["recipient_source"] == "intervention"


@pytest.mark.parametrize("text", [
    "On 3 March 2024, Dir and Marehan clans clashed over grazing land near Cabudwaaq, Galgaduud.",
    "On 3 March 2024, Luway and Hadame sub-clan militias clashed near Xudur town (Xudur, Bakool).",
])
def test_two_clans_the_dictionary_does_not_know_are_the_two_sides(coder: Coder, text: str) -> None:
    clash = first(coder, text, PloverType.ASSAULT)
    assert clash.actor is not None and clash.recipient is not None
    assert clash.actor.actor_type == clash.recipient.actor_type == "identity_militia"
    assert clash.actor.text != clash.recipient.text


def test_groups_from_one_clan_fight_that_clan(coder: Coder) -> None:
    clash = first(coder, "On 3 March 2024, two groups from the Dhulbahante clan militia clashed "
                         "in Laascaanood town (Laas Caanood, Sool).", PloverType.ASSAULT)
    assert clash.actor is not None and clash.actor.actor_type == "identity_militia"
    assert clash.recipient is not None and clash.recipient.actor_type == "identity_militia"


def test_a_bracketed_gloss_after_the_subject_leaves_the_subject_in_place(coder: Coder) -> None:
    # the parser makes the closing bracket of "[Quadcopter]" a subject of "struck"
    strike = first(coder, "On 2 March 2024, Israeli drones [Quadcopter] struck a tent in Gaza - "
                          "Sheikh Radwan (Gaza City, Gaza Strip). Casualties unknown.",
                   PloverType.ASSAULT)
    assert strike.actor is not None and strike.actor.actor_id == "idf"


@pytest.mark.parametrize(("text", "kind"), [
    ("On 3 March 2024, residents banged pots against the mayor in Valparaiso over water cuts.",
     "protesters"),
    ("On 3 March 2024, about 80 taxi owners held a motorcade in Recife to demand lower fuel taxes.",
     "protesters"),
    ("On 3 March 2024, nurses began a 48-hour work stoppage in Lagos over unpaid allowances.",
     "protesters"),
    ("On 3 March 2024, youths barricaded roads with burning tyres in Kisumu to demand jobs.",
     None),  # rioters or protesters, as the typology reads the burning
])
def test_protest_forms_without_the_word_protest(coder: Coder, text: str, kind: str | None) -> None:
    protest = first(coder, text, PloverType.PROTEST)
    assert protest.actor is not None
    assert protest.actor.actor_type in ({kind} if kind else {"protesters", "rioters"})


def test_security_forces_barricading_a_road_stage_no_protest(coder: Coder) -> None:
    events = coder.code(Article(id="t", text="Police barricaded the road to the parliament on "
                                             "Tuesday.", date=ARTICLE_DATE))
    assert not [e for e in events if e.event_type is PloverType.PROTEST]


@pytest.mark.parametrize("text", [
    "On 5 March 2024, a farmer stepped on a landmine near Hpapun and lost a leg.",
    "On 5 March 2024, two displaced women stepped on a landmine near Namtu and were wounded.",
])
def test_who_stepped_on_a_mine_was_hit_not_the_layer(coder: Coder, text: str) -> None:
    blast = first(coder, text, PloverType.ASSAULT)
    assert blast.recipient is not None and blast.recipient.actor_type == "civilians"
    assert blast.actor is None or blast.actor.actor_type != "civilians"
    assert blast.actor is None or blast.actor.text == ""


def test_a_bridge_where_a_bomb_went_off_is_no_party(coder: Coder) -> None:
    blast = first(coder, "On 5 March 2024, a bomb exploded at the Nam Tu bridge near Hsipaw. "
                         "The explosion killed two civilians.", PloverType.ASSAULT)
    assert blast.recipient is not None and blast.recipient.actor_type == "civilians"
