// A project's loss record (loss_record.hpp, docs/ccer-project.md).

#include "footprint/project/loss_record.hpp"

#include <charconv>
#include <fstream>
#include <map>
#include <sstream>

#include "footprint/core/digest.hpp"
#include "footprint/core/error.hpp"
#include "footprint/ingest/csv_reader.hpp"

namespace footprint {

namespace {

constexpr const char* loss_columns[] = {"month", "reusable_product", "units_written_off"};

/// 1-based byte column of a field within its record (0 when the field is not a view into the record).
std::uint32_t column_of(const csv_record& r, std::string_view field) {
    const char* b = r.raw.data();
    if (field.data() < b || field.data() > b + r.raw.size()) return 0;
    return static_cast<std::uint32_t>(field.data() - b) + 1;
}

bool valid_month(std::string_view s) {
    if (s.size() != 7 || s[4] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6})
        if (s[i] < '0' || s[i] > '9') return false;
    const int m = (s[5] - '0') * 10 + (s[6] - '0');
    return m >= 1 && m <= 12 && s.substr(0, 4) >= "1900";
}

/// Reads the header: the column index of each of loss_columns, -1 when missing; reports missing, unknown and
/// repeated columns.
std::vector<int> header_columns(const csv_record& h, const std::string& name, diagnostics& out) {
    std::vector<int> at(std::size(loss_columns), -1);
    for (std::size_t i = 0; i < h.fields.size(); ++i) {
        const std::string f(h.fields[i]);
        source_location where{name, static_cast<std::uint32_t>(h.line), column_of(h, h.fields[i]), "header", {}};
        std::size_t k = 0;
        while (k < std::size(loss_columns) && f != loss_columns[k]) ++k;
        if (k == std::size(loss_columns))
            out.add("footprint.project.loss-record", where, "unknown column",
                    "month, reusable_product, units_written_off", f);
        else if (at[k] >= 0)
            out.add("footprint.project.loss-record", where, "the column is given twice", "each column once", f);
        else
            at[k] = static_cast<int>(i);
    }
    for (std::size_t k = 0; k < at.size(); ++k)
        if (at[k] < 0)
            out.add("footprint.project.loss-record", source_location{name, static_cast<std::uint32_t>(h.line), 1, "header", {}},
                    std::string("the column ") + loss_columns[k] + " is missing",
                    "a header month,reusable_product,units_written_off");
    return at;
}

}  // namespace

loss_record parse_loss_record(const std::string& text, const std::string& name) {
    loss_record out;
    out.name = name;
    out.digest = sha256_hex(text);
    diagnostics problems;
    csv_reader reader = csv_reader::from_string(text, name);
    csv_record rec;
    if (!reader.next(rec) || (rec.fields.size() == 1 && rec.fields[0].empty())) {
        problems.add("footprint.project.loss-record", source_location{name, 1, 1, "header", {}}, "the file is empty",
                     "a header month,reusable_product,units_written_off and one row per month and product");
        problems.throw_if_any();
    }
    if (!rec.problem.empty()) {
        problems.add("footprint.project.loss-record", source_location{name, static_cast<std::uint32_t>(rec.line), rec.problem_column, "header", {}},
                     rec.problem, "a well-formed CSV header");
        problems.throw_if_any();
    }
    const std::vector<int> at = header_columns(rec, name, problems);
    problems.throw_if_any();
    const std::size_t width = rec.fields.size();
    std::map<std::pair<std::string, std::string>, std::uint64_t> seen;  // (month, product) -> line
    while (reader.next(rec)) {
        const auto line = static_cast<std::uint32_t>(rec.line);
        if (!rec.problem.empty()) {
            problems.add("footprint.project.loss-record", source_location{name, line, rec.problem_column, {}, {}}, rec.problem,
                         "a well-formed CSV record");
            continue;
        }
        if (rec.fields.size() == 1 && rec.fields[0].empty()) continue;  // a blank line
        if (rec.fields.size() != width) {
            problems.add("footprint.project.loss-record", source_location{name, line, 1, {}, {}},
                         "the row has another number of fields than the header", std::to_string(width) + " fields",
                         std::to_string(rec.fields.size()));
            continue;
        }
        auto field = [&](std::size_t k) { return rec.fields[static_cast<std::size_t>(at[k])]; };
        auto where = [&](std::size_t k) {
            return source_location{name, line, column_of(rec, field(k)), loss_columns[k], {}};
        };
        loss_entry e;
        e.line = rec.line;
        bool ok = true;
        e.month = std::string(field(0));
        if (!valid_month(e.month)) {
            problems.add("footprint.project.loss-record", where(0), "not a month", "YYYY-MM, e.g. 2021-03", e.month);
            ok = false;
        }
        e.reusable_product = std::string(field(1));
        if (e.reusable_product.empty()) {
            problems.add("footprint.project.loss-record", where(1), "no product", "a reusable product's catalog id");
            ok = false;
        }
        const std::string_view n = field(2);
        const auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), e.units_written_off);
        if (n.empty() || ec != std::errc() || end != n.data() + n.size() || e.units_written_off < 0) {
            problems.add("footprint.project.loss-record", where(2), "not a count of units",
                         "a whole number of units, 0 or more", std::string(n));
            ok = false;
        }
        if (!ok) continue;
        auto [it, fresh] = seen.emplace(std::make_pair(e.month, e.reusable_product), rec.line);
        if (!fresh) {
            problems.add("footprint.project.loss-record", where(0), "this month and product are listed twice",
                         "one row per month and product (first at line " + std::to_string(it->second) + ")",
                         e.month + " " + e.reusable_product);
            continue;
        }
        out.entries.push_back(std::move(e));
    }
    problems.throw_if_any();
    return out;
}

loss_record read_loss_record(const std::filesystem::path& path, const std::string& name) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw error("footprint.io.read", source_location{name, 0, 0, "loss_record", {}}, "cannot open file",
                    "the loss record the project file names");
    std::ostringstream s;
    s << in.rdbuf();
    return parse_loss_record(s.str(), name);
}

}  // namespace footprint
