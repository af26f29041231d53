#pragma once
// The shipment ledger: the embedded default store (SQLite).
//
// `import` appends a batch of shipments: every row is validated exactly as
// `compute` validates it, accepted rows are stored as their canonical CSV
// line (values in each column's declared unit), rejected rows are stored with
// their reason, and the batch records the file's SHA-256 and the counts. A
// shipment id is never imported twice: a row whose id is already in the
// ledger is rejected. Reading the ledger back yields the canonical rows in
// shipment-id order, so statements built from a ledger do not depend on the
// order files were imported in. They reach statements and compute as rows
// (rows()), checked by the shipment_reader exactly as CSV rows are.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "footprint/products/catalog.hpp"
#include "footprint/plan/plan.hpp"
#include "footprint/factors/region.hpp"
#include "footprint/ingest/shipments.hpp"

namespace footprint {

struct ledger_import_report {
    std::int64_t batch_id = 0;
    std::string file_digest;
    ingest_counts counts;
    std::vector<rejected_row> rejected;
    bool file_seen_before = false;  ///< a batch with the same file digest was imported earlier
};

/// One import into the ledger as it was recorded: the file as it was named
/// then, its SHA-256, and how many of its rows were accepted and rejected.
struct ledger_batch {
    std::int64_t batch_id = 0;
    std::string file, file_digest;
    std::uint64_t rows_in = 0, accepted = 0, rejected = 0;
};

/// A row an import refused, as the ledger keeps it.
struct ledger_rejection {
    std::string file;         ///< the file of its batch, as imported
    std::uint64_t line = 0;   ///< its line in that file
    std::string shipment_id;  ///< when it could be read
    std::string error_id;
    std::string message;      ///< the diagnostic as text (field, value, expected)
};

/// Where a stored shipment came from.
struct ledger_origin {
    std::string file;  ///< the file of its batch, as imported
    std::uint64_t line = 0;
};

class shipment_ledger {
public:
    /// Opens (creating when `create`) the ledger for shipments of `schema`.
    /// A ledger holds one schema: opening it with another is refused
    /// (`footprint.ledger.schema`).
    shipment_ledger(const std::filesystem::path& file, const shipment_schema& schema, bool create);
    ~shipment_ledger();
    shipment_ledger(const shipment_ledger&) = delete;
    shipment_ledger& operator=(const shipment_ledger&) = delete;

    /// Validates `csv_file` and appends its accepted rows in one transaction;
    /// `progress`, when given, is called after each batch with the counts so far.
    ledger_import_report import_csv(const std::filesystem::path& csv_file, std::shared_ptr<const catalog> products,
                                    std::shared_ptr<const region_tree> regions,
                                    const std::function<void(const ingest_counts&)>& progress = {});

    /// Every stored row as CSV (canonical header first), in shipment-id order.
    [[nodiscard]] std::string to_csv() const;
    /// Every stored row, in shipment-id order, as records for a shipment_reader
    /// (the canonical header first), read from the ledger one row at a time:
    /// no CSV document of the whole ledger is made. Lines and raw text are
    /// those of to_csv(). The source keeps the ledger's connection open.
    [[nodiscard]] std::unique_ptr<record_source> rows() const;
    [[nodiscard]] std::uint64_t size() const;
    /// Every import, in the order they were made.
    [[nodiscard]] std::vector<ledger_batch> batches() const;
    [[nodiscard]] std::shared_ptr<std::unordered_set<std::string>> shipment_ids() const;
    /// Every row refused by an import, by batch then line.
    [[nodiscard]] std::vector<ledger_rejection> rejections() const;
    /// The file and line a stored shipment came from; nullopt for an id the ledger does not hold.
    [[nodiscard]] std::optional<ledger_origin> origin(const std::string& shipment_id) const;

private:
    struct impl;
    std::shared_ptr<impl> impl_;
    shipment_schema schema_;
};

/// True when `path` names an SQLite ledger (by its first bytes, not its name).
[[nodiscard]] bool is_ledger_file(const std::filesystem::path& path);

}  // namespace footprint
