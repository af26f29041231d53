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

}  // namespace

void register_signature(py::module_& m) {
    py::class_<signing_key_files>(m, "signing_key_files")
        .def_readonly("private_key", &signing_key_files::private_key)
        .def_readonly("public_key", &signing_key_files::public_key)
        .def_readonly("fingerprint", &signing_key_files::fingerprint);
    m.def("generate_signing_key", &generate_signing_key, py::arg("dir"), py::arg("name"));
    m.def("key_fingerprint", &key_fingerprint, py::arg("pem_file"));

    py::class_<signature_record>(m, "signature_record")
        .def_readonly("algorithm", &signature_record::algorithm)
        .def_readonly("statement_digest", &signature_record::statement_digest)
        .def_readonly("signer", &signature_record::signer)
        .def_property_readonly("role", [](const signature_record& r) { return std::string(role_name(r.role)); })
        .def_readonly("signed_at", &signature_record::signed_at)
        .def_readonly("key_fingerprint", &signature_record::key_fingerprint)
        .def_readonly("signature", &signature_record::signature)
        .def("message", &signature_message);

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

    py::class_<trusted_key>(m, "trusted_key")
        .def_readonly("fingerprint", &trusted_key::fingerprint)
        .def_readonly("where", &trusted_key::where);
    m.def("parse_trusted_keys", &parse_trusted_keys, py::arg("text"), py::arg("file"));
    m.def("read_trusted_keys", &read_trusted_keys, py::arg("file"));

    py::class_<signature_check>(m, "signature_check")
        .def_readonly("record", &signature_check::record)
        .def_property_readonly("status", [](const signature_check& c) { return std::string(status_name(c.status)); })
        .def_readonly("error_id", &signature_check::error_id)
        .def_readonly("detail", &signature_check::detail);
    py::class_<signatures_report>(m, "signatures_report")
        .def_readonly("recorded_digest", &signatures_report::recorded_digest)
        .def_readonly("computed_digest", &signatures_report::computed_digest)
        .def_readonly("checks", &signatures_report::checks)
        .def_property_readonly("sealed", &signatures_report::sealed)
        .def_property_readonly("all_valid", &signatures_report::all_valid);
    m.def("verify_signatures", &verify_signatures, py::arg("statement_json"), py::arg("signatures"), py::arg("trusted"));
}

}  // namespace footprint::python
