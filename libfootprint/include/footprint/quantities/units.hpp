#pragma once
// Typed quantities for footprint, built on Boost.Units.
//
// Emissions get a base dimension of their own (CO2-equivalent mass), so that a
// kilogram of steel and a kilogram of CO2e are different types: adding them
// does not compile, and `mass * (co2e / mass)` is a CO2e quantity. Masses of a
// single greenhouse gas (CO2, CH4, N2O, ...) are a third kind: they become CO2e
// only through a GWP set (see gwp.hpp), never by accident.
//
// Only the units footprint uses are declared. Scaled units (tonne, kWh, tkm,
// litre, ...) are constants of the coherent unit so that `2.5 * tonne` is a
// `quantity<mass_unit>` holding 2500 kg; values are stored in the coherent
// (SI-based) unit of each dimension. Proofs of the algebra live in
// tests/unit/units_static.cpp.

#include <boost/units/base_dimension.hpp>
#include <boost/units/base_unit.hpp>
#include <boost/units/derived_dimension.hpp>
#include <boost/units/make_system.hpp>
#include <boost/units/physical_dimensions/energy.hpp>
#include <boost/units/physical_dimensions/length.hpp>
#include <boost/units/physical_dimensions/mass.hpp>
#include <boost/units/physical_dimensions/time.hpp>
#include <boost/units/physical_dimensions/volume.hpp>
#include <boost/units/quantity.hpp>
#include <boost/units/base_units/si/kilogram.hpp>
#include <boost/units/base_units/si/meter.hpp>
#include <boost/units/base_units/si/second.hpp>
#include <boost/units/unit.hpp>

namespace footprint::units {

namespace bu = boost::units;

// ---- the CO2e dimension -------------------------------------------------

/// Mass of CO2-equivalent emissions: a base dimension of its own.
struct co2e_base_dimension : bu::base_dimension<co2e_base_dimension, 9101> {};
using co2e_dimension = co2e_base_dimension::dimension_type;

/// Its coherent unit: one kilogram of CO2e.
struct kg_co2e_base_unit : bu::base_unit<kg_co2e_base_unit, co2e_dimension, 9101> {
    static const char* name() { return "kilogram CO2e"; }
    static const char* symbol() { return "kg CO2e"; }
};

/// The system footprint computes in: metre, kilogram, second, kg CO2e.
using system = bu::make_system<bu::si::meter_base_unit, bu::si::kilogram_base_unit,
                               bu::si::second_base_unit, kg_co2e_base_unit>::type;

// ---- dimensions ---------------------------------------------------------

using freight_work_dimension = bu::derived_dimension<bu::mass_base_dimension, 1,
                                                     bu::length_base_dimension, 1>::type;

// ---- units (coherent, one per dimension) --------------------------------

using mass_unit = bu::unit<bu::mass_dimension, system>;
using length_unit = bu::unit<bu::length_dimension, system>;
using volume_unit = bu::unit<bu::volume_dimension, system>;
using energy_unit = bu::unit<bu::energy_dimension, system>;
using freight_work_unit = bu::unit<freight_work_dimension, system>;
using co2e_unit = bu::unit<co2e_dimension, system>;
using dimensionless_unit = bu::unit<bu::dimensionless_type, system>;

/// Emission factors: CO2e per unit of activity.
using co2e_per_mass_unit = bu::divide_typeof_helper<co2e_unit, mass_unit>::type;
using co2e_per_energy_unit = bu::divide_typeof_helper<co2e_unit, energy_unit>::type;
using co2e_per_freight_work_unit = bu::divide_typeof_helper<co2e_unit, freight_work_unit>::type;
using co2e_per_volume_unit = bu::divide_typeof_helper<co2e_unit, volume_unit>::type;

// ---- quantities ---------------------------------------------------------

using mass = bu::quantity<mass_unit>;
using length = bu::quantity<length_unit>;
using volume = bu::quantity<volume_unit>;
using energy = bu::quantity<energy_unit>;
using freight_work = bu::quantity<freight_work_unit>;
using co2e = bu::quantity<co2e_unit>;
using co2e_per_mass = bu::quantity<co2e_per_mass_unit>;
using co2e_per_energy = bu::quantity<co2e_per_energy_unit>;
using co2e_per_freight_work = bu::quantity<co2e_per_freight_work_unit>;
using co2e_per_volume = bu::quantity<co2e_per_volume_unit>;

// ---- unit constants: `2.5 * tonne` is 2500 kg ---------------------------

inline constexpr mass_unit kilogram_unit{};
inline constexpr length_unit metre_unit{};
inline constexpr volume_unit cubic_metre_unit{};
inline constexpr energy_unit joule_unit{};
inline constexpr co2e_unit kg_co2e_unit{};

inline const mass gram = 1e-3 * kilogram_unit;
inline const mass kilogram = 1.0 * kilogram_unit;
inline const mass tonne = 1e3 * kilogram_unit;
inline const length metre = 1.0 * metre_unit;
inline const length kilometre = 1e3 * metre_unit;
inline const volume litre = 1e-3 * cubic_metre_unit;
inline const volume cubic_metre = 1.0 * cubic_metre_unit;
inline const energy joule = 1.0 * joule_unit;
inline const energy megajoule = 1e6 * joule_unit;
inline const energy gigajoule = 1e9 * joule_unit;
inline const energy terajoule = 1e12 * joule_unit;
inline const energy watt_hour = 3.6e3 * joule_unit;
inline const energy kilowatt_hour = 3.6e6 * joule_unit;
inline const energy megawatt_hour = 3.6e9 * joule_unit;
inline const freight_work tonne_kilometre = tonne * kilometre;
inline const co2e g_co2e = 1e-3 * kg_co2e_unit;
inline const co2e kg_co2e = 1.0 * kg_co2e_unit;
inline const co2e t_co2e = 1e3 * kg_co2e_unit;

// ---- masses of one greenhouse gas ---------------------------------------

/// Tags for the gases footprint knows. A tag names the gas; GWP values live in
/// gwp.hpp.
namespace gas {
struct co2 { static constexpr const char* name = "CO2"; };
struct ch4 { static constexpr const char* name = "CH4"; };
struct n2o { static constexpr const char* name = "N2O"; };
struct sf6 { static constexpr const char* name = "SF6"; };
struct hfc134a { static constexpr const char* name = "HFC-134a"; };
struct cf4 { static constexpr const char* name = "CF4"; };
}  // namespace gas

/// Mass of one gas. Deliberately not a Boost.Units mass: it adds only to the
/// same gas, and turns into CO2e only through `gwp_set::to_co2e`.
template <class Gas>
class gas_mass {
public:
    constexpr gas_mass() = default;
    constexpr explicit gas_mass(mass m) : mass_(m) {}
    [[nodiscard]] constexpr mass amount() const { return mass_; }
    [[nodiscard]] friend constexpr gas_mass operator+(gas_mass a, gas_mass b) {
        return gas_mass(a.mass_ + b.mass_);
    }
    [[nodiscard]] friend constexpr gas_mass operator*(double k, gas_mass a) {
        return gas_mass(k * a.mass_);
    }

private:
    mass mass_{};
};

}  // namespace footprint::units
