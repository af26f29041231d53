#pragma once
// Seeded Monte Carlo on a product's carbon footprint, with the rank-correlation
// sensitivity of the result to each factor.
//
// A footprint is Σ_items quantity × share × factor, so it is a sum of terms
// linear in each factor: Σ_f c_f × m_f, where c_f is the kg CO2e of every item
// that uses factor f and m_f the factor's multiplier (factor_distribution).
// An iteration draws one m_f per factor, shared by every item, per declared
// unit and per trip alike (correlation done right), and adds the terms in a
// fixed order. Draws are counter-based (random.hpp), so the results are
// bit-identical for any thread count.
//
// Assumptions: factors are independent of one another; quantities, shares,
// lives and GWP values are held at their values.

#include <cstdint>
#include <string>
#include <vector>

#include "footprint/factors/factor_distribution.hpp"
#include "footprint/factors/factor_library.hpp"
#include "footprint/products/cfp.hpp"
#include "footprint/uncertainty/statistics.hpp"

namespace footprint::uncertainty {

struct monte_carlo_options {
    std::size_t iterations = 1000;
    std::uint64_t seed = 1;
    unsigned threads = 1;  ///< does not change any result
    static constexpr std::size_t max_iterations = 1'000'000;
    static constexpr unsigned max_threads = 256;
};

/// Refuses iterations outside 1 … max_iterations and threads outside
/// 1 … max_threads (`footprint.uncertainty.options`), naming the option.
void check_options(const monte_carlo_options& o);

/// One factor's part in a footprint.
struct factor_term {
    std::string factor_id;
    factor_distribution distribution;
    double per_unit_kg = 0;  ///< kg CO2e of the items using it, per declared unit
    double per_trip_kg = 0;  ///< the same per trip (functional unit)
};

/// The footprint's terms, one per factor, in the order factors first appear
/// (declared unit first, then trip).
[[nodiscard]] std::vector<factor_term> linear_terms(const product_footprint& fp, const factor_library& factors);

/// How strongly the result moves with one factor.
struct factor_sensitivity {
    double spearman_per_unit = 0;
    double spearman_per_trip = 0;
    /// ρ² per trip over the sum of ρ² of all factors: the share of the
    /// result's variance a factor explains when the model is near-linear.
    double variance_share_per_trip = 0;
};

struct cfp_uncertainty {
    std::string product_id;
    monte_carlo_options options;
    double per_unit_kg = 0, per_trip_kg = 0;  ///< deterministic (every multiplier 1)
    std::vector<factor_term> terms;
    std::vector<factor_sensitivity> sensitivity;  ///< one per term
    summary per_unit, per_trip;                   ///< kg CO2e
    std::vector<std::vector<double>> multipliers; ///< [term][iteration]
    std::vector<double> per_unit_draws, per_trip_draws;
};

/// Runs the Monte Carlo over a computed product footprint.
[[nodiscard]] cfp_uncertainty cfp_monte_carlo(const product_footprint& fp, const factor_library& factors,
                                              const monte_carlo_options& options);

}  // namespace footprint::uncertainty
