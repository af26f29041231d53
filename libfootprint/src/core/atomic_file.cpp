// Temporary file, fsync, rename. See atomic_file.hpp.

#include "footprint/core/atomic_file.hpp"

#include <unistd.h>

#include "footprint/core/error.hpp"

namespace footprint {

namespace {
constexpr std::size_t flush_at = 1u << 20;

[[noreturn]] void fail(const std::filesystem::path& p, const std::string& what) {
    throw error("footprint.io.write", source_location{p.string(), 0, 0, {}, {}}, what, "a writable folder");
}
}  // namespace

atomic_file::atomic_file(std::filesystem::path target) : target_(std::move(target)) {
    std::filesystem::path dir = target_.parent_path();
    if (dir.empty()) dir = ".";
    temp_ = dir / ("." + target_.filename().string() + ".tmp-" + std::to_string(::getpid()));
    file_ = std::fopen(temp_.c_str(), "wb");
    if (file_ == nullptr) fail(target_, "cannot create a temporary file in " + dir.string());
    buffer_.reserve(flush_at + 4096);
}

atomic_file::~atomic_file() {
    if (file_ != nullptr) {
        std::fclose(file_);
        std::error_code ec;
        std::filesystem::remove(temp_, ec);
    }
}

void atomic_file::write(std::string_view data) {
    buffer_.append(data);
    if (buffer_.size() >= flush_at) {
        if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) fail(target_, "write failed");
        buffer_.clear();
    }
}

void atomic_file::commit() {
    if (file_ == nullptr) fail(target_, "file already committed");
    if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
        fail(target_, "write failed");
    buffer_.clear();
    if (std::fflush(file_) != 0 || ::fsync(::fileno(file_)) != 0) fail(target_, "flush failed");
    std::fclose(file_);
    file_ = nullptr;
    std::error_code ec;
    std::filesystem::rename(temp_, target_, ec);
    if (ec) {
        std::filesystem::remove(temp_, ec);
        fail(target_, "cannot rename the temporary file into place");
    }
}

void write_file_atomically(const std::filesystem::path& target, std::string_view content) {
    atomic_file f(target);
    f.write(content);
    f.commit();
}

}  // namespace footprint
