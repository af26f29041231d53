// Ranges of fixed parameters (issue 15): a methodology declares the values a
// scenario override may take; an override outside them is refused, every bad
// override at once, naming the parameter, the value and the range. The range
// must carry its reason and hold the parameter's own value. Adding ranges
// changed the bundled methodology's digest (2.1.0 → 2.2.0), not its results.

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "footprint/core/error.hpp"
#include "footprint/methodology/methodology.hpp"
#include "footprint/plan/plan.hpp"
#include "footprint/products/catalog.hpp"
#include "support/bundled_data.hpp"

using namespace footprint;

namespace {

using footprint::testing::source_dir;

/// The bundled factors and catalog (tests/support/bundled_data.hpp).
const footprint::testing::bundled_data& data() { return footprint::testing::bundled(); }

const methodology& current() {
    static const methodology m = load_methodology(source_dir / "methodologies" / "reusable-packaging-reduction.yaml");
    return m;
}

std::vector<diagnostic> override_problems(std::map<std::string, double> overrides) {
    try {
        (void)data().bind(current(), std::move(overrides));
    } catch (const error& e) {
        return e.problems();
    }
    return {};
}

std::vector<diagnostic> load_problems(const std::string& fixed_entry) {
    const std::string yaml = R"(id: t
version: "1"
title: test
baseline_scenario: b
functional_unit: f
applicability: []
boundary: []
parameters:
  fixed:
)" + fixed_entry + R"(
  monitored:
    - {name: mass, description: m, type: number, unit: kg}
equations:
  - name: E
    term: BE
    expr: mass * 1 [kg CO2e/kg]
)";
    try {
        (void)load_methodology_yaml(yaml, "t.yaml");
    } catch (const error& e) {
        return e.problems();
    }
    return {};
}

}  // namespace

TEST_CASE("the bundled methodology declares a range with its reason for every fixed parameter") {
    const methodology& m = current();
    CHECK(m.version == "2.2.0");
    REQUIRE(m.fixed.size() == 7);
    for (const auto& p : m.fixed) {
        CAPTURE(p.name);
        CHECK(p.minimum.has_value());
        CHECK(!p.range_why.empty());
    }
    const auto* loss = m.find_fixed("annual_loss");
    REQUIRE(loss);
    CHECK(*loss->minimum == 0);
    CHECK(*loss->maximum == 0.99);  // a loss of 1 a year leaves no trip to share a unit over
    CHECK(range_text(*loss) == "[0, 0.99]");
    const auto* cycles = m.find_fixed("cycles_per_year");
    REQUIRE(cycles);
    CHECK(range_text(*cycles) == "[1, 365]");
    const auto* goods = m.find_fixed("goods_footprint_per_litre");
    REQUIRE(goods);
    CHECK(range_text(*goods) == "[0, none]");
}

TEST_CASE("overrides outside their range are refused, every one of them, naming parameter, value and range") {
    // The issue's case: a negative loss raised the issuable amount, a loss of 10 was accepted.
    auto p = override_problems({{"annual_loss", -0.5}, {"cycles_per_year", 0}, {"residue_share_baseline", 10},
                                {"no_such_parameter", 1}});
    REQUIRE(p.size() == 4);
    // std::map order: annual_loss, cycles_per_year, no_such_parameter, residue_share_baseline.
    CHECK(p[0].id == "footprint.plan.override-range");
    CHECK(p[0].where.field == "annual_loss");
    CHECK(p[0].found == "-0.5");
    CHECK(p[0].message.find("annual_loss=-0.5 is outside the range [0, 0.99]") != std::string::npos);
    CHECK(p[0].message.find("reusable-packaging-reduction 2.2.0") != std::string::npos);
    CHECK(p[1].id == "footprint.plan.override-range");
    CHECK(p[1].message.find("cycles_per_year=0 is outside the range [1, 365]") != std::string::npos);
    CHECK(p[2].id == "footprint.plan.unknown-override");
    CHECK(p[3].id == "footprint.plan.override-range");
    CHECK(p[3].message.find("residue_share_baseline=10 is outside the range [0, 1]") != std::string::npos);

    CHECK(override_problems({{"annual_loss", 10}}).size() == 1);
    CHECK(override_problems({{"annual_loss", 1}}).size() == 1);
    CHECK(override_problems({{"goods_footprint_per_litre", -1}}).size() == 1);
    // Not a number is outside every range.
    CHECK(override_problems({{"annual_loss", std::numeric_limits<double>::quiet_NaN()}}).size() == 1);
    CHECK(override_problems({{"goods_footprint_per_litre", std::numeric_limits<double>::infinity()}}).size() == 1);
}

TEST_CASE("both ends of a range are allowed, and an open end has no limit") {
    CHECK(override_problems({{"annual_loss", 0}, {"cycles_per_year", 1}}).empty());
    CHECK(override_problems({{"annual_loss", 0.99}, {"cycles_per_year", 365}}).empty());
    CHECK(override_problems({{"annual_loss", 0.15}, {"cycles_per_year", 5}}).empty());
    CHECK(override_problems({{"goods_footprint_per_litre", 40000000}}).empty());
}

TEST_CASE("a range needs its reason, min <= max, and must hold the parameter's own value") {
    const std::string head = "    - {name: p, description: d, value: 0.02, unit: \"1\", assumption: {text: t, reason: r}";
    CHECK(load_problems(head + ", range: [0, 1], range_why: a share}").empty());
    CHECK(load_problems(head + ", range: [0, null], range_why: not negative}").empty());
    auto no_reason = load_problems(head + ", range: [0, 1]}");
    REQUIRE(no_reason.size() == 1);
    CHECK(no_reason[0].id == "footprint.methodology.range");
    auto outside = load_problems(head + ", range: [0.05, 1], range_why: w}");
    REQUIRE(outside.size() == 1);
    CHECK(outside[0].id == "footprint.methodology.range");
    CHECK(outside[0].found == "0.02");
    CHECK(outside[0].where.field == "parameters.fixed[0].value");
    auto reversed = load_problems(head + ", range: [1, 0], range_why: w}");
    REQUIRE(reversed.size() == 1);
    CHECK(reversed[0].id == "footprint.methodology.range");
    auto reason_alone = load_problems(head + ", range_why: w}");
    REQUIRE(reason_alone.size() == 1);
    CHECK(reason_alone[0].id == "footprint.methodology.range");
    CHECK(load_problems(head + ", range: [0], range_why: w}").at(0).id == "footprint.yaml.type");
}

TEST_CASE("2.2.0 differs from 2.1.0 only by its ranges: another digest, the same grams") {
    const auto archived = load_methodology(source_dir / "methodologies" / "archive" / "reusable-packaging-reduction-2.1.0.yaml");
    CHECK(archived.version == "2.1.0");
    // The digest 2.1.0 always had (docs/tutorial.md, statements made with it): a file
    // without ranges keeps its canonical text.
    CHECK(archived.digest == "199d6966822b7d3967774bbf14776b585a78eeb1b8399a36a78cddae8605d3e4");
    CHECK(current().digest != archived.digest);
    CHECK(canonical_text(current()).find("fixed.annual_loss.range=[0,0.99] why=") != std::string::npos);
    CHECK(canonical_text(archived).find(".range=") == std::string::npos);
    // One trip of each pair, both vehicle classes, with and without overrides: the same grams.
    const plan a = data().bind(archived), b = data().bind(current());
    const plan a2 = data().bind(archived, {{"annual_loss", 0.15}, {"cycles_per_year", 5}});
    const plan b2 = data().bind(current(), {{"annual_loss", 0.15}, {"cycles_per_year", 5}});
    const char* pairs[][2] = {{"foldable-ibc-1000l-pool", "steel-drum-208l-sheet"},
                              {"euo-pallet-unit", "carton-pallet-load"},
                              {"foldable-pallet-box-pool", "appliance-carton-load"},
                              {"foldable-klt", "carton-for-klt"}};
    for (const auto& pair : pairs)
        for (const char* vehicle : {"artic-33t-plus", "rigid-7.5-17t"}) {
            std::map<std::string, std::string> row{{"units", "3"},           {"reusable_product", pair[0]},
                                                   {"baseline_product", pair[1]}, {"date", "2021-03-15"},
                                                   {"loaded_distance", "250"}, {"return_distance", "230"},
                                                   {"grid_region", "CN-East"},  {"washed", "1"},
                                                   {"vehicle_class", vehicle}};
            CAPTURE(pair[0]);
            CAPTURE(vehicle);
            CHECK(a.evaluate_row(row) == b.evaluate_row(row));
            CHECK(a2.evaluate_row(row) == b2.evaluate_row(row));
            CHECK(a.evaluate_row(row).at("ER_g") != a2.evaluate_row(row).at("ER_g"));
        }
}
