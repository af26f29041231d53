// Ed25519 signatures on statements through OpenSSL 3's EVP interface. See signature.hpp.

#include "footprint/statement/signature.hpp"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <ctime>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <tuple>

#include "footprint/core/atomic_file.hpp"
#include "footprint/core/calendar.hpp"
#include "footprint/core/digest.hpp"
#include "footprint/core/error.hpp"
#include "footprint/core/text.hpp"
#include "footprint/statement/statement.hpp"

namespace footprint {

namespace {

using json = nlohmann::json;

constexpr const char* signature_file_format = "footprint-signatures/1";
constexpr const char* algorithm_name = "Ed25519";
constexpr std::size_t max_signer_bytes = 200;
constexpr std::size_t max_signature_file_bytes = std::size_t{4} << 20;
constexpr std::size_t ed25519_key_bytes = 32;
constexpr std::size_t ed25519_signature_bytes = 64;

struct pkey_free {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct bio_free {
    void operator()(BIO* b) const { BIO_free(b); }
};
struct md_ctx_free {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_free>;
using bio_ptr = std::unique_ptr<BIO, bio_free>;
using md_ctx_ptr = std::unique_ptr<EVP_MD_CTX, md_ctx_free>;

source_location at(const std::filesystem::path& file, std::string field = {}) {
    return source_location{file.string(), 0, 0, std::move(field), {}};
}

[[noreturn]] void openssl_failed(const char* what) {
    throw error("footprint.internal", {}, std::string("OpenSSL failed while ") + what);
}

std::string to_hex(const unsigned char* bytes, std::size_t n) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(2 * n, '0');
    for (std::size_t i = 0; i < n; ++i) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 0x0f];
    }
    return out;
}

bool is_lower_hex(std::string_view s, std::size_t length) {
    if (s.size() != length) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

std::optional<std::string> from_hex(std::string_view s) {
    if (s.size() % 2 != 0 || !is_lower_hex(s, s.size())) return std::nullopt;
    auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    std::string out(s.size() / 2, '\0');
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<char>(nibble(s[2 * i]) << 4 | nibble(s[2 * i + 1]));
    return out;
}

std::string read_whole(const std::filesystem::path& file, std::size_t limit, const char* error_id, const char* expected) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw error("footprint.io.read", at(file), "cannot open file", expected);
    std::string text;
    std::array<char, 1 << 14> buf{};
    while (in) {
        in.read(buf.data(), buf.size());
        text.append(buf.data(), static_cast<std::size_t>(in.gcount()));
        if (text.size() > limit)
            throw error(error_id, at(file), "file larger than " + std::to_string(limit) + " bytes", expected);
    }
    if (in.bad()) throw error("footprint.io.read", at(file), "read error", expected);
    return text;
}

/// The 32 raw bytes of an Ed25519 key (public part).
std::string raw_public_key(EVP_PKEY* key) {
    std::array<unsigned char, ed25519_key_bytes> raw{};
    std::size_t n = raw.size();
    if (EVP_PKEY_get_raw_public_key(key, raw.data(), &n) != 1 || n != raw.size()) openssl_failed("reading a public key");
    return std::string(reinterpret_cast<const char*>(raw.data()), n);
}

std::string fingerprint_of_raw(const std::string& raw) { return sha256_hex(raw); }

/// The Ed25519 key in a PEM file: a private key when `want_private`, else a public or private one.
pkey_ptr read_pem_key(const std::filesystem::path& file, bool want_private) {
    const char* expected = want_private ? "an Ed25519 private key (PEM) made by `footprint keys generate`"
                                        : "an Ed25519 key (PEM) made by `footprint keys generate`";
    const std::string text = read_whole(file, 1 << 16, "footprint.signature.key", expected);
    bio_ptr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
    if (!bio) openssl_failed("reading a key");
    pkey_ptr key;
    if (text.find("PRIVATE KEY-----") != std::string::npos) {
        key.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    } else if (!want_private && text.find("-----BEGIN PUBLIC KEY-----") != std::string::npos) {
        key.reset(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    }
    if (!key)
        throw error("footprint.signature.key", at(file),
                    want_private ? "no private key in this file (or it is encrypted)" : "no key in this file", expected);
    if (EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519)
        throw error("footprint.signature.key", at(file), "the key is not an Ed25519 key", expected,
                    EVP_PKEY_get0_type_name(key.get()) ? EVP_PKEY_get0_type_name(key.get()) : "another type");
    return key;
}

std::string pem_of(EVP_PKEY* key, bool private_part) {
    bio_ptr bio(BIO_new(BIO_s_mem()));
    if (!bio) openssl_failed("writing a key");
    const int ok = private_part ? PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)
                                : PEM_write_bio_PUBKEY(bio.get(), key);
    if (ok != 1) openssl_failed("writing a key");
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(n));
}

/// Writes a secret file: created with mode 0600 from the start (never
/// readable by others, whatever the umask), synced, then linked into place,
/// which fails rather than replace an existing file.
void write_private_file(const std::filesystem::path& target, std::string_view content) {
    auto fail = [&](const std::string& what, int err) {
        throw error("footprint.io.write", at(target), what + ": " + io_reason(err), "a new file in a writable folder");
    };
    std::filesystem::path temp = target;
    temp += ".tmp-" + std::to_string(::getpid());
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) fail("cannot create the private key file", errno);
    std::size_t done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int err = errno;
            ::close(fd);
            ::unlink(temp.c_str());
            fail("cannot write the private key file", err);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const int err = errno;
        ::unlink(temp.c_str());
        fail("cannot sync the private key file", err);
    }
    if (::link(temp.c_str(), target.c_str()) != 0) {
        const int err = errno;
        ::unlink(temp.c_str());
        if (err == EEXIST)
            throw error("footprint.signature.key-exists", at(target), "a key file of this name exists; it is never replaced",
                        "a name not used yet, or another --out folder");
        fail("cannot link the private key file into place", err);
    }
    ::unlink(temp.c_str());
    const auto dir = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    if (int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

bool valid_key_name(const std::string& name) {
    if (name.empty() || name.size() > 100 || name.front() == '.') return false;
    for (char c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
    return true;
}

}  // namespace

std::string utc_time_now() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::array<char, 32> buf{};
    std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf.data();
}

bool is_utc_time(std::string_view s) noexcept {
    if (s.size() != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z') return false;
    if (!parse_iso_date(s.substr(0, 10))) return false;
    auto two = [&](std::size_t i, int max) {
        if (!std::isdigit(static_cast<unsigned char>(s[i])) || !std::isdigit(static_cast<unsigned char>(s[i + 1]))) return false;
        return (s[i] - '0') * 10 + (s[i + 1] - '0') <= max;
    };
    return two(11, 23) && two(14, 59) && two(17, 59);
}

namespace {

bool valid_signer(const std::string& s) {
    if (s.empty() || s.size() > max_signer_bytes || !valid_utf8(s)) return false;
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7f) return false;
    return s.front() != ' ' && s.back() != ' ';
}

json record_json(const signature_record& r, bool with_signature) {
    json j{{"algorithm", r.algorithm},   {"key_fingerprint", r.key_fingerprint},   {"role", std::string(role_name(r.role))},
           {"signed_at", r.signed_at},   {"signer", r.signer},                     {"statement_digest", r.statement_digest}};
    if (with_signature) j["signature"] = r.signature;
    return j;
}

/// The statement's recorded digest (empty when it has none) and the digest its content hashes to.
std::pair<std::string, std::string> statement_digests(const std::string& statement_json) {
    const std::string computed = statement_digest(statement_json);  // throws footprint.statement.syntax
    std::string recorded;
    json j = json::parse(statement_json, nullptr, false);
    if (j.is_object())
        if (auto it = j.find("statement_digest"); it != j.end() && it->is_string()) recorded = it->get<std::string>();
    return {recorded, computed};
}

bool ed25519_verify(const std::string& raw_key, const std::string& message, const std::string& signature) {
    pkey_ptr key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                             reinterpret_cast<const unsigned char*>(raw_key.data()), raw_key.size()));
    if (!key) return false;
    md_ctx_ptr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) openssl_failed("verifying");
    return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                            reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
}

std::string short_fingerprint(const std::string& f) { return f.size() > 16 ? f.substr(0, 16) + "…" : f; }

std::string error_id_of(signature_status status) {
    switch (status) {
        case signature_status::ok: return {};
        case signature_status::unknown_key: return "footprint.signature.unknown-key";
        case signature_status::bad_signature: return "footprint.signature.bad-signature";
        case signature_status::digest_mismatch: return "footprint.signature.digest-mismatch";
    }
    return {};
}

}  // namespace

std::string_view role_name(signer_role role) noexcept {
    return role == signer_role::preparer ? "preparer" : "verifier";
}

std::optional<signer_role> parse_role(std::string_view text) noexcept {
    if (text == "preparer") return signer_role::preparer;
    if (text == "verifier") return signer_role::verifier;
    return std::nullopt;
}

std::string_view status_name(signature_status status) noexcept {
    switch (status) {
        case signature_status::ok: return "ok";
        case signature_status::unknown_key: return "unknown-key";
        case signature_status::bad_signature: return "bad-signature";
        case signature_status::digest_mismatch: return "digest-mismatch";
    }
    return "?";
}

signing_key_files generate_signing_key(const std::filesystem::path& dir, const std::string& name) {
    if (!valid_key_name(name))
        throw error("footprint.signature.name", source_location{"<command line>", 0, 0, "--name", {}},
                    "not usable as a key file name",
                    "letters, digits, '-', '_' and '.', not starting with '.', at most 100 bytes", name);
    signing_key_files out;
    out.private_key = dir / (name + ".key.pem");
    out.public_key = dir / (name + ".pub.pem");
    std::error_code ec;
    for (const auto& f : {out.private_key, out.public_key})
        if (std::filesystem::symlink_status(f, ec).type() != std::filesystem::file_type::not_found)
            throw error("footprint.signature.key-exists", at(f), "a key file of this name exists; it is never replaced",
                        "a name not used yet, or another --out folder");
    std::filesystem::create_directories(dir, ec);
    if (ec) throw error("footprint.io.write", at(dir), "cannot create the folder: " + ec.message(), "a writable folder");
    pkey_ptr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
    if (!key) openssl_failed("generating an Ed25519 key");
    write_private_file(out.private_key, pem_of(key.get(), true));
    write_file_atomically(out.public_key, pem_of(key.get(), false));
    out.fingerprint = fingerprint_of_raw(raw_public_key(key.get()));
    return out;
}

std::string key_fingerprint(const std::filesystem::path& pem_file) {
    pkey_ptr key = read_pem_key(pem_file, false);
    return fingerprint_of_raw(raw_public_key(key.get()));
}

std::string signature_message(const signature_record& record) {
    return record_json(record, false).dump(-1, ' ', false, json::error_handler_t::strict);
}

signature_record sign_statement(const std::string& statement_json, const std::filesystem::path& private_key_pem,
                                const sign_request& request) {
    if (!valid_signer(request.signer))
        throw error("footprint.signature.signer", source_location{"<command line>", 0, 0, "--signer", {}},
                    "not usable as a signer's name",
                    "1 to 200 bytes of UTF-8 text without control characters or leading or trailing spaces",
                    request.signer);
    if (!request.time.empty() && !is_utc_time(request.time))
        throw error("footprint.signature.time", source_location{"<command line>", 0, 0, "--time", {}},
                    "not a UTC time", "YYYY-MM-DDTHH:MM:SSZ", request.time);
    const auto [recorded, computed] = statement_digests(statement_json);
    if (recorded != computed)
        throw error("footprint.signature.seal", source_location{request.statement_file, 0, 0, "/statement_digest", {}},
                    "the statement's content does not hash to its recorded digest, so it was changed after it was made; "
                    "only a sealed statement can be signed",
                    computed, recorded);
    pkey_ptr key = read_pem_key(private_key_pem, true);
    signature_record r;
    r.statement_digest = computed;
    r.signer = request.signer;
    r.role = request.role;
    r.signed_at = request.time.empty() ? utc_time_now() : request.time;
    r.key_fingerprint = fingerprint_of_raw(raw_public_key(key.get()));
    const std::string message = signature_message(r);
    md_ctx_ptr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) openssl_failed("signing");
    std::array<unsigned char, ed25519_signature_bytes> sig{};
    std::size_t n = sig.size();
    if (EVP_DigestSign(ctx.get(), sig.data(), &n, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) != 1 ||
        n != sig.size())
        openssl_failed("signing");
    r.signature = to_hex(sig.data(), n);
    return r;
}

std::filesystem::path default_signature_file(const std::filesystem::path& statement) {
    std::filesystem::path p = statement;
    if (p.extension() == ".json") p.replace_extension();
    p += ".sig.json";
    return p;
}

std::string signature_file_text(const std::vector<signature_record>& records) {
    json j{{"format", signature_file_format}, {"signatures", json::array()}};
    for (const auto& r : records) j["signatures"].push_back(record_json(r, true));
    return j.dump(1, ' ', false, json::error_handler_t::strict) + "\n";
}

std::vector<signature_record> parse_signature_file(const std::string& text, const std::string& file) {
    const std::string expected = "a signature file written by `footprint sign`";
    json j;
    try {
        // footprint writes 3 levels; refuse deep nesting while parsing.
        j = json::parse(text, [&](int depth, json::parse_event_t, json&) {
            if (depth > 8) throw error("footprint.signature.file", at(file), "JSON nested too deep", expected);
            return true;
        });
    } catch (const json::exception& e) {
        throw error("footprint.signature.file", at(file), std::string("not valid JSON: ") + e.what(), expected);
    }
    diagnostics problems;
    auto bad = [&](const std::string& field, const std::string& message, const std::string& want, const std::string& found) {
        problems.add("footprint.signature.file", at(file, field), message, want, found);
    };
    if (!j.is_object()) throw error("footprint.signature.file", at(file, "/"), "not a JSON object", expected);
    for (auto it = j.begin(); it != j.end(); ++it)
        if (it.key() != "format" && it.key() != "signatures") bad("/" + it.key(), "unknown field", "format, signatures", it.key());
    if (!j.contains("format") || j["format"] != signature_file_format)
        bad("/format", "not a footprint signature file", signature_file_format,
            j.contains("format") ? j["format"].dump() : "(missing)");
    std::vector<signature_record> out;
    if (!j.contains("signatures") || !j["signatures"].is_array()) {
        bad("/signatures", "missing or not an array", "an array of signatures", {});
        problems.throw_if_any();
    }
    static const std::vector<std::string> fields = {"algorithm", "key_fingerprint", "role", "signature",
                                                    "signed_at", "signer",          "statement_digest"};
    std::size_t index = 0;
    for (const auto& s : j["signatures"]) {
        const std::string path = "/signatures/" + std::to_string(index++);
        if (!s.is_object()) {
            bad(path, "not an object", "a signature record", s.dump());
            continue;
        }
        for (auto it = s.begin(); it != s.end(); ++it)
            if (std::find(fields.begin(), fields.end(), it.key()) == fields.end())
                bad(path + "/" + it.key(), "unknown field", "only the fields footprint writes", it.key());
        auto text_of = [&](const std::string& key) -> std::string {
            if (!s.contains(key) || !s[key].is_string()) {
                bad(path + "/" + key, s.contains(key) ? "not a string" : "missing field", "a string", {});
                return {};
            }
            return s[key].get<std::string>();
        };
        signature_record r;
        r.algorithm = text_of("algorithm");
        r.statement_digest = text_of("statement_digest");
        r.signer = text_of("signer");
        const std::string role = text_of("role");
        r.signed_at = text_of("signed_at");
        r.key_fingerprint = text_of("key_fingerprint");
        r.signature = text_of("signature");
        if (s.contains("algorithm") && r.algorithm != algorithm_name)
            bad(path + "/algorithm", "unsupported algorithm", algorithm_name, r.algorithm);
        if (s.contains("role")) {
            if (auto parsed = parse_role(role)) r.role = *parsed;
            else bad(path + "/role", "unknown role", "preparer or verifier", role);
        }
        if (s.contains("signed_at") && !is_utc_time(r.signed_at))
            bad(path + "/signed_at", "not a UTC time", "YYYY-MM-DDTHH:MM:SSZ", r.signed_at);
        if (s.contains("statement_digest") && !is_lower_hex(r.statement_digest, 64))
            bad(path + "/statement_digest", "not a digest", "64 lower-case hex digits", r.statement_digest);
        if (s.contains("key_fingerprint") && !is_lower_hex(r.key_fingerprint, 64))
            bad(path + "/key_fingerprint", "not a key fingerprint", "64 lower-case hex digits", r.key_fingerprint);
        if (s.contains("signature") && !is_lower_hex(r.signature, 2 * ed25519_signature_bytes))
            bad(path + "/signature", "not an Ed25519 signature", "128 lower-case hex digits", r.signature);
        if (s.contains("signer") && !valid_signer(r.signer))
            bad(path + "/signer", "not usable as a signer's name", "1 to 200 bytes of text without control characters",
                r.signer);
        out.push_back(std::move(r));
    }
    problems.throw_if_any();
    return out;
}

std::vector<signature_record> read_signature_file(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return {};
    return parse_signature_file(
        read_whole(file, max_signature_file_bytes, "footprint.signature.file", "a signature file written by `footprint sign`"),
        file.string());
}

std::size_t append_signature(const std::filesystem::path& file, const signature_record& record) {
    std::vector<signature_record> records = read_signature_file(file);
    for (const auto& r : records)
        if (r.key_fingerprint == record.key_fingerprint && r.role == record.role && r.statement_digest == record.statement_digest)
            throw error("footprint.signature.duplicate", at(file),
                        "this key already signed this statement in this role (by " + r.signer + " at " + r.signed_at + ")",
                        "one signature per key, role and statement", short_fingerprint(record.key_fingerprint));
    records.push_back(record);
    write_file_atomically(file, signature_file_text(records));
    return records.size();
}

std::vector<trusted_key> parse_trusted_keys(const std::string& text, const std::string& file) {
    const std::string expected = "Ed25519 public keys in PEM (`.pub.pem` files made by `footprint keys generate`)";
    std::vector<trusted_key> keys;
    diagnostics problems;
    std::size_t pos = 0;
    std::uint32_t line = 1;
    while (true) {
        const std::size_t begin = text.find("-----BEGIN ", pos);
        if (begin == std::string::npos) break;
        for (std::size_t i = pos; i < begin; ++i) line += text[i] == '\n';
        const std::size_t label_end = text.find("-----", begin + 11);
        const std::string label = label_end == std::string::npos ? "" : text.substr(begin + 11, label_end - begin - 11);
        const std::size_t end_marker = label_end == std::string::npos ? std::string::npos : text.find("-----END " + label + "-----", label_end);
        source_location where{file, line, 1, {}, {}};
        if (end_marker == std::string::npos) {
            problems.add("footprint.signature.trusted", where, "a PEM block without its END line", expected, label);
            break;
        }
        const std::size_t block_end = end_marker + 14 + label.size();
        const std::string block = text.substr(begin, block_end - begin);
        if (label != "PUBLIC KEY") {
            problems.add("footprint.signature.trusted", where,
                         label.find("PRIVATE") != std::string::npos
                             ? "a private key in a trusted-keys file: hand over only the .pub.pem file, and make a new key pair"
                             : "not a public key",
                         expected, label);
        } else {
            bio_ptr bio(BIO_new_mem_buf(block.data(), static_cast<int>(block.size())));
            pkey_ptr key(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr);
            if (!key) {
                problems.add("footprint.signature.trusted", where, "a PUBLIC KEY block OpenSSL cannot read", expected, {});
            } else if (EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
                problems.add("footprint.signature.trusted", where, "not an Ed25519 key", expected,
                             EVP_PKEY_get0_type_name(key.get()) ? EVP_PKEY_get0_type_name(key.get()) : "another type");
            } else {
                trusted_key k;
                k.raw_key = raw_public_key(key.get());
                k.fingerprint = fingerprint_of_raw(k.raw_key);
                k.where = where.str();
                keys.push_back(std::move(k));
            }
        }
        for (std::size_t i = begin; i < block_end; ++i) line += text[i] == '\n';
        pos = block_end;
    }
    if (keys.empty() && problems.empty())
        problems.add("footprint.signature.trusted", source_location{file, 0, 0, {}, {}}, "no public key in this file", expected);
    problems.throw_if_any();
    return keys;
}

std::vector<trusted_key> read_trusted_keys(const std::filesystem::path& file) {
    const char* expected = "Ed25519 public keys in PEM (`.pub.pem` files made by `footprint keys generate`)";
    return parse_trusted_keys(read_whole(file, std::size_t{1} << 20, "footprint.signature.trusted", expected), file.string());
}

bool signatures_report::all_valid() const noexcept {
    if (!sealed() || checks.empty()) return false;
    for (const auto& c : checks)
        if (c.status != signature_status::ok) return false;
    return true;
}

signatures_report verify_signatures(const std::string& statement_json, const std::vector<signature_record>& signatures,
                                    const std::vector<trusted_key>& trusted) {
    signatures_report report;
    std::tie(report.recorded_digest, report.computed_digest) = statement_digests(statement_json);
    for (const auto& r : signatures) {
        signature_check c;
        c.record = r;
        const trusted_key* key = nullptr;
        for (const auto& k : trusted)
            if (k.fingerprint == r.key_fingerprint) key = &k;
        const auto sig = from_hex(r.signature);
        if (key == nullptr) {
            c.status = signature_status::unknown_key;
            c.detail = "key " + r.key_fingerprint + " is not in the trusted keys";
        } else if (r.algorithm != algorithm_name || !sig || sig->size() != ed25519_signature_bytes ||
                   !ed25519_verify(key->raw_key, signature_message(r), *sig)) {
            c.status = signature_status::bad_signature;
            c.detail = "the signature does not match its record (signer, role, time, digest or signature bytes were changed) "
                       "under trusted key " + short_fingerprint(r.key_fingerprint);
        } else if (r.statement_digest != report.computed_digest) {
            c.status = signature_status::digest_mismatch;
            c.detail = "signed statement digest " + r.statement_digest + ", the statement's content hashes to " +
                       report.computed_digest + ": the statement was changed after it was signed";
        }
        c.error_id = error_id_of(c.status);
        report.checks.push_back(std::move(c));
    }
    return report;
}

}  // namespace footprint
