#pragma once
// The `footprint` command: one registration function per sub-command.

#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "footprint/factor_set.hpp"

namespace footprint::cli {

/// Options every sub-command that reads bundled data shares.
struct data_options {
    std::string data_dir;     ///< --data: root holding factors/ and methodologies/
    std::string factors_dir;  ///< --factors-dir: overrides <data>/factors
    std::string catalog_dir;  ///< --catalog: overrides <data>/methodologies/catalog

    [[nodiscard]] std::filesystem::path data() const;
    [[nodiscard]] std::filesystem::path factors() const;
    [[nodiscard]] std::filesystem::path catalog() const;
    void add_to(CLI::App& app);
};

/// Exit codes: 0 success, 1 problems in the data or inputs, 2 usage.
inline constexpr int exit_ok = 0;
inline constexpr int exit_data_error = 1;

void register_cfp(CLI::App& app, int& exit_code);

/// `footprint methodology list | check | show`.
void register_methodology(CLI::App& app, int& exit_code);

/// A base factor set and the overlays stacked on it, opened and verified.
struct stacked_factors {
    std::vector<factor_set> sets;  ///< base first, then the overlays in precedence order
    factor_library library;        ///< the stack, as look-ups see it
};

/// --factors SET and --overlay SET (repeatable): which factor sets a command reads.
struct factor_set_options {
    std::string set;                    ///< --factors: default the bundled set
    std::vector<std::string> overlays;  ///< --overlay: the last one takes precedence

    [[nodiscard]] std::filesystem::path base() const;
    [[nodiscard]] stacked_factors load() const;
    void add_to(CLI::App& app);
};

/// `footprint factors build | check | list | show | search | lookup | diff`.
void register_factors(CLI::App& app, int& exit_code);

}  // namespace footprint::cli
