"""Tests of eventwire.pipeline: the stage registry, stage-order checks, and the Coder runner.

No statistical model: a blank English pipeline with a sentencizer, fake gazetteer and actor
dictionary, and stages registered by the tests themselves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any, cast

import pytest
import spacy

from eventwire.actors import ActorDictionary
from eventwire.config import Settings
from eventwire.errors import ConfigError
from eventwire.extract.lexicon import default_lexicon
from eventwire.geo.gazetteer import PlaceRecord
from eventwire.model import Article, Event, Location, PloverType, TextSpan, event_id_for
from eventwire.pipeline import (
    DEFAULT_STAGES,
    STAGES,
    ArticleAnalysis,
    Coder,
    Resources,
    check_stage_order,
    stage,
)

ARTICLE = Article(
    id="goma-0412",
    date=date(2023, 4, 12),
    text=(
        "GOMA, Democratic Republic of Congo, April 12 - Fighting broke out near Sake on Wednesday, "
        "residents said.\n\n"
        "Two civilians were wounded. A local official said calm had returned by nightfall."
    ),
)


class FakeGazetteer:
    """Knows one place, Sake; records what it was asked."""

    SAKE = PlaceRecord("g:sake", "Sake", -1.5736, 29.0453, "COD", "populated_place", 70000, None, None)

    def __init__(self) -> None:
        self.asked: list[str] = []

    def candidates(self, name: str) -> list[PlaceRecord]:
        return [self.SAKE] if name.lower() == "sake" else []

    def resolve(self, name: str, *, focus: Mapping[str, float] | None = None,
                within: Sequence[str] = ()) -> PlaceRecord | None:
        self.asked.append(name)
        return self.SAKE if name.lower() == "sake" else None

    def resolve_enclosing(self, within: Sequence[str], *,
                          focus: Mapping[str, float] | None = None) -> PlaceRecord | None:
        return next((self.SAKE for name in within if name.lower() == "sake"), None)

    def is_known(self, name: str) -> bool:
        return name.lower() == "sake"

    def alias_names(self) -> list[str]:
        return ["Sake"]


class FakeActors:
    def patterns(self) -> list[dict[str, Any]]:
        return []

    def resolve(self, text: str, **_: Any) -> None:
        return None

    def countries_in(self, text: str) -> Counter[str]:
        return Counter()


pytestmark = pytest.mark.usefixtures("registry")


@pytest.fixture()
def nlp(blank_nlp: spacy.language.Language) -> spacy.language.Language:
    return blank_nlp


def make_resources(**settings: Any) -> Resources:
    return Resources(
        lexicon=default_lexicon(),
        gazetteer=FakeGazetteer(),
        actors=cast(ActorDictionary, FakeActors()),
        settings=Settings().with_overrides(**settings),
    )


def sentence_event(analysis: ArticleAnalysis, index: int, confidence: float) -> Event:
    """An event whose evidence is the article's ``index``-th sentence and trigger its first word."""
    sentence = list(analysis.doc.sents)[index]
    first = sentence[0]
    return Event(
        event_id=event_id_for(analysis.article.id, first.idx, "ASSAULT"),
        article_id=analysis.article.id,
        event_type=PloverType.ASSAULT,
        evidence=TextSpan(sentence.text, sentence.start_char, sentence.end_char),
        trigger=TextSpan(first.text, first.idx, first.idx + len(first.text)),
        confidence=confidence,
    )


# --- check_stage_order ----------------------------------------------------------------------


def test_default_stages_are_registered_and_in_a_valid_order() -> None:
    infos = check_stage_order(DEFAULT_STAGES)
    assert [info.name for info in infos] == list(DEFAULT_STAGES)
    assert all(info.func is STAGES[info.name].func for info in infos)


def test_unknown_stage_is_rejected_by_name() -> None:
    with pytest.raises(ConfigError, match="'places.v9'") as caught:
        check_stage_order(["dates.v1", "places.v9"])
    assert "places.v1" in str(caught.value)  # the message lists what is registered


def test_stage_before_its_inputs_is_rejected() -> None:
    # events.v1 needs drafts, dates and places; here only dates has been assigned
    with pytest.raises(ConfigError, match="'events.v1'") as caught:
        check_stage_order(["dates.v1", "events.v1", "places.v1", "drafts.v1"])
    message = str(caught.value)
    assert "drafts" in message and "places" in message
    assert "'dates'" not in message  # dates was assigned earlier, so it is not missing


def test_custom_stage_requirements_are_checked() -> None:
    @stage("test.needs_events.v1", requires=("events",))
    def needs_events(analysis: ArticleAnalysis) -> ArticleAnalysis:
        return analysis

    @stage("test.makes_events.v1", requires=("doc",), assigns=("events",))
    def makes_events(analysis: ArticleAnalysis) -> ArticleAnalysis:
        return analysis

    with pytest.raises(ConfigError, match="test.needs_events.v1"):
        check_stage_order(["test.needs_events.v1", "test.makes_events.v1"])
    infos = check_stage_order(["test.makes_events.v1", "test.needs_events.v1"])
    assert [info.func for info in infos] == [makes_events, needs_events]
    assert infos[0].requires == ("doc",) and infos[0].assigns == ("events",)


def test_coder_checks_stage_order_when_built(nlp: spacy.language.Language) -> None:
    with pytest.raises(ConfigError, match="nope.v1"):
        Coder(nlp, make_resources(), stages=["dates.v1", "nope.v1"])
    coder = Coder(nlp, make_resources())
    assert [info.name for info in coder.stages] == list(DEFAULT_STAGES)


# --- running a Coder ------------------------------------------------------------------------


def register_emitting_stages(calls: list[str], confidences: tuple[float, ...]) -> list[str]:
    """Three stages: one notes the place, one adds an event per sentence, one tags them."""

    @stage("test.place.v1", requires=("doc",), assigns=("places",))
    def place(analysis: ArticleAnalysis) -> ArticleAnalysis:
        calls.append(f"place:{analysis.article.id}")
        for token in analysis.doc:
            record = analysis.resources.gazetteer.resolve(token.text)
            if record is not None:
                analysis.places.append((analysis.doc[token.i : token.i + 1], record))
        return analysis

    @stage("test.emit.v1", requires=("doc", "places"), assigns=("events",))
    def emit(analysis: ArticleAnalysis) -> ArticleAnalysis:
        calls.append(f"emit:{analysis.article.id}")
        analysis.events.extend(sentence_event(analysis, i, c) for i, c in enumerate(confidences))
        return analysis

    @stage("test.locate.v1", requires=("events", "places"), assigns=("events",))
    def locate(analysis: ArticleAnalysis) -> ArticleAnalysis:
        calls.append(f"locate:{analysis.article.id}")
        if analysis.places:
            span, record = analysis.places[0]
            where = Location(record.name, span.text, span.start_char, span.end_char, record.lat,
                             record.lon, record.country, record.geonames_id, record.feature)
            analysis.events = [replace(event, location=where) for event in analysis.events]
        return analysis

    return ["test.place.v1", "test.emit.v1", "test.locate.v1"]


def test_custom_stages_run_in_order_and_their_events_come_out(nlp: spacy.language.Language) -> None:
    calls: list[str] = []
    names = register_emitting_stages(calls, (0.9, 0.8))
    coder = Coder(nlp, make_resources(), stages=names)
    events = coder.code(ARTICLE)
    assert calls == ["place:goma-0412", "emit:goma-0412", "locate:goma-0412"]
    assert [e.confidence for e in events] == [0.9, 0.8]
    for event in events:
        assert ARTICLE.text[event.evidence.start : event.evidence.end] == event.evidence.text
        assert event.location is not None and event.location.name == "Sake"
        assert ARTICLE.text[event.location.start : event.location.end] == "Sake"
    assert events[0].evidence.text.startswith("GOMA")


def test_min_confidence_drops_low_confidence_events(nlp: spacy.language.Language) -> None:
    calls: list[str] = []
    names = register_emitting_stages(calls, (0.9, 0.2, 0.5))
    everything = Coder(nlp, make_resources(), stages=names).code(ARTICLE)
    assert [e.confidence for e in everything] == [0.9, 0.2, 0.5]
    kept = Coder(nlp, make_resources(min_confidence=0.5), stages=names).code(ARTICLE)
    assert [e.confidence for e in kept] == [0.9, 0.5]  # the threshold itself is kept
    assert [e.event_id for e in kept] == [everything[0].event_id, everything[2].event_id]


def test_code_many_keeps_order_and_pairs_events_with_their_article(nlp: spacy.language.Language) -> None:
    calls: list[str] = []
    names = register_emitting_stages(calls, (0.7,))
    articles = [
        replace(ARTICLE, id=f"wire-{n}", text=f"Clashes were reported in Sake on day {n}. Nobody was hurt.")
        for n in range(5)
    ]
    coder = Coder(nlp, make_resources(batch_size=2), stages=names)
    results = list(coder.code_many(articles))
    assert [article.id for article, _ in results] == [a.id for a in articles]
    for article, events in results:
        assert [e.article_id for e in events] == [article.id]
        assert events[0].evidence.text == f"Clashes were reported in Sake on day {article.id[-1]}."
    assert [c for c in calls if c.startswith("emit:")] == [f"emit:{a.id}" for a in articles]


def test_each_article_starts_from_a_fresh_analysis(nlp: spacy.language.Language) -> None:
    seen: list[tuple[str, int]] = []

    @stage("test.count.v1", requires=("article",), assigns=("events",))
    def count(analysis: ArticleAnalysis) -> ArticleAnalysis:
        seen.append((analysis.article.id, len(analysis.events)))
        analysis.events.append(sentence_event(analysis, 0, 1.0))
        return analysis

    coder = Coder(nlp, make_resources(), stages=["test.count.v1"])
    first = coder.code(ARTICLE)
    second = coder.code(replace(ARTICLE, id="other"))
    assert seen == [("goma-0412", 0), ("other", 0)]
    assert len(first) == len(second) == 1


def test_stage_gets_the_resources_and_a_parsed_doc(nlp: spacy.language.Language) -> None:
    received: list[ArticleAnalysis] = []

    @stage("test.inspect.v1", requires=("doc", "paragraphs"))
    def inspect(analysis: ArticleAnalysis) -> ArticleAnalysis:
        received.append(analysis)
        return analysis

    resources = make_resources(historical_days=5)
    assert Coder(nlp, resources, stages=["test.inspect.v1"]).code(ARTICLE) == []
    (analysis,) = received
    assert analysis.resources is resources
    assert analysis.doc.text == ARTICLE.text
    assert len(list(analysis.doc.sents)) == 3
    second_paragraph = ARTICLE.text.index("Two civilians")
    assert analysis.paragraphs.index(second_paragraph) == 1
    assert not analysis.paragraphs.same(0, second_paragraph)
