"""Actor and recipient rules of ``eventwire.extract.roles`` on parses built by hand (no model).

Each sentence is written as (word, lemma, POS, dependency, head index) rows, the way the English
model parses it (the awkward parses are the ones it really produces), so each rule is tested
apart from the parser.
"""

from __future__ import annotations

from handparse import Row, parse
from spacy.tokens import Span

from eventwire.extract.roles import find_roles, participant_phrase, verb_roles


def text(span: Span | None) -> str | None:
    return span.text if span is not None else None


# "Police clashed with protesters in Nairobi on Monday."
CLASHED_WITH: list[Row] = [
    ("Police", "police", "NOUN", "nsubj", 1), ("clashed", "clash", "VERB", "ROOT", 1),
    ("with", "with", "ADP", "prep", 1), ("protesters", "protester", "NOUN", "pobj", 2),
    ("in", "in", "ADP", "prep", 3), ("Nairobi", "Nairobi", "PROPN", "pobj", 4),
    ("on", "on", "ADP", "prep", 1), ("Monday", "Monday", "PROPN", "pobj", 6),
    (".", ".", "PUNCT", "punct", 1),
]


def test_clashed_with_gives_the_other_side_as_recipient() -> None:
    doc = parse(CLASHED_WITH, ents={7: "B-DATE"})
    roles = find_roles(doc[1])
    assert text(roles.actor) == "Police"
    assert text(roles.recipient) == "protesters"


def test_with_is_no_recipient_of_one_sided_acts() -> None:
    # "Police marched with protesters" is company, not a target
    rows = [(w, "march" if i == 1 else lemma, pos, dep, head)
            for i, (w, lemma, pos, dep, head) in enumerate(CLASHED_WITH)]
    doc = parse(rows, ents={7: "B-DATE"})
    assert verb_roles(doc[1])[1] is None


# "Government forces exchanged fire with militants."  ("with" hangs on "fire")
EXCHANGED_FIRE: list[Row] = [
    ("Government", "government", "NOUN", "compound", 1), ("forces", "force", "NOUN", "nsubj", 2),
    ("exchanged", "exchange", "VERB", "ROOT", 2), ("fire", "fire", "NOUN", "dobj", 2),
    ("with", "with", "ADP", "prep", 3), ("militants", "militant", "NOUN", "pobj", 4),
    (".", ".", "PUNCT", "punct", 2),
]


def test_exchanged_fire_with_gives_the_other_side() -> None:
    roles = find_roles(parse(EXCHANGED_FIRE)[2])
    assert text(roles.actor) == "Government forces"
    assert text(roles.recipient) == "militants"


# "On 9 May, GNA and LNA forces clashed."
CONJOINED_SIDES: list[Row] = [
    ("On", "on", "ADP", "prep", 8), ("9", "9", "NUM", "nummod", 2), ("May", "May", "PROPN", "pobj", 0),
    (",", ",", "PUNCT", "punct", 8), ("GNA", "GNA", "PROPN", "nsubj", 8), ("and", "and", "CCONJ", "cc", 4),
    ("LNA", "LNA", "PROPN", "compound", 7), ("forces", "force", "NOUN", "conj", 4),
    ("clashed", "clash", "VERB", "ROOT", 8), (".", ".", "PUNCT", "punct", 8),
]


def test_conjoined_subjects_of_a_clash_are_its_two_sides_and_a_date_is_neither() -> None:
    doc = parse(CONJOINED_SIDES, ents={1: "B-DATE", 2: "I-DATE"})
    roles = find_roles(doc[8])
    assert text(roles.actor) == "GNA"
    assert text(roles.recipient) == "LNA forces"


# "An IED planted by militants exploded near a patrol."
PLANTED_IED: list[Row] = [
    ("An", "an", "DET", "det", 1), ("IED", "IED", "PROPN", "nsubj", 5),
    ("planted", "plant", "VERB", "acl", 1), ("by", "by", "ADP", "agent", 2),
    ("militants", "militant", "NOUN", "pobj", 3), ("exploded", "explode", "VERB", "ROOT", 5),
    ("near", "near", "ADP", "prep", 5), ("a", "a", "DET", "det", 8), ("patrol", "patrol", "NOUN", "pobj", 6),
    (".", ".", "PUNCT", "punct", 5),
]


def test_a_weapon_stands_for_whoever_planted_it() -> None:
    doc = parse(PLANTED_IED, tags={2: "VBN"})
    roles = find_roles(doc[5])
    assert text(roles.actor) == "militants"


def test_a_weapon_with_no_placer_is_no_actor() -> None:
    doc = parse(PLANTED_IED, tags={2: "VBD"})  # not a participle: no agent to follow
    assert find_roles(doc[5]).actor is None


# "Darod clan militia clashed with Hawiye clan militia."  (the ruler only tags "militia")
CLAN_MILITIAS: list[Row] = [
    ("Darod", "Darod", "PROPN", "compound", 2), ("clan", "clan", "PROPN", "compound", 2),
    ("militia", "militia", "PROPN", "nsubj", 3), ("clashed", "clash", "VERB", "ROOT", 3),
    ("with", "with", "ADP", "prep", 3), ("Hawiye", "Hawiye", "PROPN", "compound", 7),
    ("clan", "clan", "NOUN", "compound", 7), ("militia", "militia", "NOUN", "pobj", 4),
    (".", ".", "PUNCT", "punct", 3),
]


def test_the_name_before_a_generic_actor_span_stays_in_the_phrase() -> None:
    doc = parse(CLAN_MILITIAS, actors=((2, 3), (7, 8)))
    roles = find_roles(doc[3])
    assert text(roles.actor) == "Darod clan militia"
    assert text(roles.recipient) == "Hawiye clan militia"


def test_numbers_and_adjectives_are_not_name_words() -> None:
    # "two suspected militants": the ruler's span "militants" is not widened
    rows: list[Row] = [
        ("two", "two", "NUM", "nummod", 2), ("suspected", "suspect", "VERB", "amod", 2),
        ("militants", "militant", "NOUN", "nsubj", 3), ("fled", "flee", "VERB", "ROOT", 3),
    ]
    doc = parse(rows, actors=((2, 3),))
    assert text(participant_phrase(doc[2])) == "militants"


# "Government security forces (SNA) attacked the base."
BRACKETED_ACRONYM: list[Row] = [
    ("Government", "government", "NOUN", "compound", 2), ("security", "security", "NOUN", "compound", 2),
    ("forces", "force", "NOUN", "nsubj", 6), ("(", "(", "PUNCT", "punct", 2),
    ("SNA", "SNA", "PROPN", "appos", 2), (")", ")", "PUNCT", "punct", 2),
    ("attacked", "attack", "VERB", "ROOT", 6), ("the", "the", "DET", "det", 8),
    ("base", "base", "NOUN", "dobj", 6), (".", ".", "PUNCT", "punct", 6),
]


def test_a_bracketed_acronym_after_the_phrase_goes_with_it() -> None:
    doc = parse(BRACKETED_ACRONYM, actors=((0, 3),))
    assert text(participant_phrase(doc[2])) == "Government security forces (SNA)"


def test_a_bracketed_place_is_not_part_of_the_phrase() -> None:
    rows = list(BRACKETED_ACRONYM)
    rows[4] = ("near", "near", "ADP", "prep", 2)  # "(near ...)" is no name
    doc = parse(rows, actors=((0, 3),))
    assert text(participant_phrase(doc[2])) == "Government security forces"


# "(21:38) Israeli military airplanes struck a house."
TIME_NOTE: list[Row] = [
    ("(", "(", "PUNCT", "punct", 1), ("21:38", "21:38", "NUM", "nummod", 5),
    (")", ")", "PUNCT", "punct", 1), ("Israeli", "israeli", "ADJ", "amod", 5),
    ("military", "military", "ADJ", "amod", 5), ("airplanes", "airplane", "NOUN", "nsubj", 6),
    ("struck", "strike", "VERB", "ROOT", 6), ("a", "a", "DET", "det", 8),
    ("house", "house", "NOUN", "dobj", 6), (".", ".", "PUNCT", "punct", 6),
]


def test_a_time_note_in_brackets_is_cut_off_the_phrase() -> None:
    doc = parse(TIME_NOTE)
    assert text(find_roles(doc[6]).actor) == "Israeli military airplanes"


# "In Uruapan, armed men ambushed a patrol."  (the model hangs "men" on the place)
STRANDED: list[Row] = [
    ("In", "in", "ADP", "prep", 5), ("Uruapan", "Uruapan", "PROPN", "pobj", 0),
    (",", ",", "PUNCT", "punct", 1), ("armed", "armed", "ADJ", "amod", 4),
    ("men", "man", "NOUN", "appos", 1), ("ambushed", "ambush", "VERB", "ROOT", 5),
    ("a", "a", "DET", "det", 7), ("patrol", "patrol", "NOUN", "dobj", 5), (".", ".", "PUNCT", "punct", 5),
]


def test_a_subject_stranded_on_the_place_before_the_verb_is_recovered() -> None:
    doc = parse(STRANDED, ents={1: "B-GPE"})
    assert text(find_roles(doc[5]).actor) == "armed men"


def test_the_place_itself_is_never_the_stranded_subject() -> None:
    rows: list[Row] = [("In", "in", "ADP", "prep", 2), ("Uruapan", "Uruapan", "PROPN", "pobj", 0),
            ("ambushed", "ambush", "VERB", "ROOT", 2), ("a", "a", "DET", "det", 4),
            ("patrol", "patrol", "NOUN", "dobj", 2)]
    doc = parse(rows, ents={1: "B-GPE"})
    assert find_roles(doc[2]).actor is None


# "A man was killed in a shooting by gunmen."
AGENT_ON_MEANS: list[Row] = [
    ("A", "a", "DET", "det", 1), ("man", "man", "NOUN", "nsubjpass", 3),
    ("was", "be", "AUX", "auxpass", 3), ("killed", "kill", "VERB", "ROOT", 3),
    ("in", "in", "ADP", "prep", 3), ("a", "a", "DET", "det", 6),
    ("shooting", "shooting", "NOUN", "pobj", 4), ("by", "by", "ADP", "prep", 6),
    ("gunmen", "gunman", "NOUN", "pobj", 7), (".", ".", "PUNCT", "punct", 3),
]


def test_the_agent_of_the_means_is_the_actor_of_a_passive_verb() -> None:
    roles = find_roles(parse(AGENT_ON_MEANS)[3])
    assert text(roles.actor) == "gunmen"
    assert text(roles.recipient) == "man"


# "The command conducted a strike at the request of the government."
AT_THE_REQUEST: list[Row] = [
    ("The", "the", "DET", "det", 1), ("command", "command", "NOUN", "nsubj", 2),
    ("struck", "strike", "VERB", "ROOT", 2), ("at", "at", "ADP", "prep", 2),
    ("the", "the", "DET", "det", 5), ("request", "request", "NOUN", "pobj", 3),
    ("of", "of", "ADP", "prep", 5), ("the", "the", "DET", "det", 8),
    ("government", "government", "NOUN", "pobj", 6), (".", ".", "PUNCT", "punct", 2),
]


def test_on_whose_request_is_not_a_recipient() -> None:
    assert find_roles(parse(AT_THE_REQUEST)[2]).recipient is None


# "Two traders were killed in a mortar attack. Militants suspected."
ATTACK_THEN_SUSPECTS: list[Row] = [
    ("Two", "two", "NUM", "nummod", 1), ("traders", "trader", "NOUN", "nsubjpass", 3),
    ("were", "be", "AUX", "auxpass", 3), ("killed", "kill", "VERB", "ROOT", 3),
    ("in", "in", "ADP", "prep", 3), ("a", "a", "DET", "det", 7),
    ("mortar", "mortar", "NOUN", "compound", 7), ("attack", "attack", "NOUN", "pobj", 4),
    (".", ".", "PUNCT", "punct", 3),
    ("Militants", "militant", "NOUN", "nsubj", 10), ("suspected", "suspect", "VERB", "ROOT", 10),
    (".", ".", "PUNCT", "punct", 10),
]


def test_a_suspect_named_in_the_next_sentence_is_the_actor() -> None:
    doc = parse(ATTACK_THEN_SUSPECTS, tags={3: "VBN", 10: "VBD"}, sentences=(0, 9))
    roles = find_roles(doc[3])
    assert (text(roles.actor), text(roles.recipient)) == ("Militants", "Two traders")


# "A soldier died in a blast. The mine was planted by rebels."
BLAST_THEN_PLANTER: list[Row] = [
    ("A", "a", "DET", "det", 1), ("soldier", "soldier", "NOUN", "nsubj", 2),
    ("died", "die", "VERB", "ROOT", 2), ("in", "in", "ADP", "prep", 2),
    ("a", "a", "DET", "det", 5), ("blast", "blast", "NOUN", "pobj", 3),
    (".", ".", "PUNCT", "punct", 2),
    ("The", "the", "DET", "det", 8), ("mine", "mine", "NOUN", "nsubjpass", 10),
    ("was", "be", "AUX", "auxpass", 10), ("planted", "plant", "VERB", "ROOT", 10),
    ("by", "by", "ADP", "agent", 10), ("rebels", "rebel", "NOUN", "pobj", 11),
    (".", ".", "PUNCT", "punct", 10),
]


def test_who_died_is_the_recipient_and_the_planter_the_actor() -> None:
    doc = parse(BLAST_THEN_PLANTER, tags={2: "VBD", 10: "VBN"}, sentences=(0, 7))
    roles = find_roles(doc[2])
    assert (text(roles.actor), text(roles.recipient)) == ("rebels", "soldier")


def test_a_later_sentence_without_words_of_attribution_lends_no_actor() -> None:
    rows = [*BLAST_THEN_PLANTER[:7],
            ("Rebels", "rebel", "NOUN", "nsubj", 8), ("denied", "deny", "VERB", "ROOT", 8),
            ("it", "it", "PRON", "dobj", 8), (".", ".", "PUNCT", "punct", 8)]
    doc = parse(rows, tags={2: "VBD", 8: "VBD"}, sentences=(0, 7))
    assert text(find_roles(doc[2]).actor) is None


# "a youth perished in police firing"
PERISHED_IN_FIRING: list[Row] = [
    ("a", "a", "DET", "det", 1), ("youth", "youth", "NOUN", "nsubj", 2),
    ("perished", "perish", "VERB", "ROOT", 2), ("in", "in", "ADP", "prep", 2),
    ("police", "police", "NOUN", "compound", 5), ("firing", "firing", "NOUN", "pobj", 3),
]


def test_the_force_named_on_the_means_is_the_actor_of_a_death() -> None:
    roles = find_roles(parse(PERISHED_IN_FIRING, tags={2: "VBD"})[2])
    assert (text(roles.actor), text(roles.recipient)) == ("police", "youth")


# "three villagers were abducted and killed by gunmen"
ABDUCTED_AND_KILLED: list[Row] = [
    ("three", "three", "NUM", "nummod", 1), ("villagers", "villager", "NOUN", "nsubjpass", 3),
    ("were", "be", "AUX", "auxpass", 3), ("abducted", "abduct", "VERB", "ROOT", 3),
    ("and", "and", "CCONJ", "cc", 3), ("killed", "kill", "VERB", "conj", 3),
    ("by", "by", "ADP", "agent", 5), ("gunmen", "gunman", "NOUN", "pobj", 6),
]


def test_conjoined_passive_verbs_share_subject_and_agent() -> None:
    doc = parse(ABDUCTED_AND_KILLED, tags={3: "VBN", 5: "VBN"})
    for verb in (doc[3], doc[5]):
        roles = find_roles(verb)
        assert (text(roles.actor), text(roles.recipient)) == ("gunmen", "three villagers")


def test_a_force_that_was_deployed_is_the_actor() -> None:
    rows: list[Row] = [
        ("fighters", "fighter", "NOUN", "nsubjpass", 2), ("were", "be", "AUX", "auxpass", 2),
        ("deployed", "deploy", "VERB", "ROOT", 2), ("near", "near", "ADP", "prep", 2),
        ("town", "town", "NOUN", "pobj", 3)]
    roles = find_roles(parse(rows, tags={2: "VBN"})[2])
    assert (text(roles.actor), text(roles.recipient)) == ("fighters", None)


def test_the_subject_of_a_verb_of_taking_part_protests() -> None:
    rows: list[Row] = [
        ("teachers", "teacher", "NOUN", "nsubj", 1), ("went", "go", "VERB", "ROOT", 1),
        ("on", "on", "ADP", "prep", 1), ("a", "a", "DET", "det", 4),
        ("strike", "strike", "NOUN", "pobj", 2)]
    assert text(find_roles(parse(rows, tags={1: "VBD"})[4]).actor) == "teachers"
