// Distributions of a catalog product's quantities and lives: read with the
// factor files' `uncertainty:` parser and turned into multipliers by the same
// code as a factor's stated distribution (factor_distribution.hpp).

#include "products/detail/catalog_uncertainty.hpp"

#include <map>

#include <fmt/format.h>

#include "factors/detail/uncertainty_yaml.hpp"
#include "footprint/factors/factor_distribution.hpp"
#include "footprint/products/cfp.hpp"

namespace footprint::detail {
namespace {

/// A life is divided by: its multiplier must stay above 0 and a range may not
/// reach below one trip.
std::optional<factor_distribution> checked_life(yaml_reader& r, const YAML::Node& n, const char* key,
                                                const std::string& path, std::optional<factor_distribution> d,
                                                int life, const std::string& subject) {
    if (!d) return d;
    const source_location at = r.at(n[key], yaml_reader::join(path, key));
    if (d->kind == factor_distribution::shape::normal) {
        r.out().add("footprint.uncertainty.spec", at, subject + ": a life is divided by, and a normal reaches 0",
                    "range, triangular, uniform or lognormal", "normal");
        return std::nullopt;
    }
    if (d->kind != factor_distribution::shape::lognormal && d->low * life < 1) {
        r.out().add("footprint.uncertainty.spec", at, subject + ": a unit makes at least one trip",
                    "a range from 1 trip up", fmt::format("low {}", d->low * life));
        return std::nullopt;
    }
    return d;
}

}  // namespace

void read_item_uncertainty(yaml_reader& r, const YAML::Node& n, const std::string& path, inventory_item& item) {
    const std::string subject = "quantity of item '" + item.name + "'";
    item.quantity_distribution =
        read_distribution(r, n, "uncertainty", path, item.quantity.value, subject, "the quantity");
    if (!n["life_uncertainty"].IsDefined()) return;
    const std::string life_subject = "life of item '" + item.name + "'";
    if (!item.life_trips) {
        r.out().add("footprint.uncertainty.spec", r.at(n["life_uncertainty"], yaml_reader::join(path, "life_uncertainty")),
                    life_subject + ": a distribution of a life the item does not state",
                    "life_trips: N beside life_uncertainty (an item without one lasts the design life: "
                    "design_life_uncertainty)",
                    "no life_trips");
        return;
    }
    item.life_distribution =
        checked_life(r, n, "life_uncertainty", path,
                     read_distribution(r, n, "life_uncertainty", path, *item.life_trips, life_subject, "the life"),
                     *item.life_trips, life_subject);
}

void read_design_life_uncertainty(yaml_reader& r, const YAML::Node& doc, packaging_product& p) {
    if (!doc["design_life_uncertainty"].IsDefined() || !p.design_life_trips) return;
    const std::string subject = "design life of product '" + p.id + "'";
    p.design_life_distribution = checked_life(
        r, doc, "design_life_uncertainty", "",
        read_distribution(r, doc, "design_life_uncertainty", "", *p.design_life_trips, subject, "the design life"),
        *p.design_life_trips, subject);
}

void check_uncertainty_names(yaml_reader& r, const YAML::Node& doc, const packaging_product& p) {
    std::map<std::string, int> seen;
    for (const auto* items : {&p.items, &p.per_trip})
        for (const auto& it : *items)
            if (it.quantity_distribution) ++seen[it.name];
    for (const auto& [name, n] : seen)
        if (n > 1)
            r.out().add("footprint.uncertainty.spec", r.at(doc, ""),
                        "product '" + p.id + "': " + std::to_string(n) + " items named '" + name +
                            "' declare an uncertainty: of their quantity; each is drawn by its name",
                        "one name per item with uncertainty:", name);
    // Items of one component share its life: one draw for all of them, so they must agree.
    std::map<std::string, const inventory_item*> first;
    for (const auto& it : p.items) {
        if (!it.life_trips) continue;
        auto [at, fresh] = first.emplace(component_life_name(it), &it);
        if (fresh) continue;
        const inventory_item& a = *at->second;
        const bool same = a.life_trips == it.life_trips && a.life_distribution.has_value() == it.life_distribution.has_value() &&
                          (!a.life_distribution || (a.life_distribution->kind == it.life_distribution->kind &&
                                                    a.life_distribution->sigma == it.life_distribution->sigma &&
                                                    a.life_distribution->low == it.life_distribution->low &&
                                                    a.life_distribution->high == it.life_distribution->high));
        if (!same && (a.life_distribution || it.life_distribution))
            r.out().add("footprint.uncertainty.spec", it.where,
                        "item '" + it.name + "' of '" + component_life_name(it) + "' states another life or life_uncertainty: than item '" +
                            a.name + "'; one life is drawn per component",
                        "the same life_trips and life_uncertainty: on every item of a component", it.name);
    }
}

}  // namespace footprint::detail
