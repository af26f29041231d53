// Product carbon footprint: inventory × factors, per stage.

#include "footprint/products/cfp.hpp"

#include <cmath>
#include <optional>

namespace footprint {
namespace {

namespace u = footprint::units;

// The activity amount and the factor meet as typed quantities, so the
// multiplication itself is checked by the compiler for each dimension the
// data may use; the runtime dimension check chooses which one applies.
template <class ActivityUnit>
u::co2e typed_product(double activity_coherent, double kg_co2e_per_coherent) {
    using activity_q = boost::units::quantity<ActivityUnit>;
    using factor_unit = typename boost::units::divide_typeof_helper<u::co2e_unit, ActivityUnit>::type;
    using factor_q = boost::units::quantity<factor_unit>;
    activity_q amount = activity_coherent * ActivityUnit{};
    factor_q ef = kg_co2e_per_coherent * factor_unit{};
    return amount * ef;
}

}  // namespace

units::co2e item_emission(const measured& amount, double share, const emission_factor& factor,
                          const gwp_set& gwp, const source_location& where) {
    if (amount.unit.dim != factor.activity_unit.dim)
        throw error("footprint.unit.dimension", where,
                    "quantity '" + amount.unit.text + "' (" + amount.unit.dimension_name() +
                        ") does not fit factor '" + factor.id + "' per " + factor.activity_unit.text + " (" +
                        factor.activity_unit.dimension_name() + ")",
                    "a quantity in " + factor.activity_unit.dimension_name() + ", e.g. " +
                        factor.activity_unit.text,
                    amount.unit.text);
    const double x = amount.coherent() * share;
    const double ef = factor.kg_co2e_per_activity(gwp);
    const dimension d = amount.unit.dim;
    if (d == dimensions::mass) return typed_product<u::mass_unit>(x, ef);
    if (d == dimensions::energy) return typed_product<u::energy_unit>(x, ef);
    if (d == dimensions::freight_work) return typed_product<u::freight_work_unit>(x, ef);
    if (d == dimensions::volume) return typed_product<u::volume_unit>(x, ef);
    if (d == dimensions::length) return typed_product<u::length_unit>(x, ef);
    if (d == dimensions::count) return typed_product<u::dimensionless_unit>(x, ef);
    throw error("footprint.unit.dimension", where,
                "activities in " + amount.unit.dimension_name() + " are not supported",
                "mass, energy, freight work, volume, length or count", amount.unit.text);
}

std::string factor_gwp_basis(const emission_factor& f, const gwp_set& gwp) {
    if (f.co2e_per_activity) return f.gwp_assumed.empty() ? "as published (not stated)" : f.gwp_assumed + " (as published)";
    return std::string(gwp.name);
}

footprint_result compute_footprint(const std::vector<inventory_item>& items, const factor_library& factors,
                                   const cfp_options& options) {
    footprint_result result;
    result.gwp = std::string(options.gwp->name);
    std::vector<diagnostic> problems;
    for (const auto& item : items) {
        try {
            factor_match match;
            if (!item.factor_id.empty()) {
                match.factor = factors.find(item.factor_id);
                if (match.factor == nullptr)
                    throw error("footprint.factor.not-found", item.where,
                                "no factor with id '" + item.factor_id + "'", "the id of a bundled factor",
                                item.factor_id);
                // A factor named by id is used as named; whether its years cover
                // the activity year is recorded, not hidden.
                const int year = item.year.value_or(options.year);
                match.exact = match.factor->valid_in(year);
                match.path.push_back("named by id → " + item.factor_id +
                                     (match.exact ? std::string()
                                                  : " (valid " + std::to_string(match.factor->year_first) + "–" +
                                                        std::to_string(match.factor->year_last) + ", used for " +
                                                        std::to_string(year) + ")"));
            } else {
                factor_query q{item.activity,
                               item.region.empty() || options.region_overrides_items ? options.region : item.region,
                               item.year.value_or(options.year), item.scope};
                match = factors.lookup(q, item.where);
            }
            const emission_factor& f = *match.factor;
            item_result r;
            r.name = item.name;
            r.stage = item.stage;
            r.quantity = item.quantity;
            r.share = item.share;
            r.factor_id = f.id;
            r.factor_name = f.name;
            r.factor_value = f.kg_co2e_per_activity_unit(*options.gwp);
            r.factor_unit = "kg CO2e/" + f.activity_unit.text;
            r.factor_source = f.cited.source_id + (f.cited.table.empty() ? "" : ", " + f.cited.table);
            r.factor_source_id = f.cited.source_id;
            r.factor_table = f.cited.table;
            r.factor_set = factors.layers()[factors.layer_of(f)].name;
            r.gwp_basis = factor_gwp_basis(f, *options.gwp);
            r.fallback_path = match.path;
            r.factor_exact = match.exact;
            r.fossil = f.fossil;
            r.cited = item.cited;
            r.emission = item_emission(item.quantity, item.share, f, *options.gwp, item.where);
            r.grams = round_to_grams(r.emission);
            const double x = item.quantity.coherent() * item.share;
            for (const auto& g : f.gases) r.gases.add(g.gas, g.per_activity * x);
            result.add(std::move(r));
        } catch (const error& e) {
            problems.insert(problems.end(), e.problems().begin(), e.problems().end());
        }
    }
    if (!problems.empty()) throw error(problems);
    return result;
}

product_footprint compute_product_footprint(const packaging_product& product, const factor_library& factors,
                                            const cfp_options& options) {
    product_footprint out;
    out.product = &product;
    std::vector<diagnostic> problems;
    try {
        out.per_unit = compute_footprint(product.items, factors, options);
    } catch (const error& e) {
        problems = e.problems();
    }
    if (product.reusable() && !product.per_trip.empty()) {
        try {  // check the per-trip items too, so one run reports everything
            (void)compute_footprint(product.per_trip, factors, options);
        } catch (const error& e) {
            problems.insert(problems.end(), e.problems().begin(), e.problems().end());
        }
    }
    if (!problems.empty()) throw error(problems);
    // The declared unit ends at its design life: items for lost units do not apply to it.
    bool routed = false;
    for (const auto& item : product.items) routed = routed || item.route != end_of_life_route::every_unit;
    if (routed) out.per_unit = compute_footprint(shared_over_trips(product, 0.0, false), factors, options);
    // One trip carries each component's life shared over the trips it serves (without loss:
    // its life in trips) plus everything the trip itself adds.
    out.per_trip = compute_footprint(shared_over_trips(product, 0.0, true), factors, options);
    return out;
}

double expected_trips(int life_trips, double loss_per_trip) {
    const double n = static_cast<double>(life_trips);
    if (!(loss_per_trip > 0)) return n;
    return (1.0 - std::pow(1.0 - loss_per_trip, n)) / loss_per_trip;
}

double route_weight(end_of_life_route route, int life_trips, double loss_per_trip) {
    const double retired = std::pow(1.0 - loss_per_trip, static_cast<double>(life_trips));
    switch (route) {
        case end_of_life_route::retired: return retired;
        case end_of_life_route::lost: return 1.0 - retired;
        case end_of_life_route::every_unit: break;
    }
    return 1.0;
}

int component_life(const packaging_product& product, const inventory_item& item) {
    if (item.life_trips) return *item.life_trips;
    return product.reusable() ? product.design_life_trips.value_or(1) : 1;
}

namespace {

/// One item of the product's own life as a trip carries it: its share weighed by its end-of-life
/// route and divided by the trips it serves (`per_trip`), or by one (the declared unit).
/// Nothing when its route does not apply (lost units, without loss).
std::optional<inventory_item> share_of_life(const packaging_product& product, const inventory_item& item,
                                            double loss_per_trip, bool per_trip) {
    const int life = component_life(product, item);
    const double weight = route_weight(item.route, life, loss_per_trip);
    if (weight == 0) return std::nullopt;
    inventory_item shared = item;
    shared.share = item.share * weight / (per_trip ? expected_trips(life, loss_per_trip) : 1.0);
    if (per_trip && life != 1) {
        // The old name form for a plain 1/N share keeps earlier reports unchanged.
        if (loss_per_trip > 0 || weight != 1)
            shared.name = item.name + " (" + std::to_string(life) + "-trip life, weight " + std::to_string(weight) + ")";
        else
            shared.name = item.name + " (1/" + std::to_string(life) + " of the unit)";
    }
    return shared;
}

}  // namespace

std::vector<inventory_item> shared_over_trips(const packaging_product& product, double loss_per_trip,
                                              bool include_trip_items) {
    std::vector<inventory_item> out;
    out.reserve(product.items.size() + product.per_trip.size());
    for (const auto& item : product.items)
        if (auto shared = share_of_life(product, item, loss_per_trip, include_trip_items))
            out.push_back(std::move(*shared));
    if (include_trip_items && product.reusable())
        out.insert(out.end(), product.per_trip.begin(), product.per_trip.end());
    return out;
}

footprint_result footprint_per_trip_items(const packaging_product& product, const factor_library& factors,
                                          const cfp_options& options, double loss_per_trip, std::string_view stage) {
    std::vector<inventory_item> items;
    for (const auto& item : product.items)
        if (stage.empty() || stage_key(item.stage) == stage)
            if (auto shared = share_of_life(product, item, loss_per_trip, true)) items.push_back(std::move(*shared));
    return compute_footprint(items, factors, options);
}

double footprint_per_trip(const packaging_product& product, const factor_library& factors, const cfp_options& options,
                          double loss_per_trip, std::string_view stage) {
    return footprint_kg(footprint_per_trip_items(product, factors, options, loss_per_trip, stage));
}

double footprint_kg(const footprint_result& r) {
    double kg = 0;
    for (const auto& st : r.stages)
        for (const auto& it : st.items) kg += it.emission.value();
    return kg;
}

}  // namespace footprint
