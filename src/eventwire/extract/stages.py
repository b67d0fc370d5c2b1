"""The default pipeline stages, registered with ``eventwire.pipeline.stage``."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span, Token

from eventwire.actors.lexicon import CLASS_HEADS, CLASS_MODIFIERS, singular
from eventwire.actors.resolver import classify as class_of_words
from eventwire.actors.schema import CLASS_SPECS
from eventwire.casualties import find_casualties, tally
from eventwire.errors import GazetteerError
from eventwire.extract import attach, history, roles, speech
from eventwire.extract.attach import PlaceMention
from eventwire.extract.drafts import EventDraft, draft_events
from eventwire.extract.statements import Statements
from eventwire.extract.typology import classify, refine_mode
from eventwire.geo.admin import distance_km
from eventwire.geo.countries import country_name
from eventwire.geo.folding import ADMIN_DESIGNATORS, SETTLEMENT_DESIGNATORS, split_designator
from eventwire.geo.gazetteer import Gazetteer, PlaceRecord
from eventwire.model import (
    ActorRef,
    CasualtyCount,
    DateMention,
    DatePrecision,
    Event,
    Location,
    Modality,
    PloverType,
    TextSpan,
    event_id_for,
)
from eventwire.nlp.docview import actor_spans, actor_token_indices, text_of
from eventwire.nlp.loader import DATELINE_PATTERN, dateline_area, dateline_city
from eventwire.pipeline import ArticleAnalysis, stage
from eventwire.temporal import find_dates

if TYPE_CHECKING:
    from eventwire.actors import ActorDictionary, ActorEntry

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Violent event types, in the order they take a sentence's casualty figures.
VIOLENT_ORDER = (PloverType.ASSAULT, PloverType.PROTEST, PloverType.COERCE)
VIOLENT_TYPES = frozenset(VIOLENT_ORDER)
STATE_FORCES = frozenset({"state_military", "police"})
ARMED_KINDS = STATE_FORCES | {"rebel_group", "political_militia", "identity_militia", "external_forces"}
# A bomb, mine or grenade with no one named behind it: ACLED codes an unidentified armed group.
UNATTRIBUTED_MODES = frozenset({"explosives"})
# Acts that arm whoever commits them: their unnamed authors are an armed group, not civilians.
ARMED_MODES = frozenset({"firearms", "explosives"})
# Attacks whose author no one names: a shooting, and, when someone is hit, a body found, a
# beating, a stabbing, an abduction ("a man was found dead with signs of torture"). Not an air
# strike or shelling (a state's weapons, whose author the text may leave to the reader) nor a fire.
HIDDEN_AUTHOR_MODES = frozenset({None, "firearms", "explosives", "beat", "primitive", "abduct", "targeted", "sexual"})
# Words naming a state's forces (not their craft: "a drone" may be anyone's).
SECURITY_FORCE_WORDS = CLASS_HEADS["police"] | frozenset(
    {"force", "troop", "soldier", "solider", "army", "military", "serviceman", "commando", "paratrooper",
     "marine", "guard", "security", "officer", "encounter"})
# Head words of unresolved phrases that name people, who are civilians when force is used on
# them (ACLED's rule: a party member or official attacked unarmed is a civilian).
PEOPLE_HEADS = CLASS_HEADS["civilians"] | frozenset(
    {"individual", "people", "member", "owner", "thief", "suspect", "official", "chief",
     "leader", "councillor", "councilor", "councilman", "chairman", "candidate", "supporter",
     "household", "occupant", "inhabitant", "pastor", "imam", "priest", "cleric", "monk", "nun",
     "local", "relative", "victim", "hostage", "customer", "miner", "hunter", "merchant",
     "lawyer", "judge", "mayor", "politician", "headman", "traditional", "guest", "crowd",
     # people by their work or office, and the dead found ("the body of a man", "a corpse")
     "director", "headmaster", "principal", "manager", "engineer", "contractor", "secretary",
     "administrator", "lecturer", "professor", "sarpanch", "accountant", "clerk", "corpse",
     "commissioner"})
# Heads of unknown names that are as often militias as state units, and the words that keep
# such a name a state's ("Southwest Special Police Forces", "Presidential Guard Brigade").
MILITIA_LIKE_HEADS = frozenset({"brigade", "battalion", "regiment", "army", "front", "movement", "unit"})
RESISTANCE_WORDS = frozenset({"guerrilla", "guerrillas", "revolution", "revolutionary", "resistance",
                              "liberation", "rebel", "rebels", "insurgent", "freedom", "mujahideen",
                              "jihad", "self-defense", "self-defence", "vigilante"})
STATE_WORDS = frozenset({"police", "national", "government", "presidential", "republican", "guard",
                         "state", "federal", "special", "security", "navy", "gendarmerie"})
# ACLED's protests that a force broke up, and the forces' nouns that may be named doing it.
FORCED_PROTESTS = frozenset({"Protest with intervention", "Excessive force against protesters"})
INTERVENING_WORDS = frozenset({"police", "policemen", "gendarmes", "gendarmerie", "soldiers", "troops",
                               "army", "forces"})
# "Defense Force" inside "Kyaukpadaung Defense Force" names no army by itself either.
DEFENCE_WORDS = frozenset({"defense", "defence"})
# Class heads ("force", "militia", "police"): inside a longer name they name no one by themselves.
GENERIC_HEADS = frozenset(word for words in CLASS_HEADS.values() for word in words) | {"forces", "troops"}
# Entries a phrase around their name does not stand for: "the CDP president", "Somaliland
# police", "the Somaliland deputy ambassador" are no acts of the party or the administration.
NOT_ITS_MEMBERS = frozenset({"political_party", "government"})
# Words that make an unknown party a clan's or a tribe's (its militia, in a conflict).
CLAN_WORDS = frozenset({"clan", "subclan", "sub-clan", "tribe", "tribal"})
# Words that make the dead of an act with no named target possibly combatants.
VICTIM_ARMED_WORDS = frozenset(
    {"militant", "fighter", "soldier", "troop", "troops", "rebel", "insurgent", "militiaman",
     "militia", "jihadist", "gunman", "gunmen", "officer", "policeman", "policemen", "police",
     "guard", "combatant", "member", "operative", "commander", "personnel", "serviceman",
     "terrorist", "bandit", "attacker", "assailant", "army", "military", "force", "forces"})
CIVILIAN_MARKERS = frozenset({"civil", "civilian", "humanitarian", "aid", "relief", "medical", "rescue",
                              "rescuer", "paramedic", "ambulance"})
PARTITIVES = frozenset({"group", "number", "crowd", "dozen", "hundred", "score", "gathering", "handful",
                        "body", "remains"})
COMMUNITY_WORDS = frozenset({"community", "communities", "family", "families"})
# Parts of a building or a place, hit for the whole: "the 3rd level of a hospital".
BUILDING_PARTS = frozenset({"level", "floor", "part", "section", "entrance", "yard", "courtyard",
                            "roof", "gate", "wing", "vicinity", "outskirts", "room"})
# Stretches of ground named by the place they belong to: "the beach of X", "the outskirts of X".
LOCALE_HEADS = frozenset({"beach", "coast", "coastline", "shore", "seashore", "vicinity", "outskirts",
                          "outskirt", "surroundings", "area", "areas", "edge", "countryside"})
# Words that make a named person one of an armed party's, not a civilian: "Abu X, a commander"
ARMED_PERSON_WORDS = (CLASS_HEADS["armed_group"] | CLASS_HEADS["military"] | CLASS_HEADS["police"]
                      | frozenset({"commander", "militant", "officer", "general", "colonel", "major",
                                   "captain", "lieutenant", "sergeant", "emir"}))
# Acts that happen where their target is; other events happen where their actor is.
# "Thursday", "on Friday night": a weekday alone, which the resolver reads as the last one
BARE_WEEKDAY = re.compile(
    r"^(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day(?:\s+(?:morning|afternoon|evening|night))?$",
    re.IGNORECASE)
AHEAD_MODALITIES = frozenset({Modality.PLANNED, Modality.THREATENED, Modality.HYPOTHETICAL})
STATEMENT_TYPES = frozenset({PloverType.REQUEST, PloverType.THREATEN, PloverType.ACCUSE, PloverType.REJECT})
# How an event was dated when its own words, or those of its paragraph, gave the day
DATED_BY_TEXT = frozenset({"sentence", "reference", "paragraph", "story"})
# Times of day the date finder reads against the article date
TIME_OF_DAY = frozenset({"overnight", "tonight", "last night", "late last night", "this morning",
                         "this afternoon", "this evening"})
# How far apart the places of a dated act and an undated one of its type may be for the second
# to be the first told again: a neighbourhood and its city, a village and its district
RETOLD_KM = 25.0
TARGET_LOCATED_TYPES = frozenset({PloverType.ASSAULT, PloverType.COERCE})


@stage("dates.v1", requires=("article",), assigns=("dates",))
def find_article_dates(analysis: ArticleAnalysis) -> ArticleAnalysis:
    analysis.dates = find_dates(analysis.article.text, anchor=analysis.article.date)
    return analysis


@stage("places.v1", requires=("doc",), assigns=("places", "focus"))
def resolve_places(analysis: ArticleAnalysis) -> ArticleAnalysis:
    """Find place mentions and resolve them with the article's country focus.

    Mentions are the model's place entities plus names the model mislabels or misses but that
    stand after a locative preposition ("in the town of Sofara"). They are resolved once alone,
    to learn the article's countries (when none resolves, the countries its demonyms and known
    actors name), then again with that focus and with the enclosing areas
    the text writes next to them ("Kani village (Sagaing Region)", "in Atoyac, Veracruz
    state"). A place the gazetteer lacks but whose enclosing area it knows is placed at that
    area (admin precision) rather than nowhere. A small place abroad that no other mention
    supports ("Tal" in a Gaza story resolving to India) is dropped: a wrong place is worse
    than none. When readings were dropped, the mentions are read once more with the focus of
    the places that were kept ("Kale town ... Sagaing region": the first reading of "Kale" is
    in Turkey, the second, in a Myanmar focus, is Kalemyo).
    """
    gazetteer = analysis.resources.gazetteer
    spans, in_names = _place_mentions(analysis.doc, analysis.resources.actors)
    enclosures = [(start, end) for start, end in map(_enclosure_of, spans) if start < end]
    # "Puebla" in "in Tehuacan, Puebla" is context for Tehuacan, not a place of its own
    spans = [span for span in spans if not any(start <= span.start_char < end for start, end in enclosures)]
    first_pass = [(span, gazetteer.resolve(span.text)) for span in spans]
    focus = _first_focus(gazetteer, first_pass)
    named = analysis.resources.actors.countries_in(analysis.article.text)
    filed_in = _dateline_country(analysis.doc, gazetteer)
    if filed_in is not None:
        named[filed_in] += 1
    cues = {span.start_char: cue for span in spans
            if (cue := _country_cue(span, analysis.resources.actors, gazetteer))}
    unplaced: list[tuple[Span, PlaceRecord | None]] = [(span, None) for span in spans]
    if not focus:  # "in Berdaale town (Baydhaba, Bay)" in a note that names al-Shabaab
        readings = _read_places(gazetteer, unplaced, _led_by(named, filed_in), named, cues)
    else:
        focus = _led_by(focus, filed_in)
        readings = _read_places(gazetteer, first_pass, focus, named, cues)
        kept = {span.start_char: reading.record for span, reading in readings}
        dropped = any(record is not None and span.start_char not in kept for span, record in first_pass)
        kept_focus = _led_by(Counter(record.country for record in kept.values() if record is not None),
                             filed_in)
        if dropped and kept_focus and kept_focus != focus:
            again = [(span, kept.get(span.start_char)) for span in spans]
            readings = _read_places(gazetteer, again, kept_focus, named, cues)
        elif dropped and not kept_focus and named:  # every reading was abroad: read as if none had
            readings = _read_places(gazetteer, unplaced, _led_by(named, filed_in), named, cues)
    analysis.places = [(span, reading.record) for span, reading in readings if reading.record is not None]
    analysis.places_by_area = {span.start_char for span, reading in readings if reading.by_area}
    analysis.places_in_names = in_names
    analysis.focus = Counter(record.country for _, record in analysis.places)
    return analysis


def _dateline_country(doc: Doc, gazetteer: Gazetteer) -> str | None:
    """The country an opening dateline names after its city, itself or by one of its regions
    ("GAZA, Palestine (AFP) -", "SPRINGFIELD, Illinois --"); None without one."""
    area = dateline_area(doc)
    place = gazetteer.resolve(area) if area else None
    if place is None or place.feature not in {"country", "admin1"}:
        return None
    return place.country


def _led_by(focus: Counter[str], filed_in: str | None) -> Counter[str]:
    """The focus with the dateline's country at its head: "FARYAB, Afghanistan (AFP) -" says
    where the outlet filed from, so a name several countries share is read there ("Rafah"
    under "RAFAH, Egypt"), while the other countries' own places keep their readings."""
    if filed_in is None:
        return focus
    led = focus.copy()
    led[filed_in] = 2 * max(focus.values(), default=0) + 1
    return led


def _first_focus(gazetteer: Gazetteer, first_pass: list[tuple[Span, PlaceRecord | None]]) -> Counter[str]:
    """The article's countries by its places read alone, counting only the names that belong
    to one country ("North Sinai", "Sheikh Zuweid"): a name several countries share ("Rafah",
    "Gao") would vote for its best-known namesake. All readings count when no name is unshared.
    """
    readings = [(span, record) for span, record in first_pass if record is not None]
    unshared = Counter(record.country for span, record in readings if record.feature == "country"
                       or len({place.country for place in gazetteer.candidates(span.text)}) <= 1)
    return unshared or Counter(record.country for _, record in readings)


def _read_places(gazetteer: Gazetteer, mentions: list[tuple[Span, PlaceRecord | None]],
                 focus: Counter[str], named: Counter[str], cues: Mapping[int, str]) -> list[tuple[Span, _Reading]]:
    """Each mention read in the article's focus; readings no other mention supports dropped.

    ``mentions`` pairs each span with its own first reading, whose country (and that of every
    mention of the same name) is taken out of the focus when judging whether the other
    mentions support it.
    """
    kept = []
    for span, _ in mentions:
        # a name does not support itself: "KALE (AFP) - ... in Kale township" is one name
        others = focus.copy()
        for other, first in mentions:
            if first is not None and other.text.lower() == span.text.lower():
                others[first.country] -= 1
        reading = _resolve_in_context(gazetteer, span, focus, others, cues.get(span.start_char))
        if reading.record is None:
            continue
        # Support for a small place: other place mentions, or the countries the text's
        # actors and demonyms name ("Xarardheere" beside "SNA" read as Sanaa, and al-Shabaab).
        if (reading.confirmed or named[reading.record.country] > 0
                or attach.plausible_in_article(reading.record, other_mentions=others, named=named)):
            kept.append((span, reading))
    return kept


@dataclass(frozen=True, slots=True)
class _Reading:
    record: PlaceRecord | None
    confirmed: bool = False  # the enclosing areas written next to the mention agree
    by_area: bool = False  # the place itself is unknown: this is its enclosing area


def _resolve_in_context(gazetteer: Gazetteer, span: Span, focus: Counter[str],
                        others: Counter[str], country: str | None = None) -> _Reading:
    """The place a mention names, read inside the enclosing areas written next to it, and
    whether those areas confirm it.

    Without enclosing names, the plain focus reading. With them, the reading inside them
    (confirmed); failing that, the plain reading when it lies in one of the article's
    countries (a list of places, "in Syria, Iraq and Yemen", is not a place and its area) by
    the other mentions (``others``: the focus without this mention's own first reading); else
    the enclosing area itself, for a village the gazetteer does not know (confirmed: the text
    wrote it). ``country``: the name of a country the text ties to the mention ("the Malian
    city of Gao"), read as the outermost enclosing area, but never a place to fall back to: a
    neighbourhood the gazetteer lacks ("Beirut's Hamra") is not the whole country.
    """
    named_areas = enclosing_names(span)
    within = named_areas + ([country] if country else [])
    if not within:
        plain = gazetteer.resolve(span.text, focus=focus)
        return _Reading(plain) if plain is not None else _in_written_area(gazetteer, span, focus)
    inside = gazetteer.resolve(span.text, focus=focus, within=within)
    if inside is not None:
        return _Reading(inside, confirmed=True)
    plain = gazetteer.resolve(span.text, focus=focus)
    if plain is not None and (plain.feature == "country" or others[plain.country] > 0):
        return _Reading(plain)
    enclosing = gazetteer.resolve_enclosing(named_areas, focus=focus) if named_areas else None
    if enclosing is None:
        return _Reading(plain)
    # a neighbourhood the gazetteer lacks, placed at its city, is still in the named town
    in_city = not enclosing.is_admin_area and split_designator(named_areas[0])[1] in SETTLEMENT_DESIGNATORS
    return _Reading(enclosing, confirmed=True, by_area=not in_city)


# A name as reports write enclosing areas: capitalised words, joined by lower-case particles
# ("Norte de Santander"), optionally closed by an admin word ("Myitkyina District").
_PARTICLES = r"(?:de|del|da|do|dos|das|di|du|des|la|le|el|al)"
_NAME_WORD = r"[A-Z][\w'\u2019.\-]*"
_DESIGNATOR = r"(?:" + "|".join(sorted(ADMIN_DESIGNATORS | {"lga", "city"}, key=len, reverse=True)) + r")"
_AREA_NAME_BARE = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLES}\s+)?{_NAME_WORD})*"
_AREA_NAME_DESIGNATED = rf"{_AREA_NAME_BARE}\s+(?i:{_DESIGNATOR})\b"
_AREA_NAME = rf"{_AREA_NAME_BARE}(?:\s+(?i:{_DESIGNATOR})\b)?"
# "Kani (Yinmarbin District, Sagaing Region)"; "Chikun LGA (Kaduna)", "Berdaale town (Bay)":
# an admin or settlement word may stand between the name and the parenthesis.
_SETTLEMENT = r"(?:" + "|".join(sorted(SETTLEMENT_DESIGNATORS)) + r")"
_ENCLOSED_IN_PARENTHESES = re.compile(
    rf"(?:\s+(?i:{_DESIGNATOR}|{_SETTLEMENT}))?\s*\(\s*({_AREA_NAME}(?:\s*,\s*{_AREA_NAME})*)\s*\)")
# "in Atoyac, Veracruz" / "in Pamplona, Norte de Santander department": a bare name only when
# it closes the phrase (punctuation, or a preposition starting the next one), so "in
# Mogadishu, Hassan said" and "in Kabul, Kandahar and Herat" are not enclosures.
_PHRASE_END = (r"(?=\s*(?:[.;:()]|,|$)|\s+(?:on|in|at|near|during|when|where|after|before|"
               r"since|while|as|from|between|for|with|by|amid|following|"
               # or a time word: "in Kani, Sagaing yesterday"
               r"yesterday|today|tonight|overnight|earlier|last|this|late|early)\b)")
_ENCLOSED_AFTER_COMMA = re.compile(
    rf"\s*,\s*({_AREA_NAME_DESIGNATED}|{_AREA_NAME}(?:\s*,\s*{_AREA_NAME})?{_PHRASE_END})")
_AREA_SPLIT = re.compile(r"\s*,\s*")


# "near the town of Adan Yabaal in Middle Shabelle": a settlement named as such, then the
# province written after "in" to say where it lies.
_SETTLEMENT_OF = re.compile(r"\b(?:town|village|hamlet|settlement|locality)\s+of\s+$", re.IGNORECASE)
_IN_AREA = re.compile(rf"\s+in\s+(?:the\s+)?({_AREA_NAME_DESIGNATED}|{_AREA_NAME}{_PHRASE_END})")


def _in_written_area(gazetteer: Gazetteer, span: Span, focus: Counter[str]) -> _Reading:
    """A town the gazetteer lacks, written as "the town of X in <province>", placed at that
    province (by area, as for "X (province)"); a place with no such words stays unplaced."""
    text = text_of(span.doc)
    found = _IN_AREA.match(text[span.end_char : span.end_char + 80])
    if found is None or not _SETTLEMENT_OF.search(text[max(0, span.start_char - 30) : span.start_char]):
        return _Reading(None)
    area = gazetteer.resolve_enclosing([found.group(1)], focus=focus)
    if area is None or not area.is_admin_area:
        return _Reading(None)
    return _Reading(area, confirmed=True, by_area=True)


# "the northern Malian city of Gao", "Egypt's North Sinai", "the Syrian border town of X"
_COUNTRY_CUE = re.compile(
    r"\b(?P<cue>[A-Z][\w'\u2019-]+?)(?:['\u2019]s\s+|\s+(?:[a-z-]+\s+){0,2}"
    r"(?:city|town|village|capital|region|province|district|commune|port|camp|state|county|area)"
    r"\s+of\s+)$")


def _country_cue(span: Span, actors: Any, gazetteer: Gazetteer) -> str | None:
    """The country a demonym or country name right before the mention ties it to, by name.

    A city before the mention ("Beirut's Hamra") is not a cue, though actors may stand for
    their country by their capital's name.
    """
    before = text_of(span.doc)[max(span.sent.start_char, span.start_char - 60) : span.start_char]
    found = _COUNTRY_CUE.search(before)
    if found is None:
        return None
    place = gazetteer.resolve(found.group("cue"))
    if place is not None and place.feature != "country":
        return None
    countries = actors.countries_in(found.group("cue"))
    if len(countries) != 1:
        return None
    try:
        return country_name(next(iter(countries)))
    except GazetteerError:
        return None


# "Al Quds Hospital", "Myawaddy Bank", "Gaza University": a place name that starts the name of a
# building or an institution is not where the event happened.
_FACILITY_WORDS = frozenset({
    "Hospital", "Clinic", "University", "College", "School", "Academy", "Mosque", "Church",
    "Cathedral", "Bank", "Stadium", "Hotel", "Company", "Corporation", "Club", "Institute",
    "Radio", "Television", "TV", "Airways", "Brigade", "Brigades", "Battalion", "Regiment",
    "Medical",
})


def _precision_from(place: attach.PlaceMention, source: str) -> int:
    """ACLED's geo-precision of an event placed at ``place``: a town known only from a wire
    dateline ("BANFORA (AFP) -") is where the story was filed, so the event is near it at
    best (2). An opening place that is no such dateline ("On 2 May, in Niteroi, ...") keeps
    its own precision."""
    precision = attach.location_precision(place)
    return max(precision, 2) if source == "dateline" and _in_dateline(place.span) else precision


def _in_dateline(span: Span) -> bool:
    """Whether the words lie in the article's opening wire dateline ("KALE (AFP) -")."""
    dateline = DATELINE_PATTERN.match(text_of(span.doc))
    return dateline is not None and span.end_char <= dateline.end()


def _place_mentions(doc: Doc, actors: ActorDictionary) -> tuple[list[Span], set[int]]:
    """The candidate place mentions, and the start offsets of those that open the name of a
    facility ("Benghazi Medical Centre", "Al Quds Hospital"): such a name often says which town
    the building is in, but not always (Gaza's al-Quds hospital), so it counts only when the
    sentence names no other place."""
    spans, in_names = [], set()
    def is_demonym(text: str) -> bool:
        return bool(actors.countries_in(text, actors=False))

    for candidate in attach.place_candidates(doc, PLACE_LABELS, is_demonym):
        span = _with_designator(_before_parenthesis(candidate))
        facility = _facility_start(span)
        if facility is not None:
            if facility == span.start:
                continue  # "Hospital" alone
            span = doc[span.start : facility]
            in_names.add(span.start_char)
        spans.append(span)
    city = dateline_city(doc)
    if city is not None and not any(span.start < city.end and city.start < span.end for span in spans):
        spans.insert(0, city)
    return spans, in_names


def _facility_start(span: Span) -> int | None:
    """The token index where a facility word starts, inside the span or right after it."""
    end = min(span.end + 1, len(span.doc))
    return next((token.i for token in span.doc[span.start : end] if token.text in _FACILITY_WORDS), None)


# Province-level words only: "Sanchaung township" is read as the town (precision 2), while
# "the Kidal region" is the region, not the town of Kidal.
_AREA_WORDS = frozenset({"region", "province", "state", "governorate", "oblast", "prefecture"})


def _with_designator(span: Span) -> Span:
    """"Kidal" in "the Kidal region" is the region: the mention takes the admin word after it."""
    following = span.doc[span.end] if span.end < len(span.doc) else None
    if following is not None and following.text.islower() and following.text in _AREA_WORDS:
        return span.doc[span.start : span.end + 1]
    return span


def _before_parenthesis(span: Span) -> Span:
    """"Diguel (Diguel, Soum": the model may take a place's enclosing areas into its entity;
    the place is the words before the parenthesis, which ``enclosing_names`` then reads."""
    for token in span[1:]:
        if token.text == "(":
            return span.doc[span.start : token.i]
    return span


def enclosing_names(span: Span) -> list[str]:
    """The enclosing areas written right after a place, most specific first.

    "Kani (Yinmarbin District, Sagaing Region)" -> ["Yinmarbin District", "Sagaing Region"];
    "in Atoyac, Veracruz, on Monday" -> ["Veracruz"]; "in Kabul, police said" -> [].
    """
    found = _enclosure_match(span)
    if found is None:
        return []
    return [name for name in _AREA_SPLIT.split(found.group(1).strip()) if name]


def _enclosure_match(span: Span) -> re.Match[str] | None:
    after = text_of(span.doc)[span.end_char : span.end_char + 120]
    if _in_dateline(span):
        return _ENCLOSED_AFTER_COMMA.match(after)  # "KALE (AFP) -": the brackets hold the agency
    return _ENCLOSED_IN_PARENTHESES.match(after) or _ENCLOSED_AFTER_COMMA.match(after)


def _enclosure_of(span: Span) -> tuple[int, int]:
    """The character range of the enclosing names written after a place (empty if none)."""
    found = _enclosure_match(span)
    if found is None:
        return (span.end_char, span.end_char)
    return (span.end_char + found.start(1), span.end_char + found.end(1))


@stage("drafts.v1", requires=("doc", "paragraphs", "dates"), assigns=("drafts",))
def make_drafts(analysis: ArticleAnalysis) -> ArticleAnalysis:
    dated = [(mention.start, mention.end) for mention in analysis.dates]
    analysis.drafts = draft_events(analysis.doc, analysis.resources.lexicon, analysis.paragraphs, dated)
    return analysis


@stage("events.v1", requires=("drafts", "dates", "places"), assigns=("events",))
def build_events(analysis: ArticleAnalysis) -> ArticleAnalysis:
    """Turn drafts into Event records: roles resolved, date, place, toll, type, history."""
    builder = _EventBuilder(analysis)
    pairs = [(draft, builder.build(draft)) for draft in analysis.drafts]
    analysis.events = builder.statements.finish(pairs)
    return analysis


class _EventBuilder:
    def __init__(self, analysis: ArticleAnalysis) -> None:
        self.analysis = analysis
        self.article = analysis.article
        self.places = [PlaceMention(span, record, by_area=span.start_char in analysis.places_by_area,
                                    in_name=span.start_char in analysis.places_in_names)
                       for span, record in analysis.places]
        self.previous: tuple[EventDraft, Event] | None = None
        self.built: list[Event] = []
        # every event built so far by its draft's id: "hours before the bombing" takes its day
        self.built_from: dict[int, Event] = {}
        # The countries that settle "the army", "police", "protesters": the places', else the
        # ones the text's demonyms and known actors name ("Somali police", "al-Shabaab").
        self.focus: Mapping[str, float] = (
            analysis.focus or analysis.resources.actors.countries_in(analysis.article.text))
        self.statements = Statements(analysis.article.text, analysis.resources.lexicon, self._speaker_ref,
                                     self._claimant_ref)

    @cached_property
    def day_mentions(self) -> Sequence[DateMention]:
        """The article's date mentions, less the times of day that only refine a date."""
        return _without_refinements(self.analysis.dates, self.article.text)

    @cached_property
    def countries_named(self) -> Counter[str]:
        """The countries the text itself names, by name or demonym (actors left out)."""
        return self.analysis.resources.actors.countries_in(self.article.text, actors=False)

    def build(self, draft: EventDraft) -> Event:
        resources = self.analysis.resources
        extras: dict[str, Any] = {}
        location = self._location(draft, extras)
        when, precision, date_text = self._date(draft, location, extras)
        actor = self._actor_ref(draft.actor, when, trigger=draft.primary.token, draft=draft)
        if actor is not None and actor.actor_id is None and self._is_a_place(actor):
            actor = None  # "in Yangon-East district, ..., 2 bombs went off": a place the parser made a subject
        recipient = self._generic_recipient(draft.recipient, self._actor_ref(draft.recipient, when), actor)
        actor, co_actors = self._parties(draft.actor, actor, when, extras, role="actor")
        recipient, co_recipients = self._parties(draft.recipient, recipient, when, extras, role="recipient")
        if recipient is None and co_actors and roles.is_mutual(draft) and not extras.get("actor_alternatives"):
            # "military forces of India and Pakistan exchanged fire": the second side is the
            # other party to the fight, as in "X clashed with Y"
            recipient, co_actors = co_actors[0], co_actors[1:]
            extras["recipient_source"] = "other_side"
        counts = self._toll_counts(draft)
        fatalities, injured = tally(counts) if counts else (None, None)
        if draft.event_type in VIOLENT_TYPES and not draft.unreal:
            hurt = bool(fatalities or injured)
            recipient = self._force_where_hit(draft.recipient, recipient, when, location)
            recipient = self._force_among_hurt(draft, recipient, counts, when, extras)
            recipient = self._civilian_recipient(draft, recipient, when, location, extras, hurt=hurt)
            if actor is None:
                actor = self._actor_of_previous_act(draft, recipient, extras)
                if actor is None and roles.is_mutual(draft):
                    actor = self._force_on_operation(draft, when, extras)
            elif draft.event_type is PloverType.ASSAULT:
                actor = self._named_armed_group(draft.actor, actor)
        if location is None:
            location = self._country_of_parties(draft.event_type, actor, recipient, extras)
        mode = refine_mode(draft, resources.lexicon)
        same_sentence = [d for d in self.analysis.drafts
                         if d.sentence == draft.sentence and d.modality is draft.modality]
        typing = classify(
            draft, mode, recipient_type=recipient.actor_type if recipient else None,
            actor_type=actor.actor_type if actor else None, fatalities=fatalities,
            sentence_drafts=same_sentence, lexicon=resources.lexicon,
        )
        if draft.event_type is PloverType.PROTEST:
            rioting = typing.acled_event_type == "Riots"
            actor = self._as_demonstrators(actor, rioting=rioting, when=when, location=location,
                                           trigger=draft.primary.token, extras=extras)
            co_actors = _distinct(actor, [
                self._as_demonstrators(ref, rioting=rioting, when=when, location=location,
                                       trigger=draft.primary.token, extras=extras) or ref
                for ref in co_actors])
        elif typing.acled_event_type == "Riots" and (
                actor is None or actor.actor_type in {None, "civilians", "protesters"}):
            # "youths ransacked the police station", "a fight broke out between two groups",
            # "the registry was burned down by demonstrators": a crowd's violence makes its
            # people rioters, as ACLED codes mob violence and violent demonstrations
            actor = self._as_demonstrators(actor, rioting=True, when=when, location=location,
                                           trigger=draft.primary.token, extras=extras)
        if typing.acled_event_type == "Riots":
            recipient = _rioters_on_both_sides(draft, actor, recipient, extras)
        if recipient is None and draft.event_type is PloverType.PROTEST \
                and typing.acled_sub_event_type in FORCED_PROTESTS:
            recipient = self._crowd_control_force(draft, when, extras)
        if actor is None and draft.event_type is PloverType.ASSAULT and (
                typing.mode in UNATTRIBUTED_MODES
                or typing.mode in HIDDEN_AUTHOR_MODES and not self._security_forces_named
                and not roles.is_mutual(draft) and (typing.mode in ARMED_MODES or recipient is not None)):
            actor = self._unidentified_armed_group(trigger=draft.primary.token, when=when,
                                                   location=location, extras=extras)
        elif actor is not None and actor.actor_type == "civilians" and typing.mode in ARMED_MODES \
                and draft.event_type is PloverType.ASSAULT:
            actor = self._armed_unidentified(actor, when=when, location=location, extras=extras)
        historical = self._historical(draft, when, precision, extras)
        text = self.article.text
        trigger = draft.primary.token
        event = Event(
            event_id=event_id_for(self.article.id, trigger.idx, draft.event_type),
            article_id=self.article.id,
            event_type=draft.event_type,
            evidence=TextSpan(text[draft.start_char : draft.end_char], draft.start_char, draft.end_char),
            trigger=TextSpan(trigger.text, trigger.idx, trigger.idx + len(trigger.text)),
            mode=typing.mode,
            acled_event_type=typing.acled_event_type,
            acled_sub_event_type=typing.acled_sub_event_type,
            cameo=typing.cameo,
            actor=actor,
            recipient=recipient,
            co_actors=co_actors,
            co_recipients=co_recipients,
            date=when,
            date_precision=precision,
            date_text=date_text,
            historical=historical,
            location=location,
            fatalities=fatalities,
            injured=injured,
            confidence=_confidence(draft, actor, recipient, extras),
            figures=self.statements.figures(draft, counts, when),
            extras=extras,
            **self.statements.fields(draft, draft.actor, when).as_kwargs(),
        )
        self.built_from[id(draft)] = event
        if not draft.unreal:  # a threatened act is nobody's previous act
            self.previous = (draft, event)
            self.built.append(event)
        return event

    def _crowd_control_force(self, draft: EventDraft, when: date | None, extras: dict[str, Any]
                             ) -> ActorRef | None:
        """"Thirty protesters marched ... They were dispersed by police using tear gas": the
        force that broke up the protest, named in its paragraph from the protest's sentence on,
        is its recipient, as ACLED codes a protest with intervention (flagged
        ``recipient_source: "intervention"``), even when no act of the force was coded on its
        own. The words are matched as written: a sentence with no act in it is not parsed."""
        paragraphs = self.analysis.paragraphs
        doc = self.analysis.doc
        actors = self.analysis.resources.actors
        for token in doc[draft.sentence.start :]:
            if not paragraphs.same(token.idx, draft.sentence.start_char):
                return None
            if token.lower_ not in INTERVENING_WORDS:
                continue
            start = token.i - 1 if token.i > 0 and doc[token.i - 1].lower_ in CLASS_MODIFIERS else token.i
            phrase = doc[start : token.i + 1]
            entry = actors.resolve(phrase.text, focus=self.focus, on=when)
            class_name = class_of_words(tuple(t.lower_ for t in phrase))
            kind = entry.type if entry is not None else CLASS_SPECS[class_name][0] if class_name else None
            if kind not in {"police", "state_military"}:
                continue
            extras["recipient_source"] = "intervention"
            ref = ActorRef(text=phrase.text, start=phrase.start_char, end=phrase.end_char, actor_type=kind)
            return _resolved_as(ref, entry) if entry is not None else ref
        return None

    def _claimant_ref(self, span: Span, when: date | None) -> ActorRef | None:
        """A claimant is resolved as an actor is ("Tatkon Urban Guerrilla Force" an unknown armed
        group, not the army its last word suggests), a person as their organisation."""
        ref = self._actor_ref(span, when, trigger=span.root)
        entry = self.analysis.resources.actors.get(ref.actor_id) if ref is not None and ref.actor_id else None
        organisation = self._organisation_of(entry)
        if ref is None or organisation is None or organisation is entry:
            return ref
        return replace(ref, name=organisation.name, actor_id=organisation.id, actor_type=organisation.type,
                       country=organisation.country)

    def _speaker_ref(self, span: Span, when: date | None) -> ActorRef | None:
        """The party a speaker speaks for: "Abu Obeida, the spokesman of the Qassam Brigades"
        and a known spokesman are their organisation; "he" the article's last actor."""
        if roles.is_pronominal(span):
            return next((e.actor for e in reversed(self.built) if e.actor is not None and e.actor.actor_id), None)
        actors = self.analysis.resources.actors
        named = [s for s in actor_spans(span.doc) if s.start >= span.start and s.end <= span.end]
        for phrase in [span, *named]:
            entry = self._organisation_of(actors.resolve(_actor_query(phrase), focus=self.focus, on=when))
            if entry is not None:
                return ActorRef(text=span.text, start=span.start_char, end=span.end_char, name=entry.name,
                                actor_id=entry.id, actor_type=entry.type, country=entry.country)
        return self._unknown_party(span)

    def _previous_in_paragraph(self, draft: EventDraft) -> Event | None:
        if self.previous is None:
            return None
        previous_draft, previous_event = self.previous
        if self.analysis.paragraphs.same(previous_draft.start_char, draft.start_char):
            return previous_event
        return None

    def _date(self, draft: EventDraft, location: Location | None,
              extras: dict[str, Any]) -> tuple[date | None, DatePrecision | None, str | None]:
        mentions = self.day_mentions
        if draft.event_type in STATEMENT_TYPES and not draft.unreal:
            # "called for a rally on Thursday", "denied a raid last month": the content's date
            # is the act's, not the statement's
            content = speech.content_tokens(draft.primary.token)
            mentions = [m for m in mentions if not _inside(m, draft.sentence.doc, content)]
        mention: DateMention | None = attach.pick_date(draft, mentions)
        if mention is not None and (mention.date is not None or self.article.date is None):
            extras["date_source"] = "sentence"
            return self._ahead_if_unreal(draft, mention), mention.precision, mention.text
        anchored = self._anchor_date(draft)
        if anchored is not None:
            extras["date_source"] = "reference"
            return anchored
        earlier = self._earlier_in_paragraph(draft)
        if earlier is not None:
            extras["date_source"] = "paragraph"
            return earlier.date, earlier.precision, earlier.text
        story = self._story_day(draft, location)
        if story is not None:
            extras["date_source"] = "story"
            return story, DatePrecision.DAY, None
        extras["date_source"] = "article"
        if self.article.date is None:
            return None, None, mention.text if mention else None
        return self.article.date, DatePrecision.DAY, None

    def _story_day(self, draft: EventDraft, location: Location | None) -> date | None:
        """The day of the same act told earlier in the story, for an act that names none.

        Wire copy dates its lead ("Israeli shelling killed two people in Gaza on Wednesday")
        and retells the act in later paragraphs, one sentence to a paragraph, without the day
        again ("Tanks shelled the Zeitoun neighbourhood, residents said"). An undated act of
        the same type within ``RETOLD_KM`` of an earlier act that the text dated is taken as
        that act retold, and dated by it; any other undated act keeps the article's date, as
        ACLED codes an undated report. Background dates nothing.
        """
        if location is None or draft.event_type in STATEMENT_TYPES:
            return None
        for event in reversed(self.built):
            if (event.event_type is draft.event_type and _retells(event, location)
                    and event.evidence.start < draft.start_char):
                return event.date
        return None

    def _anchor_date(self, draft: EventDraft) -> tuple[date, DatePrecision, str | None] | None:
        """The day of the event a time adverbial names ("hours before the bombing"), moved by
        the days it measures ("two days after the attack"); None if that event has no day."""
        named = self.built_from.get(id(draft.anchor)) if draft.anchor is not None else None
        if named is None or named.date is None or named.date_precision is not DatePrecision.DAY:
            return None
        # the named event's words date this one only when it is the same day
        words = named.date_text if draft.anchor_days == 0 else None
        return named.date + timedelta(days=draft.anchor_days), DatePrecision.DAY, words

    def _ahead_if_unreal(self, draft: EventDraft, mention: DateMention) -> date | None:
        """A bare weekday reads as the last one before the article for what happened (or is
        denied), but as the next one for what is planned, threatened or supposed: "settlers plan
        to storm the compound on Thursday", in a Tuesday story, means two days later."""
        when, published = mention.date, self.article.date
        if draft.modality not in AHEAD_MODALITIES or when is None or published is None \
                or not BARE_WEEKDAY.match(mention.text):
            return when
        return when + timedelta(days=7) if when < published else when

    def _earlier_in_paragraph(self, draft: EventDraft) -> DateMention | None:
        """The last resolved date expression before the event's sentence, in its paragraph."""
        paragraphs = self.analysis.paragraphs
        earlier = [
            m for m in self.day_mentions
            if m.end <= draft.start_char and m.date is not None and paragraphs.same(m.start, draft.start_char)
        ]
        return earlier[-1] if earlier else None

    def _location(self, draft: EventDraft, extras: dict[str, Any]) -> Location | None:
        place = attach.pick_place(draft, self.places)
        source = "sentence"
        if place is None:
            previous = self._previous_in_paragraph(draft)
            if previous is not None and previous.location is not None:
                extras["location_source"] = "paragraph"
                return previous.location
            place, source = attach.dateline_place(self.places), "dateline"
        if place is None:
            place, source = attach.article_focus_place(self.places), "article"
        if place is None:
            return None
        extras["location_source"] = source
        record, span = place.record, place.span
        admin1, admin2 = _admin_names(record)
        return Location(
            name=record.name, text=span.text, start=span.start_char, end=span.end_char,
            lat=record.lat, lon=record.lon, country=record.country,
            geonames_id=record.geonames_id, feature=record.feature, admin1=admin1, admin2=admin2,
            precision=_precision_from(place, source),
        )

    def _country_of_parties(self, event_type: PloverType, actor: ActorRef | None,
                            recipient: ActorRef | None, extras: dict[str, Any]) -> Location | None:
        """The country of the event's parties when the article names no place it can resolve.

        A violent or coercive act happens where its target is ("French troops killed Malian
        militants": Mali), anything else where its actor is (a protest, a statement). Only a
        country the text itself names, by name or demonym, counts: a group's home country in
        the actor dictionary is a guess (JNIM attacks in Burkina Faso as often as in Mali), and
        no location is better than a guess. Country precision, flagged ``location_source:
        "actor"`` so a user can leave such rows off a map.
        """
        party = recipient if event_type in TARGET_LOCATED_TYPES else actor
        if party is None or party.country is None:
            return None
        if self.countries_named[party.country] == 0:
            return None
        try:
            name = country_name(party.country)
        except GazetteerError:
            return None
        record = self.analysis.resources.gazetteer.resolve(name)
        if record is None or record.feature != "country" or record.country != party.country:
            return None
        extras["location_source"] = "actor"
        return Location(
            name=record.name, text=party.text, start=party.start, end=party.end,
            lat=record.lat, lon=record.lon, country=record.country,
            geonames_id=record.geonames_id, feature="country", precision=3,
        )

    def _focus_at(self, location: Location | None) -> Mapping[str, float]:
        """The country that settles a generic actor: the event's place, else the article's focus."""
        if location is not None and location.country:
            return {location.country: 1.0}
        return self.focus

    def _as_demonstrators(self, actor: ActorRef | None, *, rioting: bool, when: date | None,
                          location: Location | None, trigger: Token, extras: dict[str, Any]
                          ) -> ActorRef | None:
        """The people who protest are protesters (rioters in a riot), as ACLED and PLOVER code
        them: "hundreds of workers marched" is Protesters (country), not Civilians, and
        "demonstrators" who burn tyres are Rioters. A named
        organisation that protests ("the union", "Hamas") keeps its own entry. A protest that
        names nobody ("a sit-in was held") was still made by protesters: the actor has no
        words in the text (an empty span at the trigger), flagged ``actor_source:
        "event_type"``."""
        if actor is not None and actor.actor_id is not None and actor.actor_type != "civilians" \
                and not self._state_agents(actor) and not (rioting and actor.actor_type == "protesters"):
            return actor
        focus = self._focus_at(location)
        entry = self.analysis.resources.actors.resolve("rioters" if rioting else "protesters",
                                                       focus=focus, on=when)
        if entry is None:
            return actor
        if actor is None:
            extras["actor_source"] = "event_type"
            return _unworded(trigger, entry)
        return _resolved_as(actor, entry)

    def _state_agents(self, actor: ActorRef) -> bool:
        """"Police officers staged a sit-in over pay", "soldiers took to the streets", "local
        officials protested": agents of a state who protest do so as protesters (ACLED codes
        them so, with their force as an associated actor). A government named as such ("the
        Government of X organised a rally") keeps its entry."""
        if actor.actor_type in STATE_FORCES:
            return True
        if actor.actor_type != "government":
            return False
        span = self.analysis.doc.char_span(actor.start, actor.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return False
        # "thousands of Burkina gathered", "patients of a clinic in Minna, Niger, protested":
        # people who protest, whatever country their phrase names; the government protests
        # only as the head of its phrase ("the Government of X organised a rally")
        head = span.root
        return not any(t.pos_ == "PROPN" for t in span) or (
            head.pos_ in {"NOUN", "NUM"} and singular(head.lower_) not in CLASS_HEADS["government"])

    def _parties(self, span: Span | None, ref: ActorRef | None, when: date | None,
                 extras: dict[str, Any], *, role: str) -> tuple[ActorRef | None, tuple[ActorRef, ...]]:
        """All the parties a coordinated phrase names ("PIJ and Hamas fighters", "the army,
        police and militias"): the first named leads, the others follow in text order. Each
        carries its affiliation (the entry's parent, or the party whose armed wing it is).
        Candidates for one role ("JNIM or ISGS militants") are kept the same way and flagged
        ``<role>_alternatives: true``."""
        if ref is None:
            return None, ()
        parts = [] if span is None or ref.text == "" else self._coordinated(span, when)
        if len(parts) >= 2 or (parts and ref.actor_id is None):
            if len(parts) >= 2 and span is not None and roles.names_alternatives(roles.coordination(span)):
                extras[f"{role}_alternatives"] = True
            return parts[0], tuple(parts[1:])
        return self._affiliated(ref), ()

    def _coordinated(self, span: Span, when: date | None) -> list[ActorRef]:
        actors = self.analysis.resources.actors
        refs: list[ActorRef] = []
        parts = roles.conjoined_parts(roles.coordination(span))
        # "Dir and Marehan clans", "Luway and Hadame sub-clan militias": clans the dictionary
        # does not know by name are each a clan's militia, as ACLED codes them
        clans = len(parts) >= 2 and bool(_span_words(parts[-1]) & CLAN_WORDS)
        for part in parts:
            entry = actors.resolve(_part_query(part, parts[-1], actors.is_demonym), focus=self.focus, on=when)
            if entry is None and clans and (_bare_name(part) or _span_words(part) & CLAN_WORDS) \
                    and not any(r.text == part.text for r in refs):
                refs.append(ActorRef(text=part.text, start=part.start_char, end=part.end_char,
                                     actor_type=CLASS_SPECS["communal_militia"][0],
                                     country=self._main_country()))
                continue
            if entry is None or any(r.actor_id == entry.id for r in refs):
                continue
            refs.append(self._affiliated(ActorRef(
                text=part.text, start=part.start_char, end=part.end_char, name=entry.name,
                actor_id=entry.id, actor_type=entry.type, country=entry.country)))
        return refs

    def _affiliated(self, ref: ActorRef) -> ActorRef:
        entry = self.analysis.resources.actors.get(ref.actor_id) if ref.actor_id else None
        parent_id = entry and (entry.armed_wing_of or entry.parent)
        parent = self._mission_serving_in(ref) or (
            self.analysis.resources.actors.get(parent_id) if parent_id else None)
        if parent is None:
            return ref
        return replace(ref, affiliation=parent.name, affiliation_id=parent.id)

    def _mission_serving_in(self, ref: ActorRef) -> ActorEntry | None:
        """"AUSSOM UPDF troops", "MONUSCO's Indian peacekeepers": a state's contingent named
        with the foreign mission it serves in is affiliated to the mission (ACLED codes the
        mission, with the contingent's force as associated actor)."""
        if ref.actor_type not in STATE_FORCES or ref.start == ref.end:
            return None
        doc = self.analysis.doc
        span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
        if span is None:
            return None
        actors = self.analysis.resources.actors
        for named in actor_spans(doc):
            # right before the contingent's words, or opening them
            if named.end == span.start or (named.start == span.start and named.end < span.end):
                entry = actors.resolve(named.text, focus=self.focus)
                if entry is not None and entry.type == "external_forces" and entry.id != ref.actor_id:
                    return entry
        return None

    def _civilian_recipient(self, draft: EventDraft, recipient: ActorRef | None, when: date | None,
                            location: Location | None, extras: dict[str, Any], *, hurt: bool
                            ) -> ActorRef | None:
        """Who force was used on when the words name people or things, not a party: "a
        farmer", "members of the Fulani community", "struck a house", "fired on a bus". ACLED
        and PLOVER code them as civilians of the place's country; a phrase that resolved to
        a known actor keeps it. An act that names no target but ``hurt`` people, with no
        armed party among the words ("drones opened fire, leaving several injuries"), hit
        civilians too, as ACLED codes it (flagged ``recipient_source: "casualties"``)."""
        if recipient is not None and recipient.actor_id is not None:
            return recipient
        if roles.is_mutual(draft):
            return recipient  # two armed sides fought; the dead may be either's
        if recipient is not None and self._is_a_place(recipient):
            recipient = None  # "shelled Tuffah": where force landed, not whom it hit
        people = recipient is not None and _names_civilians(
            self.analysis.doc.char_span(recipient.start, recipient.end))
        thing = None if people else roles.civilian_target(draft.primary.token)
        target = roles.noun_phrase(thing) if thing is not None else None
        unnamed_victims = recipient is None and target is None and hurt and not self._armed_words(draft)
        if not people and target is None and not unnamed_victims:
            return recipient
        entry = self.analysis.resources.actors.resolve("civilians", focus=self._focus_at(location), on=when)
        if entry is None:
            return recipient
        if unnamed_victims:
            trigger = draft.primary.token
            extras["recipient_source"] = "casualties"
            return _unworded(trigger, entry)
        if people and recipient is not None:
            return _resolved_as(recipient, entry)
        assert target is not None
        extras["recipient_source"] = "target"
        return ActorRef(text=target.text, start=target.start_char, end=target.end_char, name=entry.name,
                        actor_id=entry.id, actor_type=entry.type, country=entry.country)

    def _is_a_place(self, ref: ActorRef) -> bool:
        """Whether an unresolved participant is one of the article's place mentions, or a
        stretch of ground at one ("the beach of Deir al-Balah", "the outskirts of Kaya")."""
        # the whole phrase is the place: "a leader of the Clan del Golfo" names a party
        if any(span.start_char <= ref.start and ref.end <= span.end_char for span, _ in self.analysis.places):
            return True
        span = self.analysis.doc.char_span(ref.start, ref.end, alignment_mode="expand")
        return span is not None and len(span) > 0 and span.root.lemma_.lower() in LOCALE_HEADS and any(
            place.start_char >= ref.start and place.end_char <= ref.end for place, _ in self.analysis.places)

    def _armed_words(self, draft: EventDraft) -> bool:
        """Whether the event's sentences name fighters, troops or police, who may be the dead."""
        span = self.analysis.doc.char_span(draft.start_char, draft.end_char, alignment_mode="expand")
        if span is None:
            return True  # cannot tell: no guess
        return any(t.lemma_.lower() in VICTIM_ARMED_WORDS or t.lower_ in VICTIM_ARMED_WORDS for t in span)

    def _actor_of_previous_act(self, draft: EventDraft, recipient: ActorRef | None,
                               extras: dict[str, Any]) -> ActorRef | None:
        """"The army raided the market. Two traders were shot dead.": an act told without its
        doer, right after an act of force in the same paragraph, is that act's continuation;
        its actor is the earlier actor (or, when the earlier actor is now the one hit, the
        earlier recipient: "X attacked the base. Two X fighters were killed."). Flagged
        ``actor_source: "previous_event"``."""
        previous = self._previous_in_paragraph(draft)
        if previous is None or previous.event_type not in VIOLENT_TYPES or previous.actor is None:
            return None
        candidate: ActorRef | None = previous.actor
        if recipient is not None and recipient.actor_id is not None and candidate is not None \
                and candidate.actor_id == recipient.actor_id:
            candidate = previous.recipient
        if candidate is None or candidate.actor_type not in ARMED_KINDS:
            return None
        if candidate.text == "" and draft.event_type is not PloverType.ASSAULT:
            return None  # a group no one named did the violence, not the arrest told after it
        extras["actor_source"] = "previous_event"
        return candidate

    def _force_on_operation(self, draft: EventDraft, when: date | None,
                            extras: dict[str, Any]) -> ActorRef | None:
        """"Military Police officers went to the Jardim Catarina neighbourhood. A shoot-out
        broke out": a fight told with no sides, right after a sentence of the same paragraph
        whose subject is a state's forces, is their fight (ACLED codes the police or army on an
        operation as the first side). Only state forces: what they went to do is their
        operation; a group's movements are no such sign. ``actor_source: "operation"``."""
        sentence = draft.sentence
        if sentence.start == 0:
            return None
        before = sentence.doc[sentence.start - 1].sent
        if not self.analysis.paragraphs.same(before.start_char, sentence.start_char):
            return None
        subject = next((t for t in before.root.children if t.dep_ in {"nsubj", "nsubjpass"}), None)
        phrase = roles.noun_phrase(subject) if subject is not None else None
        force = self._actor_ref(phrase, when) if phrase is not None else None
        if force is None or force.actor_type not in STATE_FORCES:
            return None
        extras["actor_source"] = "operation"
        return force

    def _named_armed_group(self, span: Span | None, actor: ActorRef) -> ActorRef:
        """"The Peacock Warriors detonated a mine", "MS-13 members shot a bus driver": a name the
        dictionary lacks, using force, belongs to an armed group; untyped, it would count as no
        one. ACLED codes an armed group it cannot place otherwise as a political militia, as it
        does its unidentified armed groups. A place or a person's name stays untyped."""
        if span is None or actor.actor_id is not None or actor.actor_type is not None or not actor.text \
                or roles.is_pronominal(span) or self._is_a_place(actor) or not _names_a_group(span):
            return actor
        return replace(actor, actor_type="political_militia",
                       country=actor.country or self._main_country())

    @cached_property
    def _security_forces_named(self) -> bool:
        """Whether the article names police, soldiers or security forces anywhere: a shooting
        with no named shooter in such a story may be theirs ("two were killed in the firing"),
        so it is left without an actor rather than given to an unidentified armed group."""
        return any(singular(token.lower_) in SECURITY_FORCE_WORDS for token in self.analysis.doc)

    def _armed_unidentified(self, actor: ActorRef, *, when: date | None, location: Location | None,
                            extras: dict[str, Any]) -> ActorRef:
        """"Two men shot at people inside a store", "a man threw a bomb": people who attack with
        guns or bombs and whom nobody identifies are an armed group no one has named, as ACLED
        codes them, not civilians. The words stay the text's; ``actor_source: "armed_people"``."""
        entry = self.analysis.resources.actors.resolve("unidentified armed group",
                                                       focus=self._focus_at(location), on=when)
        if entry is None:
            return actor
        extras["actor_source"] = "armed_people"
        return _resolved_as(actor, entry)

    def _unidentified_armed_group(self, *, trigger: Token, when: date | None, location: Location | None,
                                  extras: dict[str, Any]) -> ActorRef | None:
        """"An IED exploded near a checkpoint, killing two soldiers": nobody is named, and ACLED
        codes the planter as the Unidentified Armed Group of the country. The actor has no words
        in the text (an empty span at the trigger) and is flagged ``actor_source:
        "unattributed"`` so a user can leave it out."""
        focus = self._focus_at(location)
        entry = self.analysis.resources.actors.resolve("unidentified armed group", focus=focus, on=when)
        if entry is None:
            return None
        extras["actor_source"] = "unattributed"
        return _unworded(trigger, entry)

    def _is_a_date(self, span: Span) -> bool:
        """"protested ... On 28 Apr": a date the parser hangs on the verb (the model does not
        always tag abbreviated months) is no party."""
        return any(m.start <= span.start_char and span.end_char <= m.end for m in self.analysis.dates)

    def _actor_ref(self, span: Span | None, when: date | None, *, trigger: Token | None = None,
                   draft: EventDraft | None = None) -> ActorRef | None:
        """Resolve a participant. An actor that names no party takes the one it refers to:
        "they"/"its fighters" the speaker who reports the event, else the paragraph's last actor;
        a bare "troops"/"gunmen" the article's last actor of the same kind (state forces or not),
        rather than the class of whichever country the article mentions most."""
        if span is None or self._is_a_date(span):
            return None
        actors = self.analysis.resources.actors
        query = _actor_query(span, recipient=trigger is None)
        entry: ActorEntry | None = actors.resolve(query, focus=self.focus, on=when)
        if entry is not None and _forces_of_a_name(span) and entry.type in STATE_FORCES \
                and actors.resolve(span.doc[span.root.i + 2 : span.end].text, focus=self.focus, on=when) != entry:
            entry = None  # "the joint forces of the Delta Thunder Group" are no state's forces
        if trigger is not None and draft is not None:
            if roles.is_pronominal(span):
                entry = self._speaker_or_previous(trigger, draft, when) or entry
            elif roles.is_bare_generic(span):
                state = roles.names_state_forces(span)
                entry = (self._speaker_of_kind(trigger, when, state=state)
                         or (self._speakers_own_forces(trigger, span, when) if state else None)
                         or self._named_antecedent(span, when)
                         or self._last_of_kind(state)
                         or (self._forces_the_sentence_names(span, when) if state else None) or entry)
            elif roles.is_bare_state_force(span):  # "the army", "police": no name, no country
                entry = (self._speakers_own_forces(trigger, span, when)
                         or self._forces_the_sentence_names(span, when) or entry)
        if entry is None:
            entry = self._named_inside(span, when)
        if entry is None and (where := _before_its_place(span)) is not None:
            # "hundreds of protesters in Kut city": the people, without where they are
            entry = actors.resolve(_actor_query(where, recipient=trigger is None), focus=self.focus, on=when)
        if entry is None:
            return self._unknown_party(span)
        return ActorRef(
            text=span.text, start=span.start_char, end=span.end_char,
            name=entry.name, actor_id=entry.id, actor_type=entry.type, country=entry.country,
        )

    def _named_inside(self, span: Span, when: date | None) -> ActorEntry | None:
        """"Myanmar military LIB-345", "an Al Shabaab Zakawat unit", "the commander of Hamas'
        naval unit": a phrase the dictionary cannot read whole, around a known group's name, is
        that group's (its unit, its commander, its position), as ACLED codes a sub-unit or a
        member by its organisation. Only a named entity counts, not a class ("Palestinian"),
        and not a party for its officials ("the CDP president" is no act of the party's)."""
        words = _span_words(span)
        if span.root.lemma_.lower() in CLASS_HEADS["civilians"] or words & CIVILIAN_MARKERS:
            return None  # "the baby of a policewoman", "a WFP aid convoy": people, not the force
        actors = self.analysis.resources.actors
        for named in sorted((s for s in actor_spans(span.doc) if span.start <= s.start and s.end <= span.end
                             and len(s) < len(span)), key=lambda s: (-len(s), s.start)):
            if _generic_in_a_name(named, span) or (named.start <= span.root.i and _forces_of_a_name(span)):
                continue  # "the joint forces of the Delta Group": the group's, not the army's
            if _qualified_by(named, span):
                continue  # "a military-appointed administrator", "a junta-owned bank": not the junta
            entry = actors.resolve(named.text, focus=self.focus, on=when)
            if entry is not None and entry.type not in NOT_ITS_MEMBERS and not actors.is_class_entry(entry):
                return entry
        return None

    def _unknown_party(self, span: Span) -> ActorRef:
        """A party the dictionary does not know keeps its words, with the type its head noun
        says ("the Black Lion Brigade" is an armed group, "Kamalu youths" civilians) and the
        story's country; no name and no id, so nobody mistakes it for a known entity."""
        ref = ActorRef(text=span.text, start=span.start_char, end=span.end_char)
        # the head noun alone ("brigade", "youths"), else the phrase's words ("border police",
        # "four customs officers", where the parse may root the phrase on a modifier)
        class_name = classify_head(span.root.lower_) or class_of_words(
            tuple(t.lower_ for t in span if t.is_alpha and t.pos_ not in {"DET", "NUM"}))
        words = _span_words(span)
        # the parser splits "sub-clan" and may end the phrase before it: "... with Dir-Surre sub-clan"
        following = {span.doc[span.end].lower_} if span.end < len(span.doc) else set()
        if class_name is None and (words | following) & (CLAN_WORDS | {"sub"}):
            # "a Habar Gedir sub-clan member", "the Marehan clan": ACLED's clan militias
            class_name = "communal_militia"
        if class_name is None:
            return ref
        actor_type = CLASS_SPECS[class_name][0]
        named = any(t.pos_ == "PROPN" for t in span)
        if named and words & RESISTANCE_WORDS and not words & STATE_WORDS:
            # "Kyaikto Revolution Force", "Dragon Guerrilla Force": what the name says it is
            actor_type = "political_militia"
        elif named and not words & STATE_WORDS and (
                span.root.lemma_.lower() in MILITIA_LIKE_HEADS or _forces_of_a_name(span)
                or self._named_defence_force(span, words)):
            # "the Black Lion Brigade": a named brigade the dictionary lacks is more often a
            # militia than a state's unit (those come with a demonym, a country or "police");
            # so are "the joint forces of the Delta Thunder Group"
            actor_type = "political_militia"
        return replace(ref, actor_type=actor_type, country=self._main_country())

    def _main_country(self) -> str | None:
        """The story's main country: the first of its focus."""
        return next(iter(_ranked_countries(self.focus)), None)

    def _named_defence_force(self, span: Span, words: set[str]) -> bool:
        """"Kyaukpadaung Defense Force", "the Beikthano Defence Force": a defence force named
        after a town or a people, not a country (a state's own, "the Botswana Defence Force",
        is in the dictionary or says its country), is a local militia."""
        return (span.root.lemma_.lower() == "force" and bool(words & DEFENCE_WORDS)
                and not self.analysis.resources.actors.countries_in(span.text, actors=False))

    def _speaker_or_previous(self, trigger: Token, draft: EventDraft, when: date | None) -> ActorEntry | None:
        actors = self.analysis.resources.actors
        speaker = roles.speaker_of(trigger)
        phrase = roles.participant_phrase(speaker) if speaker is not None else None
        if phrase is not None and not roles.is_anaphoric(phrase):
            return self._organisation_of(actors.resolve(_actor_query(phrase), focus=self.focus, on=when))
        previous = self._previous_in_paragraph(draft)
        if previous is not None and previous.actor is not None and previous.actor.actor_id:
            return actors.get(previous.actor.actor_id)
        return None

    def _organisation_of(self, entry: ActorEntry | None) -> ActorEntry | None:
        """"Abu Obeida said its fighters...": "its" is the speaker's organisation, not the
        spokesman; a person's entry gives way to its parent."""
        if entry is None or entry.role is None or entry.parent is None:
            return entry
        return self.analysis.resources.actors.get(entry.parent) or entry

    def _speaker_of_kind(self, trigger: Token, when: date | None, *, state: bool) -> ActorEntry | None:
        """"Police said officers killed three": the speaker, when it is a force of the same kind
        (not "the Red Crescent said soldiers fired", nor "the army said jihadists attacked")."""
        entry = self._named_speaker(trigger, when)
        if entry is not None and entry.type in ARMED_KINDS and (entry.type in STATE_FORCES) == state:
            return entry
        return None

    def _speakers_own_forces(self, trigger: Token, span: Span, when: date | None) -> ActorEntry | None:
        """"The defence minister warned that the air force would strike": a government or its
        official speaking of "the army" or "the air force" means their own state's, whichever
        country the story is set in."""
        entry = self._organisation_of(self._named_speaker(trigger, when))
        if entry is None or entry.type != "government" or entry.country is None:
            return None
        return self.analysis.resources.actors.resolve(_actor_query(span), focus={entry.country: 1.0}, on=when)

    def _forces_the_sentence_names(self, span: Span, when: date | None) -> ActorEntry | None:
        """"Israeli warplanes, including a drone, struck ...", "Israeli forces [likely
        warplanes] fired ...": a bare force or craft that the parser hangs on a named state's
        force (or makes a second subject beside it) is that force, not the class of the
        country where it acted (no Palestinian army flies warplanes over Gaza)."""
        actors = self.analysis.resources.actors
        own = actors.resolve(_actor_query(span), focus=self.focus, on=when)
        root = span.root
        for token in span.sent:
            if span.start <= token.i < span.end or token.lemma_.lower() not in roles.STATE_FORCE_NOUNS:
                continue
            # one hangs on the other, or both are subjects of one verb
            linked = root.i in {token.head.i, token.head.head.i} or token.i in {root.head.i, root.head.head.i} \
                or (root.head.i == token.head.i and root.dep_ == token.dep_)
            phrase = roles.noun_phrase(token) if linked else None
            if phrase is None or roles.names_no_party(phrase):
                continue
            entry = actors.resolve(_actor_query(phrase), focus=self.focus, on=when)
            if entry is not None and entry.type in STATE_FORCES and (own is None or own.type == entry.type):
                return entry
        return None

    def _named_speaker(self, trigger: Token, when: date | None) -> ActorEntry | None:
        """The entry of the speaker whose statement holds ``trigger``, when the words name one."""
        speaker = roles.speaker_of(trigger)
        phrase = roles.participant_phrase(speaker) if speaker is not None else None
        if phrase is None or roles.is_anaphoric(phrase):
            return None
        return self.analysis.resources.actors.resolve(_actor_query(phrase), focus=self.focus, on=when)

    def _named_antecedent(self, span: Span, when: date | None) -> ActorEntry | None:
        """"suspected JNIM militants made an incursion into X, where the militants abducted
        eleven people": the nearest earlier phrase of the paragraph with the same head noun and
        a known group's name says who the bare mention is."""
        actors = self.analysis.resources.actors
        head = span.root
        for token in reversed(span.doc[: span.start]):
            if not self.analysis.paragraphs.same(token.idx, span.start_char):
                return None
            if token.lemma_.lower() != head.lemma_.lower() or token.pos_ not in {"NOUN", "PROPN"}:
                continue
            phrase = span.doc[token.left_edge.i : token.i + 1]
            if roles.is_bare_generic(phrase):
                continue
            entry = actors.resolve(_actor_query(phrase), focus=self.focus, on=when)
            if entry is not None and not actors.is_class_entry(entry):
                return entry
        return None

    def _last_of_kind(self, state: bool, *, exclude: str | None = None, recipients: bool = False
                      ) -> ActorEntry | None:
        """The most recent named armed actor of the article of the same kind (state forces or
        not); with ``recipients``, the parties hit count too; ``exclude`` is never returned."""
        actors = self.analysis.resources.actors
        for event in reversed(self.built):
            for ref in (event.recipient, event.actor) if recipients else (event.actor,):
                if ref is None or ref.actor_id is None or ref.actor_type is None or ref.actor_id == exclude:
                    continue
                if ref.actor_type in ARMED_KINDS and (ref.actor_type in STATE_FORCES) == state:
                    return actors.get(ref.actor_id)
        return None

    def _generic_recipient(self, span: Span | None, recipient: ActorRef | None, actor: ActorRef | None
                           ) -> ActorRef | None:
        """"Hamas fighters attacked an Israeli post. ... shelled troops in Jabalia": a bare
        "troops" hit is the article's last named force of that kind other than the actor, not
        the class of the story's main country."""
        if span is None or recipient is None or not roles.is_bare_generic(span):
            return recipient
        entry = self._last_of_kind(roles.names_state_forces(span), recipients=True,
                                   exclude=actor.actor_id if actor is not None else None)
        if entry is None:
            return recipient
        return _resolved_as(recipient, entry)

    def _force_where_hit(self, span: Span | None, recipient: ActorRef | None, when: date | None,
                         location: Location | None) -> ActorRef | None:
        """"Fighters launched a drone at an army position near Metula": a state's force hit that
        the words tie to no country is the force of the country where it was hit, not of the
        story's main country (the attacker's, in a cross-border strike). Only when the text
        itself names that country, by name or demonym: a misread place must not lend its
        country's army."""
        if span is None or recipient is None or recipient.actor_type not in STATE_FORCES \
                or location is None or location.country in (None, recipient.country) \
                or self.countries_named[location.country] == 0 or not roles.names_no_party(span):
            return recipient
        entry = self.analysis.resources.actors.resolve(_actor_query(span, recipient=True),
                                                       focus={location.country: 1.0}, on=when)
        if entry is None or entry.type not in STATE_FORCES:
            return recipient
        return _resolved_as(recipient, entry)

    def _force_among_hurt(self, draft: EventDraft, recipient: ActorRef | None, counts: list[CasualtyCount],
                          when: date | None, extras: dict[str, Any]) -> ActorRef | None:
        """"The PDF bombed a bunker and killed a soldier", "a bomb went off near the bank,
        injuring one soldier": when everyone the act hurt is a state's force and the target
        names no party, the force was hit (ACLED codes it as the second actor)."""
        # a known party hit stays, and so do people named as civilians ("a civilian was hurt")
        named = recipient is not None and recipient.actor_id is not None and (
            recipient.actor_type != "civilians" or extras.get("recipient_source") is None)
        if named or not counts or roles.is_mutual(draft):
            return recipient
        forces = [self._force_hurt(draft, count) for count in counts]
        first_force = forces[0]
        if first_force is None or any(force is None for force in forces):
            return recipient
        ref = self._actor_ref(roles.noun_phrase(first_force), when)
        if ref is None or ref.actor_type not in STATE_FORCES:
            return recipient
        extras["recipient_source"] = "casualties"
        return ref

    def _force_hurt(self, draft: EventDraft, count: CasualtyCount) -> Token | None:
        """The force word of a casualty count that names only a state's forces, else None."""
        span = self.analysis.doc.char_span(draft.start_char + count.start, draft.start_char + count.end,
                                           alignment_mode="expand")
        if span is None:
            return None
        nouns = [t for t in span if t.pos_ in {"NOUN", "PROPN"}]
        forces = [t for t in nouns if t.lemma_.lower() in SECURITY_FORCE_WORDS or t.lower_ in SECURITY_FORCE_WORDS]
        if not forces or any(t.lemma_.lower() in PEOPLE_HEADS for t in nouns):
            return None
        return forces[0]

    def _toll_counts(self, draft: EventDraft) -> list[CasualtyCount]:
        """Casualties of the sentence go to its violent event (ASSAULT first), never to words
        nor to acts that did not happen; offsets are relative to the draft's start."""
        if draft.event_type not in VIOLENT_TYPES or draft.unreal:
            return []
        same_sentence = [d for d in self.analysis.drafts if d.sentence == draft.sentence
                         and d.event_type in VIOLENT_TYPES and not d.unreal]
        owner = min(same_sentence, key=lambda d: VIOLENT_ORDER.index(d.event_type))
        if owner is not draft:
            return []
        start, end = draft.start_char, draft.end_char
        return find_casualties(self.article.text[start:end])

    def _historical(self, draft: EventDraft, when: date | None, precision: DatePrecision | None, extras: dict[str, Any]) -> bool:
        sentence = draft.sentence
        if history.is_running_total(sentence) or history.recalls_the_past(sentence) \
                or history.is_long_running(draft.primary.token):
            return True
        article_date = self.article.date
        if when is None or precision is None or article_date is None or extras.get("date_source") == "article":
            return False
        days = self.analysis.resources.settings.historical_days
        if history.tells_what_followed(sentence):
            days = min(days, history.FOLLOWED_DAYS)
        return history.is_old(when, precision, article_date, days=days)



def _without_refinements(mentions: Sequence[DateMention], text: str) -> Sequence[DateMention]:
    """The date mentions less a time of day that follows a date and refines it: "On 2 August,
    overnight, gunmen attacked" happened in the night of 2 August, not in the night before
    the article came out, which "overnight" alone would mean."""
    kept = [mentions[0]] if mentions else []
    for before, mention in pairwise(mentions):
        refines = (mention.text.lower() in TIME_OF_DAY and before.date is not None
                   and not text[before.end:mention.start].strip(" ,"))
        if not refines:
            kept.append(mention)
    return kept


def _retells(event: Event, location: Location) -> bool:
    """Whether an undated act at ``location`` may be ``event`` told again: the text gave
    ``event`` its day, it is not background, and it happened near by."""
    if event.historical or event.date is None or event.date_precision is not DatePrecision.DAY:
        return False
    if event.extras.get("date_source") not in DATED_BY_TEXT or event.location is None:
        return False
    there = event.location
    if location.lat is None or location.lon is None or there.lat is None or there.lon is None:
        return False
    return distance_km(there.lat, there.lon, location.lat, location.lon) <= RETOLD_KM


def _inside(mention: DateMention, doc: Doc, tokens: set[int]) -> bool:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and any(token.i in tokens for token in span)


def _admin_names(record: PlaceRecord) -> tuple[str | None, str | None]:
    """The admin-1 and admin-2 areas of a place; an area is its own admin-1 or admin-2."""
    if record.feature == "admin1":
        return record.name, None
    if record.feature == "admin2":
        return record.admin1, record.name
    return record.admin1, record.admin2


def _distinct(lead: ActorRef | None, others: list[ActorRef]) -> tuple[ActorRef, ...]:
    """Co-parties without the lead's entity or repeats ("Israelis and Palestinians protested
    in Haifa" are both Protesters (Israel), as ACLED codes the place's country)."""
    seen: set[str] = {lead.actor_id} if lead is not None and lead.actor_id else set()
    kept = []
    for ref in others:
        if ref.actor_id is not None:
            if ref.actor_id in seen:
                continue
            seen.add(ref.actor_id)
        kept.append(ref)
    return tuple(kept)


def _part_query(part: Span, last: Span, demonym: Callable[[str], bool]) -> str:
    """A lone demonym shares the head of the last part: "Burkinabe and French aircraft" are
    Burkinabe aircraft and French aircraft, not Burkinabe people. A country after the first
    part's "forces of" shares them: "military forces of India and Pakistan" are Pakistan's
    military forces too, not its government."""
    if part is not last and len(part) == 1 and len(last) > 1 and demonym(part.text):
        return f"{part.text} {last.root.text}"
    first = part.root.head if part.root.dep_ == "conj" else None  # "Pakistan" -> "India"
    if first is not None and first.dep_ == "pobj" and first.head.lower_ == "of" \
            and first.head.head.pos_ == "NOUN" and part.root.ent_type_ == "GPE":
        owner = first.head.head  # "forces"
        words = [t.text for t in owner.doc[owner.left_edge.i : owner.i + 1] if t.dep_ != "det"]
        return f"{' '.join(words)} of {part.text}"
    return part.text


def classify_head(word: str) -> str | None:
    """The actor class a lone head noun names ("brigade" -> military, "youths" -> civilians)."""
    return class_of_words((word.lower(),))


def _ranked_countries(focus: Mapping[str, float]) -> list[str]:
    return [country for country, weight in sorted(focus.items(), key=lambda kv: -kv[1]) if weight > 0]


# Entity labels of names that are no group: a person, a place, a date or an amount.
NOT_GROUP_ENTS = frozenset({"PERSON", "GPE", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "ORDINAL",
                            "QUANTITY", "MONEY", "PERCENT"})


def _names_a_group(span: Span) -> bool:
    """Whether a phrase holds a name that can be a group's: a proper noun or an acronym that is
    not a person's or a place's ("Peacock Warriors", "MS-13 members", "a group of BJP workers")."""
    return any((t.pos_ == "PROPN" or sum(c.isupper() for c in t.text) >= 2)
               and t.ent_type_ not in NOT_GROUP_ENTS for t in span)


def _span_words(span: Span) -> set[str]:
    """The phrase's words, as written (lowercased) and as lemmas."""
    return {t.lemma_.lower() for t in span} | {t.lower_ for t in span}


def _of_a_name(after: Span) -> bool:
    """Whether the words after a class word are "of" and a name that is no place or
    nationality: "(forces) of the Delta Thunder Group"."""
    return len(after) > 1 and after[0].lower_ == "of" and any(
        t.pos_ == "PROPN" and t.ent_type_ not in {"GPE", "LOC", "NORP"} for t in after)


def _forces_of_a_name(span: Span) -> bool:
    """"the joint forces of the Delta Thunder Group": a class word whose "of" phrase names a
    group (no place, nationality or state) is that group's, not a state's."""
    root = span.root
    return root.lemma_.lower() in GENERIC_HEADS and _of_a_name(span.doc[root.i + 1 : span.end])


# Participles that make "X-<participle> Y" someone or something tied to X, not X itself.
TIE_PARTICIPLES = frozenset({"appointed", "owned", "run", "installed", "nominated", "picked", "operated"})


def _qualified_by(named: Span, span: Span) -> bool:
    """"military-appointed ward administrator", "military-owned corporation": the name only
    qualifies the head, which the name's group appointed, owns or runs."""
    doc = span.doc
    after = named.end
    return (after + 1 < span.end and doc[after].text == "-" and doc[after + 1].lower_ in TIE_PARTICIPLES
            and span.root.i > after + 1)


def _generic_in_a_name(inside: Span, span: Span) -> bool:
    """Whether class words inside a phrase ("Force", "Defense Force") stand for another name
    rather than the army: "Pauk Guerrilla Force", "Kyaukpadaung Defense Force", "the joint
    forces of the Delta Guerrilla Group" (a name after "of" that is no place nor nationality),
    unlike "Puntland police forces", "an army camp" or "military LIB-12"."""
    if not all(t.lemma_.lower() in GENERIC_HEADS or t.lower_ in GENERIC_HEADS
               or (t.lower_ in DEFENCE_WORDS and t.i < inside.root.i) for t in inside):
        return False
    return inside[0].is_title or _of_a_name(span.doc[inside.end : span.end])


def _names_civilians(span: Span | None) -> bool:
    """Whether an unresolved phrase names people rather than a party or a thing: "a Hausa
    farmer", "members of the Fulani community", "four individuals", "a cattle thief"."""
    if span is None:
        return False
    words = _span_words(span)
    if span.root.pos_ == "NUM" or span.root.lower_ == "others":
        return True  # "killing five", "one killed and two others injured": a count of the hurt
    if span.root.ent_type_ == "NORP" and span.root.pos_ in {"NOUN", "PROPN"}:
        return True  # "killed a Palestinian": a person of that nationality
    if span.root.ent_type_ == "PERSON":
        return _unarmed_person(span.root)
    root = span.root.lemma_.lower()
    if root in roles.CIVILIAN_OBJECTS:
        return True  # "a house west of the city": its occupants
    if words & CIVILIAN_MARKERS:
        return True  # "civil defence personnel", "aid workers", "a medical team"
    if root in PARTITIVES and words & (PEOPLE_HEADS | roles.CIVILIAN_OBJECTS):
        return True  # "a group of people", "a crowd of residents", "a number of buildings"
    if root in BUILDING_PARTS and words & roles.CIVILIAN_OBJECTS:
        return True  # "the third floor of a hospital": the building's occupants
    return root in PEOPLE_HEADS or bool(words & COMMUNITY_WORDS)


def _bare_name(part: Span) -> bool:
    """"Dir" in "Dir and Marehan clans": names only, sharing the phrase's head noun; not a
    party with a head of its own ("Galmudug security forces and Habar Gedir clan militia")."""
    return all(t.pos_ == "PROPN" or t.is_punct for t in part)


def _resolved_as(ref: ActorRef, entry: ActorEntry) -> ActorRef:
    """The same words, taken as ``entry``."""
    return replace(ref, name=entry.name, actor_id=entry.id, actor_type=entry.type, country=entry.country)


def _unworded(trigger: Token, entry: ActorEntry) -> ActorRef:
    """``entry`` as a party the text gives no words for: an empty span at the trigger."""
    return ActorRef(text="", start=trigger.idx, end=trigger.idx, name=entry.name, actor_id=entry.id,
                    actor_type=entry.type, country=entry.country)


def _rioters_on_both_sides(draft: EventDraft, actor: ActorRef | None, recipient: ActorRef | None,
                           extras: dict[str, Any]) -> ActorRef | None:
    """"Two groups clashed", "students clashed with each other", "clashes between sector 5 and
    sector 1 youngsters": a crowd that fights a crowd no text names as a party fights rioters
    like itself, as ACLED codes such mob violence (Rioters on both sides; people the crowd
    fights are in the fight, not civilians hit). The recipient keeps its words ("each other"),
    or has none (``recipient_source: "mutual"``)."""
    if actor is None or actor.actor_type != "rioters" or (
            recipient is not None and recipient.actor_id and recipient.actor_type != "civilians"):
        return recipient  # a crowd fighting the police or a named group fights them
    if not roles.is_mutual(draft):
        return recipient
    if recipient is not None:
        return replace(recipient, name=actor.name, actor_id=actor.actor_id, actor_type=actor.actor_type,
                       country=actor.country)
    extras["recipient_source"] = "mutual"
    trigger = draft.primary.token
    return ActorRef(text="", start=trigger.idx, end=trigger.idx, name=actor.name, actor_id=actor.actor_id,
                    actor_type=actor.actor_type, country=actor.country)


def _unarmed_person(name: Token) -> bool:
    """"kidnapped Dicko Hamadoum, a village resident": a person the dictionary does not know,
    a civilian unless the words about them (an apposition, a title) make them a fighter or an
    officer, or name a party ("Abu Khalid, an ISWAP commander")."""
    about = list(name.subtree)
    named_parties = actor_token_indices(name.doc)
    return not ({t.lemma_.lower() for t in about} & ARMED_PERSON_WORDS
                or any(t.i in named_parties for t in about if t.i != name.i))


_LOCATIVE_LINKS = frozenset({"in", "at", "near", "inside", "outside", "from"})


def _before_its_place(span: Span) -> Span | None:
    """The phrase without the place phrase that follows its head ("protesters in Kut city" ->
    "protesters"), when it has one."""
    for token in span[1:]:
        if token.dep_ == "prep" and token.lower_ in _LOCATIVE_LINKS and token.head.i < token.i:
            return span.doc[span.start : token.i]
    return None


def _actor_query(span: Span, *, recipient: bool = False) -> str:
    """The words to resolve: a bare demonym standing for the attacker ("an Israeli strike") means
    that state's forces, not its civilians; as the one hit ("killed a Palestinian") it is a
    person of that nation."""
    words = [t for t in span if t.dep_ != "det"]
    if len(words) == 1 and words[0].ent_type_ == "NORP" and words[0].pos_ in {"ADJ", "NOUN", "PROPN"}:
        # a person ("killed a Palestinian", misparsed "a Palestinian southwest of ..."), not
        # the owner word of "an Israeli post"
        owned = words[0].head.lemma_.lower()
        modifier = (words[0].dep_ in {"amod", "compound", "nmod", "poss"}
                    and owned not in roles.COMPASS and owned not in roles.CIVILIAN_OBJECTS)
        if recipient and not modifier:  # "Palestinian houses" are Palestinians' houses
            return f"{words[0].text} civilian"
        if words[0].pos_ == "ADJ":
            return f"{span.text} forces"
    return span.text


def _confidence(draft: EventDraft, actor: ActorRef | None, recipient: ActorRef | None, extras: dict[str, Any]) -> float:
    """A heuristic score (not calibrated): how much of the record the text itself supports."""
    score = 0.35
    score += 0.15 if draft.primary.token.pos_ == "VERB" else 0.05
    score += 0.15 if actor is not None and actor.name else (0.07 if actor is not None else 0.0)
    score += 0.1 if recipient is not None else 0.0
    score += 0.1 if extras.get("location_source") == "sentence" else 0.0
    score += 0.1 if extras.get("date_source") == "sentence" else 0.0
    return min(score, 0.95)
