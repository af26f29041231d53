// Factor sets and factor look-ups: footprint::factor_set, factor_library,
// emission_factor, factor_match.

#include "register.hpp"

#include "footprint/factors/factor_library.hpp"
#include "footprint/factors/factor_set.hpp"
#include "footprint/core/number_text.hpp"

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

/// Factor('ipcc2006.diesel.road.per-tj', 74100 kg CO2/TJ, GLO 2006-2023, source='ipcc2006-v2-ch3'):
/// the value as written; for a factor given gas by gas, its kg CO2e per activity unit under AR6.
std::string factor_repr(const emission_factor& f) {
    std::string value = f.value != 0 || f.gases.empty()
                            ? shortest_text(f.value) + " " + f.unit.text
                            : shortest_text(f.kg_co2e_per_activity_unit(gwp_by_name("AR6"))) + " kg CO2e/" +
                                  f.activity_unit.text + " (AR6)";
    std::string years = std::to_string(f.year_first);
    if (f.year_last != f.year_first) years += "-" + std::to_string(f.year_last);
    return "Factor(" + quoted(f.id) + ", " + value + ", " + f.region + " " + years + ", source=" +
           quoted(f.cited.source_id) + ")";
}

std::string factor_set_info_repr(const factor_set_info& i) {
    return "FactorSetInfo(" + quoted(i.name) + ", " + quoted(i.version) + ", digest=" + quoted(short_digest(i.digest)) +
           ", gwp_default=" + quoted(i.gwp_default) + ")";
}

}  // namespace

void register_factors(py::module_& m) {
    py::class_<factor_set_info>(m, "factor_set_info", "What a factor set says about itself (footprint::factor_set_info): name, version, digest.")
        .def("__repr__", &factor_set_info_repr)
        .def_readonly("format", &factor_set_info::format, "The file format version of the set.")
        .def_readonly("name", &factor_set_info::name, "The set's name, e.g. 'footprint-default'.")
        .def_readonly("version", &factor_set_info::version, "The set's version, as given when it was built.")
        .def_readonly("digest", &factor_set_info::digest, "SHA-256 (hex) of the set's canonical content: what statements record.")
        .def_readonly("gwp_default", &factor_set_info::gwp_default, "The GWP set used when a caller names none ('AR4', 'AR5' or 'AR6').")
        .def_readonly("software_version", &factor_set_info::software_version, "The footprint version that built the set.")
        .def_property_readonly("created_from", [](const factor_set_info& i) {
            py::list out;
            for (const auto& c : i.created_from) out.append(py::make_tuple(c.path, c.sha256));
            return out;
        }, "The YAML files the set was built from: (path, sha256) pairs.");

    py::class_<emission_factor>(m, "emission_factor", "An emission factor (footprint::emission_factor), read-only: value as written, region, years, source and table.")
        .def("__repr__", &factor_repr)
        .def_readonly("id", &emission_factor::id, "The factor's id, e.g. 'ipcc2006.diesel.road.per-tj'.")
        .def_readonly("name", &emission_factor::name, "A readable name.")
        .def_readonly("activity", &emission_factor::activity, "The activity it applies to, e.g. 'electricity.grid'.")
        .def_property_readonly("activity_unit", [](const emission_factor& f) { return f.activity_unit.text; }, "The unit of activity (the denominator of `unit`), e.g. 'kWh'.")
        .def_readonly("value", &emission_factor::value, "The number as written in the source file (0 for a factor given gas by gas).")
        .def_property_readonly("unit", [](const emission_factor& f) { return f.unit.text; }, "The unit as written, e.g. 't CO2/MWh'.")
        .def_readonly("co2e_per_activity", &emission_factor::co2e_per_activity, "kg CO2e per coherent activity unit when the source gives CO2e (else None).")
        .def_property_readonly("gases", [](const emission_factor& f) {
            py::list out;
            for (const auto& g : f.gases) out.append(py::make_tuple(std::string(gas_name(g.gas)), g.per_activity, g.as_written));
            return out;
        }, "Per gas: (gas, kg per coherent activity unit, number as written).")
        .def_readonly("gwp_assumed", &emission_factor::gwp_assumed, "The GWP set a CO2e value assumes (may be empty).")
        .def_readonly("scope", &emission_factor::scope, "The scope: cradle-to-gate, combustion, wtw, ...")
        .def_readonly("fossil", &emission_factor::fossil, "False for biogenic emissions.")
        .def_readonly("region", &emission_factor::region, "The region it holds for: GLO, CN, CN-East, ...")
        .def_readonly("year_first", &emission_factor::year_first, "First year it holds for.")
        .def_readonly("year_last", &emission_factor::year_last, "Last year it holds for.")
        .def_property_readonly("source", [](const emission_factor& f) { return f.cited.source_id; }, "The id of its source (factor set sources()).")
        .def_property_readonly("table", [](const emission_factor& f) { return f.cited.table; }, "The table (or page) of the source it comes from.")
        .def_property_readonly("assumption", [](const emission_factor& f) { return f.cited.assumption; }, "The assumption it rests on, when it is not read from a source.")
        .def_property_readonly("quality", [](const emission_factor& f) {
            return py::make_tuple(f.quality.technological, f.quality.geographical, f.quality.temporal);
        }, "Data-quality ratings (technological, geographical, temporal), 1 best to 5, 0 not rated.")
        .def_property_readonly("uncertainty", [](const emission_factor& f) -> py::object {
            if (!f.uncertainty) return py::none();
            return py::dict(py::arg("distribution") = f.uncertainty->distribution, py::arg("low") = f.uncertainty->low,
                            py::arg("high") = f.uncertainty->high, py::arg("sd") = f.uncertainty->sd);
        }, "The uncertainty the source states (distribution, low, high, sd), or None.")
        .def_readonly("notes", &emission_factor::notes, "Free-text notes.")
        .def_property_readonly("file", [](const emission_factor& f) { return f.where.file; }, "The YAML file it was read from.")
        .def_property_readonly("line", [](const emission_factor& f) { return f.where.line; }, "The line of that file.")
        .def("kg_co2e_per_activity_unit",
             [](const emission_factor& f, const std::string& gwp) { return f.kg_co2e_per_activity_unit(gwp_by_name(gwp)); },
             py::arg("gwp") = "AR6", "kg CO2e per activity unit (per kWh, per t, ...) under the GWP set `gwp`.")
        .def("valid_in", &emission_factor::valid_in, "True when the factor holds for the year given.");

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
