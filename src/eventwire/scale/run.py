"""The sharded jobs: code an input into a folder of result shards, and load such a folder.

``code_to_folder`` is resumable: shards already in the folder are skipped (their articles are
not handed to the engine), and each new shard appears whole or not at all. ``load_results``
saves the articles of a result folder with their events into a store without coding anything,
and is idempotent like ``ingest``.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire import __version__
from eventwire.config import Settings
from eventwire.errors import InputError
from eventwire.ingest import ReadSummary
from eventwire.model import Article, Event
from eventwire.scale.base import Engine, Shard
from eventwire.scale.shards import ResultFolder, decode_result, plan_shards, read_inputs
from eventwire.store import EventStore, SaveResult

logger = logging.getLogger(__name__)

Progress = Callable[[int], None]  # called with the number of articles just finished
PathLike = str | os.PathLike[str]
# Settings that change what is coded; the others (batch_size, n_process) only change speed.
OUTPUT_SETTINGS = ("model", "parse_all", "historical_days", "min_confidence", "geonames_dump", "actor_files")


@dataclass
class ShardRunReport:
    """What one ``code_to_folder`` run did."""

    summary: ReadSummary
    engine: str
    shards_done_before: int = 0
    articles_done_before: int = 0
    shards_written: int = 0
    articles_written: int = 0
    events_written: int = 0

    def __str__(self) -> str:
        return (
            f"{self.summary}; {self.shards_written} shards written ({self.articles_written} "
            f"articles, {self.events_written} events) on the {self.engine} engine, "
            f"{self.shards_done_before} already done"
        )

    def totals(self) -> dict[str, Any]:
        return {"engine": self.engine, "shards": self.shards_done_before + self.shards_written,
                "articles": self.articles_done_before + self.articles_written,
                "rejected": len(self.summary.rejections)}


def run_manifest(settings: Settings, *, shard_size: int, inputs: Sequence[PathLike]) -> dict[str, Any]:
    """What a result folder records of its run; a resumed run must agree on all but ``inputs``."""
    return {
        "eventwire_version": __version__,
        "shard_size": shard_size,
        "settings": {name: getattr(settings, name) for name in OUTPUT_SETTINGS},
        "inputs": [os.fspath(path) for path in inputs],
    }


def code_to_folder(paths: Sequence[PathLike], output: PathLike, *, engine: Engine,
                   manifest: Mapping[str, Any], progress: Progress | None = None,
                   store: EventStore | None = None) -> ShardRunReport:
    """Code the articles under ``paths`` into result shards in ``output``, skipping the shards
    a previous run of the same ``manifest`` finished. ``engine`` must be entered already.

    With ``store``, each coded shard is also saved into it before its result file is written
    (by this process, unless the engine's workers save it themselves: ``stores_results``), so
    a run killed between the two stores nothing twice when resumed: saving is idempotent.

    Raises ``ConfigError`` if ``output`` holds a run of another manifest or of other input.
    """
    folder = ResultFolder(output)
    folder.prepare(manifest)
    report = ShardRunReport(summary=ReadSummary(), engine=engine.name)
    shards = plan_shards(read_inputs(paths, report.summary), int(manifest["shard_size"]))
    pending = _pending(shards, folder, report, progress)
    driver_saves = store is not None and not getattr(engine, "stores_results", False)
    for result in engine.code_shards(pending):
        if driver_saves:
            assert store is not None
            store.save(list(result.pairs()))
        folder.write(result)
        report.shards_written += 1
        report.articles_written += len(result.shard.articles)
        report.events_written += result.event_count
        if progress is not None:
            progress(len(result.shard.articles))
    folder.finish(report.totals())
    return report


def _pending(shards: Iterable[Shard], folder: ResultFolder, report: ShardRunReport,
             progress: Progress | None) -> Iterator[Shard]:
    done = folder.done_names()
    for shard in shards:
        if folder.is_done(shard, done):
            report.shards_done_before += 1
            report.articles_done_before += len(shard.articles)
            if progress is not None:
                progress(len(shard.articles))
        else:
            yield shard


# --- loading --------------------------------------------------------------------------------


@dataclass
class LoadReport:
    """What ``load_results`` read and saved."""

    shards: int = 0
    articles: int = 0
    complete: bool = True  # the folder's run had finished (``_done.json`` present)
    saved: SaveResult = field(default_factory=SaveResult)

    def __str__(self) -> str:
        saved = self.saved
        return (
            f"loaded {self.shards} shards: {self.articles} articles ({saved.articles_inserted} "
            f"new, {saved.articles_replaced} changed, {saved.articles_unchanged} already stored); "
            f"{saved.events_written} events written"
        )


def load_results(folder_path: PathLike, store: EventStore, *, chunk_size: int = 256,
                 progress: Progress | None = None) -> LoadReport:
    """Save the articles and events of a result folder into ``store``, one transaction per
    chunk, without coding. Articles already stored with the same content are left alone.

    Raises ``InputError`` if the folder has no manifest, ``ResultFormatError`` for a bad line.
    """
    folder = ResultFolder(folder_path)
    if not folder.path.is_dir() or folder.read_manifest() is None:
        raise InputError(
            f"{folder.path} is not a folder of result shards (no _manifest.json): write one with "
            "`eventwire code INPUT -o OUT/`"
        )
    report = LoadReport(complete=folder.is_finished())
    if not report.complete:
        logger.warning("%s has no _done.json: its run has not finished; loading the shards so far",
                       folder.path)
    files = folder.shard_files()
    report.shards = len(files)
    pairs = (pair for file in files for pair in read_result_shard(file))
    while batch := list(itertools.islice(pairs, chunk_size)):
        report.saved = report.saved + store.save(batch)
        report.articles += len(batch)
        if progress is not None:
            progress(len(batch))
    return report


def read_result_shard(path: Path) -> Iterator[tuple[Article, list[Event]]]:
    """The articles of one result shard with their events, streamed line by line."""
    try:
        with path.open(encoding="utf-8") as stream:
            for number, line in enumerate(stream, start=1):
                if line.strip():
                    yield decode_result(line, where=f"{path}:{number}")
    except OSError as error:
        raise InputError(f"cannot read {path}: {error}") from error
