// Tables, text and JSON for factors, look-ups, set identities and diffs.

#include "footprint/factors/factor_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "factors/detail/distribution_json.hpp"

namespace footprint {
namespace {

using json = nlohmann::ordered_json;

std::string years_text(const emission_factor& f) {
    return f.year_first == f.year_last ? std::to_string(f.year_first)
                                       : std::to_string(f.year_first) + "–" + std::to_string(f.year_last);
}

/// The amount as its source wrote it: "0.5366 kg CO2/kWh" or "CO2 74100, CH4 3, N2O 0.6 kg/TJ".
std::string written_text(const factor_library& lib, const emission_factor& f) {
    const written_numbers& w = lib.written(f);
    if (f.unit.emission != emission_kind::none) return w.value + " " + f.unit.text;
    std::string out;
    for (std::size_t i = 0; i < f.gases.size() && i < w.gases.size(); ++i)
        out += (i ? ", " : "") + std::string(gas_name(f.gases[i].gas)) + " " + w.gases[i];
    return out + " " + f.unit.text;
}

std::string co2e_unit(const emission_factor& f) { return "kg CO2e/" + f.activity_unit.text; }

/// Whether the view's GWP set was applied (forms b and c) or the value is CO2e as published (form a).
bool gwp_applied(const emission_factor& f) { return !f.co2e_per_activity.has_value(); }

std::string set_label(const factor_library& lib, std::size_t layer) {
    const factor_layer& l = lib.layers().at(layer);
    return l.name.empty() ? l.origin : l.name;
}

json layer_json(const factor_layer& l) {
    return json{{"name", l.name}, {"version", l.version}, {"digest", l.digest}, {"file", l.origin}};
}

json gwp_json(const factor_view& v) {
    return json{{"set", std::string(v.gwp.name)}, {"source", std::string(v.gwp.source)}, {"chosen_by", v.gwp_chosen_by}};
}

json source_json(const factor_library& lib, const citation& c) {
    if (c.is_assumption()) return json{{"assumption", c.assumption}, {"reason", c.reason}};
    json j{{"id", c.source_id}};
    if (!c.table.empty()) j["table"] = c.table;
    if (const source_record* s = lib.find_source(c.source_id)) {
        j["publisher"] = s->publisher;
        j["title"] = s->title;
        j["year"] = s->year;
        if (!s->url.empty()) j["url"] = s->url;
        if (!s->licence.empty()) j["licence"] = s->licence;
    }
    return j;
}

json nullable(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json factor_json(const factor_view& v, const emission_factor& f, bool full) {
    const written_numbers& w = v.library.written(f);
    const bool per_gas = f.unit.emission == emission_kind::none;
    json gases = json::array();
    for (std::size_t i = 0; i < f.gases.size(); ++i)
        gases.push_back(json{{"gas", std::string(gas_name(f.gases[i].gas))},
                             {"amount", f.gases[i].as_written},
                             {"amount_text", i < w.gases.size() ? w.gases[i] : std::string()},
                             {"unit", f.unit.text}});
    json j{{"id", f.id},
           {"name", f.name},
           {"activity", f.activity},
           {"activity_unit", f.activity_unit.text},
           {"value", per_gas ? json(nullptr) : json(f.value)},
           {"value_text", per_gas ? json(nullptr) : json(w.value)},
           {"unit", f.unit.text},
           {"gases", gases},
           {"kg_co2e_per_activity_unit", f.kg_co2e_per_activity_unit(v.gwp)},
           {"co2e_unit", co2e_unit(f)},
           {"gwp_applied", gwp_applied(f)},
           {"gwp_assumed", nullable(f.gwp_assumed)},
           {"scope", f.scope},
           {"fossil", f.fossil},
           {"region", f.region},
           {"years", json::array({f.year_first, f.year_last})},
           {"source", source_json(v.library, f.cited)},
           {"set", set_label(v.library, v.library.layer_of(f))}};
    if (full) {
        j["quality"] = json{{"technological", f.quality.technological},
                            {"geographical", f.quality.geographical},
                            {"temporal", f.quality.temporal}};
        if (f.uncertainty) {
            j["uncertainty"] = json{{"distribution", f.uncertainty->distribution},
                                    {"low", f.uncertainty->low},
                                    {"high", f.uncertainty->high},
                                    {"sd", f.uncertainty->sd},
                                    {"low_text", nullable(w.uncertainty_low)},
                                    {"high_text", nullable(w.uncertainty_high)},
                                    {"sd_text", nullable(w.uncertainty_sd)}};
        } else {
            j["uncertainty"] = nullptr;
        }
        try {
            j["distribution"] = detail::distribution_json(distribution_of(f));
        } catch (const error& e) {  // a stated uncertainty Monte Carlo cannot draw: say why
            j["distribution"] = nullptr;
            j["distribution_problem"] = e.problems().front().str();
        }
        j["notes"] = f.notes;
        j["read_from"] = f.where.str();
    }
    return j;
}

json sets_json(const factor_library& lib) {
    json sets = json::array();
    for (const auto& l : lib.layers()) sets.push_back(layer_json(l));
    return sets;
}

std::string short_digest(const std::string& d) { return d.empty() ? "no digest" : "sha256 " + d.substr(0, 16) + "…"; }

}  // namespace

std::string render_factor_table(const factor_view& v, const std::vector<const emission_factor*>& fs) {
    std::size_t w_id = 2, w_val = 5;
    std::vector<std::string> vals;
    for (const auto* f : fs) {
        vals.push_back(written_text(v.library, *f));
        w_id = std::max(w_id, f->id.size());
        w_val = std::max(w_val, vals.back().size());
    }
    const bool layered = v.library.layers().size() > 1;
    std::string out = fmt::format("{:<{}}  {:<{}}  {:>14} {:<16}  {:<12}  {:<9}  {}{}\n", "id", w_id, "value", w_val,
                                  "kg CO2e", "per unit", "region", "years", "source", layered ? "  [set]" : "");
    for (std::size_t i = 0; i < fs.size(); ++i) {
        const emission_factor& f = *fs[i];
        std::string set = layered ? "  [" + set_label(v.library, v.library.layer_of(f)) + "]" : "";
        out += fmt::format("{:<{}}  {:<{}}  {:>14.6g} {:<16}  {:<12}  {:<9}  {}{}\n", f.id, w_id, vals[i], w_val,
                           f.kg_co2e_per_activity_unit(v.gwp), "/" + f.activity_unit.text, f.region, years_text(f),
                           f.cited.is_assumption() ? "assumption" : f.cited.source_id, set);
    }
    out += fmt::format("{} factor{}; kg CO2e with GWP100 {} ({}); values as written in the source\n", fs.size(),
                       fs.size() == 1 ? "" : "s", v.gwp.name, v.gwp_chosen_by);
    return out;
}

std::string render_factor_json(const factor_view& v, const std::vector<const emission_factor*>& fs, bool full) {
    json arr = json::array();
    for (const auto* f : fs) arr.push_back(factor_json(v, *f, full));
    json doc{{"sets", sets_json(v.library)}, {"gwp", gwp_json(v)}, {"count", fs.size()}, {"factors", arr}};
    return doc.dump(2) + "\n";
}

std::string render_factor_text(const factor_view& v, const emission_factor& f) {
    const factor_library& lib = v.library;
    std::string out = fmt::format("{} — {}\n", f.id, f.name);
    auto line = [&](const char* label, const std::string& text) {
        if (!text.empty()) out += fmt::format("  {:<12} {}\n", label, text);
    };
    line("activity", f.activity + " (per " + f.activity_unit.text + ")");
    line("as written", written_text(lib, f));
    std::string co2e = fmt::format("{:.10g} {}", f.kg_co2e_per_activity_unit(v.gwp), co2e_unit(f));
    co2e += gwp_applied(f) ? fmt::format(" with GWP100 {} ({})", v.gwp.name, v.gwp_chosen_by)
                           : " as published" + (f.gwp_assumed.empty() ? std::string() : " (assumes " + f.gwp_assumed + ")");
    line("CO2e", co2e);
    line("scope", f.scope + (f.fossil ? ", fossil" : ", biogenic"));
    const region* r = lib.regions().find(f.region);
    line("region", f.region + (r != nullptr ? " (" + r->name + ")" : std::string()));
    line("years", years_text(f));
    if (f.cited.is_assumption()) {
        line("assumption", f.cited.assumption);
        line("reason", f.cited.reason);
    } else {
        const source_record* s = lib.find_source(f.cited.source_id);
        line("source", f.cited.source_id +
                            (s != nullptr ? ": " + s->publisher + " (" + std::to_string(s->year) + "), " + s->title
                                          : std::string()));
        line("table", f.cited.table);
        if (s != nullptr) line("url", s->url);
    }
    if (f.quality.technological + f.quality.geographical + f.quality.temporal > 0)
        line("quality", fmt::format("technological {}, geographical {}, temporal {} (1 best … 5)",
                                    f.quality.technological, f.quality.geographical, f.quality.temporal));
    if (f.uncertainty) {
        const written_numbers& w = lib.written(f);
        line("uncertainty", fmt::format("{} low {} high {}{}", f.uncertainty->distribution,
                                        w.uncertainty_low.empty() ? "-" : w.uncertainty_low,
                                        w.uncertainty_high.empty() ? "-" : w.uncertainty_high,
                                        w.uncertainty_sd.empty() ? "" : " sd " + w.uncertainty_sd));
    }
    try {
        line("distribution", distribution_of(f).describe());
    } catch (const error& e) {
        line("distribution", "none that can be drawn: " + e.problems().front().str());
    }
    line("notes", f.notes);
    line("read from", f.where.str());
    const factor_layer& l = lib.layers().at(lib.layer_of(f));
    line("set", (l.name.empty() ? l.origin : l.name + " " + l.version) + " (" + short_digest(l.digest) + ")");
    return out;
}

std::string render_match_text(const factor_view& v, const factor_query& q, const factor_match& m) {
    std::string out = fmt::format("look-up: {}{} in {} for {}\n", q.activity, q.scope.empty() ? "" : " [" + q.scope + "]",
                                  q.region.empty() ? "GLO" : q.region, q.year);
    for (std::size_t i = 0; i < m.path.size(); ++i) out += fmt::format("  {}. {}\n", i + 1, m.path[i]);
    const emission_factor& f = *m.factor;
    out += fmt::format("chosen: {} from set {}{}\n", f.id, set_label(v.library, m.layer),
                       m.exact ? " (exact match)" : " (fallback)");
    out += fmt::format("  {} = {:.10g} {}", written_text(v.library, f), f.kg_co2e_per_activity_unit(v.gwp), co2e_unit(f));
    out += gwp_applied(f) ? fmt::format(" with GWP100 {} ({})\n", v.gwp.name, v.gwp_chosen_by) : " as published\n";
    return out;
}

std::string render_match_json(const factor_view& v, const factor_query& q, const factor_match& m) {
    json shadowed = json::array();
    for (const auto* s : m.shadowed)
        shadowed.push_back(json{{"id", s->id}, {"set", set_label(v.library, v.library.layer_of(*s))}});
    json doc{{"sets", sets_json(v.library)},
             {"gwp", gwp_json(v)},
             {"query", json{{"activity", q.activity}, {"region", q.region.empty() ? "GLO" : q.region}, {"year", q.year},
                            {"scope", nullable(q.scope)}}},
             {"path", m.path},
             {"exact", m.exact},
             {"set", set_label(v.library, m.layer)},
             {"shadowed", shadowed},
             {"factor", factor_json(v, *m.factor, true)}};
    return doc.dump(2) + "\n";
}

std::string render_set_info_text(const factor_set& set) {
    const factor_set_info& i = set.info();
    const factor_library& lib = set.library();
    std::string out;
    out += fmt::format("name     {}\n", i.name);
    out += fmt::format("version  {}\n", i.version);
    out += fmt::format("digest   {}\n", i.digest);
    out += fmt::format("file     {}\n", set.file().string());
    out += fmt::format("format   {}, built by footprint {}, default GWP {}\n", i.format, i.software_version,
                       i.gwp_default);
    out += fmt::format("content  {} factors, {} sources, {} regions\n", lib.factors().size(), lib.sources().size(),
                       lib.regions().all().size());
    out += fmt::format("built from {} file{}:\n", i.created_from.size(), i.created_from.size() == 1 ? "" : "s");
    std::size_t w = 4;
    for (const auto& in : i.created_from) w = std::max(w, in.path.size());
    for (const auto& in : i.created_from) out += fmt::format("  {:<{}}  sha256 {}\n", in.path, w, in.sha256);
    out += "ok: the content matches its digest\n";
    return out;
}

namespace {

void diff_section(std::string& out, const char* what, const record_diff& d) {
    if (d.empty()) {
        out += fmt::format("{}: no change\n", what);
        return;
    }
    out += fmt::format("{}: {} added, {} removed, {} changed\n", what, d.added.size(), d.removed.size(), d.changed.size());
    for (const auto& id : d.added) out += fmt::format("  + {}\n", id);
    for (const auto& id : d.removed) out += fmt::format("  - {}\n", id);
    for (const auto& c : d.changed) {
        out += fmt::format("  ~ {}\n", c.id);
        for (const auto& f : c.fields) {
            // Long texts (notes, titles) are shown whole: an auditor needs the words, not a hint.
            out += fmt::format("      {}: '{}' → '{}'\n", f.field, f.before, f.after);
        }
    }
}

json diff_json(const record_diff& d) {
    json changed = json::array();
    for (const auto& c : d.changed) {
        json fields = json::array();
        for (const auto& f : c.fields) fields.push_back(json{{"field", f.field}, {"before", f.before}, {"after", f.after}});
        changed.push_back(json{{"id", c.id}, {"fields", fields}});
    }
    return json{{"added", d.added}, {"removed", d.removed}, {"changed", changed}};
}

json set_json(const factor_set& s) {
    return json{{"name", s.info().name}, {"version", s.info().version}, {"digest", s.info().digest},
                {"file", s.file().string()}};
}

}  // namespace

std::string render_diff_text(const factor_set& a, const factor_set& b, const factor_diff& d) {
    std::string out;
    out += fmt::format("a: {} {} ({}) {}\n", a.info().name, a.info().version, a.info().digest, a.file().string());
    out += fmt::format("b: {} {} ({}) {}\n", b.info().name, b.info().version, b.info().digest, b.file().string());
    diff_section(out, "factors", d.factors);
    diff_section(out, "sources", d.sources);
    diff_section(out, "regions", d.regions);
    if (d.empty())
        out += a.info().digest == b.info().digest
                   ? "same content, same digest\n"
                   : "same factors, sources and regions; the digests differ in the set's name, version or inputs\n";
    return out;
}

std::string render_diff_json(const factor_set& a, const factor_set& b, const factor_diff& d) {
    json doc{{"a", set_json(a)},
             {"b", set_json(b)},
             {"same_digest", a.info().digest == b.info().digest},
             {"factors", diff_json(d.factors)},
             {"sources", diff_json(d.sources)},
             {"regions", diff_json(d.regions)}};
    return doc.dump(2) + "\n";
}

}  // namespace footprint
