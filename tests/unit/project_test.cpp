// CCER project: the project file, QA/QC of monitored data and the monitoring
// report, on a small ledger made by hand where each check's count is known by
// construction (the working is in the comments).

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <fstream>

#include "footprint/ingest/ledger.hpp"
#include "footprint/plan/inputs.hpp"
#include "footprint/project/estimate.hpp"
#include "footprint/project/loss_record.hpp"
#include "footprint/project/monitored_data.hpp"
#include "footprint/project/monitoring_render.hpp"
#include "footprint/project/monitoring_report.hpp"
#include "footprint/project/qaqc.hpp"
#include "support/scratch_dir.hpp"

using namespace footprint;

namespace {

const std::filesystem::path source_dir = FOOTPRINT_SOURCE_DIR;

// Two customers in the project: A (foldable IBC for steel drums, pool 100) and
// B (EUO units for carton pallet loads, pool 50).
const char* const project_yaml = R"(id: test-project
title: {en: Test project, zh: 测试项目}
methodology: reusable-packaging-reduction@2.1.0
start_date: 2024-01-01
crediting_years: 10
customers:
  - id: A
    reusable_product: foldable-ibc-1000l-pool
    baseline_product: steel-drum-208l-sheet
    pool_size: 100
    washed_share: 1
    grid_regions: {CN-Jiangsu: 1}
    loaded_distance: {distribution: uniform, min: 90, max: 110}
    return_distance: {distribution: share-of-loaded, min: 0.8, max: 1.0}
  - id: B
    reusable_product: euo-pallet-unit
    baseline_product: carton-pallet-load
    pool_size: 50
    washed_share: 0.5
    grid_regions: {CN-Hubei: 1}
    loaded_distance: {distribution: fixed, value: 50}
    return_distance: {distribution: fixed, value: 40}
qaqc:
  outlier_z: 3.5
  return_to_loaded: {min: 0.5, max: 1.5}
  cycle_ratio_max: 1.5
  max_gap_days: 7
  examples: 10
)";

const char* const header =
    "shipment_id,customer_id,date,units,reusable_product,baseline_product,loaded_distance,return_distance,grid_region,"
    "washed\n";

// The seeded ledger, January 2024 (31 days).
//  A: every third day from the 1st to the 31st, 5 units, loaded ~100 km and return 0.9 x loaded, except
//     A09 (return 200 on loaded 100: ratio 2.0) and A10 (loaded 500, return 450);
//  B: days 1, 2, 3, 20, 21 at 50/40 km, 20 units except B03 with 60; B06 repeats B05 under another id;
//  C: a customer the project does not list;
//  X: loaded 6000 km, above the methodology's range [0, 5000]: refused at import.
const char* const seeded_rows =
    "A01,A,2024-01-01,5,foldable-ibc-1000l-pool,steel-drum-208l-sheet,100,90,CN-Jiangsu,1\n"
    "A02,A,2024-01-04,5,foldable-ibc-1000l-pool,steel-drum-208l-sheet,102,91.8,CN-Jiangsu,1\n"
    "A03,A,2024-01-07,5,foldable-ibc-1000l-pool,steel-drum-208l-sheet,98,88.2,CN-Jiangsu,1\n"
    "A04,A,2024-01-10,5,foldable-ibc-1000l-pool,steel-drum-208l-sheet,101,90.9,CN-Jiangsu,1\n"
    "A05,A,2024-01-13,5,foldable-ibc-1000l-pool,steel-drum-208l-sheet,99,89.1,CN-Jiangsu,1\n"
    "A06,A,2024-01-16,5,foldable-ibc-1000l-pool,steel-drum-208l-sheet,100,90,CN-Jiangsu,1\n"
    "A07,A,2024-01-19,5,foldable-ibc-1000l-pool,steel-drum-208l-sheet,103,92.7,CN-Jiangsu,1\n"
    "A08,A,2024-01-22,5,foldable-ibc-1000l-pool,steel-drum-208l-sheet,97,87.3,CN-Jiangsu,1\n"
    "A09,A,2024-01-25,5,foldable-ibc-1000l-pool,steel-drum-208l-sheet,100,200,CN-Jiangsu,1\n"
    "A10,A,2024-01-28,5,foldable-ibc-1000l-pool,steel-drum-208l-sheet,500,450,CN-Jiangsu,1\n"
    "A11,A,2024-01-31,5,foldable-ibc-1000l-pool,steel-drum-208l-sheet,100,90,CN-Jiangsu,1\n"
    "B01,B,2024-01-01,20,euo-pallet-unit,carton-pallet-load,50,40,CN-Hubei,1\n"
    "B02,B,2024-01-02,20,euo-pallet-unit,carton-pallet-load,50,40,CN-Hubei,0\n"
    "B03,B,2024-01-03,60,euo-pallet-unit,carton-pallet-load,50,40,CN-Hubei,1\n"
    "B04,B,2024-01-20,20,euo-pallet-unit,carton-pallet-load,50,40,CN-Hubei,0\n"
    "B05,B,2024-01-21,20,euo-pallet-unit,carton-pallet-load,50,40,CN-Hubei,1\n"
    "B06,B,2024-01-21,20,euo-pallet-unit,carton-pallet-load,50,40,CN-Hubei,1\n"
    "C01,C,2024-01-15,5,foldable-ibc-1000l-pool,steel-drum-208l-sheet,80,70,CN-Jiangsu,1\n"
    "X01,A,2024-01-15,5,foldable-ibc-1000l-pool,steel-drum-208l-sheet,6000,90,CN-Jiangsu,1\n";

// The clean ledger: A every third day with no anomaly, B every fifth day (no run of more than 4 empty
// days, none at the ends: days 1..31 step 5 ends on the 31st), 5 units: nothing to flag.
std::string clean_rows() {
    std::string s;
    for (int d = 1, i = 1; d <= 31; d += 3, ++i)
        s += "CA" + std::to_string(i) + ",A,2024-01-" + (d < 10 ? "0" : "") + std::to_string(d) +
             ",5,foldable-ibc-1000l-pool,steel-drum-208l-sheet," + std::to_string(95 + i) + ",85,CN-Jiangsu,1\n";
    // B washes every other shipment (1, 0, 1, ...): 4 of its 7 shipments, 20 of 35 units = 0.571, within 0.1 of
    // its declared 0.5.
    for (int d = 1, i = 1; d <= 31; d += 5, ++i)
        s += "CB" + std::to_string(i) + ",B,2024-01-" + (d < 10 ? "0" : "") + std::to_string(d) +
             ",5,euo-pallet-unit,carton-pallet-load," + std::to_string(45 + i) + ",40,CN-Hubei," + (i % 2 ? "1" : "0") + "\n";
    return s;
}

plan_inputs test_inputs(const project_description& p) {
    input_request r;
    r.data = source_dir;
    r.factor_set = FOOTPRINT_BUNDLED_SET;
    r.methodology = p.methodology;
    plan_inputs in = open_inputs_unbound(r);
    bind_plan(in, {}, p.parameters);
    return in;
}

std::filesystem::path make_ledger(const test::scratch_dir& dir, const plan_inputs& in, const std::string& rows,
                                  const std::string& name) {
    const auto csv = dir.dir / (name + ".csv");
    std::ofstream(csv) << header << rows;
    const auto path = dir.dir / (name + ".sqlite");
    shipment_ledger ledger(path, shipment_schema::for_plan(*in.compiled), true);
    (void)ledger.import_csv(csv, in.products, in.regions);
    return path;
}

std::map<std::string, qaqc_check> checks_of(const project_description& p, const plan_inputs& in,
                                            const std::filesystem::path& ledger_path,
                                            std::int32_t to_day = days_from_civil(2024, 1, 31),
                                            const loss_record* losses = nullptr) {
    const auto schema = shipment_schema::for_plan(*in.compiled);
    shipment_ledger ledger(ledger_path, schema, false);
    shipment_reader reader(ledger.rows(), schema, in.products, in.regions, {});
    monitored_data d = read_monitored_data(reader, days_from_civil(2024, 1, 1), to_day);
    for (const auto& q : ledger.rejections()) d.quarantine.push_back({q.shipment_id, q.error_id, q.message, q.file});
    qaqc_context ctx;
    ctx.method = &in.compiled->method();
    ctx.project = &p;
    ctx.losses = losses;
    std::map<std::string, qaqc_check> out;
    for (auto& c : run_qaqc(d, ctx)) out[c.id] = std::move(c);
    return out;
}

std::vector<std::string> example_ids(const qaqc_check& c) {
    std::vector<std::string> ids;
    for (const auto& e : c.examples) ids.push_back(e.shipment_id);
    return ids;
}

}  // namespace

TEST_CASE("project file: read, and every problem reported with line, column and field") {
    const project_description p = load_project_yaml(project_yaml, "test.yaml");
    CHECK(p.customers.size() == 2);
    CHECK(p.customers[1].loaded_distance.mean(0) == 50);
    // share-of-loaded: mean loaded 100 x mean share (0.8 + 1.0) / 2 = 90 km
    CHECK(p.customers[0].return_distance.mean(p.customers[0].loaded_distance.mean(0)) == doctest::Approx(90.0));
    CHECK(p.pool_by_product().at("euo-pallet-unit") == 50);
    CHECK(format_iso_date(p.end_day()) == "2033-12-31");

    const char* bad = R"(id: bad
title: Bad
methodology: reusable-packaging-reduction
start_date: 2024-02-30
crediting_years: 10
customers:
  - id: A
    reusable_product: foldable-ibc-1000l-pool
    baseline_product: steel-drum-208l-sheet
    pool_size: -3
    washed_share: 2
    grid_regions: {CN-Jiangsu: 1}
    loaded_distance: {distribution: normal, min: 1, max: 2}
    return_distance: {distribution: uniform, min: 9, max: 2}
    colour: blue
)";
    try {
        (void)load_project_yaml(bad, "bad.yaml");
        FAIL("a bad project file was accepted");
    } catch (const error& e) {
        std::map<std::string, std::string> where;  // field -> id at line:column
        for (const auto& d : e.problems())
            where[d.where.field] = d.id + " " + std::to_string(d.where.line) + ":" + std::to_string(d.where.column);
        CHECK(e.problems().size() == 7);
        CHECK(where["methodology"] == "footprint.project.methodology 3:14");
        CHECK(where["start_date"] == "footprint.project.date 4:13");
        CHECK(where["customers[0].pool_size"] == "footprint.quantity.out-of-range 10:16");
        CHECK(where["customers[0].washed_share"] == "footprint.quantity.out-of-range 11:19");
        CHECK(where["customers[0].loaded_distance.distribution"] == "footprint.project.distribution 13:37");
        CHECK(where["customers[0].return_distance.max"] == "footprint.project.distribution 14:59");
        CHECK(where["customers[0].colour"] == "footprint.yaml.unknown-field 15:5");
    }
}

TEST_CASE("project file: checked against the methodology, catalog and regions") {
    project_description p = load_project_yaml(project_yaml, "test.yaml");
    plan_inputs in = test_inputs(p);
    CHECK(check_project(p, in.method, *in.products, *in.regions).empty());
    p.customers[0].reusable_product = "steel-drum-208l-sheet";  // single-use as the project packaging
    p.customers[1].grid_regions["CN-Atlantis"] = 1;
    p.parameters["no_such_parameter"] = 1;
    p.methodology = "reusable-packaging-reduction@1.0.0";
    const diagnostics problems = check_project(p, in.method, *in.products, *in.regions);
    std::vector<std::string> ids;
    for (const auto& d : problems) ids.push_back(d.id + " " + d.where.field);
    CHECK(ids == std::vector<std::string>{"footprint.project.methodology methodology",
                                          "footprint.project.parameter parameters.no_such_parameter",
                                          "footprint.project.product customers[0].reusable_product",
                                          "footprint.project.region customers[1].grid_regions.CN-Atlantis"});
}

TEST_CASE("robust z: median and MAD, the mean absolute deviation when the MAD is 0") {
    // 1, 2, 3, 4, 100: median 3, deviations 2 1 0 1 97 -> MAD 1, scale 1.4826; z(100) = 97 / 1.4826
    auto z = robust_z({1, 2, 3, 4, 100});
    CHECK(z[4] == doctest::Approx(97 / 1.4826));
    CHECK(z[0] == doctest::Approx(2 / 1.4826));
    // 5, 5, 5, 5, 9: MAD 0; mean absolute deviation 4 / 5 = 0.8, scale 1.2533 x 0.8; z(9) = 4 / 1.00264
    z = robust_z({5, 5, 5, 5, 9});
    CHECK(z[4] == doctest::Approx(4 / (1.2533 * 0.8)));
    CHECK(z[0] == 0);
    CHECK(robust_z({7, 7, 7}) == std::vector<double>{0, 0, 0});
    CHECK(percentile_sorted({1, 2, 3, 4}, 0.5) == 2.5);  // pandas: Series([1,2,3,4]).quantile(0.5) == 2.5
    CHECK(percentile_sorted({1, 2, 3, 4}, 0.9) == doctest::Approx(3.7));
}

TEST_CASE("QA/QC: each seeded anomaly is found, with its count and examples") {
    test::scratch_dir dir("project-qaqc");
    const project_description p = load_project_yaml(project_yaml, "test.yaml");
    plan_inputs in = test_inputs(p);
    auto checks = checks_of(p, in, make_ledger(dir, in, seeded_rows, "seeded"));

    // X01 (6000 km) was refused at import; every accepted row is in range.
    CHECK(checks.at("range.loaded_distance").flagged == 0);
    CHECK(checks.at("range.loaded_distance").quarantined == 1);
    CHECK(example_ids(checks.at("range.loaded_distance")) == std::vector<std::string>{"X01"});
    CHECK(checks.at("range.return_distance").quarantined == 0);
    CHECK(checks.at("range.units").flagged == 0);
    CHECK(checks.at("range.loaded_distance").checked == 18);

    // A's loaded distances: sorted 97 98 99 100 100 100 100 101 102 103 500, median 100; deviations
    // sorted 0 0 0 0 1 1 2 2 3 3 400, MAD 1 -> z(500) = 400 / 1.4826 = 269.8; z(103) = 2.02 < 3.5.
    // B: every loaded distance 50 (MAD and mean deviation 0: z 0); C: one row (z 0).
    CHECK(checks.at("outlier.loaded_distance").flagged == 1);
    CHECK(example_ids(checks.at("outlier.loaded_distance")) == std::vector<std::string>{"A10"});
    // A's returns: sorted 87.3 88.2 89.1 90 90 90 90.9 91.8 92.7 200 450, median 90; deviations sorted
    // 0 0 0 .9 .9 1.8 1.8 2.7 2.7 110 360, MAD 1.8, scale 2.6687: z(200) = 41.2, z(450) = 134.9, z(92.7) = 1.01.
    CHECK(checks.at("outlier.return_distance").flagged == 2);
    CHECK(example_ids(checks.at("outlier.return_distance")) == std::vector<std::string>{"A09", "A10"});

    // Ratios: A 0.9 but A09 200 / 100 = 2.0 > 1.5; B 40 / 50 = 0.8; C 70 / 80 = 0.875.
    CHECK(checks.at("return-vs-loaded").flagged == 1);
    CHECK(example_ids(checks.at("return-vs-loaded")) == std::vector<std::string>{"A09"});

    // C is not in the project; B03 has 60 units, above B's pool of 50.
    CHECK(checks.at("project-line").flagged == 1);
    CHECK(example_ids(checks.at("project-line")) == std::vector<std::string>{"C01"});
    CHECK(checks.at("units-vs-pool").flagged == 1);
    CHECK(example_ids(checks.at("units-vs-pool")) == std::vector<std::string>{"B03"});

    // Trips in January (31 days): IBC 11 x 5 (A) + 5 (C) = 60 / 100 units = 0.6 -> x 365.25 / 31 = 7.07 a
    // year <= 6 x 1.5 = 9; EUO 20 + 20 + 60 + 20 + 20 + 20 = 160 / 50 = 3.2 -> 37.7 a year > 9: one month flagged.
    CHECK(checks.at("cycles").checked == 2);
    CHECK(checks.at("cycles").flagged == 1);
    CHECK(checks.at("cycles").examples.at(0).detail.find("euo-pallet-unit 2024-01: 160 trips / 50 units") == 0);

    // A ships every third day (two empty days between, none at the ends); B on the 1st, 2nd, 3rd, 20th and
    // 21st: empty 4th-19th (16 days) and 22nd-31st (10 days), both above 7.
    CHECK(checks.at("gaps").checked == 2);
    CHECK(checks.at("gaps").flagged == 2);
    CHECK(checks.at("gaps").examples.at(0).detail == "customer B: no shipment from 2024-01-04 to 2024-01-19 (16 days)");
    CHECK(checks.at("gaps").examples.at(1).detail == "customer B: no shipment from 2024-01-22 to 2024-01-31 (10 days)");

    // B06 repeats B05.
    CHECK(checks.at("duplicates").flagged == 1);
    CHECK(example_ids(checks.at("duplicates")) == std::vector<std::string>{"B06"});
    CHECK(checks.at("duplicates").examples.at(0).detail == "same as shipment B05");

    // Washing: A washes all 55 units (declared 1); B washes B01, B03, B05, B06: 20 + 60 + 20 + 20 = 120 of 160
    // units = 0.75, declared 0.5, 0.25 off > 0.1 (the default tolerance); C is not in the project (project-line).
    CHECK(checks.at("washing-share").checked == 2);
    CHECK(checks.at("washing-share").flagged == 1);
    CHECK(checks.at("washing-share").examples.at(0).detail ==
          "customer B 2024-01: 120 of 160 trips washed = 0.750, declared 0.5 (difference 0.250)");
    CHECK(checks.at("washing-share").threshold.find("> 0.1 (default") != std::string::npos);
}

TEST_CASE("loss record: every bad row reported with file, line, column and field") {
    const std::string text =
        "month,reusable_product,units_written_off\n"
        "2024-13,foldable-ibc-1000l-pool,1\n"      // line 2: month 13
        "2024-01,euo-pallet-unit,-3\n"             // line 3: a negative count, column 8 + 16 + 1 = 25
        "2024-01,euo-pallet-unit,2\n"              // line 4: good
        "2024-01,euo-pallet-unit,4\n"              // line 5: the same month and product as line 4
        "2024-02,foldable-ibc-1000l-pool\n"        // line 6: two fields
        "2024-02,foldable-ibc-1000l-pool,1.5\n";   // line 7: not whole, column 8 + 24 + 1 = 33
    try {
        (void)parse_loss_record(text, "losses.csv");
        FAIL("expected an error");
    } catch (const error& e) {
        const auto& d = e.problems();
        REQUIRE(d.size() == 5);
        for (const auto& x : d) CHECK(x.id == "footprint.project.loss-record");
        CHECK(d[0].where.str().find("losses.csv:2:1") == 0);
        CHECK(d[0].where.field == "month");
        CHECK(d[0].found == "2024-13");
        CHECK(d[1].where.line == 3);
        CHECK(d[1].where.column == 25);
        CHECK(d[1].where.field == "units_written_off");
        CHECK(d[2].where.line == 5);
        CHECK(d[2].expected.find("first at line 4") != std::string::npos);
        CHECK(d[3].where.line == 6);
        CHECK(d[3].found == "2");
        CHECK(d[4].where.line == 7);
        CHECK(d[4].where.column == 33);
    }
    // A header without the count, and an unknown column: both named.
    try {
        (void)parse_loss_record("month,reusable_product,lost\n", "h.csv");
        FAIL("expected an error");
    } catch (const error& e) {
        REQUIRE(e.problems().size() == 2);
        CHECK(e.problems()[0].found == "lost");
        CHECK(e.problems()[0].where.column == 24);
        CHECK(e.problems()[1].message.find("units_written_off") != std::string::npos);
    }
    const loss_record ok = parse_loss_record("units_written_off,month,reusable_product\n7,2024-01,euo-pallet-unit\n", "o.csv");
    REQUIRE(ok.entries.size() == 1);
    CHECK(ok.entries[0].units_written_off == 7);
    CHECK(ok.entries[0].month == "2024-01");
    CHECK(ok.entries[0].line == 2);
}

TEST_CASE("QA/QC: losses above the methodology's annual loss, a missing month and an unpooled product are found") {
    test::scratch_dir dir("project-loss");
    const project_description p = load_project_yaml(project_yaml, "test.yaml");
    plan_inputs in = test_inputs(p);
    const auto ledger = make_ledger(dir, in, clean_rows(), "clean");
    // Without a loss record the check says why it cannot run.
    auto none = checks_of(p, in, ledger);
    CHECK_FALSE(none.at("loss").applicable);
    CHECK(none.at("loss").rule.find("carry no loss events") != std::string::npos);
    // January 2024: 1 IBC unit written off (pool 100), no EUO entry, and a product with no pool.
    const loss_record losses = parse_loss_record(
        "month,reusable_product,units_written_off\n"
        "2024-01,foldable-ibc-1000l-pool,1\n"
        "2024-01,foldable-klt,3\n"
        "2023-12,euo-pallet-unit,9\n",  // outside the period: not checked
        "losses.csv");
    auto checks = checks_of(p, in, ledger, days_from_civil(2024, 1, 31), &losses);
    const qaqc_check& c = checks.at("loss");
    CHECK(c.applicable);
    // Checked: the KLT row; EUO January and its period; IBC January and its period.
    CHECK(c.checked == 5);
    // IBC: 1 / 100 x 365.25 / 31 = 0.117823 a year = 5.891 x 0.02 (annual_loss of 2.1.0) > 0.02 x 1.5, in the
    // month and over the period (the same 31 days); EUO: no January entry; KLT: no pool. EUO's period total,
    // 0, is not flagged.
    CHECK(c.flagged == 4);
    REQUIRE(c.examples.size() == 4);
    CHECK(c.examples[0].where == "losses.csv:3");
    CHECK(c.examples[0].detail == "foldable-klt 2024-01: 3 units written off of a product with no pool in the project");
    CHECK(c.examples[1].detail == "euo-pallet-unit 2024-01: no entry in the loss record (0 when no unit was written off)");
    CHECK(c.examples[2].where == "losses.csv:2");
    CHECK(c.examples[2].detail ==
          "foldable-ibc-1000l-pool 2024-01: 1 units written off / 100 units in 31 days = 0.118 a year, 5.891 x annual_loss");
    CHECK(c.examples[3].detail == "foldable-ibc-1000l-pool over the period: 1 units written off / 100 units in 31 days "
                                  "= 0.118 a year, 5.891 x annual_loss");
    CHECK(c.threshold.find("above 0.02 x 1.5 = 0.03 a year") == 0);
}

TEST_CASE("QA/QC: a month where washing drops to 0 is flagged, with the project's tolerance") {
    test::scratch_dir dir("project-washing");
    // The project's own tolerance, 0.05: read from the file, recorded in its canonical JSON (absent otherwise).
    std::string yaml = project_yaml;
    yaml += "  washed_share_tolerance: 0.05\n";
    const project_description p = load_project_yaml(yaml, "test.yaml");
    REQUIRE(p.qaqc.washed_share_tolerance);
    CHECK(*p.qaqc.washed_share_tolerance == 0.05);
    CHECK(project_canonical_json(p).find("\"washed_share_tolerance\":\"0.05\"") != std::string::npos);
    CHECK(project_canonical_json(load_project_yaml(project_yaml, "t.yaml")).find("washed_share_tolerance") ==
          std::string::npos);
    plan_inputs in = test_inputs(p);
    // A (declared 1) in January as in the clean ledger, every shipment washed; in February the washing line
    // stops: 10 shipments of 5 units on the 1st..10th, none washed: share 0, 1 off.
    std::string rows = clean_rows();
    for (int d = 1; d <= 10; ++d)
        rows += "FA" + std::to_string(d) + ",A,2024-02-" + (d < 10 ? "0" : "") + std::to_string(d) +
                ",5,foldable-ibc-1000l-pool,steel-drum-208l-sheet,100,85,CN-Jiangsu,0\n";
    auto checks = checks_of(p, in, make_ledger(dir, in, rows, "washing"), days_from_civil(2024, 2, 10));
    const qaqc_check& w = checks.at("washing-share");
    // Months: A January (11 of 11 shipments, 55 of 55 units: 1.000), A February (0 of 50: 0.000), B January
    // (20 of 35 = 0.571, 0.071 off, above 0.05 under this project's tolerance).
    CHECK(w.checked == 3);
    CHECK(w.flagged == 2);
    REQUIRE(w.examples.size() == 2);
    CHECK(w.examples[0].detail == "customer A 2024-02: 0 of 50 trips washed = 0.000, declared 1 (difference -1.000)");
    CHECK(w.examples[1].detail == "customer B 2024-01: 20 of 35 trips washed = 0.571, declared 0.5 (difference 0.071)");
    CHECK(w.threshold.find("> 0.05 (project file qaqc.washed_share_tolerance)") != std::string::npos);
    CHECK(checks.at("duplicates").flagged == 0);  // no row is dropped or merged: every February row is its own
}

TEST_CASE("QA/QC: a clean ledger flags nothing") {
    test::scratch_dir dir("project-clean");
    const project_description p = load_project_yaml(project_yaml, "test.yaml");
    plan_inputs in = test_inputs(p);
    // No unit written off in January: 0 is below any threshold (a single unit of the 100-unit IBC pool in 31
    // days would be 1 / 100 x 365.25 / 31 = 0.118 a year, above 0.02 x 1.5 = 0.03).
    const loss_record losses = parse_loss_record(
        "month,reusable_product,units_written_off\n2024-01,foldable-ibc-1000l-pool,0\n2024-01,euo-pallet-unit,0\n",
        "losses.csv");
    auto checks = checks_of(p, in, make_ledger(dir, in, clean_rows(), "clean"), days_from_civil(2024, 1, 31), &losses);
    CHECK(checks.size() == 13);  // range: units, loaded, return; 2 outlier; ratio; line; pool; cycles; gaps; duplicates;
                                 // washing-share; loss
    for (const auto& [id, c] : checks) {
        INFO(id);
        CHECK(c.applicable);
        CHECK(c.checked > 0);
        CHECK(c.flagged == 0);
        CHECK(c.quarantined == 0);
        CHECK(c.examples.empty());
    }
}

TEST_CASE("monitoring report: summaries, QA/QC and reductions linked to the statements") {
    test::scratch_dir dir("project-report");
    const project_description p = load_project_yaml(project_yaml, "test.yaml");
    plan_inputs in = test_inputs(p);
    const auto ledger = make_ledger(dir, in, seeded_rows, "seeded");
    monitoring_request req{ledger, days_from_civil(2024, 1, 1), days_from_civil(2024, 1, 31)};
    const monitoring_report_document doc = build_monitoring_report(p, in, req);
    const auto j = nlohmann::json::parse(doc.json);
    CHECK(j.at("report_digest") == doc.digest);
    CHECK(monitoring_report_digest(doc.json) == doc.digest);
    CHECK(build_monitoring_report(p, in, req).json == doc.json);  // the same inputs give the same bytes
    CHECK(j.at("source").at("rows_in_period") == 18);
    CHECK(j.at("source").at("rows_refused") == 1);  // X01

    // loaded_distance in January: A 100+102+98+101+99+100+103+97+100+500+100 = 1500, B 6 x 50 = 300, C 80:
    // 18 values, sum 1880, mean 104.444..., min 50, max 500; sorted 50 x 6, 80, 97, 98, 99, 100 x 4, ...: the 9th
    // and 10th are 98 and 99 -> median 98.5.
    const auto& params = j.at("parameters");
    nlohmann::json loaded;
    for (const auto& x : params)
        if (x.at("name") == "loaded_distance") loaded = x;
    const auto& jan = loaded.at("months").at("2024-01");
    CHECK(jan.at("count") == 18);
    CHECK(jan.at("sum") == "1880");
    CHECK(std::stod(jan.at("mean").get<std::string>()) == doctest::Approx(1880.0 / 18));
    CHECK(jan.at("min") == "50");
    CHECK(jan.at("max") == "500");
    CHECK(jan.at("p50") == "98.5");
    CHECK(loaded.at("refused_rows").at("footprint.shipment.out-of-range") == 1);
    CHECK(loaded.at("measured") == "from the tracking device's positions, or the route planner");
    CHECK(loaded.at("frequency") == "every shipment");

    // Implementation: A 11 x 5 = 55 trips, B 20+20+60+20+20+20 = 160, C 5 (not in the project).
    const auto& customers = j.at("implementation").at("customers");
    CHECK(customers.size() == 3);
    CHECK(customers[1].at("customer") == "B");
    CHECK(customers[1].at("trips") == "160");
    CHECK(customers[2].at("in_project") == false);

    // Reductions: one statement per customer with rows, linked by digest; totals are their sums.
    REQUIRE(doc.statements.size() == 3);
    std::int64_t er = 0;
    const auto& reductions = j.at("emission_reductions").at("customers");
    for (std::size_t i = 0; i < doc.statements.size(); ++i) {
        const auto s = nlohmann::json::parse(doc.statements[i].json);
        CHECK(reductions[i].at("statement_digest") == s.at("statement_digest"));
        CHECK(reductions[i].at("reduction_g") == s.at("totals_g").at("reduction"));
        CHECK(statement_digest(doc.statements[i].json) == doc.statements[i].digest);
        er += s.at("totals_g").at("reduction").get<std::int64_t>();
    }
    CHECK(j.at("emission_reductions").at("totals_g").at("reduction") == er);

    // The renderings say the same: the total's grams and the QA/QC counts.
    const std::string html = render_monitoring_report(doc.json, document_format::html, document_language::en);
    CHECK(html.find("data-grams=\"" + std::to_string(er) + "\"") != std::string::npos);
    CHECK(html.find("id=\"qaqc-gaps\" data-flagged=\"2\"") != std::string::npos);
    const std::string zh = render_monitoring_report(doc.json, document_format::markdown, document_language::zh);
    CHECK(zh.find("监测报告") != std::string::npos);
    CHECK(zh.find(doc.digest) != std::string::npos);
    // The rules in Chinese: footprint's own sentence per check, none left in English.
    CHECK(zh.find("规则：某客户某月清洗过的周转所占比例") != std::string::npos);
    CHECK(zh.find("规则：稳健 z 值") != std::string::npos);
    CHECK(zh.find("Rule: ") == std::string::npos);
    CHECK(zh.find("英文原文") == std::string::npos);
    const std::string en_md = render_monitoring_report(doc.json, document_format::markdown, document_language::en);
    CHECK(en_md.find("Rule: a customer's month whose share of washed trips") != std::string::npos);

    // Format 2 has the washing-share and loss checks; a report of format 1 is built without it and rebuilds as format 1
    // from what it records (verify), so a report of record made before the check still verifies.
    CHECK(j.at("format") == "footprint-monitoring-report/2");
    monitoring_request v1 = req;
    v1.format = 1;
    const monitoring_report_document doc1 = build_monitoring_report(p, in, v1);
    const auto j1 = nlohmann::json::parse(doc1.json);
    CHECK(j1.at("format") == "footprint-monitoring-report/1");
    CHECK(j1.at("qaqc").size() + 2 == j.at("qaqc").size());
    for (const auto& c : j1.at("qaqc")) CHECK((c.at("id") != "washing-share" && c.at("id") != "loss"));
    const monitoring_request again = monitoring_request_of(doc1.json, ledger);
    CHECK(again.format == 1);
    CHECK(compare_monitoring_reports(doc1.json, build_monitoring_report(p, in, again).json).identical);
    CHECK(monitoring_request_of(doc.json, ledger).format == 2);

    monitoring_request reversed = req;
    std::swap(reversed.from_day, reversed.to_day);
    CHECK_THROWS_WITH_AS(build_monitoring_report(p, in, reversed), doctest::Contains("footprint.project.period"), error);
    CHECK_THROWS_WITH_AS((void)render_monitoring_report("{}", document_format::html, document_language::en),
                         doctest::Contains("footprint.project.report-syntax"), error);
}

TEST_CASE("estimate: a one-product project against the per-trip numbers footprint explain prints") {
    // footprint explain -m reusable-packaging-reduction@2.1.0 on one unit (units 1, 2024-07-01,
    // foldable-ibc-1000l-pool for steel-drum-208l-sheet, loaded 200 km, return 150 km) printed:
    //   CN-Jiangsu washed:     BE = 251770 g, PE = 18755 g, LE = 0 g, ER = 233015 g
    //   CN-Jiangsu not washed: BE = 251770 g, PE = 18131 g
    //   CN-Hubei washed:       BE = 251770 g, PE = 18732 g
    //   CN-Hubei not washed:   BE = 251770 g, PE = 18131 g
    std::string yaml = R"(id: one
title: One product
methodology: reusable-packaging-reduction@2.1.0
start_date: 2024-01-01
crediting_years: 1
customers:
  - id: P
    reusable_product: foldable-ibc-1000l-pool
    baseline_product: steel-drum-208l-sheet
    pool_size: 100
    washed_share: 1
    grid_regions: {CN-Jiangsu: 1}
    loaded_distance: {distribution: fixed, value: 200}
    return_distance: {distribution: fixed, value: 150}
)";
    project_description p = load_project_yaml(yaml, "one.yaml");
    plan_inputs in = test_inputs(p);
    // One crediting year, 2024-01-01 to 2024-12-31: 100 units x 6 cycles = 600 trips, all in 2024.
    auto e = nlohmann::json::parse(build_estimate(p, in));
    REQUIRE(e.at("years").size() == 1);
    const auto& y = e.at("years")[0];
    CHECK(y.at("from") == "2024-01-01");
    CHECK(y.at("to") == "2024-12-31");
    CHECK(y.at("trips") == "600");
    CHECK(y.at("baseline_g") == 600 * 251770);   // 151 062 000 g
    CHECK(y.at("project_g") == 600 * 18755);     // 11 253 000 g
    CHECK(y.at("leakage_g") == 0);
    CHECK(y.at("reduction_g") == 600 * 233015);  // 139 809 000 g
    CHECK(e.at("per_trip")[0].at("reduction_g") == "233015");

    // Half the trips washed, depots Jiangsu 3 : Hubei 1: PE per trip = 0.75 x (18755 + 18131) / 2
    // + 0.25 x (18732 + 18131) / 2 = 13832.25 + 4607.875 = 18440.125 g; x 600 = 11 064 075 g;
    // ER = 600 x (251770 - 18440.125) = 139 997 925 g.
    p.customers[0].washed_share = 0.5;
    p.customers[0].grid_regions = {{"CN-Jiangsu", 3}, {"CN-Hubei", 1}};
    e = nlohmann::json::parse(build_estimate(p, in));
    CHECK(e.at("years")[0].at("project_g") == 11064075);
    CHECK(e.at("years")[0].at("reduction_g") == 139997925);
    CHECK(e.at("per_trip")[0].at("project_g") == "18440.125");
    // The assumptions name their sources.
    bool cycles = false;
    for (const auto& a : e.at("assumptions"))
        if (a.at("name") == "cycles_per_year")
            cycles = a.at("source").get<std::string>().find("operator-euo-yearly") != std::string::npos;
    CHECK(cycles);
}

TEST_CASE("project file: a washed share's spread is a multiplier kept within 0 ... 1, in the digest only when given") {
    // B's washed share 0.5 within [0.3, 0.8]: a triangular multiplier 0.6 ... 1.6, mode 1 (0.3 / 0.5, 0.8 / 0.5).
    std::string yaml = project_yaml;
    const std::string anchor = "    washed_share: 0.5\n";
    yaml.insert(yaml.find(anchor) + anchor.size(), "    washed_share_uncertainty: {range: [0.3, 0.8]}\n");
    const project_description p = load_project_yaml(yaml, "test.yaml");
    REQUIRE(p.customers[1].washed_share_distribution);
    CHECK(p.customers[1].washed_share_distribution->low == doctest::Approx(0.6));
    CHECK(p.customers[1].washed_share_distribution->high == doctest::Approx(1.6));
    CHECK_FALSE(p.customers[0].washed_share_distribution);
    CHECK(project_canonical_json(p).find("washed_share_uncertainty") != std::string::npos);
    CHECK(project_canonical_json(load_project_yaml(project_yaml, "t.yaml")).find("washed_share_uncertainty") ==
          std::string::npos);

    // Refused: a spread past 1 (0.5 x 2.4 = 1.2 of the trips washed), and one of a share of 0; both reported.
    std::string bad = project_yaml;
    bad.insert(bad.find(anchor) + anchor.size(), "    washed_share_uncertainty: {range: [0.3, 1.2]}\n");
    const std::string first = "    washed_share: 1\n";
    bad.replace(bad.find(first), first.size(), "    washed_share: 0\n    washed_share_uncertainty: {range: [0, 0.1]}\n");
    try {
        (void)load_project_yaml(bad, "bad.yaml");
        FAIL("a washed share's spread past 1 was accepted");
    } catch (const error& e) {
        REQUIRE(e.problems().size() == 2);
        CHECK(e.problems()[0].where.field == "customers[0].washed_share_uncertainty");
        CHECK(e.problems()[1].where.field == "customers[1].washed_share_uncertainty");
        CHECK(e.problems()[1].message.find("1.2") != std::string::npos);
        CHECK(e.problems()[1].message.find("outside 0") != std::string::npos);
    }
}
