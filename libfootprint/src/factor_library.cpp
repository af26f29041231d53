// The in-memory factor index and its look-up with recorded fallback.

#include "footprint/factor_library.hpp"

#include <algorithm>
#include <limits>
#include <set>

namespace footprint {

void factor_library::add_factor(emission_factor f) {
    if (by_id_.count(f.id) != 0) {
        duplicate_ids_.emplace_back(f.id, f.where);
        return;
    }
    std::size_t idx = factors_.size();
    by_id_[f.id] = idx;
    by_activity_.emplace(f.activity, idx);
    factors_.push_back(std::move(f));
}

const emission_factor* factor_library::find(const std::string& id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : &factors_[it->second];
}

const source_record* factor_library::find_source(const std::string& id) const {
    auto it = sources_.find(id);
    return it == sources_.end() ? nullptr : &it->second;
}

namespace {

std::string describe(const emission_factor& f) {
    return f.id + " (" + f.region + ", " + std::to_string(f.year_first) +
           (f.year_last != f.year_first ? "–" + std::to_string(f.year_last) : std::string()) + ")";
}

}  // namespace

factor_match factor_library::lookup(const factor_query& q, const source_location& where) const {
    factor_match m;
    auto [lo, hi] = by_activity_.equal_range(q.activity);
    std::vector<const emission_factor*> candidates;
    for (auto it = lo; it != hi; ++it) {
        const auto& f = factors_[it->second];
        if (q.scope.empty() || f.scope == q.scope) candidates.push_back(&f);
    }
    std::string what = q.activity + (q.scope.empty() ? "" : " [" + q.scope + "]");
    if (candidates.empty()) {
        std::set<std::string> activities;
        for (const auto& f : factors_) activities.insert(f.activity);
        std::string known;
        for (const auto& a : activities) known += (known.empty() ? "" : ", ") + a;
        throw error("footprint.factor.not-found", where, "no factor for activity " + what,
                    "an activity with a factor: " + known, q.activity);
    }

    std::string region = q.region.empty() ? "GLO" : q.region;
    for (const auto& r : regions_.chain(region)) {
        std::vector<const emission_factor*> here;
        for (auto* f : candidates)
            if (f->region == r) here.push_back(f);
        if (here.empty()) {
            m.path.push_back(r + ": no factor");
            continue;
        }
        // Exact year, then nearest earlier, then nearest later.
        std::vector<const emission_factor*> best;
        std::string how;
        for (auto* f : here)
            if (f->valid_in(q.year)) best.push_back(f);
        if (!best.empty()) {
            how = "valid in " + std::to_string(q.year);
        } else {
            int nearest_earlier = std::numeric_limits<int>::min();
            for (auto* f : here)
                if (f->year_last < q.year) nearest_earlier = std::max(nearest_earlier, f->year_last);
            if (nearest_earlier != std::numeric_limits<int>::min()) {
                for (auto* f : here)
                    if (f->year_last == nearest_earlier) best.push_back(f);
                how = "no factor for " + std::to_string(q.year) + ", nearest earlier year " +
                      std::to_string(nearest_earlier);
            } else {
                int nearest_later = std::numeric_limits<int>::max();
                for (auto* f : here) nearest_later = std::min(nearest_later, f->year_first);
                for (auto* f : here)
                    if (f->year_first == nearest_later) best.push_back(f);
                how = "no factor for " + std::to_string(q.year) + " or earlier, nearest later year " +
                      std::to_string(nearest_later);
            }
        }
        if (best.size() > 1) {
            std::string ids;
            for (auto* f : best) ids += (ids.empty() ? "" : ", ") + f->id;
            throw error("footprint.factor.ambiguous", where,
                        "several factors match " + what + " in " + r + " for " + std::to_string(q.year) +
                            ": " + ids,
                        "exactly one; name the factor by id or restrict the scope", ids);
        }
        m.factor = best.front();
        m.exact = (r == region) && best.front()->valid_in(q.year);
        m.path.push_back(r + ": " + how + " → " + describe(*m.factor));
        return m;
    }
    std::string tried;
    for (const auto& p : m.path) tried += (tried.empty() ? "" : "; ") + p;
    std::set<std::string> available;
    for (auto* f : candidates) available.insert(f->region);
    std::string regions;
    for (const auto& r : available) regions += (regions.empty() ? "" : ", ") + r;
    throw error("footprint.factor.not-found", where,
                "no factor for " + what + " in region " + region + " or any region above it (" + tried + ")",
                "a region whose chain reaches one with a factor for this activity (" + regions +
                    "), or the factor named by id",
                region);
}

void factor_library::validate(diagnostics& out) const {
    for (const auto& [id, loc] : duplicate_ids_)
        out.add("footprint.factor.duplicate-id", loc, "factor id '" + id + "' is defined twice",
                "a unique id", id);
    regions_.validate(out);
    for (const auto& f : factors_) {
        if (!f.cited.source_id.empty() && find_source(f.cited.source_id) == nullptr)
            out.add("footprint.factor.unknown-source", f.where,
                    "factor '" + f.id + "' cites an unknown source", "the id of a source in a factors file",
                    f.cited.source_id);
        if (!regions_.contains(f.region))
            out.add("footprint.region.unknown", f.where, "factor '" + f.id + "' has an unknown region",
                    "a region defined in regions.yaml", f.region);
    }
}

}  // namespace footprint
