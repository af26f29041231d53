// CFP study reports (ISO 14067 7.3): the numbers behind the report (fossil
// and biogenic emissions, land-use change and aircraft apart, GWP and design
// life sensitivity), worked by hand, and what the rendered report states.

#include <doctest/doctest.h>

#include "footprint/products/catalog.hpp"
#include "footprint/render/cfp_study.hpp"

using namespace footprint;

namespace {

const std::filesystem::path source_dir = FOOTPRINT_SOURCE_DIR;

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// Factors with what the bundled set lacks: air freight, a land-use-change
// factor and a biogenic route, and a per-gas factor that moves with the GWP set.
const char* const factors_yaml = R"(
regions:
  - {id: CN, name: China, parent: GLO}
sources:
  - {id: s, publisher: P, title: T, year: 2024}
factors:
  - {id: paper-luc, name: Paper with land-use change, activity: material.paper.luc, activity_unit: kg, value: 0.2,
     unit: kg CO2e/kg, scope: cradle-to-gate, region: GLO, years: [2020, 2030], source: s,
     quality: {technological: 2, geographical: 3, temporal: 1}}
  - {id: air, name: Air freight, activity: freight.air.longhaul, activity_unit: tkm, value: 1.0, unit: kg CO2e/tkm,
     scope: wtw, region: GLO, years: [2020, 2030], source: s}
  - {id: wood-burn, name: Wood burnt, activity: eol.incineration.wood, activity_unit: kg, value: 1.5, unit: kg CO2e/kg,
     scope: end-of-life, fossil: false, region: GLO, years: [2020, 2030], source: s}
  - {id: diesel, name: Diesel, activity: fuel.diesel.combustion, activity_unit: TJ, unit: kg/TJ,
     gases: {CO2: 74100, CH4: 3, N2O: 0.6}, scope: combustion, region: GLO, years: [2006, 2035], source: s}
)";

const char* const crate_yaml = R"(
id: crate
name: Test crate
kind: single-use
capacity: "50 L"
tare_mass: {value: 3, unit: kg, assumption: {text: 3 kg, reason: test}}
stages:
  raw_material:
    - {name: paper, activity: material.paper.luc, quantity: "1 kg", assumption: {text: one kilogram, reason: test}}
  production:
    - {name: burner, activity: fuel.diesel.combustion, quantity: "0.002 TJ", assumption: {text: x, reason: test}}
  distribution:
    - {name: flight, activity: freight.air.longhaul, quantity: "0.5 tkm", assumption: {text: x, reason: test}}
  end_of_life:
    - {name: wood burnt, activity: eol.incineration.wood, quantity: "2 kg", share: 0.25,
       assumption: {text: x, reason: test}}
exclusions:
  - {what: glue, reason: no data}
)";

struct bundled {
    factor_library factors = load_factor_directory(source_dir / "factors");
    catalog products = load_catalog_directory(source_dir / "methodologies" / "catalog", &factors);
};

const bundled& data() {
    static const bundled b;
    return b;
}

}  // namespace

TEST_CASE("activities that are air transport or land-use change") {
    CHECK(is_aircraft_activity("freight.air.longhaul"));
    CHECK(is_aircraft_activity("air"));
    CHECK_FALSE(is_aircraft_activity("freight.road.truck"));
    CHECK_FALSE(is_aircraft_activity("material.airbag"));
    CHECK(is_land_use_change_activity("material.paper.luc"));
    CHECK(is_land_use_change_activity("land-use-change.forest"));
    CHECK_FALSE(is_land_use_change_activity("material.lucite"));
}

TEST_CASE("a crate with land-use change, air freight and a biogenic route, worked by hand") {
    factor_library lib = load_factor_yaml(factors_yaml, "f.yaml");
    catalog cat = load_catalog_yaml({{"crate.yaml", crate_yaml}}, &lib);
    cfp_study s = compute_cfp_study(*cat.find("crate"), lib, cfp_options{});  // AR6, 2023, CN
    // paper 1 kg × 0.2 = 0.2 kg → 200 g (land-use change, fossil)
    // diesel 0.002 TJ × (74100 + 3 × 27.9 + 0.6 × 273) kg/TJ = 148.695 kg → 148 695 g (fossil)
    // flight 0.5 tkm × 1.0 = 0.5 kg → 500 g (aircraft, fossil)
    // wood 2 kg × 0.25 × 1.5 = 0.75 kg → 750 g (biogenic)
    // total 150 145 g: fossil 149 395, biogenic 750; no removals.
    CHECK(s.per_unit.total_g == 150145);
    CHECK(s.per_unit.fossil_emissions_g == 149395);
    CHECK(s.per_unit.biogenic_emissions_g == 750);
    CHECK(s.per_unit.fossil_removals_g == 0);
    CHECK(s.per_unit.biogenic_removals_g == 0);
    CHECK(s.per_unit.land_use_change_g == 200);
    CHECK(s.per_unit.aircraft_g == 500);
    CHECK(s.per_trip.total_g == 150145);  // single use: one trip is one unit
    // GWP sensitivity moves the diesel item only: AR4 0.002 × (74100 + 75 + 178.8) = 148.7076 kg → 148 708 g,
    // AR5 0.002 × (74100 + 84 + 159) = 148.686 kg → 148 686 g.
    REQUIRE(s.gwp_cases.size() == 3);
    CHECK(s.gwp_cases[0].gwp == &gwp_ar4);
    CHECK(s.gwp_cases[0].per_unit_g == 150145 - 148695 + 148708);
    CHECK(s.gwp_cases[1].per_unit_g == 150145 - 148695 + 148686);
    CHECK(s.gwp_cases[2].per_unit_g == 150145);
    CHECK(s.life_cases.empty());
    REQUIRE(s.items.size() == 4);
    CHECK(s.items[0].land_use_change);
    CHECK(s.items[2].aircraft);
    CHECK(s.items[0].requested_region == "CN");

    std::string md = render_cfp_study_markdown(s, lib, "en");
    CHECK(contains(md, "| Fossil GHG emissions | 149.395 | 149.395 |"));
    CHECK(contains(md, "| Biogenic GHG emissions | 0.750 | 0.750 |"));
    CHECK(contains(md, "| of which direct land-use change | 0.200 | 0.200 |"));
    CHECK(contains(md, "| of which aircraft emissions | 0.500 | 0.500 |"));
    CHECK(contains(md, "**Land-use change:** reported separately above"));
    CHECK(!contains(md, "not relevant"));
    CHECK(contains(md, "| AR4 | 150.158 | +0.013 (+0.01 %) | 150.158 | +0.013 (+0.01 %) |"));
    // The factor is GLO, the item asked for the default region CN: a proxy, with the fallback path.
    CHECK(contains(md, "| paper | Raw material acquisition | per unit | 1 kg | assumption (section 9) | `paper-luc` | "
                       "0.200 | proxy: region GLO for CN; fallback: "));
    CHECK(contains(md, "| `paper-luc` | 0.2 kg CO2e/kg | `s` | GLO | 2020–2030 | cradle-to-gate | T2 G3 Te1 | "
                       "CO2e as published |"));
    CHECK(contains(md, "| glue | no data |"));
    CHECK(contains(md, "- **paper (Raw material acquisition):** one kilogram. Reason: test"));
    CHECK(contains(md, "### 10.2 Design life\n\nNot applicable: a single-use unit makes one trip.\n"));
}

TEST_CASE("the steel drum's report: 34.900 kg, no land-use change, no air transport") {
    cfp_study s = compute_cfp_study(*data().products.find("steel-drum-208l"), data().factors, cfp_options{});
    // 34 571 + 227 + 102 = 34 900 g, all fossil (bundled_data and cfp_methodology tests work it out).
    CHECK(s.per_unit.total_g == 34900);
    CHECK(s.per_unit.fossil_emissions_g == 34900);
    CHECK(s.per_unit.land_use_change_g == 0);
    CHECK(s.per_unit.aircraft_g == 0);
    // Steel (worldsteel) is CO2 only and the DESNZ factors are published CO2e: the GWP set changes nothing.
    for (const auto& g : s.gwp_cases) CHECK(g.per_unit_g == 34900);
    std::string md = render_cfp_study_markdown(s, data().factors, "en");
    CHECK(contains(md, "**Land-use change:** not relevant: no land-use change in the system"));
    CHECK(contains(md, "**Aircraft emissions:** not relevant: no air transport in the system."));
    CHECK(contains(md, "| **Total** | **34.900** | **34.900** |"));
    CHECK(contains(md, "| `worldsteel.crude-steel.co2-intensity.2022` | 1910 kg CO2e/t | "));
    std::string zh = render_cfp_study_markdown(s, data().factors, "zh");
    for (const char* h : {"## 2 功能单位与声明单位", "## 3 系统边界", "## 4 取舍准则与排除项", "## 5 分配",
                          "## 7 数据来源与数据质量", "## 8 全球变暖潜势值", "## 10 敏感性分析", "## 11 局限性"}) {
        CAPTURE(h);
        CHECK(contains(zh, std::string("\n") + h + "\n"));
    }
    std::string html = render_cfp_study_html(s, data().factors, "en");
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(!contains(html, "<link"));
    CHECK(!contains(html, "<script"));
}

TEST_CASE("a reusable IBC: per-trip footprint at half and double its design life") {
    const packaging_product& ibc = *data().products.find("foldable-ibc-1000l");
    cfp_study s = compute_cfp_study(ibc, data().factors, cfp_options{});
    // Own life 269.636 kg per unit; the trip's own items 9.982 kg (return haul 2.630, liner 3.095, liner burnt
    // 2.750, water 0.019, wastewater 0.017, grid 0.531, detergent 0.038, repair 0.902).
    //   N = 25:   269.636 / 25   = 10.785 kg → 20.768 kg per trip (items rounded one by one: 10.786 + 9.982)
    //   N = 12.5: 269.636 / 12.5 = 21.571 kg → 31.551 kg per trip (per-item rounding: 21.569 + 9.982)
    //   N = 50:   269.636 / 50   =  5.393 kg → 15.375 kg per trip
    REQUIRE(s.life_cases.size() == 3);
    CHECK(s.life_cases[0].trips == 12.5);
    CHECK(s.life_cases[0].per_trip_g == 31551);
    CHECK(s.life_cases[1].trips == 25);
    CHECK(s.life_cases[1].per_trip_g == s.footprint.per_trip.grams);  // the two routes agree at the design life
    CHECK(s.life_cases[1].per_trip_g == 20768);
    CHECK(s.life_cases[2].trips == 50);
    CHECK(s.life_cases[2].per_trip_g == 15375);
    CHECK(s.footprint.per_unit.grams == 269636);
    std::string md = render_cfp_study_markdown(s, data().factors, "en");
    CHECK(contains(md, "| 12.5 | 31.551 | +10.783 (+51.92 %) |"));
    CHECK(contains(md, "| 25 (as designed) | 20.768 | 0.000 (+0.00 %) |"));
    CHECK(contains(md, "| 50 | 15.375 | -5.393 (-25.97 %) |"));
    // The grid factor is the national 2023 factor, an exact match; DESNZ factors stand in for CN.
    CHECK(contains(md, "| `cn.grid.2023.national.mee-nbs` | 0.531 | exact |"));
    CHECK(contains(md, "| `desnz2025.freight.hgv-all.average-laden.wtw` | 2.630 | proxy: region GB for CN; years 2025 for 2023 |"));
}
