// The speed targets for uncertainty (Google Benchmark), on `footprint
// sample` data and the pinned methodology (bench_support.hpp):
//
//   compute_file           what `footprint compute` does: read the CSV, run the
//                          plan, write the per-shipment results (the yardstick).
//   statement_uncertainty  what `footprint uncertainty -n 10000` does for one
//                          customer: build its statement, one coefficient pass
//                          over the file (the plan and a copy per factor), the
//                          model, 10 000 iterations with summaries and ranks.
//                          Target: at most 20 × compute_file.
//   statement_uncertainty_inputs  the same with three methodology inputs drawn
//                          (the yearly loss, the trips a year, the loaded distance;
//                          spreads of the benchmark's own, as in the tests): 11 runs
//                          of the plan per input and two checks in the same pass.
//   statement_draws        the iterations alone, on that model (items = iterations).
//   cfp_monte_carlo        a single product's footprint, 100 000 iterations
//                          (items = iterations). Target: ≥ 100 000 a second.
//
// Usage: footprint_bench_uncertainty [--rows=N] [--customer=ID] [--threads=T] [benchmark flags]

#include <benchmark/benchmark.h>

#include <cstring>
#include <filesystem>
#include <iostream>

#include "bench_support.hpp"
#include "footprint/compute/engine.hpp"
#include "footprint/core/calendar.hpp"
#include "footprint/ingest/shipments.hpp"
#include "footprint/products/cfp.hpp"
#include "footprint/statement/statement.hpp"
#include "footprint/uncertainty/cfp_monte_carlo.hpp"
#include "footprint/uncertainty/statement_coefficients.hpp"
#include "footprint/uncertainty/statement_monte_carlo.hpp"

namespace {

using namespace footprint;

std::uint64_t rows_wanted = 1'000'000;
std::string customer = "chem-jiangsu-01";
unsigned threads = 1;
bench::data_paths paths;

const bench::bound_plan& bound() {
    static const bench::bound_plan b = bench::bind_bundled(paths);
    return b;
}

shipment_reader open_reader(bool keep_canonical) {
    const auto& b = bound();
    shipment_reader::options o;
    o.keep_canonical = keep_canonical;
    return shipment_reader(csv_reader(bench::sample_file(rows_wanted).string()),
                           shipment_schema::for_plan(*b.compiled), b.products, b.regions, o);
}

statement_request request() {
    statement_request r;
    r.customer = customer;
    r.from_day = *parse_iso_date("2020-01-01");
    r.to_day = *parse_iso_date("2021-12-31");
    return r;
}

/// The pinned methodology with the tests' spreads on three inputs (no public source states one):
/// loss 0.02 within [0.01, 0.05], trips a year 6 within [4, 8], loaded distance a 3 % (1 sd) error.
const plan& plan_with_spreads() {
    static const plan p = [] {
        methodology m = bound().compiled->method();
        auto triangular = [](double low, double high) {
            factor_distribution d;
            d.kind = factor_distribution::shape::triangular;
            d.low = low;
            d.high = high;
            return d;
        };
        for (auto& f : m.fixed) {
            if (f.name == "annual_loss") f.distribution = triangular(0.5, 2.5);
            if (f.name == "cycles_per_year") f.distribution = triangular(4.0 / 6, 8.0 / 6);
        }
        for (auto& mp : m.monitored)
            if (mp.name == "loaded_distance") {
                factor_distribution d;
                d.kind = factor_distribution::shape::normal;
                d.sigma = 0.03;
                mp.distribution = d;
            }
        return plan::bind(m, bound().compiled->options());
    }();
    return p;
}

/// The customer's model, as `footprint uncertainty` measures it: statement, factors it names, one pass.
uncertainty::statement_model measure_model(const plan& p = *bound().compiled) {
    shipment_reader first = open_reader(true);
    const auto docs = build_statements(p, first, statement_context{}, request());
    const auto used = uncertainty::factors_of_statement(docs.front().json);
    shipment_reader second = open_reader(false);
    const auto pass = uncertainty::measure_statement_coefficients(p, used, second, request(), threads);
    return uncertainty::statement_model_of(pass, customer, used, *bound().factors);
}

void compute_file(benchmark::State& state) {
    const auto out = std::filesystem::temp_directory_path() / "footprint-bench-uncertainty-results.csv";
    for (auto _ : state) {
        shipment_reader reader = open_reader(false);
        compute_options o;
        o.results = out;
        const compute_report r = compute_shipments(*bound().compiled, reader, o);
        benchmark::DoNotOptimize(r.totals.reduction_g);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows_wanted));
    std::filesystem::remove(out);
    std::filesystem::remove(std::filesystem::path(out).replace_extension(".quarantine.csv"));
}

/// What `footprint uncertainty -n 10000` does for one customer under `p`: statement, pass, model, iterations.
void measure_and_draw(benchmark::State& state, const plan& p, const char* terms_counter) {
    for (auto _ : state) {
        const auto model = measure_model(p);
        uncertainty::monte_carlo_options o;
        o.iterations = 10'000;
        o.seed = 7;
        o.threads = threads;
        const auto u = uncertainty::statement_monte_carlo(model, o, 0.05);
        benchmark::DoNotOptimize(u.reduction_t.mean);
        state.counters[terms_counter] = static_cast<double>(model.terms.size());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows_wanted));
}

void statement_uncertainty(benchmark::State& state) { measure_and_draw(state, *bound().compiled, "factors"); }

void statement_uncertainty_inputs(benchmark::State& state) { measure_and_draw(state, plan_with_spreads(), "terms"); }

void statement_draws(benchmark::State& state) {
    static const auto model = measure_model();
    const auto n = static_cast<std::size_t>(state.range(0));
    for (auto _ : state) {
        uncertainty::monte_carlo_options o;
        o.iterations = n;
        o.seed = 7;
        const auto u = uncertainty::statement_monte_carlo(model, o, 0.05);
        benchmark::DoNotOptimize(u.reduction_t.mean);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
    state.counters["factors"] = static_cast<double>(model.terms.size());
}

void cfp_monte_carlo(benchmark::State& state) {
    const auto& b = bound();
    const packaging_product* product = b.products->find("foldable-ibc-1000l-pool");
    const product_footprint fp = compute_product_footprint(*product, *b.factors, cfp_options{});
    const auto n = static_cast<std::size_t>(state.range(0));
    for (auto _ : state) {
        uncertainty::monte_carlo_options o;
        o.iterations = n;
        o.seed = 1;
        const auto u = uncertainty::cfp_monte_carlo(fp, *b.factors, o);
        benchmark::DoNotOptimize(u.per_trip.mean);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}

BENCHMARK(compute_file)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(statement_uncertainty)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(statement_uncertainty_inputs)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(statement_draws)->Arg(10'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(cfp_monte_carlo)->Arg(100'000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
    std::vector<char*> rest;
    for (int i = 0; i < argc; ++i) {
        std::string a = argv[i];
        if (a.rfind("--rows=", 0) == 0) rows_wanted = std::stoull(a.substr(7));
        else if (a.rfind("--customer=", 0) == 0) customer = a.substr(11);
        else if (a.rfind("--threads=", 0) == 0) threads = static_cast<unsigned>(std::stoul(a.substr(10)));
        else rest.push_back(argv[i]);
    }
    int n = static_cast<int>(rest.size());
    benchmark::Initialize(&n, rest.data());
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
