"""Measure coding speed and memory: bare spaCy against eventwire, on the same texts, in one process.

The corpus is the ``notes`` of the ACLED extracts under ``shared/data`` (read at run time, never
copied), sampled reproducibly and stratified so every extract contributes; without them it is
the project's own sample texts, cycled. Three passes are timed, interleaved to spread the noise
of a shared machine over all of them: bare ``nlp.pipe`` with the full pipeline, eventwire's
``code_many``, and ``code_many`` plus saving to a fresh SQLite store in chunks, as ingest does.
Model loading and a first warm-up batch are timed apart. ``scripts/bench.py`` prints the result.
"""

from __future__ import annotations

import cProfile
import csv
import dataclasses
import datetime as dt
import importlib.util
import itertools
import logging
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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, Self, cast

from eventwire.errors import InputError
from eventwire.model import Article, Event
from eventwire.store import EventStore, SaveResult

logger = logging.getLogger(__name__)

ACLED_GLOB = "acled-*/*.csv"
ACLED_ID_COLUMN = "event_id_cnty"
ACLED_TEXT_COLUMN = "notes"
# The project's own texts, relative to the repository root, for when shared/data is absent.
FALLBACK_GLOBS = ("samples/*.txt", "samples/wire.jsonl", "tests/golden/cases/*.txt")
MIB = 1024 * 1024


# --- corpus ------------------------------------------------------------------------------------


PASSES = ("spacy", "eventwire", "eventwire+store")


@dataclass(frozen=True, slots=True)
class Corpus:
    """The benchmark texts. ``parts`` counts articles per extract (or per fallback file)."""

    source: str  # "acled" or "project-samples"
    articles: tuple[Article, ...]
    parts: tuple[tuple[str, int], ...]
    note: str = ""

    @property
    def characters(self) -> int:
        return sum(len(article.text) for article in self.articles)


def default_data_dir(repo_root: Path) -> Path:
    """``shared/data`` beside the repository, where the evaluation datasets live."""
    return repo_root.parent / "shared" / "data"


def build_corpus(n: int, *, seed: int, repo_root: Path, data_dir: Path | None = None) -> Corpus:
    """``n`` articles from the ACLED extracts, or from the project's texts when there are none.

    An explicit ``data_dir`` must hold ACLED extracts; the default location may be absent.
    Raises ``InputError`` when ``n`` < 1, an explicit ``data_dir`` has no extracts, or there is
    no text at all.
    """
    if n < 1:
        raise InputError(f"the corpus needs at least 1 article, got n={n}")
    chosen = data_dir if data_dir is not None else default_data_dir(repo_root)
    files = sorted(chosen.glob(ACLED_GLOB)) if chosen.is_dir() else []
    if files:
        return acled_corpus(files, n=n, seed=seed)
    if data_dir is not None:
        raise InputError(f"no ACLED extracts ({ACLED_GLOB}) under {data_dir}; check --data")
    logger.warning("no ACLED extracts under %s; using the project's sample texts", chosen)
    return fallback_corpus(repo_root, n=n, note=f"{chosen} not found")


def acled_corpus(files: Sequence[Path], *, n: int, seed: int) -> Corpus:
    """A stratified sample of ``notes``: as equal a share per extract as their sizes allow."""
    pools = _acled_pools(files)
    names = list(pools)
    shares = allocate(n, [len(pools[name]) for name in names])
    rng = random.Random(seed)
    articles: list[Article] = []
    for name, share in zip(names, shares):
        articles.extend(rng.sample(pools[name], share))
    rng.shuffle(articles)  # mix the extracts, so no batch is all one style
    if len(articles) < n:
        logger.warning("asked for %d articles, the extracts hold only %d", n, len(articles))
    return Corpus("acled", tuple(articles), tuple(zip(names, shares)))


def _acled_pools(files: Sequence[Path]) -> dict[str, list[Article]]:
    # An event id read from an earlier extract is skipped: the extracts overlap in places
    # (Burkina Faso 2020 is also in the global file), and the store keys articles by id.
    seen: set[str] = set()
    pools: dict[str, list[Article]] = {}
    for path in files:
        pool = [article for article in read_acled_notes(path) if article.id not in seen]
        seen.update(article.id for article in pool)
        pools[path.parent.name] = pool
    return pools


def read_acled_notes(path: Path) -> Iterator[Article]:
    """One undated ``Article`` per row with an event id and non-empty notes."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                event_id = (row.get(ACLED_ID_COLUMN) or "").strip()
                text = (row.get(ACLED_TEXT_COLUMN) or "").strip()
                if event_id and text and text != "NA":
                    yield Article(id=event_id, text=text)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise InputError(f"cannot read ACLED extract {path}: {error}") from error


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
    return Corpus("project-samples", articles, parts, message)


def _cycled(base: Sequence[Article], n: int) -> Iterator[Article]:
    for index in range(n):
        article = base[index % len(base)]
        lap = index // len(base)
        yield dataclasses.replace(article, id=f"{article.id}~{lap}") if lap else article


# --- statistics --------------------------------------------------------------------------------


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
        }


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


def _parent_of(pid: str) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            stat = handle.read()
    except OSError:
        return None
    # The command name may hold spaces and brackets; the fields after its last ')' do not.
    fields = stat.rpartition(")")[2].split()
    return int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else None


@dataclass
class WorkerMemory:
    """Peaks seen while sampling child processes (the NLP workers when ``n_process`` > 1)."""

    workers: int = 0
    rss_sum_mib: float = 0.0
    pss_sum_mib: float = 0.0
    rss_max_mib: float = 0.0

    def update(self, rss: Sequence[float], pss: Sequence[float]) -> None:
        self.workers = max(self.workers, len(rss))
        self.rss_sum_mib = max(self.rss_sum_mib, sum(rss))
        self.pss_sum_mib = max(self.pss_sum_mib, sum(pss))
        self.rss_max_mib = max(self.rss_max_mib, max(rss, default=0.0))

    def to_dict(self) -> dict[str, Any]:
        per_worker = self.rss_sum_mib / self.workers if self.workers else 0.0
        return {
            "workers": self.workers,
            "peak_rss_sum_mib": round(self.rss_sum_mib, 1),
            "peak_pss_sum_mib": round(self.pss_sum_mib, 1),
            "peak_rss_one_worker_mib": round(self.rss_max_mib, 1),
            "peak_rss_per_worker_mib": round(per_worker, 1),
        }


class WorkerSampler:
    """A thread that polls the children's memory while a pass runs (``with WorkerSampler(m):``)."""

    def __init__(self, memory: WorkerMemory, *, interval: float = 0.1) -> None:
        self.memory = memory
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-worker-sampler", daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            pids = child_pids()
            rss = [value for pid in pids if (value := current_rss_mib(pid)) is not None]
            pss = [value for pid in pids if (value := proportional_rss_mib(pid)) is not None]
            self.memory.update(rss, pss)


# --- the pipelines under test ------------------------------------------------------------------


class SentenceDoc(Protocol):
    @property
    def sents(self) -> Iterable[object]: ...


class BareNLP(Protocol):
    """What the bare pass needs of a spaCy ``Language``."""

    def pipe(
        self, texts: Iterable[str], *, batch_size: int, n_process: int
    ) -> Iterable[SentenceDoc]: ...


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


@dataclass(frozen=True, slots=True)
class Loaders:
    """How to build each pipeline; tests hand in fakes so no model loads."""

    bare: Callable[[], BareNLP]
    coder: Callable[[], ArticleCoder]
    store: StoreOpener
    model_name: str = ""


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

    return Loaders(bare=bare, coder=coder, store=open_store,
                   model_name=model_package(settings.model))


def model_package(model: str = "") -> str:
    """The spaCy package the loader will pick, by the loader's own order of preference."""
    from eventwire.nlp.loader import MODEL_PACKAGES

    if model:
        return model
    installed = (name for name in MODEL_PACKAGES if importlib.util.find_spec(name))
    return next(installed, "none installed")


@dataclass(frozen=True, slots=True)
class PassResult:
    seconds: float
    count: int  # sentences for the bare pass, events for the eventwire passes


def bare_pass(nlp: BareNLP, texts: Sequence[str], options: BenchOptions) -> PassResult:
    """Parse every text with the full pipeline; the count is the parser's sentences."""
    start = time.perf_counter()
    sentences = 0
    for doc in nlp.pipe(texts, batch_size=options.batch_size, n_process=options.n_process):
        sentences += sum(1 for _ in doc.sents)
    return PassResult(time.perf_counter() - start, sentences)


def code_pass(coder: ArticleCoder, articles: Sequence[Article]) -> PassResult:
    """Code every article, consuming every event list; the count is events."""
    start = time.perf_counter()
    events = sum(len(found) for _, found in coder.code_many(articles))
    return PassResult(time.perf_counter() - start, events)


def store_pass(coder: ArticleCoder, articles: Sequence[Article], open_store: StoreOpener,
               directory: Path, options: BenchOptions) -> PassResult:
    """Code and save into a new SQLite file, one transaction per chunk, as ``ingest_paths`` does."""
    path = directory / f"bench-{time.monotonic_ns()}.db"
    start = time.perf_counter()
    saved = SaveResult()
    with open_store(path) as store:
        for chunk in _chunks(articles, options.chunk_size):
            known = store.known_articles(article.id for article in chunk)
            fresh = [article for article in chunk if known.get(article.id) != article.content_hash]
            batch = list(coder.code_many(fresh))
            if batch:
                saved = saved + store.save(batch)
    seconds = time.perf_counter() - start
    for leftover in directory.glob(f"{path.name}*"):
        leftover.unlink()
    return PassResult(seconds, saved.events_written)


def _chunks(items: Sequence[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


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
    passes: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in PASSES})
    peak_rss_mib: dict[str, float] = field(default_factory=dict)
    rss_growth_mib: list[float] = field(default_factory=list)
    workers: dict[str, WorkerMemory] = field(default_factory=dict)
    children_peak_rss_mib: float | None = None
    profile_seconds: float | None = None
    profile: list[ProfileRow] = field(default_factory=list)
    component_seconds: dict[str, float] = field(default_factory=dict)
    started: str = field(default_factory=lambda: dt.datetime.now().isoformat(timespec="seconds"))

    def throughput(self, name: str) -> Throughput:
        return Throughput(tuple(self.passes[name]), len(self.corpus.articles), self.sentences)

    def ratios(self) -> dict[str, float]:
        bare = self.throughput("spacy").median_seconds
        return {name: speed_ratio(self.throughput(name).median_seconds, bare)
                for name in PASSES[1:]}

    def to_dict(self) -> dict[str, Any]:
        articles = len(self.corpus.articles)
        return {
            "started": self.started,
            "machine": machine_info(),
            "corpus": {
                "source": self.corpus.source,
                "articles": articles,
                "characters": self.corpus.characters,
                "sentences": self.sentences,
                "parts": dict(self.corpus.parts),
                "note": self.corpus.note,
            },
            "options": dataclasses.asdict(self.options),
            "model": self.model,
            "load_seconds": _rounded(self.load_seconds),
            "warmup_seconds": _rounded(self.warmup_seconds),
            "throughput": {name: self.throughput(name).to_dict() for name in PASSES},
            "ratio_vs_spacy": _rounded(self.ratios()),
            "events": {"total": self.events, "per_article": round(self.events / articles, 3)},
            "memory": {
                "peak_rss_mib_after": _rounded(self.peak_rss_mib, 1),
                "eventwire_rss_growth_mib": [round(g, 1) for g in self.rss_growth_mib],
                "workers": {name: memory.to_dict() for name, memory in self.workers.items()},
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


def machine_info() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
    }


def run_benchmark(corpus: Corpus, options: BenchOptions, loaders: Loaders) -> BenchReport:
    """Load both pipelines, warm them up, then time ``options.repeats`` interleaved rounds."""
    if options.repeats < 1:
        raise ValueError(f"repeats must be at least 1, got {options.repeats}")
    report = BenchReport(corpus, options, loaders.model_name)
    nlp = _timed_load(report, "spacy", loaders.bare)
    coder = _timed_load(report, "eventwire", loaders.coder)
    _warm_up(report, nlp, coder)
    texts = [article.text for article in corpus.articles]
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        for round_no in range(1, options.repeats + 1):
            logger.info("round %d of %d", round_no, options.repeats)
            _run_round(report, round_no, nlp, coder, texts, loaders.store, Path(tmp))
    report.peak_rss_mib["end"] = peak_rss_mib()
    if options.n_process > 1:
        report.children_peak_rss_mib = round(children_peak_rss_mib(), 1)
    if options.profile_top > 0:
        logger.info("profiling one eventwire pass")
        report.profile_seconds, report.profile = profile_coding(
            coder, corpus.articles, top=options.profile_top)
        nlp_of_coder = getattr(coder, "nlp", None)
        if nlp_of_coder is not None:
            report.component_seconds = component_seconds(
                nlp_of_coder, texts, batch_size=options.batch_size)
    return report


def _timed_load(report: BenchReport, name: str, load: Callable[[], Any]) -> Any:
    logger.info("loading %s", name)
    start = time.perf_counter()
    pipeline = load()
    report.load_seconds[name] = time.perf_counter() - start
    report.peak_rss_mib[f"load {name}"] = peak_rss_mib()
    return pipeline


def _warm_up(report: BenchReport, nlp: BareNLP, coder: ArticleCoder) -> None:
    first = report.corpus.articles[: report.options.batch_size]
    report.warmup_seconds["spacy"] = bare_pass(nlp, [a.text for a in first], report.options).seconds
    report.warmup_seconds["eventwire"] = code_pass(coder, first).seconds
    report.peak_rss_mib["warm-up"] = peak_rss_mib()


def _run_round(report: BenchReport, round_no: int, nlp: BareNLP, coder: ArticleCoder,
               texts: Sequence[str], open_store: StoreOpener, tmp: Path) -> None:
    articles = report.corpus.articles
    with _sampling(report, "spacy"):
        bare = bare_pass(nlp, texts, report.options)
    _record(report, "spacy", bare, round_no)
    report.sentences = bare.count
    rss_before = current_rss_mib()
    with _sampling(report, "eventwire"):
        ours = code_pass(coder, articles)
    rss_after = current_rss_mib()
    if rss_before is not None and rss_after is not None:
        report.rss_growth_mib.append(rss_after - rss_before)
    _record(report, "eventwire", ours, round_no)
    report.events = ours.count
    with _sampling(report, "eventwire+store"):
        stored = store_pass(coder, articles, open_store, tmp, report.options)
    _record(report, "eventwire+store", stored, round_no)
    if stored.count != ours.count:
        logger.warning("the store saved %d events, code_many found %d", stored.count, ours.count)


def _record(report: BenchReport, name: str, result: PassResult, round_no: int) -> None:
    report.passes[name].append(result.seconds)
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
    ``package`` by cumulative time. With ``n_process`` > 1 the NLP runs elsewhere and is missed.
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
    """The report (``BenchReport.to_dict()``) as the plain text the script prints."""
    corpus, tput, memory = data["corpus"], data["throughput"], data["memory"]
    options = data["options"]
    lines = [
        (f"eventwire benchmark, {data['started']}, {data['machine']['cpus']} CPUs, "
        f"Python {data['machine']['python']}, model {data['model']}"),
        (f"corpus: {corpus['source']}, {corpus['articles']} articles, {corpus['characters']:,} "
        f"characters, {corpus['sentences']:,} sentences (parser)"),
        "  parts: " + ", ".join(f"{name} {count}" for name, count in corpus["parts"].items()),
    ]
    if corpus["note"]:
        lines.append(f"  NOTE: {corpus['note']}")
    lines += [
        (f"options: repeats {options['repeats']}, batch_size {options['batch_size']}, "
        f"n_process {options['n_process']}, store chunk {options['chunk_size']}"),
        "load: " + ", ".join(f"{k} {v:.2f} s" for k, v in data["load_seconds"].items())
        + "; first batch: "
        + ", ".join(f"{k} {v:.2f} s" for k, v in data["warmup_seconds"].items()),
        "",
        (f"{'pipeline':<18}{'median s':>10}{'min s':>9}{'articles/s':>12}{'best':>9}"
        f"{'sent/s':>9}{'ratio':>8}"),
    ]
    for name, row in tput.items():
        ratio = data["ratio_vs_spacy"].get(name, 1.0)
        lines.append(
            f"{name:<18}{row['median_seconds']:>10.2f}{row['min_seconds']:>9.2f}"
            f"{row['articles_per_s']:>12.1f}{row['articles_per_s_best']:>9.1f}"
            f"{row['sentences_per_s']:>9.1f}{ratio:>8.2f}"
        )
    events = data["events"]
    lines += ["", f"events: {events['total']} ({events['per_article']} per article)"]
    lines.append("peak RSS (MiB) after: " + ", ".join(
        f"{k} {v:.0f}" for k, v in memory["peak_rss_mib_after"].items()))
    lines.append("RSS growth during each eventwire pass (MiB): " + ", ".join(
        f"{g:+.1f}" for g in memory["eventwire_rss_growth_mib"]))
    for name, workers in memory["workers"].items():
        lines.append(
            f"workers during {name}: {workers['workers']} processes, peak RSS sum "
            f"{workers['peak_rss_sum_mib']:.0f} MiB (PSS {workers['peak_pss_sum_mib']:.0f}), "
            f"{workers['peak_rss_per_worker_mib']:.0f} MiB per worker"
        )
    if memory["children_peak_rss_mib"] is not None:
        lines.append(f"largest finished worker peak RSS: {memory['children_peak_rss_mib']:.0f} MiB")
    if data.get("profile"):
        lines += ["", *_format_profile(data["profile"])]
    return "\n".join(lines)


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
