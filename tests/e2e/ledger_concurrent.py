"""Imports into one ledger at the same time wait for each other (issue 14
weak spot): four `footprint ledger import` processes over two overlapping
files used to fail with `database is locked` (no busy timeout) or `UNIQUE
constraint failed` (the ids already stored were read before the write lock).
Now each waits for the others' transactions, and a shipment another import
stored first is quarantined as a duplicate: every shipment is stored once.

Usage: ledger_concurrent.py FOOTPRINT DATA_DIR FACTOR_SET WORK_DIR
"""
import re
import shutil
import subprocess
import sys
from pathlib import Path

fp, data, factors, work = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
common = ["-m", "reusable-packaging-reduction", "--data", data, "--factors", factors]

whole = work / "shipments.csv"
r = subprocess.run([fp, "sample", "--rows", "40000", "--seed", "5", "-o", str(whole)], capture_output=True, text=True)
assert r.returncode == 0, r.stderr
lines = whole.read_text().splitlines()
header, body = lines[0], lines[1:]
a, b = work / "a.csv", work / "b.csv"
a.write_text("\n".join([header] + body[:30000]) + "\n")   # shipments 0..29999
b.write_text("\n".join([header] + body[10000:]) + "\n")   # shipments 10000..39999

ledger = work / "ledger.sqlite"
procs = [subprocess.Popen([fp, "ledger", "import", str(f), "--ledger", str(ledger), *common],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for f in (a, b, a, b)]
accepted = rejected = 0
for p in procs:
    out, err = p.communicate(timeout=600)
    assert p.returncode == 0, (p.returncode, out, err)
    assert "locked" not in out + err and "UNIQUE" not in out + err, out + err
    m = re.search(r"accepted (\d+), rejected (\d+)", out + err)
    assert m, out + err
    accepted += int(m.group(1))
    rejected += int(m.group(2))
# 40 000 distinct shipments in 120 000 rows: each stored once, every other row a duplicate.
assert (accepted, rejected) == (40000, 80000), (accepted, rejected)
r = subprocess.run([fp, "ledger", "import", str(whole), "--ledger", str(ledger), *common], capture_output=True, text=True)
assert "accepted 0, rejected 40000" in r.stdout + r.stderr, r.stdout + r.stderr
print("ledger: 4 concurrent imports stored 40000 shipments once each")
