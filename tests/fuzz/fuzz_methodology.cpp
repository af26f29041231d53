// Fuzz target: methodology YAML (load_methodology_yaml), then binding to the
// bundled factors and catalog (plan::bind) and evaluation of a few rows.
// seeds: methodologies/*.yaml

#include "fuzz_support.hpp"

using namespace footprint;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = fuzz::as_text(data, size);
    const auto& b = fuzz::bundled_data();
    fuzz::run_checked([&] {
        methodology m = load_methodology_yaml(text, "fuzz.yaml");
        (void)canonical_text(m);
        plan p = plan::bind(m, plan_options{b.factors, b.products, &gwp_ar6, {}});
        (void)p.derivation();
        fuzz::evaluate_sample_rows(p);
    });
    return 0;
}
