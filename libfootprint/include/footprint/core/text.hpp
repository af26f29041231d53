#pragma once
// Text checks shared by every reader of input files (CSV, YAML), and the
// escape of a record that is not UTF-8 for the outputs that show it.

#include <string>
#include <string_view>

namespace footprint {

/// True when `s` is valid UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF).
[[nodiscard]] bool valid_utf8(std::string_view s);

/// A record that is not UTF-8 (a Latin-1 line) as UTF-8 text: each byte of an
/// invalid sequence as \xNN, so that a quarantine stays a UTF-8 file that any
/// reader opens, and the bytes can still be told apart (a backslash is doubled).
[[nodiscard]] std::string escape_invalid_utf8(std::string_view raw);

}  // namespace footprint
