#pragma once
// Crash-safe output. Every file footprint writes goes to a temporary file in
// the folder of its target, is flushed to disk and renamed over the target,
// and the folder is synced, so an error, a full disk or a kill mid-run leaves
// either the old file or none, never half of a new one.
//
// What is not a regular file is never renamed over (a rename would replace a
// device, a pipe or a symbolic link such as /dev/stdout with a plain file):
//  - "-" is standard output;
//  - a name that is, or links to, a character device, a pipe or a socket is
//    written through as a stream (a stream cannot be taken back: it is the
//    one case where a failure leaves part of the output behind);
//  - a symbolic link to a regular file keeps the link: the file it points at
//    is replaced atomically;
//  - a folder, or a link to nothing, is refused before anything is written.
//
// Temporary files are removed when a writer is destroyed without commit() and,
// if the program has not installed its own handlers, when it is stopped by
// SIGINT, SIGTERM or SIGHUP. SIGXFSZ is ignored under the same condition, so a
// file-size limit surfaces as an error that names it instead of killing the
// process with a half-written temporary file left on disk.

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace footprint {

class atomic_file {
public:
    /// Opens a temporary file beside `target` (or the stream `target` names);
    /// throws `footprint.io.write` naming the file and the reason when it cannot.
    explicit atomic_file(std::filesystem::path target);
    atomic_file(const atomic_file&) = delete;
    atomic_file& operator=(const atomic_file&) = delete;
    ~atomic_file();

    void write(std::string_view data);
    atomic_file& operator<<(std::string_view data) {
        write(data);
        return *this;
    }
    /// Writes what is buffered and syncs it to disk, without renaming: after
    /// it, only the rename remains, which does not need space. output_set
    /// calls it on every file before renaming any.
    void flush_to_disk();
    /// flush_to_disk(), then closes the temporary file, so that a command with
    /// thousands of outputs does not hold thousands of descriptors until its
    /// output_set is committed. Nothing more can be written; commit() renames.
    void close_for_rename();
    /// Flushes, syncs and renames into place; throws `footprint.io.write` on failure.
    void commit();
    /// Removes a committed file again (output_set's roll-back). Streams cannot be taken back.
    void undo_commit() noexcept;

    [[nodiscard]] const std::filesystem::path& target() const { return target_; }
    [[nodiscard]] const std::filesystem::path& temporary() const { return temp_; }
    /// The regular file that commit() replaces: the target with symbolic links resolved.
    [[nodiscard]] const std::filesystem::path& destination() const { return final_; }
    /// True when the target is standard output, a device, a pipe or a socket.
    [[nodiscard]] bool is_stream() const { return stream_; }

private:
    void open_stream(int fd, bool owned);
    void write_buffer();

    std::filesystem::path target_;   // the name as given (messages)
    std::filesystem::path final_;    // the regular file that is replaced (links resolved)
    std::filesystem::path temp_;
    std::FILE* file_ = nullptr;
    std::string buffer_;
    int slot_ = -1;                  // the temporary file's slot in the signal clean-up registry
    bool stream_ = false;
    bool owned_stream_ = false;
    bool committed_ = false;
    bool closed_ = false;  // temporary file complete and closed, waiting for its rename
};

/// Writes `content` to `target` atomically.
void write_file_atomically(const std::filesystem::path& target, std::string_view content);

/// Removes open temporary files on SIGINT, SIGTERM, SIGHUP and SIGPIPE (the
/// reader of standard output went away: `footprint compute -o - | head`), then
/// lets the signal end the process as it would have. atomic_file arranges this by itself
/// for signals the program left at their default; a program that has its own
/// handlers (a test runner, an interpreter) calls this to take them over.
void remove_temporaries_on_signals();

/// ".NAME" with NAME cut to 180 bytes: the start of the name of a file kept
/// beside an output (its temporary file, output_set's backup), short enough
/// that a 250-byte NAME, legal on its own, is not refused for its sake.
[[nodiscard]] std::string hidden_sibling_prefix(const std::string& name);

/// Why an I/O call failed, in words a user can act on ("no space left on the
/// device", "file name too long", "a part of the path is not a folder", ...).
[[nodiscard]] std::string io_reason(int errno_value);

}  // namespace footprint
