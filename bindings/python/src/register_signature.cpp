// Signatures on statements: Ed25519 key pairs, signing, signature files and
// offline verification against trusted keys (footprint/statement/signature.hpp).

#include "register.hpp"

#include "footprint/core/error.hpp"
#include "footprint/statement/signature.hpp"

namespace footprint::python {

namespace {

signer_role role_of(const std::string& text) {
    auto r = parse_role(text);
    if (!r)
        throw error("footprint.signature.role", source_location{"<arguments>", 0, 0, "role", {}}, "unknown role",
                    "preparer or verifier", text);
    return *r;
}

std::string key_files_repr(const signing_key_files& k) {
    return "KeyFiles(private_key=" + quoted(k.private_key.string()) + ", public_key=" + quoted(k.public_key.string()) +
           ", fingerprint=" + quoted(short_digest(k.fingerprint)) + ")";
}

std::string signature_repr(const signature_record& r) {
    return "Signature(" + quoted(r.signer) + ", role=" + quoted(std::string(role_name(r.role))) + ", signed_at=" +
           quoted(r.signed_at) + ", key=" + quoted(short_digest(r.key_fingerprint)) + ")";
}

std::string trusted_key_repr(const trusted_key& k) {
    return "TrustedKey(" + quoted(short_digest(k.fingerprint)) + ", " + quoted(k.where) + ")";
}

std::string signature_check_repr(const signature_check& c) {
    std::string out = "SignatureCheck(" + quoted(std::string(status_name(c.status))) + ", signer=" +
                      quoted(c.record.signer) + ", role=" + quoted(std::string(role_name(c.record.role)));
    if (!c.detail.empty()) out += ", detail=" + quoted(c.detail);
    return out + ")";
}

std::string signatures_report_repr(const signatures_report& r) {
    std::string checks;
    for (const auto& c : r.checks) checks += (checks.empty() ? "" : ", ") + quoted(std::string(status_name(c.status)));
    return std::string("SignaturesReport(all_valid=") + (r.all_valid() ? "True" : "False") +
           ", sealed=" + (r.sealed() ? "True" : "False") + ", checks=[" + checks + "])";
}

}  // namespace

void register_signature(py::module_& m) {
    py::class_<signing_key_files>(m, "signing_key_files", "The two files of a key pair and its fingerprint (footprint::signing_key_files).")
        .def("__repr__", &key_files_repr)
        .def_readonly("private_key", &signing_key_files::private_key, "DIR/NAME.key.pem (PKCS #8, mode 0600).")
        .def_readonly("public_key", &signing_key_files::public_key, "DIR/NAME.pub.pem (SubjectPublicKeyInfo).")
        .def_readonly("fingerprint", &signing_key_files::fingerprint, "SHA-256 of the raw public key, 64 hex digits.");
    m.def("generate_signing_key", &generate_signing_key, py::arg("dir"), py::arg("name"));
    m.def("key_fingerprint", &key_fingerprint, py::arg("pem_file"));

    py::class_<signature_record>(m, "signature_record", "One signature of a signature file (footprint::signature_record).")
        .def("__repr__", &signature_repr)
        .def_readonly("algorithm", &signature_record::algorithm, "'Ed25519'.")
        .def_readonly("statement_digest", &signature_record::statement_digest, "The digest of the statement signed.")
        .def_readonly("signer", &signature_record::signer, "Who signed, as they name themselves.")
        .def_property_readonly("role", [](const signature_record& r) { return std::string(role_name(r.role)); }, "'preparer' or 'verifier'.")
        .def_readonly("signed_at", &signature_record::signed_at, "UTC YYYY-MM-DDTHH:MM:SSZ.")
        .def_readonly("key_fingerprint", &signature_record::key_fingerprint, "SHA-256 of the signing key's raw public key, hex.")
        .def_readonly("signature", &signature_record::signature, "The Ed25519 signature, 128 hex digits.")
        .def("message", &signature_message, "The bytes signed: the record without its signature, as compact JSON.");

    m.def(
        "sign_statement",
        [](const std::string& statement_json, const std::filesystem::path& private_key_pem, const std::string& signer,
           const std::string& role, const std::string& time, const std::string& statement_file) {
            sign_request req;
            req.signer = signer;
            req.role = role_of(role);
            req.time = time;
            req.statement_file = statement_file;
            return sign_statement(statement_json, private_key_pem, req);
        },
        py::arg("statement_json"), py::arg("private_key_pem"), py::arg("signer"), py::arg("role"),
        py::arg("time") = "", py::arg("statement_file") = "<statement>");
    m.def("default_signature_file", &default_signature_file, py::arg("statement"));
    m.def("signature_file_text", &signature_file_text, py::arg("records"));
    m.def("parse_signature_file", &parse_signature_file, py::arg("text"), py::arg("file"));
    m.def("read_signature_file", &read_signature_file, py::arg("file"));
    m.def("append_signature", &append_signature, py::arg("file"), py::arg("record"));

    py::class_<trusted_key>(m, "trusted_key", "A trusted public key read from a PEM file.")
        .def("__repr__", &trusted_key_repr)
        .def_readonly("fingerprint", &trusted_key::fingerprint, "SHA-256 of the raw public key, hex.")
        .def_readonly("where", &trusted_key::where, "The file (and position) it was read from.");
    m.def("parse_trusted_keys", &parse_trusted_keys, py::arg("text"), py::arg("file"));
    m.def("read_trusted_keys", &read_trusted_keys, py::arg("file"));

    py::class_<signature_check>(m, "signature_check", "What became of one signature (footprint::signature_check).")
        .def("__repr__", &signature_check_repr)
        .def_readonly("record", &signature_check::record, "The signature checked.")
        .def_property_readonly("status", [](const signature_check& c) { return std::string(status_name(c.status)); }, "'ok', 'unknown-key', 'bad-signature' or 'digest-mismatch'.")
        .def_readonly("error_id", &signature_check::error_id, "footprint.signature.<status>; empty when ok.")
        .def_readonly("detail", &signature_check::detail, "One sentence naming what failed; empty when ok.");
    py::class_<signatures_report>(m, "signatures_report", "Every signature of a statement checked (footprint::signatures_report).")
        .def("__repr__", &signatures_report_repr)
        .def_readonly("recorded_digest", &signatures_report::recorded_digest, "The statement's recorded digest.")
        .def_readonly("computed_digest", &signatures_report::computed_digest, "What its content hashes to now.")
        .def_readonly("checks", &signatures_report::checks, "One SignatureCheck per signature, in file order.")
        .def_property_readonly("sealed", &signatures_report::sealed, "True when the content hashes to the recorded digest.")
        .def_property_readonly("all_valid", &signatures_report::all_valid, "Sealed, at least one signature, and every one ok.");
    m.def("verify_signatures", &verify_signatures, py::arg("statement_json"), py::arg("signatures"), py::arg("trusted"));
}

}  // namespace footprint::python
