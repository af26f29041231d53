// Statement renderings from the canonical JSON. See statement_render.hpp.
//
// One content model (headings, paragraphs, tables with captions, code lines)
// is built from the statement once; the HTML page and the Markdown file are
// both rendered from it, so they cannot say different things. The HTML page
// adds what Markdown cannot carry: the key-figure cards and three inline SVG
// charts. The per-shipment `shipment_rows` map is dropped while the JSON is
// parsed: no rendering shows it (it can hold millions of entries).

#include "footprint/render/statement_render.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <string_view>
#include <array>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>
#include <utility>

#include "render/detail/document_model.hpp"
#include "footprint/core/atomic_file.hpp"
#include "footprint/render/document.hpp"
#include "footprint/core/error.hpp"
#include "footprint/products/inventory.hpp"

extern char** environ;  // NOLINT: POSIX

namespace footprint {

namespace {

using json = nlohmann::json;
using detail::inline_text;

constexpr const char* supported_format = "footprint-statement/1";

// ---- reading the statement --------------------------------------------------

json parse_statement_json(const std::string& text) {
    // `shipment_rows` is discarded as it is parsed: no rendering shows it.
    json::parser_callback_t drop_rows = [](int depth, json::parse_event_t event, json& parsed) {
        return !(event == json::parse_event_t::key && depth == 1 && parsed == "shipment_rows");
    };
    try {
        return json::parse(text, drop_rows);
    } catch (const json::parse_error& e) {
        throw error("footprint.statement.syntax",
                    source_location{"<statement>", 0, static_cast<std::uint32_t>(e.byte), {}, {}},
                    std::string("not valid JSON: ") + e.what(), "a statement written by footprint");
    }
}

enum class want : unsigned char { string, integer, count, boolean, object, array };

/// Reads fields with their JSON path, collecting every missing or mistyped
/// one (`footprint.statement.missing-field`, `footprint.statement.field-type`).
class field_reader {
public:
    const json* need(const json& parent, const std::string& key, const std::string& path, want w) {
        if (&parent == &missing()) return nullptr;  // the parent was reported already
        const std::string where = path + "/" + key;
        if (!parent.is_object() || !parent.contains(key)) {
            out_.add("footprint.statement.missing-field", loc(where), "missing field", "a statement written by footprint");
            return nullptr;
        }
        const json& v = parent[key];
        bool ok = false;
        const char* expected = "";
        switch (w) {
            case want::string: ok = v.is_string(), expected = "a string"; break;
            case want::integer:
                ok = v.is_number_integer() &&
                     (!v.is_number_unsigned() ||
                      v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
                expected = "an integer";
                break;
            case want::count: ok = v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0);
                expected = "a count (an integer, 0 or more)";
                break;
            case want::boolean: ok = v.is_boolean(), expected = "true or false"; break;
            case want::object: ok = v.is_object(), expected = "an object"; break;
            case want::array: ok = v.is_array(), expected = "an array"; break;
        }
        if (!ok) {
            std::string found = v.dump();
            if (found.size() > 60) found = found.substr(0, 57) + "...";
            out_.add("footprint.statement.field-type", loc(where), "wrong type", expected, found);
            return nullptr;
        }
        return &v;
    }
    std::string str(const json& parent, const std::string& key, const std::string& path) {
        const json* v = need(parent, key, path, want::string);
        return v ? v->get<std::string>() : std::string();
    }
    std::int64_t integer(const json& parent, const std::string& key, const std::string& path) {
        const json* v = need(parent, key, path, want::integer);
        return v ? v->get<std::int64_t>() : 0;
    }
    std::uint64_t count(const json& parent, const std::string& key, const std::string& path) {
        const json* v = need(parent, key, path, want::count);
        return v ? v->get<std::uint64_t>() : 0;
    }
    bool flag(const json& parent, const std::string& key, const std::string& path) {
        const json* v = need(parent, key, path, want::boolean);
        return v ? v->get<bool>() : false;
    }
    const json& object(const json& parent, const std::string& key, const std::string& path) {
        const json* v = need(parent, key, path, want::object);
        return v ? *v : missing();
    }
    const json& array(const json& parent, const std::string& key, const std::string& path) {
        static const json empty = json::array();
        const json* v = need(parent, key, path, want::array);
        return v ? *v : empty;
    }
    void add(std::string id, const std::string& where, std::string message, std::string expected, std::string found) {
        out_.add(std::move(id), loc(where), std::move(message), std::move(expected), std::move(found));
    }
    void done() const { out_.throw_if_any(); }

private:
    /// Stands for an object that is missing or mistyped: empty, and its fields are not reported again.
    static const json& missing() {
        static const json empty = json::object();
        return empty;
    }
    static source_location loc(const std::string& field) { return source_location{"<statement>", 0, 0, field, {}}; }
    diagnostics out_;
};

/// JSON pointer escaping of one key (`~` → `~0`, `/` → `~1`), for paths in messages.
std::string pointer_key(const std::string& key) {
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

struct amounts {
    std::int64_t baseline = 0, project = 0, leakage = 0, reduction = 0;
    std::uint64_t shipments = 0;
};

struct resolved_entry {
    std::string label, kind, value, unit, source, factor_id;
    std::vector<std::string> fallback_path;
};

struct component_entry {
    std::string name, term, stage;
    std::int64_t grams = 0;
};

/// The statement as the renderings need it; every field checked once.
struct statement_view {
    std::string customer, from, to;
    std::string software_name, software_version;
    std::string methodology_id, methodology_version, methodology_digest, methodology_title;
    struct factor_set_entry {
        std::string name, version, digest;
    };
    std::vector<factor_set_entry> factor_sets;
    std::string gwp_set, gwp_source;
    std::vector<std::pair<std::string, std::string>> overrides;
    std::vector<resolved_entry> parameters, factors;
    std::uint64_t rows_in_file = 0, accepted_in_file = 0, rejected_in_file = 0, customer_rows_in_file = 0,
                  rows_in_statement = 0;
    bool reconciles = false;
    std::string rejected_digest;
    amounts totals;
    std::int64_t issuable_t = 0;
    std::string note;
    std::vector<std::pair<std::string, amounts>> by_month;
    std::vector<std::pair<std::string, std::vector<std::pair<std::string, amounts>>>> by_product;
    std::vector<component_entry> components;
    std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::int64_t>>>> by_stage;
    std::string plausibility_rule;
    std::uint64_t implausible = 0;
    std::vector<std::string> implausible_examples;
    std::string input_rows_digest, statement_digest;
};

amounts read_amounts(field_reader& r, const json& j, const std::string& path) {
    amounts a;
    a.baseline = r.integer(j, "baseline_g", path);
    a.project = r.integer(j, "project_g", path);
    a.leakage = r.integer(j, "leakage_g", path);
    a.reduction = r.integer(j, "reduction_g", path);
    a.shipments = r.count(j, "shipments", path);
    return a;
}

std::vector<resolved_entry> read_resolved(field_reader& r, const json& list, const std::string& path) {
    std::vector<resolved_entry> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json& e = list[i];
        const std::string p = path + "/" + std::to_string(i);
        resolved_entry v;
        v.label = r.str(e, "label", p);
        v.kind = r.str(e, "kind", p);
        v.value = r.str(e, "value", p);
        v.unit = r.str(e, "unit", p);
        v.source = r.str(e, "source", p);
        if (e.is_object() && e.contains("factor_id")) v.factor_id = r.str(e, "factor_id", p);
        if (e.is_object() && e.contains("fallback_path")) {
            const json& steps = r.array(e, "fallback_path", p);
            for (std::size_t k = 0; k < steps.size(); ++k) {
                if (steps[k].is_string()) v.fallback_path.push_back(steps[k].get<std::string>());
                else r.add("footprint.statement.field-type", p + "/fallback_path/" + std::to_string(k), "wrong type",
                           "a string", steps[k].dump());
            }
        }
        out.push_back(std::move(v));
    }
    return out;
}

statement_view read_view(const std::string& text) {
    const json s = parse_statement_json(text);
    field_reader r;
    statement_view v;
    if (!s.is_object()) {
        r.add("footprint.statement.syntax", "/", "not a JSON object", "a statement object", "");
        r.done();
    }
    const std::string format = r.str(s, "format", "");
    if (!format.empty() && format != supported_format)
        r.add("footprint.statement.format", "/format", "unsupported statement format", supported_format, format);
    v.customer = r.str(s, "customer", "");
    const json& period = r.object(s, "period", "");
    v.from = r.str(period, "from", "/period");
    v.to = r.str(period, "to", "/period");
    const json& software = r.object(s, "software", "");
    v.software_name = r.str(software, "name", "/software");
    v.software_version = r.str(software, "version", "/software");
    const json& m = r.object(s, "methodology", "");
    v.methodology_id = r.str(m, "id", "/methodology");
    v.methodology_version = r.str(m, "version", "/methodology");
    v.methodology_digest = r.str(m, "digest", "/methodology");
    if (m.contains("title")) v.methodology_title = r.str(m, "title", "/methodology");
    const json& sets = r.array(s, "factor_sets", "");
    for (std::size_t i = 0; i < sets.size(); ++i) {
        const std::string p = "/factor_sets/" + std::to_string(i);
        v.factor_sets.push_back({r.str(sets[i], "name", p), r.str(sets[i], "version", p), r.str(sets[i], "digest", p)});
    }
    const json& gwp = r.object(s, "gwp", "");
    v.gwp_set = r.str(gwp, "set", "/gwp");
    v.gwp_source = r.str(gwp, "source", "/gwp");
    const json& overrides = r.object(s, "scenario_overrides", "");
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        v.overrides.emplace_back(it.key(), r.str(overrides, it.key(), "/scenario_overrides"));
    v.parameters = read_resolved(r, r.array(s, "parameters", ""), "/parameters");
    v.factors = read_resolved(r, r.array(s, "factors_used", ""), "/factors_used");
    const json& rows = r.object(s, "rows", "");
    v.rows_in_file = r.count(rows, "in_file", "/rows");
    v.accepted_in_file = r.count(rows, "accepted_in_file", "/rows");
    v.rejected_in_file = r.count(rows, "rejected_in_file", "/rows");
    v.customer_rows_in_file = r.count(rows, "customer_rows_in_file", "/rows");
    v.rows_in_statement = r.count(rows, "in_statement", "/rows");
    v.reconciles = r.flag(rows, "reconciles", "/rows");
    v.rejected_digest = r.str(rows, "rejected_digest", "/rows");
    const json& t = r.object(s, "totals_g", "");
    v.totals.baseline = r.integer(t, "baseline", "/totals_g");
    v.totals.project = r.integer(t, "project", "/totals_g");
    v.totals.leakage = r.integer(t, "leakage", "/totals_g");
    v.totals.reduction = r.integer(t, "reduction", "/totals_g");
    v.totals.shipments = r.count(s, "shipments", "");
    v.issuable_t = r.integer(s, "issuable_t", "");
    if (s.contains("note")) v.note = r.str(s, "note", "");
    const json& months = r.object(s, "by_month", "");
    for (auto it = months.begin(); it != months.end(); ++it)
        v.by_month.emplace_back(it.key(), read_amounts(r, it.value(), "/by_month/" + pointer_key(it.key())));
    const json& products = r.object(s, "by_product", "");
    for (auto col = products.begin(); col != products.end(); ++col) {
        const std::string p = "/by_product/" + pointer_key(col.key());
        std::vector<std::pair<std::string, amounts>> list;
        const json& ids = r.object(products, col.key(), "/by_product");
        for (auto it = ids.begin(); it != ids.end(); ++it)
            list.emplace_back(it.key(), read_amounts(r, it.value(), p + "/" + pointer_key(it.key())));
        v.by_product.emplace_back(col.key(), std::move(list));
    }
    const json& comps = r.object(s, "by_component_g", "");
    for (auto it = comps.begin(); it != comps.end(); ++it) {
        const std::string p = "/by_component_g/" + pointer_key(it.key());
        v.components.push_back({it.key(), r.str(it.value(), "term", p), r.str(it.value(), "stage", p),
                                r.integer(it.value(), "g", p)});
    }
    const json& stages = r.object(s, "by_stage_g", "");
    for (auto term = stages.begin(); term != stages.end(); ++term) {
        std::vector<std::pair<std::string, std::int64_t>> list;
        const json& per = r.object(stages, term.key(), "/by_stage_g");
        for (auto it = per.begin(); it != per.end(); ++it)
            list.emplace_back(it.key(), r.integer(per, it.key(), "/by_stage_g/" + pointer_key(term.key())));
        v.by_stage.emplace_back(term.key(), std::move(list));
    }
    const json& pl = r.object(s, "plausibility", "");
    v.plausibility_rule = r.str(pl, "rule", "/plausibility");
    v.implausible = r.count(pl, "implausible_shipments", "/plausibility");
    const json& examples = r.array(pl, "examples", "/plausibility");
    for (const auto& e : examples)
        if (e.is_string()) v.implausible_examples.push_back(e.get<std::string>());
    v.input_rows_digest = r.str(s, "input_rows_digest", "");
    v.statement_digest = r.str(s, "statement_digest", "");
    r.done();
    return v;
}

// ---- numbers ------------------------------------------------------------------

/// Exact tonnes from integer grams: 185794893671 → "185794.893671".
std::string tonnes(std::int64_t grams) {
    const bool neg = grams < 0;
    const std::uint64_t a = neg ? static_cast<std::uint64_t>(-(grams + 1)) + 1 : static_cast<std::uint64_t>(grams);
    return fmt::format("{}{}.{:06}", neg ? "-" : "", a / 1000000, a % 1000000);
}

/// Thousands separators in the integer part of a decimal string.
std::string grouped(const std::string& s) {
    const std::size_t start = !s.empty() && s[0] == '-' ? 1 : 0;
    const std::size_t end = std::min(s.find('.'), s.size());
    std::string out = s.substr(0, start);
    for (std::size_t i = start; i < end; ++i) {
        if (i > start && (end - i) % 3 == 0) out += ',';
        out += s[i];
    }
    out.append(s, end, std::string::npos);
    return out;
}

/// A rounded label for a chart (the tables carry the exact figures).
std::string chart_label(double t) {
    const double a = std::fabs(t);
    const int decimals = a == 0 ? 0 : a >= 100 ? 0 : a >= 1 ? 1 : a >= 0.01 ? 3 : 6;
    std::string s = fmt::format("{:.{}f}", t, decimals);
    if (s == "-0" || s.find_first_not_of("-0.") == std::string::npos) s = "0";
    return grouped(s);
}

double to_tonnes(std::int64_t grams) { return static_cast<double>(grams) / 1e6; }

// ---- text ---------------------------------------------------------------------

/// HTML text and attribute escaping. C0 controls other than tab, newline
/// and carriage return cannot appear in HTML: they become U+FFFD.
std::string esc(const std::string& s) {
    std::string out;
    out.reserve(s.size() + 8);
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default:
                if ((static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
                    out += "\xEF\xBF\xBD";
                else
                    out += c;
        }
    }
    return out;
}

std::string html_inline(const inline_text& t) {
    std::string out;
    for (const auto& s : t.spans) {
        switch (s.style) {
            case detail::span_style::plain: out += esc(s.text); break;
            case detail::span_style::code: out += "<code>" + esc(s.text) + "</code>"; break;
            case detail::span_style::strong: out += "<strong>" + esc(s.text) + "</strong>"; break;
        }
    }
    return out;
}

/// The first `n` code points of `s`, with an ellipsis when it was longer.
std::string clip(const std::string& s, std::size_t n) {
    std::size_t i = 0, count = 0;
    while (i < s.size() && count < n) {
        const auto b = static_cast<unsigned char>(s[i]);
        i += b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
        ++count;
    }
    return i >= s.size() ? s : s.substr(0, i) + "\u2026";
}

/// Rough width of a label in SVG user units at `size` px (wide glyphs count double).
double text_width(const std::string& s, double size) {
    double w = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
        w += len >= 3 ? size : size * 0.58;
        i += len;
    }
    return w;
}

using words = detail::texts;  // tr("Totals", "合计")

std::string stage_label(const std::string& key, document_language lang) {
    if (auto s = parse_stage(key)) return detail::stage_name(*s, lang);
    if (key == "unstaged" || key.empty()) return lang == document_language::zh ? "未分阶段" : "Not staged";
    return key;
}

std::string term_label(const std::string& term, const words& tr) {
    if (term == "BE") return tr("Baseline emissions (BE)", "基准排放 (BE)");
    if (term == "PE") return tr("Project emissions (PE)", "项目排放 (PE)");
    if (term == "LE") return tr("Leakage (LE)", "泄漏 (LE)");
    return term;
}

std::string product_column_label(const std::string& column, const words& tr) {
    if (column == "reusable_product") return tr("Reusable product", "循环包装产品");
    if (column == "baseline_product") return tr("Replaced single-use product", "被替代的一次性包装产品");
    return column;
}

/// Stages in life-cycle order, then any other key in sorted order.
std::vector<std::string> ordered_stages(const statement_view& v) {
    std::vector<std::string> keys;
    for (auto s : all_stages) keys.emplace_back(stage_key(s));
    std::vector<std::string> extra;
    for (const auto& [term, list] : v.by_stage)
        for (const auto& [stage, g] : list)
            if (std::find(keys.begin(), keys.end(), stage) == keys.end() &&
                std::find(extra.begin(), extra.end(), stage) == extra.end())
                extra.push_back(stage);
    std::sort(extra.begin(), extra.end());
    keys.insert(keys.end(), extra.begin(), extra.end());
    return keys;
}

std::int64_t stage_grams(const statement_view& v, const std::string& term, const std::string& stage) {
    for (const auto& [t, list] : v.by_stage)
        if (t == term)
            for (const auto& [s, g] : list)
                if (s == stage) return g;
    return 0;
}

// ---- the content model ----------------------------------------------------------

struct cell {
    inline_text text;
    std::string attrs;  ///< HTML only: attributes, already escaped (` id="x" data-grams="1"`)
};

struct data_table {
    std::string caption;
    std::vector<std::string> header;
    std::vector<bool> numeric;
    std::vector<std::vector<cell>> rows;
    std::size_t total_rows = 0;  ///< the last rows that are totals
    bool keep_together = true;   ///< small tables are not split across printed pages
    std::string id;
    std::vector<int> widths;     ///< HTML only: column widths in percent (a fixed layout), or none
};

struct part {
    enum class kind : unsigned char { heading, paragraph, bullets, table, code, html, open_section, close_section };
    kind k = kind::paragraph;
    int level = 2;
    std::string id, cls;
    inline_text text;
    std::vector<inline_text> items;
    data_table table;
    std::string body;  ///< code lines, or raw HTML (charts, cards: HTML only)
};

class content {
public:
    std::vector<part> parts;

    void open(std::string id, bool new_page = false) {
        part p;
        p.k = part::kind::open_section;
        p.id = std::move(id);
        p.cls = new_page ? "page" : "";
        parts.push_back(std::move(p));
    }
    void close() {
        part p;
        p.k = part::kind::close_section;
        parts.push_back(std::move(p));
    }
    void heading(int level, inline_text text, std::string id = {}) {
        part p;
        p.k = part::kind::heading;
        p.level = level;
        p.text = std::move(text);
        p.id = std::move(id);
        parts.push_back(std::move(p));
    }
    void paragraph(inline_text text, std::string cls = {}) {
        part p;
        p.k = part::kind::paragraph;
        p.text = std::move(text);
        p.cls = std::move(cls);
        parts.push_back(std::move(p));
    }
    void bullets(std::vector<inline_text> items) {
        part p;
        p.k = part::kind::bullets;
        p.items = std::move(items);
        parts.push_back(std::move(p));
    }
    void table(data_table t) {
        part p;
        p.k = part::kind::table;
        p.table = std::move(t);
        parts.push_back(std::move(p));
    }
    void code(std::string lines) {
        part p;
        p.k = part::kind::code;
        p.body = std::move(lines);
        parts.push_back(std::move(p));
    }
    void html(std::string raw) {
        part p;
        p.k = part::kind::html;
        p.body = std::move(raw);
        parts.push_back(std::move(p));
    }
};

cell num(std::string text, std::string attrs = {}) { return cell{inline_text(std::move(text)), std::move(attrs)}; }
cell txt(std::string text) { return cell{inline_text(std::move(text)), {}}; }
cell code_cell(std::string text) { return cell{detail::code(std::move(text)), {}}; }

// ---- charts (inline SVG) -----------------------------------------------------------

struct axis {
    double lo = 0, hi = 1, step = 1;
    std::vector<double> ticks;
};

/// A zero-including axis from `lo` to `hi` with about `target` round ticks.
axis nice_axis(double lo, double hi, int target) {
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
    if (!(hi > lo)) hi = lo + 1;
    const double raw = (hi - lo) / target;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / mag;
    const double step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
    axis a;
    a.step = step;
    a.lo = std::floor(lo / step + 1e-9) * step;
    a.hi = std::ceil(hi / step - 1e-9) * step;
    if (!(a.hi > a.lo)) a.hi = a.lo + step;
    for (long long i = std::llround(a.lo / step); i <= std::llround(a.hi / step); ++i)
        a.ticks.push_back(static_cast<double>(i) * step);
    return a;
}

std::string tick_label(double v, double step) {
    const int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
    if (std::fabs(v) < step * 1e-6) v = 0;
    return grouped(fmt::format("{:.{}f}", v, decimals));
}

struct linear {
    double lo, hi, p0, p1;
    [[nodiscard]] double operator()(double v) const { return p0 + (v - lo) / (hi - lo) * (p1 - p0); }
};

std::string f1(double v) { return fmt::format("{:.1f}", v); }

const char* stage_colour(const std::string& stage) {
    if (stage == "raw_material") return "#3b6ea8";
    if (stage == "production") return "#e0a030";
    if (stage == "distribution") return "#4a9d6f";
    if (stage == "use") return "#c9719f";
    if (stage == "end_of_life") return "#7a6bb0";
    return "#9aa0a6";
}
constexpr const char* colour_be = "#8c6d46";
constexpr const char* colour_pe = "#3b6ea8";
constexpr const char* colour_er = "#2f7d4f";
constexpr const char* colour_negative = "#b23a3a";

std::string svg_open(const std::string& id, double w, double h, const std::string& label) {
    return fmt::format("<svg id=\"{}\" class=\"chart\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" "
                       "aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">\n",
                       id, f1(w), f1(h), f1(w), f1(h), esc(label));
}

/// A legend row (coloured squares and labels), wrapping at `width`; returns its height.
double legend(std::string& o, const std::vector<std::pair<std::string, std::string>>& items, double x0, double y,
              double width) {
    double x = x0, rows = 1;
    for (const auto& [colour, label] : items) {
        const double w = 14 + text_width(label, 12) + 18;
        if (x + w > width && x > x0) {
            x = x0;
            y += 20;
            ++rows;
        }
        o += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/>"
                         "<text x=\"{}\" y=\"{}\" class=\"legend\">{}</text>\n",
                         f1(x), f1(y - 9), colour, f1(x + 14), f1(y), esc(label));
        x += w;
    }
    return rows * 20;
}

/// BE, PE (and LE when not zero) as bars stacked by life-cycle stage.
std::string stage_chart(const statement_view& v, const words& tr, document_language lang) {
    const std::vector<std::string> stages = ordered_stages(v);
    std::vector<std::string> terms{"BE", "PE"};
    bool any_leakage = false;
    for (const auto& [term, list] : v.by_stage)
        if (term == "LE")
            for (const auto& [stage, g] : list) any_leakage |= g != 0;
    if (any_leakage) terms.emplace_back("LE");
    for (const auto& [term, list] : v.by_stage)
        if (std::find(terms.begin(), terms.end(), term) == terms.end() && term != "LE") terms.push_back(term);
    std::vector<std::string> used;  // stages with a value in some bar, for the legend
    for (const auto& stage : stages)
        for (const auto& term : terms)
            if (stage_grams(v, term, stage) != 0 && std::find(used.begin(), used.end(), stage) == used.end())
                used.push_back(stage);
    double lo = 0, hi = 0;
    for (const auto& term : terms) {
        double pos = 0, neg = 0;
        for (const auto& stage : stages) {
            const double t = to_tonnes(stage_grams(v, term, stage));
            (t >= 0 ? pos : neg) += t;
        }
        hi = std::max(hi, pos);
        lo = std::min(lo, neg);
    }
    const axis ax = nice_axis(lo, hi, 6);
    const double width = 760, x0 = 150, x1 = 640, top = 12, bar = 34, gap = 18;
    const linear sx{ax.lo, ax.hi, x0, x1};
    const double plot_bottom = top + static_cast<double>(terms.size()) * (bar + gap) - gap + 8;
    std::vector<std::pair<std::string, std::string>> items;
    for (const auto& stage : used) items.emplace_back(stage_colour(stage), stage_label(stage, lang));
    double legend_rows = 1, x = 0;
    for (const auto& [colour, label] : items) {  // same wrapping as legend()
        const double w = 14 + text_width(label, 12) + 18;
        if (x + w > width - 20 && x > 0) {
            x = 0;
            ++legend_rows;
        }
        x += w;
    }
    const double height = plot_bottom + 44 + legend_rows * 20 + 6;
    std::string o = svg_open("chart-stages", width, height,
                             tr("Baseline and project emissions by life-cycle stage",
                                "按生命周期阶段的基准排放与项目排放"));
    for (double t : ax.ticks) {
        o += fmt::format("<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" class=\"{3}\"/>"
                         "<text x=\"{0}\" y=\"{4}\" class=\"tick\" text-anchor=\"middle\">{5}</text>\n",
                         f1(sx(t)), f1(top - 4), f1(plot_bottom), std::fabs(t) < ax.step * 1e-6 ? "zero" : "grid",
                         f1(plot_bottom + 15), tick_label(t, ax.step));
    }
    o += fmt::format("<text x=\"{}\" y=\"{}\" class=\"axis-title\" text-anchor=\"middle\">t CO2e</text>\n",
                     f1((x0 + x1) / 2), f1(plot_bottom + 32));
    double y = top;
    for (const auto& term : terms) {
        o += fmt::format("<text x=\"{}\" y=\"{}\" class=\"bar-label\" text-anchor=\"end\">{}</text>\n", f1(x0 - 10),
                         f1(y + bar / 2 + 4), esc(term_label(term, tr)));
        double pos = 0, neg = 0;
        std::int64_t net = 0;
        for (const auto& stage : stages) {
            const std::int64_t g = stage_grams(v, term, stage);
            net += g;
            if (g == 0) continue;
            const double t = to_tonnes(g);
            const double from = t >= 0 ? pos : neg + t, to = t >= 0 ? pos + t : neg;
            (t >= 0 ? pos : neg) += t;
            o += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" class=\"seg\" "
                             "data-term=\"{}\" data-stage=\"{}\" data-grams=\"{}\"><title>{} · {}: {} t CO2e</title></rect>\n",
                             f1(sx(from)), f1(y), f1(std::max(sx(to) - sx(from), 0.0)), f1(bar), stage_colour(stage),
                             esc(term), esc(stage), g, esc(term_label(term, tr)), esc(stage_label(stage, lang)),
                             tonnes(g));
        }
        o += fmt::format("<text x=\"{}\" y=\"{}\" class=\"value\">{} t</text>\n", f1(sx(pos) + 6),
                         f1(y + bar / 2 + 4), chart_label(to_tonnes(net)));
        y += bar + gap;
    }
    legend(o, items, 20, plot_bottom + 56, width - 20);
    o += "</svg>\n";
    return o;
}

/// The reduction of each month as bars around a zero line.
std::string month_chart(const statement_view& v, const words& tr) {
    const std::size_t n = v.by_month.size();
    double lo = 0, hi = 0;
    for (const auto& [month, a] : v.by_month) {
        lo = std::min(lo, to_tonnes(a.reduction));
        hi = std::max(hi, to_tonnes(a.reduction));
    }
    const axis ax = nice_axis(lo, hi, 5);
    const bool rotate = n > 12;
    const std::size_t every = n > 24 ? (n + 23) / 24 : 1;
    const double width = 760, x0 = 86, x1 = 748, top = 24, bottom = 224;
    const double height = bottom + (rotate ? 64 : 30);
    const linear sy{ax.lo, ax.hi, bottom, top};
    std::string o = svg_open("chart-months", width, height, tr("Emission reduction by month", "各月减排量"));
    o += fmt::format("<text x=\"{}\" y=\"12\" class=\"axis-title\" text-anchor=\"end\">t CO2e</text>\n", f1(x0 - 8));
    for (double t : ax.ticks)
        o += fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" class=\"{3}\"/>"
                         "<text x=\"{4}\" y=\"{5}\" class=\"tick\" text-anchor=\"end\">{6}</text>\n",
                         f1(x0), f1(x1), f1(sy(t)), std::fabs(t) < ax.step * 1e-6 ? "zero" : "grid", f1(x0 - 8),
                         f1(sy(t) + 4), tick_label(t, ax.step));
    const double band = n == 0 ? 0 : (x1 - x0) / static_cast<double>(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto& [month, a] = v.by_month[i];
        const double t = to_tonnes(a.reduction);
        const double bw = std::max(band * 0.68, 1.0);
        const double cx = x0 + (static_cast<double>(i) + 0.5) * band;
        const double ya = sy(std::max(t, 0.0)), yb = sy(std::min(t, 0.0));
        o += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" class=\"bar\" data-month=\"{}\" "
                         "data-grams=\"{}\"><title>{}: {} t CO2e ({} {})</title></rect>\n",
                         f1(cx - bw / 2), f1(ya), f1(bw), f1(std::max(yb - ya, 0.0)),
                         a.reduction < 0 ? colour_negative : colour_er, esc(month), a.reduction, esc(month),
                         tonnes(a.reduction), a.shipments, tr("shipments", "次装运"));
        if (i % every != 0) continue;
        if (rotate)
            o += fmt::format("<text x=\"{0}\" y=\"{1}\" class=\"tick\" text-anchor=\"end\" "
                             "transform=\"rotate(-45 {0} {1})\">{2}</text>\n",
                             f1(cx + 4), f1(bottom + 14), esc(month));
        else
            o += fmt::format("<text x=\"{}\" y=\"{}\" class=\"tick\" text-anchor=\"middle\">{}</text>\n", f1(cx),
                             f1(bottom + 18), esc(month));
    }
    o += "</svg>\n";
    return o;
}

/// BE, PE and ER of every product, grouped by product column.
std::string product_chart(const statement_view& v, const words& tr) {
    double lo = 0, hi = 0;
    for (const auto& [col, list] : v.by_product)
        for (const auto& [id, a] : list)
            for (std::int64_t g : {a.baseline, a.project, a.reduction}) {
                lo = std::min(lo, to_tonnes(g));
                hi = std::max(hi, to_tonnes(g));
            }
    const axis ax = nice_axis(lo, hi, 6);
    const double width = 760, x0 = 230, x1 = 650, top = 10, bar = 10, space = 2, gap = 14;
    const linear sx{ax.lo, ax.hi, x0, x1};
    double body = 0;
    for (const auto& [col, list] : v.by_product)
        body += 24 + static_cast<double>(list.size()) * (3 * bar + 2 * space + gap);
    const double plot_bottom = top + body;
    const double height = plot_bottom + 44 + 26;
    std::string o = svg_open("chart-products", width, height, tr("Breakdown by product", "按产品分解"));
    for (double t : ax.ticks)
        o += fmt::format("<line x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\" class=\"{3}\"/>"
                         "<text x=\"{0}\" y=\"{4}\" class=\"tick\" text-anchor=\"middle\">{5}</text>\n",
                         f1(sx(t)), f1(top), f1(plot_bottom), std::fabs(t) < ax.step * 1e-6 ? "zero" : "grid",
                         f1(plot_bottom + 15), tick_label(t, ax.step));
    o += fmt::format("<text x=\"{}\" y=\"{}\" class=\"axis-title\" text-anchor=\"middle\">t CO2e</text>\n",
                     f1((x0 + x1) / 2), f1(plot_bottom + 32));
    double y = top;
    for (const auto& [col, list] : v.by_product) {
        o += fmt::format("<text x=\"10\" y=\"{}\" class=\"group-label\">{}</text>\n", f1(y + 14),
                         esc(product_column_label(col, tr)));
        y += 24;
        for (const auto& [id, a] : list) {
            o += fmt::format("<text x=\"{}\" y=\"{}\" class=\"bar-label\" text-anchor=\"end\">{}<title>{}</title></text>\n",
                             f1(x0 - 10), f1(y + 1.5 * bar + space + 4), esc(clip(id, 30)), esc(id));
            const std::array<std::tuple<const char*, std::int64_t, const char*>, 3> bars{
                std::tuple{"BE", a.baseline, colour_be}, std::tuple{"PE", a.project, colour_pe},
                std::tuple{"ER", a.reduction, a.reduction < 0 ? colour_negative : colour_er}};
            for (const auto& [term, g, colour] : bars) {
                const double t = to_tonnes(g);
                const double xa = sx(std::min(t, 0.0)), xb = sx(std::max(t, 0.0));
                o += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" class=\"bar\" "
                                 "data-column=\"{}\" data-product=\"{}\" data-term=\"{}\" data-grams=\"{}\">"
                                 "<title>{} · {}: {} t CO2e</title></rect>\n",
                                 f1(xa), f1(y), f1(std::max(xb - xa, 0.0)), f1(bar), colour, esc(col), esc(id), term, g,
                                 esc(id), term, tonnes(g));
                o += fmt::format("<text x=\"{}\" y=\"{}\" class=\"value small\"{}>{}</text>\n",
                                 f1(t < 0 ? xa - 4 : xb + 4), f1(y + bar - 1), t < 0 ? " text-anchor=\"end\"" : "",
                                 chart_label(t));
                y += bar + space;
            }
            y += gap - space;
        }
    }
    std::vector<std::pair<std::string, std::string>> items{{colour_be, tr("Baseline (BE)", "基准 (BE)")},
                                                           {colour_pe, tr("Project (PE)", "项目 (PE)")},
                                                           {colour_er, tr("Reduction (ER)", "减排量 (ER)")}};
    bool any_negative = false;
    for (const auto& [col, list] : v.by_product)
        for (const auto& [id, a] : list) any_negative |= a.reduction < 0;
    if (any_negative) items.emplace_back(colour_negative, tr("Reduction below zero", "负减排量"));
    legend(o, items, 20, plot_bottom + 56, width - 20);
    o += "</svg>\n";
    return o;
}

// ---- building the content ------------------------------------------------------------

std::string grams_attr(const char* id, std::int64_t g) { return fmt::format(" id=\"{}\" data-grams=\"{}\"", id, g); }

content build_content(const statement_view& v, document_language lang, bool with_charts) {
    const words tr{lang};
    content c;
    const std::string unit_t = "t CO2e";

    // -- header and summary
    c.open("summary");
    c.heading(1, tr("Emission reduction statement", "减排量声明"), "title");
    c.paragraph(inline_text(v.customer + " \u00b7 " + v.from + " \u2013 " + v.to), "subtitle");
    {
        data_table t;
        t.caption = tr("What this statement covers", "声明范围");
        t.header = {tr("Field", "栏目"), tr("Value", "内容")};
        t.numeric = {false, false};
        t.rows.push_back({txt(tr("Customer", "客户")), cell{inline_text(v.customer), " id=\"customer\""}});
        t.rows.push_back({txt(tr("Period (inclusive)", "期间（含首尾日）")), txt(v.from + " \u2013 " + v.to)});
        inline_text m = detail::code(v.methodology_id);
        m.t(" " + v.methodology_version);
        if (!v.methodology_title.empty()) m.t(" \u2014 " + v.methodology_title);
        t.rows.push_back({txt(tr("Methodology", "方法学")), cell{m, {}}});
        for (const auto& fs : v.factor_sets)
            t.rows.push_back({txt(tr("Factor set", "排放因子集")), cell{detail::code(fs.name).t(" " + fs.version), {}}});
        t.rows.push_back({txt(tr("GWP values", "全球变暖潜势值")), txt(v.gwp_set + " (" + v.gwp_source + ")")});
        t.rows.push_back({txt(tr("Software", "软件")), txt(v.software_name + " " + v.software_version)});
        t.rows.push_back({txt(tr("Statement digest (SHA-256)", "声明摘要值 (SHA-256)")),
                          cell{detail::code(v.statement_digest), " id=\"digest-row\""}});
        c.table(std::move(t));
    }
    c.paragraph(tr("The statement of record is the canonical JSON file; this rendering is made from it and shows the "
                   "same figures. Amounts are whole grams of CO2e, summed exactly; tonnes are the same grams divided "
                   "by 10^6.",
                   "记录文本为规范 JSON 文件；本文档由其生成，数字与之一致。金额以整数克 CO2e 计并精确求和；"
                   "吨数即克数除以 10^6。"),
                "lead");
    if (with_charts) {
        const std::string positive = v.totals.reduction > 0 ? "" : v.totals.reduction < 0 ? " negative" : " zero";
        c.html(fmt::format(
            "<div class=\"cards\">\n"
            "<div class=\"card er{}\"><div class=\"k\">{}</div><div class=\"v\">{}</div><div class=\"u\">t CO2e</div></div>\n"
            "<div class=\"card\"><div class=\"k\">{}</div><div class=\"v\">{}</div><div class=\"u\">{}</div></div>\n"
            "<div class=\"card\"><div class=\"k\">{}</div><div class=\"v\">{}</div><div class=\"u\">{}</div></div>\n"
            "</div>\n",
            positive, esc(tr("Emission reduction (ER)", "减排量 (ER)")), grouped(tonnes(v.totals.reduction)),
            esc(tr("Issuable", "可签发量")), grouped(std::to_string(v.issuable_t)),
            esc(tr("whole t CO2e, rounded down", "整吨 CO2e，向下取整")), esc(tr("Shipments", "装运数")),
            grouped(std::to_string(v.totals.shipments)),
            esc(tr("in the period", "本期间内"))));
    }
    c.close();

    // -- totals
    c.open("totals");
    c.heading(2, tr("Totals", "合计"), "totals-heading");
    {
        data_table t;
        t.caption = tr("Emissions and reduction in the period", "本期间的排放与减排量");
        t.header = {tr("Quantity", "类别"), unit_t, tr("g CO2e (integer)", "g CO2e（整数）")};
        t.numeric = {false, true, true};
        const std::array<std::tuple<const char*, std::string, std::int64_t>, 4> rows{
            std::tuple{"total-baseline", tr("Baseline emissions (BE)", "基准排放 (BE)"), v.totals.baseline},
            std::tuple{"total-project", tr("Project emissions (PE)", "项目排放 (PE)"), v.totals.project},
            std::tuple{"total-leakage", tr("Leakage (LE)", "泄漏 (LE)"), v.totals.leakage},
            std::tuple{"total-reduction", tr("Emission reduction (ER = BE − PE − LE)", "减排量 (ER = BE − PE − LE)"),
                       v.totals.reduction}};
        for (const auto& [id, label, g] : rows)
            t.rows.push_back({txt(label), num(tonnes(g), grams_attr(id, g)), num(std::to_string(g))});
        t.rows.push_back({txt(tr("Issuable (whole tonnes, rounded down)", "可签发量（整吨，向下取整）")),
                          num(std::to_string(v.issuable_t),
                              fmt::format(" id=\"issuable\" data-tonnes=\"{}\"", v.issuable_t)),
                          txt("")});
        t.total_rows = 2;
        c.table(std::move(t));
    }
    c.paragraph(tr("Each shipment's components are rounded to whole grams as the methodology declares (baseline down, "
                   "project and leakage up), so the sums are exact and do not depend on the order of the rows. "
                   "Issuance rounds the total reduction down to whole tonnes; a total that is not a reduction "
                   "issues nothing.",
                   "每次装运的各分项按方法学规定取整至整克（基准向下，项目与泄漏向上），因此求和精确，且与行的顺序无关。"
                   "签发量将减排量合计向下取整至整吨；合计不为减排时不签发。"));
    if (v.totals.reduction <= 0 && v.totals.shipments > 0)
        c.paragraph(inline_text().b(tr("The project emitted at least as much as the baseline in this period: there is "
                                       "no reduction to issue.",
                                       "本期间项目排放不低于基准排放：没有可签发的减排量。")),
                    "warn");
    if (!v.note.empty())
        c.paragraph(inline_text().b(v.totals.shipments == 0
                                        ? tr("There are no shipments of this customer in the period.",
                                             "本期间内该客户没有装运。")
                                        : v.note),
                    "note");
    c.close();

    // -- shipments and reconciliation
    c.open("reconciliation");
    c.heading(2, tr("Shipments and reconciliation", "装运与核对"), "shipments-heading");
    {
        data_table t;
        t.caption = tr("Every input row is accepted or rejected with a reason", "每一输入行均被接受，或附原因被拒绝");
        t.header = {tr("Rows", "行"), tr("Count", "数量")};
        t.numeric = {false, true};
        t.rows.push_back({txt(tr("Rows in the input", "输入行数")),
                          num(std::to_string(v.rows_in_file), fmt::format(" id=\"rows-in\" data-count=\"{}\"", v.rows_in_file))});
        t.rows.push_back({txt(tr("Accepted and computed", "已接受并计算")),
                          num(std::to_string(v.accepted_in_file),
                              fmt::format(" id=\"rows-accepted\" data-count=\"{}\"", v.accepted_in_file))});
        t.rows.push_back({txt(tr("Rejected, with reasons (quarantine)", "已拒绝并附原因（隔离）")),
                          num(std::to_string(v.rejected_in_file),
                              fmt::format(" id=\"rows-rejected\" data-count=\"{}\"", v.rejected_in_file))});
        t.rows.push_back({txt(tr("Reconciles: in = accepted + rejected", "核对：输入 = 接受 + 拒绝")),
                          cell{inline_text().b(v.reconciles ? tr("yes", "是") : tr("NO", "否")),
                               fmt::format(" id=\"reconciles\" data-reconciles=\"{}\" class=\"{}\"",
                                           v.reconciles ? "true" : "false", v.reconciles ? "ok" : "bad")}});
        t.rows.push_back({txt(tr("Accepted rows of this customer (any date)", "该客户已接受的行（不限日期）")),
                          num(std::to_string(v.customer_rows_in_file))});
        t.rows.push_back({txt(tr("Shipments in this statement (in the period)", "本声明所含装运（期间内）")),
                          num(std::to_string(v.rows_in_statement),
                              fmt::format(" id=\"shipments\" data-count=\"{}\"", v.rows_in_statement))});
        c.table(std::move(t));
    }
    c.paragraph(inline_text(tr("The counts are those of the whole input (every customer). The rejected rows are sealed "
                               "by their digest ",
                               "计数针对整个输入（所有客户）。被拒绝的行以其摘要值 "))
                    .c(v.rejected_digest)
                    .t(tr("; the quarantine file beside the input lists each one with its reason.",
                          " 封存；输入旁的隔离文件逐行列出原因。")));
    c.close();

    // -- plausibility
    c.open("plausibility");
    c.heading(2, tr("Plausibility check", "合理性检查"), "plausibility-heading");
    c.paragraph(inline_text(tr("Each shipment's reduction is checked against the methodology's plausibility rule: ",
                               "每次装运的减排量均按方法学的合理性规则检查："))
                    .t(v.plausibility_rule));
    c.paragraph(v.implausible == 0
                    ? inline_text(tr("No shipment exceeds the limit.", "没有装运超过上限。"))
                    : inline_text().b(fmt::format("{} {}", v.implausible,
                                                  tr("shipments exceed the limit and are flagged for review.",
                                                     "次装运超过上限，已标记待复核。"))),
                v.implausible == 0 ? "ok" : "warn");
    if (!v.implausible_examples.empty()) {
        inline_text list(tr("Flagged shipments (at most 20): ", "被标记的装运（最多 20 个）："));
        for (std::size_t i = 0; i < v.implausible_examples.size(); ++i) {
            if (i) list.t(", ");
            list.c(v.implausible_examples[i]);
        }
        c.paragraph(std::move(list));
    }
    c.close();

    // -- charts (HTML only)
    if (with_charts) {
        c.open("charts", true);
        c.heading(2, tr("Charts", "图表"), "charts-heading");
        if (v.totals.shipments == 0) {
            c.paragraph(tr("No shipments in the period: nothing to chart.", "本期间没有装运：无图表。"));
        } else {
            c.html("<figure>\n" + stage_chart(v, tr, lang) + "<figcaption>" +
                   esc(tr("Baseline and project emissions by life-cycle stage (t CO2e)",
                          "按生命周期阶段的基准排放与项目排放（t CO2e）")) +
                   "</figcaption>\n</figure>\n");
            c.html("<figure>\n" + month_chart(v, tr) + "<figcaption>" +
                   esc(tr("Emission reduction by month (t CO2e)", "各月减排量（t CO2e）")) + "</figcaption>\n</figure>\n");
            c.html("<figure>\n" + product_chart(v, tr) + "<figcaption>" +
                   esc(tr("Breakdown by product (t CO2e)", "按产品分解（t CO2e）")) + "</figcaption>\n</figure>\n");
            c.paragraph(tr("Chart labels are rounded; the tables give the exact figures.",
                           "图中标注为取整值；精确数值见表格。"),
                        "small");
        }
        c.close();
    }

    // -- breakdowns
    c.open("breakdown", true);
    c.heading(2, tr("Breakdown", "分解"), "breakdown-heading");
    {
        data_table t;
        t.caption = tr("By life-cycle stage (t CO2e)", "按生命周期阶段（t CO2e）");
        t.header = {tr("Stage", "阶段"), "BE", "PE", "LE", "BE − PE − LE"};
        t.numeric = {false, true, true, true, true};
        std::int64_t sb = 0, sp = 0, sl = 0;
        for (const auto& stage : ordered_stages(v)) {
            const std::int64_t b = stage_grams(v, "BE", stage), p = stage_grams(v, "PE", stage),
                               l = stage_grams(v, "LE", stage);
            bool present = false;
            for (const auto& [term, list] : v.by_stage)
                for (const auto& [s, g] : list) present |= s == stage;
            if (!present) continue;
            sb += b, sp += p, sl += l;
            t.rows.push_back({txt(stage_label(stage, lang)), num(tonnes(b)), num(tonnes(p)), num(tonnes(l)),
                              num(tonnes(b - p - l))});
        }
        t.rows.push_back({cell{inline_text().b(tr("Total", "合计")), {}}, num(tonnes(sb)), num(tonnes(sp)),
                          num(tonnes(sl)), num(tonnes(sb - sp - sl))});
        t.total_rows = 1;
        t.id = "table-stages";
        c.table(std::move(t));
    }
    {
        data_table t;
        t.caption = tr("By component of the methodology's equations", "按方法学方程的分项");
        t.header = {tr("Component", "分项"), tr("Term", "项"), tr("Stage", "阶段"), "g CO2e", unit_t};
        t.numeric = {false, false, false, true, true};
        for (const auto& comp : v.components)
            t.rows.push_back({code_cell(comp.name), txt(comp.term), txt(stage_label(comp.stage, lang)),
                              num(std::to_string(comp.grams)), num(tonnes(comp.grams))});
        t.id = "table-components";
        t.keep_together = v.components.size() <= 24;
        c.table(std::move(t));
    }
    {
        data_table t;
        t.caption = tr("By month of dispatch (t CO2e)", "按发运月份（t CO2e）");
        t.header = {tr("Month", "月份"), "BE", "PE", "LE", "ER", tr("Shipments", "装运数")};
        t.numeric = {false, true, true, true, true, true};
        for (const auto& [month, a] : v.by_month)
            t.rows.push_back({txt(month), num(tonnes(a.baseline)), num(tonnes(a.project)), num(tonnes(a.leakage)),
                              num(tonnes(a.reduction)), num(std::to_string(a.shipments))});
        t.rows.push_back({cell{inline_text().b(tr("Total", "合计")), {}}, num(tonnes(v.totals.baseline)),
                          num(tonnes(v.totals.project)), num(tonnes(v.totals.leakage)),
                          num(tonnes(v.totals.reduction)), num(std::to_string(v.totals.shipments))});
        t.total_rows = 1;
        t.id = "table-months";
        t.keep_together = v.by_month.size() <= 24;
        c.table(std::move(t));
    }
    for (const auto& [col, list] : v.by_product) {
        data_table t;
        t.caption = tr("By product: ", "按产品：") + product_column_label(col, tr) + " (t CO2e)";
        t.header = {tr("Product", "产品"), "BE", "PE", "LE", "ER", tr("Shipments", "装运数")};
        t.numeric = {false, true, true, true, true, true};
        for (const auto& [id, a] : list)
            t.rows.push_back({code_cell(id), num(tonnes(a.baseline)), num(tonnes(a.project)), num(tonnes(a.leakage)),
                              num(tonnes(a.reduction)), num(std::to_string(a.shipments))});
        t.id = "table-product-" + col;
        t.keep_together = list.size() <= 24;
        c.table(std::move(t));
    }
    c.close();

    // -- provenance
    c.open("provenance", true);
    c.heading(2, tr("Provenance", "数据来源"), "provenance-heading");
    {
        data_table t;
        t.caption = tr("What this statement was built from", "本声明的构建依据");
        t.header = {tr("Item", "条目"), tr("Value", "内容")};
        t.numeric = {false, false};
        t.rows.push_back({txt(tr("Software", "软件")), txt(v.software_name + " " + v.software_version)});
        t.rows.push_back({txt(tr("Statement format", "声明格式")), code_cell(supported_format)});
        t.rows.push_back({txt(tr("Methodology", "方法学")), cell{detail::code(v.methodology_id).t(" " + v.methodology_version), {}}});
        t.rows.push_back({txt(tr("Methodology digest", "方法学摘要值")), code_cell(v.methodology_digest)});
        for (const auto& fs : v.factor_sets) {
            t.rows.push_back({txt(tr("Factor set", "排放因子集")), cell{detail::code(fs.name).t(" " + fs.version), {}}});
            t.rows.push_back({txt(tr("Factor set digest", "排放因子集摘要值")), code_cell(fs.digest)});
        }
        t.rows.push_back({txt(tr("GWP set", "全球变暖潜势值")), txt(v.gwp_set)});
        t.rows.push_back({txt(tr("GWP source", "全球变暖潜势值来源")), txt(v.gwp_source)});
        if (v.overrides.empty()) {
            t.rows.push_back({txt(tr("Scenario overrides", "情景覆盖")), txt(tr("none", "无"))});
        } else {
            for (const auto& [name, value] : v.overrides)
                t.rows.push_back({txt(tr("Scenario override", "情景覆盖")), cell{detail::code(name).t(" = " + value), {}}});
        }
        t.rows.push_back({txt(tr("Input rows digest", "输入行摘要值")), code_cell(v.input_rows_digest)});
        t.rows.push_back({txt(tr("Rejected rows digest", "被拒绝行摘要值")), code_cell(v.rejected_digest)});
        t.rows.push_back({txt(tr("Statement digest", "声明摘要值")),
                          cell{inline_text().c(v.statement_digest), " id=\"digest-cell\""}});
        c.table(std::move(t));
    }
    c.paragraph(tr("The input rows digest is a SHA-256 over every shipment of this statement, in shipment-id order: "
                   "its id and the SHA-256 of its canonical row. The statement digest is the SHA-256 of the canonical "
                   "JSON without the statement_digest field: any edit to the file changes it.",
                   "输入行摘要值是对本声明每次装运（按装运编号排序）的编号及其规范行 SHA-256 计算的 SHA-256。"
                   "声明摘要值是去掉 statement_digest 字段后的规范 JSON 的 SHA-256：对文件的任何修改都会改变它。"));
    {
        data_table t;
        t.caption = tr("Fixed parameters", "固定参数");
        t.header = {tr("Parameter", "参数"), tr("Value", "数值"), tr("Unit", "单位"), tr("Kind", "类型"),
                    tr("Source", "来源")};
        t.numeric = {false, true, false, false, false};
        for (const auto& p : v.parameters)
            t.rows.push_back({code_cell(p.label), num(p.value), txt(p.unit), txt(p.kind), txt(p.source)});
        t.id = "table-parameters";
        t.keep_together = false;
        t.widths = {24, 9, 10, 9, 48};
        c.table(std::move(t));
    }
    {
        data_table t;
        t.caption = tr("Emission factors and catalog values used", "所用排放因子与目录数值");
        t.header = {tr("Value looked up", "查找项"), tr("Value", "数值"), tr("Unit", "单位"), tr("Kind", "类型"),
                    tr("Source and fallback path", "来源与回退路径")};
        t.numeric = {false, true, false, false, false};
        for (const auto& f : v.factors) {
            inline_text src(f.source);
            if (!f.factor_id.empty()) src.t(tr(" · factor ", " · 因子 ")).c(f.factor_id);
            for (std::size_t i = 0; i < f.fallback_path.size(); ++i)
                src.t(i == 0 ? tr(" · fallback: ", " · 回退：") : std::string("; ")).t(f.fallback_path[i]);
            t.rows.push_back({code_cell(f.label), num(f.value), txt(f.unit), txt(f.kind), cell{src, {}}});
        }
        t.id = "table-factors";
        t.keep_together = false;
        t.widths = {30, 16, 10, 10, 34};
        c.table(std::move(t));
    }
    c.close();

    // -- how to check it
    c.open("check");
    c.heading(2, tr("How to check this statement", "如何核验本声明"), "check-heading");
    c.paragraph(tr("Rebuild it from the same inputs and compare it field by field; the result names the first "
                   "differing field and the shipments whose rows changed:",
                   "用相同的输入重建并逐字段比较；结果会指出第一个不同的字段以及输入行被改动的装运："));
    c.code("footprint verify STATEMENT.json --shipments SHIPMENTS.csv\n"
           "footprint explain -m " + v.methodology_id + " --shipments SHIPMENTS.csv --shipment SHIPMENT-ID\n");
    c.paragraph(tr("The second command shows one shipment's derivation down to the integer grams, with every factor "
                   "and its source.",
                   "第二条命令给出单次装运的完整推导（精确到整数克），以及每个因子及其来源。"));
    c.close();
    return c;
}

// ---- HTML -----------------------------------------------------------------------

constexpr const char* page_style = R"(:root{--ink:#1b1b1b;--mute:#59635e;--line:#c8d0cc;--head:#eef3f1;--accent:#2f5d50;--ok:#2f7d4f;--bad:#b23a3a}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#fff;color:var(--ink);font:15px/1.55 -apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif}
main{max-width:64rem;margin:0 auto;padding:2rem 1.5rem 4rem}
h1{font-size:1.8rem;margin:0 0 .2rem;color:var(--accent)}
h2{font-size:1.3rem;margin:2.2rem 0 .6rem;color:var(--accent);border-bottom:2px solid var(--accent);padding-bottom:.25rem}
p{margin:.5rem 0}
p.subtitle{font-size:1.15rem;color:var(--mute);margin:0 0 1rem;overflow-wrap:anywhere}
p.lead{color:var(--mute);font-size:.92rem}
p.small{color:var(--mute);font-size:.85rem}
p.warn{color:var(--bad)}
p.ok{color:var(--ok)}
p.note{background:#fff7e0;border-left:3px solid #c9a227;padding:.4rem .7rem}
table{border-collapse:collapse;margin:.6rem 0 1.4rem;width:100%;font-size:.9rem}
caption{caption-side:top;text-align:left;font-weight:600;padding:.2rem 0 .4rem;color:var(--ink)}
th,td{border:1px solid var(--line);padding:.3rem .5rem;vertical-align:top;text-align:left;overflow-wrap:break-word}
table.fixed{table-layout:fixed}
table.fixed td,table.fixed th{overflow-wrap:anywhere}
table.fixed td.num{white-space:normal}
#customer{overflow-wrap:anywhere}
thead th{background:var(--head)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap;overflow-wrap:normal}
tr.total td{font-weight:600;border-top:2px solid var(--accent);background:#f7faf8}
td.ok{color:var(--ok)}
td.bad{color:var(--bad)}
code{font-family:"SFMono-Regular",Consolas,"Liberation Mono","DejaVu Sans Mono",monospace;font-size:.86em;background:#f3f5f4;padding:0 .2em;border-radius:3px;overflow-wrap:anywhere}
pre{font-family:"SFMono-Regular",Consolas,"Liberation Mono","DejaVu Sans Mono",monospace;font-size:.86rem;background:#f6f8f7;border-left:3px solid var(--accent);padding:.6rem .8rem;overflow-x:auto;white-space:pre}
.cards{display:grid;grid-template-columns:repeat(3,1fr);gap:1rem;margin:1.2rem 0}
.card{border:1px solid var(--line);border-radius:6px;padding:.7rem 1rem;background:#fbfcfb}
.card .k{font-size:.85rem;color:var(--mute)}
.card .v{font-size:1.55rem;font-weight:650;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.card .u{font-size:.8rem;color:var(--mute)}
.card.er .v{color:var(--ok)}
.card.er.negative .v{color:var(--bad)}
.card.er.zero .v{color:var(--ink)}
figure{margin:1rem 0 1.8rem;break-inside:avoid}
figure svg{display:block;width:100%;height:auto;max-width:100%}
figcaption{font-size:.88rem;color:var(--mute);margin-top:.3rem}
svg.chart text{font-family:inherit;fill:var(--ink)}
svg.chart .tick{font-size:11px;fill:var(--mute)}
svg.chart .axis-title{font-size:11px;fill:var(--mute)}
svg.chart .bar-label{font-size:12px}
svg.chart .group-label{font-size:12px;font-weight:600}
svg.chart .legend{font-size:12px}
svg.chart .value{font-size:11px}
svg.chart .value.small{font-size:9.5px;fill:var(--mute)}
svg.chart line.grid{stroke:#e3e8e5;stroke-width:1}
svg.chart line.zero{stroke:#59635e;stroke-width:1.2}
footer{margin-top:3rem;padding-top:.6rem;border-top:1px solid var(--line);font-size:.8rem;color:var(--mute)}
@media (max-width:40rem){.cards{grid-template-columns:1fr}}
@media print{
@page{size:A4;margin:14mm 12mm 16mm}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-size:10pt}
main{max-width:none;padding:0}
section.page{break-before:page}
h1,h2,caption{break-after:avoid}
table.keep,figure,.cards,pre{break-inside:avoid}
tr{break-inside:avoid}
thead{display:table-header-group}
p.lead{font-size:9pt}
table.fixed{font-size:8.5pt}
}
)";

void html_table(std::string& o, const data_table& t) {
    o += "<table";
    if (!t.id.empty()) o += " id=\"" + esc(t.id) + "\"";
    if (t.keep_together || !t.widths.empty())
        o += std::string(" class=\"") + (t.keep_together ? "keep" : "") +
             (t.keep_together && !t.widths.empty() ? " " : "") + (t.widths.empty() ? "" : "fixed") + "\"";
    o += ">\n<caption>" + esc(t.caption) + "</caption>\n";
    if (!t.widths.empty()) {
        o += "<colgroup>";
        for (int w : t.widths) o += fmt::format("<col style=\"width:{}%\">", w);
        o += "</colgroup>\n";
    }
    o += "<thead><tr>";
    for (std::size_t i = 0; i < t.header.size(); ++i)
        o += (i < t.numeric.size() && t.numeric[i] ? "<th class=\"num\" scope=\"col\">" : "<th scope=\"col\">") +
             esc(t.header[i]) + "</th>";
    o += "</tr></thead>\n<tbody>\n";
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const bool total = r + t.total_rows >= t.rows.size() && t.total_rows > 0;
        o += total ? "<tr class=\"total\">" : "<tr>";
        for (std::size_t i = 0; i < t.header.size(); ++i) {
            const cell* c = i < t.rows[r].size() ? &t.rows[r][i] : nullptr;
            const bool numeric = i < t.numeric.size() && t.numeric[i];
            std::string attrs = c ? c->attrs : std::string();
            if (numeric && attrs.find(" class=") == std::string::npos) attrs += " class=\"num\"";
            const bool header_cell = i == 0 && !numeric;
            o += std::string(header_cell ? "<th scope=\"row\"" : "<td") + attrs + ">" + (c ? html_inline(c->text) : "") +
                 (header_cell ? "</th>" : "</td>");
        }
        o += "</tr>\n";
    }
    o += "</tbody>\n</table>\n";
}

std::string to_html(const content& c, const statement_view& v, document_language lang) {
    const words tr{lang};
    std::string o;
    o.reserve(64 * 1024);
    o += "<!DOCTYPE html>\n<html lang=\"";
    o += lang == document_language::zh ? "zh-CN" : "en";
    o += "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    o += "<meta name=\"generator\" content=\"" + esc(v.software_name + " " + v.software_version) + "\">\n";
    o += "<title>" + esc(tr("Emission reduction statement", "减排量声明")) + " \u2014 " + esc(v.customer) + " \u2014 " +
         esc(v.from) + " \u2013 " + esc(v.to) + "</title>\n<style>\n";
    o += page_style;
    o += "</style>\n</head>\n<body>\n<main>\n";
    for (const part& p : c.parts) {
        switch (p.k) {
            case part::kind::open_section:
                o += "<section id=\"" + esc(p.id) + "\"" + (p.cls.empty() ? "" : " class=\"" + esc(p.cls) + "\"") + ">\n";
                break;
            case part::kind::close_section: o += "</section>\n"; break;
            case part::kind::heading: {
                const std::string h = "h" + std::to_string(std::clamp(p.level, 1, 6));
                o += "<" + h + (p.id.empty() ? "" : " id=\"" + esc(p.id) + "\"") + ">" + html_inline(p.text) + "</" + h + ">\n";
                break;
            }
            case part::kind::paragraph:
                o += (p.cls.empty() ? "<p>" : "<p class=\"" + esc(p.cls) + "\">") + html_inline(p.text) + "</p>\n";
                break;
            case part::kind::bullets:
                o += "<ul>\n";
                for (const auto& item : p.items) o += "<li>" + html_inline(item) + "</li>\n";
                o += "</ul>\n";
                break;
            case part::kind::table: html_table(o, p.table); break;
            case part::kind::code: o += "<pre><code>" + esc(p.body) + "</code></pre>\n"; break;
            case part::kind::html: o += p.body; break;
        }
    }
    // The digest again, where the tests and a reader look for it last.
    o += "<footer>\n<p>" + esc(tr("Statement digest", "声明摘要值")) + ": <code id=\"digest\">" + esc(v.statement_digest) +
         "</code></p>\n<p>" +
         esc(tr("Rendered by ", "生成工具：") + v.software_name + " " + v.software_version + tr(" from the canonical JSON.", "，依据规范 JSON。")) +
         "</p>\n</footer>\n</main>\n</body>\n</html>\n";
    return o;
}

// ---- Markdown ---------------------------------------------------------------------

std::string to_markdown(const content& c, document_language lang) {
    detail::document d;
    d.lang = lang;
    for (const part& p : c.parts) {
        switch (p.k) {
            case part::kind::heading: d.heading(p.level, p.text); break;
            case part::kind::paragraph: d.paragraph(p.text); break;
            case part::kind::bullets: d.bullets(p.items); break;
            case part::kind::table: {
                d.paragraph(inline_text().b(p.table.caption));
                detail::table t;
                for (std::size_t i = 0; i < p.table.header.size(); ++i) {
                    t.header.emplace_back(p.table.header[i]);
                    t.align.push_back(i < p.table.numeric.size() && p.table.numeric[i] ? detail::column_align::right
                                                                                        : detail::column_align::left);
                }
                for (std::size_t r = 0; r < p.table.rows.size(); ++r) {
                    const bool total = p.table.total_rows > 0 && r + p.table.total_rows >= p.table.rows.size();
                    std::vector<inline_text> row;
                    for (const auto& cl : p.table.rows[r]) {
                        // Totals in bold, as in the HTML; code spans stay code.
                        if (total && cl.text.spans.size() == 1 && cl.text.spans[0].style == detail::span_style::plain &&
                            !cl.text.spans[0].text.empty())
                            row.push_back(inline_text().b(cl.text.spans[0].text));
                        else
                            row.push_back(cl.text);
                    }
                    t.rows.push_back(std::move(row));
                }
                d.add_table(std::move(t));
                break;
            }
            case part::kind::code: d.formula(p.body); break;
            case part::kind::html:
            case part::kind::open_section:
            case part::kind::close_section: break;
        }
    }
    return detail::to_markdown(d);
}

// ---- PDF --------------------------------------------------------------------------

/// A temporary folder, removed with everything in it.
struct temp_dir {
    std::filesystem::path path;
    temp_dir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "footprint-pdf-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr)
            throw error("footprint.io.write", source_location{pattern, 0, 0, {}, {}},
                        "cannot create a temporary folder for Chromium", "a writable temporary directory (TMPDIR)");
        path = pattern;
    }
    ~temp_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
};

std::string file_url(const std::filesystem::path& p) {
    std::string out = "file://";
    for (unsigned char c : p.string()) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
        else out += fmt::format("%{:02X}", c);
    }
    return out;
}

std::string read_all(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

bool executable_file(const std::filesystem::path& p) {
    std::error_code ec;
    return std::filesystem::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

}  // namespace

// ---- public functions -------------------------------------------------------------

std::string render_statement_html(const std::string& statement_json, const std::string& lang) {
    const document_language l = parse_document_language(lang);
    const statement_view v = read_view(statement_json);
    return to_html(build_content(v, l, true), v, l);
}

std::string render_statement_markdown(const std::string& statement_json, const std::string& lang) {
    const document_language l = parse_document_language(lang);
    const statement_view v = read_view(statement_json);
    return to_markdown(build_content(v, l, false), l);
}

std::string render_statement_csv(const std::string& statement_json) {
    const statement_view v = read_view(statement_json);
    std::string o = "section,key,baseline_g,project_g,leakage_g,reduction_g,shipments\n";
    // A text cell that a spreadsheet would run as a formula (a customer or
    // product id from the shipments, starting with = + - @ or a tab or CR) gets
    // a leading ' (OWASP, "CSV Injection"): spreadsheets show it as text. The
    // amounts are never texts, and the JSON keeps the id as it was.
    auto quote = [](std::string s) {
        if (!s.empty() && std::string_view("=+-@\t\r").find(s.front()) != std::string_view::npos) s.insert(0, 1, '\'');
        if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
        std::string q = "\"";
        for (char c : s) {
            if (c == '"') q += '"';
            q += c;
        }
        return q + "\"";
    };
    auto row = [&](const std::string& section, const std::string& key, const amounts& a, bool with_shipments) {
        o += fmt::format("{},{},{},{},{},{},{}\n", quote(section), quote(key), a.baseline, a.project, a.leakage,
                         a.reduction, with_shipments ? std::to_string(a.shipments) : std::string());
    };
    row("total", v.customer, v.totals, true);
    for (const auto& [month, a] : v.by_month) row("month", month, a, true);
    for (const auto& [col, list] : v.by_product)
        for (const auto& [id, a] : list) row(col, id, a, true);
    // Stages: BE, PE and LE of each stage and their difference; a shipment counts in every stage, so no count.
    for (const auto& stage : ordered_stages(v)) {
        bool present = false;
        for (const auto& [term, list] : v.by_stage)
            for (const auto& [s, g] : list) present |= s == stage;
        if (!present) continue;
        amounts a;
        a.baseline = stage_grams(v, "BE", stage);
        a.project = stage_grams(v, "PE", stage);
        a.leakage = stage_grams(v, "LE", stage);
        a.reduction = a.baseline - a.project - a.leakage;
        row("stage", stage, a, false);
    }
    return o;
}

std::string find_chromium() {
    if (const char* forced = std::getenv("FOOTPRINT_CHROMIUM"); forced != nullptr && *forced != '\0')
        return executable_file(forced) ? std::string(forced) : std::string();
    const char* path = std::getenv("PATH");
    if (path == nullptr) return {};
    const std::string p = path;
    for (const char* name : {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
                             "chrome-headless-shell"}) {
        std::size_t start = 0;
        while (start <= p.size()) {
            const std::size_t end = p.find(':', start);
            const std::string dir = p.substr(start, end == std::string::npos ? std::string::npos : end - start);
            if (!dir.empty()) {  // an empty entry would mean the current folder: never run a browser from there
                const std::filesystem::path candidate = std::filesystem::path(dir) / name;
                if (executable_file(candidate)) return candidate.string();
            }
            if (end == std::string::npos) break;
            start = end + 1;
        }
    }
    return {};
}

std::string require_chromium(const std::filesystem::path& for_file) {
    std::string chromium = find_chromium();
    if (chromium.empty()) {
        const char* forced = std::getenv("FOOTPRINT_CHROMIUM");
        const bool named = forced != nullptr && *forced != '\0';
        throw error("footprint.render.no-chromium", source_location{for_file.string(), 0, 0, {}, {}},
                    named ? "FOOTPRINT_CHROMIUM does not name an executable file; PDF needs headless Chromium"
                          : "PDF needs headless Chromium, which is not installed (no chromium on PATH)",
                    "Debian's chromium package (apt-get install chromium), FOOTPRINT_CHROMIUM=/path/to/chromium, "
                    "or another format (--format json,html,md,csv)",
                    named ? std::string(forced) : std::string());
    }
    return chromium;
}

void render_statement_pdf(const std::string& statement_json, const std::string& lang, const std::filesystem::path& pdf) {
    const std::string chromium = require_chromium(pdf);
    const std::string html = render_statement_html(statement_json, lang);  // a bad statement fails before Chromium runs
    temp_dir dir;
    const auto page = dir.path / "statement.html";
    const auto out = dir.path / "statement.pdf";
    const auto log = dir.path / "chromium.log";
    write_file_atomically(page, html);

    std::vector<std::string> args{chromium,
                                  "--headless",
                                  "--no-sandbox",
                                  "--disable-gpu",
                                  "--no-first-run",
                                  "--no-default-browser-check",
                                  "--disable-background-networking",
                                  "--disable-component-update",
                                  "--disable-sync",
                                  "--disable-extensions",
                                  "--disable-dev-shm-usage",
                                  "--mute-audio",
                                  "--hide-scrollbars",
                                  "--user-data-dir=" + (dir.path / "profile").string(),
                                  "--no-pdf-header-footer",
                                  "--print-to-pdf=" + out.string(),
                                  file_url(page)};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    posix_spawnattr_init(&attr);
    posix_spawnattr_setpgroup(&attr, 0);  // its own process group, so that its helpers can be stopped with it
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, chromium.c_str(), &actions, &attr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc != 0)
        throw error("footprint.render.pdf", source_location{pdf.string(), 0, 0, {}, {}},
                    "cannot start Chromium: " + std::string(std::strerror(rc)), "a working headless Chromium", chromium);

    using clock = std::chrono::steady_clock;
    const auto deadline = clock::now() + std::chrono::seconds(120);
    int status = 0;
    bool timed_out = false;
    for (;;) {
        const pid_t w = ::waitpid(pid, &status, WNOHANG);
        if (w == pid) break;
        if (w < 0 && errno != EINTR) break;
        if (clock::now() > deadline) {
            ::kill(-pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            timed_out = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(-pid, SIGKILL);  // helpers (zygote, GPU, crashpad) that outlived the browser; ESRCH when none did

    std::string bytes = std::filesystem::exists(out) ? read_all(out) : std::string();
    if (timed_out || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || bytes.compare(0, 5, "%PDF-") != 0) {
        std::string tail = read_all(log);
        if (tail.size() > 400) tail = "..." + tail.substr(tail.size() - 400);
        while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r')) tail.pop_back();
        const std::string what = timed_out ? std::string("Chromium did not finish printing the PDF within 120 s")
                                 : WIFEXITED(status) ? fmt::format("Chromium could not print the PDF (exit status {})",
                                                                   WEXITSTATUS(status))
                                                     : std::string("Chromium was stopped by a signal while printing the PDF");
        throw error("footprint.render.pdf", source_location{pdf.string(), 0, 0, {}, {}}, what,
                    "a working headless Chromium", tail);
    }
    write_file_atomically(pdf, bytes);
}

}  // namespace footprint
