// Compile-time proofs of the unit algebra (units.hpp). This file has no
// run-time tests: if it compiles, the algebra holds. The matching "does not
// compile" cases are also built for real in tests/compile_fail/.

#include <type_traits>

#include "footprint/quantities/gwp.hpp"
#include "footprint/quantities/units.hpp"

namespace u = footprint::units;

template <class A, class B>
concept addable = requires(A a, B b) { a + b; };

template <class A, class B>
concept multipliable = requires(A a, B b) { a * b; };

template <class A, class B>
using product_t = decltype(std::declval<A>() * std::declval<B>());

// A kilogram of steel and a kilogram of CO2e are different things.
static_assert(!addable<u::mass, u::co2e>);
static_assert(!addable<u::co2e, u::mass>);
static_assert(addable<u::co2e, u::co2e>);
static_assert(addable<u::mass, u::mass>);

// kg × (kg CO2e/kg) is CO2e; so are kWh × (CO2e/kWh) and tkm × (CO2e/tkm).
static_assert(std::is_same_v<product_t<u::mass, u::co2e_per_mass>, u::co2e>);
static_assert(std::is_same_v<product_t<u::energy, u::co2e_per_energy>, u::co2e>);
static_assert(std::is_same_v<product_t<u::freight_work, u::co2e_per_freight_work>, u::co2e>);
static_assert(std::is_same_v<product_t<u::volume, u::co2e_per_volume>, u::co2e>);

// kWh × (kg CO2e/kg) multiplies (any product of quantities does) but is not
// CO2e, so it cannot be added to an emission or stored as one.
static_assert(!std::is_same_v<product_t<u::energy, u::co2e_per_mass>, u::co2e>);
static_assert(!addable<product_t<u::energy, u::co2e_per_mass>, u::co2e>);
static_assert(!std::is_convertible_v<product_t<u::energy, u::co2e_per_mass>, u::co2e>);

// Freight work is mass × length; energy is not mass.
static_assert(std::is_same_v<product_t<u::mass, u::length>, u::freight_work>);
static_assert(!addable<u::energy, u::mass>);
static_assert(!addable<u::freight_work, u::mass>);

// A gas mass is neither a mass nor CO2e: it reaches CO2e only through a GWP set.
static_assert(!addable<u::gas_mass<u::gas::ch4>, u::co2e>);
static_assert(!addable<u::gas_mass<u::gas::ch4>, u::mass>);
static_assert(!addable<u::gas_mass<u::gas::ch4>, u::gas_mass<u::gas::n2o>>);
static_assert(addable<u::gas_mass<u::gas::ch4>, u::gas_mass<u::gas::ch4>>);
static_assert(!std::is_convertible_v<u::gas_mass<u::gas::co2>, u::co2e>);
static_assert(std::is_same_v<decltype(footprint::gwp_ar6.to_co2e(u::gas_mass<u::gas::ch4>{})), u::co2e>);

// GWP values (IPCC AR4 Table 2.14, AR5 Table 8.A.1, AR6 Table 7.15).
static_assert(footprint::gwp_ar4.gwp(footprint::gas_id::ch4) == 25);
static_assert(footprint::gwp_ar5.gwp(footprint::gas_id::n2o) == 265);
static_assert(footprint::gwp_ar6.gwp(footprint::gas_id::ch4_fossil) == 29.8);
