#pragma once
// Summaries of Monte Carlo results and the rank correlation used for
// sensitivity. Every function here is a pure function of its input in index
// order, so the same draws give the same bytes.

#include <cstddef>
#include <vector>

namespace footprint::uncertainty {

/// Mean, standard deviation (n − 1), median and the percentiles a study reports.
struct summary {
    std::size_t n = 0;
    double mean = 0, sd = 0;
    double min = 0, p2_5 = 0, p5 = 0, median = 0, p95 = 0, p97_5 = 0, max = 0;
};

/// The q-quantile (0 ≤ q ≤ 1) of sorted values, interpolated linearly between
/// order statistics at h = (n − 1) q (Hyndman and Fan 1996, definition 7; the
/// default of R and NumPy).
[[nodiscard]] double quantile_sorted(const std::vector<double>& sorted, double q);

/// Summary of `values` (in iteration order; the mean is summed in that order).
[[nodiscard]] summary summarise(const std::vector<double>& values);

/// Ranks 1 … n, ties given their average rank.
[[nodiscard]] std::vector<double> ranks(const std::vector<double>& values);

/// Spearman's rank correlation: Pearson's correlation of the ranks; 0 when
/// either side is constant.
[[nodiscard]] double spearman(const std::vector<double>& x, const std::vector<double>& y);

/// Pearson's correlation of two rank vectors of one length (from `ranks`);
/// 0 when either is constant. Ranking once and correlating many times is how
/// one result is compared with every factor.
[[nodiscard]] double rank_correlation(const std::vector<double>& rx, const std::vector<double>& ry);

}  // namespace footprint::uncertainty
