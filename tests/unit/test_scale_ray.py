"""The Ray engine on a local 2-CPU Ray instance, against the local engine, with the real model.

The five articles are written for this test in wire-report style. Checks: the Ray output equals
the local engine's byte for byte (same events, same ids), a run stopped after one shard resumes
without coding or writing an article twice, a worker killed mid-run is restarted and its shard
retried, and the result loads into a SQLite store.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import pytest

from eventwire.config import Settings
from eventwire.model import Article
from eventwire.pipeline import Coder
from eventwire.scale import (
    LocalEngine,
    ResultFolder,
    Shard,
    ShardResult,
    code_to_folder,
    load_results,
    read_result_shard,
    run_manifest,
)
from eventwire.scale.ray_engine import RayEngine
from eventwire.store import SQLiteStore

pytestmark = [pytest.mark.model, pytest.mark.ray]

ARTICLES = [
    {"id": "wire-goma", "date": "2024-02-12", "text":
        "GOMA, Congo, Feb 12 - M23 rebels shelled the town of Sake on Monday, killing three "
        "civilians and wounding eight others, a local official said."},
    {"id": "wire-mogadishu", "date": "2024-03-03", "text":
        "MOGADISHU, March 3 - Al-Shabaab fighters attacked a military base near Afgoye on "
        "Sunday. Somali troops repelled the assault and killed seven militants, the army said."},
    {"id": "wire-khartoum", "date": "2024-01-20", "text":
        "KHARTOUM, Jan 20 - The Rapid Support Forces and the army clashed in Omdurman on "
        "Saturday, residents said. At least 12 people were killed in the fighting."},
    {"id": "wire-lahore", "date": "2024-05-07", "text":
        "LAHORE, May 7 - Thousands of traders protested in Lahore on Tuesday against new taxes. "
        "Police arrested 15 demonstrators after some threw stones at officers."},
    {"id": "wire-jenin", "date": "2024-06-18", "text":
        "JENIN, West Bank, June 18 - Israeli forces raided the Jenin refugee camp on Tuesday "
        "and killed two Palestinian gunmen, the Palestinian health ministry said."},
]
SHARD_SIZE = 2
IDS = [article["id"] for article in ARTICLES]


@pytest.fixture(scope="module")
def ray_instance() -> Iterator[Any]:
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def wire_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("input") / "wire.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in ARTICLES), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def manifest(wire_input: Path) -> dict[str, Any]:
    return run_manifest(Settings(), shard_size=SHARD_SIZE, inputs=[wire_input])


@pytest.fixture(scope="module")
def local_output(tmp_path_factory: pytest.TempPathFactory, wire_input: Path,
                 manifest: dict[str, Any]) -> Path:
    out = tmp_path_factory.mktemp("local")
    with LocalEngine(lambda: Coder.default(Settings())) as engine:
        code_to_folder([wire_input], out, engine=engine, manifest=manifest)
    return out


def shard_bytes(folder: Path) -> dict[str, bytes]:
    return {file.name: file.read_bytes() for file in ResultFolder(folder).shard_files()}


def coded_ids(folder: Path) -> list[str]:
    return [article.id for file in ResultFolder(folder).shard_files()
            for article, _ in read_result_shard(file)]


class StopsAfterOneShard:
    """Wraps an engine and stops the run after its first result, as a killed driver would."""

    name = "stopping"

    def __init__(self, engine: RayEngine) -> None:
        self.engine = engine

    def code_shards(self, shards: Iterable[Shard]) -> Iterator[ShardResult]:
        results = self.engine.code_shards(shards)
        yield next(results)
        raise KeyboardInterrupt("stopped after one shard")

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        pass


def test_ray_output_equals_the_local_engine_and_resumes_without_duplicates(
        ray_instance: Any, wire_input: Path, manifest: dict[str, Any], local_output: Path,
        tmp_path: Path) -> None:
    local = shard_bytes(local_output)
    assert len(local) == 3
    event_ids = [e.event_id for f in ResultFolder(local_output).shard_files()
                 for _, events in read_result_shard(f) for e in events]
    assert len(event_ids) >= 5, "the articles should yield events; the comparison would be empty"

    out = tmp_path / "ray"
    with RayEngine(Settings(), workers=2) as engine:
        with pytest.raises(KeyboardInterrupt):
            code_to_folder([wire_input], out, engine=StopsAfterOneShard(engine), manifest=manifest)
        # whichever shard finished first (the last one is the smallest) is kept, whole
        kept = coded_ids(out)
        assert len(ResultFolder(out).shard_files()) == 1 and not (out / "_done.json").exists()
        report = code_to_folder([wire_input], out, engine=engine, manifest=manifest)
    assert (report.shards_done_before, report.shards_written) == (1, 2)
    assert report.articles_written == len(ARTICLES) - len(kept)
    assert sorted(coded_ids(out)) == sorted(IDS)  # each article once
    assert shard_bytes(out) == local

    with SQLiteStore(tmp_path / "x.db") as store:
        loaded = load_results(out, store)
        assert loaded.complete and loaded.saved.articles_inserted == len(ARTICLES)
        assert sorted(e.event_id for e in store.events()) == sorted(event_ids)
        stored = store.article("wire-goma")
        assert isinstance(stored, Article) and stored.text == ARTICLES[0]["text"]


def test_a_killed_worker_is_restarted_and_its_shards_retried(
        ray_instance: Any, wire_input: Path, manifest: dict[str, Any], local_output: Path,
        tmp_path: Path) -> None:
    out = tmp_path / "ray"
    with RayEngine(Settings(), workers=1, max_retries=2) as engine:
        results = engine.code_shards(
            Shard(index, tuple(pair[0] for pair in group))
            for index, group in enumerate(_groups(_local_pairs(local_output))))
        first = next(results)
        # kill the only worker while its next shards are queued: Ray restarts it (the model
        # loads again) and retries them
        ray_instance.kill(engine._actors[0], no_restart=False)
        rest = list(results)
    folder = ResultFolder(out)
    folder.prepare(manifest)
    for result in [first, *rest]:
        folder.write(result)
    assert shard_bytes(out) == shard_bytes(local_output)


def _local_pairs(folder: Path) -> list[tuple[Article, Any]]:
    return [pair for file in ResultFolder(folder).shard_files() for pair in read_result_shard(file)]


def _groups(pairs: list[tuple[Article, Any]]) -> list[list[tuple[Article, Any]]]:
    return [pairs[start:start + SHARD_SIZE] for start in range(0, len(pairs), SHARD_SIZE)]


def test_ray_workers_write_into_one_store_at_once_without_duplicates(
        ray_instance: Any, wire_input: Path, manifest: dict[str, Any], local_output: Path,
        store_url: str, tmp_path: Path) -> None:
    """Issue 11: two Ray workers save their shards into the same store concurrently (each
    opens it; PostgreSQL serialises per article), and a rerun over finished shards stores
    nothing twice. The store ends with exactly the local engine's events."""
    from eventwire.store import open_store

    local_ids = sorted(e.event_id for _, events in _local_pairs(local_output) for e in events)
    out = tmp_path / "ray-store"
    with RayEngine(Settings(), workers=2, store_url=store_url) as engine:
        report = code_to_folder([wire_input], out, engine=engine, manifest=manifest)
        assert report.shards_written == 3
        # The same run again, into a fresh folder: every shard is coded and saved again.
        again = code_to_folder([wire_input], tmp_path / "again", engine=engine, manifest=manifest)
        assert again.articles_written == len(ARTICLES)
    with open_store(store_url) as store:
        assert store.count_articles() == len(ARTICLES)
        assert sorted(e.event_id for e in store.events()) == local_ids
