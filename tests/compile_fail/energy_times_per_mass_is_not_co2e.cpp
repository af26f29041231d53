// Must not compile with FOOTPRINT_SHOULD_FAIL: kWh × (kg CO2e/kg) stored as CO2e.
#include "footprint/quantities/units.hpp"
int main() {
    namespace u = footprint::units;
    u::energy power = 12.0 * u::kilowatt_hour;
    u::co2e_per_mass ef = u::co2e_per_mass::from_value(1.91);
    u::mass steel = 18.1 * u::kilogram;
    u::co2e ok = steel * ef;  // kg × kg CO2e/kg is CO2e
#ifdef FOOTPRINT_SHOULD_FAIL
    u::co2e wrong = power * ef;
    (void)wrong;
#endif
    (void)power;
    (void)ok;
}
