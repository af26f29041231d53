// Conformance of PACT ProductFootprints (Technical Specifications 3.0), checked
// property by property from tables written from the specification's data model.
// Every problem is reported with its JSON pointer; nothing stops at the first.

#include "footprint/interchange/pact_conformance.hpp"

#include <initializer_list>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "footprint/core/number_text.hpp"
#include "interchange/detail/pact_json.hpp"

namespace footprint {
namespace {

using json = nlohmann::json;

/// What a property's value must be.
enum class kind {
    text,              ///< any string
    nonempty,          ///< a string of at least one character
    uuid,              ///< RFC 9562 text form
    date_time,         ///< RFC 3339 date-time with an offset
    spec_version,      ///< major.minor.patch, optionally -YYYYMMDD
    urn,               ///< RFC 8141 URN
    uri,               ///< scheme:rest
    decimal,           ///< decimal string, any sign
    decimal_positive,  ///< decimal string > 0
    decimal_nonneg,    ///< decimal string >= 0
    decimal_nonpos,    ///< decimal string <= 0
    percent,           ///< decimal string in [0, 100]
    dqr,               ///< decimal string in [1, 5]
    boolean,
    urn_set,           ///< non-empty array of unique URNs
    uuid_set,          ///< non-empty array of unique UUIDs
    ar_set,            ///< non-empty array of unique "AR<n>"
    text_set,          ///< non-empty array of unique non-empty strings
    object,            ///< checked by its own table
    array,             ///< of objects, checked by its own table
};

struct property {
    const char* name;
    kind k;
    bool required = false;
    std::vector<const char*> allowed = {};  ///< an enumeration, when not empty
};

std::string found_text(const json& v) {
    std::string s = v.dump();
    if (s.size() > 60) s = s.substr(0, 57) + "...";
    return s;
}

const std::regex& pattern(kind k) {
    static const std::regex uuid_re("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    static const std::regex date_re(
        "^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:([0-5]\\d|60)(\\.\\d+)?"
        "(Z|z|[+-]([01]\\d|2[0-3]):[0-5]\\d)$");
    static const std::regex version_re("^\\d+\\.\\d+\\.\\d+(-\\d{8})?$");
    static const std::regex urn_re("^[uU][rR][nN]:[A-Za-z0-9][A-Za-z0-9-]{0,30}[A-Za-z0-9]:\\S+$");
    static const std::regex uri_re("^[A-Za-z][A-Za-z0-9+.-]*:\\S+$");
    static const std::regex decimal_re("^[+-]?\\d+(\\.\\d+)?$");
    static const std::regex ar_re("^AR\\d+$");
    switch (k) {
        case kind::uuid: return uuid_re;
        case kind::date_time: return date_re;
        case kind::spec_version: return version_re;
        case kind::urn: return urn_re;
        case kind::uri: return uri_re;
        case kind::ar_set: return ar_re;
        default: return decimal_re;
    }
}

std::string expected_text(kind k) {
    switch (k) {
        case kind::text: return "a string";
        case kind::nonempty: return "a non-empty string";
        case kind::uuid: return "a UUID string such as \"f4b1225a-bd44-4c8e-861d-079e4e1dfd69\"";
        case kind::date_time: return "an RFC 3339 date-time string with its offset, e.g. \"2024-10-31T00:00:00Z\"";
        case kind::spec_version: return "a version string major.minor.patch, e.g. \"3.0.0\"";
        case kind::urn: return "a URN string (RFC 8141), e.g. \"urn:pact:company:example\"";
        case kind::uri: return "a URI string";
        case kind::decimal: return "a decimal string such as \"12.5\" (PACT 3.0 writes numbers as strings)";
        case kind::decimal_positive: return "a decimal string greater than 0, e.g. \"1\"";
        case kind::decimal_nonneg: return "a decimal string greater than or equal to 0";
        case kind::decimal_nonpos: return "a decimal string less than or equal to 0";
        case kind::percent: return "a decimal string from 0 to 100";
        case kind::dqr: return "a decimal string from 1 to 5";
        case kind::boolean: return "true or false";
        case kind::urn_set: return "a non-empty array of distinct URN strings";
        case kind::uuid_set: return "a non-empty array of distinct UUID strings";
        case kind::ar_set: return "a non-empty array of distinct IPCC report names such as \"AR6\"";
        case kind::text_set: return "a non-empty array of distinct non-empty strings";
        case kind::object: return "an object";
        case kind::array: return "a non-empty array of objects";
    }
    return "?";
}

class checker {
public:
    checker(const std::string& file, diagnostics& out) : file_(file), out_(out) {}

    void problem(const std::string& pointer, const std::string& message, const std::string& expected,
                 const std::string& found) {
        out_.add("footprint.pact.field", source_location{file_, 0, 0, pointer.empty() ? "/" : pointer, {}}, message,
                 expected, found);
    }

    /// Checks the properties of `table` in object `o` at `at`. Returns false when `o` is no object.
    bool properties(const json& o, const std::string& at, std::initializer_list<property> table) {
        if (!o.is_object()) {
            problem(at, "not an object", "an object", found_text(o));
            return false;
        }
        for (const property& p : table) {
            const std::string ptr = at + "/" + p.name;
            auto it = o.find(p.name);
            if (it == o.end()) {
                if (p.required) problem(ptr, "required property missing", expected_text(p.k), "nothing");
                continue;
            }
            value(*it, ptr, p);
        }
        return true;
    }

private:
    void value(const json& v, const std::string& ptr, const property& p) {
        const kind k = p.k;
        if (k == kind::object || k == kind::array) return;  // checked by the caller's own table
        if (k == kind::boolean) {
            if (!v.is_boolean()) problem(ptr, "not a boolean", expected_text(k), found_text(v));
            return;
        }
        if (k == kind::urn_set || k == kind::uuid_set || k == kind::ar_set || k == kind::text_set) {
            set(v, ptr, k);
            return;
        }
        if (!v.is_string()) {
            problem(ptr, v.is_number() ? "a number where PACT 3.0 wants a string" : "not a string",
                    expected_text(k), found_text(v));
            return;
        }
        const std::string s = v.get<std::string>();
        if (!p.allowed.empty()) {
            for (const char* a : p.allowed)
                if (s == a) return;
            std::string list;
            for (const char* a : p.allowed) list += (list.empty() ? "" : ", ") + std::string("\"") + a + "\"";
            problem(ptr, "not one of the values the specification allows", "one of " + list, found_text(v));
            return;
        }
        if (!scalar_ok(s, k)) problem(ptr, "value out of its form or range", expected_text(k), found_text(v));
    }

    static bool scalar_ok(const std::string& s, kind k) {
        switch (k) {
            case kind::text: return true;
            case kind::nonempty: return !s.empty();
            case kind::uuid: case kind::date_time: case kind::spec_version: case kind::urn: case kind::uri:
                return std::regex_match(s, pattern(k));
            default: break;
        }
        if (!std::regex_match(s, pattern(kind::decimal))) return false;
        const std::optional<double> d = parse_number_text(s[0] == '+' ? std::string_view(s).substr(1) : s);
        if (!d) return false;
        switch (k) {
            case kind::decimal_positive: return *d > 0;
            case kind::decimal_nonneg: return *d >= 0;
            case kind::decimal_nonpos: return *d <= 0;
            case kind::percent: return *d >= 0 && *d <= 100;
            case kind::dqr: return *d >= 1 && *d <= 5;
            default: return true;
        }
    }

    void set(const json& v, const std::string& ptr, kind k) {
        if (!v.is_array() || v.empty()) {
            problem(ptr, v.is_array() ? "empty array" : "not an array", expected_text(k), found_text(v));
            return;
        }
        const kind item = k == kind::urn_set ? kind::urn
                          : k == kind::uuid_set ? kind::uuid
                          : k == kind::ar_set   ? kind::ar_set
                                                : kind::nonempty;
        std::set<std::string> seen;
        for (std::size_t i = 0; i < v.size(); ++i) {
            const std::string at = ptr + "/" + std::to_string(i);
            const json& e = v[i];
            if (!e.is_string()) {
                problem(at, "not a string", expected_text(k), found_text(e));
                continue;
            }
            const std::string s = e.get<std::string>();
            const bool ok = item == kind::nonempty ? !s.empty() : std::regex_match(s, pattern(item));
            if (!ok) problem(at, "element out of its form", expected_text(k), found_text(e));
            if (!seen.insert(s).second) problem(at, "duplicate element", expected_text(k), found_text(e));
        }
    }

    const std::string& file_;
    diagnostics& out_;
};

void check_carbon_footprint(const json& pcf, const std::string& at, checker& c);

void check_product_footprint(const json& pf, const std::string& at, checker& c) {
    const bool is_object = c.properties(pf, at, {
        {"id", kind::uuid, true},
        {"specVersion", kind::spec_version, true},
        {"precedingPfIds", kind::uuid_set},
        {"created", kind::date_time, true},
        {"status", kind::text, true, {"Active", "Deprecated"}},
        {"validityPeriodStart", kind::date_time},
        {"validityPeriodEnd", kind::date_time},
        {"companyName", kind::nonempty, true},
        {"companyIds", kind::urn_set, true},
        {"productDescription", kind::text, true},
        {"productIds", kind::urn_set, true},
        {"productClassifications", kind::urn_set},
        {"productNameCompany", kind::nonempty, true},
        {"comment", kind::text},
        {"pcf", kind::object, true},
        {"extensions", kind::array},
    });
    if (!is_object) return;
    if (auto it = pf.find("pcf"); it != pf.end()) check_carbon_footprint(*it, at + "/pcf", c);
    if (auto it = pf.find("extensions"); it != pf.end()) {
        if (!it->is_array()) {
            c.problem(at + "/extensions", "not an array", "an array of data model extensions", found_text(*it));
        } else {
            for (std::size_t i = 0; i < it->size(); ++i) {
                const std::string e = at + "/extensions/" + std::to_string(i);
                if (c.properties((*it)[i], e, {{"specVersion", kind::text, true},
                                               {"dataSchema", kind::uri, true},
                                               {"documentation", kind::uri},
                                               {"data", kind::object, true}}) &&
                    (*it)[i].contains("data") && !(*it)[i]["data"].is_object())
                    c.problem(e + "/data", "not an object", "an object", found_text((*it)[i]["data"]));
            }
        }
    }
}

void check_dqi_and_rules(const json& pcf, const std::string& at, checker& c) {
    if (auto it = pcf.find("dqi"); it != pcf.end())
        c.properties(*it, at + "/dqi", {{"technologicalDQR", kind::dqr, true},
                                        {"geographicalDQR", kind::dqr, true},
                                        {"temporalDQR", kind::dqr, true}});
    if (auto it = pcf.find("verification"); it != pcf.end())
        c.properties(*it, at + "/verification",
                     {{"coverage", kind::text, false, {"PCF calculation model", "PCF program", "product level"}},
                      {"providerName", kind::text},
                      {"completedAt", kind::date_time},
                      {"standardName", kind::text},
                      {"comments", kind::text}});
    auto each = [&](const char* name, auto&& check_one) {
        auto it = pcf.find(name);
        if (it == pcf.end()) return;
        const std::string ptr = at + "/" + name;
        if (!it->is_array() || it->empty()) {
            c.problem(ptr, it->is_array() ? "empty array" : "not an array", "a non-empty array of objects",
                      found_text(*it));
            return;
        }
        for (std::size_t i = 0; i < it->size(); ++i) check_one((*it)[i], ptr + "/" + std::to_string(i));
    };
    each("secondaryEmissionFactorSources", [&](const json& e, const std::string& p) {
        c.properties(e, p, {{"name", kind::nonempty, true}, {"version", kind::nonempty, true}});
    });
    each("productOrSectorSpecificRules", [&](const json& e, const std::string& p) {
        c.properties(e, p, {{"operator", kind::text, true, {"PEF", "EPD International", "Other"}},
                            {"ruleNames", kind::text_set, true},
                            {"otherOperatorName", kind::nonempty}});
    });
}

void check_carbon_footprint(const json& pcf, const std::string& at, checker& c) {
    const bool is_object = c.properties(pcf, at, {
        {"declaredUnitOfMeasurement", kind::text, true,
         {"liter", "kilogram", "cubic meter", "kilowatt hour", "megajoule", "ton kilometer", "square meter",
          "piece", "hour", "megabit second"}},
        {"declaredUnitAmount", kind::decimal_positive, true},
        {"productMassPerDeclaredUnit", kind::decimal_nonneg, true},
        {"referencePeriodStart", kind::date_time, true},
        {"referencePeriodEnd", kind::date_time, true},
        {"geographyRegionOrSubregion", kind::text, false,
         {"Africa", "Americas", "Asia", "Europe", "Oceania", "Australia and New Zealand", "Central Asia",
          "Eastern Asia", "Eastern Europe", "Latin America and the Caribbean", "Melanesia", "Micronesia",
          "Northern Africa", "Northern America", "Northern Europe", "Polynesia", "South-eastern Asia",
          "Southern Asia", "Southern Europe", "Sub-Saharan Africa", "Western Asia", "Western Europe"}},
        {"boundaryProcessesDescription", kind::text},
        {"pcfExcludingBiogenicUptake", kind::decimal, true},
        {"pcfIncludingBiogenicUptake", kind::decimal, true},
        {"fossilCarbonContent", kind::decimal_nonneg, true},
        {"biogenicCarbonContent", kind::decimal_nonneg},
        {"recycledCarbonContent", kind::decimal_nonneg},
        {"fossilGhgEmissions", kind::decimal_nonneg, true},
        {"landUseChangeGhgEmissions", kind::decimal_nonneg},
        {"landCarbonLeakage", kind::decimal_nonneg},
        {"landManagementFossilGhgEmissions", kind::decimal_nonneg},
        {"landManagementBiogenicCO2Emissions", kind::decimal_nonneg},
        {"landManagementBiogenicCO2Removals", kind::decimal_nonpos},
        {"biogenicCO2Uptake", kind::decimal_nonpos},
        {"biogenicNonCO2Emissions", kind::decimal_nonneg},
        {"landAreaOccupation", kind::decimal_nonneg},
        {"aircraftGhgEmissions", kind::decimal_nonneg},
        {"packagingEmissionsIncluded", kind::boolean},
        {"packagingGhgEmissions", kind::decimal_nonneg},
        {"packagingBiogenicCarbonContent", kind::decimal_nonneg},
        {"outboundLogisticsGhgEmissions", kind::decimal_nonneg},
        {"ccsTechnologicalCO2CaptureIncluded", kind::boolean},
        {"ccsTechnologicalCO2Capture", kind::decimal_nonpos},
        {"technologicalCO2CaptureOrigin", kind::text},
        {"technologicalCO2Removals", kind::decimal_nonpos},
        {"ccuCarbonContent", kind::decimal_nonneg},
        {"ccuCalculationApproach", kind::text, false, {"Cut-off", "Credit"}},
        {"ccuCreditCertification", kind::uri},
        {"ipccCharacterizationFactors", kind::ar_set, true},
        {"crossSectoralStandards", kind::text_set, true},
        {"exemptedEmissionsPercent", kind::percent, true},
        {"exemptedEmissionsDescription", kind::text},
        {"allocationRulesDescription", kind::text},
        {"primaryDataShare", kind::percent},
    });
    if (!is_object) return;
    // Geography: at most one of the three (the schema's oneOf of "exactly one" or "none").
    int geographies = 0;
    for (const char* g : {"geographyRegionOrSubregion", "geographyCountry", "geographyCountrySubdivision"})
        geographies += pcf.contains(g) ? 1 : 0;
    if (geographies > 1)
        c.problem(at + "/geographyCountry", "more than one geography given",
                  "at most one of geographyRegionOrSubregion, geographyCountry, geographyCountrySubdivision",
                  std::to_string(geographies) + " of them");
    static const std::regex country("^[A-Z]{2}$"), subdivision("^[A-Z]{2}-[A-Z0-9]{1,3}$");
    auto geography = [&](const char* name, const std::regex& re, const char* expected) {
        auto it = pcf.find(name);
        if (it == pcf.end()) return;
        if (!it->is_string() || !std::regex_match(it->get<std::string>(), re))
            c.problem(at + "/" + name, "value out of its form", expected, found_text(*it));
    };
    geography("geographyCountry", country, "an ISO 3166-1 alpha-2 code such as \"CN\"");
    geography("geographyCountrySubdivision", subdivision, "an ISO 3166-2 code such as \"CN-JS\"");
    // Packaging emissions only when they are included (3.0: "MUST be undefined" otherwise).
    if (auto inc = pcf.find("packagingEmissionsIncluded");
        inc != pcf.end() && inc->is_boolean() && !inc->get<bool>() && pcf.contains("packagingGhgEmissions"))
        c.problem(at + "/packagingGhgEmissions", "given although packagingEmissionsIncluded is false",
                  "no packagingGhgEmissions when packaging is not included", found_text(pcf["packagingGhgEmissions"]));
    check_dqi_and_rules(pcf, at, c);
}

}  // namespace

void check_pact_product_footprint(std::string_view json_text, const std::string& file, diagnostics& out) {
    std::optional<json> doc = parse_pact_json(json_text, file, out);
    if (!doc) return;
    checker c(file, out);
    check_product_footprint(*doc, "", c);
}

void check_pact_document(std::string_view json_text, const std::string& file, diagnostics& out) {
    std::optional<json> doc = parse_pact_json(json_text, file, out);
    if (!doc) return;
    checker c(file, out);
    for (const auto& [pointer, pf] : pact_footprints_in(*doc))
        check_product_footprint(*pf, pointer, c);
    if (pact_footprints_in(*doc).empty())
        c.problem("", "no ProductFootprint in the document",
                  "a ProductFootprint object, an array of them, or an object with a non-empty \"data\" array",
                  found_text(*doc));
}

}  // namespace footprint
