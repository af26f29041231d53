// Factor sets: build from YAML, open and verify, refuse tampered or damaged
// files, GWP weighting through a set, the province fallback, overlays with
// recorded precedence, diffs, and the same digest for the same sources.

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <fstream>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "footprint/products/catalog.hpp"
#include "footprint/products/cfp.hpp"
#include "footprint/core/digest.hpp"
#include "footprint/factors/factor_diff.hpp"
#include "footprint/factors/factor_set.hpp"
#include "footprint/core/number_text.hpp"
#include "footprint/core/version.hpp"

using namespace footprint;
namespace fs = std::filesystem;

namespace {

const fs::path source_dir = FOOTPRINT_SOURCE_DIR;

/// A fresh directory under the system's temporary directory, removed at the end of the test.
struct temp_dir {
    fs::path path;
    explicit temp_dir(const std::string& name)
        : path(fs::temp_directory_path() / ("footprint-factor-set-test-" + name + "-" + std::to_string(::getpid()))) {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~temp_dir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    fs::path operator/(const std::string& p) const { return path / p; }
};

void write_file(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
}

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// The bundled set the build made (footprint-default.sqlite); when the
/// command was not built, the same set built here from factors/.
const factor_set& bundled() {
    static const factor_set set = [] {
        fs::path p = FOOTPRINT_BUNDLED_SET;
        if (!fs::exists(p)) {
            p = fs::temp_directory_path() / ("footprint-bundled-" + std::to_string(::getpid()) + ".sqlite");
            (void)build_factor_set(source_dir / "factors", p, {"footprint-default", version, "AR6"});
        }
        return factor_set::open(p);
    }();
    return set;
}

/// Runs SQL on a set file through SQLite itself, the way someone editing it would.
void edit_with_sqlite(const fs::path& file, const char* sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
    char* msg = nullptr;
    int rc = sqlite3_exec(db, sql, nullptr, nullptr, &msg);
    std::string m = msg ? msg : "";
    sqlite3_free(msg);
    sqlite3_close(db);
    REQUIRE_MESSAGE(rc == SQLITE_OK, m);
}

std::string error_text(const std::function<void()>& f) {
    try {
        f();
    } catch (const error& e) {
        return e.what();
    }
    return "no error";
}

std::string error_id(const std::function<void()>& f) {
    try {
        f();
    } catch (const error& e) {
        return e.id();
    }
    return "no error";
}

// A small factor directory written the way factors/*.yaml are. The numbers are
// the bundled MEE/NBS values; "0.5500" keeps its trailing zeros on purpose.
const char* const small_regions = R"(regions:
  - {id: CN, name: China, parent: GLO}
  - {id: CN-East, name: East China grid, parent: CN}
  - {id: CN-Jiangsu, name: Jiangsu, parent: CN-East, source: mee-nbs-2023}
)";
const char* const small_factors = R"(sources:
  - {id: mee-nbs-2023, publisher: MEE and NBS, title: 2023 electricity CO2 emission factors, year: 2026}
  - {id: ipcc-2006-v2-ch3, publisher: IPCC, title: 2006 IPCC Guidelines Vol 2 Ch 3, year: 2006}
factors:
  - id: cn.grid.2023.east
    name: East China grid 2023
    activity: electricity.grid
    activity_unit: kWh
    value: 0.5500
    unit: kg CO2/kWh
    scope: supply
    region: CN-East
    years: [2023, 2023]
    source: mee-nbs-2023
  - id: cn.grid.2023.national
    name: China 2023
    activity: electricity.grid
    activity_unit: kWh
    value: 0.5306
    unit: kg CO2/kWh
    scope: supply
    region: CN
    years: [2023, 2023]
    source: mee-nbs-2023
  - id: diesel.road
    name: Diesel, road
    activity: fuel.diesel.combustion
    activity_unit: TJ
    unit: kg/TJ
    gases: {CO2: 74100, CH4: 3.9, N2O: 3.9}
    scope: combustion
    region: GLO
    years: [2006, 2035]
    source: ipcc-2006-v2-ch3
    uncertainty: {range: [72600, 74800]}
)";

void write_small_set_sources(const fs::path& dir) {
    fs::create_directories(dir);
    write_file(dir / "regions.yaml", small_regions);
    write_file(dir / "factors.yaml", small_factors);
}

}  // namespace

TEST_CASE("SHA-256 and number texts are exact") {
    // FIPS 180-2 test vectors.
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(shortest_text(0.5366) == "0.5366");
    CHECK(shortest_text(74100) == "74100");
    CHECK(shortest_text(0.1 + 0.2) == "0.30000000000000004");  // shortest, yet exact
    CHECK(parse_number_text("0.5500") == 0.55);
    CHECK(parse_number_text("+1.5") == 1.5);
    CHECK(parse_number_text("3.0e-3") == 0.003);
    CHECK_FALSE(parse_number_text("0.55 kg").has_value());
    CHECK_FALSE(parse_number_text("+-1").has_value());
    CHECK_FALSE(parse_number_text("inf").has_value());
    CHECK_FALSE(parse_number_text("").has_value());
}

TEST_CASE("a set keeps numbers as written and opens to the same factors") {
    temp_dir t("as-written");
    write_small_set_sources(t / "factors");
    factor_set_info info = build_factor_set(t / "factors", t / "small.sqlite", {"small", "1", "AR5"});
    CHECK(info.digest.size() == 64);
    REQUIRE(info.created_from.size() == 2);
    CHECK(info.created_from[0].path == "factors.yaml");
    CHECK(info.created_from[0].sha256 == sha256_hex(small_factors));
    CHECK(info.created_from[1].path == "regions.yaml");

    factor_set set = factor_set::open(t / "small.sqlite");
    CHECK(set.info().name == "small");
    CHECK(set.info().version == "1");
    CHECK(set.info().digest == info.digest);
    CHECK(set.info().software_version == std::string(version));
    CHECK(set.default_gwp().name == "AR5");
    const emission_factor* east = set.find("cn.grid.2023.east");
    REQUIRE(east != nullptr);
    CHECK(set.library().written(*east).value == "0.5500");  // the publication's digits
    CHECK(east->value == 0.55);
    const emission_factor* diesel = set.find("diesel.road");
    REQUIRE(diesel != nullptr);
    REQUIRE(diesel->gases.size() == 3);
    CHECK(set.library().written(*diesel).gases == std::vector<std::string>{"74100", "3.9", "3.9"});
    REQUIRE(diesel->uncertainty.has_value());
    CHECK(diesel->uncertainty->low == 72600);
    CHECK(set.library().written(*diesel).uncertainty_high == "74800");
    // Where it was read from travels with it.
    CHECK(diesel->where.str() == "factors.yaml:25:5");  // the line and column of `- id: diesel.road`
    // The region's grouping source is kept.
    CHECK(set.library().regions().find("CN-Jiangsu")->source == "mee-nbs-2023");

    // The canonical serialisation is what the digest is taken over.
    std::string canon = canonical_serialisation(set);
    CHECK(canon.rfind("footprint factor set, canonical serialisation 1\nset_info\n\tformat 1:1\n\tname 5:small\n", 0) == 0);
    CHECK(canon.find("\tvalue_text 6:0.5500\n") != std::string::npos);
    CHECK(sha256_hex(canon) == set.info().digest);
}

TEST_CASE("two sets built from the same sources have the same digest; one changed value changes it") {
    temp_dir t("same-digest");
    factor_set_info a = build_factor_set(source_dir / "factors", t / "a.sqlite", {"footprint-default", version, "AR6"});
    factor_set_info b = build_factor_set(source_dir / "factors", t / "b.sqlite", {"footprint-default", version, "AR6"});
    CHECK(a.digest == b.digest);
    // Rebuilt sets are bit-identical files, not just equal content.
    CHECK(read_file(t / "a.sqlite") == read_file(t / "b.sqlite"));
    // The bundled set was built from the same sources with the same name and version.
    CHECK(bundled().info().digest == a.digest);

    // Change one value, 0.5366 → 0.5367, in a copy of the sources.
    fs::copy(source_dir / "factors", t / "edited");
    std::string text = read_file(t / "edited" / "china-electricity.yaml");
    const std::string from = "    value: 0.5366\n";
    REQUIRE(text.find(from) != std::string::npos);
    REQUIRE(text.find(from) == text.rfind(from));  // exactly one factor has it
    text.replace(text.find(from), from.size(), "    value: 0.5367\n");
    write_file(t / "edited" / "china-electricity.yaml", text);
    factor_set_info c = build_factor_set(t / "edited", t / "c.sqlite", {"footprint-default", version, "AR6"});
    CHECK(c.digest != a.digest);

    // diff names the factor and the field, and nothing else.
    factor_diff d = diff_factors(factor_set::open(t / "a.sqlite").library(), factor_set::open(t / "c.sqlite").library());
    CHECK(d.factors.added.empty());
    CHECK(d.factors.removed.empty());
    REQUIRE(d.factors.changed.size() == 1);
    CHECK(d.factors.changed[0].id == "cn.grid.2022.national.mee-nbs");
    REQUIRE(d.factors.changed[0].fields.size() == 1);
    CHECK(d.factors.changed[0].fields[0].field == "value_text");
    CHECK(d.factors.changed[0].fields[0].before == "0.5366");
    CHECK(d.factors.changed[0].fields[0].after == "0.5367");
    CHECK(d.sources.empty());
    CHECK(d.regions.empty());
}

TEST_CASE("a set edited after it was built is refused with the expected and the found digest") {
    temp_dir t("tamper");
    fs::copy_file(bundled().file(), t / "copy.sqlite");
    edit_with_sqlite(t / "copy.sqlite",
                     "UPDATE factors SET value_text='0.5367' WHERE id='cn.grid.2022.national.mee-nbs'");

    // The digest of the edited content, worked out from the canonical form of
    // the intact set with that one value replaced.
    std::string canon = canonical_serialisation(bundled());
    const std::string id = "cn.grid.2022.national.mee-nbs";
    auto at = canon.find("\tid " + std::to_string(id.size()) + ":" + id + "\n");
    REQUIRE(at != std::string::npos);
    auto v = canon.find("\tvalue_text 6:0.5366\n", at);
    REQUIRE(v != std::string::npos);
    canon.replace(v, std::string("\tvalue_text 6:0.5366\n").size(), "\tvalue_text 6:0.5367\n");
    const std::string found = sha256_hex(canon);
    CHECK(found != bundled().info().digest);

    const fs::path copy = t / "copy.sqlite";
    CHECK(error_text([&] { (void)factor_set::open(copy); }) ==
          copy.string() +
              ": error [footprint.factorset.digest-mismatch] the set's content does not match its digest: it was "
              "changed after it was built, or is damaged; rebuild it with `footprint factors build` (expected " +
              bundled().info().digest + ", found '" + found + "')");
}

TEST_CASE("damaged files and other databases are refused as corrupt, never read") {
    temp_dir t("corrupt");
    const std::string bytes = read_file(bundled().file());

    SUBCASE("one byte of a stored value flipped in the file") {
        std::string b = bytes;
        auto at = b.find("kWh0.5366kg CO2/kWh");  // the record of cn.grid.2022.national.mee-nbs
        REQUIRE(at != std::string::npos);
        b[at + 8] = '7';  // 0.5366 → 0.5367
        write_file(t / "flipped.sqlite", b);
        CHECK(error_id([&] { (void)factor_set::open(t / "flipped.sqlite"); }) == "footprint.factorset.digest-mismatch");
    }
    SUBCASE("truncated") {
        write_file(t / "short.sqlite", bytes.substr(0, bytes.size() / 2));
        CHECK(error_id([&] { (void)factor_set::open(t / "short.sqlite"); }) == "footprint.factorset.corrupt");
    }
    SUBCASE("not SQLite") {
        write_file(t / "text.sqlite", std::string(200, 'x'));
        CHECK(error_text([&] { (void)factor_set::open(t / "text.sqlite"); }) ==
              (t / "text.sqlite").string() +
                  ": error [footprint.factorset.corrupt] not an SQLite database: the file does not start with the "
                  "SQLite header (expected a factor set built by `footprint factors build`)");
    }
    SUBCASE("an SQLite database that is not a factor set") {
        edit_with_sqlite(t / "other.sqlite", "CREATE TABLE t (x)");
        CHECK(error_text([&] { (void)factor_set::open(t / "other.sqlite"); }) ==
              (t / "other.sqlite").string() +
                  ": error [footprint.factorset.corrupt] an SQLite database, but not a footprint factor set "
                  "(application_id differs) (expected application_id 1179666003)");
    }
    SUBCASE("a trigger added to a copy") {
        fs::copy_file(bundled().file(), t / "trigger.sqlite");
        edit_with_sqlite(t / "trigger.sqlite", "CREATE TRIGGER t AFTER INSERT ON factors BEGIN SELECT 1; END");
        CHECK(error_text([&] { (void)factor_set::open(t / "trigger.sqlite"); }) ==
              (t / "trigger.sqlite").string() +
                  ": error [footprint.factorset.corrupt] sqlite_master: the set has a trigger footprint does not "
                  "write (expected the schema of factor set format 1, found 't')");
    }
    SUBCASE("a row of the wrong type") {
        fs::copy_file(bundled().file(), t / "type.sqlite");
        edit_with_sqlite(t / "type.sqlite", "UPDATE factors SET year_first='twenty' WHERE id='cn.grid.2022.national.mee-nbs'");
        CHECK(error_id([&] { (void)factor_set::open(t / "type.sqlite"); }) == "footprint.factorset.corrupt");
    }
    SUBCASE("missing") {
        CHECK(error_text([&] { (void)factor_set::open(t / "nowhere.sqlite"); }) ==
              (t / "nowhere.sqlite").string() +
                  ": error [footprint.io.read] factor set not found (expected a factor set file built by `footprint "
                  "factors build`)");
    }
}

TEST_CASE("malformed YAML builds nothing") {
    temp_dir t("bad-yaml");
    write_small_set_sources(t / "factors");
    write_file(t / "factors" / "broken.yaml", "factors:\n  - id: [unclosed\n");
    CHECK(error_text([&] { (void)build_factor_set(t / "factors", t / "out.sqlite"); })
              .find("broken.yaml:3:1: error [footprint.yaml.syntax]") != std::string::npos);
    CHECK_FALSE(fs::exists(t / "out.sqlite"));
    // No temporary file is left behind either.
    for (const auto& e : fs::directory_iterator(t.path)) CHECK(e.path().filename() == "factors");
}

TEST_CASE("GWP weighting through the bundled set matches the IPCC values for AR4, AR5 and AR6") {
    // The sets themselves (IPCC AR4 WG1 Table 2.14; AR5 WG1 Table 8.A.1; AR6 WG1 Table 7.15).
    CHECK(gwp_ar4.gwp(gas_id::ch4) == 25);
    CHECK(gwp_ar4.gwp(gas_id::n2o) == 298);
    CHECK(gwp_ar5.gwp(gas_id::ch4) == 28);
    CHECK(gwp_ar5.gwp(gas_id::n2o) == 265);
    CHECK(gwp_ar6.gwp(gas_id::ch4) == 27.9);
    CHECK(gwp_ar6.gwp(gas_id::n2o) == 273);
    CHECK(bundled().default_gwp().name == "AR6");

    // IPCC 2006 road diesel per TJ: CO2 74100, CH4 3.9, N2O 3.9 (kg/TJ), as written in the set.
    const emission_factor* diesel = bundled().find("ipcc2006.diesel.road.per-tj");
    REQUIRE(diesel != nullptr);
    CHECK(bundled().library().written(*diesel).gases == std::vector<std::string>{"74100", "3.9", "3.9"});
    // AR4: 74100 + 3.9×25   + 3.9×298 = 74100 +  97.5  + 1162.2 = 75359.7
    // AR5: 74100 + 3.9×28   + 3.9×265 = 74100 + 109.2  + 1033.5 = 75242.7
    // AR6: 74100 + 3.9×27.9 + 3.9×273 = 74100 + 108.81 + 1064.7 = 75273.51
    CHECK(diesel->kg_co2e_per_activity_unit(gwp_ar4) == doctest::Approx(75359.7).epsilon(1e-12));
    CHECK(diesel->kg_co2e_per_activity_unit(gwp_ar5) == doctest::Approx(75242.7).epsilon(1e-12));
    CHECK(diesel->kg_co2e_per_activity_unit(gwp_ar6) == doctest::Approx(75273.51).epsilon(1e-12));

    // IPCC 2006 road natural gas per TJ: CO2 56100, CH4 92, N2O 3 — methane-heavy.
    const emission_factor* gas = bundled().find("ipcc2006.natural-gas.road.per-tj");
    REQUIRE(gas != nullptr);
    // AR4: 56100 + 92×25   + 3×298 = 56100 + 2300   + 894 = 59294
    // AR5: 56100 + 92×28   + 3×265 = 56100 + 2576   + 795 = 59471
    // AR6: 56100 + 92×27.9 + 3×273 = 56100 + 2566.8 + 819 = 59485.8
    CHECK(gas->kg_co2e_per_activity_unit(gwp_ar4) == doctest::Approx(59294).epsilon(1e-12));
    CHECK(gas->kg_co2e_per_activity_unit(gwp_ar5) == doctest::Approx(59471).epsilon(1e-12));
    CHECK(gas->kg_co2e_per_activity_unit(gwp_ar6) == doctest::Approx(59485.8).epsilon(1e-12));
}

TEST_CASE("the fallback path for a province with no factor of its own, against the bundled set") {
    const factor_library& lib = bundled().library();
    CHECK(lib.regions().chain("CN-Jiangsu") == std::vector<std::string>{"CN-Jiangsu", "CN-East", "CN", "GLO"});

    factor_match m = bundled().lookup({"electricity.grid", "CN-Jiangsu", 2023, ""});
    REQUIRE(m.factor != nullptr);
    CHECK(m.factor->id == "cn.grid.2023.east.mee-nbs");
    CHECK_FALSE(m.exact);
    CHECK(m.path == std::vector<std::string>{"CN-Jiangsu: no factor",
                                             "CN-East: valid in 2023 → cn.grid.2023.east.mee-nbs (CN-East, 2023)"});
    // 0.5500 kg CO2/kWh, CO2 only: 0.55 kg CO2e/kWh under any GWP set.
    CHECK(m.factor->kg_co2e_per_activity_unit(gwp_ar6) == 0.55);

    // A later year: the same province climbs to its grid region and takes the nearest earlier year.
    factor_match later = bundled().lookup({"electricity.grid", "CN-Sichuan", 2025, ""});
    CHECK(later.path == std::vector<std::string>{
                            "CN-Sichuan: no factor",
                            "CN-Southwest: no factor for 2025, nearest earlier year 2023 → cn.grid.2023.southwest.mee-nbs "
                            "(CN-Southwest, 2023)"});

    // Inner Mongolia straddles two grids, so it falls back to the national factor.
    factor_match nm = bundled().lookup({"electricity.grid", "CN-InnerMongolia", 2022, ""});
    CHECK(nm.path.back() == "CN: valid in 2022 → cn.grid.2022.national.mee-nbs (CN, 2022)");

    // Every province sits under one of the seven grid regions (or CN), each citing its source.
    int provinces = 0;
    const std::vector<std::string> grids{"CN-North", "CN-Northeast", "CN-East", "CN-Central",
                                         "CN-Northwest", "CN-South", "CN-Southwest"};
    for (const auto& [id, r] : lib.regions().all()) {
        if (id.rfind("CN-", 0) != 0 || std::find(grids.begin(), grids.end(), id) != grids.end()) continue;
        ++provinces;
        CHECK_MESSAGE(r.source == "mee-nbs-2021-electricity-co2", id);
        auto chain = lib.regions().chain(id);
        CHECK_MESSAGE(chain.back() == "GLO", id);
        CHECK_MESSAGE(chain[chain.size() - 2] == "CN", id);
        if (id != "CN-InnerMongolia")
            CHECK_MESSAGE(std::find(grids.begin(), grids.end(), chain[1]) != grids.end(), id);
    }
    CHECK(provinces == 31);  // the mainland's 31 provincial-level divisions
}

TEST_CASE("a set and the YAML it was built from give the same numbers to the last bit") {
    factor_library yaml = load_factor_directory(source_dir / "factors");
    const factor_library& set = bundled().library();
    REQUIRE(yaml.factors().size() == set.factors().size());
    for (const auto& f : yaml.factors()) {
        const emission_factor* g = set.find(f.id);
        REQUIRE_MESSAGE(g != nullptr, f.id);
        for (const gwp_set* gwp : {&gwp_ar4, &gwp_ar5, &gwp_ar6})
            CHECK_MESSAGE(f.kg_co2e_per_activity(*gwp) == g->kg_co2e_per_activity(*gwp), f.id);
        CHECK_MESSAGE(yaml.written(f).value == set.written(*g).value, f.id);
    }
    // Footprints of the whole catalog, to the gram.
    catalog cat_yaml = load_catalog_directory(source_dir / "methodologies" / "catalog", &yaml);
    catalog cat_set = load_catalog_directory(source_dir / "methodologies" / "catalog", &set);
    for (const auto& [id, p] : cat_yaml.products()) {
        auto a = compute_product_footprint(p, yaml, cfp_options{});
        auto b = compute_product_footprint(*cat_set.find(id), set, cfp_options{});
        CHECK_MESSAGE(a.per_unit.grams == b.per_unit.grams, id);
        CHECK_MESSAGE(a.per_trip.grams == b.per_trip.grams, id);
    }
}

TEST_CASE("an overlay's factor wins for the same activity, region and year, and the path says so") {
    temp_dir t("overlay");
    // An organisation's own grid factor (test data, not a published value):
    // its own source, and copies of the regions it uses.
    fs::create_directories(t / "own");
    write_file(t / "own" / "regions.yaml", R"(regions:
  - {id: CN, name: China, parent: GLO}
  - {id: CN-East, name: East China grid (华东), parent: CN}
)");
    write_file(t / "own" / "grid.yaml", R"(sources:
  - {id: acme-metering-2023, publisher: ACME Packaging, title: Supplier-specific electricity contract 2023 (test data), year: 2024}
factors:
  - id: acme.grid.2023.east
    name: ACME's contracted electricity, East China 2023
    activity: electricity.grid
    activity_unit: kWh
    value: 0.4
    unit: kg CO2/kWh
    scope: supply
    region: CN-East
    years: [2023, 2023]
    source: acme-metering-2023
)");
    (void)build_factor_set(t / "own", t / "own.sqlite", {"acme-own", "2024.1", "AR6"});
    factor_set own = factor_set::open(t / "own.sqlite");
    factor_library lib = stack_factor_sets(bundled(), {&own});
    REQUIRE(lib.layers().size() == 2);
    CHECK(lib.layers()[0].name == "footprint-default");
    CHECK(lib.layers()[1].name == "acme-own");
    CHECK(lib.layers()[1].digest == own.info().digest);

    factor_match m = lib.lookup({"electricity.grid", "CN-Jiangsu", 2023, ""});
    CHECK(m.factor->id == "acme.grid.2023.east");
    CHECK(m.layer == 1);
    REQUIRE(m.shadowed.size() == 2);  // the 2022 and 2023 East factors of the default set
    CHECK(m.path == std::vector<std::string>{
                        "CN-Jiangsu: no factor",
                        "CN-East: valid in 2023 → acme.grid.2023.east (CN-East, 2023) from 'acme-own'; shadows "
                        "cn.grid.2022.east.mee-nbs (CN-East, 2022) from 'footprint-default', "
                        "cn.grid.2023.east.mee-nbs (CN-East, 2023) from 'footprint-default'"});
    // Where the overlay has nothing, the default answers, and says which set it came from.
    factor_match north = lib.lookup({"electricity.grid", "CN-Beijing", 2023, ""});
    CHECK(north.factor->id == "cn.grid.2023.north.mee-nbs");
    CHECK(north.layer == 0);
    CHECK(north.path.back() == "CN-North: valid in 2023 → cn.grid.2023.north.mee-nbs (CN-North, 2023) from 'footprint-default'");
    // The default set itself is unchanged.
    CHECK(bundled().lookup({"electricity.grid", "CN-Jiangsu", 2023, ""}).factor->id == "cn.grid.2023.east.mee-nbs");

    SUBCASE("an overlay may not reuse a default factor's id") {
        write_file(t / "own" / "grid.yaml", read_file(t / "own" / "grid.yaml") + R"(  - id: cn.grid.2023.east.mee-nbs
    name: reused id
    activity: electricity.grid
    activity_unit: kWh
    value: 0.4
    unit: kg CO2/kWh
    scope: supply
    region: CN-East
    years: [2024, 2024]
    source: acme-metering-2023
)");
        (void)build_factor_set(t / "own", t / "clash.sqlite", {"acme-clash", "1", "AR6"});
        factor_set clash = factor_set::open(t / "clash.sqlite");
        CHECK(error_text([&] { (void)stack_factor_sets(bundled(), {&clash}); })
                  .find("[footprint.factorset.overlay-conflict] factor id 'cn.grid.2023.east.mee-nbs' is already used "
                        "by 'footprint-default'") != std::string::npos);
    }
    SUBCASE("an overlay may not move a region") {
        write_file(t / "own" / "regions.yaml", R"(regions:
  - {id: CN, name: China, parent: GLO}
  - {id: CN-East, name: East China grid (华东), parent: GLO}
)");
        (void)build_factor_set(t / "own", t / "moved.sqlite", {"acme-moved", "1", "AR6"});
        factor_set moved = factor_set::open(t / "moved.sqlite");
        CHECK(error_id([&] { (void)stack_factor_sets(bundled(), {&moved}); }) == "footprint.factorset.overlay-conflict");
    }
}

TEST_CASE("search, iteration and concurrent readers") {
    const factor_library& lib = bundled().library();
    auto sorted = lib.sorted_by_id();
    REQUIRE(sorted.size() == lib.factors().size());
    CHECK(std::is_sorted(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->id < b->id; }));

    // Case-insensitive; matches ids and also notes (freight factors that mention
    // diesel in their notes are found too), sorted by id.
    auto diesel = lib.search("DIESEL");
    CHECK(diesel == lib.search("diesel"));
    CHECK(std::is_sorted(diesel.begin(), diesel.end(), [](auto* a, auto* b) { return a->id < b->id; }));
    for (const auto* f : sorted)
        if (f->id.find("diesel") != std::string::npos)
            CHECK_MESSAGE(std::find(diesel.begin(), diesel.end(), f) != diesel.end(), f->id);
    const emission_factor* glec = lib.find("glec2019.freight.rigid-26-32t.average-mixed.b5.ttw");
    REQUIRE(glec != nullptr);  // "diesel" only in its name and notes, not its id
    CHECK(std::find(diesel.begin(), diesel.end(), glec) != diesel.end());
    CHECK(std::find(diesel.begin(), diesel.end(), lib.find("cn.grid.2022.national.mee-nbs")) == diesel.end());
    CHECK(lib.search("no such text anywhere").empty());

    // Readers on several threads see exactly what one reader sees.
    const factor_set& set = bundled();
    const factor_query q{"electricity.grid", "CN-Jiangsu", 2023, ""};
    const factor_match expected = set.lookup(q);
    std::atomic<int> mismatches{0};
    std::vector<std::thread> readers;
    for (int i = 0; i < 4; ++i)
        readers.emplace_back([&] {
            for (int k = 0; k < 2000; ++k) {
                factor_match m = set.lookup(q);
                if (m.factor != expected.factor || m.path != expected.path) ++mismatches;
                if (set.find("cn.grid.2023.east.mee-nbs") != expected.factor) ++mismatches;
            }
        });
    for (auto& r : readers) r.join();
    CHECK(mismatches.load() == 0);
}
