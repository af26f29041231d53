// Fuzz target: shipment CSV through the engine, as `footprint compute` does
// without writing files: shipment_reader over csv_reader::from_string for the
// bundled reusable-packaging-reduction methodology, every batch evaluated, the
// counts reconciled. Slower than fuzz_shipments (each input resolves its own
// look-up tables), so it reaches fewer inputs but every stage of a computation.
// seeds: CSV files written by `footprint sample` (with and without --defects)

#include "footprint/csv_reader.hpp"
#include "footprint/engine.hpp"
#include "footprint/shipments.hpp"
#include "fuzz_support.hpp"

using namespace footprint;

namespace {
struct bound {
    plan compiled;
    shipment_schema schema;
    std::shared_ptr<const region_tree> regions;
};
const bound& bound_plan() {
    static const bound b = [] {
        const auto& d = fuzz::bundled_data();
        plan p = plan::bind(*d.reduction, plan_options{d.factors, d.products, &gwp_ar6, {}});
        shipment_schema s = shipment_schema::for_plan(p);
        return bound{std::move(p), std::move(s), std::make_shared<region_tree>(d.factors->regions())};
    }();
    return b;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const bound& b = bound_plan();
    fuzz::run_checked([&] {
        shipment_reader::options opts;
        opts.batch_rows = 7;  // small batches: batch boundaries are part of what is fuzzed
        opts.keep_canonical = true;
        shipment_reader reader(csv_reader::from_string(fuzz::as_text(data, size), "fuzz.csv"), b.schema,
                               fuzz::bundled_data().products, b.regions, opts);
        engine eng(b.compiled);
        shipment_batch batch;
        std::vector<rejected_row> rejects;
        result_totals totals;
        std::uint64_t by_plan = 0;
        while (reader.next(batch, rejects)) {
            const std::size_t before = rejects.size();
            eng.run(reader, batch, rejects, totals);
            by_plan += rejects.size() - before;
        }
        for (const auto& r : rejects) fuzz::check_diagnostic(r.problem);
        std::string quarantine;
        append_quarantine_csv(quarantine, rejects);
        const ingest_counts& c = reader.counts();
        if (c.rows_in != c.accepted + c.rejected || c.accepted != totals.computed + by_plan)
            fuzz::finding("counts do not reconcile: in " + std::to_string(c.rows_in) + ", accepted " +
                          std::to_string(c.accepted) + ", rejected " + std::to_string(c.rejected) + ", computed " +
                          std::to_string(totals.computed) + ", rejected by the plan " + std::to_string(by_plan));
    });
    return 0;
}
