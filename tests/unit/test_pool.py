"""Tests of eventwire.pool: coding in worker processes that each run the whole coder.

A blank English pipeline and stages registered here (the workers are forked, so they see them);
no statistical model.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import spacy
from test_pipeline import ARTICLE, make_resources

from eventwire.errors import EventwireError
from eventwire.model import Article, Event, PloverType, TextSpan, event_id_for
from eventwire.pipeline import ArticleAnalysis, Coder, stage
from eventwire.pool import WorkerError, _context

pytestmark = [pytest.mark.usefixtures("registry"), pytest.mark.skipif(_context().get_start_method() != "fork",
                                reason="the tests register stages in this process; spawned workers would not see them")]


def register_sentence_events(pid_folder: Path | None = None) -> list[str]:
    """One event per sentence holding "clash"; an article whose text says "poison" fails. With
    ``pid_folder``, each article leaves a file naming the process that coded it."""

    @stage("test.sentences.v1", requires=("doc",), assigns=("events",))
    def sentence_events(analysis: ArticleAnalysis) -> ArticleAnalysis:
        if pid_folder is not None:
            (pid_folder / analysis.article.id).write_text(str(os.getpid()))
        if "poison" in analysis.article.text:
            raise ValueError(f"cannot code {analysis.article.id}")
        for sentence in analysis.doc.sents:
            if "clash" in sentence.text.lower():
                analysis.events.append(Event(
                    event_id=event_id_for(analysis.article.id, sentence.start_char, "ASSAULT"),
                    article_id=analysis.article.id, event_type=PloverType.ASSAULT,
                    evidence=TextSpan(sentence.text, sentence.start_char, sentence.end_char),
                    trigger=TextSpan(sentence[0].text, sentence[0].idx, sentence[0].idx + len(sentence[0]))))
        return analysis

    return ["test.sentences.v1"]


def wire_articles(n: int) -> list[Article]:
    return [replace(ARTICLE, id=f"wire-{k}", text=f"Clashes broke out in Sake on day {k}. " + "Calm returned. " * (k % 3)
                    + ("Fresh clashes followed." if k % 2 else ""))
            for k in range(n)]


def test_workers_give_the_same_events_in_the_same_order_as_one_process(blank_nlp: spacy.language.Language,
                                                                     tmp_path: Path) -> None:
    names = register_sentence_events(tmp_path)
    articles = wire_articles(9)
    serial = list(Coder(blank_nlp, make_resources(batch_size=2), stages=names).code_many(articles))
    pooled = list(Coder(blank_nlp, make_resources(batch_size=2, n_process=2), stages=names).code_many(articles))
    coded_by = {int(path.read_text()) for path in tmp_path.iterdir()}
    assert os.getpid() not in coded_by and 1 <= len(coded_by) <= 2  # the workers, not this process
    assert [a.id for a, _ in pooled] == [a.id for a in articles]
    assert pooled == serial
    assert sum(len(events) for _, events in pooled) == 9 + 4  # the odd days have a second clash


def test_a_failing_article_names_its_chunk(blank_nlp: spacy.language.Language) -> None:
    names = register_sentence_events()
    articles = wire_articles(6)
    articles[3] = replace(articles[3], text="Someone tried to poison the well.")
    coder = Coder(blank_nlp, make_resources(batch_size=2, n_process=2), stages=names)
    with pytest.raises(WorkerError, match="wire-2") as caught:
        list(coder.code_many(articles))
    assert isinstance(caught.value, EventwireError)
    assert "n_process 1" in str(caught.value)


def test_the_stream_is_read_only_a_few_chunks_ahead(blank_nlp: spacy.language.Language) -> None:
    names = register_sentence_events()
    pulled: list[str] = []

    def endless() -> Iterator[Article]:
        for k in itertools.count():
            article = replace(ARTICLE, id=f"feed-{k}", text=f"Clashes on day {k}.")
            pulled.append(article.id)
            yield article

    coder = Coder(blank_nlp, make_resources(batch_size=3, n_process=2), stages=names)
    results: Any = coder.code_many(endless())
    first = [next(results) for _ in range(4)]
    assert [a.id for a, _ in first] == ["feed-0", "feed-1", "feed-2", "feed-3"]
    # at most 8 chunks per worker held (coded or queued) and two chunks of look-ahead, 3 articles each
    assert len(pulled) <= (8 * 2 + 2) * 3
    results.close()


def test_workers_use_one_blas_thread_and_keep_freed_memory(blank_nlp: spacy.language.Language, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import eventwire.nlp.matmul
    import eventwire.pool

    def noted(what: str) -> Any:
        def note(*args: object) -> bool:
            (tmp_path / f"{what}-{os.getpid()}").write_text(repr(args))
            return True
        return note

    # the workers are forked after the patch, so they run these in place of the real settings
    monkeypatch.setattr(eventwire.nlp.matmul, "limit_blas_threads", noted("threads"))
    monkeypatch.setattr(eventwire.pool, "keep_freed_memory", noted("memory"))
    coder = Coder(blank_nlp, make_resources(batch_size=2, n_process=2), stages=register_sentence_events())
    assert len(list(coder.code_many(wire_articles(6)))) == 6
    threads = {path.name.split("-")[1]: path.read_text() for path in tmp_path.glob("threads-*")}
    memory = {path.name.split("-")[1] for path in tmp_path.glob("memory-*")}
    assert threads and set(threads) == memory and str(os.getpid()) not in memory
    assert set(threads.values()) == {"(1,)"}


def coded_by(folder: Path) -> set[int]:
    pids = {int(path.read_text()) for path in folder.iterdir()}
    for path in folder.iterdir():
        path.unlink()
    return pids


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as stat:  # an exited child not yet reaped is a zombie, "Z"
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:  # reaped between the signal and the read
        return False


def test_the_workers_serve_every_call_until_the_coder_is_closed(blank_nlp: spacy.language.Language,
                                                                 tmp_path: Path) -> None:
    coder = Coder(blank_nlp, make_resources(batch_size=2, n_process=2), stages=register_sentence_events(tmp_path))
    first = list(coder.code_many(wire_articles(6)))
    first_workers = coded_by(tmp_path)
    assert list(coder.code_many(wire_articles(6))) == first
    assert coded_by(tmp_path) <= first_workers  # the same processes, not new ones
    coder.close()
    assert not any(is_running(pid) for pid in first_workers)
    assert list(coder.code_many(wire_articles(6))) == first  # a closed coder starts new workers
    assert not coded_by(tmp_path) & first_workers
    coder.close()


def test_a_dead_worker_fails_its_call_and_the_next_call_starts_new_workers(blank_nlp: spacy.language.Language,
                                                                            tmp_path: Path) -> None:
    @stage("test.dies.v1", requires=("doc",), assigns=("events",))
    def dies_on_kill(analysis: ArticleAnalysis) -> ArticleAnalysis:
        if "kill" in analysis.article.text:
            os._exit(3)  # as the kernel's OOM killer would end it: no exception, no cleanup
        return analysis

    with Coder(blank_nlp, make_resources(batch_size=2, n_process=2),
               stages=[*register_sentence_events(tmp_path), "test.dies.v1"]) as coder:
        articles = wire_articles(4)
        killer = [*articles[:2], replace(articles[2], id="killer", text="They tried to kill the worker.")]
        with pytest.raises(WorkerError, match="wire-0|killer"):
            list(coder.code_many(killer))
        assert [a.id for a, _ in coder.code_many(articles)] == [a.id for a in articles]


def test_the_workers_stop_when_the_coder_is_collected(blank_nlp: spacy.language.Language, tmp_path: Path) -> None:
    import gc

    coder = Coder(blank_nlp, make_resources(batch_size=2, n_process=2), stages=register_sentence_events(tmp_path))
    assert len(list(coder.code_many(wire_articles(4)))) == 4
    workers = coded_by(tmp_path)
    del coder
    gc.collect()
    assert workers and not any(is_running(pid) for pid in workers)


def test_a_slow_chunk_does_not_idle_the_other_worker(blank_nlp: spacy.language.Language, tmp_path: Path) -> None:
    import time

    @stage("test.slow.v1", requires=("doc",), assigns=("events",))
    def slow_first(analysis: ArticleAnalysis) -> ArticleAnalysis:
        if analysis.article.id == "wire-0":
            time.sleep(1.5)
        (tmp_path / analysis.article.id).write_text(str(time.monotonic()))
        return analysis

    with Coder(blank_nlp, make_resources(batch_size=1, n_process=2), stages=["test.slow.v1"]) as coder:
        articles = wire_articles(12)
        assert [a.id for a, _ in coder.code_many(articles)] == [a.id for a in articles]  # still in order
    done = {path.name: float(path.read_text()) for path in tmp_path.iterdir()}
    # while the first article takes its time, the other worker codes all the rest
    assert max(done[f"wire-{k}"] for k in range(1, 12)) < done["wire-0"]


@pytest.mark.parametrize(("n", "sizes"), [(20, [4, 4, 4, 4, 1, 1, 1, 1]), (14, [4, 4, 2, 2, 2]),
                                          (3, [1, 1, 1]), (0, [])])
def test_the_last_chunks_are_smaller_so_the_workers_end_together(n: int, sizes: list[int]) -> None:
    from eventwire.pool import _chunks

    articles = wire_articles(n)
    chunks = list(_chunks(articles, 4, 2))
    assert [len(chunk) for chunk in chunks] == sizes
    assert [a for chunk in chunks for a in chunk] == articles


def test_two_threads_coding_at_once_share_one_set_of_workers(blank_nlp: spacy.language.Language,
                                                             tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with Coder(blank_nlp, make_resources(batch_size=2, n_process=2), stages=register_sentence_events(tmp_path)) as coder:
        articles = wire_articles(10)
        with ThreadPoolExecutor(2) as threads:
            results = list(threads.map(lambda batch: list(coder.code_many(batch)), [articles[:5], articles[5:]]))
    assert [a.id for a, _ in results[0] + results[1]] == [a.id for a in articles]
    assert len(coded_by(tmp_path)) <= 2  # one pool, not one per thread
