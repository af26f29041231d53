#pragma once
// A thin RAII layer over libxlsxwriter, private to the library: the one place
// that writes .xlsx workbooks (compute's results and quarantine, statements).
//
// Data goes into cells as what it is: a text with worksheet_write_string (a
// shared string, which a spreadsheet shows and never runs, so a customer id
// "=HYPERLINK(...)" stays text), a number with worksheet_write_number. This
// layer has no formula call at all. Grams are whole numbers; a spreadsheet
// holds numbers as IEEE doubles, exact up to 2^53, so a value beyond that
// (9 × 10^15 g, 9 Gt) is written as its exact digits in a text cell instead
// of a rounded number. A text longer than a cell holds (32 767 characters) is
// cut at a character boundary and ends in "… [cut]"; a text that is not UTF-8
// has each invalid byte as \xNN (core/text.hpp).
//
// The workbook is assembled in a scratch folder of its own (libxlsxwriter
// writes a file by name) and then handed over as bytes, so that it joins a
// command's other outputs in their output_set: all files or none. A sheet
// fuller than a spreadsheet's 1 048 576 rows continues on a sheet named
// "NAME 2", "NAME 3", …, each with the header row.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

namespace footprint {
class atomic_file;
}

namespace footprint::detail {

class xlsx_workbook;

/// A table on one or more sheets: a header row, then rows appended in order
/// (libxlsxwriter's constant-memory mode writes each row once, in order).
class xlsx_table {
public:
    /// Starts the next row.
    void next_row();
    void text(std::string_view s);
    void integer(std::int64_t v);
    void count(std::uint64_t v);
    void number(double v);
    void blank();
    /// A date cell (shown YYYY-MM-DD) from days since 1970-01-01; before
    /// 1 March 1900, where spreadsheet dates are not reliable, the ISO text.
    void date(std::int32_t days);
    void flag(bool v);
    /// Rows written so far, the header not counted.
    [[nodiscard]] std::uint64_t rows() const { return rows_; }

private:
    friend class xlsx_workbook;
    xlsx_table(xlsx_workbook& book, std::string name, std::vector<std::string> header);
    void open_sheet();
    lxw_worksheet* sheet() const { return sheet_; }

    xlsx_workbook* book_;
    std::string name_;
    std::vector<std::string> header_;
    lxw_worksheet* sheet_ = nullptr;
    unsigned part_ = 0;
    std::uint32_t row_ = 0;  // the sheet row being written
    std::uint16_t col_ = 0;
    std::uint64_t rows_ = 0;
};

class xlsx_workbook {
public:
    /// `constant_memory`: rows go to temporary files as they are written
    /// (compute's millions of rows); otherwise they are kept in memory.
    explicit xlsx_workbook(bool constant_memory);
    xlsx_workbook(const xlsx_workbook&) = delete;
    xlsx_workbook& operator=(const xlsx_workbook&) = delete;
    ~xlsx_workbook();

    /// A sheet (or sheets) with `header` in bold on its first row, frozen.
    xlsx_table& table(std::string name, std::vector<std::string> header);

    /// Closes the workbook and returns the .xlsx file's bytes; throws
    /// `footprint.io.write` naming `for_file` when libxlsxwriter fails.
    std::string finish(const std::filesystem::path& for_file);
    /// The same, written to `out` in pieces (a results workbook can be
    /// hundreds of MB: it is not held in memory).
    void finish_into(atomic_file& out);

private:
    friend class xlsx_table;
    lxw_worksheet* add_sheet(const std::string& name);
    [[noreturn]] void fail(const std::string& what, int lxw_error) const;
    /// Closes the workbook and hands its bytes to `sink`, a piece at a time.
    void close(const std::filesystem::path& for_file, const std::function<void(std::string_view)>& sink);

    std::filesystem::path scratch_;
    lxw_workbook* book_ = nullptr;
    lxw_format* bold_ = nullptr;
    lxw_format* date_ = nullptr;
    std::vector<std::unique_ptr<xlsx_table>> tables_;
};

}  // namespace footprint::detail
