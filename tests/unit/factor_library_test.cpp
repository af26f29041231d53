// Emission factors from YAML: the three forms, GWP weighting, look-up with
// recorded fallback, and bad input reported all at once.

#include <doctest/doctest.h>

#include "footprint/factors/factor_library.hpp"

using namespace footprint;

namespace {

// A small factor file written the way factors/*.yaml are.
const char* const factors_yaml = R"(
regions:
  - {id: CN, name: China, parent: GLO}
  - {id: CN-East, name: East China grid, parent: CN}
sources:
  - {id: src-a, publisher: P, title: T, year: 2024}
factors:
  - id: steel
    name: Steel
    activity: material.steel
    activity_unit: t
    value: 1.91
    unit: t CO2e/t
    scope: cradle-to-gate
    region: GLO
    years: [2021, 2022]
    source: src-a
  - id: grid-cn-2022
    name: Grid 2022
    activity: electricity.grid
    activity_unit: kWh
    value: 0.5366
    unit: kg CO2/kWh
    scope: combustion
    region: CN
    years: [2022, 2022]
    source: src-a
  - id: grid-cn-2021
    name: Grid 2021
    activity: electricity.grid
    activity_unit: kWh
    value: 0.5568
    unit: kg CO2/kWh
    scope: combustion
    region: CN
    years: [2021, 2021]
    source: src-a
  - id: diesel
    name: Diesel, stationary combustion
    activity: fuel.diesel.combustion
    activity_unit: TJ
    unit: kg/TJ
    gases: {CO2: 74100, CH4: 3, N2O: 0.6}
    scope: combustion
    region: GLO
    years: [2006, 2035]
    source: src-a
)";

}  // namespace

TEST_CASE("the three forms of a factor give kg CO2e per activity unit") {
    factor_library lib = load_factor_yaml(factors_yaml, "inline.yaml");
    CHECK(lib.factors().size() == 4);
    // (a) 1.91 t CO2e/t is 1910 kg CO2e per t (its activity unit), 1.91 per kg.
    CHECK(lib.find("steel")->kg_co2e_per_activity_unit(gwp_ar6) == doctest::Approx(1910));
    CHECK(lib.find("steel")->kg_co2e_per_activity(gwp_ar6) == doctest::Approx(1.91));
    // (b) one gas, CO2, GWP 1 in every set.
    CHECK(lib.find("grid-cn-2022")->kg_co2e_per_activity_unit(gwp_ar4) == doctest::Approx(0.5366));
    // (c) per TJ: 74100 + 3×GWP(CH4) + 0.6×GWP(N2O)
    //   AR4: 74100 + 75 + 178.8 = 74353.8
    //   AR5: 74100 + 84 + 159.0 = 74343.0
    //   AR6: 74100 + 83.7 + 163.8 = 74347.5
    const emission_factor* d = lib.find("diesel");
    CHECK(d->kg_co2e_per_activity_unit(gwp_ar4) == doctest::Approx(74353.8));
    CHECK(d->kg_co2e_per_activity_unit(gwp_ar5) == doctest::Approx(74343.0));
    CHECK(d->kg_co2e_per_activity_unit(gwp_ar6) == doctest::Approx(74347.5));
}

TEST_CASE("a scaled copy multiplies the named factors in every form and leaves the rest and the original") {
    const factor_library lib = load_factor_yaml(factors_yaml, "inline.yaml");
    const factor_library scaled = lib.with_factors_scaled({{"steel", 2.0}, {"diesel", 0.5}});
    // (a) 1.91 t CO2e/t doubled: 3.82 kg CO2e per kg.
    CHECK(scaled.find("steel")->kg_co2e_per_activity(gwp_ar6) == doctest::Approx(3.82));
    // (c) halved: (74100 + 83.7 + 163.8) / 2 = 37173.75 kg per TJ under AR6, every gas halved.
    CHECK(scaled.find("diesel")->kg_co2e_per_activity_unit(gwp_ar6) == doctest::Approx(37173.75));
    // Not named: as it was; the original library is untouched.
    CHECK(scaled.find("grid-cn-2022")->kg_co2e_per_activity_unit(gwp_ar6) == doctest::Approx(0.5366));
    CHECK(lib.find("steel")->kg_co2e_per_activity(gwp_ar6) == doctest::Approx(1.91));
    // Look-ups by activity find the scaled factor.
    CHECK(scaled.lookup({"material.steel", "CN-East", 2021, ""}).factor->id == "steel");
    // Every unknown id is named.
    try {
        (void)lib.with_factors_scaled({{"nope", 2.0}, {"steel", 2.0}, {"nada", 3.0}});
        FAIL("an unknown id was accepted");
    } catch (const error& e) {
        REQUIRE(e.problems().size() == 2);
        CHECK(e.problems()[0].id == "footprint.factor.not-found");
        CHECK(e.problems()[0].found == "nada");  // in id order: nada, nope
        CHECK(e.problems()[1].found == "nope");
    }
}

TEST_CASE("look-up falls back from region to parent and to the nearest earlier year, and says so") {
    factor_library lib = load_factor_yaml(factors_yaml, "inline.yaml");
    factor_match exact = lib.lookup({"electricity.grid", "CN", 2022, ""});
    CHECK(exact.factor->id == "grid-cn-2022");
    CHECK(exact.exact);

    factor_match m = lib.lookup({"electricity.grid", "CN-East", 2024, ""});
    CHECK(m.factor->id == "grid-cn-2022");
    CHECK_FALSE(m.exact);
    REQUIRE(m.path.size() == 2);
    CHECK(m.path[0] == "CN-East: no factor");
    CHECK(m.path[1] == "CN: no factor for 2024, nearest earlier year 2022 → grid-cn-2022 (CN, 2022)");

    // Before any year: the nearest later one.
    factor_match early = lib.lookup({"electricity.grid", "CN", 2019, ""});
    CHECK(early.factor->id == "grid-cn-2021");
    CHECK(early.path.back() == "CN: no factor for 2019 or earlier, nearest later year 2021 → grid-cn-2021 (CN, 2021)");

    // Steel exists only for GLO: CN-East climbs to it.
    CHECK(lib.lookup({"material.steel", "CN-East", 2022, ""}).path.size() == 3);

    CHECK_THROWS_WITH_AS((void)lib.lookup({"material.unobtainium", "CN", 2022, ""}),
                         doctest::Contains("footprint.factor.not-found"), error);
}

TEST_CASE("two factors matching equally are an error, never a silent pick") {
    std::string yaml = std::string(factors_yaml) + R"(
  - id: grid-cn-2022-ets
    name: Grid 2022 (ETS)
    activity: electricity.grid
    activity_unit: MWh
    value: 0.5703
    unit: t CO2/MWh
    scope: supply
    region: CN
    years: [2022, 2022]
    source: src-a
)";
    factor_library lib = load_factor_yaml(yaml, "inline.yaml");
    CHECK_THROWS_WITH_AS((void)lib.lookup({"electricity.grid", "CN", 2022, ""}),
                         doctest::Contains("[footprint.factor.ambiguous]"), error);
    // Stating the rule (here the scope) resolves it.
    CHECK(lib.lookup({"electricity.grid", "CN", 2022, "supply"}).factor->id == "grid-cn-2022-ets");
}

TEST_CASE("every problem in a factor file is reported with its location") {
    const char* bad = R"(sources:
  - {id: s, publisher: P, title: T, year: 2024}
factors:
  - id: a
    name: A
    activity: material.steel
    activity_unit: kg
    value: 1.9
    unit: kg CO2e/furlong
    scope: cradle-to-gate
    region: GLO
    years: [2020, 2021]
    source: s
  - id: b
    name: B
    activity: material.steel
    activity_unit: kWh
    value: 1.9
    unit: kg CO2e/kg
    scope: cradle-to-gate
    region: GLO
    years: [2020, 2021]
    source: s
  - id: c
    activity: material.steel
    activity_unit: kg
    value: -1
    unit: kg CO2e/kg
    scope: cradle-to-gate
    region: Atlantis
    years: [2020, 2021]
    source: nowhere
  - id: d
    name: D
    activity: material.steel
    activity_unit: kg
    value: 2
    unit: kg CO2e/kg
    scope: cradle-to-gate
    region: GLO
    years: [2020, 2021]
    source: nowhere
  - id: d
    name: D again
    activity: material.steel
    activity_unit: kg
    value: 2
    unit: kg CO2e/kg
    scope: cradle-to-gate
    region: GLO
    years: [2020, 2021]
    source: s
)";
    try {
        (void)load_factor_yaml(bad, "bad.yaml");
        FAIL("expected an error");
    } catch (const error& e) {
        std::vector<std::string> lines;
        for (const auto& d : e.problems()) lines.push_back(d.str());
        REQUIRE(lines.size() == 6);
        CHECK(lines[0].rfind("bad.yaml:9:11: error [footprint.unit.unknown] factors[0].unit: unknown unit symbol 'furlong'", 0) == 0);
        CHECK(lines[1] == "bad.yaml:19:11: error [footprint.unit.dimension] factors[1].unit: unit 'kg CO2e/kg' is CO2e per mass, "
                          "not an emission per kWh (expected an emission per kWh, e.g. kg CO2e/kWh or t CO2/kWh, found 'kg CO2e/kg')");
        CHECK(lines[2] == "bad.yaml:24:5: error [footprint.yaml.missing-field] factors[2].name: missing field 'name' (expected a text value)");
        CHECK(lines[3] == "bad.yaml:27:12: error [footprint.quantity.out-of-range] factors[2].value: value below 0 (expected a number ≥ 0, found '-1')");
        CHECK(lines[4].rfind("bad.yaml:43:5: error [footprint.factor.duplicate-id] factors[4]: factor id 'd' is defined twice", 0) == 0);
        // Factor d cites an unknown source; c was refused already.
        CHECK(lines[5].rfind("bad.yaml:33:5: error [footprint.factor.unknown-source] factors[3]: factor 'd' cites an unknown source", 0) == 0);
    }
}

TEST_CASE("a YAML syntax error names line and column") {
    CHECK_THROWS_WITH_AS((void)load_factor_yaml("factors:\n  - id: [unclosed\n", "s.yaml"),
                         doctest::Contains("s.yaml:3:1: error [footprint.yaml.syntax]"), error);
}
