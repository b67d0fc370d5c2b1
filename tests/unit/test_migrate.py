"""`eventwire migrate` and `jobs.migrate_store`: a dataset copied between stores loses nothing,
in both directions between SQLite and PostgreSQL (the same contract corpus the backend suite
uses), and a rerun copies nothing twice."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from test_store_backends import contract_corpus

from eventwire.cli.main import cli
from eventwire.jobs import migrate_store
from eventwire.store import EventStore, SQLiteStore, open_store


def contents(store: EventStore) -> tuple[list[object], list[object]]:
    """Every article and every event, comparable across backends."""
    articles = [store.article(article_id) for article_id in store.article_ids()]
    events = sorted(store.events(), key=lambda event: event.event_id)
    return articles, events


def test_a_copy_loses_nothing_and_a_rerun_copies_nothing(store_url: str,
                                                          tmp_path: Path) -> None:
    corpus = contract_corpus()
    with SQLiteStore(tmp_path / "source.db") as source, open_store(store_url) as target:
        source.save(corpus)
        first = migrate_store(source, target, chunk_size=2)
        assert first.articles == len(corpus)
        assert first.events == sum(len(events) for _, events in corpus)
        assert first.saved.articles_inserted == len(corpus)
        assert contents(target) == contents(source)
        again = migrate_store(source, target)
        assert again.saved.articles_unchanged == len(corpus)
        assert again.saved.events_written == 0


def test_a_round_trip_through_the_other_backend_loses_nothing(store_url: str,
                                                              tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "first.db") as first, open_store(store_url) as middle, \
            SQLiteStore(tmp_path / "back.db") as back:
        first.save(contract_corpus())
        migrate_store(first, middle)
        migrate_store(middle, back)
        assert contents(back) == contents(first)


def test_the_command_copies_and_reports(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "a.db") as source:
        source.save(contract_corpus())
        expected = contents(source)
    result = CliRunner().invoke(cli, ["migrate", "--from", str(tmp_path / "a.db"),
                                      "--to", f"sqlite:///{tmp_path / 'b.db'}"])
    assert result.exit_code == 0, result.output
    assert "the target holds" in result.output
    with SQLiteStore(tmp_path / "b.db") as target:
        assert contents(target) == expected
    missing = CliRunner().invoke(cli, ["migrate", "--from", str(tmp_path / "none.db"),
                                       "--to", str(tmp_path / "c.db")])
    assert missing.exit_code == 1 and "does not exist" in missing.output
    assert not (tmp_path / "c.db").exists()


def test_article_ids_come_in_id_order(store_url: str) -> None:
    with open_store(store_url) as store:
        corpus = contract_corpus()
        store.save(corpus)
        assert store.article_ids() == sorted(article.id for article, _ in corpus)



def test_commands_take_the_store_from_eventwire_db(store_url: str) -> None:
    """EVENTWIRE_DB names the store when --db is not given (a team's URL, password included,
    stays off the command line), on either backend; --db still wins."""
    with open_store(store_url) as store:
        store.save(contract_corpus())
    runner = CliRunner()
    result = runner.invoke(cli, ["events", "--format", "jsonl"], env={"EVENTWIRE_DB": store_url})
    assert result.exit_code == 0, result.output
    ids = sorted(json.loads(line)["event_id"] for line in result.output.splitlines())
    assert ids == sorted(e.event_id for _, events in contract_corpus() for e in events)
    missing = runner.invoke(cli, ["events"], env={"EVENTWIRE_DB": ""})
    assert missing.exit_code != 0 and "--db" in missing.output
