// Monte Carlo and sensitivity of product footprints (docs/uncertainty.md).

#include "register.hpp"

#include <pybind11/numpy.h>

#include "footprint/products/cfp.hpp"
#include "footprint/uncertainty/cfp_monte_carlo.hpp"
#include "footprint/uncertainty/cfp_uncertainty_report.hpp"

namespace footprint::python {

namespace {

/// A numpy array that owns the vector's buffer (no copy).
py::array_t<double> as_array(std::vector<double>&& v) {
    auto* owned = new std::vector<double>(std::move(v));
    py::capsule free_when_done(owned, [](void* p) { delete static_cast<std::vector<double>*>(p); });
    return py::array_t<double>({owned->size()}, {sizeof(double)}, owned->data(), free_when_done);
}

py::dict summary_dict(const uncertainty::summary& s, double deterministic) {
    return py::dict(py::arg("deterministic") = deterministic, py::arg("mean") = s.mean, py::arg("sd") = s.sd,
                    py::arg("median") = s.median, py::arg("p2_5") = s.p2_5, py::arg("p5") = s.p5,
                    py::arg("p95") = s.p95, py::arg("p97_5") = s.p97_5, py::arg("min") = s.min,
                    py::arg("max") = s.max);
}

}  // namespace

void register_uncertainty(py::module_& m) {
    m.def(
        "product_monte_carlo",
        [](const catalog& c, const std::string& product, const factor_library& factors, int year,
           const std::string& region, const std::string& gwp, std::size_t iterations, std::uint64_t seed,
           unsigned threads) {
            const packaging_product* p = c.find(product);
            if (!p)
                throw error("footprint.catalog.unknown-product", source_location{"<python>", 0, 0, "product", {}},
                            "no product with this id", "a product of the catalog", product);
            cfp_options o;
            o.year = year;
            o.region = region;
            o.gwp = &gwp_by_name(gwp);
            uncertainty::monte_carlo_options mc;
            mc.iterations = iterations;
            mc.seed = seed;
            mc.threads = threads;
            uncertainty::cfp_uncertainty r;
            {
                py::gil_scoped_release release;
                r = uncertainty::cfp_monte_carlo(compute_product_footprint(*p, factors, o), factors, mc);
            }
            const std::string json = uncertainty::render_cfp_uncertainty_json({r}, o);
            py::list terms;
            for (std::size_t t = 0; t < r.terms.size(); ++t)
                terms.append(py::dict(
                    py::arg("factor_id") = r.terms[t].id, py::arg("kind") = uncertainty::input_kind_name(r.terms[t].kind),
                    py::arg("distribution") = r.terms[t].distribution.describe(),
                    py::arg("per_unit_kg") = r.terms[t].per_unit_kg, py::arg("per_trip_kg") = r.terms[t].per_trip_kg,
                    py::arg("spearman_per_unit") = r.sensitivity[t].spearman_per_unit,
                    py::arg("spearman_per_trip") = r.sensitivity[t].spearman_per_trip,
                    py::arg("variance_share_per_trip") = r.sensitivity[t].variance_share_per_trip,
                    py::arg("multipliers") = as_array(std::move(r.multipliers[t]))));
            return py::dict(py::arg("product") = r.product_id, py::arg("iterations") = iterations,
                            py::arg("seed") = seed, py::arg("per_unit") = summary_dict(r.per_unit, r.per_unit_kg),
                            py::arg("per_trip") = summary_dict(r.per_trip, r.per_trip_kg), py::arg("terms") = terms,
                            py::arg("per_unit_kg") = as_array(std::move(r.per_unit_draws)),
                            py::arg("per_trip_kg") = as_array(std::move(r.per_trip_draws)), py::arg("json") = json);
        },
        py::arg("catalog"), py::arg("product"), py::arg("factors"), py::arg("year") = 2023, py::arg("region") = "CN",
        py::arg("gwp") = "AR6", py::arg("iterations") = 1000, py::arg("seed") = 1, py::arg("threads") = 1);
    register_statement_uncertainty(m);
}

}  // namespace footprint::python
