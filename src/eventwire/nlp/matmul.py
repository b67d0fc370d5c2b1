"""Run the model's matrix products through numpy's BLAS instead of thinc's bundled BLIS.

thinc's ``NumpyOps`` computes every dense layer with the ``blis`` package, which picks its
kernels by CPU model at run time and falls back to its generic reference code on CPUs it does
not know: on the AMD EPYC (AVX-512) of our benchmark VM it runs the model's shapes (thousands of
token rows by 96 to 384 columns) at 16-27 GFLOPS, where the OpenBLAS that numpy ships runs them
at 45-100 GFLOPS on one thread. The token-to-vector layers of the tagger, parser and entity
recogniser then take about a third of the time. thinc offers the switch itself
(``NumpyOps(use_blis=False)`` hands ``gemm`` to numpy); it is set on this pipeline's models
only, never as thinc's process-wide default, so another pipeline in the process (the bare
model the benchmark compares with) keeps its own.

The two libraries add a product's terms in different orders, so scores can differ in the last
bits of a float; the annotations (tags, parses, lemmas, entities) and the coded events were
identical on the 43 golden articles and 200 benchmark articles. The parser's step-by-step
scoring keeps BLIS: spaCy calls it from Cython through thinc's C interface, on tiny matrices.

OpenBLAS may start a thread per core for the larger products. Worker processes already use
every core, so ``limit_blas_threads`` keeps each to one (see ``eventwire.pool``).
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

from spacy.language import Language
from thinc.api import Model, NumpyOps

logger = logging.getLogger(__name__)

# What numpy's bundled OpenBLAS calls its thread-count functions, by numpy build.
_OPENBLAS_PREFIXES = ("scipy_openblas", "openblas")
_OPENBLAS_SUFFIXES = ("64_", "")


def use_numpy_matmul(nlp: Language) -> int:
    """Give the pipeline's thinc models ops that multiply matrices with numpy; the number of
    models changed. Models on another device (a GPU's ``CupyOps``) are left as they are."""
    ops = NumpyOps(use_blis=False)
    changed = 0
    for model in _component_models(nlp):
        if type(model.ops) is not NumpyOps:
            continue
        for node in model.walk():
            node.ops = ops
        changed += 1
    logger.info("matrix products of %d models through numpy", changed)
    return changed


def _component_models(nlp: Language) -> Iterator[Model]:  # type: ignore[type-arg]
    """Every component's thinc model, the disabled components' included."""
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            yield model


def limit_blas_threads(count: int = 1) -> bool:
    """Cap numpy's OpenBLAS at ``count`` threads in this process; False when numpy's BLAS is not
    a bundled OpenBLAS exposing the setting (the products then run as the library decides)."""
    setter = openblas_function("set_num_threads")
    if setter is None:
        return False
    setter(ctypes.c_int(count))
    return True


def openblas_function(name: str) -> Callable[..., int] | None:
    """The function ``name`` ("set_num_threads") of the OpenBLAS numpy ships, or None."""
    import numpy

    for path in sorted((Path(numpy.__file__).parent.parent / "numpy.libs").glob("*openblas*.so*")):
        library = ctypes.CDLL(str(path))  # already loaded by numpy: the same handle
        for prefix in _OPENBLAS_PREFIXES:
            for suffix in _OPENBLAS_SUFFIXES:
                function = getattr(library, f"{prefix}_{name}{suffix}", None)
                if function is not None:
                    return function  # type: ignore[no-any-return]
    return None
