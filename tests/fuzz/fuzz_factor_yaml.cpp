// Fuzz target: factor YAML (load_factor_yaml), then look-ups of every factor
// read, its listing and JSON, and the canonical rows a factor set would store.
// seeds: factors/*.yaml

#include "footprint/factors/factor_report.hpp"
#include "footprint/factors/factor_set.hpp"
#include "fuzz_support.hpp"

using namespace footprint;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = fuzz::as_text(data, size);
    fuzz::run_checked([&] {
        factor_library lib = load_factor_yaml(text, "fuzz.yaml");
        for (const auto& f : lib.factors())
            fuzz::run_checked([&] { (void)lib.lookup(factor_query{f.activity, f.region, f.year_first, f.scope}); });
        factor_view view{lib, gwp_ar6, "fuzz"};
        const auto all = lib.sorted_by_id();
        (void)render_factor_table(view, all);
        (void)render_factor_json(view, all, true);
        (void)canonical_rows(lib);
        factor_set_info info;
        info.name = "fuzz";
        (void)factor_set_digest(info, lib);
    });
    return 0;
}
