// The one Markdown writer and the one HTML writer of every document (see
// detail/document_model.hpp), and the one HTML escaper.

#include "footprint/render/document.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "render/detail/document_model.hpp"
#include "footprint/core/error.hpp"

namespace footprint {

document_format parse_document_format(std::string_view name) {
    if (name == "md" || name == "markdown") return document_format::markdown;
    if (name == "html") return document_format::html;
    throw error("footprint.document.format", source_location{"<input>", 0, 0, "format", {}}, "unknown document format",
                "md or html", std::string(name));
}

document_language parse_document_language(std::string_view name) {
    if (name == "en") return document_language::en;
    if (name == "zh") return document_language::zh;
    throw error("footprint.document.language", source_location{"<input>", 0, 0, "lang", {}},
                "unknown document language", "en or zh", std::string(name));
}

namespace detail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// The code point starting at `s[i]` and its length in bytes (a malformed
/// byte counts as one character of its own).
char32_t code_point(const std::string& s, std::size_t i, std::size_t& length) {
    const auto b = static_cast<unsigned char>(s[i]);
    length = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
    if (i + length > s.size()) length = 1;
    if (length == 1) return b;
    char32_t c = b & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    return c;
}

/// Chinese and Japanese characters and full-width punctuation, which are
/// written without spaces between them.
bool is_cjk(char32_t c) {
    return (c >= 0x3000 && c <= 0x303F) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xFF00 && c <= 0xFFEF);
}

/// Runs of whitespace become one space, as folded YAML text reads; the ends
/// of the whole run are trimmed. A line break between two Chinese characters
/// of one span disappears instead: YAML folds lines with a space, which
/// Chinese text does not have.
std::vector<span> collapsed(const inline_text& text) {
    std::vector<span> out;
    bool pending_space = false;
    bool any = false;
    char32_t last = 0;
    for (const span& s : text.spans) {
        span o{s.style, {}, s.id};
        std::size_t length = 1;
        for (std::size_t i = 0; i < s.text.size(); i += length) {
            const char32_t c = code_point(s.text, i, length);
            if (c < 0x80 && is_space(static_cast<char>(c))) {
                pending_space = any;
                continue;
            }
            // Within a span only: at the edge of a strong span the space is what lets
            // CommonMark see `**` after full-width punctuation as closing.
            if (pending_space && !(is_cjk(last) && is_cjk(c) && !o.text.empty())) {
                // The space belongs outside a styled span, so that `**a **` never happens.
                if (o.text.empty() && s.style != span_style::plain) {
                    if (!out.empty() && out.back().style == span_style::plain)
                        out.back().text += ' ';
                    else
                        out.push_back(span{span_style::plain, " ", {}});
                } else {
                    o.text += ' ';
                }
            }
            pending_space = false;
            o.text.append(s.text, i, length);
            last = c;
            any = true;
        }
        if (!o.text.empty()) out.push_back(std::move(o));
    }
    return out;
}

// ---- Markdown ---------------------------------------------------------------

std::string md_plain(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>':
            case '&': case '|': case '~': case '#':
                out += '\\';
                break;
            default: break;
        }
        out += c;
    }
    return out;
}

std::string md_code(std::string s) {
    // A fence longer than any run of backticks inside; padded when the text
    // starts or ends with a backtick (CommonMark strips one space each side).
    std::size_t longest = 0, run = 0;
    for (char c : s) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    std::string fence(longest + 1, '`');
    bool pad = !s.empty() && (s.front() == '`' || s.back() == '`' || (s.front() == ' ' && s.back() == ' '));
    return fence + (pad ? " " : "") + s + (pad ? " " : "") + fence;
}

std::string md_inline(const inline_text& text, bool in_table) {
    std::string out;
    for (const span& s : collapsed(text)) {
        switch (s.style) {
            case span_style::plain: out += md_plain(s.text); break;
            case span_style::strong: out += "**" + md_plain(s.text) + "**"; break;
            case span_style::code: {
                std::string c = md_code(s.text);
                if (in_table) {  // GFM splits cells at '|' before inline parsing, code spans included
                    std::string e;
                    for (char ch : c) {
                        if (ch == '|') e += '\\';
                        e += ch;
                    }
                    c = std::move(e);
                }
                out += c;
                break;
            }
        }
    }
    return out;
}

/// Escapes what would start a block at the beginning of a line: a list
/// marker (`-`, `+`, `1.`, `1)`) or a setext underline.
std::string md_line_start(std::string s) {
    if (s.empty()) return s;
    if (s[0] == '-' || s[0] == '+' || s[0] == '=') return "\\" + s;
    std::size_t i = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i > 0 && i < s.size() && (s[i] == '.' || s[i] == ')')) return s.substr(0, i) + '\\' + s.substr(i);
    return s;
}

std::string md_fence_for(const std::string& body) {
    std::size_t longest = 0, run = 0;
    for (char c : body) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

// ---- HTML -------------------------------------------------------------------

}  // namespace

std::string html_escape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
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

namespace {

std::string html_inline(const inline_text& text, bool fold) {
    std::string out;
    for (const span& s : fold ? collapsed(text) : text.spans) {
        switch (s.style) {
            case span_style::plain: out += html_escape(s.text); break;
            case span_style::strong: out += "<strong>" + html_escape(s.text) + "</strong>"; break;
            case span_style::code:
                out += (s.id.empty() ? std::string("<code>") : "<code id=\"" + html_escape(s.id) + "\">") +
                       html_escape(s.text) + "</code>";
                break;
        }
    }
    return out;
}

constexpr const char* html_style = R"(body{margin:0;background:#fff;color:#1b1b1b;font:15px/1.55 -apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif}
main{max-width:62rem;margin:0 auto;padding:2rem 1.5rem 4rem}
h1{font-size:1.7rem;margin:0 0 1rem;border-bottom:2px solid #2f5d50;padding-bottom:.4rem}
h2{font-size:1.3rem;margin:2.2rem 0 .6rem;color:#2f5d50}
h3{font-size:1.1rem;margin:1.6rem 0 .5rem}
h4{font-size:1rem;margin:1.2rem 0 .4rem}
table{border-collapse:collapse;margin:.6rem 0 1.2rem;width:100%;font-size:.9rem}
th,td{border:1px solid #c8d0cc;padding:.3rem .5rem;vertical-align:top;text-align:left}
th{background:#eef3f1}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code{font-family:"SFMono-Regular",Consolas,"Liberation Mono",monospace;font-size:.88em;background:#f3f5f4;padding:0 .2em;border-radius:3px;overflow-wrap:anywhere}
pre.formula{font-family:"SFMono-Regular",Consolas,"Liberation Mono",monospace;font-size:.88rem;background:#f6f8f7;border-left:3px solid #2f5d50;padding:.6rem .8rem;overflow-x:auto;white-space:pre}
ul{padding-left:1.4rem}
li{margin:.2rem 0}
@media print{main{max-width:none;padding:0}h2{break-after:avoid}table,pre{break-inside:avoid}}
)";

// ---- Markdown blocks --------------------------------------------------------

bool in_markdown(block::kind k) {
    switch (k) {
        case block::kind::section_start:
        case block::kind::section_end:
        case block::kind::key_figures:
        case block::kind::figure: return false;
        default: return true;
    }
}

bool is_total(const table& t, std::size_t r) { return t.total_rows > 0 && r + t.total_rows >= t.rows.size(); }

bool is_numeric(const table& t, std::size_t i) { return i < t.align.size() && t.align[i] == column_align::right; }

/// A cell of a total row in bold, as in the HTML; code spans stay code.
inline_text md_total_cell(const inline_text& text) {
    if (text.spans.size() == 1 && text.spans[0].style == span_style::plain && !text.spans[0].text.empty())
        return inline_text().b(text.spans[0].text);
    return text;
}

void md_table(std::string& out, const table& t) {
    if (!t.caption.empty()) out += md_line_start(md_inline(inline_text().b(t.caption), false)) + "\n\n";
    const std::size_t cols = t.header.size();
    auto row = [&](const auto& cells, bool total) {
        std::string r = "|";
        for (std::size_t i = 0; i < cols; ++i) {
            std::string text;
            if (i < cells.size()) text = md_inline(total ? md_total_cell(cells[i].text) : cells[i].text, true);
            r += ' ';
            if (!text.empty()) r += text + ' ';
            r += '|';
        }
        return r + "\n";
    };
    std::vector<cell> header(t.header.begin(), t.header.end());
    out += row(header, false);
    out += "|";
    for (std::size_t i = 0; i < cols; ++i) out += is_numeric(t, i) ? " ---: |" : " --- |";
    out += "\n";
    for (std::size_t r = 0; r < t.rows.size(); ++r) out += row(t.rows[r], is_total(t, r));
}

void md_block(std::string& out, const block& b) {
    switch (b.k) {
        case block::kind::heading:
            out += std::string(static_cast<std::size_t>(std::clamp(b.level, 1, 6)), '#') + " " +
                   md_inline(b.text, false) + "\n";
            break;
        case block::kind::paragraph: out += md_line_start(md_inline(b.text, false)) + "\n"; break;
        case block::kind::bullets:
            for (const auto& item : b.items) out += "- " + md_line_start(md_inline(item, false)) + "\n";
            break;
        case block::kind::table: md_table(out, b.tab); break;
        case block::kind::formula:
        case block::kind::command: {
            std::string fence = md_fence_for(b.body);
            out += fence + "\n" + b.body + (b.body.empty() || b.body.back() != '\n' ? "\n" : "") + fence + "\n";
            break;
        }
        case block::kind::section_start:
        case block::kind::section_end:
        case block::kind::key_figures:
        case block::kind::figure: break;
    }
}

// ---- HTML blocks ------------------------------------------------------------

std::string html_attr(const char* name, const std::string& value) {
    return value.empty() ? std::string() : std::string(" ") + name + "=\"" + html_escape(value) + '"';
}

void html_head(std::string& out, const document& d) {
    out += "<!DOCTYPE html>\n<html lang=\"";
    out += d.lang == document_language::zh ? "zh-CN" : "en";
    out += "\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    if (!d.generator.empty()) out += "<meta name=\"generator\" content=\"" + html_escape(d.generator) + "\">\n";
    out += "<title>";
    out += html_escape(d.title);
    out += "</title>\n<style>\n";
    if (d.stylesheet.empty())
        out += html_style;
    else
        out += d.stylesheet;
    out += d.page_style;
    out += "</style>\n</head>\n<body>\n<main>\n";
}

/// `<table id class>`, its caption and column widths.
void html_table_open(std::string& out, const table& t) {
    out += "<table" + html_attr("id", t.id);
    if (t.keep_together || !t.widths.empty())
        out += std::string(" class=\"") + (t.keep_together ? "keep" : "") +
               (t.keep_together && !t.widths.empty() ? " " : "") + (t.widths.empty() ? "" : "fixed") + "\"";
    out += ">\n";
    if (!t.caption.empty()) out += "<caption>" + html_escape(t.caption) + "</caption>\n";
    if (!t.widths.empty()) {
        out += "<colgroup>";
        for (int w : t.widths) out += "<col style=\"width:" + std::to_string(w) + "%\">";
        out += "</colgroup>\n";
    }
}

void html_table(std::string& out, const table& t, bool fold) {
    html_table_open(out, t);
    const std::size_t cols = t.header.size();
    out += "<thead><tr>";
    for (std::size_t i = 0; i < cols; ++i)
        out += std::string("<th") + (is_numeric(t, i) ? " class=\"num\"" : "") + (t.row_headers ? " scope=\"col\"" : "") +
               ">" + html_inline(t.header[i], fold) + "</th>";
    out += "</tr></thead>\n<tbody>\n";
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        out += is_total(t, r) ? "<tr class=\"total\">" : "<tr>";
        for (std::size_t i = 0; i < cols; ++i) {
            const cell* c = i < t.rows[r].size() ? &t.rows[r][i] : nullptr;
            const bool numeric = is_numeric(t, i);
            std::string attrs;
            if (c) {
                attrs += html_attr("id", c->id);
                for (const auto& [name, value] : c->data) attrs += " data-" + name + "=\"" + html_escape(value) + '"';
            }
            if (c && !c->cls.empty())
                attrs += html_attr("class", c->cls);
            else if (numeric)
                attrs += " class=\"num\"";
            const bool row_header = t.row_headers && i == 0 && !numeric;
            out += std::string(row_header ? "<th scope=\"row\"" : "<td") + attrs + ">" +
                   (c ? html_inline(c->text, fold) : std::string()) + (row_header ? "</th>" : "</td>");
        }
        out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
}

void html_key_figures(std::string& out, const std::vector<key_figure>& figures) {
    out += "<div class=\"cards\">\n";
    for (const key_figure& f : figures)
        out += fmt::format("<div class=\"card{}{}\"><div class=\"k\">{}</div><div class=\"v\">{}</div>"
                           "<div class=\"u\">{}</div></div>\n",
                           f.cls.empty() ? "" : " ", html_escape(f.cls), html_escape(f.label), html_escape(f.value),
                           html_escape(f.unit));
    out += "</div>\n";
}

void html_block(std::string& out, const block& b, bool fold) {
    switch (b.k) {
        case block::kind::heading: {
            const std::string h = fmt::format("h{}", std::clamp(b.level, 1, 6));  // not "h" + to_string: GCC 12 -Wrestrict false positive
            out += '<' + h + html_attr("id", b.anchor) + '>' + html_inline(b.text, fold) + "</" + h + ">\n";
            break;
        }
        case block::kind::paragraph: out += "<p" + html_attr("class", b.cls) + ">" + html_inline(b.text, fold) + "</p>\n"; break;
        case block::kind::bullets:
            out += "<ul>\n";
            for (const auto& item : b.items) out += "<li>" + html_inline(item, fold) + "</li>\n";
            out += "</ul>\n";
            break;
        case block::kind::table: html_table(out, b.tab, fold); break;
        case block::kind::formula: out += "<pre class=\"formula\">" + html_escape(b.body) + "</pre>\n"; break;
        case block::kind::command: out += "<pre><code>" + html_escape(b.body) + "</code></pre>\n"; break;
        case block::kind::section_start:
            out += "<section" + html_attr("id", b.anchor) + html_attr("class", b.cls) + ">\n";
            break;
        case block::kind::section_end: out += "</section>\n"; break;
        case block::kind::key_figures: html_key_figures(out, b.figures); break;
        case block::kind::figure:
            out += "<figure>\n" + b.body + "<figcaption>" + html_inline(b.text, fold) + "</figcaption>\n</figure>\n";
            break;
    }
}

}  // namespace

std::string to_markdown(const document& d) {
    std::string out;
    for (const block& b : d.blocks) {
        if (!in_markdown(b.k)) continue;
        if (!out.empty()) out += '\n';
        md_block(out, b);
    }
    return out;
}

std::string to_html(const document& d) {
    std::string out;
    out.reserve(64 * 1024);
    html_head(out, d);
    for (const block& b : d.blocks) html_block(out, b, d.fold_html_whitespace);
    if (!d.footer.empty()) {
        out += "<footer>\n";
        for (const inline_text& p : d.footer) out += "<p>" + html_inline(p, d.fold_html_whitespace) + "</p>\n";
        out += "</footer>\n";
    }
    out += "</main>\n</body>\n</html>\n";
    return out;
}

std::string render(const document& d, document_format f) {
    return f == document_format::html ? to_html(d) : to_markdown(d);
}

}  // namespace detail
}  // namespace footprint
