#pragma once
// Shipments handed over as columns in memory instead of CSV: a pandas
// DataFrame (through the Python bindings), Arrow arrays, or a service's own
// buffers. The same checks as the CSV ingest (shipments.hpp), with the same
// error ids and messages, so that a row is accepted or rejected for the same
// reason whichever way it arrives:
//
// - column names are matched against the plan's schema and may carry a unit
//   (`loaded_distance[mi]`); a missing, duplicate or extra column, a unit that
//   does not fit, or a column whose storage cannot hold its parameter (dates
//   in a float column) stops everything with one error listing them all
//   (`footprint.shipment.*-column`, `footprint.shipment.header-unit`,
//   `footprint.frame.dtype`);
// - every row is then accepted or rejected with its reason: missing value
//   (NaN, NaT, None, empty text), not finite, not a number, not an integer,
//   negative, out of range, not a flag, not a date, unknown product or
//   region, duplicate or missing shipment id.
//
// Storage per column: float64 (NaN is a missing value, as an empty CSV
// field), int64, datetime64[ns] (NaT missing), dictionary codes of 1, 2 or 4
// bytes into category texts (negative: missing; pandas' Categorical codes as
// they are) or one text per row (a view with a null data pointer: missing). Texts are read exactly as CSV fields are: trimmed of spaces and
// tabs, numbers with std::from_chars, dates as YYYY-MM-DD, flags 1/0,
// true/false, yes/no. A category is checked once, not once per row.
//
// Rows are read in batches, like shipment_reader: `next` checks rows until a
// batch is full and hands the accepted ones to the plan (plan_view) as
// numbers in coherent units and categorical columns dictionary-encoded in
// order of first appearance among accepted rows, as the CSV reader does, so
// plans resolve the same table entries. A float64 column already in coherent
// units reaches the plan without a copy when no row of the batch was rejected.
//
// The frame's memory (and the texts it points to) must outlive the
// frame_shipments made from it. The checks live in src/compute/frame*.cpp
// (src/compute/detail/frame_reader.hpp).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "footprint/compute/engine.hpp"
#include "footprint/core/error.hpp"
#include "footprint/factors/region.hpp"
#include "footprint/ingest/shipments.hpp"
#include "footprint/plan/plan.hpp"
#include "footprint/products/catalog.hpp"

namespace footprint {

/// How a column's values are stored.
enum class frame_storage : unsigned char { float64, int64, datetime64_ns, codes, texts, unsupported };

/// One column: a name (which may carry a unit) and a pointer to `rows` values.
struct frame_column {
    std::string name;
    frame_storage storage = frame_storage::float64;
    const double* float64 = nullptr;              ///< NaN: missing
    const std::int64_t* int64 = nullptr;          ///< integers (never missing)
    const std::int64_t* datetime64_ns = nullptr;  ///< ns since 1970-01-01; INT64_MIN (NaT): missing
    const void* codes = nullptr;                  ///< into `categories`; negative: missing
    unsigned char code_width = 4;                 ///< bytes per code: 1, 2 or 4 (signed)
    std::vector<std::string_view> categories;
    const std::string_view* texts = nullptr;      ///< per row; data() == nullptr: missing
    std::string dtype;                            ///< the caller's name of the type, for messages

    [[nodiscard]] std::int32_t code_at(std::size_t r) const {
        switch (code_width) {
            case 1: return static_cast<const std::int8_t*>(codes)[r];
            case 2: return static_cast<const std::int16_t*>(codes)[r];
            default: return static_cast<const std::int32_t*>(codes)[r];
        }
    }
};

struct frame_view {
    std::string name = "<frame>";  ///< used as the file in locations
    std::size_t rows = 0;
    std::vector<frame_column> columns;
};

/// A row that was not accepted (by the checks, or by the plan), with why.
struct frame_reject {
    std::size_t row = 0;      ///< 0-based position in the frame
    std::string shipment_id;  ///< when it could be read
    diagnostic problem;
};

/// Accepted rows of one batch, column by column (schema order).
struct frame_batch {
    std::size_t rows = 0;
    std::vector<std::uint32_t> row;                 ///< frame position of each accepted row
    std::vector<std::vector<double>> numbers;       ///< numeric columns, coherent units
    std::vector<std::vector<std::int32_t>> codes;   ///< categorical: dictionary codes; date: days
    bool contiguous = false;                        ///< row[i] == row[0] + i (nothing rejected in between)
    void clear() {
        rows = 0;
        row.clear();
        for (auto& c : numbers) c.clear();
        for (auto& c : codes) c.clear();
        contiguous = false;
    }
};

namespace detail {
class frame_reader;
}  // namespace detail

/// A frame checked against a plan's shipment schema, read in batches.
class frame_shipments {
public:
    /// Checks the columns; throws one `error` listing every column problem.
    frame_shipments(const frame_view& frame, shipment_schema schema, std::shared_ptr<const catalog> products,
                    std::shared_ptr<const region_tree> regions);
    frame_shipments(frame_shipments&&) noexcept;
    frame_shipments& operator=(frame_shipments&&) noexcept;
    ~frame_shipments();

    [[nodiscard]] const shipment_schema& schema() const;
    [[nodiscard]] const std::string& name() const;
    [[nodiscard]] std::size_t rows_in() const;
    [[nodiscard]] std::size_t rows_read() const;
    [[nodiscard]] std::size_t accepted() const;
    [[nodiscard]] std::size_t rejected() const;
    /// Dictionary of a categorical schema column (first appearance among accepted rows).
    [[nodiscard]] const std::vector<std::string>& dictionary(int column) const;
    /// The shipment id of frame row `row` (trimmed), as the frame holds it.
    [[nodiscard]] std::string_view shipment_id(std::size_t row) const;

    /// Checks the next `batch_rows` rows (fewer at the end of the frame): the
    /// accepted ones form the batch, the others are appended to `rejects`
    /// with their reason. False when there was nothing left to read.
    bool next(frame_batch& out, std::vector<frame_reject>& rejects, std::size_t batch_rows = 65536);

    /// A batch as plan input. Views point into the batch, this object or the
    /// frame, and into `scratch` for float64 columns gathered from the frame.
    [[nodiscard]] batch_input plan_view(const frame_batch& b, std::vector<std::vector<double>>& scratch) const;

private:
    std::unique_ptr<detail::frame_reader> reader_;
};

/// Where compute_frame writes: arrays of at least `rows_in()` elements.
/// Computed rows are written in row order, packed from index 0.
struct frame_output {
    std::int64_t* row = nullptr;  ///< position of the row in the frame (may be null: not written)
    std::int64_t* baseline_g = nullptr;
    std::int64_t* project_g = nullptr;
    std::int64_t* leakage_g = nullptr;
    std::int64_t* reduction_g = nullptr;
    std::vector<std::int64_t*> component_g;  ///< one per plan component
    std::uint8_t* implausible = nullptr;
};

struct frame_report {
    std::size_t rows_in = 0;
    std::size_t computed = 0;
    std::vector<frame_reject> rejected;  ///< by the checks and by the plan, in row order
    result_totals totals;
    std::vector<resolved_value> lookups;
    [[nodiscard]] bool reconciles() const { return rows_in == computed + rejected.size(); }
};

/// Reads every row of `f` and runs `p` over the accepted ones, batch by
/// batch. Rows the plan cannot compute are rejected with `footprint.plan.row`,
/// as the CSV pipeline does. Totals are exact integer sums.
frame_report compute_frame(const plan& p, frame_shipments& f, const frame_output& out, std::size_t batch_rows = 65536);

}  // namespace footprint
