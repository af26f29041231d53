// Binding catalog look-ups: cfp, cfp_per_trip, trip_inventory (product
// footprints), and the catalog's data per product (capacity, tare,
// gross_mass, per_vehicle, design_life, expected_trips, folded_ratio,
// reusable). With a constant product the value is resolved now and folded;
// with a product, year or region from the shipment it becomes a table.

#include <cmath>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>

#include "footprint/products/cfp.hpp"
#include "plan/detail/binder.hpp"

namespace footprint::detail {

/// A catalog call's arguments, checked.
struct binder::catalog_call {
    std::string f;
    bool per_trip_share = false;  // cfp_per_trip
    bool takes_loss = false;      // cfp_per_trip, expected_trips
    bool takes_stage = false;     // cfp, trip_inventory, cfp_per_trip
    double loss = 0;
    std::string state, stage, tag, scope;
    std::optional<key_arg> product, year, region, vehicle;  // product: the vehicle class for vehicle_*()
};

namespace {

/// Resolves one entry of a catalog look-up: the product, year and region come
/// from the key where they vary, else from the call.
struct catalog_lookup {
    std::string f;
    bool per_trip_share = false, takes_loss = false;
    double loss = 0;
    std::string state, stage, tag, scope;
    std::string fixed_product, fixed_year, fixed_region, fixed_vehicle;
    bool pv = false, yv = false, rv = false, vv = false;
    bool has_vehicle = false;  // per_vehicle(..., vehicle=...)
    std::shared_ptr<const catalog> catp;
    std::shared_ptr<const factor_library> libp;
    const gwp_set* gwpp = nullptr;

    resolution operator()(const std::vector<std::string>& key) const {
        resolution res;
        std::size_t i = 0;
        std::string pid = pv ? key[i++] : fixed_product;
        std::string yr = yv ? key[i++] : fixed_year;
        std::string reg = rv ? key[i++] : fixed_region;
        std::string veh = vv ? key[i++] : fixed_vehicle;
        if (f == "vehicle_payload" || f == "vehicle_per_km") {
            vehicle_entry(pid, res);
            return res;
        }
        const packaging_product* p = catp->find(pid);
        if (!p) {
            res.problem = "no product '" + pid + "' in the catalog";
            return res;
        }
        res.record.kind = "catalog";
        res.record.label = f + "(" + pid + (takes_loss ? ", loss: " + format_number(loss) : "") +
                           (state.empty() ? "" : ", state: " + state) + (has_vehicle ? ", vehicle: " + veh : "") +
                           (stage.empty() ? "" : ", stage: " + stage) +
                           (tag.empty() ? "" : ", tag: " + tag) + (yr.empty() ? "" : ", year: " + yr) +
                           (reg.empty() ? "" : ", region: " + reg) + ")";
        res.record.source = "catalog " + std::filesystem::path(p->where.file).filename().string();
        try {
            if (f == "cfp" || f == "trip_inventory" || per_trip_share) footprint_entry(*p, yr, reg, res);
            else datum_entry(*p, pid, veh, res);
        } catch (const error& err) {
            res.problem = err.problems().front().message;
            res.value = std::numeric_limits<double>::quiet_NaN();
        }
        return res;
    }

    /// cfp, trip_inventory and cfp_per_trip: a product footprint from the factor set.
    void footprint_entry(const packaging_product& p, const std::string& yr, const std::string& reg,
                         resolution& res) const {
        cfp_options o;
        o.gwp = gwpp;
        if (!yr.empty()) o.year = static_cast<int>(std::lround(std::stod(yr)));
        if (!reg.empty()) {
            o.region = reg;
            o.region_overrides_items = true;
        }
        if (per_trip_share) {
            footprint_result r = footprint_per_trip_items(p, *libp, o, loss, stage);
            res.value = footprint_kg(r);  // footprint_per_trip, with its items kept for the chain
            res.record.unit = "kg CO2e";
            res.record.value = res.value;
            for (const auto& st : r.stages)
                for (const auto& it : st.items) res.record.chain.push_back(item_link(p.id, it));
            return;
        }
        std::vector<inventory_item> items;
        for (const auto& it : f == "cfp" ? p.items : p.per_trip)
            if (tag.empty() || it.tag == tag) items.push_back(it);
        footprint_result r = compute_footprint(items, *libp, o);
        double kg = 0;
        for (const auto& st : r.stages)
            if (stage.empty() || stage_key(st.stage) == stage)
                for (const auto& it : st.items) {
                    kg += it.emission.value();
                    res.record.chain.push_back(item_link(p.id, it));
                }
        res.value = kg;
        res.record.unit = "kg CO2e";
        res.record.value = kg;
    }

    /// The catalog's data for a product, in coherent units.
    /// vehicle_payload and vehicle_per_km: a vehicle class of the catalog, its factor from the factor set.
    void vehicle_entry(const std::string& vid, resolution& res) const {
        const vehicle_class* v = catp->find_vehicle(vid);
        if (!v) {
            std::string known;
            for (const auto& [id, _] : catp->vehicles()) known += (known.empty() ? "" : ", ") + id;
            res.problem = "no vehicle class '" + vid + "' in the catalog (known: " + (known.empty() ? "none" : known) + ")";
            res.value = std::numeric_limits<double>::quiet_NaN();
            return;
        }
        res.record.kind = "catalog";
        const std::string file = "catalog vehicle-classes/" + std::filesystem::path(v->where.file).filename().string();
        if (f == "vehicle_payload") {
            res.record.label = "vehicle_payload(" + vid + ")";
            res.value = v->payload.coherent();
            res.record.value = v->payload.value;
            res.record.unit = v->payload.unit.text;
            res.record.source = file + "; " + citation_text(v->payload_cited);
            return;
        }
        const std::string& id = state == "empty" ? (scope == "ttw" ? v->empty_ttw : v->empty_wtw)
                                                 : (scope == "ttw" ? v->full_ttw : v->full_wtw);
        res.record.label = "vehicle_per_km(" + vid + ", state: " + state + ", scope: " + scope + ")";
        const emission_factor* fac = libp->find(id);
        if (!fac) {
            res.problem = "vehicle class '" + vid + "' names factor '" + id + "', which the factor set does not hold";
            res.value = std::numeric_limits<double>::quiet_NaN();
            return;
        }
        res.value = fac->kg_co2e_per_activity(*gwpp);
        res.record.value = fac->kg_co2e_per_activity_unit(*gwpp);
        res.record.unit = "kg CO2e/" + fac->activity_unit.text;
        res.record.factor_id = fac->id;
        res.record.fallback_path = {"vehicle class " + vid + " names " + state + "_" + scope + " → " + fac->id};
        factor_chain_link link = factor_link(*libp, *fac, *gwpp, res.record.fallback_path);
        link.product = vid;
        link.item = state + "_" + scope + " per km";
        res.record.chain.push_back(std::move(link));
        res.record.source = file + " (" + v->name + "); factor " + fac->cited.source_id +
                            (fac->cited.table.empty() ? "" : ", " + fac->cited.table);
    }

    void datum_entry(const packaging_product& p, const std::string& pid, const std::string& veh, resolution& res) const {
        if (f == "gross_mass") {
            if (!p.gross_mass) {
                res.problem = "product '" + pid + "' has no gross_mass in the catalog";
                res.value = std::numeric_limits<double>::quiet_NaN();
                return;
            }
            res.value = p.gross_mass->coherent();
            res.record.value = p.gross_mass->value;
            res.record.unit = p.gross_mass->unit.text;
            res.record.source = citation_text(p.gross_cited);
        } else if (f == "per_vehicle") {
            // Without vehicle=: the unclassed (2.0.0) block, else the catalog's default class.
            // An unclassed block stands for the default class, asked for by name too.
            const vehicle_class* d = catp->default_vehicle();
            std::string cls = veh;
            if (!has_vehicle && !p.per_vehicle.count("")) cls = d ? d->id : std::string();
            if (has_vehicle && !p.per_vehicle.count(cls) && p.per_vehicle.count("") && d && d->id == cls) cls.clear();
            const vehicle_load* load = p.units_per_vehicle(cls, state);
            if (!load) {
                res.problem = "product '" + pid + "' has no per_vehicle" + (cls.empty() ? "" : "." + cls) + "." + state +
                              " in the catalog";
                res.value = std::numeric_limits<double>::quiet_NaN();
                return;
            }
            res.value = load->units;
            res.record.value = load->units;
            res.record.unit = std::string("units per vehicle, limited by ") + load_limit_name(load->limit);
            res.record.source = (cls.empty() ? std::string() : "vehicle class " + cls + "; ") + citation_text(load->cited);
        } else if (f == "capacity") {
            res.value = p.capacity.coherent();
            res.record.value = p.capacity.value;
            res.record.unit = p.capacity.unit.text;
        } else if (f == "tare") {
            res.value = p.tare_mass.coherent();
            res.record.value = p.tare_mass.value;
            res.record.unit = p.tare_mass.unit.text;
            res.record.source = citation_text(p.tare_cited);
        } else if (f == "expected_trips") {
            res.value = expected_trips(p.design_life_trips.value_or(1), loss);
            res.record.value = res.value;
            res.record.unit = "trips";
        } else if (f == "design_life") {
            res.value = p.design_life_trips.value_or(1);
            res.record.value = res.value;
            res.record.unit = "trips";
        } else if (f == "folded_ratio") {
            res.value = p.folded_volume_ratio.value_or(1.0);
            res.record.value = res.value;
            res.record.unit = "1";
        } else {
            res.value = p.reusable() ? 1 : 0;
            res.record.value = res.value;
            res.record.unit = "";
        }
    }
};

}  // namespace

int binder::bind_catalog(const expr::node& e, const call_args& args) {
    catalog_call c;
    if (!catalog_arguments(e, args, c)) return -1;
    std::optional<value_type> result = catalog_result_type(e, c);
    if (!result) return -1;
    const auto& product = c.product;
    const auto& year = c.year;
    const auto& region = c.region;
    std::vector<key_part> parts;
    if (!product->constant) parts.push_back(product->part);
    if (year && !year->constant) parts.push_back(year->part);
    if (region && !region->constant) parts.push_back(region->part);
    if (c.vehicle && !c.vehicle->constant) parts.push_back(c.vehicle->part);
    catalog_lookup resolve;
    resolve.f = c.f;
    resolve.per_trip_share = c.per_trip_share;
    resolve.takes_loss = c.takes_loss;
    resolve.loss = c.loss;
    resolve.state = c.state;
    resolve.stage = c.stage;
    resolve.tag = c.tag;
    resolve.scope = c.scope;
    resolve.has_vehicle = c.vehicle.has_value();
    resolve.fixed_vehicle = c.vehicle && c.vehicle->constant ? c.vehicle->text : std::string();
    resolve.vv = c.vehicle && !c.vehicle->constant;
    resolve.fixed_product = product->constant ? product->text : std::string();
    resolve.fixed_year = year && year->constant ? year->text : std::string();
    resolve.fixed_region = region && region->constant ? region->text : std::string();
    resolve.pv = !product->constant;
    resolve.yv = year && !year->constant;
    resolve.rv = region && !region->constant;
    resolve.catp = p_.options.products;
    resolve.libp = p_.options.factors;
    resolve.gwpp = p_.options.gwp;
    if (parts.empty()) {
        resolution r = resolve({});
        if (!r.problem.empty()) {
            out_.add("footprint.catalog.unknown-product", e.where, r.problem, "a product of the catalog",
                     expr::to_string(e));
            return -1;
        }
        return resolved_constant(r.value, *result, e, r.record);
    }
    table_spec t;
    t.label = expr::to_string(e);
    t.parts = parts;
    t.resolve = resolve;
    return table_node(std::move(t), *result, e);
}

bool binder::catalog_arguments(const expr::node& e, const call_args& args, catalog_call& c) {
    const std::string& f = c.f = e.text;
    c.per_trip_share = f == "cfp_per_trip";
    c.takes_loss = c.per_trip_share || f == "expected_trips";
    c.takes_stage = f == "cfp" || f == "trip_inventory" || c.per_trip_share;
    if (c.per_trip_share ? !args.check_names({"loss", "stage", "year", "region"})
        : f == "expected_trips" ? !args.check_names({"loss"})
        : c.takes_stage ? !args.check_names({"stage", "tag", "year", "region"})
        : f == "per_vehicle" ? !args.check_names({"state", "vehicle"})
        : f == "vehicle_per_km" ? !args.check_names({"state", "scope"})
                             : !args.check_names({}))
        return false;
    if (f == "vehicle_payload" || f == "vehicle_per_km") return vehicle_arguments(e, args, c);
    const expr::node* product_arg = args.positional(0);
    const std::size_t with_vehicle = f == "per_vehicle" && args.named("vehicle") ? 1u : 0u;
    if (!product_arg ||
        (!c.takes_stage && e.args.size() != (f == "per_vehicle" || c.takes_loss ? 2u : 1u) + with_vehicle)) {
        arity(e, f == "per_vehicle" ? "per_vehicle(product, state=\"loaded\" or \"empty\")" : f + "(product)");
        return false;
    }
    // cfp_per_trip: the per-trip loss must be known when the plan is bound (it weighs
    // every component's life), so it is a constant expression of fixed parameters.
    if (c.takes_loss) {
        const expr::node* l = args.named("loss");
        if (!l) {
            arity(e, f + "(product, loss=P" + (c.per_trip_share ? ", stage=..., year=...)" : ")"));
            return false;
        }
        int n = bind(*l);
        if (n < 0) return false;
        const bnode& b = p_.nodes[static_cast<std::size_t>(n)];
        if (b.o != op::constant || b.type.k != vkind::number || !(b.type.dim == dimensions::none) ||
            !(b.value >= 0 && b.value < 1)) {
            out_.add("footprint.expr.type", l->where,
                     f + "(): loss must be a constant probability per trip, at least 0 and below 1",
                     "e.g. loss=loss_per_trip, an equation of fixed parameters", expr::to_string(*l));
            return false;
        }
        c.loss = b.value;
    }
    if (f == "per_vehicle") {
        const expr::node* st = args.named("state");
        auto k = st ? key_argument(*st, f.c_str(), "state", vkind::text) : std::nullopt;
        if (!k || !k->constant || (k->text != "loaded" && k->text != "empty")) {
            if (!st || (k && k->constant))
                out_.add("footprint.expr.argument", e.where, "per_vehicle() needs the load state",
                         "state=\"loaded\" or state=\"empty\"", expr::to_string(e));
            return false;
        }
        c.state = k->text;
        if (const expr::node* v = args.named("vehicle")) {
            c.vehicle = key_argument(*v, f.c_str(), "vehicle", vkind::text);
            if (!c.vehicle) return false;
            if (!check_vehicle_values(*v, *c.vehicle)) return false;
        }
    }
    c.product = key_argument(*product_arg, f.c_str(), "the product", vkind::product);
    if (!c.product) return false;
    if (const expr::node* s = args.named("stage")) {
        auto k = key_argument(*s, f.c_str(), "stage", vkind::text);
        if (!k || !k->constant) return false;
        c.stage = k->text;
        if (!parse_stage(c.stage)) {
            out_.add("footprint.catalog.stage", s->where, "unknown stage",
                     "raw_material, production, distribution, use or end_of_life", c.stage);
            return false;
        }
    }
    if (const expr::node* tg = args.named("tag")) {
        auto k = key_argument(*tg, f.c_str(), "tag", vkind::text);
        if (!k || !k->constant) return false;
        c.tag = k->text;
    }
    if (const expr::node* y = args.named("year")) {
        c.year = key_argument(*y, f.c_str(), "year", vkind::number);
        if (!c.year) return false;
    }
    if (const expr::node* r = args.named("region")) {
        c.region = key_argument(*r, f.c_str(), "region", vkind::region);
        if (!c.region) return false;
    }
    return true;
}

std::optional<value_type> binder::catalog_result_type(const expr::node& e, const catalog_call& c) {
    const std::string& f = c.f;
    if (c.takes_stage) return number_type(dimensions::emission);
    if (f == "vehicle_payload") return number_type(dimensions::mass);
    if (f == "vehicle_per_km") return number_type(dimensions::emission / dimensions::length);
    if (f == "tare" || f == "gross_mass") return number_type(dimensions::mass);
    if (f == "design_life" || f == "expected_trips" || f == "folded_ratio" || f == "per_vehicle")
        return number_type(dimensions::none);
    if (f == "reusable") return boolean_type;
    // capacity: all products must agree on the dimension
    std::optional<dimension> d;
    for (const auto& [id, p] : p_.options.products->products()) {
        if (d && *d != p.capacity.unit.dim) {
            out_.add("footprint.catalog.capacity", e.where, "catalog capacities mix volumes and masses",
                     "one dimension for every product's capacity", expr::to_string(e));
            return std::nullopt;
        }
        d = p.capacity.unit.dim;
    }
    return number_type(d.value_or(dimensions::volume));
}

}  // namespace footprint::detail

namespace footprint::detail {

/// vehicle_payload(vehicle) and vehicle_per_km(vehicle, state="empty"|"full", scope="wtw"|"ttw").
bool binder::vehicle_arguments(const expr::node& e, const call_args& args, catalog_call& c) {
    const std::string& f = c.f;
    const expr::node* vehicle_arg = args.positional(0);
    if (!vehicle_arg || args.positional_count() != 1) {
        arity(e, f == "vehicle_payload" ? "vehicle_payload(vehicle_class)"
                                        : "vehicle_per_km(vehicle_class, state=\"empty\" or \"full\", scope=\"wtw\" or \"ttw\")");
        return false;
    }
    if (f == "vehicle_per_km") {
        auto text_arg = [&](const char* key, const char* a, const char* b, std::string& dest) {
            const expr::node* n = args.named(key);
            auto k = n ? key_argument(*n, f.c_str(), key, vkind::text) : std::nullopt;
            if (!k || !k->constant || (k->text != a && k->text != b)) {
                if (!n || (k && k->constant))
                    out_.add("footprint.expr.argument", e.where, f + "() needs " + key,
                             std::string(key) + "=\"" + a + "\" or " + key + "=\"" + b + "\"", expr::to_string(e));
                return false;
            }
            dest = k->text;
            return true;
        };
        if (!text_arg("state", "empty", "full", c.state) || !text_arg("scope", "wtw", "ttw", c.scope)) return false;
    }
    c.product = key_argument(*vehicle_arg, f.c_str(), "the vehicle class", vkind::text);
    if (!c.product) return false;
    return check_vehicle_values(*vehicle_arg, *c.product);
}

/// A vehicle class named by a constant, or every value a text column declares,
/// must be a vehicle class of the catalog: found when the plan is bound.
bool binder::check_vehicle_values(const expr::node& a, const key_arg& k) {
    std::vector<std::string> names;
    if (k.constant) names.push_back(k.text);
    else if (!k.part.year && k.part.column >= 0)
        names = p_.m.monitored[static_cast<std::size_t>(k.part.column)].values;
    bool ok = true;
    for (const auto& n : names) {
        if (p_.options.products->find_vehicle(n)) continue;
        std::string known;
        for (const auto& [id, _] : p_.options.products->vehicles()) known += (known.empty() ? "" : ", ") + id;
        out_.add("footprint.catalog.unknown-vehicle-class", a.where, "no vehicle class '" + n + "' in the catalog",
                 known.empty() ? "a vehicle class of <catalog>/vehicle-classes/" : "one of: " + known,
                 expr::to_string(a));
        ok = false;
    }
    return ok;
}

}  // namespace footprint::detail
