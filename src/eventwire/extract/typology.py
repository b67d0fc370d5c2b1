"""ASSAULT modes from the sentence, and the ACLED / CAMEO equivalents of each event.

The rules follow ACLED's codebook definitions; ACLED codes an event by its main act:
- ASSAULT without a heavy weapon: one-sided violence against civilians is "Violence against
  civilians / Attack", fighting between armed parties "Battles / Armed clash"; an attack met by
  return fire is a clash whatever weapons opened it; a place taken in fighting is "Government
  regains territory" or "Non-state actor overtakes territory"; a hand grenade is "Grenade".
- Violence by demonstrators is "Riots / Violent demonstration", by an unorganised crowd (mob,
  villagers, youths) outside a demonstration "Riots / Mob violence".
- Force used on a protest is folded into the protest record: "Protest with intervention", or
  "Excessive force against protesters" when people were killed.
- Arrests, raids, seizures and movements of forces are "Strategic developments" only when no
  violence is reported beside them in the paragraph; weapons seized or defused are "Disrupted
  weapons use", goods seized "Looting/property destruction", a base set up "Headquarters or
  base established".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from eventwire.extract.drafts import EventDraft
from eventwire.extract.lexicon import Lexicon
from eventwire.extract.paragraphs import Paragraphs
from eventwire.extract.triggers import Trigger, find_triggers
from eventwire.model import PloverType
from eventwire.nlp.docview import sentences_of, text_of

CLASH_LEMMAS = frozenset({"clash", "fight", "fighting", "battle", "exchange", "overrun", "firefight",
                          "gunfight", "gunbattle", "skirmish", "crossfire"})
ARMED_TYPES = frozenset({"state_military", "police", "rebel_group", "political_militia", "identity_militia", "external_forces"})
STATE_FORCES = frozenset({"state_military", "police", "external_forces"})
NON_STATE_ARMED = frozenset({"rebel_group", "political_militia", "identity_militia"})
CIVILIAN_WORDS = frozenset(
    {"civilian", "man", "woman", "child", "children", "boy", "girl", "resident", "villager", "farmer",
     "shepherd", "worker", "journalist", "teenager", "student", "family", "people", "person",
     "passerby", "motorist", "fisherman", "doctor", "paramedic", "nurse", "teacher", "worshipper",
     "mourner", "protester", "demonstrator", "pupil", "infant", "baby", "elder", "displaced", "refugee",
     "herder", "pastoralist", "miner", "trader", "merchant", "driver", "passenger", "trucker", "vendor",
     "pilgrim", "patient", "official", "chief", "councillor", "councilor", "relative", "wife", "husband",
     "son", "daughter", "civilians"}
)
CROWD_CONTROL_WORDS = frozenset(
    {"disperse", "teargas", "tear-gas", "cannon", "baton", "lathi", "lathicharge", "crackdown", "intervene", "truncheon"}
)
ARREST_VERBS = frozenset({"arrest", "detain", "apprehend", "beat"})
PROTEST_PARTICIPANTS = frozenset(
    {"they", "them", "participant", "activist", "people", "worker", "member", "leader", "organiser", "organizer",
     "dozen", "some", "several", "many", "number", "woman", "man", "trader", "vendor", "teacher", "farmer"}
)
# ACLED Riots: demonstrators who use violence or vandalism make a "Violent demonstration".
RIOT_WORDS = frozenset(
    {"stone", "rock", "brick", "molotov", "firebomb", "pelt", "vandalise", "vandalize", "vandalism",
     "ransack", "loot", "torch", "smash", "arson", "rioter", "rampage", "clash"}
)
RIOT_OBJECTS = frozenset({"stone", "rock", "brick", "molotov", "firebomb", "vandalism", "arson", "rioter", "clash"})
ARSON_WORDS = frozenset({"burn", "ablaze", "alight", "fire"})
TYRE_WORDS = frozenset({"tyre", "tire", "tyres", "tires"})
TYRE_FIRE_WORDS = frozenset({"burn", "burning", "burnt", "ablaze", "alight", "light", "lit", "torch", "blaze"})
# ACLED "Mob violence": an unorganised crowd, not an armed group, uses violence.
CROWD_WORDS = frozenset(
    {"mob", "crowd", "villager", "resident", "local", "youth", "youngster", "rioter", "neighbor",
     "neighbour", "community", "relative", "student", "supporter", "worshipper", "mourner", "passerby",
     "opponent", "partisan"}
)
COLLECTIVE_NOUNS = frozenset({"group", "band", "mob", "crowd", "dozen", "hundred", "number"})
# Words that make a group's violence a crime or an armed attack rather than a mob's: guns
# ("opened fire"), blades, executions, abductions, being armed or in a gang.
NOT_MOB_WORDS = frozenset(
    {"gun", "gunfire", "gunshot", "firearm", "rifle", "pistol", "shotgun", "bullet", "shoot", "shooting", "shot",
     "fire", "gunman", "armed", "gang", "stab", "knife", "machete", "behead", "hack", "strangle", "execute",
     "abduct", "kidnap"}
)
PROTESTER_WORDS = frozenset({"protester", "protestor", "demonstrator", "rioter", "marcher"})
ARMED_WORDS = frozenset(
    {"militant", "fighter", "soldier", "troops", "troop", "army", "rebel", "insurgent", "militia",
     "militiaman", "jihadist", "gunman", "gunmen", "military", "force", "forces"}
)
PRIMITIVE_WORDS = frozenset({"stone", "rock", "brick", "stick", "machete", "knife", "axe", "club", "rod", "fist"})
# Taking a place in battle: "Government regains territory" / "Non-state actor overtakes territory".
RETAKE_LEMMAS = frozenset({"recapture", "re-capture", "retake", "regain", "liberate"})
TAKE_LEMMAS = frozenset({"capture", "seize", "take", "overrun"})
REMOTE_MODES = frozenset({"aerial", "drone", "heavy-weapons", "explosives", "suicide-attack", "unconventional"})
PLACE_WORDS = frozenset(
    {"control", "town", "village", "city", "base", "area", "territory", "position", "hill", "district",
     "outpost", "airport", "locality", "camp", "stronghold", "garrison", "headquarters", "region"}
)
DOWNED_WEAPONS = frozenset({"drone", "uav", "missile", "rocket", "projectile", "quadcopter"})
LAUNCHED_GRENADE_WORDS = frozenset({"launcher", "launchers", "rocket-propelled", "propelled", "rpg", "rpgs"})
# Weapons whose users meet no return fire in the same act: a strike stays a strike even when
# the paragraph tells of fighting back elsewhere.
ONE_SIDED_MODES = frozenset({"suicide-attack", "unconventional", "crowd-control", "aerial", "drone"})
REPEL_LEMMAS = frozenset({"repel", "repulse"})
GRENADE_WORDS = frozenset({"grenade", "grenades"})
WEAPON_WORDS = frozenset(
    {"weapon", "arm", "arms", "ammunition", "explosive", "ied", "bomb", "grenade", "cache", "rifle", "gun",
     "drone", "uav", "missile", "shipment",
     "pistol", "mine", "landmine", "device", "depot", "stockpile", "mortar", "rocket", "detonator"}
)
SEIZE_LEMMAS = frozenset({"seize", "confiscate"})
LOOT_WORDS = frozenset({"loot", "looted", "pillage", "plunder", "steal", "stole", "stolen"})
SIGHTING_VERBS = frozenset({"see", "observe", "spot", "sight"})
BASE_WORDS = frozenset({"base", "camp", "headquarters", "checkpoint", "post", "position", "outpost", "barracks"})
BASE_VERBS = frozenset({"establish", "set", "build", "erect"})
VIOLENT_TYPES = frozenset({PloverType.ASSAULT, PloverType.PROTEST})


@dataclass(frozen=True, slots=True)
class Typing:
    mode: str | None
    cameo: str
    acled_event_type: str | None
    acled_sub_event_type: str | None


def refine_mode(draft: EventDraft, lexicon: Lexicon) -> str | None:
    """The primary trigger's own mode, unless a more specific weapon is named in the sentence;
    a mode of another trigger of the event only when the sentence names no weapon."""
    entry_mode = draft.primary.entry.mode
    if entry_mode is None:
        cued = _first_cue(draft, lexicon)
        if cued is not None:
            return cued
        return next((t.entry.mode for t in draft.triggers if t.entry.mode), None)
    cues = lexicon.mode_cues.get(draft.event_type, ())
    if not cues:
        return entry_mode
    ranked = [cue.mode for cue in cues]
    if entry_mode is not None and entry_mode not in ranked:
        return entry_mode  # abduct, targeted, destroy ... say more than any weapon word
    lemmas = _sentence_words(draft)
    for cue in cues:
        if entry_mode is not None and ranked.index(cue.mode) >= ranked.index(entry_mode):
            return entry_mode
        if cue.lemmas & lemmas:
            return cue.mode
    return entry_mode


def _first_cue(draft: EventDraft, lexicon: Lexicon) -> str | None:
    words = _sentence_words(draft)
    return next((cue.mode for cue in lexicon.mode_cues.get(draft.event_type, ()) if cue.lemmas & words), None)


def _sentence_words(draft: EventDraft) -> set[str]:
    """Lemmas and lower-case forms of the event's sentences."""
    sentences = [draft.sentence, *draft.followups]
    tokens = [t for s in sentences for t in s if not (_up_in_the_air(t) or _set_on_fire(t) or _launched_grenade(t))]
    words = {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}
    # a capitalised plural the tagger took for a name keeps its "s" in the lemma ("Rockets")
    return words | {word[:-1] for word in words if word.endswith("s")}


def _set_on_fire(token: Token) -> bool:
    """"set fire to", "on fire", "caught fire" is arson, not gunfire."""
    return token.lower_ == "fire" and token.head.lemma_.lower() in {"set", "on", "catch"}


def _launched_grenade(token: Token) -> bool:
    """A "grenade launcher" fires like a mortar; the word alone would make it an explosives attack."""
    return token.lower_ in {"grenade", "grenades"} and token.head.lemma_.lower() in {"launcher", "launchers"}


def _up_in_the_air(token: Token) -> bool:
    """"shots fired into the air" names no aircraft."""
    return token.lower_ == "air" and token.head.lower_ in {"in", "into", "to"}


def classify(draft: EventDraft, mode: str | None, *, recipient_type: str | None, actor_type: str | None,
             fatalities: int | None, sentence_drafts: Sequence[EventDraft], lexicon: Lexicon) -> Typing:
    """The CAMEO code and ACLED event type / sub-event type of a draft, refined by ACLED's rules."""
    mode = _mobilize_mode(draft.event_type, mode, actor_type if draft.actor is not None else recipient_type)
    mode = _bombing_mode(draft, mode, actor_type)
    entry = lexicon.classify(draft.event_type, mode)
    acled: tuple[str | None, str | None] = (entry.acled_event_type, entry.acled_sub_event_type)
    parties = _Parties(actor_type=actor_type, recipient_type=recipient_type)
    if draft.event_type is PloverType.ASSAULT:
        acled = _assault_acled(draft, mode, acled, parties, sentence_drafts, lexicon, by_recipient=entry.by_recipient)
    elif draft.event_type is PloverType.PROTEST:
        acled = _protest_acled(draft, mode, acled, fatalities, sentence_drafts)
    elif acled[0] == "Strategic developments":
        acled = _strategic_acled(draft, acled, parties, sentence_drafts, lexicon)
    if draft.primary.entry.stated:
        acled = (None, None)  # a stated intention or obligation: ACLED codes acts, not words
    return Typing(mode=mode, cameo=_cameo(draft, entry.cameo), acled_event_type=acled[0], acled_sub_event_type=acled[1])


def _cameo(draft: EventDraft, code: str) -> str:
    """PLOVER REQUEST is CAMEO's "appeal" (02x) and "demand" (10x): the two run in parallel
    (023 appeal for aid, 103 demand aid), so a demand word moves the code from 02 to 10."""
    if draft.event_type is PloverType.REQUEST and code.startswith("02") and any(t.entry.demand for t in draft.triggers):
        return "10" + code[2:]
    return code


@dataclass(frozen=True, slots=True)
class _Parties:
    actor_type: str | None
    recipient_type: str | None


def _bombing_mode(draft: EventDraft, mode: str | None, actor_type: str | None) -> str | None:
    """"The army bombed the village": a state's forces bomb from the air; others plant bombs."""
    token = draft.primary.token
    if mode == "explosives" and token.lemma_.lower() == "bomb" and token.pos_ == "VERB" and actor_type in STATE_FORCES - {"police"}:
        return "aerial"
    return mode


def _mobilize_mode(event_type: PloverType, mode: str | None, actor_type: str | None) -> str | None:
    """PLOVER's MOBILIZE modes name who moves: police, a non-state armed group (militia), troops."""
    if event_type is not PloverType.MOBILIZE or mode not in {None, "troops"}:
        return mode
    if actor_type == "police":
        return "police"
    return "militia" if actor_type in NON_STATE_ARMED else mode


def _assault_acled(draft: EventDraft, mode: str | None, acled: tuple[str | None, str | None], parties: _Parties,
                   sentence_drafts: Sequence[EventDraft], lexicon: Lexicon, *,
                   by_recipient: bool) -> tuple[str | None, str | None]:
    if mode == "crowd-control" and _at_a_protest(sentence_drafts):
        return (None, None)  # folded into the protest's "Protest with intervention"
    riot = _riot_kind(draft, mode, parties, sentence_drafts)
    if riot is not None:
        return ("Riots", riot)
    if mode not in ONE_SIDED_MODES and _two_sided(draft):
        territory = _territory_change(draft, parties, lexicon)
        return ("Battles", territory or "Armed clash")
    if by_recipient or _is_clash(draft) or _destruction_beside_violence(draft, mode):
        territory = _territory_change(draft, parties, lexicon)
        if territory is not None:
            return ("Battles", territory)
        return _assault_by_recipient(draft, recipient_type=parties.recipient_type, actor_type=parties.actor_type)
    if _downs_a_weapon(draft):
        return ("Strategic developments", "Disrupted weapons use")
    if acled[0] == "Explosions/Remote violence" and _is_grenade(draft):
        return ("Explosions/Remote violence", "Grenade")
    return acled


def _two_sided(draft: EventDraft) -> bool:
    """The other side fought back ("returned fire", "repelled the attack", fire "in both
    directions"): ACLED codes an attack that meets armed resistance as an "Armed clash",
    whatever weapons opened it."""
    for sentence in _paragraph_sentences(draft):
        for token in sentence:
            lemma = token.lemma_.lower()
            if lemma in REPEL_LEMMAS and token.pos_ == "VERB":
                return True
            if lemma == "fire" and any(c.lower_ == "back" for c in token.children):
                return True
            if lemma == "return" and any(c.lemma_.lower() in {"fire", "gunfire"} for c in token.children):
                return True
            if lemma == "direction" and any(c.lower_ == "both" for c in token.children):
                return True
            if lemma == "fight" and any(c.lower_ == "off" and c.dep_ == "prt" for c in token.children):
                return True
    return False


def _destruction_beside_violence(draft: EventDraft, mode: str | None) -> bool:
    """Houses burnt in an attack that also kills or wounds: ACLED codes the attack, and
    "Looting/property destruction" only when destruction is the act itself."""
    if mode != "destroy":
        return False
    return draft.primary.entry.mode != "destroy" or any(t.entry.outcome for t in draft.triggers)


def _downs_a_weapon(draft: EventDraft) -> bool:
    """"shot down a drone": a weapon stopped in flight (ACLED "Disrupted weapons use")."""
    token = draft.primary.token
    if not any(c.dep_ == "prt" and c.lower_ == "down" for c in token.children):
        return False
    return any(c.dep_ in {"dobj", "obj"} and c.lemma_.lower() in DOWNED_WEAPONS for c in token.children)


def _protest_acled(draft: EventDraft, mode: str | None, acled: tuple[str | None, str | None],
                   fatalities: int | None, sentence_drafts: Sequence[EventDraft]) -> tuple[str | None, str | None]:
    if mode in {"riot", "vandalize"} or _protesters_violent(draft):
        return ("Riots", "Violent demonstration")
    if _has_intervention(draft, sentence_drafts):
        return ("Protests", "Excessive force against protesters" if fatalities else "Protest with intervention")
    return acled


def _strategic_acled(draft: EventDraft, acled: tuple[str | None, str | None], parties: _Parties,
                     sentence_drafts: Sequence[EventDraft], lexicon: Lexicon) -> tuple[str | None, str | None]:
    """Arrests, raids, seizures and movements are ACLED events only when they are the main act:
    beside reported violence ACLED codes the violence (and PLOVER the ASSAULT, see MOBILIZE)."""
    if acled[1] != "Looting/property destruction" and _violence_nearby(draft, sentence_drafts, lexicon):
        return (None, None)
    words = _sentence_words(draft)
    if draft.primary.token.lemma_.lower() in SIGHTING_VERBS and not _armed_party(draft, parties):
        return (None, None)  # "the truce was observed", "he was seen in public"
    if draft.event_type is PloverType.COERCE and words & WEAPON_WORDS and acled[1] != "Arrests":
        return ("Strategic developments", "Disrupted weapons use")
    if acled[1] == "Other" and (draft.primary.token.lemma_.lower() in SEIZE_LEMMAS or words & LOOT_WORDS):
        return ("Strategic developments", "Looting/property destruction")  # goods taken, not weapons
    if draft.event_type is PloverType.MOBILIZE and words & BASE_WORDS and draft.primary.token.lemma_.lower() in BASE_VERBS:
        return ("Strategic developments", "Headquarters or base established")
    return acled


def _assault_by_recipient(draft: EventDraft, *, recipient_type: str | None, actor_type: str | None) -> tuple[str, str]:
    if any(t.token.lemma_.lower() in CLASH_LEMMAS for t in draft.triggers):
        return ("Battles", "Armed clash")
    if recipient_type == "civilians":
        return ("Violence against civilians", "Attack")
    if _victims_armed(draft):
        return ("Battles", "Armed clash")
    if _looks_civilian(draft.recipient):
        return ("Violence against civilians", "Attack")
    target = _attacked_object(draft)
    if draft.recipient is None and target in CIVILIAN_TARGETS:
        return ("Violence against civilians", "Attack")  # "militants attacked a church"
    if draft.recipient is None and target in MILITARY_TARGETS:
        return ("Battles", "Armed clash")  # "gunmen attacked an army post"
    if recipient_type in ARMED_TYPES and (actor_type in ARMED_TYPES or actor_type is None):
        return ("Battles", "Armed clash")
    if draft.recipient is None and actor_type in ARMED_TYPES:
        return ("Battles", "Armed clash")
    return ("Violence against civilians", "Attack") if draft.recipient is not None else ("Battles", "Armed clash")


CIVILIAN_TARGETS = frozenset(
    {"village", "church", "mosque", "market", "school", "house", "home", "hospital", "camp", "bus",
     "car", "vehicle", "shop", "farm", "wedding", "funeral", "hamlet", "settlement", "town", "clinic",
     "restaurant", "hotel", "bar", "minibus", "truck", "boat", "tent", "shelter", "neighbourhood",
     "center", "centre", "office", "store", "temple", "site", "residence", "compound"}
)
ARMED_VICTIM_WORDS = frozenset(
    {"police", "policeman", "policemen", "officer", "soldier", "troops", "troop", "gendarme", "gendarmerie",
     "militia", "militiaman", "army", "military", "fighter", "militant", "rebel", "insurgent", "jihadist",
     "serviceman", "commander", "checkpoint", "barracks", "outpost"}
)
MILITARY_TARGETS = frozenset(
    {"base", "post", "position", "checkpoint", "station", "convoy", "patrol", "barracks", "outpost",
     "garrison", "headquarters", "tank", "unit", "column", "positions", "forces", "troops"}
)


def _attacked_object(draft: EventDraft) -> str | None:
    """The lemma of what the primary trigger hit, participant or not ("attacked a church",
    "opened fire on a bus"); a date after "on" is when, not what."""
    token = draft.primary.token
    objects = [c for c in token.children if c.dep_ in {"dobj", "obj"}]
    for obj in objects:
        if obj.lemma_.lower() != "fire":
            return obj.lemma_.lower()
    for head in (token, *objects):
        for child in head.children:
            if child.dep_ != "prep" or child.lower_ not in {"on", "against", "at"}:
                continue
            targets = [c for c in child.children if c.dep_ == "pobj" and c.ent_type_ not in {"DATE", "TIME"}]
            if targets:
                return targets[0].lemma_.lower()
    return None


def _victims_armed(draft: EventDraft) -> bool:
    """Those hit are security forces or fighters ("two policemen were killed", "attacked the
    gendarmerie"): ACLED codes an attack on an armed party as a battle."""
    recipient = draft.recipient
    if recipient is not None and recipient.root.pos_ != "PRON":
        # "militia camps", "positions of the army": what was hit belongs to an armed party
        words = {t.lemma_.lower() for t in recipient} | {t.lower_ for t in recipient}
        if recipient.root.lemma_.lower() in CIVILIAN_WORDS:
            return False
        if words & (ARMED_VICTIM_WORDS | MILITARY_TARGETS):
            return True
    heads = [c for t in draft.triggers if t.entry.outcome for c in t.token.children if c.dep_ == "nsubjpass"]
    return any(head.lemma_.lower() in ARMED_VICTIM_WORDS or head.lower_ in ARMED_VICTIM_WORDS for head in heads)


def _looks_civilian(recipient: Span | None) -> bool:
    return recipient is not None and recipient.root.lemma_.lower() in CIVILIAN_WORDS | CIVILIAN_TARGETS


def _has_intervention(draft: EventDraft, sentence_drafts: Sequence[EventDraft]) -> bool:
    """Forces acted on the protest (ACLED "Protest with intervention"): tear gas, dispersal,
    force or arrests of the protesters told in the protest's paragraph; an arrest the people
    protest against ("against the arrest of ...") is their cause, not an intervention."""
    for other in sentence_drafts:
        token = other.primary.token
        if other is draft or token.pos_ != "VERB" or _background(token):
            continue
        if other.event_type is PloverType.ASSAULT or (other.event_type is PloverType.COERCE and _hits_protesters(token)):
            return True
    for sentence in _paragraph_sentences(draft):
        for token in sentence:
            lemma = token.lemma_.lower()
            if (lemma in CROWD_CONTROL_WORDS or _is_tear_gas(token)) and not _background(token):
                return True
            if lemma in ARREST_VERBS and token.pos_ == "VERB" and not _background(token) and _hits_protesters(token):
                return True
    return False


def _is_tear_gas(token: Token) -> bool:
    return token.lower_ in {"tear", "rubber"} and token.i + 1 < len(token.doc) and token.nbor().lower_ in {"gas", "bullet", "bullets"}


def _hits_protesters(token: Token) -> bool:
    """The act's object or passive subject are the protesters ("detained four protesters",
    "they were arrested"), not a person whose arrest was protested ("he was arrested")."""
    for child in token.children:
        if child.dep_ in {"dobj", "obj", "nsubjpass"}:
            words = {t.lemma_.lower() for t in child.subtree} | {child.lower_}
            if words & (PROTESTER_WORDS | CROWD_WORDS | PROTEST_PARTICIPANTS):
                return True
    return False


def _at_a_protest(sentence_drafts: Sequence[EventDraft]) -> bool:
    return any(d.event_type is PloverType.PROTEST for d in sentence_drafts)


def _root_lemma(span: Span | None) -> str | None:
    return span.root.lemma_.lower() if span is not None else None


def _riot_kind(draft: EventDraft, mode: str | None, parties: _Parties, sentence_drafts: Sequence[EventDraft]) -> str | None:
    """ACLED Riots: violence by demonstrators ("Violent demonstration") or by an unorganised
    crowd outside a demonstration ("Mob violence"); None when armed groups or forces act."""
    if draft.outcome_only or mode in REMOTE_MODES:
        return None  # a toll or a bomb says nothing of a crowd's own violence
    actor = _root_lemma(draft.actor)
    if parties.actor_type in ARMED_TYPES or (actor is not None and actor in ARMED_WORDS):
        return None
    if actor in PROTESTER_WORDS or parties.actor_type == "protesters":
        return "Violent demonstration"
    if actor in CROWD_WORDS or parties.actor_type == "rioters" or _crowd_of_people(draft.actor):
        return "Violent demonstration" if _at_a_protest(sentence_drafts) else "Mob violence"
    if parties.actor_type == "civilians" and _several(draft.actor) and _unarmed_crowd(draft, parties):
        return "Violent demonstration" if _at_a_protest(sentence_drafts) else "Mob violence"
    if _is_clash(draft) and parties.recipient_type not in ARMED_TYPES and _unarmed_brawl(draft):
        return "Mob violence"
    return None


def _crowd_of_people(actor: Span | None) -> bool:
    """"a group of villagers", "hundreds of people": a quantity of crowd words or people."""
    if actor is None:
        return False
    members = [pobj for prep in actor.root.children if prep.lower_ == "of" for pobj in prep.children if pobj.dep_ == "pobj"]
    return any(t.lemma_.lower() in CROWD_WORDS | {"people", "person"} for t in members)


def _unarmed_crowd(draft: EventDraft, parties: _Parties) -> bool:
    """"Migrant workers pelted stones at police", "five men beat a man to death": people who
    use violence together, told with no guns, blades, gangs or fighters' words, are a mob. A
    clash entry's firearms mode is the verb's default, not a gun the text names; but a clash
    between two communities' people ("pastoralists clashed with farmers") is fought by their
    militias, so only a clash with a state's forces makes a crowd rioters."""
    if _sentence_words(draft) & (NOT_MOB_WORDS | ARMED_WORDS):
        return False
    return not _is_clash(draft) or parties.recipient_type in STATE_FORCES


def _several(actor: Span | None) -> bool:
    """More than one person: a plural head ("five persons", "migrant workers") or a group
    ("a group of men")."""
    if actor is None or len(actor) == 0:
        return False
    root = actor.root
    return root.tag_ in {"NNS", "NNPS"} or root.lemma_.lower() in COLLECTIVE_NOUNS


def _unarmed_brawl(draft: EventDraft) -> bool:
    """A clash in which the sentence names crowds or stones and sticks but no armed party."""
    words = _sentence_words(draft)
    return not words & ARMED_WORDS and bool(words & (CROWD_WORDS | PRIMITIVE_WORDS | {"group", "groups"}))


def _is_clash(draft: EventDraft) -> bool:
    """The event's main word says both sides fought: ACLED codes an "Armed clash" whatever
    weapons the sides used (an RPG or mortar fired in a firefight does not make it shelling)."""
    return draft.primary.token.lemma_.lower() in CLASH_LEMMAS


def _territory_change(draft: EventDraft, parties: _Parties, lexicon: Lexicon) -> str | None:
    """A place taken in fighting: by state forces "Government regains territory", by a non-state
    armed group "Non-state actor overtakes territory"; the act may be told in a later sentence of
    the paragraph ("... clashed with X. The troops took control of the village.")."""
    lemmas = _territory_lemmas(draft.triggers)
    if not lemmas:
        lemmas = _territory_lemmas([t for t in _paragraph_triggers(draft, lexicon) if t.event_type is PloverType.ASSAULT])
    if not lemmas:
        return None
    if parties.actor_type in STATE_FORCES:
        return "Government regains territory"
    if parties.actor_type in NON_STATE_ARMED:
        return "Non-state actor overtakes territory"
    return "Government regains territory" if lemmas & RETAKE_LEMMAS else None


def _territory_lemmas(triggers: Sequence[Trigger]) -> set[str]:
    """Lemmas of the triggers that say a place was taken: "recaptured", "overran", and "took",
    "seized", "captured" with a place or "control" as object (not "seized a truck")."""
    found = set()
    for trigger in triggers:
        lemma = trigger.token.lemma_.lower()
        if lemma in RETAKE_LEMMAS or lemma == "overrun" or (lemma in TAKE_LEMMAS and _takes_a_place(trigger.token)):
            found.add(lemma)
    return found


def _takes_a_place(token: Token) -> bool:
    for child in token.children:
        if child.dep_ not in {"dobj", "obj", "prep"}:
            continue
        heads = [child] if child.dep_ != "prep" else [c for c in child.children if c.dep_ == "pobj"]
        for head in heads:
            if head.lemma_.lower() in PLACE_WORDS or head.ent_type_ in {"GPE", "LOC", "FAC"}:
                return True
    return False


def _is_grenade(draft: EventDraft) -> bool:
    """A hand grenade; a grenade launcher or a rocket-propelled grenade is a heavier weapon."""
    words = _sentence_words(draft)
    return bool(words & GRENADE_WORDS) and not words & LAUNCHED_GRENADE_WORDS


def _protesters_violent(draft: EventDraft) -> bool:
    """Demonstrators use violence or vandalism in the protest's paragraph: stones, molotovs,
    looting, clashes, arson, burning tyres (ACLED's codebook names road blocks of burning tyres
    among the acts of a violent demonstration)."""
    for sentence in _paragraph_sentences(draft):
        # acts told as acts: not "the Torch Movement", "looted weapons", "who had clashed"
        words = {t.lemma_.lower() for t in sentence if _tells_an_act(t)}
        if words & RIOT_WORDS:
            return True
        if words & ARSON_WORDS and words & {"set", "burn", "torch"} and "tear" not in words:
            return True
        if _burning_tyres(sentence):
            return True
    return False


def _burning_tyres(sentence: Span) -> bool:
    """"blocked the road with burning tyres", "tyres were set alight": a tyre and a word of
    fire in one sentence."""
    if not any(t.lower_ in TYRE_WORDS for t in sentence):
        return False
    # "fired" alone is a gun or tear gas ("police fired tear gas"), not a fire
    return any(t.lemma_.lower() in TYRE_FIRE_WORDS or t.lower_ in TYRE_FIRE_WORDS or _set_on_fire(t) for t in sentence)


def _armed_party(draft: EventDraft, parties: _Parties) -> bool:
    if parties.actor_type in ARMED_TYPES or parties.recipient_type in ARMED_TYPES:
        return True
    spans = [span for span in (draft.actor, draft.recipient) if span is not None]
    return any(t.lemma_.lower() in ARMED_WORDS or t.lower_ in ARMED_WORDS for span in spans for t in span)


def _tells_an_act(token: Token) -> bool:
    if token.pos_ == "NOUN":
        return token.lemma_.lower() in RIOT_OBJECTS
    return token.pos_ == "VERB" and token.dep_ not in {"amod", "compound"} and not _background(token)


def _violence_nearby(draft: EventDraft, sentence_drafts: Sequence[EventDraft], lexicon: Lexicon) -> bool:
    """A violent event in the same sentence, or a violent verb elsewhere in the paragraph."""
    if any(d.event_type in VIOLENT_TYPES and not _background(d.primary.token) for d in sentence_drafts if d is not draft):
        return True
    return any(
        t.event_type in VIOLENT_TYPES and t.token.pos_ == "VERB" and not _background(t.token)
        and (not t.entry.outcome or _has_agent(t.token))
        for t in _paragraph_triggers(draft, lexicon)
        if t.token.sent != draft.sentence
    )


def _has_agent(token: Token) -> bool:
    """"gunmen killed a trader" reports an act; "two died" only a toll."""
    return any(child.dep_ in {"nsubj", "agent"} for child in token.children)


def _background(token: Token) -> bool:
    """An act told as background: in a relative clause ("men who had shot a trader") or in the
    past perfect ("had attacked")."""
    if token.dep_ in {"relcl", "acl"}:
        return True
    return any(child.dep_ == "aux" and child.lower_ == "had" for child in token.children)


def _paragraph_sentences(draft: EventDraft) -> list[Span]:
    """The sentences of the draft's paragraph (up to a blank line, or a line break when the
    text has no blank lines)."""
    doc = draft.sentence.doc
    by_paragraph = doc.user_data.get(PARAGRAPH_SENTENCES_KEY)
    if by_paragraph is None:  # built once per document: reading doc.sents per draft is quadratic
        paragraphs = Paragraphs(text_of(doc))
        by_paragraph = doc.user_data[PARAGRAPH_SENTENCES_KEY] = defaultdict(list)
        for sentence in sentences_of(doc):
            by_paragraph[paragraphs.index(sentence.start_char)].append(sentence)
        doc.user_data[PARAGRAPHS_KEY] = paragraphs
    return list(by_paragraph.get(doc.user_data[PARAGRAPHS_KEY].index(draft.start_char), ()))


PARAGRAPHS_KEY = "eventwire.paragraphs"
PARAGRAPH_SENTENCES_KEY = "eventwire.paragraph_sentences"


def _paragraph_triggers(draft: EventDraft, lexicon: Lexicon) -> list[Trigger]:
    return [t for sentence in _paragraph_sentences(draft) for t in find_triggers(sentence, lexicon)]
