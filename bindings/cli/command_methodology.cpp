// `footprint methodology list | check [FILE|ID...] | show ID|FILE`: the bundled
// methodologies, their checks against the bundled data, and their documents.

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "json_output.hpp"
#include "footprint/core/atomic_file.hpp"
#include "footprint/products/catalog.hpp"
#include "footprint/factors/factor_library.hpp"
#include "footprint/methodology/methodology.hpp"
#include "footprint/render/methodology_document.hpp"
#include "footprint/plan/plan.hpp"

namespace footprint::cli {

std::filesystem::path methodology_dir(const data_options& d) { return d.methodologies(); }

/// A bundled methodology by id, or a methodology file by path. `compute` and
/// `statement` use it too (they declare it themselves).
methodology find_methodology(const data_options& d, const std::string& id_or_file) {
    return footprint::find_methodology(methodology_dir(d), id_or_file);
}

void register_methodology(CLI::App& app, int& exit_code) {
    CLI::App* cmd = app.add_subcommand("methodology", "List, check and show methodologies");
    cmd->require_subcommand(1);

    struct list_options {
        data_options data;
        bool json = false;
    };
    auto lo = std::make_shared<list_options>();
    CLI::App* list = cmd->add_subcommand("list", "The bundled methodologies with version and digest");
    lo->data.add_to(*list);
    list->add_flag("--json", lo->json, "JSON (format footprint-methodology-list/1) instead of a table");
    list->callback([lo, &exit_code] {
        nlohmann::json all = nlohmann::json::array();
        for (const auto& m : load_methodology_directory(methodology_dir(lo->data)))
            all.push_back({{"id", m.id}, {"version", m.version}, {"digest", m.digest}, {"title", m.title.en}});
        if (lo->json) {
            print_json({{"format", "footprint-methodology-list/1"}, {"methodologies", std::move(all)}});
            exit_code = exit_ok;
            return;
        }
        for (const auto& m : load_methodology_directory(methodology_dir(lo->data)))
            std::cout << fmt::format("{:<32} {:<8} {}  {}\n", m.id, m.version, m.digest.substr(0, 16), m.title.en);
        exit_code = exit_ok;
    });

    struct check_options {
        data_options data;
        std::vector<std::string> files;
        bool json = false;
    };
    auto co = std::make_shared<check_options>();
    CLI::App* check = cmd->add_subcommand(
        "check", "Load, bind and check methodologies (all bundled ones when no file is named)");
    check->add_option("file", co->files, "Methodology files or bundled ids");
    check->add_flag("--json", co->json, "Print the findings as JSON (format footprint-methodology-check/1) instead of text");
    co->data.add_to(*check);
    check->callback([co, &exit_code] {
        auto factors = std::make_shared<factor_library>(load_factor_directory(co->data.factors()));
        auto products = std::make_shared<catalog>(load_catalog_directory(co->data.catalog(), factors.get()));
        std::vector<std::string> targets = co->files;
        if (targets.empty())
            for (const auto& m : load_methodology_directory(methodology_dir(co->data))) targets.push_back(m.id);
        std::vector<diagnostic> problems;
        nlohmann::json checked = nlohmann::json::array();
        for (const auto& t : targets) {
            try {
                methodology m = find_methodology(co->data, t);
                plan p = plan::bind(m, plan_options{factors, products, &gwp_ar6, {}});
                checked.push_back({{"target", t}, {"ok", true}, {"id", m.id}, {"version", m.version}, {"digest", m.digest},
                                   {"equations", m.equations.size()}, {"instructions", p.program_size()},
                                   {"problems", nlohmann::json::array()}});
                if (!co->json)
                    std::cout << fmt::format("ok   {} {} ({} equations, {} instructions per batch after folding, digest {})\n",
                                         m.id, m.version, m.equations.size(), p.program_size(), m.digest);
            } catch (const error& e) {
                nlohmann::json found = nlohmann::json::array();
                for (const auto& d : e.problems()) found.push_back(diagnostic_json(d));
                checked.push_back({{"target", t}, {"ok", false}, {"id", nullptr}, {"version", nullptr}, {"digest", nullptr},
                                   {"equations", nullptr}, {"instructions", nullptr}, {"problems", std::move(found)}});
                if (!co->json) std::cout << fmt::format("FAIL {}\n", t);
                problems.insert(problems.end(), e.problems().begin(), e.problems().end());
            }
        }
        if (co->json) {
            print_json({{"format", "footprint-methodology-check/1"}, {"ok", problems.empty()}, {"methodologies", checked}});
            exit_code = problems.empty() ? exit_ok : exit_data_error;
            return;
        }
        if (!problems.empty()) throw error(problems);
        exit_code = exit_ok;
    });

    struct show_options {
        data_options data;
        std::string target;
        std::string format = "md";
        std::string lang = "en";
        std::string output;
    };
    auto so = std::make_shared<show_options>();
    CLI::App* show = cmd->add_subcommand(
        "show", "The methodology as a readable document (sections as CDM/CCER methodologies are published)");
    show->add_option("methodology", so->target, "A bundled methodology id or a .yaml file")->required();
    show->add_option("--format", so->format, "md (CommonMark with tables) or html (one self-contained page)")
        ->check(CLI::IsMember({"md", "html"}))
        ->capture_default_str();
    show->add_option("--lang", so->lang, "Language of headings and texts: en, or zh (Chinese texts where the file gives them)")
        ->check(CLI::IsMember({"en", "zh"}))
        ->capture_default_str();
    show->add_option("-o,--output", so->output, "Write to FILE (atomically) instead of standard output");
    so->data.add_to(*show);
    show->callback([so, &exit_code] {
        methodology m = find_methodology(so->data, so->target);
        std::string doc = render_methodology_document(m, parse_document_format(so->format),
                                                      parse_document_language(so->lang));
        if (so->output.empty())
            std::cout << doc;
        else
            write_file_atomically(so->output, doc);
        exit_code = exit_ok;
    });
}

}  // namespace footprint::cli
