#pragma once
// Dates as shipments carry them: ISO 8601 calendar dates (YYYY-MM-DD), held as
// days since 1970-01-01 in the proleptic Gregorian calendar. One home for the
// conversion, so that ingest, row evaluation and statements agree on what a
// date is.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace footprint {

/// Days since 1970-01-01 for a proleptic Gregorian date, and back.
[[nodiscard]] std::int32_t days_from_civil(int y, unsigned m, unsigned d);
[[nodiscard]] int year_from_days(std::int32_t days);

/// Parses YYYY-MM-DD strictly (a real calendar date); nullopt otherwise.
[[nodiscard]] std::optional<std::int32_t> parse_iso_date(std::string_view s);
/// Days since 1970-01-01 to YYYY-MM-DD.
[[nodiscard]] std::string format_iso_date(std::int32_t days);

/// Whether a shipment's date lies in the years footprint computes, 1900-01-01 to 2100-12-31
/// (the years factors may cover; look-up tables span a batch's years, so year 1 and year 9999
/// in one batch would make them thousands of years wide). Ingest, frames and row evaluation
/// all ask this one rule.
[[nodiscard]] bool within_computable_years(std::int32_t day);

}  // namespace footprint
