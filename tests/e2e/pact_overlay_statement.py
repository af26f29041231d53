"""A supplier's PACT footprint taken in as an overlay changes a statement
as it should, and the statement names it (issue 17, Done when).

The supplier here is a power company whose PACT ProductFootprint declares
contract electricity at X kg CO2e per kWh (test data made below from the
steel-sheet test footprint: declared unit "kilowatt hour"). `factors
import-pact --activity electricity.grid --region CN-Jiangsu` makes it a
factor in an overlay set; the chemical customer's washing electricity in
CN-Jiangsu is then looked up there instead of the MEE/NBS 2022 East China
grid factor (0.5617 kg CO2/kWh, CN-East, which the bundled set holds).

What "as it should" means, by a second method: PE is linear in the factor
of the washing electricity, PE(f) = P0 + E × f with E the kWh washed in
CN-Jiangsu, so with two supplier values a = 0.2 and b = 0.4

    (PE_base − PE_a) / (PE_b − PE_a) = (0.5617 − 0.2) / (0.4 − 0.2) = 1.8085

whatever E is. Each statement sums grams rounded per shipment, so each PE
is off by at most half a gram per shipment; the tolerance below is that
bound carried through the ratio. BE and LE do not use the grid and must not
move. The statement of record names the supplier factor (factors_used chain,
from the overlay set), its source (the supplier, the footprint's URN) and
the overlay set (name, digest); the HTML rendering names the supplier;
`verify` with the overlay rebuilds it.

Usage: pact_overlay_statement.py FOOTPRINT SOURCE_DIR FACTOR_SET WORK_DIR
"""
import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path

fp, src, factors, work = sys.argv[1], Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)


def run(*args, ok=True):
    r = subprocess.run([fp, *map(str, args)], capture_output=True, text=True, cwd=work)
    if ok:
        assert r.returncode == 0, (args, r.returncode, r.stdout, r.stderr)
    return r


steel = json.loads((src / "tests" / "data" / "pact" / "supplier-steel-sheet.json").read_text())
ids = {"0.2": "7d1e0c52-3a9b-4f4e-8c2d-5b6a9e0f1a2b", "0.4": "7d1e0c52-3a9b-4f4e-8c2d-5b6a9e0f1a2c"}
for value, uuid in ids.items():
    power = copy.deepcopy(steel)
    power.update({"id": uuid, "companyName": "Example Green Power Co (test supplier)",
                  "companyIds": ["urn:pact:power.example.com:supplier-id:1"],
                  "productDescription": "Electricity supplied to the pool depot under a supply contract",
                  "productIds": ["urn:pact:power.example.com:product-id:ppa-1"],
                  "productNameCompany": "Contract electricity"})
    power["pcf"].update({"declaredUnitOfMeasurement": "kilowatt hour", "productMassPerDeclaredUnit": "0",
                         "pcfExcludingBiogenicUptake": value, "pcfIncludingBiogenicUptake": value,
                         "fossilGhgEmissions": value, "fossilCarbonContent": "0", "biogenicNonCO2Emissions": "0"})
    (work / f"power-{value}.json").write_text(json.dumps(power, indent=1))
    (work / f"overlay-{value}").mkdir()
    r = run("factors", "import-pact", f"power-{value}.json", "--activity", "electricity.grid", "--region",
            "CN-Jiangsu", "--into", f"overlay-{value}/power.yaml", "--factors", factors)
    assert f"factor pact.{uuid}" in r.stdout, r.stdout
    run("factors", "build", f"overlay-{value}", "-o", f"power-{value}.sqlite", "--name", f"power-{value}")

run("sample", "--rows", "3000", "-o", "shipments.csv")
common = ["-m", "reusable-packaging-reduction", "-s", "shipments.csv", "--customer", "chem-jiangsu-01",
          "--from", "2020-01-01", "--to", "2021-12-31", "--data", src, "--factors", factors]
run("statement", *common, "-o", "base.json", "--format", "json")
for value in ids:
    run("statement", *common, "--overlay", f"power-{value}.sqlite", "-o", f"st-{value}.json", "--format", "json,html")
base, a, b = (json.loads((work / f).read_text()) for f in ("base.json", "st-0.2.json", "st-0.4.json"))

# ---- the result moves as it should ----------------------------------------------------
for doc in (a, b):
    assert doc["totals_g"]["baseline"] == base["totals_g"]["baseline"], "BE moved: it uses no grid factor"
    assert doc["totals_g"]["leakage"] == base["totals_g"]["leakage"]
pe = {k: d["totals_g"]["project"] for k, d in (("base", base), ("a", a), ("b", b))}
assert pe["base"] > pe["b"] > pe["a"], pe
ratio = (pe["base"] - pe["a"]) / (pe["b"] - pe["a"])
expected = (0.5617 - 0.2) / (0.4 - 0.2)
rows = base["shipments"]
# Each PE is off by at most rows/2 g: the numerator and denominator by at most `rows` g each.
tolerance = rows * (1 + expected) / (pe["b"] - pe["a"])
assert abs(ratio - expected) <= tolerance, (ratio, expected, tolerance, pe)
assert tolerance < 0.01, f"the case no longer exercises the factor: tolerance {tolerance}"

# ---- the statement names the supplier's factor, its source and the overlay set ---------
fid = "pact." + ids["0.2"]
chains = [c for f in a["factors_used"] for c in f["chain"] if c["factor_id"] == fid]
assert chains, "the supplier factor is not in the statement's factors_used"
assert all(c["fallback_path"][-1].endswith("from 'power-0.2'") for c in chains), chains[0]["fallback_path"]
assert any(s["id"] == fid and s["publisher"] == "Example Green Power Co (test supplier)"
           and s["url"] == "urn:uuid:" + ids["0.2"] for s in a["sources"]), a["sources"]
assert [s["name"] for s in a["factor_sets"]] == ["footprint-default", "power-0.2"], a["factor_sets"]
assert fid not in json.dumps(base)
html = (work / "st-0.2.html").read_text(encoding="utf-8")
assert "Example Green Power Co" in html and fid in html, "the HTML statement does not name the supplier"

# ---- and it verifies with the overlay it was built on ----------------------------------
r = run("verify", "st-0.2.json", "-s", "shipments.csv", "--data", src, "--factors", factors, "--overlay",
        "power-0.2.sqlite")
assert r.stdout.startswith("OK"), r.stdout
print(f"pact overlay: PE ratio {ratio:.5f} (expected {expected:.5f} ± {tolerance:.5f}); supplier named; verify OK")
