// CFP study reports (ISO 14067:2018, 7.3). See cfp_study.hpp.

#include "footprint/render/cfp_study.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "render/detail/document_model.hpp"
#include "footprint/products/cfp_report.hpp"
#include "footprint/core/number_text.hpp"
#include "footprint/core/version.hpp"

namespace footprint {

namespace {

bool has_part(std::string_view activity, std::string_view part) {
    std::size_t start = 0;
    while (start <= activity.size()) {
        std::size_t dot = activity.find('.', start);
        std::string_view piece = activity.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (piece == part) return true;
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    return false;
}

}  // namespace

bool is_aircraft_activity(std::string_view activity) { return has_part(activity, "air"); }

bool is_land_use_change_activity(std::string_view activity) {
    return has_part(activity, "luc") || has_part(activity, "land-use-change");
}

emission_split split_emissions(const footprint_result& r, const factor_library& factors) {
    emission_split s;
    for (const auto& st : r.stages)
        for (const auto& it : st.items) {
            if (it.fossil)
                (it.grams >= 0 ? s.fossil_emissions_g : s.fossil_removals_g) += it.grams;
            else
                (it.grams >= 0 ? s.biogenic_emissions_g : s.biogenic_removals_g) += it.grams;
            if (const emission_factor* f = factors.find(it.factor_id)) {
                if (is_land_use_change_activity(f->activity)) s.land_use_change_g += it.grams;
                if (is_aircraft_activity(f->activity)) s.aircraft_g += it.grams;
            }
        }
    s.total_g = r.grams;
    return s;
}

std::int64_t per_trip_grams(const packaging_product& product, const factor_library& factors,
                            const cfp_options& options, double trips) {
    // The same items compute_product_footprint builds for one trip, with the
    // unit's own life shared over `trips` instead of the design life.
    std::vector<inventory_item> items;
    items.reserve(product.items.size() + product.per_trip.size());
    for (const auto& item : product.items) {
        inventory_item shared = item;
        shared.share = item.share / trips;
        items.push_back(std::move(shared));
    }
    items.insert(items.end(), product.per_trip.begin(), product.per_trip.end());
    return compute_footprint(items, factors, options).grams;
}

cfp_study compute_cfp_study(const packaging_product& product, const factor_library& factors,
                            const cfp_options& options) {
    cfp_study s;
    s.product = &product;
    s.options = options;
    s.footprint = compute_product_footprint(product, factors, options);
    s.per_unit = split_emissions(s.footprint.per_unit, factors);
    s.per_trip = split_emissions(s.footprint.per_trip, factors);

    auto add_items = [&](const std::vector<inventory_item>& items, bool per_trip) {
        for (const auto& item : items) {
            study_item si;
            si.item = &item;
            si.per_trip = per_trip;
            footprint_result one = compute_footprint({item}, factors, options);
            si.result = one.stage(item.stage).items.front();
            si.factor = factors.find(si.result.factor_id);
            si.requested_region =
                item.region.empty() || options.region_overrides_items ? options.region : item.region;
            si.requested_year = item.year.value_or(options.year);
            if (si.factor) {
                si.aircraft = is_aircraft_activity(si.factor->activity);
                si.land_use_change = is_land_use_change_activity(si.factor->activity);
            }
            s.items.push_back(std::move(si));
        }
    };
    add_items(product.items, false);
    add_items(product.per_trip, true);

    for (const gwp_set* g : {&gwp_ar4, &gwp_ar5, &gwp_ar6}) {
        cfp_options o = options;
        o.gwp = g;
        product_footprint fp = compute_product_footprint(product, factors, o);
        s.gwp_cases.push_back(gwp_case{g, fp.per_unit.grams, fp.per_trip.grams});
    }
    if (product.reusable() && product.design_life_trips) {
        const double n = *product.design_life_trips;
        for (double trips : {n / 2, n, n * 2})
            s.life_cases.push_back(design_life_case{trips, per_trip_grams(product, factors, options, trips)});
    }
    return s;
}

// ---- the report -------------------------------------------------------------------

namespace {

using detail::code;
using detail::column_align;
using detail::inline_text;
using lang_t = document_language;

using detail::stage_name;
using detail::texts;

/// " ASSUMPTION. Reason: REASON", appended piece by piece: `"literal" + std::string&&`
/// trips GCC 12's -Wrestrict (bug 105651).
std::string reasoned(const citation& c, const texts& tr) {
    std::string out = " ";
    out += detail::sentence(c.assumption, tr.lang);
    out += tr(" Reason: ", "理由：");
    out += c.reason;
    return out;
}

std::string quantity_text(const measured& m) { return fmt::format("{} {}", shortest_text(m.value), m.unit.text); }

std::string years_text(const emission_factor& f) {
    return f.year_first == f.year_last ? std::to_string(f.year_first)
                                       : std::to_string(f.year_first) + "\u2013" + std::to_string(f.year_last);
}

std::string quality_text(const quality_rating& q, const texts& tr) {
    if (q.technological == 0 && q.geographical == 0 && q.temporal == 0) return tr("not rated", "未评级");
    auto r = [](int v) { return v == 0 ? std::string("\u2014") : std::to_string(v); };
    return "T" + r(q.technological) + " G" + r(q.geographical) + " Te" + r(q.temporal);
}

std::string percent(std::int64_t value, std::int64_t reference) {
    if (reference == 0) return "\u2014";
    return fmt::format("{:+.2f} %", 100.0 * static_cast<double>(value - reference) / static_cast<double>(reference));
}

std::string signed_kg(std::int64_t grams) { return grams > 0 ? fmt::format("+{}", format_kg(grams)) : format_kg(grams); }

const source_record* find_source(const std::string& id, const packaging_product& p, const factor_library& lib) {
    if (const source_record* s = lib.find_source(id)) return s;
    for (const auto& s : p.sources)
        if (s.id == id) return &s;
    return nullptr;
}

/// Whether an item's factor is an exact match for what it asked (region and
/// year), and if not, in what it stands in.
inline_text match_cell(const study_item& si, const texts& tr) {
    std::vector<std::string> proxies;
    const emission_factor* f = si.factor;
    if (f && f->region != si.requested_region)
        proxies.push_back(fmt::format("{}{}{}{}", tr("region ", "区域 "), f->region, tr(" for ", " 代替 "),
                                      si.requested_region));
    if (f && !f->valid_in(si.requested_year))
        proxies.push_back(fmt::format("{}{}{}{}", tr("years ", "年份 "), years_text(*f), tr(" for ", " 代替 "),
                                      si.requested_year));
    const bool named = !si.item->factor_id.empty();
    inline_text t;
    if (proxies.empty() && si.result.factor_exact) {
        t.t(named ? tr("exact (named by id)", "精确匹配（按编号指定）") : tr("exact", "精确匹配"));
        return t;
    }
    std::string text = tr("proxy: ", "替代：");
    for (std::size_t i = 0; i < proxies.size(); ++i) text += (i ? tr("; ", "；") : std::string()) + proxies[i];
    if (!named && !si.result.factor_exact) {
        text += proxies.empty() ? tr("fallback: ", "回退：") : tr("; fallback: ", "；回退：");
        for (std::size_t i = 0; i < si.result.fallback_path.size(); ++i)
            text += (i ? " \u2192 " : "") + si.result.fallback_path[i];
    }
    t.t(text);
    return t;
}

/// 1 Goal and scope.
void goal_section(detail::document& d, const texts& tr, const packaging_product& p, const cfp_options& o, bool reusable, int life) {
    d.heading(2, tr("1 Goal and scope", "1 研究目的与范围"), "goal");
    d.paragraph(tr("Goal: to quantify the cradle-to-grave greenhouse-gas emissions and removals of the packaging "
                   "product, stage by stage, per declared unit and per functional unit, from the packaging catalog "
                   "and the emission-factor data, so that every number can be rebuilt.",
                   "研究目的：依据包装目录与排放因子数据，逐阶段量化该包装产品从摇篮到坟墓的温室气体排放与清除，"
                   "分别按声明单位和功能单位给出结果，且每个数值都可复算。"));
    {
        std::vector<inline_text> facts;
        facts.push_back(inline_text().b(tr("Product:", "产品：")).t(" " + p.name));
        facts.push_back(inline_text().b(tr("Capacity:", "容量：")).t(" " + quantity_text(p.capacity)));
        inline_text tare;
        tare.b(tr("Tare mass:", "皮重：")).t(" " + quantity_text(p.tare_mass) + " (");
        if (p.tare_cited.is_assumption())
            tare.t(tr("assumption, see section 9", "假设，见第9节"));
        else
            tare.t(tr("source ", "来源 ")).c(p.tare_cited.source_id);
        tare.t(")");
        facts.push_back(std::move(tare));
        if (reusable) {
            facts.push_back(inline_text()
                                .b(tr("Design life:", "设计寿命："))
                                .t(" " + std::to_string(life) + tr(" trips", " 次周转")));
            if (p.folded_volume_ratio)
                facts.push_back(inline_text()
                                    .b(tr("Folded volume ratio:", "折叠体积比："))
                                    .t(" " + shortest_text(*p.folded_volume_ratio)));
        }
        facts.push_back(inline_text()
                            .b(tr("Time period:", "时间范围："))
                            .t(" " + tr("activity year ", "活动年份 ") + std::to_string(o.year) +
                               tr("; each factor is the one valid in that year, or the nearest by the declared "
                                  "fallback (section 7).",
                                  "；各排放因子取该年份有效者，否则按声明的回退规则取最接近者（第7节）。")));
        d.bullets(std::move(facts));
    }
}

/// 2 Functional unit and declared unit.
void unit_section(detail::document& d, const texts& tr, const packaging_product& p, bool reusable, int life) {
    d.heading(2, tr("2 Functional unit and declared unit", "2 功能单位与声明单位"), "unit");
    {
        std::vector<inline_text> units;
        units.push_back(inline_text()
                            .b(tr("Declared unit:", "声明单位："))
                            .t(" " + tr("one unit of the product, made, delivered to the filler and disposed of.",
                                        "一个产品单元：制造、运至灌装点并最终处置。")));
        units.push_back(inline_text()
                            .b(tr("Functional unit:", "功能单位："))
                            .t(" " + (p.functional_unit.empty() ? tr("one trip.", "一次周转。") : p.functional_unit)));
        units.push_back(inline_text()
                            .b(tr("Reference flow:", "基准流："))
                            .t(" " + (reusable ? fmt::format("{}{}{}", tr("1/", "1/"), life,
                                                              tr(" of a unit (its own life shared over its design "
                                                                 "life) plus the processes of one trip.",
                                                                 " 个单元（其自身生命周期按设计寿命分摊）加上一次周转的过程。"))
                                               : tr("one unit, used once.", "一个单元，使用一次。"))));
        d.bullets(std::move(units));
    }
}

/// 3 System boundary.
void boundary_section(detail::document& d, const cfp_study& s, lang_t lang, const texts& tr) {
    d.heading(2, tr("3 System boundary", "3 系统边界"), "boundary");
    d.paragraph(tr("Cradle to grave: raw material acquisition, production, distribution, use and end of life of the "
                   "packaging. The goods carried, their filling and the loaded haul of the filled unit are outside "
                   "the product system; an emission-reduction methodology computes them per shipment.",
                   "从摇篮到坟墓：包装的原材料获取、生产、分销、使用和寿命终止。所承运的货物、灌装以及满载运输不在产品系统内，"
                   "由减排方法学按每次装运计算。"));
    {
        detail::table t;
        t.header = {tr("Stage", "阶段"), tr("Included processes", "包括的过程"), tr("kg CO2e per unit", "kg CO2e/单元"),
                    tr("kg CO2e per trip", "kg CO2e/周转")};
        t.align = {column_align::left, column_align::left, column_align::right, column_align::right};
        for (auto st : all_stages) {
            std::size_t own = 0, trip = 0;
            for (const auto& si : s.items)
                if (si.item->stage == st) ++(si.per_trip ? trip : own);
            std::string what;
            if (own + trip == 0)
                what = tr("none modelled (see section 4)", "未建模（见第4节）");
            else
                what = fmt::format("{}{}", own + trip,
                                   trip == 0 ? tr(" item(s)", " 项")
                                             : fmt::format("{}{}{}", tr(" item(s), of which ", " 项，其中 "), trip,
                                                           tr(" per trip", " 项为每次周转")));
            t.rows.push_back({stage_name(st, lang), what, format_kg(s.footprint.per_unit.stage(st).grams),
                              format_kg(s.footprint.per_trip.stage(st).grams)});
        }
        d.add_table(std::move(t));
    }
}

/// 4 Cut-off criteria and exclusions.
void cut_off_section(detail::document& d, const texts& tr, const packaging_product& p) {
    d.heading(2, tr("4 Cut-off criteria and exclusions", "4 取舍准则与排除项"), "cut-off");
    d.paragraph(tr("No quantitative cut-off threshold is applied: every process for which a public figure was found "
                   "is included, and every process left out is listed below with its reason. Their effect on the "
                   "result is not quantified.",
                   "未采用定量的取舍阈值：凡找到公开数据的过程均已纳入，所有未纳入的过程连同理由列于下表，其对结果的影响未作量化。"));
    if (p.exclusions.empty()) {
        d.paragraph(tr("The catalog lists no exclusions for this product.", "目录未列出该产品的排除项。"));
    } else {
        detail::table t;
        t.header = {tr("Excluded", "排除的内容"), tr("Reason", "理由")};
        for (const auto& e : p.exclusions) t.rows.push_back({e.what, e.reason});
        d.add_table(std::move(t));
    }
}

/// 5 Allocation.
void allocation_section(detail::document& d, const texts& tr, bool reusable, int life) {
    d.heading(2, tr("5 Allocation", "5 分配"), "allocation");
    {
        std::vector<inline_text> rules;
        if (reusable)
            rules.push_back(inline_text()
                                .b(tr("Reuse:", "重复使用："))
                                .t(" " + fmt::format("{}{}{}{}", tr("the unit's own life (raw material, production, "
                                                                    "first delivery and end of life) is shared equally "
                                                                    "over its design life of ",
                                                                    "单元自身的生命周期（原材料、生产、首次运输和寿命终止）在其 "),
                                                     life,
                                                     tr(" trips, so each trip carries 1/", " 次周转的设计寿命内平均分摊，每次周转承担 1/"),
                                                     life) +
                                   tr(" of it; the processes of a trip (return haulage, washing, repair, "
                                      "consumables) are allocated to that trip alone.",
                                      "；每次周转自身的过程（空箱返程、清洗、维修、耗材）全部分配给该次周转。")));
        else
            rules.push_back(inline_text()
                                .b(tr("Single use:", "一次性使用："))
                                .t(" " + tr("the unit is used once, so its whole life belongs to one trip and no "
                                            "allocation between uses is needed.",
                                            "单元只使用一次，其全部生命周期归属于一次周转，无需在多次使用之间分配。")));
        rules.push_back(inline_text()
                            .b(tr("End-of-life recycling:", "寿命终止回收："))
                            .t(" " + tr("cut-off approach. The recycling route carries only the burden of "
                                        "collection, transport and processing, as its end-of-life factor states; no "
                                        "credit is given for primary material that the recycled material may replace.",
                                        "采用截断法。回收途径只承担其寿命终止因子所含的收集、运输和处理负荷；"
                                        "对回收材料可能替代的原生材料不给予抵扣。")));
        rules.push_back(inline_text()
                            .b(tr("Transport:", "运输："))
                            .t(" " + tr("freight is allocated by mass and distance (tonne-kilometres).",
                                        "货运按质量与距离（吨公里）分配。")));
        rules.push_back(inline_text()
                            .b(tr("Background data:", "背景数据："))
                            .t(" " + tr("emission factors carry the allocation their publishers chose (section 7).",
                                        "排放因子沿用其发布者所采用的分配方法（第7节）。")));
        d.bullets(std::move(rules));
    }
}

/// 6 Results.
void results_section(detail::document& d, const cfp_study& s, lang_t lang, const texts& tr) {
    d.heading(2, tr("6 Results", "6 结果"), "results");
    d.heading(3, tr("6.1 Carbon footprint by stage", "6.1 分阶段碳足迹"));
    {
        detail::table t;
        t.header = {tr("Stage", "阶段"), tr("kg CO2e per declared unit", "kg CO2e/声明单位"),
                    tr("kg CO2e per functional unit (trip)", "kg CO2e/功能单位（周转）")};
        t.align = {column_align::left, column_align::right, column_align::right};
        for (auto st : all_stages)
            t.rows.push_back({stage_name(st, lang), format_kg(s.footprint.per_unit.stage(st).grams),
                              format_kg(s.footprint.per_trip.stage(st).grams)});
        t.rows.push_back({inline_text().b(tr("Total", "合计")),
                          inline_text().b(format_kg(s.footprint.per_unit.grams)),
                          inline_text().b(format_kg(s.footprint.per_trip.grams))});
        d.add_table(std::move(t));
        d.paragraph(tr("Each item is rounded to the nearest gram CO2e; stage totals and the total are exact sums of "
                       "those integers.",
                       "每一项结果四舍五入至克CO2e；各阶段合计与总计均为这些整数的精确和。"));
    }
    d.heading(3, tr("6.2 Emissions and removals", "6.2 排放与清除"));
    {
        detail::table t;
        t.header = {"", tr("kg CO2e per declared unit", "kg CO2e/声明单位"),
                    tr("kg CO2e per functional unit (trip)", "kg CO2e/功能单位（周转）")};
        t.align = {column_align::left, column_align::right, column_align::right};
        auto row = [&](std::string label, std::int64_t a, std::int64_t b) {
            t.rows.push_back({std::move(label), format_kg(a), format_kg(b)});
        };
        row(tr("Fossil GHG emissions", "化石温室气体排放"), s.per_unit.fossil_emissions_g, s.per_trip.fossil_emissions_g);
        row(tr("Fossil GHG removals", "化石温室气体清除"), s.per_unit.fossil_removals_g, s.per_trip.fossil_removals_g);
        row(tr("Biogenic GHG emissions", "生物源温室气体排放"), s.per_unit.biogenic_emissions_g,
            s.per_trip.biogenic_emissions_g);
        row(tr("Biogenic GHG removals", "生物源温室气体清除"), s.per_unit.biogenic_removals_g,
            s.per_trip.biogenic_removals_g);
        row(tr("of which direct land-use change", "其中：直接土地利用变化"), s.per_unit.land_use_change_g,
            s.per_trip.land_use_change_g);
        row(tr("of which aircraft emissions", "其中：航空运输排放"), s.per_unit.aircraft_g, s.per_trip.aircraft_g);
        t.rows.push_back({inline_text().b(tr("Net total", "净合计")), inline_text().b(format_kg(s.per_unit.total_g)),
                          inline_text().b(format_kg(s.per_trip.total_g))});
        d.add_table(std::move(t));
        const bool any_luc = std::any_of(s.items.begin(), s.items.end(), [](const study_item& i) { return i.land_use_change; });
        const bool any_air = std::any_of(s.items.begin(), s.items.end(), [](const study_item& i) { return i.aircraft; });
        std::vector<inline_text> notes;
        notes.push_back(inline_text()
                            .b(tr("Land-use change:", "土地利用变化："))
                            .t(" " + (any_luc ? tr("reported separately above; it is included in the fossil or "
                                                   "biogenic figures of its factor.",
                                                   "已在上表中单独列出，并计入其因子所属的化石或生物源数值中。")
                                              : tr("not relevant: no land-use change in the system (no item uses a "
                                                   "land-use-change factor).",
                                                   "不相关：系统内无土地利用变化（没有任何项使用土地利用变化因子）。"))));
        notes.push_back(inline_text()
                            .b(tr("Aircraft emissions:", "航空运输排放："))
                            .t(" " + (any_air ? tr("reported separately above; they are included in the fossil "
                                                   "figures.",
                                                   "已在上表中单独列出，并计入化石排放数值中。")
                                              : tr("not relevant: no air transport in the system.",
                                                   "不相关：系统内无航空运输。"))));
        notes.push_back(inline_text()
                            .b(tr("Removals:", "清除："))
                            .t(" " + tr("an item with a negative result is counted as a removal. With the cut-off "
                                        "approach no item gives a credit, so removals are zero unless a factor "
                                        "itself is negative.",
                                        "结果为负的项计为清除。采用截断法时没有任何项给予抵扣，因此除非因子本身为负，清除为零。")));
        d.bullets(std::move(notes));
    }
    if (!s.footprint.per_unit.gases.empty() || !s.footprint.per_trip.gases.empty()) {
        d.heading(3, tr("6.3 Greenhouse gases", "6.3 温室气体"));
        d.paragraph(tr("Masses of single gases, where the factors give them per gas (factors published as CO2e do "
                       "not).",
                       "按气体分列的质量，仅限按气体给出的因子（以CO2e发布的因子不含此信息）。"));
        detail::table t;
        t.header = {tr("Gas", "气体"), tr("kg per declared unit", "kg/声明单位"), tr("kg per trip", "kg/周转")};
        t.align = {column_align::left, column_align::right, column_align::right};
        for (gas_id g : all_gases) {
            const double a = s.footprint.per_unit.gases.kg[static_cast<std::size_t>(g)];
            const double b = s.footprint.per_trip.gases.kg[static_cast<std::size_t>(g)];
            if (a == 0 && b == 0) continue;
            t.rows.push_back({std::string(gas_name(g)), fmt::format("{:.6g}", a), fmt::format("{:.6g}", b)});
        }
        d.add_table(std::move(t));
    }
}

/// 7 Data sources and data quality.
void data_section(detail::document& d, const cfp_study& s, lang_t lang, const texts& tr, const cfp_options& o) {
    d.heading(2, tr("7 Data sources and data quality", "7 数据来源与数据质量"), "data");
    d.paragraph(tr("Activity data (quantities) come from the packaging catalog, each with a source or a labelled "
                   "assumption. Each is multiplied by an emission factor from the factor data, looked up by "
                   "activity, region and year with the declared fallback, or named by id. A factor is an exact "
                   "match when it is for the region and valid in the year asked for; otherwise it is a proxy, and "
                   "the table says for what.",
                   "活动数据（数量）来自包装目录，每项都注明来源或标明为假设。每项乘以排放因子数据中的一个因子，"
                   "该因子按活动、区域和年份依声明的回退规则查得，或按编号指定。因子的区域与所需区域一致且在所需年份有效时为精确匹配，"
                   "否则为替代值，表中注明其替代的内容。"));
    {
        detail::table t;
        t.header = {tr("Item", "项目"), tr("Stage", "阶段"), tr("Basis", "基准"), tr("Quantity", "数量"),
                    tr("Quantity source", "数量来源"), tr("Factor", "因子"), tr("kg CO2e", "kg CO2e"),
                    tr("Match", "匹配")};
        t.align = {column_align::left, column_align::left, column_align::left, column_align::right,
                   column_align::left, column_align::left, column_align::right, column_align::left};
        for (const auto& si : s.items) {
            std::string q = quantity_text(si.item->quantity);
            if (si.item->share != 1.0) q += " \u00d7 " + shortest_text(si.item->share);
            inline_text qs;
            if (si.item->cited.is_assumption())
                qs.t(tr("assumption (section 9)", "假设（第9节）"));
            else
                qs.c(si.item->cited.source_id);
            t.rows.push_back({si.item->name, stage_name(si.item->stage, lang),
                              si.per_trip ? tr("per trip", "每次周转") : tr("per unit", "每单元"), q, qs,
                              code(si.result.factor_id), format_kg(si.result.grams), match_cell(si, tr)});
        }
        d.add_table(std::move(t));
    }
    {
        d.paragraph(tr("The factors used, with their quality ratings (PACT Pathfinder: T technological, G "
                       "geographical, Te temporal representativeness, 1 best to 5 worst):",
                       "所用排放因子及其数据质量评级（PACT Pathfinder：T 技术代表性、G 地理代表性、Te 时间代表性，1 最好、5 最差）："));
        detail::table t;
        t.header = {tr("Factor", "因子"), tr("Value", "数值"), tr("Source", "来源"), tr("Region", "区域"),
                    tr("Years", "年份"), tr("Scope", "范围"), tr("Quality", "质量"), tr("CO2e basis", "CO2e 依据")};
        t.align = {column_align::left, column_align::right, column_align::left, column_align::left,
                   column_align::left, column_align::left, column_align::left, column_align::left};
        std::set<std::string> seen;
        for (const auto& si : s.items) {
            const emission_factor* f = si.factor;
            if (!f || !seen.insert(f->id).second) continue;
            inline_text src;
            src.c(f->cited.source_id);
            if (!f->cited.table.empty()) src.t(", " + f->cited.table);
            std::string basis = f->co2e_per_activity
                                    ? tr("CO2e as published", "按发布值（CO2e）") +
                                          (f->gwp_assumed.empty() ? std::string() : " (" + f->gwp_assumed + ")")
                                    : tr("per gas \u00d7 GWP ", "按气体 \u00d7 GWP ") + std::string(o.gwp->name);
            t.rows.push_back({code(f->id), fmt::format("{:.10g} {}", si.result.factor_value, si.result.factor_unit),
                              src, f->region, years_text(*f), f->scope, quality_text(f->quality, tr), basis});
        }
        d.add_table(std::move(t));
    }
    {
        std::vector<inline_text> grid;
        for (const auto& si : s.items)
            if (si.factor && si.factor->activity.rfind("electricity", 0) == 0)
                grid.push_back(inline_text()
                                   .t(si.item->name + ": ")
                                   .c(si.factor->id)
                                   .t(fmt::format(" ({}, {})", si.factor->region, years_text(*si.factor))));
        const std::string electricity =
            grid.empty() ? tr("no electricity is consumed in the modelled system.", "所建模的系统中不消耗电力。")
                         : tr("location-based grid-average factors for the region where the electricity is used; no "
                              "supplier-specific or renewable-energy contracts are claimed.",
                              "采用用电所在区域的基于位置的电网平均因子；未使用供应商特定因子或可再生能源合同。");
        d.paragraph(inline_text().b(tr("Electricity:", "电力：")).t(" ").t(electricity));
        d.bullets(std::move(grid));
    }
}

/// 8 GWP values.
void gwp_section(detail::document& d, const texts& tr, const cfp_options& o) {
    d.heading(2, tr("8 GWP values", "8 全球变暖潜势值"), "gwp");
    d.paragraph(inline_text()
                    .t(tr("GWP100 values of ", "采用 "))
                    .b(std::string(o.gwp->name))
                    .t(tr(": ", "的GWP100值：") + std::string(o.gwp->source) +
                       tr(". They weight the factors given per gas; factors published as CO2e are used as "
                          "published, on the basis their publishers state.",
                          "。这些值用于按气体给出的因子；以CO2e发布的因子按发布值使用，其依据以发布者的说明为准。")));
    {
        detail::table t;
        t.header = {tr("Gas", "气体"), "GWP100 (kg CO2e/kg)"};
        t.align = {column_align::left, column_align::right};
        for (gas_id g : all_gases) t.rows.push_back({std::string(gas_name(g)), shortest_text(o.gwp->gwp(g))});
        d.add_table(std::move(t));
    }
}

/// 9 Assumptions.
void assumptions_section(detail::document& d, const cfp_study& s, lang_t lang, const texts& tr, const packaging_product& p) {
    d.heading(2, tr("9 Assumptions", "9 假设"), "assumptions");
    {
        std::vector<inline_text> items;
        if (p.tare_cited.is_assumption())
            items.push_back(inline_text()
                                .b(tr("Tare mass", "皮重") + " (" + quantity_text(p.tare_mass) + tr("):", ")："))
                                .t(reasoned(p.tare_cited, tr)));
        for (const auto& si : s.items) {
            const citation& c = si.item->cited;
            if (!c.is_assumption()) continue;
            items.push_back(inline_text()
                                .b(si.item->name + " (" + stage_name(si.item->stage, lang) + tr("):", ")："))
                                .t(reasoned(c, tr)));
        }
        if (items.empty())
            d.paragraph(tr("Every quantity has a published source; no assumption is made.", "每个数量都有公开来源，未作任何假设。"));
        else
            d.bullets(std::move(items));
    }
}

/// 10 Sensitivity.
void sensitivity_section(detail::document& d, const cfp_study& s, const texts& tr, const cfp_options& o, int life) {
    d.heading(2, tr("10 Sensitivity", "10 敏感性分析"), "sensitivity");
    d.heading(3, tr("10.1 GWP values", "10.1 全球变暖潜势值"));
    {
        std::int64_t ref_unit = s.footprint.per_unit.grams, ref_trip = s.footprint.per_trip.grams;
        detail::table t;
        t.header = {tr("GWP set", "GWP 版本"), tr("kg CO2e per unit", "kg CO2e/单元"), tr("difference", "差异"),
                    tr("kg CO2e per trip", "kg CO2e/周转"), tr("difference", "差异")};
        t.align = {column_align::left, column_align::right, column_align::right, column_align::right, column_align::right};
        for (const auto& g : s.gwp_cases)
            t.rows.push_back({std::string(g.gwp->name) + (g.gwp == o.gwp ? tr(" (used)", "（采用）") : ""),
                              format_kg(g.per_unit_g),
                              signed_kg(g.per_unit_g - ref_unit) + " (" + percent(g.per_unit_g, ref_unit) + ")",
                              format_kg(g.per_trip_g),
                              signed_kg(g.per_trip_g - ref_trip) + " (" + percent(g.per_trip_g, ref_trip) + ")"});
        d.add_table(std::move(t));
        d.paragraph(tr("Only factors given per gas move with the GWP set; factors published as CO2e keep their "
                       "publishers' values, so a small difference does not mean that the GWP choice is immaterial "
                       "for those factors.",
                       "只有按气体给出的因子会随GWP版本变化；以CO2e发布的因子保持发布值，因此差异小并不表示GWP的选择对这些因子无关紧要。"));
    }
    d.heading(3, tr("10.2 Design life", "10.2 设计寿命"));
    if (s.life_cases.empty()) {
        d.paragraph(tr("Not applicable: a single-use unit makes one trip.", "不适用：一次性包装只周转一次。"));
    } else {
        std::int64_t ref = s.footprint.per_trip.grams;
        detail::table t;
        t.header = {tr("Design life (trips)", "设计寿命（次）"), tr("kg CO2e per trip", "kg CO2e/周转"),
                    tr("difference", "差异")};
        t.align = {column_align::left, column_align::right, column_align::right};
        for (const auto& c : s.life_cases)
            t.rows.push_back({shortest_text(c.trips) + (c.trips == life ? tr(" (as designed)", "（设计值）") : ""),
                              format_kg(c.per_trip_g), signed_kg(c.per_trip_g - ref) + " (" + percent(c.per_trip_g, ref) + ")"});
        d.add_table(std::move(t));
        d.paragraph(tr("Half and double the design life: the unit's own life is shared over fewer or more trips, the "
                       "per-trip processes stay as they are.",
                       "设计寿命减半与加倍：单元自身生命周期分摊到更少或更多的周转次数上，每次周转的过程保持不变。"));
    }
}

/// 11 Limitations.
void limitations_section(detail::document& d, const cfp_study& s, const texts& tr, const packaging_product& p, bool reusable) {
    d.heading(2, tr("11 Limitations", "11 局限性"), "limitations");
    {
        std::size_t proxies = 0, assumptions = 0;
        for (const auto& si : s.items) {
            const bool exact = si.result.factor_exact && si.factor && si.factor->region == si.requested_region &&
                               si.factor->valid_in(si.requested_year);
            if (!exact) ++proxies;
            if (si.item->cited.is_assumption()) ++assumptions;
        }
        if (p.tare_cited.is_assumption()) ++assumptions;
        std::vector<inline_text> lim;
        lim.push_back(tr("The study covers climate change only; other environmental impacts are not assessed.",
                         "本研究只涉及气候变化，不评价其他环境影响。"));
        if (proxies > 0)
            lim.push_back(fmt::format("{}{}{}{}", proxies, tr(" of ", " 项（共 "), s.items.size(),
                                      tr(" items use a factor that stands in for another region or year (section 7).",
                                         " 项）使用的因子替代了其他区域或年份（第7节）。")));
        if (assumptions > 0)
            lim.push_back(fmt::format("{}{}", assumptions,
                                      tr(" quantities rest on labelled assumptions rather than measured or published "
                                         "data (section 9).",
                                         " 个数量基于标明的假设，而非实测或公开数据（第9节）。")));
        if (!p.exclusions.empty())
            lim.push_back(fmt::format("{}{}", p.exclusions.size(),
                                      tr(" processes are excluded without an estimate of their effect (section 4).",
                                         " 个过程被排除，其影响未作估算（第4节）。")));
        lim.push_back(tr("Factors published as CO2e are used on their publishers' GWP basis; the GWP sensitivity "
                         "(section 10.1) moves only the factors given per gas.",
                         "以CO2e发布的因子沿用发布者的GWP依据；GWP敏感性分析（第10.1节）只影响按气体给出的因子。"));
        lim.push_back(tr("No uncertainty analysis is made: the uncertainty ranges that some factors state are not "
                         "propagated to the result.",
                         "未进行不确定性分析：部分因子给出的不确定性范围未传递到结果中。"));
        lim.push_back(tr("The biogenic carbon content of the product is not quantified.", "未量化产品的生物源碳含量。"));
        if (reusable)
            lim.push_back(tr("Per-trip results depend on the design life (section 10.2) and do not count units lost "
                             "before the end of their design life; a methodology adds losses per shipment.",
                             "每次周转的结果取决于设计寿命（第10.2节），且未计入在设计寿命结束前丢失的单元；方法学按每次装运计入丢失。"));
        d.bullets(std::move(lim));
        if (!p.notes.empty()) {
            d.heading(3, tr("Notes from the catalog", "目录说明"));
            d.paragraph(p.notes);
        }
    }
}

/// 12 Sources.
void sources_section(detail::document& d, const cfp_study& s, const factor_library& lib, const texts& tr, const packaging_product& p) {
    d.heading(2, tr("12 Sources", "12 参考文献"), "sources");
    {
        std::vector<std::string> ids;
        auto cite = [&](const citation& c) {
            if (!c.is_assumption() && std::find(ids.begin(), ids.end(), c.source_id) == ids.end())
                ids.push_back(c.source_id);
        };
        cite(p.tare_cited);
        for (const auto& si : s.items) cite(si.item->cited);
        for (const auto& si : s.items)
            if (si.factor) cite(si.factor->cited);
        std::vector<inline_text> items;
        for (const auto& id : ids) {
            inline_text t;
            t.c(id);
            if (const source_record* r = find_source(id, p, lib)) {
                t.t(tr(": ", "：") + r->publisher + ", " + r->title +
                    (r->year != 0 ? " (" + std::to_string(r->year) + ")" : tr(" (year not stated)", "（年份未注明）")));
                if (!r->url.empty()) t.t(". ").c(r->url);
            }
            items.push_back(std::move(t));
        }
        d.bullets(std::move(items));
    }
    d.heading(3, tr("Study record", "研究记录"));
    {
        std::vector<inline_text> rec;
        rec.push_back(inline_text().b(tr("Software:", "软件：")).t(std::string(" footprint ") + version));
        for (const auto& l : lib.layers()) {
            inline_text t;
            t.b(tr("Factor data:", "排放因子数据：")).t(" ");
            if (l.digest.empty()) {
                t.t(tr("reviewed factor files (YAML) in ", "经审核的因子文件（YAML），位于 "));
                t.c(l.origin.empty() ? l.name : l.origin);
                t.t(tr("; no factor-set digest", "；无因子集数字指纹"));
            } else {
                t.t(l.name + " " + l.version + tr(", digest ", "，数字指纹 ")).c(l.digest);
            }
            rec.push_back(std::move(t));
        }
        rec.push_back(inline_text().b(tr("Catalog entry:", "目录条目：")).t(" ").c(p.id));
        d.bullets(std::move(rec));
    }
}

detail::document build(const cfp_study& s, const factor_library& lib, lang_t lang) {
    texts tr{lang};
    const packaging_product& p = *s.product;
    const cfp_options& o = s.options;
    const bool reusable = p.reusable();
    const int life = p.design_life_trips.value_or(1);
    detail::document d;
    d.lang = lang;
    d.title = tr("Carbon footprint study: ", "产品碳足迹研究报告：") + p.id;

    d.heading(1, tr("Carbon footprint study (ISO 14067): ", "产品碳足迹研究报告（ISO 14067）：") + p.name);
    d.paragraph(inline_text()
                    .b(tr("Product", "产品"))
                    .t(" ")
                    .c(p.id)
                    .t(" \u00b7 " + (reusable ? tr("reusable", "可循环") : tr("single-use", "一次性")) + " \u00b7 ")
                    .b("GWP100")
                    .t(" " + std::string(o.gwp->name) + " \u00b7 ")
                    .b(tr("Activity year", "活动年份"))
                    .t(" " + std::to_string(o.year) + " \u00b7 ")
                    .b(tr("Default region", "默认区域"))
                    .t(" " + o.region));
    d.paragraph(tr("This study addresses one impact category only, climate change. It does not assess other "
                   "environmental impacts of the product, and a carbon footprint is not an indicator of the "
                   "product's overall environmental performance.",
                   "本研究只涉及气候变化这一个影响类别，不评价产品的其他环境影响；碳足迹不是产品整体环境绩效的指标。"));

    goal_section(d, tr, p, o, reusable, life);
    unit_section(d, tr, p, reusable, life);
    boundary_section(d, s, lang, tr);
    cut_off_section(d, tr, p);
    allocation_section(d, tr, reusable, life);
    results_section(d, s, lang, tr);
    data_section(d, s, lang, tr, o);
    gwp_section(d, tr, o);
    assumptions_section(d, s, lang, tr, p);
    sensitivity_section(d, s, tr, o, life);
    limitations_section(d, s, tr, p, reusable);
    sources_section(d, s, lib, tr, p);
    return d;
}

}  // namespace

std::string render_cfp_study(const cfp_study& study, const factor_library& factors, document_format format,
                             document_language lang) {
    return detail::render(build(study, factors, lang), format);
}

std::string render_cfp_study_markdown(const cfp_study& study, const factor_library& factors, std::string_view lang) {
    return render_cfp_study(study, factors, document_format::markdown, parse_document_language(lang));
}

std::string render_cfp_study_html(const cfp_study& study, const factor_library& factors, std::string_view lang) {
    return render_cfp_study(study, factors, document_format::html, parse_document_language(lang));
}

}  // namespace footprint
