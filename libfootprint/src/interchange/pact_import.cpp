// Supplier PACT footprints as overlay factors (see pact_import.hpp). The
// factor's value is the supplier's pcfExcludingBiogenicUptake divided by the
// declared unit amount; its source is the footprint itself.

#include "footprint/interchange/pact_import.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "footprint/core/number_text.hpp"
#include "footprint/factors/factor_library.hpp"
#include "footprint/interchange/pact_conformance.hpp"
#include "interchange/detail/pact_json.hpp"

namespace footprint {
namespace {

using json = nlohmann::json;

/// footprint's unit for a PACT declared unit; empty when it has none.
std::string unit_for(const std::string& declared) {
    static const std::map<std::string, std::string> units = {
        {"liter", "L"},       {"kilogram", "kg"},        {"cubic meter", "m3"}, {"kilowatt hour", "kWh"},
        {"megajoule", "MJ"},  {"ton kilometer", "tkm"},  {"piece", "unit"}};
    auto it = units.find(declared);
    return it == units.end() ? std::string() : it->second;
}

std::string q(const std::string& s) { return json(s).dump(); }  // a JSON string is a YAML double-quoted scalar

std::string str(const json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int year_of(const std::string& date_time) { return std::stoi(date_time.substr(0, 4)); }

/// The last year a period ending at `end` (exclusive) covers.
int last_year(const std::string& end) {
    const int y = year_of(end);
    return end.rfind("-01-01T00:00:00", 7) == 4 ? y - 1 : y;
}

/// The value per declared unit as text: the PACT text itself for an amount of 1.
std::string per_unit_text(const std::string& pcf, const std::string& amount) {
    const double a = parse_number_text(amount[0] == '+' ? amount.substr(1) : amount).value_or(1);
    if (a == 1) return pcf[0] == '+' ? pcf.substr(1) : pcf;
    const double v = parse_number_text(pcf[0] == '+' ? pcf.substr(1) : pcf).value_or(0);
    return shortest_text(v / a);
}

std::string dqr_notes(const json& pcf, std::string& quality) {
    auto it = pcf.find("dqi");
    if (it == pcf.end()) return "no DQRs given";
    auto r = [&](const char* k) { return str(*it, k); };
    auto rounded = [&](const char* k) {
        return std::to_string(static_cast<int>(std::lround(parse_number_text(r(k)).value_or(0))));
    };
    quality = "{technological: " + rounded("technologicalDQR") + ", geographical: " + rounded("geographicalDQR") +
              ", temporal: " + rounded("temporalDQR") + "}";
    return "DQRs technological " + r("technologicalDQR") + ", geographical " + r("geographicalDQR") +
           ", temporal " + r("temporalDQR") + " (rounded in quality)";
}

struct one_factor {
    std::string source, factor;
};

one_factor factor_yaml(const json& pf, const std::string& region, const pact_import_options& o) {
    const json& pcf = pf["pcf"];
    const std::string id = "pact." + str(pf, "id");
    const std::string unit = unit_for(str(pcf, "declaredUnitOfMeasurement"));
    const std::string amount = str(pcf, "declaredUnitAmount");
    const std::string created = str(pf, "created");
    std::string ar;
    if (pcf["ipccCharacterizationFactors"].size() == 1) ar = pcf["ipccCharacterizationFactors"][0].get<std::string>();
    std::string quality;
    std::string notes = fmt::format(
        "Supplier PCF (PACT {} ProductFootprint {}, status {}), cradle to gate per {} {}: pcfExcludingBiogenicUptake "
        "{}, pcfIncludingBiogenicUptake {}, fossilGhgEmissions {} kg CO2e; {}; ipccCharacterizationFactors {}; "
        "crossSectoralStandards {}; reference period {} to {}. The factor is pcfExcludingBiogenicUptake per "
        "declared unit; biogenic CO2 uptake is not credited.",
        str(pf, "specVersion"), str(pf, "id"), str(pf, "status"), amount, str(pcf, "declaredUnitOfMeasurement"),
        str(pcf, "pcfExcludingBiogenicUptake"), str(pcf, "pcfIncludingBiogenicUptake"),
        str(pcf, "fossilGhgEmissions"), dqr_notes(pcf, quality), pcf["ipccCharacterizationFactors"].dump(),
        pcf["crossSectoralStandards"].dump(), str(pcf, "referencePeriodStart"), str(pcf, "referencePeriodEnd"));
    one_factor out;
    out.source = fmt::format(
        "  - id: {}\n    publisher: {}\n    title: {}\n    year: {}\n    url: {}\n    licence: {}\n", q(id),
        q(str(pf, "companyName")),
        q("PACT ProductFootprint of " + str(pf, "productNameCompany") + " (" + pf["productIds"].dump() + ")"),
        year_of(created), q("urn:uuid:" + str(pf, "id")),
        q("supplier data exchanged under the PACT Technical Specifications; terms of the data owner"));
    const int first = year_of(str(pcf, "referencePeriodStart"));
    const int last = std::max(first, last_year(str(pcf, "referencePeriodEnd")));
    out.factor = fmt::format(
        "  - id: {}\n    name: {}\n    activity: {}\n    activity_unit: {}\n    value: {}\n    unit: {}\n"
        "    gwp: {}\n    scope: cradle-to-gate\n    fossil: true\n    region: {}\n    years: [{}, {}]\n"
        "    source: {}\n    table: {}\n{}    notes: {}\n",
        q(id), q(str(pf, "productNameCompany") + " from " + str(pf, "companyName") + " (supplier PCF)"),
        q(o.activity), q(unit), per_unit_text(str(pcf, "pcfExcludingBiogenicUptake"), amount),
        q("kg CO2e/" + unit), ar == "AR4" || ar == "AR5" || ar == "AR6" ? ar : std::string("null"), q(region),
        first, last, q(id), q("pcf.pcfExcludingBiogenicUptake / pcf.declaredUnitAmount"),
        quality.empty() ? std::string() : "    quality: " + quality + "\n", q(notes));
    return out;
}

/// The regions an overlay must repeat for `region`: its chain up to GLO.
std::string regions_yaml(const std::string& region, const pact_import_options& o, const std::string& file,
                         diagnostics& out) {
    if (region == "GLO") return {};
    std::string y;
    if (o.known_regions && o.known_regions->contains(region)) {
        for (const auto& id : o.known_regions->chain(region)) {
            const footprint::region* r = o.known_regions->find(id);
            if (id == "GLO" || !r) continue;
            y += fmt::format("  - {{id: {}, name: {}, parent: {}}}\n", q(r->id), q(r->name), q(r->parent));
        }
    } else if (std::regex_match(region, std::regex("^[A-Z]{2}$"))) {
        y += fmt::format("  - {{id: {}, name: {}, parent: GLO}}\n", q(region), q(region));
    } else {
        out.add("footprint.pact.option", source_location{file, 0, 0, "region", {}}, "unknown region",
                "a region of the base factor set or an ISO 3166-1 alpha-2 country code", region);
    }
    return y;
}

}  // namespace

pact_import_result import_pact_footprints(std::string_view json_text, const std::string& file,
                                          const pact_import_options& o) {
    diagnostics problems;
    if (o.activity.empty() || !std::regex_match(o.activity, std::regex("^[a-z0-9][a-z0-9.-]*$")))
        problems.add("footprint.pact.option", source_location{file, 0, 0, "activity", {}},
                     "the activity the supplier's product stands for is needed",
                     "an activity such as material.steel (--activity)", o.activity);
    check_pact_document(json_text, file, problems);
    problems.throw_if_any();
    const json doc = json::parse(json_text.begin(), json_text.end());
    pact_import_result result;
    std::string sources, factors;
    std::map<std::string, std::string> regions;  // region → its lines
    for (const auto& [pointer, pf] : pact_footprints_in(doc)) {
        const json& pcf = (*pf)["pcf"];
        const std::string declared = str(pcf, "declaredUnitOfMeasurement");
        if (unit_for(declared).empty()) {
            problems.add("footprint.pact.unit", source_location{file, 0, 0, pointer + "/pcf/declaredUnitOfMeasurement", {}},
                         "footprint has no unit for this declared unit",
                         "liter, kilogram, cubic meter, kilowatt hour, megajoule, ton kilometer or piece", declared);
            continue;
        }
        std::string region = !o.region.empty() ? o.region : str(pcf, "geographyCountry");
        if (region.empty()) region = "GLO";
        if (!regions.count(region)) regions[region] = regions_yaml(region, o, file, problems);
        one_factor f = factor_yaml(*pf, region, o);
        if (std::find(result.factor_ids.begin(), result.factor_ids.end(), "pact." + str(*pf, "id")) !=
            result.factor_ids.end()) {
            problems.add("footprint.pact.field", source_location{file, 0, 0, pointer + "/id", {}},
                         "the same footprint id twice", "one ProductFootprint per id", str(*pf, "id"));
            continue;
        }
        result.factor_ids.push_back("pact." + str(*pf, "id"));
        sources += f.source;
        factors += f.factor;
    }
    problems.throw_if_any();
    std::string region_lines;
    std::set<std::string> seen;
    for (const auto& [r, lines] : regions) {
        std::size_t start = 0;
        while (start < lines.size()) {  // one region per line; a chain shared by two regions once
            const std::size_t end = lines.find('\n', start);
            const std::string line = lines.substr(start, end - start + 1);
            if (seen.insert(line).second) region_lines += line;
            start = end + 1;
        }
    }
    result.yaml = "# Supplier product footprints (WBCSD PACT ProductFootprint) imported by\n"
                  "# `footprint factors import-pact " + file + "`: one factor per footprint, its\n"
                  "# pcfExcludingBiogenicUptake per declared unit, its id as the source.\n"
                  "sources:\n" + sources + (region_lines.empty() ? "" : "regions:\n" + region_lines) +
                  "factors:\n" + factors;
    static_cast<void>(load_factor_yaml(result.yaml, file));  // the file written must load as a factor file
    return result;
}

}  // namespace footprint
