#pragma once
// The table of operations of a bound plan: for each operation its arity, its
// meaning on one value (a scalar function) and its printed form. Constant
// folding (binder::fold), the column kernels (kernels.hpp), row evaluation
// (eval_node) and canonical text (bound_to_string) all read this table, so
// what an operation means is written once. Adding an operation is adding an
// entry here and a case to visit_operation (the compiler lists the switches
// that miss it). Private to the library.

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>

namespace footprint::detail {

enum class op : unsigned char {
    constant, column, year_of, table, neg, add, sub, mul, div, lt, le, gt, ge, eq, ne, land, lor, lnot, min, max, pow, select
};

/// How an operation prints: before, first operand, `first`, second operand,
/// `second`, third operand, after. For example add: `(a + b)`, min: `min(a, b)`.
struct printed_form {
    std::string_view before, first, second, after;
};

/// One entry per computing operation. Conditions are numbers: 0 is false,
/// anything else true; a comparison gives 1 or 0.
namespace ops {

struct neg {
    static constexpr int arity = 1;
    static constexpr printed_form form{"-(", "", "", ")"};
    [[nodiscard]] static constexpr double apply(double x) { return -x; }
};
struct add {
    static constexpr int arity = 2;
    static constexpr printed_form form{"(", " + ", "", ")"};
    [[nodiscard]] static constexpr double apply(double x, double y) { return x + y; }
};
struct sub {
    static constexpr int arity = 2;
    static constexpr printed_form form{"(", " - ", "", ")"};
    [[nodiscard]] static constexpr double apply(double x, double y) { return x - y; }
};
struct mul {
    static constexpr int arity = 2;
    static constexpr printed_form form{"", " × ", "", ""};
    [[nodiscard]] static constexpr double apply(double x, double y) { return x * y; }
};
struct div {
    static constexpr int arity = 2;
    static constexpr printed_form form{"", " / ", "", ""};
    [[nodiscard]] static constexpr double apply(double x, double y) { return x / y; }
};
struct lt {
    static constexpr int arity = 2;
    static constexpr printed_form form{"", " < ", "", ""};
    [[nodiscard]] static constexpr double apply(double x, double y) { return double(x < y); }
};
struct le {
    static constexpr int arity = 2;
    static constexpr printed_form form{"", " <= ", "", ""};
    [[nodiscard]] static constexpr double apply(double x, double y) { return double(x <= y); }
};
struct gt {
    static constexpr int arity = 2;
    static constexpr printed_form form{"", " > ", "", ""};
    [[nodiscard]] static constexpr double apply(double x, double y) { return double(x > y); }
};
struct ge {
    static constexpr int arity = 2;
    static constexpr printed_form form{"", " >= ", "", ""};
    [[nodiscard]] static constexpr double apply(double x, double y) { return double(x >= y); }
};
struct eq {
    static constexpr int arity = 2;
    static constexpr printed_form form{"", " == ", "", ""};
    [[nodiscard]] static constexpr double apply(double x, double y) { return double(x == y); }
};
struct ne {
    static constexpr int arity = 2;
    static constexpr printed_form form{"", " != ", "", ""};
    [[nodiscard]] static constexpr double apply(double x, double y) { return double(x != y); }
};
struct land {
    static constexpr int arity = 2;
    static constexpr printed_form form{"(", " and ", "", ")"};
    [[nodiscard]] static constexpr double apply(double x, double y) { return double(x != 0 && y != 0); }
};
struct lor {
    static constexpr int arity = 2;
    static constexpr printed_form form{"(", " or ", "", ")"};
    [[nodiscard]] static constexpr double apply(double x, double y) { return double(x != 0 || y != 0); }
};
struct lnot {
    static constexpr int arity = 1;
    static constexpr printed_form form{"not ", "", "", ""};
    [[nodiscard]] static constexpr double apply(double x) { return x == 0 ? 1.0 : 0.0; }
};
struct min {
    static constexpr int arity = 2;
    static constexpr printed_form form{"min(", ", ", "", ")"};
    [[nodiscard]] static constexpr double apply(double x, double y) { return std::min(x, y); }
};
struct max {
    static constexpr int arity = 2;
    static constexpr printed_form form{"max(", ", ", "", ")"};
    [[nodiscard]] static constexpr double apply(double x, double y) { return std::max(x, y); }
};
struct pow {
    static constexpr int arity = 2;
    static constexpr printed_form form{"pow(", ", ", "", ")"};
    [[nodiscard]] static double apply(double x, double y) { return std::pow(x, y); }
};
struct select {
    static constexpr int arity = 3;
    static constexpr printed_form form{"if(", ", ", ", ", ")"};
    [[nodiscard]] static constexpr double apply(double c, double x, double y) { return c != 0 ? x : y; }
};
/// constant, column, year_of and table: operands, not computed from operands.
struct leaf {
    static constexpr int arity = 0;
};

}  // namespace ops

/// Calls `f` with the table entry of `o` (ops::add{}, ops::leaf{}, ...).
template <class F>
constexpr decltype(auto) visit_operation(op o, F&& f) {
    switch (o) {
        case op::neg: return f(ops::neg{});
        case op::add: return f(ops::add{});
        case op::sub: return f(ops::sub{});
        case op::mul: return f(ops::mul{});
        case op::div: return f(ops::div{});
        case op::lt: return f(ops::lt{});
        case op::le: return f(ops::le{});
        case op::gt: return f(ops::gt{});
        case op::ge: return f(ops::ge{});
        case op::eq: return f(ops::eq{});
        case op::ne: return f(ops::ne{});
        case op::land: return f(ops::land{});
        case op::lor: return f(ops::lor{});
        case op::lnot: return f(ops::lnot{});
        case op::min: return f(ops::min{});
        case op::max: return f(ops::max{});
        case op::pow: return f(ops::pow{});
        case op::select: return f(ops::select{});
        case op::constant:
        case op::column:
        case op::year_of:
        case op::table: break;
    }
    return f(ops::leaf{});
}

/// The number of operands of `o` (0 for constant, column, year_of, table).
[[nodiscard]] constexpr int arity(op o) {
    return visit_operation(o, [](auto entry) { return decltype(entry)::arity; });
}

/// The printed form of a computing operation.
[[nodiscard]] constexpr printed_form form(op o) {
    return visit_operation(o, [](auto entry) {
        using entry_t = decltype(entry);
        if constexpr (entry_t::arity == 0) return printed_form{};
        else return entry_t::form;
    });
}

/// `o` applied to its operands `v[0..arity)`; NaN for the operands' own kinds.
[[nodiscard]] inline double apply(op o, const double* v) {
    return visit_operation(o, [v](auto entry) -> double {
        using entry_t = decltype(entry);
        if constexpr (entry_t::arity == 1) return entry_t::apply(v[0]);
        else if constexpr (entry_t::arity == 2) return entry_t::apply(v[0], v[1]);
        else if constexpr (entry_t::arity == 3) return entry_t::apply(v[0], v[1], v[2]);
        else return std::numeric_limits<double>::quiet_NaN();
    });
}

}  // namespace footprint::detail
