#pragma once
// footprint._core: the private compiled module behind the `footprint` Python
// package, registered area by area (one register_*.cpp per area), each area
// its own submodule (`_core.factors`, `_core.engine`, ...; module.cpp). Names are
// the C++ names; the Pythonic face (PascalCase classes, pandas, plots,
// notebooks) is the pure-Python package around it.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "footprint/products/catalog.hpp"
#include "footprint/factors/factor_set.hpp"
#include "footprint/quantities/gwp.hpp"
#include "footprint/statement/statement_guard.hpp"

namespace footprint::python {

namespace py = pybind11;

void register_errors(py::module_& m);
void register_data(py::module_& m);
void register_factors(py::module_& m);
void register_catalog(py::module_& m);
void register_methodology(py::module_& m);
void register_engine(py::module_& m);
void register_statement(py::module_& m);
void register_signature(py::module_& m);
void register_issuance(py::module_& m);
void register_uncertainty(py::module_& m);
void register_statement_uncertainty(py::module_& m);  ///< into the uncertainty submodule
void register_project(py::module_& m);

/// A statement's guard rails (footprint/statement/statement_guard.hpp) with Python's names for the
/// arguments (`period[0]`, `period[1]`, `customer`, `allow_empty=True`), so that a refusal names what
/// the Python caller typed. Defined in register_statement.cpp.
claim_request python_claim(const std::string& name, std::optional<std::string> customer, std::int32_t from_day,
                           std::int32_t to_day, bool allow_empty);

/// The GWP set named `name` ("AR4", "AR5", "AR6"); throws `footprint.plan.options` when unknown.
const gwp_set& gwp_by_name(const std::string& name);

/// A factor set opened from Python: shared, so that a library view of it can keep it alive.
using factor_set_ptr = std::shared_ptr<factor_set>;
using library_ptr = std::shared_ptr<factor_library>;
using catalog_ptr = std::shared_ptr<catalog>;

/// `s` as a Python string literal, for the __repr__ of the compiled types
/// (bytes that are not UTF-8 shown as U+FFFD).
inline std::string quoted(const std::string& s) {
    auto text = py::reinterpret_steal<py::str>(PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace"));
    return py::repr(text).cast<std::string>();
}

/// The first `n` characters of a hex digest, then an ellipsis.
inline std::string short_digest(const std::string& d, std::size_t n = 16) {
    return d.size() <= n ? d : d.substr(0, n) + "\u2026";
}

}  // namespace footprint::python
