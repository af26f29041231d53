#pragma once
// An RFC 4180 record reader: quoted fields, "" inside quotes, embedded commas
// and line breaks, CRLF or LF, a UTF-8 byte-order mark at the start, and a
// final record without a line break. It streams the file in blocks, so
// memory does not grow with the file, and hands out fields as views into its
// buffer (valid until the next call) without allocating per field.
//
// It reports what it sees and never guesses: a quote in the middle of an
// unquoted field, text after a closing quote, an unterminated quote at end of
// file, invalid UTF-8 and an over-long record are reported with the record's
// line number and the byte column.

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "footprint/core/text.hpp"  // valid_utf8, part of this header's interface

namespace footprint {

/// One record: its fields and where it started.
struct csv_record {
    std::vector<std::string_view> fields;
    std::uint64_t line = 0;         ///< line of the record's first character, 1-based
    std::string_view raw;           ///< the record's bytes, without the line break
    std::string problem;            ///< empty when well-formed; else what is wrong
    std::uint32_t problem_column = 0;
};

class csv_reader {
public:
    /// Largest record accepted; longer ones are reported, not loaded.
    static constexpr std::size_t max_record_bytes = 1u << 20;

    /// Opens `path` ("-" is standard input), once: a pipe or a device is read
    /// as a stream like a file. Throws `footprint.io.read` when it cannot, or
    /// when `path` is a folder.
    explicit csv_reader(const std::string& path);
    /// Reads from memory (tests, in-process services).
    static csv_reader from_string(std::string text, std::string name = "<memory>");
    csv_reader(csv_reader&&) noexcept;
    csv_reader& operator=(csv_reader&&) noexcept;
    ~csv_reader();

    /// Reads the next record; false at end of input. A malformed record is
    /// still returned (with `problem` set) so that the caller can quarantine
    /// it, and reading goes on at the next line.
    bool next(csv_record& out);

    [[nodiscard]] const std::string& name() const { return name_; }
    [[nodiscard]] std::uint64_t bytes_read() const { return consumed_total_; }
    [[nodiscard]] bool had_bom() const { return bom_; }

private:
    csv_reader() = default;
    bool fill();  // reads more input; false at EOF

    // The steps of next(), in csv_reader.cpp.
    struct record_scan;
    void skip_bom();
    record_scan find_record_end();
    void skip_long_record(std::size_t scan, csv_record& out);
    void finish_skip();
    static void split_plain(std::string_view rec, csv_record& out);
    void split_quoted(std::string_view rec, csv_record& out);

    std::string name_;
    std::FILE* file_ = nullptr;
    std::string buffer_;
    std::size_t pos_ = 0;        // next unread byte in buffer_
    std::size_t end_ = 0;        // bytes valid in buffer_
    bool eof_ = false;
    bool bom_ = false;
    bool started_ = false;
    // An over-long record is skipped to its line break by the NEXT call, not the
    // one that reports it: a caller that stops at an over-long header never waits
    // for a line break that an endless input (/dev/zero) never sends.
    bool skip_pending_ = false;
    std::uint64_t line_ = 1;
    std::uint64_t consumed_total_ = 0;
    std::string unquoted_;       // storage for fields that contained ""
    std::vector<std::string> unquoted_fields_;
};

}  // namespace footprint
