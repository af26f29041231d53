// The range a bound node's value can take over the declared ranges of the
// monitored values (interval arithmetic), and the check that no division the
// results need can divide by zero (plan_impl.hpp, check_divisors).
//
// A range is known only where it follows from constants and declared ranges;
// a look-up (factor, catalog), a power or a year is unknown, and a division
// by an unknown divisor is not refused: the check names what the methodology
// itself says can be zero, and a row that still divides by zero is
// quarantined naming the equation (evaluate_row.cpp, explain_failure).

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "footprint/core/number_text.hpp"
#include "plan/detail/plan_impl.hpp"

namespace footprint::detail {

namespace {

struct range {
    double lo = -std::numeric_limits<double>::infinity();
    double hi = std::numeric_limits<double>::infinity();
    bool known = false;
    [[nodiscard]] bool holds_zero() const { return known && lo <= 0 && hi >= 0; }
};

range known(double lo, double hi) {
    if (std::isnan(lo) || std::isnan(hi)) return {};
    return range{lo, hi, true};
}

range hull_of_products(double a, double b, double c, double d) {
    return known(std::min({a, b, c, d}), std::max({a, b, c, d}));
}

/// The values monitored column `col` can take, in coherent units: its declared
/// range (a number without a minimum is refused below 0), and 0 when a
/// missing value is read as 0.
range column_range(const plan_impl& p, int col) {
    if (col < 0 || static_cast<std::size_t>(col) >= p.m.monitored.size()) return {};
    const monitored_parameter& mp = p.m.monitored[static_cast<std::size_t>(col)];
    if (mp.type == parameter_type::flag) return known(0, 1);
    if (mp.type != parameter_type::number && mp.type != parameter_type::integer) return {};
    const double scale = mp.unit.to_coherent;
    double lo = mp.minimum.value_or(0.0) * scale;
    const double hi = mp.maximum ? *mp.maximum * scale : std::numeric_limits<double>::infinity();
    if (!mp.required) lo = std::min(lo, 0.0);
    return known(lo, hi);
}

class ranges {
public:
    explicit ranges(const plan_impl& p) : p_(p), memo_(p.nodes.size()), done_(p.nodes.size(), 0) {}

    range of(int n) {
        if (n < 0) return {};
        auto i = static_cast<std::size_t>(n);
        if (!done_[i]) {
            memo_[i] = compute(p_.nodes[i]);
            done_[i] = 1;
        }
        return memo_[i];
    }

private:
    range compute(const bnode& b) {
        auto k = [&](std::size_t j) { return of(b.kids[j]); };
        switch (b.o) {
            case op::constant: return known(b.value, b.value);
            case op::column: return column_range(p_, b.column);
            case op::neg: {
                range a = k(0);
                return a.known ? known(-a.hi, -a.lo) : range{};
            }
            case op::add:
            case op::sub: {
                range a = k(0), c = k(1);
                if (!a.known || !c.known) return {};
                return b.o == op::add ? known(a.lo + c.lo, a.hi + c.hi) : known(a.lo - c.hi, a.hi - c.lo);
            }
            case op::mul: {
                range a = k(0), c = k(1);
                if (!a.known || !c.known) return {};
                return hull_of_products(a.lo * c.lo, a.lo * c.hi, a.hi * c.lo, a.hi * c.hi);
            }
            case op::div: {
                range a = k(0), c = k(1);
                if (!a.known || !c.known || c.holds_zero()) return {};
                return hull_of_products(a.lo / c.lo, a.lo / c.hi, a.hi / c.lo, a.hi / c.hi);
            }
            case op::min:
            case op::max: {
                range a = k(0), c = k(1);
                if (!a.known || !c.known) return {};
                return b.o == op::min ? known(std::min(a.lo, c.lo), std::min(a.hi, c.hi))
                                      : known(std::max(a.lo, c.lo), std::max(a.hi, c.hi));
            }
            case op::select: {
                range a = k(1), c = k(2);
                if (!a.known || !c.known) return {};
                return known(std::min(a.lo, c.lo), std::max(a.hi, c.hi));
            }
            case op::lt:
            case op::le:
            case op::gt:
            case op::ge:
            case op::eq:
            case op::ne:
            case op::land:
            case op::lor:
            case op::lnot: return known(0, 1);
            default: return {};  // table, year_of, pow
        }
    }

    const plan_impl& p_;
    std::vector<range> memo_;
    std::vector<unsigned char> done_;
};

/// Nodes the results need that are evaluated whatever the row: reached from
/// the components, the row checks and the plausibility limit without passing
/// through a branch of an if (whose condition may guard the division).
std::vector<unsigned char> unguarded_nodes(const plan_impl& p) {
    std::vector<unsigned char> seen(p.nodes.size(), 0);
    std::vector<int> stack(p.component_nodes.begin(), p.component_nodes.end());
    for (const auto& rc : p.row_checks) stack.push_back(rc.second);
    stack.push_back(p.plausibility_node);
    while (!stack.empty()) {
        const int n = stack.back();
        stack.pop_back();
        if (n < 0 || seen[static_cast<std::size_t>(n)]) continue;
        seen[static_cast<std::size_t>(n)] = 1;
        const bnode& b = p.nodes[static_cast<std::size_t>(n)];
        if (b.o == op::select) {
            stack.push_back(b.kids[0]);  // the condition only
            continue;
        }
        for (int kid : b.kids) stack.push_back(kid);
    }
    return seen;
}

/// The monitored values a node depends on, with their declared ranges, for the message.
void monitored_of(const plan_impl& p, int n, std::set<int>& out) {
    if (n < 0) return;
    const bnode& b = p.nodes[static_cast<std::size_t>(n)];
    if (b.o == op::column) out.insert(b.column);
    for (int kid : b.kids) monitored_of(p, kid, out);
}

std::string declared_ranges(const plan_impl& p, int divisor) {
    std::set<int> cols;
    monitored_of(p, divisor, cols);
    std::string text;
    for (int c : cols) {
        const monitored_parameter& mp = p.m.monitored[static_cast<std::size_t>(c)];
        // Appended piece by piece: `"literal" + std::string&&` trips GCC 12's -Wrestrict (bug 105651).
        if (!text.empty()) text += "; ";
        text += mp.name;
        if (mp.type == parameter_type::flag) {
            text += " a flag, 0 or 1";
            continue;
        }
        text += " [";
        text += mp.minimum ? shortest_text(*mp.minimum) : std::string("0");
        text += ", ";
        text += mp.maximum ? shortest_text(*mp.maximum) : std::string("no maximum");
        text += "]";
        if (mp.unit.text != "1") {
            text += ' ';
            text += mp.unit.text;
        }
        if (!mp.required) text += ", missing read as 0";
    }
    return text;
}

}  // namespace

void check_divisors(const plan_impl& p, diagnostics& out) {
    if (p.divisions.empty()) return;
    const std::vector<unsigned char> needed = unguarded_nodes(p);
    ranges r(p);
    for (const division_site& d : p.divisions) {
        if (d.node < 0 || !needed[static_cast<std::size_t>(d.node)]) continue;
        const bnode& div = p.nodes[static_cast<std::size_t>(d.node)];
        if (div.o != op::div || div.kids.size() != 2) continue;
        if (!r.of(div.kids[1]).holds_zero()) continue;
        const std::string what = d.equation.empty() ? std::string("an expression") : "equation '" + d.equation + "'";
        out.add("footprint.expr.divisor-can-be-zero", d.where,
                what + " divides by " + d.divisor + ", which can be 0 over the declared range (" +
                    declared_ranges(p, div.kids[1]) + ")",
                "a divisor that cannot be 0: a declared minimum above 0, or the division inside if(...) with a "
                "condition that excludes 0",
                d.divisor);
    }
}

}  // namespace footprint::detail
