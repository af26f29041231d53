// The .xlsx layer over libxlsxwriter. See core/detail/xlsx_workbook.hpp.

#include "core/detail/xlsx_workbook.hpp"

#include <xlsxwriter.h>

#include <unistd.h>

#include <atomic>
#include <fstream>

#include "footprint/core/atomic_file.hpp"
#include "footprint/core/calendar.hpp"
#include "footprint/core/error.hpp"
#include "footprint/core/text.hpp"

namespace footprint::detail {

namespace {

constexpr std::size_t max_cell_text = 32767;          // characters in one cell (Excel's limit)
constexpr std::uint32_t max_rows = LXW_ROW_MAX;        // rows of one sheet, the header included
constexpr double exact_limit = 9007199254740992.0;     // 2^53: every integer up to it is a double

/// `s` as a cell can hold it: valid UTF-8, at most 32 767 characters (cut at a
/// character boundary, marked).
std::string cell_text(std::string_view s) {
    std::string t = valid_utf8(s) ? std::string(s) : escape_invalid_utf8(s);
    auto starts_char = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
    std::size_t chars = 0, cut = t.size();
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (!starts_char(t[i])) continue;
        if (chars == max_cell_text - 7) cut = i;  // room for the mark, 7 characters
        ++chars;
    }
    if (chars <= max_cell_text) return t;
    t.resize(cut);
    return t + "… [cut]";
}

}  // namespace

// ---- xlsx_table ---------------------------------------------------------------------

xlsx_table::xlsx_table(xlsx_workbook& book, std::string name, std::vector<std::string> header)
    : book_(&book), name_(std::move(name)), header_(std::move(header)) {
    open_sheet();
}

void xlsx_table::open_sheet() {
    ++part_;
    sheet_ = book_->add_sheet(part_ == 1 ? name_ : name_ + " " + std::to_string(part_));
    for (std::size_t c = 0; c < header_.size(); ++c) {
        const lxw_error e = worksheet_write_string(sheet_, 0, static_cast<lxw_col_t>(c), cell_text(header_[c]).c_str(),
                                                   book_->bold_);
        if (e != LXW_NO_ERROR) book_->fail("the header of sheet " + name_, e);
    }
    if (!header_.empty()) {
        worksheet_freeze_panes(sheet_, 1, 0);
        worksheet_set_column(sheet_, 0, static_cast<lxw_col_t>(header_.size() - 1), 16, nullptr);
    }
    row_ = 0;
    col_ = 0;
}

void xlsx_table::next_row() {
    if (row_ + 1 >= max_rows) open_sheet();
    ++row_;
    col_ = 0;
    ++rows_;
}

void xlsx_table::text(std::string_view s) {
    // A string cell, whatever it starts with: never a formula.
    const lxw_error e = worksheet_write_string(sheet_, row_, col_, cell_text(s).c_str(), nullptr);
    if (e != LXW_NO_ERROR) book_->fail("a text on sheet " + name_, e);
    ++col_;
}

void xlsx_table::number(double v) {
    const lxw_error e = worksheet_write_number(sheet_, row_, col_, v, nullptr);
    if (e != LXW_NO_ERROR) book_->fail("a number on sheet " + name_, e);
    ++col_;
}

void xlsx_table::integer(std::int64_t v) {
    const double d = static_cast<double>(v);
    if (d >= -exact_limit && d <= exact_limit) number(d);
    else text(std::to_string(v));  // beyond 2^53 a double would round it: the exact digits as text
}

void xlsx_table::count(std::uint64_t v) {
    if (v <= static_cast<std::uint64_t>(exact_limit)) number(static_cast<double>(v));
    else text(std::to_string(v));
}

void xlsx_table::blank() { ++col_; }

void xlsx_table::date(std::int32_t days) {
    // Spreadsheet serial dates count from 1899-12-30 (25 569 days before 1970-01-01);
    // below 61 (1900-03-01) they run through a 29 February 1900 that never was.
    const double serial = static_cast<double>(days) + 25569.0;
    if (serial < 61) {
        text(format_iso_date(days));
        return;
    }
    const lxw_error e = worksheet_write_number(sheet_, row_, col_, serial, book_->date_);
    if (e != LXW_NO_ERROR) book_->fail("a date on sheet " + name_, e);
    ++col_;
}

void xlsx_table::flag(bool v) {
    const lxw_error e = worksheet_write_boolean(sheet_, row_, col_, v ? 1 : 0, nullptr);
    if (e != LXW_NO_ERROR) book_->fail("a flag on sheet " + name_, e);
    ++col_;
}

// ---- xlsx_workbook ------------------------------------------------------------------

xlsx_workbook::xlsx_workbook(bool constant_memory) {
    static std::atomic<unsigned> counter{0};
    scratch_ = std::filesystem::temp_directory_path() /
               ("footprint-xlsx-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::error_code ec;
    std::filesystem::create_directories(scratch_, ec);
    if (ec)
        throw error("footprint.io.write", source_location{scratch_.string(), 0, 0, {}, {}},
                    "cannot make a scratch folder for a workbook: " + ec.message(), "a writable temporary folder");
    lxw_workbook_options options{};
    options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
    options.use_zip64 = LXW_TRUE;  // a results workbook can pass 4 GB
    const std::string file = (scratch_ / "book.xlsx").string();
    const std::string tmp = scratch_.string();
    options.tmpdir = const_cast<char*>(tmp.c_str());  // NOLINT: libxlsxwriter copies it
    book_ = workbook_new_opt(file.c_str(), &options);
    if (!book_) {
        std::filesystem::remove_all(scratch_, ec);
        throw error("footprint.io.write", source_location{file, 0, 0, {}, {}}, "cannot start a workbook",
                    "memory and a writable temporary folder");
    }
    bold_ = workbook_add_format(book_);
    format_set_bold(bold_);
    date_ = workbook_add_format(book_);
    format_set_num_format(date_, "yyyy-mm-dd");
}

xlsx_workbook::~xlsx_workbook() {
    // Not finished (an error on the way): libxlsxwriter has no "discard", so the
    // workbook is closed into the scratch folder, which is then removed.
    if (book_) workbook_close(book_);
    std::error_code ec;
    std::filesystem::remove_all(scratch_, ec);
}

lxw_worksheet* xlsx_workbook::add_sheet(const std::string& name) {
    lxw_worksheet* s = workbook_add_worksheet(book_, name.c_str());
    if (!s)
        throw error("footprint.io.write", source_location{"<workbook>", 0, 0, {}, {}}, "cannot add sheet " + name,
                    "a sheet name of at most 31 characters, new in the workbook");
    return s;
}

xlsx_table& xlsx_workbook::table(std::string name, std::vector<std::string> header) {
    tables_.push_back(std::unique_ptr<xlsx_table>(new xlsx_table(*this, std::move(name), std::move(header))));
    return *tables_.back();
}

void xlsx_workbook::fail(const std::string& what, int lxw_error) const {
    throw error("footprint.io.write", source_location{"<workbook>", 0, 0, {}, {}},
                "cannot write " + what + ": " + lxw_strerror(static_cast<enum lxw_error>(lxw_error)),
                "a cell libxlsxwriter accepts");
}

void xlsx_workbook::close(const std::filesystem::path& for_file, const std::function<void(std::string_view)>& sink) {
    const lxw_error e = workbook_close(book_);
    book_ = nullptr;
    if (e != LXW_NO_ERROR)
        throw error("footprint.io.write", source_location{for_file.string(), 0, 0, {}, {}},
                    std::string("cannot assemble the workbook: ") + lxw_strerror(e), "space in the temporary folder");
    std::ifstream in(scratch_ / "book.xlsx", std::ios::binary);
    std::string piece(1 << 20, '\0');
    std::size_t total = 0;
    while (in) {
        in.read(piece.data(), static_cast<std::streamsize>(piece.size()));
        const auto n = static_cast<std::size_t>(in.gcount());
        if (n == 0) break;
        sink(std::string_view(piece.data(), n));
        total += n;
    }
    if (total == 0 || in.bad())
        throw error("footprint.io.write", source_location{for_file.string(), 0, 0, {}, {}},
                    "cannot read back the assembled workbook", "a readable temporary folder");
}

std::string xlsx_workbook::finish(const std::filesystem::path& for_file) {
    std::string bytes;
    close(for_file, [&bytes](std::string_view piece) { bytes.append(piece); });
    return bytes;
}

void xlsx_workbook::finish_into(atomic_file& out) {
    close(out.target(), [&out](std::string_view piece) { out.write(piece); });
}

}  // namespace footprint::detail
