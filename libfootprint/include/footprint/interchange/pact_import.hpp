#pragma once
// A supplier's PACT ProductFootprint as an emission factor: the supplier's PCF
// per declared unit becomes a factor (kg CO2e per kg, per L, per piece, ...)
// with its data-quality ratings and the footprint's id as its source, written
// as a factor YAML file for an overlay set (docs/factors.md, "Overlays").

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "footprint/factors/region.hpp"

namespace footprint {

struct pact_import_options {
    /// The activity the supplier's product stands for in catalog items, e.g.
    /// `material.steel`: an overlay factor shadows the base factors of this
    /// activity and region in look-ups. Required.
    std::string activity;
    /// The factor's region; empty: the footprint's geographyCountry, else GLO.
    std::string region;
    /// The base set's regions, so that the overlay can repeat the chain of a
    /// region such as CN-East up to GLO; may be null (countries only then).
    const region_tree* known_regions = nullptr;
};

struct pact_import_result {
    std::string yaml;                     ///< a factor file: sources, regions, factors
    std::vector<std::string> factor_ids;  ///< one per ProductFootprint, "pact.<id>"
};

/// Reads `json_text` (one ProductFootprint, an array of them, or the PACT API's
/// list response) and makes one factor per footprint. The document must conform
/// to PACT 3.0 (pact_conformance.hpp): otherwise every problem is reported with
/// its JSON pointer (`footprint.pact.field`, `footprint.pact.json`). A declared
/// unit footprint has no unit for (square meter, hour, megabit second) is refused
/// (`footprint.pact.unit`), as are a missing activity and an unknown region
/// (`footprint.pact.option`). The text returned loads as a factor file.
[[nodiscard]] pact_import_result import_pact_footprints(std::string_view json_text, const std::string& file,
                                                        const pact_import_options& options);

}  // namespace footprint
