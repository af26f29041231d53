#pragma once
// What changed between two factor sets: factors (and sources and regions)
// added, removed, and changed field by field. Fields are compared as the sets
// store them (numbers as written), so "0.55" → "0.5500" is a change even
// though the double is the same: a publication's digits are part of the record.
// Where a factor was read from (source_file, source_line, source_column) is
// not compared: moving a factor within its file is not a change to it.

#include <string>
#include <vector>

#include "footprint/factors/factor_library.hpp"

namespace footprint {

struct field_change {
    std::string field;   ///< column name, e.g. `value_text`, or `gases`
    std::string before;  ///< as stored in the first set ("" for NULL)
    std::string after;   ///< as stored in the second set
};

struct record_change {
    std::string id;
    std::vector<field_change> fields;
};

/// Differences in one kind of record (factors, sources or regions), each list sorted by id.
struct record_diff {
    std::vector<std::string> added;    ///< ids only in the second set
    std::vector<std::string> removed;  ///< ids only in the first set
    std::vector<record_change> changed;
    [[nodiscard]] bool empty() const { return added.empty() && removed.empty() && changed.empty(); }
};

struct factor_diff {
    record_diff factors;
    record_diff sources;
    record_diff regions;
    [[nodiscard]] bool empty() const { return factors.empty() && sources.empty() && regions.empty(); }
};

/// Compares `a` (before) with `b` (after). A factor's per-gas amounts are
/// compared as one field, `gases`, written "CO2 74100, CH4 3, N2O 0.6".
[[nodiscard]] factor_diff diff_factors(const factor_library& a, const factor_library& b);

}  // namespace footprint
