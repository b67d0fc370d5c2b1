"""Fixtures shared by the unit tests."""

from collections.abc import Iterator
from typing import Any

import pytest
import spacy

from eventwire.actors import ActorDictionary
from eventwire.pipeline import STAGES


@pytest.fixture(scope="session")
def actors() -> ActorDictionary:
    """The packaged dictionary, compiled from the YAML without the disk cache, as a fresh load would."""
    return ActorDictionary.load(cache=False)


@pytest.fixture()
def registry() -> Iterator[dict[str, Any]]:
    """Let a test register stages without leaking them into other tests."""
    import eventwire.extract.stages  # noqa: F401  (the default stages, registered on import)

    saved = dict(STAGES)
    yield STAGES
    STAGES.clear()
    STAGES.update(saved)


@pytest.fixture(scope="module")
def blank_nlp() -> spacy.language.Language:
    """A blank English pipeline that splits sentences by rule: no statistical model."""
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    return blank
