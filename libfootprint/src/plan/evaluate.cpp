// Running a plan over a batch: evaluator::run takes the batch through its
// steps in order (batch_run.hpp), each a function of its own.

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "plan/detail/batch_run.hpp"

namespace footprint {

void plan::evaluator::run(const batch_input& in, batch_output& out) {
    state& s = *s_;
    const detail::plan_impl& p = *s.p;
    const std::size_t n = in.rows;
    if (in.columns.size() != p.m.monitored.size())
        throw error("footprint.plan.columns", {}, "batch has " + std::to_string(in.columns.size()) + " columns",
                    std::to_string(p.m.monitored.size()) + " columns, one per monitored parameter");
    out.resize(n, p.components.size());
    if (n == 0) return;
    for (auto& r : s.slots)
        if (r.size() < n) r.resize(n);
    detail::batch_run run{s, p, in, out, n};
    run.year_domains();
    run.rebuild_tables();
    run.prepare_signatures();
    run.derive_per_key();
    run.mark_needed();
    run.execute_program();
    run.round_components();
    run.check_rows();
    run.attribute_problems();
    run.settle_rows();
    run.flag_implausible();
}

}  // namespace footprint

namespace footprint::detail {

// Years of the date columns, once per batch: dates cluster, so each row's
// year is found by comparing its day with the few 1 January boundaries in
// the batch's range instead of a full calendar conversion per row.
void batch_run::year_domains() {
    for (auto& [col, years] : s.year_cols) {
        const std::int32_t* days = in.columns[static_cast<std::size_t>(col)].codes;
        std::int32_t lo = days[0], hi = days[0];
        for (std::size_t i = 1; i < n; ++i) {
            lo = std::min(lo, days[i]);
            hi = std::max(hi, days[i]);
        }
        const int y0 = year_from_days(lo), y1 = year_from_days(hi);
        years.resize(n);
        if (y0 == y1) {
            std::fill(years.begin(), years.end(), y0);
        } else if (y1 == y0 + 1) {
            const std::int32_t jan1 = days_from_civil(y1, 1, 1);
            for (std::size_t i = 0; i < n; ++i) years[i] = y0 + (days[i] >= jan1);
        } else {
            std::vector<std::int32_t> jan1;
            for (int y = y0 + 1; y <= y1; ++y) jan1.push_back(days_from_civil(y, 1, 1));
            for (std::size_t i = 0; i < n; ++i) {
                int y = y0;
                for (std::int32_t b : jan1) y += days[i] >= b;
                years[i] = y;
            }
        }
        s.year_range[col] = {y0, y1};
    }
}

// Instructions that depend on a key alone, computed per key over the tables' domain.
void batch_run::derive_per_key() {
    const auto& prog = p.program;
    auto key_operand_of = [this](int node) { return key_operand(node); };
    for (std::size_t i = 0; i < prog.size(); ++i) {
        const int sig = s.sig_of_instr[i];
        if (sig < 0 || prog[i].o == op::table) continue;
        const auto& sg = s.sigs[static_cast<std::size_t>(sig)];
        if (!sg.dense || s.derived_generation[i] == sg.generation) continue;
        auto& values = s.derived[i];
        values.resize(s.tables[sg.tables.front()].values.size());
        arithmetic(prog[i], values.data(), values.size(), key_operand_of);
        s.derived_generation[i] = sg.generation;
    }
}

// Which instructions run per row in this batch: those the results need,
// except what a per-key gather already gives.
void batch_run::mark_needed() {
    const auto& prog = p.program;
    s.needed.assign(prog.size(), 0);
    auto need = [&](int node) {
        if (node < 0) return;
        int r = p.reg_of[static_cast<std::size_t>(node)];
        if (r >= 0) s.needed[static_cast<std::size_t>(s.instr_of_reg[static_cast<std::size_t>(r)])] = 1;
    };
    for (int node : p.component_nodes) need(node);
    for (const auto& rc : p.row_checks) need(rc.second);
    need(p.plausibility_node);
    for (std::size_t i = prog.size(); i-- > 0;) {
        if (!s.needed[i] || gathered(i)) continue;
        need(prog[i].a);
        need(prog[i].b);
        need(prog[i].c);
    }
}

// The program: one pass per instruction over the whole batch.
void batch_run::execute_program() {
    const auto& prog = p.program;
    auto operand_of = [this](int node) { return row_operand(node); };
    for (std::size_t i = 0; i < prog.size(); ++i) {
        if (!s.needed[i]) continue;
        const instr& ins = prog[i];
        double* dst = s.slots[static_cast<std::size_t>(s.slot_of[static_cast<std::size_t>(ins.dst)])].data();
        if (ins.o == op::table) {
            gather(s.tables[static_cast<std::size_t>(ins.table)].values.data(), static_cast<std::size_t>(ins.table), dst);
        } else if (gathered(i)) {
            const auto& sg = s.sigs[static_cast<std::size_t>(s.sig_of_instr[i])];
            gather(s.derived[i].data(), sg.tables.front(), dst);
        } else if (ins.o == op::year_of) {
            const auto& years = s.year_cols.at(p.nodes[static_cast<std::size_t>(ins.node)].column);
            for (std::size_t r = 0; r < n; ++r) dst[r] = years[r];
        } else {
            arithmetic(ins, dst, n, operand_of);
        }
    }
}

// Round each component, sum the terms, and find the rows that failed.
void batch_run::round_components() {
    std::fill(out.baseline_g.begin(), out.baseline_g.end(), 0);
    std::fill(out.project_g.begin(), out.project_g.end(), 0);
    std::fill(out.leakage_g.begin(), out.leakage_g.end(), 0);
    for (std::size_t ci = 0; ci < p.components.size(); ++ci) {
        const plan_component& comp = p.components[ci];
        operand v = row_operand(p.component_nodes[ci]);
        // A memo is rounded and kept per row, but summed into a scratch total, never into BE, PE or LE.
        if (comp.term == emission_term::memo) s.memo_total.assign(n, 0);
        auto& total = comp.term == emission_term::baseline  ? out.baseline_g
                      : comp.term == emission_term::project ? out.project_g
                      : comp.term == emission_term::leakage ? out.leakage_g
                                                            : s.memo_total;
        auto negative = [&] { return s.problem_id("component " + comp.name + " is negative and not declared a credit"); };
        std::int64_t* grams = out.component_g[ci].data();
        switch (comp.rounding) {
            case rounding_mode::down:
                round_component<rounding_mode::down>(v, n, grams, total.data(), out.problem.data(), comp.credit, negative);
                break;
            case rounding_mode::up:
                round_component<rounding_mode::up>(v, n, grams, total.data(), out.problem.data(), comp.credit, negative);
                break;
            case rounding_mode::nearest:
                round_component<rounding_mode::nearest>(v, n, grams, total.data(), out.problem.data(), comp.credit, negative);
                break;
        }
    }
}

// Row-level applicability conditions.
void batch_run::check_rows() {
    for (const auto& [cond, node] : p.row_checks) {
        operand v = row_operand(node);
        for (std::size_t i = 0; i < n; ++i) {
            double c = v.scalar ? v.k : v.ptr[i];
            if (c == 0 && out.problem[i] == 0)
                out.problem[i] = s.problem_id("applicability condition " + cond->id + " not met: " + cond->text.en);
        }
    }
}

// Rows with a non-finite component: name the cause (a table entry that
// failed to resolve, or arithmetic without a finite result).
void batch_run::attribute_problems() {
    for (std::size_t i = 0; i < n; ++i) {
        if (out.problem[i] != std::numeric_limits<std::uint32_t>::max()) continue;
        const std::uint32_t found = failed_entry(i);
        out.problem[i] = found != 0 ? found : s.problem_id(explain_failure(p, in, i));
    }
}

// ER = BE - PE - LE per row; a row with a problem keeps no amounts.
void batch_run::settle_rows() {
    bool any_problem = false;
    for (std::size_t i = 0; i < n; ++i) {
        out.reduction_g[i] = out.baseline_g[i] - out.project_g[i] - out.leakage_g[i];
        if (out.problem[i] == 0 && out.reduction_g[i] > out.baseline_g[i])
            out.problem[i] = s.problem_id("reduction exceeds baseline emissions (ER > BE)");
        any_problem |= out.problem[i] != 0;
    }
    if (any_problem) {
        for (std::size_t i = 0; i < n; ++i) {
            if (out.problem[i] == 0) continue;
            out.baseline_g[i] = out.project_g[i] = out.leakage_g[i] = out.reduction_g[i] = 0;
            for (auto& c : out.component_g) c[i] = 0;
        }
    }
}

// Rows whose reduction exceeds the methodology's plausibility limit.
void batch_run::flag_implausible() {
    if (p.plausibility_node >= 0) {
        operand v = row_operand(p.plausibility_node);
        for (std::size_t i = 0; i < n; ++i) {
            double limit_g = (v.scalar ? v.k : v.ptr[i]) * 1000.0;
            if (out.problem[i] == 0 && static_cast<double>(out.reduction_g[i]) > limit_g + 0.5) out.implausible[i] = 1;
        }
    }
}

}  // namespace footprint::detail
