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

#include "footprint/core/checked_sum.hpp"
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
    /// place where compute, statements and frames sum their totals. A sum that
    /// would wrap around throws `footprint.total.overflow` at `where` (the row
    /// that tipped it), never a wrapped number (core/checked_sum.hpp).
    void add(const batch_output& out, std::size_t i, const source_location& where = {}) {
        ++computed;
        implausible += out.implausible[i];
        add_grams(baseline_g, out.baseline_g[i], "baseline emissions (BE)", where);
        add_grams(project_g, out.project_g[i], "project emissions (PE)", where);
        add_grams(leakage_g, out.leakage_g[i], "leakage (LE)", where);
        add_grams(reduction_g, out.reduction_g[i], "emission reductions (ER)", where);
        for (std::size_t c = 0; c < out.component_g.size(); ++c)
            add_grams(component_g[c], out.component_g[c][i], "a component", where);
    }
};

/// A row the plan cannot compute, at `where`, because `why` (the plan's
/// problem): `footprint.plan.row`, the one diagnostic of a row rejected by the
/// plan, whether the row came from CSV, the ledger or a frame.
[[nodiscard]] diagnostic plan_row_rejection(source_location where, const std::string& why);

class engine {
public:
    explicit engine(const plan& p);

    /// Evaluates the batch `source` holds: rows the plan rejects are handed
    /// to `source.reject(i, plan_row_rejection(source.where(i), why))` and have
    /// `problem != 0` in the returned output; all others are added to `totals`.
    /// A source has `plan_view()`, `rows()`, `where(i)` and `reject(i, diagnostic)`
    /// (shipment_batches below; frames have their own in frame.cpp).
    template <class Source>
    const batch_output& run(Source& source, result_totals& totals) {
        evaluator_.run(source.plan_view(), out_);
        const std::size_t n = source.rows();
        if (totals.component_g.size() != out_.component_g.size()) totals.component_g.assign(out_.component_g.size(), 0);
        for (std::size_t i = 0; i < n; ++i) {
            if (out_.problem[i] != 0) {
                source.reject(i, plan_row_rejection(source.where(i), evaluator_.problems()[out_.problem[i] - 1]));
                continue;
            }
            totals.add(out_, i, source.where(i));
        }
        return out_;
    }

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

/// The batch loop of compute, statements and frames: reads each batch of
/// `source` (`next()`), runs the plan over it (engine::run: rows the plan
/// rejects go back to the source, the others into `totals`) and hands the
/// plan's output to `on_batch`, which reads the batch's computed rows
/// (`problem == 0`) from it.
template <class Source, class OnBatch>
void run_batches(engine& eng, Source& source, result_totals& totals, OnBatch&& on_batch) {
    while (source.next()) on_batch(eng.run(source, totals));
}

/// One batch a shipment_reader read, as a source of engine::run: rows the
/// plan rejects are appended to `rejects` with their line and shipment id.
struct reader_batch {
    const shipment_reader& reader;
    const shipment_batch& batch;
    std::vector<rejected_row>& rejects;

    [[nodiscard]] batch_input plan_view() const { return reader.plan_view(batch); }
    [[nodiscard]] std::size_t rows() const { return batch.rows; }
    [[nodiscard]] source_location where(std::size_t i) const {
        return source_location{reader.source_name(), static_cast<std::uint32_t>(batch.lines[i]), 0, {},
                               batch.shipment_ids[i]};
    }
    void reject(std::size_t i, diagnostic problem) {
        rejected_row r;
        r.line = batch.lines[i];
        r.shipment_id = batch.shipment_ids[i];
        r.problem = std::move(problem);
        rejects.push_back(std::move(r));
    }
};

/// A shipment_reader as a source of run_batches: the batches it reads, with
/// the rows it rejects and then the rows the plan rejects appended to
/// `rejects`, batch by batch, in that order.
class shipment_batches {
public:
    shipment_batches(shipment_reader& reader, std::vector<rejected_row>& rejects) : reader_(reader), rejects_(rejects) {}

    /// Reads the first batch now (compute refuses a file without rows before
    /// it writes anything); false when there is none. next() then yields it.
    bool read_ahead() {
        ahead_ = reader_.next(batch_, rejects_);
        return ahead_;
    }
    bool next() {
        if (ahead_) {
            ahead_ = false;
            return true;
        }
        return reader_.next(batch_, rejects_);
    }

    [[nodiscard]] const shipment_reader& reader() const { return reader_; }
    [[nodiscard]] const shipment_batch& batch() const { return batch_; }
    [[nodiscard]] std::uint64_t rejected_by_plan() const { return rejected_by_plan_; }

    [[nodiscard]] batch_input plan_view() const { return reader_.plan_view(batch_); }
    [[nodiscard]] std::size_t rows() const { return batch_.rows; }
    [[nodiscard]] source_location where(std::size_t i) const { return reader_batch{reader_, batch_, rejects_}.where(i); }
    void reject(std::size_t i, diagnostic problem) {
        reader_batch{reader_, batch_, rejects_}.reject(i, std::move(problem));
        ++rejected_by_plan_;
    }

private:
    shipment_reader& reader_;
    std::vector<rejected_row>& rejects_;
    shipment_batch batch_;
    bool ahead_ = false;
    std::uint64_t rejected_by_plan_ = 0;
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
    std::filesystem::path results;     ///< .csv, .json or .xlsx (results_workbook.hpp: results, quarantine, summary)
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
