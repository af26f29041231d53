#!/usr/bin/python3
"""Helpers for run_benchmarks.sh (standard library only).

  bench_tools.py measure OUT.json STDOUT.txt -- COMMAND...
      Runs COMMAND with its standard output sent to STDOUT.txt and writes its
      wall time, user and system CPU time and peak resident memory (max RSS,
      from wait4's rusage: the same figure as `/usr/bin/time -v`) to OUT.json.
      Exits with the command's status.

  bench_tools.py report WORK_DIR
      Prints the table of what run_benchmarks.sh measured in WORK_DIR: the
      best of the repetitions (least wall or CPU time, highest rate; the
      largest max RSS), since on a shared machine every slower run is the
      same work plus time spent waiting for a core.
"""
import glob
import json
import os
import re
import statistics
import subprocess
import sys
import time


def measure(out_json, stdout_path, cmd):
    with open(stdout_path, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    rc = os.waitstatus_to_exitcode(status)
    with open(out_json, "w") as f:
        json.dump({"cmd": cmd, "rc": rc, "wall_s": wall, "user_s": usage.ru_utime, "sys_s": usage.ru_stime,
                   "max_rss_kb": usage.ru_maxrss}, f)
    return rc


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def best(xs):
    """Least time (or, negated, highest rate) over repetitions."""
    return min(xs) if xs else float("nan")


def load_runs(pattern):
    runs = []
    for p in sorted(glob.glob(pattern)):
        with open(p) as f:
            r = json.load(f)
        if r["rc"] == 0:
            runs.append(r)
    return runs


def gbench(path):
    """name -> {real_s, cpu_s, items, bytes}: the best of the repetitions."""
    with open(path) as f:
        d = json.load(f)
    per = {}
    for b in d["benchmarks"]:
        if b.get("run_type") == "aggregate":
            continue
        name = b["run_name"] if "run_name" in b else b["name"]
        scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b.get("time_unit", "ns")]
        per.setdefault(name, []).append(b | {"real_s": b["real_time"] * scale, "cpu_s": b["cpu_time"] * scale})
    out = {}
    for name, runs in per.items():
        rows = runs[0].get("rows")
        out[name] = {
            "real_s": best([r["real_s"] for r in runs]),
            "cpu_s": best([r["cpu_s"] for r in runs]),
            "items_per_s": -best([-r.get("items_per_second", float("nan")) for r in runs]),
            "bytes_per_s": -best([-r.get("bytes_per_second", float("nan")) for r in runs]),
            "rows": rows,
            "repetitions": len(runs),
            "label": runs[0].get("label", ""),
        }
    return out


def fmt_rate(x):
    if x != x:
        return "-"
    if x >= 1e6:
        return f"{x / 1e6:.2f} M"
    if x >= 1e3:
        return f"{x / 1e3:.1f} k"
    return f"{x:.0f}"


def report(work):
    sizes = sorted({int(m.group(1)) for p in os.listdir(work) if (m := re.match(r"size-(\d+)\.txt$", p))})
    lines = []
    add = lines.append
    add(f"machine: {os.cpu_count()} cores, load average at report {os.getloadavg()[0]:.1f} "
        "(shared machine: wall times include waiting for a core; CPU-time rates are per core)")
    for n in sizes:
        with open(os.path.join(work, f"size-{n}.txt")) as f:
            size = int(f.read())
        add("")
        add(f"== {n} rows ({size / 1e6:.1f} MB of CSV) ==")
        add(f"{'what':44} {'best wall':>12} {'rate (wall)':>16} {'rate (CPU)':>16}")
        gb_path = os.path.join(work, f"gbench-{n}.json")
        if os.path.exists(gb_path):
            g = gbench(gb_path)
            top = None
            for name, r in g.items():
                if name.startswith("engine_run"):
                    rows = r["rows"] or n
                    cpu_rate = rows / r["cpu_s"] if r["cpu_s"] > 0 else float("nan")
                    add(f"{'engine, ' + name.split('/', 1)[1].replace('/real_time', ''):44} {r['real_s'] * 1e3:9.1f} ms "
                        f"{fmt_rate(r['items_per_s']) + ' rows/s':>16} {fmt_rate(cpu_rate) + ' rows/s':>16}")
                    if top is None or cpu_rate > top[1]:
                        top = (name, cpu_rate)
            for key, what in (("ingest_csv", "ingest: shipment_reader (validated columns)"),
                              ("csv_records", "CSV records only (csv_reader)")):
                if key + "/real_time" in g:
                    r = g[key + "/real_time"]
                    rows = r["rows"] or n
                    add(f"{what:44} {r['real_s'] * 1e3:9.1f} ms {fmt_rate(r['bytes_per_s']) + 'B/s':>16} "
                        f"{fmt_rate(size / r['cpu_s']) + 'B/s':>16}")
                    add(f"{'':44} {'':12} {fmt_rate(r['items_per_s']) + ' rows/s':>16} "
                        f"{fmt_rate(rows / r['cpu_s']) + ' rows/s':>16}")
            if top:
                add(f"{'engine: best batch size':44} {top[0].split(':')[1].split('/')[0]:>12}")
        fp = load_runs(os.path.join(work, f"compute-{n}-*.json"))
        refs = {"pandas": load_runs(os.path.join(work, f"pandas-{n}-*.json")),
                "DuckDB": load_runs(os.path.join(work, f"duckdb-{n}-*.json"))}

        def process(what, runs, prefix):
            wall = best([r["wall_s"] for r in runs])
            cpu = best([r["user_s"] + r["sys_s"] for r in runs])
            rss = max(r["max_rss_kb"] for r in runs) * 1024
            add(f"{what:44} {wall:9.2f} s  {fmt_rate(n / wall) + ' rows/s':>16} "
                f"{fmt_rate(n / cpu) + ' rows/s':>16}   (CPU {cpu:.2f} s, {len(runs)} runs)")
            add(f"{'  peak memory (max RSS)':44} {rss / 2**20:9.1f} MiB {rss / n:10.1f} B/row "
                f"(CSV {size / n:.1f} B/row)")
            if prefix:
                phases = {}
                for p in sorted(glob.glob(os.path.join(work, f"{prefix}-{n}-*.txt"))):
                    for k, v in re.findall(r"^time (\w+) +([\d.]+) s", open(p).read(), re.M):
                        phases.setdefault(k, []).append(float(v))
                if phases:
                    add(f"  {prefix} phases (best): " + ", ".join(f"{k} {best(v):.2f} s" for k, v in phases.items()))
            return wall, cpu

        if fp:
            fp_wall, fp_cpu = process("footprint compute (CSV -> results CSV)", fp, None)
        for name, runs in refs.items():
            if not runs:
                continue
            wall, cpu = process(f"{name} reference (CSV -> results CSV)", runs, name.lower())
            if fp:
                add(f"{'footprint speed-up over ' + name:44} {wall / fp_wall:9.1f} x (wall), {cpu / fp_cpu:.1f} x (CPU)")
        for name, file in (("pandas", f"check-{n}.txt"), ("DuckDB", f"duckdb-check-{n}.txt")):
            check = os.path.join(work, file)
            if os.path.exists(check):
                text = open(check).read()
                verdict = "agree" if "agree:" in text else "MISMATCH"
                m = re.search(r"ER total (-?\d+) g", text)
                d = re.search(r"largest difference: (\d+) g", text)
                add(f"{name + ' vs footprint, row by row':44} {verdict}" + (f" (ER {m.group(1)} g)" if m else "")
                    + (f", largest difference {d.group(1)} g" if d else ""))
        load = os.path.join(work, f"load-{n}.txt")
        if os.path.exists(load):
            add("load average (1, 5, 15 min) before and after: "
                + " | ".join(" ".join(line.split()[:3]) for line in open(load).read().splitlines()))
    print("\n".join(lines))


def main():
    if len(sys.argv) >= 5 and sys.argv[1] == "measure" and sys.argv[4] == "--":
        sys.exit(measure(sys.argv[2], sys.argv[3], sys.argv[5:]))
    if len(sys.argv) == 3 and sys.argv[1] == "report":
        report(sys.argv[2])
        return
    sys.exit(__doc__)


if __name__ == "__main__":
    main()
