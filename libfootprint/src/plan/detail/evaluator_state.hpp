#pragma once
// What an evaluator keeps between batches: the slots its registers live in,
// the look-up tables resolved so far, the per-key values derived from them
// and the problems met. Private to the library.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "plan/detail/plan_impl.hpp"

namespace footprint::detail {

struct evaluator_state {
    std::shared_ptr<const plan_impl> p;
    std::vector<std::int64_t> memo_total;  // where memo components are summed: nowhere that counts
    /// Physical registers: a register's slot is reused once its value is dead,
    /// so a batch's working set stays in cache.
    std::vector<std::vector<double>> slots;
    std::vector<int> slot_of;         // register -> slot
    std::vector<int> instr_of_reg;    // register -> instruction
    std::vector<std::string> problems;
    std::map<std::string, std::uint32_t> problem_index;
    // per table: its dense entries over the current key domains
    struct table_state {
        std::vector<std::size_t> domain;     // size of each part's domain
        std::vector<int> year_base;          // for year parts: first year of the domain
        std::vector<const std::vector<std::string>*> dicts;
        std::vector<double> values;
        std::vector<std::uint32_t> entry_problem;  // 0 or 1 + problem index
        std::map<std::string, resolution> cache;   // by joined key
        std::vector<std::string> first_seen;       // keys in order of first resolution
    };
    std::vector<table_state> tables;
    /// Year of each row, per date column used by the plan (computed once per batch).
    std::map<int, std::vector<std::int32_t>> year_cols;
    std::map<int, std::pair<int, int>> year_range;  // per date column: first and last year in the batch

    /// Tables keyed by the same parts (say product and year) share one row
    /// index per batch. Instructions whose operands are only such tables and
    /// constants (expected trips from the design life, say) depend on the key
    /// alone: they are computed once per key over the tables' domain and then
    /// gathered per row like a table.
    struct signature {
        std::vector<key_part> parts;
        std::vector<std::size_t> tables;
        std::uint64_t generation = 0;        // bumped whenever one of its tables is rebuilt
        bool aligned = false;                // this batch: its tables share one domain layout
        bool dense = false;                  // this batch: derived values are gathered per row
        bool index_ready = false;
        std::vector<std::uint32_t> index;    // this batch: combined key per row (multi-part keys)
    };
    std::vector<signature> sigs;
    std::vector<int> sig_of_table;
    std::vector<int> sig_of_instr;                // -1: per row only
    std::vector<std::vector<double>> derived;     // per instruction: values over the domain
    std::vector<std::uint64_t> derived_generation;
    std::vector<char> needed;                     // scratch: instructions run per row this batch
    std::vector<std::uint32_t> index;             // scratch: a table's own key (unaligned layouts)

    std::uint32_t problem_id(const std::string& message) {
        auto [it, fresh] = problem_index.emplace(message, static_cast<std::uint32_t>(problems.size()));
        if (fresh) problems.push_back(message);
        return it->second + 1;
    }
};

/// Register allocation of `s.p`'s program: key signatures of the tables, the
/// instructions that depend on one signature alone, and registers to slots by
/// liveness (compile.cpp).
void allocate_slots(evaluator_state& s);

}  // namespace footprint::detail

namespace footprint {

struct plan::evaluator::state : detail::evaluator_state {};

}  // namespace footprint
