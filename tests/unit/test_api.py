"""Tests of the read-only JSON API (eventwire.api) and the store queries under it
(eventwire.store.query), over a small store of hand-written articles and events, kept in each
backend (an SQLite file, and a PostgreSQL database when EVENTWIRE_TEST_POSTGRES names a server):
the answers are the same.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from eventwire.api import ApiLimits, create_app
from eventwire.cli.main import cli
from eventwire.errors import ConfigError, InputError, MissingDependencyError, StoreError
from eventwire.model import (
    ActorRef,
    Article,
    DatePrecision,
    Event,
    Location,
    PloverType,
    TextSpan,
    event_id_for,
)
from eventwire.store import EventFilter, SQLStore, open_store, query

# --- a hand-written store -------------------------------------------------------------------

DARFUR = (
    "EL FASHER, Sudan, May 15 (Wire) - Aid workers counted the dead on Wednesday. "
    "Rapid Support Forces fighters shelled the Abu Shouk camp on Sunday, killing 12 civilians. "
    "On Tuesday the same fighters raided a market in the town, killing three civilians."
)
ISTANBUL = (
    "ISTANBUL, March 3 (Wire) - Thousands of students marched through Beyazit Square on "
    "Saturday against the detention of the city's mayor."
)
GOMA = "GOMA (Wire) - Forces Armees Rwandaises units were accused of looting shops, a witness said."


def span(text: str, words: str) -> TextSpan:
    start = text.index(words)
    return TextSpan(words, start, start + len(words))


def party(text: str, words: str, name: str | None = None) -> ActorRef:
    mention = span(text, words)
    return ActorRef(mention.text, mention.start, mention.end, name=name)


def place(text: str, words: str, country: str, admin1: str) -> Location:
    mention = span(text, words)
    return Location(words, mention.text, mention.start, mention.end, country=country,
                    admin1=admin1)


def event(article: Article, trigger: str, sentence: str, event_type: PloverType,
          **fields: Any) -> Event:
    trigger_span = span(article.text, trigger)
    return Event(
        event_id=event_id_for(article.id, trigger_span.start, str(event_type)),
        article_id=article.id, event_type=event_type, evidence=span(article.text, sentence),
        trigger=trigger_span, **fields,
    )


SHELLING_SENTENCE = "Rapid Support Forces fighters shelled the Abu Shouk camp on Sunday, killing 12 civilians."
RAID_SENTENCE = "On Tuesday the same fighters raided a market in the town, killing three civilians."


def corpus() -> list[tuple[Article, list[Event]]]:
    """Three articles, four events: two Sudanese attacks with deaths, a protest, an undated
    accusation without an actor."""
    darfur = Article("wire-sdn-0515", DARFUR, date(2024, 5, 15), title="Darfur attacks",
                     source="Wire")
    istanbul = Article("wire-tur-0303", ISTANBUL, date(2025, 3, 3), source="Wire")
    goma = Article("wire-cod-undated", GOMA)
    rsf = party(DARFUR, "Rapid Support Forces", "Rapid Support Forces")
    civilians = party(DARFUR, "12 civilians", "Civilians (Sudan)")
    north_darfur = place(DARFUR, "Abu Shouk camp", "SDN", "North Darfur")
    return [
        (darfur, [
            event(darfur, "shelled", SHELLING_SENTENCE, PloverType.ASSAULT, actor=rsf,
                  recipient=civilians, date=date(2024, 5, 12), date_precision=DatePrecision.DAY,
                  location=north_darfur, fatalities=12),
            event(darfur, "raided", RAID_SENTENCE, PloverType.ASSAULT, actor=rsf,
                  recipient=civilians, date=date(2024, 5, 14), date_precision=DatePrecision.DAY,
                  location=north_darfur, fatalities=3),
        ]),
        (istanbul, [
            event(istanbul, "marched", ISTANBUL, PloverType.PROTEST,
                  actor=party(ISTANBUL, "students", "Students (Turkey)"),
                  date=date(2025, 3, 1), location=place(ISTANBUL, "Beyazit Square", "TUR",
                                                         "Istanbul")),
        ]),
        (goma, [
            event(goma, "accused", GOMA, PloverType.ACCUSE,
                  recipient=party(GOMA, "Forces Armees Rwandaises"),
                  location=place(GOMA, "GOMA", "COD", "North Kivu")),
        ]),
    ]  # fmt: skip


def reader(db: str) -> SQLStore:
    store = open_store(db, read_only=True)
    assert isinstance(store, SQLStore)
    return store


@pytest.fixture
def db(store_url: str) -> str:
    """The corpus in a store of each backend: an SQLite file path or a PostgreSQL URL."""
    with open_store(store_url) as store:
        store.save(corpus())
    return store_url


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as test_client:
        yield test_client


def get_json(client: TestClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.text
    return response.json()


def assert_error(client: TestClient, url: str, status: int, *words: str) -> str:
    body = get_json(client, url, status)
    assert set(body) == {"error"} and set(body["error"]) == {"status", "message"}, body
    assert body["error"]["status"] == status
    message: str = body["error"]["message"]
    for word in words:
        assert word in message, message
    return message


# --- routes ---------------------------------------------------------------------------------


def test_health_counts_the_store(client: TestClient) -> None:
    body = get_json(client, "/api/health")
    assert (body["status"], body["articles"], body["events"]) == ("ok", 3, 4)
    assert body["schema"] == "0004_alerts"  # the Alembic revision, on either backend


def test_articles_are_paged_oldest_first_with_event_counts(client: TestClient) -> None:
    body = get_json(client, "/api/articles")
    assert [a["id"] for a in body["items"]] == ["wire-sdn-0515", "wire-tur-0303",
                                                 "wire-cod-undated"]
    assert [a["events"] for a in body["items"]] == [2, 1, 1]
    assert "text" not in body["items"][0]
    assert (body["total"], body["limit"], body["offset"]) == (3, 50, 0)
    second = get_json(client, "/api/articles?limit=1&offset=1")
    assert [a["id"] for a in second["items"]] == ["wire-tur-0303"]
    assert second["total"] == 3


def test_one_article_has_its_text_and_events(client: TestClient) -> None:
    body = get_json(client, "/api/articles/wire-sdn-0515")
    assert body["text"] == DARFUR and body["date"] == "2024-05-15"
    assert [e["trigger"]["text"] for e in body["events"]] == ["shelled", "raided"]


def test_events_in_store_order_with_paging(client: TestClient) -> None:
    body = get_json(client, "/api/events")
    assert [e["trigger"]["text"] for e in body["items"]] == [
        "shelled", "raided", "marched", "accused"]
    assert body["total"] == 4
    page = get_json(client, "/api/events?limit=2&offset=1")
    assert [e["trigger"]["text"] for e in page["items"]] == ["raided", "marched"]
    assert (page["total"], page["limit"], page["offset"]) == (4, 2, 1)
    beyond = get_json(client, "/api/events?offset=10")
    assert beyond["items"] == [] and beyond["total"] == 4


@pytest.mark.parametrize(
    ("params", "triggers"),
    [
        ("country=SDN", ["shelled", "raided"]),
        ("country=sdn", ["shelled", "raided"]),
        ("type=protest", ["marched"]),
        ("type=PROTEST&type=ACCUSE", ["marched", "accused"]),
        ("from=2024-05-13", ["raided", "marched"]),
        ("from=2024-05-01&to=2024-05-13", ["shelled"]),
        ("actor=rapid", ["shelled", "raided"]),
        ("actor=rwandaises", ["accused"]),
        ("text=market", ["raided"]),
        ("article=wire-tur-0303", ["marched"]),
        ("modality=asserted&country=TUR", ["marched"]),
        ("factual=true&type=ACCUSE", ["accused"]),
        ("denial=true", []),
    ],
)
def test_event_filters(client: TestClient, params: str, triggers: list[str]) -> None:
    body = get_json(client, f"/api/events?{params}")
    assert [e["trigger"]["text"] for e in body["items"]] == triggers
    assert body["total"] == len(triggers)


def test_one_event_comes_with_its_article_and_evidence_span(client: TestClient) -> None:
    raid = get_json(client, "/api/events?text=market")["items"][0]
    body = get_json(client, f"/api/events/{raid['event_id']}")
    assert body["event"]["event_id"] == raid["event_id"]
    assert body["article"]["id"] == "wire-sdn-0515" and body["article"]["text"] == DARFUR
    evidence = body["evidence"]
    assert evidence["start"] == DARFUR.index(RAID_SENTENCE) > 0
    assert DARFUR[evidence["start"]:evidence["end"]] == RAID_SENTENCE == evidence["text"]


def test_aggregates_by_type(client: TestClient) -> None:
    body = get_json(client, "/api/aggregates/type")
    assert body["by"] == "type"
    assert [(b["key"], b["events"], b["fatalities"]) for b in body["buckets"]] == [
        ("ASSAULT", 2, 15), ("ACCUSE", 1, 0), ("PROTEST", 1, 0)]


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        # undated events drop out of the time series
        ("day", [("2024-05-12", 1, 12), ("2024-05-14", 1, 3), ("2025-03-01", 1, 0)]),
        # keyed by Monday: Sunday 12 May belongs to the week of the 6th; Saturday 1 March 2025
        # to the week of 24 February
        ("week", [("2024-05-06", 1, 12), ("2024-05-13", 1, 3), ("2025-02-24", 1, 0)]),
        ("actor", [("Rapid Support Forces", 2, 15), ("Students (Turkey)", 1, 0), (None, 1, 0)]),
        ("country", [("SDN", 2, 15), ("COD", 1, 0), ("TUR", 1, 0)]),
        ("admin1", [("North Darfur", 2, 15), ("Istanbul", 1, 0), ("North Kivu", 1, 0)]),
    ],
)
def test_aggregates(client: TestClient, by: str, expected: list[tuple[Any, int, int]]) -> None:
    body = get_json(client, f"/api/aggregates/{by}")
    assert [(b["key"], b["events"], b["fatalities"]) for b in body["buckets"]] == expected


def test_admin1_buckets_name_their_country(client: TestClient) -> None:
    buckets = get_json(client, "/api/aggregates/admin1")["buckets"]
    assert [b["country"] for b in buckets] == ["SDN", "TUR", "COD"]


def test_aggregates_take_the_event_filters_and_a_limit(client: TestClient) -> None:
    body = get_json(client, "/api/aggregates/day?country=SDN&to=2024-05-12")
    assert [(b["key"], b["events"], b["fatalities"]) for b in body["buckets"]] == [
        ("2024-05-12", 1, 12)]
    top = get_json(client, "/api/aggregates/country?limit=1")
    assert [b["key"] for b in top["buckets"]] == ["SDN"]


def test_actors_say_who_acts_on_whom(client: TestClient) -> None:
    links = get_json(client, "/api/actors")["links"]
    assert [(x["actor"], x["recipient"], x["event_type"], x["events"], x["fatalities"])
            for x in links] == [
        ("Rapid Support Forces", "Civilians (Sudan)", "ASSAULT", 2, 15),
        ("Students (Turkey)", None, "PROTEST", 1, 0),
        (None, "Forces Armees Rwandaises", "ACCUSE", 1, 0),
    ]
    filtered = get_json(client, "/api/actors?type=ACCUSE")["links"]
    assert [x["recipient"] for x in filtered] == ["Forces Armees Rwandaises"]


def test_openapi_schema_lists_every_route(client: TestClient) -> None:
    paths = set(get_json(client, "/openapi.json")["paths"])
    assert paths == {
        "/api/health", "/api/articles", "/api/articles/{article_id}", "/api/events",
        "/api/events/{event_id}", "/api/aggregates/{by}", "/api/actors", "/api/timeline",
        "/api/places", "/api/merged", "/api/alerts",
    }


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/api/events/ev-0000000000000000", ["Event 'ev-0000000000000000'", "not in the store"]),
        ("/api/articles/no-such-article", ["Article 'no-such-article'", "not in the store"]),
        ("/api/no-such-route", ["Not Found"]),
    ],
)
def test_not_found_in_the_error_shape(client: TestClient, url: str, words: list[str]) -> None:
    assert_error(client, url, 404, *words)


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/api/events?limit=501", ["query parameter 'limit'", "less than or equal to 500"]),
        ("/api/events?limit=0", ["query parameter 'limit'", "greater than or equal to 1"]),
        ("/api/articles?offset=-1", ["query parameter 'offset'"]),
        ("/api/articles?limit=many", ["query parameter 'limit'", "'many'"]),
        ("/api/events?from=2024-13-01", ["query parameter 'from'", "'2024-13-01'"]),
        ("/api/events?type=BOMBING", ["Unknown event type 'BOMBING'", "ASSAULT"]),
        ("/api/events?country=SD", ["Country 'SD'", "alpha-3"]),
        ("/api/events?modality=rumoured", ["Unknown modality 'rumoured'"]),
        ("/api/events?from=2025-01-02&to=2025-01-01", ["date range is empty"]),
        ("/api/aggregates/month", ["Cannot group events by 'month'", "week"]),
        ("/api/aggregates/day?limit=10001", ["query parameter 'limit'"]),
        ("/api/actors?limit=0", ["query parameter 'limit'"]),
    ],
)
def test_bad_parameters_are_422_with_a_message(
    client: TestClient, url: str, words: list[str]
) -> None:
    assert_error(client, url, 422, *words)


def test_page_sizes_follow_the_limits_given(db: str) -> None:
    limits = ApiLimits(page_size=1, max_page_size=2)
    with TestClient(create_app(db, limits=limits)) as client:
        assert len(get_json(client, "/api/events")["items"]) == 1
        assert len(get_json(client, "/api/events?limit=2")["items"]) == 2
        assert_error(client, "/api/events?limit=3", 422, "less than or equal to 2")


def test_limits_must_be_consistent() -> None:
    with pytest.raises(ConfigError, match="page_size"):
        ApiLimits(page_size=600, max_page_size=500)


def test_the_api_cannot_write(client: TestClient, db: str) -> None:
    assert client.post("/api/events").status_code == 405
    new = Article("wire-new", "KHARTOUM (Wire) - Talks resumed on Monday, officials said.")
    with reader(db) as store:
        # SQLite says "readonly database", PostgreSQL "read-only transaction"
        with pytest.raises(StoreError, match="read-?only"):
            store.save([(new, [])])
        assert store.count_articles() == 3


def test_create_app_needs_an_existing_store(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="eventwire ingest"):
        create_app(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()


def test_a_non_store_file_fails_at_start(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("not a database\n", encoding="utf-8")
    with pytest.raises(StoreError, match="not an SQLite database"):
        create_app(path)


# --- the library under the routes -----------------------------------------------------------


def test_queries_without_a_filter(db: str) -> None:
    with reader(db) as store:
        assert query.event_page(store, limit=10).total == 4
        assert sum(b.events for b in query.aggregate(store, "country")) == 4
        assert query.aggregate(store, "type", EventFilter(country="TUR")) == (
            query.Bucket("PROTEST", 1, 0),)
        with pytest.raises(ConfigError, match="zero or more"):
            query.event_page(store, limit=-1)


# --- eventwire serve ------------------------------------------------------------------------


def test_serve_runs_uvicorn_on_localhost(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append(options))
    result = CliRunner().invoke(cli, ["serve", "--db", db])
    assert result.exit_code == 0, result.output
    assert calls == [{"host": "127.0.0.1", "port": 8000}]


def test_serve_without_fastapi_names_the_install_command(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "fastapi", None)  # makes `import fastapi` fail
    with pytest.raises(MissingDependencyError, match=r"pip install 'eventwire\[api\]'"):
        create_app(db)
    result = CliRunner().invoke(cli, ["serve", "--db", db])
    assert result.exit_code == 1
    assert "pip install 'eventwire[api]'" in result.output


def test_serve_needs_an_existing_db(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "does not exist" in result.output


def test_create_app_takes_an_sqlite_url(tmp_path: Path) -> None:
    with open_store(tmp_path / "events.db") as store:
        store.save(corpus())
    with TestClient(create_app(f"sqlite:///{tmp_path / 'events.db'}")) as client:
        assert get_json(client, "/api/health")["events"] == 4
    with pytest.raises(InputError, match="sqlite:///.*does not exist"):
        create_app(f"sqlite:///{tmp_path / 'missing.db'}")


def test_a_postgres_password_never_shows(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("psycopg")
    # port 1: nothing listens there, so the connection is refused at once
    url = "postgresql://eventwire:s3cret-word@127.0.0.1:1/eventwire"
    with pytest.raises(StoreError) as failure:
        create_app(url)
    assert "s3cret-word" not in str(failure.value) and "***" in str(failure.value)
    result = CliRunner().invoke(cli, ["serve", "--db", url])
    assert result.exit_code == 1 and "127.0.0.1" in result.output
    assert "s3cret-word" not in result.output


def test_alerts_of_a_store_without_any_are_an_empty_page(client: TestClient) -> None:
    body = get_json(client, "/api/alerts")
    assert body == {"items": [], "total": 0, "limit": 50, "offset": 0}


# --- the same order on every backend -------------------------------------------------------

ZETA = "KHARTOUM (Wire) - Zulu militia fighters attacked a convoy on Saturday."
ALPHA = "KHARTOUM (Wire) - An alpha group unit attacked a checkpoint. Residents accused nobody."


@pytest.fixture
def ties_db(store_url: str) -> str:
    """Ties everywhere but in the text keys: two articles of one day with one attack each by
    actors whose names differ in case, and an accusation without an actor."""
    zeta = Article("wire-Zeta", ZETA, date(2024, 6, 1))
    alpha = Article("wire-alpha", ALPHA, date(2024, 6, 1))
    day = {"date": date(2024, 6, 1), "date_precision": DatePrecision.DAY}
    with open_store(store_url) as store:
        store.save([
            (alpha, [
                event(alpha, "attacked", "An alpha group unit attacked a checkpoint.",
                      PloverType.ASSAULT, actor=party(ALPHA, "alpha group", "alpha group"), **day),
                event(alpha, "accused", "Residents accused nobody.", PloverType.ACCUSE, **day),
            ]),
            (zeta, [
                event(zeta, "attacked", "Zulu militia fighters attacked a convoy on Saturday.",
                      PloverType.ASSAULT, actor=party(ZETA, "Zulu militia", "Zulu militia"),
                      **day),
            ]),
        ])  # fmt: skip
    return store_url


def test_text_ties_sort_by_code_point_and_nulls_last(ties_db: str) -> None:
    # By code point, as SQLite compares: 'Z' (0x5A) comes before 'a' (0x61). A PostgreSQL
    # database in a language's collation would put "alpha" first without COLLATE "C".
    with reader(ties_db) as store:
        assert [a.id for a in query.article_page(store, limit=5).items] == [
            "wire-Zeta", "wire-alpha"]
        assert [(e.article_id, e.trigger.text) for e in query.event_page(store, limit=5).items] == [
            ("wire-Zeta", "attacked"), ("wire-alpha", "attacked"), ("wire-alpha", "accused")]
        assert query.aggregate(store, "actor") == (
            query.Bucket("Zulu militia", 1, 0), query.Bucket("alpha group", 1, 0),
            query.Bucket(None, 1, 0))
        assert [(link.actor, link.event_type) for link in query.actor_links(store)] == [
            ("Zulu militia", "ASSAULT"), ("alpha group", "ASSAULT"), (None, "ACCUSE")]
        assert [b.key for b in query.aggregate(store, "type")] == ["ASSAULT", "ACCUSE"]
        # 1 June 2024 is a Saturday: the week of Monday 27 May
        assert query.aggregate(store, "week") == (query.Bucket("2024-05-27", 3, 0),)
