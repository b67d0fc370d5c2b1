"""Sentences that refer back to the article's violent event tell no new one (references.py).

Parses are built by hand, as in test_extract.py: no model is loaded.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from eventwire.extract.drafts import draft_events
from eventwire.extract.lexicon import Lexicon, default_lexicon
from eventwire.extract.paragraphs import Paragraphs
from eventwire.extract.references import is_definite_reference, time_anchor
from eventwire.model import PloverType

VOCAB = spacy.blank("en").vocab
Row = tuple[str, str, str, str, int]

# "Gunmen attacked a village ." (tokens 0-4)
ATTACK: list[Row] = [
    ("Gunmen", "gunman", "NOUN", "nsubj", 1), ("attacked", "attack", "VERB", "ROOT", 1),
    ("a", "a", "DET", "det", 3), ("village", "village", "NOUN", "dobj", 1), (".", ".", "PUNCT", "punct", 1),
]


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return default_lexicon()


def parse(sentences: list[list[Row]]) -> Doc:
    """One paragraph of sentences; each sentence's heads are given from its own first token."""
    rows: list[Row] = []
    starts: set[int] = set()
    for sentence in sentences:
        offset = len(rows)
        starts.add(offset)
        rows += [(word, lemma, pos, dep, head + offset) for word, lemma, pos, dep, head in sentence]
    return Doc(VOCAB, words=[r[0] for r in rows], lemmas=[r[1] for r in rows], pos=[r[2] for r in rows],
               deps=[r[3] for r in rows], heads=[r[4] for r in rows],
               sent_starts=[i in starts for i in range(len(rows))])


def blast_destroyed(determiner: str) -> list[Row]:
    """"<determiner> blast destroyed shops ." """
    return [
        (determiner, determiner.lower(), "DET", "det", 1), ("blast", "blast", "NOUN", "nsubj", 2),
        ("destroyed", "destroy", "VERB", "ROOT", 2), ("shops", "shop", "NOUN", "dobj", 2),
        (".", ".", "PUNCT", "punct", 2),
    ]


def marched_after(measure: list[tuple[str, str, str]], preposition: str) -> list[Row]:
    """"<measure> <preposition> the attack , residents marched ." with the measure's words
    (word, lemma, POS) before the preposition, its last word the preposition's modifier."""
    n = len(measure)
    *counts, (word, lemma, pos) = measure
    # "Two days": "Two" counts "days", which modifies the preposition
    rows: list[Row] = [(w, lm, p, "nummod", n - 1) for w, lm, p in counts]
    rows.append((word, lemma, pos, "npadvmod", n))
    marched = n + 5
    return rows + [
        (preposition, preposition.lower(), "ADP", "prep", marched), ("the", "the", "DET", "det", n + 2),
        ("attack", "attack", "NOUN", "pobj", n), (",", ",", "PUNCT", "punct", marched),
        ("residents", "resident", "NOUN", "nsubj", marched), ("marched", "march", "VERB", "ROOT", marched),
        (".", ".", "PUNCT", "punct", marched),
    ]


def test_the_blast_after_an_attack_is_more_of_that_attack(lexicon: Lexicon) -> None:
    doc = parse([ATTACK, blast_destroyed("The")])
    drafts = draft_events(doc, lexicon, Paragraphs(doc.text))
    assert [d.primary.token.text for d in drafts] == ["attacked"]
    assert [s.text for s in drafts[0].followups] == ["The blast destroyed shops ."]


def test_a_blast_is_a_new_event(lexicon: Lexicon) -> None:
    doc = parse([ATTACK, blast_destroyed("A")])
    drafts = draft_events(doc, lexicon, Paragraphs(doc.text))
    assert [d.primary.token.text for d in drafts] == ["attacked", "destroyed"]


def test_the_blast_with_a_date_of_its_own_is_a_new_event(lexicon: Lexicon) -> None:
    doc = parse([ATTACK, blast_destroyed("The")])
    second = list(doc.sents)[1]
    # a date expression inside the second sentence, as the dates stage would find one
    dated = [(second.start_char + 4, second.start_char + 9)]
    drafts = draft_events(doc, lexicon, Paragraphs(doc.text), dated)
    assert [d.primary.token.text for d in drafts] == ["attacked", "destroyed"]


def test_the_blast_with_no_event_before_is_the_event_itself(lexicon: Lexicon) -> None:
    doc = parse([blast_destroyed("The")])
    drafts = draft_events(doc, lexicon, Paragraphs(doc.text))
    assert [d.primary.token.text for d in drafts] == ["destroyed"]


def test_hours_before_the_attack_is_no_attack_and_anchors_the_march(lexicon: Lexicon) -> None:
    doc = parse([ATTACK, marched_after([("Hours", "hour", "NOUN")], "before")])
    drafts = draft_events(doc, lexicon, Paragraphs(doc.text))
    assert [(d.primary.token.text, d.event_type) for d in drafts] == [
        ("attacked", PloverType.ASSAULT), ("marched", PloverType.PROTEST)]
    assert drafts[1].anchor is drafts[0]
    assert drafts[1].anchor_days == 0


def test_two_days_after_the_attack_is_two_days_later(lexicon: Lexicon) -> None:
    doc = parse([ATTACK, marched_after([("Two", "two", "NUM"), ("days", "day", "NOUN")], "after")])
    drafts = draft_events(doc, lexicon, Paragraphs(doc.text))
    assert drafts[1].anchor is drafts[0]
    assert drafts[1].anchor_days == 2
    anchor = time_anchor(doc[5 + 4])  # "attack"
    assert anchor is not None and anchor.days == 2


def test_a_day_before_the_attack_is_the_day_before() -> None:
    doc = parse([marched_after([("a", "a", "DET"), ("day", "day", "NOUN")], "before")])
    anchor = time_anchor(doc[4])
    assert anchor is not None and anchor.days == -1


def test_before_the_attack_with_no_attack_told_stays_an_attack(lexicon: Lexicon) -> None:
    doc = parse([marched_after([("Hours", "hour", "NOUN")], "before")])
    drafts = draft_events(doc, lexicon, Paragraphs(doc.text))
    assert sorted(d.event_type for d in drafts) == sorted([PloverType.ASSAULT, PloverType.PROTEST])
    assert all(d.anchor is None for d in drafts)


def test_a_numbered_or_indefinite_noun_names_another_event() -> None:
    # "the 2022 bombing", "a bombing", "the previous bombing", "the bombing"
    doc = parse([[("the", "the", "DET", "det", 2), ("2022", "2022", "NUM", "nummod", 2),
                  ("bombing", "bombing", "NOUN", "ROOT", 2)],
                 [("a", "a", "DET", "det", 1), ("bombing", "bombing", "NOUN", "ROOT", 1)],
                 [("the", "the", "DET", "det", 2), ("previous", "previous", "ADJ", "amod", 2),
                  ("bombing", "bombing", "NOUN", "ROOT", 2)],
                 [("the", "the", "DET", "det", 1), ("bombing", "bombing", "NOUN", "ROOT", 1)]])
    assert [is_definite_reference(doc[i]) for i in (2, 4, 7, 9)] == [False, False, False, True]
