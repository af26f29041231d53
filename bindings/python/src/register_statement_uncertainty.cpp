// Monte Carlo on one customer's statement (footprint/uncertainty/statement_monte_carlo.hpp,
// statement_model_build.hpp): the model from shipments (a CSV file, a ledger,
// CSV text or a DataFrame's rows, as build_statements reads them), its draws
// over a range of iterations as numpy arrays, their join and summary, and the
// model's JSON both ways (how it travels to a Dask worker).

#include "register.hpp"
#include "frame_columns.hpp"

#include <pybind11/numpy.h>

#include <cstring>
#include <utility>

#include "footprint/compute/frame.hpp"
#include "footprint/compute/frame_records.hpp"
#include "footprint/ingest/csv_reader.hpp"
#include "footprint/ingest/ledger.hpp"
#include "footprint/statement/statement_guard.hpp"
#include "footprint/uncertainty/statement_uncertainty_section.hpp"
#include "footprint/uncertainty/statement_model_build.hpp"
#include "footprint/uncertainty/statement_monte_carlo.hpp"

namespace footprint::python {

namespace {

using uncertainty::statement_draws;
using uncertainty::statement_model;

py::array_t<double> to_array(const std::vector<double>& v) {
    py::array_t<double> a(static_cast<py::ssize_t>(v.size()));
    if (!v.empty()) std::memcpy(a.mutable_data(), v.data(), v.size() * sizeof(double));
    return a;
}

std::vector<double> from_array(const py::array_t<double, py::array::c_style | py::array::forcecast>& a) {
    return std::vector<double>(a.data(), a.data() + a.size());
}

/// The multipliers as a (terms, iterations) array.
py::array_t<double> multipliers_array(const statement_draws& d) {
    const std::size_t n = d.reduction_t.size();
    py::array_t<double> a({static_cast<py::ssize_t>(d.multipliers.size()), static_cast<py::ssize_t>(n)});
    double* out = a.mutable_data();
    for (std::size_t t = 0; t < d.multipliers.size(); ++t)
        if (n) std::memcpy(out + t * n, d.multipliers[t].data(), n * sizeof(double));
    return a;
}

statement_draws draws_of(std::size_t first, const py::array_t<double, py::array::c_style | py::array::forcecast>& be,
                         const py::array_t<double, py::array::c_style | py::array::forcecast>& pe,
                         const py::array_t<double, py::array::c_style | py::array::forcecast>& er,
                         const py::array_t<double, py::array::c_style | py::array::forcecast>& multipliers) {
    statement_draws d;
    d.first = first;
    d.baseline_t = from_array(be);
    d.project_t = from_array(pe);
    d.reduction_t = from_array(er);
    if (multipliers.ndim() != 2 || static_cast<std::size_t>(multipliers.shape(1)) != d.reduction_t.size() ||
        d.baseline_t.size() != d.reduction_t.size() || d.project_t.size() != d.reduction_t.size())
        throw py::value_error("statement_draws: BE, PE, ER of one length n and multipliers of shape (terms, n)");
    const std::size_t n = d.reduction_t.size();
    for (py::ssize_t t = 0; t < multipliers.shape(0); ++t)
        d.multipliers.emplace_back(multipliers.data() + t * n, multipliers.data() + (t + 1) * n);
    return d;
}

py::dict summary_dict(const uncertainty::summary& s, std::int64_t deterministic_g) {
    return py::dict(py::arg("deterministic") = static_cast<double>(deterministic_g) / 1e6, py::arg("mean") = s.mean,
                    py::arg("sd") = s.sd, py::arg("min") = s.min, py::arg("p2_5") = s.p2_5, py::arg("p5") = s.p5,
                    py::arg("median") = s.median, py::arg("p95") = s.p95, py::arg("p97_5") = s.p97_5,
                    py::arg("max") = s.max);
}

py::dict totals_dict(const uncertainty::statement_totals& t) {
    return py::dict(py::arg("baseline") = t.baseline_g, py::arg("project") = t.project_g,
                    py::arg("leakage") = t.leakage_g, py::arg("reduction") = t.reduction_g);
}

py::list terms_list(const std::vector<uncertainty::statement_term>& terms) {
    py::list out;
    for (const auto& t : terms) {
        // ΔER one at a time at the multiplier's 2.5 % and 97.5 % quantiles (the tornado's bar ends):
        // c (q − 1) for a factor, the measured response for a methodology input.
        const double lo = uncertainty::change_at(t, uncertainty::multiplier_quantile(t.distribution, false)).reduction_g;
        const double hi = uncertainty::change_at(t, uncertainty::multiplier_quantile(t.distribution, true)).reduction_g;
        out.append(py::dict(py::arg("factor_id") = t.factor_id, py::arg("distribution") = t.distribution.describe(),
                            py::arg("multiplier_mean") = t.distribution.mean(),
                            py::arg("multiplier_sd") = t.distribution.sd(),
                            py::arg("baseline_g_per_unit") = t.baseline_g, py::arg("project_g_per_unit") = t.project_g,
                            py::arg("leakage_g_per_unit") = t.leakage_g,
                            py::arg("reduction_g_per_unit") = t.reduction_g,
                            py::arg("spearman_reduction") = t.spearman_reduction,
                            py::arg("variance_share") = t.variance_share,
                            py::arg("sobol_first_order") = t.sobol_first_order,
                            py::arg("kind") = t.factor_id.starts_with("parameter:")   ? "parameter"
                                              : t.factor_id.starts_with("monitored:") ? "monitored"
                                                                                      : "factor",
                            py::arg("reduction_change_at_p2_5_g") = lo, py::arg("reduction_change_at_p97_5_g") = hi));
    }
    return out;
}


statement_context context_of(const std::vector<factor_set_ptr>& sets) {
    statement_context ctx;
    for (const auto& s : sets) ctx.factor_sets.push_back(s->info());
    return ctx;
}

shipment_reader::options reader_options(bool keep_canonical) {
    shipment_reader::options opts;
    opts.keep_canonical = keep_canonical;
    return opts;
}


void register_model(py::module_& m) {
    py::class_<statement_model>(m, "statement_model",
                                "The linear model of one customer's statement (footprint::uncertainty::statement_model).")
        .def_readonly("customer", &statement_model::customer)
        .def_readonly("shipments", &statement_model::shipments)
        .def_property_readonly("deterministic_g", [](const statement_model& s) { return totals_dict(s.deterministic); })
        .def_property_readonly("terms", [](const statement_model& s) { return terms_list(s.terms); })
        .def_readonly("linearity_residual_g", &statement_model::linearity_residual_g)
        .def_readonly("linearity_bound_g", &statement_model::linearity_bound_g)
        .def("multiplier_at", [](const statement_model& s, std::size_t term, double z, double u) {
            if (term >= s.terms.size()) throw py::index_error("no such term");
            return s.terms[term].distribution.at(z, u);
        }, py::arg("term"), py::arg("z"), py::arg("u"),
           "Term `term`'s multiplier at a standard normal draw z (lognormal, normal) or a uniform draw u (triangular, uniform).")
        .def("to_json", &uncertainty::statement_model_json)
        .def(py::pickle([](const statement_model& s) { return uncertainty::statement_model_json(s); },
                        [](const std::string& json) { return uncertainty::statement_model_from_json(json); }));
    m.def("statement_model_json", &uncertainty::statement_model_json, py::arg("model"));
    m.def("statement_model_from_json", &uncertainty::statement_model_from_json, py::arg("json"));

    py::class_<statement_draws>(m, "statement_draws", "Iterations [first, first + n) of a statement model.")
        .def(py::init(&draws_of), py::arg("first"), py::arg("baseline_t"), py::arg("project_t"),
             py::arg("reduction_t"), py::arg("multipliers"))
        .def_readonly("first", &statement_draws::first)
        .def("__len__", [](const statement_draws& d) { return d.reduction_t.size(); })
        .def_property_readonly("baseline_t", [](const statement_draws& d) { return to_array(d.baseline_t); })
        .def_property_readonly("project_t", [](const statement_draws& d) { return to_array(d.project_t); })
        .def_property_readonly("reduction_t", [](const statement_draws& d) { return to_array(d.reduction_t); })
        .def_property_readonly("multipliers", &multipliers_array, "(terms, n): each term's multiplier per iteration")
        .def(py::pickle(
            [](const statement_draws& d) {
                return py::make_tuple(d.first, to_array(d.baseline_t), to_array(d.project_t), to_array(d.reduction_t),
                                      multipliers_array(d));
            },
            [](const py::tuple& t) {
                return draws_of(t[0].cast<std::size_t>(), t[1].cast<py::array_t<double>>(),
                                t[2].cast<py::array_t<double>>(), t[3].cast<py::array_t<double>>(),
                                t[4].cast<py::array_t<double>>());
            }));
}

void register_measure(py::module_& m) {
    m.def(
        "measure_statement_model",
        [](const plan& p, const std::vector<factor_set_ptr>& sets, const std::string& source, bool is_text,
           const std::string& name, const std::string& customer, std::int32_t from_day, std::int32_t to_day,
           bool allow_empty, unsigned threads) {
            py::gil_scoped_release release;
            shipment_schema schema = shipment_schema::for_plan(p);
            auto regions = std::make_shared<region_tree>(p.options().factors->regions());
            const bool ledger = !is_text && is_ledger_file(source);
            auto open = [&](bool keep) {
                if (is_text)
                    return shipment_reader(csv_reader::from_string(source, name), schema, p.options().products,
                                           regions, reader_options(keep));
                if (ledger) {
                    shipment_ledger l(source, schema, false);
                    return shipment_reader(l.rows(), schema, p.options().products, regions, reader_options(keep));
                }
                return shipment_reader(csv_reader(source), schema, p.options().products, regions, reader_options(keep));
            };
            auto r = uncertainty::measure_statement_model(p, open, context_of(sets),
                                                          python_claim(name, customer, from_day, to_day, allow_empty), threads);
            return std::pair<statement_document, statement_model>(std::move(r.statement), std::move(r.model));
        },
        py::arg("plan"), py::arg("factor_sets"), py::arg("source"), py::arg("is_text"), py::arg("name"),
        py::arg("customer"), py::arg("from_day"), py::arg("to_day"), py::arg("allow_empty") = false,
        py::arg("threads") = 1);

    // A DataFrame's rows (columns as for engine.compute_frame), read as records as build_statements_frame reads them.
    m.def(
        "measure_statement_model_frame",
        [](const plan& p, const std::vector<factor_set_ptr>& sets, const std::string& name, std::size_t rows,
           const py::list& columns, const py::object& na, const std::string& customer, std::int32_t from_day,
           std::int32_t to_day, bool allow_empty, unsigned threads) {
            frame_buffers keep;
            frame_view fv = frame_from_columns(name, rows, columns, na, keep);
            py::gil_scoped_release release;
            shipment_schema schema = shipment_schema::for_plan(p);
            auto regions = std::make_shared<region_tree>(p.options().factors->regions());
            frame_shipments columns_checked(fv, schema, p.options().products, regions);
            auto open = [&](bool keep_canonical) {
                return shipment_reader(frame_records(fv), schema, p.options().products, regions,
                                       reader_options(keep_canonical));
            };
            auto r = uncertainty::measure_statement_model(p, open, context_of(sets),
                                                          python_claim(name, customer, from_day, to_day, allow_empty), threads);
            return std::pair<statement_document, statement_model>(std::move(r.statement), std::move(r.model));
        },
        py::arg("plan"), py::arg("factor_sets"), py::arg("name"), py::arg("rows"), py::arg("columns"), py::arg("na"),
        py::arg("customer"), py::arg("from_day"), py::arg("to_day"), py::arg("allow_empty") = false,
        py::arg("threads") = 1);
}

void register_draws(py::module_& m) {
    m.def(
        "check_statement_options",
        [](std::size_t iterations, unsigned threads, double quantile) {
            uncertainty::monte_carlo_options mc;
            mc.iterations = iterations;
            mc.threads = threads;
            uncertainty::check_options(mc);
            if (!(quantile > 0 && quantile < 1))
                throw error("footprint.uncertainty.options", source_location{"<arguments>", 0, 0, "quantile", {}},
                            "the quantile is out of range", "a number between 0 and 1, e.g. 0.05",
                            std::to_string(quantile));
        },
        py::arg("iterations"), py::arg("threads"), py::arg("quantile"),
        "Refuses iterations outside 1 … 1 000 000, threads outside 1 … 256 and a quantile outside (0, 1) "
        "(footprint.uncertainty.options), before any reading or drawing.");
    m.def(
        "draw_statement",
        [](const statement_model& model, std::uint64_t seed, std::size_t first, std::size_t last, unsigned threads) {
            py::gil_scoped_release release;
            return uncertainty::draw_statement(model, seed, first, last, threads);
        },
        py::arg("model"), py::arg("seed"), py::arg("first"), py::arg("last"), py::arg("threads") = 1);
    m.def(
        "join_draws",
        [](std::vector<statement_draws> parts) {
            py::gil_scoped_release release;
            return uncertainty::join_draws(std::move(parts));
        },
        py::arg("parts"));
    m.def(
        "summarise_statement",
        [](const statement_model& model, const statement_draws& draws, std::size_t iterations, std::uint64_t seed,
           unsigned threads, double quantile) {
            uncertainty::monte_carlo_options mc;
            mc.iterations = iterations;
            mc.seed = seed;
            mc.threads = threads;
            uncertainty::statement_uncertainty u;
            {
                py::gil_scoped_release release;
                u = uncertainty::summarise_statement(model, draws, mc, quantile);
            }
            return py::dict(
                py::arg("customer") = u.customer, py::arg("iterations") = u.options.iterations,
                py::arg("seed") = u.options.seed, py::arg("quantile") = u.quantile,
                py::arg("deterministic_g") = totals_dict(u.deterministic),
                py::arg("baseline_t") = summary_dict(u.baseline_t, u.deterministic.baseline_g),
                py::arg("project_t") = summary_dict(u.project_t, u.deterministic.project_g),
                py::arg("reduction_t") = summary_dict(u.reduction_t, u.deterministic.reduction_g),
                py::arg("probability_reduction_positive") = u.probability_positive,
                py::arg("reduction_at_quantile_t") = u.reduction_at_quantile_t,
                py::arg("issuable_at_quantile_t") = u.issuable_at_quantile_t,
                py::arg("linearity") = py::dict(py::arg("residual_g") = u.linearity_residual_g,
                                                py::arg("bound_g") = u.linearity_bound_g),
                py::arg("factors") = terms_list(u.terms));
        },
        py::arg("model"), py::arg("draws"), py::arg("iterations"), py::arg("seed"), py::arg("threads"),
        py::arg("quantile"));
}

}  // namespace

void register_statement_uncertainty(py::module_& m) {
    register_model(m);
    register_measure(m);
    register_draws(m);
}

}  // namespace footprint::python
