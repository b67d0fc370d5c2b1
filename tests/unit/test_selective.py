"""Tests of eventwire.nlp.selective (the model runs only on sentences with a trigger word),
eventwire.nlp.attributes (the attribute ruler without spaCy's Matcher) and eventwire.nlp.docview.

The fast tests use a blank English pipeline and stand-in components; the ``model`` ones compare
against the full English model.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from eventwire.nlp.docview import actor_spans, actor_token_indices, sentences_of, text_of
from eventwire.nlp.selective import SelectiveAnalysis, inflected_forms

ARTICLE = (
    "Hodeidah port reopened to shipping on Monday.\n\n"
    "Gunmen attacked a checkpoint near Hays, killing two soldiers. The U.S. envoy arrived later.\n"
    "\"We are watching closely,\" an official said. Residents said clashes went on overnight!\n"
    "Markets stayed shut"
)


@Language.component("test_fake_tagger")
def fake_tagger(doc: Doc) -> Doc:
    """Stands in for the model: tags every word NN with the lemma "seen", and parses the run as
    one sentence headed by its first word."""
    for token in doc:
        token.tag_ = "NN"
        token.lemma_ = "seen"
        token.dep_ = "ROOT" if token.i == 0 else "dep"
        token.head = doc[0]
    return doc


@pytest.fixture()
def blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("test_fake_tagger")
    nlp.disable_pipe("test_fake_tagger")
    return nlp


def selective(nlp: Language, cues: list[str]) -> SelectiveAnalysis:
    return SelectiveAnalysis(nlp, inflected_forms(cues, nlp), ["test_fake_tagger"])


def sentence_texts(doc: Doc) -> list[str]:
    return [s.text.strip() for s in doc.sents]


def test_rule_sentences_end_at_punctuation_and_line_breaks_not_at_abbreviations(blank: Language) -> None:
    doc = blank.make_doc(ARTICLE)
    starts = SelectiveAnalysis.sentence_starts(doc)
    assert [doc[i].text for i in starts] == ["Hodeidah", "Gunmen", "The", '"', "Residents", "Markets"]


def test_only_runs_of_sentences_with_a_cue_are_analysed(blank: Language) -> None:
    component = selective(blank, ["attack", "clash"])
    doc = component(blank.make_doc(ARTICLE))
    tagged = {t.text for t in doc if t.tag_ == "NN"}
    assert {"Gunmen", "attacked", "killing", "Residents", "clashes", "overnight"} <= tagged
    assert not tagged & {"Hodeidah", "port", "envoy", "watching", "Markets"}
    # the sentences in between keep their rule boundaries, as flat trees, lemmas in lower case
    assert sentence_texts(doc) == [
        "Hodeidah port reopened to shipping on Monday.",
        "Gunmen attacked a checkpoint near Hays, killing two soldiers.",
        "The U.S. envoy arrived later.",
        "\"We are watching closely,\" an official said.",
        "Residents said clashes went on overnight!",
        "Markets stayed shut",
    ]
    envoy = next(t for t in doc if t.text == "envoy")
    assert envoy.lemma_ == "envoy" and envoy.head.text == "The" and envoy.dep_ == "dep"
    assert doc[0].lemma_ == "hodeidah"


def test_consecutive_cue_sentences_are_one_run(blank: Language) -> None:
    component = selective(blank, ["attack", "arrive"])
    doc = blank.make_doc(ARTICLE)
    runs = component.cue_runs(doc)
    assert [doc[start:end].text.strip() for start, end in runs] == [
        "Gunmen attacked a checkpoint near Hays, killing two soldiers. The U.S. envoy arrived later."]


def test_entities_set_before_are_kept_everywhere(blank: Language) -> None:
    ruler = blank.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "GPE", "pattern": "Hodeidah"}, {"label": "GPE", "pattern": "Hays"}])  # type: ignore[attr-defined]
    doc = selective(blank, ["attack"])(ruler(blank.make_doc(ARTICLE)))
    assert [(e.text, e.label_) for e in doc.ents] == [("Hodeidah", "GPE"), ("Hays", "GPE")]


def test_an_article_without_cues_or_words_is_fine(blank: Language) -> None:
    component = selective(blank, ["attack"])
    assert len(component(blank.make_doc(""))) == 0
    doc = component(blank.make_doc("Talks resumed in Geneva. Nothing else happened."))
    assert sentence_texts(doc) == ["Talks resumed in Geneva.", "Nothing else happened."]
    assert all(t.tag_ == "" for t in doc)


def test_regular_inflections_are_cues_without_lemmatiser_tables(blank: Language) -> None:
    forms = inflected_forms(["kill", "strike", "carry", "stab"], blank)
    assert {"kill", "kills", "killed", "killing", "strikes", "striking", "carries", "carried",
            "stabbed", "stabbing"} <= forms
    assert "struck" not in forms  # irregular: only the model's exception table knows it


def test_document_views_are_built_once_and_match_spacy(blank: Language) -> None:
    blank.add_pipe("sentencizer")
    ruler = blank.add_pipe("span_ruler", config={"spans_key": "actors"})
    ruler.add_patterns([{"label": "ORG", "pattern": "Gunmen"}])  # type: ignore[attr-defined]
    doc = blank(ARTICLE)
    assert text_of(doc) == doc.text
    assert [s.text for s in sentences_of(doc)] == [s.text for s in doc.sents]
    assert [s.text for s in actor_spans(doc)] == ["Gunmen"]
    assert actor_token_indices(doc) == {actor_spans(doc)[0].start}
    doc.user_data["eventwire.text"] = "cached"
    assert text_of(doc) == "cached"  # read from the cache, not rebuilt


# --- with the English model -----------------------------------------------------------------

WIRE = (
    "KHARTOUM, Sudan (AP) - The Rapid Support Forces shelled the Abu Shouk camp near El Fasher on "
    "Tuesday, killing at least nine people, the camp's coordination committee said.\n\n"
    "The city has been under siege since May. Aid agencies say food stocks are running low. "
    "The army's spokesman said troops had repelled an attack on the airport and would not stop "
    "fighting.\n\n"
    "Talks in Jeddah were suspended last year. Y'all ain't gonna believe it, a resident said, "
    "there is nothin' left."
)


@pytest.fixture(scope="module")
def model() -> Language:
    from eventwire.nlp.loader import _load_model

    return _load_model(None)


@pytest.mark.model
def test_the_model_lemmatiser_tables_give_irregular_forms(model: Language) -> None:
    forms = inflected_forms(["strike", "flee", "shoot", "seize"], model)
    assert {"struck", "fled", "shot", "seized", "strikes"} <= forms


@pytest.mark.model
def test_fast_attribute_ruler_gives_spacys_annotations(model: Language) -> None:
    from eventwire.nlp.attributes import FastAttributeRuler

    ruler = model.get_pipe("attribute_ruler")
    before = [name for name in model.pipe_names if name not in {"attribute_ruler", "lemmatizer", "ner"}]
    fast = FastAttributeRuler(ruler)
    for text in (WIRE, "There were two blasts. Didn't they say so? He has done what he had to."):
        with model.select_pipes(enable=before):
            theirs, ours = model(text), model(text)
        ruler(theirs)
        fast(ours)
        assert [(t.pos_, str(t.morph), t.tag_) for t in ours] == [(t.pos_, str(t.morph), t.tag_) for t in theirs]
        lemmatizer = model.get_pipe("lemmatizer")
        assert [t.lemma_ for t in lemmatizer(ours)] == [t.lemma_ for t in lemmatizer(theirs)]


@pytest.mark.model
def test_selective_pipeline_parses_cue_sentences_as_the_full_one(model: Language) -> None:
    from eventwire.extract.cues import cue_words
    from eventwire.extract.lexicon import default_lexicon
    from eventwire.nlp import load_pipeline

    full = load_pipeline()
    fast = load_pipeline(cue_words=cue_words(default_lexicon()))
    theirs, ours = full(WIRE), fast(WIRE)
    first = list(ours.sents)[1]  # the shelling sentence, after the dateline
    assert first.text.startswith("The Rapid Support Forces shelled")
    matching = next(s for s in theirs.sents if s.start_char == first.start_char)
    assert [(t.dep_, t.head.i, t.lemma_, t.pos_) for t in first] == \
        [(t.dep_, t.head.i, t.lemma_, t.pos_) for t in matching]
    assert {(e.text, e.label_) for e in theirs.ents if e.start_char < first.end_char} == \
        {(e.text, e.label_) for e in ours.ents if e.start_char < first.end_char}
    siege = next(s for s in ours.sents if "under siege" in s.text)
    assert all(t.pos_ == "" for t in siege)  # no trigger word: not analysed


def test_a_hyphenated_trigger_is_cued_by_its_first_word() -> None:
    # the tokenizer splits "sit-ins" into "sit" "-" "ins": no token is "sit-in" itself, and "in"
    # would make nearly every sentence a cue
    from eventwire.extract.cues import cue_words
    from eventwire.extract.lexicon import default_lexicon

    cues = cue_words(default_lexicon())
    assert "sit-in" in cues and "sit" in cues and "in" not in cues
