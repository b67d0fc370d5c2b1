"""The golden corpus: hand-written wire reports coded end to end, one test per article.

Each case lists the events a careful ACLED/PLOVER coder would record; see README.md here.
Failures list every mismatch and the predicted events, one line each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from matching import CASES_DIR, GoldenCase, discover_cases, read_case_article, score_case

if TYPE_CHECKING:
    from eventwire.pipeline import Coder

CASES = discover_cases(CASES_DIR)


@pytest.fixture(scope="module")
def coder() -> Coder:
    from eventwire.pipeline import Coder

    return Coder.default()


@pytest.mark.model
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_golden_case(case: GoldenCase, coder: Coder) -> None:
    article = read_case_article(case)
    events = coder.code(article)
    result = score_case(case, events)
    assert result.passed, result.report()
