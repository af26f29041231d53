// The RFC 4180 reader: quoting, line breaks, BOM, UTF-8, malformed records.

#include <doctest/doctest.h>

#include "footprint/ingest/csv_reader.hpp"

using namespace footprint;

namespace {
std::vector<std::vector<std::string>> read_all(const std::string& text, std::vector<std::string>* problems = nullptr,
                                               std::vector<std::uint64_t>* lines = nullptr) {
    csv_reader r = csv_reader::from_string(text);
    csv_record rec;
    std::vector<std::vector<std::string>> out;
    while (r.next(rec)) {
        out.emplace_back(rec.fields.begin(), rec.fields.end());
        if (problems) problems->push_back(rec.problem);
        if (lines) lines->push_back(rec.line);
    }
    return out;
}
}  // namespace

TEST_CASE("plain, quoted, escaped and empty fields") {
    auto rows = read_all("a,b,c\n1,\"x, y\",\"he said \"\"hi\"\"\"\n,,\n");
    REQUIRE(rows.size() == 3);
    CHECK(rows[1] == std::vector<std::string>{"1", "x, y", "he said \"hi\""});
    CHECK(rows[2] == std::vector<std::string>{"", "", ""});
}

TEST_CASE("line breaks inside quotes, CRLF, and a last line without a break") {
    std::vector<std::uint64_t> lines;
    auto rows = read_all("a,b\r\n\"two\nlines\",2\r\nlast,3", nullptr, &lines);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0] == std::vector<std::string>{"a", "b"});
    CHECK(rows[1] == std::vector<std::string>{"two\nlines", "2"});
    CHECK(rows[2] == std::vector<std::string>{"last", "3"});
    // The record after the two-line one starts on line 4.
    CHECK(lines == std::vector<std::uint64_t>{1, 2, 4});
}

TEST_CASE("a UTF-8 byte-order mark is skipped and noted") {
    csv_reader r = csv_reader::from_string("\xEF\xBB\xBFid,name\n1,\xE4\xB8\xAD\xE6\x96\x87\n");
    csv_record rec;
    REQUIRE(r.next(rec));
    CHECK(rec.fields[0] == "id");
    CHECK(r.had_bom());
    REQUIRE(r.next(rec));
    CHECK(rec.fields[1] == "\xE4\xB8\xAD\xE6\x96\x87");  // 中文 passes as valid UTF-8
    CHECK(rec.problem.empty());
}

TEST_CASE("malformed records are reported with what is wrong, and reading goes on") {
    std::vector<std::string> problems;
    auto rows = read_all("a,b\nx\"y,2\n\"q\"z,3\nbad\xC3\x28,4\nok,5\n\"open,6", &problems);
    REQUIRE(problems.size() == 6);
    CHECK(problems[0].empty());
    CHECK(problems[1] == "a quote inside an unquoted field");
    CHECK(problems[2] == "text after a closing quote");
    CHECK(problems[3] == "invalid UTF-8");
    CHECK(problems[4].empty());
    CHECK(rows[4] == std::vector<std::string>{"ok", "5"});
    CHECK(problems[5] == "a quoted field is not closed before the end of the file");
}

TEST_CASE("UTF-8 validation refuses overlongs and surrogates") {
    CHECK(valid_utf8("plain ascii, long enough to use the eight-byte path"));
    CHECK(valid_utf8("\xF0\x9F\x93\xA6"));  // U+1F4E6
    CHECK_FALSE(valid_utf8("\xC0\xAF"));    // overlong '/'
    CHECK_FALSE(valid_utf8("\xED\xA0\x80"));  // surrogate U+D800
    CHECK_FALSE(valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    CHECK_FALSE(valid_utf8("\xE4\xB8"));    // truncated
}

TEST_CASE("a record longer than the limit is reported, not loaded") {
    std::string big = "a,b\n" + std::string(csv_reader::max_record_bytes + 10, 'x') + ",1\nnext,2\n";
    std::vector<std::string> problems;
    auto rows = read_all(big, &problems);
    REQUIRE(rows.size() == 3);
    CHECK(problems[1].rfind("record longer than", 0) == 0);
    CHECK(rows[2] == std::vector<std::string>{"next", "2"});
}
