"""End-to-end checks of provenance to the primary factor (statement format 2, explain).

- `footprint demo`: the demo figures are unchanged, and the chemical
  customer's statement names, under the value of its drums' raw material, the
  steel factor the catalog uses (product → stage → item → factor → source with
  its publication, table and year) and, under the washing, the MEE/NBS grid
  factor with its fallback path; the top-level `sources` lists both
  publications with publisher, title, year, url and table, sorted.
- The same customer's rows with 1.0.0's crude-steel drum (`steel-drum-208l`)
  as baseline: the worldsteel factor, its publication, table and year.
- With an overlay set (tests/data/overlay-grid) whose Jiangsu grid factor is
  lower, the project emissions fall by the washed units' kWh times the
  difference, and the statement names the overlay set on that factor.
- `explain` prints the same chain for a shipment, down to the source.

Every expected value was read by hand from the YAML named beside it
(factors/materials.yaml, factors/china-electricity.yaml, factors/regions.yaml,
methodologies/catalog/*.yaml, tests/data/overlay-grid/grid.yaml).

Usage: provenance_e2e.py FOOTPRINT DATA_DIR FACTOR_SET WORK_DIR
"""
import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

fp, data, factors, work = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
src = ["--data", data, "--factors", factors]
common = ["-m", "reusable-packaging-reduction", *src]
period = ["--from", "2020-06-01", "--to", "2021-07-31"]
chem = ["--customer", "chem-jiangsu-01"]


def run(*args, expect=0):
    r = subprocess.run([fp, *args], capture_output=True, text=True)
    assert r.returncode == expect, (args, r.returncode, r.stdout, r.stderr)
    return r.stdout + r.stderr


def close(text, expected, rel=1e-12):
    return abs(float(text) - expected) <= rel * abs(expected)


def link(entry, factor_id):
    found = [l for l in entry["chain"] if l["factor_id"] == factor_id]
    assert len(found) == 1, (factor_id, entry)
    return found[0]


def source(statement, source_id, table):
    found = [s for s in statement["sources"] if s["id"] == source_id and s.get("table") == table]
    assert len(found) == 1, (source_id, table, statement["sources"])
    return found[0]


def check_sources_sorted(statement):
    keys = [(s["id"], s.get("table", "")) for s in statement["sources"]]
    assert keys == sorted(keys) and len(set(keys)) == len(keys), keys
    for s in statement["sources"]:
        assert set(s) <= {"id", "publisher", "title", "year", "url", "table"} and isinstance(s["year"], int), s
    # Every source a chain names is listed, and nothing else.
    named = {(l["source_id"], l.get("table", "")) for e in statement["factors_used"] for l in e["chain"]}
    assert named == set(keys), named ^ set(keys)


# ---- the demo ----------------------------------------------------------------------------
demo = work / "demo"
out = run("demo", "-o", str(demo), *src)
for customer, er in (("appliance-anhui-01", "3506.934587"), ("auto-parts-hubei-01", "28943.495809"),
                     ("chem-jiangsu-01", "280704.059304")):
    line = next(l for l in out.splitlines() if l.startswith(customer))
    assert line.split()[4] == er, (line, er)
st = json.loads((demo / "statements" / "chem-jiangsu-01.json").read_text())
assert st["format"] == "footprint-statement/2", st["format"]
check_sources_sorted(st)
used = {e["label"]: e for e in st["factors_used"]}

# The drums' raw material. methodologies/catalog/steel-drum-208l-sheet.yaml: one raw-material item,
# 18.1 kg of steel sheet formed into the drum, naming desnz2025.material.steel-cans.primary by id;
# factors/materials.yaml: 2863.90131 kg CO2e/t, gwp AR5, years 2025, source desnz-2025-material-use.
# 18.1 kg x 2.86390131 = 51.836613711 kg CO2e per drum. (The sheet drum is the demo's baseline; the
# crude-steel worldsteel factor is checked below on the crude-steel drum.)
steel = used["cfp_per_trip(steel-drum-208l-sheet, loss: 0, stage: raw_material, year: 2021)"]
assert close(steel["value"], 51.836613711), steel["value"]
assert len(steel["chain"]) == 1, steel["chain"]
l = link(steel, "desnz2025.material.steel-cans.primary")
assert l["product"] == "steel-drum-208l-sheet" and l["stage"] == "raw_material", l
assert l["item"].startswith("steel sheet formed into the drum"), l
assert l["source_id"] == "desnz-2025-material-use" and l["factor_set"] == "footprint-default", l
assert l["gwp"] == "AR5 (as published)", l
assert l["fallback_path"] == ["named by id → desnz2025.material.steel-cans.primary (valid 2025–2025, used for 2021)"], l
desnz_table = "Material use; Level 2 Metal; Level 3 'Metal: steel cans'; column 'Primary material production'; UOM tonnes; kg CO2e"
assert l["table"] == desnz_table, l
s = source(st, "desnz-2025-material-use", desnz_table)
assert s["publisher"] == "UK Department for Energy Security and Net Zero (DESNZ)", s
assert s["title"] == "Greenhouse gas reporting: conversion factors 2025 (full set / flat file), sheet 'Material use'", s
assert s["year"] == 2025, s
assert s["url"] == "https://www.gov.uk/government/publications/greenhouse-gas-reporting-conversion-factors-2025", s
print("demo: the drum's steel is traced to desnz2025.material.steel-cans.primary (DESNZ 2025, 'Material use', "
      "'Metal: steel cans'); ER figures unchanged")

# The washing. foldable-ibc-1000l-pool.yaml: 1.0 kWh of electricity.grid per wash, looked up for the
# depot's region. regions.yaml: CN-Jiangsu's grid is CN-East; china-electricity.yaml has CN-East factors
# for 2022 and 2023 only, so a 2021 wash takes the nearest later year: cn.grid.2022.east.mee-nbs,
# 0.5617 kg CO2/kWh, source mee-nbs-2022-electricity-co2 (MEE and NBS, published 2024).
wash = used["trip_inventory(foldable-ibc-1000l-pool, tag: washing, year: 2021, region: CN-Jiangsu)"]
g = link(wash, "cn.grid.2022.east.mee-nbs")
assert g["product"] == "foldable-ibc-1000l-pool" and g["stage"] == "use" and g["factor_set"] == "footprint-default", g
assert g["item"].startswith("washing of the IBC shell, electricity"), g
assert g["fallback_path"][0].startswith("CN-Jiangsu") and "cn.grid.2022.east.mee-nbs" in g["fallback_path"][-1], g
grid_table = "Annex, regional average electricity CO2 emission factors, 华东, 2022"
assert g["table"] == grid_table and g["gwp"] == "AR6", g
s = source(st, "mee-nbs-2022-electricity-co2", grid_table)
assert s["publisher"] == "Ministry of Ecology and Environment (MEE) and National Bureau of Statistics (NBS) of China", s
assert s["year"] == 2024 and s["title"].startswith("关于发布2022年电力二氧化碳排放因子的公告"), s
print("demo: the washing electricity is traced to cn.grid.2022.east.mee-nbs (MEE/NBS 2022, 华东), "
      "CN-Jiangsu → CN-East, nearest later year")

# ---- the crude-steel drum: worldsteel ------------------------------------------------------
# The demo's baseline (since methodology 2.0.0) is the sheet drum above, whose steel is DESNZ's. The
# crude-steel worldsteel factor is the steel of 1.0.0's drum: the chemical customer's rows of the demo
# sample, with 1.0.0's products (foldable-ibc-1000l against steel-drum-208l), under
# reusable-packaging-reduction@1.0.0.
with open(demo / "shipments.csv", newline="", encoding="utf-8", errors="surrogateescape") as f:
    rows = list(csv.reader(f))
header = rows[0]
rp, bp = header.index("reusable_product"), header.index("baseline_product")
crude = work / "chem-crude-steel.csv"
with open(crude, "w", newline="", encoding="utf-8", errors="surrogateescape") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(header)
    for r in rows[1:]:
        if len(r) == len(header) and r[1] == "chem-jiangsu-01" and r[bp] == "steel-drum-208l-sheet" \
                and r[rp] == "foldable-ibc-1000l-pool":
            r[rp], r[bp] = "foldable-ibc-1000l", "steel-drum-208l"
            w.writerow(r)
run("statement", "-m", "reusable-packaging-reduction@1.0.0", *src, "-s", str(crude), *chem, *period,
    "-o", str(work / "crude.json"), "--format", "json")
cs = json.loads((work / "crude.json").read_text())
check_sources_sorted(cs)
used = {e["label"]: e for e in cs["factors_used"]}
# steel-drum-208l.yaml: 18.1 kg of material.steel, region GLO, by activity; materials.yaml:
# worldsteel.crude-steel.co2-intensity.2021, GLO, 2021, 1.91 t CO2/t. 18.1 x 1.91 = 34.571 kg.
ws = used["cfp(steel-drum-208l, stage: raw_material, year: 2021)"]
assert close(ws["value"], 34.571), ws["value"]
l = link(ws, "worldsteel.crude-steel.co2-intensity.2021")
assert l["product"] == "steel-drum-208l" and l["item"] == "cold-rolled steel sheet (body, heads, rolling hoops, closures)", l
assert l["source_id"] == "worldsteel-sustainability-indicators-2023" and l["gwp"] == "AR6", l
ws_table = "Environmental performance, indicator 1 CO2 emissions intensity (tonnes CO2/tonne crude steel cast), column 2021"
assert l["table"] == ws_table, l
s = source(cs, "worldsteel-sustainability-indicators-2023", ws_table)
assert s["publisher"] == "World Steel Association (worldsteel)" and s["year"] == 2023, s
assert s["title"].startswith("Sustainability Indicators 2023 report"), s
assert s["url"] == "https://worldsteel.org/media/press-releases/2023/sustainability-indicators-2023/", s
# 2020 shipments: materials.yaml has worldsteel factors for 2021 and 2022 only, so the nearest later year.
ws20 = link(used["cfp(steel-drum-208l, stage: raw_material, year: 2020)"], "worldsteel.crude-steel.co2-intensity.2021")
assert ws20["table"] == ws_table and "2021" in ws20["fallback_path"][-1], ws20
print("crude-steel drum (1.0.0): traced to worldsteel.crude-steel.co2-intensity.2021 "
      "(worldsteel, Sustainability Indicators 2023, indicator 1, column 2021)")

# ---- an overlay set that changes the result ----------------------------------------------------
own = work / "own.sqlite"
run("factors", "build", str(Path(data) / "tests" / "data" / "overlay-grid"), "-o", str(own), "--name", "test-own-grid",
    "--version", "1")
sample = demo / "shipments.csv"
run("statement", *common, "-s", str(sample), *chem, *period, "-o", str(work / "base.json"), "--format", "json")
run("statement", *common, "--overlay", str(own), "-s", str(sample), *chem, *period, "-o", str(work / "own.json"),
    "--format", "json")
base = json.loads((work / "base.json").read_text())
over = json.loads((work / "own.json").read_text())
assert [s["name"] for s in over["factor_sets"]] == ["footprint-default", "test-own-grid"], over["factor_sets"]
check_sources_sorted(over)
used = {e["label"]: e for e in over["factors_used"]}
wash = used["trip_inventory(foldable-ibc-1000l-pool, tag: washing, year: 2021, region: CN-Jiangsu)"]
o = link(wash, "test.grid.jiangsu.contracted")
assert o["factor_set"] == "test-own-grid" and o["source_id"] == "test-own-metering-jiangsu", o
assert o["table"] == "metering summary, 2020-2021", o
assert not [l for l in wash["chain"] if l["factor_id"] == "cn.grid.2022.east.mee-nbs"], wash
assert all(l["factor_set"] == "footprint-default" for l in wash["chain"] if l is not o)
s = source(over, "test-own-metering-jiangsu", "metering summary, 2020-2021")
assert s["publisher"] == "footprint tests", s
# Shanghai and Zhejiang depots are not in the overlay: still the bundled CN-East factor.
sh = used["trip_inventory(foldable-ibc-1000l-pool, tag: washing, year: 2021, region: CN-Shanghai)"]
assert link(sh, "cn.grid.2022.east.mee-nbs")["factor_set"] == "footprint-default"
# The result changed by what the overlay's factor implies: each washed Jiangsu unit uses 1.0 kWh, now at
# 0.25 instead of 0.5617 kg CO2/kWh, so PE falls by 311.7 g per unit; each row's components are rounded
# up to whole grams, so the sum may differ by at most one gram per row.
with open(sample, newline="", encoding="utf-8", errors="surrogateescape") as f:
    recs = [r for r in csv.DictReader(f) if r["customer_id"] == "chem-jiangsu-01" and r["grid_region"] == "CN-Jiangsu"
            and r["washed"] == "1" and "2020-06-01" <= r["date"] <= "2021-07-31"
            and r["shipment_id"] in base["shipment_rows"]]
units = sum(int(r["units"]) for r in recs)
drop = base["totals_g"]["project"] - over["totals_g"]["project"]
assert units > 0 and abs(drop - units * 311.7) <= len(recs), (drop, units * 311.7, len(recs))
assert base["totals_g"]["baseline"] == over["totals_g"]["baseline"]
print(f"overlay: PE falls by {drop} g ({units} washed Jiangsu units x 311.7 g), and the statement names "
      "test.grid.jiangsu.contracted from set test-own-grid")

# ---- explain ----------------------------------------------------------------------------------
target = recs[0]["shipment_id"]
out = run("explain", *common, "--overlay", str(own), "-s", str(sample), "--shipment", target)
assert "→ factor desnz2025.material.steel-cans.primary (set footprint-default, GWP AR5 (as published))" in out, out
assert "source: desnz-2025-material-use: UK Department for Energy Security and Net Zero (DESNZ), " in out, out
assert "2025; table: " + desnz_table in out, out
assert "→ factor test.grid.jiangsu.contracted (set test-own-grid, GWP AR6)" in out, out
assert "source: test-own-metering-jiangsu: footprint tests, " in out, out
print(f"explain: {target} traces the drum's steel and the overlay's grid factor to their sources")
print("provenance: ok")
