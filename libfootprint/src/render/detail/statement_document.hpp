// The content of a statement rendering: one model (headings, paragraphs,
// tables with captions, code lines) built from the statement once; the HTML
// page and the Markdown file are both rendered from it, so they cannot say
// different things. Private to the renderings.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "footprint/render/document.hpp"
#include "render/detail/document_model.hpp"
#include "render/detail/statement_view.hpp"

namespace footprint::detail::statement_rendering {

using detail::inline_text;
using words = detail::texts;  // tr("Totals", "合计")

// ---- numbers ------------------------------------------------------------------

/// Exact tonnes from integer grams: 185794893671 → "185794.893671".
[[nodiscard]] std::string tonnes(std::int64_t grams);

/// Thousands separators in the integer part of a decimal string.
[[nodiscard]] std::string grouped(const std::string& s);

/// A rounded label for a chart (the tables carry the exact figures).
[[nodiscard]] std::string chart_label(double t);

[[nodiscard]] inline double to_tonnes(std::int64_t grams) { return static_cast<double>(grams) / 1e6; }

// ---- text ---------------------------------------------------------------------

/// HTML text and attribute escaping: the one escaper of every HTML document.
using detail::html_escape;

[[nodiscard]] std::string html_inline(const inline_text& t);

[[nodiscard]] std::string stage_label(const std::string& key, document_language lang);
[[nodiscard]] std::string term_label(const std::string& term, const words& tr);
[[nodiscard]] std::string product_column_label(const std::string& column, const words& tr);

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

[[nodiscard]] inline cell num(std::string text, std::string attrs = {}) {
    return cell{inline_text(std::move(text)), std::move(attrs)};
}
[[nodiscard]] inline cell txt(std::string text) { return cell{inline_text(std::move(text)), {}}; }
[[nodiscard]] inline cell code_cell(std::string text) { return cell{detail::code(std::move(text)), {}}; }

/// The statement's content, section by section; the charts and the key-figure
/// cards (HTML only) when `with_charts`.
[[nodiscard]] content build_content(const statement_view& v, document_language lang, bool with_charts);

}  // namespace footprint::detail::statement_rendering
