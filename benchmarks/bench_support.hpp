#pragma once
// What the shipment benchmarks share: the pinned methodology bound the way
// `footprint compute` binds it (bundled factor set, catalog from the source
// tree, the set's default GWP), and a sample file made by the same generator
// as `footprint sample`. For the benchmarks only.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "footprint/products/catalog.hpp"
#include "footprint/factors/factor_set.hpp"
#include "footprint/methodology/methodology.hpp"
#include "footprint/plan/plan.hpp"
#include "footprint/factors/region.hpp"
#include "footprint/ingest/sample_data.hpp"

namespace footprint::bench {

/// Where the inputs are; the defaults are the source and build trees.
struct data_paths {
    std::filesystem::path source = FOOTPRINT_SOURCE_DIR;  ///< holds methodologies/
    std::filesystem::path set = FOOTPRINT_BENCH_SET;      ///< the bundled factor set
    /// `id@version`, found as `footprint -m` finds it (the bundled file if its version matches,
    /// else `methodologies/archive/<id>-<version>.yaml`): pinned, so that the arithmetic the
    /// pandas and DuckDB references repeat does not change under them when a new version is bundled.
    std::string methodology = "reusable-packaging-reduction@2.0.0";
};

/// A bound plan and what shipment ingest needs beside it.
struct bound_plan {
    std::shared_ptr<const factor_library> factors;
    std::shared_ptr<const catalog> products;
    std::shared_ptr<const region_tree> regions;
    std::unique_ptr<plan> compiled;
};

inline bound_plan bind_bundled(const data_paths& d) {
    bound_plan b;
    factor_set set = factor_set::open(d.set);
    b.factors = std::make_shared<factor_library>(stack_factor_sets(set, {}));
    b.products = std::make_shared<catalog>(load_catalog_directory(d.source / "methodologies" / "catalog", b.factors.get()));
    b.regions = std::make_shared<region_tree>(b.factors->regions());
    methodology m = find_methodology(d.source / "methodologies", d.methodology);
    b.compiled = std::make_unique<plan>(plan::bind(m, plan_options{b.factors, b.products, &set.default_gwp(), {}}));
    return b;
}

/// `footprint sample --rows N` into the temporary directory, once per row count.
inline std::filesystem::path sample_file(std::uint64_t rows) {
    auto p = std::filesystem::temp_directory_path() / ("footprint-bench-" + std::to_string(rows) + ".csv");
    if (!std::filesystem::exists(p)) {
        sample_options o;
        o.rows = rows;
        (void)write_sample_shipments(p, o);
    }
    return p;
}

}  // namespace footprint::bench
