#pragma once
// Sums of grams that cannot wrap around. A total is an int64 of grams, which
// holds ±9 223 372 036 854 775 807 g (about 9.2 billion t): far beyond any real
// claim, but a methodology with a wrong unit or an override such as
// goods_footprint_per_litre=1800000 reaches it, and a wrapped sum is a
// plausible-looking number of the wrong sign. Every sum of grams goes through
// add_grams, which refuses instead (`footprint.total.overflow`).

#include <cstdint>
#include <string>
#include <string_view>

#include "footprint/core/error.hpp"

namespace footprint {

/// Throws `footprint.total.overflow`: the sum named `what` left the range of a total, at `where`.
[[noreturn]] inline void throw_total_overflow(std::string_view what, const source_location& where) {
    throw error("footprint.total.overflow", where,
                "the sum of " + std::string(what) +
                    " passes what a total can hold (±9 223 372 036 854 775 807 g, about 9.2 billion t); nothing is "
                    "written with a wrapped number",
                "totals within ±9.2e18 g: check the methodology's units and parameter overrides, whose values "
                "make one shipment emit this much");
}

/// total += g, or throws `footprint.total.overflow` naming `what` and `where`.
inline void add_grams(std::int64_t& total, std::int64_t g, std::string_view what, const source_location& where = {}) {
    if (__builtin_add_overflow(total, g, &total)) [[unlikely]]
        throw_total_overflow(what, where);
}

}  // namespace footprint
