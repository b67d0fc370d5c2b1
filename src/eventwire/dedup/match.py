"""How alike two reports are: a score from 0 to 1, or None when they cannot be one event.

Two events of one article are one event only when the article tells one happening twice
(:func:`told_twice`). Otherwise hard rules first (never one event): two articles one outlet
published on one day, different countries, days further apart than the window, places further apart
than ``max_km``, different types, background against news, a threat against a fact. Then a
weighted sum of how well the day, place, parties, type, toll and evidence words agree. The
weights follow ACLED's rule that one event is the same actors on the same day at the same
place; the words decide between events that share all three (two strikes on one town).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from eventwire.dedup.reports import Report
from eventwire.geo.admin import distance_km

#: The weight of each part of the score; they sum to 1. ACLED's rule (one event is the same
#: actors on the same day at the same place) gives the day, the place and the parties half of
#: it; the words the rest but a little, since they decide between the events of one busy day
#: in one city, which share all three.
WEIGHTS = {"words": 0.40, "day": 0.20, "place": 0.20, "parties": 0.10, "type": 0.05,
           "toll": 0.05}
#: How the share of weighted words two reports have in common becomes the words part: outlets
#: that write their own reports of one event share little (a tenth to a fifth: the place, the
#: actor, the toll), so up to WORDS_KNEE the words part rises to one half; a rewrite of one
#: wire report shares much more, and only at WORDS_AGREE do the words agree fully, since two
#: events of one day and town told in one outlet's formula share a third of their words too.
WORDS_KNEE = 0.2
WORDS_AGREE = 0.6
#: Place names the reports give that the other report lacks ("in Karan" / "in Heliwa") count
#: against: a penalty of their weight over NAMES_CONFLICT_SCALE, at most NAMES_CONFLICT_CAP.
NAMES_CONFLICT_SCALE = 20.0
NAMES_CONFLICT_CAP = 0.3


@dataclass(frozen=True, slots=True)
class MergeRules:
    """When two reports are one event.

    Args:
        window_days: reports whose days differ by more are never merged; reports of one event
            may date it a day or two apart ("overnight", "on Sunday" in a Monday article).
        max_km: reports placed further apart (both at town precision or better) are never
            merged.
        threshold: the score from which a report joins an event; 0.65 was best on the dev
            half of the ACLED-based merging set (docs/DEDUP.md).
        floor: a report never joins an event one of whose articles it matches below this,
            however well it matches the others: the average alone would let a report that
            names another neighbourhood than one outlet into an event two others agree on.
    """

    window_days: int = 2
    max_km: float = 50.0
    threshold: float = 0.65
    floor: float = 0.55


class WordWeights:
    """Inverse document frequencies of evidence words over the reports being merged: a word
    every report shares ("forces", "killed") counts little, a street name a lot."""

    def __init__(self, reports: Iterable[Report] = ()) -> None:
        self._documents = 0
        self._frequency: Counter[str] = Counter()
        for report in reports:
            self.add(report)

    def add(self, report: Report) -> None:
        self._documents += 1
        self._frequency.update(report.words)

    def weight(self, word: str) -> float:
        return math.log((self._documents + 1) / (self._frequency[word] + 1)) + 1.0

    def similarity(self, first: frozenset[str], second: frozenset[str]) -> float:
        """Weighted Jaccard: the weight of the shared words over the weight of all words."""
        if not first or not second:
            return 0.0
        shared = sum(self.weight(word) for word in first & second)
        total = sum(self.weight(word) for word in first | second)
        return shared / total


def score(first: Report, second: Report, *, rules: MergeRules, words: WordWeights) -> float | None:
    """How alike two reports are (0..1), or None when a hard rule keeps them apart."""
    if first.article_id == second.article_id:
        return 1.0 if told_twice(first, second) else None
    found = parts(first, second, rules=rules, words=words)
    if found is None:
        return None
    agreement = sum(WEIGHTS[name] * found[name] for name in WEIGHTS)
    return agreement - found["conflict"]


def parts(first: Report, second: Report, *, rules: MergeRules,
          words: WordWeights) -> dict[str, float] | None:
    """Each part of the score of two reports of different articles (0..1), and the names
    conflict's penalty; None when a hard rule keeps them apart."""
    if not _may_be_one(first, second, rules):
        return None
    place = _place_part(first, second, rules)
    if place is None:
        return None
    return {
        "words": words_part(words.similarity(first.words, second.words)),
        "day": _day_part(first, second),
        "place": place,
        "parties": _parties_part(first, second),
        "type": _type_part(first, second),
        "toll": _toll_part(first.fatalities, second.fatalities),
        "conflict": min(NAMES_CONFLICT_CAP,
                        _names_conflict(first, second, words) / NAMES_CONFLICT_SCALE),
    }


def words_part(similarity: float) -> float:
    """The words part of the score for a weighted-word similarity (see :data:`WORDS_KNEE`):
    0.5 at the knee, 1.0 from :data:`WORDS_AGREE`, straight lines between."""
    if similarity <= WORDS_KNEE:
        return 0.5 * similarity / WORDS_KNEE
    return min(1.0, 0.5 + 0.5 * (similarity - WORDS_KNEE) / (WORDS_AGREE - WORDS_KNEE))


def _names_conflict(first: Report, second: Report, words: WordWeights) -> float:
    """The weight of the names only one report's sentence gives (the other report has not the
    word at all), the smaller side's: zero when either names nothing the other lacks (a short
    report of a longer one)."""
    only_first = sum(words.weight(name) for name in first.evidence_names - second.words)
    only_second = sum(words.weight(name) for name in second.evidence_names - first.words)
    return min(only_first, only_second)


#: Two places of one article's events that lie this close are one place told twice ("in Gaza
#: City" in the lead, "in the Rimal neighbourhood" in the details).
TOLD_TWICE_KM = 10.0
#: The dictionary ids of the unidentified armed groups (one per country, one countryless)
UNIDENTIFIED = "unidentified-armed-group"


def told_twice(first: Report, second: Report) -> bool:
    """Two events of one article that are one happening told twice (a lead, then the details,
    often in other words): the same type and day, places that agree, the same mode and
    actors where both say, and no place in one sentence that the other does not mention.
    ACLED's rule (one event is the same actors on the same day at the same place) makes them
    one event; the recipients are not compared, as a lead names them loosely ("civilians")
    and the details precisely ("protesters"), and neither are the words, which a lead and its
    details rarely share.

    A wire lead sums up in general words what the paragraphs after it tell ("An explosion hit
    a camp in North Darfur on Sunday" over "Rapid Support Forces artillery shelled the Abu
    Shouk camp"): against the lead the mode, an unidentified armed group and the names only
    the details give are no sign of another happening.
    """
    lead = first.in_lead or second.in_lead
    return (
        first.event_type == second.event_type and first.historical == second.historical
        and first.factual == second.factual and first.date is not None
        and first.date == second.date and _places_agree(first, second)
        and (lead or not first.mode or not second.mode or first.mode == second.mode)
        and (_compatible(_identified(first.parties), _identified(second.parties)) if lead
             else _compatible(first.parties, second.parties))
        # the sentences' own names: the article's lead gives both reports the same ones
        and (lead or not (first.sentence_names - second.sentence_words
                          and second.sentence_names - first.sentence_words))
    )


def _identified(parties: frozenset[str]) -> frozenset[str]:
    """The parties less the unidentified armed groups: a lead's "gunmen" may be anyone."""
    return frozenset(key for key in parties if not key.startswith(UNIDENTIFIED))


def _places_agree(first: Report, second: Report) -> bool:
    """One place named twice (or twice unnamed): the same name, or a precise place near the
    other, or a region (precision 3 and coarser) of the same country as the other: a lead
    often names only the region or the city of the place the details name."""
    if first.place is None or second.place is None:
        # two sentences of one article that both leave the place unsaid are of its one place;
        # one that says it and one that does not may be of two
        return first.place == second.place
    if first.place == second.place:
        return True
    if first.lat is None or first.lon is None or second.lat is None or second.lon is None:
        return False
    if (first.place_precision or 1) >= 3 or (second.place_precision or 1) >= 3:
        return first.country is not None and first.country == second.country
    return distance_km(first.lat, first.lon, second.lat, second.lon) <= TOLD_TWICE_KM


def _compatible(first: frozenset[str], second: frozenset[str]) -> bool:
    return not first or not second or bool(first & second)


def _may_be_one(first: Report, second: Report, rules: MergeRules) -> bool:
    if first.source and first.source == second.source and first.article_date == second.article_date:
        return False  # an outlet updates a story in place; two of its stories on a day are two

    if first.historical != second.historical or first.factual != second.factual:
        return False
    if first.date is None or second.date is None:
        return False  # an undated report has nothing to be matched on
    if abs((first.date - second.date).days) > rules.window_days:
        return False
    if first.country and second.country and first.country != second.country:
        return False
    # PLOVER's types are coarse (a clash, a shooting and an air strike are all ASSAULT), so
    # outlets rarely disagree on them; within a type the mode tells acts apart (_type_part)
    return first.event_type == second.event_type


#: The day part for reports 0, 1 and 2 days apart. ACLED's rule is the same day; outlets that
#: date one event a day apart ("overnight", "late on Sunday") still reach the threshold when
#: place, parties and words agree, but a day apart no longer carries two events of one town
#: on consecutive days (daily shelling of one district) into one.
DAY_APART = (1.0, 0.3, 0.1)


def _day_part(first: Report, second: Report) -> float:
    assert first.date is not None and second.date is not None
    apart = abs((first.date - second.date).days)
    value = DAY_APART[apart] if apart < len(DAY_APART) else 0.1
    # "in May" and "last week" place an event loosely: agreement on them proves little
    return value if first.day_precise and second.day_precise else min(value, 0.5)


#: The place part of two exact places of different names a few kilometres apart: as far
#: apart as places 25-50 km away, since each report names its own place exactly.
TWO_PLACES = 0.25
#: How far a region or country (ACLED precision 3) agrees with another place. A region, or a
#: country, that holds the other place neither confirms nor denies it (the neutral 0.5 of a
#: part neither report says), since a region holds many events of a day: outlets that write
#: "in Gaza" or "in Sagaing Region" are told apart or together by the rest. A region that
#: does not hold the other place, in the same country, is a sign of another place.
COARSE_SAME = 0.5
COARSE_SAME_COUNTRY = 0.3


def _place_part(first: Report, second: Report, rules: MergeRules) -> float | None:
    if _coarse(first) or _coarse(second):
        return _coarse_place_part(first, second)
    if (first.place_inferred or second.place_inferred) and first.place != second.place:
        # the dateline's town: where the story was filed, not where the text puts the event,
        # so neither for nor against beyond its country
        return COARSE_SAME if first.country and first.country == second.country else 0.3
    same_name = first.place is not None and first.place == second.place
    if first.lat is None or first.lon is None or second.lat is None or second.lon is None:
        if same_name:
            return 1.0
        return 0.4 if first.country and first.country == second.country else 0.3
    km = distance_km(first.lat, first.lon, second.lat, second.lon)
    precise = (first.place_precision or 1) <= 2 and (second.place_precision or 1) <= 2
    if km > rules.max_km:
        return None if precise else 0.1
    if same_name or km <= 2:
        return 1.0
    if _two_named_places(first, second):
        return TWO_PLACES
    return 0.75 if km <= 10 else 0.5 if km <= 25 else 0.25


def _two_named_places(first: Report, second: Report) -> bool:
    """Two exact places of different names, neither inside the other: two neighbourhoods of a
    city or two villages, which ACLED codes as two locations (a city and its neighbourhood
    are one place told coarsely and finely)."""
    return (first.place is not None and second.place is not None
            and (first.place_precision or 1) == 1 and (second.place_precision or 1) == 1
            and first.place not in second.areas and second.place not in first.areas)


def _coarse(report: Report) -> bool:
    return report.place_precision is not None and report.place_precision >= 3


def _coarse_place_part(first: Report, second: Report) -> float:
    """A region or a country against another place: its centroid's distance to the other says
    nothing, its name does (the same region, the region the other place lies in, or the
    country of the other place)."""
    if first.place is not None and (first.place == second.place or first.place in second.areas
                                    or second.place in first.areas):
        return COARSE_SAME
    if first.country and first.country == second.country:
        return COARSE_SAME if first.country_wide or second.country_wide else COARSE_SAME_COUNTRY
    return 0.3


def _parties_part(first: Report, second: Report) -> float:
    direct = (_overlap(first.parties, second.parties) + _overlap(first.targets, second.targets)) / 2
    # "clashes between A and B" is "B and A clashed" in another outlet's words
    crossed = (_overlap(first.parties, second.targets) + _overlap(first.targets, second.parties)) / 2
    return max(direct, crossed)


def _overlap(first: frozenset[str], second: frozenset[str]) -> float:
    if not first or not second:
        return 0.5  # one report does not say who: neither for nor against
    return 1.0 if first & second else 0.0


def _type_part(first: Report, second: Report) -> float:
    if first.mode and second.mode and first.mode != second.mode:
        # an air strike and a shelling are two events, but outlets call one attack a raid,
        # a shooting or a bombing: the mode is a weak sign
        return 0.5
    return 1.0


def _toll_part(first: int | None, second: int | None) -> float:
    if not first or not second:
        return 0.5  # no toll, or none yet: early reports often give none
    if first == second:
        return 1.0
    # tolls rise as reports come in; a very different one suggests another event
    return 0.7 if min(first, second) / max(first, second) >= 0.5 else 0.3
