#pragma once
// Statements: per customer and period, the reduction a certifier audits.
//
// A statement is canonical JSON (sorted keys, integer grams for amounts,
// decimal strings for every other number, UTF-8): the same inputs give the
// same bytes, whatever the row order, the batch size or the machine. It
// records what it was built from (software version, methodology id, version
// and digest, factor set name, version and digest, GWP set, every factor and
// parameter used with its source and fallback path), the counts of rows in,
// accepted and rejected, a digest of the canonical input rows it covers and a
// short hash of each of those rows, and its own digest over all of that, so
// that `verify` can rebuild it from the inputs and name the first difference
// and the shipments concerned.

#include <cstdint>
#include <filesystem>
#include <map>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "footprint/compute/engine.hpp"
#include "footprint/factors/factor_set.hpp"
#include "footprint/plan/plan.hpp"
#include "footprint/ingest/shipments.hpp"

namespace footprint {

/// The layout of a statement's JSON (its `format` field). New statements are
/// written in the newest; a statement is rebuilt (verify) in the format it
/// records, so that statements on record keep verifying byte for byte. A
/// field added to statements is written only from the format that introduced
/// it on (`request.format >= statement_format::v2`); docs/statements.md lists
/// what each format records.
enum class statement_format : int {
    v1 = 1,  ///< footprint-statement/1
    v2 = 2,  ///< footprint-statement/2
    /// footprint-statement/3: format 2 and an `uncertainty` section, written
    /// only when asked for (`statement --uncertainty N`); the section is added
    /// and the statement sealed again by the uncertainty stage
    /// (footprint/uncertainty/statement_uncertainty_section.hpp). Statements
    /// without it stay format 2.
    v3 = 3,
};
inline constexpr statement_format newest_statement_format = statement_format::v2;

/// "footprint-statement/N".
[[nodiscard]] std::string statement_format_name(statement_format f);
/// The format named `name` ("footprint-statement/N"); none when unknown.
[[nodiscard]] std::optional<statement_format> parse_statement_format(const std::string& name);

/// What to build statements for.
struct statement_request {
    std::optional<std::string> customer;  ///< one customer; all customers (one statement each) when empty
    std::int32_t from_day = 0;            ///< first day of the period (days since 1970-01-01), inclusive
    std::int32_t to_day = 0;              ///< last day, inclusive
    std::string source_name;              ///< the input's name as the user gave it (not part of the digest)
    statement_format format = newest_statement_format;  ///< verify: the format the statement records
    /// Called after each batch read with the counts so far (a progress line); not part of the statement.
    std::function<void(const ingest_counts&)> progress;
};

/// The provenance a statement records besides the methodology.
struct statement_context {
    std::vector<factor_set_info> factor_sets;  ///< base first, then overlays
};

/// A built statement: its canonical JSON text (with the digest) and the digest.
struct statement_document {
    std::string customer;
    std::string json;    ///< canonical JSON, the statement of record
    std::string digest;  ///< SHA-256 over the canonical JSON without `statement_digest`
};

/// Reads every row of `reader`, computes it with `p`, and builds the
/// statements asked for. With no customer named, one statement per customer
/// that has rows in the file (period or not: a customer with no shipments in
/// the period gets a statement that says so).
[[nodiscard]] std::vector<statement_document> build_statements(const plan& p, shipment_reader& reader,
                                                               const statement_context& context,
                                                               const statement_request& request);

/// The same, from rows handed over as records (a frame's rows,
/// compute/frame_records.hpp; a ledger's, ledger.hpp): they are read by a
/// shipment_reader for `p`'s schema and checked exactly as CSV rows are.
[[nodiscard]] std::vector<statement_document> build_statements(const plan& p, std::unique_ptr<record_source> rows,
                                                               const statement_context& context,
                                                               const statement_request& request);

/// What build_statement_set gives: the statements and, from format 2 on, the
/// rejected rows that are in none of them: rows whose customer cannot be
/// read (a malformed record, a missing or invisible customer id) and rows of
/// a customer with no accepted row (who gets no statement). The command
/// reports them on standard error (docs/statements.md, "Rejected rows").
struct statement_set {
    std::vector<statement_document> statements;
    std::vector<rejected_row> unattributed;
};

/// build_statements, with the rejected rows that are in no statement.
[[nodiscard]] statement_set build_statement_set(const plan& p, shipment_reader& reader, const statement_context& context,
                                                const statement_request& request);

/// Digest of a statement document: SHA-256 of its canonical form without the
/// `statement_digest` field. Throws `footprint.statement.syntax` when `json`
/// is not JSON.
[[nodiscard]] std::string statement_digest(const std::string& json);

/// Result of comparing a statement with one rebuilt from the inputs.
struct verify_result {
    bool identical = false;
    std::string first_difference;              ///< JSON path of the first differing field, e.g. /totals_g/reduction
    std::string expected, found;               ///< the values there (statement, rebuilt)
    std::vector<std::string> shipments;        ///< shipments whose rows differ, are missing or were added
    /// Format 2: the pinned inputs that differ, one sentence each, e.g.
    /// "catalog differs: foldable-ibc-1000l-pool.yaml digest A recorded, B now".
    std::vector<std::string> inputs;
    bool digest_ok = true;                     ///< the statement's own digest matches its content
    std::string recorded_digest, computed_digest;
};

/// Compares a statement file's text with a rebuilt one. Checks the recorded
/// digest first (an edited statement fails there), then every field in
/// sorted order, then the shipment rows.
[[nodiscard]] verify_result compare_statements(const std::string& recorded_json, const std::string& rebuilt_json);

/// The Monte Carlo a format-3 statement records in `uncertainty/method`, with
/// which `verify` draws it again.
struct statement_uncertainty_method {
    std::uint64_t iterations = 0;
    std::uint64_t seed = 0;
    double quantile = 0.05;
    /// The factors the coefficient pass measured (those of every statement of
    /// the command that built it): the linearity check moves them all.
    std::vector<std::string> coefficient_factors;
};

/// Reads the fields `verify` needs to rebuild a statement (customer, period,
/// methodology, factor set digests, GWP; format 3 the uncertainty method).
/// Throws `footprint.statement.*` ids for invalid JSON, missing or unknown
/// fields.
struct statement_header {
    statement_format format = newest_statement_format;
    std::string customer;
    std::int32_t from_day = 0, to_day = 0;
    std::string methodology_id, methodology_version, methodology_digest;
    std::vector<std::string> factor_set_digests;
    std::string gwp;
    std::map<std::string, double> overrides;
    std::optional<statement_uncertainty_method> uncertainty;  ///< format 3 only
};
[[nodiscard]] statement_header read_statement_header(const std::string& json, const std::string& file);

}  // namespace footprint
