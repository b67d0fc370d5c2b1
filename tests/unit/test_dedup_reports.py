"""The dedup test set: reading ACLED rows, sampling runs of neighbours, rewriting each event
into several reports, and pairwise merge scores.

Every row and note below is invented for these tests, in the style of ACLED exports.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from eventwire.errors import InputError
from eventwire.evaluate.dedup_reports import (
    DedupSource,
    build_test_set,
    day_forms,
    day_phrase,
    extract_quotas,
    generate_reports,
    gold_events,
    pairwise_scores,
    read_dedup_sources,
    reports_for,
    rewrite_notes_date,
    sample_sources,
    split_sentences,
)
from eventwire.temporal import find_dates

COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "country", "admin1", "admin2", "location", "latitude", "longitude",
    "notes", "fatalities", "iso3",
]
LEGACY_COLUMNS = ["", "event_id_cnty", "event_date", "time_precision", "event_type", "actor1",
                  "country", "admin1", "location", "latitude", "longitude", "notes", "fatalities"]

WEDNESDAY = date(2025, 4, 16)  # 1 January 2025 was a Wednesday, and 16 April is 105 days on


def write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in columns})
    return path


def make_source(**changes: object) -> DedupSource:
    values: dict[str, object] = {
        "event_id": "SOM9001", "date": WEDNESDAY, "time_precision": 1,
        "event_type": "Battles", "sub_event_type": "Armed clash",
        "actor1": "Al Shabaab", "actor2": "Military Forces of Somalia (2022-)",
        "location": "Afgooye", "admin1": "Lower Shabelle", "admin2": "Afgooye",
        "country": "SOM", "country_name": "Somalia", "lat": 2.14, "lon": 45.12, "fatalities": 5,
        "notes": ("On 16 April 2025, Al Shabaab fighters attacked an army post at Afgooye "
                  "(Afgooye, Lower Shabelle). The gunfight lasted several hours. Five soldiers "
                  "were killed. Residents said the road to the town stayed closed. "
                  "Fatalities coded as 5."),
        "extract": "acled-test",
    }
    values.update(changes)
    return DedupSource(**values)  # type: ignore[arg-type]


# ---- reading ------------------------------------------------------------------------------


@pytest.fixture
def extracts(tmp_path: Path) -> Path:
    write_csv(tmp_path / "acled-modern-test" / "events.csv", COLUMNS, [
        {"event_id_cnty": "SOM101", "event_date": "2025-04-16", "time_precision": "1",
         "event_type": "Battles", "sub_event_type": "Armed clash", "actor1": "Al Shabaab",
         "country": "Somalia", "admin1": "Bay", "admin2": "Baydhaba", "location": "Baidoa",
         "latitude": "3.1136", "longitude": "43.6498", "fatalities": "2",
         "notes": "On 16 April 2025, clan fighters clashed with militants near Baidoa."},
        {"event_id_cnty": "SOM102", "event_date": "2025-04-16", "country": "Somalia",
         "event_type": "Protests", "notes": "   "},
        {"event_id_cnty": "SOM103", "event_date": "sometime in April", "country": "Somalia",
         "event_type": "Protests", "notes": "Traders protested over taxes in Baidoa."},
        {"event_id_cnty": "PSE104", "event_date": "6-Jun-25", "time_precision": "2",
         "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
         "country": "Palestine", "location": "Gaza - Ad Daraj", "fatalities": "NA",
         "latitude": "NA", "notes": "Around 6 June 2025, a drone struck a car in Gaza City."},
    ])
    write_csv(tmp_path / "acled-old-test" / "old.csv", LEGACY_COLUMNS, [
        {"": "0", "event_id_cnty": "BFO105", "event_date": "03 December 2016",
         "time_precision": "1", "event_type": "Battle-No change of territory",
         "actor1": "Ansaroul Islam", "country": "Burkina Faso", "location": "Djibo",
         "fatalities": "1", "notes": "Gunmen fought gendarmes outside Djibo; one was killed."},
        # the same event in an extract read later (folders are read in name order): skipped
        {"": "1", "event_id_cnty": "SOM101", "event_date": "2025-04-16",
         "event_type": "Battles", "country": "Somalia", "notes": "A second copy."},
    ])
    return tmp_path


def test_reader_keeps_rows_with_notes_and_a_date(extracts: Path) -> None:
    sources = {source.event_id: source for source in read_dedup_sources(extracts)}
    assert sorted(sources) == ["BFO105", "PSE104", "SOM101"]
    som = sources["SOM101"]
    assert (som.date, som.time_precision, som.country, som.country_name) == (
        date(2025, 4, 16), 1, "SOM", "Somalia")
    assert (som.location, som.admin1, som.admin2, som.lat, som.lon) == (
        "Baidoa", "Bay", "Baydhaba", 3.1136, 43.6498)
    assert som.fatalities == 2
    assert som.extract == "acled-modern-test"  # the first copy read, not the later one
    assert som.notes.startswith("On 16 April 2025, clan fighters")


def test_reader_parses_every_layout(extracts: Path) -> None:
    sources = {source.event_id: source for source in read_dedup_sources(extracts)}
    pse, bfo = sources["PSE104"], sources["BFO105"]
    assert (pse.date, pse.time_precision, pse.country) == (date(2025, 6, 6), 2, "PSE")
    assert (pse.fatalities, pse.lat, pse.lon, pse.actor2) == (0, None, None, "")
    assert (bfo.date, bfo.country, bfo.extract) == (date(2016, 12, 3), "BFA", "acled-old-test")
    # the legacy taxonomy is mapped to the modern one
    assert (bfo.event_type, bfo.sub_event_type) == ("Battles", "Armed clash")


def test_reader_refuses_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        list(read_dedup_sources(tmp_path / "nowhere"))


# ---- sampling -----------------------------------------------------------------------------


def test_quotas_give_half_evenly_and_half_by_size() -> None:
    # 10 evenly: 5 + 5; 10 by size 40:10: 8 + 2
    assert extract_quotas({"big": 40, "small": 10}, 20) == {"big": 13, "small": 7}


def test_quotas_pass_what_a_small_extract_cannot_give_to_the_others() -> None:
    # even share 5 + 5, but "tiny" has 3; the other 12 all go to "big"
    assert extract_quotas({"big": 100, "tiny": 3}, 20) == {"big": 17, "tiny": 3}
    assert extract_quotas({"big": 4, "tiny": 3}, 50) == {"big": 4, "tiny": 3}


def test_quotas_round_by_largest_remainder() -> None:
    # even: 9 // 3 = 3 each; by size 10:20:30 of 6 -> 1, 2, 3 exactly; sum 15
    assert extract_quotas({"a": 10, "b": 20, "c": 30}, 15) == {"a": 4, "b": 5, "c": 6}


@pytest.fixture
def crowded(tmp_path: Path) -> Path:
    """Extract A: eight days of five events each; extract B: ten events on ten days."""
    start = date(2024, 3, 1)
    rows_a = [
        {"event_id_cnty": f"AAA{day}{slot}",
         "event_date": (start + timedelta(days=day)).isoformat(), "time_precision": "1",
         "event_type": "Explosions/Remote violence",
         "sub_event_type": "Shelling/artillery/missile attack", "country": "Palestine",
         "admin1": "Gaza Strip", "location": f"Quarter {slot}",
         "notes": f"Shells hit quarter {slot} of the city."}
        for day in range(8) for slot in range(5)
    ]
    rows_b = [
        {"event_id_cnty": f"BBB{day}", "event_date": (start + timedelta(days=3 * day)).isoformat(),
         "time_precision": "1", "event_type": "Protests", "sub_event_type": "Peaceful protest",
         "country": "Kenya", "location": "Nakuru", "notes": "Teachers marched over pay."}
        for day in range(10)
    ]
    write_csv(tmp_path / "acled-a" / "a.csv", COLUMNS, rows_a)
    write_csv(tmp_path / "acled-b" / "b.csv", COLUMNS, rows_b)
    return tmp_path


def test_sample_is_deterministic_for_a_seed(crowded: Path) -> None:
    first = [s.event_id for s in sample_sources(crowded, 20, 7, run_length=5)]
    again = [s.event_id for s in sample_sources(crowded, 20, 7, run_length=5)]
    other = [s.event_id for s in sample_sources(crowded, 20, 8, run_length=5)]
    assert first == again
    assert len(first) == len(set(first)) == 20
    assert set(first) != set(other)


def test_sample_takes_whole_runs_of_same_day_events(crowded: Path) -> None:
    sample = sample_sources(crowded, 20, 7, run_length=5)
    by_extract = Counter(source.extract for source in sample)
    assert by_extract == {"acled-a": 13, "acled-b": 7}
    # 13 events of A in runs of 5 from the start of a day: two whole days and three events of
    # a third day, never scattered single events
    days = Counter(source.date for source in sample if source.extract == "acled-a")
    assert sorted(days.values()) == [3, 5, 5]
    third = min(days, key=lambda day: days[day])
    slots = sorted(s.location for s in sample if s.extract == "acled-a" and s.date == third)
    assert slots == ["Quarter 0", "Quarter 1", "Quarter 2"]


def test_sampling_an_empty_folder_says_so(tmp_path: Path) -> None:
    write_csv(tmp_path / "acled-empty" / "none.csv", COLUMNS, [])
    with pytest.raises(InputError, match="no ACLED rows"):
        sample_sources(tmp_path, 10, 1)


# ---- the date phrase ----------------------------------------------------------------------

# (days after the event, form, expected words): worked out by hand for Wednesday 16 April 2025
PHRASES = [
    (0, "today", "today"),
    (0, "earlier_today", "earlier today"),
    (0, "weekday", "on Wednesday"),
    (1, "yesterday", "yesterday"),
    (1, "weekday", "on Wednesday"),
    (2, "weekday", "on Wednesday"),
    (2, "day_month", "on 16 April"),
    (2, "month_day", "on April 16"),
    (2, "keep", "on 16 April 2025"),
]


@pytest.mark.parametrize(("days_after", "form", "words"), PHRASES)
def test_day_phrase_names_the_event_day(days_after: int, form: str, words: str) -> None:
    assert form in day_forms(days_after, True)
    assert day_phrase(form, WEDNESDAY) == words
    anchor = WEDNESDAY + timedelta(days=days_after)
    mentions = find_dates(f"Gunmen attacked a post {words}.", anchor=anchor)
    assert [mention.date for mention in mentions] == [WEDNESDAY]


def test_day_forms_only_allow_what_resolves() -> None:
    assert "yesterday" not in day_forms(0, True) and "yesterday" not in day_forms(2, True)
    assert "today" not in day_forms(1, True) and "none" not in day_forms(1, True)
    assert "weekday" not in day_forms(7, True)
    assert "none" not in day_forms(0, True, may_omit=False)
    assert day_forms(0, False) == ("keep",)  # only the week or month is known


NOTES = "Property destruction: On 16 April 2025, soldiers burned market stalls in Afgooye."


@pytest.mark.parametrize(("form", "expected"), [
    ("yesterday", "Property destruction: Yesterday, soldiers burned market stalls in Afgooye."),
    ("weekday", "Property destruction: On Wednesday, soldiers burned market stalls in Afgooye."),
    ("none", "Property destruction: Soldiers burned market stalls in Afgooye."),
    ("keep", NOTES),
])
def test_rewrite_notes_date(form: str, expected: str) -> None:
    assert rewrite_notes_date(NOTES, make_source(), form) == expected


def test_rewrite_leaves_other_days_and_overnight_alone() -> None:
    other_day = "On 14 April 2025, soldiers burned market stalls."
    assert rewrite_notes_date(other_day, make_source(), "yesterday") == other_day
    overnight = "On 16 April 2025, overnight, shells hit the port."
    assert rewrite_notes_date(overnight, make_source(), "none") == overnight
    figure = "On 16 April 2025, 3 soldiers were wounded."
    assert rewrite_notes_date(figure, make_source(), "none") == figure


def test_split_sentences_keeps_titles_and_mends_missing_spaces() -> None:
    text = "Lt. Col. Ouedraogo was wounded in Djibo.Two aides died. Police said so."
    assert split_sentences(text) == [
        "Lt. Col. Ouedraogo was wounded in Djibo.", "Two aides died.", "Police said so."]


# ---- the reports --------------------------------------------------------------------------

SEEDS = range(40)


def test_two_or_three_reports_with_unique_ids_and_the_gold_label() -> None:
    source = make_source()
    counts = Counter()
    ids: set[str] = set()
    for seed in SEEDS:
        reports = reports_for(source, seed)
        counts[len(reports)] += 1
        assert {report.gold_event for report in reports} == {"SOM9001"}
        assert len({report.outlet for report in reports}) == len(reports)
        assert all(report.article.source == report.outlet for report in reports)
        assert len({report.article.text for report in reports}) == len(reports)
        ids.update(report.article.id for report in reports)
        assert all("SOM9001" not in report.article.id for report in reports)
    assert set(counts) == {2, 3}
    assert len(ids) == sum(n * count for n, count in counts.items())


def test_reports_are_deterministic() -> None:
    assert reports_for(make_source(), 3) == reports_for(make_source(), 3)
    assert reports_for(make_source(), 3) != reports_for(make_source(), 4)


def test_article_dates_are_zero_to_two_days_after_the_event() -> None:
    offsets = Counter()
    for seed in SEEDS:
        for report in reports_for(make_source(), seed):
            assert report.article.date is not None
            offsets[(report.article.date - WEDNESDAY).days] += 1
    assert set(offsets) == {0, 1, 2}


def test_a_vague_date_keeps_the_event_day_and_the_notes_wording() -> None:
    source = make_source(time_precision=2, notes="Around 16 April 2025, shells hit Afgooye.")
    for seed in SEEDS:
        for report in reports_for(source, seed):
            assert report.article.date == WEDNESDAY
            assert "Around 16 April 2025" in report.article.text


@pytest.mark.parametrize("source", [
    make_source(),
    make_source(event_id="SOM9002", fatalities=0,
                notes="Movement of forces: On 16 April 2025, troops moved into Afgooye."),
    # no date in the notes (older extracts): later reports must say the day themselves
    make_source(event_id="SOM9003", notes="Gunmen attacked a post near Afgooye."),
], ids=["dated", "tagged", "undated"])
def test_every_date_in_a_report_resolves_to_the_event_day(source: DedupSource) -> None:
    for seed in SEEDS:
        for report in reports_for(source, seed):
            found = find_dates(report.article.text, anchor=report.article.date)
            days = {mention.date for mention in found}
            if report.article.date == WEDNESDAY:
                assert days <= {WEDNESDAY}, report.article.text
            else:
                assert days == {WEDNESDAY}, report.article.text


def test_texts_differ_in_wording_not_in_facts() -> None:
    texts = [report.article.text for seed in SEEDS for report in reports_for(make_source(), seed)]
    assert not any("coded" in text for text in texts)  # ACLED's coding remarks never show
    assert any("(Afgooye, Lower Shabelle)" in text for text in texts)
    assert any("Afgooye" in text and "(Afgooye, Lower Shabelle)" not in text for text in texts)
    assert any(text.startswith("AFGOOYE") for text in texts)  # a dateline
    assert any("could not independently verify" in text for text in texts)
    assert all("Afgooye" in text for text in texts)  # every report names the place


EARLY = re.compile(r"At least (\d+) (?:person was|people were) killed|death toll at (\d+)\.")


def test_an_early_report_gives_a_lower_toll_than_the_later_ones() -> None:
    early_seen = 0
    for seed in SEEDS:
        reports = reports_for(make_source(), seed)
        for index, report in enumerate(reports):
            found = EARLY.search(report.article.text)
            if found is None:
                continue
            early_seen += 1
            assert index == 0
            assert int(found.group(1) or found.group(2)) < 5
            later = reports[1:]
            assert all(str(r.article.date) >= str(report.article.date) for r in later)
            assert all("5" in r.article.text for r in later)
            assert "Five soldiers were killed" not in report.article.text
    assert early_seen > 0


def test_generate_reports_flattens_in_source_order() -> None:
    sources = [make_source(), make_source(event_id="SOM9004")]
    reports = generate_reports(sources, seed=2)
    gold = [report.gold_event for report in reports]
    assert gold == sorted(gold)
    assert len(reports) == len(reports_for(sources[0], 2)) + len(reports_for(sources[1], 2))


def test_build_test_set_and_its_gold(crowded: Path) -> None:
    reports = build_test_set(crowded, n_events=6, seed=1)
    gold = gold_events(reports)
    assert len(gold) == len(reports)
    assert len(set(gold.values())) == 6
    assert pairwise_scores(gold, gold).f1 == 1.0  # the gold events as a prediction


# ---- pairwise scores ----------------------------------------------------------------------

# Gold: event A has three reports, B two, C one: 3 + 1 = 4 gold pairs.
GOLD = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "c1": "C"}


def test_perfect_clustering() -> None:
    predicted = {"a1": "x", "a2": "x", "a3": "x", "b1": "y", "b2": "y", "c1": "z"}
    scores = pairwise_scores(predicted, GOLD)
    assert (scores.precision, scores.recall, scores.f1) == (1.0, 1.0, 1.0)
    assert (scores.true_positives, scores.false_positives, scores.false_negatives) == (4, 0, 0)
    assert (scores.reports, scores.gold_events, scores.predicted_clusters) == (6, 3, 3)


def test_everything_merged() -> None:
    # 15 predicted pairs (6 choose 2), 4 of them right: P = 4/15, R = 1, F1 = 8/19
    scores = pairwise_scores(dict.fromkeys(GOLD, "x"), GOLD)
    assert scores.precision == pytest.approx(4 / 15)
    assert scores.recall == 1.0
    assert scores.f1 == pytest.approx(8 / 19)
    assert (scores.true_positives, scores.false_positives, scores.false_negatives) == (4, 11, 0)
    assert scores.predicted_clusters == 1


def test_everything_split() -> None:
    # no predicted pair: precision is 1 by convention, recall 0
    scores = pairwise_scores({report: report for report in GOLD}, GOLD)
    assert (scores.precision, scores.recall, scores.f1) == (1.0, 0.0, 0.0)
    assert (scores.false_positives, scores.false_negatives, scores.predicted_clusters) == (0, 4, 6)
    unclustered = pairwise_scores(dict.fromkeys(GOLD), GOLD)
    assert (unclustered.f1, unclustered.unclustered, unclustered.predicted_clusters) == (0.0, 6, 0)


def test_mixed_clustering() -> None:
    # x = {a1, a2}: 1 pair, right. y = {a3, b1}: 1 pair, wrong. b2 unclustered, c1 alone.
    # TP 1, FP 1, FN 3 (a1-a3, a2-a3, b1-b2): P = 1/2, R = 1/4, F1 = 2PR / (P + R) = 1/3
    predicted = {"a1": "x", "a2": "x", "a3": "y", "b1": "y", "b2": None, "c1": "z"}
    scores = pairwise_scores(predicted, GOLD)
    assert (scores.true_positives, scores.false_positives, scores.false_negatives) == (1, 1, 3)
    assert (scores.precision, scores.recall) == (0.5, 0.25)
    assert scores.f1 == pytest.approx(1 / 3)
    assert (scores.predicted_clusters, scores.unclustered) == (3, 1)


def test_a_report_missing_from_the_prediction_is_unclustered() -> None:
    predicted = {"a1": "x", "a2": "x", "a3": "x", "b1": "y", "b2": "y"}  # no c1
    scores = pairwise_scores(predicted, GOLD)
    assert (scores.f1, scores.unclustered) == (1.0, 1)


def test_predicted_reports_outside_the_gold_set_are_refused() -> None:
    with pytest.raises(InputError, match="not in the gold set"):
        pairwise_scores({**dict.fromkeys(GOLD, "x"), "stray": "x"}, GOLD)


def test_no_gold_pairs() -> None:
    gold = {"r1": "A", "r2": "B"}
    assert pairwise_scores({"r1": "x", "r2": "y"}, gold).f1 == 1.0
    merged = pairwise_scores({"r1": "x", "r2": "x"}, gold)
    assert (merged.precision, merged.recall, merged.f1) == (0.0, 1.0, 0.0)


def test_large_sets_are_counted_without_listing_pairs() -> None:
    # 30,000 reports, three per event, predicted in pairs: each event's cluster of 3 split
    # into 2 + 1, so TP = 10,000 (one pair per event) of 30,000 gold pairs
    gold = {f"r{i}": f"e{i // 3}" for i in range(30_000)}
    predicted = {f"r{i}": f"c{i // 3}" if i % 3 < 2 else None for i in range(30_000)}
    scores = pairwise_scores(predicted, gold)
    assert (scores.true_positives, scores.false_negatives, scores.false_positives) == (
        10_000, 20_000, 0)
    assert scores.recall == pytest.approx(1 / 3)
