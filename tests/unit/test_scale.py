"""eventwire.scale without a model: shard planning and naming, the result format, the folder's
manifest and resume logic, loading into a store, Parquet input, and the CLI's engine choice.

The coder is ``EvenCaseCoder`` (fakes.py); every article is written by hand for these tests.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import pytest
from fakes import EvenCaseCoder

from eventwire.errors import ConfigError, InputError, MissingDependencyError
from eventwire.ingest import ReadSummary
from eventwire.model import Article, Event, Origin, PloverType, TextSpan
from eventwire.scale import (
    LocalEngine,
    ResultFolder,
    ResultFormatError,
    Shard,
    ShardRunReport,
    code_to_folder,
    load_results,
    plan_shards,
    read_inputs,
    read_result_shard,
)
from eventwire.scale.shards import DONE, MANIFEST, decode_result, encode_result
from eventwire.store import SQLiteStore

MANIFEST_OF_TESTS = {"shard_size": 3, "settings": {"model": ""}, "inputs": ["in/"]}


def wire_article(number: int, *, text: str | None = None) -> Article:
    body = text or (
        f"KANO, Nigeria - Gunmen attacked a market in ward {number} on Tuesday, "
        "police said, and residents fled to nearby villages."
    )
    return Article(id=f"c{number:02d}", text=body, date=date(2024, 3, 5), title=f"Ward {number}",
                   source="Example Wire", origin=Origin("in/wire.jsonl", number + 1))


def articles(count: int) -> list[Article]:
    return [wire_article(number) for number in range(count)]


class StopAfter:
    """A coder that codes like ``EvenCaseCoder`` but dies after ``limit`` articles, as a killed
    run would; it pulls input in batches of three, as ``nlp.pipe`` reads ahead."""

    def __init__(self, limit: int) -> None:
        self.inner = EvenCaseCoder()
        self.limit = limit

    def code_many(self, stream: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        source = iter(stream)
        done = 0
        while batch := [article for _, article in zip(range(3), source)]:
            for pair in self.inner.code_many(batch):
                if done == self.limit:
                    raise KeyboardInterrupt("killed")
                done += 1
                yield pair


def run(folder: Path, items: list[Article], coder: EvenCaseCoder | StopAfter,
        manifest: dict[str, object] | None = None) -> ShardRunReport:
    """``code_to_folder`` over ``items`` written as one JSON Lines input file."""
    source = folder.parent / "in.jsonl"
    records = ({"id": a.id, "text": a.text, "date": "2024-03-05", "title": a.title} for a in items)
    source.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    with LocalEngine(lambda: coder) as engine:
        return code_to_folder([source], folder, engine=engine, manifest=manifest or MANIFEST_OF_TESTS)


def result_ids(folder: Path) -> list[str]:
    return [article.id for file in ResultFolder(folder).shard_files()
            for article, _ in read_result_shard(file)]


# --- shards ---------------------------------------------------------------------------------


def test_plan_cuts_consecutive_shards_and_the_last_is_smaller() -> None:
    shards = list(plan_shards(articles(7), 3))
    assert [shard.index for shard in shards] == [0, 1, 2]
    assert [[a.id for a in shard.articles] for shard in shards] == [
        ["c00", "c01", "c02"], ["c03", "c04", "c05"], ["c06"]]


def test_plan_refuses_an_empty_shard_size() -> None:
    with pytest.raises(ConfigError, match="at least 1"):
        list(plan_shards(articles(2), 0))


def test_shard_names_are_stable_and_change_with_the_content() -> None:
    first = Shard(4, tuple(articles(2)))
    assert first.name == Shard(4, tuple(articles(2))).name
    assert first.name.startswith("shard-000004-") and len(first.name) == len("shard-000004-") + 12
    edited = (articles(2)[0], wire_article(1, text="Gunmen attacked a convoy near Kano."))
    assert Shard(4, edited).name != first.name
    # the origin is where it was read, not what was coded: moving a file keeps the name
    moved = tuple(Article(a.id, a.text, a.date, a.title, a.source) for a in articles(2))
    assert Shard(4, moved).name == first.name


# --- result lines ---------------------------------------------------------------------------


def test_a_result_line_round_trips_the_article_and_its_events() -> None:
    article = wire_article(2)
    start = article.text.index("attacked")
    event = Event(event_id="e2", article_id="c02", event_type=PloverType.ASSAULT,
                  evidence=TextSpan(article.text[:60], 0, 60),
                  trigger=TextSpan("attacked", start, start + 8), fatalities=3, confidence=0.8)
    line = encode_result(article, [event])
    assert "\n" not in line and "coded_at" not in line
    decoded_article, decoded_events = decode_result(line, where="x:1")
    assert decoded_article == article
    assert decoded_events == [event]


@pytest.mark.parametrize(("change", "message"), [
    (lambda r: r["article"].update(text="Someone edited this text."), "changed after coding"),
    (lambda r: r["events"][0].update(article_id="c99"), "belong to another article"),
    (lambda r: r.pop("article"), "not a result line"),
    (lambda r: r["events"][0].pop("trigger"), "not a result line"),
], ids=["edited-text", "stray-event", "no-article", "bad-event"])
def test_a_damaged_result_line_is_refused_with_its_place(change: object, message: str) -> None:
    article = wire_article(0)
    event = Event(event_id="e0", article_id="c00", event_type=PloverType.ASSAULT,
                  evidence=TextSpan("x", 0, 1), trigger=TextSpan("x", 0, 1))
    record = json.loads(encode_result(article, [event]))
    change(record)  # type: ignore[operator]
    with pytest.raises(ResultFormatError, match=message) as caught:
        decode_result(json.dumps(record), where="out/shard-000000-abc.jsonl:7")
    assert "shard-000000-abc.jsonl:7" in str(caught.value)


# --- the folder and resuming ----------------------------------------------------------------


def test_a_run_writes_one_file_per_shard_then_the_done_marker(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = run(out, articles(7), EvenCaseCoder())
    files = ResultFolder(out).shard_files()
    assert [f.name[:12] for f in files] == ["shard-000000", "shard-000001", "shard-000002"]
    assert result_ids(out) == [f"c{n:02d}" for n in range(7)]
    assert (report.shards_written, report.articles_written, report.events_written) == (3, 7, 4)
    assert json.loads((out / DONE).read_text())["articles"] == 7
    assert json.loads((out / MANIFEST).read_text())["shard_size"] == 3
    assert not list(out.glob("*.part"))


def test_a_rerun_of_a_finished_folder_codes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(out, articles(7), EvenCaseCoder())
    before = {f.name: f.read_bytes() for f in ResultFolder(out).shard_files()}
    again = EvenCaseCoder()
    report = run(out, articles(7), again)
    assert again.seen == []
    assert (report.shards_done_before, report.articles_done_before, report.shards_written) == (3, 7, 0)
    assert {f.name: f.read_bytes() for f in ResultFolder(out).shard_files()} == before


def test_a_killed_run_resumes_without_coding_or_writing_an_article_twice(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run(out, articles(10), StopAfter(limit=5))  # dies inside the second shard
    assert result_ids(out) == ["c00", "c01", "c02"]
    assert not (out / DONE).exists()
    resumed = EvenCaseCoder()
    report = run(out, articles(10), resumed)
    assert resumed.seen == [f"c{n:02d}" for n in range(3, 10)]
    assert report.shards_done_before == 1
    assert result_ids(out) == [f"c{n:02d}" for n in range(10)]
    fresh = tmp_path / "fresh"
    run(fresh, articles(10), EvenCaseCoder())
    assert [f.read_bytes() for f in ResultFolder(out).shard_files()] == [
        f.read_bytes() for f in ResultFolder(fresh).shard_files()]


def test_a_part_file_left_by_a_killed_write_is_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(out, articles(4), EvenCaseCoder())
    stale = out / "shard-000001-000000000000.jsonl.part"
    stale.write_text('{"article": ', encoding="utf-8")
    run(out, articles(4), EvenCaseCoder())
    assert not stale.exists()


def test_resuming_with_another_shard_size_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(out, articles(4), EvenCaseCoder())
    with pytest.raises(ConfigError, match="shard_size = 3, this run asks for 2"):
        run(out, articles(4), EvenCaseCoder(), {**MANIFEST_OF_TESTS, "shard_size": 2})


def test_resuming_with_other_inputs_paths_is_allowed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(out, articles(4), EvenCaseCoder())
    report = run(out, articles(4), EvenCaseCoder(), {**MANIFEST_OF_TESTS, "inputs": ["./in"]})
    assert report.shards_done_before == 2


def test_resuming_over_changed_input_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(out, articles(4), EvenCaseCoder())
    changed = [wire_article(0, text="Gunmen attacked a bus near Kano on Monday."), *articles(4)[1:]]
    with pytest.raises(ConfigError, match="input changed"):
        run(out, changed, EvenCaseCoder())


def test_a_file_is_not_a_result_folder(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError, match="name a folder"):
        run(tmp_path / "out", articles(1), EvenCaseCoder())


# --- loading --------------------------------------------------------------------------------


def test_loading_stores_the_articles_with_their_events_and_is_idempotent(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(out, articles(5), EvenCaseCoder())
    with SQLiteStore(tmp_path / "x.db") as store:
        report = load_results(out, store, chunk_size=2)
        assert (report.shards, report.articles, report.complete) == (2, 5, True)
        assert report.saved.articles_inserted == 5 and report.saved.events_written == 3
        assert sorted(e.event_id for e in store.events()) == ["e0", "e2", "e4"]
        stored = store.article("c03")
        assert stored is not None and stored.title == "Ward 3" and stored.date == date(2024, 3, 5)
        again = load_results(out, store)
        assert (again.saved.articles_unchanged, again.saved.events_written) == (5, 0)
        assert store.count_events() == 3


def test_loading_an_unfinished_folder_says_so(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run(out, articles(10), StopAfter(limit=4))
    with SQLiteStore(tmp_path / "x.db") as store:
        report = load_results(out, store)
    assert (report.complete, report.articles) == (False, 3)


def test_loading_a_folder_of_articles_is_refused(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "x.db") as store, pytest.raises(InputError, match="_manifest.json"):
        load_results(tmp_path, store)


# --- input ----------------------------------------------------------------------------------


def test_parquet_input_is_read_with_the_json_lines_rules(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({
        "id": ["p1", "p2", "p3", "c00"],
        "date": pa.array([date(2024, 1, 2), None, date(2024, 1, 4), date(2024, 3, 5)], pa.date32()),
        "text": ["Troops shelled a village near Rutshuru.", "", "Police arrested six protesters.",
                 "A different text under an id the JSON Lines file already used."],
    })
    folder = tmp_path / "in"
    folder.mkdir()
    pq.write_table(table, folder / "part-0.parquet")
    (folder / "wire.jsonl").write_text(json.dumps({"id": "c00", "text": "Gunmen attacked."}) + "\n")
    summary = ReadSummary()
    read = list(read_inputs([folder], summary))
    assert [(a.id, a.date) for a in read] == [("c00", None), ("p1", date(2024, 1, 2)),
                                             ("p3", date(2024, 1, 4))]
    assert read[1].origin == Origin(str(folder / "part-0.parquet"), 1)
    reasons = [r.reason for r in summary.rejections]
    assert len(reasons) == 2 and "empty 'text'" in reasons[0] and "duplicate id 'c00'" in reasons[1]
    assert (summary.files, summary.articles) == (2, 3)


def test_a_folder_of_only_parquet_files_is_not_rejected_as_empty(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"id": ["p1"], "text": ["Rebels attacked a checkpoint."]}),
                   tmp_path / "a.parquet")
    summary = ReadSummary()
    assert [a.id for a in read_inputs([tmp_path], summary)] == ["p1"]
    assert summary.rejections == []


# --- Ray as an extra, and the CLI's choice of engine ----------------------------------------


def test_a_missing_ray_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    from eventwire.config import Settings
    from eventwire.scale.ray_engine import RayEngine, require_ray

    monkeypatch.setitem(sys.modules, "ray", None)  # makes `import ray` fail
    with pytest.raises(MissingDependencyError, match=r"pip install 'eventwire\[ray\]'"):
        require_ray()
    with pytest.raises(MissingDependencyError), RayEngine(Settings()):
        pass


def test_an_address_nobody_answers_fails_fast_with_what_to_check() -> None:
    pytest.importorskip("ray")
    from eventwire.config import Settings
    from eventwire.scale import ShardError
    from eventwire.scale.ray_engine import RayEngine

    refused = r"nothing answers at --address 127\.0\.0\.1:1 .*ray status"
    with pytest.raises(ShardError, match=refused), RayEngine(Settings(), address="127.0.0.1:1"):
        pass


@pytest.mark.parametrize(("options", "expected"), [
    ({}, None),
    ({"output": "events.jsonl"}, None),
    ({"output": "out/"}, "local"),
    ({"output": "out/", "engine": "ray"}, "ray"),
    ({"output": "out/", "address": "ray://head:10001"}, "ray"),
    ({"output": "out/", "workers": 2}, "ray"),
    ({"output": "out/", "shard_size": 10}, "local"),
    ({"output": "out", "engine": "ray"}, "ray"),
    ({"output": "out"}, None),
])
def test_the_cli_picks_the_engine(options: dict[str, object], expected: str | None) -> None:
    from eventwire.cli.main import chosen_engine

    asked = {"engine": None, "address": None, "workers": None, "shard_size": None, "output": None}
    assert chosen_engine(**{**asked, **options}) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("options", "message"), [
    ({"engine": "ray"}, "give -o OUT/"),
    ({"engine": "local", "output": "events.jsonl"}, "a folder, not events.jsonl"),
    ({"engine": "local", "output": "out/", "address": "auto"}, "for --engine ray"),
    ({"shard_size": 5, "output": "events.jsonl"}, "give -o OUT/"),
])
def test_the_cli_refuses_a_sharded_run_without_a_folder(options: dict[str, object], message: str) -> None:
    from eventwire.cli.main import chosen_engine

    asked = {"engine": None, "address": None, "workers": None, "shard_size": None, "output": None}
    with pytest.raises(ConfigError, match=message):
        chosen_engine(**{**asked, **options})  # type: ignore[arg-type]
