"""Tests of eventwire.store: codec round trips, resumable saves, filters, exports, concurrency.

Every article and event here is written by hand for these tests.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import signal
import sqlite3
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.errors import (
    ConfigError,
    MissingDependencyError,
    RetryableError,
    StoreBusyError,
    StoreError,
)
from eventwire.model import (
    ActorRef,
    Article,
    DatePrecision,
    Event,
    Figure,
    Location,
    Modality,
    Origin,
    PloverType,
    Responsibility,
    Statement,
    TextSpan,
    event_id_for,
)
from eventwire.store import (
    FLAT_COLUMNS,
    SCHEMA_VERSION,
    EventDecodeError,
    EventFilter,
    EventStore,
    SaveResult,
    SQLiteStore,
    event_from_dict,
    event_from_row,
    event_to_row,
    export_events,
    flatten_event,
    open_store,
)
from eventwire.store import export as export_module
from eventwire.store.codec import ARTICLE_COLUMNS, EVENT_COLUMNS, article_from_row, article_to_row
from eventwire.store.upgrade import HEAD

# --- hand-written records -------------------------------------------------------------------

SHELLING = (
    "EL FASHER, Sudan, May 12 (Wire) - Rapid Support Forces fighters shelled the Abu Shouk "
    "displacement camp on Sunday, killing at least 12 civilians and wounding 30 others, "
    "medics at the camp said."
)
PROTEST = (
    "ISTANBUL, March 3 (Wire) - Thousands of students marched through Beyazıt Square on "
    "Saturday to protest against the detention of the city's mayor, the governor's office said."
)
CEASEFIRE = (
    "DOHA, Jan 20 (Wire) - Mediators said the warring parties agreed to a 72-hour truce around "
    "al-Quds, which Israeli officials call Jerusalem. The truce echoed a 2014 deal."
)
UNDATED = "Forces Armées Rwandaises units were accused of looting shops in Goma, a witness said."


def span(text: str, words: str) -> TextSpan:
    start = text.index(words)
    return TextSpan(words, start, start + len(words))


def actor(text: str, words: str, **fields: Any) -> ActorRef:
    mention = span(text, words)
    return ActorRef(mention.text, mention.start, mention.end, **fields)


def place(text: str, words: str, name: str, **fields: Any) -> Location:
    mention = span(text, words)
    return Location(name, mention.text, mention.start, mention.end, **fields)


def make_event(article: Article, trigger: str, event_type: PloverType, **fields: Any) -> Event:
    trigger_span = span(article.text, trigger)
    sentence_end = article.text.find(".", trigger_span.end) + 1 or len(article.text)
    evidence = TextSpan(article.text[:sentence_end], 0, sentence_end)
    return Event(
        event_id=event_id_for(article.id, trigger_span.start, str(event_type)),
        article_id=article.id,
        event_type=event_type,
        evidence=evidence,
        trigger=trigger_span,
        **fields,
    )


def shelling_article(text: str = SHELLING) -> Article:
    return Article(
        id="wire-sdn-0512",
        text=text,
        date=date(2024, 5, 13),
        title="Shelling hits Darfur camp",
        source="Wire",
        url="https://news.example/sdn/0512",
        origin=Origin("feeds/sudan.jsonl", 7),
    )


def full_event(article: Article | None = None) -> Event:
    """An event with every field set."""
    article = article or shelling_article()
    text = article.text
    return make_event(
        article,
        "shelled",
        PloverType.ASSAULT,
        mode="bombard",
        acled_event_type="Explosions/Remote violence",
        acled_sub_event_type="Shelling/artillery/missile attack",
        cameo="195",
        actor=actor(
            text, "Rapid Support Forces", name="Rapid Support Forces", actor_id="RSF",
            actor_type="REB", country="SDN",
        ),
        recipient=actor(
            text, "civilians", name="Civilians (Sudan)", actor_id="CIV-SDN", actor_type="CVL",
            country="SDN",
        ),
        date=date(2024, 5, 12),
        date_precision=DatePrecision.DAY,
        date_text="Sunday",
        historical=False,
        location=place(
            text, "Abu Shouk displacement camp", "Abu Shouk", lat=13.6536, lon=25.3319,
            country="SDN", geonames_id=11_259_370, feature="camp", admin1="North Darfur",
            admin2="El Fasher", precision=1,
        ),
        fatalities=12,
        injured=30,
        confidence=0.875,
        modality=Modality.CLAIMED,
        claimed_by=actor(text, "medics at the camp", name="Medics (Sudan)", actor_type="CVL"),
        statement=Statement(speaker=span(text, "medics at the camp"), verb=span(text, "said")),
        figures=(
            Figure("killed", 12, "at least 12 civilians", *_offsets(text, "at least 12 civilians"),
                   source=actor(text, "medics at the camp")),
        ),
        extras={"speaker": "medics", "figures": [12, 30], "nested": {"ok": True, "z": None}},
    )  # fmt: skip


def _offsets(text: str, words: str) -> tuple[int, int]:
    found = span(text, words)
    return found.start, found.end


def minimal_event(article: Article | None = None) -> Event:
    """An event with only the required fields."""
    return make_event(article or shelling_article(), "killing", PloverType.ASSAULT)


def corpus() -> list[tuple[Article, list[Event]]]:
    """Four articles, six events, chosen so every filter keeps a different subset."""
    sudan = shelling_article()
    turkey = Article("wire-tur-0303", PROTEST, date(2025, 3, 3), source="Wire")
    truce = Article("wire-qat-0120", CEASEFIRE, date(2025, 1, 20))
    congo = Article("wire-cod-undated", UNDATED)
    return [
        (sudan, [full_event(sudan), minimal_event(sudan)]),
        (
            turkey,
            [
                make_event(
                    turkey, "marched", PloverType.PROTEST,
                    actor=actor(PROTEST, "students", name="Students (Turkey)", country="TUR"),
                    date=date(2025, 3, 1), date_precision=DatePrecision.DAY,
                    location=place(PROTEST, "Beyazıt Square", "Istanbul", country="TUR"),
                ),
            ],
        ),
        (
            truce,
            [
                make_event(
                    truce, "agreed", PloverType.AGREE, date=date(2025, 1, 20),
                    location=place(CEASEFIRE, "al-Quds", "Jerusalem", country="ISR"),
                ),
                make_event(
                    truce, "deal", PloverType.AGREE, date=date(2014, 1, 1),
                    date_precision=DatePrecision.YEAR, historical=True,
                ),
            ],
        ),
        (
            congo,
            [
                make_event(
                    congo, "accused", PloverType.ACCUSE,
                    recipient=actor(UNDATED, "Forces Armées Rwandaises", country="RWA"),
                    location=place(UNDATED, "Goma", "Goma", country="COD"),
                ),
            ],
        ),
    ]  # fmt: skip


def ids_of(events: Sequence[Event]) -> set[str]:
    return {event.event_id for event in events}


def select(predicate: Callable[[Event], bool]) -> set[str]:
    return {e.event_id for _, events in corpus() for e in events if predicate(e)}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path / "events.db") as opened:
        yield opened


@pytest.fixture
def filled(store: SQLiteStore) -> SQLiteStore:
    store.save(corpus())
    return store


# --- codec ----------------------------------------------------------------------------------


@pytest.mark.parametrize("build", [full_event, minimal_event], ids=["every-field", "minimal"])
def test_event_row_round_trip(build: Callable[[], Event]) -> None:
    event = build()
    row = event_to_row(event)
    assert tuple(row) == EVENT_COLUMNS
    back = event_from_row(row)
    assert back == event
    assert back.extras == event.extras


@pytest.mark.parametrize("build", [full_event, minimal_event], ids=["every-field", "minimal"])
def test_event_round_trips_through_the_database(
    store: SQLiteStore, build: Callable[[], Event]
) -> None:
    event = build()
    store.save([(shelling_article(), [event])])
    [back] = list(store.events())
    assert back == event
    assert back.extras == event.extras
    assert isinstance(back.event_type, PloverType)


def test_event_table_columns_match_the_codec(store: SQLiteStore) -> None:
    check = sqlite3.connect(store.path)
    columns = tuple(row[1] for row in check.execute("PRAGMA table_info(events)"))
    article_columns = tuple(row[1] for row in check.execute("PRAGMA table_info(articles)"))
    check.close()
    assert columns == EVENT_COLUMNS
    assert article_columns == ARTICLE_COLUMNS


@pytest.mark.parametrize(
    "article",
    [shelling_article(), Article("bare", "Text only.")],
    ids=["every-field", "minimal"],
)
def test_article_round_trip(store: SQLiteStore, article: Article) -> None:
    row = article_to_row(article, coded_at="2025-01-01T00:00:00+00:00")
    assert article_from_row(row) == article
    store.save([(article, [])])
    assert store.article(article.id) == article
    assert store.article("missing") is None


@pytest.mark.parametrize("build", [full_event, minimal_event], ids=["every-field", "minimal"])
def test_event_from_dict_inverts_to_dict(build: Callable[[], Event]) -> None:
    event = build()
    back = event_from_dict(json.loads(json.dumps(event.to_dict())))
    assert back == event
    assert back.extras == event.extras


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("trigger"), "'trigger' is missing"),
        (lambda d: d.update(event_type="ATTACK"), "ATTACK"),
        (lambda d: d.update(fatalities="twelve"), "'fatalities' should be int"),
        (lambda d: d.update(historical=1), "'historical' should be bool"),
        (lambda d: d.update(colour="red"), "unknown field(s) colour"),
        (lambda d: d["actor"].update(start=None), "actor: the required field 'start'"),
        (lambda d: d.update(date="12 May 2024"), "not an ISO date"),
        (lambda d: d.update(date_precision="fortnight"), "fortnight"),
        (lambda d: d["location"].update(precision="1"), "'precision' should be int"),
        (lambda d: d["location"].update(precision=4), "precision 4 is not an ACLED geo_precision"),
    ],
    ids=[
        "missing", "bad-type", "str-for-int", "int-for-bool", "unknown", "nested", "date", "enum",
        "precision-str", "precision-range",
    ],
)  # fmt: skip
def test_event_from_dict_names_the_bad_field(
    change: Callable[[dict[str, Any]], object], message: str
) -> None:
    record = full_event().to_dict()
    change(record)
    with pytest.raises(EventDecodeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        event_from_dict(record)


def test_event_from_dict_refuses_a_non_object() -> None:
    with pytest.raises(EventDecodeError, match="JSON object"):
        event_from_dict(["not", "an", "event"])  # type: ignore[arg-type]


def test_unserialisable_extras_are_refused_before_writing(store: SQLiteStore) -> None:
    event = replace(full_event(), extras={"when": date(2024, 5, 12)})
    with pytest.raises(EventDecodeError, match="extras"):
        store.save([(shelling_article(), [event])])
    assert store.count_articles() == 0


# --- saving: idempotent, replacing, atomic --------------------------------------------------


def test_saving_the_same_article_twice_stores_it_once(store: SQLiteStore) -> None:
    batch = [(shelling_article(), [full_event(), minimal_event()])]
    first = store.save(batch)
    second = store.save(batch)
    assert first == SaveResult(articles_inserted=1, events_written=2)
    assert second == SaveResult(articles_unchanged=1)
    assert store.count_articles() == 1
    assert store.count_events() == 2


def test_changed_article_replaces_it_and_all_its_events(store: SQLiteStore) -> None:
    store.save(corpus())
    before = store.count_events()
    corrected = shelling_article(SHELLING.replace("at least 12", "at least 14"))
    new_event = make_event(corrected, "wounding", PloverType.ASSAULT, injured=30)
    result = store.save([(corrected, [new_event])])
    assert result == SaveResult(articles_replaced=1, events_written=1)
    assert store.article(corrected.id) == corrected
    assert list(store.events(EventFilter(article_id=corrected.id))) == [new_event]
    assert store.count_events() == before - 2 + 1
    assert store.known_articles([corrected.id]) == {corrected.id: corrected.content_hash}


def test_a_failing_batch_leaves_nothing_behind(store: SQLiteStore) -> None:
    store.save([(shelling_article(), [full_event()])])
    other = Article("wire-other", "Another report.")
    good = Article("wire-good", "Police detained two journalists.")
    good_event = make_event(good, "detained", PloverType.COERCE)
    # The second article reuses a stored event id: the database refuses it mid-batch.
    stolen = replace(full_event(), article_id=other.id)
    with pytest.raises(StoreError, match="UNIQUE") as caught:
        store.save([(good, [good_event]), (other, [stolen])])
    assert isinstance(caught.value.__cause__, sqlite3.IntegrityError)
    assert store.known_articles([good.id, other.id]) == {}
    assert store.count_events() == 1


def test_event_paired_with_the_wrong_article_is_refused(store: SQLiteStore) -> None:
    other = Article("wire-other", "Another report.")
    with pytest.raises(StoreError, match="belongs to article"):
        store.save([(other, [full_event()])])


def test_duplicate_event_ids_in_one_batch_are_refused(store: SQLiteStore) -> None:
    event = full_event()
    twin = Article("wire-twin", SHELLING)
    with pytest.raises(StoreError, match="unique"):
        store.save([(shelling_article(), [event]), (twin, [replace(event, article_id=twin.id)])])


def test_known_articles_reads_many_ids_from_any_iterable(store: SQLiteStore) -> None:
    articles = [Article(f"a{i:04d}", f"Report number {i}.") for i in range(1_203)]
    store.save([(article, []) for article in articles[::2]])
    known = store.known_articles(article.id for article in articles)
    assert set(known) == {article.id for article in articles[::2]}
    assert known["a0002"] == articles[2].content_hash


def test_save_results_add_up() -> None:
    total = SaveResult(1, 0, 2, 5) + SaveResult(0, 1, 1, 3)
    assert total == SaveResult(1, 1, 3, 8)


# --- filters --------------------------------------------------------------------------------

def dated_between(low: date | None, high: date | None) -> Callable[[Event], bool]:
    def check(event: Event) -> bool:
        return event.date is not None and (low or date.min) <= event.date <= (high or date.max)

    return check


def actor_matches(
    predicate: Callable[[ActorRef], bool], *, role: str = "actor"
) -> Callable[[Event], bool]:
    return lambda event: getattr(event, role) is not None and predicate(getattr(event, role))


FILTER_CASES: list[tuple[str, EventFilter, Callable[[Event], bool]]] = [
    ("none", EventFilter(), lambda e: True),
    ("date-from", EventFilter(date_from=date(2025, 1, 20)), dated_between(date(2025, 1, 20), None)),
    ("date-to", EventFilter(date_to=date(2025, 1, 20)), dated_between(None, date(2025, 1, 20))),
    (
        "date-range",
        EventFilter(date_from=date(2024, 1, 1), date_to=date(2025, 1, 20)),
        dated_between(date(2024, 1, 1), date(2025, 1, 20)),
    ),
    (
        "types",
        EventFilter(event_types=("agree", "PROTEST")),
        lambda e: e.event_type in {PloverType.AGREE, PloverType.PROTEST},
    ),
    (
        "actor-name",
        EventFilter(actor="support forces"),
        actor_matches(lambda a: a.name == "Rapid Support Forces"),
    ),
    (
        "actor-recipient-unicode",
        EventFilter(actor="FORCES ARMÉES"),
        actor_matches(lambda a: "Armées" in a.text, role="recipient"),
    ),
    ("actor-text", EventFilter(actor="STUDENTS"), actor_matches(lambda a: a.text == "students")),
    (
        "country",
        EventFilter(country="isr"),
        lambda e: e.location is not None and e.location.country == "ISR",
    ),
    ("text", EventFilter(text="AL-QUDS"), lambda e: "al-Quds" in e.evidence.text),
    ("no-historical", EventFilter(include_historical=False), lambda e: not e.historical),
    (
        "article",
        EventFilter(article_id="wire-qat-0120"),
        lambda e: e.article_id == "wire-qat-0120",
    ),
    (
        "combined",
        EventFilter(country="SDN", event_types=("ASSAULT",), actor="rapid"),
        actor_matches(lambda a: a.country == "SDN"),
    ),
    ("nothing", EventFilter(text="no such words"), lambda e: False),
]


@pytest.mark.parametrize(
    ("flt", "predicate"), [c[1:] for c in FILTER_CASES], ids=[c[0] for c in FILTER_CASES]
)
def test_filters_select_the_matching_events(
    filled: SQLiteStore, flt: EventFilter, predicate: Callable[[Event], bool]
) -> None:
    expected = select(predicate)
    found = list(filled.events(flt))
    assert ids_of(found) == expected
    assert len(found) == len(expected)
    assert filled.count_events(flt) == len(expected)


def test_filters_that_match_something_do_narrow(filled: SQLiteStore) -> None:
    # Guards the table above: a filter that matched everything would pass it vacuously.
    total = filled.count_events()
    for name, flt, _ in FILTER_CASES[1:]:
        assert filled.count_events(flt) < total, name


def test_filter_values_are_bound_not_spliced(filled: SQLiteStore) -> None:
    hostile = EventFilter(actor="x') OR 1=1 --", article_id="' OR '1'='1")
    assert filled.count_events(hostile) == 0
    assert filled.count_events() == 6


def test_events_come_oldest_first_and_undated_last(filled: SQLiteStore) -> None:
    dates = [event.date for event in filled.events()]
    dated = [d for d in dates if d is not None]
    assert dated == sorted(dated)
    assert dates[len(dated) :] == [None] * (len(dates) - len(dated))
    assert len(list(filled.events(limit=2))) == 2
    assert list(filled.events(limit=0)) == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"event_types": ("ATTACK",)}, "Unknown event type 'ATTACK'"),
        ({"country": "Sudan"}, "alpha-3"),
        ({"date_from": date(2025, 2, 1), "date_to": date(2025, 1, 1)}, "empty"),
    ],
    ids=["type", "country", "dates"],
)
def test_bad_filters_raise_config_error(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        EventFilter(**fields)


def test_a_bare_event_type_string_is_one_type() -> None:
    assert EventFilter(event_types="assault").event_types == ("ASSAULT",)  # type: ignore[arg-type]


# --- export ---------------------------------------------------------------------------------


def all_events() -> list[Event]:
    return [event for _, events in corpus() for event in events]


def test_jsonl_export_writes_the_json_contract(filled: SQLiteStore, tmp_path: Path) -> None:
    dest = tmp_path / "events.jsonl"
    assert export_events(filled, dest, fmt="jsonl") == 6
    lines = dest.read_text(encoding="utf-8").splitlines()
    by_id = {event.event_id: event for event in all_events()}
    assert len(lines) == 6
    for line in lines:
        record = json.loads(line)
        assert record == by_id[record["event_id"]].to_dict()
        assert event_from_dict(record) == by_id[record["event_id"]]
    assert "Beyazıt" in dest.read_text(encoding="utf-8")  # not \u-escaped


def test_csv_export_writes_flat_rows(filled: SQLiteStore, tmp_path: Path) -> None:
    dest = tmp_path / "events.csv"
    flt = EventFilter(article_id=shelling_article().id)
    assert export_events(filled, dest, fmt="csv", flt=flt) == 2
    with dest.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 2
    assert tuple(rows[0]) == tuple(name for name, _ in FLAT_COLUMNS)
    full = next(row for row in rows if row["event_id"] == full_event().event_id)
    assert full["actor_name"] == "Rapid Support Forces"
    assert full["actor_id"] == "RSF"
    assert full["recipient_type"] == "CVL"
    assert float(full["location_lat"]) == pytest.approx(13.6536)
    assert full["location_geonames_id"] == "11259370"
    assert (full["location_admin1"], full["location_precision"]) == ("North Darfur", "1")
    assert full["date"] == "2024-05-12"
    assert full["fatalities"] == "12"
    assert full["evidence_text"] == full_event().evidence.text
    assert json.loads(full["extras"]) == full_event().extras
    bare = next(row for row in rows if row["event_id"] == minimal_event().event_id)
    assert bare["actor_name"] == "" and bare["extras"] == "" and bare["fatalities"] == ""
    assert bare["location_precision"] == ""


def test_parquet_export_keeps_types(filled: SQLiteStore, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    dest = tmp_path / "events.parquet"
    assert export_events(filled, dest, fmt="parquet") == 6
    table = pq.read_table(dest)
    assert table.num_rows == 6
    assert table.column_names == [name for name, _ in FLAT_COLUMNS]
    assert str(table.schema.field("date").type) == "date32[day]"
    assert str(table.schema.field("fatalities").type) == "int64"
    rows = {row["event_id"]: row for row in table.to_pylist()}
    full = rows[full_event().event_id]
    assert full["date"] == date(2024, 5, 12)
    assert full["historical"] is False
    assert full["location_lon"] == pytest.approx(25.3319)
    assert str(table.schema.field("location_precision").type) == "int64"
    assert full["location_precision"] == 1
    assert full["recipient_name"] == "Civilians (Sudan)"
    undated = rows[next(e.event_id for e in all_events() if e.article_id == "wire-cod-undated")]
    assert undated["date"] is None and undated["actor_text"] is None


def test_parquet_export_writes_in_batches(
    store: SQLiteStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    monkeypatch.setattr(export_module, "_PARQUET_BATCH", 4)
    articles = [Article(f"b{i}", f"Troops fired on protesters in town {i}.") for i in range(10)]
    store.save([(a, [make_event(a, "fired", PloverType.ASSAULT)]) for a in articles])
    dest = tmp_path / "batched.parquet"
    assert export_events(store, dest, fmt="parquet") == 10
    assert pq.ParquetFile(dest).num_row_groups == 3
    assert pq.read_table(dest).num_rows == 10


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_of_nothing_is_valid_and_empty(store: SQLiteStore, tmp_path: Path, fmt: str) -> None:
    dest = tmp_path / f"empty.{fmt}"
    assert export_events(store, dest, fmt=fmt) == 0
    assert dest.exists()
    assert not list(tmp_path.glob("*.part"))


def test_export_to_streams(filled: SQLiteStore) -> None:
    text = io.StringIO()
    assert export_events(filled, text, fmt="jsonl") == 6
    assert len(text.getvalue().splitlines()) == 6
    binary = io.BytesIO()
    assert export_events(filled, binary, fmt="csv") == 6
    assert not binary.closed  # the wrapper was detached, not closed
    assert len(binary.getvalue().decode("utf-8").splitlines()) == 7
    parquet = io.BytesIO()
    assert export_events(filled, parquet, fmt="parquet") == 6
    assert parquet.getvalue()[:4] == b"PAR1"


def test_parquet_to_a_text_stream_is_refused(filled: SQLiteStore) -> None:
    with pytest.raises(ConfigError, match="binary"):
        export_events(filled, io.StringIO(), fmt="parquet")


def test_unknown_export_format(filled: SQLiteStore, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="jsonl, csv, parquet"):
        export_events(filled, tmp_path / "x.xlsx", fmt="xlsx")


def test_parquet_without_pyarrow_names_the_extra(
    filled: SQLiteStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    dest = tmp_path / "events.parquet"
    with pytest.raises(MissingDependencyError, match=r"eventwire\[parquet\]"):
        export_events(filled, dest, fmt="parquet")
    assert not dest.exists()


def test_flatten_covers_every_field_of_the_json_contract() -> None:
    flat = flatten_event(full_event())
    assert tuple(flat) == tuple(name for name, _ in FLAT_COLUMNS)
    assert not any(isinstance(value, (dict, list)) for value in flat.values())

    def leaves(record: dict[str, Any]) -> int:
        nested = (v for k, v in record.items() if isinstance(v, dict) and k != "extras")
        return len(record) + sum(leaves(v) - 1 for v in nested)

    # Each co-party list is one JSON column plus one readable names column; the issue-6
    # records keep only their readable parts (the JSONL export has the rest).
    record = full_event().to_dict()
    issue_6 = {"claimed_by", "statement", "responsibility", "figures"}
    flat_issue_6 = {
        "claimed_by_name", "claimed_by_text", "statement_speaker", "statement_verb",
        "statement_quotes", "responsibility_claimant_name", "responsibility_evidence", "figures",
    }  # fmt: skip
    rest = {key: value for key, value in record.items() if key not in issue_6}
    assert len(flat) == leaves(rest) + 2 + len(flat_issue_6)
    assert flat_issue_6 <= set(flat)


def test_every_flat_column_is_documented() -> None:
    doc = export_module.__doc__ or ""
    for name, _ in FLAT_COLUMNS:
        assert f"\n{name} " in doc, name


# --- opening, versions, errors --------------------------------------------------------------


@pytest.mark.parametrize("form", ["plain", "url", "pathlike"])
def test_open_store_accepts_paths_and_sqlite_urls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    monkeypatch.chdir(tmp_path)
    forms = {"plain": "events.db", "url": "sqlite:///events.db", "pathlike": Path("events.db")}
    target = forms[form]
    with open_store(target) as opened:
        assert isinstance(opened, EventStore)
        opened.save([(shelling_article(), [full_event()])])
    with open_store(f"sqlite:///{tmp_path / 'events.db'}") as again:  # sqlite:////abs/path
        assert again.count_events() == 1


@pytest.mark.parametrize("url", ["s3://bucket/events.db", "mysql://user@host/db"])
def test_open_store_refuses_other_backends(url: str) -> None:
    with pytest.raises(ConfigError, match="sqlite:///") as caught:
        open_store(url)
    assert url.split(":")[0] in str(caught.value)


def test_store_is_created_with_wal_and_foreign_keys(store: SQLiteStore) -> None:
    assert store.schema_version == SCHEMA_VERSION
    check = sqlite3.connect(store.path)
    assert check.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    check.close()
    connection = store._connection
    assert connection is not None
    assert connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert connection.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_a_newer_schema_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    SQLiteStore(path).close()
    raw = sqlite3.connect(path)
    with raw:  # a migration this code does not know
        raw.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    raw.close()
    with pytest.raises(StoreError, match="newer eventwire.*9999_from_the_future.*Upgrade eventwire"):
        SQLiteStore(path)
    with pytest.raises(StoreError, match="newer eventwire"):
        SQLiteStore(path, read_only=True)


# The tables as store schema 2 wrote them, kept verbatim here: an upgrade must work on files
# written by that code, not on a file the current code made and then trimmed.
SCHEMA_2_ARTICLES = """
CREATE TABLE articles (
    id TEXT PRIMARY KEY, text TEXT NOT NULL, date TEXT, title TEXT, source TEXT, url TEXT,
    content_hash TEXT NOT NULL, origin_path TEXT, origin_line INTEGER, coded_at TEXT NOT NULL
)"""
SCHEMA_2_EVENTS = """
CREATE TABLE events (
    event_id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    event_type TEXT NOT NULL, mode TEXT, acled_event_type TEXT, acled_sub_event_type TEXT,
    cameo TEXT,
    actor_name TEXT, actor_text TEXT, actor_start INTEGER, actor_end INTEGER,
    actor_id TEXT, actor_type TEXT, actor_country TEXT,
    recipient_name TEXT, recipient_text TEXT, recipient_start INTEGER, recipient_end INTEGER,
    recipient_id TEXT, recipient_type TEXT, recipient_country TEXT,
    date TEXT, date_precision TEXT, date_text TEXT,
    historical INTEGER NOT NULL CHECK (historical IN (0, 1)),
    location_name TEXT, location_text TEXT, location_start INTEGER, location_end INTEGER,
    lat REAL, lon REAL, country TEXT, geonames_id INTEGER, location_feature TEXT,
    fatalities INTEGER, injured INTEGER,
    evidence_text TEXT NOT NULL, evidence_start INTEGER NOT NULL, evidence_end INTEGER NOT NULL,
    trigger_text TEXT NOT NULL, trigger_start INTEGER NOT NULL, trigger_end INTEGER NOT NULL,
    confidence REAL NOT NULL,
    extras TEXT%s
)"""
OLD_SCHEMAS = {
    1: SCHEMA_2_EVENTS % "",  # schema 1: no admin areas
    2: SCHEMA_2_EVENTS % ",\n    location_admin1 TEXT, location_admin2 TEXT",
    # schema 3: the place's precision; no affiliations, no co-parties
    3: SCHEMA_2_EVENTS % (
        ",\n    location_admin1 TEXT, location_admin2 TEXT,\n    location_precision INTEGER"
    ),
    # schema 4: the parties' affiliations and the co-parties; no modality or statements
    4: SCHEMA_2_EVENTS % (
        ",\n    location_admin1 TEXT, location_admin2 TEXT,\n    location_precision INTEGER,"
        "\n    actor_affiliation TEXT, actor_affiliation_id TEXT,"
        "\n    recipient_affiliation TEXT, recipient_affiliation_id TEXT,"
        "\n    co_actors TEXT, co_recipients TEXT"
    ),
    # schema 5: modality, statements, flags and figures; no merged events (issue 9)
    5: SCHEMA_2_EVENTS % (
        ",\n    location_admin1 TEXT, location_admin2 TEXT,\n    location_precision INTEGER,"
        "\n    actor_affiliation TEXT, actor_affiliation_id TEXT,"
        "\n    recipient_affiliation TEXT, recipient_affiliation_id TEXT,"
        "\n    co_actors TEXT, co_recipients TEXT,"
        "\n    modality TEXT NOT NULL DEFAULT 'asserted',"
        "\n    claimed_by TEXT, statement TEXT, responsibility TEXT, stated_in TEXT,"
        "\n    call_to_action INTEGER NOT NULL DEFAULT 0 CHECK (call_to_action IN (0, 1)),"
        "\n    call_to_violence INTEGER NOT NULL DEFAULT 0 CHECK (call_to_violence IN (0, 1)),"
        "\n    denial INTEGER NOT NULL DEFAULT 0 CHECK (denial IN (0, 1)),"
        "\n    figures TEXT"
    ),
}
SCHEMA_4_COLUMNS = [
    "actor_affiliation", "actor_affiliation_id", "recipient_affiliation",
    "recipient_affiliation_id", "co_actors", "co_recipients",
]  # fmt: skip
SCHEMA_5_COLUMNS = [
    "modality", "claimed_by", "statement", "responsibility", "stated_in", "call_to_action",
    "call_to_violence", "denial", "figures",
]  # fmt: skip


def before_schema_5(event: Event) -> Event:
    """``event`` as a store older than schema 5 keeps it: asserted, no statement or flags."""
    return replace(
        event, modality=Modality.ASSERTED, claimed_by=None, statement=None, responsibility=None,
        stated_in=None, call_to_action=False, call_to_violence=False, denial=False, figures=(),
    )  # fmt: skip


def write_old_store(path: Path, version: int, article: Article, event: Event) -> None:
    """A store file as schema ``version`` wrote it, holding ``event`` in that layout's columns."""
    raw = sqlite3.connect(path)
    raw.execute(SCHEMA_2_ARTICLES)
    raw.execute(OLD_SCHEMAS[version])
    columns = [row[1] for row in raw.execute("PRAGMA table_info(events)")]
    row = event_to_row(event)
    marks = ", ".join("?" * len(columns))
    raw.execute(f"INSERT INTO events ({', '.join(columns)}) VALUES ({marks})",
                [row[name] for name in columns])
    article_row = article_to_row(article, coded_at="2024-05-13T08:00:00+00:00")
    raw.execute(f"INSERT INTO articles VALUES ({', '.join('?' * len(article_row))})",
                list(article_row.values()))
    raw.execute(f"PRAGMA user_version = {version}")
    raw.commit()
    raw.close()


@pytest.mark.parametrize("version", sorted(OLD_SCHEMAS))
def test_an_old_store_is_upgraded_in_place_and_keeps_its_events(
    tmp_path: Path, version: int
) -> None:
    path = tmp_path / f"schema{version}.db"
    write_old_store(path, version, shelling_article(), full_event())
    with SQLiteStore(path) as upgraded:
        assert upgraded.schema_version == SCHEMA_VERSION == 7  # the fence older releases refuse
        assert upgraded.schema_revision == HEAD
        (old,) = list(upgraded.events())
        assert old.location is not None and old.location.name == "Abu Shouk"
        assert old.location.precision == (1 if version >= 3 else None)  # new in schema 3
        assert old.location.admin1 == ("North Darfur" if version >= 2 else None)
        assert old.fatalities == 12 and old.actor == full_event().actor
        # New in schema 5: an event stored before it reads as asserted, with no statement.
        if version < 5:
            assert (old.modality, old.statement, old.figures) == (Modality.ASSERTED, None, ())
        # New in schema 6: merged events, empty until a merge runs.
        assert upgraded.read("SELECT COUNT(*) FROM merged_events")[0][0] == 0
        assert upgraded.read("SELECT COUNT(*) FROM event_reports")[0][0] == 0
        revised = shelling_article(SHELLING + " Aid groups called for a truce.")
        upgraded.save([(revised, [full_event(revised)])])  # a changed article is recoded
        (new,) = list(upgraded.events())
        assert new.location is not None and new.location.admin1 == "North Darfur"
        assert new.location.precision == 1
    with SQLiteStore(path) as reopened:  # the upgrade was committed: nothing left to do
        assert reopened.schema_version == SCHEMA_VERSION
        assert [e.location and e.location.precision for e in reopened.events()] == [1]


@pytest.mark.parametrize(
    ("version", "added"),
    [(3, [*SCHEMA_4_COLUMNS, *SCHEMA_5_COLUMNS]), (4, SCHEMA_5_COLUMNS), (5, [])],
)
def test_the_old_ddl_here_is_the_current_table_minus_the_new_columns(
    tmp_path: Path, version: int, added: list[str]
) -> None:
    path = tmp_path / f"schema{version}.db"
    write_old_store(path, version, shelling_article(), full_event())
    raw = sqlite3.connect(path)
    old_columns = [row[1] for row in raw.execute("PRAGMA table_info(events)")]
    raw.close()
    assert [*old_columns, *added] == list(EVENT_COLUMNS)


def test_a_location_without_admin_fields_reads_from_json() -> None:
    record = full_event().to_dict()
    assert record["location"]["admin2"] == "El Fasher"
    assert record["location"]["precision"] == 1
    del record["location"]["admin1"], record["location"]["admin2"]
    del record["location"]["precision"]  # files written before precision existed
    location = event_from_dict(record).location
    assert location is not None and location.country == "SDN"
    assert (location.admin1, location.admin2, location.precision) == (None, None, None)


def test_a_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE invoices (id INTEGER)")
    raw.close()
    with pytest.raises(StoreError, match="not an eventwire store.*invoices"):
        SQLiteStore(path)


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database " * 50)
    with pytest.raises(StoreError, match="not a database") as caught:
        SQLiteStore(path)
    assert isinstance(caught.value.__cause__, sqlite3.DatabaseError)


def test_a_missing_directory_is_reported(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="directory exists"):
        SQLiteStore(tmp_path / "no" / "such" / "dir" / "events.db")


def test_a_locked_database_raises_a_retryable_busy_error(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    SQLiteStore(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with SQLiteStore(path, busy_timeout=0.05) as waiting:
            with pytest.raises(StoreBusyError, match="locked") as caught:
                waiting.save([(shelling_article(), [full_event()])])
            assert isinstance(caught.value, RetryableError)
            assert isinstance(caught.value.__cause__, sqlite3.OperationalError)
            holder.execute("ROLLBACK")
            assert waiting.save([(shelling_article(), [full_event()])]).articles_inserted == 1
    finally:
        holder.close()


def test_a_closed_store_says_so(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "events.db") as opened:
        pass
    opened.close()  # twice is fine
    with pytest.raises(StoreError, match="closed"):
        opened.count_events()


# --- affiliations and co-parties ------------------------------------------------------------

CLASHES = (
    "NABLUS, West Bank, Aug 9 (Wire) - Fighters of the al-Aqsa Martyrs Brigades, Hamas and "
    'Islamic Jihad clashed with Israeli troops, border police and the "Duvdevan" unit near '
    "Balata camp on Friday, the health ministry said."
)


def clashes_article() -> Article:
    return Article("wire-pse-0809", CLASHES, date(2024, 8, 10), source="Wire")


def party_event(article: Article | None = None) -> Event:
    """An event with several parties on each side, affiliations and an unresolved co-party."""
    article = article or clashes_article()
    text = article.text
    return make_event(
        article, "clashed", PloverType.ASSAULT,
        actor=actor(
            text, "al-Aqsa Martyrs Brigades", name="Al-Aqsa Martyrs Brigades",
            actor_id="aqsa-brigades", actor_type="political_militia", country="PSE",
            affiliation="Fatah", affiliation_id="fatah",
        ),
        co_actors=(
            actor(text, "Hamas", name="Hamas", actor_id="hamas", actor_type="rebel_group",
                  country="PSE"),
            actor(text, "Islamic Jihad", name="Palestinian Islamic Jihad", actor_id="pij",
                  actor_type="rebel_group", country="PSE"),
        ),
        recipient=actor(
            text, "Israeli troops", name="Israel Defense Forces", actor_id="idf",
            actor_type="state_military", country="ISR",
        ),
        co_recipients=(
            actor(text, "border police", name="Israel Border Police", actor_id="mag-av",
                  actor_type="police", country="ISR", affiliation="Israel Police",
                  affiliation_id="israel-police"),
            actor(text, 'the "Duvdevan" unit'),  # unresolved: the mention only
        ),
        date=date(2024, 8, 9),
        date_precision=DatePrecision.DAY,
        location=place(text, "Balata camp", "Balata", country="PSE", precision=1),
    )  # fmt: skip


@pytest.fixture
def with_parties(store: SQLiteStore) -> SQLiteStore:
    store.save([*corpus(), (clashes_article(), [party_event()])])
    return store


def test_party_event_round_trips_through_row_store_and_json(store: SQLiteStore) -> None:
    event = party_event()
    assert event_from_row(event_to_row(event)) == event
    store.save([(clashes_article(), [event])])
    [stored] = list(store.events())
    assert stored == event
    assert [p.name for p in stored.co_actors] == ["Hamas", "Palestinian Islamic Jihad"]
    assert stored.co_recipients[0].affiliation_id == "israel-police"
    assert stored.co_recipients[1].name is None
    assert event_from_dict(json.loads(json.dumps(event.to_dict()))) == event


def test_co_parties_are_stored_as_json_and_empty_sides_as_null(store: SQLiteStore) -> None:
    store.save([(clashes_article(), [party_event()]), (shelling_article(), [full_event()])])
    raw = sqlite3.connect(store.path)
    rows = dict(raw.execute("SELECT article_id, co_recipients FROM events").fetchall())
    affiliation = raw.execute(
        "SELECT actor_affiliation, actor_affiliation_id FROM events WHERE article_id = ?",
        (clashes_article().id,),
    ).fetchone()
    raw.close()
    assert rows[shelling_article().id] is None
    parties = json.loads(rows[clashes_article().id])
    assert [p["text"] for p in parties] == ["border police", 'the "Duvdevan" unit']
    assert parties[0]["start"] == CLASHES.index("border police")
    assert affiliation == ("Fatah", "fatah")


def test_to_dict_gives_co_parties_as_json_lists() -> None:
    record = party_event().to_dict()
    assert isinstance(record["co_actors"], list)
    assert record["co_actors"][1]["actor_id"] == "pij"
    assert record["actor"]["affiliation"] == "Fatah"
    assert json.loads(json.dumps(record)) == record
    assert full_event().to_dict()["co_recipients"] == []


def test_co_parties_given_as_a_list_are_kept_as_a_tuple() -> None:
    event = party_event()
    listed = replace(event, co_actors=list(event.co_actors))
    assert listed.co_actors == event.co_actors and hash(listed) == hash(event)


def test_json_written_before_affiliations_and_co_parties_still_reads() -> None:
    record = full_event().to_dict()
    del record["co_actors"], record["co_recipients"]
    del record["actor"]["affiliation"], record["actor"]["affiliation_id"]
    back = event_from_dict(record)
    assert back == full_event()
    assert back.co_actors == () and back.actor is not None and back.actor.affiliation is None


def test_a_row_without_the_schema_4_columns_still_reads() -> None:
    row = event_to_row(full_event())
    for name in SCHEMA_4_COLUMNS:
        del row[name]
    assert event_from_row(row) == full_event()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(co_actors={"text": "Hamas"}), "'co_actors' should be list"),
        (lambda d: d.update(co_actors=["Hamas"]), "co_actors: party 1 should be an object"),
        (lambda d: d["co_recipients"][1].update(end=None), "co_recipients 2: the required"),
        (lambda d: d["co_actors"][0].update(role="lead"), "co_actors 1: unknown field.*role"),
        (lambda d: d["actor"].update(affiliation=7), "'affiliation' should be str"),
    ],
    ids=["not-a-list", "not-an-object", "missing-offset", "unknown-key", "affiliation-type"],
)
def test_bad_co_parties_name_the_field(
    change: Callable[[dict[str, Any]], object], message: str
) -> None:
    record = party_event().to_dict()
    change(record)
    with pytest.raises(EventDecodeError, match=message):
        event_from_dict(record)


def test_a_corrupt_co_party_column_is_reported() -> None:
    row = event_to_row(party_event())
    row["co_actors"] = "[{"
    with pytest.raises(EventDecodeError, match="co-parties: stored value is not JSON"):
        event_from_row(row)


@pytest.mark.parametrize(
    ("needle", "found"),
    [
        ("islamic jihad", True),  # a co-actor's mention and name
        ("PALESTINIAN ISLAMIC", True),  # a co-actor's canonical name only
        ("border police", True),  # a co-recipient's mention
        ('"duvdevan"', True),  # quotes are escaped in the stored JSON
        ("actor_id", False),  # a key of the stored JSON, not a name
        ("Israel Police", False),  # an affiliation is not a party
    ],
)
def test_the_actor_filter_matches_co_parties(
    with_parties: SQLiteStore, needle: str, found: bool
) -> None:
    flt = EventFilter(actor=needle)
    expected = {party_event().event_id} if found else set()
    assert ids_of(list(with_parties.events(flt))) == expected
    assert with_parties.count_events(flt) == len(expected)


def test_a_schema_3_store_upgrades_and_then_keeps_co_parties(tmp_path: Path) -> None:
    path = tmp_path / "schema3.db"
    write_old_store(path, 3, shelling_article(), full_event())
    with SQLiteStore(path) as upgraded:
        assert upgraded.schema_version == SCHEMA_VERSION
        upgraded.save([(clashes_article(), [party_event()])])
        assert list(upgraded.events(EventFilter(article_id=shelling_article().id))) == [
            before_schema_5(full_event())
        ]
        assert list(upgraded.events(EventFilter(actor="hamas"))) == [party_event()]


def test_jsonl_export_keeps_co_parties(with_parties: SQLiteStore) -> None:
    stream = io.StringIO()
    export_events(with_parties, stream, fmt="jsonl", flt=EventFilter(actor="hamas"))
    [record] = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert record["co_recipients"][0]["affiliation"] == "Israel Police"
    assert event_from_dict(record) == party_event()


def test_csv_export_has_readable_co_parties_and_their_json(
    with_parties: SQLiteStore, tmp_path: Path
) -> None:
    dest = tmp_path / "parties.csv"
    export_events(with_parties, dest, fmt="csv")
    with dest.open(encoding="utf-8", newline="") as stream:
        rows = {row["event_id"]: row for row in csv.DictReader(stream)}
    row = rows[party_event().event_id]
    assert (row["actor_affiliation"], row["actor_affiliation_id"]) == ("Fatah", "fatah")
    assert row["recipient_affiliation"] == ""
    assert row["co_actor_names"] == "Hamas; Palestinian Islamic Jihad"
    # an unresolved party is listed by its mention
    assert row["co_recipient_names"] == 'Israel Border Police; the "Duvdevan" unit'
    assert json.loads(row["co_recipients"]) == party_event().to_dict()["co_recipients"]
    bare = rows[full_event().event_id]
    assert bare["co_actor_names"] == bare["co_actors"] == ""


def test_parquet_export_has_affiliations_and_co_parties(
    with_parties: SQLiteStore, tmp_path: Path
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    dest = tmp_path / "parties.parquet"
    export_events(with_parties, dest, fmt="parquet")
    rows = {row["event_id"]: row for row in pq.read_table(dest).to_pylist()}
    row = rows[party_event().event_id]
    assert row["co_recipient_names"].startswith("Israel Border Police; ")
    assert json.loads(row["co_actors"]) == party_event().to_dict()["co_actors"]
    assert row["actor_affiliation"] == "Fatah"
    assert rows[full_event().event_id]["co_actors"] is None


# --- crash and resume -----------------------------------------------------------------------

BATCH_SIZE = 10
N_ARTICLES = 50


def crash_corpus() -> list[tuple[Article, list[Event]]]:
    """Fifty articles with one to three events each; long bodies so pages spill to disk."""
    batch = []
    for i in range(N_ARTICLES):
        body = (
            f"Report {i}: militia fighters attacked a checkpoint, police said. "
            + "Residents described heavy gunfire through the night. " * 60
        )
        article = Article(f"crash-{i:03d}", body, date(2024, 6, 1 + i % 28))
        triggers = ["attacked", "gunfire", "described"][: 1 + i % 3]
        types = [PloverType.ASSAULT, PloverType.ASSAULT, PloverType.CONSULT]
        batch.append(
            (article, [make_event(article, t, types[k]) for k, t in enumerate(triggers)])
        )
    return batch


def batches() -> list[list[tuple[Article, list[Event]]]]:
    items = crash_corpus()
    return [items[i : i + BATCH_SIZE] for i in range(0, len(items), BATCH_SIZE)]


def crashing_writer(path: str, die_after_articles: int, how: str) -> None:
    """Ingest everything, but die, uncommitted, after writing ``die_after_articles`` articles."""
    store = SQLiteStore(path)
    assert store._connection is not None
    # A tiny page cache makes SQLite spill the open transaction into the WAL file, so the
    # crash leaves uncommitted frames on disk for recovery to discard.
    store._connection.execute("PRAGMA cache_size = 2")
    original = SQLiteStore._save_article
    written = 0

    def save_then_maybe_die(self: SQLiteStore, *args: Any) -> SaveResult:
        nonlocal written
        result = original(self, *args)
        written += 1
        if written == die_after_articles:
            if how == "sigkill":
                os.kill(os.getpid(), signal.SIGKILL)
            os._exit(70)
        return result

    SQLiteStore._save_article = save_then_maybe_die  # type: ignore[method-assign]
    for batch in batches():
        store.save(batch)


def resume(path: Path) -> SaveResult:
    """The resumable ingest: skip articles already stored with the same content."""
    total = SaveResult()
    with SQLiteStore(path) as store:
        for batch in batches():
            known = store.known_articles(article.id for article, _ in batch)
            todo = [(a, e) for a, e in batch if known.get(a.id) != a.content_hash]
            total += store.save(todo)
    return total


@pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")
@pytest.mark.parametrize("how", ["exit", "sigkill"])
def test_a_crash_mid_batch_loses_only_that_batch_and_resume_completes(
    tmp_path: Path, how: str
) -> None:
    path = tmp_path / "crash.db"
    whole_batches, into_next = 2, BATCH_SIZE // 2
    die_after = whole_batches * BATCH_SIZE + into_next
    writer = multiprocessing.get_context("fork").Process(
        target=crashing_writer, args=(str(path), die_after, how)
    )
    writer.start()
    writer.join(timeout=60)
    assert writer.exitcode == (-signal.SIGKILL if how == "sigkill" else 70)
    assert Path(f"{path}-wal").stat().st_size > 0

    items = crash_corpus()
    with SQLiteStore(path) as store:
        stored = set(store.known_articles(a.id for a, _ in items))
        committed = items[: whole_batches * BATCH_SIZE]
        assert stored == {a.id for a, _ in committed}
        assert store.count_events() == sum(len(events) for _, events in committed)

    result = resume(path)
    assert result.articles_inserted == N_ARTICLES - whole_batches * BATCH_SIZE
    assert result.articles_unchanged == result.articles_replaced == 0

    with SQLiteStore(path) as store:
        assert store.count_articles() == N_ARTICLES
        events = list(store.events())
        expected = [e for _, evs in items for e in evs]
        assert len(events) == len(expected) == store.count_events()
        assert Counter(e.event_id for e in events) == Counter(e.event_id for e in expected)
        assert set(events) == set(expected)
    # Resuming a finished ingest changes nothing.
    assert resume(path) == SaveResult()


# --- concurrency ----------------------------------------------------------------------------


def shelled_village(article_id: str) -> tuple[Article, list[Event]]:
    article = Article(article_id, f"Troops shelled village {article_id} at dawn.")
    return article, [
        make_event(article, "Troops", PloverType.MOBILIZE),
        make_event(article, "shelled", PloverType.ASSAULT),
    ]


def test_readers_do_not_fail_while_a_writer_writes(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    SQLiteStore(path).close()
    events_per_batch = 3 * 2
    done = threading.Event()
    errors: list[BaseException] = []
    seen: list[list[int]] = [[] for _ in range(3)]

    def write() -> None:
        try:
            with SQLiteStore(path) as store:
                for b in range(40):
                    store.save([shelled_village(f"w{b}-{k}") for k in range(3)])
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            done.set()

    def read(slot: int) -> None:
        try:
            with SQLiteStore(path) as store:
                while not done.is_set():
                    seen[slot].append(store.count_events())
                    listed = list(store.events(EventFilter(event_types=("ASSAULT",))))
                    assert len(listed) * 2 % events_per_batch == 0
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=read, args=(slot,)) for slot in range(3)]
    threads.append(threading.Thread(target=write))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    for counts in seen:
        assert counts == sorted(counts)  # snapshots only ever move forward
        assert all(count % events_per_batch == 0 for count in counts)  # whole batches only
    with SQLiteStore(path) as store:
        assert store.count_events() == 40 * events_per_batch


# --- property tests -------------------------------------------------------------------------

texts = st.text(max_size=30)
offsets = st.integers(min_value=0, max_value=10**9)
finite = st.floats(allow_nan=False, allow_infinity=False)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


spans = st.builds(TextSpan, texts, offsets, offsets)
actors = st.builds(
    ActorRef, texts, offsets, offsets, name=maybe(texts), actor_id=maybe(texts),
    actor_type=maybe(texts), country=maybe(texts), affiliation=maybe(texts),
    affiliation_id=maybe(texts),
)  # fmt: skip
parties = st.lists(actors, max_size=3).map(tuple)
locations = st.builds(
    Location, texts, texts, offsets, offsets, lat=maybe(finite), lon=maybe(finite),
    country=maybe(texts), geonames_id=maybe(st.integers(0, 2**40)), feature=maybe(texts),
    admin1=maybe(texts), admin2=maybe(texts), precision=maybe(st.sampled_from((1, 2, 3))),
)  # fmt: skip
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | finite | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)
events_strategy = st.builds(
    Event,
    event_id=texts,
    article_id=texts,
    event_type=st.sampled_from(PloverType),
    evidence=spans,
    trigger=spans,
    mode=maybe(texts),
    acled_event_type=maybe(texts),
    acled_sub_event_type=maybe(texts),
    cameo=maybe(texts),
    actor=maybe(actors),
    recipient=maybe(actors),
    co_actors=parties,
    co_recipients=parties,
    date=maybe(st.dates()),
    date_precision=maybe(st.sampled_from(DatePrecision)),
    date_text=maybe(texts),
    historical=st.booleans(),
    location=maybe(locations),
    fatalities=maybe(st.integers(0, 2**40)),
    injured=maybe(st.integers(0, 2**40)),
    confidence=finite,
    modality=st.sampled_from(Modality),
    claimed_by=maybe(actors),
    statement=maybe(st.builds(Statement, maybe(spans), maybe(spans), st.lists(spans, max_size=2))),
    responsibility=maybe(st.builds(Responsibility, actors, spans, spans)),
    stated_in=maybe(texts),
    call_to_action=st.booleans(),
    call_to_violence=st.booleans(),
    denial=st.booleans(),
    figures=st.lists(
        st.builds(Figure, texts, st.integers(0, 2**40), texts, offsets, offsets, maybe(actors)),
        max_size=2,
    ),
    extras=st.dictionaries(texts, json_values, max_size=3),
)


@given(events_strategy)
def test_property_event_row_round_trip(event: Event) -> None:
    back = event_from_row(event_to_row(event))
    assert back == event
    assert back.extras == event.extras


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(events_strategy)
def test_property_event_round_trips_through_sqlite(event: Event) -> None:
    with SQLiteStore(":memory:") as store:
        store.save([(Article(event.article_id, "body"), [event])])
        [back] = list(store.events())
    assert back == event
    assert back.extras == event.extras


@given(events_strategy)
def test_property_event_dict_round_trip(event: Event) -> None:
    back = event_from_dict(json.loads(json.dumps(event.to_dict(), ensure_ascii=False)))
    assert back == replace(event, confidence=round(event.confidence, 3))
    assert back.extras == event.extras
