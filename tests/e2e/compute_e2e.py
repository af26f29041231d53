"""End-to-end checks of `footprint compute` on generated shipments.

1. Seeded defects: `footprint sample --defects` seeds one row of each defect
   kind and says where; exactly those rows must be in quarantine with those
   error ids, and every other row in the results.
2. Row order: a generated file and the same rows shuffled give the same ER
   total to the gram, and the counts reconcile (in = accepted + rejected).

Usage: compute_e2e.py FOOTPRINT DATA_DIR FACTOR_SET WORK_DIR ROWS
"""
import csv
import random
import re
import subprocess
import sys
from pathlib import Path

fp, data, factors, work, rows = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4]), int(sys.argv[5])
work.mkdir(parents=True, exist_ok=True)
common = ["-m", "reusable-packaging-reduction", "--data", data, "--factors", factors]


def run(*args):
    r = subprocess.run([fp, *args], capture_output=True, text=True)
    assert r.returncode == 0, (args, r.returncode, r.stdout, r.stderr)
    return r.stdout


def summary(out):
    grams = {k: int(v) for k, v in re.findall(r"^(BE|PE|LE|ER) .*\((-?\d+) g\)$", out, re.M)}
    counts = {k: int(v) for k, v in re.findall(r"^(rows in|accepted|rejected) +(\d+)", out, re.M)}
    return grams, counts


# ---- 1. seeded defects ----------------------------------------------------
defective = work / "defects.csv"
listing = run("sample", "--rows", "20000", "--defects", "-o", str(defective))
seeded = {int(m[0]): m[1] for m in re.findall(r"^line (\d+): (\S+)", listing, re.M)}
assert len(seeded) == 12, listing
out = run("compute", *common, "-s", str(defective), "-o", str(work / "defects-results.csv"))
grams, counts = summary(out)
assert counts == {"rows in": 20000, "accepted": 20000 - 12, "rejected": 12}, counts
with open(work / "defects-results.quarantine.csv", newline="", encoding="utf-8", errors="replace") as f:
    quarantined = {int(r["line"]): r["error_id"] for r in csv.DictReader(f)}
assert quarantined == seeded, (quarantined, seeded)
with open(work / "defects-results.csv", newline="") as f:
    result_lines = {int(r["line"]) for r in csv.DictReader(f)}
assert len(result_lines) == 20000 - 12
assert result_lines.isdisjoint(seeded) and result_lines | set(seeded) == set(range(2, 20002))
# The ER column sums to the printed total.
with open(work / "defects-results.csv", newline="") as f:
    assert sum(int(r["ER_g"]) for r in csv.DictReader(f)) == grams["ER"]
print("seeded defects: all 12 quarantined with the right ids; 19988 rows computed")

# ---- 2. shuffled rows give the same total -----------------------------------
plain = work / "plain.csv"
run("sample", "--rows", str(rows), "-o", str(plain))
lines = plain.read_text().split("\n")
header, body = lines[0], lines[1:]
random.Random(7).shuffle(body)
shuffled = work / "shuffled.csv"
shuffled.write_text(header + "\n" + "\n".join(body) + "\n")
g1, c1 = summary(run("compute", *common, "-s", str(plain), "-o", str(work / "plain-results.csv")))
g2, c2 = summary(run("compute", *common, "-s", str(shuffled), "-o", str(work / "shuffled-results.csv")))
assert c1["rows in"] == c1["accepted"] + c1["rejected"] == rows, c1
assert c2 == c1, (c1, c2)
assert g1 == g2, (g1, g2)
print(f"{rows} rows: ER {g1['ER']} g in file order and shuffled; counts reconcile")
for p in (plain, shuffled, work / "plain-results.csv", work / "shuffled-results.csv"):
    p.unlink()
