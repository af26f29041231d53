#!/usr/bin/python3
"""The per-shipment arithmetic of `reusable-packaging-reduction@2.0.0`, done by
a straightforward pandas script: a second route to footprint's per-shipment
grams, and the yardstick for footprint's speed.

It reads the same shipments CSV (as `footprint sample` writes it: clean, no
rejected rows). The product-level values come from footprint itself, not from
a second reading of the catalog: the JSON that `footprint_plan_constants`
dumps from the bound plan holds the fixed parameters, the four vehicle
factors (kg CO2e per vehicle-km, empty and full, well-to-wheel and
tank-to-wheel) and, per catalog product (and year, and grid region), what the
plan looked up: capacity, tare, gross mass, units per vehicle loaded and
empty, `cfp_per_trip` per stage (each component shared over its own expected
trips with the per-trip loss, retired and lost units on their own end-of-life
routes; with loss 0 for the single-use baseline) and the per-trip inventories
(washing by region, repair, consumables). Each value is in its display unit
(litres, kg, t, kg CO2e, kg CO2e/km).

The row arithmetic is pandas/numpy, equation by equation as the methodology
writes it: capacity equivalence, the load factor of each leg and the
vehicle's emission per km interpolated between empty and full, each leg's
share of the vehicle (per vehicle-km / units per vehicle, times the
packaging's mass share on the loaded legs), the components, BE, PE, LE, ER,
the four transport memos and the plausibility flag. Each component is rounded
to whole grams as footprint's round_grams does: baseline down, project and
leakage up, memos to the nearest gram (half away from zero), and a value
within one part in 10^9 of a whole gram taken as that gram.

Usage:
  pandas_reference.py SHIPMENTS.csv CONSTANTS.json [-o RESULTS.csv] [--check FOOTPRINT_RESULTS.csv]

It prints the totals in grams and the time of each phase. With --check it
then compares every shipment's components, memos, BE, PE, LE, ER and
implausible flag with footprint's results file (not timed), prints the
largest difference, and MISMATCH on any difference.
"""
import argparse
import json
import re
import sys
import time

import numpy as np
import pandas as pd

METHODOLOGY = ("reusable-packaging-reduction", "2.0.0")
COMPONENTS = {
    "BE": ["BE_raw_material", "BE_production", "BE_distribution", "BE_end_of_life", "BE_residue"],
    "PE": ["PE_raw_material", "PE_production", "PE_distribution", "PE_use", "PE_end_of_life"],
    "LE": ["LE_named_sources"],
}
MEMOS = ["project_transport_wtw", "project_transport_ttw", "baseline_transport_wtw", "baseline_transport_ttw"]
LITRES = {"L": 1.0, "l": 1.0, "m3": 1000.0}  # capacities, to litres
KG = {"kg": 1.0, "t": 1000.0, "g": 0.001}     # masses, to kg


def round_grams(kg, mode):
    """Whole grams as plan.cpp's round_grams: the nearest gram when within one
    part in 10^9 of it, else floor (baseline), ceil (project, leakage) or
    half away from zero (memos, std::round)."""
    g = kg * 1000.0
    nearest = np.rint(g)  # half to even, as nearbyint
    snap = np.abs(g - nearest) <= 1e-9 * np.maximum(1.0, np.abs(g))
    if mode == "down":
        directed = np.floor(g)
    elif mode == "up":
        directed = np.ceil(g)
    else:
        t = np.trunc(g)
        directed = np.where(np.abs(g - t) >= 0.5, t + np.sign(g), t)
    return np.where(snap, nearest, directed).astype(np.int64)


LABEL = re.compile(r"^(\w+)\((.*)\)$")


class Constants:
    """The plan's values by function and arguments, from footprint_plan_constants' JSON."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
        if (d["methodology"], d["version"]) != METHODOLOGY:
            sys.exit(f"pandas reference: the constants are for {d['methodology']}@{d['version']}; "
                     f"this script repeats {METHODOLOGY[0]}@{METHODOLOGY[1]}")
        self.meta = d
        consts = d["constants"]
        self.fixed = {k: v["value"] for k, v in consts.items() if v["kind"] in ("fixed", "override")}
        self.units = {k: v["unit"] for k, v in consts.items()}
        self.vehicle = {}  # (load state, wtw|ttw) -> kg CO2e per vehicle-km
        for k, v in consts.items():
            m = re.match(r'factor\(id="desnz2025\.freight\.hgv-artic-33t-plus\.laden-(0|100)\.per-km\.(wtw|ttw)"\)$', k)
            if m:
                assert v["unit"] == "kg CO2e/km", (k, v["unit"])
                self.vehicle[("empty" if m.group(1) == "0" else "full", m.group(2))] = v["value"]
        assert len(self.vehicle) == 4, self.vehicle
        assert self.units["vehicle_payload"] == "t"
        assert self.units["goods_footprint_per_litre"] == "kg CO2e/L"
        # lookups: (function, product, frozenset of the other arguments) -> (value, unit)
        self.table = {}
        for label, v in d["lookups"].items():
            m = LABEL.match(label)
            if not m:
                continue
            parts = m.group(2).split(", ")
            args = dict(p.split(": ", 1) for p in parts[1:])
            if "loss" in args:  # 0 for the baseline, the per-trip loss for the reusable unit
                args["loss"] = "0" if float(args["loss"]) == 0 else "p"
            self.table[(m.group(1), parts[0], frozenset(args.items()))] = (v["value"], v["unit"])

    def value(self, fn, product, unit=None, **args):
        v, u = self.table[(fn, product, frozenset((k, str(a)) for k, a in args.items()))]
        if unit is not None:
            assert u == unit, (fn, product, args, u, unit)
        return v

    def per_product(self, products, fn, unit=None, **args):
        return np.array([self.value(fn, p, unit, **args) for p in products], dtype=np.float64)

    def per_product_in(self, products, fn, scale, **args):
        out = []
        for p in products:
            v, u = self.table[(fn, p, frozenset((k, str(a)) for k, a in args.items()))]
            out.append(v * scale[u])
        return np.array(out, dtype=np.float64)

    def per_product_year(self, products, years, fn, **args):
        """[product code, year - first year] -> kg CO2e."""
        t = np.empty((len(products), len(years)), dtype=np.float64)
        for i, p in enumerate(products):
            for j, y in enumerate(years):
                t[i, j] = self.value(fn, p, "kg CO2e", year=y, **args)
        return t

    def per_product_year_region(self, products, years, regions, fn, **args):
        t = np.empty((len(products), len(years), len(regions)), dtype=np.float64)
        for i, p in enumerate(products):
            for j, y in enumerate(years):
                for k, r in enumerate(regions):
                    t[i, j, k] = self.value(fn, p, "kg CO2e", year=y, region=r, **args)
        return t


def compute(df, c):
    """Per-shipment components and memos in kg CO2e, then whole grams."""
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
    payload_kg = f["vehicle_payload"] * 1000.0
    v = c.vehicle

    # Per product (and year, and region) as footprint looked them up; then per row by the codes.
    cap_r = c.per_product_in(rps, "capacity", LITRES)[rpc]
    cap_b = c.per_product_in(bps, "capacity", LITRES)[bpc]
    tare_r = c.per_product_in(rps, "tare", KG)[rpc]
    tare_b = c.per_product_in(bps, "tare", KG)[bpc]
    gross_r = c.per_product_in(rps, "gross_mass", KG)[rpc]
    gross_b = c.per_product_in(bps, "gross_mass", KG)[bpc]
    pv_r_loaded = c.per_product(rps, "per_vehicle", state="loaded")[rpc]
    pv_r_empty = c.per_product(rps, "per_vehicle", state="empty")[rpc]
    pv_b_loaded = c.per_product(bps, "per_vehicle", state="loaded")[bpc]
    reusable_r = c.per_product(rps, "reusable")[rpc]
    reusable_b = c.per_product(bps, "reusable")[bpc]

    def per_trip(products, codes, loss, stage=None):
        args = {"loss": loss} | ({"stage": stage} if stage else {})
        return c.per_product_year(products, years, "cfp_per_trip", **args)[codes, yi]

    def inventory(tag, stage=None):
        args = ({"stage": stage} if stage else {}) | {"tag": tag}
        return c.per_product_year(rps, years, "trip_inventory", **args)[rpc, yi]

    washing = c.per_product_year_region(rps, years, rgs, "trip_inventory", tag="washing")[rpc, yi, rgc]

    goods_l = units * cap_r
    baseline_units = goods_l / cap_b

    # ISO 14083 / GLEC: per vehicle-km at the leg's load factor by mass, shared over the units a vehicle carries.
    def per_km(state, load_factor):
        return v[("empty", state)] + (v[("full", state)] - v[("empty", state)]) * load_factor

    lf_b = np.minimum(pv_b_loaded * gross_b / payload_kg, 1.0)
    lf_r_loaded = np.minimum(pv_r_loaded * gross_r / payload_kg, 1.0)
    lf_r_return = np.minimum(pv_r_empty * tare_r / payload_kg, 1.0)
    tare_share_b = tare_b / gross_b
    tare_share_r = tare_r / gross_r

    def baseline_leg(state):
        return baseline_units * per_km(state, lf_b) * loaded_km / pv_b_loaded * tare_share_b

    def project_legs(state):
        return (units * per_km(state, lf_r_loaded) * loaded_km / pv_r_loaded * tare_share_r
                + units * per_km(state, lf_r_return) * return_km / pv_r_empty)

    baseline_loaded_leg = baseline_leg("wtw")
    project_loaded_leg = units * per_km("wtw", lf_r_loaded) * loaded_km / pv_r_loaded * tare_share_r
    project_return_leg = units * per_km("wtw", lf_r_return) * return_km / pv_r_empty

    kg = {}
    kg["BE_raw_material"] = baseline_units * per_trip(bps, bpc, 0, "raw_material")
    kg["BE_production"] = baseline_units * per_trip(bps, bpc, 0, "production")
    kg["BE_distribution"] = baseline_units * per_trip(bps, bpc, 0, "distribution") + baseline_loaded_leg
    kg["BE_end_of_life"] = baseline_units * per_trip(bps, bpc, 0, "end_of_life")
    kg["BE_residue"] = goods_l * (max(f["residue_share_baseline"] - f["residue_share_project"], 0)
                                  + max(f["damage_share_baseline"] - f["damage_share_project"], 0)) \
        * f["goods_footprint_per_litre"]
    kg["PE_raw_material"] = units * per_trip(rps, rpc, "p", "raw_material")
    kg["PE_production"] = units * per_trip(rps, rpc, "p", "production")
    kg["PE_distribution"] = (units * per_trip(rps, rpc, "p", "distribution") + project_loaded_leg
                             + project_return_leg)
    kg["PE_use"] = units * washed * washing + units * inventory("repair") + units * inventory("consumable", "use")
    kg["PE_end_of_life"] = (units * per_trip(rps, rpc, "p", "end_of_life")
                            + units * inventory("consumable", "end_of_life"))
    kg["LE_named_sources"] = np.zeros(len(df))
    kg["project_transport_wtw"] = project_loaded_leg + project_return_leg
    kg["project_transport_ttw"] = project_legs("ttw")
    kg["baseline_transport_wtw"] = baseline_loaded_leg
    kg["baseline_transport_ttw"] = baseline_leg("ttw")

    out = pd.DataFrame({"shipment_id": df["shipment_id"], "customer_id": df["customer_id"], "date": df["date"],
                        "line": np.arange(2, len(df) + 2, dtype=np.int64)})
    totals = {}
    grams = {}
    for term, names in COMPONENTS.items():
        mode = "down" if term == "BE" else "up"
        for name in names:
            grams[name] = round_grams(kg[name], mode)
        totals[term] = sum(grams[name] for name in names)
    for name in MEMOS:
        grams[name] = round_grams(kg[name], "nearest")
    out["BE_g"], out["PE_g"], out["LE_g"] = totals["BE"], totals["PE"], totals["LE"]
    out["ER_g"] = totals["BE"] - totals["PE"] - totals["LE"]
    for name in [n for ns in COMPONENTS.values() for n in ns] + MEMOS:
        out[name + "_g"] = grams[name]
    limit_kg = baseline_units * per_trip(bps, bpc, 0) + baseline_loaded_leg + kg["BE_residue"]
    out["implausible"] = (out["ER_g"].to_numpy().astype(np.float64) > limit_kg * 1000.0 + 0.5).astype(np.int8)
    # Applicability A1 and A2 hold for every row of a sample; say so rather than assume it.
    applicable = (reusable_r != 0) & (reusable_b == 0)
    if not applicable.all():
        sys.exit(f"pandas reference: {int((~applicable).sum())} rows fail applicability; use a clean sample")
    return out


def check(out, path):
    """Every row and column against footprint's results; True when all are equal."""
    theirs = pd.read_csv(path, dtype={"shipment_id": str, "customer_id": str, "date": str},
                         keep_default_na=False, na_filter=False)
    rows = len(out)
    cols = [c for c in out.columns if c not in ("shipment_id", "customer_id", "date")]
    missing = [c for c in cols if c not in theirs.columns]
    if missing:
        print(f"MISMATCH: footprint's results have no column {', '.join(missing)}")
        return False
    if len(theirs) != rows or list(theirs["shipment_id"]) != list(out["shipment_id"]):
        print(f"MISMATCH: footprint has {len(theirs)} rows, the reference {rows}, or the ids differ")
        return False
    ok = True
    largest = (0, None)
    for col in cols:
        d = np.abs(theirs[col].to_numpy(np.int64) - out[col].to_numpy(np.int64))
        if d.max(initial=0) > largest[0]:
            largest = (int(d.max()), col)
        if d.any():
            i = int(np.argmax(d != 0))
            print(f"MISMATCH in {col}: {int((d != 0).sum())} rows, first {out['shipment_id'][i]}: "
                  f"footprint {theirs[col][i]}, pandas {out[col][i]}")
            ok = False
    print(f"largest difference: {largest[0]} g" + (f" ({largest[1]})" if largest[1] else ""))
    if ok:
        print(f"agree: {rows} rows, every component, memo, BE, PE, LE, ER and implausible flag equal to the gram "
              f"(ER total {int(out['ER_g'].sum())} g)")
    return ok


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
    print(f"methodology  {c.meta['methodology']}@{c.meta['version']}")
    print(f"rows         {rows}")
    for term in ("BE", "PE", "LE", "ER"):
        print(f"{term}           {int(out[term + '_g'].sum())} g")
    print(f"implausible  {int(out['implausible'].sum())}")
    print(f"time read    {t1 - t0:.3f} s")
    print(f"time compute {t2 - t1:.3f} s")
    print(f"time write   {t3 - t2:.3f} s")
    print(f"time total   {t3 - t0:.3f} s ({rows / (t3 - t0):.0f} rows/s)")
    if a.check and not check(out, a.check):
        sys.exit(1)


if __name__ == "__main__":
    main()
