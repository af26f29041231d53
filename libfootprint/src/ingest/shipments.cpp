// Shipment CSV ingest: header checks, per-row validation, columnar batches.

#include "footprint/ingest/shipments.hpp"

#include <charconv>
#include <cmath>
#include <cstring>

#include "footprint/core/number_text.hpp"
#include "footprint/core/text.hpp"
#include "footprint/methodology/field_checks.hpp"

namespace footprint {

// ---- dates ------------------------------------------------------------------


// ---- schema -----------------------------------------------------------------

shipment_schema shipment_schema::for_plan(const plan& p) {
    shipment_schema s;
    unit_spec none = parse_unit("1");
    s.columns.push_back(shipment_column{"shipment_id", parameter_type::text, none, {}, {}, true, -1, {}, {}});
    s.columns.push_back(shipment_column{"customer_id", parameter_type::text, none, {}, {}, true, -1, {}, {}});
    s.columns.push_back(shipment_column{"date", parameter_type::date, none, {}, {}, true, -1, {}, {}});
    const auto& inputs = p.inputs();
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const monitored_parameter& mp = inputs[i];
        if (int existing = s.find(mp.name); existing >= 0) {
            // A methodology may monitor a core column (the date): one column serves both.
            s.columns[static_cast<std::size_t>(existing)].plan_input = static_cast<int>(i);
            continue;
        }
        s.columns.push_back(shipment_column{mp.name, mp.type, mp.unit, mp.minimum, mp.maximum, mp.required,
                                            static_cast<int>(i), mp.default_value, mp.values});
    }
    return s;
}

std::string canonical_header(const shipment_schema& schema) {
    std::string h;
    for (const auto& c : schema.columns) h += (h.empty() ? "" : ",") + c.name;
    return h;
}

int shipment_schema::find(const std::string& name) const {
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i].name == name) return static_cast<int>(i);
    return -1;
}

void shipment_batch::clear() {
    rows = 0;
    shipment_ids.clear();
    lines.clear();
    for (auto& c : numbers) c.clear();
    for (auto& c : codes) c.clear();
    for (auto& c : declared) c.clear();
    canonical.clear();
}

// ---- the reader ---------------------------------------------------------------

namespace {

inline std::string_view trim(std::string_view s) {
    if (s.empty() || (s.front() != ' ' && s.front() != '\t' && s.back() != ' ' && s.back() != '\t')) return s;
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

/// A field's column (1-based byte offset in the record) for messages: computed only when a row is rejected.
std::uint32_t field_column(const csv_record& rec, std::size_t field) {
    if (field >= rec.fields.size()) return 0;
    const char* p = rec.fields[field].data();
    if (p >= rec.raw.data() && p <= rec.raw.data() + rec.raw.size()) return static_cast<std::uint32_t>(p - rec.raw.data() + 1);
    return 0;
}

bool is_numeric(parameter_type t) {
    return t == parameter_type::number || t == parameter_type::integer || t == parameter_type::flag;
}

bool is_categorical(parameter_type t) {
    return t == parameter_type::product || t == parameter_type::region || t == parameter_type::text;
}

/// A CSV file's records as a record_source.
class csv_records final : public record_source {
public:
    explicit csv_records(csv_reader csv) : csv_(std::move(csv)) {}
    bool next(csv_record& out) override { return csv_.next(out); }
    [[nodiscard]] const std::string& name() const override { return csv_.name(); }
    [[nodiscard]] std::uint64_t bytes_read() const override { return csv_.bytes_read(); }

private:
    csv_reader csv_;
};

}  // namespace

shipment_reader::shipment_reader(csv_reader csv, shipment_schema schema, std::shared_ptr<const catalog> products,
                                 std::shared_ptr<const region_tree> regions, options opts)
    : shipment_reader(std::make_unique<csv_records>(std::move(csv)), std::move(schema), std::move(products),
                      std::move(regions), std::move(opts)) {}

shipment_reader::shipment_reader(std::unique_ptr<record_source> records, shipment_schema schema,
                                 std::shared_ptr<const catalog> products, std::shared_ptr<const region_tree> regions,
                                 options opts)
    : records_(std::move(records)), schema_(std::move(schema)), products_(std::move(products)),
      regions_(std::move(regions)), opts_(std::move(opts)) {
    const std::size_t ncol = schema_.columns.size();
    field_of_column_.assign(ncol, -1);
    header_scale_.assign(ncol, 1.0);
    dictionaries_.resize(ncol);
    dictionary_index_.resize(ncol);
    diagnostics problems;
    csv_record header;
    source_location file_loc{records_->name(), 1, 0, {}, {}};
    if (!records_->next(header) || (header.fields.size() == 1 && trim(header.fields[0]).empty() && header.problem.empty())) {
        throw error("footprint.shipment.empty-file", source_location{records_->name(), 0, 0, {}, {}},
                    "the file is empty", "a header line naming the columns, then one line per shipment");
    }
    if (!header.problem.empty())
        throw error("footprint.csv.malformed", source_location{records_->name(), 1, header.problem_column, "header", {}},
                    "the header cannot be read: " + header.problem, "a CSV header line");
    std::vector<bool> used(header.fields.size(), false);
    for (std::size_t f = 0; f < header.fields.size(); ++f) {
        std::string_view h = trim(header.fields[f]);
        std::string name(h);
        std::optional<unit_spec> header_unit;
        if (auto lb = h.find('['); lb != std::string_view::npos && h.back() == ']') {
            name = std::string(trim(h.substr(0, lb)));
            std::string_view u = h.substr(lb + 1, h.size() - lb - 2);
            header_unit = parse_unit(u, source_location{records_->name(), 1, 0, name, {}}, problems);
            if (!header_unit) continue;
        }
        int c = schema_.find(name);
        if (c < 0) {
            std::string expected;
            for (const auto& col : schema_.columns) expected += (expected.empty() ? "" : ", ") + col.name;
            problems.add("footprint.shipment.extra-column", source_location{records_->name(), 1, 0, name, {}},
                         "column '" + name + "' is not a parameter of this methodology", "the columns " + expected, name);
            continue;
        }
        if (field_of_column_[static_cast<std::size_t>(c)] >= 0) {
            problems.add("footprint.shipment.duplicate-column", source_location{records_->name(), 1, 0, name, {}},
                         "column '" + name + "' appears twice", "each column once", name);
            continue;
        }
        const shipment_column& col = schema_.columns[static_cast<std::size_t>(c)];
        if (header_unit) {
            if (!is_numeric(col.type) || col.type == parameter_type::flag) {
                problems.add("footprint.shipment.header-unit", source_location{records_->name(), 1, 0, name, {}},
                             "column '" + name + "' takes no unit", "the bare name '" + name + "'", header_unit->text);
                continue;
            }
            if (header_unit->dim != col.unit.dim) {
                problems.add("footprint.shipment.header-unit", source_location{records_->name(), 1, 0, name, {}},
                             "unit '" + header_unit->text + "' (" + header_unit->dimension_name() + ") does not fit '" +
                                 name + "'",
                             col.unit.dimension_name() + ", e.g. " + name + "[" + col.unit.text + "]", header_unit->text);
                continue;
            }
            header_scale_[static_cast<std::size_t>(c)] = header_unit->to_coherent;
        } else {
            header_scale_[static_cast<std::size_t>(c)] = is_numeric(col.type) && col.type != parameter_type::flag
                                                             ? col.unit.to_coherent
                                                             : 1.0;
        }
        field_of_column_[static_cast<std::size_t>(c)] = static_cast<int>(f);
        used[f] = true;
    }
    for (std::size_t c = 0; c < ncol; ++c)
        if (field_of_column_[c] < 0 && schema_.columns[c].default_value.empty())  // else every row takes the default
            problems.add("footprint.shipment.missing-column",
                         source_location{records_->name(), 1, 0, schema_.columns[c].name, {}},
                         "column '" + schema_.columns[c].name + "' is missing",
                         "a column named " + schema_.columns[c].name +
                             (is_numeric(schema_.columns[c].type) && schema_.columns[c].unit.text != "1"
                                  ? " (in " + schema_.columns[c].unit.text + ", or with its unit: " +
                                        schema_.columns[c].name + "[" + schema_.columns[c].unit.text + "])"
                                  : ""),
                         "");
    problems.throw_if_any();
    header_fields_ = header.fields.size();  // every field maps to a column (extra columns are refused above)
    counts_.bytes = records_->bytes_read();
}

bool shipment_reader::next(shipment_batch& out, std::vector<rejected_row>& rejects) {
    out.clear();
    const std::size_t ncol = schema_.columns.size();
    out.numbers.resize(ncol);
    out.codes.resize(ncol);
    if (opts_.keep_declared) out.declared.resize(ncol);
    csv_record rec;
    bool any = false;
    while (out.rows < opts_.batch_rows && records_->next(rec)) {
        any = true;
        ++counts_.rows_in;
        if (accept(rec, out, rejects))
            ++counts_.accepted;
        else
            ++counts_.rejected;
    }
    counts_.bytes = records_->bytes_read();
    return any;
}

/// Every column of a record whose shipment id was accepted, checked into
/// scratch_ (methodology/field_checks.hpp); each refusal into `problems`.
void shipment_reader::check_fields(const csv_record& rec, const std::string& shipment, std::vector<diagnostic>& problems) {
    const std::size_t ncol = schema_.columns.size();
    if (scratch_.size() < ncol) scratch_.resize(ncol);
    parsed_value* v = scratch_.data();
    field_problem fp;  // filled by a check that refuses
    for (std::size_t c = 0; c < ncol; ++c) {
        const shipment_column& col = schema_.columns[c];
        // A column the file does not have takes the methodology's default (checked like a value).
        const bool absent = field_of_column_[c] < 0;
        const std::size_t f = absent ? rec.fields.size() : static_cast<std::size_t>(field_of_column_[c]);
        std::string_view s = absent ? std::string_view(col.default_value) : trim(rec.fields[f]);
        v[c].text = s;
        v[c].code = -1;
        if (c == column_shipment_id) continue;  // checked above; kept in shipment_ids, not in a dictionary
        // The location is built only when there is a problem to report.
        auto problem = [&](const char* pid, std::string message, std::string expected) {
            problems.push_back(diagnostic{pid,
                                          source_location{records_->name(), static_cast<std::uint32_t>(rec.line),
                                                          field_column(rec, f), col.name, shipment},
                                          std::move(message), std::move(expected), std::string(s)});
        };
        // One rule per kind of value, shared with frames and evaluate_row (methodology/field_checks.hpp).
        const field_rule rule{col.type, &col.unit, col.minimum, col.maximum, col.required, &col.values};
        if (s.empty()) {
            if (!field_missing_accepted(rule)) {
                fp = field_missing_problem(rule);
                problem(fp.id, std::move(fp.message), std::move(fp.expected));
                continue;
            }
            v[c].number = v[c].declared = 0;
            continue;
        }
        bool ok = true;
        switch (col.type) {
            case parameter_type::number:
            case parameter_type::integer: {
                double x = 0;
                ok = field_read_number(s, rule, x, &fp) && field_check_number(x, header_scale_[c], rule, v[c].number, &fp);
                // Exactly as written when the header's unit is the declared one.
                if (ok) v[c].declared = header_scale_[c] == col.unit.to_coherent ? x : v[c].number / col.unit.to_coherent;
                break;
            }
            case parameter_type::flag:
                ok = field_read_flag(s, v[c].number, &fp);
                if (ok) v[c].declared = v[c].number;
                break;
            case parameter_type::date: ok = field_read_date(s, v[c].code, &fp); break;
            case parameter_type::product:
            case parameter_type::region:
            case parameter_type::text: {
                // A value already in the column's dictionary was checked when it first appeared.
                // A small dictionary (the products, regions and customers of a file)
                // is searched directly, which is cheaper than hashing the value.
                const auto& dict = dictionaries_[c];
                if (dict.size() <= 16) {
                    std::size_t k = 0;
                    while (k < dict.size() && !(dict[k].size() == s.size() && dict[k].back() == s.back() &&
                                                std::memcmp(dict[k].data(), s.data(), s.size()) == 0))
                        ++k;
                    if (k < dict.size()) {
                        v[c].code = static_cast<std::int32_t>(k);
                        break;
                    }
                } else if (auto it = dictionary_index_[c].find(s); it != dictionary_index_[c].end()) {
                    v[c].code = it->second;
                    break;
                }
                ok = field_check_category(s, rule, products_.get(), regions_.get(), &fp);
                break;
            }
        }
        if (!ok) problem(fp.id, std::move(fp.message), std::move(fp.expected));
    }
}

namespace {
/// A rejected record's customer, when its field can be read (rejected_row::customer_id).
std::string readable_customer(const csv_record& rec, std::size_t header_fields, int field) {
    if (!rec.problem.empty() || rec.fields.size() != header_fields || field < 0) return {};
    const std::string_view c = trim(rec.fields[static_cast<std::size_t>(field)]);
    return !c.empty() && valid_utf8(c) && field_check_visible(c, nullptr) ? std::string(c) : std::string();
}
}  // namespace

bool shipment_reader::accept(const csv_record& rec, shipment_batch& out, std::vector<rejected_row>& rejects) {
    const std::size_t ncol = schema_.columns.size();
    auto reject = [&](std::string id, std::uint32_t column, std::string field, std::string message, std::string expected,
                      std::string found, std::string shipment = {}) {
        rejected_row r;
        r.line = rec.line;
        r.shipment_id = shipment;
        r.customer_id = readable_customer(rec, header_fields_, field_of_column_[column_customer_id]);
        r.problem = diagnostic{std::move(id), source_location{records_->name(), static_cast<std::uint32_t>(rec.line), column,
                                                              std::move(field), shipment},
                               std::move(message), std::move(expected), std::move(found)};
        r.raw = std::string(rec.raw);
        rejects.push_back(std::move(r));
        return false;
    };
    if (!rec.problem.empty())
        return reject("footprint.csv.malformed", rec.problem_column, "", rec.problem, "a well-formed CSV record", "");
    const std::size_t header_fields = header_fields_;
    if (rec.fields.size() == 1 && rec.fields[0].empty())
        return reject("footprint.shipment.empty-line", 0, "", "empty line", "one shipment per line", "");
    if (rec.fields.size() != header_fields)
        return reject("footprint.shipment.field-count", 0, "",
                      "the line has " + std::to_string(rec.fields.size()) + " fields", std::to_string(header_fields) +
                          " fields, as in the header",
                      std::to_string(rec.fields.size()));

    auto column_of = [&](std::size_t field) { return field_column(rec, field); };

    std::string_view id = trim(rec.fields[static_cast<std::size_t>(field_of_column_[column_shipment_id])]);
    std::string shipment(id);
    if (id.empty())
        return reject("footprint.shipment.missing-value", column_of(static_cast<std::size_t>(field_of_column_[0])),
                      "shipment_id", "no shipment id", "a unique shipment id", "");
    if (id.size() > 256)
        return reject("footprint.shipment.id-too-long", column_of(static_cast<std::size_t>(field_of_column_[0])),
                      "shipment_id", "shipment id longer than 256 bytes", "an id of at most 256 bytes",
                      std::string(id.substr(0, 40)) + "…");
    if (field_problem fp; !field_check_visible(id, &fp))
        return reject(fp.id, column_of(static_cast<std::size_t>(field_of_column_[0])), "shipment_id",
                      std::move(fp.message), std::move(fp.expected), shipment);
    const bool in_file = seen_ids_.contains(shipment);
    if (in_file || (opts_.known_ids && opts_.known_ids->count(shipment)))
        return reject("footprint.shipment.duplicate-id", column_of(static_cast<std::size_t>(field_of_column_[0])),
                      "shipment_id",
                      in_file ? "shipment id already used earlier in this file" : "shipment id already in the ledger",
                      "a shipment id not seen before", shipment, shipment);

    // Check every column into scratch first; append to the batch only when the whole row is good.
    std::vector<diagnostic> problems;
    check_fields(rec, shipment, problems);
    const parsed_value* v = scratch_.data();
    if (!problems.empty()) {
        rejected_row r;
        r.line = rec.line;
        r.shipment_id = shipment;
        r.customer_id = readable_customer(rec, header_fields_, field_of_column_[column_customer_id]);
        r.problem = problems.front();
        if (problems.size() > 1) {
            r.problem.message += " (and " + std::to_string(problems.size() - 1) + " more:";
            for (std::size_t i = 1; i < problems.size(); ++i)
                r.problem.message += " " + problems[i].where.field + ": " + problems[i].message + ";";
            r.problem.message.back() = ')';
        }
        r.raw = std::string(rec.raw);
        rejects.push_back(std::move(r));
        return false;
    }

    // Accept: append to the columns. The option is read once: inside the loop the
    // compiler must reload it after every push_back (which may write anywhere).
    seen_ids_.insert(shipment);
    const bool keep_declared = opts_.keep_declared;
    for (std::size_t c = 0; c < ncol; ++c) {
        const shipment_column& col = schema_.columns[c];
        if (c == column_shipment_id) continue;
        if (is_numeric(col.type)) {
            out.numbers[c].push_back(v[c].number);
            if (keep_declared) out.declared[c].push_back(v[c].declared);
        } else if (col.type == parameter_type::date) {
            out.codes[c].push_back(v[c].code);
        } else {
            std::int32_t code = v[c].code;
            if (code < 0) {  // first appearance, checked above
                code = static_cast<std::int32_t>(dictionaries_[c].size());
                dictionary_index_[c].emplace(std::string(v[c].text), code);
                dictionaries_[c].push_back(std::string(v[c].text));
            }
            out.codes[c].push_back(code);
        }
    }
    if (opts_.keep_canonical) {
        // The row as a CSV line in schema order, every value in its column's
        // declared unit (numbers as the shortest text that reads back exactly):
        // the same shipment gives the same line from any file or the ledger.
        std::string& s = canonical_scratch_;
        s.clear();
        for (std::size_t c = 0; c < ncol; ++c) {
            const shipment_column& col = schema_.columns[c];
            if (c) s += ',';
            if (is_numeric(col.type)) {
                s += shortest_text(v[c].declared);
            } else if (col.type == parameter_type::date) {
                s += format_iso_date(v[c].code);
            } else if (v[c].text.find_first_of(",\"\r\n") != std::string_view::npos) {
                s += '"';
                for (char ch : v[c].text) {
                    if (ch == '"') s += '"';
                    s += ch;
                }
                s += '"';
            } else {
                s += v[c].text;
            }
        }
        out.canonical.push_back(s);
    }
    out.shipment_ids.push_back(std::move(shipment));
    out.lines.push_back(rec.line);
    ++out.rows;
    return true;
}

batch_input shipment_reader::plan_view(const shipment_batch& b) const {
    batch_input in;
    in.rows = b.rows;
    int inputs = 0;
    for (const auto& col : schema_.columns) inputs = std::max(inputs, col.plan_input + 1);
    in.columns.resize(static_cast<std::size_t>(inputs));
    for (std::size_t c = 0; c < schema_.columns.size(); ++c) {
        const shipment_column& col = schema_.columns[c];
        if (col.plan_input < 0) continue;
        column_view& v = in.columns[static_cast<std::size_t>(col.plan_input)];
        if (is_numeric(col.type)) v.numbers = b.numbers[c].data();
        else v.codes = b.codes[c].data();
        if (is_categorical(col.type)) v.dictionary = &dictionaries_[c];
    }
    return in;
}

}  // namespace footprint
