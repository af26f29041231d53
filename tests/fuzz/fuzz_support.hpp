#pragma once
// Shared by the libFuzzer targets in tests/fuzz (one per parser).
//
// The contract every target checks: for any input, a parser either succeeds
// or throws footprint::error whose every problem carries an id documented in
// docs/errors.md. Anything else is a finding: a crash, a sanitizer report, a
// hang (libFuzzer's -timeout), running out of memory (-rss_limit_mb), any
// other exception escaping (yaml-cpp's, std::out_of_range, ...), or an
// undocumented id.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "footprint/products/catalog.hpp"
#include "footprint/core/error.hpp"
#include "footprint/factors/factor_library.hpp"
#include "footprint/methodology/methodology.hpp"
#include "footprint/plan/plan.hpp"
#include "support/batch_builder.hpp"

namespace footprint::fuzz {

[[noreturn]] inline void finding(const std::string& what) {
    std::fprintf(stderr, "\nfootprint fuzz finding: %s\n", what.c_str());
    std::fflush(stderr);
    std::abort();
}

/// Every id with a `### \`footprint.x.y\`` heading in docs/errors.md.
inline const std::set<std::string>& documented_ids() {
    static const std::set<std::string> ids = [] {
        std::set<std::string> out;
        std::ifstream in(FOOTPRINT_SOURCE_DIR "/docs/errors.md");
        if (!in) finding("cannot read " FOOTPRINT_SOURCE_DIR "/docs/errors.md");
        std::string line;
        const std::string head = "### `";
        while (std::getline(in, line)) {
            if (line.rfind(head, 0) != 0) continue;
            auto end = line.find('`', head.size());
            if (end != std::string::npos) out.insert(line.substr(head.size(), end - head.size()));
        }
        return out;
    }();
    return ids;
}

inline void check_diagnostic(const diagnostic& d) {
    if (d.id.rfind("footprint.", 0) != 0) finding("error id without the footprint. prefix: " + d.str());
    if (documented_ids().count(d.id) == 0) finding("error id not documented in docs/errors.md: " + d.str());
}

inline void check_diagnostics(const diagnostics& ds) {
    for (const auto& d : ds) check_diagnostic(d);
}

inline void check_error(const error& e) {
    if (e.problems().empty()) finding("footprint::error without problems");
    for (const auto& d : e.problems()) check_diagnostic(d);
}

/// Runs `f`; a footprint::error is a valid answer to bad input and is checked.
/// Any other exception escapes and libFuzzer reports it.
template <class F>
bool run_checked(F&& f) {
    try {
        f();
        return true;
    } catch (const error& e) {
        check_error(e);
        return false;
    }
}

inline std::string as_text(const std::uint8_t* data, std::size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

/// The bundled factors and catalog, loaded once: what binding and the footprint
/// calculation run against. Small and fixed, so every run sees the same data.
struct bundled {
    std::shared_ptr<const factor_library> factors;
    std::shared_ptr<const catalog> products;
    std::shared_ptr<const methodology> reduction;  // reusable-packaging-reduction
};

inline const bundled& bundled_data() {
    static const bundled b = [] {
        bundled out;
        auto f = std::make_shared<factor_library>(load_factor_directory(FOOTPRINT_SOURCE_DIR "/factors"));
        out.products = std::make_shared<catalog>(
            load_catalog_directory(FOOTPRINT_SOURCE_DIR "/methodologies/catalog", f.get()));
        out.factors = f;
        out.reduction = std::make_shared<methodology>(
            load_methodology(FOOTPRINT_SOURCE_DIR "/methodologies/reusable-packaging-reduction.yaml"));
        return out;
    }();
    return b;
}

/// A few rows of values for a plan's monitored inputs, evaluated both ways
/// (column-wise and row by row), so that binding fuzz reaches the evaluator.
inline void evaluate_sample_rows(const plan& p) {
    static const char* const products[] = {"foldable-ibc-1000l", "steel-drum-208l", "reusable-plastic-box"};
    static const char* const numbers[] = {"1", "0", "250.5"};
    static const char* const regions[] = {"CN-East", "GLO", "CN-Jiangsu"};
    testing::batch_builder rows(p);
    std::vector<std::map<std::string, std::string>> texts;
    for (int r = 0; r < 3; ++r) {
        std::map<std::string, std::string> row;
        for (const auto& in : p.inputs()) {
            switch (in.type) {
                case parameter_type::number: row[in.name] = numbers[r]; break;
                case parameter_type::integer: row[in.name] = r == 2 ? "7" : numbers[r]; break;
                case parameter_type::flag: row[in.name] = r == 1 ? "0" : "1"; break;
                case parameter_type::date: row[in.name] = r == 2 ? "2020-02-29" : "2023-06-15"; break;
                case parameter_type::product: row[in.name] = products[r]; break;
                case parameter_type::region: row[in.name] = regions[r]; break;
                case parameter_type::text: row[in.name] = "customer"; break;
            }
        }
        rows.add(row);
        texts.push_back(std::move(row));
    }
    plan::evaluator ev(p);
    batch_output out;
    ev.run(rows.view(), out);
    for (const auto& row : texts) run_checked([&] { (void)p.evaluate_row(row); });
}

}  // namespace footprint::fuzz
