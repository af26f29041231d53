#pragma once
// The progress line of long commands (compute, ledger import, statement):
// percentage when the size of the input is known, rows per second and time
// left, redrawn at most five times a second on standard error, and cleared
// at the end. Shown only when standard error is a terminal and standard
// output carries no data (--json, or results on `-`): docs/cli.md, "Progress".

#include <chrono>
#include <cstdint>
#include <string>

namespace footprint::cli {

class progress_line {
public:
    /// Redraws are at least this far apart (five a second at most).
    static constexpr std::chrono::milliseconds min_interval{200};

    /// A line for `what` (the command's name), over an input of `total_bytes`
    /// (0: not known, no percentage or time left); drawn only when `shown`.
    progress_line(std::string what, std::uint64_t total_bytes, bool shown);
    ~progress_line();
    progress_line(const progress_line&) = delete;
    progress_line& operator=(const progress_line&) = delete;

    /// Whether a command shows one: standard error is a terminal, `json` is
    /// off and standard output does not carry the results (`output_to_stdout`).
    [[nodiscard]] static bool wanted(bool json, bool output_to_stdout);

    /// The size of `path` when it is a regular file, else 0 (standard input, a pipe).
    [[nodiscard]] static std::uint64_t file_size(const std::string& path);

    /// Where the command is: bytes of the input read, rows read, rows rejected.
    /// Draws the first time and then when min_interval has passed.
    void update(std::uint64_t bytes, std::uint64_t rows, std::uint64_t rejected);

    /// Clears the line (the destructor does it too).
    void finish();

private:
    std::string what_;
    std::uint64_t total_;
    bool shown_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace footprint::cli
