// frame_shipments (frame.hpp): each value checked as the CSV ingest checks
// it, column by column over a batch (check_block, the fast path, builds no
// text) and row by row for a refused row's reasons (report).
#include "compute/detail/frame_reader.hpp"

namespace footprint::detail {

/// A number in the column's header unit, checked as the CSV ingest checks it (field_checks.hpp).
bool frame_reader::check_number(std::size_t c, double x, value& v, frame_problem* p) const {
    field_problem fp;
    if (field_check_number(x, header_scale_[c], rules_[c], v.number, p ? &fp : nullptr)) return true;
    if (p) *p = {fp.id, std::move(fp.message), std::move(fp.expected), shortest_text(x)};
    return false;
}

/// A value given as text (trimmed, not empty), checked exactly as a CSV field (field_checks.hpp).
bool frame_reader::check_text(std::size_t c, std::string_view s, value& v, frame_problem* p) const {
    const field_rule& rule = rules_[c];
    field_problem fp;
    field_problem* q = p ? &fp : nullptr;
    bool ok = true;
    switch (rule.type) {
        case parameter_type::number:
        case parameter_type::integer: {
            double x = 0;
            ok = field_read_number(s, rule, x, q) && field_check_number(x, header_scale_[c], rule, v.number, q);
            break;
        }
        case parameter_type::flag: ok = field_read_flag(s, v.number, q); break;
        case parameter_type::date: ok = field_read_date(s, v.code, q); break;
        case parameter_type::product:
        case parameter_type::region:
        case parameter_type::text: {
            v.text = s;
            const auto& index = dictionary_index_[c];
            if (auto it = index.find(s); it != index.end()) {
                v.code = it->second;
                return true;
            }
            ok = field_check_category(s, rule, products_.get(), regions_.get(), q);
            break;
        }
    }
    if (!ok && p) *p = {fp.id, std::move(fp.message), std::move(fp.expected), std::string(s)};
    return ok;
}

/// Column `c` of row `r`. On the fast path (`p` null) nothing is built but the value.
bool frame_reader::check(std::size_t c, std::size_t r, value& v, frame_problem* p) {
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
                field_problem fp;
                if (field_check_flag(x, p ? &fp : nullptr)) {
                    v.number = x;
                } else {
                    if (p) *p = {fp.id, std::move(fp.message), std::move(fp.expected), shortest_text(x)};
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
                v.code = frame_days_from_ns(ns);
                field_problem fp;
                if (!field_check_date(v.code, p ? &fp : nullptr)) {
                    if (p) *p = {fp.id, std::move(fp.message), std::move(fp.expected), format_iso_date(v.code)};
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
                std::string_view s = frame_trim(fc.categories[static_cast<std::size_t>(k)]);
                if (s.empty()) cs.status = category_state::missing;
                else cs.status = check_text(c, s, cs.parsed, nullptr) ? category_state::good : category_state::bad;
            }
            if (cs.status == category_state::missing) {
                v.missing = true;
            } else if (cs.status == category_state::bad) {
                if (p) check_text(c, frame_trim(fc.categories[static_cast<std::size_t>(k)]), v, p);
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
            s = frame_trim(s);
            if (s.empty()) v.missing = true;
            else ok = check_text(c, s, v, p);
            break;
        }
        case frame_storage::unsupported: break;  // refused by check_columns
    }
    if (ok && v.missing) {
        if (!field_missing_accepted(rules_[c])) {
            if (p) {
                field_problem fp = field_missing_problem(rules_[c]);
                *p = {fp.id, std::move(fp.message), std::move(fp.expected), ""};
            }
            ok = false;
        } else {
            v.number = 0;
        }
    }
    return ok;
}

/// Column `c` of rows [r0, r0 + n): values into the batch (all n rows, packed
/// later), refusals into bad_. No text is built here.
void frame_reader::check_block(std::size_t c, std::size_t r0, std::size_t n, frame_batch& out) {
    const shipment_column& col = schema_.columns[c];
    const frame_column& fc = *column_[c];
    const bool numeric = frame_is_numeric(col.type);
    const bool categorical = frame_is_categorical(col.type);
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
            // field's digits would be: to the nearest double). Each value is
            // checked by the rule CSV ingest uses (field_checks.hpp). The rule
            // is copied into a local so that its range and type, which stores
            // into num cannot change, stay out of memory in the loop.
            const field_rule rule = rules_[c];
            const double scale = header_scale_[c];
            auto run = [&](const auto* x) {
                if (col.type == parameter_type::flag) {
                    for (std::size_t i = 0; i < n; ++i) {
                        const double v = static_cast<double>(x[i]);
                        if (v != v) {  // NaN: a missing value
                            if (missing_is_zero) num[i] = 0;
                            else bad[i] = bad_value;
                        } else if (field_check_flag(v, nullptr)) {
                            num[i] = v;
                        } else {
                            bad[i] = bad_value;
                        }
                    }
                    return;
                }
                for (std::size_t i = 0; i < n; ++i) {
                    const double v = static_cast<double>(x[i]);
                    if (v != v) {  // NaN: a missing value
                        if (missing_is_zero && num) num[i] = 0;
                        else bad[i] = bad_value;
                        continue;
                    }
                    double coherent = 0;
                    if (!field_check_number(v, scale, rule, coherent, nullptr)) {
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
                code[i] = frame_days_from_ns(x[i]);
                if (!field_check_date(code[i], nullptr)) bad[i] = bad_value;
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
                if (sv.data() != nullptr) sv = frame_trim(sv);
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

void frame_reader::check_category(std::size_t c, std::size_t k) {
    category_state& cs = categories_[c][k];
    std::string_view s = frame_trim(column_[c]->categories[k]);
    if (s.empty()) cs.status = category_state::missing;
    else cs.status = check_text(c, s, cs.parsed, nullptr) ? category_state::good : category_state::bad;
}

/// Says why row `r` was refused (the slow path: messages are built here only).
void frame_reader::report(std::size_t r, std::uint8_t kind, std::vector<frame_reject>& rejects) {
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
    if (field_problem fp; !field_check_visible(id, &fp))
        return id_problem(fp.id, std::move(fp.message), std::move(fp.expected), std::string(id), false);
    if (kind == duplicate_id)
        return id_problem("footprint.shipment.duplicate-id", "shipment id already used earlier in this frame",
                          "a shipment id not seen before", std::string(id), true);
    std::vector<diagnostic> problems;
    value v;
    for (std::size_t c = 0; c < schema_.columns.size(); ++c) {
        if (c == column_shipment_id) continue;
        frame_problem p;
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

}  // namespace footprint::detail
