#pragma once
// The `footprint` command: one registration function per sub-command.

#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>

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

}  // namespace footprint::cli
