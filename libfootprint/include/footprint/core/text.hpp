#pragma once
// Text checks shared by every reader of input files (CSV, YAML).

#include <string_view>

namespace footprint {

/// True when `s` is valid UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF).
[[nodiscard]] bool valid_utf8(std::string_view s);

}  // namespace footprint
