"""Tests of the API routes behind the dashboard (timeline, places, the page itself), the
bound on query cost, and ingest through the API with a token, on each store backend (an SQLite
file, and a PostgreSQL database when EVENTWIRE_TEST_POSTGRES names a server)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from click.testing import CliRunner

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient
from test_api import DARFUR, ISTANBUL, assert_error, corpus, get_json, reader

from eventwire.api import ApiLimits, create_app
from eventwire.api.ingest import IngestAccess
from eventwire.cli.main import cli
from eventwire.dedup.fields import MergedEvent
from eventwire.errors import ConfigError, QueryTooCostlyError
from eventwire.model import Article, Event, PloverType, TextSpan
from eventwire.store import SQLiteStore, SQLStore, is_database_url, open_store, query
from eventwire.store.merges import Placement, save_merges

TOKEN = "a-test-token-of-32-characters-xx"

# --- a store whose places have coordinates -----------------------------------------------------


def located_corpus() -> list[tuple[Article, list[Event]]]:
    """test_api's corpus with coordinates on the Sudanese and Turkish places (the Goma event
    keeps none) and the protest moved into the week of the Darfur raid."""
    located = []
    for article, events in corpus():
        moved = []
        for event in events:
            location = event.location
            assert location is not None
            if location.country == "SDN":
                location = replace(location, lat=13.66, lon=25.35)
            elif location.country == "TUR":
                location = replace(location, lat=41.01, lon=28.96)
            changes: dict[str, Any] = {"location": location}
            if event.event_type is PloverType.PROTEST:
                changes["date"] = date(2024, 5, 16)
            moved.append(replace(event, **changes))
        located.append((article, moved))
    return located


@pytest.fixture
def db(store_url: str) -> str:
    """The located corpus in a store of each backend: an SQLite path or a PostgreSQL URL."""
    with open_store(store_url) as store:
        store.save(located_corpus())
    return store_url


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as test_client:
        yield test_client


# --- timeline -------------------------------------------------------------------------------


def test_timeline_by_week_splits_each_week_by_type(client: TestClient) -> None:
    body = get_json(client, "/api/timeline")
    # 12 May 2024 is a Sunday (week of Monday 6 May); the raid (14th) and protest (16th) share
    # the week of Monday 13 May. The Goma accusation has no date.
    assert body["interval"] == "week" and body["truncated"] is False
    assert body["types"] == ["ASSAULT", "PROTEST"]
    assert body["buckets"] == [
        {"key": "2024-05-06", "counts": {"ASSAULT": 1}, "events": 1, "fatalities": 12},
        {"key": "2024-05-13", "counts": {"ASSAULT": 1, "PROTEST": 1}, "events": 2,
         "fatalities": 3},
    ]


def test_timeline_by_day_with_filters_and_limit(client: TestClient) -> None:
    body = get_json(client, "/api/timeline?interval=day&type=ASSAULT")
    assert [(b["key"], b["counts"]) for b in body["buckets"]] == [
        ("2024-05-12", {"ASSAULT": 1}), ("2024-05-14", {"ASSAULT": 1})]
    first = get_json(client, "/api/timeline?interval=day&limit=1")
    assert [b["key"] for b in first["buckets"]] == ["2024-05-12"]
    assert first["truncated"] is True


def test_timeline_refuses_an_unknown_interval(client: TestClient) -> None:
    assert_error(client, "/api/timeline?interval=month", 422, "'month'", "day, week")


# --- places ---------------------------------------------------------------------------------


def test_places_group_events_with_coordinates(client: TestClient) -> None:
    body = get_json(client, "/api/places")
    assert body["places"] == [
        {"name": "Abu Shouk camp", "lat": 13.66, "lon": 25.35, "country": "SDN",
         "admin1": "North Darfur", "events": 2, "fatalities": 15},
        {"name": "Beyazit Square", "lat": 41.01, "lon": 28.96, "country": "TUR",
         "admin1": "Istanbul", "events": 1, "fatalities": 0},
    ]
    assert body["unplaced"] == 1  # Goma, without coordinates


def test_places_follow_the_filters(client: TestClient) -> None:
    body = get_json(client, "/api/places?country=TUR")
    assert [p["name"] for p in body["places"]] == ["Beyazit Square"]
    assert body["unplaced"] == 0
    assert get_json(client, "/api/places?limit=1")["places"][0]["events"] == 2


# --- the dashboard page ---------------------------------------------------------------------


def test_the_dashboard_page_and_its_assets_are_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<html" in page.text.lower()
    basemap = client.get("/static/countries-110m.json")
    assert basemap.status_code == 200
    missing = client.get("/static/no-such-file.js")
    assert missing.status_code == 404
    assert missing.json()["error"]["status"] == 404


def test_the_page_is_not_part_of_the_api_schema(client: TestClient) -> None:
    paths = get_json(client, "/openapi.json")["paths"]
    assert "/" not in paths
    assert {"/api/timeline", "/api/places"} <= set(paths)


# --- query cost -----------------------------------------------------------------------------


def test_a_read_past_the_time_limit_is_stopped(db: str) -> None:
    store = open_store(db, read_only=True, time_limit=0.05)
    assert isinstance(store, SQLStore)
    with store:
        endless = (
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
            "SELECT COUNT(*) FROM n"
        )
        with pytest.raises(QueryTooCostlyError, match="longer than its limit of 0.05 s"):
            store.read(endless)
        # the connection is still usable, and the next statement gets its own time
        assert store.count_events() == 4


def test_without_a_time_limit_nothing_is_interrupted(db: str) -> None:
    with reader(db) as store:
        rows = store.read(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) "
            "SELECT COUNT(*) FROM n"
        )
        assert rows[0][0] == 300000


def test_a_too_costly_request_is_a_422_with_advice(db: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def endless_count(store: SQLStore, flt: object = None) -> int:
        store.read("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                   "SELECT COUNT(*) FROM n")
        raise AssertionError("not reached")

    monkeypatch.setattr(store_class(db), "count_events", endless_count)
    app = create_app(db, limits=ApiLimits(query_seconds=0.05))
    with TestClient(app) as client:
        assert_error(client, "/api/events", 422, "longer than its limit", "shorter date range")


def store_class(db: str) -> type[Any]:
    if is_database_url(db):
        from eventwire.store.postgres import PostgresStore

        return PostgresStore
    return SQLiteStore


def test_limits_are_checked() -> None:
    with pytest.raises(ConfigError, match="query_seconds"):
        ApiLimits(query_seconds=0)
    with pytest.raises(ConfigError, match="ingest_articles"):
        ApiLimits(ingest_articles=0)


# --- ingest ---------------------------------------------------------------------------------


class ProtestCoder:
    """Codes one PROTEST on the word "marched" of each article; records what it coded."""

    def __init__(self) -> None:
        self.coded: list[str] = []

    def code_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        for article in articles:
            self.coded.append(article.id)
            start = article.text.find("marched")
            events = [] if start < 0 else [Event(
                event_id=f"{article.id}-protest", article_id=article.id,
                event_type=PloverType.PROTEST, evidence=TextSpan(article.text, 0, len(article.text)),
                trigger=TextSpan("marched", start, start + len("marched")))]
            yield article, events


MARCH = "LAGOS, June 2 (Wire) - Hundreds of traders marched to the state assembly on Monday."


@pytest.fixture
def coder() -> ProtestCoder:
    return ProtestCoder()


@pytest.fixture
def writer(db: str, coder: ProtestCoder) -> Iterator[TestClient]:
    app = create_app(db, ingest=IngestAccess(TOKEN, coder),
                     limits=ApiLimits(ingest_articles=4, ingest_bytes=2000))
    with TestClient(app) as test_client:
        yield test_client


def post(client: TestClient, body: Any, token: str | None = TOKEN) -> Any:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    return client.post("/api/ingest", json=body, headers=headers)


def test_ingest_codes_stores_and_skips_what_is_stored(writer: TestClient, db: str,
                                                      coder: ProtestCoder) -> None:
    body = {"articles": [{"id": "lagos-1", "date": "2025-06-02", "text": MARCH}]}
    first = post(writer, body)
    assert first.status_code == 200, first.text
    # merged as `eventwire ingest` merges: the 4 stored reports and the new one are 5 happenings
    assert first.json() == {"received": 1, "rejected": [], "already_stored": 0, "inserted": 1,
                            "replaced": 0, "events_written": 1, "merged_events": 5}
    again = post(writer, body).json()
    assert (again["already_stored"], again["inserted"]) == (1, 0)
    assert coder.coded == ["lagos-1"]  # not coded twice
    assert get_json(writer, "/api/events?article=lagos-1")["total"] == 1
    with reader(db) as store:
        assert store.read("SELECT COUNT(*) FROM articles")[0][0] == 4


def test_ingest_rejects_bad_records_and_keeps_the_rest(writer: TestClient) -> None:
    bad = [{"date": "2025-06-02"}, "just text", {"text": MARCH, "date": "June"}]
    answer = post(writer, {"articles": [*bad, {"id": "ok", "text": MARCH}]})
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert [r["article"] for r in result["rejected"]] == [1, 2, 3]
    assert "missing 'text'" in result["rejected"][0]["reason"]
    assert "not a JSON object" in result["rejected"][1]["reason"]
    assert "unreadable date 'June'" in result["rejected"][2]["reason"]
    assert (result["received"], result["inserted"], result["events_written"]) == (4, 1, 1)


@pytest.mark.parametrize("token", [None, "wrong-token-of-enough-length", TOKEN + "x"])
def test_ingest_without_the_right_token_is_refused(writer: TestClient,
                                                   token: str | None) -> None:
    answer = post(writer, {"articles": [{"text": MARCH}]}, token=token)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"
    assert "Authorization: Bearer TOKEN" in answer.json()["error"]["message"]
    assert get_json(writer, "/api/health")["articles"] == 3


def test_ingest_bounds_the_request(writer: TestClient) -> None:
    many = post(writer, {"articles": [{"text": MARCH}] * 5})
    assert many.status_code == 422
    assert "more than the limit of 4" in many.json()["error"]["message"]
    large = post(writer, {"articles": [{"text": MARCH * 30}]})
    assert large.status_code == 413
    assert "smaller requests" in large.json()["error"]["message"]
    empty = post(writer, {"articles": []})
    assert empty.status_code == 422


def test_a_read_only_server_refuses_ingest(client: TestClient) -> None:
    answer = post(client, {"articles": [{"text": MARCH}]})
    assert answer.status_code == 403
    assert "--allow-ingest" in answer.json()["error"]["message"]
    assert "/api/ingest" not in get_json(client, "/openapi.json")["paths"]


def test_the_ingest_route_is_in_the_schema_with_its_token(writer: TestClient) -> None:
    schema = get_json(writer, "/openapi.json")
    assert "post" in schema["paths"]["/api/ingest"]
    assert "HTTPBearer" in schema["components"]["securitySchemes"]


def test_a_short_token_is_refused() -> None:
    with pytest.raises(ConfigError, match="at least 16 characters"):
        IngestAccess("short", ProtestCoder())
    assert "short" not in repr(IngestAccess(TOKEN, None))


def test_query_places_and_timeline_directly(db: str) -> None:
    with reader(db) as store:
        found = query.timeline(store, "day")
        assert [period.key for period in found.periods] == ["2024-05-12", "2024-05-14",
                                                            "2024-05-16"]
        assert query.places(store).unplaced == 1
        with pytest.raises(ConfigError, match="zero or more"):
            query.timeline(store, "day", limit=-1)
    assert DARFUR and ISTANBUL  # the fixture's texts are test_api's


# --- eventwire serve --allow-ingest ---------------------------------------------------------


def test_serve_allow_ingest_needs_a_token(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENTWIRE_API_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--db", db, "--allow-ingest"])
    assert result.exit_code == 1
    assert "EVENTWIRE_API_TOKEN" in result.output and "secrets.token_urlsafe" in result.output


def test_serve_allow_ingest_loads_a_coder_and_takes_the_token(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    import eventwire.cli.serve as serve_command

    apps: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: apps.append(app))
    made: list[Any] = []

    def fake_coder(settings: Any) -> ProtestCoder:
        made.append(settings)
        return ProtestCoder()

    monkeypatch.setattr(serve_command, "default_coder", fake_coder)
    monkeypatch.setenv("EVENTWIRE_API_TOKEN", TOKEN)
    result = CliRunner().invoke(cli, ["serve", "--db", db, "--allow-ingest"])
    assert result.exit_code == 0, result.output
    assert "ingest on" in result.output
    assert made[0].n_process == 1  # the server codes in its own threads, not a pool
    with TestClient(apps[0]) as client:
        answer = post(client, {"articles": [{"id": "lagos-1", "text": MARCH}]})
        assert answer.json()["inserted"] == 1
        assert post(client, {"articles": [{"text": MARCH}]}, token="x" * 20).status_code == 401


def test_a_page_may_not_start_too_deep(client: TestClient) -> None:
    # found by Schemathesis: an offset past SQLite's integers was a server error
    assert_error(client, "/api/events?offset=9223372036854775808", 422, "offset",
                 "less than or equal to 1000000")
    assert_error(client, "/api/articles?offset=1000001", 422, "offset")
    assert get_json(client, "/api/articles?offset=1000000")["items"] == []


def test_merged_events_are_paged_with_their_reports(store_url: str) -> None:
    from test_dedup import daily, market, radio, wire

    from eventwire.dedup import merge_store

    with open_store(store_url) as store:
        assert isinstance(store, SQLStore)
        store.save([wire(), daily(), radio(), market()])
        merge_store(store)
    with TestClient(create_app(store_url)) as merged_client:
        body = get_json(merged_client, "/api/merged")
        assert body["total"] == 3
        shelling = next(item for item in body["items"] if item["n_reports"] == 3)
        assert shelling["sources"] == ["Radio", "Wire", "Daily"]
        assert shelling["fatalities"] == 15 and len(shelling["reports"]) == 3
        coerce = get_json(merged_client, "/api/merged?type=COERCE&limit=1")
        assert coerce["total"] == 1 and coerce["items"][0]["n_reports"] == 1
        assert get_json(merged_client, "/api/merged?offset=2&limit=5")["items"][0]["event_id"]


# --- counting merged events (merged=1) ----------------------------------------------------------
# The located corpus and a second outlet's report of the Abu Shouk shelling, merged by hand
# (save_merges, not the matcher, so these counts do not move when the matching rules change):
#
#   merged event   reports                        date        place            killed
#   m-shelling     Wire shelling, Daily shelling  2024-05-12  Abu Shouk camp   15 (Daily's, later)
#   m-raid         Wire raid                      2024-05-14  Abu Shouk camp    3
#   m-protest      Wire protest                   2024-05-16  Beyazit Square    -
#   m-goma         Wire accusation                undated     no coordinates    -
#
# Reports: 5 (Abu Shouk 3 events, 12 + 15 + 3 = 30 killed); merged: 4 (Abu Shouk 2, 18 killed).

DAILY = (
    "KHARTOUM, May 16 (Daily) - Paramilitary fighters shelled Abu Shouk camp near El Fasher on "
    "Sunday, killing 15 people, a camp official said."
)
DAILY_ID = "daily-sdn-0516"


def daily_report() -> tuple[Article, list[Event]]:
    from test_api import event, party, place

    article = Article(DAILY_ID, DAILY, date(2024, 5, 16), source="Daily")
    abu_shouk = replace(place(DAILY, "Abu Shouk camp", "SDN", "North Darfur"),
                        lat=13.66, lon=25.35)
    return article, [
        event(article, "shelled", DAILY, PloverType.ASSAULT,
              actor=party(DAILY, "Paramilitary fighters", "Rapid Support Forces"),
              recipient=party(DAILY, "15 people", "Civilians (Sudan)"), date=date(2024, 5, 12),
              location=abu_shouk, fatalities=15),
    ]


def merged_groups() -> dict[str, list[Event]]:
    """The reports of each merged event of the table above, in merge order."""
    (_, (shelling, raid)), (_, (protest,)), (_, (goma,)) = located_corpus()
    return {"m-shelling": [shelling, daily_report()[1][0]], "m-raid": [raid],
            "m-protest": [protest], "m-goma": [goma]}


def merged_event(merged_id: str, reports: list[Event]) -> MergedEvent:
    """The first report's fields with the latest report's death toll, as the merge takes it."""
    return MergedEvent(
        merged_id, replace(reports[0], event_id=merged_id, fatalities=reports[-1].fatalities),
        tuple(report.event_id for report in reports),
        tuple(dict.fromkeys("Daily" if report.article_id == DAILY_ID else "Wire"
                            for report in reports)),
    )


def merge_by_hand(store: SQLStore) -> None:
    """Saves the merged events of the table above, as one merge run would."""
    groups = merged_groups()
    placements = [Placement(report.event_id, merged_id, None, None)
                  for merged_id, reports in groups.items() for report in reports]
    save_merges(store, placements=placements,
                merged=[merged_event(merged_id, reports) for merged_id, reports in groups.items()],
                dissolved=(), revisions=(), now="2024-05-17T00:00:00+00:00")


@pytest.fixture
def merged_db(store_url: str) -> str:
    """The located corpus, the Daily report and the merged events above, in either backend."""
    with open_store(store_url) as store:
        assert isinstance(store, SQLStore)
        store.save([*located_corpus(), daily_report()])
        merge_by_hand(store)
    return store_url


@pytest.fixture
def merged_client(merged_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(merged_db)) as test_client:
        yield test_client


def test_health_counts_reports_and_merged_events(merged_client: TestClient) -> None:
    merged = get_json(merged_client, "/api/health")
    assert (merged["events"], merged["merged_events"]) == (5, 4)


def test_health_counts_no_merged_events_before_a_merge(client: TestClient) -> None:
    assert get_json(client, "/api/health")["merged_events"] == 0


def test_merged_timeline_counts_each_happening_once(merged_client: TestClient) -> None:
    reports = get_json(merged_client, "/api/timeline")["buckets"]
    assert reports[0] == {"key": "2024-05-06", "counts": {"ASSAULT": 2}, "events": 2,
                          "fatalities": 27}
    merged = get_json(merged_client, "/api/timeline?merged=1")
    assert merged["types"] == ["ASSAULT", "PROTEST"]
    assert merged["buckets"] == [
        {"key": "2024-05-06", "counts": {"ASSAULT": 1}, "events": 1, "fatalities": 15},
        {"key": "2024-05-13", "counts": {"ASSAULT": 1, "PROTEST": 1}, "events": 2,
         "fatalities": 3},
    ]
    assert get_json(merged_client, "/api/timeline?merged=false")["buckets"] == reports


def test_merged_places_and_unplaced(merged_client: TestClient) -> None:
    assert get_json(merged_client, "/api/places")["places"][0]["events"] == 3
    body = get_json(merged_client, "/api/places?merged=true")
    assert body["places"] == [
        {"name": "Abu Shouk camp", "lat": 13.66, "lon": 25.35, "country": "SDN",
         "admin1": "North Darfur", "events": 2, "fatalities": 18},
        {"name": "Beyazit Square", "lat": 41.01, "lon": 28.96, "country": "TUR",
         "admin1": "Istanbul", "events": 1, "fatalities": 0},
    ]
    assert body["unplaced"] == 1
    assert get_json(merged_client, "/api/places?merged=1&country=SDN")["places"][0]["events"] \
        == 2


def test_merged_aggregates_follow_the_filters(merged_client: TestClient) -> None:
    by_type = get_json(merged_client, "/api/aggregates/type?merged=1")["buckets"]
    assert [(b["key"], b["events"], b["fatalities"]) for b in by_type] == [
        ("ASSAULT", 2, 18), ("ACCUSE", 1, 0), ("PROTEST", 1, 0)]
    reports = get_json(merged_client, "/api/aggregates/type")["buckets"]
    assert (reports[0]["key"], reports[0]["events"], reports[0]["fatalities"]) == \
        ("ASSAULT", 3, 30)
    by_day = get_json(merged_client, "/api/aggregates/day?merged=1&type=ASSAULT")["buckets"]
    assert [(b["key"], b["events"]) for b in by_day] == [("2024-05-12", 1), ("2024-05-14", 1)]


def test_merged_actor_links(merged_client: TestClient) -> None:
    links = get_json(merged_client, "/api/actors?merged=1")["links"]
    assert links == [
        {"actor": "Rapid Support Forces", "recipient": "Civilians (Sudan)",
         "event_type": "ASSAULT", "events": 2, "fatalities": 18},
        {"actor": "Students (Turkey)", "recipient": None, "event_type": "PROTEST",
         "events": 1, "fatalities": 0},
        {"actor": None, "recipient": "Forces Armees Rwandaises", "event_type": "ACCUSE",
         "events": 1, "fatalities": 0},
    ]
    assert get_json(merged_client, "/api/actors")["links"][0]["events"] == 3


def test_merged_counts_are_empty_before_a_merge(client: TestClient) -> None:
    assert get_json(client, "/api/timeline?merged=1")["buckets"] == []
    assert get_json(client, "/api/places?merged=1") == {"places": [], "unplaced": 0}
    assert get_json(client, "/api/aggregates/type?merged=1")["buckets"] == []
    assert get_json(client, "/api/actors?merged=1")["links"] == []


def test_merged_is_a_boolean(client: TestClient) -> None:
    assert_error(client, "/api/timeline?merged=maybe", 422, "query parameter 'merged'",
                 "'maybe'")


def test_an_event_names_its_merged_event_and_every_report(merged_client: TestClient) -> None:
    groups = {merged_id: [report.event_id for report in reports]
              for merged_id, reports in merged_groups().items()}
    wire, daily = groups["m-shelling"]
    body = get_json(merged_client, f"/api/events/{daily}")
    assert body["merged"] == {"merged_id": "m-shelling", "n_reports": 2, "reports": [
        {"event_id": wire, "article_id": "wire-sdn-0515", "source": "Wire",
         "date": "2024-05-15"},
        {"event_id": daily, "article_id": "daily-sdn-0516", "source": "Daily",
         "date": "2024-05-16"},
    ]}
    assert body["event"]["event_id"] == daily and body["article"]["source"] == "Daily"
    raid = get_json(merged_client, f"/api/events/{groups['m-raid'][0]}")["merged"]
    assert (raid["merged_id"], raid["n_reports"]) == ("m-raid", 1)


def test_an_event_before_any_merge_has_no_merged_event(client: TestClient) -> None:
    raid = get_json(client, "/api/events?type=ASSAULT")["items"][1]
    assert get_json(client, f"/api/events/{raid['event_id']}")["merged"] is None


def test_the_merged_page_shows_reports_and_sources(merged_client: TestClient) -> None:
    body = get_json(merged_client, "/api/merged")
    assert body["total"] == 4
    assert [(item["event_id"], item["n_reports"], item["sources"]) for item in body["items"]] \
        == [("m-shelling", 2, ["Wire", "Daily"]), ("m-raid", 1, ["Wire"]),
            ("m-protest", 1, ["Wire"]), ("m-goma", 1, ["Wire"])]



def test_a_report_recoded_since_the_merge_is_listed_by_id_only(db: str) -> None:
    # the merged event still names a report whose article was recoded (its event is gone)
    raid = located_corpus()[0][1][1]
    with open_store(db) as store:
        assert isinstance(store, SQLStore)
        save_merges(store, placements=[Placement(raid.event_id, "m-raid", None, None)],
                    merged=[MergedEvent("m-raid", replace(raid, event_id="m-raid"),
                                        (raid.event_id, "ev-recoded"), ("Wire",))],
                    dissolved=(), revisions=(), now="2024-05-17T00:00:00+00:00")
    with reader(db) as store:
        group = query.merged_group(store, raid.event_id)
        assert query.merged_group(store, "ev-recoded") is None  # placed nowhere
    assert group == query.MergedGroup("m-raid", (
        query.ReportRef(raid.event_id, "wire-sdn-0515", "Wire", date(2024, 5, 15)),
        query.ReportRef("ev-recoded", None, None, None),
    ))
