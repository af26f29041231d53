"""Crash-safe outputs: `footprint compute` killed with SIGKILL in the middle of
a long run leaves each output file either absent or the old complete one,
never a partial file. What a killed run leaves is a temporary file named
`.NAME.tmp-PID` beside each output, and a later run ignores it.

1. An earlier, complete run wrote results.csv and its quarantine. A run over
   ROWS generated shipments to the same outputs is killed once it has written
   data to its temporary files: the outputs are byte for byte the earlier ones.
2. The same with no earlier output: the output does not exist afterwards.
3. The stale temporary files are named .NAME.tmp-<pid of the killed run>; a
   new run to the same outputs succeeds, writes complete files and leaves the
   stale temporaries as they were.
4. SIGTERM (what a service manager or `timeout` sends) mid-run: the run ends
   by that signal, the outputs are the earlier ones, and no temporary file is
   left (SIGKILL cannot be caught; SIGTERM can, and used to leave 100-200 MB).

Usage: kill_compute.py FOOTPRINT SOURCE_DIR FACTOR_SET WORK_DIR ROWS
"""
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

fp, src, factor_set, work, rows = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4]), int(sys.argv[5])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
common = ["-m", "reusable-packaging-reduction", "--data", src, "--factors", factor_set, "-q"]


def run(*args):
    r = subprocess.run([fp, *args], capture_output=True, text=True)
    assert r.returncode == 0, (args, r.returncode, r.stdout, r.stderr)


def compute(shipments, output):
    run("compute", *common, "-s", str(shipments), "-o", str(output))


def kill_mid_run(shipments, output, sig=signal.SIGKILL):
    """Starts compute and sends `sig` once its temporary results file holds data; returns its pid."""
    p = subprocess.Popen([fp, "compute", *common, "-s", str(shipments), "-o", str(output)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    temp = output.parent / f".{output.name}.tmp-{p.pid}"
    deadline = time.monotonic() + 600
    while p.poll() is None and time.monotonic() < deadline:
        if temp.exists() and temp.stat().st_size > 0:
            p.send_signal(sig)
            break
        time.sleep(0.002)
    p.wait()
    assert p.returncode == -sig, (
        f"compute was not killed mid-run (exit {p.returncode}): make ROWS larger so that it runs long enough")
    return p.pid


big, small = work / "big.csv", work / "small.csv"
run("sample", "--rows", str(rows), "-o", str(big))
run("sample", "--rows", "1000", "--defects", "-o", str(small))

# ---- 1. an earlier complete output survives a killed run ----------------------
results = work / "results.csv"
quarantine = work / "results.quarantine.csv"
compute(small, results)
old_results, old_quarantine = results.read_bytes(), quarantine.read_bytes()
pid = kill_mid_run(big, results)
assert results.read_bytes() == old_results, "results.csv changed: a killed run must leave the old file"
assert quarantine.read_bytes() == old_quarantine, "the quarantine changed: a killed run must leave the old file"

# ---- 2. no output at all when there was none ----------------------------------
fresh = work / "fresh.csv"
fresh_pid = kill_mid_run(big, fresh)
assert not fresh.exists(), "a killed run left fresh.csv behind"
assert not (work / "fresh.quarantine.csv").exists(), "a killed run left fresh.quarantine.csv behind"

# ---- 3. what is left: stale temporaries, by name, ignored by the next run -------
stale = {f".results.csv.tmp-{pid}", f".fresh.csv.tmp-{fresh_pid}"}
left = {p.name for p in work.iterdir() if p.name.startswith(".")}
assert left - {f".results.quarantine.csv.tmp-{pid}", f".fresh.quarantine.csv.tmp-{fresh_pid}"} == stale, (
    f"unexpected files left by the killed runs: {sorted(left)}")
stale_bytes = {name: (work / name).read_bytes() for name in left}
compute(small, results)
assert results.read_bytes() == old_results and quarantine.read_bytes() == old_quarantine, (
    "a run after a killed one did not write the complete outputs")
assert {p.name for p in work.iterdir() if p.name.startswith(".")} == left, "the next run touched the stale files"
assert all((work / n).read_bytes() == b for n, b in stale_bytes.items()), "the next run changed a stale file"
for name in left:
    os.remove(work / name)

# ---- 4. SIGTERM: the same outputs, and no temporary file left ------------------
term_pid = kill_mid_run(big, results, signal.SIGTERM)
assert results.read_bytes() == old_results and quarantine.read_bytes() == old_quarantine, (
    "a run stopped by SIGTERM changed the outputs")
after_term = sorted(p.name for p in work.iterdir() if p.name.startswith("."))
assert after_term == [], f"a run stopped by SIGTERM (pid {term_pid}) left temporary files: {after_term}"
big.unlink()
print(f"stopped by SIGTERM mid-run: no temporary file left; killed twice mid-run over {rows} rows: outputs absent or the earlier complete ones; stale temporaries "
      f"{sorted(left)} ignored by the next run")
