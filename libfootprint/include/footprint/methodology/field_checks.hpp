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
// The checks that accept build nothing; a `field_problem*` that is null asks
// only whether the value is accepted (the fast path of a batch).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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

/// A number's text, as std::from_chars reads it (the whole text, no unit):
/// refused as not a number or not finite. `x` is the number as written.
bool field_read_number(std::string_view s, const field_rule& rule, double& x, field_problem* p);

/// A number in a unit `scale` × the coherent unit (the declared unit when
/// `scale` is the declared unit's to_coherent): not finite, not a whole
/// number for an integer, negative or outside the declared range are
/// refused. `coherent` is the value in coherent units.
bool field_check_number(double x, double scale, const field_rule& rule, double& coherent, field_problem* p);

/// A flag: 1/0, true/false, yes/no as text; 1 or 0 as a number.
bool field_read_flag(std::string_view s, double& flag, field_problem* p);
bool field_check_flag(double x, field_problem* p);

/// A date: YYYY-MM-DD, a real calendar date, in the years footprint computes.
bool field_read_date(std::string_view s, std::int32_t& days, field_problem* p);
bool field_check_date(std::int32_t days, field_problem* p);

/// A product of the catalog, a region of the tree; any text for a text column.
/// A null catalog or tree accepts every value.
bool field_check_category(std::string_view s, const field_rule& rule, const catalog* products,
                          const region_tree* regions, field_problem* p);

}  // namespace footprint
