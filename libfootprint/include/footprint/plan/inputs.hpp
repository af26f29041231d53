#pragma once
// The inputs of a plan, opened in one place: the data root, the factor sets
// (a base and the overlays stacked on it), the packaging catalog and the
// methodology (a bundled id, `id@version` of an archived one, or a file),
// then bound into a plan. The command, the C++ service example and the
// Python package all open their inputs here, so that a default, a search
// path or an error is the same whichever face is used.
//
// Defaults, for what a request leaves empty:
//   data root      default_data_dir() (`FOOTPRINT_DATA_DIR`, else the installed share/footprint)
//   base set       default_factor_set_path() (the bundled set under default_data_dir(); the
//                  data root of the request does not move it, as `--data` never did)
//   catalog        <data>/methodologies/catalog
//   methodologies  <data>/methodologies (ids and `id@version` are looked up there, archive/ included)
//   GWP set        the base set's default
//
// Every error names where: the factor set file (`footprint.io.read`,
// `footprint.factorset.*`), the catalog directory or file
// (`footprint.io.read`, `footprint.catalog.*`), the methodology
// (`footprint.methodology.unknown` listing the bundled ids,
// `footprint.io.read`, `footprint.methodology.*`), the GWP set
// (`footprint.plan.options` at field `gwp` of the request's origin) and the
// binding (`footprint.plan.*`).

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "footprint/factors/factor_library.hpp"
#include "footprint/factors/factor_set.hpp"
#include "footprint/factors/region.hpp"
#include "footprint/methodology/methodology.hpp"
#include "footprint/plan/plan.hpp"
#include "footprint/products/catalog.hpp"

namespace footprint {

/// What a caller asks for; an empty field means its default (above).
struct input_request {
    std::filesystem::path data;                    ///< data root holding factors/ and methodologies/
    std::filesystem::path factor_set;              ///< base factor set (.sqlite)
    std::vector<std::filesystem::path> overlays;   ///< stacked on the base; a later one takes precedence
    std::filesystem::path catalog;                 ///< directory of catalog YAML files
    std::string methodology;                       ///< bundled id, `id@version`, or a methodology file
    std::string gwp;                               ///< "AR4", "AR5" or "AR6"
    std::map<std::string, double> overrides;       ///< scenario values of fixed parameters, declared units
    std::string origin = "<input>";                ///< the file of the request's own errors ("<command line>", "<python>")
};

/// Where each input is, defaults filled in (no file is read).
struct input_paths {
    std::filesystem::path data;
    std::filesystem::path factor_sources;  ///< <data>/factors: the reviewed factor YAML
    std::filesystem::path methodologies;   ///< <data>/methodologies
    std::filesystem::path catalog;
    std::filesystem::path factor_set;
    std::vector<std::filesystem::path> overlays;
};

[[nodiscard]] input_paths resolve_input_paths(const input_request& request);

/// A base factor set and the overlays stacked on it, opened and verified
/// against their digests.
struct factor_stack {
    std::vector<factor_set> sets;  ///< base first, then the overlays in precedence order
    factor_library library;        ///< the stack, as look-ups see it
};

[[nodiscard]] factor_stack open_factor_stack(const std::filesystem::path& base,
                                             const std::vector<std::filesystem::path>& overlays);

/// The opened inputs and, once bound, the plan.
struct plan_inputs {
    input_paths paths;
    std::vector<factor_set> factor_sets;              ///< base first, then the overlays
    std::shared_ptr<const factor_library> factors;    ///< the stack
    std::shared_ptr<const region_tree> regions;       ///< the stack's regions
    std::shared_ptr<const catalog> products;
    methodology method;
    std::shared_ptr<const plan> compiled;             ///< null until bound

    /// What each factor set says about itself, base first (what statements record).
    [[nodiscard]] std::vector<factor_set_info> factor_set_infos() const;
};

/// Opens the factor sets, then the catalog (checked against the factors),
/// then the methodology; does not bind.
[[nodiscard]] plan_inputs open_inputs_unbound(const input_request& request);

/// Binds `in.method` to its factors and catalog with `gwp` (empty: the base
/// set's default) and `overrides`; sets `in.compiled`.
void bind_plan(plan_inputs& in, const std::string& gwp, const std::map<std::string, double>& overrides,
               const std::string& origin = "<input>");

/// open_inputs_unbound, then bind_plan with the request's GWP and overrides.
[[nodiscard]] plan_inputs open_inputs(const input_request& request);

}  // namespace footprint
