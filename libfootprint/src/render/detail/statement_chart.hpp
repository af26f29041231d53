// The statement's charts, as inline SVG for the HTML page. Private to the renderings.
#pragma once

#include <string>

#include "render/detail/statement_document.hpp"

namespace footprint::detail::statement_rendering {

/// BE, PE (and LE when not zero) as bars stacked by life-cycle stage.
[[nodiscard]] std::string stage_chart(const statement_view& v, const words& tr, document_language lang);

/// The reduction of each month as bars around a zero line.
[[nodiscard]] std::string month_chart(const statement_view& v, const words& tr);

/// BE, PE and ER of every product, grouped by product column.
[[nodiscard]] std::string product_chart(const statement_view& v, const words& tr);

}  // namespace footprint::detail::statement_rendering
