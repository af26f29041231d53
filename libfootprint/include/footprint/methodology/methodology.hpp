#pragma once
// A methodology, as data: the structure of CDM/CCER methodologies (id,
// version, applicability, boundary, baseline scenario, equations, parameters
// fixed ex ante and monitored per shipment, rounding and conservativeness),
// read from methodologies/*.yaml (format: docs/methodologies.md).
//
// Equations are expressions (expression.hpp). Loading parses them; binding
// (plan.hpp) gives their names meaning and checks their dimensions. The
// methodology's digest is SHA-256 over a canonical serialisation of its
// content, so that a statement can say exactly which methodology it used.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "footprint/core/error.hpp"
#include "footprint/factors/factor_distribution.hpp"
#include "footprint/methodology/expression.hpp"
#include "footprint/products/inventory.hpp"
#include "footprint/core/source.hpp"
#include "footprint/quantities/unit_registry.hpp"

namespace footprint {

/// Text in English with an optional Chinese rendering.
struct bilingual {
    std::string en;
    std::string zh;
};

struct applicability_condition {
    std::string id;
    bilingual text;
    expr::node_ptr check;  ///< a condition; empty when the condition is checked by people, not data
    std::string check_text;
    source_location where;
};

/// An emission source inside or outside the project boundary.
struct boundary_entry {
    std::string scenario;  ///< baseline, project or leakage
    std::string source;    ///< what emits
    std::vector<std::string> gases;
    bool included = true;
    std::string why;
    source_location where;
};

/// A parameter fixed ex ante: its value, unit and source.
struct fixed_parameter {
    std::string name;
    bilingual description;
    measured value;
    citation cited;
    /// The values a scenario override may take, in the declared unit, both ends
    /// included (`range: [min, max]`, either end null for none). The fixed value
    /// itself must lie in it (`footprint.methodology.range`); an override outside
    /// it is refused when the plan is bound (`footprint.plan.override-range`).
    std::optional<double> minimum;
    std::optional<double> maximum;
    std::string range_why;  ///< why the range is what it is (`range_why:`)
    /// Its `uncertainty:`, as a multiplier of `value` (factor_distribution.hpp):
    /// drawn by a statement's Monte Carlo (statement_monte_carlo.hpp). None:
    /// held at its value. Its 0.01 % … 99.99 % span lies inside the range.
    std::optional<factor_distribution> distribution;
    source_location where;
};

/// "[0, 1]", "[1, none]": a fixed parameter's range as messages write it.
[[nodiscard]] std::string range_text(const fixed_parameter& p);

enum class parameter_type : unsigned char { number, integer, flag, product, region, text, date };

[[nodiscard]] std::string_view parameter_type_name(parameter_type t);

/// A parameter monitored per shipment: a column of the shipment table.
struct monitored_parameter {
    std::string name;
    bilingual description;
    parameter_type type = parameter_type::number;
    unit_spec unit;                 ///< for number and integer; dimensionless otherwise
    std::optional<double> minimum;  ///< allowed range, in `unit`
    std::optional<double> maximum;
    bool required = true;           ///< a missing value rejects the row
    /// The value a shipment takes when its input has no such column (a text
    /// column only; empty: none, the column is required in every input).
    std::string default_value;
    /// The values a text column accepts (empty: any text). A value outside
    /// them refuses the row (`footprint.shipment.unknown-value`).
    std::vector<std::string> values;
    std::string measured_how;
    std::string frequency;
    /// Its `uncertainty:` (a `number` column only): the error of the measuring
    /// method as a multiplier of every shipment's value, one draw per Monte
    /// Carlo iteration shared by every shipment (a calibration error, which
    /// does not average out over shipments as a random error per reading
    /// does). None: held at the values read.
    std::optional<factor_distribution> distribution;
    source_location where;
};

/// Which total an equation is a component of.
/// `memo`: a figure reported beside the terms (tank-to-wheel beside well-to-wheel,
/// for example), rounded and carried per shipment and per statement, never added
/// to BE, PE or LE.
enum class emission_term : unsigned char { none, baseline, project, leakage, memo };

[[nodiscard]] std::string_view term_name(emission_term t);  ///< "BE", "PE", "LE", "memo", ""

struct equation {
    std::string name;
    bilingual text;
    emission_term term = emission_term::none;   ///< component of BE, PE or LE, or an intermediate
    std::optional<life_cycle_stage> stage;      ///< for components: the stage it belongs to
    bool credit = false;                        ///< may be negative (a declared credit)
    expr::node_ptr expression;
    std::string expression_text;
    source_location where;
};

/// How amounts are rounded to integers at the declared resolution.
enum class rounding_mode : unsigned char { down, up, nearest };

/// "down", "up" or "nearest", as methodology files write it.
[[nodiscard]] std::string_view rounding_mode_name(rounding_mode r);

struct rounding_rules {
    std::string resolution = "g";  ///< grams CO2e
    rounding_mode baseline = rounding_mode::down;
    rounding_mode project = rounding_mode::up;
    rounding_mode leakage = rounding_mode::up;
    std::string issuance = "whole tonnes, rounded down";
};

struct methodology {
    std::string id;
    std::string version;
    bilingual title;
    bilingual summary;
    std::vector<std::string> references;
    std::vector<applicability_condition> applicability;
    std::vector<boundary_entry> boundary;
    bilingual baseline_scenario;
    bilingual functional_unit;
    std::vector<fixed_parameter> fixed;
    std::vector<monitored_parameter> monitored;
    std::vector<equation> equations;
    rounding_rules rounding;
    bilingual conservativeness;
    /// Per-unit plausibility: the reduction of one shipment divided by this
    /// expression (e.g. the baseline unit's own cradle-to-grave footprint
    /// times the units replaced) must not exceed 1.
    expr::node_ptr plausibility_limit;
    std::string plausibility_text;       ///< the limit's expression as written
    bilingual plausibility_description;  ///< what the check means, in words
    std::vector<source_record> sources;
    std::string digest;  ///< SHA-256 of the canonical content
    std::string file;
    source_location where;

    [[nodiscard]] const fixed_parameter* find_fixed(const std::string& name) const;
    [[nodiscard]] const monitored_parameter* find_monitored(const std::string& name) const;
    [[nodiscard]] const equation* find_equation(const std::string& name) const;
};

/// Reads and checks the structure of one methodology file (syntax of every
/// expression, names unique, units valid). Every problem is reported at once.
[[nodiscard]] methodology load_methodology(const std::filesystem::path& file);
[[nodiscard]] methodology load_methodology_yaml(const std::string& yaml, const std::string& name = "<yaml>");

/// Every `*.yaml` directly in `dir` (not the catalog), sorted by name.
[[nodiscard]] std::vector<methodology> load_methodology_directory(const std::filesystem::path& dir);

/// Where a methodology named on a command line lives: a `.yaml` file as given; a bundled id,
/// `<dir>/<id>.yaml` (the current version); or `id@version`, the current file when its
/// version matches, else `<dir>/archive/<id>-<version>.yaml` (earlier versions are kept there
/// so that statements made with them can still be rebuilt). Throws
/// `footprint.methodology.unknown` listing the bundled ids.
[[nodiscard]] std::filesystem::path locate_methodology(const std::filesystem::path& dir, const std::string& id_or_file);

/// The methodology `locate_methodology` names, loaded.
[[nodiscard]] methodology find_methodology(const std::filesystem::path& dir, const std::string& id_or_file);

/// The canonical text the digest is computed over.
[[nodiscard]] std::string canonical_text(const methodology& m);

}  // namespace footprint
