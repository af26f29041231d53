#pragma once
// Limits on YAML input (factor files, the catalog, methodologies) and on the
// statement JSON `verify` reads, so that a
// broken or hostile file is refused with an error id instead of exhausting
// memory, stack or time. The other inputs carry their own limits:
// csv_reader::max_record_bytes (1 MiB per CSV record), expr::max_expression_length
// and expr::max_expression_depth (expression.hpp), max_unit_power
// (unit_registry.hpp). docs/reliability.md lists them all.

#include <cstddef>

namespace footprint {

/// Largest YAML file read (16 MiB); larger ones give `footprint.yaml.too-large`.
inline constexpr std::size_t max_yaml_bytes = std::size_t{16} << 20;

/// Deepest nesting of YAML sequences and mappings; deeper gives `footprint.yaml.too-deep`.
inline constexpr int max_yaml_depth = 64;

/// Most nodes in one YAML document, counting every use of an alias as a copy
/// of its anchor (the way a loader walking the document meets them), so that
/// aliases cannot expand exponentially ("billion laughs"); more gives
/// `footprint.yaml.too-many-nodes`.
inline constexpr std::size_t max_yaml_nodes = 1'000'000;

/// Deepest nesting of a statement's JSON that `verify` reads (footprint writes
/// 5 levels); deeper gives `footprint.statement.too-deep`.
inline constexpr int max_statement_depth = 64;

}  // namespace footprint
