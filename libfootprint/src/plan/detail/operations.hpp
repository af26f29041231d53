#pragma once
// The operations of a bound plan. Private to the library.

namespace footprint::detail {

enum class op : unsigned char {
    constant, column, year_of, table, neg, add, sub, mul, div, lt, le, gt, ge, eq, ne, land, lor, lnot, min, max, pow, select
};

}  // namespace footprint::detail
