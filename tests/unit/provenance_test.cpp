// Provenance to the primary factor: every catalog value a plan looks up
// records its chain product → stage → item → factor → source, with the factor
// set that supplied the factor (the base or an overlay), the GWP basis and
// the look-up's fallback path; explain prints the same chain.
//
// The expected values were read by hand from the YAML files named in each
// check (factors/materials.yaml, factors/china-electricity.yaml,
// methodologies/catalog/steel-drum-208l.yaml, foldable-ibc-1000l-pool.yaml,
// tests/data/overlay-grid/grid.yaml), not from the program's output.

#include <doctest/doctest.h>

#include <cmath>

#include "footprint/methodology/methodology.hpp"
#include "footprint/plan/plan.hpp"
#include "footprint/products/catalog.hpp"
#include "support/batch_builder.hpp"

using namespace footprint;
using footprint::testing::batch_builder;

namespace {

const std::filesystem::path source_dir = FOOTPRINT_SOURCE_DIR;

/// The bundled factors as the base set `footprint-default`, with the test overlay on top when asked.
std::shared_ptr<const factor_library> factors(bool with_overlay) {
    factor_library lib = load_factor_directory(source_dir / "factors");
    lib.describe_base(factor_layer{"footprint-default", "test", "", "factors/"});
    if (with_overlay) {
        factor_library own = load_factor_directory(source_dir / "tests" / "data" / "overlay-grid");
        own.describe_base(factor_layer{"test-own-grid", "1", "", "tests/data/overlay-grid/"});
        lib.add_overlay(own);
    }
    return std::make_shared<const factor_library>(std::move(lib));
}

plan bind(const std::shared_ptr<const factor_library>& lib,
          const std::string& methodology_file = "reusable-packaging-reduction.yaml") {
    auto products = std::make_shared<const catalog>(load_catalog_directory(source_dir / "methodologies" / "catalog", lib.get()));
    return plan::bind(load_methodology(source_dir / "methodologies" / methodology_file),
                      plan_options{lib, products, &gwp_ar6, {}});
}

// A chemical customer's trip in March 2021 from a Jiangsu depot: foldable IBCs against 208 L drums,
// the products of the demo (2.1.0: the pool IBC and the sheet drum).
const std::map<std::string, std::string> chem_row{
    {"units", "8"},               {"reusable_product", "foldable-ibc-1000l-pool"},
    {"baseline_product", "steel-drum-208l-sheet"}, {"date", "2021-03-09"},
    {"loaded_distance", "45"},    {"return_distance", "42.4"},
    {"grid_region", "CN-Jiangsu"}, {"washed", "1"},
    {"vehicle_class", "artic-33t-plus"}};

// The same trip with the products of 1.0.0, whose drum's steel is the crude-steel factor by activity.
const std::map<std::string, std::string> chem_row_100{
    {"units", "8"},               {"reusable_product", "foldable-ibc-1000l"},
    {"baseline_product", "steel-drum-208l"}, {"date", "2021-03-09"},
    {"loaded_distance", "45"},    {"return_distance", "42.4"},
    {"grid_region", "CN-Jiangsu"}, {"washed", "1"}};

std::vector<resolved_value> lookups_of(const plan& p, const std::map<std::string, std::string>& given = chem_row) {
    batch_builder b(p);
    std::map<std::string, std::string> row;
    for (const auto& mp : p.inputs()) row[mp.name] = given.at(mp.name);
    b.add(row);
    plan::evaluator ev(p);
    batch_output out;
    ev.run(b.view(), out);
    REQUIRE(out.problem[0] == 0);
    return ev.lookups();
}

const resolved_value& find_label(const std::vector<resolved_value>& values, const std::string& label) {
    for (const auto& v : values)
        if (v.label == label) return v;
    FAIL("no look-up labelled " << label);
    throw;
}

const factor_chain_link* find_factor(const resolved_value& v, const std::string& factor_id) {
    for (const auto& l : v.chain)
        if (l.factor_id == factor_id) return &l;
    return nullptr;
}

const std::string washing = "trip_inventory(foldable-ibc-1000l-pool, tag: washing, year: 2021, region: CN-Jiangsu)";

}  // namespace

TEST_CASE("the crude-steel drum of 1.0.0 is traced to the worldsteel factor, its publication and table") {
    const auto values = lookups_of(bind(factors(false), "archive/reusable-packaging-reduction-1.0.0.yaml"), chem_row_100);
    const resolved_value& steel = find_label(values, "cfp(steel-drum-208l, stage: raw_material, year: 2021)");
    // steel-drum-208l.yaml: one raw-material item, 18.1 kg of material.steel in region GLO (by activity);
    // materials.yaml: worldsteel.crude-steel.co2-intensity.2021, GLO, years 2021, 1.91 t CO2/t.
    // 18.1 kg × 1.91 = 34.571 kg CO2e.
    CHECK(steel.value == doctest::Approx(34.571).epsilon(1e-12));
    REQUIRE(steel.chain.size() == 1);
    const factor_chain_link& l = steel.chain[0];
    CHECK(l.product == "steel-drum-208l");
    CHECK(l.stage == "raw_material");
    CHECK(l.item == "cold-rolled steel sheet (body, heads, rolling hoops, closures)");
    CHECK(l.factor_id == "worldsteel.crude-steel.co2-intensity.2021");
    CHECK(l.source_id == "worldsteel-sustainability-indicators-2023");
    CHECK(l.table == "Environmental performance, indicator 1 CO2 emissions intensity (tonnes CO2/tonne crude steel cast), column 2021");
    CHECK(l.factor_set == "footprint-default");
    CHECK(l.gwp == "AR6");  // given as t CO2/t: the CO2 mass, weighted with the plan's GWP set (CO2 = 1)
    REQUIRE(l.fallback_path.size() == 1);
    CHECK(l.fallback_path[0].find("GLO") != std::string::npos);
    CHECK(l.fallback_path[0].find("worldsteel.crude-steel.co2-intensity.2021") != std::string::npos);
}

TEST_CASE("the demo's sheet drum is traced to the DESNZ steel-cans factor, named by id, GWP as published") {
    const auto values = lookups_of(bind(factors(false)));
    const resolved_value& steel =
        find_label(values, "cfp_per_trip(steel-drum-208l-sheet, loss: 0, stage: raw_material, year: 2021)");
    // steel-drum-208l-sheet.yaml: one raw-material item, 18.1 kg, factor desnz2025.material.steel-cans.primary
    // by id; materials.yaml: 2863.90131 kg CO2e/t, gwp AR5, years 2025. 18.1 × 2.86390131 = 51.836613711 kg.
    CHECK(steel.value == doctest::Approx(51.836613711).epsilon(1e-12));
    REQUIRE(steel.chain.size() == 1);
    const factor_chain_link& l = steel.chain[0];
    CHECK(l.product == "steel-drum-208l-sheet");
    CHECK(l.factor_id == "desnz2025.material.steel-cans.primary");
    CHECK(l.source_id == "desnz-2025-material-use");
    CHECK(l.table == "Material use; Level 2 Metal; Level 3 'Metal: steel cans'; column 'Primary material production'; "
                     "UOM tonnes; kg CO2e");
    CHECK(l.gwp == "AR5 (as published)");
    REQUIRE(l.fallback_path.size() == 1);
    CHECK(l.fallback_path[0] == "named by id → desnz2025.material.steel-cans.primary (valid 2025–2025, used for 2021)");
}

TEST_CASE("the washing electricity is traced to the MEE/NBS regional grid factor with its fallback") {
    const auto values = lookups_of(bind(factors(false)));
    const resolved_value& v = find_label(values, washing);
    // foldable-ibc-1000l-pool.yaml, washing items: 0.1 m3 water supply (desnz2025.water.supply), 0.1 m3
    // wastewater (desnz2025.wastewater.treatment), 1.0 kWh electricity.grid (by activity), 0.05 kg detergent
    // (spc2022...): four links. china-electricity.yaml has no 2021 factor for CN-East, the grid of Jiangsu
    // (regions.yaml), so the look-up climbs CN-Jiangsu → CN-East and takes the nearest later year, 2022:
    // cn.grid.2022.east.mee-nbs, 0.5617 kg CO2/kWh, source mee-nbs-2022-electricity-co2.
    CHECK(v.chain.size() == 4);
    const factor_chain_link* grid = find_factor(v, "cn.grid.2022.east.mee-nbs");
    REQUIRE(grid != nullptr);
    CHECK(grid->product == "foldable-ibc-1000l-pool");
    CHECK(grid->stage == "use");
    CHECK(grid->source_id == "mee-nbs-2022-electricity-co2");
    CHECK(grid->table == "Annex, regional average electricity CO2 emission factors, 华东, 2022");
    CHECK(grid->factor_set == "footprint-default");
    REQUIRE(grid->fallback_path.size() >= 2);
    CHECK(grid->fallback_path.front().find("CN-Jiangsu") != std::string::npos);
    CHECK(grid->fallback_path.back().find("cn.grid.2022.east.mee-nbs") != std::string::npos);
    // The source the link names is in the factor set, with its publisher.
    const auto lib = factors(false);
    const source_record* src = lib->find_source(grid->source_id);
    REQUIRE(src != nullptr);
    CHECK(src->publisher == "Ministry of Ecology and Environment (MEE) and National Bureau of Statistics (NBS) of China");
    CHECK(src->year == 2024);
}

TEST_CASE("a factor from an overlay set names the overlay, and changes the value it enters") {
    const auto base = lookups_of(bind(factors(false)));
    const auto over = lookups_of(bind(factors(true)));
    const resolved_value& b = find_label(base, washing);
    const resolved_value& o = find_label(over, washing);
    // tests/data/overlay-grid/grid.yaml: test.grid.jiangsu.contracted, CN-Jiangsu, 2020-2021, 0.25 kg CO2/kWh.
    // It is finer than CN-East, so it wins; the washing value falls by 1.0 kWh × (0.5617 − 0.25) = 0.3117 kg.
    const factor_chain_link* own = find_factor(o, "test.grid.jiangsu.contracted");
    REQUIRE(own != nullptr);
    CHECK(own->factor_set == "test-own-grid");
    CHECK(own->source_id == "test-own-metering-jiangsu");
    CHECK(own->table == "metering summary, 2020-2021");
    CHECK(find_factor(o, "cn.grid.2022.east.mee-nbs") == nullptr);
    CHECK(b.value - o.value == doctest::Approx(0.3117).epsilon(1e-9));
    // The other washing items still come from the base set.
    for (const auto& l : o.chain)
        if (l.factor_id != own->factor_id) CHECK(l.factor_set == "footprint-default");
}

TEST_CASE("explain prints each value's chain down to the source's publisher, table and year") {
    plan p = bind(factors(true), "archive/reusable-packaging-reduction-1.0.0.yaml");
    std::map<std::string, std::string> row;
    for (const auto& mp : p.inputs()) row[mp.name] = chem_row_100.at(mp.name);
    const std::string text = p.explain(row);
    CHECK(text.find("from steel-drum-208l → raw_material → cold-rolled steel sheet (body, heads, rolling hoops, "
                    "closures) → factor worldsteel.crude-steel.co2-intensity.2021 (set footprint-default, GWP AR6)") !=
          std::string::npos);
    CHECK(text.find("source: worldsteel-sustainability-indicators-2023: World Steel Association (worldsteel), "
                    "\"Sustainability Indicators 2023 report") != std::string::npos);
    CHECK(text.find("2023; table: Environmental performance, indicator 1 CO2 emissions intensity (tonnes CO2/tonne "
                    "crude steel cast), column 2021") != std::string::npos);
    CHECK(text.find("factor test.grid.jiangsu.contracted (set test-own-grid, GWP AR6)") != std::string::npos);
}
