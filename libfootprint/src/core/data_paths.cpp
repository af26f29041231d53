#include "footprint/core/data_paths.hpp"

#include <cstdlib>

namespace footprint {

std::filesystem::path default_data_dir() {
    if (const char* env = std::getenv("FOOTPRINT_DATA_DIR"); env != nullptr && *env != '\0') return env;
    return FOOTPRINT_INSTALLED_DATA_DIR;
}

}  // namespace footprint
