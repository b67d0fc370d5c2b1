"""RSS and Atom feeds: poll politely, fetch each new item's page, extract its text, store it.

Polite polling: a User-Agent naming eventwire, conditional requests (If-None-Match,
If-Modified-Since; a 304 costs nothing), a minimum interval between two polls of one feed,
timeouts and a size limit. A feed that fails is reported with its URL and reason and the others
go on. An item is marked seen only after its article is stored, and a feed's validators are
kept only once every item of the response is handled, so a stop or a crash mid-way loses
nothing: the next poll fetches the feed again and skips the items already stored.
"""

from __future__ import annotations

import email.utils
import hashlib
import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from eventwire import __version__
from eventwire.errors import EventwireError, MissingDependencyError
from eventwire.jobs import ingest_records
from eventwire.pipeline import Coder
from eventwire.store import EventStore
from eventwire.watch.report import CycleReport, SourceProblem
from eventwire.watch.state import WatchState

logger = logging.getLogger(__name__)

FEATURE = "Watching feeds (eventwire watch --feed)"
USER_AGENT = f"eventwire/{__version__} (news feed watcher; python-httpx)"
FEED_TYPES = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"


class FeedError(EventwireError):
    """A feed or page could not be fetched or read; ``reason`` says why."""


@dataclass(frozen=True)
class FeedOptions:
    """How feeds are polled. ``min_interval``: seconds between two polls of one feed;
    ``page_delay``: seconds between two page fetches, so a burst of new items is not a burst
    of requests to one site."""

    min_interval: float = 300.0
    page_delay: float = 1.0
    timeout: float = 20.0
    max_bytes: int = 5_000_000
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Fetched:
    status: int
    headers: Mapping[str, str]
    content: bytes


def require_feed_dependencies() -> None:
    """Raise MissingDependencyError, naming the install command, if a feed package is missing."""
    for package in ("feedparser", "trafilatura", "httpx"):
        try:
            __import__(package)
        except ImportError as error:
            raise MissingDependencyError(FEATURE, package, "watch") from error


def item_article_id(key: str) -> str:
    """A stable article id for a feed item, from its link (else its guid)."""
    return "w-" + hashlib.sha256(key.strip().encode("utf-8")).hexdigest()[:16]


def is_due(last_poll: float | None, min_interval: float, now: float) -> bool:
    # Some slack, so that a cycle interval equal to the minimum does not skip every other poll.
    slack = min(30.0, 0.1 * min_interval)
    return last_poll is None or now - last_poll >= min_interval - slack


class FeedWatcher:
    """Polls ``feeds`` and stores their new items; one ``httpx.Client`` for the whole run."""

    def __init__(self, feeds: list[str], state: WatchState, *,
                 options: FeedOptions | None = None, client: Any = None) -> None:
        require_feed_dependencies()
        import httpx

        self.feeds = feeds
        self.state = state
        self.options = options or FeedOptions()
        self._own_client = client is None
        self._last_page_at = -float("inf")  # time.monotonic() of the last page fetch
        self.client: httpx.Client = client or httpx.Client(
            timeout=self.options.timeout, follow_redirects=True,
            headers={"User-Agent": self.options.user_agent})

    def close(self) -> None:
        if self._own_client:
            self.client.close()

    def run(self, store: EventStore, coder: Coder, report: CycleReport, *,
            stop: threading.Event) -> None:
        for url in self.feeds:
            if stop.is_set():
                return
            try:
                self.poll(url, store, coder, report, stop)
            except FeedError as error:
                report.counts.feeds_failed += 1
                report.problems.append(SourceProblem(url, str(error)))
                self.state.record_poll(url, status=f"failed: {error}")
                logger.warning("feed %s: %s", url, error)

    def poll(self, url: str, store: EventStore, coder: Coder, report: CycleReport,
             stop: threading.Event) -> None:
        """Poll one feed if it is due and store its new items. Raises FeedError."""
        known = self.state.feed(url)
        if not is_due(known.last_poll, self.options.min_interval, time.time()):
            report.counts.feeds_not_due += 1
            return
        headers = {"Accept": FEED_TYPES}
        if known.etag:
            headers["If-None-Match"] = known.etag
        if known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        report.counts.feeds_polled += 1
        response = self.fetch(url, headers)
        self.state.record_poll(url, status=str(response.status))
        if response.status == 304:
            report.counts.feeds_unchanged += 1
            return
        parsed = parse_feed(response)
        source = str(parsed.feed.get("title") or "").strip() or urlsplit(url).hostname or url
        complete = True
        for entry in reversed(parsed.entries):  # feeds list the newest first
            if stop.is_set():
                complete = False
                break
            complete = self._take(entry, url, source, store, coder, report) and complete
        if complete:
            self.state.record_validators(url, etag=response.headers.get("etag"),
                                         last_modified=response.headers.get("last-modified"),
                                         title=source)

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> Fetched:
        """GET ``url``, at most ``max_bytes`` of it. Raises FeedError for any failure but 304."""
        import httpx

        try:
            with self.client.stream("GET", url, headers=headers) as response:
                if response.status_code >= 400:
                    raise FeedError(f"HTTP {response.status_code} {response.reason_phrase}")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > self.options.max_bytes:
                        raise FeedError(f"larger than {self.options.max_bytes} bytes")
                return Fetched(response.status_code, dict(response.headers), bytes(body))
        except httpx.TimeoutException as error:
            raise FeedError(f"no answer within {self.options.timeout:g} s") from error
        except httpx.HTTPError as error:
            raise FeedError(f"{type(error).__name__}: {error}") from error

    def _take(self, entry: Any, feed_url: str, source: str, store: EventStore, coder: Coder,
              report: CycleReport) -> bool:
        """Store one item unless seen; False if it failed and should be tried again."""
        link = str(entry.get("link") or "").strip() or None
        key = link or str(entry.get("id") or "").strip()
        if not key:
            report.problems.append(SourceProblem(feed_url, "an item with neither link nor guid "
                                                 f"({entry.get('title')!r}) was skipped"))
            return True
        article_id = item_article_id(key)
        if self.state.seen(article_id):
            return True
        report.counts.items_new += 1
        text, text_from, page_day = self._item_text(entry, link, report)
        if not text:
            report.counts.items_failed += 1
            report.problems.append(SourceProblem(link or feed_url, "no text on the page nor in "
                                                 "the feed; tried again at the next poll"))
            return False
        day = entry_date(entry) or page_day or date.today()
        record = {"id": article_id, "date": day.isoformat(), "title": entry.get("title"),
                  "source": source, "url": link, "text": text}
        ingest = ingest_records([record], store, coder=coder, origin=feed_url)
        if ingest.summary.rejections:
            report.counts.items_failed += 1
            report.problems.append(SourceProblem(link or feed_url,
                                                 ingest.summary.rejections[0].reason))
            return False
        self._count_stored(ingest, article_id, report)
        self.state.mark_seen(article_id, feed_url=feed_url, link=link, text_from=text_from)
        return True

    def _item_text(self, entry: Any, link: str | None,
                   report: CycleReport) -> tuple[str, str, date | None]:
        """The item's text, where it came from (``page`` or ``feed``) and the page's date."""
        text, page_day = "", None
        if link:
            try:
                self._pace()
                page = self.fetch(link)
                report.counts.pages_fetched += 1
                text, page_day = extract_page(page.content, link)
            except FeedError as error:
                logger.warning("page %s: %s; using the feed's text", link, error)
        if text:
            return text, "page", page_day
        report.counts.texts_from_feed += 1
        return feed_text(entry), "feed", page_day

    def _pace(self) -> None:
        wait = self._last_page_at + self.options.page_delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)  # short and bounded: a stop is seen after this page
        self._last_page_at = time.monotonic()

    @staticmethod
    def _count_stored(ingest: Any, article_id: str, report: CycleReport) -> None:
        saved = ingest.saved
        stored = saved.articles_inserted + saved.articles_replaced
        report.counts.articles_stored += stored
        report.counts.articles_already_stored += ingest.already_stored
        report.counts.events_written += saved.events_written
        if stored:
            report.stored_article_ids.append(article_id)


def parse_feed(response: Fetched) -> Any:
    """The feed parsed by feedparser. Raises FeedError if it is not a feed at all."""
    import feedparser

    parsed = feedparser.parse(response.content, response_headers=dict(response.headers))
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise FeedError("not an RSS or Atom feed" + (f" ({problem})" if problem else ""))
    if parsed.get("bozo"):
        logger.info("feed parsed despite an error: %s", parsed.get("bozo_exception"))
    return parsed


def extract_page(html: bytes, url: str) -> tuple[str, date | None]:
    """The main text of an article page (without navigation and boilerplate) and its date."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                               include_comments=False, include_tables=False)
    except Exception as error:  # noqa: BLE001 - a page that breaks the extractor is just empty
        logger.warning("could not extract the text of %s: %s", url, error)
        return "", None
    if document is None:
        return "", None
    text = str(getattr(document, "text", "") or "").strip()
    return text, _iso_day(getattr(document, "date", None))


def entry_date(entry: Any) -> date | None:
    """The item's published (else updated) day, as written in the feed (not moved to UTC)."""
    for field in ("published", "updated"):
        raw = entry.get(field)
        if raw:
            day = _rfc822_day(str(raw)) or _iso_day(str(raw))
            if day:
                return day
        parsed = entry.get(f"{field}_parsed")
        if parsed:
            return date(*parsed[:3])
    return None


def _rfc822_day(raw: str) -> date | None:
    try:
        return email.utils.parsedate_to_datetime(raw).date()
    except (TypeError, ValueError, IndexError):
        return None


def _iso_day(raw: object) -> date | None:
    if not raw:
        return None
    try:
        return datetime.fromisoformat(str(raw).strip()).date()
    except ValueError:
        try:
            return date.fromisoformat(str(raw).strip()[:10])
        except ValueError:
            return None


def feed_text(entry: Any) -> str:
    """The item's content (else summary) from the feed, as plain text."""
    contents = entry.get("content") or []
    fragment = next((c.get("value") for c in contents if c.get("value")), None)
    return html_to_text(fragment or entry.get("summary") or "")


class _TextOnly(HTMLParser):
    BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """An HTML fragment as text: tags dropped, one line per paragraph."""
    parser = _TextOnly()
    parser.feed(fragment)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)
