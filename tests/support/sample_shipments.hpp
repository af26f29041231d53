#pragma once
// Sample shipments (`footprint sample`) in a file of the test's own (ctest runs
// test cases as parallel processes), and readers of it for any plan: what the
// coefficient-pass tests read the same file with, again and again.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

#include "footprint/ingest/csv_reader.hpp"
#include "footprint/ingest/sample_data.hpp"
#include "footprint/ingest/shipments.hpp"
#include "support/bundled_data.hpp"

namespace footprint::testing {

struct sample_shipments {
    std::filesystem::path csv;
    std::shared_ptr<const region_tree> regions = std::make_shared<region_tree>(bundled().factors->regions());

    sample_shipments(const std::string& name, std::size_t rows)
        : csv(std::filesystem::temp_directory_path() / ("footprint-sample-" + name + ".csv")) {
        sample_options o;
        o.rows = rows;
        (void)write_sample_shipments(csv, o);
    }
    sample_shipments(const sample_shipments&) = delete;
    sample_shipments& operator=(const sample_shipments&) = delete;
    ~sample_shipments() { std::filesystem::remove(csv); }

    /// A reader of the file for `q`'s schema, in batches of `batch_rows`.
    [[nodiscard]] shipment_reader reader(const plan& q, std::size_t batch_rows, bool keep_canonical) const {
        shipment_reader::options o;
        o.batch_rows = batch_rows;
        o.keep_canonical = keep_canonical;
        return shipment_reader(csv_reader(csv.string()), shipment_schema::for_plan(q), bundled().products, regions, o);
    }
};

}  // namespace footprint::testing
