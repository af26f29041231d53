// The statement Monte Carlo's model: draws against a closed form worked out by
// hand, the same bits whatever the split of the iterations (threads, or ranges
// drawn apart and joined, as Dask workers do), and the model's JSON reading
// back to the same bits.

#include <doctest/doctest.h>

#include <cmath>
#include <cstring>

#include "footprint/core/error.hpp"
#include "footprint/uncertainty/statement_monte_carlo.hpp"
#include "support/two_factor_model.hpp"

using namespace footprint;
using namespace footprint::uncertainty;

namespace {

/// The two-factor model of tests/support/two_factor_model.hpp (its moments worked out there).
statement_model two_factor_model() { return testing::two_factor_model(); }

bool same_bits(const std::vector<double>& x, const std::vector<double>& y) {
    return x.size() == y.size() && std::memcmp(x.data(), y.data(), x.size() * sizeof(double)) == 0;
}

}  // namespace

TEST_CASE("a statement model's Monte Carlo agrees with its closed form") {
    const statement_model m = two_factor_model();
    monte_carlo_options o;
    o.iterations = 40000;
    o.seed = 11;
    const statement_uncertainty u = statement_monte_carlo(m, o, 0.05);
    const double sd = std::sqrt(400.0 + 7500.0);  // 88.882 t, worked out above
    // Mean within 4 standard errors (sd/√N = 0.444 t); sd within 4 of its own (≈ sd/√(2N)) plus 1 %.
    CHECK(std::fabs(u.reduction_t.mean - 1000.0) < 4 * sd / std::sqrt(40000.0));
    CHECK(std::fabs(u.reduction_t.sd - sd) < 4 * sd / std::sqrt(80000.0) + 0.01 * sd);
    // BE moves with factor a only: sd 250 t × 0.1 = 25 t.
    CHECK(std::fabs(u.baseline_t.sd - 25.0) < 4 * 25.0 / std::sqrt(80000.0) + 0.25);
    // ER is nearly symmetric around 1000 t; the uniform term dominates, so P(ER > 0) is 1 here
    // (the lowest ER possible is 1000 − 150 − 200 × 0.1 × 5 σ, far above 0).
    CHECK(u.probability_positive == 1.0);
    CHECK(u.issuable_at_quantile_t == static_cast<std::int64_t>(std::floor(u.reduction_at_quantile_t)));
    // Factor b carries 7500 / 7900 = 95 % of the variance: its ρ is negative and the larger.
    CHECK(u.terms[1].spearman_reduction < -0.9);
    CHECK(std::fabs(u.terms[0].spearman_reduction) < std::fabs(u.terms[1].spearman_reduction));
    // First-order Sobol indices of the linear model, exactly: 400 / 7900 and 7500 / 7900.
    CHECK(u.terms[0].sobol_first_order == doctest::Approx(400.0 / 7900.0).epsilon(1e-12));
    CHECK(u.terms[1].sobol_first_order == doctest::Approx(7500.0 / 7900.0).epsilon(1e-12));
}

TEST_CASE("statement draws have the same bits on any split of the iterations") {
    const statement_model m = two_factor_model();
    const statement_draws whole = draw_statement(m, 5, 0, 1000, 1);
    const statement_draws threaded = draw_statement(m, 5, 0, 1000, 3);
    // Ranges drawn apart (as separate processes would) and joined in order.
    const statement_draws joined = join_draws({draw_statement(m, 5, 0, 333), draw_statement(m, 5, 333, 334),
                                               draw_statement(m, 5, 334, 1000, 2)});
    for (const statement_draws* d : {&threaded, &joined}) {
        CHECK(same_bits(d->reduction_t, whole.reduction_t));
        CHECK(same_bits(d->baseline_t, whole.baseline_t));
        CHECK(same_bits(d->project_t, whole.project_t));
        CHECK(same_bits(d->multipliers[1], whole.multipliers[1]));
    }
    // Ranges that leave a gap, or do not start at 0, are refused rather than summarised.
    CHECK_THROWS_AS((void)join_draws({draw_statement(m, 5, 0, 10), draw_statement(m, 5, 11, 20)}), error);
    CHECK_THROWS_AS((void)join_draws({draw_statement(m, 5, 1, 10)}), error);
    monte_carlo_options o;
    o.iterations = 999;
    CHECK_THROWS_AS((void)summarise_statement(m, whole, o, 0.05), error);
}

TEST_CASE("a statement model reads back from its JSON to the same bits") {
    statement_model m = two_factor_model();
    m.terms[0].reduction_g = 0.1 + 0.2;  // a double with no short decimal form
    m.terms[1].distribution.derived = true;  // and every field of a derived distribution
    m.terms[1].distribution.not_rated = {"reliability"};
    m.terms[1].distribution.indicator_gsd2 = {{"basic", 1.05}};
    m.linearity_residual_g = -3;
    m.linearity_bound_g = 17;
    const std::string text = statement_model_json(m);
    const statement_model back = statement_model_from_json(text);
    CHECK(statement_model_json(back) == text);
    CHECK(back.terms[0].reduction_g == m.terms[0].reduction_g);
    CHECK(back.terms[1].distribution.describe() == m.terms[1].distribution.describe());
    CHECK(same_bits(draw_statement(back, 9, 0, 200).reduction_t, draw_statement(m, 9, 0, 200).reduction_t));
    CHECK_THROWS_AS((void)statement_model_from_json(R"({"format":"footprint-statement-model/1"})"), error);
    CHECK_THROWS_AS((void)statement_model_from_json(R"({"format":"other"})"), error);
}
