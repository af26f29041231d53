// The `sources:` block of factor, catalog and methodology files: the same
// record rules and the same messages in each, every problem reported.
// Inline YAML; positions are line:column in the text shown.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "footprint/factors/factor_library.hpp"
#include "footprint/methodology/methodology.hpp"
#include "footprint/products/catalog.hpp"

using namespace footprint;

namespace {

template <class F>
std::vector<diagnostic> problems(F&& f) {
    try {
        f();
    } catch (const error& e) {
        return e.problems();
    }
    return {};
}

// A catalog product that is valid but for what `sources` adds (line 7 on).
std::string product(const std::string& sources) {
    return R"(id: drum
name: test drum
kind: single-use
capacity: "208 L"
tare_mass: {value: 18.1, unit: kg, assumption: {text: as the bundled drum, reason: test}}
stages:
  raw_material:
    - {name: steel, activity: material.steel, quantity: "18.1 kg", assumption: {text: tare, reason: test}}
)" + sources;
}

// A methodology that is valid but for what `sources` adds (line 7 on).
std::string methodology_text(const std::string& sources) {
    return R"(id: t
version: "1"
title: test
baseline_scenario: b
functional_unit: f
applicability: []
)" + sources + R"(boundary: []
parameters:
  fixed:
    - {name: ef, description: factor, value: 2, unit: kg CO2e/kg, assumption: {text: t, reason: r}}
  monitored:
    - {name: mass, description: m, type: number, unit: kg}
equations:
  - name: E
    term: BE
    expr: mass * ef
)";
}

}  // namespace

TEST_CASE("a source id defined twice is named, in factor, catalog and methodology files alike") {
    const std::string twice = R"(sources:
  - {id: spec, publisher: Maker, title: Drum spec, year: 2020}
  - {id: spec, publisher: Maker, title: Drum spec again, year: 2021}
)";
    auto p = problems([&] { (void)load_factor_yaml(twice, "f.yaml"); });
    REQUIRE(p.size() == 1);
    CHECK(p[0].str() == "f.yaml:3:5: error [footprint.source.duplicate-id] sources[1]: source id 'spec' is defined "
                        "twice (expected a unique id, found 'spec')");

    p = problems([&] { (void)load_catalog_yaml({{"c.yaml", product(twice)}}); });
    REQUIRE(p.size() == 1);
    CHECK(p[0].str() == "c.yaml:11:5: error [footprint.source.duplicate-id] sources[1]: source id 'spec' is defined "
                        "twice (expected a unique id, found 'spec')");

    p = problems([&] { (void)load_methodology_yaml(methodology_text(twice), "m.yaml"); });
    REQUIRE(p.size() == 1);
    CHECK(p[0].str() == "m.yaml:9:5: error [footprint.source.duplicate-id] sources[1]: source id 'spec' is defined "
                        "twice (expected a unique id, found 'spec')");
}

TEST_CASE("a methodology's source keeps a licence spelt `license`, as factor and catalog sources do") {
    auto m = load_methodology_yaml(methodology_text(R"(sources:
  - {id: a, publisher: P, title: T, year: 2020, license: CC-BY-4.0}
  - {id: b, publisher: P, title: T, licence: OGL-3.0}
)"),
                                   "m.yaml");
    REQUIRE(m.sources.size() == 2);
    CHECK(m.sources[0].licence == "CC-BY-4.0");
    CHECK(m.sources[1].licence == "OGL-3.0");
    CHECK(m.sources[1].year == 0);  // a methodology's source may leave its year unstated

    auto lib = load_factor_yaml(R"(sources:
  - {id: a, publisher: P, title: T, year: 2020, license: CC-BY-4.0}
)");
    REQUIRE(lib.find_source("a") != nullptr);
    CHECK(lib.find_source("a")->licence == "CC-BY-4.0");
}

TEST_CASE("a `sources:` that is not a list is refused in a methodology, as in factor and catalog files") {
    // It was once left out without a word: the methodology loaded with no sources.
    const std::string not_a_list = "sources: {id: spec, publisher: Maker, title: Drum spec, year: 2020}\n";
    auto p = problems([&] { (void)load_methodology_yaml(methodology_text(not_a_list), "m.yaml"); });
    REQUIRE(p.size() == 1);
    CHECK(p[0].id == "footprint.yaml.type");
    CHECK(p[0].message == "expected a list");
    CHECK(p[0].where.line == 7);
    CHECK(p[0].where.column == 10);
    CHECK(p[0].str() == "m.yaml:7:10: error [footprint.yaml.type] sources: expected a list (expected - id: ...)");

    p = problems([&] { (void)load_catalog_yaml({{"c.yaml", product(not_a_list)}}); });
    REQUIRE(p.size() == 1);
    CHECK(p[0].str() == "c.yaml:9:10: error [footprint.yaml.type] sources: expected a list (expected - id: ...)");

    p = problems([&] { (void)load_factor_yaml(not_a_list, "f.yaml"); });
    REQUIRE(p.size() == 1);
    CHECK(p[0].str() == "f.yaml:1:10: error [footprint.yaml.type] sources: expected a list (expected - id: ...)");
}
