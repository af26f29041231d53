#pragma once
// QA/QC of monitored data: checks run on the rows of one monitoring period
// (monitored_data.hpp) that flag values a verifier would question. A check
// never drops or changes a row: it counts what it flags and lists examples
// (shipment id, the row's line, what is wrong). Thresholds the methodology
// declares (ranges of monitored parameters, cycles a year) are read from the
// methodology, with the project's scenario values; project-specific
// thresholds come from the project file (`qaqc:`). The checks and their rules
// are documented in docs/ccer-project.md:
//
//   range.<parameter>        a value outside the methodology's declared range
//                            (accepted rows; rows the ledger's import refused for
//                            it are counted apart, from the ledger's quarantine)
//   outlier.<distance>       robust z = |x - median| / (1.4826 MAD) above
//                            qaqc.outlier_z, against the customer's own distances
//   return-vs-loaded         return / loaded distance outside qaqc.return_to_loaded
//   project-line             a row of a customer the project does not list, or with
//                            other products than the customer's line
//   units-vs-pool            more units in one shipment than the customer's pool
//   cycles                   a month's trips per pooled unit, annualised, above
//                            cycles_per_year x qaqc.cycle_ratio_max
//   gaps                     more than qaqc.max_gap_days without a shipment of a
//                            listed customer (period start and end included)
//   duplicates               rows equal in every column but the shipment id
//   washing-share            a customer's month whose share of washed trips (units
//                            of washed shipments / units) differs from the
//                            customer's washed_share by more than
//                            qaqc.washed_share_tolerance (the methodology declares no share)
//   loss                     a reusable product's month (and the period) whose units
//                            written off (the project's loss record, loss_record.hpp)
//                            per pooled unit, annualised, exceed annual_loss x
//                            qaqc.loss_ratio_max; a month without an entry; an entry
//                            of a product with no pool. Not applicable without a
//                            loss record: the shipment data carry no loss events

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "footprint/methodology/methodology.hpp"
#include "footprint/project/loss_record.hpp"
#include "footprint/project/monitored_data.hpp"
#include "footprint/project/project_file.hpp"

namespace footprint {

struct qaqc_example {
    std::string shipment_id;  ///< empty for a check over groups (a month, a gap)
    std::string where;        ///< the row's source, e.g. "shipments.csv:42" (or the ledger line)
    std::string detail;       ///< what is wrong, with the values
};

struct qaqc_check {
    std::string id;           ///< e.g. "outlier.loaded_distance"
    std::string parameter;    ///< monitored parameter(s) checked
    std::string rule;         ///< the rule in words
    std::string threshold;    ///< the threshold and where it comes from
    std::uint64_t checked = 0;  ///< rows (or groups) checked
    std::uint64_t flagged = 0;  ///< rows (or groups) flagged
    std::uint64_t quarantined = 0;  ///< rows refused at import for this reason (range checks; ledger only)
    bool applicable = true;   ///< false when the data do not carry what the check needs (then `rule` says why)
    std::vector<qaqc_example> examples;  ///< the first qaqc.examples flagged, in row order
};

struct qaqc_context {
    const methodology* method = nullptr;
    const project_description* project = nullptr;
    /// Where a shipment's row came from (file:line); by default the row's line in the source as read.
    std::function<std::string(std::size_t row)> origin;
    /// The checks of monitoring-report format 1 (no washing-share and loss checks) when 1; every check when 2.
    int checks_of_format = 2;
    /// The project's loss record, or none (the loss check is then not applicable).
    const loss_record* losses = nullptr;
};

/// The value a fixed parameter has in the project: its scenario value when the project sets one, else the methodology's.
[[nodiscard]] double project_parameter(const methodology& m, const project_description& p, const std::string& name);

/// Runs every check on `data`, in the order listed above.
[[nodiscard]] std::vector<qaqc_check> run_qaqc(const monitored_data& data, const qaqc_context& context);

/// Robust z of each value against the values' median and median absolute
/// deviation (MAD scaled by 1.4826, the normal consistency constant); when the
/// MAD is 0, the mean absolute deviation scaled by 1.2533 (Iglewicz and
/// Hoaglin, 1993); 0 for every value when both are 0.
[[nodiscard]] std::vector<double> robust_z(const std::vector<double>& values);

}  // namespace footprint
