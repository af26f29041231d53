// The uncertainty section of a format-3 statement: the one-at-a-time ends of
// the tornado worked out by hand from a two-factor model, the seal over the
// section, the recorded method read back by read_statement_header, and the
// HTML's "How sure" part with its tornado bars ordered by width.

#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "footprint/core/error.hpp"
#include "footprint/render/statement_render.hpp"
#include "footprint/statement/statement.hpp"
#include "footprint/uncertainty/statement_uncertainty_section.hpp"
#include "support/two_factor_model.hpp"

using namespace footprint;
using namespace footprint::uncertainty;

namespace {

std::string error_id_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const error& e) {
        return e.id();
    }
    return "no error";
}

/// A statement as the builder writes it (every field the header and the renderings read), in `format`.
std::string statement_text(const std::string& format) {
    return R"J({"format":")J" + format + R"J(","customer":"c",
"period":{"from":"2021-01-01","to":"2021-06-30"},
"software":{"name":"footprint","version":"0.1.0"},
"methodology":{"id":"m","version":"1","digest":"d","title":"t"},
"factor_sets":[{"name":"s","version":"1","digest":"fd"}],
"gwp":{"set":"AR6","source":"IPCC AR6"},"scenario_overrides":{},"parameters":[],"factors_used":[],
"rows":{"in_file":10,"accepted_in_file":10,"rejected_in_file":0,"customer_rows_in_file":10,"in_statement":10,
  "reconciles":true,"rejected_digest":"e3"},
"totals_g":{"baseline":3000000000,"project":2000000000,"leakage":0,"reduction":1000000000},
"shipments":10,"issuable_t":1000,"by_month":{},"by_product":{},"by_component_g":{},"by_stage_g":{},
"plausibility":{"rule":"r","implausible_shipments":0,"examples":[]},
"input_rows_digest":"i","shipment_rows":{},"statement_digest":"x"})J";
}

/// The two-factor model of tests/support/two_factor_model.hpp (its one-at-a-time ends worked out
/// there: b's bar, 857.5 … 1142.5 t, is wider than a's, 960.80072 … 1039.19928 t).
statement_model two_factor_model() {
    statement_model m = testing::two_factor_model();
    m.linearity_bound_g = 5;
    return m;
}

statement_document sectioned(unsigned threads = 1) {
    const std::string text = statement_text("footprint-statement/3");
    return with_uncertainty_section(statement_document{"c", text, "x"}, two_factor_model(), {"a", "b"},
                                    uncertainty_section_options{2000, 5, 0.05, threads});
}

}  // namespace

TEST_CASE("uncertainty section: one-at-a-time ends by hand, sealed with the section, the same on 1 and 3 threads") {
    const statement_document d = sectioned();
    CHECK(d.json == sectioned(3).json);
    CHECK(statement_digest(d.json) == d.digest);
    const auto j = nlohmann::json::parse(d.json);
    CHECK(j["statement_digest"] == d.digest);
    const auto& u = j["uncertainty"];
    CHECK(u["method"]["iterations"] == 2000);
    CHECK(u["method"]["seed"] == 5);
    CHECK(u["method"]["quantile"] == "0.05");
    CHECK(u["model"]["reduction_g"] == 1000000000);
    CHECK(u["model"]["factors"][1]["g_per_unit_multiplier"]["reduction"] == -300000000);
    const auto& s = u["sensitivity"];
    REQUIRE(s.size() == 2);
    for (const auto& f : s) {
        const double lo = std::stod(f["reduction_at_p2_5_t"].get<std::string>());
        const double hi = std::stod(f["reduction_at_p97_5_t"].get<std::string>());
        if (f["factor_id"] == "a") {
            CHECK(lo == doctest::Approx(960.80072).epsilon(1e-9));
            CHECK(hi == doctest::Approx(1039.19928).epsilon(1e-9));
        } else {
            CHECK(lo == doctest::Approx(1142.5).epsilon(1e-12));
            CHECK(hi == doctest::Approx(857.5).epsilon(1e-12));
        }
    }
    // b (sd 0.289 × 300 t) moves ER far more than a (sd 0.1 × 200 t): it ranks first by |ρ|.
    CHECK(s[0]["factor_id"] == "b");
    CHECK(std::stod(s[0]["spearman_reduction"].get<std::string>()) < -0.9);
    // A statement without shipments: the method and a note, nothing drawn.
    const auto empty = with_uncertainty_section(statement_document{"c", statement_text("footprint-statement/3"), "x"},
                                                std::nullopt, {}, uncertainty_section_options{});
    const auto e = nlohmann::json::parse(empty.json)["uncertainty"];
    CHECK(e.contains("note"));
    CHECK(!e.contains("results"));
    // The section belongs to format 3 only.
    CHECK(error_id_of([] {
              (void)with_uncertainty_section(statement_document{"c", statement_text("footprint-statement/2"), "x"},
                                             two_factor_model(), {}, uncertainty_section_options{});
          }) == "footprint.internal");
}

TEST_CASE("multiplier quantiles: the inverse CDF of each shape at 2.5 % and 97.5 %") {
    factor_distribution t;  // triangular 0.8 / 1 / 1.5: c = 0.2 / 0.7 = 0.2857
    t.kind = factor_distribution::shape::triangular;
    t.low = 0.8, t.mode = 1, t.high = 1.5;
    // 0.025 < c: 0.8 + √(0.025 × 0.7 × 0.2) = 0.8 + √0.0035 = 0.8591608
    CHECK(multiplier_quantile(t, false) == doctest::Approx(0.8591608).epsilon(1e-7));
    // 0.975 > c: 1.5 − √(0.025 × 0.7 × 0.5) = 1.5 − √0.00875 = 1.4064586
    CHECK(multiplier_quantile(t, true) == doctest::Approx(1.4064586).epsilon(1e-7));
    factor_distribution l;  // lognormal σ 0.1: exp(±0.1959964) = 1.2165225, 0.8220152
    l.sigma = 0.1;
    CHECK(multiplier_quantile(l, true) == doctest::Approx(1.2165225).epsilon(1e-7));
    CHECK(multiplier_quantile(l, false) == doctest::Approx(0.8220152).epsilon(1e-7));
}

TEST_CASE("read_statement_header: format 3's recorded method; a bad one is named by its path") {
    const statement_document d = sectioned();
    const statement_header h = read_statement_header(d.json, "s.json");
    CHECK(h.format == statement_format::v3);
    REQUIRE(h.uncertainty);
    CHECK(h.uncertainty->iterations == 2000);
    CHECK(h.uncertainty->seed == 5);
    CHECK(h.uncertainty->quantile == 0.05);
    CHECK(h.uncertainty->coefficient_factors == std::vector<std::string>{"a", "b"});
    CHECK(!read_statement_header(statement_text("footprint-statement/2"), "s.json").uncertainty);
    auto j = nlohmann::json::parse(d.json);
    j["uncertainty"]["method"]["quantile"] = "1.5";
    try {
        (void)read_statement_header(j.dump(), "s.json");
        FAIL("a quantile of 1.5 was accepted");
    } catch (const error& e) {
        CHECK(e.id() == "footprint.statement.field-type");
        CHECK(std::string(e.what()).find("/uncertainty/method/quantile") != std::string::npos);
    }
    j = nlohmann::json::parse(d.json);
    j["format"] = "footprint-statement/2";
    CHECK(error_id_of([&] { (void)read_statement_header(j.dump(), "s.json"); }) == "footprint.statement.unknown-field");
    j.erase("uncertainty");
    j["format"] = "footprint-statement/3";
    CHECK(error_id_of([&] { (void)read_statement_header(j.dump(), "s.json"); }) == "footprint.statement.missing-field");
}

TEST_CASE("HTML: a part \"How sure\" with the tornado, widest bar first; Chinese labels; nothing for format 2") {
    const statement_document d = sectioned();
    const std::string html = render_statement_html(d.json, "en");
    const auto svg = html.find("<svg id=\"tornado-chart\"");
    REQUIRE(svg != std::string::npos);
    const auto first = html.find("class=\"tornado-bar\"", svg);
    const auto second = html.find("class=\"tornado-bar\"", first + 1);
    REQUIRE(second != std::string::npos);
    CHECK(html.substr(first, 60).find("data-factor=\"b\"") != std::string::npos);
    CHECK(html.substr(second, 60).find("data-factor=\"a\"") != std::string::npos);
    CHECK(html.find("How sure") != std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(render_statement_html(d.json, "zh").find("确定程度") != std::string::npos);
    CHECK(render_statement_markdown(d.json, "en").find("## How sure") != std::string::npos);
    CHECK(render_statement_html(statement_text("footprint-statement/2"), "en").find("tornado") == std::string::npos);
}
