#pragma once
// The uncertainty section of a statement of record (footprint-statement/3):
// the statement Monte Carlo (statement_monte_carlo.hpp) of each customer,
// written into the statement and sealed with it, so that `verify` can draw it
// again with the method it records and compare byte for byte.
//
// The section is canonical like the rest of the statement: integer grams
// where grams, every other figure a decimal string that reads back to the
// same double (shortest_text), keys sorted. It holds
//   method      — iterations, seed, quantile, the random numbers, the
//                 percentile rule, how coefficients and sensitivity are
//                 measured, what is held at its value, and the factors the
//                 coefficient pass measured (its linearity check moves them
//                 all, so a statement of one customer built with others
//                 records their union, and verify measures the same);
//   model       — per factor its id, distribution and coefficients in g per
//                 unit multiplier (BE, PE, LE, ER); the linearity residual and
//                 its bound; the deterministic ER it is built around;
//   results     — BE, PE, ER summaries in t, P(ER > 0), ER at the quantile,
//                 its whole tonnes (rounded down; not what is issued:
//                 issuance stays the deterministic `issuable_t`);
//   sensitivity — per factor in the order of |ρ|: Spearman ρ with ER, ρ²
//                 share, and ER at the multiplier's 2.5 % and 97.5 %
//                 quantiles with every other factor at its value,
//                 ER0 + c_f (q − 1) (the tornado chart's bars).
// No thread count: the same bytes whatever --threads. A statement with no
// shipments in the period gets a section with its method and a note, and
// nothing drawn.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "footprint/ingest/shipments.hpp"
#include "footprint/plan/plan.hpp"
#include "footprint/statement/statement.hpp"
#include "footprint/uncertainty/statement_monte_carlo.hpp"

namespace footprint::uncertainty {

/// What the section is drawn with.
struct uncertainty_section_options {
    std::size_t iterations = 10000;
    std::uint64_t seed = 1;
    double quantile = 0.05;
    unsigned threads = 1;  ///< changes no byte
};

/// The section itself, as canonical JSON text (keys sorted, no spaces): what
/// with_uncertainty_section writes into a statement, and what an estimate's
/// Monte Carlo writes (project/estimate_uncertainty.hpp).
[[nodiscard]] std::string uncertainty_section_json(const std::optional<statement_model>& model,
                                                   const std::vector<std::string>& coefficient_factors,
                                                   const uncertainty_section_options& options);

/// `statement` (a footprint-statement/3 statement, sealed) with its
/// `uncertainty` section drawn from `model` (none: no shipments in the period)
/// and sealed again: its digest over the canonical JSON with the section.
/// `coefficient_factors` is the pass's factor_ids.
[[nodiscard]] statement_document with_uncertainty_section(const statement_document& statement,
                                                          const std::optional<statement_model>& model,
                                                          const std::vector<std::string>& coefficient_factors,
                                                          const uncertainty_section_options& options);

/// measure_statement_models (statement_monte_carlo.hpp) then with_uncertainty_section for each statement.
/// `extra_factors`: verify's recorded coefficient_factors (empty when building).
void add_uncertainty_sections(std::vector<statement_document>& statements, const plan& p, shipment_reader& reader,
                              const statement_request& request, const uncertainty_section_options& options,
                              const std::vector<std::string>& extra_factors = {});

/// What a statement Monte Carlo holds at its value, as its method says it (the section and
/// `footprint uncertainty --json` alike): with inputs drawn through responses, only those without one.
[[nodiscard]] std::vector<std::string> held_at_their_values(bool inputs_drawn);

/// The multiplier of `d` at its 2.5 % (upper = false) or 97.5 % quantile.
[[nodiscard]] double multiplier_quantile(const factor_distribution& d, bool upper);

}  // namespace footprint::uncertainty
