#pragma once
// Checks `footprint verify` makes beside the rebuild, one function each, so
// that the verify command itself stays a sequence of steps.

#include <string>

#include "footprint/statement/issuance_register.hpp"

namespace footprint::cli {

/// `verify --register FILE`: is the statement issued in the register, under
/// its digest, with the tonnes and grams it states? Prints one line per
/// finding and returns the check (ok() when issued as it is). A register that
/// does not exist is `footprint.register.missing` (thrown).
register_check check_register(const std::string& statement_text, const std::string& statement_file,
                              const std::string& register_file, bool print);

}  // namespace footprint::cli
