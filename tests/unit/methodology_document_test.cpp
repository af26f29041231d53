// Methodologies rendered as documents: expressions as people read them, the
// sections in CDM/CCER order with English or Chinese headings, Markdown tables
// that stay tables whatever the text holds, and HTML that escapes every text
// and loads nothing from the network.

#include <doctest/doctest.h>

#include <algorithm>

#include "footprint/methodology/methodology.hpp"
#include "footprint/render/methodology_document.hpp"

using namespace footprint;

namespace {

const std::filesystem::path source_dir = FOOTPRINT_SOURCE_DIR;

std::string readable(const std::string& text) {
    diagnostics out;
    auto n = expr::parse(text, source_location{"t", 1, 1, {}, {}}, out);
    REQUIRE(n != nullptr);
    return readable_expression(*n);
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// A methodology whose texts hold what Markdown and HTML would take as markup.
const char* const hostile_yaml = R"(id: hostile
version: "1"
title:
  en: "Pipes | <script>alert(1)</script> & *stars*"
  zh: 管道测试
summary: "1. not a list item"
baseline_scenario: "- not a list item either"
functional_unit: "one [link](http://example.com) that is not a link"
applicability:
  - id: A1
    text: "condition with a | pipe"
    check: product == "a|b"
boundary:
  - {scenario: baseline, source: "x | y", gases: [CO2], included: true, why: "because <b>bold</b>"}
parameters:
  fixed:
    - {name: k, description: "a `code` tick", value: 100000, unit: kg, assumption: {text: "t", reason: "r"}}
  monitored:
    - {name: product, description: d, type: product}
    - {name: mass, description: m, type: number, unit: kg, range: [0, 1000000]}
equations:
  - name: E
    term: BE
    text: "equation | text"
    expr: mass * 2 [kg CO2e/kg]
)";

/// Number of cell separators on a Markdown table line: pipes not escaped by a backslash.
std::size_t unescaped_pipes(const std::string& line) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < line.size(); ++i)
        if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++n;
    return n;
}

}  // namespace

TEST_CASE("expressions as people read them") {
    CHECK(readable("a*b - (c - d)/e") == "a × b − (c − d) / e");
    CHECK(readable("a / (b * c)") == "a / (b × c)");
    CHECK(readable("(a + b) * c") == "(a + b) × c");
    CHECK(readable("-x + 300 [km]") == "−x + 300 km");
    CHECK(readable("x <= 1 and y != 2 or not z >= 3") == "(x ≤ 1 and y ≠ 2) or not z ≥ 3");
    CHECK(readable("p == \"steel-drum-208l\"") == "p = \"steel-drum-208l\"");
    CHECK(readable("cfp(p, stage=\"use\", year=year(d))") == "cfp(p, stage = \"use\", year = year(d))");
}

TEST_CASE("a bundled methodology: sections in order, equations, parameters and digest") {
    methodology m = load_methodology(source_dir / "methodologies" / "archive" / "certified-per-trip-factor-1.0.0.yaml");
    std::string md = render_methodology_markdown(m, "en");
    const char* headings[] = {"# Emission reductions from a certified per-trip reduction factor",
                              "## 1 Introduction",
                              "## 2 Scope, applicability and entry into force",
                              "### 2.3 Normative references",
                              "## 3 Definitions",
                              "## 4 Applicability conditions",
                              "## 5 Project boundary",
                              "## 6 Baseline scenario",
                              "## 7 Emission reductions",
                              "### 7.2 Baseline emissions (BE)",
                              "### 7.3 Project emissions (PE)",
                              "### 7.4 Leakage (LE)",
                              "### 7.5 Emission reductions (ER)",
                              "## 8 Data and parameters not monitored",
                              "## 9 Data and parameters monitored",
                              "## 10 Rounding and conservativeness",
                              "## 11 Plausibility check",
                              "## 12 Sources"};
    std::size_t previous = 0;
    for (const char* h : headings) {
        CAPTURE(h);
        const std::string line = std::string(h) + "\n";
        const std::size_t at = md.rfind(line, 0) == 0 ? 0 : md.find("\n" + line);
        REQUIRE(at != std::string::npos);
        if (h != headings[0]) CHECK(at > previous);
        previous = at;
    }
    CHECK(contains(md, "```\nBE_certified = trips × certified_factor\n```"));
    CHECK(contains(md, "```\nER = BE − PE − LE\n```"));
    CHECK(contains(md, "| `certified_reduction_box` | Net reduction per reusable box trip against single-use cartons, "
                       "as certified | 40.99 | kg CO2e | `bsi-box-vs-carton` |"));
    CHECK(contains(md, "| `trips` | Trips of reusable units in the shipment (one unit, one trip each) | integer | 1 | "
                       "1 – 1000000 | counted by the units' tracking devices at dispatch | every shipment |"));
    CHECK(contains(md, "| Leakage | diversion of displaced single-use packaging to other users | CO2 | No |"));
    CHECK(contains(md, "ER ≤ trips × cfp(baseline_product) × capacity(reusable_product) / capacity(baseline_product)"));
    CHECK(contains(md, "`" + m.digest + "`"));
    // The same file always gives the same page.
    CHECK(render_methodology_markdown(load_methodology(source_dir / "methodologies" / "archive" / "certified-per-trip-factor-1.0.0.yaml")) ==
          md);
}

TEST_CASE("Chinese: headings in Chinese, texts from zh: where given, English otherwise") {
    methodology m = load_methodology(source_dir / "methodologies" / "archive" / "reusable-packaging-reduction-1.0.0.yaml");
    std::string md = render_methodology_markdown(m, "zh");
    for (const char* h : {"## 1 摘要", "## 4 适用条件", "## 5 项目边界", "## 6 基准情景", "## 7 减排量计算",
                          "## 8 不需监测的数据和参数", "## 9 需监测的数据和参数", "### 保守性", "## 12 参考文献"}) {
        CAPTURE(h);
        CHECK(contains(md, std::string("\n") + h + "\n"));
    }
    CHECK(md.rfind("# 可循环运输包装替代一次性包装\n", 0) == 0);
    CHECK(contains(md, "| `A2` | 基准包装为目录中的一次性产品。 | `not reusable(baseline_product)` |"));
    // YAML folds the summary's lines with a space, which Chinese does not have: it is dropped
    // between two Chinese characters, and kept at the edge of a bold label, where CommonMark needs it.
    CHECK(contains(md, "的货物。基准排放为同等体积货物所需"));
    CHECK(contains(md, "- **功能单位：** 一个可循环单元交付其容量货物的一次周转"));
    // The equation `goods` has only an English text: it falls back to English.
    CHECK(contains(md, "**公式（2）** `goods`：Volume (or mass) of goods the shipment delivers"));
}

TEST_CASE("unknown format and language are refused with their ids") {
    try {
        (void)parse_document_format("pdf");
        FAIL("no error");
    } catch (const error& e) {
        CHECK(e.problems().front().str() ==
              "<input>: error [footprint.document.format] format: unknown document format (expected md or html, "
              "found 'pdf')");
    }
    CHECK(parse_document_format("markdown") == document_format::markdown);
    CHECK(parse_document_format("html") == document_format::html);

    methodology m = load_methodology(source_dir / "methodologies" / "archive" / "certified-per-trip-factor-1.0.0.yaml");
    try {
        (void)render_methodology_markdown(m, "fr");
        FAIL("no error");
    } catch (const error& e) {
        CHECK(e.problems().front().str() ==
              "<input>: error [footprint.document.language] lang: unknown document language (expected en or zh, "
              "found 'fr')");
    }
}

TEST_CASE("Markdown: texts cannot break tables, start lists or make links") {
    methodology m = load_methodology_yaml(hostile_yaml, "hostile.yaml");
    std::string md = render_methodology_markdown(m, "en");
    CHECK(md.rfind("# Pipes \\| \\<script\\>alert(1)\\</script\\> \\& \\*stars\\*\n", 0) == 0);
    CHECK(contains(md, "\n1\\. not a list item\n"));
    CHECK(contains(md, "\n\\- not a list item either\n"));
    CHECK(contains(md, "one \\[link\\](http://example.com) that is not a link"));
    // Pipes inside cells, code spans included, are escaped, so every row of a
    // table has as many cell separators as its header.
    CHECK(contains(md, "| `A1` | condition with a \\| pipe | `product = \"a\\|b\"` |"));
    CHECK(contains(md, "| `k` | a \\`code\\` tick | 100000 | kg |"));
    std::size_t expected = 0;
    std::size_t start = 0;
    while (start < md.size()) {
        std::size_t end = md.find('\n', start);
        std::string line = md.substr(start, end - start);
        start = end + 1;
        if (line.empty() || line[0] != '|') {
            expected = 0;
            continue;
        }
        CAPTURE(line);
        if (expected == 0)
            expected = unescaped_pipes(line);
        else
            CHECK(unescaped_pipes(line) == expected);
    }
}

TEST_CASE("HTML: one self-contained page, every text escaped") {
    methodology m = load_methodology_yaml(hostile_yaml, "hostile.yaml");
    std::string html = render_methodology_html(m, "en");
    CHECK(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">", 0) == 0);
    CHECK(contains(html, "<title>Pipes | &lt;script&gt;alert(1)&lt;/script&gt; &amp; *stars* (hostile 1)</title>"));
    CHECK(contains(html, "<td>because &lt;b&gt;bold&lt;/b&gt;</td>"));
    CHECK(!contains(html, "<script"));
    CHECK(!contains(html, "<b>"));
    // Nothing is fetched: no external stylesheet, script, image or font.
    CHECK(!contains(html, "<link"));
    CHECK(!contains(html, "src="));
    CHECK(!contains(html, "url("));
    CHECK(!contains(html, "@import"));
    CHECK(contains(html, "<style>"));
    CHECK(html.size() - html.rfind("</html>\n") == std::string("</html>\n").size());
    CHECK(render_methodology_html(m, "zh").rfind("<!DOCTYPE html>\n<html lang=\"zh-CN\">", 0) == 0);
}

TEST_CASE("HTML: a control character from a YAML escape becomes U+FFFD, as in statements") {
    // The YAML reader refuses raw control characters, but a double-quoted
    // escape ("\x07") yields one; HTML cannot carry it (regression: the
    // methodology and CFP documents copied it through, statements did not).
    std::string yaml = hostile_yaml;
    const std::string summary = "summary: \"1. not a list item\"";
    REQUIRE(yaml.find(summary) != std::string::npos);
    yaml.replace(yaml.find(summary), summary.size(), "summary: \"bell\\x07 and delete\\x7F end\"");
    methodology m = load_methodology_yaml(yaml, "control.yaml");
    REQUIRE(m.summary.en == "bell\x07 and delete\x7F end");
    std::string html = render_methodology_html(m, "en");
    CHECK(contains(html, "bell\xEF\xBF\xBD and delete\xEF\xBF\xBD end"));
    CHECK(html.find('\x07') == std::string::npos);
    CHECK(html.find('\x7F') == std::string::npos);
}
