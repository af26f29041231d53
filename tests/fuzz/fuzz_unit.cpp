// Fuzz target: unit strings and quantities as data files write them
// ("kg", "t CO2/MWh", "18.1 kg"): parse_unit and parse_measured.
// seeds: tests/fuzz/seeds/unit, the unit and quantity strings of factors/ and the catalog

#include <cmath>

#include "footprint/quantities/unit_registry.hpp"
#include "fuzz_support.hpp"

using namespace footprint;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = fuzz::as_text(data, size);
    const source_location where{"fuzz.yaml", 4, 11, "unit", {}};
    diagnostics out;
    if (auto u = parse_unit(text, where, out)) {
        (void)u->dimension_name();
        (void)preferred_unit(u->dim, u->emission, u->gas);
        if (!std::isfinite(u->to_coherent) || u->to_coherent <= 0)
            fuzz::finding("a unit whose conversion factor is not a positive finite number: '" + text + "'");
        for (int e : {u->dim.mass, u->dim.length, u->dim.time, u->dim.emission, u->dim.count})
            if (e < -max_unit_power || e > max_unit_power)
                fuzz::finding("a unit with a power beyond the limit: '" + text + "'");
    }
    if (auto m = parse_measured(text, where, out))
        if (!std::isfinite(m->coherent()))
            fuzz::finding("a quantity that is not finite in coherent units: '" + text + "'");
    fuzz::check_diagnostics(out);
    fuzz::run_checked([&] { (void)parse_unit(text, where); });
    return 0;
}
