// The expression language: parsing, canonical form, syntax errors with locations, limits.

#include <doctest/doctest.h>

#include "footprint/methodology/expression.hpp"

using namespace footprint;

namespace {
expr::node_ptr parse_ok(const std::string& text) {
    diagnostics out;
    auto n = expr::parse(text, source_location{"m.yaml", 10, 11, "equations[0].expr", {}}, out);
    REQUIRE_MESSAGE(out.empty(), (out.empty() ? std::string() : out.items()[0].str()));
    return n;
}
diagnostic parse_bad(const std::string& text) {
    diagnostics out;
    auto n = expr::parse(text, source_location{"m.yaml", 10, 11, "equations[0].expr", {}}, out);
    CHECK(n == nullptr);
    REQUIRE(out.size() == 1);
    return out.items()[0];
}
}  // namespace

TEST_CASE("precedence and canonical form") {
    CHECK(expr::to_string(*parse_ok("a + b * c")) == "a + b * c");
    CHECK(expr::to_string(*parse_ok("(a + b) * c")) == "(a + b) * c");
    CHECK(expr::to_string(*parse_ok("a - (b - c)")) == "a - (b - c)");
    CHECK(expr::to_string(*parse_ok("a - b - c")) == "a - b - c");
    CHECK(expr::to_string(*parse_ok("300 [km] × units ÷ 2")) == "300 [km] * units / 2");
    CHECK(expr::to_string(*parse_ok("not a < b and c or d")) == "not a < b and c or d");
    CHECK(expr::to_string(*parse_ok("cfp(p, stage=\"use\", year: year(date))")) ==
          "cfp(p, stage=\"use\", year=year(date))");
    CHECK(expr::to_string(*parse_ok("-x + 2")) == "-x + 2");
}

TEST_CASE("literals carry their unit") {
    auto n = parse_ok("300 [km]");
    REQUIRE(n->unit);
    CHECK(n->unit->dim == dimensions::length);
    CHECK(n->number * n->unit->to_coherent == 300000.0);
}

TEST_CASE("syntax errors say where, on the file's line and column") {
    // The expression starts at column 11 of line 10; '*' is its 5th character.
    auto d = parse_bad("a + * b");
    CHECK(d.id == "footprint.expr.syntax");
    CHECK(d.where.line == 10);
    CHECK(d.where.column == 15);
    CHECK(d.str().rfind("m.yaml:10:15: error [footprint.expr.syntax] equations[0].expr: unexpected '*'", 0) == 0);

    CHECK(parse_bad("min(a, b").id == "footprint.expr.syntax");
    CHECK(parse_bad("a $ b").message == "unexpected character '$'");
    CHECK(parse_bad("2 [furlong]").id == "footprint.unit.unknown");
    CHECK(parse_bad("\"open").message == "text without its closing quote");
    CHECK(parse_bad("").message == "expression ends too early");
}

TEST_CASE("limits: nesting depth and length") {
    std::string deep(200, '(');
    deep += "1";
    deep += std::string(200, ')');
    CHECK(parse_bad(deep).id == "footprint.expr.too-deep");
    std::string long_text = "1";
    while (long_text.size() <= expr::max_expression_length) long_text += " + 1";
    CHECK(parse_bad(long_text).id == "footprint.expr.too-long");
}

TEST_CASE("a multi-line expression reports the line inside the block") {
    diagnostics out;
    // Block scalar content starting at line 20, column 7.
    (void)expr::parse("a +\n  b + )", source_location{"m.yaml", 20, 7, "e", {}}, out);
    REQUIRE(out.size() == 1);
    CHECK(out.items()[0].where.line == 21);
    // The ')' is 6 characters into the second line, which starts at the block's indentation (column 7).
    CHECK(out.items()[0].where.column == 13);
}
