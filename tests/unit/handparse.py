"""Docs built by hand from (word, lemma, POS, dependency, head index) rows, for testing the
role rules apart from the parser (tests/unit/test_roles*.py)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

VOCAB = spacy.blank("en").vocab
Row = tuple[str, str, str, str, int]


def parse(rows: list[Row], *, tags: dict[int, str] | None = None, ents: dict[int, str] | None = None,
          actors: tuple[tuple[int, int], ...] = (), sentences: tuple[int, ...] = (0,)) -> Doc:
    """A Doc from rows; ``ents`` gives IOB tags by token, ``actors`` the actor-ruler spans,
    ``sentences`` the tokens that start a sentence."""
    tags = tags or {}
    ents = ents or {}
    words = [r[0] for r in rows]
    # no space inside brackets or before punctuation, as the text would be written
    spaces = [i + 1 < len(words) and words[i] != "(" and words[i + 1] not in {")", ".", ",", ":"}
              for i in range(len(words))]
    doc = Doc(
        VOCAB, words=words, spaces=spaces, lemmas=[r[1] for r in rows], pos=[r[2] for r in rows],
        deps=[r[3] for r in rows], heads=[r[4] for r in rows],
        tags=[tags.get(i, "") for i in range(len(rows))],
        ents=[ents.get(i, "O") for i in range(len(rows))],
        sent_starts=[i in sentences for i in range(len(rows))],
    )
    doc.spans["actors"] = [Span(doc, start, end, label="ACTOR") for start, end in actors]
    return doc
