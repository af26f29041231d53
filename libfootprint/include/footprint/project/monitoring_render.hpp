#pragma once
// The monitoring report for people: Markdown, HTML and PDF, made from its
// canonical JSON (monitoring_report.hpp) through the one document model, so
// that no rendering can say something the JSON of record does not. Headings
// and footprint's own sentences follow the language (en, zh); ids, digests
// and numbers are shown as in the JSON.

#include <filesystem>
#include <string>

#include "footprint/render/document.hpp"

namespace footprint {

/// Throws footprint.project.report-syntax when `report_json` is not a monitoring report.
[[nodiscard]] std::string render_monitoring_report(const std::string& report_json, document_format format,
                                                   document_language lang);

/// Prints the HTML to `pdf` with headless Chromium (footprint.render.no-chromium, footprint.render.pdf).
void render_monitoring_report_pdf(const std::string& report_json, document_language lang,
                                  const std::filesystem::path& pdf);

}  // namespace footprint
