// Monte Carlo on a statement: per-factor coefficients measured by rebuilding
// the statement, a linearity check, counter-based draws. See
// statement_monte_carlo.hpp.

#include "footprint/uncertainty/statement_monte_carlo.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <thread>

#include "footprint/uncertainty/random.hpp"

namespace footprint::uncertainty {
namespace {

nlohmann::json parse(const std::string& json) {
    auto j = nlohmann::json::parse(json, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw error("footprint.statement.syntax", source_location{"<statement>", 0, 0, {}, {}}, "not a statement",
                    "a statement's canonical JSON");
    return j;
}

std::int64_t grams_at(const nlohmann::json& totals, const char* key) {
    if (!totals.contains(key) || !totals[key].is_number_integer())
        throw error("footprint.statement.field-type", source_location{"<statement>", 0, 0, std::string("totals_g.") + key, {}},
                    "missing or not an integer", "integer grams");
    return totals[key].get<std::int64_t>();
}

/// Iterations [first, last): the draws of every term and ER, BE, PE in tonnes.
void run_range(const statement_uncertainty& u, std::vector<std::vector<double>>& multipliers,
               std::vector<double>& be, std::vector<double>& pe, std::vector<double>& er, std::size_t first,
               std::size_t last) {
    std::vector<std::uint64_t> keys;
    for (const auto& t : u.terms) keys.push_back(key_of(t.factor_id));
    for (std::size_t k = first; k < last; ++k) {
        double b = static_cast<double>(u.deterministic.baseline_g), p = static_cast<double>(u.deterministic.project_g),
               r = static_cast<double>(u.deterministic.reduction_g);
        for (std::size_t t = 0; t < u.terms.size(); ++t) {
            const draw d = draw_of(u.options.seed, keys[t], k);
            const double m = u.terms[t].distribution.at(d.z, d.u);
            multipliers[t][k] = m;
            b += u.terms[t].baseline_g * (m - 1);
            p += u.terms[t].project_g * (m - 1);
            r += u.terms[t].reduction_g * (m - 1);
        }
        be[k] = b / 1e6;
        pe[k] = p / 1e6;
        er[k] = r / 1e6;
    }
}

}  // namespace

statement_totals totals_of_statement(const std::string& statement_json) {
    const auto j = parse(statement_json);
    if (!j.contains("totals_g") || !j["totals_g"].is_object())
        throw error("footprint.statement.field-type", source_location{"<statement>", 0, 0, "totals_g", {}},
                    "missing or not an object", "the statement's totals in grams");
    const auto& t = j["totals_g"];
    return {grams_at(t, "baseline"), grams_at(t, "project"), grams_at(t, "leakage"), grams_at(t, "reduction")};
}

std::vector<std::string> factors_of_statement(const std::string& statement_json) {
    const auto j = parse(statement_json);
    std::set<std::string> ids;
    if (j.contains("factors_used") && j["factors_used"].is_array())
        for (const auto& used : j["factors_used"])
            if (used.contains("chain") && used["chain"].is_array())
                for (const auto& link : used["chain"])
                    if (link.contains("factor_id") && link["factor_id"].is_string())
                        ids.insert(link["factor_id"].get<std::string>());
    return {ids.begin(), ids.end()};
}

statement_uncertainty statement_monte_carlo(const factor_library& factors,
                                            const std::function<std::string(const factor_library&)>& build,
                                            const monte_carlo_options& options, double quantile) {
    check_options(options);
    if (!(quantile > 0 && quantile < 1))
        throw error("footprint.uncertainty.options", source_location{"<command line>", 0, 0, "--quantile", {}},
                    "the quantile is out of range", "a number between 0 and 1, e.g. 0.05",
                    std::to_string(quantile));
    statement_uncertainty u;
    u.options = options;
    u.quantile = quantile;
    const std::string base_json = build(factors);
    const auto base = parse(base_json);
    u.customer = base.value("customer", std::string());
    u.deterministic = totals_of_statement(base_json);

    // Coefficients, one factor at a time (doubled: a change of 1 in its multiplier).
    std::vector<std::string> ids = factors_of_statement(base_json);
    std::vector<diagnostic> problems;
    for (const auto& id : ids) {
        statement_term t;
        t.factor_id = id;
        try {
            const emission_factor* f = factors.find(id);
            if (f == nullptr)
                throw error("footprint.factor.not-found", source_location{}, "no factor with id '" + id + "'",
                            "the id of a factor in the library", id);
            t.distribution = distribution_of(*f);
        } catch (const error& e) {
            problems.insert(problems.end(), e.problems().begin(), e.problems().end());
            continue;
        }
        const statement_totals moved = totals_of_statement(build(factors.with_factors_scaled({{id, 2.0}})));
        t.baseline_g = static_cast<double>(moved.baseline_g - u.deterministic.baseline_g);
        t.project_g = static_cast<double>(moved.project_g - u.deterministic.project_g);
        t.leakage_g = static_cast<double>(moved.leakage_g - u.deterministic.leakage_g);
        t.reduction_g = static_cast<double>(moved.reduction_g - u.deterministic.reduction_g);
        u.terms.push_back(std::move(t));
    }
    if (!problems.empty()) throw error(problems);

    // The linearity check: every factor moved at once, alternately up and down by 10 %.
    std::map<std::string, double> all;
    double predicted = static_cast<double>(u.deterministic.reduction_g);
    for (std::size_t i = 0; i < u.terms.size(); ++i) {
        const double m = i % 2 == 0 ? 1.1 : 0.9;
        all[u.terms[i].factor_id] = m;
        predicted += u.terms[i].reduction_g * (m - 1);
    }
    const std::int64_t measured = totals_of_statement(build(factors.with_factors_scaled(all))).reduction_g;
    u.linearity_residual_g = measured - static_cast<std::int64_t>(std::llround(predicted));
    // Each build's ER is off its unrounded value by at most half a gram per
    // rounded component per shipment; the prediction combines 2 builds at
    // weight 1 and 2F at weight 0.1 (the coefficients' two builds each).
    const std::uint64_t shipments = base.value("shipments", std::uint64_t{0});
    const std::uint64_t components = base.contains("by_component_g") ? base["by_component_g"].size() : 1;
    const double per_build = static_cast<double>(shipments) * static_cast<double>(std::max<std::uint64_t>(components, 1)) / 2;
    u.linearity_bound_g = static_cast<std::int64_t>(std::ceil(per_build * (2 + 0.2 * static_cast<double>(u.terms.size()))));
    if (std::llabs(u.linearity_residual_g) > u.linearity_bound_g)
        throw error("footprint.uncertainty.nonlinear", source_location{"<statement>", 0, 0, u.customer, {}},
                    "the statement's ER is not linear in its factors: moving every factor at once gives " +
                        std::to_string(measured) + " g, the sum of one-at-a-time changes predicts " +
                        std::to_string(std::llround(predicted)) + " g",
                    "a difference within the rounding of grams per shipment (" +
                        std::to_string(u.linearity_bound_g) + " g)",
                    std::to_string(u.linearity_residual_g) + " g");

    // Iterations, split over threads without changing a bit.
    const std::size_t n = options.iterations;
    std::vector<std::vector<double>> multipliers(u.terms.size(), std::vector<double>(n));
    std::vector<double> be(n), pe(n);
    u.reduction_draws_t.assign(n, 0.0);
    const std::size_t threads = std::min<std::size_t>(options.threads, n);
    const std::size_t chunk = (n + threads - 1) / threads;
    std::vector<std::thread> pool;
    for (std::size_t i = 0; i < threads; ++i) {
        const std::size_t first = i * chunk, last = std::min(n, first + chunk);
        if (first < last)
            pool.emplace_back([&, first, last] { run_range(u, multipliers, be, pe, u.reduction_draws_t, first, last); });
    }
    for (auto& th : pool) th.join();

    u.baseline_t = summarise(be);
    u.project_t = summarise(pe);
    u.reduction_t = summarise(u.reduction_draws_t);
    u.probability_positive = static_cast<double>(std::count_if(u.reduction_draws_t.begin(), u.reduction_draws_t.end(),
                                                               [](double v) { return v > 0; })) /
                             static_cast<double>(n);
    std::vector<double> sorted = u.reduction_draws_t;
    std::sort(sorted.begin(), sorted.end());
    u.reduction_at_quantile_t = quantile_sorted(sorted, quantile);
    u.issuable_at_quantile_t =
        u.reduction_at_quantile_t > 0 ? static_cast<std::int64_t>(std::floor(u.reduction_at_quantile_t)) : 0;

    // Sensitivity: Spearman's ρ of each multiplier with ER; ρ² shares.
    const std::vector<double> er_ranks = ranks(u.reduction_draws_t);
    double sum_rho2 = 0;
    for (std::size_t t = 0; t < u.terms.size(); ++t) {
        u.terms[t].spearman_reduction = rank_correlation(ranks(multipliers[t]), er_ranks);
        sum_rho2 += u.terms[t].spearman_reduction * u.terms[t].spearman_reduction;
    }
    for (auto& t : u.terms) t.variance_share = sum_rho2 > 0 ? t.spearman_reduction * t.spearman_reduction / sum_rho2 : 0;
    return u;
}

}  // namespace footprint::uncertainty
