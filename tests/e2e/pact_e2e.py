"""End-to-end checks of PACT interchange (docs/interchange.md), with the command.

- `cfp PRODUCT --pact` for every bundled product writes a ProductFootprint
  that validates against tests/data/pact/productfootprint-3.0.checks.schema.json
  (a JSON Schema written from the PACT 3.0 specification's text) with
  python3-jsonschema, a check independent of the C++ one.
- Values worked out by hand for steel-drum-208l and the id recomputed in
  Python (UUID v5 of the SHA-256 of the content); the same inputs give the same
  id, another GWP set another one; `--all` writes an array; `--pact -` writes
  to standard output.
- Broken documents fail the schema, and `factors import-pact` refuses them
  naming every bad field by JSON pointer.
- A product with catalog exclusions and no --pact-exempted-percent, and a
  missing company, are refused (exit 1) with nothing written.
- `factors import-pact` turns the test supplier's footprint into a factor;
  built into an overlay set it changes the steel drum's raw-material stage
  from the worldsteel factor to the supplier's.

Usage: pact_e2e.py FOOTPRINT SOURCE_DIR FACTOR_SET WORK_DIR
"""
import copy
import hashlib
import json
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import jsonschema

fp, source, factors, work = sys.argv[1], Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
pact_data = source / "tests/data/pact"
schema = json.loads((pact_data / "productfootprint-3.0.checks.schema.json").read_text())
validator = jsonschema.Draft7Validator(schema)
owner = ["--pact-company", "Test Packaging Co", "--pact-company-id", "urn:pact:test.example:company-id:1"]
created = ["--pact-created", "2026-01-01T00:00:00Z"]


def run(*args, expect=0, stdin=None):
    r = subprocess.run([fp, *map(str, args)], capture_output=True, text=True, cwd=work, input=stdin)
    assert r.returncode == expect, (args, r.returncode, r.stdout, r.stderr)
    return r


def errors(doc):
    return sorted(e.message for e in validator.iter_errors(doc))


def expected_id(doc):
    body = {k: v for k, v in doc.items() if k not in ("id", "created")}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "urn:footprint:pact:" + hashlib.sha256(text.encode()).hexdigest()))


# ---- every bundled product validates --------------------------------------------------
products = sorted(p.stem for p in (source / "methodologies/catalog").glob("*.yaml"))
assert len(products) >= 10, products
for p in products:
    out = work / f"{p}.pact.json"
    run("cfp", p, "--pact", out, *owner, *created, "--pact-exempted-percent", "1", "--factors", factors)
    doc = json.loads(out.read_text())
    assert errors(doc) == [], (p, errors(doc))
    assert doc["id"] == expected_id(doc), p
    assert doc["specVersion"] == "3.0.3" and doc["pcf"]["crossSectoralStandards"] == ["ISO14067"]
    assert doc["pcf"]["declaredUnitOfMeasurement"] == "piece" and doc["pcf"]["declaredUnitAmount"] == "1"
print(f"{len(products)} products exported, all valid")

# ---- steel-drum-208l by hand ------------------------------------------------------------
drum = json.loads((work / "steel-drum-208l.pact.json").read_text())
pcf = drum["pcf"]
# Raw material: 18.1 kg steel x worldsteel 1.91 t CO2/t (GLO, 2021) = 34.571 kg; production
# stage: excluded in the catalog (no items), so the cradle-to-gate PCF is 34.571 kg CO2e.
assert pcf["pcfExcludingBiogenicUptake"] == "34.571", pcf
assert pcf["pcfIncludingBiogenicUptake"] == "34.571"
assert pcf["fossilGhgEmissions"] == "34.571" and pcf["biogenicNonCO2Emissions"] == "0.000"
# Distribution: 1.81 tkm x DESNZ 2025 HGV average laden WTW 0.12522 kg CO2e/tkm = 0.2266 kg -> 227 g.
assert pcf["outboundLogisticsGhgEmissions"] == "0.227", pcf
# Tare 18.1 kg; no polyolefin items, so no fossil carbon counted; worldsteel quality {3, 2, 1}
# is the only factor inside the gate, so the weighted DQRs are exactly 3, 2, 1.
assert pcf["productMassPerDeclaredUnit"] == "18.1" and pcf["fossilCarbonContent"] == "0"
assert pcf["dqi"] == {"technologicalDQR": "3", "geographicalDQR": "2", "temporalDQR": "1"}, pcf["dqi"]
assert pcf["ipccCharacterizationFactors"] == ["AR6"] and pcf["geographyCountry"] == "CN"
assert pcf["referencePeriodStart"] == "2023-01-01T00:00:00Z" and pcf["referencePeriodEnd"] == "2024-01-01T00:00:00Z"
assert pcf["exemptedEmissionsPercent"] == "1" and "drum manufacture" in pcf["exemptedEmissionsDescription"]
assert pcf["primaryDataShare"] == "0" and "packagingGhgEmissions" not in pcf
assert [s["version"] for s in pcf["secondaryEmissionFactorSources"]] == ["2023"]
assert drum["productIds"] == ["urn:pact:footprint:product-id:steel-drum-208l"]

# ---- the id: stable for the same inputs, new for other content ---------------------------
again = json.loads(run("cfp", "steel-drum-208l", "--pact", *owner, "--pact-exempted-percent", "1",
                       "--factors", factors).stdout)
assert again["id"] == drum["id"] and again["created"] != drum["created"], (again["id"], again["created"])
ar5 = json.loads(run("cfp", "steel-drum-208l", "--pact", "-", *owner, *created, "--pact-exempted-percent", "1",
                     "--gwp", "AR5", "--factors", factors).stdout)
assert ar5["id"] != drum["id"] and ar5["id"] == expected_id(ar5)
both = json.loads(run("cfp", "steel-drum-208l", "foldable-ibc-1000l", "--pact", "-", *owner, *created,
                      "--pact-exempted-percent", "1", "--factors", factors).stdout)
assert isinstance(both, list) and [d["productNameCompany"] for d in both][0] == drum["productNameCompany"]
assert all(errors(d) == [] for d in both)

# ---- refusals: nothing written -----------------------------------------------------------
r = run("cfp", "steel-drum-208l", "--pact", "no.json", *owner, "--factors", factors, expect=1)
assert "footprint.pact.exempted-unknown" in r.stderr and not (work / "no.json").exists(), r.stderr
r = run("cfp", "steel-drum-208l", "--pact", "no.json", "--pact-exempted-percent", "1", "--factors", factors, expect=1)
assert r.stderr.count("footprint.pact.option") == 2 and "company_name" in r.stderr, r.stderr
assert not (work / "no.json").exists()

# ---- broken documents fail the schema and the import -----------------------------------
broken = copy.deepcopy(drum)
del broken["pcf"]["fossilGhgEmissions"]
broken["pcf"]["dqi"]["temporalDQR"] = "9"
broken["pcf"]["pcfExcludingBiogenicUptake"] = 34.571
broken["companyIds"] = ["test-packaging"]
assert len(errors(broken)) == 4, errors(broken)
(work / "broken.json").write_text(json.dumps(broken))
r = run("factors", "import-pact", "broken.json", "--activity", "packaging.drum", "--into", "x.yaml",
        "--factors", factors, expect=1)
for pointer in ("/pcf/fossilGhgEmissions", "/pcf/dqi/temporalDQR", "/pcf/pcfExcludingBiogenicUptake",
                "/companyIds/0"):
    assert f"] {pointer}:" in r.stderr, (pointer, r.stderr)
assert r.stderr.count("footprint.pact.field") == 4 and not (work / "x.yaml").exists(), r.stderr

# The test supplier's bad file: twelve problems, each named (see the file).
bad = json.loads((pact_data / "supplier-bad.json").read_text())
assert len(errors(bad)) == 12, errors(bad)
r = run("factors", "import-pact", pact_data / "supplier-bad.json", "--activity", "material.steel", "--into",
        "x.yaml", "--factors", factors, expect=1)
for pointer in ("/id", "/created", "/companyIds/0", "/productNameCompany", "/pcf/declaredUnitOfMeasurement",
                "/pcf/declaredUnitAmount", "/pcf/pcfExcludingBiogenicUptake", "/pcf/fossilGhgEmissions",
                "/pcf/ipccCharacterizationFactors/1", "/pcf/crossSectoralStandards", "/pcf/packagingGhgEmissions",
                "/pcf/dqi/temporalDQR"):
    assert f"] {pointer}:" in r.stderr, (pointer, r.stderr)
assert r.stderr.count("footprint.pact.field") == 12, r.stderr
r = run("factors", "import-pact", "-", "--activity", "material.steel", "--into", "x.yaml", "--factors", factors,
        stdin="{not json", expect=1)
# nlohmann's parser stops at the third byte ("{no": not a literal), line 1, column 3.
assert "<stdin>:1:3: error [footprint.pact.json]" in r.stderr, r.stderr

# ---- import: the supplier's footprint as an overlay factor ------------------------------
supplier = json.loads((pact_data / "supplier-steel-sheet.json").read_text())
assert errors(supplier) == []
(work / "suppliers").mkdir()
r = run("factors", "import-pact", pact_data / "supplier-steel-sheet.json", "--activity", "material.steel",
        "--into", "suppliers/steel.yaml", "--factors", factors)
fid = "pact." + supplier["id"]
assert f"factor {fid}" in r.stdout, r.stdout
run("factors", "build", "suppliers", "-o", "suppliers.sqlite", "--name", "test-suppliers")
shown = json.loads(run("factors", "show", fid, "--json", "--factors", factors, "--overlay", "suppliers.sqlite").stdout)
text = json.dumps(shown)
assert '"material.steel"' in text and "kg CO2e/kg" in text, text
assert "technological" in text and "2024" in text, text

base = json.loads(run("cfp", "steel-drum-208l", "--json", "--factors", factors).stdout)
over = json.loads(run("cfp", "steel-drum-208l", "--json", "--factors", factors, "--overlay", "suppliers.sqlite").stdout)


def raw_grams(doc):
    return [s for s in doc["per_unit"]["stages"] if s["stage"] == "raw_material"][0]["g_co2e"]


# 18.1 kg x 1.91 kg CO2/kg (worldsteel) = 34 571 g; with the supplier: 18.1 kg x 2.0 kg CO2e/kg = 36 200 g.
assert raw_grams(base) == 34571 and raw_grams(over) == 36200, (raw_grams(base), raw_grams(over))
assert fid in json.dumps(over)
# The PACT export over the overlay counts the supplier's figure as primary data: 100 %.
pf = json.loads(run("cfp", "steel-drum-208l", "--pact", *owner, *created, "--pact-exempted-percent", "1",
                    "--factors", factors, "--overlay", "suppliers.sqlite").stdout)
assert pf["pcf"]["pcfExcludingBiogenicUptake"] == "36.200" and pf["pcf"]["primaryDataShare"] == "100"
# Supplier DQRs 1.6, 2.0, 1.2 round to 2, 2, 1.
assert pf["pcf"]["dqi"] == {"technologicalDQR": "2", "geographicalDQR": "2", "temporalDQR": "1"}, pf["pcf"]["dqi"]
assert pf["id"] != drum["id"] and errors(pf) == []
print("pact: ok")
