#pragma once
// The ex-ante estimate of a CCER project: what a project design document's
// section on the estimate of emission reductions states, from the project
// file alone (project_file.hpp), before any trip is monitored.
//
// Per customer line, the expected trips are pool size x cycles_per_year a
// year (the methodology's value, or the project's scenario value); each trip
// is valued by the methodology itself, evaluated on one representative trip
// of one unit (plan::evaluate_row, the route `footprint explain` prints) at
// the mean loaded and return distances of the project's distributions, for
// each depot and washed / not washed, weighted by the depots' shares and the
// washing share. Every amount of the methodology is linear in the distances
// for a given depot, product, vehicle and year, so the mean distance gives
// the mean amount; the rounding to whole grams of one unit's trip (baseline
// down, project up) is the one difference from a sum of shipments, at most
// 1 g per component per trip. A crediting year that spans two calendar years
// takes its factors for each part from that year, trips split by days.
//
// The estimate is canonical JSON (format `footprint-ex-ante-estimate/1`)
// with a digest; `compare_estimate` sets it against a monitoring report for
// the report's period and leaves an explanation slot for each deviation
// above the project's qaqc.estimate_deviation.

#include <cstdint>
#include <map>
#include <utility>
#include <string>
#include <vector>

#include "footprint/plan/inputs.hpp"
#include "footprint/project/project_file.hpp"
#include "footprint/render/document.hpp"

namespace footprint {

/// Expected amounts in grams (not rounded: an expectation), and trips.
struct expected_amounts {
    double trips = 0;
    double baseline_g = 0, project_g = 0, leakage_g = 0;
    [[nodiscard]] double reduction_g() const { return baseline_g - project_g - leakage_g; }
    expected_amounts& operator+=(const expected_amounts& o);
};

/// Multipliers of the project's mean distances (`loaded_distance`, `return_distance`; absent: 1), for the
/// runs of a Monte Carlo that draws a monitored distance (estimate_uncertainty.hpp).
using distance_scale = std::map<std::string, double>;

/// One unit's trip of a customer line in a calendar year, as the methodology values it (grams, rounded per
/// component as the methodology declares, as `footprint explain` prints), weighted over depots and washing.
[[nodiscard]] expected_amounts expected_per_trip(const plan& p, const project_customer& c, int year,
                                                 const distance_scale& scale = {});

/// What the customer line is expected to give from `from_day` to `to_day`
/// (inclusive), with `trips` trips spread evenly over those days.
[[nodiscard]] expected_amounts expected_for(const plan& p, const project_customer& c, double trips,
                                            std::int32_t from_day, std::int32_t to_day,
                                            const distance_scale& scale = {});

/// A fixed parameter's value under `p`: its override (the project's scenario value), else the methodology's.
[[nodiscard]] double plan_parameter(const plan& p, const std::string& name);

/// The first and last day of each year of the crediting period.
[[nodiscard]] std::vector<std::pair<std::int32_t, std::int32_t>> crediting_years(const project_description& project);

/// What the whole crediting period is expected to give under `p` (its trips a year from
/// plan_parameter), every customer line summed: the estimate's `totals`.
[[nodiscard]] expected_amounts expected_crediting_period(const project_description& project, const plan& p,
                                                         const distance_scale& scale = {});

/// The estimate for every year of the crediting period, as canonical JSON with `estimate_digest`.
[[nodiscard]] std::string build_estimate(const project_description& project, const plan_inputs& in);

/// The estimate set against a monitoring report (its JSON) for the report's
/// period: per customer trips, BE, PE, LE, ER expected and monitored, the
/// deviation, and an empty explanation slot where |deviation| is above the
/// project's threshold. Canonical JSON (format `footprint-estimate-comparison/1`).
[[nodiscard]] std::string compare_estimate(const project_description& project, const plan_inputs& in,
                                           const std::string& monitoring_report_json);

/// Markdown or HTML of an estimate (and, when given, its comparison), in the
/// structure of a PDD's section on the estimate of emission reductions.
[[nodiscard]] std::string render_estimate(const std::string& estimate_json, const std::string& comparison_json,
                                          document_format format, document_language lang);

}  // namespace footprint
