// Look-ups per second from an opened factor set: by id, and by activity +
// region + year with the region/year fallback (the path is built and recorded
// every time, as plan binding gets it). `items_per_second` is look-ups per
// second; the multi-threaded runs show concurrent readers need no locking.
//
// Usage: footprint_bench_lookup [--set=PATH] [benchmark flags]
// Default set: the bundled one in the build tree; if it is missing, a set is
// built from the source tree's factors/ into a temporary file first.

#include <benchmark/benchmark.h>

#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "footprint/factors/factor_set.hpp"

namespace {

std::string set_path = FOOTPRINT_BENCH_SET;

const footprint::factor_set& opened_set() {
    static const std::unique_ptr<footprint::factor_set> set = [] {
        std::filesystem::path p = set_path;
        if (!std::filesystem::exists(p)) {
            p = std::filesystem::temp_directory_path() / "footprint-bench-default.sqlite";
            (void)footprint::build_factor_set(std::filesystem::path(FOOTPRINT_SOURCE_DIR) / "factors", p);
        }
        return std::make_unique<footprint::factor_set>(footprint::factor_set::open(p));
    }();
    return *set;
}

void find_by_id(benchmark::State& state) {
    const auto& set = opened_set();
    const std::string id = "cn.grid.2023.east.mee-nbs";
    for (auto _ : state) benchmark::DoNotOptimize(set.find(id));
    state.SetItemsProcessed(state.iterations());
    state.SetLabel("look-ups");
}

void lookup(benchmark::State& state, const footprint::factor_query& q, std::size_t path_steps) {
    const auto& set = opened_set();
    if (set.lookup(q).path.size() != path_steps) {
        state.SkipWithError("unexpected fallback path; the bundled set changed");
        return;
    }
    for (auto _ : state) benchmark::DoNotOptimize(set.lookup(q));
    state.SetItemsProcessed(state.iterations());
    state.SetLabel("look-ups");
}

// Exact: CN-East has a 2023 grid factor.
void lookup_exact(benchmark::State& state) { lookup(state, {"electricity.grid", "CN-East", 2023, ""}, 1); }
// A province with no factor of its own: CN-Jiangsu → CN-East.
void lookup_province_fallback(benchmark::State& state) {
    lookup(state, {"electricity.grid", "CN-Jiangsu", 2023, ""}, 2);
}
// Four regions up and a year back: CN-Jiangsu → CN-East → CN → GLO, 2024 → 2022.
void lookup_glo_year_fallback(benchmark::State& state) {
    lookup(state, {"material.steel", "CN-Jiangsu", 2024, ""}, 4);
}

}  // namespace

BENCHMARK(find_by_id);
BENCHMARK(find_by_id)->Threads(2);
BENCHMARK(lookup_exact);
BENCHMARK(lookup_province_fallback);
BENCHMARK(lookup_province_fallback)->Threads(2);
BENCHMARK(lookup_glo_year_fallback);

int main(int argc, char** argv) {
    // Our own flag first; the rest belong to Google Benchmark.
    int kept = 1;
    for (int i = 1; i < argc; ++i) {
        if (std::strncmp(argv[i], "--set=", 6) == 0)
            set_path = argv[i] + 6;
        else
            argv[kept++] = argv[i];
    }
    argc = kept;
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    try {
        (void)opened_set();
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
