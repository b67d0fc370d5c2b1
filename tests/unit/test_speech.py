"""Who vouches for an act (``eventwire.extract.speech``), the statement fields built on it
(``eventwire.extract.statements``) and the modality of acts that did not happen
(``eventwire.extract.triggers``), on parses built by hand (no model).

Rules: docs/EXTRACTION.md, section 11. Each sentence is written as (word, lemma, POS,
dependency, head index) rows the way the English model parses it.
"""

from __future__ import annotations

from datetime import date

import pytest
from handparse import Row, parse
from spacy.tokens import Doc, Span, Token

from eventwire.extract import speech
from eventwire.extract.drafts import EventDraft
from eventwire.extract.lexicon import Lexicon, default_lexicon
from eventwire.extract.statements import Statements
from eventwire.extract.triggers import Trigger, find_triggers
from eventwire.model import ActorRef, Modality, PloverType


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return default_lexicon()


def word(doc: Doc, text: str) -> Token:
    """The first token written ``text``."""
    return next(token for token in doc if token.text == text)


def text(span: Span | Token | None) -> str | None:
    return span.text if span is not None else None


# ---- attribution ----------------------------------------------------------------------------

# "The ministry said troops killed three."
SAID_KILLED: list[Row] = [
    ("The", "the", "DET", "det", 1), ("ministry", "ministry", "NOUN", "nsubj", 2),
    ("said", "say", "VERB", "ROOT", 2), ("troops", "troop", "NOUN", "nsubj", 4),
    ("killed", "kill", "VERB", "ccomp", 2), ("three", "three", "NUM", "dobj", 4),
    (".", ".", "PUNCT", "punct", 2),
]
# "Troops killed three, the ministry said."  (the reporting verb hangs on the act as a parataxis)
KILLED_MINISTRY_SAID: list[Row] = [
    ("Troops", "troop", "NOUN", "nsubj", 1), ("killed", "kill", "VERB", "ROOT", 1),
    ("three", "three", "NUM", "dobj", 1), (",", ",", "PUNCT", "punct", 1),
    ("the", "the", "DET", "det", 5), ("ministry", "ministry", "NOUN", "nsubj", 6),
    ("said", "say", "VERB", "parataxis", 1), (".", ".", "PUNCT", "punct", 1),
]
# "According to medics, troops killed three."
ACCORDING_TO_MEDICS: list[Row] = [
    ("According", "accord", "VERB", "prep", 5), ("to", "to", "ADP", "prep", 0),
    ("medics", "medic", "NOUN", "pobj", 1), (",", ",", "PUNCT", "punct", 5),
    ("troops", "troop", "NOUN", "nsubj", 5), ("killed", "kill", "VERB", "ROOT", 5),
    ("three", "three", "NUM", "dobj", 5), (".", ".", "PUNCT", "punct", 5),
]
# "Troops killed three."
PLAIN_KILLED: list[Row] = [
    ("Troops", "troop", "NOUN", "nsubj", 1), ("killed", "kill", "VERB", "ROOT", 1),
    ("three", "three", "NUM", "dobj", 1), (".", ".", "PUNCT", "punct", 1),
]
# "The ministry said the strike killed three, a claim the army denied."
# ("a claim" hangs on the reported act; "denied" is a relative clause on it)
CLAIM_THE_ARMY_DENIED: list[Row] = [
    ("The", "the", "DET", "det", 1), ("ministry", "ministry", "NOUN", "nsubj", 2),
    ("said", "say", "VERB", "ROOT", 2), ("the", "the", "DET", "det", 4),
    ("strike", "strike", "NOUN", "nsubj", 5), ("killed", "kill", "VERB", "ccomp", 2),
    ("three", "three", "NUM", "dobj", 5), (",", ",", "PUNCT", "punct", 5),
    ("a", "a", "DET", "det", 9), ("claim", "claim", "NOUN", "npadvmod", 5),
    ("the", "the", "DET", "det", 11), ("army", "army", "NOUN", "nsubj", 12),
    ("denied", "deny", "VERB", "relcl", 9), (".", ".", "PUNCT", "punct", 2),
]


def test_the_complement_of_a_reporting_verb_is_attributed_to_its_subject() -> None:
    doc = parse(SAID_KILLED)
    found = speech.attribution(word(doc, "killed"))
    assert found is not None
    assert text(found.speaker) == "The ministry" and text(found.verb) == "said"


@pytest.mark.parametrize("dep", ["parataxis", "ccomp"])
def test_a_reporting_verb_after_the_act_attributes_it(dep: str) -> None:
    # the parser hangs "the ministry said" on the act, as a parataxis or a reversed complement
    rows = [row if row[0] != "said" else ("said", "say", "VERB", dep, 1) for row in KILLED_MINISTRY_SAID]
    doc = parse(rows)
    found = speech.attribution(word(doc, "killed"))
    assert found is not None
    assert text(found.speaker) == "the ministry" and text(found.verb) == "said"


def test_a_reporting_verb_with_its_own_complement_does_not_attribute_the_clause_before_it() -> None:
    # "Troops killed three, the ministry said it was investigating": "said" reports something else
    rows = KILLED_MINISTRY_SAID[:7] + [
        ("it", "it", "PRON", "nsubj", 9), ("was", "be", "AUX", "aux", 9),
        ("investigating", "investigate", "VERB", "ccomp", 6), (".", ".", "PUNCT", "punct", 1),
    ]
    assert speech.attribution(word(parse(rows), "killed")) is None


# "Rebels attacked Goma, its leader, its spokesman, Paul Mfuni, said."  (the small model strands
# the speaker as apposition to the last noun and makes "said" a subjectless conjunct of the act)
STRANDED_SPEAKER: list[Row] = [
    ("Rebels", "rebel", "NOUN", "nsubj", 1), ("attacked", "attack", "VERB", "ROOT", 1),
    ("Goma", "Goma", "PROPN", "dobj", 1), (",", ",", "PUNCT", "punct", 2),
    ("its", "its", "PRON", "poss", 5), ("spokesman", "spokesman", "NOUN", "appos", 2),
    (",", ",", "PUNCT", "punct", 5), ("Paul", "Paul", "PROPN", "compound", 8),
    ("Mfuni", "Mfuni", "PROPN", "appos", 5), (",", ",", "PUNCT", "punct", 1),
    ("said", "say", "VERB", "conj", 1), (".", ".", "PUNCT", "punct", 1),
]


def test_a_speaker_stranded_as_apposition_before_a_subjectless_verb_is_found() -> None:
    doc = parse(STRANDED_SPEAKER)
    found = speech.attribution(word(doc, "attacked"))
    assert found is not None
    assert text(found.speaker) == "its spokesman, Paul Mfuni" and text(found.verb) == "said"
    # a conjunct that is not a reporting verb, or has its own subject, names no speaker
    fled = parse([row if row[0] != "said" else ("fled", "flee", "VERB", "conj", 1) for row in STRANDED_SPEAKER])
    assert speech.attribution(word(fled, "attacked")) is None


def test_according_to_names_the_speaker() -> None:
    doc = parse(ACCORDING_TO_MEDICS)
    found = speech.attribution(word(doc, "killed"))
    assert found is not None
    assert text(found.speaker) == "medics" and text(found.verb) == "According to"


def test_the_writers_own_statement_has_no_attribution() -> None:
    doc = parse(PLAIN_KILLED)
    assert speech.attribution(word(doc, "killed"), speech.quote_spans(doc.text)) is None


def test_a_relative_clause_is_not_attributed_to_the_outer_speaker() -> None:
    doc = parse(CLAIM_THE_ARMY_DENIED)
    # the reported act is the ministry's...
    found = speech.attribution(word(doc, "killed"))
    assert found is not None and text(found.speaker) == "The ministry"
    # ...but the army's denial of it is told by the writer
    assert speech.attribution(word(doc, "denied")) is None


# ---- quotes ---------------------------------------------------------------------------------

# '"We shot down a drone," the spokesman said.'  (split by the parser after the closing quote)
QUOTED_DRONE: list[Row] = [
    ('"', '"', "PUNCT", "punct", 2), ("We", "we", "PRON", "nsubj", 2),
    ("shot", "shoot", "VERB", "ROOT", 2), ("down", "down", "ADP", "prt", 2),
    ("a", "a", "DET", "det", 5), ("drone", "drone", "NOUN", "dobj", 2),
    (",", ",", "PUNCT", "punct", 2), ('"', '"', "PUNCT", "punct", 2),
    ("the", "the", "DET", "det", 9), ("spokesman", "spokesman", "NOUN", "nsubj", 10),
    ("said", "say", "VERB", "ROOT", 10), (".", ".", "PUNCT", "punct", 10),
]


def test_quote_spans_cover_double_quotes_and_guillemets_but_not_apostrophes() -> None:
    body = 'He said "we will respond" and \u00abnever retreat\u00bb, but the group\'s \'men\' fled.'
    spans = speech.quote_spans(body)
    assert [body[s:e] for s, e in spans] == ['"we will respond"', "\u00abnever retreat\u00bb"]
    assert speech.quotes_in(spans, 0, 10) == [spans[0]]
    assert speech.quotes_in(spans, spans[1][1], len(body)) == []


def test_a_quoted_act_is_attributed_to_the_speaker_after_the_quote() -> None:
    doc = parse(QUOTED_DRONE, sentences=(0, 8))
    shot = word(doc, "shot")
    quotes = speech.quote_spans(doc.text)
    assert [doc.text[s:e] for s, e in quotes] == ['" We shot down a drone, "']
    assert speech.attribution(shot) is None  # the parse alone links them nowhere
    found = speech.attribution(shot, quotes)
    assert found is not None
    assert text(found.speaker) == "the spokesman" and text(found.verb) == "said"


# ---- claims of responsibility ---------------------------------------------------------------

# "Al-Shabaab claimed responsibility for the attack."
CLAIMED_FOR_THE_ATTACK: list[Row] = [
    ("Al-Shabaab", "Al-Shabaab", "PROPN", "nsubj", 1), ("claimed", "claim", "VERB", "ROOT", 1),
    ("responsibility", "responsibility", "NOUN", "dobj", 1), ("for", "for", "ADP", "prep", 2),
    ("the", "the", "DET", "det", 5), ("attack", "attack", "NOUN", "pobj", 3),
    (".", ".", "PUNCT", "punct", 1),
]
# "Al-Shabaab claimed responsibility."
CLAIMED_RESPONSIBILITY: list[Row] = [
    ("Al-Shabaab", "Al-Shabaab", "PROPN", "nsubj", 1), ("claimed", "claim", "VERB", "ROOT", 1),
    ("responsibility", "responsibility", "NOUN", "dobj", 1), (".", ".", "PUNCT", "punct", 1),
]
# "JNIM claimed responsibility for a bombing in Kidal."  ("for" hangs on the verb)
CLAIMED_A_BOMBING: list[Row] = [
    ("JNIM", "JNIM", "PROPN", "nsubj", 1), ("claimed", "claim", "VERB", "ROOT", 1),
    ("responsibility", "responsibility", "NOUN", "dobj", 1), ("for", "for", "ADP", "prep", 1),
    ("a", "a", "DET", "det", 5), ("bombing", "bombing", "NOUN", "pobj", 3),
    ("in", "in", "ADP", "prep", 5), ("Kidal", "Kidal", "PROPN", "pobj", 6),
    (".", ".", "PUNCT", "punct", 1),
]
# "Al-Shabaab claimed the attack."
CLAIMED_THE_ATTACK: list[Row] = [
    ("Al-Shabaab", "Al-Shabaab", "PROPN", "nsubj", 1), ("claimed", "claim", "VERB", "ROOT", 1),
    ("the", "the", "DET", "det", 3), ("attack", "attack", "NOUN", "dobj", 1),
    (".", ".", "PUNCT", "punct", 1),
]
# "The group took responsibility for it."
TOOK_RESPONSIBILITY_FOR_IT: list[Row] = [
    ("The", "the", "DET", "det", 1), ("group", "group", "NOUN", "nsubj", 2),
    ("took", "take", "VERB", "ROOT", 2), ("responsibility", "responsibility", "NOUN", "dobj", 2),
    ("for", "for", "ADP", "prep", 3), ("it", "it", "PRON", "pobj", 4), (".", ".", "PUNCT", "punct", 2),
]
# "Al-Shabaab claimed the army killed civilians."  (a claim that something happened, not of responsibility)
CLAIMED_A_CLAUSE: list[Row] = [
    ("Al-Shabaab", "Al-Shabaab", "PROPN", "nsubj", 1), ("claimed", "claim", "VERB", "ROOT", 1),
    ("the", "the", "DET", "det", 3), ("army", "army", "NOUN", "nsubj", 4),
    ("killed", "kill", "VERB", "ccomp", 1), ("civilians", "civilian", "NOUN", "dobj", 4),
    (".", ".", "PUNCT", "punct", 1),
]


def test_a_claim_for_the_attack_refers_back() -> None:
    doc = parse(CLAIMED_FOR_THE_ATTACK)
    claim = speech.claim_at(word(doc, "claimed"))
    assert claim is not None
    assert claim.claimant.text == "Al-Shabaab" and claim.verb.text == "claimed"
    assert text(claim.claimed) == "attack" and claim.anaphoric


def test_a_bare_claim_of_responsibility_refers_back() -> None:
    claim = speech.claim_at(word(parse(CLAIMED_RESPONSIBILITY), "claimed"))
    assert claim is not None
    assert claim.claimed is None and claim.anaphoric


def test_a_claim_naming_an_attack_of_its_own_does_not_refer_back() -> None:
    claim = speech.claim_at(word(parse(CLAIMED_A_BOMBING), "claimed"))
    assert claim is not None
    assert claim.claimant.text == "JNIM"
    assert text(claim.claimed) == "bombing" and not claim.anaphoric


def test_claiming_an_event_noun_is_a_claim() -> None:
    claim = speech.claim_at(word(parse(CLAIMED_THE_ATTACK), "claimed"))
    assert claim is not None
    assert text(claim.claimed) == "attack" and claim.anaphoric


def test_taking_responsibility_for_it_is_a_claim() -> None:
    claim = speech.claim_at(word(parse(TOOK_RESPONSIBILITY_FOR_IT), "took"))
    assert claim is not None
    assert claim.claimant.text == "The group" and text(claim.claimed) == "it" and claim.anaphoric


def test_claiming_that_something_happened_is_no_claim_of_responsibility() -> None:
    doc = parse(CLAIMED_A_CLAUSE)
    assert speech.claim_at(word(doc, "claimed")) is None
    assert list(speech.claims_in(doc)) == []
    assert [c.verb.text for c in speech.claims_in(parse(CLAIMED_FOR_THE_ATTACK))] == ["claimed"]


# ---- calls to action and to violence ----------------------------------------------------------

# "The union called on residents to join a rally."
CALLED_TO_JOIN_A_RALLY: list[Row] = [
    ("The", "the", "DET", "det", 1), ("union", "union", "NOUN", "nsubj", 2),
    ("called", "call", "VERB", "ROOT", 2), ("on", "on", "ADP", "prep", 2),
    ("residents", "resident", "NOUN", "pobj", 3), ("to", "to", "PART", "aux", 6),
    ("join", "join", "VERB", "xcomp", 2), ("a", "a", "DET", "det", 8),
    ("rally", "rally", "NOUN", "dobj", 6), (".", ".", "PUNCT", "punct", 2),
]
# "The group called on supporters to attack soldiers."  (the infinitive hangs on "supporters")
CALLED_TO_ATTACK_SOLDIERS: list[Row] = [
    ("The", "the", "DET", "det", 1), ("group", "group", "NOUN", "nsubj", 2),
    ("called", "call", "VERB", "ROOT", 2), ("on", "on", "ADP", "prep", 2),
    ("supporters", "supporter", "NOUN", "pobj", 3), ("to", "to", "PART", "aux", 6),
    ("attack", "attack", "VERB", "acl", 4), ("soldiers", "soldier", "NOUN", "dobj", 6),
    (".", ".", "PUNCT", "punct", 2),
]
# "The imam urged people to defend the mosque."
URGED_TO_DEFEND: list[Row] = [
    ("The", "the", "DET", "det", 1), ("imam", "imam", "NOUN", "nsubj", 2),
    ("urged", "urge", "VERB", "ROOT", 2), ("people", "people", "NOUN", "dobj", 2),
    ("to", "to", "PART", "aux", 5), ("defend", "defend", "VERB", "xcomp", 2),
    ("the", "the", "DET", "det", 7), ("mosque", "mosque", "NOUN", "dobj", 5),
    (".", ".", "PUNCT", "punct", 2),
]
# "The unions called for a general strike."
CALLED_FOR_A_GENERAL_STRIKE: list[Row] = [
    ("The", "the", "DET", "det", 1), ("unions", "union", "NOUN", "nsubj", 2),
    ("called", "call", "VERB", "ROOT", 2), ("for", "for", "ADP", "prep", 2),
    ("a", "a", "DET", "det", 6), ("general", "general", "ADJ", "amod", 6),
    ("strike", "strike", "NOUN", "pobj", 3), (".", ".", "PUNCT", "punct", 2),
]
# "The envoy called on both sides to open corridors."
CALLED_TO_OPEN_CORRIDORS: list[Row] = [
    ("The", "the", "DET", "det", 1), ("envoy", "envoy", "NOUN", "nsubj", 2),
    ("called", "call", "VERB", "ROOT", 2), ("on", "on", "ADP", "prep", 2),
    ("both", "both", "DET", "det", 5), ("sides", "side", "NOUN", "pobj", 3),
    ("to", "to", "PART", "aux", 7), ("open", "open", "VERB", "xcomp", 2),
    ("corridors", "corridor", "NOUN", "dobj", 7), (".", ".", "PUNCT", "punct", 2),
]


@pytest.mark.parametrize(
    ("rows", "trigger", "to_action", "to_violence"),
    [
        pytest.param(CALLED_TO_JOIN_A_RALLY, "called", True, False, id="join-a-rally"),
        pytest.param(CALLED_TO_ATTACK_SOLDIERS, "called", True, True, id="attack-soldiers"),
        pytest.param(URGED_TO_DEFEND, "urged", True, False, id="defend-the-mosque"),
        pytest.param(CALLED_FOR_A_GENERAL_STRIKE, "called", True, False, id="general-strike"),
        pytest.param(CALLED_TO_OPEN_CORRIDORS, "called", False, False, id="open-corridors"),
    ],
)
def test_call_kind(lexicon: Lexicon, rows: list[Row], trigger: str, to_action: bool, to_violence: bool) -> None:
    kind = speech.call_kind(word(parse(rows), trigger), lexicon)
    assert (kind.to_action, kind.to_violence) == (to_action, to_violence)


def test_a_call_to_open_fire_is_a_call_to_violence(lexicon: Lexicon) -> None:
    # "open" is violent only with "fire": the lexicon's condition decides, as for "corridors"
    rows = [row if row[0] != "corridors" else ("fire", "fire", "NOUN", "dobj", 7) for row in CALLED_TO_OPEN_CORRIDORS]
    kind = speech.call_kind(word(parse(rows), "called"), lexicon)
    assert kind.to_action and kind.to_violence


def test_an_air_strike_called_for_is_violence_but_a_general_strike_is_not(lexicon: Lexicon) -> None:
    rows = [row if row[0] != "general" else ("air", "air", "NOUN", "compound", 6) for row in CALLED_FOR_A_GENERAL_STRIKE]
    assert speech.call_kind(word(parse(rows), "called"), lexicon).to_violence
    assert not speech.call_kind(word(parse(CALLED_FOR_A_GENERAL_STRIKE), "called"), lexicon).to_violence


# ---- modality of acts that did not happen -----------------------------------------------------

# "The army denied firing at the ambulance."
DENIED_FIRING: list[Row] = [
    ("The", "the", "DET", "det", 1), ("army", "army", "NOUN", "nsubj", 2),
    ("denied", "deny", "VERB", "ROOT", 2), ("firing", "fire", "VERB", "xcomp", 2),
    ("at", "at", "ADP", "prep", 3), ("the", "the", "DET", "det", 6),
    ("ambulance", "ambulance", "NOUN", "pobj", 4), (".", ".", "PUNCT", "punct", 2),
]
# "Settlers are planning to storm the village."
PLANNING_TO_STORM: list[Row] = [
    ("Settlers", "settler", "NOUN", "nsubj", 2), ("are", "be", "AUX", "aux", 2),
    ("planning", "plan", "VERB", "ROOT", 2), ("to", "to", "PART", "aux", 4),
    ("storm", "storm", "VERB", "xcomp", 2), ("the", "the", "DET", "det", 6),
    ("village", "village", "NOUN", "dobj", 4), (".", ".", "PUNCT", "punct", 2),
]
# "The rebels threatened to attack the town."
THREATENED_TO_ATTACK: list[Row] = [
    ("The", "the", "DET", "det", 1), ("rebels", "rebel", "NOUN", "nsubj", 2),
    ("threatened", "threaten", "VERB", "ROOT", 2), ("to", "to", "PART", "aux", 4),
    ("attack", "attack", "VERB", "xcomp", 2), ("the", "the", "DET", "det", 6),
    ("town", "town", "NOUN", "dobj", 4), (".", ".", "PUNCT", "punct", 2),
]
# "Troops did not fire."
DID_NOT_FIRE: list[Row] = [
    ("Troops", "troop", "NOUN", "nsubj", 3), ("did", "do", "AUX", "aux", 3),
    ("not", "not", "PART", "neg", 3), ("fire", "fire", "VERB", "ROOT", 3), (".", ".", "PUNCT", "punct", 3),
]
# "Troops could attack the town."
COULD_ATTACK: list[Row] = [
    ("Troops", "troop", "NOUN", "nsubj", 2), ("could", "could", "AUX", "aux", 2),
    ("attack", "attack", "VERB", "ROOT", 2), ("the", "the", "DET", "det", 4),
    ("town", "town", "NOUN", "dobj", 2), (".", ".", "PUNCT", "punct", 2),
]


def summary(triggers: list[Trigger]) -> list[tuple[str, PloverType, Modality, str | None]]:
    return [(t.token.text, t.event_type, t.modality, text(t.frame)) for t in triggers]


def test_a_denied_act_is_kept_as_denied_under_a_denial(lexicon: Lexicon) -> None:
    denial, act = find_triggers(parse(DENIED_FIRING)[:], lexicon)
    assert denial.event_type is PloverType.REJECT and denial.entry.denial
    assert denial.modality is Modality.ASSERTED  # the denial itself was made
    assert summary([act]) == [("firing", PloverType.ASSAULT, Modality.DENIED, "denied")]


def test_a_planned_act_is_planned(lexicon: Lexicon) -> None:
    triggers = find_triggers(parse(PLANNING_TO_STORM)[:], lexicon)
    assert summary(triggers) == [("storm", PloverType.COERCE, Modality.PLANNED, "planning")]


def test_a_threatened_act_is_threatened_beside_the_threat(lexicon: Lexicon) -> None:
    threat, act = find_triggers(parse(THREATENED_TO_ATTACK)[:], lexicon)
    assert threat.event_type is PloverType.THREATEN and threat.modality is Modality.ASSERTED
    assert summary([act]) == [("attack", PloverType.ASSAULT, Modality.THREATENED, "threatened")]


def test_the_writers_negation_gives_no_record(lexicon: Lexicon) -> None:
    assert find_triggers(parse(DID_NOT_FIRE)[:], lexicon) == []


def test_could_makes_an_act_hypothetical(lexicon: Lexicon) -> None:
    triggers = find_triggers(parse(COULD_ATTACK)[:], lexicon)
    assert summary(triggers) == [("attack", PloverType.ASSAULT, Modality.HYPOTHETICAL, "attack")]


# ---- statement fields -----------------------------------------------------------------------

def resolve(span: Span, when: date | None) -> ActorRef:
    """Every phrase is a party of its own name (the dictionary is not under test here)."""
    return ActorRef(span.text, span.start_char, span.end_char, name=span.text.title())


def draft_of(doc: Doc, lexicon: Lexicon, lemma: str, actor: Span | None = None) -> EventDraft:
    trigger = next(t for t in find_triggers(doc[:], lexicon) if t.token.lemma_ == lemma)
    return EventDraft(doc[:], [trigger], trigger.event_type, actor=actor, modality=trigger.modality)


def test_a_reported_act_is_claimed_by_its_speaker(lexicon: Lexicon) -> None:
    doc = parse(SAID_KILLED)
    fields = Statements(doc.text, lexicon, resolve, resolve).fields(draft_of(doc, lexicon, "kill", doc[3:4]), doc[3:4], None)
    assert fields.modality is Modality.CLAIMED
    assert fields.claimed_by is not None and fields.claimed_by.text == "The ministry"
    assert fields.statement is not None and fields.statement.speaker is not None
    assert (fields.statement.speaker.text, fields.statement.verb and fields.statement.verb.text) == ("The ministry", "said")


def test_the_writers_act_stays_asserted_with_no_statement(lexicon: Lexicon) -> None:
    doc = parse(PLAIN_KILLED)
    fields = Statements(doc.text, lexicon, resolve, resolve).fields(draft_of(doc, lexicon, "kill", doc[0:1]), doc[0:1], None)
    assert (fields.modality, fields.claimed_by, fields.statement) == (Modality.ASSERTED, None, None)


def test_a_denial_is_flagged_and_the_denied_act_keeps_its_modality(lexicon: Lexicon) -> None:
    doc = parse(DENIED_FIRING)
    statements = Statements(doc.text, lexicon, resolve, resolve)
    denial = statements.fields(draft_of(doc, lexicon, "deny", doc[0:2]), doc[0:2], None)
    assert denial.denial and denial.modality is Modality.ASSERTED
    assert denial.statement is not None and denial.statement.speaker is not None
    assert denial.statement.speaker.text == "The army"
    act = statements.fields(draft_of(doc, lexicon, "fire", doc[0:2]), doc[0:2], None)
    assert act.modality is Modality.DENIED and not act.denial


def test_a_call_to_attack_is_a_call_to_violence_and_a_rally_only_to_action(lexicon: Lexicon) -> None:
    attack = parse(CALLED_TO_ATTACK_SOLDIERS)
    fields = Statements(attack.text, lexicon, resolve, resolve).fields(draft_of(attack, lexicon, "call", attack[0:2]),
                                                              attack[0:2], None)
    assert fields.call_to_action and fields.call_to_violence
    rally = parse(CALLED_TO_JOIN_A_RALLY)
    fields = Statements(rally.text, lexicon, resolve, resolve).fields(draft_of(rally, lexicon, "call", rally[0:2]),
                                                             rally[0:2], None)
    assert fields.call_to_action and not fields.call_to_violence


# "No one has claimed responsibility."  (an ACLED note's "no claim": no claimant to credit)
NO_ONE_CLAIMED: list[Row] = [
    ("No", "no", "DET", "det", 1), ("one", "one", "NOUN", "nsubj", 3), ("has", "have", "AUX", "aux", 3),
    ("claimed", "claim", "VERB", "ROOT", 3), ("responsibility", "responsibility", "NOUN", "dobj", 3),
    (".", ".", "PUNCT", "punct", 3),
]


def test_nobody_claiming_is_no_claim() -> None:
    assert speech.claim_at(word(parse(NO_ONE_CLAIMED), "claimed")) is None
    rows = [("Al-Shabaab", "Al-Shabaab", "PROPN", "nsubj", 3), ("did", "do", "AUX", "aux", 3)] + [
        ("not", "not", "PART", "neg", 3), ("claim", "claim", "VERB", "ROOT", 3),
        ("responsibility", "responsibility", "NOUN", "dobj", 3), (".", ".", "PUNCT", "punct", 3)]
    assert speech.claim_at(word(parse(rows), "claim")) is None


# "The ministry put the toll at eight."  (a figure's source without a reporting verb)
PUT_THE_TOLL: list[Row] = [
    ("The", "the", "DET", "det", 1), ("ministry", "ministry", "NOUN", "nsubj", 2),
    ("put", "put", "VERB", "ROOT", 2), ("the", "the", "DET", "det", 4), ("toll", "toll", "NOUN", "dobj", 2),
    ("at", "at", "ADP", "prep", 2), ("eight", "eight", "NUM", "pobj", 5), (".", ".", "PUNCT", "punct", 2),
]


def test_whoever_puts_the_toll_at_a_figure_is_its_source() -> None:
    doc = parse(PUT_THE_TOLL)
    found = speech.attribution(word(doc, "eight"))
    assert found is not None and found.speaker is not None
    assert found.speaker.text == "The ministry" and found.verb.text == "put"
