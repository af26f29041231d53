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

/// How many units one vehicle of a class carries, and why.
struct vehicle_load {
    double units = 0;            ///< units per vehicle (> 0)
    load_limit limit = load_limit::mass;
    citation cited;
    source_location where;
};

/// Units per vehicle of one class: filled on the loaded leg, empty on the return.
struct vehicle_loads {
    std::optional<vehicle_load> loaded;
    std::optional<vehicle_load> empty;  ///< reusable only
};

/// Pallet places of a body for one pallet footprint, where the floor plan
/// is not the plain count of footprints that fit (33 EUR pallets, not 34).
struct pallet_places {
    double length_mm = 0, width_mm = 0;
    int places = 0;
    citation cited;
};

/// A vehicle class (ISO 14083 / GLEC): its emissions per vehicle-km empty
/// and full, well-to-wheel and tank-to-wheel (factor ids of the factor set),
/// the payload at 100 % laden its per-km factors assume (for the load factor
/// of a leg), and the usable load space that the catalog's units per vehicle
/// are counted against. Read from `<catalog>/vehicle-classes/*.yaml`.
struct vehicle_class {
    std::string id;
    std::string name;
    std::string empty_wtw, full_wtw, empty_ttw, full_ttw;  ///< factor ids, per vehicle-km
    measured payload;            ///< at 100 % laden, as the per-km factors assume (t)
    citation payload_cited;
    bool is_default = false;     ///< the class per_vehicle() reads without vehicle= (methodology 2.0.0)
    // usable load space
    double length_mm = 0, width_mm = 0, height_mm = 0;
    double max_payload_kg = 0;   ///< what the body may carry (counts are checked against it)
    citation body_cited;
    std::vector<pallet_places> places;
    std::vector<source_record> sources;
    std::string notes;
    source_location where;
    std::string file_digest;  ///< SHA-256 (hex) of the file's bytes, as `sha256sum` gives it
};

/// External dimensions of a product and how it is stacked, for the check of
/// its units per vehicle (docs/catalog.md, "Dimensions").
struct product_dimensions {
    double erect[3] = {0, 0, 0};   ///< L, W, H in mm, as it travels filled
    double folded[3] = {0, 0, 0};  ///< as it travels empty (reusable; 0: as erect)
    bool palletised = false;       ///< units travel on a pallet that takes the floor place
    double pallet[3] = {0, 0, 0};  ///< L, W, H in mm
    double pallet_mass_kg = 0;
    int per_pallet_loaded = 0, per_pallet_empty = 0;
    int stack_loaded = 0, stack_empty = 0;  ///< tiers of floor places on top of each other (0: as height allows)
    citation cited;
    source_location where;
};

struct packaging_product {
    std::string id;
    std::string name;
    packaging_kind kind = packaging_kind::single_use;
    measured capacity;                       ///< litres or kilograms of goods
    measured tare_mass;
    citation tare_cited;
    std::optional<int> design_life_trips;    ///< reusable only
    /// The design life's distribution (a multiplier of design_life_trips) from
    /// `design_life_uncertainty:`; none: held at its value in a Monte Carlo.
    std::optional<factor_distribution> design_life_distribution;
    std::optional<double> folded_volume_ratio;
    std::optional<measured> gross_mass;      ///< one filled unit as it travels: packaging + goods
    citation gross_cited;
    /// Units per vehicle by vehicle class id; "" for a block without classes
    /// (the 2.0.0 form, which means the default class).
    std::map<std::string, vehicle_loads> per_vehicle;
    std::optional<product_dimensions> dimensions;
    std::string functional_unit;             ///< text
    std::vector<inventory_item> items;       ///< the unit's own life: make, deliver, dispose
    std::vector<inventory_item> per_trip;    ///< reusable only: what each trip adds
    std::vector<source_record> sources;      ///< sources this file cites
    std::vector<exclusion> exclusions;
    std::string notes;
    source_location where;
    std::string file_digest;  ///< SHA-256 (hex) of the file's bytes, as `sha256sum` gives it (statements pin it)

    [[nodiscard]] bool reusable() const { return kind == packaging_kind::reusable; }
    /// Units per vehicle of class `vehicle` ("": the unclassed block) in
    /// `state` ("loaded" or "empty"); null when the catalog gives none.
    [[nodiscard]] const vehicle_load* units_per_vehicle(const std::string& vehicle, const std::string& state) const {
        auto it = per_vehicle.find(vehicle);
        if (it == per_vehicle.end()) return nullptr;
        const auto& l = state == "loaded" ? it->second.loaded : it->second.empty;
        return l ? &*l : nullptr;
    }
};

/// All products, by id. Immutable once loaded.
class catalog {
public:
    void add(packaging_product p) { products_.emplace(p.id, std::move(p)); }
    void add(vehicle_class v) { vehicles_.emplace(v.id, std::move(v)); }
    /// A copy with `p` in place of the product of its id (a Monte Carlo's run with a quantity or life moved).
    [[nodiscard]] catalog with_product(packaging_product p) const {
        catalog c = *this;
        c.products_.insert_or_assign(p.id, std::move(p));
        return c;
    }
    [[nodiscard]] const vehicle_class* find_vehicle(const std::string& id) const {
        auto it = vehicles_.find(id);
        return it == vehicles_.end() ? nullptr : &it->second;
    }
    /// Vehicle classes in id order.
    [[nodiscard]] const std::map<std::string, vehicle_class>& vehicles() const { return vehicles_; }
    /// The class marked `default: true`, or null.
    [[nodiscard]] const vehicle_class* default_vehicle() const {
        for (const auto& [id, v] : vehicles_)
            if (v.is_default) return &v;
        return nullptr;
    }
    [[nodiscard]] const packaging_product* find(const std::string& id) const {
        auto it = products_.find(id);
        return it == products_.end() ? nullptr : &it->second;
    }
    /// Products in id order.
    [[nodiscard]] const std::map<std::string, packaging_product>& products() const { return products_; }
    [[nodiscard]] std::size_t size() const { return products_.size(); }

private:
    std::map<std::string, packaging_product> products_;
    std::map<std::string, vehicle_class> vehicles_;
};

/// Reads every `*.yaml` in `dir` as a product and every `*.yaml` in
/// `dir/vehicle-classes/` (when there is one) as a vehicle class. When
/// `factors` is given, each item's activity (or factor id) and each vehicle
/// class's factor ids must exist there. Units per vehicle that disagree with
/// the ones recomputed from a product's dimensions and the class's load space
/// are refused (`footprint.catalog.per-vehicle-check`). Every problem in every
/// file is reported in one `error`.
[[nodiscard]] catalog load_catalog_directory(const std::filesystem::path& dir,
                                             const factor_library* factors = nullptr);

/// Reads products from YAML texts, and vehicle classes from `vehicle_texts`;
/// each text's name is used in locations.
[[nodiscard]] catalog load_catalog_yaml(const std::vector<std::pair<std::string, std::string>>& named_texts,
                                        const factor_library* factors = nullptr,
                                        const std::vector<std::pair<std::string, std::string>>& vehicle_texts = {});

/// What a body of `v` holds of product `p` in `state` ("loaded" or "empty"),
/// recomputed from the product's dimensions: floor places × tiers × units per
/// place, and the units its payload allows. Null when the product has no
/// dimensions or the class no load space.
struct per_vehicle_recount {
    long space = 0;          ///< units the load space holds
    long mass = 0;           ///< units the payload allows
    long places = 0, tiers = 0, per_place = 0;
    std::string working;     ///< the arithmetic, for messages
};
[[nodiscard]] std::optional<per_vehicle_recount> recount_per_vehicle(const packaging_product& p, const vehicle_class& v,
                                                                    const std::string& state);

}  // namespace footprint
