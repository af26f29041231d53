// Statement renderings from the canonical JSON. See statement_render.hpp.

#include "footprint/statement_render.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "footprint/atomic_file.hpp"
#include "footprint/error.hpp"

namespace footprint {

namespace {

using json = nlohmann::json;

json parse(const std::string& text) {
    try {
        return json::parse(text);
    } catch (const json::parse_error& e) {
        throw error("footprint.statement.syntax", {}, std::string("not valid JSON: ") + e.what(), "a statement");
    }
}

std::string tonnes(std::int64_t grams) {
    const bool neg = grams < 0;
    std::uint64_t a = neg ? static_cast<std::uint64_t>(-(grams + 1)) + 1 : static_cast<std::uint64_t>(grams);
    return fmt::format("{}{}.{:06}", neg ? "-" : "", a / 1000000, a % 1000000);
}

std::string escape_html(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string escape_md(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '|' || c == '\\' || c == '*' || c == '_' || c == '`') out += '\\';
        out += c;
    }
    return out;
}

struct labels {
    const char* title;
    const char* customer;
    const char* period;
    const char* methodology;
    const char* factor_set;
    const char* totals;
    const char* baseline;
    const char* project;
    const char* leakage;
    const char* reduction;
    const char* issuable;
    const char* shipments;
    const char* by_month;
    const char* by_product;
    const char* by_stage;
    const char* provenance;
    const char* factors;
    const char* parameters;
    const char* rows;
    const char* digest;
};

const labels& words(const std::string& lang) {
    static const labels en{"Emission reduction statement", "Customer", "Period", "Methodology", "Factor set",
                           "Totals", "Baseline emissions (BE)", "Project emissions (PE)", "Leakage (LE)",
                           "Emission reduction (ER = BE − PE − LE)", "Issuable (whole tonnes, rounded down)", "Shipments",
                           "By month", "By product", "By life-cycle stage", "Provenance", "Emission factors used",
                           "Fixed parameters", "Input rows", "Statement digest"};
    static const labels zh{"减排量声明", "客户", "期间", "方法学", "排放因子集", "合计", "基准排放 (BE)",
                           "项目排放 (PE)", "泄漏 (LE)", "减排量 (ER = BE − PE − LE)", "可签发量（整吨，向下取整）", "装运数",
                           "按月", "按产品", "按生命周期阶段", "数据来源", "所用排放因子", "固定参数", "输入数据行",
                           "声明摘要值"};
    return lang == "zh" ? zh : en;
}

}  // namespace

std::string render_statement_markdown(const std::string& text, const std::string& lang) {
    json s = parse(text);
    const labels& w = words(lang);
    std::string o;
    o += fmt::format("# {}\n\n", w.title);
    o += fmt::format("| | |\n|---|---|\n| {} | {} |\n| {} | {} – {} |\n| {} | {} {} |\n", w.customer,
                     escape_md(s["customer"]), w.period, s["period"]["from"].get<std::string>(),
                     s["period"]["to"].get<std::string>(), w.methodology, escape_md(s["methodology"]["id"]),
                     s["methodology"]["version"].get<std::string>());
    for (const auto& fs : s["factor_sets"])
        o += fmt::format("| {} | {} {} |\n", w.factor_set, escape_md(fs["name"]), fs["version"].get<std::string>());
    o += fmt::format("| GWP | {} |\n| {} | `{}` |\n\n", s["gwp"]["set"].get<std::string>(), w.digest,
                     s["statement_digest"].get<std::string>());
    o += fmt::format("## {}\n\n| | t CO2e | g CO2e |\n|---|---:|---:|\n", w.totals);
    const json& t = s["totals_g"];
    for (auto [key, label] : {std::pair{"baseline", w.baseline}, {"project", w.project}, {"leakage", w.leakage},
                              {"reduction", w.reduction}})
        o += fmt::format("| {} | {} | {} |\n", label, tonnes(t[key]), t[key].get<std::int64_t>());
    o += fmt::format("| {} | {} | |\n| {} | {} | |\n\n", w.issuable, s["issuable_t"].get<std::int64_t>(), w.shipments,
                     s["shipments"].get<std::uint64_t>());
    if (s.contains("note")) o += fmt::format("> {}\n\n", escape_md(s["note"]));
    o += fmt::format("## {}\n\n| | BE t | PE t | LE t | ER t | {} |\n|---|---:|---:|---:|---:|---:|\n", w.by_month, w.shipments);
    for (auto it = s["by_month"].begin(); it != s["by_month"].end(); ++it)
        o += fmt::format("| {} | {} | {} | {} | {} | {} |\n", it.key(), tonnes(it.value()["baseline_g"]),
                         tonnes(it.value()["project_g"]), tonnes(it.value()["leakage_g"]),
                         tonnes(it.value()["reduction_g"]), it.value()["shipments"].get<std::uint64_t>());
    o += fmt::format("\n## {}\n\n", w.by_product);
    for (auto col = s["by_product"].begin(); col != s["by_product"].end(); ++col) {
        o += fmt::format("### {}\n\n| | BE t | PE t | ER t | {} |\n|---|---:|---:|---:|---:|\n", escape_md(col.key()), w.shipments);
        for (auto it = col.value().begin(); it != col.value().end(); ++it)
            o += fmt::format("| {} | {} | {} | {} | {} |\n", escape_md(it.key()), tonnes(it.value()["baseline_g"]),
                             tonnes(it.value()["project_g"]), tonnes(it.value()["reduction_g"]),
                             it.value()["shipments"].get<std::uint64_t>());
        o += "\n";
    }
    o += fmt::format("## {}\n\n| | | t CO2e |\n|---|---|---:|\n", w.by_stage);
    for (auto term = s["by_stage_g"].begin(); term != s["by_stage_g"].end(); ++term)
        for (auto it = term.value().begin(); it != term.value().end(); ++it)
            o += fmt::format("| {} | {} | {} |\n", term.key(), it.key(), tonnes(it.value()));
    o += fmt::format("\n## {}\n\n", w.provenance);
    const json& r = s["rows"];
    o += fmt::format("- {}: {} in the file, {} accepted, {} rejected (reconciles: {}); {} in this statement\n",
                     w.rows, r["in_file"].get<std::uint64_t>(), r["accepted_in_file"].get<std::uint64_t>(),
                     r["rejected_in_file"].get<std::uint64_t>(), r["reconciles"].get<bool>() ? "yes" : "no",
                     r["in_statement"].get<std::uint64_t>());
    o += fmt::format("- input rows digest `{}`\n- methodology digest `{}`\n", s["input_rows_digest"].get<std::string>(),
                     s["methodology"]["digest"].get<std::string>());
    for (const auto& fs : s["factor_sets"]) o += fmt::format("- factor set digest `{}`\n", fs["digest"].get<std::string>());
    o += fmt::format("- plausibility: {} shipments above the limit ({})\n\n",
                     s["plausibility"]["implausible_shipments"].get<std::uint64_t>(),
                     escape_md(s["plausibility"]["rule"]));
    o += fmt::format("### {}\n\n| | value | unit | source |\n|---|---:|---|---|\n", w.factors);
    for (const auto& f : s["factors_used"])
        o += fmt::format("| {} | {} | {} | {} |\n", escape_md(f["label"]), f["value"].get<std::string>(),
                         escape_md(f["unit"]), escape_md(f["source"]));
    o += fmt::format("\n### {}\n\n| | value | unit | source |\n|---|---:|---|---|\n", w.parameters);
    for (const auto& f : s["parameters"])
        o += fmt::format("| {} | {} | {} | {} |\n", escape_md(f["label"]), f["value"].get<std::string>(),
                         escape_md(f["unit"]), escape_md(f["source"]));
    return o;
}

std::string render_statement_csv(const std::string& text) {
    json s = parse(text);
    std::string o = "section,key,baseline_g,project_g,leakage_g,reduction_g,shipments\n";
    auto quote = [](const std::string& v) {
        if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
        std::string q = "\"";
        for (char c : v) {
            if (c == '"') q += '"';
            q += c;
        }
        return q + "\"";
    };
    auto row = [&](const std::string& section, const std::string& key, const json& v) {
        o += fmt::format("{},{},{},{},{},{},{}\n", quote(section), quote(key), v["baseline_g"].get<std::int64_t>(),
                         v["project_g"].get<std::int64_t>(), v["leakage_g"].get<std::int64_t>(),
                         v["reduction_g"].get<std::int64_t>(), v["shipments"].get<std::uint64_t>());
    };
    const json& t = s["totals_g"];
    o += fmt::format("total,{},{},{},{},{},{}\n", quote(s["customer"]), t["baseline"].get<std::int64_t>(),
                     t["project"].get<std::int64_t>(), t["leakage"].get<std::int64_t>(), t["reduction"].get<std::int64_t>(),
                     s["shipments"].get<std::uint64_t>());
    for (auto it = s["by_month"].begin(); it != s["by_month"].end(); ++it) row("month", it.key(), it.value());
    for (auto col = s["by_product"].begin(); col != s["by_product"].end(); ++col)
        for (auto it = col.value().begin(); it != col.value().end(); ++it) row(col.key(), it.key(), it.value());
    return o;
}

std::string render_statement_html(const std::string& text, const std::string& lang) {
    json s = parse(text);
    const labels& w = words(lang);
    const json& t = s["totals_g"];
    std::string o;
    o += "<!DOCTYPE html>\n<html lang=\"" + std::string(lang == "zh" ? "zh" : "en") + "\">\n<head>\n<meta charset=\"utf-8\">\n";
    o += "<title>" + escape_html(w.title) + " — " + escape_html(s["customer"]) + "</title>\n";
    o += "<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}"
         "td,th{border:1px solid #ccc;padding:4px 8px}td.n{text-align:right;font-variant-numeric:tabular-nums}"
         "@media print{body{margin:0}}</style>\n</head>\n<body>\n";
    o += "<h1>" + escape_html(w.title) + "</h1>\n<table>\n";
    o += "<tr><th>" + escape_html(w.customer) + "</th><td id=\"customer\">" + escape_html(s["customer"]) + "</td></tr>\n";
    o += "<tr><th>" + escape_html(w.period) + "</th><td>" + escape_html(s["period"]["from"]) + " – " +
         escape_html(s["period"]["to"]) + "</td></tr>\n";
    o += "<tr><th>" + escape_html(w.methodology) + "</th><td>" + escape_html(s["methodology"]["id"]) + " " +
         escape_html(s["methodology"]["version"]) + "</td></tr>\n</table>\n";
    o += "<h2>" + escape_html(w.totals) + "</h2>\n<table>\n";
    for (auto [key, label] : {std::pair{"baseline", w.baseline}, {"project", w.project}, {"leakage", w.leakage},
                              {"reduction", w.reduction}})
        o += fmt::format("<tr><th>{}</th><td class=\"n\" id=\"total-{}\" data-grams=\"{}\">{} t CO2e</td></tr>\n",
                         escape_html(label), key, t[key].get<std::int64_t>(), tonnes(t[key]));
    o += fmt::format("<tr><th>{}</th><td class=\"n\" id=\"issuable\">{}</td></tr>\n", escape_html(w.issuable),
                     s["issuable_t"].get<std::int64_t>());
    o += "</table>\n<p>" + escape_html(w.digest) + ": <code id=\"digest\">" + escape_html(s["statement_digest"]) +
         "</code></p>\n</body>\n</html>\n";
    return o;
}

std::string find_chromium() {
    const char* path = std::getenv("PATH");
    if (path == nullptr) return {};
    std::string p = path;
    for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
        std::size_t start = 0;
        while (start <= p.size()) {
            std::size_t end = p.find(':', start);
            std::string dir = p.substr(start, end == std::string::npos ? std::string::npos : end - start);
            std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
            if (::access(candidate.c_str(), X_OK) == 0) return candidate;
            if (end == std::string::npos) break;
            start = end + 1;
        }
    }
    return {};
}

void render_statement_pdf(const std::string& text, const std::string& lang, const std::filesystem::path& pdf) {
    std::string chromium = find_chromium();
    if (chromium.empty())
        throw error("footprint.render.no-chromium", source_location{pdf.string(), 0, 0, {}, {}},
                    "PDF needs headless Chromium, which is not installed",
                    "Debian's chromium package (apt-get install chromium), or another format");
    auto dir = std::filesystem::temp_directory_path() / ("footprint-pdf-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto html = dir / "statement.html";
    write_file_atomically(html, render_statement_html(text, lang));
    auto tmp_pdf = pdf.parent_path() / ("." + pdf.filename().string() + ".tmp-" + std::to_string(::getpid()));
    std::string cmd = "'" + chromium + "' --headless --no-sandbox --disable-gpu --no-first-run "
                      "--disable-background-networking --disable-component-update --disable-sync "
                      "--user-data-dir='" + (dir / "profile").string() + "' --no-pdf-header-footer --print-to-pdf='" +
                      tmp_pdf.string() + "' 'file://" + html.string() + "' >/dev/null 2>&1";
    int rc = std::system(cmd.c_str());
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    if (rc != 0 || !std::filesystem::exists(tmp_pdf)) {
        std::filesystem::remove(tmp_pdf, ec);
        throw error("footprint.render.pdf", source_location{pdf.string(), 0, 0, {}, {}}, "Chromium could not print the PDF",
                    "a working headless Chromium", std::to_string(rc));
    }
    std::filesystem::rename(tmp_pdf, pdf);
}

}  // namespace footprint
