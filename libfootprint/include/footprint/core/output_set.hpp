#pragma once
// The outputs of one command, all there or none of them: a statement's JSON,
// HTML, Markdown and CSV; compute's results and quarantine; one statement per
// customer. Each file is an atomic_file; commit() first flushes every one of
// them to disk (a full disk, a quota or a file-size limit shows up here, while
// nothing has been renamed yet), then renames them into place one by one. If a
// rename fails, the files renamed before it are taken back and the files they
// replaced are restored, so the folder is as it was.
//
// Two outputs of one command that would land on the same file (customer "a/b"
// written as a_b-….json and a customer whose id is that very name) are refused
// when the second is added, before anything is written: one would silently
// overwrite the other.

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "footprint/core/atomic_file.hpp"

namespace footprint {

class output_set {
public:
    output_set() = default;
    output_set(const output_set&) = delete;
    output_set& operator=(const output_set&) = delete;
    ~output_set();

    /// Opens `target` for writing. `label` says what the file is for (a
    /// customer id, "results"), for the message when two outputs collide.
    /// Throws `footprint.io.write` when it cannot be written, and
    /// `footprint.io.collision` when another output of this set has the same file.
    atomic_file& add(const std::filesystem::path& target, std::string label = {});

    /// Adds `target` with its whole `content`, written and closed at once (a
    /// command with many outputs keeps no descriptor open per file).
    void add_complete(const std::filesystem::path& target, std::string_view content, std::string label = {});

    /// Flushes all, then renames all; all or nothing (see above). Throws
    /// `footprint.io.write`, whose message says that nothing was written.
    void commit();

    [[nodiscard]] std::size_t size() const { return files_.size(); }

private:
    struct entry {
        std::unique_ptr<atomic_file> file;
        std::string label;
        std::string key;  // the destination, made absolute with links resolved
    };
    std::vector<entry> files_;
    std::vector<std::filesystem::path> backups_;  // hard links to replaced files, removed after commit
};

/// Creates `folder` and its parents for outputs; throws `footprint.io.write`
/// naming the folder and the reason (permission denied, a part of the path is
/// not a folder, ...) instead of a bare system error.
void create_output_folder(const std::filesystem::path& folder);

}  // namespace footprint
