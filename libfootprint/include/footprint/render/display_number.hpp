#pragma once
// Numbers as the renderings of a statement show them to a reader.
//
// The statement of record keeps exact figures: amounts in integer grams of
// CO2e, factors and parameters as the shortest decimal text of their double
// ("0.12521999999999997"). A page shows them at a fixed precision instead:
// tonnes to 3 decimals (whole kilograms), factors and parameters to 4
// significant digits (the precision of the factor tables they come from:
// IPCC, GLEC and worldsteel print 3 to 4), never fewer than their integer
// digits. Rounding is half away from zero, on the exact figure: integer
// grams for tonnes, the decimal text for values. The JSON keeps the exact
// figures, and every table that shows rounded tonnes says so.

#include <cstdint>
#include <string>
#include <string_view>

namespace footprint {

/// Tonnes from integer grams, to `decimals` (0..6) decimals, thousands
/// grouped with ',': 27972416643 g → "27,972.417"; -1500 g → "-0.002"; 499 g → "0.000".
[[nodiscard]] std::string display_tonnes(std::int64_t grams, int decimals = 3);

/// Thousands separators (',') in the integer part of a decimal text:
/// "1234567.891" → "1,234,567.891"; "-1000" → "-1,000"; "999" → "999".
[[nodiscard]] std::string group_thousands(std::string_view decimal);

/// A factor or parameter value (the decimal text a statement records) to 4
/// significant digits, at least its integer digits, trailing zeros dropped:
/// "0.12521999999999997" → "0.1252", "636.12" → "636.1", "1234.5" → "1235",
/// "0.000123456" → "0.0001235", "1000" → "1000". A text that is not a
/// number is returned as it is.
[[nodiscard]] std::string display_value(std::string_view text);

}  // namespace footprint
