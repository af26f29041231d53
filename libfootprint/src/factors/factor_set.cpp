// Factor sets: building the SQLite file from a factor_library, opening it
// read-only into one, and the canonical serialisation that seals its content.
//
// One table description drives everything: the CREATE statements' columns,
// the INSERTs, the SELECTs, the type checks on reading and the canonical
// serialisation. A row is a list of texts in the table's column order, so the
// rows a build writes and the rows an open reads are compared as the same
// thing, and the digest covers exactly what is stored.

#include "footprint/factors/factor_set.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <fstream>
#include <map>

#include "core/detail/sqlite.hpp"
#include "quantities/detail/yaml_reader.hpp"
#include "footprint/core/data_paths.hpp"
#include "footprint/core/digest.hpp"
#include "footprint/core/number_text.hpp"
#include "footprint/core/version.hpp"

namespace footprint {
namespace {

constexpr const char* corrupt_id = "footprint.factorset.corrupt";
constexpr const char* write_id = "footprint.factorset.write";

// ---- the tables ---------------------------------------------------------------

enum class kind { text, opt_text, integer };

struct column_def {
    const char* name;
    kind type;
};

struct table_def {
    const char* name;
    std::vector<column_def> columns;
    const char* order_by;  // the key rows are sorted by
};

using row = std::vector<std::string>;  // one text per column; "" stands for NULL in an optional column

const table_def info_table{"set_info",
                           {{"format", kind::integer},
                            {"name", kind::text},
                            {"version", kind::text},
                            {"gwp_default", kind::text},
                            {"software_version", kind::text}},
                           "name"};
const table_def inputs_table{"created_from", {{"path", kind::text}, {"sha256", kind::text}}, "path"};
const table_def sources_table{"sources",
                              {{"id", kind::text},
                               {"publisher", kind::text},
                               {"title", kind::text},
                               {"year", kind::integer},
                               {"url", kind::opt_text},
                               {"licence", kind::opt_text}},
                              "id"};
const table_def regions_table{
    "regions", {{"id", kind::text}, {"name", kind::text}, {"parent", kind::opt_text}, {"source_id", kind::opt_text}}, "id"};
const table_def factors_table{"factors",
                              {{"id", kind::text},
                               {"name", kind::text},
                               {"activity", kind::text},
                               {"activity_unit", kind::text},
                               {"value_text", kind::opt_text},
                               {"unit", kind::text},
                               {"gwp_assumed", kind::opt_text},
                               {"scope", kind::text},
                               {"fossil", kind::integer},
                               {"region", kind::text},
                               {"year_first", kind::integer},
                               {"year_last", kind::integer},
                               {"source_id", kind::opt_text},
                               {"source_table", kind::opt_text},
                               {"assumption", kind::opt_text},
                               {"assumption_reason", kind::opt_text},
                               {"quality_technological", kind::integer},
                               {"quality_geographical", kind::integer},
                               {"quality_temporal", kind::integer},
                               {"has_uncertainty", kind::integer},
                               {"uncertainty_distribution", kind::opt_text},
                               {"uncertainty_low_text", kind::opt_text},
                               {"uncertainty_high_text", kind::opt_text},
                               {"uncertainty_sd_text", kind::opt_text},
                               {"notes", kind::opt_text},
                               {"source_file", kind::opt_text},
                               {"source_line", kind::integer},
                               {"source_column", kind::integer}},
                              "id"};
const table_def gases_table{"factor_gases",
                            {{"factor_id", kind::text},
                             {"position", kind::integer},
                             {"gas", kind::text},
                             {"amount_text", kind::text}},
                            "factor_id, position"};

// The order of the content tables in the canonical serialisation.
const std::array<const table_def*, 4> content_tables{&sources_table, &regions_table, &factors_table, &gases_table};

// Column positions in factors_table, by name, so that code reads as the schema does.
std::size_t col(const table_def& t, std::string_view name) {
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        if (name == t.columns[i].name) return i;
    throw std::logic_error(std::string("footprint: no column ") + std::string(name) + " in " + t.name);
}

// The schema. Column lists must match the table_defs above (checked by the
// round trip every build makes: write, then open and verify).
constexpr const char* schema_sql = R"sql(
CREATE TABLE set_info (
  format           INTEGER NOT NULL,  -- layout of this file and of the canonical serialisation
  name             TEXT NOT NULL,
  version          TEXT NOT NULL,
  digest           TEXT NOT NULL,     -- SHA-256 (hex) of the canonical serialisation, see docs/factors.md
  gwp_default      TEXT NOT NULL,     -- AR4 | AR5 | AR6: used when the caller names no GWP set
  software_version TEXT NOT NULL      -- footprint version that built the set
);
CREATE TABLE created_from (
  path   TEXT PRIMARY KEY,            -- file name in the factor directory
  sha256 TEXT NOT NULL                -- SHA-256 (hex) of the file's bytes
);
CREATE TABLE sources (
  id        TEXT PRIMARY KEY,
  publisher TEXT NOT NULL,
  title     TEXT NOT NULL,
  year      INTEGER NOT NULL,
  url       TEXT,
  licence   TEXT
);
CREATE TABLE regions (
  id        TEXT PRIMARY KEY,
  name      TEXT NOT NULL,
  parent    TEXT REFERENCES regions (id),   -- NULL for GLO
  source_id TEXT REFERENCES sources (id)    -- the source that groups the region under its parent
);
CREATE TABLE factors (
  id                       TEXT PRIMARY KEY,
  name                     TEXT NOT NULL,
  activity                 TEXT NOT NULL,
  activity_unit            TEXT NOT NULL,    -- as written, e.g. kWh
  value_text               TEXT,             -- as written, e.g. 0.5366; NULL when the amounts are per gas
  unit                     TEXT NOT NULL,    -- as written, e.g. kg CO2/kWh
  gwp_assumed              TEXT,             -- GWP set a CO2e value already assumes
  scope                    TEXT NOT NULL,
  fossil                   INTEGER NOT NULL, -- 1 fossil, 0 biogenic
  region                   TEXT NOT NULL REFERENCES regions (id),
  year_first               INTEGER NOT NULL,
  year_last                INTEGER NOT NULL,
  source_id                TEXT REFERENCES sources (id),
  source_table             TEXT,             -- where in the source
  assumption               TEXT,             -- instead of a source: the assumption
  assumption_reason        TEXT,
  quality_technological    INTEGER NOT NULL, -- 1 (best) .. 5; 0 not rated
  quality_geographical     INTEGER NOT NULL,
  quality_temporal         INTEGER NOT NULL,
  has_uncertainty          INTEGER NOT NULL, -- 1 when the source states an uncertainty
  uncertainty_distribution TEXT,
  uncertainty_low_text     TEXT,             -- as written
  uncertainty_high_text    TEXT,
  uncertainty_sd_text      TEXT,
  notes                    TEXT,
  source_file              TEXT,             -- the YAML file and place the factor was read from
  source_line              INTEGER NOT NULL,
  source_column            INTEGER NOT NULL
);
CREATE TABLE factor_gases (
  factor_id   TEXT NOT NULL REFERENCES factors (id),
  position    INTEGER NOT NULL,              -- order in the source file
  gas         TEXT NOT NULL,                 -- CO2, CH4, CH4-fossil, CH4-non-fossil, N2O, SF6, HFC-134a, CF4
  amount_text TEXT NOT NULL,                 -- as written, in the factor's unit (e.g. kg/TJ)
  PRIMARY KEY (factor_id, position)
);
CREATE INDEX factors_by_activity ON factors (activity, region, year_first);
CREATE VIEW factor_values AS
  SELECT id, activity, region, year_first, year_last, CAST(value_text AS REAL) AS value, unit, activity_unit
  FROM factors;
)sql";

// ---- rows from a library ------------------------------------------------------

std::string int_text(long long v) { return std::to_string(v); }

void check_number(const std::string& text, double value, const char* field, const emission_factor& f,
                  diagnostics& out) {
    if (text.empty()) {
        if (value != 0)
            out.add(write_id, f.where, "factor '" + f.id + "': " + field + " has no written form",
                    "the number as written", shortest_text(value));
        return;
    }
    auto parsed = parse_number_text(text);
    // A set stores the text; reading it must give back exactly the double the
    // calculation used, or the set would not reproduce its results.
    if (!parsed || *parsed != value)
        out.add("footprint.factorset.number", f.where,
                "factor '" + f.id + "': " + field + " '" + text + "' does not read back as the value loaded",
                "a decimal number (digits, optional fraction and exponent)", text);
}

row factor_row(const emission_factor& f, const written_numbers& w, diagnostics& out) {
    const bool per_gas = f.unit.emission == emission_kind::none;
    if (!per_gas) check_number(w.value, f.value, "value", f, out);
    if (w.gases.size() != f.gases.size())
        out.add(write_id, f.where, "factor '" + f.id + "': gas amounts without their written form",
                std::to_string(f.gases.size()) + " texts", std::to_string(w.gases.size()));
    else if (per_gas)
        for (std::size_t i = 0; i < f.gases.size(); ++i)
            check_number(w.gases[i], f.gases[i].as_written, "gas amount", f, out);
    const uncertainty_spec u = f.uncertainty.value_or(uncertainty_spec{});
    if (f.uncertainty) {
        check_number(w.uncertainty_low, u.low, "uncertainty low", f, out);
        check_number(w.uncertainty_high, u.high, "uncertainty high", f, out);
        check_number(w.uncertainty_sd, u.sd, "uncertainty sd", f, out);
    }
    return row{f.id,
               f.name,
               f.activity,
               f.activity_unit.text,
               per_gas ? std::string() : w.value,
               f.unit.text,
               f.gwp_assumed,
               f.scope,
               int_text(f.fossil ? 1 : 0),
               f.region,
               int_text(f.year_first),
               int_text(f.year_last),
               f.cited.source_id,
               f.cited.table,
               f.cited.assumption,
               f.cited.reason,
               int_text(f.quality.technological),
               int_text(f.quality.geographical),
               int_text(f.quality.temporal),
               int_text(f.uncertainty ? 1 : 0),
               u.distribution,
               f.uncertainty ? w.uncertainty_low : std::string(),
               f.uncertainty ? w.uncertainty_high : std::string(),
               f.uncertainty ? w.uncertainty_sd : std::string(),
               f.notes,
               f.where.file.empty() ? std::string() : std::filesystem::path(f.where.file).filename().string(),
               int_text(f.where.line),
               int_text(f.where.column)};
}

struct content {
    std::map<const table_def*, std::vector<row>> tables;
};

// Rows sort by key: the first column, and for factor_gases the position as a number.
void sort_rows(const table_def& t, std::vector<row>& rows) {
    if (&t == &gases_table) {
        std::sort(rows.begin(), rows.end(), [](const row& a, const row& b) {
            if (a[0] != b[0]) return a[0] < b[0];
            return std::stoll(a[1]) < std::stoll(b[1]);
        });
    } else {
        std::sort(rows.begin(), rows.end(), [](const row& a, const row& b) { return a[0] < b[0]; });
    }
}

content rows_of(const factor_library& lib, diagnostics& out) {
    content c;
    auto& sources = c.tables[&sources_table];
    for (const auto& [id, s] : lib.sources())
        sources.push_back(row{s.id, s.publisher, s.title, int_text(s.year), s.url, s.licence});
    auto& regions = c.tables[&regions_table];
    for (const auto& [id, r] : lib.regions().all()) regions.push_back(row{r.id, r.name, r.parent, r.source});
    auto& factors = c.tables[&factors_table];
    auto& gases = c.tables[&gases_table];
    for (const emission_factor* f : lib.sorted_by_id()) {
        const written_numbers& w = lib.written(*f);
        factors.push_back(factor_row(*f, w, out));
        if (f->unit.emission == emission_kind::none)
            for (std::size_t i = 0; i < f->gases.size() && i < w.gases.size(); ++i)
                gases.push_back(row{f->id, int_text(static_cast<long long>(i)), std::string(gas_name(f->gases[i].gas)),
                                    w.gases[i]});
    }
    for (auto& [t, rows] : c.tables) sort_rows(*t, rows);
    return c;
}

row info_row(const factor_set_info& info) {
    return row{int_text(info.format), info.name, info.version, info.gwp_default, info.software_version};
}

// ---- the canonical serialisation ----------------------------------------------

void append_row(std::string& out, const table_def& t, const row& r) {
    out += t.name;
    out += '\n';
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        out += '\t';
        out += t.columns[i].name;
        out += ' ';
        out += std::to_string(r[i].size());
        out += ':';
        out += r[i];
        out += '\n';
    }
}

std::string canonical_text(const row& info, std::vector<row> inputs, const content& c) {
    std::string out = "footprint factor set, canonical serialisation " + std::to_string(factor_set_format) + "\n";
    append_row(out, info_table, info);
    sort_rows(inputs_table, inputs);
    for (const auto& r : inputs) append_row(out, inputs_table, r);
    for (const table_def* t : content_tables) {
        auto it = c.tables.find(t);
        if (it == c.tables.end()) continue;
        for (const auto& r : it->second) append_row(out, *t, r);
    }
    return out;
}

std::vector<row> input_rows(const factor_set_info& info) {
    std::vector<row> rows;
    for (const auto& in : info.created_from) rows.push_back(row{in.path, in.sha256});
    return rows;
}

// ---- reading rows ---------------------------------------------------------------

const char* type_name(int t) {
    switch (t) {
        case SQLITE_INTEGER: return "an integer";
        case SQLITE_FLOAT: return "a real number";
        case SQLITE_TEXT: return "text";
        case SQLITE_BLOB: return "a blob";
        case SQLITE_NULL: return "NULL";
    }
    return "an unknown type";
}

std::vector<row> read_table(detail::sqlite_db& db, const table_def& t, const std::string& extra_column = {}) {
    // Column and table names come from the constant table_defs above, never from input.
    std::string sql = "SELECT ";
    for (std::size_t i = 0; i < t.columns.size(); ++i) sql += (i ? ", " : "") + std::string(t.columns[i].name);
    if (!extra_column.empty()) sql += ", " + extra_column;
    sql += std::string(" FROM ") + t.name + " ORDER BY " + t.order_by;
    detail::sqlite_stmt st(db, sql);
    std::vector<row> rows;
    diagnostics problems;
    const std::size_t n = t.columns.size() + (extra_column.empty() ? 0 : 1);
    while (st.step()) {
        row r(n);
        for (std::size_t i = 0; i < n; ++i) {
            const int c = static_cast<int>(i);
            const int type = st.type(c);
            const kind want = i < t.columns.size() ? t.columns[i].type : kind::text;
            const char* cname = i < t.columns.size() ? t.columns[i].name : extra_column.c_str();
            bool ok = want == kind::integer ? type == SQLITE_INTEGER
                      : want == kind::text  ? type == SQLITE_TEXT
                                            : (type == SQLITE_TEXT || type == SQLITE_NULL);
            if (!ok) {
                problems.add(corrupt_id, source_location{db.file().string(), 0, 0, std::string(t.name) + "." + cname, {}},
                             "row " + std::to_string(rows.size() + 1) + " holds " + type_name(type),
                             want == kind::integer ? "an integer" : want == kind::text ? "text" : "text or NULL");
                continue;
            }
            r[i] = want == kind::integer ? int_text(st.integer(c)) : st.text(c);
        }
        rows.push_back(std::move(r));
    }
    problems.throw_if_any();
    return rows;
}

std::optional<long long> to_int(const std::string& s) {
    long long v = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc{} || r.ptr != s.data() + s.size()) return std::nullopt;
    return v;
}

int int_field(const row& r, std::size_t i) { return static_cast<int>(to_int(r[i]).value_or(0)); }

// Rebuilds the library from rows, the way factor_yaml.cpp builds it from YAML:
// the same parses and the same arithmetic, so that the doubles are identical.
factor_library library_of(const content& c, const std::filesystem::path& file, diagnostics& out) {
    factor_library lib;
    const std::string fname = file.string();
    for (const auto& r : c.tables.at(&sources_table))
        lib.add_source(source_record{r[0], r[1], r[2], int_field(r, 3), r[4], r[5],
                                     source_location{fname, 0, 0, "sources[" + r[0] + "]", {}}});
    for (const auto& r : c.tables.at(&regions_table))
        lib.add_region(region{r[0], r[1], r[2], source_location{fname, 0, 0, "regions[" + r[0] + "]", {}}, r[3]});

    std::map<std::string, std::vector<const row*>> gases_of;
    for (const auto& r : c.tables.at(&gases_table)) gases_of[r[0]].push_back(&r);

    const table_def& t = factors_table;
    for (const auto& r : c.tables.at(&factors_table)) {
        const std::string& id = r[col(t, "id")];
        auto loc = [&](const char* column) {
            return source_location{fname, 0, 0, "factors[" + id + "]." + column, {}};
        };
        const std::size_t before = out.size();
        emission_factor f;
        written_numbers w;
        f.id = id;
        f.name = r[col(t, "name")];
        f.activity = r[col(t, "activity")];
        auto au = parse_unit(r[col(t, "activity_unit")], loc("activity_unit"), out);
        auto u = parse_unit(r[col(t, "unit")], loc("unit"), out);
        const std::string& value_text = r[col(t, "value_text")];
        auto gas_rows = gases_of.find(id);
        if (au && u) {
            f.activity_unit = *au;
            f.unit = *u;
            if (u->emission == emission_kind::none) {
                if (!value_text.empty())
                    out.add(corrupt_id, loc("value_text"), "a value with a per-gas unit", "NULL", value_text);
                if (gas_rows != gases_of.end()) {
                    for (const row* g : gas_rows->second) {
                        auto gas = parse_gas((*g)[2]);
                        auto amount = parse_number_text((*g)[3]);
                        if (!gas || !amount) {
                            out.add(corrupt_id, loc("factor_gases"), "unreadable gas amount",
                                    "a gas name and a decimal number", (*g)[2] + " " + (*g)[3]);
                            continue;
                        }
                        f.gases.push_back(gas_amount{*gas, *amount * u->to_coherent, *amount});
                        w.gases.push_back((*g)[3]);
                    }
                }
            } else {
                if (gas_rows != gases_of.end())
                    out.add(corrupt_id, loc("factor_gases"), "per-gas amounts with a CO2e or one-gas unit", "none",
                            u->text);
                auto value = parse_number_text(value_text);
                if (!value) {
                    out.add(corrupt_id, loc("value_text"), "value is not a number", "a decimal number", value_text);
                } else {
                    f.value = *value;
                    w.value = value_text;
                    if (u->emission == emission_kind::co2e) {
                        f.co2e_per_activity = *value * u->to_coherent;
                    } else {
                        f.gases.push_back(gas_amount{u->gas, *value * u->to_coherent, *value});
                        w.gases.push_back(value_text);
                    }
                }
            }
        }
        f.gwp_assumed = r[col(t, "gwp_assumed")];
        if (!f.gwp_assumed.empty() && find_gwp_set(f.gwp_assumed) == nullptr)
            out.add(corrupt_id, loc("gwp_assumed"), "unknown GWP set", "AR4, AR5 or AR6", f.gwp_assumed);
        f.scope = r[col(t, "scope")];
        f.fossil = r[col(t, "fossil")] != "0";
        f.region = r[col(t, "region")];
        f.year_first = int_field(r, col(t, "year_first"));
        f.year_last = int_field(r, col(t, "year_last"));
        f.cited.source_id = r[col(t, "source_id")];
        f.cited.table = r[col(t, "source_table")];
        f.cited.assumption = r[col(t, "assumption")];
        f.cited.reason = r[col(t, "assumption_reason")];
        f.quality.technological = int_field(r, col(t, "quality_technological"));
        f.quality.geographical = int_field(r, col(t, "quality_geographical"));
        f.quality.temporal = int_field(r, col(t, "quality_temporal"));
        if (r[col(t, "has_uncertainty")] != "0") {
            uncertainty_spec s;
            s.distribution = r[col(t, "uncertainty_distribution")];
            auto number = [&](const char* column, double& into, std::string& text) {
                text = r[col(t, column)];
                if (text.empty()) return;
                if (auto v = parse_number_text(text))
                    into = *v;
                else
                    out.add(corrupt_id, loc(column), "not a number", "a decimal number", text);
            };
            number("uncertainty_low_text", s.low, w.uncertainty_low);
            number("uncertainty_high_text", s.high, w.uncertainty_high);
            number("uncertainty_sd_text", s.sd, w.uncertainty_sd);
            f.uncertainty = s;
        }
        f.notes = r[col(t, "notes")];
        f.where = source_location{r[col(t, "source_file")],
                                  static_cast<std::uint32_t>(int_field(r, col(t, "source_line"))),
                                  static_cast<std::uint32_t>(int_field(r, col(t, "source_column"))),
                                  {},
                                  {}};
        if (out.size() == before) lib.add_factor(std::move(f), std::move(w));
    }
    return lib;
}

std::string read_header(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::string head(100, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
    return head;
}

std::int64_t pragma_int(detail::sqlite_db& db, const char* sql) {
    detail::sqlite_stmt st(db, sql);
    return st.step() ? st.integer(0) : 0;
}

using schema_rows = std::vector<std::array<std::string, 3>>;  // type, name, sql

schema_rows read_schema(detail::sqlite_db& db) {
    detail::sqlite_stmt st(db, "SELECT type, name, sql FROM sqlite_master ORDER BY type, name");
    schema_rows out;
    while (st.step()) out.push_back({st.text(0), st.text(1), st.text(2)});
    return out;
}

// The schema this format writes, as SQLite records it: made once in memory.
const schema_rows& expected_schema() {
    static const schema_rows rows = [] {
        detail::sqlite_db db(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "footprint.internal");
        db.exec(schema_sql);
        return read_schema(db);
    }();
    return rows;
}

}  // namespace

// ---- public -----------------------------------------------------------------------

std::vector<canonical_row> canonical_rows(const factor_library& library) {
    diagnostics ignored;  // number checks matter when writing, not for listing rows
    content c = rows_of(library, ignored);
    std::vector<canonical_row> out;
    for (const table_def* t : content_tables) {
        for (const auto& r : c.tables[t]) {
            canonical_row cr{t->name, {}};
            for (std::size_t i = 0; i < t->columns.size(); ++i) cr.fields.emplace_back(t->columns[i].name, r[i]);
            out.push_back(std::move(cr));
        }
    }
    return out;
}

std::string canonical_serialisation(const factor_set_info& info, const factor_library& library) {
    diagnostics ignored;
    return canonical_text(info_row(info), input_rows(info), rows_of(library, ignored));
}

std::string factor_set_digest(const factor_set_info& info, const factor_library& library) {
    return sha256_hex(canonical_serialisation(info, library));
}

std::string canonical_serialisation(const factor_set& set) { return canonical_serialisation(set.info(), set.library()); }

factor_set factor_set::open(const std::filesystem::path& file) {
    const source_location at{file.string(), 0, 0, {}, {}};
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        throw error("footprint.io.read", at,
                    std::filesystem::exists(file, ec) ? "not a regular file" : "factor set not found",
                    "a factor set file built by `footprint factors build`");
    // SQLite opens any file lazily; say plainly what a non-SQLite file is.
    const std::string head = read_header(file);
    if (head.size() < 100 || head.compare(0, 16, std::string("SQLite format 3\0", 16)) != 0)
        throw error(corrupt_id, at,
                    head.size() < 100 ? "not an SQLite database: the file is shorter than the SQLite header"
                                      : "not an SQLite database: the file does not start with the SQLite header",
                    "a factor set built by `footprint factors build`");

    detail::sqlite_db db(file, SQLITE_OPEN_READONLY, corrupt_id);
    if (pragma_int(db, "PRAGMA application_id") != factor_set_application_id)
        throw error(corrupt_id, at, "an SQLite database, but not a footprint factor set (application_id differs)",
                    "application_id " + std::to_string(factor_set_application_id));
    if (auto v = pragma_int(db, "PRAGMA user_version"); v != factor_set_format)
        throw error(v > factor_set_format ? "footprint.factorset.format" : corrupt_id, at,
                    v > factor_set_format ? "the set was made by a newer footprint" : "unknown factor set layout",
                    "format " + std::to_string(factor_set_format), std::to_string(v));
    // The tables, indexes and views must be exactly those this format writes: a
    // set with an added trigger, view or column is not a set footprint made.
    if (const schema_rows found = read_schema(db); found != expected_schema()) {
        diagnostics problems;
        const schema_rows& want = expected_schema();
        auto named = [](const schema_rows& rows, const std::string& name) {
            return std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r[1] == name; });
        };
        const source_location where{file.string(), 0, 0, "sqlite_master", {}};
        const std::string expected = "the schema of factor set format " + std::to_string(factor_set_format);
        for (const auto& f : found) {
            auto w = named(want, f[1]);
            if (w == want.end())
                problems.add(corrupt_id, where, "the set has a " + f[0] + " footprint does not write", expected, f[1]);
            else if (*w != f)
                problems.add(corrupt_id, where, "the set's " + f[0] + " '" + f[1] + "' has been altered", expected,
                             f[1]);
        }
        for (const auto& w : want)
            if (named(found, w[1]) == found.end())
                problems.add(corrupt_id, where, "the set lacks the " + w[0] + " '" + w[1] + "'", expected);
        problems.throw_if_any();
    }
    {
        detail::sqlite_stmt check(db, "PRAGMA quick_check");
        diagnostics problems;
        while (check.step())
            if (std::string m = check.text(0); m != "ok")
                problems.add(corrupt_id, at, "the database is damaged: " + m, "an intact SQLite file");
        problems.throw_if_any();
    }

    std::vector<row> info_rows = read_table(db, info_table, "digest");
    if (info_rows.size() != 1)
        throw error(corrupt_id, source_location{file.string(), 0, 0, "set_info", {}}, "set_info must have one row",
                    "1 row", std::to_string(info_rows.size()));
    const row& ir = info_rows.front();
    factor_set_info info;
    info.format = int_field(ir, 0);
    info.name = ir[1];
    info.version = ir[2];
    info.gwp_default = ir[3];
    info.software_version = ir[4];
    info.digest = ir[5];
    if (info.format != factor_set_format)
        throw error(info.format > factor_set_format ? "footprint.factorset.format" : corrupt_id,
                    source_location{file.string(), 0, 0, "set_info.format", {}}, "unsupported set format",
                    std::to_string(factor_set_format), std::to_string(info.format));
    std::vector<row> inputs = read_table(db, inputs_table);
    for (const auto& r : inputs) info.created_from.push_back(factor_set_input{r[0], r[1]});

    content c;
    for (const table_def* t : content_tables) c.tables[t] = read_table(db, *t);
    for (auto& [t, rows] : c.tables) sort_rows(*t, rows);

    // The seal: the content as stored must serialise to the digest the set claims.
    const std::string found = sha256_hex(canonical_text(info_row(info), input_rows(info), c));
    if (found != info.digest)
        throw error("footprint.factorset.digest-mismatch", at,
                    "the set's content does not match its digest: it was changed after it was built, or is "
                    "damaged; rebuild it with `footprint factors build`",
                    info.digest.empty() ? std::string("a digest") : info.digest, found);

    diagnostics problems;
    if (find_gwp_set(info.gwp_default) == nullptr)
        problems.add(corrupt_id, source_location{file.string(), 0, 0, "set_info.gwp_default", {}}, "unknown GWP set",
                     "AR4, AR5 or AR6", info.gwp_default);
    factor_library lib = library_of(c, file, problems);
    lib.validate(problems);
    problems.throw_if_any();
    lib.describe_base(factor_layer{info.name, info.version, info.digest, file.string()});
    return factor_set(file, std::move(info), std::move(lib));
}

factor_set_info write_factor_set(const factor_library& library, factor_set_info info, const std::filesystem::path& out) {
    const source_location at{out.string(), 0, 0, {}, {}};
    info.format = factor_set_format;
    info.software_version = version;
    if (info.version.empty()) info.version = version;
    // Inputs in the order the set stores them, so that the info returned equals the info read back.
    std::sort(info.created_from.begin(), info.created_from.end(),
              [](const factor_set_input& a, const factor_set_input& b) { return a.path < b.path; });
    diagnostics problems;
    if (info.name.empty()) problems.add(write_id, at, "a factor set needs a name", "--name NAME");
    if (find_gwp_set(info.gwp_default) == nullptr)
        problems.add("footprint.factorset.gwp", at, "unknown default GWP set", "AR4, AR5 or AR6", info.gwp_default);
    if (library.layers().size() != 1)
        problems.add(write_id, at, "a stacked library (with overlays) cannot be written as one set",
                     "a library with one layer", std::to_string(library.layers().size()) + " layers");
    content c = rows_of(library, problems);
    problems.throw_if_any();
    info.digest = sha256_hex(canonical_text(info_row(info), input_rows(info), c));

    std::error_code ec;
    const std::filesystem::path dir = out.has_parent_path() ? out.parent_path() : std::filesystem::path(".");
    if (!std::filesystem::is_directory(dir, ec))
        throw error("footprint.io.write", at, "the output's directory does not exist", "an existing directory",
                    dir.string());
    // Written beside the target and renamed into place: readers never see a half-written set.
    static std::atomic<unsigned> builds{0};  // two builds in one process never share a temporary file
    const std::filesystem::path tmp = dir / ("." + out.filename().string() + ".tmp-" + std::to_string(::getpid()) +
                                             "-" + std::to_string(builds++));
    std::filesystem::remove(tmp, ec);
    try {
        {
            detail::sqlite_db db(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, write_id);
            db.exec("PRAGMA page_size = 4096");
            db.exec(("PRAGMA application_id = " + std::to_string(factor_set_application_id)).c_str());
            db.exec(("PRAGMA user_version = " + std::to_string(factor_set_format)).c_str());
            // A fresh temporary file needs no rollback journal; on failure it is deleted.
            db.exec("PRAGMA journal_mode = OFF");
            db.exec(schema_sql);
            db.exec("BEGIN");
            auto insert = [&](const table_def& t, const std::vector<row>& rows, const std::string& extra_column = {},
                              const std::string& extra_value = {}) {
                std::string sql = std::string("INSERT INTO ") + t.name + " (";
                std::string params;
                for (std::size_t i = 0; i < t.columns.size(); ++i) {
                    sql += (i ? ", " : "") + std::string(t.columns[i].name);
                    params += (i ? ", ?" : "?") + std::to_string(i + 1);
                }
                if (!extra_column.empty()) {
                    sql += ", " + extra_column;
                    params += ", ?" + std::to_string(t.columns.size() + 1);
                }
                detail::sqlite_stmt st(db, sql + ") VALUES (" + params + ")");
                for (const auto& r : rows) {
                    for (std::size_t i = 0; i < t.columns.size(); ++i) {
                        const int p = static_cast<int>(i + 1);
                        switch (t.columns[i].type) {
                            case kind::integer: st.bind(p, static_cast<std::int64_t>(to_int(r[i]).value_or(0))); break;
                            case kind::text: st.bind(p, r[i]); break;
                            case kind::opt_text: st.bind_or_null(p, r[i]); break;
                        }
                    }
                    if (!extra_column.empty()) st.bind(static_cast<int>(t.columns.size() + 1), extra_value);
                    st.run();
                }
            };
            insert(info_table, {info_row(info)}, "digest", info.digest);
            std::vector<row> inputs = input_rows(info);
            sort_rows(inputs_table, inputs);
            insert(inputs_table, inputs);
            for (const table_def* t : content_tables) insert(*t, c.tables[t]);
            db.exec("COMMIT");
        }
        // Verify what was written exactly as a reader will, before anyone can see it.
        factor_set check = factor_set::open(tmp);
        if (check.info().digest != info.digest)
            throw error(write_id, at, "the written set does not read back with the digest it was given",
                        info.digest, check.info().digest);
        std::filesystem::rename(tmp, out);
    } catch (...) {
        std::filesystem::remove(tmp, ec);
        throw;
    }
    return info;
}

factor_set_info build_factor_set(const std::filesystem::path& dir, const std::filesystem::path& out,
                                 const factor_set_build_options& options) {
    std::vector<named_text> texts;
    factor_set_info info;
    info.name = options.name;
    info.version = options.version;
    info.gwp_default = options.gwp_default;
    diagnostics problems;
    for (const auto& file : factor_directory_files(dir)) {
        auto read = detail::read_text_file(file.string(), problems);  // bounded by max_yaml_bytes
        if (!read) continue;
        std::string bytes = std::move(*read);
        // Hash the very bytes that are loaded, so created_from names exactly the input.
        info.created_from.push_back(factor_set_input{file.filename().string(), sha256_hex(bytes)});
        texts.push_back(named_text{file.string(), std::move(bytes)});
    }
    problems.throw_if_any();
    factor_library lib = load_factor_texts(texts);
    return write_factor_set(lib, std::move(info), out);
}

factor_library stack_factor_sets(const factor_set& base, const std::vector<const factor_set*>& overlays) {
    factor_library lib = base.library();
    for (const factor_set* o : overlays) lib.add_overlay(o->library());
    return lib;
}

std::filesystem::path default_factor_set_path() {
    return default_data_dir() / "factor-sets" / "footprint-default.sqlite";
}

}  // namespace footprint
