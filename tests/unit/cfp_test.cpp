// Product footprints: E_stage = Σ M_i × EF_i, stage sums, fossil/biogenic,
// reusable per-trip sharing, and catalog validation, on inline data whose
// results are worked out by hand in the comments.

#include <doctest/doctest.h>

#include "footprint/products/catalog.hpp"
#include "footprint/products/cfp.hpp"
#include "footprint/products/cfp_report.hpp"

using namespace footprint;

namespace {

const char* const factors_yaml = R"(
regions:
  - {id: CN, name: China, parent: GLO}
sources:
  - {id: s, publisher: P, title: T, year: 2024}
factors:
  - {id: steel, name: Steel, activity: material.steel, activity_unit: t, value: 1.91, unit: t CO2e/t,
     scope: cradle-to-gate, region: GLO, years: [2021, 2030], source: s}
  - {id: hdpe, name: HDPE, activity: material.hdpe, activity_unit: kg, value: 1.9, unit: kg CO2e/kg,
     scope: cradle-to-gate, region: GLO, years: [2009, 2030], source: s}
  - {id: grid, name: Grid, activity: electricity.grid, activity_unit: kWh, value: 0.5366, unit: kg CO2/kWh,
     scope: combustion, region: CN, years: [2022, 2022], source: s}
  - {id: diesel, name: Diesel, activity: fuel.diesel.combustion, activity_unit: TJ, unit: kg/TJ,
     gases: {CO2: 74100, CH4: 3, N2O: 0.6}, scope: combustion, region: GLO, years: [2006, 2035], source: s}
  - {id: truck, name: Truck, activity: freight.road.truck, activity_unit: tkm, value: 0.09516, unit: kg CO2e/tkm,
     scope: ttw, region: GLO, years: [2019, 2030], source: s}
  - {id: wood-burn, name: Wood burnt, activity: eol.incineration.wood, activity_unit: kg, value: 1.5, unit: kg CO2e/kg,
     scope: end-of-life, fossil: false, region: GLO, years: [2020, 2030], source: s}
)";

const char* const drum_yaml = R"(
id: drum
name: Test drum
kind: single-use
capacity: "208 L"
tare_mass: {value: 18.1, unit: kg, source: spec}
sources:
  - {id: spec, publisher: Maker, title: Drum spec, year: 2020}
stages:
  raw_material:
    - {name: steel, activity: material.steel, quantity: "18.1 kg", source: spec}
  production:
    - {name: forming power, activity: electricity.grid, quantity: "12 kWh", year: 2022,
       assumption: {text: 12 kWh, reason: test}}
    - {name: burner, activity: fuel.diesel.combustion, quantity: "0.002 TJ", assumption: {text: x, reason: test}}
  distribution:
    - {name: delivery, activity: freight.road.truck, quantity: "3.62 tkm", assumption: {text: x, reason: test}}
  end_of_life:
    - {name: pallet burnt, activity: eol.incineration.wood, quantity: "2 kg", share: 0.25,
       assumption: {text: x, reason: test}}
)";

const char* const box_yaml = R"(
id: box
name: Test box
kind: reusable
capacity: "60 L"
tare_mass: {value: 2.0, unit: kg, assumption: {text: 2 kg, reason: test}}
design_life_trips: 50
stages:
  raw_material:
    - {name: HDPE, activity: material.hdpe, quantity: "2 kg", assumption: {text: x, reason: test}}
per_trip:
  - {name: return haulage, stage: distribution, activity: freight.road.truck, quantity: "0.4 tkm",
     assumption: {text: x, reason: test}}
)";

}  // namespace

TEST_CASE("a single-use drum: every item, stage and total worked by hand") {
    factor_library lib = load_factor_yaml(factors_yaml, "f.yaml");
    catalog cat = load_catalog_yaml({{"drum.yaml", drum_yaml}}, &lib);
    const packaging_product* drum = cat.find("drum");
    REQUIRE(drum != nullptr);
    product_footprint fp = compute_product_footprint(*drum, lib, cfp_options{});  // AR6, 2023, CN
    const footprint_result& r = fp.per_unit;
    // raw material: 18.1 kg × 1.91 kg CO2e/kg = 34.571 kg          → 34 571 g
    CHECK(r.stage(life_cycle_stage::raw_material).grams == 34571);
    // production: 12 kWh × 0.5366 = 6.4392 kg                     →  6 439 g
    //   diesel 0.002 TJ × (74100 + 3×27.9 + 0.6×273) = 0.002 × 74347.5 = 148.695 kg → 148 695 g
    CHECK(r.stage(life_cycle_stage::production).items[0].grams == 6439);
    CHECK(r.stage(life_cycle_stage::production).items[1].grams == 148695);
    CHECK(r.stage(life_cycle_stage::production).grams == 155134);
    // distribution: 3.62 tkm × 0.09516 = 0.3444792 kg              →    344 g
    CHECK(r.stage(life_cycle_stage::distribution).grams == 344);
    // end of life: 2 kg × 0.25 × 1.5 = 0.75 kg, biogenic           →    750 g
    CHECK(r.stage(life_cycle_stage::end_of_life).grams == 750);
    CHECK(r.stage(life_cycle_stage::end_of_life).biogenic_grams == 750);
    // total: 34 571 + 155 134 + 344 + 750 = 190 799 g; biogenic 750, fossil 190 049
    CHECK(r.grams == 190799);
    CHECK(r.biogenic_grams == 750);
    CHECK(r.fossil_grams == 190049);
    std::int64_t sum = 0;
    for (const auto& st : r.stages) sum += st.grams;
    CHECK(sum == r.grams);
    // Per-gas: the diesel item gives CH4 = 0.002 × 3 = 0.006 kg, N2O 0.0012 kg;
    // CO2 = 148.2 (diesel) + 6.4392 (grid) = 154.6392 kg.
    CHECK(r.gases.kg[static_cast<std::size_t>(gas_id::ch4)] == doctest::Approx(0.006));
    CHECK(r.gases.kg[static_cast<std::size_t>(gas_id::n2o)] == doctest::Approx(0.0012));
    CHECK(r.gases.kg[static_cast<std::size_t>(gas_id::co2)] == doctest::Approx(154.6392));
    // The grid factor for 2022 was found exactly.
    CHECK(r.stage(life_cycle_stage::production).items[0].factor_exact);
    // Single-use: one trip is one unit.
    CHECK(fp.per_trip.grams == fp.per_unit.grams);
}

TEST_CASE("switching the GWP set changes the multi-gas items only") {
    factor_library lib = load_factor_yaml(factors_yaml, "f.yaml");
    catalog cat = load_catalog_yaml({{"drum.yaml", drum_yaml}}, &lib);
    cfp_options ar4;
    ar4.gwp = &gwp_ar4;
    // diesel under AR4: 0.002 × (74100 + 75 + 178.8) = 148.7076 kg → 148 708 g
    auto r = compute_product_footprint(*cat.find("drum"), lib, ar4).per_unit;
    CHECK(r.stage(life_cycle_stage::production).items[1].grams == 148708);
    CHECK(r.gwp == "AR4");
}

TEST_CASE("a reusable box: its own life is shared over its design life") {
    factor_library lib = load_factor_yaml(factors_yaml, "f.yaml");
    catalog cat = load_catalog_yaml({{"box.yaml", box_yaml}}, &lib);
    auto fp = compute_product_footprint(*cat.find("box"), lib, cfp_options{});
    // per unit: 2 kg × 1.9 = 3.8 kg                              → 3 800 g
    CHECK(fp.per_unit.grams == 3800);
    // per trip: 3.8 / 50 = 0.076 kg → 76 g; haulage 0.4 × 0.09516 = 0.038064 → 38 g; total 114 g
    CHECK(fp.per_trip.stage(life_cycle_stage::raw_material).grams == 76);
    CHECK(fp.per_trip.stage(life_cycle_stage::distribution).grams == 38);
    CHECK(fp.per_trip.grams == 114);
}

TEST_CASE("JSON: stage sums equal the total, items carry factor and source") {
    factor_library lib = load_factor_yaml(factors_yaml, "f.yaml");
    catalog cat = load_catalog_yaml({{"drum.yaml", drum_yaml}}, &lib);
    cfp_options o;
    auto fp = compute_product_footprint(*cat.find("drum"), lib, o);
    std::string j = render_cfp_json({fp}, lib, o, false);
    CHECK(j.find("\"total_g_co2e\": 190799") != std::string::npos);
    CHECK(j.find("\"id\": \"steel\"") != std::string::npos);
    CHECK(j.find("\"source\": \"spec\"") != std::string::npos);
    CHECK(format_kg(190799) == "190.799");
    CHECK(format_kg(-5) == "-0.005");
}

TEST_CASE("kWh against a per-kg factor is refused at run time too") {
    factor_library lib = load_factor_yaml(factors_yaml, "f.yaml");
    diagnostics out;
    auto kwh = parse_measured("12 kWh", {}, out);
    REQUIRE(kwh);
    CHECK_THROWS_WITH_AS((void)item_emission(*kwh, 1.0, *lib.find("hdpe"), gwp_ar6),
                         doctest::Contains("[footprint.unit.dimension]"), error);
}

TEST_CASE("a bad catalog file: every problem, with its location") {
    factor_library lib = load_factor_yaml(factors_yaml, "f.yaml");
    const char* bad = R"(id: drum
name: Bad drum
kind: single-use
capacity: "208 furlongs"
tare_mass: {value: -18.1, unit: kg, source: spec}
sources:
  - {id: spec, publisher: Maker, title: Drum spec, year: 2020}
stages:
  raw_material:
    - {name: steel, activity: material.steel, quantity: "18.1 kWh", source: spec}
    - {name: steel, activity: material.kryptonite, quantity: "1 kg", source: spec}
    - {name: steel, activity: material.steel, quantity: "-1 kg", source: nowhere}
    - {name: steel, activity: material.steel, source: spec}
)";
    try {
        (void)load_catalog_yaml({{"bad.yaml", bad}, {"dup.yaml", drum_yaml}, {"dup2.yaml", drum_yaml}}, &lib);
        FAIL("expected an error");
    } catch (const error& e) {
        std::vector<std::string> ids;
        for (const auto& d : e.problems()) ids.push_back(d.id + "@" + d.where.str());
        // Columns point at the value: in line 10, `quantity: ` ends at column 56.
        std::vector<std::string> expected{
            "footprint.unit.unknown@bad.yaml:4:11",
            "footprint.quantity.negative@bad.yaml:5:12",
            "footprint.unit.dimension@bad.yaml:10:57",
            "footprint.factor.not-found@bad.yaml:11:31",
            "footprint.quantity.negative@bad.yaml:12:57",
            "footprint.catalog.unknown-source@bad.yaml:12:74",
            "footprint.yaml.missing-field@bad.yaml:13:7",
            "footprint.catalog.duplicate-id@dup.yaml:2:5",
            "footprint.catalog.duplicate-id@dup2.yaml:2:5",
        };
        CHECK(ids == expected);
    }
}

TEST_CASE("a single-use product with reusable fields, and a tare mass with an unknown key, are refused where they are") {
    // Each of these used to be ignored silently: a folding ratio on a drum, a design
    // life on a carton, a misspelt `sorce` beside the tare mass's assumption.
    factor_library lib = load_factor_yaml(factors_yaml, "f.yaml");
    const char* bad = R"(id: drum
name: Drum
kind: single-use
capacity: "208 L"
tare_mass: {value: 18.1, unit: kg, sorce: spec, assumption: {text: as the bundled drum, reason: test}}
folded_volume_ratio: 0.3
design_life_trips: 4
stages:
  raw_material:
    - {name: steel, activity: material.steel, quantity: "18.1 kg", assumption: {text: tare, reason: test}}
)";
    try {
        (void)load_catalog_yaml({{"bad.yaml", bad}}, &lib);
        FAIL("expected an error");
    } catch (const error& e) {
        std::vector<std::string> ids;
        for (const auto& d : e.problems()) ids.push_back(d.id + "@" + d.where.str());
        // `sorce` is the third key of the flow map on line 5 (column 36); the
        // reusable-only keys are reported at their values, in the order checked.
        std::vector<std::string> expected{
            "footprint.yaml.unknown-field@bad.yaml:5:36",
            "footprint.catalog.kind@bad.yaml:7:20",
            "footprint.catalog.kind@bad.yaml:6:22",
        };
        CHECK(ids == expected);
    }
}
