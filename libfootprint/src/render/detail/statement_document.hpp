// A statement as a document of the one document model
// (detail/document_model.hpp), built from the statement once; the HTML page
// and the Markdown file are both written from it by the writers every
// document uses, so they cannot say different things. Also the numbers and
// labels the charts share. Private to the renderings.
//
// statement_document.cpp builds the body's claim (summary, totals, rows and
// rejections, plausibility, charts, breakdown) and the page's look;
// statement_audit.cpp the parts an auditor works with (provenance, sources,
// how to check, the verification block) and the annex of long tables.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "footprint/render/document.hpp"
#include "footprint/render/display_number.hpp"
#include "footprint/render/statement_render.hpp"
#include "render/detail/document_model.hpp"
#include "render/detail/statement_view.hpp"

namespace footprint::detail::statement_rendering {

using detail::inline_text;
using words = detail::texts;  // tr("Totals", "合计")

// ---- numbers ------------------------------------------------------------------

/// Exact tonnes from integer grams: 185794893671 → "185794.893671".
[[nodiscard]] std::string tonnes(std::int64_t grams);

/// Tonnes as a page shows them: 3 decimals, grouped: 185794893671 → "185,794.894".
[[nodiscard]] inline std::string shown_tonnes(std::int64_t grams) { return display_tonnes(grams, 3); }

/// A rounded label for a chart (the tables carry the exact figures).
[[nodiscard]] std::string chart_label(double t);

[[nodiscard]] inline double to_tonnes(std::int64_t grams) { return static_cast<double>(grams) / 1e6; }

// ---- text ---------------------------------------------------------------------

/// HTML text and attribute escaping: the one escaper of every HTML document.
using detail::html_escape;

[[nodiscard]] std::string stage_label(const std::string& key, document_language lang);
[[nodiscard]] std::string term_label(const std::string& term, const words& tr);
[[nodiscard]] std::string product_column_label(const std::string& column, const words& tr);

// ---- cells and tables shared by the sections -----------------------------------

inline constexpr detail::column_align left = detail::column_align::left;
inline constexpr detail::column_align right = detail::column_align::right;

[[nodiscard]] inline detail::cell txt(std::string text) { return detail::cell(std::move(text)); }
[[nodiscard]] inline detail::cell num(std::string text) { return detail::cell(std::move(text)); }
[[nodiscard]] inline detail::cell code_cell(std::string text) { return detail::cell(detail::code(std::move(text))); }

/// A cell a reader or a test finds by its id (HTML), with its figures as data attributes.
[[nodiscard]] inline detail::cell marked(inline_text text, std::string id,
                                         std::vector<std::pair<std::string, std::string>> data = {},
                                         std::string cls = {}) {
    detail::cell c(std::move(text));
    c.id = std::move(id);
    c.data = std::move(data);
    c.cls = std::move(cls);
    return c;
}

/// A table of the statement: captioned, its first column heading each row,
/// kept on one printed page unless said otherwise.
[[nodiscard]] inline detail::table statement_table(std::string caption) {
    detail::table t;
    t.caption = std::move(caption);
    t.row_headers = true;
    t.keep_together = true;
    return t;
}

// ---- sections of statement_audit.cpp ---------------------------------------------

/// What the statement was built from: software, methodology, factor sets, digests.
void provenance_section(detail::document& d, const statement_view& v, const words& tr);
/// The publications the statement's values come from (format 2 `sources`),
/// one row each; nothing when it has none.
void sources_section(detail::document& d, const statement_view& v, const words& tr);
/// How to rebuild and check the statement, and its signatures.
void check_section(detail::document& d, const statement_view& v, const words& tr);
/// The block the verifier fills and signs: verifier, standard, level of
/// assurance; the signatures' signers and key fingerprints when there are some.
void verification_section(detail::document& d, const statement_view& v, const statement_render_options& o,
                          const words& tr);
/// The annex: components, fixed parameters, every value looked up, and
/// (format 2) every table of the sources.
void annex_sections(detail::document& d, const statement_view& v, const words& tr, document_language lang);

// ---- statement_how_sure.cpp ------------------------------------------------------

/// "How sure" (format 3): the Monte Carlo's summaries, P(ER > 0), the tonnes
/// at the quantile, the sensitivity table and (HTML) the tornado chart;
/// nothing for a statement without an uncertainty section.
void uncertainty_section(detail::document& d, const statement_view& v, const words& tr, bool with_charts);

// ---- the document ----------------------------------------------------------------

/// The statement as a document of the one document model, section by
/// section; the charts and the key-figure cards (HTML only) when
/// `with_charts`. Written to HTML or Markdown by detail::render.
[[nodiscard]] detail::document statement_document(const statement_view& v, const statement_render_options& o,
                                                  document_language lang, bool with_charts);

}  // namespace footprint::detail::statement_rendering
