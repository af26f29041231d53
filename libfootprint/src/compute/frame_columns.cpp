// frame_shipments (frame.hpp): the frame's columns matched against the
// plan's shipment schema, once, before any row is read.
#include "compute/detail/frame_reader.hpp"

namespace footprint::detail {

frame_reader::frame_reader(const frame_view& frame, shipment_schema schema, std::shared_ptr<const catalog> products,
                           std::shared_ptr<const region_tree> regions)
    : frame_(frame), schema_(std::move(schema)), products_(std::move(products)), regions_(std::move(regions)) {
    check_columns();
    prepare();
}

void frame_reader::check_columns() {
    const std::size_t ncol = schema_.columns.size();
    field_of_column_.assign(ncol, -1);
    header_scale_.assign(ncol, 1.0);
    diagnostics problems;
    auto where = [&](const std::string& field) { return source_location{frame_.name, 0, 0, field, {}}; };
    for (std::size_t f = 0; f < frame_.columns.size(); ++f) {
        const frame_column& fc = frame_.columns[f];
        std::string_view h = frame_trim(fc.name);
        std::string name(h);
        std::optional<unit_spec> header_unit;
        if (auto lb = h.find('['); lb != std::string_view::npos && !h.empty() && h.back() == ']') {
            name = std::string(frame_trim(h.substr(0, lb)));
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
            if (!frame_is_numeric(col.type) || col.type == parameter_type::flag) {
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
                frame_is_numeric(col.type) && col.type != parameter_type::flag ? col.unit.to_coherent : 1.0;
        }
        // The storage must be able to hold the parameter.
        bool fits = false;
        switch (fc.storage) {
            case frame_storage::float64:
            case frame_storage::int64: fits = frame_is_numeric(col.type); break;
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
        if (field_of_column_[c] >= 0 || !schema_.columns[c].default_value.empty()) continue;  // else the default
        bool reported = false;  // already reported as a bad unit or dtype under this name
        for (const auto& d : problems)
            if (d.where.field == schema_.columns[c].name) reported = true;
        if (reported) continue;
        const shipment_column& col = schema_.columns[c];
        problems.add("footprint.shipment.missing-column", where(col.name), "column '" + col.name + "' is missing",
                     "a column named " + col.name +
                         (frame_is_numeric(col.type) && col.unit.text != "1"
                              ? " (in " + col.unit.text + ", or with its unit: " + col.name + "[" + col.unit.text + "])"
                              : ""),
                     "");
    }
    problems.throw_if_any();
    id_field_ = field_of_column_[column_shipment_id];
}

void frame_reader::prepare() {
    const std::size_t ncol = schema_.columns.size();
    rules_.clear();
    for (const shipment_column& col : schema_.columns)
        rules_.push_back(field_rule{col.type, &col.unit, col.minimum, col.maximum, col.required, &col.values});
    column_.resize(ncol, nullptr);
    direct_.assign(ncol, false);
    categories_.resize(ncol);
    dictionaries_.resize(ncol);
    dictionary_index_.resize(ncol);
    default_columns_.clear();
    default_codes_.clear();
    default_columns_.reserve(ncol);
    default_codes_.reserve(ncol);
    for (std::size_t c = 0; c < ncol; ++c) {
        const shipment_column& col = schema_.columns[c];
        if (field_of_column_[c] < 0) {  // absent: the methodology's default in every row, checked like a value
            default_codes_.emplace_back(frame_.rows, std::int8_t{0});
            frame_column d;
            d.name = col.name;
            d.storage = frame_storage::codes;
            d.codes = default_codes_.back().data();
            d.code_width = 1;
            d.categories = {std::string_view(col.default_value)};
            d.dtype = "default";
            default_columns_.push_back(std::move(d));
        }
        const frame_column& fc = field_of_column_[c] < 0 ? default_columns_.back()
                                                         : frame_.columns[static_cast<std::size_t>(field_of_column_[c])];
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

}  // namespace footprint::detail
