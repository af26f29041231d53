#pragma once
// Reading PACT JSON documents: parsing with the place of a syntax error, and
// finding the ProductFootprints in a document (one object, an array, or the
// API's list response with a `data` array).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "footprint/core/error.hpp"

namespace footprint {

/// Parses `text`; on a syntax error adds `footprint.pact.json` with line and
/// column to `out` and returns nothing.
[[nodiscard]] std::optional<nlohmann::json> parse_pact_json(std::string_view text, const std::string& file,
                                                            diagnostics& out);

/// The ProductFootprints in `doc` with the JSON pointer of each ("" for a lone object).
[[nodiscard]] std::vector<std::pair<std::string, const nlohmann::json*>> pact_footprints_in(const nlohmann::json& doc);

}  // namespace footprint
