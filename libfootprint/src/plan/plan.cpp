// A plan: binding a methodology (binder, bind_*.cpp), compiling it into a
// column program (compile.cpp), and what a plan tells about itself. Running
// it is in evaluate.cpp (batches) and evaluate_row.cpp (one row, explain).
// See plan.hpp for the why.

#include "footprint/plan/plan.hpp"

#include <algorithm>
#include <cmath>

#include "footprint/core/number_text.hpp"

#include "plan/detail/binder.hpp"
#include "plan/detail/plan_impl.hpp"

namespace footprint {

std::int64_t round_grams(double kg, rounding_mode mode) {
    const double g = kg * 1000.0;
    const double nearest = std::nearbyint(g);
    if (std::fabs(g - nearest) <= 1e-9 * std::max(1.0, std::fabs(g))) return static_cast<std::int64_t>(nearest);
    switch (mode) {
        case rounding_mode::down: return static_cast<std::int64_t>(std::floor(g));
        case rounding_mode::up: return static_cast<std::int64_t>(std::ceil(g));
        case rounding_mode::nearest: return static_cast<std::int64_t>(std::round(g));
    }
    return static_cast<std::int64_t>(nearest);
}

std::string value_type::describe() const {
    switch (k) {
        case kind::boolean: return "a condition (true/false)";
        case kind::text: return "text";
        case kind::product: return "a product id";
        case kind::region: return "a region id";
        case kind::date: return "a date";
        case kind::number: break;
    }
    if (dim == dimensions::emission) return "CO2e";
    return dimension_name(dim);
}

void batch_output::resize(std::size_t rows, std::size_t components) {
    baseline_g.resize(rows);
    project_g.resize(rows);
    leakage_g.resize(rows);
    reduction_g.resize(rows);
    component_g.resize(components);
    for (auto& c : component_g) c.resize(rows);
    problem.assign(rows, 0);
    implausible.assign(rows, 0);
}

using detail::bnode;
using detail::op;
using detail::plan_impl;

namespace {
/// Every override names a fixed parameter and lies in the range the methodology
/// declares for it (issue 15: `annual_loss=-0.5` raised the issuable amount);
/// every bad override is reported, not just the first.
void check_overrides(const methodology& m, const std::map<std::string, double>& overrides, diagnostics& out) {
    for (const auto& [name, v] : overrides) {
        const fixed_parameter* fp = m.find_fixed(name);
        if (!fp) {
            out.add("footprint.plan.unknown-override", {}, "override of '" + name + "', which is not a fixed parameter",
                    "a fixed parameter of " + m.id, name);
            continue;
        }
        const bool outside = !std::isfinite(v) || (fp->minimum && v < *fp->minimum) || (fp->maximum && v > *fp->maximum);
        if (!outside) continue;
        const std::string unit = fp->value.unit.text == "1" ? "" : " " + fp->value.unit.text;
        out.add("footprint.plan.override-range", source_location{"<overrides>", 0, 0, name, {}},
                "override " + name + "=" + shortest_text(v) + " is outside the range " + range_text(*fp) + unit +
                    " that " + m.id + " " + m.version + " declares for it (" + fp->where.str() + ")" +
                    (fp->range_why.empty() ? "" : " (" + fp->range_why + ")"),
                "a value of " + name + " in " + range_text(*fp), shortest_text(v));
    }
}
}  // namespace

plan plan::bind(const methodology& m, plan_options options) {
    if (!options.factors) throw error("footprint.plan.options", {}, "no factor library given", "a factor library");
    if (!options.products) throw error("footprint.plan.options", {}, "no catalog given", "a packaging catalog");
    if (!options.gwp) options.gwp = &gwp_ar6;
    auto impl = std::make_shared<plan_impl>();
    impl->m = m;
    impl->options = std::move(options);
    diagnostics out;
    check_overrides(m, impl->options.overrides, out);
    // Binding with a refused value only adds its consequences (a division by zero for 0 trips a year).
    out.throw_if_any();
    detail::binder b(*impl, out);
    // A memo is a reported figure, not a claim: rounded to the nearest gram.
    rounding_mode modes[5] = {rounding_mode::nearest, m.rounding.baseline, m.rounding.project, m.rounding.leakage,
                              rounding_mode::nearest};
    for (const auto& eq : impl->m.equations) {
        int n = b.bind_equation(eq.name, eq.where);
        if (n < 0 || eq.term == emission_term::none) continue;
        const value_type& t = impl->nodes[static_cast<std::size_t>(n)].type;
        if (!t.is_co2e()) {
            out.add("footprint.expr.not-co2e", eq.expression ? eq.expression->where : eq.where,
                    "equation '" + eq.name + "' is a component of " + std::string(term_name(eq.term)) + " but is " +
                        t.describe(),
                    "an expression that reduces to CO2e", eq.expression_text);
            continue;
        }
        impl->components.push_back(plan_component{eq.name, eq.term, eq.stage, eq.credit,
                                                  modes[static_cast<int>(eq.term)]});
        impl->component_nodes.push_back(n);
    }
    for (const auto& c : impl->m.applicability) {
        if (!c.check) continue;
        int n = b.bind(*c.check);
        if (n < 0) continue;
        const bnode& node = impl->nodes[static_cast<std::size_t>(n)];
        if (node.type.k != value_type::kind::boolean) {
            out.add("footprint.expr.type", c.check->where, "applicability check " + c.id + " is not a condition",
                    "a comparison or condition", c.check_text);
            continue;
        }
        if (node.o == op::constant) {
            if (node.value == 0)
                out.add("footprint.methodology.not-applicable", c.check->where,
                        "applicability condition " + c.id + " does not hold: " + c.text.en, "a condition that holds",
                        c.check_text);
            continue;
        }
        impl->row_checks.emplace_back(&c, n);
    }
    if (impl->m.plausibility_limit) {
        int n = b.bind(*impl->m.plausibility_limit);
        if (n >= 0 && !impl->nodes[static_cast<std::size_t>(n)].type.is_co2e())
            out.add("footprint.expr.not-co2e", impl->m.plausibility_limit->where,
                    "the plausibility limit is " + impl->nodes[static_cast<std::size_t>(n)].type.describe(),
                    "an expression that reduces to CO2e", impl->m.plausibility_text);
        else
            impl->plausibility_node = n;
    }
    detail::check_divisors(*impl, out);
    out.throw_if_any();
    detail::compile(*impl);
    plan p;
    p.impl_ = std::move(impl);
    return p;
}

const methodology& plan::method() const { return impl_->m; }
const plan_options& plan::options() const { return impl_->options; }
const std::vector<monitored_parameter>& plan::inputs() const { return impl_->m.monitored; }
const std::vector<plan_component>& plan::components() const { return impl_->components; }
const std::vector<resolved_value>& plan::constants() const { return impl_->constants; }
std::size_t plan::program_size() const { return impl_->program.size(); }

std::vector<std::pair<std::string, std::string>> plan::derivation() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& eq : impl_->m.equations) {
        auto it = impl_->equation_nodes.find(eq.name);
        if (it == impl_->equation_nodes.end()) continue;
        out.emplace_back(eq.name, detail::bound_to_string(*impl_, it->second));
    }
    return out;
}

}  // namespace footprint
