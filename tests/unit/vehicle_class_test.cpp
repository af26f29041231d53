// Vehicle classes (methodology 2.1.0): classes as catalog data, units per
// vehicle keyed by class and recounted from a product's dimensions, and a
// shipment that names its class (or, without the column, takes the
// methodology's default). Inline data with round numbers; every count and
// value below is worked out by hand in the comments.

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "footprint/factors/factor_library.hpp"
#include "footprint/methodology/methodology.hpp"
#include "footprint/plan/plan.hpp"
#include "footprint/products/catalog.hpp"

using namespace footprint;

namespace {

const char* const factors_yaml = R"(
regions:
  - {id: CN, name: China, parent: GLO}
sources:
  - {id: s, publisher: P, title: T, year: 2024}
factors:
  - {id: pp, name: PP, activity: material.pp, activity_unit: kg, value: 2.0, unit: kg CO2e/kg,
     scope: cradle-to-gate, region: GLO, years: [2020, 2030], source: s}
  - {id: big-empty-wtw, name: b0w, activity: freight.road.vehicle, activity_unit: km, value: 0.8,
     unit: kg CO2e/km, scope: wtw, region: GLO, years: [2020, 2030], source: s}
  - {id: big-full-wtw, name: b1w, activity: freight.road.vehicle, activity_unit: km, value: 1.3,
     unit: kg CO2e/km, scope: wtw, region: GLO, years: [2020, 2030], source: s}
  - {id: big-empty-ttw, name: b0t, activity: freight.road.vehicle, activity_unit: km, value: 0.6,
     unit: kg CO2e/km, scope: ttw, region: GLO, years: [2020, 2030], source: s}
  - {id: big-full-ttw, name: b1t, activity: freight.road.vehicle, activity_unit: km, value: 1.0,
     unit: kg CO2e/km, scope: ttw, region: GLO, years: [2020, 2030], source: s}
  - {id: small-empty-wtw, name: s0w, activity: freight.road.vehicle, activity_unit: km, value: 0.5,
     unit: kg CO2e/km, scope: wtw, region: GLO, years: [2020, 2030], source: s}
  - {id: small-full-wtw, name: s1w, activity: freight.road.vehicle, activity_unit: km, value: 0.7,
     unit: kg CO2e/km, scope: wtw, region: GLO, years: [2020, 2030], source: s}
  - {id: small-empty-ttw, name: s0t, activity: freight.road.vehicle, activity_unit: km, value: 0.4,
     unit: kg CO2e/km, scope: ttw, region: GLO, years: [2020, 2030], source: s}
  - {id: small-full-ttw, name: s1t, activity: freight.road.vehicle, activity_unit: km, value: 0.55,
     unit: kg CO2e/km, scope: ttw, region: GLO, years: [2020, 2030], source: s}
)";

// A trailer: 13.6 × 2.45 × 2.6 m, 24 t, 33 places for a 1200 × 800 footprint; 20 t at "100 % laden".
const char* const big_yaml = R"(
id: big
name: Big trailer
default: true
factors: {empty_wtw: big-empty-wtw, full_wtw: big-full-wtw, empty_ttw: big-empty-ttw, full_ttw: big-full-ttw}
payload: {value: 20, unit: t, assumption: {text: x, reason: test}}
load_space: {length_mm: 13600, width_mm: 2450, height_mm: 2600, payload_kg: 24000, assumption: {text: x, reason: test}}
pallet_places:
  - {pallet_mm: [1200, 800], places: 33, assumption: {text: x, reason: test}}
)";

// A rigid truck: 6.0 × 2.4 × 2.4 m, 6 t; 5 t at "100 % laden"; no pallet-place table.
const char* const small_yaml = R"(
id: small
name: Small rigid
factors: {empty_wtw: small-empty-wtw, full_wtw: small-full-wtw, empty_ttw: small-empty-ttw, full_ttw: small-full-ttw}
payload: {value: 5, unit: t, assumption: {text: x, reason: test}}
load_space: {length_mm: 6000, width_mm: 2400, height_mm: 2400, payload_kg: 6000, assumption: {text: x, reason: test}}
)";

// A foldable box, 600 × 400 × 300 mm erect, 100 mm folded, 2 kg, 12 kg filled; unit loads on a
// 1200 × 800 × 150 mm pallet of 25 kg: 16 filled boxes, or 40 folded; filled loads two high at most.
//
// Units per layer on the pallet: max(⌊1200/600⌋·⌊800/400⌋, ⌊1200/400⌋·⌊800/600⌋) = max(4, 3) = 4.
// Filled: ⌈16/4⌉ = 4 layers, 150 + 4 × 300 = 1350 mm a unit load, 16 × 12 + 25 = 217 kg.
// Folded: ⌈40/4⌉ = 10 layers, 150 + 10 × 100 = 1150 mm, 40 × 2 + 25 = 105 kg.
//
// big, loaded: 33 places (table) × min(⌊2600/1350⌋ = 1, 2) tiers × 16 = 528 by space;
//              ⌊24000/217⌋ = 110 loads × 16 = 1760 by payload → 528, pallet places.
// big, empty:  33 × ⌊2600/1150⌋ = 2 tiers × 40 = 2640; ⌊24000/105⌋ = 228 × 40 = 9120 → 2640, volume.
// small, loaded: places max(⌊6000/1200⌋·⌊2400/800⌋, ⌊6000/800⌋·⌊2400/1200⌋) = max(5·3, 7·2) = 15;
//              15 × ⌊2400/1350⌋ = 1 × 16 = 240; ⌊6000/217⌋ = 27 × 16 = 432 → 240, pallet places.
// small, empty: 15 × ⌊2400/1150⌋ = 2 × 40 = 1200; ⌊6000/105⌋ = 57 × 40 = 2280 → 1200, volume.
std::string box_yaml(const std::string& big_loaded = "528", const std::string& extra_class = "") {
    return R"(
id: box
name: Foldable box
kind: reusable
capacity: "50 L"
tare_mass: {value: 2, unit: kg, assumption: {text: x, reason: test}}
gross_mass: {value: 12, unit: kg, assumption: {text: 2 kg + 10 kg of goods, reason: test}}
design_life_trips: 10
dimensions:
  erect_mm: [600, 400, 300]
  folded_mm: [600, 400, 100]
  pallet: {size_mm: [1200, 800, 150], mass_kg: 25}
  per_pallet: {loaded: 16, empty: 40}
  stack: {loaded: 2}
  assumption: {text: x, reason: test}
per_vehicle:
  big:
    loaded: {value: )" + big_loaded + R"(, limit: pallet_places, assumption: {text: x, reason: test}}
    empty: {value: 2640, limit: volume, assumption: {text: x, reason: test}}
  small:
    loaded: {value: 240, limit: pallet_places, assumption: {text: x, reason: test}}
    empty: {value: 1200, limit: volume, assumption: {text: x, reason: test}}
)" + extra_class + R"(
stages:
  raw_material:
    - {name: box, activity: material.pp, quantity: "2 kg", assumption: {text: x, reason: test}}
)";
}

// A heavy single-use unit, 600 × 600 × 900 mm, 300 kg filled, one tier.
// big:   ⌊13600/600⌋·⌊2450/600⌋ = 22 · 4 = 88 places × min(⌊2600/900⌋ = 2, 1) = 88 by space;
//        ⌊24000/300⌋ = 80 by payload → 80, mass.
// small: ⌊6000/600⌋·⌊2400/600⌋ = 10 · 4 = 40 by space; ⌊6000/300⌋ = 20 by payload → 20, mass.
const char* const drum_yaml = R"(
id: drum
name: Drum
kind: single-use
capacity: "50 L"
tare_mass: {value: 20, unit: kg, assumption: {text: x, reason: test}}
gross_mass: {value: 300, unit: kg, assumption: {text: x, reason: test}}
dimensions: {erect_mm: [600, 600, 900], stack: {loaded: 1}, assumption: {text: x, reason: test}}
per_vehicle:
  big: {loaded: {value: 80, limit: mass, assumption: {text: x, reason: test}}}
  small: {loaded: {value: 20, limit: mass, assumption: {text: x, reason: test}}}
stages:
  raw_material:
    - {name: steel, activity: material.pp, quantity: "20 kg", assumption: {text: x, reason: test}}
)";

std::shared_ptr<factor_library> library() {
    static const auto lib = std::make_shared<factor_library>(load_factor_yaml(factors_yaml, "f.yaml"));
    return lib;
}

catalog load(const std::string& box, const std::string& small = small_yaml) {
    return load_catalog_yaml({{"box.yaml", box}, {"drum.yaml", drum_yaml}}, library().get(),
                             {{"vehicle-classes/big.yaml", big_yaml}, {"vehicle-classes/small.yaml", small}});
}

std::vector<diagnostic> problems_of(const std::string& box, const std::string& small = small_yaml) {
    try {
        (void)load(box, small);
    } catch (const error& e) {
        return e.problems();
    }
    return {};
}

}  // namespace

TEST_CASE("vehicle classes load with their factors, payloads and load spaces") {
    const catalog cat = load(box_yaml());
    REQUIRE(cat.vehicles().size() == 2);
    const vehicle_class* big = cat.find_vehicle("big");
    REQUIRE(big != nullptr);
    CHECK(big->is_default);
    CHECK(cat.default_vehicle() == big);
    CHECK(big->full_wtw == "big-full-wtw");
    CHECK(big->payload.coherent() == 20000.0);  // 20 t in kg
    CHECK(big->length_mm == 13600);
    REQUIRE(big->places.size() == 1);
    CHECK(big->places[0].places == 33);
    CHECK_FALSE(cat.find_vehicle("small")->is_default);
    const packaging_product* box = cat.find("box");
    REQUIRE(box != nullptr);
    CHECK(box->units_per_vehicle("small", "loaded")->units == 240);
    CHECK(box->units_per_vehicle("small", "empty")->limit == load_limit::volume);
    CHECK(box->units_per_vehicle("", "loaded") == nullptr);  // keyed by class: no unclassed block
}

TEST_CASE("units per vehicle recounted from dimensions and the load space (hand-worked above)") {
    const catalog cat = load(box_yaml());
    const packaging_product& box = *cat.find("box");
    const packaging_product& drum = *cat.find("drum");
    const vehicle_class& big = *cat.find_vehicle("big");
    const vehicle_class& small = *cat.find_vehicle("small");

    auto rc = recount_per_vehicle(box, big, "loaded");
    REQUIRE(rc);
    CHECK(rc->places == 33);  // the class's table, not the plain 34 = ⌊13600/800⌋·⌊2450/1200⌋
    CHECK(rc->tiers == 1);
    CHECK(rc->per_place == 16);
    CHECK(rc->space == 528);
    CHECK(rc->mass == 1760);

    rc = recount_per_vehicle(box, big, "empty");
    REQUIRE(rc);
    CHECK(rc->tiers == 2);
    CHECK(rc->space == 2640);
    CHECK(rc->mass == 9120);

    rc = recount_per_vehicle(box, small, "loaded");
    REQUIRE(rc);
    CHECK(rc->places == 15);
    CHECK(rc->space == 240);
    CHECK(rc->mass == 432);

    rc = recount_per_vehicle(box, small, "empty");
    REQUIRE(rc);
    CHECK(rc->space == 1200);
    CHECK(rc->mass == 2280);

    rc = recount_per_vehicle(drum, big, "loaded");
    REQUIRE(rc);
    CHECK(rc->places == 88);
    CHECK(rc->space == 88);
    CHECK(rc->mass == 80);
    rc = recount_per_vehicle(drum, small, "loaded");
    REQUIRE(rc);
    CHECK(rc->space == 40);
    CHECK(rc->mass == 20);
}

TEST_CASE("a declared count the dimensions do not give is refused at its line, with both counts") {
    // 1056 filled boxes on the big trailer would need two tiers of 1350 mm in 2600 mm.
    const auto problems = problems_of(box_yaml("1056"));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].id == "footprint.catalog.per-vehicle-check");
    CHECK(problems[0].where.file == "box.yaml");
    CHECK(problems[0].where.line == 18);  // the `loaded:` map under `big:`
    CHECK(problems[0].message.find("per_vehicle.big.loaded is 1056 (limit pallet places), the dimensions give 528 by "
                                   "load space and 1760 by payload") == 0);
    CHECK(problems[0].expected == "the load-space count 528, at most the payload count 1760");
}

TEST_CASE("per_vehicle names only classes of the catalog; class factors must be per km of their scope") {
    auto problems = problems_of(box_yaml("528", "  van:\n    loaded: {value: 10, limit: mass, assumption: {text: x, reason: test}}\n"));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].id == "footprint.catalog.unknown-vehicle-class");
    CHECK(problems[0].expected == "one of: big, small");
    CHECK(problems[0].found == "van");

    std::string wrong_scope = small_yaml;
    wrong_scope.replace(wrong_scope.find("empty_ttw: small-empty-ttw"), 26, "empty_ttw: small-empty-wtw");
    problems = problems_of(box_yaml(), wrong_scope);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].id == "footprint.catalog.vehicle-factor");
    CHECK(problems[0].where.field == "factors.empty_ttw");
}

TEST_CASE("a shipment's vehicle class: the default without the column, any declared class with it") {
    const auto cat = std::make_shared<catalog>(load(box_yaml()));
    const char* const yaml = R"(
id: t
version: 1.0.0
title: t
applicability: []
boundary: []
baseline_scenario: b
functional_unit: f
parameters:
  fixed: []
  monitored:
    - {name: units, description: u, type: integer, unit: "1"}
    - {name: product, description: p, type: product}
    - {name: distance, description: d, type: number, unit: km}
    - {name: vehicle_class, description: v, type: text, values: [big, small], default: big}
equations:
  - name: empty_load_factor
    expr: min(per_vehicle(product, state="empty", vehicle=vehicle_class) * tare(product) / vehicle_payload(vehicle_class), 1)
  - name: PE_return
    term: PE
    expr: >-
      units * (vehicle_per_km(vehicle_class, state="empty", scope="wtw")
               + (vehicle_per_km(vehicle_class, state="full", scope="wtw")
                  - vehicle_per_km(vehicle_class, state="empty", scope="wtw")) * empty_load_factor)
      * distance / per_vehicle(product, state="empty", vehicle=vehicle_class)
  - name: PE_default_class
    term: PE
    expr: units * 1 [kg CO2e] * per_vehicle(product, state="empty") / 1000
)";
    plan p = plan::bind(load_methodology_yaml(yaml, "t.yaml"), plan_options{library(), cat});

    // No vehicle_class: the default, big. 2640 empties × 2 kg = 5280 kg of 20 t → load factor 0.264;
    // 0.8 + (1.3 − 0.8) × 0.264 = 0.932 kg/km; × 100 km / 2640 = 0.0353030… kg per box, × 2 boxes.
    auto row = p.evaluate_row({{"units", "2"}, {"product", "box"}, {"distance", "100"}});
    CHECK(row.at("PE_return") == doctest::Approx(2 * 0.932 * 100 / 2640).epsilon(1e-12));
    // per_vehicle() without vehicle= reads the default class: 2 × 2640 / 1000 = 5.28 kg.
    CHECK(row.at("PE_default_class") == doctest::Approx(5.28).epsilon(1e-12));

    // The small rigid: 1200 × 2 kg = 2400 kg of 5 t → 0.48; 0.5 + 0.2 × 0.48 = 0.596 kg/km;
    // × 100 / 1200 = 0.0496667 kg per box.
    row = p.evaluate_row({{"units", "2"}, {"product", "box"}, {"distance", "100"}, {"vehicle_class", "small"}});
    CHECK(row.at("PE_return") == doctest::Approx(2 * 0.596 * 100 / 1200).epsilon(1e-12));
    CHECK(row.at("PE_default_class") == doctest::Approx(5.28).epsilon(1e-12));

    // A class the methodology does not declare is refused by the row checks, naming the declared ones.
    try {
        (void)p.evaluate_row({{"units", "2"}, {"product", "box"}, {"distance", "100"}, {"vehicle_class", "van"}});
        FAIL("a vehicle class outside the declared values was accepted");
    } catch (const error& e) {
        REQUIRE(e.problems().size() == 1);
        CHECK(e.problems()[0].id == "footprint.shipment.unknown-value");
        CHECK(e.problems()[0].where.field == "vehicle_class");
        CHECK(e.problems()[0].expected == "one of: big, small");
        CHECK(e.problems()[0].found == "van");
    }

    // explain names the class and where its numbers come from.
    const std::string text = p.explain({{"units", "1"}, {"product", "box"}, {"distance", "100"}, {"vehicle_class", "small"}});
    CHECK(text.find("vehicle_per_km(small, state: empty, scope: wtw) = 0.5 kg CO2e/km [small-empty-wtw]") !=
          std::string::npos);
    CHECK(text.find("per_vehicle(box, state: empty, vehicle: small) = 1200 units per vehicle, limited by volume (source: "
                    "vehicle class small; assumption: x") !=
          std::string::npos);
}

TEST_CASE("a declared value that is not a vehicle class of the catalog is refused when the plan is bound") {
    const auto cat = std::make_shared<catalog>(load(box_yaml()));
    const char* const yaml = R"(
id: t
version: 1.0.0
title: t
applicability: []
boundary: []
baseline_scenario: b
functional_unit: f
parameters:
  fixed: []
  monitored:
    - {name: product, description: p, type: product}
    - {name: vehicle_class, description: v, type: text, values: [big, bus], default: big}
equations:
  - name: PE
    term: PE
    expr: vehicle_payload(vehicle_class) * 1 [kg CO2e/kg]
)";
    try {
        (void)plan::bind(load_methodology_yaml(yaml, "t.yaml"), plan_options{library(), cat});
        FAIL("a methodology declaring an unknown vehicle class was bound");
    } catch (const error& e) {
        REQUIRE(e.problems().size() == 1);
        CHECK(e.problems()[0].id == "footprint.catalog.unknown-vehicle-class");
        CHECK(e.problems()[0].message == "no vehicle class 'bus' in the catalog");
        CHECK(e.problems()[0].expected == "one of: big, small");
    }
}

TEST_CASE("default and values belong to text parameters, and the default is one of the values") {
    auto problems_of_methodology = [](const std::string& monitored) {
        const std::string yaml = "id: t\nversion: 1.0.0\ntitle: t\napplicability: []\nboundary: []\n"
                                 "baseline_scenario: b\nfunctional_unit: f\nparameters:\n  fixed: []\n  monitored:\n" +
                                 monitored + "equations:\n  - name: PE\n    term: PE\n    expr: 0 [kg CO2e]\n";
        try {
            (void)load_methodology_yaml(yaml, "t.yaml");
        } catch (const error& e) {
            return e.problems();
        }
        return std::vector<diagnostic>{};
    };
    auto p = problems_of_methodology("    - {name: n, description: d, type: number, default: big}\n");
    REQUIRE(p.size() == 1);
    CHECK(p[0].id == "footprint.methodology.choices");
    p = problems_of_methodology("    - {name: v, description: d, type: text, values: [a, b], default: c}\n");
    REQUIRE(p.size() == 1);
    CHECK(p[0].id == "footprint.methodology.choices");
    CHECK(p[0].expected == "one of: a, b");
    CHECK(problems_of_methodology("    - {name: v, description: d, type: text, values: [a, b], default: b}\n").empty());
}
