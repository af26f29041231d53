#pragma once
// The carbon footprint of a product (ISO 14067): its inventory items looked up
// against a factor library and summed per stage.

#include <string>
#include <string_view>
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

/// Trips a component with a life of `life_trips` is expected to serve when it is lost with
/// probability `loss_per_trip` on each trip: (1 - (1 - p)^L) / p, or L without loss.
[[nodiscard]] double expected_trips(int life_trips, double loss_per_trip);

/// The share of a component's copies that ends by `route`: retired (reached its life, back to
/// the operator) (1 - p)^L, lost 1 - (1 - p)^L, every unit 1.
[[nodiscard]] double route_weight(end_of_life_route route, int life_trips, double loss_per_trip);

/// An item's own life in trips: `life_trips`, else the product's design life (reusable) or 1.
[[nodiscard]] int component_life(const packaging_product& product, const inventory_item& item);

/// What an item's own life (`life_trips`) belongs to, and is drawn by in a Monte Carlo: its
/// component, else the item's name. The items of one component share one life.
[[nodiscard]] inline std::string component_life_name(const inventory_item& item) {
    return item.component.empty() ? item.name : item.component;
}

/// The product's items with their shares weighted by route and, when `include_trip_items`,
/// divided by each component's expected trips, followed by the per-trip items.
[[nodiscard]] std::vector<inventory_item> shared_over_trips(const packaging_product& product, double loss_per_trip,
                                                            bool include_trip_items);

/// kg CO2e one trip carries of the product's own life in `stage` (all stages when empty):
/// sum over its items of footprint × route weight / expected trips of the item's life.
/// A single-use product (life 1, no loss) gives its footprint per unit, less what components
/// shared over several loads (a pooled pallet) spread over their other trips.
[[nodiscard]] double footprint_per_trip(const packaging_product& product, const factor_library& factors,
                                        const cfp_options& options, double loss_per_trip, std::string_view stage);

/// The items of footprint_per_trip with their results (factor, source, set, fallback path each),
/// in the order footprint_per_trip sums them.
[[nodiscard]] footprint_result footprint_per_trip_items(const packaging_product& product, const factor_library& factors,
                                                        const cfp_options& options, double loss_per_trip,
                                                        std::string_view stage);

/// kg CO2e of a footprint: the sum of its items' unrounded emissions, stage by stage.
[[nodiscard]] double footprint_kg(const footprint_result& r);

/// The GWP100 values behind a factor as used: the set applied to its gases (e.g. "AR6"), or for a
/// factor published in CO2e the set its publisher assumed, "AR5 (as published)".
[[nodiscard]] std::string factor_gwp_basis(const emission_factor& f, const gwp_set& gwp);

/// E = M × share × EF with the dimension checked: `kWh × (kg CO2e/kg)` is
/// refused (`footprint.unit.dimension`). Returns typed CO2e.
[[nodiscard]] units::co2e item_emission(const measured& amount, double share, const emission_factor& factor,
                                        const gwp_set& gwp, const source_location& where = {});

}  // namespace footprint
