#pragma once
// The column kernels of the evaluator: one instruction over n values (per row
// of a batch, or per key of a table's domain), and rounding a component's
// kilograms to grams for every row. Private to the library.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "plan/detail/operations.hpp"
#include "plan/detail/plan_impl.hpp"

namespace footprint::detail {

struct operand {
    const double* ptr = nullptr;
    double k = 0;
    bool scalar = false;
};

/// The kernels below are loops specialised for scalar and column operands;
/// per element they call the operation's scalar function (operations.hpp).
template <class F>
void kernel1(const operand& a, double* dst, std::size_t n, F f) {
    if (a.scalar) std::fill(dst, dst + n, f(a.k));
    else for (std::size_t i = 0; i < n; ++i) dst[i] = f(a.ptr[i]);
}

template <class F>
void kernel2(const operand& a, const operand& b, double* dst, std::size_t n, F f) {
    if (a.scalar && b.scalar) {
        double v = f(a.k, b.k);
        std::fill(dst, dst + n, v);
    } else if (a.scalar) {
        const double* pb = b.ptr;
        for (std::size_t i = 0; i < n; ++i) dst[i] = f(a.k, pb[i]);
    } else if (b.scalar) {
        const double* pa = a.ptr;
        for (std::size_t i = 0; i < n; ++i) dst[i] = f(pa[i], b.k);
    } else {
        const double* pa = a.ptr;
        const double* pb = b.ptr;
        for (std::size_t i = 0; i < n; ++i) dst[i] = f(pa[i], pb[i]);
    }
}

template <class F>
void kernel3(const operand& c, const operand& a, const operand& b, double* dst, std::size_t n, F f) {
    for (std::size_t i = 0; i < n; ++i)
        dst[i] = f(c.scalar ? c.k : c.ptr[i], a.scalar ? a.k : a.ptr[i], b.scalar ? b.k : b.ptr[i]);
}

/// One arithmetic instruction over n values (per row, or per key of a table's domain).
template <class OperandOf>
void arithmetic(const instr& ins, double* dst, std::size_t n, OperandOf&& operand_of) {
    visit_operation(ins.o, [&](auto entry) {
        using entry_t = decltype(entry);
        if constexpr (entry_t::arity == 1) {
            kernel1(operand_of(ins.a), dst, n, [](double x) { return entry_t::apply(x); });
        } else if constexpr (entry_t::arity == 2) {
            kernel2(operand_of(ins.a), operand_of(ins.b), dst, n, [](double x, double y) { return entry_t::apply(x, y); });
        } else if constexpr (entry_t::arity == 3) {
            operand c = operand_of(ins.a), a = operand_of(ins.b), b = operand_of(ins.c);
            kernel3(c, a, b, dst, n, [](double x, double y, double z) { return entry_t::apply(x, y, z); });
        }
    });
}

/// round_grams for the hot loop, without calls into libm: the same integer
/// for every input round_grams accepts here (finite, |g| < 2^53). Whole
/// grams are found by adding and taking away 2^52, which rounds half to
/// even exactly as nearbyint does in the default rounding mode.
template <rounding_mode Mode>
inline std::int64_t round_grams_inline(double kg) {
    const double g = kg * 1000.0;
    const double a = std::fabs(g);
    constexpr double two52 = 4503599627370496.0;
    const double nearest = a < two52 ? std::copysign((a + two52) - two52, g) : g;
    const bool snap = std::fabs(g - nearest) <= 1e-9 * std::max(1.0, a);
    const auto whole = static_cast<std::int64_t>(nearest);
    // Without branches: which side of the nearest gram a value falls is as
    // good as random, and a mispredicted branch per component and row costs
    // more than the rest of the rounding.
    if constexpr (Mode == rounding_mode::down) return whole - static_cast<std::int64_t>(!snap & (nearest > g));
    else if constexpr (Mode == rounding_mode::up) return whole + static_cast<std::int64_t>(!snap & (nearest < g));
    else return snap ? whole : static_cast<std::int64_t>(std::round(g));
}

/// Rounds one component's kilograms to grams for every row and adds them to
/// their term. Rows with a value that is not finite (or too large for sums)
/// get the marker `unresolved`; a negative component that is not a credit
/// gets `negative` (a problem id, made on first use).
template <rounding_mode Mode, class Negative>
void round_component(const operand& v, std::size_t n, std::int64_t* grams, std::int64_t* total, std::uint32_t* problem,
                     bool credit, Negative&& negative) {
    constexpr double max_kg = 9.0e12;  // |grams| must fit an int64 with room for sums
    constexpr std::uint32_t unresolved = std::numeric_limits<std::uint32_t>::max();
    for (std::size_t i = 0; i < n; ++i) {
        const double kg = v.scalar ? v.k : v.ptr[i];
        if (!std::isfinite(kg) || std::fabs(kg) > max_kg) {
            grams[i] = 0;
            if (problem[i] == 0) problem[i] = unresolved;  // resolved below
            continue;
        }
        const std::int64_t g = round_grams_inline<Mode>(kg);
        grams[i] = g;
        if (g < 0 && !credit && problem[i] == 0) problem[i] = negative();
        total[i] += g;
    }
}

}  // namespace footprint::detail
