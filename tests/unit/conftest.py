"""Fixtures shared by the unit tests."""

import pytest

from eventwire.actors import ActorDictionary


@pytest.fixture(scope="session")
def actors() -> ActorDictionary:
    """The packaged dictionary, compiled from the YAML without the disk cache, as a fresh load would."""
    return ActorDictionary.load(cache=False)
