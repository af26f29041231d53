#pragma once
// Numbers as text.
//
// A factor set stores every number the way its source file wrote it
// ("0.5500", "74100", "3.0e-3"): the digits a publication printed are part of
// what an auditor checks. These two functions are the only bridge between such
// text and a double: reading uses std::from_chars and printing uses the
// shortest text that reads back as the same double (std::to_chars without a
// precision). Both are exact and locale-free, so a number survives
// YAML → factor set → memory bit for bit.

#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace footprint {

/// The shortest decimal text that reads back as exactly `v` ("0.5366", "74100", "1e-06").
[[nodiscard]] inline std::string shortest_text(double v) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

/// Reads a finite decimal number as YAML writes it: an optional sign, digits,
/// an optional fraction and exponent. The whole text must be the number;
/// nullopt otherwise (including infinities and NaN, which no factor may hold).
[[nodiscard]] inline std::optional<double> parse_number_text(std::string_view s) {
    // from_chars refuses a leading '+', which YAML (through yaml-cpp) accepts.
    if (!s.empty() && s.front() == '+') {
        s.remove_prefix(1);
        if (!s.empty() && s.front() == '-') return std::nullopt;
    }
    if (s.empty()) return std::nullopt;
    double v = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc{} || r.ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

}  // namespace footprint
