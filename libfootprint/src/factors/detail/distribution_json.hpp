#pragma once
// A factor's distribution as JSON: one form for `factors show --json` and for
// the Monte Carlo reports.

#include <nlohmann/json.hpp>

#include "footprint/factors/factor_distribution.hpp"

namespace footprint::detail {

inline nlohmann::ordered_json distribution_json(const factor_distribution& d) {
    using json = nlohmann::ordered_json;
    json j{{"shape", std::string(d.shape_name())},
           {"origin", d.derived ? "derived" : "source"},
           {"of", "multiplier of the factor's value"}};
    if (d.kind == factor_distribution::shape::lognormal) {
        j["gsd2"] = d.gsd2();
        j["sigma_ln"] = d.sigma;
    } else if (d.kind == factor_distribution::shape::normal) {
        j["sd"] = d.sigma;
    } else {
        j["low"] = d.low;
        if (d.kind == factor_distribution::shape::triangular) j["mode"] = d.mode;
        j["high"] = d.high;
    }
    j["mean"] = d.mean();
    if (d.derived) {
        json ind = json::object();
        for (const auto& [name, u] : d.indicator_gsd2) ind[name] = u;
        j["pedigree"] = json{{"method", "ecoinvent pedigree approach, GSD² = exp(√Σ ln²U)"},
                             {"source", "Ciroth, Muller, Weidema, Lesage (2016), Int J LCA 21(9):1338–1348"},
                             {"basic_gsd2", pedigree_factors::basic},
                             {"indicator_gsd2", ind},
                             {"not_rated", d.not_rated}};
    }
    return j;
}

}  // namespace footprint::detail
