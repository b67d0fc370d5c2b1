"""Measure coding speed and memory: bare spaCy against eventwire, on the same texts.

The corpus is built at run time from the ``notes`` of the ACLED extracts under ``shared/data``
(read, never copied): by default articles of about 500 words, each the notes of one country and
week of one extract, or the short notes themselves; without the extracts, the project's own
sample texts, cycled. The passes are timed interleaved, to spread the noise of a shared machine
over all of them: bare ``nlp.pipe`` with the full pipeline, with ``n_process`` > 1 also bare
spaCy in a pool of processes that each parse a share of the texts (Docs never cross processes,
the strongest baseline), eventwire's ``code_many``, and ``code_many`` plus saving to a fresh
SQLite store as ingest does. Model loading and a first warm-up batch are timed apart.
``eventwire bench`` and ``scripts/bench.py`` print the result.
"""

from __future__ import annotations

import cProfile
import csv
import dataclasses
import datetime as dt
import hashlib
import importlib.util
import itertools
import logging
import multiprocessing
import os
import platform
import pstats
import random
import resource
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol, Self, cast

from eventwire.errors import EventwireError, InputError
from eventwire.model import Article, Event
from eventwire.store import EventStore, SaveResult

logger = logging.getLogger(__name__)

ACLED_GLOB = "acled-*/*.csv"
ACLED_ID_COLUMN = "event_id_cnty"
ACLED_TEXT_COLUMN = "notes"
ACLED_DATE_COLUMN = "event_date"
ACLED_COUNTRY_COLUMN = "country"
# The project's own texts, relative to the repository root, for when shared/data is absent.
FALLBACK_GLOBS = ("samples/*.txt", "samples/wire.jsonl", "tests/golden/cases/*.txt")
CORPUS_KINDS = ("articles", "notes")
ARTICLE_WORDS = 500
# An article is closed once it holds this share of the target; a shorter leftover is dropped.
MIN_ARTICLE_SHARE = 0.8
MIB = 1024 * 1024


# --- corpus ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Corpus:
    """The benchmark texts. ``parts`` counts articles per extract (or per fallback file)."""

    source: str  # "acled" or "project-samples"
    articles: tuple[Article, ...]
    parts: tuple[tuple[str, int], ...]
    note: str = ""
    kind: str = "notes"  # "articles" (notes joined to ~500 words) or "notes"

    @property
    def characters(self) -> int:
        return sum(len(article.text) for article in self.articles)

    @property
    def words(self) -> int:
        return sum(word_count(article.text) for article in self.articles)


@dataclass(frozen=True, slots=True)
class AcledNote:
    """One row of an ACLED extract: what the benchmark needs of it."""

    id: str
    text: str
    country: str = ""
    date: dt.date | None = None

    @property
    def words(self) -> int:
        return word_count(self.text)


def word_count(text: str) -> int:
    """Whitespace-separated words, the unit of the issue's "~500-word articles"."""
    return len(text.split())


def default_repo_root() -> Path:
    """The source checkout this package runs from, else the working directory."""
    checkout = Path(__file__).resolve().parents[2]
    return checkout if (checkout / "pyproject.toml").is_file() else Path.cwd()


def default_data_dir(repo_root: Path) -> Path:
    """``shared/data`` beside the repository, where the evaluation datasets live."""
    return repo_root.parent / "shared" / "data"


def build_corpus(n: int, *, seed: int, repo_root: Path, data_dir: Path | None = None,
                 kind: str = "articles", words: int = ARTICLE_WORDS) -> Corpus:
    """``n`` articles from the ACLED extracts, or from the project's texts when there are none.

    ``kind`` "articles" joins notes into articles of about ``words`` words; "notes" takes each
    note as an article. An explicit ``data_dir`` must hold ACLED extracts; the default location
    may be absent. Raises ``InputError`` on a bad ``n``, ``kind`` or ``words``, an explicit
    ``data_dir`` without extracts, or no article or text at all.
    """
    if n < 1:
        raise InputError(f"the corpus needs at least 1 article, got n={n}")
    if kind not in CORPUS_KINDS:
        raise InputError(f"unknown corpus '{kind}'; choose one of {', '.join(CORPUS_KINDS)}")
    if words < 1:
        raise InputError(f"articles need at least 1 word, got words={words}")
    chosen = data_dir if data_dir is not None else default_data_dir(repo_root)
    files = sorted(chosen.glob(ACLED_GLOB)) if chosen.is_dir() else []
    if files:
        corpus = acled_corpus(files, n=n, seed=seed, kind=kind, words=words)
        if not corpus.articles:
            raise InputError(f"no country and week of the extracts under {chosen} holds "
                             f"{MIN_ARTICLE_SHARE * words:.0f} words; lower --words or use "
                             "--corpus notes")
        return corpus
    if data_dir is not None:
        raise InputError(f"no ACLED extracts ({ACLED_GLOB}) under {data_dir}; check --data")
    logger.warning("no ACLED extracts under %s; using the project's sample texts", chosen)
    return fallback_corpus(repo_root, n=n, note=f"{chosen} not found")


def acled_corpus(files: Sequence[Path], *, n: int, seed: int, kind: str = "notes",
                 words: int = ARTICLE_WORDS) -> Corpus:
    """A stratified sample: as equal a share per extract as their sizes allow, then shuffled."""
    notes = _acled_notes(files)
    if kind == "articles":
        pools = {name: pack_articles(found, words=words) for name, found in notes.items()}
    else:
        pools = {name: [Article(id=note.id, text=note.text) for note in found]
                 for name, found in notes.items()}
    names = list(pools)
    shares = allocate(n, [len(pools[name]) for name in names])
    rng = random.Random(seed)
    articles: list[Article] = []
    for name, share in zip(names, shares):
        articles.extend(rng.sample(pools[name], share))
    rng.shuffle(articles)  # mix the extracts, so no batch is all one style
    if len(articles) < n:
        logger.warning("asked for %d articles, the extracts hold only %d", n, len(articles))
    return Corpus("acled", tuple(articles), tuple(zip(names, shares)), kind=kind)


def _acled_notes(files: Sequence[Path]) -> dict[str, list[AcledNote]]:
    # An event id read from an earlier extract is skipped: the extracts overlap in places
    # (Burkina Faso 2020 is also in the global file), and no note may be coded twice.
    seen: set[str] = set()
    notes: dict[str, list[AcledNote]] = {}
    for path in files:
        found = [note for note in read_acled_notes(path) if note.id not in seen]
        seen.update(note.id for note in found)
        notes[path.parent.name] = found
    return notes


def read_acled_notes(path: Path) -> Iterator[AcledNote]:
    """Every row with an event id and non-empty notes, with its country and event date."""
    from eventwire.evaluate.acled import parse_acled_date

    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                event_id = (row.get(ACLED_ID_COLUMN) or "").strip()
                text = (row.get(ACLED_TEXT_COLUMN) or "").strip()
                if event_id and text and text != "NA":
                    yield AcledNote(event_id, text, (row.get(ACLED_COUNTRY_COLUMN) or "").strip(),
                                    parse_acled_date(row.get(ACLED_DATE_COLUMN)))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise InputError(f"cannot read ACLED extract {path}: {error}") from error


def pack_articles(notes: Iterable[AcledNote], *, words: int = ARTICLE_WORDS) -> list[Article]:
    """Articles of about ``words`` words from one extract's notes.

    The notes of one country and ISO week, in date order, are joined one paragraph each; an
    article closes at the note that takes it nearest to ``words`` (once it holds
    ``MIN_ARTICLE_SHARE`` of them), and a shorter leftover is dropped. Undated notes are left out.
    Each article is dated by its latest note and its id is a hash of its notes' ids.
    """
    groups: defaultdict[tuple[str, int, int], list[AcledNote]] = defaultdict(list)
    for note in notes:
        if note.date is not None:
            year, week, _ = note.date.isocalendar()
            groups[(note.country, year, week)].append(note)
    articles: list[Article] = []
    for key in sorted(groups):
        in_order = sorted(groups[key], key=lambda note: (note.date, note.id))
        articles.extend(_joined(chunk) for chunk in _packed(in_order, words))
    return articles


def _packed(notes: Sequence[AcledNote], target: int) -> Iterator[list[AcledNote]]:
    chunk: list[AcledNote] = []
    count = 0
    for note in notes:
        nearer_without = abs(count - target) < abs(count + note.words - target)
        if chunk and count >= MIN_ARTICLE_SHARE * target and nearer_without:
            yield chunk
            chunk, count = [], 0
        chunk.append(note)
        count += note.words
    if chunk and count >= MIN_ARTICLE_SHARE * target:
        yield chunk


def _joined(notes: Sequence[AcledNote]) -> Article:
    ids = "\n".join(note.id for note in notes)
    digest = hashlib.sha256(ids.encode("utf-8")).hexdigest()[:16]
    latest = max(note.date for note in notes if note.date is not None)
    text = "\n\n".join(note.text for note in notes)
    return Article(id=f"acled-{digest}", text=text, date=latest)


def allocate(n: int, sizes: Sequence[int]) -> list[int]:
    """Split ``n`` over groups as equally as their ``sizes`` allow; earlier groups get odd ones."""
    shares = [0] * len(sizes)
    remaining = min(n, sum(sizes))
    open_groups = [i for i, size in enumerate(sizes) if size > 0]
    while remaining and open_groups:
        each, extra = divmod(remaining, len(open_groups))
        for rank, i in enumerate(open_groups):
            take = min(each + (rank < extra), sizes[i] - shares[i])
            shares[i] += take
            remaining -= take
        open_groups = [i for i in open_groups if shares[i] < sizes[i]]
    return shares


def fallback_corpus(repo_root: Path, *, n: int, note: str = "") -> Corpus:
    """The project's sample and golden texts, cycled to ``n``; repeats get ids ``<id>~<k>``."""
    from eventwire.ingest import read_articles

    paths = [path for pattern in FALLBACK_GLOBS for path in sorted(repo_root.glob(pattern))]
    base = [item for item in read_articles(paths) if isinstance(item, Article)]
    if not base:
        raise InputError(f"no ACLED extracts and no sample texts under {repo_root}")
    articles = tuple(_cycled(base, n))
    parts = (("distinct texts", len(base)), ("cycled to", n))
    message = f"{note}; " if note else ""
    message += f"{len(base)} project texts cycled to {n}: repeated texts, not a real corpus"
    return Corpus("project-samples", articles, parts, message, kind="project-samples")


def _cycled(base: Sequence[Article], n: int) -> Iterator[Article]:
    for index in range(n):
        article = base[index % len(base)]
        lap = index // len(base)
        yield dataclasses.replace(article, id=f"{article.id}~{lap}") if lap else article


# --- statistics and targets --------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    """The median; ``ValueError`` on no values (a pass that never ran is a bug, not a zero)."""
    if not values:
        raise ValueError("median of no values")
    return float(statistics.median(values))


def rate(count: int, seconds: float) -> float:
    """Items per second; ``inf`` for a pass too fast to time."""
    return count / seconds if seconds > 0 else float("inf")


def speed_ratio(ours_seconds: float, bare_seconds: float) -> float:
    """Articles/s of ours divided by articles/s of bare spaCy, on the same articles."""
    return bare_seconds / ours_seconds if ours_seconds > 0 else float("inf")


@dataclass(frozen=True, slots=True)
class Throughput:
    """The timed passes of one pipeline over the whole corpus."""

    seconds: tuple[float, ...]
    articles: int
    sentences: int
    words: int = 0

    @property
    def median_seconds(self) -> float:
        return median(self.seconds)

    @property
    def min_seconds(self) -> float:
        return min(self.seconds)

    def to_dict(self) -> dict[str, Any]:
        return {
            "seconds": [round(s, 4) for s in self.seconds],
            "median_seconds": round(self.median_seconds, 4),
            "min_seconds": round(self.min_seconds, 4),
            "articles_per_s": round(rate(self.articles, self.median_seconds), 2),
            "articles_per_s_best": round(rate(self.articles, self.min_seconds), 2),
            "sentences_per_s": round(rate(self.sentences, self.median_seconds), 2),
            "words_per_s": round(rate(self.words, self.median_seconds), 1),
        }


# The "Done when" of issue 7, for ~500-word articles on 2 cores.
TARGET_RATIO = 1.0
TARGET_ARTICLES_PER_S = 20.0
TARGET_WORKER_MIB = 1.5e9 / MIB  # 1.5 GB, about 1,430 MiB


@dataclass(frozen=True, slots=True)
class Target:
    """One goal: ``value`` must reach ``threshold`` (``at_least``) or stay under it."""

    name: str
    value: float
    threshold: float
    at_least: bool
    note: str = ""

    @property
    def met(self) -> bool:
        return self.value >= self.threshold if self.at_least else self.value < self.threshold

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": round(self.value, 3),
                "threshold": round(self.threshold, 3),
                "comparison": ">=" if self.at_least else "<", "met": self.met, "note": self.note}


def evaluate_targets(*, ratio: float, articles_per_s: float, worker_peak_mib: float,
                     corpus_kind: str, n_process: int) -> tuple[Target, ...]:
    """The issue's goals, checked against the headline figures of one run."""
    caveats = []
    if corpus_kind != "articles":
        caveats.append(f"corpus is {corpus_kind}, the goal is for ~500-word articles")
    if n_process != 2:
        caveats.append(f"n_process {n_process}, the goal is for 2 cores")
    note = "; ".join(caveats)
    return (
        Target("ratio vs strongest bare spaCy", ratio, TARGET_RATIO, True, note),
        Target("articles/s (eventwire+store)", articles_per_s, TARGET_ARTICLES_PER_S, True, note),
        Target("peak RSS per worker (MiB)", worker_peak_mib, TARGET_WORKER_MIB, False),
    )


# --- memory ------------------------------------------------------------------------------------


def peak_rss_mib() -> float:
    """The process's RSS high-water mark (``ru_maxrss``: KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / MIB if sys.platform == "darwin" else peak / 1024


def children_peak_rss_mib() -> float:
    """The largest RSS high-water mark among finished child processes (``RUSAGE_CHILDREN``)."""
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak / MIB if sys.platform == "darwin" else peak / 1024


def current_rss_mib(pid: int | str = "self") -> float | None:
    """VmRSS from ``/proc/<pid>/status``; ``None`` without /proc or once the process is gone."""
    return _proc_kib(f"/proc/{pid}/status", "VmRSS:")


def proportional_rss_mib(pid: int | str) -> float | None:
    """Pss (shared pages split among their users) from ``/proc/<pid>/smaps_rollup``, if readable."""
    return _proc_kib(f"/proc/{pid}/smaps_rollup", "Pss:")


def _proc_kib(path: str, key: str) -> float | None:
    try:
        with open(path, encoding="ascii") as handle:
            for line in handle:
                if line.startswith(key):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def child_pids(parent: int | None = None) -> list[int]:
    """Live direct children of ``parent`` (default: this process), found by scanning /proc."""
    parent = os.getpid() if parent is None else parent
    pids = []
    for entry in os.scandir("/proc") if os.path.isdir("/proc") else ():
        if entry.name.isdigit() and _parent_of(entry.name) == parent:
            pids.append(int(entry.name))
    return pids


def _stat_fields(pid: int | str) -> list[str]:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            stat = handle.read()
    except OSError:
        return []
    # The command name may hold spaces and brackets; the fields after its last ')' do not.
    return stat.rpartition(")")[2].split()


def _parent_of(pid: int | str) -> int | None:
    fields = _stat_fields(pid)
    return int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else None


def cpu_ticks(pid: int | str) -> int | None:
    """User plus system CPU time of a process, in clock ticks; ``None`` once it is gone."""
    fields = _stat_fields(pid)
    try:
        return int(fields[11]) + int(fields[12])
    except (IndexError, ValueError):
        return None


# multiprocessing's helper processes are children too, but they code nothing.
HELPER_PROCESSES = ("resource_tracker", "forkserver", "semaphore_tracker")


def is_helper_process(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            command = handle.read().decode("utf-8", "replace")
    except OSError:
        return False
    return any(name in command for name in HELPER_PROCESSES)


@dataclass
class WorkerMemory:
    """Peak RSS and PSS of each worker process seen during a pass, over all its rounds."""

    rss_mib: dict[int, float] = field(default_factory=dict)
    pss_mib: dict[int, float] = field(default_factory=dict)
    concurrent: int = 0
    rss_sum_mib: float = 0.0
    pss_sum_mib: float = 0.0

    def update(self, sample: Mapping[int, tuple[float, float | None]]) -> None:
        """One poll of the workers: ``{pid: (rss, pss)}``, PSS ``None`` where unreadable."""
        for pid, (rss, pss) in sample.items():
            self.rss_mib[pid] = max(self.rss_mib.get(pid, 0.0), rss)
            if pss is not None:
                self.pss_mib[pid] = max(self.pss_mib.get(pid, 0.0), pss)
        self.concurrent = max(self.concurrent, len(sample))
        self.rss_sum_mib = max(self.rss_sum_mib, sum(rss for rss, _ in sample.values()))
        self.pss_sum_mib = max(self.pss_sum_mib, sum(p for _, p in sample.values() if p))

    @property
    def peak_rss_one_worker_mib(self) -> float:
        return max(self.rss_mib.values(), default=0.0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "workers": len(self.rss_mib),
            "concurrent": self.concurrent,
            "peak_rss_sum_mib": round(self.rss_sum_mib, 1),
            "peak_pss_sum_mib": round(self.pss_sum_mib, 1),
            "peak_rss_one_worker_mib": round(self.peak_rss_one_worker_mib, 1),
            "peak_pss_one_worker_mib": round(max(self.pss_mib.values(), default=0.0), 1),
            "per_worker": [{"pid": pid, "peak_rss_mib": round(rss, 1),
                            "peak_pss_mib": round(self.pss_mib.get(pid, 0.0), 1)}
                           for pid, rss in sorted(self.rss_mib.items())],
        }


class WorkerSampler:
    """A thread that polls the children's memory while a pass runs (``with WorkerSampler(m):``).

    Only the pass's own workers count: children that started during the pass or used CPU in it.
    Idle pools of the other pipelines (bare spaCy's, or a coder's kept between calls) do not.
    """

    def __init__(self, memory: WorkerMemory, *, interval: float = 0.1,
                 min_cpu_ticks: int = 2) -> None:
        self.memory = memory
        self.interval = interval
        self.min_cpu_ticks = min_cpu_ticks
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-worker-sampler", daemon=True)
        self._polls: list[dict[int, tuple[float, float | None]]] = []
        self._cpu_first: dict[int, int] = {}
        self._cpu_last: dict[int, int] = {}
        self._present_at_start: set[int] = set()

    def __enter__(self) -> Self:
        self._present_at_start = set(self._workers())
        self._poll()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._poll()
        active = {pid for pid in self._cpu_first if self._was_active(pid)}
        for poll in self._polls:
            self.memory.update({pid: values for pid, values in poll.items() if pid in active})

    def _was_active(self, pid: int) -> bool:
        if pid not in self._present_at_start:
            return True
        return self._cpu_last[pid] - self._cpu_first[pid] >= self.min_cpu_ticks

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._poll()

    def _workers(self) -> list[int]:
        return [pid for pid in child_pids() if not is_helper_process(pid)]

    def _poll(self) -> None:
        poll: dict[int, tuple[float, float | None]] = {}
        for pid in self._workers():
            rss, ticks = current_rss_mib(pid), cpu_ticks(pid)
            if rss is None or ticks is None:
                continue  # gone between the scan and the read
            poll[pid] = (rss, proportional_rss_mib(pid))
            self._cpu_first.setdefault(pid, ticks)
            self._cpu_last[pid] = ticks
        self._polls.append(poll)


# --- the pipelines under test ------------------------------------------------------------------


BARE_PASSES = ("spacy", "spacy-pool")
OUR_PASSES = ("eventwire", "eventwire+store")
PASSES = BARE_PASSES + OUR_PASSES
PASS_LABELS = {
    "spacy": "bare spaCy, nlp.pipe(n_process=N)",
    "spacy-pool": "bare spaCy, N processes each nlp.pipe over 1/N of the texts",
    "eventwire": "Coder.code_many",
    "eventwire+store": "code_many + SQLite store, as ingest",
}


class SentenceDoc(Protocol):
    @property
    def sents(self) -> Iterable[object]: ...


class BareNLP(Protocol):
    """What the bare pass needs of a spaCy ``Language``."""

    def pipe(
        self, texts: Iterable[str], *, batch_size: int, n_process: int
    ) -> Iterable[SentenceDoc]: ...


class SentenceCounter(Protocol):
    """Bare spaCy in worker processes: parses texts elsewhere and returns only sentence counts."""

    def count_sentences(self, texts: Sequence[str]) -> int: ...

    def close(self) -> None: ...


class ArticleCoder(Protocol):
    """What the eventwire passes need of a ``Coder``."""

    def code_many(
        self, articles: Iterable[Article], *, batch_size: int | None = None
    ) -> Iterator[tuple[Article, list[Event]]]: ...


StoreOpener = Callable[[Path], EventStore]


@dataclass(frozen=True, slots=True)
class BenchOptions:
    repeats: int = 3
    batch_size: int = 32
    n_process: int = 1
    chunk_size: int = 64  # articles per store transaction, as in ``ingest_paths``
    model: str = ""
    profile_top: int = 0  # > 0: after timing, profile one eventwire pass and keep this many rows
    # The corpus holds repeats + 1 equal sets: every pass warms up on the whole first set, and
    # round k codes set k + 1, which no pass has seen. eventwire's workers keep their caches
    # (place, actor and phrase lookups) from call to call, as in a long ingest; re-coding the
    # same texts each round would hit them for every name and overstate its speed.
    fresh_texts: bool = False


@dataclass(frozen=True, slots=True)
class Loaders:
    """How to build each pipeline; tests hand in fakes so no model loads.

    ``bare_pool(n)`` starts ``n`` bare spaCy processes; it is used when ``n_process`` > 1.
    """

    bare: Callable[[], BareNLP]
    coder: Callable[[], ArticleCoder]
    store: StoreOpener
    model_name: str = ""
    bare_pool: Callable[[int], SentenceCounter] | None = None


def default_loaders(options: BenchOptions) -> Loaders:
    """The real pipelines: the English spaCy model alone, and ``Coder.default``."""
    from eventwire.config import Settings
    from eventwire.nlp.loader import _load_model
    from eventwire.pipeline import Coder
    from eventwire.store import open_store

    settings = Settings.load().with_overrides(
        batch_size=options.batch_size, n_process=options.n_process, model=options.model or None
    )

    def coder() -> ArticleCoder:
        return Coder.default(settings)

    def bare() -> BareNLP:
        # Language.pipe's overloads are wider than BareNLP.pipe; the call below is one of them.
        return cast(BareNLP, _load_model(settings.model or None))

    def bare_pool(workers: int) -> SentenceCounter:
        return SpacyProcessPool(settings.model, workers=workers, batch_size=options.batch_size)

    return Loaders(bare=bare, coder=coder, store=open_store, bare_pool=bare_pool,
                   model_name=model_package(settings.model))


def model_package(model: str = "") -> str:
    """The spaCy package the loader will pick, by the loader's own order of preference."""
    from eventwire.nlp.loader import MODEL_PACKAGES

    if model:
        return model
    installed = (name for name in MODEL_PACKAGES if importlib.util.find_spec(name))
    return next(installed, "none installed")


class SpacyProcessPool:
    """``workers`` processes, each with its own bare model, each parsing a share of the texts.

    Only sentence counts come back, so no Doc is pickled: the fastest way to use N cores with
    bare spaCy, and so the strongest baseline. The processes are spawned (not forked) so that
    each holds only its own model, and they load it before the constructor returns.
    """

    def __init__(self, model: str, *, workers: int, batch_size: int) -> None:
        context = multiprocessing.get_context("spawn")
        self._connections: list[Connection] = []
        self._processes: list[multiprocessing.process.BaseProcess] = []
        for number in range(workers):
            ours, theirs = context.Pipe()
            process = context.Process(target=_sentence_worker, args=(theirs, model, batch_size),
                                      name=f"bench-spacy-{number}", daemon=True)
            process.start()
            theirs.close()
            self._connections.append(ours)
            self._processes.append(process)
        try:
            for connection in self._connections:
                self._answer(connection)  # "ready", once the model is loaded
        except BaseException:
            self.close()
            raise

    @property
    def pids(self) -> list[int]:
        return [process.pid for process in self._processes if process.pid is not None]

    def count_sentences(self, texts: Sequence[str]) -> int:
        workers = len(self._connections)
        for number, connection in enumerate(self._connections):
            connection.send(list(texts[number::workers]))  # round robin keeps the shares even
        return sum(self._answer(connection) for connection in self._connections)

    def close(self) -> None:
        for connection in self._connections:
            try:
                connection.send(None)
            except OSError:
                pass  # already gone
        for process in self._processes:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
                process.join()

    @staticmethod
    def _answer(connection: Connection) -> int:
        try:
            answer: int | BaseException = connection.recv()
        except EOFError as error:
            raise EventwireError("a bare spaCy worker process died; see its traceback above, "
                                 "or run the benchmark with --n-process 1") from error
        if isinstance(answer, BaseException):
            raise answer
        return answer


def _sentence_worker(connection: Connection, model: str, batch_size: int) -> None:
    """The loop of one ``SpacyProcessPool`` process: texts in, sentence count out, until None."""
    from eventwire.nlp.loader import _load_model

    try:
        nlp = _load_model(model or None)
    except Exception as error:  # noqa: BLE001  (handed to the parent, which raises it)
        connection.send(error)
        return
    connection.send(0)
    while (texts := connection.recv()) is not None:
        connection.send(sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=batch_size)))


@dataclass(frozen=True, slots=True)
class PassResult:
    seconds: float
    count: int  # sentences for the bare passes, events for the eventwire passes


def bare_pass(nlp: BareNLP, texts: Sequence[str], options: BenchOptions) -> PassResult:
    """Parse every text with the full pipeline; the count is the parser's sentences."""
    start = time.perf_counter()
    sentences = 0
    for doc in nlp.pipe(texts, batch_size=options.batch_size, n_process=options.n_process):
        sentences += sum(1 for _ in doc.sents)
    return PassResult(time.perf_counter() - start, sentences)


def pool_pass(pool: SentenceCounter, texts: Sequence[str]) -> PassResult:
    """Parse every text in the bare pool; the count is the parser's sentences."""
    start = time.perf_counter()
    sentences = pool.count_sentences(texts)
    return PassResult(time.perf_counter() - start, sentences)


def code_pass(coder: ArticleCoder, articles: Sequence[Article]) -> PassResult:
    """Code every article, consuming every event list; the count is events."""
    start = time.perf_counter()
    events = sum(len(found) for _, found in coder.code_many(articles))
    return PassResult(time.perf_counter() - start, events)


def store_pass(coder: ArticleCoder, articles: Sequence[Article], open_store: StoreOpener,
               directory: Path, options: BenchOptions) -> PassResult:
    """Code and save into a new SQLite file as ``ingest_paths`` does: one ``code_many`` stream
    over the articles not stored yet (looked up a chunk at a time), one transaction per chunk.
    """
    path = directory / f"bench-{time.monotonic_ns()}.db"
    start = time.perf_counter()
    saved = SaveResult()
    with open_store(path) as store:
        batch: list[tuple[Article, list[Event]]] = []
        for pair in coder.code_many(_not_yet_stored(articles, store, options.chunk_size)):
            batch.append(pair)
            if len(batch) >= options.chunk_size:
                saved = saved + store.save(batch)
                batch = []
        if batch:
            saved = saved + store.save(batch)
    seconds = time.perf_counter() - start
    for leftover in directory.glob(f"{path.name}*"):
        leftover.unlink()
    return PassResult(seconds, saved.events_written)


def _not_yet_stored(articles: Sequence[Article], store: EventStore,
                    chunk_size: int) -> Iterator[Article]:
    iterator = iter(articles)
    while chunk := list(itertools.islice(iterator, chunk_size)):
        known = store.known_articles(article.id for article in chunk)
        yield from (article for article in chunk if known.get(article.id) != article.content_hash)


# --- the run -----------------------------------------------------------------------------------


@dataclass
class BenchReport:
    """Everything one run measured; ``to_dict`` is the ``--json`` shape."""

    corpus: Corpus
    options: BenchOptions
    model: str
    sentences: int = 0
    events: int = 0
    load_seconds: dict[str, float] = field(default_factory=dict)
    warmup_seconds: dict[str, float] = field(default_factory=dict)
    passes: dict[str, list[float]] = field(default_factory=dict)  # in PASSES order
    peak_rss_mib: dict[str, float] = field(default_factory=dict)
    rss_growth_mib: list[float] = field(default_factory=list)
    round_sentences: list[int] = field(default_factory=list)  # the parser's, per round
    workers: dict[str, WorkerMemory] = field(default_factory=dict)
    children_peak_rss_mib: float | None = None
    profile_seconds: float | None = None
    profile: list[ProfileRow] = field(default_factory=list)
    component_seconds: dict[str, float] = field(default_factory=dict)
    started: str = field(default_factory=lambda: dt.datetime.now().isoformat(timespec="seconds"))
    load_at_start: float | None = field(default_factory=lambda: load_average())

    def throughput(self, name: str) -> Throughput:
        articles, _, words, sentences = self.pass_texts()
        return Throughput(tuple(self.passes[name]), articles, sentences, words)

    def pass_texts(self) -> tuple[int, int, int, int]:
        """Articles, characters, words and parser sentences of the texts one pass codes: the
        corpus, or with ``fresh_texts`` one timed set (the means over the sets)."""
        if not self.options.fresh_texts:
            return len(self.corpus.articles), self.corpus.characters, self.corpus.words, self.sentences
        timed = self.timed_sets()
        characters = sum(len(a.text) for articles in timed for a in articles) / len(timed)
        words = sum(word_count(a.text) for articles in timed for a in articles) / len(timed)
        sentences = sum(self.round_sentences) / max(1, len(self.round_sentences))
        return len(timed[0]), round(characters), round(words), round(sentences)

    def warm_up_set(self) -> tuple[Article, ...]:
        return text_sets(self.corpus.articles, self.options)[0]

    def timed_sets(self) -> list[tuple[Article, ...]]:
        return text_sets(self.corpus.articles, self.options)[1]

    def strongest_bare(self) -> str:
        """The bare spaCy pass with the most articles/s: the baseline of the headline ratio."""
        bare = [name for name in BARE_PASSES if name in self.passes]
        return min(bare, key=lambda name: self.throughput(name).median_seconds)

    def ratios(self) -> dict[str, dict[str, float]]:
        """Articles/s of each eventwire pass over each bare pass's, from the medians."""
        return {ours: {bare: speed_ratio(self.throughput(ours).median_seconds,
                                         self.throughput(bare).median_seconds)
                       for bare in BARE_PASSES if bare in self.passes}
                for ours in OUR_PASSES}

    def headline_ratio(self) -> float:
        """End to end (code + store) over the strongest bare spaCy: the issue's headline."""
        return self.ratios()["eventwire+store"][self.strongest_bare()]

    def worker_peak_mib(self) -> float:
        """The largest peak RSS of one process that coded: a worker of the eventwire passes, or
        the main process (which also holds bare spaCy) when there were no workers."""
        workers = [self.workers[name].peak_rss_one_worker_mib
                   for name in OUR_PASSES if name in self.workers]
        return max(workers, default=0.0) or self.peak_rss_mib.get("end", 0.0)

    def targets(self) -> tuple[Target, ...]:
        end_to_end = rate(self.pass_texts()[0], self.throughput("eventwire+store").median_seconds)
        return evaluate_targets(ratio=self.headline_ratio(), articles_per_s=end_to_end,
                                worker_peak_mib=self.worker_peak_mib(),
                                corpus_kind=self.corpus.kind, n_process=self.options.n_process)

    def corpus_dict(self) -> dict[str, Any]:
        """The texts one pass codes (``pass_texts``) and, with ``fresh_texts``, how the corpus
        was split."""
        articles, characters, words, sentences = self.pass_texts()
        found = {
            "source": self.corpus.source,
            "kind": self.corpus.kind,
            "articles": articles,
            "characters": characters,
            "words": words,
            "words_per_article": round(words / articles, 1),
            "sentences": sentences,
            "parts": dict(self.corpus.parts),
            "note": self.corpus.note,
        }
        if self.options.fresh_texts:
            found["fresh_texts"] = {"timed_sets": len(self.timed_sets()), "warm_up_articles": len(self.warm_up_set()),
                                    "corpus_articles": len(self.corpus.articles)}
        return found

    def to_dict(self) -> dict[str, Any]:
        articles = self.pass_texts()[0]
        return {
            "started": self.started,
            "machine": {**machine_info(), "load_average_1min": {
                "start": self.load_at_start, "end": load_average()}},
            "corpus": self.corpus_dict(),
            "options": dataclasses.asdict(self.options),
            "model": self.model,
            "load_seconds": _rounded(self.load_seconds),
            "warmup_seconds": _rounded(self.warmup_seconds),
            "throughput": {name: self.throughput(name).to_dict() for name in PASSES if name in self.passes},
            "ratios": {ours: _rounded(row) for ours, row in self.ratios().items()},
            "headline": {"ratio": round(self.headline_ratio(), 3), "pass": "eventwire+store",
                         "baseline": self.strongest_bare()},
            "targets": [target.to_dict() for target in self.targets()],
            "events": {"total": self.events, "per_article": round(self.events / articles, 3)},
            "memory": {
                "peak_rss_mib_after": _rounded(self.peak_rss_mib, 1),
                "eventwire_rss_growth_mib": [round(g, 1) for g in self.rss_growth_mib],
                "workers": {name: memory.to_dict() for name, memory in self.workers.items()},
                "worker_peak_rss_mib": round(self.worker_peak_mib(), 1),
                "children_peak_rss_mib": self.children_peak_rss_mib,
            },
            "profile": None if self.profile_seconds is None else {
                "seconds": round(self.profile_seconds, 3),
                "top": [dataclasses.asdict(row) for row in self.profile],
                "nlp_component_seconds": _rounded(self.component_seconds),
            },
        }


def _rounded(values: Mapping[str, float], digits: int = 3) -> dict[str, float]:
    return {key: round(value, digits) for key, value in values.items()}


def load_average() -> float | None:
    """The 1-minute load average: above the CPU count, other work is slowing the passes."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def machine_info() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
    }


def run_bench(*, n: int, seed: int, corpus_kind: str = "articles", words: int = ARTICLE_WORDS,
              data_dir: Path | None = None, repo_root: Path | None = None,
              options: BenchOptions = BenchOptions()) -> dict[str, Any]:
    """Build the corpus, run the benchmark with the real pipelines, return the report's dict.

    What ``eventwire bench`` and ``scripts/bench.py`` call. Raises ``InputError`` on a corpus
    that cannot be built, ``ValueError`` on bad options.
    """
    size = n * (options.repeats + 1) if options.fresh_texts else n
    corpus = build_corpus(size, seed=seed, repo_root=repo_root or default_repo_root(),
                          data_dir=data_dir, kind=corpus_kind, words=words)
    data = run_benchmark(corpus, options, default_loaders(options)).to_dict()
    data["corpus"]["seed"] = seed
    if corpus.kind == "articles":
        data["corpus"]["target_words"] = words
    return data


def run_benchmark(corpus: Corpus, options: BenchOptions, loaders: Loaders) -> BenchReport:
    """Load the pipelines, warm them up, then time ``options.repeats`` interleaved rounds."""
    if options.repeats < 1:
        raise ValueError(f"repeats must be at least 1, got {options.repeats}")
    report = BenchReport(corpus, options, loaders.model_name)
    pool = None
    if options.n_process > 1 and loaders.bare_pool is not None:
        # Started first, so its processes are spawned from a small parent.
        make_pool = loaders.bare_pool
        pool = _timed_load(report, "spacy-pool", lambda: make_pool(options.n_process))
    try:
        nlp = _timed_load(report, "spacy", loaders.bare)
        coder = _timed_load(report, "eventwire", loaders.coder)
        _warm_up(report, nlp, pool, coder)
        _run_rounds(report, nlp, pool, coder, loaders.store)
    finally:
        if pool is not None:
            pool.close()
    report.peak_rss_mib["end"] = peak_rss_mib()
    if options.n_process > 1:
        report.children_peak_rss_mib = round(children_peak_rss_mib(), 1)
    if options.profile_top > 0:
        _profile(report, coder)
    return report


def text_sets(articles: Sequence[Article], options: BenchOptions) -> tuple[tuple[Article, ...], list[tuple[Article, ...]]]:
    """The warm-up articles and each round's: the first batch and the whole corpus every round,
    or with ``fresh_texts`` the corpus cut into ``repeats + 1`` equal sets (see BenchOptions)."""
    articles = tuple(articles)
    if not options.fresh_texts:
        return articles[: options.batch_size], [articles] * options.repeats
    size = len(articles) // (options.repeats + 1)
    if size < 1:
        raise ValueError(f"fresh texts need at least {options.repeats + 1} articles (one set per round and "
                         f"one to warm up), got {len(articles)}")
    sets = [articles[k * size:(k + 1) * size] for k in range(options.repeats + 1)]
    return sets[0], sets[1:]


def _run_rounds(report: BenchReport, nlp: BareNLP, pool: SentenceCounter | None,
                coder: ArticleCoder, open_store: StoreOpener) -> None:
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        for round_no, articles in enumerate(report.timed_sets(), start=1):
            logger.info("round %d of %d", round_no, report.options.repeats)
            _run_round(report, round_no, nlp, pool, coder, articles, open_store, Path(tmp))


def _timed_load(report: BenchReport, name: str, load: Callable[[], Any]) -> Any:
    logger.info("loading %s", name)
    start = time.perf_counter()
    pipeline = load()
    report.load_seconds[name] = time.perf_counter() - start
    report.peak_rss_mib[f"load {name}"] = peak_rss_mib()
    return pipeline


def _warm_up(report: BenchReport, nlp: BareNLP, pool: SentenceCounter | None,
             coder: ArticleCoder) -> None:
    first = report.warm_up_set()
    texts = [article.text for article in first]
    report.warmup_seconds["spacy"] = bare_pass(nlp, texts, report.options).seconds
    if pool is not None:
        report.warmup_seconds["spacy-pool"] = pool_pass(pool, texts).seconds
    report.warmup_seconds["eventwire"] = code_pass(coder, first).seconds
    report.peak_rss_mib["warm-up"] = peak_rss_mib()


def _run_round(report: BenchReport, round_no: int, nlp: BareNLP, pool: SentenceCounter | None,
               coder: ArticleCoder, articles: Sequence[Article], open_store: StoreOpener,
               tmp: Path) -> None:
    texts = [article.text for article in articles]
    with _sampling(report, "spacy"):
        bare = bare_pass(nlp, texts, report.options)
    _record(report, "spacy", bare, round_no)
    report.sentences = bare.count
    report.round_sentences.append(bare.count)
    if pool is not None:
        with _sampling(report, "spacy-pool"):
            pooled = pool_pass(pool, texts)
        _record(report, "spacy-pool", pooled, round_no)
        if pooled.count != bare.count:
            logger.warning("the pool counted %d sentences, nlp.pipe %d", pooled.count, bare.count)
    if report.options.fresh_texts:  # the headline pass codes the round's texts first
        stored = _store_round(report, round_no, coder, articles, open_store, tmp)
        ours = _code_round(report, round_no, coder, articles)
    else:
        ours = _code_round(report, round_no, coder, articles)
        stored = _store_round(report, round_no, coder, articles, open_store, tmp)
    report.events = ours.count
    if stored.count != ours.count:
        logger.warning("the store saved %d events, code_many found %d", stored.count, ours.count)


def _code_round(report: BenchReport, round_no: int, coder: ArticleCoder,
                articles: Sequence[Article]) -> PassResult:
    rss_before = current_rss_mib()
    with _sampling(report, "eventwire"):
        ours = code_pass(coder, articles)
    rss_after = current_rss_mib()
    if rss_before is not None and rss_after is not None:
        report.rss_growth_mib.append(rss_after - rss_before)
    _record(report, "eventwire", ours, round_no)
    return ours


def _store_round(report: BenchReport, round_no: int, coder: ArticleCoder, articles: Sequence[Article],
                 open_store: StoreOpener, tmp: Path) -> PassResult:
    with _sampling(report, "eventwire+store"):
        stored = store_pass(coder, articles, open_store, tmp, report.options)
    _record(report, "eventwire+store", stored, round_no)
    return stored


def _record(report: BenchReport, name: str, result: PassResult, round_no: int) -> None:
    report.passes.setdefault(name, []).append(result.seconds)
    if round_no == 1:
        report.peak_rss_mib[name] = peak_rss_mib()
    logger.info("%s: %.2f s", name, result.seconds)


def _sampling(report: BenchReport, name: str) -> WorkerSampler | _NoSampler:
    if report.options.n_process <= 1:
        return _NoSampler()
    return WorkerSampler(report.workers.setdefault(name, WorkerMemory()))


class _NoSampler:
    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def _profile(report: BenchReport, coder: ArticleCoder) -> None:
    logger.info("profiling one eventwire pass")
    report.profile_seconds, report.profile = profile_coding(
        coder, report.corpus.articles, top=report.options.profile_top)
    nlp_of_coder = getattr(coder, "nlp", None)
    if nlp_of_coder is not None:
        texts = [article.text for article in report.corpus.articles]
        report.component_seconds = component_seconds(
            nlp_of_coder, texts, batch_size=report.options.batch_size)


# --- profile -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProfileRow:
    function: str  # "path:line(name)", path relative to the package
    calls: int
    own_seconds: float
    cumulative_seconds: float


def profile_coding(coder: ArticleCoder, articles: Sequence[Article], *, top: int = 10,
                   package: str = "eventwire") -> tuple[float, list[ProfileRow]]:
    """Code the articles under cProfile; the total seconds and the ``top`` functions of
    ``package`` by cumulative time. With ``n_process`` > 1 the work runs elsewhere and is missed.
    """
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    for _ in coder.code_many(articles):
        pass
    profiler.disable()
    total = time.perf_counter() - start
    stats = pstats.Stats(profiler)
    marker = f"{os.sep}{package}{os.sep}"
    rows = [
        ProfileRow(f"{path.rpartition(marker)[2]}:{line}({name})", int(calls[1]), own, cumulative)
        for (path, line, name), calls, own, cumulative in _stat_rows(stats)
        if marker in path
    ]
    rows.sort(key=lambda row: row.cumulative_seconds, reverse=True)
    return total, rows[:top]


def component_seconds(nlp: Any, texts: Sequence[str], *, batch_size: int) -> dict[str, float]:
    """Seconds each spaCy component takes over all texts, run one component at a time."""
    start = time.perf_counter()
    docs = [nlp.make_doc(text) for text in texts]
    seconds = {"tokenizer": time.perf_counter() - start}
    for name, component in nlp.pipeline:
        start = time.perf_counter()
        if hasattr(component, "pipe"):
            docs = list(component.pipe(docs, batch_size=batch_size))
        else:
            docs = [component(doc) for doc in docs]
        seconds[name] = time.perf_counter() - start
    return seconds


_StatKey = tuple[str, int, str]  # (path, line, function name), as pstats keys them


def _stat_rows(stats: pstats.Stats) -> Iterator[tuple[_StatKey, tuple[int, int], float, float]]:
    # pstats keeps its table in an undocumented attribute; its layout is stable since Python 2.
    table: dict[_StatKey, tuple[int, int, float, float, Any]] = vars(stats)["stats"]
    for key, (primitive, total, own, cumulative, _callers) in table.items():
        yield key, (primitive, total), own, cumulative


# --- text output -------------------------------------------------------------------------------


def format_report(data: Mapping[str, Any]) -> str:
    """The report (``BenchReport.to_dict()``) as the plain text the commands print."""
    lines = [*_format_header(data), "", *_format_throughput(data), "", *_format_ratios(data), ""]
    events = data["events"]
    lines.append(f"events: {events['total']} ({events['per_article']} per article)")
    lines += _format_memory(data["memory"])
    lines += ["", *_format_targets(data["targets"])]
    if data.get("profile"):
        lines += ["", *_format_profile(data["profile"])]
    return "\n".join(lines)


def _format_header(data: Mapping[str, Any]) -> list[str]:
    corpus, options = data["corpus"], data["options"]
    load = data["machine"]["load_average_1min"]
    lines = [
        (f"eventwire benchmark, {data['started']}, {data['machine']['cpus']} CPUs, "
         f"Python {data['machine']['python']}, model {data['model']}"),
        (f"load average (1 min): {load['start']} at start, {load['end']} at end (above "
         f"{data['machine']['cpus']}, other work shared the cores and the figures are noisy)"),
        (f"corpus: {corpus['source']} {corpus['kind']}, {corpus['articles']} articles, "
         f"{corpus['words']:,} words ({corpus['words_per_article']} per article), "
         f"{corpus['characters']:,} characters, {corpus['sentences']:,} sentences (parser)"),
        "  parts: " + ", ".join(f"{name} {count}" for name, count in corpus["parts"].items()),
    ]
    if corpus["note"]:
        lines.append(f"  NOTE: {corpus['note']}")
    fresh = corpus.get("fresh_texts")
    if fresh:
        lines.append(f"  fresh texts: every pass warms up on {fresh['warm_up_articles']} articles, then each of "
                     f"{fresh['timed_sets']} rounds codes its own {corpus['articles']} (figures above: per round, "
                     f"the mean); {fresh['corpus_articles']} articles in all")
    else:
        lines.append("  the same texts every round (--same-texts): eventwire's lookup caches already hold "
                     "every name after the first round")
    lines += [
        (f"options: repeats {options['repeats']}, batch_size {options['batch_size']}, "
         f"n_process {options['n_process']}, store chunk {options['chunk_size']}"),
        "load: " + ", ".join(f"{k} {v:.2f} s" for k, v in data["load_seconds"].items())
        + ("; warm-up set: " if data["corpus"].get("fresh_texts") else "; first batch: ")
        + ", ".join(f"{k} {v:.2f} s" for k, v in data["warmup_seconds"].items()),
    ]
    return lines


def _format_throughput(data: Mapping[str, Any]) -> list[str]:
    n = data["options"]["n_process"]
    lines = [(f"{'pipeline':<17}{'median s':>9}{'min s':>8}{'articles/s':>11}{'best':>7}"
              f"{'sent/s':>8}{'words/s':>9}  what runs")]
    for name, row in data["throughput"].items():
        label = PASS_LABELS.get(name, "").replace("N", str(n))
        lines.append(
            f"{name:<17}{row['median_seconds']:>9.2f}{row['min_seconds']:>8.2f}"
            f"{row['articles_per_s']:>11.2f}{row['articles_per_s_best']:>7.2f}"
            f"{row['sentences_per_s']:>8.1f}{row['words_per_s']:>9.0f}  {label}"
        )
    return lines


def _format_ratios(data: Mapping[str, Any]) -> list[str]:
    ratios = data["ratios"]
    baselines = list(next(iter(ratios.values())))
    lines = ["ratio = articles/s of eventwire / articles/s of bare spaCy (medians, same texts)",
             f"{'':<17}" + "".join(f"{'vs ' + name:>15}" for name in baselines)]
    lines += [f"{ours:<17}" + "".join(f"{row[name]:>15.3f}" for name in baselines)
              for ours, row in ratios.items()]
    headline = data["headline"]
    lines.append(f"HEADLINE: {headline['pass']} / {headline['baseline']} (the strongest bare "
                 f"spaCy) = {headline['ratio']:.3f}")
    return lines


def _format_memory(memory: Mapping[str, Any]) -> list[str]:
    lines = ["peak RSS (MiB) of the main process after: " + ", ".join(
        f"{k} {v:.0f}" for k, v in memory["peak_rss_mib_after"].items())]
    lines.append("RSS growth of the main process during each eventwire pass (MiB): " + ", ".join(
        f"{g:+.1f}" for g in memory["eventwire_rss_growth_mib"]))
    for name, workers in memory["workers"].items():
        each = ", ".join(f"{w['peak_rss_mib']:.0f}/{w['peak_pss_mib']:.0f}"
                         for w in workers["per_worker"])
        lines.append(
            f"workers during {name}: {workers['workers']} processes ({workers['concurrent']} at "
            f"once); peak RSS/PSS per worker (MiB): {each or 'none seen'}; largest RSS "
            f"{workers['peak_rss_one_worker_mib']:.0f}, "
            f"PSS {workers['peak_pss_one_worker_mib']:.0f}; at once RSS "
            f"{workers['peak_rss_sum_mib']:.0f}, PSS {workers['peak_pss_sum_mib']:.0f}"
        )
    if memory["children_peak_rss_mib"] is not None:
        lines.append(f"largest finished worker peak RSS: {memory['children_peak_rss_mib']:.0f} MiB")
    return lines


def _format_targets(targets: Sequence[Mapping[str, Any]]) -> list[str]:
    lines = ["targets (issue 7):"]
    for target in targets:
        verdict = "met" if target["met"] else "NOT MET"
        note = f"  ({target['note']})" if target["note"] else ""
        lines.append(f"  {target['name']} {target['comparison']} {target['threshold']:,.2f}: "
                     f"{target['value']:,.2f}  {verdict}{note}")
    return lines


def _format_profile(profile: Mapping[str, Any]) -> list[str]:
    lines = [f"cProfile of one eventwire pass: {profile['seconds']:.2f} s (with profiler overhead)",
             f"{'cumulative s':>13}{'own s':>9}{'calls':>9}  function (eventwire only)"]
    lines += [
        f"{r['cumulative_seconds']:>13.2f}{r['own_seconds']:>9.2f}{r['calls']:>9}  {r['function']}"
        for r in profile["top"]
    ]
    components = profile["nlp_component_seconds"]
    if components:
        lines += ["", "eventwire's spaCy components, each run alone over the corpus (s):",
                  "  " + ", ".join(f"{k} {v:.2f}" for k, v in components.items())]
    return lines
