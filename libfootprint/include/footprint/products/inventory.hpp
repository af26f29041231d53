#pragma once
// Life-cycle inventory (ISO 14067): the stages of a product's life, the items
// consumed or emitted in each, and the result E_stage = Σ M_i × EF_i.
//
// Results are kept in grams CO2e as integers, rounded per item to the nearest
// gram, so that the stage totals add up to the product total exactly and a
// reader can check the sum by hand. Fossil and biogenic emissions are kept
// apart, as ISO 14067 (6.4.9.4 and 7.2) requires.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "footprint/core/error.hpp"
#include "footprint/quantities/gwp.hpp"
#include "footprint/core/source.hpp"
#include "footprint/factors/factor_distribution.hpp"
#include "footprint/quantities/unit_registry.hpp"
#include "footprint/quantities/units.hpp"

namespace footprint {

/// The life-cycle stages of ISO 14067.
enum class life_cycle_stage : unsigned char { raw_material, production, distribution, use, end_of_life };

inline constexpr std::array<life_cycle_stage, 5> all_stages{
    life_cycle_stage::raw_material, life_cycle_stage::production, life_cycle_stage::distribution,
    life_cycle_stage::use, life_cycle_stage::end_of_life};

/// The key used in data files: `raw_material`, `production`, ...
[[nodiscard]] constexpr std::string_view stage_key(life_cycle_stage s) {
    switch (s) {
        case life_cycle_stage::raw_material: return "raw_material";
        case life_cycle_stage::production: return "production";
        case life_cycle_stage::distribution: return "distribution";
        case life_cycle_stage::use: return "use";
        case life_cycle_stage::end_of_life: return "end_of_life";
    }
    return "?";
}

/// The name used in reports: "Raw material acquisition", ...
[[nodiscard]] constexpr std::string_view stage_title(life_cycle_stage s) {
    switch (s) {
        case life_cycle_stage::raw_material: return "Raw material acquisition";
        case life_cycle_stage::production: return "Production";
        case life_cycle_stage::distribution: return "Distribution";
        case life_cycle_stage::use: return "Use";
        case life_cycle_stage::end_of_life: return "End of life";
    }
    return "?";
}

[[nodiscard]] constexpr std::optional<life_cycle_stage> parse_stage(std::string_view key) {
    for (auto s : all_stages)
        if (stage_key(s) == key) return s;
    return std::nullopt;
}

/// One thing consumed or emitted in a stage, with the factor it is multiplied by.
/// The units an end-of-life item applies to: a pooled unit ends either at its design life, in
/// the operator's take-back, or lost, in whatever municipal route it meets.
enum class end_of_life_route : unsigned char { every_unit, retired, lost };

struct inventory_item {
    std::string name;
    life_cycle_stage stage = life_cycle_stage::raw_material;
    std::string activity;    ///< factor activity, e.g. `material.steel`
    std::string factor_id;   ///< a factor named by id, instead of a look-up by activity
    std::string region;      ///< region for the look-up; empty: the calculation's default
    std::optional<int> year; ///< year for the look-up; empty: the calculation's year
    std::string scope;       ///< restricts the look-up (e.g. `wtw`), may be empty
    measured quantity;       ///< M_i as written
    double share = 1.0;      ///< end-of-life route share, or the fraction of the item that applies
    std::string tag;         ///< what the item is for (washing, repair, consumable, return-haulage), may be empty
    citation cited;          ///< where the quantity comes from
    source_location where;
    /// A component with a service life of its own, in trips (reusable products: default the
    /// product's design life; single-use products: default 1, e.g. a pooled pallet serves N loads).
    std::optional<int> life_trips;
    /// The part of a composite product the item belongs to (sleeve box, lid, pallet, film), may be empty.
    std::string component;
    /// Which units an end-of-life item applies to: every unit, the units retired at design life
    /// (the operator's take-back), or the units lost on the way (municipal routes).
    end_of_life_route route = end_of_life_route::every_unit;
    /// The quantity's distribution (a multiplier of `quantity`) from the item's `uncertainty:`;
    /// none: held at its value in a Monte Carlo (docs/uncertainty.md).
    std::optional<factor_distribution> quantity_distribution;
    /// The distribution of `life_trips` (a multiplier of it) from `life_uncertainty:`.
    std::optional<factor_distribution> life_distribution;
};

/// Masses of single gases in a result, where the factor gives them (kg of gas).
struct gas_breakdown {
    std::array<double, all_gases.size()> kg{};
    void add(gas_id g, double v) { kg[static_cast<std::size_t>(g)] += v; }
    gas_breakdown& operator+=(const gas_breakdown& o) {
        for (std::size_t i = 0; i < kg.size(); ++i) kg[i] += o.kg[i];
        return *this;
    }
    [[nodiscard]] bool empty() const {
        for (double v : kg)
            if (v != 0) return false;
        return true;
    }
};

/// One item's result.
struct item_result {
    std::string name;
    life_cycle_stage stage{};
    measured quantity;               ///< as the item states it
    double share = 1.0;
    std::string factor_id;
    std::string factor_name;
    double factor_value = 0;         ///< kg CO2e per factor activity unit, under the GWP set used
    std::string factor_unit;         ///< e.g. "kg CO2e/kWh"
    std::string factor_source;       ///< source id and table
    std::string factor_source_id;    ///< the factor's source (a `sources:` id of the factor files)
    std::string factor_table;        ///< where in that source (table, sheet, column), may be empty
    std::string factor_set;          ///< the factor set (base or overlay) the factor came from
    std::string gwp_basis;           ///< the GWP100 values behind the factor (see factor_gwp_basis)
    std::vector<std::string> fallback_path;
    bool factor_exact = true;
    bool fossil = true;
    citation cited;                  ///< the quantity's provenance
    units::co2e emission{};          ///< M × share × EF, unrounded
    std::int64_t grams = 0;          ///< emission rounded to the nearest gram CO2e
    gas_breakdown gases;             ///< per-gas masses where the factor gives them
};

/// A stage's result: its items and their sum.
struct stage_result {
    life_cycle_stage stage{};
    std::vector<item_result> items;
    std::int64_t grams = 0;
    std::int64_t fossil_grams = 0;
    std::int64_t biogenic_grams = 0;
    gas_breakdown gases;
};

/// A footprint: every stage, and the totals (exact sums of the stage totals).
struct footprint_result {
    std::array<stage_result, 5> stages;
    std::int64_t grams = 0;
    std::int64_t fossil_grams = 0;
    std::int64_t biogenic_grams = 0;
    gas_breakdown gases;
    std::string gwp;  ///< the GWP set used

    footprint_result() {
        for (std::size_t i = 0; i < all_stages.size(); ++i) stages[i].stage = all_stages[i];
    }

    [[nodiscard]] stage_result& stage(life_cycle_stage s) { return stages[static_cast<std::size_t>(s)]; }
    [[nodiscard]] const stage_result& stage(life_cycle_stage s) const {
        return stages[static_cast<std::size_t>(s)];
    }

    /// Adds an item to its stage and to the totals.
    void add(item_result r) {
        auto& st = stage(r.stage);
        st.grams += r.grams;
        grams += r.grams;
        (r.fossil ? st.fossil_grams : st.biogenic_grams) += r.grams;
        (r.fossil ? fossil_grams : biogenic_grams) += r.grams;
        st.gases += r.gases;
        gases += r.gases;
        st.items.push_back(std::move(r));
    }
};

/// Rounds kg CO2e to the nearest gram (half away from zero).
[[nodiscard]] inline std::int64_t round_to_grams(units::co2e e) {
    double g = e.value() * 1000.0;
    return static_cast<std::int64_t>(g < 0 ? g - 0.5 : g + 0.5);
}

}  // namespace footprint
