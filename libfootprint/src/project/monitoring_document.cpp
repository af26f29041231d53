// The monitoring report as a document (monitoring_render.hpp).

#include "footprint/project/monitoring_render.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <cstdlib>

#include "footprint/core/error.hpp"
#include "footprint/project/monitoring_report.hpp"
#include "footprint/render/statement_render.hpp"
#include "render/detail/document_model.hpp"
#include "render/detail/pdf_printer.hpp"

namespace footprint {
namespace {

using json = nlohmann::json;
using detail::code;
using detail::column_align;
using detail::inline_text;

std::string str(const json& j) {
    if (j.is_string()) return j.get<std::string>();
    if (j.is_boolean()) return j.get<bool>() ? "true" : "false";
    return j.dump();
}

/// A decimal string of the JSON as people read it: at most 3 decimals, no exponent ("24.468", "100000").
std::string shown(const json& j) {
    const std::string s = str(j);
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || *end != '\0') return s;
    std::string out = fmt::format("{:.3f}", v);
    while (!out.empty() && out.back() == '0') out.pop_back();
    if (!out.empty() && out.back() == '.') out.pop_back();
    return out == "-0" ? "0" : out;
}

std::string tonnes(std::int64_t grams) {
    const bool neg = grams < 0;
    const std::uint64_t a = neg ? static_cast<std::uint64_t>(-(grams + 1)) + 1 : static_cast<std::uint64_t>(grams);
    return fmt::format("{}{}.{:06}", neg ? "-" : "", a / 1000000, a % 1000000);
}

void section_header(detail::document& d, const json& r, const detail::texts& tr) {
    const json& p = r.at("project");
    const std::string title = detail::pick(d.lang, str(p.at("title").at("en")), str(p.at("title").at("zh")));
    d.title = tr("Monitoring report: ", "监测报告：") + title;
    d.heading(1, d.title);
    const json& m = r.at("methodology");
    std::vector<inline_text> items;
    items.push_back(inline_text().t(tr("Project: ", "项目：")).c(str(p.at("id"))).t(p.at("owner").get<std::string>().empty()
                                                                                         ? std::string()
                                                                                         : " (" + str(p.at("owner")) + ")"));
    items.push_back(inline_text()
                        .t(tr("Methodology: ", "方法学："))
                        .c(str(m.at("id")) + "@" + str(m.at("version")))
                        .t(tr(", digest ", "，摘要 "))
                        .c(str(m.at("digest"))));
    items.push_back(inline_text().t(tr("Monitoring period: ", "监测期：")).b(str(r.at("period").at("from")) + " .. " +
                                                                            str(r.at("period").at("to"))));
    items.push_back(inline_text()
                        .t(tr("Crediting period: from ", "计入期：自 "))
                        .t(str(p.at("start_date")))
                        .t(fmt::format(fmt::runtime(tr(", {} years", "起 {} 年")), p.at("crediting_years").get<int>())));
    std::string sets;
    for (const auto& s : r.at("factor_sets")) sets += (sets.empty() ? "" : ", ") + str(s.at("name")) + " " + str(s.at("version"));
    items.push_back(inline_text().t(tr("Factor sets: ", "排放因子集：")).t(sets).t(", GWP ").t(str(r.at("gwp"))));
    items.push_back(inline_text().t(tr("Report digest: ", "报告摘要：")).c(str(r.at("report_digest")), "digest"));
    items.push_back(inline_text().t(tr("Project file digest: ", "项目文件摘要：")).c(str(r.at("project_digest"))));
    if (r.contains("loss_record"))
        items.push_back(inline_text()
                            .t(tr("Loss record: ", "丢失记录："))
                            .c(str(r.at("loss_record").at("file")))
                            .t(fmt::format(fmt::runtime(tr(", {} rows, digest ", "，{} 行，摘要 ")),
                                           str(r.at("loss_record").at("rows"))))
                            .c(str(r.at("loss_record").at("digest"))));
    d.bullets(std::move(items));
}

void section_implementation(detail::document& d, const json& r, const detail::texts& tr) {
    d.heading(2, tr("1. Implementation of the project", "1. 项目实施情况"), "implementation");
    const json& im = r.at("implementation");
    const json& src = r.at("source");
    d.paragraph(fmt::format(fmt::runtime(tr("{} shipments of {} customers in the period, {} trips of reusable units "
                               "({} rows read from the {} source, {} outside the period, {} rows refused by the source).",
                               "监测期内 {} 批运输，{} 个客户，可循环单元周转 {} 次（从{}来源读取 {} 行，期外 {} 行，来源拒收 {} 行）。")),
                            str(im.at("totals").at("shipments")), str(im.at("totals").at("customers")),
                            str(im.at("totals").at("trips")),
                            d.lang == document_language::zh ? str(src.at("kind")) : str(src.at("rows_read")),
                            d.lang == document_language::zh ? str(src.at("rows_read")) : str(src.at("kind")),
                            str(src.at("rows_outside_period")), str(src.at("rows_refused"))));
    detail::table t;
    t.caption = tr("Units in service and trips per customer", "各客户在用单元与周转次数");
    t.header = {tr("Customer", "客户"), tr("Reusable product", "可循环产品"), tr("Pool (units)", "单元池（个）"),
                tr("Shipments", "运输批次"), tr("Trips", "周转次数"), tr("Trips per pool unit a year", "每单元年周转次数")};
    t.align = {column_align::left, column_align::left, column_align::right, column_align::right, column_align::right,
               column_align::right};
    t.row_headers = true;
    t.id = "implementation-table";
    for (const auto& c : im.at("customers")) {
        const bool in = c.at("in_project").get<bool>();
        t.rows.push_back({detail::cell(code(str(c.at("customer")))),
                          in ? detail::cell(code(str(c.at("reusable_product")))) : detail::cell(tr("not in the project", "不在项目内")),
                          in ? str(c.at("pool_size")) : std::string("-"), str(c.at("shipments")), str(c.at("trips")),
                          in ? shown(c.at("trips_per_pool_unit_a_year")) : std::string("-")});
    }
    d.add_table(std::move(t));
}

void parameter_table(detail::document& d, const json& p, const detail::texts& tr) {
    const json& months = p.at("months");
    if (months.empty()) {
        d.paragraph(tr("No data in the period.", "监测期内无数据。"));
        return;
    }
    detail::table t;
    t.id = "parameter-" + str(p.at("name")) + "-months";
    const bool numeric = months.begin()->contains("mean");
    const bool date = !numeric && months.begin()->contains("min");
    if (numeric) {
        t.header = {tr("Month", "月份"), tr("Count", "数量"), tr("Min", "最小"), tr("Max", "最大"), tr("Mean", "平均"),
                    "P10", "P50", "P90"};
        t.align.assign(8, column_align::right);
    } else if (date) {
        t.header = {tr("Month", "月份"), tr("Count", "数量"), tr("First", "最早"), tr("Last", "最晚")};
        t.align.assign(4, column_align::right);
    } else {
        t.header = {tr("Month", "月份"), tr("Count", "数量"), tr("Values (count)", "取值（数量）")};
        t.align = {column_align::right, column_align::right, column_align::left};
    }
    for (auto it = months.begin(); it != months.end(); ++it) {
        const json& m = it.value();
        if (numeric) {
            t.rows.push_back({it.key(), str(m.at("count")), shown(m.at("min")), shown(m.at("max")), shown(m.at("mean")),
                              shown(m.at("p10")), shown(m.at("p50")), shown(m.at("p90"))});
        } else if (date) {
            t.rows.push_back({it.key(), str(m.at("count")), str(m.at("min")), str(m.at("max"))});
        } else {
            std::string values;
            for (auto v = m.at("values").begin(); v != m.at("values").end(); ++v)
                values += (values.empty() ? "" : "; ") + v.key() + ": " + str(v.value());
            t.rows.push_back({it.key(), str(m.at("count")), values});
        }
    }
    d.add_table(std::move(t));
}

void section_parameters(detail::document& d, const json& r, const detail::texts& tr) {
    d.heading(2, tr("2. Monitored parameters", "2. 监测参数"), "parameters");
    d.paragraph(tr("For every parameter the methodology monitors: its entry in the methodology's monitoring table, "
                   "then the data of the period by month (means and percentiles shown to 3 decimals; the JSON of "
                   "record holds them exactly).",
                   "方法学监测的每个参数：方法学监测表中的说明，以及监测期内按月汇总的数据（平均值与分位数显示至小数点后3位；JSON正本为精确值）。"));
    int n = 0;
    for (const auto& p : r.at("parameters")) {
        ++n;
        d.heading(3, inline_text().t(fmt::format("2.{} ", n)).c(str(p.at("name"))), "parameter-" + str(p.at("name")));
        std::vector<inline_text> items;
        items.push_back(inline_text().t(tr("Description: ", "说明：")).t(
            detail::pick(d.lang, str(p.at("description").at("en")), str(p.at("description").at("zh")))));
        std::string unit = str(p.at("unit"));
        std::string range;
        if (p.contains("range_min") || p.contains("range_max"))
            range = tr(", range [", "，范围 [") + (p.contains("range_min") ? shown(p.at("range_min")) : "") + ", " +
                    (p.contains("range_max") ? shown(p.at("range_max")) : "") + "]";
        items.push_back(inline_text().t(tr("Type and unit: ", "类型与单位：")).t(str(p.at("type")) + (unit.empty() ? "" : ", " + unit) + range));
        items.push_back(inline_text().t(tr("Data source: ", "数据来源：")).t(str(p.at("data_source"))));
        items.push_back(inline_text().t(tr("Measuring method: ", "测量方法：")).t(str(p.at("measured"))));
        items.push_back(inline_text().t(tr("Frequency: ", "监测频率：")).t(str(p.at("frequency"))));
        std::string refused;
        for (auto it = p.at("refused_rows").begin(); it != p.at("refused_rows").end(); ++it)
            refused += (refused.empty() ? "" : ", ") + it.key() + " " + str(it.value());
        items.push_back(inline_text()
                            .t(tr("Missing values: ", "缺失值："))
                            .t(str(p.at("missing")))
                            .t(tr("; rows refused for this parameter: ", "；因该参数被拒收的行："))
                            .t(refused.empty() ? tr("none", "无") : refused));
        d.bullets(std::move(items));
        parameter_table(d, p, tr);
    }
}

/// A QA/QC check's rule in Chinese: footprint's own sentence for each check it makes (the JSON of record holds
/// the English), by check id and applicability; empty for a check this build does not know.
std::string qaqc_rule_zh(const std::string& id, bool applicable) {
    if (id.rfind("range.", 0) == 0) return "取值超出方法学为该参数声明的范围";
    if (id.rfind("outlier.", 0) == 0)
        return "稳健 z 值 = |x − 中位数| / (1.4826 × MAD)，以该客户本期自身的距离计算（MAD 为 0 时用平均绝对偏差 × "
               "1.2533）；该统计量不受其所要查找的离群值影响（均值与标准差则会受影响），也适用于偏态的距离分布";
    if (id == "return-vs-loaded")
        return applicable ? "返程距离 / 去程距离超出合理区间（去程为 0 而有返程者视为超出）"
                          : "不适用：方法学未同时监测去程与返程距离";
    if (id == "project-line") return "项目文件未列出的客户的数据行，或产品与该客户的产品线不符的数据行";
    if (id == "units-vs-pool")
        return applicable ? "单批运输的单元数超过该客户的可循环单元池" : "不适用：方法学未监测单元数";
    if (id == "cycles")
        return applicable ? "某可循环产品一个月内的周转次数（单元数之和，每个单元计一次）除以其单元池的单元数，并年化"
                            "（× 365.25 / 该月在监测期内的天数）；运单数据不含单元编号，无法检查单个单元的周转次数，"
                            "只能检查单元池的平均值"
                          : "不适用：方法学未监测单元数或可循环产品，或未声明 cycles_per_year";
    if (id == "gaps") return "项目内某客户连续若干天没有任何运输（监测期的首尾计在内）";
    if (id == "duplicates")
        return "与先前某行除运单号外各列完全相同的行（客户、日期、产品、单元数、距离、清洗地点、是否清洗、车型均相同）："
               "同一次运输被记录两次；数据不含单元编号，这是各列所能识别的最细的重复";
    if (id == "washing-share")
        return applicable ? "某客户某月清洗过的周转所占比例（清洗过的运输的单元数 / 该月全部单元数）与项目为该客户声明的"
                            "比例不符；方法学按每次运输监测是否清洗，但未声明比例"
                          : "不适用：方法学未监测是否清洗";
    if (id == "loss") {
        if (applicable)
            return "某可循环产品一个月内报废（丢失）的单元数（项目的丢失记录）除以其单元池的单元数，并年化（× 365.25 / "
                   "该月在监测期内的天数），以及整个监测期的同一比率，与方法学的年丢失率比较；监测期内某月缺少某产品的记录、"
                   "或记录了项目中无单元池的产品，也予以标记（丢失少于声明值是保守的，不标记）";
        return "不适用：运单数据不含丢失事件（丢失的单元不再周转），且项目文件未指定丢失记录（loss_record：按月、按产品"
               "列出报废单元数，取自运营方的资产台账），或方法学未声明年丢失率";
    }
    return {};
}

/// The rule as the document shows it: the recorded English, or footprint's Chinese sentence for a zh document
/// (the English original, marked as such, for a check this build has no sentence for).
inline_text qaqc_rule(const json& c, const detail::texts& tr) {
    const std::string en = str(c.at("rule"));
    if (tr.lang != document_language::zh) return inline_text().t("Rule: ").t(en);
    const std::string zh = qaqc_rule_zh(str(c.at("id")), c.at("applicable").get<bool>());
    if (zh.empty()) return inline_text().t("规则（英文原文）：").t(en);
    return inline_text().t("规则：").t(zh);
}

void section_qaqc(detail::document& d, const json& r, const detail::texts& tr) {
    d.heading(2, tr("3. QA/QC of the monitored data", "3. 监测数据的质量保证与质量控制"), "qaqc");
    d.paragraph(tr("Each check counts what it flags and lists examples; no row is dropped or changed.",
                   "每项检查统计标记的数量并列出示例；不删除、不修改任何数据行。"));
    detail::table t;
    t.id = "qaqc-table";
    t.widths = {22, 18, 30, 10, 10, 10};  // check ids are long words: a column wide enough not to break them
    t.header = {tr("Check", "检查"), tr("Parameter", "参数"), tr("Threshold", "阈值"), tr("Checked", "检查数"),
                tr("Flagged", "标记数"), tr("Refused at import", "导入时拒收")};
    t.align = {column_align::left, column_align::left, column_align::left, column_align::right, column_align::right,
               column_align::right};
    t.row_headers = true;
    for (const auto& c : r.at("qaqc")) {
        detail::cell flagged(str(c.at("flagged")));
        flagged.id = "qaqc-" + str(c.at("id"));
        flagged.data.emplace_back("flagged", str(c.at("flagged")));
        t.rows.push_back({detail::cell(code(str(c.at("id")))), str(c.at("parameter")),
                          c.at("applicable").get<bool>() ? str(c.at("threshold")) : tr("not applicable", "不适用"),
                          str(c.at("checked")), flagged, str(c.at("quarantined"))});
    }
    d.add_table(std::move(t));
    for (const auto& c : r.at("qaqc")) {
        d.heading(3, code(str(c.at("id"))), "qaqc-" + str(c.at("id")) + "-detail");
        d.paragraph(qaqc_rule(c, tr));
        if (c.at("examples").empty()) continue;
        detail::table e;
        e.header = {tr("Shipment", "运单"), tr("Where", "位置"), tr("Detail", "详情")};
        for (const auto& x : c.at("examples"))
            e.rows.push_back({detail::cell(code(str(x.at("shipment")))), str(x.at("where")), str(x.at("detail"))});
        d.add_table(std::move(e));
    }
}

void section_reductions(detail::document& d, const json& r, const detail::texts& tr) {
    d.heading(2, tr("4. Emission reductions of the period", "4. 监测期减排量"), "reductions");
    d.paragraph(tr("ER = BE − PE − LE per customer, from the customer's statement for the period; each statement is "
                   "named by its digest and verifies on its own (footprint verify).",
                   "各客户 ER = BE − PE − LE，取自该客户本期的减排声明；每份声明以其摘要标识，可单独验证（footprint verify）。"));
    const json& er = r.at("emission_reductions");
    detail::table t;
    t.id = "reductions-table";
    t.caption = tr("t CO2e", "吨二氧化碳当量");
    t.header = {tr("Customer", "客户"), tr("Shipments", "运输批次"), "BE", "PE", "LE", "ER", tr("Statement digest", "声明摘要")};
    t.align = {column_align::left, column_align::right, column_align::right, column_align::right, column_align::right,
               column_align::right, column_align::left};
    t.row_headers = true;
    for (const auto& c : er.at("customers"))
        t.rows.push_back({detail::cell(code(str(c.at("customer")))), str(c.at("shipments")),
                          tonnes(c.at("baseline_g").get<std::int64_t>()), tonnes(c.at("project_g").get<std::int64_t>()),
                          tonnes(c.at("leakage_g").get<std::int64_t>()), tonnes(c.at("reduction_g").get<std::int64_t>()),
                          detail::cell(code(str(c.at("statement_digest"))))});
    const json& tot = er.at("totals_g");
    detail::cell total_er(tonnes(tot.at("reduction").get<std::int64_t>()));
    total_er.id = "total-reduction";
    total_er.data.emplace_back("grams", str(tot.at("reduction")));
    t.rows.push_back({tr("All customers", "全部客户"), "", tonnes(tot.at("baseline").get<std::int64_t>()),
                      tonnes(tot.at("project").get<std::int64_t>()), tonnes(tot.at("leakage").get<std::int64_t>()),
                      total_er, ""});
    t.total_rows = 1;
    d.add_table(std::move(t));
}

detail::document build(const std::string& text, document_language lang) {
    json r = json::parse(text, nullptr, false);
    (void)monitoring_report_digest(text);  // refuses what is not a report
    detail::document d;
    d.lang = lang;
    d.generator = "footprint";
    const detail::texts tr{lang};
    try {
        section_header(d, r, tr);
        section_implementation(d, r, tr);
        section_parameters(d, r, tr);
        section_qaqc(d, r, tr);
        section_reductions(d, r, tr);
    } catch (const json::exception& e) {
        throw error("footprint.project.report-syntax", source_location{"<report>", 0, 0, {}, {}},
                    std::string("a field of the monitoring report is missing or of the wrong type: ") + e.what(),
                    "a report made by footprint monitoring-report");
    }
    d.footer.push_back(inline_text().t(tr("Made by footprint from the report of record ",
                                          "由 footprint 根据报告正本生成 ")).c(str(r.at("report_digest"))));
    return d;
}

}  // namespace

std::string render_monitoring_report(const std::string& report_json, document_format format, document_language lang) {
    return detail::render(build(report_json, lang), format);
}

void render_monitoring_report_pdf(const std::string& report_json, document_language lang, const std::filesystem::path& pdf) {
    const std::string chromium = require_chromium(pdf);
    detail::print_html_to_pdf(render_monitoring_report(report_json, document_format::html, lang), chromium, pdf);
}

}  // namespace footprint
