// Shipments per second (Google Benchmark), on `reusable-packaging-reduction@2.0.0`
// (pinned: bench_support.hpp; `--methodology=ID@VERSION` picks another, such as
// reusable-packaging-reduction@1.0.0 from methodologies/archive/) and
// `footprint sample` data:
//
//   engine_run/batch:B  plan::evaluator::run over in-memory columns, in batches of B
//               rows (the columns are read from the CSV once, before timing).
//               Single-threaded: items_per_second is shipments/s per core.
//   ingest_csv  shipment_reader over the CSV file: records split, every field
//               validated and converted, columns built (bytes_per_second is
//               the file's MB/s, items_per_second rows/s).
//   csv_records csv_reader alone: records split into fields, no validation.
//
// Usage: footprint_bench_shipments [--rows=N] [--csv=FILE] [--set=SET] [--methodology=ID@VERSION]
//                                  [benchmark flags]
// Without --csv the sample is generated (`footprint sample --rows N`) into the
// temporary directory and reused. Every engine run checks that the ER total
// does not depend on the batch size.

#include <benchmark/benchmark.h>

#include <cstring>
#include <iostream>
#include <numeric>
#include <optional>

#include "bench_support.hpp"
#include "footprint/compute/engine.hpp"
#include "footprint/ingest/shipments.hpp"

namespace {

using namespace footprint;

std::uint64_t rows_wanted = 1'000'000;
std::string csv_flag;
bench::data_paths paths;

std::filesystem::path csv_path() {
    static const std::filesystem::path p =
        csv_flag.empty() ? bench::sample_file(rows_wanted) : std::filesystem::path(csv_flag);
    return p;
}

const bench::bound_plan& bound() {
    static const bench::bound_plan b = bench::bind_bundled(paths);
    return b;
}

shipment_reader open_reader(std::size_t batch_rows = 65536) {
    const auto& b = bound();
    shipment_reader::options o;
    o.batch_rows = batch_rows;
    return shipment_reader(csv_reader(csv_path().string()), shipment_schema::for_plan(*b.compiled), b.products,
                           b.regions, o);
}

/// The accepted rows of the file as contiguous plan columns, read once.
struct columns {
    std::size_t rows = 0;
    std::vector<std::vector<double>> numbers;
    std::vector<std::vector<std::int32_t>> codes;
    std::vector<std::vector<std::string>> dictionaries;
    std::vector<bool> numeric;

    [[nodiscard]] batch_input view(std::size_t first, std::size_t count) const {
        batch_input in;
        in.rows = std::min(count, rows - first);
        in.columns.resize(numbers.size());
        for (std::size_t c = 0; c < numbers.size(); ++c) {
            if (numeric[c]) in.columns[c].numbers = numbers[c].data() + first;
            else in.columns[c].codes = codes[c].data() + first;
            in.columns[c].dictionary = &dictionaries[c];
        }
        return in;
    }
};

const columns& loaded_columns() {
    static const columns cols = [] {
        columns out;
        shipment_reader reader = open_reader();
        const std::size_t inputs = bound().compiled->inputs().size();
        out.numbers.resize(inputs);
        out.codes.resize(inputs);
        out.dictionaries.resize(inputs);
        out.numeric.resize(inputs);
        shipment_batch batch;
        std::vector<rejected_row> rejects;
        while (reader.next(batch, rejects)) {
            batch_input v = reader.plan_view(batch);
            for (std::size_t c = 0; c < inputs; ++c) {
                if (v.columns[c].numbers) out.numbers[c].insert(out.numbers[c].end(), v.columns[c].numbers,
                                                                v.columns[c].numbers + batch.rows);
                else out.codes[c].insert(out.codes[c].end(), v.columns[c].codes, v.columns[c].codes + batch.rows);
                out.numeric[c] = v.columns[c].numbers != nullptr;
            }
            out.rows += batch.rows;
        }
        const auto& schema = reader.schema();
        for (std::size_t c = 0; c < schema.columns.size(); ++c)
            if (schema.columns[c].plan_input >= 0)
                out.dictionaries[static_cast<std::size_t>(schema.columns[c].plan_input)] =
                    reader.dictionary(static_cast<int>(c));
        return out;
    }();
    return cols;
}

std::optional<std::int64_t> first_total;  // ER of the whole file, from the first engine run

void engine_run(benchmark::State& state) {
    const columns& cols = loaded_columns();
    const std::size_t batch = static_cast<std::size_t>(state.range(0));
    plan::evaluator ev(*bound().compiled);
    batch_output out;
    std::int64_t total = 0;
    std::size_t rejected = 0;
    ev.run(cols.view(0, batch), out);  // resolve the look-up tables before timing
    for (auto _ : state) {
        total = 0;
        rejected = 0;
        for (std::size_t first = 0; first < cols.rows; first += batch) {
            ev.run(cols.view(first, batch), out);
            for (std::size_t i = 0; i < out.reduction_g.size(); ++i) {
                total += out.reduction_g[i];
                rejected += out.problem[i] != 0;
            }
        }
        benchmark::DoNotOptimize(total);
    }
    if (!first_total) first_total = total;
    if (*first_total != total) {
        state.SkipWithError("ER total depends on the batch size");
        return;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * cols.rows));
    state.counters["rows"] = static_cast<double>(cols.rows);
    state.counters["rejected"] = static_cast<double>(rejected);
    state.SetLabel("ER " + std::to_string(total) + " g");
}

void ingest_csv(benchmark::State& state) {
    std::uint64_t rows = 0, bytes = 0;
    for (auto _ : state) {
        shipment_reader reader = open_reader();
        shipment_batch batch;
        std::vector<rejected_row> rejects;
        while (reader.next(batch, rejects)) benchmark::DoNotOptimize(batch.rows);
        rows = reader.counts().rows_in;
        bytes = reader.counts().bytes;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
    state.counters["rows"] = static_cast<double>(rows);
}

void csv_records(benchmark::State& state) {
    std::uint64_t records = 0, bytes = 0;
    for (auto _ : state) {
        csv_reader csv(csv_path().string());
        csv_record rec;
        records = 0;
        while (csv.next(rec)) {
            benchmark::DoNotOptimize(rec.fields.data());
            ++records;
        }
        bytes = csv.bytes_read();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * records));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}

}  // namespace

BENCHMARK(engine_run)->ArgName("batch")->Arg(1024)->Arg(4096)->Arg(65536)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(ingest_csv)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(csv_records)->Unit(benchmark::kMillisecond)->UseRealTime();

int main(int argc, char** argv) {
    // Our own flags first; the rest belong to Google Benchmark.
    int kept = 1;
    for (int i = 1; i < argc; ++i) {
        if (std::strncmp(argv[i], "--rows=", 7) == 0)
            rows_wanted = std::stoull(argv[i] + 7);
        else if (std::strncmp(argv[i], "--csv=", 6) == 0)
            csv_flag = argv[i] + 6;
        else if (std::strncmp(argv[i], "--set=", 6) == 0)
            paths.set = argv[i] + 6;
        else if (std::strncmp(argv[i], "--methodology=", 14) == 0)
            paths.methodology = argv[i] + 14;
        else
            argv[kept++] = argv[i];
    }
    argc = kept;
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    try {
        (void)bound();
        (void)csv_path();
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
    benchmark::AddCustomContext("csv", csv_path().string());
    benchmark::AddCustomContext("methodology", bound().compiled->method().id + "@" + bound().compiled->method().version);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
