// Signatures on statements: key pairs, signing, the detached signature file,
// and offline verification against trusted keys, including the ways a
// signature must fail (an edited statement whose digest was recomputed, an
// untrusted key, a changed signature byte, a changed record).

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "footprint/core/error.hpp"
#include "footprint/statement/signature.hpp"
#include "footprint/statement/statement.hpp"

#include "support/scratch_dir.hpp"

using namespace footprint;
namespace fs = std::filesystem;

namespace {

/// A fresh folder per test (tests/support/scratch_dir.hpp).
struct scratch : test::scratch_dir {
    scratch() : scratch_dir("signature-test") {}
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void spit(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

/// A statement's text with its digest put in, as build_statements seals it.
std::string sealed(const std::string& body) {
    const std::string digest = statement_digest(body);
    return body.substr(0, body.rfind('}')) + ",\"statement_digest\":\"" + digest + "\"}";
}

/// A small statement (only what signatures need: a JSON object and its digest).
const std::string statement = sealed(R"({"customer":"chem-jiangsu-01","format":"footprint-statement/1",
"period":{"from":"2021-01-01","to":"2021-03-31"},"issuable_t":13,
"totals_g":{"baseline":14081224,"leakage":0,"project":1028042,"reduction":13053182}})");

sign_request as(std::string signer, signer_role role, std::string time = "2026-12-05T02:00:00Z") {
    sign_request r;
    r.signer = std::move(signer);
    r.role = role;
    r.time = std::move(time);
    return r;
}

std::string error_id_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const error& e) {
        return e.id();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("a key pair: private key 0600, public key PEM, fingerprint the SHA-256 of the raw public key") {
    scratch s;
    const signing_key_files k = generate_signing_key(s.dir / "keys", "alice");
    CHECK(k.private_key == s.dir / "keys" / "alice.key.pem");
    CHECK(k.public_key == s.dir / "keys" / "alice.pub.pem");
    struct stat st {};
    REQUIRE(::stat(k.private_key.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(slurp(k.private_key).rfind("-----BEGIN PRIVATE KEY-----\n", 0) == 0);
    CHECK(slurp(k.public_key).rfind("-----BEGIN PUBLIC KEY-----\n", 0) == 0);
    CHECK(k.fingerprint.size() == 64);
    // The same fingerprint from either file.
    CHECK(key_fingerprint(k.private_key) == k.fingerprint);
    CHECK(key_fingerprint(k.public_key) == k.fingerprint);
    // Only the two key files are left: no temporary file.
    int files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(s.dir / "keys")) ++files;
    CHECK(files == 2);
}

TEST_CASE("a key is never replaced, and a bad name is refused before anything is written") {
    scratch s;
    const auto first = generate_signing_key(s.dir, "alice");
    const std::string before = slurp(first.private_key);
    try {
        (void)generate_signing_key(s.dir, "alice");
        FAIL("no error");
    } catch (const error& e) {
        CHECK(e.id() == "footprint.signature.key-exists");
        CHECK(std::string(e.what()) == (s.dir / "alice.key.pem").string() +
                                           ": error [footprint.signature.key-exists] a key file of this name exists; it is "
                                           "never replaced (expected a name not used yet, or another --out folder)");
    }
    CHECK(slurp(first.private_key) == before);
    CHECK(error_id_of([&] { (void)generate_signing_key(s.dir, "../bob"); }) == "footprint.signature.name");
    CHECK(error_id_of([&] { (void)generate_signing_key(s.dir, ".hidden"); }) == "footprint.signature.name");
    CHECK(!fs::exists(s.dir / ".hidden.key.pem"));
}

TEST_CASE("sign and verify: the round trip, and the message is the record's canonical JSON") {
    scratch s;
    const auto alice = generate_signing_key(s.dir, "alice");
    const signature_record r = sign_statement(statement, alice.private_key, as("Alice Wang", signer_role::preparer));
    CHECK(r.algorithm == "Ed25519");
    CHECK(r.statement_digest == statement_digest(statement));
    CHECK(r.key_fingerprint == alice.fingerprint);
    CHECK(r.signed_at == "2026-12-05T02:00:00Z");
    CHECK(r.signature.size() == 128);
    CHECK(signature_message(r) == R"({"algorithm":"Ed25519","key_fingerprint":")" + alice.fingerprint +
                                      R"(","role":"preparer","signed_at":"2026-12-05T02:00:00Z","signer":"Alice Wang",)"
                                      R"("statement_digest":")" + r.statement_digest + R"("})");

    const fs::path sig_file = default_signature_file(s.dir / "chem-2021Q1.json");
    CHECK(sig_file == s.dir / "chem-2021Q1.sig.json");
    CHECK(append_signature(sig_file, r) == 1);
    const auto records = read_signature_file(sig_file);
    REQUIRE(records.size() == 1);
    CHECK(signature_message(records[0]) == signature_message(r));
    CHECK(records[0].signature == r.signature);

    const auto report = verify_signatures(statement, records, read_trusted_keys(alice.public_key));
    CHECK(report.sealed());
    REQUIRE(report.checks.size() == 1);
    CHECK(report.checks[0].status == signature_status::ok);
    CHECK(report.checks[0].error_id.empty());
    CHECK(report.all_valid());
}

TEST_CASE("two signatures, preparer and verifier, both valid; none at all is not valid") {
    scratch s;
    const auto operator_key = generate_signing_key(s.dir, "operator");
    const auto auditor_key = generate_signing_key(s.dir, "auditor");
    const fs::path file = s.dir / "st.sig.json";
    CHECK(append_signature(file, sign_statement(statement, operator_key.private_key, as("Operator Ltd", signer_role::preparer))) == 1);
    CHECK(append_signature(file, sign_statement(statement, auditor_key.private_key,
                                                as("Verifier GmbH (ISO 14064-3)", signer_role::verifier, "2026-12-06T09:30:00Z"))) == 2);
    // The same key, statement and role again is refused; the file keeps two.
    CHECK(error_id_of([&] {
              (void)append_signature(file, sign_statement(statement, auditor_key.private_key, as("Verifier GmbH", signer_role::verifier)));
          }) == "footprint.signature.duplicate");
    spit(s.dir / "trusted.pem", "# operator\n" + slurp(operator_key.public_key) + "# auditor\n" + slurp(auditor_key.public_key));
    const auto trusted = read_trusted_keys(s.dir / "trusted.pem");
    REQUIRE(trusted.size() == 2);
    CHECK(trusted[1].where == (s.dir / "trusted.pem").string() + ":6:1");  // each Ed25519 PEM is 3 lines
    const auto records = read_signature_file(file);
    REQUIRE(records.size() == 2);
    CHECK(records[0].role == signer_role::preparer);
    CHECK(records[1].role == signer_role::verifier);
    const auto report = verify_signatures(statement, records, trusted);
    CHECK(report.checks[0].status == signature_status::ok);
    CHECK(report.checks[1].status == signature_status::ok);
    CHECK(report.all_valid());

    CHECK(!verify_signatures(statement, {}, trusted).all_valid());
    CHECK(read_signature_file(s.dir / "none.sig.json").empty());
}

TEST_CASE("an edited statement whose digest was recomputed fails: digest mismatch") {
    scratch s;
    const auto alice = generate_signing_key(s.dir, "alice");
    const auto r = sign_statement(statement, alice.private_key, as("Alice Wang", signer_role::preparer));
    // The attacker raises the reduction and reseals the statement with its own digest.
    std::string edited = statement.substr(0, statement.find(",\"statement_digest\"")) + "}";
    edited.replace(edited.find("13053182"), 8, "99000000");
    edited = sealed(edited);
    REQUIRE(statement_digest(edited) != r.statement_digest);
    const auto report = verify_signatures(edited, {r}, read_trusted_keys(alice.public_key));
    CHECK(report.sealed());  // the seal alone cannot tell
    REQUIRE(report.checks.size() == 1);
    CHECK(report.checks[0].status == signature_status::digest_mismatch);
    CHECK(report.checks[0].error_id == "footprint.signature.digest-mismatch");
    CHECK(report.checks[0].detail == "signed statement digest " + r.statement_digest + ", the statement's content hashes to " +
                                         statement_digest(edited) + ": the statement was changed after it was signed");
    CHECK(!report.all_valid());

    // Moving the signature's digest along with the edit breaks the signature itself.
    signature_record moved = r;
    moved.statement_digest = statement_digest(edited);
    CHECK(verify_signatures(edited, {moved}, read_trusted_keys(alice.public_key)).checks[0].status ==
          signature_status::bad_signature);

    // An edit without recomputing the digest: the statement is not sealed, and the signature does not cover it.
    std::string unsealed = statement;
    unsealed.replace(unsealed.find("13053182"), 8, "99000000");
    const auto broken = verify_signatures(unsealed, {r}, read_trusted_keys(alice.public_key));
    CHECK(!broken.sealed());
    CHECK(broken.checks[0].status == signature_status::digest_mismatch);
    CHECK(!broken.all_valid());
}

TEST_CASE("a signature by a key not in the trusted list fails: unknown key") {
    scratch s;
    const auto alice = generate_signing_key(s.dir, "alice");
    const auto mallory = generate_signing_key(s.dir, "mallory");
    const auto r = sign_statement(statement, mallory.private_key, as("Alice Wang", signer_role::verifier));
    const auto report = verify_signatures(statement, {r}, read_trusted_keys(alice.public_key));
    CHECK(report.checks[0].status == signature_status::unknown_key);
    CHECK(report.checks[0].error_id == "footprint.signature.unknown-key");
    CHECK(report.checks[0].detail == "key " + mallory.fingerprint + " is not in the trusted keys");
    CHECK(!report.all_valid());
    // Claiming a trusted key's fingerprint does not help: the signature does not verify under it.
    signature_record claimed = r;
    claimed.key_fingerprint = alice.fingerprint;
    CHECK(verify_signatures(statement, {claimed}, read_trusted_keys(alice.public_key)).checks[0].status ==
          signature_status::bad_signature);
}

TEST_CASE("a changed signature byte, signer, role or time fails: bad signature") {
    scratch s;
    const auto alice = generate_signing_key(s.dir, "alice");
    const auto trusted = read_trusted_keys(alice.public_key);
    const auto r = sign_statement(statement, alice.private_key, as("Alice Wang", signer_role::preparer));
    const fs::path file = s.dir / "st.sig.json";
    (void)append_signature(file, r);
    // One hex digit of the signature changed in the file.
    std::string text = slurp(file);
    const auto at = text.find(r.signature) + 10;
    text[at] = text[at] == '0' ? '1' : '0';
    spit(file, text);
    const auto tampered = read_signature_file(file);
    CHECK(verify_signatures(statement, tampered, trusted).checks[0].status == signature_status::bad_signature);
    CHECK(verify_signatures(statement, tampered, trusted).checks[0].error_id == "footprint.signature.bad-signature");

    signature_record other = r;
    other.signer = "Bob";
    CHECK(verify_signatures(statement, {other}, trusted).checks[0].status == signature_status::bad_signature);
    other = r;
    other.role = signer_role::verifier;
    CHECK(verify_signatures(statement, {other}, trusted).checks[0].status == signature_status::bad_signature);
    other = r;
    other.signed_at = "2026-12-05T02:00:01Z";
    CHECK(verify_signatures(statement, {other}, trusted).checks[0].status == signature_status::bad_signature);
    // One good and one bad: reported one by one, and not all valid.
    const auto mixed = verify_signatures(statement, {r, other}, trusted);
    CHECK(mixed.checks[0].status == signature_status::ok);
    CHECK(mixed.checks[1].status == signature_status::bad_signature);
    CHECK(!mixed.all_valid());
}

TEST_CASE("signing refuses an unsealed statement, a bad signer or time, and a key that is not an Ed25519 private key") {
    scratch s;
    const auto alice = generate_signing_key(s.dir, "alice");
    std::string unsealed = statement;
    unsealed.replace(unsealed.find("13053182"), 8, "99000000");
    try {
        sign_request req = as("Alice", signer_role::preparer);
        req.statement_file = "chem-2021Q1.json";
        (void)sign_statement(unsealed, alice.private_key, req);
        FAIL("no error");
    } catch (const error& e) {
        CHECK(std::string(e.what()) ==
              "chem-2021Q1.json: error [footprint.signature.seal] /statement_digest: the statement's content does not hash to "
              "its recorded digest, so it was changed after it was made; only a sealed statement can be signed (expected " +
                  statement_digest(unsealed) + ", found '" + statement_digest(statement) + "')");
    }
    CHECK(error_id_of([&] { (void)sign_statement(statement, alice.private_key, as("", signer_role::preparer)); }) ==
          "footprint.signature.signer");
    CHECK(error_id_of([&] { (void)sign_statement(statement, alice.private_key, as("Alice\nrole: verifier", signer_role::preparer)); }) ==
          "footprint.signature.signer");
    for (const char* t : {"2026-12-05", "2026-12-05T02:00:00", "2026-12-05T02:00:00+08:00", "2026-02-30T02:00:00Z",
                          "2026-12-05T24:00:00Z"})
        CHECK_MESSAGE(error_id_of([&] { (void)sign_statement(statement, alice.private_key, as("Alice", signer_role::preparer, t)); }) ==
                          "footprint.signature.time",
                      t);
    try {
        (void)sign_statement(statement, alice.public_key, as("Alice", signer_role::preparer));
        FAIL("no error");
    } catch (const error& e) {
        CHECK(std::string(e.what()) == alice.public_key.string() +
                                           ": error [footprint.signature.key] no private key in this file (or it is "
                                           "encrypted) (expected an Ed25519 private key (PEM) made by `footprint keys generate`)");
    }
    spit(s.dir / "junk.pem", "not a key\n");
    CHECK(error_id_of([&] { (void)sign_statement(statement, s.dir / "junk.pem", as("Alice", signer_role::preparer)); }) ==
          "footprint.signature.key");
    CHECK(error_id_of([&] { (void)sign_statement(statement, s.dir / "missing.pem", as("Alice", signer_role::preparer)); }) ==
          "footprint.io.read");
    // Without --time, the time is now, in UTC.
    CHECK(is_utc_time(sign_statement(statement, alice.private_key, as("Alice", signer_role::preparer, "")).signed_at));
}

TEST_CASE("trusted keys: PEM public keys with text between them; a private key or no key is refused") {
    scratch s;
    const auto alice = generate_signing_key(s.dir, "alice");
    spit(s.dir / "empty.pem", "# nobody\n");
    CHECK(error_id_of([&] { (void)read_trusted_keys(s.dir / "empty.pem"); }) == "footprint.signature.trusted");
    spit(s.dir / "private.pem", slurp(alice.public_key) + slurp(alice.private_key));
    try {
        (void)read_trusted_keys(s.dir / "private.pem");
        FAIL("no error");
    } catch (const error& e) {
        CHECK(e.id() == "footprint.signature.trusted");
        CHECK(e.problems().front().where.line == 4);
    }
}

TEST_CASE("a signature file that was edited into something else is refused with the field named") {
    const std::string fp(64, 'a');
    const std::string text = R"({"format":"footprint-signatures/1","signatures":[{"algorithm":"Ed25519","key_fingerprint":")" + fp +
                             R"(","role":"auditor","signature":"00","signed_at":"2026-12-05T02:00:00Z","signer":"A",)"
                             R"("statement_digest":")" + fp + R"(","extra":1}]})";
    try {
        (void)parse_signature_file(text, "st.sig.json");
        FAIL("no error");
    } catch (const error& e) {
        CHECK(std::string(e.what()) ==
              "st.sig.json: error [footprint.signature.file] /signatures/0/extra: unknown field (expected only the fields "
              "footprint writes, found 'extra')\n"
              "st.sig.json: error [footprint.signature.file] /signatures/0/role: unknown role (expected preparer or verifier, "
              "found 'auditor')\n"
              "st.sig.json: error [footprint.signature.file] /signatures/0/signature: not an Ed25519 signature (expected 128 "
              "lower-case hex digits, found '00')");
    }
    CHECK(error_id_of([&] { (void)parse_signature_file("[", "x"); }) == "footprint.signature.file");
    CHECK(error_id_of([&] { (void)parse_signature_file(R"({"format":"footprint-statement/1","signatures":[]})", "x"); }) ==
          "footprint.signature.file");
    CHECK(error_id_of([&] { (void)parse_signature_file(std::string(100, '[') + std::string(100, ']'), "x"); }) ==
          "footprint.signature.file");
}
