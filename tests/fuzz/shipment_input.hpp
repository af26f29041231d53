#pragma once
// Shared by fuzz_shipments and fuzz_compute: the bundled
// reusable-packaging-reduction methodology bound once, and a shipment reader
// over the fuzzer's input in batches of 7 rows (batch boundaries are part of
// what is fuzzed), keeping each row's canonical text.

#include "footprint/ingest/csv_reader.hpp"
#include "footprint/ingest/shipments.hpp"
#include "fuzz_support.hpp"

namespace footprint::fuzz {

struct bound_reduction {
    plan compiled;
    shipment_schema schema;
    std::shared_ptr<const region_tree> regions;
};

inline const bound_reduction& reduction_plan() {
    static const bound_reduction b = [] {
        const auto& d = bundled_data();
        plan p = plan::bind(*d.reduction, plan_options{d.factors, d.products, &gwp_ar6, {}});
        shipment_schema s = shipment_schema::for_plan(p);
        return bound_reduction{std::move(p), std::move(s), std::make_shared<region_tree>(d.factors->regions())};
    }();
    return b;
}

inline shipment_reader shipment_input(const std::uint8_t* data, std::size_t size) {
    const bound_reduction& b = reduction_plan();
    shipment_reader::options opts;
    opts.batch_rows = 7;
    opts.keep_canonical = true;
    return shipment_reader(csv_reader::from_string(as_text(data, size), "fuzz.csv"), b.schema, bundled_data().products,
                           b.regions, opts);
}

}  // namespace footprint::fuzz
