#pragma once
// The engine: a compiled plan run over batches of shipments.
//
// Per shipment it yields BE, PE, LE and ER and their components in whole
// grams CO2e (rounded per component as the methodology declares), so sums
// are exact and do not depend on row order or batch size. Rows the plan
// cannot compute (an applicability condition not met, a factor missing for a
// region, a non-finite result) are rejected with the reason, like rows that
// failed validation: the counts always reconcile.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "footprint/plan/plan.hpp"
#include "footprint/ingest/shipments.hpp"

namespace footprint {

/// Sums over computed shipments.
struct result_totals {
    std::uint64_t computed = 0;
    std::uint64_t implausible = 0;
    std::int64_t baseline_g = 0, project_g = 0, leakage_g = 0, reduction_g = 0;
    std::vector<std::int64_t> component_g;

    /// Adds row `i` of a plan's output (a row the plan computed): the one
    /// place where compute, statements and frames sum their totals.
    void add(const batch_output& out, std::size_t i) {
        ++computed;
        implausible += out.implausible[i];
        baseline_g += out.baseline_g[i];
        project_g += out.project_g[i];
        leakage_g += out.leakage_g[i];
        reduction_g += out.reduction_g[i];
        for (std::size_t c = 0; c < out.component_g.size(); ++c) component_g[c] += out.component_g[c][i];
    }
};

class engine {
public:
    explicit engine(const plan& p);

    /// Evaluates one batch read by `reader`. Rows the plan rejects are appended
    /// to `rejects` (with the batch row's line and shipment id) and have
    /// `problem != 0` in the returned output; all others are added to `totals`.
    const batch_output& run(const shipment_reader& reader, const shipment_batch& batch,
                            std::vector<rejected_row>& rejects, result_totals& totals);

    /// Evaluates columns prepared by a service (no CSV): see plan::evaluator.
    const batch_output& run(const batch_input& in);

    [[nodiscard]] const plan& compiled() const { return plan_; }
    [[nodiscard]] std::vector<resolved_value> lookups() const { return evaluator_.lookups(); }
    [[nodiscard]] const std::vector<std::string>& problems() const { return evaluator_.problems(); }

private:
    plan plan_;
    plan::evaluator evaluator_;
    batch_output out_;
};

/// What `compute` did.
struct compute_report {
    ingest_counts ingest;
    std::uint64_t rejected_by_plan = 0;
    result_totals totals;
    std::vector<resolved_value> lookups;
    std::filesystem::path results;
    std::filesystem::path quarantine;
    double seconds = 0;

    [[nodiscard]] std::uint64_t rows_in() const { return ingest.rows_in; }
    [[nodiscard]] std::uint64_t accepted() const { return totals.computed; }
    [[nodiscard]] std::uint64_t rejected() const { return ingest.rejected + rejected_by_plan; }
    [[nodiscard]] bool reconciles() const { return rows_in() == accepted() + rejected(); }
};

struct compute_options {
    std::filesystem::path results;     ///< .csv or .json
    std::filesystem::path quarantine;  ///< default: beside results, `NAME.quarantine.csv`
    /// Called after each batch with (rows read, rows rejected so far).
    std::function<void(std::uint64_t, std::uint64_t)> progress;
};

/// Reads every row, computes, and writes the per-shipment results and the
/// quarantine atomically. Throws `footprint.shipment.no-rows` (before writing
/// anything) when the file has a header but no rows.
compute_report compute_shipments(const plan& p, shipment_reader& reader, const compute_options& options);

/// Writes rejected rows as CSV: line, shipment_id, error_id, column, field,
/// message, expected, found, record.
void append_quarantine_csv(std::string& out, const std::vector<rejected_row>& rows);
[[nodiscard]] std::string quarantine_csv_header();

/// Quotes a CSV field when it needs it (RFC 4180).
void append_csv_field(std::string& out, std::string_view field);

}  // namespace footprint
