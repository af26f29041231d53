#pragma once
// An in-memory, read-only index of emission factors with their sources and the
// region hierarchy: what plan binding and the footprint calculation look
// factors up in. Built from the reviewed YAML files in factors/ (this header)
// or from a factor-set database. Once built it is immutable, so concurrent
// readers need no locking.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "footprint/error.hpp"
#include "footprint/factor.hpp"
#include "footprint/region.hpp"
#include "footprint/source.hpp"

namespace footprint {

/// What to look a factor up by.
struct factor_query {
    std::string activity;  ///< e.g. `electricity.grid`
    std::string region;    ///< the finest region that applies, e.g. `CN-East`
    int year = 0;          ///< the year of the activity
    std::string scope;     ///< restricts the match (e.g. `wtw`) when not empty
};

/// The factor chosen for a query and how it was reached.
struct factor_match {
    const emission_factor* factor = nullptr;
    /// Each step tried, e.g. "CN-Jiangsu 2023: no factor", "CN-East 2023: no factor
    /// for 2023, nearest earlier year 2022". The last step names the factor chosen.
    std::vector<std::string> path;
    bool exact = false;  ///< true when region and year matched without fallback
};

class factor_library {
public:
    factor_library() = default;

    void add_source(source_record s) { sources_[s.id] = std::move(s); }
    void add_factor(emission_factor f);
    void add_region(region r) { regions_.add(std::move(r)); }

    [[nodiscard]] const emission_factor* find(const std::string& id) const;
    [[nodiscard]] const source_record* find_source(const std::string& id) const;
    [[nodiscard]] const std::vector<emission_factor>& factors() const { return factors_; }
    [[nodiscard]] const std::map<std::string, source_record>& sources() const { return sources_; }
    [[nodiscard]] const region_tree& regions() const { return regions_; }

    /// Looks a factor up by activity, region and year with the declared
    /// fallback: for each region from the finest to GLO, the factor valid in
    /// the year, else the nearest earlier year, else the nearest later year.
    /// Throws `footprint.factor.not-found` when nothing matches and
    /// `footprint.factor.ambiguous` when several factors match equally
    /// (narrow the query with a scope, or name the factor by id).
    [[nodiscard]] factor_match lookup(const factor_query& q, const source_location& where = {}) const;

    /// Checks cross-references: every factor cites a known source, every
    /// region is in the hierarchy, ids are unique. Adds to `out`.
    void validate(diagnostics& out) const;

private:
    std::vector<emission_factor> factors_;
    std::map<std::string, std::size_t> by_id_;
    std::multimap<std::string, std::size_t> by_activity_;
    std::map<std::string, source_record> sources_;
    region_tree regions_;
    std::vector<std::pair<std::string, source_location>> duplicate_ids_;
};

/// Reads every `*.yaml` in `dir` (sorted by name, so the result does not
/// depend on the file system's order) plus `regions.yaml`. Collects every
/// problem of every file and throws one `error` listing them all.
[[nodiscard]] factor_library load_factor_directory(const std::filesystem::path& dir);

/// Same, for the given files.
[[nodiscard]] factor_library load_factor_files(const std::vector<std::filesystem::path>& files);

/// Same, from YAML text (for tests and tools); `name` is used in locations.
[[nodiscard]] factor_library load_factor_yaml(const std::string& yaml, const std::string& name = "<yaml>");

}  // namespace footprint
