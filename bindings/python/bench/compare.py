"""Python against C++ on the same rows: footprint.compute on a DataFrame versus
the C++ engine (bench/engine_bench.cpp) on the same shipments.

    /usr/bin/python3 bindings/python/bench/compare.py BUILD_DIR [ROWS] [REPEATS] [BATCH_ROWS]

Needs the build's package on PYTHONPATH (BUILD_DIR/bindings/python), the
footprint_python_bench target built (cmake --build BUILD_DIR --target
footprint_python_bench) and FOOTPRINT_DATA_DIR pointing at the source tree
(or an installed data directory). Prints one line per measurement and the
ratios. Times are medians, as wall clock and as CPU time of the process (the
steadier measure on a shared machine); C++ and Python runs are interleaved.
"""

from __future__ import annotations

import json
import statistics
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

import footprint
from footprint.frame import _SAMPLE_DTYPES


def timed(f, repeats):
    """Median wall-clock and CPU time (the process's) over `repeats` runs.

    The previous run's result is released before the next run starts, as the
    C++ side frees its outputs after each run: otherwise each run maps 120 MB
    of fresh pages next to the live ones, and on this virtual machine (THP in
    madvise mode with direct compaction) one run in three then stalls for up to
    0.2 s in page faults, which measures the kernel, not the bindings."""
    wall, cpu, out = [], [], None
    for _ in range(repeats):
        out = None
        t0, c0 = time.perf_counter(), time.process_time()
        out = f()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu), out


def main() -> int:
    build = Path(sys.argv[1])
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    batch_rows = int(sys.argv[4]) if len(sys.argv) > 4 else footprint.frame.DEFAULT_BATCH_ROWS
    data = footprint.data_dir()
    factor_set = os.environ.get("FOOTPRINT_FACTOR_SET") or str(build / "footprint-default.sqlite")
    bench = str(build / "bindings/python/footprint_python_bench")
    plan = footprint.Plan.bind("reusable-packaging-reduction", factors=factor_set)
    with tempfile.TemporaryDirectory(prefix="footprint-bench-") as d:
        csv = Path(d) / "shipments.csv"
        footprint.write_sample(csv, rows)
        df = pd.read_csv(csv, dtype=_SAMPLE_DTYPES, parse_dates=["date"])
        # The command's pipeline REPEATS times; then REPEATS rounds of three C++ runs
        # and three Python runs, interleaved so that both meet the same load on a
        # shared machine (each round's median, then the median over rounds).
        cli = json.loads(subprocess.run([bench, str(csv), factor_set, str(data), "1", str(repeats)],
                                        check=True, capture_output=True, text=True).stdout)
        runs = {"engine": ([], []), "frame": ([], []), "frame_fresh": ([], []), "python": ([], [])}
        for _ in range(repeats):
            cpp = json.loads(subprocess.run([bench, str(csv), factor_set, str(data), "3", "0", str(batch_rows)],
                                            check=True, capture_output=True, text=True).stdout)
            for k in ("engine", "frame", "frame_fresh"):
                runs[k][0].append(cpp[f"{k}_s"])
                runs[k][1].append(cpp[f"{k}_cpu_s"])
            wall, cpu, results = timed(lambda: footprint.compute(df, plan=plan, batch_rows=batch_rows), 3)
            runs["python"][0].append(wall)
            runs["python"][1].append(cpu)
    assert int(results["ER_g"].sum()) == cpp["frame_ER_g"] == cpp["engine_ER_g"], "results differ"
    med = {k: (statistics.median(w), statistics.median(c)) for k, (w, c) in runs.items()}
    py_s, py_cpu = med["python"]
    cpp = {"cli_compute_s": cli["cli_compute_s"], "cli_compute_cpu_s": cli["cli_compute_cpu_s"],
           "engine_s": med["engine"][0], "engine_cpu_s": med["engine"][1],
           "frame_s": med["frame"][0], "frame_cpu_s": med["frame"][1],
           "frame_fresh_s": med["frame_fresh"][0], "frame_fresh_cpu_s": med["frame_fresh"][1]}
    rows_out = [
        ("footprint compute (CLI: CSV in, CSV out)", cpp["cli_compute_s"], cpp["cli_compute_cpu_s"]),
        ("C++ engine alone (rows in memory)", cpp["engine_s"], cpp["engine_cpu_s"]),
        ("C++ frame path (row checks + engine)", cpp["frame_s"], cpp["frame_cpu_s"]),
        ("C++ frame path, fresh output arrays", cpp["frame_fresh_s"], cpp["frame_fresh_cpu_s"]),
        ("Python footprint.compute(DataFrame)", py_s, py_cpu),
    ]
    print(f"rows: {rows}, {batch_rows} rows per batch (the command: 8192), median of {repeats} rounds")
    print(f"{'':42} {'wall s':>8} {'CPU s':>8}")
    for name, wall, cpu in rows_out:
        print(f"{name:42} {wall:8.3f} {cpu:8.3f}")
    for name, wall, cpu in rows_out[:4]:
        print(f"ratio Python / {name:40} {py_s / wall:6.2f} wall {py_cpu / cpu:6.2f} CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
