// A pooled reusable unit's life (methodology 2.0.0): components with lives of
// their own, end of life split between units retired at design life and units
// lost on the way, units per vehicle and gross mass for ISO 14083 allocation,
// and the catalog checks around them. Inline data; every value is worked out
// by hand in the comments.

#include <doctest/doctest.h>

#include <cmath>
#include <memory>

#include "footprint/methodology/methodology.hpp"
#include "footprint/plan/plan.hpp"
#include "footprint/products/catalog.hpp"
#include "footprint/products/cfp.hpp"
#include "support/batch_builder.hpp"

using namespace footprint;

namespace {

// Round numbers, so that the arithmetic below can be followed with a pencil.
const char* const factors_yaml = R"(
regions:
  - {id: CN, name: China, parent: GLO}
sources:
  - {id: s, publisher: P, title: T, year: 2024}
factors:
  - {id: pp, name: PP, activity: material.pp, activity_unit: kg, value: 2.0, unit: kg CO2e/kg,
     scope: cradle-to-gate, region: GLO, years: [2020, 2030], source: s}
  - {id: hdpe, name: HDPE, activity: material.hdpe, activity_unit: kg, value: 3.0, unit: kg CO2e/kg,
     scope: cradle-to-gate, region: GLO, years: [2020, 2030], source: s}
  - {id: regrind, name: PP regrind, activity: eol.recycling.pp, activity_unit: kg, value: 0.01, unit: kg CO2e/kg,
     scope: end-of-life, region: GLO, years: [2020, 2030], source: s}
  - {id: burn, name: PP burnt, activity: eol.incineration.pp, activity_unit: kg, value: 3.0, unit: kg CO2e/kg,
     scope: end-of-life, region: GLO, years: [2020, 2030], source: s}
  - {id: truck-empty, name: Truck empty, activity: freight.road.vehicle, activity_unit: km, value: 0.8,
     unit: kg CO2e/km, scope: wtw, region: GLO, years: [2020, 2030], source: s}
  - {id: truck-full, name: Truck full, activity: freight.road.vehicle, activity_unit: km, value: 1.3,
     unit: kg CO2e/km, scope: wtw, region: GLO, years: [2020, 2030], source: s}
)";

// A pool box of two components: the box itself (2 kg PP, the product's design life of 10
// trips) and a pad (1 kg HDPE) that lasts 5 trips. Retired boxes are reground, lost ones burnt.
const char* const pool_yaml = R"(
id: pool-box
name: Pool box
kind: reusable
capacity: "100 L"
tare_mass: {value: 3, unit: kg, assumption: {text: 2 kg box + 1 kg pad, reason: test}}
gross_mass: {value: 23, unit: kg, assumption: {text: 3 kg + 20 kg of goods, reason: test}}
per_vehicle:
  loaded: {value: 1000, limit: pallet_places, assumption: {text: x, reason: test}}
  empty: {value: 4000, limit: volume, assumption: {text: x, reason: test}}
design_life_trips: 10
stages:
  raw_material:
    - {name: box, component: box, activity: material.pp, quantity: "2 kg", assumption: {text: x, reason: test}}
    - {name: pad, component: pad, activity: material.hdpe, quantity: "1 kg", life_trips: 5,
       assumption: {text: x, reason: test}}
  end_of_life:
    - {name: box reground, component: box, activity: eol.recycling.pp, quantity: "2 kg", route: retired,
       assumption: {text: x, reason: test}}
    - {name: box burnt, component: box, activity: eol.incineration.pp, quantity: "2 kg", route: lost,
       assumption: {text: x, reason: test}}
)";

// The carton it replaces: 1 kg of PP-equivalent board for the test, and a pooled pallet
// component (2 kg HDPE) that serves 20 loads.
const char* const carton_yaml = R"(
id: carton
name: Carton
kind: single-use
capacity: "50 L"
tare_mass: {value: 1, unit: kg, assumption: {text: x, reason: test}}
gross_mass: {value: 11, unit: kg, assumption: {text: 1 kg + 10 kg of goods, reason: test}}
per_vehicle:
  loaded: {value: 2000, limit: pallet_places, assumption: {text: x, reason: test}}
stages:
  raw_material:
    - {name: carton, activity: material.pp, quantity: "1 kg", assumption: {text: x, reason: test}}
    - {name: pallet share, component: pallet, activity: material.hdpe, quantity: "2 kg", life_trips: 20,
       assumption: {text: x, reason: test}}
)";

struct fixture {
    std::shared_ptr<factor_library> lib = std::make_shared<factor_library>(load_factor_yaml(factors_yaml, "f.yaml"));
    std::shared_ptr<catalog> cat = std::make_shared<catalog>(
        load_catalog_yaml({{"pool.yaml", pool_yaml}, {"carton.yaml", carton_yaml}}, lib.get()));
};

const fixture& data() {
    static const fixture f;
    return f;
}

std::vector<diagnostic> catalog_problems(const std::string& yaml) {
    try {
        (void)load_catalog_yaml({{"p.yaml", yaml}}, data().lib.get());
    } catch (const error& e) {
        return e.problems();
    }
    return {};
}

}  // namespace

TEST_CASE("expected trips and route weights of a component, worked by hand") {
    // E(L, p) = (1 - (1 - p)^L) / p. L = 10, p = 0.1: 0.9^10 = 0.3486784401, E = 6.513215599.
    CHECK(expected_trips(10, 0.1) == doctest::Approx(6.513215599).epsilon(1e-12));
    // L = 5: 0.9^5 = 0.59049, E = 4.0951.
    CHECK(expected_trips(5, 0.1) == doctest::Approx(4.0951).epsilon(1e-12));
    // No loss: a component serves its whole life.
    CHECK(expected_trips(10, 0.0) == 10.0);
    // Of the copies of a 10-trip component, 0.9^10 reach their life (retired), the rest are lost.
    CHECK(route_weight(end_of_life_route::retired, 10, 0.1) == doctest::Approx(0.3486784401).epsilon(1e-12));
    CHECK(route_weight(end_of_life_route::lost, 10, 0.1) == doctest::Approx(0.6513215599).epsilon(1e-12));
    CHECK(route_weight(end_of_life_route::every_unit, 10, 0.1) == 1.0);
}

TEST_CASE("a pool box's life per trip: each component over its own expected trips, end of life by route") {
    const packaging_product* box = data().cat->find("pool-box");
    REQUIRE(box != nullptr);
    CHECK(box->gross_mass->value == 23);
    // A per_vehicle block without vehicle classes (the 2.0.0 form) is kept under "".
    REQUIRE(box->units_per_vehicle("", "loaded") != nullptr);
    CHECK(box->units_per_vehicle("", "loaded")->units == 1000);
    CHECK(box->units_per_vehicle("", "loaded")->limit == load_limit::pallet_places);
    CHECK(box->units_per_vehicle("", "empty")->units == 4000);
    CHECK(box->units_per_vehicle("", "empty")->limit == load_limit::volume);
    const cfp_options o{};
    // Raw material, p = 0.1: box 2 kg × 2.0 / E(10) = 4 / 6.513215599 = 0.6141360
    //                        pad 1 kg × 3.0 / E(5)  = 3 / 4.0951      = 0.7325828
    //                        sum                                      = 1.3467188 kg
    CHECK(footprint_per_trip(*box, *data().lib, o, 0.1, "raw_material") ==
          doctest::Approx(4.0 / 6.513215599 + 3.0 / 4.0951).epsilon(1e-9));
    CHECK(footprint_per_trip(*box, *data().lib, o, 0.1, "raw_material") == doctest::Approx(1.3467188).epsilon(1e-6));
    // End of life, p = 0.1: retired 2 kg × 0.01 × 0.3486784401 / 6.513215599 = 0.0010707
    //                       lost    2 kg × 3.0  × 0.6513215599 / 6.513215599 = 0.6 exactly (6 × 0.1)
    //                       sum                                              = 0.6010707 kg
    CHECK(footprint_per_trip(*box, *data().lib, o, 0.1, "end_of_life") == doctest::Approx(0.6010707).epsilon(1e-6));
    // Without loss every unit retires: 2 × 0.01 / 10 = 0.002 kg, and the lost route weighs nothing.
    CHECK(footprint_per_trip(*box, *data().lib, o, 0.0, "end_of_life") == doctest::Approx(0.002).epsilon(1e-12));
    // All stages at p = 0: raw 4/10 + 3/5 = 1.0, end of life 0.002 → 1.002 kg.
    CHECK(footprint_per_trip(*box, *data().lib, o, 0.0, "") == doctest::Approx(1.002).epsilon(1e-12));
    // `footprint cfp` per trip shares the same way without loss; the declared unit (one box made
    // and retired) counts the retired route only: raw 2×2 + 1×3 = 7 kg, end of life 0.02 kg.
    const product_footprint fp = compute_product_footprint(*box, *data().lib, o);
    CHECK(fp.per_trip.grams == 1002);
    CHECK(fp.per_unit.grams == 7020);
}

TEST_CASE("a single-use load with a pooled pallet: the pallet is shared over the loads it serves") {
    const packaging_product* carton = data().cat->find("carton");
    REQUIRE(carton != nullptr);
    // 1 kg × 2.0 + 2 kg × 3.0 / 20 loads = 2.0 + 0.3 = 2.3 kg per load.
    CHECK(footprint_per_trip(*carton, *data().lib, cfp_options{}, 0.0, "raw_material") ==
          doctest::Approx(2.3).epsilon(1e-12));
}

TEST_CASE("methodology functions gross_mass, per_vehicle and cfp_per_trip bind and evaluate") {
    const std::string yaml = R"(id: t
version: "1"
title: test
baseline_scenario: b
functional_unit: f
applicability: []
boundary: []
parameters:
  fixed:
    - {name: annual_loss, description: l, value: 0.271, unit: "1", assumption: {text: t, reason: r}}
    - {name: cycles_per_year, description: c, value: 3, unit: "1", assumption: {text: t, reason: r}}
    - {name: payload, description: p, value: 20, unit: t, assumption: {text: t, reason: r}}
  monitored:
    - {name: units, description: u, type: integer, unit: "1"}
    - {name: product, description: p, type: product}
    - {name: distance, description: d, type: number, unit: km}
equations:
  - name: loss
    expr: 1 - pow(1 - annual_loss, 1 / cycles_per_year)
  - name: empty_load_factor
    expr: min(per_vehicle(product, state="empty") * tare(product) / payload, 1)
  - name: PE_life
    term: PE
    expr: units * cfp_per_trip(product, loss=loss, stage="raw_material")
  - name: PE_return
    term: PE
    expr: >-
      units * (factor(id="truck-empty") + (factor(id="truck-full") - factor(id="truck-empty")) * empty_load_factor)
      * distance / per_vehicle(product, state="empty")
  - name: PE_loaded
    term: PE
    expr: units * factor(id="truck-full") * distance / per_vehicle(product, state="loaded") * tare(product) / gross_mass(product)
)";
    plan p = plan::bind(load_methodology_yaml(yaml, "t.yaml"), plan_options{data().lib, data().cat});
    const auto row = p.evaluate_row({{"units", "2"}, {"product", "pool-box"}, {"distance", "300"}});
    // loss = 1 - 0.729^(1/3) = 1 - 0.9 = 0.1 per trip, so the raw material per trip is the
    // 1.3467188 kg of the case above; two units: 2.6934376 kg.
    CHECK(row.at("PE_life") == doctest::Approx(2 * (4.0 / 6.513215599 + 3.0 / 4.0951)).epsilon(1e-9));
    // Return: 4000 empties × 3 kg = 12 t of 20 t → load factor 0.6; 0.8 + 0.5 × 0.6 = 1.1 kg/km;
    // 2 × 1.1 × 300 / 4000 = 0.165 kg.
    CHECK(row.at("PE_return") == doctest::Approx(0.165).epsilon(1e-12));
    // Loaded: 2 × 1.3 × 300 / 1000 × 3 / 23 = 0.1017391 kg.
    CHECK(row.at("PE_loaded") == doctest::Approx(2 * 1.3 * 300 / 1000 * 3.0 / 23.0).epsilon(1e-12));
    // Grams, project rounded up: 2693.4376 + 165 + 101.7391 → 2694 + 165 + 102 = 2961 g.
    CHECK(row.at("PE_g") == 2961);
}

TEST_CASE("cfp_per_trip needs a constant loss below 1; per_vehicle needs a load state; key arguments are checked") {
    const std::string head = R"(id: t
version: "1"
title: test
baseline_scenario: b
functional_unit: f
applicability: []
boundary: []
parameters:
  fixed:
    - {name: q, description: q, value: 1, unit: "1", assumption: {text: t, reason: r}}
  monitored:
    - {name: units, description: u, type: integer, unit: "1"}
    - {name: product, description: p, type: product}
equations:
  - name: PE_x
    term: PE
    expr: )";
    auto problem = [&](const std::string& expr) -> diagnostic {
        try {
            (void)plan::bind(load_methodology_yaml(head + expr + "\n", "t.yaml"), plan_options{data().lib, data().cat});
        } catch (const error& e) {
            return e.problems().front();
        }
        return {};
    };
    diagnostic d = problem("cfp_per_trip(product, loss=units / 1000)");
    CHECK(d.id == "footprint.expr.type");
    CHECK(d.message == "cfp_per_trip(): loss must be a constant probability per trip, at least 0 and below 1");
    CHECK(problem("cfp_per_trip(product, loss=q)").id == "footprint.expr.type");  // 1 is not below 1
    CHECK(problem("cfp_per_trip(product, stage=\"use\")").id == "footprint.expr.argument");
    // Found by fuzz_expression: a text year reached std::stod when the table was built and aborted the
    // process; a key argument given twice had its second value ignored. Both are refused at binding.
    d = problem("units * trip_inventory(product, tag=\"washing\", year=\"consumable\", stage=\"use\") * 1 [kg CO2e]");
    CHECK(d.id == "footprint.expr.type");
    CHECK(d.found == "\"consumable\"");
    d = problem("units * trip_inventory(product, tag=\"washing\", year=2020, stage=\"use\", year=2021)");
    CHECK(d.id == "footprint.expr.argument");
    CHECK(d.message == "trip_inventory() has the argument 'year' twice");
    d = problem("per_vehicle(product, state=\"full\") * 1 [kg CO2e]");
    CHECK(d.id == "footprint.expr.argument");
    CHECK(d.message == "per_vehicle() needs the load state");
    CHECK(d.expected == "state=\"loaded\" or state=\"empty\"");
}

TEST_CASE("catalog: routes, load limits and gross mass are checked where they are written") {
    // A route on a single-use product.
    auto p = catalog_problems(R"(
id: c
name: C
kind: single-use
capacity: "50 L"
tare_mass: {value: 1, unit: kg, assumption: {text: x, reason: test}}
stages:
  end_of_life:
    - {name: burnt, activity: eol.incineration.pp, quantity: "1 kg", route: lost, assumption: {text: x, reason: test}}
)");
    REQUIRE(p.size() == 1);
    CHECK(p[0].id == "footprint.catalog.route");
    CHECK(p[0].message == "route belongs to end-of-life items of reusable products");
    CHECK(p[0].where.line == 9);
    // An unknown route, an unknown load limit, a gross mass below the tare and an empty leg on a
    // single-use product: four problems, reported together.
    p = catalog_problems(R"(
id: c
name: C
kind: single-use
capacity: "50 L"
tare_mass: {value: 5, unit: kg, assumption: {text: x, reason: test}}
gross_mass: {value: 4, unit: kg, assumption: {text: x, reason: test}}
per_vehicle:
  loaded: {value: 10, limit: weight, assumption: {text: x, reason: test}}
  empty: {value: 10, limit: volume, assumption: {text: x, reason: test}}
stages:
  end_of_life:
    - {name: burnt, activity: eol.incineration.pp, quantity: "1 kg", route: stolen, assumption: {text: x, reason: test}}
)");
    REQUIRE(p.size() == 4);
    std::vector<std::string> ids;
    for (const auto& d : p) ids.push_back(d.id);
    CHECK(std::count(ids.begin(), ids.end(), "footprint.catalog.route") == 1);
    CHECK(std::count(ids.begin(), ids.end(), "footprint.catalog.load-limit") == 1);
    CHECK(std::count(ids.begin(), ids.end(), "footprint.quantity.out-of-range") == 1);
    CHECK(std::count(ids.begin(), ids.end(), "footprint.catalog.kind") == 1);
    // Two PP components of one product each end in their own mix: shares are summed per
    // component, so 1 + 1 over two components is accepted, 0.6 + 0.6 within one is not.
    const std::string two = R"(
id: r
name: R
kind: reusable
capacity: "50 L"
tare_mass: {value: 2, unit: kg, assumption: {text: x, reason: test}}
design_life_trips: 10
stages:
  end_of_life:
    - {name: a, component: a, activity: eol.recycling.pp, quantity: "1 kg", share: SA, route: retired, assumption: {text: x, reason: test}}
    - {name: b, component: B, activity: eol.recycling.pp, quantity: "1 kg", share: 0.6, route: retired, assumption: {text: x, reason: test}}
)";
    auto with = [&](const char* share, const char* comp) {
        std::string y = two;
        y.replace(y.find("SA"), 2, share);
        y.replace(y.find("component: B"), 12, std::string("component: ") + comp);
        return catalog_problems(y);
    };
    CHECK(with("1", "b").empty());
    p = with("0.6", "a");
    REQUIRE(p.size() == 1);
    CHECK(p[0].id == "footprint.catalog.eol-shares");
    CHECK(p[0].message == "end-of-life shares of a: pp (retired units) add up to more than 1");
}

TEST_CASE("a memo term is reported per row but never added to BE, PE or LE") {
    const std::string yaml = R"(id: t
version: "1"
title: test
baseline_scenario: b
functional_unit: f
applicability: []
boundary: []
parameters:
  fixed: []
  monitored:
    - {name: distance, description: d, type: number, unit: km}
equations:
  - name: PE_leg
    term: PE
    expr: factor(id="truck-full") * distance / 1000
  - name: leg_memo
    term: memo
    expr: factor(id="truck-empty") * distance / 1000
)";
    plan p = plan::bind(load_methodology_yaml(yaml, "t.yaml"), plan_options{data().lib, data().cat});
    // 1.3 × 1234.5 / 1000 = 1.60485 kg → 1605 g (project, up); memo 0.8 × 1234.5 / 1000 = 0.9876 kg → 988 g (nearest).
    const auto row = p.evaluate_row({{"distance", "1234.5"}});
    CHECK(row.at("PE_g") == 1605);
    CHECK(row.at("ER_g") == -1605);
    CHECK(row.at("leg_memo") == doctest::Approx(0.9876).epsilon(1e-12));
    testing::batch_builder b(p);
    b.add({{"distance", "1234.5"}});
    plan::evaluator ev(p);
    batch_output out;
    ev.run(b.view(), out);
    REQUIRE(p.components().size() == 2);
    CHECK(p.components()[1].term == emission_term::memo);
    CHECK(out.project_g[0] == 1605);
    CHECK(out.component_g[1][0] == 988);
    CHECK(out.reduction_g[0] == -1605);
    // A methodology whose only equation is a memo has no term: refused as before.
    const std::string only_memo = yaml.substr(0, yaml.find("  - name: PE_leg")) +
                                  "  - name: m\n    term: memo\n    expr: 1 [kg CO2e]\n";
    try {
        (void)load_methodology_yaml(only_memo, "t.yaml");
        FAIL("expected footprint.methodology.no-terms");
    } catch (const error& e) {
        CHECK(e.problems().front().id == "footprint.methodology.no-terms");
    }
}
