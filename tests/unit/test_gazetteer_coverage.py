"""Tests of scripts/gazetteer_coverage.py on a hand-written ACLED-style file and a fake gazetteer."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from fakes import load_script

from eventwire.geo import PlaceRecord


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return load_script("gazetteer_coverage")


class TwoTowns:
    """Knows Djibo where it is, and a "Sabra" 30 km from Gaza City's Sabra."""

    def candidates(self, name: str) -> list[PlaceRecord]:
        places = {"Djibo": PlaceRecord("t:1", "Djibo", 14.10, -1.63, "BFA", "town", 0, None, None),
                  "Sabra": PlaceRecord("t:2", "Sabra", 31.25, 34.50, "PSE", "town", 0, None, None)}
        return [places[name]] if name in places else []


def test_coverage_counts_names_known_near_the_coded_place(script: ModuleType, tmp_path: Path) -> None:
    extract = tmp_path / "acled-test" / "acled.csv"
    extract.parent.mkdir()
    extract.write_text(
        "location,latitude,longitude\n"
        "Djibo,14.102,-1.627\n"          # known, 0.3 km away
        "Gaza - Sabra,31.50,34.45\n"     # known by its part after ' - ', 28 km away
        "Kacham,14.9,-0.1\n"             # unknown
        "Nowhere,not-a-number,0\n",      # no coordinates: not a case
        encoding="utf-8")
    coverage = script.Coverage()
    for name, lat, lon in script.acled_locations(extract):
        coverage.add(script.nearest_known_km(TwoTowns(), name, lat, lon))
    assert (coverage.rows, coverage.within_10km, coverage.within_50km) == (3, 1, 2)
    assert "known within 10 km 0.333" in coverage.line("acled-test")
