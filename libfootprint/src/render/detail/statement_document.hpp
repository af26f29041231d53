// A statement as a document of the one document model
// (detail/document_model.hpp), built from the statement once; the HTML page
// and the Markdown file are both written from it by the writers every
// document uses, so they cannot say different things. Also the numbers and
// labels the charts share. Private to the renderings.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "footprint/render/document.hpp"
#include "render/detail/document_model.hpp"
#include "render/detail/statement_view.hpp"

namespace footprint::detail::statement_rendering {

using detail::inline_text;
using words = detail::texts;  // tr("Totals", "合计")

// ---- numbers ------------------------------------------------------------------

/// Exact tonnes from integer grams: 185794893671 → "185794.893671".
[[nodiscard]] std::string tonnes(std::int64_t grams);

/// Thousands separators in the integer part of a decimal string.
[[nodiscard]] std::string grouped(const std::string& s);

/// A rounded label for a chart (the tables carry the exact figures).
[[nodiscard]] std::string chart_label(double t);

[[nodiscard]] inline double to_tonnes(std::int64_t grams) { return static_cast<double>(grams) / 1e6; }

// ---- text ---------------------------------------------------------------------

/// HTML text and attribute escaping: the one escaper of every HTML document.
using detail::html_escape;

[[nodiscard]] std::string stage_label(const std::string& key, document_language lang);
[[nodiscard]] std::string term_label(const std::string& term, const words& tr);
[[nodiscard]] std::string product_column_label(const std::string& column, const words& tr);

// ---- the document ----------------------------------------------------------------

/// The statement as a document of the one document model, section by
/// section; the charts and the key-figure cards (HTML only) when
/// `with_charts`. Written to HTML or Markdown by detail::render.
[[nodiscard]] detail::document statement_document(const statement_view& v, document_language lang, bool with_charts);

}  // namespace footprint::detail::statement_rendering
