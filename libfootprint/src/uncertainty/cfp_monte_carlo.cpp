// Monte Carlo on a product footprint: linear terms per factor, counter-based
// draws, iterations split over threads without changing a bit.

#include "footprint/uncertainty/cfp_monte_carlo.hpp"

#include <algorithm>
#include <thread>

#include "footprint/uncertainty/random.hpp"

namespace footprint::uncertainty {
namespace {

void add_items(const footprint_result& r, std::vector<factor_term>& terms, bool per_trip) {
    for (const auto& st : r.stages)
        for (const auto& it : st.items) {
            auto t = std::find_if(terms.begin(), terms.end(),
                                  [&](const factor_term& x) { return x.factor_id == it.factor_id; });
            if (t == terms.end()) {
                terms.push_back(factor_term{it.factor_id, {}, 0, 0});
                t = terms.end() - 1;
            }
            (per_trip ? t->per_trip_kg : t->per_unit_kg) += it.emission.value();
        }
}

/// Iterations [first, last): the draws of every term and the two totals.
void run_range(cfp_uncertainty& out, std::size_t first, std::size_t last) {
    const std::size_t n_terms = out.terms.size();
    std::vector<std::uint64_t> keys(n_terms);
    for (std::size_t t = 0; t < n_terms; ++t) keys[t] = key_of(out.terms[t].factor_id);
    for (std::size_t k = first; k < last; ++k) {
        double unit = 0, trip = 0;
        for (std::size_t t = 0; t < n_terms; ++t) {
            const draw d = draw_of(out.options.seed, keys[t], k);
            const double m = out.terms[t].distribution.at(d.z, d.u);
            out.multipliers[t][k] = m;
            unit += out.terms[t].per_unit_kg * m;
            trip += out.terms[t].per_trip_kg * m;
        }
        out.per_unit_draws[k] = unit;
        out.per_trip_draws[k] = trip;
    }
}

void sensitivity_of(cfp_uncertainty& out) {
    double sum_rho2 = 0;
    out.sensitivity.resize(out.terms.size());
    const std::vector<double> unit_ranks = ranks(out.per_unit_draws), trip_ranks = ranks(out.per_trip_draws);
    for (std::size_t t = 0; t < out.terms.size(); ++t) {
        const std::vector<double> r = ranks(out.multipliers[t]);
        out.sensitivity[t].spearman_per_unit = rank_correlation(r, unit_ranks);
        out.sensitivity[t].spearman_per_trip = rank_correlation(r, trip_ranks);
        sum_rho2 += out.sensitivity[t].spearman_per_trip * out.sensitivity[t].spearman_per_trip;
    }
    for (auto& s : out.sensitivity)
        s.variance_share_per_trip = sum_rho2 > 0 ? s.spearman_per_trip * s.spearman_per_trip / sum_rho2 : 0.0;
}

}  // namespace

void check_options(const monte_carlo_options& o) {
    diagnostics problems;
    const source_location where{"<command line>", 0, 0, "", {}};
    if (o.iterations < 1 || o.iterations > monte_carlo_options::max_iterations) {
        source_location at = where;
        at.field = "--uncertainty";
        problems.add("footprint.uncertainty.options", at, "the number of iterations is out of range",
                     "1 … " + std::to_string(monte_carlo_options::max_iterations), std::to_string(o.iterations));
    }
    if (o.threads < 1 || o.threads > monte_carlo_options::max_threads) {
        source_location at = where;
        at.field = "--threads";
        problems.add("footprint.uncertainty.options", at, "the number of threads is out of range",
                     "1 … " + std::to_string(monte_carlo_options::max_threads), std::to_string(o.threads));
    }
    problems.throw_if_any();
}

std::vector<factor_term> linear_terms(const product_footprint& fp, const factor_library& factors) {
    std::vector<factor_term> terms;
    add_items(fp.per_unit, terms, false);
    add_items(fp.per_trip, terms, true);
    std::vector<diagnostic> problems;
    for (auto& t : terms) {
        try {
            const emission_factor* f = factors.find(t.factor_id);
            if (f == nullptr)
                throw error("footprint.factor.not-found", source_location{}, "no factor with id '" + t.factor_id + "'",
                            "the id of a factor in the library", t.factor_id);
            t.distribution = distribution_of(*f);
        } catch (const error& e) {
            problems.insert(problems.end(), e.problems().begin(), e.problems().end());
        }
    }
    if (!problems.empty()) throw error(problems);
    return terms;
}

cfp_uncertainty cfp_monte_carlo(const product_footprint& fp, const factor_library& factors,
                                const monte_carlo_options& options) {
    check_options(options);
    cfp_uncertainty out;
    out.product_id = fp.product != nullptr ? fp.product->id : std::string();
    out.options = options;
    out.terms = linear_terms(fp, factors);
    for (const auto& t : out.terms) {
        out.per_unit_kg += t.per_unit_kg;
        out.per_trip_kg += t.per_trip_kg;
    }
    const std::size_t n = options.iterations;
    out.multipliers.assign(out.terms.size(), std::vector<double>(n));
    out.per_unit_draws.assign(n, 0.0);
    out.per_trip_draws.assign(n, 0.0);
    const std::size_t threads = std::min<std::size_t>(options.threads, n);
    if (threads <= 1) {
        run_range(out, 0, n);
    } else {
        std::vector<std::thread> pool;
        const std::size_t chunk = (n + threads - 1) / threads;
        for (std::size_t i = 0; i < threads; ++i) {
            const std::size_t first = i * chunk, last = std::min(n, first + chunk);
            if (first < last) pool.emplace_back([&out, first, last] { run_range(out, first, last); });
        }
        for (auto& th : pool) th.join();
    }
    out.per_unit = summarise(out.per_unit_draws);
    out.per_trip = summarise(out.per_trip_draws);
    sensitivity_of(out);
    return out;
}

}  // namespace footprint::uncertainty
