#pragma once
// The one document model of every rendering: statements, methodology
// documents and CFP study reports. Content is built once as blocks
// (headings, paragraphs, lists, tables, formulas and commands; for the HTML
// page also sections, key figures, figures holding a chart and a footer)
// and written to Markdown or HTML by document.cpp, the one writer of each
// format, so the two formats cannot drift apart and each format's escaping
// lives in one place. Private to the library.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "footprint/render/document.hpp"
#include "footprint/products/inventory.hpp"

namespace footprint::detail {

enum class span_style : unsigned char { plain, code, strong };

struct span {
    span_style style = span_style::plain;
    std::string text;
    std::string id;  ///< HTML only: the element's id (a digest a reader looks for), or none
};

/// A run of inline text. Whitespace (newlines included) collapses to one
/// space when rendered, as folded YAML text reads.
struct inline_text {
    std::vector<span> spans;

    inline_text() = default;
    inline_text(std::string s) { t(std::move(s)); }  // NOLINT: plain text converts implicitly
    inline_text(const char* s) { t(s); }            // NOLINT

    inline_text& t(std::string s) {
        if (!s.empty()) spans.push_back({span_style::plain, std::move(s), {}});
        return *this;
    }
    inline_text& c(std::string s) {
        if (!s.empty()) spans.push_back({span_style::code, std::move(s), {}});
        return *this;
    }
    /// A code span that carries an id in HTML; kept even when empty, since a reader looks for the id.
    inline_text& c(std::string s, std::string id) {
        spans.push_back({span_style::code, std::move(s), std::move(id)});
        return *this;
    }
    inline_text& b(std::string s) {
        if (!s.empty()) spans.push_back({span_style::strong, std::move(s), {}});
        return *this;
    }
    [[nodiscard]] bool empty() const { return spans.empty(); }
};

[[nodiscard]] inline inline_text code(std::string s) { return inline_text().c(std::move(s)); }

enum class column_align : unsigned char { left, right };

/// A table cell: its text and, in HTML, what a reader or a test looks the
/// cell up by (`<td id="total-reduction" data-grams="..." class="num">`).
struct cell {
    inline_text text;
    std::string id;                                         ///< HTML id, or none
    std::vector<std::pair<std::string, std::string>> data;  ///< HTML `data-<name>="<value>"`, in order
    std::string cls;                                        ///< HTML class, instead of the column's "num"

    cell() = default;
    cell(inline_text t) : text(std::move(t)) {}   // NOLINT: a text converts implicitly
    cell(std::string s) : text(std::move(s)) {}   // NOLINT
    cell(const char* s) : text(s) {}              // NOLINT
};

struct table {
    std::string caption;              ///< above the table (Markdown: a strong paragraph), or none
    std::vector<inline_text> header;
    std::vector<column_align> align;  ///< per column; left when missing. Right: numbers (tabular figures in HTML)
    std::vector<std::vector<cell>> rows;
    std::size_t total_rows = 0;       ///< the last rows are totals: bold in Markdown, `tr.total` in HTML
    /// HTML: the header cells carry scope="col" and a left-aligned first
    /// column heads its row (`<th scope="row">`).
    bool row_headers = false;
    std::string id;                   ///< HTML id, or none
    bool keep_together = false;       ///< HTML: not split across printed pages (`table.keep`)
    std::vector<int> widths;          ///< HTML: column widths in percent, a fixed layout (`table.fixed`), or none
};

/// A figure of the HTML page's key-figure cards: label, value, unit.
struct key_figure {
    std::string label, value, unit;
    std::string cls;  ///< the card's class besides "card", or none
};

struct block {
    enum class kind : unsigned char {
        heading, paragraph, bullets, table, formula, command,
        section_start, section_end, key_figures, figure  // HTML only
    };
    kind k = kind::paragraph;
    int level = 1;              ///< heading level, 1..4
    std::string anchor;         ///< heading or section id (HTML)
    std::string cls;            ///< paragraph or section class (HTML)
    inline_text text;           ///< heading, paragraph or figure caption
    std::vector<inline_text> items;  ///< bullets
    detail::table tab;          ///< table
    std::string body;           ///< preformatted lines (formula, command), or a figure's SVG markup
    std::vector<key_figure> figures;  ///< key figures
};

struct document {
    document_language lang = document_language::en;
    std::string title;  ///< the HTML <title>; the first heading carries it in the body
    std::string generator;  ///< HTML <meta name="generator">, or none
    std::string_view stylesheet;  ///< HTML: the page's CSS; empty: the style of reports
    std::string page_style;       ///< HTML: CSS of this document alone (after the stylesheet), or none
    /// HTML: runs of whitespace in texts fold to one space, as folded YAML
    /// text reads. A statement keeps its texts as they are in the JSON (false);
    /// the browser folds them when it shows them. Markdown always folds: a line
    /// break there would end the block.
    bool fold_html_whitespace = true;
    std::vector<block> blocks;
    std::vector<inline_text> footer;  ///< HTML: the paragraphs of the page's footer

    void heading(int level, inline_text text, std::string anchor = {}) {
        block b;
        b.k = block::kind::heading;
        b.level = level;
        b.text = std::move(text);
        b.anchor = std::move(anchor);
        blocks.push_back(std::move(b));
    }
    void paragraph(inline_text text, std::string cls = {}) {
        if (text.empty()) return;
        block b;
        b.k = block::kind::paragraph;
        b.text = std::move(text);
        b.cls = std::move(cls);
        blocks.push_back(std::move(b));
    }
    void bullets(std::vector<inline_text> items) {
        if (items.empty()) return;
        block b;
        b.k = block::kind::bullets;
        b.items = std::move(items);
        blocks.push_back(std::move(b));
    }
    void add_table(detail::table t) {
        block b;
        b.k = block::kind::table;
        b.tab = std::move(t);
        blocks.push_back(std::move(b));
    }
    void formula(std::string lines) {
        block b;
        b.k = block::kind::formula;
        b.body = std::move(lines);
        blocks.push_back(std::move(b));
    }
    /// Command lines to type (HTML `<pre><code>`; Markdown fences them as formulas).
    void command(std::string lines) {
        block b;
        b.k = block::kind::command;
        b.body = std::move(lines);
        blocks.push_back(std::move(b));
    }
    /// HTML: a `<section>` around the blocks up to end_section(), starting a
    /// printed page when `new_page`.
    void begin_section(std::string id, bool new_page = false) {
        block b;
        b.k = block::kind::section_start;
        b.anchor = std::move(id);
        b.cls = new_page ? "page" : "";
        blocks.push_back(std::move(b));
    }
    void end_section() {
        block b;
        b.k = block::kind::section_end;
        blocks.push_back(std::move(b));
    }
    /// HTML: key figures as cards (Markdown has them in the tables).
    void key_figures(std::vector<key_figure> figures) {
        block b;
        b.k = block::kind::key_figures;
        b.figures = std::move(figures);
        blocks.push_back(std::move(b));
    }
    /// HTML: a figure of inline SVG markup (made by the library, not escaped) and its caption.
    void figure(std::string svg, inline_text caption) {
        block b;
        b.k = block::kind::figure;
        b.body = std::move(svg);
        b.text = std::move(caption);
        blocks.push_back(std::move(b));
    }
};

/// CommonMark with GitHub-flavoured pipe tables. Every plain span is escaped,
/// so text from data files cannot start a list, a link or raw HTML.
[[nodiscard]] std::string to_markdown(const document& d);

/// One self-contained HTML5 page: inline CSS, no script, no external
/// resource. Every text is escaped.
[[nodiscard]] std::string to_html(const document& d);

[[nodiscard]] std::string render(const document& d, document_format f);

/// Picks the text for the document's language: zh when asked for and given, else en.
[[nodiscard]] inline const std::string& pick(document_language lang, const std::string& en, const std::string& zh) {
    return lang == document_language::zh && !zh.empty() ? zh : en;
}

/// HTML text and attribute escaping, the one escaper of every HTML document
/// (statements, methodology documents, CFP study reports). C0 controls other
/// than tab, newline and carriage return, and DEL, cannot appear in HTML: they
/// become U+FFFD.
[[nodiscard]] std::string html_escape(const std::string& s);

/// Footprint's own sentences in the document's language: `tr("Yes", "是")`.
struct texts {
    document_language lang;
    [[nodiscard]] std::string operator()(const char* en, const char* zh) const {
        return lang == document_language::zh ? zh : en;
    }
};

/// The name of a life-cycle stage in reports: "Raw material acquisition", "原材料获取", ...
[[nodiscard]] inline std::string stage_name(life_cycle_stage s, document_language lang) {
    if (lang == document_language::en) return std::string(stage_title(s));
    switch (s) {
        case life_cycle_stage::raw_material: return "原材料获取";
        case life_cycle_stage::production: return "生产";
        case life_cycle_stage::distribution: return "分销";
        case life_cycle_stage::use: return "使用";
        case life_cycle_stage::end_of_life: return "寿命终止";
    }
    return "?";
}

/// `text` ending with a full stop (。 in Chinese) unless it already ends a
/// sentence, so that a following sentence ("Reason: ...") reads as one.
[[nodiscard]] inline std::string sentence(std::string text, document_language lang) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
    if (text.empty()) return text;
    const char last = text.back();
    const bool ends = last == '.' || last == '!' || last == '?' || last == ')' ||
                      (text.size() >= 3 && text.compare(text.size() - 3, 3, "\u3002") == 0);
    return ends ? text : text + (lang == document_language::zh ? "\u3002" : ".");
}

}  // namespace footprint::detail
