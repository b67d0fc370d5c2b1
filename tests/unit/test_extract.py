"""Extraction rules on parses built by hand: no model is loaded.

Each sentence is written as (word, lemma, POS, dependency, head index) rows, the way the
English model would parse it, so the rules are tested apart from the parser's mistakes.
"""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from spacy.tokens import Doc

from eventwire.extract import history
from eventwire.extract.drafts import draft_events, group_triggers
from eventwire.extract.lexicon import LexiconError, _as_set, default_lexicon
from eventwire.extract.paragraphs import Paragraphs
from eventwire.extract.roles import find_roles, is_anaphoric
from eventwire.extract.triggers import TRIGGERS_KEY, find_triggers
from eventwire.extract.typology import refine_mode
from eventwire.model import DatePrecision, Modality, PloverType
from eventwire.nlp.loader import DATELINE_PATTERN

VOCAB = spacy.blank("en").vocab
Row = tuple[str, str, str, str, int]


def parse(rows: list[Row], *, tags: dict[int, str] | None = None) -> Doc:
    words = [r[0] for r in rows]
    tags = tags or {}
    return Doc(
        VOCAB, words=words, lemmas=[r[1] for r in rows], pos=[r[2] for r in rows],
        deps=[r[3] for r in rows], heads=[r[4] for r in rows],
        tags=[tags.get(i, "") for i in range(len(rows))],
        sent_starts=[i == 0 for i in range(len(rows))],
    )


# "Israeli forces killed two Palestinians in Jenin."
ACTIVE_KILLING: list[Row] = [
    ("Israeli", "israeli", "ADJ", "amod", 1), ("forces", "force", "NOUN", "nsubj", 2),
    ("killed", "kill", "VERB", "ROOT", 2), ("two", "two", "NUM", "nummod", 4),
    ("Palestinians", "Palestinians", "PROPN", "dobj", 2), ("in", "in", "ADP", "prep", 2),
    ("Jenin", "Jenin", "PROPN", "pobj", 5), (".", ".", "PUNCT", "punct", 2),
]
# "Two soldiers were killed by a roadside bomb."  (the bomb is a weapon, not an actor)
PASSIVE_KILLING: list[Row] = [
    ("Two", "two", "NUM", "nummod", 1), ("soldiers", "soldier", "NOUN", "nsubjpass", 3),
    ("were", "be", "AUX", "auxpass", 3), ("killed", "kill", "VERB", "ROOT", 3),
    ("by", "by", "ADP", "agent", 3), ("a", "a", "DET", "det", 7),
    ("roadside", "roadside", "NOUN", "compound", 7), ("bomb", "bomb", "NOUN", "pobj", 4),
    (".", ".", "PUNCT", "punct", 3),
]
# "Settlers will storm the mosque."
FUTURE_RAID: list[Row] = [
    ("Settlers", "settler", "NOUN", "nsubj", 2), ("will", "will", "AUX", "aux", 2),
    ("storm", "storm", "VERB", "ROOT", 2), ("the", "the", "DET", "det", 4),
    ("mosque", "mosque", "NOUN", "dobj", 2), (".", ".", "PUNCT", "punct", 2),
]
# "The factions called for attacks on the army."
CALL_FOR_ATTACKS: list[Row] = [
    ("The", "the", "DET", "det", 1), ("factions", "faction", "NOUN", "nsubj", 2),
    ("called", "call", "VERB", "ROOT", 2), ("for", "for", "ADP", "prep", 2),
    ("attacks", "attack", "NOUN", "pobj", 3), ("on", "on", "ADP", "prep", 4),
    ("the", "the", "DET", "det", 7), ("army", "army", "NOUN", "pobj", 5),
    (".", ".", "PUNCT", "punct", 2),
]
# "The ministry said troops killed three."  (reported speech is still asserted)
REPORTED_KILLING: list[Row] = [
    ("The", "the", "DET", "det", 1), ("ministry", "ministry", "NOUN", "nsubj", 2),
    ("said", "say", "VERB", "ROOT", 2), ("troops", "troop", "NOUN", "nsubj", 4),
    ("killed", "kill", "VERB", "ccomp", 2), ("three", "three", "NUM", "dobj", 4),
    (".", ".", "PUNCT", "punct", 2),
]
# "Troops did not fire."
NEGATED: list[Row] = [
    ("Troops", "troop", "NOUN", "nsubj", 3), ("did", "do", "AUX", "aux", 3),
    ("not", "not", "PART", "neg", 3), ("fire", "fire", "VERB", "ROOT", 3), (".", ".", "PUNCT", "punct", 3),
]
# "Clashes erupted between soldiers and gunmen, killing two people."
CLASHES: list[Row] = [
    ("Clashes", "clash", "NOUN", "nsubj", 1), ("erupted", "erupt", "VERB", "ROOT", 1),
    ("between", "between", "ADP", "prep", 1), ("soldiers", "soldier", "NOUN", "pobj", 2),
    ("and", "and", "CCONJ", "cc", 3), ("gunmen", "gunman", "NOUN", "conj", 3),
    (",", ",", "PUNCT", "punct", 1), ("killing", "kill", "VERB", "advcl", 1),
    ("two", "two", "NUM", "nummod", 9), ("people", "people", "NOUN", "dobj", 7),
    (".", ".", "PUNCT", "punct", 1),
]


@pytest.fixture(scope="module")
def lexicon():  # type: ignore[no-untyped-def]
    return default_lexicon()


def test_active_verb_gives_actor_subject_and_recipient_object(lexicon) -> None:  # type: ignore[no-untyped-def]
    doc = parse(ACTIVE_KILLING)
    [trigger] = find_triggers(doc[:], lexicon)
    assert trigger.event_type is PloverType.ASSAULT and trigger.entry.outcome
    roles = find_roles(trigger.token, lexicon.event_nouns)
    assert roles.actor is not None and roles.actor.text == "Israeli forces"
    assert roles.recipient is not None and roles.recipient.text == "two Palestinians"


def test_a_sentences_triggers_are_found_once_and_each_caller_gets_its_own_list(lexicon) -> None:  # type: ignore[no-untyped-def]
    doc = parse(ACTIVE_KILLING)
    first = find_triggers(doc[:], lexicon)
    first.clear()  # a caller's list is its own
    again = find_triggers(doc[:], lexicon)
    assert [t.token.i for t in again] == [t.token.i for t in find_triggers(parse(ACTIVE_KILLING)[:], lexicon)] != []
    assert len(doc.user_data[TRIGGERS_KEY]) == 1  # found once for the sentence


def test_passive_subject_is_the_recipient_and_a_weapon_is_no_actor(lexicon) -> None:  # type: ignore[no-untyped-def]
    doc = parse(PASSIVE_KILLING)
    [trigger] = find_triggers(doc[:], lexicon)
    roles = find_roles(trigger.token, lexicon.event_nouns)
    assert roles.recipient is not None and roles.recipient.text == "Two soldiers"
    assert roles.actor is None


def test_negated_acts_are_not_triggers(lexicon) -> None:  # type: ignore[no-untyped-def]
    assert find_triggers(parse(NEGATED)[:], lexicon) == []


def test_a_future_raid_is_a_threat_not_a_raid(lexicon) -> None:  # type: ignore[no-untyped-def]
    threat, raid = find_triggers(parse(FUTURE_RAID)[:], lexicon)
    assert threat.event_type is PloverType.THREATEN and threat.entry.stated
    assert threat.modality is Modality.ASSERTED  # the threat is made now
    # the raid itself is kept only as a threatened act, never as one that happened
    assert raid.token.i == threat.token.i and raid.modality is Modality.THREATENED


# "The agency will provide food aid to refugees."
FUTURE_AID: list[Row] = [
    ("The", "the", "DET", "det", 1), ("agency", "agency", "NOUN", "nsubj", 3),
    ("will", "will", "AUX", "aux", 3), ("provide", "provide", "VERB", "ROOT", 3),
    ("food", "food", "NOUN", "compound", 5), ("aid", "aid", "NOUN", "dobj", 3),
    ("to", "to", "ADP", "prep", 3), ("refugees", "refugee", "NOUN", "pobj", 6),
    (".", ".", "PUNCT", "punct", 3),
]
# "The ministry said the rebels must release the hostages."
MUST_RELEASE: list[Row] = [
    ("The", "the", "DET", "det", 1), ("ministry", "ministry", "NOUN", "nsubj", 2),
    ("said", "say", "VERB", "ROOT", 2), ("the", "the", "DET", "det", 4),
    ("rebels", "rebel", "NOUN", "nsubj", 6), ("must", "must", "AUX", "aux", 6),
    ("release", "release", "VERB", "ccomp", 2), ("the", "the", "DET", "det", 8),
    ("hostages", "hostage", "NOUN", "dobj", 6), (".", ".", "PUNCT", "punct", 2),
]
# "The rebels must release the hostages."  (the writer's own comment)
UNATTRIBUTED_MUST: list[Row] = [
    ("The", "the", "DET", "det", 1), ("rebels", "rebel", "NOUN", "nsubj", 3),
    ("must", "must", "AUX", "aux", 3), ("release", "release", "VERB", "ROOT", 3),
    ("the", "the", "DET", "det", 5), ("hostages", "hostage", "NOUN", "dobj", 3),
    (".", ".", "PUNCT", "punct", 3),
]
# "The army will withdraw unless talks resume."
WITHDRAW_UNLESS: list[Row] = [
    ("The", "the", "DET", "det", 1), ("army", "army", "NOUN", "nsubj", 3),
    ("will", "will", "AUX", "aux", 3), ("withdraw", "withdraw", "VERB", "ROOT", 3),
    ("unless", "unless", "SCONJ", "mark", 6), ("talks", "talk", "NOUN", "nsubj", 6),
    ("resume", "resume", "VERB", "advcl", 3), (".", ".", "PUNCT", "punct", 3),
]


def test_future_aid_is_agree_and_no_acled_event(lexicon) -> None:  # type: ignore[no-untyped-def]
    agree, aid = find_triggers(parse(FUTURE_AID)[:], lexicon)
    assert agree.event_type is PloverType.AGREE and agree.entry.stated
    assert aid.event_type is PloverType.AID and aid.modality is Modality.PLANNED


def test_a_reported_must_is_a_demand_but_a_bare_must_is_comment(lexicon) -> None:  # type: ignore[no-untyped-def]
    [trigger] = find_triggers(parse(MUST_RELEASE)[:], lexicon)
    assert trigger.event_type is PloverType.REQUEST and trigger.entry.demand
    assert find_triggers(parse(UNATTRIBUTED_MUST)[:], lexicon) == []


def test_a_future_retreat_is_a_concession_unless_it_is_an_ultimatum(lexicon) -> None:  # type: ignore[no-untyped-def]
    [trigger] = [t for t in find_triggers(parse(WITHDRAW_UNLESS)[:], lexicon)
                 if t.token.lower_ == "withdraw" and t.modality is Modality.ASSERTED]
    assert trigger.event_type is PloverType.THREATEN
    rows = [row for row in WITHDRAW_UNLESS if row[0] not in {"unless", "talks", "resume"}]
    rows = [(w, lemma, pos, dep, head if head < 4 else head - 3) for w, lemma, pos, dep, head in rows]
    concession, withdrawal = find_triggers(parse(rows)[:], lexicon)
    assert concession.event_type is PloverType.CONCEDE
    assert withdrawal.event_type is PloverType.RETREAT and withdrawal.modality is Modality.PLANNED


def test_the_content_of_a_call_is_not_an_event(lexicon) -> None:  # type: ignore[no-untyped-def]
    types = [t.event_type for t in find_triggers(parse(CALL_FOR_ATTACKS)[:], lexicon)]
    assert types == [PloverType.REQUEST]


def test_reported_speech_is_asserted(lexicon) -> None:  # type: ignore[no-untyped-def]
    types = [t.event_type for t in find_triggers(parse(REPORTED_KILLING)[:], lexicon)]
    assert types == [PloverType.ASSAULT]


def test_clash_and_its_toll_are_one_event_between_two_sides(lexicon) -> None:  # type: ignore[no-untyped-def]
    doc = parse(CLASHES)
    drafts = draft_events(doc, lexicon, Paragraphs(doc.text))
    assert len(drafts) == 1
    [draft] = drafts
    assert draft.primary.token.text == "Clashes"
    assert draft.actor is not None and draft.actor.text == "soldiers"
    assert draft.recipient is not None and draft.recipient.text == "gunmen"


def test_outcome_words_join_the_sentence_assault_or_stand_alone(lexicon) -> None:  # type: ignore[no-untyped-def]
    doc = parse(CLASHES)
    groups = group_triggers(find_triggers(doc[:], lexicon))
    assert list(groups) == [PloverType.ASSAULT]
    assert [t.token.text for t in groups[PloverType.ASSAULT]] == ["Clashes", "killing"]


def test_a_toll_sentence_joins_the_attack_before_it(lexicon) -> None:  # type: ignore[no-untyped-def]
    # "An air strike hit a house. Five people were killed."
    rows: list[Row] = [
        ("An", "an", "DET", "det", 2), ("air", "air", "NOUN", "compound", 2),
        ("strike", "strike", "NOUN", "nsubj", 3), ("hit", "hit", "VERB", "ROOT", 3),
        ("a", "a", "DET", "det", 5), ("house", "house", "NOUN", "dobj", 3), (".", ".", "PUNCT", "punct", 3),
        ("Five", "five", "NUM", "nummod", 8), ("people", "people", "NOUN", "nsubjpass", 10),
        ("were", "be", "AUX", "auxpass", 10), ("killed", "kill", "VERB", "ROOT", 10),
        (".", ".", "PUNCT", "punct", 10),
    ]
    doc = Doc(VOCAB, words=[r[0] for r in rows], lemmas=[r[1] for r in rows], pos=[r[2] for r in rows],
              deps=[r[3] for r in rows], heads=[r[4] for r in rows],
              sent_starts=[i in (0, 7) for i in range(len(rows))])
    drafts = draft_events(doc, lexicon, Paragraphs(doc.text))
    assert len(drafts) == 1
    assert len(drafts[0].followups) == 1 and drafts[0].recipient is not None
    assert refine_mode(drafts[0], lexicon) == "aerial"


def test_pronouns_and_bare_classes_are_anaphoric() -> None:
    doc = parse(REPORTED_KILLING)
    assert is_anaphoric(doc[3:4])  # "troops"
    assert not is_anaphoric(parse(ACTIVE_KILLING)[0:2])  # "Israeli forces"


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("GAZA CITY (Reuters) - A strike", "A strike"),
        ("HEBRON, West Bank, June 21 - Israeli", "Israeli"),
        ("KYIV, Nov 8 (Reuters) - Russian", "Russian"),
        ("BEIRUT — Hundreds", "Hundreds"),
        ("JUBA / ADDIS ABABA (Wire) - Talks", "Talks"),  # two desks share the story
    ],
)
def test_datelines_are_split_off(text: str, rest: str) -> None:
    match = DATELINE_PATTERN.match(text)
    assert match is not None and text[match.end():] == rest


@pytest.mark.parametrize("text", ["Israeli forces - the army said", "A - B", "Police fired tear gas."])
def test_ordinary_openings_are_not_datelines(text: str) -> None:
    assert DATELINE_PATTERN.match(text) is None


def test_paragraphs_by_blank_lines_or_single_newlines() -> None:
    blank = Paragraphs("one.\n\ntwo.\nstill two.\n\nthree.")
    assert [blank.index(o) for o in (0, 6, 11, 25)] == [0, 1, 1, 2]
    single = Paragraphs("one.\ntwo.")
    assert single.same(0, 2) and not single.same(0, 6)


@pytest.mark.parametrize(
    ("start", "precision", "end"),
    [
        (date(2021, 5, 1), DatePrecision.MONTH, date(2021, 5, 31)),
        (date(2024, 2, 1), DatePrecision.MONTH, date(2024, 2, 29)),
        (date(2022, 1, 1), DatePrecision.YEAR, date(2022, 12, 31)),
        (date(2022, 10, 10), DatePrecision.WEEK, date(2022, 10, 16)),
        (date(2022, 10, 11), DatePrecision.DAY, date(2022, 10, 11)),
    ],
)
def test_period_end(start: date, precision: DatePrecision, end: date) -> None:
    assert history.period_end(start, precision) == end


def test_old_means_ended_more_than_the_window_before_the_article() -> None:
    article = date(2022, 10, 14)
    assert history.is_old(date(2021, 5, 1), DatePrecision.MONTH, article, days=30)
    assert not history.is_old(date(2022, 10, 11), DatePrecision.DAY, article, days=30)
    assert not history.is_old(date(2022, 9, 1), DatePrecision.MONTH, article, days=30)  # ended 14 days ago


def test_every_plover_type_has_an_equivalent(lexicon) -> None:  # type: ignore[no-untyped-def]
    for event_type in PloverType:
        assert lexicon.classify(event_type, None).cameo
    assert lexicon.classify(PloverType.ASSAULT, "drone").acled_sub_event_type == "Air/drone strike"
    assert lexicon.classify(PloverType.REQUEST, None).acled_event_type is None


def test_yaml_booleans_in_word_lists_are_refused() -> None:
    with pytest.raises(LexiconError, match="quote"):
        _as_set([True, "for"])


def released(thing: tuple[str, str, str]) -> list[Row]:
    """ "The group released <thing>." with the thing as the object."""
    return [("The", "the", "DET", "det", 1), ("group", "group", "NOUN", "nsubj", 2),
            ("released", "release", "VERB", "ROOT", 2), (thing[0], thing[1], thing[2], "dobj", 2),
            (".", ".", "PUNCT", "punct", 2)]


def test_releasing_a_statement_is_no_release_of_people(lexicon) -> None:  # type: ignore[no-untyped-def]
    assert find_triggers(parse(released(("footage", "footage", "NOUN")))[:], lexicon) == []
    assert find_triggers(parse(released(("statement", "statement", "NOUN")))[:], lexicon) == []
    [freed] = find_triggers(parse(released(("hostages", "hostage", "NOUN")))[:], lexicon)
    assert freed.event_type is PloverType.RETREAT and freed.entry.mode == "release"
    [named] = find_triggers(parse(released(("Manasra", "Manasra", "PROPN")))[:], lexicon)
    assert named.event_type is PloverType.RETREAT
