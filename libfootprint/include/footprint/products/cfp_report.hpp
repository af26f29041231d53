#pragma once
// Rendering product footprints: a stage table for people, JSON for programs.
// The JSON keys name their units (`g_co2e`, `kg_co2e_per_unit`) so that no
// number travels without its unit.

#include <string>
#include <vector>

#include "footprint/products/cfp.hpp"

namespace footprint {

/// Stage table of one product per declared unit and per functional unit
/// (one trip), followed by the items with their factors and sources.
[[nodiscard]] std::string render_cfp_table(const product_footprint& fp, const factor_library& factors,
                                           const cfp_options& options);

/// JSON document for one or more products (an object for one, an array for several when `as_array`).
[[nodiscard]] std::string render_cfp_json(const std::vector<product_footprint>& fps, const factor_library& factors,
                                          const cfp_options& options, bool as_array);

/// Grams as a decimal kilogram string with exactly three decimals ("34.571").
[[nodiscard]] std::string format_kg(std::int64_t grams);

}  // namespace footprint
