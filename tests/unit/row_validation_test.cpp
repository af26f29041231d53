// One row-validation path: the same bad value is refused with the same error
// id, message, expected and found text whether the row comes from a CSV file
// (shipment_reader), from columns in memory (frame_shipments, as the Python
// bindings hand them over) or as one row of text (plan::evaluate_row, which
// explain uses).

#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "footprint/compute/frame.hpp"
#include "footprint/factors/factor_library.hpp"
#include "footprint/ingest/csv_reader.hpp"
#include "footprint/ingest/shipments.hpp"
#include "footprint/methodology/methodology.hpp"
#include "footprint/plan/plan.hpp"
#include "footprint/products/catalog.hpp"

using namespace footprint;

namespace {

const std::filesystem::path source_dir = FOOTPRINT_SOURCE_DIR;

struct setup {
    std::shared_ptr<factor_library> factors;
    std::shared_ptr<catalog> products;
    std::shared_ptr<region_tree> regions;
    plan compiled;
    setup()
        : factors(std::make_shared<factor_library>(load_factor_directory(source_dir / "factors"))),
          products(std::make_shared<catalog>(load_catalog_directory(source_dir / "methodologies" / "catalog", factors.get()))),
          regions(std::make_shared<region_tree>(factors->regions())),
          compiled(plan::bind(load_methodology(source_dir / "methodologies" / "archive" / "reusable-packaging-reduction-1.0.0.yaml"),
                              plan_options{factors, products})) {}
};

const setup& env() {
    static const setup s;
    return s;
}

const std::vector<std::string> columns{"shipment_id", "customer_id",      "date",            "units",       "reusable_product",
                                       "baseline_product", "loaded_distance", "return_distance", "grid_region", "washed"};

std::map<std::string, std::string> good_row() {
    return {{"shipment_id", "S1"},          {"customer_id", "C1"},        {"date", "2023-05-01"},
            {"units", "2"},                 {"reusable_product", "foldable-ibc-1000l"},
            {"baseline_product", "steel-drum-208l"}, {"loaded_distance", "120"},
            {"return_distance", "80"},      {"grid_region", "CN-North"},  {"washed", "0"}};
}

struct said {
    std::string id, message, expected, found;
    bool operator==(const said&) const = default;
};

std::ostream& operator<<(std::ostream& os, const said& s) {
    return os << s.id << " | " << s.message << " | expected " << s.expected << " | found '" << s.found << "'";
}

said of(const diagnostic& d) { return {d.id, d.message, d.expected, d.found}; }

said through_csv(const std::map<std::string, std::string>& row) {
    std::string csv, line;
    for (const auto& c : columns) {
        csv += (csv.empty() ? "" : ",") + c;
        line += (line.empty() ? "" : ",") + row.at(c);
    }
    shipment_reader r(csv_reader::from_string(csv + "\n" + line + "\n", "in.csv"), shipment_schema::for_plan(env().compiled),
                      env().products, env().regions);
    shipment_batch b;
    std::vector<rejected_row> rejects;
    while (r.next(b, rejects)) {}
    return rejects.empty() ? said{} : of(rejects.front().problem);
}

said through_frame(const std::map<std::string, std::string>& row) {
    std::vector<std::string_view> texts;
    texts.reserve(columns.size());
    for (const auto& c : columns) texts.emplace_back(row.at(c));
    frame_view fv;
    fv.rows = 1;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        frame_column fc;
        fc.name = columns[i];
        fc.storage = frame_storage::texts;
        fc.texts = &texts[i];
        fc.dtype = "object";
        fv.columns.push_back(fc);
    }
    frame_shipments f(fv, shipment_schema::for_plan(env().compiled), env().products, env().regions);
    frame_batch b;
    std::vector<frame_reject> rejects;
    while (f.next(b, rejects)) {}
    return rejects.empty() ? said{} : of(rejects.front().problem);
}

said through_evaluate_row(const std::map<std::string, std::string>& row) {
    try {
        (void)env().compiled.evaluate_row(row);
    } catch (const error& e) {
        return of(e.problems().front());
    }
    return {};
}

}  // namespace

TEST_CASE("CSV ingest, frames and evaluate_row refuse the same value with the same id and message") {
    const std::vector<std::pair<std::string, std::string>> bad{
        {"date", "2023-02-30"},        {"date", "2101-01-01"},         {"loaded_distance", "1e400"},
        {"loaded_distance", "12 km"},  {"units", "2.5"},               {"grid_region", ""},
        {"units", "-1"},               {"units", "0"},                 {"loaded_distance", "5001"},
        {"baseline_product", "wooden-crate"}, {"grid_region", "XX-Nowhere"}, {"washed", "maybe"},
    };
    for (const auto& [column, value] : bad) {
        CAPTURE(column);
        CAPTURE(value);
        auto row = good_row();
        row[column] = value;
        const said csv = through_csv(row);
        REQUIRE(!csv.id.empty());
        CHECK(csv.found == value);
        CHECK(through_frame(row) == csv);
        CHECK(through_evaluate_row(row) == csv);
    }
    // And the good row passes all three.
    CHECK(through_csv(good_row()).id.empty());
    CHECK(through_frame(good_row()).id.empty());
    CHECK(through_evaluate_row(good_row()).id.empty());
}
