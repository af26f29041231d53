// `footprint keys generate | fingerprint`, `footprint sign`, `footprint signatures verify`:
// Ed25519 signatures on statements, detached in NAME.sig.json, verified offline.

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.hpp"
#include "json_output.hpp"
#include "footprint/core/error.hpp"
#include "footprint/statement/signature.hpp"

namespace footprint::cli {

namespace {

std::string read_statement_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw error("footprint.io.read", source_location{path, 0, 0, {}, {}}, "cannot open file", "a statement file");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string short_fp(const std::string& fingerprint) { return fingerprint.substr(0, 16) + "…"; }

std::filesystem::path signature_file_for(const std::string& statement, const std::string& given) {
    return given.empty() ? default_signature_file(statement) : std::filesystem::path(given);
}

void register_keys(CLI::App& app, int& exit_code) {
    CLI::App* keys = app.add_subcommand("keys", "Ed25519 key pairs for signing statements");
    keys->require_subcommand(1);

    struct generate_options {
        std::string out, name;
    };
    auto go = std::make_shared<generate_options>();
    CLI::App* gen = keys->add_subcommand("generate", "Make a key pair: DIR/NAME.key.pem (private, 0600) and DIR/NAME.pub.pem");
    gen->add_option("--out", go->out, "Folder for the two files (created when missing)")->required();
    gen->add_option("--name", go->name, "Name of the key files (letters, digits, '-', '_', '.')")->required();
    gen->callback([go, &exit_code] {
        const signing_key_files k = generate_signing_key(go->out, go->name);
        std::cout << fmt::format("private key  {} (mode 0600: keep it secret, never hand it over)\n",
                                 k.private_key.string())
                  << fmt::format("public key   {} (hand it to whoever verifies your signatures)\n", k.public_key.string())
                  << fmt::format("fingerprint  {}\n", k.fingerprint);
        exit_code = exit_ok;
    });

    auto files = std::make_shared<std::vector<std::string>>();
    CLI::App* fp = keys->add_subcommand("fingerprint", "Print the fingerprint (SHA-256 of the raw public key) of key files");
    fp->add_option("key", *files, "KEY.pem (public or private)")->required();
    fp->callback([files, &exit_code] {
        for (const auto& f : *files) std::cout << key_fingerprint(f) << "  " << f << "\n";
        exit_code = exit_ok;
    });
}

void register_sign_command(CLI::App& app, int& exit_code) {
    struct sign_options {
        std::string statement, key, signer, role, time, signatures;
        bool json = false;
    };
    auto o = std::make_shared<sign_options>();
    CLI::App* cmd = app.add_subcommand("sign", "Sign a statement: append an Ed25519 signature to its signature file");
    cmd->add_option("statement", o->statement, "STATEMENT.json")->required();
    cmd->add_option("--key", o->key, "The signer's private key (KEY.key.pem from `footprint keys generate`)")->required();
    cmd->add_option("--signer", o->signer, "Who signs: a person or organisation, as the register and verifiers will read it")
        ->required();
    cmd->add_option("--role", o->role, "preparer (made the statement) or verifier (checked it)")
        ->required()
        ->check(CLI::IsMember({"preparer", "verifier"}));
    cmd->add_option("--time", o->time, "UTC time of signing, YYYY-MM-DDTHH:MM:SSZ (default: now; for reproducible tests)");
    cmd->add_option("--signatures", o->signatures, "The signature file (default: the statement's name with .sig.json)");
    cmd->add_flag("--json", o->json, "Print the signature added, the file and its count as JSON");
    cmd->callback([o, &exit_code] {
        const std::string text = read_statement_file(o->statement);
        sign_request req;
        req.signer = o->signer;
        req.role = *parse_role(o->role);
        req.time = o->time;
        req.statement_file = o->statement;
        const signature_record r = sign_statement(text, o->key, req);
        const auto file = signature_file_for(o->statement, o->signatures);
        const std::size_t n = append_signature(file, r);
        if (o->json) {
            // The record exactly as the file holds it, read back from there.
            const auto records = read_signature_file(file);
            const auto added = nlohmann::json::parse(signature_file_text({records.back()}))["signatures"][0];
            std::cout << nlohmann::json{{"signature", added}, {"signature_file", file.string()}, {"signatures", n}}.dump(
                             1, ' ', false, nlohmann::json::error_handler_t::replace)
                      << "\n";
            exit_code = exit_ok;
            return;
        }
        std::cout << fmt::format("signed {} (digest {}) as {} by {} at {}, key {}\n", o->statement,
                                 r.statement_digest.substr(0, 16), role_name(r.role), r.signer, r.signed_at,
                                 short_fp(r.key_fingerprint))
                  << fmt::format("wrote  {} ({} signature{})\n", file.string(), n, n == 1 ? "" : "s");
        exit_code = exit_ok;
    });
}

void print_report(const std::string& statement, const std::filesystem::path& signature_file, const signatures_report& report) {
    std::size_t bad = 0;
    for (const auto& c : report.checks) bad += c.status != signature_status::ok;
    const std::size_t n = report.checks.size();
    if (report.all_valid())
        std::cout << fmt::format("OK   {}: {} signature{}, every one valid and from a trusted key\n", statement, n,
                                 n == 1 ? "" : "s");
    else if (n == 0)
        std::cout << fmt::format("FAIL {}: no signatures\n", statement);
    else
        std::cout << fmt::format("FAIL {}: {} of {} signature{} not valid\n", statement, bad, n, n == 1 ? "" : "s");
    std::cout << fmt::format("     digest {}\n", report.computed_digest);
    if (!report.sealed())
        std::cout << fmt::format("  [footprint.signature.seal] the statement was changed after it was made: recorded digest {}, "
                                 "its content hashes to {}\n",
                                 report.recorded_digest, report.computed_digest);
    if (n == 0)
        std::cout << fmt::format("  [footprint.signature.none] no signatures in {}\n", signature_file.string());
    std::size_t index = 0;
    for (const auto& c : report.checks) {
        std::cout << fmt::format("  {:<15} #{} {} {} at {}, key {}\n", status_name(c.status), ++index, role_name(c.record.role),
                                 c.record.signer, c.record.signed_at, short_fp(c.record.key_fingerprint));
        if (c.status != signature_status::ok) std::cout << fmt::format("      [{}] {}\n", c.error_id, c.detail);
    }
}

void register_signatures_command(CLI::App& app, int& exit_code) {
    CLI::App* group = app.add_subcommand("signatures", "Signatures on statements");
    group->require_subcommand(1);
    struct verify_options {
        std::string statement, trusted, signatures;
        bool json = false;
    };
    auto o = std::make_shared<verify_options>();
    CLI::App* cmd = group->add_subcommand(
        "verify", "Check every signature of a statement against trusted public keys (offline); exit 0 only when all are valid");
    cmd->add_option("statement", o->statement, "STATEMENT.json")->required();
    cmd->add_option("--trusted", o->trusted, "Trusted public keys: .pub.pem files concatenated in one file")->required();
    cmd->add_option("--signatures", o->signatures, "The signature file (default: the statement's name with .sig.json)");
    cmd->add_flag("--json", o->json, "A JSON report (format footprint-signature-check/1) instead of text");
    cmd->callback([o, &exit_code] {
        const std::string text = read_statement_file(o->statement);
        const auto trusted = read_trusted_keys(o->trusted);
        const auto file = signature_file_for(o->statement, o->signatures);
        const auto report = verify_signatures(text, read_signature_file(file), trusted);
        if (o->json)
            print_json(signature_report_json(o->statement, file, trusted, report));
        else
            print_report(o->statement, file, report);
        exit_code = report.all_valid() ? exit_ok : exit_data_error;
    });
}

}  // namespace

void register_sign(CLI::App& app, int& exit_code) {
    register_keys(app, exit_code);
    register_sign_command(app, exit_code);
    register_signatures_command(app, exit_code);
}

}  // namespace footprint::cli
