#pragma once
// A statement as a spreadsheet (`footprint statement --format xlsx`), made
// from its canonical JSON like every other rendering, so that it cannot say
// anything the statement does not. One sheet per table:
//
//   statement    the cover: format, customer, period, methodology id,
//                version, digest and title, factor sets, GWP, software,
//                scenario overrides, the rows reconciliation, the
//                plausibility check, the input rows digest and the statement
//                digest, issuable tonnes; and that the digest seals the
//                JSON, not this workbook;
//   totals       BE, PE, LE, ER of the customer in g CO2e, ER in t CO2e,
//                issuable t CO2e, shipments;
//   by month, by product, by stage, components
//                the breakdowns in g CO2e (the rows of the CSV rendering);
//   parameters, factors used
//                every value bound, with its unit and source;
//   sources      the publications (format 2 statements).
//
// Units are in the column headers; amounts are number cells (whole grams,
// exact up to 2^53 g), texts are text cells, never formulas: an id that
// starts with = + - @ is shown as written. Values the JSON records as decimal
// texts (a parameter's value) become the nearest number. Tonnes are the
// grams divided by 10^6, the nearest number to the exact tonnes.
//
// A text that is not a statement fails with the `footprint.statement.*`
// errors of read_view (statement_render.hpp); `footprint.io.write` when the
// workbook cannot be assembled.

#include <filesystem>
#include <string>

namespace footprint {

/// The .xlsx file's bytes; `for_file` names it in messages.
[[nodiscard]] std::string render_statement_xlsx(const std::string& statement_json,
                                                const std::filesystem::path& for_file = "statement.xlsx");

}  // namespace footprint
