#!/usr/bin/env python
"""Time eventwire against bare spaCy on the same texts and report speed and memory.

The same command as ``eventwire bench`` (see ``eventwire bench --help`` and docs/PERFORMANCE.md):

    python scripts/bench.py --n-process 2                 # ~500-word articles from ACLED notes
    python scripts/bench.py --corpus notes --n 500 --json
    python scripts/bench.py --profile 10                  # also list eventwire's slowest functions
"""

from __future__ import annotations

import sys

from eventwire.cli.bench import bench


def main(argv: list[str] | None = None) -> int:
    """Run ``eventwire bench`` with ``argv``; the exit status."""
    try:
        bench.main(args=argv, prog_name="python scripts/bench.py")
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
