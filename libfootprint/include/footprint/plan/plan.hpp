#pragma once
// A compiled calculation plan: a methodology bound to a factor library, the
// packaging catalog and its fixed parameters.
//
// Binding does the work once: names are resolved, dimensions checked (an
// equation that does not reduce to CO2e, or adds a distance to a mass, is
// refused with its file:line:column), fixed parameters and catalog data and
// factor look-ups with constant arguments are folded into constants, with
// their provenance recorded. What is left per shipment is a short program
// over the monitored columns, run column-wise over batches of rows (the way
// analytic databases interpret vectorised plans), never a tree walk per row.
//
// Look-ups whose arguments come from the shipment (the baseline product, the
// grid region, the year of the date) become small tables indexed by the
// column's dictionary codes; each entry is resolved once, the first time a
// batch needs it, with its fallback path recorded.
//
// Amounts leave the plan as integers in grams CO2e, rounded per component as
// the methodology declares (baseline down, project and leakage up), so that
// sums are exact and independent of row order and batch size.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "footprint/core/calendar.hpp"
#include "footprint/products/catalog.hpp"
#include "footprint/core/error.hpp"
#include "footprint/factors/factor_library.hpp"
#include "footprint/quantities/gwp.hpp"
#include "footprint/methodology/methodology.hpp"

namespace footprint {

/// The type of a value in an expression.
struct value_type {
    enum class kind : unsigned char { number, boolean, text, product, region, date };
    kind k = kind::number;
    dimension dim{};
    [[nodiscard]] bool is_co2e() const { return k == kind::number && dim == dimensions::emission; }
    [[nodiscard]] std::string describe() const;
};

/// One step of a value's provenance down to a primary factor: the catalog
/// product (or vehicle class), stage and inventory item that used the factor,
/// the factor, the source that published it (an id of the factor files'
/// `sources:`, found with factor_library::find_source) and the table in it,
/// the factor set it came from (the base set's name or an overlay's), the
/// GWP100 basis and the look-up's path (region and year fallback, overlays).
struct factor_chain_link {
    std::string product;     ///< catalog product or vehicle class; empty for a factor(...) call
    std::string stage;       ///< life-cycle stage key of the item; empty when there is none
    std::string item;        ///< the inventory item (its name as shared per trip); empty for factor(...)
    std::string factor_id;
    std::string source_id;
    std::string table;       ///< may be empty
    std::string factor_set;
    std::string gwp;         ///< e.g. "AR6", or "AR5 (as published)" for a factor given in CO2e
    std::vector<std::string> fallback_path;
};

/// A value resolved when binding or when a table entry is first needed, and
/// where it came from. Statements list these; `explain` prints them.
struct resolved_value {
    std::string label;          ///< e.g. `factor("electricity.grid", region: "CN-East", year: 2023)`
    std::string kind;           ///< fixed, override, factor, catalog
    double value = 0;           ///< in the unit below
    std::string unit;           ///< display unit, e.g. "kg CO2e/kWh"
    std::string factor_id;      ///< for factors
    std::vector<std::string> fallback_path;
    std::string source;         ///< source id and table, or "assumption: …"
    /// Every primary factor behind the value, in the order the value sums them:
    /// one link for a factor, one per inventory item for a product footprint,
    /// none for catalog data that no factor enters (capacity, tare, ...).
    std::vector<factor_chain_link> chain;
};

struct plan_options {
    std::shared_ptr<const factor_library> factors;
    std::shared_ptr<const catalog> products;
    const gwp_set* gwp = &gwp_ar6;
    /// Scenario overrides of fixed parameters, in each parameter's declared unit.
    std::map<std::string, double> overrides;
};

/// A component of BE, PE or LE: one equation with a declared term and stage.
struct plan_component {
    std::string name;
    emission_term term = emission_term::none;
    std::optional<life_cycle_stage> stage;
    bool credit = false;
    rounding_mode rounding = rounding_mode::down;
};

/// One input column for a batch. Numbers are in coherent units (kg, m, J,
/// m3, ...); categorical columns (product, region, text) are dictionary codes;
/// dates are days since 1970-01-01.
struct column_view {
    const double* numbers = nullptr;
    const std::int32_t* codes = nullptr;
    const std::vector<std::string>* dictionary = nullptr;
};

/// A batch: `rows` rows, one column_view per plan input, in `plan::inputs()` order.
struct batch_input {
    std::size_t rows = 0;
    std::vector<column_view> columns;
};

/// Per-row results of a batch.
struct batch_output {
    std::vector<std::int64_t> baseline_g, project_g, leakage_g, reduction_g;
    std::vector<std::vector<std::int64_t>> component_g;  ///< [component][row]
    std::vector<std::uint32_t> problem;    ///< 0: computed; else 1 + index into evaluator::problems()
    std::vector<std::uint8_t> implausible; ///< 1 where the plausibility limit is exceeded
    void resize(std::size_t rows, std::size_t components);
};

namespace detail {
struct plan_impl;
}

class plan {
public:
    /// Binds and compiles. Throws one `error` listing every problem
    /// (unknown names, dimension errors, factors that cannot resolve, ...).
    [[nodiscard]] static plan bind(const methodology& m, plan_options options);

    [[nodiscard]] const methodology& method() const;
    [[nodiscard]] const plan_options& options() const;
    /// The monitored parameters, in the order batch columns are expected.
    [[nodiscard]] const std::vector<monitored_parameter>& inputs() const;
    [[nodiscard]] const std::vector<plan_component>& components() const;
    /// Values folded at binding: fixed parameters, catalog data, factors.
    [[nodiscard]] const std::vector<resolved_value>& constants() const;
    /// Each equation in its folded form, e.g. `BE_units := units * 4.8077`.
    [[nodiscard]] std::vector<std::pair<std::string, std::string>> derivation() const;
    /// Instructions per row after folding (a measure of what binding saved).
    [[nodiscard]] std::size_t program_size() const;

    /// Runs batches. Not shared between threads: make one per thread.
    class evaluator {
    public:
        explicit evaluator(const plan& p);
        evaluator(evaluator&&) noexcept;
        evaluator& operator=(evaluator&&) noexcept;
        ~evaluator();
        /// Computes every row of `in` into `out` (resized to fit).
        void run(const batch_input& in, batch_output& out);
        /// Reasons rows were not computed; `batch_output::problem` indexes them (1-based).
        [[nodiscard]] const std::vector<std::string>& problems() const;
        /// Table entries resolved so far (factor per region and year, catalog
        /// data per product), in the order they were first needed.
        [[nodiscard]] std::vector<resolved_value> lookups() const;

    private:
        struct state;
        std::unique_ptr<state> s_;
    };

    /// One row's full derivation: every equation with its inputs, constants
    /// and intermediate results, down to the rounded integer amounts.
    /// `row` maps each monitored parameter to its value as text (numbers in
    /// the parameter's declared unit, dates as YYYY-MM-DD).
    [[nodiscard]] std::string explain(const std::map<std::string, std::string>& row) const;

    /// Evaluates one row by walking the bound tree (no batching, no program):
    /// a second route to the same numbers, used by `explain` and to check the
    /// column-wise one. Both routes take each operation's meaning from the
    /// same table, so what this checks is the compilation (program, registers,
    /// look-up tables, rounding), not the operations themselves.
    [[nodiscard]] std::map<std::string, double> evaluate_row(const std::map<std::string, std::string>& row) const;

private:
    std::shared_ptr<const detail::plan_impl> impl_;
};

/// Rounds kg CO2e to whole grams in the given direction. A value within one
/// part in 10^9 of a whole gram is taken as that gram, so decimal inputs that
/// binary floating point cannot hold exactly (40.99 kg) round as written.
[[nodiscard]] std::int64_t round_grams(double kg_co2e, rounding_mode mode);

}  // namespace footprint
