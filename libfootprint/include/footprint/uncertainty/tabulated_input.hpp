#pragma once
// A methodology input the statement Monte Carlo draws beside the factors: a
// fixed parameter or a monitored number that declares an `uncertainty:`
// (methodology.hpp). Unlike a factor, such an input need not enter the totals
// linearly: the yearly loss and the trips a year reach them through the
// per-trip loss p = 1 − (1 − L)^(1/c) and the expected trips (1 − (1 − p)^N)/p,
// and the residue shares through max(). So its effect is not a coefficient
// but a response measured at nodes, each node a run of the statement's own
// plan over every shipment with the input at that multiplier and everything
// else at its value (statement_coefficients.hpp):
//
//     R(m) = T(input × m) − T(1), measured at m = node_0 < … < node_K (1 among them),
//
// and an iteration reads R at its draw by straight lines between the nodes
// (beyond the outer nodes, the outer segment's line: for the shapes without
// ends, a draw there has probability 10⁻⁴ on each side). The nodes sit at
// fixed quantiles of the input's distribution, so they are dense where the
// draws are. What straight lines and the sum over inputs leave out is
// measured, not assumed (statement_monte_carlo.hpp: the checks).

#include <string>
#include <vector>

#include "footprint/factors/factor_distribution.hpp"
#include "footprint/methodology/methodology.hpp"
#include "footprint/plan/plan.hpp"
#include "footprint/products/catalog.hpp"

namespace footprint::uncertainty {

/// Where an input is declared, and so how a run moves it.
enum class input_place : unsigned char {
    parameter,  ///< a fixed parameter of the methodology: an override
    monitored,  ///< a monitored number: every shipment's value scaled
    quantity,   ///< a catalog item's quantity: the plan bound to a catalog copy with it scaled
    life,       ///< a catalog life in trips (a component's, or the design life): likewise, to whole trips
    project,    ///< a value of a project file (a customer's washed share): only the estimate's runs move it
};

/// One input drawn through its measured response.
struct tabulated_input {
    /// What its draws are keyed by: "parameter:NAME", "monitored:NAME", and, as the product
    /// Monte Carlo keys them (cfp_monte_carlo.hpp), "quantity:PRODUCT/ITEM", "life:PRODUCT"
    /// (the design life) and "life:PRODUCT/COMPONENT".
    std::string id;
    std::string name;  ///< the parameter's name; the item's or component's name (empty: the design life)
    input_place place = input_place::parameter;
    std::string product;  ///< catalog inputs: the product's id; a project input: the customer's
    factor_distribution distribution;  ///< of the multiplier
    double value = 1;  ///< the value at multiplier 1: a parameter's (declared unit), a life's trips; else 1
    /// Multipliers where the response is measured, increasing; 1 is one of them. A life's are
    /// whole trips over its value (a run cannot make 37.4 trips), so they may be fewer.
    std::vector<double> nodes;
    double check_multiplier = 1;  ///< where the checks move it: its 60 % quantile, between two nodes
};

/// An input of `place` keyed `id`, at `value` (multiplier 1), with its nodes and check multiplier
/// (a life's at whole trips). `product`: the catalog product, or the project customer, it belongs to.
[[nodiscard]] tabulated_input tabulated_input_of(std::string id, const std::string& name, input_place place,
                                                 const factor_distribution& d, double value, std::string product = {});

/// The inputs of `m` that declare a distribution, and those of `products` (catalog quantities
/// and lives with one), sorted by id.
[[nodiscard]] std::vector<tabulated_input> tabulated_inputs(const methodology& m, const catalog* products = nullptr);

/// The inputs a run of `p` can move: those of its methodology and catalog, a parameter's value its
/// override where the plan has one (a scenario's value is what its spread is around).
[[nodiscard]] std::vector<tabulated_input> tabulated_inputs(const plan& p);

/// `base` with the catalog inputs among `moves` at their multipliers (one copy for all of them):
/// an item's quantity scaled; every item of a component, or the design life, to the whole trips
/// of the moved life (at least 1). Other inputs are ignored.
[[nodiscard]] catalog moved_catalog(const catalog& base, const std::vector<std::pair<const tabulated_input*, double>>& moves);

/// `p` bound again with the parameters and catalog inputs among `moves` at their multipliers (a
/// monitored number is not part of a plan: whoever feeds the plan its values scales them), and to
/// `library` when given. Throws what plan::bind throws (an override outside its parameter's range).
[[nodiscard]] plan plan_with_moves(const plan& p, const std::vector<std::pair<const tabulated_input*, double>>& moves,
                                   const factor_library* library = nullptr);

/// A life's trips at multiplier `m`: round(value × m), at least 1.
[[nodiscard]] int moved_life(double value, double m);

/// The multiplier of `d` at the quantile `u`, for the quantiles the nodes and checks use
/// (0.0001, 0.01, 0.05, 0.15, 0.3, 0.5, 0.6, 0.7, 0.85, 0.95, 0.99, 0.9999; 0 and 1 for
/// the shapes with ends). Other `u`: `footprint.internal`.
[[nodiscard]] double multiplier_at_quantile(const factor_distribution& d, double u);

/// The response at multiplier `m` by straight lines between `nodes` (increasing, at
/// least two) through `values` (one per node).
[[nodiscard]] double interpolate(const std::vector<double>& nodes, const std::vector<double>& values, double m);

/// The variance of f(m) for m of distribution `d`, by quadrature (no sampling error):
/// Simpson's rule over the standard normal draw on [−8, 8] (lognormal, normal), the
/// midpoint rule over 65 536 equal parts of the uniform draw (triangular, uniform).
[[nodiscard]] double variance_under(const factor_distribution& d, const std::vector<double>& nodes,
                                    const std::vector<double>& values);

}  // namespace footprint::uncertainty
