// RFC 4180 record reader over a block-streamed file. See csv_reader.hpp.

#include "footprint/ingest/csv_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "footprint/core/atomic_file.hpp"  // io_reason
#include "footprint/core/error.hpp"

namespace footprint {

namespace {
constexpr std::size_t block_size = 1u << 22;  // 4 MiB per read
// Marks a field whose content had "" and lives in unquoted_fields_; its view
// is patched once all fields are known (the vector may move while growing).
const char escape_marker = 0;
}

csv_reader::csv_reader(const std::string& path) : name_(path == "-" ? "<standard input>" : path) {
    int fd = path == "-" ? ::dup(STDIN_FILENO) : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw error("footprint.io.read", source_location{name_, 0, 0, {}, {}}, "cannot open file: " + io_reason(errno),
                    "a readable CSV file");
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        ::close(fd);
        throw error("footprint.io.read", source_location{name_, 0, 0, {}, {}}, "is a folder", "a readable CSV file");
    }
    file_ = ::fdopen(fd, "rb");
    if (file_ == nullptr) {
        ::close(fd);
        throw error("footprint.io.read", source_location{name_, 0, 0, {}, {}}, "cannot open file", "a readable CSV file");
    }
}

csv_reader csv_reader::from_string(std::string text, std::string name) {
    csv_reader r;
    r.name_ = std::move(name);
    r.buffer_ = std::move(text);
    r.end_ = r.buffer_.size();
    r.eof_ = true;
    return r;
}

csv_reader::csv_reader(csv_reader&& o) noexcept { *this = std::move(o); }
csv_reader& csv_reader::operator=(csv_reader&& o) noexcept {
    if (this != &o) {
        if (file_) std::fclose(file_);
        name_ = std::move(o.name_);
        file_ = o.file_;
        o.file_ = nullptr;
        buffer_ = std::move(o.buffer_);
        pos_ = o.pos_;
        end_ = o.end_;
        eof_ = o.eof_;
        bom_ = o.bom_;
        started_ = o.started_;
        skip_pending_ = o.skip_pending_;
        line_ = o.line_;
        consumed_total_ = o.consumed_total_;
    }
    return *this;
}
csv_reader::~csv_reader() {
    if (file_) std::fclose(file_);
}

bool csv_reader::fill() {
    if (eof_) return false;
    // Keep the unread tail, append a new block.
    if (pos_ > 0) {
        std::memmove(buffer_.data(), buffer_.data() + pos_, end_ - pos_);
        end_ -= pos_;
        pos_ = 0;
    }
    if (buffer_.size() < end_ + block_size) buffer_.resize(end_ + block_size);
    std::size_t got = std::fread(buffer_.data() + end_, 1, block_size, file_);
    end_ += got;
    if (got < block_size) eof_ = true;
    return got > 0;
}

// What find_record_end learned about the record at pos_.
struct csv_reader::record_scan {
    std::size_t end = 0;            // index of the record's '\n', or of the end of the input
    std::size_t breaks_inside = 0;  // line breaks inside quoted fields
    bool quoted = false;            // the record has a quote: split it with split_quoted
    bool open_quote = false;        // a quoted field is still open where the scan stopped
};

bool csv_reader::next(csv_record& out) {
    out.fields.clear();
    out.problem.clear();
    out.problem_column = 0;
    unquoted_fields_.clear();
    if (!started_) {
        started_ = true;
        skip_bom();
    }
    if (skip_pending_) finish_skip();
    const record_scan scan = find_record_end();
    if (pos_ >= end_ && scan.end >= end_) return false;  // end of input

    std::size_t rec_end = scan.end;                                  // index of '\n' or end
    std::size_t next_pos = scan.end < end_ ? scan.end + 1 : scan.end;  // skip the '\n'
    out.line = line_;
    line_ += 1 + scan.breaks_inside;

    if (rec_end - pos_ > max_record_bytes) {
        skip_long_record(scan.end, out);
        return true;
    }
    std::string_view rec(buffer_.data() + pos_, rec_end - pos_);
    if (!rec.empty() && rec.back() == '\r') rec.remove_suffix(1);
    out.raw = rec;
    consumed_total_ += next_pos - pos_;
    pos_ = next_pos;

    if (!valid_utf8(rec)) {
        out.problem = "invalid UTF-8";
        return true;
    }
    if (scan.open_quote) {
        out.problem = "a quoted field is not closed before the end of the file";
        return true;
    }
    // A record without a quote (most are: find_record_end found none) splits at every comma.
    if (!scan.quoted) split_plain(rec, out);
    else split_quoted(rec, out);
    return true;
}

/// A UTF-8 byte-order mark at the very start of the input is skipped (and remembered).
void csv_reader::skip_bom() {
    while (end_ - pos_ < 3 && fill()) {
    }
    if (end_ - pos_ >= 3 && std::memcmp(buffer_.data() + pos_, "\xEF\xBB\xBF", 3) == 0) {
        bom_ = true;
        pos_ += 3;
        consumed_total_ += 3;
    }
}

/// Finds the end of the record at pos_: a line break outside quotes, refilling
/// the buffer as needed; stops early once the record is longer than
/// max_record_bytes (next() then skips it).
///
/// Most records have no quotes: find the line break with memchr and check
/// the line for a quote the same way. A line with a quote is walked with
/// the RFC 4180 states: a quote opens a field only at the field's start,
/// "" inside it is a quote, and a line break inside it belongs to the field.
csv_reader::record_scan csv_reader::find_record_end() {
    std::size_t scan = pos_;
    bool in_quotes = false;
    bool field_start = true;
    bool slow = false;
    std::size_t breaks_inside = 0;
    for (;;) {
        if (scan >= end_ || (in_quotes && scan + 1 >= end_ && !eof_)) {
            std::size_t offset = scan - pos_;
            if (end_ - pos_ > max_record_bytes) break;  // too long: next() skips it
            if (!fill()) {
                if (scan >= end_) break;
            }
            scan = pos_ + offset;
            continue;
        }
        if (!slow) {
            const char* base = buffer_.data();
            const void* nl = std::memchr(base + scan, '\n', end_ - scan);
            std::size_t stop = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - base) : end_;
            if (std::memchr(base + scan, '"', stop - scan) == nullptr) {
                scan = stop;
                if (nl) break;
                if (scan - pos_ > max_record_bytes) break;
                continue;
            }
            slow = true;  // walk this record from its start
            scan = pos_;
            field_start = true;
            continue;
        }
        char c = buffer_[scan];
        if (in_quotes) {
            if (c == '"') {
                if (scan + 1 < end_ && buffer_[scan + 1] == '"') ++scan;  // escaped quote
                else in_quotes = false;
            } else if (c == '\n') {
                ++breaks_inside;
            }
        } else if (c == '\n') {
            break;
        } else if (c == '"' && field_start) {
            in_quotes = true;
        }
        field_start = !in_quotes && c == ',';
        ++scan;
        if (scan - pos_ > max_record_bytes) break;
    }
    return record_scan{scan, breaks_inside, slow, in_quotes};
}

/// An over-long record is reported, not loaded: skip to the next line break,
/// refilling the buffer as needed, without keeping the record's bytes.
void csv_reader::skip_long_record(std::size_t scan, csv_record& out) {
    out.problem = "record longer than " + std::to_string(max_record_bytes) + " bytes";
    out.raw = std::string_view();
    consumed_total_ += scan - pos_;
    pos_ = scan;
    skip_pending_ = true;  // the rest of the record is skipped by the next call (finish_skip)
}

/// Skips the rest of an over-long record up to and including its line break,
/// refilling the buffer as needed, without keeping the record's bytes.
void csv_reader::finish_skip() {
    skip_pending_ = false;
    std::size_t scan = pos_;
    for (;;) {
        while (scan < end_ && buffer_[scan] != '\n') ++scan;
        if (scan < end_) break;
        consumed_total_ += scan - pos_;
        pos_ = scan = end_;
        if (!fill()) break;
        scan = pos_;
    }
    consumed_total_ += (scan < end_ ? scan + 1 : scan) - pos_;
    pos_ = scan < end_ ? scan + 1 : scan;
}

/// A record without a quote: a field between every two commas.
void csv_reader::split_plain(std::string_view rec, csv_record& out) {
    const char* p = rec.data();
    const char* const e = p + rec.size();
    for (;;) {
        const void* comma = std::memchr(p, ',', static_cast<std::size_t>(e - p));
        if (comma == nullptr) {
            out.fields.emplace_back(p, static_cast<std::size_t>(e - p));
            break;
        }
        const char* c = static_cast<const char*>(comma);
        out.fields.emplace_back(p, static_cast<std::size_t>(c - p));
        p = c + 1;
    }
}

/// A record with a quote, split with the RFC 4180 rules. A quoted field with
/// "" inside is unquoted into unquoted_fields_; a quote in the middle of an
/// unquoted field or text after a closing quote sets the record's problem.
void csv_reader::split_quoted(std::string_view rec, csv_record& out) {
    std::size_t i = 0;
    const std::size_t n = rec.size();
    for (;;) {
        if (i < n && rec[i] == '"') {
            std::size_t start = i + 1;
            std::size_t j = start;
            bool escaped = false;
            for (;;) {
                if (j >= n) break;
                if (rec[j] == '"') {
                    if (j + 1 < n && rec[j + 1] == '"') {
                        escaped = true;
                        j += 2;
                        continue;
                    }
                    break;
                }
                ++j;
            }
            std::string_view content = rec.substr(start, j - start);
            if (escaped) {
                std::string u;
                u.reserve(content.size());
                for (std::size_t k = 0; k < content.size(); ++k) {
                    u += content[k];
                    if (content[k] == '"') ++k;
                }
                unquoted_fields_.push_back(std::move(u));
                out.fields.emplace_back(&escape_marker, 0);
            } else {
                out.fields.push_back(content);
            }
            i = j + 1;  // past the closing quote
            if (i < n && rec[i] != ',') {
                out.problem = "text after a closing quote";
                out.problem_column = static_cast<std::uint32_t>(i + 1);
                return;
            }
        } else {
            std::size_t j = i;
            while (j < n && rec[j] != ',') {
                if (rec[j] == '"') {
                    out.problem = "a quote inside an unquoted field";
                    out.problem_column = static_cast<std::uint32_t>(j + 1);
                    return;
                }
                ++j;
            }
            out.fields.push_back(rec.substr(i, j - i));
            i = j;
        }
        if (i >= n) break;
        ++i;  // the comma
        if (i == n) {  // trailing comma: one more, empty field
            out.fields.emplace_back();
            break;
        }
    }
    // Point the escaped fields at their unquoted copies.
    if (!unquoted_fields_.empty()) {
        std::size_t k = 0;
        for (auto& f : out.fields)
            if (f.data() == &escape_marker) f = unquoted_fields_[k++];
    }
}

}  // namespace footprint
