// The in-memory factor index, its overlays, and the look-up with recorded fallback.

#include "footprint/factors/factor_library.hpp"

#include <algorithm>
#include <limits>
#include <set>
#include <stdexcept>

#include "footprint/core/number_text.hpp"

namespace footprint {

written_numbers shortest_written_numbers(const emission_factor& f) {
    written_numbers w;
    if (f.unit.emission != emission_kind::none) w.value = shortest_text(f.value);
    for (const auto& g : f.gases) w.gases.push_back(shortest_text(g.as_written));
    if (f.uncertainty) {
        w.uncertainty_low = shortest_text(f.uncertainty->low);
        w.uncertainty_high = shortest_text(f.uncertainty->high);
        w.uncertainty_sd = shortest_text(f.uncertainty->sd);
    }
    return w;
}

void factor_library::add_factor(emission_factor f) {
    written_numbers w = shortest_written_numbers(f);
    add_factor(std::move(f), std::move(w));
}

void factor_library::add_factor(emission_factor f, written_numbers w) {
    if (by_id_.count(f.id) != 0) {
        duplicate_ids_.emplace_back(f.id, f.where);
        return;
    }
    std::size_t idx = factors_.size();
    by_id_[f.id] = idx;
    by_activity_.emplace(f.activity, idx);
    factors_.push_back(std::move(f));
    written_.push_back(std::move(w));
    layer_.push_back(0);
}

factor_library factor_library::with_factors_scaled(const std::map<std::string, double>& multipliers) const {
    factor_library out = *this;
    diagnostics problems;
    for (const auto& [id, m] : multipliers) {
        auto it = out.by_id_.find(id);
        if (it == out.by_id_.end()) {
            problems.add("footprint.factor.not-found", source_location{}, "no factor with id '" + id + "' to scale",
                         "the id of a factor in the library", id);
            continue;
        }
        emission_factor& f = out.factors_[it->second];
        f.value *= m;
        if (f.co2e_per_activity) *f.co2e_per_activity *= m;
        for (auto& g : f.gases) g.per_activity *= m;
    }
    problems.throw_if_any();
    return out;
}

const emission_factor* factor_library::find(const std::string& id) const {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : &factors_[it->second];
}

const source_record* factor_library::find_source(const std::string& id) const {
    auto it = sources_.find(id);
    return it == sources_.end() ? nullptr : &it->second;
}

std::vector<const emission_factor*> factor_library::sorted_by_id() const {
    std::vector<const emission_factor*> out;
    out.reserve(by_id_.size());
    for (const auto& [id, idx] : by_id_) out.push_back(&factors_[idx]);
    return out;
}

std::size_t factor_library::index_of(const emission_factor& f) const {
    if (factors_.empty() || &f < factors_.data() || &f >= factors_.data() + factors_.size())
        throw std::invalid_argument("footprint: factor '" + f.id + "' does not belong to this library");
    return static_cast<std::size_t>(&f - factors_.data());
}

const written_numbers& factor_library::written(const emission_factor& f) const { return written_[index_of(f)]; }

std::size_t factor_library::layer_of(const emission_factor& f) const { return layer_[index_of(f)]; }

namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool contains_folded(std::string_view hay, std::string_view needle) {
    if (needle.empty()) return true;
    auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                          [](char a, char b) { return lower(a) == lower(b); });
    return it != hay.end();
}

std::string describe(const emission_factor& f) {
    return f.id + " (" + f.region + ", " + std::to_string(f.year_first) +
           (f.year_last != f.year_first ? "–" + std::to_string(f.year_last) : std::string()) + ")";
}

std::string layer_label(const factor_layer& l, std::size_t index) {
    if (!l.name.empty()) return "'" + l.name + "'";
    if (!l.origin.empty()) return "'" + l.origin + "'";
    return "layer " + std::to_string(index);
}

}  // namespace

std::vector<const emission_factor*> factor_library::search(std::string_view text) const {
    std::vector<const emission_factor*> out;
    for (const emission_factor* f : sorted_by_id()) {
        for (std::string_view field : {std::string_view(f->id), std::string_view(f->name), std::string_view(f->activity),
                                       std::string_view(f->region), std::string_view(f->scope),
                                       std::string_view(f->cited.source_id), std::string_view(f->cited.table),
                                       std::string_view(f->notes)}) {
            if (contains_folded(field, text)) {
                out.push_back(f);
                break;
            }
        }
    }
    return out;
}

void factor_library::add_overlay(const factor_library& o) {
    // Check everything first so that a refused overlay leaves this library unchanged.
    diagnostics problems;
    const std::string below = layer_label(layers_.back(), layers_.size() - 1);
    for (const auto& [id, r] : o.regions_.all()) {
        const region* mine = regions_.find(id);
        if (mine != nullptr && mine->parent != r.parent)
            problems.add("footprint.factorset.overlay-conflict", r.where,
                         "region '" + id + "' has another parent in the overlay than in " + below,
                         "parent '" + mine->parent + "'", r.parent);
    }
    for (const auto& [id, s] : o.sources_) {
        const source_record* mine = find_source(id);
        if (mine != nullptr && (mine->publisher != s.publisher || mine->title != s.title || mine->year != s.year ||
                                mine->url != s.url || mine->licence != s.licence))
            problems.add("footprint.factorset.overlay-conflict", s.where,
                         "source '" + id + "' differs from the source with the same id in " + below +
                             "; give the overlay's source an id of its own",
                         "the same publisher, title, year, url and licence, or another id", id);
    }
    for (const auto& f : o.factors_) {
        if (const emission_factor* mine = find(f.id))
            problems.add("footprint.factorset.overlay-conflict", f.where,
                         "factor id '" + f.id + "' is already used by " + layer_label(layers_[layer_of(*mine)], layer_of(*mine)) +
                             "; an overlay factor shadows another by activity, region and years, not by id",
                         "an id of its own", f.id);
    }
    problems.throw_if_any();

    const std::size_t base = layers_.size();
    layers_.insert(layers_.end(), o.layers_.begin(), o.layers_.end());
    for (const auto& [id, r] : o.regions_.all())
        if (!regions_.contains(id)) regions_.add(r);
    for (const auto& [id, s] : o.sources_)
        if (find_source(id) == nullptr) sources_[id] = s;
    for (std::size_t i = 0; i < o.factors_.size(); ++i) {
        std::size_t idx = factors_.size();
        by_id_[o.factors_[i].id] = idx;
        by_activity_.emplace(o.factors_[i].activity, idx);
        factors_.push_back(o.factors_[i]);
        written_.push_back(o.written_[i]);
        layer_.push_back(base + o.layer_[i]);
    }
    duplicate_ids_.insert(duplicate_ids_.end(), o.duplicate_ids_.begin(), o.duplicate_ids_.end());
}

factor_match factor_library::lookup(const factor_query& q, const source_location& where) const {
    factor_match m;
    auto [lo, hi] = by_activity_.equal_range(q.activity);
    std::vector<std::size_t> candidates;
    for (auto it = lo; it != hi; ++it) {
        const auto& f = factors_[it->second];
        if (q.scope.empty() || f.scope == q.scope) candidates.push_back(it->second);
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

    const bool layered = layers_.size() > 1;
    std::string region = q.region.empty() ? "GLO" : q.region;
    for (const auto& r : regions_.chain(region)) {
        std::vector<std::size_t> here;
        for (std::size_t i : candidates)
            if (factors_[i].region == r) here.push_back(i);
        if (here.empty()) {
            m.path.push_back(r + ": no factor");
            continue;
        }
        // The highest layer with a factor here shadows the layers below it.
        std::size_t top = 0;
        for (std::size_t i : here) top = std::max(top, layer_[i]);
        std::vector<const emission_factor*> shadowed;
        std::vector<const emission_factor*> in_top;
        for (std::size_t i : here) (layer_[i] == top ? in_top : shadowed).push_back(&factors_[i]);

        // Exact year, then nearest earlier, then nearest later.
        std::vector<const emission_factor*> best;
        std::string how;
        for (auto* f : in_top)
            if (f->valid_in(q.year)) best.push_back(f);
        if (!best.empty()) {
            how = "valid in " + std::to_string(q.year);
        } else {
            int nearest_earlier = std::numeric_limits<int>::min();
            for (auto* f : in_top)
                if (f->year_last < q.year) nearest_earlier = std::max(nearest_earlier, f->year_last);
            if (nearest_earlier != std::numeric_limits<int>::min()) {
                for (auto* f : in_top)
                    if (f->year_last == nearest_earlier) best.push_back(f);
                how = "no factor for " + std::to_string(q.year) + ", nearest earlier year " +
                      std::to_string(nearest_earlier);
            } else {
                int nearest_later = std::numeric_limits<int>::max();
                for (auto* f : in_top) nearest_later = std::min(nearest_later, f->year_first);
                for (auto* f : in_top)
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
        m.layer = top;
        m.exact = (r == region) && best.front()->valid_in(q.year);
        std::string step = r + ": " + how + " → " + describe(*m.factor);
        if (layered) {
            step += " from " + layer_label(layers_[top], top);
            for (std::size_t k = 0; k < shadowed.size(); ++k) {
                std::size_t l = layer_of(*shadowed[k]);
                step += (k == 0 ? "; shadows " : ", ") + describe(*shadowed[k]) + " from " + layer_label(layers_[l], l);
            }
        }
        m.shadowed = std::move(shadowed);
        m.path.push_back(std::move(step));
        return m;
    }
    std::string tried;
    for (const auto& p : m.path) tried += (tried.empty() ? "" : "; ") + p;
    std::set<std::string> available;
    for (std::size_t i : candidates) available.insert(factors_[i].region);
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
    for (const auto& [id, r] : regions_.all())
        if (!r.source.empty() && find_source(r.source) == nullptr)
            out.add("footprint.region.unknown-source", r.where, "region '" + id + "' cites an unknown source",
                    "the id of a source in a factors file", r.source);
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
