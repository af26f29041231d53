#pragma once
// Command-line manners: "did you mean" for a mistyped option or command, and
// `footprint help [COMMAND...]` (docs/cli.md, "Usage errors and help").
// Built on what CLI11 already parsed: the arguments it could not place are
// its `remaining()` list, the ones its ExtrasError would name.

#include <CLI/CLI.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace footprint::cli {

/// Exit status of a usage error (an unknown option or command, a missing or bad value).
inline constexpr int exit_usage = 2;

/// Damerau-Levenshtein distance (optimal string alignment: insertions,
/// deletions, substitutions and swaps of two neighbours, each costing 1).
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate nearest to `typed`, if it is near enough to be a typo: at a
/// distance of at most 2, or at most a third of `typed`'s length when that is
/// more; ties go to the first candidate.
[[nodiscard]] std::optional<std::string> nearest(std::string_view typed, const std::vector<std::string>& candidates);

/// Reports a usage error from `app.parse`: an argument CLI11 could not place
/// (an unknown option, an unknown command) is named with its nearest valid
/// spelling, before whatever CLI11 complained about (an unknown `--shipmnts`
/// is why `--shipments` is missing). Returns the exit status: 0 for --help
/// and --version, else 2.
[[nodiscard]] int report_parse_error(CLI::App& app, const CLI::ParseError& e);

/// `footprint help [COMMAND [SUBCOMMAND]]`: the usage of the tool or of a command
/// on standard output, exit 0; an unknown command is a usage error (exit 2).
void register_help(CLI::App& app, int& exit_code);

}  // namespace footprint::cli
