"""Statements, modality and claims on the events of one article (issue 6).

Given the events the builder made, this module says on whose word each one stands:
- **modality**: asserted by the writer, claimed by a speaker (reported speech, quotes), or not
  told as having happened (planned, threatened, denied, hypothetical: see ``triggers.py``);
- **statement**: the speaker's words, the reporting verb and the quotes of a verbal event or
  of a claimed act; a claimed act's speaker, resolved, is ``claimed_by``;
- **calls**: a REQUEST that asks people to act or gather is a ``call_to_action``; one that asks
  them to attack people a ``call_to_violence``; a REJECT that denies is a ``denial``;
- **figures**: every casualty figure of an event with the party that gave it;
- **claims of responsibility** are linked to the attack they claim: "the attack", "it" or no
  object refer back to the article's last attack before the claim, which takes the claimant
  as its ``responsibility`` (and as its actor when the text named no known one); a claim that
  names an attack of its own ("claimed a bombing in Kidal") is that attack, claimed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from spacy.tokens import Span, Token

from eventwire.extract import speech
from eventwire.extract.drafts import EventDraft
from eventwire.extract.lexicon import Lexicon
from eventwire.model import (
    ActorRef,
    CasualtyCount,
    Event,
    Figure,
    Modality,
    PloverType,
    Responsibility,
    Statement,
    TextSpan,
)

VERBAL_EVENT_TYPES = frozenset(
    {PloverType.REQUEST, PloverType.THREATEN, PloverType.ACCUSE, PloverType.REJECT, PloverType.SUPPORT,
     PloverType.AGREE, PloverType.CONCEDE}
)
CALL_TYPES = frozenset({PloverType.REQUEST, PloverType.MOBILIZE})
CLAIMABLE_TYPES = frozenset({PloverType.ASSAULT, PloverType.COERCE})
DENIAL_CAMEO = "016"  # CAMEO "Deny responsibility"

Resolver = Callable[[Span, "date | None"], "ActorRef | None"]


@dataclass(frozen=True, slots=True)
class StatementFields:
    """The issue-6 fields of one event, ready to pass to ``Event``."""

    modality: Modality = Modality.ASSERTED
    claimed_by: ActorRef | None = None
    statement: Statement | None = None
    call_to_action: bool = False
    call_to_violence: bool = False
    denial: bool = False

    def as_kwargs(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


class Statements:
    """Attribution for the events of one article; ``resolve`` turns a phrase into a party."""

    def __init__(self, text: str, lexicon: Lexicon, resolve: Resolver, resolve_claimant: Resolver) -> None:
        self.text = text
        self.lexicon = lexicon
        self.resolve = resolve  # a speaker: the party they speak for
        self.resolve_claimant = resolve_claimant  # a claimant: resolved as an event's actor is
        self.quotes = speech.quote_spans(text)

    def fields(self, draft: EventDraft, actor_span: Span | None, when: date | None) -> StatementFields:
        trigger = draft.primary.token
        verbal = draft.event_type in VERBAL_EVENT_TYPES
        found = speech.attribution(trigger, self.quotes)
        speaker = found.speaker if found is not None else None
        self_report = speaker is not None and actor_span is not None and _overlap(speaker, actor_span)
        modality = draft.modality
        claimed_by = None
        if found is not None and not (verbal and (self_report or speaker is None)):
            # a speaker vouches for the act, or (unreal acts) says it is planned or threatened
            modality = modality if draft.unreal else Modality.CLAIMED
            claimed_by = self.resolve(speaker, when) if speaker is not None else None
        statement = self._statement(draft, found, actor_span if verbal else None) \
            if (verbal or claimed_by is not None or modality is Modality.CLAIMED) else None
        calls = speech.call_kind(trigger, self.lexicon) if draft.event_type in CALL_TYPES else None
        return StatementFields(
            modality=modality,
            claimed_by=claimed_by,
            statement=statement,
            call_to_action=bool(calls and calls.to_action),
            call_to_violence=bool(calls and calls.to_violence),
            denial=draft.event_type is PloverType.REJECT and any(t.entry.denial for t in draft.triggers),
        )

    def _statement(self, draft: EventDraft, found: speech.Attribution | None,
                   actor_span: Span | None) -> Statement:
        speaker = found.speaker if found is not None and found.speaker is not None else _whole(actor_span, draft)
        verb = found.verb if found is not None else draft.primary.token.doc[draft.primary.token.i : draft.primary.token.i + 1]
        quotes = speech.quotes_in(self.quotes, draft.start_char, draft.end_char)
        return Statement(
            speaker=_text_span(speaker) if speaker is not None else None,
            verb=_text_span(verb),
            quotes=tuple(TextSpan(self.text[s:e], s, e) for s, e in quotes),
        )

    def figures(self, draft: EventDraft, counts: Sequence[CasualtyCount], when: date | None) -> tuple[Figure, ...]:
        """Every figure of the event's toll, with the party the text credits it to."""
        doc = draft.sentence.doc
        figures = []
        for count in counts:
            start, end = draft.start_char + count.start, draft.start_char + count.end
            words = doc.char_span(start, end, alignment_mode="expand")
            found = speech.attribution(words.root, self.quotes) if words is not None and len(words) else None
            source = self.resolve(found.speaker, when) if found is not None and found.speaker is not None else None
            figures.append(Figure(kind=count.kind, count=count.count, text=self.text[start:end],
                                  start=start, end=end, source=source))
        return tuple(figures)

    def finish(self, pairs: Sequence[tuple[EventDraft, Event]]) -> list[Event]:
        """The article's events with non-factual acts tied to the statement that tells them and
        claims of responsibility tied to the attack they claim."""
        events = [self._with_statement_link(draft, event, pairs) for draft, event in pairs]
        events = [replace(event, cameo=DENIAL_CAMEO) if event.denial else event for event in events]
        events = [self._with_condemned_author(draft, event, events)
                  for (draft, _), event in zip(pairs, events, strict=True)]
        doc = pairs[0][0].sentence.doc if pairs else None
        if doc is None:
            return events
        for claim in speech.claims_in(doc):
            events = self._apply_claim(claim, events, pairs)
        return with_intervening_forces(events, self.text)

    def _with_statement_link(self, draft: EventDraft, event: Event,
                             pairs: Sequence[tuple[EventDraft, Event]]) -> Event:
        if not draft.unreal:
            return event
        frame = draft.primary.frame
        verbal = [(d, e) for d, e in pairs if d.sentence == draft.sentence and not d.unreal
                  and d.event_type in VERBAL_EVENT_TYPES]
        if not verbal:
            return event
        anchor = frame.i if frame is not None else draft.primary.token.i
        _, host = min(verbal, key=lambda pair: abs(pair[0].primary.token.i - anchor))
        return replace(event, stated_in=host.event_id, claimed_by=event.claimed_by or host.actor)

    def _with_condemned_author(self, draft: EventDraft, event: Event, events: list[Event]) -> Event:
        """"The UN chief condemned the strike": a condemnation of an act told before is aimed at
        whoever did it, the known actor of the article's last attack before the condemnation
        (flagged ``recipient_source: "condemned_act"``). Only the last attack counts: when its
        actor is unknown, so is the condemnation's recipient."""
        if event.event_type is not PloverType.ACCUSE or event.recipient is not None or draft.unreal:
            return event
        if not speech.refers_to_an_act(draft.primary.token, self.lexicon):
            return event
        earlier = [e for e in events if e.factual and not e.historical and e.event_type in CLAIMABLE_TYPES
                   and e.trigger.start < event.trigger.start]
        author = earlier[-1].actor if earlier else None
        if author is None or author.actor_id is None:
            return event
        return replace(event, recipient=author, extras={**event.extras, "recipient_source": "condemned_act"})

    def _apply_claim(self, claim: speech.ClaimMention, events: list[Event],
                     pairs: Sequence[tuple[EventDraft, Event]]) -> list[Event]:
        own_id = next((e.event_id for d, e in pairs if claim.claimed is not None
                       and any(t.token.i == claim.claimed.i for t in d.triggers)), None)
        own = next((e for e in events if e.event_id == own_id), None)
        target = self._claimed_before(claim, events, exclude=own_id) if claim.anaphoric else None
        evidence = claim.verb.sent
        claimed_event = target or own
        when = claimed_event.date if claimed_event is not None else None
        claimant = (own.actor if own is not None and own.actor is not None else None) \
            or self.resolve_claimant(claim.claimant, when)
        if claimant is None:
            return events
        responsibility = Responsibility(
            claimant=claimant,
            evidence=TextSpan(self.text[evidence.start_char:evidence.end_char].strip(), evidence.start_char,
                              evidence.start_char + len(self.text[evidence.start_char:evidence.end_char].strip())),
            trigger=_text_span(claim.verb.doc[claim.verb.i : claim.verb.i + 1]),
        )
        if target is not None:
            linked = _credit(target, responsibility)
            return [linked if e.event_id == target.event_id else e for e in events if e.event_id != own_id]
        if own is not None:
            claimed = _credit(replace(own, modality=Modality.CLAIMED, claimed_by=claimant), responsibility)
            return [claimed if e.event_id == own_id else e for e in events]
        return events

    def _claimed_before(self, claim: speech.ClaimMention, events: list[Event], *, exclude: str | None) -> Event | None:
        """The last attack told before the claim that it can refer to."""
        earlier = [e for e in events if e.event_id != exclude and e.factual and not e.historical
                   and e.event_type in CLAIMABLE_TYPES and e.trigger.start < claim.verb.idx]
        return earlier[-1] if earlier else None


# Forces that break up a protest: ACLED codes them as the protest's second actor.
INTERVENING_TYPES = frozenset({"police", "state_military"})
INTERVENTION_TYPES = frozenset({PloverType.ASSAULT, PloverType.COERCE})
# Whoever a force acts on in a crowd: any act of police on protesters breaks up the protest.
CROWD_TYPES = frozenset({"protesters", "rioters"})


def with_intervening_forces(events: list[Event], text: str) -> list[Event]:
    """"Youths blocked the road. Police fired tear gas and detained ten.": a protest that state
    forces then broke up has them as its recipient, as ACLED codes a protest with intervention
    (flagged ``recipient_source: "intervention"``). Only the force acts of the same paragraph
    after the protest and before the next one count, and a protest whose recipient the text
    names as a known party keeps it."""
    updated = list(events)
    for index, protest in enumerate(events):
        if protest.event_type is not PloverType.PROTEST or not protest.factual \
                or (protest.recipient is not None and protest.recipient.actor_id is not None):
            continue
        force = _intervening_force(protest, events[index + 1:], text)
        if force is not None:
            updated[index] = replace(protest, recipient=force,
                                     extras={**protest.extras, "recipient_source": "intervention"})
    return updated


def _intervening_force(protest: Event, later: Sequence[Event], text: str) -> ActorRef | None:
    for event in later:
        if event.event_type is PloverType.PROTEST or "\n\n" in text[protest.trigger.end:event.trigger.start]:
            return None  # another protest, or another paragraph: another story
        actor = event.actor
        on_crowd = event.recipient is not None and event.recipient.actor_type in CROWD_TYPES
        if (event.event_type in INTERVENTION_TYPES or on_crowd) and event.factual and actor is not None \
                and actor.actor_id is not None and actor.actor_type in INTERVENING_TYPES:
            return actor  # "police fired tear gas", "police moved the protesters out by force"
    return None


def _credit(event: Event, responsibility: Responsibility) -> Event:
    """The claimed attack: its claimant recorded, and made its actor when the text named none
    it knows (an unknown, unidentified or inferred party)."""
    actor = event.actor
    unknown = actor is None or actor.actor_id is None or "unidentified" in (actor.actor_id or "") \
        or event.extras.get("actor_source") in {"unattributed", "previous_event"}
    extras = dict(event.extras)
    if unknown:
        extras["actor_source"] = "claim"
        claimant = responsibility.claimant
        if claimant.actor_type is None and actor is not None:
            # a group the dictionary lacks that claims an attack is the armed party it replaces
            claimant = replace(claimant, actor_type=actor.actor_type, country=claimant.country or actor.country)
        return replace(event, responsibility=responsibility, actor=claimant, extras=extras)
    return replace(event, responsibility=responsibility)


def _whole(span: Span | None, draft: EventDraft) -> Span | None:
    """The speaker's whole phrase, names in apposition included ("Al-Shabaab's spokesman,
    Sheikh Ali Dhere"), as long as it stops short of the statement's own verb."""
    if span is None:
        return None
    whole = speech.noun_phrase(span.root)
    trigger = draft.primary.token.i
    return whole if not (whole.start <= trigger < whole.end) else span


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _text_span(span: Span | Token) -> TextSpan:
    if isinstance(span, Token):
        return TextSpan(span.text, span.idx, span.idx + len(span.text))
    return TextSpan(span.text, span.start_char, span.end_char)
