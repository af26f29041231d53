#pragma once
// A deterministic generator of realistic shipment data for the bundled
// `reusable-packaging-reduction` methodology: three customers modelled on the
// operator's published cases (a chemical producer shipping in foldable IBCs
// instead of 208 L steel drums, a new-energy auto-parts maker using EUO palletised
// units instead of carton pallet loads, an appliance maker using foldable pallet
// boxes with layer pads instead of cartons), dispatch dates over 14 months, depots
// in named provinces.
// The same options give the same bytes on every machine: the demo, the tests
// and the benchmarks all use it. With `defects`, it seeds one row of each
// kind of defect the ingest must reject, and says where.
//
// The quantities (units per shipment, distances, washing shares) are
// illustrative, not statistics: they exercise the methodology at realistic
// scale and say nothing about any real customer.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace footprint {

struct sample_options {
    std::uint64_t rows = 1000;          ///< shipments (defect rows included)
    std::uint64_t seed = 20200601;
    int first_year = 2020, first_month = 6;  ///< first dispatch month
    int months = 14;
    bool defects = false;
};

/// A row seeded with a defect, and what the ingest must say about it.
struct seeded_defect {
    std::uint64_t line;       ///< line in the file (header is line 1)
    std::string error_id;     ///< the error id expected in quarantine
    std::string description;
};

/// Writes the CSV to `path` (atomically) and returns the seeded defects.
std::vector<seeded_defect> write_sample_shipments(const std::filesystem::path& path, const sample_options& options);

/// The column header the generator writes.
[[nodiscard]] std::string sample_shipments_header();

}  // namespace footprint
