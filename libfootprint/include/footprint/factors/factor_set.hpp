#pragma once
// Factor sets: the reviewed factor YAML, built once into a named, versioned,
// immutable SQLite file whose content is sealed by a SHA-256 digest.
//
// A set is built with `footprint factors build factors/ -o SET.sqlite` (or
// build_factor_set) and opened read-only with factor_set::open, which loads
// every row into a factor_library (so look-ups never run SQL) and refuses the
// file unless its content matches the digest stored in it. An opened set is
// immutable; any number of threads may read it at once.
//
// The digest is taken over a canonical serialisation of the content, not over
// the file's bytes: rows sorted by key, columns in a fixed order, every value
// as text (numbers as their source wrote them, integers in decimal), each
// value length-prefixed. docs/factors.md specifies it byte by byte, so an
// auditor can recompute it without footprint
// (`footprint factors check SET --canonical | sha256sum`).
//
// Errors: `footprint.io.read` (no such file), `footprint.factorset.corrupt`
// (not SQLite, truncated, not a factor set, rows of the wrong type, values that
// do not parse), `footprint.factorset.digest-mismatch` (content edited after it
// was built: expected = the digest the set claims, found = the digest of its
// content), `footprint.factorset.format` (made by a newer footprint),
// `footprint.factorset.write` and `footprint.io.write` (building).

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "footprint/factors/factor_library.hpp"
#include "footprint/quantities/gwp.hpp"

namespace footprint {

/// The layout version of the SQLite file and of the canonical serialisation.
inline constexpr int factor_set_format = 1;

/// SQLite `application_id` of a factor set ("FPFS"), so that `file(1)` and
/// footprint can tell a factor set from any other SQLite database.
inline constexpr int factor_set_application_id = 0x46504653;

/// One file a set was built from: its name in the factor directory and the
/// SHA-256 of its bytes.
struct factor_set_input {
    std::string path;
    std::string sha256;
    friend bool operator==(const factor_set_input&, const factor_set_input&) = default;
};

/// What a set says about itself (its `set_info` and `created_from` tables).
struct factor_set_info {
    int format = factor_set_format;
    std::string name;              ///< e.g. `footprint-default`
    std::string version;           ///< e.g. `0.1.0`
    std::string digest;            ///< SHA-256 (hex) of the canonical serialisation
    std::string gwp_default = "AR6";  ///< GWP set used when the caller names none
    std::string software_version;  ///< footprint version that built it
    std::vector<factor_set_input> created_from;
};

struct factor_set_build_options {
    std::string name = "footprint-default";
    std::string version;               ///< empty: the software version
    std::string gwp_default = "AR6";   ///< AR4, AR5 or AR6
};

/// An opened factor set: read-only, verified, fully in memory.
class factor_set {
public:
    /// Opens `file` read-only, loads every row and checks the digest.
    /// Throws the errors listed at the top of this header.
    [[nodiscard]] static factor_set open(const std::filesystem::path& file);

    [[nodiscard]] const factor_set_info& info() const noexcept { return info_; }
    [[nodiscard]] const factor_library& library() const noexcept { return library_; }
    [[nodiscard]] const std::filesystem::path& file() const noexcept { return file_; }
    /// The GWP set named by the set's `gwp_default`.
    [[nodiscard]] const gwp_set& default_gwp() const { return *find_gwp_set(info_.gwp_default); }

    [[nodiscard]] const emission_factor* find(const std::string& id) const { return library_.find(id); }
    [[nodiscard]] factor_match lookup(const factor_query& q, const source_location& where = {}) const {
        return library_.lookup(q, where);
    }

private:
    factor_set(std::filesystem::path file, factor_set_info info, factor_library library)
        : file_(std::move(file)), info_(std::move(info)), library_(std::move(library)) {}

    std::filesystem::path file_;
    factor_set_info info_;
    factor_library library_;
};

/// Loads the YAML in `dir` (load_factor_directory: nothing is built when any
/// file has a problem), writes the set to a temporary file beside `out`,
/// verifies it by opening it, and renames it to `out`. Returns its info.
factor_set_info build_factor_set(const std::filesystem::path& dir, const std::filesystem::path& out,
                                 const factor_set_build_options& options = {});

/// Writes a one-layer library as a set (the same steps as build_factor_set).
/// `info.digest` is computed; `info.format` and `software_version` are set here.
factor_set_info write_factor_set(const factor_library& library, factor_set_info info,
                                 const std::filesystem::path& out);

/// One row of a set's tables as it enters the canonical serialisation:
/// the table's name and every column's value as text, in the table's order.
struct canonical_row {
    std::string table;
    std::vector<std::pair<std::string, std::string>> fields;
};

/// The content rows of a library (tables sources, regions, factors,
/// factor_gases, each sorted by key), exactly as a set built from it stores them.
[[nodiscard]] std::vector<canonical_row> canonical_rows(const factor_library& library);

/// The canonical serialisation of a set: `info` (without its digest) and the
/// library's content rows. Its SHA-256 is the set's digest.
[[nodiscard]] std::string canonical_serialisation(const factor_set_info& info, const factor_library& library);

/// Hex SHA-256 of canonical_serialisation(info, library).
[[nodiscard]] std::string factor_set_digest(const factor_set_info& info, const factor_library& library);

/// The canonical serialisation of an opened set, recomputed from its rows
/// (what `footprint factors check --canonical` prints).
[[nodiscard]] std::string canonical_serialisation(const factor_set& set);

/// The base set's library with each overlay stacked on it, in order: a later
/// overlay takes precedence over earlier ones and over the base (see
/// factor_library::add_overlay and factor_library::lookup).
[[nodiscard]] factor_library stack_factor_sets(const factor_set& base, const std::vector<const factor_set*>& overlays);

/// Where the bundled set is installed: <data dir>/factor-sets/footprint-default.sqlite,
/// with the data dir of default_data_dir() (so `FOOTPRINT_DATA_DIR` moves it too).
[[nodiscard]] std::filesystem::path default_factor_set_path();

}  // namespace footprint
