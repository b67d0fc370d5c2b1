"""A stored event as the merger sees it: the fields that reports of one event share.

A *report* is one event coded from one article; a *merged event* is the set of reports that
describe the same happening. Reports are compared on their day, place, parties, type, toll and
the words of their evidence; everything needed for that is read once into a compact
:class:`Report`, so matching never touches the full records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from eventwire.errors import GazetteerError
from eventwire.geo.countries import country_name
from eventwire.model import ActorRef, DatePrecision, Event

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)


#: How much of an article's opening the merger reads: a news lead tells its main event.
LEAD_CHARS = 800
_CALENDAR = frozenset((
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat",
    "sun", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
))


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """What the merger needs of the article a report comes from: its outlet and date, and its
    lead (the first :data:`LEAD_CHARS` characters): two events of one day and town are told
    apart by the details around them more than by the one sentence that states each."""

    article_id: str
    source: str | None
    date: date | None
    lead: str = ""

    @property
    def lead_paragraph_end(self) -> int:
        """Where the article's first paragraph ends, when it is a wire lead (a short paragraph
        before others); 0 when the lead is no paragraph of its own (a brief, a long note)."""
        return max(0, self.lead.find("\n\n"))


@dataclass(frozen=True, slots=True)
class Report:
    """One stored event, reduced to what matching compares. ``parties`` and ``targets`` are
    the dictionary ids (and their parents' ids) of the resolved actors and recipients: names
    the resolver did not know ("gunmen") say too little to tell two events apart. ``words``
    are the content words of the evidence and of the article's lead, ``sentence_words`` those of
    the evidence alone; ``evidence_names`` the place names the evidence, the lead and the place
    mention give ("Karan", "Heliwa"), and the parties the resolver did not know by a capitalised
    name, where two reports that each name a place the other does not are likely about two
    events; ``sentence_names`` the same from the evidence alone, which tell two events of one
    article apart (both have the article's lead). ``areas`` are the first- and second-level
    areas the place lies in, case-folded. ``in_lead``: the event is told in the article's
    lead paragraph, which sums up what the next paragraphs tell in detail. ``country_wide``:
    the place is only the country. ``place_inferred``: the text does not place the event
    itself; the coder took the dateline's town."""

    event_id: str
    article_id: str
    source: str | None
    article_date: date | None
    event_type: str
    mode: str | None
    date: date | None
    day_precise: bool
    historical: bool
    factual: bool
    country: str | None
    lat: float | None
    lon: float | None
    place: str | None
    place_precision: int | None
    parties: frozenset[str]
    targets: frozenset[str]
    fatalities: int | None
    words: frozenset[str]
    evidence_names: frozenset[str] = frozenset()
    sentence_words: frozenset[str] = frozenset()
    areas: frozenset[str] = frozenset()
    sentence_names: frozenset[str] = frozenset()
    in_lead: bool = False
    country_wide: bool = False
    place_inferred: bool = False

    @property
    def order(self) -> tuple[str, str, str, str]:
        """The order reports are merged in; see :func:`report_order`."""
        return report_order(self.date, self.article_date, self.article_id, self.event_id)


def report_order(day: date | None, article_date: date | None, article_id: str,
                 event_id: str) -> tuple[str, str, str, str]:
    """Reports in the order of the day they give, then of their articles' dates, then of ids:
    the order of a merge over a whole store, and of the reports in a merged event, so a merged
    event depends on its reports and not on the order they arrived in."""
    first = day or article_date
    return (first.isoformat() if first else "9999",
            article_date.isoformat() if article_date else "9999", article_id, event_id)


def report_of(event: Event, article: ArticleInfo) -> Report:
    """The report of ``event``, coded from ``article``."""
    location = event.location
    # Names the coder resolved as parties, and the areas a place lies in, are compared as
    # parties and places; as names they would make "RSF" and "Rapid Support Forces", or "El
    # Fasher" and "North Darfur", look like a conflict.
    known = _outlet_words(article.source) | _resolved_words(event)
    sentence = evidence_words(event.evidence.text)
    inferred = event.extras.get("location_source") in INFERRED_PLACE_SOURCES
    # a place the coder took from the dateline is not a name the event's own words give, so
    # it is no sign of another place either
    placed = frozenset() if inferred else _mention_names(event)
    return Report(
        event_id=event.event_id,
        article_id=event.article_id,
        source=article.source,
        article_date=article.date,
        event_type=str(event.event_type),
        mode=event.mode,
        date=event.date,
        day_precise=event.date is not None and event.date_precision in (None, DatePrecision.DAY),
        historical=event.historical,
        factual=event.factual,
        country=location.country if location else None,
        lat=location.lat if location else None,
        lon=location.lon if location else None,
        place=location.name.casefold() if location and location.name else None,
        place_precision=location.precision if location else None,
        parties=party_keys((event.actor, *event.co_actors)),
        targets=party_keys((event.recipient, *event.co_recipients)),
        fatalities=event.fatalities,
        words=(sentence | evidence_words(article.lead)) - _outlet_words(article.source),
        evidence_names=(place_names(event.evidence.text) | place_names(article.lead)
                        | placed | _unresolved_names(event)) - known,
        sentence_names=(place_names(event.evidence.text) | placed
                        | _unresolved_names(event)) - known,
        sentence_words=sentence,
        areas=frozenset(area.casefold() for area in (location.admin1, location.admin2) if area)
        if location else frozenset(),
        country_wide=location is not None and location.feature == "country",
        in_lead=event.evidence.start < article.lead_paragraph_end,
        place_inferred=inferred,
    )


#: Where the coder found a place for an event whose own words give none (``location_source``).
INFERRED_PLACE_SOURCES = frozenset({"dateline"})


def _mention_names(event: Event) -> frozenset[str]:
    # the place as the article names it: "Sheikh Radwan neighbourhood", "Mogadishu - Karan"
    if event.location is None:
        return frozenset()
    return frozenset(word for word in evidence_words(event.location.text) if len(word) > 2)


def _unresolved_names(event: Event) -> frozenset[str]:
    # a party the resolver did not know, named with a capital: "hit the Kitshanga site"
    texts = [party.text for party in (event.actor, event.recipient, *event.co_actors,
                                      *event.co_recipients)
             if party is not None and not (party.actor_id or party.affiliation_id)
             and party.text[:1].isupper()]
    return frozenset(word for text in texts for word in evidence_words(text) if len(word) > 2)


def _resolved_words(event: Event) -> frozenset[str]:
    texts: list[str | None] = []
    for party in (event.actor, event.recipient, *event.co_actors, *event.co_recipients):
        # a party the resolver did not know ("the Kitshanga site") is a name like any other
        if party is not None and (party.actor_id or party.affiliation_id):
            texts += [party.text, party.name, party.affiliation]
    if event.location is not None:
        # the areas around the place, not the place: "in North Darfur" says no more than "El
        # Fasher" does, but "Zamzam camp" against "Abu Shouk camp" tells two events apart
        texts += [event.location.admin1, event.location.admin2,
                  _country_name(event.location.country)]
    return evidence_words(" ".join(text for text in texts if text))


def _country_name(iso3: str | None) -> str | None:
    if not iso3:
        return None
    try:
        return country_name(iso3)
    except GazetteerError:
        return None  # a code the gazetteer does not know names nothing


def party_keys(parties: tuple[ActorRef | None, ...]) -> frozenset[str]:
    """The dictionary ids of the resolved parties and of their parents."""
    keys: set[str] = set()
    for party in parties:
        if party is None:
            continue
        keys.update(key for key in (party.actor_id, party.affiliation_id) if key)
    return frozenset(keys)


def evidence_words(text: str) -> frozenset[str]:
    """The distinct content words of an evidence sentence, case-folded, Arabic names without
    their article ("al-Tuffah" and "Tuffah" are one name)."""
    stop_words = _stop_words()
    return frozenset(
        word for word in (_without_article(match.group().casefold()) for match in _WORD.finditer(text))
        if word not in stop_words and (len(word) > 2 or word.isdigit())
    )


# The Arabic article as transliterations write it before a name: "al-", "el-", "ash-", "ad-"
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ul|a[dnrstz]|ash|e[dnrstz])[-‐'’]")


def _without_article(word: str) -> str:
    if not any(mark in word[:4] for mark in "-‐'’"):
        return word  # most words: no regex on the merger's hot path
    bare = _ARABIC_ARTICLE.sub("", word)
    return bare if len(bare) > 2 else word


# A capitalised name after a word that introduces a place: "in Karan", "near the Zamzam camp",
# "at Beyazit Square", "in Mogadishu - Heliwa". People are rarely introduced so.
_PLACE_AFTER = re.compile(
    r"\b(?:in|at|near|outside|inside|into|from|towards|around|of|on)\s+(?:the\s+)?"
    r"((?:[A-Z][\w'’-]*)(?:\s*[-–]?\s*(?:[A-Z][\w'’-]*))*)"
)


def place_names(text: str) -> frozenset[str]:
    """The words of the capitalised names that follow a locative word ("in", "near the", ...),
    case-folded, without days, months, possessives and two-letter words."""
    stop_words = _stop_words()
    words: set[str] = set()
    for match in _PLACE_AFTER.finditer(text):
        for word in _WORD.findall(match.group(1)):
            folded = _without_article(re.sub(r"['’]s$", "", word.casefold()))
            if len(folded) > 2 and folded not in stop_words and folded not in _CALENDAR:
                words.add(folded)
    return frozenset(words)


def _outlet_words(source: str | None) -> frozenset[str]:
    # an outlet names itself ("... told the Daily"): its name says nothing about the event
    return evidence_words(source) if source else frozenset()


@cache
def _stop_words() -> frozenset[str]:
    # spaCy's English stop words say nothing about which event a sentence reports; the rest
    # of the evidence is compared. Numbers are kept: "killing 12" and "12 killed" agree.
    # Imported on first use: reading merged events from the store needs no spaCy.
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {"said", "says"}
