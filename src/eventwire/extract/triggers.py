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
from eventwire.model import Modality, PloverType

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
    # Whether the act is told as having happened; for the others, ``frame`` is the word that
    # says it did not ("denied", "threatened", "planning", "could").
    modality: Modality = Modality.ASSERTED
    frame: Token | None = None

    @property
    def event_type(self) -> PloverType:
        return self.entry.event_type


# doc.user_data key: each sentence's triggers, found once per document and lexicon
TRIGGERS_KEY = "eventwire.sentence_triggers"


def find_triggers(sentence: Span, lexicon: Lexicon) -> list[Trigger]:
    """The asserted event triggers of one sentence, in text order, with the verbal events that
    stated intentions and obligations make (see ``stated_intent`` and ``stated_obligation``).

    Drafting reads every sentence once and typing reads a draft's whole paragraph for each
    draft, so the answer is kept on the document."""
    found: dict[tuple[int, int, int], list[Trigger]] = sentence.doc.user_data.setdefault(TRIGGERS_KEY, {})
    key = (sentence.start, sentence.end, id(lexicon))
    if key not in found:
        found[key] = _sentence_triggers(sentence, lexicon)
    return list(found[key])


def _sentence_triggers(sentence: Span, lexicon: Lexicon) -> list[Trigger]:
    found = [
        Trigger(token, entry)
        for token in sentence if not refers_back(token)
        for entry in _matching_entries(token, lexicon)
    ]
    # obligations first: what someone says another must do is the content of a demand
    obligations = [
        obligation for token in sentence
        for obligation in [stated_obligation(token, found)] if obligation is not None
    ]
    found_and_obligations = found + obligations
    asserted = [trigger for trigger in found if is_asserted(trigger.token, found_and_obligations)]
    intents = [
        intent for trigger in found if trigger not in asserted
        for intent in [stated_intent(trigger, found_and_obligations)] if intent is not None
    ]
    unreal = _unreal_acts([t for t in found if t not in asserted], intents, found_and_obligations)
    return sorted(asserted + obligations + intents + unreal, key=lambda trigger: trigger.token.i)


# Nouns that talk about an event already told rather than tell one: "footage of the attack",
# "the cause of the blast", "an investigation into the shooting".
REFERENCE_HEADS = frozenset(
    {"footage", "video", "image", "photo", "picture", "detail", "cause", "aftermath", "scene", "site",
     "anniversary", "wake", "investigation", "probe", "inquiry", "account", "circumstance"})
ANAPHORIC_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})


def refers_back(token: Token) -> bool:
    """An event noun with "the"/"this" under a noun of record ("without showing footage of the
    attack"): the article refers to an event it has told, it does not tell a new one."""
    if token.pos_ != "NOUN" or token.dep_ != "pobj" or token.head.lower_ not in {"of", "into", "on"}:
        return False
    if not any(child.dep_ == "det" and child.lower_ in ANAPHORIC_DETERMINERS for child in token.children):
        return False
    holder = token.head.head
    return holder.pos_ == "NOUN" and holder.lemma_.lower() in REFERENCE_HEADS


def _unreal_acts(dropped: list[Trigger], intents: list[Trigger], triggers: list[Trigger]) -> list[Trigger]:
    """The acts a sentence tells as planned, threatened, denied or hypothetical, kept as records
    with that modality (never as facts). Verbal events, the content of calls and accusations,
    attempts, purposes and the writer's own negations give none."""
    intent_at = {intent.token.i: intent for intent in intents}
    kept = []
    for trigger in dropped:
        if trigger.event_type in VERBAL_TYPES or trigger.entry.stated:
            continue
        intent = intent_at.get(trigger.token.i)
        if intent is not None:
            threat = intent.event_type is PloverType.THREATEN
            modality = Modality.THREATENED if threat else Modality.PLANNED
            if threat and _speculative(trigger.token):
                modality = Modality.HYPOTHETICAL  # "could strike ... if": the act is a possibility
            found: tuple[Modality, Token | None] | None = (modality, _intent_frame(trigger.token))
        else:
            found = unreal_modality(trigger.token, triggers)
        if found is not None:
            kept.append(Trigger(trigger.token, trigger.entry, modality=found[0], frame=found[1]))
    return kept


# Heads that make their complement an act not (yet) done, by the modality they give it.
THREAT_HEADS = frozenset({"threaten", "warn", "vow", "swear"})
PLAN_HEADS = frozenset(
    {"plan", "intend", "prepare", "aim", "decide", "agree", "promise", "pledge", "expect", "schedule", "set",
     "want", "seek", "hope", "mean", "ready", "prepared", "poised", "resolve", "determined", "going"}
)
DENIAL_HEADS = frozenset({"deny", "refute", "dismiss", "reject"})
# "must" and "should" under a reporting verb make a demand (``stated_obligation``), not a guess
HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "would", "can"})
# Heads whose complement is neither done nor planned by its subject: an attempt, a call, an
# order, an accusation. The act is dropped, as before issue 6 (the verbal event carries it).
DROPPING_HEADS = INTENT_HEADS - THREAT_HEADS - PLAN_HEADS - DENIAL_HEADS


def unreal_modality(token: Token, triggers: list[Trigger]) -> tuple[Modality, Token | None] | None:
    """Why an act that is not asserted did not happen, nearest framing word first, or None when
    it gives no record at all (a plain negation, an attempt, a purpose, the content of a call)."""
    verbal = {t.token.i: t for t in triggers if t.event_type in VERBAL_TYPES}
    negated = any(c.dep_ == "neg" or c.lower_ in NEGATORS for c in token.children)
    if _in_a_condition(token, marks=IF_MARKS) and not negated:
        return (Modality.HYPOTHETICAL, token)  # "... if the attacks continued"
    for ancestor in _governing_heads(token):
        found = _framed_by(ancestor, verbal.get(ancestor.i))
        if found is not None and found[0] is Modality.THREATENED and _speculative(token) and not negated:
            return (Modality.HYPOTHETICAL, token)  # "warned the group could hit ... if": a guess
        if found is not None:
            return found if found[0] is Modality.DENIED or not negated else None
        if ancestor.lemma_.lower() in DROPPING_HEADS and ancestor.pos_ in {"VERB", "AUX"}:
            return None
        if any(c.dep_ == "aux" and c.lower_ in HYPOTHETICAL_AUX for c in ancestor.children):
            return (Modality.HYPOTHETICAL, ancestor)
        if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in ancestor.children):
            return (Modality.PLANNED, ancestor) if not negated else None  # "will keep striking"
    if negated:
        return None
    if token.dep_ in {"acl", "advcl", "relcl"} and any(c.lower_ == "to" and c.dep_ == "aux" for c in token.children):
        return None  # a purpose: "an operation to arrest a suspect"
    auxiliaries = [c for c in token.children if c.dep_ == "aux"]
    if any(a.lower_ in FUTURE_AUX - {"would", "may", "might"} for a in auxiliaries):
        return (Modality.PLANNED, token)
    if any(a.lower_ in HYPOTHETICAL_AUX for a in auxiliaries):
        return (Modality.HYPOTHETICAL, token)
    return None


# The act's own word of possibility, nearer than a threat that frames it: a warning that a
# party "could" act is hedged; one that it "would" or "will" act is a threat.
SPECULATIVE_AUX = frozenset({"could", "might", "may"})


def _speculative(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in SPECULATIVE_AUX for c in token.children)


def _framed_by(ancestor: Token, verbal: Trigger | None) -> tuple[Modality, Token | None] | None:
    lemma = ancestor.lemma_.lower()
    if (verbal is not None and verbal.entry.denial) or lemma in DENIAL_HEADS:
        return (Modality.DENIED, ancestor)
    if (verbal is not None and verbal.event_type is PloverType.THREATEN) or lemma in THREAT_HEADS:
        return (Modality.THREATENED, ancestor)
    if verbal is not None and verbal.event_type is PloverType.AGREE:
        return (Modality.PLANNED, ancestor)
    if lemma in PLAN_HEADS and ancestor.pos_ in {"VERB", "AUX", "ADJ"}:
        return (Modality.PLANNED, ancestor)
    return None


def _intent_frame(token: Token) -> Token | None:
    """The word that announces an intention: the future auxiliary or the committing head."""
    for child in token.children:
        if child.dep_ == "aux" and child.lower_ in FUTURE_AUX:
            return child
    return token.head if token.head.i != token.i else None


# Participles that, before a noun, say what state it is in rather than tell an act: "striking
# workers" are on strike, "burning tyres" are alight ("a sit-in protesting cuts" is an act).
DESCRIPTIVE_PARTICIPLES = frozenset({"striking", "burning"})


def entries_for(token: Token, lexicon: Lexicon) -> list[TriggerEntry]:
    """The lexicon entry that fits ``token`` in its sentence (its conditions hold), if any."""
    return list(_matching_entries(token, lexicon))


# Adjectives that make an event noun stand for other events of its kind, not one that happened.
KIND_WORDS = frozenset({"similar", "such"})


def _matching_entries(token: Token, lexicon: Lexicon) -> Iterator[TriggerEntry]:
    pos = TRIGGER_POS.get(token.pos_)
    if pos is None:
        return
    hyphenated = hyphenated_lemma(token)
    whole = lexicon.lookup(hyphenated, pos) if hyphenated is not None else ()
    for entry in whole or lexicon.lookup(token.lemma_.lower(), pos):
        if entry.event_type in VERBAL_TYPES and token.dep_ in {"amod", "compound"}:
            continue  # a modifier, not an act: "the long-threatened invasion", "a welcome move"
        if token.tag_ == "VBG" and token.dep_ == "amod" and token.lower_ in DESCRIPTIVE_PARTICIPLES:
            continue  # a participle describing a noun: "striking workers", "burning objects"
        if token.pos_ == "NOUN" and any(c.dep_ == "amod" and c.lower_ in KIND_WORDS for c in token.children):
            continue  # "(likely Al Shabaab due to similar attacks by the group)": others of a kind
        if entry.needs and not _has_nearby_lemma(token, entry.needs) and not _force_threatened(token, entry):
            continue
        if entry.unless and _object_lemma_in(token, entry.unless):
            continue
        if entry.particles and not _has_particle(token, entry.particles):
            continue
        yield entry
        return  # one entry per token: the first that fits


def _force_threatened(token: Token, entry: TriggerEntry) -> bool:
    """"warned that the group could hit every city", "said Russia could target depots if ...":
    what a threat or a conditional warning says a party will hit, strike or target is force,
    though no weapon is named (the threat is what makes it an attack)."""
    if entry.event_type is not PloverType.ASSAULT or token.pos_ != "VERB" or token.dep_ not in {"ccomp", "xcomp"}:
        return False
    return (token.head.lemma_.lower() in THREAT_HEADS and token.head.pos_ == "VERB") or _conditional_warning(token)


def _object_lemma_in(token: Token, lemmas: frozenset[str]) -> bool:
    """The verb's object, or its passive subject, is one of ``lemmas`` ("released a statement",
    "a video was released")."""
    return any(child.dep_ in {"dobj", "obj", "nsubjpass"} and child.lemma_.lower() in lemmas
               for child in token.children)


def hyphenated_lemma(token: Token) -> str | None:
    """The lemma of the hyphenated word ``token`` ends, as the lexicon writes it: the tokenizer
    splits "sit-in" and "shoot-outs" into three tokens, and only the last is the word's head
    ("sit" "-" "in" -> "sit-in"). None when it ends no hyphenated word."""
    doc = token.doc
    if token.i >= 2 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_ \
            and not doc[token.i - 2].whitespace_:
        return f"{doc[token.i - 2].lower_}-{token.lemma_.lower()}"
    return None


def _has_nearby_lemma(token: Token, lemmas: frozenset[str]) -> bool:
    """A child, grandchild, head or sibling carries one of the lemmas ("air strike", "struck by a drone")."""
    nearby = list(token.children)
    nearby += [grandchild for child in token.children for grandchild in child.children]
    # a quantity of the thing: "tons of food aid", "hundreds of protesters"
    nearby += [word for child in nearby if child.lower_ == "of" and child.head.i != token.i for word in child.children]
    if token.head.i != token.i:
        nearby.append(token.head)
        nearby += list(token.head.children)
        nearby.append(token.head.head)  # "went on strike": the verb above the preposition
    return any(_lemma_forms(other) & lemmas for other in nearby)


def _lemma_forms(token: Token) -> set[str]:
    """The token's lemma and form, and for a capitalised word opening its sentence, which the
    tagger often takes for a name ("BAMAKO - Demonstrators gathered"), its regular singular."""
    forms = {token.lemma_.lower(), token.lower_}
    if token.tag_ in {"VBD", "VBN"} and token.lower_.endswith("ed"):
        # the small model's lemmatiser cuts some regular pasts wrong ("staged" -> "stag"): the
        # stem with its final e ("staged" -> "stage") is the other reading
        forms.add(token.lower_[:-1])
    if token.pos_ == "PROPN" and token.is_sent_start and token.lower_.endswith("s"):
        word = token.lower_
        forms.add(word[:-3] + "y" if word.endswith("ies") else word[:-1])
    return forms


def _has_particle(token: Token, particles: frozenset[str]) -> bool:
    return any(child.dep_ in {"prep", "prt"} and child.lower_ in particles for child in token.children)


def is_asserted(token: Token, triggers: list[Trigger]) -> bool:
    """False for negated, future, hypothetical, wanted or alleged events."""
    if not _is_plain_statement(token):
        return False
    if token.pos_ == "NOUN" and token.dep_ in {"dobj", "obj"} and not _is_plain_statement(token.head):
        return False  # "will impose a curfew", "did not hold talks"
    if token.dep_ in {"acl", "advcl", "relcl"} and any(c.lower_ == "to" and c.dep_ == "aux" for c in token.children):
        return False  # a purpose, not a report: "an operation to arrest a suspect"
    conjunct = token
    while conjunct.dep_ == "conj" and conjunct.head.i != conjunct.i:  # "will storm and burn"
        conjunct = conjunct.head
        if not _is_plain_statement(conjunct):
            return False
    verbal_trigger_tokens = {t.token.i for t in triggers if t.event_type in VERBAL_TYPES}
    own_clause = _up_to_relative_clause(token)
    for ancestor in _governing_heads(token):
        if ancestor.i in verbal_trigger_tokens:
            return False
        if ancestor.i in own_clause and ancestor.pos_ in {"VERB", "AUX"} and _has_modal(ancestor):
            return False  # "will keep striking", "would continue shelling"
        if ancestor.lemma_.lower() in INTENT_HEADS and ancestor.pos_ in {"VERB", "AUX"}:
            return False
        if ancestor.lemma_.lower() in COMMITMENT_HEADS:
            return False  # "ready to host talks", "offered to mediate": a stated intention
    return True


def _up_to_relative_clause(token: Token) -> set[int]:
    """The token and its heads up to a relative clause or a subject: the heads that share its
    clause. "a tribute to X, who died in a crash, would ..." and "the attack on the train was not
    premeditated" tell the death and the attack as facts whatever the main clause says of them.
    (Of the token's heads, these are the ones inside that clause's subtree.)"""
    chain = {token.i}
    current = token
    while current.head.i != current.i and current.dep_ not in {"relcl", "nsubj", "nsubjpass", "csubj"}:
        current = current.head
        chain.add(current.i)
    return chain


def _has_modal(token: Token) -> bool:
    return any(child.dep_ == "aux" and child.lower_ in NOT_ASSERTED_AUX for child in token.children)


def _is_plain_statement(token: Token) -> bool:
    children = list(token.children)
    if any(child.dep_ == "neg" or child.lower_ in NEGATORS for child in children):
        return False
    return not any(child.dep_ == "aux" and child.lower_ in NOT_ASSERTED_AUX for child in children)


# Edges along which a head does not govern what its dependant reports: coordination ("condemned
# the raid and called for ...") and circumstances ("during a meeting", "after the strike").
CIRCUMSTANCE_PREPS = frozenset({"during", "after", "before", "amid", "following", "at", "in", "since", "despite"})
# "take part in a rally", "join in the protests": the preposition names the act itself
JOINING_HEADS = frozenset({"take", "part", "participate", "join", "engage"})
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
        if current.dep_ == "prep" and current.lower_ in CIRCUMSTANCE_PREPS and head.lemma_.lower() not in JOINING_HEADS:
            return
        current = head
        yield current


# Stated intentions (PLOVER 2.0 manual, AGREE, CONCEDE and THREATEN): an act announced for the
# future, offered or promised is not the act but a verbal event. Cooperative acts (CONSULT,
# SUPPORT, COOPERATE, AID) become AGREE, retreats and concessions CONCEDE, and coercive or
# violent acts THREATEN, as does any act made conditional on "unless" (an ultimatum).
FUTURE_AUX = frozenset({"will", "would", "shall", "may", "might", "'ll"})
COMMITMENT_HEADS = frozenset(
    {"offer", "promise", "pledge", "ready", "willing", "prepared", "prepare", "committed", "commit",
     "intend", "decide", "agree"}
)
INTENT_TYPES: dict[PloverType, PloverType] = {
    PloverType.CONSULT: PloverType.AGREE,
    PloverType.SUPPORT: PloverType.AGREE,
    PloverType.COOPERATE: PloverType.AGREE,
    PloverType.AID: PloverType.AGREE,
    PloverType.AGREE: PloverType.AGREE,
    PloverType.RETREAT: PloverType.CONCEDE,
    PloverType.CONCEDE: PloverType.CONCEDE,
    PloverType.ASSAULT: PloverType.THREATEN,
    PloverType.COERCE: PloverType.THREATEN,
    PloverType.SANCTION: PloverType.THREATEN,
    PloverType.PROTEST: PloverType.THREATEN,
    # "Israel will pay a heavy price": a threat told in the future is still a threat made now
    PloverType.THREATEN: PloverType.THREATEN,
}


def stated_intent(trigger: Trigger, triggers: list[Trigger]) -> Trigger | None:
    """The AGREE, CONCEDE or THREATEN event a future, offered or promised act states, or None.

    "X will provide aid" is AGREE, "X would withdraw its troops" CONCEDE, "X will extend the
    curfew" THREATEN; "X will withdraw unless ..." THREATEN. Acts that are negated, told as a
    purpose, or the content of another verbal event ("called for", "threatened to") are none.
    """
    token = trigger.token
    kind = INTENT_TYPES.get(trigger.event_type)
    if kind is None or trigger.entry.outcome or not _is_intended(token, triggers):
        return None
    if _is_conditional_on_unless(token):
        kind = PloverType.THREATEN
    entry = TriggerEntry(lemma=trigger.entry.lemma, pos=trigger.entry.pos, event_type=kind,
                         mode=trigger.entry.mode if kind is trigger.event_type else None, stated=True)
    return Trigger(token, entry)


def _is_intended(token: Token, triggers: list[Trigger]) -> bool:
    """Announced for the future or committed to, neither negated nor governed by another
    verbal event ("urged X to meet") nor a purpose ("sent troops to attack")."""
    clause = token
    while clause.dep_ == "conj" and clause.head.i != clause.i:  # "will meet and discuss"
        clause = clause.head
    if token.pos_ != "VERB" and clause is token:
        clause = token.head  # "ready to host a meeting": the noun's verb
    if any(c.dep_ == "neg" or c.lower_ in NEGATORS for c in clause.children) or _in_a_condition(clause):
        return False
    future = any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in clause.children) \
        or _conditional_warning(clause)
    verbal = {t.token.i for t in triggers if t.event_type in VERBAL_TYPES and t.entry.lemma not in COMMITMENT_HEADS}
    committed = False
    for ancestor in _governing_heads(clause):
        if ancestor.i in verbal:
            return False  # "must be ready to mediate": the content of a demand
        lemma = ancestor.lemma_.lower()
        if lemma in COMMITMENT_HEADS:
            committed = True
        elif lemma in INTENT_HEADS and ancestor.pos_ in {"VERB", "AUX"} and not committed:
            return False
    return future or committed


# Subordinate clauses that set a condition or a time: "if it is attacked" is no intention.
CONDITION_MARKS = frozenset({"if", "when", "whenever", "unless", "until", "because", "as", "once", "before", "after", "whether"})


IF_MARKS = frozenset({"if", "unless", "whether"})


def _in_a_condition(token: Token, *, marks: frozenset[str] = CONDITION_MARKS) -> bool:
    current = token
    while current.head.i != current.i:
        if current.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in marks for c in current.children):
            return True
        current = current.head
    return False


def _is_conditional_on_unless(token: Token) -> bool:
    return _is_conditional_on(token, frozenset({"unless"}))


def _is_conditional_on(token: Token, marks: frozenset[str]) -> bool:
    return any(
        child.dep_ == "advcl" and any(m.lower_ in marks and m.dep_ == "mark" for m in child.children)
        for child in token.children
    )


def _conditional_warning(clause: Token) -> bool:
    """"X wrote that Russia could strike Kyiv if Western weapons were used": a speaker's "could"
    tied to a condition on the other side is a warning of what follows, a threat (PLOVER
    THREATEN), where a bare "could" is only a guess."""
    reported = clause.dep_ == "ccomp" and clause.head.lemma_.lower() in SPEECH_VERBS
    return reported and _speculative(clause) and _is_conditional_on(clause, IF_MARKS)


# Obligations stated for others (PLOVER REQUEST, CAMEO "demand"): "X said Y must hand over the
# suspects", "Y must agree to reforms, the rebels announced". Only as reported speech: the
# reporter's own "must" or "should" is comment, not an event.
REPORTED_OBLIGATION_AUX = frozenset({"should", "must"})
OBLIGATION_SPEECH = SPEECH_VERBS | frozenset(
    {"declare", "reiterate", "insist", "conclude", "stress", "repeat", "maintain", "argue", "emphasise",
     "emphasize", "underline"}
)


def stated_obligation(token: Token, triggers: list[Trigger]) -> Trigger | None:
    """A REQUEST event on a verb someone says another "must" do, or None."""
    if token.pos_ not in {"VERB", "AUX"} or token.dep_ == "aux":
        return None
    auxiliaries = [c.lower_ for c in token.children if c.dep_ == "aux"]
    if "have" in auxiliaries or not set(auxiliaries) & REPORTED_OBLIGATION_AUX:
        return None  # "must have known" is a guess, not a demand
    reported = token.dep_ == "ccomp" and token.head.lemma_.lower() in OBLIGATION_SPEECH
    told = any(c.dep_ in {"parataxis", "ccomp"} and c.lemma_.lower() in OBLIGATION_SPEECH for c in token.children)
    if not (reported or told):
        return None  # an unattributed "must" or "should" is the writer's comment
    verbal = {t.token.i for t in triggers if t.event_type in VERBAL_TYPES}
    if token.head.i in verbal:
        return None  # "demanded that X must ...": the demand is already an event
    entry = TriggerEntry(lemma=token.lemma_.lower(), pos="VERB", event_type=PloverType.REQUEST, stated=True,
                         demand=True)
    return Trigger(token, entry)
