"""The golden corpus: hand-written wire reports coded end to end, one test per article.

Each case lists the events a careful ACLED/PLOVER coder would record; see README.md here.
Failures list every mismatch and the predicted events, one line each.

The corpus is a ratchet. Cases the extractor does not yet get fully right are listed in
``known_gaps.txt`` and run as strict xfails: when one starts passing, the test fails until the
line is removed, so a fix is locked in. ``floors.json`` holds a per-field accuracy floor over
the whole corpus (known gaps included): a change that makes any field worse fails, and a change
that improves one should raise its floor.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from matching import (
    CASES_DIR,
    SCORED,
    CaseResult,
    GoldenCase,
    Tally,
    discover_cases,
    read_case_article,
    score_case,
)

if TYPE_CHECKING:
    from eventwire.pipeline import Coder

HERE = Path(__file__).parent
CASES = discover_cases(CASES_DIR)


def _known_gaps() -> dict[str, str]:
    gaps = {}
    for line in (HERE / "known_gaps.txt").read_text(encoding="utf-8").splitlines():
        name, _, reason = line.partition("#")
        if name.strip():
            gaps[name.strip()] = reason.strip()
    return gaps


KNOWN_GAPS = _known_gaps()
FLOORS: dict[str, float] = json.loads((HERE / "floors.json").read_text(encoding="utf-8"))


def _params() -> list[object]:
    params = []
    for case in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=f"known gap: {KNOWN_GAPS[case.name]}")] if case.name in KNOWN_GAPS else []
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


@pytest.fixture(scope="module")
def coder() -> Coder:
    from eventwire.pipeline import Coder

    return Coder.default()


@pytest.fixture(scope="module")
def results(coder: Coder) -> dict[str, CaseResult]:
    """Every case coded once per test session, shared by the per-case and corpus tests."""
    return {case.name: score_case(case, coder.code(read_case_article(case))) for case in CASES}


def test_known_gaps_name_real_cases() -> None:
    unknown = set(KNOWN_GAPS) - {case.name for case in CASES}
    assert not unknown, f"known_gaps.txt names cases that do not exist: {sorted(unknown)}"


@pytest.mark.model
@pytest.mark.parametrize("case", _params())
def test_golden_case(case: GoldenCase, results: dict[str, CaseResult]) -> None:
    result = results[case.name]
    if not result.passed:
        pytest.fail(result.report(), pytrace=False)


@pytest.mark.model
def test_field_accuracy_floors(results: dict[str, CaseResult]) -> None:
    tally = Tally()
    for result in results.values():
        tally.add(result)
    below = []
    for name in SCORED:
        accuracy = tally.accuracy(name)
        floor = FLOORS.get(name)
        if accuracy is not None and floor is not None and accuracy < floor:
            below.append(f"{name}: {accuracy:.3f} < floor {floor:.3f} ({tally.right[name]}/{tally.asked[name]})")
    missing = [name for name in SCORED if name not in FLOORS]
    assert not missing, f"floors.json has no floor for {missing}"
    assert not below, "field accuracy fell below its floor:\n" + "\n".join(below)
