// A CCER project from Python (footprint/project/*.hpp): the project file, its
// ex-ante estimate and its monitoring report, opened and built as
// `footprint estimate` and `footprint monitoring-report` do (the project's
// methodology bound with the project's parameters as scenario values).

#include "register.hpp"

#include "footprint/core/calendar.hpp"
#include "footprint/plan/inputs.hpp"
#include "footprint/project/estimate.hpp"
#include "footprint/project/estimate_uncertainty.hpp"
#include "footprint/project/monitoring_render.hpp"
#include "footprint/project/monitoring_report.hpp"
#include "footprint/project/project_file.hpp"

namespace footprint::python {

namespace {

/// A project file with the inputs its methodology is bound to, as the command opens them.
struct opened_project {
    project_description project;
    plan_inputs in;
};

std::shared_ptr<opened_project> open_project(const std::filesystem::path& file,
                                             const std::optional<std::filesystem::path>& factor_set,
                                             const std::vector<std::filesystem::path>& overlays,
                                             const std::optional<std::filesystem::path>& data, const std::string& gwp) {
    auto p = std::make_shared<opened_project>();
    py::gil_scoped_release release;
    p->project = load_project_file(file);
    input_request r;
    if (data) r.data = *data;
    if (factor_set) r.factor_set = *factor_set;
    r.overlays = overlays;
    r.methodology = p->project.methodology;
    r.origin = file.string();
    p->in = open_inputs_unbound(r);
    check_project(p->project, p->in.method, *p->in.products, *p->in.regions).throw_if_any();
    bind_plan(p->in, gwp, p->project.parameters, file.string());
    return p;
}

std::int32_t day_of(const std::string& text, const char* field) {
    auto d = parse_iso_date(text);
    if (!d)
        throw error("footprint.project.period", source_location{"<python>", 0, 0, field, {}}, "not a date",
                    "an ISO 8601 date YYYY-MM-DD", text);
    return *d;
}

py::dict customer_dict(const project_customer& c) {
    return py::dict(py::arg("id") = c.id, py::arg("reusable_product") = c.reusable_product,
                    py::arg("baseline_product") = c.baseline_product, py::arg("pool_size") = c.pool_size,
                    py::arg("washed_share") = c.washed_share, py::arg("grid_regions") = c.grid_regions,
                    py::arg("vehicle_class") = c.vehicle_class,
                    py::arg("loaded_distance") = c.loaded_distance.describe(),
                    py::arg("return_distance") = c.return_distance.describe());
}

}  // namespace

void register_project(py::module_& m) {
    py::class_<opened_project, std::shared_ptr<opened_project>>(m, "opened_project")
        .def_property_readonly("id", [](const opened_project& p) { return p.project.id; })
        .def_property_readonly("title_en", [](const opened_project& p) { return p.project.title.en; })
        .def_property_readonly("title_zh", [](const opened_project& p) { return p.project.title.zh; })
        .def_property_readonly("owner", [](const opened_project& p) { return p.project.owner; })
        .def_property_readonly("methodology", [](const opened_project& p) { return p.project.methodology; })
        .def_property_readonly("file", [](const opened_project& p) { return p.project.file; })
        .def_property_readonly("start_date", [](const opened_project& p) { return format_iso_date(p.project.start_day); })
        .def_property_readonly("end_date", [](const opened_project& p) { return format_iso_date(p.project.end_day()); })
        .def_property_readonly("crediting_years", [](const opened_project& p) { return p.project.crediting_years; })
        .def_property_readonly("parameters", [](const opened_project& p) { return p.project.parameters; })
        .def_property_readonly("customers",
                               [](const opened_project& p) {
                                   py::list out;
                                   for (const auto& c : p.project.customers) out.append(customer_dict(c));
                                   return out;
                               })
        .def_property_readonly("loss_record", [](const opened_project& p) { return p.project.loss_record_path(); })
        .def_property_readonly("canonical_json", [](const opened_project& p) { return project_canonical_json(p.project); });
    m.def("open_project", &open_project, py::arg("file"), py::arg("factor_set") = py::none(),
          py::arg("overlays") = std::vector<std::filesystem::path>{}, py::arg("data") = py::none(),
          py::arg("gwp") = "");
    m.def(
        "build_estimate",
        [](const opened_project& p) {
            py::gil_scoped_release release;
            return build_estimate(p.project, p.in);
        },
        py::arg("project"));
    m.def(
        "estimate_uncertainty",
        [](const opened_project& p, const std::string& estimate_digest, std::size_t iterations, std::uint64_t seed,
           double quantile, unsigned threads) {
            uncertainty::uncertainty_section_options o;
            o.iterations = iterations;
            o.seed = seed;
            o.quantile = quantile;
            o.threads = threads;
            py::gil_scoped_release release;
            return estimate_uncertainty_json(p.project, *p.in.compiled, estimate_digest, o);
        },
        py::arg("project"), py::arg("estimate_digest"), py::arg("iterations"), py::arg("seed"), py::arg("quantile"),
        py::arg("threads"));
    m.def(
        "compare_estimate",
        [](const opened_project& p, const std::string& report_json) {
            py::gil_scoped_release release;
            return compare_estimate(p.project, p.in, report_json);
        },
        py::arg("project"), py::arg("report_json"));
    m.def(
        "render_estimate",
        [](const std::string& estimate_json, const std::string& comparison_json, const std::string& format,
           const std::string& lang) {
            return render_estimate(estimate_json, comparison_json,
                                   format == "md" ? document_format::markdown : document_format::html,
                                   parse_document_language(lang));
        },
        py::arg("estimate_json"), py::arg("comparison_json"), py::arg("format"), py::arg("lang"));
    m.def(
        "build_monitoring_report",
        [](const opened_project& p, const std::filesystem::path& shipments, const std::string& from,
           const std::string& to, int format) {
            monitoring_request r{shipments, day_of(from, "from"), day_of(to, "to"), format};
            monitoring_report_document doc;
            {
                py::gil_scoped_release release;
                doc = build_monitoring_report(p.project, p.in, r);
            }
            py::list statements;
            for (const auto& s : doc.statements) statements.append(py::make_tuple(s.customer, s.digest, s.json));
            return py::make_tuple(doc.json, doc.digest, statements);
        },
        py::arg("project"), py::arg("shipments"), py::arg("period_from"), py::arg("period_to"),
        py::arg("format") = newest_monitoring_report_format);
    m.def("monitoring_report_digest", &monitoring_report_digest, py::arg("report_json"));
    m.def(
        "verify_monitoring_report",
        [](const opened_project& p, const std::string& report_json, const std::filesystem::path& shipments) {
            const monitoring_request r = monitoring_request_of(report_json, shipments);
            report_verification v;
            {
                py::gil_scoped_release release;
                v = compare_monitoring_reports(report_json, build_monitoring_report(p.project, p.in, r).json);
            }
            return py::dict(py::arg("identical") = v.identical, py::arg("digest_ok") = v.digest_ok,
                            py::arg("recorded_digest") = v.recorded_digest,
                            py::arg("computed_digest") = v.computed_digest,
                            py::arg("first_difference") = v.first_difference, py::arg("expected") = v.expected,
                            py::arg("found") = v.found);
        },
        py::arg("project"), py::arg("report_json"), py::arg("shipments"));
    m.def(
        "render_monitoring_report",
        [](const std::string& report_json, const std::string& format, const std::string& lang) {
            return render_monitoring_report(report_json, format == "md" ? document_format::markdown : document_format::html,
                                            parse_document_language(lang));
        },
        py::arg("report_json"), py::arg("format"), py::arg("lang"));
}

}  // namespace footprint::python
