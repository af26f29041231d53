// What statements accumulate while they read their input: sums per slice,
// per customer, and the input's rows as a statement accounts for them.
// Private to the statement stage (statement.cpp builds the JSON from these;
// customer_input.cpp reads them per customer for format 2).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "footprint/compute/engine.hpp"
#include "footprint/core/checked_sum.hpp"
#include "footprint/statement/statement.hpp"

namespace footprint::detail::statements {

/// Integer sums of one slice of a statement.
struct sums {
    std::int64_t baseline = 0, project = 0, leakage = 0, reduction = 0;
    std::uint64_t shipments = 0;
    /// Checked (core/checked_sum.hpp): a statement never shows a wrapped
    /// total; an overflow is reported at `where`, the row that tipped it.
    void add(const batch_output& o, std::size_t i, const source_location& where) {
        add_grams(baseline, o.baseline_g[i], "baseline emissions (BE) in a statement", where);
        add_grams(project, o.project_g[i], "project emissions (PE) in a statement", where);
        add_grams(leakage, o.leakage_g[i], "leakage (LE) in a statement", where);
        add_grams(reduction, o.reduction_g[i], "emission reductions (ER) in a statement", where);
        ++shipments;
    }
};

/// Everything a statement accumulates for one customer.
struct accumulator {
    sums total;
    std::map<std::string, std::map<std::string, sums>> by_product;  // product column → product id → sums
    std::map<std::string, sums> by_month;
    std::vector<std::int64_t> by_component;
    std::uint64_t implausible = 0;
    std::vector<std::string> implausible_ids;
    std::map<std::string, std::string> row_hash;  // shipment id → full SHA-256 of its canonical row
    std::uint64_t rows_in_file = 0;               // this customer's accepted rows, any date
};

/// The input as statements see it: every customer's accumulator, the rejected
/// rows and the counts, and the table entries the plan resolved. Format 1:
/// one for the whole file (counts and rejected rows of every customer).
/// Format 2: one per customer, holding only that customer's rows.
struct statement_input {
    std::map<std::string, accumulator> per_customer;
    std::vector<std::string> rejected_records;  // record, U+001F, error id
    std::uint64_t rows_in = 0;
    std::uint64_t accepted = 0;
    std::vector<resolved_value> lookups;
};

/// Adds computed row `i` of a batch to its customer's accumulator (within the
/// period) and counts it among the customer's rows in the file.
void add_row(accumulator& acc, const batch_output& out, std::size_t i, const shipment_reader& reader,
             const shipment_batch& batch, const std::vector<int>& product_columns, const statement_request& request);

/// The schema's product columns (the breakdowns by reusable and baseline product).
[[nodiscard]] std::vector<int> product_columns_of(const shipment_reader& reader);

/// Format 2: every row of `reader`, each customer's (the one asked for, or
/// all) into an input of its own: its accepted rows, its rejected rows (those
/// rejected by the plan with their canonical row, those rejected when read
/// with their raw record), their counts, and the look-ups made while
/// computing its shipments in the period, with an engine of its own. Rejected
/// rows that are in no customer's input (no readable customer, or a customer
/// without an accepted row) are appended to `unattributed`.
[[nodiscard]] std::map<std::string, statement_input> read_customer_inputs(const plan& p, shipment_reader& reader,
                                                                         const statement_request& request,
                                                                         std::vector<rejected_row>& unattributed);

/// Format 2: the inputs a statement pins by digest, its `inputs` field: the
/// methodology, each factor set (base, then overlays), the catalog files (of
/// products and vehicle classes) that the statement's look-ups `used` name or
/// whose products its shipments carry (`acc`), by file name, and the scenario
/// overrides (docs/statements.md, "Pinned inputs").
[[nodiscard]] nlohmann::json pinned_inputs_json(const plan& p, const statement_context& context,
                                                const std::vector<resolved_value>& used, const accumulator& acc);

/// The pinned inputs that differ between a recorded statement and the one
/// rebuilt, one sentence each ("catalog differs: X.yaml digest A recorded,
/// B now"); none when either has no `inputs` (format 1).
[[nodiscard]] std::vector<std::string> input_differences(const nlohmann::json& recorded, const nlohmann::json& rebuilt);

}  // namespace footprint::detail::statements
