#pragma once
// A fresh, empty folder under the system's temporary folder for one test,
// removed with everything in it when the test ends. `listing()` names what is
// in it, sorted, so a test can see any file (or temporary file) left behind.

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace footprint::test {

struct scratch_dir {
    std::filesystem::path dir;

    explicit scratch_dir(const std::string& tag) {
        static int n = 0;
        dir = std::filesystem::temp_directory_path() /
              ("footprint-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
    }
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;
    ~scratch_dir() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }

    [[nodiscard]] std::string listing() const {
        std::vector<std::string> names;
        for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
        std::sort(names.begin(), names.end());
        std::string out;
        for (const auto& name : names) out += name + ";";
        return out;
    }
};

}  // namespace footprint::test
