#pragma once
// Rendering factors for people (tables, text) and programs (JSON): listings,
// one factor in full, a look-up with its fallback path, a set's identity and
// a diff. Every JSON number says its unit in its key or next to it, every
// factor names its source and the set it came from, and every document
// records the GWP set its CO2e figures use and why that one was chosen.

#include <string>
#include <vector>

#include "footprint/factors/factor_diff.hpp"
#include "footprint/factors/factor_library.hpp"
#include "footprint/factors/factor_set.hpp"
#include "footprint/quantities/gwp.hpp"

namespace footprint {

/// What every rendering needs: the library (for sources and layers), the GWP
/// set CO2e is computed with, and how it was chosen (e.g. "--gwp",
/// "default of set footprint-default").
struct factor_view {
    const factor_library& library;
    const gwp_set& gwp;
    std::string gwp_chosen_by;
};

/// One line per factor: id, value and unit as written, kg CO2e per activity
/// unit under the view's GWP set, region, years, source.
[[nodiscard]] std::string render_factor_table(const factor_view& v, const std::vector<const emission_factor*>& fs);

/// {"sets": [...], "gwp": {...}, "factors": [...]}: each factor with value,
/// unit, gases, kg CO2e, region, years, scope, source and set. With `full`,
/// also quality, uncertainty, notes and where it was read from.
[[nodiscard]] std::string render_factor_json(const factor_view& v, const std::vector<const emission_factor*>& fs,
                                             bool full);

/// One factor with every field, for `footprint factors show`.
[[nodiscard]] std::string render_factor_text(const factor_view& v, const emission_factor& f);

/// A look-up: the query, each step of the fallback path and the factor chosen.
[[nodiscard]] std::string render_match_text(const factor_view& v, const factor_query& q, const factor_match& m);
[[nodiscard]] std::string render_match_json(const factor_view& v, const factor_query& q, const factor_match& m);

/// A set's identity and what it was built from, for `footprint factors check`.
[[nodiscard]] std::string render_set_info_text(const factor_set& set);

/// Added, removed and changed records (with the fields that changed) between two sets.
[[nodiscard]] std::string render_diff_text(const factor_set& a, const factor_set& b, const factor_diff& d);
[[nodiscard]] std::string render_diff_json(const factor_set& a, const factor_set& b, const factor_diff& d);

}  // namespace footprint
