"""Who did it and to whom: actor and recipient from the dependency parse.

Verbs: the subject is the actor and the object the recipient; in the passive the subject is
the recipient and the "by" phrase the actor ("X was killed by Y"). Prepositions mark recipients
of attacks and calls ("fired at X", "an attack on X", "called on X"). Nouns: "clashes between
X and Y", "an air strike by X on Y", "Israel's raid", "an Israeli strike". A participle or
conjoined verb without its own subject takes its head's ("X stormed the camp, killing two").
Two-sided fighting has the other side after "with" or in the conjoined subject ("X clashed with
Y", "X and Y clashed"); a weapon stands for whoever planted or fired it ("an IED planted by X").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from eventwire.extract import speech
from eventwire.geo.folding import ADMIN_DESIGNATORS, SETTLEMENT_DESIGNATORS
from eventwire.nlp.docview import actor_spans, actor_token_indices, text_of

if TYPE_CHECKING:
    from eventwire.extract.drafts import EventDraft

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJECT_DEPS = frozenset({"dobj", "obj"})
RECIPIENT_PREPS = frozenset({"on", "against", "at", "upon", "targeting", "toward", "towards", "around"})
# Guns that stand for their force as the subject but are only what was fired as the object.
FIRED_GUNS = frozenset({"artillery", "tank", "gun", "cannon", "howitzer", "launcher"})
FIRING_LEMMAS = frozenset({"fire", "use", "deploy", "launch", "shoot", "employ"})
# Phrase heads that are never participants, whatever their dependency label.
NON_PARTICIPANTS = frozenset(
    {"it", "which", "that", "this", "there", "what", "who", "fire", "rocket", "rockets", "missile",
     "missiles", "shell", "shells", "bullet", "bullets", "round", "rounds", "gas", "strike",
     "attack", "statement", "report", "reports", "video",
     "footage", "time", "day", "night", "morning", "evening", "week", "area", "responsibility",
     "war", "conflict", "operation", "offensive", "violence", "escalation", "confrontation",
     # "at the request of X": on whose behalf, not at whom
     "request", "behest", "invitation", "order", "orders",
     # weapons, ammunition and debris are what was fired or flew, not at whom or by whom
     "stone", "rock", "glass", "debris",
     "salvo", "barrage", "volley", "canister", "grenade", "tear", "projectile", "mortar", "shrapnel",
     "ammunition", "munition", "bomb", "explosive", "device", "gunfire", "ied", "ieds", "vbied",
     "arms", "weapon", "weapons",
     "landmine", "mine", "uxo", "rifle", "gun", "launcher", "shot", "gunshot", "target",
     "cocktail", "molotov", "petrol", "tire", "tyre",
     # what a crowd bangs in protest ("residents banged pots against the president")
     "pot", "pots", "pan", "pans",
     # a force's craft and kit stand for the force named on them ("a Russian armoured carrier",
     # "the navy's patrol boats"), as posts do below
     "carrier", "jeep", "apc", "ifv", "humvee", "speedboat", "equipment", "headquarters",
     # objects and places are where force landed; ACLED and PLOVER recipients are actors
     "house", "home", "building", "car", "vehicle", "truck", "school", "hospital", "mosque",
     "church", "market", "courtyard", "apartment", "tent", "shelter", "outskirts", "village",
     "town", "city", "neighbourhood", "neighborhood", "district", "road", "street", "access",
     "compound", "region", "territory", "infrastructure", "facility", "site", "bridge", "railway",
     # posts stand for whoever mans them ("a police station": the police), via their owner word
     "station", "checkpoint", "booth", "barracks", "outpost", "post", "position", "base", "tank"}
)
# Administrative areas written after a place's name; as common nouns they are never parties.
ADMIN_AREAS = frozenset({"township", "townships", "province", "provinces", "county", "municipality",
                         "commune", "governorate", "locality", "prefecture", "department"})
# Verbs whose subject can only be someone, never a thing: "it" before them is an organisation
# ("It accused the army of shelling the camp"), where "it exploded" is a thing.
AGENT_VERBS = frozenset(
    {"say", "accuse", "deny", "claim", "call", "urge", "demand", "warn", "threaten", "vow", "reject",
     "condemn", "blame", "announce", "insist", "denounce", "appeal", "pledge", "promise", "refute"})
# Verbs of giving up to someone: "surrendered to X", "defected to X" make X the recipient.
YIELDING_LEMMAS = frozenset({"surrender", "defect", "submit", "yield"})
# Verbs of force whose object is an attack noun's target: "an air strike targeting X".
AIMING_LEMMAS = frozenset({"target", "hit", "strike"})
# Verbs whose object is the projectile sent, not its target: "launched a drone at X".
PROJECTING_LEMMAS = frozenset({"launch"})
# Verbs and nouns of two-sided fighting: "X clashed with Y", "clashes with Y" make Y the other side.
MUTUAL_LEMMAS = frozenset(
    {"clash", "fight", "battle", "skirmish", "exchange", "engage", "firefight", "gunfight",
     "confront", "fighting", "shootout", "shoot-out", "gunbattle"})
# Verbs and nouns of a settlement between two sides: "X reached an agreement with Y", "X and Y
# signed a truce" make Y the other side, as "X clashed with Y" does for fighting.
SETTLING_LEMMAS = frozenset({"agree", "reach", "sign", "conclude", "strike", "broker"})
AGREEMENT_NOUNS = frozenset({"agreement", "deal", "accord", "truce", "ceasefire", "settlement",
                              "understanding", "pact", "treaty"})
# Verbs of taking something from someone: "took control of the area from X", "seized weapons
# from X" make X the one it was taken from, the recipient; the thing taken is no party.
TAKING_LEMMAS = frozenset({"take", "seize", "capture", "recapture", "retake", "wrest", "regain",
                           "confiscate", "grab", "snatch"})
# Verbs whose passive subject is the doer, not the one done to: forces "were deployed", "were
# seen moving"; ACLED and PLOVER code the force that moved as the actor, not the onlooker.
OBSERVED_LEMMAS = frozenset(
    {"deploy", "redeploy", "station", "mobilize", "mobilise", "see", "observe", "spot", "sight"})
# Nouns that count a series of events: "launched a series of airstrikes", "a wave of arrests"
# put the event noun under "of"; its actor and target are those of the counting noun.
SERIES_NOUNS = frozenset(
    {"series", "wave", "spate", "string", "barrage", "round", "volley", "salvo", "number", "dozen",
     "hundred", "couple", "set", "flurry", "campaign"})
# Things hit whose owners or occupants are civilians unless the text says otherwise: ACLED
# codes an air strike on a house or gunfire at a bus as targeting civilians.
CIVILIAN_OBJECTS = frozenset(
    {"house", "home", "residence", "apartment", "flat", "building", "tent", "shelter", "school",
     "market", "shop", "store", "mosque", "church", "temple", "hospital", "clinic", "vehicle",
     "car", "bus", "truck", "minibus", "taxi", "motorcycle", "motorbike", "tricycle", "boat",
     "farm", "field", "crop", "livestock", "cattle", "well", "bakery", "restaurant", "hotel",
     "bar", "kiosk", "warehouse", "camp", "gathering", "wedding", "funeral", "convoy", "village",
     "hamlet", "kitchen", "machine", "harvest", "granary", "tractor", "property",
     # businesses, offices and belongings: ACLED codes their owners as civilians when no armed
     # party holds them ("looted a pharmacy", "set fire to the ward office", "seized carts")
     "office", "pharmacy", "casino", "bank", "branch", "shed", "cart", "belongings", "goods",
     "animal", "goat", "sheep", "camel", "cow", "phone", "teashop", "hall", "factory", "mill",
     "garage", "lodge", "lodging", "shrine", "cemetery",
     # a trader's or traveller's things: "burned a fuel tanker", "ransacked beverage outlets",
     # "the bicycle they were travelling on struck an IED", "seized personal effects"
     "tanker", "lorry", "bicycle", "outlet", "stall", "stand", "concession", "effect", "merchandise",
     "produce"})
# Conjunctions that coordinate parties; "or" and "and/or" mark candidates for one role.
COORDINATORS = frozenset({"and", "&", "or", "and/or"})
# "X struck a landmine": hitting a hidden charge makes the subject the one hit, not the doer.
RUN_INTO_LEMMAS = frozenset({"strike", "hit", "step", "run", "detonate", "trigger"})
HIDDEN_CHARGES = frozenset({"ied", "mine", "landmine", "explosive", "device", "uxo", "bomb", "ordnance"})
# Verbs of force whose subject did the act an event noun after "in"/"with" names: "forces blew
# up buildings in controlled explosions", "troops razed homes with bulldozers".
FORCE_VERBS = frozenset({"blow", "destroy", "demolish", "detonate", "raze", "level", "bulldoze",
                         "burn", "target", "hit", "strike", "attack", "bomb", "shell"})
# Verbs of taking part, whose subject is the actor of the event noun after the preposition:
# "workers went on a sit-in", "students took part in a march".
JOINING_LEMMAS = frozenset({"go", "take", "participate", "join", "engage", "embark"})
# Verbs of an attack's author, in a report that names the author after the event: "the IED
# was planted by X", "the mortars were fired by X".
AUTHORING_LEMMAS = frozenset(
    {"plant", "place", "lay", "fire", "launch", "carry", "conduct", "perpetrate", "commit",
     "detonate", "claim", "orchestrate", "stage"})
# Nouns that name the attack's author: "X are the suspected perpetrators".
AUTHOR_NOUNS = frozenset({"perpetrator", "culprit", "author", "attacker", "assailant"})
# Event nouns whose modifier names who used force: "police firing", "army shelling".
MEANS_NOUNS = frozenset(
    {"firing", "fire", "shooting", "shelling", "raid", "strike", "airstrike", "bombardment",
     "bombing", "attack", "operation", "crackdown", "action", "assault", "ambush", "encounter",
     "lathicharge", "lathi-charge", "charge", "clash", "clashes", "custody", "offensive"})
FORCE_MODIFIERS = frozenset(
    {"police", "army", "military", "troop", "soldier", "paramilitary", "militant", "rebel",
     "insurgent", "security", "force", "crpf", "bsf", "rpf", "gendarmerie", "junta", "navy"})
# Verbs whose subject suffered the event: "a youth perished in police firing".
VICTIM_LEMMAS = frozenset({"die", "perish", "succumb", "drown"})
# Entity labels that name when or how much, never who.
NON_PARTICIPANT_ENTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"})
PHRASE_DEPS = frozenset({"compound", "amod", "det", "nummod", "poss", "case", "quantmod", "nmod", "punct", "advmod"})


@dataclass(frozen=True, slots=True)
class Roles:
    actor: Span | None
    recipient: Span | None


def participant_phrase(head: Token, event_nouns: frozenset[str] = frozenset()) -> Span | None:
    """The noun phrase around ``head``: its left modifiers and "of" chains, or its actor span.

    None when the word cannot be a participant: a date or time, a weapon, or an event noun
    ("clashes erupted, killing two": the clashes are the event, not its actor).
    """
    head = past_compass(head)
    if head.pos_ not in {"NOUN", "PROPN", "PRON", "NUM", "ADJ"} and not _ends_actor_span(head):
        return None  # "killed eight ISGS militants" with "militants" tagged a verb still names them
    if head.lower_ == "it" and head.dep_ == "nsubj" and head.head.lemma_.lower() in AGENT_VERBS:
        return head.doc[head.i : head.i + 1]  # "It accused the army of ...": an organisation speaks
    if _is_non_participant(head) or head.lemma_.lower() in event_nouns or _placed_thing(head):
        # "an IED planted by militants": whoever planted or fired it; "a Hamas weapons site",
        # "Hezbollah's positions": the owner named on the object is hit
        owner = _placer(head) or _carried(head) or _named_modifier(head) or _owner_after_of(head)
        if owner is not None and owner.dep_ == "compound" and owner.head.i == head.i \
                and owner.lemma_.lower() in FIRED_GUNS:
            return None  # "six artillery shells landed": the kind of shell, not whose
        return participant_phrase(owner, event_nouns) if owner is not None and owner.i != head.i else None
    if head.ent_type_ in NON_PARTICIPANT_ENTS:
        return None
    if head.pos_ == "NOUN" and head.lower_ in ADMIN_AREAS:
        return None  # "in Kyaukse township": where, not who ("Islamic State Somalia Province" is a name)
    if head.ent_type_ in {"LOC", "FAC"}:  # a place hit, not a party; countries (GPE) can be parties
        return None
    containing = [span for span in actor_spans(head.doc) if span.start <= head.i < span.end]
    if containing and not _of_a_party(head):
        longest: Span = max(containing, key=len)  # "Houthi rebels" over "Houthi"
        return _with_acronym(_with_name_words(longest, head))
    phrase = noun_phrase(head)
    if phrase is None or is_headline_label(phrase):
        return None
    return _with_acronym(phrase)


def _ends_actor_span(token: Token) -> bool:
    """Whether ``token`` is the last word of a span the actor patterns matched."""
    return token.dep_ in OBJECT_DEPS | SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS | {"pobj"} and any(
        span.end - 1 == token.i for span in actor_spans(token.doc))


COMPASS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast",
                     "southwest", "north-east", "north-west", "south-east", "south-west"})


def past_compass(head: Token) -> Token:
    """"struck a house west of Gaza City": the small parser often makes the direction the
    object and the house its modifier; the modifier is the thing or person meant."""
    if head.lower_ not in COMPASS:
        return head
    modifiers = [c for c in head.lefts if c.dep_ in {"compound", "amod"} and c.pos_ in {"NOUN", "PROPN", "ADJ"}]
    return modifiers[-1] if modifiers else head


def _of_a_party(head: Token) -> bool:
    """"fighters of the al-Aqsa Martyrs Brigades": the "of" phrase names whose fighters;
    "military forces of Armenia": a force's country after "of" says whose force it is."""
    actor_tokens = actor_token_indices(head.doc)
    force = head.lemma_.lower() in FORCE_MODIFIERS | {"troops", "soldier"}
    return any(child.dep_ == "prep" and child.lower_ == "of"
               and any(t.i in actor_tokens or (force and (t.ent_type_ == "GPE" or _group_name_word(t)))
                       for t in child.subtree)
               for child in head.children)


# Words of a name after "forces of" that make it a state's body, not a group of fighters.
STATE_BODY_WORDS = frozenset({"ministry", "government", "state", "republic", "kingdom", "federation"})


def _group_name_word(token: Token) -> bool:
    """"the joint forces of the Delta Thunder Group": a name after "of" that is no place, people
    or state body names whose forces they are."""
    return token.pos_ == "PROPN" and token.ent_type_ not in {"GPE", "LOC", "FAC", "PERSON", "NORP"} \
        and not any(t.lower_ in STATE_BODY_WORDS for t in token.head.subtree)


# Things that stand for whoever holds them, named after "of": "the positions of the army",
# "the house of a farmer".
HELD_THINGS = frozenset({"station", "checkpoint", "barracks", "outpost", "post", "position", "base",
                         "tank", "house", "home", "residence", "vehicle", "car", "convoy", "headquarters"})


def _owner_after_of(head: Token) -> Token | None:
    if head.lemma_.lower() not in HELD_THINGS:
        return None
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            owners = [c for c in child.children if c.dep_ == "pobj" and c.ent_type_ not in {"GPE", "LOC", "FAC"}]
            if owners:
                return owners[0]
    return None


def noun_phrase(head: Token) -> Span | None:
    """The head, its left modifiers and its "of" chains, without a leading determiner."""
    tokens = [head]
    for child in head.children:
        if child.dep_ in PHRASE_DEPS and child.i < head.i:
            tokens.extend(child.subtree)
        elif child.dep_ == "prep" and (child.lower_ == "of" or (
                # "2 groups from Dhulbahante clan militia": parts of the group after "from"
                child.lower_ == "from" and head.lemma_.lower() in GROUP_PARTS)):
            tokens.append(child)
            tokens.extend(child.subtree)
    # "military forces of Artsakh located at Goyarkh": where a force is posted is no part of its name
    posted = {t.i for token in tokens if token.dep_ == "acl" and token.lemma_.lower() in POSTING_LEMMAS
              for t in token.subtree}
    tokens = [t for t in tokens if t.i not in posted and not (t.is_punct and t.text not in {"-", "'", "’"})]
    if not tokens:
        return None  # a stray bracket or symbol the parser took for a noun
    start = min(t.i for t in tokens)
    end = max(t.i for t in tokens) + 1
    while start < end and head.doc[start].dep_ in {"det", "cc", "punct"}:
        start += 1
    # "(21:38) Israeli military airplanes": a bracket closed before the head ends a time note
    closing = [t.i for t in head.doc[start:head.i] if t.text == ")"]
    if closing and not any(t.text == "(" for t in head.doc[start:closing[-1]]):
        start = closing[-1] + 1
    return head.doc[start:end] if start < end else None


# Participles that tell where a force is posted: "troops stationed in X", "forces located at X".
POSTING_LEMMAS = frozenset({"locate", "station", "base", "deploy", "position", "post", "garrison", "camp"})


def _with_name_words(span: Span, head: Token) -> Span:
    """An actor span widened over the names before it: "Abgal clan militia", not "militia".

    Only proper nouns, demonyms ("an Israeli quadcopter drone") and noun compounds of the same
    head count: they name the group, and the resolver needs them; numbers, determiners and
    other adjectives ("two", "suspected") do not.
    """
    start = span.start
    while start > 0:
        before = head.doc[start - 1]
        hop = _hop_back(head, start)
        if hop is not None:
            start = hop  # "Katiba Macina (JNIM) militants", "JNIM and/or ISGS militants"
            continue
        if before.dep_ == "case" and before.head.dep_ == "poss" and before.head.head.i == head.i \
                and before.head.pos_ == "PROPN":
            start = before.head.left_edge.i  # "Ukraine's General Staff": whose staff it is
            break
        if before.dep_ != "compound" and before.pos_ != "PROPN" and before.ent_type_ != "NORP" \
                and before.lower_ not in COMMUNITY_MODIFIERS and before.lower_ not in ORIGIN_MODIFIERS:
            break
        if before.pos_ in {"NUM", "DET"} or not _inside(before, head):
            break
        start -= 1
    return span if start == span.start else head.doc[start:span.end]


# Words between a community's name and "militia" that the parser tags as adjectives:
# "Garre sub-clan militia", "Bwaba ethnic militia".
COMMUNITY_MODIFIERS = frozenset({"clan", "sub", "-", "subclan", "sub-clan", "ethnic", "tribal", "communal"})


# Adjectives that say whose forces they are, short of a name: "international forces" are a
# foreign state's, not the forces of the story's country.
ORIGIN_MODIFIERS = frozenset({"international", "foreign", "multinational", "unidentified"})


def _hop_back(head: Token, start: int) -> int | None:
    """Where a name before ``start`` begins when a bracket or a conjunction stands between it and
    the phrase: "Katiba Macina (JNIM) militants" over "(JNIM)", "JNIM and/or ISGS militants"
    over "and/or"; None when no name of the same head lies behind it."""
    doc = head.doc
    before = doc[start - 1]
    if before.text == ")":
        opening = next((i for i in range(start - 2, max(start - 7, 0) - 1, -1) if doc[i].text == "("), None)
        name = opening - 1 if opening is not None and opening > 0 else None
    elif before.dep_ == "cc" and before.lower_ in COORDINATORS and start >= 2:
        name = start - 2
    else:
        return None
    if name is None or doc[name].pos_ != "PROPN" or not _inside(doc[name], head):
        return None
    return name + 1


def _inside(token: Token, head: Token) -> bool:
    """Whether ``token`` modifies ``head`` (directly or through other modifiers)."""
    current = token
    for _ in range(4):
        if current.head.i == head.i:
            return True
        if current.head.i == current.i or current.head.i > head.i:
            return False
        current = current.head
    return False


def _with_acronym(span: Span) -> Span:
    """"government security forces (SNA)": the bracketed acronym or name right after the phrase
    names the actor too, so it goes to the resolver with the rest."""
    doc = span.doc
    end = span.end
    if end + 2 >= len(doc) or doc[end].text not in {"(", "["}:
        return span
    opening = doc[end].text
    closing = ")" if opening == "(" else "]"
    close = next((i for i in range(end + 2, min(end + 18, len(doc))) if doc[i].text == closing), None)
    if close is None:
        return span
    if doc[end + 1].lower_ in HEDGE_WORDS:
        # "Palestinian militants (likely Hamas and PIJ)", "gunmen [likely Hamas]": the report's
        # guess goes along; the resolver reads the name after the hedge
        return doc[span.start:close + 1]
    if opening != "(":
        return span
    # "Palestinian militants (Hamas, PIJ and the Mujahideen Brigades)": names, and a list of
    # them; not "At Tuffah (Gaza City, Gaza Strip)", where the list says where a place lies
    inner = doc[end + 1:close]
    names = all(t.pos_ == "PROPN" or t.lower_ in BRACKET_NAME_JOINERS for t in inner)
    listed = any(t.lower_ in BRACKET_NAME_JOINERS for t in inner)
    places = any(t.ent_type_ in {"GPE", "LOC", "FAC"} for t in inner)
    if inner[0].pos_ == "PROPN" and names and not (listed and places):
        return doc[span.start:close + 1]
    return span


# What may stand between the names of a bracketed gloss: "(Hamas, PIJ and the PFLP)".
BRACKET_NAME_JOINERS = frozenset({"-", "&", ",", "and", "or", "and/or", "the"})
# Words that open a report's guess at who a phrase is: "(likely Al Shabaab)".
HEDGE_WORDS = frozenset({"likely", "probably", "presumably", "possibly", "suspected", "believed", "thought",
                         "reportedly", "allegedly"})
# Participles that make what they modify a weapon: "a roadside IED planted by X".
PLACING_PARTICIPLES = frozenset({"plant", "place", "lay", "bury", "fire", "launch", "throw", "hurl", "drop"})


def _placed_thing(head: Token) -> bool:
    """"a roadside IED planted by Al Shabaab exploded", with the parser making "roadside" the
    subject: what someone planted or fired is a weapon, whatever the noun the parser kept."""
    return any(c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in PLACING_PARTICIPLES
               and _agent(c) is not None for c in head.children)


def _carried(vehicle: Token) -> Token | None:
    """"a car carrying military forces was hit by a landmine": who rode in it was hit."""
    for child in vehicle.children:
        if child.dep_ == "acl" and child.lemma_.lower() in {"carry", "transport"}:
            return _first([c for c in child.children if c.dep_ in OBJECT_DEPS])
    return None


def _placer(weapon: Token) -> Token | None:
    """"an IED planted by Al Shabaab", "rockets fired by the group": the agent of the participle."""
    for child in weapon.children:
        if child.dep_ == "acl" and child.tag_ == "VBN":
            agent = _agent(child)
            if agent is not None:
                return agent
    return None


_WITH = frozenset({"with"})


def _first(tokens: list[Token]) -> Token | None:
    return tokens[0] if tokens else None


# Parts of one group that fight each other: "two groups of X", "rival factions of X".
GROUP_PARTS = frozenset({"group", "faction", "wing", "side", "branch", "unit", "section", "camp"})


def _divided_group(subject: Token) -> Token | None:
    """"2 groups of Majeerteen clan militia clashed": the group whose parts fought."""
    if subject.lemma_.lower() not in GROUP_PARTS or subject.tag_ not in {"NNS", "NNPS"}:
        return None
    return _prep_object(subject, frozenset({"of", "within", "from"}))


ARMING_LEMMAS = frozenset({"arm", "equip"})


# Weapons people carry: "armed with heavy weapons", "armed with AK-47 rifles".
HELD_WEAPONS = frozenset({"rifle", "pistol", "weapon", "gun", "firearm", "machete", "knife"})


def _holder_of_weapon(weapon: Token) -> Token | None:
    """"a soldier armed with an AK-47 rifle shot a civilian", "Al Shabaab fighters armed with
    heavy weapons arrived": the parser hangs the verb on the weapon; whoever was armed with it
    acted."""
    if not _is_non_participant(weapon) and weapon.lemma_.lower() not in HELD_WEAPONS:
        return None
    prep = weapon.head
    if weapon.dep_ != "pobj" or prep.lower_ != "with" or prep.head.lemma_.lower() not in ARMING_LEMMAS:
        return None
    holder = prep.head.head
    return holder if holder.pos_ in {"NOUN", "PROPN"} and holder.i != prep.head.i else None


def _subject_of(verb: Token) -> Token | None:
    """The verb's subject: of two, a parse error ("in X township (X district) the army carried
    out airstrikes" makes the township a subject too), the one nearest before the verb."""
    return _nearest([c for c in verb.children if c.dep_ in SUBJECT_DEPS], verb)


def _nearest(subjects: list[Token], verb: Token) -> Token | None:
    """Of two subjects the parser gave one verb, the one closest before it: in "Movement of
    forces: on 2 May, troops were seen" the first is the report's label. A place is never
    preferred to the other ("hundreds of protesters in Kut city, Wassit province demanded":
    the province is where they are)."""
    before = [s for s in subjects if s.i < verb.i]
    if len(subjects) > 1:
        before = [s for s in before if not _names_an_area(s)] or before
    return before[-1] if before else _first(subjects)


def _names_an_area(token: Token) -> bool:
    """"Wassit province", "Kut city": an area word, written as a common noun, after a name
    ("Islamic State Somalia Province" is a group's name)."""
    return (token.lemma_.lower() in ADMIN_DESIGNATORS | SETTLEMENT_DESIGNATORS and token.is_lower
            and token.i not in actor_token_indices(token.doc)
            and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.children))


# Verbs of speaking or pledging that a reported clause cannot do: "X said two of the dead
# were its members and vowed revenge" has X vow, though the parser joins "vowed" to "were".
PLEDGING_LEMMAS = frozenset({"vow", "pledge", "promise", "warn", "threaten", "swear", "call",
                             "urge", "demand", "deny", "condemn", "accuse"})


def _conjuncts_subject(token: Token) -> Token | None:
    """The subject a verb shares with the verb it is conjoined to or depends on as a participle."""
    reporter = _reporter_of_conjoined_pledge(token)
    if reporter is not None:
        return reporter
    current = token
    for _ in range(3):
        if current.dep_ == "pcomp" and current.head.lower_ == "by" and current.head.head.pos_ == "VERB":
            # "police responded by firing tear gas": the manner of the verb's own subject's act
            current = current.head
        elif current.dep_ not in {"conj", "advcl", "xcomp", "acl", "relcl"} or current.head.i == current.i:
            return None
        head = current.head
        if current.dep_ in {"acl", "relcl"} and head.pos_ in {"NOUN", "PROPN"}:
            # "gunmen who opened fire", "forces raiding the camp": the noun is the doer
            return _holder_of_weapon(head) or head
        subject = _subject_of(head)
        if subject is not None:
            return subject
        current = head
    return None


def _reporter_of_conjoined_pledge(token: Token) -> Token | None:
    """The reporting verb's subject for a pledge the parser joined to the reported clause:
    "the brigade said two of the dead were its members and vowed ..." (the dead vow nothing)."""
    if token.dep_ != "conj" or token.lemma_.lower() not in PLEDGING_LEMMAS:
        return None
    clause = token.head
    if clause.dep_ != "ccomp" or clause.lemma_.lower() in PLEDGING_LEMMAS | speech.REPORTING_LEMMAS:
        return None
    reporting = clause.head
    if reporting.lemma_.lower() not in speech.REPORTING_LEMMAS:
        return None
    return _subject_of(reporting)


def _prep_object(token: Token, preps: frozenset[str]) -> Token | None:
    """The object of the first of ``token``'s prepositions in ``preps`` that names no date or
    time ("on 9 May" is when, not whom; "at approximately 16:07", which the NER may miss, is a
    bare number)."""
    return next(iter(_prep_objects(token, preps)), None)


def _agent(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def _conjoined_agent(verb: Token) -> Token | None:
    """"were kidnapped and killed by X": the "by" phrase hangs on the last conjoined verb."""
    for child in verb.children:
        if child.dep_ == "conj" and child.tag_ == "VBN":
            agent = _agent(child)
            if agent is not None:
                return agent
    return None


def _agent_of_means(verb: Token) -> Token | None:
    """"killed in a shooting by gunmen": the agent hangs on the event noun, not on the verb;
    "killed in police firing", "died in an army raid": the noun's modifier names the agent."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in {"in", "during", "after"}:
            for means in child.children:
                if means.dep_ == "pobj" and means.lemma_.lower() in MEANS_NOUNS:
                    agent = _agent(means) or _owner_modifier(means)
                    if agent is not None:
                        return agent
                elif means.dep_ == "pobj":
                    agent = _agent(means)
                    if agent is not None:
                        return agent
    return None


def _owner_modifier(means: Token) -> Token | None:
    """"police firing", "an army raid", "Israeli shelling": the force named before the noun."""
    for left in means.lefts:
        if left.dep_ in {"compound", "poss", "amod", "nmod"} and left.pos_ in {"NOUN", "PROPN", "ADJ"} \
                and (left.lemma_.lower() in FORCE_MODIFIERS or left.ent_type_ in {"NORP", "ORG"}
                     or left.i in actor_token_indices(left.doc)):
            return left
    return None


STRANDED_DEPS = frozenset({"appos", "conj", "npadvmod", "dep"})


def _stranded_subject(verb: Token) -> Token | None:
    """"On 2 May, in Uruapan, armed men ambushed ...": the parser often hangs the subject on the
    place before it (as an apposition); the noun phrase that ends right before the verb is then
    its subject ("in Lay township (Kayin State) two aircraft of the air force carried out ...":
    the phrase's head, not the last word of its "of" chain)."""
    if verb.i == 0 or verb.dep_ not in {"ROOT", "conj"}:
        return None
    doc = verb.doc
    for index in range(verb.i - 1, max(verb.i - 12, verb.sent.start) - 1, -1):
        candidate = doc[index]
        if candidate.right_edge.i != verb.i - 1:
            continue  # its phrase does not reach the verb
        if _stranded(candidate):
            # "junta troops and KIA fighters clashed": the first of the coordinated parties
            while candidate.dep_ == "conj" and _stranded(candidate.head) \
                    and candidate.head.i in actor_token_indices(doc):
                candidate = candidate.head
            return candidate
        if candidate.dep_ not in {"pobj", "prep", "amod", "compound", "nummod", "det", "punct"}:
            return None  # a clause boundary, not a phrase around the subject
    return None


def _shot_dead_misparse(verb: Token) -> tuple[Token | None, Token | None] | None:
    """"An Israeli sniper shot dead a Palestinian": the small model reads "sniper shot" as a
    noun compound, the subject of "dead", and the victim as the object of "dead". The shooter
    is the noun before the verb, the victim the object."""
    head = verb.head
    if verb.dep_ != "nsubj" or head.lower_ != "dead" or head.i != verb.i + 1:
        return None
    shooter = _first([c for c in verb.children if c.dep_ == "compound" and c.pos_ in {"NOUN", "PROPN"}])
    victim = _first([c for c in head.children if c.dep_ in OBJECT_DEPS])
    if shooter is None and victim is None:
        return None
    return shooter, victim


# Words that hedge who did an act: "presumed JNIM militants killed ...".
HEDGE_LEMMAS = frozenset({"presume", "suspect", "allege", "believe"})


def _hedged_subject(verb: Token) -> Token | None:
    """"Presumed ISGS militants killed a youth": the parser reads "presumed" as the sentence's
    verb, the militants as its object and "killed" as its complement; the object that ends
    right before the act did it."""
    head = verb.head
    if verb.dep_ != "xcomp" or head.lemma_.lower() not in HEDGE_LEMMAS:
        return None
    return _first([c for c in head.children if c.dep_ in OBJECT_DEPS and c.right_edge.i == verb.i - 1])


def _stranded(token: Token) -> bool:
    return (token.pos_ in {"NOUN", "PROPN"} and token.dep_ in STRANDED_DEPS and token.head.i < token.i
            and token.ent_type_ not in {"GPE", "LOC", "FAC", *NON_PARTICIPANT_ENTS})


def _misread_subject(token: Token) -> bool:
    """"..., east of Yar Bridge, the army and the AA clashed": a direction the parser took for
    the subject is where, not who; "an Israeli helicopter [Apache] opened fire": a bracketed
    gloss is the subject's, not a subject of its own."""
    before = token.left_edge.i - 1
    bracketed = before >= 0 and token.doc[before].text in {"(", "["}
    return token.pos_ == "ADV" or token.lower_ in COMPASS or bracketed


def _tolled_participle(verb: Token, subject: Token | None) -> bool:
    """"resulting in 25 people killed and dozens injured": a participle with no auxiliary and
    no object tells who was hurt; the parser makes them its subject."""
    return (subject is not None and verb.tag_ == "VBN" and verb.lemma_.lower() in TOLL_LEMMAS
            and subject.i < verb.i
            and not any(c.dep_ in {"aux", "auxpass", *OBJECT_DEPS} for c in verb.children))


# Verbs whose bare participle counts the hurt: "two killed, five injured".
TOLL_LEMMAS = frozenset({"kill", "injure", "wound", "hurt"})
# Verbs that hang a toll on the act before them: "..., resulting in two killed", "leaving".
RESULTING_LEMMAS = frozenset({"result", "leave", "cause"})


def _cause_of_toll(verb: Token) -> Token | None:
    """The subject of the act a toll clause hangs on ("X struck Y, resulting in ...")."""
    current = verb
    for _ in range(5):
        if current.head.i == current.i:
            return None
        if current.lemma_.lower() in RESULTING_LEMMAS and current.dep_ in {"advcl", "conj", "xcomp"}:
            return _subject_of(current.head)
        current = current.head
    return None


def _progressive_misparse(verb: Token) -> tuple[Token | None, Token | None] | None:
    """"Al Shabaab were patrolling roads": the small parser reads "were" as the verb and
    "patrolling" as an adjective of its complement; the subject of "were" acts on that noun."""
    head = verb.head
    if verb.dep_ != "amod" or verb.tag_ != "VBG" or head.dep_ != "attr" or head.head.pos_ != "AUX":
        return None
    subject = _first([c for c in head.head.children if c.dep_ in {"nsubj", "nsubjpass"}])
    return (subject, head) if subject is not None else None


def _adjectival_verb_roles(verb: Token) -> tuple[Token | None, Token | None] | None:
    """"Government artillery fired rounds toward the market": the small parser often reads a finite
    verb before its object as an adjective of that object, with the subject as a loose modifier
    of the verb. The noun before the verb is then the subject and the modified noun the object."""
    if verb.dep_ != "amod" or verb.tag_ != "VBD" or verb.head.i <= verb.i or verb.head.pos_ != "NOUN":
        return None
    subjects = [c for c in verb.lefts if c.dep_ in {"npadvmod", "nsubj", "dep", "nmod"}
                and c.pos_ in {"NOUN", "PROPN"} and c.ent_type_ not in NON_PARTICIPANT_ENTS]
    if not subjects:
        return None
    return subjects[-1], verb.head


def verb_roles(verb: Token) -> tuple[Token | None, Token | None]:
    misparsed = _shot_dead_misparse(verb) or _progressive_misparse(verb)
    if misparsed is not None:
        return misparsed
    children = list(verb.children)
    passive_subject = _nearest([c for c in children if c.dep_ in PASSIVE_SUBJECT_DEPS], verb)
    if passive_subject is None and verb.dep_ == "conj" and verb.tag_ == "VBN":
        # "were kidnapped and killed by X": the second verb shares the first's passive subject
        passive_subject = _first([c for c in verb.head.children if c.dep_ in PASSIVE_SUBJECT_DEPS])
        if passive_subject is None and any(c.dep_ == "auxpass" for c in children):
            # "two IDPs stepped on a landmine and were wounded": the shared subject was hurt
            passive_subject = _conjuncts_subject(verb)
    if passive_subject is not None:
        if verb.lemma_.lower() in OBSERVED_LEMMAS:
            return passive_subject, None
        return _agent(verb) or _agent_of_means(verb) or _conjoined_agent(verb), passive_subject
    # "Israeli drones [Quadcopter] struck": the parser may make the closing bracket a subject
    subject = _nearest([c for c in children if c.dep_ in SUBJECT_DEPS and not c.is_bracket
                        and not _misread_subject(c)], verb)
    if subject is None:
        subject = _conjuncts_subject(verb) or _stranded_subject(verb) or _hedged_subject(verb)
    if verb.lemma_.lower() in VICTIM_LEMMAS:
        return _agent_of_means(verb), subject  # who died is the recipient, never the actor
    if _tolled_participle(verb, subject):
        # "and his brother wounded by X"; "boats struck the beach, resulting in one killed and
        # two injured": the act the toll results from is the boats'
        return _agent(verb) or _agent_of_means(verb) or _cause_of_toll(verb), subject
    obj = _first([c for c in children if c.dep_ in OBJECT_DEPS])
    misread = _adjectival_verb_roles(verb) if subject is None and obj is None else None
    if misread is not None:
        subject, obj = misread
    if (obj is None or obj.lower_ in NON_PARTICIPANTS) and verb.lemma_.lower() in MUTUAL_LEMMAS:
        # "X clashed with Y", "X exchanged fire with Y" ("with" may hang on "fire")
        obj = _prep_object(verb, _WITH) or (_prep_object(obj, _WITH) if obj is not None else None) or obj
    fallen = _fallen_in_fight(verb) if subject is None and verb.lemma_.lower() in MUTUAL_LEMMAS else None
    if fallen is not None and obj is not None and not _is_non_participant(obj):
        return obj, fallen  # "a man was killed after exchanging fire with police": police killed him
    settled = _other_side_of_settlement(verb, subject, obj)
    if settled is not None:
        return subject, settled
    taken_from = _taken_from(verb, obj)
    if taken_from is not None:
        return subject, taken_from
    # "an army vehicle struck an IED": the vehicle's force was hit; "two IDPs stepped on a
    # landmine": the mine is the object of "on"
    charge = obj if obj is not None else _prep_object(verb, frozenset({"on", "onto"}))
    if charge is not None and _ran_into(verb, subject, charge):
        return None, subject
    if obj is None and subject is not None and verb.lemma_.lower() in MUTUAL_LEMMAS:
        # "X and Y clashed at a hill": the other side, not the place after "at"; "two groups of
        # X clashed": X fought X, as ACLED codes fighting within one group
        obj = _first([c for c in subject.children if c.dep_ == "conj"]) or _divided_group(subject)
    if obj is None or _is_thing_fired(obj) or verb.lemma_.lower() in PROJECTING_LEMMAS:
        # "fired rockets at X": the target may hang on the weapon rather than the verb; what is
        # launched ("launched a drone at X") is the weapon, never the one hit
        weapon_target = _prep_object(obj, RECIPIENT_PREPS) if obj is not None else None
        kept = None if verb.lemma_.lower() in PROJECTING_LEMMAS else obj
        obj = _prep_object(verb, RECIPIENT_PREPS) or weapon_target or kept
    if obj is None and subject is not None and verb.lemma_.lower() in MUTUAL_LEMMAS:
        obj = _first([c for c in subject.children if c.dep_ == "conj"])  # "X and Y clashed"
    if obj is None and verb.lemma_.lower() in YIELDING_LEMMAS:
        obj = _prep_object(verb, frozenset({"to"}))  # "three fighters surrendered to the army"
    if obj is None:
        obj = _aimed_at(verb)  # "an IED exploded, targeting the district commissioner"
    if obj is None:
        obj = _shared_object(verb)
    own_subject = any(c.dep_ in SUBJECT_DEPS for c in children)
    holder = _holder_of_weapon(verb.head) if verb.dep_ == "acl" and not own_subject else None
    if holder is not None:
        return holder, obj  # "a soldier armed with a rifle shot and injured a civilian"
    if verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"} and verb.tag_ == "VBN" and not own_subject:
        if any(c.dep_ in OBJECT_DEPS for c in children) or verb.lemma_.lower() in MUTUAL_LEMMAS \
                or _shared_object(verb) is not None:
            # "presumed JNIM fighters killed nine traders": a verb with an object is no passive
            # participle, whatever the parser made of "presumed"; the noun did it, and so in
            # "presumed ISGS militants abducted and executed the imam", whose object hangs on
            # the second verb. Nobody is "clashed": "police officers, armed with rifles,
            # clashed with soldiers" is theirs
            return verb.head, obj
        # "three civilians killed in the strike": the modified noun is the recipient; "reports
        # that its soldiers had shot ..." is a clause of its own
        return _agent(verb), verb.head
    return subject, obj


# Words that count what follows them: "dozens of rockets", "a number of shells".
QUANTITY_NOUNS = frozenset({"dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "number",
                            "series", "couple", "handful", "total", "wave", "pair", "set"})


_CALIBRE = re.compile(r"\d+(?:\.\d+)?-?mm")


def _is_thing_fired(obj: Token) -> bool:
    """Whether a verb's object is no party but what was fired or thrown ("mortars", "a salvo",
    "dozens of rockets"), so that its target is read from "at"/"toward" instead."""
    if _is_non_participant(obj) or _CALIBRE.fullmatch(obj.lower_) or obj.lower_ in {"mm", "millimetre", "millimeter"}:
        return True  # "fired 120mm and 82mm mortars at ...": the parser may keep the calibre
    if obj.lemma_.lower() in QUANTITY_NOUNS or obj.ent_type_ == "CARDINAL":
        counted = [p for child in obj.children if child.dep_ == "prep" and child.lower_ == "of"
                   for p in child.children if p.dep_ == "pobj"]
        return any(_is_non_participant(t) for t in counted)
    return False


def _is_non_participant(token: Token) -> bool:
    """A word that is never a party (a weapon, a thing, a time), as written or as its lemma
    ("mortars" is "mortar"); and a gun fired ("fired heavy artillery into the town"), which
    as a subject ("Israeli artillery shelled") stands for its force."""
    if token.lower_ in NON_PARTICIPANTS or token.lemma_.lower() in NON_PARTICIPANTS:
        return True
    return (token.dep_ in OBJECT_DEPS and token.lemma_.lower() in FIRED_GUNS
            and token.head.lemma_.lower() in FIRING_LEMMAS)


def _other_side_of_settlement(verb: Token, subject: Token | None, obj: Token | None) -> Token | None:
    """"X reached an agreement with Y", "X agreed with Y", "X and Y signed a truce": the other
    side of a settlement is its recipient, never the agreement itself."""
    if verb.lemma_.lower() not in SETTLING_LEMMAS:
        return None
    if obj is not None and obj.lemma_.lower() not in AGREEMENT_NOUNS:
        return None
    if obj is None and verb.lemma_.lower() != "agree":
        return None
    other = _prep_object(verb, _WITH) or (_prep_object(obj, _WITH) if obj is not None else None)
    if other is None and subject is not None:
        other = _first([c for c in subject.children if c.dep_ == "conj"])
    return other


def _taken_from(verb: Token, obj: Token | None) -> Token | None:
    """"took control of two areas from Islamic State", "seized rifles from the militants": whom
    it was taken from (the "from" phrase of the verb's clause, wherever the parser hangs it).
    "Took control of an IS base" with no "from": what was taken, whose owner its name gives."""
    if verb.lemma_.lower() not in TAKING_LEMMAS:
        return None
    for prep in verb.subtree:
        if prep.dep_ == "prep" and prep.lower_ == "from" and _clause_verb(prep) == verb:
            source = _first([c for c in prep.children if c.dep_ == "pobj"])
            if source is not None and participant_phrase(source) is not None and (
                    source.ent_type_ not in {"GPE", "LOC", "FAC"} or source.i in actor_token_indices(verb.doc)):
                return source  # "from the rebels", "from Islamic State Somalia Province"; not "from Kismayo"
    if obj is not None and obj.lemma_.lower() == "control":
        return _prep_object(obj, _CONTROLLED) or _prep_object(verb, _CONTROLLED)
    return None


_CONTROLLED = frozenset({"of", "over"})


def _clause_verb(token: Token) -> Token | None:
    """The nearest verb above ``token``: the clause it belongs to."""
    current = token.head
    while current.pos_ not in {"VERB", "AUX"}:
        if current.head.i == current.i:
            return None
        current = current.head
    return current


# Charges set off by whoever touches them; a bomb or an IED is set off by its owner.
PRESSURE_CHARGES = frozenset({"mine", "landmine", "uxo", "ordnance"})
SETTING_OFF_LEMMAS = frozenset({"detonate", "trigger"})


def _ran_into(verb: Token, subject: Token | None, charge: Token) -> bool:
    """"a truck struck an IED", "a herder stepped on a mine", "a car detonated a landmine": the
    subject was hit. "The group detonated two bombs" is the group's attack: a bomb or an IED
    that is detonated or triggered was set off on purpose unless a vehicle or a mine is named."""
    lemma, charge_lemma = verb.lemma_.lower(), charge.lemma_.lower()
    if lemma not in RUN_INTO_LEMMAS or charge_lemma not in HIDDEN_CHARGES:
        return False
    if lemma not in SETTING_OFF_LEMMAS or charge_lemma in PRESSURE_CHARGES:
        return True
    return subject is not None and subject.lemma_.lower() in CIVILIAN_OBJECTS | HELD_THINGS


def _shared_object(verb: Token) -> Token | None:
    """"gunmen attacked and looted the village": conjoined verbs share the object the parser
    hangs on the last of them."""
    for conj in (c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"):
        if any(c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS for c in conj.children):
            continue  # a clause of its own ("X attacked and Y fled the town")
        found = _first([c for c in conj.children if c.dep_ in OBJECT_DEPS])
        if found is not None:
            return found
    return None


def _aimed_at(noun: Token) -> Token | None:
    """"an air strike targeting Al Shabaab", "an IED exploded, targeting the commissioner": the
    object of the participle that aims the act."""
    for aiming in (c for c in noun.children if c.dep_ in {"acl", "advcl"} and c.lemma_.lower() in AIMING_LEMMAS):
        found = _first([c for c in aiming.children if c.dep_ in OBJECT_DEPS])
        if found is not None:
            return found
    return None


def _counted_event(noun: Token) -> Token:
    """"a series of airstrikes": the counting noun stands in the clause for the event noun."""
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() in SERIES_NOUNS:
        return prep.head
    return noun


def noun_roles(noun: Token) -> tuple[Token | None, Token | None]:
    actor, recipient = _noun_roles(noun)
    counter = _counted_event(noun)
    if counter is not noun and (actor is None or recipient is None):
        outer_actor, outer_recipient = _noun_roles(counter)
        actor, recipient = actor or outer_actor, recipient or outer_recipient
    return actor, recipient


def _noun_roles(noun: Token) -> tuple[Token | None, Token | None]:
    between = _prep_object(noun, frozenset({"between"}))
    if between is None and noun.dep_ in SUBJECT_DEPS:
        between = _prep_object(noun.head, frozenset({"between"}))  # "clashes erupted ... between X and Y"
    if between is not None:
        others = [c for c in between.children if c.dep_ == "conj"]
        return between, _first(others)
    actor = _agent(noun)
    if actor is None:
        actor = _first([c for c in noun.children if c.dep_ == "poss"])
    if actor is None:
        actor = _named_modifier(noun)
    recipient = _prep_object(noun, RECIPIENT_PREPS | {"against"})
    if recipient is None and noun.lemma_.lower() in MUTUAL_LEMMAS:
        recipient = _prep_object(noun, _WITH)  # "clashes with Y"
        fallen = _fallen_in_fight(noun) if actor is None else None
        if fallen is not None and recipient is not None and not _is_non_participant(recipient):
            return recipient, fallen  # "two militants were killed in an exchange of fire with police"
    if recipient is None:
        recipient = _aimed_at(noun)
    claimant = _claimant(noun)
    if claimant is not None:
        return claimant, recipient
    if noun.dep_ == "compound" and noun.head.pos_ in {"NOUN", "PROPN"} and noun.head.i > noun.i:
        noun = noun.head  # "held a protest sit-in": the phrase's head carries the verb
    head = noun.head
    forcing = _verb_above(head) if noun.dep_ == "pobj" and head.lower_ in {"in", "with"} else None
    if actor is None and forcing is not None and forcing.lemma_.lower() in FORCE_VERBS:
        # "forces blew up buildings in controlled explosions", "blew up homes, presumably empty
        # and in controlled explosions": the verb's doer did it
        actor = _subject_of(forcing)
    if actor is None and noun.dep_ == "pobj" and head.head.pos_ == "VERB" \
            and head.head.lemma_.lower() in JOINING_LEMMAS:
        # "workers went on a strike", "students took part in a march"
        actor = _subject_of(head.head) or _conjuncts_subject(head.head)
    if noun.dep_ in OBJECT_DEPS and head.pos_ == "VERB":
        # "X launched an attack on Y", "X carried out a raid"
        if actor is None:
            actor = (_subject_of(head) or _conjuncts_subject(head)
                     or _stranded_subject(head))
        if recipient is None:
            recipient = _prep_object(head, RECIPIENT_PREPS)
    elif noun.dep_ in SUBJECT_DEPS and head.pos_ == "VERB" and recipient is None:
        # "An air strike hit a house", "the blast killed five"
        recipient = _first([c for c in head.children if c.dep_ in OBJECT_DEPS])
        if recipient is not None and _took_place(head, recipient):
            # "an explosion took place at a police station": the idiom's "place" is nobody;
            # where it took place is what was hit
            recipient = _prep_object(head, frozenset({"at", "on", "inside", "near"}))
    return actor, recipient


def _took_place(verb: Token, obj: Token) -> bool:
    return verb.lemma_.lower() == "take" and obj.lower_ == "place"


# Verbs that tell who fell in a fight: "killed in a shootout with X", "died in clashes with X".
FALLING_LEMMAS = frozenset({"kill", "shoot", "wound", "injure", "die", "gun", "neutralise", "neutralize"})


def _fallen_in_fight(act: Token) -> Token | None:
    """Who fell in a fight the mutual ``act`` names, when a report tells only the falling and
    the other side: "a man was killed after exchanging fire with police", "two militants were
    killed in an encounter with police", "three gunmen died in a shootout with soldiers". The
    side "with" names brought them down (ACLED codes it first). None when the fight hangs on
    no verb of falling, or that verb has its own doer ("soldiers killed two men in clashes with
    X": the soldiers are named)."""
    head = act.head
    if act.dep_ == "pobj" and head.lower_ in {"in", "during", "after", "following"}:
        head = head.head
    elif act.dep_ not in {"advcl", "pcomp"}:
        return None
    if head.dep_ == "prep":  # "after exchanging fire": the clause hangs on the preposition
        head = head.head
    if head.pos_ != "VERB" or head.lemma_.lower() not in FALLING_LEMMAS:
        return None
    children = list(head.children)
    if any(c.dep_ in SUBJECT_DEPS for c in children) and head.lemma_.lower() not in VICTIM_LEMMAS:
        return None
    if _agent(head) is not None:
        return None
    fallen = _nearest([c for c in children if c.dep_ in PASSIVE_SUBJECT_DEPS | (
        SUBJECT_DEPS if head.lemma_.lower() in VICTIM_LEMMAS else frozenset())], head)
    return None if fallen is None or _is_non_participant(fallen) else fallen


def _verb_above(prep: Token) -> Token | None:
    """The verb a preposition belongs to, through the adjectives and conjuncts the parser may
    hang it on ("blew up homes, presumably empty and in controlled explosions")."""
    current = prep.head
    for _ in range(4):
        if current.pos_ == "VERB":
            return current
        if current.head.i == current.i or current.dep_ not in {"amod", "acomp", "conj", "advmod", "dobj", "prep"}:
            return None
        current = current.head
    return None


def _named_modifier(noun: Token) -> Token | None:
    """A party named inside the event noun's phrase: "an Israeli strike", "a junta air strike",
    "a Turkish drone strike" (the demonym modifies "drone", not "strike")."""
    actor_tokens = actor_token_indices(noun.doc)
    modifiers = [token for left in noun.lefts for token in left.subtree
                 if token.dep_ not in {"det", "nummod", "punct"} and token.i < noun.i]
    # "the Kalay police station": the police hold it, the town only says where it is
    known = [token for token in modifiers if token.i in actor_tokens]
    named = [token for token in modifiers
             if token.ent_type_ in {"NORP", "GPE", "ORG"} and token.pos_ in {"ADJ", "PROPN"}]
    return _first(known) or _first(named)


def _claimant(noun: Token) -> Token | None:
    """"X claimed responsibility for the shooting": X is the shooting's actor, by its own claim."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "for":
        return None
    holder = prep.head
    if holder.lemma_.lower() in speech.CLAIM_NOUNS:
        verb = holder.head
    elif any(c.dep_ in OBJECT_DEPS and c.lemma_.lower() in speech.CLAIM_NOUNS for c in holder.children):
        verb = holder  # "claimed responsibility on Thursday for the attack": "for" on the verb
    else:
        return None
    if verb.lemma_.lower() not in {"claim", "take", "accept", "assume"}:
        return None
    return _subject_of(verb) or _conjuncts_subject(verb)


def _gerund_subject(trigger: Token) -> bool:
    """"Fighting between X and Y was reported": a gerund that is the clause's subject names
    the event as a noun does, and its parties as a noun's."""
    return trigger.tag_ == "VBG" and trigger.dep_ in SUBJECT_DEPS | {"nsubjpass"}


def find_roles(trigger: Token, event_nouns: frozenset[str] = frozenset()) -> Roles:
    """Actor and recipient phrases of the event a trigger states."""
    if trigger.pos_ in {"VERB", "AUX"} and not _gerund_subject(trigger):
        actor, recipient = verb_roles(trigger)
    else:
        actor, recipient = noun_roles(trigger)
    actor_span = participant_phrase(actor, event_nouns) if actor is not None else None
    if actor_span is None:
        # no doer, or only the weapon ("an IED exploded"): the report may name who was behind it
        author = attributed_author(trigger, exclude=recipient)
        actor_span = participant_phrase(author, event_nouns) if author is not None else None
    if recipient is not None and recipient.dep_ in OBJECT_DEPS and recipient.head.i == trigger.i \
            and trigger.lemma_.lower() in FIRING_LEMMAS and _is_thing_fired(recipient):
        recipient = None  # "fired an artillery shell into the village": the shell hit no one
    recipient_span = participant_phrase(recipient, event_nouns) if recipient is not None else None
    if actor_span is not None and recipient_span is not None and actor_span == recipient_span:
        recipient_span = None
    return Roles(actor=actor_span, recipient=recipient_span)


def coordination(span: Span) -> Span:
    """The participant phrase widened over the names coordinated with it: the parser hangs
    "PIJ and" of "PIJ and Hamas fighters" on the head noun, and "Y and Z" of "X, Y and Z" on
    X, outside the span the actor patterns matched."""
    root = span.root
    tokens = list(span)
    for child in root.children:
        after = child.dep_ in {"conj", "cc"} and child.i >= span.end
        before = (child.dep_ in {"nmod", "compound"} and child.i < span.start
                  and any(c.dep_ == "conj" for c in child.children))
        if after or before:
            tokens.extend(child.subtree)
    start = min(t.i for t in tokens)
    end = max(t.i for t in tokens) + 1
    return span.doc[start:end]


def conjoined_parts(span: Span) -> list[Span]:
    """The coordinated names in a participant phrase, in text order: "PIJ and Hamas fighters"
    -> "PIJ", "Hamas fighters"; "the army, police and militias" -> three. A shared head noun
    stays with the last part. "JNIM or ISGS militants" names two candidates for one author:
    both are kept, the first leads (see ``names_alternatives``). One part when nothing is
    coordinated."""
    bracketed = _in_brackets(span)  # "militants (likely Hamas and PIJ)": a guess, not two parties
    breaks = [t.i for t in span if t.i not in bracketed and (
              (t.dep_ == "cc" and t.lower_ in COORDINATORS)
              or (t.text == "," and t.i + 1 < span.end and _opens_conjunct(span.doc[t.i + 1])))]
    if not breaks:
        return [span]
    parts, start = [], span.start
    for i in breaks:
        if i > start:
            parts.append(span.doc[start:i])
        start = i + 1
    if start < span.end:
        parts.append(span.doc[start:span.end])
    return [p for p in (_trimmed(part) for part in parts) if p is not None]


def _in_brackets(span: Span) -> set[int]:
    """Indices of the span's tokens inside round or square brackets."""
    inside, depth = set(), 0
    for token in span:
        if token.text in {"(", "["}:
            depth += 1
        elif token.text in {")", "]"}:
            depth = max(depth - 1, 0)
        elif depth:
            inside.add(token.i)
    return inside


def names_alternatives(span: Span) -> bool:
    """"JNIM or ISGS militants", "JNIM and/or ISGS": the parties are candidates, not allies."""
    return any(t.dep_ == "cc" and t.lower_ in {"or", "and/or"} for t in span)


def _opens_conjunct(token: Token) -> bool:
    """"..., Islamic Jihad and ...": the word after a comma begins a coordinated name."""
    return token.dep_ in {"conj", "cc"} or (token.dep_ in {"compound", "amod", "det"} and token.head.dep_ == "conj")


def _trimmed(part: Span) -> Span | None:
    tokens = [t for t in part if not t.is_punct and t.dep_ not in {"cc", "det"}]
    if not tokens:
        return None
    return part.doc[tokens[0].i:tokens[-1].i + 1]


def is_mutual(draft: EventDraft) -> bool:
    """Whether the event is told as two sides fighting ("clashed", "a fight", "exchanged fire")."""
    # the entry's lemma too: "shoot-out" is three tokens, the trigger its last
    return any(t.token.lemma_.lower() in MUTUAL_LEMMAS or t.entry.lemma in MUTUAL_LEMMAS
               for t in draft.triggers)


def civilian_target(trigger: Token) -> Token | None:
    """The civilian object an act hit, when its target is a thing rather than a party: "struck a
    house", "opened fire on a bus", "an air strike on a tent". Participants leave such words
    out (NON_PARTICIPANTS); ACLED and PLOVER code their owners or occupants as civilians."""
    candidates: list[Token | None]
    if trigger.pos_ in {"VERB", "AUX"}:
        candidates = [c for c in trigger.children if c.dep_ in OBJECT_DEPS]
        candidates.append(_shared_object(trigger))  # "attacked and looted a shop"
        candidates.append(_prep_object(trigger, RECIPIENT_PREPS))
        misread = _adjectival_verb_roles(trigger)
        if misread is not None and misread[1] is not None:  # "fired rounds toward the market"
            candidates.append(_prep_object(misread[1], RECIPIENT_PREPS))
        subject = _first([c for c in trigger.children if c.dep_ in PASSIVE_SUBJECT_DEPS])
        candidates.append(subject)  # "a house was shelled"
        candidates.append(_aimed_at(trigger))  # "an IED exploded targeting the commander's house"
        candidates.append(_prep_object(trigger, INTO_PREPS))  # "a petrol bomb was hurled into a house"
    else:
        event = _counted_event(trigger)
        candidates = [_prep_object(trigger, RECIPIENT_PREPS), _prep_object(event, RECIPIENT_PREPS)]
        for aiming in (c for c in event.children if c.dep_ == "acl" and c.lemma_.lower() in AIMING_LEMMAS):
            candidates.extend(c for c in aiming.children if c.dep_ in OBJECT_DEPS)  # "a strike targeting a house"
        forcing = _verb_above(event.head) if event.dep_ == "pobj" and event.head.lower_ in {"in", "with"} else None
        if forcing is not None and forcing.lemma_.lower() in FORCE_VERBS:
            candidates.extend(c for c in forcing.children if c.dep_ in OBJECT_DEPS)  # "blew up homes in explosions"
        if event.dep_ in OBJECT_DEPS and event.head.pos_ == "VERB":
            candidates.append(_prep_object(event.head, RECIPIENT_PREPS))  # "launched strikes on a house"
        elif event.dep_ in SUBJECT_DEPS and event.head.pos_ == "VERB":
            # "a strike hit a tent", "an explosion occurred at a tea shop"
            candidates.extend(c for c in event.head.children if c.dep_ in OBJECT_DEPS)
            candidates.append(_prep_object(event.head, RECIPIENT_PREPS))
    if trigger.lemma_.lower() in BLAST_LEMMAS:
        # "a bomb exploded in front of the ward office", "an explosion near a school": a blast
        # hits what it goes off beside
        blast = trigger if trigger.pos_ in {"VERB", "AUX"} else _counted_event(trigger).head
        candidates += [*_prep_objects(blast, BESIDE_PREPS), _in_front_of(blast)]
    # "struck targets and houses", "struck targets, including houses": a civilian thing among
    # coordinated or listed objects
    candidates += [c for t in list(candidates) if t is not None for c in t.children if c.dep_ == "conj"]
    candidates += [_prep_object(t, INCLUDING_PREPS) for t in list(candidates) if t is not None]
    for token in candidates:
        if token is not None and past_compass(token).lemma_.lower() in CIVILIAN_OBJECTS:
            # "a police car", "an army truck": the force's, not a civilian's
            return None if _force_owner(past_compass(token)) is not None else past_compass(token)
    if trigger.lemma_.lower() in PLACE_ATTACK_LEMMAS | PLACE_ATTACK_NOUNS:
        return next((t for t in candidates if t is not None and _names_a_settlement(t)), None)
    return None


def _force_owner(thing: Token) -> Token | None:
    """The modifier that makes ``thing`` an armed party's ("police" in "the police car", "naval"
    in "a naval vessel"), if any."""
    return next((c for c in thing.children if c.dep_ in {"compound", "amod"}
                 and c.lemma_.lower() in OWNING_FORCE_WORDS), None)


# Modifiers that make a thing a force's: "a police car", "a naval vessel", "a patrol boat".
OWNING_FORCE_WORDS = FORCE_MODIFIERS | {"naval", "patrol"}


# Verbs of force that hit whoever lives where they land: "gunmen attacked the village", "shelled
# Shujaiyya". ACLED codes such an attack on a town or village with no armed party named as
# one on its civilians (a country as the object resolves to its government and never gets here).
INCLUDING_PREPS = frozenset({"including"})
INTO_PREPS = frozenset({"into"})
BLAST_LEMMAS = frozenset({"explode", "explosion", "blast", "detonate", "detonation", "bomb", "bombing"})
BESIDE_PREPS = frozenset({"near", "outside", "beside", "inside", "in"})


def _prep_objects(token: Token, preps: frozenset[str]) -> list[Token]:
    """The objects of all of ``token``'s prepositions in ``preps`` ("in the township" and "in
    the market" both), in order, leaving out dates and numbers."""
    return [c for child in token.children if child.dep_ in {"prep", "agent"} and child.lower_ in preps
            for c in child.children
            if c.dep_ == "pobj" and c.ent_type_ not in NON_PARTICIPANT_ENTS and c.pos_ != "NUM"]


def _in_front_of(verb: Token) -> Token | None:
    """The object of "in front of X" on the verb."""
    fronts = [t for t in _prep_objects(verb, frozenset({"in"})) if t.lower_ == "front"]
    return _prep_object(fronts[0], frozenset({"of"})) if fronts else None
PLACE_ATTACK_LEMMAS = frozenset(
    {"attack", "raid", "shell", "bomb", "bombard", "storm", "loot", "pillage", "burn", "torch",
     "raze", "invade", "strike", "hit", "target", "fire"})
# The same acts told as nouns: "airstrikes on several locations", "shelling of the town".
PLACE_ATTACK_NOUNS = frozenset({"airstrike", "strike", "shelling", "bombardment", "bombing", "raid",
                                "attack"})
SETTLEMENT_NOUNS = frozenset({"town", "city", "neighbourhood", "neighborhood", "locality", "settlement",
                              "quarter", "suburb", "ward"})
# Where people live, without a name: "shelled residential areas", "airstrikes on several
# locations"; a party's area ("areas held by the RSF") is the party's.
AREA_WORDS = frozenset({"area", "location"})


def _names_a_settlement(token: Token) -> bool:
    """A town or village by name ("Manini", "Gaza - Shujaiyya") or by kind ("the town of X")."""
    if token.lemma_.lower() in SETTLEMENT_NOUNS:
        return True
    if token.lemma_.lower() in AREA_WORDS:
        named = actor_token_indices(token.doc)
        return not any(t.i in named for t in token.subtree)
    # the small model often tags a village as a person; a named group (ORG, NORP) is a party
    return token.pos_ == "PROPN" and token.ent_type_ not in {"ORG", "NORP", *NON_PARTICIPANT_ENTS} \
        and token.i not in actor_token_indices(token.doc)


def is_headline_label(span: Span) -> bool:
    """"Movement of forces: On 2 May, ...": words before a colon that opens the text or a line
    label the report; they are no party."""
    doc = span.doc
    if span.end >= len(doc) or doc[span.end].text != ":":
        return False
    return span.start == 0 or doc[span.start - 1].is_space or doc[span.start - 1].text in {".", "\n"}


def attributed_author(trigger: Token, exclude: Token | None = None) -> Token | None:
    """The author a report names for an event it states without one, in the same sentence or
    the next: "Al Shabaab suspected.", "The IED was planted by X.", "X are the suspected
    perpetrators.", "X claimed responsibility." Only words that attribute the act count, so a
    later sentence about someone else's doings does not lend its subject."""
    for sent in _attributing_sentences(trigger):
        for token in sent:
            author = _author_named_by(token)
            if author is not None and author.i != trigger.i and (exclude is None or author.i != exclude.i):
                return author
    return None


# Sentences after an act's own that may still name its author: a note often puts "No
# casualties reported." between the act and "The IED was planted by X."
ATTRIBUTION_REACH = 2


def _attributing_sentences(trigger: Token) -> list[Span]:
    """The trigger's sentence and up to ``ATTRIBUTION_REACH`` after it in the same paragraph."""
    doc = trigger.doc
    text = text_of(doc)  # Doc.text rebuilds the whole text on every access
    sentences = [trigger.sent]
    while len(sentences) <= ATTRIBUTION_REACH and sentences[-1].end < len(doc):
        following = doc[sentences[-1].end].sent
        if "\n\n" in text[sentences[-1].end_char:following.start_char]:
            break  # a new paragraph tells another story
        sentences.append(following)
    return sentences


# Definite nouns that refer back to the act told ("X carried out the bombing").
ATTACK_NOUNS = frozenset(
    {"attack", "bombing", "explosion", "blast", "shooting", "ambush", "killing", "assassination",
     "raid", "abduction", "kidnapping", "strike", "airstrike", "operation", "assault", "arson"})
# Verbs of doing an act: "X claimed they did it", "X jointly carried out the bombing".
DOING_LEMMAS = frozenset({"do", "carry", "conduct", "perpetrate", "commit", "stage", "orchestrate",
                          "execute", "plant"})
# Verbs of laying a hidden charge: "an IED exploded while X were planting it".
PLANTING_LEMMAS = frozenset({"plant", "lay", "place", "bury", "set"})


def _refers_back(noun: Token) -> bool:
    """"the bombing", "it": the act told before, not a new one."""
    if noun.lower_ in {"it", "this"}:
        return True
    return noun.lemma_.lower() in ATTACK_NOUNS and any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"}
                                                       for c in noun.children)


def _author_of_deed(token: Token) -> Token | None:
    """"X claimed they did it", "X jointly carried out the bombing", "while X were planting
    the IEDs": a subject that did the act told before, or was laying the charge that blew up."""
    lemma = token.lemma_.lower()
    subject = _subject_of(token)
    if subject is None:
        return None
    if lemma == "claim":
        deeds = [c for c in token.children if c.dep_ == "ccomp" and c.lemma_.lower() in DOING_LEMMAS]
        if any(_refers_back(o) for d in deeds for o in d.children if o.dep_ in OBJECT_DEPS):
            return subject  # "the PDF claimed they did the bombing"
        return None
    objects = [c for c in token.children if c.dep_ in OBJECT_DEPS]
    if lemma in PLANTING_LEMMAS and any(o.lemma_.lower() in HIDDEN_CHARGES for o in objects):
        return subject
    if lemma in DOING_LEMMAS and any(_refers_back(o) for o in objects) and subject.pos_ != "PRON":
        return subject
    return None


def _suspected_placer(suspect: Token) -> Token | None:
    """"The device is suspected to have been planted by X": the agent of the suspected act."""
    for clause in (c for c in suspect.children if c.dep_ in {"xcomp", "ccomp"}):
        agent = _agent(clause)
        if agent is not None:
            return agent
    return None


def _author_named_by(token: Token) -> Token | None:
    """The author ``token`` attributes an act to, if it is a word of attribution."""
    if token.pos_ not in {"VERB", "NOUN"}:  # every word of attribution below is one of these
        return None
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB" and lemma == "suspect":
        passive = _first([c for c in token.children if c.dep_ in PASSIVE_SUBJECT_DEPS])
        if passive is not None and (passive.lower_ in NON_PARTICIPANTS or passive.lemma_.lower() in NON_PARTICIPANTS):
            return _suspected_placer(token)  # the device is suspected, its placer is named
        if passive is not None:
            return passive  # "X is suspected"
        subject = _subject_of(token)
        if subject is not None and not any(c.dep_ in OBJECT_DEPS | {"ccomp"} for c in token.children):
            return subject  # "Al Shabaab suspected." (a note's shorthand)
        return _first([c for c in token.children if c.dep_ in OBJECT_DEPS])  # "police suspect X"
    if token.pos_ == "VERB" and token.tag_ == "VBN" and lemma in AUTHORING_LEMMAS:
        return _agent(token)  # "the IED was planted by X"
    if token.pos_ == "VERB" and token.tag_ != "VBN":
        deed = _author_of_deed(token)
        if deed is not None:
            return deed
    if token.pos_ == "VERB" and lemma in {"claim", "take", "accept", "assume"}:
        claim = speech.claim_at(token)
        # only a claim of "the attack" or "it": "claimed a shooting on Tuesday" is another act
        if claim is not None and claim.anaphoric:
            return _subject_of(token)
    if token.pos_ == "NOUN" and lemma in AUTHOR_NOUNS and token.dep_ == "attr":
        return _subject_of(token.head)
    if token.pos_ == "VERB" and lemma == "blame":
        # "officials blamed X", "the attack was blamed on X"
        if any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in token.children):
            return _prep_object(token, frozenset({"on"}))
        return _first([c for c in token.children if c.dep_ in OBJECT_DEPS])
    return None


GENERIC_PARTY_NOUNS = frozenset(
    {"fighter", "troop", "soldier", "force", "militant", "gunman", "officer", "insurgent", "rebel",
     "member", "unit", "group", "militia", "jihadist", "assailant", "attacker", "agent",
     # "the movement said", "the faction claimed": the organisation named before
     "movement", "faction", "organisation", "organization"}
)
SPEECH_LEMMAS = frozenset({"say", "tell", "report", "add", "state", "confirm", "announce", "claim", "allege"})


POSSESSIVE_PRONOUNS = frozenset({"its", "their", "his", "her", "our"})


STATE_FORCE_NOUNS = frozenset({"troop", "soldier", "officer", "force", "army", "police", "policeman", "trooper", "unit",
                               # craft only a state's forces fly or drive in most wars ("drone" is not one)
                               "warplane", "jet", "aircraft", "helicopter", "tank", "artillery"})


def is_pronominal(span: Span) -> bool:
    """"they", "its fighters": the words point back to a party named elsewhere."""
    root = span.root
    owners = [t for t in root.children if t.dep_ == "poss"]
    return root.pos_ == "PRON" or any(t.lower_ in POSSESSIVE_PRONOUNS for t in [*span, *owners])


def names_state_forces(span: Span) -> bool:
    """Whether a bare generic mention names state forces ("troops") or not ("gunmen")."""
    return span.root.lemma_.lower() in STATE_FORCE_NOUNS


def is_bare_generic(span: Span) -> bool:
    """"troops", "the gunmen": a class of party with no name or country in the words."""
    return not any(_names_a_party(t) for t in span) and span.root.lemma_.lower() in GENERIC_PARTY_NOUNS


def names_no_party(span: Span) -> bool:
    """No name, demonym or country among the words ("an army position", "the troops")."""
    return not any(_names_a_party(t) for t in span)


def is_bare_state_force(span: Span) -> bool:
    """"the army", "the air force", "police": a state's forces with no name or country said."""
    return not any(_names_a_party(t) for t in span) and names_state_forces(span)


def _names_a_party(token: Token) -> bool:
    """A name, or a capitalised adjective (a demonym: "Israeli forces"; at the start of a
    sentence "Unidentified gunmen" counts too, which only leaves it to the resolver)."""
    if token.pos_ == "PROPN" or token.ent_type_ in {"NORP", "ORG", "GPE"}:
        return True
    return token.pos_ == "ADJ" and token.is_title


def is_anaphoric(span: Span) -> bool:
    """A pronoun, "its fighters", or a bare generic noun: it names no party by itself."""
    return is_pronominal(span) or is_bare_generic(span)


# Verbs whose content someone states, beyond plain speech: "ATMIS denied that its soldiers ...",
# "the minister warned that the air force would ...".
STATING_LEMMAS = SPEECH_LEMMAS | frozenset(
    {"deny", "refute", "warn", "threaten", "vow", "pledge", "promise", "insist", "write", "post",
     "declare", "stress", "admit", "acknowledge"})
# Nouns that carry a reported clause: "denied reports that its soldiers had ...".
REPORT_NOUNS = frozenset({"report", "claim", "allegation", "accusation", "rumour", "rumor", "suggestion"})


def speaker_of(token: Token) -> Token | None:
    """The subject of the verb of saying, denying or warning whose content holds ``token`` ("X
    said its fighters ...", "X denied reports that its soldiers ...")."""
    current = token
    while current.head.i != current.i:
        head = current.head
        if current.dep_ in {"acl", "ccomp"} and head.lemma_.lower() in REPORT_NOUNS \
                and head.dep_ in OBJECT_DEPS:
            current = head  # the report stands in the clause for what it says
            continue
        if current.dep_ in {"ccomp", "xcomp"} and head.lemma_.lower() in STATING_LEMMAS:
            subject = _subject_of(head)
            if subject is None:  # '"We fired ...," Abu Obeida said': the parser lost the subject
                phrase = speech.speaker_phrase(head)
                subject = phrase.root if phrase is not None else None
            return subject
        current = head
    return None


# Threats whose subject is the one threatened: "the group will pay a heavy price".
PAYING_LEMMAS = frozenset({"pay"})


def threatened_party(threat: Token) -> Span | None:
    """Whom a threat is aimed at when its verb names nobody: the party the threatened act is
    done to, in its content or in the statement conjoined to it ("vowed to avenge the dead and
    said the government would pursue the militants": the militants). Only a party counts: "every
    drop of blood" is no one."""
    statements = [threat, *(c for c in threat.children if c.dep_ == "conj" and c.pos_ == "VERB")]
    for statement in statements:
        for act in (c for c in statement.children if c.dep_ in {"xcomp", "ccomp"}):
            # "vowed that the group will pay a heavy price": the one who pays is threatened
            sufferer = SUBJECT_DEPS if act.lemma_.lower() in PAYING_LEMMAS else OBJECT_DEPS
            for thing in (c for c in act.children if c.dep_ in sufferer):
                phrase = participant_phrase(thing)
                if phrase is not None and _names_party(phrase):
                    return phrase
    return None


def _names_party(phrase: Span) -> bool:
    """A named party, a dictionary actor or a class of fighters ("the militants")."""
    actor_tokens = actor_token_indices(phrase.doc)
    return is_bare_generic(phrase) or any(t.i in actor_tokens or _names_a_party(t) for t in phrase)
