// `footprint register add | list | show | export`: the SQLite issuance register.

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "commands.hpp"
#include "footprint/core/atomic_file.hpp"
#include "footprint/core/error.hpp"
#include "footprint/statement/issuance_register.hpp"
#include "footprint/statement/signature.hpp"
#include "footprint/statement/statement.hpp"

namespace footprint::cli {

namespace {

std::string read_statement_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw error("footprint.io.read", source_location{path, 0, 0, {}, {}}, "cannot open file", "a statement file");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string roles_of(const issuance& i) {
    std::string out;
    for (const auto& s : i.signatures) out += (out.empty() ? "" : ",") + s.role;
    return out.empty() ? "-" : out;
}

void print_issuance(const issuance& i) {
    std::cout << fmt::format("issuance     {}\n", i.number) << fmt::format("statement    {}\n", i.statement_digest)
              << fmt::format("customer     {}\n", i.customer)
              << fmt::format("period       {} to {}\n", i.period_from, i.period_to)
              << fmt::format("methodology  {} {}\n", i.methodology_id, i.methodology_version)
              << fmt::format("issued       {} t (reduction {} g)\n", i.issued_t, i.reduction_g)
              << fmt::format("recorded     {} from {}\n", i.recorded_at, i.statement_file);
    if (i.signatures.empty()) std::cout << "signatures   none\n";
    for (const auto& s : i.signatures)
        std::cout << fmt::format("signature    {} {} at {}, key {}\n", s.role, s.signer, s.signed_at, s.key_fingerprint);
}

}  // namespace

void register_issuance_register(CLI::App& app, int& exit_code) {
    CLI::App* group = app.add_subcommand("register", "The issuance register: what was issued, for whom, for which period");
    group->require_subcommand(1);

    // ---- add --------------------------------------------------------------------------
    struct add_options {
        std::string statement, reg, signatures, trusted, time;
        bool json = false;
    };
    auto ao = std::make_shared<add_options>();
    CLI::App* add = group->add_subcommand(
        "add", "Record an issued statement; a period overlapping one issued for the same customer and methodology is refused");
    add->add_option("statement", ao->statement, "STATEMENT.json")->required();
    add->add_option("--register", ao->reg, "The register (SQLite; created when missing)")->required();
    add->add_option("--signatures", ao->signatures,
                    "The statement's signature file (default: the statement's name with .sig.json, when it exists)");
    add->add_option("--trusted", ao->trusted,
                    "Trusted public keys: refuse the statement unless it has signatures and every one verifies");
    add->add_option("--time", ao->time, "UTC time recorded, YYYY-MM-DDTHH:MM:SSZ (default: now; for reproducible tests)");
    add->add_flag("--json", ao->json, "Print the recorded issuance as JSON");
    add->callback([ao, &exit_code] {
        const std::string text = read_statement_text(ao->statement);
        const std::filesystem::path sig_file =
            ao->signatures.empty() ? default_signature_file(ao->statement) : std::filesystem::path(ao->signatures);
        if (!ao->signatures.empty() && !std::filesystem::exists(sig_file))
            throw error("footprint.io.read", source_location{sig_file.string(), 0, 0, {}, {}}, "cannot open file",
                        "a signature file written by `footprint sign`");
        const auto signatures = read_signature_file(sig_file);
        if (!ao->trusted.empty()) {
            const auto report = verify_signatures(text, signatures, read_trusted_keys(ao->trusted));
            diagnostics problems;
            if (report.checks.empty())
                problems.add("footprint.register.signature", source_location{sig_file.string(), 0, 0, {}, {}},
                             "--trusted asks for signatures, and the statement has none",
                             "a signature file made by `footprint sign`");
            std::size_t index = 0;
            for (const auto& c : report.checks) {
                if (c.status != signature_status::ok)
                    problems.add("footprint.register.signature",
                                 source_location{sig_file.string(), 0, 0, "/signatures/" + std::to_string(index), {}},
                                 fmt::format("signature by {} ({}) is not valid: [{}] {}", c.record.signer,
                                             role_name(c.record.role), c.error_id, c.detail),
                                 "every signature valid and from a trusted key");
                ++index;
            }
            problems.throw_if_any();
        }
        issuance_register reg(ao->reg, true);
        const issuance i = reg.add(text, ao->statement, signatures, ao->time);
        if (ao->json)
            std::cout << issuance_json(i) << "\n";
        else
            std::cout << fmt::format("registered {} as issuance {}: {} {} to {}, {} {}, {} t, digest {}, {} signature{}\n",
                                     ao->statement, i.number, i.customer, i.period_from, i.period_to, i.methodology_id,
                                     i.methodology_version, i.issued_t, i.statement_digest.substr(0, 16),
                                     i.signatures.size(), i.signatures.size() == 1 ? "" : "s");
        exit_code = exit_ok;
    });

    // ---- list -------------------------------------------------------------------------
    struct list_options {
        std::string reg, customer;
        bool json = false;
    };
    auto lo = std::make_shared<list_options>();
    CLI::App* list = group->add_subcommand("list", "Every issued statement, in the order recorded");
    list->add_option("--register", lo->reg, "The register")->required();
    list->add_option("--customer", lo->customer, "Only this customer's");
    list->add_flag("--json", lo->json, "JSON (format footprint-register/1) instead of a table");
    list->callback([lo, &exit_code] {
        const issuance_register reg(lo->reg, false);
        const auto items = reg.list(lo->customer.empty() ? std::nullopt : std::optional<std::string>(lo->customer));
        if (lo->json) {
            std::cout << register_json(items);
        } else {
            std::size_t cw = 8, mw = 11;
            for (const auto& i : items) {
                cw = std::max(cw, i.customer.size());
                mw = std::max(mw, i.methodology_id.size() + 1 + i.methodology_version.size());
            }
            std::cout << fmt::format("{:>3}  {:<{}}  {:<10}  {:<10}  {:<{}}  {:>8}  {:<16}  {}\n", "#", "customer", cw, "from",
                                     "to", "methodology", mw, "issued_t", "digest", "signatures");
            for (const auto& i : items)
                std::cout << fmt::format("{:>3}  {:<{}}  {:<10}  {:<10}  {:<{}}  {:>8}  {:<16}  {}\n", i.number, i.customer, cw,
                                         i.period_from, i.period_to, i.methodology_id + " " + i.methodology_version, mw,
                                         i.issued_t, i.statement_digest.substr(0, 16), roles_of(i));
        }
        exit_code = exit_ok;
    });

    // ---- show -------------------------------------------------------------------------
    struct show_options {
        std::string reg, digest;
        bool json = false;
    };
    auto so = std::make_shared<show_options>();
    CLI::App* show = group->add_subcommand(
        "show", "One issued statement, by its digest (or its first 8 or more hex digits) or by the statement file");
    show->add_option("digest", so->digest, "DIGEST or STATEMENT.json")->required();
    show->add_option("--register", so->reg, "The register")->required();
    show->add_flag("--json", so->json, "JSON instead of text");
    show->callback([so, &exit_code] {
        const issuance_register reg(so->reg, false);
        // A statement file stands for the digest its content hashes to: "is this statement in the register?"
        const bool is_file = std::filesystem::is_regular_file(so->digest);
        const issuance i = reg.show(is_file ? statement_digest(read_statement_text(so->digest)) : so->digest);
        if (so->json)
            std::cout << issuance_json(i) << "\n";
        else
            print_issuance(i);
        exit_code = exit_ok;
    });

    // ---- export -----------------------------------------------------------------------
    struct export_options {
        std::string reg, format = "csv", out = "-";
    };
    auto eo = std::make_shared<export_options>();
    CLI::App* exp = group->add_subcommand("export", "The whole register as CSV or JSON");
    exp->add_option("--register", eo->reg, "The register")->required();
    exp->add_option("--format", eo->format, "csv or json")->check(CLI::IsMember({"csv", "json"}));
    exp->add_option("-o,--output", eo->out, "Output file ('-' or absent: standard output)");
    exp->callback([eo, &exit_code] {
        const issuance_register reg(eo->reg, false);
        const auto items = reg.list();
        write_file_atomically(eo->out, eo->format == "json" ? register_json(items) : register_csv(items));
        exit_code = exit_ok;
    });
}

}  // namespace footprint::cli
