"""The record model: articles in, events out.

Every extracted field keeps the character offsets (``start``, ``end``) of the words it came
from in the article body, so a user can always see the evidence. Records are frozen: a stage
that refines an event returns a new one (``dataclasses.replace``).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class PloverType(StrEnum):
    """The 16 PLOVER 2.0 event types, in the manual's order."""

    AGREE = "AGREE"
    CONSULT = "CONSULT"
    SUPPORT = "SUPPORT"
    CONCEDE = "CONCEDE"
    COOPERATE = "COOPERATE"
    AID = "AID"
    RETREAT = "RETREAT"
    REQUEST = "REQUEST"
    ACCUSE = "ACCUSE"
    REJECT = "REJECT"
    THREATEN = "THREATEN"
    PROTEST = "PROTEST"
    SANCTION = "SANCTION"
    MOBILIZE = "MOBILIZE"
    COERCE = "COERCE"
    ASSAULT = "ASSAULT"


class Modality(StrEnum):
    """Whether the article tells an event as having happened, and on whose word.

    ``asserted``: the writer says it happened. ``claimed``: a speaker says so (reported speech,
    a quote, a claim of responsibility); see ``Event.claimed_by``. The rest did not happen as
    far as the article says: ``planned`` (intended, prepared, announced for the future),
    ``threatened`` (the content of a threat or warning), ``denied`` (a party denies doing it),
    ``hypothetical`` (could, might, if).
    """

    ASSERTED = "asserted"
    CLAIMED = "claimed"
    PLANNED = "planned"
    THREATENED = "threatened"
    DENIED = "denied"
    HYPOTHETICAL = "hypothetical"


# What a count of events that happened should include; the other modalities are kept as
# records (an analyst watches threats and plans) but never counted as facts.
FACTUAL_MODALITIES = frozenset({Modality.ASSERTED, Modality.CLAIMED})


class DatePrecision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an article was read from: a file and, for multi-record files, the line."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Article:
    """One dated news article. ``text`` is the body; all offsets point into it."""

    id: str
    text: str
    date: date | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    origin: Origin | None = None

    @property
    def content_hash(self) -> str:
        """A hash of what the coder sees, so a changed article is recoded and a resent one is not."""
        payload = f"{self.date.isoformat() if self.date else ''}\n{self.text}"
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input record that could not be read, and why; the run carries on without it."""

    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A stretch of the article body: the words and their character offsets."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor or recipient as the article names it, resolved to a known entity where possible."""

    text: str
    start: int
    end: int
    name: str | None = None  # canonical name when resolved, else None
    actor_id: str | None = None
    actor_type: str | None = None
    country: str | None = None  # ISO 3166 alpha-3
    # The entity's parent or the movement it belongs to (the al-Aqsa Martyrs Brigades ->
    # Fatah), as a canonical name and its dictionary id; None when it has none or is unknown.
    affiliation: str | None = None
    affiliation_id: str | None = None


@dataclass(frozen=True, slots=True)
class Location:
    """A place resolved against the gazetteer; ``text``/offsets are the mention in the article."""

    name: str
    text: str
    start: int
    end: int
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO 3166 alpha-3
    geonames_id: int | None = None
    feature: str | None = None  # e.g. "city", "camp", "region", "country"
    admin1: str | None = None  # name of the first-level area (province, state) it lies in
    admin2: str | None = None  # name of the second-level area (district), when known
    # ACLED's geo_precision: 1 = the named town or a part of it; 2 = near a town, or a district
    # or part of a region; 3 = only a region or the country is known.
    precision: int | None = None


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in the text and what it resolves to against the article date."""

    text: str
    start: int
    end: int
    date: date | None  # the first day of the period it names; None when it cannot be resolved
    precision: DatePrecision


@dataclass(frozen=True, slots=True)
class CasualtyCount:
    """A casualty figure found in a sentence, already reduced by ACLED's conservative rules."""

    kind: str  # "killed" or "injured"
    count: int
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Statement:
    """Who says so: the speaker as the text names them, the reporting verb and the quoted words.

    On a verbal event (REQUEST, THREATEN, ACCUSE...) it is the statement itself; on a reported
    act it is the attribution ("the ministry said troops killed three"). The speaker's
    organisation is the event's ``actor`` (verbal events) or ``claimed_by`` (reported acts);
    ``speaker`` keeps the exact words, such as a person ("spokesperson Abu Obeida").
    """

    speaker: TextSpan | None = None
    verb: TextSpan | None = None  # "said", "warned", "according to"
    quotes: tuple[TextSpan, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "quotes", tuple(self.quotes))


@dataclass(frozen=True, slots=True)
class Figure:
    """One casualty figure as stated, with who gave it ("five killed, the health ministry said").

    ``Event.fatalities``/``injured`` hold the one figure ACLED's rules pick; ``figures`` keeps
    every stated figure so conflicting counts from different sources can be shown side by side.
    """

    kind: str  # "killed" or "injured"
    count: int
    text: str
    start: int
    end: int
    source: ActorRef | None = None  # None: the writer's own figure


@dataclass(frozen=True, slots=True)
class Responsibility:
    """A claim of responsibility for an act: who claimed it and the sentence that says so."""

    claimant: ActorRef
    evidence: TextSpan
    trigger: TextSpan  # "claimed", "took responsibility"


@dataclass(frozen=True, slots=True)
class Event:
    """One event mentioned in one article: who did what to whom, where, when, with what toll."""

    event_id: str
    article_id: str
    event_type: PloverType
    evidence: TextSpan
    trigger: TextSpan
    mode: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    cameo: str | None = None
    actor: ActorRef | None = None
    recipient: ActorRef | None = None
    # Further parties on each side ("Hamas and Islamic Jihad fighters", "clashes between X, Y
    # and Z"), in text order; ``actor``/``recipient`` stay the first-named party.
    co_actors: tuple[ActorRef, ...] = ()
    co_recipients: tuple[ActorRef, ...] = ()
    date: date | None = None
    date_precision: DatePrecision | None = None
    date_text: str | None = None
    historical: bool = False
    location: Location | None = None
    fatalities: int | None = None
    injured: int | None = None
    confidence: float = 0.5
    # Whether the act happened as far as the article says, and on whose word (issue 6).
    modality: Modality = Modality.ASSERTED
    claimed_by: ActorRef | None = None  # the speaker or claimant vouching for a claimed act
    statement: Statement | None = None
    responsibility: Responsibility | None = None
    # For a non-factual act: the verbal event that states it (the threat, the denial).
    stated_in: str | None = None
    # Flags on verbal events: a call to act or gather (REQUEST/MOBILIZE), an explicit call to
    # attack people (not a call to protest or to "defend"), a denial of an act or accusation.
    call_to_action: bool = False
    call_to_violence: bool = False
    denial: bool = False
    figures: tuple[Figure, ...] = ()
    extras: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        # A list handed in would make the event unhashable and unequal to its stored copy.
        object.__setattr__(self, "co_actors", tuple(self.co_actors))
        object.__setattr__(self, "co_recipients", tuple(self.co_recipients))
        object.__setattr__(self, "figures", tuple(self.figures))
        object.__setattr__(self, "modality", Modality(self.modality))

    @property
    def factual(self) -> bool:
        """Told as having happened (asserted or claimed), so it counts as an event."""
        return self.modality in FACTUAL_MODALITIES

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``eventwire code``: flat scalars, nested spans, ISO dates;
        co-parties as lists (empty when there are none)."""
        record = asdict(self)
        record["co_actors"] = list(record["co_actors"])  # asdict keeps tuples; JSON reads lists
        record["co_recipients"] = list(record["co_recipients"])
        record["figures"] = list(record["figures"])
        record["modality"] = str(self.modality)
        if record["statement"] is not None:
            record["statement"]["quotes"] = list(record["statement"]["quotes"])
        record["event_type"] = str(self.event_type)
        record["date"] = self.date.isoformat() if self.date else None
        record["date_precision"] = str(self.date_precision) if self.date_precision else None
        record["confidence"] = round(self.confidence, 3)
        if not self.extras:
            del record["extras"]
        return record


def event_id_for(article_id: str, trigger_start: int, event_type: str) -> str:
    """An id stable across reruns on the same input: the article, the trigger's offset, the type."""
    digest = hashlib.sha1(f"{article_id}\x1f{trigger_start}\x1f{event_type}".encode()).hexdigest()
    return f"ev-{digest[:16]}"
