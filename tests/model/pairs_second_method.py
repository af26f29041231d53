#!/usr/bin/python3
"""Second method: reusable-packaging-reduction 2.2.0 per trip, re-derived outside the engine.

(2.2.0 has the equations and values of 2.1.0; it adds ranges to the fixed parameters.)

An independent implementation of the methodology's per-trip arithmetic, in
Python with PyYAML and the standard library only. It reads the methodology,
the catalog and the factor YAML files itself, and computes every component of
BE, PE and LE for one unit of each 2.0.0 pair:

    foldable-ibc-1000l-pool   vs steel-drum-208l-sheet
    euo-pallet-unit           vs carton-pallet-load
    foldable-pallet-box-pool  vs appliance-carton-load
    foldable-klt              vs carton-for-klt

on 2023-05-01, washing depot in CN-East, washed = 1, with loaded distance =
return distance = 100 km and 300 km by articulated HGV (the default vehicle
class: these shipments are written without a vehicle_class column), and
100 km by rigid truck over 7.5 t up to 17 t (vehicle_class = rigid-7.5-17t,
a milk run). Each vehicle class's per-km factors and payload are read from
methodologies/catalog/vehicle-classes/, its units per vehicle from the
product's per_vehicle block for that class. Arithmetic is done in decimal with 50
significant digits (the engine uses binary doubles), so a disagreement is the
engine's or the model's, not this script's rounding.

What is NOT re-derived: which factor a look-up by activity, region and year
picks (steel by year, grid electricity by region and year). For those items
the script asks `footprint factors lookup --json` for the factor id (look-up
fallback is tested elsewhere), then takes that factor's value, unit and gases
from the YAML and converts it itself.

Then it writes the same shipments as a CSV, runs `footprint compute`, and
asserts that every component, BE, PE, LE and ER agree to the gram (no
tolerance). It prints a table for the release note (also written to
WORK_DIR/pairs_second_method.md) and exits 1 on any disagreement.

Usage: pairs_second_method.py FOOTPRINT SOURCE_ROOT FACTOR_SET WORK_DIR
"""
import csv
import decimal
import json
import re
import shutil
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import yaml

decimal.getcontext().prec = 50

METHODOLOGY_ID = "reusable-packaging-reduction"
PAIRS = [
    ("foldable-ibc-1000l-pool", "steel-drum-208l-sheet"),
    ("euo-pallet-unit", "carton-pallet-load"),
    ("foldable-pallet-box-pool", "appliance-carton-load"),
    ("foldable-klt", "carton-for-klt"),
]
DISTANCES_KM = [100, 300]  # loaded = return distance
DEFAULT_VEHICLE = "artic-33t-plus"
# (vehicle class, km): the default class at both distances, the rigid truck of a milk run at 100 km
RUNS = [(DEFAULT_VEHICLE, km) for km in DISTANCES_KM] + [("rigid-7.5-17t", 100)]
DATE = "2023-05-01"
YEAR = 2023
GRID_REGION = "CN-East"
WASHED = 1
UNITS = 1

# IPCC AR6 WG1 GWP100, the set footprint uses by default. CH4 is told apart by
# the gas name in the factor (CH4-fossil / CH4-non-fossil); plain CH4 is AR6's 27.9.
GWP_AR6 = {"CO2": D(1), "CH4": D("27.9"), "CH4-fossil": D("29.8"), "CH4-non-fossil": D("27.0"), "N2O": D(273)}

# Units to a coherent base per dimension (closed registry, docs/units.md; only what is needed).
UNITS_TABLE = {
    "g": ("mass", D("0.001")), "kg": ("mass", D(1)), "t": ("mass", D(1000)),
    "Wh": ("energy", D("0.001")), "kWh": ("energy", D(1)), "MWh": ("energy", D(1000)), "GWh": ("energy", D(10) ** 6),
    "MJ": ("energy", D(1) / D("3.6")), "GJ": ("energy", D(1000) / D("3.6")), "TJ": ("energy", D(10) ** 6 / D("3.6")),
    "m": ("length", D("0.001")), "km": ("length", D(1)),
    "L": ("volume", D("0.001")), "m3": ("volume", D(1)),
    "tkm": ("freight", D(1)),
    "unit": ("count", D(1)), "trip": ("count", D(1)),
}

failures = []


def dec(x):
    """A YAML number as a decimal: the shortest repr of the float is the literal as written."""
    if isinstance(x, bool):
        raise TypeError(x)
    return D(repr(x)) if isinstance(x, float) else D(x)


def quantity(q):
    """'30 kg' or {value: 30, unit: kg} -> (value in the base unit, dimension)."""
    if isinstance(q, dict):
        value, unit = dec(q["value"]), q["unit"]
    else:
        value_text, unit = q.split(None, 1)
        value = D(value_text)
    dim, scale = UNITS_TABLE[unit.strip()]
    return value * scale, dim


# ---------------------------------------------------------------------------- data
def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def load_factors(root):
    factors = {}
    for path in sorted((root / "factors").glob("*.yaml")):
        for f in load_yaml(path).get("factors") or []:
            assert f["id"] not in factors, f"duplicate factor id {f['id']}"
            factors[f["id"]] = f
    return factors


def factor_kg_co2e(f):
    """kg CO2e per base unit of the factor's activity (e.g. per kg, per kWh, per tkm),
    and the activity's dimension. A CO2e value is used as published (gwp: AR5 included)."""
    num, den = f["unit"].split("/")
    den_dim, den_scale = UNITS_TABLE[den.strip()]
    num_parts = num.split()
    mass_dim, mass_scale = UNITS_TABLE[num_parts[0]]
    assert mass_dim == "mass", f["unit"]
    if "gases" in f:
        assert len(num_parts) == 1, f"{f['id']}: per-gas amounts in a plain mass unit expected, got {f['unit']}"
        per = sum(dec(v) * GWP_AR6[g] for g, v in f["gases"].items())
    else:
        gas = num_parts[1]
        per = dec(f["value"]) * (D(1) if gas == "CO2e" else GWP_AR6[gas])
    return per * mass_scale / den_scale, den_dim


class LookUp:
    """Which factor the library picks for an item named only by activity (asked, not re-derived)."""

    def __init__(self, fp, factor_set, factors):
        self.fp, self.set, self.factors, self.cache = fp, factor_set, factors, {}

    def __call__(self, activity, region, year, scope=None):
        key = (activity, region, year, scope)
        if key not in self.cache:
            cmd = [self.fp, "factors", "lookup", activity, "--region", region, "--year", str(year),
                   "--json", "--factors", self.set]
            if scope:
                cmd += ["--scope", scope]
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode != 0:
                raise SystemExit(f"factors lookup failed: {' '.join(cmd)}\n{r.stdout}{r.stderr}")
            doc = json.loads(r.stdout)
            if doc["gwp"]["set"] != "AR6":
                raise SystemExit(f"the factor set's default GWP is {doc['gwp']['set']}; this second method uses AR6")
            fid = doc["factor"]["id"]
            # The value the set holds must be the one the YAML says (else the set is stale).
            mine, _ = factor_kg_co2e(self.factors[fid])
            theirs = D(repr(doc["factor"]["kg_co2e_per_activity_unit"]))
            unit_scale = UNITS_TABLE[self.factors[fid]["activity_unit"]][1]
            if abs(mine * unit_scale - theirs) > D("1e-9") * abs(theirs):
                failures.append(f"factor {fid}: set gives {theirs} kg CO2e per {self.factors[fid]['activity_unit']}, "
                                f"factors/*.yaml gives {mine * unit_scale}")
            self.cache[key] = fid
        return self.cache[key]


# ---------------------------------------------------------------------------- model
class Model:
    def __init__(self, root, lookup, factors):
        self.lookup, self.factors = lookup, factors
        doc = load_yaml(root / "methodologies" / f"{METHODOLOGY_ID}.yaml")
        assert doc["version"] == "2.2.0", f"this second method is for 2.2.0 (2.1.0's equations), found {doc['version']}"
        self.param = {}
        for p in doc["parameters"]["fixed"]:
            assert p.get("unit", "1") in ("1", "kg CO2e/L"), p
            self.param[p["name"]] = dec(p["value"])
        vc = [m for m in doc["parameters"]["monitored"] if m["name"] == "vehicle_class"]
        assert vc and vc[0]["default"] == DEFAULT_VEHICLE, "since 2.1.0 the vehicle class is read per shipment"
        self.equations = {e["name"]: e for e in doc["equations"]}
        self.components = [e["name"] for e in doc["equations"] if "term" in e]
        self.term_of = {e["name"]: e["term"] for e in doc["equations"] if "term" in e}
        # vehicle_per_km(vehicle_class, state=S, scope=B) names the class file's factors.<S>_<B>
        self.vehicle = {}  # (class, "vehicle_empty_wtw", ...) -> kg CO2e per km; (class, "payload") -> kg
        for path in sorted((root / "methodologies" / "catalog" / "vehicle-classes").glob("*.yaml")):
            v = load_yaml(path)
            for name in ("vehicle_empty_wtw", "vehicle_full_wtw", "vehicle_empty_ttw", "vehicle_full_ttw"):
                m = re.fullmatch(r'vehicle_per_km\(vehicle_class, state="(empty|full)", scope="(wtw|ttw)"\)',
                                 self.equations[name]["expr"].strip())
                assert m and name == f"vehicle_{m.group(1)}_{m.group(2)}", self.equations[name]["expr"]
                fid = v["factors"][f"{m.group(1)}_{m.group(2)}"]
                per_km, dim = factor_kg_co2e(factors[fid])
                assert dim == "length", fid
                self.vehicle[(v["id"], name)] = per_km
            payload, dim = quantity(v["payload"])
            assert dim == "mass"
            self.vehicle[(v["id"], "payload")] = payload  # kg
        assert self.equations["vehicle_payload"]["expr"].strip() == "vehicle_payload(vehicle_class)"
        self.products = {}
        for pid in {p for pair in PAIRS for p in pair}:
            self.products[pid] = load_yaml(root / "methodologies" / "catalog" / f"{pid}.yaml")
            assert self.products[pid]["id"] == pid

        # p = 1 - (1 - annual_loss)^(1 / cycles_per_year)
        self.p = 1 - (1 - self.param["annual_loss"]) ** (D(1) / self.param["cycles_per_year"])

    # -- catalog helpers
    def capacity(self, pid):
        v, dim = quantity(self.products[pid]["capacity"])
        return v, dim

    def mass(self, pid, key):
        v, dim = quantity(self.products[pid][key])
        assert dim == "mass"
        return v  # kg

    def per_vehicle(self, pid, state, vehicle):
        return dec(self.products[pid]["per_vehicle"][vehicle][state]["value"])

    def item_factor(self, item, region=None, year=YEAR):
        if "factor" in item:
            return item["factor"]
        reg = region or item.get("region")
        assert reg, f"item {item['name']!r} has no region"
        return self.lookup(item["activity"], reg, item.get("year", year), item.get("scope"))

    def item_kg(self, item, region=None):
        """quantity x share x factor, in kg CO2e."""
        fid = self.item_factor(item, region)
        per, fdim = factor_kg_co2e(self.factors[fid])
        q, qdim = quantity(item["quantity"])
        assert qdim == fdim, \
            f"{item['name']}: quantity {item['quantity']} against factor {fid} ({self.factors[fid]['unit']})"
        share = dec(item.get("share", 1))
        return q * share * per

    # -- the methodology's functions
    @staticmethod
    def expected(L, p):
        return D(L) if p == 0 else (1 - (1 - p) ** L) / p

    def cfp_per_trip_terms(self, pid, p, stage):
        """[(label, kg)] for each item of stages[stage]: emission x route weight / E(L, p)."""
        prod = self.products[pid]
        reusable = prod["kind"] == "reusable"
        out = []
        for item in (prod.get("stages") or {}).get(stage) or []:
            L = item.get("life_trips") or (prod["design_life_trips"] if reusable else 1)
            route = item.get("route")
            retired = (1 - p) ** L
            weight = retired if route == "retired" else (1 - retired) if route == "lost" else D(1)
            out.append((term_label(item, stage), self.item_kg(item) * weight / self.expected(L, p)))
        return out

    def trip_inventory_terms(self, pid, tag, stage=None, region=None):
        out = []
        for item in self.products[pid].get("per_trip") or []:
            if item.get("tag") != tag or (stage and item["stage"] != stage):
                continue
            out.append((trip_label(item), self.item_kg(item, region)))
        return out

    def load_factor(self, count, mass_kg, vehicle):
        return min(count * mass_kg / self.vehicle[(vehicle, "payload")], D(1))

    def per_km(self, lf, vehicle, basis="wtw"):
        e0, e1 = self.vehicle[(vehicle, f"vehicle_empty_{basis}")], self.vehicle[(vehicle, f"vehicle_full_{basis}")]
        return e0 + (e1 - e0) * lf

    def shipment(self, reusable, baseline, loaded_km, return_km, vehicle=DEFAULT_VEHICLE):
        """{component: [(label, kg)]} for one shipment of UNITS units."""
        loaded_km, return_km = D(loaded_km), D(return_km)
        cap_r, dim_r = self.capacity(reusable)
        cap_b, dim_b = self.capacity(baseline)
        assert dim_r == dim_b, "capacities of a pair must be of the same kind (A3)"
        goods = UNITS * cap_r
        bu = goods / cap_b  # baseline units, fractional
        p = self.p

        def scaled(k, terms):
            return [(label, k * kg) for label, kg in terms]

        # loaded and return legs (ISO 14083 / GLEC, per vehicle-km at the leg's load factor)
        v = vehicle
        pv_b, pv_r, pv_e = (self.per_vehicle(baseline, "loaded", v), self.per_vehicle(reusable, "loaded", v),
                            self.per_vehicle(reusable, "empty", v))
        tare_b, gross_b = self.mass(baseline, "tare_mass"), self.mass(baseline, "gross_mass")
        tare_r, gross_r = self.mass(reusable, "tare_mass"), self.mass(reusable, "gross_mass")
        lf_b, lf_r, lf_e = (self.load_factor(pv_b, gross_b, v), self.load_factor(pv_r, gross_r, v),
                            self.load_factor(pv_e, tare_r, v))
        b_leg = bu * self.per_km(lf_b, v) * loaded_km / pv_b * (tare_b / gross_b)
        r_leg = UNITS * self.per_km(lf_r, v) * loaded_km / pv_r * (tare_r / gross_r)
        e_leg = UNITS * self.per_km(lf_e, v) * return_km / pv_e
        # the same legs tank-to-wheel, reported beside them (memo terms, not in BE or PE)
        b_leg_ttw = bu * self.per_km(lf_b, v, "ttw") * loaded_km / pv_b * (tare_b / gross_b)
        r_leg_ttw = UNITS * self.per_km(lf_r, v, "ttw") * loaded_km / pv_r * (tare_r / gross_r)
        e_leg_ttw = UNITS * self.per_km(lf_e, v, "ttw") * return_km / pv_e

        gfp = self.param["goods_footprint_per_litre"]  # kg CO2e per L
        residue = (max(self.param["residue_share_baseline"] - self.param["residue_share_project"], 0)
                   + max(self.param["damage_share_baseline"] - self.param["damage_share_project"], 0))
        goods_litres = goods * 1000 if dim_r == "volume" else None  # m3 -> L
        be_residue = goods_litres * residue * gfp if gfp != 0 else D(0)

        c = {
            "BE_raw_material": scaled(bu, self.cfp_per_trip_terms(baseline, 0, "raw_material")),
            "BE_production": scaled(bu, self.cfp_per_trip_terms(baseline, 0, "production")),
            "BE_distribution": scaled(bu, self.cfp_per_trip_terms(baseline, 0, "distribution"))
            + [("loaded leg (vehicle share)", b_leg)],
            "BE_end_of_life": scaled(bu, self.cfp_per_trip_terms(baseline, 0, "end_of_life")),
            "BE_residue": [("residue and damage", be_residue)],
            "PE_raw_material": scaled(UNITS, self.cfp_per_trip_terms(reusable, p, "raw_material")),
            "PE_production": scaled(UNITS, self.cfp_per_trip_terms(reusable, p, "production")),
            "PE_distribution": scaled(UNITS, self.cfp_per_trip_terms(reusable, p, "distribution"))
            + [("loaded leg (vehicle share)", r_leg), ("empty return leg", e_leg)],
            "PE_use": scaled(UNITS * WASHED, self.trip_inventory_terms(reusable, "washing", region=GRID_REGION))
            + scaled(UNITS, self.trip_inventory_terms(reusable, "repair"))
            + scaled(UNITS, self.trip_inventory_terms(reusable, "consumable", stage="use")),
            "PE_end_of_life": scaled(UNITS, self.cfp_per_trip_terms(reusable, p, "end_of_life"))
            + scaled(UNITS, self.trip_inventory_terms(reusable, "consumable", stage="end_of_life")),
            "LE_named_sources": [],
            "project_transport_wtw": [("loaded leg", r_leg), ("empty return leg", e_leg)],
            "project_transport_ttw": [("loaded leg, ttw", r_leg_ttw), ("empty return leg, ttw", e_leg_ttw)],
            "baseline_transport_wtw": [("loaded leg", b_leg)],
            "baseline_transport_ttw": [("loaded leg, ttw", b_leg_ttw)],
        }
        missing = set(self.components) ^ set(c)
        assert not missing, f"components of the methodology and of this second method differ: {sorted(missing)}"
        # plausibility limit: the baseline's cradle-to-grave footprint, its loaded leg and the residue
        limit = bu * sum(kg for st in ("raw_material", "production", "distribution", "use", "end_of_life")
                         for _, kg in self.cfp_per_trip_terms(baseline, 0, st)) + b_leg + be_residue
        return c, limit


# ---------------------------------------------------------------------------- labels
MATERIAL_WORD = {"hdpe": "HDPE", "pp": "PP", "ldpe": "LDPE film", "steel": "steel",
                 "corrugated-board": "corrugated board", "paperboard": "paperboard", "wood": "wood"}


def term_label(item, stage):
    """A short name for a stage item, the same for its retired and lost routes."""
    act = item.get("activity", item.get("factor", ""))
    comp = item.get("component")
    if stage == "distribution":
        what = "first delivery"
    elif act.startswith("eol."):
        _, route, material = act.split(".", 2)
        what = f"{MATERIAL_WORD.get(material, material)} end of life"
    elif act.startswith("material."):
        material = act.split(".", 1)[1]
        what = MATERIAL_WORD.get(material, material)
    elif act.startswith("pallet."):
        what = "one-way pallet"
    else:
        what = act
    return f"{comp}: {what}" if comp else what


def trip_label(item):
    """washing, repair parts, or the consumable's own name (up to its first comma or bracket)."""
    tag = item.get("tag", "")
    if tag in ("washing", "repair"):
        return {"washing": "washing", "repair": "repair parts"}[tag]
    return re.split(r"[,(]", item["name"])[0].strip()


# ---------------------------------------------------------------------------- rounding
def to_grams(kg, term):
    """Baseline down, project and leakage up, each component to the whole gram; a memo (reported
    beside the terms) to the nearest gram."""
    g = kg * 1000
    if term == "memo":
        return int(g.to_integral_value(decimal.ROUND_HALF_UP))
    return int(g.to_integral_value(decimal.ROUND_FLOOR if term == "BE" else decimal.ROUND_CEILING))


def near_boundary(kg):
    g = kg * 1000
    return abs(g - g.to_integral_value(decimal.ROUND_HALF_EVEN)) < D("1e-6")


# ---------------------------------------------------------------------------- main
def main():
    if len(sys.argv) != 5:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    fp, root, factor_set, work = sys.argv[1], Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)

    factors = load_factors(root)
    model = Model(root, LookUp(fp, factor_set, factors), factors)

    # --- second method
    cases, break_even = [], {}
    for reusable, baseline in PAIRS:
        # ER is linear in the distance (loaded = return): where does it reach zero?
        er = []
        for km in (0, 1):
            comps, _ = model.shipment(reusable, baseline, km, km)
            er.append(sum((kg if model.term_of[n] == "BE" else -kg) for n, terms in comps.items()
                          if model.term_of[n] != "memo" for _, kg in terms))
        break_even[reusable] = er[0] / (er[0] - er[1]) if er[1] < er[0] else None
    for reusable, baseline in PAIRS:
        for vehicle, km in RUNS:
            sid = f"SM-{reusable}-{km}" + ("" if vehicle == DEFAULT_VEHICLE else f"-{vehicle}")
            comps, limit = model.shipment(reusable, baseline, km, km, vehicle)
            kg = {name: sum((v for _, v in terms), D(0)) for name, terms in comps.items()}
            grams = {name: to_grams(kg[name], model.term_of[name]) for name in model.components}
            totals = {t: sum(g for n, g in grams.items() if model.term_of[n] == t) for t in ("BE", "PE", "LE")}
            totals["ER"] = totals["BE"] - totals["PE"] - totals["LE"]
            implausible = int(sum(kg[n] for n in kg if model.term_of[n] == "BE")
                              - sum(kg[n] for n in kg if model.term_of[n] in ("PE", "LE")) > limit)
            cases.append(dict(id=sid, reusable=reusable, baseline=baseline, km=km, vehicle=vehicle, comps=comps, kg=kg,
                              grams=grams, totals=totals, implausible=implausible))

    # --- the engine: the default-class shipments without a vehicle_class column (read as the
    # methodology's default), the others with it
    engine = {}
    header = ["shipment_id", "customer_id", "date", "units", "reusable_product", "baseline_product",
              "loaded_distance[km]", "return_distance[km]", "grid_region", "washed"]
    for name, with_column in (("default-vehicle", False), ("vehicle-column", True)):
        rows = [c for c in cases if (c["vehicle"] != DEFAULT_VEHICLE) == with_column]
        shipments = work / f"shipments-{name}.csv"
        with open(shipments, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header + (["vehicle_class"] if with_column else []))
            for c in rows:
                w.writerow([c["id"], "second-method", DATE, UNITS, c["reusable"], c["baseline"], c["km"], c["km"],
                            GRID_REGION, WASHED] + ([c["vehicle"]] if with_column else []))
        results = work / f"results-{name}.csv"
        cmd = [fp, "compute", "-m", METHODOLOGY_ID, "-s", str(shipments), "-o", str(results), "--data", str(root),
               "--factors", factor_set, "-q"]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            print(f"FAIL footprint compute exited {r.returncode}: {' '.join(cmd)}\n{r.stdout}{r.stderr}")
            return 1
        with open(results, newline="", encoding="utf-8") as f:
            engine.update({row["shipment_id"]: row for row in csv.DictReader(f)})

    # --- compare, to the gram
    for c in cases:
        row = engine.get(c["id"])
        if row is None:
            failures.append(f"{c['id']}: no result row from footprint compute (quarantined?)")
            continue
        checks = [(f"{n}_g", c["grams"][n], c["kg"][n]) for n in model.components]
        checks += [(f"{t}_g", c["totals"][t], None) for t in ("BE", "PE", "LE", "ER")]
        for col, mine, kg in checks:
            if col not in row:
                failures.append(f"{c['id']}: engine results have no column {col}")
                continue
            theirs = int(row[col])
            if theirs != mine:
                note = ""
                if kg is not None and near_boundary(kg):
                    note = f" (exact value {kg * 1000} g sits on a gram boundary: float summation order?)"
                failures.append(f"{c['id']} {col}: engine {theirs} g, second method {mine} g, "
                                f"difference {theirs - mine:+d} g{note}")
        if "implausible" in row and int(row["implausible"]) != c["implausible"]:
            failures.append(f"{c['id']} implausible: engine {row['implausible']}, second method {c['implausible']}")

    report = table(cases, model, break_even)
    print(report)
    (work / "pairs_second_method.md").write_text(report + "\n", encoding="utf-8")
    n_checked = len(cases) * (len(model.components) + 4)
    if failures:
        print(f"\nFAIL: {len(failures)} disagreement(s) between footprint compute and the second method:")
        for msg in failures:
            print("  " + msg)
        return 1
    # How far the exact values sit from a gram boundary: binary doubles are off by ~1e-10 g here,
    # so a margin far above that means no summation-order tolerance is needed.
    margin = min((abs(g - g.to_integral_value(decimal.ROUND_HALF_EVEN)), c["id"], n)
                 for c in cases for n, kg in c["kg"].items() for g in [kg * 1000]
                 if g != g.to_integral_value())
    print(f"\nclosest exact component to a gram boundary: {float(margin[0]):.3f} g ({margin[1]} {margin[2]}); "
          "no tolerance needed")
    print(f"OK: {len(cases)} shipments x {len(model.components) + 4} values ({n_checked}) agree to the gram "
          f"with footprint compute (p = {float(model.p):.6%} per trip)")
    return 0


def table(cases, model, break_even):
    short = {"foldable-ibc-1000l-pool": "IBC pool vs 208 L drums",
             "euo-pallet-unit": "EUO unit vs carton pallet load",
             "foldable-pallet-box-pool": "pallet box pool vs appliance cartons",
             "foldable-klt": "foldable KLT vs carton"}
    lines = [
        f"reusable-packaging-reduction 2.2.0, one unit per shipment, {DATE}, washing depot {GRID_REGION}, washed,",
        f"loaded distance = return distance; per-trip loss p = {float(model.p):.4%} "
        f"({float(model.param['annual_loss']):.0%} a year, {model.param['cycles_per_year']} trips a year). "
        "BE rounded down and PE up per component, to the gram.",
        "",
        "| pair | vehicle | km | BE kg | PE kg | ER kg | ER/BE | ER = 0 at km (artic) |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for c in cases:
        t = c["totals"]
        lines.append(f"| {c['reusable']} vs {c['baseline']} | {c['vehicle']} | {c['km']} | {t['BE'] / 1000:.3f} "
                     f"| {t['PE'] / 1000:.3f} | {t['ER'] / 1000:.3f} | {t['ER'] / t['BE']:.1%} "
                     f"| {be_km(break_even[c['reusable']])} |")
    lines += ["", "Largest terms (share of BE or PE, exact values before rounding):", "",
              "| pair | vehicle | km | largest terms of BE | largest terms of PE |", "|---|---|---:|---|---|"]
    for c in cases:
        cells = []
        for side in ("BE", "PE"):
            agg = {}
            for name, terms in c["comps"].items():
                if model.term_of[name] != side:
                    continue
                for label, kg in terms:
                    agg[label] = agg.get(label, D(0)) + kg
            total = sum(agg.values(), D(0))
            top = sorted(agg.items(), key=lambda kv: -kv[1])[:3]
            cells.append("; ".join(f"{label} {float(kg):.3f} kg ({float(kg / total):.1%})" for label, kg in top))
        lines.append(f"| {short.get(c['reusable'], c['reusable'])} | {c['vehicle']} | {c['km']} | {cells[0]} | {cells[1]} |")
    return "\n".join(lines)


def be_km(km, upper=5000):
    """Where ER reaches zero, or beyond the methodology's distance range [0, 5000] km."""
    if km is None:
        return "never"
    return f"> {upper:,}" if km > upper else f"{float(km):,.0f}"


if __name__ == "__main__":
    sys.exit(main())
