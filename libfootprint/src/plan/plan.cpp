// Binding a methodology into a plan, and running the plan over batches.
//
// Binding turns each equation's syntax tree into a DAG of bound nodes with
// types (dimension checked), folds everything that does not depend on a
// shipment into constants, and linearises what remains into a short program
// of column-wise instructions. See plan.hpp for the why.

#include "footprint/plan/plan.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <limits>
#include <set>
#include <sstream>
#include <unordered_map>

#include "footprint/products/cfp.hpp"

namespace footprint {

// ---- small utilities ------------------------------------------------------


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

namespace detail {

enum class op : unsigned char {
    constant, column, year_of, table, neg, add, sub, mul, div, lt, le, gt, ge, eq, ne, land, lor, lnot, min, max, pow, select
};

struct bnode {
    op o = op::constant;
    value_type type;
    double value = 0;      // constant, coherent units
    int column = -1;       // column / year_of
    int table = -1;
    std::vector<int> kids;
    std::string label;     // the name or call this node stands for, for derivations
    int resolved = -1;     // constants(): index of the provenance record
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

struct table_spec {
    std::string label;
    std::vector<key_part> parts;
    std::function<resolution(const std::vector<std::string>&)> resolve;
};

struct instr {
    op o = op::constant;
    int dst = -1;         // register
    int node = -1;
    int a = -1, b = -1, c = -1;  // operand nodes
    int table = -1;
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
    // program
    std::vector<instr> program;
    std::vector<int> reg_of;  // node -> register, or -1 (constant / column operand)
    int registers = 0;
};

}  // namespace detail

namespace {

using detail::bnode;
using detail::op;
using detail::plan_impl;
using detail::resolution;
using detail::table_spec;
using vkind = value_type::kind;

std::string format_number(double v) {
    std::ostringstream s;
    s.precision(6);
    s << v;
    return s.str();
}

/// A value in its display unit, e.g. "0.5306 kg CO2e/kWh".
std::string display(double coherent, const value_type& t) {
    if (t.k == vkind::boolean) return coherent != 0 ? "true" : "false";
    if (t.k != vkind::number) return format_number(coherent);
    if (t.dim == dimensions::none) return format_number(coherent);
    if (auto u = preferred_unit(t.dim, t.dim.emission ? emission_kind::co2e : emission_kind::none))
        return format_number(coherent / u->to_coherent) + " " + u->symbol;
    return format_number(coherent) + " (" + dimension_name(t.dim) + ", coherent SI)";
}

std::string citation_text(const citation& c) {
    if (c.is_assumption()) return "assumption: " + c.assumption + (c.reason.empty() ? "" : " (" + c.reason + ")");
    return c.source_id + (c.table.empty() ? "" : ", " + c.table);
}

value_type number_type(dimension d) { return value_type{vkind::number, d}; }
const value_type boolean_type{vkind::boolean, {}};

// ---- the binder -------------------------------------------------------------

class binder {
public:
    binder(plan_impl& p, diagnostics& out) : p_(p), out_(out) {}

    int bind_equation(const std::string& name, const source_location& used_at) {
        if (auto it = p_.equation_nodes.find(name); it != p_.equation_nodes.end()) return it->second;
        const equation* eq = p_.m.find_equation(name);
        if (!eq || !eq->expression) return -1;
        if (in_progress_.count(name)) {
            out_.add("footprint.expr.cycle", used_at, "equation '" + name + "' depends on itself",
                     "equations that refer to each other without a cycle", name);
            return -1;
        }
        in_progress_.insert(name);
        int n = bind(*eq->expression);
        in_progress_.erase(name);
        if (n >= 0) {
            p_.nodes[static_cast<std::size_t>(n)].label =
                p_.nodes[static_cast<std::size_t>(n)].label.empty() ? name : p_.nodes[static_cast<std::size_t>(n)].label;
            p_.equation_nodes[name] = n;
        }
        return n;
    }

    int bind(const expr::node& e) {
        switch (e.kind) {
            case expr::node_kind::number: {
                double v = e.number;
                value_type t = number_type(dimensions::none);
                if (e.unit) {
                    v *= e.unit->to_coherent;
                    t.dim = e.unit->dim;
                    if (e.unit->emission == emission_kind::gas) {
                        out_.add("footprint.expr.gas-literal", e.where,
                                 "a literal in a gas unit cannot be used: convert it with a GWP set first",
                                 "a CO2e unit such as kg CO2e", e.unit->text);
                        return -1;
                    }
                }
                return constant(v, t, expr::to_string(e));
            }
            case expr::node_kind::text: {
                int n = constant(0, value_type{vkind::text, {}}, e.text);
                text_of_[n] = e.text;
                return n;
            }
            case expr::node_kind::name: return bind_name(e);
            case expr::node_kind::negate: {
                int a = bind(*e.args[0]);
                if (a < 0) return -1;
                if (!require_number(a, e, "negation")) return -1;
                return fold(op::neg, type(a), {a}, e);
            }
            case expr::node_kind::logical_not: {
                int a = bind(*e.args[0]);
                if (a < 0) return -1;
                if (!require_boolean(a, e, "not")) return -1;
                return fold(op::lnot, boolean_type, {a}, e);
            }
            case expr::node_kind::binary: return bind_binary(e);
            case expr::node_kind::call: return bind_call(e);
        }
        return -1;
    }

    /// Constant text value of a node bound from a text literal, if it is one.
    std::optional<std::string> text_constant(int n) const {
        auto it = text_of_.find(n);
        if (it == text_of_.end()) return std::nullopt;
        return it->second;
    }

private:
    const value_type& type(int n) const { return p_.nodes[static_cast<std::size_t>(n)].type; }
    bool is_constant(int n) const { return p_.nodes[static_cast<std::size_t>(n)].o == op::constant; }
    double value(int n) const { return p_.nodes[static_cast<std::size_t>(n)].value; }

    int add_node(bnode b) {
        p_.nodes.push_back(std::move(b));
        return static_cast<int>(p_.nodes.size()) - 1;
    }

    int constant(double v, value_type t, std::string label, int resolved = -1) {
        bnode b;
        b.o = op::constant;
        b.type = t;
        b.value = v;
        b.label = std::move(label);
        b.resolved = resolved;
        return add_node(std::move(b));
    }

    bool require_number(int n, const expr::node& e, const char* what) {
        const value_type& t = type(n);
        if (t.k == vkind::number || t.k == vkind::boolean) return true;
        out_.add("footprint.expr.type", e.where, std::string(what) + " needs a number, not " + t.describe(), "a number",
                 expr::to_string(e));
        return false;
    }

    bool require_boolean(int n, const expr::node& e, const char* what) {
        if (type(n).k == vkind::boolean) return true;
        out_.add("footprint.expr.type", e.where, std::string(what) + " needs a condition, not " + type(n).describe(),
                 "a comparison or a flag", expr::to_string(e));
        return false;
    }

    static value_type as_number(value_type t) {
        if (t.k == vkind::boolean) return number_type(dimensions::none);
        return t;
    }

    /// Builds a node, folding it when every operand is a constant.
    int fold(op o, value_type t, std::vector<int> kids, const expr::node& e) {
        bool all_const = std::all_of(kids.begin(), kids.end(), [&](int k) { return is_constant(k); });
        if (all_const) {
            std::vector<double> v;
            for (int k : kids) v.push_back(value(k));
            double r = apply(o, v);
            if (o == op::div && v[1] == 0) {
                out_.add("footprint.expr.division-by-zero", e.where, "division by zero",
                         "a divisor that is not zero", expr::to_string(e));
                return -1;
            }
            if (!std::isfinite(r)) {
                out_.add("footprint.expr.not-finite", e.where, "the expression has no finite value", "a finite value",
                         expr::to_string(e));
                return -1;
            }
            return constant(r, t, expr::to_string(e));
        }
        bnode b;
        b.o = o;
        b.type = t;
        b.kids = std::move(kids);
        return add_node(std::move(b));
    }

public:
    static double apply(op o, const std::vector<double>& v) {
        switch (o) {
            case op::neg: return -v[0];
            case op::add: return v[0] + v[1];
            case op::sub: return v[0] - v[1];
            case op::mul: return v[0] * v[1];
            case op::div: return v[0] / v[1];
            case op::lt: return v[0] < v[1];
            case op::le: return v[0] <= v[1];
            case op::gt: return v[0] > v[1];
            case op::ge: return v[0] >= v[1];
            case op::eq: return v[0] == v[1];
            case op::ne: return v[0] != v[1];
            case op::land: return (v[0] != 0) && (v[1] != 0);
            case op::lor: return (v[0] != 0) || (v[1] != 0);
            case op::lnot: return v[0] == 0;
            case op::min: return std::min(v[0], v[1]);
            case op::max: return std::max(v[0], v[1]);
            case op::pow: return std::pow(v[0], v[1]);
            case op::select: return v[0] != 0 ? v[1] : v[2];
            default: return std::numeric_limits<double>::quiet_NaN();
        }
    }

private:
    int bind_name(const expr::node& e) {
        const std::string& name = e.text;
        if (const monitored_parameter* mp = p_.m.find_monitored(name)) {
            int col = static_cast<int>(mp - p_.m.monitored.data());
            bnode b;
            b.o = op::column;
            b.column = col;
            b.label = name;
            switch (mp->type) {
                case parameter_type::number:
                case parameter_type::integer: b.type = number_type(mp->unit.dim); break;
                case parameter_type::flag: b.type = boolean_type; break;
                case parameter_type::product: b.type = value_type{vkind::product, {}}; break;
                case parameter_type::region: b.type = value_type{vkind::region, {}}; break;
                case parameter_type::text: b.type = value_type{vkind::text, {}}; break;
                case parameter_type::date: b.type = value_type{vkind::date, {}}; break;
            }
            return add_node(std::move(b));
        }
        if (const fixed_parameter* fp = p_.m.find_fixed(name)) {
            if (auto it = fixed_nodes_.find(name); it != fixed_nodes_.end()) return it->second;
            resolved_value rec;
            rec.label = name;
            double v = fp->value.value;
            if (auto it = p_.options.overrides.find(name); it != p_.options.overrides.end()) {
                v = it->second;
                rec.kind = "override";
                rec.source = "scenario override of " + format_number(fp->value.value) + " " + fp->value.unit.text +
                             " (" + citation_text(fp->cited) + ")";
            } else {
                rec.kind = "fixed";
                rec.source = citation_text(fp->cited);
            }
            rec.value = v;
            rec.unit = fp->value.unit.text;
            p_.constants.push_back(rec);
            value_type t = number_type(fp->value.unit.dim);
            if (fp->value.unit.emission == emission_kind::gas) {
                out_.add("footprint.expr.gas-literal", fp->where, "a fixed parameter in a gas unit cannot be used",
                         "a CO2e unit such as kg CO2e", fp->value.unit.text);
                return -1;
            }
            int n = constant(v * fp->value.unit.to_coherent, t, name, static_cast<int>(p_.constants.size()) - 1);
            fixed_nodes_[name] = n;
            return n;
        }
        if (p_.m.find_equation(name)) return bind_equation(name, e.where);
        std::string known;
        for (const auto& p : p_.m.monitored) known += (known.empty() ? "" : ", ") + p.name;
        for (const auto& p : p_.m.fixed) known += (known.empty() ? "" : ", ") + p.name;
        for (const auto& q : p_.m.equations) known += (known.empty() ? "" : ", ") + q.name;
        out_.add("footprint.expr.unknown-name", e.where, "unknown name '" + name + "'",
                 "a parameter or equation of this methodology: " + known, name);
        return -1;
    }

    int bind_binary(const expr::node& e) {
        int a = bind(*e.args[0]);
        int b = bind(*e.args[1]);
        if (a < 0 || b < 0) return -1;
        value_type ta = type(a), tb = type(b);
        auto mismatch = [&](const char* verb) {
            out_.add("footprint.expr.dimension", e.where,
                     std::string("cannot ") + verb + " " + tb.describe() + " and " + ta.describe(),
                     "operands of the same dimension", expr::to_string(e));
            return -1;
        };
        switch (e.op) {
            case expr::binary_op::add:
            case expr::binary_op::sub: {
                if (!require_number(a, *e.args[0], "addition or subtraction") ||
                    !require_number(b, *e.args[1], "addition or subtraction"))
                    return -1;
                ta = as_number(ta);
                tb = as_number(tb);
                if (ta.dim != tb.dim) return mismatch(e.op == expr::binary_op::add ? "add" : "subtract");
                return fold(e.op == expr::binary_op::add ? op::add : op::sub, ta, {a, b}, e);
            }
            case expr::binary_op::mul:
            case expr::binary_op::div: {
                if (!require_number(a, *e.args[0], "multiplication or division") ||
                    !require_number(b, *e.args[1], "multiplication or division"))
                    return -1;
                ta = as_number(ta);
                tb = as_number(tb);
                dimension d = e.op == expr::binary_op::mul ? ta.dim * tb.dim : ta.dim / tb.dim;
                if (e.op == expr::binary_op::div && is_constant(b) && value(b) == 0) {
                    out_.add("footprint.expr.division-by-zero", e.args[1]->where, "division by zero",
                             "a divisor that is not zero", expr::to_string(e));
                    return -1;
                }
                return fold(e.op == expr::binary_op::mul ? op::mul : op::div, number_type(d), {a, b}, e);
            }
            case expr::binary_op::lt:
            case expr::binary_op::le:
            case expr::binary_op::gt:
            case expr::binary_op::ge:
            case expr::binary_op::eq:
            case expr::binary_op::ne: {
                bool categorical_a = ta.k == vkind::product || ta.k == vkind::region || ta.k == vkind::text;
                bool categorical_b = tb.k == vkind::product || tb.k == vkind::region || tb.k == vkind::text;
                if ((e.op == expr::binary_op::eq || e.op == expr::binary_op::ne) && (categorical_a || categorical_b))
                    return bind_text_equality(e, a, b);
                if (!require_number(a, *e.args[0], "a comparison") || !require_number(b, *e.args[1], "a comparison"))
                    return -1;
                if (as_number(ta).dim != as_number(tb).dim) return mismatch("compare");
                op o = e.op == expr::binary_op::lt   ? op::lt
                       : e.op == expr::binary_op::le ? op::le
                       : e.op == expr::binary_op::gt ? op::gt
                       : e.op == expr::binary_op::ge ? op::ge
                       : e.op == expr::binary_op::eq ? op::eq
                                                     : op::ne;
                return fold(o, boolean_type, {a, b}, e);
            }
            case expr::binary_op::logical_and:
            case expr::binary_op::logical_or:
                if (!require_boolean(a, *e.args[0], "and/or") || !require_boolean(b, *e.args[1], "and/or")) return -1;
                return fold(e.op == expr::binary_op::logical_and ? op::land : op::lor, boolean_type, {a, b}, e);
        }
        return -1;
    }

    int bind_text_equality(const expr::node& e, int a, int b) {
        // column == "text": a table over the column's dictionary.
        auto ta = text_constant(a), tb = text_constant(b);
        int col = -1;
        std::string text;
        if (ta && !tb && p_.nodes[static_cast<std::size_t>(b)].o == op::column) {
            col = p_.nodes[static_cast<std::size_t>(b)].column;
            text = *ta;
        } else if (tb && !ta && p_.nodes[static_cast<std::size_t>(a)].o == op::column) {
            col = p_.nodes[static_cast<std::size_t>(a)].column;
            text = *tb;
        } else if (ta && tb) {
            bool eq = *ta == *tb;
            return constant((e.op == expr::binary_op::eq) == eq ? 1 : 0, boolean_type, expr::to_string(e));
        } else {
            out_.add("footprint.expr.type", e.where, "text can only be compared between a column and a text literal",
                     "e.g. baseline_product == \"steel-drum-208l\"", expr::to_string(e));
            return -1;
        }
        bool want_equal = e.op == expr::binary_op::eq;
        table_spec t;
        t.label = expr::to_string(e);
        t.parts = {detail::key_part{col, false}};
        t.resolve = [text, want_equal](const std::vector<std::string>& k) {
            resolution r;
            r.value = ((k[0] == text) == want_equal) ? 1.0 : 0.0;
            return r;
        };
        return table_node(std::move(t), boolean_type, e, false);
    }

    int table_node(table_spec t, value_type result, const expr::node& e, bool record) {
        (void)record;
        std::string key = "table:" + expr::to_string(e);
        if (auto it = resolved_nodes_.find(key); it != resolved_nodes_.end()) return it->second;
        p_.tables.push_back(std::move(t));
        bnode b;
        b.o = op::table;
        b.type = result;
        b.table = static_cast<int>(p_.tables.size()) - 1;
        b.label = expr::to_string(e);
        int n = add_node(std::move(b));
        resolved_nodes_[key] = n;
        return n;
    }

    /// A constant resolved at binding (factor, catalog value), recorded once per distinct call.
    int resolved_constant(double v, value_type t, const expr::node& e, resolved_value rec) {
        std::string key = "const:" + expr::to_string(e);
        if (auto it = resolved_nodes_.find(key); it != resolved_nodes_.end()) return it->second;
        p_.constants.push_back(std::move(rec));
        int n = constant(v, t, expr::to_string(e), static_cast<int>(p_.constants.size()) - 1);
        resolved_nodes_[key] = n;
        return n;
    }

    // A function argument that becomes part of a look-up key: a constant
    // text/number, a categorical column, or year(date column).
    struct key_arg {
        bool constant = true;
        std::string text;       // constant value as text
        detail::key_part part;  // when varying
    };

    std::optional<key_arg> key_argument(const expr::node& a, const char* fn, const char* what, vkind want) {
        key_arg k;
        if (a.kind == expr::node_kind::call && a.text == "year" && a.args.size() == 1 &&
            a.args[0]->kind == expr::node_kind::name) {
            const monitored_parameter* mp = p_.m.find_monitored(a.args[0]->text);
            if (mp && mp->type == parameter_type::date) {
                k.constant = false;
                k.part = detail::key_part{static_cast<int>(mp - p_.m.monitored.data()), true};
                return k;
            }
        }
        int n = bind(a);
        if (n < 0) return std::nullopt;
        const bnode& b = p_.nodes[static_cast<std::size_t>(n)];
        if (b.o == op::constant) {
            if (auto t = text_constant(n)) {
                k.text = *t;
            } else if (want == vkind::number && b.type.k == vkind::number) {
                k.text = format_number(b.value);
            } else {
                out_.add("footprint.expr.type", a.where, std::string(fn) + "(): " + what + " must be " +
                                                             (want == vkind::number ? "a number" : "a text literal or a column"),
                         "e.g. \"CN-East\" or a monitored column", expr::to_string(a));
                return std::nullopt;
            }
            return k;
        }
        const bool categorical = b.type.k == vkind::product || b.type.k == vkind::region || b.type.k == vkind::text;
        if (b.o == op::column && categorical &&
            (b.type.k == want || (want == vkind::text && (b.type.k == vkind::product || b.type.k == vkind::region)))) {
            k.constant = false;
            k.part = detail::key_part{b.column, false};
            return k;
        }
        out_.add("footprint.expr.type", a.where,
                 std::string(fn) + "(): " + what + " must be a constant, a monitored column or year(date)",
                 "e.g. region: grid_region, year: year(date)", expr::to_string(a));
        return std::nullopt;
    }

    int bind_call(const expr::node& e) {
        const std::string& f = e.text;
        auto positional = [&](std::size_t i) -> const expr::node* {
            std::size_t seen = 0;
            for (std::size_t j = 0; j < e.args.size(); ++j)
                if (e.arg_names[j].empty() && seen++ == i) return e.args[j].get();
            return nullptr;
        };
        auto named = [&](const char* key) -> const expr::node* {
            for (std::size_t j = 0; j < e.args.size(); ++j)
                if (e.arg_names[j] == key) return e.args[j].get();
            return nullptr;
        };
        auto check_names = [&](std::initializer_list<const char*> allowed) {
            for (const auto& n : e.arg_names) {
                if (n.empty()) continue;
                if (std::find_if(allowed.begin(), allowed.end(), [&](const char* a) { return n == a; }) == allowed.end()) {
                    std::string list;
                    for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
                    out_.add("footprint.expr.argument", e.where, f + "() has no argument '" + n + "'",
                             list.empty() ? "no keyword arguments" : "one of: " + list, n);
                    return false;
                }
            }
            return true;
        };
        std::size_t npos = static_cast<std::size_t>(std::count(e.arg_names.begin(), e.arg_names.end(), std::string()));

        if (f == "min" || f == "max") {
            if (!check_names({})) return -1;
            if (npos < 2) return arity(e, "at least two arguments");
            int acc = bind(*e.args[0]);
            if (acc < 0 || !require_number(acc, *e.args[0], f.c_str())) return -1;
            for (std::size_t i = 1; i < e.args.size(); ++i) {
                int b = bind(*e.args[i]);
                if (b < 0 || !require_number(b, *e.args[i], f.c_str())) return -1;
                if (as_number(type(acc)).dim != as_number(type(b)).dim) {
                    out_.add("footprint.expr.dimension", e.args[i]->where,
                             f + "() of " + type(acc).describe() + " and " + type(b).describe(),
                             "arguments of the same dimension", expr::to_string(*e.args[i]));
                    return -1;
                }
                acc = fold(f == "min" ? op::min : op::max, as_number(type(acc)), {acc, b}, e);
                if (acc < 0) return -1;
            }
            return acc;
        }
        if (f == "pow") {
            if (!check_names({}) || npos != 2) return arity(e, "two arguments: pow(base, exponent)");
            int a = bind(*e.args[0]), b = bind(*e.args[1]);
            if (a < 0 || b < 0) return -1;
            if (as_number(type(a)).dim != dimensions::none || as_number(type(b)).dim != dimensions::none) {
                out_.add("footprint.expr.dimension", e.where, "pow() takes dimensionless numbers",
                         "dimensionless base and exponent", expr::to_string(e));
                return -1;
            }
            return fold(op::pow, number_type(dimensions::none), {a, b}, e);
        }
        if (f == "if") {
            if (!check_names({}) || npos != 3) return arity(e, "three arguments: if(condition, then, else)");
            int c = bind(*e.args[0]), a = bind(*e.args[1]), b = bind(*e.args[2]);
            if (c < 0 || a < 0 || b < 0) return -1;
            if (!require_boolean(c, *e.args[0], "if()")) return -1;
            if (!require_number(a, *e.args[1], "if()") || !require_number(b, *e.args[2], "if()")) return -1;
            if (as_number(type(a)).dim != as_number(type(b)).dim) {
                out_.add("footprint.expr.dimension", e.where, "if() branches differ: " + type(a).describe() + " and " +
                                                                  type(b).describe(),
                         "branches of the same dimension", expr::to_string(e));
                return -1;
            }
            if (is_constant(c)) return value(c) != 0 ? a : b;  // the branch not taken is never evaluated
            return fold(op::select, as_number(type(a)), {c, a, b}, e);
        }
        if (f == "year") {
            if (!check_names({}) || npos != 1) return arity(e, "one argument: year(date)");
            int a = bind(*e.args[0]);
            if (a < 0) return -1;
            if (type(a).k != vkind::date || p_.nodes[static_cast<std::size_t>(a)].o != op::column) {
                out_.add("footprint.expr.type", e.where, "year() takes a date column", "a monitored date",
                         expr::to_string(e));
                return -1;
            }
            bnode b;
            b.o = op::year_of;
            b.type = number_type(dimensions::none);
            b.column = p_.nodes[static_cast<std::size_t>(a)].column;
            b.label = expr::to_string(e);
            return add_node(std::move(b));
        }
        if (f == "factor") return bind_factor(e, positional, named, check_names);
        if (f == "cfp" || f == "cfp_per_trip" || f == "trip_inventory" || f == "capacity" || f == "tare" ||
            f == "gross_mass" || f == "per_vehicle" || f == "design_life" || f == "expected_trips" ||
            f == "folded_ratio" || f == "reusable")
            return bind_catalog(e, positional, named, check_names);
        out_.add("footprint.expr.unknown-function", e.where, "unknown function '" + f + "'",
                 "min, max, pow, if, year, factor, cfp, cfp_per_trip, trip_inventory, capacity, tare, gross_mass, "
                 "per_vehicle, design_life, expected_trips, folded_ratio, reusable",
                 f);
        return -1;
    }

    int arity(const expr::node& e, const std::string& expected) {
        out_.add("footprint.expr.argument", e.where, "wrong arguments for " + e.text + "()", expected, expr::to_string(e));
        return -1;
    }

    template <class Positional, class Named, class CheckNames>
    int bind_factor(const expr::node& e, Positional positional, Named named, CheckNames check_names) {
        if (!check_names({"region", "year", "scope", "id"})) return -1;
        const expr::node* activity_arg = positional(0);
        const expr::node* id_arg = named("id");
        if ((activity_arg == nullptr) == (id_arg == nullptr))
            return arity(e, "an activity (factor(\"electricity.grid\", region: R, year: Y)) or an id (factor(id: \"...\"))");
        const factor_library& lib = *p_.options.factors;
        const gwp_set& gwp = *p_.options.gwp;
        std::string activity, id, scope;
        if (id_arg) {
            auto k = key_argument(*id_arg, "factor", "id", vkind::text);
            if (!k || !k->constant) return -1;
            id = k->text;
            const emission_factor* fac = lib.find(id);
            if (!fac) {
                out_.add("footprint.factor.not-found", id_arg->where, "no factor with id '" + id + "'",
                         "the id of a factor in the factor set", id);
                return -1;
            }
            factor_match named_match;
            named_match.factor = fac;
            named_match.path = {"named by id → " + id};
            named_match.exact = true;
            resolved_value rec = factor_record(*fac, named_match, e);
            return resolved_constant(fac->kg_co2e_per_activity(gwp),
                                     number_type(dimensions::emission / fac->activity_unit.dim), e, rec);
        }
        auto act = key_argument(*activity_arg, "factor", "the activity", vkind::text);
        if (!act || !act->constant) return -1;
        activity = act->text;
        if (const expr::node* s = named("scope")) {
            auto k = key_argument(*s, "factor", "scope", vkind::text);
            if (!k || !k->constant) return -1;
            scope = k->text;
        }
        // The factor's dimension must be known now: every candidate of the activity must agree.
        std::set<std::string> units;
        std::optional<dimension> dim;
        bool disagree = false;
        for (const auto& fac : lib.factors()) {
            if (fac.activity != activity || (!scope.empty() && fac.scope != scope)) continue;
            units.insert(fac.activity_unit.text);
            if (dim && *dim != fac.activity_unit.dim) disagree = true;
            dim = fac.activity_unit.dim;
        }
        if (!dim) {
            out_.add("footprint.factor.not-found", activity_arg->where,
                     "no factor for activity '" + activity + "'" + (scope.empty() ? "" : " with scope " + scope),
                     "an activity of the factor set", activity);
            return -1;
        }
        if (disagree) {
            std::string list;
            for (const auto& u : units) list += (list.empty() ? "" : ", ") + u;
            out_.add("footprint.factor.ambiguous", e.where,
                     "factors of '" + activity + "' are per different units (" + list + ")",
                     "a scope: or id: that selects one kind", activity);
            return -1;
        }
        value_type result = number_type(dimensions::emission / *dim);
        std::optional<key_arg> region, year;
        if (const expr::node* r = named("region")) {
            region = key_argument(*r, "factor", "region", vkind::region);
            if (!region) return -1;
        }
        if (const expr::node* y = named("year")) {
            year = key_argument(*y, "factor", "year", vkind::number);
            if (!year) return -1;
        } else {
            // Without a year the look-up would quietly take whichever year comes first.
            out_.add("footprint.expr.argument", e.where, "factor(\"" + activity + "\") needs a year",
                     "year=year(date) or a constant year, e.g. year=2023", expr::to_string(e));
            return -1;
        }
        std::vector<detail::key_part> parts;
        if (region && !region->constant) parts.push_back(region->part);
        if (year && !year->constant) parts.push_back(year->part);
        auto fixed_region = region && region->constant ? region->text : std::string("GLO");
        auto fixed_year = year && year->constant ? year->text : std::string();
        bool region_varies = region && !region->constant;
        bool year_varies = year && !year->constant;
        std::shared_ptr<const factor_library> libp = p_.options.factors;
        const gwp_set* gwpp = p_.options.gwp;
        dimension want = *dim;
        auto resolve = [libp, gwpp, activity, scope, fixed_region, fixed_year, region_varies, year_varies, want,
                        label = expr::to_string(e)](const std::vector<std::string>& key) {
            resolution res;
            std::size_t i = 0;
            std::string reg = region_varies ? key[i++] : fixed_region;
            std::string yr = year_varies ? key[i++] : fixed_year;
            int y = 0;
            if (!yr.empty()) y = static_cast<int>(std::lround(std::stod(yr)));
            try {
                factor_match m = libp->lookup(factor_query{activity, reg, y, scope});
                if (m.factor->activity_unit.dim != want) {
                    res.problem = "factor " + m.factor->id + " is per " + m.factor->activity_unit.text +
                                  ", not per the unit the equation needs";
                    return res;
                }
                res.value = m.factor->kg_co2e_per_activity(*gwpp);
                res.record.label = "factor(\"" + activity + "\", region: " + reg + (yr.empty() ? "" : ", year: " + yr) +
                                   (scope.empty() ? "" : ", scope: " + scope) + ")";
                res.record.kind = "factor";
                res.record.value = m.factor->kg_co2e_per_activity_unit(*gwpp);
                res.record.unit = "kg CO2e/" + m.factor->activity_unit.text;
                res.record.factor_id = m.factor->id;
                res.record.fallback_path = m.path;
                res.record.source = m.factor->cited.source_id +
                                    (m.factor->cited.table.empty() ? "" : ", " + m.factor->cited.table);
            } catch (const error& err) {
                res.problem = err.problems().front().message;
            }
            return res;
        };
        if (parts.empty()) {
            resolution r = resolve({});
            if (!r.problem.empty()) {
                out_.add("footprint.factor.not-found", e.where, r.problem, "a factor for every region and year in range",
                         expr::to_string(e));
                return -1;
            }
            return resolved_constant(r.value, result, e, r.record);
        }
        table_spec t;
        t.label = expr::to_string(e);
        t.parts = parts;
        t.resolve = resolve;
        return table_node(std::move(t), result, e, true);
    }

    resolved_value factor_record(const emission_factor& fac, const factor_match& m, const expr::node& e) {
        resolved_value rec;
        rec.label = expr::to_string(e);
        rec.kind = "factor";
        rec.value = fac.kg_co2e_per_activity_unit(*p_.options.gwp);
        rec.unit = "kg CO2e/" + fac.activity_unit.text;
        rec.factor_id = fac.id;
        rec.fallback_path = m.path;
        rec.source = fac.cited.source_id + (fac.cited.table.empty() ? "" : ", " + fac.cited.table);
        return rec;
    }

    template <class Positional, class Named, class CheckNames>
    int bind_catalog(const expr::node& e, Positional positional, Named named, CheckNames check_names) {
        const std::string f = e.text;
        const bool per_trip_share = f == "cfp_per_trip";
        const bool takes_loss = per_trip_share || f == "expected_trips";
        bool takes_stage = f == "cfp" || f == "trip_inventory" || per_trip_share;
        if (per_trip_share ? !check_names({"loss", "stage", "year", "region"})
            : f == "expected_trips" ? !check_names({"loss"})
            : takes_stage  ? !check_names({"stage", "tag", "year", "region"})
            : f == "per_vehicle" ? !check_names({"state"})
                                 : !check_names({}))
            return -1;
        const expr::node* product_arg = positional(0);
        if (!product_arg || (!takes_stage && e.args.size() != (f == "per_vehicle" || takes_loss ? 2u : 1u)))
            return arity(e, f == "per_vehicle" ? "per_vehicle(product, state=\"loaded\" or \"empty\")" : f + "(product)");
        // cfp_per_trip: the per-trip loss must be known when the plan is bound (it weighs
        // every component's life), so it is a constant expression of fixed parameters.
        double loss = 0;
        if (takes_loss) {
            const expr::node* l = named("loss");
            if (!l) return arity(e, f + "(product, loss=P" + (per_trip_share ? ", stage=..., year=...)" : ")"));
            int n = bind(*l);
            if (n < 0) return -1;
            const bnode& b = p_.nodes[static_cast<std::size_t>(n)];
            if (b.o != op::constant || b.type.k != vkind::number || !(b.type.dim == dimensions::none) ||
                !(b.value >= 0 && b.value < 1)) {
                out_.add("footprint.expr.type", l->where,
                         f + "(): loss must be a constant probability per trip, at least 0 and below 1",
                         "e.g. loss=loss_per_trip, an equation of fixed parameters", expr::to_string(*l));
                return -1;
            }
            loss = b.value;
        }
        std::string state;
        if (f == "per_vehicle") {
            const expr::node* st = named("state");
            auto k = st ? key_argument(*st, f.c_str(), "state", vkind::text) : std::nullopt;
            if (!k || !k->constant || (k->text != "loaded" && k->text != "empty")) {
                if (!st || (k && k->constant))
                    out_.add("footprint.expr.argument", e.where, "per_vehicle() needs the load state",
                             "state=\"loaded\" or state=\"empty\"", expr::to_string(e));
                return -1;
            }
            state = k->text;
        }
        auto product = key_argument(*product_arg, f.c_str(), "the product", vkind::product);
        if (!product) return -1;
        std::string stage;
        if (const expr::node* s = named("stage")) {
            auto k = key_argument(*s, f.c_str(), "stage", vkind::text);
            if (!k || !k->constant) return -1;
            stage = k->text;
            if (!parse_stage(stage)) {
                out_.add("footprint.catalog.stage", s->where, "unknown stage",
                         "raw_material, production, distribution, use or end_of_life", stage);
                return -1;
            }
        }
        std::string tag;
        if (const expr::node* tg = named("tag")) {
            auto k = key_argument(*tg, f.c_str(), "tag", vkind::text);
            if (!k || !k->constant) return -1;
            tag = k->text;
        }
        std::optional<key_arg> year, region;
        if (const expr::node* y = named("year")) {
            year = key_argument(*y, f.c_str(), "year", vkind::number);
            if (!year) return -1;
        }
        if (const expr::node* r = named("region")) {
            region = key_argument(*r, f.c_str(), "region", vkind::region);
            if (!region) return -1;
        }
        const catalog& cat = *p_.options.products;
        value_type result;
        if (takes_stage) result = number_type(dimensions::emission);
        else if (f == "tare" || f == "gross_mass") result = number_type(dimensions::mass);
        else if (f == "design_life" || f == "expected_trips" || f == "folded_ratio" || f == "per_vehicle")
            result = number_type(dimensions::none);
        else if (f == "reusable") result = boolean_type;
        else {  // capacity: all products must agree on the dimension
            std::optional<dimension> d;
            for (const auto& [id, p] : cat.products()) {
                if (d && *d != p.capacity.unit.dim) {
                    out_.add("footprint.catalog.capacity", e.where, "catalog capacities mix volumes and masses",
                             "one dimension for every product's capacity", expr::to_string(e));
                    return -1;
                }
                d = p.capacity.unit.dim;
            }
            result = number_type(d.value_or(dimensions::volume));
        }
        std::vector<detail::key_part> parts;
        if (!product->constant) parts.push_back(product->part);
        if (year && !year->constant) parts.push_back(year->part);
        if (region && !region->constant) parts.push_back(region->part);
        std::string fixed_product = product->constant ? product->text : std::string();
        std::string fixed_year = year && year->constant ? year->text : std::string();
        std::string fixed_region = region && region->constant ? region->text : std::string();
        bool pv = !product->constant, yv = year && !year->constant, rv = region && !region->constant;
        std::shared_ptr<const catalog> catp = p_.options.products;
        std::shared_ptr<const factor_library> libp = p_.options.factors;
        const gwp_set* gwpp = p_.options.gwp;
        auto resolve = [=](const std::vector<std::string>& key) {
            resolution res;
            std::size_t i = 0;
            std::string pid = pv ? key[i++] : fixed_product;
            std::string yr = yv ? key[i++] : fixed_year;
            std::string reg = rv ? key[i++] : fixed_region;
            const packaging_product* p = catp->find(pid);
            if (!p) {
                res.problem = "no product '" + pid + "' in the catalog";
                return res;
            }
            res.record.kind = "catalog";
            res.record.label = f + "(" + pid + (takes_loss ? ", loss: " + format_number(loss) : "") +
                               (state.empty() ? "" : ", state: " + state) + (stage.empty() ? "" : ", stage: " + stage) +
                               (tag.empty() ? "" : ", tag: " + tag) +
                               (yr.empty() ? "" : ", year: " + yr) + (reg.empty() ? "" : ", region: " + reg) + ")";
            res.record.source = "catalog " + std::filesystem::path(p->where.file).filename().string();
            try {
                if (f == "cfp" || f == "trip_inventory") {
                    cfp_options o;
                    o.gwp = gwpp;
                    if (!yr.empty()) o.year = static_cast<int>(std::lround(std::stod(yr)));
                    if (!reg.empty()) {
                        o.region = reg;
                        o.region_overrides_items = true;
                    }
                    std::vector<inventory_item> items;
                    for (const auto& it : f == "cfp" ? p->items : p->per_trip)
                        if (tag.empty() || it.tag == tag) items.push_back(it);
                    footprint_result r = compute_footprint(items, *libp, o);
                    double kg = 0;
                    for (const auto& st : r.stages)
                        if (stage.empty() || stage_key(st.stage) == stage)
                            for (const auto& it : st.items) kg += it.emission.value();
                    res.value = kg;
                    res.record.unit = "kg CO2e";
                    res.record.value = kg;
                } else if (per_trip_share) {
                    cfp_options o;
                    o.gwp = gwpp;
                    if (!yr.empty()) o.year = static_cast<int>(std::lround(std::stod(yr)));
                    if (!reg.empty()) {
                        o.region = reg;
                        o.region_overrides_items = true;
                    }
                    res.value = footprint_per_trip(*p, *libp, o, loss, stage);
                    res.record.unit = "kg CO2e";
                    res.record.value = res.value;
                } else if (f == "gross_mass") {
                    if (!p->gross_mass) {
                        res.problem = "product '" + pid + "' has no gross_mass in the catalog";
                        res.value = std::numeric_limits<double>::quiet_NaN();
                        return res;
                    }
                    res.value = p->gross_mass->coherent();
                    res.record.value = p->gross_mass->value;
                    res.record.unit = p->gross_mass->unit.text;
                    res.record.source = citation_text(p->gross_cited);
                } else if (f == "per_vehicle") {
                    const auto& load = state == "loaded" ? p->loaded_per_vehicle : p->empty_per_vehicle;
                    if (!load) {
                        res.problem = "product '" + pid + "' has no per_vehicle." + state + " in the catalog";
                        res.value = std::numeric_limits<double>::quiet_NaN();
                        return res;
                    }
                    res.value = load->units;
                    res.record.value = load->units;
                    res.record.unit = std::string("units per vehicle, limited by ") + load_limit_name(load->limit);
                    res.record.source = citation_text(load->cited);
                } else if (f == "capacity") {
                    res.value = p->capacity.coherent();
                    res.record.value = p->capacity.value;
                    res.record.unit = p->capacity.unit.text;
                } else if (f == "tare") {
                    res.value = p->tare_mass.coherent();
                    res.record.value = p->tare_mass.value;
                    res.record.unit = p->tare_mass.unit.text;
                    res.record.source = citation_text(p->tare_cited);
                } else if (f == "expected_trips") {
                    res.value = expected_trips(p->design_life_trips.value_or(1), loss);
                    res.record.value = res.value;
                    res.record.unit = "trips";
                } else if (f == "design_life") {
                    res.value = p->design_life_trips.value_or(1);
                    res.record.value = res.value;
                    res.record.unit = "trips";
                } else if (f == "folded_ratio") {
                    res.value = p->folded_volume_ratio.value_or(1.0);
                    res.record.value = res.value;
                    res.record.unit = "1";
                } else {
                    res.value = p->reusable() ? 1 : 0;
                    res.record.value = res.value;
                    res.record.unit = "";
                }
            } catch (const error& err) {
                res.problem = err.problems().front().message;
                res.value = std::numeric_limits<double>::quiet_NaN();
            }
            return res;
        };
        if (parts.empty()) {
            resolution r = resolve({});
            if (!r.problem.empty()) {
                out_.add("footprint.catalog.unknown-product", e.where, r.problem, "a product of the catalog",
                         expr::to_string(e));
                return -1;
            }
            return resolved_constant(r.value, result, e, r.record);
        }
        table_spec t;
        t.label = expr::to_string(e);
        t.parts = parts;
        t.resolve = resolve;
        return table_node(std::move(t), result, e, true);
    }

    plan_impl& p_;
    diagnostics& out_;
    std::set<std::string> in_progress_;
    std::map<int, std::string> text_of_;
    std::map<std::string, int> fixed_nodes_;    // one constant per fixed parameter
    std::map<std::string, int> resolved_nodes_; // one node per distinct look-up call
};

// ---- compiling to a column program -------------------------------------------

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

}  // namespace

// ---- plan ---------------------------------------------------------------------

plan plan::bind(const methodology& m, plan_options options) {
    if (!options.factors) throw error("footprint.plan.options", {}, "no factor library given", "a factor library");
    if (!options.products) throw error("footprint.plan.options", {}, "no catalog given", "a packaging catalog");
    if (!options.gwp) options.gwp = &gwp_ar6;
    auto impl = std::make_shared<plan_impl>();
    impl->m = m;
    impl->options = std::move(options);
    diagnostics out;
    for (const auto& [name, v] : impl->options.overrides)
        if (!m.find_fixed(name))
            out.add("footprint.plan.unknown-override", {}, "override of '" + name + "', which is not a fixed parameter",
                    "a fixed parameter of " + m.id, name);
    binder b(*impl, out);
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
    out.throw_if_any();
    compile(*impl);
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

namespace {

std::string bound_to_string(const plan_impl& p, int n, int depth = 0) {
    const bnode& b = p.nodes[static_cast<std::size_t>(n)];
    if (depth > 0 && !b.label.empty() && p.equation_nodes.count(b.label)) return b.label;
    auto k = [&](std::size_t i) { return bound_to_string(p, b.kids[i], depth + 1); };
    switch (b.o) {
        case op::constant:
            if (b.type.k == vkind::text) return "\"" + b.label + "\"";
            return display(b.value, b.type);
        case op::column: return b.label;
        case op::year_of: return b.label;
        case op::table: return b.label;
        case op::neg: return "-(" + k(0) + ")";
        case op::add: return "(" + k(0) + " + " + k(1) + ")";
        case op::sub: return "(" + k(0) + " - " + k(1) + ")";
        case op::mul: return k(0) + " × " + k(1);
        case op::div: return k(0) + " / " + k(1);
        case op::lt: return k(0) + " < " + k(1);
        case op::le: return k(0) + " <= " + k(1);
        case op::gt: return k(0) + " > " + k(1);
        case op::ge: return k(0) + " >= " + k(1);
        case op::eq: return k(0) + " == " + k(1);
        case op::ne: return k(0) + " != " + k(1);
        case op::land: return "(" + k(0) + " and " + k(1) + ")";
        case op::lor: return "(" + k(0) + " or " + k(1) + ")";
        case op::lnot: return "not " + k(0);
        case op::min: return "min(" + k(0) + ", " + k(1) + ")";
        case op::max: return "max(" + k(0) + ", " + k(1) + ")";
        case op::pow: return "pow(" + k(0) + ", " + k(1) + ")";
        case op::select: return "if(" + k(0) + ", " + k(1) + ", " + k(2) + ")";
    }
    return "?";
}

}  // namespace

std::vector<std::pair<std::string, std::string>> plan::derivation() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& eq : impl_->m.equations) {
        auto it = impl_->equation_nodes.find(eq.name);
        if (it == impl_->equation_nodes.end()) continue;
        out.emplace_back(eq.name, bound_to_string(*impl_, it->second));
    }
    return out;
}

// ---- the evaluator ---------------------------------------------------------------

struct plan::evaluator::state {
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
        std::vector<detail::key_part> parts;
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

plan::evaluator::evaluator(const plan& p) : s_(std::make_unique<state>()) {
    state& s = *s_;
    s.p = p.impl_;
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
    auto instr_of_node = [&](int node) {
        if (node < 0) return -1;
        int r = pi.reg_of[static_cast<std::size_t>(node)];
        return r < 0 ? -1 : s.instr_of_reg[static_cast<std::size_t>(r)];
    };

    // Key signatures of the tables.
    s.sig_of_table.assign(pi.tables.size(), -1);
    for (std::size_t ti = 0; ti < pi.tables.size(); ++ti) {
        const auto& parts = pi.tables[ti].parts;
        auto same = [&](const state::signature& sg) {
            if (sg.parts.size() != parts.size()) return false;
            for (std::size_t k = 0; k < parts.size(); ++k)
                if (sg.parts[k].column != parts[k].column || sg.parts[k].year != parts[k].year) return false;
            return true;
        };
        auto it = std::find_if(s.sigs.begin(), s.sigs.end(), same);
        if (it == s.sigs.end()) {
            s.sigs.push_back(state::signature{});
            s.sigs.back().parts = parts;
            it = s.sigs.end() - 1;
        }
        it->tables.push_back(ti);
        s.sig_of_table[ti] = static_cast<int>(it - s.sigs.begin());
    }
    // Instructions that depend on one signature's key alone.
    s.sig_of_instr.assign(prog.size(), -1);
    for (std::size_t i = 0; i < prog.size(); ++i) {
        const detail::instr& ins = prog[i];
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
            int j = instr_of_node(operand);
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

    // Registers to slots by liveness: a slot is free again after its value's last reader.
    const int end = static_cast<int>(prog.size());
    std::vector<int> last_use(prog.size(), -1);
    for (std::size_t i = 0; i < prog.size(); ++i)
        for (int operand : {prog[i].a, prog[i].b, prog[i].c}) {
            int j = instr_of_node(operand);
            if (j >= 0) last_use[static_cast<std::size_t>(j)] = std::max(last_use[static_cast<std::size_t>(j)], static_cast<int>(i));
        }
    auto keep = [&](int node) {
        int j = instr_of_node(node);
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

namespace {

struct operand {
    const double* ptr = nullptr;
    double k = 0;
    bool scalar = false;
};

template <class F>
void kernel2(const operand& a, const operand& b, double* dst, std::size_t n, F f) {
    if (a.scalar && b.scalar) {
        double v = f(a.k, b.k);
        std::fill(dst, dst + n, v);
    } else if (a.scalar) {
        const double* pb = b.ptr;
        for (std::size_t i = 0; i < n; ++i) dst[i] = f(a.k, pb[i]);
    } else if (b.scalar) {
        const double* pa = a.ptr;
        for (std::size_t i = 0; i < n; ++i) dst[i] = f(pa[i], b.k);
    } else {
        const double* pa = a.ptr;
        const double* pb = b.ptr;
        for (std::size_t i = 0; i < n; ++i) dst[i] = f(pa[i], pb[i]);
    }
}

/// One arithmetic instruction over n values (per row, or per key of a table's domain).
template <class OperandOf>
void arithmetic(const detail::instr& ins, double* dst, std::size_t n, OperandOf&& operand_of) {
    switch (ins.o) {
        case op::neg: {
            operand a = operand_of(ins.a);
            if (a.scalar) std::fill(dst, dst + n, -a.k);
            else for (std::size_t i = 0; i < n; ++i) dst[i] = -a.ptr[i];
            break;
        }
        case op::lnot: {
            operand a = operand_of(ins.a);
            if (a.scalar) std::fill(dst, dst + n, a.k == 0 ? 1.0 : 0.0);
            else for (std::size_t i = 0; i < n; ++i) dst[i] = a.ptr[i] == 0 ? 1.0 : 0.0;
            break;
        }
        case op::add: kernel2(operand_of(ins.a), operand_of(ins.b), dst, n, [](double x, double y) { return x + y; }); break;
        case op::sub: kernel2(operand_of(ins.a), operand_of(ins.b), dst, n, [](double x, double y) { return x - y; }); break;
        case op::mul: kernel2(operand_of(ins.a), operand_of(ins.b), dst, n, [](double x, double y) { return x * y; }); break;
        case op::div: kernel2(operand_of(ins.a), operand_of(ins.b), dst, n, [](double x, double y) { return x / y; }); break;
        case op::lt: kernel2(operand_of(ins.a), operand_of(ins.b), dst, n, [](double x, double y) { return double(x < y); }); break;
        case op::le: kernel2(operand_of(ins.a), operand_of(ins.b), dst, n, [](double x, double y) { return double(x <= y); }); break;
        case op::gt: kernel2(operand_of(ins.a), operand_of(ins.b), dst, n, [](double x, double y) { return double(x > y); }); break;
        case op::ge: kernel2(operand_of(ins.a), operand_of(ins.b), dst, n, [](double x, double y) { return double(x >= y); }); break;
        case op::eq: kernel2(operand_of(ins.a), operand_of(ins.b), dst, n, [](double x, double y) { return double(x == y); }); break;
        case op::ne: kernel2(operand_of(ins.a), operand_of(ins.b), dst, n, [](double x, double y) { return double(x != y); }); break;
        case op::land: kernel2(operand_of(ins.a), operand_of(ins.b), dst, n, [](double x, double y) { return double(x != 0 && y != 0); }); break;
        case op::lor: kernel2(operand_of(ins.a), operand_of(ins.b), dst, n, [](double x, double y) { return double(x != 0 || y != 0); }); break;
        case op::min: kernel2(operand_of(ins.a), operand_of(ins.b), dst, n, [](double x, double y) { return std::min(x, y); }); break;
        case op::max: kernel2(operand_of(ins.a), operand_of(ins.b), dst, n, [](double x, double y) { return std::max(x, y); }); break;
        case op::pow: kernel2(operand_of(ins.a), operand_of(ins.b), dst, n, [](double x, double y) { return std::pow(x, y); }); break;
        case op::select: {
            operand c = operand_of(ins.a), a = operand_of(ins.b), b = operand_of(ins.c);
            for (std::size_t i = 0; i < n; ++i) {
                double cv = c.scalar ? c.k : c.ptr[i];
                dst[i] = cv != 0 ? (a.scalar ? a.k : a.ptr[i]) : (b.scalar ? b.k : b.ptr[i]);
            }
            break;
        }
        case op::constant:
        case op::column:
        case op::year_of:
        case op::table: break;
    }
}

/// round_grams for the hot loop, without calls into libm: the same integer
/// for every input round_grams accepts here (finite, |g| < 2^53). Whole
/// grams are found by adding and taking away 2^52, which rounds half to
/// even exactly as nearbyint does in the default rounding mode.
template <rounding_mode Mode>
inline std::int64_t round_grams_inline(double kg) {
    const double g = kg * 1000.0;
    const double a = std::fabs(g);
    constexpr double two52 = 4503599627370496.0;
    const double nearest = a < two52 ? std::copysign((a + two52) - two52, g) : g;
    const bool snap = std::fabs(g - nearest) <= 1e-9 * std::max(1.0, a);
    const auto whole = static_cast<std::int64_t>(nearest);
    // Without branches: which side of the nearest gram a value falls is as
    // good as random, and a mispredicted branch per component and row costs
    // more than the rest of the rounding.
    if constexpr (Mode == rounding_mode::down) return whole - static_cast<std::int64_t>(!snap & (nearest > g));
    else if constexpr (Mode == rounding_mode::up) return whole + static_cast<std::int64_t>(!snap & (nearest < g));
    else return snap ? whole : static_cast<std::int64_t>(std::round(g));
}

/// Rounds one component's kilograms to grams for every row and adds them to
/// their term. Rows with a value that is not finite (or too large for sums)
/// get the marker `unresolved`; a negative component that is not a credit
/// gets `negative` (a problem id, made on first use).
template <rounding_mode Mode, class Negative>
void round_component(const operand& v, std::size_t n, std::int64_t* grams, std::int64_t* total, std::uint32_t* problem,
                     bool credit, Negative&& negative) {
    constexpr double max_kg = 9.0e12;  // |grams| must fit an int64 with room for sums
    constexpr std::uint32_t unresolved = std::numeric_limits<std::uint32_t>::max();
    for (std::size_t i = 0; i < n; ++i) {
        const double kg = v.scalar ? v.k : v.ptr[i];
        if (!std::isfinite(kg) || std::fabs(kg) > max_kg) {
            grams[i] = 0;
            if (problem[i] == 0) problem[i] = unresolved;  // resolved below
            continue;
        }
        const std::int64_t g = round_grams_inline<Mode>(kg);
        grams[i] = g;
        if (g < 0 && !credit && problem[i] == 0) problem[i] = negative();
        total[i] += g;
    }
}

}  // namespace

void plan::evaluator::run(const batch_input& in, batch_output& out) {
    state& s = *s_;
    const plan_impl& p = *s.p;
    const auto& prog = p.program;
    const std::size_t n = in.rows;
    if (in.columns.size() != p.m.monitored.size())
        throw error("footprint.plan.columns", {}, "batch has " + std::to_string(in.columns.size()) + " columns",
                    std::to_string(p.m.monitored.size()) + " columns, one per monitored parameter");
    out.resize(n, p.components.size());
    if (n == 0) return;
    for (auto& r : s.slots)
        if (r.size() < n) r.resize(n);

    auto operand_of = [&](int node) {
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
    };

    // Years of the date columns, once per batch: dates cluster, so each row's
    // year is found by comparing its day with the few 1 January boundaries in
    // the batch's range instead of a full calendar conversion per row.
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

    // Tables: make sure every key this batch uses has a resolved entry.
    for (std::size_t ti = 0; ti < p.tables.size(); ++ti) {
        const table_spec& spec = p.tables[ti];
        auto& ts = s.tables[ti];
        std::vector<std::size_t> domain(spec.parts.size());
        std::vector<int> base(spec.parts.size(), 0);
        std::vector<const std::vector<std::string>*> dicts(spec.parts.size(), nullptr);
        for (std::size_t k = 0; k < spec.parts.size(); ++k) {
            const column_view& c = in.columns[static_cast<std::size_t>(spec.parts[k].column)];
            if (spec.parts[k].year) {
                auto [lo, hi] = s.year_range.at(spec.parts[k].column);
                if (!ts.domain.empty() && ts.year_base[k] <= lo &&
                    ts.year_base[k] + static_cast<int>(ts.domain[k]) > hi) {
                    lo = ts.year_base[k];
                    hi = ts.year_base[k] + static_cast<int>(ts.domain[k]) - 1;
                }
                base[k] = lo;
                domain[k] = static_cast<std::size_t>(hi - lo + 1);
            } else {
                dicts[k] = c.dictionary;
                domain[k] = c.dictionary ? c.dictionary->size() : 0;
            }
        }
        if (domain != ts.domain || base != ts.year_base || dicts != ts.dicts) {
            ++s.sigs[static_cast<std::size_t>(s.sig_of_table[ti])].generation;
            std::size_t total = 1;
            for (auto d : domain) total *= std::max<std::size_t>(d, 1);
            ts.domain = domain;
            ts.year_base = base;
            ts.dicts = dicts;
            ts.values.assign(total, std::numeric_limits<double>::quiet_NaN());
            ts.entry_problem.assign(total, 0);
            std::vector<std::string> key(spec.parts.size());
            for (std::size_t idx = 0; idx < total; ++idx) {
                std::size_t rest = idx;
                std::string joined;
                for (std::size_t k = spec.parts.size(); k-- > 0;) {
                    std::size_t d = std::max<std::size_t>(domain[k], 1);
                    std::size_t v = rest % d;
                    rest /= d;
                    key[k] = spec.parts[k].year ? std::to_string(base[k] + static_cast<int>(v))
                                                : (dicts[k] && v < dicts[k]->size() ? (*dicts[k])[v] : std::string());
                }
                for (const auto& part : key) joined += part + '\x1f';
                auto it = ts.cache.find(joined);
                if (it == ts.cache.end()) {
                    it = ts.cache.emplace(joined, spec.resolve(key)).first;
                    ts.first_seen.push_back(joined);
                }
                ts.values[idx] = it->second.value;
                if (!it->second.problem.empty()) ts.entry_problem[idx] = s.problem_id(spec.label + ": " + it->second.problem);
            }
        }
    }

    // Signatures: do their tables share one layout, and are their key-only
    // instructions worth computing per key (a domain no larger than the batch)?
    for (auto& sg : s.sigs) {
        const auto& first = s.tables[sg.tables.front()];
        sg.aligned = std::all_of(sg.tables.begin(), sg.tables.end(), [&](std::size_t ti) {
            return s.tables[ti].domain == first.domain && s.tables[ti].year_base == first.year_base;
        });
        sg.dense = sg.aligned && first.values.size() <= std::max<std::size_t>(n, 4096);
        sg.index_ready = false;
    }
    auto dense_operand = [&](int node) {
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
    };
    for (std::size_t i = 0; i < prog.size(); ++i) {
        const int sig = s.sig_of_instr[i];
        if (sig < 0 || prog[i].o == op::table) continue;
        const auto& sg = s.sigs[static_cast<std::size_t>(sig)];
        if (!sg.dense || s.derived_generation[i] == sg.generation) continue;
        auto& values = s.derived[i];
        values.resize(s.tables[sg.tables.front()].values.size());
        arithmetic(prog[i], values.data(), values.size(), dense_operand);
        s.derived_generation[i] = sg.generation;
    }
    auto gathered = [&](std::size_t i) {
        const int sig = s.sig_of_instr[i];
        return sig >= 0 && (prog[i].o == op::table || s.sigs[static_cast<std::size_t>(sig)].dense);
    };

    // Which instructions run per row in this batch: those the results need,
    // except what a per-key gather already gives.
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

    // Gathers a per-key value for each row: by the column's codes for a
    // one-column key, else by the combined index, built once per signature.
    auto gather = [&](const double* values, std::size_t table, double* dst) {
        const table_spec& spec = p.tables[table];
        const auto& ts = s.tables[table];
        auto& sg = s.sigs[static_cast<std::size_t>(s.sig_of_table[table])];
        if (spec.parts.size() == 1 && !spec.parts[0].year) {
            const std::int32_t* codes = in.columns[static_cast<std::size_t>(spec.parts[0].column)].codes;
            for (std::size_t i = 0; i < n; ++i) dst[i] = values[codes[i]];
            return;
        }
        auto& idx = sg.aligned ? sg.index : s.index;
        if (!sg.aligned || !sg.index_ready) {
            // Mixed-radix key over the parts, built column by column.
            idx.assign(n, 0);
            for (std::size_t k = 0; k < spec.parts.size(); ++k) {
                const std::uint32_t radix = static_cast<std::uint32_t>(std::max<std::size_t>(ts.domain[k], 1));
                if (spec.parts[k].year) {
                    const std::int32_t* years = s.year_cols.at(spec.parts[k].column).data();
                    const std::int32_t base = ts.year_base[k];
                    for (std::size_t i = 0; i < n; ++i) idx[i] = idx[i] * radix + static_cast<std::uint32_t>(years[i] - base);
                } else {
                    const std::int32_t* codes = in.columns[static_cast<std::size_t>(spec.parts[k].column)].codes;
                    for (std::size_t i = 0; i < n; ++i) idx[i] = idx[i] * radix + static_cast<std::uint32_t>(codes[i]);
                }
            }
            sg.index_ready = sg.aligned;
        }
        const std::uint32_t* ix = idx.data();
        for (std::size_t i = 0; i < n; ++i) dst[i] = values[ix[i]];
    };

    // The program: one pass per instruction over the whole batch.
    for (std::size_t i = 0; i < prog.size(); ++i) {
        if (!s.needed[i]) continue;
        const detail::instr& ins = prog[i];
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

    // Round each component, sum the terms, and find the rows that failed.
    std::fill(out.baseline_g.begin(), out.baseline_g.end(), 0);
    std::fill(out.project_g.begin(), out.project_g.end(), 0);
    std::fill(out.leakage_g.begin(), out.leakage_g.end(), 0);
    for (std::size_t ci = 0; ci < p.components.size(); ++ci) {
        const plan_component& comp = p.components[ci];
        operand v = operand_of(p.component_nodes[ci]);
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
    // Row-level applicability conditions.
    for (const auto& [cond, node] : p.row_checks) {
        operand v = operand_of(node);
        for (std::size_t i = 0; i < n; ++i) {
            double c = v.scalar ? v.k : v.ptr[i];
            if (c == 0 && out.problem[i] == 0)
                out.problem[i] = s.problem_id("applicability condition " + cond->id + " not met: " + cond->text.en);
        }
    }
    // Rows with a non-finite component: name the cause (a table entry that
    // failed to resolve, or arithmetic without a finite result).
    for (std::size_t i = 0; i < n; ++i) {
        if (out.problem[i] != std::numeric_limits<std::uint32_t>::max()) continue;
        std::uint32_t found = 0;
        for (std::size_t ti = 0; ti < p.tables.size() && found == 0; ++ti) {
            const table_spec& spec = p.tables[ti];
            const auto& ts = s.tables[ti];
            std::size_t idx = 0;
            for (std::size_t k = 0; k < spec.parts.size(); ++k) {
                const column_view& c = in.columns[static_cast<std::size_t>(spec.parts[k].column)];
                std::size_t v = spec.parts[k].year
                                    ? static_cast<std::size_t>(s.year_cols.at(spec.parts[k].column)[i] - ts.year_base[k])
                                    : static_cast<std::size_t>(c.codes[i]);
                idx = idx * std::max<std::size_t>(ts.domain[k], 1) + v;
            }
            found = ts.entry_problem[idx];
        }
        out.problem[i] = found != 0 ? found : s.problem_id("a component has no finite value (division by zero or overflow)");
    }
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
    if (p.plausibility_node >= 0) {
        operand v = operand_of(p.plausibility_node);
        for (std::size_t i = 0; i < n; ++i) {
            double limit_g = (v.scalar ? v.k : v.ptr[i]) * 1000.0;
            if (out.problem[i] == 0 && static_cast<double>(out.reduction_g[i]) > limit_g + 0.5) out.implausible[i] = 1;
        }
    }
}

// ---- one row by tree walk: explain and evaluate_row --------------------------------

namespace {

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
    for (const auto& mp : p.m.monitored) {
        auto it = row.find(mp.name);
        double number = std::numeric_limits<double>::quiet_NaN();
        std::string text;
        int days = 0;
        if (it == row.end()) {
            out.add("footprint.shipment.missing-column", source_location{"<row>", 0, 0, mp.name, {}},
                    "no value for '" + mp.name + "'", std::string(parameter_type_name(mp.type)));
        } else {
            text = it->second;
            if (mp.type == parameter_type::number || mp.type == parameter_type::integer || mp.type == parameter_type::flag) {
                try {
                    std::size_t used = 0;
                    number = std::stod(text, &used) * (mp.type == parameter_type::flag ? 1.0 : mp.unit.to_coherent);
                    if (used != text.size()) throw std::invalid_argument(text);
                } catch (const std::exception&) {
                    out.add("footprint.shipment.not-a-number", source_location{"<row>", 0, 0, mp.name, {}},
                            "not a number", "a number in " + mp.unit.text, text);
                }
            } else if (mp.type == parameter_type::date) {
                // The same rule as ingest (shipment_reader) and frames: a real calendar date, in the
                // years footprint computes; sscanf accepted 2023-02-30 here while ingest refused it.
                const auto d = parse_iso_date(text);
                if (!d)
                    out.add("footprint.shipment.date", source_location{"<row>", 0, 0, mp.name, {}}, "not a valid date",
                            "an ISO 8601 date YYYY-MM-DD", text);
                else if (!within_computable_years(*d))
                    out.add("footprint.shipment.date", source_location{"<row>", 0, 0, mp.name, {}},
                            "date outside the years footprint computes", "a date from 1900-01-01 to 2100-12-31", text);
                else
                    days = *d;
            }
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
                ctx.trace->push_back(line);
            }
            r = res.value;
            break;
        }
        default: {
            std::vector<double> v;
            for (std::size_t i = 0; i < b.kids.size(); ++i) v.push_back(k(i));
            r = binder::apply(b.o, v);
        }
    }
    return r;
}

}  // namespace

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
        s << "      = " << bound_to_string(p, it->second) << "\n";
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
