// Regression tests for robustness findings: inputs that once crashed, hung,
// ran into undefined behaviour, exhausted memory or gave a wrong answer, found
// by the fuzz targets in tests/fuzz or while writing them (docs/reliability.md
// lists them). Each test names the finding; each input is the smallest one
// that showed it.

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "footprint/products/catalog.hpp"
#include "footprint/compute/engine.hpp"
#include "footprint/methodology/expression.hpp"
#include "footprint/factors/factor_library.hpp"
#include "footprint/core/limits.hpp"
#include "footprint/methodology/methodology.hpp"
#include "footprint/ingest/shipments.hpp"
#include "footprint/statement/statement.hpp"
#include "footprint/quantities/unit_registry.hpp"

using namespace footprint;

namespace {

// The one problem `f` reports, as the command would print it.
template <class F>
diagnostic refused(F&& f) {
    try {
        f();
    } catch (const error& e) {
        REQUIRE_MESSAGE(e.problems().size() == 1, e.what());
        return e.problems().front();
    }
    FAIL("the input was accepted");
    return {};
}

diagnostic refused_unit(const std::string& text) {
    diagnostics out;
    CHECK_FALSE(parse_unit(text, source_location{"u.yaml", 3, 9, "unit", {}}, out));
    REQUIRE(out.size() == 1);
    return out.items().front();
}

std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

const char* const product = R"(id: drum
name: test drum
kind: single-use
capacity: "208 L"
tare_mass: {value: 18.1, unit: kg, assumption: {text: as the bundled drum, reason: test}}
stages:
  raw_material:
    - {name: steel, activity: material.steel, quantity: "18.1 kg", assumption: {text: tare, reason: test}}
)";

catalog load_product(const std::string& text) { return load_catalog_yaml({{"drum.yaml", text}}); }

}  // namespace

// ---- units ----------------------------------------------------------------------

TEST_CASE("a unit's powers cannot wrap around: 256 x kg is not dimensionless") {
    // The exponents are signed chars: 256 masses used to wrap to mass^0 and
    // parse as a dimensionless unit, 128 to mass^-128.
    for (int n : {13, 128, 256}) {
        diagnostic d = refused_unit(repeat("kg ", n));
        CHECK(d.id == "footprint.unit.syntax");
        CHECK(d.message == "a unit may raise a dimension to at most the power 12");
        CHECK(d.str().rfind("u.yaml:3:9: error [footprint.unit.syntax] unit: a unit may raise", 0) == 0);
    }
    CHECK(parse_unit(repeat("m ", 12)).dim.length == 12);
    CHECK(parse_unit("m3 m3 m3 m3").dim.length == 12);
    CHECK(refused_unit("m3 m3 m3 m3 m3").id == "footprint.unit.syntax");
    CHECK(refused_unit("kg/" + repeat("m ", 13)).id == "footprint.unit.syntax");
}

TEST_CASE("a unit whose scale is not a finite positive number is refused") {
    // 400 x % is 1e-800: it underflowed to 0, and every value in it became 0.
    CHECK(refused_unit(repeat("% ", 400)).message == "the unit's scale is out of range");
    // Mt^12 x GWh^... overflows to infinity.
    CHECK(refused_unit("1 " + repeat("GWh/", 1) + repeat("% ", 200)).id == "footprint.unit.syntax");
}

TEST_CASE("a quantity must be finite in coherent units, not only as written") {
    diagnostics out;
    CHECK_FALSE(parse_measured("1e308 Mt", source_location{"c.yaml", 7, 13, "capacity", {}}, out));
    REQUIRE(out.size() == 1);
    CHECK(out.items()[0].str() ==
          "c.yaml:7:13: error [footprint.quantity.not-finite] capacity: value is out of range once converted to "
          "coherent units (expected a finite number followed by a unit, e.g. '18.1 kg', found '1e308 Mt')");
    // The same as a {value, unit} mapping in a catalog file.
    std::string text = product;
    text.replace(text.find("{value: 18.1, unit: kg,"), 23, "{value: 1e308, unit: Mt,");
    diagnostic d = refused([&] { (void)load_product(text); });
    CHECK(d.id == "footprint.quantity.not-finite");
    CHECK(d.where.line == 5);
}

// ---- YAML -----------------------------------------------------------------------

TEST_CASE("1e400 in YAML is a number out of range, not 'not a number'") {
    std::string text = product;
    text.replace(text.find("value: 18.1"), 11, "value: 1e400");
    diagnostic d = refused([&] { (void)load_product(text); });
    CHECK(d.str() ==
          "drum.yaml:5:20: error [footprint.quantity.not-finite] tare_mass.value: number out of range (expected a "
          "finite number, found '1e400')");
}

TEST_CASE("YAML that is not UTF-8 is refused where the first bad byte is") {
    // yaml-cpp passes such bytes into every string, and from there into JSON.
    std::string text = product;
    text.replace(text.find("test drum"), 9, "test \xC3\x28 drum");
    diagnostic d = refused([&] { (void)load_product(text); });
    CHECK(d.str() ==
          "drum.yaml:2:12: error [footprint.yaml.encoding] the file is not valid UTF-8 (expected UTF-8 text (save "
          "the file as UTF-8), found '\\xC3')");
    // A UTF-16 file is named as such.
    d = refused([&] { (void)load_product(std::string("\xFF\xFEi\0d\0", 6)); });
    CHECK(d.message == "the file is UTF-16; footprint reads UTF-8");
    // A byte-order mark and CRLF line ends are fine.
    std::string windows = "\xEF\xBB\xBF";
    for (char c : std::string(product)) windows += c == '\n' ? std::string("\r\n") : std::string(1, c);
    CHECK(load_product(windows).size() == 1);
}

TEST_CASE("YAML nested deeper than the limit is refused, including past yaml-cpp's own guard") {
    std::string text = std::string(product) + "notes: " + std::string(100, '[') + "x" + std::string(100, ']') + "\n";
    diagnostic d = refused([&] { (void)load_product(text); });
    CHECK(d.id == "footprint.yaml.too-deep");
    CHECK(d.where.line == 9);
    // 5000 levels: yaml-cpp stops at 2000 with DeepRecursion, which used to be a syntax error.
    d = refused([&] { (void)load_product(std::string(5000, '[') + std::string(5000, ']')); });
    CHECK(d.id == "footprint.yaml.too-deep");
    // 64 levels are allowed (the format needs 5).
    std::string ok = std::string(product) + "exclusions: []\nnotes: x\n";
    CHECK(load_product(ok).size() == 1);
}

TEST_CASE("an alias inside its own anchor is an endless nesting, refused") {
    diagnostic d = refused([] { (void)load_product("id: &a [*a]\n"); });
    CHECK(d.id == "footprint.yaml.too-deep");
    d = refused([] { (void)load_factor_yaml("sources: &s [{id: x, notes: *s}]\n", "f.yaml"); });
    CHECK(d.id == "footprint.yaml.too-deep");
}

TEST_CASE("billion laughs: aliases expanding exponentially are refused quickly") {
    std::string text = "notes:\n  - &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (int i = 1; i <= 9; ++i) {
        text += "  - &a" + std::to_string(i) + " [";
        for (int j = 0; j < 10; ++j) text += (j ? ", *a" : "*a") + std::to_string(i - 1);
        text += "]\n";
    }
    auto start = std::chrono::steady_clock::now();
    diagnostic d = refused([&] { (void)load_methodology_yaml(text, "laughs.yaml"); });
    CHECK(d.id == "footprint.yaml.too-many-nodes");
    CHECK(d.message.find("each use of an alias counts") != std::string::npos);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(30));
}

TEST_CASE("a YAML text larger than 16 MiB is refused before it is parsed") {
    std::string text = "id: big\nnotes: " + std::string(max_yaml_bytes, 'x') + "\n";
    diagnostic d = refused([&] { (void)load_methodology_yaml(text, "big.yaml"); });
    CHECK(d.str() == "big.yaml: error [footprint.yaml.too-large] YAML file larger than the limit (expected at most "
                     "16777216 bytes (16 MiB), found '16777232 bytes')");
}

// ---- expressions: the canonical form (digests, derivations) parses back to itself ---

TEST_CASE("the canonical form of a comparison of a comparison keeps its parentheses") {
    // `(a < b) < c` was written back as `a < b < c`, which does not parse.
    diagnostics out;
    auto n = expr::parse("(a < b) < c", source_location{}, out);
    REQUIRE(n);
    CHECK(expr::to_string(*n) == "(a < b) < c");
    CHECK(expr::to_string(*expr::parse("a == (b != c)", source_location{}, out)) == "a == (b != c)");
    CHECK(expr::to_string(*expr::parse("a < b + c", source_location{}, out)) == "a < b + c");
    CHECK(out.empty());
}

TEST_CASE("the canonical form of a text with a double quote uses single quotes") {
    // `f('a"b')` was written back as `f("a"b")`, which does not parse.
    diagnostics out;
    auto n = expr::parse("f('a\"b', 'c')", source_location{}, out);
    REQUIRE(n);
    const std::string canonical = expr::to_string(*n);
    CHECK(canonical == "f('a\"b', \"c\")");
    auto again = expr::parse(canonical, source_location{}, out);
    REQUIRE(again);
    CHECK(again->args[0]->text == "a\"b");
    CHECK(out.empty());
}

// ---- shipments ------------------------------------------------------------------

TEST_CASE("a shipment dated outside 1900-2100 is quarantined, not computed over thousands of years") {
    // Years 1 and 9999 in one batch made every year-keyed look-up table 10 000
    // years wide: 3 rows took 45 s and 1.2 GB (AddressSanitizer build).
    const std::filesystem::path source_dir = FOOTPRINT_SOURCE_DIR;
    auto factors = std::make_shared<factor_library>(load_factor_directory(source_dir / "factors"));
    auto products = std::make_shared<catalog>(load_catalog_directory(source_dir / "methodologies" / "catalog", factors.get()));
    plan compiled = plan::bind(load_methodology(source_dir / "methodologies" / "archive" / "reusable-packaging-reduction-1.0.0.yaml"),
                               plan_options{factors, products});
    const std::string csv =
        "shipment_id,customer_id,date,units,reusable_product,baseline_product,loaded_distance,return_distance,grid_region,washed\n"
        "S1,c,0001-01-01,10,foldable-ibc-1000l,steel-drum-208l,650.4,666.2,CN-Jiangsu,1\n"
        "S2,c,9999-12-31,10,foldable-ibc-1000l,steel-drum-208l,650.4,666.2,CN-Jiangsu,1\n"
        "S3,c,1900-01-01,10,foldable-ibc-1000l,steel-drum-208l,650.4,666.2,CN-Jiangsu,1\n"
        "S4,c,2100-12-31,10,foldable-ibc-1000l,steel-drum-208l,650.4,666.2,CN-Jiangsu,1\n";
    shipment_reader reader(csv_reader::from_string(csv, "in.csv"), shipment_schema::for_plan(compiled), products,
                           std::make_shared<region_tree>(factors->regions()));
    shipment_batch batch;
    std::vector<rejected_row> rejects;
    REQUIRE(reader.next(batch, rejects));
    CHECK(batch.rows == 2);
    REQUIRE(rejects.size() == 2);
    CHECK(rejects[0].problem.str() ==
          "in.csv:2:6: error [footprint.shipment.date] shipment S1: date: date outside the years footprint computes "
          "(expected a date from 1900-01-01 to 2100-12-31, found '0001-01-01')");
    CHECK(rejects[1].problem.where.line == 3);
    engine eng(compiled);
    result_totals totals;
    eng.run(reader, batch, rejects, totals);
    CHECK(totals.computed == 2);
}

// ---- many problems ----------------------------------------------------------------

TEST_CASE("a problem on every line lists 1000 problems and counts the rest") {
    // 499 000 unknown keys (5 MB) made 499 000 messages: 70 s and 2.4 GB
    // (AddressSanitizer build) before anything was printed.
    std::string text = "id: x\n";
    for (int i = 0; i < 5000; ++i) text += "k" + std::to_string(i) + ": 1\n";
    try {
        (void)load_methodology_yaml(text, "keys.yaml");
        FAIL("the file was accepted");
    } catch (const error& e) {
        REQUIRE(e.problems().size() == diagnostics::max_listed + 1);
        CHECK(e.problems().front().str().rfind("keys.yaml:2:1: error [footprint.yaml.unknown-field] k0: unknown field", 0) == 0);
        const diagnostic& last = e.problems().back();
        CHECK(last.id == "footprint.input.too-many-problems");
        CHECK(last.str().rfind("keys.yaml: error [footprint.input.too-many-problems] ", 0) == 0);
        // 5000 unknown keys and the missing version, title, baseline_scenario, functional_unit,
        // applicability, boundary, parameters and equations (`footprint methodology check` on the
        // same file with 3 keys lists 3 + 8 = 11): 5008 problems, 1000 listed, 4008 counted.
        CHECK(last.message == "4008 more problems not listed; fix the ones above and run again");
        CHECK(e.problems().size() == diagnostics::max_listed + 1);
    }
    diagnostics ds;
    for (int i = 0; i < 1500; ++i) ds.add("footprint.yaml.type", source_location{"f.yaml", 1, 1, {}, {}}, "x");
    CHECK(ds.size() == 1500);
    CHECK(ds.items().size() == diagnostics::max_listed + 1);
    diagnostics both;
    both.append(ds);
    CHECK(both.items().size() == diagnostics::max_listed + 1);
    // appending keeps the count: 1500 problems, 1000 listed, 500 counted
    CHECK(both.size() == 1500);
    CHECK(both.items().back().message == "500 more problems not listed; fix the ones above and run again");
    both.append(ds);  // 3000 in all, 2000 counted
    CHECK(both.size() == 3000);
    CHECK(both.items().back().message == "2000 more problems not listed; fix the ones above and run again");
}

// ---- statements as `verify` reads them ------------------------------------------

TEST_CASE("a statement nested a million levels deep is refused before it is parsed, not a stack overflow") {
    // Copying, dumping and comparing a JSON document recurse once per level.
    const std::string deep = "{\"note\":" + repeat("[", 1'000'000) + repeat("]", 1'000'000) + "}";
    for (auto read : {+[](const std::string& t) { (void)statement_digest(t); },
                      +[](const std::string& t) { (void)compare_statements(t, t); },
                      +[](const std::string& t) { (void)read_statement_header(t, "s.json"); }}) {
        diagnostic d = refused([&] { read(deep); });
        CHECK(d.id == "footprint.statement.too-deep");
    }
    // The bracket that went too deep: '{' is level 1, the 64th '[' level 65, at column 8 + 64 = 72.
    CHECK(refused([&] { (void)read_statement_header(deep, "s.json"); }).str().rfind("s.json:1:72: error [footprint.statement.too-deep]", 0) == 0);
    // Brackets inside strings do not count, nor do escaped quotes end a string.
    const std::string in_text = "{\"note\": \"\\\"" + repeat("[", 100) + "\"}";
    CHECK_NOTHROW((void)statement_digest(in_text));
}

TEST_CASE("a number beyond a double's range in a statement is a syntax error, not an escaping exception") {
    diagnostic d = refused([] { (void)statement_digest(R"({"totals_g": 1e400})"); });
    CHECK(d.id == "footprint.statement.syntax");
    CHECK(d.message.find("406") != std::string::npos);  // nlohmann/json's out_of_range.406, kept in the message
}

TEST_CASE("comparing statements of the wrong shape reports, never throws a JSON type error") {
    CHECK(refused([] { (void)compare_statements("[]", "{}"); }).id == "footprint.statement.syntax");
    CHECK(refused([] { (void)compare_statements("{}", "7"); }).id == "footprint.statement.syntax");
    // A digest that is not a string, shipment rows that are not an object: not identical, with the field named.
    verify_result r = compare_statements(R"({"statement_digest": 5, "shipment_rows": "x"})",
                                         R"({"statement_digest": "d", "shipment_rows": {"S1": "ab"}})");
    CHECK_FALSE(r.identical);
    CHECK_FALSE(r.digest_ok);
    CHECK(r.first_difference == "/shipment_rows");
    CHECK(r.shipments == std::vector<std::string>{"S1"});
}

TEST_CASE("a control character in YAML is refused where it is, before yaml-cpp turns NUL + 'N' into a lone 0x85") {
    // fuzz_factor_yaml: "default\0NCV" in a note came out of yaml-cpp as "default\x85CV",
    // invalid UTF-8 that the JSON writer then threw on. Line 2, column 11 is the NUL
    // ("name: test" is 10 characters).
    std::string text = product;
    text.replace(text.find("name: test drum"), 15, std::string("name: test\0Ndrum", 16));
    diagnostic d = refused([&] { (void)load_product(text); });
    CHECK(d.id == "footprint.yaml.encoding");
    CHECK(d.str().rfind("drum.yaml:2:11: error [footprint.yaml.encoding] a control character YAML does not allow", 0) == 0);
    CHECK(d.found == "\\x00");
    // Tabs, line feeds and carriage returns are text, not control problems.
    std::string crlf = product;
    for (std::size_t at = crlf.find('\n'); at != std::string::npos; at = crlf.find('\n', at + 2)) crlf.insert(at, 1, '\r');
    CHECK_NOTHROW((void)load_product(crlf));
}

// ---- divisions that can divide by zero --------------------------------------------

namespace {

struct bundled_inputs {
    std::shared_ptr<factor_library> factors;
    std::shared_ptr<catalog> products;
};

bundled_inputs bundled() {
    const std::filesystem::path source_dir = FOOTPRINT_SOURCE_DIR;
    auto factors = std::make_shared<factor_library>(load_factor_directory(source_dir / "factors"));
    auto products = std::make_shared<catalog>(load_catalog_directory(source_dir / "methodologies" / "catalog", factors.get()));
    return {factors, products};
}

/// The bad-input methodology (tests/data/bad/yaml/divisor-can-be-zero.methodology.yaml) with its equation replaced.
methodology with_equation(const std::string& expr, const std::string& range = "[0, 5000]") {
    const std::filesystem::path file =
        std::filesystem::path(FOOTPRINT_SOURCE_DIR) / "tests/data/bad/yaml/divisor-can-be-zero.methodology.yaml";
    std::ifstream in(file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string old_expr = "expr: units * cfp(reusable_product, stage=\"raw_material\", year=year(date)) / return_distance * 1 [km]";
    REQUIRE(text.find(old_expr) != std::string::npos);
    text.replace(text.find(old_expr), old_expr.size(), "expr: " + expr);
    text.replace(text.find("range: [0, 5000]"), 16, "range: " + range);
    return load_methodology_yaml(text, "divisor.yaml");
}

}  // namespace

TEST_CASE("a division by a monitored value whose declared range includes 0 is refused when the plan is bound") {
    // `methodology check` passed it, and every shipment with return_distance = 0 was
    // quarantined with "a component has no finite value" and no equation named.
    const bundled_inputs in = bundled();
    const std::string per_km = "units * cfp(reusable_product, stage=\"raw_material\", year=year(date))";
    diagnostic d = refused([&] { (void)plan::bind(with_equation(per_km + " / return_distance * 1 [km]"), plan_options{in.factors, in.products}); });
    CHECK(d.id == "footprint.expr.divisor-can-be-zero");
    CHECK(d.message ==
          "equation 'BE_units' divides by return_distance, which can be 0 over the declared range (return_distance [0, 5000] km)");
    CHECK(d.found == "return_distance");
    // A sum of two values that can both be 0 can be 0: (0 + 0) over [0, 5000] + [0, 5000].
    d = refused([&] {
        (void)plan::bind(with_equation(per_km + " / (return_distance + return_distance) * 1 [km]"), plan_options{in.factors, in.products});
    });
    CHECK(d.id == "footprint.expr.divisor-can-be-zero");
    // Not refused: a range that excludes 0; a divisor that cannot reach 0 (1 km + [0, 5000] km);
    // the division inside a branch of if(...).
    CHECK_NOTHROW((void)plan::bind(with_equation(per_km + " / return_distance * 1 [km]", "[0.5, 5000]"), plan_options{in.factors, in.products}));
    CHECK_NOTHROW((void)plan::bind(with_equation(per_km + " / (return_distance + 1 [km]) * 1 [km]"), plan_options{in.factors, in.products}));
    CHECK_NOTHROW((void)plan::bind(
        with_equation("if(return_distance > 0 [km], " + per_km + " / return_distance * 1 [km], 0 [kg CO2e])"),
        plan_options{in.factors, in.products}));
    // The bundled methodologies divide by look-ups and constants only: still bound (bundled_data_test).
}

TEST_CASE("a row that divides by zero is quarantined naming the equation and the divisor") {
    // The divisor year(date) - 2021 has no range the check can know (a year), so the plan is
    // bound; the row dated 2021 divides by zero.
    const bundled_inputs in = bundled();
    plan compiled = plan::bind(
        with_equation("units * cfp(reusable_product, stage=\"raw_material\", year=year(date)) / (year(date) - 2021)"),
        plan_options{in.factors, in.products});
    const std::string csv =
        "shipment_id,customer_id,date,units,reusable_product,return_distance\n"
        "S1,c,2021-05-01,10,foldable-ibc-1000l,10\n"
        "S2,c,2022-05-01,10,foldable-ibc-1000l,10\n";
    shipment_reader reader(csv_reader::from_string(csv, "in.csv"), shipment_schema::for_plan(compiled), in.products,
                           std::make_shared<region_tree>(in.factors->regions()));
    shipment_batch batch;
    std::vector<rejected_row> rejects;
    REQUIRE(reader.next(batch, rejects));
    engine eng(compiled);
    result_totals totals;
    eng.run(reader, batch, rejects, totals);
    CHECK(totals.computed == 1);
    REQUIRE(rejects.size() == 1);
    CHECK(rejects[0].shipment_id == "S1");
    CHECK(rejects[0].problem.id == "footprint.plan.row");
    CHECK(rejects[0].problem.message == "equation BE_units has no finite value: division by zero ((year(date) - 2021) is 0)");
}
