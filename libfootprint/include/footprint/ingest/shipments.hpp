#pragma once
// Shipments: the monitored data, as columns.
//
// The columns of a shipment table are the core columns every statement needs
// (shipment_id, customer_id, date) plus the parameters a methodology declares
// as monitored. A header may carry a column's unit (`return_distance[mi]`):
// values are converted to the parameter's unit at the edge. Each input row is
// either accepted into a `shipment_batch` or rejected with a reason (line,
// column, value, expected); nothing is dropped, rounded or clipped.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "footprint/products/catalog.hpp"
#include "footprint/ingest/csv_reader.hpp"
#include "footprint/ingest/detail/id_set.hpp"
#include "footprint/core/calendar.hpp"
#include "footprint/core/error.hpp"
#include "footprint/methodology/methodology.hpp"
#include "footprint/plan/plan.hpp"
#include "footprint/factors/region.hpp"

namespace footprint {

/// One column of the shipment table.
struct shipment_column {
    std::string name;
    parameter_type type = parameter_type::number;
    unit_spec unit;                 ///< the unit values are stored in (coherent) and declared in
    std::optional<double> minimum;  ///< in the declared unit
    std::optional<double> maximum;
    bool required = true;
    int plan_input = -1;            ///< index into plan::inputs(), or -1 for a core-only column
    std::string default_value;      ///< a text column's value when the input has no such column (empty: required)
    std::vector<std::string> values;  ///< a text column's accepted values (empty: any)
};

/// The columns a methodology needs, core columns first.
struct shipment_schema {
    std::vector<shipment_column> columns;
    [[nodiscard]] static shipment_schema for_plan(const plan& p);
    [[nodiscard]] int find(const std::string& name) const;
};

inline constexpr int column_shipment_id = 0;
inline constexpr int column_customer_id = 1;
inline constexpr int column_date = 2;

/// Accepted rows, column by column. Categorical columns are codes into
/// dictionaries shared by every batch of one reader.
struct shipment_batch {
    std::size_t rows = 0;
    std::vector<std::string> shipment_ids;
    std::vector<std::uint64_t> lines;               ///< source line of each row
    std::vector<std::vector<double>> numbers;       ///< per column (numeric columns)
    std::vector<std::vector<std::int32_t>> codes;   ///< per column (categorical: codes; date: days)
    std::vector<std::string> canonical;             ///< per row: the canonical CSV line (digests, ledger), when kept
    /// per column (numeric columns): the values in the declared unit, as written when the
    /// header names that unit; when kept (options::keep_declared, for readers handing rows on)
    std::vector<std::vector<double>> declared;
    void clear();
};

/// A row that was not accepted, with why.
struct rejected_row {
    std::uint64_t line = 0;
    std::string shipment_id;  ///< when it could be read
    diagnostic problem;
    std::string raw;          ///< the record as it was in the file (empty when unreadable)
    /// The row's customer when its field could be read: a well-formed record
    /// with the header's fields whose customer_id is visible UTF-8 text;
    /// empty otherwise. Statements (format 2) count a rejected row in its
    /// customer's statement.
    std::string customer_id;
};

struct ingest_counts {
    std::uint64_t rows_in = 0;
    std::uint64_t accepted = 0;
    std::uint64_t rejected = 0;
    std::uint64_t bytes = 0;
};

/// Hash and equality that accept std::string and std::string_view alike, so
/// that a look-up by a view into the input does not build a string.
struct text_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

/// Records that are not read from a CSV file: the first is the header, each
/// other one a row, with its fields, line and raw text as csv_reader gives
/// them (views valid until the next call). The ledger's stored rows reach a
/// shipment_reader this way, row by row (ledger.hpp).
class record_source {
public:
    virtual ~record_source() = default;
    /// The next record; false at the end.
    virtual bool next(csv_record& out) = 0;
    [[nodiscard]] virtual const std::string& name() const = 0;
    [[nodiscard]] virtual std::uint64_t bytes_read() const = 0;
};

/// Reads shipments from CSV into batches. The header is checked when the
/// reader is made: a missing or extra column, a unit in the header that does
/// not fit its parameter, an empty file or an unreadable header stop
/// everything with one error listing every problem.
class shipment_reader {
public:
    struct options {
        /// Rows per batch: 8192 keeps a batch (~4.5 MB of columns, outputs and texts) in
        /// cache, with the engine as fast as at 65536 (docs/performance.md).
        std::size_t batch_rows = 8192;
        bool keep_canonical = false;  ///< keep each row's canonical text (for digests and the ledger)
        bool keep_declared = false;   ///< keep numeric values in their declared unit too (shipment_batch::declared)
        /// Shipment ids already known (for example, in the ledger): a row with one is rejected.
        std::shared_ptr<const std::unordered_set<std::string>> known_ids;
    };

    shipment_reader(csv_reader csv, shipment_schema schema, std::shared_ptr<const catalog> products,
                    std::shared_ptr<const region_tree> regions, options opts);
    shipment_reader(csv_reader csv, shipment_schema schema, std::shared_ptr<const catalog> products,
                    std::shared_ptr<const region_tree> regions)
        : shipment_reader(std::move(csv), std::move(schema), std::move(products), std::move(regions), options{}) {}
    /// Reads rows handed over by `records` (the ledger's), checked exactly as CSV rows are.
    shipment_reader(std::unique_ptr<record_source> records, shipment_schema schema,
                    std::shared_ptr<const catalog> products, std::shared_ptr<const region_tree> regions, options opts);

    /// Fills `out` with up to batch_rows accepted rows and appends rejected
    /// rows to `rejects`. Returns false when the input is exhausted and
    /// nothing was read.
    bool next(shipment_batch& out, std::vector<rejected_row>& rejects);

    [[nodiscard]] const shipment_schema& schema() const { return schema_; }
    [[nodiscard]] const ingest_counts& counts() const { return counts_; }
    [[nodiscard]] const std::vector<std::string>& dictionary(int column) const {
        return dictionaries_[static_cast<std::size_t>(column)];
    }
    /// The batch as plan input: one column_view per plan input.
    [[nodiscard]] batch_input plan_view(const shipment_batch& b) const;
    [[nodiscard]] const std::string& source_name() const { return records_->name(); }

private:
    bool accept(const csv_record& rec, shipment_batch& out, std::vector<rejected_row>& rejects);
    void check_fields(const csv_record& rec, const std::string& shipment, std::vector<diagnostic>& problems);

    std::unique_ptr<record_source> records_;  // a CSV file's records, or rows handed over
    shipment_schema schema_;
    std::shared_ptr<const catalog> products_;
    std::shared_ptr<const region_tree> regions_;
    options opts_;
    std::vector<int> field_of_column_;      // header position of each schema column
    std::size_t header_fields_ = 0;         // fields in the header: every row must have as many
    std::vector<double> header_scale_;      // unit conversion from the header's unit to coherent
    std::vector<std::vector<std::string>> dictionaries_;
    std::vector<std::unordered_map<std::string, std::int32_t, text_hash, std::equal_to<>>> dictionary_index_;
    detail::id_set seen_ids_;
    ingest_counts counts_;
    std::string canonical_scratch_;
    struct parsed_value {
        double number;      // coherent units
        double declared;    // in the column's declared unit, for the canonical row
        std::int32_t code;  // dictionary code, or days for dates; -1: not yet in the dictionary
        std::string_view text;
    };
    std::vector<parsed_value> scratch_;
};

/// The CSV header of canonical rows: the schema's column names in order.
[[nodiscard]] std::string canonical_header(const shipment_schema& schema);


}  // namespace footprint
