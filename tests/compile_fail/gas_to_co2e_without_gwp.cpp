// Must not compile with FOOTPRINT_SHOULD_FAIL: a methane mass used as CO2e without a GWP set.
#include "footprint/quantities/gwp.hpp"
int main() {
    namespace u = footprint::units;
    u::gas_mass<u::gas::ch4> methane(2.0 * u::kilogram);
    u::co2e ok = footprint::gwp_ar6.to_co2e(methane);
#ifdef FOOTPRINT_SHOULD_FAIL
    u::co2e wrong = methane;
    (void)wrong;
#endif
    (void)ok;
}
