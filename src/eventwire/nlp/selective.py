"""Run the statistical pipeline only on the sentences that can hold an event.

An event starts at a trigger word ("killed", "clashes", "called on"), and a sentence without one
gives no event, however it is parsed. The entity recogniser runs on the whole article (places,
dates and names anywhere give the article's focus and context), but the tagger's and parser's
token-to-vector layer, the tagger and the parser need only run where an event can be, so this
component:

1. splits the article into sentences by rule (end punctuation, line breaks), which costs nothing;
2. marks the sentences holding a *cue*: any inflected form of a trigger lemma in the lexicon
   (forms from the model's own lemmatiser tables, run backwards), or a word the caller adds;
3. runs those components (tok2vec, tagger, parser, attribute ruler, lemmatizer) on each run of
   consecutive cue sentences, as a document of its own, and copies the annotations back into
   the article's ``Doc``, so every character offset stays the article's.

The other sentences keep their rule-based boundaries (as one flat tree each, so ``doc.sents``
still works), their entities, and their lower-case forms as lemmas; they carry no tags or
parse. The rulers, which match words, run on the whole article as before.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

logger = logging.getLogger(__name__)

SELECTIVE = "eventwire_selective"
# The model's components that run only on cue sentences, in the order the model runs them.
HEAVY_COMPONENTS = ("tok2vec", "tagger", "morphologizer", "parser", "attribute_ruler", "eventwire_attribute_ruler",
                    "lemmatizer")
COPIED = [TAG, POS, MORPH, LEMMA, HEAD, DEP]
SENTENCE_END = frozenset({".", "!", "?", "。", "…"})
CLOSERS = frozenset({'"', "'", "”", "’", ")", "]", "»"})


def inflected_forms(lemmas: Iterable[str], nlp: Language) -> frozenset[str]:
    """Every surface form the model's lemmatiser would map to one of ``lemmas``: the lemma, its
    regular forms (its suffix rules run backwards, for verbs and nouns alike) and the irregular
    forms its exception tables list ("struck", "fled", "shot")."""
    wanted = {lemma.lower() for lemma in lemmas}
    forms = set(wanted)
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None) if "lemmatizer" in nlp.component_names else None
    rules: list[tuple[str, str]] = [("s", ""), ("es", ""), ("ed", ""), ("d", ""), ("ing", ""), ("ing", "e"), ("ies", "y"),
                                    ("ied", "y")]
    if lookups is not None and lookups.has_table("lemma_rules"):
        rules += [(old, new) for table in lookups.get_table("lemma_rules").values() for old, new in table]
    for lemma in wanted:
        for old, new in rules:
            if lemma.endswith(new) and len(lemma) > len(new):
                forms.add(lemma[: len(lemma) - len(new)] + old)
        forms.add(lemma + lemma[-1] + "ed")  # "stabbed", "shelled": doubled consonants
        forms.add(lemma + lemma[-1] + "ing")
    if lookups is not None and lookups.has_table("lemma_exc"):
        for table in lookups.get_table("lemma_exc").values():
            forms.update(form for form, targets in table.items() if wanted.intersection(targets))
    return frozenset(forms)


class SelectiveAnalysis:
    """The model's heavy components, run on cue sentences only (see the module docstring)."""

    def __init__(self, nlp: Language, cue_forms: Iterable[str], names: Sequence[str]) -> None:
        self.vocab = nlp.vocab
        self.components = [(name, nlp.get_pipe(name)) for name in names]
        self.cue_hashes = numpy.array(sorted({nlp.vocab.strings.add(form) for form in cue_forms}), dtype=numpy.uint64)
        self.dep_label = nlp.vocab.strings.add("dep")
        self.root_label = nlp.vocab.strings.add("ROOT")

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):  # type: ignore[no-untyped-call]
            yield from self._process(list(batch), batch_size)

    def _process(self, docs: list[Doc], batch_size: int) -> list[Doc]:
        bounds = [self.sentence_bounds(doc) for doc in docs]
        jobs = [(k, start, end) for k, doc in enumerate(docs) for start, end in self.cue_runs(doc, bounds[k])]
        parts = [self._part(docs[k], start, end) for k, start, end in jobs]
        for _, component in self.components:
            parts = list(component.pipe(parts, batch_size=batch_size)) if hasattr(component, "pipe") \
                else [component(part) for part in parts]
        parts_of: list[list[tuple[int, Doc]]] = [[] for _ in docs]
        for (k, start, _), part in zip(jobs, parts):
            parts_of[k].append((start, part))
        for doc, doc_bounds, doc_parts in zip(docs, bounds, parts_of):
            self._write_back(doc, doc_parts, doc_bounds)
        return docs

    @staticmethod
    def sentence_starts(doc: Doc) -> list[int]:
        """Sentence starts by rule: the first word after end punctuation (and any closing quotes
        or brackets), and the first word after a line break."""
        starts = [0]
        ended = False
        for token in doc:
            text = token.text
            # a quote right after the full stop closes the sentence; after a space it opens one
            closing = text in CLOSERS and token.i > 0 and not doc[token.i - 1].whitespace_ \
                and not doc[token.i - 1].is_space
            if ended and not token.is_space and not closing and text not in SENTENCE_END:
                starts.append(token.i)
                ended = False
            if (token.is_space and "\n" in text) or text in SENTENCE_END or (token.is_punct and text[-1] in SENTENCE_END):
                ended = True
        return starts

    @classmethod
    def sentence_bounds(cls, doc: Doc) -> list[tuple[int, int]]:
        """The rule sentences as token ranges."""
        starts = cls.sentence_starts(doc) if len(doc) else []
        return list(zip(starts, [*starts[1:], len(doc)]))

    def cue_runs(self, doc: Doc, bounds: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
        """Token ranges of consecutive sentences (``bounds``, by default the rule sentences)
        that hold a cue."""
        if not len(doc):
            return []
        has_cue = numpy.isin(doc.to_array(LOWER), self.cue_hashes)
        runs: list[tuple[int, int]] = []
        for start, end in self.sentence_bounds(doc) if bounds is None else bounds:
            if not has_cue[start:end].any():
                continue
            if runs and runs[-1][1] == start:
                runs[-1] = (runs[-1][0], end)
            else:
                runs.append((start, end))
        return runs

    def _part(self, doc: Doc, start: int, end: int) -> Doc:
        tokens = doc[start:end]
        return Doc(self.vocab, words=[t.text for t in tokens], spaces=[bool(t.whitespace_) for t in tokens])

    def _write_back(self, doc: Doc, parts: list[tuple[int, Doc]], bounds: list[tuple[int, int]]) -> None:
        """The parts' annotations into the article; the other sentences as flat trees."""
        if not len(doc):
            return
        values = doc.to_array(COPIED)
        lower = doc.to_array(LOWER)
        covered = numpy.zeros(len(doc), dtype=bool)
        for start, part in parts:
            values[start : start + len(part)] = part.to_array(COPIED)
            covered[start : start + len(part)] = True
        for start, end in bounds:
            if covered[start]:
                continue
            values[start:end, :4] = 0  # no tag, part of speech or morphology
            values[start:end, 3] = lower[start:end]  # the lower-case form as the lemma
            values[start:end, 4] = (start - numpy.arange(start, end)).astype(numpy.int64).astype(numpy.uint64)
            values[start:end, 5] = self.dep_label
            values[start, 5] = self.root_label
        doc.from_array(COPIED, values)  # type: ignore[arg-type]  # uint64, as to_array gives


def use_selective_analysis(nlp: Language, cue_words: Iterable[str]) -> bool:
    """Run the model's heavy components only on sentences with a cue word (any inflection of
    ``cue_words``). Returns False, leaving the pipeline alone, when it has no parser."""
    if "parser" not in nlp.pipe_names:
        return False
    names = [name for name in nlp.pipe_names if name in HEAVY_COMPONENTS or name == DATELINE_SPLIT]
    forms = inflected_forms(cue_words, nlp)
    # where the parser was, among the components that stay (the NER and the rulers)
    staying = [name for name in nlp.pipe_names[: nlp.pipe_names.index("parser")] if name not in names]
    position = {"after": staying[-1]} if staying else {"first": True}
    nlp.add_pipe(SELECTIVE, **position, config={"cue_forms": sorted(forms), "components": names})
    for name in names:
        nlp.disable_pipe(name)
    logger.info("selective analysis: %s on sentences with one of %d cue forms", ", ".join(names), len(forms))
    return True


# Ours, between the tagger and the parser: it must see the same sentences as the parser.
DATELINE_SPLIT = "eventwire_dateline"


@Language.factory(SELECTIVE, default_config={"cue_forms": [], "components": []})
def make_selective_analysis(nlp: Language, name: str, cue_forms: list[str], components: list[str]) -> SelectiveAnalysis:
    return SelectiveAnalysis(nlp, cue_forms, components)
