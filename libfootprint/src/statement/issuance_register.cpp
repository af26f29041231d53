// The SQLite issuance register. See issuance_register.hpp.

#include "footprint/statement/issuance_register.hpp"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/detail/sqlite.hpp"
#include "footprint/core/calendar.hpp"
#include "footprint/core/error.hpp"
#include "footprint/statement/statement.hpp"

namespace footprint {

namespace {

using json = nlohmann::json;

constexpr const char* register_format = "footprint-register/1";
constexpr const char* register_expected = "an issuance register made by `footprint register add`";

constexpr const char* schema_sql =
    "CREATE TABLE register_info(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE issuances(number INTEGER PRIMARY KEY, statement_digest TEXT NOT NULL UNIQUE,"
    " customer TEXT NOT NULL, period_from TEXT NOT NULL, period_to TEXT NOT NULL,"
    " methodology_id TEXT NOT NULL, methodology_version TEXT NOT NULL, issued_t INTEGER NOT NULL,"
    " reduction_g INTEGER NOT NULL, statement_file TEXT NOT NULL, recorded_at TEXT NOT NULL);"
    "CREATE INDEX issuances_by_customer ON issuances(customer, methodology_id, period_from);"
    "CREATE TABLE signatures(number INTEGER NOT NULL REFERENCES issuances(number), position INTEGER NOT NULL,"
    " key_fingerprint TEXT NOT NULL, role TEXT NOT NULL, signer TEXT NOT NULL, signed_at TEXT NOT NULL,"
    " PRIMARY KEY(number, position)) WITHOUT ROWID;"
    "CREATE TRIGGER issuances_no_update BEFORE UPDATE ON issuances"
    " BEGIN SELECT RAISE(ABORT, 'the issuance register is append-only'); END;"
    "CREATE TRIGGER issuances_no_delete BEFORE DELETE ON issuances"
    " BEGIN SELECT RAISE(ABORT, 'the issuance register is append-only'); END;"
    "CREATE TRIGGER signatures_no_update BEFORE UPDATE ON signatures"
    " BEGIN SELECT RAISE(ABORT, 'the issuance register is append-only'); END;"
    "CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures"
    " BEGIN SELECT RAISE(ABORT, 'the issuance register is append-only'); END;";

constexpr const char* select_issuances =
    "SELECT number, statement_digest, customer, period_from, period_to, methodology_id, methodology_version,"
    " issued_t, reduction_g, statement_file, recorded_at FROM issuances";

/// sqlite_db names its failures with the id it is given, but describes what
/// it expected as a factor set; say a register instead.
[[noreturn]] void rethrow_for_register(const error& e) {
    std::vector<diagnostic> ds = e.problems();
    for (auto& d : ds)
        if (d.id == "footprint.register.sqlite") d.expected = register_expected;
    throw error(std::move(ds));
}

issuance read_row(const detail::sqlite_stmt& q) {
    issuance i;
    i.number = q.integer(0);
    i.statement_digest = q.text(1);
    i.customer = q.text(2);
    i.period_from = q.text(3);
    i.period_to = q.text(4);
    i.methodology_id = q.text(5);
    i.methodology_version = q.text(6);
    i.issued_t = q.integer(7);
    i.reduction_g = q.integer(8);
    i.statement_file = q.text(9);
    i.recorded_at = q.text(10);
    return i;
}

json to_json(const issuance& i) {
    json sigs = json::array();
    for (const auto& s : i.signatures)
        sigs.push_back(json{{"key_fingerprint", s.key_fingerprint}, {"role", s.role}, {"signer", s.signer},
                            {"signed_at", s.signed_at}});
    return json{{"number", i.number},
                {"statement_digest", i.statement_digest},
                {"customer", i.customer},
                {"period", json{{"from", i.period_from}, {"to", i.period_to}}},
                {"methodology", json{{"id", i.methodology_id}, {"version", i.methodology_version}}},
                {"issued_t", i.issued_t},
                {"reduction_g", i.reduction_g},
                {"statement_file", i.statement_file},
                {"recorded_at", i.recorded_at},
                {"signatures", std::move(sigs)}};
}

/// One CSV cell: RFC 4180 quoting, and a leading ' on text a spreadsheet would run as a formula.
std::string csv_cell(const std::string& text) {
    std::string s = text;
    if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r'))
        s.insert(s.begin(), '\'');
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) {
        if (c == '"') q += '"';
        q += c;
    }
    return q + "\"";
}

bool is_hex_prefix(const std::string& s) {
    if (s.size() < 8 || s.size() > 64) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

}  // namespace

issuance issuance_of_statement(const std::string& statement_json, const std::string& file) {
    const statement_header h = read_statement_header(statement_json, file);
    const std::string computed = statement_digest(statement_json);
    const json j = json::parse(statement_json);  // read_statement_header parsed it already
    const std::string recorded = j["statement_digest"].get<std::string>();
    if (recorded != computed)
        throw error("footprint.register.seal", source_location{file, 0, 0, "/statement_digest", {}},
                    "the statement's content does not hash to its recorded digest, so it was changed after it was made",
                    computed, recorded);
    issuance i;
    i.statement_digest = computed;
    i.customer = h.customer;
    i.period_from = format_iso_date(h.from_day);
    i.period_to = format_iso_date(h.to_day);
    i.methodology_id = h.methodology_id;
    i.methodology_version = h.methodology_version;
    diagnostics problems;
    if (auto it = j.find("issuable_t"); it != j.end() && it->is_number_integer() && it->get<std::int64_t>() >= 0)
        i.issued_t = it->get<std::int64_t>();
    else
        problems.add("footprint.statement.field-type", source_location{file, 0, 0, "/issuable_t", {}},
                     "missing or not a whole number of tonnes", "an integer >= 0");
    const json& totals = j["totals_g"];
    if (auto it = totals.find("reduction"); it != totals.end() && it->is_number_integer())
        i.reduction_g = it->get<std::int64_t>();
    else
        problems.add("footprint.statement.field-type", source_location{file, 0, 0, "/totals_g/reduction", {}},
                     "missing or not an integer", "grams as an integer");
    if (h.from_day > h.to_day)
        problems.add("footprint.register.period", source_location{file, 0, 0, "/period", {}},
                     "the period ends before it starts", "from <= to", i.period_from + " to " + i.period_to);
    problems.throw_if_any();
    i.statement_file = std::filesystem::path(file).filename().string();
    return i;
}

struct issuance_register::impl {
    detail::sqlite_db db;
    impl(const std::filesystem::path& f, int flags) : db(f, flags, "footprint.register.sqlite") {}

    void read_signatures(issuance& i) const {
        detail::sqlite_stmt q(const_cast<detail::sqlite_db&>(db),
                              "SELECT key_fingerprint, role, signer, signed_at FROM signatures WHERE number = ?1 ORDER BY position");
        q.bind(1, i.number);
        while (q.step()) i.signatures.push_back(issuance_signature{q.text(0), q.text(1), q.text(2), q.text(3)});
    }
};

issuance_register::issuance_register(const std::filesystem::path& file, bool create) {
    const source_location where{file.string(), 0, 0, {}, {}};
    std::error_code ec;
    const bool exists = std::filesystem::exists(file, ec);
    if (!create && !exists) throw error("footprint.register.missing", where, "no register at this path", register_expected);
    if (exists && std::filesystem::file_size(file, ec) > 0) {
        std::ifstream in(file, std::ios::binary);
        char magic[16] = {};
        in.read(magic, 16);
        if (in.gcount() != 16 || std::string(magic, 15) != "SQLite format 3")
            throw error("footprint.register.schema", where, "not an issuance register (not a SQLite file)", register_expected);
    }
    try {
        impl_ = std::make_unique<impl>(file, create ? (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) : SQLITE_OPEN_READONLY);
        auto& db = impl_->db;
        db.exec("PRAGMA foreign_keys = ON");
        bool has_info = false, has_tables = false;
        {
            detail::sqlite_stmt q(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
            while (q.step()) {
                has_tables = true;
                if (q.text(0) == "register_info") has_info = true;
            }
        }
        if (!has_info && create && !has_tables) {
            db.exec("BEGIN IMMEDIATE");
            db.exec(schema_sql);
            detail::sqlite_stmt ins(db, "INSERT INTO register_info(key, value) VALUES ('format', ?1)");
            ins.bind(1, std::string(register_format));
            ins.run();
            db.exec("COMMIT");
            has_info = true;
        }
        std::string format;
        if (has_info) {
            detail::sqlite_stmt q(db, "SELECT value FROM register_info WHERE key = 'format'");
            if (q.step()) format = q.text(0);
        }
        if (format != register_format)
            throw error("footprint.register.schema", where,
                        format.empty() ? "not an issuance register" : "an issuance register of another format",
                        register_format, format);
    } catch (const error& e) {
        rethrow_for_register(e);
    }
}

issuance_register::~issuance_register() = default;

const std::filesystem::path& issuance_register::file() const noexcept { return impl_->db.file(); }

namespace {

/// Refuses a statement already in the register.
void check_not_registered(detail::sqlite_db& db, const issuance& item, const std::string& statement_file) {
    detail::sqlite_stmt q(db, std::string(select_issuances) + " WHERE statement_digest = ?1");
    q.bind(1, item.statement_digest);
    if (!q.step()) return;
    const issuance earlier = read_row(q);
    throw error("footprint.register.duplicate", source_location{statement_file, 0, 0, "/statement_digest", {}},
                fmt::format("this statement is already in the register (issuance {}, recorded {} from {})", earlier.number,
                            earlier.recorded_at, earlier.statement_file),
                "a statement not registered yet", item.statement_digest);
}

/// Every issued statement of the same customer and methodology id whose period overlaps item's, as problems.
diagnostics overlaps(detail::sqlite_db& db, const issuance& item, const std::string& statement_file) {
    diagnostics problems;
    detail::sqlite_stmt q(db, std::string(select_issuances) +
                                  " WHERE customer = ?1 AND methodology_id = ?2 AND period_from <= ?4 AND ?3 <= period_to"
                                  " ORDER BY number");
    q.bind(1, item.customer);
    q.bind(2, item.methodology_id);
    q.bind(3, item.period_from);
    q.bind(4, item.period_to);
    while (q.step()) {
        const issuance earlier = read_row(q);
        problems.add("footprint.register.overlap", source_location{statement_file, 0, 0, "/period", {}},
                     fmt::format("the period overlaps statement {} already issued for {} under {} ({} to {}, "
                                 "methodology {}, {} t, issuance {} recorded {})",
                                 earlier.statement_digest, earlier.customer, earlier.methodology_id, earlier.period_from,
                                 earlier.period_to, earlier.methodology_version, earlier.issued_t, earlier.number,
                                 earlier.recorded_at),
                     fmt::format("a period ending before {} or starting after {}", earlier.period_from, earlier.period_to),
                     item.period_from + " to " + item.period_to);
    }
    return problems;
}

/// Inserts the issuance and its signatures; returns its number.
std::int64_t insert(detail::sqlite_db& db, const issuance& item) {
    detail::sqlite_stmt ins(db,
                            "INSERT INTO issuances(statement_digest, customer, period_from, period_to, methodology_id,"
                            " methodology_version, issued_t, reduction_g, statement_file, recorded_at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    ins.bind(1, item.statement_digest);
    ins.bind(2, item.customer);
    ins.bind(3, item.period_from);
    ins.bind(4, item.period_to);
    ins.bind(5, item.methodology_id);
    ins.bind(6, item.methodology_version);
    ins.bind(7, item.issued_t);
    ins.bind(8, item.reduction_g);
    ins.bind(9, item.statement_file);
    ins.bind(10, item.recorded_at);
    ins.run();
    const std::int64_t number = sqlite3_last_insert_rowid(db.handle());
    detail::sqlite_stmt sig(db,
                            "INSERT INTO signatures(number, position, key_fingerprint, role, signer, signed_at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    std::int64_t position = 0;
    for (const auto& s : item.signatures) {
        sig.bind(1, number);
        sig.bind(2, position++);
        sig.bind(3, s.key_fingerprint);
        sig.bind(4, s.role);
        sig.bind(5, s.signer);
        sig.bind(6, s.signed_at);
        sig.run();
    }
    return number;
}

}  // namespace

issuance issuance_register::add(const std::string& statement_json, const std::string& statement_file,
                                const std::vector<signature_record>& signatures, const std::string& recorded_at) {
    issuance item = issuance_of_statement(statement_json, statement_file);
    if (!recorded_at.empty() && !is_utc_time(recorded_at))
        throw error("footprint.signature.time", source_location{"<command line>", 0, 0, "--time", {}}, "not a UTC time",
                    "YYYY-MM-DDTHH:MM:SSZ", recorded_at);
    item.recorded_at = recorded_at.empty() ? utc_time_now() : recorded_at;
    diagnostics problems;
    for (std::size_t index = 0; index < signatures.size(); ++index) {
        const auto& s = signatures[index];
        if (s.statement_digest != item.statement_digest)
            problems.add("footprint.register.signature",
                         source_location{statement_file, 0, 0, "/signatures/" + std::to_string(index), {}},
                         "a signature over another statement digest (the statement was changed after it was signed, "
                         "or the signature file belongs to another statement)",
                         item.statement_digest, s.statement_digest);
        item.signatures.push_back(issuance_signature{s.key_fingerprint, std::string(role_name(s.role)), s.signer, s.signed_at});
    }
    problems.throw_if_any();
    auto& db = impl_->db;
    try {
        // Checked and recorded in one IMMEDIATE transaction: a concurrent add waits, then sees this one.
        db.exec("BEGIN IMMEDIATE");
        try {
            check_not_registered(db, item, statement_file);
            overlaps(db, item, statement_file).throw_if_any();
            item.number = insert(db, item);
            db.exec("COMMIT");
        } catch (...) {
            sqlite3_exec(db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    } catch (const error& e) {
        rethrow_for_register(e);
    }
    return item;
}

std::vector<issuance> issuance_register::list(const std::optional<std::string>& customer) const {
    std::vector<issuance> out;
    try {
        auto& db = const_cast<detail::sqlite_db&>(impl_->db);
        detail::sqlite_stmt q(db, std::string(select_issuances) + (customer ? " WHERE customer = ?1" : "") + " ORDER BY number");
        if (customer) q.bind(1, *customer);
        while (q.step()) out.push_back(read_row(q));
        for (auto& i : out) impl_->read_signatures(i);
    } catch (const error& e) {
        rethrow_for_register(e);
    }
    return out;
}

issuance issuance_register::show(const std::string& digest) const {
    const source_location where{"<command line>", 0, 0, "DIGEST", {}};
    if (!is_hex_prefix(digest))
        throw error("footprint.register.not-found", where, "not a statement digest",
                    "8 to 64 lower-case hex digits of a statement digest", digest);
    std::vector<issuance> found;
    try {
        auto& db = const_cast<detail::sqlite_db&>(impl_->db);
        detail::sqlite_stmt q(db, std::string(select_issuances) + " WHERE substr(statement_digest, 1, ?2) = ?1 ORDER BY number");
        q.bind(1, digest);
        q.bind(2, static_cast<std::int64_t>(digest.size()));
        while (q.step()) found.push_back(read_row(q));
        for (auto& i : found) impl_->read_signatures(i);
    } catch (const error& e) {
        rethrow_for_register(e);
    }
    if (found.size() != 1)
        throw error("footprint.register.not-found", where,
                    found.empty() ? "no statement with this digest in the register"
                                  : std::to_string(found.size()) + " statements start with these digits",
                    "the digest of a registered statement (`footprint register list`)", digest);
    return found.front();
}

register_check check_issued(const issuance_register& reg, const std::string& statement_json, const std::string& file) {
    register_check c;
    c.statement = issuance_of_statement(statement_json, file);
    const issuance& s = c.statement;
    for (auto& i : reg.list(s.customer)) {
        if (i.statement_digest == s.statement_digest)
            c.issued = std::move(i);
        else if (i.methodology_id == s.methodology_id && i.period_from <= s.period_to && s.period_from <= i.period_to)
            c.overlapping.push_back(std::move(i));
    }
    const std::string where = reg.file().string();
    if (!c.issued) {
        std::string instead;
        for (const auto& o : c.overlapping)
            instead += fmt::format("{}statement {} ({} to {}, {} {}, {} t, issuance {})", instead.empty() ? "" : "; ",
                                   o.statement_digest, o.period_from, o.period_to, o.methodology_id,
                                   o.methodology_version, o.issued_t, o.number);
        c.problems.push_back(diagnostic{
            "footprint.register.not-issued", source_location{where, 0, 0, "statement_digest", {}},
            instead.empty() ? "the register has no statement with this digest, and none for " + s.customer +
                                  " under " + s.methodology_id + " in an overlapping period"
                            : "the register has no statement with this digest; for " + s.customer + " it holds " + instead,
            "an issuance of statement " + s.statement_digest, instead.empty() ? "none" : instead});
        return c;
    }
    const issuance& i = *c.issued;
    auto field = [&](const char* name, const std::string& stated, const std::string& recorded) {
        if (stated != recorded)
            c.problems.push_back(diagnostic{"footprint.register.mismatch",
                                            source_location{where, 0, 0, "issuance " + std::to_string(i.number) + "/" + name, {}},
                                            std::string("the register records another ") + name + " for this statement",
                                            stated, recorded});
    };
    field("customer", s.customer, i.customer);
    field("period", s.period_from + " to " + s.period_to, i.period_from + " to " + i.period_to);
    field("methodology", s.methodology_id + " " + s.methodology_version, i.methodology_id + " " + i.methodology_version);
    field("issued_t", std::to_string(s.issued_t), std::to_string(i.issued_t));
    field("reduction_g", std::to_string(s.reduction_g), std::to_string(i.reduction_g));
    return c;
}

std::string register_csv(const std::vector<issuance>& issuances) {
    std::string out =
        "number,statement_digest,customer,period_from,period_to,methodology_id,methodology_version,issued_t,"
        "reduction_g,recorded_at,statement_file,signatures\n";
    for (const auto& i : issuances) {
        std::string sigs;
        for (const auto& s : i.signatures) {
            if (!sigs.empty()) sigs += ';';
            sigs += s.role + ':' + s.signer + ':' + s.key_fingerprint;
        }
        out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", i.number, i.statement_digest, csv_cell(i.customer),
                           i.period_from, i.period_to, csv_cell(i.methodology_id), csv_cell(i.methodology_version),
                           i.issued_t, i.reduction_g, i.recorded_at, csv_cell(i.statement_file), csv_cell(sigs));
    }
    return out;
}

std::string register_json(const std::vector<issuance>& issuances) {
    json j{{"format", register_format}, {"issuances", json::array()}};
    for (const auto& i : issuances) j["issuances"].push_back(to_json(i));
    return j.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string issuance_json(const issuance& i) { return to_json(i).dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace footprint
