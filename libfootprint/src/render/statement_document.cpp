// A statement as a document of the one document model, one function per
// section, and the look of its HTML page. See detail/statement_document.hpp.

#include "render/detail/statement_document.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <tuple>

#include "footprint/products/inventory.hpp"
#include "render/detail/statement_chart.hpp"

namespace footprint::detail::statement_rendering {

/// Exact tonnes from integer grams: 185794893671 → "185794.893671".
std::string tonnes(std::int64_t grams) {
    const bool neg = grams < 0;
    const std::uint64_t a = neg ? static_cast<std::uint64_t>(-(grams + 1)) + 1 : static_cast<std::uint64_t>(grams);
    return fmt::format("{}{}.{:06}", neg ? "-" : "", a / 1000000, a % 1000000);
}

/// A rounded label for a chart (the tables carry the exact figures).
std::string chart_label(double t) {
    const double a = std::fabs(t);
    const int decimals = a == 0 ? 0 : a >= 100 ? 0 : a >= 1 ? 1 : a >= 0.01 ? 3 : 6;
    std::string s = fmt::format("{:.{}f}", t, decimals);
    if (s == "-0" || s.find_first_not_of("-0.") == std::string::npos) s = "0";
    return group_thousands(s);
}

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

namespace {

using detail::cell;
using detail::document;

/// A count with its id and `data-count`.
[[nodiscard]] cell counted(std::uint64_t n, std::string id) {
    return marked(group_thousands(std::to_string(n)), std::move(id), {{"count", std::to_string(n)}});
}

/// The look of the statement page: its tables, key-figure cards, charts and printed pages.
constexpr const char* statement_style = R"(:root{--ink:#1b1b1b;--mute:#59635e;--line:#c8d0cc;--head:#eef3f1;--accent:#2f5d50;--ok:#2f7d4f;--bad:#b23a3a}
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
pre{font-family:"SFMono-Regular",Consolas,"Liberation Mono","DejaVu Sans Mono",monospace;font-size:.86rem;background:#f6f8f7;border-left:3px solid var(--accent);padding:.6rem .8rem;white-space:pre-wrap;overflow-wrap:anywhere}
pre code{padding:0;background:none;font-size:inherit}
table.fixed th{white-space:normal}
td.fill{height:2.4rem}
#annex-components :is(th,td),#annex-parameters :is(th,td),#annex-values :is(th,td),#annex-sources :is(th,td){padding:.15rem .35rem}
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
#annex-components table,#annex-parameters table,#annex-values table,#annex-sources table,#sources table{font-size:7.5pt;line-height:1.3}
}
)";

/// `text` as a CSS string: every ASCII character but letters, digits, space
/// and - . : _ as a hex escape (so no quote, backslash or `</style>` can end
/// the string or the style sheet), controls as spaces, other UTF-8 as it is.
std::string css_string(const std::string& text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        if (c < 0x20 || c == 0x7F) out += ' ';
        else if (c >= 0x80 || std::isalnum(c) || c == ' ' || c == '-' || c == '.' || c == ':' || c == '_') out += static_cast<char>(c);
        else out += fmt::format("\\{:x} ", c);
    }
    return out + "\"";
}

/// At most `n` bytes of `text`, cut at a UTF-8 character boundary, with "…" when cut.
std::string clipped(const std::string& text, std::size_t n) {
    if (text.size() <= n) return text;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    return text.substr(0, n) + "\u2026";
}

/// The printed pages: A4, and in every page's margins what the statement is
/// (top), its digest (bottom left) and "Page X of Y" (bottom right), as CSS
/// page-margin boxes, which Chromium prints (a browser without them prints
/// the pages without, nothing else changes).
std::string printed_pages(const statement_view& v, const words& tr) {
    const std::string font = "font-family:\"Noto Sans\",\"Noto Sans CJK SC\",\"DejaVu Sans\",sans-serif;"
                             "font-size:7.5pt;color:#59635e";
    const std::string what = tr("Emission reduction statement", "减排量声明") + " \u00b7 " + clipped(v.customer, 60) +
                             " \u00b7 " + v.from + " \u2013 " + v.to;
    const std::string page_of = tr.lang == document_language::zh
                                    ? "\"第 \" counter(page) \" 页，共 \" counter(pages) \" 页\""
                                    : "\"Page \" counter(page) \" of \" counter(pages)";
    return fmt::format(
        "@page{{size:A4;margin:16mm 12mm 18mm;"
        "@top-left{{content:{};{};vertical-align:bottom;padding-bottom:3mm}}"
        "@bottom-left{{content:{};{};font-family:\"DejaVu Sans Mono\",\"Liberation Mono\",monospace;font-size:6.8pt;"
        "vertical-align:top;padding-top:3mm;width:80%}}"
        "@bottom-right{{content:{};{};vertical-align:top;padding-top:3mm;white-space:nowrap}}}}\n",
        css_string(what), font, css_string(tr("Statement digest ", "声明摘要值 ") + v.statement_digest), font, page_of,
        font);
}

/// The HTML page around the sections: title, generator, look, the printed
/// pages' margins, and a footer with the digest again, where the tests and a
/// reader look for it last.
void page_frame(document& d, const statement_view& v, const words& tr) {
    d.lang = tr.lang;
    d.title = tr("Emission reduction statement", "减排量声明") + " \u2014 " + v.customer + " \u2014 " + v.from + " \u2013 " +
              v.to;
    d.generator = v.software_name + " " + v.software_version;
    d.stylesheet = statement_style;
    d.page_style = printed_pages(v, tr);
    d.fold_html_whitespace = false;  // ids exactly as in the JSON
    d.footer.push_back(inline_text(tr("Statement digest", "声明摘要值") + ": ").c(v.statement_digest, "digest"));
    d.footer.emplace_back(tr("Rendered by ", "生成工具：") + v.software_name + " " + v.software_version +
                          tr(" from the canonical JSON.", "，依据规范 JSON。"));
}

/// The methodology's title in the document's language: its Chinese title
/// when the options bring the texts of the methodology file the statement
/// records (by digest); otherwise the recorded English title, marked as such
/// in a Chinese document.
std::string methodology_title(const statement_view& v, const statement_render_options& o, const words& tr) {
    if (tr.lang == document_language::zh && o.methodology_digest == v.methodology_digest && !o.methodology_title_zh.empty())
        return o.methodology_title_zh;
    if (tr.lang == document_language::zh && !v.methodology_title.empty())
        return v.methodology_title + "（英文标题：方法学文件未提供中文标题）";
    return v.methodology_title;
}

/// The title, what the statement covers and the key figures.
void summary_section(document& d, const statement_view& v, const statement_render_options& o, const words& tr,
                     bool with_charts) {
    d.begin_section("summary");
    d.heading(1, tr("Emission reduction statement", "减排量声明"), "title");
    d.paragraph(inline_text(v.customer + " \u00b7 " + v.from + " \u2013 " + v.to), "subtitle");
    {
        detail::table t = statement_table(tr("What this statement covers", "声明范围"));
        t.header = {tr("Field", "栏目"), tr("Value", "内容")};
        t.align = {left, left};
        t.rows.push_back({txt(tr("Customer", "客户")), marked(v.customer, "customer")});
        t.rows.push_back({txt(tr("Period (inclusive)", "期间（含首尾日）")), txt(v.from + " \u2013 " + v.to)});
        inline_text m = detail::code(v.methodology_id);
        m.t(" " + v.methodology_version);
        if (!v.methodology_title.empty()) m.t(" \u2014 " + methodology_title(v, o, tr));
        t.rows.push_back({txt(tr("Methodology", "方法学")), cell(m)});
        for (const auto& fs : v.factor_sets)
            t.rows.push_back({txt(tr("Factor set", "排放因子集")), cell(detail::code(fs.name).t(" " + fs.version))});
        t.rows.push_back({txt(tr("GWP values", "全球变暖潜势值")), txt(v.gwp_set + " (" + v.gwp_source + ")")});
        t.rows.push_back({txt(tr("Software", "软件")), txt(v.software_name + " " + v.software_version)});
        t.rows.push_back({txt(tr("Statement digest (SHA-256)", "声明摘要值 (SHA-256)")),
                          marked(detail::code(v.statement_digest), "digest-row")});
        d.add_table(std::move(t));
    }
    d.paragraph(tr("The statement of record is the canonical JSON file; this rendering is made from it and shows the "
                   "same figures. Amounts are whole grams of CO2e, summed exactly; this rendering shows them in tonnes "
                   "to 3 decimals (whole kilograms, rounded half away from zero), factors and parameters to 4 "
                   "significant digits. The exact figures are in the JSON and, for the totals, in grams below. Long "
                   "tables are in the annex at the end.",
                   "记录文本为规范 JSON 文件；本文档由其生成，数字与之一致。金额以整数克 CO2e 计并精确求和；"
                   "本文档以吨显示，保留 3 位小数（即整千克，四舍五入），因子与参数保留 4 位有效数字。"
                   "精确数值见 JSON，合计的精确克数见下表。较长的表格列于文末附录。"),
                "lead");
    if (with_charts) {
        const char* er = v.totals.reduction > 0 ? "er" : v.totals.reduction < 0 ? "er negative" : "er zero";
        d.key_figures({{tr("Emission reduction (ER)", "减排量 (ER)"), shown_tonnes(v.totals.reduction), "t CO2e", er},
                       {tr("Issuable", "可签发量"), group_thousands(std::to_string(v.issuable_t)),
                        tr("whole t CO2e, rounded down", "整吨 CO2e，向下取整"), ""},
                       {tr("Shipments", "装运数"), group_thousands(std::to_string(v.totals.shipments)),
                        tr("in the period", "本期间内"), ""}});
    }
    d.end_section();
}

/// Emissions and reduction in the period, and how they are rounded.
void totals_section(document& d, const statement_view& v, const words& tr) {
    const std::string unit_t = "t CO2e";
    d.begin_section("totals");
    d.heading(2, tr("Totals", "合计"), "totals-heading");
    {
        detail::table t = statement_table(tr("Emissions and reduction in the period", "本期间的排放与减排量"));
        t.header = {tr("Quantity", "类别"), unit_t, tr("g CO2e (integer)", "g CO2e（整数）")};
        t.align = {left, right, right};
        const std::array<std::tuple<const char*, std::string, std::int64_t>, 4> rows{
            std::tuple{"total-baseline", tr("Baseline emissions (BE)", "基准排放 (BE)"), v.totals.baseline},
            std::tuple{"total-project", tr("Project emissions (PE)", "项目排放 (PE)"), v.totals.project},
            std::tuple{"total-leakage", tr("Leakage (LE)", "泄漏 (LE)"), v.totals.leakage},
            std::tuple{"total-reduction", tr("Emission reduction (ER = BE − PE − LE)", "减排量 (ER = BE − PE − LE)"),
                       v.totals.reduction}};
        for (const auto& [id, label, g] : rows)
            t.rows.push_back({txt(label), marked(shown_tonnes(g), id, {{"grams", std::to_string(g)}}),
                              num(group_thousands(std::to_string(g)))});
        t.rows.push_back({txt(tr("Issuable (whole tonnes, rounded down)", "可签发量（整吨，向下取整）")),
                          marked(group_thousands(std::to_string(v.issuable_t)), "issuable", {{"tonnes", std::to_string(v.issuable_t)}}),
                          txt("")});
        t.total_rows = 2;
        d.add_table(std::move(t));
    }
    d.paragraph(tr("Each shipment's components are rounded to whole grams as the methodology declares (baseline down, "
                   "project and leakage up), so the sums are exact and do not depend on the order of the rows. "
                   "Issuance rounds the total reduction down to whole tonnes; a total that is not a reduction "
                   "issues nothing.",
                   "每次装运的各分项按方法学规定取整至整克（基准向下，项目与泄漏向上），因此求和精确，且与行的顺序无关。"
                   "签发量将减排量合计向下取整至整吨；合计不为减排时不签发。"));
    if (v.totals.reduction <= 0 && v.totals.shipments > 0)
        d.paragraph(inline_text().b(tr("The project emitted at least as much as the baseline in this period: there is "
                                       "no reduction to issue.",
                                       "本期间项目排放不低于基准排放：没有可签发的减排量。")),
                    "warn");
    if (!v.note.empty())
        d.paragraph(inline_text().b(v.totals.shipments == 0
                                        ? tr("There are no shipments of this customer in the period.",
                                             "本期间内该客户没有装运。")
                                        : v.note),
                    "note");
    d.end_section();
}

/// The imports that filled the ledger the statement read, each with the rows
/// it rejected: they never reached the ledger, so the statement's own counts
/// cannot show them.
void ledger_imports_table(document& d, const statement_render_options& o, const words& tr) {
    detail::table t = statement_table(tr("Imports into the ledger this statement was read from (all customers' rows of "
                                         "each file; not sealed by the statement digest)",
                                         "本声明所读取台账的导入批次（各文件全部客户的行；不在声明摘要值的封存范围内）"));
    t.header = {tr("Batch", "批次"), tr("File imported", "导入文件"), tr("Rows", "行数"), tr("Accepted", "接受"),
                tr("Rejected at import", "导入时拒绝")};
    t.align = {left, left, right, right, right};
    std::uint64_t rejected = 0;
    for (const auto& b : o.ledger_imports) {
        rejected += b.rejected;
        t.rows.push_back({txt(std::to_string(b.batch_id)),
                          cell(inline_text(b.file).t(" (SHA-256 ").c(b.file_digest.substr(0, 16) + "\u2026").t(")")),
                          num(group_thousands(std::to_string(b.rows_in))), num(group_thousands(std::to_string(b.accepted))),
                          marked(group_thousands(std::to_string(b.rejected)), "import-rejected-" + std::to_string(b.batch_id),
                                 {{"count", std::to_string(b.rejected)}})});
    }
    t.id = "table-imports";
    t.widths = {8, 46, 14, 14, 18};
    d.add_table(std::move(t));
    d.paragraph(rejected == 0
                    ? inline_text(tr("No import into this ledger rejected a row.", "该台账的各次导入均未拒绝任何行。"))
                    : inline_text(fmt::format(
                          fmt::runtime(tr("{} rows were rejected when their files were imported into the ledger, so they are not "
                             "among the rows above. The ledger keeps each with its reason (its table rejected), and "
                             "the import wrote them to a quarantine file beside the ledger (footprint ledger import: "
                             "LEDGER.batch-N.quarantine.csv; footprint demo: quarantine.csv).",
                             "有 {} 行在其文件导入台账时被拒绝，因此不在上表的行数中。台账逐行保存其拒绝原因（rejected 表），"
                             "导入时亦已写入台账旁的隔离文件（footprint ledger import：LEDGER.batch-N.quarantine.csv；"
                             "footprint demo：quarantine.csv）。")),
                          group_thousands(std::to_string(rejected)))),
                rejected == 0 ? "" : "note");
}

/// Every input row accepted or rejected, and where the rejected ones are.
void reconciliation_section(document& d, const statement_view& v, const statement_render_options& o, const words& tr) {
    d.begin_section("reconciliation");
    d.heading(2, tr("Shipments and reconciliation", "装运与核对"), "shipments-heading");
    {
        detail::table t = statement_table(tr("Every row the statement read is accepted or rejected with a reason",
                                             "本声明读取的每一行均被接受，或附原因被拒绝"));
        t.header = {tr("Rows", "行"), tr("Count", "数量")};
        t.align = {left, right};
        t.rows.push_back({txt(tr("Rows read from the statement's input (a CSV file, or a ledger's stored rows)",
                                 "从本声明输入读取的行（CSV 文件，或台账中已存储的行）")),
                          counted(v.rows_in_file, "rows-in")});
        t.rows.push_back({txt(tr("Accepted and computed", "已接受并计算")), counted(v.accepted_in_file, "rows-accepted")});
        t.rows.push_back({txt(tr("Rejected while this statement was built", "构建本声明时拒绝")),
                          counted(v.rejected_in_file, "rows-rejected")});
        t.rows.push_back({txt(tr("Reconciles: read = accepted + rejected", "核对：读取 = 接受 + 拒绝")),
                          marked(inline_text().b(v.reconciles ? tr("yes", "是") : tr("NO", "否")), "reconciles",
                                 {{"reconciles", v.reconciles ? "true" : "false"}}, v.reconciles ? "ok" : "bad")});
        t.rows.push_back({txt(tr("Accepted rows of this customer (any date)", "该客户已接受的行（不限日期）")),
                          num(group_thousands(std::to_string(v.customer_rows_in_file)))});
        t.rows.push_back({txt(tr("Shipments in this statement (in the period)", "本声明所含装运（期间内）")),
                          counted(v.rows_in_statement, "shipments")});
        d.add_table(std::move(t));
    }
    // Format 2 counts the customer's rows only (statement.hpp: statement_format); format 1 the whole input's.
    inline_text where(v.format == "footprint-statement/1"
                          ? tr("The counts are those of every row the statement read (every customer). ",
                               "计数针对本声明读取的全部行（所有客户）。")
                          : tr("The counts are those of this customer's rows of the input; other customers' rows "
                               "are in their own statements. ",
                               "计数仅针对输入中该客户的行；其他客户的行计入其各自的声明。"));
    if (v.rejected_in_file == 0) {
        where.t(tr("None was rejected while the statement was built.", "构建本声明时没有行被拒绝。"));
    } else {
        where.t(fmt::format(fmt::runtime(tr("The {} rows rejected while the statement was built are sealed by their "
                                            "digest ",
                                            "构建本声明时被拒绝的 {} 行以其摘要值 ")),
                            group_thousands(std::to_string(v.rejected_in_file))))
            .c(v.rejected_digest)
            .t(tr("; footprint compute --shipments INPUT writes each one with its reason to its quarantine file "
                  "(the statement command writes none).",
                  " 封存；footprint compute --shipments INPUT 会将每一行及其原因写入隔离文件（statement 命令不写隔离文件）。"));
    }
    d.paragraph(std::move(where));
    if (o.ledger_imports.empty())
        d.paragraph(tr("Rows rejected earlier, when a CSV file was imported into a ledger, never enter the ledger and "
                       "are not counted here: the import's report and quarantine file list them.",
                       "此前将 CSV 文件导入台账时被拒绝的行不会进入台账，不计入此处：导入报告及其隔离文件列出了这些行。"),
                    "small");
    else
        ledger_imports_table(d, o, tr);
    d.end_section();
}

/// The recorded rule, "DESCRIPTION (limit: EXPRESSION)" or the expression
/// alone, as its two parts.
std::pair<std::string, std::string> split_rule(const std::string& rule) {
    const std::string mark = " (limit: ";
    const auto at = rule.rfind(mark);
    if (at == std::string::npos || rule.empty() || rule.back() != ')') return {std::string(), rule};
    return {rule.substr(0, at), rule.substr(at + mark.size(), rule.size() - at - mark.size() - 1)};
}

/// The methodology's plausibility rule and the shipments it flags. The rule
/// as the check applies it (the limit) is footprint's own sentence in the
/// document's language; the methodology's description of it is quoted in
/// Chinese when the methodology gives it, else in its English original,
/// marked as such.
void plausibility_section(document& d, const statement_view& v, const statement_render_options& o, const words& tr) {
    d.begin_section("plausibility");
    d.heading(2, tr("Plausibility check", "合理性检查"), "plausibility-heading");
    const auto [description, limit] = split_rule(v.plausibility_rule);
    d.paragraph(tr("Rule: a shipment's reduction must not exceed the limit below, the methodology's plausibility "
                   "limit computed for that shipment; a shipment over it is flagged for review (it is not removed "
                   "from the totals).",
                   "规则：单次装运的减排量不得超过下列上限（方法学规定的合理性上限，按该次装运计算）；"
                   "超出者被标记待复核（不从合计中剔除）。"));
    d.formula(tr("reduction ≤ ", "减排量 ≤ ") + limit);
    if (!description.empty()) {
        const bool zh_given = tr.lang == document_language::zh && o.methodology_digest == v.methodology_digest &&
                              !o.plausibility_zh.empty();
        if (zh_given)
            d.paragraph(inline_text("方法学的说明：").t(o.plausibility_zh));
        else if (tr.lang == document_language::zh)
            d.paragraph(inline_text("方法学的说明（英文原文；方法学文件未提供中文）：").t(description));
        else
            d.paragraph(inline_text("In the methodology's words: ").t(description));
    }
    d.paragraph(v.implausible == 0
                    ? inline_text(tr("No shipment exceeds the limit.", "没有装运超过上限。"))
                    : inline_text().b(fmt::format("{} {}", group_thousands(std::to_string(v.implausible)),
                                                  tr("shipments exceed the limit and are flagged for review.",
                                                     "次装运超过上限，已标记待复核。"))),
                v.implausible == 0 ? "ok" : "warn");
    if (!v.implausible_examples.empty()) {
        inline_text list(tr("Flagged shipments (at most 20): ", "被标记的装运（最多 20 个）："));
        for (std::size_t i = 0; i < v.implausible_examples.size(); ++i) {
            if (i) list.t(", ");
            list.c(v.implausible_examples[i]);
        }
        d.paragraph(std::move(list));
    }
    d.end_section();
}

/// The three charts (HTML only).
void charts_section(document& d, const statement_view& v, const words& tr, document_language lang) {
    d.begin_section("charts", true);
    d.heading(2, tr("Charts", "图表"), "charts-heading");
    if (v.totals.shipments == 0) {
        d.paragraph(tr("No shipments in the period: nothing to chart.", "本期间没有装运：无图表。"));
    } else {
        d.figure(stage_chart(v, tr, lang), tr("Baseline and project emissions by life-cycle stage (t CO2e)",
                                              "按生命周期阶段的基准排放与项目排放（t CO2e）"));
        d.figure(month_chart(v, tr), tr("Emission reduction by month (t CO2e)", "各月减排量（t CO2e）"));
        d.figure(product_chart(v, tr), tr("Breakdown by product (t CO2e)", "按产品分解（t CO2e）"));
        d.paragraph(tr("Chart labels are rounded; the tables give the exact figures.",
                       "图中标注为取整值；精确数值见表格。"),
                    "small");
    }
    d.end_section();
}

/// By stage, month and product (the components are in the annex).
void breakdown_section(document& d, const statement_view& v, const words& tr, document_language lang) {
    auto amount_cells = [](std::int64_t b, std::int64_t p, std::int64_t l, std::int64_t er) {
        return std::vector<cell>{num(shown_tonnes(b)), num(shown_tonnes(p)), num(shown_tonnes(l)), num(shown_tonnes(er))};
    };
    d.begin_section("breakdown", true);
    d.heading(2, tr("Breakdown", "分解"), "breakdown-heading");
    d.paragraph(tr("Tonnes to 3 decimals; each table's rows add up to its total within the rounding. The exact grams "
                   "are in the statement JSON and its CSV breakdown.",
                   "吨数保留 3 位小数；各表各行之和与合计之差不超过舍入误差。精确克数见声明 JSON 及其 CSV 分解。"),
                "small");
    {
        detail::table t = statement_table(tr("By life-cycle stage (t CO2e)", "按生命周期阶段（t CO2e）"));
        t.header = {tr("Stage", "阶段"), "BE", "PE", "LE", "BE − PE − LE"};
        t.align = {left, right, right, right, right};
        std::int64_t sb = 0, sp = 0, sl = 0;
        for (const auto& stage : ordered_stages(v)) {
            const std::int64_t b = stage_grams(v, "BE", stage), p = stage_grams(v, "PE", stage),
                               l = stage_grams(v, "LE", stage);
            bool present = false;
            for (const auto& [term, list] : v.by_stage)
                for (const auto& [s, g] : list) present |= s == stage;
            if (!present) continue;
            sb += b, sp += p, sl += l;
            std::vector<cell> row{txt(stage_label(stage, lang))};
            for (auto& c : amount_cells(b, p, l, b - p - l)) row.push_back(std::move(c));
            t.rows.push_back(std::move(row));
        }
        std::vector<cell> total{cell(inline_text().b(tr("Total", "合计")))};
        for (auto& c : amount_cells(sb, sp, sl, sb - sp - sl)) total.push_back(std::move(c));
        t.rows.push_back(std::move(total));
        t.total_rows = 1;
        t.id = "table-stages";
        d.add_table(std::move(t));
    }
    {
        detail::table t = statement_table(tr("By month of dispatch (t CO2e)", "按发运月份（t CO2e）"));
        t.header = {tr("Month", "月份"), "BE", "PE", "LE", "ER", tr("Shipments", "装运数")};
        t.align = {left, right, right, right, right, right};
        for (const auto& [month, a] : v.by_month) {
            std::vector<cell> row{txt(month)};
            for (auto& c : amount_cells(a.baseline, a.project, a.leakage, a.reduction)) row.push_back(std::move(c));
            row.push_back(num(group_thousands(std::to_string(a.shipments))));
            t.rows.push_back(std::move(row));
        }
        std::vector<cell> total{cell(inline_text().b(tr("Total", "合计")))};
        for (auto& c : amount_cells(v.totals.baseline, v.totals.project, v.totals.leakage, v.totals.reduction))
            total.push_back(std::move(c));
        total.push_back(num(group_thousands(std::to_string(v.totals.shipments))));
        t.rows.push_back(std::move(total));
        t.total_rows = 1;
        t.id = "table-months";
        t.keep_together = v.by_month.size() <= 24;
        d.add_table(std::move(t));
    }
    {
        // Both product columns in one table: a reader compares the replaced and the reusable product side by side.
        detail::table t = statement_table(tr("By product (t CO2e)", "按产品（t CO2e）"));
        t.header = {tr("Product", "产品"), tr("Role", "类别"), "BE", "PE", "LE", "ER", tr("Shipments", "装运数")};
        t.align = {left, left, right, right, right, right, right};
        std::size_t rows = 0;
        for (const auto& [col, list] : v.by_product)
            for (const auto& [id, a] : list) {
                std::vector<cell> row{code_cell(id), txt(product_column_label(col, tr))};
                for (auto& c : amount_cells(a.baseline, a.project, a.leakage, a.reduction)) row.push_back(std::move(c));
                row.push_back(num(group_thousands(std::to_string(a.shipments))));
                t.rows.push_back(std::move(row));
                ++rows;
            }
        t.id = "table-products";
        t.keep_together = rows <= 24;
        d.add_table(std::move(t));
    }
    d.end_section();
}

}  // namespace

document statement_document(const statement_view& v, const statement_render_options& o, document_language lang,
                            bool with_charts) {
    const words tr{lang};
    document d;
    page_frame(d, v, tr);
    summary_section(d, v, o, tr, with_charts);
    totals_section(d, v, tr);
    reconciliation_section(d, v, o, tr);
    plausibility_section(d, v, o, tr);
    if (with_charts) charts_section(d, v, tr, lang);
    uncertainty_section(d, v, tr, with_charts);
    breakdown_section(d, v, tr, lang);
    provenance_section(d, v, tr);
    check_section(d, v, tr);
    sources_section(d, v, tr);
    verification_section(d, v, o, tr);
    annex_sections(d, v, tr, lang);
    return d;
}

}  // namespace footprint::detail::statement_rendering
