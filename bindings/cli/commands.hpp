#pragma once
// The `footprint` command: one registration function per sub-command.

#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "footprint/products/catalog.hpp"
#include "footprint/products/cfp.hpp"
#include "footprint/factors/factor_set.hpp"
#include "footprint/methodology/methodology.hpp"
#include "footprint/plan/inputs.hpp"
#include "footprint/plan/plan.hpp"
#include "footprint/ingest/shipments.hpp"

#include <memory>

namespace footprint::cli {

/// Options every sub-command that reads bundled data shares. Their defaults
/// are resolved by footprint/plan/inputs.hpp, as for every other caller.
struct data_options {
    std::string data_dir;     ///< --data: root holding factors/ and methodologies/
    std::string factors_dir;  ///< --factors-dir: overrides <data>/factors
    std::string catalog_dir;  ///< --catalog: overrides <data>/methodologies/catalog

    [[nodiscard]] std::filesystem::path data() const;
    [[nodiscard]] std::filesystem::path factors() const;
    [[nodiscard]] std::filesystem::path catalog() const;
    [[nodiscard]] std::filesystem::path methodologies() const;
    /// These options as a request to footprint/plan/inputs.hpp.
    [[nodiscard]] input_request request() const;
    void add_to(CLI::App& app);
};

/// Exit codes: 0 success, 1 problems in the data or inputs, 2 usage.
inline constexpr int exit_ok = 0;
inline constexpr int exit_data_error = 1;

void register_cfp(CLI::App& app, int& exit_code);

/// `footprint methodology list | check | show`.
void register_methodology(CLI::App& app, int& exit_code);

/// --factors SET and --overlay SET (repeatable): which factor sets a command reads.
struct factor_set_options {
    std::string set;                    ///< --factors: default the bundled set
    std::vector<std::string> overlays;  ///< --overlay: the last one takes precedence

    [[nodiscard]] std::filesystem::path base() const;
    /// Opens the base set and the overlays (footprint::open_factor_stack).
    [[nodiscard]] factor_stack load() const;
    void add_to(CLI::App& app);
};

/// What a computing command binds: factor sets, catalog, methodology, scenario overrides.
struct bound_options {
    std::string methodology;
    std::string gwp;
    std::vector<std::string> overrides;  ///< NAME=VALUE
    factor_set_options sets;
    data_options data;
    void add_to(CLI::App& cmd);
};

/// Opens the factor sets, loads the catalog and binds the methodology
/// (footprint::open_inputs_unbound, then the --set values, then footprint::bind_plan).
[[nodiscard]] plan_inputs bind_inputs(const bound_options& o);

/// `footprint compute`.
void register_compute(CLI::App& app, int& exit_code);

/// `footprint statement | verify | explain | ledger import`.
void register_statement(CLI::App& app, int& exit_code);

/// `footprint demo`: the main job on the bundled defaults.
void register_demo(CLI::App& app, int& exit_code);

/// A day given on the command line (YYYY-MM-DD) as days since 1970-01-01;
/// `footprint.cli.date` naming `option` when it is not a date.
[[nodiscard]] std::int32_t parse_day(const std::string& text, const char* option);

/// Opens shipments from a CSV file or a ledger (.sqlite, recognised by its content).
[[nodiscard]] shipment_reader open_shipments(const std::string& path, const plan& p, const plan_inputs& in,
                                             bool keep_canonical);

/// `footprint sample`: deterministic sample shipments.
void register_sample(CLI::App& app, int& exit_code);

/// `footprint factors build | check | list | show | search | lookup | diff`.
void register_factors(CLI::App& app, int& exit_code);

/// `footprint keys generate | fingerprint`, `footprint sign`, `footprint signatures verify`.
void register_sign(CLI::App& app, int& exit_code);

/// `footprint register add | list | show | export`: the issuance register.
void register_issuance_register(CLI::App& app, int& exit_code);

/// `footprint cfp --pact [FILE|-]` and its --pact-* options (command_pact.cpp).
struct pact_cli_options {
    CLI::Option* pact_option = nullptr;
    std::string file;                      ///< empty or "-": standard output
    std::string company;
    std::vector<std::string> company_ids;
    std::string exempted_percent;
    std::string created;
    void add_to(CLI::App& cmd);
    [[nodiscard]] bool requested() const;
};
/// Writes the PACT ProductFootprint(s) of `results` as `o` asks.
void write_pact(const pact_cli_options& o, const std::vector<product_footprint>& results,
                const factor_library& factors, const cfp_options& options);
/// `footprint factors import-pact`: supplier footprints as overlay factors.
void register_import_pact(CLI::App& factors, int& exit_code);
/// `footprint project check`, `footprint monitoring-report`, `footprint estimate` (command_project.cpp).
void register_project(CLI::App& app, int& exit_code);

/// `footprint uncertainty`: seeded Monte Carlo on one customer's statement.
void register_uncertainty(CLI::App& app, int& exit_code);

}  // namespace footprint::cli
