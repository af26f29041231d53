// `footprint cfp --uncertainty`: seeded Monte Carlo and sensitivity of product footprints.

#include "cfp_uncertainty.hpp"

#include "footprint/uncertainty/cfp_monte_carlo.hpp"
#include "footprint/uncertainty/cfp_uncertainty_report.hpp"

namespace footprint::cli {

void cfp_uncertainty_options::add_to(CLI::App& cmd) {
    flag = cmd.add_option("--uncertainty", iterations,
                          "Monte Carlo with N iterations: mean, median, 2.5/5/95/97.5 % and the Spearman "
                          "sensitivity of each factor and of each catalog quantity and life that declares "
                          "a distribution (docs/uncertainty.md)");
    cmd.add_option("--seed", seed, "Seed of the Monte Carlo; the same seed gives the same bytes")
        ->capture_default_str()
        ->needs(flag);
    cmd.add_option("--threads", threads, "Threads for the Monte Carlo (changes no result)")
        ->capture_default_str()
        ->needs(flag);
}

std::string run_cfp_uncertainty(const std::vector<const packaging_product*>& products, const factor_library& factors,
                                 const cfp_options& options, const cfp_uncertainty_options& u, bool json) {
    uncertainty::monte_carlo_options mc;
    mc.iterations = u.iterations;
    mc.seed = u.seed;
    mc.threads = u.threads;
    uncertainty::check_options(mc);
    std::vector<uncertainty::cfp_uncertainty> results;
    std::vector<diagnostic> problems;
    for (const auto* p : products) {
        try {
            results.push_back(uncertainty::cfp_monte_carlo(compute_product_footprint(*p, factors, options), factors, mc));
        } catch (const error& e) {
            problems.insert(problems.end(), e.problems().begin(), e.problems().end());
        }
    }
    if (!problems.empty()) throw error(problems);
    if (json) return uncertainty::render_cfp_uncertainty_json(results, options);
    std::string out;
    for (std::size_t i = 0; i < results.size(); ++i) {
        if (i) out += "\n";
        out += uncertainty::render_cfp_uncertainty_table(results[i], options);
    }
    return out;
}

}  // namespace footprint::cli
