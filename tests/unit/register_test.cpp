// The issuance register: statements recorded once, overlapping periods for
// the same customer and methodology refused with the earlier statement named,
// adjacent periods accepted, signatures carried, list/show/export.

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "footprint/core/error.hpp"
#include "footprint/statement/issuance_register.hpp"
#include "footprint/statement/signature.hpp"
#include "footprint/statement/statement.hpp"

#include "support/scratch_dir.hpp"

using namespace footprint;
namespace fs = std::filesystem;

namespace {

/// A fresh folder per test (tests/support/scratch_dir.hpp).
struct scratch : test::scratch_dir {
    scratch() : scratch_dir("register-test") {}
};

/// A statement with the fields the register reads (those read_statement_header
/// requires, issuable_t and totals_g), sealed with its digest.
std::string statement(const std::string& customer, const std::string& from, const std::string& to,
                      const std::string& methodology_version = "2.0.0", std::int64_t reduction_g = 13053182) {
    std::string body = R"({"customer":")" + customer + R"(","factor_sets":[{"digest":")" + std::string(64, 'f') +
                       R"(","name":"footprint-default","version":"0.1.0"}],"format":"footprint-statement/1",)"
                       R"("gwp":{"set":"AR6","source":"IPCC AR6"},"issuable_t":)" + std::to_string(reduction_g / 1000000) +
                       R"(,"methodology":{"digest":")" + std::string(64, 'e') +
                       R"(","id":"reusable-packaging-reduction","title":"t","version":")" + methodology_version +
                       R"("},"period":{"from":")" + from + R"(","to":")" + to + R"("},"scenario_overrides":{},)"
                       R"("shipment_rows":{},"totals_g":{"baseline":0,"leakage":0,"project":0,"reduction":)" +
                       std::to_string(reduction_g) + "}}";
    return body.substr(0, body.size() - 1) + R"(,"statement_digest":")" + statement_digest(body) + "\"}";
}

/// The digest a statement made by statement() carries.
std::string statement_digest_of(const std::string& text) {
    const auto at = text.find("\"statement_digest\":\"") + 20;
    return text.substr(at, 64);
}

std::string error_id_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const error& e) {
        return e.id();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("a statement is recorded with its customer, period, methodology, digest, tonnes and time") {
    scratch s;
    issuance_register reg(s.dir / "register.sqlite", true);
    const std::string q1 = statement("chem-jiangsu-01", "2021-01-01", "2021-03-31");
    const issuance i = reg.add(q1, "out/chem-2021Q1.json", {}, "2026-12-05T03:00:00Z");
    CHECK(i.number == 1);
    CHECK(i.statement_digest == statement_digest(q1));
    CHECK(i.customer == "chem-jiangsu-01");
    CHECK(i.period_from == "2021-01-01");
    CHECK(i.period_to == "2021-03-31");
    CHECK(i.methodology_id == "reusable-packaging-reduction");
    CHECK(i.methodology_version == "2.0.0");
    CHECK(i.issued_t == 13);
    CHECK(i.reduction_g == 13053182);
    CHECK(i.statement_file == "chem-2021Q1.json");
    CHECK(i.recorded_at == "2026-12-05T03:00:00Z");

    // Read back by another connection, read-only.
    const issuance_register again(s.dir / "register.sqlite", false);
    const auto all = again.list();
    REQUIRE(all.size() == 1);
    CHECK(issuance_json(all[0]) == issuance_json(i));
    CHECK(issuance_json(again.show(i.statement_digest.substr(0, 8))) == issuance_json(i));
    CHECK(error_id_of([&] { (void)again.show("0123456789abcdef"); }) == "footprint.register.not-found");
    CHECK(error_id_of([&] { (void)again.show("12"); }) == "footprint.register.not-found");
}

TEST_CASE("an overlapping period for the same customer and methodology is refused, naming the earlier statement") {
    scratch s;
    issuance_register reg(s.dir / "register.sqlite", true);
    const std::string q1 = statement("chem-jiangsu-01", "2021-01-01", "2021-03-31");
    const issuance first = reg.add(q1, "chem-2021Q1.json", {}, "2026-12-05T03:00:00Z");
    // March to June overlaps the first quarter by one month.
    const std::string overlapping = statement("chem-jiangsu-01", "2021-03-01", "2021-06-30");
    try {
        (void)reg.add(overlapping, "chem-2021MarJun.json", {}, "2026-12-05T03:01:00Z");
        FAIL("no error");
    } catch (const error& e) {
        CHECK(e.id() == "footprint.register.overlap");
        CHECK(std::string(e.what()) ==
              "chem-2021MarJun.json: error [footprint.register.overlap] /period: the period overlaps statement " +
                  first.statement_digest +
                  " already issued for chem-jiangsu-01 under reusable-packaging-reduction (2021-01-01 to 2021-03-31, "
                  "methodology 2.0.0, 13 t, issuance 1 recorded 2026-12-05T03:00:00Z) (expected a period ending before "
                  "2021-01-01 or starting after 2021-03-31, found '2021-03-01 to 2021-06-30')");
    }
    // Another version of the same methodology overlaps all the same; one day of overlap is enough.
    CHECK(error_id_of([&] { (void)reg.add(statement("chem-jiangsu-01", "2021-03-31", "2021-04-30", "2.1.0"), "x.json", {}); }) ==
          "footprint.register.overlap");
    // The same statement twice is a duplicate.
    CHECK(error_id_of([&] { (void)reg.add(q1, "again.json", {}); }) == "footprint.register.duplicate");
    // Nothing was recorded by the refused ones.
    CHECK(reg.list().size() == 1);
}

TEST_CASE("adjacent periods, other customers and other methodologies are accepted") {
    scratch s;
    issuance_register reg(s.dir / "register.sqlite", true);
    (void)reg.add(statement("chem-jiangsu-01", "2021-01-01", "2021-03-31"), "q1.json", {}, "2026-12-05T03:00:00Z");
    const issuance q2 = reg.add(statement("chem-jiangsu-01", "2021-04-01", "2021-06-30"), "q2.json", {}, "2026-12-05T03:01:00Z");
    CHECK(q2.number == 2);
    (void)reg.add(statement("chem-jiangsu-01", "2020-10-01", "2020-12-31"), "q0.json", {}, "2026-12-05T03:02:00Z");
    (void)reg.add(statement("auto-parts-hubei-01", "2021-01-01", "2021-03-31"), "auto.json", {}, "2026-12-05T03:03:00Z");
    std::string other = statement("chem-jiangsu-01", "2021-01-01", "2021-03-31");
    other.replace(other.find("reusable-packaging-reduction"), 28, "certified-per-trip-factor---");
    // (resealed below: the edit above broke the seal, which the register refuses)
    CHECK(error_id_of([&] { (void)reg.add(other, "other.json", {}); }) == "footprint.register.seal");
    other = other.substr(0, other.find(",\"statement_digest\"")) + "}";
    other = other.substr(0, other.size() - 1) + R"(,"statement_digest":")" + statement_digest(other) + "\"}";
    (void)reg.add(other, "other.json", {}, "2026-12-05T03:04:00Z");
    CHECK(reg.list().size() == 5);
    CHECK(reg.list(std::string("chem-jiangsu-01")).size() == 4);
    CHECK(reg.list(std::string("auto-parts-hubei-01")).size() == 1);
}

TEST_CASE("signatures are recorded with the issuance, and must be over its digest") {
    scratch s;
    const auto alice = generate_signing_key(s.dir, "alice");
    const std::string q1 = statement("chem-jiangsu-01", "2021-01-01", "2021-03-31");
    const std::string q2 = statement("chem-jiangsu-01", "2021-04-01", "2021-06-30");
    sign_request as_alice;
    as_alice.signer = "Alice Wang";
    as_alice.role = signer_role::verifier;
    as_alice.time = "2026-12-05T02:00:00Z";
    const auto sig1 = sign_statement(q1, alice.private_key, as_alice);
    issuance_register reg(s.dir / "register.sqlite", true);
    CHECK(error_id_of([&] { (void)reg.add(q2, "q2.json", {sig1}); }) == "footprint.register.signature");
    const issuance i = reg.add(q1, "q1.json", {sig1}, "2026-12-05T03:00:00Z");
    const auto shown = reg.show(i.statement_digest);
    REQUIRE(shown.signatures.size() == 1);
    CHECK(shown.signatures[0].key_fingerprint == alice.fingerprint);
    CHECK(shown.signatures[0].role == "verifier");
    CHECK(shown.signatures[0].signer == "Alice Wang");
    CHECK(shown.signatures[0].signed_at == "2026-12-05T02:00:00Z");

    CHECK(register_csv(reg.list()) ==
          "number,statement_digest,customer,period_from,period_to,methodology_id,methodology_version,issued_t,reduction_g,"
          "recorded_at,statement_file,signatures\n"
          "1," + i.statement_digest + ",chem-jiangsu-01,2021-01-01,2021-03-31,reusable-packaging-reduction,2.0.0,13,13053182,"
          "2026-12-05T03:00:00Z,q1.json,verifier:Alice Wang:" + alice.fingerprint + "\n");
    const std::string json = register_json(reg.list());
    CHECK(json.rfind("{\n \"format\": \"footprint-register/1\",\n \"issuances\": [\n", 0) == 0);
    CHECK(json.find("\"statement_digest\": \"" + i.statement_digest + "\"") != std::string::npos);
}

TEST_CASE("a file that is not a register, or none, is refused; the register is append-only") {
    scratch s;
    CHECK(error_id_of([&] { issuance_register r(s.dir / "missing.sqlite", false); }) == "footprint.register.missing");
    std::ofstream(s.dir / "text.sqlite") << "hello\n";
    CHECK(error_id_of([&] { issuance_register r(s.dir / "text.sqlite", true); }) == "footprint.register.schema");
    {
        issuance_register reg(s.dir / "register.sqlite", true);
        (void)reg.add(statement("c", "2021-01-01", "2021-03-31"), "q1.json", {});
    }
    // SQLite itself refuses to change or remove an issued row.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((s.dir / "register.sqlite").c_str(), &db) == SQLITE_OK);
    char* msg = nullptr;
    CHECK(sqlite3_exec(db, "UPDATE issuances SET issued_t = 99", nullptr, nullptr, &msg) != SQLITE_OK);
    CHECK(std::string(msg) == "the issuance register is append-only");
    sqlite3_free(msg);
    CHECK(sqlite3_exec(db, "DELETE FROM issuances", nullptr, nullptr, nullptr) != SQLITE_OK);
    sqlite3_close(db);
    CHECK(issuance_register(s.dir / "register.sqlite", false).list().size() == 1);
}

TEST_CASE("check_issued: issued as it is, not issued (naming what was issued instead), or recorded otherwise") {
    scratch s;
    const std::string q1 = statement("chem-jiangsu-01", "2021-01-01", "2021-03-31");
    // The same customer and quarter, made again with other grams: another digest.
    const std::string q1_again = statement("chem-jiangsu-01", "2021-01-01", "2021-03-31", "2.0.0", 12000000);
    const std::string q2 = statement("chem-jiangsu-01", "2021-04-01", "2021-06-30");
    std::int64_t number = 0;
    {
        issuance_register reg(s.dir / "register.sqlite", true);
        number = reg.add(q1, "q1.json", {}, "2026-12-05T03:00:00Z").number;
        const register_check ok = check_issued(reg, q1, "q1.json");
        CHECK(ok.ok());
        REQUIRE(ok.issued);
        CHECK(ok.issued->number == number);
        CHECK(ok.issued->issued_t == 13);  // 13 053 182 g → 13 t, rounded down
        CHECK(ok.overlapping.empty());

        const register_check other = check_issued(reg, q1_again, "q1-again.json");
        CHECK(!other.ok());
        CHECK(!other.issued);
        REQUIRE(other.overlapping.size() == 1);
        CHECK(other.overlapping[0].statement_digest == statement_digest_of(q1));
        REQUIRE(other.problems.size() == 1);
        CHECK(other.problems[0].id == "footprint.register.not-issued");
        CHECK(other.problems[0].message.find(statement_digest_of(q1)) != std::string::npos);

        const register_check none = check_issued(reg, q2, "q2.json");
        CHECK(!none.ok());
        CHECK(none.overlapping.empty());
        CHECK(none.problems.at(0).id == "footprint.register.not-issued");
    }
    // A register whose row was changed behind its back (triggers dropped): the tonnes no longer match.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((s.dir / "register.sqlite").c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    std::vector<std::string> triggers;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'trigger'", -1, &q, nullptr) == SQLITE_OK);
    while (sqlite3_step(q) == SQLITE_ROW) triggers.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)));
    sqlite3_finalize(q);
    for (const auto& t : triggers) CHECK(sqlite3_exec(db, ("DROP TRIGGER " + t).c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "UPDATE issuances SET issued_t = 130", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    const issuance_register reg(s.dir / "register.sqlite", false);
    const register_check changed = check_issued(reg, q1, "q1.json");
    CHECK(!changed.ok());
    REQUIRE(changed.problems.size() == 1);
    CHECK(changed.problems[0].id == "footprint.register.mismatch");
    CHECK(changed.problems[0].where.field == "issuance " + std::to_string(number) + "/issued_t");
    CHECK(changed.problems[0].expected == "13");
    CHECK(changed.problems[0].found == "130");
}
