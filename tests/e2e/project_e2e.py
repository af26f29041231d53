"""End-to-end checks of the CCER project commands on the demo ledger.

- `footprint project check` accepts examples/projects/demo-project.yaml.
- `footprint monitoring-report` on the demo's ledger (300 000 shipments, June
  2020 - July 2021): its per-parameter summaries per month (count, mean, min,
  max, median; value counts of categorical parameters) agree with pandas
  reading the ledger's stored rows itself; every QA/QC check runs and finds
  nothing but the one seeded row the demo's import refused for its range
  (units 250000); each customer's ER is the one of the demo's own statement
  for the same period (built by `footprint statement`), linked by the same
  statement digest; the report's
  digest is its content's; a second run gives the same bytes; the washing
  share per customer and month agrees with pandas; a format-1 report of record
  still verifies.
- `footprint estimate --compare` on the same report: the ex-ante estimate
  for the 14 months agrees with what the ledger realised, per customer, for
  trips, BE, PE and ER, within four standard deviations of the realised
  total plus 0.1 %. The demo draws each shipment's customer, units and
  distances at random (fixed seed), so realised totals scatter around the
  expectation; the standard deviation of a customer's total is estimated
  from the shipments themselves, sqrt(N var(X)) with X a shipment's value
  for that customer (0 for another customer's shipment) over the N
  shipments: 0.25 % to 0.52 % of the totals. The 0.1 % covers the
  estimate's own approximations (return distances truncated to 0.1 km in
  the sample, 224.95 km mean against 225; one unit's trip rounded to whole
  grams against one shipment's), each below 0.05 %.

Usage: project_e2e.py FOOTPRINT DATA_DIR FACTOR_SET WORK_DIR
"""
import io
import json
import hashlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd

fp, data, factors, work = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4])
fp, data, factors = (str(Path(a).resolve()) if Path(a).exists() else a for a in (fp, data, factors))  # run from another cwd below
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
src = ["--data", data, "--factors", factors]
project = str(Path(data) / "examples" / "projects" / "demo-project.yaml")


def run(*args):
    r = subprocess.run([fp, *args], capture_output=True, text=True)
    assert r.returncode == 0, f"{args}: exit {r.returncode}\n{r.stdout}\n{r.stderr}"
    return r.stdout


run("project", "check", "-p", project, *src)
run("demo", "-o", str(work / "demo"), *src)
ledger = work / "demo" / "ledger.sqlite"
report_args = ["monitoring-report", "-p", project, "-s", str(ledger), "--from", "2020-06-01", "--to", "2021-07-31", *src]
run(*report_args, "-o", str(work / "report"))
run(*report_args, "-o", str(work / "report2"), "--format", "json")
text = (work / "report" / "monitoring-report.json").read_text()
assert text == (work / "report2" / "monitoring-report.json").read_text(), "two runs differ"
report = json.loads(text)

# The digest: SHA-256 of the compact, key-sorted JSON without report_digest.
body = dict(report)
digest = body.pop("report_digest")
canon = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
assert hashlib.sha256(canon.encode()).hexdigest() == digest

# pandas on the ledger's stored rows.
db = sqlite3.connect(ledger)
header = db.execute("SELECT value FROM ledger_info WHERE key = 'header'").fetchone()[0]
rows = [r[0] for r in db.execute("SELECT row FROM shipments")]
df = pd.read_csv(io.StringIO(header + "\n" + "\n".join(rows) + "\n"), dtype={"customer_id": str})
df["month"] = df["date"].str[:7]
assert len(df) == report["source"]["rows_in_period"] == 300000 - 12
params = {p["name"]: p for p in report["parameters"]}
for name in ["units", "loaded_distance", "return_distance", "washed"]:
    g = df.groupby("month")[name]
    stats = pd.DataFrame({"count": g.count(), "mean": g.mean(), "min": g.min(), "max": g.max(), "p50": g.median()})
    months = params[name]["months"]
    assert sorted(months) == sorted(stats.index), name
    for month, s in stats.iterrows():
        m = months[month]
        assert m["count"] == s["count"], (name, month)
        for k in ["mean", "min", "max", "p50"]:
            assert abs(float(m[k]) - s[k]) <= 1e-9 * max(1.0, abs(s[k])), (name, month, k, m[k], s[k])
for name in ["reusable_product", "baseline_product", "grid_region"]:
    counts = df.groupby(["month", name]).size()
    for month, m in params[name]["months"].items():
        for value, n in m["values"].items():
            assert counts[(month, value)] == n, (name, month, value)
        assert m["count"] == (df["month"] == month).sum()

# QA/QC: nothing flagged on the demo; the import refused one row for its units' range.
checks = {c["id"]: c for c in report["qaqc"]}
assert set(checks) == {"range.units", "range.loaded_distance", "range.return_distance", "outlier.loaded_distance",
                       "outlier.return_distance", "return-vs-loaded", "project-line", "units-vs-pool", "cycles", "gaps",
                       "duplicates", "washing-share", "loss"}, sorted(checks)
for cid, c in checks.items():
    assert c["flagged"] == 0, (cid, c["examples"][:3])
    assert c["quarantined"] == (1 if cid == "range.units" else 0), (cid, c["quarantined"])
assert checks["range.units"]["examples"][0]["detail"].startswith("refused at import")
# Washing share per customer and month with pandas (units of washed shipments / units) against the project's
# washed_share: the demo draws each shipment's flag with that probability, so each month is within 0.1 (the
# default tolerance; the demo project sets none): 3 customers x 14 months checked.
declared = {"chem-jiangsu-01": 1.0, "auto-parts-hubei-01": 0.7, "appliance-anhui-01": 0.5}
w = df.assign(wu=df["units"] * df["washed"]).groupby(["customer_id", "month"])[["wu", "units"]].sum()
off = [(c, m) for (c, m), r in w.iterrows() if abs(r["wu"] / r["units"] - declared[c]) > 0.1]
assert checks["washing-share"]["checked"] == len(w) == 42 and off == [], (len(w), off)
assert report["format"] == "footprint-monitoring-report/2"
# Losses: the demo's loss record (a generated sample, examples/projects/make_demo_loss_record.py, which must
# reproduce the committed file) against annual_loss 0.02: 3 products x (14 months + the period) checked, none
# above 0.02 x 1.5 a year. The largest month, worked by hand from the file: every monthly count is drawn within
# about 3 sd (sqrt(lambda), 6 % of lambda) of pool x 0.02 x days / 365.25.
projects = Path(data) / "examples" / "projects"
subprocess.run([sys.executable, str(projects / "make_demo_loss_record.py"), str(work / "losses.csv")], check=True)
assert (work / "losses.csv").read_bytes() == (projects / "demo-loss-record.csv").read_bytes()
assert report["loss_record"] == {"file": "demo-loss-record.csv", "rows": 42,
                                 "digest": hashlib.sha256((projects / "demo-loss-record.csv").read_bytes()).hexdigest()}
assert checks["loss"]["applicable"] and checks["loss"]["checked"] == 45
losses = pd.read_csv(projects / "demo-loss-record.csv")
pools = {"foldable-ibc-1000l-pool": 172551, "euo-pallet-unit": 646261, "foldable-pallet-box-pool": 227210}
days = pd.to_datetime(losses["month"] + "-01").dt.days_in_month
rate = losses["units_written_off"] / losses["reusable_product"].map(pools) * 365.25 / days
assert rate.max() <= 0.03 and rate.min() > 0.01, (rate.min(), rate.max())

# ER per customer: the statements `footprint statement` builds from the same ledger, period and methodology
# (the project pins reusable-packaging-reduction@2.1.0), linked by the same statement digest.
run("statement", "-m", "reusable-packaging-reduction@2.1.0", *src, "-s", str(ledger), "--all-customers",
    "--from", "2020-06-01", "--to", "2021-07-31", "-o", str(work / "statements"), "--format", "json")
own = {}
for f in (work / "statements").glob("*.json"):
    s = json.loads(f.read_text())
    own[s["customer"]] = s
assert len(report["emission_reductions"]["customers"]) == 3
for c in report["emission_reductions"]["customers"]:
    s = own[c["customer"]]
    assert c["statement_digest"] == s["statement_digest"], c["customer"]
    assert c["reduction_g"] == s["totals_g"]["reduction"]
    linked = json.loads((work / "report" / "statements" / (c["statement_digest"] + ".json")).read_text())
    assert linked["statement_digest"] == c["statement_digest"]
# The demo's published results (docs): appliance 3 506.934587 t, auto 28 943.495809 t, chem 280 704.059304 t.
er = {c["customer"]: c["reduction_g"] for c in report["emission_reductions"]["customers"]}
assert er == {"appliance-anhui-01": 3506934587, "auto-parts-hubei-01": 28943495809, "chem-jiangsu-01": 280704059304}, er

# Markdown and HTML say the same key figures.
md = (work / "report" / "monitoring-report.md").read_text()
html = (work / "report" / "monitoring-report.html").read_text()
assert "313154.489700" in md, "total ER in Markdown"
assert 'data-grams="313154489700"' in html

# verify: the report rebuilds bit for bit; an edited report fails on its digest and names the field.
out = run("project", "verify", str(work / "report" / "monitoring-report.json"), "-p", project, "-s", str(ledger), *src)
assert out.startswith("OK   "), out
edited = json.loads(text)
edited["emission_reductions"]["totals_g"]["reduction"] += 1
(work / "edited.json").write_text(json.dumps(edited, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
r = subprocess.run([fp, "project", "verify", str(work / "edited.json"), "-p", project, "-s", str(ledger), *src],
                   capture_output=True, text=True)
assert r.returncode == 1, r
assert "[footprint.verify.digest]" in r.stdout, r.stdout
assert "first differing field /emission_reductions/totals_g/reduction" in r.stdout, r.stdout

# A report of record in format 1 (tests/data/monitoring-reports/v1, made before the washing-share check, over the
# demo's shipments.csv named by a relative path) still verifies: rebuilt as format 1 from what it records.
record = Path(__file__).resolve().parents[1] / "data" / "monitoring-reports" / "v1" / "monitoring-report.json"
assert json.loads(record.read_text())["format"] == "footprint-monitoring-report/1"
r = subprocess.run([fp, "project", "verify", str(record), "-p", project, "-s", "shipments.csv", *src],
                   capture_output=True, text=True, cwd=work / "demo")
assert r.returncode == 0 and r.stdout.startswith("OK   "), r.stdout + r.stderr

# The ex-ante estimate against what the ledger realised.
run("estimate", "-p", project, *src, "-o", str(work / "estimate"), "--compare", str(work / "report" / "monitoring-report.json"))
comparison = json.loads((work / "estimate" / "estimate-comparison.json").read_text())
assert comparison["same_methodology"] is True
results = pd.read_csv(work / "demo" / "results.csv", usecols=["shipment_id", "customer_id", "BE_g", "PE_g", "ER_g"])
results = results.merge(df[["shipment_id", "units"]], on="shipment_id")
column = {"trips": "units", "BE_g": "BE_g", "PE_g": "PE_g", "ER_g": "ER_g"}
for c in comparison["customers"]:
    for q in c["quantities"]:
        if q["quantity"] == "LE_g":
            assert q["expected"] == "0" and q["monitored"] == "0"
            continue
        x = results[column[q["quantity"]]].where(results["customer_id"] == c["customer"], 0).astype(float)
        sd = (len(x) * x.var(ddof=0)) ** 0.5 / x.sum()
        assert abs(float(q["deviation"])) <= 4 * sd + 0.001, (c["customer"], q, sd)
        assert q["explanation_required"] is False  # every deviation is below the project's 10 %
estimate = json.loads((work / "estimate" / "estimate.json").read_text())
assert len(estimate["years"]) == 10
print("project e2e: report, QA/QC, pandas summaries, statements and estimate agree")
