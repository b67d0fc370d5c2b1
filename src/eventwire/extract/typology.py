"""ASSAULT modes from the sentence, and the ACLED / CAMEO equivalents of each event.

ACLED's sub-event type of an ASSAULT without a heavy weapon depends on who was hit: one-sided
violence against civilians is "Violence against civilians / Attack"; fighting between armed
groups is "Battles / Armed clash". Force used on a protest is folded into the protest record,
as ACLED codes one event: the protest becomes "Protest with intervention", or "Excessive force
against protesters" when people were killed, and the force itself keeps no ACLED type.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span

from eventwire.extract.drafts import EventDraft
from eventwire.extract.lexicon import Lexicon
from eventwire.model import PloverType

CLASH_LEMMAS = frozenset({"clash", "fight", "fighting", "battle", "exchange", "ambush", "overrun"})
ARMED_TYPES = frozenset({"state_military", "police", "rebel_group", "political_militia", "identity_militia", "external_forces"})
CIVILIAN_WORDS = frozenset(
    {"civilian", "man", "woman", "child", "children", "boy", "girl", "resident", "villager", "farmer",
     "shepherd", "worker", "journalist", "teenager", "student", "family", "people", "person",
     "passerby", "motorist", "fisherman", "doctor", "paramedic", "nurse", "teacher", "worshipper",
     "mourner", "protester", "demonstrator", "pupil", "infant", "baby", "elder", "displaced", "refugee"}
)
INTERVENTION_LEMMAS = frozenset({"disperse", "tear", "teargas", "arrest", "detain", "beat", "crackdown", "break"})


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
    words = {t.lemma_.lower() for s in sentences for t in s} | {t.lower_ for s in sentences for t in s}
    # a capitalised plural the tagger took for a name keeps its "s" in the lemma ("Rockets")
    return words | {word[:-1] for word in words if word.endswith("s")}


def classify(draft: EventDraft, mode: str | None, *, recipient_type: str | None, actor_type: str | None,
             fatalities: int | None, sentence_drafts: Sequence[EventDraft], lexicon: Lexicon) -> Typing:
    entry = lexicon.classify(draft.event_type, mode)
    acled = (entry.acled_event_type, entry.acled_sub_event_type)
    if draft.event_type is PloverType.ASSAULT and entry.by_recipient:
        acled = _assault_by_recipient(draft, recipient_type=recipient_type, actor_type=actor_type)
    at_a_protest = any(d.event_type is PloverType.PROTEST for d in sentence_drafts)
    if draft.event_type is PloverType.ASSAULT and mode == "crowd-control" and at_a_protest:
        acled = (None, None)
    if draft.event_type is PloverType.PROTEST and _has_intervention(draft, sentence_drafts):
        sub = "Excessive force against protesters" if fatalities else "Protest with intervention"
        acled = ("Protests", sub) if mode != "riot" else acled
    return Typing(mode=mode, cameo=entry.cameo, acled_event_type=acled[0], acled_sub_event_type=acled[1])


def _assault_by_recipient(draft: EventDraft, *, recipient_type: str | None, actor_type: str | None) -> tuple[str, str]:
    if any(t.token.lemma_.lower() in CLASH_LEMMAS for t in draft.triggers):
        return ("Battles", "Armed clash")
    if recipient_type == "civilians" or _looks_civilian(draft.recipient):
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
     "restaurant", "hotel", "bar", "minibus", "truck", "boat", "tent", "shelter", "neighbourhood"}
)
MILITARY_TARGETS = frozenset(
    {"base", "post", "position", "checkpoint", "station", "convoy", "patrol", "barracks", "outpost",
     "garrison", "headquarters", "tank", "unit", "column"}
)


def _attacked_object(draft: EventDraft) -> str | None:
    """The lemma of what the primary trigger hit, participant or not ("attacked a church")."""
    token = draft.primary.token
    for child in token.children:
        if child.dep_ in {"dobj", "obj"}:
            return child.lemma_.lower()
        if child.dep_ == "prep" and child.lower_ in {"on", "against", "at"}:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0].lemma_.lower()
    return None


def _looks_civilian(recipient: Span | None) -> bool:
    return recipient is not None and recipient.root.lemma_.lower() in CIVILIAN_WORDS


def _has_intervention(draft: EventDraft, sentence_drafts: Sequence[EventDraft]) -> bool:
    forceful = any(
        d.event_type in {PloverType.ASSAULT, PloverType.COERCE} for d in sentence_drafts if d is not draft
    )
    words = {t.lemma_.lower() for s in [draft.sentence, *draft.followups] for t in s}
    return forceful or bool(words & INTERVENTION_LEMMAS)
