#pragma once
// Reading the `uncertainty:` of a methodology's fixed and monitored parameters
// (docs/methodologies.md, "Uncertainty of parameters"): the factor files'
// parser and multiplier semantics (factors/detail/uncertainty_yaml.hpp),
// with the checks a parameter adds. Private to the library: called by the
// methodology loader.

#include <optional>
#include <string>
#include <utility>

#include "footprint/methodology/methodology.hpp"
#include "quantities/detail/yaml_reader.hpp"

namespace footprint::detail {

/// The multipliers a distribution reaches: for lognormal and normal those at
/// the 0.01 % and 99.99 % quantiles, for triangular and uniform its ends.
[[nodiscard]] std::pair<double, double> distribution_span(const factor_distribution& d);

/// A fixed parameter's `uncertainty:`, a multiplier of `value` (as written, in
/// the parameter's unit; none when the value was not read). Refused
/// (`footprint.uncertainty.spec`) on a value of 0 and when its span times the
/// value leaves the parameter's declared range; `fp`'s range is read first.
void read_fixed_uncertainty(yaml_reader& r, const YAML::Node& f, const std::string& path, std::optional<double> value,
                            fixed_parameter& fp);

/// A monitored parameter's `uncertainty:`, a multiplier of every shipment's
/// value written as a relative error (against 1). `type: number` only; refused
/// when its 0.01 % quantile is not above 0 (a measured quantity keeps its sign).
void read_monitored_uncertainty(yaml_reader& r, const YAML::Node& f, const std::string& path,
                                monitored_parameter& mp);

}  // namespace footprint::detail
