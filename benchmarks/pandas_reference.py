#!/usr/bin/python3
"""The arithmetic of `reusable-packaging-reduction`, done by a straightforward
pandas script: a second, independent route to footprint's per-shipment grams,
and the yardstick for footprint's speed.

It reads the same shipments CSV (as `footprint sample` writes it: clean, no
rejected rows), takes the values footprint folded or looked up when binding
(fixed parameters, the truck factor, catalog data and footprints per product,
year and grid region) from the JSON that `footprint_plan_constants` dumps,
and computes every component of BE, PE and LE with its own unit conversions,
rounded per component to whole grams the way the methodology declares:
baseline down, project and leakage up, and a value within one part in 10^9
of a whole gram taken as that gram (plan.cpp's round_grams).

Usage:
  pandas_reference.py SHIPMENTS.csv CONSTANTS.json [-o RESULTS.csv] [--check FOOTPRINT_RESULTS.csv]

It prints the totals in grams and the time of each phase. With --check it
then compares every shipment's components, BE, PE, LE, ER and implausible
flag with footprint's results file (not timed) and prints MISMATCH on any
difference.
"""
import argparse
import json
import sys
import time

import numpy as np
import pandas as pd

COMPONENTS = {
    "BE": ["BE_raw_material", "BE_production", "BE_distribution", "BE_end_of_life", "BE_residue"],
    "PE": ["PE_raw_material", "PE_production", "PE_distribution", "PE_use", "PE_end_of_life"],
    "LE": ["LE_named_sources"],
}
LITRES = {"L": 1.0, "l": 1.0, "m3": 1000.0}  # capacities, to litres


def round_grams(kg, mode):
    """Whole grams: floor (baseline) or ceil (project, leakage), snapping to
    the nearest gram when within one part in 10^9 of it."""
    g = kg * 1000.0
    nearest = np.rint(g)  # half to even, as nearbyint
    snap = np.abs(g - nearest) <= 1e-9 * np.maximum(1.0, np.abs(g))
    directed = np.floor(g) if mode == "down" else np.ceil(g)
    return np.where(snap, nearest, directed).astype(np.int64)


class Constants:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
        self.meta = d
        self.fixed = {k: v["value"] for k, v in d["constants"].items() if v["kind"] in ("fixed", "override")}
        self.units = {k: v["unit"] for k, v in d["constants"].items()}
        self.lookups = d["lookups"]
        truck = [v for k, v in d["constants"].items() if k.startswith('factor(id="desnz2025.freight')]
        assert len(truck) == 1 and truck[0]["unit"] == "kg CO2e/tkm", truck
        self.truck_kg_per_tkm = truck[0]["value"]
        assert self.units["return_volumetric_density"] == "kg/m3"
        assert self.units["goods_footprint_per_litre"] == "kg CO2e/L"

    def value(self, label, unit=None):
        v = self.lookups[label]
        if unit is not None:
            assert v["unit"] == unit, (label, v["unit"], unit)
        return v["value"]

    def per_product(self, products, fn, unit=None):
        return np.array([self.value(f"{fn}({p})", unit) for p in products], dtype=np.float64)

    def capacity_litres(self, products):
        out = []
        for p in products:
            v = self.lookups[f"capacity({p})"]
            out.append(v["value"] * LITRES[v["unit"]])
        return np.array(out, dtype=np.float64)

    def per_product_year(self, products, years, fn, args=""):
        """[product code, year - first year] -> kg CO2e."""
        t = np.empty((len(products), len(years)), dtype=np.float64)
        for i, p in enumerate(products):
            for j, y in enumerate(years):
                t[i, j] = self.value(f"{fn}({p}{args}, year: {y})", "kg CO2e")
        return t

    def per_product_year_region(self, products, years, regions, fn, args=""):
        t = np.empty((len(products), len(years), len(regions)), dtype=np.float64)
        for i, p in enumerate(products):
            for j, y in enumerate(years):
                for k, r in enumerate(regions):
                    t[i, j, k] = self.value(f"{fn}({p}{args}, year: {y}, region: {r})", "kg CO2e")
        return t


def compute(df, c):
    """Per-shipment components in kg CO2e, then whole grams."""
    units = df["units"].to_numpy(dtype=np.float64)
    loaded_km = df["loaded_distance[km]"].to_numpy(dtype=np.float64)
    return_km = df["return_distance[km]"].to_numpy(dtype=np.float64)
    washed = df["washed"].to_numpy(dtype=np.float64)
    year = df["date"].str.slice(0, 4).astype(np.int64).to_numpy()
    years = list(range(int(year.min()), int(year.max()) + 1))
    yi = year - years[0]
    rp = df["reusable_product"].astype("category")
    bp = df["baseline_product"].astype("category")
    rg = df["grid_region"].astype("category")
    rpc, bpc, rgc = rp.cat.codes.to_numpy(), bp.cat.codes.to_numpy(), rg.cat.codes.to_numpy()
    rps, bps, rgs = list(rp.cat.categories), list(bp.cat.categories), list(rg.cat.categories)

    f = c.fixed
    loss = f["loss_rate"]
    truck = c.truck_kg_per_tkm  # kg CO2e per tonne-km

    # Per product (and year, and region) first; then per row by the codes.
    cap_r = c.capacity_litres(rps)[rpc]
    cap_b = c.capacity_litres(bps)[bpc]
    life = c.per_product(rps, "design_life", "trips")[rpc]
    expected_trips = (1 - (1 - loss) ** life) / loss if loss > 0 else life
    tare_r = c.per_product(rps, "tare", "kg")[rpc]
    tare_b = c.per_product(bps, "tare", "kg")[bpc]
    folded = c.per_product(rps, "folded_ratio", "1")[rpc]
    reusable_r = c.per_product(rps, "reusable", "")[rpc]
    reusable_b = c.per_product(bps, "reusable", "")[bpc]

    def cfp(products, codes, stage=None):
        return c.per_product_year(products, years, "cfp", f", stage: {stage}" if stage else "")[codes, yi]

    def trip(tag, stage=None):
        args = (f", stage: {stage}" if stage else "") + f", tag: {tag}"
        return c.per_product_year(rps, years, "trip_inventory", args)[rpc, yi]

    washing = c.per_product_year_region(rps, years, rgs, "trip_inventory", ", tag: washing")[rpc, yi, rgc]

    goods_l = units * cap_r
    baseline_units = goods_l / cap_b
    kg = {}
    kg["BE_raw_material"] = baseline_units * cfp(bps, bpc, "raw_material")
    kg["BE_production"] = baseline_units * cfp(bps, bpc, "production")
    kg["BE_distribution"] = (baseline_units * cfp(bps, bpc, "distribution")
                             + baseline_units * (tare_b / 1000) * loaded_km * truck)
    kg["BE_end_of_life"] = baseline_units * cfp(bps, bpc, "end_of_life")
    kg["BE_residue"] = goods_l * max(f["residue_share_baseline"] - f["residue_share_project"], 0) * f["goods_footprint_per_litre"]
    kg["PE_raw_material"] = units * cfp(rps, rpc, "raw_material") / expected_trips
    kg["PE_production"] = units * cfp(rps, rpc, "production") / expected_trips
    # The empty return is charged at the larger of the tare and the folded unit's volumetric mass.
    return_mass_kg = np.maximum(tare_r, folded * (cap_r / 1000) * f["return_volumetric_density"])
    kg["PE_distribution"] = (units * cfp(rps, rpc, "distribution") / expected_trips
                             + units * (tare_r / 1000) * loaded_km * truck
                             + units * (return_mass_kg / 1000) * return_km * truck)
    kg["PE_use"] = units * washed * washing + units * trip("repair") + units * trip("consumable", "use")
    kg["PE_end_of_life"] = units * cfp(rps, rpc, "end_of_life") / expected_trips + units * trip("consumable", "end_of_life")
    kg["LE_named_sources"] = np.zeros(len(df))

    out = pd.DataFrame({"shipment_id": df["shipment_id"], "customer_id": df["customer_id"], "date": df["date"],
                        "line": np.arange(2, len(df) + 2, dtype=np.int64)})
    totals = {}
    grams = {}
    for term, names in COMPONENTS.items():
        mode = "down" if term == "BE" else "up"
        for name in names:
            grams[name] = round_grams(kg[name], mode)
        totals[term] = sum(grams[name] for name in names)
    out["BE_g"], out["PE_g"], out["LE_g"] = totals["BE"], totals["PE"], totals["LE"]
    out["ER_g"] = totals["BE"] - totals["PE"] - totals["LE"]
    for term, names in COMPONENTS.items():
        for name in names:
            out[name + "_g"] = grams[name]
    limit_kg = baseline_units * cfp(bps, bpc) + kg["BE_residue"]
    out["implausible"] = (out["ER_g"].to_numpy().astype(np.float64) > limit_kg * 1000.0 + 0.5).astype(np.int8)
    # Applicability A1 and A2 hold for every row of a sample; say so rather than assume it.
    applicable = (reusable_r != 0) & (reusable_b == 0)
    if not applicable.all():
        sys.exit(f"pandas reference: {int((~applicable).sum())} rows fail applicability; use a clean sample")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("shipments")
    ap.add_argument("constants")
    ap.add_argument("-o", "--output", help="write per-shipment results (CSV) like `footprint compute`")
    ap.add_argument("--check", help="footprint's results CSV to compare with, row by row")
    a = ap.parse_args()

    t0 = time.perf_counter()
    c = Constants(a.constants)
    df = pd.read_csv(a.shipments, dtype={"shipment_id": str, "customer_id": str, "date": str, "units": np.int64,
                                          "reusable_product": "category", "baseline_product": "category",
                                          "grid_region": "category", "washed": np.int64},
                     keep_default_na=False, na_filter=False)
    t1 = time.perf_counter()
    out = compute(df, c)
    t2 = time.perf_counter()
    if a.output:
        out.to_csv(a.output, index=False)
    t3 = time.perf_counter()
    rows = len(out)
    print(f"rows         {rows}")
    for term in ("BE", "PE", "LE", "ER"):
        print(f"{term}           {int(out[term + '_g'].sum())} g")
    print(f"implausible  {int(out['implausible'].sum())}")
    print(f"time read    {t1 - t0:.3f} s")
    print(f"time compute {t2 - t1:.3f} s")
    print(f"time write   {t3 - t2:.3f} s")
    print(f"time total   {t3 - t0:.3f} s ({rows / (t3 - t0):.0f} rows/s)")

    if a.check:
        theirs = pd.read_csv(a.check, dtype={"shipment_id": str, "customer_id": str, "date": str},
                             keep_default_na=False, na_filter=False)
        cols = ["line", "BE_g", "PE_g", "LE_g", "ER_g"] + [n + "_g" for ns in COMPONENTS.values() for n in ns] + ["implausible"]
        if len(theirs) != rows or list(theirs["shipment_id"]) != list(out["shipment_id"]):
            print(f"MISMATCH: footprint has {len(theirs)} rows, the reference {rows}, or the ids differ")
            sys.exit(1)
        bad = False
        for col in cols:
            diff = theirs[col].to_numpy(np.int64) != out[col].to_numpy(np.int64)
            if diff.any():
                i = int(np.argmax(diff))
                print(f"MISMATCH in {col}: {int(diff.sum())} rows, first {out['shipment_id'][i]}: "
                      f"footprint {theirs[col][i]}, pandas {out[col][i]}")
                bad = True
        if bad:
            sys.exit(1)
        print(f"agree: {rows} rows, every component, BE, PE, LE, ER and implausible flag equal to the gram "
              f"(ER total {int(out['ER_g'].sum())} g)")


if __name__ == "__main__":
    main()
