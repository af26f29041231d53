"""Python against C++ on the same rows: footprint.compute on a DataFrame versus
the C++ engine (bench/engine_bench.cpp) on the same shipments.

    /usr/bin/python3 bindings/python/bench/compare.py BUILD_DIR [ROWS] [REPEATS]

Needs the build's package on PYTHONPATH (BUILD_DIR/bindings/python), the
footprint_python_bench target built (cmake --build BUILD_DIR --target
footprint_python_bench) and FOOTPRINT_DATA_DIR pointing at the source tree
(or an installed data directory). Prints one line per measurement and the
ratios; every time is the best of REPEATS runs, as wall clock and as CPU time
of the process (the steadier measure on a shared machine).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

import footprint
from footprint.frame import _SAMPLE_DTYPES


def best(f, repeats):
    """Best wall-clock and best CPU time (the process's: compute runs on one thread)."""
    wall, cpu, out = [], [], None
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        out = f()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return min(wall), min(cpu), out


def main() -> int:
    build = Path(sys.argv[1])
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    data = footprint.data_dir()
    factor_set = os.environ.get("FOOTPRINT_FACTOR_SET") or str(build / "footprint-default.sqlite")
    with tempfile.TemporaryDirectory(prefix="footprint-bench-") as d:
        csv = Path(d) / "shipments.csv"
        footprint.write_sample(csv, rows)
        cpp = json.loads(subprocess.run(
            [str(build / "bindings/python/footprint_python_bench"), str(csv), factor_set, str(data), str(repeats)],
            check=True, capture_output=True, text=True).stdout)
        df = pd.read_csv(csv, dtype=_SAMPLE_DTYPES, parse_dates=["date"])
    plan = footprint.Plan.bind("reusable-packaging-reduction", factors=factor_set)
    py_s, py_cpu, results = best(lambda: footprint.compute(df, plan=plan), repeats)
    assert int(results["ER_g"].sum()) == cpp["frame_ER_g"] == cpp["engine_ER_g"], "results differ"
    rows_out = [
        ("footprint compute (CLI: CSV in, CSV out)", cpp["cli_compute_s"], cpp["cli_compute_cpu_s"]),
        ("C++ engine alone (rows in memory)", cpp["engine_s"], cpp["engine_cpu_s"]),
        ("C++ frame path (row checks + engine)", cpp["frame_s"], cpp["frame_cpu_s"]),
        ("Python footprint.compute(DataFrame)", py_s, py_cpu),
    ]
    print(f"rows: {rows}, best of {repeats}")
    print(f"{'':42} {'wall s':>8} {'CPU s':>8}")
    for name, wall, cpu in rows_out:
        print(f"{name:42} {wall:8.3f} {cpu:8.3f}")
    for name, wall, cpu in rows_out[:3]:
        print(f"ratio Python / {name:27} {py_s / wall:6.2f} wall {py_cpu / cpu:6.2f} CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
