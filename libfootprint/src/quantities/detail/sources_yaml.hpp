#pragma once
// The `sources:` block, the one loader for it: factor files, catalog products
// and methodologies all list the publications they cite the same way. Private
// to the library.
//
//     sources:
//       - {id: ipcc-2006-v2-ch1, publisher: IPCC, title: ..., year: 2006,
//          url: ..., licence: ..., notes: ...}

#include <set>
#include <string>
#include <vector>

#include "footprint/core/source.hpp"
#include "quantities/detail/yaml_reader.hpp"

namespace footprint::detail {

/// Whether a source record must state its year. Factor and catalog sources
/// must; a methodology may cite a report whose year is not public (year 0:
/// not stated).
enum class source_year { required, optional };

/// Reads the `sources:` list of the mapping `map` (at field path `path`):
/// nothing when absent, `footprint.yaml.type` when it is not a list. Every
/// record is checked (a mapping of id, publisher, title, year, url, licence or
/// license, notes; each problem recorded in `r.out()`); a record whose id is
/// in `seen` is reported as `footprint.source.duplicate-id` and left out, and
/// the id of every record kept is added to `seen`, so the caller decides how
/// far ids must be unique (one file, or a directory of files). Returns the
/// records kept, in file order.
[[nodiscard]] inline std::vector<source_record> read_sources(yaml_reader& r, const YAML::Node& map,
                                                             const std::string& path, source_year year_rule,
                                                             std::set<std::string>& seen) {
    std::vector<source_record> kept;
    const std::string field = yaml_reader::join(path, "sources");
    const YAML::Node sources = map["sources"];
    if (!sources.IsDefined()) return kept;
    if (!sources.IsSequence()) {
        r.out().add("footprint.yaml.type", r.at(sources, field), "expected a list", "- id: ...");
        return kept;
    }
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const std::string sp = yaml_reader::index(field, i);
        const YAML::Node& s = sources[i];
        if (!r.require_map(s, sp)) continue;
        r.only_keys(s, sp, {"id", "publisher", "title", "year", "url", "licence", "license", "notes"});
        auto id = r.string(s, "id", sp);
        auto publisher = r.string(s, "publisher", sp);
        auto title = r.string(s, "title", sp);
        auto year = r.integer(s, "year", sp, year_rule == source_year::required, 1900, 2100);
        auto url = r.string(s, "url", sp, false);
        auto licence = r.string(s, "licence", sp, false);
        if (!licence) licence = r.string(s, "license", sp, false);
        if (!id || !publisher || !title || (year_rule == source_year::required && !year)) continue;
        if (!seen.insert(*id).second) {
            r.out().add("footprint.source.duplicate-id", r.at(s, sp), "source id '" + *id + "' is defined twice",
                        "a unique id", *id);
            continue;
        }
        kept.push_back(source_record{*id, *publisher, *title, year.value_or(0), url.value_or(""), licence.value_or(""),
                                     r.at(s, sp)});
    }
    return kept;
}

}  // namespace footprint::detail
