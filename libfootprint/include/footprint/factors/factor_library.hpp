#pragma once
// An in-memory, read-only index of emission factors with their sources and the
// region hierarchy: what plan binding and the footprint calculation look
// factors up in. Built from the reviewed YAML files in factors/ (this header)
// or from a factor-set database (factor_set.hpp), possibly with overlays
// stacked on top. Once built it is immutable, so concurrent readers need no
// locking.

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "footprint/core/error.hpp"
#include "footprint/factors/factor.hpp"
#include "footprint/factors/region.hpp"
#include "footprint/core/source.hpp"

namespace footprint {

/// What to look a factor up by.
struct factor_query {
    std::string activity;  ///< e.g. `electricity.grid`
    std::string region;    ///< the finest region that applies, e.g. `CN-East`
    int year = 0;          ///< the year of the activity
    std::string scope;     ///< restricts the match (e.g. `wtw`) when not empty
};

/// One factor set in a library's stack: the base (layer 0) or an overlay.
/// A library loaded from YAML has one layer with an empty digest.
struct factor_layer {
    std::string name;     ///< the set's name, e.g. `footprint-default`
    std::string version;  ///< the set's version
    std::string digest;   ///< SHA-256 of the set's canonical content; empty for YAML
    std::string origin;   ///< the file or directory it was read from
};

/// The factor chosen for a query and how it was reached.
struct factor_match {
    const emission_factor* factor = nullptr;
    /// Each step tried, e.g. "CN-Jiangsu: no factor", "CN-East: valid in 2023 → …".
    /// The last step names the factor chosen; with overlays it also names the
    /// set the factor came from and the factors of lower sets it shadows.
    std::vector<std::string> path;
    bool exact = false;     ///< true when region and year matched without fallback
    std::size_t layer = 0;  ///< index into factor_library::layers() of the set it came from
    /// Factors of lower layers for the same activity and region that the chosen
    /// factor's layer took precedence over (empty without overlays).
    std::vector<const emission_factor*> shadowed;
};

/// The numbers of a factor exactly as its source file wrote them ("0.5500",
/// "74100"). The doubles in emission_factor are what the calculation uses;
/// these texts are what a factor set stores, so that an auditor sees the
/// publication's digits and a rebuilt set is bit-identical.
/// (They belong in emission_factor itself; kept beside it for now so that
/// factor.hpp stays as it is.)
struct written_numbers {
    std::string value;               ///< forms (a) and (b); empty for form (c)
    std::vector<std::string> gases;  ///< parallel to emission_factor::gases
    std::string uncertainty_low, uncertainty_high, uncertainty_sd;  ///< empty when not given
};

/// Texts for a factor whose numbers were not read from a file: the shortest
/// round-trip text of each double.
[[nodiscard]] written_numbers shortest_written_numbers(const emission_factor& f);

class factor_library {
public:
    factor_library() = default;

    void add_source(source_record s) { sources_[s.id] = std::move(s); }
    /// Adds a factor to the base layer; its numbers are written in shortest round-trip form.
    void add_factor(emission_factor f);
    /// Adds a factor with the texts its numbers were written as.
    void add_factor(emission_factor f, written_numbers w);
    void add_region(region r) { regions_.add(std::move(r)); }

    /// Describes the base layer (its name, version, digest and origin).
    void describe_base(factor_layer l) { layers_.front() = std::move(l); }

    /// Stacks `overlay` on top of this library: its factors take precedence
    /// over every factor already here with the same activity and region (see
    /// lookup). Its regions and sources are added; one that is already here
    /// must agree (same parent; same publisher, title, year, url, licence).
    /// Factor ids must stay unique across layers: an overlay replaces a factor
    /// by shadowing it in look-ups, never by reusing its id. Throws
    /// `footprint.factorset.overlay-conflict` listing every clash.
    void add_overlay(const factor_library& overlay);

    [[nodiscard]] const emission_factor* find(const std::string& id) const;
    [[nodiscard]] const source_record* find_source(const std::string& id) const;
    /// Every factor, in the order added (base layer first).
    [[nodiscard]] const std::vector<emission_factor>& factors() const { return factors_; }
    /// Every factor, sorted by id (the order of listings and of the canonical form).
    [[nodiscard]] std::vector<const emission_factor*> sorted_by_id() const;
    [[nodiscard]] const std::map<std::string, source_record>& sources() const { return sources_; }
    [[nodiscard]] const region_tree& regions() const { return regions_; }
    [[nodiscard]] const std::vector<factor_layer>& layers() const { return layers_; }

    /// The texts `f`'s numbers were written as. `f` must belong to this library.
    [[nodiscard]] const written_numbers& written(const emission_factor& f) const;
    /// Index into layers() of the set `f` came from. `f` must belong to this library.
    [[nodiscard]] std::size_t layer_of(const emission_factor& f) const;

    /// Factors whose id, name, activity, region, scope, source, table or notes
    /// contain `text` (ASCII case-insensitive), sorted by id.
    [[nodiscard]] std::vector<const emission_factor*> search(std::string_view text) const;

    /// Looks a factor up by activity, region and year with the declared
    /// fallback: for each region from the finest to GLO, the factor valid in
    /// the year, else the nearest earlier year, else the nearest later year.
    /// With overlays, at each region the highest layer that has a factor for
    /// the activity there is used and the layers below it are shadowed; a
    /// finer region still wins over a coarser one whatever its layer.
    /// Throws `footprint.factor.not-found` when nothing matches and
    /// `footprint.factor.ambiguous` when several factors match equally
    /// (narrow the query with a scope, or name the factor by id).
    [[nodiscard]] factor_match lookup(const factor_query& q, const source_location& where = {}) const;

    /// A copy in which each factor named in `multipliers` has its amounts (value,
    /// CO2e per activity, every gas) multiplied by the factor's multiplier: a
    /// draw of Monte Carlo, or a one-at-a-time perturbation. The written texts
    /// stay those of the publication. Throws `footprint.factor.not-found`
    /// naming every id that is not in the library.
    [[nodiscard]] factor_library with_factors_scaled(const std::map<std::string, double>& multipliers) const;

    /// Checks cross-references: every factor cites a known source, every
    /// region is in the hierarchy, ids are unique. Adds to `out`.
    void validate(diagnostics& out) const;

private:
    [[nodiscard]] std::size_t index_of(const emission_factor& f) const;

    std::vector<emission_factor> factors_;
    std::vector<written_numbers> written_;  // parallel to factors_
    std::vector<std::size_t> layer_;        // parallel to factors_
    std::vector<factor_layer> layers_{factor_layer{}};
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

/// The files load_factor_directory reads, in the order it reads them
/// (regions.yaml first, then the others by name). Throws `footprint.io.read`
/// when `dir` is not a directory.
[[nodiscard]] std::vector<std::filesystem::path> factor_directory_files(const std::filesystem::path& dir);

/// Same, for the given files.
[[nodiscard]] factor_library load_factor_files(const std::vector<std::filesystem::path>& files);

/// One input text and the name used for it in locations.
struct named_text {
    std::string name;
    std::string text;
};

/// Same, for texts already read (so that a caller can hash exactly the bytes
/// that were loaded).
[[nodiscard]] factor_library load_factor_texts(const std::vector<named_text>& texts);

/// Same, from YAML text (for tests and tools); `name` is used in locations.
[[nodiscard]] factor_library load_factor_yaml(const std::string& yaml, const std::string& name = "<yaml>");

}  // namespace footprint
