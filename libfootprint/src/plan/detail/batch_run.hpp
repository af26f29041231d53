#pragma once
// One batch through an evaluator, step by step (evaluate.cpp runs them in
// order): years of the date columns, look-up tables brought up to date
// (lookup_tables.cpp), per-key values, the program, rounding, row checks,
// problem attribution, totals and the plausibility flag.
// Private to the library.

#include <cstddef>
#include <cstdint>

#include "plan/detail/evaluator_state.hpp"
#include "plan/detail/kernels.hpp"

namespace footprint::detail {

struct batch_run {
    evaluator_state& s;
    const plan_impl& p;
    const batch_input& in;
    batch_output& out;
    std::size_t n;

    /// A node as an operand over the batch's rows: a constant, a numeric column or a register's slot.
    operand row_operand(int node) const {
        operand o;
        const bnode& b = p.nodes[static_cast<std::size_t>(node)];
        if (b.o == op::constant) {
            o.scalar = true;
            o.k = b.value;
        } else if (b.o == op::column) {
            const column_view& c = in.columns[static_cast<std::size_t>(b.column)];
            if (c.numbers == nullptr)
                throw error("footprint.plan.columns", {}, "column '" + p.m.monitored[static_cast<std::size_t>(b.column)].name +
                                                              "' has no numbers", "a numeric column");
            o.ptr = c.numbers;
        } else {
            o.ptr = s.slots[static_cast<std::size_t>(s.slot_of[static_cast<std::size_t>(p.reg_of[static_cast<std::size_t>(node)])])].data();
        }
        return o;
    }

    /// A node as an operand over a table's key domain: a constant, a table's values or derived values.
    operand key_operand(int node) const {
        operand o;
        const bnode& b = p.nodes[static_cast<std::size_t>(node)];
        if (b.o == op::constant) {
            o.scalar = true;
            o.k = b.value;
        } else if (b.o == op::table) {
            o.ptr = s.tables[static_cast<std::size_t>(b.table)].values.data();
        } else {
            int j = s.instr_of_reg[static_cast<std::size_t>(p.reg_of[static_cast<std::size_t>(node)])];
            o.ptr = s.derived[static_cast<std::size_t>(j)].data();
        }
        return o;
    }

    /// Whether instruction i is gathered per row from per-key values this batch.
    bool gathered(std::size_t i) const {
        const int sig = s.sig_of_instr[i];
        return sig >= 0 && (p.program[i].o == op::table || s.sigs[static_cast<std::size_t>(sig)].dense);
    }

    // evaluate.cpp
    void year_domains();
    void derive_per_key();
    void mark_needed();
    void execute_program();
    void round_components();
    void check_rows();
    void attribute_problems();
    void settle_rows();
    void flag_implausible();

    // lookup_tables.cpp
    void rebuild_tables();
    void rebuild_table(std::size_t ti);
    void prepare_signatures();
    /// Gathers a per-key value for each row of the batch into dst.
    void gather(const double* values, std::size_t table, double* dst);
    /// The problem of the first table entry a row uses that failed to resolve, or 0.
    std::uint32_t failed_entry(std::size_t row) const;
};

}  // namespace footprint::detail
