// footprint: product carbon footprints and emission reductions for packaging.

#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "usage.hpp"
#include "footprint/core/calendar.hpp"
#include "footprint/core/data_paths.hpp"
#include "footprint/core/error.hpp"
#include "footprint/core/version.hpp"

namespace footprint::cli {

input_request data_options::request() const {
    input_request r;
    r.data = data_dir;
    r.catalog = catalog_dir;
    r.origin = "<command line>";
    return r;
}
std::filesystem::path data_options::data() const { return resolve_input_paths(request()).data; }
std::filesystem::path data_options::factors() const {
    return factors_dir.empty() ? resolve_input_paths(request()).factor_sources : std::filesystem::path(factors_dir);
}

/// One reading of a command-line day for statement, project and uncertainty alike.
std::int32_t parse_day(const std::string& text, const char* option) {
    auto d = parse_iso_date(text);
    if (!d)
        throw error("footprint.cli.date", source_location{"<command line>", 0, 0, option, {}}, "not a date",
                    "an ISO 8601 date YYYY-MM-DD", text);
    return *d;
}

std::filesystem::path data_options::catalog() const { return resolve_input_paths(request()).catalog; }
std::filesystem::path data_options::methodologies() const { return resolve_input_paths(request()).methodologies; }
void data_options::add_to(CLI::App& app) {
    app.add_option("--data", data_dir, "Data root holding factors/ and methodologies/ (default: $FOOTPRINT_DATA_DIR or the installed data)");
    app.add_option("--factors-dir", factors_dir, "Directory of factor YAML files (default: <data>/factors)");
    app.add_option("--catalog", catalog_dir, "Directory of catalog YAML files (default: <data>/methodologies/catalog)");
}

}  // namespace footprint::cli

int main(int argc, char** argv) {
    CLI::App app{"footprint: product carbon footprints (ISO 14067) and emission reductions for reusable packaging"};
    app.set_version_flag("--version", std::string("footprint ") + footprint::version);
    app.require_subcommand(1);
    int exit_code = footprint::cli::exit_ok;
    footprint::cli::register_cfp(app, exit_code);
    footprint::cli::register_factors(app, exit_code);
    footprint::cli::register_methodology(app, exit_code);
    footprint::cli::register_compute(app, exit_code);
    footprint::cli::register_sample(app, exit_code);
    footprint::cli::register_statement(app, exit_code);
    footprint::cli::register_demo(app, exit_code);
    footprint::cli::register_sign(app, exit_code);
    footprint::cli::register_issuance_register(app, exit_code);
    footprint::cli::register_project(app, exit_code);
    footprint::cli::register_uncertainty(app, exit_code);
    footprint::cli::register_help(app, exit_code);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version exit 0; any other usage error exits 2, an unknown option or command with its nearest spelling.
        return footprint::cli::report_parse_error(app, e);
    } catch (const footprint::error& e) {
        std::cerr << e.what() << "\n";
        std::cerr << fmt::format("footprint: {} problem{} found; nothing was written\n", e.problems().size(),
                                 e.problems().size() == 1 ? "" : "s");
        return footprint::cli::exit_data_error;
    } catch (const std::exception& e) {
        std::cerr << "footprint: error [footprint.internal] " << e.what() << "\n";
        return footprint::cli::exit_data_error;
    }
    return exit_code;
}
