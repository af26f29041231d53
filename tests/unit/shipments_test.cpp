// Shipment ingest: header checks stop the file, row checks quarantine the row,
// units in headers convert, and counts reconcile.

#include <doctest/doctest.h>

#include <cstdio>
#include <random>
#include <set>
#include <string>

#include "footprint/compute/engine.hpp"
#include "footprint/methodology/methodology.hpp"
#include "footprint/ingest/ledger.hpp"
#include "footprint/ingest/shipments.hpp"

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
    shipment_reader reader(const std::string& csv) const {
        return shipment_reader(csv_reader::from_string(csv, "in.csv"), shipment_schema::for_plan(compiled), products,
                               regions);
    }
};

const setup& env() {
    static const setup s;
    return s;
}

const std::string header =
    "shipment_id,customer_id,date,units,reusable_product,baseline_product,loaded_distance,return_distance,grid_region,washed\n";

}  // namespace

TEST_CASE("the schema is the core columns plus the methodology's monitored parameters") {
    auto schema = shipment_schema::for_plan(env().compiled);
    std::vector<std::string> names;
    for (const auto& c : schema.columns) names.push_back(c.name);
    CHECK(names == std::vector<std::string>{"shipment_id", "customer_id", "date", "units", "reusable_product",
                                            "baseline_product", "loaded_distance", "return_distance", "grid_region",
                                            "washed"});
    CHECK(schema.columns[2].plan_input == 3);  // the methodology's `date` is the core date column
}

TEST_CASE("file-level problems stop before any row: every header problem at once") {
    CHECK_THROWS_WITH_AS(env().reader(""), doctest::Contains("[footprint.shipment.empty-file]"), error);
    try {
        (void)env().reader("shipment_id,customer_id,date,units,units,reusable_product,loaded_distance[kWh],colour\n");
        FAIL("expected an error");
    } catch (const error& e) {
        std::vector<std::string> ids;
        for (const auto& d : e.problems()) ids.push_back(d.id + ":" + d.where.field);
        CHECK(ids == std::vector<std::string>{"footprint.shipment.duplicate-column:units",
                                              "footprint.shipment.header-unit:loaded_distance",
                                              "footprint.shipment.extra-column:colour",
                                              "footprint.shipment.missing-column:baseline_product",
                                              "footprint.shipment.missing-column:loaded_distance",
                                              "footprint.shipment.missing-column:return_distance",
                                              "footprint.shipment.missing-column:grid_region",
                                              "footprint.shipment.missing-column:washed"});
    }
}

TEST_CASE("a unit in the header converts the column: 300 000 m is 300 km") {
    std::string h = "shipment_id,customer_id,date,units,reusable_product,baseline_product,loaded_distance[m],"
                    "return_distance[km],grid_region,washed\n";
    auto r = env().reader(h + "a,c,2023-05-01,1,foldable-ibc-1000l,steel-drum-208l,300000,300,CN-East,1\n");
    shipment_batch b;
    std::vector<rejected_row> rejects;
    REQUIRE(r.next(b, rejects));
    REQUIRE(b.rows == 1);
    // Stored in coherent units (metres): both columns hold 300 000.
    int loaded = r.schema().find("loaded_distance"), ret = r.schema().find("return_distance");
    CHECK(b.numbers[static_cast<std::size_t>(loaded)][0] == 300000.0);
    CHECK(b.numbers[static_cast<std::size_t>(ret)][0] == 300000.0);
    // And the plan computes the hand-worked IBC trip of plan_test.cpp: ER 143 070 g.
    engine eng(env().compiled);
    result_totals totals;
    const batch_output& out = eng.run(r, b, rejects, totals);
    CHECK(out.reduction_g[0] == 143070);
}

TEST_CASE("each bad row is rejected with its line, column, value and what was expected; the rest are kept") {
    std::string csv = header +
                      "s1,c,2023-05-01,1,foldable-ibc-1000l,steel-drum-208l,300,300,CN-East,1\n"   // line 2: good
                      "s2,c,2023-05-01,1,foldable-ibc-1000l,steel-drum-208l,-1,300,CN-East,1\n"    // negative
                      "s1,c,2023-05-01,1,foldable-ibc-1000l,steel-drum-208l,300,300,CN-East,1\n"   // duplicate id
                      "s4,c,2023-13-01,1,foldable-ibc-1000l,steel-drum-208l,300,300,CN-East,1\n"   // bad date
                      "s5,c,2023-05-01,1,foldable-ibc-1000l,steel-drum-208l,inf,300,CN-East,1\n"   // not finite
                      "s6,c,2023-05-01,1,foldable-ibc-1000l,steel-drum-208l,300,300,CN-East\n"     // field count
                      "s7,c,2023-05-01,1,foldable-ibc-1000l,steel-drum-208l,300,300,CN-East,maybe\n"  // flag
                      "s8,c,2023-05-01,1,foldable-ibc-1000l,steel-drum-208l,300,300,CN-East,0";    // good, no final break
    auto r = env().reader(csv);
    shipment_batch b;
    std::vector<rejected_row> rejects;
    REQUIRE(r.next(b, rejects));
    CHECK(b.rows == 2);
    CHECK(b.shipment_ids == std::vector<std::string>{"s1", "s8"});
    REQUIRE(rejects.size() == 6);
    CHECK(rejects[0].problem.str() ==
          "in.csv:3:54: error [footprint.shipment.negative] shipment s2: loaded_distance: negative value "
          "(expected a value ≥ 0 km, found '-1')");
    CHECK(rejects[1].problem.id == "footprint.shipment.duplicate-id");
    CHECK(rejects[1].line == 4);
    CHECK(rejects[2].problem.id == "footprint.shipment.date");
    CHECK(rejects[3].problem.id == "footprint.shipment.not-finite");
    CHECK(rejects[4].problem.id == "footprint.shipment.field-count");
    CHECK(rejects[5].problem.id == "footprint.shipment.not-a-flag");
    CHECK(rejects[5].raw == "s7,c,2023-05-01,1,foldable-ibc-1000l,steel-drum-208l,300,300,CN-East,maybe");
    CHECK(r.counts().rows_in == 8);
    CHECK(r.counts().accepted + r.counts().rejected == r.counts().rows_in);
}

TEST_CASE("a header-only file is an error in compute, and nothing is written") {
    auto r = env().reader(header);
    auto out = std::filesystem::temp_directory_path() / "footprint-header-only.csv";
    std::filesystem::remove(out);
    compute_options o;
    o.results = out;
    CHECK_THROWS_WITH_AS(compute_shipments(env().compiled, r, o), doctest::Contains("[footprint.shipment.no-rows]"), error);
    CHECK_FALSE(std::filesystem::exists(out));
}

TEST_CASE("dates are strict ISO 8601 calendar dates") {
    CHECK(parse_iso_date("2024-02-29").has_value());
    CHECK_FALSE(parse_iso_date("2023-02-29").has_value());
    CHECK_FALSE(parse_iso_date("2023-2-01").has_value());
    CHECK_FALSE(parse_iso_date("2023-04-31").has_value());
    CHECK(format_iso_date(*parse_iso_date("2021-07-31")) == "2021-07-31");
    CHECK(*parse_iso_date("1970-01-02") == 1);
}

TEST_CASE("the shipment id set finds every duplicate, in order, out of order and at the switch between") {
    // Worked by hand: ids in increasing order need no table; the first id out
    // of order builds it from the ids stored so far, and every earlier id must
    // then still be found.
    footprint::detail::id_set ids;
    CHECK(ids.insert("S001"));
    CHECK(ids.insert("S002"));
    CHECK(ids.insert("S010"));
    CHECK(ids.ordered());
    CHECK_FALSE(ids.contains("S011"));  // larger than the last: cannot be there, still ordered
    CHECK(ids.ordered());
    CHECK_FALSE(ids.insert("S010"));  // equal to the last: a duplicate (this builds the table)
    CHECK_FALSE(ids.ordered());
    CHECK(ids.contains("S001"));
    CHECK(ids.contains("S002"));
    CHECK_FALSE(ids.contains("S003"));
    CHECK(ids.insert("S003"));
    CHECK_FALSE(ids.insert("S001"));
    CHECK(ids.size() == 4);

    // A second method over 200 000 ids: the first half in order, then a shuffle of
    // new ids and repeats, against std::set.
    footprint::detail::id_set big;
    std::set<std::string> reference;
    std::mt19937_64 rng(42);
    auto id_of = [](std::uint64_t k) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "S%09llu", static_cast<unsigned long long>(k));
        return std::string(buf);
    };
    for (std::uint64_t k = 0; k < 100000; ++k) {
        REQUIRE(big.insert(id_of(k * 2)));
        reference.insert(id_of(k * 2));
    }
    CHECK(big.ordered());
    std::size_t duplicates = 0;
    for (int n = 0; n < 100000; ++n) {
        const std::string id = id_of(rng() % 200000);  // half of them were inserted above
        const bool fresh = reference.insert(id).second;
        CHECK(big.contains(id) == !fresh);
        CHECK(big.insert(id) == fresh);
        duplicates += fresh ? 0 : 1;
    }
    CHECK_FALSE(big.ordered());
    CHECK(big.size() == reference.size());
    CHECK(duplicates > 40000);  // about 100 000 x (1/2 inserted before + a few repeats)
}

TEST_CASE("a ledger's rows, handed over one by one, read exactly as the ledger's CSV text does") {
    const auto dir = std::filesystem::temp_directory_path() / ("footprint-ledger-rows-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir);
    const auto csv = dir / "in.csv";
    {
        std::FILE* f = std::fopen(csv.string().c_str(), "wb");
        REQUIRE(f != nullptr);
        const std::string text = header +
                                 "S3,\"c,1\",2021-02-01,4,foldable-klt,carton-for-klt,100,100,CN-Jiangsu,1\n"
                                 "S1,\"c\"\"2\",2021-02-02,5,foldable-klt,carton-for-klt,120.5,90,CN-Jiangsu,0\n"
                                 "S2,c3,2021-02-03,6,foldable-klt,carton-for-klt,80,80,CN-Jiangsu,1\n";
        std::fwrite(text.data(), 1, text.size(), f);
        std::fclose(f);
    }
    const shipment_schema schema = shipment_schema::for_plan(env().compiled);
    shipment_ledger ledger(dir / "ledger.sqlite", schema, true);
    REQUIRE(ledger.import_csv(csv, env().products, env().regions).counts.accepted == 3);
    shipment_reader::options opts;
    opts.keep_canonical = true;
    shipment_reader from_text(csv_reader::from_string(ledger.to_csv(), "ledger"), schema, env().products, env().regions, opts);
    shipment_reader from_rows(ledger.rows(), schema, env().products, env().regions, opts);
    shipment_batch a, b;
    std::vector<rejected_row> ra, rb;
    REQUIRE(from_text.next(a, ra));
    REQUIRE(from_rows.next(b, rb));
    CHECK(b.shipment_ids == std::vector<std::string>{"S1", "S2", "S3"});
    CHECK(b.shipment_ids == a.shipment_ids);
    CHECK(b.lines == a.lines);
    CHECK(b.canonical == a.canonical);
    CHECK(b.codes == a.codes);
    CHECK(b.numbers == a.numbers);
    CHECK(from_rows.dictionary(column_customer_id) == from_text.dictionary(column_customer_id));
    // The end stays the end: reading on does not start the ledger over.
    CHECK_FALSE(from_rows.next(b, rb));
    CHECK_FALSE(from_rows.next(b, rb));
    CHECK(from_rows.counts().rows_in == 3);
    CHECK(from_rows.counts().rows_in == from_text.counts().rows_in);
    CHECK(from_rows.counts().bytes == ledger.to_csv().size());
    CHECK(rb.empty());
    std::filesystem::remove_all(dir);
}
