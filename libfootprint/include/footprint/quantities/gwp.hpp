#pragma once
// Global warming potentials (GWP100) and the sets footprint carries.
//
// A per-gas mass becomes CO2e only here. AR6 is the default because ISO 14067
// asks for the most recent IPCC values; AR5 and AR4 are kept for comparability
// with older statements. Values: IPCC AR4 WG1 Table 2.14; IPCC AR5 WG1
// Table 8.A.1 (without climate-carbon feedback); IPCC AR6 WG1 Chapter 7,
// Table 7.15. AR6 distinguishes fossil from non-fossil methane; AR4 and AR5
// main tables give one methane value, which footprint uses for both origins.

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "footprint/quantities/units.hpp"

namespace footprint {

/// The gases an emission factor may break its amount into.
enum class gas_id : unsigned char { co2, ch4, ch4_fossil, ch4_non_fossil, n2o, sf6, hfc134a, cf4 };

inline constexpr std::array<gas_id, 8> all_gases{gas_id::co2,        gas_id::ch4,
                                                 gas_id::ch4_fossil, gas_id::ch4_non_fossil,
                                                 gas_id::n2o,        gas_id::sf6,
                                                 gas_id::hfc134a,    gas_id::cf4};

[[nodiscard]] constexpr std::string_view gas_name(gas_id g) {
    switch (g) {
        case gas_id::co2: return "CO2";
        case gas_id::ch4: return "CH4";
        case gas_id::ch4_fossil: return "CH4-fossil";
        case gas_id::ch4_non_fossil: return "CH4-non-fossil";
        case gas_id::n2o: return "N2O";
        case gas_id::sf6: return "SF6";
        case gas_id::hfc134a: return "HFC-134a";
        case gas_id::cf4: return "CF4";
    }
    return "?";
}

[[nodiscard]] constexpr std::optional<gas_id> parse_gas(std::string_view s) {
    for (gas_id g : all_gases)
        if (gas_name(g) == s) return g;
    return std::nullopt;
}

/// One IPCC assessment report's GWP100 values.
struct gwp_set {
    std::string_view name;    ///< "AR6"
    std::string_view source;  ///< publication and table
    std::array<double, all_gases.size()> values;  ///< kg CO2e per kg of gas, by gas_id

    [[nodiscard]] constexpr double gwp(gas_id g) const {
        return values[static_cast<std::size_t>(g)];
    }

    /// The only road from a gas mass to CO2e.
    template <class Gas>
    [[nodiscard]] units::co2e to_co2e(units::gas_mass<Gas> m) const {
        return gwp(gas_of<Gas>()) * m.amount().value() * units::kg_co2e;
    }

private:
    template <class Gas>
    static constexpr gas_id gas_of() {
        if constexpr (std::is_same_v<Gas, units::gas::co2>) return gas_id::co2;
        else if constexpr (std::is_same_v<Gas, units::gas::ch4>) return gas_id::ch4;
        else if constexpr (std::is_same_v<Gas, units::gas::n2o>) return gas_id::n2o;
        else if constexpr (std::is_same_v<Gas, units::gas::sf6>) return gas_id::sf6;
        else if constexpr (std::is_same_v<Gas, units::gas::hfc134a>) return gas_id::hfc134a;
        else return gas_id::cf4;
    }
};

//                                         CO2  CH4   CH4f  CH4nf N2O  SF6     HFC-134a CF4
inline constexpr gwp_set gwp_ar4{"AR4", "IPCC AR4 WG1 (2007) Table 2.14, GWP100",
                                 {1, 25, 25, 25, 298, 22800, 1430, 7390}};
inline constexpr gwp_set gwp_ar5{"AR5", "IPCC AR5 WG1 (2013) Table 8.A.1, GWP100 without climate-carbon feedback",
                                 {1, 28, 28, 28, 265, 23500, 1300, 6630}};
inline constexpr gwp_set gwp_ar6{"AR6", "IPCC AR6 WG1 (2021) Chapter 7 Table 7.15, GWP100",
                                 {1, 27.9, 29.8, 27.0, 273, 25200, 1530, 7380}};

/// Look a set up by name ("AR4", "AR5", "AR6"); nullptr when unknown.
[[nodiscard]] constexpr const gwp_set* find_gwp_set(std::string_view name) {
    if (name == "AR4") return &gwp_ar4;
    if (name == "AR5") return &gwp_ar5;
    if (name == "AR6") return &gwp_ar6;
    return nullptr;
}

}  // namespace footprint
