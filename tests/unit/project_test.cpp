// CCER project: the project file, QA/QC of monitored data and the monitoring
// report, on a small ledger made by hand where each check's count is known by
// construction (the working is in the comments).

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <fstream>

#include "footprint/ingest/ledger.hpp"
#include "footprint/plan/inputs.hpp"
#include "footprint/project/estimate.hpp"
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
    for (int d = 1, i = 1; d <= 31; d += 5, ++i)
        s += "CB" + std::to_string(i) + ",B,2024-01-" + (d < 10 ? "0" : "") + std::to_string(d) +
             ",5,euo-pallet-unit,carton-pallet-load," + std::to_string(45 + i) + ",40,CN-Hubei,1\n";
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
                                            const std::filesystem::path& ledger_path) {
    const auto schema = shipment_schema::for_plan(*in.compiled);
    shipment_ledger ledger(ledger_path, schema, false);
    shipment_reader reader(ledger.rows(), schema, in.products, in.regions, {});
    monitored_data d = read_monitored_data(reader, days_from_civil(2024, 1, 1), days_from_civil(2024, 1, 31));
    for (const auto& q : ledger.rejections()) d.quarantine.push_back({q.shipment_id, q.error_id, q.message, q.file});
    qaqc_context ctx;
    ctx.method = &in.compiled->method();
    ctx.project = &p;
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
}

TEST_CASE("QA/QC: a clean ledger flags nothing") {
    test::scratch_dir dir("project-clean");
    const project_description p = load_project_yaml(project_yaml, "test.yaml");
    plan_inputs in = test_inputs(p);
    auto checks = checks_of(p, in, make_ledger(dir, in, clean_rows(), "clean"));
    CHECK(checks.size() == 11);  // range: units, loaded, return; 2 outlier; ratio; line; pool; cycles; gaps; duplicates
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
