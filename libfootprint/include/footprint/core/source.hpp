#pragma once
// Where a number comes from: a publication, or a labelled modelling assumption.

#include <string>

#include "footprint/core/error.hpp"

namespace footprint {

/// A public source cited by factors and catalog items.
struct source_record {
    std::string id;         ///< unique across the data set, e.g. `ipcc-2006-v2-ch1`
    std::string publisher;  ///< e.g. IPCC
    std::string title;
    int year = 0;
    std::string url;        ///< URL or document id
    std::string licence;
    source_location where;  ///< where the record was read
};

/// A number's provenance: either a source (with the place inside it) or an
/// assumption with the reason it was made. Exactly one of the two is set.
struct citation {
    std::string source_id;   ///< id of a source_record, or empty
    std::string table;       ///< where in the source (table, page), may be empty
    std::string assumption;  ///< the assumption's text, when there is no source
    std::string reason;      ///< why the assumption is reasonable

    [[nodiscard]] bool is_assumption() const { return source_id.empty(); }
};

}  // namespace footprint
