// Fuzz target: opening a factor set (factor_set::open on a temporary file
// holding the input): SQLite files that are truncated, damaged, edited or not
// factor sets at all must be refused with an id, never crash.
// seeds: small factor sets built by `footprint factors build` (page size 512)

#include <unistd.h>

#include <filesystem>

#include "footprint/factors/factor_set.hpp"
#include "fuzz_support.hpp"

using namespace footprint;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::filesystem::path file =
        std::filesystem::temp_directory_path() / ("footprint-fuzz-set-" + std::to_string(::getpid()) + ".sqlite");
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
        if (!out) fuzz::finding("cannot write " + file.string());
    }
    fuzz::run_checked([&] {
        factor_set set = factor_set::open(file);
        (void)canonical_serialisation(set);
    });
    return 0;
}
