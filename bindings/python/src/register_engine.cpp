// Plans and the engine: footprint::plan (bind, inspect, explain) and the
// batch call behind footprint.compute: columns of a DataFrame (numpy arrays,
// pandas Categorical codes, object arrays of str) checked and computed with
// the GIL released (frame.hpp, plan::evaluator::run).

#include "register.hpp"
#include "frame_columns.hpp"

#include <pybind11/numpy.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <optional>

#include "footprint/compute/engine.hpp"
#include "footprint/compute/frame.hpp"
#include "footprint/compute/frame_records.hpp"
#include "footprint/plan/inputs.hpp"
#include "footprint/plan/plan.hpp"
#include "footprint/ingest/shipments.hpp"
#include "footprint/methodology/field_checks.hpp"

namespace footprint::python {

namespace {

py::dict resolved_dict(const resolved_value& v) {
    return py::dict(py::arg("label") = v.label, py::arg("kind") = v.kind, py::arg("value") = v.value,
                    py::arg("unit") = v.unit, py::arg("factor_id") = v.factor_id,
                    py::arg("fallback_path") = v.fallback_path, py::arg("source") = v.source);
}

py::dict rejects_dict(const std::vector<frame_reject>& rejects) {
    py::list row, shipment, id, field, message, expected, found;
    for (const auto& r : rejects) {
        row.append(r.row);
        shipment.append(r.shipment_id);
        id.append(r.problem.id);
        field.append(r.problem.where.field);
        message.append(r.problem.message);
        expected.append(r.problem.expected);
        found.append(r.problem.found);
    }
    return py::dict(py::arg("row") = row, py::arg("shipment_id") = shipment, py::arg("error_id") = id,
                    py::arg("field") = field, py::arg("message") = message, py::arg("expected") = expected,
                    py::arg("found") = found);
}

/// A shipment file read as `footprint compute` reads it (ingest/shipments.hpp,
/// the same reader, checks and ids): the accepted rows column by column, in
/// schema order (numbers in each parameter's declared unit, exactly as
/// written when the header names that unit; dates as days since 1970-01-01;
/// categorical columns as codes into their dictionary), and the rejected rows
/// with why. Texts of rejected rows are bytes: a row is rejected for not being
/// UTF-8, and Python decodes them with "replace".
py::dict read_shipment_file(const plan& p, const std::string& path, std::size_t batch_rows) {
    shipment_reader::options opts;
    opts.batch_rows = batch_rows == 0 ? 8192 : batch_rows;
    opts.keep_declared = true;
    const std::size_t ncol = shipment_schema::for_plan(p).columns.size();
    std::vector<std::vector<double>> numbers(ncol);
    std::vector<std::vector<std::int32_t>> codes(ncol);
    std::vector<std::string> ids;
    std::vector<std::uint64_t> lines;
    std::vector<rejected_row> rejects;
    std::optional<shipment_reader> reader;
    {
        py::gil_scoped_release release;
        auto regions = std::make_shared<region_tree>(p.options().factors->regions());
        reader.emplace(csv_reader(path), shipment_schema::for_plan(p), p.options().products, regions, opts);
        shipment_batch b;
        while (reader->next(b, rejects)) {
            for (std::size_t c = 0; c < ncol; ++c) {
                if (c < b.declared.size()) numbers[c].insert(numbers[c].end(), b.declared[c].begin(), b.declared[c].end());
                codes[c].insert(codes[c].end(), b.codes[c].begin(), b.codes[c].end());
            }
            ids.insert(ids.end(), std::make_move_iterator(b.shipment_ids.begin()),
                       std::make_move_iterator(b.shipment_ids.end()));
            lines.insert(lines.end(), b.lines.begin(), b.lines.end());
        }
    }
    py::list columns;
    for (std::size_t c = 0; c < ncol; ++c) {
        const shipment_column& col = reader->schema().columns[c];
        const std::string type(parameter_type_name(col.type));
        py::object data, dictionary = py::none();
        if (c == static_cast<std::size_t>(column_shipment_id)) {
            data = py::cast(ids);
        } else if (field_is_numeric(col.type)) {
            data = py::array_t<double>(static_cast<py::ssize_t>(numbers[c].size()), numbers[c].data());
        } else {
            data = py::array_t<std::int32_t>(static_cast<py::ssize_t>(codes[c].size()), codes[c].data());
            if (field_is_categorical(col.type)) dictionary = py::cast(reader->dictionary(static_cast<int>(c)));
        }
        columns.append(py::dict(py::arg("name") = col.name, py::arg("type") = type, py::arg("unit") = col.unit.text,
                                py::arg("data") = data, py::arg("dictionary") = dictionary));
    }
    py::list line, shipment, customer, id, column, field, message, expected, found, raw;
    for (const auto& r : rejects) {
        line.append(r.line);
        shipment.append(py::bytes(r.shipment_id));
        customer.append(py::bytes(r.customer_id));
        id.append(r.problem.id);
        column.append(r.problem.where.column);
        field.append(py::bytes(r.problem.where.field));
        message.append(py::bytes(r.problem.message));
        expected.append(py::bytes(r.problem.expected));
        found.append(py::bytes(r.problem.found));
        raw.append(py::bytes(r.raw));
    }
    const ingest_counts& n = reader->counts();
    return py::dict(
        py::arg("name") = reader->source_name(), py::arg("columns") = columns,
        py::arg("lines") = py::array_t<std::uint64_t>(static_cast<py::ssize_t>(lines.size()), lines.data()),
        py::arg("rejected") = py::dict(py::arg("line") = line, py::arg("shipment_id") = shipment,
                                       py::arg("customer_id") = customer, py::arg("error_id") = id,
                                       py::arg("column") = column, py::arg("field") = field,
                                       py::arg("message") = message, py::arg("expected") = expected,
                                       py::arg("found") = found, py::arg("record") = raw),
        py::arg("rows_in") = n.rows_in, py::arg("accepted") = n.accepted, py::arg("rejected_rows") = n.rejected,
        py::arg("bytes") = n.bytes);
}

}  // namespace

void register_engine(py::module_& m) {
    py::class_<plan, std::shared_ptr<plan>>(m, "plan")
        .def_static(
            "bind",
            [](const methodology& meth, const library_ptr& factors, const catalog_ptr& products, const std::string& gwp,
               const std::map<std::string, double>& overrides) {
                plan_options o{factors, products, &gwp_by_name(gwp), overrides};
                py::gil_scoped_release release;
                return std::make_shared<plan>(plan::bind(meth, o));
            },
            py::arg("methodology"), py::arg("factors"), py::arg("catalog"), py::arg("gwp") = "AR6",
            py::arg("overrides") = std::map<std::string, double>{})
        .def("method", [](const plan& p) { return std::make_shared<methodology>(p.method()); })
        .def_property_readonly("gwp", [](const plan& p) { return std::string(p.options().gwp->name); })
        .def_property_readonly("overrides", [](const plan& p) { return p.options().overrides; })
        .def("inputs", &plan::inputs)
        .def("components", [](const plan& p) {
            py::list out;
            for (const auto& c : p.components())
                out.append(py::dict(py::arg("name") = c.name, py::arg("term") = std::string(term_name(c.term)),
                                    py::arg("stage") = c.stage ? py::object(py::str(std::string(stage_key(*c.stage))))
                                                               : py::object(py::none()),
                                    py::arg("credit") = c.credit, py::arg("rounding") = std::string(rounding_mode_name(c.rounding))));
            return out;
        })
        .def("constants", [](const plan& p) {
            py::list out;
            for (const auto& v : p.constants()) out.append(resolved_dict(v));
            return out;
        })
        .def("derivation", &plan::derivation)
        .def("program_size", &plan::program_size)
        .def("explain", &plan::explain, py::arg("row"))
        .def("evaluate_row", &plan::evaluate_row, py::arg("row"))
        .def("schema", [](const plan& p) {
            py::list out;
            for (const auto& c : shipment_schema::for_plan(p).columns)
                out.append(py::dict(py::arg("name") = c.name, py::arg("type") = std::string(parameter_type_name(c.type)),
                                    py::arg("unit") = c.unit.text, py::arg("minimum") = c.minimum,
                                    py::arg("maximum") = c.maximum, py::arg("required") = c.required,
                                    py::arg("plan_input") = c.plan_input));
            return out;
        });

    // The batch call. `columns`: (name, storage, data, categories, dtype) per
    // column, storage one of float64, int64, datetime64_ns, codes, texts, unsupported.
    // Returns the amounts as numpy arrays (one int64 block [BE, PE, LE, ER,
    // components...] × rows, written in place), the computed rows' positions
    // (None when every row was computed),
    // the rejected rows, the totals and the table entries resolved.
    // The frame as CSV text (footprint/compute/frame_records.hpp): the file whose
    // statement is the frame's, byte for byte.
    m.def(
        "frame_csv_text",
        [](const std::string& name, std::size_t rows, const py::list& columns, const py::object& na, bool header) {
            frame_buffers keep;
            frame_view fv = frame_from_columns(name, rows, columns, na, keep);
            py::gil_scoped_release release;
            return frame_csv_text(fv, header);
        },
        py::arg("name"), py::arg("rows"), py::arg("columns"), py::arg("na"), py::arg("header"));

    m.def(
        "compute_frame",
        [](const plan& p, const std::string& name, std::size_t rows, const py::list& columns, std::size_t batch_rows,
           const py::object& na) {
            frame_buffers keep;
            frame_view fv = frame_from_columns(name, rows, columns, na, keep);
            shipment_schema schema = shipment_schema::for_plan(p);
            auto regions = std::make_shared<region_tree>(p.options().factors->regions());
            std::optional<frame_shipments> fs;
            {
                py::gil_scoped_release release;  // the column checks
                fs.emplace(fv, std::move(schema), p.options().products, regions);
            }
            // Outputs sized for every row (np.empty: pages are touched only when written);
            // computed rows are packed from the front.
            const std::size_t n = rows;
            const std::size_t ncomp = p.components().size();
            const std::size_t ncols = 4 + ncomp;
            py::array_t<std::int64_t> amounts(static_cast<py::ssize_t>(ncols * n));
            py::array_t<bool> implausible(static_cast<py::ssize_t>(n));
            static_assert(sizeof(bool) == 1);
            std::int64_t* base = amounts.mutable_data();
            frame_output out;
            out.row = nullptr;  // the computed rows' positions follow from the rejected ones (below)
            out.baseline_g = base;
            out.project_g = base + n;
            out.leakage_g = base + 2 * n;
            out.reduction_g = base + 3 * n;
            for (std::size_t c = 0; c < ncomp; ++c) out.component_g.push_back(base + (4 + c) * n);
            out.implausible = reinterpret_cast<std::uint8_t*>(implausible.mutable_data());
            frame_report report;
            {
                py::gil_scoped_release release;  // the hot loop: row checks and plan::evaluator::run, batch by batch
                report = compute_frame(p, *fs, out, batch_rows == 0 ? 8192 : batch_rows);
                if (report.computed < n)  // pack the columns: column c moves from c*n to c*computed
                    for (std::size_t c = 1; c < ncols; ++c)
                        std::memmove(base + c * report.computed, base + c * n, report.computed * sizeof(std::int64_t));
            }
            const auto k = static_cast<py::ssize_t>(report.computed);
            py::object row_out = py::none(), implausible_out = implausible;
            py::object amounts_out = amounts.attr("reshape")(py::make_tuple(static_cast<py::ssize_t>(ncols), static_cast<py::ssize_t>(n)));
            if (report.computed < n) {
                // Positions of the computed rows (all of them when nothing was refused: None).
                py::array_t<std::int64_t> row(k);
                std::int64_t* r = row.mutable_data();
                std::size_t next_rejected = 0, j = 0;
                for (std::size_t i = 0; i < n && j < report.computed; ++i) {
                    if (next_rejected < report.rejected.size() && report.rejected[next_rejected].row == i) {
                        ++next_rejected;
                        continue;
                    }
                    r[j++] = static_cast<std::int64_t>(i);
                }
                row_out = row;
                py::slice part(0, k, 1);
                implausible_out = implausible[part];
                amounts_out = amounts[py::slice(0, static_cast<py::ssize_t>(ncols) * k, 1)]
                                  .attr("reshape")(py::make_tuple(static_cast<py::ssize_t>(ncols), k));
            }
            py::list lookups;
            for (const auto& v : report.lookups) lookups.append(resolved_dict(v));
            const auto& t = report.totals;
            py::dict totals(py::arg("computed") = t.computed, py::arg("implausible") = t.implausible,
                            py::arg("BE_g") = t.baseline_g, py::arg("PE_g") = t.project_g, py::arg("LE_g") = t.leakage_g,
                            py::arg("ER_g") = t.reduction_g, py::arg("components_g") = t.component_g);
            return py::dict(py::arg("rows_in") = rows, py::arg("computed") = report.computed, py::arg("row") = row_out, py::arg("amounts") = amounts_out,
                            py::arg("implausible") = implausible_out, py::arg("rejected") = rejects_dict(report.rejected),
                            py::arg("totals") = totals, py::arg("lookups") = lookups);
        },
        py::arg("plan"), py::arg("name"), py::arg("rows"), py::arg("columns"), py::arg("batch_rows") = 8192,
        py::arg("na") = py::none());

    m.def("read_shipments", &read_shipment_file,
          "A shipment CSV file read and checked as `footprint compute` reads it: accepted rows as columns, "
          "rejected rows with why (footprint/ingest/shipments.hpp).",
          py::arg("plan"), py::arg("path"), py::arg("batch_rows") = 8192);

    // The one place that opens a plan's inputs (footprint/plan/inputs.hpp), as the command does.
    m.def(
        "resolve_input_paths",
        [](const std::optional<std::filesystem::path>& data, const std::optional<std::filesystem::path>& catalog) {
            input_request r;
            if (data) r.data = *data;
            if (catalog) r.catalog = *catalog;
            input_paths p = resolve_input_paths(r);
            return py::dict(py::arg("data") = p.data, py::arg("factor_sources") = p.factor_sources,
                            py::arg("methodologies") = p.methodologies, py::arg("catalog") = p.catalog,
                            py::arg("factor_set") = p.factor_set);
        },
        py::arg("data") = py::none(), py::arg("catalog") = py::none());
    m.def(
        "open_inputs",
        [](const std::string& methodology_name, const std::optional<std::filesystem::path>& factor_set,
           const std::vector<std::filesystem::path>& overlays, const std::optional<std::filesystem::path>& catalog,
           const std::optional<std::filesystem::path>& data, const std::string& gwp,
           const std::map<std::string, double>& overrides) {
            input_request r;
            if (data) r.data = *data;
            if (factor_set) r.factor_set = *factor_set;
            r.overlays = overlays;
            if (catalog) r.catalog = *catalog;
            r.methodology = methodology_name;
            r.gwp = gwp;
            r.overrides = overrides;
            r.origin = "<python>";
            plan_inputs in;
            {
                py::gil_scoped_release release;
                in = open_inputs(r);
            }
            py::list sets;
            for (auto& s : in.factor_sets) sets.append(std::make_shared<footprint::factor_set>(std::move(s)));
            return py::dict(py::arg("factor_sets") = sets,
                            py::arg("factors") = std::const_pointer_cast<footprint::factor_library>(in.factors),
                            py::arg("catalog") = std::const_pointer_cast<footprint::catalog>(in.products),
                            py::arg("methodology") = std::make_shared<footprint::methodology>(std::move(in.method)),
                            py::arg("plan") = std::const_pointer_cast<footprint::plan>(in.compiled),
                            py::arg("catalog_dir") = in.paths.catalog);
        },
        py::arg("methodology"), py::arg("factor_set") = py::none(), py::arg("overlays") = std::vector<std::filesystem::path>{},
        py::arg("catalog") = py::none(), py::arg("data") = py::none(), py::arg("gwp") = "",
        py::arg("overrides") = std::map<std::string, double>{});

    m.def("round_grams", [](double kg, const std::string& mode) {
        return round_grams(kg, mode == "up" ? rounding_mode::up : mode == "nearest" ? rounding_mode::nearest : rounding_mode::down);
    });
    m.def("days_from_civil", &days_from_civil);
    m.def("format_iso_date", &format_iso_date);
    m.def("parse_iso_date", &parse_iso_date);
}

}  // namespace footprint::python
