#pragma once
// Seeded Monte Carlo on a customer's statement: how sure is its reduction?
//
// A statement's totals are sums over shipments of terms that each use a
// factor's value once (transport per tkm, electricity per kWh, a product's
// footprint per trip, which is itself linear in its factors). So each total
// T (BE, PE, LE, ER in grams) is linear in the factors' multipliers m_f:
//
//     T(m) = T(1) + Σ_f c_f × (m_f − 1),   c_f = T(f doubled) − T(1)
//
// The c_f are measured in one reading of the shipments
// (statement_coefficients.hpp). Linearity is then checked, not assumed: the
// totals with every factor moved at once (alternately ×1.1 and ×0.9) must
// equal the linear prediction within the rounding of grams per shipment;
// otherwise the model is refused (`footprint.uncertainty.nonlinear`) with the
// difference. Iterations draw one multiplier per factor (shared by every
// shipment that uses it: correlation done right) and add the terms in a fixed
// order. A draw is a pure function of (seed, factor id, iteration)
// (random.hpp), so any split of the iterations (threads, or ranges run by
// separate processes and joined) gives the same bits.
//
// Methodology parameters and monitored numbers that declare a distribution
// are drawn too, through responses measured at nodes, not coefficients
// (tabulated_input.hpp); they are independent of the factors, and what the
// sum of separate responses leaves out is checked. Held at their values:
// the other parameters, catalog quantities and GWP values (docs/uncertainty.md).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "footprint/factors/factor_distribution.hpp"
#include "footprint/factors/factor_library.hpp"
#include "footprint/uncertainty/cfp_monte_carlo.hpp"
#include "footprint/uncertainty/statement_coefficients.hpp"
#include "footprint/uncertainty/statistics.hpp"

namespace footprint::uncertainty {

/// The totals of a statement read from its canonical JSON (`totals_g`).
[[nodiscard]] statement_totals totals_of_statement(const std::string& statement_json);

/// The ids of the factors a statement used (every link of `factors_used`), sorted.
[[nodiscard]] std::vector<std::string> factors_of_statement(const std::string& statement_json);

/// One drawn input's part in a statement. A factor's is linear: grams per
/// unit of its multiplier. A methodology input's (tabulated_input.hpp) is
/// its measured response; its grams per unit are then the slope between the
/// nodes either side of 1, for reading, not for drawing.
struct statement_term {
    std::string factor_id;  ///< the factor's id, or the input's ("parameter:NAME", "monitored:NAME")
    factor_distribution distribution;
    double baseline_g = 0, project_g = 0, leakage_g = 0, reduction_g = 0;
    /// A methodology input: the multipliers its response was measured at, and the totals' change at
    /// each (grams, exact: differences of integer sums). Empty for a factor.
    std::vector<double> nodes;
    std::vector<statement_totals> response;
    double spearman_reduction = 0;  ///< rank correlation of the multiplier with ER over the iterations
    double variance_share = 0;      ///< ρ² over the sum of ρ² of all terms
    /// First-order Sobol index of ER, exact for the linear model of independent
    /// multipliers: c_f² Var(m_f) / Σ_g c_g² Var(m_g) (no sampling error; 0 when ER does not vary).
    double sobol_first_order = 0;
};

/// The linear model of one customer's statement: what the iterations draw from.
struct statement_model {
    std::string customer;
    std::string month;  ///< "YYYY-MM" for a model of one month of the period; empty for the whole period
    std::uint64_t shipments = 0;
    statement_totals deterministic;
    std::vector<statement_term> terms;        ///< sorted by factor id; the sensitivity fields stay 0 here
    std::int64_t linearity_residual_g = 0;  ///< measured − predicted ER with every factor moved at once
    std::int64_t linearity_bound_g = 0;     ///< what rounding of grams per shipment allows
    /// With methodology inputs drawn (terms with nodes), what the model leaves out, measured − predicted
    /// ER: every input at its check multiplier (straight lines between nodes, inputs summed), and that
    /// with every factor moved too (products of a factor's and an input's moves). Each is refused over
    /// its bound (`footprint.uncertainty.nonlinear`).
    std::int64_t inputs_residual_g = 0, inputs_bound_g = 0;
    std::int64_t interaction_residual_g = 0, interaction_bound_g = 0;
    [[nodiscard]] bool has_inputs() const;
};

/// The change of the totals (grams) when term `t`'s multiplier is `m` and every other at 1:
/// c (m − 1) for a factor, the response by straight lines between its nodes for an input.
struct statement_change {
    double baseline_g = 0, project_g = 0, leakage_g = 0, reduction_g = 0;
};
[[nodiscard]] statement_change change_at(const statement_term& t, double m);

/// Var(ΔER) of a term: c² Var(m) for a factor, by quadrature for an input (tabulated_input.hpp).
[[nodiscard]] double reduction_variance(const statement_term& t);

/// The model of `customer` from a pass: one term per id in `used` (the
/// factors its statement names in `factors_used`; each must be among the
/// pass's ids), with the factor's distribution from `factors`. Throws
/// `footprint.uncertainty.nonlinear` when the linearity check fails,
/// `footprint.uncertainty.spec` for a distribution that cannot be drawn
/// (every such factor named), `footprint.internal` for an id the pass did not
/// measure. A customer the pass summed no row of gets a model of zeros.
[[nodiscard]] statement_model statement_model_of(const coefficient_pass& pass, const std::string& customer,
                                                 const std::vector<std::string>& used, const factor_library& factors);

/// The same for each month of the period in which the customer has shipments
/// (pass.by_month), in month order. Draws of the months and of the whole
/// period share each factor's multiplier in an iteration (same seed, same
/// factor, same iteration), so the months' ER draws add up to the period's.
[[nodiscard]] std::vector<statement_model> statement_month_models(const coefficient_pass& pass,
                                                                  const std::string& customer,
                                                                  const std::vector<std::string>& used,
                                                                  const factor_library& factors);

/// A statement's model for its whole period and, when asked, for each month.
struct statement_model_set {
    statement_model whole;
    std::vector<statement_model> months;
};

/// What measure_statement_models measures beside the statements' own factors.
struct statement_models_options {
    bool by_month = false;                   ///< each month's model too
    std::vector<std::string> extra_factors;  ///< measured as well: `verify` passes the recorded coefficient_factors
    unsigned threads = 1;                    ///< of the coefficient pass; changes no sum
};

/// The models of built statements, from one coefficient pass.
struct statement_models {
    /// What the pass measured (sorted, unique): the factors every statement
    /// names, and the extra ones. The linearity check moves them all, so a
    /// model's residual depends on this list; a statement of record records it.
    std::vector<std::string> factor_ids;
    /// One per statement, in their order; none for a statement with no shipments in the period.
    std::vector<std::optional<statement_model_set>> sets;
};

/// Reads `reader` (the statements' input opened again, for `p`'s schema) once
/// and measures the coefficients of every factor the statements name
/// (`factors_used`) plus `options.extra_factors`; then each statement's model
/// from its own factors (and its months'). No reading when no statement has
/// shipments. `request` is the one the statements were built with (its
/// customer unset for every customer's; its progress callback is called). A
/// model whose totals are not its statement's (or a month's not its
/// `by_month` entry) is `footprint.internal`: the pass summed other rows.
[[nodiscard]] statement_models measure_statement_models(const plan& p, const std::vector<statement_document>& docs,
                                                        shipment_reader& reader, const statement_request& request,
                                                        const statement_models_options& options = {});

/// The model as JSON text (`footprint-statement-model/1`: totals, terms with
/// their coefficients and distributions, linearity), and back. Every double
/// is written so that it reads back to the same bits: a model measured once
/// can be sent to other processes (a Dask worker) and drawn there.
[[nodiscard]] std::string statement_model_json(const statement_model& m);
[[nodiscard]] statement_model statement_model_from_json(const std::string& json);

/// Iterations [first, last) of a model: BE, PE and ER in tonnes and each
/// term's multiplier, index k − first.
struct statement_draws {
    std::size_t first = 0;
    std::vector<double> baseline_t, project_t, reduction_t;
    std::vector<std::vector<double>> multipliers;  ///< [term][k − first]
};

/// Draws iterations [first, last) with `seed` on `threads` threads (no bit changes with the count).
[[nodiscard]] statement_draws draw_statement(const statement_model& m, std::uint64_t seed, std::size_t first,
                                             std::size_t last, unsigned threads = 1);

/// Draws of consecutive ranges joined in order; `footprint.uncertainty.options` when they are not consecutive from 0.
[[nodiscard]] statement_draws join_draws(std::vector<statement_draws> parts);

struct statement_uncertainty {
    std::string customer;
    monte_carlo_options options;
    double quantile = 0.05;  ///< of ER, for the issuable tonnes
    statement_totals deterministic;
    std::vector<statement_term> terms;  ///< sorted by factor id
    std::int64_t linearity_residual_g = 0;  ///< measured − predicted ER of the check build
    std::int64_t linearity_bound_g = 0;     ///< what rounding of grams per shipment allows
    bool has_inputs = false;                ///< methodology inputs drawn: the checks below were made
    std::int64_t inputs_residual_g = 0, inputs_bound_g = 0;            ///< as statement_model's
    std::int64_t interaction_residual_g = 0, interaction_bound_g = 0;  ///< as statement_model's
    summary baseline_t, project_t, reduction_t;  ///< tonnes CO2e
    double probability_positive = 0;       ///< share of iterations with ER > 0
    double reduction_at_quantile_t = 0;     ///< the `quantile` of ER, t
    std::int64_t issuable_at_quantile_t = 0;  ///< whole tonnes, rounded down; 0 when the quantile is ≤ 0
    std::vector<double> reduction_draws_t;  ///< per iteration
};

/// Summaries and sensitivity of draws 0 … N−1 of `m` (N = options.iterations;
/// the seed in `options` must be the one they were drawn with).
/// `quantile` is in (0, 1) (`footprint.uncertainty.options` otherwise).
[[nodiscard]] statement_uncertainty summarise_statement(const statement_model& m, const statement_draws& draws,
                                                        const monte_carlo_options& options, double quantile);

/// draw_statement over 0 … options.iterations − 1, then summarise_statement.
[[nodiscard]] statement_uncertainty statement_monte_carlo(const statement_model& m, const monte_carlo_options& options,
                                                          double quantile);

}  // namespace footprint::uncertainty
