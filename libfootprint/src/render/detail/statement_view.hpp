// The statement as the renderings need it, read back from the canonical JSON
// with every field checked once. Private to the renderings.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace footprint::detail::statement_rendering {

/// The statement formats the renderings read: format 2 adds `sources`,
/// format 3 the `uncertainty` section.
inline constexpr const char* supported_formats[] = {"footprint-statement/1", "footprint-statement/2",
                                                    "footprint-statement/3"};

struct amounts {
    std::int64_t baseline = 0, project = 0, leakage = 0, reduction = 0;
    std::uint64_t shipments = 0;
};

struct resolved_entry {
    std::string label, kind, value, unit, source, factor_id;
    std::vector<std::string> fallback_path;
};

struct component_entry {
    std::string name, term, stage;
    std::int64_t grams = 0;
};

/// A publication a value of the statement comes from (`sources`, format 2).
struct source_entry {
    std::string id, publisher, title, table, year, url;
};

/// One factor of a format-3 statement's `uncertainty/sensitivity`.
struct sensitivity_entry {
    std::string factor_id;
    double rho = 0, share = 0;           ///< Spearman ρ with ER, ρ² share
    double sobol = 0;                    ///< first-order Sobol index (what orders the entries)
    double er_low_t = 0, er_high_t = 0;  ///< ER one at a time at the multiplier's 2.5 % and 97.5 % quantiles
    std::string er_low_text, er_high_text;  ///< the same, exactly as recorded
};

/// A summary of draws in tonnes (`uncertainty/results/*_t`).
struct draws_summary {
    double mean = 0, p2_5 = 0, median = 0, p97_5 = 0;
};

/// The `uncertainty` section of a format-3 statement.
struct uncertainty_view {
    bool present = false;
    std::uint64_t iterations = 0, seed = 0;
    std::string quantile;
    std::string note;  ///< no shipments: nothing drawn
    std::int64_t reduction_g = 0;  ///< ER0, the deterministic ER the model is built around
    std::int64_t linearity_residual_g = 0, linearity_bound_g = 0;
    /// Methodology or catalog inputs drawn through responses (`method/drawn_inputs`), and the checks
    /// of what summing them leaves out (`model/input_checks`); empty and 0 when none was drawn.
    std::vector<std::string> drawn_inputs;
    std::int64_t inputs_residual_g = 0, inputs_bound_g = 0, interaction_residual_g = 0, interaction_bound_g = 0;
    draws_summary baseline, project, reduction;
    double probability_positive = 0, reduction_at_quantile_t = 0;
    std::int64_t issuable_at_quantile_t = 0;
    std::vector<sensitivity_entry> sensitivity;  ///< largest Sobol index first, as recorded
};

/// The statement as the renderings need it; every field checked once.
struct statement_view {
    std::string format;
    std::string customer, from, to;
    std::string software_name, software_version;
    std::string methodology_id, methodology_version, methodology_digest, methodology_title;
    struct factor_set_entry {
        std::string name, version, digest;
    };
    std::vector<factor_set_entry> factor_sets;
    std::string gwp_set, gwp_source;
    std::vector<std::pair<std::string, std::string>> overrides;
    std::vector<resolved_entry> parameters, factors;
    std::uint64_t rows_in_file = 0, accepted_in_file = 0, rejected_in_file = 0, customer_rows_in_file = 0,
                  rows_in_statement = 0;
    bool reconciles = false;
    std::string rejected_digest;
    amounts totals;
    std::int64_t issuable_t = 0;
    std::string note;
    std::vector<std::pair<std::string, amounts>> by_month;
    std::vector<std::pair<std::string, std::vector<std::pair<std::string, amounts>>>> by_product;
    std::vector<component_entry> components;
    std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::int64_t>>>> by_stage;
    std::string plausibility_rule;
    std::uint64_t implausible = 0;
    std::vector<std::string> implausible_examples;
    std::string input_rows_digest, statement_digest;
    std::vector<source_entry> sources;  ///< empty when the statement has no `sources`
    uncertainty_view uncertainty;       ///< present: format 3
};

/// Parses and checks a statement (`footprint.statement.*` on a bad one). The
/// per-shipment `shipment_rows` map is dropped while the JSON is parsed: no
/// rendering shows it (it can hold millions of entries).
[[nodiscard]] statement_view read_view(const std::string& text);

/// Stages in life-cycle order, then any other key in sorted order.
[[nodiscard]] std::vector<std::string> ordered_stages(const statement_view& v);

/// The grams of `term` in `stage`, 0 when the statement has none.
[[nodiscard]] std::int64_t stage_grams(const statement_view& v, const std::string& term, const std::string& stage);

}  // namespace footprint::detail::statement_rendering
