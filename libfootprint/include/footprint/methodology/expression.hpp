#pragma once
// The methodology expression language: syntax.
//
// Equations in methodology files are small expressions: numbers with units
// (`0.02`, `300 [km]`), names of parameters and other equations, + − × ÷,
// comparisons and `and`/`or`/`not` (for applicability conditions), and calls
// of a closed set of built-in functions (min, max, pow, factor look-ups,
// catalog data). There are no loops, no assignments, no I/O and no calls out.
// This header only parses; plan.hpp gives the names meaning, checks the
// dimensions and compiles the result. Limits keep hostile input bounded:
// `max_expression_length` characters, `max_expression_depth` levels of nesting.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "footprint/core/error.hpp"
#include "footprint/quantities/unit_registry.hpp"

namespace footprint::expr {

inline constexpr std::size_t max_expression_length = 4096;
inline constexpr int max_expression_depth = 64;

enum class node_kind : unsigned char { number, text, name, call, negate, binary, logical_not };

enum class binary_op : unsigned char { add, sub, mul, div, lt, le, gt, ge, eq, ne, logical_and, logical_or };

[[nodiscard]] constexpr std::string_view op_symbol(binary_op op) {
    switch (op) {
        case binary_op::add: return "+";
        case binary_op::sub: return "-";
        case binary_op::mul: return "*";
        case binary_op::div: return "/";
        case binary_op::lt: return "<";
        case binary_op::le: return "<=";
        case binary_op::gt: return ">";
        case binary_op::ge: return ">=";
        case binary_op::eq: return "==";
        case binary_op::ne: return "!=";
        case binary_op::logical_and: return "and";
        case binary_op::logical_or: return "or";
    }
    return "?";
}

struct node;
using node_ptr = std::shared_ptr<const node>;

/// One node of a parsed expression. Immutable once parsed.
struct node {
    node_kind kind = node_kind::number;
    binary_op op = binary_op::add;          ///< for binary
    double number = 0;                      ///< for number, as written
    std::optional<unit_spec> unit;          ///< for number: `300 [km]`
    std::string text;                       ///< name, function name, or text literal
    std::vector<node_ptr> args;             ///< operands or call arguments
    std::vector<std::string> arg_names;     ///< for call: "" for positional, else the keyword
    source_location where;                  ///< where the node starts in its file
};

/// Parses `text`; `start` is where its first character is in the file (line,
/// column), and `column_of` maps an offset to a column on that line when the
/// text spans one line. Problems go to `out` (`footprint.expr.syntax`,
/// `footprint.expr.too-long`, `footprint.expr.too-deep`, and unit errors of
/// number literals); returns nullptr when there was one.
[[nodiscard]] node_ptr parse(std::string_view text, const source_location& start, diagnostics& out);

/// The expression written back in canonical form (used in derivations and digests).
[[nodiscard]] std::string to_string(const node& n);

}  // namespace footprint::expr
