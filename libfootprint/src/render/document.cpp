// Rendering the document model to Markdown and HTML.

#include "footprint/render/document.hpp"

#include <algorithm>
#include <cctype>
#include <string>

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
        span o{s.style, {}};
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
                        out.push_back(span{span_style::plain, " "});
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

std::string html_inline(const inline_text& text) {
    std::string out;
    for (const span& s : collapsed(text)) {
        switch (s.style) {
            case span_style::plain: out += html_escape(s.text); break;
            case span_style::strong: out += "<strong>" + html_escape(s.text) + "</strong>"; break;
            case span_style::code: out += "<code>" + html_escape(s.text) + "</code>"; break;
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

}  // namespace

std::string to_markdown(const document& d) {
    std::string out;
    for (const block& b : d.blocks) {
        if (!out.empty()) out += '\n';
        switch (b.k) {
            case block::kind::heading:
                out += std::string(static_cast<std::size_t>(std::clamp(b.level, 1, 6)), '#') + " " +
                       md_inline(b.text, false) + "\n";
                break;
            case block::kind::paragraph: out += md_line_start(md_inline(b.text, false)) + "\n"; break;
            case block::kind::bullets:
                for (const auto& item : b.items) out += "- " + md_line_start(md_inline(item, false)) + "\n";
                break;
            case block::kind::table: {
                const table& t = b.tab;
                const std::size_t cols = t.header.size();
                auto row = [&](const std::vector<inline_text>& cells) {
                    std::string r = "|";
                    for (std::size_t i = 0; i < cols; ++i) {
                        std::string cell = i < cells.size() ? md_inline(cells[i], true) : std::string();
                        r += ' ';
                        if (!cell.empty()) r += cell + ' ';
                        r += '|';
                    }
                    return r + "\n";
                };
                out += row(t.header);
                out += "|";
                for (std::size_t i = 0; i < cols; ++i)
                    out += i < t.align.size() && t.align[i] == column_align::right ? " ---: |" : " --- |";
                out += "\n";
                for (const auto& r : t.rows) out += row(r);
                break;
            }
            case block::kind::formula: {
                std::string fence = md_fence_for(b.formula);
                out += fence + "\n" + b.formula + (b.formula.empty() || b.formula.back() != '\n' ? "\n" : "") +
                       fence + "\n";
                break;
            }
        }
    }
    return out;
}

std::string to_html(const document& d) {
    std::string out;
    out += "<!DOCTYPE html>\n<html lang=\"";
    out += d.lang == document_language::zh ? "zh-CN" : "en";
    out += "\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
    out += html_escape(d.title);
    out += "</title>\n<style>\n";
    out += html_style;
    out += "</style>\n</head>\n<body>\n<main>\n";
    for (const block& b : d.blocks) {
        switch (b.k) {
            case block::kind::heading: {
                const std::string h = std::string("h") + std::to_string(std::clamp(b.level, 1, 6));
                out += '<' + h;
                if (!b.anchor.empty()) out += " id=\"" + html_escape(b.anchor) + '"';
                out += '>' + html_inline(b.text) + "</" + h + ">\n";
                break;
            }
            case block::kind::paragraph: out += "<p>" + html_inline(b.text) + "</p>\n"; break;
            case block::kind::bullets:
                out += "<ul>\n";
                for (const auto& item : b.items) out += "<li>" + html_inline(item) + "</li>\n";
                out += "</ul>\n";
                break;
            case block::kind::table: {
                const table& t = b.tab;
                const std::size_t cols = t.header.size();
                auto cls = [&](std::size_t i) {
                    return i < t.align.size() && t.align[i] == column_align::right ? std::string(" class=\"num\"")
                                                                                   : std::string();
                };
                out += "<table>\n<thead><tr>";
                for (std::size_t i = 0; i < cols; ++i) out += "<th" + cls(i) + ">" + html_inline(t.header[i]) + "</th>";
                out += "</tr></thead>\n<tbody>\n";
                for (const auto& r : t.rows) {
                    out += "<tr>";
                    for (std::size_t i = 0; i < cols; ++i)
                        out += "<td" + cls(i) + ">" + (i < r.size() ? html_inline(r[i]) : std::string()) + "</td>";
                    out += "</tr>\n";
                }
                out += "</tbody>\n</table>\n";
                break;
            }
            case block::kind::formula: out += "<pre class=\"formula\">" + html_escape(b.formula) + "</pre>\n"; break;
        }
    }
    out += "</main>\n</body>\n</html>\n";
    return out;
}

std::string render(const document& d, document_format f) {
    return f == document_format::html ? to_html(d) : to_markdown(d);
}

}  // namespace detail
}  // namespace footprint
