// Statement renderings as an auditor reads them: numbers at a fixed displayed
// precision (worked by hand below), page numbers and the digest in every
// printed page's margins, the long tables in an annex after the verification
// block, a sources table from format-2 `sources`, signatures listed with
// their key fingerprints, import rejections told where they are, and every
// heading in Chinese.

#include <doctest/doctest.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <string>

#include "footprint/core/error.hpp"
#include "footprint/render/display_number.hpp"
#include "footprint/render/statement_render.hpp"

using namespace footprint;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

std::size_t at(const std::string& haystack, const std::string& needle) {
    const auto p = haystack.find(needle);
    REQUIRE_MESSAGE(p != std::string::npos, needle);
    return p;
}

std::string error_id_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const error& e) {
        return e.id();
    }
    return "no error";
}

const std::string digest = "8261dae68e771b4d3bd763993ee74f267b897f88f97cbbabd5b7f833cdd26838";
const std::string methodology_digest = "199d6966822b7d3967774bbf14776b585a78eeb1b8399a36a78cddae8605d3e4";

/// A hand-written statement of the demo's chemical customer (figures from
/// `footprint demo --rows 30000`), `format` and `extra` top-level fields
/// given. BE − PE − LE = 30319495895 − 2347079252 − 0 = 27972416643 g.
std::string statement(const std::string& format, const std::string& extra = {}) {
    return R"J({"format":")J" + format + R"J(","customer":"chem-jiangsu-01",
"period":{"from":"2021-01-01","to":"2021-06-30"},
"software":{"name":"footprint","version":"0.1.0"},
"methodology":{"id":"reusable-packaging-reduction","version":"2.1.0","digest":")J" + methodology_digest + R"J(",
  "title":"Reusable transport packaging replacing single-use packaging"},
"factor_sets":[{"name":"footprint-default","version":"0.1.0","digest":"379dbc52b649eb2d24d92435b03d921347c3f9fd16b1f44d349c906d2c5a9e3e"}],
"gwp":{"set":"AR6","source":"IPCC AR6 WG1 (2021) Chapter 7 Table 7.15, GWP100"},
"scenario_overrides":{},
"parameters":[{"kind":"fixed","label":"annual_loss","source":"operator tracking results","unit":"1","value":"0.02"}],
"factors_used":[{"kind":"factor","label":"transport(truck)","source":"GLEC Framework v3","unit":"kg CO2e/tkm",
  "value":"0.12521999999999997","factor_id":"transport.road.truck"},
 {"kind":"catalog","label":"capacity(foldable-ibc-1000l-pool)","source":"catalog foldable-ibc-1000l-pool.yaml","unit":"L","value":"636.12"}],
"rows":{"in_file":29988,"accepted_in_file":29988,"rejected_in_file":0,"customer_rows_in_file":10416,"in_statement":5200,
  "reconciles":true,"rejected_digest":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
"totals_g":{"baseline":30319495895,"project":2347079252,"leakage":0,"reduction":27972416643},
"shipments":5200,"issuable_t":27972,
"by_month":{"2021-01":{"baseline_g":30319495895,"project_g":2347079252,"leakage_g":0,"reduction_g":27972416643,"shipments":5200}},
"by_product":{"reusable_product":{"foldable-ibc-1000l-pool":{"baseline_g":30319495895,"project_g":2347079252,"leakage_g":0,"reduction_g":27972416643,"shipments":5200}}},
"by_component_g":{"BE_raw_material":{"g":30319495895,"stage":"raw_material","term":"BE"},"PE_use":{"g":2347079252,"stage":"use","term":"PE"}},
"by_stage_g":{"BE":{"raw_material":30319495895},"PE":{"use":2347079252}},
"plausibility":{"rule":"A shipment's reduction should not exceed the cradle-to-grave footprint of the single-use units it replaces. (limit: baseline_units * cfp_per_trip(baseline_product, loss=0))",
  "implausible_shipments":0,"examples":[]},
"input_rows_digest":"284bbca41e714d673aa1a1f602277adfe083e3ef62e7bb3c46faf8a0ba79e65b",
)J" + extra + R"J("statement_digest":")J" + digest + R"J("})J";
}

// The `sources` array of format 2 as the statement builder writes it (keys id, publisher, title, year, url, table?).
const std::string sources = R"J("sources":[{"id":"worldsteel-lci-2023","publisher":"worldsteel","title":"Life cycle inventory study, 2023 data release",
  "table":"Table 3","year":2023,"url":"https://worldsteel.org/lci"},
 {"id":"mee-grid-2022","publisher":"MEE / NBS","title":"Average CO2 emission factor of the national grid","year":"2024","url":null}],
)J";

signature_record signature_over(const std::string& d, signer_role role, std::string signer) {
    signature_record r;
    r.statement_digest = d;
    r.signer = std::move(signer);
    r.role = role;
    r.signed_at = "2026-12-05T06:00:00Z";
    r.key_fingerprint = "3f5b0c7a9d1e2f4061728394a5b6c7d8e9f00112233445566778899aabbccddee";
    r.signature = std::string(128, '0');
    return r;
}

}  // namespace

TEST_CASE("display_tonnes: 3 decimals of integer grams, half away from zero, grouped") {
    // 27 972 416 643 g = 27 972.416643 t; the 4th decimal onwards is 643 g ≥ 500 g, so up: 27 972.417.
    CHECK(display_tonnes(27972416643) == "27,972.417");
    // 1 500 g = 0.0015 t: exactly half a kilogram, away from zero: 0.002; 1 499 g: 0.001.
    CHECK(display_tonnes(1500) == "0.002");
    CHECK(display_tonnes(1499) == "0.001");
    CHECK(display_tonnes(-1500) == "-0.002");
    // Under half a kilogram is 0.000, without a sign.
    CHECK(display_tonnes(499) == "0.000");
    CHECK(display_tonnes(-499) == "0.000");
    CHECK(display_tonnes(0) == "0.000");
    // The most negative grams: 9 223 372 036 854 775 808 g = 9 223 372 036 854.775808 t → .776.
    CHECK(display_tonnes(std::numeric_limits<std::int64_t>::min()) == "-9,223,372,036,854.776");
    // 6 decimals are the exact tonnes; 0 decimals: 2 500 000 g = 2.5 t → 3.
    CHECK(display_tonnes(185794893671, 6) == "185,794.893671");
    CHECK(display_tonnes(2500000, 0) == "3");
    // 999 999 500 g = 999 999.5 kg → 1 000 000 kg: the carry reaches the thousands.
    CHECK(display_tonnes(999999500) == "1,000.000");
}

TEST_CASE("group_thousands: commas every three integer digits, the sign and decimals left as they are") {
    CHECK(group_thousands("1234567.891") == "1,234,567.891");  // 1|234|567, decimals untouched
    CHECK(group_thousands("-1000") == "-1,000");                // the sign is not a digit
    CHECK(group_thousands("999") == "999");
    CHECK(group_thousands("-123456") == "-123,456");            // exactly two groups: no comma after '-'
    CHECK(group_thousands("0.000123") == "0.000123");
}

TEST_CASE("display_value: 4 significant digits of the decimal text, never fewer than the integer digits") {
    CHECK(display_value("0.12521999999999997") == "0.1252");  // 0.1252|1999… → down
    CHECK(display_value("636.12") == "636.1");                // 636.1|2 → down
    CHECK(display_value("1234.5") == "1235");                 // 1234|.5 → up
    CHECK(display_value("58000.5") == "58001");               // 5 integer digits kept, .5 → up
    CHECK(display_value("0.000123456") == "0.0001235");       // 0.0001234|56 → up
    // Half away from zero on the text: the double nearest 0.12525 is 0.12524999…, which printf would round down.
    CHECK(display_value("0.12525") == "0.1253");
    CHECK(display_value("9999.7") == "10000");  // carries into a fifth digit
    CHECK(display_value("0.99996") == "1");     // 0.9999|6 → 1.0000, trailing zeros dropped
    CHECK(display_value("1e-06") == "0.000001");
    CHECK(display_value("3.0e-3") == "0.003");
    CHECK(display_value("-2.5") == "-2.5");
    CHECK(display_value("1000") == "1000");
    CHECK(display_value("0") == "0");
    CHECK(display_value("0.02") == "0.02");
    CHECK(display_value("n/a") == "n/a");  // not a number: as it is
}

TEST_CASE("statement HTML: page X of Y and the digest in every printed page's margins, numbers at display precision") {
    const std::string html = render_statement_html(statement("footprint-statement/1"), "en");
    // CSS page-margin boxes: the digest at the bottom left, the page counter at the bottom right.
    CHECK(contains(html, "@bottom-left{content:\"Statement digest " + digest + "\""));
    CHECK(contains(html, "@bottom-right{content:\"Page \" counter(page) \" of \" counter(pages)"));
    CHECK(contains(html, "@top-left{content:\"Emission reduction statement \u00b7 chem-jiangsu-01 \u00b7 2021-01-01 \u2013 2021-06-30\""));
    // The totals at 3 decimals with the exact grams beside them; the factor at 4 significant digits.
    CHECK(contains(html, R"(<td id="total-reduction" data-grams="27972416643" class="num">27,972.417</td>)"));
    CHECK(contains(html, "27,972,416,643"));
    CHECK(contains(html, ">0.1252</td>"));
    CHECK(contains(html, ">636.1</td>"));
    CHECK_FALSE(contains(html, "0.12521999999999997"));
    // The commands wrap inside the page: continuation lines, and pre-wrap when printed.
    CHECK(contains(html, "footprint explain -m reusable-packaging-reduction \\\n    --shipments SHIPMENTS.csv"));
    CHECK(contains(html, "white-space:pre-wrap"));
}

TEST_CASE("statement: the body, then the verification block, then the annex of long tables") {
    for (const char* lang : {"en", "zh"}) {
        const std::string html = render_statement_html(statement("footprint-statement/1"), lang);
        const std::size_t totals = at(html, R"(id="totals-heading")"), check = at(html, R"(id="check-heading")"),
                          verification = at(html, R"(id="verification-heading")"), annex_a = at(html, R"(id="annex-a")"),
                          parameters = at(html, R"(id="table-parameters")"), factors = at(html, R"(id="table-factors")");
        CHECK(totals < check);
        CHECK(check < verification);
        CHECK(verification < annex_a);
        CHECK(annex_a < parameters);
        CHECK(parameters < factors);
        CHECK(at(html, R"(<section id="annex-components" class="page">)") < factors);
        CHECK(at(html, R"(<section id="annex-values">)") < factors);
        const std::string md = render_statement_markdown(statement("footprint-statement/1"), lang);
        CHECK(at(md, lang == std::string("en") ? "## Verification" : "## 核查") <
              at(md, lang == std::string("en") ? "## Annex C" : "## 附录 C"));
    }
}

TEST_CASE("statement: the verification block names the standard and leaves the verifier's fields to fill") {
    const std::string html = render_statement_html(statement("footprint-statement/1"), "en");
    CHECK(contains(html, "ISO 14064-3:2019"));
    CHECK(contains(html, "\u2610 reasonable    \u2610 limited"));
    CHECK(contains(html, R"(<td id="verifier" class="fill"></td>)"));
    CHECK(contains(html, "No signature file was given for this rendering."));
    CHECK_FALSE(contains(html, "table-signatures"));
}

TEST_CASE("statement: signatures are listed with signer, role, time and key fingerprint, and one over another statement is refused") {
    statement_render_options o;
    o.signatures.push_back(signature_over(digest, signer_role::preparer, "Operator Ltd"));
    o.signatures.push_back(signature_over(digest, signer_role::verifier, "Verifier GmbH"));
    const std::string html = render_statement_html(statement("footprint-statement/1"), "en", o);
    CHECK(contains(html, R"(<td id="verifier" class="fill">Verifier GmbH</td>)"));
    CHECK(contains(html, R"(id="signature-2" data-fingerprint="3f5b0c7a9d1e2f4061728394a5b6c7d8e9f00112233445566778899aabbccddee")"));
    CHECK(contains(html, "<th scope=\"row\">Operator Ltd</th><td>preparer</td><td>2026-12-05T06:00:00Z</td>"));
    const std::string zh = render_statement_markdown(statement("footprint-statement/1"), "zh", o);
    CHECK(contains(zh, "| Verifier GmbH | 核查方 | 2026-12-05T06:00:00Z |"));

    o.signatures.push_back(signature_over(std::string(64, 'a'), signer_role::verifier, "Someone Else"));
    CHECK(error_id_of([&] { (void)render_statement_html(statement("footprint-statement/1"), "en", o); }) ==
          "footprint.render.signature");
}

TEST_CASE("statement: a format-2 statement's sources are a table of publisher, publication, table and year") {
    const std::string html = render_statement_html(statement("footprint-statement/2", sources), "en");
    // In the body, one row per publication with the number of its tables; every table in annex D, after annex C.
    const std::size_t body = at(html, R"(<table id="table-publications")");
    CHECK(at(html, "<td>worldsteel</td><td>Life cycle inventory study, 2023 data release \u00b7 "
                   "<code>https://worldsteel.org/lci</code></td><td>2023</td><td class=\"num\">1</td>") > body);
    CHECK(body < at(html, R"(id="verification-heading")"));
    const std::size_t table = at(html, R"(<table id="table-sources")");
    CHECK(at(html, R"(id="table-factors")") < table);
    CHECK(contains(html, "Annex D \u2014 Sources: every table used"));
    CHECK(contains(html, "<th scope=\"col\">Publisher</th><th scope=\"col\">Publication</th><th scope=\"col\">Table</th>"
                         "<th scope=\"col\">Year</th>"));
    CHECK(at(html, "<td>worldsteel</td><td>Life cycle inventory study, 2023 data release \u00b7 "
                   "<code>https://worldsteel.org/lci</code></td><td>Table 3</td><td>2023</td>") > table);
    CHECK(contains(html, "<td>MEE / NBS</td><td>Average CO2 emission factor of the national grid</td><td></td><td>2024</td>"));
    CHECK(contains(render_statement_html(statement("footprint-statement/2", sources), "zh"), "<th scope=\"col\">发布机构</th>"));
    // No `sources` (format 1): no table.
    CHECK_FALSE(contains(render_statement_html(statement("footprint-statement/1"), "en"), "table-sources"));
    // A format this renderer does not know, and a source without its publisher.
    CHECK(error_id_of([] { (void)render_statement_html(statement("footprint-statement/9"), "en"); }) ==
          "footprint.statement.format");
    CHECK(error_id_of([] {
              (void)render_statement_html(statement("footprint-statement/2", R"("sources":[{"id":"x","title":"t","year":1,"url":""}],)"), "en");
          }) == "footprint.statement.missing-field");
}

TEST_CASE("statement: rows rejected at ledger import are told apart from rows rejected while the statement was built") {
    const std::string plain = render_statement_html(statement("footprint-statement/1"), "en");
    CHECK(contains(plain, "None was rejected while the statement was built."));
    CHECK(contains(plain, "Rows rejected earlier, when a CSV file was imported into a ledger, never enter the ledger"));
    CHECK_FALSE(contains(plain, "the quarantine file beside the input"));
    statement_render_options o;
    o.ledger_imports.push_back({1, "demo/shipments.csv", std::string(64, 'c'), 30000, 29988, 12});
    const std::string html = render_statement_html(statement("footprint-statement/1"), "en", o);
    CHECK(contains(html, R"(<td id="import-rejected-1" data-count="12" class="num">12</td>)"));
    CHECK(contains(html, "12 rows were rejected when their files were imported into the ledger"));
    const std::string zh = render_statement_html(statement("footprint-statement/1"), "zh", o);
    CHECK(contains(zh, "有 12 行在其文件导入台账时被拒绝"));
}

TEST_CASE("statement in Chinese: headings, rules and the page margins in Chinese, and the methodology's own texts when given") {
    const std::string bare = render_statement_html(statement("footprint-statement/1"), "zh");
    for (const char* text : {"减排量声明", "合计", "装运与核对", "合理性检查", "分解", "数据来源", "如何核验本声明", "核查",
                             "附录 A \u2014 方法学方程的分项", "附录 B \u2014 固定参数",
                             "附录 C \u2014 所用排放因子与目录数值", "ISO 14064-3:2019《温室气体",
                             "规则：单次装运的减排量不得超过下列上限", "减排量 ≤ baseline_units * cfp_per_trip(baseline_product, loss=0)",
                             "\"第 \" counter(page) \" 页，共 \" counter(pages) \" 页\"", "声明摘要值 " })
        CHECK_MESSAGE(contains(bare, text), text);
    for (const char* english : {"Verification", "Annex", "Plausibility check", "Page \"", "Rule:"})
        CHECK_MESSAGE(!contains(bare, std::string(">") + english), english);
    // The kinds of values and the memo term are words of footprint's too.
    CHECK(contains(bare, "<td>目录</td>"));
    CHECK(contains(bare, "<td>排放因子</td>"));
    CHECK(contains(bare, "<td>固定</td>"));
    CHECK_FALSE(contains(bare, "<td>catalog</td>"));
    // Without the methodology's texts, the English title and description are marked as the English original.
    CHECK(contains(bare, "Reusable transport packaging replacing single-use packaging（英文标题：方法学文件未提供中文标题）"));
    CHECK(contains(bare, "方法学的说明（英文原文；方法学文件未提供中文）：A shipment&#39;s reduction should not exceed"));
    // With them (the methodology file whose digest the statement records), its Chinese title and description.
    statement_render_options o;
    o.methodology_digest = methodology_digest;
    o.methodology_title_zh = "可循环运输包装替代一次性包装";
    o.plausibility_zh = "单次装运的减排量不应超过其所替代的一次性包装的全生命周期碳足迹。";
    const std::string zh = render_statement_html(statement("footprint-statement/1"), "zh", o);
    CHECK(contains(zh, "可循环运输包装替代一次性包装"));
    CHECK_FALSE(contains(zh, "英文标题"));
    CHECK(contains(zh, "方法学的说明：单次装运的减排量不应超过"));
    // Texts of another methodology file (another digest) are not used.
    o.methodology_digest = std::string(64, '0');
    CHECK(contains(render_statement_html(statement("footprint-statement/1"), "zh", o), "英文标题"));
}

TEST_CASE("statement: a customer id cannot end the page's CSS from the printed margins") {
    std::string s = statement("footprint-statement/1");
    const std::string id = "\"chem-jiangsu-01\"";
    s.replace(s.find(id), id.size(), R"("x\"</style><script>alert(1)</script>")");
    const std::string html = render_statement_html(s, "en");
    CHECK(html.find("</style>") == html.rfind("</style>"));  // one: the page's own
    CHECK(contains(html, R"(@top-left{content:"Emission reduction statement · x\22 \3c \2f style\3e \3c script\3e alert\28 1\29 \3c \2f script\3e  ·)"));
}
