"""Tests of scripts/accuracy_report.py's rendering, on reports built by hand (no dataset, no model).

The numbers below are invented; only the shape of a saved report is real.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest
from fakes import load_script


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return load_script("accuracy_report")


def geo(country: float, km50: float, km10: float, precision: float | None) -> dict[str, Any]:
    return {"country_match": country, "within_50km": km50, "within_10km": km10,
            "geo_precision_agreement": precision}


def acled_report(*, with_precision: bool = True) -> dict[str, Any]:
    """A saved ACLED report with two extracts; ``with_precision=False`` is a report written
    before geo_precision_agreement existed."""
    north = geo(0.99, 0.95, 0.80, 0.85 if with_precision else None)
    south = geo(0.90, 0.70, 0.50, 0.60 if with_precision else None)
    overall = geo(0.945, 0.825, 0.65, 0.725 if with_precision else None)
    tables: dict[str, Any] = {"scored_cases": {"distance": 40}}
    if with_precision:
        tables["precision_confusion"] = {"1": {"1": 20, "2": 3}, "2": {"1": 5, "2": 9, "(none)": 2},
                                         "3": {"3": 1}}
        tables["scored_cases"]["geo_precision"] = 40
    return {"command": "eventwire eval ../shared/data --format acled", "measured": "2026-12-04",
            "commit": "abc1234", "seconds": 9, "n_process": 1, "cases": 40, "dataset": ".",
            "metrics": overall, "groups": {"acled-north": north, "acled-south": south},
            "tables": tables, "notes": []}


def section(rendered: str, title: str) -> list[str]:
    """The lines of the ``###`` section called ``title``, up to the next heading."""
    lines = rendered.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"### {title}"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("#")), len(lines))
    return lines[start:end]


def test_geocoding_table_checks_every_extract_against_the_issue_targets(script: ModuleType) -> None:
    lines = section(script.render({"acled": acled_report()}), "Geocoding by extract")
    assert "| extract | country_match | within_50km | within_10km | geo_precision_agreement |" in lines
    assert "| target | >= 0.98 | >= 0.90 | >= 0.75 | >= 0.80 |" in lines
    assert "| acled-north | 0.990 (met) | 0.950 (met) | 0.800 (met) | 0.850 (met) |" in lines
    assert "| acled-south | 0.900 (below) | 0.700 (below) | 0.500 (below) | 0.600 (below) |" in lines
    assert "| all extracts | 0.945 (below) | 0.825 (below) | 0.650 (below) | 0.725 (below) |" in lines
    assert "| extracts at target | 1/2 | 1/2 | 1/2 | 1/2 |" in lines


def test_precision_confusion_has_acled_codes_as_rows_and_none_last(script: ModuleType) -> None:
    lines = section(script.render({"acled": acled_report()}), "Place precision")
    assert "40 cases" in lines[0]
    assert "| ACLED \\ eventwire | 1 | 2 | 3 | (none) |" in lines
    assert "| 2 | 5 | 9 | 0 | 2 |" in lines


def test_headline_has_rows_for_within_10km_and_precision_agreement(script: ModuleType) -> None:
    rendered = script.render({"acled": acled_report()})
    assert "| ACLED place within 10 km | 0.650 | 0.75 | no |  |" in rendered
    assert "| ACLED place precision = geo_precision | 0.725 | 0.80 | no |  |" in rendered


def test_a_report_from_before_precision_renders_it_as_not_measured(script: ModuleType) -> None:
    rendered = script.render({"acled": acled_report(with_precision=False)})
    lines = section(rendered, "Geocoding by extract")
    assert "| acled-north | 0.990 (met) | 0.950 (met) | 0.800 (met) | n/a |" in lines
    assert "| extracts at target | 1/2 | 1/2 | 1/2 | 0/2 |" in lines
    assert "### Place precision" not in rendered
    assert "| ACLED place precision = geo_precision | n/a | 0.80 |  |  |" in rendered


def plover_report() -> dict[str, Any]:
    """A saved PLOVER report whose per-type table has two verbal types (ACCUSE, REQUEST) and one
    other; THREATEN and REJECT were not in the run."""
    per_class = {
        "ASSAULT": {"precision": 0.8, "recall": 0.75, "f1": 0.7742, "support": 32},
        "ACCUSE": {"precision": 0.95, "recall": 0.72, "f1": 0.8182, "support": 25},
        "REQUEST": {"precision": 0.7, "recall": 0.6, "f1": 0.6462, "support": 34},
    }
    return {"command": "eventwire eval ../shared/data/plover-gsr-cameo/PLOVER_GSR_CAMEO.json --format plover",
            "measured": "2026-12-06", "commit": "abc1234", "seconds": 4, "n_process": 2, "cases": 91,
            "dataset": "plover-gsr-cameo/PLOVER_GSR_CAMEO.json",
            "metrics": {"event_type_accuracy": 0.7, "event_type_macro_f1": 0.69},
            "groups": {}, "tables": {"per_class": per_class, "confusion": {}}, "notes": []}


def test_plover_section_has_a_per_type_table_most_frequent_first(script: ModuleType) -> None:
    lines = section(script.render({"plover": plover_report()}), "Event types")
    header = lines.index("| event type | precision | recall | F1 | support |")
    rows = [line for line in lines[header + 2:] if line.startswith("|")]
    assert rows == ["| REQUEST | 0.700 | 0.600 | 0.646 | 34 |",
                    "| ASSAULT | 0.800 | 0.750 | 0.774 | 32 |",
                    "| ACCUSE | 0.950 | 0.720 | 0.818 | 25 |"]


def test_verbal_type_targets_read_the_per_type_f1(script: ModuleType) -> None:
    rendered = script.render({"plover": plover_report()})
    assert "| PLOVER ACCUSE F1 | 0.818 | 0.75 | yes |  |" in rendered
    assert "| PLOVER REQUEST F1 | 0.646 | 0.75 | no |  |" in rendered
    # a type absent from the saved table is not measured, not zero
    assert "| PLOVER THREATEN F1 | n/a | 0.75 |  |  |" in rendered
    assert "| PLOVER gold, event type accuracy | 0.700 | 0.75 | no |  |" in rendered


def test_a_plover_report_without_per_type_scores_has_no_type_table(script: ModuleType) -> None:
    report = plover_report()
    del report["tables"]["per_class"]
    rendered = script.render({"plover": report})
    assert "### Event types" not in rendered
    assert "| PLOVER REJECT F1 | n/a | 0.75 |  |  |" in rendered
