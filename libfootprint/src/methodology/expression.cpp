// Lexer and recursive-descent parser of the methodology expression language.

#include "footprint/methodology/expression.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

namespace footprint::expr {
namespace {

enum class tok : unsigned char { end, number, name, text, lparen, rparen, lbracket, comma, colon, plus, minus, star,
                                 slash, lt, le, gt, ge, eq, ne, error };

struct token {
    tok kind = tok::end;
    std::string_view text;
    std::size_t offset = 0;
    double number = 0;
};

class parser {
public:
    parser(std::string_view src, const source_location& start, diagnostics& out)
        : src_(src), start_(start), out_(out) {
        advance();
    }

    node_ptr parse_all() {
        node_ptr n = parse_or(0);
        if (!failed_ && cur_.kind != tok::end) fail(cur_.offset, "unexpected '" + std::string(cur_.text) + "'",
                                                     "an operator or the end of the expression");
        return failed_ ? nullptr : n;
    }

private:
    // ---- locations ------------------------------------------------------
    source_location at(std::size_t offset) const {
        source_location loc = start_;
        // Count lines and columns inside the text (block scalars span lines).
        std::uint32_t line = 0, col = 0;
        for (std::size_t i = 0; i < offset && i < src_.size(); ++i) {
            if (src_[i] == '\n') {
                ++line;
                col = 0;
            } else if ((static_cast<unsigned char>(src_[i]) & 0xC0) != 0x80) {
                ++col;
            }
        }
        if (loc.line != 0) {
            loc.line += line;
            // Later lines of a block scalar start at the block's indentation.
            loc.column = loc.column + col;
        }
        return loc;
    }

    void fail(std::size_t offset, const std::string& message, const std::string& expected,
              const std::string& id = "footprint.expr.syntax") {
        if (failed_) return;  // one syntax error per expression: the rest would be noise
        failed_ = true;
        out_.add(id, at(offset), message, expected, std::string(src_.substr(offset, 24)));
    }

    // ---- lexer ----------------------------------------------------------
    void advance() {
        std::size_t i = pos_;
        while (i < src_.size() && (src_[i] == ' ' || src_[i] == '\t' || src_[i] == '\n' || src_[i] == '\r')) ++i;
        cur_ = token{};
        cur_.offset = i;
        if (i >= src_.size()) {
            cur_.kind = tok::end;
            pos_ = i;
            return;
        }
        char c = src_[i];
        auto single = [&](tok k, std::size_t len = 1) {
            cur_.kind = k;
            cur_.text = src_.substr(i, len);
            pos_ = i + len;
        };
        if (std::isdigit(static_cast<unsigned char>(c)) || (c == '.' && i + 1 < src_.size() &&
                                                             std::isdigit(static_cast<unsigned char>(src_[i + 1])))) {
            double v = 0;
            auto [p, ec] = std::from_chars(src_.data() + i, src_.data() + src_.size(), v);
            std::size_t len = static_cast<std::size_t>(p - (src_.data() + i));
            if (ec != std::errc() || !std::isfinite(v)) {
                cur_.kind = tok::error;
                cur_.text = src_.substr(i, len == 0 ? 1 : len);
                pos_ = i + (len == 0 ? 1 : len);
                fail(i, "number out of range", "a finite number", "footprint.expr.syntax");
                return;
            }
            cur_.kind = tok::number;
            cur_.number = v;
            cur_.text = src_.substr(i, len);
            pos_ = i + len;
            return;
        }
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            std::size_t j = i;
            while (j < src_.size() && (std::isalnum(static_cast<unsigned char>(src_[j])) || src_[j] == '_')) ++j;
            single(tok::name, j - i);
            return;
        }
        if (c == '"' || c == '\'') {
            std::size_t j = i + 1;
            while (j < src_.size() && src_[j] != c && src_[j] != '\n') ++j;
            if (j >= src_.size() || src_[j] != c) {
                cur_.kind = tok::error;
                pos_ = src_.size();
                fail(i, "text without its closing quote", std::string("a closing ") + c);
                return;
            }
            cur_.kind = tok::text;
            cur_.text = src_.substr(i + 1, j - i - 1);
            pos_ = j + 1;
            return;
        }
        // Multiplication and division signs as mathematicians write them.
        if (src_.compare(i, 2, "\xC3\x97") == 0) return single(tok::star, 2);   // ×
        if (src_.compare(i, 2, "\xC3\xB7") == 0) return single(tok::slash, 2);  // ÷
        if (src_.compare(i, 3, "\xE2\x88\x92") == 0) return single(tok::minus, 3);  // − (minus sign)
        switch (c) {
            case '(': return single(tok::lparen);
            case ')': return single(tok::rparen);
            case '[': return single(tok::lbracket);
            case ',': return single(tok::comma);
            case ':': return single(tok::colon);
            case '+': return single(tok::plus);
            case '-': return single(tok::minus);
            case '*': return single(tok::star);
            case '/': return single(tok::slash);
            case '<': return src_.compare(i, 2, "<=") == 0 ? single(tok::le, 2) : single(tok::lt);
            case '>': return src_.compare(i, 2, ">=") == 0 ? single(tok::ge, 2) : single(tok::gt);
            case '=':
                if (src_.compare(i, 2, "==") == 0) return single(tok::eq, 2);
                return single(tok::colon);  // keyword argument: stage="use" reads as stage: "use"
            case '!':
                if (src_.compare(i, 2, "!=") == 0) return single(tok::ne, 2);
                break;
            default: break;
        }
        cur_.kind = tok::error;
        cur_.text = src_.substr(i, 1);
        pos_ = i + 1;
        fail(i, "unexpected character '" + std::string(cur_.text) + "'",
             "numbers, names, \"text\", + - * / ( ) [unit], comparisons, and, or, not");
    }

    bool accept(tok k) {
        if (cur_.kind != k) return false;
        advance();
        return true;
    }

    bool is_keyword(std::string_view w) const { return cur_.kind == tok::name && cur_.text == w; }

    std::shared_ptr<node> make(node_kind k, std::size_t offset) {
        auto n = std::make_shared<node>();
        n->kind = k;
        n->where = at(offset);
        return n;
    }

    node_ptr binary(binary_op op, node_ptr a, node_ptr b, std::size_t offset) {
        if (!a || !b) return nullptr;
        auto n = make(node_kind::binary, offset);
        n->op = op;
        n->args = {std::move(a), std::move(b)};
        n->where = n->args[0]->where;
        return n;
    }

    bool enter(int depth, std::size_t offset) {
        if (depth > max_expression_depth) {
            fail(offset, "expression nested too deeply",
                 "at most " + std::to_string(max_expression_depth) + " levels", "footprint.expr.too-deep");
            return false;
        }
        return true;
    }

    // ---- grammar --------------------------------------------------------
    // `depth` counts real nesting (brackets, call arguments, unary operators),
    // not grammar levels, so the limit means what it says.
    node_ptr parse_or(int depth) {
        if (!enter(depth, cur_.offset)) return nullptr;
        node_ptr left = parse_and(depth);
        while (!failed_ && is_keyword("or")) {
            std::size_t off = cur_.offset;
            advance();
            left = binary(binary_op::logical_or, left, parse_and(depth), off);
        }
        return left;
    }

    node_ptr parse_and(int depth) {
        node_ptr left = parse_not(depth);
        while (!failed_ && is_keyword("and")) {
            std::size_t off = cur_.offset;
            advance();
            left = binary(binary_op::logical_and, left, parse_not(depth), off);
        }
        return left;
    }

    node_ptr parse_not(int depth) {
        if (!enter(depth, cur_.offset)) return nullptr;
        if (is_keyword("not")) {
            std::size_t off = cur_.offset;
            advance();
            node_ptr operand = parse_not(depth + 1);
            if (!operand) return nullptr;
            auto n = make(node_kind::logical_not, off);
            n->args = {operand};
            return n;
        }
        return parse_comparison(depth);
    }

    node_ptr parse_comparison(int depth) {
        node_ptr left = parse_additive(depth);
        binary_op op{};
        switch (cur_.kind) {
            case tok::lt: op = binary_op::lt; break;
            case tok::le: op = binary_op::le; break;
            case tok::gt: op = binary_op::gt; break;
            case tok::ge: op = binary_op::ge; break;
            case tok::eq: op = binary_op::eq; break;
            case tok::ne: op = binary_op::ne; break;
            default: return left;
        }
        std::size_t off = cur_.offset;
        advance();
        return binary(op, left, parse_additive(depth), off);
    }

    node_ptr parse_additive(int depth) {
        node_ptr left = parse_multiplicative(depth);
        while (!failed_ && (cur_.kind == tok::plus || cur_.kind == tok::minus)) {
            binary_op op = cur_.kind == tok::plus ? binary_op::add : binary_op::sub;
            std::size_t off = cur_.offset;
            advance();
            left = binary(op, left, parse_multiplicative(depth), off);
        }
        return left;
    }

    node_ptr parse_multiplicative(int depth) {
        node_ptr left = parse_unary(depth);
        while (!failed_ && (cur_.kind == tok::star || cur_.kind == tok::slash)) {
            binary_op op = cur_.kind == tok::star ? binary_op::mul : binary_op::div;
            std::size_t off = cur_.offset;
            advance();
            left = binary(op, left, parse_unary(depth), off);
        }
        return left;
    }

    node_ptr parse_unary(int depth) {
        if (!enter(depth, cur_.offset)) return nullptr;
        if (cur_.kind == tok::minus) {
            std::size_t off = cur_.offset;
            advance();
            node_ptr operand = parse_unary(depth + 1);
            if (!operand) return nullptr;
            auto n = make(node_kind::negate, off);
            n->args = {operand};
            return n;
        }
        if (cur_.kind == tok::plus) {
            advance();
            return parse_unary(depth + 1);
        }
        return parse_primary(depth);
    }

    node_ptr parse_primary(int depth) {
        if (failed_) return nullptr;
        std::size_t off = cur_.offset;
        switch (cur_.kind) {
            case tok::number: {
                auto n = make(node_kind::number, off);
                n->number = cur_.number;
                n->text = std::string(cur_.text);
                advance();
                if (cur_.kind == tok::lbracket) {
                    std::size_t ustart = pos_;
                    std::size_t close = src_.find(']', ustart);
                    if (close == std::string_view::npos) {
                        fail(cur_.offset, "unit without its closing ']'", "a unit in brackets, e.g. 300 [km]");
                        return nullptr;
                    }
                    diagnostics unit_problems;
                    auto u = parse_unit(src_.substr(ustart, close - ustart), at(ustart), unit_problems);
                    if (!u) {
                        for (const auto& d : unit_problems) out_.add(d);
                        failed_ = true;
                        return nullptr;
                    }
                    n->unit = std::move(*u);
                    pos_ = close + 1;
                    advance();
                }
                return n;
            }
            case tok::text: {
                auto n = make(node_kind::text, off);
                n->text = std::string(cur_.text);
                advance();
                return n;
            }
            case tok::name: {
                if (cur_.text == "and" || cur_.text == "or" || cur_.text == "not") {
                    fail(off, "'" + std::string(cur_.text) + "' where a value was expected", "a value");
                    return nullptr;
                }
                std::string name(cur_.text);
                advance();
                if (cur_.kind != tok::lparen) {
                    auto n = make(node_kind::name, off);
                    n->text = std::move(name);
                    return n;
                }
                advance();  // (
                auto n = make(node_kind::call, off);
                n->text = std::move(name);
                if (!accept(tok::rparen)) {
                    while (!failed_) {
                        std::string keyword;
                        if (cur_.kind == tok::name) {
                            // keyword argument: name ':' expr
                            std::size_t save_pos = pos_;
                            token save = cur_;
                            std::string candidate(cur_.text);
                            advance();
                            if (cur_.kind == tok::colon) {
                                advance();
                                keyword = candidate;
                            } else {
                                pos_ = save_pos;
                                cur_ = save;
                            }
                        }
                        node_ptr arg = parse_or(depth + 1);
                        if (!arg) return nullptr;
                        n->args.push_back(arg);
                        n->arg_names.push_back(keyword);
                        if (accept(tok::comma)) continue;
                        if (accept(tok::rparen)) break;
                        fail(cur_.offset, "expected ',' or ')' in the arguments of " + n->text + "()", "',' or ')'");
                        return nullptr;
                    }
                }
                return failed_ ? nullptr : n;
            }
            case tok::lparen: {
                advance();
                node_ptr inner = parse_or(depth + 1);
                if (!inner) return nullptr;
                if (!accept(tok::rparen)) {
                    fail(cur_.offset, "missing ')'", "')'");
                    return nullptr;
                }
                return inner;
            }
            case tok::end: fail(off, "expression ends too early", "a value"); return nullptr;
            default: fail(off, "unexpected '" + std::string(cur_.text) + "'", "a value"); return nullptr;
        }
    }

    std::string_view src_;
    source_location start_;
    diagnostics& out_;
    token cur_;
    std::size_t pos_ = 0;
    bool failed_ = false;
};

std::string number_text(const node& n) {
    std::string s = n.text;
    if (s.empty()) {
        char buf[32];
        auto [p, ec] = std::to_chars(buf, buf + sizeof buf, n.number);
        s.assign(buf, p);
    }
    if (n.unit) s += " [" + n.unit->text + "]";
    return s;
}

int precedence(const node& n) {
    if (n.kind == node_kind::binary) {
        switch (n.op) {
            case binary_op::logical_or: return 1;
            case binary_op::logical_and: return 2;
            case binary_op::lt: case binary_op::le: case binary_op::gt: case binary_op::ge:
            case binary_op::eq: case binary_op::ne: return 4;
            case binary_op::add: case binary_op::sub: return 5;
            case binary_op::mul: case binary_op::div: return 6;
        }
    }
    if (n.kind == node_kind::logical_not) return 3;
    if (n.kind == node_kind::negate) return 7;
    return 8;
}

}  // namespace

node_ptr parse(std::string_view text, const source_location& start, diagnostics& out) {
    if (text.size() > max_expression_length) {
        out.add("footprint.expr.too-long", start, "expression longer than the limit",
                "at most " + std::to_string(max_expression_length) + " characters",
                std::to_string(text.size()) + " characters");
        return nullptr;
    }
    parser p(text, start, out);
    return p.parse_all();
}

std::string to_string(const node& n) {
    auto wrap = [](const node& child, int parent_prec, bool right) {
        std::string s = to_string(child);
        int p = precedence(child);
        // Comparisons do not chain (precedence 4): `(a < b) < c` keeps its parentheses on either side.
        if (p < parent_prec || (p == parent_prec && child.kind == node_kind::binary && (right || p == 4)))
            return "(" + s + ")";
        return s;
    };
    switch (n.kind) {
        case node_kind::number: return number_text(n);
        case node_kind::text:  // no escapes in the language: a text with " was written in '...'
            return n.text.find('"') == std::string::npos ? "\"" + n.text + "\"" : "'" + n.text + "'";
        case node_kind::name: return n.text;
        case node_kind::negate: return "-" + wrap(*n.args[0], 7, false);
        case node_kind::logical_not: return "not " + wrap(*n.args[0], 3, false);
        case node_kind::call: {
            std::string s = n.text + "(";
            for (std::size_t i = 0; i < n.args.size(); ++i) {
                if (i) s += ", ";
                if (!n.arg_names[i].empty()) s += n.arg_names[i] + "=";
                s += to_string(*n.args[i]);
            }
            return s + ")";
        }
        case node_kind::binary: {
            int p = precedence(n);
            return wrap(*n.args[0], p, false) + " " + std::string(op_symbol(n.op)) + " " + wrap(*n.args[1], p, true);
        }
    }
    return "?";
}

}  // namespace footprint::expr
