#pragma once
// A product footprint's Monte Carlo as a table for people and as JSON
// (`footprint-cfp-uncertainty/2`: factors, drawn catalog
// quantities and lives, and the ones held). Neither records the thread count: it does
// not change a result, so the bytes do not depend on it.

#include <string>
#include <vector>

#include "footprint/products/cfp.hpp"
#include "footprint/uncertainty/cfp_monte_carlo.hpp"

namespace footprint::uncertainty {

[[nodiscard]] std::string render_cfp_uncertainty_table(const cfp_uncertainty& r, const cfp_options& options);

[[nodiscard]] std::string render_cfp_uncertainty_json(const std::vector<cfp_uncertainty>& results,
                                                      const cfp_options& options);

/// Term indices ordered by |ρ per trip|, largest first (ties: first appearance).
[[nodiscard]] std::vector<std::size_t> sensitivity_order(const cfp_uncertainty& r);

}  // namespace footprint::uncertainty
