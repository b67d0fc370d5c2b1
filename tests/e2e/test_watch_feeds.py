"""`watch` against feeds and pages served from files by a local HTTP server (127.0.0.1 only).

The Lakeside Courier's world feed (RSS) grows over three simulated days: two items on day 1,
a third on day 2, nothing new on day 3. The Harbour Post's regional feed (Atom, no ETag: only
Last-Modified) has one item whose page is gone, so its text comes from the feed. A feed that
answers 404 and one that is not a feed at all are reported without stopping the others.
A fake coder stands in for the model.
"""

from __future__ import annotations

import hashlib
import os
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from eventwire.model import Article, Event
from eventwire.store import SQLiteStore
from eventwire.watch import FeedOptions, WatchOptions, WatchReport, WatchSources, WatchState, watch

pytestmark = pytest.mark.e2e

FIXTURES = Path(__file__).parent / "watch_fixtures"
DAY_1 = 1772560800  # 2026-03-03 18:00 UTC, when the day's files are "published"
DAY_2 = DAY_1 + 86400
TYPES = {".rss": "application/rss+xml", ".atom": "application/atom+xml", ".html": "text/html"}
DUNVALE = "/world/2026/03/03/dunvale-market-attack.html"
ORRICK = "/world/2026/03/03/orrick-fuel-protest.html"
KETTERING = "/world/2026/03/04/kettering-ridge-shelling.html"
PORT_SALLOW = "/regional/port-sallow-curfew"  # never published: a 404


@dataclass
class Hit:
    path: str
    status: int
    user_agent: str
    validators: tuple[str | None, str | None]  # If-None-Match, If-Modified-Since sent
    at: float = field(default_factory=time.monotonic)


@dataclass
class FeedServer:
    """Serves the files under ``root``, with ETag (except for ``no_etag`` paths) and
    Last-Modified from each file's content and mtime, answering conditional requests with 304."""

    root: Path
    no_etag: set[str] = field(default_factory=set)
    hits: list[Hit] = field(default_factory=list)
    base: str = ""

    def publish(self, fixture: str, path: str, when: int) -> None:
        target = self.root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        text = (FIXTURES / fixture).read_text(encoding="utf-8").replace("{base}", self.base)
        target.write_text(text, encoding="utf-8")
        os.utime(target, (when, when))

    def statuses(self, path: str) -> list[int]:
        return [hit.status for hit in self.hits if hit.path == path]

    def page_hits(self) -> list[str]:
        return [hit.path for hit in self.hits if not hit.path.startswith("/feeds/")]

    def answer(self, request: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
        path = urlsplit(request.path).path
        file = (self.root / path.lstrip("/")).resolve()
        if not file.is_relative_to(self.root.resolve()) or not file.is_file():
            return 404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>"
        body = file.read_bytes()
        mtime = int(file.stat().st_mtime)
        headers = {"Content-Type": TYPES.get(file.suffix, "text/html") + "; charset=utf-8",
                   "Last-Modified": formatdate(mtime, usegmt=True)}
        if path not in self.no_etag:
            headers["ETag"] = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        match = request.headers.get("If-None-Match")
        since = request.headers.get("If-Modified-Since")
        if match is not None:
            unchanged = match == headers.get("ETag")
        else:
            unchanged = since is not None and parsedate_to_datetime(since).timestamp() >= mtime
        return (304, headers, b"") if unchanged else (200, headers, body)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[FeedServer]:
    feeds = FeedServer(tmp_path / "site", no_etag={"/feeds/region.atom"})
    feeds.root.mkdir()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, headers, body = feeds.answer(self)
            feeds.hits.append(Hit(urlsplit(self.path).path, status,
                                  self.headers.get("User-Agent", ""),
                                  (self.headers.get("If-None-Match"),
                                   self.headers.get("If-Modified-Since"))))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    feeds.base = f"http://127.0.0.1:{http.server_address[1]}"
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield feeds
    http.shutdown()
    http.server_close()


class RecordingCoder:
    """Codes no events; remembers every article it was given (optionally stopping after one)."""

    def __init__(self, stop_after_one: threading.Event | None = None) -> None:
        self.articles: list[Article] = []
        self.stop_after_one = stop_after_one

    def code_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        for article in articles:
            self.articles.append(article)
            if self.stop_after_one is not None:
                self.stop_after_one.set()
            yield article, []

    @property
    def urls(self) -> list[str | None]:
        return [urlsplit(a.url).path if a.url else None for a in self.articles]


def article_id(url: str) -> str:
    return "w-" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


OPTIONS = WatchOptions(settle=0.0, feeds=FeedOptions(min_interval=0.0, timeout=5.0, page_delay=0.0))


def run_day(server: FeedServer, db: Path, state_file: Path, coder: RecordingCoder,
            feeds: list[str], *, stop: threading.Event | None = None) -> WatchReport:
    """One `watch --once`, with the store and the state opened afresh (as a cron job would)."""
    server.hits.clear()
    with SQLiteStore(db) as store, WatchState(state_file) as state:
        return watch(store, WatchSources(feeds=[server.base + path for path in feeds]),
                     coder, state=state, once=True, stop=stop, merge=False,  # type: ignore[arg-type]
                     options=OPTIONS)


def publish_day_1(server: FeedServer) -> None:
    server.publish("world-day1.rss", "/feeds/world.rss", DAY_1)
    server.publish("region.atom", "/feeds/region.atom", DAY_1)
    server.publish("broken.rss", "/feeds/broken.rss", DAY_1)
    server.publish("pages/dunvale-market-attack.html", DUNVALE, DAY_1)
    server.publish("pages/orrick-fuel-protest.html", ORRICK, DAY_1)


ALL_FEEDS = ["/feeds/missing.rss", "/feeds/broken.rss", "/feeds/world.rss", "/feeds/region.atom"]


def test_three_days_of_feeds_each_article_once(server: FeedServer, tmp_path: Path) -> None:
    db, state_file, coder = tmp_path / "events.db", tmp_path / "events.db.watch", RecordingCoder()

    # day 1: two world items and one regional item; two bad feeds
    publish_day_1(server)
    day1 = run_day(server, db, state_file, coder, ALL_FEEDS).last
    assert day1 is not None
    # oldest first within a feed; the regional page is gone (404), its text is the feed's
    assert coder.urls == [ORRICK, DUNVALE, PORT_SALLOW]
    assert day1.counts.articles_stored == 3 and day1.counts.pages_fetched == 2
    assert day1.counts.texts_from_feed == 1 and day1.counts.feeds_failed == 2
    problems = {urlsplit(p.source).path: p.reason for p in day1.problems}
    assert problems["/feeds/missing.rss"] == "HTTP 404 Not Found"
    assert problems["/feeds/broken.rss"].startswith("not an RSS or Atom feed")
    assert len(problems) == 2
    assert server.page_hits() == [ORRICK, DUNVALE, PORT_SALLOW]
    assert all(hit.user_agent.startswith("eventwire/") for hit in server.hits)

    with SQLiteStore(db) as store:
        dunvale = store.article(article_id(server.base + DUNVALE))
        sallow = store.article(article_id(server.base + PORT_SALLOW))
        assert store.count_articles() == 3
    assert dunvale is not None and sallow is not None
    assert "killing four traders and wounding at least nine others" in dunvale.text
    for boilerplate in ("Subscribe for one pound", "Most read", "cookies", "All rights reserved"):
        assert boilerplate not in dunvale.text
    assert dunvale.date == date(2026, 3, 3) and dunvale.source == "Lakeside Courier - World"
    assert dunvale.title == "Gunmen storm market in Dunvale district, police say"
    assert dunvale.url == server.base + DUNVALE
    # published 22:30 at UTC-5: the article's day is the one written, not the UTC one
    assert sallow.date == date(2026, 3, 3) and sallow.source == "Harbour Post: Regional Desk"
    assert "eleven people were arrested" in sallow.text
    with WatchState(state_file) as state:
        assert state.text_from(article_id(server.base + PORT_SALLOW)) == "feed"
        assert state.text_from(article_id(server.base + DUNVALE)) == "page"

    # day 2: the world feed grows by one item; only that page is fetched and coded
    server.publish("world-day2.rss", "/feeds/world.rss", DAY_2)
    server.publish("pages/kettering-ridge-shelling.html", KETTERING, DAY_2)
    day2 = run_day(server, db, state_file, coder, ALL_FEEDS).last
    assert day2 is not None
    assert coder.urls[3:] == [KETTERING] and day2.stored_article_ids == [
        article_id(server.base + KETTERING)]
    assert server.page_hits() == [KETTERING]
    assert server.statuses("/feeds/world.rss") == [200]
    assert server.statuses("/feeds/region.atom") == [304]  # by If-Modified-Since alone
    assert [h.validators for h in server.hits if h.path == "/feeds/region.atom"] == [
        (None, "Tue, 03 Mar 2026 18:00:00 GMT")]

    # a restart after day 2, with a fresh state object on the same file: nothing again
    again = run_day(server, db, state_file, coder, ["/feeds/world.rss", "/feeds/region.atom"])
    assert len(coder.articles) == 4 and server.page_hits() == []
    assert again.last is not None and again.last.counts.feeds_unchanged == 2

    # day 3: nothing new: a 304 and no page fetched
    day3 = run_day(server, db, state_file, coder, ["/feeds/world.rss"]).last
    assert day3 is not None and day3.counts.feeds_unchanged == 1
    assert server.statuses("/feeds/world.rss") == [304] and server.page_hits() == []
    assert len(coder.articles) == 4
    etag = '"' + hashlib.sha1((server.root / "feeds/world.rss").read_bytes()).hexdigest()[:16] + '"'
    assert server.hits[0].validators == (etag, "Wed, 04 Mar 2026 18:00:00 GMT")
    with SQLiteStore(db) as store:
        assert store.count_articles() == 4


def test_a_stop_mid_feed_resumes_without_refetching(server: FeedServer, tmp_path: Path) -> None:
    db, state_file = tmp_path / "events.db", tmp_path / "events.db.watch"
    publish_day_1(server)
    stop = threading.Event()
    stopped = run_day(server, db, state_file, RecordingCoder(stop_after_one=stop),
                      ["/feeds/world.rss"], stop=stop)
    assert stopped.stopped and stopped.totals.articles_stored == 1
    assert server.page_hits() == [ORRICK]

    coder = RecordingCoder()
    resumed = run_day(server, db, state_file, coder, ["/feeds/world.rss"]).last
    # the feed's validators were not kept mid-way, so it is fetched in full, but only the item
    # not yet stored is fetched and coded
    assert resumed is not None and server.statuses("/feeds/world.rss") == [200]
    assert coder.urls == [DUNVALE] and server.page_hits() == [DUNVALE]
    with SQLiteStore(db) as store:
        assert store.count_articles() == 2


def test_a_feed_is_not_polled_again_before_its_minimum_interval(server: FeedServer,
                                                               tmp_path: Path) -> None:
    publish_day_1(server)
    polite = WatchOptions(settle=0.0, feeds=FeedOptions(min_interval=3600.0, timeout=5.0,
                                                         page_delay=0.0))
    coder = RecordingCoder()
    with SQLiteStore(tmp_path / "events.db") as store, WatchState(tmp_path / "w") as state:
        for _ in range(2):
            report = watch(store, WatchSources(feeds=[server.base + "/feeds/world.rss"]),
                           coder, state=state, once=True, merge=False,  # type: ignore[arg-type]
                           options=polite)
    assert report.last is not None and report.last.counts.feeds_not_due == 1
    assert server.statuses("/feeds/world.rss") == [200] and len(coder.articles) == 2


def test_a_feed_that_does_not_answer_is_reported(tmp_path: Path) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()  # accepts connections but never answers
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/feeds/slow.rss"
    quick = WatchOptions(settle=0.0, feeds=FeedOptions(min_interval=0.0, timeout=0.5))
    try:
        with SQLiteStore(tmp_path / "events.db") as store, WatchState(tmp_path / "w") as state:
            report = watch(store, WatchSources(feeds=[url]), RecordingCoder(), state=state,
                           once=True, merge=False, options=quick)  # type: ignore[arg-type]
    finally:
        listener.close()
    assert report.last is not None
    assert [str(p) for p in report.last.problems] == [f"{url}: no answer within 0.5 s"]



def test_the_command_polls_feeds_and_reports_a_bad_one(server: FeedServer, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    import eventwire.cli.main as cli_main
    import eventwire.cli.watch  # noqa: F401  (registers the command until main.py imports it)

    publish_day_1(server)
    coder = RecordingCoder()
    monkeypatch.setattr(cli_main, "default_coder", lambda _settings: coder)
    result = CliRunner().invoke(cli_main.cli, [
        "watch", "--db", str(tmp_path / "events.db"), "--once", "--no-merge",
        "--feed", server.base + "/feeds/missing.rss", "--feed", server.base + "/feeds/world.rss"])
    assert result.exit_code == 2, result.output  # a source failed; the rest was stored
    assert f"problem {server.base}/feeds/missing.rss: HTTP 404 Not Found" in result.output
    assert "2 new items (2 pages fetched, 0 texts from the feed, 0 failed)" in result.output
    assert coder.urls == [ORRICK, DUNVALE]
    pages = [hit for hit in server.hits if hit.path in (ORRICK, DUNVALE)]
    assert pages[1].at - pages[0].at >= 0.9  # one page a second by default
    assert (tmp_path / "events.db.watch").exists()
