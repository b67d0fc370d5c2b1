#!/usr/bin/env python
"""Fail CI when a headline accuracy metric drops more than the tolerance below eval/baseline.json.

    python scripts/eval_guard.py --data ../shared/data            # check every run
    python scripts/eval_guard.py --data ../shared/data --only plover
    python scripts/eval_guard.py --data ../shared/data --record   # rewrite the recorded values

Exit status: 0 passed (or skipped: no data dir), 1 a metric regressed or went missing, 2 error.
The schema of the baseline is documented in eventwire.evaluate.guard.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from eventwire.errors import EventwireError
from eventwire.evaluate import guard
from eventwire.evaluate.run import ArticleCoder

REPO_ROOT = Path(__file__).resolve().parents[1]
CoderFactory = Callable[[int], ArticleCoder]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO_ROOT.parent / "shared" / "data",
                        help="folder holding the datasets (default ../shared/data from the repo)")
    parser.add_argument("--baseline", type=Path, default=REPO_ROOT / "eval" / "baseline.json",
                        help="the recorded runs (default eval/baseline.json)")
    parser.add_argument("--only", metavar="NAME", help="run only the run called NAME")
    parser.add_argument("--record", action="store_true",
                        help="re-measure and write the measured values into the baseline")
    parser.add_argument("--n-process", type=int, default=1, help="NLP worker processes (default 1)")
    parser.add_argument("--quiet", action="store_true", help="no per-run progress on stderr")
    return parser.parse_args(argv)


def default_coder(n_process: int) -> ArticleCoder:
    from eventwire.config import Settings
    from eventwire.pipeline import Coder

    return Coder.default(Settings.load().with_overrides(n_process=n_process))


def main(argv: list[str] | None = None, *, make_coder: CoderFactory = default_coder) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO,
                        format="eval-guard: %(message)s", stream=sys.stderr)
    if not args.data.is_dir():
        print(f"eval-guard: skipped: {args.data} not found (the datasets are not beside the repo)")
        return 0
    try:
        baseline = guard.load_baseline(args.baseline)
        coder = make_coder(args.n_process)  # loaded once, shared by every run
        result = guard.check(baseline, data_dir=args.data, coder=coder, only=args.only)
        if args.record:
            guard.save_baseline(guard.recorded(baseline, result.measurements), args.baseline)
    except EventwireError as error:
        print(f"eval-guard: error: {error}", file=sys.stderr)
        return 2
    print(guard.format_table(result.outcomes))
    print("\n".join(f"{m.run.name}: {m.report.cases} cases in {m.seconds:.1f} s"
                    for m in result.measurements))
    if args.record:
        print(f"recorded the measured values in {args.baseline}")
        return 0
    if result.improvements:
        print(f"{len(result.improvements)} metric(s) improved beyond the tolerance: raise the bar "
              "with `make eval-record` and commit eval/baseline.json.")
    if not result.passed:
        print(guard.failure_message(result), file=sys.stderr)
        return 1
    print("accuracy regression guard passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
