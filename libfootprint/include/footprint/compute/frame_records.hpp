#pragma once
// A frame's rows as records for a shipment_reader (shipments.hpp), so that
// rows handed over in memory (a pandas DataFrame, through the Python
// bindings) are checked, made canonical and digested by the one path CSV
// files and the ledger take: a statement built from a frame is the statement
// built from the CSV file `frame_csv_text` writes of it, byte for byte.
//
// The text of a frame value, which is also the field a CSV file written from
// the frame holds (`frame_value_text`):
//   float64        NaN: empty. A whole number of magnitude below 2^53: its
//                  integer digits ("3", "-0" as "0"), so that a flag or an
//                  integer column pandas made float after a gap reads as it
//                  does in compute. Any other value: the shortest text that
//                  reads back as the same double (std::to_chars: "0.1",
//                  "0.30000000000000004", "1e-07", "1e+300", "inf").
//   int64          its decimal digits.
//   datetime64_ns  NaT: empty; else the calendar day YYYY-MM-DD (the time of
//                  day dropped, as compute reads it).
//   codes          a negative or out-of-range code: empty; else the category text as given.
//   texts          a null view: empty; else the text as given (the reader trims it).
// A row's raw text (what a rejected row contributes to a statement's
// `rejected_digest`, and what a quarantine shows) is its CSV line: the
// values in the frame's column order, separated by commas, a value holding a
// comma, a double quote, CR or LF in double quotes with its quotes doubled
// (RFC 4180). The header is the column names as given, quoted the same way.
// Row r of the frame is line r + 2 of that file (when no value holds a line break).
//
// Floats are thus read through their text: the text reads back as exactly
// the frame's double, so the value the checks and the plan see, and the
// canonical row, are those of the frame.

#include <cstddef>
#include <memory>
#include <string>

#include "footprint/compute/frame.hpp"
#include "footprint/ingest/shipments.hpp"

namespace footprint {

/// Appends the text of column `c`'s value in row `r` (unquoted), as above.
void frame_value_text(const frame_column& c, std::size_t r, std::string& out);

/// The CSV line of row `r` (no line break); of the header when `r` is npos.
[[nodiscard]] std::string frame_row_text(const frame_view& frame, std::size_t r);

/// The whole frame as CSV text (header first when `header`), one line per row, each ended by "\n".
[[nodiscard]] std::string frame_csv_text(const frame_view& frame, bool header = true);

/// The frame's header and rows as records, one row at a time (nothing of the
/// whole frame is built). Throws `footprint.frame.dtype` for a column whose
/// storage is `unsupported`. The frame's memory must outlive the source.
[[nodiscard]] std::unique_ptr<record_source> frame_records(const frame_view& frame);

}  // namespace footprint
