// The `uncertainty:` of a methodology's parameters (parameter_uncertainty.hpp):
// read by the catalog's reader (read_distribution), then checked against what
// a parameter is.

#include "methodology/detail/parameter_uncertainty.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "factors/detail/uncertainty_yaml.hpp"
#include "footprint/factors/factor_distribution.hpp"

namespace footprint::detail {
namespace {

/// z of the standard normal's 99.99 % quantile: the span a lognormal or normal
/// is checked over is its 0.01 % … 99.99 % quantiles.
constexpr double z_9999 = 3.719016485455709;

std::string span_text(double lo, double hi) { return fmt::format("{:.4g} … {:.4g}", lo, hi); }

}  // namespace

std::pair<double, double> distribution_span(const factor_distribution& d) {
    using shape = factor_distribution::shape;
    if (d.kind == shape::triangular || d.kind == shape::uniform) return {d.low, d.high};
    const double a = d.at(-z_9999, 1e-4), b = d.at(z_9999, 1 - 1e-4);
    return {std::min(a, b), std::max(a, b)};
}

void read_fixed_uncertainty(yaml_reader& r, const YAML::Node& f, const std::string& path, std::optional<double> value,
                            fixed_parameter& fp) {
    const YAML::Node un = f["uncertainty"];
    if (!un.IsDefined() || !value) return;
    const std::string up = yaml_reader::join(path, "uncertainty");
    const std::string subject = "fixed parameter '" + fp.name + "'";
    if (*value == 0) {
        r.out().add("footprint.uncertainty.spec", r.at(un, up),
                    subject + ": the distribution is a multiplier of the value, and a multiplier of 0 moves nothing",
                    "the value the source states (not 0), or no uncertainty:", "value 0");
        return;
    }
    auto d = read_distribution(r, f, "uncertainty", path, *value, subject, "the parameter's value");
    if (!d) return;
    const auto [lo_m, hi_m] = distribution_span(*d);
    const double lo = std::min(lo_m * *value, hi_m * *value), hi = std::max(lo_m * *value, hi_m * *value);
    const bool range_ok = !(fp.minimum && fp.maximum && *fp.minimum > *fp.maximum);
    // low/value × value may differ from low by a rounding: a range written up to the declared range's ends is in it.
    const double slack = 1e-12 * std::max(std::abs(lo), std::abs(hi));
    if (range_ok && ((fp.minimum && lo < *fp.minimum - slack) || (fp.maximum && hi > *fp.maximum + slack))) {
        r.out().add("footprint.uncertainty.spec", r.at(un, up),
                    subject + ": the distribution reaches " + span_text(lo, hi) + ", outside the range " +
                        range_text(fp),
                    "a distribution whose 0.01 % … 99.99 % span (the ends of a range) lies in " + range_text(fp),
                    span_text(lo, hi));
        return;
    }
    fp.distribution = d;
}

void read_monitored_uncertainty(yaml_reader& r, const YAML::Node& f, const std::string& path,
                                monitored_parameter& mp) {
    const YAML::Node un = f["uncertainty"];
    if (!un.IsDefined()) return;
    const std::string up = yaml_reader::join(path, "uncertainty");
    const std::string subject = "monitored parameter '" + mp.name + "'";
    if (mp.type != parameter_type::number) {
        r.out().add("footprint.uncertainty.spec", r.at(un, up),
                    subject + ": only a measured quantity has a measuring error (an integer is a count; a flag, "
                              "product, region, text or date is not a measured quantity)",
                    "type: number, or no uncertainty:", "type: " + std::string(parameter_type_name(mp.type)));
        return;
    }
    auto d = read_distribution(r, f, "uncertainty", path, 1.0, subject,
                               "1 (a monitored value's spread is relative: [0.97, 1.03] is -3 % … +3 %)");
    if (!d) return;
    const double lo = distribution_span(*d).first;
    if (!(lo > 0)) {
        r.out().add("footprint.uncertainty.spec", r.at(un, up),
                    subject + ": the multiplier reaches " + fmt::format("{:.4g}", lo) +
                        " at its 0.01 % quantile; a measured quantity does not change sign",
                    "a multiplier above 0 at the 0.01 % quantile (a normal's sd below 1/3.719 = 0.2689)",
                    fmt::format("{:.4g}", lo));
        return;
    }
    mp.distribution = d;
}

}  // namespace footprint::detail
