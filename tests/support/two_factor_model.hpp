#pragma once
// A statement model of two factors whose moments and quantiles are worked out
// by hand, shared by the tests of the statement Monte Carlo and of the
// uncertainty section of a statement of record.
//
//   ER = 1000 t + 200 t (m_a − 1) − 300 t (m_b − 1)
//   m_a normal with sd 0.1, m_b uniform on [0.5, 1.5]; BE moves with a only
//   (250 t per unit multiplier), PE with a (50 t) and b (300 t).
//
// E[ER] = 1000 t (both multipliers have mean 1);
// sd(ER) = √((200 × 0.1)² + (300 × 1/√12)²) = √(400 + 7500) = 88.882 t
// (a uniform on an interval of width 1 has sd 1/√12).
// One at a time (z = Φ⁻¹(0.975) = 1.959964):
//   a: q = 1 ∓ 0.1 z = 0.8040036, 1.1959964 → ER = 1000 ∓ 20 z = 960.80072 t, 1039.19928 t (width 78.4 t);
//   b: q = 0.5 + 0.025 = 0.525, 0.5 + 0.975 = 1.475 → ER = 1000 + 142.5 = 1142.5 t, 1000 − 142.5 = 857.5 t
//      (width 285 t): b's bar is the widest.

#include "footprint/uncertainty/statement_monte_carlo.hpp"

namespace footprint::testing {

inline uncertainty::statement_model two_factor_model() {
    uncertainty::statement_model m;
    m.customer = "c";
    m.shipments = 10;
    m.deterministic = {3'000'000'000, 2'000'000'000, 0, 1'000'000'000};
    uncertainty::statement_term a;
    a.factor_id = "a";
    a.distribution.kind = factor_distribution::shape::normal;
    a.distribution.sigma = 0.1;
    a.baseline_g = 250e6;
    a.project_g = 50e6;
    a.reduction_g = 200e6;
    uncertainty::statement_term b;
    b.factor_id = "b";
    b.distribution.kind = factor_distribution::shape::uniform;
    b.distribution.low = 0.5;
    b.distribution.high = 1.5;
    b.project_g = 300e6;
    b.reduction_g = -300e6;
    m.terms = {a, b};
    return m;
}

}  // namespace footprint::testing
