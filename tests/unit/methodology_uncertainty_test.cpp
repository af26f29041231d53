// The `uncertainty:` of a methodology's parameters (docs/methodologies.md,
// "Uncertainty of parameters"): read with the catalog's parser, as a multiplier
// of a fixed parameter's value or (relative, against 1) of every shipment's
// monitored value; refused at its file:line:column when it cannot be drawn or
// leaves the parameter's range; part of the digest only when declared.

#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "footprint/core/error.hpp"
#include "footprint/methodology/methodology.hpp"
#include "footprint/render/methodology_document.hpp"
#include "support/bundled_data.hpp"

using namespace footprint;

namespace {

using footprint::testing::source_dir;

const std::filesystem::path data_dir = source_dir / "tests" / "data" / "methodology-uncertainty";

std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<diagnostic> load_problems(const std::string& yaml) {
    try {
        (void)load_methodology_yaml(yaml, "t.yaml");
    } catch (const error& e) {
        return e.problems();
    }
    return {};
}

/// A methodology with one monitored number `distance` whose entry ends with `extra`.
std::string with_monitored(const std::string& extra) {
    return R"(id: t
version: "1"
title: test
baseline_scenario: b
functional_unit: f
applicability: []
boundary: []
parameters:
  monitored:
    - name: distance
      description: d
      type: number
      unit: km
)" + extra + R"(
equations:
  - name: E
    term: BE
    expr: distance * 1 [kg CO2e/km]
)";
}

}  // namespace

TEST_CASE("a fixed parameter's range is a triangular multiplier of its value") {
    const methodology m = load_methodology(data_dir / "spreads.yaml");
    const fixed_parameter* loss = m.find_fixed("annual_loss");
    REQUIRE(loss != nullptr);
    REQUIRE(loss->distribution.has_value());
    // value 0.02, range [0.01, 0.05]: low 0.01 / 0.02 = 0.5, mode at the value
    // (1), high 0.05 / 0.02 = 2.5. Its ends, 0.5 × 0.02 = 0.01 and 2.5 × 0.02 =
    // 0.05, are the declared range's own ends: accepted.
    CHECK(loss->distribution->kind == factor_distribution::shape::triangular);
    CHECK(loss->distribution->low == doctest::Approx(0.5).epsilon(1e-15));
    CHECK(loss->distribution->mode == 1.0);
    CHECK(loss->distribution->high == doctest::Approx(2.5).epsilon(1e-15));
    CHECK(!loss->distribution->derived);
    // tare 12 kg, normal sd 0.6 kg (in the parameter's unit): σ of the multiplier 0.6 / 12 = 0.05.
    const fixed_parameter* tare = m.find_fixed("tare");
    REQUIRE(tare != nullptr);
    REQUIRE(tare->distribution.has_value());
    CHECK(tare->distribution->kind == factor_distribution::shape::normal);
    CHECK(tare->distribution->sigma == doctest::Approx(0.05).epsilon(1e-15));
}

TEST_CASE("a monitored number's spread is relative: against 1") {
    const methodology m = load_methodology(data_dir / "spreads.yaml");
    // normal sd 0.02 on loaded_distance: σ = 0.02 / 1 = 0.02, a 2 % sd of every shipment's distance.
    const monitored_parameter* d = m.find_monitored("loaded_distance");
    REQUIRE(d != nullptr);
    REQUIRE(d->distribution.has_value());
    CHECK(d->distribution->kind == factor_distribution::shape::normal);
    CHECK(d->distribution->sigma == 0.02);
    // lognormal sd 1.05 is a GSD: σ of ln = ln 1.05 = 0.048790164169432.
    const monitored_parameter* mass = m.find_monitored("mass");
    REQUIRE(mass != nullptr);
    REQUIRE(mass->distribution.has_value());
    CHECK(mass->distribution->kind == factor_distribution::shape::lognormal);
    CHECK(mass->distribution->sigma == doctest::Approx(0.048790164169432).epsilon(1e-12));
    // Not declared: held at the values read.
    const monitored_parameter* units = m.find_monitored("units");
    REQUIRE(units != nullptr);
    CHECK(!units->distribution.has_value());
}

TEST_CASE("three refused spreads in one file: every one reported, where it is") {
    std::vector<diagnostic> problems;
    try {
        (void)load_methodology(data_dir / "three-bad.yaml");
    } catch (const error& e) {
        problems = e.problems();
    }
    REQUIRE(problems.size() == 3);
    for (const auto& p : problems) CHECK(p.id == "footprint.uncertainty.spec");
    // residue: value 0 (three-bad.yaml line 18, the map under `uncertainty:`).
    CHECK(problems[0].where.field == "parameters.fixed[0].uncertainty");
    CHECK(problems[0].where.line == 18);
    CHECK(problems[0].where.column == 9);
    CHECK(problems[0].message.find("multiplier of 0") != std::string::npos);
    // annual_loss 0.02, normal sd 0.01: σ = 0.5; the multiplier at z = ±3.719016
    // (0.01 % and 99.99 %) is 1 ∓ 1.859508, i.e. −0.859508 … 2.859508, times
    // 0.02: −0.01719 … 0.05719 kg, below the range's 0.
    CHECK(problems[1].where.field == "parameters.fixed[1].uncertainty");
    CHECK(problems[1].where.line == 27);
    CHECK(problems[1].message.find("reaches -0.01719 … 0.05719, outside the range [0, 0.99]") != std::string::npos);
    // units is an integer: a count, not a measured quantity (flow map at column 20 of line 37).
    CHECK(problems[2].where.field == "parameters.monitored[1].uncertainty");
    CHECK(problems[2].where.line == 37);
    CHECK(problems[2].where.column == 20);
    CHECK(problems[2].found == "type: integer");
}

TEST_CASE("a monitored spread that reaches 0 or does not hold 1 is refused") {
    // normal sd 0.3: the multiplier at the 0.01 % quantile is 1 − 0.3 × 3.719016 = −0.1157.
    auto p = load_problems(with_monitored("      uncertainty: {distribution: normal, sd: 0.3}"));
    REQUIRE(p.size() == 1);
    CHECK(p[0].id == "footprint.uncertainty.spec");
    CHECK(p[0].where.field == "parameters.monitored[0].uncertainty");
    CHECK(p[0].found == "-0.1157");
    // sd 0.2: 1 − 0.2 × 3.719016 = 0.2562 > 0, accepted.
    CHECK(load_problems(with_monitored("      uncertainty: {distribution: normal, sd: 0.2}")).empty());
    // A range is relative: [0.97, 0.99] does not hold the multiplier 1.
    p = load_problems(with_monitored("      uncertainty: {range: [0.97, 0.99]}"));
    REQUIRE(p.size() == 1);
    CHECK(p[0].expected == "0 < low ≤ 1 ≤ high");
    // The parser's own problems keep their field paths.
    p = load_problems(with_monitored("      uncertainty: {range: [0.97, x]}"));
    REQUIRE(p.size() == 1);
    CHECK(p[0].where.field == "parameters.monitored[0].uncertainty.range[1]");
}

TEST_CASE("a declared spread is part of the digest; the bundled digest is as before") {
    const std::string text = read_text(source_dir / "methodologies" / "reusable-packaging-reduction.yaml");
    const methodology before = load_methodology_yaml(text, "reusable-packaging-reduction.yaml");
    // Printed by `footprint methodology list --json` before parameters could carry a spread.
    CHECK(before.digest == "3af7b5413433162dd6ed857478fef9b9609313577cfd949a59fb36ff132c55b5");
    for (const auto& f : before.fixed) CHECK(!f.distribution.has_value());
    for (const auto& p : before.monitored) CHECK(!p.distribution.has_value());

    const std::string at = "    - name: residue_share_baseline\n";
    REQUIRE(text.find(at) != std::string::npos);
    auto with = [&](const std::string& spread) {
        std::string t = text;
        t.insert(t.find(at), spread);
        return load_methodology_yaml(t, "reusable-packaging-reduction.yaml");
    };
    const methodology block = with("      uncertainty:\n        range: [0.01, 0.05]\n");
    const methodology flow = with("      uncertainty: {distribution: triangular, low: 0.01, high: 0.05}\n");
    REQUIRE(block.find_fixed("annual_loss")->distribution.has_value());
    CHECK(block.digest != before.digest);
    CHECK(canonical_text(block).find("fixed.annual_loss.uncertainty=triangular sigma=0 low=0.5 mode=1 high=2.5\n") !=
          std::string::npos);
    // The same distribution written another way is the same methodology.
    CHECK(flow.digest == block.digest);
    CHECK(with("      uncertainty: {distribution: uniform, range: [0.01, 0.05]}\n").digest != block.digest);
}

TEST_CASE("a methodology document lists declared distributions, and only then") {
    const methodology m = load_methodology(data_dir / "spreads.yaml");
    const std::string md = render_methodology_markdown(m, "en");
    // describe(): annual_loss 0.5 … 2.5 (worked above), tare normal σ 0.05,
    // loaded_distance normal σ 0.02, mass lognormal GSD² = 1.05² = 1.1025, σ = ln 1.05 = 0.04879.
    CHECK(md.find("| `annual_loss` | triangular 0.5–2.5 × value, mode at the value (from the source) |") != std::string::npos);
    CHECK(md.find("| `tare` | normal, sd 0.05 × value (from the source) |") != std::string::npos);
    CHECK(md.find("| `loaded_distance` | normal, sd 0.02 × value (from the source) |") != std::string::npos);
    CHECK(md.find("| `mass` | lognormal GSD² 1.1025 (σ of ln 0.04879) (from the source) |") != std::string::npos);
    // units declares none: one row, in the monitored table, none in a distribution table.
    const auto units_row = md.find("| `units` |");
    REQUIRE(units_row != std::string::npos);
    CHECK(md.find("| `units` | units shipped", units_row) == units_row);
    CHECK(md.find("| `units` |", units_row + 1) == std::string::npos);
    const methodology bundled = load_methodology(source_dir / "methodologies" / "reusable-packaging-reduction.yaml");
    CHECK(render_methodology_markdown(bundled, "en").find("Distribution of the multiplier") == std::string::npos);
    CHECK(render_methodology_markdown(m, "zh").find("乘数的分布") != std::string::npos);
}
