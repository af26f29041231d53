// footprint::error → footprint.Error (a Python exception keeping the id and
// every problem with its location). The exception class is pure Python
// (footprint/_errors.py) so that it pickles (Dask sends it from workers) and
// can be raised by the Python face for problems it finds itself.

#include "register.hpp"

#include "footprint/core/error.hpp"

namespace footprint::python {

namespace {

py::tuple diagnostic_tuple(const diagnostic& d) {
    return py::make_tuple(d.id, d.message, d.expected, d.found, d.where.file, d.where.line, d.where.column,
                          d.where.field, d.where.shipment);
}

}  // namespace

void register_errors(py::module_& m) {
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const footprint::error& e) {
            try {
                py::list problems;
                for (const auto& d : e.problems()) problems.append(diagnostic_tuple(d));
                py::object cls = py::module_::import("footprint._errors").attr("Error");
                py::object instance = cls.attr("_from_core")(problems);
                PyErr_SetObject(cls.ptr(), instance.ptr());
            } catch (py::error_already_set& inner) {
                inner.restore();  // the package itself is broken: say so rather than hide it
            }
        }
    });
    // For tests of the translation itself.
    m.def("_raise_error", [](const std::string& id, const std::string& file, std::uint32_t line,
                             std::uint32_t column, const std::string& field, const std::string& shipment,
                             const std::string& message, const std::string& expected, const std::string& found) {
        throw footprint::error(id, source_location{file, line, column, field, shipment}, message, expected, found);
    });
}

}  // namespace footprint::python
