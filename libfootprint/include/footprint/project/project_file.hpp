#pragma once
// A CCER project as data: what a project design document (PDD) states about
// a reusable-packaging project before any trip is monitored. The methodology
// it applies (id@version), the customers and their packaging lines (pool of
// reusable units, the single-use packaging replaced, depots, vehicle class,
// the distributions of loaded and return distances, the share of trips
// washed), the start date and crediting period, scenario values of the
// methodology's fixed parameters, and the project-specific QA/QC thresholds
// the monitoring report applies (format: docs/ccer-project.md).
//
// Values the methodology declares (ranges of monitored parameters, cycles a
// year, yearly loss) are not repeated here: they are read from the
// methodology, with the project's `parameters` as scenario values where
// given (the same as `--set NAME=VALUE`, recorded in every statement).
//
// Loading reports every problem of the file at once, each with file, line,
// column and field (footprint.project.*, footprint.yaml.*); check_project
// then checks the file against the methodology and catalog it names.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "footprint/core/error.hpp"
#include "footprint/factors/region.hpp"
#include "footprint/methodology/methodology.hpp"
#include "footprint/factors/factor_distribution.hpp"
#include "footprint/products/catalog.hpp"

namespace footprint {

/// A distance as the project plans it, in km.
struct distance_distribution {
    enum class kind : unsigned char {
        fixed,           ///< every trip `value` km
        uniform,         ///< uniform from `min` to `max` km
        share_of_loaded  ///< return only: the loaded distance times a share uniform from `min` to `max`
    };
    kind k = kind::fixed;
    double value = 0, min = 0, max = 0;
    source_location where;
    /// The mean distance in km; `loaded_mean` is the loaded leg's mean (for share_of_loaded).
    [[nodiscard]] double mean(double loaded_mean) const;
    [[nodiscard]] std::string describe() const;
};

/// One customer's packaging line.
struct project_customer {
    std::string id;
    std::string reusable_product, baseline_product;
    std::int64_t pool_size = 0;  ///< reusable units in service for this customer
    double washed_share = 1;     ///< share of trips washed after return (0..1)
    /// `washed_share_uncertainty:` (a multiplier of washed_share, read as a catalog quantity's; its
    /// 0.01 % … 99.99 % span stays within 0 … 1): drawn by the estimate's Monte Carlo. None: held.
    std::optional<factor_distribution> washed_share_distribution;
    std::map<std::string, double> grid_regions;  ///< depot grid region -> weight (normalised to shares)
    std::string vehicle_class;   ///< empty: the methodology's default
    distance_distribution loaded_distance, return_distance;
    source_location where;
};

/// Project-specific thresholds of the QA/QC checks (docs/ccer-project.md).
struct qaqc_thresholds {
    double outlier_z = 3.5;          ///< robust z (|x - median| / (1.4826 MAD)) above which a distance is an outlier
    double return_ratio_min = 0;     ///< return distance / loaded distance, lowest plausible
    double return_ratio_max = 1.5;   ///< highest plausible
    double cycle_ratio_max = 1.5;    ///< a month's trips per pooled unit (annualised) / cycles a year, highest plausible
    int max_gap_days = 7;            ///< days without a shipment of a customer above which a gap is reported
    int examples = 10;               ///< examples listed per check
    double estimate_deviation = 0.1; ///< monitored vs ex-ante share above which a deviation needs an explanation
    /// |a customer's monthly share of washed trips - its washed_share| above which the month is flagged;
    /// unset: default_washed_share_tolerance (kept apart so that a file without it keeps its canonical JSON).
    std::optional<double> washed_share_tolerance;
    static constexpr double default_washed_share_tolerance = 0.1;
    /// A month's units written off per pooled unit, annualised, / annual_loss above which the month is flagged;
    /// unset: default_loss_ratio_max (as washed_share_tolerance, in the canonical JSON only when set).
    std::optional<double> loss_ratio_max;
    static constexpr double default_loss_ratio_max = 1.5;
};

struct project_description {
    std::string id;
    bilingual title;
    std::string owner;
    std::string methodology;  ///< id@version
    std::map<std::string, double> parameters;  ///< scenario values of fixed parameters, declared units
    std::int32_t start_day = 0;                ///< first day of the crediting period
    int crediting_years = 0;
    std::vector<project_customer> customers;
    qaqc_thresholds qaqc;
    /// The loss record (loss_record.hpp) as the file names it, relative to the project file; empty: none.
    std::string loss_record;
    std::string file;

    [[nodiscard]] const project_customer* find_customer(const std::string& id) const;
    /// Reusable units in service per reusable product (sum over customers).
    [[nodiscard]] std::map<std::string, std::int64_t> pool_by_product() const;
    /// Last day of the crediting period (inclusive).
    [[nodiscard]] std::int32_t end_day() const;
    /// Where the loss record is: `loss_record` relative to the project file's folder (empty when none).
    [[nodiscard]] std::filesystem::path loss_record_path() const;
};

/// Reads a project file; every problem is reported in one `error`.
[[nodiscard]] project_description load_project_file(const std::filesystem::path& file);
[[nodiscard]] project_description load_project_yaml(const std::string& yaml, const std::string& name = "<yaml>");

/// The project against the methodology and catalog it is used with: the
/// methodology is the one named, parameters are its fixed parameters,
/// products are in the catalog (reusable and single-use as the methodology's
/// applicability asks), regions in the region tree, vehicle classes in the
/// catalog. Returns every problem (footprint.project.*).
[[nodiscard]] diagnostics check_project(const project_description& p, const methodology& m, const catalog& products,
                                        const region_tree& regions);

/// The project as canonical JSON text (sorted keys, numbers as shortest
/// decimal strings): what the monitoring report and the estimate record,
/// and hash. `with_loss_record` false leaves out `loss_record` and
/// `qaqc.loss_ratio_max` (a monitoring report of format 1, which does not read them).
[[nodiscard]] std::string project_canonical_json(const project_description& p, bool with_loss_record = true);

}  // namespace footprint
