#pragma once
// The binder: turns each equation's syntax tree into bound nodes, resolving
// names, checking types and dimensions and folding what does not depend on a
// shipment into constants. Split by what it binds:
//   bind_names.cpp    names, literals and operators (and constant folding)
//   bind_calls.cpp    calls: min, max, pow, if, year, and look-up keys
//   bind_factor.cpp   factor(...) look-ups
//   bind_catalog.cpp  catalog look-ups (cfp, tare, capacity, ...)
// Private to the library.

#include <cstddef>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "plan/detail/plan_impl.hpp"

namespace footprint::detail {

/// The arguments of a call, by position and by keyword.
class call_args {
public:
    call_args(const expr::node& e, diagnostics& out) : e_(e), out_(out) {}
    /// The i-th argument without a keyword, or nullptr.
    [[nodiscard]] const expr::node* positional(std::size_t i) const;
    /// The argument with this keyword, or nullptr.
    [[nodiscard]] const expr::node* named(const char* key) const;
    /// How many arguments have no keyword.
    [[nodiscard]] std::size_t positional_count() const;
    /// False (with a diagnostic) when a keyword is not one of `allowed`.
    bool check_names(std::initializer_list<const char*> allowed) const;

private:
    const expr::node& e_;
    diagnostics& out_;
};

class binder {
public:
    binder(plan_impl& p, diagnostics& out) : p_(p), out_(out) {}

    int bind_equation(const std::string& name, const source_location& used_at);
    int bind(const expr::node& e);

    /// Constant text value of a node bound from a text literal, if it is one.
    [[nodiscard]] std::optional<std::string> text_constant(int n) const;

private:
    // A function argument that becomes part of a look-up key: a constant
    // text/number, a categorical column, or year(date column).
    struct key_arg {
        bool constant = true;
        std::string text;  // constant value as text
        key_part part;     // when varying
    };
    struct catalog_call;

    const value_type& type(int n) const { return p_.nodes[static_cast<std::size_t>(n)].type; }
    bool is_constant(int n) const { return p_.nodes[static_cast<std::size_t>(n)].o == op::constant; }
    double value(int n) const { return p_.nodes[static_cast<std::size_t>(n)].value; }

    int add_node(bnode b);
    int constant(double v, value_type t, std::string label);
    bool require_number(int n, const expr::node& e, const char* what);
    bool require_boolean(int n, const expr::node& e, const char* what);
    static value_type as_number(value_type t);
    /// Builds a node, folding it when every operand is a constant.
    int fold(op o, value_type t, std::vector<int> kids, const expr::node& e);

    // bind_names.cpp
    int bind_name(const expr::node& e);
    int bind_fixed(const expr::node& e, const fixed_parameter& fp);
    int bind_binary(const expr::node& e);
    int bind_text_equality(const expr::node& e, int a, int b);
    int table_node(table_spec t, value_type result, const expr::node& e);
    /// A constant resolved at binding (factor, catalog value), recorded once per distinct call.
    int resolved_constant(double v, value_type t, const expr::node& e, resolved_value rec);

    // bind_calls.cpp
    std::optional<key_arg> key_argument(const expr::node& a, const char* fn, const char* what, vkind want);
    int bind_call(const expr::node& e);
    int bind_min_max(const expr::node& e, const call_args& args);
    int bind_pow(const expr::node& e, const call_args& args);
    int bind_if(const expr::node& e, const call_args& args);
    int bind_year(const expr::node& e, const call_args& args);
    int arity(const expr::node& e, const std::string& expected);

    // bind_factor.cpp
    int bind_factor(const expr::node& e, const call_args& args);
    int bind_factor_by_id(const expr::node& e, const expr::node& id_arg);
    resolved_value factor_record(const emission_factor& fac, const factor_match& m, const expr::node& e);

    // bind_catalog.cpp
    int bind_catalog(const expr::node& e, const call_args& args);
    bool catalog_arguments(const expr::node& e, const call_args& args, catalog_call& c);
    std::optional<value_type> catalog_result_type(const expr::node& e, const catalog_call& c);
    bool vehicle_arguments(const expr::node& e, const call_args& args, catalog_call& c);
    bool check_vehicle_values(const expr::node& a, const key_arg& k);

    plan_impl& p_;
    diagnostics& out_;
    std::set<std::string> in_progress_;
    std::vector<std::string> equations_;        // the equations being bound, innermost last
    std::map<int, std::string> text_of_;
    std::map<std::string, int> fixed_nodes_;    // one constant per fixed parameter
    std::map<std::string, int> resolved_nodes_; // one node per distinct look-up call
};

}  // namespace footprint::detail
