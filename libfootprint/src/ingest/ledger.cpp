// The SQLite shipment ledger. See ledger.hpp.

#include "footprint/ingest/ledger.hpp"

#include <algorithm>
#include <fstream>
#include <optional>

#include <unistd.h>

#include "core/detail/sqlite.hpp"
#include "footprint/core/digest.hpp"

namespace footprint {

/// How long an import waits for another one to finish before it gives up.
constexpr int busy_timeout_ms = 10 * 60 * 1000;

struct shipment_ledger::impl {
    detail::sqlite_db db;
    impl(const std::filesystem::path& f, int flags, bool immutable = false)
        : db(f, flags, "footprint.ledger.sqlite", "a shipment ledger made by `footprint ledger import`", immutable) {
        // A second import waits for the first one's transaction instead of failing
        // at once with "database is locked".
        sqlite3_busy_timeout(db.handle(), busy_timeout_ms);
    }
};

bool is_ledger_file(const std::filesystem::path& path) {
    // Only a regular file can be a ledger (SQLite needs to seek). Anything else
    // (standard input "-", a pipe, a device) is not opened here: opening a named
    // pipe twice, once to look and once to read, hangs or loses its first bytes.
    std::error_code ec;
    if (path == "-" || !std::filesystem::is_regular_file(path, ec)) return false;
    std::ifstream in(path, std::ios::binary);
    char magic[16] = {};
    in.read(magic, 16);
    return in.gcount() == 16 && std::string(magic, 15) == "SQLite format 3";
}

namespace {

/// Whether the ledger's rows carry the SHA-256 of their text (ledgers made since it was added).
bool has_row_hashes(detail::sqlite_db& db) {
    detail::sqlite_stmt q(db, "SELECT COUNT(*) FROM pragma_table_info('shipments') WHERE name = 'row_sha256'");
    return q.step() && q.integer(0) > 0;
}

/// A stored row whose text no longer has the hash stored with it was changed outside footprint.
void check_row_hash(const detail::sqlite_db& db, const std::string& shipment, const std::string& row,
                    const std::optional<std::string>& hash) {
    if (!hash || sha256_hex(row) == *hash) return;
    throw error("footprint.ledger.tampered", source_location{db.file().string(), 0, 0, "row", shipment},
                "the stored row of shipment " + shipment + " is not the row imported (its SHA-256 differs from the "
                "one stored with it)",
                "the rows as `footprint ledger import` stored them", row.size() > 80 ? row.substr(0, 80) + "…" : row);
}

/// Whether the file's header says WAL mode (bytes 18 and 19 of an SQLite file
/// are its read and write format versions: 1 for a rollback journal, 2 for WAL).
bool header_says_wal(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    char head[20] = {};
    in.read(head, 20);
    return in.gcount() == 20 && (head[18] == 2 || head[19] == 2);
}

/// Whether a read-only reader must open the ledger as immutable: SQLite reads a
/// WAL-mode file only through the shared-memory file beside it, which it cannot
/// make in a folder it may not write. That is safe exactly when no write can be
/// under way: without a `-wal` file no writer has the ledger open, and in a folder
/// nobody may write into, none can start one.
bool read_as_immutable(const std::filesystem::path& file) {
    std::error_code ec;
    if (!header_says_wal(file)) return false;
    if (std::filesystem::exists(file.string() + "-wal", ec)) return false;
    auto folder = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
    return ::access(folder.c_str(), W_OK) != 0;
}

/// A ledger at rest is one file: the last import to close switches the ledger
/// back from WAL to a rollback journal, so that a reader who may not write into
/// its folder (an auditor's copy, a read-only mount) can open it. While another
/// connection has the ledger open the switch fails at once (it needs the ledger
/// alone) and the ledger stays in WAL mode; that connection's import switches it.
void settle_journal(detail::sqlite_db& db) {
    sqlite3_busy_timeout(db.handle(), 0);
    sqlite3_exec(db.handle(), "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
    sqlite3_busy_timeout(db.handle(), busy_timeout_ms);
}

}  // namespace

shipment_ledger::shipment_ledger(const std::filesystem::path& file, const shipment_schema& schema, bool create)
    : schema_(schema) {
    std::error_code ec;
    if (!create && !std::filesystem::exists(file, ec))
        throw error("footprint.ledger.missing", source_location{file.string(), 0, 0, {}, {}}, "no ledger at this path",
                    "a ledger made by `footprint ledger import`");
    int flags = create ? (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) : SQLITE_OPEN_READONLY;
    impl_ = std::make_shared<impl>(file, flags, !create && read_as_immutable(file));
    auto& db = impl_->db;
    const std::string header = canonical_header(schema);
    if (create) {
        db.exec("PRAGMA journal_mode=WAL");
        db.exec(
            "CREATE TABLE IF NOT EXISTS ledger_info(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "CREATE TABLE IF NOT EXISTS batches(batch_id INTEGER PRIMARY KEY, file TEXT NOT NULL, file_digest TEXT NOT NULL,"
            " rows_in INTEGER NOT NULL, accepted INTEGER NOT NULL, rejected INTEGER NOT NULL);"
            "CREATE TABLE IF NOT EXISTS shipments(shipment_id TEXT PRIMARY KEY, batch_id INTEGER NOT NULL,"
            " line INTEGER NOT NULL, row TEXT NOT NULL, row_sha256 TEXT) WITHOUT ROWID;"
            "CREATE TABLE IF NOT EXISTS rejected(batch_id INTEGER NOT NULL, line INTEGER NOT NULL, shipment_id TEXT,"
            " error_id TEXT NOT NULL, message TEXT NOT NULL, record TEXT NOT NULL);");
        detail::sqlite_stmt ins(db, "INSERT OR IGNORE INTO ledger_info(key, value) VALUES ('header', ?1)");
        ins.bind(1, header);
        ins.run();
        // A ledger made before rows carried their hash gets the column; its old rows keep none.
        if (!has_row_hashes(db)) db.exec("ALTER TABLE shipments ADD COLUMN row_sha256 TEXT");
    }
    detail::sqlite_stmt q(db, "SELECT value FROM ledger_info WHERE key = 'header'");
    if (!q.step())
        throw error("footprint.ledger.schema", source_location{file.string(), 0, 0, {}, {}}, "not a shipment ledger",
                    "a ledger made by `footprint ledger import`");
    std::string stored = q.text(0);
    if (stored != header)
        throw error("footprint.ledger.schema", source_location{file.string(), 0, 0, {}, {}},
                    "the ledger holds shipments with other columns than this methodology needs", header, stored);
}

shipment_ledger::~shipment_ledger() = default;

ledger_import_report shipment_ledger::import_csv(const std::filesystem::path& csv_file,
                                                 std::shared_ptr<const catalog> products,
                                                 std::shared_ptr<const region_tree> regions,
                                                 const std::function<void(const ingest_counts&)>& progress) {
    ledger_import_report report;
    report.file_digest = sha256_file_hex(csv_file);
    auto& db = impl_->db;
    // The write lock first (waiting for another import to finish), then the ids already
    // stored: an import running at the same time has committed by then, and a shipment
    // it stored is a duplicate here, quarantined, not a UNIQUE constraint failure.
    db.exec("BEGIN IMMEDIATE");
    try {
        {
            detail::sqlite_stmt seen(db, "SELECT COUNT(*) FROM batches WHERE file_digest = ?1");
            seen.bind(1, report.file_digest);
            report.file_seen_before = seen.step() && seen.integer(0) > 0;
        }
        shipment_reader::options opts;
        opts.keep_canonical = true;
        opts.known_ids = shipment_ids();
        shipment_reader reader(csv_reader(csv_file.string()), schema_, std::move(products), std::move(regions), opts);
        {
            detail::sqlite_stmt b(db, "INSERT INTO batches(file, file_digest, rows_in, accepted, rejected) VALUES (?1, ?2, 0, 0, 0)");
            b.bind(1, csv_file.filename().string());
            b.bind(2, report.file_digest);
            b.run();
            report.batch_id = sqlite3_last_insert_rowid(db.handle());
        }
        detail::sqlite_stmt ins(db, "INSERT INTO shipments(shipment_id, batch_id, line, row, row_sha256) VALUES (?1, ?2, ?3, ?4, ?5)");
        detail::sqlite_stmt rej(db, "INSERT INTO rejected(batch_id, line, shipment_id, error_id, message, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        shipment_batch batch;
        std::vector<rejected_row> rejects;
        while (reader.next(batch, rejects)) {
            for (std::size_t i = 0; i < batch.rows; ++i) {
                ins.bind(1, batch.shipment_ids[i]);
                ins.bind(2, report.batch_id);
                ins.bind(3, static_cast<std::int64_t>(batch.lines[i]));
                ins.bind(4, batch.canonical[i]);
                ins.bind(5, sha256_hex(batch.canonical[i]));
                ins.run();
            }
            for (const auto& r : rejects) {
                rej.bind(1, report.batch_id);
                rej.bind(2, static_cast<std::int64_t>(r.line));
                rej.bind_or_null(3, r.shipment_id);
                rej.bind(4, r.problem.id);
                rej.bind(5, r.problem.str());
                rej.bind(6, r.raw);
                rej.run();
                report.rejected.push_back(r);
            }
            rejects.clear();
            if (progress) progress(reader.counts());
        }
        report.counts = reader.counts();
        detail::sqlite_stmt upd(db, "UPDATE batches SET rows_in = ?1, accepted = ?2, rejected = ?3 WHERE batch_id = ?4");
        upd.bind(1, static_cast<std::int64_t>(report.counts.rows_in));
        upd.bind(2, static_cast<std::int64_t>(report.counts.accepted));
        upd.bind(3, static_cast<std::int64_t>(report.counts.rejected));
        upd.bind(4, report.batch_id);
        upd.run();
        db.exec("COMMIT");
    } catch (...) {
        db.exec("ROLLBACK");
        throw;
    }
    settle_journal(db);
    return report;
}

namespace {

/// Every stored row in shipment-id order: its text, its hash (NULL in rows stored before hashes), its id.
std::string rows_query(detail::sqlite_db& db) {
    return has_row_hashes(db) ? "SELECT row, row_sha256, shipment_id FROM shipments ORDER BY shipment_id"
                              : "SELECT row, NULL, shipment_id FROM shipments ORDER BY shipment_id";
}

}  // namespace

std::string shipment_ledger::to_csv() const {
    std::string out = canonical_header(schema_) + "\n";
    detail::sqlite_stmt q(impl_->db, rows_query(impl_->db));
    while (q.step()) {
        std::string row = q.text(0);
        check_row_hash(impl_->db, q.text(2), row, q.text_or_null(1));
        out += row;
        out += '\n';
    }
    return out;
}

namespace {

/// The ledger's rows as a record_source: the canonical header, then each
/// stored row in shipment-id order, split into fields by the CSV record
/// reader one row at a time.
class ledger_rows final : public record_source {
public:
    ledger_rows(std::shared_ptr<detail::sqlite_db> db, std::string header)
        : db_(std::move(db)), rows_(*db_, rows_query(*db_)),
          name_(db_->file().string()), header_(std::move(header)) {}

    bool next(csv_record& out) override {
        std::string text;
        if (done_) return false;  // SQLite would start the query over after its end
        if (!header_done_) {
            text = header_;
            header_done_ = true;
        } else if (rows_.step()) {
            text = rows_.text(0);
            check_row_hash(*db_, rows_.text(2), text, rows_.text_or_null(1));
        } else {
            done_ = true;
            return false;
        }
        // Lines and bytes as if the rows were one CSV text, one row per line
        // (line breaks inside quoted fields count, as csv_reader counts them).
        const std::uint64_t line = line_;
        line_ += 1 + static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n'));
        bytes_ += text.size() + 1;
        record_ = csv_reader::from_string(std::move(text), name_);
        if (!record_.next(out)) return false;
        out.line = line;
        return true;
    }
    [[nodiscard]] const std::string& name() const override { return name_; }
    [[nodiscard]] std::uint64_t bytes_read() const override { return bytes_; }

private:
    std::shared_ptr<detail::sqlite_db> db_;
    detail::sqlite_stmt rows_;
    std::string name_;
    std::string header_;
    bool header_done_ = false;
    bool done_ = false;
    csv_reader record_ = csv_reader::from_string({}, {});  // the current row; its fields are views into it
    std::uint64_t line_ = 1;
    std::uint64_t bytes_ = 0;
};

}  // namespace

std::unique_ptr<record_source> shipment_ledger::rows() const {
    return std::make_unique<ledger_rows>(std::shared_ptr<detail::sqlite_db>(impl_, &impl_->db), canonical_header(schema_));
}

std::uint64_t shipment_ledger::size() const {
    detail::sqlite_stmt q(impl_->db, "SELECT COUNT(*) FROM shipments");
    return q.step() ? static_cast<std::uint64_t>(q.integer(0)) : 0;
}

std::vector<ledger_batch> shipment_ledger::batches() const {
    std::vector<ledger_batch> out;
    detail::sqlite_stmt q(impl_->db,
                          "SELECT batch_id, file, file_digest, rows_in, accepted, rejected FROM batches ORDER BY batch_id");
    while (q.step())
        out.push_back({q.integer(0), q.text(1), q.text(2), static_cast<std::uint64_t>(q.integer(3)),
                       static_cast<std::uint64_t>(q.integer(4)), static_cast<std::uint64_t>(q.integer(5))});
    return out;
}

std::shared_ptr<std::unordered_set<std::string>> shipment_ledger::shipment_ids() const {
    auto ids = std::make_shared<std::unordered_set<std::string>>();
    detail::sqlite_stmt q(impl_->db, "SELECT shipment_id FROM shipments");
    while (q.step()) ids->insert(q.text(0));
    return ids;
}

std::vector<ledger_rejection> shipment_ledger::rejections() const {
    std::vector<ledger_rejection> out;
    detail::sqlite_stmt q(impl_->db,
                          "SELECT b.file, r.line, r.shipment_id, r.error_id, r.message FROM rejected r "
                          "JOIN batches b ON b.batch_id = r.batch_id ORDER BY r.batch_id, r.line");
    while (q.step())
        out.push_back({q.text(0), static_cast<std::uint64_t>(q.integer(1)), q.is_null(2) ? std::string() : q.text(2),
                       q.text(3), q.text(4)});
    return out;
}

std::optional<ledger_origin> shipment_ledger::origin(const std::string& shipment_id) const {
    detail::sqlite_stmt q(impl_->db,
                          "SELECT b.file, s.line FROM shipments s JOIN batches b ON b.batch_id = s.batch_id "
                          "WHERE s.shipment_id = ?1");
    q.bind(1, shipment_id);
    if (!q.step()) return std::nullopt;
    return ledger_origin{q.text(0), static_cast<std::uint64_t>(q.integer(1))};
}

}  // namespace footprint
