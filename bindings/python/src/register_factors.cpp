// Factor sets and factor look-ups: footprint::factor_set, factor_library,
// emission_factor, factor_match.

#include "register.hpp"

#include "footprint/factors/factor_library.hpp"
#include "footprint/factors/factor_set.hpp"

namespace footprint::python {

namespace {

py::dict source_dict(const source_record& s) {
    return py::dict(py::arg("id") = s.id, py::arg("publisher") = s.publisher, py::arg("title") = s.title,
                    py::arg("year") = s.year, py::arg("url") = s.url, py::arg("licence") = s.licence);
}

py::object lookup_result(const factor_match& fm) {
    py::list shadowed;
    for (const emission_factor* f : fm.shadowed) shadowed.append(f->id);
    return py::dict(py::arg("factor") = *fm.factor, py::arg("path") = fm.path, py::arg("exact") = fm.exact,
                    py::arg("layer") = fm.layer, py::arg("shadowed") = shadowed);
}

}  // namespace

void register_factors(py::module_& m) {
    py::class_<factor_set_info>(m, "factor_set_info")
        .def_readonly("format", &factor_set_info::format)
        .def_readonly("name", &factor_set_info::name)
        .def_readonly("version", &factor_set_info::version)
        .def_readonly("digest", &factor_set_info::digest)
        .def_readonly("gwp_default", &factor_set_info::gwp_default)
        .def_readonly("software_version", &factor_set_info::software_version)
        .def_property_readonly("created_from", [](const factor_set_info& i) {
            py::list out;
            for (const auto& c : i.created_from) out.append(py::make_tuple(c.path, c.sha256));
            return out;
        });

    py::class_<emission_factor>(m, "emission_factor")
        .def_readonly("id", &emission_factor::id)
        .def_readonly("name", &emission_factor::name)
        .def_readonly("activity", &emission_factor::activity)
        .def_property_readonly("activity_unit", [](const emission_factor& f) { return f.activity_unit.text; })
        .def_readonly("value", &emission_factor::value)
        .def_property_readonly("unit", [](const emission_factor& f) { return f.unit.text; })
        .def_readonly("co2e_per_activity", &emission_factor::co2e_per_activity)
        .def_property_readonly("gases", [](const emission_factor& f) {
            py::list out;
            for (const auto& g : f.gases) out.append(py::make_tuple(std::string(gas_name(g.gas)), g.per_activity, g.as_written));
            return out;
        })
        .def_readonly("gwp_assumed", &emission_factor::gwp_assumed)
        .def_readonly("scope", &emission_factor::scope)
        .def_readonly("fossil", &emission_factor::fossil)
        .def_readonly("region", &emission_factor::region)
        .def_readonly("year_first", &emission_factor::year_first)
        .def_readonly("year_last", &emission_factor::year_last)
        .def_property_readonly("source", [](const emission_factor& f) { return f.cited.source_id; })
        .def_property_readonly("table", [](const emission_factor& f) { return f.cited.table; })
        .def_property_readonly("assumption", [](const emission_factor& f) { return f.cited.assumption; })
        .def_property_readonly("quality", [](const emission_factor& f) {
            return py::make_tuple(f.quality.technological, f.quality.geographical, f.quality.temporal);
        })
        .def_property_readonly("uncertainty", [](const emission_factor& f) -> py::object {
            if (!f.uncertainty) return py::none();
            return py::dict(py::arg("distribution") = f.uncertainty->distribution, py::arg("low") = f.uncertainty->low,
                            py::arg("high") = f.uncertainty->high, py::arg("sd") = f.uncertainty->sd);
        })
        .def_readonly("notes", &emission_factor::notes)
        .def_property_readonly("file", [](const emission_factor& f) { return f.where.file; })
        .def_property_readonly("line", [](const emission_factor& f) { return f.where.line; })
        .def("kg_co2e_per_activity_unit",
             [](const emission_factor& f, const std::string& gwp) { return f.kg_co2e_per_activity_unit(gwp_by_name(gwp)); },
             py::arg("gwp") = "AR6")
        .def("valid_in", &emission_factor::valid_in);

    py::class_<factor_library, library_ptr>(m, "factor_library")
        .def("find", [](const factor_library& l, const std::string& id) -> py::object {
            const emission_factor* f = l.find(id);
            return f ? py::cast(*f) : py::none();
        })
        .def(
            "lookup",
            [](const factor_library& l, const std::string& activity, const std::string& region, int year,
               const std::string& scope) { return lookup_result(l.lookup(factor_query{activity, region, year, scope})); },
            py::arg("activity"), py::arg("region"), py::arg("year"), py::arg("scope") = "")
        .def("search", [](const factor_library& l, const std::string& text) {
            std::vector<emission_factor> out;
            for (const emission_factor* f : l.search(text)) out.push_back(*f);
            return out;
        })
        .def("factors", [](const factor_library& l) {
            std::vector<emission_factor> out;
            for (const emission_factor* f : l.sorted_by_id()) out.push_back(*f);
            return out;
        })
        .def("layers", [](const factor_library& l) {
            py::list out;
            for (const auto& x : l.layers())
                out.append(py::dict(py::arg("name") = x.name, py::arg("version") = x.version, py::arg("digest") = x.digest,
                                    py::arg("origin") = x.origin));
            return out;
        })
        .def("layer_of", [](const factor_library& l, const std::string& id) -> py::object {
            const emission_factor* f = l.find(id);
            return f ? py::cast(l.layer_of(*f)) : py::none();
        })
        .def("regions", [](const factor_library& l) {
            py::list out;
            for (const auto& [id, r] : l.regions().all())
                out.append(py::dict(py::arg("id") = r.id, py::arg("name") = r.name, py::arg("parent") = r.parent));
            return out;
        })
        .def("region_chain", [](const factor_library& l, const std::string& id) { return l.regions().chain(id); })
        .def("sources", [](const factor_library& l) {
            py::list out;
            for (const auto& [id, s] : l.sources()) out.append(source_dict(s));
            return out;
        })
        .def("written", [](const factor_library& l, const std::string& id) -> py::object {
            const emission_factor* f = l.find(id);
            if (!f) return py::none();
            const written_numbers& w = l.written(*f);
            return py::dict(py::arg("value") = w.value, py::arg("gases") = w.gases);
        })
        .def("__len__", [](const factor_library& l) { return l.factors().size(); });

    py::class_<factor_set, factor_set_ptr>(m, "factor_set")
        .def_static(
            "open",
            [](const std::filesystem::path& file) {
                py::gil_scoped_release release;
                return std::make_shared<factor_set>(factor_set::open(file));
            },
            py::arg("file"))
        .def_property_readonly("info", &factor_set::info)
        .def_property_readonly("file", &factor_set::file)
        .def_property_readonly("default_gwp", [](const factor_set& s) { return std::string(s.default_gwp().name); })
        // The set's library, kept alive by the set (an aliasing pointer: no copy).
        .def("library", [](const factor_set_ptr& s) {
            return library_ptr(s, const_cast<factor_library*>(&s->library()));
        })
        .def("canonical_serialisation", [](const factor_set& s) { return py::bytes(canonical_serialisation(s)); });

    m.def(
        "build_factor_set",
        [](const std::filesystem::path& dir, const std::filesystem::path& out, const std::string& name,
           const std::string& version, const std::string& gwp_default) {
            factor_set_build_options o;
            o.name = name;
            o.version = version;
            o.gwp_default = gwp_default;
            py::gil_scoped_release release;
            return build_factor_set(dir, out, o);
        },
        py::arg("directory"), py::arg("output"), py::arg("name") = "footprint-default", py::arg("version") = "",
        py::arg("gwp_default") = "AR6");

    m.def("stack_factor_sets", [](const factor_set_ptr& base, const std::vector<factor_set_ptr>& overlays) {
        std::vector<const factor_set*> tops;
        for (const auto& o : overlays) tops.push_back(o.get());
        return std::make_shared<factor_library>(stack_factor_sets(*base, tops));
    });

    m.def("load_factor_directory", [](const std::filesystem::path& dir) {
        return std::make_shared<factor_library>(load_factor_directory(dir));
    });
}

}  // namespace footprint::python
