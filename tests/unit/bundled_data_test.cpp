// The bundled data (factors/ and methodologies/catalog/) loads without a
// problem and gives the footprints worked out by hand below.

#include <doctest/doctest.h>

#include "footprint/products/catalog.hpp"
#include "footprint/products/cfp.hpp"

using namespace footprint;

namespace {
const std::filesystem::path source_dir = FOOTPRINT_SOURCE_DIR;
}

TEST_CASE("bundled factors and catalog load cleanly") {
    factor_library lib = load_factor_directory(source_dir / "factors");
    CHECK(lib.factors().size() > 20);
    catalog cat = load_catalog_directory(source_dir / "methodologies" / "catalog", &lib);
    for (const char* id : {"steel-drum-208l", "corrugated-carton", "foldable-ibc-1000l", "reusable-plastic-box",
                           "foldable-pallet-box"})
        CHECK_MESSAGE(cat.find(id) != nullptr, id);
    for (const auto& [id, p] : cat.products()) {
        auto fp = compute_product_footprint(p, lib, cfp_options{});
        std::int64_t sum = 0;
        for (const auto& st : fp.per_unit.stages) sum += st.grams;
        CHECK_MESSAGE(sum == fp.per_unit.grams, id);
        CHECK_MESSAGE(fp.per_unit.grams > 0, id);
    }
}

TEST_CASE("the bundled 208 L steel drum, worked by hand") {
    factor_library lib = load_factor_directory(source_dir / "factors");
    catalog cat = load_catalog_directory(source_dir / "methodologies" / "catalog", &lib);
    const packaging_product* drum = cat.find("steel-drum-208l");
    REQUIRE(drum != nullptr);
    auto fp = compute_product_footprint(*drum, lib, cfp_options{});  // AR6, 2023, CN
    // raw material: 18.1 kg × 1.91 kg CO2/kg (worldsteel crude steel 2022) = 34.571 kg → 34 571 g
    CHECK(fp.per_unit.stage(life_cycle_stage::raw_material).grams == 34571);
    // distribution: 1.81 tkm × 0.12522 kg CO2e/tkm (DESNZ 2025 HGV WTW) = 0.2266482 kg → 227 g
    CHECK(fp.per_unit.stage(life_cycle_stage::distribution).grams == 227);
    // end of life: 18.1 × 0.785 × 4.68568 g/kg = 66.58 g → 67 g; 18.1 × 0.215 × 8.98311 g/kg = 34.96 g → 35 g
    CHECK(fp.per_unit.stage(life_cycle_stage::end_of_life).grams == 102);
    // production is excluded (no public energy figure for drum making; see the catalog's exclusions)
    CHECK(fp.per_unit.stage(life_cycle_stage::production).grams == 0);
    // total 34 571 + 227 + 102 = 34 900 g, all fossil
    CHECK(fp.per_unit.grams == 34900);
    CHECK(fp.per_unit.fossil_grams == 34900);
    CHECK(fp.per_trip.grams == 34900);  // single use: one trip is one drum
}
