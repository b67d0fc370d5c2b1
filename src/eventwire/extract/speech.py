"""Who says so: reporting verbs, speakers, quotes, claims of responsibility and calls to act.

Rules (documented in docs/EXTRACTION.md, "Statements and modality"):
- An act is *attributed* when it is the clausal complement of a reporting verb ("the ministry
  said troops killed three"; "Troops killed three, the ministry said"), follows "according to X"
  in its sentence, or lies inside quotation marks whose sentence names a speaker. The speaker is
  the reporting verb's subject (or the object of "according to").
- A *claim of responsibility* is "X claimed (responsibility for) the attack", "X took
  responsibility for it", "X said it carried out the attack" is an attributed act, not a claim.
- A *call to action* asks people to act or to gather (join a rally, go on strike, mobilise,
  confront, respond); a *call to violence* asks them to attack people: the called-for act is one
  the lexicon codes as ASSAULT, or "take up arms", "fight", "kill". Calls to protest, to strike
  or to "defend" are calls to action, never calls to violence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from eventwire.extract.lexicon import Lexicon
from eventwire.extract.triggers import entries_for
from eventwire.model import PloverType

REPORTING_LEMMAS = frozenset(
    {"say", "tell", "report", "add", "state", "confirm", "announce", "claim", "allege", "write", "post",
     "declare", "insist", "stress", "note", "explain", "affirm", "assert", "maintain", "reveal", "quote",
     "tweet", "charge", "argue", "acknowledge", "admit", "recount", "describe", "estimate"}
)
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Straight and curly double quotes, guillemets; single quotes are left out: apostrophes.
_QUOTE = re.compile(r"\"[^\"\n]{2,}?\"|\u201c[^\u201d\n]{2,}?\u201d|\u00ab[^\u00bb\n]{2,}?\u00bb")

CLAIM_VERBS = frozenset({"claim", "take", "accept", "assume", "bear"})
CLAIM_NOUNS = frozenset({"responsibility", "credit"})
ANAPHORIC_DETERMINERS = frozenset({"the", "this", "that", "these", "those", "its", "their", "it", "them"})

# What people are called on to do, beyond the lexicon's protest, mobilisation and attack words.
ACTION_LEMMAS = frozenset(
    {"join", "participate", "gather", "mobilise", "mobilize", "march", "rally", "flock", "escalate",
     "confront", "resist", "respond", "rise", "revolt", "boycott", "defend", "protect", "stand", "go",
     "take", "head", "converge", "fight", "attack", "strike", "protest", "demonstrate", "attend",
     "storm", "besiege", "block", "occupy", "blockade", "retaliate", "avenge", "observe", "enforce", "shut"}
)
ACTION_NOUNS = frozenset(
    {"strike", "protest", "demonstration", "rally", "march", "mobilisation", "mobilization", "escalation",
     "uprising", "intifada", "jihad", "resistance", "confrontation", "sit-in", "boycott", "rage",
     "revolt", "attack", "attacks", "retaliation", "revenge", "vengeance", "war", "struggle", "general",
     "shutdown", "lockdown", "sit-at-home", "stay-at-home", "day"}
)
# Called-for acts that are violence against people whatever the lexicon says of them.
VIOLENT_CALL_LEMMAS = frozenset(
    {"kill", "attack", "fight", "slaughter", "assassinate", "ambush", "stab", "shoot", "bomb", "target",
     "eliminate", "massacre", "avenge", "retaliate", "confront", "strike", "burn", "behead", "execute",
     "liquidate", "exterminate", "hunt", "jihad", "revenge", "vengeance", "retaliation", "war"}
)
# "take up arms", "raise weapons", "carry arms": the object makes the verb violent
ARMS_NOUNS = frozenset({"arm", "arms", "weapon", "weapons", "rifle", "rifles", "gun", "guns"})
# Neither calls to violence nor acts: "defend", "protect", a labour "strike".
DEFENSIVE_LEMMAS = frozenset({"defend", "protect", "guard", "shield", "safeguard"})
LABOUR_STRIKE_CUES = frozenset({"general", "hunger", "labour", "labor", "commercial", "work", "shutdown"})


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who vouches for a clause: the speaker phrase (None: "it was reported") and the verb."""

    speaker: Span | None
    verb: Span


@dataclass(frozen=True, slots=True)
class ClaimMention:
    """"X claimed responsibility for the attack": the claimant, the claim's verb and the thing
    claimed (the event noun or pronoun; None when the sentence names nothing)."""

    claimant: Span
    verb: Token
    claimed: Token | None

    @property
    def anaphoric(self) -> bool:
        """The claimed thing refers back to an act told before ("the attack", "it", none)."""
        if self.claimed is None or self.claimed.pos_ == "PRON":
            return True
        determiners = {c.lower_ for c in self.claimed.children if c.dep_ in {"det", "poss"}}
        return bool(determiners & ANAPHORIC_DETERMINERS)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of the quoted stretches of an article, quotation marks included."""
    return [(match.start(), match.end()) for match in _QUOTE.finditer(text)]


def quotes_in(quotes: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The quotes that overlap the characters ``start:end``."""
    return [(s, e) for s, e in quotes if s < end and start < e]


def attribution(token: Token, quotes: list[tuple[int, int]] | None = None) -> Attribution | None:
    """Who the article says vouches for the clause of ``token``, or None (the writer does)."""
    found = _toll_giver(token) or _reporting_head(token) or _according_to(token.sent)
    if found is not None:
        return found
    if quotes:
        return _quote_speaker(token, quotes)
    return None


def _reporting_head(token: Token) -> Attribution | None:
    """A reporting verb above the clause ("X said the army killed three") or beside it
    ("The army killed three, X said", parsed as a parataxis or a reversed complement)."""
    current = token
    while True:
        for child in current.children:
            if child.dep_ in {"parataxis", "ccomp"} and child.i > token.i and _is_reporting(child) \
                    and not any(c.dep_ in {"ccomp", "dobj"} for c in child.children):
                return Attribution(_subject_phrase(child), child.doc[child.i : child.i + 1])
            trailing = _trailing_speaker(child) if child.dep_ == "conj" and child.i > token.i else None
            if trailing is not None:
                return Attribution(trailing, child.doc[child.i : child.i + 1])
        if current.head.i == current.i:
            return None
        head = current.head
        if current.dep_ in {"ccomp", "xcomp", "parataxis"} and _is_reporting(head):
            return Attribution(_subject_phrase(head), head.doc[head.i : head.i + 1])
        if current.dep_ in {"relcl", "acl"}:
            return None  # "a claim the army denied": the relative clause is the writer's
        current = head


# "the health ministry put the death toll at eight": the figure's source gives the toll
TOLL_VERBS = frozenset({"put", "place", "give", "set", "estimate", "raise", "revise", "update", "lower"})
TOLL_NOUNS = frozenset({"toll", "figure", "number", "count", "tally"})


def _toll_giver(token: Token) -> Attribution | None:
    current = token
    while current.head.i != current.i:
        current = current.head
        if current.pos_ == "VERB" and current.lemma_.lower() in TOLL_VERBS and any(
                c.dep_ in {"dobj", "obj"} and c.lemma_.lower() in TOLL_NOUNS for c in current.children):
            return Attribution(_subject_phrase(current), current.doc[current.i : current.i + 1])
        if _is_reporting(current):
            return None  # "killed five, the ministry said": a reporting verb gives the source
    return None


def _is_reporting(token: Token) -> bool:
    return token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in REPORTING_LEMMAS


def _according_to(sentence: Span) -> Attribution | None:
    for token in sentence:
        if token.lower_ == "according" and token.i + 1 < sentence.end and token.nbor().lower_ == "to":
            objects = [c for c in token.nbor().children if c.dep_ == "pobj"]
            objects += [c for c in token.children if c.dep_ == "pobj"]
            speaker = _phrase(objects[0]) if objects else None
            return Attribution(speaker, token.doc[token.i : token.i + 2])
    return None


def _quote_speaker(token: Token, quotes: list[tuple[int, int]]) -> Attribution | None:
    """Inside a quote, the speaker named by a reporting verb of the sentence that holds the
    quote's end, or of the sentence right after it ("...," he said. / He said.)."""
    inside = next(((s, e) for s, e in quotes if s <= token.idx < e), None)
    if inside is None:
        return None
    doc = token.doc
    end_token = doc.char_span(inside[1] - 1, inside[1], alignment_mode="expand")
    if end_token is None:
        return None
    sentences = [end_token.sent]
    if end_token.sent.end < len(doc):
        sentences.append(doc[end_token.sent.end].sent)
    for sentence in sentences:
        for word in sentence:
            outside = not (inside[0] <= word.idx < inside[1])
            if outside and _is_reporting(word):
                return Attribution(_subject_phrase(word), doc[word.i : word.i + 1])
    return None


def _trailing_speaker(verb: Token) -> Span | None:
    """The speaker of a subjectless reporting verb that ends the sentence, which the parser read
    as apposition to the last noun: "IPOB has called on residents to ..., its spokesperson, Emma
    Powerful, said in a statement" gives "its spokesperson, Emma Powerful"."""
    if not _is_reporting(verb) or any(c.dep_ in SUBJECT_DEPS | {"ccomp", "dobj"} for c in verb.children):
        return None
    end = verb.i - 1
    while end > verb.sent.start and verb.doc[end].is_punct:
        end -= 1
    last = verb.doc[end]
    if end == verb.i - 1 or last.dep_ != "appos" or last.pos_ not in {"PROPN", "NOUN"}:
        return None  # no comma before the verb, or a phrase the parser did not strand
    role = last.head  # "its spokesperson" before the name
    start = role.left_edge.i if role.dep_ == "appos" and role.pos_ == "NOUN" else last.left_edge.i
    return verb.doc[start : end + 1]


def _subject_phrase(verb: Token) -> Span | None:
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if not subjects and verb.dep_ == "conj":
        subjects = [c for c in verb.head.children if c.dep_ in SUBJECT_DEPS]
    return _phrase(subjects[0]) if subjects else _words_before(verb)


def _words_before(verb: Token) -> Span | None:
    """The speaker between a closing quote and its verb when the parser attached it elsewhere:
    '"...," Abu Obeida, the spokesman of the Qassam Brigades, said.'"""
    doc = verb.doc
    start = verb.i
    while start > verb.sent.start and doc[start - 1].text not in {'"', "\u201d", "\u00bb"}:
        start -= 1
    words = doc[start : verb.i]
    while len(words) and words[-1].is_punct:
        words = words[:-1]
    while len(words) and words[0].is_punct:
        words = words[1:]
    if not len(words) or start == verb.sent.start or not any(t.pos_ in {"PROPN", "NOUN", "PRON"} for t in words):
        return None
    return words


def speaker_phrase(verb: Token) -> Span | None:
    """The speaker of a reporting verb (its subject, or the name before it after a quote)."""
    return _subject_phrase(verb)


def noun_phrase(token: Token) -> Span:
    """The whole noun phrase of ``token`` (see ``_phrase``)."""
    return _phrase(token)


def _phrase(token: Token) -> Span:
    """The noun phrase of ``token``, appositives and relative clauses included ("Abu Obeida,
    the spokesman of the Qassam Brigades")."""
    words = list(token.subtree)
    return token.doc[words[0].i : words[-1].i + 1]


def claims_in(doc: Doc) -> Iterator[ClaimMention]:
    """Every claim of responsibility in the article."""
    for token in doc:
        claim = claim_at(token)
        if claim is not None:
            yield claim


def claim_at(verb: Token) -> ClaimMention | None:
    """A claim whose verb is ``verb``: "claimed responsibility for X", "took credit for it",
    "claimed the attack" (an event noun as the object)."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in CLAIM_VERBS:
        return None
    subjects = [c for c in verb.children if c.dep_ in {"nsubj"}]
    if not subjects and verb.dep_ in {"conj", "xcomp"}:
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
    objects = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
    if not subjects or not objects or _denied_or_nobody(verb, subjects[0]):
        return None  # "No one has claimed responsibility", "did not claim the attack"
    thing = objects[0]
    if thing.lemma_.lower() in CLAIM_NOUNS:
        claimed = _object_of_for(thing) or _object_of_for(verb)
        return ClaimMention(_phrase(subjects[0]), verb, claimed)
    if verb.lemma_.lower() == "claim" and thing.pos_ == "NOUN" and not _is_clause(verb):
        return ClaimMention(_phrase(subjects[0]), verb, thing)  # "IS claimed the attack"
    return None


NOBODY = frozenset({"nobody", "none", "noone"})


def _denied_or_nobody(verb: Token, subject: Token) -> bool:
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    words = {t.lower_ for t in subject.subtree}
    return bool(words & NOBODY) or "no" in words


def _object_of_for(token: Token) -> Token | None:
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "for":
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def _is_clause(verb: Token) -> bool:
    return any(c.dep_ == "ccomp" for c in verb.children)


@dataclass(frozen=True, slots=True)
class CallKind:
    to_action: bool
    to_violence: bool


def call_kind(trigger: Token, lexicon: Lexicon) -> CallKind:
    """What a REQUEST asks for: people to act or gather, and whether to attack people."""
    contents = list(_called_for(trigger))
    to_action = any(_is_action(word, lexicon) for word in contents)
    to_violence = any(_is_violent(word, lexicon) for word in contents)
    return CallKind(to_action=to_action or to_violence, to_violence=to_violence)


def _called_for(trigger: Token) -> Iterator[Token]:
    """The acts a call names: "called on X to attack", "urged X to join", "called for a strike",
    "demanded that X withdraw", with their conjuncts ("to mobilise and confront")."""
    for child in trigger.children:
        if child.dep_ in {"xcomp", "ccomp", "advcl"} and child.pos_ in {"VERB", "AUX"}:
            yield from _with_conjuncts(child)
        elif child.dep_ == "prep" and child.lower_ in {"for", "on", "upon"}:
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in {"NOUN", "PROPN"}:
                    yield from _with_conjuncts(pobj)
                # "called on X to attack": the infinitive hangs on X
                for grand in pobj.children:
                    if grand.dep_ in {"acl", "relcl", "xcomp"} and grand.pos_ == "VERB":
                        yield from _with_conjuncts(grand)
        elif child.dep_ in {"dobj", "obj"}:
            for grand in child.children:
                if grand.dep_ in {"acl", "xcomp"} and grand.pos_ == "VERB":
                    yield from _with_conjuncts(grand)


def content_tokens(trigger: Token) -> set[int]:
    """The tokens of what a statement is about: its clausal complements ("denied that its
    soldiers shot ...", "called on X to join a rally on Thursday")."""
    heads = [c for c in trigger.children if c.dep_ in {"xcomp", "ccomp"}]
    heads += [grand for child in trigger.children if child.dep_ == "prep"
              for pobj in child.children if pobj.dep_ == "pobj"
              for grand in pobj.children if grand.dep_ in {"acl", "relcl", "xcomp"}]
    heads += [grand for child in trigger.children if child.dep_ in {"dobj", "obj"}
              for grand in child.children if grand.dep_ in {"acl", "xcomp"}]
    return {token.i for head in heads for token in head.subtree}


def _with_conjuncts(token: Token) -> Iterator[Token]:
    yield token
    for child in token.children:
        if child.dep_ == "conj":
            yield from _with_conjuncts(child)


def _is_action(word: Token, lexicon: Lexicon) -> bool:
    lemma = word.lemma_.lower()
    types = {e.event_type for e in entries_for(word, lexicon)}
    known = ACTION_NOUNS if word.pos_ == "NOUN" else ACTION_LEMMAS
    return lemma in known or bool(types & {PloverType.PROTEST, PloverType.MOBILIZE, PloverType.ASSAULT})


def _is_violent(word: Token, lexicon: Lexicon) -> bool:
    lemma = word.lemma_.lower()
    if lemma in DEFENSIVE_LEMMAS:
        return False
    if word.pos_ == "NOUN" and lemma == "strike":
        # a general or hunger strike is labour; an air or drone strike is an attack
        cues = {c.lower_ for c in word.children}
        return not cues & LABOUR_STRIKE_CUES and bool(cues & {"air", "drone", "missile", "rocket"})
    if word.pos_ == "VERB" and lemma == "strike" and not _has_party_object(word):
        return False  # "to strike on Monday": a walkout
    if word.pos_ == "VERB" and lemma in {"take", "raise", "carry", "pick", "bear"}:
        return any(c.dep_ in {"dobj", "obj"} and c.lemma_.lower() in ARMS_NOUNS for c in word.children) or any(
            c.dep_ in {"prt", "prep"} and any(g.lemma_.lower() in ARMS_NOUNS for g in c.children) for c in word.children)
    if lemma == "confront":
        return _has_party_object(word)
    if lemma in VIOLENT_CALL_LEMMAS:
        return True
    # the lexicon's conditions hold too: "open" is violent only as "open fire"
    return any(e.event_type is PloverType.ASSAULT and not e.outcome for e in entries_for(word, lexicon))


def _has_party_object(word: Token) -> bool:
    return any(c.dep_ in {"dobj", "obj"} and c.pos_ in {"NOUN", "PROPN", "PRON"} for c in word.children)


def refers_to_an_act(verb: Token, lexicon: Lexicon) -> bool:
    """Whether a verb's object refers back to an act told before: "condemned the strike", "the
    shelling of the camp", "this attack", "condemned it"."""
    for thing in (c for c in verb.children if c.dep_ in {"dobj", "obj"}):
        if thing.lower_ in {"it", "this", "that"}:
            return True
        determiners = {c.lower_ for c in thing.children if c.dep_ == "det"}
        # the noun alone names the act: "the strike" needs no "air" once the strike was told
        kinds = {e.event_type for e in lexicon.lookup(thing.lemma_.lower(), "NOUN")}
        if kinds & {PloverType.ASSAULT, PloverType.COERCE} and determiners & ANAPHORIC_DETERMINERS - {"its", "their"}:
            return True
    return False
