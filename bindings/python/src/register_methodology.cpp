// Methodologies as data: loading, checking structure, and the readable
// document (methodology_document.hpp) in Markdown or HTML.

#include "register.hpp"

#include "footprint/methodology/methodology.hpp"
#include "footprint/render/methodology_document.hpp"
#include "footprint/core/number_text.hpp"

namespace footprint::python {

namespace {

py::dict text(const bilingual& b) { return py::dict(py::arg("en") = b.en, py::arg("zh") = b.zh); }

std::string monitored_repr(const monitored_parameter& p) {
    std::string out = "MonitoredParameter(" + quoted(p.name) + ", " + std::string(parameter_type_name(p.type));
    if (!p.unit.text.empty() && p.unit.text != "1") out += ", " + p.unit.text;
    if (p.minimum) out += ", minimum=" + shortest_text(*p.minimum);
    if (p.maximum) out += ", maximum=" + shortest_text(*p.maximum);
    return out + ")";
}

std::string fixed_repr(const fixed_parameter& p) {
    std::string unit = p.value.unit.text.empty() || p.value.unit.text == "1" ? "" : " " + p.value.unit.text;
    return "FixedParameter(" + quoted(p.name) + ", " + shortest_text(p.value.value) + unit + ", source=" +
           quoted(p.cited.source_id.empty() ? "assumption" : p.cited.source_id) + ")";
}

std::string equation_repr(const equation& e) {
    return "Equation(" + quoted(e.name) + ", " + std::string(term_name(e.term)) + ", " + quoted(e.expression_text) + ")";
}

}  // namespace

void register_methodology(py::module_& m) {
    py::class_<monitored_parameter>(m, "monitored_parameter")
        .def("__repr__", &monitored_repr)
        .def_readonly("name", &monitored_parameter::name)
        .def_property_readonly("description", [](const monitored_parameter& p) { return text(p.description); })
        .def_property_readonly("type", [](const monitored_parameter& p) { return std::string(parameter_type_name(p.type)); })
        .def_property_readonly("unit", [](const monitored_parameter& p) { return p.unit.text; })
        .def_readonly("minimum", &monitored_parameter::minimum)
        .def_readonly("maximum", &monitored_parameter::maximum)
        .def_readonly("required", &monitored_parameter::required)
        .def_readonly("measured_how", &monitored_parameter::measured_how)
        .def_readonly("frequency", &monitored_parameter::frequency);

    py::class_<fixed_parameter>(m, "fixed_parameter")
        .def("__repr__", &fixed_repr)
        .def_readonly("name", &fixed_parameter::name)
        .def_property_readonly("description", [](const fixed_parameter& p) { return text(p.description); })
        .def_property_readonly("value", [](const fixed_parameter& p) { return p.value.value; })
        .def_property_readonly("unit", [](const fixed_parameter& p) { return p.value.unit.text; })
        .def_property_readonly("source", [](const fixed_parameter& p) { return p.cited.source_id; })
        .def_property_readonly("assumption", [](const fixed_parameter& p) { return p.cited.assumption; })
        .def_property_readonly("reason", [](const fixed_parameter& p) { return p.cited.reason; });

    py::class_<equation>(m, "equation")
        .def("__repr__", &equation_repr)
        .def_readonly("name", &equation::name)
        .def_property_readonly("text", [](const equation& e) { return text(e.text); })
        .def_property_readonly("term", [](const equation& e) { return std::string(term_name(e.term)); })
        .def_property_readonly("stage", [](const equation& e) -> py::object {
            if (!e.stage) return py::none();
            return py::str(std::string(stage_key(*e.stage)));
        })
        .def_readonly("credit", &equation::credit)
        .def_readonly("expression", &equation::expression_text)
        .def_property_readonly("line", [](const equation& e) { return e.where.line; });

    py::class_<methodology, std::shared_ptr<methodology>>(m, "methodology")
        .def_readonly("id", &methodology::id)
        .def_readonly("version", &methodology::version)
        .def_property_readonly("title", [](const methodology& x) { return text(x.title); })
        .def_property_readonly("summary", [](const methodology& x) { return text(x.summary); })
        .def_readonly("references", &methodology::references)
        .def_property_readonly("applicability", [](const methodology& x) {
            py::list out;
            for (const auto& a : x.applicability)
                out.append(py::dict(py::arg("id") = a.id, py::arg("text") = text(a.text), py::arg("check") = a.check_text));
            return out;
        })
        .def_property_readonly("boundary", [](const methodology& x) {
            py::list out;
            for (const auto& b : x.boundary)
                out.append(py::dict(py::arg("scenario") = b.scenario, py::arg("source") = b.source,
                                    py::arg("gases") = b.gases, py::arg("included") = b.included, py::arg("why") = b.why));
            return out;
        })
        .def_property_readonly("baseline_scenario", [](const methodology& x) { return text(x.baseline_scenario); })
        .def_property_readonly("functional_unit", [](const methodology& x) { return text(x.functional_unit); })
        .def_readonly("fixed", &methodology::fixed)
        .def_readonly("monitored", &methodology::monitored)
        .def_readonly("equations", &methodology::equations)
        .def_property_readonly("rounding", [](const methodology& x) {
            return py::dict(py::arg("resolution") = x.rounding.resolution,
                            py::arg("baseline") = std::string(rounding_mode_name(x.rounding.baseline)),
                            py::arg("project") = std::string(rounding_mode_name(x.rounding.project)),
                            py::arg("leakage") = std::string(rounding_mode_name(x.rounding.leakage)),
                            py::arg("issuance") = x.rounding.issuance);
        })
        .def_property_readonly("conservativeness", [](const methodology& x) { return text(x.conservativeness); })
        .def_readonly("plausibility", &methodology::plausibility_text)
        .def_readonly("digest", &methodology::digest)
        .def_readonly("file", &methodology::file)
        .def("canonical_text", [](const methodology& x) { return canonical_text(x); })
        .def("render_markdown", [](const methodology& x, const std::string& lang) {
            return render_methodology_markdown(x, lang);
        }, py::arg("lang") = "en")
        .def("render_html", [](const methodology& x, const std::string& lang) {
            return render_methodology_html(x, lang);
        }, py::arg("lang") = "en");

    m.def("load_methodology", [](const std::filesystem::path& file) {
        return std::make_shared<methodology>(load_methodology(file));
    });
    m.def("load_methodology_yaml", [](const std::string& yaml, const std::string& name) {
        return std::make_shared<methodology>(load_methodology_yaml(yaml, name));
    }, py::arg("yaml"), py::arg("name") = "<yaml>");
    m.def("locate_methodology", [](const std::filesystem::path& dir, const std::string& id_or_file) {
        return locate_methodology(dir, id_or_file).string();
    }, py::arg("dir"), py::arg("id_or_file"));
    m.def("load_methodology_directory", [](const std::filesystem::path& dir) {
        std::vector<std::shared_ptr<methodology>> out;
        for (auto& x : load_methodology_directory(dir)) out.push_back(std::make_shared<methodology>(std::move(x)));
        return out;
    });
}

}  // namespace footprint::python
