// Private to the library: the checks behind frame_shipments (frame.hpp),
// defined in frame.cpp (batches, ids, dictionaries), frame_columns.cpp (the
// columns against the schema) and frame_values.cpp (each value).
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "footprint/compute/frame.hpp"
#include "footprint/core/calendar.hpp"
#include "footprint/core/number_text.hpp"
#include "footprint/methodology/field_checks.hpp"
#include "footprint/quantities/unit_registry.hpp"

namespace footprint::detail {

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

inline std::int32_t frame_days_from_ns(std::int64_t ns) {
    constexpr std::int64_t per_day = 86400LL * 1000000000LL;
    std::int64_t d = ns / per_day;
    if (ns % per_day != 0 && ns < 0) --d;  // floor, for days before 1970
    return static_cast<std::int32_t>(d);
}

/// What a check says when it refuses a value (field_checks.hpp), and the value it found.
struct frame_problem {
    const char* id = nullptr;
    std::string message, expected, found;
};

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

/// frame_shipments' state and checks.
class frame_reader {
public:
    frame_reader(const frame_view& frame, shipment_schema schema, std::shared_ptr<const catalog> products,
                 std::shared_ptr<const region_tree> regions);

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

    bool next(frame_batch& out, std::vector<frame_reject>& rejects, std::size_t batch_rows);
    [[nodiscard]] batch_input plan_view(const frame_batch& b, std::vector<std::vector<double>>& scratch) const;

private:
    // ---- columns (frame_columns.cpp) ---------------------------------------------
    void check_columns();
    void prepare();

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

    // frame_values.cpp
    bool check_number(std::size_t c, double x, value& v, frame_problem* p) const;
    bool check_text(std::size_t c, std::string_view s, value& v, frame_problem* p) const;
    bool check(std::size_t c, std::size_t r, value& v, frame_problem* p);

    // ---- rows ---------------------------------------------------------------------
    static constexpr std::uint8_t ok_row = 0, bad_value = 1, bad_id = 2, duplicate_id = 3;

    // frame_values.cpp
    void check_block(std::size_t c, std::size_t r0, std::size_t n, frame_batch& out);
    void check_category(std::size_t c, std::size_t k);
    void report(std::size_t r, std::uint8_t kind, std::vector<frame_reject>& rejects);
    // frame.cpp
    void check_ids(std::size_t r0, std::size_t n);
    void encode_categories(frame_batch& out);
    void start_id_set(std::size_t r0, std::size_t i);

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
    std::vector<field_rule> rules_;  // per schema column: what its values may be (field_checks.hpp)
    // A text column the frame does not have takes the methodology's default: one
    // category, code 0 in every row (field_of_column_ is -1 for it).
    std::vector<frame_column> default_columns_;
    std::vector<std::vector<std::int8_t>> default_codes_;
    std::vector<const frame_column*> column_;
    std::vector<bool> direct_;
    int id_field_ = -1;
    bool ids_by_code_ = false;
    std::vector<std::uint8_t> id_code_seen_;
    frame_id_set ids_;
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

}  // namespace footprint::detail
