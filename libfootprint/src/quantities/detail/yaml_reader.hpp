#pragma once
// Reading YAML with diagnostics: every accessor records a problem with its
// file:line:column and field path instead of throwing, so a loader can report
// every problem in a file in one run. Private to the library.

#include <yaml-cpp/depthguard.h>  // YAML::DeepRecursion
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>

#include "footprint/core/error.hpp"
#include "footprint/core/limits.hpp"
#include "footprint/core/text.hpp"
#include "footprint/quantities/unit_registry.hpp"

namespace footprint::detail {

class yaml_reader {
public:
    yaml_reader(std::string file, diagnostics& out) : file_(std::move(file)), out_(out) {}

    /// Parses a document; records `footprint.yaml.syntax` and returns nullopt on failure,
    /// or `footprint.yaml.too-large`, `too-deep` or `too-many-nodes` past a limit (limits.hpp).
    std::optional<YAML::Node> parse(const std::string& text) {
        text_ = &text;
        if (text.size() > max_yaml_bytes) {
            add_too_large(out_, file_, text.size());
            return std::nullopt;
        }
        if (!valid_utf8(text)) {  // yaml-cpp passes invalid bytes through into every string
            add_encoding_problem(text);
            return std::nullopt;
        }
        // YAML allows no C0 control character but tab, line feed and carriage return
        // (YAML 1.2, 5.1 "Character Set"), and yaml-cpp turns a NUL followed by 'N'
        // into a lone 0x85 byte: invalid UTF-8 in a note, and a JSON writer's exception
        // later (found by fuzz_factor_yaml).
        for (std::size_t i = 0; i < text.size(); ++i) {
            const auto c = static_cast<unsigned char>(text[i]);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
                char found[8];
                std::snprintf(found, sizeof found, "\\x%02X", c);
                out_.add("footprint.yaml.encoding", location_of_byte(text, i), "a control character YAML does not allow",
                         "printable text, tabs and line ends", found);
                return std::nullopt;
            }
        }
        try {
            YAML::Node doc = YAML::Load(text);
            std::size_t nodes = 0;
            if (!within_limits(doc, 0, nodes)) return std::nullopt;
            return doc;
        } catch (const YAML::DeepRecursion& e) {
            out_.add("footprint.yaml.too-deep", mark_location(e.mark), "YAML nested too deeply",
                     "at most " + std::to_string(max_yaml_depth) + " levels of nesting");
            return std::nullopt;
        } catch (const YAML::ParserException& e) {
            source_location where{file_, static_cast<std::uint32_t>(e.mark.line + 1),
                                  static_cast<std::uint32_t>(e.mark.column + 1), {}, {}};
            out_.add("footprint.yaml.syntax", where, "YAML syntax error: " + e.msg, "well-formed YAML");
            return std::nullopt;
        } catch (const YAML::Exception& e) {
            out_.add("footprint.yaml.syntax", source_location{file_, 0, 0, {}, {}},
                     std::string("YAML error: ") + e.what(), "well-formed YAML");
            return std::nullopt;
        }
    }

    /// Records `footprint.yaml.too-large` for a file of `size` bytes.
    static void add_too_large(diagnostics& out, const std::string& file, std::size_t size) {
        out.add("footprint.yaml.too-large", source_location{file, 0, 0, {}, {}}, "YAML file larger than the limit",
                "at most " + std::to_string(max_yaml_bytes) + " bytes (16 MiB)", std::to_string(size) + " bytes");
    }

    [[nodiscard]] source_location at(const YAML::Node& n, const std::string& field) const {
        source_location loc{file_, 0, 0, field, {}};
        if (n.IsDefined() && n.Mark().line >= 0) {
            loc.line = static_cast<std::uint32_t>(n.Mark().line + 1);
            loc.column = static_cast<std::uint32_t>(n.Mark().column + 1);
        }
        return loc;
    }

    /// Where the first character of a scalar's value is: after an opening
    /// quote, or on the first content line of a block scalar (`|`, `>`), so
    /// that positions inside the value (an expression) map to the file.
    [[nodiscard]] source_location content_start(const YAML::Node& n, const std::string& field) const {
        source_location loc = at(n, field);
        if (text_ == nullptr || !n.IsDefined() || n.Mark().pos < 0) return loc;
        std::size_t pos = static_cast<std::size_t>(n.Mark().pos);
        if (pos >= text_->size()) return loc;
        char c = (*text_)[pos];
        if (c == '"' || c == '\'') {
            loc.column += 1;
        } else if (c == '|' || c == '>') {
            std::size_t nl = text_->find('\n', pos);
            if (nl != std::string::npos) {
                std::size_t i = nl + 1;
                while (i < text_->size() && (*text_)[i] == ' ') ++i;
                loc.line += 1;
                loc.column = static_cast<std::uint32_t>(i - nl);
            }
        }
        return loc;
    }

    [[nodiscard]] const std::string& file() const { return file_; }
    diagnostics& out() { return out_; }

    /// Reports keys of `map` that are not in `allowed` (a typo must not be silently ignored).
    void only_keys(const YAML::Node& map, const std::string& path, std::initializer_list<const char*> allowed) {
        if (!map.IsMap()) return;
        std::set<std::string> ok(allowed.begin(), allowed.end());
        for (const auto& kv : map) {
            auto key = kv.first.as<std::string>("");
            if (ok.count(key) == 0) {
                std::string list;
                for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
                out_.add("footprint.yaml.unknown-field", at(kv.first, join(path, key)),
                         "unknown field '" + key + "'", "one of: " + list, key);
            }
        }
    }

    bool require_map(const YAML::Node& n, const std::string& path) {
        if (n.IsMap()) return true;
        out_.add("footprint.yaml.type", at(n, path), "expected a mapping", "a mapping of fields",
                 scalar_text(n));
        return false;
    }

    /// A required (or optional) scalar string field.
    std::optional<std::string> string(const YAML::Node& map, const char* key, const std::string& path,
                                      bool required = true) {
        YAML::Node n = map[key];
        if (!n.IsDefined() || n.IsNull()) {
            if (required) missing(map, key, path, "a text value");
            return std::nullopt;
        }
        if (!n.IsScalar()) {
            out_.add("footprint.yaml.type", at(n, join(path, key)), "expected a text value", "a scalar");
            return std::nullopt;
        }
        auto s = n.Scalar();
        if (required && s.empty()) {
            out_.add("footprint.yaml.missing-field", at(n, join(path, key)), "field is empty", "a text value");
            return std::nullopt;
        }
        return s;
    }

    /// A finite number. `min` bounds it from below when given.
    std::optional<double> number(const YAML::Node& map, const char* key, const std::string& path,
                                 bool required = true, std::optional<double> min = std::nullopt,
                                 std::optional<double> max = std::nullopt) {
        YAML::Node n = map[key];
        if (!n.IsDefined() || n.IsNull()) {
            if (required) missing(map, key, path, "a number");
            return std::nullopt;
        }
        return number_node(n, join(path, key), min, max);
    }

    std::optional<double> number_node(const YAML::Node& n, const std::string& field,
                                      std::optional<double> min = std::nullopt,
                                      std::optional<double> max = std::nullopt) {
        double v = 0;
        if (!n.IsScalar() || !YAML::convert<double>::decode(n, v)) {
            const std::string& s = n.IsScalar() ? n.Scalar() : std::string();
            double ignored = 0;
            auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), ignored);
            if (ec == std::errc::result_out_of_range && end == s.data() + s.size()) {  // 1e400
                out_.add("footprint.quantity.not-finite", at(n, field), "number out of range", "a finite number", s);
                return std::nullopt;
            }
            out_.add("footprint.yaml.not-a-number", at(n, field), "not a number", "a number",
                     scalar_text(n));
            return std::nullopt;
        }
        if (!std::isfinite(v)) {
            out_.add("footprint.quantity.not-finite", at(n, field), "value is not finite", "a finite number",
                     scalar_text(n));
            return std::nullopt;
        }
        if (min && v < *min) {
            out_.add("footprint.quantity.out-of-range", at(n, field),
                     "value below " + fmt_num(*min), "a number ≥ " + fmt_num(*min), scalar_text(n));
            return std::nullopt;
        }
        if (max && v > *max) {
            out_.add("footprint.quantity.out-of-range", at(n, field),
                     "value above " + fmt_num(*max), "a number ≤ " + fmt_num(*max), scalar_text(n));
            return std::nullopt;
        }
        return v;
    }

    std::optional<int> integer(const YAML::Node& map, const char* key, const std::string& path,
                               bool required, int min, int max) {
        YAML::Node n = map[key];
        if (!n.IsDefined() || n.IsNull()) {
            if (required) missing(map, key, path, "an integer");
            return std::nullopt;
        }
        return integer_node(n, join(path, key), min, max);
    }

    std::optional<int> integer_node(const YAML::Node& n, const std::string& field, int min, int max) {
        long long v = 0;
        if (!n.IsScalar() || !YAML::convert<long long>::decode(n, v)) {
            out_.add("footprint.yaml.not-an-integer", at(n, field), "not an integer", "an integer",
                     scalar_text(n));
            return std::nullopt;
        }
        if (v < min || v > max) {
            out_.add("footprint.quantity.out-of-range", at(n, field), "integer out of range",
                     "an integer from " + std::to_string(min) + " to " + std::to_string(max),
                     scalar_text(n));
            return std::nullopt;
        }
        return static_cast<int>(v);
    }

    std::optional<bool> boolean(const YAML::Node& map, const char* key, const std::string& path) {
        YAML::Node n = map[key];
        if (!n.IsDefined() || n.IsNull()) return std::nullopt;
        bool b = false;
        if (!n.IsScalar() || !YAML::convert<bool>::decode(n, b)) {
            out_.add("footprint.yaml.type", at(n, join(path, key)), "not a boolean", "true or false",
                     scalar_text(n));
            return std::nullopt;
        }
        return b;
    }

    /// A quantity: "18.1 kg" or {value: 18.1, unit: kg}.
    std::optional<measured> quantity(const YAML::Node& map, const char* key, const std::string& path,
                                     bool required = true) {
        YAML::Node n = map[key];
        std::string field = join(path, key);
        if (!n.IsDefined() || n.IsNull()) {
            if (required) missing(map, key, path, "a quantity such as '18.1 kg'");
            return std::nullopt;
        }
        if (n.IsScalar()) return parse_measured(n.Scalar(), at(n, field), out_);
        if (n.IsMap()) {
            auto v = number(n, "value", field);
            auto u = string(n, "unit", field);
            if (!v || !u) return std::nullopt;
            auto spec = parse_unit(*u, at(n["unit"], join(field, "unit")), out_);
            if (!spec) return std::nullopt;
            if (!std::isfinite(*v * spec->to_coherent)) {
                out_.add("footprint.quantity.not-finite", at(n["value"], join(field, "value")),
                         "value is out of range once converted to coherent units", "a finite number",
                         scalar_text(n["value"]));
                return std::nullopt;
            }
            return measured{*v, *spec};
        }
        out_.add("footprint.yaml.type", at(n, field), "expected a quantity",
                 "'VALUE UNIT' or {value: V, unit: U}");
        return std::nullopt;
    }

    void missing(const YAML::Node& map, const char* key, const std::string& path, const std::string& what) {
        out_.add("footprint.yaml.missing-field", at(map, join(path, key)), "missing field '" + std::string(key) + "'",
                 what);
    }

    static std::string join(const std::string& path, const std::string& key) {
        return path.empty() ? key : path + "." + key;
    }
    static std::string index(const std::string& path, std::size_t i) {
        return path + "[" + std::to_string(i) + "]";
    }
    static std::string scalar_text(const YAML::Node& n) {
        if (n.IsScalar()) return n.Scalar();
        if (n.IsSequence()) return "<list>";
        if (n.IsMap()) return "<mapping>";
        return "";
    }
    static std::string fmt_num(double v) {
        std::string s = std::to_string(v);
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
        return s;
    }

private:
    // Line and column (in characters) of byte `at_byte`.
    [[nodiscard]] source_location location_of_byte(std::string_view text, std::size_t at_byte) const {
        source_location loc{file_, 1, 1, {}, {}};
        for (std::size_t i = 0; i < at_byte; ++i) {
            if (text[i] == '\n') {
                ++loc.line;
                loc.column = 1;
            } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
                ++loc.column;
            }
        }
        return loc;
    }

    // Records `footprint.yaml.encoding` at the first byte that is not UTF-8.
    void add_encoding_problem(std::string_view text) {
        std::size_t at_byte = 0;
        while (at_byte < text.size()) {
            const auto c = static_cast<unsigned char>(text[at_byte]);
            const std::size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
            if (n == 0 || at_byte + n > text.size() || !valid_utf8(text.substr(at_byte, n))) break;
            at_byte += n;
        }
        const source_location loc = location_of_byte(text, at_byte);
        const bool utf16 = text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF'));
        char found[8];
        std::snprintf(found, sizeof found, "\\x%02X", static_cast<unsigned char>(text[at_byte]));
        out_.add("footprint.yaml.encoding", loc,
                 utf16 ? "the file is UTF-16; footprint reads UTF-8" : "the file is not valid UTF-8",
                 "UTF-8 text (save the file as UTF-8)", found);
    }

    source_location mark_location(const YAML::Mark& m) const {
        source_location loc{file_, 0, 0, {}, {}};
        if (m.line >= 0) {
            loc.line = static_cast<std::uint32_t>(m.line + 1);
            loc.column = static_cast<std::uint32_t>(m.column + 1);
        }
        return loc;
    }

    // Walks the document the way a loader meets it (an alias once per use,
    // depth-first, at most max_yaml_nodes nodes and max_yaml_depth levels),
    // so that neither nesting, nor aliases, nor a cycle (`&a [*a]`) can make a
    // loader recurse or expand without bound.
    bool within_limits(const YAML::Node& n, int depth, std::size_t& nodes) {
        if (depth > max_yaml_depth) {
            out_.add("footprint.yaml.too-deep", at(n, {}), "YAML nested too deeply",
                     "at most " + std::to_string(max_yaml_depth) + " levels of nesting");
            return false;
        }
        if (++nodes > max_yaml_nodes) {
            out_.add("footprint.yaml.too-many-nodes", at(n, {}),
                     "the document has more nodes than the limit (each use of an alias counts its anchor's nodes again)",
                     "at most " + std::to_string(max_yaml_nodes) + " nodes");
            return false;
        }
        if (n.IsSequence()) {
            for (const auto& child : n)
                if (!within_limits(child, depth + 1, nodes)) return false;
        } else if (n.IsMap()) {
            for (const auto& kv : n)
                if (!within_limits(kv.first, depth + 1, nodes) || !within_limits(kv.second, depth + 1, nodes))
                    return false;
        }
        return true;
    }

    std::string file_;
    diagnostics& out_;
    const std::string* text_ = nullptr;
};

/// Reads a whole file; records `footprint.io.read` on failure.
std::optional<std::string> read_text_file(const std::string& path, diagnostics& out);

}  // namespace footprint::detail
