#pragma once
// The probability distribution of an emission factor, for Monte Carlo: the one
// its source states, else one derived from its data-quality ratings with the
// ecoinvent pedigree approach (basic uncertainty and indicator factors,
// lognormal, expressed as the square of the geometric standard deviation).
//
// A distribution is of a *multiplier* of the factor's value: the factor used in
// an iteration is value × m. A lognormal multiplier has median 1 (the factor's
// value is taken as the geometric mean, as ecoinvent does); a range from the
// source gives a triangular multiplier with its mode at 1 (the value) and its
// ends at low/value and high/value.
//
// Assumptions, stated here because they are the model: factors are drawn
// independently of one another; GWP values are not drawn; the data-quality
// indicators footprint does not rate (reliability, completeness) add nothing.

#include <array>
#include <string>
#include <vector>

#include "footprint/core/error.hpp"
#include "footprint/factors/factor.hpp"

namespace footprint {

/// The published factors of the pedigree approach, as squares of the geometric
/// standard deviation (GSD²), one per score 1 … 5: Ciroth, Muller, Weidema,
/// Lesage (2016), "Empirically based uncertainty factors for the pedigree matrix
/// in ecoinvent", Int J LCA 21(9):1338–1348, the factors ecoinvent version 3
/// applies (docs/uncertainty.md).
struct pedigree_factors {
    static constexpr std::array<double, 5> temporal{1.00, 1.03, 1.10, 1.19, 1.29};
    static constexpr std::array<double, 5> geographical{1.00, 1.04, 1.08, 1.11, 1.11};
    static constexpr std::array<double, 5> technological{1.00, 1.18, 1.65, 2.08, 2.80};
    /// Basic uncertainty (GSD²) ecoinvent gives CO2 emissions and the demand of
    /// electricity, thermal energy and semi-finished products: 1.05.
    static constexpr double basic = 1.05;
};

/// How a factor's distribution was obtained and what it is.
struct factor_distribution {
    enum class shape { lognormal, triangular, uniform, normal };
    shape kind = shape::lognormal;
    bool derived = false;      ///< true: from quality ratings (pedigree); false: as the source states
    double sigma = 0;          ///< lognormal: sd of ln m; normal: sd of m
    double low = 1, mode = 1, high = 1;  ///< triangular and uniform multipliers
    /// The pedigree derivation (derived only): indicator factors used, and the
    /// indicators not rated (they contribute GSD² 1.00).
    std::vector<std::pair<std::string, double>> indicator_gsd2;
    std::vector<std::string> not_rated;

    /// GSD² = exp(2σ) of a lognormal; 0 for other shapes.
    [[nodiscard]] double gsd2() const;
    /// Mean and standard deviation of the multiplier, worked out in closed form.
    [[nodiscard]] double mean() const;
    [[nodiscard]] double sd() const;
    /// The multiplier at a standard normal draw `z` (lognormal, normal) or a
    /// uniform draw `u` in (0, 1) (triangular, uniform); monotone in its draw.
    [[nodiscard]] double at(double z, double u) const;
    [[nodiscard]] std::string_view shape_name() const;
    /// One line for people: "lognormal GSD² 1.188 (derived: pedigree …)".
    [[nodiscard]] std::string describe() const;
};

/// GSD² of the pedigree approach: exp(√(Σ ln(U_i)²)) over the basic uncertainty
/// and the factors of the rated indicators.
[[nodiscard]] factor_distribution pedigree_distribution(const quality_rating& q);

/// The factor's distribution: its source's where it states one, else derived.
/// A stated distribution it cannot use (a range not around the value, a
/// lognormal without its sd, a range on a factor of several gases) is refused
/// with `footprint.uncertainty.spec`, naming the factor and where it was read.
/// Loading factors does not call it: a file valid before stays valid, and the
/// problem is reported when a Monte Carlo needs the factor.
[[nodiscard]] factor_distribution distribution_of(const emission_factor& f);

/// A distribution stated for a number `value` (a factor's value, a catalog
/// quantity, a design life), read as a multiplier of it as for a factor: a
/// range becomes a triangular (or uniform) multiplier low/value … high/value, a
/// normal's sd is divided by the value, a lognormal's sd is its GSD. Refused with
/// `footprint.uncertainty.spec` at `at`, the message starting with `subject`
/// ("quantity 'Steel sheet' of product 'drum'") and naming `value_noun`
/// ("the quantity") when a range does not hold the value.
[[nodiscard]] factor_distribution stated_distribution(const uncertainty_spec& u, double value,
                                                      const std::string& subject, const std::string& value_noun,
                                                      const source_location& at);

}  // namespace footprint
