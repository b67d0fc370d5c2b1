"""Tests of the speed settings that must not change any annotation: the model's matrix products
through numpy (eventwire.nlp.matmul) and the worker processes' allocator and BLAS threads
(eventwire.pool).

The fast tests use a blank pipeline with a freshly initialised tagger (random weights, no model
download); the ``model`` test compares the English model's annotations with and without.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy
import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.training import Example
from thinc.api import NumpyOps

from eventwire.nlp.matmul import limit_blas_threads, openblas_function, use_numpy_matmul
from eventwire.pool import keep_freed_memory

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture()
def tagging() -> Language:
    """A blank English pipeline with an initialised tagger, and a second one disabled."""
    nlp = spacy.blank("en")
    for name in ("tagger", "spare_tagger"):
        nlp.add_pipe("tagger", name=name)
    examples = [Example.from_dict(nlp.make_doc("Gunmen attacked the camp"),
                                  {"tags": ["NNS", "VBD", "DT", "NN"]})]
    nlp.initialize(lambda: examples)
    nlp.disable_pipe("spare_tagger")
    return nlp


def ops_of(nlp: Language, name: str) -> set[tuple[type, bool]]:
    return {(type(node.ops), getattr(node.ops, "use_blis", True))
            for node in nlp.get_pipe(name).model.walk()}  # type: ignore[attr-defined]


def test_every_model_node_multiplies_through_numpy_the_disabled_ones_too(tagging: Language) -> None:
    assert ops_of(tagging, "tagger") == {(NumpyOps, True)}
    assert use_numpy_matmul(tagging) == 2
    assert ops_of(tagging, "tagger") == ops_of(tagging, "spare_tagger") == {(NumpyOps, False)}


def test_numpy_products_give_the_same_scores_and_tags(tagging: Language) -> None:
    text = "Militants attacked a police post near the border on Sunday, killing three officers."
    model = tagging.get_pipe("tagger").model  # type: ignore[attr-defined]
    docs = [tagging.make_doc(text)]
    before, tags_before = model.predict(docs)[0], [t.tag_ for t in tagging(text)]
    use_numpy_matmul(tagging)
    after = model.predict(docs)[0]
    assert numpy.allclose(before, after, rtol=1e-5, atol=1e-6)
    assert [t.tag_ for t in tagging(text)] == tags_before


def test_the_process_wide_default_is_left_alone(tagging: Language) -> None:
    from thinc.api import get_current_ops

    use_numpy_matmul(tagging)
    assert getattr(get_current_ops(), "use_blis", True) is True  # another pipeline keeps BLIS


@pytest.mark.skipif(openblas_function("get_num_threads") is None, reason="numpy without a bundled OpenBLAS")
def test_blas_threads_are_capped() -> None:
    threads = openblas_function("get_num_threads")
    assert threads is not None
    before = threads()
    try:
        assert limit_blas_threads(1)
        assert threads() == 1
    finally:
        limit_blas_threads(before)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_freed_memory_is_kept_on_glibc() -> None:
    assert keep_freed_memory()


COMPARED = [TAG, POS, MORPH, LEMMA, HEAD, DEP, ENT_IOB, ENT_TYPE]


@pytest.mark.model
def test_the_model_annotates_the_same_with_numpy_products() -> None:
    from eventwire.nlp import load_pipeline

    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))]
    assert texts
    fast = load_pipeline()
    blis = load_pipeline()
    for _, component in blis.components:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = NumpyOps()
    assert ops_of(fast, "ner") == {(NumpyOps, False)} and ops_of(blis, "ner") == {(NumpyOps, True)}
    for ours, theirs in zip(fast.pipe(texts), blis.pipe(texts)):
        assert numpy.array_equal(ours.to_array(COMPARED), theirs.to_array(COMPARED))
