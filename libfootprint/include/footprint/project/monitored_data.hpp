#pragma once
// The monitored data of one period, as columns: every accepted row of a
// shipment source (a ledger, or a CSV file) whose date lies in the period,
// read once through the shipment_reader, so that the monitoring report's
// summaries and QA/QC checks see exactly the rows statements see. Rows
// outside the period and rows the reader rejects are counted, never
// dropped silently.

#include <cstdint>
#include <string>
#include <vector>

#include "footprint/ingest/shipments.hpp"

namespace footprint {

/// A row the source refused: read from a CSV file, or kept by a ledger's import.
struct quarantined_row {
    std::string shipment_id, error_id, message;
    std::string where;  ///< file:line
};

struct monitored_data {
    shipment_schema schema;
    std::int32_t from_day = 0, to_day = 0;  ///< the period, inclusive
    std::size_t rows = 0;                   ///< rows in the period
    std::vector<std::string> ids;           ///< shipment id per row
    std::vector<std::uint64_t> lines;       ///< the row's line in the source as read (a ledger: its CSV form)
    std::vector<std::vector<double>> numbers;       ///< per column: numbers in the column's declared unit
    std::vector<std::vector<std::int32_t>> codes;   ///< per column: dictionary codes, or days for dates
    std::vector<std::vector<std::string>> dictionaries;  ///< per column
    std::uint64_t rows_read = 0;            ///< accepted rows read, in the period or not
    std::uint64_t outside_period = 0;       ///< accepted rows dated outside the period
    std::uint64_t rejected_on_read = 0;     ///< rows the reader rejected (a ledger holds none)
    /// Rows the source refused: those the reader rejected, and for a ledger the
    /// rows its imports refused (added by the caller, ledger.hpp rejections()),
    /// whatever their date (a refused row's date may be unreadable).
    std::vector<quarantined_row> quarantine;

    /// Column index by name, or -1.
    [[nodiscard]] int column(const std::string& name) const { return schema.find(name); }
    /// The text of a categorical cell (product, region, text, customer).
    [[nodiscard]] const std::string& text(int col, std::size_t row) const {
        return dictionaries[static_cast<std::size_t>(col)][static_cast<std::size_t>(codes[static_cast<std::size_t>(col)][row])];
    }
    [[nodiscard]] bool numeric(int col) const;
};

/// Reads every row of `reader` and keeps the accepted ones dated from
/// `from_day` to `to_day` (inclusive), in the order read (a ledger: shipment-id order).
[[nodiscard]] monitored_data read_monitored_data(shipment_reader& reader, std::int32_t from_day, std::int32_t to_day);

/// "YYYY-MM" of a day.
[[nodiscard]] std::string month_of_day(std::int32_t day);

}  // namespace footprint
