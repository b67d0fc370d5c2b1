"""ACLED event types and sub-event types from the typology rules, on parses built by hand.

Each sentence is written as (word, lemma, POS, dependency, head index) rows the way the
English model parses it, so the rules are tested apart from the parser. The sentences were
written for these tests.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from eventwire.extract.drafts import EventDraft, draft_events
from eventwire.extract.lexicon import default_lexicon
from eventwire.extract.paragraphs import Paragraphs
from eventwire.extract.typology import Typing, classify, refine_mode
from eventwire.model import PloverType

VOCAB = spacy.blank("en").vocab
Row = tuple[str, str, str, str, int]

# "Students protested and threw stones at police."
STONE_PROTEST: list[Row] = [
    ("Students", "student", "NOUN", "nsubj", 1), ("protested", "protest", "VERB", "ROOT", 1),
    ("and", "and", "CCONJ", "cc", 1), ("threw", "throw", "VERB", "conj", 1),
    ("stones", "stone", "NOUN", "dobj", 3), ("at", "at", "ADP", "prep", 3),
    ("police", "police", "NOUN", "pobj", 5), (".", ".", "PUNCT", "punct", 1),
]
# "A mob beat a man."
MOB_BEATING: list[Row] = [
    ("A", "a", "DET", "det", 1), ("mob", "mob", "NOUN", "nsubj", 2),
    ("beat", "beat", "VERB", "ROOT", 2), ("a", "a", "DET", "det", 4),
    ("man", "man", "NOUN", "dobj", 2), (".", ".", "PUNCT", "punct", 2),
]
# "Gunmen hurled a grenade at a shop."
GRENADE: list[Row] = [
    ("Gunmen", "gunman", "NOUN", "nsubj", 1), ("hurled", "hurl", "VERB", "ROOT", 1),
    ("a", "a", "DET", "det", 3), ("grenade", "grenade", "NOUN", "dobj", 1),
    ("at", "at", "ADP", "prep", 1), ("a", "a", "DET", "det", 6), ("shop", "shop", "NOUN", "pobj", 4),
    (".", ".", "PUNCT", "punct", 1),
]
# "Troops recaptured the town."
RECAPTURE: list[Row] = [
    ("Troops", "troop", "NOUN", "nsubj", 1), ("recaptured", "recapture", "VERB", "ROOT", 1),
    ("the", "the", "DET", "det", 3), ("town", "town", "NOUN", "dobj", 1),
    (".", ".", "PUNCT", "punct", 1),
]
# "Police defused a bomb."
DEFUSED: list[Row] = [
    ("Police", "police", "NOUN", "nsubj", 1), ("defused", "defuse", "VERB", "ROOT", 1),
    ("a", "a", "DET", "det", 3), ("bomb", "bomb", "NOUN", "dobj", 1),
    (".", ".", "PUNCT", "punct", 1),
]
# "Fighters were sighted near the village."
SIGHTING: list[Row] = [
    ("Fighters", "fighter", "NOUN", "nsubjpass", 2), ("were", "be", "AUX", "auxpass", 2),
    ("sighted", "sight", "VERB", "ROOT", 2), ("near", "near", "ADP", "prep", 2),
    ("the", "the", "DET", "det", 5), ("village", "village", "NOUN", "pobj", 3),
    (".", ".", "PUNCT", "punct", 2),
]
# "Rebels established a base."
BASE: list[Row] = [
    ("Rebels", "rebel", "NOUN", "nsubj", 1), ("established", "establish", "VERB", "ROOT", 1),
    ("a", "a", "DET", "det", 3), ("base", "base", "NOUN", "dobj", 1),
    (".", ".", "PUNCT", "punct", 1),
]
# "Police arrested two men."
ARREST: list[Row] = [
    ("Police", "police", "NOUN", "nsubj", 1), ("arrested", "arrest", "VERB", "ROOT", 1),
    ("two", "two", "NUM", "nummod", 3), ("men", "man", "NOUN", "dobj", 1),
    (".", ".", "PUNCT", "punct", 1),
]
# "Journalists protested against the arrest of an editor."
PROTEST_AGAINST_ARREST: list[Row] = [
    ("Journalists", "journalist", "NOUN", "nsubj", 1), ("protested", "protest", "VERB", "ROOT", 1),
    ("against", "against", "ADP", "prep", 1), ("the", "the", "DET", "det", 4),
    ("arrest", "arrest", "NOUN", "pobj", 2), ("of", "of", "ADP", "prep", 4),
    ("an", "an", "DET", "det", 7), ("editor", "editor", "NOUN", "pobj", 5),
    (".", ".", "PUNCT", "punct", 1),
]
# "Police dispersed the protesters."
DISPERSED: list[Row] = [
    ("Police", "police", "NOUN", "nsubj", 1), ("dispersed", "disperse", "VERB", "ROOT", 1),
    ("the", "the", "DET", "det", 3), ("protesters", "protester", "NOUN", "dobj", 1),
    (".", ".", "PUNCT", "punct", 1),
]
# "Rebels clashed with troops using mortars."
CLASH_WITH_MORTARS: list[Row] = [
    ("Rebels", "rebel", "NOUN", "nsubj", 1), ("clashed", "clash", "VERB", "ROOT", 1),
    ("with", "with", "ADP", "prep", 1), ("troops", "troop", "NOUN", "pobj", 2),
    ("using", "use", "VERB", "advcl", 1), ("mortars", "mortar", "NOUN", "dobj", 4),
    (".", ".", "PUNCT", "punct", 1),
]
# "Soldiers fired shots into the air."
SHOTS_IN_AIR: list[Row] = [
    ("Soldiers", "soldier", "NOUN", "nsubj", 1), ("fired", "fire", "VERB", "ROOT", 1),
    ("shots", "shot", "NOUN", "dobj", 1), ("into", "into", "ADP", "prep", 1),
    ("the", "the", "DET", "det", 5), ("air", "air", "NOUN", "pobj", 3),
    (".", ".", "PUNCT", "punct", 1),
]
# "Militants shot down a drone."
DRONE_DOWNED: list[Row] = [
    ("Militants", "militant", "NOUN", "nsubj", 1), ("shot", "shoot", "VERB", "ROOT", 1),
    ("down", "down", "ADP", "prt", 1), ("a", "a", "DET", "det", 4),
    ("drone", "drone", "NOUN", "dobj", 1), (".", ".", "PUNCT", "punct", 1),
]
# "Gunmen bombed a tower."
BOMBED: list[Row] = [
    ("Gunmen", "gunman", "NOUN", "nsubj", 1), ("bombed", "bomb", "VERB", "ROOT", 1),
    ("a", "a", "DET", "det", 3), ("tower", "tower", "NOUN", "dobj", 1),
    (".", ".", "PUNCT", "punct", 1),
]
# "On Friday, militants attacked the village."
ATTACK_ON_FRIDAY: list[Row] = [
    ("On", "on", "ADP", "prep", 4), ("Friday", "Friday", "PROPN", "pobj", 0),
    (",", ",", "PUNCT", "punct", 4), ("militants", "militant", "NOUN", "nsubj", 4),
    ("attacked", "attack", "VERB", "ROOT", 4), ("the", "the", "DET", "det", 6),
    ("village", "village", "NOUN", "dobj", 4), (".", ".", "PUNCT", "punct", 4),
]
# "Ten fighters surrendered."
SURRENDER: list[Row] = [
    ("Ten", "ten", "NUM", "nummod", 1), ("fighters", "fighter", "NOUN", "nsubj", 2),
    ("surrendered", "surrender", "VERB", "ROOT", 2), (".", ".", "PUNCT", "punct", 2),
]
# "Gunmen killed a trader."
GUNMEN_KILLED_TRADER: list[Row] = [
    ("Gunmen", "gunman", "NOUN", "nsubj", 1), ("killed", "kill", "VERB", "ROOT", 1),
    ("a", "a", "DET", "det", 3), ("trader", "trader", "NOUN", "dobj", 1),
    (".", ".", "PUNCT", "punct", 1),
]

# "Militants fired mortars at the base."
MORTARS_AT_BASE: list[Row] = [
    ("Militants", "militant", "NOUN", "nsubj", 1), ("fired", "fire", "VERB", "ROOT", 1),
    ("mortars", "mortar", "NOUN", "dobj", 1), ("at", "at", "ADP", "prep", 1),
    ("the", "the", "DET", "det", 5), ("base", "base", "NOUN", "pobj", 3),
    (".", ".", "PUNCT", "punct", 1),
]
# "The soldiers fired back."
FIRED_BACK: list[Row] = [
    ("The", "the", "DET", "det", 1), ("soldiers", "soldier", "NOUN", "nsubj", 2),
    ("fired", "fire", "VERB", "ROOT", 2), ("back", "back", "ADV", "advmod", 2),
    (".", ".", "PUNCT", "punct", 2),
]
# "Rebels fired grenade launchers at the post."
LAUNCHERS: list[Row] = [
    ("Rebels", "rebel", "NOUN", "nsubj", 1), ("fired", "fire", "VERB", "ROOT", 1),
    ("grenade", "grenade", "NOUN", "compound", 3), ("launchers", "launcher", "NOUN", "dobj", 1),
    ("at", "at", "ADP", "prep", 1), ("the", "the", "DET", "det", 6),
    ("post", "post", "NOUN", "pobj", 4), (".", ".", "PUNCT", "punct", 1),
]


def parse(*sentences: list[Row], ents: dict[int, str] | None = None) -> Doc:
    """One Doc from sentences of rows; heads are indices within each sentence."""
    words: list[str] = []
    lemmas: list[str] = []
    pos: list[str] = []
    deps: list[str] = []
    heads: list[int] = []
    starts: list[bool | int | None] = []
    for rows in sentences:
        offset = len(words)
        for i, (word, lemma, tag, dep, head) in enumerate(rows):
            words.append(word)
            lemmas.append(lemma)
            pos.append(tag)
            deps.append(dep)
            heads.append(head + offset)
            starts.append(i == 0)
    labels = ents or {}
    iob = [f"B-{labels[i]}" if i in labels else "O" for i in range(len(words))]
    return Doc(VOCAB, words=words, lemmas=lemmas, pos=pos, deps=deps, heads=heads,
               sent_starts=starts, ents=iob)


def type_events(doc: Doc, *, actor_type: str | None = None, recipient_type: str | None = None,
                fatalities: int | None = None) -> list[tuple[EventDraft, Typing]]:
    lexicon = default_lexicon()
    drafts = draft_events(doc, lexicon, Paragraphs(doc.text))
    typed = []
    for draft in drafts:
        same_sentence = [d for d in drafts if d.sentence == draft.sentence]
        typing = classify(draft, refine_mode(draft, lexicon), recipient_type=recipient_type,
                          actor_type=actor_type, fatalities=fatalities, sentence_drafts=same_sentence,
                          lexicon=lexicon)
        typed.append((draft, typing))
    return typed


def acled(doc: Doc, *, actor_type: str | None = None, recipient_type: str | None = None,
          fatalities: int | None = None) -> list[tuple[str | None, str | None]]:
    typed = type_events(doc, actor_type=actor_type, recipient_type=recipient_type, fatalities=fatalities)
    return [(t.acled_event_type, t.acled_sub_event_type) for _, t in typed]


def test_stones_thrown_at_a_protest_make_one_violent_demonstration() -> None:
    typed = type_events(parse(STONE_PROTEST))
    assert [(d.event_type, t.mode) for d, t in typed] == [(PloverType.PROTEST, "riot")]
    assert (typed[0][1].acled_event_type, typed[0][1].acled_sub_event_type) == ("Riots", "Violent demonstration")


def test_a_mob_beating_someone_is_mob_violence() -> None:
    assert acled(parse(MOB_BEATING)) == [("Riots", "Mob violence")]


def test_armed_men_beating_someone_is_not_mob_violence() -> None:
    rows = [("Gunmen", "gunman", "NOUN", "nsubj", 1), *MOB_BEATING[2:]]
    rows = [(w, lemma, p, dep, head - 1 if i else head) for i, (w, lemma, p, dep, head) in enumerate(rows)]
    assert acled(parse(rows), actor_type="political_militia") == [("Violence against civilians", "Attack")]


def test_a_hand_grenade_is_a_grenade_attack() -> None:
    assert acled(parse(GRENADE)) == [("Explosions/Remote violence", "Grenade")]


@pytest.mark.parametrize(("actor_type", "expected"), [
    ("state_military", "Government regains territory"),
    ("rebel_group", "Non-state actor overtakes territory"),
])
def test_a_town_retaken_changes_territory_by_who_took_it(actor_type: str, expected: str) -> None:
    assert acled(parse(RECAPTURE), actor_type=actor_type) == [("Battles", expected)]


def test_a_defused_bomb_is_disrupted_weapons_use() -> None:
    typed = type_events(parse(DEFUSED), actor_type="police")
    assert [d.event_type for d, _ in typed] == [PloverType.COERCE]
    assert typed[0][1].acled_sub_event_type == "Disrupted weapons use"


def test_a_sighting_of_fighters_is_a_movement_of_a_non_state_force() -> None:
    # the force seen moving is the actor (roles.OBSERVED_LEMMAS), so its type sets the mode
    typed = type_events(parse(SIGHTING), actor_type="rebel_group")
    assert typed[0][0].actor is not None and typed[0][0].recipient is None
    assert [(d.event_type, t.mode) for d, t in typed] == [(PloverType.MOBILIZE, "militia")]
    assert typed[0][1].acled_sub_event_type == "Change to group/activity"


def test_a_base_set_up_is_a_headquarters_established() -> None:
    assert acled(parse(BASE), actor_type="rebel_group") == [
        ("Strategic developments", "Headquarters or base established")]


def test_an_arrest_alone_is_an_arrests_event() -> None:
    assert acled(parse(ARREST)) == [("Strategic developments", "Arrests")]


def test_an_arrest_beside_a_killing_is_not_the_acled_event() -> None:
    typed = acled(parse(ARREST, GUNMEN_KILLED_TRADER))
    assert typed[0] == (None, None)
    assert typed[1][0] == "Violence against civilians"


def test_a_protest_against_an_arrest_is_peaceful() -> None:
    """The arrest is the protest's cause: no intervention, and not an ACLED event of its own."""
    assert acled(parse(PROTEST_AGAINST_ARREST)) == [("Protests", "Peaceful protest"), (None, None)]


def test_a_protest_dispersed_in_the_next_sentence_had_an_intervention() -> None:
    typed = acled(parse(PROTEST_AGAINST_ARREST, DISPERSED))
    assert typed[0] == ("Protests", "Protest with intervention")


def test_a_protest_dispersed_with_deaths_is_excessive_force() -> None:
    typed = acled(parse(PROTEST_AGAINST_ARREST, DISPERSED), fatalities=2)
    assert typed[0] == ("Protests", "Excessive force against protesters")


def test_a_clash_with_mortars_stays_an_armed_clash() -> None:
    typed = type_events(parse(CLASH_WITH_MORTARS), actor_type="rebel_group", recipient_type="state_military")
    assert typed[0][1].mode == "heavy-weapons"  # the PLOVER mode still names the weapon
    assert (typed[0][1].acled_event_type, typed[0][1].acled_sub_event_type) == ("Battles", "Armed clash")


def test_shots_into_the_air_are_not_an_air_strike() -> None:
    typed = type_events(parse(SHOTS_IN_AIR))
    assert typed[0][1].mode == "firearms"


def test_a_drone_shot_down_is_disrupted_weapons_use() -> None:
    assert acled(parse(DRONE_DOWNED)) == [("Strategic developments", "Disrupted weapons use")]


@pytest.mark.parametrize(("actor_type", "mode"), [("political_militia", "explosives"), ("state_military", "aerial")])
def test_bombed_is_an_air_strike_only_for_state_forces(actor_type: str, mode: str) -> None:
    assert type_events(parse(BOMBED), actor_type=actor_type)[0][1].mode == mode


def test_a_date_after_on_is_not_the_target() -> None:
    """Regression: "On Friday" was read as what was attacked, hiding the village."""
    doc = parse(ATTACK_ON_FRIDAY, ents={1: "DATE"})
    assert acled(doc, actor_type="political_militia") == [("Violence against civilians", "Attack")]


def test_an_attack_on_an_army_position_is_a_battle() -> None:
    rows = [*ATTACK_ON_FRIDAY[:6], ("post", "post", "NOUN", "dobj", 4), (".", ".", "PUNCT", "punct", 4)]
    assert acled(parse(rows, ents={1: "DATE"}), actor_type="political_militia") == [("Battles", "Armed clash")]


def test_fighters_surrendering_is_an_agreement() -> None:
    assert acled(parse(SURRENDER)) == [("Strategic developments", "Agreement")]


def test_shelling_alone_is_shelling() -> None:
    typed = type_events(parse(MORTARS_AT_BASE), actor_type="rebel_group")
    assert (typed[0][1].acled_event_type, typed[0][1].acled_sub_event_type) == (
        "Explosions/Remote violence", "Shelling/artillery/missile attack")


def test_shelling_met_by_return_fire_is_an_armed_clash() -> None:
    typed = type_events(parse(MORTARS_AT_BASE, FIRED_BACK), actor_type="rebel_group")
    assert (typed[0][1].acled_event_type, typed[0][1].acled_sub_event_type) == ("Battles", "Armed clash")


def test_a_grenade_launcher_is_not_a_hand_grenade() -> None:
    typed = type_events(parse(LAUNCHERS), actor_type="rebel_group")
    assert typed[0][1].acled_sub_event_type != "Grenade"
    assert typed[0][1].mode != "explosives"


# "The envoy urged the rebels to talk."
URGED: list[Row] = [
    ("The", "the", "DET", "det", 1), ("envoy", "envoy", "NOUN", "nsubj", 2),
    ("urged", "urge", "VERB", "ROOT", 2), ("the", "the", "DET", "det", 4),
    ("rebels", "rebel", "NOUN", "dobj", 2), ("to", "to", "PART", "aux", 6),
    ("talk", "talk", "VERB", "xcomp", 2), (".", ".", "PUNCT", "punct", 2),
]
# "The envoy demanded the rebels talk."
DEMANDED: list[Row] = [
    ("The", "the", "DET", "det", 1), ("envoy", "envoy", "NOUN", "nsubj", 2),
    ("demanded", "demand", "VERB", "ROOT", 2), ("the", "the", "DET", "det", 4),
    ("rebels", "rebel", "NOUN", "nsubj", 5), ("talk", "talk", "VERB", "ccomp", 2),
    (".", ".", "PUNCT", "punct", 2),
]
# "The government will send food aid."
WILL_SEND_AID: list[Row] = [
    ("The", "the", "DET", "det", 1), ("government", "government", "NOUN", "nsubj", 3),
    ("will", "will", "AUX", "aux", 3), ("send", "send", "VERB", "ROOT", 3),
    ("food", "food", "NOUN", "compound", 5), ("aid", "aid", "NOUN", "dobj", 3),
    (".", ".", "PUNCT", "punct", 3),
]
# "The two sides signed an agreement."
SIGNED: list[Row] = [
    ("The", "the", "DET", "det", 2), ("two", "two", "NUM", "nummod", 2),
    ("sides", "side", "NOUN", "nsubj", 3), ("signed", "sign", "VERB", "ROOT", 3),
    ("an", "an", "DET", "det", 5), ("agreement", "agreement", "NOUN", "dobj", 3),
    (".", ".", "PUNCT", "punct", 3),
]


def test_an_appeal_is_cameo_02_and_a_demand_cameo_10() -> None:
    [(urge, urged)] = type_events(parse(URGED))
    [(demand, demanded)] = type_events(parse(DEMANDED))
    assert urge.event_type is demand.event_type is PloverType.REQUEST
    assert urged.cameo.startswith("02") and demanded.cameo.startswith("10")


def test_a_promised_act_is_agree_and_never_an_acled_event() -> None:
    (draft, typing), (planned, _) = type_events(parse(WILL_SEND_AID))
    assert draft.event_type is PloverType.AGREE and typing.cameo.startswith("03")
    assert typing.acled_event_type is None
    assert planned.event_type is PloverType.AID and planned.unreal  # kept, but as planned


def test_a_signed_agreement_is_support_and_an_acled_agreement() -> None:
    [(draft, typing)] = type_events(parse(SIGNED))
    assert draft.event_type is PloverType.SUPPORT and typing.cameo == "057"
    assert (typing.acled_event_type, typing.acled_sub_event_type) == ("Strategic developments", "Agreement")
