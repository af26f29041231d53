#pragma once
// The bound form of a plan, shared by every part of plan/: the binder fills
// it (nodes, tables, constants), compile() linearises it into a program, the
// evaluator runs that program over batches and row evaluation walks the nodes.
// Private to the library.

#include <functional>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "footprint/plan/plan.hpp"
#include "plan/detail/operations.hpp"

namespace footprint::detail {

/// A node of the bound DAG: an operation over its kids, typed and dimension checked.
struct bnode {
    op o = op::constant;
    value_type type;
    double value = 0;      // constant, coherent units
    int column = -1;       // column / year_of
    int table = -1;
    std::vector<int> kids;
    std::string label;     // the name or call this node stands for, for derivations
};

/// What a table entry resolves to.
struct resolution {
    double value = std::numeric_limits<double>::quiet_NaN();
    resolved_value record;
    std::string problem;  // non-empty when it failed
};

/// A key part of a table: a categorical column (its codes) or the year of a date column.
struct key_part {
    int column = -1;
    bool year = false;
};

/// A look-up whose key comes from the shipment; each entry is resolved once.
struct table_spec {
    std::string label;
    std::vector<key_part> parts;
    std::function<resolution(const std::vector<std::string>&)> resolve;
};

/// One column-wise instruction of the program.
struct instr {
    op o = op::constant;
    int dst = -1;         // register
    int node = -1;
    int a = -1, b = -1, c = -1;  // operand nodes
    int table = -1;
};

/// A division whose divisor depends on the shipment, as the binder met it
/// (value_ranges.cpp checks that the divisor cannot be zero).
struct division_site {
    int node = -1;          // the division
    std::string equation;   // the equation it is part of (empty: a check or the plausibility limit)
    source_location where;  // of the divisor
    std::string divisor;    // the divisor as written
};

struct plan_impl {
    methodology m;
    plan_options options;
    std::vector<bnode> nodes;
    std::vector<table_spec> tables;
    std::vector<resolved_value> constants;
    std::vector<plan_component> components;
    std::vector<int> component_nodes;
    std::vector<std::pair<const applicability_condition*, int>> row_checks;
    int plausibility_node = -1;
    std::map<std::string, int> equation_nodes;
    std::vector<division_site> divisions;
    // program
    std::vector<instr> program;
    std::vector<int> reg_of;  // node -> register, or -1 (constant / column operand)
    int registers = 0;
};

using vkind = value_type::kind;

[[nodiscard]] inline value_type number_type(dimension d) { return value_type{vkind::number, d}; }
inline const value_type boolean_type{vkind::boolean, {}};

// ---- text (plan_text.cpp) ----------------------------------------------------

/// A number as plans print it (6 significant digits).
[[nodiscard]] std::string format_number(double v);
/// A value in its display unit, e.g. "0.5306 kg CO2e/kWh".
[[nodiscard]] std::string display(double coherent, const value_type& t);
/// A citation as plans print it: "source, table" or "assumption: …".
[[nodiscard]] std::string citation_text(const citation& c);
/// A factor's source as explain prints it: id, publisher, title, year, table and url.
[[nodiscard]] std::string source_text(const factor_library* lib, const std::string& source_id, const std::string& table);
/// A value's chain to its primary factors, one line per factor and one per source
/// (and the look-up path where it is not the value's own), each line starting with `indent`.
[[nodiscard]] std::string chain_text(const factor_library* lib, const resolved_value& v, const std::string& indent);
/// A bound node in canonical text, e.g. `units × 4.8077`; equations below the top are named.
[[nodiscard]] std::string bound_to_string(const plan_impl& p, int n, int depth = 0);

// ---- row evaluation (evaluate_row.cpp) ------------------------------------------

/// Why row `row` of a batch has a component without a finite value, for its
/// quarantine message: the equation and the operation that lost it
/// ("equation per_unit has no finite value: division by zero (units is 0)").
[[nodiscard]] std::string explain_failure(const plan_impl& p, const batch_input& in, std::size_t row);

// ---- value ranges (value_ranges.cpp) --------------------------------------------

/// Adds `footprint.expr.divisor-can-be-zero` for each division the results
/// need (outside the branches of an if) whose divisor can be zero over the
/// declared ranges of the monitored values it depends on.
void check_divisors(const plan_impl& p, diagnostics& out);
// ---- provenance (bind_factor.cpp) ----------------------------------------------

/// The link from a value to factor `f` of `lib`, reached by `path`.
[[nodiscard]] factor_chain_link factor_link(const factor_library& lib, const emission_factor& f, const gwp_set& gwp,
                                           std::vector<std::string> path);
/// The link from a catalog product's inventory item to its factor, as compute_footprint resolved it.
[[nodiscard]] factor_chain_link item_link(const std::string& product, const item_result& r);

// ---- compilation (compile.cpp) -------------------------------------------------

/// Linearises the nodes the results need into `p.program`, one register per instruction.
void compile(plan_impl& p);

}  // namespace footprint::detail
