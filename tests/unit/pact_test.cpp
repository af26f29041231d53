// PACT interchange: the footprint id and the conformance checks (the command's
// end-to-end test is tests/e2e/pact_e2e.py).

#include <doctest/doctest.h>

#include <string>

#include "footprint/interchange/pact_conformance.hpp"
#include "footprint/interchange/pact_export.hpp"

using namespace footprint;

TEST_CASE("pact: the footprint id is the UUID v5 of the content's SHA-256") {
    // Python: uuid.uuid5(uuid.NAMESPACE_URL, "urn:footprint:pact:" + hashlib.sha256(b"{}").hexdigest())
    CHECK(pact_footprint_id("{}") == "32193c2c-5ae3-5962-8f3d-d531414d6ca4");
    CHECK(pact_footprint_id("{\"a\":1}") != pact_footprint_id("{}"));
}

namespace {
const char* valid = R"({
  "id": "3f2c8a4e-6b1d-4c9a-9e57-0d8b1a2c4e6f", "specVersion": "3.0.0", "created": "2025-03-01T00:00:00Z",
  "status": "Active", "companyName": "S", "companyIds": ["urn:pact:s.example:supplier-id:7"],
  "productDescription": "", "productIds": ["urn:pact:s.example:product-id:1"], "productNameCompany": "P",
  "pcf": {"declaredUnitOfMeasurement": "kilogram", "declaredUnitAmount": "1", "productMassPerDeclaredUnit": "1",
          "referencePeriodStart": "2024-01-01T00:00:00Z", "referencePeriodEnd": "2025-01-01T00:00:00+01:00",
          "pcfExcludingBiogenicUptake": "2.0", "pcfIncludingBiogenicUptake": "-1.5", "fossilGhgEmissions": "1.98",
          "fossilCarbonContent": "0", "ipccCharacterizationFactors": ["AR6"], "crossSectoralStandards": ["ISO14067"],
          "exemptedEmissionsPercent": "0", "biogenicCO2Uptake": "-3.5",
          "dqi": {"technologicalDQR": "1", "geographicalDQR": "5.0", "temporalDQR": "2.5"}}
})";

diagnostics check(const std::string& text) {
    diagnostics out;
    check_pact_product_footprint(text, "t.json", out);
    return out;
}

std::string replaced(std::string s, const std::string& from, const std::string& to) {
    s.replace(s.find(from), from.size(), to);
    return s;
}
}  // namespace

TEST_CASE("pact: a conforming footprint passes and each broken field is named by its JSON pointer") {
    CHECK(check(valid).empty());
    struct broken_case {
        const char* from;
        const char* to;
        const char* pointer;
    };
    const broken_case cases[] = {
        {"\"temporalDQR\": \"2.5\"", "\"temporalDQR\": \"5.5\"", "/pcf/dqi/temporalDQR"},
        {"\"temporalDQR\": \"2.5\"", "\"temporalDQR\": \"0.9\"", "/pcf/dqi/temporalDQR"},
        {"\"biogenicCO2Uptake\": \"-3.5\"", "\"biogenicCO2Uptake\": \"3.5\"", "/pcf/biogenicCO2Uptake"},
        {"\"declaredUnitAmount\": \"1\"", "\"declaredUnitAmount\": \"0.000\"", "/pcf/declaredUnitAmount"},
        {"\"fossilGhgEmissions\": \"1.98\"", "\"fossilGhgEmissions\": 1.98", "/pcf/fossilGhgEmissions"},
        {"\"exemptedEmissionsPercent\": \"0\"", "\"exemptedEmissionsPercent\": \"100.5\"", "/pcf/exemptedEmissionsPercent"},
        {"\"status\": \"Active\"", "\"status\": \"active\"", "/status"},
        {"\"created\": \"2025-03-01T00:00:00Z\"", "\"created\": \"2025-13-01T00:00:00Z\"", "/created"},
        {"\"companyName\": \"S\", ", "", "/companyName"},
        {"[\"AR6\"]", "[\"AR6\", \"ar5\"]", "/pcf/ipccCharacterizationFactors/1"},
        {"\"productDescription\": \"\"", "\"productDescription\": \"\", \"geographyCountry\": \"CN\", "
                                         "\"pcf2\": 1", ""},  // unknown top-level properties are accepted
    };
    for (const auto& c : cases) {
        CAPTURE(c.to);
        const diagnostics d = check(replaced(valid, c.from, c.to));
        if (std::string(c.pointer).empty()) {
            CHECK(d.empty());
            continue;
        }
        REQUIRE(d.size() == 1);
        CHECK(d.items()[0].id == "footprint.pact.field");
        CHECK(d.items()[0].where.field == c.pointer);
    }
    // Two geographies in the carbon footprint, and packaging emissions that are not included.
    const diagnostics d = check(replaced(valid, "\"fossilCarbonContent\": \"0\"",
                                         "\"fossilCarbonContent\": \"0\", \"geographyCountry\": \"CN\", "
                                         "\"geographyRegionOrSubregion\": \"Eastern Asia\", "
                                         "\"packagingEmissionsIncluded\": false, \"packagingGhgEmissions\": \"0\""));
    REQUIRE(d.size() == 2);
    CHECK(d.items()[0].where.field == "/pcf/geographyCountry");
    CHECK(d.items()[1].where.field == "/pcf/packagingGhgEmissions");
    // Not JSON: line and column of the stop.
    const diagnostics j = check("{\n  \"id\": ,\n}");
    REQUIRE(j.size() == 1);
    CHECK(j.items()[0].id == "footprint.pact.json");
    CHECK(j.items()[0].where.line == 2);
}
