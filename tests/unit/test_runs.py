"""Tests of eventwire.nlp.runs: the actor ruler's token Matcher run only over runs of its words."""

from __future__ import annotations

import pytest
import spacy
from spacy.matcher import Matcher

from eventwire.nlp.runs import RunMatcher, pattern_words, word_runs

DEMONYM = {"LOWER": {"IN": ["somali", "kenyan", "israeli"]}}
MODIFIERS = {"LOWER": {"IN": ["armed", "security", "special", "air"]}, "OP": "*"}
FORCES = {"LOWER": {"IN": ["forces", "force", "officials", "police"]}}
TEXT = ("Somali security forces and Kenyan air force jets struck. Israeli police said Somali officials "
        "met. Forces of the special police, armed, waited; Kenyan armed security forces")


@pytest.fixture()
def nlp() -> spacy.language.Language:
    return spacy.blank("en")


def both(nlp: spacy.language.Language, *patterns: list[dict[str, object]]) -> tuple[Matcher, RunMatcher]:
    plain = Matcher(nlp.vocab)
    wrapped = RunMatcher(Matcher(nlp.vocab))
    for pattern in patterns:
        plain.add("ACTOR", [pattern])
        wrapped.add("ACTOR", [pattern])
    return plain, wrapped


def test_runs_give_the_matchers_own_matches_with_document_offsets(nlp: spacy.language.Language) -> None:
    plain, wrapped = both(nlp, [DEMONYM, MODIFIERS, FORCES], [{"LOWER": "police"}])
    doc = nlp(TEXT)
    expected = sorted(plain(doc))
    assert sorted(wrapped(doc)) == expected
    found = {doc[start:end].text for _, start, end in expected}
    # a run at the very end of the text, and one that opens it
    assert {"Somali security forces", "Kenyan armed security forces", "Israeli police", "police"} <= found


def test_patterns_added_after_the_first_call_are_matched(nlp: spacy.language.Language) -> None:
    plain, wrapped = both(nlp, [DEMONYM, FORCES])
    doc = nlp(TEXT)
    assert sorted(wrapped(doc)) == sorted(plain(doc))
    plain.add("ACTOR", [[{"LOWER": "jets"}]])
    wrapped.add("ACTOR", [[{"LOWER": "jets"}]])
    assert sorted(wrapped(doc)) == sorted(plain(doc))
    assert any(doc[start:end].text == "jets" for _, start, end in wrapped(doc))


def test_a_pattern_that_can_match_other_words_matches_the_whole_document(nlp: spacy.language.Language) -> None:
    plain, wrapped = both(nlp, [DEMONYM, {"IS_ALPHA": True}], [{"LOWER": "the"}, {"LOWER": "special", "OP": "!"}])
    doc = nlp(TEXT)
    assert sorted(wrapped(doc)) == sorted(plain(doc)) != []


@pytest.mark.parametrize(("spec", "allowed"), [
    ({"LOWER": "police"}, {"police"}),
    ({"LOWER": {"IN": ["a", "b"]}, "OP": "+"}, {"a", "b"}),
    ({"LOWER": {"NOT_IN": ["a"]}}, None),
    ({"ORTH": "IDF"}, None),
    ({}, None),
    ({"LOWER": "a", "OP": "{2}"}, None),
])
def test_pattern_words_are_none_for_specs_that_allow_other_words(spec: dict[str, object],
                                                                 allowed: set[str] | None) -> None:
    assert pattern_words([[spec]]) == allowed


def test_word_runs_are_maximal_and_cover_the_text_edges(nlp: spacy.language.Language) -> None:
    doc = nlp("forces of the air force")
    words = RunMatcher(Matcher(nlp.vocab))
    words.add("ACTOR", [[{"LOWER": {"IN": ["forces", "air", "force"]}}]])
    hashes = words._run_words(doc)
    assert hashes is not None
    assert list(word_runs(doc, hashes)) == [(0, 1), (3, 5)]
    assert list(word_runs(nlp(""), hashes)) == []


def test_after_a_removal_the_whole_document_is_matched(nlp: spacy.language.Language) -> None:
    plain, wrapped = both(nlp, [DEMONYM, FORCES])
    wrapped.add("OTHER", [[{"LOWER": "jets"}]])
    wrapped.remove("OTHER")
    doc = nlp(TEXT)
    assert wrapped._run_words(doc) is None
    assert sorted(wrapped(doc)) == sorted(plain(doc))


def test_the_patterns_it_is_given_are_the_ones_the_matcher_already_holds(nlp: spacy.language.Language) -> None:
    matcher = Matcher(nlp.vocab)
    matcher.add("ACTOR", [[DEMONYM, MODIFIERS, FORCES]])
    doc = nlp(TEXT)
    assert sorted(RunMatcher(matcher, [[DEMONYM, MODIFIERS, FORCES]])(doc)) == sorted(matcher(doc))

