#pragma once
// How sure is the ex-ante estimate? The statement Monte Carlo
// (uncertainty/statement_monte_carlo.hpp) applied to the estimate's total over
// the crediting period (estimate.hpp), which a project design document states
// before any trip is monitored.
//
// The estimate is a function of the same inputs as a statement: the factors,
// and the methodology's parameters, monitored distances and catalog
// quantities and lives that declare a distribution. So its model is built the
// same way, from runs of the estimate itself: the estimate under a plan bound
// to the library with one factor doubled (its coefficient), under a plan with
// one input at each node of its distribution (its response:
// uncertainty/tabulated_input.hpp), and the two checks with every input, then
// every input and factor, moved. The trips a year enter twice, in the
// per-trip loss and in the number of trips (pool size × trips a year), and a
// run moves both. The estimate's amounts are expectations, rounded to the
// gram once per run; one unit's trip is rounded per component (estimate.hpp),
// so the linearity bound allows half a gram per component per expected trip.
//
// Every factor of the library is measured (the estimate does not list the
// factors it uses): those that do not move the total are left out of the model.

#include <cstdint>
#include <string>

#include "footprint/plan/plan.hpp"
#include "footprint/project/project_file.hpp"
#include "footprint/uncertainty/statement_monte_carlo.hpp"
#include "footprint/uncertainty/statement_uncertainty_section.hpp"

namespace footprint {

/// The model of the estimate's crediting-period total under `p` (the plan the estimate is built with).
/// Its customer is the project's id; its shipments, the expected trips rounded up. Throws what
/// statement_model_of throws (`footprint.uncertainty.nonlinear`, `footprint.uncertainty.spec`).
[[nodiscard]] uncertainty::statement_model estimate_model(const project_description& project, const plan& p);

/// The estimate's Monte Carlo as canonical JSON (format `footprint-estimate-uncertainty/1`): the estimate's
/// digest, the crediting period, and the uncertainty section of a statement of record (method, model,
/// results, sensitivity) for the period's total. Iterations or threads out of range are refused first
/// (`footprint.uncertainty.options`).
[[nodiscard]] std::string estimate_uncertainty_json(const project_description& project, const plan& p,
                                                    const std::string& estimate_digest,
                                                    const uncertainty::uncertainty_section_options& options);

}  // namespace footprint
