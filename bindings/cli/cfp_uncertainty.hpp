#pragma once
// `footprint cfp --uncertainty N --seed S [--threads T]`: the options and the
// run, kept apart from the rest of the cfp command.

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "footprint/factors/factor_library.hpp"
#include "footprint/products/cfp.hpp"

namespace footprint::cli {

struct cfp_uncertainty_options {
    std::size_t iterations = 0;
    std::uint64_t seed = 1;
    unsigned threads = 1;
    CLI::Option* flag = nullptr;

    void add_to(CLI::App& cmd);
    [[nodiscard]] bool requested() const { return flag != nullptr && flag->count() > 0; }
};

/// The Monte Carlo of each product, as tables or as one JSON document.
[[nodiscard]] std::string run_cfp_uncertainty(const std::vector<const packaging_product*>& products,
                                              const factor_library& factors, const cfp_options& options,
                                              const cfp_uncertainty_options& u, bool json);

}  // namespace footprint::cli
