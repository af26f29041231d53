#pragma once
// The carbon footprint of a product (ISO 14067): its inventory items looked up
// against a factor library and summed per stage.

#include <string>
#include <vector>

#include "footprint/products/catalog.hpp"
#include "footprint/factors/factor_library.hpp"
#include "footprint/quantities/gwp.hpp"
#include "footprint/products/inventory.hpp"

namespace footprint {

struct cfp_options {
    int year = 2023;                      ///< year of the activity, for factor look-up
    std::string region = "CN";            ///< default region for items that name none
    /// When true, `region` replaces the region items name: a calculation that
    /// knows where the activity happens (the washing depot's grid region) wins
    /// over the catalog's default location.
    bool region_overrides_items = false;
    const gwp_set* gwp = &gwp_ar6;        ///< GWP100 values (AR6 unless asked otherwise)
};

/// Computes the footprint of a list of items. Every item whose factor cannot
/// be found, or whose unit does not fit its factor, is reported; the error
/// lists them all.
[[nodiscard]] footprint_result compute_footprint(const std::vector<inventory_item>& items,
                                                 const factor_library& factors, const cfp_options& options);

/// A packaging product's footprint per declared unit (one unit, made,
/// delivered and disposed of) and per functional unit (one trip: for a
/// reusable unit, its own life shared over its design life plus what the trip
/// adds).
struct product_footprint {
    const packaging_product* product = nullptr;
    footprint_result per_unit;
    footprint_result per_trip;
};

[[nodiscard]] product_footprint compute_product_footprint(const packaging_product& product,
                                                          const factor_library& factors,
                                                          const cfp_options& options);

/// E = M × share × EF with the dimension checked: `kWh × (kg CO2e/kg)` is
/// refused (`footprint.unit.dimension`). Returns typed CO2e.
[[nodiscard]] units::co2e item_emission(const measured& amount, double share, const emission_factor& factor,
                                        const gwp_set& gwp, const source_location& where = {});

}  // namespace footprint
