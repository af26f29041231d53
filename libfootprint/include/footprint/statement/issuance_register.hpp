#pragma once
// The issuance register: what was issued, for whom, for which period.
//
// A register is a SQLite file that records each statement issued: customer,
// period, methodology id and version, statement digest, whole tonnes issued,
// the signatures it carried (key fingerprint, role, signer, time) and when it
// was recorded. It refuses a statement whose period overlaps one already
// issued for the same customer under the same methodology id, whatever the
// version (`footprint.register.overlap`, naming the earlier statement's digest
// and period), so that the same reductions are never issued twice. Periods
// are inclusive at both ends: 2021-01-01..2021-03-31 and 2021-04-01..2021-06-30
// do not overlap; 2021-01-01..2021-03-31 and 2021-03-31..2021-06-30 do.
//
// The register is append-only: SQLite triggers refuse to update or delete a
// row (an accident, not an attacker, is what this guards against; the
// statements and their signatures are the evidence). Adding checks and
// inserts in one IMMEDIATE transaction, so two processes adding overlapping
// statements at once cannot both succeed.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "footprint/core/error.hpp"
#include "footprint/statement/signature.hpp"

namespace footprint {

/// A signature a statement carried when it was registered.
struct issuance_signature {
    std::string key_fingerprint;
    std::string role;  ///< preparer | verifier
    std::string signer;
    std::string signed_at;
};

/// One issued statement.
struct issuance {
    std::int64_t number = 0;  ///< 1, 2, … in the order they were recorded
    std::string statement_digest;
    std::string customer;
    std::string period_from, period_to;  ///< YYYY-MM-DD, inclusive
    std::string methodology_id, methodology_version;
    std::int64_t issued_t = 0;     ///< the statement's issuable_t
    std::int64_t reduction_g = 0;  ///< the statement's totals_g.reduction
    std::string statement_file;    ///< the file name it was registered from (information only)
    std::string recorded_at;       ///< UTC YYYY-MM-DDTHH:MM:SSZ
    std::vector<issuance_signature> signatures;
};

/// The fields of a statement the register records. Throws the
/// `footprint.statement.*` ids of read_statement_header, and
/// `footprint.register.seal` when the statement's content does not hash to
/// its recorded digest.
[[nodiscard]] issuance issuance_of_statement(const std::string& statement_json, const std::string& file);

class issuance_register {
public:
    /// Opens the register in `file`. With `create`, makes it when missing;
    /// without, a missing file is `footprint.register.missing`. A file that
    /// is not a register is `footprint.register.schema`.
    issuance_register(const std::filesystem::path& file, bool create);
    issuance_register(const issuance_register&) = delete;
    issuance_register& operator=(const issuance_register&) = delete;
    ~issuance_register();

    /// Records a statement (its JSON text) with the signatures it carries;
    /// every signature must be over this statement's digest
    /// (`footprint.register.signature`). Refuses a statement already in the
    /// register (`footprint.register.duplicate`) and one whose period
    /// overlaps an issued one for the same customer and methodology id
    /// (`footprint.register.overlap`). `recorded_at` empty: now.
    issuance add(const std::string& statement_json, const std::string& statement_file,
                 const std::vector<signature_record>& signatures, const std::string& recorded_at = {});

    /// Every issuance, in the order recorded; only one customer's when `customer` is given.
    [[nodiscard]] std::vector<issuance> list(const std::optional<std::string>& customer = std::nullopt) const;

    /// The issuance whose statement digest is `digest` or starts with it (at
    /// least 8 hex digits); `footprint.register.not-found` when none, or
    /// more than one for a prefix.
    [[nodiscard]] issuance show(const std::string& digest) const;

    [[nodiscard]] const std::filesystem::path& file() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// What the register says about one statement (`footprint verify --register`).
struct register_check {
    issuance statement;                 ///< the statement as the register would record it
    std::optional<issuance> issued;     ///< the register's entry with the statement's digest, if any
    /// Entries for the same customer and methodology id whose periods overlap the
    /// statement's, under another digest (the reductions issued instead of this statement).
    std::vector<issuance> overlapping;
    /// Empty when the statement is issued as it is: `footprint.register.not-issued`
    /// (no entry with its digest, naming the overlapping ones), or
    /// `footprint.register.mismatch` (its entry records another customer, period,
    /// methodology, tonnes or grams; one problem per field).
    std::vector<diagnostic> problems;
    [[nodiscard]] bool ok() const noexcept { return problems.empty(); }
};

/// Checks a statement (its JSON text) against the register: is it issued, under
/// its digest, with the tonnes and grams it states? Throws what
/// issuance_of_statement throws (an edited statement is `footprint.register.seal`).
[[nodiscard]] register_check check_issued(const issuance_register& reg, const std::string& statement_json,
                                          const std::string& file);

/// The register as CSV, one row per issuance: number, statement_digest,
/// customer, period_from, period_to, methodology_id, methodology_version,
/// issued_t, reduction_g, recorded_at, statement_file, signatures (each
/// `role:signer:fingerprint`, separated by `;`). Text cells a spreadsheet
/// would run as a formula get a leading `'`.
[[nodiscard]] std::string register_csv(const std::vector<issuance>& issuances);

/// The register as JSON: {"format":"footprint-register/1","issuances":[…]}, indented by one space.
[[nodiscard]] std::string register_json(const std::vector<issuance>& issuances);

/// One issuance as a JSON object (the elements of register_json's `issuances`), compact.
[[nodiscard]] std::string issuance_json(const issuance& i);

}  // namespace footprint
