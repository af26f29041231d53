// methodologies/iso14067-packaging-cfp.yaml: the footprint of a packaging
// product written in the methodology language is a second route to the
// numbers of compute_product_footprint. The two read the same catalog items
// and factors by different code (cfp()/trip_inventory() tables in the plan
// against the per-item sum in cfp.cpp), so agreement checks both.

#include <doctest/doctest.h>

#include <cstdlib>

#include "footprint/products/catalog.hpp"
#include "footprint/products/cfp.hpp"
#include "footprint/methodology/methodology.hpp"
#include "footprint/plan/plan.hpp"
#include "support/batch_builder.hpp"

using namespace footprint;
using footprint::testing::batch_builder;

namespace {

const std::filesystem::path source_dir = FOOTPRINT_SOURCE_DIR;

struct bundled {
    std::shared_ptr<factor_library> factors;
    std::shared_ptr<catalog> products;
    plan cfp_plan;
    bundled()
        : factors(std::make_shared<factor_library>(load_factor_directory(source_dir / "factors"))),
          products(std::make_shared<catalog>(
              load_catalog_directory(source_dir / "methodologies" / "catalog", factors.get()))),
          cfp_plan(plan::bind(load_methodology(source_dir / "methodologies" / "iso14067-packaging-cfp.yaml"),
                              plan_options{factors, products, &gwp_ar6, {}})) {}
};

const bundled& data() {
    static const bundled b;
    return b;
}

std::string component(life_cycle_stage s) { return "PE_" + std::string(stage_key(s)); }

/// The unrounded kg of a stage of a result: the sum of its items before rounding.
double stage_kg(const footprint_result& r, life_cycle_stage s) {
    double kg = 0;
    for (const auto& it : r.stage(s).items) kg += it.emission.value();
    return kg;
}

}  // namespace

TEST_CASE("iso14067-packaging-cfp: per-stage results equal compute_product_footprint for every catalog product") {
    const plan& p = data().cfp_plan;
    // The five products of the 1.0.0 catalog and the eight of 2.0.0 (pool units, composite
    // pallet loads, sheet-steel drum): every one of them goes through both routes below.
    REQUIRE(data().products->size() == 13);
    batch_builder batch(p);
    std::vector<std::string> ids;
    for (const auto& [id, product] : data().products->products()) {
        CAPTURE(id);
        // cfp_options{} is AR6, activity year 2023, default region CN: what the plan uses for a 2023 date.
        const product_footprint fp = compute_product_footprint(product, *data().factors, cfp_options{});
        const auto row = p.evaluate_row({{"product", id}, {"units", "1"}, {"date", "2023-06-15"}});
        std::int64_t stages_g = 0;
        for (auto s : all_stages) {
            CAPTURE(stage_key(s));
            // Same items, same factors: the unrounded amounts agree to rounding error.
            CHECK(row.at(component(s)) == doctest::Approx(stage_kg(fp.per_trip, s)).epsilon(1e-12));
            // The methodology rounds each stage up; cfp rounds each item to the nearest gram. The
            // difference is at most one gram per item of the stage (none when the stage is empty).
            const std::int64_t g = round_grams(row.at(component(s)), rounding_mode::up);
            const auto items = static_cast<std::int64_t>(fp.per_trip.stage(s).items.size());
            CHECK(std::llabs(g - fp.per_trip.stage(s).grams) <= items);
            stages_g += g;
        }
        // A footprint has no baseline: ER = 0 − PE − 0.
        CHECK(row.at("BE_g") == 0);
        CHECK(row.at("LE_g") == 0);
        CHECK(row.at("PE_g") == static_cast<double>(stages_g));
        CHECK(row.at("ER_g") == -row.at("PE_g"));
        batch.add({{"product", id}, {"units", "1"}, {"date", "2023-06-15"}});
        ids.push_back(id);
    }
    // The compiled, column-wise route gives the tree walk's integers.
    plan::evaluator ev(p);
    batch_output out;
    ev.run(batch.view(), out);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        CAPTURE(ids[i]);
        const auto row = p.evaluate_row({{"product", ids[i]}, {"units", "1"}, {"date", "2023-06-15"}});
        CHECK(out.problem[i] == 0);
        CHECK(out.project_g[i] == row.at("PE_g"));
        CHECK(out.reduction_g[i] == -out.project_g[i]);
    }
}

TEST_CASE("iso14067-packaging-cfp: one 208 L steel drum, worked by hand") {
    const plan& p = data().cfp_plan;
    // Single use, so each stage is the unit's own items (bundled factors, AR6, 2023):
    //   raw material  18.1 kg × 1.91 kg CO2e/kg (worldsteel 2022)                 = 34.571 kg    → 34 571 g
    //   distribution  1.81 tkm × 0.12522 kg CO2e/tkm (DESNZ 2025 HGV, WTW)          = 0.2266482 kg →    227 g (up)
    //   end of life   18.1 kg × (0.785 × 4.68568 + 0.215 × 8.98311) kg CO2e/t / 1000 = 0.1015343 kg →    102 g (up)
    //   production and use have no items                                                          →      0 g
    //   PE = 34 571 + 227 + 102 = 34 900 g, the 34.900 kg per unit of `footprint cfp steel-drum-208l`.
    auto row = p.evaluate_row({{"product", "steel-drum-208l"}, {"units", "1"}, {"date", "2023-06-15"}});
    CHECK(round_grams(row.at("PE_raw_material"), rounding_mode::up) == 34571);
    CHECK(round_grams(row.at("PE_production"), rounding_mode::up) == 0);
    CHECK(round_grams(row.at("PE_distribution"), rounding_mode::up) == 227);
    CHECK(round_grams(row.at("PE_use"), rounding_mode::up) == 0);
    CHECK(round_grams(row.at("PE_end_of_life"), rounding_mode::up) == 102);
    CHECK(row.at("PE_g") == 34900);
    CHECK(row.at("ER_g") == -34900);
    const product_footprint fp =
        compute_product_footprint(*data().products->find("steel-drum-208l"), *data().factors, cfp_options{});
    CHECK(fp.per_unit.grams == 34900);

    // Three drums: each stage is rounded once, after multiplying.
    //   3 × 34.571 = 103.713 kg → 103 713 g; 3 × 0.2266482 = 0.6799446 kg → 680 g; 3 × 0.1015343 = 0.3046029 kg → 305 g
    row = p.evaluate_row({{"product", "steel-drum-208l"}, {"units", "3"}, {"date", "2023-06-15"}});
    CHECK(row.at("PE_g") == 103713 + 680 + 305);
}

TEST_CASE("iso14067-packaging-cfp: one trip of a foldable 1000 L IBC, its own life shared over 25 trips") {
    const plan& p = data().cfp_plan;
    // Per trip (N = 25; bundled factors, AR6, 2023, default region CN):
    //   raw material  (30 × 3.09515524 + 32 × 2.57757172 + 8 × 1.91) kg / 25 = 190.61695224 / 25 = 7.6246781 kg → 7 625 g
    //                 (cfp rounds the three shared items: 3 714 + 3 299 + 611 = 7 624 g)
    //   distribution  70 tkm × 0.12522 / 25 + 21 tkm × 0.12522 = 0.350616 + 2.62962 = 2.980236 kg      → 2 981 g
    //   use           liner 1 × 3.09515524 + water 0.1 × 0.1913 + wastewater 0.1 × 0.17088
    //                 + grid 1 kWh × 0.5306 (CN 2023) + detergent 0.05 × 0.76 + repair 0.35 × 2.57757172
    //                 = 4.6021233 kg                                                                  → 4 603 g
    //                 (cfp: 3 095 + 19 + 17 + 531 + 38 + 902 = 4 602 g)
    //   end of life   70.2534995 kg / 25 + liner incinerated 1 × 2.75 = 2.8101400 + 2.75 = 5.5601400 kg → 5 561 g
    //   PE = 7 625 + 0 + 2 981 + 4 603 + 5 561 = 20 770 g, against 20 768 g from cfp's per-item rounding.
    const auto row = p.evaluate_row({{"product", "foldable-ibc-1000l"}, {"units", "1"}, {"date", "2023-06-15"}});
    CHECK(row.at("PE_raw_material") == doctest::Approx(190.61695224 / 25).epsilon(1e-12));
    CHECK(round_grams(row.at("PE_raw_material"), rounding_mode::up) == 7625);
    CHECK(round_grams(row.at("PE_distribution"), rounding_mode::up) == 2981);
    CHECK(round_grams(row.at("PE_use"), rounding_mode::up) == 4603);
    CHECK(round_grams(row.at("PE_end_of_life"), rounding_mode::up) == 5561);
    CHECK(row.at("PE_g") == 20770);
    const product_footprint fp =
        compute_product_footprint(*data().products->find("foldable-ibc-1000l"), *data().factors, cfp_options{});
    CHECK(fp.per_trip.stage(life_cycle_stage::raw_material).grams == 7624);
    CHECK(fp.per_trip.grams == 20768);
}

TEST_CASE("iso14067-packaging-cfp: a product the catalog does not hold rejects the row, with the reason") {
    const plan& p = data().cfp_plan;
    batch_builder batch(p);
    batch.add({{"product", "wooden-crate"}, {"units", "1"}, {"date", "2023-06-15"}});
    plan::evaluator ev(p);
    batch_output out;
    ev.run(batch.view(), out);
    REQUIRE(out.problem[0] != 0);
    CHECK(ev.problems()[out.problem[0] - 1].find("no product 'wooden-crate' in the catalog") != std::string::npos);
    CHECK(out.project_g[0] == 0);
}
