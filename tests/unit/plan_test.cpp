// Methodologies bound into plans: dimension checks with locations, the
// expected-trips formula, conservative rounding, ER ≤ BE, column-wise results
// equal to a tree walk, and hand-worked trips on the bundled data.

#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "footprint/products/catalog.hpp"
#include "footprint/methodology/methodology.hpp"
#include "footprint/plan/plan.hpp"
#include "support/batch_builder.hpp"
#include "support/bundled_data.hpp"

using namespace footprint;
using footprint::testing::batch_builder;

namespace {

using footprint::testing::source_dir;

/// The bundled factors and catalog (tests/support/bundled_data.hpp).
const footprint::testing::bundled_data& data() { return footprint::testing::bundled(); }

// A minimal methodology around one equation, for checks of the language.
std::string minimal(const std::string& expression, const std::string& extra_fixed = "") {
    return R"(id: t
version: "1"
title: test
baseline_scenario: b
functional_unit: f
applicability: []
boundary: []
parameters:
  fixed:
    - {name: p, description: loss, value: 0.02, unit: "1", assumption: {text: t, reason: r}}
    - {name: n, description: life, value: 25, unit: "1", assumption: {text: t, reason: r}}
    - {name: ef, description: factor, value: 2, unit: kg CO2e/kg, assumption: {text: t, reason: r}}
)" + extra_fixed + R"(  monitored:
    - {name: mass, description: m, type: number, unit: kg}
    - {name: distance, description: d, type: number, unit: km}
equations:
  - name: E
    term: BE
    expr: )" + expression + "\n";
}

std::vector<diagnostic> bind_problems(const std::string& yaml) {
    try {
        auto m = load_methodology_yaml(yaml, "t.yaml");
        (void)plan::bind(m, plan_options{data().factors, data().products});
    } catch (const error& e) {
        return e.problems();
    }
    return {};
}

std::string first_problem(const std::string& yaml) {
    auto p = bind_problems(yaml);
    return p.empty() ? std::string("(none)") : p[0].id;
}

}  // namespace

TEST_CASE("dimension errors are refused when the methodology is bound, with file:line:column") {
    // Line 20 is `    expr: ...`; the expression starts at column 11.
    auto p = bind_problems(minimal("mass + distance"));
    REQUIRE(p.size() == 1);
    CHECK(p[0].id == "footprint.expr.dimension");
    CHECK(p[0].str() == "t.yaml:19:11: error [footprint.expr.dimension] equations[0].expr: cannot add length and mass "
                        "(expected operands of the same dimension, found 'mass + distance')");

    p = bind_problems(minimal("mass * distance"));
    REQUIRE(p.size() == 1);
    CHECK(p[0].id == "footprint.expr.not-co2e");
    CHECK(p[0].message == "equation 'E' is a component of BE but is freight work (mass × length)");

    p = bind_problems(minimal("mass * ef + undefined_thing"));
    REQUIRE(p.size() == 1);
    CHECK(p[0].id == "footprint.expr.unknown-name");
    CHECK(p[0].where.column == 23);

    CHECK(first_problem(minimal("mass * ef / (p - 0.02)")) == "footprint.expr.division-by-zero");
    CHECK(first_problem(minimal("mass * ef * nosuch(1)")) == "footprint.expr.unknown-function");
    CHECK(first_problem(minimal("mass * factor(\"material.unobtainium\")")) == "footprint.factor.not-found");
    CHECK(bind_problems(minimal("mass * ef")).empty());
}

TEST_CASE("expected trips: (1 - (1 - p)^N) / p, and N when nothing is lost") {
    // p = 0.02, N = 25: 0.98^25 = 0.603465..., (1 - 0.603465) / 0.02 = 19.826763...
    auto m = load_methodology_yaml(minimal("mass * ef * (1 - pow(1 - p, n)) / p"), "t.yaml");
    plan pl = plan::bind(m, plan_options{data().factors, data().products});
    auto r = pl.evaluate_row({{"mass", "1"}, {"distance", "0"}});
    CHECK(r.at("E") == doctest::Approx(2 * 19.826763511055166).epsilon(1e-12));

    // A scenario override: loss 15 % a year before tracking → (1 - 0.85^25)/0.15 = 6.5384...
    plan before = plan::bind(m, plan_options{data().factors, data().products, &gwp_ar6, {{"p", 0.15}}});
    CHECK(before.evaluate_row({{"mass", "1"}, {"distance", "0"}}).at("E") ==
          doctest::Approx(2 * (1 - std::pow(0.85, 25)) / 0.15));
    auto p_record = std::find_if(before.constants().begin(), before.constants().end(),
                                 [](const resolved_value& v) { return v.label == "p"; });
    REQUIRE(p_record != before.constants().end());
    CHECK(p_record->kind == "override");
    CHECK(p_record->value == 0.15);
}

TEST_CASE("conservative rounding to whole grams") {
    CHECK(round_grams(40.99, rounding_mode::down) == 40990);  // 40.99 × 1000 is 40989.999…96 in binary
    CHECK(round_grams(40.99, rounding_mode::up) == 40990);
    CHECK(round_grams(1.0004, rounding_mode::down) == 1000);
    CHECK(round_grams(1.0004, rounding_mode::up) == 1001);
    CHECK(round_grams(1.0005, rounding_mode::nearest) == 1001);
    CHECK(round_grams(-0.0004, rounding_mode::down) == -1);
    CHECK(round_grams(-0.0004, rounding_mode::up) == 0);
}

TEST_CASE("a negative component that is not a declared credit, and ER > BE, reject the row") {
    std::string yaml = minimal("mass * ef") + R"(  - name: P
    term: PE
    expr: distance * 0 [kg CO2e/km] - mass * ef
)";
    auto m = load_methodology_yaml(yaml, "t.yaml");
    plan pl = plan::bind(m, plan_options{data().factors, data().products});
    batch_builder b(pl);
    b.add({{"mass", "1"}, {"distance", "1"}});
    plan::evaluator ev(pl);
    batch_output out;
    ev.run(b.view(), out);
    REQUIRE(out.problem[0] != 0);
    CHECK(ev.problems()[out.problem[0] - 1] == "component P is negative and not declared a credit");

    // Declared as a credit, the negative project term would make ER exceed BE: still refused.
    std::string credit = yaml + "    credit: true\n";
    plan pc = plan::bind(load_methodology_yaml(credit, "t.yaml"), plan_options{data().factors, data().products});
    plan::evaluator ec(pc);
    ec.run(b.view(), out);
    REQUIRE(out.problem[0] != 0);
    CHECK(ec.problems()[out.problem[0] - 1] == "reduction exceeds baseline emissions (ER > BE)");
}

TEST_CASE("bundled methodologies bind, and their digests are stable") {
    for (const auto& m : load_methodology_directory(source_dir / "methodologies")) {
        CHECK(m.digest.size() == 64);
        CHECK(load_methodology(source_dir / "methodologies" / (m.id + ".yaml")).digest == m.digest);
        plan p = plan::bind(m, plan_options{data().factors, data().products});
        CHECK(p.program_size() > 0);
    }
}

TEST_CASE("one foldable IBC trip against 208 L steel drums, worked by hand") {
    plan p = data().bind("archive/reusable-packaging-reduction-1.0.0.yaml");
    std::map<std::string, std::string> row{{"units", "1"},           {"reusable_product", "foldable-ibc-1000l"},
                                           {"baseline_product", "steel-drum-208l"}, {"date", "2023-05-01"},
                                           {"loaded_distance", "300"}, {"return_distance", "300"},
                                           {"grid_region", "CN-East"}, {"washed", "1"}};
    // Working (bundled factors: steel 1.91 kg/kg worldsteel 2022; truck 0.12522 kg/tkm DESNZ 2025 WTW;
    // DESNZ 2025 waste: recycling 4.68568, landfill 8.98311 kg/t; IPCC plastic incineration 2750 kg/t;
    // DESNZ primary HDPE 3095.15524, PP 2577.57172 kg/t; East China grid 2023 0.5500 kg/kWh):
    //   baseline units = 1000 L / 208 L = 4.8076923
    //   drum raw material 18.1 × 1.91 = 34.571 kg; × 4.8076923 = 166.20673 kg → 166 206 g (down)
    //   drum delivery 1.81 tkm × 0.12522 = 0.2266482 kg, tare haul 0.0181 t × 300 km × 0.12522 = 0.6799446 kg;
    //     (0.2266482 + 0.6799446) × 4.8076923 = 4.3586192 kg → 4 358 g
    //   drum end of life 18.1 × (0.785 × 4.68568 + 0.215 × 8.98311) / 1000 = 0.1015343 kg; × 4.8076923 → 488 g
    //   BE = 166 206 + 4 358 + 488 = 171 052 g
    //   expected trips (1 − 0.98^25) / 0.02 = 19.826764
    //   IBC raw material 30 × 3.09515524 + 32 × 2.57757172 + 8 × 1.91 = 190.61695 kg; / 19.826764 → 9 615 g (up)
    //   IBC delivery 70 tkm × 0.12522 = 8.7654 kg / 19.826764 = 0.4421 kg; loaded tare 0.070 × 300 × 0.12522
    //     = 2.62962 kg; return max(70 kg, 0.35 × 1 m3 × 333 kg/m3 = 116.55 kg) × 300 km × 0.12522 = 4.37836 kg;
    //     sum 7.45004 kg → 7 451 g
    //   washing 0.1 × 0.1913 + 0.1 × 0.17088 + 1 × 0.5500 + 0.05 × 0.76 = 0.624218 kg, repair 0.35 × 2.57757172
    //     = 0.90215 kg, liner 1 × 3.09515524 kg: 4.62152 kg → 4 622 g
    //   IBC end of life 70.254500 kg / 19.826764 = 3.54341 kg + liner incinerated 2.75 kg = 6.29342 kg → 6 294 g
    //   PE = 9 615 + 7 451 + 4 622 + 6 294 = 27 982 g;  ER = 171 052 − 27 982 = 143 070 g
    auto r = p.evaluate_row(row);
    CHECK(r.at("BE_g") == 171052);
    CHECK(r.at("PE_g") == 27982);
    CHECK(r.at("LE_g") == 0);
    CHECK(r.at("ER_g") == 143070);

    // The compiled, column-wise route gives the same integers.
    batch_builder b(p);
    b.add(row);
    plan::evaluator ev(p);
    batch_output out;
    ev.run(b.view(), out);
    CHECK(out.problem[0] == 0);
    CHECK(out.baseline_g[0] == 171052);
    CHECK(out.project_g[0] == 27982);
    CHECK(out.reduction_g[0] == 143070);
    CHECK(out.implausible[0] == 0);
    // The grid factor was looked up for the depot's region and year.
    bool east = false;
    for (const auto& l : ev.lookups())
        if (l.label.find("region: CN-East") != std::string::npos) east = true;
    CHECK(east);
}

TEST_CASE("one reusable box trip against corrugated cartons, worked by hand") {
    plan p = data().bind("archive/reusable-packaging-reduction-1.0.0.yaml");
    // Working: baseline units 61 L / 63 L = 0.968254
    //   carton board 1 kg × 0.491 = 0.491 kg → 0.475413 kg → 475 g; delivery 0.1 tkm × 0.12522 plus tare haul
    //   0.001 t × 300 km × 0.12522: 0.050088 kg × 0.968254 → 48 g; end of life 1 kg × 4.68568/1000 → 4 g.
    //   BE = 527 g.
    //   expected trips (1 − 0.98^50)/0.02 = 31.791516; box PP 2.8 × 2.57757172 = 7.217201 kg → 228 g;
    //   delivery 2.8 tkm × 0.12522 / 31.791516 = 0.011029 kg, loaded tare 0.0028 × 300 × 0.12522 = 0.105185 kg,
    //   return (rigid box: volumetric 0.061 m3 × 333 = 20.313 kg > 2.8 kg) 0.020313 × 300 × 0.12522 = 0.763079 kg
    //   → 880 g; washing 0.003 × (0.1913 + 0.17088) + 0.05 × 0.5500 + 0.002 × 0.76 = 0.030107 kg → 31 g;
    //   end of life 2.8 × (0.09 × 4.68568 + 0.41 × 2750 + 0.5 × 8.98311)/1000 / 31.791516 → 100 g.
    //   PE = 1 239 g;  ER = 527 − 1 239 = −712 g: on these data a box trip with a 300 km return does not
    //   beat a 1 kg carton.
    auto r = p.evaluate_row({{"units", "1"}, {"reusable_product", "reusable-plastic-box"},
                             {"baseline_product", "corrugated-carton"}, {"date", "2023-05-01"},
                             {"loaded_distance", "300"}, {"return_distance", "300"},
                             {"grid_region", "CN-East"}, {"washed", "1"}});
    CHECK(r.at("BE_g") == 527);
    CHECK(r.at("PE_g") == 1239);
    CHECK(r.at("ER_g") == -712);
}

TEST_CASE("certified per-trip factor: 1,000,000 units × 6 trips × 169 kg = 1,014,000 t exactly") {
    plan p = data().bind("archive/certified-per-trip-factor-1.0.0.yaml");
    // One row per unit, each carrying its 6 trips of the year.
    batch_builder b(p);
    const std::size_t units = 1'000'000;
    for (std::size_t i = 0; i < units; ++i)
        b.add({{"trips", "6"}, {"reusable_product", "foldable-ibc-1000l"}, {"baseline_product", "steel-drum-208l"}});
    plan::evaluator ev(p);
    batch_output out;
    std::int64_t total_g = 0;
    for (std::size_t first = 0; first < units; first += 4096) {
        ev.run(b.view(first, 4096), out);
        for (std::size_t i = 0; i < out.reduction_g.size(); ++i) {
            REQUIRE(out.problem[i] == 0);
            total_g += out.reduction_g[i];
        }
    }
    CHECK(total_g == 1'014'000'000'000LL);  // grams = 1 014 000 t
    CHECK(total_g / 1'000'000 == 1'014'000);
}

TEST_CASE("certified box factor is flagged as implausible against the carton's own footprint") {
    plan p = data().bind("archive/certified-per-trip-factor-1.0.0.yaml");
    batch_builder b(p);
    b.add({{"trips", "1"}, {"reusable_product", "reusable-plastic-box"}, {"baseline_product", "corrugated-carton"}});
    b.add({{"trips", "1"}, {"reusable_product", "foldable-ibc-1000l"}, {"baseline_product", "steel-drum-208l"}});
    b.add({{"trips", "1"}, {"reusable_product", "foldable-pallet-box"}, {"baseline_product", "corrugated-carton"}});
    plan::evaluator ev(p);
    batch_output out;
    ev.run(b.view(), out);
    // 40.99 kg per box trip against 61/63 × 0.509 kg of carton footprint: flagged, not rejected.
    CHECK(out.problem[0] == 0);
    CHECK(out.reduction_g[0] == 40990);
    CHECK(out.implausible[0] == 1);
    // 169 kg per IBC trip against 1000/208 × 34.900 kg = 167.79 kg of drums: also above, by 1.2 kg.
    CHECK(out.reduction_g[1] == 169000);
    CHECK(out.implausible[1] == 1);
    // The pallet box has no certified factor: applicability A1 rejects the row with its reason.
    REQUIRE(out.problem[2] != 0);
    CHECK(ev.problems()[out.problem[2] - 1].rfind("applicability condition A1 not met", 0) == 0);
}

TEST_CASE("certified-per-trip-factor 1.1.0: the IBC claim is explained by a complete drum baseline, EUO and appliance claims are flagged") {
    plan p = data().bind("certified-per-trip-factor.yaml");
    batch_builder b(p);
    b.add({{"trips", "1"}, {"reusable_product", "foldable-ibc-1000l-pool"}, {"baseline_product", "steel-drum-208l-sheet"}});
    b.add({{"trips", "1"}, {"reusable_product", "euo-pallet-unit"}, {"baseline_product", "carton-pallet-load"}});
    b.add({{"trips", "1"}, {"reusable_product", "foldable-pallet-box-pool"}, {"baseline_product", "appliance-carton-load"}});
    b.add({{"trips", "1"}, {"reusable_product", "foldable-ibc-1000l"}, {"baseline_product", "steel-drum-208l"}});
    plan::evaluator ev(p);
    batch_output out;
    ev.run(b.view(), out);
    // IBC: 169 kg against 1000/208 drums × 52.1654 kg (sheet steel 18.1 kg × 2.8639 = 51.8372,
    // delivery 1.81 tkm × 0.12522 = 0.2266, end of life 0.1015; `footprint cfp steel-drum-208l-sheet`)
    // = 250.80 kg: quiet.
    CHECK(out.problem[0] == 0);
    CHECK(out.reduction_g[0] == 169000);
    CHECK(out.implausible[0] == 0);
    // EUO unit: 40.99 kg per pallet against one carton pallet load's 12.739 kg (cartons 5.185,
    // pallet 5.000, film 0.445, corner boards 1.230, deliveries 0.461, end of life 0.418): flagged.
    CHECK(out.reduction_g[1] == 40990);
    CHECK(out.implausible[1] == 1);
    // Appliance claim: 600 kg per carton × 27 cartons = 16 200 kg per load, against 12.121 kg: flagged.
    CHECK(out.reduction_g[2] == 16200000);
    CHECK(out.implausible[2] == 1);
    // The 1.0.0 products are outside 1.1.0's applicability: rejected with the reason.
    REQUIRE(out.problem[3] != 0);
    CHECK(ev.problems()[out.problem[3] - 1].rfind("applicability condition A1 not met", 0) == 0);
}

TEST_CASE("row evaluation (explain) refuses a date that ingest refuses: 2023-02-30 and the year 2101") {
    plan p = data().bind("reusable-packaging-reduction.yaml");
    std::map<std::string, std::string> row{{"units", "1"},           {"reusable_product", "foldable-klt"},
                                           {"baseline_product", "carton-for-klt"}, {"date", "2023-02-30"},
                                           {"loaded_distance", "100"}, {"return_distance", "100"},
                                           {"grid_region", "CN-East"}, {"washed", "1"}};
    auto problem = [&](const std::map<std::string, std::string>& r) -> diagnostic {
        try {
            (void)p.evaluate_row(r);
        } catch (const error& e) {
            return e.problems().front();
        }
        return {};
    };
    // Ingest says (shipments.cpp): "not a valid date", expected "an ISO 8601 date YYYY-MM-DD".
    diagnostic d = problem(row);
    CHECK(d.id == "footprint.shipment.date");
    CHECK(d.message == "not a valid date");
    CHECK(d.expected == "an ISO 8601 date YYYY-MM-DD");
    CHECK(d.found == "2023-02-30");
    row["date"] = "2101-01-01";
    d = problem(row);
    CHECK(d.id == "footprint.shipment.date");
    CHECK(d.message == "date outside the years footprint computes");
    row["date"] = "2024-02-29";  // a leap day is a date
    CHECK(p.evaluate_row(row).at("ER_g") != 0);
}

TEST_CASE("an unknown product or region in the data rejects that row only, with the reason") {
    plan p = data().bind("archive/reusable-packaging-reduction-1.0.0.yaml");
    batch_builder b(p);
    std::map<std::string, std::string> good{{"units", "2"},           {"reusable_product", "foldable-ibc-1000l"},
                                            {"baseline_product", "steel-drum-208l"}, {"date", "2023-05-01"},
                                            {"loaded_distance", "120"}, {"return_distance", "80"},
                                            {"grid_region", "CN-North"}, {"washed", "0"}};
    auto bad_product = good;
    bad_product["baseline_product"] = "wooden-crate";
    b.add(good);
    b.add(bad_product);
    plan::evaluator ev(p);
    batch_output out;
    ev.run(b.view(), out);
    CHECK(out.problem[0] == 0);
    REQUIRE(out.problem[1] != 0);
    CHECK(ev.problems()[out.problem[1] - 1].find("no product 'wooden-crate' in the catalog") != std::string::npos);
    CHECK(out.reduction_g[1] == 0);
}

TEST_CASE("column-wise results equal the row-by-row tree walk on random shipments") {
    plan p = data().bind("archive/reusable-packaging-reduction-1.0.0.yaml");
    const char* pairs[][2] = {{"foldable-ibc-1000l", "steel-drum-208l"},
                              {"reusable-plastic-box", "corrugated-carton"},
                              {"foldable-pallet-box", "corrugated-carton"}};
    const char* regions[] = {"CN", "CN-East", "CN-North", "CN-South", "CN-Southwest"};
    std::mt19937 rng(42);
    batch_builder b(p);
    std::vector<std::map<std::string, std::string>> rows;
    for (int i = 0; i < 500; ++i) {
        auto& pr = pairs[rng() % 3];
        std::map<std::string, std::string> row{
            {"units", std::to_string(1 + rng() % 40)},
            {"reusable_product", pr[0]},
            {"baseline_product", pr[1]},
            {"date", std::string(rng() % 2 ? "2022" : "2023") + "-0" + std::to_string(1 + rng() % 9) + "-1" +
                         std::to_string(rng() % 10)},
            {"loaded_distance", std::to_string(rng() % 2000) + "." + std::to_string(rng() % 10)},
            {"return_distance", std::to_string(rng() % 2000)},
            {"grid_region", regions[rng() % 5]},
            {"washed", std::to_string(rng() % 2)}};
        rows.push_back(row);
        b.add(row);
    }
    plan::evaluator ev(p);
    batch_output out;
    ev.run(b.view(), out);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        auto r = p.evaluate_row(rows[i]);
        REQUIRE(out.problem[i] == 0);
        CHECK(out.baseline_g[i] == r.at("BE_g"));
        CHECK(out.project_g[i] == r.at("PE_g"));
        CHECK(out.reduction_g[i] == r.at("ER_g"));
    }
}

TEST_CASE("every operation means the same folded, column-wise and row by row, and prints its form") {
    // Each expression once over the monitored column `mass`, once over the
    // fixed parameter `mf` (folded when the plan is bound), for values on
    // both sides of every comparison's boundary.
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"-(0 [kg] - X) * ef", "-((0 kg - mass)) × 2 kg CO2e/kg"},
        {"(X + 1 [kg]) * ef", "(mass + 1 kg) × 2 kg CO2e/kg"},
        {"(4 [kg] - X) * ef", "(4 kg - mass) × 2 kg CO2e/kg"},
        {"X / 0.5 * ef", "mass / 0.5 × 2 kg CO2e/kg"},
        {"if(X < 1 [kg], X, 2 * X) * ef", "if(mass < 1 kg, mass, 2 × mass) × 2 kg CO2e/kg"},
        {"if(X <= 1 [kg], X, 2 * X) * ef", "if(mass <= 1 kg, mass, 2 × mass) × 2 kg CO2e/kg"},
        {"if(X > 1 [kg], X, 2 * X) * ef", "if(mass > 1 kg, mass, 2 × mass) × 2 kg CO2e/kg"},
        {"if(X >= 1 [kg], X, 2 * X) * ef", "if(mass >= 1 kg, mass, 2 × mass) × 2 kg CO2e/kg"},
        {"if(X == 1 [kg], X, 2 * X) * ef", "if(mass == 1 kg, mass, 2 × mass) × 2 kg CO2e/kg"},
        {"if(X != 1 [kg], X, 2 * X) * ef", "if(mass != 1 kg, mass, 2 × mass) × 2 kg CO2e/kg"},
        {"if(X > 1 [kg] and X < 3 [kg], X, 2 * X) * ef", "if((mass > 1 kg and mass < 3 kg), mass, 2 × mass) × 2 kg CO2e/kg"},
        {"if(X < 1 [kg] or X > 3 [kg], X, 2 * X) * ef", "if((mass < 1 kg or mass > 3 kg), mass, 2 × mass) × 2 kg CO2e/kg"},
        {"if(not X > 1 [kg], X, 2 * X) * ef", "if(not mass > 1 kg, mass, 2 × mass) × 2 kg CO2e/kg"},
        {"min(X, 1 [kg]) * ef", "min(mass, 1 kg) × 2 kg CO2e/kg"},
        {"max(X, 1 [kg]) * ef", "max(mass, 1 kg) × 2 kg CO2e/kg"},
        {"pow(X / 1 [kg], 1.5) * 1 [kg] * ef", "pow(mass / 1 kg, 1.5) × 1 kg × 2 kg CO2e/kg"},
    };
    const std::vector<std::string> masses = {"0.5", "1", "1.25", "3", "3.7"};
    const std::string mf = "    - {name: mf, description: m, value: 1, unit: kg, assumption: {text: t, reason: r}}\n";
    auto with = [](std::string expr, const std::string& x) {
        for (std::size_t at; (at = expr.find('X')) != std::string::npos;) expr.replace(at, 1, x);
        return expr;
    };
    for (const auto& [expr, printed] : cases) {
        CAPTURE(expr);
        plan column = plan::bind(load_methodology_yaml(minimal(with(expr, "mass"), mf), "t.yaml"),
                                 plan_options{data().factors, data().products});
        REQUIRE(column.derivation().size() == 1);
        CHECK(column.derivation()[0].second == printed);
        batch_builder b(column);
        for (const auto& mass : masses) b.add({{"mass", mass}, {"distance", "0"}});
        plan::evaluator ev(column);
        batch_output out;
        ev.run(b.view(), out);
        for (std::size_t i = 0; i < masses.size(); ++i) {
            CAPTURE(masses[i]);
            auto m = load_methodology_yaml(minimal(with(expr, "mf"), mf), "t.yaml");
            plan folded = plan::bind(m, plan_options{data().factors, data().products, &gwp_ar6, {{"mf", std::stod(masses[i])}}});
            CHECK(folded.program_size() == 0);
            const auto by_row = column.evaluate_row({{"mass", masses[i]}, {"distance", "0"}});
            const auto constant = folded.evaluate_row({{"mass", "0"}, {"distance", "0"}});
            CHECK(by_row.at("E") == constant.at("E"));
            REQUIRE(out.problem[i] == 0);
            CHECK(out.baseline_g[i] == by_row.at("BE_g"));
            CHECK(out.baseline_g[i] == constant.at("BE_g"));
        }
    }
}
