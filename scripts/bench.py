#!/usr/bin/env python
"""Time eventwire against bare spaCy on the same texts and report speed and memory.

    python scripts/bench.py --n 500            # ACLED notes from ../shared/data, 3 rounds
    python scripts/bench.py --n-process 2 --json
    python scripts/bench.py --profile 10       # also list eventwire's slowest functions

Progress goes to stderr; the figures (text or JSON) to stdout. See docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from eventwire.bench import (
    BenchOptions,
    build_corpus,
    default_loaders,
    format_report,
    run_benchmark,
)
from eventwire.errors import EventwireError

REPO_ROOT = Path(__file__).resolve().parents[1]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=500, help="articles in the corpus (default 500)")
    parser.add_argument("--seed", type=int, default=13, help="sampling seed (default 13)")
    parser.add_argument("--data", type=Path, default=None,
                        help="folder holding acled-*/*.csv (default ../shared/data from the repo)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="interleaved timed rounds (default 3)")
    parser.add_argument("--batch-size", type=int, default=32,
                        help="nlp.pipe batch size (default 32)")
    parser.add_argument("--n-process", type=int, default=1, help="NLP worker processes (default 1)")
    parser.add_argument("--chunk-size", type=int, default=64,
                        help="articles per store transaction (default 64, as ingest)")
    parser.add_argument("--model", default="", help="spaCy package (default: the loader's choice)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--profile", type=int, default=0, metavar="TOP",
                        help="after timing, profile one eventwire pass and list the TOP functions")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO,
                        format="bench: %(message)s", stream=sys.stderr)
    logging.getLogger("eventwire.store").setLevel(logging.WARNING)  # one "created" line per pass
    options = BenchOptions(repeats=args.repeats, batch_size=args.batch_size,
                           n_process=args.n_process, chunk_size=args.chunk_size, model=args.model,
                           profile_top=args.profile)
    try:
        corpus = build_corpus(args.n, seed=args.seed, repo_root=REPO_ROOT, data_dir=args.data)
        report = run_benchmark(corpus, options, default_loaders(options))
    except (EventwireError, ValueError) as error:
        print(f"bench: error: {error}", file=sys.stderr)
        return 2
    data = report.to_dict()
    data["corpus"]["seed"] = args.seed
    data["command"] = "python scripts/bench.py " + " ".join(sys.argv[1:] if argv is None else argv)
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        print(data["command"])
        print(format_report(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
