#pragma once
// Shipments handed over as columns in memory instead of CSV: a pandas
// DataFrame (through the Python bindings), Arrow arrays, or a service's own
// buffers. The same checks as the CSV ingest (shipments.hpp), with the same
// error ids and messages, so that a row is accepted or rejected for the same
// reason whichever way it arrives:
//
// - column names are matched against the plan's schema and may carry a unit
//   (`loaded_distance[mi]`); a missing, duplicate or extra column, a unit that
//   does not fit, or a column whose storage cannot hold its parameter (dates
//   in a float column) stops everything with one error listing them all
//   (`footprint.shipment.*-column`, `footprint.shipment.header-unit`,
//   `footprint.frame.dtype`);
// - every row is then accepted or rejected with its reason: missing value
//   (NaN, NaT, None, empty text), not finite, not a number, not an integer,
//   negative, out of range, not a flag, not a date, unknown product or
//   region, duplicate or missing shipment id.
//
// Storage per column: float64 (NaN is a missing value, as an empty CSV
// field), int64, datetime64[ns] (NaT missing), dictionary codes of 1, 2 or 4
// bytes into category texts (negative: missing; pandas' Categorical codes as
// they are) or one text per row (a view with a null data pointer: missing). Texts are read exactly as CSV fields are: trimmed of spaces and
// tabs, numbers with std::from_chars, dates as YYYY-MM-DD, flags 1/0,
// true/false, yes/no. A category is checked once, not once per row.
//
// Rows are read in batches, like shipment_reader: `next` checks rows until a
// batch is full and hands the accepted ones to the plan (plan_view) as
// numbers in coherent units and categorical columns dictionary-encoded in
// order of first appearance among accepted rows, as the CSV reader does, so
// plans resolve the same table entries. A float64 column already in coherent
// units reaches the plan without a copy when no row of the batch was rejected.
//
// The frame's memory (and the texts it points to) must outlive the
// frame_shipments made from it. Nothing here touches the outside world, so it
// is header-only.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "footprint/products/catalog.hpp"
#include "footprint/compute/engine.hpp"
#include "footprint/core/error.hpp"
#include "footprint/core/number_text.hpp"
#include "footprint/plan/plan.hpp"
#include "footprint/factors/region.hpp"
#include "footprint/ingest/shipments.hpp"
#include "footprint/quantities/unit_registry.hpp"

namespace footprint {

/// How a column's values are stored.
enum class frame_storage : unsigned char { float64, int64, datetime64_ns, codes, texts, unsupported };

/// One column: a name (which may carry a unit) and a pointer to `rows` values.
struct frame_column {
    std::string name;
    frame_storage storage = frame_storage::float64;
    const double* float64 = nullptr;              ///< NaN: missing
    const std::int64_t* int64 = nullptr;          ///< integers (never missing)
    const std::int64_t* datetime64_ns = nullptr;  ///< ns since 1970-01-01; INT64_MIN (NaT): missing
    const void* codes = nullptr;                  ///< into `categories`; negative: missing
    unsigned char code_width = 4;                 ///< bytes per code: 1, 2 or 4 (signed)
    std::vector<std::string_view> categories;
    const std::string_view* texts = nullptr;      ///< per row; data() == nullptr: missing
    std::string dtype;                            ///< the caller's name of the type, for messages

    [[nodiscard]] std::int32_t code_at(std::size_t r) const {
        switch (code_width) {
            case 1: return static_cast<const std::int8_t*>(codes)[r];
            case 2: return static_cast<const std::int16_t*>(codes)[r];
            default: return static_cast<const std::int32_t*>(codes)[r];
        }
    }
};

struct frame_view {
    std::string name = "<frame>";  ///< used as the file in locations
    std::size_t rows = 0;
    std::vector<frame_column> columns;
};

/// A row that was not accepted (by the checks, or by the plan), with why.
struct frame_reject {
    std::size_t row = 0;      ///< 0-based position in the frame
    std::string shipment_id;  ///< when it could be read
    diagnostic problem;
};

/// Accepted rows of one batch, column by column (schema order).
struct frame_batch {
    std::size_t rows = 0;
    std::vector<std::uint32_t> row;                 ///< frame position of each accepted row
    std::vector<std::vector<double>> numbers;       ///< numeric columns, coherent units
    std::vector<std::vector<std::int32_t>> codes;   ///< categorical: dictionary codes; date: days
    bool contiguous = false;                        ///< row[i] == row[0] + i (nothing rejected in between)
    void clear() {
        rows = 0;
        row.clear();
        for (auto& c : numbers) c.clear();
        for (auto& c : codes) c.clear();
        contiguous = false;
    }
};

namespace detail {

inline std::string_view frame_trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

inline bool frame_is_numeric(parameter_type t) {
    return t == parameter_type::number || t == parameter_type::integer || t == parameter_type::flag;
}

inline bool frame_is_categorical(parameter_type t) {
    return t == parameter_type::product || t == parameter_type::region || t == parameter_type::text;
}

/// A range limit as people write it (the same text as the CSV ingest).
inline std::string frame_limit_text(double v, const unit_spec& u) {
    std::string s = (v == std::floor(v) && std::fabs(v) < 1e15) ? std::to_string(static_cast<long long>(v)) : shortest_text(v);
    if (u.text != "1") s += " " + u.text;
    return s;
}

inline std::int32_t frame_days_from_ns(std::int64_t ns) {
    constexpr std::int64_t per_day = 86400LL * 1000000000LL;
    std::int64_t d = ns / per_day;
    if (ns % per_day != 0 && ns < 0) --d;  // floor, for days before 1970
    return static_cast<std::int32_t>(d);
}

/// What a check says when it refuses a value.
struct frame_problem {
    const char* id = nullptr;
    std::string message, expected, found;
};

/// The years footprint computes (1900-2100), as the CSV ingest checks them: a
/// plan's look-up tables span a batch's years.
inline bool frame_date_in_range(std::int32_t day) { return within_computable_years(day); }

inline frame_problem frame_date_range_problem(std::string found) {
    return {"footprint.shipment.date", "date outside the years footprint computes", "a date from 1900-01-01 to 2100-12-31",
            std::move(found)};
}

/// Shipment ids seen among accepted rows, for a frame whose ids are texts:
/// open addressing over the frame's own rows (no copy of the ids), sized once.
class frame_id_set {
public:
    explicit frame_id_set(std::size_t rows) {
        std::size_t n = 1024;
        while (n < rows * 2) n *= 2;
        slots_.assign(n, 0);
    }
    frame_id_set() = default;
    [[nodiscard]] bool ready() const { return !slots_.empty(); }
    /// Where `id` is or would go: found, and the slot.
    template <class TextAt>
    std::pair<bool, std::size_t> find(std::string_view id, TextAt&& text_at) const {
        const std::uint64_t h = std::hash<std::string_view>{}(id);
        const std::uint64_t tag = (h >> 32) | 1;  // never 0
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = static_cast<std::size_t>(h) & mask;; i = (i + 1) & mask) {
            const std::uint64_t s = slots_[i];
            if (s == 0) return {false, i};
            if ((s >> 32) == (tag & 0xFFFFFFFFu) && text_at(static_cast<std::size_t>(s & 0xFFFFFFFFu) - 1) == id)
                return {true, i};
        }
    }
    void insert_at(std::size_t slot, std::string_view id, std::size_t row) {
        const std::uint64_t h = std::hash<std::string_view>{}(id);
        const std::uint64_t tag = ((h >> 32) | 1) & 0xFFFFFFFFu;
        slots_[slot] = (tag << 32) | static_cast<std::uint64_t>(row + 1);
    }

private:
    std::vector<std::uint64_t> slots_;
};

}  // namespace detail

/// A frame checked against a plan's shipment schema, read in batches.
class frame_shipments {
public:
    /// Checks the columns; throws one `error` listing every column problem.
    frame_shipments(const frame_view& frame, shipment_schema schema, std::shared_ptr<const catalog> products,
                    std::shared_ptr<const region_tree> regions)
        : frame_(frame), schema_(std::move(schema)), products_(std::move(products)), regions_(std::move(regions)) {
        check_columns();
        prepare();
    }

    [[nodiscard]] const shipment_schema& schema() const { return schema_; }
    [[nodiscard]] const std::string& name() const { return frame_.name; }
    [[nodiscard]] std::size_t rows_in() const { return frame_.rows; }
    [[nodiscard]] std::size_t rows_read() const { return cursor_; }
    [[nodiscard]] std::size_t accepted() const { return accepted_; }
    [[nodiscard]] std::size_t rejected() const { return rejected_; }
    /// Dictionary of a categorical schema column (first appearance among accepted rows).
    [[nodiscard]] const std::vector<std::string>& dictionary(int column) const {
        return dictionaries_[static_cast<std::size_t>(column)];
    }
    /// The shipment id of frame row `row` (trimmed), as the frame holds it.
    [[nodiscard]] std::string_view shipment_id(std::size_t row) const { return text_at(id_field_, row); }

    /// Checks the next `batch_rows` rows (fewer at the end of the frame): the
    /// accepted ones form the batch, the others are appended to `rejects`
    /// with their reason. False when there was nothing left to read.
    bool next(frame_batch& out, std::vector<frame_reject>& rejects, std::size_t batch_rows = 65536) {
        out.clear();
        const std::size_t ncol = schema_.columns.size();
        out.numbers.resize(ncol);
        out.codes.resize(ncol);
        if (cursor_ >= frame_.rows) return false;
        const std::size_t r0 = cursor_;
        const std::size_t n = std::min(std::max<std::size_t>(batch_rows, 1), frame_.rows - r0);
        cursor_ += n;
        bad_.assign(n, ok_row);
        // 1. Column by column: each value checked and converted in a tight loop.
        for (std::size_t c = 0; c < ncol; ++c)
            if (c != column_shipment_id) check_block(c, r0, n, out);
        // 2. Shipment ids, in row order (a duplicate is one already accepted).
        check_ids(r0, n);
        // 3. The accepted rows, packed; the others reported.
        std::size_t j = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (bad_[i] != ok_row) {
                report(r0 + i, bad_[i], rejects);
                if (ids_increasing_) rejected_rows_.push_back(static_cast<std::uint32_t>(r0 + i));
                ++rejected_;
                continue;
            }
            if (j != i)
                for (std::size_t c = 0; c < ncol; ++c) {
                    if (!out.numbers[c].empty()) out.numbers[c][j] = out.numbers[c][i];
                    if (!out.codes[c].empty()) out.codes[c][j] = out.codes[c][i];
                    if (!text_scratch_[c].empty()) text_scratch_[c][j] = text_scratch_[c][i];
                }
            out.row.push_back(static_cast<std::uint32_t>(r0 + i));
            ++j;
        }
        out.rows = j;
        accepted_ += j;
        for (std::size_t c = 0; c < ncol; ++c) {
            if (!out.numbers[c].empty()) out.numbers[c].resize(j);
            if (!out.codes[c].empty()) out.codes[c].resize(j);
        }
        out.contiguous = j == n;
        encode_categories(out);
        return true;
    }

    /// A batch as plan input. Views point into the batch, this object or the
    /// frame, and into `scratch` for float64 columns gathered from the frame.
    [[nodiscard]] batch_input plan_view(const frame_batch& b, std::vector<std::vector<double>>& scratch) const {
        batch_input in;
        in.rows = b.rows;
        int inputs = 0;
        for (const auto& col : schema_.columns) inputs = std::max(inputs, col.plan_input + 1);
        in.columns.resize(static_cast<std::size_t>(inputs));
        scratch.resize(schema_.columns.size());
        for (std::size_t c = 0; c < schema_.columns.size(); ++c) {
            const shipment_column& col = schema_.columns[c];
            if (col.plan_input < 0) continue;
            column_view& v = in.columns[static_cast<std::size_t>(col.plan_input)];
            if (detail::frame_is_numeric(col.type)) {
                if (!direct_[c]) {
                    v.numbers = b.numbers[c].data();
                } else {
                    const double* src = frame_.columns[static_cast<std::size_t>(field_of_column_[c])].float64;
                    if (b.rows == 0 || b.contiguous) {
                        v.numbers = src + (b.rows ? b.row.front() : 0);  // straight from the frame
                    } else {
                        auto& buf = scratch[c];
                        buf.resize(b.rows);
                        for (std::size_t k = 0; k < b.rows; ++k) buf[k] = src[b.row[k]];
                        v.numbers = buf.data();
                    }
                }
            } else {
                v.codes = b.codes[c].data();
            }
            if (detail::frame_is_categorical(col.type)) v.dictionary = &dictionaries_[c];
        }
        return in;
    }

private:
    // ---- columns ------------------------------------------------------------------
    void check_columns() {
        const std::size_t ncol = schema_.columns.size();
        field_of_column_.assign(ncol, -1);
        header_scale_.assign(ncol, 1.0);
        diagnostics problems;
        auto where = [&](const std::string& field) { return source_location{frame_.name, 0, 0, field, {}}; };
        for (std::size_t f = 0; f < frame_.columns.size(); ++f) {
            const frame_column& fc = frame_.columns[f];
            std::string_view h = detail::frame_trim(fc.name);
            std::string name(h);
            std::optional<unit_spec> header_unit;
            if (auto lb = h.find('['); lb != std::string_view::npos && !h.empty() && h.back() == ']') {
                name = std::string(detail::frame_trim(h.substr(0, lb)));
                std::string_view u = h.substr(lb + 1, h.size() - lb - 2);
                header_unit = parse_unit(u, where(name), problems);
                if (!header_unit) continue;
            }
            int c = schema_.find(name);
            if (c < 0) {
                std::string expected;
                for (const auto& col : schema_.columns) expected += (expected.empty() ? "" : ", ") + col.name;
                problems.add("footprint.shipment.extra-column", where(name),
                             "column '" + name + "' is not a parameter of this methodology", "the columns " + expected, name);
                continue;
            }
            if (field_of_column_[static_cast<std::size_t>(c)] >= 0) {
                problems.add("footprint.shipment.duplicate-column", where(name), "column '" + name + "' appears twice",
                             "each column once", name);
                continue;
            }
            const shipment_column& col = schema_.columns[static_cast<std::size_t>(c)];
            if (header_unit) {
                if (!detail::frame_is_numeric(col.type) || col.type == parameter_type::flag) {
                    problems.add("footprint.shipment.header-unit", where(name), "column '" + name + "' takes no unit",
                                 "the bare name '" + name + "'", header_unit->text);
                    continue;
                }
                if (header_unit->dim != col.unit.dim) {
                    problems.add("footprint.shipment.header-unit", where(name),
                                 "unit '" + header_unit->text + "' (" + header_unit->dimension_name() +
                                     ") does not fit '" + name + "'",
                                 col.unit.dimension_name() + ", e.g. " + name + "[" + col.unit.text + "]",
                                 header_unit->text);
                    continue;
                }
                header_scale_[static_cast<std::size_t>(c)] = header_unit->to_coherent;
            } else {
                header_scale_[static_cast<std::size_t>(c)] =
                    detail::frame_is_numeric(col.type) && col.type != parameter_type::flag ? col.unit.to_coherent : 1.0;
            }
            // The storage must be able to hold the parameter.
            bool fits = false;
            switch (fc.storage) {
                case frame_storage::float64:
                case frame_storage::int64: fits = detail::frame_is_numeric(col.type); break;
                case frame_storage::datetime64_ns: fits = col.type == parameter_type::date; break;
                case frame_storage::codes:
                case frame_storage::texts: fits = true; break;
                case frame_storage::unsupported: fits = false; break;
            }
            const bool has_data = frame_.rows == 0 || (fc.storage == frame_storage::float64 && fc.float64) ||
                                  (fc.storage == frame_storage::int64 && fc.int64) ||
                                  (fc.storage == frame_storage::datetime64_ns && fc.datetime64_ns) ||
                                  (fc.storage == frame_storage::codes && fc.codes &&
                                   (fc.code_width == 1 || fc.code_width == 2 || fc.code_width == 4)) ||
                                  (fc.storage == frame_storage::texts && fc.texts);
            if (!fits || !has_data) {
                std::string expected;
                switch (col.type) {
                    case parameter_type::number:
                    case parameter_type::integer:
                    case parameter_type::flag: expected = "numbers (float, integer or bool), or text as in CSV"; break;
                    case parameter_type::date: expected = "dates (datetime64), or text YYYY-MM-DD"; break;
                    default: expected = "text (str, object or category)";
                }
                const std::string type(parameter_type_name(col.type));
                const bool vowel = !type.empty() && std::string_view("aeiou").find(type.front()) != std::string_view::npos;
                problems.add("footprint.frame.dtype", where(name),
                             "column '" + name + "' cannot hold " + (vowel ? "an " : "a ") + type + " parameter",
                             expected, fc.dtype.empty() ? std::string("?") : fc.dtype);
                continue;
            }
            field_of_column_[static_cast<std::size_t>(c)] = static_cast<int>(f);
        }
        for (std::size_t c = 0; c < ncol; ++c) {
            if (field_of_column_[c] >= 0) continue;
            bool reported = false;  // already reported as a bad unit or dtype under this name
            for (const auto& d : problems)
                if (d.where.field == schema_.columns[c].name) reported = true;
            if (reported) continue;
            const shipment_column& col = schema_.columns[c];
            problems.add("footprint.shipment.missing-column", where(col.name), "column '" + col.name + "' is missing",
                         "a column named " + col.name +
                             (detail::frame_is_numeric(col.type) && col.unit.text != "1"
                                  ? " (in " + col.unit.text + ", or with its unit: " + col.name + "[" + col.unit.text + "])"
                                  : ""),
                         "");
        }
        problems.throw_if_any();
        id_field_ = field_of_column_[column_shipment_id];
    }

    void prepare() {
        const std::size_t ncol = schema_.columns.size();
        column_.resize(ncol, nullptr);
        direct_.assign(ncol, false);
        categories_.resize(ncol);
        dictionaries_.resize(ncol);
        dictionary_index_.resize(ncol);
        for (std::size_t c = 0; c < ncol; ++c) {
            const frame_column& fc = frame_.columns[static_cast<std::size_t>(field_of_column_[c])];
            const shipment_column& col = schema_.columns[c];
            column_[c] = &fc;
            direct_[c] = c != column_shipment_id && fc.storage == frame_storage::float64 && col.required &&
                         col.type != parameter_type::flag && header_scale_[c] == 1.0;
            if (fc.storage == frame_storage::codes && c != column_shipment_id) categories_[c].resize(fc.categories.size());
        }
        // Shipment ids given as codes: the same category is the same id, unless
        // trimming makes two categories equal (then compare texts).
        const frame_column& idc = *column_[column_shipment_id];
        ids_by_code_ = idc.storage == frame_storage::codes;
        if (ids_by_code_)
            for (auto s : idc.categories)
                if (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.back() == ' ' || s.back() == '\t'))
                    ids_by_code_ = false;
        id_code_seen_.assign(ids_by_code_ ? idc.categories.size() : 0, 0);
        category_code_.resize(ncol);
        text_scratch_.resize(ncol);
    }

    // ---- values -------------------------------------------------------------------
    /// The trimmed text of a codes or texts column at `row`; a view with a null data pointer when missing.
    [[nodiscard]] std::string_view text_at(int field, std::size_t row) const {
        const frame_column& fc = frame_.columns[static_cast<std::size_t>(field)];
        std::string_view s;
        if (fc.storage == frame_storage::codes) {
            std::int32_t k = fc.code_at(row);
            if (k < 0 || static_cast<std::size_t>(k) >= fc.categories.size()) return {};
            s = fc.categories[static_cast<std::size_t>(k)];
        } else if (fc.storage == frame_storage::texts) {
            s = fc.texts[row];
            if (s.data() == nullptr) return {};
        } else {
            return {};
        }
        s = detail::frame_trim(s);
        return s.data() ? s : std::string_view("", 0);
    }

    /// One value, checked; `number` in coherent units, `code` a dictionary code
    /// (-1: not yet in the dictionary) or days. Builds messages only when `p`.
    struct value {
        double number = 0;
        std::int32_t code = -1;
        std::int32_t category = -1;  // the frame's category, for codes columns
        std::string_view text;
        bool missing = false;
    };

    /// A number in the column's header unit, checked as the CSV ingest checks it.
    bool check_number(std::size_t c, double x, value& v, detail::frame_problem* p) const {
        const shipment_column& col = schema_.columns[c];
        if (!std::isfinite(x)) {
            if (p) *p = {"footprint.shipment.not-finite", "number is not finite", "a finite number", shortest_text(x)};
            return false;
        }
        if (col.type == parameter_type::integer && x != std::floor(x)) {
            if (p) *p = {"footprint.shipment.not-an-integer", "not a whole number", "an integer", shortest_text(x)};
            return false;
        }
        const double coherent = x * header_scale_[c];
        const double declared = coherent / col.unit.to_coherent;
        const double lo = col.minimum.value_or(0.0);
        if (declared < 0 && lo >= 0) {
            if (p) *p = {"footprint.shipment.negative", "negative value", "a value ≥ " + detail::frame_limit_text(lo, col.unit),
                         shortest_text(x)};
            return false;
        }
        if (declared < lo - 1e-12 * std::fabs(lo)) {
            if (p) *p = {"footprint.shipment.out-of-range", "value below the allowed range",
                         "a value ≥ " + detail::frame_limit_text(lo, col.unit), shortest_text(x)};
            return false;
        }
        if (col.maximum && declared > *col.maximum + 1e-12 * std::fabs(*col.maximum)) {
            if (p) *p = {"footprint.shipment.out-of-range", "value above the allowed range",
                         "a value ≤ " + detail::frame_limit_text(*col.maximum, col.unit), shortest_text(x)};
            return false;
        }
        v.number = coherent;
        return true;
    }

    /// A value given as text (trimmed, not empty), checked exactly as a CSV field.
    bool check_text(std::size_t c, std::string_view s, value& v, detail::frame_problem* p) const {
        const shipment_column& col = schema_.columns[c];
        switch (col.type) {
            case parameter_type::number:
            case parameter_type::integer: {
                double x = 0;
                auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
                const bool whole = ptr == s.data() + s.size();
                if (ec == std::errc::result_out_of_range || (ec == std::errc() && whole && !std::isfinite(x))) {
                    if (p) *p = {"footprint.shipment.not-finite", "number is not finite", "a finite number", std::string(s)};
                    return false;
                }
                if (ec != std::errc() || !whole) {
                    if (p) *p = {"footprint.shipment.not-a-number", "not a number",
                                 "a number" + (col.unit.text == "1" ? std::string() : " in " + col.unit.text), std::string(s)};
                    return false;
                }
                if (!check_number(c, x, v, p)) {
                    if (p) p->found = std::string(s);
                    return false;
                }
                return true;
            }
            case parameter_type::flag:
                if (s == "1" || s == "true" || s == "yes") v.number = 1;
                else if (s == "0" || s == "false" || s == "no") v.number = 0;
                else {
                    if (p) *p = {"footprint.shipment.not-a-flag", "not a flag", "1 or 0 (true/false, yes/no)", std::string(s)};
                    return false;
                }
                return true;
            case parameter_type::date: {
                auto d = parse_iso_date(s);
                if (!d) {
                    if (p) *p = {"footprint.shipment.date", "not a valid date", "an ISO 8601 date YYYY-MM-DD", std::string(s)};
                    return false;
                }
                if (!detail::frame_date_in_range(*d)) {
                    if (p) *p = detail::frame_date_range_problem(std::string(s));
                    return false;
                }
                v.code = *d;
                return true;
            }
            case parameter_type::product:
            case parameter_type::region:
            case parameter_type::text: {
                v.text = s;
                const auto& index = dictionary_index_[c];
                if (auto it = index.find(s); it != index.end()) {
                    v.code = it->second;
                    return true;
                }
                if (col.type == parameter_type::product && !products_->find(std::string(s))) {
                    if (p) {
                        std::string known;
                        for (const auto& [pid, _] : products_->products()) known += (known.empty() ? "" : ", ") + pid;
                        *p = {"footprint.shipment.unknown-product", "unknown product id", "a catalog product: " + known,
                              std::string(s)};
                    }
                    return false;
                }
                if (col.type == parameter_type::region && !regions_->contains(std::string(s))) {
                    if (p) *p = {"footprint.shipment.unknown-region", "unknown region",
                                 "a region of factors/regions.yaml (e.g. CN, CN-East, CN-Jiangsu)", std::string(s)};
                    return false;
                }
                return true;
            }
        }
        return true;
    }

    /// Column `c` of row `r`. On the fast path (`p` null) nothing is built but the value.
    bool check(std::size_t c, std::size_t r, value& v, detail::frame_problem* p) {
        const shipment_column& col = schema_.columns[c];
        const frame_column& fc = *column_[c];
        v = value{};
        bool ok = true;
        switch (fc.storage) {
            case frame_storage::float64:
            case frame_storage::int64: {
                const double x = fc.storage == frame_storage::int64 ? static_cast<double>(fc.int64[r]) : fc.float64[r];
                if (std::isnan(x)) {
                    v.missing = true;
                } else if (col.type == parameter_type::flag) {
                    if (x == 1.0 || x == 0.0) {
                        v.number = x;
                    } else {
                        if (p) *p = {"footprint.shipment.not-a-flag", "not a flag", "1 or 0 (true/false, yes/no)", shortest_text(x)};
                        ok = false;
                    }
                } else {
                    ok = check_number(c, x, v, p);
                }
                break;
            }
            case frame_storage::datetime64_ns: {
                const std::int64_t ns = fc.datetime64_ns[r];
                if (ns == std::numeric_limits<std::int64_t>::min()) {
                    v.missing = true;
                } else {
                    v.code = detail::frame_days_from_ns(ns);
                    if (!detail::frame_date_in_range(v.code)) {
                        if (p) *p = detail::frame_date_range_problem(format_iso_date(v.code));
                        ok = false;
                    }
                }
                break;
            }
            case frame_storage::codes: {
                const std::int32_t k = fc.code_at(r);
                if (k < 0 || static_cast<std::size_t>(k) >= fc.categories.size()) {
                    v.missing = true;
                    break;
                }
                // Each category is checked once; its dictionary code is kept with it once assigned.
                category_state& cs = categories_[c][static_cast<std::size_t>(k)];
                if (cs.status == category_state::unchecked) {
                    std::string_view s = detail::frame_trim(fc.categories[static_cast<std::size_t>(k)]);
                    if (s.empty()) cs.status = category_state::missing;
                    else cs.status = check_text(c, s, cs.parsed, nullptr) ? category_state::good : category_state::bad;
                }
                if (cs.status == category_state::missing) {
                    v.missing = true;
                } else if (cs.status == category_state::bad) {
                    if (p) check_text(c, detail::frame_trim(fc.categories[static_cast<std::size_t>(k)]), v, p);
                    ok = false;
                } else {
                    v = cs.parsed;
                    v.category = k;
                }
                break;
            }
            case frame_storage::texts: {
                std::string_view s = fc.texts[r];
                if (s.data() == nullptr) {
                    v.missing = true;
                    break;
                }
                s = detail::frame_trim(s);
                if (s.empty()) v.missing = true;
                else ok = check_text(c, s, v, p);
                break;
            }
            case frame_storage::unsupported: break;  // refused by check_columns
        }
        if (ok && v.missing) {
            if (col.required || !detail::frame_is_numeric(col.type)) {
                if (p) *p = {"footprint.shipment.missing-value", "no value", std::string(parameter_type_name(col.type)), ""};
                ok = false;
            } else {
                v.number = 0;
            }
        }
        return ok;
    }

    // ---- rows ---------------------------------------------------------------------
    static constexpr std::uint8_t ok_row = 0, bad_value = 1, bad_id = 2, duplicate_id = 3;

    /// Column `c` of rows [r0, r0 + n): values into the batch (all n rows, packed
    /// later), refusals into bad_. No text is built here.
    void check_block(std::size_t c, std::size_t r0, std::size_t n, frame_batch& out) {
        const shipment_column& col = schema_.columns[c];
        const frame_column& fc = *column_[c];
        const bool numeric = detail::frame_is_numeric(col.type);
        const bool categorical = detail::frame_is_categorical(col.type);
        const bool missing_is_zero = numeric && !col.required;
        double* num = nullptr;
        std::int32_t* code = nullptr;
        if (numeric) {
            if (!direct_[c]) {
                out.numbers[c].resize(n);
                num = out.numbers[c].data();
            }
        } else {
            out.codes[c].resize(n);
            code = out.codes[c].data();
        }
        if (categorical && fc.storage == frame_storage::texts) text_scratch_[c].resize(n);
        std::uint8_t* bad = bad_.data();
        switch (fc.storage) {
            case frame_storage::float64:
            case frame_storage::int64: {
                // One loop for doubles and for integers (converted exactly as a CSV
                // field's digits would be: to the nearest double).
                auto run = [&](const auto* x) {
                    if (col.type == parameter_type::flag) {
                        for (std::size_t i = 0; i < n; ++i) {
                            const double v = static_cast<double>(x[i]);
                            if (v == 0.0 || v == 1.0) num[i] = v;
                            else if (v != v && missing_is_zero) num[i] = 0;
                            else bad[i] = bad_value;
                        }
                        return;
                    }
                    const double scale = header_scale_[c], to_coherent = col.unit.to_coherent;
                    const double lo = col.minimum.value_or(0.0);
                    const double lo_limit = lo - 1e-12 * std::fabs(lo);
                    const bool has_max = col.maximum.has_value();
                    const double hi_limit = has_max ? *col.maximum + 1e-12 * std::fabs(*col.maximum) : 0.0;
                    const bool integer = col.type == parameter_type::integer;
                    for (std::size_t i = 0; i < n; ++i) {
                        const double v = static_cast<double>(x[i]);
                        if (v != v) {  // NaN: a missing value
                            if (missing_is_zero && num) num[i] = 0;
                            else bad[i] = bad_value;
                            continue;
                        }
                        const double coherent = v * scale;
                        const double declared = coherent / to_coherent;
                        if (!std::isfinite(v) || (integer && v != std::floor(v)) || (declared < 0 && lo >= 0) ||
                            declared < lo_limit || (has_max && declared > hi_limit)) {
                            bad[i] = bad_value;
                            continue;
                        }
                        if (num) num[i] = coherent;
                    }
                };
                if (fc.storage == frame_storage::int64) run(fc.int64 + r0);
                else run(fc.float64 + r0);
                break;
            }
            case frame_storage::datetime64_ns: {
                const std::int64_t* x = fc.datetime64_ns + r0;
                for (std::size_t i = 0; i < n; ++i) {
                    if (x[i] == std::numeric_limits<std::int64_t>::min()) {
                        bad[i] = bad_value;
                        continue;
                    }
                    code[i] = detail::frame_days_from_ns(x[i]);
                    if (!detail::frame_date_in_range(code[i])) bad[i] = bad_value;
                }
                break;
            }
            case frame_storage::codes: {
                auto& states = categories_[c];
                auto run = [&](const auto* k) {
                    for (std::size_t i = 0; i < n; ++i) {
                        const std::int32_t ki = k[i];
                        if (ki < 0 || static_cast<std::size_t>(ki) >= states.size()) {
                            if (missing_is_zero) num[i] = 0;
                            else bad[i] = bad_value;
                            continue;
                        }
                        category_state& cs = states[static_cast<std::size_t>(ki)];
                        if (cs.status == category_state::unchecked) check_category(c, static_cast<std::size_t>(ki));
                        if (cs.status == category_state::good) {
                            if (numeric) num[i] = cs.parsed.number;
                            else if (categorical) code[i] = ki;  // the category, encoded in encode_categories
                            else code[i] = cs.parsed.code;       // days
                        } else if (cs.status == category_state::missing && missing_is_zero) {
                            num[i] = 0;
                        } else {
                            bad[i] = bad_value;
                        }
                    }
                };
                switch (fc.code_width) {
                    case 1: run(static_cast<const std::int8_t*>(fc.codes) + r0); break;
                    case 2: run(static_cast<const std::int16_t*>(fc.codes) + r0); break;
                    default: run(static_cast<const std::int32_t*>(fc.codes) + r0); break;
                }
                break;
            }
            case frame_storage::texts: {
                const std::string_view* t = fc.texts + r0;
                value v;
                for (std::size_t i = 0; i < n; ++i) {
                    std::string_view sv = t[i];
                    if (sv.data() != nullptr) sv = detail::frame_trim(sv);
                    if (sv.data() == nullptr || sv.empty()) {
                        if (missing_is_zero) num[i] = 0;
                        else bad[i] = bad_value;
                        continue;
                    }
                    v = value{};
                    if (!check_text(c, sv, v, nullptr)) {
                        bad[i] = bad_value;
                        continue;
                    }
                    if (numeric) num[i] = v.number;
                    else if (categorical) {
                        code[i] = v.code;  // -1 when not yet in the dictionary
                        text_scratch_[c][i] = v.text;
                    } else code[i] = v.code;  // days
                }
                break;
            }
            case frame_storage::unsupported: break;  // refused by check_columns
        }
    }

    void check_category(std::size_t c, std::size_t k) {
        category_state& cs = categories_[c][k];
        std::string_view s = detail::frame_trim(column_[c]->categories[k]);
        if (s.empty()) cs.status = category_state::missing;
        else cs.status = check_text(c, s, cs.parsed, nullptr) ? category_state::good : category_state::bad;
    }

    void check_ids(std::size_t r0, std::size_t n) {
        const frame_column& idc = *column_[column_shipment_id];
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t r = r0 + i;
            std::string_view id = text_at(id_field_, r);
            if (id.data() == nullptr || id.empty() || id.size() > 256) {
                bad_[i] = bad_id;
                continue;
            }
            if (ids_by_code_) {
                std::uint8_t& seen = id_code_seen_[static_cast<std::size_t>(idc.code_at(r))];
                if (seen) bad_[i] = duplicate_id;
                else if (bad_[i] == ok_row) seen = 1;
                continue;
            }
            if (ids_increasing_ && !(last_id_.data() == nullptr || last_id_ < id)) start_id_set(r0, i);
            if (ids_increasing_) {  // larger than every accepted id: cannot be a duplicate
                if (bad_[i] == ok_row) last_id_ = id;
                continue;
            }
            auto [found, slot] = ids_.find(id, [this](std::size_t row) { return text_at(id_field_, row); });
            if (found) bad_[i] = duplicate_id;
            else if (bad_[i] == ok_row) ids_.insert_at(slot, id, r);
        }
    }

    /// Categorical columns of the packed batch: dictionary codes in order of
    /// first appearance among accepted rows.
    void encode_categories(frame_batch& out) {
        for (std::size_t c = 0; c < schema_.columns.size(); ++c) {
            if (!detail::frame_is_categorical(schema_.columns[c].type) || c == column_shipment_id) continue;
            const frame_column& fc = *column_[c];
            std::int32_t* code = out.codes[c].data();
            auto& index = dictionary_index_[c];
            auto add = [&](std::string_view text) {
                if (auto it = index.find(text); it != index.end()) return it->second;
                const auto k = static_cast<std::int32_t>(dictionaries_[c].size());
                dictionaries_[c].emplace_back(text);
                index.emplace(std::string(text), k);
                return k;
            };
            if (fc.storage == frame_storage::codes) {
                auto& map = category_code_[c];
                if (map.size() != fc.categories.size()) map.assign(fc.categories.size(), -1);
                for (std::size_t i = 0; i < out.rows; ++i) {
                    std::int32_t& m = map[static_cast<std::size_t>(code[i])];
                    if (m < 0) m = add(categories_[c][static_cast<std::size_t>(code[i])].parsed.text);
                    code[i] = m;
                }
            } else {
                const std::string_view* text = text_scratch_[c].data();
                for (std::size_t i = 0; i < out.rows; ++i)
                    if (code[i] < 0) code[i] = add(text[i]);
            }
        }
    }

    /// Says why row `r` was refused (the slow path: messages are built here only).
    void report(std::size_t r, std::uint8_t kind, std::vector<frame_reject>& rejects) {
        std::string_view id = text_at(id_field_, r);
        frame_reject rj;
        rj.row = r;
        rj.shipment_id = std::string(id.data() ? id : std::string_view());
        auto id_problem = [&](const char* pid, std::string message, std::string expected, std::string found,
                              bool with_shipment) {
            rj.problem = diagnostic{pid, source_location{frame_.name, 0, 0, "shipment_id", with_shipment ? rj.shipment_id : std::string()},
                                    std::move(message), std::move(expected), std::move(found)};
            rejects.push_back(std::move(rj));
        };
        if (id.data() == nullptr || id.empty())
            return id_problem("footprint.shipment.missing-value", "no shipment id", "a unique shipment id", "", false);
        if (id.size() > 256)
            return id_problem("footprint.shipment.id-too-long", "shipment id longer than 256 bytes",
                              "an id of at most 256 bytes", std::string(id.substr(0, 40)) + "…", false);
        if (kind == duplicate_id)
            return id_problem("footprint.shipment.duplicate-id", "shipment id already used earlier in this frame",
                              "a shipment id not seen before", std::string(id), true);
        std::vector<diagnostic> problems;
        value v;
        for (std::size_t c = 0; c < schema_.columns.size(); ++c) {
            if (c == column_shipment_id) continue;
            detail::frame_problem p;
            if (check(c, r, v, &p)) continue;
            problems.push_back(diagnostic{p.id, source_location{frame_.name, 0, 0, schema_.columns[c].name, rj.shipment_id},
                                          std::move(p.message), std::move(p.expected), std::move(p.found)});
        }
        if (problems.empty())  // cannot happen: next() and these checks are the same
            problems.push_back(diagnostic{"footprint.internal", source_location{frame_.name, 0, 0, {}, rj.shipment_id},
                                          "row refused without a reason", "", ""});
        rj.problem = problems.front();
        if (problems.size() > 1) {
            rj.problem.message += " (and " + std::to_string(problems.size() - 1) + " more:";
            for (std::size_t i = 1; i < problems.size(); ++i)
                rj.problem.message += " " + problems[i].where.field + ": " + problems[i].message + ";";
            rj.problem.message.back() = ')';
        }
        rejects.push_back(std::move(rj));
    }

    /// Ids came in increasing order so far (no duplicate possible, nothing to
    /// look up); row r0 + i breaks the order: from there on, look ids up in a
    /// set of every accepted id. The accepted rows so far are the rows before
    /// this block that were not rejected, and the rows of this block before i
    /// that passed.
    void start_id_set(std::size_t r0, std::size_t i) {
        ids_increasing_ = false;
        ids_ = detail::frame_id_set(frame_.rows);
        auto at = [this](std::size_t row) { return text_at(id_field_, row); };
        auto insert = [&](std::size_t row) {
            std::string_view id = text_at(id_field_, row);
            ids_.insert_at(ids_.find(id, at).second, id, row);
        };
        std::size_t k = 0;
        for (std::size_t row = 0; row < r0; ++row) {
            if (k < rejected_rows_.size() && rejected_rows_[k] == row) {
                ++k;
                continue;
            }
            insert(row);
        }
        for (std::size_t j = 0; j < i; ++j)
            if (bad_[j] == ok_row) insert(r0 + j);
        rejected_rows_ = {};
    }

    struct text_hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    struct category_state {
        enum status_t : unsigned char { unchecked, good, bad, missing } status = unchecked;
        value parsed;
    };

    const frame_view& frame_;
    shipment_schema schema_;
    std::shared_ptr<const catalog> products_;
    std::shared_ptr<const region_tree> regions_;
    std::vector<int> field_of_column_;
    std::vector<double> header_scale_;
    std::vector<const frame_column*> column_;
    std::vector<bool> direct_;
    int id_field_ = -1;
    bool ids_by_code_ = false;
    std::vector<std::uint8_t> id_code_seen_;
    detail::frame_id_set ids_;
    bool ids_increasing_ = true;           // while true, ids_ is empty: ids are checked against the last one
    std::string_view last_id_;
    std::vector<std::uint32_t> rejected_rows_;  // while ids_increasing_: rows rejected so far
    std::vector<std::vector<category_state>> categories_;
    std::vector<std::vector<std::string>> dictionaries_;
    std::vector<std::unordered_map<std::string, std::int32_t, text_hash, std::equal_to<>>> dictionary_index_;
    std::vector<std::vector<std::int32_t>> category_code_;      // per codes column: category → dictionary code
    std::vector<std::vector<std::string_view>> text_scratch_;  // per texts column: this batch's texts
    std::vector<std::uint8_t> bad_;                            // this batch: why each row is refused
    std::size_t cursor_ = 0, accepted_ = 0, rejected_ = 0;
};

/// Where compute_frame writes: arrays of at least `rows_in()` elements.
/// Computed rows are written in row order, packed from index 0.
struct frame_output {
    std::int64_t* row = nullptr;  ///< position of the row in the frame (may be null: not written)
    std::int64_t* baseline_g = nullptr;
    std::int64_t* project_g = nullptr;
    std::int64_t* leakage_g = nullptr;
    std::int64_t* reduction_g = nullptr;
    std::vector<std::int64_t*> component_g;  ///< one per plan component
    std::uint8_t* implausible = nullptr;
};

struct frame_report {
    std::size_t rows_in = 0;
    std::size_t computed = 0;
    std::vector<frame_reject> rejected;  ///< by the checks and by the plan, in row order
    result_totals totals;
    std::vector<resolved_value> lookups;
    [[nodiscard]] bool reconciles() const { return rows_in == computed + rejected.size(); }
};

/// Reads every row of `f` and runs `p` over the accepted ones, batch by
/// batch. Rows the plan cannot compute are rejected with `footprint.plan.row`,
/// as the CSV pipeline does. Totals are exact integer sums.
inline frame_report compute_frame(const plan& p, frame_shipments& f, const frame_output& out,
                                  std::size_t batch_rows = 65536) {
    frame_report report;
    report.rows_in = f.rows_in();
    plan::evaluator ev(p);
    batch_output bo;
    frame_batch batch;
    std::vector<std::vector<double>> scratch;
    std::vector<frame_reject> checks, plan_rejects;
    const std::size_t ncomp = p.components().size();
    report.totals.component_g.assign(ncomp, 0);
    std::size_t k = 0;
    while (f.next(batch, checks, batch_rows)) {
        if (batch.rows == 0) continue;
        ev.run(f.plan_view(batch, scratch), bo);
        for (std::size_t i = 0; i < batch.rows; ++i) {
            const std::size_t row = batch.row[i];
            if (bo.problem[i] != 0) {
                frame_reject rj;
                rj.row = row;
                rj.shipment_id = std::string(f.shipment_id(row));
                rj.problem = diagnostic{"footprint.plan.row", source_location{f.name(), 0, 0, {}, rj.shipment_id},
                                        ev.problems()[bo.problem[i] - 1], "a shipment the methodology applies to", ""};
                plan_rejects.push_back(std::move(rj));
                continue;
            }
            if (out.row) out.row[k] = static_cast<std::int64_t>(row);
            out.baseline_g[k] = bo.baseline_g[i];
            out.project_g[k] = bo.project_g[i];
            out.leakage_g[k] = bo.leakage_g[i];
            out.reduction_g[k] = bo.reduction_g[i];
            for (std::size_t c = 0; c < ncomp; ++c) out.component_g[c][k] = bo.component_g[c][i];
            out.implausible[k] = bo.implausible[i];
            report.totals.baseline_g += bo.baseline_g[i];
            report.totals.project_g += bo.project_g[i];
            report.totals.leakage_g += bo.leakage_g[i];
            report.totals.reduction_g += bo.reduction_g[i];
            for (std::size_t c = 0; c < ncomp; ++c) report.totals.component_g[c] += bo.component_g[c][i];
            report.totals.implausible += bo.implausible[i];
            ++k;
        }
    }
    report.computed = k;
    report.totals.computed = k;
    // Rejected rows in row order: the checks' and the plan's merged.
    report.rejected.reserve(checks.size() + plan_rejects.size());
    std::merge(std::make_move_iterator(checks.begin()), std::make_move_iterator(checks.end()),
               std::make_move_iterator(plan_rejects.begin()), std::make_move_iterator(plan_rejects.end()),
               std::back_inserter(report.rejected),
               [](const frame_reject& a, const frame_reject& b) { return a.row < b.row; });
    report.lookups = ev.lookups();
    return report;
}

}  // namespace footprint
