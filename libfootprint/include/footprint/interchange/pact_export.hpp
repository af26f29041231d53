#pragma once
// A product's footprint as a WBCSD PACT ProductFootprint (PACT Technical
// Specifications for PCF Data Exchange, version 3.0): the document a supplier
// hands its customers' systems. What each field is filled with, and why, is in
// docs/interchange.md.

#include <string>
#include <string_view>
#include <vector>

#include "footprint/factors/factor_library.hpp"
#include "footprint/products/cfp.hpp"

namespace footprint {

/// The specVersion footprint writes and the version its checks follow.
inline constexpr std::string_view pact_spec_version = "3.0.3";

/// What a ProductFootprint needs that a footprint calculation does not know:
/// who owns the data, when the document is made, and the share of emissions
/// left out by cut-offs (the catalog lists its exclusions but does not
/// quantify them, so the data owner states the percentage).
struct pact_export_options {
    std::string company_name;               ///< the data owner, e.g. "Acme Packaging Ltd"
    std::vector<std::string> company_ids;   ///< URNs, at least one (urn:...)
    std::string created;                    ///< RFC 3339 UTC; empty: now
    /// Decimal text, e.g. "1.5"; empty: "0" for a product without exclusions,
    /// refused (`footprint.pact.exempted-unknown`) for one with exclusions.
    std::string exempted_percent;
};

/// The ProductFootprint of `fp` per declared unit (one piece of the product), as
/// JSON text. The PCF is cradle to gate (the raw material and production stages);
/// the distribution stage is reported as outbound logistics; use and end of life
/// are outside the PACT boundary and named in `comment`. The document is checked
/// against the specification (pact_conformance.hpp) before it is returned.
/// Errors: `footprint.pact.option` (missing or malformed company, created,
/// exempted percentage), `footprint.pact.exempted-unknown`, and
/// `footprint.pact.field` should the document not conform.
[[nodiscard]] std::string render_pact_product_footprint(const product_footprint& fp, const factor_library& factors,
                                                        const cfp_options& options,
                                                        const pact_export_options& pact);

/// Several products: a JSON array of ProductFootprints.
[[nodiscard]] std::string render_pact_product_footprints(const std::vector<product_footprint>& fps,
                                                         const factor_library& factors, const cfp_options& options,
                                                         const pact_export_options& pact);

/// The id of a ProductFootprint whose content (every field but `id` and
/// `created`, serialised as compact JSON with keys sorted) is `canonical_body`:
/// the name-based UUID (RFC 9562 version 5, SHA-1) in the URL namespace of
/// "urn:footprint:pact:" followed by the SHA-256 of the body in lower-case hex.
/// The same inputs give the same id; any change of content gives a new one, as
/// PACT 3.0 asks of an updated footprint.
[[nodiscard]] std::string pact_footprint_id(std::string_view canonical_body);

}  // namespace footprint
