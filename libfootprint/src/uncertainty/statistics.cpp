// Summaries and rank correlation of Monte Carlo results.

#include "footprint/uncertainty/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace footprint::uncertainty {

double quantile_sorted(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) return 0;
    const double h = static_cast<double>(sorted.size() - 1) * q;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

summary summarise(const std::vector<double>& values) {
    summary s;
    s.n = values.size();
    if (values.empty()) return s;
    double sum = 0;
    for (double v : values) sum += v;
    s.mean = sum / static_cast<double>(s.n);
    double ss = 0;
    for (double v : values) ss += (v - s.mean) * (v - s.mean);
    s.sd = s.n > 1 ? std::sqrt(ss / static_cast<double>(s.n - 1)) : 0.0;
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    s.min = sorted.front();
    s.max = sorted.back();
    s.p2_5 = quantile_sorted(sorted, 0.025);
    s.p5 = quantile_sorted(sorted, 0.05);
    s.median = quantile_sorted(sorted, 0.5);
    s.p95 = quantile_sorted(sorted, 0.95);
    s.p97_5 = quantile_sorted(sorted, 0.975);
    return s;
}

std::vector<double> ranks(const std::vector<double>& values) {
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    std::vector<double> r(values.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
        const double avg = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
        for (std::size_t k = i; k <= j; ++k) r[order[k]] = avg;
        i = j + 1;
    }
    return r;
}

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
    return rank_correlation(ranks(x), ranks(y));
}

double rank_correlation(const std::vector<double>& rx, const std::vector<double>& ry) {
    const std::size_t n = std::min(rx.size(), ry.size());
    if (n < 2) return 0;
    const double mean = (static_cast<double>(n) + 1.0) / 2.0;
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double a = rx[i] - mean, b = ry[i] - mean;
        sxy += a * b;
        sxx += a * a;
        syy += b * b;
    }
    if (sxx == 0 || syy == 0) return 0;
    return sxy / std::sqrt(sxx * syy);
}

}  // namespace footprint::uncertainty
