#pragma once
// One reading of a statement's shipments that measures how every factor moves
// every customer's totals: the coefficients of the statement Monte Carlo
// (statement_monte_carlo.hpp).
//
// A statement's totals are sums over shipments of terms that each use a
// factor's value once, so each total is linear in the factors' multipliers:
// T(m) = T(1) + Σ_f c_f (m_f − 1) with c_f = T(f doubled) − T(1). Rather than
// building the statement again per factor (F + 2 readings of the file), the
// pass reads the rows once and, batch by batch, runs the statement's plan and
// one copy of it per factor (bound to the factor library with that factor
// doubled), plus one with every factor moved at once (the linearity check).
// Each copy is the statement's own plan evaluator over the same parsed
// columns, so its sums are the sums a rebuilt statement would make, to the
// gram: the rows a statement sums (computed, `problem == 0`, of the customer,
// dated in the period), rounded per shipment as the methodology declares.
// The plans are independent of each other, so they run on `threads` threads
// with the same integer sums whatever the count.
//
// Methodology inputs that declare a distribution (tabulated_input.hpp) are
// measured in the same reading: one run per node of each (a fixed parameter
// overridden, or a monitored column scaled, everything else at its value),
// one with every such input at its check multiplier, and one with those and
// every factor moved at once. A methodology that declares none adds no run.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "footprint/ingest/shipments.hpp"
#include "footprint/plan/plan.hpp"
#include "footprint/statement/statement.hpp"
#include "footprint/uncertainty/tabulated_input.hpp"

namespace footprint::uncertainty {

/// A statement's four totals in grams CO2e.
struct statement_totals {
    std::int64_t baseline_g = 0, project_g = 0, leakage_g = 0, reduction_g = 0;
    friend bool operator==(const statement_totals&, const statement_totals&) = default;
};

/// One customer's totals under each plan of a pass.
struct customer_totals_under_plans {
    std::uint64_t shipments = 0;            ///< computed rows of the customer in the period
    statement_totals base;                  ///< every factor at its value (the statement's totals)
    std::vector<statement_totals> doubled;  ///< one per coefficient_pass::factor_ids, that factor doubled
    statement_totals moved;                 ///< every factor moved at once (coefficient_pass::check_multipliers)
    /// [input][node]: that input of coefficient_pass::inputs at that node (at the node 1: `base`).
    std::vector<std::vector<statement_totals>> at_nodes;
    statement_totals inputs_moved;  ///< every input at its check multiplier, every factor at its value
    statement_totals all_moved;     ///< every input at its check multiplier and every factor moved
};

/// What a pass measured.
struct coefficient_pass {
    std::vector<std::string> factor_ids;              ///< sorted, unique
    std::map<std::string, double> check_multipliers;  ///< 1.1, 0.9, 1.1, … in the order of factor_ids
    std::vector<tabulated_input> inputs;              ///< the methodology's inputs with a distribution, by id
    std::size_t components = 0;                       ///< the plan's components, each rounded per shipment
    std::map<std::string, customer_totals_under_plans> customers;  ///< the one asked for, or every customer
    /// The same per calendar month of the period ("YYYY-MM"), for each customer of `customers`
    /// that has shipments in it: the months sum to the customer's totals, plan by plan.
    std::map<std::string, std::map<std::string, customer_totals_under_plans>> by_month;
};

/// The multipliers of the linearity check: alternately 1.1 and 0.9 over `ids` in their order.
[[nodiscard]] std::map<std::string, double> linearity_check_multipliers(const std::vector<std::string>& ids);

/// Reads every row of `reader` once (a reader for `p`'s schema) and runs `p`,
/// a copy of `p` per id in `factor_ids` with that factor doubled, and a copy
/// with every factor moved (linearity_check_multipliers) over each batch, and
/// the runs of `p.method()`'s inputs with a distribution (above);
/// sums per customer (`request.customer`, or all) the rows a statement of
/// `request`'s period sums. Throws `footprint.factor.not-found` naming every
/// id that is not in `p`'s factor library; a sum that would wrap throws
/// `footprint.total.overflow` at the row that tipped it.
[[nodiscard]] coefficient_pass measure_statement_coefficients(const plan& p, std::vector<std::string> factor_ids,
                                                              shipment_reader& reader, const statement_request& request,
                                                              unsigned threads = 1);

}  // namespace footprint::uncertainty
