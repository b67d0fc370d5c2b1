"""Input shards, the result-shard format, and the result folder that makes runs resumable.

Input: anything ``eventwire.ingest.read_articles`` reads (plain ``.txt``, JSON Lines, CSV, or
folders of them) plus Parquet files with the same columns. The articles are cut, in input
order, into shards of ``shard_size``; the same input and size always give the same shards.

Output, one folder::

    OUT/_manifest.json                   what the run was asked for (written first)
    OUT/shard-000000-1f2e3d4c5b6a.jsonl  one line per article: {"article": ..., "events": [...]}
    OUT/_done.json                       written last, with the totals, when every shard is done

A shard file appears only once complete (written to a ``.part`` file, then renamed), so a run
that is killed and started again with the same command skips the shards whose file exists and
never writes an article twice. ``article`` is the store's article row (``article_to_row``,
without ``coded_at``), ``events`` the ``eventwire code`` JSON of each event.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from eventwire.errors import ArticleError, ConfigError, EventwireError, MissingDependencyError
from eventwire.ingest import ReadSummary, read_articles
from eventwire.ingest.records import article_from_record
from eventwire.model import Article, Event, Origin, Rejection
from eventwire.scale.base import (
    SHARD_PREFIX,
    SHARD_SUFFIX,
    ResultFormatError,
    Shard,
    ShardError,
    ShardResult,
)
from eventwire.store.codec import article_from_row, article_to_row, event_from_dict

logger = logging.getLogger(__name__)

PARQUET_SUFFIX = ".parquet"
MANIFEST = "_manifest.json"
DONE = "_done.json"
RESULT_FORMAT = "eventwire-result-shards"
RESULT_VERSION = 1
DEFAULT_SHARD_SIZE = 1000
_PART = ".part"
# Manifest keys kept for the record only: the same input may be named by another path.
_UNCHECKED = frozenset({"inputs"})
_PARQUET_BATCH = 1024
# Extensions read_articles reads from folders; a folder holding none of them (only Parquet)
# is not handed to it, or it would reject the folder as empty.
_READER_SUFFIXES = (".txt", ".jsonl", ".ndjson", ".csv")


# --- reading input --------------------------------------------------------------------------


def read_inputs(paths: Sequence[str | os.PathLike[str]], summary: ReadSummary) -> Iterator[Article]:
    """The articles under ``paths``: first everything ``read_articles`` reads, then Parquet files
    (named directly or found in folders), in name order. Rejections land in ``summary``."""
    parquet = [file for path in paths for file in _parquet_files(Path(path))]
    others = [path for path in paths if _has_reader_files(Path(path))]
    items = itertools.chain(
        read_articles(others, summary=summary), _read_parquet_files(parquet, summary)
    )
    seen = _SeenIds()
    for item in items:
        if isinstance(item, Rejection):
            logger.debug("rejected %s", item)  # already in the summary
        elif seen.is_new(item, summary):
            yield item


def _parquet_files(path: Path) -> list[Path]:
    if path.suffix.lower() == PARQUET_SUFFIX:
        return [path]
    if path.is_dir():
        return sorted(
            file for file in path.rglob(f"*{PARQUET_SUFFIX}")
            if not any(part.startswith(".") for part in file.relative_to(path).parts)
        )
    return []


def _has_reader_files(path: Path) -> bool:
    """Whether ``read_articles`` should see ``path``: any path but a Parquet file or a folder
    whose only article files are Parquet (a missing path is passed on, to be rejected there)."""
    if path.suffix.lower() == PARQUET_SUFFIX:
        return False
    if not path.is_dir() or not _parquet_files(path):
        return True
    return any(
        file.name.lower().removesuffix(".gz").endswith(_READER_SUFFIXES) for file in path.rglob("*")
    )


def _read_parquet_files(files: Iterable[Path], summary: ReadSummary) -> Iterator[Article | Rejection]:
    for file in files:
        summary.files += 1
        for item in read_parquet(file):
            if isinstance(item, Rejection):
                summary.rejections.append(item)
            else:
                summary.articles += 1
            yield item


def read_parquet(path: Path) -> Iterator[Article | Rejection]:
    """The articles of a Parquet file with the JSON Lines columns (``text``; ``id``, ``date``,
    ``title``, ``source``, ``url``), streamed in record batches; a bad row is a ``Rejection``
    whose line is its 1-based row number."""
    pq = _require_pyarrow()
    try:
        parquet_file = pq.ParquetFile(path)
        batches = parquet_file.iter_batches(batch_size=_PARQUET_BATCH)
        row_number = 0
        for batch in batches:
            for record in batch.to_pylist():
                row_number += 1
                yield _article_from_parquet_row(record, str(path), row_number)
    except (OSError, ValueError) as error:  # pyarrow's errors derive from these
        yield Rejection(str(path), None, f"cannot read the Parquet file ({error}): check the file")


def _article_from_parquet_row(record: dict[str, Any], path: str, row: int) -> Article | Rejection:
    value = record.get("date")
    if isinstance(value, (date, datetime)):  # a date column; the JSON rules read ISO text
        record = {**record, "date": value.isoformat()}
    try:
        return article_from_record(record, Origin(path, row))
    except ArticleError as error:
        return Rejection(path, row, error.reason)


def _require_pyarrow() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError as error:
        raise MissingDependencyError("Reading Parquet input", "pyarrow", "parquet") from error
    return pq


class _SeenIds:
    """Ids across all inputs (``read_articles`` checks only its own files, not Parquet)."""

    def __init__(self) -> None:
        self._hashes: dict[str, str] = {}

    def is_new(self, article: Article, summary: ReadSummary) -> bool:
        content_hash = article.content_hash
        first = self._hashes.setdefault(article.id, content_hash)
        if first is content_hash:
            return True
        summary.articles -= 1  # counted by its reader, but not coded
        if first == content_hash:
            summary.repeats += 1
        else:
            where = str(article.origin) if article.origin else article.id
            summary.rejections.append(Rejection(
                where, None, f"duplicate id {article.id!r} with a different text or date: "
                "give each article its own id, or remove one of them"))
        return False


def plan_shards(articles: Iterable[Article], shard_size: int) -> Iterator[Shard]:
    """``articles`` cut into consecutive shards of ``shard_size`` (the last may be smaller)."""
    if shard_size < 1:
        raise ConfigError(f"--shard-size must be at least 1, got {shard_size}")
    stream = iter(articles)
    for index in itertools.count():
        chunk = tuple(itertools.islice(stream, shard_size))
        if not chunk:
            return
        yield Shard(index, chunk)


# --- result lines ---------------------------------------------------------------------------


def encode_result(article: Article, events: Iterable[Event]) -> str:
    """One line of a result shard: the article row and its events' JSON."""
    row = article_to_row(article, coded_at="")
    del row["coded_at"]  # the time of a save, not of the coding: kept out so reruns agree
    record = {"article": row, "events": [event.to_dict() for event in events]}
    return json.dumps(record, ensure_ascii=False)


def decode_result(line: str, *, where: str) -> tuple[Article, list[Event]]:
    """The article and events of one result line; ``where`` (``path:line``) goes in errors.

    Raises ``ResultFormatError`` for anything ``encode_result`` would not have written.
    """
    try:
        record = json.loads(line)
        row, events = record["article"], record["events"]
        article = article_from_row(row)
        decoded = [event_from_dict(event) for event in events]
    except (ValueError, KeyError, TypeError, EventwireError) as error:
        raise ResultFormatError(
            f"{where}: not a result line of `eventwire code` ({error}); load only the folders "
            "it writes, or rerun the coding into a new folder"
        ) from error
    if row.get("content_hash") != article.content_hash:
        raise ResultFormatError(
            f"{where}: article {article.id!r} was changed after coding (its content hash does "
            "not match): code it again"
        )
    strays = [event.event_id for event in decoded if event.article_id != article.id]
    if strays:
        raise ResultFormatError(f"{where}: events {strays} belong to another article than {article.id!r}")
    return article, decoded


# --- the result folder ----------------------------------------------------------------------


class ResultFolder:
    """A folder of result shards, with the manifest and the ``_done.json`` marker."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def prepare(self, manifest: Mapping[str, Any]) -> None:
        """Create the folder, or check that it holds a run of the same ``manifest``; drop the
        ``.part`` files a killed run left behind.

        Raises ``ConfigError`` if the folder holds results of a run asked for differently.
        """
        if self.path.exists() and not self.path.is_dir():
            raise ConfigError(f"-o {self.path}: this is a file; name a folder for the result shards")
        self.path.mkdir(parents=True, exist_ok=True)
        written = self.read_manifest()
        if written is None:
            if self.shard_files():
                raise ConfigError(
                    f"{self.path} holds result shards but no {MANIFEST}: use a new folder")
            self._write_json(MANIFEST, {"format": RESULT_FORMAT, "version": RESULT_VERSION, **manifest})
        else:
            _check_same_run(self.path, written, manifest)
        for stale in self.path.glob(f"*{_PART}"):
            logger.info("removing %s, left by a run that was stopped", stale)
            stale.unlink()

    def read_manifest(self) -> dict[str, Any] | None:
        try:
            manifest = json.loads((self.path / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            raise ResultFormatError(f"cannot read {self.path / MANIFEST}: {error}") from error
        if not isinstance(manifest, dict) or manifest.get("format") != RESULT_FORMAT:
            raise ResultFormatError(f"{self.path / MANIFEST} is not a manifest of `eventwire code`")
        return manifest

    def shard_files(self) -> list[Path]:
        return sorted(self.path.glob(f"{SHARD_PREFIX}*{SHARD_SUFFIX}"))

    def done_names(self) -> dict[int, str]:
        """The name of each finished shard, by index."""
        done: dict[int, str] = {}
        for file in self.shard_files():
            name = file.name.removesuffix(SHARD_SUFFIX)
            index = name.removeprefix(SHARD_PREFIX).split("-", 1)[0]
            if index.isdigit():
                done[int(index)] = name
        return done

    def is_done(self, shard: Shard, done: Mapping[int, str]) -> bool:
        """Whether ``shard`` was written already. Raises ``ConfigError`` if a shard of the same
        index holds other articles (the input changed since the run started)."""
        name = done.get(shard.index)
        if name is None:
            return False
        if name != shard.name:
            raise ConfigError(
                f"{self.path / (name + SHARD_SUFFIX)} holds other articles than shard "
                f"{shard.index} of this input: the input changed since this folder was "
                "written; code it into a new folder"
            )
        return True

    def write(self, result: ShardResult) -> Path:
        """Write one shard atomically: a ``.part`` file, flushed to disk, then renamed."""
        target = self.path / (result.shard.name + SHARD_SUFFIX)
        partial = target.with_name(target.name + _PART)
        try:
            with partial.open("w", encoding="utf-8", newline="\n") as stream:
                for article, events in result.pairs():
                    stream.write(encode_result(article, events) + "\n")
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(partial, target)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise ShardError(f"cannot write {target}: {error}; check the folder and the free space") from error
        return target

    def finish(self, totals: Mapping[str, Any]) -> None:
        self._write_json(DONE, dict(totals))

    def is_finished(self) -> bool:
        return (self.path / DONE).exists()

    def _write_json(self, name: str, document: Mapping[str, Any]) -> None:
        target = self.path / name
        partial = target.with_name(target.name + _PART)
        partial.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(partial, target)


def _check_same_run(path: Path, written: Mapping[str, Any], asked: Mapping[str, Any]) -> None:
    for key, value in asked.items():
        if key not in _UNCHECKED and key in written and written[key] != value:
            raise ConfigError(
                f"{path} was written with {key} = {written[key]!r}, this run asks for {value!r}: "
                "rerun with the same options to resume, or use a new folder"
            )
