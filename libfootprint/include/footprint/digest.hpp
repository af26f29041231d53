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

}  // namespace footprint
