// Loading the packaging catalog from methodologies/catalog/*.yaml.

#include <algorithm>
#include <set>

#include "quantities/detail/sources_yaml.hpp"
#include "quantities/detail/yaml_reader.hpp"
#include "footprint/products/catalog.hpp"
#include "footprint/factors/factor_library.hpp"

namespace footprint {
namespace {

using detail::yaml_reader;

std::optional<citation> read_citation(yaml_reader& r, const YAML::Node& n, const std::string& path,
                                      const std::set<std::string>& source_ids) {
    citation c;
    YAML::Node src = n["source"];
    YAML::Node assumption = n["assumption"];
    if (src.IsDefined() && assumption.IsDefined()) {
        r.out().add("footprint.catalog.citation", r.at(n, path), "give either source or assumption, not both",
                    "source: ID or assumption: {text, reason}");
        return std::nullopt;
    }
    if (src.IsDefined()) {
        auto s = r.string(n, "source", path);
        if (!s) return std::nullopt;
        if (source_ids.count(*s) == 0) {
            std::string known;
            for (const auto& id : source_ids) known += (known.empty() ? "" : ", ") + id;
            r.out().add("footprint.catalog.unknown-source", r.at(src, yaml_reader::join(path, "source")),
                        "unknown source", "a source id listed under `sources:` in this file (" + known + ")", *s);
            return std::nullopt;
        }
        c.source_id = *s;
        c.table = r.string(n, "table", path, false).value_or("");
        return c;
    }
    if (assumption.IsDefined()) {
        std::string ap = yaml_reader::join(path, "assumption");
        if (!r.require_map(assumption, ap)) return std::nullopt;
        r.only_keys(assumption, ap, {"text", "reason"});
        auto text = r.string(assumption, "text", ap);
        auto reason = r.string(assumption, "reason", ap);
        if (!text || !reason) return std::nullopt;
        c.assumption = *text;
        c.reason = *reason;
        return c;
    }
    r.out().add("footprint.catalog.uncited", r.at(n, path), "number without a source or an assumption",
                "source: ID, or assumption: {text: ..., reason: ...}");
    return std::nullopt;
}

std::optional<inventory_item> read_item(yaml_reader& r, const YAML::Node& n, const std::string& path,
                                        life_cycle_stage stage, bool stage_from_field,
                                        const std::set<std::string>& source_ids, const factor_library* factors) {
    if (!r.require_map(n, path)) return std::nullopt;
    r.only_keys(n, path, {"name", "activity", "factor", "region", "year", "scope", "quantity", "share", "source",
                          "table", "assumption", "stage", "tag", "notes", "life_trips", "route", "component"});
    diagnostics& out = r.out();
    std::size_t before = out.size();
    inventory_item item;
    item.where = r.at(n, path);
    item.stage = stage;
    if (stage_from_field) {
        if (auto s = r.string(n, "stage", path)) {
            if (auto st = parse_stage(*s))
                item.stage = *st;
            else
                out.add("footprint.catalog.stage", r.at(n["stage"], yaml_reader::join(path, "stage")), "unknown stage",
                        "raw_material, production, distribution, use or end_of_life", *s);
        }
    }
    item.name = r.string(n, "name", path).value_or("");
    auto activity = r.string(n, "activity", path, false);
    auto factor = r.string(n, "factor", path, false);
    if (!activity && !factor)
        r.missing(n, "activity", path, "an activity such as material.steel (or `factor: ID`)");
    item.activity = activity.value_or("");
    item.factor_id = factor.value_or("");
    item.region = r.string(n, "region", path, false).value_or("");
    item.year = r.integer(n, "year", path, false, 1900, 2100);
    item.scope = r.string(n, "scope", path, false).value_or("");
    item.tag = r.string(n, "tag", path, false).value_or("");
    auto q = r.quantity(n, "quantity", path);
    if (q && q->value < 0)
        out.add("footprint.quantity.negative", r.at(n["quantity"], yaml_reader::join(path, "quantity")),
                "negative quantity", "a quantity ≥ 0 (credits are declared by their factor)",
                r.string(n, "quantity", path, false).value_or(""));
    if (q) item.quantity = *q;
    item.share = r.number(n, "share", path, false, 0.0, 1.0).value_or(1.0);
    item.component = r.string(n, "component", path, false).value_or("");
    if (n["life_trips"].IsDefined()) item.life_trips = r.integer(n, "life_trips", path, true, 1, 100000);
    if (auto route = r.string(n, "route", path, false)) {
        if (*route == "retired")
            item.route = end_of_life_route::retired;
        else if (*route == "lost")
            item.route = end_of_life_route::lost;
        else
            out.add("footprint.catalog.route", r.at(n["route"], yaml_reader::join(path, "route")),
                    "unknown end-of-life route", "retired (design life reached, operator take-back) or lost", *route);
    }
    if (auto c = read_citation(r, n, path, source_ids)) item.cited = *c;

    // The factor must exist and take this quantity's dimension.
    if (factors != nullptr && q) {
        auto fpath = r.at(n, path);
        if (!item.factor_id.empty()) {
            const emission_factor* f = factors->find(item.factor_id);
            if (f == nullptr)
                out.add("footprint.factor.not-found", r.at(n["factor"], yaml_reader::join(path, "factor")),
                        "no factor with this id", "the id of a bundled factor", item.factor_id);
            else if (f->activity_unit.dim != q->unit.dim)
                out.add("footprint.unit.dimension", r.at(n["quantity"], yaml_reader::join(path, "quantity")),
                        "quantity unit does not fit factor '" + f->id + "'",
                        f->activity_unit.dimension_name() + ", e.g. " + f->activity_unit.text, q->unit.text);
        } else if (!item.activity.empty()) {
            bool any = false, fits = false;
            std::string expected;
            for (const auto& f : factors->factors()) {
                if (f.activity != item.activity) continue;
                any = true;
                if (f.activity_unit.dim == q->unit.dim) fits = true;
                expected = f.activity_unit.dimension_name() + ", e.g. " + f.activity_unit.text;
            }
            if (!any)
                out.add("footprint.factor.not-found", r.at(n["activity"], yaml_reader::join(path, "activity")),
                        "no factor for this activity", "an activity with a bundled factor", item.activity);
            else if (!fits)
                out.add("footprint.unit.dimension", r.at(n["quantity"], yaml_reader::join(path, "quantity")),
                        "quantity unit does not fit the factors of '" + item.activity + "'", expected,
                        q->unit.text);
        }
    }
    if (out.size() != before) return std::nullopt;
    return item;
}

void read_product(const std::string& name, const std::string& text, catalog& cat, diagnostics& out,
                  std::map<std::string, source_location>& seen, const factor_library* factors) {
    yaml_reader r(name, out);
    auto doc_opt = r.parse(text);
    if (!doc_opt) return;
    const YAML::Node& doc = *doc_opt;
    if (!r.require_map(doc, "")) return;
    r.only_keys(doc, "", {"id", "name", "kind", "capacity", "tare_mass", "design_life_trips", "folded_volume_ratio",
                          "functional_unit", "sources", "stages", "per_trip", "exclusions", "notes", "gross_mass",
                          "per_vehicle"});
    std::size_t before = out.size();
    packaging_product p;
    p.where = r.at(doc, "");
    p.id = r.string(doc, "id", "").value_or("");
    p.name = r.string(doc, "name", "").value_or("");
    if (!p.id.empty()) {
        auto [it, fresh] = seen.emplace(p.id, r.at(doc["id"], "id"));
        if (!fresh)
            out.add("footprint.catalog.duplicate-id", r.at(doc["id"], "id"),
                    "product id '" + p.id + "' is already defined at " + it->second.str(), "a unique id", p.id);
    }
    if (auto kind = r.string(doc, "kind", "")) {
        if (*kind == "single-use")
            p.kind = packaging_kind::single_use;
        else if (*kind == "reusable")
            p.kind = packaging_kind::reusable;
        else
            out.add("footprint.catalog.kind", r.at(doc["kind"], "kind"), "unknown kind", "single-use or reusable",
                    *kind);
    }
    if (auto cap = r.quantity(doc, "capacity", "")) {
        if (cap->unit.dim != dimensions::volume && cap->unit.dim != dimensions::mass)
            out.add("footprint.unit.dimension", r.at(doc["capacity"], "capacity"),
                    "capacity must be a volume or a mass of goods", "litres or kilograms, e.g. '1000 L'",
                    cap->unit.text);
        else if (cap->value <= 0)
            out.add("footprint.quantity.out-of-range", r.at(doc["capacity"], "capacity"), "capacity must be positive",
                    "a quantity > 0", yaml_reader::fmt_num(cap->value));
        else
            p.capacity = *cap;
    }

    std::set<std::string> source_ids;
    p.sources = detail::read_sources(r, doc, "", detail::source_year::required, source_ids);

    if (YAML::Node tare = doc["tare_mass"]; tare.IsDefined()) {
        if (auto t = r.quantity(doc, "tare_mass", "")) {
            if (t->unit.dim != dimensions::mass)
                out.add("footprint.unit.dimension", r.at(tare, "tare_mass"), "tare mass must be a mass",
                        "a mass such as '18.1 kg'", t->unit.text);
            else if (t->value <= 0)
                out.add(t->value < 0 ? "footprint.quantity.negative" : "footprint.quantity.out-of-range",
                        r.at(tare, "tare_mass"), "tare mass must be positive", "a mass > 0",
                        yaml_reader::fmt_num(t->value));
            else
                p.tare_mass = *t;
        }
        if (tare.IsMap()) {  // value and unit are the quantity; source or assumption its citation
            r.only_keys(tare, "tare_mass", {"value", "unit", "source", "table", "assumption"});
            if (auto c = read_citation(r, tare, "tare_mass", source_ids)) p.tare_cited = *c;
        } else {
            out.add("footprint.catalog.uncited", r.at(tare, "tare_mass"), "tare mass without a source",
                    "{value: V, unit: kg, source: ID} or {value: V, unit: kg, assumption: {text, reason}}");
        }
    } else {
        r.missing(doc, "tare_mass", "", "a mass with its source, e.g. {value: 18.1, unit: kg, source: ID}");
    }

    if (YAML::Node gross = doc["gross_mass"]; gross.IsDefined()) {
        if (auto g = r.quantity(doc, "gross_mass", "")) {
            if (g->unit.dim != dimensions::mass)
                out.add("footprint.unit.dimension", r.at(gross, "gross_mass"), "gross mass must be a mass",
                        "a mass such as '1060 kg'", g->unit.text);
            else if (g->value <= 0)
                out.add("footprint.quantity.out-of-range", r.at(gross, "gross_mass"), "gross mass must be positive",
                        "a mass > 0", yaml_reader::fmt_num(g->value));
            else if (p.tare_mass.value > 0 && g->coherent() < p.tare_mass.coherent())
                out.add("footprint.quantity.out-of-range", r.at(gross, "gross_mass"),
                        "gross mass is less than the tare mass", "packaging + goods, at least the tare",
                        yaml_reader::fmt_num(g->value) + " " + g->unit.text);
            else
                p.gross_mass = *g;
        }
        if (gross.IsMap()) {
            r.only_keys(gross, "gross_mass", {"value", "unit", "source", "table", "assumption"});
            if (auto c = read_citation(r, gross, "gross_mass", source_ids)) p.gross_cited = *c;
        } else {
            out.add("footprint.catalog.uncited", r.at(gross, "gross_mass"), "gross mass without a source",
                    "{value: V, unit: kg, source: ID} or {value: V, unit: kg, assumption: {text, reason}}");
        }
    }
    if (YAML::Node pv = doc["per_vehicle"]; pv.IsDefined() && r.require_map(pv, "per_vehicle")) {
        r.only_keys(pv, "per_vehicle", {"vehicle", "loaded", "empty"});
        auto read_load = [&](const char* state) -> std::optional<vehicle_load> {
            YAML::Node n = pv[state];
            std::string path = yaml_reader::join("per_vehicle", state);
            if (!n.IsDefined()) return std::nullopt;
            if (!r.require_map(n, path)) return std::nullopt;
            r.only_keys(n, path, {"value", "limit", "source", "table", "assumption"});
            vehicle_load v;
            auto units = r.number(n, "value", path, true, 1e-9, 1e6);
            auto limit = r.string(n, "limit", path);
            if (limit) {
                if (*limit == "mass") v.limit = load_limit::mass;
                else if (*limit == "volume") v.limit = load_limit::volume;
                else if (*limit == "pallet_places") v.limit = load_limit::pallet_places;
                else {
                    out.add("footprint.catalog.load-limit", r.at(n["limit"], yaml_reader::join(path, "limit")),
                            "unknown limiting dimension", "mass, volume or pallet_places", *limit);
                    limit.reset();
                }
            }
            auto c = read_citation(r, n, path, source_ids);
            if (!units || !limit || !c) return std::nullopt;
            v.units = *units;
            v.cited = *c;
            return v;
        };
        p.loaded_per_vehicle = read_load("loaded");
        p.empty_per_vehicle = read_load("empty");
        if (!pv["loaded"].IsDefined())
            r.missing(pv, "loaded", "per_vehicle", "{value: N, limit: mass|volume|pallet_places, source: ID}");
        if (pv["empty"].IsDefined() && p.kind != packaging_kind::reusable)
            out.add("footprint.catalog.kind", r.at(pv["empty"], "per_vehicle.empty"),
                    "per_vehicle.empty belongs to reusable products (single-use units do not come back)",
                    "kind: reusable, or remove per_vehicle.empty");
    }

    if (p.kind == packaging_kind::reusable) {
        p.design_life_trips = r.integer(doc, "design_life_trips", "", true, 1, 100000);
        if (doc["folded_volume_ratio"].IsDefined())
            p.folded_volume_ratio = r.number(doc, "folded_volume_ratio", "", true, 0.0, 1.0);
    } else {
        // A single-use product has no life to share and does not fold: these would be ignored silently.
        for (const char* key : {"design_life_trips", "folded_volume_ratio", "per_trip"})
            if (doc[key].IsDefined())
                out.add("footprint.catalog.kind", r.at(doc[key], key),
                        std::string(key) + " belongs to reusable products", "kind: reusable, or remove " + std::string(key));
    }
    p.functional_unit = r.string(doc, "functional_unit", "", false).value_or("");
    p.notes = r.string(doc, "notes", "", false).value_or("");

    if (YAML::Node stages = doc["stages"]; !stages.IsDefined()) {
        r.missing(doc, "stages", "", "a mapping from stage to its items");
    } else if (r.require_map(stages, "stages")) {
        for (const auto& kv : stages) {
            auto key = kv.first.as<std::string>("");
            std::string sp = "stages." + key;
            auto st = parse_stage(key);
            if (!st) {
                out.add("footprint.catalog.stage", r.at(kv.first, sp), "unknown stage",
                        "raw_material, production, distribution, use or end_of_life", key);
                continue;
            }
            if (kv.second.IsNull()) continue;
            if (!kv.second.IsSequence()) {
                out.add("footprint.yaml.type", r.at(kv.second, sp), "expected a list of items", "- name: ...");
                continue;
            }
            for (std::size_t i = 0; i < kv.second.size(); ++i)
                if (auto item = read_item(r, kv.second[i], yaml_reader::index(sp, i), *st, false, source_ids, factors))
                    p.items.push_back(std::move(*item));
        }
    }
    if (YAML::Node per_trip = doc["per_trip"]; per_trip.IsDefined() && !per_trip.IsNull()) {
        if (!per_trip.IsSequence()) {
            out.add("footprint.yaml.type", r.at(per_trip, "per_trip"), "expected a list of items", "- name: ...");
        } else {
            for (std::size_t i = 0; i < per_trip.size(); ++i)
                if (auto item = read_item(r, per_trip[i], yaml_reader::index("per_trip", i),
                                          life_cycle_stage::distribution, true, source_ids, factors))
                    p.per_trip.push_back(std::move(*item));
        }
    }
    if (YAML::Node ex = doc["exclusions"]; ex.IsDefined() && !ex.IsNull()) {
        if (!ex.IsSequence()) {
            out.add("footprint.yaml.type", r.at(ex, "exclusions"), "expected a list", "- {what: ..., reason: ...}");
        } else {
            for (std::size_t i = 0; i < ex.size(); ++i) {
                std::string ep = yaml_reader::index("exclusions", i);
                if (!r.require_map(ex[i], ep)) continue;
                r.only_keys(ex[i], ep, {"what", "reason"});
                auto what = r.string(ex[i], "what", ep);
                auto reason = r.string(ex[i], "reason", ep);
                if (what && reason) p.exclusions.push_back({*what, *reason});
            }
        }
    }

    // Routes split a pooled unit's end of life; a single-use unit has one end.
    {
        for (const auto* list : {&p.items, &p.per_trip})
            for (const auto& item : *list) {
                if (item.route == end_of_life_route::every_unit) continue;
                if (p.kind != packaging_kind::reusable)
                    out.add("footprint.catalog.route", item.where,
                            "route belongs to end-of-life items of reusable products",
                            "kind: reusable, or remove route");
                else if (item.stage != life_cycle_stage::end_of_life || list == &p.per_trip)
                    out.add("footprint.catalog.route", item.where,
                            "route applies to the unit's end-of-life items only", "an item under stages.end_of_life");
            }
    }

    // End-of-life route shares of one material must not exceed 1 (per route: a retired and a
    // lost unit each end in one mix).
    std::map<std::string, double> eol_share;
    for (const auto& item : p.items) {
        if (item.stage != life_cycle_stage::end_of_life) continue;
        auto pos = item.activity.rfind('.');
        static const char* const route_names[] = {"", " (retired units)", " (lost units)"};
        if (item.activity.rfind("eol.", 0) == 0 && pos != std::string::npos)
            eol_share[(item.component.empty() ? "" : item.component + ": ") + item.activity.substr(pos + 1) +
                      route_names[static_cast<int>(item.route)]] += item.share;
    }
    for (const auto& [material, share] : eol_share)
        if (share > 1.0 + 1e-9)
            out.add("footprint.catalog.eol-shares", r.at(doc["stages"], "stages.end_of_life"),
                    "end-of-life shares of " + material + " add up to more than 1", "shares summing to at most 1",
                    detail::yaml_reader::fmt_num(share));

    if (out.size() == before) cat.add(std::move(p));
}

}  // namespace

catalog load_catalog_yaml(const std::vector<std::pair<std::string, std::string>>& named_texts,
                          const factor_library* factors) {
    catalog cat;
    diagnostics out;
    std::map<std::string, source_location> seen;
    for (const auto& [name, text] : named_texts) read_product(name, text, cat, out, seen, factors);
    out.throw_if_any();
    return cat;
}

catalog load_catalog_directory(const std::filesystem::path& dir, const factor_library* factors) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        throw error("footprint.io.read", source_location{dir.string(), 0, 0, {}, {}}, "catalog directory not found",
                    "a directory of *.yaml product files");
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".yaml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<std::pair<std::string, std::string>> texts;
    diagnostics out;
    for (const auto& f : files)
        if (auto t = detail::read_text_file(f.string(), out)) texts.emplace_back(f.string(), std::move(*t));
    out.throw_if_any();
    return load_catalog_yaml(texts, factors);
}

}  // namespace footprint
