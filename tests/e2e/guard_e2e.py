"""End-to-end checks of issue 15's guard rails and machine-readable outputs, with the command.

- Overrides outside the ranges the methodology declares are refused, every one
  at once, naming parameter, value and range, and nothing is written
  (`compute` and `statement`); overrides at the ends of a range are accepted.
- `verify --register`: a statement issued as it is passes and names its
  issuance; one made again for the same customer and period (another digest)
  fails naming the statement issued instead; a statement never issued fails.
- `--json` of `statement`, `verify` (with --trusted and --register), `explain`,
  `sign` and `register add | list | show`: parsed, and each value checked
  against the statement file, the register or a hand-worked trip.

Usage: guard_e2e.py FOOTPRINT DATA_DIR FACTOR_SET WORK_DIR
"""
import json
import shutil
import subprocess
import sys
from pathlib import Path

fp, data, factors, work = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
src = ["--data", data, "--factors", factors]
M = ["-m", "reusable-packaging-reduction"]


def run(*args, expect=0):
    r = subprocess.run([fp, *map(str, args)], capture_output=True, text=True, cwd=work)
    assert r.returncode == expect, (args, r.returncode, r.stdout, r.stderr)
    return r


(work / "shipments.csv").write_text("""\
shipment_id,customer_id,date,units,reusable_product,baseline_product,loaded_distance[km],return_distance[km],grid_region,washed,vehicle_class
SVC-0001,chem-jiangsu-01,2021-01-09,20,foldable-ibc-1000l-pool,steel-drum-208l-sheet,225.0,225.0,CN-Jiangsu,1,artic-33t-plus
SVC-0002,chem-jiangsu-01,2021-01-18,15,foldable-ibc-1000l-pool,steel-drum-208l-sheet,75.8,69.8,CN-Shanghai,1,artic-33t-plus
SVC-0005,chem-jiangsu-01,2021-03-09,8,foldable-ibc-1000l-pool,steel-drum-208l-sheet,45.0,42.4,CN-Jiangsu,1,artic-33t-plus
SVC-0007,chem-jiangsu-01,2021-04-02,12,foldable-ibc-1000l-pool,steel-drum-208l-sheet,201.4,194.0,CN-Jiangsu,1,artic-33t-plus
IBC-R,chem-jiangsu-01,2023-05-01,1,foldable-ibc-1000l-pool,steel-drum-208l-sheet,100,100,CN-East,1,rigid-7.5-17t
SVC-0009,auto-parts-hubei-01,2021-01-30,30,euo-pallet-unit,carton-pallet-load,187.0,183.3,CN-Jilin,0,artic-33t-plus
""")

# ---- 1. override ranges -------------------------------------------------------------
r = run("compute", *M, *src, "-s", "shipments.csv", "-o", "bad.csv", "--set", "annual_loss=-0.5",
        "--set", "cycles_per_year=0", "--set", "residue_share_project=10", expect=1)
err = r.stderr
assert err.count("[footprint.plan.override-range]") == 3, err
assert "override annual_loss=-0.5 is outside the range [0, 0.99] that reusable-packaging-reduction 2.2.0 declares" in err, err
assert "override cycles_per_year=0 is outside the range [1, 365]" in err, err
assert "override residue_share_project=10 is outside the range [0, 1]" in err, err
assert "footprint: 3 problems found; nothing was written" in err, err
assert not (work / "bad.csv").exists()
r = run("statement", *M, *src, "-s", "shipments.csv", "--customer", "chem-jiangsu-01", "--from", "2021-01-01",
        "--to", "2021-03-31", "-o", "bad.json", "--set", "annual_loss=10", expect=1)
assert "[footprint.plan.override-range] annual_loss: override annual_loss=10 is outside the range [0, 0.99]" in r.stderr, r.stderr
assert not (work / "bad.json").exists()
# The ends of a range are inside it.
run("compute", *M, *src, "-s", "shipments.csv", "-o", "ends.csv", "--set", "annual_loss=0.99", "--set", "cycles_per_year=365")
# A value must be a number as a whole: a stream read "0.5abc" as 0.5 and went on. Each bad --set is
# reported: trailing text, a decimal comma, inf, no '=' and no name, five problems.
r = run("compute", *M, *src, "-s", "shipments.csv", "-o", "bad.csv", "--set", "annual_loss=0.5abc",
        "--set", "cycles_per_year=12,5", "--set", "design_life_trips=inf", "--set", "annual_loss",
        "--set", "=0.1", expect=1)
assert r.stderr.count("[footprint.cli.override]") == 5, r.stderr
assert "found 'annual_loss=0.5abc'" in r.stderr and "found 'cycles_per_year=12,5'" in r.stderr, r.stderr
assert "footprint: 5 problems found; nothing was written" in r.stderr and not (work / "bad.csv").exists()
# Exponents and a leading '+' are numbers: 1.5e1 = 15 cycles.
run("compute", *M, *src, "-s", "shipments.csv", "-o", "exp.csv", "--set", "cycles_per_year=1.5e1", "--set",
    "annual_loss=+0.02")

# ---- 2. statement --json --------------------------------------------------------------
r = run("statement", *M, *src, "-s", "shipments.csv", "--customer", "chem-jiangsu-01", "--from", "2021-01-01",
        "--to", "2021-03-31", "-o", "q1.json", "--format", "json,csv", "--json")
run_json = json.loads(r.stdout)
q1 = json.loads((work / "q1.json").read_text())
assert run_json["format"] == "footprint-statement-run/1" and run_json["skipped"] == [], run_json
[s] = run_json["statements"]
assert s["customer"] == "chem-jiangsu-01" and s["files"] == ["q1.json", "q1.csv"], s
assert s["statement_digest"] == q1["statement_digest"] and s["totals_g"] == q1["totals_g"], s
assert s["issuable_t"] == q1["issuable_t"] == q1["totals_g"]["reduction"] // 1_000_000, s
assert s["shipments"] == 3 and s["period"] == {"from": "2021-01-01", "to": "2021-03-31"}, s
assert s["methodology"]["version"] == "2.2.0" and s["methodology"]["digest"] == q1["methodology"]["digest"], s
r = run("statement", *M, *src, "-s", "shipments.csv", "--all-customers", "--from", "2021-04-01", "--to", "2021-06-30",
        "-o", "q2", "--format", "json", "--json")
run_json = json.loads(r.stdout)
assert [x["customer"] for x in run_json["statements"]] == ["chem-jiangsu-01"], run_json
assert run_json["skipped"] == ["auto-parts-hubei-01"], run_json

# ---- 3. register and verify --register ----------------------------------------------
run("keys", "generate", "--out", "keys", "--name", "operator")
signed = json.loads(run("sign", "q1.json", "--key", "keys/operator.key.pem", "--signer", "Operator Ltd", "--role",
                        "preparer", "--time", "2026-12-05T06:00:00Z", "--json").stdout)
assert signed["signatures"] == 1 and signed["signature_file"] == "q1.sig.json", signed
assert signed["signature"]["statement_digest"] == q1["statement_digest"], signed
assert signed["signature"]["signed_at"] == "2026-12-05T06:00:00Z" and signed["signature"]["role"] == "preparer", signed
added = json.loads(run("register", "add", "q1.json", "--register", "reg.sqlite", "--time", "2026-12-05T06:01:00Z",
                       "--json").stdout)
assert added["number"] == 1 and added["statement_digest"] == q1["statement_digest"], added
assert added["issued_t"] == q1["issuable_t"] and added["reduction_g"] == q1["totals_g"]["reduction"], added
assert added["period"] == {"from": "2021-01-01", "to": "2021-03-31"}, added
assert [x["signer"] for x in added["signatures"]] == ["Operator Ltd"], added
listed = json.loads(run("register", "list", "--register", "reg.sqlite", "--json").stdout)
assert listed["format"] == "footprint-register/1" and listed["issuances"] == [added], listed
shown = json.loads(run("register", "show", q1["statement_digest"][:12], "--register", "reg.sqlite", "--json").stdout)
assert shown == added, shown

verify = ["verify", "q1.json", "-s", "shipments.csv", *src]
out = run(*verify, "--register", "reg.sqlite").stdout
assert out.startswith("OK   q1.json is identical"), out
assert (f"     register reg.sqlite: issuance 1, chem-jiangsu-01 2021-01-01 to 2021-03-31, reusable-packaging-reduction "
        f"2.2.0, {q1['issuable_t']} t (reduction {q1['totals_g']['reduction']} g), recorded 2026-12-05T06:01:00Z") in out, out

# The same customer and quarter made again with another loss: a statement that verifies, but is not the one issued.
run("statement", *M, *src, "-s", "shipments.csv", "--customer", "chem-jiangsu-01", "--from", "2021-01-01",
    "--to", "2021-03-31", "-o", "q1-lossy.json", "--format", "json", "--set", "annual_loss=0.15")
lossy = json.loads((work / "q1-lossy.json").read_text())
assert lossy["totals_g"]["reduction"] < q1["totals_g"]["reduction"], "a higher loss lowers the reduction"
r = run("verify", "q1-lossy.json", "-s", "shipments.csv", *src, "--register", "reg.sqlite", expect=1)
assert r.stdout.startswith("OK   q1-lossy.json is identical"), r.stdout
assert "FAIL q1-lossy.json: not issued as it is in reg.sqlite" in r.stdout, r.stdout
assert "[footprint.register.not-issued]" in r.stdout and q1["statement_digest"] in r.stdout, r.stdout
# A quarter never issued.
run("statement", *M, *src, "-s", "shipments.csv", "--customer", "chem-jiangsu-01", "--from", "2021-04-01",
    "--to", "2021-06-30", "-o", "q2.json", "--format", "json")
r = run("verify", "q2.json", "-s", "shipments.csv", *src, "--register", "reg.sqlite", expect=1)
assert "[footprint.register.not-issued] the register has no statement with this digest, and none for chem-jiangsu-01" in r.stdout, r.stdout

# ---- 4. verify --json -----------------------------------------------------------------
(work / "trusted.pem").write_text((work / "keys" / "operator.pub.pem").read_text())
v = json.loads(run(*verify, "--register", "reg.sqlite", "--trusted", "trusted.pem", "--json").stdout)
assert v["format"] == "footprint-verify/1" and v["ok"] is True and v["identical"] is True, v
assert v["statement_digest"] == {"recorded": q1["statement_digest"], "computed": q1["statement_digest"], "sealed": True}, v
assert v["first_difference"] is None and v["differing_shipments"] == [] and v["problems"] == [], v
assert v["signatures"]["ok"] is True and v["signatures"]["signatures"][0]["signer"] == "Operator Ltd", v
assert v["register"]["ok"] is True and v["register"]["issuance"] == added, v
v = json.loads(run("verify", "q1-lossy.json", "-s", "shipments.csv", *src, "--register", "reg.sqlite", "--json",
                   expect=1).stdout)
assert v["ok"] is False and v["identical"] is True, v
assert v["register"]["issuance"] is None and [o["number"] for o in v["register"]["overlapping"]] == [1], v
assert [p["id"] for p in v["register"]["problems"]] == ["footprint.register.not-issued"], v
# A statement edited after it was made (a shipment count changed, digest left as it was).
edited = dict(q1, shipments=4)
(work / "edited.json").write_text(json.dumps(edited, indent=1, sort_keys=True) + "\n")
v = json.loads(run("verify", "edited.json", "-s", "shipments.csv", *src, "--register", "reg.sqlite", "--json",
                   expect=1).stdout)
assert v["ok"] is False and v["statement_digest"]["sealed"] is False, v
assert v["statement_digest"]["recorded"] == q1["statement_digest"] != v["statement_digest"]["computed"], v
assert v["first_difference"]["field"] == "/shipments" and v["first_difference"]["statement"] == "4", v
assert v["first_difference"]["rebuilt"] == "3", v
assert "footprint.verify.digest" in [p["id"] for p in v["problems"]], v

# ---- 5. explain --json ----------------------------------------------------------------
# One foldable IBC at 100 km by rigid truck, worked by hand in tests/CMakeLists.txt (e2e.explain.rigid-truck)
# and by tests/model/pairs_second_method.py: BE 251 995 g − PE 19 270 g = ER 232 725 g.
e = json.loads(run("explain", *M, *src, "-s", "shipments.csv", "--shipment", "IBC-R", "--json").stdout)
assert e["format"] == "footprint-explain/1" and e["shipment"] == "IBC-R", e
assert e["input"] == {"file": "shipments.csv", "line": 6}, e
assert e["totals_g"] == {"baseline": 251995, "project": 19270, "leakage": 0, "reduction": 232725}, e
row = {m["name"]: m["value"] for m in e["monitored"]}
assert row["vehicle_class"] == "rigid-7.5-17t" and row["units"] == "1" and row["loaded_distance"] == "100", row
for term, key in (("BE", "baseline"), ("PE", "project"), ("LE", "leakage")):
    assert sum(c["g"] for c in e["components"] if c["term"] == term) == e["totals_g"][key], (term, e["components"])
fixed = {c["label"]: c for c in e["constants"] if c["kind"] == "fixed"}
assert fixed["annual_loss"]["value"] == 0.02 and fixed["cycles_per_year"]["value"] == 6, fixed
# The text form names the same grams.
text = run("explain", *M, *src, "-s", "shipments.csv", "--shipment", "IBC-R").stdout
assert "ER = BE - PE - LE = 232725 g" in text, text
print("guard e2e: ok")
