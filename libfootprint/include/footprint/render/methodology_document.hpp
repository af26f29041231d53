#pragma once
// A methodology as a readable document, in the order CDM and CCER
// methodologies are published: introduction, scope and normative references,
// definitions, applicability, project boundary, baseline scenario, the
// emission-reduction equations (BE, PE, LE and ER = BE − PE − LE), data and
// parameters not monitored and monitored, rounding and conservativeness, the
// plausibility check, and the sources, with the methodology's version and
// digest.
//
// The document is built from the methodology alone (no factors, no catalog),
// so the same file always gives the same page: docs/methodologies/*.md are
// generated this way and a test regenerates them to keep them current.
// Headings and footprint's own sentences are in English or Chinese; texts
// from the file use their `zh:` rendering when Chinese is asked for and one
// is given, and English otherwise.

#include <string>
#include <string_view>

#include "footprint/render/document.hpp"
#include "footprint/methodology/expression.hpp"
#include "footprint/methodology/methodology.hpp"

namespace footprint {

/// CommonMark with pipe tables. `lang` is "en" or "zh" (else `footprint.document.language`).
[[nodiscard]] std::string render_methodology_markdown(const methodology& m, std::string_view lang = "en");

/// One self-contained HTML page (inline CSS, no network), every text escaped.
[[nodiscard]] std::string render_methodology_html(const methodology& m, std::string_view lang = "en");

[[nodiscard]] std::string render_methodology_document(const methodology& m, document_format format,
                                                      document_language lang);

/// An expression as people read it: `×` and `−` for `*` and `-`, `≤ ≥ ≠ =`
/// for `<= >= != ==`, keyword arguments as `stage = "use"`, units without
/// brackets (`300 km`). Parentheses only where precedence needs them.
[[nodiscard]] std::string readable_expression(const expr::node& n);

}  // namespace footprint
