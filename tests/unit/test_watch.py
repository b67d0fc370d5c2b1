"""Watched folders and the watch state, with a fake coder (no model, no network).

Feeds are tested end to end against a local server in tests/e2e/test_watch_feeds.py; the pure
helpers of the feed watcher (dates, ids, text) are tested here.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import pytest

from eventwire.errors import ConfigError, MissingDependencyError, StoreError
from eventwire.model import Article, Event, PloverType, TextSpan
from eventwire.store import SQLiteStore
from eventwire.watch import (
    CycleReport,
    WatchOptions,
    WatchSources,
    WatchState,
    default_state_path,
    require_feed_dependencies,
    watch,
)
from eventwire.watch.feeds import entry_date, html_to_text, is_due, item_article_id
from eventwire.watch.folders import FolderWatcher
from eventwire.watch.state import FileRecord

NO_SETTLE = WatchOptions(settle=0.0)


class RecordingCoder:
    """Codes no events and remembers the id of every article it was given."""

    def __init__(self, on_article: object = None) -> None:
        self.seen: list[str] = []
        self.on_article = on_article

    def code_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        for article in articles:
            self.seen.append(article.id)
            if callable(self.on_article):
                self.on_article(article)
            yield article, []


def write_article(path: Path, day: str, text: str) -> None:
    path.write_text(f"date {day}\n\n{text}\n", encoding="utf-8")


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    write_article(folder / "harbour_strike.txt", "2026-02-10",
                  "Dockworkers walked out at the harbour on Monday over unpaid wages.")
    write_article(folder / "ridge_ambush.txt", "2026-02-11",
                  "Rebels ambushed an army patrol on the ridge road on Tuesday, officials said.")
    (folder / "README").write_text("not an article\n", encoding="utf-8")
    (folder / ".partial.txt").write_text("date 2026-02-12\n\nhidden\n", encoding="utf-8")
    return folder


def run_once(store: SQLiteStore, folder: Path, state: WatchState, coder: RecordingCoder,
             **kwargs: object) -> CycleReport:
    report = watch(store, WatchSources(folders=[folder]), coder, state=state, once=True,
                   merge=False, options=NO_SETTLE, **kwargs)  # type: ignore[arg-type]
    assert report.cycles == 1 and report.last is not None
    return report.last


def test_a_folder_is_ingested_once(tmp_path: Path, inbox: Path) -> None:
    coder = RecordingCoder()
    with SQLiteStore(tmp_path / "events.db") as store, WatchState(tmp_path / "w") as state:
        first = run_once(store, inbox, state, coder)
        second = run_once(store, inbox, state, coder)
        assert store.count_articles() == 2
    assert sorted(coder.seen) == ["harbour_strike", "ridge_ambush"]
    assert first.counts.files_ingested == 2 and first.counts.articles_stored == 2
    assert sorted(first.stored_article_ids) == ["harbour_strike", "ridge_ambush"]
    assert second.counts.files_ingested == 0 and not second.stored_anything


def test_a_changed_file_is_ingested_again_and_a_touched_one_is_not(tmp_path: Path,
                                                                  inbox: Path) -> None:
    coder = RecordingCoder()
    with SQLiteStore(tmp_path / "events.db") as store, WatchState(tmp_path / "w") as state:
        run_once(store, inbox, state, coder)
        write_article(inbox / "harbour_strike.txt", "2026-02-10",
                      "Dockworkers walked out at the harbour on Monday; police arrested six.")
        later = os.stat(inbox / "ridge_ambush.txt").st_mtime_ns + 5_000_000_000
        os.utime(inbox / "ridge_ambush.txt", ns=(later, later))  # touched, same content
        changed = run_once(store, inbox, state, coder)
        article = store.article("harbour_strike")
    assert coder.seen == ["harbour_strike", "ridge_ambush", "harbour_strike"]
    assert changed.counts.files_ingested == 1 and changed.counts.articles_stored == 1
    assert article is not None and "arrested six" in article.text


def test_a_file_still_being_written_waits_for_the_next_cycle(tmp_path: Path, inbox: Path) -> None:
    coder = RecordingCoder()
    growing = inbox / "ridge_ambush.txt"

    def append_while_settling(_seconds: float) -> None:
        with growing.open("a", encoding="utf-8") as file:
            file.write("Two soldiers were wounded.\n")

    with SQLiteStore(tmp_path / "events.db") as store, WatchState(tmp_path / "w") as state:
        writing = FolderWatcher([inbox], state, settle=0.0, pause=append_while_settling)
        report = CycleReport()
        writing.run(store, coder, report, threading.Event())  # type: ignore[arg-type]
        # the finished file goes in; the growing one waits
        assert report.counts.files_waiting == 1 and report.counts.files_ingested == 1
        assert coder.seen == ["harbour_strike"]
        # the writer is done; the next cycle takes the whole file
        run_once(store, inbox, state, coder)
        article = store.article("ridge_ambush")
    assert coder.seen == ["harbour_strike", "ridge_ambush"]
    assert article is not None and article.text.endswith("Two soldiers were wounded.")


def test_the_state_survives_reopening(tmp_path: Path, inbox: Path) -> None:
    coder = RecordingCoder()
    state_file = tmp_path / "events.db.watch"
    with SQLiteStore(tmp_path / "events.db") as store:
        with WatchState(state_file) as state:
            run_once(store, inbox, state, coder)
            state.mark_seen("w-1", feed_url="http://127.0.0.1/f.rss", link=None, text_from="feed")
        with WatchState(state_file) as reopened:
            again = run_once(store, inbox, reopened, coder)
            assert reopened.file_count() == 2 and reopened.seen("w-1")
            assert reopened.text_from("w-1") == "feed"
            size = (inbox / "harbour_strike.txt").stat().st_size
            known = reopened.file(str(inbox / "harbour_strike.txt"))
    assert again.counts.files_ingested == 0 and len(coder.seen) == 2
    assert known is not None and known.size == size and len(known.sha256) == 64


def test_a_stop_finishes_the_current_file_and_a_restart_carries_on(tmp_path: Path,
                                                                  inbox: Path) -> None:
    stop = threading.Event()
    coder = RecordingCoder(on_article=lambda _article: stop.set())
    with SQLiteStore(tmp_path / "events.db") as store, WatchState(tmp_path / "w") as state:
        report = watch(store, WatchSources(folders=[inbox]), coder, state=state, interval=3600,
                       stop=stop, merge=False, options=NO_SETTLE)  # type: ignore[arg-type]
        assert report.stopped and report.cycles == 1
        assert coder.seen == ["harbour_strike"] and store.count_articles() == 1
        restarted = run_once(store, inbox, state, RecordingCoder())
    assert restarted.stored_article_ids == ["ridge_ambush"]


def test_callbacks_and_merge(tmp_path: Path, inbox: Path) -> None:
    ingested: list[list[str]] = []
    cycles: list[CycleReport] = []
    with SQLiteStore(tmp_path / "events.db") as store, WatchState(tmp_path / "w") as state:
        for _ in range(2):
            watch(store, WatchSources(folders=[inbox]), RecordingCoder(), state=state, once=True,
                  options=NO_SETTLE, on_cycle=cycles.append,  # type: ignore[arg-type]
                  on_ingested=lambda _store, cycle: ingested.append(cycle.stored_article_ids))
    assert ingested == [["harbour_strike", "ridge_ambush"]]  # not called for the empty cycle
    assert len(cycles) == 2 and cycles[0].merge is not None and cycles[1].merge is None


class OneEventCoder:
    """Codes one ASSAULT per article, its whole text the evidence and its first word the
    trigger, dated the article's day."""

    def code_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        for article in articles:
            word = article.text.split()[0]
            yield article, [Event(
                event_id=f"ev-{article.id}", article_id=article.id,
                event_type=PloverType.ASSAULT, date=article.date,
                evidence=TextSpan(article.text, 0, len(article.text)),
                trigger=TextSpan(word, 0, len(word)))]


def test_a_cycle_merges_into_either_backend(store_url: str, tmp_path: Path,
                                           inbox: Path) -> None:
    from eventwire.store import open_store

    with open_store(store_url) as store, WatchState(tmp_path / "w") as state:
        report = watch(store, WatchSources(folders=[inbox]), OneEventCoder(), state=state,
                       once=True, options=NO_SETTLE)  # type: ignore[arg-type]
    assert report.last is not None and report.last.merge is not None
    # two articles of two days with no place: two events, each of one report
    assert (report.last.merge.reports, report.last.merge.merged_events) == (2, 2)


def test_a_missing_folder_is_a_problem_not_a_crash(tmp_path: Path, inbox: Path) -> None:
    coder = RecordingCoder()
    with SQLiteStore(tmp_path / "events.db") as store, WatchState(tmp_path / "w") as state:
        report = watch(store, WatchSources(folders=[tmp_path / "nowhere", inbox]), coder,
                       state=state, once=True, merge=False, options=NO_SETTLE)  # type: ignore[arg-type]
    assert report.last is not None and report.last.counts.files_ingested == 2
    assert [p.source for p in report.last.problems] == [str(tmp_path / "nowhere")]


def test_sources_and_state_paths_are_checked(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="nothing to watch"):
        WatchSources()
    with pytest.raises(ConfigError, match="http"):
        WatchSources(feeds=["feeds.example/world.rss"])
    assert default_state_path("sqlite:///data/events.db") == "data/events.db.watch"
    with pytest.raises(ConfigError, match="--state"):
        default_state_path(":memory:")
    with pytest.raises(ConfigError, match="--state FILE"):  # no file beside a server's store
        default_state_path("postgresql://analyst:secret@db.example.org/events")
    not_sqlite = tmp_path / "garbage.watch"
    not_sqlite.write_bytes(b"this is not a database file at all" * 100)
    with pytest.raises(StoreError, match="--state"):
        WatchState(not_sqlite)


def test_file_records_round_trip(tmp_path: Path) -> None:
    with WatchState(tmp_path / "w") as state:
        state.record_file("/in/a.txt", FileRecord(10, 20, "ab" * 32))
        assert state.file("/in/a.txt") == FileRecord(10, 20, "ab" * 32)
        assert state.file("/in/b.txt") is None


def test_missing_feed_packages_name_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "feedparser", None)  # import now raises ImportError
    with pytest.raises(MissingDependencyError, match=r"pip install 'eventwire\[watch\]'"):
        require_feed_dependencies()


class Entry(dict[str, object]):
    """A feedparser entry is a dict with attribute access; the helpers only use ``get``."""


def test_an_item_date_is_its_day_as_written() -> None:
    # 22:30 at UTC-5 is already the next day in UTC; the article's day is the local one
    assert entry_date(Entry(published="2026-03-03T22:30:00-05:00")) == date(2026, 3, 3)
    assert entry_date(Entry(published="Tue, 03 Mar 2026 23:15:00 -0500")) == date(2026, 3, 3)
    assert entry_date(Entry(updated="2026-03-05")) == date(2026, 3, 5)
    assert entry_date(Entry(title="no date")) is None


def test_item_ids_are_stable_hashes() -> None:
    link = "https://courier.example/world/2026/03/03/dunvale-market-attack.html"
    assert item_article_id(link) == item_article_id(f" {link}\n")
    assert item_article_id(link) != item_article_id(link + "?page=2")
    assert item_article_id(link).startswith("w-") and len(item_article_id(link)) == 18


def test_feed_html_becomes_text() -> None:
    fragment = "<p>Police fired tear gas.</p><p>Eleven were <b>arrested</b> &amp; charged.</p>"
    assert html_to_text(fragment) == "Police fired tear gas.\nEleven were arrested & charged."


def test_a_feed_is_due_after_its_minimum_interval() -> None:
    assert is_due(None, 600, 1000.0)
    assert not is_due(1000.0, 600, 1300.0)
    assert is_due(1000.0, 600, 1590.0)  # within the slack of 30 s
    assert is_due(1000.0, 0, 1000.0)


def test_the_command_runs_one_cycle(tmp_path: Path, inbox: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    import eventwire.cli.main as cli_main
    import eventwire.cli.watch  # noqa: F401  (registers the command until main.py imports it)

    coder = RecordingCoder()
    monkeypatch.setattr(cli_main, "default_coder", lambda _settings: coder)
    db = tmp_path / "events.db"
    args = ["watch", "--db", str(db), "--folder", str(inbox), "--once", "--no-merge"]
    first = CliRunner().invoke(cli_main.cli, args)
    assert first.exit_code == 0, first.output
    assert "2 files ingested" in first.output and "2 articles coded" in first.output
    assert (tmp_path / "events.db.watch").exists()
    second = CliRunner().invoke(cli_main.cli, args)
    assert "0 files ingested" in second.output and len(coder.seen) == 2
    gone = CliRunner().invoke(cli_main.cli, [*args, "--folder", str(tmp_path / "gone")])
    assert gone.exit_code == 2 and f"problem {tmp_path / 'gone'}: not a folder" in gone.output
    nothing = CliRunner().invoke(cli_main.cli, ["watch", "--db", str(db)])
    assert nothing.exit_code == 1 and "nothing to watch" in nothing.output
