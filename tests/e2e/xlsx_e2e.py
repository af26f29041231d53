"""Spreadsheets: `compute -o NAME.xlsx` and `statement --format xlsx` (issue 17).

The workbooks are opened with openpyxl (a reader independent of the writer,
libxlsxwriter) and checked against the files of record:

1. compute: the `results` sheet holds the same rows and numbers as the CSV
   results of the same run (date cells are the CSV's dates); every amount is
   a numeric cell; the `summary` sheet's totals equal the column sums of the
   CSV computed here with Python integers; the `quarantine` sheet holds the
   rows of the quarantine CSV, and its lines and error ids are the ones the
   sample's --defects list printed (12 seeded defects); a shipment id "=1+2"
   and a customer "@evil-cust" are text cells, and no sheet holds a formula
   (no <f> element in any sheet's XML). With a scenario that makes the BE
   total pass 2^53 g, the summary holds its exact digits as text (a double
   would round it) and each shipment, below 2^53, stays a number.
2. statement --customer: the JSON written with xlsx beside it is byte for
   byte the JSON written alone (the xlsx is a rendering, the digest does not
   move); the cover sheet's digest, format, methodology id and version,
   period and customer equal the JSON's; the totals sheet equals totals_g
   exactly, ER in tonnes is totals_g.reduction / 10^6; by month equals by_month.
3. statement --all-customers: one workbook per statement, each with its digest.
4. `-o -` with xlsx is refused (exit 2), naming xlsx; so is `--quarantine NAME.xlsx`.

Usage: xlsx_e2e.py FOOTPRINT SOURCE_DIR FACTOR_SET WORK_DIR
"""
import csv
import datetime
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl

fp, src, factor_set, work = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
common = ["-m", "reusable-packaging-reduction", "--data", src, "--factors", factor_set]


def run(*args, expect=0):
    r = subprocess.run([fp, *args], capture_output=True, text=True)
    assert r.returncode == expect, (args, r.returncode, r.stdout, r.stderr)
    return r


def rows_of(ws):
    """The sheet's rows as (header, list of value tuples), and its cells."""
    cells = list(ws.iter_rows())
    header = [c.value for c in cells[0]]
    return header, cells[1:]


def no_formulas(path):
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = z.read(name).decode()
                assert "<f>" not in xml and "<f " not in xml, f"{path}:{name} holds a formula"


# ---- the input: sample rows with the 12 seeded defects, and ids a spreadsheet would run
shipments = work / "s.csv"
listed = run("sample", "--rows", "120", "--seed", "5", "--defects", "-o", str(shipments)).stdout
defects = {int(m.group(1)): m.group(2) for m in re.finditer(r"^line (\d+): (\S+)", listed, re.M)}
assert len(defects) == 12, listed
text = shipments.read_text(encoding="latin-1")
lines = text.rstrip("\n").split("\n")
first = lines[1].split(",")
evil = ["=1+2", "@evil-cust"] + first[2:]
lines.append(",".join(evil))
shipments.write_bytes(("\n".join(lines) + "\n").encode("latin-1"))

# ---- 1. compute ------------------------------------------------------------------
run("compute", *common, "-s", str(shipments), "-o", str(work / "r.csv"), "-q")
run("compute", *common, "-s", str(shipments), "-o", str(work / "r.xlsx"), "-q")
no_formulas(work / "r.xlsx")
book = openpyxl.load_workbook(work / "r.xlsx", read_only=False)
assert book.sheetnames == ["summary", "results", "quarantine"], book.sheetnames

with (work / "r.csv").open(newline="") as f:
    csv_rows = list(csv.DictReader(f))
header, cells = rows_of(book["results"])
assert len(cells) == len(csv_rows) > 100, (len(cells), len(csv_rows))
gram_cols = [h for h in header if h.endswith(" (g CO2e)")]
assert gram_cols[:4] == ["BE (g CO2e)", "PE (g CO2e)", "LE (g CO2e)", "ER (g CO2e)"], header
for row, want in zip(cells, csv_rows):
    got = dict(zip(header, row))
    assert got["shipment_id"].data_type == "s" and got["shipment_id"].value == want["shipment_id"]
    assert got["customer_id"].value == want["customer_id"]
    assert got["date"].is_date and got["date"].value.date() == datetime.date.fromisoformat(want["date"])
    assert got["line"].value == int(want["line"])
    for h in gram_cols:
        c = got[h]
        assert c.data_type == "n", (h, c.value)  # a number cell, not text
        assert c.value == int(want[h.replace(" (g CO2e)", "_g")]), (h, c.value, want)
    assert got["implausible"].value == (want["implausible"] == "1")
evil_row = next(dict(zip(header, r)) for r in cells if r[0].value == "=1+2")
assert evil_row["customer_id"].value == "@evil-cust" and evil_row["customer_id"].data_type == "s"

summary = {r[0].value: r[1] for r in list(book["summary"].iter_rows())[1:]}
for term, col in [("BE", "BE_g"), ("PE", "PE_g"), ("LE", "LE_g"), ("ER", "ER_g")]:
    exact = sum(int(r[col]) for r in csv_rows)  # the second method: Python's integers over the CSV
    cell = summary[f"{term} (g CO2e)"]
    assert cell.data_type == "n" and cell.value == exact, (term, cell.value, exact)
assert summary["ER (t CO2e)"].value == sum(int(r["ER_g"]) for r in csv_rows) / 1e6
assert summary["accepted"].value == len(csv_rows)
assert summary["rows in"].value == len(lines) - 1  # every line after the header is one row
assert summary["rejected"].value == summary["rows in"].value - summary["accepted"].value == 12

with (work / "r.quarantine.csv").open(newline="", encoding="utf-8") as f:
    q_csv = list(csv.DictReader(f))
q_header, q_cells = rows_of(book["quarantine"])
assert q_header[:3] == ["line", "shipment_id", "error_id"], q_header
q_rows = [dict(zip(q_header, (c.value for c in r))) for r in q_cells]
assert {r["line"]: r["error_id"] for r in q_rows} == defects, (q_rows, defects)
for got, want in zip(q_rows, q_csv):
    assert got["line"] == int(want["line"]) and got["error_id"] == want["error_id"]
    assert (got["record"] or "") == want["record"], (got["record"], want["record"])
print(f"compute: {len(cells)} result rows and 12 quarantined rows equal the CSV files; totals exact")

# A total beyond 2^53 g is not exact as a spreadsheet number: it is written as its exact digits in a text cell,
# while each shipment (far below 2^53) stays a number. The scenario multiplies the goods' footprint.
big = ["--set", "goods_footprint_per_litre=200000000"]
run("compute", *common, "-s", str(shipments), "-o", str(work / "big.csv"), "-q", *big)
run("compute", *common, "-s", str(shipments), "-o", str(work / "big.xlsx"), "-q", *big)
with (work / "big.csv").open(newline="") as f:
    big_rows = list(csv.DictReader(f))
be = sum(int(r["BE_g"]) for r in big_rows)
assert be > 2**53 and all(abs(int(r["BE_g"])) < 2**53 for r in big_rows), be
bb = openpyxl.load_workbook(work / "big.xlsx")
big_summary = {r[0].value: r[1] for r in list(bb["summary"].iter_rows())[1:]}
assert big_summary["BE (g CO2e)"].data_type == "s" and big_summary["BE (g CO2e)"].value == str(be)
assert [c.value for c in next(bb["results"].iter_rows(min_row=2, max_row=2))][4] == int(big_rows[0]["BE_g"])
print(f"compute: a BE total of {be} g (over 2^53) is kept exact as text")

# ---- 2. statement --customer ------------------------------------------------------
period = ["--from", "2020-01-01", "--to", "2021-12-31"]
customer = csv_rows[0]["customer_id"]
run("statement", *common, "-s", str(shipments), "--customer", customer, *period, "-o", str(work / "alone.json"),
    "--format", "json")
run("statement", *common, "-s", str(shipments), "--customer", customer, *period, "-o", str(work / "st.json"),
    "--format", "json,xlsx")
assert (work / "st.json").read_bytes() == (work / "alone.json").read_bytes(), "the JSON changed with xlsx beside it"
doc = json.loads((work / "st.json").read_text())
no_formulas(work / "st.xlsx")
sb = openpyxl.load_workbook(work / "st.xlsx")
assert sb.sheetnames[:2] == ["statement", "totals"], sb.sheetnames
cover = {}
for r in list(sb["statement"].iter_rows(values_only=True))[1:]:
    cover.setdefault(r[0], r[1])
assert cover["statement digest"] == doc["statement_digest"], (cover["statement digest"], doc["statement_digest"])
assert cover["format"] == doc["format"] and cover["customer"] == doc["customer"] == customer
assert cover["methodology"] == doc["methodology"]["id"]
assert cover["methodology version"] == doc["methodology"]["version"]
assert (cover["period from"], cover["period to"]) == (doc["period"]["from"], doc["period"]["to"])
t_header, t_cells = rows_of(sb["totals"])
totals = dict(zip(t_header, t_cells[0]))
for term, key in [("BE", "baseline"), ("PE", "project"), ("LE", "leakage"), ("ER", "reduction")]:
    c = totals[f"{term} (g CO2e)"]
    assert c.data_type == "n" and c.value == doc["totals_g"][key], (term, c.value, doc["totals_g"])
assert totals["ER (t CO2e)"].value == doc["totals_g"]["reduction"] / 1e6
assert totals["issuable (t CO2e)"].value == doc["issuable_t"]
assert totals["shipments"].value == doc["shipments"]
m_header, m_cells = rows_of(sb["by month"])
months = {r[0].value: [c.value for c in r[1:]] for r in m_cells}
assert months == {m: [v["baseline_g"], v["project_g"], v["leakage_g"], v["reduction_g"], v["shipments"]]
                  for m, v in doc["by_month"].items()}, (months, doc["by_month"])
print(f"statement: digest {doc['statement_digest'][:16]} and totals on the sheets equal the JSON; JSON unchanged")

# ---- 3. --all-customers ----------------------------------------------------------
out = work / "all"
run("statement", *common, "-s", str(shipments), "--all-customers", *period, "-o", str(out), "--format", "json,xlsx")
jsons = sorted(out.glob("*.json"))
assert len(jsons) >= 2 and len(jsons) == len(list(out.glob("*.xlsx"))), list(out.iterdir())
for j in jsons:
    d = json.loads(j.read_text())
    wb = openpyxl.load_workbook(j.with_suffix(".xlsx"))
    digest = next(r[1] for r in wb["statement"].iter_rows(values_only=True) if r[0] == "statement digest")
    assert digest == d["statement_digest"], j
    assert next(wb["totals"].iter_rows(min_row=2, values_only=True))[4] == d["totals_g"]["reduction"], j
print(f"all customers: {len(jsons)} workbooks, each with its statement's digest and ER")

# ---- 4. standard output refused -----------------------------------------------------
r = run("statement", *common, "-s", str(shipments), "--customer", customer, *period, "-o", "-", "--format", "xlsx",
        expect=2)
assert "xlsx" in r.stderr and "standard output" in r.stderr, r.stderr
# The quarantine is a CSV file: a workbook name for it is a usage error, and nothing is written.
r = run("compute", *common, "-s", str(shipments), "-o", str(work / "q.csv"), "--quarantine", str(work / "q.xlsx"),
        expect=2)
assert "--quarantine" in r.stderr and not (work / "q.csv").exists() and not (work / "q.xlsx").exists(), r.stderr
print("xlsx: ok")
