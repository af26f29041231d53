// The ex-ante estimate's Monte Carlo. See estimate_uncertainty.hpp.

#include "footprint/project/estimate_uncertainty.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "footprint/core/calendar.hpp"
#include "footprint/project/estimate.hpp"
#include "footprint/uncertainty/statement_coefficients.hpp"
#include "footprint/uncertainty/tabulated_input.hpp"

namespace footprint {
namespace {

using uncertainty::input_place;
using uncertainty::statement_totals;
using uncertainty::tabulated_input;

/// Expected amounts in grams, rounded to the nearest gram.
statement_totals grams_of(const expected_amounts& e) {
    auto g = [](double v) { return static_cast<std::int64_t>(std::llround(v)); };
    return {g(e.baseline_g), g(e.project_g), g(e.leakage_g), g(e.reduction_g())};
}

/// The estimate's total under `p`, distances scaled.
statement_totals totals_under(const project_description& project, const plan& p, const distance_scale& scale = {}) {
    return grams_of(expected_crediting_period(project, p, scale));
}

/// Inputs moved in one run: the plan bound again for parameters and catalog items, distances scaled, a
/// copy of the project for its own values (a customer's washed share).
statement_totals moved_totals(const project_description& project, const plan& p,
                              const std::vector<std::pair<const tabulated_input*, double>>& moves,
                              const factor_library* library) {
    std::vector<std::pair<const tabulated_input*, double>> bound;
    distance_scale scale;
    project_description moved = project;
    for (const auto& [in, m] : moves) {
        if (in->place == input_place::monitored) scale[in->name] = m;
        else if (in->place == input_place::project) {
            for (auto& c : moved.customers)
                if (c.id == in->product) c.washed_share = std::min(1.0, in->value * m);
        } else bound.emplace_back(in, m);
    }
    if (bound.empty() && library == nullptr) return totals_under(moved, p, scale);
    return totals_under(moved, uncertainty::plan_with_moves(p, bound, library), scale);
}

/// The project's own inputs with a distribution: each customer's washed share that declares one.
void add_project_inputs(const project_description& project, std::vector<tabulated_input>& inputs) {
    for (const auto& c : project.customers)
        if (c.washed_share_distribution)
            inputs.push_back(uncertainty::tabulated_input_of("project:" + c.id + "/washed_share", "washed_share",
                                                             input_place::project, *c.washed_share_distribution,
                                                             c.washed_share, c.id));
    std::sort(inputs.begin(), inputs.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
}

}  // namespace

uncertainty::statement_model estimate_model(const project_description& project, const plan& p) {
    uncertainty::coefficient_pass pass;
    const factor_library& library = *p.options().factors;
    for (const auto* f : library.sorted_by_id()) pass.factor_ids.push_back(f->id);
    pass.check_multipliers = uncertainty::linearity_check_multipliers(pass.factor_ids);
    pass.components = p.components().size();
    pass.inputs = uncertainty::tabulated_inputs(p);  // a project's scenario values are the plan's overrides
    add_project_inputs(project, pass.inputs);

    uncertainty::customer_totals_under_plans& c = pass.customers[project.id];
    const expected_amounts expected = expected_crediting_period(project, p);
    c.base = grams_of(expected);
    c.shipments = static_cast<std::uint64_t>(std::ceil(expected.trips));
    const factor_library moved = library.with_factors_scaled(pass.check_multipliers);
    c.moved = moved_totals(project, p, {}, &moved);
    for (const auto& id : pass.factor_ids) {
        const factor_library doubled = library.with_factors_scaled({{id, 2.0}});
        c.doubled.push_back(moved_totals(project, p, {}, &doubled));
    }
    std::vector<std::pair<const tabulated_input*, double>> all;
    for (const auto& in : pass.inputs) {
        c.at_nodes.emplace_back();
        for (const double m : in.nodes)
            c.at_nodes.back().push_back(m == 1.0 ? c.base : moved_totals(project, p, {{&in, m}}, nullptr));
        all.emplace_back(&in, in.check_multiplier);
    }
    if (!pass.inputs.empty()) {
        c.inputs_moved = moved_totals(project, p, all, nullptr);
        c.all_moved = moved_totals(project, p, all, &moved);
    }
    return uncertainty::statement_model_of(pass, project.id, {}, library);
}

std::string estimate_uncertainty_json(const project_description& project, const plan& p,
                                      const std::string& estimate_digest,
                                      const uncertainty::uncertainty_section_options& options) {
    uncertainty::monte_carlo_options check;  // refused before the ~80 runs, naming the option
    check.iterations = options.iterations;
    check.threads = options.threads;
    uncertainty::check_options(check);
    const uncertainty::statement_model model = estimate_model(project, p);
    std::vector<std::string> measured;
    for (const auto* f : p.options().factors->sorted_by_id()) measured.push_back(f->id);
    nlohmann::json j{{"format", "footprint-estimate-uncertainty/1"},
                     {"project", project.id},
                     {"estimate_digest", estimate_digest},
                     {"scope", "the estimate's total over the crediting period (its `totals`)"},
                     {"crediting_period",
                      {{"from", format_iso_date(project.start_day)},
                       {"to", format_iso_date(project.end_day())},
                       {"years", project.crediting_years}}},
                     {"uncertainty", nlohmann::json::parse(uncertainty::uncertainty_section_json(model, measured, options))}};
    return j.dump(1, ' ', false, nlohmann::json::error_handler_t::strict) + "\n";
}

}  // namespace footprint
