// Monte Carlo of a product footprint with catalog quantities and lives drawn
// (docs/uncertainty.md, section 2): closed forms worked by hand, the
// deterministic equal to `cfp`'s figure to the bit, thread counts, and the
// errors of a bad `uncertainty:` on a quantity or a life.
//
// Fixtures: tests/data/cfp-uncertainty (README.md there).

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>

#include "footprint/factors/factor_library.hpp"
#include "footprint/products/catalog.hpp"
#include "footprint/products/cfp.hpp"
#include "footprint/uncertainty/cfp_monte_carlo.hpp"
#include "footprint/uncertainty/cfp_uncertainty_report.hpp"

using namespace footprint;
using namespace footprint::uncertainty;

namespace {

const std::filesystem::path source_dir = FOOTPRINT_SOURCE_DIR;
const std::filesystem::path fixtures = source_dir / "tests" / "data" / "cfp-uncertainty";

struct fixture {
    factor_library lib = load_factor_directory(fixtures / "factors");
    catalog cat = load_catalog_directory(fixtures / "methodologies" / "catalog", &lib);
};

const fixture& data() {
    static const fixture f;
    return f;
}

cfp_uncertainty run(const char* product, std::size_t n, std::uint64_t seed, unsigned threads = 1) {
    const packaging_product* p = data().cat.find(product);
    REQUIRE(p != nullptr);
    monte_carlo_options o;
    o.iterations = n;
    o.seed = seed;
    o.threads = threads;
    return cfp_monte_carlo(compute_product_footprint(*p, data().lib, cfp_options{}), data().lib, o);
}

const input_term& term(const cfp_uncertainty& r, const std::string& id) {
    for (const auto& t : r.terms)
        if (t.id == id) return t;
    FAIL("no term " << id);
    return r.terms.front();
}

std::vector<diagnostic> problems_of(const std::string& yaml) {
    try {
        (void)load_catalog_yaml({{"q.yaml", yaml}}, &data().lib);
    } catch (const error& e) {
        return e.problems();
    }
    return {};
}

}  // namespace

TEST_CASE("a quantity ~ normal(10 kg, 1.5 kg) × a factor without spread: mean 20, sd 3 kg CO2e, by hand") {
    // jar-normal: 10 kg × m_q × 2.0 kg CO2e/kg × m_f, m_f ≡ 1 (zero-width uniform), m_q ~ normal(1, 0.15).
    // Per unit Y = 20 m_q ~ normal(20, 3): mean 20, sd 3, median 20,
    //   2.5 % = 20 − 1.959964 × 3 = 14.120108, 97.5 % = 25.879892.
    // Standard errors at N = 100 000: mean 3/√N = 0.0094868; sd 3/√(2N) = 0.0067082;
    //   median 3 √(π/2)/√N = 0.0118900; the 2.5 % and 97.5 % points √(q(1−q)) / (φ(1.96)/3 × √N) = 0.0253423.
    const cfp_uncertainty r = run("jar-normal", 100000, 2026);
    CHECK(r.per_unit_kg == 20.0);
    CHECK(std::abs(r.per_unit.mean - 20) < 4 * 0.0094868);
    CHECK(std::abs(r.per_unit.sd - 3) < 4 * 0.0067082);
    CHECK(std::abs(r.per_unit.median - 20) < 4 * 0.0118900);
    CHECK(std::abs(r.per_unit.p2_5 - 14.120108) < 4 * 0.0253423);
    CHECK(std::abs(r.per_unit.p97_5 - 25.879892) < 4 * 0.0253423);
    // A single-use jar: per trip is per unit.
    CHECK(r.per_trip.mean == r.per_unit.mean);
    // The quantity explains everything; the factor, drawn as exactly 1, nothing.
    const input_term& q = term(r, "quantity:body");
    CHECK(q.kind == input_kind::quantity);
    CHECK(q.value == 10.0);
    CHECK(q.per_unit_kg == 20.0);
    for (std::size_t t = 0; t < r.terms.size(); ++t)
        CHECK(r.sensitivity[t].variance_share_per_trip == (r.terms[t].id == "quantity:body" ? 1.0 : 0.0));
    CHECK(r.held.empty());
}

TEST_CASE("a design life ~ uniform(25, 100) trips: per trip 20 kg CO2e × E[1/L] = 20 ln 4 / 75, by hand") {
    // crate-life: 10 kg × 2.0 kg CO2e/kg = 20 kg CO2e per unit (held), over L ~ uniform(25, 100).
    // E[1/L] = ln(b/a)/(b − a) = ln 4 / 75 = 0.0184839; mean per trip 20 × 0.0184839 = 0.3696785.
    // E[1/L²] = 1/(ab) = 0.0004, Var(1/L) = 0.0004 − 0.0184839² = 0.0000583; sd per trip 0.1527672.
    // 20/L decreases in L, so its q-quantile is 20 / (25 + 75 (1 − q)):
    //   2.5 % 20/98.125 = 0.2038217, median 20/62.5 = 0.32, 97.5 % 20/26.875 = 0.7441860.
    // Standard errors at N = 100 000: mean 0.1527672/√N = 0.0004831; the sd, excess kurtosis 0.064:
    //   0.1527672 × √((κ + 2)/4N) = 0.23 %; quantile q at y: √(q(1−q)) / (f(y)√N), f(y) = (1/75)(20/y²):
    //   2.5 % 0.0000769, median 0.0006072, 97.5 % 0.0010253.
    const cfp_uncertainty r = run("crate-life", 100000, 7);
    CHECK(r.per_trip_kg == 0.4);  // 20 / 50 trips
    CHECK(std::abs(r.per_trip.mean - 0.3696785) < 4 * 0.0004831);
    CHECK(std::abs(r.per_trip.sd - 0.1527672) < 4 * 0.0023 * 0.1527672);
    CHECK(std::abs(r.per_trip.p2_5 - 0.2038217) < 4 * 0.0000769);
    CHECK(std::abs(r.per_trip.median - 0.32) < 4 * 0.0006072);
    CHECK(std::abs(r.per_trip.p97_5 - 0.7441860) < 4 * 0.0010253);
    // The life does not enter the declared unit: every draw is 20 exactly.
    CHECK(r.per_unit.min == 20.0);
    CHECK(r.per_unit.max == 20.0);
    const input_term& life = term(r, "life:design_life_trips");
    CHECK(life.kind == input_kind::life);
    CHECK(life.per_trip_kg == 0.4);
    CHECK(life.per_unit_kg == 0.0);
    // More trips, less per trip: ρ = −1 exactly (a monotone function of one draw).
    const std::size_t t = static_cast<std::size_t>(&life - r.terms.data());
    CHECK(r.sensitivity[t].spearman_per_trip == doctest::Approx(-1.0).epsilon(1e-12));
    REQUIRE(r.held.size() == 1);
    CHECK(r.held[0].id == "quantity:shell");
}

TEST_CASE("with every multiplier 1 the Monte Carlo's deterministic is cfp's figure to the bit") {
    // pool-mixed has shares, retired and lost routes, a component life of its own, per-trip
    // items and drawn beside held quantities; every bundled product too.
    auto check = [](const packaging_product& p, const factor_library& lib) {
        const product_footprint fp = compute_product_footprint(p, lib, cfp_options{});
        monte_carlo_options o;
        o.iterations = 3;
        const cfp_uncertainty r = cfp_monte_carlo(fp, lib, o);
        CHECK_MESSAGE(r.per_unit_kg == footprint_kg(fp.per_unit), p.id);
        CHECK_MESSAGE(r.per_trip_kg == footprint_kg(fp.per_trip), p.id);
    };
    for (const auto& [id, p] : data().cat.products()) check(p, data().lib);
    const factor_library bundled = load_factor_directory(source_dir / "factors");
    const catalog cat = load_catalog_directory(source_dir / "methodologies" / "catalog", &bundled);
    for (const auto& [id, p] : cat.products()) check(p, bundled);
    // pool-mixed by hand (loss 0: lost items do not apply; retired ones weigh 1; the pad's two
    // items share one life of 7 trips):
    //   per unit  box 3.3 × 1.5 = 4.95; pad 0.37 × 2 = 0.74; reground 3.3 × 0.3 × 1.5 = 1.485;
    //             pad burnt 0.37 × 2 = 0.74; total 7.915
    //   per trip  4.95/37 + 0.74/7 + 1.485/37 + 0.74/7 + wash 0.123 × 1.5 + label 0.011 × 0.9 × 2
    //             = 0.1337838 + 0.1057143 + 0.0401351 + 0.1057143 + 0.1845 + 0.0198 = 0.5896475
    const cfp_uncertainty r = run("pool-mixed", 2, 1);
    CHECK(r.per_unit_kg == doctest::Approx(7.915).epsilon(1e-12));
    CHECK(r.per_trip_kg == doctest::Approx(0.5896475).epsilon(1e-7));
    CHECK(term(r, "life:pad").per_trip_kg == doctest::Approx(0.2114286).epsilon(1e-6));  // 2 × 0.74 / 7
    CHECK(term(r, "quantity:wash water").per_trip_kg == doctest::Approx(0.1845).epsilon(1e-12));
}

TEST_CASE("quantities and lives drawn: an iteration is the footprint recomputed from its draws") {
    // Per trip of pool-mixed from the multipliers of iteration k (m_f of `spread`, m_box, m_wash,
    // m_L, m_pad: one life for the pad's two items), the formula of docs/uncertainty.md written out
    // a second time (the reground box states its own 3.3 kg, held: a quantity is drawn per item):
    const cfp_uncertainty r = run("pool-mixed", 500, 9);
    auto m = [&](const std::string& id, std::size_t k) {
        return r.multipliers[static_cast<std::size_t>(&term(r, id) - r.terms.data())][k];
    };
    for (std::size_t k = 0; k < 500; k += 83) {
        const double f = 1.5 * m("spread", k), L = 37 * m("life:design_life_trips", k), P = 7 * m("life:pad", k);
        const double trip = 3.3 * m("quantity:box", k) * f / L + 0.74 / P + 3.3 * 0.3 * f / L +
                            0.74 / P + 0.123 * m("quantity:wash water", k) * f + 0.011 * 0.9 * 2;
        CHECK(r.per_trip_draws[k] == doctest::Approx(trip).epsilon(1e-12));
    }
}

TEST_CASE("quantities and lives drawn: the same seed gives the same bytes with 1 and 2 threads") {
    auto json = [](unsigned threads, std::uint64_t seed) {
        return render_cfp_uncertainty_json({run("pool-mixed", 10001, seed, threads), run("crate-life", 10001, seed, threads)},
                                           cfp_options{});
    };
    const std::string one = json(1, 42);
    CHECK(one == json(2, 42));
    CHECK(one != json(1, 43));
    CHECK(one.find("\"footprint-cfp-uncertainty/2\"") != std::string::npos);
    CHECK(one.find("\"kind\": \"life\"") != std::string::npos);
}

TEST_CASE("a bad uncertainty: on a quantity or a life names file:line:column and field; every problem is listed") {
    const std::string yaml = R"(id: bad
name: Bad
kind: reusable
capacity: "10 L"
tare_mass: {value: 1, unit: kg, assumption: {text: x, reason: test}}
design_life_trips: 10
design_life_uncertainty: {distribution: normal, sd: 2}
stages:
  raw_material:
    - name: body
      factor: fixed
      quantity: "10 kg"
      assumption: {text: x, reason: test}
      uncertainty: {range: [1, 2]}
    - name: lid
      factor: fixed
      quantity: "1 kg"
      assumption: {text: x, reason: test}
      life_uncertainty: {range: [5, 20]}
    - name: band
      factor: fixed
      quantity: "1 kg"
      life_trips: 4
      assumption: {text: x, reason: test}
      life_uncertainty: {range: [0.5, 6]}
      uncertainty: {distribution: wobbly}
)";
    const std::vector<diagnostic> p = problems_of(yaml);
    REQUIRE(p.size() == 5);
    for (const auto& d : p) CHECK(d.id == "footprint.uncertainty.spec");
    auto has = [&](const std::string& field, int line, const std::string& words) {
        for (const auto& d : p)
            if (d.where.file == "q.yaml" && d.where.field == field && d.where.line == line &&
                d.message.find(words) != std::string::npos)
                return true;
        return false;
    };
    CHECK(has("design_life_uncertainty", 7, "a normal reaches 0"));
    CHECK(has("stages.raw_material[0].uncertainty", 14, "the range does not hold the quantity"));
    CHECK(has("stages.raw_material[1].life_uncertainty", 19, "a life the item does not state"));
    CHECK(has("stages.raw_material[2].life_uncertainty", 25, "at least one trip"));
    CHECK(has("stages.raw_material[2].uncertainty", 26, "no distribution this program can draw"));
    // A single-use product has no design life to draw.
    const std::vector<diagnostic> kind = problems_of(R"(id: one
name: One
kind: single-use
capacity: "10 L"
tare_mass: {value: 1, unit: kg, assumption: {text: x, reason: test}}
design_life_uncertainty: {range: [5, 20]}
stages:
  raw_material:
    - {name: body, factor: fixed, quantity: "1 kg", assumption: {text: x, reason: test}}
)");
    REQUIRE(kind.size() == 1);
    CHECK(kind[0].id == "footprint.catalog.kind");
    CHECK(kind[0].where.line == 6);
}

TEST_CASE("two items with uncertainty: and one name are refused: their draws would be one") {
    const std::vector<diagnostic> p = problems_of(R"(id: twice
name: Twice
kind: single-use
capacity: "10 L"
tare_mass: {value: 1, unit: kg, assumption: {text: x, reason: test}}
stages:
  raw_material:
    - {name: body, factor: fixed, quantity: "1 kg", assumption: {text: x, reason: test}, uncertainty: {range: [0.9, 1.1]}}
  end_of_life:
    - {name: body, factor: fixed, quantity: "1 kg", assumption: {text: x, reason: test}, uncertainty: {range: [0.9, 1.1]}}
)");
    REQUIRE(p.size() == 1);
    CHECK(p[0].id == "footprint.uncertainty.spec");
    CHECK(p[0].message.find("2 items named 'body'") != std::string::npos);
    // The items of one component share one life, drawn once: they must state the same.
    const std::vector<diagnostic> c = problems_of(R"(id: pads
name: Pads
kind: reusable
capacity: "10 L"
tare_mass: {value: 1, unit: kg, assumption: {text: x, reason: test}}
design_life_trips: 10
stages:
  raw_material:
    - {name: pad, component: pad, factor: fixed, quantity: "1 kg", life_trips: 5, life_uncertainty: {range: [4, 6]},
       assumption: {text: x, reason: test}}
  end_of_life:
    - {name: pad burnt, component: pad, factor: fixed, quantity: "1 kg", life_trips: 5,
       assumption: {text: x, reason: test}}
)");
    REQUIRE(c.size() == 1);
    CHECK(c[0].id == "footprint.uncertainty.spec");
    CHECK(c[0].where.line == 12);
    CHECK(c[0].message.find("one life is drawn per component") != std::string::npos);
}

TEST_CASE("a factor whose id reads like a catalog input's key is refused: their draws would be one") {
    const factor_library lib = load_factor_yaml(R"(
regions:
  - {id: CN, name: China, parent: GLO}
sources:
  - {id: s, publisher: P, title: T, year: 2024}
factors:
  - {id: "quantity:clash/body", name: Odd, activity: test.odd, activity_unit: kg, value: 2.0, unit: kg CO2e/kg,
     scope: cradle-to-gate, region: GLO, years: [2000, 2100], source: s, quality: {technological: 2, geographical: 1, temporal: 1}}
)",
                                                "odd.yaml");
    const catalog cat = load_catalog_yaml({{"clash.yaml", R"(id: clash
name: Clash
kind: single-use
capacity: "10 L"
tare_mass: {value: 1, unit: kg, assumption: {text: x, reason: test}}
stages:
  raw_material:
    - {name: body, factor: "quantity:clash/body", quantity: "1 kg", assumption: {text: x, reason: test},
       uncertainty: {range: [0.9, 1.1]}}
)"}},
                                          &lib);
    monte_carlo_options o;
    o.iterations = 10;
    try {
        (void)cfp_monte_carlo(compute_product_footprint(*cat.find("clash"), lib, cfp_options{}), lib, o);
        FAIL("expected footprint.uncertainty.spec");
    } catch (const error& e) {
        REQUIRE(e.problems().size() == 1);
        CHECK(e.problems()[0].id == "footprint.uncertainty.spec");
        CHECK(e.problems()[0].where.file == "clash.yaml");
        CHECK(e.problems()[0].where.line == 8);
    }
}
