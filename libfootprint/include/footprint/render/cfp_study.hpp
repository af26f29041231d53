#pragma once
// A CFP study report for one packaging product, with the contents ISO
// 14067:2018 clause 7.3 asks of one: functional and declared unit, system
// boundary, cut-off criteria and exclusions, allocation, results per stage
// with fossil and biogenic emissions and removals, land-use change and
// aircraft emissions kept apart, data sources and their quality (factor
// source, region, years, PACT ratings, exact match or fallback), the GWP
// values used, assumptions, sensitivity (GWP sets; design life of a reusable
// unit) and limitations.
//
// compute_cfp_study does the arithmetic (every number in the report comes
// from it, so a test can check the numbers without parsing a document);
// render_cfp_study turns it into Markdown or HTML in English or Chinese.
// A study points into the product and the factor library it was computed
// from: both must outlive it.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "footprint/products/cfp.hpp"
#include "footprint/render/document.hpp"

namespace footprint {

/// Emissions and removals of a result, apart as ISO 14067 (6.4.9.4, 7.2) asks.
/// Removals are negative grams (an item whose emission is below zero).
/// Land-use change and aircraft emissions are also counted in the fossil or
/// biogenic figures; they are shown apart, not subtracted.
struct emission_split {
    std::int64_t fossil_emissions_g = 0;
    std::int64_t fossil_removals_g = 0;
    std::int64_t biogenic_emissions_g = 0;
    std::int64_t biogenic_removals_g = 0;
    std::int64_t land_use_change_g = 0;
    std::int64_t aircraft_g = 0;
    std::int64_t total_g = 0;
};

/// The footprint under one GWP set.
struct gwp_case {
    const gwp_set* gwp = nullptr;
    std::int64_t per_unit_g = 0;
    std::int64_t per_trip_g = 0;
};

/// The per-trip footprint of a reusable product if its design life were
/// `trips` (fractional: half of 25 trips is 12.5).
struct design_life_case {
    double trips = 0;
    std::int64_t per_trip_g = 0;
};

/// One inventory item of the product with its own result, for the data
/// tables: the unit's own items per unit, the per-trip items per trip.
struct study_item {
    const inventory_item* item = nullptr;
    bool per_trip = false;
    item_result result;
    const emission_factor* factor = nullptr;
    std::string requested_region;  ///< the region the look-up asked for
    int requested_year = 0;        ///< the year it asked for
    bool aircraft = false;
    bool land_use_change = false;
};

struct cfp_study {
    const packaging_product* product = nullptr;
    cfp_options options;
    product_footprint footprint;  ///< under options.gwp
    emission_split per_unit;
    emission_split per_trip;
    std::vector<study_item> items;
    std::vector<gwp_case> gwp_cases;           ///< AR4, AR5, AR6
    std::vector<design_life_case> life_cases;  ///< reusable only: half, as designed, double
};

/// Whether a factor's activity is air transport (a `.`-separated part is
/// `air`, as in `freight.air`) or land-use change (a part is `luc` or
/// `land-use-change`). The factor vocabulary has neither today; the report
/// says so instead of showing zeros without a reason.
[[nodiscard]] bool is_aircraft_activity(std::string_view activity);
[[nodiscard]] bool is_land_use_change_activity(std::string_view activity);

/// Splits a result into fossil and biogenic emissions and removals, and the
/// land-use-change and aircraft parts.
[[nodiscard]] emission_split split_emissions(const footprint_result& r, const factor_library& factors);

/// The per-trip footprint of a reusable product with a design life of
/// `trips`: its own items with their share divided by `trips`, plus the
/// per-trip items, rounded per item as compute_product_footprint does (at the
/// declared design life the two agree to the gram).
[[nodiscard]] std::int64_t per_trip_grams(const packaging_product& product, const factor_library& factors,
                                          const cfp_options& options, double trips);

/// Computes every number of the report. Throws what compute_product_footprint throws.
[[nodiscard]] cfp_study compute_cfp_study(const packaging_product& product, const factor_library& factors,
                                          const cfp_options& options);

[[nodiscard]] std::string render_cfp_study(const cfp_study& study, const factor_library& factors,
                                           document_format format, document_language lang);

/// `lang` is "en" or "zh" (else `footprint.document.language`).
[[nodiscard]] std::string render_cfp_study_markdown(const cfp_study& study, const factor_library& factors,
                                                    std::string_view lang = "en");
[[nodiscard]] std::string render_cfp_study_html(const cfp_study& study, const factor_library& factors,
                                                std::string_view lang = "en");

}  // namespace footprint
