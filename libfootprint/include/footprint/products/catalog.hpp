#pragma once
// The packaging catalog: products with their capacity, tare, bill of materials
// and processes per life-cycle stage, and for reusable products their design
// life and the processes each trip adds. Read from methodologies/catalog/*.yaml
// (format: docs/catalog.md).

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "footprint/core/error.hpp"
#include "footprint/products/inventory.hpp"
#include "footprint/core/source.hpp"
#include "footprint/quantities/unit_registry.hpp"

namespace footprint {

class factor_library;

enum class packaging_kind : unsigned char { single_use, reusable };

/// Something deliberately left out of a product's system boundary, and why.
struct exclusion {
    std::string what;
    std::string reason;
};

/// The dimension that limits how many units a vehicle takes (ISO 14083 / GLEC allocation basis).
enum class load_limit : unsigned char { mass, volume, pallet_places };

[[nodiscard]] constexpr const char* load_limit_name(load_limit l) {
    switch (l) {
        case load_limit::mass: return "mass";
        case load_limit::volume: return "volume";
        case load_limit::pallet_places: return "pallet places";
    }
    return "";
}

/// How many units one vehicle of the methodology's class carries, and why.
struct vehicle_load {
    double units = 0;            ///< units per vehicle (> 0)
    load_limit limit = load_limit::mass;
    citation cited;
};

struct packaging_product {
    std::string id;
    std::string name;
    packaging_kind kind = packaging_kind::single_use;
    measured capacity;                       ///< litres or kilograms of goods
    measured tare_mass;
    citation tare_cited;
    std::optional<int> design_life_trips;    ///< reusable only
    std::optional<double> folded_volume_ratio;
    std::optional<measured> gross_mass;      ///< one filled unit as it travels: packaging + goods
    citation gross_cited;
    std::optional<vehicle_load> loaded_per_vehicle;  ///< filled units per vehicle on the loaded leg
    std::optional<vehicle_load> empty_per_vehicle;   ///< reusable only: empty units per vehicle on the return
    std::string functional_unit;             ///< text
    std::vector<inventory_item> items;       ///< the unit's own life: make, deliver, dispose
    std::vector<inventory_item> per_trip;    ///< reusable only: what each trip adds
    std::vector<source_record> sources;      ///< sources this file cites
    std::vector<exclusion> exclusions;
    std::string notes;
    source_location where;

    [[nodiscard]] bool reusable() const { return kind == packaging_kind::reusable; }
};

/// All products, by id. Immutable once loaded.
class catalog {
public:
    void add(packaging_product p) { products_.emplace(p.id, std::move(p)); }
    [[nodiscard]] const packaging_product* find(const std::string& id) const {
        auto it = products_.find(id);
        return it == products_.end() ? nullptr : &it->second;
    }
    /// Products in id order.
    [[nodiscard]] const std::map<std::string, packaging_product>& products() const { return products_; }
    [[nodiscard]] std::size_t size() const { return products_.size(); }

private:
    std::map<std::string, packaging_product> products_;
};

/// Reads every `*.yaml` in `dir`. When `factors` is given, each item's
/// activity (or factor id) must exist there. Every problem in every file is
/// reported in one `error`.
[[nodiscard]] catalog load_catalog_directory(const std::filesystem::path& dir,
                                             const factor_library* factors = nullptr);

/// Reads one product from YAML text; `name` is used in locations.
[[nodiscard]] catalog load_catalog_yaml(const std::vector<std::pair<std::string, std::string>>& named_texts,
                                        const factor_library* factors = nullptr);

}  // namespace footprint
