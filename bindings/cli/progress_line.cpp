// The progress line: see progress_line.hpp.

#include "progress_line.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace footprint::cli {

progress_line::progress_line(std::string what, std::uint64_t total_bytes, bool shown)
    : what_(std::move(what)), total_(total_bytes), shown_(shown), start_(std::chrono::steady_clock::now()) {}

progress_line::~progress_line() { finish(); }

bool progress_line::wanted(bool json, bool output_to_stdout) { return !json && !output_to_stdout && ::isatty(2) != 0; }

std::uint64_t progress_line::file_size(const std::string& path) {
    std::error_code ec;
    if (path.empty() || path == "-" || !std::filesystem::is_regular_file(path, ec)) return 0;
    const auto n = std::filesystem::file_size(path, ec);
    return ec ? 0 : static_cast<std::uint64_t>(n);
}

namespace {
std::string duration_text(double seconds) {
    const auto s = static_cast<std::uint64_t>(seconds + 0.5);
    return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60) : fmt::format("{}:{:02}", s / 60, s % 60);
}
}  // namespace

void progress_line::update(std::uint64_t bytes, std::uint64_t rows, std::uint64_t rejected) {
    if (!shown_) return;
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_ < min_interval) return;
    last_ = now;
    drawn_ = true;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    std::string line = "\r" + what_;
    if (total_ > 0) line += fmt::format(" {:3.0f}%", 100.0 * static_cast<double>(std::min(bytes, total_)) / static_cast<double>(total_));
    line += fmt::format("  {} rows, {} rejected", rows, rejected);
    if (elapsed > 0 && rows > 0) line += fmt::format("  {:.0f} rows/s", static_cast<double>(rows) / elapsed);
    if (total_ > 0 && bytes > 0 && elapsed > 0)
        line += "  " + duration_text(elapsed * static_cast<double>(total_ - std::min(bytes, total_)) / static_cast<double>(bytes)) + " left";
    line += "\x1b[K";  // erase what a longer line before left
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
}

void progress_line::finish() {
    if (!drawn_) return;
    drawn_ = false;
    shown_ = false;
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
}

}  // namespace footprint::cli
