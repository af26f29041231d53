// The packaging catalog and product carbon footprints (ISO 14067).

#include "register.hpp"

#include "footprint/products/catalog.hpp"
#include "footprint/products/cfp.hpp"
#include "footprint/interchange/pact_export.hpp"
#include "footprint/core/number_text.hpp"

namespace footprint::python {

namespace {

py::tuple measured_tuple(const measured& q) { return py::make_tuple(q.value, q.unit.text); }

py::dict item_dict(const inventory_item& it) {
    return py::dict(py::arg("name") = it.name, py::arg("stage") = std::string(stage_key(it.stage)),
                    py::arg("activity") = it.activity, py::arg("factor_id") = it.factor_id, py::arg("region") = it.region,
                    py::arg("quantity") = measured_tuple(it.quantity), py::arg("share") = it.share, py::arg("tag") = it.tag,
                    py::arg("source") = it.cited.source_id, py::arg("assumption") = it.cited.assumption);
}

py::dict result_dict(const footprint_result& r) {
    py::list stages;
    for (const auto& st : r.stages) {
        py::list items;
        for (const auto& it : st.items)
            items.append(py::dict(py::arg("name") = it.name, py::arg("quantity") = measured_tuple(it.quantity),
                                  py::arg("share") = it.share, py::arg("factor_id") = it.factor_id,
                                  py::arg("factor_value") = it.factor_value, py::arg("factor_unit") = it.factor_unit,
                                  py::arg("factor_source") = it.factor_source, py::arg("fallback_path") = it.fallback_path,
                                  py::arg("fossil") = it.fossil, py::arg("grams") = it.grams));
        stages.append(py::dict(py::arg("stage") = std::string(stage_key(st.stage)),
                               py::arg("title") = std::string(stage_title(st.stage)), py::arg("grams") = st.grams,
                               py::arg("fossil_grams") = st.fossil_grams, py::arg("biogenic_grams") = st.biogenic_grams,
                               py::arg("items") = items));
    }
    return py::dict(py::arg("stages") = stages, py::arg("grams") = r.grams, py::arg("fossil_grams") = r.fossil_grams,
                    py::arg("biogenic_grams") = r.biogenic_grams, py::arg("gwp") = r.gwp);
}

/// Product('foldable-ibc-1000l-pool', reusable, 1000 L, tare 70 kg, 25 trips); the name
/// (often a sentence) is `name`.
std::string product_repr(const packaging_product& p) {
    std::string out = "Product(" + quoted(p.id) + ", " + (p.reusable() ? "reusable" : "single_use") + ", " + shortest_text(p.capacity.value) + " " +
                      p.capacity.unit.text + ", tare " + shortest_text(p.tare_mass.value) + " " + p.tare_mass.unit.text;
    if (p.design_life_trips) out += ", " + std::to_string(*p.design_life_trips) + " trips";
    return out + ")";
}

}  // namespace

void register_catalog(py::module_& m) {
    py::class_<packaging_product>(m, "packaging_product", "A packaging product of the catalog (footprint::packaging_product), read-only.")
        .def("__repr__", &product_repr)
        .def_readonly("id", &packaging_product::id, "The product's id, e.g. 'foldable-ibc-1000l-pool'.")
        .def_readonly("name", &packaging_product::name, "A readable name.")
        .def_property_readonly("kind", [](const packaging_product& p) { return p.reusable() ? "reusable" : "single_use"; }, "'reusable' or 'single_use'.")
        .def_property_readonly("reusable", &packaging_product::reusable, "True for a reusable product.")
        .def_property_readonly("capacity", [](const packaging_product& p) { return measured_tuple(p.capacity); }, "(value, unit): litres or kilograms of goods one unit holds.")
        .def_property_readonly("tare_mass", [](const packaging_product& p) { return measured_tuple(p.tare_mass); }, "(value, unit): the empty unit's mass.")
        .def_readonly("design_life_trips", &packaging_product::design_life_trips, "Trips a reusable unit is designed for (None for single use).")
        .def_readonly("folded_volume_ratio", &packaging_product::folded_volume_ratio, "Folded volume over full volume, for a foldable unit (else None).")
        .def_readonly("functional_unit", &packaging_product::functional_unit, "The functional unit, as text.")
        .def_readonly("notes", &packaging_product::notes, "Free-text notes.")
        .def_property_readonly("items", [](const packaging_product& p) {
            py::list out;
            for (const auto& it : p.items) out.append(item_dict(it));
            return out;
        }, "The unit's own life (make, deliver, dispose): one dict per inventory item.")
        .def_property_readonly("per_trip", [](const packaging_product& p) {
            py::list out;
            for (const auto& it : p.per_trip) out.append(item_dict(it));
            return out;
        }, "What each trip adds (reusable only): one dict per inventory item.")
        .def_property_readonly("exclusions", [](const packaging_product& p) {
            py::list out;
            for (const auto& e : p.exclusions) out.append(py::make_tuple(e.what, e.reason));
            return out;
        }, "What the footprint leaves out: (what, reason) pairs.")
        .def_property_readonly("file", [](const packaging_product& p) { return p.where.file; }, "The YAML file it was read from.");

    py::class_<catalog, catalog_ptr>(m, "catalog")
        .def("find", [](const catalog& c, const std::string& id) -> py::object {
            const packaging_product* p = c.find(id);
            return p ? py::cast(*p) : py::none();
        })
        .def("ids", [](const catalog& c) {
            std::vector<std::string> out;
            for (const auto& [id, _] : c.products()) out.push_back(id);
            return out;
        })
        .def("__len__", &catalog::size);

    m.def(
        "load_catalog_directory",
        [](const std::filesystem::path& dir, const library_ptr& factors) {
            return std::make_shared<catalog>(load_catalog_directory(dir, factors.get()));
        },
        py::arg("directory"), py::arg("factors") = nullptr);

    m.def(
        "compute_product_footprint",
        [](const catalog& c, const std::string& product, const factor_library& factors, int year,
           const std::string& region, bool region_overrides_items, const std::string& gwp) {
            const packaging_product* p = c.find(product);
            if (!p) {
                std::string known;
                for (const auto& [id, _] : c.products()) known += (known.empty() ? "" : ", ") + id;
                throw error("footprint.catalog.unknown-product", source_location{"<python>", 0, 0, "product", {}},
                            "no product with this id", "one of " + known, product);
            }
            cfp_options o;
            o.year = year;
            o.region = region;
            o.region_overrides_items = region_overrides_items;
            o.gwp = &gwp_by_name(gwp);
            product_footprint pf = compute_product_footprint(*p, factors, o);
            return py::dict(py::arg("product") = p->id, py::arg("per_unit") = result_dict(pf.per_unit),
                            py::arg("per_trip") = result_dict(pf.per_trip));
        },
        py::arg("catalog"), py::arg("product"), py::arg("factors"), py::arg("year") = 2023, py::arg("region") = "CN",
        py::arg("region_overrides_items") = false, py::arg("gwp") = "AR6");

    m.def(
        "render_pact",
        [](const catalog& c, const std::string& product, const factor_library& factors, int year,
           const std::string& region, const std::string& gwp, const std::string& company_name,
           const std::vector<std::string>& company_ids, const std::string& exempted_percent,
           const std::string& created) {
            const packaging_product* p = c.find(product);
            if (!p)
                throw error("footprint.catalog.unknown-product", source_location{"<python>", 0, 0, "product", {}},
                            "no product with this id", "a product of the catalog", product);
            cfp_options o;
            o.year = year;
            o.region = region;
            o.gwp = &gwp_by_name(gwp);
            pact_export_options x{company_name, company_ids, created, exempted_percent};
            return render_pact_product_footprint(compute_product_footprint(*p, factors, o), factors, o, x);
        },
        "A product's PACT 3.0 ProductFootprint as JSON text (footprint/interchange/pact_export.hpp).",
        py::arg("catalog"), py::arg("product"), py::arg("factors"), py::arg("year"), py::arg("region"),
        py::arg("gwp"), py::arg("company_name"), py::arg("company_ids"), py::arg("exempted_percent") = "",
        py::arg("created") = "");
}

}  // namespace footprint::python
