// Statement renderings from the canonical JSON. See statement_render.hpp.
//
// The statement is read into a view (statement_view.cpp) and its content
// built once (statement_document.cpp); the HTML page and the Markdown file
// are both written from that content here, so they cannot say different
// things. The HTML page adds what Markdown cannot carry: the key-figure cards
// and three inline SVG charts (statement_chart.cpp). The PDF is the HTML page
// printed by headless Chromium (pdf_printer.cpp).

#include "footprint/render/statement_render.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "footprint/render/document.hpp"
#include "render/detail/document_model.hpp"
#include "render/detail/pdf_printer.hpp"
#include "render/detail/statement_document.hpp"

namespace footprint {

using namespace detail::statement_rendering;  // NOLINT: this file writes that content

namespace {

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
    if (!t.id.empty()) o += " id=\"" + html_escape(t.id) + "\"";
    if (t.keep_together || !t.widths.empty())
        o += std::string(" class=\"") + (t.keep_together ? "keep" : "") +
             (t.keep_together && !t.widths.empty() ? " " : "") + (t.widths.empty() ? "" : "fixed") + "\"";
    o += ">\n<caption>" + html_escape(t.caption) + "</caption>\n";
    if (!t.widths.empty()) {
        o += "<colgroup>";
        for (int w : t.widths) o += fmt::format("<col style=\"width:{}%\">", w);
        o += "</colgroup>\n";
    }
    o += "<thead><tr>";
    for (std::size_t i = 0; i < t.header.size(); ++i)
        o += (i < t.numeric.size() && t.numeric[i] ? "<th class=\"num\" scope=\"col\">" : "<th scope=\"col\">") +
             html_escape(t.header[i]) + "</th>";
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
    o += "<meta name=\"generator\" content=\"" + html_escape(v.software_name + " " + v.software_version) + "\">\n";
    o += "<title>" + html_escape(tr("Emission reduction statement", "减排量声明")) + " \u2014 " + html_escape(v.customer) + " \u2014 " +
         html_escape(v.from) + " \u2013 " + html_escape(v.to) + "</title>\n<style>\n";
    o += page_style;
    o += "</style>\n</head>\n<body>\n<main>\n";
    for (const part& p : c.parts) {
        switch (p.k) {
            case part::kind::open_section:
                o += "<section id=\"" + html_escape(p.id) + "\"" + (p.cls.empty() ? "" : " class=\"" + html_escape(p.cls) + "\"") + ">\n";
                break;
            case part::kind::close_section: o += "</section>\n"; break;
            case part::kind::heading: {
                const std::string h = fmt::format("h{}", std::clamp(p.level, 1, 6));  // not "h" + to_string: GCC 12 -Wrestrict false positive
                o += "<" + h + (p.id.empty() ? "" : " id=\"" + html_escape(p.id) + "\"") + ">" + html_inline(p.text) + "</" + h + ">\n";
                break;
            }
            case part::kind::paragraph:
                o += (p.cls.empty() ? "<p>" : "<p class=\"" + html_escape(p.cls) + "\">") + html_inline(p.text) + "</p>\n";
                break;
            case part::kind::bullets:
                o += "<ul>\n";
                for (const auto& item : p.items) o += "<li>" + html_inline(item) + "</li>\n";
                o += "</ul>\n";
                break;
            case part::kind::table: html_table(o, p.table); break;
            case part::kind::code: o += "<pre><code>" + html_escape(p.body) + "</code></pre>\n"; break;
            case part::kind::html: o += p.body; break;
        }
    }
    // The digest again, where the tests and a reader look for it last.
    o += "<footer>\n<p>" + html_escape(tr("Statement digest", "声明摘要值")) + ": <code id=\"digest\">" + html_escape(v.statement_digest) +
         "</code></p>\n<p>" +
         html_escape(tr("Rendered by ", "生成工具：") + v.software_name + " " + v.software_version + tr(" from the canonical JSON.", "，依据规范 JSON。")) +
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

void render_statement_pdf(const std::string& statement_json, const std::string& lang, const std::filesystem::path& pdf) {
    const std::string chromium = require_chromium(pdf);
    const std::string html = render_statement_html(statement_json, lang);  // a bad statement fails before Chromium runs
    detail::print_html_to_pdf(html, chromium, pdf);
}

}  // namespace footprint
