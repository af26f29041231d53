// The issuance register: what was issued, for whom, for which period
// (footprint/statement/issuance_register.hpp).

#include "register.hpp"

#include "footprint/statement/issuance_register.hpp"

namespace footprint::python {

namespace {

/// A diagnostic as the tuple footprint.Error._from_core reads.
py::tuple problem_tuple(const diagnostic& d) {
    return py::make_tuple(d.id, d.message, d.expected, d.found, d.where.file, d.where.line, d.where.column,
                          d.where.field, d.where.shipment);
}

std::string issuance_signature_repr(const issuance_signature& s) {
    return "IssuanceSignature(" + quoted(s.signer) + ", role=" + quoted(s.role) + ", signed_at=" + quoted(s.signed_at) +
           ", key=" + quoted(short_digest(s.key_fingerprint)) + ")";
}

/// Issuance(3, 'chem-jiangsu-01', 2020-06-01..2021-07-31, 280704 t, 'reusable-packaging-reduction' 2.2.0, digest='...')
std::string issuance_repr(const issuance& i) {
    return "Issuance(" + std::to_string(i.number) + ", " + quoted(i.customer) + ", " + i.period_from + ".." +
           i.period_to + ", " + std::to_string(i.issued_t) + " t, " + quoted(i.methodology_id) + " " +
           i.methodology_version + ", digest=" + quoted(short_digest(i.statement_digest)) + ")";
}

}  // namespace

void register_issuance(py::module_& m) {
    py::class_<issuance_signature>(m, "issuance_signature", "A signature as the issuance register records it.")
        .def("__repr__", &issuance_signature_repr)
        .def_readonly("key_fingerprint", &issuance_signature::key_fingerprint, "SHA-256 of the signing key's raw public key, hex.")
        .def_readonly("role", &issuance_signature::role, "'preparer' or 'verifier'.")
        .def_readonly("signer", &issuance_signature::signer, "Who signed.")
        .def_readonly("signed_at", &issuance_signature::signed_at, "When, UTC YYYY-MM-DDTHH:MM:SSZ.");
    py::class_<issuance>(m, "issuance", "One issued statement (footprint::issuance); json() gives it as `footprint register show --json`.")
        .def("__repr__", &issuance_repr)
        .def_readonly("number", &issuance::number, "1, 2, ... in the order recorded.")
        .def_readonly("statement_digest", &issuance::statement_digest, "The statement's digest.")
        .def_readonly("customer", &issuance::customer, "The customer id.")
        .def_readonly("period_from", &issuance::period_from, "First day of the period, YYYY-MM-DD.")
        .def_readonly("period_to", &issuance::period_to, "Last day of the period (inclusive), YYYY-MM-DD.")
        .def_readonly("methodology_id", &issuance::methodology_id, "The methodology's id.")
        .def_readonly("methodology_version", &issuance::methodology_version, "The methodology's version.")
        .def_readonly("issued_t", &issuance::issued_t, "Whole tonnes CO2e issued (the statement's issuable_t).")
        .def_readonly("reduction_g", &issuance::reduction_g, "The statement's reduction in grams CO2e.")
        .def_readonly("statement_file", &issuance::statement_file, "The file it was registered from (information only).")
        .def_readonly("recorded_at", &issuance::recorded_at, "When it was recorded, UTC YYYY-MM-DDTHH:MM:SSZ.")
        .def_readonly("signatures", &issuance::signatures, "The signatures recorded with it.")
        .def("json", &issuance_json, "The issuance as JSON text, as the command's --json writes it.");
    m.def("issuance_of_statement", &issuance_of_statement, py::arg("statement_json"), py::arg("file"));

    py::class_<issuance_register>(m, "issuance_register")
        .def(py::init<const std::filesystem::path&, bool>(), py::arg("file"), py::arg("create"))
        .def("add", &issuance_register::add, py::arg("statement_json"), py::arg("statement_file"),
             py::arg("signatures"), py::arg("recorded_at") = "")
        .def("list", &issuance_register::list, py::arg("customer") = std::nullopt)
        .def("show", &issuance_register::show, py::arg("digest"))
        .def_property_readonly("file", &issuance_register::file);

    py::class_<register_check>(m, "register_check")
        .def_readonly("statement", &register_check::statement)
        .def_readonly("issued", &register_check::issued)
        .def_readonly("overlapping", &register_check::overlapping)
        .def_property_readonly("problems",
                               [](const register_check& c) {
                                   py::list out;
                                   for (const auto& d : c.problems) out.append(problem_tuple(d));
                                   return out;
                               })
        .def_property_readonly("ok", &register_check::ok);
    m.def("check_issued", &check_issued, py::arg("register"), py::arg("statement_json"), py::arg("file"));
    m.def("register_json", &register_json, py::arg("issuances"));
    m.def("register_csv", &register_csv, py::arg("issuances"));
}

}  // namespace footprint::python
