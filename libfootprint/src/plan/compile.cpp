// Compiling a bound plan into a column program, and giving an evaluator its
// registers: which instructions depend on a look-up key alone (computed per
// key, then gathered per row), and which slot each register lives in.

#include <algorithm>
#include <functional>

#include "plan/detail/evaluator_state.hpp"

namespace footprint::detail {

void compile(plan_impl& p) {
    std::vector<int> order;
    std::vector<char> seen(p.nodes.size(), 0);
    std::function<void(int)> visit = [&](int n) {
        if (n < 0 || seen[static_cast<std::size_t>(n)]) return;
        seen[static_cast<std::size_t>(n)] = 1;
        for (int k : p.nodes[static_cast<std::size_t>(n)].kids) visit(k);
        order.push_back(n);
    };
    for (int n : p.component_nodes) visit(n);
    for (auto& [c, n] : p.row_checks) visit(n);
    visit(p.plausibility_node);
    p.reg_of.assign(p.nodes.size(), -1);
    for (int n : order) {
        const bnode& b = p.nodes[static_cast<std::size_t>(n)];
        if (b.o == op::constant || b.o == op::column) continue;  // operands, no instruction
        detail::instr in;
        in.o = b.o;
        in.node = n;
        in.dst = p.registers++;
        in.table = b.table;
        if (!b.kids.empty()) in.a = b.kids[0];
        if (b.kids.size() > 1) in.b = b.kids[1];
        if (b.kids.size() > 2) in.c = b.kids[2];
        p.reg_of[static_cast<std::size_t>(n)] = in.dst;
        p.program.push_back(in);
    }
}

namespace {

/// The instruction that computes a node, or -1 (constant, column, or no node).
int instr_of_node(const evaluator_state& s, int node) {
    if (node < 0) return -1;
    int r = s.p->reg_of[static_cast<std::size_t>(node)];
    return r < 0 ? -1 : s.instr_of_reg[static_cast<std::size_t>(r)];
}

/// Key signatures of the tables: tables keyed by the same parts share one.
void find_signatures(evaluator_state& s) {
    const plan_impl& pi = *s.p;
    s.sig_of_table.assign(pi.tables.size(), -1);
    for (std::size_t ti = 0; ti < pi.tables.size(); ++ti) {
        const auto& parts = pi.tables[ti].parts;
        auto same = [&](const evaluator_state::signature& sg) {
            if (sg.parts.size() != parts.size()) return false;
            for (std::size_t k = 0; k < parts.size(); ++k)
                if (sg.parts[k].column != parts[k].column || sg.parts[k].year != parts[k].year) return false;
            return true;
        };
        auto it = std::find_if(s.sigs.begin(), s.sigs.end(), same);
        if (it == s.sigs.end()) {
            s.sigs.push_back(evaluator_state::signature{});
            s.sigs.back().parts = parts;
            it = s.sigs.end() - 1;
        }
        it->tables.push_back(ti);
        s.sig_of_table[ti] = static_cast<int>(it - s.sigs.begin());
    }
}

/// Instructions that depend on one signature's key alone.
void find_key_only_instructions(evaluator_state& s) {
    const plan_impl& pi = *s.p;
    const auto& prog = pi.program;
    s.sig_of_instr.assign(prog.size(), -1);
    for (std::size_t i = 0; i < prog.size(); ++i) {
        const instr& ins = prog[i];
        if (ins.o == op::table) {
            s.sig_of_instr[i] = s.sig_of_table[static_cast<std::size_t>(ins.table)];
            continue;
        }
        if (ins.o == op::year_of) continue;
        int sig = -1;
        bool per_row = false;
        for (int operand : {ins.a, ins.b, ins.c}) {
            if (operand < 0) continue;
            const bnode& b = pi.nodes[static_cast<std::size_t>(operand)];
            if (b.o == op::constant) continue;
            int j = instr_of_node(s, operand);
            int so = j < 0 ? -1 : s.sig_of_instr[static_cast<std::size_t>(j)];
            if (so < 0 || (sig >= 0 && so != sig)) {
                per_row = true;
                break;
            }
            sig = so;
        }
        if (!per_row && sig >= 0) s.sig_of_instr[i] = sig;
    }
    s.derived.resize(prog.size());
    s.derived_generation.assign(prog.size(), ~std::uint64_t{0});
}

/// Registers to slots by liveness: a slot is free again after its value's last reader.
void assign_slots(evaluator_state& s) {
    const plan_impl& pi = *s.p;
    const auto& prog = pi.program;
    const int end = static_cast<int>(prog.size());
    std::vector<int> last_use(prog.size(), -1);
    for (std::size_t i = 0; i < prog.size(); ++i)
        for (int operand : {prog[i].a, prog[i].b, prog[i].c}) {
            int j = instr_of_node(s, operand);
            if (j >= 0) last_use[static_cast<std::size_t>(j)] = std::max(last_use[static_cast<std::size_t>(j)], static_cast<int>(i));
        }
    auto keep = [&](int node) {
        int j = instr_of_node(s, node);
        if (j >= 0) last_use[static_cast<std::size_t>(j)] = end;
    };
    for (int n : pi.component_nodes) keep(n);
    for (const auto& rc : pi.row_checks) keep(rc.second);
    keep(pi.plausibility_node);
    s.slot_of.assign(static_cast<std::size_t>(pi.registers), -1);
    std::vector<int> free_slots;
    std::vector<std::vector<int>> release_after(prog.size() + 1);
    int nslots = 0;
    for (std::size_t i = 0; i < prog.size(); ++i) {
        int slot = nslots;
        if (!free_slots.empty()) {
            slot = free_slots.back();
            free_slots.pop_back();
        } else {
            ++nslots;
        }
        s.slot_of[static_cast<std::size_t>(prog[i].dst)] = slot;
        int last = last_use[i] < 0 ? static_cast<int>(i) : last_use[i];
        release_after[static_cast<std::size_t>(last)].push_back(slot);
        for (int freed : release_after[i]) free_slots.push_back(freed);
    }
    s.slots.resize(static_cast<std::size_t>(nslots));
}

}  // namespace

void allocate_slots(evaluator_state& s) {
    const plan_impl& pi = *s.p;
    const auto& prog = pi.program;
    s.tables.resize(pi.tables.size());
    for (const auto& t : pi.tables)
        for (const auto& part : t.parts)
            if (part.year) s.year_cols[part.column];
    for (const auto& ins : prog)
        if (ins.o == op::year_of) s.year_cols[pi.nodes[static_cast<std::size_t>(ins.node)].column];
    s.instr_of_reg.assign(static_cast<std::size_t>(pi.registers), -1);
    for (std::size_t i = 0; i < prog.size(); ++i) s.instr_of_reg[static_cast<std::size_t>(prog[i].dst)] = static_cast<int>(i);
    find_signatures(s);
    find_key_only_instructions(s);
    assign_slots(s);
}

}  // namespace footprint::detail

namespace footprint {

plan::evaluator::evaluator(const plan& p) : s_(std::make_unique<state>()) {
    s_->p = p.impl_;
    detail::allocate_slots(*s_);
}
plan::evaluator::evaluator(evaluator&&) noexcept = default;
plan::evaluator& plan::evaluator::operator=(evaluator&&) noexcept = default;
plan::evaluator::~evaluator() = default;

const std::vector<std::string>& plan::evaluator::problems() const { return s_->problems; }

std::vector<resolved_value> plan::evaluator::lookups() const {
    std::vector<resolved_value> out;
    for (const auto& t : s_->tables)
        for (const auto& key : t.first_seen) {
            const auto& r = t.cache.at(key);
            if (r.problem.empty() && !r.record.label.empty()) out.push_back(r.record);
        }
    return out;
}

}  // namespace footprint
