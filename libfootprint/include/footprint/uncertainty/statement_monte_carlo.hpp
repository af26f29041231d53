#pragma once
// Seeded Monte Carlo on one customer's statement: how sure is its reduction?
//
// A statement's totals are sums over shipments of terms that each use a
// factor's value once (transport per tkm, electricity per kWh, a product's
// footprint per trip, which is itself linear in its factors). So each total
// T (BE, PE, LE, ER in grams) is linear in the factors' multipliers m_f:
//
//     T(m) = T(1) + Σ_f c_f × (m_f − 1),   c_f = T(f doubled) − T(1)
//
// c_f is measured by building the statement again with factor f doubled (one
// at a time, the same code path as the statement itself), once per factor the
// statement uses. Linearity is then checked, not assumed: one more build with
// every factor moved at once (alternately ×1.1 and ×0.9) must equal the linear
// prediction within the rounding of grams per shipment; otherwise the run is
// refused (`footprint.uncertainty.nonlinear`) with the difference. Iterations
// then draw one multiplier per factor (shared by every shipment that uses it:
// correlation done right) and add the terms in a fixed order: bit-identical
// results for any thread count.
//
// Held at their values: methodology parameters, monitored values, catalog
// quantities and GWP values (docs/uncertainty.md says what is left).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "footprint/factors/factor_distribution.hpp"
#include "footprint/factors/factor_library.hpp"
#include "footprint/uncertainty/cfp_monte_carlo.hpp"
#include "footprint/uncertainty/statistics.hpp"

namespace footprint::uncertainty {

/// A statement's four totals in grams CO2e.
struct statement_totals {
    std::int64_t baseline_g = 0, project_g = 0, leakage_g = 0, reduction_g = 0;
};

/// The totals of a statement read from its canonical JSON (`totals_g`).
[[nodiscard]] statement_totals totals_of_statement(const std::string& statement_json);

/// The ids of the factors a statement used (every link of `factors_used`), sorted.
[[nodiscard]] std::vector<std::string> factors_of_statement(const std::string& statement_json);

/// One factor's part in a statement: grams per unit of its multiplier.
struct statement_term {
    std::string factor_id;
    factor_distribution distribution;
    double baseline_g = 0, project_g = 0, leakage_g = 0, reduction_g = 0;
    double spearman_reduction = 0;  ///< rank correlation of the multiplier with ER over the iterations
    double variance_share = 0;      ///< ρ² over the sum of ρ² of all terms
};

struct statement_uncertainty {
    std::string customer;
    monte_carlo_options options;
    double quantile = 0.05;  ///< of ER, for the issuable tonnes
    statement_totals deterministic;
    std::vector<statement_term> terms;  ///< sorted by factor id
    std::int64_t linearity_residual_g = 0;  ///< measured − predicted ER of the check build
    std::int64_t linearity_bound_g = 0;     ///< what rounding of grams per shipment allows
    summary baseline_t, project_t, reduction_t;  ///< tonnes CO2e
    double probability_positive = 0;       ///< share of iterations with ER > 0
    double reduction_at_quantile_t = 0;     ///< the `quantile` of ER, t
    std::int64_t issuable_at_quantile_t = 0;  ///< whole tonnes, rounded down; 0 when the quantile is ≤ 0
    std::vector<double> reduction_draws_t;  ///< per iteration
};

/// Builds the customer's statement once as it is, once per factor it uses
/// with that factor doubled, and once with all moved (the linearity check):
/// `build(library)` returns the statement's canonical JSON built with that
/// factor library (the caller binds the plan to it and reads the rows again).
/// Then runs `options.iterations` draws with `options.seed`. `quantile` is in
/// (0, 1) (`footprint.uncertainty.options` otherwise).
[[nodiscard]] statement_uncertainty statement_monte_carlo(
    const factor_library& factors, const std::function<std::string(const factor_library&)>& build,
    const monte_carlo_options& options, double quantile);

}  // namespace footprint::uncertainty
