"""``read_articles``: walk the given paths, pick a reader per file, drop repeats."""

from __future__ import annotations

import gzip
import logging
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from eventwire.errors import ArticleError, InputError
from eventwire.ingest.csvfile import read_csv
from eventwire.ingest.jsonl import read_jsonl
from eventwire.ingest.lines import ByteStream
from eventwire.ingest.plain import read_plain
from eventwire.ingest.summary import ReadSummary
from eventwire.model import Article, Rejection

logger = logging.getLogger(__name__)

STDIN = "-"
STDIN_NAME = "<stdin>"
# Extensions read from directories; an explicitly named file with no extension is plain too.
_KINDS = {".txt": "plain", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
_KNOWN = ".txt, .jsonl, .ndjson or .csv (optionally gzipped: .jsonl.gz)"
_JSON_REASON = (
    "a .json file is not read: write one JSON object per line (JSON Lines) "
    "and name the file .jsonl"
)


def read_articles(
    paths: Iterable[str | os.PathLike[str]], *, summary: ReadSummary | None = None
) -> Iterator[Article | Rejection]:
    """Articles from files and directories, and a ``Rejection`` for each input that cannot be
    read, in input order and lazily (files are streamed, never loaded whole).

    Directories are read recursively in name order, skipping hidden entries and files of
    other types. ``-`` is standard input, read as JSON Lines. A missing path is a
    ``Rejection``, not an error, and reading goes on. An article whose id was already read is
    skipped if its text and date are the same, and rejected otherwise.
    ``summary``, if given, is updated as items are yielded.

    Raises ``InputError`` (at once) if ``paths`` is a single path rather than a collection.
    """
    if isinstance(paths, (str, bytes, os.PathLike)):
        raise InputError(
            f"read_articles takes a list of paths, not one path ({os.fsdecode(paths)!r}): "
            "wrap it in a list"
        )
    return _read_all(paths, summary if summary is not None else ReadSummary())


def _read_all(
    paths: Iterable[str | os.PathLike[str]], summary: ReadSummary
) -> Iterator[Article | Rejection]:
    seen = _SeenIds()
    for path in paths:
        for item in _read_path(os.fspath(path), summary):
            if isinstance(item, Article):
                checked = seen.check(item)
                if checked is None:
                    summary.repeats += 1
                    continue
                item = checked
            if isinstance(item, Rejection):
                summary.rejections.append(item)
            else:
                summary.articles += 1
            yield item


class _SeenIds:
    """The ids read so far, with what was read under them, to catch duplicates across files."""

    def __init__(self) -> None:
        self._first: dict[str, tuple[str, str]] = {}  # id -> (content hash, where)

    def check(self, article: Article) -> Article | Rejection | None:
        """``article`` if its id is new; ``None`` for an exact repeat; else a ``Rejection``."""
        where = str(article.origin) if article.origin else article.id
        first = self._first.get(article.id)
        if first is None:
            self._first[article.id] = (article.content_hash, where)
            return article
        if first[0] == article.content_hash:
            logger.debug("skipping %s: a repeat of %s (same id, text and date)", where, first[1])
            return None
        origin = article.origin
        return Rejection(
            origin.path if origin else where,
            origin.line if origin else None,
            f"duplicate id {article.id!r} (first seen at {first[1]}) with a different text or "
            "date: give each article its own id, or remove one of them",
        )


def _read_path(path: str, summary: ReadSummary) -> Iterator[Article | Rejection]:
    if path == STDIN:
        summary.files += 1
        yield from _read_stream(sys.stdin.buffer, STDIN_NAME, "jsonl", STDIN_NAME)
    elif os.path.isdir(path):
        yield from _read_directory(Path(path), summary)
    elif os.path.exists(path):
        yield from _read_named_file(path, summary)
    else:
        yield Rejection(
            path,
            None,
            "no such file or directory: check the path "
            f"(relative paths start from {os.getcwd()})",
        )


def _read_named_file(path: str, summary: ReadSummary) -> Iterator[Article | Rejection]:
    """A file the user named: its extension decides the format; no extension means plain."""
    kind, _ = _kind_of(path)
    if kind == "json":
        yield Rejection(path, None, _JSON_REASON)
    elif kind is None:
        yield Rejection(
            path,
            None,
            f"unknown file type {Path(path).suffix!r}: name the file {_KNOWN}",
        )
    else:
        yield from _read_file(path, summary)


def _read_directory(directory: Path, summary: ReadSummary) -> Iterator[Article | Rejection]:
    skipped_before = summary.skipped
    found = False  # anything read or rejected, so an empty result always has a reason
    for entry in _walk(directory):
        if isinstance(entry, Path) and not _read_in_directories(entry.name):
            logger.debug("skipping %s: not a file type eventwire reads", entry)
            summary.skipped += 1
            continue
        found = True
        if isinstance(entry, Rejection):
            yield entry
        elif _kind_of(entry.name)[0] == "json":
            yield Rejection(str(entry), None, _JSON_REASON)
        else:
            yield from _read_file(str(entry), summary)
    if not found:
        skipped = summary.skipped - skipped_before
        yield Rejection(
            str(directory),
            None,
            f"no article files in this directory ({skipped} of other types skipped): "
            f"name article files {_KNOWN}",
        )


def _walk(directory: Path) -> Iterator[Path | Rejection]:
    """The files under ``directory``, depth first in name order, without hidden entries and
    without following links to directories (which could loop)."""
    try:
        entries = sorted(directory.iterdir(), key=lambda entry: entry.name)
    except OSError as error:
        yield Rejection(str(directory), None, f"cannot list the directory: {error.strerror}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            logger.debug("skipping hidden %s", entry)
        elif entry.is_dir():
            if entry.is_symlink():
                logger.debug("skipping %s: a link to a directory", entry)
            else:
                yield from _walk(entry)
        elif entry.is_file():
            yield entry


def _read_in_directories(name: str) -> bool:
    """Whether a file found in a directory is read (or, for .json, rejected) or skipped;
    files without an extension (README, LICENSE) are skipped."""
    kind, suffix = _kind_of(name)
    return kind is not None and suffix != ""


def _kind_of(name: str) -> tuple[str | None, str]:
    """The format for a file name (``None`` if unknown) and its extension, ``.gz`` set aside."""
    lower = Path(name).name.lower().removesuffix(".gz")
    suffix = Path(lower).suffix
    if suffix == ".json":
        return "json", suffix
    return _KINDS.get(suffix, "plain" if suffix == "" else None), suffix


def _read_file(path: str, summary: ReadSummary) -> Iterator[Article | Rejection]:
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed below; the generator may stop early
    except OSError as error:
        reason = f"cannot open the file ({error.strerror}): check its permissions"
        yield Rejection(path, None, reason)
        return
    summary.files += 1
    kind, _ = _kind_of(path)
    name = Path(path).name
    stem = name[:-3] if name.lower().endswith(".gz") else name
    with raw:
        stream: ByteStream = gzip.GzipFile(fileobj=raw) if path.lower().endswith(".gz") else raw
        yield from _read_stream(stream, path, kind or "plain", Path(stem).stem)


def _read_stream(
    stream: ByteStream, path: str, kind: str, stem: str
) -> Iterator[Article | Rejection]:
    """The items of one open file; a problem with the whole file becomes one ``Rejection``."""
    logger.debug("reading %s as %s", path, kind)
    try:
        if kind == "plain":
            yield read_plain(stream, path, stem)
        elif kind == "jsonl":
            yield from read_jsonl(stream, path)
        else:
            yield from read_csv(stream, path)
    except ArticleError as error:
        yield Rejection(path, error.line, error.reason)
    except (OSError, EOFError, zlib.error) as error:
        # a read error or a damaged gzip stream part way through: keep what was read
        yield Rejection(path, None, f"cannot read the rest of the file ({error}): check the file")
