#pragma once
// Human renderings of a statement, all made from its canonical JSON (the
// statement of record), so that they can never disagree with it:
//
// - a self-contained HTML page: inline CSS and inline SVG charts (BE and PE
//   stacked by life-cycle stage, the reduction of each month, BE/PE/ER of
//   each product), no script, no network, a print stylesheet with page
//   breaks; elements the tests read carry ids (`customer`, `total-baseline`,
//   `total-project`, `total-leakage`, `total-reduction` with `data-grams`,
//   `issuable`, `digest`);
// - Markdown with the same content (CommonMark with pipe tables);
// - CSV of the breakdown;
// - PDF, printed from the HTML by headless Chromium when it is installed.
//
// Headings, labels and captions follow `lang` ("en" or "zh"); customer ids,
// product ids and digests are shown exactly as in the JSON; amounts and
// values at a fixed displayed precision (display_number.hpp), the exact
// grams staying in the JSON. Every text from the statement is escaped for
// the format. The per-shipment `shipment_rows` map is never rendered (it is
// dropped while parsing).
//
// The body of the document is the claim and how to check it (totals, rows
// and rejections, plausibility, breakdown by stage, month and product,
// provenance, the sources table when the statement has `sources`, how to
// check it, a verification block); the long tables (components, fixed
// parameters, every value looked up) are an annex at the end. Printed, every
// page carries "Page X of Y" and the statement digest in its margins (CSS
// page-margin boxes, which Chromium prints).
//
// What a rendering shows besides the statement of record comes in
// statement_render_options and is labelled as not sealed by the digest:
// detached signatures, the methodology's Chinese texts, the ledger's imports.
//
// A text that is not a statement fails with `footprint.statement.syntax`,
// `footprint.statement.missing-field`, `footprint.statement.field-type` or
// `footprint.statement.format`; an unknown `lang` with
// `footprint.document.language`.

#include <filesystem>
#include <string>
#include <vector>

#include "footprint/ingest/ledger.hpp"
#include "footprint/statement/signature.hpp"

namespace footprint {

/// What a rendering may show besides the statement's JSON. None of it is
/// covered by the statement digest, and the rendering says so.
struct statement_render_options {
    /// Detached signatures (`footprint sign`) for the verification block.
    /// Each must be over this statement's digest (`footprint.render.signature`
    /// otherwise); they are listed, not verified: trust is checked by
    /// `footprint signatures verify --trusted`.
    std::vector<signature_record> signatures;
    std::string signature_file = "<signatures>";  ///< where they were read from, for messages
    /// The methodology's own Chinese texts, used when `methodology_digest` is
    /// the digest the statement records (the same methodology file).
    std::string methodology_digest, methodology_title_zh, plausibility_zh;
    /// The imports that filled the ledger the statement was read from, with
    /// the rows each rejected (empty: the input was a CSV file).
    std::vector<ledger_batch> ledger_imports;
};

/// The HTML page. `lang` is "en" or "zh".
[[nodiscard]] std::string render_statement_html(const std::string& statement_json, const std::string& lang);
[[nodiscard]] std::string render_statement_html(const std::string& statement_json, const std::string& lang,
                                                const statement_render_options& options);

/// The same content as Markdown (without the charts; their figures are in the tables).
[[nodiscard]] std::string render_statement_markdown(const std::string& statement_json, const std::string& lang);
[[nodiscard]] std::string render_statement_markdown(const std::string& statement_json, const std::string& lang,
                                                    const statement_render_options& options);

/// Breakdown rows, RFC 4180: `section,key,baseline_g,project_g,leakage_g,reduction_g,shipments`.
/// Sections: `total` (key: the customer), `month` (YYYY-MM), one per product
/// column (`reusable_product`, `baseline_product`: key the product id), and
/// `stage` (key the life-cycle stage; reduction_g = BE − PE − LE of that
/// stage; shipments empty, since every shipment counts in every stage).
[[nodiscard]] std::string render_statement_csv(const std::string& statement_json);

/// Renders the HTML and prints it to `pdf` (A4, written atomically) with
/// headless Chromium, which runs without network access to the page and is
/// stopped after 120 s. Throws `footprint.render.no-chromium` when no
/// Chromium is found (before anything is written) and `footprint.render.pdf`
/// when Chromium fails.
void render_statement_pdf(const std::string& statement_json, const std::string& lang, const std::filesystem::path& pdf);
void render_statement_pdf(const std::string& statement_json, const std::string& lang, const std::filesystem::path& pdf,
                          const statement_render_options& options);

/// The Chromium executable: `FOOTPRINT_CHROMIUM` when set (empty if it does
/// not name an executable file), else the first of chromium,
/// chromium-browser, google-chrome, google-chrome-stable and
/// chrome-headless-shell on PATH; empty when there is none.
[[nodiscard]] std::string find_chromium();

/// find_chromium(), or throws `footprint.render.no-chromium` naming `for_file`.
std::string require_chromium(const std::filesystem::path& for_file);

}  // namespace footprint
