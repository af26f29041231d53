// Statements: build (from a CSV file, a ledger, CSV text or a DataFrame's
// rows), digest, verify, render (HTML, Markdown, CSV, PDF).

#include "register.hpp"
#include "frame_columns.hpp"

#include "footprint/compute/frame.hpp"
#include "footprint/compute/frame_records.hpp"
#include "footprint/ingest/csv_reader.hpp"
#include "footprint/ingest/ledger.hpp"
#include "footprint/ingest/shipments.hpp"
#include "footprint/statement/statement.hpp"
#include "footprint/uncertainty/statement_uncertainty_section.hpp"
#include "footprint/statement/statement_guard.hpp"
#include "footprint/render/statement_render.hpp"

namespace footprint::python {

namespace {

/// A reader over a CSV file or an SQLite ledger's rows (recognised by its
/// content, as the command does), or over CSV text handed over from Python.
shipment_reader open_reader(const plan& p, const std::string& source, bool is_text, const std::string& name) {
    shipment_schema schema = shipment_schema::for_plan(p);
    shipment_reader::options opts;
    opts.keep_canonical = true;
    auto regions = std::make_shared<region_tree>(p.options().factors->regions());
    if (is_text) return shipment_reader(csv_reader::from_string(source, name), schema, p.options().products, regions, opts);
    if (is_ledger_file(source)) {
        shipment_ledger ledger(source, schema, false);
        return shipment_reader(ledger.rows(), schema, p.options().products, regions, opts);
    }
    return shipment_reader(csv_reader(source), schema, p.options().products, regions, opts);
}

statement_request request_of(std::optional<std::string> customer, std::int32_t from_day, std::int32_t to_day,
                             const std::string& name, int format) {
    statement_request req;
    req.customer = std::move(customer);
    req.from_day = from_day;
    req.to_day = to_day;
    req.source_name = name;
    req.format = static_cast<statement_format>(format);
    return req;
}

/// The Monte Carlo of a format-3 statement's section, from Python: None, or a dict with
/// iterations, seed, quantile and, for verify, the recorded coefficient_factors.
struct section_request {
    uncertainty::uncertainty_section_options options;
    std::vector<std::string> extra_factors;
};

std::optional<section_request> section_request_of(const py::object& spec) {
    if (spec.is_none()) return std::nullopt;
    const py::dict d = spec.cast<py::dict>();
    section_request r;
    r.options.iterations = d["iterations"].cast<std::size_t>();
    r.options.seed = d["seed"].cast<std::uint64_t>();
    r.options.quantile = d["quantile"].cast<double>();
    if (d.contains("threads")) r.options.threads = d["threads"].cast<unsigned>();
    if (d.contains("coefficient_factors")) r.extra_factors = d["coefficient_factors"].cast<std::vector<std::string>>();
    return r;
}

statement_context context_of(const std::vector<factor_set_ptr>& sets) {
    statement_context ctx;
    for (const auto& s : sets) ctx.factor_sets.push_back(s->info());
    return ctx;
}

/// VerifyResult(identical=False, digest_ok=True, first_difference='/totals_g/reduction', expected=..., found=..., shipments=2)
std::string verify_result_repr(const verify_result& r) {
    auto clip = [](const std::string& s) { return quoted(s.size() <= 40 ? s : s.substr(0, 40) + "\u2026"); };
    std::string out = std::string("VerifyResult(identical=") + (r.identical ? "True" : "False") +
                      ", digest_ok=" + (r.digest_ok ? "True" : "False");
    if (!r.first_difference.empty())
        out += ", first_difference=" + quoted(r.first_difference) + ", expected=" + clip(r.expected) +
               ", found=" + clip(r.found);
    if (!r.shipments.empty()) out += ", shipments=" + std::to_string(r.shipments.size());
    if (!r.inputs.empty()) out += ", inputs=" + std::to_string(r.inputs.size());
    return out + ")";
}

}  // namespace

claim_request python_claim(const std::string& name, std::optional<std::string> customer, std::int32_t from_day,
                           std::int32_t to_day, bool allow_empty) {
    claim_request r{name, std::move(customer), from_day, to_day, allow_empty};
    r.origin = "<arguments>";
    r.from_name = "period[0]";
    r.to_name = "period[1]";
    r.customer_name = "customer";
    r.allow_empty_name = "allow_empty=True";
    return r;
}

void register_statement(py::module_& m) {
    py::class_<statement_document>(m, "statement_document")
        .def(py::init([](std::string customer, std::string json, std::string digest) {
            return statement_document{std::move(customer), std::move(json), std::move(digest)};
        }))
        .def_readonly("customer", &statement_document::customer)
        .def_readonly("json", &statement_document::json)
        .def_readonly("digest", &statement_document::digest);

    m.def(
        "build_statements",
        [](const plan& p, const std::vector<factor_set_ptr>& sets, const std::string& source, bool is_text,
           const std::string& name, std::optional<std::string> customer, std::int32_t from_day, std::int32_t to_day,
           int format, const py::object& uncertainty) {
            const auto section = section_request_of(uncertainty);
            py::gil_scoped_release release;
            const statement_request req = request_of(std::move(customer), from_day, to_day, name, format);
            shipment_reader reader = open_reader(p, source, is_text, name);
            auto docs = build_statements(p, reader, context_of(sets), req);
            if (section) {  // format 3: the section, from one more reading of the same input
                shipment_reader again = open_reader(p, source, is_text, name);
                uncertainty::add_uncertainty_sections(docs, p, again, req, section->options, section->extra_factors);
            }
            return docs;
        },
        py::arg("plan"), py::arg("factor_sets"), py::arg("source"), py::arg("is_text"), py::arg("name"),
        py::arg("customer"), py::arg("from_day"), py::arg("to_day"),
        py::arg("format") = static_cast<int>(newest_statement_format), py::arg("uncertainty") = py::none());

    // A DataFrame's rows (columns as for engine.compute_frame): its columns
    // checked as compute checks them, then its rows read as records
    // (frame_records.hpp) by the reader CSV files and the ledger go through.
    m.def(
        "build_statements_frame",
        [](const plan& p, const std::vector<factor_set_ptr>& sets, const std::string& name, std::size_t rows,
           const py::list& columns, const py::object& na, std::optional<std::string> customer, std::int32_t from_day,
           std::int32_t to_day, int format, const py::object& uncertainty) {
            const auto section = section_request_of(uncertainty);
            frame_buffers keep;
            frame_view fv = frame_from_columns(name, rows, columns, na, keep);
            py::gil_scoped_release release;
            auto regions = std::make_shared<region_tree>(p.options().factors->regions());
            frame_shipments columns_checked(fv, shipment_schema::for_plan(p), p.options().products, regions);
            const statement_request req = request_of(std::move(customer), from_day, to_day, name, format);
            auto docs = build_statements(p, frame_records(fv), context_of(sets), req);
            if (section) {  // format 3: the section, from the frame's rows read again
                shipment_reader::options opts;
                shipment_reader again(frame_records(fv), shipment_schema::for_plan(p), p.options().products, regions,
                                      opts);
                uncertainty::add_uncertainty_sections(docs, p, again, req, section->options, section->extra_factors);
            }
            return docs;
        },
        py::arg("plan"), py::arg("factor_sets"), py::arg("name"), py::arg("rows"), py::arg("columns"), py::arg("na"),
        py::arg("customer"), py::arg("from_day"), py::arg("to_day"),
        py::arg("format") = static_cast<int>(newest_statement_format), py::arg("uncertainty") = py::none());

    m.def("statement_digest", &statement_digest);

    // Guard rails, the command's (footprint/statement/statement_guard.hpp), with Python's names for the arguments.
    auto claim = &python_claim;
    m.def("check_statement_period", [claim](std::int32_t from_day, std::int32_t to_day) {
        check_statement_period(claim("<arguments>", std::nullopt, from_day, to_day, false));
    }, py::arg("from_day"), py::arg("to_day"));
    m.def("keep_claimable", [claim](std::vector<statement_document> docs, const std::string& name,
                                    std::optional<std::string> customer, std::int32_t from_day, std::int32_t to_day,
                                    bool allow_empty) {
        std::vector<std::string> skipped;
        auto kept = keep_claimable(std::move(docs), claim(name, std::move(customer), from_day, to_day, allow_empty), skipped);
        return py::make_tuple(std::move(kept), std::move(skipped));
    }, py::arg("docs"), py::arg("name"), py::arg("customer"), py::arg("from_day"), py::arg("to_day"),
       py::arg("allow_empty"));

    py::class_<verify_result>(m, "verify_result", "A statement compared with one rebuilt from its inputs (footprint::verify_result).")
        .def("__repr__", &verify_result_repr)
        .def_readonly("identical", &verify_result::identical, "True when the rebuilt statement is the recorded one, field for field.")
        .def_readonly("first_difference", &verify_result::first_difference, "JSON path of the first differing field, e.g. '/totals_g/reduction' (empty when identical).")
        .def_readonly("expected", &verify_result::expected, "The recorded value at first_difference.")
        .def_readonly("found", &verify_result::found, "The rebuilt value at first_difference.")
        .def_readonly("shipments", &verify_result::shipments, "Shipments whose rows differ, are missing or were added.")
        .def_readonly("inputs", &verify_result::inputs, "Pinned inputs that differ, one sentence each.")
        .def_readonly("digest_ok", &verify_result::digest_ok, "True when the statement's own digest matches its content.")
        .def_readonly("recorded_digest", &verify_result::recorded_digest, "The digest the statement records.")
        .def_readonly("computed_digest", &verify_result::computed_digest, "The digest its content hashes to.");
    m.def("compare_statements", &compare_statements, py::arg("recorded_json"), py::arg("rebuilt_json"));

    m.def("read_statement_header", [](const std::string& json, const std::string& file) {
        statement_header h = read_statement_header(json, file);
        return py::dict(py::arg("format") = static_cast<int>(h.format), py::arg("customer") = h.customer, py::arg("from_day") = h.from_day, py::arg("to_day") = h.to_day,
                        py::arg("methodology_id") = h.methodology_id,
                        py::arg("methodology_version") = h.methodology_version,
                        py::arg("methodology_digest") = h.methodology_digest,
                        py::arg("factor_set_digests") = h.factor_set_digests, py::arg("gwp") = h.gwp,
                        py::arg("overrides") = h.overrides,
                        py::arg("uncertainty") = h.uncertainty
                                                     ? py::object(py::dict(
                                                           py::arg("iterations") = h.uncertainty->iterations,
                                                           py::arg("seed") = h.uncertainty->seed,
                                                           py::arg("quantile") = h.uncertainty->quantile,
                                                           py::arg("coefficient_factors") =
                                                               h.uncertainty->coefficient_factors))
                                                     : py::object(py::none()));
    });

    m.def("render_statement_html", py::overload_cast<const std::string&, const std::string&>(&render_statement_html), py::arg("statement_json"), py::arg("lang") = "en");
    m.def("render_statement_markdown",
          py::overload_cast<const std::string&, const std::string&>(&render_statement_markdown), py::arg("statement_json"), py::arg("lang") = "en");
    m.def("render_statement_csv", &render_statement_csv, py::arg("statement_json"));
    m.def("render_statement_pdf", [](const std::string& json, const std::string& lang, const std::filesystem::path& pdf) {
        py::gil_scoped_release release;
        render_statement_pdf(json, lang, pdf);
    }, py::arg("statement_json"), py::arg("lang"), py::arg("pdf"));
}

}  // namespace footprint::python
