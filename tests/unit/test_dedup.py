"""Merging reports of one event across articles (eventwire.dedup), on hand-written reports of
a shelling in Darfur by three outlets, with other events around it that must stay apart."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eventwire.dedup import MergeRules, merge_fields, merge_store
from eventwire.dedup.cluster import Clusterer, merged_id_for
from eventwire.dedup.match import WEIGHTS, WordWeights, parts, score, told_twice, words_part
from eventwire.dedup.reports import ArticleInfo, Report, evidence_words, place_names, report_of
from eventwire.model import (
    ActorRef,
    Article,
    DatePrecision,
    Event,
    Location,
    Modality,
    PloverType,
    TextSpan,
    event_id_for,
)
from eventwire.store import SQLiteStore, merges

# --- hand-written reports -----------------------------------------------------------------

WIRE = (
    "EL FASHER, Sudan, May 13 (Wire) - Rapid Support Forces fighters shelled the Abu Shouk "
    "camp on Sunday, killing 12 civilians, camp officials said."
)
DAILY = (
    "Artillery fire by the Rapid Support Forces struck Abu Shouk displacement camp north of "
    "El Fasher on Sunday. Medics said 15 civilians were killed in the shelling."
)
RADIO = (
    "KHARTOUM (Radio) - At least 12 people died when the RSF shelled Abu Shouk camp in North "
    "Darfur on Sunday, a camp coordinator told the radio."
)
MARKET = (
    "KABKABIYA, Sudan (Wire) - A drone strike hit the cattle market in Kabkabiya on Sunday, "
    "killing four traders. Separately, Rapid Support Forces fighters looted shops in the "
    "Abu Shouk camp on Sunday."
)

RSF = ActorRef("Rapid Support Forces", 0, 0, name="Rapid Support Forces", actor_id="rsf")
SAF = ActorRef("Sudanese Armed Forces", 0, 0, name="Sudanese Armed Forces", actor_id="saf")
CIVILIANS = ActorRef("civilians", 0, 0, name="Civilians (Sudan)", actor_id="civilians-sdn")
ABU_SHOUK = Location("Abu Shouk", "Abu Shouk", 0, 0, lat=13.66, lon=25.35, country="SDN",
                     admin1="North Darfur", precision=1)
EL_FASHER = Location("El Fasher", "El Fasher", 0, 0, lat=13.63, lon=25.35, country="SDN",
                     admin1="North Darfur", precision=2)
KABKABIYA = Location("Kabkabiya", "Kabkabiya", 0, 0, lat=13.65, lon=24.09, country="SDN",
                     admin1="North Darfur", precision=1)


def article(article_id: str, text: str, day: date, source: str) -> Article:
    return Article(article_id, text, day, source=source)


def event(source: Article, trigger: str, event_type: PloverType = PloverType.ASSAULT, *,
          place: Location | None = None, day: date | None = date(2024, 5, 12),
          **fields: Any) -> Event:
    start = source.text.index(trigger)
    sentence_start = source.text.rfind(". ", 0, start) + 1
    sentence_end = source.text.find(".", start) + 1 or len(source.text)
    return Event(
        event_id=event_id_for(source.id, start, str(event_type)), article_id=source.id,
        event_type=event_type, trigger=TextSpan(trigger, start, start + len(trigger)),
        evidence=TextSpan(source.text[sentence_start:sentence_end].strip(), sentence_start,
                          sentence_end),
        date=day, date_precision=DatePrecision.DAY if day else None, location=place,
        **fields,
    )


def wire() -> tuple[Article, list[Event]]:
    source = article("wire-1", WIRE, date(2024, 5, 13), "Wire")
    return source, [event(source, "shelled", place=ABU_SHOUK, actor=RSF, recipient=CIVILIANS,
                          fatalities=12, mode="artillery")]


def daily() -> tuple[Article, list[Event]]:
    source = article("daily-1", DAILY, date(2024, 5, 14), "Daily")
    return source, [event(source, "struck", place=ABU_SHOUK, actor=RSF, recipient=CIVILIANS,
                          fatalities=15, mode="artillery")]


def radio() -> tuple[Article, list[Event]]:
    source = article("radio-1", RADIO, date(2024, 5, 13), "Radio")
    return source, [event(source, "shelled", place=EL_FASHER, actor=RSF, fatalities=12)]


def market() -> tuple[Article, list[Event]]:
    source = article("wire-2", MARKET, date(2024, 5, 13), "Wire")
    return source, [
        event(source, "drone strike", place=KABKABIYA, fatalities=4, mode="aerial"),
        # same camp, day and actor as the shelling, but another act: looting, its own type
        event(source, "looted", PloverType.COERCE, place=ABU_SHOUK, actor=RSF),
    ]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path / "events.db") as opened:
        yield opened


def clusters(store: SQLiteStore) -> dict[str, list[str]]:
    """Merged id -> the article ids of its reports."""
    found = {}
    for merged in merges.merged_events(store):
        articles = [store.read("SELECT article_id FROM events WHERE event_id = ?", (e,))[0][0]
                    for e in merged.reports]
        found[merged.merged_id] = articles
    return found


# --- matching -------------------------------------------------------------------------------


def reports(*items: tuple[Article, list[Event]]) -> list[Report]:
    return [report_of(one, ArticleInfo(source.id, source.source, source.date))
            for source, events in items for one in events]


def test_a_place_taken_from_the_dateline_is_neither_for_nor_against() -> None:
    # the radio filed from Kabkabiya and its sentence names no place: its event is not told as
    # being 140 km from the camp, so no hard rule keeps it from the wire's shelling
    source = article("radio-2", "KABKABIYA (Radio) - The RSF shelled the camp on Sunday, killing 12.",
                     date(2024, 5, 13), "Radio")
    filed = event(source, "shelled", place=KABKABIYA, actor=RSF, fatalities=12,
                  extras={"location_source": "dateline"})
    shelling, dateline = reports(wire(), (source, [filed]))
    assert dateline.place_inferred and not shelling.place_inferred
    assert "kabkabiya" not in dateline.sentence_names
    found = parts(shelling, dateline, rules=MergeRules(), words=WordWeights([shelling, dateline]))
    assert found is not None and found["place"] == 0.5
    told = replace(dateline, place_inferred=False)
    assert parts(shelling, told, rules=MergeRules(), words=WordWeights([shelling, told])) is None


def test_reports_of_one_shelling_score_high_and_other_events_apart() -> None:
    shelling, other_outlet, market_strike, looting = reports(wire(), daily(), market())
    words = WordWeights([shelling, other_outlet, market_strike, looting])
    rules = MergeRules()
    same = score(shelling, other_outlet, rules=rules, words=words)
    assert same is not None and same >= rules.threshold
    # another town 140 km west, both placed at town precision: never one event
    assert score(shelling, market_strike, rules=rules, words=words) is None
    # looting is not shelling: the types rule it out
    assert score(shelling, looting, rules=rules, words=words) is None


def test_a_day_apart_weighs_against_one_event() -> None:
    shelling, other_outlet = reports(wire(), daily())
    words = WordWeights([shelling, other_outlet])
    rules = MergeRules()
    same_day = score(shelling, other_outlet, rules=rules, words=words)
    next_day = score(shelling, replace(other_outlet, date=date(2024, 5, 13)), rules=rules,
                     words=words)
    assert same_day is not None and next_day is not None
    # ACLED's rule is the same day: the day part falls from 1.0 to 0.3 (weight 0.2)
    assert same_day - next_day == pytest.approx(0.2 * (1.0 - 0.3))


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"article_id": "wire-1", "mode": "aerial"}, "another act of the same article"),
        ({"source": "Wire", "article_date": date(2024, 5, 13)}, "one outlet's two stories of a day"),
        ({"date": date(2024, 5, 20)}, "eight days apart"),
        ({"country": "TCD"}, "another country"),
        ({"historical": True}, "background against news"),
        ({"factual": False}, "a threat against a fact"),
        ({"date": None}, "undated"),
    ],
)
def test_hard_rules_keep_reports_apart(change: dict[str, Any], why: str) -> None:
    shelling, other_outlet = reports(wire(), daily())
    words = WordWeights([shelling, other_outlet])
    assert score(shelling, replace(other_outlet, **change), rules=MergeRules(),
                 words=words) is None, why


def test_a_day_apart_still_matches_but_scores_lower() -> None:
    shelling, other_outlet = reports(wire(), daily())
    words = WordWeights([shelling, other_outlet])
    same_day = score(shelling, other_outlet, rules=MergeRules(), words=words)
    next_day = score(shelling, replace(other_outlet, date=date(2024, 5, 13)),
                     rules=MergeRules(), words=words)
    assert same_day is not None and next_day is not None
    assert MergeRules().threshold <= next_day < same_day


def test_sides_swapped_between_outlets_still_agree() -> None:
    shelling, other_outlet = reports(wire(), daily())
    words = WordWeights([shelling, other_outlet])
    swapped = replace(other_outlet, parties=other_outlet.targets, targets=other_outlet.parties)
    assert score(shelling, swapped, rules=MergeRules(), words=words) == score(
        shelling, other_outlet, rules=MergeRules(), words=words)


def test_known_parties_that_differ_count_against() -> None:
    shelling, other_outlet = reports(wire(), daily())
    words = WordWeights([shelling, other_outlet])
    same = score(shelling, other_outlet, rules=MergeRules(), words=words)
    other_side = score(shelling, replace(other_outlet, parties=frozenset({"saf"})),
                       rules=MergeRules(), words=words)
    assert same is not None and other_side is not None
    # disjoint actors instead of the same ones: the parties' part drops from 1 to 0.5
    assert round(same - other_side, 3) == round(WEIGHTS["parties"] / 2, 3)


def test_evidence_words_drop_stop_words_and_keep_numbers() -> None:
    assert evidence_words("The RSF shelled the camp, killing 12 of them.") == {
        "rsf", "shelled", "camp", "killing", "12"}


def test_rare_shared_words_weigh_more_than_common_ones() -> None:
    common = frozenset({"forces", "killed"})
    rare = frozenset({"forces", "tuffah"})
    pool = [replace(reports(wire())[0], words=frozenset({"forces", "killed"}))] * 5
    words = WordWeights(pool)
    words.add(replace(pool[0], words=rare))
    assert words.weight("tuffah") > words.weight("forces")
    assert words.similarity(rare, rare) == 1.0
    assert words.similarity(common, rare) < 0.5


# --- clustering -----------------------------------------------------------------------------


def test_the_clusterer_founds_and_joins() -> None:
    items = reports(wire(), daily(), market())
    clusterer = Clusterer(MergeRules(), WordWeights(items))
    placed = [clusterer.add(report) for report in items]
    assert placed[0].merged_id == merged_id_for(items[0]) and placed[0].matched is None
    assert placed[1].merged_id == placed[0].merged_id
    assert placed[1].matched == items[0].event_id and placed[1].score is not None
    assert len({p.merged_id for p in placed}) == 3  # the shelling, the strike, the looting


def test_a_report_never_joins_an_event_holding_another_act_of_its_own_article() -> None:
    first, second = reports(wire(), daily())
    other_act = replace(second, event_id="ev-other", article_id=first.article_id, mode="aerial")
    clusterer = Clusterer(MergeRules(), WordWeights([first, second, other_act]))
    assert clusterer.add(first).merged_id != clusterer.add(other_act).merged_id


def test_one_happening_told_twice_in_an_article_is_one_event() -> None:
    (details,) = reports(wire())
    # the lead names only the region and no one; the details the camp and the RSF
    lead = replace(details, event_id="ev-lead", place="north darfur", place_precision=3,
                   lat=13.5, lon=24.9, parties=frozenset(), targets=frozenset(), mode=None,
                   sentence_names=frozenset(), sentence_words=frozenset({"shelling", "darfur"}))
    words = WordWeights([lead, details])
    assert told_twice(lead, details)
    assert score(lead, details, rules=MergeRules(), words=words) == 1.0
    # each sentence names a camp the other does not mention: two acts
    assert not told_twice(replace(lead, sentence_names=frozenset({"zamzam"}),
                                  sentence_words=frozenset({"zamzam"})), details)
    assert not told_twice(lead, replace(details, date=date(2024, 5, 11)))
    assert not told_twice(replace(lead, parties=frozenset({"saf"})), details)
    assert not told_twice(replace(lead, mode="aerial"), details)
    # a town 140 km from the camp is another place, whatever the sentences say
    assert not told_twice(replace(lead, place="kabkabiya", place_precision=1, lat=13.65,
                                  lon=24.09), details)


def test_a_wire_lead_and_its_details_are_one_telling() -> None:
    (details,) = reports(wire())
    # "An explosion hit a camp in North Darfur on Sunday" over the shelling's details: the
    # lead's mode, its unidentified attacker and the names only the details give are no
    # sign of another happening
    lead = replace(details, event_id="ev-lead", in_lead=True, mode="explosives",
                   parties=frozenset({"unidentified-armed-group-sdn"}), targets=frozenset(),
                   place="north darfur", place_precision=3, lat=13.5, lon=24.9,
                   sentence_names=frozenset({"darfur"}),
                   sentence_words=frozenset({"explosion", "camp", "darfur"}))
    assert told_twice(lead, details)
    assert told_twice(details, lead)
    # the same two sentences, neither in the lead: two acts, as before
    assert not told_twice(replace(lead, in_lead=False), details)
    # a lead that names another attacker, another day or a town 140 km away is another act
    assert not told_twice(replace(lead, parties=frozenset({"saf"})), details)
    assert not told_twice(lead, replace(details, date=date(2024, 5, 11)))
    assert not told_twice(replace(lead, place="kabkabiya", place_precision=1, lat=13.65,
                                  lon=24.09), details)


def test_an_arabic_name_with_or_without_its_article_is_one_name() -> None:
    assert evidence_words("a school in al-Tuffah") == evidence_words("a school in Tuffah")
    assert evidence_words("El-Fasher and ash-Shati") == {"fasher", "shati"}
    # a word that only begins with the letters, or whose rest is too short, stays whole
    assert evidence_words("Alamein and al-Ma") == {"alamein", "al-ma"}
    assert place_names("shelling in El-Geneina and in Aleppo") == {"geneina", "aleppo"}


def test_two_exact_places_of_different_names_score_as_two_places() -> None:
    shelling, other_outlet = reports(wire(), daily())
    sheikh_radwan = replace(shelling, place="sheikh radwan", place_precision=1, lat=31.533,
                            lon=34.462, areas=frozenset({"gaza city"}))
    tuffah = replace(other_outlet, place="al-tuffah", place_precision=1, lat=31.511,
                     lon=34.478, areas=frozenset({"gaza city"}))
    gaza_city = replace(other_outlet, place="gaza city", place_precision=1, lat=31.502,
                        lon=34.467, areas=frozenset())
    words = WordWeights([sheikh_radwan, tuffah, gaza_city])

    def place(first: Report, second: Report) -> float:
        found = parts(first, second, rules=MergeRules(), words=words)
        assert found is not None
        return found["place"]

    # two neighbourhoods 3 km apart: two places
    assert place(sheikh_radwan, tuffah) == 0.25
    # the city and a neighbourhood in it: one place told coarsely and finely
    assert place(sheikh_radwan, gaza_city) == 0.75


def test_the_lead_is_the_first_paragraph_of_an_article_of_several() -> None:
    text = ("EL FASHER (Wire) - Shelling hit a camp near El Fasher on Sunday.\n\n"
            "Rapid Support Forces fighters shelled the Abu Shouk camp, medics said.")
    source = article("wire-3", text, date(2024, 5, 13), "Wire")
    info = ArticleInfo(source.id, source.source, source.date, text)
    assert info.lead_paragraph_end == text.index("\n\n")
    second = text.index("Rapid")
    told_again = replace(event(source, "shelled", place=ABU_SHOUK),
                         evidence=TextSpan(text[second:], second, len(text)))
    lead = report_of(event(source, "Shelling", place=ABU_SHOUK), info)
    assert lead.in_lead and not report_of(told_again, info).in_lead
    # one paragraph (a brief, a long note) has no lead of its own
    brief = ArticleInfo(source.id, source.source, source.date, text.replace("\n\n", " "))
    assert brief.lead_paragraph_end == 0
    assert not report_of(event(source, "Shelling", place=ABU_SHOUK), brief).in_lead


def test_an_article_counts_once_by_its_closest_telling() -> None:
    shelling, other_outlet = reports(wire(), daily())
    # the daily also told the shelling vaguely ("the wounded were taken to hospital"): its
    # vague telling scores under the floor against the wire, its clear one well above
    vague = replace(other_outlet, event_id="ev-vague", place="north darfur", place_precision=3,
                    lat=13.5, lon=24.9, parties=frozenset(), targets=frozenset(),
                    fatalities=None, sentence_names=frozenset(),
                    words=frozenset({"wounded", "hospital"}))
    words = WordWeights([shelling, other_outlet, vague])
    low = score(shelling, vague, rules=MergeRules(), words=words)
    assert low is not None and low < MergeRules().floor
    clusterer = Clusterer(MergeRules(), words)
    founded = clusterer.add(vague)
    assert clusterer.add(other_outlet).merged_id == founded.merged_id  # its own telling
    joined = clusterer.add(shelling)
    assert joined.merged_id == founded.merged_id and joined.matched == other_outlet.event_id


def test_an_article_under_the_floor_keeps_a_report_out_whatever_the_mean() -> None:
    shelling, other_outlet, radio_report = reports(wire(), daily(), radio())
    words = WordWeights([shelling, other_outlet, radio_report])
    rules = MergeRules()
    # the radio matches the wire at 0.71 and the daily at 0.68: a mean of 0.695
    assert score(shelling, radio_report, rules=rules, words=words) == pytest.approx(0.713, abs=0.005)
    assert score(other_outlet, radio_report, rules=rules,
                 words=words) == pytest.approx(0.677, abs=0.005)
    placed = {}
    for floor in (rules.floor, 0.69):
        clusterer = Clusterer(replace(rules, floor=floor), words)
        event = clusterer.add(shelling).merged_id
        assert clusterer.add(other_outlet).merged_id == event
        placed[floor] = clusterer.add(radio_report).merged_id == event
    assert placed == {rules.floor: True, 0.69: False}


def test_the_words_part_rises_to_one_half_at_the_knee_and_to_one_at_agreement() -> None:
    assert words_part(0.0) == 0.0
    assert words_part(0.1) == pytest.approx(0.25)
    assert words_part(0.2) == pytest.approx(0.5)
    assert words_part(0.4) == pytest.approx(0.75)
    assert words_part(0.6) == pytest.approx(1.0)
    assert words_part(0.9) == 1.0


def test_a_region_holding_a_place_is_neutral_and_one_not_holding_it_counts_against() -> None:
    shelling, other_outlet = reports(wire(), daily())
    region = replace(other_outlet, place="north darfur", place_precision=3, lat=13.5, lon=24.9,
                     areas=frozenset())
    elsewhere = replace(region, place="south darfur")
    country = replace(region, place="sudan", lat=15.0, lon=30.0, country_wide=True)
    words = WordWeights([shelling, other_outlet])
    rules = MergeRules()

    def place(other: Report) -> float | None:
        found = parts(shelling, other, rules=rules, words=words)
        return None if found is None else found["place"]

    assert place(region) == 0.5  # the camp lies in North Darfur: neither for nor against
    assert place(country) == 0.5  # the camp lies in Sudan: nothing more is said
    assert place(elsewhere) == 0.3  # another region of the country: a sign of another place


def test_a_party_the_resolver_did_not_know_is_a_name() -> None:
    source = article("radio-2", "A shell hit the Kitshanga site on Sunday.", date(2024, 5, 13),
                     "Radio")
    site = ActorRef("Kitshanga", 0, 0)
    (report,) = reports((source, [event(source, "hit", place=ABU_SHOUK, recipient=site)]))
    assert "kitshanga" in report.sentence_names and "kitshanga" in report.evidence_names


# --- merged fields --------------------------------------------------------------------------


def test_merged_fields_follow_the_rules() -> None:
    (wire_article, [shelling]), (daily_article, [other_outlet]) = wire(), daily()
    (radio_article, [third]) = radio()[0], radio()[1]
    merged = merge_fields("m-1", [
        (shelling, ArticleInfo("wire-1", "Wire", date(2024, 5, 13))),
        (other_outlet, ArticleInfo("daily-1", "Daily", date(2024, 5, 14))),
        (replace(third, date=date(2024, 5, 11)),
         ArticleInfo("radio-1", "Radio", date(2024, 5, 13))),
    ])
    assert merged.event.event_id == "m-1" and merged.n_reports == 3
    # reports by the day they give (the radio's 11 May first), then by their articles' dates
    assert merged.sources == ("Radio", "Wire", "Daily")
    # the most recent report's toll (15, 14 May), not a sum and not the first figure
    assert merged.event.fatalities == 15
    assert merged.event.extras["merged_from"]["fatalities"] == other_outlet.event_id
    # the earliest day at day precision
    assert merged.event.date == date(2024, 5, 11)
    # the most precise place: the camp (precision 1), not El Fasher (2)
    assert merged.event.location is not None and merged.event.location.name == "Abu Shouk"
    # the representative is the earliest report: its evidence and article
    assert merged.event.article_id == radio_article.id and merged.event.evidence == third.evidence
    assert merged.event.extras["merged_from"]["location"] == shelling.event_id
    assert daily_article.id and wire_article.id


def test_a_toll_told_only_as_a_threat_is_not_taken() -> None:
    (_, [shelling]), (_, [other_outlet]) = wire(), daily()
    threatened = replace(other_outlet, modality=Modality.THREATENED)
    merged = merge_fields("m-1", [(shelling, ArticleInfo("wire-1", "Wire", date(2024, 5, 13))),
                                  (threatened, ArticleInfo("daily-1", "Daily",
                                                           date(2024, 5, 14)))])
    assert merged.event.fatalities == 12


def test_the_type_most_reports_give_wins() -> None:
    (_, [shelling]), (_, [other_outlet]) = wire(), daily()
    arrest = replace(shelling, event_type=PloverType.COERCE, event_id="ev-arrest")
    info = ArticleInfo("x", None, None)
    merged = merge_fields("m-1", [(arrest, info), (shelling, info), (other_outlet, info)])
    assert merged.event.event_type is PloverType.ASSAULT
    # all on one day in undated articles: by article id, so the daily's report comes first
    assert merged.event.extras["representative"] == other_outlet.event_id
    assert merged.sources == ("x",)


def test_n_reports_counts_articles_not_their_tellings() -> None:
    (_, [shelling]), (_, [other_outlet]) = wire(), daily()
    lead = replace(other_outlet, event_id="ev-daily-lead")  # the daily told it twice
    wire_info = ArticleInfo("wire-1", "Wire", date(2024, 5, 13))
    daily_info = ArticleInfo("daily-1", "Daily", date(2024, 5, 14))
    merged = merge_fields("m-1", [(shelling, wire_info), (other_outlet, daily_info),
                                  (lead, daily_info)])
    assert len(merged.reports) == 3 and merged.n_reports == 2  # three tellings, two articles
    assert merged.sources == ("Wire", "Daily")
    assert merged.to_dict()["n_reports"] == 2


# --- over the store -------------------------------------------------------------------------


def test_merge_store_merges_across_outlets_and_keeps_others_apart(store: SQLiteStore) -> None:
    store.save([wire(), daily(), market()])
    report = merge_store(store)
    assert (report.reports, report.created, report.merged_events) == (4, 3, 3)
    assert report.joined == 2
    found = clusters(store)
    assert sorted(found.values()) == [["wire-1", "daily-1"], ["wire-2"], ["wire-2"]]
    shelling_id = merged_id_for(reports(wire())[0])
    (merged,) = [m for m in merges.merged_events(store) if m.merged_id == shelling_id]
    assert (merged.n_reports, merged.sources, merged.event.fatalities) == (2, ("Wire", "Daily"), 15)


def test_a_new_report_joins_and_the_id_stays(store: SQLiteStore) -> None:
    store.save([wire(), daily()])
    merge_store(store)
    (before,) = clusters(store)
    store.save([radio()])
    report = merge_store(store)
    assert (report.reports, report.created, report.changed) == (1, 0, 1)
    # reports in the order of their articles: radio-1 and wire-1 on 13 May, then daily-1
    assert clusters(store) == {before: ["radio-1", "wire-1", "daily-1"]}
    history = merges.revisions(store, before)
    assert [r.change for r in history] == ["created", "report_added", "report_added"]
    assert "matched report" in history[-1].reason and "score" in history[-1].reason


def test_a_rerun_with_nothing_new_changes_nothing(store: SQLiteStore) -> None:
    store.save([wire(), daily(), market()])
    merge_store(store)
    before = clusters(store)
    revisions = store.read("SELECT COUNT(*) FROM merge_revisions")[0][0]
    again = merge_store(store)
    assert (again.reports, again.changed) == (0, 0)
    assert clusters(store) == before
    assert store.read("SELECT COUNT(*) FROM merge_revisions")[0][0] == revisions


def test_a_rebuild_gives_the_same_events_and_no_new_history(store: SQLiteStore) -> None:
    store.save([wire(), market()])
    merge_store(store)
    store.save([daily(), radio()])
    merge_store(store)
    incremental = clusters(store)
    revisions = store.read("SELECT COUNT(*) FROM merge_revisions")[0][0]
    rebuilt = merge_store(store, rebuild=True)
    assert clusters(store) == incremental
    assert rebuilt.changed == 0
    assert store.read("SELECT COUNT(*) FROM merge_revisions")[0][0] == revisions


def test_a_higher_toll_later_changes_the_event_and_says_why(store: SQLiteStore) -> None:
    store.save([wire()])
    merge_store(store)
    store.save([daily()])
    merge_store(store)
    (merged_id,) = clusters(store)
    changes = [r for r in merges.revisions(store, merged_id) if r.change == "fields_changed"]
    assert len(changes) == 1
    assert "fatalities 12 -> 15" in changes[0].reason


def test_a_recoded_article_leaves_its_event(store: SQLiteStore) -> None:
    store.save([wire(), daily()])
    merge_store(store)
    (merged_id,) = clusters(store)
    source, _ = daily()
    corrected = replace(source, text=source.text + " The camp was later evacuated.")
    store.save([(corrected, [])])  # recoded: no event any more
    report = merge_store(store)
    assert report.changed == 1
    assert clusters(store) == {merged_id: ["wire-1"]}
    assert [r.change for r in merges.revisions(store, merged_id)][-2:] == [
        "report_removed", "fields_changed"]
    (merged,) = merges.merged_events(store)
    assert merged.event.fatalities == 12


def test_an_event_left_without_reports_is_dissolved(store: SQLiteStore) -> None:
    store.save([radio()])
    merge_store(store)
    (merged_id,) = clusters(store)
    source, _ = radio()
    store.save([(replace(source, text=source.text + " Updated."), [])])
    report = merge_store(store)
    assert report.dissolved == 1 and clusters(store) == {}
    assert merges.revisions(store, merged_id)[-1].change == "dissolved"


def test_merged_events_take_the_event_filters(store: SQLiteStore) -> None:
    from eventwire.store import EventFilter

    store.save([wire(), daily(), market()])
    merge_store(store)
    flt = EventFilter(event_types=("COERCE",))
    assert [m.event.event_type for m in merges.merged_events(store, flt)] == [PloverType.COERCE]
    assert merges.count_merged(store, EventFilter(country="SDN")) == 3
    assert SAF.actor_id == "saf"


def test_merging_in_small_steps_gives_the_same_events(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "one.db") as whole, SQLiteStore(tmp_path / "steps.db") as steps:
        for target in (whole, steps):
            target.save([wire(), daily(), radio(), market()])
        merge_store(whole)
        report = merge_store(steps, chunk_reports=1)
        assert report.reports == 5
        assert clusters(steps) == clusters(whole)


def test_a_rebuilt_event_keeps_its_id_even_when_its_founder_moved(store: SQLiteStore) -> None:
    store.save([radio()])
    merge_store(store)
    (radio_id,) = clusters(store)
    store.save([wire(), daily()])
    merge_store(store)
    before = clusters(store)
    merge_store(store, rebuild=True)
    assert clusters(store) == before
    assert radio_id in before
