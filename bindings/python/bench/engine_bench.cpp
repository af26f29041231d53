// Times the C++ side on the same rows as bench/compare.py times Python:
//   footprint_python_bench SHIPMENTS.csv FACTOR_SET DATA_DIR [REPEATS [CLI_REPEATS [BATCH_ROWS]]]
// prints one JSON object with the median of REPEATS runs (wall clock, and CPU
// time of the process: the machine may be shared) of
//   cli_compute_s  compute_shipments: CSV in, results CSV out (what `footprint compute` does)
//   engine_s       plan::evaluator::run over the rows already in memory (the engine alone)
//   frame_s        frame.hpp from raw columns, as the Python bindings hand them over:
//                  checks + dictionary encoding + the engine (no Python involved),
//                  writing into output arrays allocated once
//   frame_fresh_s  the same, writing into fresh output arrays each run (as a call
//                  returning new arrays must)

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "footprint/products/catalog.hpp"
#include "footprint/compute/engine.hpp"
#include "footprint/factors/factor_set.hpp"
#include "footprint/compute/frame.hpp"
#include "footprint/methodology/methodology.hpp"
#include "footprint/plan/plan.hpp"
#include "footprint/ingest/shipments.hpp"

#include <sys/mman.h>

using namespace footprint;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// Wall and CPU time of each run; the median is reported (as docs/performance.md does).
struct run_times {
    std::vector<double> wall, cpu;
    std::chrono::steady_clock::time_point t0;
    std::clock_t c0 = 0;
    void start() {
        t0 = std::chrono::steady_clock::now();
        c0 = std::clock();
    }
    void stop() {
        wall.push_back(seconds_since(t0));
        cpu.push_back(static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
    }
    static double median(std::vector<double> v) {
        if (v.empty()) return 0;
        std::sort(v.begin(), v.end());
        return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
    }
    [[nodiscard]] double wall_median() const { return median(wall); }
    [[nodiscard]] double cpu_median() const { return median(cpu); }
};

}  // namespace

int main(int argc, char** argv) try {
    if (argc < 4) {
        std::cerr << "usage: footprint_python_bench SHIPMENTS.csv FACTOR_SET DATA_DIR [REPEATS [CLI_REPEATS [BATCH_ROWS]]]\n";
        return 2;
    }
    const std::string csv = argv[1];
    const std::filesystem::path data = argv[3];
    const int repeats = argc > 4 ? std::stoi(argv[4]) : 3;
    const int cli_repeats = argc > 5 ? std::stoi(argv[5]) : repeats;  // 0: skip the command's pipeline
    // Rows per batch for the engine and the frame path (the command always uses 65536).
    const std::size_t batch_rows = argc > 6 ? std::stoul(argv[6]) : 65536;
    factor_set set = factor_set::open(argv[2]);
    auto lib = std::make_shared<factor_library>(set.library());
    auto products = std::make_shared<catalog>(load_catalog_directory(data / "methodologies" / "catalog", lib.get()));
    auto regions = std::make_shared<region_tree>(lib->regions());
    methodology m = load_methodology(data / "methodologies" / "archive" / "reusable-packaging-reduction-1.0.0.yaml");
    plan p = plan::bind(m, plan_options{lib, products, &set.default_gwp(), {}});
    const shipment_schema schema = shipment_schema::for_plan(p);

    // (a) the command's pipeline
    run_times cli;
    const auto out = std::filesystem::temp_directory_path() / "footprint-python-bench-results.csv";
    for (int r = 0; r < cli_repeats; ++r) {
        shipment_reader reader(csv_reader(csv), schema, products, regions);
        compute_options co;
        co.results = out;
        cli.start();
        compute_shipments(p, reader, co);
        cli.stop();
    }
    std::filesystem::remove(out);
    std::filesystem::remove(out.string().substr(0, out.string().size() - 4) + ".quarantine.csv");

    // The rows in memory.
    shipment_reader::options ro;
    ro.batch_rows = batch_rows;
    shipment_reader reader(csv_reader(csv), schema, products, regions, ro);
    std::vector<shipment_batch> batches;
    std::vector<rejected_row> rejects;
    shipment_batch b;
    while (reader.next(b, rejects)) batches.push_back(b);
    std::size_t rows = 0;
    for (const auto& x : batches) rows += x.rows;

    // (b) the engine alone
    run_times engine_t;
    std::int64_t engine_er = 0;
    for (int r = 0; r < repeats; ++r) {
        plan::evaluator ev(p);
        batch_output bo;
        std::int64_t er = 0;
        engine_t.start();
        for (const auto& x : batches) {
            ev.run(reader.plan_view(x), bo);
            for (std::size_t i = 0; i < x.rows; ++i) er += bo.reduction_g[i];
        }
        engine_t.stop();
        engine_er = er;
    }

    // (c) raw columns, as the Python bindings pass a DataFrame from footprint.sample():
    // shipment ids as text per row, categories as codes, dates as datetime64[ns],
    // numbers as float64 in the header's unit (km).
    std::vector<std::string> ids;
    std::vector<std::string_view> id_views;
    const std::size_t ncol = schema.columns.size();
    std::vector<std::vector<double>> numbers(ncol);
    std::vector<std::vector<std::int32_t>> codes(ncol);
    std::vector<std::int64_t> ns;
    ids.reserve(rows);
    for (const auto& x : batches) {
        for (std::size_t i = 0; i < x.rows; ++i) ids.push_back(x.shipment_ids[i]);
        for (std::size_t c = 0; c < ncol; ++c) {
            const auto& col = schema.columns[c];
            if (c == column_shipment_id) continue;
            if (col.type == parameter_type::number || col.type == parameter_type::integer || col.type == parameter_type::flag) {
                for (double v : x.numbers[c]) numbers[c].push_back(v / col.unit.to_coherent);
            } else if (col.type == parameter_type::date) {
                for (std::int32_t d : x.codes[c]) ns.push_back(static_cast<std::int64_t>(d) * 86400LL * 1000000000LL);
            } else {
                codes[c].insert(codes[c].end(), x.codes[c].begin(), x.codes[c].end());
            }
        }
    }
    for (const auto& s : ids) id_views.push_back(s);
    frame_view fv;
    fv.name = "<bench>";
    fv.rows = rows;
    for (std::size_t c = 0; c < ncol; ++c) {
        const auto& col = schema.columns[c];
        frame_column fc;
        fc.name = col.name;
        if (c == column_shipment_id) {
            fc.storage = frame_storage::texts;
            fc.texts = id_views.data();
        } else if (col.type == parameter_type::date) {
            fc.storage = frame_storage::datetime64_ns;
            fc.datetime64_ns = ns.data();
        } else if (!numbers[c].empty() || col.type == parameter_type::number || col.type == parameter_type::integer ||
                   col.type == parameter_type::flag) {
            fc.storage = frame_storage::float64;
            fc.float64 = numbers[c].data();
            if (col.unit.text != "1") fc.name += "[" + col.unit.text + "]";
        } else {
            fc.storage = frame_storage::codes;
            fc.codes = codes[c].data();
            for (const auto& s : reader.dictionary(static_cast<int>(c))) fc.categories.push_back(s);
        }
        fv.columns.push_back(std::move(fc));
    }
    run_times frame_t;
    std::int64_t frame_er = 0;
    const std::size_t ncomp = p.components().size();
    // Outputs allocated once and reused, as a service would keep them: the
    // cheapest case for C++ (the Python call returns new arrays every time).
    std::vector<std::int64_t> row(rows), amounts((4 + ncomp) * rows);
    std::vector<std::uint8_t> implausible(rows);
    for (int r = 0; r < repeats; ++r) {
        frame_t.start();
        frame_shipments fs(fv, schema, products, regions);
        frame_output fo;
        fo.row = row.data();
        fo.baseline_g = amounts.data();
        fo.project_g = amounts.data() + rows;
        fo.leakage_g = amounts.data() + 2 * rows;
        fo.reduction_g = amounts.data() + 3 * rows;
        for (std::size_t c = 0; c < ncomp; ++c) fo.component_g.push_back(amounts.data() + (4 + c) * rows);
        fo.implausible = implausible.data();
        frame_report rep = compute_frame(p, fs, fo, batch_rows);
        frame_t.stop();
        frame_er = rep.totals.reduction_g;
    }
    // (d) the same with fresh outputs each run, allocated as numpy allocates
    // arrays (on transparent huge pages): what a call that returns new arrays pays.
    run_times fresh_t;
    for (int r = 0; r < repeats; ++r) {
        fresh_t.start();
        const std::size_t bytes = ((4 + ncomp) * rows * sizeof(std::int64_t) + (2u << 20) - 1) / (2u << 20) * (2u << 20);
        std::unique_ptr<std::int64_t, decltype(&std::free)> block(
            static_cast<std::int64_t*>(std::aligned_alloc(2u << 20, bytes)), &std::free);
        ::madvise(block.get(), bytes, MADV_HUGEPAGE);
        std::unique_ptr<std::uint8_t[]> flags(new std::uint8_t[rows]);
        frame_shipments fs(fv, schema, products, regions);
        frame_output fo;
        fo.baseline_g = block.get();
        fo.project_g = block.get() + rows;
        fo.leakage_g = block.get() + 2 * rows;
        fo.reduction_g = block.get() + 3 * rows;
        for (std::size_t c = 0; c < ncomp; ++c) fo.component_g.push_back(block.get() + (4 + c) * rows);
        fo.implausible = flags.get();
        frame_report rep = compute_frame(p, fs, fo, batch_rows);
        fresh_t.stop();
        if (rep.totals.reduction_g != frame_er) return 1;
    }
    std::printf("{\"rows\": %zu, \"cli_compute_s\": %.4f, \"cli_compute_cpu_s\": %.4f, \"engine_s\": %.4f, "
                "\"engine_cpu_s\": %.4f, \"frame_s\": %.4f, \"frame_cpu_s\": %.4f, \"frame_fresh_s\": %.4f, "
                "\"frame_fresh_cpu_s\": %.4f, \"engine_ER_g\": %lld, "
                "\"frame_ER_g\": %lld}\n",
                rows, cli.wall_median(), cli.cpu_median(), engine_t.wall_median(), engine_t.cpu_median(),
                frame_t.wall_median(), frame_t.cpu_median(), fresh_t.wall_median(), fresh_t.cpu_median(),
                static_cast<long long>(engine_er), static_cast<long long>(frame_er));
    return engine_er == frame_er ? 0 : 1;
} catch (const footprint::error& e) {
    std::cerr << e.what() << "\n";
    return 1;
}
