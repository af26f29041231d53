// Loading the packaging catalog from methodologies/catalog/*.yaml.

#include <algorithm>
#include <cmath>
#include <set>

#include "products/detail/catalog_uncertainty.hpp"
#include "quantities/detail/sources_yaml.hpp"
#include "quantities/detail/yaml_reader.hpp"
#include "footprint/products/catalog.hpp"
#include "footprint/factors/factor_library.hpp"
#include "footprint/core/digest.hpp"

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
                          "table", "assumption", "stage", "tag", "notes", "life_trips", "route", "component",
                          "uncertainty", "life_uncertainty"});
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
    if (q) detail::read_item_uncertainty(r, n, path, item);

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

std::optional<vehicle_load> read_load(yaml_reader& r, const YAML::Node& n, const std::string& path,
                                      const std::set<std::string>& source_ids) {
    if (!r.require_map(n, path)) return std::nullopt;
    r.only_keys(n, path, {"value", "limit", "source", "table", "assumption"});
    vehicle_load v;
    v.where = r.at(n, path);
    auto units = r.number(n, "value", path, true, 1e-9, 1e6);
    auto limit = r.string(n, "limit", path);
    if (limit) {
        if (*limit == "mass") v.limit = load_limit::mass;
        else if (*limit == "volume") v.limit = load_limit::volume;
        else if (*limit == "pallet_places") v.limit = load_limit::pallet_places;
        else {
            r.out().add("footprint.catalog.load-limit", r.at(n["limit"], yaml_reader::join(path, "limit")),
                        "unknown limiting dimension", "mass, volume or pallet_places", *limit);
            limit.reset();
        }
    }
    auto c = read_citation(r, n, path, source_ids);
    if (!units || !limit || !c) return std::nullopt;
    v.units = *units;
    v.cited = *c;
    return v;
}

/// `loaded` and `empty` of one vehicle class (or of the unclassed 2.0.0 block).
vehicle_loads read_loads(yaml_reader& r, const YAML::Node& n, const std::string& path, const packaging_product& p,
                         const std::set<std::string>& source_ids) {
    vehicle_loads l;
    if (n["loaded"].IsDefined()) l.loaded = read_load(r, n["loaded"], yaml_reader::join(path, "loaded"), source_ids);
    else r.missing(n, "loaded", path, "{value: N, limit: mass|volume|pallet_places, source: ID}");
    if (n["empty"].IsDefined()) {
        if (p.kind != packaging_kind::reusable)
            r.out().add("footprint.catalog.kind", r.at(n["empty"], yaml_reader::join(path, "empty")),
                        "per_vehicle empty counts belong to reusable products (single-use units do not come back)",
                        "kind: reusable, or remove empty");
        else
            l.empty = read_load(r, n["empty"], yaml_reader::join(path, "empty"), source_ids);
    }
    return l;
}

/// `per_vehicle:` keyed by vehicle class (`artic-33t-plus: {loaded, empty}`), or
/// the 2.0.0 form without classes (`loaded`, `empty`, an unused `vehicle`), kept
/// under "" so that statements made with 2.0.0 still verify.
void read_per_vehicle(yaml_reader& r, const YAML::Node& pv, packaging_product& p,
                      const std::set<std::string>& source_ids) {
    if (pv["loaded"].IsDefined() || pv["empty"].IsDefined() || pv["vehicle"].IsDefined()) {
        r.only_keys(pv, "per_vehicle", {"vehicle", "loaded", "empty"});
        p.per_vehicle[""] = read_loads(r, pv, "per_vehicle", p, source_ids);
        return;
    }
    for (const auto& kv : pv) {
        const std::string cls = kv.first.as<std::string>("");
        const std::string path = yaml_reader::join("per_vehicle", cls);
        if (!r.require_map(kv.second, path)) continue;
        r.only_keys(kv.second, path, {"loaded", "empty"});
        p.per_vehicle[cls] = read_loads(r, kv.second, path, p, source_ids);
    }
}

/// Three lengths in mm, each > 0.
bool read_mm3(yaml_reader& r, const YAML::Node& n, const std::string& path, double out[3]) {
    if (!n.IsSequence() || n.size() != 3) {
        r.out().add("footprint.yaml.type", r.at(n, path), "expected three lengths in mm", "[L, W, H]");
        return false;
    }
    for (std::size_t i = 0; i < 3; ++i) {
        auto v = r.number_node(n[i], yaml_reader::index(path, i));
        if (!v) return false;
        if (!(*v > 0)) {
            r.out().add("footprint.quantity.out-of-range", r.at(n[i], yaml_reader::index(path, i)),
                        "a dimension must be positive", "a length in mm > 0", yaml_reader::fmt_num(*v));
            return false;
        }
        out[i] = *v;
    }
    return true;
}

/// `{loaded: N, empty: M}` of whole numbers ≥ 1 (empty only for a reusable product).
bool read_state_counts(yaml_reader& r, const YAML::Node& n, const std::string& path, int& loaded, int& empty) {
    if (!r.require_map(n, path)) return false;
    r.only_keys(n, path, {"loaded", "empty"});
    if (n["loaded"].IsDefined())
        if (auto v = r.integer(n, "loaded", path, true, 1, 100000)) loaded = static_cast<int>(*v);
    if (n["empty"].IsDefined())
        if (auto v = r.integer(n, "empty", path, true, 1, 100000)) empty = static_cast<int>(*v);
    return true;
}

std::optional<product_dimensions> read_dimensions(yaml_reader& r, const YAML::Node& n, const packaging_product& p,
                                                  const std::set<std::string>& source_ids) {
    const std::string path = "dimensions";
    if (!r.require_map(n, path)) return std::nullopt;
    r.only_keys(n, path, {"erect_mm", "folded_mm", "pallet", "per_pallet", "stack", "source", "table", "assumption"});
    std::size_t before = r.out().size();
    product_dimensions d;
    d.where = r.at(n, path);
    if (n["erect_mm"].IsDefined()) read_mm3(r, n["erect_mm"], path + ".erect_mm", d.erect);
    else r.missing(n, "erect_mm", path, "[L, W, H] in mm, as the unit travels filled");
    if (n["folded_mm"].IsDefined()) {
        if (p.kind != packaging_kind::reusable)
            r.out().add("footprint.catalog.kind", r.at(n["folded_mm"], path + ".folded_mm"),
                        "folded_mm belongs to reusable products", "kind: reusable, or remove folded_mm");
        else
            read_mm3(r, n["folded_mm"], path + ".folded_mm", d.folded);
    }
    if (YAML::Node pal = n["pallet"]; pal.IsDefined() && r.require_map(pal, path + ".pallet")) {
        r.only_keys(pal, path + ".pallet", {"size_mm", "mass_kg"});
        d.palletised = true;
        if (pal["size_mm"].IsDefined()) read_mm3(r, pal["size_mm"], path + ".pallet.size_mm", d.pallet);
        else r.missing(pal, "size_mm", path + ".pallet", "[L, W, H] of the pallet in mm");
        d.pallet_mass_kg = r.number(pal, "mass_kg", path + ".pallet", true, 0.0, 1e4).value_or(0);
        if (YAML::Node pp = n["per_pallet"]; pp.IsDefined())
            read_state_counts(r, pp, path + ".per_pallet", d.per_pallet_loaded, d.per_pallet_empty);
        else
            r.missing(n, "per_pallet", path, "{loaded: N, empty: M}: units on one pallet");
    } else if (n["per_pallet"].IsDefined()) {
        r.out().add("footprint.catalog.dimensions", r.at(n["per_pallet"], path + ".per_pallet"),
                    "per_pallet without a pallet", "pallet: {size_mm: [L, W, H], mass_kg: M}");
    }
    if (YAML::Node st = n["stack"]; st.IsDefined())
        read_state_counts(r, st, path + ".stack", d.stack_loaded, d.stack_empty);
    if (auto c = read_citation(r, n, path, source_ids)) d.cited = *c;
    if (r.out().size() != before) return std::nullopt;
    return d;
}

/// Units of a footprint a × b that fit on a floor L × W, the better of the two orientations.
long fit_floor(double L, double W, double a, double b) {
    auto n = [](double x, double y) { return static_cast<long>(std::floor(x / y + 1e-9)); };
    return std::max(n(L, a) * n(W, b), n(L, b) * n(W, a));
}

/// id (unique across the catalog), name, kind and capacity.
void read_identity(yaml_reader& r, const YAML::Node& doc, packaging_product& p, diagnostics& out,
                   std::map<std::string, source_location>& seen) {
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
}

/// tare_mass: a positive mass with its source or assumption (required).
void read_tare_mass(yaml_reader& r, const YAML::Node& doc, packaging_product& p, diagnostics& out,
                    const std::set<std::string>& source_ids) {
    YAML::Node tare = doc["tare_mass"];
    if (!tare.IsDefined()) {
        r.missing(doc, "tare_mass", "", "a mass with its source, e.g. {value: 18.1, unit: kg, source: ID}");
        return;
    }
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
}

/// gross_mass (optional): packaging + goods, at least the tare, with its source or assumption.
void read_gross_mass(yaml_reader& r, const YAML::Node& doc, packaging_product& p, diagnostics& out,
                     const std::set<std::string>& source_ids) {
    YAML::Node gross = doc["gross_mass"];
    if (!gross.IsDefined()) return;
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

/// design_life_trips and folded_volume_ratio, which only a reusable product has.
void read_reuse(yaml_reader& r, const YAML::Node& doc, packaging_product& p, diagnostics& out) {
    if (p.kind == packaging_kind::reusable) {
        p.design_life_trips = r.integer(doc, "design_life_trips", "", true, 1, 100000);
        if (doc["folded_volume_ratio"].IsDefined())
            p.folded_volume_ratio = r.number(doc, "folded_volume_ratio", "", true, 0.0, 1.0);
        detail::read_design_life_uncertainty(r, doc, p);
    } else {
        // A single-use product has no life to share and does not fold: these would be ignored silently.
        for (const char* key : {"design_life_trips", "design_life_uncertainty", "folded_volume_ratio", "per_trip"})
            if (doc[key].IsDefined())
                out.add("footprint.catalog.kind", r.at(doc[key], key),
                        std::string(key) + " belongs to reusable products", "kind: reusable, or remove " + std::string(key));
    }
}

/// stages: a mapping from life-cycle stage to its items (required).
void read_stages(yaml_reader& r, const YAML::Node& doc, packaging_product& p, diagnostics& out,
                 const std::set<std::string>& source_ids, const factor_library* factors) {
    YAML::Node stages = doc["stages"];
    if (!stages.IsDefined()) {
        r.missing(doc, "stages", "", "a mapping from stage to its items");
        return;
    }
    if (!r.require_map(stages, "stages")) return;
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

/// per_trip: the items every trip adds (washing, repair), and exclusions: what is left out and why.
void read_per_trip_and_exclusions(yaml_reader& r, const YAML::Node& doc, packaging_product& p, diagnostics& out,
                                  const std::set<std::string>& source_ids, const factor_library* factors) {
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
}

/// Routes split a pooled unit's end of life; a single-use unit has one end.
void check_routes(const packaging_product& p, diagnostics& out) {
    for (const auto* list : {&p.items, &p.per_trip})
        for (const auto& item : *list) {
            if (item.route == end_of_life_route::every_unit) continue;
            if (p.kind != packaging_kind::reusable)
                out.add("footprint.catalog.route", item.where,
                        "route belongs to end-of-life items of reusable products", "kind: reusable, or remove route");
            else if (item.stage != life_cycle_stage::end_of_life || list == &p.per_trip)
                out.add("footprint.catalog.route", item.where,
                        "route applies to the unit's end-of-life items only", "an item under stages.end_of_life");
        }
}

/// End-of-life route shares of one material must not exceed 1 (per route: a
/// retired and a lost unit each end in one mix).
void check_end_of_life_shares(yaml_reader& r, const YAML::Node& doc, const packaging_product& p, diagnostics& out) {
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
}

/// One catalog file: each section by its own function, in the order of the
/// file's format (docs/catalog.md), so problems are listed in that order.
void read_product(const std::string& name, const std::string& text, catalog& cat, diagnostics& out,
                  std::map<std::string, source_location>& seen, const factor_library* factors) {
    yaml_reader r(name, out);
    auto doc_opt = r.parse(text);
    if (!doc_opt) return;
    const YAML::Node& doc = *doc_opt;
    if (!r.require_map(doc, "")) return;
    r.only_keys(doc, "", {"id", "name", "kind", "capacity", "tare_mass", "design_life_trips", "folded_volume_ratio",
                          "functional_unit", "sources", "stages", "per_trip", "exclusions", "notes", "gross_mass",
                          "per_vehicle", "dimensions", "design_life_uncertainty"});
    std::size_t before = out.size();
    packaging_product p;
    p.file_digest = sha256_hex(text);
    read_identity(r, doc, p, out, seen);
    std::set<std::string> source_ids;
    p.sources = detail::read_sources(r, doc, "", detail::source_year::required, source_ids);
    read_tare_mass(r, doc, p, out, source_ids);
    read_gross_mass(r, doc, p, out, source_ids);
    if (YAML::Node pv = doc["per_vehicle"]; pv.IsDefined() && r.require_map(pv, "per_vehicle"))
        read_per_vehicle(r, pv, p, source_ids);
    if (YAML::Node dims = doc["dimensions"]; dims.IsDefined())
        p.dimensions = read_dimensions(r, dims, p, source_ids);
    read_reuse(r, doc, p, out);
    p.functional_unit = r.string(doc, "functional_unit", "", false).value_or("");
    p.notes = r.string(doc, "notes", "", false).value_or("");
    read_stages(r, doc, p, out, source_ids, factors);
    read_per_trip_and_exclusions(r, doc, p, out, source_ids, factors);
    check_routes(p, out);
    check_end_of_life_shares(r, doc, p, out);
    detail::check_uncertainty_names(r, doc, p);
    if (out.size() == before) cat.add(std::move(p));
}

void read_vehicle_class(const std::string& name, const std::string& text, catalog& cat, diagnostics& out,
                        const factor_library* factors) {
    yaml_reader r(name, out);
    auto doc_opt = r.parse(text);
    if (!doc_opt) return;
    const YAML::Node& doc = *doc_opt;
    if (!r.require_map(doc, "")) return;
    r.only_keys(doc, "", {"id", "name", "default", "factors", "payload", "load_space", "pallet_places", "sources",
                          "notes"});
    std::size_t before = out.size();
    vehicle_class v;
    v.file_digest = sha256_hex(text);
    v.where = r.at(doc, "");
    v.id = r.string(doc, "id", "").value_or("");
    v.name = r.string(doc, "name", "").value_or("");
    v.is_default = r.boolean(doc, "default", "").value_or(false);
    v.notes = r.string(doc, "notes", "", false).value_or("");
    if (!v.id.empty() && cat.find_vehicle(v.id))
        out.add("footprint.catalog.duplicate-id", r.at(doc["id"], "id"),
                "vehicle class '" + v.id + "' is already defined at " + cat.find_vehicle(v.id)->where.str(),
                "a unique id", v.id);
    std::set<std::string> source_ids;
    v.sources = detail::read_sources(r, doc, "", detail::source_year::required, source_ids);
    // The four per-vehicle-km factors: freight.road.vehicle per km, of the scope their key names.
    if (YAML::Node f = doc["factors"]; !f.IsDefined()) {
        r.missing(doc, "factors", "", "{empty_wtw, full_wtw, empty_ttw, full_ttw}: factor ids per vehicle-km");
    } else if (r.require_map(f, "factors")) {
        r.only_keys(f, "factors", {"empty_wtw", "full_wtw", "empty_ttw", "full_ttw"});
        const std::pair<const char*, std::string*> keys[] = {
            {"empty_wtw", &v.empty_wtw}, {"full_wtw", &v.full_wtw}, {"empty_ttw", &v.empty_ttw}, {"full_ttw", &v.full_ttw}};
        for (const auto& [key, dest] : keys) {
            auto id = r.string(f, key, "factors");
            if (!id) continue;
            *dest = *id;
            if (factors == nullptr) continue;
            const std::string fp = yaml_reader::join("factors", key);
            const emission_factor* fac = factors->find(*id);
            const std::string scope = std::string(key).substr(std::string(key).size() - 3);
            if (fac == nullptr)
                out.add("footprint.factor.not-found", r.at(f[key], fp), "no factor with this id",
                        "the id of a bundled factor", *id);
            else if (fac->activity_unit.dim != dimensions::length || fac->scope != scope)
                out.add("footprint.catalog.vehicle-factor", r.at(f[key], fp),
                        "factor '" + *id + "' is not per vehicle-km with scope " + scope,
                        "a freight.road.vehicle factor per km, scope " + scope,
                        fac->activity_unit.text + ", scope " + fac->scope);
        }
    }
    if (YAML::Node pl = doc["payload"]; !pl.IsDefined()) {
        r.missing(doc, "payload", "", "{value: 17.86, unit: t, source: ID, table: ...}: the payload at 100 % laden");
    } else {
        if (auto q = r.quantity(doc, "payload", "")) {
            if (q->unit.dim != dimensions::mass || !(q->value > 0))
                out.add("footprint.unit.dimension", r.at(pl, "payload"), "payload must be a positive mass",
                        "a mass such as 17.86 t", yaml_reader::fmt_num(q->value) + " " + q->unit.text);
            else
                v.payload = *q;
        }
        if (pl.IsMap()) {
            r.only_keys(pl, "payload", {"value", "unit", "source", "table", "assumption"});
            if (auto c = read_citation(r, pl, "payload", source_ids)) v.payload_cited = *c;
        } else {
            out.add("footprint.catalog.uncited", r.at(pl, "payload"), "payload without a source",
                    "{value: V, unit: t, source: ID, table: ...}");
        }
    }
    if (YAML::Node ls = doc["load_space"]; ls.IsDefined() && r.require_map(ls, "load_space")) {
        r.only_keys(ls, "load_space", {"length_mm", "width_mm", "height_mm", "payload_kg", "source", "table", "assumption"});
        v.length_mm = r.number(ls, "length_mm", "load_space", true, 1.0, 1e5).value_or(0);
        v.width_mm = r.number(ls, "width_mm", "load_space", true, 1.0, 1e5).value_or(0);
        v.height_mm = r.number(ls, "height_mm", "load_space", true, 1.0, 1e5).value_or(0);
        v.max_payload_kg = r.number(ls, "payload_kg", "load_space", true, 1.0, 1e6).value_or(0);
        if (auto c = read_citation(r, ls, "load_space", source_ids)) v.body_cited = *c;
    }
    if (YAML::Node pp = doc["pallet_places"]; pp.IsDefined() && !pp.IsNull()) {
        if (!pp.IsSequence()) {
            out.add("footprint.yaml.type", r.at(pp, "pallet_places"), "expected a list",
                    "- {pallet_mm: [1200, 800], places: 33, source: ID}");
        } else {
            for (std::size_t i = 0; i < pp.size(); ++i) {
                const std::string ip = yaml_reader::index("pallet_places", i);
                if (!r.require_map(pp[i], ip)) continue;
                r.only_keys(pp[i], ip, {"pallet_mm", "places", "source", "table", "assumption"});
                pallet_places e;
                const YAML::Node size = pp[i]["pallet_mm"];
                if (!size.IsSequence() || size.size() != 2) {
                    out.add("footprint.yaml.type", r.at(size.IsDefined() ? size : pp[i], ip + ".pallet_mm"),
                            "expected the pallet's two floor dimensions in mm", "[1200, 800]");
                    continue;
                }
                e.length_mm = r.number_node(size[0], ip + ".pallet_mm[0]", 1.0).value_or(0);
                e.width_mm = r.number_node(size[1], ip + ".pallet_mm[1]", 1.0).value_or(0);
                e.places = r.integer(pp[i], "places", ip, true, 1, 1000).value_or(0);
                if (auto c = read_citation(r, pp[i], ip, source_ids)) e.cited = *c;
                v.places.push_back(e);
            }
        }
    }
    // Kept even with problems (the load fails anyway), so that products naming it are not
    // reported a second time as naming an unknown class.
    (void)before;
    if (!v.id.empty() && !cat.find_vehicle(v.id)) cat.add(std::move(v));
}

/// Every product's units per vehicle name a known class and, where the product
/// has dimensions and the class a load space, agree with the recount.
void check_per_vehicle(const catalog& cat, diagnostics& out) {
    std::string known;
    for (const auto& [id, v] : cat.vehicles()) known += (known.empty() ? "" : ", ") + id;
    for (const auto& [pid, p] : cat.products()) {
        for (const auto& [cls, loads] : p.per_vehicle) {
            if (cls.empty()) continue;  // the 2.0.0 form: the default class, unchecked
            const vehicle_class* v = cat.find_vehicle(cls);
            if (!v) {
                const vehicle_load* any = loads.loaded ? &*loads.loaded : loads.empty ? &*loads.empty : nullptr;
                out.add("footprint.catalog.unknown-vehicle-class", any ? any->where : p.where,
                        "per_vehicle names an unknown vehicle class '" + cls + "'",
                        known.empty() ? "a vehicle class of <catalog>/vehicle-classes/" : "one of: " + known, cls);
                continue;
            }
            for (const char* state : {"loaded", "empty"}) {
                const vehicle_load* l = p.units_per_vehicle(cls, state);
                if (!l) continue;
                auto rc = recount_per_vehicle(p, *v, state);
                if (!rc) continue;
                const double declared = l->units;
                const bool by_mass = l->limit == load_limit::mass;
                const long expected = by_mass ? rc->mass : rc->space;
                const long other = by_mass ? rc->space : rc->mass;
                if (declared == static_cast<double>(expected) && declared <= static_cast<double>(other)) continue;
                out.add("footprint.catalog.per-vehicle-check", l->where,
                        "per_vehicle." + cls + "." + state + " is " + yaml_reader::fmt_num(declared) + " (limit " +
                            load_limit_name(l->limit) + "), the dimensions give " + std::to_string(rc->space) +
                            " by load space and " + std::to_string(rc->mass) + " by payload: " + rc->working,
                        std::string("the ") + (by_mass ? "payload" : "load-space") + " count " +
                            std::to_string(expected) + ", at most the " + (by_mass ? "load-space" : "payload") +
                            " count " + std::to_string(other),
                        yaml_reader::fmt_num(declared));
            }
        }
    }
}

}  // namespace

std::optional<per_vehicle_recount> recount_per_vehicle(const packaging_product& p, const vehicle_class& v,
                                                       const std::string& state) {
    if (!p.dimensions || v.length_mm <= 0 || v.width_mm <= 0 || v.height_mm <= 0 || v.max_payload_kg <= 0)
        return std::nullopt;
    const product_dimensions& d = *p.dimensions;
    const bool loaded = state == "loaded";
    const double* unit = !loaded && d.folded[2] > 0 ? d.folded : d.erect;
    const double unit_kg = loaded ? (p.gross_mass ? p.gross_mass->coherent() : p.tare_mass.coherent())
                                  : p.tare_mass.coherent();
    auto fmt = [](double x) { return yaml_reader::fmt_num(x); };
    per_vehicle_recount rc;
    double foot_l = unit[0], foot_w = unit[1], place_h = unit[2], place_kg = unit_kg;
    std::string place_text;
    if (d.palletised) {
        const int per = loaded ? d.per_pallet_loaded : d.per_pallet_empty;
        if (per <= 0) return std::nullopt;
        const long per_layer = fit_floor(d.pallet[0], d.pallet[1], unit[0], unit[1]);
        if (per_layer <= 0) return std::nullopt;
        const long layers = (per + per_layer - 1) / per_layer;
        foot_l = d.pallet[0];
        foot_w = d.pallet[1];
        place_h = d.pallet[2] + static_cast<double>(layers) * unit[2];
        place_kg = per * unit_kg + d.pallet_mass_kg;
        rc.per_place = per;
        place_text = std::to_string(per) + " per pallet (" + std::to_string(per_layer) + " a layer, " +
                     std::to_string(layers) + " layers: " + fmt(d.pallet[2]) + " + " + std::to_string(layers) +
                     " x " + fmt(unit[2]) + " = " + fmt(place_h) + " mm)";
    } else {
        rc.per_place = 1;
        place_text = "1 per place (" + fmt(place_h) + " mm high)";
    }
    rc.places = fit_floor(v.length_mm, v.width_mm, foot_l, foot_w);
    for (const auto& e : v.places)
        if ((e.length_mm == foot_l && e.width_mm == foot_w) || (e.length_mm == foot_w && e.width_mm == foot_l))
            rc.places = e.places;
    rc.tiers = static_cast<long>(std::floor(v.height_mm / place_h + 1e-9));
    const int stack = loaded ? d.stack_loaded : d.stack_empty;
    if (stack > 0) rc.tiers = std::min<long>(rc.tiers, stack);
    rc.space = rc.places * rc.tiers * rc.per_place;
    rc.mass = static_cast<long>(std::floor(v.max_payload_kg / place_kg + 1e-9)) * rc.per_place;
    rc.working = std::to_string(rc.places) + " floor places of " + fmt(foot_l) + " x " + fmt(foot_w) + " mm in " +
                 fmt(v.length_mm) + " x " + fmt(v.width_mm) + " mm x " + std::to_string(rc.tiers) + " tiers in " +
                 fmt(v.height_mm) + " mm" + (stack > 0 ? " (stacked at most " + std::to_string(stack) + ")" : "") +
                 " x " + place_text + " = " + std::to_string(rc.space) + "; payload " + fmt(v.max_payload_kg) +
                 " kg / " + fmt(place_kg) + " kg per place = " + std::to_string(rc.mass / rc.per_place) +
                 " places = " + std::to_string(rc.mass);
    return rc;
}

catalog load_catalog_yaml(const std::vector<std::pair<std::string, std::string>>& named_texts,
                          const factor_library* factors,
                          const std::vector<std::pair<std::string, std::string>>& vehicle_texts) {
    catalog cat;
    diagnostics out;
    std::map<std::string, source_location> seen;
    for (const auto& [name, text] : vehicle_texts) read_vehicle_class(name, text, cat, out, factors);
    for (const auto& [name, text] : named_texts) read_product(name, text, cat, out, seen, factors);
    int defaults = 0;
    for (const auto& [id, v] : cat.vehicles()) defaults += v.is_default ? 1 : 0;
    if (defaults > 1)
        out.add("footprint.catalog.default-vehicle", cat.vehicles().begin()->second.where,
                "more than one vehicle class is marked default: true", "at most one default class",
                std::to_string(defaults));
    check_per_vehicle(cat, out);
    out.throw_if_any();
    return cat;
}

namespace {

std::vector<std::pair<std::string, std::string>> read_yaml_files(const std::filesystem::path& dir, diagnostics& out) {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".yaml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<std::pair<std::string, std::string>> texts;
    for (const auto& f : files)
        if (auto t = detail::read_text_file(f.string(), out)) texts.emplace_back(f.string(), std::move(*t));
    return texts;
}

}  // namespace

catalog load_catalog_directory(const std::filesystem::path& dir, const factor_library* factors) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        throw error("footprint.io.read", source_location{dir.string(), 0, 0, {}, {}}, "catalog directory not found",
                    "a directory of *.yaml product files");
    diagnostics out;
    auto texts = read_yaml_files(dir, out);
    std::vector<std::pair<std::string, std::string>> vehicle_texts;
    if (std::filesystem::is_directory(dir / "vehicle-classes", ec)) vehicle_texts = read_yaml_files(dir / "vehicle-classes", out);
    out.throw_if_any();
    return load_catalog_yaml(texts, factors, vehicle_texts);
}

}  // namespace footprint
