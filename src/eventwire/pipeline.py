"""The orchestrator: parse each article, then run the registered stages in order.

A stage is a plain callable ``ArticleAnalysis -> ArticleAnalysis`` registered under a versioned
name with what it reads and writes, so a new stage is added without editing the runner::

    @stage("my_stage.v1", requires=("events",), assigns=("events",))
    def my_stage(analysis: ArticleAnalysis) -> ArticleAnalysis: ...
"""

from __future__ import annotations

import logging
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self

from eventwire.config import Settings
from eventwire.errors import ConfigError
from eventwire.extract.drafts import EventDraft
from eventwire.extract.lexicon import Lexicon, default_lexicon
from eventwire.extract.paragraphs import Paragraphs
from eventwire.model import Article, DateMention, Event

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from eventwire.actors import ActorDictionary
    from eventwire.geo import Gazetteer, PlaceRecord
    from eventwire.pool import WorkerPool

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Resources:
    """What every stage may consult; loaded once per process."""

    lexicon: Lexicon
    gazetteer: Gazetteer
    actors: ActorDictionary
    settings: Settings


@dataclass
class ArticleAnalysis:
    """The working state of one article as it passes through the stages."""

    article: Article
    doc: Doc
    resources: Resources
    paragraphs: Paragraphs
    dates: list[DateMention] = field(default_factory=list)
    places: list[tuple[Span, PlaceRecord]] = field(default_factory=list)
    # start offsets of place mentions the gazetteer lacks, placed at their enclosing area
    places_by_area: set[int] = field(default_factory=set)
    # start offsets of place names that open a facility's name ("Benghazi Medical Centre")
    places_in_names: set[int] = field(default_factory=set)
    focus: Counter[str] = field(default_factory=Counter)
    drafts: list[EventDraft] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


StageFunc = Callable[[ArticleAnalysis], ArticleAnalysis]


@dataclass(frozen=True, slots=True)
class StageInfo:
    name: str
    func: StageFunc
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


STAGES: dict[str, StageInfo] = {}


def stage(name: str, *, requires: Iterable[str] = (), assigns: Iterable[str] = ()) -> Callable[[StageFunc], StageFunc]:
    """Register a pipeline stage under a versioned name."""

    def register(func: StageFunc) -> StageFunc:
        STAGES[name] = StageInfo(name, func, tuple(requires), tuple(assigns))
        return func

    return register


DEFAULT_STAGES = (
    "dates.v1",
    "places.v1",
    "drafts.v1",
    "events.v1",
)


def check_stage_order(names: Iterable[str]) -> list[StageInfo]:
    """The stages by name, checked so each one's inputs are assigned by an earlier one."""
    available = {"article", "doc", "paragraphs"}
    infos = []
    for name in names:
        if name not in STAGES:
            raise ConfigError(f"unknown pipeline stage '{name}'; registered stages: {sorted(STAGES)}")
        info = STAGES[name]
        missing = set(info.requires) - available
        if missing:
            raise ConfigError(f"stage '{name}' needs {sorted(missing)}, which no earlier stage assigns")
        available.update(info.assigns)
        infos.append(info)
    return infos


# Articles per task sent to a worker process (at most ``batch_size``).
WORKER_CHUNK = 8


class Coder:
    """Codes articles into events. Load once, then call ``code`` or ``code_many``."""

    def __init__(self, nlp: Language, resources: Resources, *, stages: Iterable[str] = DEFAULT_STAGES) -> None:
        import eventwire.extract.stages  # noqa: F401  (registers the default stages)

        self.nlp = nlp
        self.resources = resources
        self.stages = check_stage_order(stages)
        self._workers: WorkerPool | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker processes, if ``code_many`` started any; coding again restarts them."""
        if self._workers is not None:
            self._workers.close()

    @classmethod
    def default(cls, settings: Settings | None = None) -> Coder:
        """The standard pipeline: the English model, the packaged gazetteer, lexicon and actors."""
        from eventwire.actors import default_actor_dictionary
        from eventwire.extract.cues import cue_words
        from eventwire.geo import default_gazetteer
        from eventwire.nlp import load_pipeline

        settings = settings or Settings.load()
        gazetteer = default_gazetteer(settings.geonames_dump or None)
        actors = default_actor_dictionary(settings.actor_file_paths)
        lexicon = default_lexicon()
        nlp = load_pipeline(
            settings.model or None,
            place_names=gazetteer.alias_names(),
            actor_patterns=actors.patterns(),
            cue_words=None if settings.parse_all else cue_words(lexicon),
        )
        resources = Resources(lexicon=lexicon, gazetteer=gazetteer, actors=actors, settings=settings)
        return cls(nlp, resources)

    def code(self, article: Article) -> list[Event]:
        return self._run(article, self.nlp(article.text))

    def code_many(self, articles: Iterable[Article], *, batch_size: int | None = None) -> Iterator[tuple[Article, list[Event]]]:
        """Code a stream of articles with batched NLP; yields each article with its events, in order.

        With ``n_process`` > 1 the articles are coded in that many worker processes, each running
        the whole coder (see ``eventwire.pool``); the output is the same as with one process. The
        workers start at the first call and serve later calls too, until ``close``.
        """
        settings = self.resources.settings
        size = batch_size or settings.batch_size
        if settings.n_process > 1:
            # small chunks keep both workers busy to the end of a run; 8 articles still batch well
            return self._worker_pool().code(self, articles, chunk_size=max(1, min(size, WORKER_CHUNK)))
        return self.code_serially(articles, batch_size=size)

    def _worker_pool(self) -> WorkerPool:
        if self._workers is None:
            from eventwire.pool import WorkerPool

            self._workers = WorkerPool(n_process=self.resources.settings.n_process)
            # the pool does not refer to the coder, so the coder can be collected and stop it
            weakref.finalize(self, self._workers.close)
        return self._workers

    def code_serially(self, articles: Iterable[Article], *, batch_size: int | None = None) -> Iterator[tuple[Article, list[Event]]]:
        """``code_many`` in this process, whatever ``n_process`` says."""
        pairs = ((article.text, article) for article in articles)
        docs = self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size or self.resources.settings.batch_size)
        for doc, article in docs:
            yield article, self._run(article, doc)

    def _run(self, article: Article, doc: Doc) -> list[Event]:
        analysis = ArticleAnalysis(article=article, doc=doc, resources=self.resources, paragraphs=Paragraphs(article.text))
        for info in self.stages:
            analysis = info.func(analysis)
        threshold = self.resources.settings.min_confidence
        return [event for event in analysis.events if event.confidence >= threshold]


def code_articles(articles: Iterable[Article], **options: Any) -> Iterator[tuple[Article, list[Event]]]:
    """Convenience: code articles with the default pipeline and settings."""
    return Coder.default(Settings.load().with_overrides(**options)).code_many(articles)
