#pragma once
// Signatures on statements: who vouches for a statement, in which role, when.
//
// A statement's digest seals its content, but anyone who edits a statement
// can recompute that digest. A signature cannot be recomputed without the
// signer's private key: an Ed25519 signature (RFC 8032, through OpenSSL 3's
// EVP interface) over a canonical message that names the statement digest,
// the signer, the role (preparer or verifier), the UTC time and the key's
// fingerprint. Signatures are detached: they live in a signature file beside
// the statement (`NAME.sig.json`, several signatures in one file), so the
// statement of record and its digest never change when someone signs it.
//
// Verification is offline: every signature is checked against a list of
// trusted public keys (PEM), each identified by its fingerprint, the SHA-256
// of its 32-byte raw public key in hex. A signature is `ok` only when its key
// is trusted, the signature is valid over its message, and the digest it
// signed is the digest the statement's content hashes to now, so an edited
// statement fails even when its `statement_digest` field was recomputed.
//
// Assumptions: private keys are unencrypted PKCS #8 PEM files, protected by
// their file mode (0600) and by whoever holds them; trust is the list the
// verifier passes, nothing else (no certificates, no revocation); the time
// is what the signer's clock or `--time` said, not a trusted timestamp.
// The file formats are in docs/auditing.md#9-signatures.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace footprint {

/// Why someone signs: the operator who made the statement, or the auditor who checked it.
enum class signer_role { preparer, verifier };

/// "preparer" or "verifier".
[[nodiscard]] std::string_view role_name(signer_role role) noexcept;
/// The role named `text`; empty when it is neither.
[[nodiscard]] std::optional<signer_role> parse_role(std::string_view text) noexcept;

/// UTC now as YYYY-MM-DDTHH:MM:SSZ, the form of every time signatures and the register record.
[[nodiscard]] std::string utc_time_now();
/// `text` is YYYY-MM-DDTHH:MM:SSZ with a real date and a time from 00:00:00 to 23:59:59.
[[nodiscard]] bool is_utc_time(std::string_view text) noexcept;

/// The files `generate_signing_key` wrote.
struct signing_key_files {
    std::filesystem::path private_key;  ///< DIR/NAME.key.pem, PKCS #8, mode 0600
    std::filesystem::path public_key;   ///< DIR/NAME.pub.pem, SubjectPublicKeyInfo
    std::string fingerprint;            ///< SHA-256 of the raw public key, 64 hex digits
};

/// Generates an Ed25519 key pair in `dir` (created when missing), named
/// `name` (letters, digits, '-', '_', '.'; not starting with '.'). The private
/// key is written crash-safely with mode 0600 and never replaces an existing
/// file (`footprint.signature.key-exists`, checked for both files before
/// anything is written).
[[nodiscard]] signing_key_files generate_signing_key(const std::filesystem::path& dir, const std::string& name);

/// Fingerprint of the Ed25519 key in a PEM file (public or private key).
/// Throws `footprint.signature.key` when the file holds no Ed25519 key.
[[nodiscard]] std::string key_fingerprint(const std::filesystem::path& pem_file);

/// One signature on one statement: an element of a signature file's `signatures`.
struct signature_record {
    std::string algorithm = "Ed25519";
    std::string statement_digest;  ///< the digest the statement's content hashed to when signed
    std::string signer;            ///< who signs: a person or organisation, as they name themselves
    signer_role role = signer_role::preparer;
    std::string signed_at;         ///< UTC, YYYY-MM-DDTHH:MM:SSZ
    std::string key_fingerprint;   ///< SHA-256 of the signing key's raw public key, hex
    std::string signature;         ///< the Ed25519 signature of signature_message(), 128 hex digits
};

/// The bytes a signature is over: the record without `signature` as compact
/// canonical JSON (keys sorted, no whitespace, UTF-8 as is):
/// {"algorithm":"Ed25519","key_fingerprint":"…","role":"…","signed_at":"…","signer":"…","statement_digest":"…"}
[[nodiscard]] std::string signature_message(const signature_record& record);

/// What a signer says about themselves when signing.
struct sign_request {
    std::string signer;
    signer_role role = signer_role::preparer;
    std::string time;  ///< UTC YYYY-MM-DDTHH:MM:SSZ; empty: now
    std::string statement_file = "<statement>";  ///< the statement's file, for messages
};

/// Signs a statement (its JSON text) with the Ed25519 private key in
/// `private_key_pem`. Refuses a statement whose content does not hash to its
/// recorded digest (`footprint.signature.seal`), a signer that is empty, too
/// long or has control characters (`footprint.signature.signer`), a time that
/// is not UTC ISO 8601 (`footprint.signature.time`) and a key file without an
/// Ed25519 private key (`footprint.signature.key`).
[[nodiscard]] signature_record sign_statement(const std::string& statement_json,
                                              const std::filesystem::path& private_key_pem,
                                              const sign_request& request);

/// `NAME.sig.json` beside `NAME.json` (a statement without the .json extension gets `.sig.json` appended).
[[nodiscard]] std::filesystem::path default_signature_file(const std::filesystem::path& statement);

/// Signature file text: {"format":"footprint-signatures/1","signatures":[…]} indented by one space, in the given order.
[[nodiscard]] std::string signature_file_text(const std::vector<signature_record>& records);

/// Reads a signature file's text; every problem is `footprint.signature.file`
/// with the JSON path of the field (all problems at once).
[[nodiscard]] std::vector<signature_record> parse_signature_file(const std::string& text, const std::string& file);

/// Reads a signature file; a file that does not exist has no signatures.
[[nodiscard]] std::vector<signature_record> read_signature_file(const std::filesystem::path& file);

/// Appends `record` to the signature file (crash-safe rewrite); returns the
/// number of signatures now in it. The same key signing the same digest in
/// the same role twice is refused (`footprint.signature.duplicate`).
std::size_t append_signature(const std::filesystem::path& file, const signature_record& record);

/// A public key a verifier trusts.
struct trusted_key {
    std::string fingerprint;  ///< SHA-256 of the raw public key, hex
    std::string raw_key;      ///< the 32 bytes of the Ed25519 public key
    std::string where;        ///< FILE:LINE of its PEM block
};

/// Reads a trusted-keys file: any number of PEM `PUBLIC KEY` blocks (the
/// `.pub.pem` files `generate_signing_key` writes, concatenated), with any
/// text between them (`# comments`, names). Refuses a file without keys, a
/// block that is not an Ed25519 public key, and a private key
/// (`footprint.signature.trusted`).
[[nodiscard]] std::vector<trusted_key> parse_trusted_keys(const std::string& text, const std::string& file);
[[nodiscard]] std::vector<trusted_key> read_trusted_keys(const std::filesystem::path& file);

/// What became of one signature.
enum class signature_status { ok, unknown_key, bad_signature, digest_mismatch };

/// "ok", "unknown-key", "bad-signature", "digest-mismatch".
[[nodiscard]] std::string_view status_name(signature_status status) noexcept;

struct signature_check {
    signature_record record;
    signature_status status = signature_status::ok;
    std::string error_id;  ///< footprint.signature.<status>; empty when ok
    std::string detail;    ///< one sentence naming what failed; empty when ok
};

struct signatures_report {
    std::string recorded_digest;   ///< the statement's `statement_digest` field
    std::string computed_digest;   ///< what its content hashes to now
    std::vector<signature_check> checks;  ///< one per signature, in file order

    /// The statement's content hashes to its recorded digest.
    [[nodiscard]] bool sealed() const noexcept { return recorded_digest == computed_digest; }
    /// Sealed, at least one signature, and every one `ok`.
    [[nodiscard]] bool all_valid() const noexcept;
};

/// Checks each signature, in order: its key must be trusted (`unknown-key`),
/// the signature valid over signature_message() with that key
/// (`bad-signature`), and the digest it signed equal to the digest the
/// statement's content hashes to now (`digest-mismatch`); the first failure
/// is the signature's status.
[[nodiscard]] signatures_report verify_signatures(const std::string& statement_json,
                                                  const std::vector<signature_record>& signatures,
                                                  const std::vector<trusted_key>& trusted);

}  // namespace footprint
