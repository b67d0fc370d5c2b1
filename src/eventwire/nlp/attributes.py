"""The model's attribute ruler (tag map and exceptions) applied without spaCy's token Matcher.

``en_core_web_sm``'s attribute ruler maps each fine tag to a coarse part of speech and
morphology and patches about 120 exceptions ("a" is an indefinite article, "gonna" is "go to").
spaCy runs its 180 patterns through the token ``Matcher``, which tries every pattern at every
token: a tenth of the model's time on news text. The patterns are all one or two tokens with
equality, ``IN`` or ``REGEX`` tests, so an index on the first token's lower-case form or tag
finds the few patterns that can match, and the same attribute setter applies them in the same
order (later patterns win). A model whose patterns use anything else keeps spaCy's ruler.
"""

from __future__ import annotations

import functools
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

logger = logging.getLogger(__name__)

Test = Callable[[Token], bool]


class UnsupportedPattern(ValueError):
    """A pattern uses a condition this ruler does not implement; spaCy's ruler is kept."""


@dataclass(frozen=True, slots=True)
class _Rule:
    attr_id: int  # the pattern's position: later positions override earlier ones
    tests: tuple[tuple[Test, ...], ...]  # per token of the pattern, all must hold
    index: int  # which matched token gets the attributes


_READERS: Mapping[str, Callable[[Token], Any]] = {
    "LOWER": lambda token: token.lower_,
    "ORTH": lambda token: token.orth_,
    "TAG": lambda token: token.tag_,
    "DEP": lambda token: token.dep_,
    "IS_SPACE": lambda token: token.is_space,
}


def _test(attr: str, condition: Any) -> Test:
    read = _READERS.get(attr)
    if read is None:
        raise UnsupportedPattern(f"attribute {attr}")
    if isinstance(condition, (str, bool)):
        return lambda token: read(token) == condition
    if isinstance(condition, dict) and len(condition) == 1:
        (operator, value), = condition.items()
        if operator == "IN":
            allowed = frozenset(value)
            return lambda token: read(token) in allowed
        if operator == "NOT_IN":
            banned = frozenset(value)
            return lambda token: read(token) not in banned
        if operator == "REGEX":
            pattern = re.compile(value)
            return lambda token: bool(pattern.search(read(token)))
    raise UnsupportedPattern(f"{attr}: {condition!r}")


# The first-token attributes a pattern can be filed under, most selective first.
_INDEXED = ("LOWER", "TAG", "DEP")


def _index_keys(first: Mapping[str, Any]) -> tuple[str, tuple[str, ...]] | None:
    """Where to file a pattern: under its first token's exact (or ``IN``) lower form, tag or
    dependency label; None when it has none of those (a space, or a lower-case regex)."""
    for attr in _INDEXED:
        condition = first.get(attr)
        if isinstance(condition, str):
            return attr, (condition,)
        if isinstance(condition, dict) and set(condition) == {"IN"}:
            return attr, tuple(condition["IN"])
    return None


class FastAttributeRuler:
    """Applies an ``AttributeRuler``'s patterns with the same result, faster (see the module)."""

    def __init__(self, ruler: Any) -> None:
        self.ruler = ruler
        self.filed: dict[str, dict[str, list[_Rule]]] = {attr: defaultdict(list) for attr in _INDEXED}
        self.on_spaces: list[_Rule] = []
        self.by_regex: list[tuple[re.Pattern[str], _Rule]] = []
        self._regex_hits: dict[int, bool] = {}  # lower-case form -> whether a regex matches it
        self.tag_map, first_exception = _leading_tag_map(ruler)
        for attr_id in range(first_exception, len(ruler.attrs)):
            for pattern in ruler.matcher.get(str(attr_id))[1]:
                self._file(_Rule(attr_id, tuple(self._token_tests(t) for t in pattern), ruler.indices[attr_id]),
                           pattern[0])

    @functools.cached_property
    def _key_hashes(self) -> tuple[numpy.ndarray, ...]:
        strings = self.ruler.vocab.strings
        return tuple(numpy.array([strings[k] for k in self.filed[attr]], dtype=numpy.uint64) for attr in _INDEXED)

    @staticmethod
    def _token_tests(token_pattern: Mapping[str, Any]) -> tuple[Test, ...]:
        if not token_pattern or any(key in token_pattern for key in ("OP", "_")):
            raise UnsupportedPattern(repr(token_pattern))
        return tuple(_test(attr, condition) for attr, condition in token_pattern.items())

    def _file(self, rule: _Rule, first: Mapping[str, Any]) -> None:
        keys = _index_keys(first)
        lower = first.get("LOWER")
        if keys is not None:
            for key in keys[1]:
                self.filed[keys[0]][key].append(rule)
        elif first.get("IS_SPACE") is True:
            self.on_spaces.append(rule)
        elif isinstance(lower, dict) and set(lower) == {"REGEX"}:
            self.by_regex.append((re.compile(lower["REGEX"]), rule))
        else:
            raise UnsupportedPattern(f"a first token with no exact LOWER, TAG or DEP: {first!r}")

    def __call__(self, doc: Doc) -> Doc:
        # the exceptions are matched on the tags as the tagger left them, as spaCy's ruler does
        exceptions = sorted(self._matches(doc))
        self._apply_tag_map(doc)
        for attr_id, start, end in exceptions:
            set_token_attrs(doc[start:end][self.ruler.indices[attr_id]], self.ruler.attrs[attr_id])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def _apply_tag_map(self, doc: Doc) -> None:
        """POS and MORPH for every token from its tag, in one array write."""
        if not self.tag_map or not len(doc):
            return
        values = doc.to_array([TAG, POS, MORPH])
        for tag in numpy.unique(values[:, 0]):
            mapped = self.tag_map.get(int(tag))
            if mapped is not None:
                values[values[:, 0] == tag, 1:] = mapped
        doc.from_array([POS, MORPH], values[:, 1:])  # type: ignore[arg-type]  # uint64, as to_array gives

    def _matches(self, doc: Doc) -> Iterator[tuple[int, int, int]]:
        for i in self._candidate_positions(doc):
            for rule in self._candidates(doc[i]):
                end = i + len(rule.tests)
                if end <= len(doc) and _holds(rule.tests, doc, i):
                    yield rule.attr_id, i, end

    def _candidate_positions(self, doc: Doc) -> list[int]:
        """Tokens some pattern is filed under, found with array tests rather than a Python loop
        over every token (that loop is what makes spaCy's ruler slow)."""
        if not len(doc):
            return []
        values = doc.to_array([LOWER, TAG, DEP, IS_SPACE])
        hit = numpy.zeros(len(doc), dtype=bool)
        for column, keys in enumerate(self._key_hashes):
            hit |= numpy.isin(values[:, column], keys)
        if self.on_spaces:
            hit |= values[:, 3] != 0
        if self.by_regex:
            forms, where = numpy.unique(values[:, 0], return_inverse=True)
            hit |= numpy.array([self._regex_hit(int(form)) for form in forms], dtype=bool)[where]
        return [int(i) for i in numpy.flatnonzero(hit)]

    def _regex_hit(self, lower_hash: int) -> bool:
        found = self._regex_hits.get(lower_hash)
        if found is None:
            lower = self.ruler.vocab.strings[lower_hash]
            found = self._regex_hits[lower_hash] = any(pattern.search(lower) for pattern, _ in self.by_regex)
        return found

    def _candidates(self, token: Token) -> Iterator[_Rule]:
        for attr, value in (("LOWER", token.lower_), ("TAG", token.tag_), ("DEP", token.dep_)):
            yield from self.filed[attr].get(value, ())
        if token.is_space:
            yield from self.on_spaces
        for pattern, rule in self.by_regex:
            if pattern.search(token.lower_):
                yield rule


def _leading_tag_map(ruler: Any) -> tuple[dict[int, tuple[int, int]], int]:
    """The tag map at the head of the patterns (one token, one tag, setting POS and MORPH), as
    tag hash -> (POS id, MORPH hash), and the position of the first pattern after it."""
    tag_map: dict[int, tuple[int, int]] = {}
    strings = ruler.vocab.strings
    for attr_id, attrs in enumerate(ruler.attrs):
        patterns = ruler.matcher.get(str(attr_id))[1]
        tag = patterns[0][0].get("TAG") if len(patterns) == 1 and len(patterns[0]) == 1 else None
        if set(patterns[0][0]) != {"TAG"} or not isinstance(tag, str) or set(attrs) != {POS, MORPH}:
            return tag_map, attr_id
        tag_map[strings[tag]] = (attrs[POS], attrs[MORPH])  # a later pattern wins, as in spaCy
    return tag_map, len(ruler.attrs)


def _holds(tests: Sequence[tuple[Test, ...]], doc: Doc, start: int) -> bool:
    return all(test(doc[start + k]) for k, token_tests in enumerate(tests) for test in token_tests)


FAST_ATTRIBUTE_RULER = "eventwire_attribute_ruler"


def use_fast_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Put a ``FastAttributeRuler`` in place of the pipeline's attribute ruler ``name``; False
    (and spaCy's ruler kept) when there is none or a pattern uses what it does not implement."""
    if name not in nlp.pipe_names:
        return False
    try:
        FastAttributeRuler(nlp.get_pipe(name))
    except UnsupportedPattern as error:
        logger.info("keeping spaCy's attribute ruler: a pattern uses %s", error)
        return False
    nlp.add_pipe(FAST_ATTRIBUTE_RULER, after=name, config={"source": name})
    nlp.remove_pipe(name)
    return True


@Language.factory(FAST_ATTRIBUTE_RULER, default_config={"source": "attribute_ruler"})
def make_fast_attribute_ruler(nlp: Language, name: str, source: str) -> FastAttributeRuler:
    return FastAttributeRuler(nlp.get_pipe(source))
