// Must not compile with FOOTPRINT_SHOULD_FAIL: a mass plus a CO2e mass.
// Without it, the same file compiles, proving the failure is the line below.
#include "footprint/quantities/units.hpp"
int main() {
    namespace u = footprint::units;
    u::mass steel = 18.1 * u::kilogram;
    u::co2e e = 1.0 * u::kg_co2e;
#ifdef FOOTPRINT_SHOULD_FAIL
    auto nonsense = steel + e;
    (void)nonsense;
#endif
    (void)steel;
    (void)e;
}
