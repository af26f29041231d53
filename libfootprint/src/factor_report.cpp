// Rendering factors, look-ups, set summaries and diffs (placeholder while being written).
namespace footprint {}
