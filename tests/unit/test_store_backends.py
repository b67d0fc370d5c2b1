"""The store contract: the same tests through the EventStore API on SQLite and PostgreSQL.

The PostgreSQL cases need a server: set EVENTWIRE_TEST_POSTGRES to a URL whose user may create
databases (``make test`` starts one). Each run of this module works in a throwaway database
with a random name, dropped at the end. Records come from test_store's hand-written builders.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from postgres_helpers import empty_postgres
from test_store import (
    FILTER_CASES,
    SHELLING,
    clashes_article,
    corpus,
    full_event,
    make_event,
    minimal_event,
    party_event,
    shelling_article,
)

from eventwire.errors import ConfigError, MissingDependencyError, StoreError
from eventwire.model import Article, Event, Modality, PloverType
from eventwire.store import EventFilter, EventStore, SaveResult, SQLiteStore, open_store

# --- the records: test_store's corpus, plus co-parties, modalities and flags -----------------

DECREE = (
    "KHARTOUM, June 2 (Wire) - The army council called on citizens to take up arms against the "
    "paramilitaries, a decree read on state television said. The council denied bombing markets."
)


def decree_article() -> Article:
    return Article("wire-sdn-0602", DECREE, date(2025, 6, 2), source="Wire")


def decree_events(article: Article) -> list[Event]:
    return [
        make_event(
            article, "called on", PloverType.THREATEN, date=date(2025, 6, 2),
            modality=Modality.ASSERTED, call_to_action=True, call_to_violence=True,
        ),
        make_event(
            article, "denied", PloverType.REJECT, date=date(2025, 6, 2),
            modality=Modality.DENIED, denial=True,
        ),
    ]  # fmt: skip


def contract_corpus() -> list[tuple[Article, list[Event]]]:
    """Six articles, nine events: test_store's corpus, one with co-parties, one with flags."""
    decree = decree_article()
    return [*corpus(), (clashes_article(), [party_event()]), (decree, decree_events(decree))]


def all_events() -> list[Event]:
    return [event for _, events in contract_corpus() for event in events]


def select(predicate: Callable[[Event], bool]) -> set[str]:
    return {event.event_id for event in all_events() if predicate(event)}


def ids_of(events: Iterator[Event] | list[Event]) -> list[str]:
    return [event.event_id for event in events]


# --- fixtures: one open, empty store of each kind (store_url and postgres_url: conftest) ---


@pytest.fixture
def store(store_url: str) -> Iterator[EventStore]:
    with open_store(store_url) as opened:
        yield opened


@pytest.fixture
def filled(store: EventStore) -> EventStore:
    store.save(contract_corpus())
    return store


# --- saving and reading back -----------------------------------------------------------------


@pytest.mark.parametrize("build", [full_event, minimal_event], ids=["every-field", "minimal"])
def test_an_event_reads_back_equal(store: EventStore, build: Callable[[], Event]) -> None:
    event = build()
    assert store.save([(shelling_article(), [event])]) == SaveResult(1, 0, 0, 1)
    [back] = list(store.events())
    assert back == event
    assert back.extras == event.extras  # dataclass equality may skip it; JSON must not
    assert isinstance(back.event_type, PloverType)


def test_every_field_reads_back_from_the_whole_corpus(filled: EventStore) -> None:
    stored = {event.event_id: event for event in filled.events()}
    assert len(stored) == 9
    for event in all_events():
        assert stored[event.event_id] == event
        assert stored[event.event_id].extras == event.extras


@pytest.mark.parametrize(
    "article", [shelling_article(), Article("bare", "Text only.")], ids=["every-field", "minimal"]
)
def test_an_article_reads_back_equal(store: EventStore, article: Article) -> None:
    store.save([(article, [])])
    assert store.article(article.id) == article
    assert store.article("missing") is None


def test_saving_the_same_batch_twice_changes_nothing(store: EventStore) -> None:
    first = store.save(contract_corpus())
    second = store.save(contract_corpus())
    assert first == SaveResult(articles_inserted=6, events_written=9)
    assert second == SaveResult(articles_unchanged=6)
    assert (store.count_articles(), store.count_events()) == (6, 9)


def test_a_changed_article_replaces_it_and_all_its_events(filled: EventStore) -> None:
    corrected = shelling_article(SHELLING.replace("at least 12", "at least 14"))
    new_event = make_event(corrected, "wounding", PloverType.ASSAULT, injured=30)
    result = filled.save([(corrected, [new_event]), (decree_article(), [])])
    assert result == SaveResult(articles_replaced=1, articles_unchanged=1, events_written=1)
    assert filled.article(corrected.id) == corrected
    assert list(filled.events(EventFilter(article_id=corrected.id))) == [new_event]
    assert filled.count_events() == 9 - 2 + 1
    assert filled.known_articles([corrected.id]) == {corrected.id: corrected.content_hash}


def test_an_article_twice_in_one_batch_ends_as_its_last_version(store: EventStore) -> None:
    corrected = shelling_article(SHELLING.replace("at least 12", "at least 14"))
    wounding = make_event(corrected, "wounding", PloverType.ASSAULT)
    result = store.save(
        [(shelling_article(), [full_event(), minimal_event()]), (corrected, [wounding])]
    )
    assert result == SaveResult(articles_inserted=1, articles_replaced=1, events_written=3)
    assert ids_of(store.events()) == [wounding.event_id]
    assert store.article(corrected.id) == corrected


def test_a_failing_batch_leaves_nothing_behind(store: EventStore) -> None:
    store.save([(shelling_article(), [full_event()])])
    other = Article("wire-other", "Another report.")
    good = Article("wire-good", "Police detained two journalists.")
    good_event = make_event(good, "detained", PloverType.COERCE)
    stolen = replace(full_event(), article_id=other.id)  # an id a stored article owns
    with pytest.raises(StoreError, match="may already belong to another stored article"):
        store.save([(good, [good_event]), (other, [stolen])])
    assert store.known_articles([good.id, other.id]) == {}
    assert (store.count_articles(), store.count_events()) == (1, 1)
    assert store.save([(good, [good_event])]) == SaveResult(1, 0, 0, 1)  # still usable


def test_an_event_with_the_wrong_article_is_refused(store: EventStore) -> None:
    with pytest.raises(StoreError, match="belongs to article 'wire-sdn-0512'"):
        store.save([(Article("wire-other", "Another report."), [full_event()])])
    assert store.count_articles() == 0


def test_one_event_id_under_two_articles_is_refused(store: EventStore) -> None:
    twin = Article("wire-twin", SHELLING)
    event = full_event()
    with pytest.raises(StoreError, match="event ids must be unique"):
        store.save([(shelling_article(), [event]), (twin, [replace(event, article_id=twin.id)])])


def test_an_empty_batch_does_nothing(store: EventStore) -> None:
    assert store.save([]) == SaveResult()
    assert store.count_articles() == 0


def test_known_articles_reads_many_ids(store: EventStore) -> None:
    articles = [Article(f"a{i:04d}", f"Report number {i}.") for i in range(1_203)]
    store.save([(article, []) for article in articles[::2]])
    known = store.known_articles(article.id for article in articles)
    assert len(known) == 602
    assert set(known) == {f"a{i:04d}" for i in range(0, 1_203, 2)}
    assert known["a0002"] == articles[2].content_hash
    assert store.known_articles([]) == {}


# --- filters, order, counts ------------------------------------------------------------------

EXTRA_CASES: list[tuple[str, EventFilter, Callable[[Event], bool]]] = [
    ("co-actor", EventFilter(actor="palestinian islamic"), lambda e: bool(e.co_actors)),
    ("co-recipient-quoted", EventFilter(actor='"DUVDEVAN"'), lambda e: bool(e.co_recipients)),
    ("json-key-is-no-name", EventFilter(actor="actor_id"), lambda e: False),
    ("percent-is-literal", EventFilter(text="%"), lambda e: False),
    ("claimed", EventFilter(modalities=("claimed",)), lambda e: e.modality is Modality.CLAIMED),
    ("denied", EventFilter(modalities=("DENIED",)), lambda e: e.modality is Modality.DENIED),
    (
        "factual",
        EventFilter(modalities=("factual",)),
        lambda e: e.modality in {Modality.ASSERTED, Modality.CLAIMED},
    ),
    ("call-to-action", EventFilter(call_to_action=True), lambda e: e.call_to_action),
    ("call-to-violence", EventFilter(call_to_violence=True), lambda e: e.call_to_violence),
    ("denial", EventFilter(denial=True), lambda e: e.denial),
    ("text-unicode", EventFilter(text="beyazit"), lambda e: False),  # ı is not i
    ("text-unicode-exact", EventFilter(text="BEYAZIT"), lambda e: False),
    ("text-turkish", EventFilter(text="beyazıt"), lambda e: "Beyazıt" in e.evidence.text),
]
CASES = [*FILTER_CASES, *EXTRA_CASES]


@pytest.mark.parametrize(("flt", "predicate"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_filters_select_the_matching_events(
    filled: EventStore, flt: EventFilter, predicate: Callable[[Event], bool]
) -> None:
    expected = select(predicate)
    found = ids_of(filled.events(flt))
    assert set(found) == expected
    assert len(found) == len(expected)
    assert filled.count_events(flt) == len(expected)


def test_the_filter_cases_are_not_vacuous() -> None:
    # Hand counts over contract_corpus(): a case that matched all or nothing by mistake shows.
    counts = {name: len(select(predicate)) for name, _, predicate in CASES}
    assert counts["none"] == 9
    assert counts["co-actor"] == 1
    assert counts["claimed"] == 1
    assert counts["denied"] == 1
    assert counts["factual"] == 8
    assert counts["call-to-action"] == 1
    assert counts["denial"] == 1
    assert counts["text-turkish"] == 1


def test_filter_values_are_bound_not_spliced(filled: EventStore) -> None:
    hostile = EventFilter(actor="x') OR 1=1 --", article_id="' OR '1'='1")
    assert filled.count_events(hostile) == 0
    assert filled.count_events() == 9


def test_events_come_in_the_same_order_on_every_backend(filled: EventStore) -> None:
    # Oldest first, undated last; ties by article id, trigger offset, event id. By hand:
    sudan, turkey, truce, congo, clashes, decree = (events for _, events in contract_corpus())
    expected = [
        truce[1],  # 2014-01-01
        sudan[0],  # 2024-05-12
        clashes[0],  # 2024-08-09
        truce[0],  # 2025-01-20
        turkey[0],  # 2025-03-01
        decree[0],  # 2025-06-02, "called on" comes before "denied"
        decree[1],
        congo[0],  # undated: "wire-cod-undated" sorts before "wire-sdn-0512"
        sudan[1],
    ]
    assert ids_of(filled.events()) == ids_of(expected)
    assert ids_of(filled.events(limit=2)) == ids_of(expected[:2])
    assert list(filled.events(limit=0)) == []


def test_a_negative_limit_is_refused(store: EventStore) -> None:
    with pytest.raises(StoreError, match="limit must be zero or more"):
        store.events(limit=-1)


def test_the_store_stays_usable_while_events_stream(filled: EventStore) -> None:
    # Export code looks up articles while it reads events from the same store.
    titles = [filled.article(event.article_id) is not None for event in filled.events()]
    assert titles == [True] * 9


def test_counts(filled: EventStore) -> None:
    assert filled.count_articles() == 6
    assert filled.count_events() == 9
    assert filled.count_events(EventFilter(country="SDN")) == 1


# --- SQL written once for both backends (eventwire.store.dialect) ----------------------------


def test_read_takes_sqlite_placeholders_on_every_backend(filled: EventStore) -> None:
    rows = filled.read(  # type: ignore[attr-defined]
        "SELECT event_id, event_type FROM events WHERE evidence_text LIKE '%' || ? || '%' "
        "AND modality = :modality ORDER BY event_type".replace(":modality", "?"),
        ["state television", "denied"],
    )
    # Position and name both index a row, as sqlite3.Row does.
    assert [(row[1], row["event_type"]) for row in rows] == [("REJECT", "REJECT")]
    assert filled.has_table("merged_events") and not filled.has_table("no_such")  # type: ignore[attr-defined]


def test_writing_takes_sqlite_placeholders_on_every_backend(filled: EventStore) -> None:
    with filled.writing() as connection:  # type: ignore[attr-defined]
        connection.executemany(
            "INSERT INTO merge_revisions (merged_id, at, change, event_id, reason) "
            "VALUES (:merged, :at, 'created', NULL, :reason)",
            [{"merged": "m1", "at": "2025-06-02", "reason": "100% the same day"},
             {"merged": "m2", "at": "2025-06-03", "reason": "a '?' in text stays"}],
        )
        connection.executemany("DELETE FROM merge_revisions WHERE merged_id = ?", [])
        count = connection.execute("SELECT COUNT(*) FROM merge_revisions").fetchone()[0]
    assert count == 2
    rows = filled.read("SELECT merged_id, reason FROM merge_revisions ORDER BY revision")  # type: ignore[attr-defined]
    assert [tuple(row) for row in rows] == [
        ("m1", "100% the same day"), ("m2", "a '?' in text stays")]


@pytest.mark.parametrize(
    ("day", "monday"),
    [("2025-06-02", "2025-06-02"), ("2025-06-08", "2025-06-02"), ("2024-12-31", "2024-12-30"),
     ("2025-01-05", "2024-12-30")],
)
def test_week_start_is_the_same_monday_on_every_backend(
    store: EventStore, day: str, monday: str
) -> None:
    from eventwire.store.dialect import week_start

    dialect = store.dialect  # type: ignore[attr-defined]
    given = "CAST(? AS DATE)" if dialect == "postgresql" else "?"  # a DATE column there
    row = store.read(  # type: ignore[attr-defined]
        f"SELECT {week_start('d', dialect)} AS week FROM (SELECT {given} AS d) AS t", [day])
    assert row[0]["week"] == monday


def test_a_reader_is_not_blocked_by_a_writer_mid_transaction(store_url: str) -> None:
    """While a writer holds an open transaction that changed rows, a reader answers at once
    from the last committed state (SQLite's WAL, PostgreSQL's MVCC). The reader gives up after
    a second (busy timeout / statement time limit), so a blocked read fails the test."""
    with open_store(store_url) as writer, \
            open_store(store_url, busy_timeout=1.0, time_limit=1.0) as reader:
        writer.save(contract_corpus())
        with writer.writing() as connection:  # type: ignore[attr-defined]
            connection.execute("DELETE FROM events WHERE country = ?", ["SDN"])
            assert reader.count_events() == 9  # the delete is not committed yet
            assert reader.count_events(EventFilter(country="SDN")) == 1
        assert reader.count_events() == 8  # and now it is


def test_bad_filters_are_refused_before_the_store() -> None:
    with pytest.raises(ConfigError, match="Unknown event type"):
        EventFilter(event_types=("ATTACK",))


def test_a_closed_store_says_so(store_url: str) -> None:
    opened = open_store(store_url)
    opened.close()
    opened.close()  # twice is fine
    with pytest.raises(StoreError, match="is closed; open it again"):
        opened.count_events()


# --- many writers at once --------------------------------------------------------------------

N_ARTICLES = 200
N_WORKERS = 4


def village_report(number: int) -> tuple[Article, list[Event]]:
    text = (
        f"VILLAGE {number}, Darfur (Wire) - Militiamen burned homes in village {number} and "
        "looted the market, residents said."
    )
    article = Article(f"wire-village-{number:03d}", text, date(2024, 1, 1 + number % 28))
    events = [
        make_event(article, "burned", PloverType.ASSAULT, date=article.date),
        make_event(article, "looted", PloverType.ASSAULT, date=article.date),
    ]
    return article, events


def ingest_worker(url: str, worker: int) -> SaveResult:
    """Save all the villages in batches of 25, each worker starting at another place."""
    reports = [village_report(n) for n in range(N_ARTICLES)]
    shift = worker * N_ARTICLES // N_WORKERS
    ordered = reports[shift:] + reports[:shift]
    total = SaveResult()
    with open_store(url) as store:
        for start in range(0, N_ARTICLES, 25):
            total += store.save(ordered[start : start + 25])
    return total


@pytest.mark.skipif(sys.platform == "win32", reason="spawns processes")
def test_concurrent_writers_store_each_article_and_event_once(store_url: str) -> None:
    open_store(store_url).close()  # created once, so the workers race on data, not on DDL
    context = multiprocessing.get_context("spawn")
    with context.Pool(N_WORKERS) as pool:
        results = pool.starmap(ingest_worker, [(store_url, w) for w in range(N_WORKERS)])
    total = sum(results, SaveResult())
    assert total.articles_inserted == N_ARTICLES  # each inserted by exactly one worker
    assert total.articles_inserted + total.articles_unchanged == N_ARTICLES * N_WORKERS
    assert total.articles_replaced == 0
    assert total.events_written == 2 * N_ARTICLES
    with open_store(store_url) as store:
        assert store.count_articles() == N_ARTICLES
        ids = ids_of(store.events())
    assert len(ids) == 2 * N_ARTICLES
    assert Counter(ids).most_common(1)[0][1] == 1
    assert set(ids) == {e.event_id for n in range(N_ARTICLES) for e in village_report(n)[1]}


# --- PostgreSQL only -------------------------------------------------------------------------


@pytest.fixture
def postgres_store(postgres_url: str) -> Iterator[EventStore]:
    empty_postgres(postgres_url)
    with open_store(postgres_url) as opened:
        yield opened


@pytest.mark.postgres
def test_sqlite_to_postgres_round_trip_loses_nothing(
    tmp_path: Path, postgres_store: EventStore
) -> None:
    with SQLiteStore(tmp_path / "from.db") as source:
        source.save(contract_corpus())
        events = list(source.events())
        by_article: dict[str, list[Event]] = {}
        for event in events:
            by_article.setdefault(event.article_id, []).append(event)
        ids = [article.id for article, _ in contract_corpus()]
        batch = []
        for article_id in ids:
            article = source.article(article_id)
            assert article is not None
            batch.append((article, by_article.get(article_id, [])))
    assert postgres_store.save(batch) == SaveResult(articles_inserted=6, events_written=9)
    assert list(postgres_store.events()) == events
    for article, _ in contract_corpus():
        assert postgres_store.article(article.id) == article


@pytest.mark.postgres
def test_postgres_tables_have_the_codec_columns(postgres_store: EventStore) -> None:
    from eventwire.store.codec import ARTICLE_COLUMNS, EVENT_COLUMNS
    from eventwire.store.postgres import SCHEMA_VERSION, PostgresStore

    assert isinstance(postgres_store, PostgresStore)
    assert postgres_store.schema_version == SCHEMA_VERSION == 3
    sql = (
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
        "AND table_schema = current_schema() ORDER BY ordinal_position"
    )
    # geom: PostGIS's point, computed by the server from lat/lon (when PostGIS is installed)
    columns = tuple(r["column_name"] for r in postgres_store.read(sql, ["events"]))
    assert tuple(name for name in columns if name != "geom") == EVENT_COLUMNS
    articles = tuple(r["column_name"] for r in postgres_store.read(sql, ["articles"]))
    assert articles == ARTICLE_COLUMNS


@pytest.mark.postgres
def test_postgres_read_events_takes_a_filter_and_sql(postgres_store: EventStore) -> None:
    from eventwire.store.postgres import PostgresStore

    assert isinstance(postgres_store, PostgresStore)
    postgres_store.save(contract_corpus())
    rows = postgres_store.read_events(
        "event_type, COUNT(*) AS n",
        EventFilter(include_historical=False),
        also="date IS NOT NULL",
        tail=" GROUP BY event_type ORDER BY event_type",
    )
    assert [(r["event_type"], r["n"]) for r in rows] == [
        ("AGREE", 1),
        ("ASSAULT", 2),
        ("PROTEST", 1),
        ("REJECT", 1),
        ("THREATEN", 1),
    ]


def _search_path_url(url: str, schema: str) -> str:
    return f"{url}?options=-csearch_path%3D{schema}"


@pytest.mark.postgres
def test_postgres_refuses_foreign_tables_and_newer_schemas(postgres_url: str) -> None:
    import psycopg

    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA IF EXISTS foreign_app, newer CASCADE")
        connection.execute("CREATE SCHEMA foreign_app")
        connection.execute("CREATE TABLE foreign_app.events (id INTEGER)")
        connection.execute("CREATE SCHEMA newer")
    with pytest.raises(StoreError, match="not an eventwire store"):
        open_store(_search_path_url(postgres_url, "foreign_app"))
    open_store(_search_path_url(postgres_url, "newer")).close()  # a store in its own schema
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute("UPDATE newer.alembic_version SET version_num = '9999_future'")
    with pytest.raises(StoreError, match="newer eventwire"):
        open_store(_search_path_url(postgres_url, "newer"))


@pytest.mark.postgres
def test_postgres_read_only_store_refuses_writes(postgres_url: str) -> None:
    from eventwire.store.postgres import PostgresStore

    empty_postgres(postgres_url)
    open_store(postgres_url).close()
    with PostgresStore(postgres_url, read_only=True) as reader:
        assert reader.count_events() == 0
        with pytest.raises(StoreError, match="opened read-only"):
            reader.save([(shelling_article(), [])])


@pytest.mark.postgres
def test_postgres_time_limit_stops_a_long_read(postgres_url: str) -> None:
    from eventwire.errors import QueryTooCostlyError
    from eventwire.store.postgres import PostgresStore

    with PostgresStore(postgres_url, time_limit=0.05) as store:
        with pytest.raises(QueryTooCostlyError, match="ran longer than its limit"):
            store.read("SELECT pg_sleep(1)")
        assert store.count_articles() >= 0  # the connection survives


# --- opening by URL (no server needed) -------------------------------------------------------


def test_an_unreachable_server_is_reported_without_the_password() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError, match="Check that the server is running") as caught:
        open_store("postgresql://analyst:s3cret@127.0.0.1:1/events")
    assert "s3cret" not in str(caught.value)
    assert "analyst:***@127.0.0.1:1/events" in str(caught.value)


def test_postgres_urls_without_psycopg_name_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now fails
    monkeypatch.delitem(sys.modules, "eventwire.store.postgres", raising=False)
    for url in ("postgresql://u@h/db", "postgres://u@h/db"):
        with pytest.raises(MissingDependencyError, match=r"pip install 'eventwire\[postgres\]'"):
            open_store(url)


def test_other_schemes_are_still_refused() -> None:
    with pytest.raises(ConfigError, match="postgresql://user:password@host/database"):
        open_store("mysql://u@h/db")


def test_the_sqlite_store_is_still_a_file(tmp_path: Path) -> None:
    with open_store(tmp_path / "events.db") as opened:
        assert isinstance(opened, SQLiteStore)
    check = sqlite3.connect(tmp_path / "events.db")
    assert check.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 0
    check.close()
