// A frame's rows as records for a shipment_reader (frame_records.hpp).
#include "footprint/compute/frame_records.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include "compute/detail/frame_reader.hpp"
#include "footprint/core/calendar.hpp"
#include "footprint/core/error.hpp"
#include "footprint/core/text.hpp"

namespace footprint {

namespace {

void append_integer(std::int64_t v, std::string& out) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

void append_double(double x, std::string& out) {
    if (std::isnan(x)) return;
    if (x == std::floor(x) && std::fabs(x) < 9007199254740992.0) return append_integer(static_cast<std::int64_t>(x), out);
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, x);
    out.append(buf, r.ptr);
}

/// `text` as a CSV field: in double quotes, its quotes doubled, when it holds a comma, a quote, CR or LF.
void append_field(std::string_view text, std::string& out) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += text;
        return;
    }
    out += '"';
    for (char ch : text) {
        if (ch == '"') out += '"';
        out += ch;
    }
    out += '"';
}

void check_storage(const frame_view& frame) {
    diagnostics problems;
    for (const auto& c : frame.columns)
        if (c.storage == frame_storage::unsupported)
            problems.add("footprint.frame.dtype", source_location{frame.name, 0, 0, c.name, {}},
                         "column '" + c.name + "' has values footprint cannot read",
                         "numbers, dates, categories or text", c.dtype.empty() ? std::string("?") : c.dtype);
    problems.throw_if_any();
}

class frame_record_source final : public record_source {
public:
    explicit frame_record_source(const frame_view& frame) : frame_(frame) {
        check_storage(frame_);
        fields_.resize(frame_.columns.size());
    }

    bool next(csv_record& out) override {
        if (row_ > frame_.rows) return false;
        const bool header = row_ == 0;
        const std::size_t r = row_ - 1;
        out.line = row_ + 1;
        out.problem.clear();
        out.problem_column = 0;
        out.fields.clear();
        raw_.clear();
        for (std::size_t c = 0; c < frame_.columns.size(); ++c) {
            std::string& f = fields_[c];
            f.clear();
            if (header) f = frame_.columns[c].name;
            else frame_value_text(frame_.columns[c], r, f);
            if (c) raw_ += ',';
            append_field(f, raw_);
        }
        for (const auto& f : fields_) out.fields.emplace_back(f);
        bytes_ += raw_.size() + 1;
        ++row_;
        // What the CSV reader reports of a record, it reports of a row too.
        if (raw_.size() > csv_reader::max_record_bytes) {
            out.problem = "record longer than " + std::to_string(csv_reader::max_record_bytes) + " bytes";
            out.raw = std::string_view();
            out.fields.clear();
            return true;
        }
        out.raw = raw_;
        if (!valid_utf8(raw_)) {
            out.problem = "invalid UTF-8";
            out.fields.clear();
        }
        return true;
    }
    [[nodiscard]] const std::string& name() const override { return frame_.name; }
    [[nodiscard]] std::uint64_t bytes_read() const override { return bytes_; }

private:
    frame_view frame_;
    std::size_t row_ = 0;  // 0: the header; r + 1: row r
    std::vector<std::string> fields_;
    std::string raw_;
    std::uint64_t bytes_ = 0;
};

}  // namespace

void frame_value_text(const frame_column& c, std::size_t r, std::string& out) {
    switch (c.storage) {
        case frame_storage::float64: append_double(c.float64[r], out); break;
        case frame_storage::int64: append_integer(c.int64[r], out); break;
        case frame_storage::datetime64_ns:
            if (c.datetime64_ns[r] != std::numeric_limits<std::int64_t>::min())
                out += format_iso_date(detail::frame_days_from_ns(c.datetime64_ns[r]));
            break;
        case frame_storage::codes: {
            const std::int32_t k = c.code_at(r);
            if (k >= 0 && static_cast<std::size_t>(k) < c.categories.size()) out += c.categories[static_cast<std::size_t>(k)];
            break;
        }
        case frame_storage::texts:
            if (c.texts[r].data() != nullptr) out += c.texts[r];
            break;
        case frame_storage::unsupported: break;
    }
}

std::string frame_row_text(const frame_view& frame, std::size_t r) {
    std::string line, value;
    for (std::size_t c = 0; c < frame.columns.size(); ++c) {
        value.clear();
        if (r == std::string::npos) value = frame.columns[c].name;
        else frame_value_text(frame.columns[c], r, value);
        if (c) line += ',';
        append_field(value, line);
    }
    return line;
}

std::string frame_csv_text(const frame_view& frame, bool header) {
    check_storage(frame);
    std::string text;
    if (header) text += frame_row_text(frame, std::string::npos) + "\n";
    for (std::size_t r = 0; r < frame.rows; ++r) {
        text += frame_row_text(frame, r);
        text += '\n';
    }
    return text;
}

std::unique_ptr<record_source> frame_records(const frame_view& frame) {
    return std::make_unique<frame_record_source>(frame);
}

}  // namespace footprint
