"""Checked totals and outputs that are all there or none (issue 14, bugs 1 and 4).

1. Totals never wrap around. On 300 000 sample shipments the goods' footprint
   override 1 800 000 kg/L gives a BE total of about 4.3e17 g: the command's
   BE total must equal the sum of the BE_g column of its results, summed here
   with Python's unbounded integers (a second method). At 40 000 000 kg/L the
   sum passes 9.2e18 g: the command must refuse with footprint.total.overflow
   at the shipment that tipped it, exit 1, and write no output.
2. `compute -o ok.csv --quarantine DIR` (the quarantine path is a folder)
   used to leave ok.csv behind: now nothing is written and the message says so.
3. `-o -` writes the results to standard output (the summary goes to standard
   error) instead of a file named "-".

Usage: outputs_e2e.py FOOTPRINT SOURCE_DIR FACTOR_SET WORK_DIR
"""
import csv
import shutil
import subprocess
import sys
from pathlib import Path

fp, src, factor_set, work = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
common = ["-m", "reusable-packaging-reduction", "--data", src, "--factors", factor_set]


def run(*args, ok=True):
    r = subprocess.run([fp, *args], capture_output=True, text=True)
    if ok:
        assert r.returncode == 0, (args, r.returncode, r.stdout, r.stderr)
    return r


shipments = work / "s.csv"
run("sample", "--rows", "300000", "-o", str(shipments))

# ---- 1. large but representable: the printed total is the exact sum ---------------
big = work / "big.csv"
r = run("compute", *common, "-s", str(shipments), "-o", str(big), "--set", "goods_footprint_per_litre=1800000")
printed = next(int(line.split("(")[1].split(" g")[0]) for line in r.stdout.splitlines() if line.startswith("BE "))
with big.open(newline="") as f:
    exact = sum(int(row["BE_g"]) for row in csv.DictReader(f))
assert printed == exact, f"BE printed {printed} g, sum of the rows {exact} g"
assert exact > 10**17, f"the case no longer exercises large totals: BE {exact} g"

# ---- 1. beyond an int64 of grams: refused, nothing written -------------------------
over = work / "over.csv"
r = run("compute", *common, "-s", str(shipments), "-o", str(over), "--set", "goods_footprint_per_litre=40000000",
        ok=False)
assert r.returncode == 1, (r.returncode, r.stderr)
assert "error [footprint.total.overflow]" in r.stderr, r.stderr
assert "s.csv:" in r.stderr and "shipment S" in r.stderr, f"the error does not name the shipment: {r.stderr}"
assert not over.exists() and not (work / "over.quarantine.csv").exists(), "an output was written"
# A statement (format 2) sums one customer's rows: at 40 000 000 each customer's total still fits
# (the largest, auto-parts-hubei-01's BE, is 5.2e18 g), at twice that it does not.
for statement_args in (["--all-customers", "-o", str(work / "st")],):
    r = run("statement", *common, "-s", str(shipments), "--from", "2020-01-01", "--to", "2021-12-31",
            "--set", "goods_footprint_per_litre=80000000", *statement_args, ok=False)
    assert r.returncode == 1 and "footprint.total.overflow" in r.stderr, (r.returncode, r.stderr)
    assert "s.csv:" in r.stderr and "shipment S" in r.stderr, f"the error does not name the shipment: {r.stderr}"
    assert not (work / "st").exists() or not any((work / "st").iterdir()), "a statement was written"

# ---- 2. results and quarantine: both or neither ---------------------------------------
(work / "qdir").mkdir()
ok = work / "ok.csv"
r = run("compute", *common, "-s", str(shipments), "-o", str(ok), "--quarantine", str(work / "qdir"), ok=False)
assert r.returncode == 1 and "is a folder" in r.stderr, (r.returncode, r.stderr)
assert not ok.exists(), "ok.csv was left although the quarantine could not be written"
assert sorted(p.name for p in work.iterdir() if p.name.startswith(".")) == [], "a temporary file was left"

# ---- 3. '-' is standard output -------------------------------------------------------
small = work / "small.csv"
run("sample", "--rows", "50", "-o", str(small))
r = run("compute", *common, "-s", str(small), "-o", "-", "--quarantine", str(work / "small.q.csv"))
assert r.stdout.startswith("shipment_id,customer_id,date,line,BE_g"), r.stdout[:200]
assert len(r.stdout.splitlines()) == 51, len(r.stdout.splitlines())
assert "rows in      50" in r.stderr, r.stderr
assert not Path("-").exists() and not (work / "-").exists()
print("totals checked (exact sum up to 4e17 g; overflow refused at its shipment); results and quarantine both or "
      "neither; '-o -' is standard output")

# ---- 4. inputs read once, from a stream ----------------------------------------------
import os
import threading

expected = run("compute", *common, "-s", str(small), "-o", str(work / "file.csv")).stdout.split("results")[0]
# '-' is standard input
r = subprocess.run([fp, "compute", *common, "-s", "-", "-o", str(work / "stdin.csv"), "--quarantine",
                    str(work / "stdin.q.csv")], input=small.read_bytes(), capture_output=True)
assert r.returncode == 0, r.stderr
assert (work / "stdin.csv").read_bytes() == (work / "file.csv").read_bytes(), "standard input read differently"
# /dev/stdin from a pipe (it used to say "the file is empty": it was opened twice)
r = subprocess.run([fp, "compute", *common, "-s", "/dev/stdin", "-o", str(work / "devstdin.csv"), "--quarantine",
                    str(work / "devstdin.q.csv")], input=small.read_bytes(), capture_output=True)
assert r.returncode == 0, r.stderr
assert (work / "devstdin.csv").read_bytes() == (work / "file.csv").read_bytes()
# a named pipe (it used to hang: opened once to look for a ledger, once to read)
fifo = work / "pipe.csv"
os.mkfifo(fifo)
writer = threading.Thread(target=lambda: fifo.write_bytes(small.read_bytes()))
writer.start()
r = subprocess.run([fp, "compute", *common, "-s", str(fifo), "-o", str(work / "fifo.csv")], capture_output=True,
                   timeout=300)
writer.join()
assert r.returncode == 0, r.stderr
assert (work / "fifo.csv").read_bytes() == (work / "file.csv").read_bytes()
# a folder is a folder, not an empty file
r = run("compute", *common, "-s", str(work / "qdir"), "-o", str(work / "x.csv"), ok=False)
assert r.returncode == 1 and "error [footprint.io.read] is a folder" in r.stderr, r.stderr
# an endless input without a line break (it used to spin forever): the header is refused at once
r = subprocess.run([fp, "compute", *common, "-s", "/dev/zero", "-o", str(work / "zero.csv")], capture_output=True,
                   text=True, timeout=300)
assert r.returncode == 1 and "footprint.csv.malformed" in r.stderr and "longer than" in r.stderr, r.stderr
assert not (work / "zero.csv").exists()
print("inputs: '-', /dev/stdin from a pipe and a named pipe read once and as a file; a folder refused; /dev/zero "
      "refused at its header")

# ---- 5. an output folder that cannot be made is footprint.io.write with the reason, not footprint.internal
r = run("statement", *common, "-s", str(small), "--from", "2020-01-01", "--to", "2021-12-31", "--all-customers",
        "-o", str(small / "sub"), ok=False)
assert r.returncode == 1, (r.returncode, r.stderr)
assert "error [footprint.io.write]" in r.stderr and "a part of the path is not a folder" in r.stderr, r.stderr
assert "footprint.internal" not in r.stderr, r.stderr
print("an output folder under a file: footprint.io.write, 'a part of the path is not a folder'")

# ---- 6. a Latin-1 row keeps the quarantine a UTF-8 file ------------------------------
latin = Path(src) / "tests" / "data" / "bad" / "csv" / "invalid-utf8.shipments.csv"
r = run("compute", *common, "-s", str(latin), "-o", str(work / "latin.csv"))
q = (work / "latin.quarantine.csv").read_bytes()
text = q.decode("utf-8")  # raises if the quarantine is not UTF-8
bad_line = next(line for line in text.splitlines() if "footprint.csv.malformed" in line)
assert "\\x" in bad_line, bad_line
print("a Latin-1 row is quarantined with its invalid bytes as \\xNN: the quarantine is UTF-8")

# ---- 7. a 300-byte customer id gets a file name a file system takes ---------------------
long_id = "c" * 300
rows = small.read_text().splitlines()
header, first = rows[0], rows[1].split(",")
first[1] = long_id
(work / "long.csv").write_text(header + "\n" + ",".join(first) + "\n" + "\n".join(rows[2:]) + "\n")
r = run("statement", *common, "-s", str(work / "long.csv"), "--from", "2020-01-01", "--to", "2021-12-31",
        "--all-customers", "-o", str(work / "long-st"))
names = [p.name for p in (work / "long-st").iterdir()]
assert any(n.startswith("c" * 200 + "-") and n.endswith(".json") for n in names), names
assert all(len(n.encode()) <= 255 for n in names), names
print("a 300-byte customer id: statement file name cut to 200 bytes + hash")
