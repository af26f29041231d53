"""`footprint cfp --uncertainty` and `factors show --json` on the bundled data:
every factor a product uses has a distribution (the source's range kept,
otherwise derived from its quality by the pedigree approach, GSD² checked here
by a second computation from the published factors); the Monte Carlo's
deterministic footprint equals `cfp --json`'s; the same seed gives the same
bytes with 1 and 2 threads and another seed does not.

Usage: cfp_uncertainty_e2e.py FOOTPRINT SOURCE_ROOT FACTOR_SET
"""
import json
import math
import os
import subprocess
import sys
import tempfile

fp, src, factors = sys.argv[1], sys.argv[2], sys.argv[3]
common = ["--data", src, "--factors", factors]
# Ciroth et al. (2016), GSD² per score 1..5; basic uncertainty 1.05.
TECH = [1.00, 1.18, 1.65, 2.08, 2.80]
GEO = [1.00, 1.04, 1.08, 1.11, 1.11]
TEMP = [1.00, 1.03, 1.10, 1.19, 1.29]


def run(*args, data=True):
    extra = common if data else ["--factors", factors]
    return subprocess.run([fp, *args, *extra], check=True, capture_output=True, text=True).stdout


def expected_gsd2(q):
    s = math.log(1.05) ** 2
    for table, score in ((TECH, q["technological"]), (GEO, q["geographical"]), (TEMP, q["temporal"])):
        if 1 <= score <= 5:
            s += math.log(table[score - 1]) ** 2
    return math.exp(math.sqrt(s))


product = "foldable-ibc-1000l-pool"
mc_json = run("cfp", product, "--uncertainty", "3000", "--seed", "11", "--json")
assert mc_json == run("cfp", product, "--uncertainty", "3000", "--seed", "11", "--json", "--threads", "2")
assert mc_json != run("cfp", product, "--uncertainty", "3000", "--seed", "12", "--json")
doc = json.loads(mc_json)
assert doc["format"] == "footprint-cfp-uncertainty/2" and doc["method"]["seed"] == 11
(p,) = doc["products"]
det = json.loads(run("cfp", product, "--json"))
det_trip_kg = sum(i["kg_co2e"] for s in det["per_trip"]["stages"] for i in s["items"])
assert abs(p["per_trip"]["deterministic"] - det_trip_kg) < 1e-9 * det_trip_kg, (p["per_trip"], det_trip_kg)
s = p["per_trip"]
assert s["p2_5"] <= s["p5"] <= s["median"] <= s["p95"] <= s["p97_5"], s
shares = 0.0
for f in p["factors"]:
    shown = json.loads(run("factors", "show", f["id"], "--json", data=False))["factors"][0]
    d = shown["distribution"]
    assert d == f["distribution"], f["id"]
    if shown["uncertainty"] is None:
        assert d["origin"] == "derived" and d["shape"] == "lognormal", f["id"]
        assert abs(d["gsd2"] - expected_gsd2(shown["quality"])) < 1e-12, (f["id"], d, shown["quality"])
    else:
        assert d["origin"] == "source", f["id"]
    assert -1 <= f["spearman_per_trip"] <= 1
    shares += f["variance_share_per_trip"]
assert abs(shares - 1) < 1e-9, shares
table = run("cfp", product, "--uncertainty", "500", "--seed", "3")
assert "sensitivity per trip" in table and p["factors"][0]["id"] in table, table
# Bundled catalog: no quantity declares a distribution (docs/uncertainty.md), so all are held.
assert p["quantities"] == [] and p["held"] and all(h["kind"] in ("quantity", "life") for h in p["held"]), p["held"]
assert "held at their values" in table, table

# Catalog quantities and lives with a distribution (fixtures, tests/data/cfp-uncertainty):
# the same bytes on 1 and 2 threads, drawn inputs listed with their kind, held ones named.
fixtures = os.path.join(src, "tests", "data", "cfp-uncertainty")


def run_fixture(*args):
    return subprocess.run([fp, *args, "--data", fixtures], capture_output=True, text=True)


one = run_fixture("cfp", "pool-mixed", "crate-life", "--uncertainty", "4001", "--seed", "8", "--json")
assert one.returncode == 0, one.stderr
assert one.stdout == run_fixture("cfp", "pool-mixed", "crate-life", "--uncertainty", "4001", "--seed", "8", "--json",
                                 "--threads", "2").stdout
mixed = json.loads(one.stdout)["products"][0]
assert {q["id"]: q["kind"] for q in mixed["quantities"]} == {
    "quantity:box": "quantity", "quantity:wash water": "quantity", "life:design_life_trips": "life", "life:pad": "life"}, \
    mixed["quantities"]
assert all(q["distribution"]["of"].startswith("multiplier of the") for q in mixed["quantities"])
assert {q["id"]: q["where"] for q in mixed["quantities"]}["quantity:box"] == "pool-mixed.yaml:13", mixed["quantities"]
assert "quantity:label" in [h["id"] for h in mixed["held"]]
assert abs(sum(x["variance_share_per_trip"] for x in mixed["factors"] + mixed["quantities"]) - 1) < 1e-9
text = run_fixture("cfp", "pool-mixed", "--uncertainty", "500", "--seed", "3").stdout
assert "life:design_life_trips" in text and "quantity:label" in text, text

# A bad uncertainty: on a catalog quantity: file, line, column and field in the message.
with tempfile.TemporaryDirectory() as tmp:
    cat_dir = os.path.join(tmp, "methodologies", "catalog")
    os.makedirs(cat_dir)
    os.symlink(os.path.join(fixtures, "factors"), os.path.join(tmp, "factors"))
    with open(os.path.join(fixtures, "methodologies", "catalog", "jar-normal.yaml"), encoding="utf-8") as f:
        jar = f.read().replace("{distribution: normal, sd: 1.5}", "{range: [1, 2]}")
    with open(os.path.join(cat_dir, "jar-normal.yaml"), "w", encoding="utf-8") as f:
        f.write(jar)
    bad = subprocess.run([fp, "cfp", "jar-normal", "--uncertainty", "10", "--data", tmp], capture_output=True, text=True)
    assert bad.returncode != 0
    assert "jar-normal.yaml:13:20: error [footprint.uncertainty.spec] stages.raw_material[0].uncertainty:" in bad.stderr, \
        bad.stderr
print("cfp uncertainty: ok", len(p["factors"]), "factors")
