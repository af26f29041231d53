// `footprint compute`: per-shipment reductions from a CSV of shipments.

#include <fmt/format.h>

#include <iostream>
#include <sstream>
#include <memory>

#include "commands.hpp"
#include "json_output.hpp"
#include "progress_line.hpp"
#include "footprint/products/catalog.hpp"
#include "footprint/compute/engine.hpp"
#include "footprint/core/number_text.hpp"
#include "footprint/ingest/ledger.hpp"
#include "footprint/methodology/methodology.hpp"
#include "footprint/plan/plan.hpp"
#include "footprint/ingest/sample_data.hpp"

namespace footprint::cli {

namespace {

std::string tonnes(std::int64_t grams) {
    const bool neg = grams < 0;
    std::uint64_t a = neg ? static_cast<std::uint64_t>(-(grams + 1)) + 1 : static_cast<std::uint64_t>(grams);
    return fmt::format("{}{}.{:06}", neg ? "-" : "", a / 1000000, a % 1000000);
}

}  // namespace

plan_inputs bind_inputs(const bound_options& o) {
    input_request r = o.data.request();
    r.factor_set = o.sets.base();
    r.overlays.assign(o.sets.overlays.begin(), o.sets.overlays.end());
    r.methodology = o.methodology;
    plan_inputs in = open_inputs_unbound(r);
    // The whole value must be a finite number: a stream would read "0.5abc" as 0.5.
    // Every bad --set is reported, not only the first.
    std::map<std::string, double> overrides;
    diagnostics problems;
    for (const auto& kv : o.overrides) {
        const auto eq = kv.find('=');
        const auto v = eq == std::string::npos ? std::nullopt : parse_number_text(std::string_view(kv).substr(eq + 1));
        if (eq == std::string::npos || eq == 0 || !v)
            problems.add("footprint.cli.override", source_location{"<command line>", 0, 0, "--set", {}},
                         "not NAME=VALUE with a finite number as VALUE",
                         "e.g. --set loss_rate=0.15 (a decimal number, optionally with an exponent)", kv);
        else
            overrides[kv.substr(0, eq)] = *v;
    }
    problems.throw_if_any();
    bind_plan(in, o.gwp, overrides, r.origin);
    return in;
}

void bound_options::add_to(CLI::App& cmd) {
    cmd.add_option("--methodology,-m", methodology, "Methodology id (bundled) or .yaml file")->required();
    cmd.add_option("--gwp", gwp, "GWP100 set: AR6, AR5 or AR4 (default: the factor set's default)")
        ->check(CLI::IsMember({"AR4", "AR5", "AR6"}));
    cmd.add_option("--set", overrides, "Scenario: override a fixed parameter, NAME=VALUE in its declared unit");
    sets.add_to(cmd);
    data.add_to(cmd);
}

void register_compute(CLI::App& app, int& exit_code) {
    struct options {
        bound_options bound;
        std::string shipments;
        std::string output;
        std::string quarantine;
        bool quiet = false;
        bool json = false;
    };
    auto o = std::make_shared<options>();
    CLI::App* cmd = app.add_subcommand("compute", "Per-shipment BE, PE, LE and ER from shipments (CSV)");
    o->bound.add_to(*cmd);
    cmd->add_option("--shipments,-s", o->shipments, "Shipments CSV")->required();
    cmd->add_option("-o,--output", o->output, "Per-shipment results, .csv, .json or .xlsx (with the quarantine and a summary), or - for standard output (CSV)")->required();
    cmd->add_option("--quarantine", o->quarantine, "Rejected rows (default: beside the output, NAME.quarantine.csv; quarantine.csv when -o is -)")
        ->check([](const std::string& q) {  // with -o NAME.xlsx the rows are also on the workbook's quarantine sheet
            return std::filesystem::path(q).extension() == ".xlsx" ? std::string("the quarantine file is CSV, not .xlsx")
                                                                   : std::string();
        });
    cmd->add_flag("--quiet,-q", o->quiet, "No summary on stdout");
    cmd->add_flag("--json", o->json, "Print the summary as JSON (format footprint-compute/1) instead of text");
    cmd->callback([o, &exit_code] {
        if (o->json && o->output == "-")
            throw CLI::ValidationError("compute", "--json prints to standard output, which -o - already uses");
        plan_inputs in = bind_inputs(o->bound);
        shipment_reader reader = open_shipments(o->shipments, *in.compiled, in, false);
        compute_options co;
        co.results = o->output;
        co.quarantine = o->quarantine;
        // A percentage of a CSV file's bytes; a ledger's rows have no such total.
        const std::uint64_t size = is_ledger_file(o->shipments) ? 0 : progress_line::file_size(o->shipments);
        progress_line progress("compute", size, progress_line::wanted(o->json, o->output == "-"));
        co.progress = [&progress, &reader](std::uint64_t rows, std::uint64_t rejected) {
            progress.update(reader.counts().bytes, rows, rejected);
        };
        compute_report r = compute_shipments(*in.compiled, reader, co);
        progress.finish();
        if (o->json) {
            print_json(compute_json(in, o->shipments, r));
        } else if (!o->quiet) {
            // With the results on standard output, the summary goes to standard error.
            std::ostream& out = o->output == "-" ? std::cerr : std::cout;
            out << fmt::format("methodology  {} {} (digest {})\n", in.method.id, in.method.version,
                                     in.method.digest);
            const auto& base = in.factor_sets.front().info();
            out << fmt::format("factor set   {} {} (digest {})\n", base.name, base.version, base.digest);
            out << fmt::format("GWP          {}\n", in.compiled->options().gwp->name);
            out << fmt::format("rows in      {}\naccepted     {}\nrejected     {}  (quarantine: {})\n",
                                     r.rows_in(), r.accepted(), r.rejected(), r.quarantine.string());
            out << fmt::format("reconciles   {}\n", r.reconciles() ? "yes: in = accepted + rejected" : "NO");
            out << fmt::format("BE           {} t CO2e ({} g)\nPE           {} t CO2e ({} g)\n",
                                     tonnes(r.totals.baseline_g), r.totals.baseline_g, tonnes(r.totals.project_g),
                                     r.totals.project_g);
            out << fmt::format("LE           {} t CO2e ({} g)\nER           {} t CO2e ({} g)\n",
                                     tonnes(r.totals.leakage_g), r.totals.leakage_g, tonnes(r.totals.reduction_g),
                                     r.totals.reduction_g);
            if (r.totals.implausible)
                out << fmt::format("implausible  {} shipments exceed the methodology's plausibility limit\n",
                                         r.totals.implausible);
            out << fmt::format("results      {}\ntime         {:.3f} s ({:.0f} rows/s)\n", r.results.string(),
                                     r.seconds, r.seconds > 0 ? static_cast<double>(r.rows_in()) / r.seconds : 0.0);
        }
        exit_code = r.reconciles() ? exit_ok : exit_data_error;
    });
}

}  // namespace footprint::cli

namespace footprint::cli {

void register_sample(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<sample_options>();
    auto out = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand("sample", "Write deterministic sample shipments (CSV) for the bundled methodology");
    cmd->add_option("--rows", o->rows, "Number of shipments")->capture_default_str();
    cmd->add_option("--seed", o->seed, "Random seed")->capture_default_str();
    cmd->add_flag("--defects", o->defects, "Seed one row of each kind of defect, and list them on stdout");
    cmd->add_option("-o,--output", *out, "CSV file to write")->required();
    cmd->callback([o, out, &exit_code] {
        auto defects = write_sample_shipments(*out, *o);
        for (const auto& d : defects) std::cout << fmt::format("line {}: {} ({})\n", d.line, d.error_id, d.description);
        exit_code = exit_ok;
    });
}

}  // namespace footprint::cli
