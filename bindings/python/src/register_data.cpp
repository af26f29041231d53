// Where the bundled data is, sample shipments, GWP sets and units.

#include "register.hpp"

#include "footprint/core/data_paths.hpp"
#include "footprint/core/error.hpp"
#include "footprint/core/number_text.hpp"
#include "footprint/ingest/sample_data.hpp"
#include "footprint/render/statement_render.hpp"
#include "footprint/quantities/unit_registry.hpp"

namespace footprint::python {

const gwp_set& gwp_by_name(const std::string& name) {
    if (const gwp_set* g = find_gwp_set(name)) return *g;
    throw error("footprint.plan.options", source_location{"<python>", 0, 0, "gwp", {}}, "unknown GWP set",
                "AR4, AR5 or AR6", name);
}

void register_data(py::module_& m) {
    m.def("default_data_dir", &default_data_dir,
          "FOOTPRINT_DATA_DIR if set, else the installed share/footprint");
    m.def("default_factor_set_path", &default_factor_set_path,
          "<data dir>/factor-sets/footprint-default.sqlite");
    m.def("gwp_sets", [] {
        py::list out;
        for (const gwp_set* g : {&gwp_ar4, &gwp_ar5, &gwp_ar6}) {
            py::dict values;
            for (gas_id gas : all_gases) values[py::str(std::string(gas_name(gas)))] = g->gwp(gas);
            out.append(py::dict(py::arg("name") = std::string(g->name), py::arg("source") = std::string(g->source),
                                py::arg("values") = values));
        }
        return out;
    });

    m.def(
        "write_sample_shipments",
        [](const std::filesystem::path& path, std::uint64_t rows, std::uint64_t seed, bool defects, int first_year,
           int first_month, int months) {
            sample_options o;
            o.rows = rows;
            o.seed = seed;
            o.defects = defects;
            o.first_year = first_year;
            o.first_month = first_month;
            o.months = months;
            std::vector<seeded_defect> seeded;
            {
                py::gil_scoped_release release;
                seeded = write_sample_shipments(path, o);
            }
            py::list out;
            for (const auto& d : seeded) out.append(py::make_tuple(d.line, d.error_id, d.description));
            return out;
        },
        py::arg("path"), py::arg("rows") = 1000, py::arg("seed") = 20200601, py::arg("defects") = false,
        py::arg("first_year") = 2020, py::arg("first_month") = 6, py::arg("months") = 14);
    m.def("sample_shipments_header", &sample_shipments_header);

    // A unit string: its factor to coherent units and its dimension, in words.
    m.def("parse_unit", [](const std::string& text) {
        unit_spec u = parse_unit(text, source_location{"<python>", 0, 0, "unit", {}});
        return py::make_tuple(u.text, u.to_coherent, u.dimension_name());
    });
    m.def("find_chromium", &find_chromium);
    // The shortest text that reads back as the same double, as the library prints numbers.
    m.def("shortest_text", &shortest_text);
}

}  // namespace footprint::python
