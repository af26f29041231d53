#pragma once
// Reading the distributions a catalog file may declare for its quantities and
// lives (docs/catalog.md, "Uncertainty"; docs/uncertainty.md). Private to the
// library: called by the catalog loader.

#include <string>

#include "footprint/products/catalog.hpp"
#include "quantities/detail/yaml_reader.hpp"

namespace footprint::detail {

/// An item's `uncertainty:` (of its quantity) and `life_uncertainty:` (of its
/// `life_trips`), read with the factor files' parser and refused, with the
/// field's file:line:column, when Monte Carlo could not draw them.
void read_item_uncertainty(yaml_reader& r, const YAML::Node& n, const std::string& path, inventory_item& item);

/// The product's `design_life_uncertainty:` (of `design_life_trips`, reusable only).
void read_design_life_uncertainty(yaml_reader& r, const YAML::Node& doc, packaging_product& p);

/// Items with a distributed quantity are drawn by name: two of them may not
/// share one; the items of one component (or, without `component:`, one item)
/// share one drawn life: they must state the same life and distribution
/// (`footprint.uncertainty.spec`).
void check_uncertainty_names(yaml_reader& r, const YAML::Node& doc, const packaging_product& p);

}  // namespace footprint::detail
