// Factor distributions: the source's, or derived from quality ratings through
// the ecoinvent pedigree approach.

#include "footprint/factors/factor_distribution.hpp"

#include <cmath>

#include <fmt/format.h>

namespace footprint {
namespace {

/// z of the standard normal's 97.5 % quantile: a 95 % interval is ±1.959964 σ.
constexpr double z_975 = 1.959963984540054;

double score_factor(const std::array<double, 5>& table, int score) {
    return score >= 1 && score <= 5 ? table[static_cast<std::size_t>(score - 1)] : 1.0;
}

/// The number a stated range or sd is written against: the factor's `value`, or
/// the amount of its one gas; 0 when there is none (several gases).
double written_value(const emission_factor& f) {
    if (f.gases.empty()) return f.value;
    return f.gases.size() == 1 ? f.gases.front().as_written : 0.0;
}

/// Where a stated distribution is read and what it is of, for its refusals.
struct stated_subject {
    const std::string& subject;     ///< "factor 'x'", "quantity 'y' of product 'z'"
    const std::string& value_noun;  ///< "the factor's value"
    const source_location& at;      ///< the field that holds the `uncertainty:`
};

[[noreturn]] void refuse(const stated_subject& s, const std::string& what, const std::string& expected,
                         const std::string& found) {
    throw error("footprint.uncertainty.spec", s.at, s.subject + ": " + what, expected, found);
}

factor_distribution stated_range(const uncertainty_spec& u, double v, const stated_subject& s,
                                 factor_distribution::shape kind) {
    if (!(u.low > 0 && u.low <= v && v <= u.high))
        refuse(s, "the range does not hold " + s.value_noun, fmt::format("0 < low ≤ {} ≤ high", v),
               fmt::format("[{}, {}]", u.low, u.high));
    factor_distribution d;
    d.kind = kind;
    d.low = u.low / v;
    d.high = u.high / v;
    d.mode = 1.0;
    return d;
}

factor_distribution stated_of(const uncertainty_spec& u, double v, const stated_subject& s) {
    const std::string& name = u.distribution;
    using shape = factor_distribution::shape;
    if (name == "range" || name == "triangular" || (name.empty() && u.high > 0))
        return stated_range(u, v, s, shape::triangular);
    if (name == "uniform") return stated_range(u, v, s, shape::uniform);
    factor_distribution d;
    if (name == "lognormal") {
        d.kind = shape::lognormal;
        if (u.sd > 1) {
            d.sigma = std::log(u.sd);  // sd is the geometric standard deviation
        } else if (u.low > 0 && u.high > u.low) {
            d.sigma = std::log(u.high / u.low) / (2 * z_975);
        } else {
            refuse(s, "a lognormal needs its geometric sd (> 1) or a 95 % interval",
                   "`sd: GSD` or `low:` and `high:`", fmt::format("sd {}", u.sd));
        }
        return d;
    }
    if (name == "normal") {
        if (!(u.sd > 0) || v == 0)
            refuse(s, "a normal needs its sd and one value", "`sd:` > 0 and a value other than 0",
                   fmt::format("sd {}", u.sd));
        d.kind = shape::normal;
        d.sigma = u.sd / v;
        return d;
    }
    refuse(s, "no distribution this program can draw", "range, triangular, uniform, normal or lognormal",
           name.empty() ? "nothing" : name);
}

factor_distribution stated(const emission_factor& f) {
    const uncertainty_spec& u = *f.uncertainty;
    source_location at = f.where;
    at.field = at.field.empty() ? "uncertainty" : at.field + ".uncertainty";
    const std::string subject = "factor '" + f.id + "'", noun = "the factor's value";
    const stated_subject s{subject, noun, at};
    const double v = written_value(f);
    const bool range = u.distribution == "range" || u.distribution == "triangular" || u.distribution == "uniform" ||
                       (u.distribution.empty() && u.high > 0);
    if (range && v == 0)
        refuse(s, "a range needs one value to be relative to", "a factor with `value:` or one gas",
               fmt::format("{} gases", f.gases.size()));
    if (u.distribution == "normal" && (!(u.sd > 0) || v == 0))
        refuse(s, "a normal needs its sd and one value", "`sd:` > 0 on a factor with `value:` or one gas",
               fmt::format("sd {}", u.sd));
    return stated_of(u, v, s);
}

}  // namespace

double factor_distribution::gsd2() const { return kind == shape::lognormal ? std::exp(2 * sigma) : 0.0; }

double factor_distribution::mean() const {
    switch (kind) {
        case shape::lognormal: return std::exp(sigma * sigma / 2);
        case shape::triangular: return (low + mode + high) / 3;
        case shape::uniform: return (low + high) / 2;
        case shape::normal: return 1.0;
    }
    return 1.0;
}

double factor_distribution::sd() const {
    switch (kind) {
        case shape::lognormal: return std::sqrt((std::exp(sigma * sigma) - 1) * std::exp(sigma * sigma));
        case shape::triangular:
            return std::sqrt((low * low + mode * mode + high * high - low * mode - low * high - mode * high) / 18);
        case shape::uniform: return (high - low) / std::sqrt(12.0);
        case shape::normal: return sigma;
    }
    return 0.0;
}

double factor_distribution::at(double z, double u) const {
    switch (kind) {
        case shape::lognormal: return std::exp(sigma * z);
        case shape::normal: return 1.0 + sigma * z;
        case shape::uniform: return low + (high - low) * u;
        case shape::triangular: {
            const double w = high - low;
            if (!(w > 0)) return mode;
            const double c = (mode - low) / w;
            return u < c ? low + std::sqrt(u * w * (mode - low)) : high - std::sqrt((1 - u) * w * (high - mode));
        }
    }
    return 1.0;
}

std::string_view factor_distribution::shape_name() const {
    switch (kind) {
        case shape::lognormal: return "lognormal";
        case shape::triangular: return "triangular";
        case shape::uniform: return "uniform";
        case shape::normal: return "normal";
    }
    return "lognormal";
}

std::string factor_distribution::describe() const {
    std::string s;
    switch (kind) {
        case shape::lognormal: s = fmt::format("lognormal GSD² {:.4f} (σ of ln {:.5f})", gsd2(), sigma); break;
        case shape::normal: s = fmt::format("normal, sd {:.4g} × value", sigma); break;
        case shape::uniform: s = fmt::format("uniform {:.4g}–{:.4g} × value", low, high); break;
        case shape::triangular:
            s = fmt::format("triangular {:.4g}–{:.4g} × value, mode at the value", low, high);
            break;
    }
    if (!derived) return s + " (from the source)";
    std::string parts = fmt::format("basic {:.2f}", pedigree_factors::basic);
    for (const auto& [name, u] : indicator_gsd2) parts += fmt::format(", {} {:.2f}", name, u);
    for (const auto& name : not_rated) parts += ", " + name + " not rated";
    return s + " (derived: ecoinvent pedigree, " + parts + ")";
}

factor_distribution pedigree_distribution(const quality_rating& q) {
    factor_distribution d;
    d.kind = factor_distribution::shape::lognormal;
    d.derived = true;
    double sum = std::pow(std::log(pedigree_factors::basic), 2);
    auto indicator = [&](const char* name, int score, const std::array<double, 5>& table) {
        if (score < 1 || score > 5) {
            d.not_rated.emplace_back(name);
            return;
        }
        const double u = score_factor(table, score);
        d.indicator_gsd2.emplace_back(name, u);
        sum += std::pow(std::log(u), 2);
    };
    indicator("technological", q.technological, pedigree_factors::technological);
    indicator("geographical", q.geographical, pedigree_factors::geographical);
    indicator("temporal", q.temporal, pedigree_factors::temporal);
    d.sigma = std::sqrt(sum) / 2;  // GSD² = exp(√Σ ln²U) = exp(2σ)
    return d;
}

factor_distribution stated_distribution(const uncertainty_spec& u, double value, const std::string& subject,
                                        const std::string& value_noun, const source_location& at) {
    return stated_of(u, value, stated_subject{subject, value_noun, at});
}

factor_distribution distribution_of(const emission_factor& f) {
    if (f.uncertainty) return stated(f);
    return pedigree_distribution(f.quality);
}

}  // namespace footprint
