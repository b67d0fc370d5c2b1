"""The issue-6 fields of an event (modality, claimed_by, statement, responsibility, stated_in,
the statement flags, figures) through the store, the JSON codec and the exports.

The article and its events are written by hand for these tests.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from test_store import OLD_SCHEMAS, SCHEMA_2_ARTICLES

from eventwire.errors import ConfigError
from eventwire.model import (
    ActorRef,
    Article,
    Event,
    Figure,
    Modality,
    PloverType,
    Responsibility,
    Statement,
    TextSpan,
    event_id_for,
)
from eventwire.store import (
    FLAT_COLUMNS,
    SCHEMA_VERSION,
    EventDecodeError,
    EventFilter,
    SQLiteStore,
    event_from_dict,
    event_from_row,
    event_to_row,
    export_events,
    flatten_event,
)
from eventwire.store.codec import article_to_row

BODY = (
    "KISMAYO, Feb 9 (Wire) - A roadside bomb killed four soldiers near Jilib on Thursday, the "
    "army said. Al-Shabaab claimed responsibility for the blast on its radio station. "
    "A spokesman for the group warned that its fighters would storm every base in the valley, "
    "telling listeners to \"hunt the soldiers down in their homes\". "
    "Opposition leaders called on residents to gather outside the governor's office on Saturday. "
    "The regional administration denied that its forces had shelled a market in Jilib. "
    "Officials said the army would launch an offensive on the town next month. "
    "Analysts said the fighting could spread to Bardera. Elders in Jilib said seven soldiers "
    "were killed."
)
ARTICLE = Article("wire-som-0209", BODY, date(2025, 2, 9), source="Wire")


def span(words: str) -> TextSpan:
    start = BODY.index(words)
    return TextSpan(words, start, start + len(words))


def offsets(words: str) -> tuple[int, int]:
    found = span(words)
    return found.start, found.end


def party(words: str, **fields: Any) -> ActorRef:
    mention = span(words)
    return ActorRef(mention.text, mention.start, mention.end, **fields)


def sentence_of(trigger: TextSpan) -> TextSpan:
    start = BODY.rfind(". ", 0, trigger.start) + 2 if ". " in BODY[: trigger.start] else 0
    end = BODY.find(". ", trigger.end)
    end = len(BODY) if end < 0 else end + 1
    return TextSpan(BODY[start:end], start, end)


def event(trigger: str, event_type: PloverType, **fields: Any) -> Event:
    trigger_span = span(trigger)
    return Event(
        event_id=event_id_for(ARTICLE.id, trigger_span.start, str(event_type)),
        article_id=ARTICLE.id,
        event_type=event_type,
        evidence=sentence_of(trigger_span),
        trigger=trigger_span,
        **fields,
    )


ARMY = party("the army", name="Somali National Army", actor_id="sna", actor_type="state_military",
             country="SOM")
SHABAAB = party("Al-Shabaab", name="Al-Shabaab", actor_id="al-shabaab", actor_type="rebel_group",
                country="SOM")
BOMBING = event(
    "killed", PloverType.ASSAULT, actor=None, fatalities=4, modality=Modality.CLAIMED,
    claimed_by=ARMY,
    statement=Statement(speaker=span("the army"), verb=span("said")),
    responsibility=Responsibility(
        claimant=SHABAAB, evidence=sentence_of(span("claimed responsibility")),
        trigger=span("claimed responsibility"),
    ),
    figures=(
        Figure("killed", 4, "four soldiers", *offsets("four soldiers"), source=ARMY),
        Figure("killed", 7, "seven soldiers", *offsets("seven soldiers"),
               source=party("Elders in Jilib")),
    ),
)  # fmt: skip
THREAT = event(
    "warned", PloverType.THREATEN, actor=SHABAAB, call_to_action=True, call_to_violence=True,
    statement=Statement(
        speaker=span("A spokesman for the group"), verb=span("warned"),
        quotes=(span("hunt the soldiers down in their homes"),),
    ),
)  # fmt: skip
STORMING = event(
    "storm", PloverType.ASSAULT, modality=Modality.THREATENED, stated_in=THREAT.event_id
)
GATHERING = event("called on", PloverType.MOBILIZE, call_to_action=True)
DENIAL = event("denied", PloverType.REJECT, denial=True)
SHELLING = event(
    "shelled", PloverType.ASSAULT, modality=Modality.DENIED, stated_in=DENIAL.event_id
)
OFFENSIVE = event(
    "launch an offensive", PloverType.ASSAULT, modality=Modality.PLANNED, claimed_by=ARMY
)
SPREAD = event("fighting", PloverType.ASSAULT, modality=Modality.HYPOTHETICAL)
EVENTS = [BOMBING, THREAT, STORMING, GATHERING, DENIAL, SHELLING, OFFENSIVE, SPREAD]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path / "events.db") as opened:
        opened.save([(ARTICLE, EVENTS)])
        yield opened


def ids(events: list[Event]) -> set[str]:
    return {item.event_id for item in events}


# --- round trips ----------------------------------------------------------------------------


def test_the_hand_built_spans_point_into_the_article() -> None:
    for item in EVENTS:
        for text_span in (item.trigger, item.evidence):
            assert BODY[text_span.start : text_span.end] == text_span.text
    assert BOMBING.figures[1].text == BODY[BOMBING.figures[1].start : BOMBING.figures[1].end]


@pytest.mark.parametrize("item", EVENTS, ids=lambda e: f"{e.event_type}-{e.modality}")
def test_every_field_round_trips_through_a_row_and_json(item: Event) -> None:
    assert event_from_row(event_to_row(item)) == item
    assert event_from_dict(json.loads(json.dumps(item.to_dict()))) == item


def test_every_field_round_trips_through_the_store(store: SQLiteStore) -> None:
    stored = {item.event_id: item for item in store.events()}
    assert stored == {item.event_id: item for item in EVENTS}
    bombing = stored[BOMBING.event_id]
    assert bombing.responsibility is not None and bombing.responsibility.claimant == SHABAAB
    assert [figure.count for figure in bombing.figures] == [4, 7]
    assert isinstance(bombing.modality, Modality) and bombing.factual


def test_the_new_columns_hold_json_and_flags(store: SQLiteStore) -> None:
    raw = sqlite3.connect(store.path)
    raw.row_factory = sqlite3.Row
    row = raw.execute("SELECT * FROM events WHERE event_id = ?", (THREAT.event_id,)).fetchone()
    bare = raw.execute("SELECT * FROM events WHERE event_id = ?", (SPREAD.event_id,)).fetchone()
    raw.close()
    assert (row["modality"], row["call_to_action"], row["call_to_violence"], row["denial"]) == (
        "asserted", 1, 1, 0
    )
    assert json.loads(row["statement"])["quotes"][0]["text"] == "hunt the soldiers down in their homes"
    assert bare["modality"] == "hypothetical"
    assert [bare[name] for name in ("claimed_by", "statement", "responsibility", "figures")] == [
        None, None, None, None
    ]  # fmt: skip


def test_a_flag_outside_0_and_1_is_refused_by_the_table(store: SQLiteStore) -> None:
    raw = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        raw.execute("UPDATE events SET denial = 2")
    raw.close()


def test_jsonl_export_is_to_dict_and_reads_back(store: SQLiteStore) -> None:
    stream = io.StringIO()
    assert export_events(store, stream, fmt="jsonl") == len(EVENTS)
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    by_id = {item.event_id: item for item in EVENTS}
    for record in records:
        assert record == by_id[record["event_id"]].to_dict()
        assert event_from_dict(record) == by_id[record["event_id"]]


def test_json_written_before_issue_6_still_reads_with_the_defaults() -> None:
    record = GATHERING.to_dict()
    for key in ("modality", "claimed_by", "statement", "responsibility", "stated_in",
                "call_to_action", "call_to_violence", "denial", "figures"):
        del record[key]
    back = event_from_dict(record)
    assert back == replace(GATHERING, call_to_action=False)
    assert back.modality is Modality.ASSERTED and back.figures == ()


def test_a_row_from_before_schema_5_reads_as_asserted() -> None:
    row = event_to_row(THREAT)
    for key in ("modality", "claimed_by", "statement", "responsibility", "stated_in",
                "call_to_action", "call_to_violence", "denial", "figures"):
        del row[key]
    back = event_from_row(row)
    assert back.modality is Modality.ASSERTED
    assert (back.statement, back.call_to_violence, back.figures) == (None, False, ())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(modality="rumoured"), "modality 'rumoured' is not one of asserted"),
        (lambda d: d.update(modality=1), "'modality' should be str"),
        (lambda d: d.update(call_to_violence=1), "'call_to_violence' should be bool"),
        (lambda d: d.update(denial="yes"), "'denial' should be bool"),
        (lambda d: d.update(call_to_action="true"), "'call_to_action' should be bool"),
        (lambda d: d.update(stated_in=5), "'stated_in' should be str"),
        (lambda d: d.update(claimed_by="the army"), "'claimed_by' should be dict"),
        (lambda d: d["claimed_by"].update(start=None), "claimed_by: the required field 'start'"),
        (lambda d: d["statement"].update(tone="angry"), "statement: unknown field.*tone"),
        (lambda d: d["statement"].update(quotes=[None]), "statement, quote 1: should be an object"),
        (lambda d: d["statement"].update(speaker="the army"), "statement, speaker: should be"),
        (lambda d: d["responsibility"].pop("claimant"), "responsibility: the required field 'claimant'"),
        (lambda d: d["responsibility"]["trigger"].pop("end"), "responsibility, trigger: the required"),
        (lambda d: d.update(figures={"killed": 4}), "'figures' should be list"),
        (lambda d: d.update(figures=[4]), "figures: figure 1 should be an object"),
        (lambda d: d["figures"][1].update(count="seven"), "figures 2: field 'count' should be int"),
        (lambda d: d["figures"][0]["source"].update(name=3), "figures 1, source: field 'name'"),
    ],
    ids=[
        "modality", "modality-type", "flag-int", "flag-str", "flag-str-true", "stated-in",
        "claimed-by", "claimed-by-offset", "statement-key", "quote-null", "speaker-str",
        "claimant-missing", "trigger-offset", "figures-object", "figure-int", "figure-count",
        "figure-source",
    ],
)  # fmt: skip
def test_bad_values_name_the_field(change: Callable[[dict[str, Any]], object], message: str) -> None:
    record = BOMBING.to_dict()
    change(record)
    with pytest.raises(EventDecodeError, match=message):
        event_from_dict(record)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("statement", "{", "statement: stored value is not JSON"),
        ("figures", '{"kind": "killed"}', "figures: stored value should be a JSON list"),
        ("modality", "rumoured", "modality 'rumoured' is not one of"),
    ],
)
def test_a_corrupt_column_is_reported(column: str, value: str, message: str) -> None:
    row = event_to_row(BOMBING)
    row[column] = value
    with pytest.raises(EventDecodeError, match=message):
        event_from_row(row)


# --- filters --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"modalities": ("threatened",)}, [STORMING]),
        ({"modalities": ("DENIED", "planned")}, [SHELLING, OFFENSIVE]),
        ({"modalities": ("claimed",)}, [BOMBING]),
        ({"modalities": ("factual",)}, [BOMBING, THREAT, GATHERING, DENIAL]),
        ({"modalities": ("factual", "hypothetical")}, [BOMBING, THREAT, GATHERING, DENIAL, SPREAD]),
        ({"call_to_action": True}, [THREAT, GATHERING]),
        ({"call_to_violence": True}, [THREAT]),
        ({"denial": True}, [DENIAL]),
        ({"event_types": ("THREATEN",), "call_to_violence": True}, [THREAT]),
        ({"event_types": ("MOBILIZE",), "call_to_violence": True}, []),
        ({"event_types": ("ASSAULT",), "modalities": ("factual",)}, [BOMBING]),
        ({"call_to_action": False, "denial": False}, EVENTS),  # False means "not asked"
    ],
    ids=[
        "threatened", "two-any-case", "claimed", "factual", "factual-plus", "call-to-action",
        "call-to-violence", "denial", "threat-violence", "mobilize-violence", "factual-assaults",
        "flags-off",
    ],
)  # fmt: skip
def test_filters_keep_exactly_the_matching_events(
    store: SQLiteStore, fields: dict[str, Any], expected: list[Event]
) -> None:
    flt = EventFilter(**fields)
    assert ids(list(store.events(flt))) == ids(expected)
    assert store.count_events(flt) == len(expected)


def test_factual_is_what_the_model_calls_factual() -> None:
    factual = {m.value for m in Modality if replace(SPREAD, modality=m).factual}
    assert EventFilter(modalities=("factual",)).modalities == ("asserted", "claimed")
    assert factual == {"asserted", "claimed"}


def test_modalities_are_normalised_once_each() -> None:
    flt = EventFilter(modalities=(" Claimed", "factual", "asserted"))
    assert flt.modalities == ("claimed", "asserted")
    assert EventFilter(modalities="threatened").modalities == ("threatened",)  # type: ignore[arg-type]


def test_an_unknown_modality_lists_the_valid_ones() -> None:
    with pytest.raises(ConfigError, match="Unknown modality 'rumoured'") as caught:
        EventFilter(modalities=("rumoured",))
    for value in [*(m.value for m in Modality), "factual"]:
        assert value in str(caught.value)


# --- flat exports ---------------------------------------------------------------------------

NEW_COLUMNS = [
    "modality", "claimed_by_name", "claimed_by_text", "statement_speaker", "statement_verb",
    "statement_quotes", "responsibility_claimant_name", "responsibility_evidence", "stated_in",
    "call_to_action", "call_to_violence", "denial", "figures",
]  # fmt: skip


def test_the_flat_columns_come_before_extras_in_order() -> None:
    names = [name for name, _ in FLAT_COLUMNS]
    assert names[names.index("confidence") + 1 : names.index("extras")] == NEW_COLUMNS
    assert tuple(flatten_event(BOMBING)) == tuple(names)


def csv_rows(store: SQLiteStore) -> dict[str, dict[str, str]]:
    stream = io.StringIO()
    export_events(store, stream, fmt="csv")
    stream.seek(0)
    return {row["event_id"]: row for row in csv.DictReader(stream)}


def test_csv_export_has_the_new_columns_with_their_values(store: SQLiteStore) -> None:
    rows = csv_rows(store)
    bombing = rows[BOMBING.event_id]
    assert bombing["modality"] == "claimed"
    assert (bombing["claimed_by_name"], bombing["claimed_by_text"]) == (
        "Somali National Army", "the army"
    )  # fmt: skip
    assert (bombing["statement_speaker"], bombing["statement_verb"]) == ("the army", "said")
    assert bombing["statement_quotes"] == ""  # a statement without quotes
    assert bombing["responsibility_claimant_name"] == "Al-Shabaab"
    assert bombing["responsibility_evidence"].startswith("Al-Shabaab claimed responsibility")
    figures = json.loads(bombing["figures"])
    assert [(f["count"], f["source"]["text"]) for f in figures] == [
        (4, "the army"), (7, "Elders in Jilib")
    ]  # fmt: skip
    threat = rows[THREAT.event_id]
    assert json.loads(threat["statement_quotes"]) == ["hunt the soldiers down in their homes"]
    assert (threat["call_to_action"], threat["call_to_violence"], threat["denial"]) == (
        "True", "True", "False"
    )  # fmt: skip
    assert threat["modality"] == "asserted" and threat["figures"] == ""
    assert rows[SHELLING.event_id]["stated_in"] == DENIAL.event_id
    assert rows[DENIAL.event_id]["denial"] == "True"
    spread = rows[SPREAD.event_id]
    assert spread["modality"] == "hypothetical"
    assert all(spread[name] == "" for name in NEW_COLUMNS[1:9])


def test_parquet_export_types_the_new_columns(store: SQLiteStore, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    dest = tmp_path / "events.parquet"
    export_events(store, dest, fmt="parquet")
    table = pq.read_table(dest)
    assert str(table.schema.field("call_to_violence").type) == "bool"
    assert str(table.schema.field("modality").type) == "string"
    rows = {row["event_id"]: row for row in table.to_pylist()}
    assert rows[THREAT.event_id]["call_to_violence"] is True
    assert rows[OFFENSIVE.event_id]["claimed_by_name"] == "Somali National Army"


# --- upgrade --------------------------------------------------------------------------------


def write_schema_4_store(path: Path, events: list[Event]) -> None:
    """A store file as schema 4 wrote it (the DDL kept verbatim in test_store)."""
    raw = sqlite3.connect(path)
    raw.execute(SCHEMA_2_ARTICLES)
    raw.execute(OLD_SCHEMAS[4])
    article_row = article_to_row(ARTICLE, coded_at="2025-02-09T08:00:00+00:00")
    raw.execute(f"INSERT INTO articles VALUES ({', '.join('?' * len(article_row))})",
                list(article_row.values()))
    columns = [row[1] for row in raw.execute("PRAGMA table_info(events)")]
    for item in events:
        row = event_to_row(item)
        raw.execute(f"INSERT INTO events ({', '.join(columns)}) VALUES "
                    f"({', '.join('?' * len(columns))})", [row[name] for name in columns])
    raw.execute("PRAGMA user_version = 4")
    raw.commit()
    raw.close()


def test_a_schema_4_store_upgrades_to_5_and_keeps_its_events(tmp_path: Path) -> None:
    path = tmp_path / "schema4.db"
    old_events = [replace(GATHERING, call_to_action=False), replace(DENIAL, denial=False)]
    write_schema_4_store(path, old_events)
    with SQLiteStore(path) as upgraded:
        assert upgraded.schema_version == SCHEMA_VERSION == 7
        assert sorted(upgraded.events(), key=lambda e: e.event_id) == sorted(
            old_events, key=lambda e: e.event_id
        )
        # The old rows took the column defaults: asserted, no flags.
        assert upgraded.count_events(EventFilter(modalities=("asserted",))) == 2
        assert upgraded.count_events(EventFilter(denial=True)) == 0
        revised = replace(ARTICLE, text=BODY + " ")  # a changed article is recoded
        upgraded.save([(revised, EVENTS)])
        assert ids(list(upgraded.events(EventFilter(call_to_violence=True)))) == {THREAT.event_id}
    with SQLiteStore(path) as reopened:
        assert reopened.schema_version == SCHEMA_VERSION
        assert {item.event_id: item for item in reopened.events()} == {
            item.event_id: item for item in EVENTS
        }
