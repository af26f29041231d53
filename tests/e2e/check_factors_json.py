"""Checks `footprint factors list --json` on the bundled set: every factor has
its value (or per-gas amounts) as written, unit, region, years and source."""
import json
import sys

doc = json.load(open(sys.argv[1], encoding="utf-8"))
digest = sys.argv[2]
assert doc["sets"] == [doc["sets"][0]] and doc["sets"][0]["name"] == "footprint-default", doc["sets"]
assert doc["sets"][0]["digest"] == digest
assert doc["gwp"]["set"] == "AR6" and doc["gwp"]["chosen_by"] == "default of set footprint-default"
factors = doc["factors"]
assert doc["count"] == len(factors) > 20
assert [f["id"] for f in factors] == sorted(f["id"] for f in factors)
for f in factors:
    assert f["unit"] and f["activity_unit"] and f["region"], f["id"]
    first, last = f["years"]
    assert 1900 <= first <= last <= 2100, f["id"]
    assert f["source"]["id"] and f["source"]["publisher"] and f["source"]["title"], f["id"]
    if f["value"] is None:  # per-gas amounts
        assert f["gases"] and all(g["amount_text"] for g in f["gases"]), f["id"]
    else:
        assert float(f["value_text"]) == f["value"], f["id"]
    assert f["kg_co2e_per_activity_unit"] > 0 or f["value"] == 0, f["id"]
by_id = {f["id"]: f for f in factors}
grid = by_id["cn.grid.2022.national.mee-nbs"]
assert grid["value_text"] == "0.5366" and grid["unit"] == "kg CO2/kWh" and grid["region"] == "CN"
assert grid["years"] == [2022, 2022] and grid["source"]["id"] == "mee-nbs-2022-electricity-co2"
assert by_id["cn.grid.2023.east.mee-nbs"]["value_text"] == "0.5500"  # digits as published
print("ok", len(factors), "factors")
