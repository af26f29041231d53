// `footprint cfp`: the ISO 14067 footprint of catalog products, as a stage
// table, JSON, or a CFP study report (--report).

#include <iostream>
#include <memory>

#include "cfp_uncertainty.hpp"
#include "commands.hpp"
#include "footprint/core/atomic_file.hpp"
#include "footprint/products/catalog.hpp"
#include "footprint/products/cfp.hpp"
#include "footprint/products/cfp_report.hpp"
#include "footprint/render/cfp_study.hpp"
#include "footprint/factors/factor_library.hpp"

namespace footprint::cli {

void register_cfp(CLI::App& app, int& exit_code) {
    struct options {
        data_options data;
        std::vector<std::string> products;
        bool all = false;
        bool json = false;
        int year = 2023;
        std::string region = "CN";
        std::string gwp = "AR6";
        bool report = false;
        std::string format = "md";
        std::string lang = "en";
        std::string output;
        factor_set_options sets;
        pact_cli_options pact;
        cfp_uncertainty_options uncertainty;
    };
    auto o = std::make_shared<options>();
    CLI::App* cmd = app.add_subcommand("cfp", "Carbon footprint of packaging products, stage by stage (ISO 14067)");
    cmd->add_option("product", o->products, "Catalog product id(s), e.g. steel-drum-208l");
    cmd->add_flag("--all", o->all, "Every product in the catalog");
    cmd->add_flag("--json", o->json, "JSON instead of a table");
    cmd->add_option("--year", o->year, "Activity year used to choose factors")->capture_default_str();
    cmd->add_option("--region", o->region, "Default region for items that name none")->capture_default_str();
    cmd->add_option("--gwp", o->gwp, "GWP100 set: AR6, AR5 or AR4")
        ->check(CLI::IsMember({"AR4", "AR5", "AR6"}))
        ->capture_default_str();
    CLI::Option* report = cmd->add_flag(
        "--report", o->report,
        "A CFP study report (ISO 14067 7.3: units, boundary, cut-offs, allocation, data quality, GWP, "
        "assumptions, sensitivity, limitations) for one product");
    cmd->add_option("--format", o->format, "Report format: md or html")
        ->check(CLI::IsMember({"md", "html"}))
        ->capture_default_str()
        ->needs(report);
    cmd->add_option("--lang", o->lang, "Report language: en or zh")
        ->check(CLI::IsMember({"en", "zh"}))
        ->capture_default_str()
        ->needs(report);
    cmd->add_option("-o,--output", o->output, "Write to FILE (atomically) instead of standard output");
    report->excludes("--json");
    o->pact.add_to(*cmd);
    o->pact.pact_option->excludes(report)->excludes("--json");
    o->uncertainty.add_to(*cmd);
    report->excludes(o->uncertainty.flag);
    o->data.add_to(*cmd);
    o->sets.add_to(*cmd);
    cmd->callback([o, &exit_code] {
        if (o->all == !o->products.empty())
            throw CLI::ValidationError("cfp", "name one or more products, or --all (not both)");
        if (o->report && (o->all || o->products.size() != 1))
            throw CLI::ValidationError("cfp", "--report takes exactly one product");
        // A factor set (the bundled one by default, --factors, --overlay), or the
        // reviewed YAML itself when --data or --factors-dir names a source tree.
        const bool from_yaml = o->sets.set.empty() && o->sets.overlays.empty() &&
                               (!o->data.data_dir.empty() || !o->data.factors_dir.empty());
        factor_library factors = from_yaml ? load_factor_directory(o->data.factors()) : o->sets.load().library;
        catalog cat = load_catalog_directory(o->data.catalog(), &factors);
        cfp_options opts;
        opts.year = o->year;
        opts.region = o->region;
        opts.gwp = find_gwp_set(o->gwp);

        std::vector<const packaging_product*> chosen;
        if (o->all) {
            for (const auto& [id, p] : cat.products()) chosen.push_back(&p);
        } else {
            diagnostics problems;
            for (const auto& id : o->products) {
                if (const auto* p = cat.find(id)) {
                    chosen.push_back(p);
                } else {
                    std::string known;
                    for (const auto& [pid, _] : cat.products()) known += (known.empty() ? "" : ", ") + pid;
                    problems.add("footprint.catalog.unknown-product", source_location{"<command line>", 0, 0, "product", {}},
                                 "no product with this id in " + o->data.catalog().string(), "one of: " + known, id);
                }
            }
            problems.throw_if_any();
        }
        std::vector<product_footprint> results;
        std::vector<diagnostic> problems;
        for (const auto* p : chosen) {
            try {
                results.push_back(compute_product_footprint(*p, factors, opts));
            } catch (const error& e) {
                problems.insert(problems.end(), e.problems().begin(), e.problems().end());
            }
        }
        if (!problems.empty()) throw error(problems);
        if (o->pact.requested()) {
            write_pact(o->pact, results, factors, opts);
            exit_code = exit_ok;
            return;
        }
        std::string out;
        if (o->uncertainty.requested()) {
            out = run_cfp_uncertainty(chosen, factors, opts, o->uncertainty, o->json);
        } else if (o->report) {
            cfp_study study = compute_cfp_study(*chosen.front(), factors, opts);
            out = render_cfp_study(study, factors, parse_document_format(o->format), parse_document_language(o->lang));
        } else if (o->json) {
            out = render_cfp_json(results, factors, opts, o->all);
        } else {
            for (std::size_t i = 0; i < results.size(); ++i) {
                if (i) out += "\n";
                out += render_cfp_table(results[i], factors, opts);
            }
        }
        if (o->output.empty())
            std::cout << out;
        else
            write_file_atomically(o->output, out);
        exit_code = exit_ok;
    });
}

}  // namespace footprint::cli
