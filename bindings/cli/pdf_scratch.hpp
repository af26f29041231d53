#pragma once
// A PDF as bytes, for a command whose outputs are one all-or-nothing set.
//
// Chromium prints a PDF only to a file it names itself. To let that PDF join
// the other files of a command's output_set (committed together or not at all),
// it is printed into a scratch folder of its own, read back, and the folder is
// removed whatever happens.

#include <filesystem>
#include <functional>
#include <string>

namespace footprint::cli {

/// Calls `print` with a path in a fresh scratch folder (unique per process and
/// call), returns the bytes it wrote there, and removes the folder.
[[nodiscard]] std::string pdf_bytes_via_scratch(const std::function<void(const std::filesystem::path&)>& print);

}  // namespace footprint::cli
