// Statement renderings from the canonical JSON. See statement_render.hpp.
//
// The statement is read into a view (statement_view.cpp) and built once as a
// document of the one document model (statement_document.cpp); the HTML page
// and the Markdown file are both written from it by the writers every
// document uses (document.cpp), so they cannot say different things. The HTML
// page adds what Markdown cannot carry: the key-figure cards and three inline
// SVG charts (statement_chart.cpp). The PDF is the HTML page printed by
// headless Chromium (pdf_printer.cpp). The CSV of the breakdown is written here.

#include "footprint/render/statement_render.hpp"

#include <fmt/format.h>

#include <string_view>

#include "footprint/render/document.hpp"
#include "render/detail/document_model.hpp"
#include "render/detail/pdf_printer.hpp"
#include "render/detail/statement_document.hpp"

namespace footprint {

using namespace detail::statement_rendering;  // NOLINT: this file renders that document

// ---- public functions -------------------------------------------------------------

std::string render_statement_html(const std::string& statement_json, const std::string& lang) {
    return render_statement_html(statement_json, lang, statement_render_options{});
}

std::string render_statement_html(const std::string& statement_json, const std::string& lang,
                                  const statement_render_options& options) {
    const document_language l = parse_document_language(lang);
    const statement_view v = read_view(statement_json);
    return detail::to_html(statement_document(v, options, l, true));
}

std::string render_statement_markdown(const std::string& statement_json, const std::string& lang) {
    return render_statement_markdown(statement_json, lang, statement_render_options{});
}

std::string render_statement_markdown(const std::string& statement_json, const std::string& lang,
                                      const statement_render_options& options) {
    const document_language l = parse_document_language(lang);
    const statement_view v = read_view(statement_json);
    return detail::to_markdown(statement_document(v, options, l, false));
}

std::string render_statement_csv(const std::string& statement_json) {
    const statement_view v = read_view(statement_json);
    std::string o = "section,key,baseline_g,project_g,leakage_g,reduction_g,shipments\n";
    // A text cell that a spreadsheet would run as a formula (a customer or
    // product id from the shipments, starting with = + - @ or a tab or CR) gets
    // a leading ' (OWASP, "CSV Injection"): spreadsheets show it as text. The
    // amounts are never texts, and the JSON keeps the id as it was.
    auto quote = [](std::string s) {
        if (!s.empty() && std::string_view("=+-@\t\r").find(s.front()) != std::string_view::npos) s.insert(0, 1, '\'');
        if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
        std::string q = "\"";
        for (char c : s) {
            if (c == '"') q += '"';
            q += c;
        }
        return q + "\"";
    };
    auto row = [&](const std::string& section, const std::string& key, const amounts& a, bool with_shipments) {
        o += fmt::format("{},{},{},{},{},{},{}\n", quote(section), quote(key), a.baseline, a.project, a.leakage,
                         a.reduction, with_shipments ? std::to_string(a.shipments) : std::string());
    };
    row("total", v.customer, v.totals, true);
    for (const auto& [month, a] : v.by_month) row("month", month, a, true);
    for (const auto& [col, list] : v.by_product)
        for (const auto& [id, a] : list) row(col, id, a, true);
    // Stages: BE, PE and LE of each stage and their difference; a shipment counts in every stage, so no count.
    for (const auto& stage : ordered_stages(v)) {
        bool present = false;
        for (const auto& [term, list] : v.by_stage)
            for (const auto& [s, g] : list) present |= s == stage;
        if (!present) continue;
        amounts a;
        a.baseline = stage_grams(v, "BE", stage);
        a.project = stage_grams(v, "PE", stage);
        a.leakage = stage_grams(v, "LE", stage);
        a.reduction = a.baseline - a.project - a.leakage;
        row("stage", stage, a, false);
    }
    return o;
}

void render_statement_pdf(const std::string& statement_json, const std::string& lang, const std::filesystem::path& pdf) {
    render_statement_pdf(statement_json, lang, pdf, statement_render_options{});
}

void render_statement_pdf(const std::string& statement_json, const std::string& lang, const std::filesystem::path& pdf,
                          const statement_render_options& options) {
    const std::string chromium = require_chromium(pdf);
    const std::string html = render_statement_html(statement_json, lang, options);  // a bad statement fails before Chromium runs
    detail::print_html_to_pdf(html, chromium, pdf);
}

}  // namespace footprint
