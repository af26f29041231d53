#pragma once
// Human renderings of a statement, all made from its canonical JSON (the
// statement of record), so that they can never disagree with it: a
// self-contained HTML page (inline CSS and SVG, no network, print
// stylesheet), Markdown, CSV of the breakdown, and PDF through headless
// Chromium when it is installed.

#include <filesystem>
#include <string>

namespace footprint {

/// `lang` is "en" or "zh" (headings and labels).
[[nodiscard]] std::string render_statement_html(const std::string& statement_json, const std::string& lang);
[[nodiscard]] std::string render_statement_markdown(const std::string& statement_json, const std::string& lang);
/// Breakdown rows: section,key,baseline_g,project_g,leakage_g,reduction_g,shipments.
[[nodiscard]] std::string render_statement_csv(const std::string& statement_json);

/// Renders the HTML and prints it to `pdf` with headless Chromium. Throws
/// `footprint.render.no-chromium` when no Chromium is installed.
void render_statement_pdf(const std::string& statement_json, const std::string& lang, const std::filesystem::path& pdf);

/// The Chromium executable found on PATH (chromium, chromium-browser), or empty.
[[nodiscard]] std::string find_chromium();

}  // namespace footprint
