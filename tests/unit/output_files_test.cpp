// Outputs: atomic files never rename over what is not a regular file, say why
// they fail, leave no temporary file behind, and output_set writes all of a
// command's files or none (issue 14, bugs 3, 4 and 5).

#include <doctest/doctest.h>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <functional>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "footprint/core/atomic_file.hpp"
#include "footprint/core/error.hpp"
#include "footprint/core/output_set.hpp"

#include "support/scratch_dir.hpp"

using namespace footprint;
namespace fs = std::filesystem;

namespace {
/// A fresh folder per test (tests/support/scratch_dir.hpp).
struct scratch : test::scratch_dir {
    scratch() : scratch_dir("output-test") {}
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void spit(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

std::string error_text(const std::function<void()>& f, std::string* id = nullptr) {
    try {
        f();
    } catch (const error& e) {
        if (id) *id = e.id();
        return e.what();
    }
    return "no error";
}
}  // namespace

TEST_CASE("a symbolic link to a device is written through, never replaced by a file") {
    // The regression: `compute -o /dev/stdout` as root replaced the /dev/stdout
    // link with a regular file. Here the link points at /dev/null.
    scratch s;
    fs::path link = s.dir / "out.csv";
    fs::create_symlink("/dev/null", link);
    write_file_atomically(link, "a,b\n1,2\n");
    CHECK(fs::is_symlink(fs::symlink_status(link)));
    CHECK(fs::read_symlink(link) == "/dev/null");
    CHECK(s.listing() == "out.csv;");  // no temporary file left beside it
}

TEST_CASE("a symbolic link to a regular file keeps the link; the file it names is replaced") {
    scratch s;
    spit(s.dir / "real.csv", "old");
    fs::create_symlink("real.csv", s.dir / "alias.csv");
    write_file_atomically(s.dir / "alias.csv", "new");
    CHECK(fs::is_symlink(fs::symlink_status(s.dir / "alias.csv")));
    CHECK(slurp(s.dir / "real.csv") == "new");
    CHECK(s.listing() == "alias.csv;real.csv;");
}

TEST_CASE("a named pipe is written as a stream and stays a pipe") {
    scratch s;
    fs::path fifo = s.dir / "pipe";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    std::string got;
    std::thread reader([&] { got = slurp(fifo); });
    {
        atomic_file f(fifo);
        CHECK(f.is_stream());
        f << "x,y\n";
        f << std::string(3u << 20, 'z');  // more than the 1 MiB buffer: written as it goes
        f.commit();
    }
    reader.join();
    CHECK(got.size() == 4 + (3u << 20));
    CHECK(fs::is_fifo(fs::symlink_status(fifo)));
}

TEST_CASE("a folder, a dangling link and an overlong name are refused with the reason, before anything is written") {
    scratch s;
    fs::create_directory(s.dir / "sub");
    std::string id;
    CHECK(error_text([&] { atomic_file f(s.dir / "sub"); }, &id).find("is a folder") != std::string::npos);
    CHECK(id == "footprint.io.write");
    fs::create_symlink("missing/x.csv", s.dir / "dangling.csv");
    CHECK(error_text([&] { atomic_file f(s.dir / "dangling.csv"); }).find("cannot be reached") != std::string::npos);
    // 300 bytes is over NAME_MAX (255) on every Linux file system.
    CHECK(error_text([&] { atomic_file f(s.dir / std::string(300, 'c')); }).find("file name too long") !=
          std::string::npos);
    CHECK(error_text([&] { atomic_file f(s.dir / "no-such-folder" / "x.csv"); }).find("the folder does not exist") !=
          std::string::npos);
    CHECK(s.listing() == "dangling.csv;sub;");
}

TEST_CASE("a 250-byte name, legal on its own, is not refused for its temporary file's sake") {
    // The temporary name is "." + name + ".tmp-PID-N"; unshortened it would be
    // over 255 bytes although the target itself is allowed.
    scratch s;
    std::string name(250, 'n');
    write_file_atomically(s.dir / name, "ok");
    CHECK(slurp(s.dir / name) == "ok");
    CHECK(s.listing() == name + ";");
}

TEST_CASE("output_set: two outputs on one file are refused, naming both, and nothing is written") {
    // Bug 5: customer "a/b" was written to a_b-c14cddc0.json and then customer
    // "a_b-c14cddc0" to the same file.
    scratch s;
    std::string id;
    std::string msg = error_text(
        [&] {
            output_set set;
            set.add(s.dir / "a_b-c14cddc0.json", "customer a/b") << "{}";
            set.add(s.dir / "." / "a_b-c14cddc0.json", "customer a_b-c14cddc0") << "{}";
            set.commit();
        },
        &id);
    CHECK(id == "footprint.io.collision");
    CHECK(msg.find("customer a/b and customer a_b-c14cddc0") != std::string::npos);
    CHECK(s.listing().empty());
}

TEST_CASE("output_set: a statement whose .html path is a folder leaves no .json") {
    scratch s;
    fs::create_directory(s.dir / "st.html");
    CHECK_THROWS_AS(
        [&] {
            output_set set;
            set.add(s.dir / "st.json") << "{}";
            set.add(s.dir / "st.html") << "<html>";
            set.commit();
        }(),
        error);
    CHECK(s.listing() == "st.html;");
}

TEST_CASE("output_set: a rename that fails takes back the files already in place and restores what they replaced") {
    scratch s;
    spit(s.dir / "a.csv", "old a");
    std::string msg = error_text([&] {
        output_set set;
        set.add(s.dir / "a.csv") << "new a";
        set.add(s.dir / "b.csv") << "new b";
        // b.csv becomes a folder after it was checked: its rename fails (EISDIR)
        // after a.csv's rename succeeded.
        fs::create_directory(s.dir / "b.csv");
        set.commit();
    });
    CHECK(msg.find("nothing was written") != std::string::npos);
    CHECK(slurp(s.dir / "a.csv") == "old a");
    CHECK(s.listing() == "a.csv;b.csv;");
}

TEST_CASE("output_set: a file-size limit (as a full disk) stops the command before any file is in place") {
    // Bug 4: a full disk during `statement --all-customers` left one customer's
    // files. RLIMIT_FSIZE makes write() fail with EFBIG once SIGXFSZ is
    // ignored, which atomic_file arranges when the program left it at default.
    scratch s;
    struct rlimit old {};
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &old) == 0);
    std::string msg;
    {
        output_set set;
        set.add(s.dir / "small.json") << "{}";
        atomic_file& big = set.add(s.dir / "big.csv");
        big << std::string(64 * 1024, 'x');
        struct rlimit low = old;
        low.rlim_cur = 16 * 1024;
        REQUIRE(::setrlimit(RLIMIT_FSIZE, &low) == 0);
        msg = error_text([&] { set.commit(); });
        REQUIRE(::setrlimit(RLIMIT_FSIZE, &old) == 0);
    }
    CHECK(msg.find("file-size limit") != std::string::npos);
    CHECK(msg.find("nothing was written") != std::string::npos);
    CHECK(s.listing().empty());
}

TEST_CASE("SIGTERM while writing leaves no temporary file") {
    scratch s;
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // The test runner has its own SIGTERM handler, which atomic_file leaves
        // alone; take it over as a program with its own handlers would.
        remove_temporaries_on_signals();
        atomic_file f(s.dir / "results.csv");
        f << std::string(2u << 20, 'r');
        ::raise(SIGTERM);
        ::_exit(3);  // not reached: the signal's default action ends the process
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGTERM);
    CHECK(s.listing().empty());
}

TEST_CASE("output_set: files added complete hold no descriptor and are put in place together") {
    // 2000 files is more than the default limit of 1024 open descriptors: a
    // statement per customer for thousands of customers must not need one each.
    scratch s;
    {
        output_set set;
        for (int i = 0; i < 2000; ++i)
            set.add_complete(s.dir / ("c" + std::to_string(i) + ".json"), std::to_string(i), "customer " + std::to_string(i));
        CHECK(s.listing().find(".json;") == std::string::npos);  // nothing in place before commit
        set.commit();
    }
    CHECK(slurp(s.dir / "c1999.json") == "1999");
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(s.dir)) n += e.path().extension() == ".json" ? 1 : 0;
    CHECK(n == 2000);
}
