// Binding calls: min, max, pow, if and year, the dispatch to the look-ups
// (factor, catalog) and the arguments that become part of a look-up key.

#include <algorithm>

#include "footprint/core/number_text.hpp"
#include "plan/detail/binder.hpp"

namespace footprint::detail {

const expr::node* call_args::positional(std::size_t i) const {
    std::size_t seen = 0;
    for (std::size_t j = 0; j < e_.args.size(); ++j)
        if (e_.arg_names[j].empty() && seen++ == i) return e_.args[j].get();
    return nullptr;
}

const expr::node* call_args::named(const char* key) const {
    for (std::size_t j = 0; j < e_.args.size(); ++j)
        if (e_.arg_names[j] == key) return e_.args[j].get();
    return nullptr;
}

std::size_t call_args::positional_count() const {
    return static_cast<std::size_t>(std::count(e_.arg_names.begin(), e_.arg_names.end(), std::string()));
}

bool call_args::check_names(std::initializer_list<const char*> allowed) const {
    for (std::size_t j = 0; j < e_.arg_names.size(); ++j) {
        const std::string& n = e_.arg_names[j];
        if (n.empty()) continue;
        // named() reads the first of a name given twice; the second would be silently ignored.
        if (std::find(e_.arg_names.begin(), e_.arg_names.begin() + static_cast<std::ptrdiff_t>(j), n) !=
            e_.arg_names.begin() + static_cast<std::ptrdiff_t>(j)) {
            out_.add("footprint.expr.argument", e_.where, e_.text + "() has the argument '" + n + "' twice",
                     "each keyword argument once", n);
            return false;
        }
        if (std::find_if(allowed.begin(), allowed.end(), [&](const char* a) { return n == a; }) == allowed.end()) {
            std::string list;
            for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
            out_.add("footprint.expr.argument", e_.where, e_.text + "() has no argument '" + n + "'",
                     list.empty() ? "no keyword arguments" : "one of: " + list, n);
            return false;
        }
    }
    return true;
}

std::optional<binder::key_arg> binder::key_argument(const expr::node& a, const char* fn, const char* what, vkind want) {
    key_arg k;
    if (a.kind == expr::node_kind::call && a.text == "year" && a.args.size() == 1 &&
        a.args[0]->kind == expr::node_kind::name) {
        const monitored_parameter* mp = p_.m.find_monitored(a.args[0]->text);
        if (mp && mp->type == parameter_type::date) {
            k.constant = false;
            k.part = key_part{static_cast<int>(mp - p_.m.monitored.data()), true};
            return k;
        }
    }
    int n = bind(a);
    if (n < 0) return std::nullopt;
    const bnode& b = p_.nodes[static_cast<std::size_t>(n)];
    if (b.o == op::constant) {
        if (auto t = text_constant(n); t && (want != vkind::number || parse_number_text(*t))) {
            k.text = *t;  // a text literal stands for a number only when it is one ("2022", not "consumable")
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
        k.part = key_part{b.column, false};
        return k;
    }
    out_.add("footprint.expr.type", a.where,
             std::string(fn) + "(): " + what + " must be a constant, a monitored column or year(date)",
             "e.g. region: grid_region, year: year(date)", expr::to_string(a));
    return std::nullopt;
}

int binder::bind_call(const expr::node& e) {
    const std::string& f = e.text;
    const call_args args(e, out_);
    if (f == "min" || f == "max") return bind_min_max(e, args);
    if (f == "pow") return bind_pow(e, args);
    if (f == "if") return bind_if(e, args);
    if (f == "year") return bind_year(e, args);
    if (f == "factor") return bind_factor(e, args);
    if (f == "cfp" || f == "cfp_per_trip" || f == "trip_inventory" || f == "capacity" || f == "tare" ||
        f == "gross_mass" || f == "per_vehicle" || f == "design_life" || f == "expected_trips" ||
        f == "folded_ratio" || f == "reusable" || f == "vehicle_payload" || f == "vehicle_per_km")
        return bind_catalog(e, args);
    out_.add("footprint.expr.unknown-function", e.where, "unknown function '" + f + "'",
             "min, max, pow, if, year, factor, cfp, cfp_per_trip, trip_inventory, capacity, tare, gross_mass, "
             "per_vehicle, design_life, expected_trips, folded_ratio, reusable, vehicle_payload, vehicle_per_km",
             f);
    return -1;
}

int binder::bind_min_max(const expr::node& e, const call_args& args) {
    const std::string& f = e.text;
    if (!args.check_names({})) return -1;
    if (args.positional_count() < 2) return arity(e, "at least two arguments");
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

int binder::bind_pow(const expr::node& e, const call_args& args) {
    if (!args.check_names({}) || args.positional_count() != 2) return arity(e, "two arguments: pow(base, exponent)");
    int a = bind(*e.args[0]), b = bind(*e.args[1]);
    if (a < 0 || b < 0) return -1;
    if (as_number(type(a)).dim != dimensions::none || as_number(type(b)).dim != dimensions::none) {
        out_.add("footprint.expr.dimension", e.where, "pow() takes dimensionless numbers",
                 "dimensionless base and exponent", expr::to_string(e));
        return -1;
    }
    return fold(op::pow, number_type(dimensions::none), {a, b}, e);
}

int binder::bind_if(const expr::node& e, const call_args& args) {
    if (!args.check_names({}) || args.positional_count() != 3)
        return arity(e, "three arguments: if(condition, then, else)");
    int c = bind(*e.args[0]), a = bind(*e.args[1]), b = bind(*e.args[2]);
    if (c < 0 || a < 0 || b < 0) return -1;
    if (!require_boolean(c, *e.args[0], "if()")) return -1;
    if (!require_number(a, *e.args[1], "if()") || !require_number(b, *e.args[2], "if()")) return -1;
    if (as_number(type(a)).dim != as_number(type(b)).dim) {
        out_.add("footprint.expr.dimension", e.where,
                 "if() branches differ: " + type(a).describe() + " and " + type(b).describe(),
                 "branches of the same dimension", expr::to_string(e));
        return -1;
    }
    if (is_constant(c)) return value(c) != 0 ? a : b;  // the branch not taken is never evaluated
    return fold(op::select, as_number(type(a)), {c, a, b}, e);
}

int binder::bind_year(const expr::node& e, const call_args& args) {
    if (!args.check_names({}) || args.positional_count() != 1) return arity(e, "one argument: year(date)");
    int a = bind(*e.args[0]);
    if (a < 0) return -1;
    if (type(a).k != vkind::date || p_.nodes[static_cast<std::size_t>(a)].o != op::column) {
        out_.add("footprint.expr.type", e.where, "year() takes a date column", "a monitored date", expr::to_string(e));
        return -1;
    }
    bnode b;
    b.o = op::year_of;
    b.type = number_type(dimensions::none);
    b.column = p_.nodes[static_cast<std::size_t>(a)].column;
    b.label = expr::to_string(e);
    return add_node(std::move(b));
}

int binder::arity(const expr::node& e, const std::string& expected) {
    out_.add("footprint.expr.argument", e.where, "wrong arguments for " + e.text + "()", expected, expr::to_string(e));
    return -1;
}

}  // namespace footprint::detail
