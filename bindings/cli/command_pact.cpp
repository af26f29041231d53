// PACT interchange on the command line: `footprint cfp PRODUCT --pact [FILE|-]`
// (the options live here so that command_cfp.cpp only hands over its results)
// and `footprint factors import-pact FILE --activity A --into OVERLAY.yaml`.

#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "commands.hpp"
#include "footprint/core/atomic_file.hpp"
#include "footprint/interchange/pact_export.hpp"
#include "footprint/interchange/pact_import.hpp"

namespace footprint::cli {

namespace {

/// A file's bytes, or standard input's for "-". Throws `footprint.io.read`.
std::string read_input(const std::string& path) {
    if (path == "-") return std::string(std::istreambuf_iterator<char>(std::cin), {});
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw error("footprint.io.read", source_location{path, 0, 0, {}, {}}, "cannot open the file",
                    "a readable PACT JSON file");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

void pact_cli_options::add_to(CLI::App& cmd) {
    pact_option = cmd.add_option("--pact", file,
                                 "Write a WBCSD PACT 3.0 ProductFootprint (JSON) per product to FILE, or to "
                                 "standard output when FILE is - or left out")
                      ->expected(0, 1);
    cmd.add_option("--pact-company", company, "PACT: the data owner's name (companyName)")->needs(pact_option);
    cmd.add_option("--pact-company-id", company_ids, "PACT: a URN identifying the data owner (companyIds), repeatable")
        ->needs(pact_option);
    cmd.add_option("--pact-exempted-percent", exempted_percent,
                   "PACT: percentage of emissions left out by the catalog's exclusions, as the data owner estimates "
                   "it (required for a product with exclusions)")
        ->needs(pact_option);
    cmd.add_option("--pact-created", created, "PACT: the document's creation time (RFC 3339; default now)")
        ->needs(pact_option);
}

bool pact_cli_options::requested() const { return pact_option != nullptr && pact_option->count() > 0; }

void write_pact(const pact_cli_options& o, const std::vector<product_footprint>& results,
                const factor_library& factors, const cfp_options& options) {
    pact_export_options p;
    p.company_name = o.company;
    p.company_ids = o.company_ids;
    p.exempted_percent = o.exempted_percent;
    p.created = o.created;
    const std::string out = results.size() == 1 ? render_pact_product_footprint(results.front(), factors, options, p)
                                                : render_pact_product_footprints(results, factors, options, p);
    write_file_atomically(o.file.empty() ? std::string("-") : o.file, out);
}

void register_import_pact(CLI::App& factors, int& exit_code) {
    struct options {
        std::string file, into, activity, region;
        factor_set_options sets;
    };
    auto o = std::make_shared<options>();
    CLI::App* cmd = factors.add_subcommand(
        "import-pact",
        "Make a supplier's PACT ProductFootprint(s) into factors (per declared unit) in a factor YAML file for an "
        "overlay set");
    cmd->add_option("file", o->file, "PACT JSON: one ProductFootprint, an array, or a list response; - for standard input")
        ->required();
    cmd->add_option("--into", o->into, "The factor YAML file to write (- for standard output), e.g. supplier/acme.yaml")
        ->required();
    cmd->add_option("--activity", o->activity, "The activity the product stands for in catalog items, e.g. material.steel")
        ->required();
    cmd->add_option("--region", o->region, "The factor's region (default: the footprint's geographyCountry, else GLO)");
    o->sets.add_to(*cmd);
    cmd->callback([o, &exit_code] {
        const factor_stack base = o->sets.load();
        pact_import_options p;
        p.activity = o->activity;
        p.region = o->region;
        p.known_regions = &base.library.regions();
        const std::string name = o->file == "-" ? std::string("<stdin>") : o->file;
        const pact_import_result r = import_pact_footprints(read_input(o->file), name, p);
        write_file_atomically(o->into, r.yaml);
        if (o->into != "-") {
            for (const auto& id : r.factor_ids) std::cout << "factor " << id << "\n";
            std::cout << "wrote  " << o->into << " (build an overlay set: footprint factors build DIR -o SET.sqlite)\n";
        }
        exit_code = exit_ok;
    });
}

}  // namespace footprint::cli
