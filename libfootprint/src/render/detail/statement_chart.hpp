// The statement's charts, as inline SVG for the HTML page. Private to the renderings.
#pragma once

#include <string>
#include <vector>

#include "render/detail/statement_document.hpp"

namespace footprint::detail::statement_rendering {

/// BE, PE (and LE when not zero) as bars stacked by life-cycle stage.
[[nodiscard]] std::string stage_chart(const statement_view& v, const words& tr, document_language lang);

/// The reduction of each month as bars around a zero line.
[[nodiscard]] std::string month_chart(const statement_view& v, const words& tr);

/// BE, PE and ER of every product, grouped by product column.
[[nodiscard]] std::string product_chart(const statement_view& v, const words& tr);

/// The bars of the tornado chart: the 10 first factors of the sensitivity
/// (by |ρ|), widest first.
[[nodiscard]] std::vector<sensitivity_entry> tornado_bars(const uncertainty_view& u);

/// The tornado chart of a format-3 statement's uncertainty section: per
/// factor, ER from its multiplier's 2.5 % to its 97.5 % quantile around ER0.
[[nodiscard]] std::string tornado_chart(const uncertainty_view& u, const words& tr);

}  // namespace footprint::detail::statement_rendering
