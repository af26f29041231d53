// The content of a statement rendering, one function per section. See
// detail/statement_document.hpp.

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

std::string html_inline(const inline_text& t) {
    std::string out;
    for (const auto& s : t.spans) {
        switch (s.style) {
            case detail::span_style::plain: out += html_escape(s.text); break;
            case detail::span_style::code: out += "<code>" + html_escape(s.text) + "</code>"; break;
            case detail::span_style::strong: out += "<strong>" + html_escape(s.text) + "</strong>"; break;
        }
    }
    return out;
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

std::string grams_attr(const char* id, std::int64_t g) { return fmt::format(" id=\"{}\" data-grams=\"{}\"", id, g); }

/// The title, what the statement covers and the key figures.
void summary_section(content& c, const statement_view& v, const words& tr, bool with_charts) {
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
            positive, html_escape(tr("Emission reduction (ER)", "减排量 (ER)")), grouped(tonnes(v.totals.reduction)),
            html_escape(tr("Issuable", "可签发量")), grouped(std::to_string(v.issuable_t)),
            html_escape(tr("whole t CO2e, rounded down", "整吨 CO2e，向下取整")), html_escape(tr("Shipments", "装运数")),
            grouped(std::to_string(v.totals.shipments)),
            html_escape(tr("in the period", "本期间内"))));
    }
    c.close();
}

/// Emissions and reduction in the period, and how they are rounded.
void totals_section(content& c, const statement_view& v, const words& tr) {
    const std::string unit_t = "t CO2e";
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
}

/// Every input row accepted or rejected.
void reconciliation_section(content& c, const statement_view& v, const words& tr) {
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
}

/// The methodology's plausibility rule and the shipments it flags.
void plausibility_section(content& c, const statement_view& v, const words& tr) {
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
}

/// The three charts (HTML only).
void charts_section(content& c, const statement_view& v, const words& tr, document_language lang) {
    c.open("charts", true);
    c.heading(2, tr("Charts", "图表"), "charts-heading");
    if (v.totals.shipments == 0) {
        c.paragraph(tr("No shipments in the period: nothing to chart.", "本期间没有装运：无图表。"));
    } else {
        c.html("<figure>\n" + stage_chart(v, tr, lang) + "<figcaption>" +
               html_escape(tr("Baseline and project emissions by life-cycle stage (t CO2e)",
                      "按生命周期阶段的基准排放与项目排放（t CO2e）")) +
               "</figcaption>\n</figure>\n");
        c.html("<figure>\n" + month_chart(v, tr) + "<figcaption>" +
               html_escape(tr("Emission reduction by month (t CO2e)", "各月减排量（t CO2e）")) + "</figcaption>\n</figure>\n");
        c.html("<figure>\n" + product_chart(v, tr) + "<figcaption>" +
               html_escape(tr("Breakdown by product (t CO2e)", "按产品分解（t CO2e）")) + "</figcaption>\n</figure>\n");
        c.paragraph(tr("Chart labels are rounded; the tables give the exact figures.",
                       "图中标注为取整值；精确数值见表格。"),
                    "small");
    }
    c.close();
}

/// By stage, component, month and product.
void breakdown_section(content& c, const statement_view& v, const words& tr, document_language lang) {
    const std::string unit_t = "t CO2e";
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
}

/// What the statement was built from: software, methodology, factors, digests.
void provenance_section(content& c, const statement_view& v, const words& tr) {
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
}

/// How to rebuild and check the statement.
void check_section(content& c, const statement_view& v, const words& tr) {
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
}

}  // namespace

content build_content(const statement_view& v, document_language lang, bool with_charts) {
    const words tr{lang};
    content c;
    summary_section(c, v, tr, with_charts);
    totals_section(c, v, tr);
    reconciliation_section(c, v, tr);
    plausibility_section(c, v, tr);
    if (with_charts) charts_section(c, v, tr, lang);
    breakdown_section(c, v, tr, lang);
    provenance_section(c, v, tr);
    check_section(c, v, tr);
    return c;
}

}  // namespace footprint::detail::statement_rendering
