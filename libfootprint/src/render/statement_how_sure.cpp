// "How sure": the uncertainty section of a format-3 statement, rendered.
// See detail/statement_document.hpp.

#include <fmt/format.h>

#include <cmath>

#include "render/detail/statement_chart.hpp"
#include "render/detail/statement_document.hpp"

namespace footprint::detail::statement_rendering {

namespace {

std::string t3(double t) { return group_thousands(fmt::format("{:.3f}", t)); }

}  // namespace

void uncertainty_section(document& d, const statement_view& v, const words& tr, bool with_charts) {
    const uncertainty_view& u = v.uncertainty;
    if (!u.present) return;
    d.begin_section("how-sure", true);
    d.heading(2, tr("How sure", "确定程度"), "how-sure-heading");
    d.paragraph(inline_text(fmt::format(
                    fmt::runtime(tr("Seeded Monte Carlo: {} iterations, seed {}. Each emission factor is drawn from its "
                                    "distribution (its source's, or derived from its data-quality ratings), one draw "
                                    "per factor and iteration shared by every shipment that uses it; methodology "
                                    "parameters, monitored values, catalog quantities and GWP values are held at their "
                                    "values. `footprint verify` draws it again and compares byte for byte.",
                                    "带种子的蒙特卡洛模拟：{} 次迭代，种子 {}。每个排放因子按其分布抽样（来源给出的分布，"
                                    "或由数据质量评级推导），每次迭代每个因子抽样一次，由使用该因子的所有装运共享；"
                                    "方法学参数、监测值、目录数量与全球变暖潜势值取其原值。`footprint verify` 重新抽样并逐字节比对。")),
                    u.iterations, u.seed)));
    if (!u.note.empty()) {
        d.paragraph(inline_text().b(tr("No shipments of this customer in the period: nothing to draw.",
                                       "本期间内该客户没有装运：无可抽样的内容。")),
                    "note");
        d.end_section();
        return;
    }
    {
        detail::table t = statement_table(tr("Emissions and reduction over the iterations (t CO2e)",
                                             "各次迭代的排放与减排量（t CO2e）"));
        t.header = {tr("Quantity", "类别"), tr("Stated", "声明值"), tr("Mean", "均值"), "2.5 %", tr("Median", "中位数"),
                    "97.5 %"};
        t.align = {left, right, right, right, right, right};
        auto row = [&](std::string label, std::int64_t g, const draws_summary& s, const char* id) {
            t.rows.push_back({txt(std::move(label)), num(shown_tonnes(g)), marked(t3(s.mean), id), num(t3(s.p2_5)),
                              num(t3(s.median)), num(t3(s.p97_5))});
        };
        row(tr("Baseline emissions (BE)", "基准排放 (BE)"), v.totals.baseline, u.baseline, "mc-baseline-mean");
        row(tr("Project emissions (PE)", "项目排放 (PE)"), v.totals.project, u.project, "mc-project-mean");
        row(tr("Emission reduction (ER)", "减排量 (ER)"), v.totals.reduction, u.reduction, "mc-reduction-mean");
        t.id = "table-how-sure";
        d.add_table(std::move(t));
    }
    {
        detail::table t = statement_table(tr("How sure the reduction is", "减排量的确定程度"));
        t.header = {tr("Figure", "项目"), tr("Value", "数值")};
        t.align = {left, right};
        t.rows.push_back({txt(tr("Probability that ER > 0", "ER > 0 的概率")),
                          marked(fmt::format("{:.4f}", u.probability_positive), "mc-probability-positive")});
        t.rows.push_back({txt(fmt::format(fmt::runtime(tr("ER at the {} quantile (t CO2e)", "{} 分位数处的 ER（t CO2e）")),
                                          u.quantile)),
                          num(t3(u.reduction_at_quantile_t))});
        t.rows.push_back({txt(tr("Whole tonnes at that quantile (rounded down)", "该分位数处的整吨数（向下取整）")),
                          marked(group_thousands(std::to_string(u.issuable_at_quantile_t)), "mc-issuable-at-quantile")});
        t.rows.push_back({txt(tr("Issuable (the stated total, what is issued)", "可签发量（声明合计，实际签发）")),
                          num(group_thousands(std::to_string(v.issuable_t)))});
        d.add_table(std::move(t));
    }
    d.paragraph(tr("Issuance stays the stated total's whole tonnes; the tonnes at the quantile are reported for a "
                   "conservative reading, not issued.",
                   "签发量仍为声明合计的整吨数；分位数处的吨数供保守解读参考，不用于签发。"),
                "small");
    if (with_charts && !u.sensitivity.empty())
        d.figure(tornado_chart(u, tr),
                 tr("Which factor matters: ER with one factor at its 2.5 % and 97.5 % quantiles, every other at its "
                    "value; the 10 first by rank correlation, widest first; after each id its share of ρ²",
                    "哪个因子最重要：单一因子取 2.5 % 与 97.5 % 分位数、其余取原值时的减排量；按秩相关取前 10 个，"
                    "按宽度排序；因子编号后为其 ρ² 占比"));
    {
        detail::table t = statement_table(tr("Sensitivity of ER to each factor", "减排量对各因子的敏感性"));
        t.header = {tr("Factor", "因子"), tr("Spearman ρ", "斯皮尔曼 ρ"), tr("Share of ρ²", "ρ² 占比"),
                    tr("ER at 2.5 % (t)", "2.5 % 处 ER（t）"), tr("ER at 97.5 % (t)", "97.5 % 处 ER（t）")};
        t.align = {left, right, right, right, right};
        for (const auto& e : u.sensitivity)
            t.rows.push_back({code_cell(e.factor_id), num(fmt::format("{:+.4f}", e.rho)),
                              num(fmt::format("{:.2f} %", 100 * e.share)), num(t3(e.er_low_t)), num(t3(e.er_high_t))});
        t.id = "table-sensitivity";
        t.keep_together = u.sensitivity.size() <= 24;
        d.add_table(std::move(t));
    }
    d.paragraph(inline_text(fmt::format(
                    fmt::runtime(tr("Linearity: every factor moved at once differs from the sum of one-at-a-time "
                                    "changes by {} g (the rounding of grams per shipment allows {} g).",
                                    "线性检验：所有因子同时变动与逐一变动之和相差 {} g（每次装运整克取整所允许的为 {} g）。")),
                    u.linearity_residual_g, u.linearity_bound_g)),
                "small");
    if (!u.drawn_inputs.empty()) {
        std::string names;
        for (const auto& n : u.drawn_inputs) names += (names.empty() ? "" : ", ") + n;
        d.paragraph(inline_text(fmt::format(
                        fmt::runtime(tr("Drawn through their measured responses: {}. Every such input moved at once "
                                        "differs from the sum of their responses by {} g (allowed {} g); with every "
                                        "factor moved too, by {} g (allowed {} g).",
                                        "按实测响应抽样的输入：{}。这些输入同时变动与各自响应之和相差 {} g（允许 {} g）；"
                                        "连同所有因子一起变动时相差 {} g（允许 {} g）。")),
                        names, u.inputs_residual_g, u.inputs_bound_g, u.interaction_residual_g,
                        u.interaction_bound_g)),
                    "small");
    }
    d.end_section();
}

}  // namespace footprint::detail::statement_rendering
