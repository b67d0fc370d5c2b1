"""Attach a date and a place to each event draft.

Date: the date expression in the event's sentence that belongs to its clause (inside the
trigger's or its head verb's subtree), setting aside dates of other things ("a blogger who
was arrested on 6 May", "the 2015 coup") while there is another, preferring a resolved one and, among those, one that
modifies the event's own verb ("On 3 May, gunmen attacked"; not "workers hired in 2016"),
else the nearest one in the sentence; else the date of
the previous event in the same paragraph (wire copy dates the lead sentence and not the next);
else the article date. Place: likewise, preferring places governed by a locative preposition in
the trigger's clause and, among those, the most precise (a camp or town before a region before
a country); else the previous event's place in the paragraph; else the dateline; else the
article's most mentioned place. Each choice is recorded in ``extras`` (``date_source``,
``location_source``: sentence, paragraph, dateline, article) so a user can filter on it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from eventwire.extract.drafts import EventDraft
from eventwire.extract.triggers import Trigger
from eventwire.geo.countries import neighbours
from eventwire.geo.folding import ADMIN_DESIGNATORS, split_designator
from eventwire.model import DateMention, DatePrecision
from eventwire.nlp.docview import text_of

if TYPE_CHECKING:
    from eventwire.geo import PlaceRecord

LOCATIVE_PREPS = frozenset({"in", "near", "at", "outside", "into", "around", "across", "inside", "on", "of", "throughout", "within", "towards", "toward", "between", "along"})
PARTICIPANT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "poss", "agent", "appos", "attr", "dative"})
# Smaller number = more precise; ACLED codes an event to the most precise place reported.
FEATURE_PRECISION = {
    "neighbourhood": 0, "camp": 0, "crossing": 0, "site": 0, "village": 0,
    "city": 1, "town": 1, "populated": 1,
    "region": 2, "district": 2, "admin1": 2, "admin2": 2,
    "country": 3,
}


@dataclass(frozen=True, slots=True)
class PlaceMention:
    span: Span
    record: PlaceRecord
    by_area: bool = False  # the gazetteer lacks the place; it stands at the enclosing area
    in_name: bool = False  # opens a facility's name ("Benghazi Medical Centre"): weak evidence

    @property
    def precision(self) -> int:
        return FEATURE_PRECISION.get(self.record.feature, 1)


# "near X", "on the outskirts of X", "in the area of X", "between X and Y", "5 km north of X":
# ACLED codes such events at X with geo-precision 2. Up to four words may stand between the
# qualifier and the name ("near the border town of X"), but not "in" or "at": "outside the
# governor's office in Tripoli" is in Tripoli.
COMPASS_WORDS = frozenset({"north", "south", "east", "west", "northeast", "northwest",
                           "southeast", "southwest", "north-east", "north-west", "south-east",
                           "south-west"})
_NEARBY = re.compile(
    r"(?:\bnear(?:by)?|\boutskirts|\boutside|\bvicinity|\bareas? of|\baround|\bsurroundings|"
    r"\bbetween|\bclose to|\bcoast(?:line)? of|\b(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)? of|"
    r"\b(?:km|kms|kilomet(?:re|er)s?|miles?)\b(?: \w+)?(?: of| from))"
    r"(?:[\s,]+(?!(?:in|at|inside|within)\b)[\w'\u2019-]+){0,4}\s+$",
    re.IGNORECASE,
)
_ADMIN_PRECISION = {"country": 3, "admin1": 3, "admin2": 2, "district": 2}
# "in Sanchaung township", "in the Zorgo area", "in Coyuca municipality": a word after a town's
# name that widens it to the area around it.
_AREA_AFTER = re.compile(
    r"^\s+(?:township|district|municipality|department|commune|county|subdistrict|locality|"
    r"area|areas|outskirts|vicinity|surroundings|axis|countryside)\b", re.IGNORECASE)


def location_precision(place: PlaceMention) -> int:
    """ACLED's geo-precision of an event placed at this mention.

    1: the named town, village or a part of it; 2: near a town ("near", "outskirts of",
    "between X and Y"), a township or district, a part of a region ("northern Gaza"), or a
    village the gazetteer lacks placed at its enclosing district; 3: only a region, province
    or country.
    """
    record = place.record
    if record.feature in _ADMIN_PRECISION:
        return _ADMIN_PRECISION[record.feature]
    if record.feature == "region":
        return 2 if record.admin1 else 3  # a region inside another ("northern Gaza") is a part
    if place.by_area or split_designator(place.span.text)[1] in ADMIN_DESIGNATORS:
        return 2  # "Hpakant township": the town stands for the township around it
    after = text_of(place.span.doc)[place.span.end_char : place.span.end_char + 20]
    if _AREA_AFTER.match(after):
        return 2
    return 2 if is_reference_point(place) else 1


def is_reference_point(place: PlaceMention) -> bool:
    """"near X", "south of X", "between X and Y": X locates the event, which is not in X."""
    sentence = place.span.sent
    before = text_of(place.span.doc)[sentence.start_char : place.span.start_char]
    return _NEARBY.search(before[-80:]) is not None


# A place named after a preposition but mislabelled by the model (PERSON/ORG) or not labelled.
# The small model tags many towns as ORG or PERSON ("El Fasher"); dates are never places.
MISLABELLED_PLACE_LABELS = frozenset({"PERSON", "ORG", "NORP", ""})
NOT_PLACE_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
SMALL_PLACE = 100_000
# Below this a lone place must lie in or beside a country the text's actors name: villages and
# small towns share their names with namesakes the world over.
FAR_TOWN = 30_000
_AREA_FEATURES = frozenset({"country", "region", "admin1", "admin2"})


def place_candidates(doc: Doc, labels: frozenset[str],
                     is_demonym: Callable[[str], bool] = lambda text: False) -> list[Span]:
    """Place entities, plus proper names governed by a locative preposition.

    ``is_demonym`` tells a nationality's adjective ("Thai") from a town the tagger labelled a
    nationality ("Bardera town")."""
    spans = [ent for ent in doc.ents if ent.label_ in labels]
    taken = {t.i for span in spans for t in span}
    for ent in doc.ents:
        if ent.label_ in MISLABELLED_PLACE_LABELS and _is_locative(ent) and not taken & {t.i for t in ent} \
                and not (_people_adjective(ent) and is_demonym(ent.text)):
            spans.append(ent)
            taken.update(t.i for t in ent)
    for token in doc:
        if (token.pos_ == "PROPN" and token.i not in taken and token.ent_type_ not in NOT_PLACE_ENTS
                and (token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPS or _names_residents(token))):
            start = token.i
            while start > 0 and doc[start - 1].pos_ == "PROPN" and start - 1 not in taken \
                    and doc[start - 1].ent_type_ not in NOT_PLACE_ENTS:
                start -= 1
            spans.append(doc[start : token.i + 1])
            taken.update(range(start, token.i + 1))
    return sorted(spans, key=lambda span: span.start)


def _people_adjective(ent: Span) -> bool:
    """"a strike on the Thai restaurant": a nationality that qualifies a common noun says whose,
    not where."""
    return ent.label_ == "NORP" and ent.root.dep_ in {"compound", "amod"} and ent.root.head.pos_ == "NOUN"


# "Accra residents", "Kismayo traders": people named by their town
_PEOPLE_NOUNS = frozenset({"resident", "villager", "local", "inhabitant", "people", "youth", "trader",
                           "farmer", "herder", "worker", "student", "fisherman", "displaced"})


def _names_residents(token: Token) -> bool:
    return token.dep_ == "compound" and token.head.lemma_.lower() in _PEOPLE_NOUNS


def plausible_in_article(record: PlaceRecord, *, other_mentions: Counter[str],
                         named: Counter[str] | None = None) -> bool:
    """False for a small place in a country no other mention of the article points to; for a
    lone small place, False when it lies far from every country the text's actors and demonyms
    name (``named``): "Sona" beside JNIM and "Burkina Faso troops" is not Soná in Panama.

    Far is neither a named country nor one bordering it, so "Russian forces shelled
    Vovchansk" keeps a Ukrainian village though only Russia is named; the rule holds for
    places under ``FAR_TOWN`` people only.
    """
    if record.feature in _AREA_FEATURES or record.population >= SMALL_PLACE:
        return True  # areas are vetted by the gazetteer; a large town stands on its own
    if +other_mentions:
        return other_mentions[record.country] > 0
    countries = +(named or Counter())
    if not countries or record.population >= FAR_TOWN:
        return True  # a regional town is rarely a namesake accident; the named words may err
    return any(record.country == country or record.country in neighbours(country)
               for country in countries)


def clause_tokens(draft: EventDraft) -> set[int]:
    """Token indices of the trigger's clause: its subtree, or its head verb's for a noun trigger."""
    token = draft.primary.token
    root: Token = token
    if token.pos_ in {"NOUN", "PROPN"} and token.head.i != token.i and token.head.pos_ in {"VERB", "AUX"}:
        root = token.head
    elif _is_consequence(draft.primary):
        root = token.head  # "Shells fell on the camp, killing 12": the camp is where they died
    indices = {t.i for t in root.subtree}
    for trigger in draft.triggers:
        indices.update(t.i for t in trigger.token.subtree)
    return indices


def _is_consequence(trigger: Trigger) -> bool:
    """An outcome participle hanging on the verb that caused it ("..., killing 12"): the
    harm happened in the main clause's setting, so that clause holds its place and date."""
    token = trigger.token
    return (trigger.entry.outcome and token.tag_ == "VBG" and token.dep_ == "advcl"
            and token.head.i != token.i and token.head.pos_ == "VERB")


def _in_span(start_char: int, end_char: int, span: Span) -> bool:
    return span.start_char <= start_char and end_char <= span.end_char


def pick_date(draft: EventDraft, mentions: Sequence[DateMention]) -> DateMention | None:
    """The date expression of the event's sentence that dates the event, or None.

    Dates that describe something else ("a blogger who was arrested on 6 May", "the 2015
    coup", "the SUNDAY hotel") are set aside while the sentence has another; a year in a
    parenthesised aside ("a former MP (term of 2010-2015)") never dates the event.
    Then, in order: a date in the trigger's clause, else any in the sentence; among
    those a resolved one ("On 17 September 2025, overnight, ..."); among those one that
    modifies the event's own verb ("On 3 May, gunmen attacked ..."; not "workers hired in
    2016" nor "a former MP (term 2010-2015)"); then the nearest to the trigger. A year-less
    date in an undated article is returned unresolved (``date=None``).
    """
    sentence = draft.sentence
    in_sentence = [m for m in mentions if _in_span(m.start, m.end, sentence)]
    if not in_sentence:
        return None
    doc = sentence.doc
    clause = clause_tokens(draft)
    heads = _clause_heads(draft)

    def tokens_of(mention: DateMention) -> Span | None:
        return doc.char_span(mention.start, mention.end, alignment_mode="expand")

    def in_clause(mention: DateMention) -> bool:
        span = tokens_of(mention)
        return span is not None and any(t.i in clause for t in span)

    def direct(mention: DateMention) -> bool:
        span = tokens_of(mention)
        return span is not None and _modifies(span, heads)

    def describes_other(mention: DateMention) -> bool:
        span = tokens_of(mention)
        return span is not None and _dates_something_else(span, heads)

    # A date of another thing ("a blogger arrested on 6 May", "the SUNDAY hotel") dates the
    # event only when the sentence has nothing better; a year in an aside ("a former MP
    # (term of 2010-2015)") never does. A background year outside one is still kept: "The
    # 2016 peace deal ended a war that killed thousands" is what marks the war as history.
    eligible = [m for m in in_sentence if not describes_other(m)]
    if not eligible:
        eligible = [m for m in in_sentence if not _year_in_aside(m, sentence)]
        if not eligible:
            return None
    anchored = [m for m in eligible if in_clause(m)] or eligible
    resolved = [m for m in anchored if m.date is not None] or anchored
    own = [m for m in resolved if direct(m)] or resolved
    trigger_at = draft.primary.token.idx
    return min(own, key=lambda m: abs(m.start - trigger_at))


def _clause_heads(draft: EventDraft) -> set[int]:
    """The event's verbs: its triggers, their heads when they are nouns, and verbs they coordinate."""
    heads: set[int] = set()
    for trigger in draft.triggers:
        token = trigger.token
        heads.add(token.i)
        if token.pos_ in {"NOUN", "PROPN"} and token.head.pos_ in {"VERB", "AUX"}:
            heads.add(token.head.i)
        for conj in (token.head, *token.conjuncts):
            if conj.pos_ in {"VERB", "AUX"} and (token.dep_ == "conj" or conj in token.conjuncts):
                heads.add(conj.i)
    return heads


def _modifies(span: Span, heads: set[int]) -> bool:
    """Whether the date phrase hangs off one of ``heads`` with no other verb or noun between
    ("On 3 May, gunmen attacked" yes; "an accord signed in 2016", "a term of 2010-2015" no)."""
    token: Token = span.root
    for _ in range(6):
        if token.i in heads:
            return True
        outside = not (span.start <= token.i < span.end)
        if token.head.i == token.i or (outside and token.pos_ in {"VERB", "AUX", "NOUN", "PROPN"}):
            return False
        token = token.head
    return False


# Clauses that describe a participant rather than carry the story: "a blogger who was
# arrested on 6 May", "an accord signed in 2016".
NOUN_CLAUSE_DEPS = frozenset({"relcl", "acl"})
# How a date sits in front of the noun it describes: "the 2015 coup", "the SUNDAY hotel".
PRENOMINAL_DEPS = frozenset({"compound", "nummod", "nmod", "amod"})


def _dates_something_else(span: Span, heads: set[int]) -> bool:
    """Whether the date phrase describes another thing than the event: it sits in front of a
    noun ("the 2015 coup"), follows a common noun it modifies ("a term of 2010-2015", "the
    killing in 2006"), or lies in a clause describing a participant ("a blogger who was
    arrested on 6 May"). Proper nouns are passed over: "in Gao on 3 May" is often parsed as
    modifying "Gao", and a fronted "On 3 May," misattached to the subject still dates the
    sentence."""
    root: Token = span.root
    if root.dep_ in PRENOMINAL_DEPS and root.head.pos_ in {"NOUN", "PROPN"} and root.head.i >= span.end \
            and root.head.i not in heads:
        return True
    token = root
    for _ in range(8):
        if token.i in heads:
            return False
        outside = not (span.start <= token.i < span.end)
        if outside and token.pos_ == "NOUN" and token.i < span.start:
            return True
        if outside and token.pos_ in {"VERB", "AUX"} and token.dep_ in NOUN_CLAUSE_DEPS:
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def _year_in_aside(mention: DateMention, sentence: Span) -> bool:
    """A year-only date inside parentheses: an aside about someone or something."""
    if mention.precision is not DatePrecision.YEAR:
        return False
    before = text_of(sentence.doc)[sentence.start_char : mention.start]
    return before.count("(") > before.count(")")


def pick_place(draft: EventDraft, places: Sequence[PlaceMention]) -> PlaceMention | None:
    sentences = [draft.sentence, *draft.followups]
    in_sentence = [p for p in places if any(_in_span(p.span.start_char, p.span.end_char, s) for s in sentences)]
    in_sentence = [p for p in in_sentence if not _inside_participant(p.span, draft)]
    in_sentence = [p for p in in_sentence if not p.in_name] or in_sentence
    if not in_sentence:
        return None
    clause = clause_tokens(draft)
    # "fighting between Armenia troops and Azerbaijan troops in Terter": the parse governs the
    # country word by "between", but it says whose troops, not where
    governed = [p for p in in_sentence if p.span.root.i in clause and _is_locative(p.span)
                and not (_names_a_party(p) and _owns_forces(p))]
    # "demanding that France withdraw": a country as a party is not where the event happened
    settings = [p for p in in_sentence if (p.span.root.dep_ not in PARTICIPANT_DEPS or _is_target_area(p))
                and not _is_agent(p.span) and not _names_a_party(p) and not _is_origin_country(p)]
    candidates = governed or [p for p in settings if p.span.root.i in clause] or settings
    candidates = [p for p in candidates if not _encloses_another(p, candidates)]
    if not candidates:
        return None
    trigger_at = draft.primary.token.idx

    def closest(options: list[PlaceMention]) -> PlaceMention:
        # the most precise by ACLED's codes, where "south of al-Khalil" is only near al-Khalil
        # (Masafer Yatta wins) but "near Rafah in North Sinai" still beats the province;
        # then by kind (a camp before its city), then the nearest to the trigger
        return min(options, key=lambda p: (location_precision(p), is_reference_point(p), p.precision,
                                           abs(p.span.start_char - trigger_at)))

    best = closest(candidates)
    # ACLED codes the most precise place reported: a city after "in" yields to the camp in
    # the same clause ("stormed Shu'fat camp in al-Quds"), a country the parse put in the
    # clause to a town of that country anywhere in the sentence.
    pool = settings if best.precision >= 3 else [p for p in settings if p.span.root.i in clause]
    finer = [p for p in pool if p.precision < best.precision and p.record.country == best.record.country
             and not is_reference_point(p)]
    return closest(finer) if finer else best


# "near Beit Hanoun in northern Gaza", "in Tsafe, Zamfara": the words between a place and the
# wider area written right after it to say where that place lies.
_ENCLOSING_LINK = re.compile(r"^\s*(?:,|in|in the)\s*$", re.IGNORECASE)


def _encloses_another(area: PlaceMention, candidates: Sequence[PlaceMention]) -> bool:
    """Whether ``area`` only says where a finer place of the same country lies ("near Beit
    Hanoun in northern Gaza"): the event is at, or near, the finer place, not anywhere in the
    area, even when the finer place is only a reference point or, unknown to the gazetteer,
    stands at that very area ("the town of Adan Yabaal in Middle Shabelle")."""
    text = text_of(area.span.doc)
    return any(
        (other.by_area or other.precision < area.precision) and other.record.country == area.record.country
        and other.span.end_char <= area.span.start_char
        and _ENCLOSING_LINK.match(text[other.span.end_char : area.span.start_char]) is not None
        for other in candidates)


def _is_origin_country(place: PlaceMention) -> bool:
    """"a deal to import sugar from Brazil", "troops from Chad": a country something comes
    from is not where the event happened (the dateline or another place of the story is)."""
    root = place.span.root
    return place.record.feature == "country" and root.dep_ == "pobj" and root.head.lower_ == "from"


def _is_target_area(place: PlaceMention) -> bool:
    """"stormed Shu'fat camp", "shelled Kharkiv": a town or camp as the object is where the
    event happened (a country as the object, "accused Israel", is a party)."""
    return place.span.root.dep_ == "dobj" and place.record.feature not in _AREA_FEATURES


def _names_a_party(place: PlaceMention) -> bool:
    """"Myanmar military forces", "Ethiopia security forces": a country word that modifies a
    noun describes a party, not the place where the event happened."""
    root = place.span.root
    return (place.record.feature == "country" and root.dep_ in {"compound", "amod", "nmod"}
            and root.head.i != root.i and root.head.pos_ in {"NOUN", "PROPN"})


# The nouns of a state's armed forces: "Myanmar military", "Armenia troops", "Israeli warplanes".
_FORCE_HEADS = frozenset({"troop", "soldier", "force", "army", "military", "police", "navy",
                          "gendarme", "gendarmerie", "warplane", "jet", "aircraft", "helicopter",
                          "tank", "artillery", "drone"})


def _owns_forces(place: PlaceMention) -> bool:
    """"Armenia troops", "Myanmar military": a country word over its forces, which names no
    place even when the parse governs it by the clause's preposition ("between Armenia troops
    and ..."), unlike "in the Burkina Faso capital". It stays a mention of the article, whose
    place it is when the article names no other."""
    return place.span.root.head.lemma_.lower() in _FORCE_HEADS


def _is_agent(span: Span) -> bool:
    """"supported by the UAE", "an attack by Israel": the party, not the place."""
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ == "by"


def _inside_participant(span: Span, draft: EventDraft) -> bool:
    """A place word that is part of an actor's name ("Gaza's health ministry") is not the event's place."""
    for participant in (draft.actor, draft.recipient):
        if participant is not None and participant.start <= span.start and span.end <= participant.end:
            # "the Jabalia camp west of Beit Lahia", parsed with "camp" modifying "west": a
            # place that modifies a compass word names a place, not a party
            return span.root.dep_ in {"poss", "compound"} and span.root.head.lower_ not in COMPASS_WORDS
    return False


def _is_locative(span: Span) -> bool:
    """Governed by a locative preposition, directly or through a head noun ("the town of X", "X camp")."""
    token: Token = span.root
    for _ in range(3):
        if token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPS:
            return True
        if token.dep_ in {"compound", "amod", "appos", "conj", "pobj", "nmod"} and token.head.i != token.i:
            token = token.head
            continue
        break
    return False


def dateline_place(places: Sequence[PlaceMention]) -> PlaceMention | None:
    """The place in an opening dateline ("GAZA CITY (Reuters) -", "KHARTOUM, March 3 --")."""
    for place in places:
        if place.span.start_char > 40:
            break
        after = text_of(place.span.doc)[place.span.end_char : place.span.end_char + 20]
        if after.lstrip().startswith(("(", ",", "-", "—", "–")) and place.span.sent.start_char == 0:
            return place
    return None


def article_focus_place(places: Sequence[PlaceMention]) -> PlaceMention | None:
    """The article's most mentioned place, preferring sub-national places to countries."""
    if not places:
        return None
    counts = Counter(p.record.place_id for p in places)
    return min(places, key=lambda p: (p.in_name, p.precision >= 3, -counts[p.record.place_id], p.span.start_char))
