"""Find the words that state an event happened, and drop those that do not assert it.

A trigger is a verb or noun in the lexicon whose conditions hold (``needs``, ``particle``).
It is dropped when the event is not asserted as having happened: negated ("did not fire"),
future or hypothetical ("will attack", "could strike"), wanted or attempted ("plans to storm",
"tried to abduct"), or the content of a call, threat or accusation ("called for attacks",
"accused the army of killing"): those are coded as the verbal event, not as the act.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from eventwire.extract.lexicon import Lexicon, TriggerEntry
from eventwire.model import PloverType

NOT_ASSERTED_AUX = frozenset({"will", "would", "could", "may", "might", "shall", "should", "must", "can"})
INTENT_HEADS = frozenset(
    {"plan", "intend", "prepare", "threaten", "vow", "want", "seek", "aim", "try", "attempt",
     "fail", "deny", "refuse", "hope", "pledge", "promise", "expect", "risk", "order", "allow",
     "prevent", "stop", "avoid", "urge", "call", "demand", "warn", "accuse", "blame", "allege",
     "ask", "encourage", "incite", "need", "decide", "agree", "consider", "propose", "push"}
)
# Verbal events whose complements describe wanted or alleged acts, not reported ones.
VERBAL_TYPES = frozenset(
    {PloverType.REQUEST, PloverType.THREATEN, PloverType.ACCUSE, PloverType.REJECT,
     PloverType.SUPPORT, PloverType.AGREE}
)
NEGATORS = frozenset({"not", "never", "no", "n't"})
TRIGGER_POS = {"VERB": "VERB", "NOUN": "NOUN", "PROPN": "NOUN", "AUX": "VERB"}


@dataclass(frozen=True, slots=True)
class Trigger:
    token: Token
    entry: TriggerEntry

    @property
    def event_type(self) -> PloverType:
        return self.entry.event_type


def find_triggers(sentence: Span, lexicon: Lexicon) -> list[Trigger]:
    """The asserted event triggers of one sentence, in text order."""
    found = [
        Trigger(token, entry)
        for token in sentence
        for entry in _matching_entries(token, lexicon)
    ]
    return [trigger for trigger in found if is_asserted(trigger.token, found)]


def _matching_entries(token: Token, lexicon: Lexicon) -> Iterator[TriggerEntry]:
    pos = TRIGGER_POS.get(token.pos_)
    if pos is None:
        return
    for entry in lexicon.lookup(token.lemma_.lower(), pos):
        if entry.needs and not _has_nearby_lemma(token, entry.needs):
            continue
        if entry.particles and not _has_particle(token, entry.particles):
            continue
        yield entry
        return  # one entry per token: the first that fits


def _has_nearby_lemma(token: Token, lemmas: frozenset[str]) -> bool:
    """A child, grandchild, head or sibling carries one of the lemmas ("air strike", "struck by a drone")."""
    nearby = list(token.children)
    nearby += [grandchild for child in token.children for grandchild in child.children]
    if token.head.i != token.i:
        nearby.append(token.head)
        nearby += list(token.head.children)
        nearby.append(token.head.head)  # "went on strike": the verb above the preposition
    return any(other.lemma_.lower() in lemmas or other.lower_ in lemmas for other in nearby)


def _has_particle(token: Token, particles: frozenset[str]) -> bool:
    return any(child.dep_ in {"prep", "prt"} and child.lower_ in particles for child in token.children)


def is_asserted(token: Token, triggers: list[Trigger]) -> bool:
    """False for negated, future, hypothetical, wanted or alleged events."""
    if not _is_plain_statement(token):
        return False
    if token.dep_ in {"acl", "advcl", "relcl"} and any(c.lower_ == "to" and c.dep_ == "aux" for c in token.children):
        return False  # a purpose, not a report: "an operation to arrest a suspect"
    conjunct = token
    while conjunct.dep_ == "conj" and conjunct.head.i != conjunct.i:  # "will storm and burn"
        conjunct = conjunct.head
        if not _is_plain_statement(conjunct):
            return False
    verbal_trigger_tokens = {t.token.i for t in triggers if t.event_type in VERBAL_TYPES}
    for ancestor in _governing_heads(token):
        if ancestor.i in verbal_trigger_tokens:
            return False
        if ancestor.lemma_.lower() in INTENT_HEADS and ancestor.pos_ in {"VERB", "AUX"}:
            return False
    return True


def _is_plain_statement(token: Token) -> bool:
    children = list(token.children)
    if any(child.dep_ == "neg" or child.lower_ in NEGATORS for child in children):
        return False
    return not any(child.dep_ == "aux" and child.lower_ in NOT_ASSERTED_AUX for child in children)


# Edges along which a head does not govern what its dependant reports: coordination ("condemned
# the raid and called for ...") and circumstances ("during a meeting", "after the strike").
CIRCUMSTANCE_PREPS = frozenset({"during", "after", "before", "amid", "following", "at", "in", "since", "despite"})
SPEECH_VERBS = frozenset({"say", "tell", "report", "add", "state", "confirm", "announce", "claim", "note", "write", "post"})


def _governing_heads(token: Token) -> Iterator[Token]:
    """The heads whose meaning frames ``token``: up the tree, stopping at reported speech.

    "X said the army killed three" asserts the killing (attributed to X): the walk stops at a
    clausal complement of a speech verb, which only changes who vouches for the claim.
    Coordinated heads and circumstantial prepositions are passed over without framing.
    """
    current = token
    while current.head.i != current.i:
        head = current.head
        if current.dep_ == "ccomp" and head.lemma_ in SPEECH_VERBS:
            return
        if current.dep_ in {"conj", "cc", "advcl", "parataxis"}:
            current = head
            continue
        if current.dep_ == "prep" and current.lower_ in CIRCUMSTANCE_PREPS:
            return
        current = head
        yield current
