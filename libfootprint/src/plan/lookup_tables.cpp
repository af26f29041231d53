// Look-up tables over a batch: each table's entries are kept dense over the
// key domains the batch needs (a column's dictionary, a range of years),
// resolved once per distinct key and cached across batches; rows find their
// entry by the key's codes (gather).

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "plan/detail/batch_run.hpp"

namespace footprint::detail {

// Tables: make sure every key this batch uses has a resolved entry.
void batch_run::rebuild_tables() {
    for (std::size_t ti = 0; ti < p.tables.size(); ++ti) rebuild_table(ti);
}

void batch_run::rebuild_table(std::size_t ti) {
    const table_spec& spec = p.tables[ti];
    auto& ts = s.tables[ti];
    std::vector<std::size_t> domain(spec.parts.size());
    std::vector<int> base(spec.parts.size(), 0);
    std::vector<const std::vector<std::string>*> dicts(spec.parts.size(), nullptr);
    for (std::size_t k = 0; k < spec.parts.size(); ++k) {
        const column_view& c = in.columns[static_cast<std::size_t>(spec.parts[k].column)];
        if (spec.parts[k].year) {
            auto [lo, hi] = s.year_range.at(spec.parts[k].column);
            if (!ts.domain.empty() && ts.year_base[k] <= lo &&
                ts.year_base[k] + static_cast<int>(ts.domain[k]) > hi) {
                lo = ts.year_base[k];
                hi = ts.year_base[k] + static_cast<int>(ts.domain[k]) - 1;
            }
            base[k] = lo;
            domain[k] = static_cast<std::size_t>(hi - lo + 1);
        } else {
            dicts[k] = c.dictionary;
            domain[k] = c.dictionary ? c.dictionary->size() : 0;
        }
    }
    if (domain != ts.domain || base != ts.year_base || dicts != ts.dicts) {
        ++s.sigs[static_cast<std::size_t>(s.sig_of_table[ti])].generation;
        std::size_t total = 1;
        for (auto d : domain) total *= std::max<std::size_t>(d, 1);
        ts.domain = domain;
        ts.year_base = base;
        ts.dicts = dicts;
        ts.values.assign(total, std::numeric_limits<double>::quiet_NaN());
        ts.entry_problem.assign(total, 0);
        std::vector<std::string> key(spec.parts.size());
        for (std::size_t idx = 0; idx < total; ++idx) {
            std::size_t rest = idx;
            std::string joined;
            for (std::size_t k = spec.parts.size(); k-- > 0;) {
                std::size_t d = std::max<std::size_t>(domain[k], 1);
                std::size_t v = rest % d;
                rest /= d;
                key[k] = spec.parts[k].year ? std::to_string(base[k] + static_cast<int>(v))
                                            : (dicts[k] && v < dicts[k]->size() ? (*dicts[k])[v] : std::string());
            }
            for (const auto& part : key) joined += part + '\x1f';
            auto it = ts.cache.find(joined);
            if (it == ts.cache.end()) {
                it = ts.cache.emplace(joined, spec.resolve(key)).first;
                ts.first_seen.push_back(joined);
            }
            ts.values[idx] = it->second.value;
            if (!it->second.problem.empty()) ts.entry_problem[idx] = s.problem_id(spec.label + ": " + it->second.problem);
        }
    }
}

// Signatures: do their tables share one layout, and are their key-only
// instructions worth computing per key (a domain no larger than the batch)?
void batch_run::prepare_signatures() {
    for (auto& sg : s.sigs) {
        const auto& first = s.tables[sg.tables.front()];
        sg.aligned = std::all_of(sg.tables.begin(), sg.tables.end(), [&](std::size_t ti) {
            return s.tables[ti].domain == first.domain && s.tables[ti].year_base == first.year_base;
        });
        sg.dense = sg.aligned && first.values.size() <= std::max<std::size_t>(n, 4096);
        sg.index_ready = false;
    }
}

// By the column's codes for a one-column key, else by the combined index,
// built once per signature.
void batch_run::gather(const double* values, std::size_t table, double* dst) {
    const table_spec& spec = p.tables[table];
    const auto& ts = s.tables[table];
    auto& sg = s.sigs[static_cast<std::size_t>(s.sig_of_table[table])];
    if (spec.parts.size() == 1 && !spec.parts[0].year) {
        const std::int32_t* codes = in.columns[static_cast<std::size_t>(spec.parts[0].column)].codes;
        for (std::size_t i = 0; i < n; ++i) dst[i] = values[codes[i]];
        return;
    }
    auto& idx = sg.aligned ? sg.index : s.index;
    if (!sg.aligned || !sg.index_ready) {
        // Mixed-radix key over the parts, built column by column.
        idx.assign(n, 0);
        for (std::size_t k = 0; k < spec.parts.size(); ++k) {
            const std::uint32_t radix = static_cast<std::uint32_t>(std::max<std::size_t>(ts.domain[k], 1));
            if (spec.parts[k].year) {
                const std::int32_t* years = s.year_cols.at(spec.parts[k].column).data();
                const std::int32_t base = ts.year_base[k];
                for (std::size_t i = 0; i < n; ++i) idx[i] = idx[i] * radix + static_cast<std::uint32_t>(years[i] - base);
            } else {
                const std::int32_t* codes = in.columns[static_cast<std::size_t>(spec.parts[k].column)].codes;
                for (std::size_t i = 0; i < n; ++i) idx[i] = idx[i] * radix + static_cast<std::uint32_t>(codes[i]);
            }
        }
        sg.index_ready = sg.aligned;
    }
    const std::uint32_t* ix = idx.data();
    for (std::size_t i = 0; i < n; ++i) dst[i] = values[ix[i]];
}

std::uint32_t batch_run::failed_entry(std::size_t i) const {
    std::uint32_t found = 0;
    for (std::size_t ti = 0; ti < p.tables.size() && found == 0; ++ti) {
        const table_spec& spec = p.tables[ti];
        const auto& ts = s.tables[ti];
        std::size_t idx = 0;
        for (std::size_t k = 0; k < spec.parts.size(); ++k) {
            const column_view& c = in.columns[static_cast<std::size_t>(spec.parts[k].column)];
            std::size_t v = spec.parts[k].year
                                ? static_cast<std::size_t>(s.year_cols.at(spec.parts[k].column)[i] - ts.year_base[k])
                                : static_cast<std::size_t>(c.codes[i]);
            idx = idx * std::max<std::size_t>(ts.domain[k], 1) + v;
        }
        found = ts.entry_problem[idx];
    }
    return found;
}

}  // namespace footprint::detail
