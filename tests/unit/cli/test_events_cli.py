"""``eventwire events`` and ``eventwire export`` with the issue-6 filters (``--modality``,
``--factual``, ``--call-to-action``, ``--call-to-violence``, ``--denial``) and the ``said``
column of the table, on a store filled by hand (no model is loaded).

The article is written here for these tests.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from eventwire.cli.main import cli
from eventwire.cli.table import event_table
from eventwire.model import Article, Event, Modality, PloverType, TextSpan, event_id_for
from eventwire.store import SQLiteStore

BODY = (
    "GAO, Mali, Oct 3 (Wire) - A commander of the armed group warned it would burn the convoy "
    "and called on its followers to kill the drivers. Another commander warned the traders to "
    "stay off the road. The army denied that its drones had struck a wedding party. "
    "Villagers said gunmen torched two trucks near Bourem."
)
ARTICLE = Article("wire-mli-1003", BODY)


def event(trigger: str, event_type: PloverType, **fields: Any) -> Event:
    start = BODY.index(trigger)
    return Event(
        event_id=event_id_for(ARTICLE.id, start, str(event_type)),
        article_id=ARTICLE.id,
        event_type=event_type,
        evidence=TextSpan(BODY, 0, len(BODY)),
        trigger=TextSpan(trigger, start, start + len(trigger)),
        **fields,
    )


INCITEMENT = event("warned it", PloverType.THREATEN, call_to_action=True, call_to_violence=True)
WARNING = event("warned the traders", PloverType.THREATEN)
BURNING = event("burn", PloverType.ASSAULT, modality=Modality.THREATENED,
                stated_in=INCITEMENT.event_id)
DENIAL = event("denied", PloverType.REJECT, denial=True)
STRIKE = event("struck", PloverType.ASSAULT, modality=Modality.DENIED, stated_in=DENIAL.event_id)
TORCHING = event("torched", PloverType.ASSAULT, modality=Modality.CLAIMED)
EVENTS = [INCITEMENT, WARNING, BURNING, DENIAL, STRIKE, TORCHING]


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "events.db"
    with SQLiteStore(path) as store:
        store.save([(ARTICLE, EVENTS)])
    return str(path)


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result


def listed(db: str, *filters: str) -> set[str]:
    result = run("events", "--db", db, "--format", "jsonl", *filters)
    return {json.loads(line)["event_id"] for line in result.stdout.splitlines()}


def test_a_threat_calling_for_violence_is_the_only_one_listed(db: str) -> None:
    result = run("events", "--db", db, "--type", "THREATEN", "--call-to-violence")
    header, _rule, *rows, footer = result.stdout.splitlines()
    assert header.split()[:3] == ["date", "hist", "said"]
    assert len(rows) == 1
    assert rows[0].split()[:3] == ["?", "!", "THREATEN"]  # undated; '!' a call to violence
    assert footer.startswith("1 events") and "'!' a call to violence" in footer
    assert listed(db, "--type", "THREATEN", "--call-to-violence") == {INCITEMENT.event_id}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (["--call-to-action"], [INCITEMENT]),
        (["--denial"], [DENIAL]),
        (["--modality", "threatened"], [BURNING]),
        (["--modality", "DENIED", "--modality", "threatened"], [STRIKE, BURNING]),
        (["--factual"], [INCITEMENT, WARNING, DENIAL, TORCHING]),
        (["--modality", "factual"], [INCITEMENT, WARNING, DENIAL, TORCHING]),
        (["--factual", "--modality", "denied"], [INCITEMENT, WARNING, DENIAL, STRIKE, TORCHING]),
        (["--factual", "--type", "ASSAULT"], [TORCHING]),
        (["--type", "ASSAULT"], [BURNING, STRIKE, TORCHING]),
    ],
    ids=[
        "call-to-action", "denial", "threatened", "two-modalities", "factual", "factual-word",
        "factual-plus", "factual-assaults", "no-new-filter",
    ],
)  # fmt: skip
def test_the_new_filters_select_exactly(db: str, filters: list[str], expected: list[Event]) -> None:
    assert listed(db, *filters) == {item.event_id for item in expected}


def test_an_unknown_modality_is_a_usage_error(db: str) -> None:
    result = CliRunner().invoke(cli, ["events", "--db", db, "--modality", "rumoured"])
    assert result.exit_code == 2
    assert "rumoured" in result.output and "hypothetical" in result.output


def test_export_takes_the_same_filters_and_writes_the_new_columns(db: str) -> None:
    result = run("export", "--db", db, "--format", "csv", "--modality", "denied")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["event_id"] for row in rows] == [STRIKE.event_id]
    assert (rows[0]["modality"], rows[0]["stated_in"]) == ("denied", DENIAL.event_id)
    assert "exported 1 events" in result.stderr
    violent = run("export", "--db", db, "--format", "jsonl", "--call-to-violence")
    [record] = [json.loads(line) for line in violent.stdout.splitlines()]
    assert record == INCITEMENT.to_dict()


def test_the_said_column_shows_how_each_event_is_told() -> None:
    table = event_table(EVENTS, width=200)
    # The said column starts after date (10) and hist (4), each followed by two spaces.
    cells = [line[18:26].strip() for line in table.splitlines()[2:-1]]
    assert cells == ["!", "", "threat", "denies", "denied", "claimed"]


def test_the_said_legend_appears_only_when_used() -> None:
    plain = event_table([WARNING], width=200)
    assert "'said'" not in plain and plain.endswith("'hist' = background, not news)")
    assert "'said'" in event_table([TORCHING], width=200)
