// Binding names, literals and operators, and folding constants.
//
// Each equation's syntax tree becomes bound nodes with types (dimension
// checked); a node whose operands are all constants is folded into a
// constant on the spot.

#include <algorithm>
#include <cmath>

#include "plan/detail/binder.hpp"

namespace footprint::detail {

int binder::bind_equation(const std::string& name, const source_location& used_at) {
    if (auto it = p_.equation_nodes.find(name); it != p_.equation_nodes.end()) return it->second;
    const equation* eq = p_.m.find_equation(name);
    if (!eq || !eq->expression) return -1;
    if (in_progress_.count(name)) {
        out_.add("footprint.expr.cycle", used_at, "equation '" + name + "' depends on itself",
                 "equations that refer to each other without a cycle", name);
        return -1;
    }
    in_progress_.insert(name);
    equations_.push_back(name);
    int n = bind(*eq->expression);
    equations_.pop_back();
    in_progress_.erase(name);
    if (n >= 0) {
        p_.nodes[static_cast<std::size_t>(n)].label =
            p_.nodes[static_cast<std::size_t>(n)].label.empty() ? name : p_.nodes[static_cast<std::size_t>(n)].label;
        p_.equation_nodes[name] = n;
    }
    return n;
}

int binder::bind(const expr::node& e) {
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

std::optional<std::string> binder::text_constant(int n) const {
    auto it = text_of_.find(n);
    if (it == text_of_.end()) return std::nullopt;
    return it->second;
}

int binder::add_node(bnode b) {
    p_.nodes.push_back(std::move(b));
    return static_cast<int>(p_.nodes.size()) - 1;
}

int binder::constant(double v, value_type t, std::string label) {
    bnode b;
    b.o = op::constant;
    b.type = t;
    b.value = v;
    b.label = std::move(label);
    return add_node(std::move(b));
}

bool binder::require_number(int n, const expr::node& e, const char* what) {
    const value_type& t = type(n);
    if (t.k == vkind::number || t.k == vkind::boolean) return true;
    out_.add("footprint.expr.type", e.where, std::string(what) + " needs a number, not " + t.describe(), "a number",
             expr::to_string(e));
    return false;
}

bool binder::require_boolean(int n, const expr::node& e, const char* what) {
    if (type(n).k == vkind::boolean) return true;
    out_.add("footprint.expr.type", e.where, std::string(what) + " needs a condition, not " + type(n).describe(),
             "a comparison or a flag", expr::to_string(e));
    return false;
}

value_type binder::as_number(value_type t) {
    if (t.k == vkind::boolean) return number_type(dimensions::none);
    return t;
}

int binder::fold(op o, value_type t, std::vector<int> kids, const expr::node& e) {
    bool all_const = std::all_of(kids.begin(), kids.end(), [&](int k) { return is_constant(k); });
    if (all_const) {
        std::vector<double> v;
        for (int k : kids) v.push_back(value(k));
        double r = apply(o, v.data());  // the operation's meaning: operations.hpp
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

int binder::bind_name(const expr::node& e) {
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
    if (const fixed_parameter* fp = p_.m.find_fixed(name)) return bind_fixed(e, *fp);
    if (p_.m.find_equation(name)) return bind_equation(name, e.where);
    std::string known;
    for (const auto& p : p_.m.monitored) known += (known.empty() ? "" : ", ") + p.name;
    for (const auto& p : p_.m.fixed) known += (known.empty() ? "" : ", ") + p.name;
    for (const auto& q : p_.m.equations) known += (known.empty() ? "" : ", ") + q.name;
    out_.add("footprint.expr.unknown-name", e.where, "unknown name '" + name + "'",
             "a parameter or equation of this methodology: " + known, name);
    return -1;
}

int binder::bind_fixed(const expr::node& e, const fixed_parameter& fp) {
    const std::string& name = e.text;
    if (auto it = fixed_nodes_.find(name); it != fixed_nodes_.end()) return it->second;
    resolved_value rec;
    rec.label = name;
    double v = fp.value.value;
    if (auto it = p_.options.overrides.find(name); it != p_.options.overrides.end()) {
        v = it->second;
        rec.kind = "override";
        rec.source = "scenario override of " + format_number(fp.value.value) + " " + fp.value.unit.text + " (" +
                     citation_text(fp.cited) + ")";
    } else {
        rec.kind = "fixed";
        rec.source = citation_text(fp.cited);
    }
    rec.value = v;
    rec.unit = fp.value.unit.text;
    p_.constants.push_back(rec);
    value_type t = number_type(fp.value.unit.dim);
    if (fp.value.unit.emission == emission_kind::gas) {
        out_.add("footprint.expr.gas-literal", fp.where, "a fixed parameter in a gas unit cannot be used",
                 "a CO2e unit such as kg CO2e", fp.value.unit.text);
        return -1;
    }
    int n = constant(v * fp.value.unit.to_coherent, t, name);
    fixed_nodes_[name] = n;
    return n;
}

int binder::bind_binary(const expr::node& e) {
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
            const int n = fold(e.op == expr::binary_op::mul ? op::mul : op::div, number_type(d), {a, b}, e);
            if (e.op == expr::binary_op::div && n >= 0 && !is_constant(b))
                p_.divisions.push_back(division_site{n, equations_.empty() ? std::string() : equations_.back(),
                                                     e.args[1]->where, expr::to_string(*e.args[1])});
            return n;
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

int binder::bind_text_equality(const expr::node& e, int a, int b) {
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
    t.parts = {key_part{col, false}};
    t.resolve = [text, want_equal](const std::vector<std::string>& k) {
        resolution r;
        r.value = ((k[0] == text) == want_equal) ? 1.0 : 0.0;
        return r;
    };
    return table_node(std::move(t), boolean_type, e);
}

int binder::table_node(table_spec t, value_type result, const expr::node& e) {
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

int binder::resolved_constant(double v, value_type t, const expr::node& e, resolved_value rec) {
    std::string key = "const:" + expr::to_string(e);
    if (auto it = resolved_nodes_.find(key); it != resolved_nodes_.end()) return it->second;
    p_.constants.push_back(std::move(rec));
    int n = constant(v, t, expr::to_string(e));
    resolved_nodes_[key] = n;
    return n;
}

}  // namespace footprint::detail
