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

}  // namespace

void register_issuance(py::module_& m) {
    py::class_<issuance_signature>(m, "issuance_signature")
        .def_readonly("key_fingerprint", &issuance_signature::key_fingerprint)
        .def_readonly("role", &issuance_signature::role)
        .def_readonly("signer", &issuance_signature::signer)
        .def_readonly("signed_at", &issuance_signature::signed_at);
    py::class_<issuance>(m, "issuance")
        .def_readonly("number", &issuance::number)
        .def_readonly("statement_digest", &issuance::statement_digest)
        .def_readonly("customer", &issuance::customer)
        .def_readonly("period_from", &issuance::period_from)
        .def_readonly("period_to", &issuance::period_to)
        .def_readonly("methodology_id", &issuance::methodology_id)
        .def_readonly("methodology_version", &issuance::methodology_version)
        .def_readonly("issued_t", &issuance::issued_t)
        .def_readonly("reduction_g", &issuance::reduction_g)
        .def_readonly("statement_file", &issuance::statement_file)
        .def_readonly("recorded_at", &issuance::recorded_at)
        .def_readonly("signatures", &issuance::signatures)
        .def("json", &issuance_json);
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
