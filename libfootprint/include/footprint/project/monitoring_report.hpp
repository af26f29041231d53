#pragma once
// The monitoring report of a CCER project for one monitoring period, as
// canonical JSON with a digest, like a statement (statement.hpp): the same
// project file, methodology, factor sets and shipment source give the same
// bytes. It holds
//
// - the project's implementation in the period: per customer, shipments,
//   trips (units: one trip each), the pool and trips per pooled unit;
// - for every monitored parameter of the methodology, its monitoring-table
//   entry (description, unit, declared range, how it is measured, how often)
//   and its data per month: count, min, max, mean, 10th/50th/90th
//   percentiles (linear interpolation between order statistics, as pandas'
//   quantile), or the count of each value for a categorical parameter, and
//   the rows the source refused for that parameter (missing values and others);
// - the QA/QC checks (qaqc.hpp) with counts and examples;
// - BE, PE, LE and ER per customer for the period, each linked to the
//   customer's statement (built with build_statements) by its digest.
//
// Format `footprint-monitoring-report/2` (format 1: without the washing-share
// check; a report of format 1 is rebuilt as format 1, so it still verifies);
// docs/ccer-project.md lists the fields.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "footprint/plan/inputs.hpp"
#include "footprint/project/project_file.hpp"
#include "footprint/statement/statement.hpp"

namespace footprint {

/// The newest format a report is built in; `verify` rebuilds a report in the format it records.
inline constexpr int newest_monitoring_report_format = 2;
/// "footprint-monitoring-report/N".
[[nodiscard]] std::string monitoring_report_format_name(int format);
/// The format number of a format name, or none when it is not a monitoring report's format footprint reads.
[[nodiscard]] std::optional<int> parse_monitoring_report_format(const std::string& name);

struct monitoring_request {
    std::filesystem::path shipments;  ///< a ledger (.sqlite, by content) or a shipments CSV
    std::int32_t from_day = 0;        ///< first day of the monitoring period, inclusive
    std::int32_t to_day = 0;          ///< last day, inclusive
    int format = newest_monitoring_report_format;  ///< 1: the checks of format 1 only
};

struct monitoring_report_document {
    std::string json;    ///< canonical JSON with `report_digest`
    std::string digest;  ///< SHA-256 of the canonical JSON without `report_digest`
    std::vector<statement_document> statements;  ///< the customers' statements the report links to
};

/// Builds the report. `in` must be bound (in.compiled) with the project's
/// parameters as overrides. Refuses a reversed period
/// (footprint.project.period) and a project that does not fit the methodology
/// and catalog (check_project's problems).
[[nodiscard]] monitoring_report_document build_monitoring_report(const project_description& project,
                                                                 const plan_inputs& in,
                                                                 const monitoring_request& request);

/// SHA-256 of a report's canonical JSON without `report_digest`. Throws
/// footprint.project.report-syntax when `json` is not a monitoring report.
[[nodiscard]] std::string monitoring_report_digest(const std::string& json);

/// A report of record compared with one rebuilt from its inputs.
struct report_verification {
    bool identical = false;   ///< same bytes, and the recorded digest is the content's
    bool digest_ok = false;   ///< the recorded report_digest matches the recorded content
    std::string recorded_digest, computed_digest;
    std::string first_difference;  ///< JSON path of the first differing field (sorted keys), or empty
    std::string expected, found;   ///< the values there (recorded, rebuilt)
};

/// Compares a recorded report with a rebuilt one: digest first, then every field.
[[nodiscard]] report_verification compare_monitoring_reports(const std::string& recorded, const std::string& rebuilt);

/// The request that rebuilds a report: its period, read from the report, over `shipments`.
[[nodiscard]] monitoring_request monitoring_request_of(const std::string& report_json,
                                                       const std::filesystem::path& shipments);

/// Linear-interpolation percentile of sorted values (pandas' default): q in [0, 1].
[[nodiscard]] double percentile_sorted(const std::vector<double>& sorted, double q);

}  // namespace footprint
