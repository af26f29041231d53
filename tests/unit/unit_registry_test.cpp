// The closed unit registry: parsing, conversion to coherent units, errors.

#include <doctest/doctest.h>

#include "footprint/quantities/unit_registry.hpp"

using namespace footprint;

TEST_CASE("unit strings parse to their dimension and conversion factor") {
    CHECK(parse_unit("kg").dim == dimensions::mass);
    CHECK(parse_unit("t").to_coherent == 1000.0);
    CHECK(parse_unit("kWh").dim == dimensions::energy);
    CHECK(parse_unit("kWh").to_coherent == 3.6e6);
    CHECK(parse_unit("tkm").dim == dimensions::freight_work);
    CHECK(parse_unit("t·km").dim == dimensions::freight_work);
    CHECK(parse_unit("t*km").to_coherent == 1e6);
    CHECK(parse_unit("L").to_coherent == doctest::Approx(1e-3));
    CHECK(parse_unit("m3").dim == dimensions::volume);
    CHECK(parse_unit("TJ").to_coherent == 1e12);
}

TEST_CASE("emission units carry CO2e or the gas") {
    unit_spec a = parse_unit("kg CO2e/kg");
    CHECK(a.dim == dimensions::emission / dimensions::mass);
    CHECK(a.emission == emission_kind::co2e);
    CHECK(a.to_coherent == 1.0);

    // t CO2/MWh = 1000 kg / 3.6e9 J; 0.5703 t/MWh is 0.5703 kg/kWh.
    unit_spec b = parse_unit("t CO2/MWh");
    CHECK(b.emission == emission_kind::gas);
    CHECK(b.gas == gas_id::co2);
    CHECK(0.5703 * b.to_coherent == doctest::Approx(0.5703 * parse_unit("kg CO2/kWh").to_coherent));

    unit_spec c = parse_unit("g CO2e/kWh");
    CHECK(c.to_coherent == doctest::Approx(1e-3 / 3.6e6));
    CHECK(parse_unit("kg CO2e/tkm").dim == dimensions::emission / dimensions::freight_work);
    CHECK(parse_unit("kg CH4/TJ").gas == gas_id::ch4);
    CHECK(parse_unit("kg/TJ").dim == dimensions::mass / dimensions::energy);
}

TEST_CASE("unknown and malformed units are errors that say where and what was expected") {
    source_location where{"factors/x.yaml", 12, 11, "factors[2].unit", {}};
    try {
        (void)parse_unit("kg CO2e/furlong", where);
        FAIL("expected an error");
    } catch (const error& e) {
        CHECK(e.id() == "footprint.unit.unknown");
        std::string msg = e.what();
        CHECK(msg.rfind("factors/x.yaml:12:11: error [footprint.unit.unknown] factors[2].unit: unknown unit symbol 'furlong' (expected 1 (dimensionless), %, g, kg, t,", 0) == 0);
        CHECK(msg.find("found 'kg CO2e/furlong'") != std::string::npos);
    }
    CHECK_THROWS_WITH_AS((void)parse_unit("CO2e"), doctest::Contains("footprint.unit.syntax"), error);
    CHECK_THROWS_WITH_AS((void)parse_unit("kg/"), doctest::Contains("footprint.unit.syntax"), error);
    CHECK_THROWS_WITH_AS((void)parse_unit("kg/t/km"), doctest::Contains("footprint.unit.syntax"), error);
    CHECK_THROWS_WITH_AS((void)parse_unit(""), doctest::Contains("footprint.unit.syntax"), error);
    CHECK_THROWS_WITH_AS((void)parse_unit("kg/kg CO2e"), doctest::Contains("in the numerator"), error);
}

TEST_CASE("quantities parse with their unit") {
    diagnostics out;
    auto m = parse_measured("18.1 kg", {}, out);
    REQUIRE(m);
    CHECK(m->value == 18.1);
    CHECK(m->coherent() == doctest::Approx(18.1));
    auto t = parse_measured("3.62 tkm", {}, out);
    REQUIRE(t);
    CHECK(t->coherent() == doctest::Approx(3.62e6));
    CHECK(out.empty());

    CHECK_FALSE(parse_measured("kg", {}, out));
    CHECK_FALSE(parse_measured("12", {}, out));
    CHECK_FALSE(parse_measured("1e400 kg", {}, out));
    REQUIRE(out.size() == 3);
    CHECK(out.items()[0].id == "footprint.quantity.syntax");
    CHECK(out.items()[1].id == "footprint.quantity.syntax");
    CHECK(out.items()[2].id == "footprint.quantity.not-finite");
}

TEST_CASE("require_dimension reports the dimension found and the one expected") {
    diagnostics out;
    CHECK_FALSE(require_dimension(parse_unit("kWh"), dimensions::mass, "a mass such as kg", {"f.yaml", 3, 5, "q", {}}, out));
    REQUIRE(out.size() == 1);
    CHECK(out.items()[0].str() ==
          "f.yaml:3:5: error [footprint.unit.dimension] q: unit 'kWh' is energy, not mass (expected a mass such as kg, found 'kWh')");
}

TEST_CASE("preferred display units") {
    auto d = preferred_unit(parse_unit("t CO2e/MWh").dim, emission_kind::co2e);
    REQUIRE(d);
    CHECK(d->symbol == "kg CO2e/kWh");
    // 0.5703 t/MWh shown per kWh is 0.5703 kg/kWh.
    CHECK(0.5703 * parse_unit("t CO2e/MWh").to_coherent / d->to_coherent == doctest::Approx(0.5703));
}
