"""Views of a ``Doc`` that spaCy rebuilds on every access, computed once per document.

``Doc.text`` joins every token each time it is read and ``Doc.sents`` walks the whole document,
so a stage that reads them once per event costs time that grows with the square of the article's
length: on 500-word articles that was two thirds of eventwire's own time. The views are kept in
``doc.user_data``, which lives and dies with the document.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

TEXT_KEY = "eventwire.text"
SENTENCES_KEY = "eventwire.sentences"


def text_of(doc: Doc) -> str:
    """``doc.text``, built once."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return str(text)


def sentences_of(doc: Doc) -> tuple[Span, ...]:
    """``tuple(doc.sents)``, built once. Read it only after the pipeline has set the sentences."""
    sentences = doc.user_data.get(SENTENCES_KEY)
    if sentences is None:
        sentences = doc.user_data[SENTENCES_KEY] = tuple(doc.sents)
    return tuple(sentences)


ACTOR_SPANS_KEY = "eventwire.actor_spans"
ACTOR_TOKENS_KEY = "eventwire.actor_tokens"


def actor_spans(doc: Doc) -> tuple[Span, ...]:
    """The actor rulers' spans (``doc.spans["actors"]``), built once: every read of a span group
    makes new ``Span`` objects."""
    spans = doc.user_data.get(ACTOR_SPANS_KEY)
    if spans is None:
        spans = doc.user_data[ACTOR_SPANS_KEY] = tuple(doc.spans.get("actors", ()))
    return tuple(spans)


def actor_token_indices(doc: Doc) -> frozenset[int]:
    """The positions of the tokens inside any actor span."""
    indices = doc.user_data.get(ACTOR_TOKENS_KEY)
    if indices is None:
        indices = doc.user_data[ACTOR_TOKENS_KEY] = frozenset(
            i for span in actor_spans(doc) for i in range(span.start, span.end))
    return frozenset(indices)
