// footprint._core: the module definition. See register.hpp.

#include "register.hpp"

#include "footprint/core/version.hpp"

PYBIND11_MODULE(_core, m) {
    m.doc() = "footprint's compiled core (private: use the `footprint` package)";
    m.attr("version") = footprint::version;
    footprint::python::register_errors(m);
    footprint::python::register_data(m);
    footprint::python::register_factors(m);
    footprint::python::register_catalog(m);
    footprint::python::register_methodology(m);
    footprint::python::register_engine(m);
    footprint::python::register_statement(m);
}
