// footprint._core: the module definition. See register.hpp.

#include "register.hpp"

#include <string>

#include "footprint/core/version.hpp"

namespace {

namespace py = pybind11;

/// One area of the compiled module: a submodule and the function that registers it.
struct area {
    const char* name;
    const char* doc;
    void (*register_area)(py::module_&);
    bool had_flat_names = true;  ///< its names were flat in 0.x (areas added since have none to keep)
};

// In the order of the flow; a later area may use the types of an earlier one.
constexpr area areas[] = {
    {"errors", "footprint::error as footprint.Error", footprint::python::register_errors},
    {"data", "the bundled data, sample shipments, GWP sets and units", footprint::python::register_data},
    {"factors", "emission factors, factor sets and their stacks", footprint::python::register_factors},
    {"catalog", "the packaging catalog and product footprints", footprint::python::register_catalog},
    {"methodology", "methodologies: parameters, equations, documents", footprint::python::register_methodology},
    {"engine", "bound plans and the column-wise compute over frames", footprint::python::register_engine},
    {"statement", "statements: building, digests, verification, renderings", footprint::python::register_statement},
    {"signature", "Ed25519 signatures on statements, signature files, trusted keys", footprint::python::register_signature, false},
    {"issuance", "the issuance register: what was issued, for whom, for which period", footprint::python::register_issuance, false},
    {"uncertainty", "Monte Carlo and sensitivity of product footprints and statements", footprint::python::register_uncertainty,
     false},
    {"project", "CCER projects: project files, ex-ante estimates, monitoring reports", footprint::python::register_project,
     false},
};

/// The flat names of 0.x (`_core.compute_frame`, ...), kept one release as
/// deprecated aliases of `_core.<area>.<name>`: a module `__getattr__` (PEP 562)
/// warns and forwards. A name equal to an area's (`catalog`, `methodology`)
/// is the submodule now.
void add_deprecated_flat_names(py::module_& m) {
    py::dict moved;
    for (const area& a : areas) {
        if (!a.had_flat_names) continue;
        py::dict names = m.attr(a.name).attr("__dict__");
        for (const auto& item : names) {
            auto name = item.first.cast<std::string>();
            if (name.rfind("__", 0) == 0 || py::hasattr(m, name.c_str())) continue;
            moved[py::str(name)] = py::str(a.name);
        }
    }
    m.attr("_deprecated_flat_names") = moved;
    py::handle module = m;  // the module outlives its own __getattr__
    m.def("__getattr__", [module, moved](const std::string& name) -> py::object {
        if (!moved.contains(name))
            throw py::attribute_error("module 'footprint._core' has no attribute '" + name + "'");
        const auto in = moved[py::str(name)].cast<std::string>();
        const std::string warning = "footprint._core." + name + " is deprecated; use footprint._core." + in + "." +
                                    name + " (the flat names are removed in the next release)";
        if (PyErr_WarnEx(PyExc_DeprecationWarning, warning.c_str(), 1) != 0) throw py::error_already_set();
        return module.attr(in.c_str()).attr(name.c_str());
    });
}

}  // namespace

PYBIND11_MODULE(_core, m) {
    m.doc() = "footprint's compiled core (private: use the `footprint` package), one submodule per area";
    m.attr("version") = footprint::version;
    // One submodule per area, as boost-histogram registers axis, storage and hist.
    for (const area& a : areas) {
        py::module_ sub = m.def_submodule(a.name, a.doc);
        a.register_area(sub);
    }
    add_deprecated_flat_names(m);
}
