// Tables and JSON of a product footprint's Monte Carlo.

#include "footprint/uncertainty/cfp_uncertainty_report.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "factors/detail/distribution_json.hpp"

namespace footprint::uncertainty {
namespace {

using json = nlohmann::ordered_json;

json summary_json(const summary& s, double deterministic) {
    return json{{"deterministic", deterministic},
                {"mean", s.mean},
                {"sd", s.sd},
                {"median", s.median},
                {"p2_5", s.p2_5},
                {"p5", s.p5},
                {"p95", s.p95},
                {"p97_5", s.p97_5},
                {"min", s.min},
                {"max", s.max}};
}

json method_json(const monte_carlo_options& o) {
    return json{
        {"kind", "monte-carlo"},
        {"iterations", o.iterations},
        {"seed", o.seed},
        {"random_numbers",
         "counter-based: SplitMix64 of (seed, FNV-1a of the input's key, iteration); normals by Box-Muller"},
        {"correlation", "one draw per input per iteration, shared by every item that uses it"},
        {"model", "each iteration evaluates the footprint item by item: quantity x share / life x factor"},
        {"percentiles", "linear between order statistics at (n-1)q (Hyndman-Fan 7)"},
        {"sensitivity", "Spearman rank correlation of each input's multiplier with the result"},
        {"independence",
         "inputs drawn independently; quantities and lives without a distribution (listed as held), shares, "
         "loss and GWP values fixed"}};
}

json input_json(const input_term& term, const factor_sensitivity& s) {
    json d = detail::distribution_json(term.distribution);
    json j{{"kind", input_kind_name(term.kind)}, {"id", term.id}};
    if (term.kind != input_kind::factor) {
        d["of"] = term.kind == input_kind::life ? "multiplier of the life" : "multiplier of the quantity";
        j["value"] = term.value;
        j["unit"] = term.unit;
        // The file's name, not its path: the bytes do not depend on where the data directory is.
        j["where"] = std::filesystem::path(term.where.file).filename().string() + ":" + std::to_string(term.where.line);
    }
    j["distribution"] = d;
    j["per_unit_kg"] = term.per_unit_kg;
    j["per_trip_kg"] = term.per_trip_kg;
    j["spearman_per_unit"] = s.spearman_per_unit;
    j["spearman_per_trip"] = s.spearman_per_trip;
    j["variance_share_per_trip"] = s.variance_share_per_trip;
    return j;
}

json product_json(const cfp_uncertainty& r) {
    json factors = json::array(), quantities = json::array(), held = json::array();
    for (std::size_t t : sensitivity_order(r))
        (r.terms[t].kind == input_kind::factor ? factors : quantities).push_back(input_json(r.terms[t], r.sensitivity[t]));
    for (const auto& h : r.held)
        held.push_back(json{{"kind", input_kind_name(h.kind)}, {"id", h.id}, {"value", h.value}, {"unit", h.unit}});
    return json{{"id", r.product_id},
                {"unit", "kg CO2e"},
                {"per_unit", summary_json(r.per_unit, r.per_unit_kg)},
                {"per_trip", summary_json(r.per_trip, r.per_trip_kg)},
                {"factors", factors},
                {"quantities", quantities},
                {"held", held}};
}

/// Which catalog quantities and lives were held at their values, wrapped at about 100 columns.
std::string held_lines(const cfp_uncertainty& r) {
    if (r.held.empty()) return "";
    std::string out = fmt::format("\nheld at their values ({} without uncertainty:):", r.held.size());
    std::size_t col = out.size();
    for (std::size_t i = 0; i < r.held.size(); ++i) {
        const held_input& h = r.held[i];
        const std::string part = fmt::format(" {} {:g} {}{}", h.id, h.value, h.unit, i + 1 < r.held.size() ? ";" : "");
        if (col + part.size() > 100) {
            out += "\n ";
            col = 1;
        }
        out += part;
        col += part.size();
    }
    return out + "\n";
}

std::string summary_row(const char* label, const summary& s, double deterministic) {
    return fmt::format("{:<10} {:>13.6g} {:>12.6g} {:>12.6g} {:>12.6g} {:>12.6g} {:>12.6g} {:>12.6g}\n", label,
                       deterministic, s.mean, s.median, s.p2_5, s.p5, s.p95, s.p97_5);
}

}  // namespace

std::vector<std::size_t> sensitivity_order(const cfp_uncertainty& r) {
    std::vector<std::size_t> order(r.terms.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return std::abs(r.sensitivity[a].spearman_per_trip) > std::abs(r.sensitivity[b].spearman_per_trip);
    });
    return order;
}

std::string render_cfp_uncertainty_table(const cfp_uncertainty& r, const cfp_options& options) {
    std::string out = fmt::format("{}: Monte Carlo, {} iterations, seed {} (kg CO2e, GWP100 {}, {} {})\n",
                                  r.product_id, r.options.iterations, r.options.seed, options.gwp->name, options.region,
                                  options.year);
    out += fmt::format("{:<10} {:>13} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12}\n", "", "deterministic", "mean",
                       "median", "2.5 %", "5 %", "95 %", "97.5 %");
    out += summary_row("per unit", r.per_unit, r.per_unit_kg);
    out += summary_row("per trip", r.per_trip, r.per_trip_kg);
    std::size_t w = 6;
    for (const auto& t : r.terms) w = std::max(w, t.id.size());
    out += fmt::format("\nsensitivity per trip (Spearman rank correlation of each input's draws with the result)\n");
    out += fmt::format("{:<{}}  {:>12}  {:>7}  {:>8}  {}\n", "input", w, "kg per trip", "rho", "rho² %",
                       "distribution");
    for (std::size_t t : sensitivity_order(r)) {
        const input_term& term = r.terms[t];
        const factor_sensitivity& s = r.sensitivity[t];
        std::string d = term.distribution.describe();
        if (term.kind != input_kind::factor) d = fmt::format("{} of {:g} {}", d, term.value, term.unit);
        out += fmt::format("{:<{}}  {:>12.6g}  {:>7.3f}  {:>8.1f}  {}\n", term.id, w, term.per_trip_kg,
                           s.spearman_per_trip, 100 * s.variance_share_per_trip, d);
    }
    out += held_lines(r);
    return out;
}

std::string render_cfp_uncertainty_json(const std::vector<cfp_uncertainty>& results, const cfp_options& options) {
    json products = json::array();
    for (const auto& r : results) products.push_back(product_json(r));
    json doc{{"format", "footprint-cfp-uncertainty/2"},
             {"method", method_json(results.empty() ? monte_carlo_options{} : results.front().options)},
             {"gwp", std::string(options.gwp->name)},
             {"year", options.year},
             {"region", options.region},
             {"products", products}};
    return doc.dump(2) + "\n";
}

}  // namespace footprint::uncertainty
