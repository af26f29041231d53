#pragma once
// The closed registry of unit strings that data files may use.
//
// Data files (factors, catalog, shipments) carry units as text: "kg",
// "t CO2/MWh", "g CO2e/kWh", "tkm". They are parsed once, at the edge, into a
// `unit_spec`: a dimension (exponents over mass, length, time, emission,
// count), the factor that converts a value to the coherent unit of that
// dimension (kg, m, s, kg CO2e), and, for emissions, which gas (CO2e or one
// named gas). After that the library works on coherent values only. The
// registry is closed on purpose: an unknown symbol is an error, not a guess.
// docs/units.md lists every symbol.

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "footprint/core/error.hpp"
#include "footprint/quantities/gwp.hpp"

namespace footprint {

/// Exponents over footprint's base dimensions. `emission` counts CO2e mass or
/// the mass of one named gas (which one is in `unit_spec::gas`).
struct dimension {
    signed char mass = 0, length = 0, time = 0, emission = 0, count = 0;
    friend constexpr bool operator==(dimension, dimension) = default;
    [[nodiscard]] constexpr dimension operator*(dimension o) const {
        return {static_cast<signed char>(mass + o.mass), static_cast<signed char>(length + o.length),
                static_cast<signed char>(time + o.time),
                static_cast<signed char>(emission + o.emission),
                static_cast<signed char>(count + o.count)};
    }
    [[nodiscard]] constexpr dimension inverse() const {
        return {static_cast<signed char>(-mass), static_cast<signed char>(-length),
                static_cast<signed char>(-time), static_cast<signed char>(-emission),
                static_cast<signed char>(-count)};
    }
    [[nodiscard]] constexpr dimension operator/(dimension o) const { return *this * o.inverse(); }
};

namespace dimensions {
inline constexpr dimension none{};
inline constexpr dimension mass{1, 0, 0, 0, 0};
inline constexpr dimension length{0, 1, 0, 0, 0};
inline constexpr dimension volume{0, 3, 0, 0, 0};
inline constexpr dimension energy{1, 2, -2, 0, 0};
inline constexpr dimension freight_work{1, 1, 0, 0, 0};
inline constexpr dimension emission{0, 0, 0, 1, 0};
inline constexpr dimension count{0, 0, 0, 0, 1};
}  // namespace dimensions

/// What a unit's emission part is a mass of.
enum class emission_kind : unsigned char { none, co2e, gas };

/// A parsed unit string.
struct unit_spec {
    std::string text;           ///< as written, trimmed
    dimension dim{};            ///< its dimension
    double to_coherent = 1.0;   ///< value × to_coherent = value in coherent units
    emission_kind emission = emission_kind::none;
    gas_id gas = gas_id::co2;   ///< meaningful when emission == gas

    /// The unit in the words the docs use: "mass", "energy", "CO2e per mass", ...
    [[nodiscard]] std::string dimension_name() const;
};

/// Name of a dimension in plain words, e.g. "mass", "energy", "freight work (mass × length)".
[[nodiscard]] std::string dimension_name(dimension d);

/// The unit footprint prints a dimension in ("kg", "kWh", "tkm", "m3", "km",
/// "kg CO2e/kg", ...) and its factor to coherent units; nullopt when the
/// dimension has no preferred display unit.
struct display_unit {
    std::string symbol;
    double to_coherent;
};
[[nodiscard]] std::optional<display_unit> preferred_unit(dimension d, emission_kind e = emission_kind::none,
                                                         gas_id gas = gas_id::co2);

/// Largest power of a base dimension a unit may have (`m3` is 3): beyond it a
/// unit string is refused (`footprint.unit.syntax`), so that exponents cannot
/// wrap around.
inline constexpr int max_unit_power = 12;

/// Parses a unit string. Throws `error` with id `footprint.unit.unknown` (an
/// unknown symbol) or `footprint.unit.syntax` (malformed, a power beyond
/// max_unit_power, or a scale that is not a finite number), naming `where`.
[[nodiscard]] unit_spec parse_unit(std::string_view text, const source_location& where = {});

/// Like parse_unit, but records the problem in `out` and returns nullopt.
[[nodiscard]] std::optional<unit_spec> parse_unit(std::string_view text, const source_location& where,
                                                  diagnostics& out);

/// A value with its unit, as read from data.
struct measured {
    double value = 0;  ///< as written
    unit_spec unit;
    [[nodiscard]] double coherent() const { return value * unit.to_coherent; }
};

/// Parses "18.1 kg" or "0.5703 t CO2/MWh": a number, whitespace, a unit.
/// Errors: `footprint.quantity.syntax`, `footprint.quantity.not-finite`, and
/// those of parse_unit.
[[nodiscard]] std::optional<measured> parse_measured(std::string_view text, const source_location& where,
                                                     diagnostics& out);

/// Checks that `u` has dimension `expected`; records `footprint.unit.dimension`
/// otherwise. `expected_text` is shown to the user (e.g. "a mass such as kg or t").
bool require_dimension(const unit_spec& u, dimension expected, std::string_view expected_text,
                       const source_location& where, diagnostics& out);

}  // namespace footprint
