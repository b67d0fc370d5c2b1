"""End-to-end tests of the ``eventwire`` command on real files, with the real model.

Most run in-process through click's ``CliRunner`` with one shared loaded model (see
``conftest.py``); the ones that need a real process (console script, crash and resume) start
``eventwire`` as a subprocess. Every article here is written for these tests.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import time
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import pytest

from eventwire import __version__
from eventwire.cli.main import cli as cli_group
from eventwire.model import Article, Modality, PloverType
from eventwire.store.export import FLAT_COLUMN_NAMES

if TYPE_CHECKING:
    from conftest import Cli  # the fixture's type; conftest is not imported at run time

pytestmark = pytest.mark.e2e

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

CONTRACT = {
    "event_id", "article_id", "event_type", "mode", "acled_event_type", "acled_sub_event_type",
    "cameo", "actor", "recipient", "co_actors", "co_recipients", "date", "date_precision",
    "date_text", "historical", "location", "fatalities", "injured", "evidence", "trigger",
    "confidence", "modality", "claimed_by", "statement", "responsibility", "stated_in",
    "call_to_action", "call_to_violence", "denial", "figures",
}  # fmt: skip
OPTIONAL_KEYS = {"extras"}


def parse_jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def count(db: Path, table: str) -> int:
    return int(query(db, f"SELECT count(*) FROM {table}")[0][0])


def event_rows(db: Path) -> list[tuple[Any, ...]]:
    return query(db, "SELECT * FROM events ORDER BY event_id")


# --- code -----------------------------------------------------------------------------------


def test_code_prints_the_json_contract(sample_events: list[dict[str, Any]],
                                       sample_articles: dict[str, Article]) -> None:
    assert sample_events, "the samples should yield events"
    assert {e["article_id"] for e in sample_events} <= set(sample_articles)
    for event in sample_events:
        assert CONTRACT <= event.keys() <= CONTRACT | OPTIONAL_KEYS, event.keys() ^ CONTRACT
        assert event["event_type"] in {t.value for t in PloverType}
        assert event["modality"] in {m.value for m in Modality}
        assert 0.0 <= event["confidence"] <= 1.0
        if event["date"] is not None:
            date.fromisoformat(event["date"])
    assert len({e["event_id"] for e in sample_events}) == len(sample_events)


def test_code_offsets_point_into_the_article(sample_events: list[dict[str, Any]],
                                             sample_articles: dict[str, Article]) -> None:
    for event in sample_events:
        text = sample_articles[event["article_id"]].text
        spans = [event["evidence"], event["trigger"]]
        spans += [event[k] for k in ("actor", "recipient", "location") if event[k] is not None]
        spans += [*event["co_actors"], *event["co_recipients"]]
        for span in spans:
            assert text[span["start"] : span["end"]] == span["text"], (event["event_id"], span)
        evidence, trigger = event["evidence"], event["trigger"]
        assert evidence["start"] <= trigger["start"] < trigger["end"] <= evidence["end"]


def test_code_in_a_real_process_matches_and_ids_are_stable(
    eventwire_exe: Path, subprocess_env: dict[str, str], sample_events: list[dict[str, Any]], tmp_path: Path
) -> None:
    run = subprocess.run([eventwire_exe, "code", SAMPLES], check=False, capture_output=True, text=True,
                         cwd=tmp_path, env=subprocess_env, timeout=300)
    assert run.returncode == 0, run.stderr
    again = parse_jsonl(run.stdout)
    assert [e["event_id"] for e in again] == [e["event_id"] for e in sample_events]
    assert again == sample_events
    assert "rejected" in run.stderr.splitlines()[-1]  # the summary is the last stderr line
    assert "read " not in run.stdout


def test_code_writes_jsonl_csv_and_parquet_files(cli: Cli, sample_events: list[dict[str, Any]],
                                                 tmp_path: Path) -> None:
    jsonl, table, columnar = tmp_path / "out.jsonl", tmp_path / "out.csv", tmp_path / "out.parquet"
    for target in (jsonl, table, columnar):
        result = cli("code", SAMPLES, "-o", target)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == ""
    assert parse_jsonl(jsonl.read_text(encoding="utf-8")) == sample_events
    with table.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(FLAT_COLUMN_NAMES)
    assert [r["event_id"] for r in rows] == [e["event_id"] for e in sample_events]
    assert [int(r["evidence_start"]) for r in rows] == [e["evidence"]["start"] for e in sample_events]
    pyarrow_parquet = pytest.importorskip("pyarrow.parquet")
    frame = pyarrow_parquet.read_table(columnar)
    assert frame.column_names == list(FLAT_COLUMN_NAMES)
    assert frame.column("event_id").to_pylist() == [e["event_id"] for e in sample_events]


def test_code_bad_output_suffix_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "events.txt"
    result = cli("code", SAMPLES, "-o", target)
    assert result.exit_code != 0
    assert "--output" in result.stderr and ".jsonl" in result.stderr and "events.txt" in result.stderr
    assert not target.exists()
    assert result.stdout == ""


def write_bad_folder(folder: Path) -> dict[str, str]:
    """Good articles plus four kinds of bad input; returns the reason expected for each bad one."""
    folder.mkdir()
    shutil.copy(SAMPLES / "baidoa_mortar.txt", folder)
    shutil.copy(SAMPLES / "kano_market_protest.txt", folder)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "scan.txt").write_bytes(b"date 2022-03-01\n\x00\x01\x02\xff\xfe binary junk")
    (folder / "baddate.txt").write_text(
        "date 2022-13-45\n\nKHERSON, Ukraine - Russian shelling killed two people on Monday.\n",
        encoding="utf-8")
    good = {"id": "w-aden-1", "date": "2023-06-20", "text":
            "ADEN, Yemen (Example Wire) - Gunmen shot dead a security officer in Aden on Tuesday, "
            "police said."}
    also_good = {"id": "w-goma-1", "date": "2023-02-07", "text":
                 "GOMA, Congo (Example Wire) - Thousands of people protested in Goma on Tuesday "
                 "against the UN peacekeeping mission, witnesses said."}
    lines = [json.dumps(good), '{"id": "w-broken", "date": "2023-06-21", "text": "Clashes', json.dumps(also_good)]
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {
        "empty.txt": "empty",
        "scan.txt": "binary",
        "baddate.txt:1": "impossible date",
        "wire.jsonl:2": "malformed JSON",
    }


GOOD_IN_BAD_FOLDER = {"baidoa_mortar", "kano_market_protest", "w-aden-1", "w-goma-1"}


def test_code_reports_bad_input_and_codes_the_rest(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    expected = write_bad_folder(folder)
    result = cli("code", folder)
    assert result.exit_code == 2
    rejected = [line for line in result.stderr.splitlines() if line.startswith("rejected ")]
    assert len(rejected) == len(expected), result.stderr
    for where, reason in expected.items():
        matching = [line for line in rejected if f"{folder / where}: " in line]
        assert len(matching) == 1, (where, rejected)
        assert reason in matching[0]
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith("read ") and "4 rejected" in summary and "4 articles" in summary
    events = parse_jsonl(result.stdout)  # stdout is pure JSON Lines
    assert {e["article_id"] for e in events} == GOOD_IN_BAD_FOLDER


def test_ingest_reports_bad_input_and_stores_the_rest(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    expected = write_bad_folder(folder)
    db = tmp_path / "mixed.db"
    result = cli("ingest", folder, "--db", db)
    assert result.exit_code == 2
    assert sum(line.startswith("rejected ") for line in result.stderr.splitlines()) == len(expected)
    assert {row[0] for row in query(db, "SELECT id FROM articles")} == GOOD_IN_BAD_FOLDER


def test_code_missing_path_is_rejected_not_fatal(cli: Cli, tmp_path: Path) -> None:
    result = cli("code", SAMPLES / "baidoa_mortar.txt", tmp_path / "missing.txt")
    assert result.exit_code == 2
    assert "missing.txt" in result.stderr
    assert {e["article_id"] for e in parse_jsonl(result.stdout)} == {"baidoa_mortar"}


def test_settings_flags_reach_the_coder(cli: Cli, tmp_path: Path) -> None:
    config = tmp_path / "eventwire.toml"
    config.write_text("[eventwire]\nmin_confidence = 0.8\nbatch_size = 5\n", encoding="utf-8")
    result = cli("code", SAMPLES / "baidoa_mortar.txt", "--config", config, "--batch-size", "3")
    assert result.exit_code == 0, result.stderr
    (settings,) = cli.settings_seen
    assert (settings.min_confidence, settings.batch_size) == (0.8, 3)
    assert all(e["confidence"] >= 0.8 for e in parse_jsonl(result.stdout))


# --- ingest, events, export -----------------------------------------------------------------


def test_ingest_is_idempotent_and_recodes_changed_articles(
    cli: Cli, tmp_path: Path, sample_articles: dict[str, Article], sample_events: list[dict[str, Any]]
) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(SAMPLES, folder)
    db = tmp_path / "events.db"
    first = cli("ingest", folder, "--db", db)
    assert first.exit_code == 0, first.stderr
    total = len(sample_articles)
    assert f"{total} new" in first.stderr and f"{len(sample_events)} events written" in first.stderr
    counts, rows = (count(db, "articles"), count(db, "events")), event_rows(db)
    assert counts == (total, len(sample_events))

    second = cli("ingest", folder, "--db", db)
    assert second.exit_code == 0, second.stderr
    assert f"{total} already stored" in second.stderr and "0 new" in second.stderr
    assert "0 events written" in second.stderr
    assert (count(db, "articles"), count(db, "events")) == counts
    assert event_rows(db) == rows

    added = "A second mortar shell hit the livestock market on Wednesday, a resident said."
    edited = folder / "baidoa_mortar.txt"
    edited.write_text(edited.read_text(encoding="utf-8").rstrip() + f"\n\n{added}\n", encoding="utf-8")
    third = cli("ingest", folder, "--db", db)
    assert third.exit_code == 0, third.stderr
    assert "1 changed" in third.stderr and f"{total - 1} already stored" in third.stderr
    assert count(db, "articles") == total
    text = query(db, "SELECT text FROM articles WHERE id = 'baidoa_mortar'")[0][0]
    assert text.endswith(added)
    others = [row for row in rows if row[1] != "baidoa_mortar"]
    assert [row for row in event_rows(db) if row[1] != "baidoa_mortar"] == others


def test_events_table_lists_every_event(cli: Cli, samples_db: Path, sample_events: list[dict[str, Any]]) -> None:
    result = cli("events", "--db", samples_db)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].split()[:4] == ["date", "hist", "said", "type"]
    assert lines[-1].startswith(f"{len(sample_events)} events")
    assert len(lines) == len(sample_events) + 3  # header, rule, footer


def test_events_jsonl_round_trips_the_store(cli: Cli, samples_db: Path,
                                            sample_events: list[dict[str, Any]]) -> None:
    result = cli("events", "--db", samples_db, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    stored = parse_jsonl(result.stdout)
    by_id = {e["event_id"]: e for e in sample_events}
    assert sorted(e["event_id"] for e in stored) == sorted(by_id)
    for event in stored:
        assert event == by_id[event["event_id"]]
    dates = [e["date"] for e in stored if e["date"] is not None]
    assert dates == sorted(dates)  # oldest first


def names_of(event: dict[str, Any]) -> str:
    refs = [event["actor"], event["recipient"], *event["co_actors"], *event["co_recipients"]]
    return " ".join(f"{r['name'] or ''} {r['text']}" for r in refs if r is not None).lower()


FILTERS: dict[str, tuple[list[str], Any]] = {
    "type": (["--type", "ASSAULT"], lambda e: e["event_type"] == "ASSAULT"),
    "types-any-case": (["--type", "protest", "--type", "Coerce"],
                       lambda e: e["event_type"] in {"PROTEST", "COERCE"}),
    "country": (["--country", "som"], lambda e: e["location"] is not None and e["location"]["country"] == "SOM"),
    "dates": (["--from", "2023-01-01", "--to", "2023-04-30"],
              lambda e: e["date"] is not None and "2023-01-01" <= e["date"] <= "2023-04-30"),
    "actor": (["--actor", "shabaab"], lambda e: "shabaab" in names_of(e)),
    "no-historical": (["--no-historical"], lambda e: not e["historical"]),
    "text": (["--text", "KILLED"], lambda e: "killed" in e["evidence"]["text"].lower()),
    "article": (["--article", "tillaberi_ambush"], lambda e: e["article_id"] == "tillaberi_ambush"),
    "combined": (["--type", "ASSAULT", "--no-historical", "--from", "2023-01-01"],
                 lambda e: e["event_type"] == "ASSAULT" and not e["historical"]
                 and e["date"] is not None and e["date"] >= "2023-01-01"),
}


@pytest.mark.parametrize("name", list(FILTERS))
def test_events_filters(cli: Cli, samples_db: Path, sample_events: list[dict[str, Any]], name: str) -> None:
    args, keep = FILTERS[name]
    expected = sorted(e["event_id"] for e in sample_events if keep(e))
    assert 0 < len(expected) < len(sample_events), "the samples should make this filter bite"
    result = cli("events", "--db", samples_db, "--format", "jsonl", *args)
    assert result.exit_code == 0, result.stderr
    assert sorted(e["event_id"] for e in parse_jsonl(result.stdout)) == expected


def test_events_limit(cli: Cli, samples_db: Path) -> None:
    result = cli("events", "--db", samples_db, "--format", "jsonl", "--limit", "3")
    assert result.exit_code == 0, result.stderr
    assert len(parse_jsonl(result.stdout)) == 3


@pytest.mark.parametrize("args", [["--from", "2023-05-01", "--to", "2023-01-01"], ["--country", "Somalia"]])
def test_events_bad_filter_is_a_one_line_error(cli: Cli, samples_db: Path, args: list[str]) -> None:
    result = cli("events", "--db", samples_db, *args)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [["events"], ["export", "--format", "csv"]])
def test_missing_db_is_a_clear_error(cli: Cli, tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "never-ingested.db"
    result = cli(*command, "--db", db)
    assert result.exit_code != 0
    assert "does not exist" in result.stderr and "eventwire ingest" in result.stderr
    assert not db.exists()  # asking must not create an empty store


def test_missing_db_exit_status_is_not_the_rejected_input_status(cli: Cli, tmp_path: Path) -> None:
    result = cli("events", "--db", tmp_path / "never-ingested.db")
    assert result.exit_code == 1


def test_export_formats(cli: Cli, samples_db: Path, sample_events: list[dict[str, Any]], tmp_path: Path) -> None:
    ids = sorted(e["event_id"] for e in sample_events)
    outputs = {fmt: tmp_path / f"export.{fmt}" for fmt in ("csv", "jsonl", "parquet")}
    for fmt, target in outputs.items():
        result = cli("export", "--db", samples_db, "--format", fmt, "-o", target)
        assert result.exit_code == 0, result.stderr
        assert f"exported {len(ids)} events" in result.stderr
    with outputs["csv"].open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(FLAT_COLUMN_NAMES)
    assert sorted(r["event_id"] for r in rows) == ids
    assert sorted(e["event_id"] for e in parse_jsonl(outputs["jsonl"].read_text(encoding="utf-8"))) == ids
    pyarrow_parquet = pytest.importorskip("pyarrow.parquet")
    frame = pyarrow_parquet.read_table(outputs["parquet"])
    assert frame.column_names == list(FLAT_COLUMN_NAMES)
    assert sorted(frame.column("event_id").to_pylist()) == ids


def test_export_to_stdout_with_filter(cli: Cli, samples_db: Path, sample_events: list[dict[str, Any]]) -> None:
    result = cli("export", "--db", samples_db, "--format", "csv", "--type", "PROTEST")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    expected = sorted(e["event_id"] for e in sample_events if e["event_type"] == "PROTEST")
    assert expected and sorted(r["event_id"] for r in rows) == expected
    assert "exported" not in result.stdout


def test_export_parquet_needs_a_file(cli: Cli, samples_db: Path) -> None:
    result = cli("export", "--db", samples_db, "--format", "parquet")
    assert result.exit_code != 0
    assert "-o" in result.stderr and result.stdout == ""


def test_export_to_a_closed_pipe_ends_quietly(eventwire_exe: Path, subprocess_env: dict[str, str],
                                              samples_db: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone, as after `| head -1`
    try:
        run = subprocess.run([eventwire_exe, "export", "--db", samples_db, "--format", "jsonl"],
                             check=False, stdout=write_end, stderr=subprocess.PIPE, text=True, env=subprocess_env, timeout=120)
    finally:
        os.close(write_end)
    assert "Traceback" not in run.stderr and "Exception ignored" not in run.stderr, run.stderr


# --- help -----------------------------------------------------------------------------------


def test_top_level_help_and_version(cli: Cli) -> None:
    result = cli("--help")
    assert result.exit_code == 0
    for name in ("code", "ingest", "events", "export"):
        assert name in result.stdout
    version = cli("--version")
    assert version.exit_code == 0 and __version__ in version.stdout


@pytest.mark.parametrize("name", ["code", "ingest", "events", "export"])
def test_command_help_mentions_every_option(cli: Cli, name: str) -> None:
    command = cli_group.commands[name]  # type: ignore[attr-defined]
    result = cli(name, "--help")
    assert result.exit_code == 0
    assert len(cli.settings_seen) == 0  # help loads no model
    options = [p for p in command.params if isinstance(p, click.Option)]
    assert options
    for option in options:
        for flag in option.opts:
            assert flag in result.stdout, (name, flag)


# --- crash and resume -----------------------------------------------------------------------

PLACES = [
    ("Baidoa", "Somalia"), ("Goma", "Democratic Republic of Congo"), ("Kharkiv", "Ukraine"),
    ("Kano", "Nigeria"), ("Aden", "Yemen"), ("Maiduguri", "Nigeria"), ("Bunia", "Democratic Republic of Congo"),
    ("Kherson", "Ukraine"), ("Mogadishu", "Somalia"), ("Taiz", "Yemen"),
]  # fmt: skip
TEMPLATES = [
    (
        "{CITY}, {country}, {month} {day} (Example Wire) - Shelling hit a residential district of {city} "
        "on {weekday}, killing {killed} civilians and wounding {wounded} others, local officials said.\n\n"
        "The regional governor said artillery fire came from positions east of the town. Rescue "
        "workers searched the rubble of two houses into the night.\n\n"
        "Residents said it was the heaviest bombardment of {city} in weeks."
    ),
    (
        "{CITY}, {country} (Example Wire) - Several hundred people marched through the centre of {city} "
        "on {weekday} to protest against rising fuel prices, witnesses said.\n\n"
        "Police fired tear gas to disperse the crowd near the governor's office and arrested {arrested} "
        "demonstrators, a police spokesman said. {wounded} protesters were treated in hospital.\n\n"
        "Organisers said they would return to the streets next week."
    ),
    (
        "{CITY}, {country}, {month} {day} (Example Wire) - Gunmen ambushed a military convoy near {city} "
        "on {weekday}, killing {killed} soldiers, the army said in a statement.\n\n"
        "The attackers escaped on motorbikes before reinforcements arrived, a security source said. "
        "No group has claimed responsibility for the attack.\n\n"
        "Troops launched a search operation in the surrounding villages, the army said."
    ),
    (
        "{CITY}, {country} (Example Wire) - Armed men abducted {arrested} travellers on the road outside "
        "{city} on {weekday}, police said.\n\n"
        "A police spokesman said officers were pursuing the kidnappers. Local leaders called on the "
        "government to improve security on the highway.\n\n"
        "The interior ministry said it would send more troops to the area."
    ),
]  # fmt: skip
CRASH_ARTICLES = 48
CRASH_BATCH = 2
CHUNK = CRASH_BATCH * 2  # ingest commits one transaction per 2 x batch_size articles


def write_wire_articles(folder: Path, number: int) -> set[str]:
    """``number`` dated plain articles built from the templates; returns their ids."""
    folder.mkdir()
    ids = set()
    for n in range(number):
        city, country = PLACES[(n * 3) % len(PLACES)]
        published = date(2023, 1, 2) + timedelta(days=5 * n)
        happened = published - timedelta(days=1)
        body = TEMPLATES[n % len(TEMPLATES)].format(
            CITY=city.upper(), city=city, country=country, month=published.strftime("%B"),
            day=published.day, weekday=happened.strftime("%A"), killed=2 + n % 7,
            wounded=3 + n % 5, arrested=4 + n % 9,
        )
        article_id = f"wire-{n:03d}"
        (folder / f"{article_id}.txt").write_text(f"date {published.isoformat()}\n\n{body}\n", encoding="utf-8")
        ids.add(article_id)
    return ids


def stored_articles(db: Path) -> int | None:
    """Articles committed so far, or None while the store is not there yet."""
    if not db.exists():
        return None
    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.Error:  # schema not created yet, or the writer holds a lock
        return None


def ingest_command(exe: Path, folder: Path, db: Path) -> list[str | Path]:
    return [exe, "ingest", folder, "--db", db, "--batch-size", str(CRASH_BATCH)]


def run_ingest(exe: Path, folder: Path, db: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(ingest_command(exe, folder, db), check=False, capture_output=True, text=True,
                          cwd=folder.parent, env=env, timeout=600)


def kill_after_first_commit(process: subprocess.Popen[bytes], db: Path, *, timeout: float) -> bool:
    """SIGKILL ``process`` once a chunk is committed; False if it ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if (stored_articles(db) or 0) > 0:
            process.kill()
            process.wait(timeout=30)
            return True
        time.sleep(0.02)
    process.kill()
    process.wait(timeout=30)
    pytest.fail(f"no chunk was committed within {timeout:.0f} s")


def test_ingest_killed_mid_run_resumes_without_loss_or_duplicates(
    eventwire_exe: Path, subprocess_env: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "wire"
    ids = write_wire_articles(folder, CRASH_ARTICLES)
    # The reference: one uninterrupted run into a fresh store, in a real process like the rest.
    clean_db = tmp_path / "clean.db"
    clean = run_ingest(eventwire_exe, folder, clean_db, subprocess_env)
    assert clean.returncode == 0, clean.stderr
    assert {row[0] for row in query(clean_db, "SELECT id FROM articles")} == ids
    assert count(clean_db, "events") > CRASH_ARTICLES  # the templates are codable

    db = tmp_path / "crashed.db"
    with (tmp_path / "first.log").open("wb") as log:
        process = subprocess.Popen(ingest_command(eventwire_exe, folder, db), stdout=subprocess.DEVNULL,
                                   stderr=log, cwd=tmp_path, env=subprocess_env)
        killed = kill_after_first_commit(process, db, timeout=180)

    # The killed store opens, is consistent and holds whole chunks only.
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    survived = count(db, "articles")
    assert survived > 0
    assert survived % CHUNK == 0 or survived == CRASH_ARTICLES, survived
    orphans = query(db, "SELECT count(*) FROM events WHERE article_id NOT IN (SELECT id FROM articles)")
    assert orphans == [(0,)]
    stored_ids = {row[0] for row in query(db, "SELECT id FROM articles")}
    clean_subset = [row for row in event_rows(clean_db) if row[1] in stored_ids]
    assert event_rows(db) == clean_subset  # each committed article has all its events

    resumed = run_ingest(eventwire_exe, folder, db, subprocess_env)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{survived} already stored" in resumed.stderr
    assert f"{CRASH_ARTICLES - survived} new" in resumed.stderr
    assert query(db, "SELECT count(*), count(DISTINCT id) FROM articles") == [(CRASH_ARTICLES, CRASH_ARTICLES)]
    assert {row[0] for row in query(db, "SELECT id FROM articles")} == ids
    assert {r[0] for r in event_rows(db)} == {r[0] for r in event_rows(clean_db)}
    assert event_rows(db) == event_rows(clean_db)
    if not killed:
        pytest.skip("the first ingest finished before it could be killed; only idempotence was checked")
    assert survived < CRASH_ARTICLES
