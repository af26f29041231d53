"""Checks a `footprint cfp --json` document: sums to the gram, provenance present."""
import json
import sys

doc = json.load(open(sys.argv[1], encoding="utf-8"))
for basis in ("per_unit", "per_trip"):
    r = doc[basis]
    stage_sum = sum(s["g_co2e"] for s in r["stages"])
    assert stage_sum == r["total_g_co2e"], (basis, stage_sum, r["total_g_co2e"])
    assert r["fossil_g_co2e"] + r["biogenic_g_co2e"] == r["total_g_co2e"]
    for s in r["stages"]:
        assert sum(i["g_co2e"] for i in s["items"]) == s["g_co2e"], s["stage"]
        for i in s["items"]:
            f = i["factor"]
            assert f["id"] and f["source"]["source"] and f["source"]["publisher"], i["name"]
            assert "source" in i["quantity_source"] or "assumption" in i["quantity_source"], i["name"]
            # each item's grams are its unrounded kg rounded to the nearest gram
            assert abs(i["g_co2e"] - i["kg_co2e"] * 1000) <= 0.5 + 1e-9, i
assert doc["product"]["id"] == "steel-drum-208l"
assert doc["gwp"]["set"] == "AR6"
print("ok", doc["per_unit"]["total_g_co2e"], "g CO2e per drum")
