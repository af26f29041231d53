#pragma once
// From shipments to the linear model of one customer's statement: the flow
// every caller of the statement Monte Carlo needs (the command, Python).
//
// 1. The statement, as `footprint statement` builds it (one reading of the
//    shipments): its totals, digest and the factors it names (`factors_used`).
// 2. One more reading for every factor's coefficient
//    (measure_statement_coefficients, statement_coefficients.hpp).
// 3. The model of the customer (statement_model_of), whose totals at every
//    multiplier 1 must be the statement's, to the gram; otherwise the pass
//    summed other rows than the statement and `footprint.internal` is thrown.

#include <functional>
#include <string>

#include "footprint/ingest/shipments.hpp"
#include "footprint/plan/plan.hpp"
#include "footprint/statement/statement.hpp"
#include "footprint/statement/statement_guard.hpp"
#include "footprint/uncertainty/statement_monte_carlo.hpp"

namespace footprint::uncertainty {

/// A fresh reader over the same shipments at each call, for `p`'s schema,
/// keeping each row's canonical text when asked (the statement's reading does).
using shipment_opener = std::function<shipment_reader(bool keep_canonical)>;

/// What the two readings report while they run: "statement" or "coefficients", and the counts so far.
using statement_model_progress = std::function<void(const char* reading, const ingest_counts& counts)>;

/// A customer's statement and the model its Monte Carlo draws from.
struct measured_statement {
    statement_document statement;
    statement_model model;
};

/// The statement of `claim.customer` (required) for `claim`'s period over the
/// shipments `open` reads, refused as `footprint statement` refuses it
/// (statement_guard.hpp: `footprint.statement.period`, `.no-customers`,
/// `.unknown-customer`, `.empty-period` unless `claim.allow_empty`, each
/// naming `claim`'s argument names), and its model from the factors of
/// `p`'s library with the coefficient pass on `threads` threads. Throws what
/// build_statements, measure_statement_coefficients and statement_model_of throw.
[[nodiscard]] measured_statement measure_statement_model(const plan& p, const shipment_opener& open,
                                                         const statement_context& context, const claim_request& claim,
                                                         unsigned threads = 1,
                                                         const statement_model_progress& progress = {});

}  // namespace footprint::uncertainty
