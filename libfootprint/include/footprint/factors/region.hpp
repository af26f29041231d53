#pragma once
// Regions and their hierarchy (province → China grid region → China → world),
// used for the fallback from a fine region to a coarser one when no factor
// exists for the fine one.

#include <map>
#include <string>
#include <vector>

#include "footprint/core/error.hpp"

namespace footprint {

struct region {
    std::string id;      ///< e.g. `CN-East`
    std::string name;    ///< e.g. "East China grid"
    std::string parent;  ///< empty for the root (`GLO`)
    source_location where;
    /// Id of the source that places this region under its parent (for a
    /// province: the announcement that groups provinces into grid regions);
    /// empty when the grouping is common knowledge (a country in the world).
    std::string source = {};
};

/// The hierarchy of regions. `GLO` is the root and always present.
class region_tree {
public:
    region_tree() { regions_.emplace("GLO", region{"GLO", "World", "", {}, {}}); }

    /// Adds a region; its parent must already be known (checked by `validate`).
    void add(region r) { regions_[r.id] = std::move(r); }

    [[nodiscard]] bool contains(const std::string& id) const { return regions_.count(id) != 0; }
    [[nodiscard]] const region* find(const std::string& id) const {
        auto it = regions_.find(id);
        return it == regions_.end() ? nullptr : &it->second;
    }
    [[nodiscard]] const std::map<std::string, region>& all() const { return regions_; }

    /// `id`, its parent, grandparent, ... up to GLO. An unknown id yields just itself.
    [[nodiscard]] std::vector<std::string> chain(const std::string& id) const {
        std::vector<std::string> out;
        std::string cur = id;
        while (!cur.empty() && out.size() < 32) {
            out.push_back(cur);
            const region* r = find(cur);
            if (r == nullptr) break;
            cur = r->parent;
        }
        return out;
    }

    /// Reports a parent that does not exist and cycles.
    void validate(diagnostics& out) const {
        for (const auto& [id, r] : regions_) {
            if (r.parent.empty()) continue;
            if (!contains(r.parent)) {
                out.add("footprint.region.unknown", r.where, "region '" + id + "' has an unknown parent",
                        "a region id defined in regions.yaml", r.parent);
                continue;
            }
            if (chain(id).size() >= 32)
                out.add("footprint.region.cycle", r.where, "region hierarchy of '" + id + "' has a cycle");
        }
    }

private:
    std::map<std::string, region> regions_;
};

}  // namespace footprint
