#pragma once
// An emission factor: CO2e (or gas masses) per unit of an activity, with its
// provenance. This is the record the factor database stores; the YAML sources
// in factors/ and the SQLite factor sets hold exactly these fields.

#include <optional>
#include <string>
#include <vector>

#include "footprint/core/error.hpp"
#include "footprint/quantities/gwp.hpp"
#include "footprint/core/source.hpp"
#include "footprint/quantities/unit_registry.hpp"

namespace footprint {

/// Data-quality ratings, 1 (best) to 5, as the PACT Pathfinder framework rates
/// them; 0 means not rated.
struct quality_rating {
    int technological = 0;
    int geographical = 0;
    int temporal = 0;
};

/// Uncertainty as the source states it: a distribution with parameters, or a range.
struct uncertainty_spec {
    std::string distribution;  ///< "normal", "lognormal", "triangular", "uniform", "range" or empty
    double low = 0, high = 0;  ///< bounds (range, triangular, uniform) or 95 % interval
    double sd = 0;             ///< standard deviation (normal) or geometric sd (lognormal)
};

/// Mass of one gas per coherent unit of activity (kg gas per kg, per J, ...).
struct gas_amount {
    gas_id gas;
    double per_activity;  ///< kg of gas per coherent activity unit
    double as_written;    ///< the number in the source file
};

struct emission_factor {
    std::string id;
    std::string name;
    std::string activity;        ///< e.g. `electricity.grid`
    unit_spec activity_unit;     ///< e.g. kWh (the denominator of `unit`)
    double value = 0;            ///< as written (form a or b); 0 for form c
    unit_spec unit;              ///< as written, e.g. `t CO2/MWh`
    /// Form (a): kg CO2e per coherent activity unit, already weighted by the source.
    std::optional<double> co2e_per_activity;
    /// Forms (b) and (c): per-gas amounts, weighted with the GWP set chosen at use.
    std::vector<gas_amount> gases;
    std::string gwp_assumed;     ///< GWP set a form-(a) value assumes, may be empty
    std::string scope;           ///< cradle-to-gate, combustion, wtw, ...
    bool fossil = true;          ///< false for biogenic emissions
    std::string region;          ///< GLO, CN, CN-East, ...
    int year_first = 0;
    int year_last = 0;
    citation cited;              ///< source id and table
    quality_rating quality;
    std::optional<uncertainty_spec> uncertainty;
    std::string notes;
    source_location where;

    /// kg CO2e per coherent activity unit under `gwp`. A form-(a) value is
    /// used as published (its own GWP basis is recorded in `gwp_assumed`).
    [[nodiscard]] double kg_co2e_per_activity(const gwp_set& gwp) const {
        if (co2e_per_activity) return *co2e_per_activity;
        double sum = 0;
        for (const auto& g : gases) sum += g.per_activity * gwp.gwp(g.gas);
        return sum;
    }

    /// The factor in its activity unit as written (kg CO2e per kWh, per t, ...).
    [[nodiscard]] double kg_co2e_per_activity_unit(const gwp_set& gwp) const {
        return kg_co2e_per_activity(gwp) * activity_unit.to_coherent;
    }

    [[nodiscard]] bool valid_in(int year) const { return year >= year_first && year <= year_last; }
};

}  // namespace footprint
