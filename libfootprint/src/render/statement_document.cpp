// A statement as a document of the one document model, one function per
// section, and the look of its HTML page. See detail/statement_document.hpp.

#include "render/detail/statement_document.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
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
constexpr detail::column_align left = detail::column_align::left;
constexpr detail::column_align right = detail::column_align::right;

[[nodiscard]] cell txt(std::string text) { return cell(std::move(text)); }
[[nodiscard]] cell num(std::string text) { return cell(std::move(text)); }
[[nodiscard]] cell code_cell(std::string text) { return cell(detail::code(std::move(text))); }

/// A cell a reader or a test finds by its id (HTML), with its figures as data attributes.
[[nodiscard]] cell marked(inline_text text, std::string id, std::vector<std::pair<std::string, std::string>> data = {},
                          std::string cls = {}) {
    cell c(std::move(text));
    c.id = std::move(id);
    c.data = std::move(data);
    c.cls = std::move(cls);
    return c;
}

/// A count with its id and `data-count`.
[[nodiscard]] cell counted(std::uint64_t n, std::string id) {
    return marked(std::to_string(n), std::move(id), {{"count", std::to_string(n)}});
}

/// A table of the statement: captioned, its first column heading each row,
/// kept on one printed page unless said otherwise.
[[nodiscard]] detail::table statement_table(std::string caption) {
    detail::table t;
    t.caption = std::move(caption);
    t.row_headers = true;
    t.keep_together = true;
    return t;
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

/// The HTML page around the sections: title, generator, look, and a footer
/// with the digest again, where the tests and a reader look for it last.
void page_frame(document& d, const statement_view& v, const words& tr) {
    d.lang = tr.lang;
    d.title = tr("Emission reduction statement", "减排量声明") + " \u2014 " + v.customer + " \u2014 " + v.from + " \u2013 " +
              v.to;
    d.generator = v.software_name + " " + v.software_version;
    d.stylesheet = statement_style;
    d.fold_html_whitespace = false;  // ids exactly as in the JSON
    d.footer.push_back(inline_text(tr("Statement digest", "声明摘要值") + ": ").c(v.statement_digest, "digest"));
    d.footer.emplace_back(tr("Rendered by ", "生成工具：") + v.software_name + " " + v.software_version +
                          tr(" from the canonical JSON.", "，依据规范 JSON。"));
}

/// The title, what the statement covers and the key figures.
void summary_section(document& d, const statement_view& v, const words& tr, bool with_charts) {
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
        if (!v.methodology_title.empty()) m.t(" \u2014 " + v.methodology_title);
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
                   "same figures. Amounts are whole grams of CO2e, summed exactly; tonnes are the same grams divided "
                   "by 10^6.",
                   "记录文本为规范 JSON 文件；本文档由其生成，数字与之一致。金额以整数克 CO2e 计并精确求和；"
                   "吨数即克数除以 10^6。"),
                "lead");
    if (with_charts) {
        const char* er = v.totals.reduction > 0 ? "er" : v.totals.reduction < 0 ? "er negative" : "er zero";
        d.key_figures({{tr("Emission reduction (ER)", "减排量 (ER)"), grouped(tonnes(v.totals.reduction)), "t CO2e", er},
                       {tr("Issuable", "可签发量"), grouped(std::to_string(v.issuable_t)),
                        tr("whole t CO2e, rounded down", "整吨 CO2e，向下取整"), ""},
                       {tr("Shipments", "装运数"), grouped(std::to_string(v.totals.shipments)),
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
            t.rows.push_back({txt(label), marked(tonnes(g), id, {{"grams", std::to_string(g)}}), num(std::to_string(g))});
        t.rows.push_back({txt(tr("Issuable (whole tonnes, rounded down)", "可签发量（整吨，向下取整）")),
                          marked(std::to_string(v.issuable_t), "issuable", {{"tonnes", std::to_string(v.issuable_t)}}),
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

/// Every input row accepted or rejected.
void reconciliation_section(document& d, const statement_view& v, const words& tr) {
    d.begin_section("reconciliation");
    d.heading(2, tr("Shipments and reconciliation", "装运与核对"), "shipments-heading");
    {
        detail::table t = statement_table(tr("Every input row is accepted or rejected with a reason", "每一输入行均被接受，或附原因被拒绝"));
        t.header = {tr("Rows", "行"), tr("Count", "数量")};
        t.align = {left, right};
        t.rows.push_back({txt(tr("Rows in the input", "输入行数")),
                          counted(v.rows_in_file, "rows-in")});
        t.rows.push_back({txt(tr("Accepted and computed", "已接受并计算")),
                          counted(v.accepted_in_file, "rows-accepted")});
        t.rows.push_back({txt(tr("Rejected, with reasons (quarantine)", "已拒绝并附原因（隔离）")),
                          counted(v.rejected_in_file, "rows-rejected")});
        t.rows.push_back({txt(tr("Reconciles: in = accepted + rejected", "核对：输入 = 接受 + 拒绝")),
                          marked(inline_text().b(v.reconciles ? tr("yes", "是") : tr("NO", "否")), "reconciles",
                                 {{"reconciles", v.reconciles ? "true" : "false"}}, v.reconciles ? "ok" : "bad")});
        t.rows.push_back({txt(tr("Accepted rows of this customer (any date)", "该客户已接受的行（不限日期）")),
                          num(std::to_string(v.customer_rows_in_file))});
        t.rows.push_back({txt(tr("Shipments in this statement (in the period)", "本声明所含装运（期间内）")),
                          counted(v.rows_in_statement, "shipments")});
        d.add_table(std::move(t));
    }
    d.paragraph(inline_text(tr("The counts are those of the whole input (every customer). The rejected rows are sealed "
                               "by their digest ",
                               "计数针对整个输入（所有客户）。被拒绝的行以其摘要值 "))
                    .c(v.rejected_digest)
                    .t(tr("; the quarantine file beside the input lists each one with its reason.",
                          " 封存；输入旁的隔离文件逐行列出原因。")));
    d.end_section();
}

/// The methodology's plausibility rule and the shipments it flags.
void plausibility_section(document& d, const statement_view& v, const words& tr) {
    d.begin_section("plausibility");
    d.heading(2, tr("Plausibility check", "合理性检查"), "plausibility-heading");
    d.paragraph(inline_text(tr("Each shipment's reduction is checked against the methodology's plausibility rule: ",
                               "每次装运的减排量均按方法学的合理性规则检查："))
                    .t(v.plausibility_rule));
    d.paragraph(v.implausible == 0
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

/// By stage, component, month and product.
void breakdown_section(document& d, const statement_view& v, const words& tr, document_language lang) {
    const std::string unit_t = "t CO2e";
    d.begin_section("breakdown", true);
    d.heading(2, tr("Breakdown", "分解"), "breakdown-heading");
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
            t.rows.push_back({txt(stage_label(stage, lang)), num(tonnes(b)), num(tonnes(p)), num(tonnes(l)),
                              num(tonnes(b - p - l))});
        }
        t.rows.push_back({cell(inline_text().b(tr("Total", "合计"))), num(tonnes(sb)), num(tonnes(sp)),
                          num(tonnes(sl)), num(tonnes(sb - sp - sl))});
        t.total_rows = 1;
        t.id = "table-stages";
        d.add_table(std::move(t));
    }
    {
        detail::table t = statement_table(tr("By component of the methodology's equations", "按方法学方程的分项"));
        t.header = {tr("Component", "分项"), tr("Term", "项"), tr("Stage", "阶段"), "g CO2e", unit_t};
        t.align = {left, left, left, right, right};
        for (const auto& comp : v.components)
            t.rows.push_back({code_cell(comp.name), txt(comp.term), txt(stage_label(comp.stage, lang)),
                              num(std::to_string(comp.grams)), num(tonnes(comp.grams))});
        t.id = "table-components";
        t.keep_together = v.components.size() <= 24;
        d.add_table(std::move(t));
    }
    {
        detail::table t = statement_table(tr("By month of dispatch (t CO2e)", "按发运月份（t CO2e）"));
        t.header = {tr("Month", "月份"), "BE", "PE", "LE", "ER", tr("Shipments", "装运数")};
        t.align = {left, right, right, right, right, right};
        for (const auto& [month, a] : v.by_month)
            t.rows.push_back({txt(month), num(tonnes(a.baseline)), num(tonnes(a.project)), num(tonnes(a.leakage)),
                              num(tonnes(a.reduction)), num(std::to_string(a.shipments))});
        t.rows.push_back({cell(inline_text().b(tr("Total", "合计"))), num(tonnes(v.totals.baseline)),
                          num(tonnes(v.totals.project)), num(tonnes(v.totals.leakage)),
                          num(tonnes(v.totals.reduction)), num(std::to_string(v.totals.shipments))});
        t.total_rows = 1;
        t.id = "table-months";
        t.keep_together = v.by_month.size() <= 24;
        d.add_table(std::move(t));
    }
    for (const auto& [col, list] : v.by_product) {
        detail::table t = statement_table(tr("By product: ", "按产品：") + product_column_label(col, tr) + " (t CO2e)");
        t.header = {tr("Product", "产品"), "BE", "PE", "LE", "ER", tr("Shipments", "装运数")};
        t.align = {left, right, right, right, right, right};
        for (const auto& [id, a] : list)
            t.rows.push_back({code_cell(id), num(tonnes(a.baseline)), num(tonnes(a.project)), num(tonnes(a.leakage)),
                              num(tonnes(a.reduction)), num(std::to_string(a.shipments))});
        t.id = "table-product-" + col;
        t.keep_together = list.size() <= 24;
        d.add_table(std::move(t));
    }
    d.end_section();
}

/// What the statement was built from: software, methodology, factors, digests.
void provenance_section(document& d, const statement_view& v, const words& tr) {
    d.begin_section("provenance", true);
    d.heading(2, tr("Provenance", "数据来源"), "provenance-heading");
    {
        detail::table t = statement_table(tr("What this statement was built from", "本声明的构建依据"));
        t.header = {tr("Item", "条目"), tr("Value", "内容")};
        t.align = {left, left};
        t.rows.push_back({txt(tr("Software", "软件")), txt(v.software_name + " " + v.software_version)});
        t.rows.push_back({txt(tr("Statement format", "声明格式")), code_cell(v.format)});
        t.rows.push_back({txt(tr("Methodology", "方法学")), cell(detail::code(v.methodology_id).t(" " + v.methodology_version))});
        t.rows.push_back({txt(tr("Methodology digest", "方法学摘要值")), code_cell(v.methodology_digest)});
        for (const auto& fs : v.factor_sets) {
            t.rows.push_back({txt(tr("Factor set", "排放因子集")), cell(detail::code(fs.name).t(" " + fs.version))});
            t.rows.push_back({txt(tr("Factor set digest", "排放因子集摘要值")), code_cell(fs.digest)});
        }
        t.rows.push_back({txt(tr("GWP set", "全球变暖潜势值")), txt(v.gwp_set)});
        t.rows.push_back({txt(tr("GWP source", "全球变暖潜势值来源")), txt(v.gwp_source)});
        if (v.overrides.empty()) {
            t.rows.push_back({txt(tr("Scenario overrides", "情景覆盖")), txt(tr("none", "无"))});
        } else {
            for (const auto& [name, value] : v.overrides)
                t.rows.push_back({txt(tr("Scenario override", "情景覆盖")), cell(detail::code(name).t(" = " + value))});
        }
        t.rows.push_back({txt(tr("Input rows digest", "输入行摘要值")), code_cell(v.input_rows_digest)});
        t.rows.push_back({txt(tr("Rejected rows digest", "被拒绝行摘要值")), code_cell(v.rejected_digest)});
        t.rows.push_back({txt(tr("Statement digest", "声明摘要值")),
                          marked(inline_text().c(v.statement_digest), "digest-cell")});
        d.add_table(std::move(t));
    }
    d.paragraph(tr("The input rows digest is a SHA-256 over every shipment of this statement, in shipment-id order: "
                   "its id and the SHA-256 of its canonical row. The statement digest is the SHA-256 of the canonical "
                   "JSON without the statement_digest field: any edit to the file changes it.",
                   "输入行摘要值是对本声明每次装运（按装运编号排序）的编号及其规范行 SHA-256 计算的 SHA-256。"
                   "声明摘要值是去掉 statement_digest 字段后的规范 JSON 的 SHA-256：对文件的任何修改都会改变它。"));
    {
        detail::table t = statement_table(tr("Fixed parameters", "固定参数"));
        t.header = {tr("Parameter", "参数"), tr("Value", "数值"), tr("Unit", "单位"), tr("Kind", "类型"),
                    tr("Source", "来源")};
        t.align = {left, right, left, left, left};
        for (const auto& p : v.parameters)
            t.rows.push_back({code_cell(p.label), num(p.value), txt(p.unit), txt(p.kind), txt(p.source)});
        t.id = "table-parameters";
        t.keep_together = false;
        t.widths = {24, 9, 10, 9, 48};
        d.add_table(std::move(t));
    }
    {
        detail::table t = statement_table(tr("Emission factors and catalog values used", "所用排放因子与目录数值"));
        t.header = {tr("Value looked up", "查找项"), tr("Value", "数值"), tr("Unit", "单位"), tr("Kind", "类型"),
                    tr("Source and fallback path", "来源与回退路径")};
        t.align = {left, right, left, left, left};
        for (const auto& f : v.factors) {
            inline_text src(f.source);
            if (!f.factor_id.empty()) src.t(tr(" · factor ", " · 因子 ")).c(f.factor_id);
            for (std::size_t i = 0; i < f.fallback_path.size(); ++i)
                src.t(i == 0 ? tr(" · fallback: ", " · 回退：") : std::string("; ")).t(f.fallback_path[i]);
            t.rows.push_back({code_cell(f.label), num(f.value), txt(f.unit), txt(f.kind), cell(src)});
        }
        t.id = "table-factors";
        t.keep_together = false;
        t.widths = {30, 16, 10, 10, 34};
        d.add_table(std::move(t));
    }
    d.end_section();
}

/// How to rebuild and check the statement.
void check_section(document& d, const statement_view& v, const words& tr) {
    d.begin_section("check");
    d.heading(2, tr("How to check this statement", "如何核验本声明"), "check-heading");
    d.paragraph(tr("Rebuild it from the same inputs and compare it field by field; the result names the first "
                   "differing field and the shipments whose rows changed:",
                   "用相同的输入重建并逐字段比较；结果会指出第一个不同的字段以及输入行被改动的装运："));
    d.command("footprint verify STATEMENT.json --shipments SHIPMENTS.csv\n"
           "footprint explain -m " + v.methodology_id + " --shipments SHIPMENTS.csv --shipment SHIPMENT-ID\n");
    d.paragraph(tr("The second command shows one shipment's derivation down to the integer grams, with every factor "
                   "and its source.",
                   "第二条命令给出单次装运的完整推导（精确到整数克），以及每个因子及其来源。"));
    d.end_section();
}

}  // namespace

document statement_document(const statement_view& v, document_language lang, bool with_charts) {
    const words tr{lang};
    document d;
    page_frame(d, v, tr);
    summary_section(d, v, tr, with_charts);
    totals_section(d, v, tr);
    reconciliation_section(d, v, tr);
    plausibility_section(d, v, tr);
    if (with_charts) charts_section(d, v, tr, lang);
    breakdown_section(d, v, tr, lang);
    provenance_section(d, v, tr);
    check_section(d, v, tr);
    return d;
}

}  // namespace footprint::detail::statement_rendering
