// The ex-ante estimate as a document (estimate.hpp): the structure of a PDD's
// section on the estimate of emission reductions.

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "footprint/core/error.hpp"
#include "footprint/project/estimate.hpp"
#include "render/detail/document_model.hpp"

namespace footprint {
namespace {

using json = nlohmann::json;
using detail::code;
using detail::column_align;
using detail::inline_text;

std::string str(const json& j) { return j.is_string() ? j.get<std::string>() : j.dump(); }

std::string tonnes(const json& grams) {
    const double t = grams.get<double>() / 1e6;
    return fmt::format("{:.3f}", t);
}

void assumptions_section(detail::document& d, const json& e, const detail::texts& tr) {
    d.heading(2, tr("B.6.1 Assumptions and their sources", "B.6.1 假设及其来源"), "assumptions");
    detail::table t;
    t.id = "assumptions";
    t.header = {tr("Parameter", "参数"), tr("Value", "数值"), tr("Unit", "单位"), tr("Source", "来源")};
    for (const auto& a : e.at("assumptions"))
        t.rows.push_back({detail::cell(code(str(a.at("name")))), str(a.at("value")), str(a.at("unit")), str(a.at("source"))});
    d.add_table(std::move(t));
    d.heading(2, tr("B.6.2 Emission reductions of one trip", "B.6.2 单次周转的减排量"), "per-trip");
    d.paragraph(tr("One unit's trip at the mean distances, for each depot and washed or not, weighted by the depots' "
                   "shares and the washing share; evaluated by the methodology as footprint explain prints it (kg CO2e).",
                   "按平均距离计算的一个单元的单次周转，按各清洗站份额与清洗比例加权；由方法学计算，与 footprint explain 的结果一致（千克二氧化碳当量）。"));
    detail::table t2;
    t2.id = "per-trip";
    t2.header = {tr("Customer", "客户"), tr("Year", "年份"), "BE", "PE", "LE", "ER"};
    t2.align = {column_align::left, column_align::right, column_align::right, column_align::right, column_align::right,
                column_align::right};
    auto kg = [](const json& g) { return fmt::format("{:.3f}", std::stod(g.get<std::string>()) / 1000); };
    for (const auto& r : e.at("per_trip"))
        t2.rows.push_back({detail::cell(code(str(r.at("customer")))), str(r.at("year")), kg(r.at("baseline_g")),
                           kg(r.at("project_g")), kg(r.at("leakage_g")), kg(r.at("reduction_g"))});
    d.add_table(std::move(t2));
}

void years_section(detail::document& d, const json& e, const detail::texts& tr) {
    d.heading(2, tr("B.6.3 Ex-ante estimate of emission reductions", "B.6.3 减排量事前估算"), "estimate");
    detail::table t;
    t.id = "estimate-years";
    t.caption = tr("t CO2e", "吨二氧化碳当量");
    t.header = {tr("Year", "年份"), tr("Period", "期间"), tr("Trips", "周转次数"), "BE", "PE", "LE", "ER"};
    t.align = {column_align::right, column_align::left, column_align::right, column_align::right, column_align::right,
               column_align::right, column_align::right};
    for (const auto& y : e.at("years"))
        t.rows.push_back({str(y.at("year")), str(y.at("from")) + " .. " + str(y.at("to")),
                          fmt::format("{:.0f}", std::stod(y.at("trips").get<std::string>())), tonnes(y.at("baseline_g")),
                          tonnes(y.at("project_g")), tonnes(y.at("leakage_g")), tonnes(y.at("reduction_g"))});
    const json& tot = e.at("totals");
    detail::cell er(tonnes(tot.at("reduction_g")));
    er.id = "estimate-total-reduction";
    er.data.emplace_back("grams", str(tot.at("reduction_g")));
    t.rows.push_back({tr("Total", "合计"), "", fmt::format("{:.0f}", std::stod(tot.at("trips").get<std::string>())),
                      tonnes(tot.at("baseline_g")), tonnes(tot.at("project_g")), tonnes(tot.at("leakage_g")), er});
    const json& avg = e.at("annual_average");
    t.rows.push_back({tr("Annual average", "年均"), "", fmt::format("{:.0f}", std::stod(avg.at("trips").get<std::string>())),
                      tonnes(avg.at("baseline_g")), tonnes(avg.at("project_g")), tonnes(avg.at("leakage_g")),
                      tonnes(avg.at("reduction_g"))});
    t.total_rows = 2;
    d.add_table(std::move(t));
}

void comparison_section(detail::document& d, const json& c, const detail::texts& tr) {
    d.heading(2, tr("Comparison with the monitoring report", "与监测报告的比较"), "comparison");
    d.paragraph(fmt::format(fmt::runtime(tr("Monitoring period {} .. {}, report {}. Deviations above {} need an "
                                            "explanation; the slot is left empty for the project owner.",
                                            "监测期 {} .. {}，报告 {}。偏差超过 {} 的需要说明；说明栏留给项目业主填写。")),
                            str(c.at("period").at("from")), str(c.at("period").at("to")),
                            str(c.at("report_digest")).substr(0, 16), str(c.at("threshold"))));
    detail::table t;
    t.id = "comparison";
    t.header = {tr("Customer", "客户"), tr("Quantity", "量"), tr("Expected", "预期"), tr("Monitored", "监测"),
                tr("Deviation", "偏差"), tr("Explanation", "说明")};
    t.align = {column_align::left, column_align::left, column_align::right, column_align::right, column_align::right,
               column_align::left};
    for (const auto& cu : c.at("customers"))
        for (const auto& q : cu.at("quantities"))
            t.rows.push_back({detail::cell(code(str(cu.at("customer")))), str(q.at("quantity")), str(q.at("expected")),
                              str(q.at("monitored")), str(q.at("deviation")),
                              q.at("explanation_required").get<bool>() ? tr("(to be explained)", "（待说明）") : ""});
    d.add_table(std::move(t));
}

}  // namespace

std::string render_estimate(const std::string& estimate_json, const std::string& comparison_json,
                            document_format format, document_language lang) {
    const json e = json::parse(estimate_json, nullptr, false);
    if (e.is_discarded() || !e.is_object() || e.value("format", "") != "footprint-ex-ante-estimate/1")
        throw error("footprint.project.report-syntax", source_location{"<estimate>", 0, 0, {}, {}},
                    "not an ex-ante estimate", "JSON with format footprint-ex-ante-estimate/1");
    detail::document d;
    d.lang = lang;
    d.generator = "footprint";
    const detail::texts tr{lang};
    try {
        const json& p = e.at("project");
        d.title = tr("Ex-ante estimate of emission reductions: ", "减排量事前估算：") +
                  detail::pick(lang, str(p.at("title").at("en")), str(p.at("title").at("zh")));
        d.heading(1, d.title);
        d.bullets({inline_text().t(tr("Methodology: ", "方法学：")).c(str(e.at("methodology").at("id")) + "@" +
                                                                     str(e.at("methodology").at("version"))),
                   inline_text().t(tr("Crediting period: ", "计入期：")).t(str(e.at("crediting_period").at("from")) + " .. " +
                                                                           str(e.at("crediting_period").at("to"))),
                   inline_text().t(tr("Estimate digest: ", "估算摘要：")).c(str(e.at("estimate_digest")), "digest")});
        assumptions_section(d, e, tr);
        years_section(d, e, tr);
        if (!comparison_json.empty()) comparison_section(d, json::parse(comparison_json), tr);
    } catch (const json::exception& x) {
        throw error("footprint.project.report-syntax", source_location{"<estimate>", 0, 0, {}, {}},
                    std::string("a field is missing or of the wrong type: ") + x.what(), "an estimate made by footprint");
    }
    return detail::render(d, format);
}

}  // namespace footprint
