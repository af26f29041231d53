// `footprint statement | verify | explain | ledger import`: auditable statements.

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "commands.hpp"
#include "json_output.hpp"
#include "pdf_scratch.hpp"
#include "progress_line.hpp"
#include "statement_checks.hpp"
#include "footprint/core/atomic_file.hpp"
#include "footprint/core/output_set.hpp"
#include "footprint/core/digest.hpp"
#include "footprint/ingest/ledger.hpp"
#include "footprint/core/number_text.hpp"
#include "footprint/statement/signature.hpp"
#include "footprint/statement/statement.hpp"
#include "footprint/statement/statement_guard.hpp"
#include "footprint/render/statement_render.hpp"
#include "footprint/render/statement_workbook.hpp"
#include "footprint/ingest/sample_data.hpp"
#include "footprint/uncertainty/cfp_monte_carlo.hpp"
#include "footprint/uncertainty/statement_uncertainty_section.hpp"

#include <nlohmann/json.hpp>

namespace footprint::cli {

shipment_reader open_shipments(const std::string& path, const plan& p, const plan_inputs& in, bool keep_canonical) {
    shipment_schema schema = shipment_schema::for_plan(p);
    shipment_reader::options opts;
    opts.keep_canonical = keep_canonical;
    if (is_ledger_file(path)) {
        shipment_ledger ledger(path, schema, false);
        return shipment_reader(ledger.rows(), schema, in.products, in.regions, opts);
    }
    return shipment_reader(csv_reader(path), schema, in.products, in.regions, opts);
}

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw error("footprint.io.read", source_location{path, 0, 0, {}, {}}, "cannot open file", "a readable file");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// A file name for a customer's statement: the id itself when it is made of
/// letters, digits, '-', '_' and '.' (and does not start with '.'); otherwise
/// the id with every other byte replaced by '_' and 8 hex digits of its SHA-256
/// appended, so that "a/b" and "a:b" do not both become a_b.json; an id longer
/// than 200 bytes is cut to 200 and gets the hash too.
std::string safe_file_name(const std::string& customer) {
    std::string s;
    for (char c : customer) s += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
    if (!s.empty() && s.front() == '.') s.front() = '_';
    // A file name has at most 255 bytes; with ".json" and output_set's temporary
    // suffix, 200 bytes of the id plus its hash leave room (a 300-byte id made
    // `--all-customers` fail after 48 files).
    if (s == customer && !s.empty() && s.size() <= 200) return s;
    if (s.size() > 200) s.resize(200);
    return (s.empty() ? std::string("customer") : s) + "-" + sha256_hex(customer).substr(0, 8);
}
std::string tonnes(std::int64_t grams) {
    const bool neg = grams < 0;
    std::uint64_t a = neg ? static_cast<std::uint64_t>(-(grams + 1)) + 1 : static_cast<std::uint64_t>(grams);
    return fmt::format("{}{}.{:06}", neg ? "-" : "", a / 1000000, a % 1000000);
}

}  // namespace

/// What the renderings of statements built from `in` and `shipments` show
/// besides the JSON: the methodology's Chinese texts, the ledger's imports
/// (when `shipments` is a ledger) and the signatures in `signature_file`
/// (none when empty).
statement_render_options render_options(const plan_inputs& in, const std::string& shipments,
                                        const std::string& signature_file) {
    statement_render_options o;
    o.methodology_digest = in.method.digest;
    o.methodology_title_zh = in.method.title.zh;
    o.plausibility_zh = in.method.plausibility_description.zh;
    if (is_ledger_file(shipments))
        o.ledger_imports = shipment_ledger(shipments, shipment_schema::for_plan(*in.compiled), false).batches();
    if (!signature_file.empty()) {
        std::error_code ec;
        if (!std::filesystem::exists(signature_file, ec))
            throw error("footprint.io.read", source_location{signature_file, 0, 0, "--signatures", {}},
                        "no signature file here", "a signature file written by footprint sign");
        o.signatures = read_signature_file(signature_file);
        o.signature_file = signature_file;
    }
    return o;
}

/// The PDF of a statement as bytes, to join the other files of the command's output_set.
std::string statement_pdf_bytes(const std::string& json, const std::string& lang, const statement_render_options& options) {
    return pdf_bytes_via_scratch([&](const std::filesystem::path& pdf) { render_statement_pdf(json, lang, pdf, options); });
}

/// Adds a statement's files, in the formats asked for, to `outputs` (nothing
/// is in place until the set is committed); returns the files' names.
std::vector<std::string> add_statement(output_set& outputs, const statement_document& doc,
                                       const std::filesystem::path& json_path, const std::vector<std::string>& formats,
                                       const std::string& lang, const statement_render_options& options) {
    std::vector<std::string> written;
    // A workbook is binary: refused on standard output rather than written to a file named "-.xlsx".
    if (json_path == "-" && std::find(formats.begin(), formats.end(), "xlsx") != formats.end())
        throw CLI::ValidationError("--format", "xlsx is a binary workbook and cannot go to standard output: "
                                               "name a file with -o (STEM.xlsx is written beside STEM.json)");
    if (json_path.has_parent_path()) create_output_folder(json_path.parent_path());
    auto stem = json_path;
    stem.replace_extension();
    const std::string who = "customer " + doc.customer;
    // The PDF first: it is the one that can fail for reasons outside the statement (Chromium).
    std::vector<std::string> ordered;
    for (const auto& f : formats)
        if (f == "pdf") ordered.push_back(f);
    for (const auto& f : formats)
        if (f != "pdf") ordered.push_back(f);
    for (const auto& f : ordered) {
        std::filesystem::path path = f == "json" ? json_path : std::filesystem::path(stem.string() + "." + f);
        std::string content = f == "json"   ? doc.json
                              : f == "html" ? render_statement_html(doc.json, lang, options)
                              : f == "md"   ? render_statement_markdown(doc.json, lang, options)
                              : f == "csv"  ? render_statement_csv(doc.json)
                              : f == "xlsx" ? render_statement_xlsx(doc.json, path)
                                            : statement_pdf_bytes(doc.json, lang, options);
        outputs.add_complete(path, content, who + " (" + f + ")");
        written.push_back(path.string());
    }
    return written;
}

/// Writes one statement in the formats asked for, all files or none; returns the files written.
std::vector<std::string> write_statement(const statement_document& doc, const std::filesystem::path& json_path,
                                         const std::vector<std::string>& formats, const std::string& lang,
                                         const statement_render_options& options) {
    output_set outputs;
    auto written = add_statement(outputs, doc, json_path, formats, lang, options);
    outputs.commit();
    return written;
}


namespace {
/// Rejected rows that are in no statement (format 2: no readable customer, or
/// a customer without an accepted row): said on standard error, so that every
/// row of the input is accounted for (docs/statements.md, "Rejected rows").
void report_unattributed(const std::vector<rejected_row>& rows, const std::string& input) {
    if (rows.empty()) return;
    std::cerr << fmt::format("{}: {} rejected row{} in no statement (no customer id that can be read, or a customer "
                             "without an accepted shipment); `footprint compute -s {}` writes them with the reasons to "
                             "its quarantine:\n",
                             input, rows.size(), rows.size() == 1 ? " is" : "s are", input);
    for (std::size_t i = 0; i < std::min<std::size_t>(rows.size(), 20); ++i)
        std::cerr << fmt::format("  line {}{} [{}] {}\n", rows[i].line,
                                 rows[i].customer_id.empty() ? "" : " (customer " + rows[i].customer_id + ")",
                                 rows[i].problem.id, rows[i].problem.message);
    if (rows.size() > 20) std::cerr << fmt::format("  … and {} more\n", rows.size() - 20);
}
}  // namespace

namespace {
/// `verify --trusted`: the rebuilt statement is identical; are its signatures
/// valid and from trusted keys? One line per signature; true when all are
/// valid and there is at least one (the rule of `footprint signatures verify`).
template <class Options>
bool signatures_trusted(const std::string& text, const Options& vo) {
    const std::filesystem::path file =
        vo.signatures.empty() ? default_signature_file(vo.statement) : std::filesystem::path(vo.signatures);
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
        std::cout << fmt::format("FAIL {}\n  [footprint.signature.none] no signature file {}\n", vo.statement,
                                 file.string());
        return false;
    }
    const signatures_report report =
        verify_signatures(text, read_signature_file(file), read_trusted_keys(vo.trusted));
    for (const auto& c : report.checks)
        std::cout << fmt::format("     signature {} {} ({}, {}, key {}){}\n", status_name(c.status), c.record.signer,
                                 c.record.role == signer_role::verifier ? "verifier" : "preparer", c.record.signed_at,
                                 c.record.key_fingerprint.substr(0, 16), c.detail.empty() ? "" : ": " + c.detail);
    if (report.all_valid()) return true;
    std::cout << fmt::format("FAIL {}: {}\n", vo.statement,
                             report.checks.empty() ? "no signatures" : "a signature is not valid or not trusted");
    return false;
}
}  // namespace

namespace {
/// `verify --json`: the rebuild's findings, and the signatures (--trusted) and
/// the register (--register) checked whatever the rebuild found; the exit status.
template <class Options>
int verify_as_json(const std::string& text, const verify_result& r, const Options& vo) {
    verify_findings f{vo.statement, vo.shipments, r, std::nullopt, std::nullopt};
    if (!vo.trusted.empty()) {
        const std::filesystem::path file =
            vo.signatures.empty() ? default_signature_file(vo.statement) : std::filesystem::path(vo.signatures);
        const auto trusted = read_trusted_keys(vo.trusted);
        f.signatures = signature_report_json(vo.statement, file, trusted,
                                             verify_signatures(text, read_signature_file(file), trusted));
    }
    // An edited statement has no digest to look up: the rebuild already says it was changed.
    if (!vo.register_file.empty() && r.digest_ok) f.issued = check_register(text, vo.statement, vo.register_file, false);
    const auto j = verify_json(f);
    print_json(j);
    return j.at("ok").get<bool>() && (vo.register_file.empty() || r.digest_ok) ? exit_ok : exit_data_error;
}
}  // namespace

namespace {
/// `statement --uncertainty` and `verify` of a format-3 statement: reads the
/// input once more and adds each statement's uncertainty section, sealing it
/// again (statement_uncertainty_section.hpp). `recorded`: verify's recorded
/// coefficient factors.
void add_uncertainty(std::vector<statement_document>& docs, const std::string& shipments, const plan_inputs& in,
                     statement_request req, const uncertainty::uncertainty_section_options& options,
                     const std::vector<std::string>& recorded, bool quiet) {
    const std::uint64_t size = is_ledger_file(shipments) ? 0 : progress_line::file_size(shipments);
    progress_line progress(fmt::format("uncertainty: {} iterations", options.iterations), size,
                           progress_line::wanted(quiet, false));
    req.progress = [&progress](const ingest_counts& c) { progress.update(c.bytes, c.rows_in, c.rejected); };
    shipment_reader reader = open_shipments(shipments, *in.compiled, in, false);
    uncertainty::add_uncertainty_sections(docs, *in.compiled, reader, req, options, recorded);
    progress.finish();
}

/// The Monte Carlo options of `statement --uncertainty`, refused before any reading when out of range.
uncertainty::uncertainty_section_options checked_uncertainty(std::size_t iterations, std::uint64_t seed,
                                                             double quantile, unsigned threads) {
    uncertainty::monte_carlo_options mc;
    mc.iterations = iterations;
    mc.seed = seed;
    mc.threads = threads;
    uncertainty::check_options(mc);
    if (!(quantile > 0 && quantile < 1))
        throw error("footprint.uncertainty.options", source_location{"<command line>", 0, 0, "--quantile", {}},
                    "the quantile of ER is out of range", "a number between 0 and 1, both excluded",
                    shortest_text(quantile));
    return {iterations, seed, quantile, threads};
}
}  // namespace

void register_statement(CLI::App& app, int& exit_code) {
    // ---- statement ----------------------------------------------------------------
    struct statement_options {
        bound_options bound;
        std::string shipments, customer, from, to, output, lang = "en", signatures;
        bool all_customers = false, pdf = false, allow_empty = false, json = false;
        std::vector<std::string> formats{"json", "html", "md", "csv"};
        std::size_t uncertainty = 0;  ///< Monte Carlo iterations; 0: no uncertainty section (format 2)
        std::uint64_t seed = 1;
        double quantile = 0.05;
        unsigned threads = 1;
    };
    auto so = std::make_shared<statement_options>();
    CLI::App* st = app.add_subcommand("statement", "Per-customer reduction statement for a period (canonical JSON + renderings)");
    so->bound.add_to(*st);
    st->add_option("--shipments,-s", so->shipments, "Shipments CSV or ledger (.sqlite)")->required();
    st->add_option("--customer", so->customer, "Customer id");
    st->add_flag("--all-customers", so->all_customers, "One statement per customer; -o names a folder");
    st->add_flag("--allow-empty", so->allow_empty,
                 "Also write a statement for a customer with no shipment in the period (it says so); "
                 "without it such a statement is refused (--customer) or not written (--all-customers)");
    st->add_option("--from", so->from, "First day of the period, YYYY-MM-DD (inclusive)")->required();
    st->add_option("--to", so->to, "Last day of the period, YYYY-MM-DD (inclusive)")->required();
    st->add_option("-o,--output", so->output, "statement.json (or a folder with --all-customers)")->required();
    st->add_option("--format", so->formats, "Formats to write, comma-separated: json html md csv pdf xlsx")
        ->delimiter(',')
        ->check(CLI::IsMember({"json", "html", "md", "csv", "pdf", "xlsx"}))
        ->capture_default_str();
    st->add_flag("--pdf", so->pdf, "Also write a PDF (printed from the HTML by headless Chromium)");
    st->add_flag("--json", so->json, "Print what was written as JSON (format footprint-statement-run/1) instead of text");
    st->add_option("--lang", so->lang, "Language of the renderings (HTML, Markdown, PDF): en or zh")
        ->check(CLI::IsMember({"en", "zh"}))
        ->capture_default_str();
    st->add_option("--signatures", so->signatures,
                   "A signature file (footprint sign) whose signers and key fingerprints the renderings list in "
                   "their verification block; every signature in it must be over the statement built");
    CLI::Option* with_uncertainty = st->add_option(
        "--uncertainty", so->uncertainty,
        "Add an uncertainty section (seeded Monte Carlo of N iterations, sensitivity, tornado chart) to each "
        "statement: format footprint-statement/3, rebuilt by verify (docs/statements.md)");
    st->add_option("--seed", so->seed, "Seed of the uncertainty section; the same seed gives the same bytes")
        ->needs(with_uncertainty)
        ->capture_default_str();
    st->add_option("--quantile", so->quantile,
                   "Quantile of ER whose whole tonnes the section reports (issuance stays the deterministic issuable_t)")
        ->needs(with_uncertainty)
        ->capture_default_str();
    st->add_option("--threads", so->threads, "Threads for the uncertainty section (changes no byte)")
        ->needs(with_uncertainty)
        ->capture_default_str();
    st->callback([so, with_uncertainty, &exit_code] {
        if (so->all_customers == !so->customer.empty())
            throw CLI::ValidationError("statement", "name --customer ID or --all-customers (not both)");
        if (so->json && so->output == "-")
            throw CLI::ValidationError("statement", "--json prints to standard output, which -o - already uses");
        if (so->all_customers && !so->signatures.empty())
            throw CLI::ValidationError("statement", "--signatures belongs to one statement: use it with --customer");
        std::vector<std::string> formats;
        for (const auto& f : so->formats)
            if (std::find(formats.begin(), formats.end(), f) == formats.end()) formats.push_back(f);
        if (so->pdf && std::find(formats.begin(), formats.end(), "pdf") == formats.end()) formats.push_back("pdf");
        // No Chromium: say so before any work, and before anything is written.
        if (std::find(formats.begin(), formats.end(), "pdf") != formats.end()) (void)require_chromium("<command line>");
        std::optional<uncertainty::uncertainty_section_options> mc;
        if (with_uncertainty->count() > 0)
            mc = checked_uncertainty(so->uncertainty, so->seed, so->quantile, so->threads);
        plan_inputs in = bind_inputs(so->bound);
        shipment_reader reader = open_shipments(so->shipments, *in.compiled, in, true);
        statement_request req;
        if (mc) req.format = statement_format::v3;
        if (!so->customer.empty()) req.customer = so->customer;
        req.from_day = parse_day(so->from, "--from");
        req.to_day = parse_day(so->to, "--to");
        // Guard rails (issue 15): a statement is a claim; one that cannot be what the user meant
        // is refused before anything is read or written (footprint/statement/statement_guard.hpp).
        claim_request claim{so->shipments, req.customer, req.from_day, req.to_day, so->allow_empty};
        check_statement_period(claim);
        req.source_name = so->shipments;
        statement_context ctx;
        ctx.factor_sets = in.factor_set_infos();
        const std::uint64_t size = is_ledger_file(so->shipments) ? 0 : progress_line::file_size(so->shipments);
        progress_line progress("statement", size, progress_line::wanted(so->json, false));
        req.progress = [&progress](const ingest_counts& c) { progress.update(c.bytes, c.rows_in, c.rejected); };
        statement_set built = build_statement_set(*in.compiled, reader, ctx, req);
        progress.finish();
        auto docs = std::move(built.statements);
        const statement_render_options render = render_options(in, so->shipments, so->signatures);
        std::vector<std::string> skipped;
        docs = keep_claimable(std::move(docs), claim, skipped);
        if (mc && !docs.empty()) add_uncertainty(docs, so->shipments, in, req, *mc, {}, so->json);
        // Signatures over another statement are refused before any folder or file is made.
        if (!render.signatures.empty()) (void)render_statement_markdown(docs.front().json, so->lang, render);
        if (so->all_customers) create_output_folder(so->output);
        // Every customer's files in one output_set: all statements or none, and two
        // customers whose file names would coincide are refused before anything is written.
        output_set outputs;
        std::vector<std::string> lines;
        std::vector<std::vector<std::string>> files_of;
        for (const auto& d : docs) {
            std::filesystem::path target = so->all_customers
                                               ? std::filesystem::path(so->output) / (safe_file_name(d.customer) + ".json")
                                               : std::filesystem::path(so->output);
            auto files = add_statement(outputs, d, target, formats, so->lang, render);
            files_of.push_back(files);
            lines.push_back(fmt::format("{}: statement {} ({} files: {})\n", d.customer, d.digest.substr(0, 16),
                                        files.size(), fmt::join(files, ", ")));
        }
        outputs.commit();
        if (so->json) {
            print_json(statement_run_json(docs, files_of, skipped));
            exit_code = exit_ok;
            return;
        }
        // With -o - the statement is on standard output: what was written goes to standard error.
        std::ostream& say = so->output == "-" ? std::cerr : std::cout;
        for (const auto& l : lines) say << l;
        for (const auto& c : skipped)
            say << fmt::format("{}: no shipment in the period, no statement written (--allow-empty writes one)\n", c);
        report_unattributed(built.unattributed, so->shipments);
        exit_code = exit_ok;
    });

    // ---- verify ---------------------------------------------------------------------
    struct verify_options {
        std::string statement, shipments, methodology, trusted, signatures, register_file;
        bool json = false;
        unsigned threads = 1;
        factor_set_options sets;
        data_options data;
    };
    auto vo = std::make_shared<verify_options>();
    CLI::App* ve = app.add_subcommand("verify", "Rebuild a statement from its inputs and compare, field by field");
    ve->add_option("statement", vo->statement, "statement.json")->required();
    ve->add_option("--shipments,-s", vo->shipments, "The shipments CSV or ledger the statement was built from")->required();
    ve->add_option("--trusted", vo->trusted,
                   "Also check the statement's signatures against these trusted public keys (PEM); "
                   "the statement passes only if every signature is valid and there is at least one");
    ve->add_option("--signatures", vo->signatures, "The signature file (default: STATEMENT.sig.json beside the statement)");
    ve->add_option("--register", vo->register_file,
                   "Also check the statement against this issuance register: issued under its digest, with the "
                   "tonnes and grams it states (footprint register add)");
    ve->add_flag("--json", vo->json, "Print the findings as JSON (format footprint-verify/1) instead of text");
    ve->add_option("--methodology,-m", vo->methodology,
                   "The methodology file (or id) the statement was built with, when it is not the bundled one "
                   "with the recorded id; its digest must match the recorded one");
    ve->add_option("--threads", vo->threads,
                   "Threads for drawing a format-3 statement's uncertainty section again (changes no byte)")
        ->capture_default_str();
    vo->sets.add_to(*ve);
    vo->data.add_to(*ve);
    ve->callback([vo, &exit_code] {
        const std::string text = read_file(vo->statement);
        statement_header h = read_statement_header(text, vo->statement);
        // The statement's own digest first: an edited statement fails here whatever the inputs.
        std::string computed = statement_digest(text);
        bound_options bo;
        // The recorded version: a statement made with an earlier version is rebuilt with that
        // version's file, kept in methodologies/archive/.
        bo.methodology = vo->methodology.empty() ? h.methodology_id + "@" + h.methodology_version : vo->methodology;
        bo.gwp = h.gwp;
        for (const auto& [k, v] : h.overrides) bo.overrides.push_back(k + "=" + shortest_text(v));
        bo.sets = vo->sets;
        bo.data = vo->data;
        plan_inputs in = bind_inputs(bo);
        diagnostics problems;
        if (in.method.digest != h.methodology_digest || in.method.version != h.methodology_version)
            problems.add("footprint.verify.methodology", source_location{vo->statement, 0, 0, "/methodology", {}},
                         "the methodology " + h.methodology_id + " here is not the one the statement used",
                         "version " + h.methodology_version + ", digest " + h.methodology_digest,
                         "version " + in.method.version + ", digest " + in.method.digest);
        std::vector<std::string> digests;
        for (const auto& s : in.factor_sets) digests.push_back(s.info().digest);
        if (digests != h.factor_set_digests)
            problems.add("footprint.verify.factor-set", source_location{vo->statement, 0, 0, "/factor_sets", {}},
                         "the factor set is not the one the statement used",
                         fmt::format("{}", fmt::join(h.factor_set_digests, ", ")), fmt::format("{}", fmt::join(digests, ", ")));
        if (!problems.empty()) {
            std::cout << "FAIL " << vo->statement << "\n";
            problems.throw_if_any();
        }
        shipment_reader reader = open_shipments(vo->shipments, *in.compiled, in, true);
        statement_request req;
        req.format = h.format;  // rebuilt in the format it records, so that older statements verify byte for byte
        req.customer = h.customer;
        req.from_day = h.from_day;
        req.to_day = h.to_day;
        statement_context ctx;
        ctx.factor_sets = in.factor_set_infos();
        auto docs = build_statements(*in.compiled, reader, ctx, req);
        // Format 3: the uncertainty section drawn again with the recorded method.
        if (h.uncertainty) {
            const auto& u = *h.uncertainty;
            add_uncertainty(docs, vo->shipments, in, req,
                            checked_uncertainty(u.iterations, u.seed, u.quantile, vo->threads), u.coefficient_factors,
                            vo->json);
        }
        verify_result r = compare_statements(text, docs.front().json);
        if (vo->json) {
            exit_code = verify_as_json(text, r, *vo);
            return;
        }
        if (r.identical) {
            std::cout << fmt::format("OK   {} is identical to the statement rebuilt from {}\n     digest {}\n",
                                     vo->statement, vo->shipments, r.recorded_digest);
            const bool signed_ok = vo->trusted.empty() || signatures_trusted(text, *vo);
            const bool issued_ok = vo->register_file.empty() || check_register(text, vo->statement, vo->register_file, true).ok();
            exit_code = signed_ok && issued_ok ? exit_ok : exit_data_error;
            return;
        }
        std::cout << "FAIL " << vo->statement << "\n";
        for (const auto& d : r.inputs) std::cout << fmt::format("  [footprint.verify.input] {}\n", d);
        if (!r.digest_ok)
            std::cout << fmt::format("  [footprint.verify.digest] the statement was changed after it was made: "
                                     "recorded digest {}, its content hashes to {}\n",
                                     r.recorded_digest, r.computed_digest);
        if (!r.first_difference.empty())
            std::cout << fmt::format("  [footprint.verify.difference] first differing field {}: statement has {}, "
                                     "rebuilt from the inputs {}\n",
                                     r.first_difference, r.expected, r.found);
        if (!r.shipments.empty()) {
            std::cout << fmt::format("  [footprint.verify.shipments] {} shipment{} whose input rows differ:", r.shipments.size(),
                                     r.shipments.size() == 1 ? "" : "s");
            for (std::size_t i = 0; i < std::min<std::size_t>(r.shipments.size(), 50); ++i) std::cout << " " << r.shipments[i];
            if (r.shipments.size() > 50) std::cout << " …";
            std::cout << "\n";
        }
        exit_code = exit_data_error;
    });

    // ---- explain ----------------------------------------------------------------------
    struct explain_options {
        bound_options bound;
        std::string shipments, shipment;
        bool json = false;
    };
    auto eo = std::make_shared<explain_options>();
    CLI::App* ex = app.add_subcommand("explain", "One shipment's full derivation, down to the integer grams");
    eo->bound.add_to(*ex);
    ex->add_option("--shipments,-s", eo->shipments, "Shipments CSV or ledger")->required();
    ex->add_option("--shipment", eo->shipment, "Shipment id")->required();
    ex->add_flag("--json", eo->json, "Print the derivation as JSON (format footprint-explain/1) instead of text");
    ex->callback([eo, &exit_code] {
        plan_inputs in = bind_inputs(eo->bound);
        shipment_reader reader = open_shipments(eo->shipments, *in.compiled, in, false);
        shipment_batch batch;
        std::vector<rejected_row> rejects;
        const auto& schema = reader.schema();
        while (reader.next(batch, rejects)) {
            for (const auto& r : rejects)
                if (r.shipment_id == eo->shipment)
                    throw error(r.problem);  // the row is in quarantine: say why
            rejects.clear();
            for (std::size_t i = 0; i < batch.rows; ++i) {
                if (batch.shipment_ids[i] != eo->shipment) continue;
                std::map<std::string, std::string> row;
                for (std::size_t c = 0; c < schema.columns.size(); ++c) {
                    const auto& col = schema.columns[c];
                    switch (col.type) {
                        case parameter_type::number:
                        case parameter_type::integer:
                            row[col.name] = shortest_text(batch.numbers[c][i] / col.unit.to_coherent);
                            break;
                        case parameter_type::flag: row[col.name] = shortest_text(batch.numbers[c][i]); break;
                        case parameter_type::date: row[col.name] = format_iso_date(batch.codes[c][i]); break;
                        default:
                            if (c == column_shipment_id) row[col.name] = batch.shipment_ids[i];
                            else row[col.name] = reader.dictionary(static_cast<int>(c))[static_cast<std::size_t>(batch.codes[c][i])];
                    }
                }
                if (eo->json) {
                    print_json(explain_json(*in.compiled, row, eo->shipment, eo->shipments, batch.lines[i]));
                    exit_code = exit_ok;
                    return;
                }
                std::cout << "Shipment " << eo->shipment << " (" << eo->shipments << ", line " << batch.lines[i] << ")\n";
                std::cout << in.compiled->explain(row);
                exit_code = exit_ok;
                return;
            }
        }
        throw error("footprint.explain.not-found", source_location{eo->shipments, 0, 0, "shipment", eo->shipment},
                    "no shipment with this id", "the id of a shipment in the input", eo->shipment);
    });

    // ---- ledger import ------------------------------------------------------------------
    struct ledger_options {
        bound_options bound;
        std::string file, ledger;
        bool json = false;
    };
    auto lo = std::make_shared<ledger_options>();
    CLI::App* led = app.add_subcommand("ledger", "The SQLite shipment ledger");
    led->require_subcommand(1);
    CLI::App* imp = led->add_subcommand("import", "Validate a CSV and append its accepted shipments to the ledger");
    lo->bound.add_to(*imp);
    imp->add_option("file", lo->file, "Shipments CSV")->required();
    imp->add_option("--ledger", lo->ledger, "Ledger file (.sqlite), created when missing")->required();
    imp->add_flag("--json", lo->json, "Print the batch recorded as JSON (format footprint-ledger-import/1) instead of text");
    imp->callback([lo, &exit_code] {
        plan_inputs in = bind_inputs(lo->bound);
        shipment_ledger ledger(lo->ledger, shipment_schema::for_plan(*in.compiled), true);
        progress_line progress("ledger import", progress_line::file_size(lo->file), progress_line::wanted(lo->json, false));
        auto r = ledger.import_csv(lo->file, in.products, in.regions, [&progress](const ingest_counts& c) {
            progress.update(c.bytes, c.rows_in, c.rejected);
        });
        progress.finish();
        std::string quarantine;
        if (!r.rejected.empty()) {
            std::string q = quarantine_csv_header();
            append_quarantine_csv(q, r.rejected);
            auto qpath = std::filesystem::path(lo->ledger);
            qpath.replace_extension();
            quarantine = qpath.string() + ".batch-" + std::to_string(r.batch_id) + ".quarantine.csv";
            write_file_atomically(quarantine, q);
        }
        if (lo->json) {
            print_json(ledger_import_json(lo->file, lo->ledger, r, ledger.size(), quarantine));
            exit_code = exit_ok;
            return;
        }
        std::cout << fmt::format("batch {} from {} (sha256 {}){}\n", r.batch_id, lo->file, r.file_digest,
                                 r.file_seen_before ? " — this file was imported before" : "");
        std::cout << fmt::format("rows in {}, accepted {}, rejected {}; reconciles: {}\nledger now holds {} shipments\n",
                                 r.counts.rows_in, r.counts.accepted, r.counts.rejected,
                                 r.counts.rows_in == r.counts.accepted + r.counts.rejected ? "yes" : "NO", ledger.size());
        exit_code = exit_ok;
    });
}

void register_demo(CLI::App& app, int& exit_code) {
    struct demo_options {
        std::string output = "footprint-demo";
        std::uint64_t rows = 300000;
        std::string lang = "en";
        bool pdf = false;
        factor_set_options sets;
        data_options data;
    };
    auto o = std::make_shared<demo_options>();
    CLI::App* cmd = app.add_subcommand(
        "demo", "The main job on the bundled defaults: a sample ledger of three customers, per-shipment results, "
                "and a statement for each customer (JSON, HTML, Markdown, CSV)");
    cmd->add_option("-o,--output", o->output, "Folder to write into")->capture_default_str();
    cmd->add_option("--rows", o->rows, "Shipments in the sample")->capture_default_str();
    cmd->add_option("--lang", o->lang, "Language of the renderings: en or zh")
        ->check(CLI::IsMember({"en", "zh"}))
        ->capture_default_str();
    cmd->add_flag("--pdf", o->pdf, "Also print each statement to PDF (headless Chromium)");
    o->sets.add_to(*cmd);
    o->data.add_to(*cmd);
    cmd->callback([o, &exit_code] {
        const std::filesystem::path dir = o->output;
        if (o->pdf) (void)require_chromium("<command line>");
        create_output_folder(dir / "statements");
        // 1. The sample: deterministic, 14 months from June 2020, with one defective row of each kind.
        sample_options so;
        so.rows = o->rows;
        so.defects = true;
        const auto shipments = dir / "shipments.csv";
        auto seeded = write_sample_shipments(shipments, so);
        bound_options bo;
        bo.methodology = "reusable-packaging-reduction";
        bo.sets = o->sets;
        bo.data = o->data;
        plan_inputs in = bind_inputs(bo);
        // 2. The ledger: validated import, quarantine beside it.
        const auto ledger_path = dir / "ledger.sqlite";
        std::filesystem::remove(ledger_path);
        std::filesystem::remove(dir / "ledger.sqlite-wal");
        std::filesystem::remove(dir / "ledger.sqlite-shm");
        {
            shipment_ledger ledger(ledger_path, shipment_schema::for_plan(*in.compiled), true);
            progress_line progress("demo: ledger import", progress_line::file_size(shipments.string()),
                                   progress_line::wanted(false, false));
            auto r = ledger.import_csv(shipments, in.products, in.regions, [&progress](const ingest_counts& c) {
                progress.update(c.bytes, c.rows_in, c.rejected);
            });
            progress.finish();
            std::string q = quarantine_csv_header();
            append_quarantine_csv(q, r.rejected);
            write_file_atomically(dir / "quarantine.csv", q);
            std::cout << fmt::format("sample     {} shipments of 3 customers, June 2020 – July 2021 ({})\n", o->rows,
                                     shipments.string());
            std::cout << fmt::format("ledger     {} accepted, {} rejected with reasons ({}); reconciles: {}\n",
                                     r.counts.accepted, r.counts.rejected, (dir / "quarantine.csv").string(),
                                     r.counts.rows_in == r.counts.accepted + r.counts.rejected ? "yes" : "NO");
        }
        // 3. Per-shipment results.
        {
            shipment_reader reader = open_shipments(shipments.string(), *in.compiled, in, false);
            compute_options co;
            co.results = dir / "results.csv";
            co.quarantine = dir / "results.quarantine.csv";
            progress_line progress("demo: compute", progress_line::file_size(shipments.string()),
                                   progress_line::wanted(false, false));
            co.progress = [&progress, &reader](std::uint64_t rows, std::uint64_t rejected) {
                progress.update(reader.counts().bytes, rows, rejected);
            };
            auto r = compute_shipments(*in.compiled, reader, co);
            progress.finish();
            std::cout << fmt::format("results    {} shipments computed in {:.2f} s ({})\n", r.accepted(), r.seconds,
                                     co.results.string());
        }
        // 4. One statement per customer for the whole period, from the ledger.
        shipment_reader reader = open_shipments(ledger_path.string(), *in.compiled, in, true);
        statement_request req;
        req.from_day = days_from_civil(2020, 6, 1);
        req.to_day = days_from_civil(2021, 7, 31);
        statement_context ctx;
        ctx.factor_sets = in.factor_set_infos();
        progress_line progress("demo: statements", 0, progress_line::wanted(false, false));  // a ledger: no size
        req.progress = [&progress](const ingest_counts& c) { progress.update(c.bytes, c.rows_in, c.rejected); };
        auto docs = build_statements(*in.compiled, reader, ctx, req);
        progress.finish();
        const statement_render_options render = render_options(in, ledger_path.string(), {});
        std::cout << fmt::format("\n{:<22} {:>10} {:>14} {:>14} {:>14} {:>10} {:>12}\n", "customer", "shipments",
                                 "BE t CO2e", "PE t CO2e", "ER t CO2e", "issuable t", "implausible");
        std::int64_t total_er = 0;
        for (const auto& d : docs) {
            std::vector<std::string> formats{"json", "html", "md", "csv"};
            if (o->pdf) formats.emplace_back("pdf");
            write_statement(d, dir / "statements" / (safe_file_name(d.customer) + ".json"), formats, o->lang, render);
            auto j = nlohmann::json::parse(d.json);
            std::int64_t er = j["totals_g"]["reduction"];
            total_er += er;
            std::cout << fmt::format("{:<22} {:>10} {:>14} {:>14} {:>14} {:>10} {:>12}\n", d.customer,
                                     j["shipments"].get<std::uint64_t>(), tonnes(j["totals_g"]["baseline"]),
                                     tonnes(j["totals_g"]["project"]), tonnes(er), j["issuable_t"].get<std::int64_t>(),
                                     j["plausibility"]["implausible_shipments"].get<std::uint64_t>());
        }
        std::cout << fmt::format("{:<22} {:>10} {:>14} {:>14} {:>14}\n", "all customers", "", "", "", tonnes(total_er));
        std::cout << fmt::format("\nstatements in {} (JSON of record, HTML, Markdown, CSV{}); check one with:\n"
                                 "  footprint verify {} --shipments {}\n",
                                 (dir / "statements").string(), o->pdf ? ", PDF" : "",
                                 (dir / "statements" / (safe_file_name(docs.front().customer) + ".json")).string(),
                                 ledger_path.string());
        exit_code = exit_ok;
    });
}

}  // namespace footprint::cli
