"""End-to-end checks of statements, verify and explain.

- Two runs of `footprint statement`, one on the rows shuffled, give
  byte-identical JSON; the same statement comes out of the ledger.
- `verify` passes on it; changing one shipment's distance in the input makes
  it fail and name that shipment; editing the total in the JSON makes it fail
  on the digest; a statement built with another factor set is refused.
- A period with no shipments gives a statement that says so.
- `explain` prints one shipment's derivation down to the integer grams, and
  those grams are the ones in the per-shipment results.

Usage: statement_e2e.py FOOTPRINT DATA_DIR FACTOR_SET WORK_DIR
"""
import csv
import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

fp, data, factors, work = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
common = ["-m", "reusable-packaging-reduction", "--data", data, "--factors", factors]
src = ["--data", data, "--factors", factors]


def run(*args, expect=0):
    r = subprocess.run([fp, *args], capture_output=True, text=True)
    assert r.returncode == expect, (args, r.returncode, r.stdout, r.stderr)
    return r.stdout + r.stderr


plain = work / "shipments.csv"
run("sample", "--rows", "30000", "--seed", "11", "-o", str(plain))
lines = plain.read_text().split("\n")
body = lines[1:]
random.Random(3).shuffle(body)
shuffled = work / "shuffled.csv"
shuffled.write_text(lines[0] + "\n" + "\n".join(body) + "\n")

period = ["--from", "2020-06-01", "--to", "2021-07-31"]
customer = ["--customer", "chem-jiangsu-01"]
run("statement", *common, "-s", str(plain), *customer, *period, "-o", str(work / "a.json"), "--format", "json")
run("statement", *common, "-s", str(shuffled), *customer, *period, "-o", str(work / "b.json"), "--format", "json")
a = (work / "a.json").read_bytes()
assert a == (work / "b.json").read_bytes(), "statements differ between file order and shuffled order"
doc = json.loads(a)
assert doc["format"] == "footprint-statement/2", doc["format"]  # new statements; format 1 is rebuilt by verify only
# Format 2: the counts are the customer's rows of the input (every one of them here is accepted).
chem_rows = sum(1 for r in csv.reader(lines[1:]) if r and r[1] == "chem-jiangsu-01")
assert doc["rows"]["reconciles"] and doc["rows"]["in_file"] == doc["rows"]["accepted_in_file"] == chem_rows
assert doc["shipments"] == len(doc["shipment_rows"]) > 0
assert doc["issuable_t"] == max(doc["totals_g"]["reduction"], 0) // 1_000_000
by_month = sum(v["reduction_g"] for v in doc["by_month"].values())
assert by_month == doc["totals_g"]["reduction"], (by_month, doc["totals_g"])
print("statement: byte-identical for shuffled rows; month sums equal the total")

# The ledger gives the same statement.
ledger = work / "ledger.sqlite"
out = run("ledger", "import", str(shuffled), "--ledger", str(ledger), *common)
assert "accepted 30000, rejected 0" in out, out
out = run("ledger", "import", str(plain), "--ledger", str(ledger), *common)
assert "accepted 0, rejected 30000" in out, out  # never the same shipment twice
run("statement", *common, "-s", str(ledger), *customer, *period, "-o", str(work / "c.json"), "--format", "json")
assert (work / "c.json").read_bytes() == a, "statement from the ledger differs from the one from the CSV"
print("ledger: re-import rejected every shipment; statement from the ledger is identical")

out = run("verify", str(work / "a.json"), "-s", str(plain), *src)
assert out.startswith("OK"), out

# One shipment's loaded distance changed in the input: verify names it.
rows = list(csv.reader(plain.read_text().splitlines()))
target = next(r for r in rows[1:] if r[1] == "chem-jiangsu-01")
target[6] = str(float(target[6]) + 100)
doctored = work / "doctored.csv"
with open(doctored, "w", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(rows)
out = run("verify", str(work / "a.json"), "-s", str(doctored), *src, expect=1)
assert "[footprint.verify.difference]" in out and f"1 shipment whose input rows differ: {target[0]}" in out, out
print(f"verify: a changed distance fails and names {target[0]}")

# The total edited in the JSON: the digest fails.
edited = work / "edited.json"
edited.write_text(re.sub(r'"reduction": (\d+)', lambda m: f'"reduction": {int(m[1]) + 1000000}', (work / "a.json").read_text(), count=1))
out = run("verify", str(edited), "-s", str(plain), *src, expect=1)
assert "[footprint.verify.digest]" in out, out
print("verify: an edited total fails on the digest")

# Not valid JSON, and a missing field.
(work / "broken.json").write_text("{ not json")
out = run("verify", str(work / "broken.json"), "-s", str(plain), *src, expect=1)
assert "[footprint.statement.syntax]" in out, out
missing = json.loads(a)
del missing["period"]
(work / "missing.json").write_text(json.dumps(missing))
out = run("verify", str(work / "missing.json"), "-s", str(plain), *src, expect=1)
assert "[footprint.statement.missing-field]" in out and "/period" in out, out

# A period without shipments: refused unless asked for; then a statement that says so.
out = run("statement", *common, "-s", str(plain), *customer, "--from", "2030-01-01", "--to", "2030-12-31",
          "-o", str(work / "refused.json"), "--format", "json", expect=1)
assert "[footprint.statement.empty-period]" in out and not (work / "refused.json").exists(), out
run("statement", *common, "-s", str(plain), *customer, "--from", "2030-01-01", "--to", "2030-12-31",
    "-o", str(work / "empty.json"), "--format", "json", "--allow-empty")
empty = json.loads((work / "empty.json").read_text())
assert empty["shipments"] == 0 and empty["totals_g"]["reduction"] == 0 and "no shipments" in empty["note"]
print("empty period: refused (footprint.statement.empty-period); with --allow-empty a statement says there are none")

# Guard rails: a customer not in the input, and a period that ends before it starts (issue 15).
out = run("statement", *common, "-s", str(plain), "--customer", "nobody", "--from", "2020-01-01", "--to",
          "2030-12-31", "-o", str(work / "nobody.json"), "--format", "json", expect=1)
assert "[footprint.statement.unknown-customer]" in out and "'nobody'" in out, out
assert not (work / "nobody.json").exists()
out = run("statement", *common, "-s", str(plain), *customer, "--from", "2021-06-30", "--to", "2021-01-01",
          "-o", str(work / "reversed.json"), "--format", "json", expect=1)
assert "[footprint.statement.period]" in out and not (work / "reversed.json").exists(), out
print("guard rails: unknown customer and reversed period refused, nothing written")

# explain: the integer grams match the per-shipment results.
run("compute", *common, "-s", str(plain), "-o", str(work / "results.csv"), "-q")
with open(work / "results.csv", newline="") as f:
    res = next(r for r in csv.DictReader(f) if r["shipment_id"] == target[0])
out = run("explain", *common, "-s", str(plain), "--shipment", target[0])
m = re.search(r"ER = BE - PE - LE = (-?\d+) g", out)
assert m and int(m[1]) == int(res["ER_g"]), (m and m[1], res["ER_g"])
# factor look-ups show how the factor was chosen (since 2.1.0 the vehicle's through its class)
assert "look-up:" in out and ("factor(" in out or "vehicle_per_km(" in out), out
print(f"explain: {target[0]} derives ER {res['ER_g']} g, as in the results")

# --all-customers: ids that differ only in characters a file name cannot hold get distinct
# files (a/b and a:b both sanitise to a_b); a plain id keeps its own name.
head, first = lines[0], lines[1].split(",")
odd = work / "odd-customers.csv"
rows = [head]
for i, cust in enumerate(["a/b", "a:b", "plain-01", ".hidden"]):
    row = list(first)
    row[0], row[1] = f"X{i}", cust
    rows.append(",".join(row))
odd.write_text("\n".join(rows) + "\n")
run("statement", *common, "-s", str(odd), "--all-customers", "--from", "2000-01-01", "--to", "2099-12-31",
    "-o", str(work / "odd"), "--format", "json")
made = sorted(p.name for p in (work / "odd").iterdir())
import hashlib
tag = {c: hashlib.sha256(c.encode()).hexdigest()[:8] for c in ("a/b", "a:b", ".hidden")}
assert made == sorted([f"a_b-{tag['a/b']}.json", f"a_b-{tag['a:b']}.json", "plain-01.json",
                       f"_hidden-{tag['.hidden']}.json"]), made
assert json.loads((work / "odd" / f"a_b-{tag['a:b']}.json").read_text())["customer"] == "a:b"
print("--all-customers: one file per customer, even when ids sanitise alike")

# A statement built with a methodology file that is not bundled: verify needs that file (-m).
variant = work / "local-variant.yaml"
variant.write_text((Path(data) / "methodologies" / "reusable-packaging-reduction.yaml").read_text()
                   .replace("id: reusable-packaging-reduction", "id: local-variant", 1))
run("statement", "-m", str(variant), *src, "-s", str(plain), *customer, *period, "-o", str(work / "v.json"),
    "--format", "json")
assert json.loads((work / "v.json").read_text())["methodology"]["id"] == "local-variant"
out = run("verify", str(work / "v.json"), "-s", str(plain), *src, expect=1)  # no bundled methodology of that id
assert "local-variant" in out, out
out = run("verify", str(work / "v.json"), "-s", str(plain), "-m", str(variant), *src)
assert out.startswith("OK "), out
# ... and the file must be the one recorded: the bundled methodology under -m is refused.
out = run("verify", str(work / "v.json"), "-s", str(plain), "-m", "reusable-packaging-reduction", *src, expect=1)
assert "[footprint.verify.methodology]" in out, out
print("verify -m FILE: a statement made with a methodology file verifies against that file only")
