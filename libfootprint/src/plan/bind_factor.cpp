// Binding factor(...) look-ups: factor(id: "...") and
// factor("activity", region: R, year: Y, scope: S). With constant arguments
// the factor is resolved now and folded; with a region or year from the
// shipment it becomes a table whose entries are resolved when first needed.

#include <cmath>
#include <memory>
#include <optional>
#include <set>

#include "footprint/products/cfp.hpp"
#include "plan/detail/binder.hpp"

namespace footprint::detail {
namespace {

/// Resolves one entry of a factor look-up: the region and year come from the
/// key where they vary, else from the call.
struct factor_lookup {
    std::shared_ptr<const factor_library> lib;
    const gwp_set* gwp = nullptr;
    std::string activity, scope, fixed_region, fixed_year;
    bool region_varies = false, year_varies = false;
    dimension want;

    resolution operator()(const std::vector<std::string>& key) const {
        resolution res;
        std::size_t i = 0;
        std::string reg = region_varies ? key[i++] : fixed_region;
        std::string yr = year_varies ? key[i++] : fixed_year;
        int y = 0;
        if (!yr.empty()) y = static_cast<int>(std::lround(std::stod(yr)));
        try {
            factor_match m = lib->lookup(factor_query{activity, reg, y, scope});
            if (m.factor->activity_unit.dim != want) {
                res.problem = "factor " + m.factor->id + " is per " + m.factor->activity_unit.text +
                              ", not per the unit the equation needs";
                return res;
            }
            res.value = m.factor->kg_co2e_per_activity(*gwp);
            res.record.label = "factor(\"" + activity + "\", region: " + reg + (yr.empty() ? "" : ", year: " + yr) +
                               (scope.empty() ? "" : ", scope: " + scope) + ")";
            res.record.kind = "factor";
            res.record.value = m.factor->kg_co2e_per_activity_unit(*gwp);
            res.record.unit = "kg CO2e/" + m.factor->activity_unit.text;
            res.record.factor_id = m.factor->id;
            res.record.fallback_path = m.path;
            res.record.source =
                m.factor->cited.source_id + (m.factor->cited.table.empty() ? "" : ", " + m.factor->cited.table);
            res.record.chain.push_back(factor_link(*lib, *m.factor, *gwp, m.path));
        } catch (const error& err) {
            res.problem = err.problems().front().message;
        }
        return res;
    }
};

}  // namespace

int binder::bind_factor(const expr::node& e, const call_args& args) {
    if (!args.check_names({"region", "year", "scope", "id"})) return -1;
    const expr::node* activity_arg = args.positional(0);
    const expr::node* id_arg = args.named("id");
    if ((activity_arg == nullptr) == (id_arg == nullptr))
        return arity(e, "an activity (factor(\"electricity.grid\", region: R, year: Y)) or an id (factor(id: \"...\"))");
    if (id_arg) return bind_factor_by_id(e, *id_arg);
    const factor_library& lib = *p_.options.factors;
    std::string activity, scope;
    auto act = key_argument(*activity_arg, "factor", "the activity", vkind::text);
    if (!act || !act->constant) return -1;
    activity = act->text;
    if (const expr::node* s = args.named("scope")) {
        auto k = key_argument(*s, "factor", "scope", vkind::text);
        if (!k || !k->constant) return -1;
        scope = k->text;
    }
    // The factor's dimension must be known now: every candidate of the activity must agree.
    std::set<std::string> units;
    std::optional<dimension> dim;
    bool disagree = false;
    for (const auto& fac : lib.factors()) {
        if (fac.activity != activity || (!scope.empty() && fac.scope != scope)) continue;
        units.insert(fac.activity_unit.text);
        if (dim && *dim != fac.activity_unit.dim) disagree = true;
        dim = fac.activity_unit.dim;
    }
    if (!dim) {
        out_.add("footprint.factor.not-found", activity_arg->where,
                 "no factor for activity '" + activity + "'" + (scope.empty() ? "" : " with scope " + scope),
                 "an activity of the factor set", activity);
        return -1;
    }
    if (disagree) {
        std::string list;
        for (const auto& u : units) list += (list.empty() ? "" : ", ") + u;
        out_.add("footprint.factor.ambiguous", e.where, "factors of '" + activity + "' are per different units (" + list + ")",
                 "a scope: or id: that selects one kind", activity);
        return -1;
    }
    value_type result = number_type(dimensions::emission / *dim);
    std::optional<key_arg> region, year;
    if (const expr::node* r = args.named("region")) {
        region = key_argument(*r, "factor", "region", vkind::region);
        if (!region) return -1;
    }
    if (const expr::node* y = args.named("year")) {
        year = key_argument(*y, "factor", "year", vkind::number);
        if (!year) return -1;
    } else {
        // Without a year the look-up would quietly take whichever year comes first.
        out_.add("footprint.expr.argument", e.where, "factor(\"" + activity + "\") needs a year",
                 "year=year(date) or a constant year, e.g. year=2023", expr::to_string(e));
        return -1;
    }
    std::vector<key_part> parts;
    if (region && !region->constant) parts.push_back(region->part);
    if (year && !year->constant) parts.push_back(year->part);
    factor_lookup resolve;
    resolve.lib = p_.options.factors;
    resolve.gwp = p_.options.gwp;
    resolve.activity = activity;
    resolve.scope = scope;
    resolve.fixed_region = region && region->constant ? region->text : std::string("GLO");
    resolve.fixed_year = year && year->constant ? year->text : std::string();
    resolve.region_varies = region && !region->constant;
    resolve.year_varies = year && !year->constant;
    resolve.want = *dim;
    if (parts.empty()) {
        resolution r = resolve({});
        if (!r.problem.empty()) {
            out_.add("footprint.factor.not-found", e.where, r.problem, "a factor for every region and year in range",
                     expr::to_string(e));
            return -1;
        }
        return resolved_constant(r.value, result, e, r.record);
    }
    table_spec t;
    t.label = expr::to_string(e);
    t.parts = parts;
    t.resolve = resolve;
    return table_node(std::move(t), result, e);
}

int binder::bind_factor_by_id(const expr::node& e, const expr::node& id_arg) {
    const factor_library& lib = *p_.options.factors;
    const gwp_set& gwp = *p_.options.gwp;
    auto k = key_argument(id_arg, "factor", "id", vkind::text);
    if (!k || !k->constant) return -1;
    const std::string id = k->text;
    const emission_factor* fac = lib.find(id);
    if (!fac) {
        out_.add("footprint.factor.not-found", id_arg.where, "no factor with id '" + id + "'",
                 "the id of a factor in the factor set", id);
        return -1;
    }
    factor_match named_match;
    named_match.factor = fac;
    named_match.path = {"named by id → " + id};
    named_match.exact = true;
    resolved_value rec = factor_record(*fac, named_match, e);
    return resolved_constant(fac->kg_co2e_per_activity(gwp), number_type(dimensions::emission / fac->activity_unit.dim),
                             e, rec);
}

resolved_value binder::factor_record(const emission_factor& fac, const factor_match& m, const expr::node& e) {
    resolved_value rec;
    rec.label = expr::to_string(e);
    rec.kind = "factor";
    rec.value = fac.kg_co2e_per_activity_unit(*p_.options.gwp);
    rec.unit = "kg CO2e/" + fac.activity_unit.text;
    rec.factor_id = fac.id;
    rec.fallback_path = m.path;
    rec.source = fac.cited.source_id + (fac.cited.table.empty() ? "" : ", " + fac.cited.table);
    rec.chain.push_back(factor_link(*p_.options.factors, fac, *p_.options.gwp, m.path));
    return rec;
}

factor_chain_link factor_link(const factor_library& lib, const emission_factor& f, const gwp_set& gwp,
                              std::vector<std::string> path) {
    factor_chain_link l;
    l.factor_id = f.id;
    l.source_id = f.cited.source_id;
    l.table = f.cited.table;
    l.factor_set = lib.layers()[lib.layer_of(f)].name;
    l.gwp = factor_gwp_basis(f, gwp);
    l.fallback_path = std::move(path);
    return l;
}

factor_chain_link item_link(const std::string& product, const item_result& r) {
    factor_chain_link l;
    l.product = product;
    l.stage = std::string(stage_key(r.stage));
    l.item = r.name;
    l.factor_id = r.factor_id;
    l.source_id = r.factor_source_id;
    l.table = r.factor_table;
    l.factor_set = r.factor_set;
    l.gwp = r.gwp_basis;
    l.fallback_path = r.fallback_path;
    return l;
}

}  // namespace footprint::detail
