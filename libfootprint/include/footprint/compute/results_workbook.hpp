#pragma once
// compute's results as a spreadsheet (`footprint compute -o NAME.xlsx`): one
// workbook with three sheets,
//
//   summary     the run: shipments file, methodology id, version and digest,
//               GWP set, rows in / accepted / rejected, whether they
//               reconcile, the totals of BE, PE, LE, ER and of each component
//               in g CO2e (and ER in t CO2e), implausible shipments;
//   results     one row per computed shipment, the columns of results.csv:
//               shipment_id, customer_id, date (a date cell), line, BE, PE,
//               LE, ER and each component in g CO2e (numbers), implausible;
//   quarantine  one row per rejected row, the columns of the quarantine CSV:
//               line, shipment_id, error_id, column, field, message,
//               expected, found, record.
//
// Units are in the column headers ("BE (g CO2e)"); amounts are number cells,
// texts are text cells (an id starting with = + - @ stays text), never a
// formula. A sheet over the spreadsheet limit of 1 048 576 rows continues on
// "results 2", "results 3", … Rows are written as they come, in constant
// memory. The workbook is a rendering of the same numbers as the CSV and JSON
// results: it adds nothing and rounds nothing (grams are whole numbers,
// exact as spreadsheet numbers up to 2^53 g).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "footprint/compute/engine.hpp"
#include "footprint/core/atomic_file.hpp"

namespace footprint {

class results_workbook {
public:
    /// A workbook for the results of `p` over the shipments of `source_name`.
    results_workbook(const plan& p, std::string source_name);
    results_workbook(const results_workbook&) = delete;
    results_workbook& operator=(const results_workbook&) = delete;
    ~results_workbook();

    /// The computed rows of `batch` (those with `out.problem == 0`);
    /// `customers` is the reader's dictionary of customer ids.
    void add_results(const shipment_batch& batch, const batch_output& out, const std::vector<std::string>& customers);
    /// Rows rejected when read or by the plan, with their reasons.
    void add_rejects(const std::vector<rejected_row>& rows);
    /// Writes the summary of `report`, then the .xlsx file's bytes to `out`
    /// (a file of the command's output_set); throws `footprint.io.write`
    /// naming the file when it cannot.
    void finish(const compute_report& report, atomic_file& out);

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace footprint
