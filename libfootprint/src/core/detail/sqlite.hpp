#pragma once
// A thin RAII layer over the SQLite C API, private to the library. Statements
// take bound parameters only: no text from a user or a data file is ever
// pasted into SQL. Every failure becomes a `footprint::error` with the id the
// caller chooses (`footprint.factorset.corrupt` when reading a set,
// `footprint.factorset.write` when writing one, `footprint.ledger.sqlite`
// for a ledger), SQLite's own message and what the file should have been.

#include <sqlite3.h>

#include <cctype>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "footprint/core/error.hpp"

namespace footprint::detail {

class sqlite_db;

class sqlite_stmt {
public:
    sqlite_stmt(sqlite_db& db, std::string_view sql);
    sqlite_stmt(const sqlite_stmt&) = delete;
    sqlite_stmt& operator=(const sqlite_stmt&) = delete;
    ~sqlite_stmt() { sqlite3_finalize(stmt_); }

    sqlite_stmt& bind(int i, std::string_view text);
    sqlite_stmt& bind(int i, std::int64_t v);
    sqlite_stmt& bind_int(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
    sqlite_stmt& bind_null(int i);
    /// Binds `text`, or NULL when it is empty.
    sqlite_stmt& bind_or_null(int i, std::string_view text) {
        return text.empty() ? bind_null(i) : bind(i, text);
    }

    /// Steps once: true when a row is available, false when done.
    bool step();
    /// Steps to completion (for INSERT and DDL) and resets for the next bindings.
    void run();

    /// SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB or SQLITE_NULL: the value's storage class.
    [[nodiscard]] int type(int col) const { return sqlite3_column_type(stmt_, col); }
    [[nodiscard]] bool is_null(int col) const { return type(col) == SQLITE_NULL; }
    [[nodiscard]] std::string text(int col) const;
    [[nodiscard]] std::optional<std::string> text_or_null(int col) const {
        return is_null(col) ? std::nullopt : std::optional<std::string>(text(col));
    }
    [[nodiscard]] std::int64_t integer(int col) const;

private:
    sqlite_db& db_;
    sqlite3_stmt* stmt_ = nullptr;
    std::string sql_;
};

class sqlite_db {
public:
    /// Opens `file` with SQLite `flags`; `error_id` names every failure of this
    /// connection, `expected` says what the file should have been.
    /// `immutable` opens a read-only file as one no process will change (SQLite's
    /// `immutable=1` URI parameter): no lock, no shared-memory file beside it.
    sqlite_db(const std::filesystem::path& file, int flags, std::string error_id,
              std::string expected = "a factor set written by `footprint factors build`", bool immutable = false);
    sqlite_db(const sqlite_db&) = delete;
    sqlite_db& operator=(const sqlite_db&) = delete;
    ~sqlite_db() { sqlite3_close(db_); }

    /// Runs SQL without parameters (DDL, PRAGMA, BEGIN/COMMIT): fixed text only.
    void exec(const char* sql);
    [[nodiscard]] sqlite3* handle() const { return db_; }
    [[nodiscard]] const std::filesystem::path& file() const { return file_; }

    /// Throws the error for the last failure, naming `what` was being done.
    [[noreturn]] void fail(const std::string& what) const;

private:
    sqlite3* db_ = nullptr;
    std::filesystem::path file_;
    std::string error_id_;
    std::string expected_;
};

// ---- inline implementation --------------------------------------------------

inline sqlite_db::sqlite_db(const std::filesystem::path& file, int flags, std::string error_id, std::string expected,
                            bool immutable)
    : file_(file), error_id_(std::move(error_id)), expected_(std::move(expected)) {
    if (immutable) {
        // A URI names the file: characters with a meaning in URIs are percent-encoded.
        std::string uri = "file:";
        for (unsigned char c : std::filesystem::absolute(file).string()) {
            if (std::isalnum(c) != 0 || std::string_view("/-._~").find(static_cast<char>(c)) != std::string_view::npos) {
                uri += static_cast<char>(c);
            } else {
                constexpr char hex[] = "0123456789ABCDEF";
                uri += '%';
                uri += hex[c >> 4];
                uri += hex[c & 15];
            }
        }
        uri += "?immutable=1";
        if (sqlite3_open_v2(uri.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) != SQLITE_OK)
            fail("opening the database");
    } else if (sqlite3_open_v2(file.string().c_str(), &db_, flags, nullptr) != SQLITE_OK) {
        fail("opening the database");
    }
    sqlite3_extended_result_codes(db_, 1);
}

inline void sqlite_db::exec(const char* sql) {
    char* msg = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
        std::string m = msg != nullptr ? msg : "";
        sqlite3_free(msg);
        throw error(error_id_, source_location{file_.string(), 0, 0, {}, {}}, "SQLite: " + m, expected_, sql);
    }
}

inline void sqlite_db::fail(const std::string& what) const {
    std::string m = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
    throw error(error_id_, source_location{file_.string(), 0, 0, {}, {}}, "SQLite error while " + what + ": " + m,
                expected_);
}

inline sqlite_stmt::sqlite_stmt(sqlite_db& db, std::string_view sql) : db_(db), sql_(sql) {
    if (sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK)
        db_.fail("preparing `" + sql_ + "`");
}

inline sqlite_stmt& sqlite_stmt::bind(int i, std::string_view text) {
    if (sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK)
        db_.fail("binding a parameter of `" + sql_ + "`");
    return *this;
}

inline sqlite_stmt& sqlite_stmt::bind(int i, std::int64_t v) {
    if (sqlite3_bind_int64(stmt_, i, v) != SQLITE_OK) db_.fail("binding a parameter of `" + sql_ + "`");
    return *this;
}

inline sqlite_stmt& sqlite_stmt::bind_null(int i) {
    if (sqlite3_bind_null(stmt_, i) != SQLITE_OK) db_.fail("binding a parameter of `" + sql_ + "`");
    return *this;
}

inline bool sqlite_stmt::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    db_.fail("running `" + sql_ + "`");
}

inline void sqlite_stmt::run() {
    while (step()) {
    }
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

inline std::string sqlite_stmt::text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    int n = sqlite3_column_bytes(stmt_, col);
    return p == nullptr ? std::string() : std::string(p, static_cast<std::size_t>(n));
}

inline std::int64_t sqlite_stmt::integer(int col) const { return sqlite3_column_int64(stmt_, col); }

}  // namespace footprint::detail
