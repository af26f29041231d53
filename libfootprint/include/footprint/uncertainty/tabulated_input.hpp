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

namespace footprint::uncertainty {

/// One input drawn through its measured response.
struct tabulated_input {
    std::string id;             ///< "parameter:NAME" (fixed) or "monitored:NAME"; draws are keyed by it
    std::string name;           ///< the parameter's name in the methodology
    bool monitored = false;
    factor_distribution distribution;  ///< of the multiplier
    double value = 1;           ///< fixed: the value in its declared unit (multiplier 1); monitored: 1
    std::vector<double> nodes;  ///< multipliers where the response is measured, increasing; 1 is one of them
    double check_multiplier = 1;  ///< where the checks move it: its 60 % quantile, between two nodes
};

/// The inputs of `m` that declare a distribution, sorted by id.
[[nodiscard]] std::vector<tabulated_input> tabulated_inputs(const methodology& m);

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
