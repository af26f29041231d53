#pragma once
// One rule per kind of value in a shipment row, whichever way the row
// arrives: a CSV field (ingest/shipments.hpp), a column handed over in memory
// (compute/frame.hpp) or one row given as text to plan::evaluate_row and
// plan::explain. Each check says what it accepts and, when it refuses, the
// stable error id, the message and what was expected; the caller says where
// (file, line, column, shipment) and what it found. The checks live in the
// methodology stage because they need only a monitored parameter's
// declaration (type, unit, range, required) and, for products and regions,
// the catalog and the region tree; every later stage uses them.
//
// The checks that accept build nothing (numbers and flags are inline: CSV
// ingest and frames call them once per value); a `field_problem*` that is null asks
// only whether the value is accepted (the fast path of a batch).

#include <charconv>
#include <cmath>
#include <cstdint>
#include <system_error>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "footprint/methodology/methodology.hpp"

namespace footprint {

class catalog;
class region_tree;

/// Why a value was refused: a stable id (`footprint.shipment.*`), the
/// message and what was expected.
struct field_problem {
    const char* id = nullptr;
    std::string message;
    std::string expected;
};

/// What a column accepts: a monitored parameter's declaration.
struct field_rule {
    parameter_type type = parameter_type::number;
    const unit_spec* unit = nullptr;      ///< the declared unit (never null once built)
    std::optional<double> minimum;        ///< in the declared unit; none: 0 (numbers are never negative)
    std::optional<double> maximum;
    bool required = true;                 ///< a missing value refuses the row; otherwise a number reads as 0
    const std::vector<std::string>* values = nullptr;  ///< a text column's accepted values; null or empty: any
};

/// Text as every value is read: without leading and trailing spaces and tabs.
[[nodiscard]] std::string_view field_trim(std::string_view s);

/// Numbers, integers and flags are numeric; products, regions and texts categorical.
[[nodiscard]] bool field_is_numeric(parameter_type t);
[[nodiscard]] bool field_is_categorical(parameter_type t);

/// A missing value (an empty field, NaN, NaT, None): accepted (as 0) only in
/// an optional numeric column.
[[nodiscard]] bool field_missing_accepted(const field_rule& rule);
[[nodiscard]] field_problem field_missing_problem(const field_rule& rule);

namespace field_detail {
/// std::from_chars for a plain decimal such as 669.6, -12.5 or 176 (at most
/// 15 digits, no exponent), as a whole number divided by a power of ten:
/// both are exact doubles and the division rounds correctly, so the result
/// is the one from_chars gives (Clinger's fast path). Anything else goes to
/// from_chars itself.
inline std::from_chars_result parse_number(const char* first, const char* last, double& out) {
    static constexpr double powers[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    const char* p = first;
    const bool negative = p != last && *p == '-';
    p += negative;
    std::uint64_t mantissa = 0;
    int digits = 0, decimals = 0;
    bool plain = true;
    const char* const int_start = p;
    while (p != last && *p >= '0' && *p <= '9') mantissa = mantissa * 10 + static_cast<unsigned>(*p++ - '0');
    digits = static_cast<int>(p - int_start);
    if (p != last && *p == '.') {
        const char* const frac_start = ++p;
        while (p != last && *p >= '0' && *p <= '9') mantissa = mantissa * 10 + static_cast<unsigned>(*p++ - '0');
        decimals = static_cast<int>(p - frac_start);
        plain = decimals > 0;  // "5." is left to from_chars
    }
    if (plain && p == last && digits > 0 && digits + decimals <= 15) {
        const double v = static_cast<double>(mantissa) / powers[decimals];
        out = negative ? -v : v;
        return {last, std::errc()};
    }
    return std::from_chars(first, last, out);
}

// The refusals (out of line: they build the messages).
bool refuse_number_text(bool not_finite, const field_rule& rule, field_problem* p);
bool refuse_number(double x, double scale, const field_rule& rule, field_problem* p);
bool refuse_flag(field_problem* p);
}  // namespace field_detail

/// A number's text, as std::from_chars reads it (the whole text, no unit):
/// refused as not a number or not finite. `x` is the number as written.
inline bool field_read_number(std::string_view s, const field_rule& rule, double& x, field_problem* p) {
    auto [ptr, ec] = field_detail::parse_number(s.data(), s.data() + s.size(), x);
    const bool whole = ptr == s.data() + s.size();
    if (ec == std::errc() && whole && std::isfinite(x)) return true;
    return field_detail::refuse_number_text(ec == std::errc::result_out_of_range || (ec == std::errc() && whole), rule, p);
}

/// A number in a unit `scale` × the coherent unit (the declared unit when
/// `scale` is the declared unit's to_coherent): not finite, not a whole
/// number for an integer, negative or outside the declared range are
/// refused. `coherent` is the value in coherent units.
inline bool field_check_number(double x, double scale, const field_rule& rule, double& coherent, field_problem* p) {
    if (std::isfinite(x) && !(rule.type == parameter_type::integer && x != std::floor(x))) {
        const double c = x * scale;
        const double declared = c / rule.unit->to_coherent;
        const double lo = rule.minimum.value_or(0.0);
        if (!(declared < 0 && lo >= 0) && !(declared < lo - 1e-12 * std::fabs(lo)) &&
            !(rule.maximum && declared > *rule.maximum + 1e-12 * std::fabs(*rule.maximum))) {
            coherent = c;
            return true;
        }
    }
    return field_detail::refuse_number(x, scale, rule, p);
}

/// A flag: 1/0, true/false, yes/no as text; 1 or 0 as a number.
inline bool field_read_flag(std::string_view s, double& flag, field_problem* p) {
    if (s == "1" || s == "true" || s == "yes") flag = 1;
    else if (s == "0" || s == "false" || s == "no") flag = 0;
    else return field_detail::refuse_flag(p);
    return true;
}
inline bool field_check_flag(double x, field_problem* p) { return x == 1.0 || x == 0.0 || field_detail::refuse_flag(p); }

/// A date: YYYY-MM-DD, a real calendar date, in the years footprint computes.
bool field_read_date(std::string_view s, std::int32_t& days, field_problem* p);
bool field_check_date(std::int32_t days, field_problem* p);

/// Text a reader can see and compare: no control character (U+0000-U+001F,
/// U+007F-U+009F), no invisible character (zero-width U+200B-U+200D, U+2060-
/// U+2064, U+FEFF, soft hyphen U+00AD) and no direction control (U+061C,
/// U+200E-U+200F, U+202A-U+202E, U+2066-U+2069). These made two ids that look
/// the same differ, or an id display as another (`footprint.shipment.invisible-character`).
/// The text is valid UTF-8 already (checked when the record was read).
bool field_check_visible(std::string_view s, field_problem* p);

/// A product of the catalog, a region of the tree; for a text column, one of
/// its declared values (any text when it declares none). A null catalog or
/// tree accepts every value.
bool field_check_category(std::string_view s, const field_rule& rule, const catalog* products,
                          const region_tree* regions, field_problem* p);

}  // namespace footprint
