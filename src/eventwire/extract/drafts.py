"""Group a sentence's triggers into events, and join a follow-up sentence to its event.

Rules (documented in docs/EXTRACTION.md):
- One event per PLOVER type per sentence: "clashes erupted ... and two were killed" is one
  ASSAULT; its primary trigger is the non-outcome trigger nearest the root of the parse.
- Outcome words (killed, wounded, died) join the sentence's ASSAULT, else its PROTEST (people
  killed at a protest), and form an ASSAULT of their own otherwise ("killed during a raid").
- Stones thrown or property burnt in a sentence that reports a protest are the protest's own
  acts (PLOVER PROTEST riot), not an ASSAULT of their own.
- A raid or deployment in a sentence that also reports force is the setting of that force, not
  an event of its own (PLOVER codes only the ASSAULT); arrests stay separate events.
- A sentence that only states a toll ("Five people were killed.") with no actor of its own joins
  the violent event of the sentence before it in the same paragraph, else the paragraph's last
  violent event ("Gunmen attacked a bus. The governor condemned it. Two passengers died."), so
  one strike reported in several sentences stays one event.
- A sentence that refers back to the article's violent event with a definite noun tells no new
  event: "the bombing" in "hours before the bombing" is none and dates its clause from that
  event; "The blast destroyed shops" (no date of its own) and "two of the wounded died" join
  that event as a toll sentence when they follow it, else give nothing (see references.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from eventwire.extract.lexicon import Lexicon
from eventwire.extract.paragraphs import Paragraphs
from eventwire.extract.references import (
    has_reference_subject,
    is_violent_host,
    names_earlier_event,
    names_earlier_hurt,
    time_anchor,
)
from eventwire.extract.roles import GROUP_PARTS, find_roles, is_bare_generic, threatened_party
from eventwire.extract.speech import attribution
from eventwire.extract.triggers import Trigger, find_triggers
from eventwire.model import Modality, PloverType
from eventwire.nlp.docview import sentences_of

OUTCOME_HOSTS = (PloverType.ASSAULT, PloverType.PROTEST)
FOLLOWUP_HOSTS = (PloverType.ASSAULT, PloverType.PROTEST, PloverType.COERCE)
ABSORBED_BY_ASSAULT = frozenset({(PloverType.COERCE, "seize"), (PloverType.MOBILIZE, "troops")})
# Stones thrown or property burnt at a protest are the protest turning violent: PLOVER codes one
# PROTEST (mode riot), ACLED one "Violent demonstration".
ABSORBED_BY_PROTEST = frozenset({(PloverType.ASSAULT, "primitive"), (PloverType.ASSAULT, "destroy")})


@dataclass
class EventDraft:
    """Working state of one event while the stages fill it in (not part of the public model)."""

    sentence: Span
    triggers: list[Trigger]
    event_type: PloverType
    mode: str | None = None
    actor: Span | None = None
    recipient: Span | None = None
    followups: list[Span] = field(default_factory=list)
    # not asserted: the act is planned, threatened, denied or hypothetical (see triggers.py)
    modality: Modality = Modality.ASSERTED
    # the earlier event a time adverbial names ("hours before the bombing"), and the days from
    # its day: the draft takes that day when its sentence has no date of its own
    anchor: EventDraft | None = None
    anchor_days: int = 0

    @property
    def unreal(self) -> bool:
        return self.modality is not Modality.ASSERTED

    @property
    def primary(self) -> Trigger:
        acts = [t for t in self.triggers if not t.entry.outcome]
        # a protest's stones or arson joined it (ABSORBED_BY_PROTEST): its own word leads
        acts = [t for t in acts if t.event_type is self.event_type] or acts or self.triggers
        return min(acts, key=lambda t: (_depth(t.token), t.token.i))

    @property
    def start_char(self) -> int:
        return self.sentence.start_char

    @property
    def end_char(self) -> int:
        """End of the last sentence, trailing white space (paragraph breaks) left out."""
        last = self.followups[-1] if self.followups else self.sentence
        # from the tokens: Doc.text is rebuilt from all tokens on every access
        for token in reversed(last):
            if not token.is_space:
                return token.idx + len(token.text)
        return last.start_char

    @property
    def outcome_only(self) -> bool:
        return all(t.entry.outcome for t in self.triggers)


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i:
        token = token.head
        depth += 1
    return depth


def group_triggers(triggers: list[Trigger]) -> dict[PloverType, list[Trigger]]:
    groups: dict[PloverType, list[Trigger]] = {}
    outcomes: list[Trigger] = []
    absorbed: list[Trigger] = []
    at_a_protest = any(t.event_type is PloverType.PROTEST for t in triggers)
    for trigger in triggers:
        if at_a_protest and (trigger.event_type, trigger.entry.mode) in ABSORBED_BY_PROTEST:
            groups.setdefault(PloverType.PROTEST, []).append(trigger)
        elif trigger.entry.outcome:
            outcomes.append(trigger)
        elif (trigger.event_type, trigger.entry.mode) in ABSORBED_BY_ASSAULT:
            absorbed.append(trigger)
        else:
            groups.setdefault(trigger.event_type, []).append(trigger)
    if outcomes:
        host = next((t for t in OUTCOME_HOSTS if t in groups), PloverType.ASSAULT)
        groups.setdefault(host, []).extend(outcomes)
    for trigger in absorbed:
        if PloverType.ASSAULT not in groups:
            groups.setdefault(trigger.event_type, []).append(trigger)
    return groups


def sentence_drafts(sentence: Span, lexicon: Lexicon) -> list[EventDraft]:
    """The sentence's events: one per PLOVER type among the acts it asserts, and one per type
    and modality among those it tells as planned, threatened, denied or hypothetical."""
    by_modality: dict[Modality, list[Trigger]] = {}
    for trigger in find_triggers(sentence, lexicon):
        by_modality.setdefault(trigger.modality, []).append(trigger)
    drafts = []
    for modality, found in by_modality.items():
        for event_type, triggers in group_triggers(found).items():
            draft = EventDraft(sentence=sentence, triggers=sorted(triggers, key=lambda t: t.token.i),
                               event_type=event_type, modality=modality)
            _fill_roles(draft, lexicon.event_nouns)
            drafts.append(draft)
    return sorted(drafts, key=lambda d: (d.primary.token.i, d.unreal))


# Threats whose subject is the one threatened: "Israel will pay a heavy price, Hamas said".
THREATS_TO_SUBJECT = frozenset({"pay"})


def _fill_roles(draft: EventDraft, event_nouns: frozenset[str]) -> None:
    ordered = [draft.primary] + [t for t in draft.triggers if t is not draft.primary]
    for trigger in ordered:
        roles = find_roles(trigger.token, event_nouns)
        draft.actor = draft.actor or roles.actor
        if roles.actor is not None and draft.actor is not None and _names_the_bare(roles.actor, draft.actor):
            # "presumed JNIM militants attacked the post, the militants fired an RPG": the
            # sentence's other act names who "the militants" are
            draft.actor = roles.actor
        draft.recipient = draft.recipient or roles.recipient
    if draft.event_type is PloverType.THREATEN and draft.primary.entry.lemma in THREATS_TO_SUBJECT:
        found = attribution(draft.primary.token)
        draft.actor, draft.recipient = (found.speaker if found is not None else None), draft.actor
    elif draft.event_type is PloverType.THREATEN and draft.recipient is None:
        draft.recipient = _threatened(draft, event_nouns)
    if draft.actor is not None and draft.recipient is not None and _overlaps(draft.actor, draft.recipient) \
            and not _parts_of_one_group(draft.actor, draft.recipient):
        draft.recipient = None


def _names_the_bare(named: Span, bare: Span) -> bool:
    """Whether ``named`` is a named party of the kind a bare ``bare`` mention is: the same head
    noun, with a name ("JNIM militants" for "the militants"), not another kind of party."""
    return (is_bare_generic(bare) and not is_bare_generic(named)
            and named.root.lemma_.lower() == bare.root.lemma_.lower())


def _parts_of_one_group(actor: Span, recipient: Span) -> bool:
    """"2 groups of Al Shabaab clashed": the group inside the actor's phrase fought itself."""
    return actor.root.lemma_.lower() in GROUP_PARTS and actor.root.tag_ in {"NNS", "NNPS"} \
        and recipient.start > actor.root.i


def _threatened(draft: EventDraft, event_nouns: frozenset[str]) -> Span | None:
    """"Gallant vowed that the group 'will pay a heavy price'": the one who will pay is the one
    threatened; else the party the threatened act is done to (``roles.threatened_party``)."""
    for trigger in draft.triggers:
        if trigger is not draft.primary and trigger.entry.lemma in THREATS_TO_SUBJECT:
            return find_roles(trigger.token, event_nouns).actor
    return threatened_party(draft.primary.token)


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def draft_events(doc: Doc, lexicon: Lexicon, paragraphs: Paragraphs,
                 dated: Sequence[tuple[int, int]] = ()) -> list[EventDraft]:
    """All event drafts of an article, follow-up toll sentences joined to their events and
    sentences that refer back to an event told before left out. ``dated``: the character
    ranges of the article's date expressions."""
    drafts: list[EventDraft] = []
    previous_sentence_drafts: list[EventDraft] = []
    for sentence in sentences_of(doc):
        referred = _last_violent(drafts)
        current = sentence_drafts(sentence, lexicon)
        if referred is not None:
            current = _anchored(current, referred)
        remaining = []
        for draft in current:
            host = _followup_host(draft, previous_sentence_drafts, paragraphs) or \
                _followup_host(draft, drafts, paragraphs)
            if host is None and referred is not None and _retells(draft, dated):
                host = referred if any(d is referred for d in previous_sentence_drafts) else None
                if host is None:
                    continue  # more of an event told before, and not next to it: no new event
            if host is None:
                remaining.append(draft)
            else:
                host.followups.append(sentence)
                host.triggers.extend(t for t in draft.triggers if t.entry.outcome)
                host.recipient = host.recipient or draft.recipient
        drafts.extend(remaining)
        previous_sentence_drafts = remaining or [d for d in previous_sentence_drafts if sentence in d.followups]
    return drafts


def _last_violent(drafts: list[EventDraft]) -> EventDraft | None:
    return next((d for d in reversed(drafts) if is_violent_host(d.event_type, d.unreal)), None)


def _anchored(current: list[EventDraft], referred: EventDraft) -> list[EventDraft]:
    """The sentence's drafts without the event nouns of its time adverbials ("hours before the
    bombing" tells no bombing), each asserted one anchored to the event that noun names."""
    named = {t.token.i for d in current for t in d.triggers
             if t.event_type is PloverType.ASSAULT and names_earlier_event(t.token)}
    anchors = [a for d in current for t in d.triggers if t.token.i in named
               for a in [time_anchor(t.token)] if a is not None]
    kept = []
    for draft in current:
        draft.triggers = [t for t in draft.triggers if t.token.i not in named]
        if not draft.triggers:
            continue
        if anchors and not draft.unreal:
            draft.anchor, draft.anchor_days = referred, anchors[0].days
        kept.append(draft)
    return kept


def _retells(draft: EventDraft, dated: Sequence[tuple[int, int]]) -> bool:
    """An asserted ASSAULT that tells more of the event before: its act's subject is "the
    blast" and its sentence has no date, or it is the death or injury of "the wounded"."""
    if not is_violent_host(draft.event_type, draft.unreal):
        return False
    if draft.outcome_only and draft.actor is None and names_earlier_hurt(draft.recipient):
        return True
    sentence = draft.sentence
    own_date = any(sentence.start_char <= start and end <= sentence.end_char for start, end in dated)
    return not own_date and has_reference_subject([t.token for t in draft.triggers])


def _followup_host(draft: EventDraft, previous: list[EventDraft], paragraphs: Paragraphs) -> EventDraft | None:
    if draft.event_type is not PloverType.ASSAULT or not draft.outcome_only or draft.actor is not None \
            or draft.unreal:
        return None
    for host in reversed(previous):
        if host.event_type in FOLLOWUP_HOSTS and not host.unreal and paragraphs.same(host.start_char, draft.start_char):
            return host
    return None
