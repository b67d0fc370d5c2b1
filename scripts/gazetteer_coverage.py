"""How many of ACLED's event locations the gazetteer knows at all, per extract.

For every ACLED row, the location name ACLED coded ("Gaza - Shujaiyya" is read as "Shujaiyya"
and as the whole) is looked up in the gazetteer, without any context; the row counts as covered
when one of the candidates lies within 10 km (50 km) of ACLED's coordinates. This is the ceiling
for placing an event at its exact town: a place the gazetteer lacks can only be placed at its
district or province. Run it with a GeoNames dump to see what the dump adds:

    python scripts/gazetteer_coverage.py --data ../shared/data [--geonames allCountries.zip]

Prints one line per extract and a total; reads the data in place and writes nothing.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from eventwire.evaluate.metrics import haversine_km
from eventwire.geo import Gazetteer, default_gazetteer

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Coverage:
    rows: int = 0
    within_10km: int = 0
    within_50km: int = 0

    def add(self, nearest_km: float | None) -> None:
        self.rows += 1
        if nearest_km is not None:
            self.within_10km += nearest_km <= 10
            self.within_50km += nearest_km <= 50

    def share(self, count: int) -> float:
        return count / self.rows if self.rows else 0.0

    def line(self, label: str) -> str:
        return (f"{label:<40} {self.rows:>6} rows  known within 10 km {self.share(self.within_10km):.3f}"
                f"  within 50 km {self.share(self.within_50km):.3f}")


def acled_locations(csv_path: Path) -> Iterator[tuple[str, float, float]]:
    with csv_path.open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            try:
                yield row["location"], float(row["latitude"]), float(row["longitude"])
            except (KeyError, TypeError, ValueError):
                continue  # no usable location or coordinates: not a case for this measure


def nearest_known_km(gazetteer: Gazetteer, name: str, lat: float, lon: float) -> float | None:
    names = {name, name.split(" - ")[-1]}
    distances = [haversine_km(lat, lon, place.lat, place.lon)
                 for candidate in names for place in gazetteer.candidates(candidate)]
    return min(distances, default=None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO_ROOT.parent / "shared" / "data")
    parser.add_argument("--geonames", metavar="FILE", help="a GeoNames dump to build the gazetteer from")
    args = parser.parse_args(argv)
    files = sorted(args.data.glob("acled-*/*.csv"))
    if not files:
        print(f"gazetteer_coverage: no ACLED extracts under {args.data}", file=sys.stderr)
        return 2
    gazetteer = default_gazetteer(args.geonames)
    total = Coverage()
    for path in files:
        coverage = Coverage()
        for name, lat, lon in acled_locations(path):
            nearest = nearest_known_km(gazetteer, name, lat, lon)
            coverage.add(nearest)
            total.add(nearest)
        print(coverage.line(path.parent.name))
    print(total.line("all extracts"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
