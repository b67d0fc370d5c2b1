"""Score the extractor on the golden corpus: per-field accuracy and per-case pass/fail.

    python tests/golden/score.py                 # all cases
    python tests/golden/score.py -k sudan -v     # matching cases, with every mismatch
    python tests/golden/score.py --json out.json # also write the numbers for tracking

Exits 1 when any case fails, so it can gate a CI step.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from matching import (
    CASES_DIR,
    REPORTED,
    CaseResult,
    GoldenCase,
    Tally,
    discover_cases,
    read_case_article,
    score_case,
)


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--cases", type=Path, default=CASES_DIR, help="folder of cases")
    parser.add_argument("-k", dest="select", default="", help="only cases whose name contains this")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="print each failing case's report"
    )
    parser.add_argument("--json", type=Path, help="write per-field and per-case results here")
    return parser.parse_args(argv)


def _code_all(cases: list[GoldenCase], verbose: bool) -> tuple[list[CaseResult], dict[str, str]]:
    from eventwire.pipeline import Coder

    coder = Coder.default()
    results: list[CaseResult] = []
    errors: dict[str, str] = {}
    for case in cases:
        try:
            events = coder.code(read_case_article(case))
        except Exception as error:  # a crash on one article must not hide the others' scores
            errors[case.name] = f"{type(error).__name__}: {error}"
            continue
        result = score_case(case, events)
        results.append(result)
        if verbose and not result.passed:
            print(result.report(), end="\n\n")
    return results, errors


def _print_fields(tally: Tally) -> None:
    print(f"{'field':<16}{'right':>7}{'asked':>7}{'acc':>8}{'acc|found':>11}")
    for name in REPORTED:
        asked, right, paired = tally.asked[name], tally.right[name], tally.paired[name]
        acc = f"{right / asked:.1%}" if asked else "-"
        given = f"{right / paired:.1%}" if paired else "-"
        print(f"{name:<16}{right:>7}{asked:>7}{acc:>8}{given:>11}")


def _print_cases(results: list[CaseResult], errors: dict[str, str]) -> None:
    for result in results:
        problems = result.problems()
        status = "PASS" if not problems else f"FAIL ({len(problems)})"
        print(f"{status:<10}{result.case.name}  [{len(result.events)} events]")
    for name, message in errors.items():
        print(f"{'ERROR':<10}{name}  {message}")


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    cases = [case for case in discover_cases(args.cases) if args.select in case.name]
    started = time.perf_counter()
    results, errors = _code_all(cases, args.verbose)
    tally = Tally()
    for result in results:
        tally.add(result)
    _print_fields(tally)
    # The issue-6 promise: no act inside a threat, denial or plan is stored as a fact.
    print(f"forbidden acts coded as facts: {tally.forbidden_hit} of {tally.forbidden}")
    print()
    _print_cases(results, errors)
    passed = sum(result.passed for result in results)
    print(f"\n{passed}/{len(cases)} cases passed in {time.perf_counter() - started:.1f}s")
    if args.json:
        payload = {
            "fields": {
                name: {"right": tally.right[name], "asked": tally.asked[name]} for name in REPORTED
            },
            "forbidden": {"coded_as_fact": tally.forbidden_hit, "total": tally.forbidden},
            "cases": {r.case.name: r.problems() for r in results},
            "errors": errors,
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0 if passed == len(cases) else 1


if __name__ == "__main__":
    sys.exit(main())
