// Printing HTML to PDF with headless Chromium. See detail/pdf_printer.hpp.

#include "render/detail/pdf_printer.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "footprint/core/atomic_file.hpp"
#include "footprint/core/error.hpp"
#include "footprint/render/statement_render.hpp"

extern char** environ;  // NOLINT: POSIX

namespace footprint {

namespace {

/// A temporary folder, removed with everything in it.
struct temp_dir {
    std::filesystem::path path;
    temp_dir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "footprint-pdf-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr)
            throw error("footprint.io.write", source_location{pattern, 0, 0, {}, {}},
                        "cannot create a temporary folder for Chromium", "a writable temporary directory (TMPDIR)");
        path = pattern;
    }
    ~temp_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
};

std::string file_url(const std::filesystem::path& p) {
    std::string out = "file://";
    for (unsigned char c : p.string()) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
        else out += fmt::format("%{:02X}", c);
    }
    return out;
}

std::string read_all(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

bool executable_file(const std::filesystem::path& p) {
    std::error_code ec;
    return std::filesystem::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

}  // namespace

std::string find_chromium() {
    if (const char* forced = std::getenv("FOOTPRINT_CHROMIUM"); forced != nullptr && *forced != '\0')
        return executable_file(forced) ? std::string(forced) : std::string();
    const char* path = std::getenv("PATH");
    if (path == nullptr) return {};
    const std::string p = path;
    for (const char* name : {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
                             "chrome-headless-shell"}) {
        std::size_t start = 0;
        while (start <= p.size()) {
            const std::size_t end = p.find(':', start);
            const std::string dir = p.substr(start, end == std::string::npos ? std::string::npos : end - start);
            if (!dir.empty()) {  // an empty entry would mean the current folder: never run a browser from there
                const std::filesystem::path candidate = std::filesystem::path(dir) / name;
                if (executable_file(candidate)) return candidate.string();
            }
            if (end == std::string::npos) break;
            start = end + 1;
        }
    }
    return {};
}

std::string require_chromium(const std::filesystem::path& for_file) {
    std::string chromium = find_chromium();
    if (chromium.empty()) {
        const char* forced = std::getenv("FOOTPRINT_CHROMIUM");
        const bool named = forced != nullptr && *forced != '\0';
        throw error("footprint.render.no-chromium", source_location{for_file.string(), 0, 0, {}, {}},
                    named ? "FOOTPRINT_CHROMIUM does not name an executable file; PDF needs headless Chromium"
                          : "PDF needs headless Chromium, which is not installed (no chromium on PATH)",
                    "Debian's chromium package (apt-get install chromium), FOOTPRINT_CHROMIUM=/path/to/chromium, "
                    "or another format (--format json,html,md,csv)",
                    named ? std::string(forced) : std::string());
    }
    return chromium;
}

void detail::print_html_to_pdf(const std::string& html, const std::string& chromium, const std::filesystem::path& pdf) {
    temp_dir dir;
    const auto page = dir.path / "statement.html";
    const auto out = dir.path / "statement.pdf";
    const auto log = dir.path / "chromium.log";
    write_file_atomically(page, html);

    std::vector<std::string> args{chromium,
                                  "--headless",
                                  "--no-sandbox",
                                  "--disable-gpu",
                                  "--no-first-run",
                                  "--no-default-browser-check",
                                  "--disable-background-networking",
                                  "--disable-component-update",
                                  "--disable-sync",
                                  "--disable-extensions",
                                  "--disable-dev-shm-usage",
                                  "--mute-audio",
                                  "--hide-scrollbars",
                                  "--user-data-dir=" + (dir.path / "profile").string(),
                                  "--no-pdf-header-footer",
                                  "--print-to-pdf=" + out.string(),
                                  file_url(page)};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    posix_spawnattr_init(&attr);
    posix_spawnattr_setpgroup(&attr, 0);  // its own process group, so that its helpers can be stopped with it
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, chromium.c_str(), &actions, &attr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc != 0)
        throw error("footprint.render.pdf", source_location{pdf.string(), 0, 0, {}, {}},
                    "cannot start Chromium: " + std::string(std::strerror(rc)), "a working headless Chromium", chromium);

    using clock = std::chrono::steady_clock;
    const auto deadline = clock::now() + std::chrono::seconds(120);
    int status = 0;
    bool timed_out = false;
    for (;;) {
        const pid_t w = ::waitpid(pid, &status, WNOHANG);
        if (w == pid) break;
        if (w < 0 && errno != EINTR) break;
        if (clock::now() > deadline) {
            ::kill(-pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            timed_out = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(-pid, SIGKILL);  // helpers (zygote, GPU, crashpad) that outlived the browser; ESRCH when none did

    std::string bytes = std::filesystem::exists(out) ? read_all(out) : std::string();
    if (timed_out || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || bytes.compare(0, 5, "%PDF-") != 0) {
        std::string tail = read_all(log);
        if (tail.size() > 400) tail = "..." + tail.substr(tail.size() - 400);
        while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r')) tail.pop_back();
        const std::string what = timed_out ? std::string("Chromium did not finish printing the PDF within 120 s")
                                 : WIFEXITED(status) ? fmt::format("Chromium could not print the PDF (exit status {})",
                                                                   WEXITSTATUS(status))
                                                     : std::string("Chromium was stopped by a signal while printing the PDF");
        throw error("footprint.render.pdf", source_location{pdf.string(), 0, 0, {}, {}}, what,
                    "a working headless Chromium", tail);
    }
    write_file_atomically(pdf, bytes);
}

}  // namespace footprint
