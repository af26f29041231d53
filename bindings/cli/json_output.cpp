// `--json` of `statement`, `verify` and `explain`: see json_output.hpp.

#include "json_output.hpp"

#include <iostream>

#include "footprint/core/number_text.hpp"

namespace footprint::cli {

using json = nlohmann::json;

void print_json(const json& j) { std::cout << j.dump(1, ' ', false, json::error_handler_t::replace) << "\n"; }

json statement_run_json(const std::vector<statement_document>& docs, const std::vector<std::vector<std::string>>& files,
                        const std::vector<std::string>& skipped) {
    json out = json::array();
    for (std::size_t i = 0; i < docs.size(); ++i) {
        const json s = json::parse(docs[i].json);
        out.push_back(json{{"customer", docs[i].customer},
                           {"statement_digest", docs[i].digest},
                           {"files", i < files.size() ? json(files[i]) : json::array()},
                           {"period", s.at("period")},
                           {"methodology", json{{"id", s.at("methodology").at("id")},
                                                {"version", s.at("methodology").at("version")},
                                                {"digest", s.at("methodology").at("digest")}}},
                           {"shipments", s.at("shipments")},
                           {"totals_g", s.at("totals_g")},
                           {"issuable_t", s.at("issuable_t")}});
    }
    return json{{"format", "footprint-statement-run/1"}, {"statements", std::move(out)}, {"skipped", skipped}};
}

json signature_report_json(const std::string& statement, const std::filesystem::path& signature_file,
                          const std::vector<trusted_key>& trusted, const signatures_report& report) {
    json sigs = json::array();
    std::size_t index = 0;
    for (const auto& c : report.checks) {
        sigs.push_back(json{{"index", ++index},
                            {"status", std::string(status_name(c.status))},
                            {"error_id", c.error_id.empty() ? json(nullptr) : json(c.error_id)},
                            {"detail", c.detail},
                            {"signer", c.record.signer},
                            {"role", std::string(role_name(c.record.role))},
                            {"signed_at", c.record.signed_at},
                            {"key_fingerprint", c.record.key_fingerprint},
                            {"statement_digest", c.record.statement_digest}});
    }
    json problems = json::array();
    if (!report.sealed())
        problems.push_back(json{{"id", "footprint.signature.seal"},
                                {"message", "the statement's content does not hash to its recorded digest"}});
    if (report.checks.empty())
        problems.push_back(json{{"id", "footprint.signature.none"}, {"message", "no signatures"}});
    json keys = json::array();
    for (const auto& k : trusted) keys.push_back(k.fingerprint);
    return json{{"format", "footprint-signature-check/1"},
                {"ok", report.all_valid()},
                {"statement", statement},
                {"signature_file", signature_file.string()},
                {"statement_digest",
                 json{{"recorded", report.recorded_digest}, {"computed", report.computed_digest}, {"sealed", report.sealed()}}},
                {"trusted_keys", std::move(keys)},
                {"signatures", std::move(sigs)},
                {"problems", std::move(problems)}};
}

json issuance_object(const issuance& i) { return json::parse(issuance_json(i)); }

json register_check_json(const register_check& c) {
    json problems = json::array();
    for (const auto& p : c.problems)
        problems.push_back(json{{"id", p.id}, {"field", p.where.field}, {"message", p.message},
                                {"statement", p.expected}, {"register", p.found}});
    json overlapping = json::array();
    for (const auto& o : c.overlapping) overlapping.push_back(issuance_object(o));
    return json{{"ok", c.ok()},
                {"issuance", c.issued ? issuance_object(*c.issued) : json(nullptr)},
                {"overlapping", std::move(overlapping)},
                {"problems", std::move(problems)}};
}

json verify_json(const verify_findings& f) {
    const verify_result& r = f.rebuilt;
    json problems = json::array();
    if (!r.digest_ok)
        problems.push_back(json{{"id", "footprint.verify.digest"},
                                {"message", "the statement was changed after it was made"}});
    if (!r.first_difference.empty())
        problems.push_back(json{{"id", "footprint.verify.difference"},
                                {"message", "first differing field " + r.first_difference}});
    if (!r.shipments.empty())
        problems.push_back(json{{"id", "footprint.verify.shipments"},
                                {"message", std::to_string(r.shipments.size()) + " shipments whose input rows differ"}});
    const bool signatures_ok = !f.signatures || f.signatures->at("ok").get<bool>();
    const bool issued_ok = !f.issued || f.issued->ok();
    return json{{"format", "footprint-verify/1"},
                {"ok", r.identical && signatures_ok && issued_ok},
                {"statement", f.statement},
                {"shipments", f.shipments},
                {"identical", r.identical},
                {"statement_digest",
                 json{{"recorded", r.recorded_digest}, {"computed", r.computed_digest}, {"sealed", r.digest_ok}}},
                {"first_difference", r.first_difference.empty()
                                         ? json(nullptr)
                                         : json{{"field", r.first_difference}, {"statement", r.expected}, {"rebuilt", r.found}}},
                {"differing_shipments", r.shipments},
                {"signatures", f.signatures ? *f.signatures : json(nullptr)},
                {"register", f.issued ? register_check_json(*f.issued) : json(nullptr)},
                {"problems", std::move(problems)}};
}

json explain_json(const plan& p, const std::map<std::string, std::string>& row, const std::string& shipment,
                  const std::string& input, std::uint64_t line) {
    const methodology& m = p.method();
    json monitored = json::array();
    for (const auto& mp : m.monitored) {
        auto it = row.find(mp.name);
        monitored.push_back(json{{"name", mp.name},
                                 {"value", it == row.end() ? json(nullptr) : json(it->second)},
                                 {"unit", mp.type == parameter_type::number || mp.type == parameter_type::integer
                                              ? json(mp.unit.text)
                                              : json(nullptr)}});
    }
    json constants = json::array();
    for (const auto& c : p.constants())
        constants.push_back(json{{"label", c.label},
                                 {"kind", c.kind},
                                 {"value", c.value},
                                 {"value_text", shortest_text(c.value)},
                                 {"unit", c.unit},
                                 {"factor_id", c.factor_id.empty() ? json(nullptr) : json(c.factor_id)},
                                 {"fallback_path", c.fallback_path},
                                 {"source", c.source}});
    const auto values = p.evaluate_row(row);
    json components = json::array();
    for (const auto& c : p.components()) {
        const double kg = values.at(c.name);
        components.push_back(json{{"name", c.name},
                                  {"term", std::string(term_name(c.term))},
                                  {"stage", c.stage ? json(std::string(stage_key(*c.stage))) : json(nullptr)},
                                  {"kg", kg},
                                  {"kg_text", shortest_text(kg)},
                                  {"rounding", std::string(rounding_mode_name(c.rounding))},
                                  {"g", round_grams(kg, c.rounding)}});
    }
    json overrides = json::object();
    for (const auto& [k, v] : p.options().overrides) overrides[k] = v;
    auto grams = [&](const char* k) { return static_cast<std::int64_t>(values.at(k)); };
    return json{{"format", "footprint-explain/1"},
                {"shipment", shipment},
                {"input", json{{"file", input}, {"line", line}}},
                {"methodology", json{{"id", m.id}, {"version", m.version}, {"digest", m.digest}}},
                {"gwp", p.options().gwp->name},
                {"overrides", std::move(overrides)},
                {"monitored", std::move(monitored)},
                {"constants", std::move(constants)},
                {"components", std::move(components)},
                {"totals_g", json{{"baseline", grams("BE_g")},
                                  {"project", grams("PE_g")},
                                  {"leakage", grams("LE_g")},
                                  {"reduction", grams("ER_g")}}}};
}

}  // namespace footprint::cli

namespace footprint::cli {

json diagnostic_json(const diagnostic& d) {
    return json{{"id", d.id},           {"file", d.where.file},         {"line", d.where.line},
                {"column", d.where.column}, {"field", d.where.field},    {"shipment", d.where.shipment},
                {"message", d.message}, {"expected", d.expected},       {"found", d.found}};
}

json compute_json(const plan_inputs& in, const std::string& shipments, const compute_report& r) {
    json sets = json::array();
    for (const auto& s : in.factor_sets)
        sets.push_back(json{{"name", s.info().name}, {"version", s.info().version}, {"digest", s.info().digest}});
    return json{{"format", "footprint-compute/1"},
                {"ok", r.reconciles()},
                {"shipments", shipments},
                {"methodology", json{{"id", in.method.id}, {"version", in.method.version}, {"digest", in.method.digest}}},
                {"factor_sets", std::move(sets)},
                {"gwp", in.compiled->options().gwp->name},
                {"rows_in", r.rows_in()},
                {"accepted", r.accepted()},
                {"rejected", r.rejected()},
                {"rejected_by_validation", r.ingest.rejected},
                {"rejected_by_plan", r.rejected_by_plan},
                {"reconciles", r.reconciles()},
                {"implausible", r.totals.implausible},
                {"totals_g", json{{"baseline", r.totals.baseline_g},
                                  {"project", r.totals.project_g},
                                  {"leakage", r.totals.leakage_g},
                                  {"reduction", r.totals.reduction_g}}},
                {"results", r.results.string()},
                {"quarantine", r.quarantine.string()},
                {"seconds", r.seconds}};
}

json ledger_import_json(const std::string& file, const std::string& ledger, const ledger_import_report& r,
                        std::uint64_t ledger_shipments, const std::string& quarantine) {
    return json{{"format", "footprint-ledger-import/1"},
                {"ok", r.counts.rows_in == r.counts.accepted + r.counts.rejected},
                {"file", file},
                {"file_sha256", r.file_digest},
                {"file_seen_before", r.file_seen_before},
                {"ledger", ledger},
                {"batch", r.batch_id},
                {"rows_in", r.counts.rows_in},
                {"accepted", r.counts.accepted},
                {"rejected", r.counts.rejected},
                {"reconciles", r.counts.rows_in == r.counts.accepted + r.counts.rejected},
                {"quarantine", quarantine.empty() ? json(nullptr) : json(quarantine)},
                {"ledger_shipments", ledger_shipments}};
}

}  // namespace footprint::cli
