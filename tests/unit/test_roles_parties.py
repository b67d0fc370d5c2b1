"""Civilian targets, counted events, passive sightings and coordinated parties in
``eventwire.extract.roles``, on parses built by hand (no model).

As in test_roles.py, each sentence is written as (word, lemma, POS, dependency, head index) rows
the way the English model parses it, misparses included.
"""

from __future__ import annotations

from handparse import Row, parse
from spacy.tokens import Doc, Span, Token

from eventwire.extract.roles import (
    civilian_target,
    conjoined_parts,
    coordination,
    find_roles,
    is_headline_label,
    names_alternatives,
    participant_phrase,
    past_compass,
    verb_roles,
)


def text(span: Span | Token | None) -> str | None:
    return span.text if span is not None else None


def bounds(spans: list[Span]) -> list[tuple[str, int, int]]:
    """Texts and token offsets: spans compare by label too, so compare what they cover."""
    return [(s.text, s.start, s.end) for s in spans]


# ---- civilian targets -----------------------------------------------------------------------

# "Jets struck a house in the town."
STRUCK_A_HOUSE: list[Row] = [
    ("Jets", "jet", "NOUN", "nsubj", 1), ("struck", "strike", "VERB", "ROOT", 1),
    ("a", "a", "DET", "det", 3), ("house", "house", "NOUN", "dobj", 1),
    ("in", "in", "ADP", "prep", 1), ("the", "the", "DET", "det", 6), ("town", "town", "NOUN", "pobj", 4),
    (".", ".", "PUNCT", "punct", 1),
]

# "Gunmen fired on a bus near the market."
FIRED_ON_A_BUS: list[Row] = [
    ("Gunmen", "gunman", "NOUN", "nsubj", 1), ("fired", "fire", "VERB", "ROOT", 1),
    ("on", "on", "ADP", "prep", 1), ("a", "a", "DET", "det", 4), ("bus", "bus", "NOUN", "pobj", 2),
    ("near", "near", "ADP", "prep", 4), ("the", "the", "DET", "det", 7),
    ("market", "market", "NOUN", "pobj", 5), (".", ".", "PUNCT", "punct", 1),
]

# "A school was shelled in the town."
SCHOOL_SHELLED: list[Row] = [
    ("A", "a", "DET", "det", 1), ("school", "school", "NOUN", "nsubjpass", 3),
    ("was", "be", "AUX", "auxpass", 3), ("shelled", "shell", "VERB", "ROOT", 3),
    ("in", "in", "ADP", "prep", 3), ("the", "the", "DET", "det", 6), ("town", "town", "NOUN", "pobj", 4),
    (".", ".", "PUNCT", "punct", 3),
]

# "Israeli forces carried out an airstrike targeting a tent in Rafah."
STRIKE_TARGETING_A_TENT: list[Row] = [
    ("Israeli", "israeli", "ADJ", "amod", 1), ("forces", "force", "NOUN", "nsubj", 2),
    ("carried", "carry", "VERB", "ROOT", 2), ("out", "out", "ADP", "prt", 2),
    ("an", "an", "DET", "det", 5), ("airstrike", "airstrike", "NOUN", "dobj", 2),
    ("targeting", "target", "VERB", "acl", 5), ("a", "a", "DET", "det", 8),
    ("tent", "tent", "NOUN", "dobj", 6), ("in", "in", "ADP", "prep", 6),
    ("Rafah", "Rafah", "PROPN", "pobj", 9), (".", ".", "PUNCT", "punct", 2),
]

# "Israeli jets carried out a wave of strikes overnight on homes in the town."
# ("on homes" hangs on the verb, two steps from "strikes")
WAVE_OF_STRIKES_ON_HOMES: list[Row] = [
    ("Israeli", "israeli", "ADJ", "amod", 1), ("jets", "jet", "NOUN", "nsubj", 2),
    ("carried", "carry", "VERB", "ROOT", 2), ("out", "out", "ADP", "prt", 2),
    ("a", "a", "DET", "det", 5), ("wave", "wave", "NOUN", "dobj", 2),
    ("of", "of", "ADP", "prep", 5), ("strikes", "strike", "NOUN", "pobj", 6),
    ("overnight", "overnight", "ADV", "advmod", 2), ("on", "on", "ADP", "prep", 2),
    ("homes", "home", "NOUN", "pobj", 9), ("in", "in", "ADP", "prep", 10),
    ("the", "the", "DET", "det", 13), ("town", "town", "NOUN", "pobj", 11), (".", ".", "PUNCT", "punct", 2),
]

# "The coalition launched a series of airstrikes on homes."  ("on homes" hangs on the verb)
SERIES_OF_AIRSTRIKES_ON_HOMES: list[Row] = [
    ("The", "the", "DET", "det", 1), ("coalition", "coalition", "NOUN", "nsubj", 2),
    ("launched", "launch", "VERB", "ROOT", 2), ("a", "a", "DET", "det", 4),
    ("series", "series", "NOUN", "dobj", 2), ("of", "of", "ADP", "prep", 4),
    ("airstrikes", "airstrike", "NOUN", "pobj", 5), ("on", "on", "ADP", "prep", 2),
    ("homes", "home", "NOUN", "pobj", 7), (".", ".", "PUNCT", "punct", 2),
]

# "An explosion occurred at a shop in the town."
EXPLOSION_AT_A_SHOP: list[Row] = [
    ("An", "an", "DET", "det", 1), ("explosion", "explosion", "NOUN", "nsubj", 2),
    ("occurred", "occur", "VERB", "ROOT", 2), ("at", "at", "ADP", "prep", 2),
    ("a", "a", "DET", "det", 5), ("shop", "shop", "NOUN", "pobj", 3),
    ("in", "in", "ADP", "prep", 5), ("the", "the", "DET", "det", 8), ("town", "town", "NOUN", "pobj", 6),
    (".", ".", "PUNCT", "punct", 2),
]

# "Israeli jets struck a house west of the town."  (the model makes "west" the object)
HOUSE_WEST_OF_TOWN: list[Row] = [
    ("Israeli", "israeli", "ADJ", "amod", 1), ("jets", "jet", "NOUN", "nsubj", 2),
    ("struck", "strike", "VERB", "ROOT", 2), ("a", "a", "DET", "det", 4),
    ("house", "house", "NOUN", "compound", 5), ("west", "west", "NOUN", "dobj", 2),
    ("of", "of", "ADP", "prep", 5), ("the", "the", "DET", "det", 8), ("town", "town", "NOUN", "pobj", 6),
    (".", ".", "PUNCT", "punct", 2),
]

# "Militants attacked an army post near the border."
ARMY_POST: list[Row] = [
    ("Militants", "militant", "NOUN", "nsubj", 1), ("attacked", "attack", "VERB", "ROOT", 1),
    ("an", "an", "DET", "det", 4), ("army", "army", "NOUN", "compound", 4),
    ("post", "post", "NOUN", "dobj", 1), ("near", "near", "ADP", "prep", 4),
    ("the", "the", "DET", "det", 7), ("border", "border", "NOUN", "pobj", 5), (".", ".", "PUNCT", "punct", 1),
]

# "Militants attacked troops near the border."
ATTACKED_TROOPS: list[Row] = [
    ("Militants", "militant", "NOUN", "nsubj", 1), ("attacked", "attack", "VERB", "ROOT", 1),
    ("troops", "troop", "NOUN", "dobj", 1), ("near", "near", "ADP", "prep", 1),
    ("the", "the", "DET", "det", 5), ("border", "border", "NOUN", "pobj", 3), (".", ".", "PUNCT", "punct", 1),
]


def civilian_target_of(rows: list[Row], trigger: int, *, tags: dict[int, str] | None = None,
                       ents: dict[int, str] | None = None) -> tuple[str, int] | None:
    """The civilian object ``rows[trigger]`` hit, as (word, token index)."""
    target = civilian_target(parse(rows, tags=tags, ents=ents)[trigger])
    return (target.text, target.i) if target is not None else None


def test_the_object_a_verb_hit_is_a_civilian_target() -> None:
    assert civilian_target_of(STRUCK_A_HOUSE, 1) == ("house", 3)


def test_the_object_of_fired_on_is_a_civilian_target() -> None:
    assert civilian_target_of(FIRED_ON_A_BUS, 1) == ("bus", 4)


def test_the_passive_subject_is_a_civilian_target() -> None:
    assert civilian_target_of(SCHOOL_SHELLED, 3, tags={2: "VBD", 3: "VBN"}) == ("school", 1)


def test_what_a_strike_was_targeting_is_a_civilian_target() -> None:
    assert civilian_target_of(STRIKE_TARGETING_A_TENT, 5, tags={6: "VBG"},
                              ents={0: "B-NORP", 10: "B-GPE"}) == ("tent", 8)


def test_a_counted_strike_takes_the_target_its_counting_noun_s_verb_names() -> None:
    assert civilian_target_of(WAVE_OF_STRIKES_ON_HOMES, 7, ents={0: "B-NORP", 8: "B-TIME"}) == ("homes", 10)
    assert civilian_target_of(SERIES_OF_AIRSTRIKES_ON_HOMES, 6) == ("homes", 8)


def test_where_an_explosion_occurred_is_a_civilian_target() -> None:
    assert civilian_target_of(EXPLOSION_AT_A_SHOP, 1) == ("shop", 5)


def test_a_compass_object_gives_way_to_the_house_before_it() -> None:
    doc = parse(HOUSE_WEST_OF_TOWN, ents={0: "B-NORP"})
    assert past_compass(doc[5]).i == 4
    assert past_compass(doc[1]).i == 1  # not a direction: the word itself
    assert civilian_target_of(HOUSE_WEST_OF_TOWN, 2, ents={0: "B-NORP"}) == ("house", 4)


def test_an_armed_post_or_a_party_is_no_civilian_target() -> None:
    assert civilian_target_of(ARMY_POST, 1) is None
    assert civilian_target_of(ATTACKED_TROOPS, 1) is None


# ---- counted events -------------------------------------------------------------------------

# "The coalition launched a series of airstrikes on Houthi fighters."  ("on" hangs on "series")
SERIES_ON_FIGHTERS: list[Row] = [
    ("The", "the", "DET", "det", 1), ("coalition", "coalition", "NOUN", "nsubj", 2),
    ("launched", "launch", "VERB", "ROOT", 2), ("a", "a", "DET", "det", 4),
    ("series", "series", "NOUN", "dobj", 2), ("of", "of", "ADP", "prep", 4),
    ("airstrikes", "airstrike", "NOUN", "pobj", 5), ("on", "on", "ADP", "prep", 4),
    ("Houthi", "Houthi", "PROPN", "compound", 9), ("fighters", "fighter", "NOUN", "pobj", 7),
    (".", ".", "PUNCT", "punct", 2),
]


def test_a_counted_event_noun_takes_its_counting_noun_s_actor_and_target() -> None:
    roles = find_roles(parse(SERIES_ON_FIGHTERS, tags={2: "VBD"}, ents={8: "B-ORG"})[6])
    assert (text(roles.actor), text(roles.recipient)) == ("coalition", "Houthi fighters")


def test_a_noun_that_does_not_count_events_lends_no_roles() -> None:
    # "The group published a video of airstrikes on Houthi fighters": the group filmed, not struck
    rows = list(SERIES_ON_FIGHTERS)
    rows[1] = ("group", "group", "NOUN", "nsubj", 2)
    rows[2] = ("published", "publish", "VERB", "ROOT", 2)
    rows[4] = ("video", "video", "NOUN", "dobj", 2)
    roles = find_roles(parse(rows, tags={2: "VBD"}, ents={8: "B-ORG"})[6])
    assert (text(roles.actor), text(roles.recipient)) == (None, None)


# ---- passive subjects -----------------------------------------------------------------------

# "Movement of forces: On 2 May, troops were observed near the village."
# (the model makes the headline label a second passive subject of the verb)
LABELLED_SIGHTING: list[Row] = [
    ("Movement", "Movement", "PROPN", "nsubjpass", 10), ("of", "of", "ADP", "prep", 0),
    ("forces", "force", "NOUN", "pobj", 1), (":", ":", "PUNCT", "punct", 10),
    ("On", "on", "ADP", "prep", 10), ("2", "2", "NUM", "nummod", 6), ("May", "May", "PROPN", "pobj", 4),
    (",", ",", "PUNCT", "punct", 10), ("troops", "troop", "NOUN", "nsubjpass", 10),
    ("were", "be", "AUX", "auxpass", 10), ("observed", "observe", "VERB", "ROOT", 10),
    ("near", "near", "ADP", "prep", 10), ("the", "the", "DET", "det", 13),
    ("village", "village", "NOUN", "pobj", 11), (".", ".", "PUNCT", "punct", 10),
]
LABELLED_TAGS = {9: "VBD", 10: "VBN"}
LABELLED_ENTS = {5: "B-DATE", 6: "I-DATE"}


def labelled(verb_lemma: str, verb: str) -> Doc:
    rows = list(LABELLED_SIGHTING)
    rows[10] = (verb, verb_lemma, "VERB", "ROOT", 10)
    return parse(rows, tags=LABELLED_TAGS, ents=LABELLED_ENTS)


def test_of_two_passive_subjects_the_one_nearest_the_verb_counts() -> None:
    doc = labelled("ambush", "ambushed")
    actor, recipient = verb_roles(doc[10])
    assert actor is None
    assert recipient is not None and recipient.i == 8


def test_a_force_that_was_observed_is_the_actor_and_nobody_the_recipient() -> None:
    doc = labelled("observe", "observed")
    actor, recipient = verb_roles(doc[10])
    assert actor is not None and actor.i == 8
    assert recipient is None


# "Fighters were seen in the town."
FIGHTERS_SEEN: list[Row] = [
    ("Fighters", "fighter", "NOUN", "nsubjpass", 2), ("were", "be", "AUX", "auxpass", 2),
    ("seen", "see", "VERB", "ROOT", 2), ("in", "in", "ADP", "prep", 2),
    ("the", "the", "DET", "det", 5), ("town", "town", "NOUN", "pobj", 3), (".", ".", "PUNCT", "punct", 2),
]


def test_fighters_seen_somewhere_are_the_actor() -> None:
    actor, recipient = verb_roles(parse(FIGHTERS_SEEN, tags={1: "VBD", 2: "VBN"})[2])
    assert (text(actor), recipient) == ("Fighters", None)


def test_fighters_killed_somewhere_are_the_recipient() -> None:
    rows = list(FIGHTERS_SEEN)
    rows[2] = ("killed", "kill", "VERB", "ROOT", 2)
    actor, recipient = verb_roles(parse(rows, tags={1: "VBD", 2: "VBN"})[2])
    assert (actor, text(recipient)) == (None, "Fighters")


# ---- participant phrases --------------------------------------------------------------------


def test_a_headline_label_before_a_colon_is_no_participant() -> None:
    doc = labelled("observe", "observed")
    assert is_headline_label(doc[0:3])
    assert participant_phrase(doc[0]) is None
    assert text(participant_phrase(doc[8])) == "troops"


def test_the_same_words_without_a_colon_are_a_participant() -> None:
    rows = list(LABELLED_SIGHTING)
    rows[3] = ("and", "and", "CCONJ", "cc", 10)
    doc = parse(rows, tags=LABELLED_TAGS, ents=LABELLED_ENTS)
    assert not is_headline_label(doc[0:3])
    assert text(participant_phrase(doc[0])) == "Movement of forces"


# "Fighters of the Popular Resistance Committees attacked a checkpoint."
FIGHTERS_OF_A_GROUP: list[Row] = [
    ("Fighters", "fighter", "NOUN", "nsubj", 6), ("of", "of", "ADP", "prep", 0),
    ("the", "the", "DET", "det", 5), ("Popular", "Popular", "PROPN", "compound", 4),
    ("Resistance", "Resistance", "PROPN", "compound", 5), ("Committees", "Committees", "PROPN", "pobj", 1),
    ("attacked", "attack", "VERB", "ROOT", 6), ("a", "a", "DET", "det", 8),
    ("checkpoint", "checkpoint", "NOUN", "dobj", 6), (".", ".", "PUNCT", "punct", 6),
]
GROUP_ENTS = {2: "B-ORG", 3: "I-ORG", 4: "I-ORG", 5: "I-ORG"}


def test_fighters_of_a_named_party_keep_the_of_chain() -> None:
    # the ruler matches the generic "Fighters" and the group's name apart
    doc = parse(FIGHTERS_OF_A_GROUP, tags={6: "VBD"}, ents=GROUP_ENTS, actors=((0, 1), (3, 6)))
    assert text(participant_phrase(doc[0])) == "Fighters of the Popular Resistance Committees"


def test_an_of_chain_without_a_party_leaves_the_actor_span_alone() -> None:
    doc = parse(FIGHTERS_OF_A_GROUP, tags={6: "VBD"}, actors=((0, 1),))
    assert text(participant_phrase(doc[0])) == "Fighters"


# "An Israeli quadcopter drone fired at fishermen."  (the ruler only tags "drone")
QUADCOPTER: list[Row] = [
    ("An", "an", "DET", "det", 3), ("Israeli", "israeli", "ADJ", "amod", 3),
    ("quadcopter", "quadcopter", "NOUN", "compound", 3), ("drone", "drone", "NOUN", "nsubj", 4),
    ("fired", "fire", "VERB", "ROOT", 4), ("at", "at", "ADP", "prep", 4),
    ("fishermen", "fisherman", "NOUN", "pobj", 5), (".", ".", "PUNCT", "punct", 4),
]


def test_a_demonym_before_an_actor_span_is_a_name_word() -> None:
    doc = parse(QUADCOPTER, tags={4: "VBD"}, ents={1: "B-NORP"}, actors=((3, 4),))
    assert text(participant_phrase(doc[3])) == "Israeli quadcopter drone"
    roles = find_roles(doc[4])
    assert (text(roles.actor), text(roles.recipient)) == ("Israeli quadcopter drone", "fishermen")


def test_a_plain_adjective_before_an_actor_span_is_no_name_word() -> None:
    rows = list(QUADCOPTER)
    rows[1] = ("unmanned", "unmanned", "ADJ", "amod", 3)
    doc = parse(rows, tags={4: "VBD"}, actors=((3, 4),))
    assert text(participant_phrase(doc[3])) == "quadcopter drone"


# ---- coordinated parties --------------------------------------------------------------------

# "PIJ and Hamas fighters clashed with troops."  ("PIJ" modifies "fighters", "Hamas" is its conjunct)
PIJ_AND_HAMAS: list[Row] = [
    ("PIJ", "PIJ", "PROPN", "nmod", 3), ("and", "and", "CCONJ", "cc", 0),
    ("Hamas", "Hamas", "PROPN", "conj", 0), ("fighters", "fighter", "NOUN", "nsubj", 4),
    ("clashed", "clash", "VERB", "ROOT", 4), ("with", "with", "ADP", "prep", 4),
    ("troops", "troop", "NOUN", "pobj", 5), (".", ".", "PUNCT", "punct", 4),
]

# "Hamas, Islamic Jihad and the PFLP claimed the attack."
THREE_GROUPS: list[Row] = [
    ("Hamas", "Hamas", "PROPN", "nsubj", 7), (",", ",", "PUNCT", "punct", 0),
    ("Islamic", "Islamic", "PROPN", "compound", 3), ("Jihad", "Jihad", "PROPN", "conj", 0),
    ("and", "and", "CCONJ", "cc", 3), ("the", "the", "DET", "det", 6),
    ("PFLP", "PFLP", "PROPN", "conj", 3), ("claimed", "claim", "VERB", "ROOT", 7),
    ("the", "the", "DET", "det", 9), ("attack", "attack", "NOUN", "dobj", 7), (".", ".", "PUNCT", "punct", 7),
]

# "JNIM or ISGS militants attacked a convoy."
JNIM_OR_ISGS: list[Row] = [
    ("JNIM", "JNIM", "PROPN", "nsubj", 4), ("or", "or", "CCONJ", "cc", 0),
    ("ISGS", "ISGS", "PROPN", "compound", 3), ("militants", "militant", "NOUN", "conj", 0),
    ("attacked", "attack", "VERB", "ROOT", 4), ("a", "a", "DET", "det", 6),
    ("convoy", "convoy", "NOUN", "dobj", 4), (".", ".", "PUNCT", "punct", 4),
]


def test_a_name_coordinated_before_the_head_noun_widens_the_phrase_and_splits_off() -> None:
    doc = parse(PIJ_AND_HAMAS, ents={0: "B-ORG", 2: "B-ORG"}, actors=((2, 4),))
    whole = coordination(doc.spans["actors"][0])
    assert (whole.text, whole.start, whole.end) == ("PIJ and Hamas fighters", 0, 4)
    assert bounds(conjoined_parts(whole)) == [("PIJ", 0, 1), ("Hamas fighters", 2, 4)]


def test_three_coordinated_names_are_three_parts() -> None:
    doc = parse(THREE_GROUPS, ents={0: "B-ORG", 2: "B-ORG", 3: "I-ORG", 6: "B-ORG"}, actors=((0, 1),))
    whole = coordination(doc.spans["actors"][0])
    assert (whole.text, whole.start, whole.end) == ("Hamas, Islamic Jihad and the PFLP", 0, 7)
    assert bounds(conjoined_parts(whole)) == [("Hamas", 0, 1), ("Islamic Jihad", 2, 4), ("PFLP", 6, 7)]


def test_or_names_two_candidates_kept_and_flagged() -> None:
    doc = parse(JNIM_OR_ISGS, ents={0: "B-ORG", 2: "B-ORG"})
    assert bounds(conjoined_parts(doc[0:4])) == [("JNIM", 0, 1), ("ISGS militants", 2, 4)]
    assert names_alternatives(doc[0:4])


def test_and_is_not_an_alternative() -> None:
    doc = parse(PIJ_AND_HAMAS, ents={0: "B-ORG", 2: "B-ORG"}, actors=((2, 4),))
    assert not names_alternatives(coordination(doc.spans["actors"][0]))


def test_a_phrase_with_nothing_coordinated_is_itself() -> None:
    doc = parse(STRIKE_TARGETING_A_TENT, ents={0: "B-NORP"})
    forces = doc[0:2]
    assert bounds([coordination(forces)]) == [("Israeli forces", 0, 2)]
    assert bounds(conjoined_parts(forces)) == [("Israeli forces", 0, 2)]
