#pragma once
// SHA-256 digests: what footprint records to say "exactly these bytes" about a
// factor set's content and the files it was built from. A digest identifies
// content; it is not a signature (anyone can recompute one), so trust comes
// from comparing it with the digest recorded elsewhere (a statement, a
// published release note).

#include <filesystem>
#include <string>
#include <string_view>

namespace footprint {

/// Lower-case hexadecimal SHA-256 of `bytes` (64 characters).
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

/// SHA-256 of a file's bytes. Throws `footprint.io.read` when it cannot be read.
[[nodiscard]] std::string sha256_file_hex(const std::filesystem::path& file);

/// Incremental SHA-256, for content built piece by piece (statement rows).
class sha256 {
public:
    sha256();
    ~sha256();
    sha256(const sha256&) = delete;
    sha256& operator=(const sha256&) = delete;
    void update(std::string_view bytes);
    /// Finishes and returns the lower-case hex digest; the object is spent after.
    [[nodiscard]] std::string hex();

private:
    void* ctx_;  // EVP_MD_CTX, kept out of this header
};

}  // namespace footprint
