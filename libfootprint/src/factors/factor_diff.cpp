// Field-by-field differences between two factor libraries, over the rows a
// factor set stores (canonical_rows), so that what diff reports is exactly
// what the digests cover.

#include "footprint/factors/factor_diff.hpp"

#include <map>
#include <set>

#include "footprint/factors/factor_set.hpp"

namespace footprint {
namespace {

using fields = std::vector<std::pair<std::string, std::string>>;
using records = std::map<std::string, fields>;  // id → fields, per table

bool is_provenance(const std::string& field) {
    return field == "source_file" || field == "source_line" || field == "source_column";
}

std::map<std::string, records> by_table(const factor_library& lib) {
    std::map<std::string, records> out;
    std::map<std::string, std::string> gases;  // factor id → "CO2 74100, CH4 3"
    for (auto& row : canonical_rows(lib)) {
        if (row.table == "factor_gases") {
            // factor_id, position, gas, amount_text
            std::string& g = gases[row.fields[0].second];
            g += (g.empty() ? "" : ", ") + row.fields[2].second + " " + row.fields[3].second;
            continue;
        }
        std::string id = row.fields.front().second;
        out[row.table][id] = std::move(row.fields);
    }
    for (auto& [id, f] : out["factors"]) {
        auto it = gases.find(id);
        f.emplace_back("gases", it == gases.end() ? std::string() : it->second);
    }
    return out;
}

record_diff diff_records(const records& a, const records& b) {
    record_diff d;
    for (const auto& [id, fa] : a) {
        auto it = b.find(id);
        if (it == b.end()) {
            d.removed.push_back(id);
            continue;
        }
        const fields& fb = it->second;
        record_change c{id, {}};
        for (std::size_t i = 0; i < fa.size() && i < fb.size(); ++i)
            if (!is_provenance(fa[i].first) && fa[i].second != fb[i].second)
                c.fields.push_back(field_change{fa[i].first, fa[i].second, fb[i].second});
        if (!c.fields.empty()) d.changed.push_back(std::move(c));
    }
    for (const auto& [id, fb] : b)
        if (a.count(id) == 0) d.added.push_back(id);
    return d;
}

}  // namespace

factor_diff diff_factors(const factor_library& a, const factor_library& b) {
    auto ta = by_table(a);
    auto tb = by_table(b);
    factor_diff d;
    d.factors = diff_records(ta["factors"], tb["factors"]);
    d.sources = diff_records(ta["sources"], tb["sources"]);
    d.regions = diff_records(ta["regions"], tb["regions"]);
    return d;
}

}  // namespace footprint
