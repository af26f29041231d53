#pragma once
// Where the bundled data lives: `FOOTPRINT_DATA_DIR` if set, else the
// directory it was installed to (share/footprint under the install prefix).
// It holds `factors/` and `methodologies/` (with `methodologies/catalog/`).

#include <filesystem>

namespace footprint {

[[nodiscard]] std::filesystem::path default_data_dir();

}  // namespace footprint
