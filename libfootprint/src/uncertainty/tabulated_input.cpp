// Inputs drawn through a measured response. See tabulated_input.hpp.

#include "footprint/uncertainty/tabulated_input.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <utility>

#include "footprint/products/cfp.hpp"

namespace footprint::uncertainty {
namespace {

/// The quantiles the nodes and checks use, with the standard normal's value at each
/// (Φ⁻¹, to the last digit a double holds; Python's statistics.NormalDist().inv_cdf gives
/// the same to within 4 units in the 16th digit).
constexpr std::array<std::pair<double, double>, 12> normal_quantiles{{
    {1e-4, -3.719016485455709},
    {0.01, -2.3263478740408408},
    {0.05, -1.6448536269514722},
    {0.15, -1.0364333894937898},
    {0.3, -0.5244005127080407},
    {0.5, 0.0},
    {0.6, 0.2533471031357997},
    {0.7, 0.5244005127080407},
    {0.85, 1.0364333894937898},
    {0.95, 1.6448536269514722},
    {0.99, 2.3263478740408408},
    {1 - 1e-4, 3.719016485455709},
}};

/// Quantiles of the nodes: dense in the tails, where a straight line over a curved response errs most.
constexpr std::array<double, 11> node_quantiles{1e-4, 0.01, 0.05, 0.15, 0.3, 0.5, 0.7, 0.85, 0.95, 0.99, 1 - 1e-4};

bool has_ends(const factor_distribution& d) {
    return d.kind == factor_distribution::shape::triangular || d.kind == factor_distribution::shape::uniform;
}

std::vector<double> nodes_of(const factor_distribution& d) {
    std::vector<double> nodes;
    for (std::size_t i = 0; i < node_quantiles.size(); ++i) {
        double u = node_quantiles[i];
        if (has_ends(d) && i == 0) u = 0;  // the shapes with ends: their ends, where no line is extended
        if (has_ends(d) && i + 1 == node_quantiles.size()) u = 1;
        nodes.push_back(multiplier_at_quantile(d, u));
    }
    nodes.push_back(1.0);
    std::sort(nodes.begin(), nodes.end());
    nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
    return nodes;
}

}  // namespace

tabulated_input tabulated_input_of(std::string id, const std::string& name, input_place place,
                                   const factor_distribution& d, double value, std::string product) {
    tabulated_input in;
    in.id = std::move(id);
    in.name = name;
    in.place = place;
    in.product = std::move(product);
    in.distribution = d;
    in.value = value;
    in.nodes = nodes_of(d);
    in.check_multiplier = multiplier_at_quantile(d, 0.6);
    if (place == input_place::life) {  // whole trips: the multipliers a run can make
        for (double& n : in.nodes) n = moved_life(value, n) / value;
        in.nodes.erase(std::unique(in.nodes.begin(), in.nodes.end()), in.nodes.end());
        in.check_multiplier = moved_life(value, in.check_multiplier) / value;
    }
    return in;
}

namespace {

void add_catalog_inputs(const packaging_product& p, std::vector<tabulated_input>& out) {
    std::vector<const inventory_item*> items;
    for (const auto& it : p.items) items.push_back(&it);
    if (p.reusable())
        for (const auto& it : p.per_trip) items.push_back(&it);
    std::vector<std::string> lives;
    for (const auto* it : items) {
        if (it->quantity_distribution)
            out.push_back(tabulated_input_of("quantity:" + p.id + "/" + it->name, it->name, input_place::quantity,
                                   *it->quantity_distribution, 1.0, p.id));
        // Items of one component share its life (the loader checks that they agree): one input.
        const std::string component = component_life_name(*it);
        if (it->life_distribution && it->life_trips &&
            std::find(lives.begin(), lives.end(), component) == lives.end()) {
            lives.push_back(component);
            out.push_back(tabulated_input_of("life:" + p.id + "/" + component, component, input_place::life,
                                   *it->life_distribution, *it->life_trips, p.id));
        }
    }
    if (p.reusable() && p.design_life_trips && p.design_life_distribution)
        out.push_back(tabulated_input_of("life:" + p.id, "", input_place::life, *p.design_life_distribution,
                               *p.design_life_trips, p.id));
}

}  // namespace

double multiplier_at_quantile(const factor_distribution& d, double u) {
    if (has_ends(d) && (u == 0 || u == 1)) return d.at(0, u);
    for (const auto& [q, z] : normal_quantiles)
        if (q == u) return d.at(z, u);
    throw error("footprint.internal", source_location{}, "a quantile the response nodes do not use",
                "one of the node quantiles", std::to_string(u));
}

int moved_life(double value, double m) {
    return std::max(1, static_cast<int>(std::lround(value * m)));
}

catalog moved_catalog(const catalog& base, const std::vector<std::pair<const tabulated_input*, double>>& moves) {
    catalog out = base;
    for (const auto& [in, m] : moves) {
        if (in->place != input_place::quantity && in->place != input_place::life) continue;
        const packaging_product* found = out.find(in->product);
        if (found == nullptr)
            throw error("footprint.internal", source_location{}, "catalog input " + in->id + " names no product",
                        "a product of the catalog the plan was bound to");
        packaging_product p = *found;
        if (in->place == input_place::life && in->name.empty()) {
            p.design_life_trips = moved_life(in->value, m);
        } else {
            for (auto* items : {&p.items, &p.per_trip})
                for (auto& it : *items) {
                    if (in->place == input_place::quantity && it.name == in->name) it.quantity.value *= m;
                    if (in->place == input_place::life && it.life_trips && component_life_name(it) == in->name)
                        it.life_trips = moved_life(in->value, m);
                }
        }
        out = out.with_product(std::move(p));
    }
    return out;
}

std::vector<tabulated_input> tabulated_inputs(const plan& p) {
    std::vector<tabulated_input> out = tabulated_inputs(p.method(), p.options().products.get());
    for (auto& in : out)
        if (auto o = p.options().overrides.find(in.name);
            in.place == input_place::parameter && o != p.options().overrides.end())
            in.value = o->second;
    return out;
}

plan plan_with_moves(const plan& p, const std::vector<std::pair<const tabulated_input*, double>>& moves,
                     const factor_library* library) {
    plan_options o = p.options();
    if (library != nullptr) o.factors = std::make_shared<const factor_library>(*library);
    bool catalog_moved = false;
    for (const auto& [in, m] : moves) {
        if (in->place == input_place::parameter) o.overrides[in->name] = in->value * m;
        catalog_moved = catalog_moved || in->place == input_place::quantity || in->place == input_place::life;
    }
    if (catalog_moved) o.products = std::make_shared<const catalog>(moved_catalog(*o.products, moves));
    return plan::bind(p.method(), std::move(o));
}

std::vector<tabulated_input> tabulated_inputs(const methodology& m, const catalog* products) {
    std::vector<tabulated_input> out;
    for (const auto& p : m.fixed)
        if (p.distribution)
            out.push_back(tabulated_input_of("parameter:" + p.name, p.name, input_place::parameter, *p.distribution,
                                             p.value.value));
    for (const auto& p : m.monitored)
        if (p.distribution)
            out.push_back(
                tabulated_input_of("monitored:" + p.name, p.name, input_place::monitored, *p.distribution, 1.0));
    if (products != nullptr)
        for (const auto& [id, p] : products->products()) add_catalog_inputs(p, out);
    // A life whose spread is under half a trip either side has one node: no run can move it.
    std::erase_if(out, [](const tabulated_input& in) { return in.nodes.size() < 2; });
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return out;
}

double interpolate(const std::vector<double>& nodes, const std::vector<double>& values, double m) {
    // The segment holding m; the outer segments extend beyond the outer nodes.
    const auto above = std::upper_bound(nodes.begin() + 1, nodes.end() - 1, m);
    const std::size_t j = static_cast<std::size_t>(above - nodes.begin());  // 1 … K−1: segment [j−1, j]
    const double x0 = nodes[j - 1], x1 = nodes[j];
    return values[j - 1] + (values[j] - values[j - 1]) * ((m - x0) / (x1 - x0));
}

double variance_under(const factor_distribution& d, const std::vector<double>& nodes, const std::vector<double>& values) {
    double mean = 0, square = 0;
    if (has_ends(d)) {
        constexpr int parts = 1 << 16;
        for (int i = 0; i < parts; ++i) {
            const double u = (i + 0.5) / parts;
            const double f = interpolate(nodes, values, d.at(0, u));
            mean += f / parts;
            square += f * f / parts;
        }
    } else {
        constexpr int parts = 16000;  // even, for Simpson's rule
        constexpr double lo = -8, hi = 8, h = (hi - lo) / parts;
        for (int i = 0; i <= parts; ++i) {
            const double z = lo + h * i;
            const double weight = (i == 0 || i == parts ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0)) * h / 3 *
                                  std::exp(-z * z / 2) / std::sqrt(2 * std::numbers::pi);
            const double f = interpolate(nodes, values, d.at(z, 0.5));
            mean += weight * f;
            square += weight * f * f;
        }
    }
    return std::max(0.0, square - mean * mean);
}

}  // namespace footprint::uncertainty
