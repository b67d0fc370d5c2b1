"""Tests of eventwire.bench and scripts/bench.py with fake pipelines: no model loads, no timings
are asserted. Every CSV row and article text here is written for these tests.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from eventwire.bench import (
    PASSES,
    BenchOptions,
    Corpus,
    Loaders,
    Throughput,
    WorkerMemory,
    acled_corpus,
    allocate,
    build_corpus,
    child_pids,
    current_rss_mib,
    format_report,
    median,
    profile_coding,
    rate,
    read_acled_notes,
    run_benchmark,
    speed_ratio,
)
from eventwire.errors import InputError
from eventwire.model import Article, Event, PloverType, TextSpan, event_id_for
from eventwire.store import open_store

REPO_ROOT = Path(__file__).resolve().parents[2]

# The column layout of a newer ACLED export (a subset, in export order).
ACLED_HEADER = ["event_id_cnty", "event_date", "year", "event_type", "actor1", "country",
                "location", "latitude", "longitude", "notes", "fatalities"]


def write_extract(folder: Path, prefix: str, notes: list[str]) -> Path:
    folder.mkdir(parents=True)
    path = folder / "extract.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ACLED_HEADER)
        for number, text in enumerate(notes, start=1):
            writer.writerow([f"{prefix}{number}", f"2024-03-0{number % 9 + 1}", "2024",
                             "Protests", "Protesters (Testland)", "Testland", "Port Example",
                             "1.5", "2.5", text, "0"])
    return path


def note(place: str, number: int) -> str:
    return (f"On {number} March 2024, around {number * 10} traders protested in {place} against "
            f"a new market tax. The demonstration ended peacefully.")


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    root = tmp_path / "shared" / "data"
    write_extract(root / "acled-north", "NTH", [note("Northtown", i) for i in range(1, 21)])
    write_extract(root / "acled-south", "STH", [note("Southport", i) for i in range(1, 4)])
    write_extract(root / "acled-west", "WST", [note("Westfield", i) for i in range(1, 11)])
    return root


# --- corpus ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "sizes", "expected"),
    [
        (9, [10, 10, 10], [3, 3, 3]),
        (10, [10, 10, 10], [4, 3, 3]),
        (12, [20, 2, 20], [5, 2, 5]),  # the small group's shortfall goes to the others
        (100, [3, 4, 5], [3, 4, 5]),  # more than there is: everything
        (4, [0, 5, 5], [0, 2, 2]),
        (0, [5, 5], [0, 0]),
    ],
)
def test_allocate_spreads_equally_within_sizes(
    n: int, sizes: list[int], expected: list[int]
) -> None:
    assert allocate(n, sizes) == expected


def test_acled_corpus_samples_every_extract(data_dir: Path) -> None:
    files = sorted(data_dir.glob("acled-*/*.csv"))
    corpus = acled_corpus(files, n=12, seed=1)
    assert corpus.source == "acled"
    assert len(corpus.articles) == 12
    assert dict(corpus.parts) == {"acled-north": 5, "acled-south": 3, "acled-west": 4}
    prefixes = {article.id[:3] for article in corpus.articles}
    assert prefixes == {"NTH", "STH", "WST"}
    assert all(article.date is None for article in corpus.articles)
    assert len({article.id for article in corpus.articles}) == 12
    assert corpus.characters == sum(len(a.text) for a in corpus.articles)


def test_acled_corpus_is_reproducible(data_dir: Path) -> None:
    files = sorted(data_dir.glob("acled-*/*.csv"))
    first = [a.id for a in acled_corpus(files, n=10, seed=7).articles]
    again = [a.id for a in acled_corpus(files, n=10, seed=7).articles]
    other = [a.id for a in acled_corpus(files, n=10, seed=8).articles]
    assert first == again
    assert first != other


def test_read_acled_notes_takes_id_and_notes_and_skips_empty(tmp_path: Path) -> None:
    notes = [note("Lakeside", 1), "", "NA", note("Hilltop", 4)]
    path = write_extract(tmp_path / "acled-x", "XX", notes)
    articles = list(read_acled_notes(path))
    assert [a.id for a in articles] == ["XX1", "XX4"]
    assert articles[0].text == note("Lakeside", 1)
    assert articles[0].date is None


def test_an_id_in_two_extracts_is_read_once(tmp_path: Path) -> None:
    write_extract(tmp_path / "acled-a", "DUP", [note("Rivertown", 1), note("Rivertown", 2)])
    write_extract(tmp_path / "acled-b", "DUP",
                  [note("Rivertown", 1), note("Bayside", 2), note("Bayside", 3)])
    corpus = acled_corpus(sorted(tmp_path.glob("acled-*/*.csv")), n=50, seed=0)
    ids = [a.id for a in corpus.articles]
    assert sorted(ids) == ["DUP1", "DUP2", "DUP3"]


def test_build_corpus_finds_shared_data_beside_the_repo(data_dir: Path) -> None:
    repo_root = data_dir.parent.parent / "main"
    corpus = build_corpus(6, seed=3, repo_root=repo_root)
    assert corpus.source == "acled"
    assert len(corpus.articles) == 6


def make_fallback_repo(root: Path) -> Path:
    (root / "samples").mkdir(parents=True)
    (root / "samples" / "harbour_strike.txt").write_text(
        "date 2024-05-02\nDock workers in Port Example walked out on Thursday over unpaid wages.\n",
        encoding="utf-8")
    record = {"id": "w1", "date": "2024-05-03",
              "text": "Police in Northtown arrested four protesters."}
    (root / "samples" / "wire.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    return root


def test_build_corpus_falls_back_to_project_texts_and_cycles(tmp_path: Path) -> None:
    repo_root = make_fallback_repo(tmp_path / "main")
    corpus = build_corpus(5, seed=0, repo_root=repo_root)
    assert corpus.source == "project-samples"
    assert len(corpus.articles) == 5
    assert [a.id for a in corpus.articles] == ["harbour_strike", "w1", "harbour_strike~1", "w1~1",
                                               "harbour_strike~2"]
    assert corpus.articles[2].text == corpus.articles[0].text
    assert "cycled" in corpus.note and "not found" in corpus.note


def test_build_corpus_with_explicit_missing_data_dir_fails(tmp_path: Path) -> None:
    repo_root = make_fallback_repo(tmp_path / "main")
    with pytest.raises(InputError, match="--data"):
        build_corpus(5, seed=0, repo_root=repo_root, data_dir=tmp_path / "nowhere")


def test_build_corpus_without_any_text_fails(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        build_corpus(5, seed=0, repo_root=tmp_path)
    with pytest.raises(InputError):
        build_corpus(0, seed=0, repo_root=make_fallback_repo(tmp_path / "main"))


# --- statistics --------------------------------------------------------------------------------


def test_median_rate_and_ratio() -> None:
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0]) == 2.5
    with pytest.raises(ValueError):
        median([])
    assert rate(500, 2.0) == 250.0
    assert rate(10, 0.0) == float("inf")
    # ours takes 4 s where bare spaCy takes 1 s: a quarter of its articles/s
    assert speed_ratio(4.0, 1.0) == 0.25
    assert speed_ratio(1.0, 1.0) == 1.0


def test_throughput_uses_median_and_min() -> None:
    row = Throughput((2.0, 4.0, 5.0), articles=100, sentences=300).to_dict()
    assert row["median_seconds"] == 4.0
    assert row["min_seconds"] == 2.0
    assert row["articles_per_s"] == 25.0
    assert row["articles_per_s_best"] == 50.0
    assert row["sentences_per_s"] == 75.0


def test_worker_memory_keeps_peaks() -> None:
    memory = WorkerMemory()
    memory.update([100.0, 120.0], [60.0, 70.0])
    memory.update([90.0], [50.0])
    data = memory.to_dict()
    assert data["workers"] == 2
    assert data["peak_rss_sum_mib"] == 220.0
    assert data["peak_pss_sum_mib"] == 130.0
    assert data["peak_rss_one_worker_mib"] == 120.0
    assert data["peak_rss_per_worker_mib"] == 110.0


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_proc_readers_see_this_process_and_its_child() -> None:
    rss = current_rss_mib()
    assert rss is not None and rss > 1
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(5)"])
    try:
        assert child.pid in child_pids()
    finally:
        child.kill()
        child.wait()
    assert child.pid not in child_pids()


# --- the run, with fakes -----------------------------------------------------------------------


class FakeDoc:
    def __init__(self, text: str) -> None:
        self.sents = [part for part in text.split(". ") if part]


class FakeNLP:
    def __init__(self, log: list[str]) -> None:
        self.log = log

    def pipe(self, texts: Iterable[str], *, batch_size: int, n_process: int) -> Iterator[FakeDoc]:
        texts = list(texts)
        self.log.append(f"spacy:{len(texts)}")
        return (FakeDoc(text) for text in texts)


class FakeCoder:
    """One PROTEST event per article whose text says "protest"."""

    def __init__(self, log: list[str]) -> None:
        self.log = log

    def code_many(self, articles: Iterable[Article], *,
                  batch_size: int | None = None) -> Iterator[tuple[Article, list[Event]]]:
        articles = list(articles)
        self.log.append(f"code:{len(articles)}")
        for article in articles:
            yield article, self._events(article)

    @staticmethod
    def _events(article: Article) -> list[Event]:
        start = article.text.find("protest")
        if start < 0:
            return []
        trigger = TextSpan("protested", start, start + 9)
        evidence = TextSpan(article.text, 0, len(article.text))
        return [Event(event_id_for(article.id, start, "PROTEST"), article.id, PloverType.PROTEST,
                      evidence, trigger)]


def fake_loaders(log: list[str]) -> Loaders:
    return Loaders(bare=lambda: FakeNLP(log), coder=lambda: FakeCoder(log), store=open_store,
                   model_name="fake_model")


def fake_corpus() -> Corpus:
    texts = [note("Northtown", i) if i % 3 else "Officials met in Port Example. Talks went on."
             for i in range(1, 11)]
    articles = tuple(Article(id=f"T{i}", text=text) for i, text in enumerate(texts, start=1))
    return Corpus("acled", articles, (("acled-test", 10),))


def test_run_benchmark_interleaves_passes_after_a_warm_up() -> None:
    log: list[str] = []
    options = BenchOptions(repeats=2, batch_size=4, chunk_size=6)
    report = run_benchmark(fake_corpus(), options, fake_loaders(log))
    warm_up = ["spacy:4", "code:4"]
    one_round = ["spacy:10", "code:10", "code:6", "code:4"]  # the store pass codes in chunks of 6
    assert log == warm_up + one_round * 2
    assert all(len(report.passes[name]) == 2 for name in PASSES)
    assert report.sentences == 20  # two sentences in each text
    assert report.events == 7  # the texts not divisible by 3 mention a protest
    assert set(report.load_seconds) == {"spacy", "eventwire"}


def test_report_json_shape() -> None:
    report = run_benchmark(fake_corpus(), BenchOptions(repeats=3, batch_size=4),
                           fake_loaders([]))
    data = json.loads(json.dumps(report.to_dict()))
    assert set(data) >= {"started", "machine", "corpus", "options", "model", "load_seconds",
                         "warmup_seconds", "throughput", "ratio_vs_spacy", "events", "memory"}
    assert data["corpus"] == {"source": "acled", "articles": 10,
                              "characters": fake_corpus().characters, "sentences": 20,
                              "parts": {"acled-test": 10}, "note": ""}
    assert set(data["throughput"]) == set(PASSES)
    for row in data["throughput"].values():
        assert len(row["seconds"]) == 3
        assert row["min_seconds"] <= row["median_seconds"]
    assert set(data["ratio_vs_spacy"]) == {"eventwire", "eventwire+store"}
    assert data["events"] == {"total": 7, "per_article": 0.7}
    memory = data["memory"]
    assert set(memory["peak_rss_mib_after"]) >= {"load spacy", "load eventwire", "eventwire", "end"}
    assert len(memory["eventwire_rss_growth_mib"]) in (0, 3)  # 0 where there is no /proc
    assert data["profile"] is None
    text = format_report(data)
    assert "eventwire+store" in text and "10 articles" in text


def test_run_benchmark_rejects_zero_repeats() -> None:
    with pytest.raises(ValueError):
        run_benchmark(fake_corpus(), BenchOptions(repeats=0), fake_loaders([]))


def test_profile_lists_functions_of_the_named_package() -> None:
    corpus = fake_corpus()
    total, rows = profile_coding(FakeCoder([]), corpus.articles, top=3, package="unit")
    assert total >= 0
    assert 0 < len(rows) <= 3
    assert any("code_many" in row.function for row in rows)
    assert rows == sorted(rows, key=lambda row: row.cumulative_seconds, reverse=True)


def load_script() -> ModuleType:
    path = REPO_ROOT / "scripts" / "bench.py"
    spec = importlib.util.spec_from_file_location("bench_script", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_script_prints_json(data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    script = load_script()
    monkeypatch.setattr(script, "default_loaders", lambda options: fake_loaders([]))
    code = script.main(["--n", "6", "--repeats", "2", "--json", "--quiet", "--data", str(data_dir)])
    assert code == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert data["corpus"]["articles"] == 6
    assert data["corpus"]["seed"] == 13
    assert data["options"]["repeats"] == 2
    assert data["command"].startswith("python scripts/bench.py --n 6")


def test_script_reports_a_bad_data_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = load_script()
    assert script.main(["--quiet", "--data", str(tmp_path / "missing")]) == 2
    assert "--data" in capsys.readouterr().err
