"""Casualty words added for ACLED-style reports: a singular "fatality", "shot and died"."""

from __future__ import annotations

import pytest

from eventwire.casualties import find_casualties, tally


@pytest.mark.parametrize(("text", "expected"), [
    ("The guard died at the scene. 1 fatality.", 1),
    ("A shepherd was shot and died on the way to hospital.", 1),
    ("Two herders were shot and injured and one trader was shot and died.", 1),
    ("Militants raided the post, leaving 4 fatalities.", 4),
])
def test_fatality_words(text: str, expected: int) -> None:
    assert tally(find_casualties(text))[0] == expected


def test_shot_and_injured_is_no_death() -> None:
    assert tally(find_casualties("Two herders were shot and injured near the well."))[0] is None
