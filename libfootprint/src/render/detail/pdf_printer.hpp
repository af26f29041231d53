// Printing an HTML page to PDF with headless Chromium, for every document
// that has a PDF form. Private to the renderings; find_chromium and
// require_chromium are public (footprint/render/statement_render.hpp).
#pragma once

#include <filesystem>
#include <string>

namespace footprint::detail {

/// Writes `html` to a temporary folder, prints it to `pdf` with `chromium`
/// (from require_chromium) and removes the folder. Chromium runs in its own
/// process group, without a sandbox, network or profile of the user's, and is
/// stopped after 120 s. Throws `footprint.render.pdf` when it cannot start or
/// does not print, with the end of its log.
void print_html_to_pdf(const std::string& html, const std::string& chromium, const std::filesystem::path& pdf);

}  // namespace footprint::detail
