#pragma once
// Conformance of a document to the PACT ProductFootprint data model (PACT
// Technical Specifications 3.0): every required property present, every value
// of its type, decimal strings in their ranges, enumerations, URNs, dates,
// UUIDs, and the rules between properties (one geography at most, packaging
// emissions only when included, DQRs between 1 and 5). The checks are written
// from the specification's text and its published schema; docs/interchange.md
// lists them.

#include <string>
#include <string_view>

#include "footprint/core/error.hpp"

namespace footprint {

/// Checks `json_text` (one ProductFootprint object) and adds one diagnostic per
/// problem to `out`, each naming its field as a JSON pointer (`/pcf/dqi/temporalDQR`):
/// `footprint.pact.json` when the text is not JSON, `footprint.pact.field` for
/// a property that is missing, of the wrong type or out of range.
void check_pact_product_footprint(std::string_view json_text, const std::string& file, diagnostics& out);

/// The same for a document that may hold several: one object, an array of
/// objects, or an object with a `data` array (the PACT API's list response).
/// Pointers name the element (`/data/2/pcf/...`).
void check_pact_document(std::string_view json_text, const std::string& file, diagnostics& out);

}  // namespace footprint
