#pragma once
// Seeded Monte Carlo on a product's carbon footprint, with the rank-correlation
// sensitivity of the result to each drawn input.
//
// The inputs drawn are the factors (every factor has a distribution,
// factor_distribution), and the catalog quantities and lives that declare one
// (`uncertainty:`, `life_uncertainty:`, `design_life_uncertainty:`); every
// other quantity and life is held at its value and listed as held. An
// iteration draws one multiplier per input, shared by every item that uses it,
// per declared unit and per trip alike (correlation done right), and evaluates
// the footprint exactly, item by item in the order `cfp` sums them:
//
//     per unit  Σ_i (q_i m_qi) × (share_i weight_i) × (EF_i m_fi)
//     per trip  Σ_i (q_i m_qi) × (share_i weight_i / (L_i m_Li)) × (EF_i m_fi) + Σ_trip items
//
// (quantity × factor is bilinear, and a trip divides by the life), so with
// every multiplier 1 it is `cfp`'s figure to the last bit. Draws are
// counter-based (random.hpp), so the results are bit-identical for any thread
// count. Assumptions: inputs are independent of one another; shares, loss
// (0, as `cfp` computes) and GWP values are held.

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

/// What an input of the footprint is.
enum class input_kind : unsigned char { factor, quantity, life };

[[nodiscard]] constexpr const char* input_kind_name(input_kind k) {
    switch (k) {
        case input_kind::factor: return "factor";
        case input_kind::quantity: return "quantity";
        case input_kind::life: return "life";
    }
    return "";
}

/// One drawn input's part in a footprint.
struct input_term {
    input_kind kind = input_kind::factor;
    /// Unique in a product: the factor's id; `quantity:ITEM`; `life:design_life_trips` or `life:ITEM`.
    std::string id;
    /// The name its draws are keyed by (random.hpp): the factor's id (shared by every product of a
    /// run); `quantity:PRODUCT/ITEM`; `life:PRODUCT` or `life:PRODUCT/ITEM`.
    std::string key;
    factor_distribution distribution;
    double value = 0;        ///< quantity or life as written (factors: 0)
    std::string unit;        ///< its unit ("trips" for a life; factors: empty)
    source_location where;   ///< the catalog item or file that declares it (factors: empty)
    double per_unit_kg = 0;  ///< kg CO2e of the items it enters, per declared unit (every multiplier 1)
    double per_trip_kg = 0;  ///< the same per trip (functional unit)
};

/// The terms before inputs were drawn beside factors (API 0.x): kept as a name.
using factor_term = input_term;

/// A catalog quantity or life without a distribution: held at its value.
struct held_input {
    input_kind kind = input_kind::quantity;
    std::string id;  ///< as input_term::id
    double value = 0;
    std::string unit;
};

/// The footprint's factor terms, one per factor, in the order factors first
/// appear (declared unit first, then trip). Refuses a factor whose stated
/// distribution cannot be drawn (`footprint.uncertainty.spec`).
[[nodiscard]] std::vector<input_term> linear_terms(const product_footprint& fp, const factor_library& factors);

/// How strongly the result moves with one input.
struct factor_sensitivity {
    double spearman_per_unit = 0;
    double spearman_per_trip = 0;
    /// ρ² per trip over the sum of ρ² of all inputs: the share of the
    /// result's variance an input explains when the model is near-linear.
    double variance_share_per_trip = 0;
};

struct cfp_uncertainty {
    std::string product_id;
    monte_carlo_options options;
    double per_unit_kg = 0, per_trip_kg = 0;  ///< deterministic (every multiplier 1): `cfp`'s figure, bit for bit
    std::vector<input_term> terms;                ///< factors, then quantities, then lives
    std::vector<held_input> held;                 ///< catalog quantities and lives held at their values
    std::vector<factor_sensitivity> sensitivity;  ///< one per term
    summary per_unit, per_trip;                   ///< kg CO2e
    std::vector<std::vector<double>> multipliers; ///< [term][iteration]
    std::vector<double> per_unit_draws, per_trip_draws;
};

/// Runs the Monte Carlo over a computed product footprint (fp.product must be
/// set: its quantities and lives are read from the catalog product).
[[nodiscard]] cfp_uncertainty cfp_monte_carlo(const product_footprint& fp, const factor_library& factors,
                                              const monte_carlo_options& options);

}  // namespace footprint::uncertainty
