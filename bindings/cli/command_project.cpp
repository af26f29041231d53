// `footprint project check | monitoring-report | estimate`: a CCER project's documents
// (docs/ccer-project.md).

#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "json_output.hpp"
#include "pdf_scratch.hpp"
#include "footprint/core/calendar.hpp"
#include "footprint/core/output_set.hpp"
#include "footprint/project/estimate.hpp"
#include "footprint/project/estimate_uncertainty.hpp"
#include "footprint/project/monitoring_render.hpp"
#include "footprint/project/monitoring_report.hpp"
#include "footprint/project/project_file.hpp"
#include "footprint/render/statement_render.hpp"

namespace footprint::cli {
namespace {

/// What every project command reads: the project file, then the factor sets,
/// catalog and the methodology the project names, bound with the project's
/// parameters as scenario values.
struct project_options {
    std::string project, gwp;
    factor_set_options sets;
    data_options data;
    void add_to(CLI::App& cmd) {
        cmd.add_option("--project,-p", project, "Project file (YAML, docs/ccer-project.md)")->required();
        cmd.add_option("--gwp", gwp, "GWP100 set: AR6, AR5 or AR4 (default: the factor set's default)")
            ->check(CLI::IsMember({"AR4", "AR5", "AR6"}));
        sets.add_to(cmd);
        data.add_to(cmd);
    }
};

struct opened_project {
    project_description project;
    plan_inputs in;
};

opened_project open_project(const project_options& o) {
    opened_project p{load_project_file(o.project), {}};
    input_request r = o.data.request();
    r.factor_set = o.sets.base();
    r.overlays.assign(o.sets.overlays.begin(), o.sets.overlays.end());
    r.methodology = p.project.methodology;
    r.origin = o.project;
    p.in = open_inputs_unbound(r);
    check_project(p.project, p.in.method, *p.in.products, *p.in.regions).throw_if_any();
    bind_plan(p.in, o.gwp, p.project.parameters, o.project);
    return p;
}

/// The PDF of a monitoring report as bytes, to join the other files of the command's output_set.
std::string pdf_bytes(const std::string& json, document_language lang) {
    return pdf_bytes_via_scratch([&](const std::filesystem::path& pdf) { render_monitoring_report_pdf(json, lang, pdf); });
}

void register_verify(CLI::App& project_cmd, int& exit_code);

void register_check(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<project_options>();
    CLI::App* project = app.add_subcommand("project", "A CCER project file: check it against its methodology and catalog");
    project->require_subcommand(1);
    CLI::App* check = project->add_subcommand("check", "Read a project file and check it; every problem is listed");
    o->add_to(*check);
    auto json = std::make_shared<bool>(false);
    check->add_flag("--json", *json, "Print the project read as JSON (format footprint-project-check/1) instead of text");
    check->callback([o, json, &exit_code] {
        opened_project p = open_project(*o);
        if (*json) {
            std::int64_t pooled = 0;
            for (const auto& c : p.project.customers) pooled += c.pool_size;
            print_json({{"format", "footprint-project-check/1"}, {"ok", true}, {"project_file", o->project},
                        {"id", p.project.id}, {"methodology", p.project.methodology},
                        {"customers", p.project.customers.size()}, {"pooled_units", pooled},
                        {"crediting_period", {{"from", format_iso_date(p.project.start_day)},
                                              {"to", format_iso_date(p.project.end_day())}}}});
            exit_code = exit_ok;
            return;
        }
        std::cout << fmt::format("{}: project {} applies {} ({} customers, {} pooled units); crediting period {} .. {}\n",
                                 o->project, p.project.id, p.project.methodology, p.project.customers.size(),
                                 [&] {
                                     std::int64_t n = 0;
                                     for (const auto& c : p.project.customers) n += c.pool_size;
                                     return n;
                                 }(),
                                 format_iso_date(p.project.start_day), format_iso_date(p.project.end_day()));
        exit_code = exit_ok;
    });
    register_verify(*project, exit_code);
}

void register_verify(CLI::App& project_cmd, int& exit_code) {
    struct options {
        project_options project;
        std::string report, shipments;
        bool json = false;
    };
    auto o = std::make_shared<options>();
    CLI::App* cmd = project_cmd.add_subcommand(
        "verify", "Rebuild a monitoring report from its project file and shipments and compare, field by field");
    cmd->add_option("report", o->report, "monitoring-report.json")->required();
    o->project.add_to(*cmd);
    cmd->add_option("--shipments,-s", o->shipments, "The ledger (or CSV) the report was built from")->required();
    cmd->add_flag("--json", o->json, "Print the findings as JSON (format footprint-project-verify/1) instead of text");
    cmd->callback([o, &exit_code] {
        std::ifstream in(o->report, std::ios::binary);
        if (!in)
            throw error("footprint.io.read", source_location{o->report, 0, 0, {}, {}}, "cannot open file",
                        "a monitoring-report.json");
        std::ostringstream text;
        text << in.rdbuf();
        const monitoring_request req = monitoring_request_of(text.str(), o->shipments);
        opened_project p = open_project(o->project);
        const report_verification v =
            compare_monitoring_reports(text.str(), build_monitoring_report(p.project, p.in, req).json);
        if (o->json) {
            const nlohmann::json diff = v.first_difference.empty()
                                            ? nlohmann::json(nullptr)
                                            : nlohmann::json{{"field", v.first_difference}, {"report", v.expected}, {"rebuilt", v.found}};
            print_json({{"format", "footprint-project-verify/1"}, {"ok", v.identical}, {"report", o->report},
                        {"shipments", o->shipments}, {"identical", v.identical},
                        {"report_digest", {{"recorded", v.recorded_digest}, {"computed", v.computed_digest}, {"sealed", v.digest_ok}}},
                        {"first_difference", diff}});
            exit_code = v.identical ? exit_ok : exit_data_error;
            return;
        }
        if (v.identical) {
            std::cout << fmt::format("OK   {} is identical to the report rebuilt from {}\n     digest {}\n", o->report,
                                     o->shipments, v.recorded_digest);
            exit_code = exit_ok;
            return;
        }
        std::cout << "FAIL " << o->report << "\n";
        if (!v.digest_ok)
            std::cout << fmt::format("  [footprint.verify.digest] the report was changed after it was made: recorded "
                                     "digest {}, its content hashes to {}\n",
                                     v.recorded_digest, v.computed_digest);
        if (!v.first_difference.empty())
            std::cout << fmt::format("  [footprint.verify.difference] first differing field {}: report has {}, rebuilt "
                                     "from the inputs {}\n",
                                     v.first_difference, v.expected, v.found);
        exit_code = exit_data_error;
    });
}

void register_monitoring_report(CLI::App& app, int& exit_code) {
    struct options {
        project_options project;
        std::string shipments, from, to, output, lang = "en";
        std::vector<std::string> formats{"json", "md", "html"};
        bool json = false;
    };
    auto o = std::make_shared<options>();
    CLI::App* cmd = app.add_subcommand(
        "monitoring-report",
        "Monitoring report of a CCER project for a period: monitored parameters, QA/QC, BE/PE/LE/ER per customer "
        "linked to its statement (canonical JSON + Markdown, HTML, PDF)");
    o->project.add_to(*cmd);
    cmd->add_option("--shipments,-s", o->shipments, "The shipment ledger (.sqlite) or a shipments CSV")->required();
    cmd->add_option("--from", o->from, "First day of the monitoring period, YYYY-MM-DD (inclusive)")->required();
    cmd->add_option("--to", o->to, "Last day, YYYY-MM-DD (inclusive)")->required();
    cmd->add_option("-o,--output", o->output,
                    "Folder: monitoring-report.json (of record), .md, .html, .pdf, and statements/<digest>.json")
        ->required();
    cmd->add_option("--format", o->formats, "Formats besides the JSON, comma-separated: md html pdf")
        ->delimiter(',')
        ->check(CLI::IsMember({"json", "md", "html", "pdf"}))
        ->capture_default_str();
    cmd->add_option("--lang", o->lang, "Language of the renderings: en or zh")
        ->check(CLI::IsMember({"en", "zh"}))
        ->capture_default_str();
    cmd->add_flag("--json", o->json, "Print what was written as JSON (format footprint-monitoring-report-run/1) instead of text");
    cmd->callback([o, &exit_code] {
        const bool pdf = std::find(o->formats.begin(), o->formats.end(), "pdf") != o->formats.end();
        if (pdf) (void)require_chromium("<command line>");
        monitoring_request req;
        req.shipments = o->shipments;
        req.from_day = parse_day(o->from, "--from");
        req.to_day = parse_day(o->to, "--to");
        opened_project p = open_project(o->project);
        const monitoring_report_document doc = build_monitoring_report(p.project, p.in, req);
        const document_language lang = parse_document_language(o->lang);
        const std::filesystem::path dir = o->output;
        create_output_folder(dir / "statements");
        output_set outputs;
        std::vector<std::string> written;
        auto add = [&](const std::filesystem::path& path, const std::string& content, const std::string& what) {
            outputs.add_complete(path, content, what);
            written.push_back(path.string());
        };
        if (pdf) add(dir / "monitoring-report.pdf", pdf_bytes(doc.json, lang), "report (pdf)");
        add(dir / "monitoring-report.json", doc.json, "report (json)");
        for (const auto& f : o->formats)
            if (f == "md" || f == "html")
                add(dir / ("monitoring-report." + f),
                    render_monitoring_report(doc.json, f == "md" ? document_format::markdown : document_format::html, lang),
                    "report (" + f + ")");
        for (const auto& s : doc.statements)
            add(dir / "statements" / (s.digest + ".json"), s.json, "statement of customer " + s.customer);
        outputs.commit();
        if (o->json) {
            nlohmann::json linked = nlohmann::json::array();
            for (const auto& s : doc.statements) linked.push_back({{"customer", s.customer}, {"statement_digest", s.digest}});
            print_json({{"format", "footprint-monitoring-report-run/1"}, {"project", p.project.id},
                        {"period", {{"from", o->from}, {"to", o->to}}}, {"report_digest", doc.digest},
                        {"statements", std::move(linked)}, {"files", written}});
            exit_code = exit_ok;
            return;
        }
        std::cout << fmt::format("monitoring report {} ({} .. {}), digest {}\n{} statements linked; files:\n", p.project.id,
                                 o->from, o->to, doc.digest, doc.statements.size());
        for (const auto& w : written) std::cout << "  " << w << "\n";
        exit_code = exit_ok;
    });
}

void register_estimate(CLI::App& app, int& exit_code) {
    struct options {
        project_options project;
        std::string output, compare, lang = "en";
        std::vector<std::string> formats{"json", "md", "html"};
        bool json = false;
        std::size_t uncertainty = 0;  ///< iterations of the Monte Carlo; 0: none
        uncertainty::uncertainty_section_options mc;
    };
    auto o = std::make_shared<options>();
    CLI::App* cmd = app.add_subcommand(
        "estimate", "Ex-ante estimate of a CCER project: BE, PE, LE, ER per year of the crediting period, with the "
                    "assumptions and their sources (canonical JSON + Markdown, HTML)");
    o->project.add_to(*cmd);
    cmd->add_option("-o,--output", o->output, "Folder: estimate.json (of record), .md, .html; estimate-comparison.json")
        ->required();
    cmd->add_option("--compare", o->compare,
                    "A monitoring-report.json: set the estimate against it for the report's period");
    cmd->add_option("--format", o->formats, "Formats besides the JSON, comma-separated: md html")
        ->delimiter(',')
        ->check(CLI::IsMember({"json", "md", "html"}))
        ->capture_default_str();
    cmd->add_option("--lang", o->lang, "Language of the renderings: en or zh")
        ->check(CLI::IsMember({"en", "zh"}))
        ->capture_default_str();
    cmd->add_flag("--json", o->json, "Print what was written as JSON (format footprint-estimate-run/1) instead of text");
    cmd->add_option("--uncertainty", o->uncertainty,
                    "Monte Carlo iterations of the crediting period's total (writes estimate-uncertainty.json; "
                    "docs/uncertainty.md)");
    cmd->add_option("--seed", o->mc.seed, "Seed of the Monte Carlo (the same seed gives the same bytes)")
        ->capture_default_str();
    cmd->add_option("--quantile", o->mc.quantile, "Quantile of ER whose whole tonnes are reported (a low one is conservative)")
        ->capture_default_str();
    cmd->add_option("--threads", o->mc.threads, "Threads for the draws (changes no byte)")->capture_default_str();
    cmd->callback([o, &exit_code] {
        opened_project p = open_project(o->project);
        const std::string estimate = build_estimate(p.project, p.in);
        std::string estimate_uncertainty;
        if (o->uncertainty > 0) {
            uncertainty::uncertainty_section_options mc = o->mc;
            mc.iterations = o->uncertainty;
            estimate_uncertainty = estimate_uncertainty_json(
                p.project, *p.in.compiled, nlohmann::json::parse(estimate).at("estimate_digest").get<std::string>(), mc);
        }
        std::string comparison;
        if (!o->compare.empty()) {
            std::ifstream in(o->compare, std::ios::binary);
            if (!in)
                throw error("footprint.io.read", source_location{o->compare, 0, 0, "--compare", {}}, "cannot open file",
                            "a monitoring-report.json");
            std::ostringstream text;
            text << in.rdbuf();
            comparison = compare_estimate(p.project, p.in, text.str());
        }
        const std::filesystem::path dir = o->output;
        create_output_folder(dir);
        output_set outputs;
        std::vector<std::string> written;
        auto add = [&](const std::filesystem::path& path, const std::string& content) {
            outputs.add_complete(path, content, path.filename().string());
            written.push_back(path.string());
        };
        add(dir / "estimate.json", estimate);
        if (!comparison.empty()) add(dir / "estimate-comparison.json", comparison);
        if (!estimate_uncertainty.empty()) add(dir / "estimate-uncertainty.json", estimate_uncertainty);
        const document_language lang = parse_document_language(o->lang);
        for (const auto& f : o->formats)
            if (f == "md" || f == "html")
                add(dir / ("estimate." + f), render_estimate(estimate, comparison,
                                                             f == "md" ? document_format::markdown : document_format::html,
                                                             lang));
        outputs.commit();
        if (o->json) {
            print_json({{"format", "footprint-estimate-run/1"}, {"project", p.project.id},
                        {"crediting_years", p.project.crediting_years},
                        {"start", format_iso_date(p.project.start_day)}, {"files", written}});
            exit_code = exit_ok;
            return;
        }
        std::cout << fmt::format("ex-ante estimate of {} ({} years from {}); files:\n", p.project.id,
                                 p.project.crediting_years, format_iso_date(p.project.start_day));
        for (const auto& w : written) std::cout << "  " << w << "\n";
        exit_code = exit_ok;
    });
}

}  // namespace

void register_project(CLI::App& app, int& exit_code) {
    register_check(app, exit_code);
    register_monitoring_report(app, exit_code);
    register_estimate(app, exit_code);
}

}  // namespace footprint::cli
