"""Runs the Python test suite for CTest (test python.pytest) and fails loudly
when it did not really run: pytest's exit 5 (no tests collected), zero tests
passed, or skipped tests (a skip would hide a missing package such as Dask or
nbclient; set FOOTPRINT_ALLOW_SKIPS=1 to accept them on purpose).

    /usr/bin/python3 tests/python/run_pytest.py tests/python [pytest args...]
"""

from __future__ import annotations

import os
import sys

import pytest


class _Count:
    def __init__(self) -> None:
        self.collected = 0
        self.passed = 0
        self.skipped = 0

    def pytest_collection_finish(self, session) -> None:
        self.collected = len(session.items)

    def pytest_runtest_logreport(self, report) -> None:
        if report.when == "call" and report.passed:
            self.passed += 1
        if report.skipped:
            self.skipped += 1


def main() -> int:
    if len(sys.argv) < 2:
        print("usage: run_pytest.py TESTS_DIR [pytest args...]", file=sys.stderr)
        return 2
    count = _Count()
    rc = pytest.main(["-q", "-p", "no:cacheprovider", sys.argv[1], *sys.argv[2:]], plugins=[count])
    if rc == pytest.ExitCode.NO_TESTS_COLLECTED or count.collected == 0:
        print("run_pytest: FAIL: pytest collected no tests (exit 5): the suite did not run", file=sys.stderr)
        return 1
    if rc != 0:
        print(f"run_pytest: FAIL: pytest exited {int(rc)}", file=sys.stderr)
        return int(rc)
    if count.passed == 0:
        print("run_pytest: FAIL: no test passed", file=sys.stderr)
        return 1
    if count.skipped and os.environ.get("FOOTPRINT_ALLOW_SKIPS") != "1":
        print(f"run_pytest: FAIL: {count.skipped} tests were skipped (a missing package?); "
              "set FOOTPRINT_ALLOW_SKIPS=1 to accept skips", file=sys.stderr)
        return 1
    print(f"run_pytest: {count.passed} of {count.collected} tests passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
