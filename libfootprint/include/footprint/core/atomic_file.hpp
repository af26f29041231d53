#pragma once
// Crash-safe output: every file footprint writes goes to a temporary file in
// the same folder, is flushed to disk and then renamed over the target, so an
// error or a kill mid-run leaves either the old file or none, never half of a
// new one. A writer destroyed without commit() removes its temporary file.

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace footprint {

class atomic_file {
public:
    /// Opens a temporary file beside `target`; throws `footprint.io.write` when it cannot.
    explicit atomic_file(std::filesystem::path target);
    atomic_file(const atomic_file&) = delete;
    atomic_file& operator=(const atomic_file&) = delete;
    ~atomic_file();

    void write(std::string_view data);
    atomic_file& operator<<(std::string_view data) {
        write(data);
        return *this;
    }
    /// Flushes, syncs and renames into place; throws `footprint.io.write` on failure.
    void commit();

    [[nodiscard]] const std::filesystem::path& target() const { return target_; }
    [[nodiscard]] const std::filesystem::path& temporary() const { return temp_; }

private:
    std::filesystem::path target_;
    std::filesystem::path temp_;
    std::FILE* file_ = nullptr;
    std::string buffer_;
};

/// Writes `content` to `target` atomically.
void write_file_atomically(const std::filesystem::path& target, std::string_view content);

}  // namespace footprint
