// Uncertainty: factor distributions from the source or from the ecoinvent
// pedigree approach (checked by hand against the published factors), the
// counter-based random numbers, the summaries and Spearman's rank correlation,
// and the Monte Carlo of a product footprint against the lognormal's closed
// form and across thread counts.

#include <doctest/doctest.h>

#include <cmath>

#include "footprint/factors/factor_distribution.hpp"
#include "footprint/factors/factor_library.hpp"
#include "footprint/products/catalog.hpp"
#include "footprint/products/cfp.hpp"
#include "footprint/uncertainty/cfp_monte_carlo.hpp"
#include "footprint/uncertainty/cfp_uncertainty_report.hpp"
#include "footprint/uncertainty/random.hpp"
#include "footprint/uncertainty/statistics.hpp"

using namespace footprint;
using namespace footprint::uncertainty;

namespace {

const char* const factors_yaml = R"(
regions:
  - {id: CN, name: China, parent: GLO}
sources:
  - {id: s, publisher: P, title: T, year: 2024}
factors:
  - {id: hdpe, name: HDPE, activity: material.hdpe, activity_unit: kg, value: 1.9, unit: kg CO2e/kg,
     scope: cradle-to-gate, region: GLO, years: [2009, 2030], source: s,
     quality: {technological: 3, geographical: 3, temporal: 3}}
  - {id: steel, name: Steel, activity: material.steel, activity_unit: kg, value: 2.0, unit: kg CO2e/kg,
     scope: cradle-to-gate, region: GLO, years: [2009, 2030], source: s,
     quality: {technological: 2, geographical: 1, temporal: 1}}
  - {id: burn, name: Burn, activity: eol.incineration.hdpe, activity_unit: t, unit: kg/t, gases: {CO2: 2750},
     gwp: null, scope: combustion, region: GLO, years: [2006, 2035], source: s,
     quality: {technological: 3, geographical: 3, temporal: 3}, uncertainty: {range: [2456.7, 3116.7]}}
)";

const char* const one_item_yaml = R"(
id: jar
name: One item
kind: single-use
capacity: "10 L"
tare_mass: {value: 2, unit: kg, assumption: {text: 2 kg, reason: test}}
stages:
  raw_material:
    - {name: HDPE, activity: material.hdpe, quantity: "2 kg", assumption: {text: x, reason: test}}
)";

const char* const shared_factor_yaml = R"(
id: pair
name: Two items, one factor
kind: single-use
capacity: "10 L"
tare_mass: {value: 5, unit: kg, assumption: {text: 5 kg, reason: test}}
stages:
  raw_material:
    - {name: body, activity: material.hdpe, quantity: "2 kg", assumption: {text: x, reason: test}}
    - {name: lid, activity: material.hdpe, quantity: "3 kg", assumption: {text: x, reason: test}}
    - {name: band, activity: material.steel, quantity: "1 kg", assumption: {text: x, reason: test}}
)";

const emission_factor& factor(const factor_library& lib, const char* id) {
    const emission_factor* f = lib.find(id);
    REQUIRE(f != nullptr);
    return *f;
}

}  // namespace

TEST_CASE("pedigree: GSD² from the published factors, worked by hand") {
    // Ciroth et al. (2016) factors (GSD²), basic uncertainty 1.05; GSD² = exp(√Σ ln²U).
    // {tech 2, geo 1, temp 1}: U = 1.05, 1.18, 1.00, 1.00
    //   ln 1.05 = 0.0487902, ln 1.18 = 0.1655144; Σ ln² = 0.0023805 + 0.0273950 = 0.0297755
    //   √ = 0.1725558; exp = 1.1883381
    CHECK(pedigree_distribution({2, 1, 1}).gsd2() == doctest::Approx(1.1883381).epsilon(1e-7));
    // {3, 3, 3}: U = 1.05, 1.65, 1.08, 1.10
    //   ln² = 0.0023805 + 0.2507759 + 0.0059230 + 0.0090840 = 0.2681634; √ = 0.5178450; exp = 1.6784067
    CHECK(pedigree_distribution({3, 3, 3}).gsd2() == doctest::Approx(1.6784067).epsilon(1e-7));
    // {5, 5, 5}: U = 1.05, 2.80, 1.11, 1.29
    //   ln² = 0.0023805 + 1.0601161 + 0.0108910 + 0.0648427 = 1.1382303; √ = 1.0668787; exp = 2.9062941
    CHECK(pedigree_distribution({5, 5, 5}).gsd2() == doctest::Approx(2.9062941).epsilon(1e-7));
    // Not rated at all: the basic uncertainty alone, GSD² = 1.05 exactly (to rounding).
    const factor_distribution none = pedigree_distribution({0, 0, 0});
    CHECK(none.gsd2() == doctest::Approx(1.05).epsilon(1e-12));
    CHECK(none.not_rated.size() == 3);
    // {tech 4, geo not rated, temp 2}: U = 1.05, 2.08, 1.03 → exp(√(0.0023805 + 0.5363627 + 0.0008737)) = 2.0846193
    const factor_distribution partial = pedigree_distribution({4, 0, 2});
    CHECK(partial.gsd2() == doctest::Approx(2.0846193).epsilon(1e-7));
    REQUIRE(partial.not_rated.size() == 1);
    CHECK(partial.not_rated[0] == "geographical");
    CHECK(partial.derived);
    // σ of ln for {3,3,3} = 0.5178450 / 2 = 0.2589225: mean multiplier exp(σ²/2) = 1.0340886.
    CHECK(pedigree_distribution({3, 3, 3}).mean() == doctest::Approx(1.0340886).epsilon(1e-7));
}

TEST_CASE("a range the source states is kept: triangular around the value") {
    factor_library lib = load_factor_yaml(factors_yaml, "f.yaml");
    const factor_distribution d = distribution_of(factor(lib, "burn"));
    CHECK_FALSE(d.derived);
    CHECK(d.kind == factor_distribution::shape::triangular);
    // 2456.7 / 2750 = 0.8933455, 3116.7 / 2750 = 1.1333455; mean (0.8933455 + 1 + 1.1333455) / 3 = 1.0088970
    CHECK(d.low == doctest::Approx(0.8933455).epsilon(1e-7));
    CHECK(d.high == doctest::Approx(1.1333455).epsilon(1e-7));
    CHECK(d.mean() == doctest::Approx(1.0088970).epsilon(1e-7));
    CHECK(d.at(0, 0.0) == doctest::Approx(d.low));
    CHECK(d.at(0, 1.0) == doctest::Approx(d.high));
    // The mode sits at c = (1 - low) / (high - low) of the cumulative probability.
    CHECK(d.at(0, (1 - d.low) / (d.high - d.low)) == doctest::Approx(1.0));
}

TEST_CASE("a stated distribution that cannot be drawn is refused when drawn, naming the factor and its line") {
    // Loading stays as it was (a factor file valid before is valid now); the
    // Monte Carlo refuses the factor. An IPCC range on a factor of three gases
    // is one (which gas is it the range of?), a range not around the value another.
    const char* odd = R"(
sources:
  - {id: s, publisher: P, title: T, year: 2024}
factors:
  - {id: x, name: X, activity: a.b, activity_unit: kg, value: 5, unit: kg CO2e/kg, scope: cradle-to-gate,
     region: GLO, years: [2020, 2030], source: s, uncertainty: {range: [1, 2]}}
  - {id: d, name: D, activity: fuel.diesel.combustion, activity_unit: TJ, unit: kg/TJ,
     gases: {CO2: 74100, CH4: 3.9, N2O: 3.9}, scope: combustion, region: GLO, years: [2006, 2035], source: s,
     uncertainty: {range: [72600, 74800]}}
)";
    factor_library lib = load_factor_yaml(odd, "odd.yaml");
    auto refused = [&](const char* id) {
        try {
            (void)distribution_of(factor(lib, id));
        } catch (const error& e) {
            REQUIRE(e.problems().size() == 1);
            return e.problems()[0];
        }
        FAIL("expected footprint.uncertainty.spec");
        return diagnostic{};
    };
    const diagnostic x = refused("x");
    CHECK(x.id == "footprint.uncertainty.spec");
    CHECK(x.str() == "odd.yaml:5:5: error [footprint.uncertainty.spec] factors[0].uncertainty: factor 'x': the range "
                     "does not hold the factor's value (expected 0 < low ≤ 5 ≤ high, found '[1, 2]')");
    const diagnostic d = refused("d");
    CHECK(d.where.line == 7);
    CHECK(d.found == "3 gases");
}

TEST_CASE("counter-based draws: a pure function of (seed, key, iteration)") {
    const draw a = draw_of(7, key_of("hdpe"), 12345);
    const draw b = draw_of(7, key_of("hdpe"), 12345);
    CHECK(a.z == b.z);
    CHECK(a.u == b.u);
    CHECK(draw_of(8, key_of("hdpe"), 12345).z != a.z);
    CHECK(draw_of(7, key_of("steel"), 12345).z != a.z);
    // Moments of 200 000 normals: mean 0 (SE 1/√N = 0.00224), variance 1 (SE √(2/N) = 0.00316); 4 SE bounds.
    const std::size_t n = 200000;
    double s = 0, ss = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const double z = draw_of(1, key_of("x"), k).z;
        s += z;
        ss += z * z;
    }
    CHECK(std::abs(s / n) < 4 * 0.00224);
    CHECK(std::abs(ss / n - 1) < 4 * 0.00316);
}

TEST_CASE("quantiles, ranks and Spearman worked by hand") {
    // {1, 2, 3, 4}, q = 0.25: h = 3 × 0.25 = 0.75 → 1 + 0.75 × (2 − 1) = 1.75
    CHECK(quantile_sorted({1, 2, 3, 4}, 0.25) == doctest::Approx(1.75));
    CHECK(quantile_sorted({1, 2, 3, 4}, 0.5) == doctest::Approx(2.5));
    // y = {5, 6, 7, 8, 7}: ranks {1, 2, 3.5, 5, 3.5} (the two 7s share 3 and 4).
    const std::vector<double> r = ranks({5, 6, 7, 8, 7});
    CHECK(r == std::vector<double>{1, 2, 3.5, 5, 3.5});
    // With x = 1 … 5: deviations of ranks from 3: x −2 −1 0 1 2, y −2 −1 0.5 2 0.5;
    // Σxy = 4 + 1 + 0 + 2 + 1 = 8, Σx² = 10, Σy² = 9.5 → ρ = 8 / √95 = 0.8207827
    CHECK(spearman({1, 2, 3, 4, 5}, {5, 6, 7, 8, 7}) == doctest::Approx(0.8207827).epsilon(1e-7));
    CHECK(spearman({1, 2, 3}, {3, 2, 1}) == doctest::Approx(-1.0));
    CHECK(spearman({1, 1, 1}, {3, 2, 1}) == 0.0);
}

TEST_CASE("Monte Carlo of one factor × a quantity reproduces the lognormal's closed form") {
    factor_library lib = load_factor_yaml(factors_yaml, "f.yaml");
    catalog cat = load_catalog_yaml({{"jar.yaml", one_item_yaml}}, &lib);
    const product_footprint fp = compute_product_footprint(*cat.find("jar"), lib, cfp_options{});
    monte_carlo_options o;
    o.iterations = 200000;
    o.seed = 2026;
    const cfp_uncertainty r = cfp_monte_carlo(fp, lib, o);
    // 2 kg × 1.9 kg CO2e/kg = 3.8 kg; quality {3,3,3}: σ = 0.2589225 (case above).
    // Median 3.8; mean 3.8 × exp(σ²/2) = 3.8 × 1.0340886 = 3.9295366;
    // sd 3.8 × √((e^σ² − 1) e^σ²) = 3.8 × 0.2722996 = 1.0347385.
    // 2.5 % and 97.5 %: 3.8 × exp(∓1.959964 σ) = 3.8 × 0.6020115 = 2.2876437 and 3.8 × 1.6610978 = 6.3121718.
    REQUIRE(r.terms.size() == 1);
    CHECK(r.per_unit_kg == doctest::Approx(3.8));
    const double n = 200000, sd = 1.0347385, sigma = 0.2589225;
    // Standard errors: mean sd/√N = 0.0023138; median m σ √(π/2) / √N = 3.8 × 0.2589225 × 1.2533141 / 447.21 = 0.0027574;
    // a quantile q: √(q(1−q)) / (f(x_q) √N) with the lognormal density f(x) = φ(z) / (x σ).
    const double se_mean = sd / std::sqrt(n);
    const double se_median = 3.8 * sigma * 1.2533141 / std::sqrt(n);
    auto se_q = [&](double x, double q, double z) {
        const double f = std::exp(-z * z / 2) / std::sqrt(2 * M_PI) / (x * sigma);
        return std::sqrt(q * (1 - q)) / (f * std::sqrt(n));
    };
    CHECK(std::abs(r.per_unit.mean - 3.9295366) < 4 * se_mean);
    CHECK(std::abs(r.per_unit.median - 3.8) < 4 * se_median);
    CHECK(std::abs(r.per_unit.sd - 1.0347385) < 0.02 * 1.0347385);  // SE of the sd ≈ sd √((κ + 2) / 4N) = 0.2 % here (excess kurtosis κ = 1.18)
    CHECK(std::abs(r.per_unit.p2_5 - 2.2876437) < 4 * se_q(2.2876437, 0.025, -1.959964));
    CHECK(std::abs(r.per_unit.p97_5 - 6.3121718) < 4 * se_q(6.3121718, 0.975, 1.959964));
    // One factor explains everything: ρ = 1.
    CHECK(r.sensitivity[0].spearman_per_unit == doctest::Approx(1.0));
    CHECK(r.sensitivity[0].variance_share_per_trip == doctest::Approx(1.0));
}

TEST_CASE("correlation done right: one draw per factor per iteration, shared by every item") {
    factor_library lib = load_factor_yaml(factors_yaml, "f.yaml");
    catalog cat = load_catalog_yaml({{"pair.yaml", shared_factor_yaml}}, &lib);
    const product_footprint fp = compute_product_footprint(*cat.find("pair"), lib, cfp_options{});
    monte_carlo_options o;
    o.iterations = 5000;
    o.seed = 3;
    const cfp_uncertainty r = cfp_monte_carlo(fp, lib, o);
    // Two terms: hdpe (2 + 3 kg) × 1.9 = 9.5 kg, steel 1 kg × 2.0 = 2.0 kg.
    REQUIRE(r.terms.size() == 2);
    CHECK(r.terms[0].id == "hdpe");
    CHECK(r.terms[0].per_unit_kg == doctest::Approx(9.5));
    CHECK(r.terms[1].per_unit_kg == doctest::Approx(2.0));
    for (std::size_t k = 0; k < 5000; k += 997)
        CHECK(r.per_unit_draws[k] == doctest::Approx(9.5 * r.multipliers[0][k] + 2.0 * r.multipliers[1][k]));
    // The larger, wider factor leads the sensitivity ranking.
    CHECK(sensitivity_order(r).front() == 0);
    CHECK(r.sensitivity[0].spearman_per_unit > r.sensitivity[1].spearman_per_unit);
}

TEST_CASE("the same seed gives the same bytes with 1, 2 and 3 threads") {
    factor_library lib = load_factor_yaml(factors_yaml, "f.yaml");
    catalog cat = load_catalog_yaml({{"pair.yaml", shared_factor_yaml}}, &lib);
    const product_footprint fp = compute_product_footprint(*cat.find("pair"), lib, cfp_options{});
    auto json_with = [&](unsigned threads, std::uint64_t seed) {
        monte_carlo_options o;
        o.iterations = 10001;  // not a multiple of the thread counts
        o.seed = seed;
        o.threads = threads;
        return render_cfp_uncertainty_json({cfp_monte_carlo(fp, lib, o)}, cfp_options{});
    };
    const std::string one = json_with(1, 42);
    CHECK(one == json_with(2, 42));
    CHECK(one == json_with(3, 42));
    CHECK(one != json_with(1, 43));
}

TEST_CASE("Monte Carlo options out of range are refused, each named") {
    monte_carlo_options o;
    o.iterations = 0;
    o.threads = 0;
    try {
        check_options(o);
        FAIL("expected footprint.uncertainty.options");
    } catch (const error& e) {
        REQUIRE(e.problems().size() == 2);
        CHECK(e.problems()[0].id == "footprint.uncertainty.options");
        CHECK(e.problems()[0].where.field == "--uncertainty");
        CHECK(e.problems()[1].where.field == "--threads");
    }
}
