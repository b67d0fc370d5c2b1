"""spaCy's token ``Matcher``, run only over the stretches of a document its patterns can match.

The actor ruler's token patterns are word classes: a demonym, any number of modifiers, a
person or force noun ("Israeli armed forces", "Somali security officials"). spaCy's Matcher
starts every pattern at every token and tests each ``IN`` set in Python, about 4 ms for a
500-word article with our 67 patterns: more than the phrase matcher's 4,700 names cost. When
every token of every pattern is a set of lower-case words, a match can only lie inside a run of
consecutive tokens whose lower-case form is in one of those sets, so ``RunMatcher`` finds the
runs with one array lookup and calls the Matcher on each run alone. Its matches are the
Matcher's own, with the same document offsets; a pattern of any other kind switches it back to
matching the whole document.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy
from spacy.attrs import LOWER
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

# keys a token spec may have for the run restriction to hold; any other key (a part of speech,
# a negation, a wildcard ``{}``) can match words outside the sets
_SET_KEYS = frozenset({"LOWER", "OP"})
# operators under which a matched token is one of its words ("!" negates, "{n,m}" left out)
_OPERATORS = frozenset({None, "?", "*", "+"})


class RunMatcher:
    """Wraps a ``Matcher`` (as a ``SpanRuler``'s ``matcher``): same matches, found in runs.

    ``patterns`` are the token patterns the Matcher already holds; those added through the
    wrapper are noted as they come. After ``remove`` it no longer knows them all, and matches
    the whole document.
    """

    def __init__(self, matcher: Matcher, patterns: Iterable[list[dict[str, Any]]] = ()) -> None:
        self.matcher = matcher
        self._patterns: list[list[dict[str, Any]]] | None = [list(pattern) for pattern in patterns]
        self._words: numpy.ndarray | None = None
        self._stale = True

    def __call__(self, doclike: Doc | Span, **kwargs: Any) -> list[tuple[int, int, int]]:
        words = self._run_words(doclike)
        if words is None or kwargs or isinstance(doclike, Span):
            return self.matcher(doclike, **kwargs)
        return [(key, run_start + start, run_start + end)
                for run_start, run_end in word_runs(doclike, words)
                for key, start, end in self.matcher(doclike[run_start:run_end])]

    def add(self, key: str, patterns: list[list[dict[str, Any]]], **kwargs: Any) -> None:
        self.matcher.add(key, patterns, **kwargs)
        if self._patterns is not None:
            self._patterns.extend(patterns)
        self._stale = True

    def remove(self, key: str) -> None:
        self.matcher.remove(key)
        self._patterns = None  # which patterns went is not known here
        self._stale = True

    def __getattr__(self, name: str) -> Any:  # get, vocab ... as the Matcher
        return getattr(self.matcher, name)

    def __len__(self) -> int:
        return len(self.matcher)

    def __contains__(self, key: str) -> bool:
        return key in self.matcher

    def _run_words(self, doclike: Doc | Span) -> numpy.ndarray | None:
        """The hashes of every word the patterns name, or None when a pattern can match others."""
        if self._stale:
            self._stale = False
            words = None if self._patterns is None else pattern_words(self._patterns)
            strings = doclike.vocab.strings
            self._words = None if words is None else numpy.array(sorted({strings.add(w) for w in words}),
                                                                 dtype=numpy.uint64)
        return self._words


def pattern_words(patterns: Iterable[list[dict[str, Any]]]) -> set[str] | None:
    """Every lower-case word the token specs allow, or None if a spec allows any other token."""
    words: set[str] = set()
    for pattern in patterns:
        for spec in pattern:
            if not set(spec) <= _SET_KEYS or spec.get("OP") not in _OPERATORS or "LOWER" not in spec:
                return None
            value = spec["LOWER"]
            if isinstance(value, str):
                words.add(value)
            elif isinstance(value, dict) and set(value) == {"IN"}:
                words.update(value["IN"])
            else:
                return None
    return words


def word_runs(doc: Doc, words: numpy.ndarray) -> Iterator[tuple[int, int]]:
    """Token ranges of maximal runs of tokens whose lower-case form is one of ``words``."""
    if not len(doc):
        return
    inside = numpy.isin(doc.to_array(LOWER), words)
    edges = numpy.flatnonzero(numpy.diff(numpy.concatenate(([0], inside.view(numpy.int8), [0]))))
    yield from zip(edges[::2].tolist(), edges[1::2].tolist())
