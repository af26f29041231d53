// A PDF as bytes through a scratch folder. See pdf_scratch.hpp.

#include "pdf_scratch.hpp"

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>

#include "footprint/core/output_set.hpp"

namespace footprint::cli {

std::string pdf_bytes_via_scratch(const std::function<void(const std::filesystem::path&)>& print) {
    // The process id keeps two commands apart, the counter two PDFs of one command.
    static std::atomic<unsigned> counter{0};
    const std::filesystem::path scratch = std::filesystem::temp_directory_path() /
                                          ("footprint-pdf-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    create_output_folder(scratch);
    struct remove_scratch {
        std::filesystem::path dir;
        ~remove_scratch() {
            std::error_code ec;
            std::filesystem::remove_all(dir, ec);
        }
    } cleanup{scratch};
    print(scratch / "document.pdf");
    std::ifstream in(scratch / "document.pdf", std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

}  // namespace footprint::cli
