"""The merged events through the command line, the exports and the evaluation format:
``eventwire dedup``, ``events --merged``, ``export --merged``, ``ingest --no-merge``, and the
pairwise scoring of ``eventwire eval --format dedup`` on hand-built results."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_dedup import clusters, daily, market, radio, wire

from eventwire.cli.main import cli
from eventwire.dedup import merge_store
from eventwire.evaluate.base import EvalCase
from eventwire.evaluate.dedup import DedupFormat
from eventwire.store import SQLiteStore, SQLStore, export_events, merges, open_store


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "events.db"
    with SQLiteStore(path) as store:
        store.save([wire(), daily(), radio(), market()])
    return path


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_dedup_merges_then_does_nothing_more(db: Path) -> None:
    first = run("dedup", "--db", str(db))
    assert "5 reports merged" in first and "the store holds 5 reports of 3 events" in first
    again = run("dedup", "--db", str(db))
    assert "0 reports merged" in again and "0 changed" in again


def test_dedup_history_prints_why(db: Path) -> None:
    run("dedup", "--db", str(db))
    with SQLiteStore(db) as store:
        (merged_id,) = [key for key, reports in clusters(store).items() if len(reports) == 3]
    history = run("dedup", "--db", str(db), "--history", merged_id)
    lines = history.strip().splitlines()
    assert "created" in lines[0] and "Founded by report" in lines[0]
    assert sum("report_added" in line for line in lines) == 2


def test_dedup_settings_change_the_merge(db: Path) -> None:
    strict = run("dedup", "--db", str(db), "--threshold", "1")
    assert "the store holds 5 reports of 5 events" in strict  # no pair scores 1
    rebuilt = run("dedup", "--db", str(db), "--rebuild", "--threshold", "0.65")
    assert "the store holds 5 reports of 3 events" in rebuilt and "2 dissolved" in rebuilt


def test_events_merged_as_table_and_jsonl(db: Path) -> None:
    run("dedup", "--db", str(db))
    table = run("events", "--db", str(db), "--merged")
    assert "3 events from 5 reports" in table
    assert "Radio, Wire, Daily" in table
    records = [json.loads(line) for line in run("events", "--db", str(db), "--merged",
                                                "--format", "jsonl").splitlines()]
    shelling = next(record for record in records if record["n_reports"] == 3)
    assert shelling["sources"] == ["Radio", "Wire", "Daily"]
    assert shelling["fatalities"] == 15 and shelling["event_id"].startswith("m-")
    assert len(shelling["reports"]) == 3


def test_export_merged_adds_the_report_columns(db: Path) -> None:
    with SQLiteStore(db) as store:
        merge_store(store)
        out = io.StringIO()
        count = export_events(store, out, fmt="csv", merged=True)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert count == len(rows) == 3
    assert list(rows[0])[-3:] == ["n_reports", "sources", "reports"]
    shelling = next(row for row in rows if row["n_reports"] == "3")
    assert shelling["sources"] == "Radio; Wire; Daily" and shelling["fatalities"] == "15"


def test_export_merged_through_the_cli(db: Path, tmp_path: Path) -> None:
    run("dedup", "--db", str(db))
    target = tmp_path / "merged.jsonl"
    CliRunner().invoke(cli, ["export", "--db", str(db), "--format", "jsonl", "--merged",
                             "-o", str(target)])
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and all("n_reports" in json.loads(line) for line in lines)


def test_merge_on_ingest_can_be_switched_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    from fakes import EvenCaseCoder

    import eventwire.cli.main as main_module

    monkeypatch.setattr(main_module, "default_coder", lambda settings: EvenCaseCoder())
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps({"id": f"c{n:02d}", "date": "2024-05-13",
                                            "text": "Gunmen attacked a convoy."})
                                for n in range(2)), encoding="utf-8")
    off = run("ingest", str(source), "--db", str(tmp_path / "off.db"), "--no-merge")
    assert "merged:" not in off
    on = run("ingest", str(source), "--db", str(tmp_path / "on.db"))
    assert "merged: 1 reports merged" in on
    with SQLiteStore(tmp_path / "off.db") as store:
        assert list(merges.merged_events(store)) == []


def test_the_commands_merge_list_and_export_on_both_backends(store_url: str,
                                                             tmp_path: Path) -> None:
    with open_store(store_url) as store:
        store.save([wire(), daily(), radio(), market()])
    assert "the store holds 5 reports of 3 events" in run("dedup", "--db", store_url)
    table = run("events", "--db", store_url, "--merged")
    assert "3 events from 5 reports" in table and "Radio, Wire, Daily" in table
    records = [json.loads(line) for line in run("events", "--db", store_url, "--merged",
                                                "--format", "jsonl").splitlines()]
    shelling = next(record for record in records if record["n_reports"] == 3)
    history = run("dedup", "--db", store_url, "--history", shelling["event_id"])
    assert sum("report_added" in line for line in history.splitlines()) == 2
    target = tmp_path / "merged.jsonl"
    run("export", "--db", store_url, "--format", "jsonl", "--merged", "-o", str(target))
    assert len(target.read_text(encoding="utf-8").splitlines()) == 3


def test_ingest_merges_on_both_backends(store_url: str, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from fakes import EvenCaseCoder

    import eventwire.cli.main as main_module

    monkeypatch.setattr(main_module, "default_coder", lambda settings: EvenCaseCoder())
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps({"id": f"c{n:02d}", "date": "2024-05-13",
                                            "text": "Gunmen attacked a convoy."})
                                for n in range(2)), encoding="utf-8")  # one event coded
    assert "merged: 1 reports merged" in run("ingest", str(source), "--db", store_url)
    with open_store(store_url) as store:
        assert isinstance(store, SQLStore) and merges.count_merged(store) == 1


def test_the_dedup_format_scores_pairs_of_reports() -> None:
    (wire_article, wire_events), (daily_article, daily_events) = wire(), daily()
    (radio_article, radio_events), (market_article, market_events) = radio(), market()
    results = [
        (EvalCase("wire-1", wire_article, {"event": "shelling"}, "x"), wire_events),
        (EvalCase("daily-1", daily_article, {"event": "shelling"}, "x"), daily_events),
        (EvalCase("radio-1", radio_article, {"event": "shelling"}, "x"), radio_events),
        # the market article's main event is the drone strike: its own event
        (EvalCase("wire-2", market_article, {"event": "market"}, "x"), market_events),
    ]
    report = DedupFormat().score(results, dataset="hand-built")
    # 3 gold pairs (the shelling's reports), all merged; nothing else merged
    assert report.metrics["pair_f1"] == 1.0 and report.metrics["true_pairs"] == 3.0
    assert report.metrics["gold_pairs_mergeable"] == 1.0
    split = DedupFormat().score(
        [*results[:2], (EvalCase("radio-1", radio_article, {"event": "other"}, "x"),
                        radio_events), results[3]], dataset="hand-built")
    # now one gold pair (wire, daily) and two merged pairs that are wrong
    assert split.metrics["pair_precision"] == pytest.approx(1 / 3)
    assert split.metrics["pair_recall"] == 1.0
