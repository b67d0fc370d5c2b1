"""End to end: `eventwire code INPUT -o OUT/` (sharded, the local engine) and `eventwire load`.

The Ray engine's own end-to-end checks are in tests/unit/test_scale_ray.py (they need a Ray
instance); here the CLI wiring, the folder and the store are checked with the shared model.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from conftest import Cli

pytestmark = pytest.mark.e2e

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def shard_events(folder: Path) -> list[dict[str, Any]]:
    return [event for file in sorted(folder.glob("shard-*.jsonl"))
            for line in file.read_text(encoding="utf-8").splitlines()
            for event in json.loads(line)["events"]]


def test_sharded_code_matches_the_stream_resumes_and_loads(
        cli: Cli, sample_events: list[dict[str, Any]], samples_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = cli("code", SAMPLES, "-o", f"{out}/", "--shard-size", "4")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "4 shards written (14 articles" in result.stderr
    assert len(list(out.glob("shard-*.jsonl"))) == 4 and (out / "_done.json").exists()
    assert shard_events(out) == sample_events  # same events, same ids, same order as `code`

    again = cli("code", SAMPLES, "-o", out, "--engine", "local", "--shard-size", "4")
    assert again.exit_code == 0, again.stderr
    assert "0 shards written" in again.stderr and "4 already done" in again.stderr

    db = tmp_path / "x.db"
    loaded = cli("load", out, "--db", db)
    assert loaded.exit_code == 0, loaded.stderr
    assert "14 articles (14 new" in loaded.stderr
    with sqlite3.connect(db) as mine, sqlite3.connect(samples_db) as ingested:
        query = "SELECT event_id, article_id, event_type, actor_name, fatalities FROM events ORDER BY event_id"
        assert mine.execute(query).fetchall() == ingested.execute(query).fetchall()
    assert "0 new" in cli("load", out, "--db", db).stderr


def test_a_sharded_run_needs_a_folder_and_fails_before_loading_the_model(cli: Cli, tmp_path: Path) -> None:
    result = cli("code", SAMPLES, "--engine", "ray")
    assert result.exit_code == 1
    assert "give -o OUT/" in result.stderr
    assert cli.settings_seen == []  # no coder was built


def test_load_refuses_a_folder_of_articles(cli: Cli, tmp_path: Path) -> None:
    result = cli("load", SAMPLES, "--db", tmp_path / "x.db")
    assert result.exit_code == 1
    assert "not a folder of result shards" in result.stderr
