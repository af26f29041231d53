// Fuzz target: shipment CSV through the engine, as `footprint compute` does
// without writing files: shipment_reader over csv_reader::from_string for the
// bundled reusable-packaging-reduction methodology, every batch evaluated, the
// counts reconciled. Slower than fuzz_shipments (each input resolves its own
// look-up tables), so it reaches fewer inputs but every stage of a computation.
// seeds: CSV files written by `footprint sample` (with and without --defects)

#include "footprint/compute/engine.hpp"
#include "shipment_input.hpp"

using namespace footprint;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::run_checked([&] {
        shipment_reader reader = fuzz::shipment_input(data, size);
        engine eng(fuzz::reduction_plan().compiled);
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
