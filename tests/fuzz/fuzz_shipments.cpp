// Fuzz target: shipment CSV (shipment_reader over csv_reader::from_string) for
// the bundled reusable-packaging-reduction methodology: the header checks, every
// row validated into batches or quarantined, the quarantine written as CSV, and
// the counts reconciled. fuzz_compute runs the same rows through the engine.
// seeds: CSV files written by `footprint sample` (with and without --defects)

#include "footprint/compute/engine.hpp"  // append_quarantine_csv
#include "shipment_input.hpp"

using namespace footprint;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::run_checked([&] {
        shipment_reader reader = fuzz::shipment_input(data, size);
        shipment_batch batch;
        std::vector<rejected_row> rejects;
        std::uint64_t rows = 0;
        while (reader.next(batch, rejects)) {
            rows += batch.rows;
            if (batch.canonical.size() != batch.rows || batch.shipment_ids.size() != batch.rows)
                fuzz::finding("a batch whose columns do not have one entry per row");
        }
        for (const auto& r : rejects) fuzz::check_diagnostic(r.problem);
        std::string quarantine;
        append_quarantine_csv(quarantine, rejects);
        const ingest_counts& c = reader.counts();
        if (c.rows_in != c.accepted + c.rejected || c.accepted != rows || c.rejected != rejects.size())
            fuzz::finding("counts do not reconcile: in " + std::to_string(c.rows_in) + ", accepted " +
                          std::to_string(c.accepted) + " (batches held " + std::to_string(rows) + "), rejected " +
                          std::to_string(c.rejected) + " (quarantine holds " + std::to_string(rejects.size()) + ")");
    });
    return 0;
}
