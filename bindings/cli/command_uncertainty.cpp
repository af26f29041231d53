// `footprint uncertainty`: seeded Monte Carlo on one customer's statement
// (footprint/uncertainty/statement_monte_carlo.hpp; docs/uncertainty.md).

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "json_output.hpp"
#include "progress_line.hpp"
#include "footprint/ingest/ledger.hpp"
#include "footprint/core/atomic_file.hpp"
#include "footprint/statement/statement.hpp"
#include "footprint/statement/statement_guard.hpp"
#include "footprint/uncertainty/statement_coefficients.hpp"
#include "footprint/uncertainty/statement_monte_carlo.hpp"
#include "footprint/uncertainty/statement_uncertainty_section.hpp"

namespace footprint::cli {
namespace {

struct uncertainty_options {
    bound_options bound;
    std::string shipments, customer, from, to, output;
    std::size_t iterations = 10000;
    std::uint64_t seed = 1;
    unsigned threads = 1;
    double quantile = 0.05;
    bool json = false;
    bool by_month = false;
};

nlohmann::json summary_json(const uncertainty::summary& s) {
    return {{"mean", s.mean}, {"sd", s.sd}, {"min", s.min}, {"p2_5", s.p2_5}, {"p5", s.p5}, {"median", s.median},
            {"p95", s.p95}, {"p97_5", s.p97_5}, {"max", s.max}};
}

/// The terms by their first-order Sobol index, largest first: exact for the linear model, so
/// the order does not depend on the draws (ranked by |ρ|, factors that move ER by a few kg
/// took places by sampling noise below the first); ties by |ρ|, then by id.
std::vector<const uncertainty::statement_term*> ranked(const uncertainty::statement_uncertainty& u) {
    std::vector<const uncertainty::statement_term*> out;
    for (const auto& t : u.terms) out.push_back(&t);
    std::stable_sort(out.begin(), out.end(), [](const auto* a, const auto* b) {
        if (a->sobol_first_order != b->sobol_first_order) return a->sobol_first_order > b->sobol_first_order;
        return std::fabs(a->spearman_reduction) > std::fabs(b->spearman_reduction);
    });
    return out;
}

/// What a run found, of a period or a month: totals, linearity, summaries, P(ER > 0), the quantile's tonnes.
nlohmann::json figures_json(const uncertainty::statement_uncertainty& u) {
    nlohmann::json j{{"deterministic_g",
             {{"baseline", u.deterministic.baseline_g},
              {"project", u.deterministic.project_g},
              {"leakage", u.deterministic.leakage_g},
              {"reduction", u.deterministic.reduction_g}}},
            {"linearity", {{"residual_g", u.linearity_residual_g}, {"bound_g", u.linearity_bound_g}}},
            {"baseline_t", summary_json(u.baseline_t)},
            {"project_t", summary_json(u.project_t)},
            {"reduction_t", summary_json(u.reduction_t)},
            {"probability_reduction_positive", u.probability_positive},
            {"reduction_at_quantile_t", u.reduction_at_quantile_t},
            {"issuable_at_quantile_t", u.issuable_at_quantile_t}};
    if (u.has_inputs)
        j["input_checks"] = {{"inputs_residual_g", u.inputs_residual_g},
                             {"inputs_bound_g", u.inputs_bound_g},
                             {"interaction_residual_g", u.interaction_residual_g},
                             {"interaction_bound_g", u.interaction_bound_g}};
    return j;
}

nlohmann::json result_json(const uncertainty::statement_uncertainty& u, const std::string& digest,
                           const std::string& from, const std::string& to) {
    nlohmann::json factors = nlohmann::json::array();
    for (const auto* t : ranked(u)) {
        factors.push_back({{"factor_id", t->factor_id},
                           {"distribution", t->distribution.describe()},
                           {"multiplier_mean", t->distribution.mean()},
                           {"multiplier_sd", t->distribution.sd()},
                           {"baseline_g_per_unit", t->baseline_g},
                           {"project_g_per_unit", t->project_g},
                           {"leakage_g_per_unit", t->leakage_g},
                           {"reduction_g_per_unit", t->reduction_g},
                           {"spearman_reduction", t->spearman_reduction},
                           {"variance_share", t->variance_share},
                           {"sobol_first_order", t->sobol_first_order}});
        if (t->nodes.empty()) continue;
        // A methodology input: drawn through its measured response; ER one at a time at its 2.5 / 97.5 %.
        const double er0 = static_cast<double>(u.deterministic.reduction_g);
        nlohmann::json response = nlohmann::json::array();
        for (const auto& r : t->response) response.push_back(r.reduction_g);
        factors.back()["response_nodes"] = t->nodes;
        factors.back()["reduction_response_g"] = response;
        factors.back()["reduction_at_p2_5_t"] =
            (er0 + uncertainty::change_at(*t, uncertainty::multiplier_quantile(t->distribution, false)).reduction_g) / 1e6;
        factors.back()["reduction_at_p97_5_t"] =
            (er0 + uncertainty::change_at(*t, uncertainty::multiplier_quantile(t->distribution, true)).reduction_g) / 1e6;
    }
    nlohmann::json j{{"format", "footprint-statement-uncertainty/1"},
            {"customer", u.customer},
            {"period", {{"from", from}, {"to", to}}},
            {"statement_digest", digest},
            {"method",
             {{"iterations", u.options.iterations},
              {"seed", u.options.seed},
              {"random_numbers", "counter-based (splitmix64 of seed, factor id, iteration), Box-Muller normals"},
              {"percentiles", "Hyndman and Fan (1996) definition 7"},
              {"coefficients", "one factor at a time, doubled; linearity checked with every factor moved by 10 %"},
              {"sensitivity", "Spearman rank correlation of each factor's multiplier with ER; variance share = rho^2 / sum rho^2; "
                              "first-order Sobol index = c^2 Var(m) / sum c^2 Var(m), exact for the linear model"},
              {"held_at_their_values", uncertainty::held_at_their_values(false)}}},
            {"quantile", u.quantile},
            {"factors", factors}};
    if (u.has_inputs) {
        j["method"]["held_at_their_values"] = uncertainty::held_at_their_values(true);
        j["method"]["inputs"] = "each methodology or catalog input with a distribution through its response measured at "
                                "response_nodes over every shipment, straight lines between them; responses summed";
    }
    j.update(figures_json(u));
    return j;
}

/// One month's figures (no sensitivity: that is the period's).
nlohmann::json month_json(const uncertainty::statement_uncertainty& u, const uncertainty::statement_model& m) {
    nlohmann::json j{{"month", m.month}, {"shipments", m.shipments}};
    j.update(figures_json(u));
    return j;
}

std::string months_text(const nlohmann::json& months) {
    std::string out = fmt::format("  {:<8} {:>10} {:>16} {:>12} {:>12} {:>12} {:>10}\n", "month", "shipments",
                                  "deterministic t", "mean t", "2.5 % t", "97.5 % t", "P(ER > 0)");
    for (const auto& m : months)
        out += fmt::format("  {:<8} {:>10} {:>16.6f} {:>12.3f} {:>12.3f} {:>12.3f} {:>10.4f}\n",
                           m["month"].get<std::string>(), m["shipments"].get<std::uint64_t>(),
                           static_cast<double>(m["deterministic_g"]["reduction"].get<std::int64_t>()) / 1e6,
                           m["reduction_t"]["mean"].get<double>(), m["reduction_t"]["p2_5"].get<double>(),
                           m["reduction_t"]["p97_5"].get<double>(),
                           m["probability_reduction_positive"].get<double>());
    return out;
}

std::string result_text(const uncertainty::statement_uncertainty& u) {
    std::string out = fmt::format("{}: {} iterations, seed {}\n", u.customer, u.options.iterations, u.options.seed);
    out += fmt::format("{:<4} {:>16} {:>16} {:>16} {:>16} {:>16}\n", "", "deterministic t", "mean t", "2.5 % t",
                       "median t", "97.5 % t");
    auto row = [&](const char* name, std::int64_t g, const uncertainty::summary& s) {
        out += fmt::format("{:<4} {:>16.6f} {:>16.3f} {:>16.3f} {:>16.3f} {:>16.3f}\n", name,
                           static_cast<double>(g) / 1e6, s.mean, s.p2_5, s.median, s.p97_5);
    };
    row("BE", u.deterministic.baseline_g, u.baseline_t);
    row("PE", u.deterministic.project_g, u.project_t);
    row("ER", u.deterministic.reduction_g, u.reduction_t);
    out += fmt::format("P(ER > 0) {:.4f}; ER at the {} quantile {:.3f} t: issuable {} t (whole tonnes, rounded down)\n",
                       u.probability_positive, u.quantile, u.reduction_at_quantile_t, u.issuable_at_quantile_t);
    out += fmt::format("linearity: all factors moved at once differ from the one-at-a-time sum by {} g (rounding allows {} g)\n",
                       u.linearity_residual_g, u.linearity_bound_g);
    if (u.has_inputs)
        out += fmt::format("inputs with a distribution: all moved at once differ from the sum of their responses by {} g "
                           "(allowed {} g); with every factor moved too, by {} g (allowed {} g)\n",
                           u.inputs_residual_g, u.inputs_bound_g, u.interaction_residual_g, u.interaction_bound_g);
    out += "factors by their first-order Sobol index (Spearman rho, share of rho^2, Sobol index):\n";
    for (const auto* t : ranked(u))
        out += fmt::format("  {:<58} {:>+8.4f} {:>7.2f} % {:>7.2f} %  {}\n", t->factor_id, t->spearman_reduction,
                           100 * t->variance_share, 100 * t->sobol_first_order, t->distribution.describe());
    return out;
}

}  // namespace

void register_uncertainty(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<uncertainty_options>();
    CLI::App* cmd = app.add_subcommand(
        "uncertainty",
        "Seeded Monte Carlo on one customer's statement: BE, PE, ER percentiles, P(ER > 0), the tonnes issuable at a "
        "low quantile, and which factor matters (docs/uncertainty.md)");
    o->bound.add_to(*cmd);
    cmd->add_option("-s,--shipments", o->shipments, "Shipments CSV or ledger (.sqlite)")->required();
    cmd->add_option("--customer", o->customer, "Customer id (default: every customer, one Monte Carlo each, one reading)");
    cmd->add_option("--from", o->from, "First day of the period, YYYY-MM-DD (inclusive)")->required();
    cmd->add_option("--to", o->to, "Last day of the period, YYYY-MM-DD (inclusive)")->required();
    cmd->add_option("-n,--iterations", o->iterations, "Monte Carlo iterations")->capture_default_str();
    cmd->add_option("--seed", o->seed, "Seed; the same seed gives the same bytes")->capture_default_str();
    cmd->add_option("--threads", o->threads, "Threads for the iterations (changes no result)")->capture_default_str();
    cmd->add_option("--quantile", o->quantile,
                    "Quantile of ER whose whole tonnes are reported as issuable (a low one is the conservative choice)")
        ->capture_default_str();
    cmd->add_flag("--by-month", o->by_month,
                  "Also each month of the period: its own Monte Carlo, with the period's draws (months add up)");
    cmd->add_option("-o,--output", o->output, "Write the result (JSON: footprint-statement-uncertainty/1, or -set/1 for every customer) to this file");
    cmd->add_flag("--json", o->json, "Print the result as JSON (footprint-statement-uncertainty/1, or -set/1 for every customer) instead of text");
    cmd->callback([o, &exit_code] {
        plan_inputs in = bind_inputs(o->bound);
        statement_request req;
        if (!o->customer.empty()) req.customer = o->customer;
        req.from_day = parse_day(o->from, "--from");
        req.to_day = parse_day(o->to, "--to");
        req.source_name = o->shipments;
        claim_request claim{o->shipments, req.customer, req.from_day, req.to_day, false};
        claim.allow_empty_name.clear();  // a Monte Carlo of a period without shipments has nothing to draw
        check_statement_period(claim);
        statement_context ctx;
        ctx.factor_sets = in.factor_set_infos();
        const plan& p = *in.compiled;
        const std::uint64_t size = is_ledger_file(o->shipments) ? 0 : progress_line::file_size(o->shipments);
        const bool shown = progress_line::wanted(o->json, false);
        // The statements as `statement` builds them (totals, digests, the factors each names) ...
        std::vector<statement_document> docs;
        {
            progress_line progress("uncertainty: statements", size, shown);
            req.progress = [&progress](const ingest_counts& c) { progress.update(c.bytes, c.rows_in, c.rejected); };
            shipment_reader reader = open_shipments(o->shipments, p, in, true);
            docs = build_statements(p, reader, ctx, req);
            progress.finish();
        }
        // Refused as `footprint statement` refuses them: an unknown customer, a period without its
        // shipments; every customer: those without shipments in the period are skipped, and said so.
        std::vector<std::string> skipped;
        docs = keep_claimable(std::move(docs), claim, skipped);
        for (const auto& c : skipped)
            std::cerr << "footprint: " << c << " has no shipments in the period; no Monte Carlo for it\n";
        // ... then one more reading for every factor's coefficient, every customer at once (statement_coefficients.hpp).
        uncertainty::statement_models models;
        {
            progress_line progress("uncertainty: coefficients", size, shown);
            req.progress = [&progress](const ingest_counts& c) { progress.update(c.bytes, c.rows_in, c.rejected); };
            shipment_reader reader = open_shipments(o->shipments, p, in, false);
            uncertainty::statement_models_options mo;
            mo.by_month = o->by_month;
            mo.threads = o->threads;
            models = uncertainty::measure_statement_models(p, docs, reader, req, mo);
            progress.finish();
        }
        uncertainty::monte_carlo_options mc;
        mc.iterations = o->iterations;
        mc.seed = o->seed;
        mc.threads = o->threads;
        nlohmann::json all = nlohmann::json::array();
        std::string text;
        for (std::size_t i = 0; i < docs.size(); ++i) {
            // keep_claimable left only statements with shipments, each with its model.
            const uncertainty::statement_model_set& set = models.sets.at(i).value();
            const auto u = uncertainty::statement_monte_carlo(set.whole, mc, o->quantile);
            all.push_back(result_json(u, docs[i].digest, o->from, o->to));
            text += (i > 0 ? "\n" : "") + result_text(u);
            if (!o->by_month) continue;
            nlohmann::json months = nlohmann::json::array();
            for (const auto& m : set.months)
                months.push_back(month_json(uncertainty::statement_monte_carlo(m, mc, o->quantile), m));
            text += "by month (each month's draws are the period's, so the months add up):\n" + months_text(months);
            all.back()["by_month"] = std::move(months);
        }
        // One customer: its object (footprint-statement-uncertainty/1); every customer: the set of them.
        const nlohmann::json j = !o->customer.empty()
                                     ? all.front()
                                     : nlohmann::json{{"format", "footprint-statement-uncertainty-set/1"},
                                                      {"period", {{"from", o->from}, {"to", o->to}}},
                                                      {"statements", all}};
        if (!o->output.empty()) {
            atomic_file f(o->output);
            f.write(j.dump(1) + "\n");
            f.commit();
        }
        if (o->json) print_json(j);
        else std::cout << text;
        exit_code = exit_ok;
    });
}

}  // namespace footprint::cli
