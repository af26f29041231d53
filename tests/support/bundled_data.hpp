#pragma once
// The bundled factors and catalog, read once from the source tree for every
// unit test that binds a methodology to them (FOOTPRINT_SOURCE_DIR is set by
// tests/CMakeLists.txt). One copy keeps the tests' fixtures from drifting
// apart and the unit test binary from reading the same YAML many times.

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "footprint/factors/factor_library.hpp"
#include "footprint/methodology/methodology.hpp"
#include "footprint/plan/plan.hpp"
#include "footprint/products/catalog.hpp"

namespace footprint::testing {

inline const std::filesystem::path source_dir = FOOTPRINT_SOURCE_DIR;

struct bundled_data {
    std::shared_ptr<factor_library> factors =
        std::make_shared<factor_library>(load_factor_directory(source_dir / "factors"));
    std::shared_ptr<catalog> products =
        std::make_shared<catalog>(load_catalog_directory(source_dir / "methodologies" / "catalog", factors.get()));

    /// `m` bound to the bundled data with GWP AR6 and `overrides`.
    [[nodiscard]] plan bind(const methodology& m, std::map<std::string, double> overrides = {}) const {
        return plan::bind(m, plan_options{factors, products, &gwp_ar6, std::move(overrides)});
    }
    /// The methodology file `name` under methodologies/, bound the same way.
    [[nodiscard]] plan bind(const std::string& name, std::map<std::string, double> overrides = {}) const {
        return bind(load_methodology(source_dir / "methodologies" / name), std::move(overrides));
    }
};

/// The one copy, read on first use.
inline const bundled_data& bundled() {
    static const bundled_data b;
    return b;
}

}  // namespace footprint::testing
