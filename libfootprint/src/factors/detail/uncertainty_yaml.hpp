#pragma once
// Reading an `uncertainty:` map: one parser for the factor files, the
// catalog's quantities and lives and a methodology's parameters
// (docs/uncertainty.md). Private to the library.

#include <optional>
#include <string>

#include "footprint/core/error.hpp"
#include "footprint/factors/factor.hpp"
#include "footprint/factors/factor_distribution.hpp"
#include "quantities/detail/yaml_reader.hpp"

namespace footprint::detail {

/// The numbers of an `uncertainty:` map as written (empty when not given).
struct uncertainty_texts {
    std::string low, high, sd;
};

/// Reads the `uncertainty:` map `un` at field path `up`: `distribution`,
/// `range: [low, high]` or `low`/`high`, `sd`, `notes`. Problems go to the
/// reader's diagnostics; nothing when `un` is not a map.
inline std::optional<uncertainty_spec> read_uncertainty_spec(yaml_reader& r, const YAML::Node& un,
                                                             const std::string& up, uncertainty_texts& w) {
    if (!r.require_map(un, up)) return std::nullopt;
    r.only_keys(un, up, {"distribution", "low", "high", "sd", "range", "notes"});
    auto text = [](const YAML::Node& n) { return n.IsScalar() ? n.Scalar() : std::string(); };
    uncertainty_spec s;
    s.distribution = r.string(un, "distribution", up, false).value_or("");
    if (YAML::Node range = un["range"]; range.IsDefined()) {
        if (range.IsSequence() && range.size() == 2) {
            s.distribution = s.distribution.empty() ? "range" : s.distribution;
            s.low = r.number_node(range[0], up + ".range[0]").value_or(0);
            s.high = r.number_node(range[1], up + ".range[1]").value_or(0);
            w.low = text(range[0]);
            w.high = text(range[1]);
        } else {
            r.out().add("footprint.yaml.type", r.at(range, up + ".range"), "range must be a pair", "[low, high]");
        }
    }
    if (auto lo = r.number(un, "low", up, false)) {
        s.low = *lo;
        w.low = text(un["low"]);
    }
    if (auto hi = r.number(un, "high", up, false)) {
        s.high = *hi;
        w.high = text(un["high"]);
    }
    if (auto sd = r.number(un, "sd", up, false, 0.0)) {
        s.sd = *sd;
        w.sd = text(un["sd"]);
    }
    return s;
}

/// The distribution of `key` in `n`, of a number `value`, as a multiplier of it
/// (stated_distribution): nothing when absent or refused (the problem is
/// recorded at the field's file:line:column). The catalog's quantities and
/// lives and a methodology's parameters read theirs with it.
inline std::optional<factor_distribution> read_distribution(yaml_reader& r, const YAML::Node& n, const char* key,
                                                            const std::string& path, double value,
                                                            const std::string& subject, const std::string& noun) {
    YAML::Node un = n[key];
    if (!un.IsDefined()) return std::nullopt;
    const std::string up = yaml_reader::join(path, key);
    uncertainty_texts texts;
    const std::size_t before = r.out().size();
    auto spec = read_uncertainty_spec(r, un, up, texts);
    if (!spec || r.out().size() != before) return std::nullopt;
    try {
        return stated_distribution(*spec, value, subject, noun, r.at(un, up));
    } catch (const error& e) {
        for (const auto& d : e.problems()) r.out().add(d);
    }
    return std::nullopt;
}

}  // namespace footprint::detail
