// One row by tree walk: parse_row reads a row given as text (with the checks
// of CSV ingest and frames, methodology/field_checks.hpp), eval_node walks the
// bound nodes, and evaluate_row and explain report the results (explain with
// every equation, constant and look-up).

#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <sstream>
#include <stdexcept>

#include "footprint/core/calendar.hpp"
#include "footprint/factors/factor_library.hpp"
#include "footprint/methodology/field_checks.hpp"
#include "plan/detail/plan_impl.hpp"

namespace footprint {
namespace {

using detail::bnode;
using detail::display;
using detail::format_number;
using detail::op;
using detail::plan_impl;
using detail::resolution;
using detail::table_spec;

struct row_context {
    const plan_impl& p;
    std::vector<double> numbers;
    std::vector<std::string> texts;
    std::vector<int> days;
    std::vector<std::string>* trace = nullptr;
    std::set<int> traced;
    std::set<std::string> traced_labels;
};

row_context parse_row(const plan_impl& p, const std::map<std::string, std::string>& row) {
    row_context ctx{p, {}, {}, {}, nullptr, {}, {}};
    diagnostics out;
    // The same checks as CSV ingest and frames (methodology/field_checks.hpp).
    const catalog* products = p.options.products.get();
    const region_tree* regions = p.options.factors ? &p.options.factors->regions() : nullptr;
    for (const auto& mp : p.m.monitored) {
        auto it = row.find(mp.name);
        double number = std::numeric_limits<double>::quiet_NaN();
        std::string text;
        std::int32_t days = 0;
        // A row without the column takes the methodology's default, as CSV ingest and frames do.
        if (it == row.end() && mp.default_value.empty()) {
            out.add("footprint.shipment.missing-column", source_location{"<row>", 0, 0, mp.name, {}},
                    "no value for '" + mp.name + "'", std::string(parameter_type_name(mp.type)));
        } else {
            const std::string_view s = it == row.end() ? std::string_view(mp.default_value) : field_trim(it->second);
            text = std::string(s);
            const field_rule rule{mp.type, &mp.unit, mp.minimum, mp.maximum, mp.required, &mp.values};
            field_problem problem;
            bool ok = true;
            double x = 0;
            if (s.empty()) {
                if (field_missing_accepted(rule)) number = 0;
                else ok = false, problem = field_missing_problem(rule);
            } else if (mp.type == parameter_type::number || mp.type == parameter_type::integer) {
                ok = field_read_number(s, rule, x, &problem) && field_check_number(x, mp.unit.to_coherent, rule, number, &problem);
            } else if (mp.type == parameter_type::flag) {
                ok = field_read_flag(s, number, &problem);
            } else if (mp.type == parameter_type::date) {
                ok = field_read_date(s, days, &problem);
            } else {
                ok = field_check_category(s, rule, products, regions, &problem);
            }
            if (!ok)
                out.add(problem.id, source_location{"<row>", 0, 0, mp.name, {}}, std::move(problem.message),
                        std::move(problem.expected), text);
        }
        ctx.numbers.push_back(number);
        ctx.texts.push_back(text);
        ctx.days.push_back(days);
    }
    out.throw_if_any();
    return ctx;
}

double eval_node(row_context& ctx, int n) {
    const plan_impl& p = ctx.p;
    const bnode& b = p.nodes[static_cast<std::size_t>(n)];
    auto k = [&](std::size_t i) { return eval_node(ctx, b.kids[i]); };
    double r = 0;
    switch (b.o) {
        case op::constant: r = b.value; break;
        case op::column: r = ctx.numbers[static_cast<std::size_t>(b.column)]; break;
        case op::year_of: r = year_from_days(ctx.days[static_cast<std::size_t>(b.column)]); break;
        case op::table: {
            const table_spec& spec = p.tables[static_cast<std::size_t>(b.table)];
            std::vector<std::string> key;
            for (const auto& part : spec.parts)
                key.push_back(part.year ? std::to_string(year_from_days(ctx.days[static_cast<std::size_t>(part.column)]))
                                        : ctx.texts[static_cast<std::size_t>(part.column)]);
            resolution res = spec.resolve(key);
            if (!res.problem.empty())
                throw error("footprint.plan.lookup", {}, spec.label + ": " + res.problem, "a value for every key");
            if (ctx.trace && !res.record.label.empty() && ctx.traced_labels.insert(res.record.label).second) {
                std::string line = "    " + res.record.label + " = " + format_number(res.record.value) + " " +
                                   res.record.unit;
                if (!res.record.factor_id.empty()) line += " [" + res.record.factor_id + "]";
                if (!res.record.source.empty()) line += " (source: " + res.record.source + ")";
                for (const auto& step : res.record.fallback_path) line += "\n        look-up: " + step;
                std::string chain = detail::chain_text(p.options.factors.get(), res.record, "        ");
                if (!chain.empty()) {
                    chain.pop_back();  // its last newline: trace lines get theirs when printed
                    line += '\n';
                    line += chain;
                }
                ctx.trace->push_back(line);
            }
            r = res.value;
            break;
        }
        default: {
            std::vector<double> v;
            for (std::size_t i = 0; i < b.kids.size(); ++i) v.push_back(k(i));
            r = detail::apply(b.o, v.data());
        }
    }
    return r;
}

/// Row `row` of a batch as a row_context (numbers in coherent units, texts
/// of categorical columns, days of dates), to walk its nodes one by one.
row_context batch_row(const plan_impl& p, const batch_input& in, std::size_t row) {
    row_context ctx{p, {}, {}, {}, nullptr, {}, {}};
    for (std::size_t c = 0; c < p.m.monitored.size(); ++c) {
        const column_view& v = in.columns[c];
        const parameter_type t = p.m.monitored[c].type;
        double number = std::numeric_limits<double>::quiet_NaN();
        std::string text;
        std::int32_t days = 0;
        if (v.numbers) number = v.numbers[row];
        if (t == parameter_type::date && v.codes) {
            days = v.codes[row];
            text = format_iso_date(days);
        } else if (v.codes && v.dictionary) {
            text = (*v.dictionary)[static_cast<std::size_t>(v.codes[row])];
        }
        ctx.numbers.push_back(number);
        ctx.texts.push_back(std::move(text));
        ctx.days.push_back(days);
    }
    return ctx;
}

}  // namespace

namespace detail {

std::string explain_failure(const plan_impl& p, const batch_input& in, std::size_t row) {
    static const char* const fallback = "a component has no finite value (division by zero or overflow)";
    try {
        row_context ctx = batch_row(p, in, row);
        std::map<int, std::string> equation_of;
        for (const auto& [name, node] : p.equation_nodes) equation_of.emplace(node, name);
        std::vector<double> value(p.nodes.size(), 0);
        std::vector<unsigned char> done(p.nodes.size(), 0);
        auto at = [&](int n) {
            if (!done[static_cast<std::size_t>(n)]) {
                value[static_cast<std::size_t>(n)] = eval_node(ctx, n);
                done[static_cast<std::size_t>(n)] = 1;
            }
            return value[static_cast<std::size_t>(n)];
        };
        for (int root : p.component_nodes) {
            if (std::isfinite(at(root))) continue;
            // Down the first operand without a finite value, to the operation that lost it;
            // the last equation passed on the way is the one that failed.
            int n = root;
            std::string equation = equation_of.count(n) ? equation_of[n] : std::string();
            for (bool deeper = true; deeper;) {
                deeper = false;
                for (int kid : p.nodes[static_cast<std::size_t>(n)].kids) {
                    if (std::isfinite(at(kid))) continue;
                    n = kid;
                    if (auto it = equation_of.find(n); it != equation_of.end()) equation = it->second;
                    deeper = true;
                    break;
                }
            }
            const bnode& b = p.nodes[static_cast<std::size_t>(n)];
            const std::string where = equation.empty() ? std::string("a component") : "equation " + equation;
            if (b.o == op::div && at(b.kids[1]) == 0)
                return where + " has no finite value: division by zero (" + bound_to_string(p, b.kids[1], 1) + " is 0)";
            return where + " has no finite value: " + bound_to_string(p, n, 1) + " overflows";
        }
    } catch (const error&) {  // a look-up that fails is named by the batch (failed_entry)
    }
    return fallback;
}

}  // namespace detail

std::map<std::string, double> plan::evaluate_row(const std::map<std::string, std::string>& row) const {
    row_context ctx = parse_row(*impl_, row);
    std::map<std::string, double> out;
    double be = 0, pe = 0, le = 0;
    for (std::size_t ci = 0; ci < impl_->components.size(); ++ci) {
        const plan_component& c = impl_->components[ci];
        double kg = eval_node(ctx, impl_->component_nodes[ci]);
        out[c.name] = kg;
        double g = static_cast<double>(round_grams(kg, c.rounding));
        if (c.term == emission_term::memo) continue;
        (c.term == emission_term::baseline ? be : c.term == emission_term::project ? pe : le) += g;
    }
    out["BE_g"] = be;
    out["PE_g"] = pe;
    out["LE_g"] = le;
    out["ER_g"] = be - pe - le;
    return out;
}

std::string plan::explain(const std::map<std::string, std::string>& row) const {
    const plan_impl& p = *impl_;
    row_context ctx = parse_row(p, row);
    std::ostringstream s;
    s << "Methodology " << p.m.id << " " << p.m.version << " (digest " << p.m.digest.substr(0, 16) << "…), GWP "
      << p.options.gwp->name << "\n\nMonitored parameters:\n";
    for (std::size_t i = 0; i < p.m.monitored.size(); ++i) {
        const auto& mp = p.m.monitored[i];
        s << "  " << mp.name << " = " << ctx.texts[i];
        if ((mp.type == parameter_type::number || mp.type == parameter_type::integer) && mp.unit.text != "1")
            s << " " << mp.unit.text;
        s << "\n";
    }
    s << "\nFixed parameters and values resolved when the plan was bound:\n";
    for (const auto& c : p.constants) {
        s << "  " << c.label << " = " << format_number(c.value) << " " << c.unit;
        if (!c.factor_id.empty()) s << " [" << c.factor_id << "]";
        if (!c.source.empty()) s << " (source: " << c.source << ")";
        s << "\n";
        for (const auto& step : c.fallback_path) s << "      look-up: " << step << "\n";
        s << detail::chain_text(p.options.factors.get(), c, "      ");
    }
    s << "\nEquations:\n";
    std::vector<std::string> trace;
    ctx.trace = &trace;
    for (const auto& eq : p.m.equations) {
        auto it = p.equation_nodes.find(eq.name);
        if (it == p.equation_nodes.end()) continue;
        trace.clear();
        ctx.traced_labels.clear();
        double v = eval_node(ctx, it->second);
        const value_type& t = p.nodes[static_cast<std::size_t>(it->second)].type;
        s << "  " << eq.name;
        if (eq.term != emission_term::none) s << " [" << term_name(eq.term) << (eq.stage ? ", " + std::string(stage_key(*eq.stage)) : "") << "]";
        s << " := " << eq.expression_text << "\n";
        if (!eq.text.en.empty()) s << "      (" << eq.text.en << ")\n";
        s << "      = " << detail::bound_to_string(p, it->second) << "\n";
        for (const auto& line : trace) s << "  " << line << "\n";
        s << "      = " << display(v, t) << "\n";
    }
    s << "\nRounded to whole grams CO2e (baseline " << rounding_mode_name(p.m.rounding.baseline) << ", project "
      << rounding_mode_name(p.m.rounding.project) << ", leakage " << rounding_mode_name(p.m.rounding.leakage) << "):\n";
    std::int64_t be = 0, pe = 0, le = 0;
    for (std::size_t ci = 0; ci < p.components.size(); ++ci) {
        const plan_component& c = p.components[ci];
        double kg = eval_node(ctx, p.component_nodes[ci]);
        std::int64_t g = round_grams(kg, c.rounding);
        s << "  " << term_name(c.term) << "  " << c.name << ": " << format_number(kg) << " kg → " << g << " g"
          << (c.term == emission_term::memo ? " (memo, not in BE, PE or LE)" : "") << "\n";
        if (c.term == emission_term::memo) continue;
        (c.term == emission_term::baseline ? be : c.term == emission_term::project ? pe : le) += g;
    }
    s << "\n  BE = " << be << " g\n  PE = " << pe << " g\n  LE = " << le << " g\n  ER = BE - PE - LE = " << (be - pe - le)
      << " g\n";
    return s.str();
}

}  // namespace footprint
