#pragma once
// A small document model shared by the methodology document and the CFP
// study report: headings, paragraphs, lists, tables and preformatted
// formulas, with inline code and strong spans. Content is built once and
// rendered to Markdown or HTML, so the two formats cannot drift apart and the
// escaping rules of each format live in one place (document.cpp).
// Private to the library.

#include <string>
#include <utility>
#include <vector>

#include "footprint/render/document.hpp"
#include "footprint/products/inventory.hpp"

namespace footprint::detail {

enum class span_style : unsigned char { plain, code, strong };

struct span {
    span_style style = span_style::plain;
    std::string text;
};

/// A run of inline text. Whitespace (newlines included) collapses to one
/// space when rendered, as folded YAML text reads.
struct inline_text {
    std::vector<span> spans;

    inline_text() = default;
    inline_text(std::string s) { t(std::move(s)); }  // NOLINT: plain text converts implicitly
    inline_text(const char* s) { t(s); }            // NOLINT

    inline_text& t(std::string s) {
        if (!s.empty()) spans.push_back({span_style::plain, std::move(s)});
        return *this;
    }
    inline_text& c(std::string s) {
        if (!s.empty()) spans.push_back({span_style::code, std::move(s)});
        return *this;
    }
    inline_text& b(std::string s) {
        if (!s.empty()) spans.push_back({span_style::strong, std::move(s)});
        return *this;
    }
    [[nodiscard]] bool empty() const { return spans.empty(); }
};

[[nodiscard]] inline inline_text code(std::string s) { return inline_text().c(std::move(s)); }

enum class column_align : unsigned char { left, right };

struct table {
    std::vector<inline_text> header;
    std::vector<column_align> align;  ///< per column; left when missing
    std::vector<std::vector<inline_text>> rows;
};

struct block {
    enum class kind : unsigned char { heading, paragraph, bullets, table, formula };
    kind k = kind::paragraph;
    int level = 1;              ///< heading level, 1..4
    std::string anchor;         ///< heading id (HTML)
    inline_text text;           ///< heading or paragraph
    std::vector<inline_text> items;  ///< bullets
    detail::table tab;          ///< table
    std::string formula;        ///< preformatted lines
};

struct document {
    document_language lang = document_language::en;
    std::string title;  ///< the HTML <title>; the first heading carries it in the body
    std::vector<block> blocks;

    void heading(int level, inline_text text, std::string anchor = {}) {
        block b;
        b.k = block::kind::heading;
        b.level = level;
        b.text = std::move(text);
        b.anchor = std::move(anchor);
        blocks.push_back(std::move(b));
    }
    void paragraph(inline_text text) {
        if (text.empty()) return;
        block b;
        b.k = block::kind::paragraph;
        b.text = std::move(text);
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
        b.formula = std::move(lines);
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
