// All-or-nothing outputs of one command. See output_set.hpp.

#include "footprint/core/output_set.hpp"

#include <unistd.h>

#include <atomic>
#include <system_error>

#include "footprint/core/error.hpp"

namespace footprint {

namespace {
/// The file an output lands on, for comparing two outputs: absolute, with
/// symbolic links resolved as far as the path exists ("-" is standard output).
std::string destination_key(const std::filesystem::path& target) {
    if (target == "-") return "-";
    std::error_code ec;
    std::filesystem::path p = std::filesystem::weakly_canonical(std::filesystem::absolute(target, ec), ec);
    return ec ? target.lexically_normal().string() : p.string();
}

/// Rethrows `e` with a statement of what is on disk appended to its message.
[[noreturn]] void rethrow_with(const error& e, const std::string& outcome) {
    std::vector<diagnostic> ds = e.problems();
    ds.front().message += "; " + outcome;
    throw error(std::move(ds));
}

std::filesystem::path backup_name(const std::filesystem::path& dest) {
    static std::atomic<unsigned> counter{0};
    std::string name = hidden_sibling_prefix(dest.filename().string());
    name += ".old-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    return dest.parent_path() / name;
}
}  // namespace

void create_output_folder(const std::filesystem::path& folder) {
    if (folder.empty()) return;
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec)
        throw error("footprint.io.write", source_location{folder.string(), 0, 0, {}, {}},
                    "cannot create the output folder: " + io_reason(ec.value()), "a folder that can be created");
}

output_set::~output_set() {
    for (const auto& b : backups_)
        if (!b.empty()) ::unlink(b.c_str());
}

atomic_file& output_set::add(const std::filesystem::path& target, std::string label) {
    std::string key = destination_key(target);
    for (const entry& e : files_) {
        if (e.key != key) continue;
        std::string first = e.label.empty() ? e.file->target().string() : e.label;
        std::string second = label.empty() ? target.string() : label;
        throw error("footprint.io.collision", source_location{target.string(), 0, 0, {}, {}},
                    "two outputs of this command would be written to the same file (" + first + " and " + second +
                        "); nothing was written",
                    "a distinct file for each output");
    }
    files_.push_back(entry{std::make_unique<atomic_file>(target), std::move(label), std::move(key)});
    return *files_.back().file;
}

void output_set::add_complete(const std::filesystem::path& target, std::string_view content, std::string label) {
    atomic_file& f = add(target, std::move(label));
    f.write(content);
    f.close_for_rename();
}

void output_set::commit() {
    // 1. Everything to disk while nothing is in place: the errors a disk gives
    //    (no space, quota, file-size limit) arrive here, and the destructors of
    //    the atomic_files remove every temporary file.
    for (entry& e : files_) {
        try {
            e.file->flush_to_disk();
        } catch (const error& x) {
            rethrow_with(x, files_.size() > 1 ? "nothing was written (no output of this command was put in place)"
                                              : "nothing was written");
        }
    }
    // 2. Renames. A file that is replaced keeps a hard link until all are in
    //    place, so a failed rename can put the old version back.
    backups_.assign(files_.size(), {});
    std::size_t done = 0;
    for (; done < files_.size(); ++done) {
        entry& e = files_[done];
        if (!e.file->is_stream()) {
            std::error_code ec;
            if (std::filesystem::is_regular_file(e.file->destination(), ec)) {
                std::filesystem::path b = backup_name(e.file->destination());
                if (::link(e.file->destination().c_str(), b.c_str()) == 0) backups_[done] = b;
            }
        }
        try {
            e.file->commit();
        } catch (const error& x) {
            std::size_t streamed = 0;
            for (std::size_t i = 0; i < done; ++i) {
                if (files_[i].file->is_stream()) {
                    ++streamed;
                } else if (!backups_[i].empty()) {
                    if (::rename(backups_[i].c_str(), files_[i].file->destination().c_str()) == 0) backups_[i].clear();
                } else {
                    files_[i].file->undo_commit();
                }
            }
            rethrow_with(x, streamed == 0 ? "nothing was written (the outputs already in place were taken back)"
                                          : "the files already in place were taken back, but " +
                                                std::to_string(streamed) + " stream(s) had been written");
        }
    }
    for (auto& b : backups_) {
        if (!b.empty()) ::unlink(b.c_str());
        b.clear();
    }
}

}  // namespace footprint
