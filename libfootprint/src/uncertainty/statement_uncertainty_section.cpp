// The uncertainty section of a statement of record. See
// statement_uncertainty_section.hpp.

#include "footprint/uncertainty/statement_uncertainty_section.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include "footprint/core/digest.hpp"
#include "footprint/core/number_text.hpp"
#include "footprint/uncertainty/statement_coefficients.hpp"

namespace footprint::uncertainty {
namespace {

using json = nlohmann::json;  // std::map underneath: keys come out sorted

/// The standard normal's 97.5 % quantile, Φ⁻¹(0.975).
constexpr double z_975 = 1.959963984540054;

std::string text(double v) { return shortest_text(v); }

json summary_json(const summary& s) {
    return {{"mean", text(s.mean)}, {"sd", text(s.sd)},         {"min", text(s.min)},
            {"p2_5", text(s.p2_5)}, {"p5", text(s.p5)},         {"median", text(s.median)},
            {"p95", text(s.p95)},   {"p97_5", text(s.p97_5)},   {"max", text(s.max)}};
}

/// Coefficients are differences of integer gram totals: written as integer grams.
std::int64_t grams(double g) { return static_cast<std::int64_t>(std::llround(g)); }

json method_json(const uncertainty_section_options& o, const std::vector<std::string>& coefficient_factors,
                 const std::vector<std::string>& drawn_inputs = {}) {
    json method{{"iterations", static_cast<std::uint64_t>(o.iterations)},
            {"seed", o.seed},
            {"quantile", text(o.quantile)},
            {"random_numbers", "counter-based (splitmix64 of seed, factor id, iteration), Box-Muller normals"},
            {"percentiles", "Hyndman and Fan (1996) definition 7"},
            {"coefficients", "one factor at a time, doubled, in one reading of the shipments; linearity checked with "
                             "every factor of coefficient_factors moved at once, alternately by +10 % and -10 %"},
            {"coefficient_factors", coefficient_factors},
            {"sensitivity", "Spearman rank correlation of each factor's multiplier with ER; variance share = rho^2 / "
                            "sum rho^2; first-order Sobol index = c^2 Var(m) / sum c^2 Var(m), exact for the linear "
                            "model, which orders the factors; one at a time: ER0 + c_f (q - 1) at the multiplier's "
                            "2.5 % and 97.5 % quantiles q"},
            {"held_at_their_values", held_at_their_values(false)},
            {"issuance", "issuable_t (the deterministic total) is what is issued; issuable_at_quantile_t is reported"}};
    if (drawn_inputs.empty()) return method;  // as before methodology inputs could be drawn: the same bytes
    method["drawn_inputs"] = drawn_inputs;
    method["inputs"] = "each methodology parameter, monitored number, catalog quantity or life with a distribution "
                       "(drawn_inputs) as its "
                       "response measured at the nodes response_nodes over every shipment, read by straight lines "
                       "between them; inputs and factors independent, their responses summed; checked with every "
                       "input at its 60 % quantile (input_checks.inputs), and with every factor moved too "
                       "(input_checks.interaction)";
    method["held_at_their_values"] = held_at_their_values(true);
    return method;
}

json distribution_json(const factor_distribution& d) {
    json j{{"shape", std::string(d.shape_name())}, {"derived", d.derived}, {"text", d.describe()}};
    if (d.kind == factor_distribution::shape::lognormal || d.kind == factor_distribution::shape::normal)
        j["sigma"] = text(d.sigma);
    else
        j["low"] = text(d.low), j["mode"] = text(d.mode), j["high"] = text(d.high);
    return j;
}

json model_json(const statement_model& m) {
    json factors = json::array();
    for (const auto& t : m.terms) {
        factors.push_back({{"factor_id", t.factor_id},
                           {"distribution", distribution_json(t.distribution)},
                           {"g_per_unit_multiplier",
                            {{"baseline", grams(t.baseline_g)},
                             {"project", grams(t.project_g)},
                             {"leakage", grams(t.leakage_g)},
                             {"reduction", grams(t.reduction_g)}}}});
        if (t.nodes.empty()) continue;
        // A methodology input: its measured response is what is drawn (the grams per unit are for reading).
        json nodes = json::array(), response = json::array();
        for (double n : t.nodes) nodes.push_back(text(n));
        for (const auto& r : t.response)
            response.push_back({{"baseline", r.baseline_g}, {"project", r.project_g}, {"leakage", r.leakage_g},
                                {"reduction", r.reduction_g}});
        factors.back()["response_nodes"] = nodes;
        factors.back()["response_g"] = response;
    }
    json out{{"factors", factors},
             {"reduction_g", m.deterministic.reduction_g},
             {"linearity", {{"residual_g", m.linearity_residual_g}, {"bound_g", m.linearity_bound_g}}}};
    if (m.has_inputs())
        out["input_checks"] = {{"inputs_residual_g", m.inputs_residual_g},
                               {"inputs_bound_g", m.inputs_bound_g},
                               {"interaction_residual_g", m.interaction_residual_g},
                               {"interaction_bound_g", m.interaction_bound_g}};
    return out;
}

json results_json(const statement_uncertainty& u) {
    return {{"baseline_t", summary_json(u.baseline_t)},
            {"project_t", summary_json(u.project_t)},
            {"reduction_t", summary_json(u.reduction_t)},
            {"probability_reduction_positive", text(u.probability_positive)},
            {"reduction_at_quantile_t", text(u.reduction_at_quantile_t)},
            {"issuable_at_quantile_t", u.issuable_at_quantile_t}};
}

/// Per factor, largest first-order Sobol index first (exact, so the order does not move with the draws;
/// ties by |ρ|, then by id): ρ, its share, the Sobol index, and ER one at a time at the 2.5 / 97.5 %
/// multipliers.
json sensitivity_json(const statement_uncertainty& u) {
    std::vector<const statement_term*> ranked;
    for (const auto& t : u.terms) ranked.push_back(&t);
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto* a, const auto* b) {
        if (a->sobol_first_order != b->sobol_first_order) return a->sobol_first_order > b->sobol_first_order;
        return std::fabs(a->spearman_reduction) > std::fabs(b->spearman_reduction);
    });
    const double er0 = static_cast<double>(u.deterministic.reduction_g);
    json out = json::array();
    for (const auto* t : ranked) {
        const double lo = multiplier_quantile(t->distribution, false), hi = multiplier_quantile(t->distribution, true);
        out.push_back({{"factor_id", t->factor_id},
                       {"spearman_reduction", text(t->spearman_reduction)},
                       {"variance_share", text(t->variance_share)},
                       {"sobol_first_order", text(t->sobol_first_order)},
                       {"multiplier_p2_5", text(lo)},
                       {"multiplier_p97_5", text(hi)},
                       {"reduction_at_p2_5_t", text((er0 + change_at(*t, lo).reduction_g) / 1e6)},
                       {"reduction_at_p97_5_t", text((er0 + change_at(*t, hi).reduction_g) / 1e6)}});
    }
    return out;
}

}  // namespace

std::vector<std::string> held_at_their_values(bool inputs_drawn) {
    if (!inputs_drawn) return {"methodology parameters", "monitored values", "catalog quantities", "GWP values"};
    return {"methodology parameters without a distribution", "monitored values without a distribution",
            "catalog quantities and lives without a distribution", "GWP values"};
}

double multiplier_quantile(const factor_distribution& d, bool upper) {
    return upper ? d.at(z_975, 0.975) : d.at(-z_975, 0.025);
}

namespace {

json section_json(const std::optional<statement_model>& model, const std::vector<std::string>& coefficient_factors,
                  const uncertainty_section_options& options) {
    json section;
    if (model) {
        monte_carlo_options mc;
        mc.iterations = options.iterations;
        mc.seed = options.seed;
        mc.threads = options.threads;
        const statement_uncertainty u = statement_monte_carlo(*model, mc, options.quantile);
        std::vector<std::string> drawn_inputs;
        for (const auto& t : model->terms)
            if (!t.nodes.empty()) drawn_inputs.push_back(t.factor_id);
        section = {{"method", method_json(options, coefficient_factors, drawn_inputs)},
                   {"model", model_json(*model)},
                   {"results", results_json(u)},
                   {"sensitivity", sensitivity_json(u)}};
    } else {
        section = {{"method", method_json(options, {})},
                   {"note", "no shipments of this customer in the period: nothing to draw"}};
    }
    return section;
}

}  // namespace

std::string uncertainty_section_json(const std::optional<statement_model>& model,
                                     const std::vector<std::string>& coefficient_factors,
                                     const uncertainty_section_options& options) {
    return section_json(model, coefficient_factors, options).dump(-1, ' ', false, json::error_handler_t::strict);
}

statement_document with_uncertainty_section(const statement_document& statement,
                                            const std::optional<statement_model>& model,
                                            const std::vector<std::string>& coefficient_factors,
                                            const uncertainty_section_options& options) {
    json st = json::parse(statement.json);
    if (st.value("format", std::string()) != statement_format_name(statement_format::v3))
        throw error("footprint.internal", source_location{"<statement>", 0, 0, "/format", {}},
                    "an uncertainty section added to a statement of another format",
                    statement_format_name(statement_format::v3), st.value("format", std::string()));
    st.erase("statement_digest");
    st["uncertainty"] = section_json(model, coefficient_factors, options);
    // Sealed as statement.cpp seals: SHA-256 of the canonical (compact, sorted) form without the digest.
    const std::string digest = sha256_hex(st.dump(-1, ' ', false, json::error_handler_t::strict));
    st["statement_digest"] = digest;
    return statement_document{statement.customer, st.dump(1, ' ', false, json::error_handler_t::strict) + "\n", digest};
}

void add_uncertainty_sections(std::vector<statement_document>& statements, const plan& p, shipment_reader& reader,
                              const statement_request& request, const uncertainty_section_options& options,
                              const std::vector<std::string>& extra_factors) {
    statement_models_options o;
    o.extra_factors = extra_factors;
    o.threads = options.threads;
    const statement_models models = measure_statement_models(p, statements, reader, request, o);
    for (std::size_t i = 0; i < statements.size(); ++i) {
        const auto& set = models.sets[i];
        statements[i] = with_uncertainty_section(statements[i], set ? std::optional(set->whole) : std::nullopt,
                                                 set ? models.factor_ids : std::vector<std::string>{}, options);
    }
}

}  // namespace footprint::uncertainty
