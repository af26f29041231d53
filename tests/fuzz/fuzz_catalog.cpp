// Fuzz target: catalog YAML (load_catalog_yaml against the bundled factors),
// then each product's footprint, its stage table, its JSON and its study report.
// seeds: methodologies/catalog/*.yaml

#include "footprint/products/cfp.hpp"
#include "footprint/products/cfp_report.hpp"
#include "footprint/render/cfp_study.hpp"
#include "fuzz_support.hpp"

using namespace footprint;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& b = fuzz::bundled_data();
    const std::vector<std::pair<std::string, std::string>> texts{{"fuzz.yaml", fuzz::as_text(data, size)}};
    fuzz::run_checked([&] {
        catalog cat = load_catalog_yaml(texts, b.factors.get());
        cfp_options opts;
        for (const auto& entry : cat.products()) {
            const packaging_product& product = entry.second;
            fuzz::run_checked([&] {
                product_footprint fp = compute_product_footprint(product, *b.factors, opts);
                (void)render_cfp_table(fp, *b.factors, opts);
                (void)render_cfp_json({fp}, *b.factors, opts, false);
                cfp_study study = compute_cfp_study(product, *b.factors, opts);
                (void)render_cfp_study(study, *b.factors, document_format::markdown, document_language::en);
            });
        }
    });
    return 0;
}
