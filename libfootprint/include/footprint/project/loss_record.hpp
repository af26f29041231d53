#pragma once
// A project's loss record: the reusable units written off per month and
// product, as an operator's asset register holds them. The shipment data
// carry no loss events (a lost unit makes no trip), so the QA/QC check of
// losses against the methodology's annual_loss (qaqc.hpp, `loss`) reads them
// from this file, which the project file names (`loss_record`).
//
// CSV (RFC 4180, UTF-8), a header and one row per month and product:
//
//   month,reusable_product,units_written_off
//   2020-06,foldable-ibc-1000l-pool,291
//
// `month` is YYYY-MM, `reusable_product` a catalog id, `units_written_off` a
// whole number of units, 0 or more. Reading reports every bad row at once
// (footprint.project.loss-record, with file, line, column and field): a
// missing or unknown column, a malformed record, a bad month or count, a
// month and product listed twice.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace footprint {

struct loss_entry {
    std::string month;            ///< YYYY-MM
    std::string reusable_product;
    std::int64_t units_written_off = 0;
    std::uint64_t line = 0;       ///< the row's line in the file
};

struct loss_record {
    std::string name;             ///< the file as the project names it (for messages and the report)
    std::string digest;           ///< SHA-256 of the file's bytes
    std::vector<loss_entry> entries;  ///< in file order
};

/// Reads the loss record at `path`, named `name` in messages; throws one
/// `error` listing every problem.
[[nodiscard]] loss_record read_loss_record(const std::filesystem::path& path, const std::string& name);
/// The same from text (tests).
[[nodiscard]] loss_record parse_loss_record(const std::string& text, const std::string& name);

}  // namespace footprint
