#pragma once
// `--json` of `statement`, `verify`, `explain`, `compute` and `ledger import`: what each command found, as
// one JSON object on standard output for programs (schemas and examples in
// docs/statements.md, "Machine-readable output", and docs/cli.md). Kept apart from the commands
// so that their text output and their JSON cannot drift into each other.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "footprint/compute/engine.hpp"
#include "footprint/ingest/ledger.hpp"
#include "footprint/plan/inputs.hpp"
#include "footprint/plan/plan.hpp"
#include "footprint/statement/issuance_register.hpp"
#include "footprint/statement/signature.hpp"
#include "footprint/statement/statement.hpp"

namespace footprint::cli {

/// Prints `j` indented by one space, invalid UTF-8 replaced, and a newline.
void print_json(const nlohmann::json& j);

/// `statement --json` (format footprint-statement-run/1): each statement written, with its
/// files, digest and totals, and the customers skipped for an empty period.
nlohmann::json statement_run_json(const std::vector<statement_document>& docs,
                                  const std::vector<std::vector<std::string>>& files,
                                  const std::vector<std::string>& skipped);

/// `signatures verify --json` and verify's `signatures` (format footprint-signature-check/1).
nlohmann::json signature_report_json(const std::string& statement, const std::filesystem::path& signature_file,
                                     const std::vector<trusted_key>& trusted, const signatures_report& report);

/// The verify findings `verify --json` reports besides the rebuild.
struct verify_findings {
    std::string statement, shipments;
    verify_result rebuilt;
    std::optional<nlohmann::json> signatures;  ///< the footprint-signature-check/1 report, with --trusted
    std::optional<register_check> issued;      ///< with --register
};

/// `verify --json` (format footprint-verify/1); `ok` is the exit status's meaning.
nlohmann::json verify_json(const verify_findings& f);

/// An issuance as JSON (the objects of `register list --json`).
nlohmann::json issuance_object(const issuance& i);

/// A register check as JSON: ok, the issuance, the overlapping ones, the problems.
nlohmann::json register_check_json(const register_check& c);

/// `explain --json` (format footprint-explain/1): the row, the values resolved when the
/// plan was bound, every component in kg and rounded grams, and the totals.
nlohmann::json explain_json(const plan& p, const std::map<std::string, std::string>& row, const std::string& shipment,
                            const std::string& input, std::uint64_t line);

/// A problem as JSON: `id`, `file`, `line`, `column`, `field`, `shipment`, `message`, `expected`, `found`.
nlohmann::json diagnostic_json(const diagnostic& d);

/// `compute --json` (format footprint-compute/1): inputs and their digests, counts, totals, files written.
nlohmann::json compute_json(const plan_inputs& in, const std::string& shipments, const compute_report& r);

/// `ledger import --json` (format footprint-ledger-import/1): the batch recorded and its counts.
nlohmann::json ledger_import_json(const std::string& file, const std::string& ledger, const ledger_import_report& r,
                                  std::uint64_t ledger_shipments, const std::string& quarantine);

}  // namespace footprint::cli
