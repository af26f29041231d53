// Stage tables and JSON for product footprints.

#include "footprint/products/cfp_report.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace footprint {
namespace {

using json = nlohmann::ordered_json;

std::string kind_text(packaging_kind k) { return k == packaging_kind::reusable ? "reusable" : "single-use"; }

std::string measured_text(const measured& m) { return fmt::format("{:g} {}", m.value, m.unit.text); }

json measured_json(const measured& m) { return json{{"value", m.value}, {"unit", m.unit.text}}; }

json citation_json(const citation& c, const std::vector<source_record>* local, const factor_library& lib) {
    if (c.is_assumption()) return json{{"assumption", c.assumption}, {"reason", c.reason}};
    json j{{"source", c.source_id}};
    if (!c.table.empty()) j["table"] = c.table;
    const source_record* s = lib.find_source(c.source_id);
    if (s == nullptr && local != nullptr)
        for (const auto& l : *local)
            if (l.id == c.source_id) s = &l;
    if (s != nullptr) {
        j["publisher"] = s->publisher;
        j["title"] = s->title;
        j["year"] = s->year;
        if (!s->url.empty()) j["url"] = s->url;
    }
    return j;
}

json gases_json(const gas_breakdown& g) {
    json j = json::object();
    for (gas_id id : all_gases)
        if (double v = g.kg[static_cast<std::size_t>(id)]; v != 0) j[std::string(gas_name(id))] = v;
    return j;
}

json result_json(const footprint_result& r, const packaging_product& p, const factor_library& lib) {
    json stages = json::array();
    for (const auto& st : r.stages) {
        json items = json::array();
        for (const auto& it : st.items) {
            const emission_factor* f = lib.find(it.factor_id);
            json factor{{"id", it.factor_id},
                        {"name", it.factor_name},
                        {"kg_co2e_per_unit", it.factor_value},
                        {"unit", it.factor_unit},
                        {"exact_match", it.factor_exact},
                        {"fallback_path", it.fallback_path}};
            if (f != nullptr) {
                if (f->co2e_per_activity || f->gases.size() == 1) {
                    factor["as_published"] = json{{"value", f->co2e_per_activity ? f->value : f->gases.front().as_written},
                                                  {"unit", f->unit.text}};
                } else {
                    json g = json::object();
                    for (const auto& ga : f->gases) g[std::string(gas_name(ga.gas))] = ga.as_written;
                    factor["as_published"] = json{{"gases", g}, {"unit", f->unit.text}};
                }
                factor["region"] = f->region;
                factor["years"] = json::array({f->year_first, f->year_last});
                factor["scope"] = f->scope;
                factor["source"] = citation_json(f->cited, nullptr, lib);
            }
            json item{{"name", it.name},
                      {"quantity", measured_json(it.quantity)},
                      {"share", it.share},
                      {"quantity_source", citation_json(it.cited, &p.sources, lib)},
                      {"factor", factor},
                      {"fossil", it.fossil},
                      {"kg_co2e", it.emission.value()},
                      {"g_co2e", it.grams}};
            if (!it.gases.empty()) item["gases_kg"] = gases_json(it.gases);
            items.push_back(std::move(item));
        }
        stages.push_back(json{{"stage", std::string(stage_key(st.stage))},
                              {"title", std::string(stage_title(st.stage))},
                              {"g_co2e", st.grams},
                              {"fossil_g_co2e", st.fossil_grams},
                              {"biogenic_g_co2e", st.biogenic_grams},
                              {"items", items}});
    }
    json j{{"stages", stages},
           {"total_g_co2e", r.grams},
           {"fossil_g_co2e", r.fossil_grams},
           {"biogenic_g_co2e", r.biogenic_grams}};
    if (!r.gases.empty()) j["gases_kg"] = gases_json(r.gases);
    return j;
}

json product_json(const product_footprint& fp, const factor_library& lib, const cfp_options& o) {
    const packaging_product& p = *fp.product;
    json prod{{"id", p.id},
              {"name", p.name},
              {"kind", kind_text(p.kind)},
              {"capacity", measured_json(p.capacity)},
              {"tare_mass", measured_json(p.tare_mass)},
              {"tare_mass_source", citation_json(p.tare_cited, &p.sources, lib)}};
    if (p.design_life_trips) prod["design_life_trips"] = *p.design_life_trips;
    if (p.folded_volume_ratio) prod["folded_volume_ratio"] = *p.folded_volume_ratio;
    if (!p.functional_unit.empty()) prod["functional_unit"] = p.functional_unit;
    json excl = json::array();
    for (const auto& e : p.exclusions) excl.push_back(json{{"what", e.what}, {"reason", e.reason}});
    prod["exclusions"] = excl;
    const gwp_set& g = *o.gwp;
    return json{{"product", prod},
                {"gwp", json{{"set", std::string(g.name)}, {"source", std::string(g.source)}}},
                {"year", o.year},
                {"default_region", o.region},
                {"declared_unit", "one unit: made, delivered to the filler and disposed of"},
                {"per_unit", result_json(fp.per_unit, p, lib)},
                {"functional_unit", p.reusable() ? "one trip: 1/" + std::to_string(p.design_life_trips.value_or(1)) +
                                                       " of the unit's own life plus the trip's own processes"
                                                 : "one trip: the unit is used once"},
                {"per_trip", result_json(fp.per_trip, p, lib)}};
}

}  // namespace

std::string format_kg(std::int64_t grams) {
    std::int64_t a = grams < 0 ? -grams : grams;
    return fmt::format("{}{}.{:03}", grams < 0 ? "-" : "", a / 1000, a % 1000);
}

std::string render_cfp_table(const product_footprint& fp, const factor_library& lib, const cfp_options& o) {
    const packaging_product& p = *fp.product;
    std::string out;
    out += fmt::format("{} — {}\n", p.id, p.name);
    out += fmt::format("  {}, capacity {}, tare {}", kind_text(p.kind), measured_text(p.capacity),
                       measured_text(p.tare_mass));
    if (p.design_life_trips) out += fmt::format(", design life {} trips", *p.design_life_trips);
    out += fmt::format("\n  GWP100 {} · activity year {} · default region {}\n\n", o.gwp->name, o.year, o.region);
    out += fmt::format("  {:<26} {:>18} {:>18}\n", "Stage (kg CO2e)", "per unit", "per trip");
    for (auto s : all_stages)
        out += fmt::format("  {:<26} {:>18} {:>18}\n", stage_title(s), format_kg(fp.per_unit.stage(s).grams),
                           format_kg(fp.per_trip.stage(s).grams));
    out += fmt::format("  {:<26} {:>18} {:>18}\n", "Total", format_kg(fp.per_unit.grams), format_kg(fp.per_trip.grams));
    out += fmt::format("  {:<26} {:>18} {:>18}\n", "  of which fossil", format_kg(fp.per_unit.fossil_grams),
                       format_kg(fp.per_trip.fossil_grams));
    out += fmt::format("  {:<26} {:>18} {:>18}\n", "  of which biogenic", format_kg(fp.per_unit.biogenic_grams),
                       format_kg(fp.per_trip.biogenic_grams));
    const footprint_result& detail = p.reusable() ? fp.per_trip : fp.per_unit;
    out += fmt::format("\n  Items ({}):\n", p.reusable() ? "per trip" : "per unit");
    for (const auto& st : detail.stages)
        for (const auto& it : st.items) {
            const emission_factor* f = lib.find(it.factor_id);
            out += fmt::format("    {:<13} {:<46} {:>10} {}× {:.6g} {} [{}] = {} kg\n", stage_key(it.stage), it.name,
                               measured_text(it.quantity),
                               it.share != 1.0 ? fmt::format("× {:.4g} ", it.share) : std::string(),
                               it.factor_value, it.factor_unit, f ? f->id : it.factor_id, format_kg(it.grams));
        }
    for (const auto& e : p.exclusions) out += fmt::format("  excluded: {} ({})\n", e.what, e.reason);
    return out;
}

std::string render_cfp_json(const std::vector<product_footprint>& fps, const factor_library& lib,
                            const cfp_options& o, bool as_array) {
    if (!as_array && fps.size() == 1) return product_json(fps.front(), lib, o).dump(2) + "\n";
    json arr = json::array();
    for (const auto& fp : fps) arr.push_back(product_json(fp, lib, o));
    return arr.dump(2) + "\n";
}

}  // namespace footprint
