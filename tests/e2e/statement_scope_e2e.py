"""End-to-end checks of format-2 statements (issue 15: one customer per
statement, pinned inputs; issue 14 bug 6: edits of rejected rows).

- A demo-like input (`footprint sample --defects`, plus one row the plan
  rejects) gives, with `statement --all-customers`, one statement per customer
  in format footprint-statement/2; the rows whose customer cannot be read are
  in no statement and `statement` names them on standard error.
- Each customer's statement, built from the whole file, verifies with a file
  holding only that customer's rows; its JSON names no other customer and no
  product only other customers ship; its counts are that customer's rows.
- Editing a row the plan rejected (its distances, or its customer) makes
  `verify` fail; format 1 covered only the error id of such a row, so both
  edits verified OK (issue 14 bug 6).
- A statement built with a catalog copy whose design life was changed names,
  when verified with the bundled catalog, the catalog file that differs, with
  both digests (recomputed here with hashlib as `sha256sum` would).

Usage: statement_scope_e2e.py FOOTPRINT DATA_DIR FACTOR_SET WORK_DIR
"""
import csv
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

fp, data, factors, work = sys.argv[1], Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
common = ["-m", "reusable-packaging-reduction", "--data", str(data), "--factors", factors]
src = ["--data", str(data), "--factors", factors]
period = ["--from", "2020-06-01", "--to", "2021-07-31"]
CUSTOMERS = ("appliance-anhui-01", "auto-parts-hubei-01", "chem-jiangsu-01")


def run(*args, expect=0):
    r = subprocess.run([fp, *args], capture_output=True)
    out, err = r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")
    assert r.returncode == expect, (args, r.returncode, out, err)
    return out, err


# ---- the input: the demo's sample with its defects, and one row the plan rejects ----
full = work / "full.csv"
out, _ = run("sample", "--rows", "3000", "--seed", "7", "--defects", "-o", str(full))
lines = full.read_bytes().split(b"\n")
if lines[-1] == b"":
    lines = lines[:-1]
header, body = lines[0], lines[1:]
# The seeded defects, as `sample` lists them ("line N: ERROR-ID (what)"): each is rejected when read.
defective = {body[int(m.group(1)) - 2] for m in re.finditer(r"^line (\d+): ", out, re.M)}
assert len(defective) == 12, out
# The plan rejects a shipment whose project packaging is single use (applicability A1).
plan_rejected = b"X-PLAN-1,chem-jiangsu-01,2021-03-01,5,steel-drum-208l-sheet,steel-drum-208l-sheet,100,90,CN-Jiangsu,1"
body.append(plan_rejected)


def fields_of(line):
    """The fields of a one-line record, or None when the line is not UTF-8 (the reader refuses it)."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return next(csv.reader([text]))


width = len(fields_of(header))
# The sample's duplicate-id defect reuses the previous row's id. When that row is
# another customer's, the duplicate is rejected because of a row the customer's own
# file does not have: a statement then cannot be verified from one customer's rows
# (docs/statements.md, "Rejected rows"). The check below is about everything else,
# so such a pair is taken out of the input.
ids = [(fields_of(l) or [None, None])[:2] for l in body]
for i in range(1, len(body)):
    if ids[i][0] is not None and ids[i][0] == ids[i - 1][0] and ids[i][1] != ids[i - 1][1]:
        print(f"input: duplicate id {ids[i][0]} of two customers taken out")
        del body[i]
        break
full.write_bytes(b"\n".join([header] + body) + b"\n")

# Each customer's rows: those whose customer field can be read (the header's
# number of fields, UTF-8, not empty); the others belong to no customer.
split = {c: [] for c in CUSTOMERS}
nobody = []  # file line numbers
for n, line in enumerate(body, start=2):
    f = fields_of(line)
    customer = f[1].strip() if f is not None and len(f) == width else ""
    if customer in split:
        split[customer].append(line)
    else:
        nobody.append(n)
assert len(nobody) == 3, nobody  # the sample's field-count, invalid UTF-8 and empty customer rows

# ---- one statement per customer, from the whole file ----
out_dir = work / "statements"
out, err = run("statement", *common, "-s", str(full), "--all-customers", *period, "-o", str(out_dir), "--format", "json")
for n in nobody:
    assert f"  line {n} " in err, (n, err)
assert "3 rejected rows are in no statement" in err, err
print(f"statement: rows of no readable customer reported on stderr (lines {nobody})")

products_of = {c: set() for c in CUSTOMERS}
for c, rows in split.items():
    for line in rows:
        f = fields_of(line)
        products_of[c].update({f[4], f[5]})
for c in CUSTOMERS:
    text = (out_dir / f"{c}.json").read_text(encoding="utf-8")
    doc = json.loads(text)
    assert doc["format"] == "footprint-statement/2", doc["format"]
    for other in CUSTOMERS:
        if other != c:
            assert other not in text, (c, other)
    foreign = set().union(*(products_of[o] for o in CUSTOMERS if o != c)) - products_of[c]
    for product in foreign:
        assert product not in text, (c, product)
    # The counts are this customer's rows: every row of its file, accepted or rejected; the
    # rejected ones are the seeded defects among them, and for chem the row the plan rejects.
    rows = doc["rows"]
    assert rows["in_file"] == len(split[c]), (c, rows, len(split[c]))
    rejected = sum(1 for line in split[c] if line in defective or line == plan_rejected)
    assert rows["rejected_in_file"] == rejected, (c, rows, rejected)
    assert rows["in_file"] == rows["accepted_in_file"] + rows["rejected_in_file"], rows
    assert rows["in_statement"] == doc["shipments"] == len(doc["shipment_rows"]), rows
    mine = out_dir / f"{c}.only.csv"
    mine.write_bytes(b"\n".join([header] + split[c]) + b"\n")
    out, _ = run("verify", str(out_dir / f"{c}.json"), "-s", str(mine), *src)
    assert out.startswith("OK"), out
    print(f"{c}: {rows['in_file']} rows ({rows['rejected_in_file']} rejected), no other customer or product "
          f"named; verifies with its own rows only")

chem = json.loads((out_dir / "chem-jiangsu-01.json").read_text())

# ---- issue 14 bug 6: an edit of a row the plan rejected is seen ----
for what, edited in (("distances", plan_rejected.replace(b",100,90,", b",300,290,")),
                     ("customer", plan_rejected.replace(b"chem-jiangsu-01", b"auto-parts-hubei-01"))):
    doctored = work / f"doctored-{what}.csv"
    doctored.write_bytes(b"\n".join([header] + [edited if l == plan_rejected else l for l in body]) + b"\n")
    out, _ = run("verify", str(out_dir / "chem-jiangsu-01.json"), "-s", str(doctored), *src, expect=1)
    assert out.startswith("FAIL") and "[footprint.verify.difference] first differing field /" in out, out
    print(f"verify: the plan-rejected row's {what} edited: FAIL at {re.search(r'field (/[^:]+):', out).group(1)}")

# ---- pinned inputs: a catalog copy with another design life ----
bundled = data / "methodologies" / "catalog"
copy = work / "catalog"
shutil.copytree(bundled, copy)
ibc = copy / "foldable-ibc-1000l-pool.yaml"
text = ibc.read_text(encoding="utf-8")
assert "\ndesign_life_trips: 25\n" in text
ibc.write_text(text.replace("\ndesign_life_trips: 25\n", "\ndesign_life_trips: 40\n"), encoding="utf-8")
sha = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()
made = work / "chem-copy.json"
run("statement", *common, "--catalog", str(copy), "-s", str(full), "--customer", "chem-jiangsu-01", *period,
    "-o", str(made), "--format", "json")
pinned = {e["file"]: e["digest"] for e in json.loads(made.read_text())["inputs"]["catalog"]}
assert pinned["foldable-ibc-1000l-pool.yaml"] == sha(ibc), pinned
out, _ = run("verify", str(made), "-s", str(full), *src, expect=1)
expected = (f"[footprint.verify.input] catalog differs: foldable-ibc-1000l-pool.yaml digest {sha(ibc)} recorded, "
            f"{sha(bundled / 'foldable-ibc-1000l-pool.yaml')} now")
assert expected in out, out
assert out.count("[footprint.verify.input]") == 1, out  # only that file differs
print("verify: a catalog copy with another design life is named: foldable-ibc-1000l-pool.yaml")

# The statement built with the bundled catalog pins exactly the chemical customer's catalog files,
# each with the digest sha256sum gives.
pinned = {e["file"]: e["digest"] for e in chem["inputs"]["catalog"]}
for file, digest in pinned.items():
    assert digest == sha(bundled / file), file
# Its rows carry these two products; the sample has no vehicle_class column, so every trip
# is read as the default class, the articulated HGV.
assert set(pinned) == {"foldable-ibc-1000l-pool.yaml", "steel-drum-208l-sheet.yaml",
                       "vehicle-classes/artic-33t-plus.yaml"}, pinned
print(f"inputs: the chemical customer's statement pins {sorted(pinned)}")
