// Temporary file, fsync, rename, folder sync; streams written through. See atomic_file.hpp.

#include "footprint/core/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>

#include "footprint/core/error.hpp"

namespace footprint {

namespace {
constexpr std::size_t flush_at = 1u << 20;

[[noreturn]] void fail(const std::filesystem::path& p, const std::string& what,
                       const std::string& expected = "a writable folder") {
    throw error("footprint.io.write", source_location{p.string(), 0, 0, {}, {}}, what, expected);
}

// ---- removing temporary files when the process is stopped by a signal -------
// A signal handler may only call async-signal-safe functions, so the paths live
// in fixed buffers that are filled before a slot is marked live; the handler
// unlink()s the live ones and re-raises the signal with its default action.
constexpr std::size_t slots = 64;
constexpr std::size_t path_bytes = 4096;
std::array<std::atomic<int>, slots> slot_state{};  // 0 free, 1 being filled, 2 live
std::array<std::array<char, path_bytes>, slots> slot_path{};

extern "C" void remove_temporaries_and_reraise(int sig) {
    for (std::size_t i = 0; i < slots; ++i)
        if (slot_state[i].load(std::memory_order_acquire) == 2) ::unlink(slot_path[i].data());
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

void install_handler(int sig) {
    struct sigaction now {};
    now.sa_handler = remove_temporaries_and_reraise;
    sigemptyset(&now.sa_mask);
    ::sigaction(sig, &now, nullptr);
}

void install_handlers_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        // Only where the program has not chosen its own behaviour: a library
        // must not take a signal away from the application that links it.
        for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) {
            struct sigaction old {};
            if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_DFL) install_handler(sig);
        }
        struct sigaction old {};
        if (::sigaction(SIGXFSZ, nullptr, &old) == 0 && old.sa_handler == SIG_DFL) std::signal(SIGXFSZ, SIG_IGN);
    });
}

int register_temporary(const std::filesystem::path& p) {
    install_handlers_once();
    const std::string& s = p.native();
    if (s.size() >= path_bytes) return -1;
    for (std::size_t i = 0; i < slots; ++i) {
        int expected = 0;
        if (slot_state[i].compare_exchange_strong(expected, 1, std::memory_order_acq_rel)) {
            std::memcpy(slot_path[i].data(), s.c_str(), s.size() + 1);
            slot_state[i].store(2, std::memory_order_release);
            return static_cast<int>(i);
        }
    }
    return -1;  // more than 64 open writers: the rest are not cleaned up on a signal
}

void unregister_temporary(int& slot) {
    if (slot >= 0) slot_state[static_cast<std::size_t>(slot)].store(0, std::memory_order_release);
    slot = -1;
}

/// Syncs a folder so that a rename in it survives a power cut (POSIX: fsync of
/// the file does not cover its directory entry).
void sync_folder(const std::filesystem::path& dir) {
    int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    (void)::fsync(fd);  // best effort: some file systems refuse fsync on a folder
    ::close(fd);
}

/// The temporary file for `name` in `dir`: `.NAME.tmp-PID`, created
/// exclusively; `.NAME.tmp-PID-N` when this process already writes one for the
/// same name. NAME is cut to 180 bytes so that a 250-byte target, legal on its
/// own, does not fail for its temporary's sake. Returns the open descriptor.
int create_temporary(const std::filesystem::path& dir, const std::string& name, std::filesystem::path& temp) {
    std::string base = hidden_sibling_prefix(name);
    base += ".tmp-";
    base += std::to_string(::getpid());
    for (unsigned n = 0;; ++n) {
        temp = dir / (n == 0 ? base : base + "-" + std::to_string(n));
        int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST || n == 1000) return fd;
    }
}
}  // namespace

std::string hidden_sibling_prefix(const std::string& name) {
    // Appended piece by piece: `"." + std::string&&` trips GCC 12's -Wrestrict false positive (GCC bug 105651).
    std::string prefix(1, '.');
    prefix.append(name, 0, std::min<std::size_t>(name.size(), 180));
    return prefix;
}

void remove_temporaries_on_signals() {
    install_handlers_once();
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) install_handler(sig);
}

std::string io_reason(int e) {
    switch (e) {
        case ENOSPC: return "no space left on the device";
        case EDQUOT: return "the disk quota is exhausted";
        case EFBIG: return "the file is larger than the file-size limit (ulimit -f) or the file system allows";
        case ENAMETOOLONG: return "file name too long";
        case ENOTDIR: return "a part of the path is not a folder";
        case ENOENT: return "the folder does not exist";
        case EACCES:
        case EPERM: return "permission denied";
        case EROFS: return "the file system is read-only";
        case EISDIR: return "it is a folder";
        case EEXIST: return "the file already exists";
        case EMFILE:
        case ENFILE: return "too many open files";
        case EIO: return "input/output error on the device";
        case ENXIO: return "no process reads from it (a socket or a pipe without a reader)";
        case EPIPE: return "the reader of the pipe has gone";
        default: return std::strerror(e);
    }
}

atomic_file::atomic_file(std::filesystem::path target) : target_(std::move(target)) {
    buffer_.reserve(flush_at + 4096);
    if (target_ == "-") {
        int fd = ::dup(STDOUT_FILENO);
        if (fd < 0) fail(target_, "cannot write to standard output: " + io_reason(errno), "an open standard output");
        open_stream(fd, true);
        return;
    }
    struct stat link {};
    if (::lstat(target_.c_str(), &link) == 0) {
        struct stat st {};
        if (::stat(target_.c_str(), &st) != 0)
            fail(target_, "is a symbolic link to a file that cannot be reached (" + io_reason(errno) + ")",
                 "a file name, or a link to an existing file");
        if (S_ISDIR(st.st_mode)) fail(target_, "is a folder", "a file name");
        if (S_ISBLK(st.st_mode)) fail(target_, "is a block device; footprint does not write to disks directly", "a file name");
        if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) {
            int fd = ::open(target_.c_str(), O_WRONLY | O_CLOEXEC);
            if (fd < 0) fail(target_, "cannot open the stream for writing: " + io_reason(errno), "a writable stream");
            open_stream(fd, true);
            return;
        }
        final_ = S_ISLNK(link.st_mode) ? std::filesystem::canonical(target_) : target_;
    } else if (errno != ENOENT) {
        fail(target_, "cannot write here: " + io_reason(errno));
    } else {
        final_ = target_;
    }
    std::filesystem::path dir = final_.parent_path();
    int fd = create_temporary(dir.empty() ? std::filesystem::path(".") : dir, final_.filename().string(), temp_);
    if (fd < 0)
        fail(target_, "cannot create a temporary file in " + (dir.empty() ? std::string(".") : dir.string()) + ": " +
                          io_reason(errno));
    slot_ = register_temporary(temp_);
    file_ = ::fdopen(fd, "wb");
    if (file_ == nullptr) {
        int e = errno;
        ::close(fd);
        ::unlink(temp_.c_str());
        unregister_temporary(slot_);
        fail(target_, "cannot open the temporary file: " + io_reason(e));
    }
}

void atomic_file::open_stream(int fd, bool owned) {
    file_ = ::fdopen(fd, "wb");
    if (file_ == nullptr) {
        int e = errno;
        ::close(fd);
        fail(target_, "cannot open the stream: " + io_reason(e), "a writable stream");
    }
    stream_ = true;
    owned_stream_ = owned;
}

atomic_file::~atomic_file() {
    if (file_ != nullptr) std::fclose(file_);
    if (!stream_ && !committed_ && !temp_.empty()) ::unlink(temp_.c_str());
    unregister_temporary(slot_);
}

void atomic_file::write_buffer() {
    if (file_ == nullptr) fail(target_, "file already committed");
    if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
        fail(target_, "write failed: " + io_reason(errno));
    buffer_.clear();
}

void atomic_file::write(std::string_view data) {
    buffer_.append(data);
    if (buffer_.size() >= flush_at) write_buffer();
}

void atomic_file::flush_to_disk() {
    if (closed_) return;  // already flushed, synced and closed by close_for_rename()
    write_buffer();
    if (std::fflush(file_) != 0) fail(target_, "write failed: " + io_reason(errno));
    // fsync is meaningless on a pipe or a terminal (EINVAL); a stream is flushed only.
    if (!stream_ && ::fsync(::fileno(file_)) != 0) fail(target_, "flush to disk failed: " + io_reason(errno));
}

void atomic_file::close_for_rename() {
    if (closed_ || stream_) {
        if (stream_) flush_to_disk();
        return;
    }
    flush_to_disk();
    int closed = std::fclose(file_);
    int close_errno = errno;
    file_ = nullptr;
    closed_ = true;
    if (closed != 0) fail(target_, "closing the temporary file failed: " + io_reason(close_errno));
}

void atomic_file::commit() {
    if (stream_) {
        flush_to_disk();
        int closed = std::fclose(file_);
        int close_errno = errno;
        file_ = nullptr;
        committed_ = true;
        if (closed != 0) fail(target_, "closing the stream failed: " + io_reason(close_errno), "a writable stream");
        return;
    }
    if (committed_) fail(target_, "file already committed");
    close_for_rename();
    if (::rename(temp_.c_str(), final_.c_str()) != 0) {
        int e = errno;
        ::unlink(temp_.c_str());
        unregister_temporary(slot_);
        fail(target_, "cannot rename the temporary file into place: " + io_reason(e));
    }
    unregister_temporary(slot_);
    committed_ = true;
    sync_folder(final_.parent_path());
}

void atomic_file::undo_commit() noexcept {
    if (committed_ && !stream_) {
        ::unlink(final_.c_str());
        sync_folder(final_.parent_path());
        committed_ = false;
    }
}

void write_file_atomically(const std::filesystem::path& target, std::string_view content) {
    atomic_file f(target);
    f.write(content);
    f.commit();
}

}  // namespace footprint
